"""Render the Library tab offscreen, in English and Chinese (light), into screenshots/.

    .venv/bin/python packaging/library_screenshots.py [--out screenshots]

States: the grid over a generated library of 2,000 assets, the list, the detail pane with a lineage
chain, search results, the empty trash, and the "Check library" report (one damaged file, one unused).
Offline, in a temp data folder: the profile points at a closed port; nothing touches the user's settings.
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
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402, I001
from studio.qt.event_loop import StudioEventLoop  # noqa: E402

from library_fixture import build_library, make_thumbnails  # noqa: E402

COUNT = 2_000


async def settle(seconds: float = 0.5) -> None:
    await asyncio.sleep(seconds)


async def shoot(out: Path, language: str) -> None:
    from studio.core.settings import Profile, Settings
    from studio.core.workspace import Workspace
    from studio.ui import library, tasks
    from studio.ui.i18n import install_translator
    from studio.ui.main_window import MainWindow

    app = QApplication.instance()
    install_translator(app, language)
    with tempfile.TemporaryDirectory() as home:
        os.environ["STUDIO_HOME"] = home
        os.environ["UNIAPI_API_KEY"] = "screenshots-key"
        settings = Settings()
        settings.add_profile(Profile(name="UniAPI", base_url="http://127.0.0.1:9"))
        workspace = Workspace(settings)
        files = build_library(workspace.library, COUNT)
        await make_thumbnails(workspace.library, files)
        window = MainWindow(workspace, tabs=[library.SPEC, tasks.SPEC])
        window.resize(1400, 900)
        window.show()
        tab = window.show_tab("library")
        await settle(1.0)
        window.grab().save(str(out / f"library-grid-{language}.png"))

        tab.search.setText("chain of islands")
        await settle()
        tab.select_ids([11])
        await settle(1.0)
        window.grab().save(str(out / f"library-detail-lineage-{language}.png"))

        tab.search.setText("heron" if language == "en" else "月光")
        await settle()
        tab.select_ids(tab.model.asset_ids()[:1])
        await settle(0.8)
        window.grab().save(str(out / f"library-search-{language}.png"))

        tab.search.clear()
        tab.view_mode.setCurrentIndex(tab.view_mode.findData("list"))
        tab.select_ids(tab.model.asset_ids()[:3])
        await settle(0.8)
        window.grab().save(str(out / f"library-list-{language}.png"))

        tab.trash_view.setChecked(True)
        await settle()
        window.grab().save(str(out / f"library-trash-empty-{language}.png"))
        tab.trash_view.setChecked(False)

        damaged = workspace.library.get(20)
        damaged.path.write_bytes(b"changed on disk")
        orphan = workspace.library.file_path("ab" * 32, "png")
        orphan.parent.mkdir(parents=True, exist_ok=True)
        orphan.write_bytes(b"left behind")
        tab.check_library()
        while tab.check_dialog is None:
            await asyncio.sleep(0.05)
        await settle()
        tab.check_dialog.grab().save(str(out / f"library-check-{language}.png"))
        tab.check_dialog.close()
        window.close()
        await settle(0.3)
        workspace.db.close()


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
    from studio.ui.theme import apply_theme

    apply_theme(app, "light")
    for language in ("en", "zh_CN"):
        loop.run_until_complete(shoot(out, language))
    print(f"screenshots in {out}")
    sys.stdout.flush()
    os._exit(0)  # PySide6 can crash while tearing down at interpreter exit


if __name__ == "__main__":
    main()
