"""`studio`: the desktop app. QApplication + the qasync loop, a first-run welcome, clean shutdown.

Before Qt loads, a start on X11 checks the system libraries Qt links for a window: where one is
missing, Qt would abort (exit 134) blaming the wrong package, so the app names the packages instead.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import socket
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .core.settings import Settings
from .core.workspace import DemoServer, Workspace

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon

log = logging.getLogger("studio")

X11_LIBRARIES = {
    # What QtGui and Qt's X11 plugin (libqxcb) link, by the Debian/Ubuntu package that ships each.
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
}
EXIT_NO_WINDOW = 1


def uses_x11(env: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Whether Qt will try its X11 ("xcb") plugin first: on Linux, unless told otherwise or on Wayland."""
    if not platform.startswith("linux"):
        return False
    chosen = env.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if chosen:
        return chosen == "xcb"
    return env.get("XDG_SESSION_TYPE", "").lower() != "wayland"


def missing_packages(libraries: Mapping[str, str] = X11_LIBRARIES) -> list[str]:
    """The packages (values of `libraries`) whose shared library (keys) cannot be loaded."""
    import ctypes

    missing = []
    for soname, package in libraries.items():
        try:
            ctypes.CDLL(soname)
        except OSError:
            missing.append(package)
    return list(dict.fromkeys(missing))


def install_sentence(packages: Sequence[str]) -> str:
    return (
        "UniAPI Studio cannot open a window: Qt's X11 support needs system libraries that are missing; "
        f"install them with: sudo apt-get install {' '.join(packages)}"
    )


def no_window_sentence(qt_said: Sequence[str], env: Mapping[str, str]) -> str:
    """Why Qt could not load its platform plugin, in one sentence, from what Qt logged on the way."""
    if any("could not connect to display" in line for line in qt_said):
        display = env.get("DISPLAY")
        where = f"the X display {display}" if display else "an X display (DISPLAY is not set)"
        return (
            f"UniAPI Studio cannot open a window: it could not connect to {where}; start it from a desktop "
            "session, or run it headless with QT_QPA_PLATFORM=offscreen."
        )
    packages = missing_packages() if uses_x11(env) else []
    if packages:
        return install_sentence(packages)
    reason = next((line for line in qt_said if "platform plugin" in line), "no platform plugin could be loaded")
    return f"UniAPI Studio cannot open a window: {reason.strip()}"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="studio", description="UniAPI Studio, the desktop app.")
    parser.add_argument("--demo", action="store_true", help="use the built-in simulator; no key needed")
    parser.add_argument("--lang", help="interface language: en or zh_CN (default: the system's)")
    parser.add_argument("--theme", choices=("system", "light", "dark"), help="the look (default: from Settings)")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--selftest", action="store_true", help="check this installation offscreen (exit 0) or name what fails (1)"
    )
    parser.add_argument("files", nargs="*", type=Path, help="files to open: audio, pictures, videos, text")
    return parser.parse_args(argv)


def start_demo_server(sock: socket.socket) -> DemoServer:
    """The demo gateway; the simulator (and its web stack) is imported in the demo's own thread."""
    from .simulator.demo import start_demo_server as start

    return start(sock)


