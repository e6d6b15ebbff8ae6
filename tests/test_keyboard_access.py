"""The whole window for someone who uses a screen reader or only the keyboard: every control has a
name, and the Tab key walks through every control of every tab and comes back, trapped nowhere."""

from __future__ import annotations

import pytest
from conftest import until
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from studio.ui.accessibility import is_control, spoken_name, unnamed_controls
from studio.ui.help_dialogs import AboutDialog, ShortcutsDialog

TAB_KEYS = ["chat", "audio", "images", "music", "video", "library"]


def where(widget: QWidget) -> str:
    parts = []
    while widget is not None and not hasattr(widget, "spec"):
        parts.append(widget.objectName() or type(widget).__name__)
        widget = widget.parentWidget()
    return "/".join(reversed(parts[:5]))


def test_every_control_in_every_tab_has_a_name(open_window):
    window = open_window()
    for key in [*TAB_KEYS, "tasks"]:
        window.show_tab(key)
    checked = [w for w in window.findChildren(QWidget) if is_control(w)]
    assert len(checked) > 150, "the walk reached the tabs' controls"
    missing = [f"{type(w).__name__} at {where(w)}" for w in unnamed_controls(window)]
    assert missing == [], "controls a screen reader cannot name: " + "; ".join(missing)
    chat = window.parts["chat"]
    assert spoken_name(chat.list.search) == "Search all conversations"  # from its placeholder
    assert spoken_name(chat.view) == "Messages"


def test_the_help_dialogs_name_their_controls(open_window, qtbot):
    window = open_window()
    window.workspace.settings.paths.logs.mkdir(parents=True, exist_ok=True)
    for dialog in (ShortcutsDialog(window), AboutDialog(window.workspace.settings.paths.data_dir, window.workspace.settings.paths.logs, window)):
        qtbot.addWidget(dialog)
        assert [type(w).__name__ for w in unnamed_controls(dialog)] == []
        assert spoken_name(getattr(dialog, "filter", None) or dialog.log_button) in ("Filter shortcuts", "Open the log folder")


def focusable(tab: QWidget) -> list[QWidget]:
    """The controls of a tab the Tab key should reach: shown, enabled, taking focus by Tab."""
    return [
        w
        for w in tab.findChildren(QWidget)
        if w.isVisibleTo(tab.window())
        and w.isVisible()
        and w.isEnabled()
        and w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and w.focusProxy() is None
        and is_control(w)
    ]


@pytest.mark.parametrize("key", TAB_KEYS)
def test_tab_walks_through_every_control_of_the_tab_and_traps_nowhere(open_window, run_async, qtbot, key):
    window = open_window()
    tab = window.show_tab(key)
    expected: list[QWidget] = []

    async def walk():
        window.activateWindow()
        await until(window.isActiveWindow, message="the window never became active")
        await until(tab.isVisible)
        expected.extend(focusable(tab))
        assert expected, f"{key} has controls"
        expected[0].setFocus(Qt.FocusReason.TabFocusReason)
        await until(lambda: QApplication.focusWidget() is expected[0])
        reached: list[QWidget] = []
        stayed = 0
        for _ in range(6 * len(expected) + 20):
            current = QApplication.focusWidget()
            reached.append(current)
            qtbot.keyClick(current, Qt.Key.Key_Tab)
            await until(lambda: True)  # let focus move
            stayed = stayed + 1 if QApplication.focusWidget() is current else 0
            if stayed > 3:  # a date field takes a Tab per part (year, month, day) before it lets go
                raise AssertionError(f"Tab is trapped in {type(current).__name__} at {where(current)}")
        return reached

    reached = run_async(walk())
    groups = [g for w in expected if isinstance(w, QAbstractButton) and (g := w.group()) and g.exclusive()]
    for group in groups:  # an exclusive group is one stop for Tab (as radio buttons are); arrows move inside it
        if any(b in reached for b in group.buttons()):
            reached += group.buttons()
    missed = [f"{type(w).__name__} {w.text() if hasattr(w, 'text') else ''!r} at {where(w)}" for w in expected if w not in reached]
    assert missed == [], f"the Tab key never reaches these in {key}"
    inside = [w for w in reached if w is not None and tab.isAncestorOf(w)]
    assert len(inside) >= len(expected)
