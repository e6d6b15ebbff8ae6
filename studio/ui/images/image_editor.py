"""The inputs of an edit or a variation: the pictures (the mask applies to the first), the mask canvas
with its brush tools, and an optional mask file.

Pictures arrive by drop, paste (Ctrl+V), "Add images…" or from another tab (a file URL); they are
decoded off the UI thread. A mask file the same size as the first picture is loaded into the canvas
(so it can be touched up); any other is kept as it is, for the check to refuse with its reason.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
from PIL import Image
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...core.images import MASK, inspect_image
from ...qt.operation import Operation
from ..shortcuts import make_shortcut
from ..widgets.dialogs import pick_files
from ..widgets.drop_zone import DropZone
from ..widgets.mask_canvas import MAX_BRUSH, MIN_BRUSH, MaskCanvas
from ..widgets.thumbnails import scaled_image

PATH_ROLE = Qt.ItemDataRole.UserRole + 1
STRIP_ICON = QSize(56, 56)


def mask_paint(mask: Path, size: tuple[int, int]) -> np.ndarray | None:
    """The paint a mask file stands for (255 − alpha), when it fits a picture of `size`; else None."""
    info = inspect_image(mask, what=MASK)
    if info.size != size or not info.has_alpha or info.ext != "png":
        return None
    with Image.open(mask) as picture:
        alpha = np.asarray(picture.convert("RGBA").getchannel("A"))
    return 255 - alpha


class ImageEditor(QWidget):
    inputsChanged = Signal()  # the pictures or the mask file changed: check them again
    status = Signal(str)

    def __init__(self, scratch: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scratch = scratch
        """Where pasted pictures are written (the tab's own temporary folder)."""
        self.inputs: list[Path] = []
        self.titles: dict[Path, str] = {}
        """Names to show for pictures whose file is named by its content (from the library)."""
        self.mask_file: Path | None = None
        self.limit = 16
        self._pasted = itertools.count(1)
        self._shown: Path | None = None
        self._build()
        self.drops = DropZone(self, {"image"})
        self.drops.watch(self.canvas)
        self.drops.watch(self.strip)
        self.drops.filesDropped.connect(self.add_inputs)
        self.drops.imageDropped.connect(self.add_picture)
        self.drops.refused.connect(self.status)
        self.mask_drops = DropZone(self.mask_label, {"image"}, images=False, multiple=False)
        self.mask_drops.filesDropped.connect(lambda paths: self.set_mask_file(paths[0]))
        self.mask_drops.refused.connect(self.status)
        for paste in make_shortcut("image_editor.paste", self):
            paste.activated.connect(self.paste)

    def _build(self) -> None:
        self.strip = QListWidget()
        self.strip.setViewMode(QListView.ViewMode.IconMode)
        self.strip.setFlow(QListView.Flow.LeftToRight)
        self.strip.setWrapping(False)
        self.strip.setIconSize(STRIP_ICON)
        self.strip.setFixedHeight(STRIP_ICON.height() + 34)
        self.strip.setToolTip(self.tr("The mask applies to the first picture"))
        self.add_button = QPushButton(self.tr("Add images…"))
        self.remove_button = QPushButton(self.tr("Remove"))
        self.hint = QLabel(self.tr("Drop, paste (Ctrl+V) or add pictures; paint where the edit may change."))
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: palette(placeholder-text);")
        top = QHBoxLayout()
        top.addWidget(self.strip, 1)
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        top.addLayout(buttons)

        self.canvas = MaskCanvas()
        self.canvas.setMinimumSize(320, 240)
        self.size_slider = QSlider(Qt.Orientation.Horizontal)
        self.size_slider.setAccessibleName(self.tr("Brush size"))
        self.size_slider.setRange(MIN_BRUSH, 400)
        self.size_slider.setValue(self.canvas.brush_size)
        self.size_label = QLabel()
        self.hardness_slider = QSlider(Qt.Orientation.Horizontal)
        self.hardness_slider.setAccessibleName(self.tr("Brush hardness"))
        self.hardness_slider.setRange(0, 100)
        self.hardness_slider.setValue(100)
        self.eraser = QCheckBox(self.tr("Eraser"))
        self.undo_button = QToolButton()
        self.redo_button = QToolButton()
        undo = self.canvas.undo_stack.createUndoAction(self, self.tr("Undo"))
        redo = self.canvas.undo_stack.createRedoAction(self, self.tr("Redo"))
        for button, action in ((self.undo_button, undo), (self.redo_button, redo)):
            action.setShortcuts([])  # Ctrl+Z / Ctrl+Y belong to the window's Edit menu, which this stack joins
            button.setDefaultAction(action)
        self.clear_button = QPushButton(self.tr("Clear"))
        self.invert_button = QPushButton(self.tr("Invert"))
        self.fit_button = QPushButton(self.tr("Fit"))
        self.size_slider.setMinimumWidth(140)
        self.hardness_slider.setMinimumWidth(100)
        brush = QHBoxLayout()
        brush.addWidget(QLabel(self.tr("Brush")))
        brush.addWidget(self.size_slider, 2)
        brush.addWidget(self.size_label)
        brush.addWidget(QLabel(self.tr("Hardness")))
        brush.addWidget(self.hardness_slider, 1)
        brush.addWidget(self.eraser)
        edits = QHBoxLayout()
        for widget in (self.undo_button, self.redo_button, self.clear_button, self.invert_button, self.fit_button):
            edits.addWidget(widget)
        edits.addStretch(1)
        self.tools = QWidget()
        tools = QVBoxLayout(self.tools)
        tools.setContentsMargins(0, 0, 0, 0)
        tools.addLayout(brush)
        tools.addLayout(edits)

        self.mask_label = QLabel(self.tr("Mask file: none (paint on the picture, or drop a mask PNG here)"))
        self.mask_label.setWordWrap(True)
        self.mask_button = QPushButton(self.tr("Choose mask…"))
        self.forget_mask_button = QPushButton(self.tr("No mask file"))
        mask_row = QHBoxLayout()
        mask_row.addWidget(self.mask_label, 1)
        mask_row.addWidget(self.mask_button)
        mask_row.addWidget(self.forget_mask_button)
        self.mask_row = QWidget()
        self.mask_row.setLayout(mask_row)
        mask_row.setContentsMargins(0, 0, 0, 0)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.tools)
        layout.addWidget(self.mask_row)

        self.add_button.clicked.connect(self._pick)
        self.remove_button.clicked.connect(self.remove_selected)
        self.size_slider.valueChanged.connect(self._brush_size_chosen)
        self.canvas.brushSizeChanged.connect(self.size_slider.setValue)
        self.hardness_slider.valueChanged.connect(lambda value: setattr(self.canvas, "hardness", value / 100))
        self.eraser.toggled.connect(lambda on: setattr(self.canvas, "eraser", on))
        self.clear_button.clicked.connect(self.clear_mask)
        self.invert_button.clicked.connect(self.canvas.invert_mask)
        self.fit_button.clicked.connect(self.canvas.fit)
        self.mask_button.clicked.connect(self._pick_mask)
        self.forget_mask_button.clicked.connect(lambda: self.set_mask_file(None))
        self._brush_size_chosen(self.size_slider.value())
        self._show_mask_file()

    # mode -----------------------------------------------------------------------------------------

    def set_masking(self, masking: bool) -> None:
        """Edits take a mask; variations do not (the canvas only shows the picture)."""
        self.canvas.painting_enabled = masking
        self.tools.setVisible(masking)
        self.mask_row.setVisible(masking)
        self.canvas.layer_item.setVisible(masking)
        self.hint.setText(
            self.tr("Drop, paste (Ctrl+V) or add pictures; paint where the edit may change.")
            if masking
            else self.tr("Drop, paste (Ctrl+V) or add the picture to make variations of.")
        )

    def set_limit(self, limit: int) -> None:
        """How many pictures the model takes; with one, a new picture replaces the old."""
        self.limit = limit

    def _brush_size_chosen(self, size: int) -> None:
        self.canvas.brush_size = min(size, MAX_BRUSH)
        self.size_label.setText(self.tr("{size} px").format(size=self.canvas.brush_size))

    # pictures -------------------------------------------------------------------------------------

    def _pick(self) -> None:
        pick_files(
            self,
            self.tr("Choose pictures"),
            self.add_inputs,
            name_filter=self.tr("Pictures (*.png *.jpg *.jpeg *.webp);;All files (*)"),
        )

    def title(self, path: Path) -> str:
        return self.titles.get(path, path.name)

    def add_inputs(self, paths: list[Path], titles: dict[Path, str] | None = None) -> None:
        self.titles.update(titles or {})
        if not paths:
            return
        if self.limit == 1:
            self.set_inputs(paths[-1:])
        else:
            self.set_inputs([*self.inputs, *paths])

    def set_inputs(self, paths: list[Path]) -> None:
        self.inputs = list(paths)
        self.strip.clear()
        for path in self.inputs:
            item = QListWidgetItem(self.title(path))
            item.setData(PATH_ROLE, str(path))
            item.setToolTip(str(path))
            self.strip.addItem(item)
            Operation.in_thread(self, lambda _progress, path=path: scaled_image(path, STRIP_ICON)).success(
                lambda image, item=item: item.setIcon(QIcon(QPixmap.fromImage(image)))
            ).run()
        first = self.inputs[0] if self.inputs else None
        if first != self._shown:
            self._shown = first
            if first is None:
                self.canvas.clear_image()
            else:
                Operation.in_thread(self, lambda _progress: QImage(str(first))).success(
                    lambda image: self._first_loaded(first, image)
                ).run()
        self.inputsChanged.emit()

    def _first_loaded(self, path: Path, image: QImage) -> None:
        if path != self._shown:
            return  # another picture came first meanwhile
        if image.isNull():
            self.canvas.clear_image()  # the check says why in one sentence
            return
        self.canvas.set_image(image)
        self.status.emit(
            self.tr("{name}: {width}×{height}").format(
                name=self.title(path), width=image.width(), height=image.height()
            )
        )

    def replace_inputs(self, paths: list[Path], paint: np.ndarray | None = None) -> None:
        """Fixed copies in place of the originals; `paint` is the paint reshaped like the first one."""
        for old, new in zip(self.inputs, paths, strict=False):
            if old in self.titles and new != old:
                self.titles[new] = self.titles[old]
        self._shown = paths[0] if paths else None
        self.inputs = list(paths)
        for row, path in enumerate(paths):
            item = self.strip.item(row)
            if item is not None:
                item.setData(PATH_ROLE, str(path))
                item.setText(self.title(path))
        if paths:
            first = paths[0]
            size = self.canvas.image_size()
            Operation.in_thread(self, lambda _progress: QImage(str(first))).success(
                lambda image: self._fixed_loaded(image, size, paint)
            ).run()
        self.inputsChanged.emit()

    def _fixed_loaded(self, image: QImage, size: tuple[int, int], paint: np.ndarray | None) -> None:
        if (image.width(), image.height()) == size and paint is None:
            return  # converted only: the picture on the canvas and its paint still line up
        self.canvas.set_image(image)
        if paint is not None and paint.any():
            self.canvas.load_painted(paint)

    def remove_selected(self) -> None:
        rows = {index.row() for index in self.strip.selectedIndexes()}
        if rows:
            self.set_inputs([path for row, path in enumerate(self.inputs) if row not in rows])

    def paste(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None or not self.drops.take(mime):
            self.status.emit(self.tr("The clipboard holds no picture."))

    def add_picture(self, image: QImage) -> None:
        """A picture without a file (pasted, or dragged from a browser): written as a PNG first."""
        target = self.scratch / f"pasted-{next(self._pasted)}.png"

        def write(_progress: object) -> Path:
            if not image.save(str(target), "PNG"):
                raise OSError(f"could not write {target}")
            return target

        Operation.in_thread(self, write).success(lambda path: self.add_inputs([path])).run()

    # the mask -------------------------------------------------------------------------------------

    def clear_mask(self) -> None:
        self.canvas.clear_mask()
        if self.mask_file is not None:
            self.set_mask_file(None)

    def _pick_mask(self) -> None:
        pick_files(
            self,
            self.tr("Choose a mask"),
            lambda paths: self.set_mask_file(paths[0]) if paths else None,
            name_filter=self.tr("PNG pictures (*.png);;All files (*)"),
            multiple=False,
        )

    def set_mask_file(self, path: Path | None) -> None:
        if path is None or not self.canvas.has_image():
            self.mask_file = path
            self._show_mask_file()
            self.inputsChanged.emit()
            return
        size = self.canvas.image_size()
        Operation.in_thread(self, lambda _progress: mask_paint(path, size)).success(
            lambda paint: self._mask_read(path, paint)
        ).failure(lambda _error: self._mask_read(path, None)).run()

    def _mask_read(self, path: Path, paint: np.ndarray | None) -> None:
        if paint is not None:
            self.canvas.load_painted(paint)
            self.mask_file = None
            self.status.emit(self.tr("Loaded the mask {name} onto the picture").format(name=path.name))
        else:
            self.mask_file = path  # kept as it is: the check says what is wrong with it
        self._show_mask_file()
        self.inputsChanged.emit()

    def _show_mask_file(self) -> None:
        if self.mask_file is None:
            self.mask_label.setText(self.tr("Mask file: none (paint on the picture, or drop a mask PNG here)"))
        else:
            self.mask_label.setText(self.tr("Mask file: {name}").format(name=self.mask_file.name))
        self.forget_mask_button.setEnabled(self.mask_file is not None)
