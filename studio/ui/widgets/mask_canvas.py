"""A picture with a paint layer on top: brush the area an edit may change, then export it as a mask.

    canvas = MaskCanvas()
    canvas.set_image(QImage(path))            # decoded off the UI thread by the caller
    canvas.brush_size, canvas.hardness = 64, 1.0
    painted = canvas.painted()                # uint8 array of the image's size, 255 = painted
    build_mask(painted, canvas.image_size(), target)   # studio.core.images: painted → transparent

The layer is a QImage of the image's exact size; a stroke paints only the segment the mouse just
crossed and repaints only that rectangle, so a 2048×2048 picture brushes as fast as a small one
(tests/bench/bench_mask.py). Each stroke, clear, invert or loaded mask is one QUndoCommand holding the
pixels it changed, before and after; a stroke keeps each 256-pixel tile as it first touches it (copying
the whole 16 MB layer at every press stalled the loop for ~20 ms). Left button paints (the eraser removes
paint); the middle button, or the left button with Space held, pans; the wheel and +/−/0 zoom as in ImageViewer.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPen,
    QPixmap,
    QRadialGradient,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsView,
    QStyleOptionGraphicsItem,
    QWidget,
)

from ..shortcuts import matches
from .image_viewer import ImageViewer

PAINT = QColor(235, 40, 80)
"""The colour the painted area shows in (at LAYER_OPACITY over the picture)."""
LAYER_OPACITY = 0.55
MIN_BRUSH, MAX_BRUSH = 2, 1024
TILE = 256
"""A stroke keeps the pixels it is about to change per tile of this size, not a copy of the whole layer."""


class PaintLayerItem(QGraphicsItem):
    """Draws the canvas's paint layer over the picture, only the part that was exposed."""

    def __init__(self, canvas: MaskCanvas) -> None:
        super().__init__()
        self.canvas = canvas
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.setZValue(1)

    def boundingRect(self) -> QRectF:
        return QRectF(self.canvas.layer.rect())

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        exposed = option.exposedRect.toAlignedRect() & self.canvas.layer.rect()  # type: ignore[attr-defined]
        if exposed.isEmpty():
            return
        painter.setOpacity(LAYER_OPACITY)
        painter.drawImage(exposed.topLeft(), self.canvas.layer, exposed)

    def refresh(self, rect: QRect) -> None:
        self.update(QRectF(rect))


Patch = tuple[QRect, QImage, QImage]
"""A rectangle of the layer, its pixels before a change and after it."""


class LayerEdit(QUndoCommand):
    """One change of the paint layer, as the patches it changed."""

    def __init__(self, canvas: MaskCanvas, patches: list[Patch], text: str) -> None:
        super().__init__(text)
        self.canvas = canvas
        self.patches = patches
        self._applied = True  # pushed after the change was painted: the first redo has nothing to do

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self.canvas._put([(rect, after) for rect, _before, after in self.patches])

    def undo(self) -> None:
        self.canvas._put([(rect, before) for rect, before, _after in self.patches])


