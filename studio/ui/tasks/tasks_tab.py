"""The Tasks panel (shown in a dock): every music, image and video job with its state, progress, time
and result. It shows the window's shared job model; opening a result happens in the app."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPoint, QSize, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QDesktopServices,
    QFontDatabase,
    QGuiApplication,
    QPainter,
    QPaintEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...api.errors import StudioError
from ...core.library import Asset, link_out, readable_name
from ...core.tasks import CLOSED_STATES
from ...qt.messages import translated
from ...qt.operation import Operation
from ..tab import StudioTab, TabContext
from ..widgets.dialogs import confirm, pick_save_path
from ..widgets.job_delegates import THUMB_SIZE, ProgressDelegate, ThumbnailDelegate
from ..widgets.job_model import Column, Group, JobFilterProxy, JobRow

TICK_MS = 1000
ANIMATION_MS = 80


class JobTableView(QTableView):
    """The table, with a sentence in place of rows when there is nothing to show."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty_text = ""

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if model is not None and model.rowCount() == 0 and self.empty_text:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().placeholderText().color())
            box = self.viewport().rect().adjusted(24, 12, -24, -12)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.empty_text)
            painter.end()


class RawJsonDialog(QDialog):
    """What the service last said about a task, as it said it (non-modal)."""

    def __init__(self, title: str, raw_json: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Raw JSON: {title}").format(title=title))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(640, 520)
        self.text = QPlainTextEdit(raw_json)
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton(self.tr("Copy"), QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(raw_json))
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)


