"""Render every tab, Help ▸ Keyboard shortcuts, Help ▸ About, a job notice (the in-app toast) and the
crash notice offscreen, in English and Chinese, light and dark.

    .venv/bin/python packaging/desktop_screenshots.py [--out /tmp/shots-desktop] [--lang en zh_CN]
        [--theme light dark]

Runs against an in-process simulator in a temp data folder; nothing touches the user's own settings.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "packaging"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402, I001

from screenshots import MemoryKeyring, render_languages, save, workspace_in  # noqa: E402
from studio.simulator.server import SimulatorServer  # noqa: E402
from studio.ui.crash import CrashHandler  # noqa: E402
from studio.ui.help_dialogs import AboutDialog, ShortcutsDialog  # noqa: E402
from studio.ui.main_window import MainWindow  # noqa: E402
from studio.ui.theme import apply_theme  # noqa: E402

TABS = ["chat", "audio", "images", "music", "video", "library"]


async def render(out: Path, language: str, theme: str, sim: SimulatorServer, home: Path) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, theme)
    workspace = workspace_in(home, sim.base_url, keyring=MemoryKeyring)
    window = MainWindow(workspace)
    window.resize(1400, 900)
    window.show()
    tag = f"{language}-{theme}"
    for key in TABS:
        window.show_tab(key)
        await save(window, out, f"desktop-tab-{key}-{tag}.png")
    window.show_tab("chat")
    window.desktop.toast.show_message(window.desktop.tr("Task finished"), "Midjourney: an otter reading")
    await save(window, out, f"desktop-toast-{tag}.png")
    window.desktop.toast.hide()
    window.desktop.toast.timer.stop()
    keys = ShortcutsDialog(window)
    keys.show()
    await save(keys, out, f"desktop-shortcuts-{tag}.png")
    keys.close()
    paths = workspace.settings.paths
    about = AboutDialog(paths.data_dir, paths.logs, window)
    about.show()
    await save(about, out, f"desktop-about-{tag}.png")
    about.close()
    crash = CrashHandler(paths.logs)
    try:
        raise RuntimeError("an example error for the screenshot")
    except RuntimeError as error:
        crash.report(type(error), error, error.__traceback__, offer=False)
    crash._offer(str(crash.reports[-1]))
    assert crash.notice is not None
    await save(crash.notice, out, f"desktop-crash-{tag}.png")
    crash.notice.close()
    window.close()
    await workspace.aclose()


def main(argv: list[str] | None = None) -> int:
    return render_languages(__doc__, argv=argv, themed=render, out=Path("/tmp/shots-desktop"), task_seconds=2.0)


if __name__ == "__main__":
    sys.exit(main())
