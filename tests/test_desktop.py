"""The studio as a desktop app: one window per data folder (a second launch hands over its files and
exits), files from the command line in the right tab, one shortcut table, Help ▸ Keyboard shortcuts and
About, a log folder without the key, a crash report, and a notice when a job ends."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from conftest import DATA, TEST_KEY, until
from prompt_tab import PROMPT_SPEC, submit_job
from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Slot, qWarning
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence, QShortcut
from PySide6.QtNetwork import QLocalSocket
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from studio.app import parse_args
from studio.core.log_files import LOG_FILE, install_log_file, uninstall_log_file
from studio.core.tasks import PollTiming
from studio.qt.single_instance import hand_over, parse_handoff, server_name
from studio.simulator.footage import encode_video
from studio.ui import shortcuts
from studio.ui.crash import install_crash_handler
from studio.ui.help_dialogs import AboutDialog, ShortcutsDialog
from studio.ui.tabs import registered_tabs

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def window_sim(task_sim):
    return task_sim


@pytest.fixture
def window_tabs():
    return [*registered_tabs(), PROMPT_SPEC]


@pytest.fixture
def prepare_workspace():
    def prepare(workspace):
        workspace.task_timing = PollTiming.every(0.1)

    return prepare


@pytest.fixture
def media(tmp_path) -> dict[str, Path]:
    """A recording, a picture and a video, as a user would have them in a folder."""
    folder = tmp_path / "my files"
    folder.mkdir()
    wav = folder / "interview.wav"
    shutil.copy(DATA / "speech-en.wav", wav)
    png = folder / "cat.png"
    shutil.copy(DATA / "chelsea.png", png)
    clip = folder / "waves.mp4"
    clip.write_bytes(encode_video("waves on a beach", 320, 180, 1.5)[0])
    return {"audio": wav, "image": png, "video": clip}


def settle(window, run_async) -> None:
    """Let the window's start-up work (connection check, task engine) run, as it would in the app."""

    async def started():
        await until(lambda: window.workspace.task_engine is not None and window.balance_label.text() != "")

    run_async(started())


def transcribed(window, name: str) -> bool:
    audio = window.parts.get("audio")
    return audio is not None and any(job.path.name == name and job.transcript for job in audio.jobs.values())


