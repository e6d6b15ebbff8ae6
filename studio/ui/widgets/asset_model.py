"""Library assets as an item model that keeps itself current from the library's change events.

    model = AssetListModel(context.workspace.library, context.events, context.thumbnails)
    view.setModel(model)                       # newest first; a finished job's file appears by itself
    view.setItemDelegate(AssetTileDelegate())  # thumbnail, title, kind badge

`kinds`/`families` narrow it (a Music tab: audio from Suno and Udio). Rows are read in pages; an
added asset costs one row read, never a reload. Dragging rows out carries their files as file URLs,
which any DropZone (another tab, the file manager) takes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QUrl,
)
from PySide6.QtGui import QColor, QFontMetrics, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ...core.events import AssetsChanged
from ...core.library import Asset, Library
from ...qt.events import StudioEvents
from .thumbnails import ThumbnailCache

Index = QModelIndex | QPersistentModelIndex

ASSET_ROLE = Qt.ItemDataRole.UserRole + 20
ID_ROLE = Qt.ItemDataRole.UserRole + 21
KIND_COLOURS = {"image": "#1565c0", "audio": "#ef6c00", "video": "#c2185b", "text": "#546e7a"}


class AssetListModel(QAbstractListModel):
    def __init__(
        self,
        library: Library,
        events: StudioEvents,
        thumbnails: ThumbnailCache | None = None,
        *,
        kinds: Iterable[str] | None = None,
        families: Iterable[str] | None = None,
        limit: int = 500,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.thumbnails = thumbnails
        self.kinds = frozenset(kinds) if kinds else None
        self.families = frozenset(families) if families else None
        self.limit = limit
        self._assets: list[Asset] = []
        events.assetsChanged.connect(self._changed)
        if thumbnails is not None:
            thumbnails.loaded.connect(self._thumbnail_loaded)
        self.reload()

    def _wanted(self, asset: Asset) -> bool:
        return (
            not asset.trashed
            and (self.kinds is None or asset.kind in self.kinds)
            and (self.families is None or asset.family in self.families)
        )

    def reload(self) -> None:
        self.beginResetModel()
        self._assets = [a for a in self.library.assets(limit=self.limit) if self._wanted(a)]
        self.endResetModel()

    def assets(self) -> list[Asset]:
        return list(self._assets)

    def asset_ids(self) -> list[int]:
        return [asset.id for asset in self._assets]

    def position(self, asset_id: int) -> int | None:
        for position, asset in enumerate(self._assets):
            if asset.id == asset_id:
                return position
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._assets)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        asset = self._assets[index.row()]
        if role == ASSET_ROLE:
            return asset
        if role == ID_ROLE:
            return asset.id
        if role == Qt.ItemDataRole.DisplayRole:
            return asset.title or asset.prompt or self.tr("Untitled")
        if role == Qt.ItemDataRole.ToolTipRole:
            return asset.prompt or asset.title
        if role == Qt.ItemDataRole.DecorationRole and self.thumbnails is not None:
            return self.thumbnails.picture(asset.id)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and self._assets[index.row()].path is not None:
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        return flags

    def mimeTypes(self) -> list[str]:
        return ["text/uri-list"]

    def mimeData(self, indexes: Iterable[QModelIndex]) -> QMimeData:
        """The dragged assets' files as file URLs (each file once)."""
        mime = QMimeData()
        paths = dict.fromkeys(
            self._assets[index.row()].path for index in indexes if index.isValid() and self._assets[index.row()].path
        )
        mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
        return mime

    def _changed(self, change: AssetsChanged) -> None:
        gone = set(change.trashed) | set(change.removed)
        for asset_id in gone:
            position = self.position(asset_id)
            if position is not None:
                self.beginRemoveRows(QModelIndex(), position, position)
                del self._assets[position]
                self.endRemoveRows()
        for asset_id in (*change.added, *change.restored):
            self._insert(asset_id)
        for asset_id in change.updated:
            position = self.position(asset_id)
            if position is not None:
                self._assets[position] = self.library.get(asset_id)
                if self.thumbnails is not None:
                    self.thumbnails.forget(asset_id)
                self.dataChanged.emit(self.index(position), self.index(position))

    def _insert(self, asset_id: int) -> None:
        if self.position(asset_id) is not None:
            return
        try:
            asset = self.library.get(asset_id)
        except KeyError:
            return
        if not self._wanted(asset):
            return
        position = next(
            (n for n, other in enumerate(self._assets) if (other.created, other.id) < (asset.created, asset.id)),
            len(self._assets),
        )
        self.beginInsertRows(QModelIndex(), position, position)
        self._assets.insert(position, asset)
        self.endInsertRows()

    def _thumbnail_loaded(self, asset_id: int) -> None:
        position = self.position(asset_id)
        if position is not None:
            self.dataChanged.emit(self.index(position), self.index(position), [Qt.ItemDataRole.DecorationRole])


