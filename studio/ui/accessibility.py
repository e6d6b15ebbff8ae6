"""Names for screen readers, and a Tab key that reaches every control: what each built part gets.

A button's text, or the label a form row gives its field, already names a control. Where neither
exists, a control's tooltip or its placeholder ("Search all conversations") says what it is, so
`name_controls` makes that its accessible name; controls with nothing of the sort are named where they
are built. A test walks every tab and fails on any control left without a name.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAccessible, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTextEdit,
    QWidget,
)

CONTROLS = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractSlider,
    QTextEdit,
    QPlainTextEdit,
    QAbstractItemView,
)


def is_control(widget: QWidget) -> bool:
    """A control the user reaches, not a part Qt builds inside one (scroll bars, a combo box's popup list,
    a line edit's clear button, a table's corner button)."""
    if not isinstance(widget, CONTROLS) or isinstance(widget, QScrollBar | QHeaderView):
        return False
    if widget.objectName().startswith("qt_"):
        return False
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox | QAbstractSpinBox):
            return False
        if isinstance(parent, QLineEdit) and isinstance(widget, QAbstractButton):
            return False
        parent = parent.parentWidget()
    return True


def spoken_name(widget: QWidget) -> str:
    """What a screen reader says the control is (its own text, its form label, or its accessible name)."""
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name).strip() if interface is not None else ""


def _hint(widget: QWidget) -> str:
    tip = widget.toolTip().strip()
    if tip and "<" not in tip:
        return tip.split("\n", 1)[0]
    placeholder = getattr(widget, "placeholderText", None)
    text = placeholder().strip() if callable(placeholder) else ""
    if text and not text.startswith(("[", "{")):  # a sample (lyrics, JSON) is not a name
        return text.split("\n", 1)[0].rstrip("…").strip()
    return ""


def name_controls(root: QWidget) -> int:
    """Give each unnamed control under `root` its tooltip or placeholder as its accessible name; returns
    how many were named."""
    named = 0
    for widget in [root, *root.findChildren(QWidget)]:
        if is_control(widget) and not widget.accessibleName() and not spoken_name(widget):
            hint = _hint(widget)
            if hint:
                widget.setAccessibleName(hint)
                named += 1
    return named


class _TabLeavesSpecialValue(QObject):
    """A date field showing its special text ("from any date") has no parts for Tab to step through,
    and Qt then keeps the focus in it for good; here Tab leaves it."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(watched, QAbstractSpinBox)
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
            and watched.specialValueText()
            and watched.text() == watched.specialValueText()
        ):
            forward = event.key() == Qt.Key.Key_Tab and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            target = watched.nextInFocusChain() if forward else watched.previousInFocusChain()
            while target is not watched and (
                watched.isAncestorOf(target)  # its own line edit
                or target.focusProxy() is not None
                or not (target.isVisible() and target.isEnabled() and target.focusPolicy() & Qt.FocusPolicy.TabFocus)
            ):
                target = target.nextInFocusChain() if forward else target.previousInFocusChain()
            target.setFocus(Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason)
            return True
        return False


def free_the_tab_key(root: QWidget) -> None:
    """Tab moves to the next control from everywhere: text boxes would type a tab character and tables
    would walk their cells, trapping a keyboard user (Ctrl+Tab still types a tab in a text box)."""
    leaver: _TabLeavesSpecialValue | None = None
    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, QPlainTextEdit | QTextEdit):
            widget.setTabChangesFocus(True)
        elif isinstance(widget, QAbstractItemView):
            widget.setTabKeyNavigation(False)
        elif isinstance(widget, QAbstractSpinBox) and widget.specialValueText():
            leaver = leaver or _TabLeavesSpecialValue(root)
            widget.installEventFilter(leaver)


def prepare_controls(root: QWidget) -> None:
    """What every part gets once built: names for its unnamed controls, and a Tab key that never traps."""
    name_controls(root)
    free_the_tab_key(root)


def unnamed_controls(root: QWidget) -> list[QWidget]:
    return [w for w in [root, *root.findChildren(QWidget)] if is_control(w) and not spoken_name(w)]
