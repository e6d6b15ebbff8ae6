"""A prompt box's own right-click menu (cut, copy, paste, undo…) with "Check with moderation" added:
the selected words, or the whole prompt, go to the Tools tab's moderation check."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

PromptBox = QPlainTextEdit | QLineEdit


def _text_of(box: PromptBox) -> str:
    if isinstance(box, QLineEdit):
        return box.selectedText() or box.text()
    return box.textCursor().selectedText().replace("\u2029", "\n") or box.toPlainText()


def add_moderation_check(box: PromptBox, check: Callable[[str], bool]) -> None:
    box.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def show(point: QPoint) -> None:
        menu = box.createStandardContextMenu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.addSeparator()
        action = menu.addAction(QCoreApplication.translate("PromptMenu", "Check with moderation"))
        text = _text_of(box).strip()
        action.setEnabled(bool(text))
        action.triggered.connect(lambda: check(text))
        box.prompt_menu = menu  # type: ignore[union-attr]
        menu.popup(box.mapToGlobal(point) if isinstance(box, QLineEdit) else box.viewport().mapToGlobal(point))

    box.customContextMenuRequested.connect(show)