class MaskCanvas(ImageViewer):
    maskChanged = Signal()  # after a stroke, an undo or redo, a clear or an invert
    brushSizeChanged = Signal(int)  # [ and ] change it from the keyboard

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.setMouseTracking(True)
        self.undo_stack = QUndoStack(self)
        self.layer = QImage()
        self.layer_item = PaintLayerItem(self)
        self.scene().addItem(self.layer_item)
        self.outline = QGraphicsEllipseItem()
        self.outline.setPen(QPen(QColor(255, 255, 255, 220), 0, Qt.PenStyle.DashLine))
        self.outline.setZValue(2)
        self.outline.setVisible(False)
        self.scene().addItem(self.outline)
        self._brush_size = 48
        self.hardness = 1.0
        """1.0: a hard edge (every painted pixel fully painted); lower values fade the edge out."""
        self.eraser = False
        self.painting_enabled = True
        self._last: QPointF | None = None
        self._before: dict[tuple[int, int], QImage] | None = None
        """The tiles the stroke under way has touched, as they were before it."""
        self._pan_from: QPoint | None = None
        self._space = False

    @property
    def brush_size(self) -> int:
        """The brush's diameter in image pixels."""
        return self._brush_size

    @brush_size.setter
    def brush_size(self, size: int) -> None:
        size = max(MIN_BRUSH, min(MAX_BRUSH, int(size)))
        if size != self._brush_size:
            self._brush_size = size
            self.brushSizeChanged.emit(size)

    # the picture and its layer --------------------------------------------------------------------

    def set_image(self, image: QImage) -> None:
        """Show `image` with an empty paint layer of exactly its size; the undo history starts over."""
        self.undo_stack.clear()
        self.layer = QImage(image.size(), QImage.Format.Format_ARGB32_Premultiplied)
        self.layer.fill(Qt.GlobalColor.transparent)
        self.layer_item.prepareGeometryChange()
        super().set_image(image)
        self.maskChanged.emit()

    def clear_image(self) -> None:
        self.undo_stack.clear()
        self.item.setPixmap(QPixmap())
        self.layer = QImage()
        self.layer_item.prepareGeometryChange()
        self.scene().setSceneRect(QRectF())
        self.maskChanged.emit()

    def has_image(self) -> bool:
        return not self.layer.isNull()

    def image_size(self) -> tuple[int, int]:
        return self.layer.width(), self.layer.height()

    def _alpha(self) -> np.ndarray:
        """A view of the layer's alpha channel (ARGB32 is B, G, R, A in memory on every platform Qt runs)."""
        height, stride = self.layer.height(), self.layer.bytesPerLine()
        pixels = np.frombuffer(self.layer.constBits(), np.uint8, count=height * stride).reshape(height, stride // 4, 4)
        return pixels[:, : self.layer.width(), 3 if np.little_endian else 0]

    def painted(self) -> np.ndarray:
        """The paint as a (height, width) uint8 array: 255 fully painted, 0 untouched (a copy)."""
        if self.layer.isNull():
            return np.zeros((0, 0), np.uint8)
        return self._alpha().copy()

    def has_paint(self) -> bool:
        return not self.layer.isNull() and bool(self._alpha().any())

    # whole-layer edits ----------------------------------------------------------------------------

    def clear_mask(self) -> None:
        if self.has_paint():
            self._replace_layer(np.zeros(self.layer.height() * self.layer.width(), np.uint8), self.tr("Clear mask"))

    def invert_mask(self) -> None:
        if self.has_image():
            self._replace_layer(255 - self.painted(), self.tr("Invert mask"))

    def load_painted(self, painted: np.ndarray) -> None:
        """Replace the paint by `painted` (255 = painted), e.g. read from a mask file of the same size."""
        self._replace_layer(painted, self.tr("Load mask"))

    def _replace_layer(self, painted: np.ndarray, text: str) -> None:
        width, height = self.image_size()
        alpha = np.asarray(painted, np.uint16).reshape(height, width)
        tint = np.array([PAINT.blue(), PAINT.green(), PAINT.red()], np.uint16)
        pixels = np.empty((height, width, 4), np.uint8)
        pixels[..., :3] = (alpha[..., None] * tint + 127) // 255  # premultiplied
        pixels[..., 3] = alpha
        if not np.little_endian:
            pixels = pixels[..., ::-1]
        layer = QImage(pixels.tobytes(), width, height, width * 4, QImage.Format.Format_ARGB32_Premultiplied).copy()
        before = self.layer
        self.layer = layer
        self.layer_item.refresh(layer.rect())
        self.undo_stack.push(LayerEdit(self, [(layer.rect(), before, layer.copy())], text))
        self.maskChanged.emit()

    def _put(self, patches: list[tuple[QRect, QImage]]) -> None:
        painter = QPainter(self.layer)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
        for rect, pixels in patches:
            painter.drawImage(rect.topLeft(), pixels)
            self.layer_item.refresh(rect)
        painter.end()
        self.maskChanged.emit()

    # strokes --------------------------------------------------------------------------------------

    def _paint_segment(self, start: QPointF, end: QPointF) -> None:
        radius = self.brush_size / 2
        reach = int(radius) + 2
        dirty = QRectF(start, end).normalized().toAlignedRect().adjusted(-reach, -reach, reach, reach)
        dirty &= self.layer.rect()
        if dirty.isEmpty():
            return
        self._keep_tiles(dirty)
        painter = QPainter(self.layer)
        painter.setCompositionMode(
            QPainter.CompositionMode.CompositionMode_DestinationOut
            if self.eraser
            else QPainter.CompositionMode.CompositionMode_SourceOver
        )
        if self.hardness >= 1.0:  # no antialiasing: a hard brush paints whole pixels, so the mask is exact
            painter.setPen(
                QPen(PAINT, self.brush_size, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
            )
            if start == end:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(PAINT)
                painter.drawEllipse(start, radius, radius)
            else:
                painter.drawLine(start, end)
        else:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            faded = QColor(PAINT)
            faded.setAlpha(0)
            distance = max(abs(end.x() - start.x()), abs(end.y() - start.y()))
            step = max(1.0, radius / 4)
            dabs = max(1, int(distance / step))
            for n in range(dabs + 1 if start != end else 1):
                centre = start + (end - start) * (n / dabs)
                gradient = QRadialGradient(centre, radius)
                gradient.setColorAt(0.0, PAINT)
                gradient.setColorAt(max(0.0, self.hardness), PAINT)
                gradient.setColorAt(1.0, faded)
                painter.setBrush(QBrush(gradient))
                painter.drawEllipse(centre, radius, radius)
        painter.end()
        self.layer_item.refresh(dirty)

    @staticmethod
    def _tile_rect(tile: tuple[int, int]) -> QRect:
        return QRect(tile[0] * TILE, tile[1] * TILE, TILE, TILE)

    def _keep_tiles(self, dirty: QRect) -> None:
        """Keep the pixels of every tile `dirty` reaches that the stroke has not touched yet."""
        if self._before is None:
            return
        for row in range(dirty.top() // TILE, dirty.bottom() // TILE + 1):
            for column in range(dirty.left() // TILE, dirty.right() // TILE + 1):
                if (column, row) not in self._before:
                    rect = self._tile_rect((column, row)) & self.layer.rect()
                    self._before[(column, row)] = self.layer.copy(rect)

    def _begin_stroke(self, point: QPointF) -> None:
        self._before = {}
        self._last = point
        self._paint_segment(point, point)

    def _end_stroke(self) -> None:
        if self._before is None:
            return
        before, self._before, self._last = self._before, None, None
        if not before:
            return
        patches = []
        for tile, pixels in before.items():
            rect = self._tile_rect(tile) & self.layer.rect()
            patches.append((rect, pixels, self.layer.copy(rect)))
        text = self.tr("Erase") if self.eraser else self.tr("Brush stroke")
        self.undo_stack.push(LayerEdit(self, patches, text))
        self.maskChanged.emit()

    # input ----------------------------------------------------------------------------------------

    def _pans(self, event: QMouseEvent) -> bool:
        return event.button() == Qt.MouseButton.MiddleButton or (
            event.button() == Qt.MouseButton.LeftButton and self._space
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._pans(event):
            self._pan_from = event.position().toPoint()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            return
        if event.button() == Qt.MouseButton.LeftButton and self.painting_enabled and self.has_image():
            self._begin_stroke(self.mapToScene(event.position().toPoint()))
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        point = self.mapToScene(event.position().toPoint())
        if self._pan_from is not None:
            delta = event.position().toPoint() - self._pan_from
            self._pan_from = event.position().toPoint()
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())
            return
        self._show_outline(point)
        if self._last is not None:
            self._paint_segment(self._last, point)
            self._last = point
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            self._pan_from = None
            self.viewport().unsetCursor()
            return
        if self._last is not None and event.button() == Qt.MouseButton.LeftButton:
            self._end_stroke()
            return
        super().mouseReleaseEvent(event)

    def leaveEvent(self, event: object) -> None:  # type: ignore[override]
        self.outline.setVisible(False)
        super().leaveEvent(event)  # type: ignore[arg-type]

    def _show_outline(self, point: QPointF) -> None:
        visible = self.painting_enabled and self.has_image()
        self.outline.setVisible(visible)
        if visible:
            radius = self.brush_size / 2
            self.outline.setRect(QRectF(point.x() - radius, point.y() - radius, self.brush_size, self.brush_size))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if matches("mask.pan", event) and not event.isAutoRepeat():
            self._space = True
        elif matches("mask.smaller", event):
            self.brush_size = round(self.brush_size / 1.25)
        elif matches("mask.bigger", event):
            self.brush_size = round(self.brush_size * 1.25)
        else:
            super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if matches("mask.pan", event) and not event.isAutoRepeat():
            self._space = False
        super().keyReleaseEvent(event)
