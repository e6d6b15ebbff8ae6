"""The Midjourney page of the Images tab: the form on the left; on the right this family's jobs (live,
from the window's one job model, so a job a restart resumed or the CLI started shows too) over the job
picked there (`MidjourneyTaskView`).

Everything paid goes through the task bridge: a submit, a button pressed on a finished grid (its customId
as the service sent it) and the answer to the window a button opened (Vary (Region)'s mask, Custom
Zoom's prompt), which continues the job that waits. Results reach the gallery from the library's
change events; each upscale, variation or zoom is its own asset linked to the picture it came from.
"""

from __future__ import annotations

import asyncio
import itertools
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...api.errors import StudioError
from ...core.library import Asset
from ...core.midjourney import FAMILY, build_region_mask, fetch_preview, lineage, split_prompts, step_name, task_view
from ...core.tasks import Job, JobState, JobUpdate
from ...qt.async_tasks import load_api
from ...qt.messages import translated
from ...qt.operation import Operation
from ...qt.task_bridge import JobRequest
from ..tab import TabContext
from ..tasks.tasks_tab import RawJsonDialog
from ..widgets.job_delegates import THUMB_SIZE, ProgressDelegate, ThumbnailDelegate
from ..widgets.job_model import Column, JobFilterProxy
from ..widgets.paid_gate import before_paying, prompt_of
from ..widgets.panes import scrolling, splitter, titled
from ..widgets.prompt_menu import add_moderation_check
from ..widgets.thumbnails import scaled_image
from .midjourney_form import MidjourneyForm
from .midjourney_task import PICTURE, MidjourneyTaskView

WINDOW_STATUS = "MODAL"
QUIET_STATUSES = frozenset({"SUCCESS", "IN_PROGRESS", "FAILURE", "SUBMITTED", "NOT_START"})
"""Service words the state already says; others (MODAL, CANCEL, unknown ones) are shown as sent."""