class TasksTab(StudioTab):
    """One row per job, newest first; filters, a context menu, and a notice when a job ends out of sight."""

    def __init__(self, context: TabContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.bridge = context.tasks
        self.model = context.jobs
        self.proxy = JobFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.confirm_box: QMessageBox | None = None

        self.filter_buttons = QButtonGroup(self)
        self.filter_buttons.setExclusive(True)
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 4, 6, 2)
        for group, label in (
            (Group.ALL, self.tr("All")),
            (Group.ACTIVE, self.tr("Active")),
            (Group.DONE, self.tr("Done")),
            (Group.PROBLEMS, self.tr("Failed & attention")),
        ):
            button = QToolButton()
            button.setText(label.replace("&", "&&"))  # a literal "&", not a mnemonic
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.setChecked(group is Group.ALL)
            self.filter_buttons.addButton(button, group)
            bar.addWidget(button)
        self.filter_buttons.idClicked.connect(lambda group: self.set_group(Group(group)))
        bar.addSpacing(12)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Filter by prompt, service or task id"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._text_changed)
        bar.addWidget(self.search, 1)

        self.view = JobTableView()
        self.view.setAccessibleName(self.tr("Jobs"))
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setShowGrid(False)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setIconSize(QSize(18, 18))
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.doubleClicked.connect(self._double_clicked)
        self.view.verticalHeader().hide()
        rows = self.view.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(THUMB_SIZE.height() + 8)
        self.view.setItemDelegateForColumn(Column.RESULT, ThumbnailDelegate(self.view))
        self.view.setItemDelegateForColumn(Column.PROGRESS, ProgressDelegate(self.view))
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        for column, width in (
            (Column.RESULT, THUMB_SIZE.width() + 8),
            (Column.SERVICE, 120),
            (Column.PROMPT, 280),
            (Column.STATUS, 120),
            (Column.PROGRESS, 140),
            (Column.TIME, 90),
        ):
            self.view.setColumnWidth(column, width)
        header.setSectionResizeMode(Column.RESULT, QHeaderView.ResizeMode.Fixed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.view)
        self._update_empty_text()

        self.model.rowsInserted.connect(self._wake_timers)
        self.model.modelReset.connect(self._wake_timers)
        self.model.dataChanged.connect(self._wake_timers)
        self.proxy.rowsInserted.connect(self._update_empty_text)
        self.proxy.rowsRemoved.connect(self._update_empty_text)
        self.proxy.modelReset.connect(self._update_empty_text)
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._on_tick)
        self._animation = QTimer(self)
        self._animation.setInterval(ANIMATION_MS)
        self._animation.timeout.connect(self._on_animation)

    # the tab contract ----------------------------------------------------------------------------

    def stop(self) -> None:
        self._tick.stop()
        self._animation.stop()

    # filters -------------------------------------------------------------------------------------

    def set_group(self, group: Group) -> None:
        self.filter_buttons.button(group).setChecked(True)
        self.proxy.set_group(group)
        self._update_empty_text()

    def _text_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_empty_text()

    def _update_empty_text(self) -> None:
        if self.model.rowCount() == 0:
            text = self.tr("No tasks yet. Music, images and videos you create appear here while they are made.")
        else:
            text = self.tr("No tasks match this filter.")
        self.view.empty_text = text
        self.view.viewport().update()

    def visible_job_ids(self) -> list[int]:
        return self.proxy.visible_ids()

    # updates -------------------------------------------------------------------------------------

    def _wake_timers(self, *_: object) -> None:
        if not self._tick.isActive() and any(row.active for row in self.model.rows()):
            self._tick.start()
        if not self._animation.isActive() and any(row.active and row.percent is None for row in self.model.rows()):
            self._animation.start()

    def _on_tick(self) -> None:
        if not self.model.tick():
            self._tick.stop()

    def _on_animation(self) -> None:
        if not self.isVisible():
            self._animation.stop()  # restarted by the next update
            return
        if not self.model.animate():
            self._animation.stop()

    # actions -------------------------------------------------------------------------------------

    def _context_menu(self, position: QPoint) -> None:
        job_id = self.proxy.job_id(self.view.indexAt(position))
        if job_id is None:
            return
        menu = self.menu_for(job_id)
        menu.popup(self.view.viewport().mapToGlobal(position))

    def menu_for(self, job_id: int) -> QMenu:
        row = self.model.job_row(job_id)
        assert row is not None
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        has_file = self._first_asset(row) is not None
        open_result = menu.addAction(self.tr("Open result"), lambda: self.open_result(job_id))
        open_result.setEnabled(has_file)
        save_copy = menu.addAction(self.tr("Save a copy as…"), lambda: self.save_copy(job_id))
        save_copy.setEnabled(has_file)
        open_folder = menu.addAction(self.tr("Show in folder"), lambda: self.open_result_folder(job_id))
        open_folder.setEnabled(has_file)
        menu.addSeparator()
        cancel = menu.addAction(self.tr("Cancel"), lambda: self.bridge.cancel(job_id))
        cancel.setEnabled(row.state not in CLOSED_STATES)
        retry = menu.addAction(self.tr("Retry (new paid request)…"), lambda: self.confirm_retry(job_id))
        retry.setEnabled(row.state.finished)
        menu.addSeparator()
        copy = menu.addAction(self.tr("Copy task id"), lambda: QGuiApplication.clipboard().setText(row.task_id or ""))
        copy.setEnabled(bool(row.task_id))
        menu.addAction(self.tr("Show raw JSON"), lambda: self.show_raw_json(job_id))
        return menu

    def _double_clicked(self, index: QModelIndex) -> None:
        job_id = self.proxy.job_id(index)
        if job_id is not None:
            self.open_result(job_id)

    def _first_asset(self, row: JobRow) -> Asset | None:
        for asset_id in row.asset_ids:
            try:
                asset = self.workspace.library.get(asset_id)
            except KeyError:
                continue
            if asset.path is not None and asset.path.exists():
                return asset
        return None

    def open_result(self, job_id: int) -> QWidget | None:
        """Open the job's first result in the app: a picture in a viewer, sound and video in a player."""
        row = self.model.job_row(job_id)
        asset = self._first_asset(row) if row is not None else None
        if asset is None or asset.path is None:
            self.status.emit(self.tr("This task has no result on disk yet."))
            return None
        title = asset.title or (row.title if row is not None else "")
        if asset.kind == "image":
            from ..widgets.image_viewer import ImageWindow  # QGraphicsView's classes load on first use

            window: QWidget = ImageWindow(asset.path, title, self)
        elif asset.kind in ("audio", "video"):
            from ..widgets.media_window import MediaWindow  # QtMultimedia loads on first use, not at start-up

            window = MediaWindow(asset.path, title, video=asset.kind == "video", parent=self)
        else:
            if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(asset.path))):
                self.status.emit(self.tr("No program on this computer opens this file."))
            return None
        window.show()
        return window

    def open_result_folder(self, job_id: int) -> Operation[Path] | None:
        """Show the result in the file manager under a readable name (the library names files by content)."""
        row = self.model.job_row(job_id)
        asset = self._first_asset(row) if row is not None else None
        if asset is None:
            return None
        folder = self.workspace.settings.paths.data_dir / "Results"
        return (
            Operation.in_thread(self, lambda _progress: link_out(asset, folder))
            .success(self._reveal)
            .failure(lambda error: self.status.emit(translated(error)))
            .run()
        )

    def _reveal(self, path: Path) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent))):
            self.status.emit(self.tr("No file manager could be opened; the file is {path}").format(path=path))

    def save_copy(self, job_id: int) -> None:
        row = self.model.job_row(job_id)
        asset = self._first_asset(row) if row is not None else None
        if asset is None or asset.path is None:
            return
        source = asset.path
        suggested = str(Path.home() / f"{readable_name(asset)}.{asset.ext}")
        pick_save_path(self, self.tr("Save a copy"), suggested, lambda target: self.copy_to(source, target))

    def copy_to(self, source: Path, target: Path) -> Operation[None]:
        def copy(_progress: object) -> None:
            shutil.copyfile(source, target)

        return (
            Operation.in_thread(self, copy)
            .success(lambda _: self.status.emit(self.tr("Saved {path}").format(path=target)))
            .failure(lambda error: self.status.emit(translated(error)))
            .run()
        )

    def confirm_retry(self, job_id: int) -> None:
        """Ask first (without blocking): a retry is sent to the service again and paid for again."""
        row = self.model.job_row(job_id)
        if row is None:
            return
        text = self.tr("“{title}” will be sent to {service} again as a new task, and the service charges again.")
        self.confirm_box = confirm(
            self,
            self.tr("Retry as a new paid request?"),
            text.format(title=row.title, service=self.model.service_label(row)),
            self.tr("Retry (new paid request)"),
            lambda: self._retry(job_id),
            informative=self.tr("The old task stays in the list as it is."),
        )
        self.confirm_box.finished.connect(lambda _result: setattr(self, "confirm_box", None))

    def _retry(self, job_id: int) -> None:
        try:
            self.bridge.retry(job_id)
        except StudioError as error:
            self.status.emit(translated(error))

    def show_raw_json(self, job_id: int) -> RawJsonDialog | None:
        job = self.bridge.job(job_id)
        if job is None:
            return None
        text = job.raw_json if job.raw is not None else self.tr("The service has not reported on this task yet.")
        dialog = RawJsonDialog(job.title, text, self)
        dialog.show()
        return dialog
