"""Render the settings dialog, the welcome and the main window's Tasks dock offscreen, in English and
Chinese, into screenshots/.

    .venv/bin/python packaging/screenshots.py [--out screenshots] [--lang en zh_CN]

Each dialog is shown in the states a person meets: a profile after a successful "Test connection"
against a local simulator, a refused key with its details open, an unusable URL, the demo profile,
the general page, and the welcome before and after a test; then the main window with jobs in the Tasks
dock: finished ones with thumbnails, running ones, a failed one. Nothing touches the user's own settings.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# PySide6 before qasync, so qasync binds to it.
from PySide6.QtCore import Qt  # noqa: E402, I001
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402
from studio.qt.event_loop import StudioEventLoop  # noqa: E402

from studio.app import start_demo_server  # noqa: E402
from studio.core.settings import KeyStore, Profile, Settings, StudioPaths  # noqa: E402
from studio.core.tasks import JobState, PollTiming  # noqa: E402
from studio.core.workspace import Workspace  # noqa: E402
from studio.simulator.config import SimulatorConfig  # noqa: E402
from studio.simulator.server import SimulatorServer  # noqa: E402
from studio.ui.i18n import install_translator  # noqa: E402
from studio.ui.main_window import MainWindow  # noqa: E402
from studio.ui.widgets.job_model import Group  # noqa: E402
from studio.ui.settings_dialog import SettingsDialog  # noqa: E402
from studio.ui.welcome import WelcomeDialog  # noqa: E402

SCREEN_KEY = "sk-screenshots-0123456789"


class MemoryKeyring:
    """A keyring that forgets everything at exit, so screenshots never touch the real one."""

    def __init__(self) -> None:
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


def no_keyring() -> MemoryKeyring:
    raise RuntimeError("no keyring on this machine")


def workspace_in(home: Path, sim_url: str, *, keyring: Callable[[], object]) -> Workspace:
    os.environ["STUDIO_HOME"] = str(home)
    paths = StudioPaths.default()
    settings = Settings(paths, KeyStore(paths.key_file, keyring))  # type: ignore[arg-type]
    if not settings.profiles:
        settings.add_profile(Profile(name="Demo", base_url="demo:"), activate=False)
        settings.add_profile(Profile(name="Work", base_url=sim_url), api_key=SCREEN_KEY)
        settings.add_profile(
            Profile(name="Office (proxy)", base_url="https://api.uniapi.io", proxy="socks5://10.0.0.8:1080"),
            api_key="sk-office",
            activate=False,
        )
    return Workspace(settings, demo_server=start_demo_server)


async def settle(widget: QWidget) -> None:
    """Let layouts and paints run. The qasync loop handles Qt's events while this waits; calling
    processEvents here instead would run other tasks' steps inside this one, and qasync drops those."""
    for _ in range(5):
        await asyncio.sleep(0.03)
    widget.repaint()


async def wait_for_test(tester: object) -> None:
    while tester.busy:  # type: ignore[attr-defined]
        await asyncio.sleep(0.02)


async def save(widget: QWidget, out: Path, name: str) -> None:
    await settle(widget)
    path = out / name
    widget.grab().save(str(path))
    print(path)


async def render(out: Path, language: str, sim: SimulatorServer, home: Path) -> None:
    memory = MemoryKeyring()
    workspace = workspace_in(home / "settings", sim.base_url, keyring=lambda: memory)
    dialog = SettingsDialog(workspace)
    dialog.show()
    dialog.select_profile("Work")
    dialog.tester.button.click()
    await wait_for_test(dialog.tester)
    dialog.model_combos["chat"].setEditText("gpt-4o-mini")
    dialog.model_combos["embeddings"].setCurrentIndex(0)
    await save(dialog, out, f"settings-profile-{language}.png")

    dialog.key_field.setText("sk-not-the-right-key")
    dialog.key_field.toggle.setChecked(True)
    dialog.tester.button.click()
    await wait_for_test(dialog.tester)
    dialog.tester.details_button.setChecked(True)
    await save(dialog, out, f"settings-refused-key-{language}.png")

    dialog.select_profile("Office (proxy)")
    dialog.proxy_scheme.setCurrentIndex(dialog.proxy_scheme.findData("socks5h"))
    dialog.url_edit.setText("api.uniapi.io/v1")
    dialog.proxy_user.setText("alice")
    dialog.proxy_password.setText("secret")
    dialog.tester.button.click()
    await save(dialog, out, f"settings-bad-url-{language}.png")

    dialog.select_profile("Demo")
    await save(dialog, out, f"settings-demo-{language}.png")
    dialog.pages.setCurrentIndex(1)
    await save(dialog, out, f"settings-general-{language}.png")
    dialog.reject()

    bare = workspace_in(home / "no-keyring", sim.base_url, keyring=no_keyring)
    fallback = SettingsDialog(bare)
    fallback.show()
    fallback.select_profile("Work")
    await save(fallback, out, f"settings-no-keyring-{language}.png")
    fallback.reject()

    first_run = workspace_in(home / "settings", sim.base_url, keyring=lambda: memory)
    welcome = WelcomeDialog(first_run)
    welcome.show()
    await save(welcome, out, f"welcome-{language}.png")
    welcome.url_edit.setText(sim.base_url)
    welcome.key_field.setText(SCREEN_KEY)
    welcome.tester.button.click()
    await wait_for_test(welcome.tester)
    await save(welcome, out, f"welcome-tested-{language}.png")
    welcome.key_field.setText("")
    welcome.save_button.click()
    await save(welcome, out, f"welcome-no-key-{language}.png")
    welcome.reject()
    for each in (workspace, bare, first_run):
        await each.aclose()


