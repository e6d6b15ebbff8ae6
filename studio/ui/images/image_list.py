"""A short list of pictures a request sends (Midjourney's reference images, a blend's 2–5 images):
drop them from the file manager or the gallery, or choose them; each shows as a thumbnail, and
Remove takes the selected ones out."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QToolButton, QVBoxLayout, QWidget

from ...qt.operation import Operation
from ..widgets.dialogs import pick_files
from ..widgets.drop_zone import DropZone
from ..widgets.thumbnails import scaled_image

THUMB = QSize(72, 72)
PATH_ROLE = Qt.ItemDataRole.UserRole + 1


class ImageList(QWidget):
    changed = Signal()
    refused = Signal(str)  # one sentence: what was dropped and why it is not used

    def __init__(self, title: str, limit: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.limit = limit
        self.title = QLabel(title)
        self.list = QListWidget()
        self.list.setAccessibleName(title)
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setIconSize(THUMB)
        self.list.setMovement(QListWidget.Movement.Static)
        self.list.setFlow(QListWidget.Flow.LeftToRight)
        self.list.setWrapping(False)
        self.list.setFixedHeight(THUMB.height() + 34)
        self.list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.hint = QLabel(self.tr("Drop pictures here or choose them"))
        self.hint.setStyleSheet("color: palette(placeholder-text);")
        self.choose_button = QToolButton()
        self.choose_button.setText(self.tr("Choose…"))
        self.remove_button = QToolButton()
        self.remove_button.setText(self.tr("Remove"))
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.title)
        top.addWidget(self.hint, 1)
        top.addWidget(self.choose_button)
        top.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.list)
        self.drops = DropZone(self.list, {"image"}, images=False)
        self.drops.watch(self)
        self.drops.filesDropped.connect(self.add)
        self.drops.refused.connect(self.refused)
        self.choose_button.clicked.connect(self._choose)
        self.remove_button.clicked.connect(self.remove_selected)
        self._update()

    @property
    def paths(self) -> list[Path]:
        return [self.list.item(row).data(PATH_ROLE) for row in range(self.list.count())]

    def add(self, paths: list[Path]) -> None:
        room = self.limit - self.list.count()
        fresh = [path for path in paths if path not in self.paths]
        if len(fresh) > room:
            self.refused.emit(
                self.tr("At most {count} pictures here; {left} left out.").format(
                    count=self.limit, left=len(fresh) - max(0, room)
                )
            )
        for path in fresh[: max(0, room)]:
            item = QListWidgetItem(path.name)
            item.setData(PATH_ROLE, path)
            item.setToolTip(str(path))
            self.list.addItem(item)
            Operation.in_thread(self, lambda _progress, path=path: scaled_image(path, THUMB)).success(
                lambda image, item=item: self._thumbnail(item, image)
            ).run()
        self._update()
        self.changed.emit()

    def set_paths(self, paths: list[Path]) -> None:
        self.list.clear()
        self.add(paths)

    def clear(self) -> None:
        self.set_paths([])

    def remove_selected(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))
        self._update()
        self.changed.emit()

    def _thumbnail(self, item: QListWidgetItem, image: QImage) -> None:
        if self.list.row(item) >= 0 and not image.isNull():
            item.setIcon(QIcon(QPixmap.fromImage(image)))

    def _update(self) -> None:
        count = self.list.count()
        self.hint.setText(
            self.tr("Drop pictures here or choose them")
            if count == 0
            else self.tr("{count} of at most {limit}").format(count=count, limit=self.limit)
        )
        self.remove_button.setEnabled(count > 0)
        self.choose_button.setEnabled(count < self.limit)

    def _choose(self) -> None:
        pick_files(
            self,
            self.tr("Choose pictures"),
            self.add,
            name_filter=self.tr("Images (*.png *.jpg *.jpeg *.webp);;All files (*)"),
        )
