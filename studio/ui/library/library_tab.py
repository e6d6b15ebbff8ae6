"""The Library tab: every asset in a grid or a list, found as you type, previewed and managed offline.

Nothing here touches the network: the rows are SQLite, the files and thumbnails are on disk. The grid
(icon mode) and the list (columns) are two views of one `LibraryModel` sharing one selection; the
filters build an `AssetQuery`. Edits (tags, notes, favourite, trash) go through the tab's undo stack;
file work (import, export, check, showing in the file manager) runs in operations.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QMimeData, QModelIndex, QSettings, QSize, Qt, QTime, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...core.images import FAMILY as IMAGES_FAMILY
from ...core.library import KINDS, Asset, AssetQuery, export_assets, link_out, split_tags
from ...core.library_check import CheckReport, check_files, files_to_check, remove_orphans
from ...qt.messages import translated
from ...qt.operation import Operation
from ..tab import StudioTab, TabAction, TabContext
from ..widgets.asset_model import ID_ROLE
from ..widgets.dialogs import ask_text, confirm, pick_files, pick_folder
from ..widgets.drop_zone import DropZone
from .check_dialog import CheckDialog
from .detail_pane import DetailPane
from .library_model import Column, LibraryModel, kind_name
from .tile_delegate import LibraryTileDelegate, ThumbnailCellDelegate

REUSE_TABS = {
    IMAGES_FAMILY: "images",
    "midjourney": "images",
    "ideogram": "images",
    "suno": "music",
    "udio": "music",
    "luma": "video",
    "video": "video",
    "audio": "audio",
}
"""The tab that made each family's results, which takes one back to start from its settings."""
TILE = QSize(168, 140)
LAYOUT_BATCH = 1500
"""Tiles laid out per event-loop turn (~4 µs each): the first screen shows at once, no turn takes 16 ms."""
ANY_DATE = QDate(2000, 1, 1)


class EditAssets(QUndoCommand):
    """One change to one or more assets (tags, notes, favourite, trash), undone by applying the old values."""

    def __init__(self, text: str, apply: Callable[[int, object], None], old: dict[int, object], new: dict[int, object]):
        super().__init__(text)
        self.apply = apply
        self.old = old
        self.new = new

    def redo(self) -> None:
        for asset_id, value in self.new.items():
            self.apply(asset_id, value)

    def undo(self) -> None:
        for asset_id, value in self.old.items():
            self.apply(asset_id, value)