TASK_JOBS = [
    # (family, kind, parameters, title); the markers set how long the simulated task runs or make it fail
    (
        "suno",
        "music",
        {"body": {"gpt_description_prompt": "sea shanty about otters [[task-seconds:1]]"}},
        "A sea shanty about otters",
    ),
    (
        "midjourney",
        "imagine",
        {"prompt": "an otter reading by lamplight [[task-seconds:1]]"},
        "An otter reading by lamplight, oil painting",
    ),
    ("luma", "generate", {"body": {"user_prompt": "waves at dusk [[task-seconds:1]]"}}, "Waves rolling in at dusk"),
    (
        "udio",
        "music",
        {"gen_params": {"prompt": "rainy jazz [[fail:the model is overloaded]]"}},
        "Late-night jazz in the rain",
    ),
    (
        "midjourney",
        "imagine",
        {"prompt": "a lighthouse in a storm [[task-seconds:60]]"},
        "A lighthouse in a storm, wide shot",
    ),
    (
        "video",
        "generate",
        {"model": "veo-2", "body": {"prompt": "a paper boat [[task-seconds:90]]"}},
        "A paper boat drifting down a gutter",
    ),
]


async def render_tasks(out: Path, language: str, sim: SimulatorServer, home: Path) -> None:
    memory = MemoryKeyring()
    workspace = workspace_in(home / "tasks", sim.base_url, keyring=lambda: memory)
    workspace.task_timing = PollTiming.every(0.2)
    window = MainWindow(workspace)
    window.resize(1280, 1000)
    window.show()
    window.resizeDocks([window.docks["tasks"]], [380], Qt.Orientation.Vertical)
    engine = await workspace.tasks()
    await save(window, out, f"tasks-dock-empty-{language}.png")
    jobs = []
    for family, kind, parameters, title in TASK_JOBS:
        jobs.append(await engine.submit(family, kind, parameters, title=title))
        await asyncio.sleep(0.3)  # a little apart, so the elapsed times differ
    dock = window.parts["tasks"]
    done = [job.id for job in jobs[:3]]

    def ready() -> bool:
        rows = [dock.model.job_row(job.id) for job in jobs]
        return (
            all(row is not None for row in rows)
            and all(
                any(window.thumbnails.has_pixmap(a) for a in dock.model.job_row(job_id).asset_ids)  # type: ignore[union-attr]
                for job_id in done
            )
            and rows[3].state is JobState.FAILED  # type: ignore[union-attr]
            and (rows[4].percent or 0) > 5  # type: ignore[union-attr]
        )

    for _ in range(400):
        if ready():
            break
        await asyncio.sleep(0.05)
    await save(window, out, f"tasks-dock-{language}.png")
    grid = engine.job(jobs[1].id)  # the otter grid: its buttons start Midjourney actions, titled as people read them
    buttons = {button.get("label"): button.get("customId") for button in (grid.raw or {}).get("buttons", [])}
    for label in ("U2", "V3"):
        if buttons.get(label):
            action = {"task_id": grid.task_id, "custom_id": buttons[label]}
            jobs.append(await engine.submit("midjourney", "action", action))
    for _ in range(200):
        if all(dock.model.job_row(job.id) is not None for job in jobs):
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(1.5)  # let the actions get under way, as a person would see them
    await save(window, out, f"tasks-dock-actions-{language}.png")
    dock.set_group(Group.PROBLEMS)
    await save(window, out, f"tasks-dock-failed-{language}.png")
    dock.set_group(Group.ALL)
    dock.search.setText("no such thing")
    await save(dock, out, f"tasks-dock-no-match-{language}.png")
    for job in jobs:
        engine.cancel(job.id)
    window.close()
    await workspace.aclose()


Render = Callable[[Path, str, SimulatorServer, Path], Awaitable[None]]
"""render(out, language, simulator, home): one language's screenshots of one part of the window."""
ThemedRender = Callable[[Path, str, str, SimulatorServer, Path], Awaitable[None]]
"""render(out, language, theme, simulator, home): the same in one theme ("light" or "dark")."""


def render_languages(
    doc: str,
    renders: list[Render] | None = None,
    argv: list[str] | None = None,
    *,
    themed: ThemedRender | None = None,
    out: Path = ROOT / "screenshots",
    **simulator: Any,
) -> int:
    """The command line every screenshot script shares (--out, --lang, and --theme for a themed render):
    one in-process simulator, and each render run once per language (and theme) in a fresh temp data
    folder."""
    from studio.ui.theme import apply_theme

    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=out)
    parser.add_argument("--lang", nargs="+", default=["en", "zh_CN"])
    parser.add_argument("--theme", nargs="+", default=["light", "dark"])
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)  # closing the rendered main window must not stop the loop
    loop = StudioEventLoop(app)
    asyncio.set_event_loop(loop)
    sim = SimulatorServer(SimulatorConfig(key=SCREEN_KEY, latency_ms=0, token_rate=0, **simulator))
    sim.start()
    try:
        with tempfile.TemporaryDirectory() as temp:
            for language in args.lang:
                install_translator(app, language)
                for render in renders or []:
                    loop.run_until_complete(render(args.out, language, sim, Path(temp) / language))
                for theme in args.theme if themed is not None else []:
                    apply_theme(app, theme)
                    home = Path(temp) / f"{language}-{theme}"
                    loop.run_until_complete(themed(args.out, language, theme, sim, home))  # type: ignore[misc]
                apply_theme(app, "light")
    finally:
        sim.stop()
        install_translator(app, "en")
        loop.close()  # while the QApplication exists; qasync fails if it is closed at exit
    return 0


def main(argv: list[str] | None = None) -> int:
    return render_languages(__doc__, [render, render_tasks], argv)


if __name__ == "__main__":
    sys.exit(main())
