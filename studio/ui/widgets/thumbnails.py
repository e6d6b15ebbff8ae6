"""One thumbnail cache for the whole window, keyed by asset: small pixmaps made off the UI thread.

The library makes (and keeps on disk) a PNG per asset in a thread; the PNG is read and scaled into a
QImage in a thread too; only turning it into a QPixmap happens on the UI thread. A view asks with
`picture(asset_id)`: it gets the pixmap, or None while it loads, and redraws on `loaded(asset_id)`.
Text assets get a document icon.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QPointF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QStyle

from ...core.library import Library
from ...qt.operation import Operation

Picture = QPixmap | QIcon

DEFAULT_SIZE = QSize(160, 108)
"""The library grid's picture box (its tiles are the most drawn: 20,000 scrolled past). A thumbnail made at
that size for the screen's pixel ratio is copied onto the tile as it is; scaled on each paint it cost
0.2 ms a tile, most of scrolling a page."""
KEPT_PICTURES = 1500
"""The newest pictures kept (~70 KB each at ratio 1): scrolling a 20,000-asset library must not keep them all."""
LOADS_AT_ONCE = 4
"""Thumbnails read at a time. More only piles finished loads (pixmaps, repaints) into a single turn of
the event loop while the user scrolls past."""
SETTLE_MS = 40
"""Loads wait until no new tile has asked for this long: while the user flings through thousands of tiles
the decoding threads and their pixmaps would take both cores of a small machine from the scrolling
(91 of 1,820 pages over 12 ms, the worst 38 ms, against 4 and 13 ms with loads waiting)."""
QUEUE_MOST = 2000
"""Asks kept waiting; older ones are forgotten (a tile still on screen asks again when it is painted)."""


class ThumbnailCache(QObject):
    loaded = Signal(int)  # asset id

    def __init__(self, library: Library, parent: QObject | None = None, size: QSize = DEFAULT_SIZE) -> None:
        super().__init__(parent)
        self.library = library
        self.size = size
        self._pictures: OrderedDict[int, Picture | None] = OrderedDict()
        self._loading: set[int] = set()
        """Asked for and not loaded yet (waiting in the queue or being read)."""
        self._queue: OrderedDict[int, None] = OrderedDict()
        """Waiting asks, the newest last: the newest is read first, as it is what the screen shows now."""
        self._running = 0
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._pump)
        self._strips: dict[tuple[int, ...], QPixmap] = {}

    def picture(self, asset_id: int) -> Picture | None:
        """The asset's thumbnail; None while it loads (then `loaded` follows) or when it has none."""
        if asset_id in self._pictures:
            self._pictures.move_to_end(asset_id)
            return self._pictures[asset_id]
        if asset_id in self._queue:
            self._queue.move_to_end(asset_id)  # asked again: it is on screen now
        elif asset_id not in self._loading:
            self._loading.add(asset_id)
            self._queue[asset_id] = None
            while len(self._queue) > QUEUE_MOST:
                forgotten, _ = self._queue.popitem(last=False)
                self._loading.discard(forgotten)
            self._settle.start()  # a new tile came into view: the view may still be moving
        return None

    def _pump(self) -> None:
        while self._running < LOADS_AT_ONCE and self._queue:
            asset_id, _ = self._queue.popitem(last=True)
            self._running += 1
            Operation(self, lambda _progress, asset_id=asset_id: self._load(asset_id)).success(
                lambda picture, asset_id=asset_id: self._loaded(asset_id, picture)
            ).failure(lambda _error, asset_id=asset_id: self._loaded(asset_id, None)).finished(self._load_ended).run()

    def _load_ended(self) -> None:
        self._running -= 1
        if not self._settle.isActive():
            self._pump()

    def first_picture(self, asset_ids: Iterable[int]) -> Picture | None:
        """The first real thumbnail among several results (a song's two clips: the first cover)."""
        fallback: Picture | None = None
        for asset_id in asset_ids:
            picture = self.picture(asset_id)
            if isinstance(picture, QPixmap):
                return picture
            fallback = fallback or picture
        return fallback

    def strip(self, asset_ids: Sequence[int], most: int = 2) -> Picture | None:
        """The first results side by side (a song's two clips: both covers); None while none has loaded."""
        pixmaps = [p for p in (self.picture(a) for a in list(asset_ids)[:most]) if isinstance(p, QPixmap)]
        if len(pixmaps) < 2:
            return pixmaps[0] if pixmaps else self.first_picture(asset_ids)
        key = tuple(asset_ids[:most])
        joined = self._strips.get(key)
        if joined is None:
            height = min(p.height() for p in pixmaps)  # device pixels, as every width below
            scaled = [p.scaledToHeight(height, Qt.TransformationMode.SmoothTransformation) for p in pixmaps]
            ratio = scaled[0].devicePixelRatio()
            gap = 2 * (len(scaled) - 1)
            joined = QPixmap(sum(p.width() for p in scaled) + gap, height)
            joined.setDevicePixelRatio(ratio)
            joined.fill(Qt.GlobalColor.transparent)
            painter = QPainter(joined)
            x = 0
            for pixmap in scaled:
                painter.drawPixmap(QPointF(x / ratio, 0), pixmap)
                x += pixmap.width() + 2
            painter.end()
            self._strips[key] = joined
        return joined

    def has_pixmap(self, asset_id: int) -> bool:
        return isinstance(self._pictures.get(asset_id), QPixmap)

    def forget(self, asset_id: int) -> None:
        self._pictures.pop(asset_id, None)
        self._strips = {key: strip for key, strip in self._strips.items() if asset_id not in key}

    async def _load(self, asset_id: int) -> Picture | None:
        try:
            asset = self.library.get(asset_id)
        except KeyError:
            return None
        if asset.kind == "text":
            return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        path = await self.library.thumbnail(asset)
        if path is None:
            return None
        ratio = QApplication.instance().devicePixelRatio()  # type: ignore[union-attr] # read on the UI thread
        image = await asyncio.to_thread(scaled_image, path, self.size, ratio)
        return None if image.isNull() else QPixmap.fromImage(image)

    def _loaded(self, asset_id: int, picture: Picture | None) -> None:
        self._loading.discard(asset_id)
        self._pictures[asset_id] = picture
        while len(self._pictures) > KEPT_PICTURES:
            self._pictures.popitem(last=False)
        self.loaded.emit(asset_id)


def scaled_image(path: Path, size: QSize, ratio: float | None = None) -> QImage:
    """Read and scale a picture; QImage (unlike QPixmap) may be made off the UI thread.

    With `ratio` (the screen's device pixel ratio) the picture fits `size` in logical pixels on that
    screen, to be drawn unscaled; without, it is twice `size`, for a view that scales it anyway."""
    image = QImage(str(path))
    if image.isNull():
        return image
    scaled = image.scaled(
        size * (ratio or 2), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )
    if ratio:
        scaled.setDevicePixelRatio(ratio)
    return scaled
