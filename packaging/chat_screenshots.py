"""Render the main window's chat tab offscreen, in English and Chinese, into screenshots/.

    .venv/bin/python packaging/chat_screenshots.py [--out screenshots]

States: an empty first chat, a reply with Markdown, a table and highlighted code, an inline error
with Retry/Details, a stopped reply, and a search. Runs against an in-process simulator in a temp
data folder; nothing touches the user's own settings.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402, I001
from studio.qt.event_loop import StudioEventLoop  # noqa: E402

from studio.app import start_demo_server  # noqa: E402
from studio.simulator.config import SimulatorConfig  # noqa: E402
from studio.simulator.server import SimulatorServer  # noqa: E402

KEY = "screenshots-key"


async def wait_for_reply(window) -> None:  # type: ignore[no-untyped-def]
    chat = window.parts["chat"]
    while chat.bridge.busy or (chat.model.messages and chat.model.messages[-1].status == "streaming"):
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.3)


async def shoot(out: Path, language: str, base_url: str, suffix: str = "") -> None:
    from studio.core.settings import Profile, Settings
    from studio.core.workspace import Workspace
    from studio.ui.i18n import install_translator
    from studio.ui.main_window import MainWindow

    app = QApplication.instance()
    install_translator(app, language)
    with tempfile.TemporaryDirectory() as home:
        os.environ["STUDIO_HOME"] = home
        os.environ["UNIAPI_API_KEY"] = KEY
        settings = Settings()
        settings.add_profile(Profile(name="UniAPI", base_url=base_url))
        workspace = Workspace(settings, demo_server=start_demo_server)
        window = MainWindow(workspace)
        window.resize(1280, 1000)
        window.show()
        await asyncio.sleep(0.8)
        window.grab().save(str(out / f"chat-empty-{language}{suffix}.png"))
        chat = window.parts["chat"]
        prompt = (
            "用一个表格和一段代码解释 Python 列表推导式"
            if language == "zh_CN"
            else ("Explain list comprehensions with a table and some code")
        )
        chat.composer.edit.setPlainText(prompt)
        chat.composer.submit()
        await wait_for_reply(window)
        window.grab().save(str(out / f"chat-code-{language}{suffix}.png"))
        chat.composer.edit.setPlainText("This one fails [[fault:429]] [[tokens:40]]")
        chat.composer.submit()
        await wait_for_reply(window)
        window.grab().save(str(out / f"chat-error-{language}{suffix}.png"))
        chat.new_conversation()
        chat.composer.edit.setPlainText("A long story [[tokens:600]] [[token-rate:60]]")
        chat.composer.submit()
        await asyncio.sleep(2.0)
        chat.bridge.stop()
        await wait_for_reply(window)
        window.grab().save(str(out / f"chat-stopped-{language}{suffix}.png"))
        chat.list.search.setText("comprehension" if language == "en" else "推导式")
        await asyncio.sleep(0.6)
        window.grab().save(str(out / f"chat-search-{language}{suffix}.png"))
        # Tasks dock with jobs in several states, and the Audio tab with a transcript.
        engine = await workspace.tasks()
        await engine.submit("midjourney", "imagine", {"prompt": "an otter reading a map [[task-seconds:1]]"})
        await engine.submit("luma", "generate", {"body": {"user_prompt": "waves at dusk [[task-seconds:60]]"}})
        await engine.submit("udio", "music", {"gen_params": {"prompt": "rainy jazz [[fail:no instruments left]]"}})
        tab = window.show_tab("audio")
        tab.model.setCurrentText("whisper-1")
        tab.set_format("verbose_json")
        tab.segment_stamps.setChecked(True)
        tab.add_files([ROOT / "tests" / "data" / ("speech-zh.wav" if language == "zh_CN" else "speech-en.wav")])
        for _ in range(100):
            await asyncio.sleep(0.1)
            if all(job.transcript for job in tab.jobs.values()) and tab.jobs:
                break
        await asyncio.sleep(4.0)
        window.grab().save(str(out / f"audio-and-tasks-{language}{suffix}.png"))
        window.close()
        await asyncio.sleep(0.3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "screenshots"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    app.setQuitOnLastWindowClosed(False)
    loop = StudioEventLoop(app)
    asyncio.set_event_loop(loop)
    server = SimulatorServer(SimulatorConfig(key=KEY, token_rate=400, latency_ms=0))
    base_url = server.start()
    from studio.ui.theme import apply_theme

    try:
        for language, theme in (("en", "light"), ("zh_CN", "light"), ("en", "dark"), ("zh_CN", "dark")):
            apply_theme(app, theme)
            loop.run_until_complete(shoot(out, language, base_url, "" if theme == "light" else "-dark"))
    finally:
        server.stop()
    print(f"screenshots in {out}")
    sys.stdout.flush()
    os._exit(0)  # PySide6 can crash while tearing down at interpreter exit


if __name__ == "__main__":
    main()
