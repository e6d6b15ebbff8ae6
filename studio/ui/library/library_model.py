"""The library as a table model over a whole query's ids: rows are read a page at a time, when drawn.

A query of 20,000 assets costs a list of 20,000 ints; only the pages a view paints are read from
SQLite (and a bounded number kept). The grid (column 0, icon mode) and the list (every column) are
two views of this one model. Change events keep it current: removals and insertions are applied as
such (selection and scroll stay), an edited row is read again.
"""

from __future__ import annotations

from collections import OrderedDict
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QMimeData, QModelIndex, QObject, QPersistentModelIndex, Qt, QUrl

from ...core.events import AssetsChanged
from ...core.library import Asset, AssetQuery, Library
from ...qt.events import StudioEvents
from .. import formats
from ..widgets.asset_model import ASSET_ROLE, ID_ROLE
from ..widgets.thumbnails import ThumbnailCache

Index = QModelIndex | QPersistentModelIndex

PAGE = 100
KEPT_PAGES = 60
MOST_MOVES = 50
"""More rows come or go than this (emptying the trash): one reset is cheaper than row by row."""
ASSET_IDS_MIME = "application/x-studio-asset-ids"


class Column(IntEnum):
    TITLE = 0
    KIND = 1
    MODEL = 2
    FAMILY = 3
    CREATED = 4
    SIZE = 5
    TAGS = 6


COLUMNS = len(Column)


def human_size(size: int) -> str:
    return formats.size(size)


class LibraryModel(QAbstractTableModel):
    def __init__(
        self, library: Library, events: StudioEvents, thumbnails: ThumbnailCache, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.thumbnails = thumbnails
        self.query = AssetQuery()
        self._ids: list[int] = []
        self._rows: dict[int, int] = {}
        self._pages: OrderedDict[int, dict[int, Asset]] = OrderedDict()
        events.assetsChanged.connect(self._changed)
        thumbnails.loaded.connect(self._thumbnail_loaded)

    # the query -----------------------------------------------------------------------------------

    def set_query(self, query: AssetQuery) -> None:
        self.query = query
        self.beginResetModel()
        self._set_ids(self.library.find_ids(query))
        self.endResetModel()

    def _set_ids(self, ids: list[int]) -> None:
        self._ids = ids
        self._rows = {asset_id: row for row, asset_id in enumerate(ids)}
        self._pages.clear()

    def asset_ids(self) -> list[int]:
        return list(self._ids)

    def row_of(self, asset_id: int) -> int | None:
        return self._rows.get(asset_id)

    def asset_at(self, row: int) -> Asset | None:
        if not 0 <= row < len(self._ids):
            return None
        page_number = row // PAGE
        page = self._pages.get(page_number)
        if page is None:
            start = page_number * PAGE
            page = self.library.get_many(self._ids[start : start + PAGE])
            self._pages[page_number] = page
            while len(self._pages) > KEPT_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_number)
        return page.get(self._ids[row])

    # Qt's model interface ----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else COLUMNS  # a constant: the grid's layout asks once per item

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            Column.TITLE: self.tr("Title"),
            Column.KIND: self.tr("Kind"),
            Column.MODEL: self.tr("Model"),
            Column.FAMILY: self.tr("Service"),
            Column.CREATED: self.tr("Created"),
            Column.SIZE: self.tr("Size"),
            Column.TAGS: self.tr("Tags"),
        }.get(Column(section))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        asset = self.asset_at(index.row())
        if asset is None:
            return None
        if role == ASSET_ROLE:
            return asset
        if role == ID_ROLE:
            return asset.id
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(asset, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return asset.prompt or asset.title
        if role == Qt.ItemDataRole.DecorationRole and column == Column.TITLE:
            return self.thumbnails.picture(asset.id)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, asset: Asset, column: Column) -> str:
        if column == Column.TITLE:
            return asset.title or asset.prompt or self.tr("Untitled")
        if column == Column.KIND:
            return kind_name(asset.kind)
        if column == Column.MODEL:
            return asset.model
        if column == Column.FAMILY:
            return asset.family
        if column == Column.CREATED:
            return formats.date_time(asset.created)
        if column == Column.SIZE:
            return human_size(asset.byte_size) if asset.byte_size else ""
        return ", ".join(asset.tags)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else base

    # dragging out ------------------------------------------------------------------------------

    def mimeTypes(self) -> list[str]:
        return ["text/uri-list", ASSET_IDS_MIME]

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        """The files themselves (a file manager copies them, another tab takes them) and their ids."""
        rows = sorted({index.row() for index in indexes if index.isValid()})
        assets = [asset for asset in (self.asset_at(row) for row in rows) if asset is not None]
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(asset.path)) for asset in assets if asset.path is not None])
        mime.setData(ASSET_IDS_MIME, ",".join(str(asset.id) for asset in assets).encode())
        return mime

    # staying current ---------------------------------------------------------------------------

    def _changed(self, change: AssetsChanged) -> None:
        for asset_id in change.updated:
            self._forget(asset_id)
        if change.added or change.trashed or change.restored or change.removed:
            self._follow(self.library.find_ids(self.query))
        elif change.updated:  # an edit may move a row (sorted by name) or drop it from a filter
            fresh = self.library.find_ids(self.query)
            if fresh != self._ids:
                self._follow(fresh)
        for asset_id in change.updated:
            row = self._rows.get(asset_id)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, COLUMNS - 1))

    def _forget(self, asset_id: int) -> None:
        row = self._rows.get(asset_id)
        if row is not None:
            self._pages.pop(row // PAGE, None)
        self.thumbnails.forget(asset_id)

    def _follow(self, fresh: list[int]) -> None:
        """Move from the ids shown to `fresh` by removing and inserting rows (a reset only if the order moved)."""
        keep = set(fresh)
        gone = [row for row, asset_id in enumerate(self._ids) if asset_id not in keep]
        if len(gone) + len(keep.difference(self._ids)) > MOST_MOVES:
            self.beginResetModel()
            self._set_ids(list(fresh))
            self.endResetModel()
            return
        for row in reversed(gone):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._ids[row]
            self._set_ids(self._ids)
            self.endRemoveRows()
        shown = set(self._ids)
        if [asset_id for asset_id in fresh if asset_id in shown] != self._ids:
            self.beginResetModel()
            self._set_ids(list(fresh))
            self.endResetModel()
            return
        for row, asset_id in enumerate(fresh):
            if asset_id not in shown:
                self.beginInsertRows(QModelIndex(), row, row)
                self._ids.insert(row, asset_id)
                self._set_ids(self._ids)
                self.endInsertRows()

    def _thumbnail_loaded(self, asset_id: int) -> None:
        row = self._rows.get(asset_id)
        if row is not None:
            index = self.index(row, 0)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])


def kind_name(kind: str) -> str:
    from PySide6.QtCore import QCoreApplication

    return {
        "image": QCoreApplication.translate("LibraryModel", "Image"),
        "audio": QCoreApplication.translate("LibraryModel", "Audio"),
        "video": QCoreApplication.translate("LibraryModel", "Video"),
        "text": QCoreApplication.translate("LibraryModel", "Text"),
    }.get(kind, kind)
