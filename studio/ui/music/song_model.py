"""The songs list: clips still being made (from their jobs) on top, then every song in the library.

    songs = SongListModel(context)            # pending clips + AssetListModel(audio from Suno and Udio)
    view.setModel(songs)
    view.setItemDelegate(SongDelegate(covers.picture))

A pending row is replaced by the library's row the moment the song's file is stored; a clip that
failed stays with its reason. Rows are diffed, never reset, so the selection survives each poll.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractListModel,
    QConcatenateTablesProxyModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ...core.library import Asset
from ...core.music import PendingClip
from ...core.tasks import JobState
from ..widgets.asset_model import ASSET_ROLE, AssetListModel
from ..widgets.job_model import BRANDS, FAMILY_COLOURS, STATE_COLOURS
from ..widgets.media_player import clock

Index = QModelIndex | QPersistentModelIndex

PENDING_ROLE = Qt.ItemDataRole.UserRole + 40
ROW_HEIGHT = 68
COVER_SIZE = 56


@dataclass(frozen=True)
class PendingRow:
    """A clip in the making, with its job's state and progress; `reason` says why it failed."""

    clip: PendingClip
    state: JobState
    progress: float | None = None
    reason: str = ""

    @property
    def key(self) -> str:
        return f"{self.clip.job_id}:{self.clip.key}"

    @property
    def failed(self) -> bool:
        return self.clip.status == "error" or self.state in (JobState.FAILED, JobState.NEEDS_ATTENTION)


class PendingClipModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[PendingRow] = []

    def rows(self) -> list[PendingRow]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == PENDING_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return row.clip.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.reason or row.clip.error or row.clip.tags or row.clip.title
        return None

    def set_rows(self, rows: list[PendingRow]) -> None:
        """Become `rows`: removed, changed and new rows each announced, in the order given."""
        wanted = {row.key for row in rows}
        for position in reversed(range(len(self._rows))):
            if self._rows[position].key not in wanted:
                self.beginRemoveRows(QModelIndex(), position, position)
                del self._rows[position]
                self.endRemoveRows()
        kept = [row.key for row in self._rows]
        kept_set = set(kept)
        if kept != [row.key for row in rows if row.key in kept_set]:  # reordered: rare, start over
            self.beginResetModel()
            self._rows = list(rows)
            self.endResetModel()
            return
        for position, row in enumerate(rows):
            if position < len(self._rows) and self._rows[position].key == row.key:
                if self._rows[position] != row:
                    self._rows[position] = row
                    self.dataChanged.emit(self.index(position), self.index(position))
            else:
                self.beginInsertRows(QModelIndex(), position, position)
                self._rows.insert(position, row)
                self.endInsertRows()


