"""An image you can zoom (wheel, Ctrl+plus/minus, 0 to fit) and pan (drag), on a QGraphicsView.

The picture is decoded off the UI thread by the caller (`QImage` in a worker) and shown with
`set_image`; `ImageWindow` is the same viewer in a window of its own (opening a result in the app).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QKeyEvent, QPainter, QPixmap, QWheelEvent
from PySide6.QtWidgets import (
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ...qt.operation import Operation
from ..shortcuts import matches

ZOOM_STEP = 1.25
MAX_SCALE = 32.0


class ImageViewer(QGraphicsView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.item = QGraphicsPixmapItem()
        self.item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene().addItem(self.item)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.fitting = True

    def set_image(self, image: QImage) -> None:
        self.item.setPixmap(QPixmap.fromImage(image))
        self.scene().setSceneRect(self.item.boundingRect())
        self.fit()

    @property
    def scale_factor(self) -> float:
        return self.transform().m11()

    def fit(self) -> None:
        self.fitting = True
        if not self.item.pixmap().isNull():
            self.fitInView(self.item, Qt.AspectRatioMode.KeepAspectRatio)

    def zoom(self, factor: float) -> None:
        self.fitting = False
        target = max(0.02, min(MAX_SCALE, self.scale_factor * factor))
        self.scale(target / self.scale_factor, target / self.scale_factor)

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom(ZOOM_STEP**steps)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if matches("image_viewer.zoom_in", event):
            self.zoom(ZOOM_STEP)
        elif matches("image_viewer.zoom_out", event):
            self.zoom(1 / ZOOM_STEP)
        elif matches("image_viewer.fit", event):
            self.fit()
        else:
            super().keyPressEvent(event)

    def resizeEvent(self, event: object) -> None:  # type: ignore[override]
        super().resizeEvent(event)  # type: ignore[arg-type]
        if self.fitting:
            self.fit()


class ImageWindow(QWidget):
    """One result image in a window of its own: zoom and pan, title and size in the caption."""

    def __init__(self, path: Path, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(title)
        self.resize(900, 700)
        self.viewer = ImageViewer()
        self.note = QLabel(self.tr("Loading…"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.viewer, 1)
        layout.addWidget(self.note)
        Operation(self, lambda _progress: asyncio.to_thread(QImage, str(path))).success(self._loaded).run()

    def _loaded(self, image: QImage) -> None:
        if image.isNull():
            self.note.setText(self.tr("This image cannot be shown."))
            return
        self.viewer.set_image(image)
        self.note.setText(
            self.tr("{width} × {height} px · wheel or Ctrl+plus/minus to zoom, 0 to fit, drag to pan").format(
                width=image.width(), height=image.height()
            )
        )
