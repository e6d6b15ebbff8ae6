"""What a new user met first (issue: chat, audio, the Tasks dock): shortcuts that work and never clash,
New chat highlighted, a Tasks dock that leaves the tabs their room and keeps the size it was given."""

from __future__ import annotations

from collections import Counter

from conftest import until
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut


def window_shortcuts(window) -> list[tuple[str, str]]:
    """(key sequence, owner) of every shortcut reachable in the window, with every tab built."""
    for spec in window.specs:
        window.show_tab(spec.key)
    found = []
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            if not sequence.isEmpty():
                found.append((sequence.toString(), action.text() or action.objectName()))
    for shortcut in window.findChildren(QShortcut):
        if not shortcut.key().isEmpty() and shortcut.context() != Qt.ShortcutContext.WidgetShortcut:
            found.append((shortcut.key().toString(), f"shortcut in {type(shortcut.parent()).__name__}"))
    return found


def test_no_two_commands_share_a_shortcut(open_window):
    window = open_window()
    found = window_shortcuts(window)
    counts = Counter(sequence for sequence, _owner in found)
    clashes = {sequence: [owner for s, owner in found if s == sequence] for sequence, n in counts.items() if n > 1}
    assert clashes == {}, f"shortcuts used twice: {clashes}"
    keys = {sequence for sequence, _ in found}
    assert {"Ctrl+N", "Ctrl+Q", "Ctrl+Z", "Ctrl+,", "Ctrl+Shift+T", "Ctrl+1", "Ctrl+2"} <= keys


def test_ctrl_n_starts_a_new_chat_and_the_list_highlights_it(open_window, qtbot, run_async):
    window = open_window()
    chat = window.parts["chat"]
    store = window.workspace.conversations
    old = store.create("An older chat")
    chat.open_conversation(old.id)

    async def scenario():
        await until(lambda: chat.list.tree.currentIndex().data() == "An older chat")
        window.activateWindow()
        chat.list.tree.setFocus()
        qtbot.keyClick(chat.list.tree, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        await until(lambda: chat.conversation_id != old.id, message="Ctrl+N made no new chat")
        await until(lambda: chat.list.tree.currentIndex().data() == "New chat", message="the highlight stayed behind")

    run_async(scenario())
    assert chat.composer.edit.hasFocus() or not window.isActiveWindow()
    assert QKeySequence(QKeySequence.StandardKey.New).toString() == "Ctrl+N"


def test_the_tasks_dock_starts_small_and_keeps_the_size_the_user_gave_it(open_window, run_async):
    window = open_window()
    dock = window.docks["tasks"]

    async def settled():
        await until(lambda: dock.height() > 0 and window.centralWidget().height() > 0)

    run_async(settled())
    assert dock.height() < 0.3 * window.height(), f"dock {dock.height()} of {window.height()}"
    assert window.centralWidget().height() > 2 * dock.height()
    window.resizeDocks([dock], [360], Qt.Orientation.Vertical)
    run_async(settled())
    chosen = dock.height()
    window.close()
    again = open_window()
    again.resize(window.size())

    async def restored():
        await until(lambda: abs(again.docks["tasks"].height() - chosen) <= 12, message="the dock size was not kept")

    run_async(restored())


def test_the_dark_theme_reaches_code_blocks_the_waveform_and_the_job_list(open_window, qtbot, run_async, qapp):
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QDialogButtonBox

    from studio.ui.settings_dialog import SettingsDialog
    from studio.ui.theme import apply_theme, is_dark

    window = open_window()
    chat = window.parts["chat"]
    try:

        async def scenario():
            chat.composer.edit.setFocus()
            qtbot.keyClicks(chat.composer.edit, "Show me some python code")
            qtbot.keyClick(chat.composer.edit, Qt.Key.Key_Return)
            await until(lambda: not chat.bridge.busy and len(chat.model.messages) == 2, timeout=20)
            window.open_settings()
            dialog = window.findChild(SettingsDialog)
            dialog.pages.setCurrentIndex(1)
            dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
            qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Apply), Qt.MouseButton.LeftButton)
            dialog.close()
            await until(lambda: is_dark(chat.view.palette()), message="the palette never changed")

        run_async(scenario())
        assert window.workspace.settings.data.theme == "dark"
        assert qapp.palette().color(QPalette.ColorRole.Base).lightness() < 60
        chat.model.messages[1]
        row = chat.view.delegate.row_for(chat.model.index(1, 0))
        html = row.body.toHtml()
        assert "#272822" in html, "the code block has the dark background"
        assert chat.view.delegate.renderer.dark
        audio = window.show_tab("audio")
        background = audio.waveform.plot.backgroundBrush().color()
        assert background.lightness() < 80, "the waveform follows the palette"
    finally:
        apply_theme(qapp, "system")


def test_a_job_the_command_line_starts_shows_in_the_open_windows_dock(open_window, window_sim, studio_home, run_async):
    """Issue 9, item 14: the app follows the data folder it shares with `studio-cli`, not only its own jobs."""
    import os
    import subprocess
    import sys

    from conftest import TEST_KEY
    from PySide6.QtWidgets import QAbstractItemView

    window = open_window()
    [view] = [v for v in window.docks["tasks"].findChildren(QAbstractItemView) if v.model() is not None][:1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("UNIAPI_")}
    env["STUDIO_HOME"] = str(studio_home)
    command = [sys.executable, "-m", "studio.cli", "--base-url", window_sim.base_url, "--api-key", TEST_KEY]
    cli = subprocess.Popen(
        [*command, "ideogram", "generate", "a lighthouse made on the command line", "--poll-interval", "0.2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )

    def shown_rows() -> list[str]:
        model = view.model()
        return [
            " ".join(str(model.index(row, column).data() or "") for column in range(model.columnCount()))
            for row in range(model.rowCount())
        ]

    async def appears():
        await until(lambda: any("a lighthouse made on the command line" in row for row in shown_rows()), timeout=30)
        await until(lambda: cli.poll() is not None, timeout=30)

    try:
        run_async(appears())
    finally:
        _out, err = cli.communicate(timeout=30)
    assert cli.returncode == 0, err
    [row] = [row for row in shown_rows() if "a lighthouse made on the command line" in row]
    assert "Ideogram" in row
