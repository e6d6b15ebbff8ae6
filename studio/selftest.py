"""`studio --selftest`: prove that this installation works, offscreen, in a throwaway data folder.

It is what `packaging/build.sh` runs against the frozen bundle and the installed .deb, and what a user
can run when the app misbehaves. The steps, in order:

1. import every studio module, QtMultimedia (with a media backend: the FFmpeg plugin) and PyAV;
   the Chinese translations and the app icon load;
2. store and read back a throwaway key in the OS keyring, or check its 0600 file fallback;
3. start the built-in simulator, as `--demo` does, and reach it;
4. one streamed chat request; 5. one task (a Midjourney imagine) round trip into the library;
6. one upload with progress (a transcription of a generated WAV);
7. open the main window, visit every tab and dock, close it.

Each step prints one line; exit status 0 when all passed, else 1 with one sentence per failed step on
stderr. Nothing touches the user's own settings, library or keys: STUDIO_HOME points to a temporary
folder for the run, and the keyring entry it writes is deleted again.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import math
import os
import pkgutil
import secrets
import stat
import struct
import sys
import tempfile
import threading
import time
import traceback
import wave
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

STEP_TIMEOUT_S = 90.0
"""A step that takes longer failed (the demo simulator answers in well under a second per request)."""
WHOLE_RUN_S = 300.0
"""If the run itself hangs (a close that never ends), a watchdog reports it and exits 1."""
NOT_IMPORTED = ("__main__",)
"""Module names that run a program when imported (`python -m studio`, the CLI's and the simulator's)."""


class StepFailed(Exception):
    """A step did not do what it should; the message is the one sentence the report prints."""


@dataclass
class SelfTest:
    """The steps' shared state and what each one found."""

    out: Any = field(default_factory=lambda: sys.stdout)
    err: Any = field(default_factory=lambda: sys.stderr)
    failures: list[str] = field(default_factory=list)
    workspace: Any = None
    folder: Path | None = None
    thread_errors: list[str] = field(default_factory=list)
    """Exceptions that ended a background thread (the demo server's, a loader's), for the step running."""

    def passed(self, name: str, what: str) -> None:
        self.out.write(f"ok    {name}: {what}\n")
        self.out.flush()

    def failed(self, name: str, sentence: str) -> None:
        self.failures.append(sentence)
        self.out.write(f"FAIL  {name}\n")
        self.out.flush()

    async def run_step(self, name: str, step: Callable[[], Awaitable[str]]) -> bool:
        started = time.monotonic()
        thread_errors = len(self.thread_errors)
        try:
            what = await asyncio.wait_for(step(), STEP_TIMEOUT_S)
            if len(self.thread_errors) > thread_errors:
                raise StepFailed(f"a background thread failed: {self.thread_errors[thread_errors]}.")
        except StepFailed as failure:
            self.failed(name, f"{name}: {failure}")
        except TimeoutError:
            self.failed(name, f"{name}: no answer within {STEP_TIMEOUT_S:.0f} seconds.")
        except Exception as exc:  # a self-test reports what broke; it never ends in a traceback
            reason = getattr(exc, "user_message", None) or f"{type(exc).__name__}: {exc}"
            self.failed(name, f"{name}: {reason}")
            if os.environ.get("STUDIO_SELFTEST_DEBUG"):
                traceback.print_exc(file=self.err)
        else:
            self.passed(name, f"{what} ({time.monotonic() - started:.1f} s)")
            return True
        return False


# steps -------------------------------------------------------------------------------------------


def studio_module_names() -> list[str]:
    """Every module of the studio package: its files when run from source (namespace folders such as
    `studio/ui/widgets` included), the bundle's own list when frozen (PyInstaller answers pkgutil)."""
    import studio

    if not getattr(sys, "frozen", False):
        root = Path(studio.__file__).resolve().parent
        names = []
        for path in root.rglob("*.py"):
            parts = path.relative_to(root.parent).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            if parts[-1] not in NOT_IMPORTED:
                names.append(".".join(parts))
        for folder in root.rglob("*"):  # a namespace package is a module too (the bundle lists it)
            if folder.is_dir() and folder.name != "__pycache__" and not (folder / "__init__.py").exists():
                names.append(".".join(folder.relative_to(root.parent).parts))
        return sorted(names)
    names = [studio.__name__]
    for module in pkgutil.walk_packages(studio.__path__, prefix="studio."):
        if module.name.rsplit(".", 1)[-1] not in NOT_IMPORTED:
            names.append(module.name)
    return sorted(names)


