"""Where a song came from and what came of it: the songs it continues, and the ones that continue it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ...core.library import Asset
from ..widgets.media_player import clock

SONG_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class LineageDialog(QDialog):
    """Non-modal; double-click a song to show it in the songs list."""

    def __init__(
        self,
        song: Asset,
        continues: list[Asset],
        continued_by: list[Asset],
        on_pick: Callable[[int], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Lineage of “{title}”").format(title=song.title or self.tr("Untitled")))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(460, 360)
        self.songs = QListWidget()
        for ancestor in continues:
            self._add(self.tr("continues  {title}").format(title=self._name(ancestor)), ancestor.id)
        self._add(self.tr("this song  {title}").format(title=self._name(song)), song.id, bold=True)
        for child in continued_by:
            self._add(self.tr("continued by  {title}").format(title=self._name(child)), child.id)
        self.songs.itemDoubleClicked.connect(lambda item: on_pick(int(item.data(SONG_ID_ROLE))))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        if not continues and not continued_by:
            layout.addWidget(QLabel(self.tr("This song continues nothing, and nothing continues it yet.")))
        layout.addWidget(self.songs, 1)
        layout.addWidget(buttons)

    def _name(self, song: Asset) -> str:
        at = song.parameters.get("continue_at")
        length = clock(round(song.duration)) if song.duration else "?"
        title = song.title or self.tr("Untitled")
        text = f"{title} ({length})"
        if isinstance(at, int | float):
            text += self.tr(", from {at} s").format(at=f"{at:g}")
        return text

    def _add(self, text: str, song_id: int, *, bold: bool = False) -> None:
        item = QListWidgetItem(text)
        item.setData(SONG_ID_ROLE, song_id)
        if bold:
            font = item.font()
            font.setBold(True)
            item.setFont(font)
        self.songs.addItem(item)