class UrlCatcher(QObject):
    """Stands in for the desktop's file manager: Qt hands it the file:// URLs the app asks to open."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(url)


@pytest.fixture
def file_manager():
    catcher = UrlCatcher()
    QDesktopServices.setUrlHandler("file", catcher, "open")
    yield catcher
    QDesktopServices.unsetUrlHandler("file")


# --- one window per data folder ------------------------------------------------------------------


def test_a_second_launch_hands_its_files_to_the_running_window_and_exits(
    open_window, run_async, studio_home, media, qtbot
):
    window = open_window()
    settle(window, run_async)
    window.show_tab("library")
    name = server_name(window.workspace.settings.paths.data_dir)
    assert window.desktop.listen(name)
    env = {**os.environ, "STUDIO_HOME": str(studio_home), "QT_QPA_PLATFORM": "offscreen"}
    second = subprocess.Popen(
        [sys.executable, "-m", "studio", str(media["audio"]), str(media["image"])],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )

    async def scenario():
        await until(lambda: second.poll() is not None, timeout=30, message="the second launch never exited")
        await until(lambda: transcribed(window, "interview.wav"), timeout=20, message="the recording was not transcribed")
        await until(lambda: media["image"] in window.parts.get("images").openai.editor.inputs, timeout=10)

    try:
        run_async(scenario(), timeout=60)
    finally:
        if second.poll() is None:
            second.kill()
    _out, err = second.communicate()
    assert second.returncode == 0, err.decode()
    images = window.parts["images"]
    assert images.openai.operation == "edit", "the picture went to Images ▸ edit"
    assert window.tabs.currentWidget() in (window.hosts["images"], window.hosts["audio"]), "the window moved to them"
    assert b"Traceback" not in err


def test_a_second_launch_on_another_data_folder_starts_its_own_window(open_window, run_async, tmp_path):
    window = open_window()
    settle(window, run_async)
    assert window.desktop.listen(server_name(window.workspace.settings.paths.data_dir))
    other = server_name(tmp_path / "someone else's data")
    assert other != window.desktop.instance.name
    assert not hand_over(other, []), "nobody listens there: this launch would become a window"


def test_a_socket_left_by_a_crashed_start_does_not_stop_the_next_one(open_window, run_async, tmp_path):
    from PySide6.QtNetwork import QLocalServer

    name = server_name(tmp_path / "crashed")
    stale = QLocalServer()
    assert stale.listen(name)
    stale.close()  # a crash leaves the socket file; QLocalServer removes it only on a clean close
    window = open_window()
    settle(window, run_async)
    assert window.desktop.listen(name)
    assert window.desktop.instance.server.isListening()


def test_hand_off_messages_are_treated_as_untrusted(open_window, run_async, media):
    window = open_window()
    settle(window, run_async)
    name = server_name(window.workspace.settings.paths.data_dir)
    window.desktop.listen(name)
    assert parse_handoff(b"not json") == []
    assert parse_handoff(b'{"files": "/etc/passwd"}') == []
    assert parse_handoff(b'{"files": [1, null, "/tmp/a\\u0007b.wav"]}') == [Path("/tmp/ab.wav")]
    sock = QLocalSocket()
    sock.connectToServer(name)
    assert sock.waitForConnected(2000)
    sock.write(b"x" * (300 * 1024))  # no newline, over the cap: the window drops the connection

    async def dropped():
        await until(lambda: sock.state() == QLocalSocket.LocalSocketState.UnconnectedState, timeout=10)

    run_async(dropped())
    missing = media["audio"].with_name("gone.wav")
    # a file that does not exist gives a sentence in the status bar, not an error dialog
    window.desktop.bring_forward([missing])
    assert "gone.wav" in window.statusBar().currentMessage()
    boxes = [w.text() for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    assert not boxes


def test_files_on_the_command_line_open_in_their_tabs(open_window, run_async, media):
    window = open_window()
    settle(window, run_async)
    args = parse_args([str(media["audio"]), str(media["image"]), str(media["video"])])
    assert args.files == [media["audio"], media["image"], media["video"]]
    window.desktop.bring_forward(args.files)  # what studio.app.main does once the window shows
    video = window.parts["video"]

    async def scenario():
        await until(lambda: transcribed(window, "interview.wav"), timeout=20, message="the recording was not transcribed")
        await until(lambda: video.player.source_path is not None, timeout=20, message=f"the video never played: {window.statusBar().currentMessage()}")

    run_async(scenario(), timeout=45)
    assert window.parts["images"].openai.editor.inputs == [media["image"]]
    assert window.parts["images"].openai.operation == "edit"
    assert video.player.source_path.suffix == ".mp4"


# --- shortcuts -----------------------------------------------------------------------------------


def test_the_shortcut_table_has_no_clash_within_a_scope():
    assert shortcuts.clashes() == {}
    names = Counter(entry.name for entry in shortcuts.SHORTCUTS)
    assert max(names.values()) == 1, "each entry has its own name"
    assert all(entry.scope in shortcuts.SCOPES for entry in shortcuts.SHORTCUTS)
    assert all(entry.sequences() for entry in shortcuts.SHORTCUTS), "every entry has a key on this platform"


def test_the_clash_check_finds_a_key_used_twice(monkeypatch):
    doubled = (*shortcuts.SHORTCUTS, shortcuts.Shortcut("video_player.mute", "video_player", "Mute", ("F",)))
    monkeypatch.setattr(shortcuts, "SHORTCUTS", doubled)
    assert shortcuts.clashes() == {"F": ["video_player.fullscreen", "video_player.mute"]}
    local_vs_window = (*shortcuts.SHORTCUTS, shortcuts.Shortcut("mask.quit", "mask", "Quit", ("Ctrl+Q",)))
    monkeypatch.setattr(shortcuts, "SHORTCUTS", local_vs_window)
    assert "Ctrl+Q" in shortcuts.clashes()


def test_every_shortcut_in_the_window_comes_from_the_table(open_window, run_async):
    window = open_window()
    settle(window, run_async)
    for spec in window.specs:
        window.show_tab(spec.key)
    table = {entry.name: {s.toString() for s in entry.sequences()} for entry in shortcuts.SHORTCUTS}
    found = []
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            if not sequence.isEmpty():
                found.append((action.objectName() or action.text(), sequence.toString()))
    for shortcut in window.findChildren(QShortcut):
        if not shortcut.key().isEmpty():
            found.append((shortcut.objectName() or type(shortcut.parent()).__name__, shortcut.key().toString()))
    assert found
    strays = [(owner, key) for owner, key in found if key not in table.get(owner, set())]
    assert strays == [], f"shortcuts made outside the table: {strays}"


def test_f1_lists_every_shortcut_and_the_filter_narrows_it(open_window, qtbot, run_async):
    window = open_window()
    settle(window, run_async)

    async def pressed():
        window.activateWindow()
        await until(window.isActiveWindow, message="the window never became active")
        chat = window.parts["chat"]
        chat.composer.edit.setFocus()
        qtbot.keyClick(chat.composer.edit, Qt.Key.Key_F1)
        await until(lambda: window.findChild(ShortcutsDialog) is not None, message="F1 opened nothing")

    run_async(pressed())
    dialog = window.findChild(ShortcutsDialog)
    assert dialog is not None and dialog.isVisible(), "F1 opens Help ▸ Keyboard shortcuts"
    rows = dialog.rows()
    assert len(rows) == len(shortcuts.SHORTCUTS)
    keys = QKeySequence(QKeySequence.StandardKey.New).toString(QKeySequence.SequenceFormat.NativeText)
    assert ("New chat", keys) in rows
    assert ("Go to Library", "Ctrl+6") in rows
    qtbot.keyClicks(dialog.filter, "frame")
    assert {action for action, _ in dialog.rows()} == {"One frame back", "One frame forward"}
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_about_names_the_versions_and_opens_the_data_and_log_folders(open_window, run_async, qtbot, file_manager):
    import platform

    import PySide6
    from PySide6.QtCore import qVersion

    window = open_window()
    settle(window, run_async)
    [about] = [a for a in window.help_menu.actions() if a.text() == "About UniAPI Studio"]
    about.trigger()
    dialog = window.findChild(AboutDialog)
    assert dialog is not None and dialog.isVisible()
    labels = {name: label.text() for name, label in dialog.version_labels.items()}
    assert labels["Qt"] == qVersion()
    assert labels["PySide6"] == PySide6.__version__
    assert labels["Python"] == platform.python_version()
    paths = window.workspace.settings.paths
    assert dialog.data_path.text() == str(paths.data_dir)
    assert dialog.log_path.text() == str(paths.logs)
    qtbot.mouseClick(dialog.data_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.log_button, Qt.MouseButton.LeftButton)
    assert [Path(url.toLocalFile()) for url in file_manager.opened] == [paths.data_dir, paths.logs]
    assert paths.logs.is_dir(), "the folder exists once asked for"
    dialog.close()


# --- logs and crashes ----------------------------------------------------------------------------


@pytest.mark.qt_no_exception_capture
def test_a_session_with_a_known_key_leaves_no_trace_in_the_log_folder(
    open_window, run_async, qtbot, studio_home, file_manager
):
    window = open_window()  # the profile's key is TEST_KEY, kept in the key store like a user's
    logs = window.workspace.settings.paths.logs
    install_log_file(logs)
    handler = install_crash_handler(logs)
    chat = window.parts["chat"]
    try:

        async def scenario():
            chat.composer.edit.setFocus()
            qtbot.keyClicks(chat.composer.edit, "Say hello")
            qtbot.keyClick(chat.composer.edit, Qt.Key.Key_Return)
            await until(lambda: not chat.bridge.busy and len(chat.model.messages) == 2, timeout=20)
            # Careless code everywhere at once: a log line, a Qt warning and an uncaught error in a slot,
            # each carrying the key (and a bearer token the key store never saw).
            logging.getLogger("studio.careless").warning("calling with key %s and Bearer sk-abcdefghijklmnop", TEST_KEY)
            qWarning(f"a Qt widget printed {TEST_KEY}")

            def broken_slot():
                raise RuntimeError(f"could not use the key {TEST_KEY}")

            QTimer.singleShot(0, broken_slot)
            await until(lambda: handler.reports, message="no crash report was written")
            await until(lambda: handler.notice is not None and handler.notice.isVisible(), message="no notice")

        run_async(scenario())
        notice = handler.notice
        assert TEST_KEY not in notice.informativeText()
        [open_folder] = [b for b in notice.findChildren(QPushButton) if b.text() == "Open the report's folder"]
        qtbot.mouseClick(open_folder, Qt.MouseButton.LeftButton)
        assert [Path(url.toLocalFile()) for url in file_manager.opened] == [logs]
        notice.close()
    finally:
        handler.uninstall()
        uninstall_log_file()
    report = handler.reports[-1]
    assert report.parent == logs
    text = report.read_text("utf-8")
    assert "RuntimeError: could not use the key ***" in text and "broken_slot" in text
    log_text = (logs / LOG_FILE).read_text("utf-8")
    assert "calling with key *** and Bearer ***" in log_text
    assert "a Qt widget printed ***" in log_text
    files = [path for path in studio_home.rglob("*") if path.is_file() and path.name != "keys.json"]
    leaks = [path for path in files if TEST_KEY.encode() in path.read_bytes()]
    assert leaks == [], f"the key is in {leaks}"
    assert b"sk-abcdefghijklmnop" not in (logs / LOG_FILE).read_bytes()


# --- notices and the job count -------------------------------------------------------------------


def test_a_finished_job_gives_a_notice_and_the_count_follows(open_window, run_async, qtbot):
    window = open_window()
    settle(window, run_async)
    desktop = window.desktop
    assert desktop.running == 0
    assert desktop.count_action.text() == "No jobs running"

    async def scenario():
        await until(lambda: window.workspace.task_engine is not None)
        submit_job(qtbot, window, "midjourney", "imagine", {"prompt": "an otter [[task-seconds:1.5]]"})
        await until(lambda: desktop.running == 1, message="the running job was not counted")
        assert desktop.count_action.text() == "1 job(s) running"
        await until(lambda: desktop.notices, timeout=20, message="no notice when the job ended")

    run_async(scenario())
    title, body = desktop.notices[-1]
    assert title == "Task finished" and "an otter" in body
    assert desktop.running == 0 and desktop.count_action.text() == "No jobs running"
    if desktop.tray is None:  # offscreen there is no tray: the toast shows over the window
        assert desktop.toast.isVisible()
        assert desktop.toast.title.text() == "Task finished"
        qtbot.mouseClick(desktop.toast, Qt.MouseButton.LeftButton)
        assert not desktop.toast.isVisible()
    [quit_action] = [a for a in desktop.menu.actions() if a.text() == "Quit"]
    quit_action.trigger()
    assert not window.isVisible(), "Quit in the tray menu closes the window (and so the app)"