async def import_everything() -> str:
    import importlib

    names = studio_module_names()
    broken: list[str] = []
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as exc:
            broken.append(f"{name} ({type(exc).__name__}: {exc})")
    if broken:
        raise StepFailed(f"{len(broken)} modules do not import: {'; '.join(broken[:3])}.")
    from PySide6.QtMultimedia import QMediaFormat, QMediaPlayer  # noqa: F401 - the import is the check
    from PySide6.QtMultimediaWidgets import QVideoWidget  # noqa: F401

    decodable = QMediaFormat().supportedFileFormats(QMediaFormat.ConversionMode.Decode)
    if not decodable:
        raise StepFailed("QtMultimedia loaded no media backend (the FFmpeg plugin is missing), so nothing can play.")
    import av

    for codec in ("mp3", "aac", "pcm_s16le"):
        av.codec.Codec(codec, "r")  # raises where PyAV was built without it
    return (
        f"{len(names)} studio modules, QtMultimedia decoding {len(decodable)} formats, "
        f"PyAV {av.__version__} (FFmpeg {getattr(av, 'ffmpeg_version_info', '?')})"
    )


async def check_translations_and_icons() -> str:
    """The Chinese interface (the studio's .qm and Qt's own) and the app icon are where the app looks."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QIcon

    from .ui.i18n import CHINESE, ENGLISH, install_translator, resources_dir

    app = QCoreApplication.instance()
    try:
        if install_translator(app, CHINESE) != CHINESE:
            raise StepFailed(f"the Chinese translation is missing from {resources_dir() / 'i18n'}.")
        tab = QCoreApplication.translate("Tabs", "Chat")
        if tab == "Chat":
            raise StepFailed("the Chinese translation loaded but does not translate the Chat tab.")
        qt_button = QCoreApplication.translate("QPlatformTheme", "Cancel")
    finally:
        install_translator(app, ENGLISH)
    icon = resources_dir() / "icons" / "uniapi-studio.svg"
    if QIcon(str(icon)).pixmap(64, 64).isNull():
        raise StepFailed(f"the app icon {icon} is missing or Qt cannot draw it (no SVG support).")
    qt_part = "and Qt's own" if qt_button != "Cancel" else "(Qt's own buttons stay in English: qtbase_zh_CN is missing)"
    return f"Chinese ({tab}) {qt_part}; the SVG app icon draws"


async def check_key_store(test: SelfTest) -> str:
    from .core.settings import KEYRING_SERVICE, Settings

    settings: Settings = test.workspace.settings if test.workspace else Settings()
    keys = settings.keys
    profile = f"selftest-{secrets.token_hex(4)}"
    secret = secrets.token_urlsafe(16)
    await asyncio.to_thread(keys.set, profile, secret)  # a keyring on D-Bus may take a moment
    try:
        back = await asyncio.to_thread(keys.get, profile)
        if back != secret:
            raise StepFailed("a key stored in the key store did not come back.")
        if keys.warning is None:
            import keyring

            backend = keyring.get_keyring()
            return f"the system keyring ({type(backend).__module__}.{type(backend).__name__}) keeps keys"
        mode = stat.S_IMODE(keys.key_file.stat().st_mode)
        if mode != 0o600:
            raise StepFailed(f"no system keyring, and the key file {keys.key_file} is mode {mode:o}, not 600.")
        return f"no system keyring for service {KEYRING_SERVICE}; keys go to a 0600 file (the documented fallback)"
    finally:
        await asyncio.to_thread(keys.delete, profile)


async def start_simulator(test: SelfTest) -> str:
    import importlib

    try:  # in a thread, as the demo loads it; a missing piece is named here, not in a thread's traceback
        await asyncio.to_thread(importlib.import_module, "studio.simulator.demo")
    except Exception as exc:
        raise StepFailed(f"the built-in simulator does not load ({type(exc).__name__}: {exc}).") from exc
    workspace = test.workspace
    workspace.ensure_demo_profile()
    report = await workspace.test_connection()
    if not report.ok:
        raise StepFailed(f"the built-in simulator did not answer: {report.message}")
    return f"the built-in simulator at {workspace.gateway_url()} lists {len(report.models)} models"


async def streamed_chat(test: SelfTest) -> str:
    from .api.chat import ChatRequest
    from .api.streaming import TextDelta

    request = ChatRequest(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "Say hello to the self-test."}], max_tokens=24
    )
    pieces: list[str] = []
    async with test.workspace.api().chat.stream(request) as stream:
        async for event in stream:
            if isinstance(event, TextDelta):
                pieces.append(event.text)
    text = "".join(pieces).strip()
    if len(pieces) < 2 or not text:
        raise StepFailed(f"the streamed reply came in {len(pieces)} pieces with {len(text)} characters.")
    return f"a reply of {len(text)} characters in {len(pieces)} streamed pieces"


async def task_round_trip(test: SelfTest) -> str:
    from .core.tasks import JobState

    engine = await test.workspace.tasks()
    job = await engine.submit("midjourney", "imagine", {"prompt": "a lighthouse at dawn [[task-seconds:1]]"})
    job = await engine.wait(job.id)
    if job.state != JobState.DONE:
        raise StepFailed(f"the Midjourney job ended {job.state.value}, not done.")
    assets = engine.assets_of(job.id)
    stored = [a for a in assets if a.path is not None and a.path.is_file() and a.byte_size > 0]
    if not stored:
        raise StepFailed("the job finished but its picture is not in the library.")
    return f"job {job.id} (task {job.task_id}) done, {len(stored)} picture(s) in the library"


def tone_wav(seconds: float = 1.5, rate: int = 16000) -> bytes:
    """A short sine tone as a 16-bit mono WAV: real audio for the transcription upload."""
    frames = b"".join(
        struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * n / rate))) for n in range(int(seconds * rate))
    )
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(frames)
    return buffer.getvalue()


async def upload_with_progress(test: SelfTest) -> str:
    from .api.audio import TranscriptionRequest

    assert test.folder is not None
    path = test.folder / "selftest-tone.wav"
    path.write_bytes(tone_wav())
    reports: list[tuple[int, int]] = []
    transcript = await test.workspace.api().audio.transcribe(
        path, TranscriptionRequest(model="whisper-1"), progress=lambda sent, total: reports.append((sent, total))
    )
    if not reports or reports[-1][0] != reports[-1][1]:
        raise StepFailed(f"upload progress was reported {len(reports)} times and did not reach the whole body.")
    if not transcript.text:
        raise StepFailed("the transcription came back empty.")
    sent = reports[-1][1]
    return f"{sent:,} bytes sent with {len(reports)} progress reports, transcript of {len(transcript.text)} chars"


async def visit_main_window(test: SelfTest) -> str:
    from .ui.main_window import MainWindow

    errors: list[str] = []
    previous_hook = sys.excepthook

    def collect(kind: type[BaseException], value: BaseException, tb: Any) -> None:
        errors.append(f"{kind.__name__}: {value}")  # an exception in a slot would otherwise only be printed

    sys.excepthook = collect
    window = MainWindow(test.workspace)
    closed = asyncio.Event()
    window.closed.connect(closed.set)
    try:
        window.show()
        visited: list[str] = []
        for index in range(window.tabs.count()):
            window.tabs.setCurrentIndex(index)
            host = window.tabs.widget(index)
            deadline = time.monotonic() + 20
            while getattr(host, "part", None) is None and not errors and time.monotonic() < deadline:
                await asyncio.sleep(0.02)
            if getattr(host, "part", None) is None:
                why = f" ({errors[0]})" if errors else ""
                raise StepFailed(f"the tab {window.tabs.tabText(index)!r} was not built when shown{why}.")
            await asyncio.sleep(0.1)  # the loop runs Qt's events meanwhile: its first paint and lazy loads
            visited.append(window.tabs.tabText(index))
        for dock in window.docks.values():
            dock.show()
            if dock.widget() is None:
                raise StepFailed(f"the dock {dock.windowTitle()!r} has no content.")
            visited.append(dock.windowTitle())
        await asyncio.sleep(0.2)
    finally:
        window.close()
        await asyncio.wait_for(closed.wait(), 20)
        sys.excepthook = previous_hook
    if errors:
        raise StepFailed(f"{len(errors)} errors while visiting the tabs, the first: {errors[0]}.")
    return f"visited {len(visited)} parts ({', '.join(visited)}) and closed"


# the run -----------------------------------------------------------------------------------------


async def run_steps(test: SelfTest) -> None:
    from .app import start_demo_server
    from .core.settings import Settings
    from .core.workspace import Workspace

    await test.run_step("imports", import_everything)
    await test.run_step("translations and icon", check_translations_and_icons)
    test.workspace = Workspace(Settings(), demo_server=start_demo_server)
    try:
        await test.run_step("key store", lambda: check_key_store(test))
        if await test.run_step("simulator", lambda: start_simulator(test)):
            await test.run_step("streamed chat", lambda: streamed_chat(test))
            await test.run_step("task into the library", lambda: task_round_trip(test))
            await test.run_step("upload with progress", lambda: upload_with_progress(test))
        else:
            for name in ("streamed chat", "task into the library", "upload with progress"):
                test.failed(name, f"{name}: not tried, because the simulator did not start.")
        await test.run_step("main window", lambda: visit_main_window(test))
    finally:
        from .qt.async_tasks import cancel_all

        await cancel_all()
        try:
            await asyncio.wait_for(test.workspace.aclose(), STEP_TIMEOUT_S)
        except Exception as exc:
            test.failed("close", f"close: the workspace did not close cleanly ({type(exc).__name__}: {exc}).")


def run(out: Any = None, err: Any = None) -> int:
    """Run every step; 0 when all passed, else 1 after one sentence per failed step on `err`."""
    test = SelfTest(out=out or sys.stdout, err=err or sys.stderr)

    def give_up() -> None:
        for sentence in [*test.failures, f"the self-test did not finish within {WHOLE_RUN_S:.0f} seconds"]:
            test.err.write(sentence.rstrip(".") + ".\n")
        test.err.flush()
        os._exit(1)

    watchdog = threading.Timer(WHOLE_RUN_S, give_up)
    watchdog.daemon = True
    watchdog.start()
    with tempfile.TemporaryDirectory(prefix="studio-selftest-") as folder:
        test.folder = Path(folder)
        os.environ["STUDIO_HOME"] = str(test.folder / "home")  # the user's own data stays untouched
        os.environ.pop("UNIAPI_API_KEY", None)
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # set before Qt loads: no display needed
        test.out.write(f"UniAPI Studio self-test ({'bundle' if getattr(sys, 'frozen', False) else 'Python'} "
                       f"{sys.version.split()[0]}, {sys.platform})\n")
        try:
            from PySide6.QtWidgets import QApplication
        except ImportError as exc:
            test.err.write(f"Qt does not load: {exc}.\n")
            return 1
        from PySide6.QtCore import qInstallMessageHandler

        qt_said: list[str] = []
        # Qt's notes (no PulseAudio here, no VA-API there) are not failures; kept for STUDIO_SELFTEST_DEBUG.
        qInstallMessageHandler(lambda _kind, _context, message: qt_said.append(message))
        threading.excepthook = lambda hook: test.thread_errors.append(f"{hook.exc_type.__name__}: {hook.exc_value}")
        logging.getLogger("studio").setLevel(logging.ERROR)  # e.g. the keyring fallback, which a step reports
        app = QApplication.instance() or QApplication([sys.argv[0]])
        app.setApplicationName("UniAPI Studio")
        app.setQuitOnLastWindowClosed(False)
        from .qt.event_loop import StudioEventLoop

        loop = StudioEventLoop(app)
        asyncio.set_event_loop(loop)
        with loop:
            loop.run_until_complete(run_steps(test))
        with contextlib.suppress(Exception):
            asyncio.set_event_loop(None)
        qInstallMessageHandler(None)
        if os.environ.get("STUDIO_SELFTEST_DEBUG"):
            test.err.writelines(f"qt: {line}\n" for line in qt_said)
    watchdog.cancel()
    for sentence in test.failures:
        test.err.write(sentence.rstrip(".") + ".\n")
    test.out.write("self-test passed\n" if not test.failures else f"self-test failed: {len(test.failures)} step(s)\n")
    test.out.flush()
    return 0 if not test.failures else 1
