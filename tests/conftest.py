"""Shared fixtures: one real simulator on loopback per test session, data folders in tmp."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import contextlib

from studio.simulator.config import SimulatorConfig
from studio.simulator.server import SimulatorServer

TEST_KEY = "test-key-not-secret"
DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def simulator() -> Iterator[SimulatorServer]:
    """A real simulator over loopback; key TEST_KEY, no added latency, streams as fast as possible."""
    server = SimulatorServer(SimulatorConfig(key=TEST_KEY, latency_ms=0, token_rate=0))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def sim(simulator: SimulatorServer) -> Iterator[SimulatorServer]:
    """The session simulator with its fault queue and request journal cleared for this test."""
    simulator.reset()
    yield simulator
    simulator.reset()


@pytest.fixture
def studio_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private data/config folder; no test touches the user's real one or their env key."""
    home = tmp_path / "studio-home"
    monkeypatch.setenv("STUDIO_HOME", str(home))
    monkeypatch.delenv("UNIAPI_API_KEY", raising=False)
    monkeypatch.delenv("UNIAPI_BASE_URL", raising=False)
    return home


def queue_fault(
    sim: SimulatorServer,
    path: str,
    kind: str,
    count: int = 1,
    retry_after: float | None = 0,
    *,
    url: str | None = None,
    size: int | None = None,
) -> None:
    """Make the next `count` requests to `path` ("/x*": any path under /x) fail with `kind`
    (see studio/simulator/faults.py); `url` and `size` are what redirect-to, result-url and huge-body take."""
    import httpx

    body = {"path": path, "kind": kind, "count": count, "retry_after": retry_after, "url": url, "bytes": size}
    httpx.post(f"{sim.base_url}/_sim/faults", json=body).raise_for_status()


def journal(sim: SimulatorServer, path: str) -> list[dict]:
    """What the simulator received on `path`, oldest first."""
    import httpx

    reply = httpx.get(f"{sim.base_url}/_sim/requests", params={"path": path})
    reply.raise_for_status()
    return reply.json()


