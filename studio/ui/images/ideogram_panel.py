"""The Ideogram page of the Images tab: generate (aspect ratio, model, magic prompt, style, negative prompt,
seed, number of images), remix (a picture, a prompt and how much of the picture to keep), upscale
(resemblance, detail) and describe; under the form, this family's jobs and the results of the one picked.

Ideogram answers at once (the `Api-Key` header is the api layer's business); the task engine still
writes the job first and keeps the reply. A picture the service withheld (`is_image_safe: false`) shows as
a blocked tile with the reason, never as a broken image; a description is a list of prompts to use.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from ...api.errors import StudioError
from ...api.ideogram import ASPECT_RATIOS, MODELS
from ...core.library import Asset
from ...core.midjourney import split_prompts
from ...core.tasks import Job, JobState, JobUpdate
from ...qt.messages import translated
from ...qt.operation import Operation
from ...qt.task_bridge import JobRequest
from ..tab import TabContext
from ..tasks.tasks_tab import RawJsonDialog
from ..video.frame_slot import FrameSlot
from ..widgets.paid_gate import before_paying, prompt_of
from ..widgets.panes import scrolling, splitter, titled
from ..widgets.prompt_menu import add_moderation_check
from ..widgets.thumbnails import scaled_image
from .midjourney_panel import job_table

FAMILY = "ideogram"
KINDS = ("generate", "remix", "upscale", "describe")
MAGIC_PROMPT = ("AUTO", "ON", "OFF")
STYLES = ("AUTO", "GENERAL", "REALISTIC", "DESIGN", "RENDER_3D", "ANIME")
MAX_IMAGES = 8
TILE = QSize(150, 150)
BLOCKED_ROLE = Qt.ItemDataRole.UserRole + 1
ASSET_ID_ROLE = Qt.ItemDataRole.UserRole + 2


def _option(values: tuple[str, ...], default: str, labels: dict[str, str] | None = None) -> QComboBox:
    """A choice of the gateway's values, shown by `labels` (the value itself where it has none)."""
    combo = QComboBox()
    combo.addItem(default, None)
    for value in values:
        combo.addItem((labels or {}).get(value, value), value)
        combo.setItemData(combo.count() - 1, value, Qt.ItemDataRole.ToolTipRole)
    return combo


def aspect_label(value: str) -> str:
    """ASPECT_16_9 as 16:9."""
    return ":".join(value.removeprefix("ASPECT_").split("_"))