class LibraryTab(StudioTab):
    def __init__(self, context: TabContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.library = context.workspace.library
        self.undo = QUndoStack(self)
        self.model = LibraryModel(self.library, context.events, context.thumbnails, self)
        self.operations: list[Operation[object]] = []
        self.check_dialog: CheckDialog | None = None
        self.last_report: CheckReport | None = None

        self._build_filters()
        self._build_views()
        self._build_actions()
        self.detail = DetailPane(self.library)
        self.detail.assetChosen.connect(self.show_asset_id)
        self.detail.tagsEdited.connect(lambda asset_id, text: self.set_tags({asset_id: split_tags(text)}))
        self.detail.notesEdited.connect(self.set_notes)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(self.detail_bar)
        right_layout.addWidget(self.detail, 1)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.pages)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(self.filter_bar)
        layout.addLayout(self.action_bar)
        layout.addWidget(self.splitter, 1)

        context.events.assetsChanged.connect(self._assets_changed)
        self.refresh_facets()
        self.refresh()

    # building ------------------------------------------------------------------------------------

    def _build_filters(self) -> None:
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search prompts, titles, tags, lyrics, transcripts…"))
        self.search.setClearButtonEnabled(True)
        self.kind = QComboBox()
        self.kind.addItem(self.tr("All kinds"), "")
        for kind in KINDS:
            self.kind.addItem(kind_name(kind), kind)
        self.family = QComboBox()
        self.model_filter = QComboBox()
        self.tag = QComboBox()
        self.since = self._date_edit(self.tr("from any date"))
        self.until = self._date_edit(self.tr("to any date"))
        self.favourites = QCheckBox(self.tr("Favourites"))
        self.sort = QComboBox()
        for label, key in (
            (self.tr("Newest"), "newest"),
            (self.tr("Oldest"), "oldest"),
            (self.tr("Name"), "name"),
            (self.tr("Size"), "size"),
        ):
            self.sort.addItem(label, key)
        self.filter_bar = QHBoxLayout()
        self.filter_bar.addWidget(self.search, 3)
        for widget in (self.kind, self.family, self.model_filter, self.tag, self.since, self.until):
            self.filter_bar.addWidget(widget, 1)
        self.filter_bar.addWidget(self.favourites)
        self.filter_bar.addWidget(self.sort)
        self.search.textChanged.connect(self.refresh)
        for combo in (self.kind, self.family, self.model_filter, self.tag, self.sort):
            combo.currentIndexChanged.connect(self.refresh)
        for date in (self.since, self.until):
            date.dateChanged.connect(self.refresh)
        self.favourites.toggled.connect(self.refresh)

    def _date_edit(self, any_text: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setMinimumDate(ANY_DATE)
        edit.setSpecialValueText(any_text)  # shown at the minimum date: no bound
        edit.setDate(ANY_DATE)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    def _build_views(self) -> None:
        self.grid = QListView()
        self.grid.setViewMode(QListView.ViewMode.IconMode)
        self.grid.setUniformItemSizes(True)
        self.grid.setLayoutMode(QListView.LayoutMode.Batched)  # 20,000 tiles laid out a slice per frame
        self.grid.setBatchSize(LAYOUT_BATCH)
        self.grid.setResizeMode(QListView.ResizeMode.Adjust)
        self.grid.setMovement(QListView.Movement.Static)
        self.grid.setWrapping(True)
        self.grid.setSpacing(2)
        self.grid.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.grid.verticalScrollBar().setSingleStep(24)
        self.grid.setModel(self.model)
        self.grid.setModelColumn(Column.TITLE)
        self.grid.setItemDelegate(LibraryTileDelegate(self.grid, TILE))
        self.list = QTableView()
        self.list.setModel(self.model)
        self.list.setSelectionModel(self.grid.selectionModel())
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setItemDelegateForColumn(Column.TITLE, ThumbnailCellDelegate(QSize(36, 22), self.list))
        self.list.setWordWrap(False)
        self.list.verticalHeader().hide()
        self.list.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.list.verticalHeader().setDefaultSectionSize(26)
        header = self.list.horizontalHeader()
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        for column, width in (
            (Column.KIND, 70),
            (Column.MODEL, 100),
            (Column.FAMILY, 100),
            (Column.CREATED, 125),
            (Column.SIZE, 70),
            (Column.TAGS, 90),
        ):
            header.resizeSection(column, width)
        for view in (self.grid, self.list):
            view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
            view.setDragEnabled(True)
            view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
            view.setDefaultDropAction(Qt.DropAction.CopyAction)
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.customContextMenuRequested.connect(lambda point, view=view: self._context_menu(view, point))
            view.doubleClicked.connect(lambda _index: self.reveal())
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: palette(placeholder-text); padding: 24px;")
        self.pages = QStackedWidget()
        for page in (self.grid, self.list, self.empty):
            self.pages.addWidget(page)
        self.drops = DropZone(self.grid, {"image", "audio", "video"}, images=False)
        self.drops.watch(self.list)
        self.drops.watch(self.empty)
        self.drops.filesDropped.connect(self.import_files)
        self.drops.refused.connect(self.status.emit)
        self.grid.selectionModel().currentChanged.connect(self._current_changed)
        self.grid.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())

    def _build_actions(self) -> None:
        self.view_mode = QComboBox()
        self.view_mode.addItem(self.tr("Grid"), "grid")
        self.view_mode.addItem(self.tr("List"), "list")
        self.view_mode.currentIndexChanged.connect(lambda _index: self._show_page())
        self.trash_view = QCheckBox(self.tr("Trash"))
        self.trash_view.toggled.connect(self.refresh)
        self.import_action = QAction(self.tr("Import files…"), self)
        self.import_action.triggered.connect(self.choose_imports)
        self.tag_action = QAction(self.tr("Add tag…"), self)
        self.tag_action.triggered.connect(self.ask_tag)
        self.export_action = QAction(self.tr("Export…"), self)
        self.export_action.triggered.connect(self.choose_export)
        self.trash_action = QAction(self.tr("Move to trash"), self)
        self.trash_action.triggered.connect(self.trash_selected)
        self.restore_action = QAction(self.tr("Restore"), self)
        self.restore_action.triggered.connect(self.restore_selected)
        self.empty_trash_action = QAction(self.tr("Empty trash…"), self)
        self.empty_trash_action.triggered.connect(self.ask_empty_trash)
        self.check_action = QAction(self.tr("Check library…"), self)
        self.check_action.triggered.connect(self.check_library)
        self.reuse_action = QAction(self.tr("Reuse settings"), self)
        self.reuse_action.triggered.connect(self.reuse_settings)
        self.reveal_action = QAction(self.tr("Show in folder"), self)
        self.reveal_action.triggered.connect(self.reveal)
        self.copy_action = QAction(self.tr("Copy"), self)
        self.copy_action.triggered.connect(self.copy_selected)
        self.favourite_action = QAction(self.tr("Favourite"), self)
        self.favourite_action.setCheckable(True)
        self.favourite_action.triggered.connect(self.set_favourite)
        self.send_menu = QMenu(self.tr("Send to"), self)
        self.send_button = self._button_for(None, self.tr("Send to"))
        self.send_button.setMenu(self.send_menu)
        self.send_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.count = QLabel()
        self.check_progress = QProgressBar()
        self.check_progress.setMaximumWidth(160)
        self.check_progress.hide()

        self.action_bar = QHBoxLayout()
        self.action_bar.addWidget(self.view_mode)
        self.action_bar.addWidget(self.trash_view)
        for action in (
            self.import_action,
            self.tag_action,
            self.export_action,
            self.trash_action,
            self.restore_action,
            self.empty_trash_action,
            self.check_action,
        ):
            self.action_bar.addWidget(self._button_for(action))
        self.action_bar.addWidget(self.check_progress)
        self.action_bar.addStretch(1)
        self.action_bar.addWidget(self.count)
        self.detail_bar = QHBoxLayout()
        for action in (self.favourite_action, self.reuse_action, self.reveal_action, self.copy_action):
            self.detail_bar.addWidget(self._button_for(action))
        self.detail_bar.addWidget(self.send_button)
        self.detail_bar.addStretch(1)

    def _button_for(self, action: QAction | None, text: str = "") -> QToolButton:
        button = QToolButton()
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        if action is not None:
            button.setDefaultAction(action)
        else:
            button.setText(text)
        return button

    # the contract --------------------------------------------------------------------------------

    def menu_actions(self) -> Sequence[TabAction]:
        return (TabAction("file", self.import_action), TabAction("file", self.check_action))

    def undo_stack(self) -> QUndoStack:
        return self.undo

    def open_files(self, paths: list[Path]) -> bool:
        usable = [path for path in paths if path.is_file()]
        self.import_files(usable)
        return bool(usable)

    def stop(self) -> None:
        for operation in list(self.operations):
            operation.cancel()
        self.detail.stop()

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("splitter", self.splitter.saveState())
        settings.setValue("view", self.view_mode.currentData())
        settings.setValue("columns", self.list.horizontalHeader().saveState())

    def restore_state(self, settings: QSettings) -> None:
        splitter = settings.value("splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        columns = settings.value("columns")
        if columns is not None:
            self.list.horizontalHeader().restoreState(columns)
        view = settings.value("view")
        position = self.view_mode.findData(view) if isinstance(view, str) else -1
        if position >= 0:
            self.view_mode.setCurrentIndex(position)

    # finding -------------------------------------------------------------------------------------

    def query(self) -> AssetQuery:
        kind = self.kind.currentData()
        return AssetQuery(
            text=self.search.text(),
            kinds=frozenset({kind}) if kind else frozenset(),
            family=self.family.currentData() or None,
            model=self.model_filter.currentData() or None,
            since=self._day_start(self.since.date()),
            until=self._day_start(self.until.date().addDays(1)) if self.until.date() != ANY_DATE else None,
            favourites_only=self.favourites.isChecked(),
            tag=self.tag.currentData() or None,
            trashed=self.trash_view.isChecked(),
            sort=self.sort.currentData(),
        )

    @staticmethod
    def _day_start(date: QDate) -> float | None:
        if date == ANY_DATE:
            return None
        return QDateTime(date, QTime(0, 0)).toSecsSinceEpoch() * 1.0

    def refresh(self) -> None:
        current = self.current_asset()
        self.model.set_query(self.query())
        if current is not None and self.model.row_of(current.id) is not None:
            self.select_ids([current.id])
        else:
            self.detail.show_asset(None)
        self._show_page()
        self._update_actions()

    def refresh_facets(self) -> None:
        facets = self.library.facets()
        for combo, everything, values in (
            (self.family, self.tr("All services"), facets.families),
            (self.model_filter, self.tr("All models"), facets.models),
            (self.tag, self.tr("All tags"), facets.tags),
        ):
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, "")
            for value in values:
                combo.addItem(value, value)
            position = combo.findData(chosen) if chosen else 0
            combo.setCurrentIndex(max(0, position))
            combo.blockSignals(False)
            if chosen and position < 0:  # the value is gone from the library: the filter with it
                self.refresh()

    def _show_page(self) -> None:
        count = self.model.rowCount()
        trash = self.trash_view.isChecked()
        if count == 0:
            if trash:
                self.empty.setText(self.tr("The trash is empty."))
            elif self.query() != AssetQuery(sort=self.query().sort):
                self.empty.setText(self.tr("Nothing matches these words and filters."))
            else:
                self.empty.setText(
                    self.tr(
                        "Nothing in the library yet. Everything you make appears here; drop images, audio or "
                        "video here to import them."
                    )
                )
            self.pages.setCurrentWidget(self.empty)
        else:
            self.pages.setCurrentWidget(self.grid if self.view_mode.currentData() == "grid" else self.list)
        self.count.setText(self.tr("{count} assets").format(count=count))

    def _assets_changed(self, _change: object) -> None:
        self.refresh_facets()
        self._show_page()
        current = self.current_asset()
        if current is not None:
            self.detail.show_asset(current)
        elif self.detail.asset is not None and self.model.row_of(self.detail.asset.id) is None:
            self.detail.show_asset(None)
        self._update_actions()

    # selection -----------------------------------------------------------------------------------

    def active_view(self) -> QAbstractItemView:
        return self.list if self.view_mode.currentData() == "list" else self.grid

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.grid.selectionModel().selectedIndexes()})
        return [self.model.asset_ids()[row] for row in rows if row < self.model.rowCount()]

    def selected_assets(self) -> list[Asset]:
        found = self.library.get_many(self.selected_ids())
        return [found[asset_id] for asset_id in self.selected_ids() if asset_id in found]

    def current_asset(self) -> Asset | None:
        index = self.grid.selectionModel().currentIndex()
        asset_id = index.data(ID_ROLE) if index.isValid() else None
        if asset_id is None:
            return None
        try:
            return self.library.get(int(asset_id))
        except KeyError:
            return None

    def select_ids(self, asset_ids: list[int]) -> None:
        selection = self.grid.selectionModel()
        selection.clearSelection()
        for position, asset_id in enumerate(asset_ids):
            row = self.model.row_of(asset_id)
            if row is None:
                continue
            index = self.model.index(row, Column.TITLE)
            flags = selection.SelectionFlag.Select | selection.SelectionFlag.Rows
            if position == 0:
                selection.setCurrentIndex(index, flags)
                self.active_view().scrollTo(index)
            else:
                selection.select(index, flags)

    def show_asset_id(self, asset_id: int) -> None:
        """Go to an asset (a lineage step): in the grid if the filters show it, else with the filters cleared."""
        if self.model.row_of(asset_id) is None:
            self.clear_filters()
        if self.model.row_of(asset_id) is not None:
            self.select_ids([asset_id])
        else:  # in the trash while the library shows, or the other way round
            try:
                self.detail.show_asset(self.library.get(asset_id))
            except KeyError:
                return

    def clear_filters(self) -> None:
        widgets = (
            self.search,
            self.kind,
            self.family,
            self.model_filter,
            self.tag,
            self.since,
            self.until,
            self.favourites,
        )
        for widget in widgets:
            widget.blockSignals(True)
        self.search.clear()
        for combo in (self.kind, self.family, self.model_filter, self.tag):
            combo.setCurrentIndex(0)
        self.since.setDate(ANY_DATE)
        self.until.setDate(ANY_DATE)
        self.favourites.setChecked(False)
        for widget in widgets:
            widget.blockSignals(False)
        self.refresh()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        asset_id = current.data(ID_ROLE) if current.isValid() else None
        try:
            self.detail.show_asset(self.library.get(int(asset_id)) if asset_id is not None else None)
        except KeyError:
            self.detail.show_asset(None)
        self._update_actions()

    def _update_actions(self) -> None:
        selected = bool(self.grid.selectionModel().selectedIndexes())
        trash = self.trash_view.isChecked()
        current = self.detail.asset
        for action in (self.tag_action, self.export_action, self.copy_action):
            action.setEnabled(selected)
        self.trash_action.setVisible(not trash)
        self.trash_action.setEnabled(selected)
        self.restore_action.setVisible(trash)
        self.restore_action.setEnabled(selected)
        self.empty_trash_action.setVisible(trash)
        self.reveal_action.setEnabled(current is not None and current.path is not None)
        self.favourite_action.setEnabled(current is not None)
        self.favourite_action.setChecked(current is not None and current.favourite)
        reuse = REUSE_TABS.get(current.family) if current is not None else None
        self.reuse_action.setEnabled(
            reuse is not None and self.context.has_tab(reuse) and current is not None and current.path is not None
        )
        self._fill_send_menu(current)

    def _fill_send_menu(self, asset: Asset | None) -> None:
        from ..tabs import registered_tabs

        self.send_menu.clear()
        for spec in registered_tabs():
            if spec.key == "library" or spec.area != "tab":
                continue
            action = self.send_menu.addAction(QCoreApplication.translate("Tabs", spec.title))
            usable = asset is not None and asset.path is not None and asset.kind in spec.file_kinds
            action.setEnabled(usable and self.context.has_tab(spec.key))
            action.triggered.connect(lambda _=False, key=spec.key: self.send_to(key))
        self.send_button.setEnabled(asset is not None)

    def _context_menu(self, view: QAbstractItemView, point: object) -> None:
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for action in (self.favourite_action, self.reuse_action, self.reveal_action, self.copy_action):
            menu.addAction(action)
        menu.addMenu(self.send_menu)
        menu.addSeparator()
        for action in (self.tag_action, self.export_action, self.trash_action, self.restore_action):
            if action.isVisible():
                menu.addAction(action)
        menu.popup(view.viewport().mapToGlobal(point))  # type: ignore[arg-type]

    # edits through the undo stack ----------------------------------------------------------------

    def set_tags(self, tags: dict[int, list[str]]) -> None:
        found = self.library.get_many(list(tags))
        old: dict[int, object] = {asset_id: asset.tags for asset_id, asset in found.items()}
        new: dict[int, object] = {asset_id: tags[asset_id] for asset_id in found}
        if old == new:
            return
        text = self.tr("Tag {count} assets").format(count=len(new))
        self.undo.push(EditAssets(text, lambda asset_id, value: self.library.set_tags(asset_id, value), old, new))  # type: ignore[arg-type]

    def set_notes(self, asset_id: int, notes: str) -> None:
        old: dict[int, object] = {asset_id: self.library.get(asset_id).notes}
        self.undo.push(
            EditAssets(
                self.tr("Edit notes"),
                lambda asset_id, value: self.library.set_notes(asset_id, str(value)),
                old,
                {asset_id: notes},
            )
        )

    def set_favourite(self, favourite: bool) -> None:
        asset = self.detail.asset
        if asset is None:
            return
        self.undo.push(
            EditAssets(
                self.tr("Favourite") if favourite else self.tr("Not a favourite"),
                lambda asset_id, value: self.library.set_favourite(asset_id, bool(value)),
                {asset.id: asset.favourite},
                {asset.id: favourite},
            )
        )

    def ask_tag(self) -> None:
        ids = self.selected_ids()
        if ids:
            ask_text(
                self,
                self.tr("Add a tag"),
                self.tr("Tag for {count} assets:").format(count=len(ids)),
                lambda text: self.add_tag(ids, text),
            )

    def add_tag(self, asset_ids: list[int], text: str) -> None:
        found = self.library.get_many(asset_ids)
        extra = split_tags(text)
        self.set_tags(
            {
                asset_id: asset.tags + [tag for tag in extra if tag not in asset.tags]
                for asset_id, asset in found.items()
            }
        )

    def _trash(self, asset_ids: list[int], trashed: bool) -> None:
        text = (
            self.tr("Move {count} assets to the trash").format(count=len(asset_ids))
            if trashed
            else self.tr("Restore {count} assets").format(count=len(asset_ids))
        )

        def apply(asset_id: int, value: object) -> None:
            if value:
                self.library.trash(asset_id)
            else:
                self.library.restore(asset_id)

        self.undo.push(
            EditAssets(text, apply, dict.fromkeys(asset_ids, not trashed), dict.fromkeys(asset_ids, trashed))
        )

    def trash_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self._trash(ids, True)
            self.status.emit(
                self.tr("{count} assets moved to the trash (Ctrl+Z brings them back).").format(count=len(ids))
            )

    def restore_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self._trash(ids, False)

    def ask_empty_trash(self) -> None:
        count = self.library.count(trashed=True)
        if not count:
            return
        confirm(
            self,
            self.tr("Empty the trash?"),
            self.tr(
                "{count} assets in the trash will be deleted for good, with every file no other asset uses."
            ).format(count=count),
            self.tr("Delete for good"),
            self.empty_trash,
        )

    def empty_trash(self) -> None:
        self.undo.clear()  # what the trash held cannot come back
        self._run(
            Operation(self, lambda _progress: self.library.empty_trash()).success(
                lambda count: self.status.emit(self.tr("{count} assets deleted for good.").format(count=count))
            )
        )

    # files in and out ----------------------------------------------------------------------------

    def _run(self, operation: Operation[object]) -> Operation[object]:
        """Run an operation the tab stops on quit; failures go to the status bar as one sentence."""
        self.operations.append(operation)
        operation.failure(lambda error: self.status.emit(translated(error)))
        operation.finished(lambda: self.operations.remove(operation) if operation in self.operations else None)
        return operation.run()

    def choose_imports(self) -> None:
        pick_files(
            self,
            self.tr("Import into the library"),
            self.import_files,
            name_filter=self.tr(
                "Images, audio and video (*.png *.jpg *.jpeg *.webp *.gif *.mp3 *.wav *.m4a "
                "*.ogg *.flac *.mp4 *.mov *.webm)"
            ),
        )

    def import_files(self, paths: list[Path]) -> None:
        """Each file becomes an asset, its kind judged by its bytes; a file already in the library is skipped."""
        for path in paths:
            if path.is_relative_to(self.library.root):  # dragged out of this grid and back in
                continue
            self._run(
                Operation(self, lambda _progress, path=path: self.library.import_asset(path)).success(
                    lambda asset: self.status.emit(self.tr("Imported {name}").format(name=asset.title))
                )
            )

    def choose_export(self) -> None:
        assets = self.selected_assets()
        if assets:
            pick_folder(self, self.tr("Export to a folder"), lambda folder: self.export(assets, folder))

    def export(self, assets: list[Asset], folder: Path) -> Operation[object]:
        return self._run(
            Operation.in_thread(self, lambda progress: export_assets(assets, folder, progress)).success(
                lambda written: self.status.emit(
                    self.tr("Exported {count} assets to {folder}").format(count=len(assets), folder=folder)
                )
            )
        )

    def reveal(self) -> None:
        """The file in the file manager under a readable name (the library names files by content)."""
        asset = self.detail.asset
        if asset is None or asset.path is None:
            return
        folder = self.workspace.settings.paths.data_dir / "Results"
        self._run(Operation.in_thread(self, lambda _progress: link_out(asset, folder)).success(self._open_folder))

    def _open_folder(self, path: Path) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent))):
            self.status.emit(self.tr("No file manager could be opened; the file is {path}").format(path=path))

    def copy_selected(self) -> None:
        assets = self.selected_assets()
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(asset.path)) for asset in assets if asset.path is not None])
        texts = [asset.text if asset.kind == "text" else str(asset.path or "") for asset in assets]
        mime.setText("\n".join(text for text in texts if text))
        QGuiApplication.clipboard().setMimeData(mime)
        self.status.emit(self.tr("{count} assets copied.").format(count=len(assets)))

    def send_to(self, key: str) -> bool:
        asset = self.detail.asset
        if asset is None or asset.path is None:
            return False
        return self.context.send_to(key, [asset.path])

    def reuse_settings(self) -> bool:
        """Hand the asset to the tab of the family that made it; that tab finds the asset by its file's
        content and fills its form from the stored parameters."""
        asset = self.detail.asset
        key = REUSE_TABS.get(asset.family) if asset is not None else None
        if asset is None or key is None or asset.path is None:
            return False
        return self.context.send_to(key, [asset.path])

    # maintenance ---------------------------------------------------------------------------------

    def check_library(self) -> None:
        files = files_to_check(self.library)
        self.check_action.setEnabled(False)
        self.check_progress.setRange(0, max(1, len(files)))
        self.check_progress.setValue(0)
        self.check_progress.show()
        self._run(
            Operation.in_thread(self, lambda progress: check_files(self.library, files, progress))
            .with_progress(lambda done, _total: self.check_progress.setValue(done))
            .success(self._show_report)
            .finished(lambda: (self.check_action.setEnabled(True), self.check_progress.hide()))
        )

    def _show_report(self, report: CheckReport) -> None:
        self.last_report = report
        self.check_dialog = CheckDialog(report, self.ask_remove_orphans, self)
        self.check_dialog.finished.connect(lambda _result: setattr(self, "check_dialog", None))
        self.check_dialog.open()

    def ask_remove_orphans(self, paths: list[Path]) -> None:
        confirm(
            self.check_dialog or self,
            self.tr("Remove unused files?"),
            self.tr("{count} files that no asset uses will be deleted.").format(count=len(paths)),
            self.tr("Remove"),
            lambda: self.remove_orphans(paths),
        )

    def remove_orphans(self, paths: list[Path]) -> None:
        def removed(count: int) -> None:
            if self.check_dialog is not None:
                self.check_dialog.orphans_removed(count)

        self._run(Operation.in_thread(self, lambda _progress: remove_orphans(self.library, paths)).success(removed))
