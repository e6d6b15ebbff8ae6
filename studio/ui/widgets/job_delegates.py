"""Painting for the Tasks table: a progress bar (a moving busy bar when the service gives no figure) and
a thumbnail centred in its cell."""

from __future__ import annotations

import time

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionProgressBar, QStyleOptionViewItem

from .job_model import JOB_ROLE, PROGRESS_ROLE, JobRow

Index = QModelIndex | QPersistentModelIndex

BUSY_PERIOD = 1.6
"""Seconds the busy chunk takes to cross the bar."""
THUMB_SIZE = QSize(96, 44)


class ProgressDelegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        row: JobRow | None = index.data(JOB_ROLE)
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget is not None else QApplication.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget)
        if row is None or (not row.active and row.percent is None):
            return  # a failed or cancelled job has no bar; the status says why
        percent = index.data(PROGRESS_ROLE)
        bar = QStyleOptionProgressBar()
        bar.rect = option.rect.adjusted(6, max(4, (option.rect.height() - 18) // 2), -6, 0)
        bar.rect.setHeight(min(18, option.rect.height() - 8))
        bar.palette = option.palette
        bar.state = option.state | QStyle.StateFlag.State_Horizontal
        bar.minimum, bar.maximum = 0, 100
        bar.textVisible = percent is not None
        bar.progress = round(percent) if percent is not None else 0
        bar.text = f"{percent:.0f} %" if percent is not None else ""
        bar.textAlignment = Qt.AlignmentFlag.AlignCenter
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, option.widget)
        if percent is None:
            self._paint_busy(painter, bar.rect, option.palette)

    def _paint_busy(self, painter: QPainter, rect: QRect, palette: QPalette) -> None:
        inner = rect.adjusted(2, 2, -2, -2)
        chunk = max(12, inner.width() // 4)
        phase = (time.monotonic() % BUSY_PERIOD) / BUSY_PERIOD
        left = inner.left() - chunk + round(phase * (inner.width() + chunk))
        moving = QRect(left, inner.top(), chunk, inner.height()).intersected(inner)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.color(QPalette.ColorRole.Highlight))
        painter.drawRoundedRect(moving, 2, 2)
        painter.restore()


class ThumbnailDelegate(QStyledItemDelegate):
    """The result's thumbnail (or a file icon), scaled to the row and centred."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        self.initStyleOption(option, index)
        picture = index.data(Qt.ItemDataRole.DecorationRole)
        option.icon = QIcon()
        option.features &= ~QStyleOptionViewItem.ViewItemFeature.HasDecoration
        style = option.widget.style() if option.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        if isinstance(picture, QIcon):
            picture = picture.pixmap(QSize(32, 32), painter.device().devicePixelRatioF())
        if not isinstance(picture, QPixmap) or picture.isNull():
            return
        ratio = picture.devicePixelRatioF()
        size = picture.size() / ratio
        box = option.rect.adjusted(2, 2, -2, -2)
        if size.width() > box.width() or size.height() > box.height():
            size.scale(box.size(), Qt.AspectRatioMode.KeepAspectRatio)
        target = QRect(0, 0, size.width(), size.height())
        target.moveCenter(box.center())
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawPixmap(target, picture)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return THUMB_SIZE + QSize(4, 4)