def create_application() -> Any:
    """The QApplication; if Qt cannot load a platform plugin, one sentence and exit, not Qt's abort."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    if existing is not None:
        return existing
    qt_said: list[str] = []

    def on_qt_message(kind: QtMsgType, context: Any, message: str) -> None:
        if kind == QtMsgType.QtFatalMsg:
            sys.stderr.write(no_window_sentence(qt_said, os.environ) + "\n")
            sys.stderr.flush()
            os._exit(EXIT_NO_WINDOW)  # Qt aborts right after a fatal message returns
        category = f"{context.category}: " if context.category and context.category != "default" else ""
        qt_said.append(category + message)

    previous = qInstallMessageHandler(on_qt_message)
    try:
        app = QApplication(sys.argv[:1])
    finally:
        qInstallMessageHandler(previous)
    for line in qt_said:  # Qt's notes from a start that worked, held back in case it failed
        sys.stderr.write(line + "\n")
    return app


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


def studio_icon() -> QIcon:
    """The app's own icon: the installed theme's (the .deb puts it in hicolor), else the PNG sizes and SVG
    source shipped in resources/icons."""
    from PySide6.QtGui import QIcon

    from .ui.i18n import resources_dir

    icons = resources_dir() / "icons"
    bundled = QIcon()
    for png in sorted((icons / "hicolor").glob("*/apps/uniapi-studio.png")):
        bundled.addFile(str(png))
    if bundled.isNull() and (icons / "uniapi-studio.svg").is_file():
        bundled = QIcon(str(icons / "uniapi-studio.svg"))
    return QIcon.fromTheme("uniapi-studio", bundled)


def report_ready(window: Any, *, settle: float = 0.0) -> None:
    """For the start-up benchmark: print the wall-clock moment the shown window is idle; with `settle`
    seconds, then also the longest the UI thread went without running a 1 ms timer meanwhile (the
    warm-up and the first connection check run then). Closes the window after."""
    print(f"ready {time.time():.6f}", flush=True)
    if settle <= 0:
        window.close()
        return
    from PySide6.QtCore import Qt, QTimer

    last = [time.perf_counter()]
    gaps: list[float] = []

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    heartbeat = QTimer(window)
    heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
    heartbeat.setInterval(1)
    heartbeat.timeout.connect(tick)
    heartbeat.start()

    def done() -> None:
        heartbeat.stop()
        print(f"stall {max(gaps, default=0.0) * 1000:.1f}", flush=True)
        window.close()

    QTimer.singleShot(int(settle * 1000), done)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv if argv is not None else sys.argv[1:])
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if args.selftest:  # offscreen and in a temporary data folder: no display or system check needed
        from .selftest import run

        return run()
    if uses_x11(os.environ) and (packages := missing_packages()):
        sys.stderr.write(install_sentence(packages) + "\n")
        return EXIT_NO_WINDOW
    settings = Settings()
    from .qt.pyside_imports import defer_feature_scan
    from .qt.single_instance import hand_over, server_name  # the first PySide6 import

    defer_feature_scan()
    instance_name = server_name(settings.paths.data_dir)
    if hand_over(instance_name, args.files):  # a window already runs on this data folder: it takes the files
        return 0
    from .core.log_files import install_log_file

    install_log_file(settings.paths.logs)
    # Qt loads only now, after the check: QtGui itself links libGL, libEGL and libxkbcommon.
    from PySide6.QtCore import QTimer

    from .qt.async_tasks import cancel_all
    from .ui.warm_up import warm_up_in_background

    app = create_application()
    app.setApplicationName("UniAPI Studio")
    app.setOrganizationName("UniAPI Studio")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(studio_icon())
    from .ui.crash import install_crash_handler

    install_crash_handler(settings.paths.logs)
    try:
        from .ui.i18n import install_translator

        install_translator(app, args.lang or settings.data.language)
    except ImportError:  # pragma: no cover
        pass
    from .ui.theme import apply_theme

    apply_theme(app, args.theme or settings.data.theme)
    from .qt.event_loop import StudioEventLoop

    loop = StudioEventLoop(app)
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
    window.desktop.listen(instance_name)  # type: ignore[attr-defined]
    if args.files:
        QTimer.singleShot(0, lambda: window.desktop.bring_forward(args.files))  # type: ignore[attr-defined]
    QTimer.singleShot(0, warm_up_in_background)
    if ready_hook := os.environ.get("STUDIO_EXIT_WHEN_READY"):
        QTimer.singleShot(0, lambda: report_ready(window, settle=float(ready_hook) if ready_hook != "1" else 0.0))
    signal.signal(signal.SIGINT, lambda *_: window.close())  # type: ignore[attr-defined]
    with loop:
        loop.run_until_complete(finished.wait())
    return 0


if __name__ == "__main__":
    sys.exit(main())
