"""The results gallery: every image the tab's families made, newest first, straight from the library.

It fills in by itself from the library's change events (a result is in the library the moment it
exists). A result can be dragged out (a file URL, so a file manager copies it, and this tab's editor or
another tab takes it), copied, sent to the editor or to chat, opened or shown in its folder; its context
menu also sends it to a Midjourney blend or describe, or to Luma as a start frame, and brings its
prompt and settings back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from PySide6.QtCore import QMimeData, QModelIndex, QPersistentModelIndex, QPoint, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication, QImage
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.library import Asset, Library, link_out
from ...qt.events import StudioEvents
from ...qt.messages import translated
from ...qt.operation import Operation
from ..widgets.asset_model import ASSET_ROLE, AssetListModel, AssetTileDelegate
from ..widgets.image_viewer import ImageWindow
from ..widgets.thumbnails import ThumbnailCache

Index = QModelIndex | QPersistentModelIndex


class GalleryModel(AssetListModel):
    """Library images whose rows can be dragged out as their files."""

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        asset: Asset | None = index.data(ASSET_ROLE) if index.isValid() else None
        if asset is not None and asset.path is not None:
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        return flags

    def mimeTypes(self) -> list[str]:
        return ["text/uri-list"]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        mime = QMimeData()
        paths = [asset.path for asset in (index.data(ASSET_ROLE) for index in indexes) if asset and asset.path]
        mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
        return mime


class GalleryView(QListView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)
        self.setSpacing(4)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setItemDelegate(AssetTileDelegate(self, QSize(180, 156)))


class ResultsGallery(QWidget):
    sendToEdit = Signal(list)  # list[Asset], each with its file
    reuseRequested = Signal(object)  # Asset
    sendToBlend = Signal(list)  # list[Asset]
    sendToDescribe = Signal(list)  # list[Asset]
    sendToLuma = Signal(list)  # list[Path]
    status = Signal(str)

    def __init__(
        self,
        library: Library,
        events: StudioEvents,
        thumbnails: ThumbnailCache,
        families: Iterable[str],
        results_folder: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.results_folder = results_folder
        self.model = GalleryModel(library, events, thumbnails, kinds={"image"}, families=families, parent=self)
        self.view = GalleryView()
        self.view.setAccessibleName(self.tr("Results"))
        self.view.setModel(self.model)
        self.empty = QLabel(self.tr("Results appear here as they arrive."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: palette(placeholder-text);")
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton(self.tr("Open"))
        self.copy_button = QPushButton(self.tr("Copy image"))
        self.edit_button = QPushButton(self.tr("Send to edit"))
        self.chat_button = QPushButton(self.tr("Send to chat"))
        self.folder_button = QPushButton(self.tr("Show in folder"))
        self.reuse_button = QPushButton(self.tr("Reuse prompt and settings"))
        self.buttons = (
            self.open_button,
            self.copy_button,
            self.edit_button,
            self.chat_button,
            self.folder_button,
            self.reuse_button,
        )
        first_row, second_row = QHBoxLayout(), QHBoxLayout()
        for button in self.buttons[:3]:
            first_row.addWidget(button)
        for button in self.buttons[3:]:
            second_row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("Results")))
        layout.addWidget(self.empty)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.details)
        layout.addLayout(first_row)
        layout.addLayout(second_row)
        self.send_to_chat: Callable[[list[Path]], bool] = lambda _paths: False
        """Set by the tab: hands files to the chat tab."""
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.view.doubleClicked.connect(lambda _index: self.open_selected())
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.model.rowsInserted.connect(self._rows_changed)
        self.model.rowsRemoved.connect(self._rows_changed)
        self.model.modelReset.connect(self._rows_changed)
        self.model.dataChanged.connect(lambda *_: self._selection_changed())
        self.open_button.clicked.connect(self.open_selected)
        self.copy_button.clicked.connect(self.copy_selected)
        self.edit_button.clicked.connect(self._send_to_edit)
        self.chat_button.clicked.connect(self._send_to_chat)
        self.folder_button.clicked.connect(self.show_in_folder)
        self.reuse_button.clicked.connect(self._reuse)
        self._rows_changed()
        self._selection_changed()

    # selection ------------------------------------------------------------------------------------

    def selected(self) -> list[Asset]:
        rows = sorted(index.row() for index in self.view.selectionModel().selectedIndexes())
        return [self.model.index(row).data(ASSET_ROLE) for row in rows]

    def selected_paths(self) -> list[Path]:
        return [asset.path for asset in self.selected() if asset.path is not None]

    def select(self, asset_ids: Iterable[int]) -> None:
        selection = self.view.selectionModel()
        selection.clearSelection()
        for asset_id in asset_ids:
            position = self.model.position(asset_id)
            if position is not None:
                index = self.model.index(position)
                selection.select(index, selection.SelectionFlag.Select)
                self.view.setCurrentIndex(index)
                self.view.scrollTo(index)

    def _rows_changed(self, *_: object) -> None:
        has_rows = self.model.rowCount() > 0
        self.empty.setVisible(not has_rows)

    def _selection_changed(self, *_: object) -> None:
        chosen = self.selected()
        with_file = [asset for asset in chosen if asset.path is not None]
        for button in self.buttons:
            button.setEnabled(bool(with_file))
        self.reuse_button.setEnabled(len(chosen) == 1)
        self.open_button.setEnabled(len(with_file) == 1)
        self.details.setText(self._describe(chosen[0]) if len(chosen) == 1 else "")

    def _describe(self, asset: Asset) -> str:
        lines = [asset.prompt or asset.title]
        revised = asset.parameters.get("revised_prompt")
        if revised:
            lines.append(self.tr("Revised prompt: {prompt}").format(prompt=revised))
        facts = [asset.model]
        if asset.width and asset.height:
            facts.append(f"{asset.width}×{asset.height}")
        lines.append(" · ".join(fact for fact in facts if fact))
        if asset.parent_id is not None:
            try:
                source = self.library.get(asset.parent_id)
            except KeyError:
                source = None
            if source is not None:
                lines.append(self.tr("Made from: {title}").format(title=source.title or source.prompt))
        if asset.path is None and asset.parameters.get("unsaved"):
            lines.append(self.tr("Not saved yet: the download failed; its link lives 60 minutes."))
        return "\n".join(line for line in lines if line)

    # out ------------------------------------------------------------------------------------------

    def _context_menu(self, position: QPoint) -> None:
        index = self.view.indexAt(position)
        if index.isValid() and not self.view.selectionModel().isSelected(index):
            self.view.setCurrentIndex(index)
        menu = self.menu()
        if not menu.isEmpty():
            menu.popup(self.view.viewport().mapToGlobal(position))

    def menu(self) -> QMenu:
        """What can be done with the selected results (the right-click menu)."""
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        chosen = [asset for asset in self.selected() if asset.path is not None]
        if not chosen:
            return menu
        menu.addAction(self.tr("Send to edit"), self._send_to_edit)
        menu.addAction(self.tr("Send to Midjourney blend"), lambda: self.sendToBlend.emit(chosen))
        menu.addAction(self.tr("Send to Midjourney describe"), lambda: self.sendToDescribe.emit(chosen[:1]))
        paths = [asset.path for asset in chosen if asset.path is not None]
        menu.addAction(self.tr("Send to Luma as the start frame"), lambda: self.sendToLuma.emit(paths[:1]))
        menu.addAction(self.tr("Send to chat"), self._send_to_chat)
        menu.addSeparator()
        reuse = menu.addAction(self.tr("Reuse prompt and settings"), self._reuse)
        reuse.setEnabled(len(self.selected()) == 1)
        menu.addAction(self.tr("Copy image"), self.copy_selected)
        menu.addAction(self.tr("Show in folder"), self.show_in_folder)
        return menu

    def _send_to_chat(self) -> None:
        paths = self.selected_paths()
        if paths:
            self.send_to_chat(paths)

    def _send_to_edit(self) -> None:
        chosen = [asset for asset in self.selected() if asset.path is not None]
        if chosen:
            self.sendToEdit.emit(chosen)

    def _reuse(self) -> None:
        chosen = self.selected()
        if len(chosen) == 1:
            self.reuseRequested.emit(chosen[0])

    def open_selected(self) -> ImageWindow | None:
        chosen = [asset for asset in self.selected() if asset.path is not None]
        if not chosen or chosen[0].path is None:
            return None
        window = ImageWindow(chosen[0].path, chosen[0].title, self)
        window.show()
        return window

    def copy_selected(self) -> Operation[QImage] | None:
        paths = self.selected_paths()
        if not paths:
            return None
        path = paths[0]
        return (
            Operation.in_thread(self, lambda _progress: QImage(str(path)))
            .success(lambda image: self._copied(image, path))
            .run()
        )

    def _copied(self, image: QImage, path: Path) -> None:
        mime = QMimeData()
        mime.setImageData(image)
        mime.setUrls([QUrl.fromLocalFile(str(path))])
        QGuiApplication.clipboard().setMimeData(mime)
        self.status.emit(self.tr("Image copied"))

    def show_in_folder(self) -> Operation[Path] | None:
        """The file in the file manager under a readable name (the library names files by content)."""
        chosen = [asset for asset in self.selected() if asset.path is not None]
        if not chosen:
            return None
        asset, folder = chosen[0], self.results_folder
        return (
            Operation.in_thread(self, lambda _progress: link_out(asset, folder))
            .success(self._reveal)
            .failure(lambda error: self.status.emit(translated(error)))
            .run()
        )

    def _reveal(self, path: Path) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent))):
            self.status.emit(self.tr("No file manager could be opened; the file is {path}").format(path=path))
