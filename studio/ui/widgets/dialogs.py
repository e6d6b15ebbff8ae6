"""Questions that never block: each dialog is opened with `open()` and answers through a callback.

Qt's static helpers (`QInputDialog.getText`, `QFileDialog.getOpenFileName`, `QMessageBox.exec`) run a
nested event loop, which would freeze or re-enter the asyncio loop the window runs on; these don't.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget


def ask_text(parent: QWidget, title: str, label: str, on_ok: Callable[[str], None], text: str = "") -> QInputDialog:
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextValue(text)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.textValueSelected.connect(on_ok)
    dialog.open()
    return dialog


def pick_files(
    parent: QWidget,
    title: str,
    on_chosen: Callable[[list[Path]], None],
    *,
    name_filter: str = "",
    multiple: bool = True,
) -> QFileDialog:
    dialog = QFileDialog(parent, title)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles if multiple else QFileDialog.FileMode.ExistingFile)
    if name_filter:
        dialog.setNameFilter(name_filter)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.filesSelected.connect(lambda names: on_chosen([Path(name) for name in names]))
    dialog.open()
    return dialog


def pick_folder(parent: QWidget, title: str, on_chosen: Callable[[Path], None]) -> QFileDialog:
    dialog = QFileDialog(parent, title)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.fileSelected.connect(lambda name: on_chosen(Path(name)))
    dialog.open()
    return dialog


def pick_save_path(
    parent: QWidget, title: str, suggested: str, on_chosen: Callable[[Path], None], *, name_filter: str = ""
) -> QFileDialog:
    dialog = QFileDialog(parent, title)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.selectFile(suggested)
    if name_filter:
        dialog.setNameFilter(name_filter)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.fileSelected.connect(lambda name: on_chosen(Path(name)))
    dialog.open()
    return dialog


def confirm(
    parent: QWidget, title: str, text: str, yes: str, on_yes: Callable[[], None], *, informative: str = ""
) -> QMessageBox:
    """Yes / Cancel, Cancel the default; `on_yes` runs only if the user chose `yes`."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    if informative:
        box.setInformativeText(informative)
    accept = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.finished.connect(lambda _result: on_yes() if box.clickedButton() is accept else None)
    box.open()
    return box


def warn(parent: QWidget, title: str, text: str, *, details: str = "") -> QMessageBox:
    """A warning the user reads and closes; it never blocks the event loop."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(text)
    if details:
        box.setDetailedText(details)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
