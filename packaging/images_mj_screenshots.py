"""Render the Images tab's Midjourney and Ideogram pages offscreen, in English and Chinese, light and dark.

    .venv/bin/python packaging/images_mj_screenshots.py [--out /tmp/shots-images2] [--themes light,dark]

States: the empty Midjourney page, an imagine running (progress and the service's partial picture), the
finished grid with its own buttons, the upscale with its lineage and buttons, the Vary (Region) painter
mid-way, a failed task with its reason, and the Ideogram page with results (one withheld as unsafe).
Runs against an in-process simulator in a temp data folder; nothing touches the user's own settings.
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
sys.path.insert(0, str(ROOT / "packaging"))  # the OpenAI page's script: its key and its wait
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402, I001
from studio.qt.event_loop import StudioEventLoop  # noqa: E402

from images_screenshots import KEY  # noqa: E402
from images_screenshots import settle as wait_then_paint  # noqa: E402
from studio.app import start_demo_server  # noqa: E402
from studio.simulator.config import SimulatorConfig  # noqa: E402
from studio.simulator.server import SimulatorServer  # noqa: E402

CAT = ROOT / "tests" / "data" / "chelsea.png"


async def settle(condition, seconds: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    """The Images screenshots' wait, with the longer patience Midjourney's timeline needs."""
    await wait_then_paint(condition, seconds)


async def shoot(out: Path, language: str, theme: str, base_url: str) -> None:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    from studio.core.settings import Profile, Settings
    from studio.core.tasks import PollTiming
    from studio.core.workspace import Workspace
    from studio.ui.i18n import install_translator
    from studio.ui.main_window import MainWindow

    app = QApplication.instance()
    install_translator(app, language)
    zh = language == "zh_CN"
    name = f"{language}-{theme}"
    with tempfile.TemporaryDirectory() as home:
        os.environ["STUDIO_HOME"] = home
        os.environ["UNIAPI_API_KEY"] = KEY
        settings = Settings()
        settings.add_profile(Profile(name="UniAPI", base_url=base_url))
        workspace = Workspace(settings, demo_server=start_demo_server)
        workspace.task_timing = PollTiming.every(0.25)
        window = MainWindow(workspace)
        window.resize(1500, 940)
        window.show()
        await asyncio.sleep(0.8)
        tab = window.show_tab("images")
        tab.split.setSizes([1080, 420])
        mj = tab.midjourney
        tab.services.setCurrentWidget(mj)
        await settle(lambda: workspace.task_engine is not None)
        window.grab().save(str(out / f"mj-empty-{name}.png"))

        form, view = mj.form, mj.task
        form.prompt.setPlainText("雾中的灯塔，电影感光线" if zh else "a lighthouse in fog, cinematic light")
        form.aspect_ratio.setCurrentIndex(form.aspect_ratio.findData("3:2"))
        form.stylize.setValue(250)
        form.references.add([CAT])
        grid = mj.submit_form()
        await settle(lambda: not view.picture.pixmap().isNull() and bool(view.picture_note.text()) and not view.buttons)
        window.grab().save(str(out / f"mj-running-{name}.png"))
        await settle(lambda: bool(view.buttons))
        window.grab().save(str(out / f"mj-grid-{name}.png"))

        view.button("U2").click()
        upscale = mj.shown
        await settle(lambda: upscale != grid and view.button("Vary (Region)") is not None)
        window.grab().save(str(out / f"mj-upscale-{name}.png"))

        view.button("Vary (Region)").click()
        await settle(lambda: view.stack.currentWidget() is view.painter)
        canvas = view.painter.canvas
        view.painter.size_slider.setValue(60)
        viewport = canvas.viewport()
        centre = viewport.rect().center()
        QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre + QPoint(-80, -30))
        for step in range(0, 161, 16):
            QTest.mouseMove(viewport, centre + QPoint(-80 + step, -30 + step // 6))
        QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre + QPoint(80, -3))
        view.painter.prompt.setText("一扇红色的门" if zh else "a red door")
        await asyncio.sleep(0.3)
        window.grab().save(str(out / f"mj-region-{name}.png"))
        view.painter.cancel_button.click()

        storm = "暴风雨" if zh else "a storm"
        form.prompt.setPlainText(f"{storm} [[fail:Banned prompt detected]]")
        failed = mj.submit_form()
        await settle(lambda: workspace.task_engine.job(failed).state.finished and view.reason.isVisible())
        window.grab().save(str(out / f"mj-failed-{name}.png"))

        ideogram = tab.ideogram
        tab.services.setCurrentWidget(ideogram)
        ideogram.prompt.setPlainText(
            "写着“开业大吉”的海报 [[unsafe]]" if zh else "a poster that says GRAND OPENING [[unsafe]]"
        )
        ideogram.count.setValue(4)
        ideogram.style.setCurrentIndex(ideogram.style.findData("DESIGN"))
        job = ideogram.submit()
        await settle(
            lambda: (
                job is not None
                and workspace.task_engine.job(job).state.finished
                and ideogram.results.count() == 4
                and all(not ideogram.results.item(row).icon().isNull() for row in range(4))
            )
        )
        window.grab().save(str(out / f"ideogram-results-{name}.png"))
        window.close()
        await asyncio.sleep(0.3)
        await workspace.aclose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="/tmp/shots-images2")
    parser.add_argument("--themes", default="light,dark")
    parser.add_argument("--languages", default="en,zh_CN")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    app.setQuitOnLastWindowClosed(False)
    loop = StudioEventLoop(app)
    asyncio.set_event_loop(loop)
    server = SimulatorServer(SimulatorConfig(key=KEY, token_rate=400, latency_ms=0, task_seconds=3))
    base_url = server.start()
    from studio.ui.theme import apply_theme

    try:
        for theme in args.themes.split(","):
            apply_theme(app, theme)
            for language in args.languages.split(","):
                print(f"{language} {theme}", file=sys.stderr)
                loop.run_until_complete(shoot(out, language, theme, base_url))
    finally:
        server.stop()
    print(f"screenshots in {out}")
    sys.stdout.flush()
    os._exit(0)  # PySide6 can crash while tearing down at interpreter exit


if __name__ == "__main__":
    main()