class AssetTileDelegate(QStyledItemDelegate):
    """A tile: the thumbnail (or a placeholder while it loads), the title, a kind badge."""

    def __init__(self, parent: QObject | None = None, tile: QSize | None = None) -> None:
        super().__init__(parent)
        self.tile = tile or QSize(160, 132)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return self.tile

    def picture(self, index: Index) -> Any:
        """What the tile shows; a subclass may show something else (a video's frame under the mouse)."""
        return index.data(Qt.ItemDataRole.DecorationRole)

    @staticmethod
    def picture_box(option: QStyleOptionViewItem) -> QRect:
        rect = option.rect.adjusted(4, 4, -4, -4)
        return QRect(rect.left(), rect.top(), rect.width(), rect.height() - 24)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        asset: Asset | None = index.data(ASSET_ROLE)
        if asset is None:
            return
        painter.save()
        rect = option.rect.adjusted(4, 4, -4, -4)
        palette = option.palette
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, palette.color(QPalette.ColorRole.Highlight))
        picture_box = self.picture_box(option)
        picture = self.picture(index)
        if isinstance(picture, QIcon):
            picture = picture.pixmap(QSize(40, 40))
        if isinstance(picture, QPixmap) and not picture.isNull():
            own = picture.deviceIndependentSize().toSize()
            size = own.scaled(picture_box.size(), Qt.AspectRatioMode.KeepAspectRatio)
            if abs(size.width() - own.width()) <= 1 and abs(size.height() - own.height()) <= 1:
                size = own  # made for this box (the window's thumbnails): copied as it is, no scaling
            else:
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            target = QRect(0, 0, size.width(), size.height())
            target.moveCenter(picture_box.center())
            painter.drawPixmap(target, picture)
        else:
            painter.fillRect(picture_box, palette.color(QPalette.ColorRole.AlternateBase))
        badge = QRect(picture_box.left() + 4, picture_box.top() + 4, 44, 16)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(KIND_COLOURS.get(asset.kind, "#546e7a")))
        painter.drawRoundedRect(badge, 3, 3)
        painter.setPen(QColor("white"))
        small = painter.font()
        small.setPixelSize(10)
        painter.setFont(small)
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, _kind_label(asset.kind))
        painter.setFont(option.font)
        role = (
            QPalette.ColorRole.HighlightedText
            if option.state & QStyle.StateFlag.State_Selected
            else QPalette.ColorRole.Text
        )
        painter.setPen(palette.color(role))
        title = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        text_box = QRect(rect.left(), picture_box.bottom() + 4, rect.width(), 20)
        painter.drawText(
            text_box,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            QFontMetrics(option.font).elidedText(title, Qt.TextElideMode.ElideRight, text_box.width()),
        )
        painter.restore()


def _kind_label(kind: str) -> str:
    from PySide6.QtCore import QCoreApplication

    return {
        "image": QCoreApplication.translate("AssetTileDelegate", "image"),
        "audio": QCoreApplication.translate("AssetTileDelegate", "audio"),
        "video": QCoreApplication.translate("AssetTileDelegate", "video"),
        "text": QCoreApplication.translate("AssetTileDelegate", "text"),
    }.get(kind, kind)
