"""`studio`: the desktop app. QApplication + the qasync loop, a first-run welcome, clean shutdown."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import socket
import sys
import time
from collections.abc import Sequence

import qasync

# PySide6 must be imported before qasync so qasync binds to it.
from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from . import __version__
from .core.settings import Settings
from .core.workspace import DemoServer, Workspace
from .qt.async_tasks import cancel_all
from .ui.warm_up import warm_up_in_background

log = logging.getLogger("studio")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="studio", description="UniAPI Studio, the desktop app.")
    parser.add_argument("--demo", action="store_true", help="use the built-in simulator; no key needed")
    parser.add_argument("--lang", help="interface language: en or zh_CN (default: the system's)")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser.parse_args(argv)


def start_demo_server(sock: socket.socket) -> DemoServer:
    """The demo gateway; the simulator (and its web stack) is imported in the demo's own thread."""
    from .simulator.demo import start_demo_server as start

    return start(sock)


def build_window(workspace: Workspace, *, demo: bool) -> object:
    """Create the main window; on first run (no profile) offer the welcome, unless --demo was asked."""
    from .ui.main_window import MainWindow

    if demo:
        workspace.ensure_demo_profile()
    window = MainWindow(workspace)
    if workspace.profile is None:
        try:
            from .ui.welcome import WelcomeDialog
        except ImportError:  # pragma: no cover - the welcome ships with the settings dialog
            workspace.ensure_demo_profile()
        else:
            welcome = WelcomeDialog(workspace, window)
            welcome.demoChosen.connect(window.refresh_connection)
            welcome.connected.connect(window.refresh_connection)
            welcome.open()
    return window


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv if argv is not None else sys.argv[1:])
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("UniAPI Studio")
    app.setOrganizationName("UniAPI Studio")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon.fromTheme("applications-multimedia"))
    settings = Settings()
    try:
        from .ui.i18n import install_translator

        install_translator(app, args.lang or settings.data.language)
    except ImportError:  # pragma: no cover
        pass
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    workspace = Workspace(settings, demo_server=start_demo_server)
    window = build_window(workspace, demo=args.demo)
    finished = asyncio.Event()

    async def shut_down() -> None:
        # While the loop still runs: stop replies (their partial text is saved), close the client
        # and the database, then let Qt quit.
        await cancel_all()
        await workspace.aclose()
        finished.set()

    app.setQuitOnLastWindowClosed(False)
    window.closed.connect(lambda: loop.create_task(shut_down()))  # type: ignore[attr-defined]
    window.show()  # type: ignore[attr-defined]
    QTimer.singleShot(0, warm_up_in_background)
    if os.environ.get("STUDIO_EXIT_WHEN_READY"):
        # For the start-up benchmark: report the wall-clock moment the shown window is idle, then close.
        def ready() -> None:
            print(f"ready {time.time():.6f}", flush=True)
            window.close()  # type: ignore[attr-defined]

        QTimer.singleShot(0, ready)
    signal.signal(signal.SIGINT, lambda *_: window.close())  # type: ignore[attr-defined]
    with loop:
        loop.run_until_complete(finished.wait())
    return 0


if __name__ == "__main__":
    sys.exit(main())
