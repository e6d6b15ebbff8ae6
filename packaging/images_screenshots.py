"""Render the Images tab offscreen, in English and Chinese (light), into screenshots/.

    .venv/bin/python packaging/images_screenshots.py [--out screenshots]

States: Generate with a gallery of results (the revised prompt shown), the mask editor in the middle
of a brush stroke, a refused mask of another size, and a JPEG for a variation with its one-click fix.
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
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402, I001
from studio.qt.event_loop import StudioEventLoop  # noqa: E402

from studio.app import start_demo_server  # noqa: E402
from studio.simulator.config import SimulatorConfig  # noqa: E402
from studio.simulator.server import SimulatorServer  # noqa: E402

KEY = "screenshots-key"
ROCKET = ROOT / "tests" / "data" / "rocket.jpg"


async def settle(condition, seconds: float = 15.0) -> None:  # type: ignore[no-untyped-def]
    """Wait (up to `seconds`) for `condition`, then half a second for paints; says so if it gave up."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            break
        await asyncio.sleep(0.05)
    else:
        print("  (gave up waiting)", file=sys.stderr)
    await asyncio.sleep(0.5)


def small_mask(folder: Path) -> Path:
    from PIL import Image

    mask = Image.new("RGBA", (200, 200), (0, 0, 0, 255))
    mask.paste((0, 0, 0, 0), (50, 50, 120, 120))
    path = folder / "small-mask.png"
    mask.save(path)
    return path


async def shoot(out: Path, language: str, base_url: str) -> None:
    from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtTest import QTest

    from studio.core.settings import Profile, Settings
    from studio.core.workspace import Workspace
    from studio.ui.i18n import install_translator
    from studio.ui.main_window import MainWindow

    def drop(widget, path: Path) -> None:  # type: ignore[no-untyped-def]
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(path))])
        point = widget.rect().center()
        for event in (
            QDragEnterEvent(
                point, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
            ),
            QDropEvent(
                point.toPointF(),
                Qt.DropAction.CopyAction,
                mime,
                Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier.NoModifier,
            ),
        ):
            QApplication.sendEvent(widget, event)

    app = QApplication.instance()
    install_translator(app, language)
    zh = language == "zh_CN"
    with tempfile.TemporaryDirectory() as home:
        os.environ["STUDIO_HOME"] = home
        os.environ["UNIAPI_API_KEY"] = KEY
        settings = Settings()
        settings.add_profile(Profile(name="UniAPI", base_url=base_url))
        workspace = Workspace(settings, demo_server=start_demo_server)
        window = MainWindow(workspace)
        window.resize(1400, 900)
        window.show()
        await asyncio.sleep(0.8)
        tab = window.show_tab("images")
        panel, gallery = tab.openai, tab.gallery
        await asyncio.sleep(0.3)
        window.grab().save(str(out / f"images-empty-{language}.png"))

        panel.model.setCurrentText("gpt-image-1")
        panel.n.setValue(3)
        panel.prompt.setPlainText("一只在读地图的猫头鹰，水彩风格" if zh else "an owl reading a map, watercolour")
        panel.run()
        await settle(lambda: gallery.model.rowCount() >= 3 and not panel.running.running)
        panel.model.setCurrentText("dall-e-3")
        panel.prompt.setPlainText("港口的灯塔，黄昏" if zh else "a lighthouse over a harbour at dusk")
        panel.run()
        await settle(lambda: gallery.model.rowCount() >= 4 and not panel.running.running)
        window.grab().save(str(out / f"images-generate-{language}.png"))

        # the mask editor, mid-stroke: a result sent to edit, the brush pressed and dragged, not released
        gallery.select([gallery.model.assets()[1].id])
        gallery.edit_button.click()
        canvas = panel.editor.canvas
        await settle(canvas.has_image)
        panel.prompt.setPlainText("把天空换成极光" if zh else "turn the sky into an aurora")
        viewport = canvas.viewport()
        centre = viewport.rect().center()
        QTest.mousePress(
            viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre + QPoint(-160, -90)
        )
        for step in range(0, 321, 20):
            QTest.mouseMove(viewport, centre + QPoint(-160 + step, -90 + (step // 8)))
        QTest.mouseRelease(
            viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre + QPoint(160, -50)
        )
        QTest.mousePress(
            viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre + QPoint(-150, -40)
        )
        for step in range(0, 201, 20):
            QTest.mouseMove(viewport, centre + QPoint(-150 + step, -40))
        await asyncio.sleep(0.3)
        window.grab().save(str(out / f"images-mask-stroke-{language}.png"))
        QTest.mouseRelease(
            viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre + QPoint(50, -40)
        )

        # a refusal: a mask file of another size
        panel.editor.set_inputs([ROCKET])
        await settle(lambda: canvas.image_size() == (640, 427))
        drop(panel.editor.mask_label, small_mask(Path(home)))
        await settle(lambda: panel.problem.isVisible())
        panel.run()
        await settle(lambda: not panel.running.running)
        window.grab().save(str(out / f"images-refusal-{language}.png"))

        # a JPEG for a variation: the reason and the one-click fix
        panel.editor.set_mask_file(None)
        panel.set_operation("variation")
        await settle(lambda: panel.problem.isVisible() and panel.fix_button.isVisible())
        window.grab().save(str(out / f"images-fix-{language}.png"))
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
        apply_theme(app, "light")
        for language in ("en", "zh_CN"):
            loop.run_until_complete(shoot(out, language, base_url))
    finally:
        server.stop()
    print(f"screenshots in {out}")
    sys.stdout.flush()
    os._exit(0)  # PySide6 can crash while tearing down at interpreter exit


if __name__ == "__main__":
    main()