class IdeogramPanel(QWidget):
    status = Signal(str)
    resultsSaved = Signal(list)  # list[int]

    def __init__(self, context: TabContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.started: set[int] = set()
        self.shown: int | None = None
        self._build()
        self._connect()
        self._kind_changed(0)

    def _build(self) -> None:
        self.modes = QTabBar()
        self.modes.setExpanding(False)
        for label in (self.tr("Generate"), self.tr("Remix"), self.tr("Upscale"), self.tr("Describe")):
            self.modes.addTab(label)
        self.prompt = QPlainTextEdit()
        self.prompt.setPlaceholderText(self.tr("Describe the picture; Ideogram is good at text in pictures"))
        self.prompt.setFixedHeight(78)
        self.image = FrameSlot(self.tr("Picture"))
        default = self.tr("Gateway default")
        self.aspect_ratio = _option(ASPECT_RATIOS, default, {value: aspect_label(value) for value in ASPECT_RATIOS})
        turbo = self.tr("{version} turbo")
        self.model = _option(
            MODELS,
            default,
            {
                "V_1": "V1",
                "V_2": "V2",
                "V_1_TURBO": turbo.format(version="V1"),
                "V_2_TURBO": turbo.format(version="V2"),
            },
        )
        self.magic_prompt = _option(
            MAGIC_PROMPT, default, {"AUTO": self.tr("automatic"), "ON": self.tr("on"), "OFF": self.tr("off")}
        )
        styles = {
            "AUTO": self.tr("automatic"),
            "GENERAL": self.tr("general"),
            "REALISTIC": self.tr("realistic"),
            "DESIGN": self.tr("design"),
            "RENDER_3D": self.tr("3D render"),
            "ANIME": self.tr("anime"),
        }
        self.style = _option(STYLES, default, styles)
        self.negative = QLineEdit()
        self.negative.setPlaceholderText(self.tr("What to keep out of the picture"))
        self.seed = QSpinBox()
        self.seed.setRange(-1, 2_147_483_647)
        self.seed.setSpecialValueText(self.tr("random"))
        self.seed.setValue(-1)
        self.count = QSpinBox()
        self.count.setRange(1, MAX_IMAGES)
        self.image_weight = QSpinBox()
        self.image_weight.setRange(1, 100)
        self.image_weight.setValue(50)
        self.image_weight.setToolTip(self.tr("How much of the picture the remix keeps (1–100)"))
        self.resemblance = QSpinBox()
        self.resemblance.setRange(1, 100)
        self.resemblance.setValue(50)
        self.detail = QSpinBox()
        self.detail.setRange(1, 100)
        self.detail.setValue(50)
        self.options = QFormLayout()
        self.options.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.rows: dict[str, QWidget] = {
            "aspect_ratio": self.aspect_ratio,
            "model": self.model,
            "magic_prompt_option": self.magic_prompt,
            "style_type": self.style,
            "negative_prompt": self.negative,
            "seed": self.seed,
            "num_images": self.count,
            "image_weight": self.image_weight,
            "resemblance": self.resemblance,
            "detail": self.detail,
        }
        labels = {
            "aspect_ratio": self.tr("Aspect ratio"),
            "model": self.tr("Model"),
            "magic_prompt_option": self.tr("Magic prompt"),
            "style_type": self.tr("Style"),
            "negative_prompt": self.tr("Negative prompt"),
            "seed": self.tr("Seed"),
            "num_images": self.tr("Images"),
            "image_weight": self.tr("Image weight"),
            "resemblance": self.tr("Resemblance"),
            "detail": self.tr("Detail"),
        }
        for name, widget in self.rows.items():
            self.options.addRow(labels[name], widget)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c62828;")
        self.problem.hide()
        self.submit_button = QPushButton()
        self.submit_button.setDefault(True)
        form = QWidget()
        form_layout = QVBoxLayout(form)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.addWidget(self.modes)
        form_layout.addWidget(self.prompt)
        form_layout.addWidget(self.image, 0, Qt.AlignmentFlag.AlignLeft)
        form_layout.addLayout(self.options)
        form_layout.addWidget(self.problem)
        form_layout.addWidget(self.submit_button, 0, Qt.AlignmentFlag.AlignRight)
        form_layout.addStretch(1)
        form_scroll = scrolling(form, 320)

        self.jobs_model = self._jobs_model()
        self.job_view = job_table(self.jobs_model)
        self.job_view.setAccessibleName(self.tr("Ideogram jobs"))
        self.job_title = QLabel(self.tr("Pick a job to see its pictures here."))
        self.job_title.setWordWrap(True)
        self.job_title.setStyleSheet("font-weight: 600;")
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.reason.setStyleSheet("color: #c62828;")
        self.reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reason.hide()
        self.raw_button = QPushButton(self.tr("Show raw JSON"))
        self.raw_button.hide()
        self.results = QListWidget()
        self.results.setViewMode(QListWidget.ViewMode.IconMode)
        self.results.setIconSize(TILE)
        self.results.setGridSize(TILE + QSize(24, 52))
        self.results.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.results.setMovement(QListWidget.Movement.Static)
        self.results.setWordWrap(True)
        self.results.setAccessibleName(self.tr("Ideogram results"))
        self.descriptions = QListWidget()
        self.descriptions.setWordWrap(True)
        self.descriptions.setToolTip(self.tr("Click a description to use it as the prompt"))
        self.descriptions.hide()
        head = QHBoxLayout()
        head.addWidget(self.job_title, 1)
        head.addWidget(self.raw_button)
        results_box = QWidget()
        results_layout = QVBoxLayout(results_box)
        results_layout.setContentsMargins(0, 0, 0, 0)
        results_layout.addLayout(head)
        results_layout.addWidget(self.reason)
        results_layout.addWidget(self.results, 1)
        results_layout.addWidget(self.descriptions)
        jobs_box = titled(self.tr("Ideogram jobs"), self.job_view)
        self.right = splitter(Qt.Orientation.Vertical, (jobs_box, 1), (results_box, 3))
        self.split = splitter(Qt.Orientation.Horizontal, (form_scroll, 2), (self.right, 3))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.split)

    def _jobs_model(self) -> Any:
        from ..widgets.job_model import JobFilterProxy

        model = JobFilterProxy(self)
        model.setSourceModel(self.context.jobs)
        model.set_families(frozenset({FAMILY}))
        return model

    def _connect(self) -> None:
        self.modes.currentChanged.connect(self._kind_changed)
        add_moderation_check(self.prompt, self.context.check_text)
        self.submit_button.clicked.connect(
            lambda: before_paying(self, self.context.workspace, lambda: prompt_of(self.request()), self.submit)
        )
        self.image.refused.connect(self.status)
        self.prompt.textChanged.connect(self.problem.hide)
        self.job_view.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.descriptions.itemClicked.connect(lambda item: self.use_prompt(item.text()))
        self.raw_button.clicked.connect(self.show_raw_json)
        self.context.events.jobUpdated.connect(self._job_updated)

    # the form ------------------------------------------------------------------------------------

    @property
    def kind(self) -> str:
        return KINDS[max(0, self.modes.currentIndex())]

    def set_kind(self, kind: str) -> None:
        self.modes.setCurrentIndex(KINDS.index(kind))

    def _kind_changed(self, _index: int) -> None:
        kind = self.kind
        shown = {
            "generate": {"aspect_ratio", "model", "magic_prompt_option", "style_type", "negative_prompt", "seed",
                         "num_images"},
            "remix": {"aspect_ratio", "model", "magic_prompt_option", "style_type", "negative_prompt", "seed",
                      "num_images", "image_weight"},
            "upscale": {"magic_prompt_option", "seed", "resemblance", "detail"},
            "describe": set(),
        }[kind]  # fmt: skip
        for name, widget in self.rows.items():
            self.options.setRowVisible(widget, name in shown)
        self.prompt.setVisible(kind != "describe")
        self.image.setVisible(kind != "generate")
        self.submit_button.setText(
            {
                "generate": self.tr("Generate"),
                "remix": self.tr("Remix"),
                "upscale": self.tr("Upscale"),
                "describe": self.tr("Describe"),
            }[kind]
        )
        self.problem.hide()

    def image_request(self) -> dict[str, Any]:
        request: dict[str, Any] = {}
        if self.kind != "describe":
            prompt = self.prompt.toPlainText().strip()
            if prompt:
                request["prompt"] = prompt
        for name, widget in self.rows.items():
            if not self.options.isRowVisible(widget):
                continue
            if isinstance(widget, QComboBox):
                value: Any = widget.currentData()
            elif isinstance(widget, QLineEdit):
                value = widget.text().strip() or None
            else:
                assert isinstance(widget, QSpinBox)
                value = widget.value() if widget.value() >= 0 else None
                if name == "num_images" and value == 1:
                    value = None
            if value is not None:
                request[name] = value
        return request

    def request(self) -> JobRequest:
        params: dict[str, Any] = {}
        if self.kind != "generate":
            params["image"] = str(self.image.path) if self.image.path is not None else None
        if self.kind != "describe":
            params["image_request"] = self.image_request()
        return JobRequest(FAMILY, self.kind, params)

    def submit(self) -> int | None:
        try:
            job_id = self.context.tasks.submit(self.request())
        except StudioError as error:
            self.problem.setText(translated(error))
            self.problem.show()
            return None
        self.started.add(job_id)
        self.show_job(job_id)
        self.status.emit(self.tr("Sent to Ideogram; its pictures show on the right."))
        return job_id

    def use_prompt(self, prompt: str) -> None:
        if self.kind == "describe":
            self.set_kind("generate")
        self.prompt.setPlainText(prompt)
        self.status.emit(self.tr("The description is the prompt now."))

    def reuse(self, asset: Asset) -> None:
        job_id = asset.parameters.get("job_id")
        job = self.context.tasks.job(job_id) if isinstance(job_id, int) else None
        request = (job.parameters.get("image_request") or {}) if job is not None else {}
        if job is not None and job.kind in ("generate", "remix"):
            self.set_kind(job.kind)
        self.prompt.setPlainText(str(request.get("prompt") or asset.prompt))
        for name, widget in self.rows.items():
            value = request.get(name)
            if isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(0, widget.findData(value)))
            elif isinstance(widget, QLineEdit):
                widget.setText(str(value or ""))
            elif isinstance(widget, QSpinBox) and isinstance(value, int):
                widget.setValue(value)
        self.status.emit(self.tr("The prompt and settings of this result are back in the form"))

    def add_image(self, path: Path) -> None:
        if self.kind == "generate":
            self.set_kind("remix")
        self.image.set_path(path)

    # results -------------------------------------------------------------------------------------

    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        job_id = self.jobs_model.job_id(current) if current.isValid() else None
        if job_id is not None and job_id != self.shown:
            self.show_job(job_id)

    def _job_updated(self, update: JobUpdate) -> None:
        if update.family != FAMILY:
            return
        if update.job_id in self.started and update.state is JobState.DONE and update.asset_ids:
            self.resultsSaved.emit(list(update.asset_ids))
        if update.job_id == self.shown:
            self.refresh()

    def show_job(self, job_id: int) -> None:
        self.shown = job_id
        self.refresh()

    def refresh(self) -> None:
        job = self.context.tasks.job(self.shown) if self.shown is not None else None
        if job is None:
            return
        state = self.context.jobs.state_text(job.state)
        self.job_title.setText(f"{job.title} — {state}")
        problem = job.state in (JobState.FAILED, JobState.NEEDS_ATTENTION, JobState.CANCELLED)
        self.reason.setText(translated(job.sentences) or job.message or "" if problem else "")
        self.reason.setVisible(problem)
        self.raw_button.setVisible(job.raw is not None)
        self._show_results(job)

    def _show_results(self, job: Job) -> None:
        raw = job.raw if isinstance(job.raw, dict) else {}
        library = self.context.workspace.library
        assets = []
        for asset_id in job.asset_ids:
            try:
                assets.append(library.get(asset_id))
            except KeyError:
                continue
        pictures = [asset for asset in assets if asset.kind == "image"]
        texts = [asset for asset in assets if asset.kind == "text"]
        self.results.clear()
        entries = [entry for entry in raw.get("data") or [] if isinstance(entry, dict)]
        for entry in entries if job.kind != "describe" else []:
            if entry.get("is_image_safe") is False or not entry.get("url"):
                self._blocked_tile(entry)
                continue
            if not pictures:
                continue
            self._picture_tile(pictures.pop(0), entry)
        self.results.setVisible(job.kind != "describe")
        descriptions = split_prompts(texts[0].text) if texts and texts[0].text else []
        self.descriptions.clear()
        self.descriptions.addItems(descriptions)
        self.descriptions.setVisible(bool(descriptions))

    def _blocked_tile(self, entry: dict[str, Any]) -> None:
        withheld = entry.get("is_image_safe") is False
        text = (
            self.tr("Blocked: Ideogram's safety check withheld this picture")
            if withheld
            else self.tr("Ideogram sent no link for this picture")
        )
        placeholder = QPixmap(TILE)
        placeholder.fill(QColor("#5f6368"))
        item = QListWidgetItem(QIcon(placeholder), text)
        item.setData(BLOCKED_ROLE, True)
        item.setToolTip(text)
        item.setForeground(QColor("#c62828"))
        self.results.addItem(item)

    def _picture_tile(self, asset: Asset, entry: dict[str, Any]) -> None:
        facts = [str(entry.get("resolution") or "")]
        if entry.get("seed") is not None:
            facts.append(self.tr("seed {seed}").format(seed=entry["seed"]))
        item = QListWidgetItem(" · ".join(fact for fact in facts if fact))
        item.setData(BLOCKED_ROLE, False)
        item.setData(ASSET_ID_ROLE, asset.id)
        item.setToolTip(asset.prompt)
        self.results.addItem(item)
        path = asset.path
        if path is not None:
            Operation.in_thread(self, lambda _progress: scaled_image(path, TILE)).success(
                lambda image: self._tile_loaded(asset.id, image)
            ).run()

    def _tile_loaded(self, asset_id: int, image: QImage) -> None:
        for row in range(self.results.count()):
            item = self.results.item(row)
            if item.data(ASSET_ID_ROLE) == asset_id and not image.isNull():
                item.setIcon(QIcon(QPixmap.fromImage(image)))

    def show_raw_json(self) -> RawJsonDialog | None:
        job = self.context.tasks.job(self.shown) if self.shown is not None else None
        if job is None:
            return None
        dialog = RawJsonDialog(job.title, job.raw_json, self)
        dialog.show()
        return dialog
