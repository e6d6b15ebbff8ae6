"""The grid's tile: the shared asset tile, plus a favourite star and the length or size."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from ...core.library import Asset
from ..widgets.asset_model import ASSET_ROLE, AssetTileDelegate
from ..widgets.media_player import clock
from .library_model import human_size

STAR = "★"


class LibraryTileDelegate(AssetTileDelegate):
    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().paint(painter, option, index)
        asset: Asset | None = index.data(ASSET_ROLE)
        if asset is None:
            return
        painter.save()
        rect = option.rect.adjusted(4, 4, -4, -4)
        picture_box = QRect(rect.left(), rect.top(), rect.width(), rect.height() - 24)
        small = painter.font()
        small.setPixelSize(10)
        painter.setFont(small)
        meta = clock(asset.duration) if asset.duration else human_size(asset.byte_size) if asset.byte_size else ""
        if meta:
            width = painter.fontMetrics().horizontalAdvance(meta) + 8
            box = QRect(picture_box.right() - width - 3, picture_box.bottom() - 19, width, 16)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(0, 0, 0, 150))
            painter.drawRoundedRect(box, 3, 3)
            painter.setPen(QColor("white"))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, meta)
        if asset.favourite:
            star = QRect(picture_box.right() - 21, picture_box.top() + 3, 18, 18)
            large = painter.font()
            large.setPixelSize(16)
            painter.setFont(large)
            painter.setPen(QColor("#ffb300"))
            painter.drawText(star, Qt.AlignmentFlag.AlignCenter, STAR)
        painter.restore()


class ThumbnailCellDelegate(QStyledItemDelegate):
    """The list's title cell: the thumbnail at icon size beside the title (a pixmap would be drawn at its own size)."""

    def __init__(self, icon: QSize, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.icon = icon

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        option.decorationSize = self.icon
