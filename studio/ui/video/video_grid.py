"""The grid of recent videos: a tile per video in the library; moving the mouse across a tile scrubs
through the video (frames sampled with PyAV in a worker thread the first time, then kept)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyleOptionViewItem, QWidget

from ...core.library import Asset
from ...core.video import sample_frames
from ...qt.operation import Operation
from ..widgets.asset_model import ASSET_ROLE, AssetTileDelegate

Index = QModelIndex | QPersistentModelIndex

SCRUB_FRAMES = 12
SCRUB_SIDE = 320


def qimage_of(picture: Image.Image) -> QImage:
    """A Pillow picture as a QImage that owns its pixels (safe to make in a worker thread)."""
    rgb = picture.convert("RGB")
    data = rgb.tobytes()
    return QImage(data, rgb.width, rgb.height, rgb.width * 3, QImage.Format.Format_RGB888).copy()


def _frames_as_images(path: Path) -> list[QImage]:
    """The video's scrub frames as QImages (made in the worker thread; QPixmaps only on the UI thread)."""
    return [qimage_of(picture) for picture in sample_frames(path, SCRUB_FRAMES, SCRUB_SIDE)]


class ScrubFrames(QObject):
    """Frames to scrub through, by asset id: asked for on first hover, kept for the session."""

    loaded = Signal(int)  # asset id

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._frames: dict[int, list[QPixmap]] = {}
        self._loading: set[int] = set()

    def frames(self, asset: Asset) -> list[QPixmap] | None:
        """The frames, or None while they load (then `loaded` follows) or when the file has none."""
        if asset.id in self._frames:
            return self._frames[asset.id] or None
        if asset.id not in self._loading and asset.path is not None:
            self._loading.add(asset.id)
            path = asset.path
            Operation.in_thread(self, lambda _progress: _frames_as_images(path)).success(
                lambda images: self._loaded(asset.id, [QPixmap.fromImage(image) for image in images])
            ).failure(lambda _error: self._loaded(asset.id, [])).run()
        return None

    def _loaded(self, asset_id: int, pixmaps: list[QPixmap]) -> None:
        self._loading.discard(asset_id)
        self._frames[asset_id] = pixmaps
        self.loaded.emit(asset_id)


class ScrubTileDelegate(AssetTileDelegate):
    """The library tile; under the mouse, the frame at the mouse's share of the tile's width."""

    def __init__(self, grid: VideoGrid) -> None:
        super().__init__(grid, QSize(188, 136))
        self.grid = grid

    def picture(self, index: Index) -> object:
        frame = self.grid.hover_frame(index)
        return frame if frame is not None else super().picture(index)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        super().paint(painter, option, index)
        share = self.grid.hover_share(index)
        if share is not None:
            box = self.picture_box(option)
            painter.fillRect(QRect(box.left(), box.bottom() - 2, int(box.width() * share), 3), QColor("#c2185b"))


class VideoGrid(QListView):
    """Tiles of videos; click one to play it, hover to scrub, drag one out to drop it elsewhere."""

    def __init__(self, frames: ScrubFrames, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.frames = frames
        self._hover: QPersistentModelIndex | None = None
        self._hover_x = 0
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)
        self.setSpacing(4)
        self.setMouseTracking(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setItemDelegate(ScrubTileDelegate(self))
        self.empty_text = ""
        frames.loaded.connect(lambda _asset_id: self.viewport().update())

    def _hovered(self, index: Index) -> bool:
        return self._hover is not None and self._hover.isValid() and QModelIndex(self._hover) == QModelIndex(index)

    def hover_share(self, index: Index) -> float | None:
        """How far across the hovered tile the mouse is (0–1); None for any other tile."""
        if not self._hovered(index):
            return None
        rect = self.visualRect(QModelIndex(index))
        return min(1.0, max(0.0, (self._hover_x - rect.left()) / max(1, rect.width())))

    def hover_frame(self, index: Index) -> QPixmap | None:
        share = self.hover_share(index)
        asset: Asset | None = index.data(ASSET_ROLE)
        if share is None or asset is None:
            return None
        frames = self.frames.frames(asset)
        if not frames:
            return None
        return frames[min(len(frames) - 1, int(share * len(frames)))]

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._track(event.position().toPoint())
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: object) -> None:  # type: ignore[override]
        self._hover = None
        self.viewport().update()
        super().leaveEvent(event)  # type: ignore[arg-type]

    def _track(self, point: QPoint) -> None:
        index = self.indexAt(point)
        before = QModelIndex(self._hover) if self._hover is not None else QModelIndex()
        self._hover = QPersistentModelIndex(index) if index.isValid() else None
        self._hover_x = point.x()
        for changed in (before, index):
            if changed.isValid():
                self.viewport().update(self.visualRect(changed))

    def paintEvent(self, event: object) -> None:  # type: ignore[override]
        super().paintEvent(event)  # type: ignore[arg-type]
        model = self.model()
        if model is not None and model.rowCount() == 0 and self.empty_text:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().placeholderText().color())
            box = self.viewport().rect().adjusted(24, 12, -24, -12)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.empty_text)
            painter.end()