def job_table(model: JobFilterProxy) -> QTableView:
    """A compact table of one family's jobs: thumbnail, title, state, progress, details."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(THUMB_SIZE.height() + 8)
    view.setItemDelegateForColumn(Column.RESULT, ThumbnailDelegate(view))
    view.setItemDelegateForColumn(Column.PROGRESS, ProgressDelegate(view))
    view.setColumnHidden(Column.TIME, True)
    view.setColumnHidden(Column.SERVICE, True)
    header = view.horizontalHeader()
    header.setStretchLastSection(True)
    header.setHighlightSections(False)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    for column, width in ((Column.RESULT, THUMB_SIZE.width() + 8), (Column.PROMPT, 170), (Column.STATUS, 90),
                          (Column.PROGRESS, 80)):  # fmt: skip
        view.setColumnWidth(column, width)
    header.setSectionResizeMode(Column.RESULT, QHeaderView.ResizeMode.Fixed)
    return view


class MidjourneyPanel(QWidget):
    status = Signal(str)
    resultsSaved = Signal(list)  # list[int]: the assets of a job this page started, once it is done

    def __init__(self, context: TabContext, scratch: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.scratch = scratch
        self.started: set[int] = set()
        """Jobs sent from this page (their windows open by themselves; their results are selected)."""
        self.asked: set[int] = set()
        """Jobs whose window (region painter, prompt) was opened once already."""
        self.shown: int | None = None
        self._picture_of: tuple[int, int] | None = None
        """(job id, asset id) of the finished picture on screen."""
        self._preview_url = ""
        self._painting: tuple[int, tuple[int, int]] | None = None
        """(job id, picture size) of the window the region painter answers."""
        self._masks = itertools.count(1)
        self._build()
        self._connect()

    def _build(self) -> None:
        self.form = MidjourneyForm()
        form_scroll = scrolling(self.form, 340)
        self.jobs = JobFilterProxy(self)
        self.jobs.setSourceModel(self.context.jobs)
        self.jobs.set_families(frozenset({FAMILY}))
        self.job_view = job_table(self.jobs)
        self.job_view.setAccessibleName(self.tr("Midjourney jobs"))
        self.task = MidjourneyTaskView()
        jobs_box = titled(self.tr("Midjourney jobs"), self.job_view)
        self.right = splitter(Qt.Orientation.Vertical, (jobs_box, 1), (self.task, 3))
        self.right.setSizes([190, 560])  # four rows of jobs over the picture (the user's split is kept)
        self.split = splitter(Qt.Orientation.Horizontal, (form_scroll, 2), (self.right, 3))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.split)

    def _connect(self) -> None:
        add_moderation_check(self.form.prompt, self.context.check_text)
        self.form.submit_button.clicked.connect(
            lambda: before_paying(
                self, self.context.workspace, lambda: prompt_of(self.form.request()), self.submit_form
            )
        )
        self.form.refused.connect(self.status)
        self.job_view.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.jobs.rowsInserted.connect(self._rows_inserted)
        self.task.buttonPressed.connect(self.press)
        self.task.promptChosen.connect(self._prompt_chosen)
        self.task.cancelRequested.connect(self.cancel_shown)
        self.task.rawRequested.connect(self.show_raw_json)
        self.task.zoomAnswered.connect(self.answer_prompt)
        self.task.regionRequested.connect(self._open_region_of_shown)
        self.task.painter.sendRequested.connect(self.send_region)
        self.context.events.jobUpdated.connect(self._job_updated)
        self.context.tasks.ready.connect(self._show_newest)

    # sending -------------------------------------------------------------------------------------

    def _send(self, request: JobRequest) -> int | None:
        try:
            job_id = self.context.tasks.submit(request)
        except StudioError as error:
            self.form.show_problem(translated(error))
            self.status.emit(translated(error))
            return None
        self.started.add(job_id)
        self.show_job(job_id)
        return job_id

    def submit_form(self) -> int | None:
        job_id = self._send(self.form.request())
        if job_id is not None:
            self.status.emit(self.tr("Sent to Midjourney; its progress shows on the right."))
        return job_id

    def press(self, custom_id: str) -> int | None:
        """A button of the shown task: its customId goes to /mj/submit/action exactly as the service sent it."""
        job = self._job(self.shown)
        if job is None or not job.task_id:
            return None
        params = {"task_id": job.task_id, "custom_id": custom_id, "speed": job.parameters.get("speed")}
        return self._send(JobRequest(FAMILY, "action", params))

    def answer_prompt(self, prompt: str) -> int | None:
        """The prompt a window waits for (Custom Zoom, a described prompt): the waiting job carries on."""
        job = self._job(self.shown)
        if job is None or not job.task_id:
            return None
        params = {"task_id": job.task_id, "prompt": prompt, "speed": job.parameters.get("speed")}
        return self._send(JobRequest(FAMILY, "modal", params))

    def send_region(self) -> Operation[Path] | None:
        """The painted region as a mask of the picture's exact size (white = repaint), then /mj/submit/modal."""
        job = self._job(self.shown)
        canvas = self.task.painter.canvas
        if job is None or not job.task_id or not canvas.has_paint():
            return None
        painted, size = canvas.painted(), canvas.image_size()
        target = self.scratch / f"region-{job.id}-{next(self._masks)}.png"
        prompt = self.task.painter.prompt.text().strip()
        task_id, speed = job.task_id, job.parameters.get("speed")
        self.task.painter.send_button.setEnabled(False)

        def sent(mask: Path) -> None:
            params = {"task_id": task_id, "prompt": prompt or None, "mask": str(mask), "speed": speed}
            if self._send(JobRequest(FAMILY, "modal", params)) is not None:
                self.task.show_task()

        return (
            Operation.in_thread(self, lambda _progress: build_region_mask(painted, size, target))
            .success(sent)
            .failure(lambda error: self.form.show_problem(translated(error)))
            .finished(lambda: self.task.painter.send_button.setEnabled(canvas.has_paint()))
            .run()
        )

    def cancel_shown(self) -> None:
        if self.shown is not None:
            self.context.tasks.cancel(self.shown)

    def cancel(self) -> None:
        """On quit: nothing to stop here (jobs belong to the engine, which resumes them next time)."""

    # showing a job -------------------------------------------------------------------------------

    def _job(self, job_id: int | None) -> Job | None:
        return self.context.tasks.job(job_id) if job_id is not None else None

    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        job_id = self.jobs.job_id(current) if current.isValid() else None
        if job_id is not None and job_id != self.shown:
            self.show_job(job_id)

    def _rows_inserted(self, *_: object) -> None:
        if self.shown is None:
            self._show_newest()
        else:
            self._select_row(self.shown)

    def _show_newest(self) -> None:
        if self.shown is None and self.jobs.rowCount() > 0:
            job_id = self.jobs.job_id(self.jobs.index(0, 0))
            if job_id is not None:
                self.show_job(job_id)

    def _select_row(self, job_id: int) -> None:
        for row in range(self.jobs.rowCount()):
            index = self.jobs.index(row, 0)
            if self.jobs.job_id(index) == job_id:
                if self.job_view.currentIndex().row() != row:
                    self.job_view.selectionModel().blockSignals(True)
                    self.job_view.selectRow(row)
                    self.job_view.selectionModel().blockSignals(False)
                return

    def show_job(self, job_id: int) -> None:
        if job_id != self.shown:
            self.shown = job_id
            self._picture_of = None
            self._preview_url = ""
            self.task.clear()
        self._select_row(job_id)
        self.refresh()

    def _job_updated(self, update: JobUpdate) -> None:
        if update.family != FAMILY:
            return
        if update.job_id in self.started and update.state is JobState.DONE and update.asset_ids:
            self.resultsSaved.emit(list(update.asset_ids))
        waits = update.state is JobState.NEEDS_ATTENTION and (update.remote_status or "").upper() == WINDOW_STATUS
        if waits and update.job_id in self.started and update.job_id != self.shown:
            self.show_job(update.job_id)  # the window a button of mine opened comes up by itself
        elif update.job_id == self.shown:
            self.refresh()

    def refresh(self) -> None:
        job = self._job(self.shown)
        if job is None:
            return
        task = task_view(job.raw)
        rows = self.context.jobs
        active = not job.state.finished
        state = rows.state_text(job.state)
        if job.remote_status and job.remote_status.upper() not in QUIET_STATUSES:
            state += f" ({job.remote_status})"
        if active and job.progress is not None:
            state += f" · {job.progress:.0f}%"
        self.task.title.setText(job.title)
        self.task.set_state(state, job.progress, active=active, has_raw=job.raw is not None)
        waits = job.state is JobState.NEEDS_ATTENTION and (job.remote_status or "").upper() == WINDOW_STATUS
        problem = job.state in (JobState.FAILED, JobState.NEEDS_ATTENTION, JobState.CANCELLED) and not waits
        self.task.set_reason(translated(job.sentences) or job.message if problem else None)
        assets = self._assets(job)
        picture = next((asset for asset in assets if asset.kind == "image" and asset.path is not None), None)
        text = next((asset for asset in assets if asset.kind == "text"), None)
        if picture is not None:
            self._show_picture(job, picture)
        elif active:
            self.task.set_buttons([])
            url = str(task.get("imageUrl") or "")
            if url and url != self._preview_url and job.state is JobState.RUNNING:
                self._fetch_preview(job.id, url)
            elif not self._preview_url:
                self.task.set_picture(None, self.tr("Waiting for Midjourney…"))
        else:
            self.task.set_buttons([])
            self.task.set_picture(None)  # a partial preview of a task that failed is no result
        self.task.set_prompts(split_prompts(text.text) if text is not None and text.text else [])
        self.task.zoom_row.hide()
        self.task.ask_region(False)
        if waits:
            self._ask_window(job, task)

    def _assets(self, job: Job) -> list[Asset]:
        found = []
        for asset_id in job.asset_ids:
            try:
                found.append(self.context.workspace.library.get(asset_id))
            except KeyError:
                continue
        return found

    def _show_picture(self, job: Job, picture: Asset) -> None:
        buttons = [b for b in picture.parameters.get("buttons") or [] if isinstance(b, dict)]
        self.task.set_buttons(buttons)
        self.task.set_lineage(self._steps(picture))
        if self._picture_of == (job.id, picture.id) or picture.path is None:
            return
        self._picture_of = (job.id, picture.id)
        path, size = picture.path, f"{picture.width}×{picture.height}" if picture.width else ""
        Operation.in_thread(self, lambda _progress: scaled_image(path, PICTURE)).success(
            lambda image: self._picture_loaded(job.id, image, size)
        ).run()

    def _picture_loaded(self, job_id: int, image: QImage, note: str) -> None:
        if job_id == self.shown:
            self.task.set_picture(image, note)

    def _fetch_preview(self, job_id: int, url: str) -> None:
        self._preview_url = url
        folder = self.scratch / "previews"

        async def work(_progress: object) -> QImage:
            await load_api()
            path = await fetch_preview(self.context.workspace.api(), url, folder)
            try:
                return await asyncio.to_thread(scaled_image, path, PICTURE)
            finally:
                path.unlink(missing_ok=True)

        Operation(self, work).success(lambda image: self._preview_loaded(job_id, image)).failure(
            lambda _error: None  # a preview is a courtesy: the result is what counts
        ).run()

    def _preview_loaded(self, job_id: int, image: QImage) -> None:
        job = self._job(job_id)
        if job_id == self.shown and job is not None and not job.state.finished and self._picture_of is None:
            self.task.set_picture(image, self.tr("Preview: the picture so far"))

    def _steps(self, picture: Asset) -> list[str]:
        chain = lineage(self.context.workspace.library, picture)
        steps = []
        for parent, asset in zip([None, *chain[:-1]], chain, strict=True):
            job = self._job(asset.parameters.get("job_id")) if isinstance(asset.parameters.get("job_id"), int) else None
            custom_id = job.parameters.get("custom_id") if job is not None else None
            steps.append(step_name(asset, parent, custom_id))
        return steps

    # the window a button opened ------------------------------------------------------------------

    def _ask_window(self, job: Job, task: dict[str, Any]) -> None:
        action = str(task.get("action") or "").upper()
        if action == "INPAINT":
            self.task.ask_region(True)
            self.task.set_reason(self.tr("Midjourney waits for the region to repaint: paint it on the picture."))
            if job.id in self.started and job.id not in self.asked:
                self.asked.add(job.id)
                self.open_region(job)
            return
        prompt = str(task.get("promptEn") or task.get("prompt") or "")
        if action == "ZOOM":
            text = self.tr("Custom Zoom: the prompt for the zoomed-out picture, with --zoom between 1 and 2.")
            if "--zoom" not in prompt:
                prompt = f"{prompt} --zoom 2".strip()
        else:
            text = self.tr("Midjourney waits for the prompt to imagine with; change it or send it as it is.")
        self.task.ask_prompt(text, prompt)

    def _open_region_of_shown(self) -> None:
        job = self._job(self.shown)
        if job is not None:
            self.open_region(job)

    def open_region(self, job: Job) -> Operation[QImage] | None:
        """The picture the button was pressed on, in the region painter."""
        pressed_on = str(job.parameters.get("task_id") or "")
        library = self.context.workspace.library
        pictures = [a for a in library.find_by_task(FAMILY, pressed_on) if a.kind == "image" and a.path is not None]
        if not pictures or pictures[0].path is None:
            self.task.set_reason(self.tr("The picture this button belongs to is not in the library, so there is "
                                         "nothing to paint on."))  # fmt: skip
            return None
        path, prompt = pictures[0].path, pictures[0].prompt
        return (
            Operation.in_thread(self, lambda _progress: QImage(str(path)))
            .success(lambda image: self._region_loaded(job.id, image, prompt))
            .run()
        )

    def _region_loaded(self, job_id: int, image: QImage, prompt: str) -> None:
        if job_id == self.shown and not image.isNull():
            self.task.show_painter(image, prompt)
            self.status.emit(self.tr("Paint the area to repaint, then press Repaint the region."))

    def _prompt_chosen(self, prompt: str) -> None:
        self.form.use_prompt(prompt)
        self.status.emit(self.tr("The prompt is in Imagine; change it or send it."))

    def show_raw_json(self) -> RawJsonDialog | None:
        job = self._job(self.shown)
        if job is None:
            return None
        dialog = RawJsonDialog(job.title, job.raw_json, self)
        dialog.show()
        return dialog

    # from the gallery ----------------------------------------------------------------------------

    def reuse(self, asset: Asset) -> None:
        job_id = asset.parameters.get("job_id")
        job = self._job(job_id) if isinstance(job_id, int) else None
        self.form.reuse(asset, job.parameters if job is not None else {})
        self.status.emit(self.tr("The prompt and settings of this result are back in the form"))

    def sizeHint(self) -> QSize:
        return QSize(1000, 700)