@pytest.fixture
def closed_port_url() -> str:
    """A loopback URL where nothing listens: connecting fails before anything is sent."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


# --- Qt + asyncio ---------------------------------------------------------------------------------
# GUI tests are plain (sync) test functions that run a scenario coroutine on one qasync loop:
# `run_async(scenario())`. Inside, wait with `await until(...)`, never qtbot.waitSignal (it would
# spin a nested Qt loop under the running asyncio loop). The loop is never stopped, only closed at the end.


@pytest.fixture(scope="session")
def qasync_loop(qapp):
    import asyncio

    import PySide6.QtWidgets  # noqa: F401 - PySide6 must be imported before qasync

    from studio.qt.event_loop import StudioEventLoop

    qapp.setQuitOnLastWindowClosed(False)  # as the app does: closing a window never stops the loop
    loop = StudioEventLoop(qapp, already_running=False)
    previous = None
    with contextlib.suppress(RuntimeError):
        previous = asyncio.get_event_loop_policy().get_event_loop()
    asyncio.set_event_loop(loop)
    yield loop
    asyncio.set_event_loop(previous)
    loop.close()  # while the QApplication still exists; closing later fails in qasync's __del__


@pytest.fixture
def run_async(qasync_loop):
    """Run a coroutine to completion on the qasync loop (Qt events are processed meanwhile)."""
    import asyncio

    def run(coro, timeout: float = 30.0):
        asyncio.set_event_loop(qasync_loop)
        return qasync_loop.run_until_complete(asyncio.wait_for(coro, timeout))

    return run


async def until(predicate, timeout: float = 10.0, interval: float = 0.01, message: str = "") -> None:
    """Await until predicate() is true (Qt events keep flowing); fail with `message` on timeout."""
    import asyncio
    import time

    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(message or f"timed out after {timeout}s waiting for {predicate}")
        await asyncio.sleep(interval)


@pytest.fixture(autouse=True)
def nothing_left_running(request):
    """A GUI test must leave no asyncio task, active timer or open top-level window behind."""
    yield
    if "qasync_loop" not in request.fixturenames:
        return
    import asyncio

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    loop = request.getfixturevalue("qasync_loop")
    if loop.is_closed():
        return
    tasks = [task for task in asyncio.all_tasks(loop) if not task.done()]
    windows = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    timers = [
        timer
        for widget in QApplication.topLevelWidgets()
        for timer in widget.findChildren(QTimer)
        if timer.isActive()
    ]
    for task in tasks:
        task.cancel()
    for window in windows:
        window.close()
    assert not tasks, f"asyncio tasks left running: {tasks}"
    assert not windows, f"windows left open: {windows}"
    assert not timers, f"timers left running: {[(t.parent(), t.interval()) for t in timers]}"


@pytest.fixture(scope="session")
def task_simulator() -> Iterator[SimulatorServer]:
    """A second real simulator whose tasks (Suno, Midjourney, Luma, ...) finish in 0.4 s."""
    server = SimulatorServer(SimulatorConfig(key=TEST_KEY, latency_ms=0, token_rate=0, task_seconds=0.4))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def task_sim(task_simulator: SimulatorServer) -> Iterator[SimulatorServer]:
    """The task simulator with its fault queue and journal cleared for this test."""
    task_simulator.reset()
    yield task_simulator
    task_simulator.reset()


@pytest.fixture
def http(server):
    """A plain httpx client with the test key, for a module that defines its own `server` simulator."""
    import httpx

    with httpx.Client(base_url=server.base_url, headers={"Authorization": f"Bearer {TEST_KEY}"}, timeout=10) as client:
        yield client


@pytest.fixture
def window_sim(sim):
    """The simulator `open_window` connects to; a test module may override this fixture."""
    return sim


@pytest.fixture
def prepare_workspace():
    """A hook run on each new Workspace before its window opens; a module may override it."""
    return lambda workspace: None


@pytest.fixture
def window_tabs():
    """The parts the test window is built from (None: the registry's); a module may override it."""
    return None


@pytest.fixture
def open_window(window_sim, prepare_workspace, window_tabs, studio_home, qtbot, run_async, qasync_loop):
    """Open the real studio window on a profile that points at `window_sim`; same data folder every call."""
    import asyncio

    import shiboken6
    from keyring.backends.fail import Keyring as NoKeyring

    from studio.app import start_demo_server
    from studio.core.settings import KeyStore, Profile, Settings, StudioPaths
    from studio.core.workspace import Workspace
    from studio.ui.main_window import MainWindow

    window_sim.reset()
    asyncio.set_event_loop(qasync_loop)  # the window spawns work as it opens; earlier async tests may have unset it
    opened = []

    def open_():
        paths = StudioPaths.default()
        settings = Settings(paths, KeyStore(paths.key_file, NoKeyring))
        if settings.profile("Test") is None:
            settings.add_profile(Profile(name="Test", base_url=window_sim.base_url), api_key=TEST_KEY)
        workspace = Workspace(settings, demo_server=start_demo_server)
        prepare_workspace(workspace)
        window = MainWindow(workspace, tabs=window_tabs)
        qtbot.addWidget(window)
        window.resize(1200, 800)
        window.show()
        opened.append((window, workspace))
        return window

    yield open_
    from studio.qt.async_tasks import cancel_all

    for window, _workspace in opened:
        if shiboken6.isValid(window):
            window.close()
    for _window, workspace in opened:  # what the app does on quit: stop what still runs, then close
        run_async(cancel_all())
        run_async(workspace.aclose())


# --- real input -----------------------------------------------------------------------------------


def drop_files(widget, paths) -> bool:
    """Drag files from a file manager onto `widget` and drop them: a drag-enter, then a drop, each
    delivered by Qt to the widget (its viewport, for a scroll area). True if the drop was accepted."""
    from PySide6.QtCore import QMimeData, QUrl

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    return drop_mime(widget, mime)


def drop_mime(widget, mime) -> bool:
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QAbstractScrollArea, QApplication

    target = widget.viewport() if isinstance(widget, QAbstractScrollArea) else widget
    point = QPointF(target.rect().center())
    enter = QDragEnterEvent(
        point.toPoint(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(target, enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(point, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, drop)
    return drop.isAccepted()


def click_row(qtbot, view, index, *, double: bool = False) -> None:
    """Click (or double-click) the cell `index` of an item view where a user would."""
    from PySide6.QtCore import Qt

    view.scrollTo(index)
    point = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    if double:  # QTest sends the second click as a lone double-click event, as a mouse would
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def type_text(qtbot, widget, text: str) -> None:
    """Type into `widget`: key presses for ASCII, an input-method commit for the rest (as a Chinese IME does)."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    widget.setFocus()
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def pytest_sessionfinish(session, exitstatus):
    """Write the attack ledger (tests/attack_log.py) for the README's reliability table."""
    from attack_log import write_ledger

    write_ledger()
