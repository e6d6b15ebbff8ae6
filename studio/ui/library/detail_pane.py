"""The detail pane: a large preview of one asset, what made it, where it came from, and its tags and notes.

The preview is the right player for the kind (zoom/pan image, audio with its waveform, video, text);
the picture and the samples are decoded in a worker. The lineage is a chain of buttons (imagine → U2 →
zoom, then the asset's own children); clicking one asks the tab to show that asset. Tag and note edits
are handed to the tab as requests, so they go through its undo stack.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QImage
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QStackedWidget,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.library import Asset, Library
from ...qt.operation import Operation
from .. import formats
from ..widgets.image_viewer import ImageViewer
from ..widgets.media_player import clock
from .library_model import human_size, kind_name

if TYPE_CHECKING:
    import numpy as np

    from ..widgets.media_player import MediaPlayer
    from ..widgets.waveform import Waveform

STEP_LABEL_LENGTH = 22


class NotesEdit(QPlainTextEdit):
    """Notes, committed when the field loses focus (like a line edit's editingFinished)."""

    editingFinished = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.editingFinished.emit()


class DetailPane(QWidget):
    assetChosen = Signal(int)  # a lineage step was clicked
    tagsEdited = Signal(int, str)  # asset id, the new comma-separated tags
    notesEdited = Signal(int, str)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.asset: Asset | None = None
        self._preview_operation: Operation[Any] | None = None

        self.preview = QStackedWidget()
        self.preview.setMinimumHeight(220)
        self.empty = QLabel(self.tr("Choose an asset to see it here."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: palette(placeholder-text);")
        self.image = ImageViewer()
        self.text = QPlainTextEdit()
        self.text.setAccessibleName(self.tr("Text of the item"))
        self.text.setReadOnly(True)
        for page in (self.empty, self.image, self.text):
            self.preview.addWidget(page)
        self.media_page: QWidget | None = None  # built on the first sound or video: QtMultimedia waits till then
        self.player: MediaPlayer | None = None
        self.waveform: Waveform | None = None
        self.video: QWidget | None = None

        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bold = self.title.font()
        bold.setBold(True)
        bold.setPointSizeF(bold.pointSizeF() * 1.15)
        self.title.setFont(bold)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        self.prompt.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.task_id = QLabel()
        self.task_id.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.source = QLabel()
        self.source.setWordWrap(True)
        self.source.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.lineage = QWidget()
        self.lineage_layout = QHBoxLayout(self.lineage)
        self.lineage_layout.setContentsMargins(0, 0, 0, 0)
        self.lineage_buttons: list[QToolButton] = []
        self.parameters = QTreeWidget()
        self.parameters.setAccessibleName(self.tr("Parameters"))
        self.parameters.setHeaderLabels([self.tr("Setting"), self.tr("Value")])
        self.parameters.setRootIsDecorated(True)
        self.parameters.setMinimumHeight(120)
        self.tags = QLineEdit()
        self.tags.setPlaceholderText(self.tr("Tags, separated by commas"))
        self.notes = NotesEdit()
        self.notes.setPlaceholderText(self.tr("Notes"))
        self.notes.setFixedHeight(70)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Prompt"), self.prompt)
        form.addRow(self.tr("Task"), self.task_id)
        form.addRow(self.tr("Source"), self.source)
        form.addRow(self.tr("Lineage"), self.lineage)
        form.addRow(self.tr("Tags"), self.tags)
        form.addRow(self.tr("Notes"), self.notes)
        facts = QWidget()
        facts_layout = QVBoxLayout(facts)
        facts_layout.setContentsMargins(0, 0, 0, 0)
        facts_layout.addWidget(self.title)
        facts_layout.addWidget(self.facts)
        facts_layout.addLayout(form)
        facts_layout.addWidget(QLabel(self.tr("Settings the job used")))
        facts_layout.addWidget(self.parameters, 1)
        self.facts_area = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(facts)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.preview, 3)
        layout.addWidget(scroll, 4)

        self.tags.editingFinished.connect(self._tags_done)
        self.notes.editingFinished.connect(self._notes_done)
        self.show_asset(None)

    # showing ------------------------------------------------------------------------------------

    def show_asset(self, asset: Asset | None) -> None:
        same = asset is not None and self.asset is not None and asset.id == self.asset.id
        self.asset = asset
        self.facts_area.setVisible(asset is not None)
        if asset is None:
            self._stop_preview()
            self.preview.setCurrentWidget(self.empty)
            for label in (self.title, self.facts, self.prompt, self.task_id, self.source):
                label.clear()
            self.tags.clear()
            self.notes.clear()
            self.parameters.clear()
            self._show_lineage([], [])
            return
        self.title.setText(asset.title or asset.prompt or self.tr("Untitled"))
        self.facts.setText(self._facts(asset))
        self.prompt.setText(asset.prompt or "—")
        self.task_id.setText(asset.task_id or "—")
        self.source.setText(asset.source_url or self.tr("made on this computer"))
        if not self.tags.hasFocus():
            self.tags.setText(", ".join(asset.tags))
        if not self.notes.hasFocus():
            self.notes.setPlainText(asset.notes)
        self._show_parameters(asset.parameters)
        self._show_lineage(self.library.lineage(asset.id), self.library.children(asset.id))
        if not same:
            self._preview(asset)

    def _facts(self, asset: Asset) -> str:
        parts = [kind_name(asset.kind)]
        if asset.width and asset.height:
            parts.append(f"{formats.number(asset.width)} × {formats.number(asset.height)}")
        if asset.duration:
            parts.append(clock(asset.duration))
        if asset.byte_size:
            parts.append(human_size(asset.byte_size))
        parts.extend(part for part in (asset.model, asset.family) if part)
        parts.append(formats.date_time(asset.created))
        if asset.trashed:
            parts.append(self.tr("in the trash"))
        return " · ".join(parts)

    def _show_parameters(self, parameters: dict[str, Any]) -> None:
        self.parameters.clear()

        def add(parent: QTreeWidget | QTreeWidgetItem, key: str, value: Any) -> None:
            if isinstance(value, dict) and value:
                item = QTreeWidgetItem([key, ""])
                for inner_key, inner in value.items():
                    add(item, str(inner_key), inner)
            else:
                shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                item = QTreeWidgetItem([key, shown])
                item.setToolTip(1, shown)
            if isinstance(parent, QTreeWidget):
                parent.addTopLevelItem(item)
            else:
                parent.addChild(item)

        for key, value in parameters.items():
            add(self.parameters, str(key), value)
        self.parameters.expandAll()
        self.parameters.resizeColumnToContents(0)

    def _show_lineage(self, ancestors: list[Asset], children: list[Asset]) -> None:
        while self.lineage_layout.count():
            item = self.lineage_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.lineage_buttons = []
        if len(ancestors) <= 1 and not children:
            self.lineage_layout.addWidget(QLabel(self.tr("no parent or children")))
            self.lineage_layout.addStretch(1)
            return
        for position, step in enumerate(ancestors):
            if position:
                self.lineage_layout.addWidget(QLabel("→"))
            self._add_step(step, current=self.asset is not None and step.id == self.asset.id)
        if children:
            self.lineage_layout.addWidget(QLabel("⇢"))
            for child in children:
                self._add_step(child, current=False)
        self.lineage_layout.addStretch(1)

    def _add_step(self, step: Asset, *, current: bool) -> None:
        button = QToolButton()
        label = step_label(step)
        button.setText(label if len(label) <= STEP_LABEL_LENGTH else label[: STEP_LABEL_LENGTH - 1] + "…")
        button.setToolTip(step.title or step.prompt)
        button.setCheckable(True)
        button.setChecked(current)  # where you are in the chain; the other steps are buttons to go to
        button.setProperty("asset_id", step.id)
        button.clicked.connect(lambda _=False, asset_id=step.id, button=button: self._step_clicked(button, asset_id))
        self.lineage_layout.addWidget(button)
        self.lineage_buttons.append(button)

    def _step_clicked(self, button: QToolButton, asset_id: int) -> None:
        if self.asset is not None and asset_id == self.asset.id:
            button.setChecked(True)  # already here
            return
        self.assetChosen.emit(asset_id)

    # the preview ---------------------------------------------------------------------------------

    def _stop_preview(self) -> None:
        if self._preview_operation is not None:
            self._preview_operation.cancel()
            self._preview_operation = None
        if self.player is not None:
            self.player.set_source(None)

    def _preview(self, asset: Asset) -> None:
        self._stop_preview()
        path = asset.path
        if asset.kind == "text" or path is None:
            self.text.setPlainText(asset.text or asset.prompt)
            self.preview.setCurrentWidget(self.text)
            return
        if not path.exists():
            self.empty.setText(self.tr("This asset's file is missing; “Check library” lists what is gone."))
            self.preview.setCurrentWidget(self.empty)
            return
        if asset.kind == "image":
            self.preview.setCurrentWidget(self.image)
            self._preview_operation = (
                Operation.in_thread(self, lambda _progress: QImage(str(path))).success(self._image_loaded).run()
            )
            return
        self._ensure_media()
        assert self.player is not None and self.waveform is not None and self.video is not None
        self.player.set_source(path)
        self.video.setVisible(asset.kind == "video")
        self.waveform.setVisible(asset.kind == "audio")
        self.waveform.clear()
        assert self.media_page is not None
        self.preview.setCurrentWidget(self.media_page)
        if asset.kind == "audio":
            from ...core.audio import ANALYSIS_RATE, decode_mono

            self._preview_operation = (
                Operation.in_thread(self, lambda _progress: decode_mono(path)[0])
                .success(lambda samples: self._samples_loaded(samples, ANALYSIS_RATE))
                .failure(lambda _error: self.waveform.clear() if self.waveform is not None else None)
                .run()
            )

    def _image_loaded(self, image: QImage) -> None:
        if image.isNull():
            self.empty.setText(self.tr("This image cannot be shown."))
            self.preview.setCurrentWidget(self.empty)
            return
        self.image.set_image(image)

    def _samples_loaded(self, samples: np.ndarray, rate: int) -> None:
        if self.waveform is not None:
            self.waveform.set_samples(samples, rate)

    def _ensure_media(self) -> None:
        if self.media_page is not None:
            return
        from PySide6.QtMultimediaWidgets import QVideoWidget

        from ..widgets.media_player import MediaPlayer
        from ..widgets.waveform import Waveform

        self.video = QVideoWidget()
        self.player = MediaPlayer(video_output=self.video)
        self.waveform = Waveform()
        self.waveform.seekRequested.connect(self.player.seek)
        self.player.positionChanged.connect(self.waveform.set_playhead)
        self.media_page = QWidget()
        layout = QVBoxLayout(self.media_page)
        layout.addWidget(self.video, 1)
        layout.addWidget(self.waveform, 1)
        layout.addWidget(self.player)
        self.preview.addWidget(self.media_page)

    def stop(self) -> None:
        self._stop_preview()
        if self.player is not None:
            self.player.stop()

    # edits ---------------------------------------------------------------------------------------

    def _tags_done(self) -> None:
        if self.asset is not None and self.tags.text().strip() != ", ".join(self.asset.tags):
            self.tagsEdited.emit(self.asset.id, self.tags.text())

    def _notes_done(self) -> None:
        if self.asset is not None and self.notes.toPlainText() != self.asset.notes:
            self.notesEdited.emit(self.asset.id, self.notes.toPlainText())


def step_label(asset: Asset) -> str:
    """A lineage step's name: the action that made it (U2, zoom, extend) if known, else its title."""
    action = asset.parameters.get("action") or asset.parameters.get("label")
    return str(action) if action else (asset.title or asset.prompt or f"#{asset.id}")
