"""One picture a video request starts (or ends) on: drop an image from the file manager or the library,
or choose one; it shows as a thumbnail with its name, and Clear empties it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from ...qt.operation import Operation
from ..widgets.dialogs import pick_files
from ..widgets.drop_zone import DropZone
from ..widgets.thumbnails import scaled_image

PREVIEW = QSize(128, 72)


class FrameSlot(QFrame):
    changed = Signal(object)  # Path | None
    refused = Signal(str)  # one sentence: what was dropped and why it cannot be used

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path: Path | None = None
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel(title)
        self.title.setStyleSheet("font-weight: 600;")
        self.preview = QLabel()
        self.preview.setFixedSize(PREVIEW)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setWordWrap(True)
        self.preview.setStyleSheet("background: palette(alternate-base); color: palette(placeholder-text);")
        self.name = QLabel()
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = QToolButton()
        self.choose_button.setText(self.tr("Choose…"))
        self.clear_button = QToolButton()
        self.clear_button.setText(self.tr("Clear"))
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.preview)
        layout.addWidget(self.name)
        layout.addLayout(buttons)
        self.drops = DropZone(self, {"image"}, images=False, multiple=False)
        self.drops.filesDropped.connect(lambda paths: self.set_path(paths[0]))
        self.drops.refused.connect(self.refused)
        self.choose_button.clicked.connect(self._choose)
        self.clear_button.clicked.connect(lambda: self.set_path(None))
        self._show_empty()

    def set_path(self, path: Path | None) -> None:
        self.path = path
        if path is None:
            self._show_empty()
        else:
            self.name.setText(self.fontMetrics().elidedText(path.name, Qt.TextElideMode.ElideMiddle, PREVIEW.width()))
            self.name.setToolTip(str(path))
            self.preview.setText(self.tr("Loading…"))
            Operation.in_thread(self, lambda _progress: scaled_image(path, PREVIEW)).success(
                lambda image: self._show_picture(path, image)
            ).run()
        self.clear_button.setEnabled(path is not None)
        self.changed.emit(path)

    def _show_empty(self) -> None:
        self.preview.setPixmap(QPixmap())
        self.preview.setText(self.tr("Drop an image here"))
        self.name.setText(self.tr("none"))
        self.name.setToolTip("")

    def _show_picture(self, path: Path, image: QImage) -> None:
        if path != self.path:
            return  # another picture was chosen meanwhile
        if image.isNull():
            self.preview.setText(self.tr("Not a picture"))
            return
        pixmap = QPixmap.fromImage(image).scaled(
            PREVIEW, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        self.preview.setPixmap(pixmap)

    def _choose(self) -> None:
        pick_files(
            self,
            self.tr("Choose a picture"),
            lambda paths: self.set_path(paths[0]) if paths else None,
            name_filter=self.tr("Images (*.png *.jpg *.jpeg *.webp);;All files (*)"),
            multiple=False,
        )