class SongListModel(QConcatenateTablesProxyModel):
    """Pending clips, then the library's songs (newest first: an AssetListModel of Suno and Udio audio)."""

    def __init__(self, library_songs: AssetListModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pending = PendingClipModel(self)
        self.library_songs = library_songs
        self.addSourceModel(self.pending)
        self.addSourceModel(library_songs)

    def song_row(self, asset_id: int) -> int | None:
        position = self.library_songs.position(asset_id)
        return None if position is None else self.pending.rowCount() + position

    def pending_row(self, key: str) -> int | None:
        for position, row in enumerate(self.pending.rows()):
            if row.key == key:
                return position
        return None


class SongDelegate(QStyledItemDelegate):
    """A row: the cover, the title, the style tags, length · model, and the state while it is made."""

    def __init__(self, cover_of: Callable[[Asset], QPixmap | None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cover_of = cover_of

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(320, ROW_HEIGHT)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        song: Asset | None = index.data(ASSET_ROLE)
        pending: PendingRow | None = index.data(PENDING_ROLE)
        if song is None and pending is None:
            return
        painter.save()
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(option.rect, palette.color(QPalette.ColorRole.Highlight))
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        rect = option.rect.adjusted(6, 6, -8, -6)
        cover_box = QRect(rect.left(), rect.top(), COVER_SIZE, COVER_SIZE)
        family = song.family if song is not None else pending.clip.family if pending is not None else ""
        picture = self.cover_of(song) if song is not None else None
        if picture is not None and not picture.isNull():
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawPixmap(cover_box, picture)
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(FAMILY_COLOURS.get(family, "#546e7a")).lighter(150))
            painter.drawRoundedRect(cover_box, 4, 4)
            painter.setPen(QColor("white"))
            note = QFont(option.font)
            note.setPixelSize(26)
            painter.setFont(note)
            painter.drawText(cover_box, Qt.AlignmentFlag.AlignCenter, "♪")
        left = cover_box.right() + 10
        badge_text, badge_colour = self._badge(song, pending)
        small = QFont(option.font)
        small.setPixelSize(max(10, option.font.pixelSize() - 2) if option.font.pixelSize() > 0 else 11)
        badge_width = QFontMetrics(small).horizontalAdvance(badge_text) + 12 if badge_text else 0
        text_width = rect.right() - left - badge_width - 8
        bold = QFont(option.font)
        bold.setBold(True)
        title = (song.title or song.prompt if song is not None else pending.clip.title if pending else "") or ""
        painter.setFont(bold)
        painter.setPen(palette.color(text_role))
        line = QFontMetrics(bold).height()
        painter.drawText(
            QRect(left, rect.top(), text_width, line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            QFontMetrics(bold).elidedText(title or self.tr("Untitled"), Qt.TextElideMode.ElideRight, text_width),
        )
        painter.setFont(option.font)
        metrics = QFontMetrics(option.font)
        muted = palette.color(text_role)
        if not selected:
            muted = palette.color(QPalette.ColorRole.PlaceholderText)
        second, third = self._details(song, pending)
        for offset, text, colour in ((line + 2, second, muted), (2 * line + 4, third, muted)):
            painter.setPen(colour)
            painter.drawText(
                QRect(left, rect.top() + offset, text_width, metrics.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                metrics.elidedText(text, Qt.TextElideMode.ElideRight, text_width),
            )
        if badge_text:
            badge = QRect(rect.right() - badge_width, rect.top(), badge_width, QFontMetrics(small).height() + 4)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(badge_colour))
            painter.drawRoundedRect(badge, 3, 3)
            painter.setPen(QColor("white"))
            painter.setFont(small)
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, badge_text)
        painter.restore()

    def _details(self, song: Asset | None, pending: PendingRow | None) -> tuple[str, str]:
        """(style tags, length · model · service) for a song; (tags, state or reason) while it is made."""
        if song is not None:
            length = clock(round(song.duration)) if song.duration else ""
            facts = [length, song.model, BRANDS.get(song.family, song.family)]
            return ", ".join(song.tags), " · ".join(fact for fact in facts if fact)
        assert pending is not None
        if pending.failed:
            return pending.clip.tags, pending.reason or pending.clip.error or ""
        facts = [pending.clip.model, BRANDS.get(pending.clip.family, pending.clip.family)]
        if pending.clip.stream_url:
            facts.insert(0, self.tr("plays while it is made"))
        return pending.clip.tags, " · ".join(fact for fact in facts if fact)

    def _badge(self, song: Asset | None, pending: PendingRow | None) -> tuple[str, str]:
        if song is not None or pending is None:
            return "", ""
        if pending.failed:
            return self.tr("Failed"), STATE_COLOURS[JobState.FAILED]
        if pending.clip.status == "streaming":
            percent = f" {pending.progress:.0f}%" if pending.progress is not None else ""
            return self.tr("Streaming") + percent, FAMILY_COLOURS["suno"]
        if pending.clip.status == "complete" or pending.state is JobState.DOWNLOADING:
            return self.tr("Saving"), STATE_COLOURS[JobState.DONE]
        if pending.state is JobState.RUNNING:
            percent = f" {pending.progress:.0f}%" if pending.progress is not None else ""
            return self.tr("Making") + percent, "#546e7a"
        if pending.state is JobState.SUBMITTING:
            return self.tr("Sending"), "#546e7a"
        return self.tr("Queued"), "#546e7a"
