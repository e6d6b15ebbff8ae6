"""Render the Tools tab offscreen into PNGs: the embeddings heatmap and projection, the moderation chart
and the usage dashboard (with an error state), in light and dark, English and Chinese.

    .venv/bin/python packaging/tools_screenshots.py [--out /tmp/shots-tools] [--lang en zh_CN]

Runs against an in-process simulator in a temp data folder; nothing touches the user's own settings.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "packaging"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from screenshots import MemoryKeyring, render_languages, save, workspace_in  # noqa: E402

from studio.api.usage import UsageEvent  # noqa: E402
from studio.simulator.server import SimulatorServer  # noqa: E402
from studio.ui.main_window import MainWindow  # noqa: E402

TEXTS = {
    "en": [
        "a red fox jumps over the fence", "the red fox sleeps under a tree", "quarterly tax report",
        "office tax forms", "a violin concerto", "violin sonata played slowly", "fresh bread from the bakery",
        "the bakery sells bread", "rocket launch at dawn", "a rocket on the launch pad",
    ],
    "zh_CN": [
        "红狐狸跳过篱笆", "红狐狸在树下睡觉", "季度税务报告", "办公室税表", "小提琴协奏曲",
        "缓慢的小提琴奏鸣曲", "面包店的新鲜面包", "面包店卖面包", "黎明时火箭发射", "发射台上的火箭",
    ],
}
FLAGGED = {"en": "I will kill them with a bomb", "zh_CN": "我要杀了他们 kill"}
DAY = 86400.0


async def until(predicate, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise TimeoutError(f"waited {timeout}s for {predicate}")
        await asyncio.sleep(0.05)


def seed_usage(ledger, now: float) -> None:  # type: ignore[no-untyped-def]
    """A week of plausible work so the dashboard has something to draw."""
    plan = [
        ("chat", "gpt-4o-mini", 1800, 900, 0), ("chat", "gpt-4o", 900, 700, 0),
        ("images", "gpt-image-1", 40, 1100, 1), ("embeddings", "text-embedding-3-small", 600, 0, 0),
        ("suno", "chirp-v4", 0, 0, 2),
    ]
    for day in range(6, -1, -1):
        for n, (family, model, tokens_in, tokens_out, media) in enumerate(plan):
            for _ in range((day + n) % 3 + 1):
                ledger.record(UsageEvent(family, model, "/", tokens_in * (1 + day % 2), tokens_out, 0, media,
                                         at=now - day * DAY))


async def render(out: Path, language: str, theme: str, sim: SimulatorServer, home: Path) -> None:
    workspace = workspace_in(home, sim.base_url, keyring=MemoryKeyring)
    window = MainWindow(workspace)
    window.resize(1400, 900)
    window.show()
    tab = window.show_tab("tools")
    suffix = f"{theme}-{language}"
    await save(window, out, f"tools-empty-{suffix}.png")
    tab.texts.setPlainText("\n".join(TEXTS[language]))
    tab.embed_button.click()
    await until(lambda: len(tab.vectors) == 10)
    tab.charts.setCurrentIndex(0)
    await save(window, out, f"tools-heatmap-{suffix}.png")
    tab.charts.setCurrentIndex(1)
    await save(window, out, f"tools-projection-{suffix}.png")
    tab.pages.setCurrentIndex(1)
    tab.moderation_text.setPlainText(FLAGGED[language])
    tab.check_button.click()
    await until(lambda: tab.moderation is not None)
    await save(window, out, f"tools-moderation-{suffix}.png")
    tab.pages.setCurrentIndex(2)
    import time

    seed_usage(workspace.usage, time.time())
    tab.budget.setValue(2.0)
    tab.balance_button.click()
    await until(lambda: bool(workspace.usage.balance_history()))
    await asyncio.sleep(0.3)
    await save(window, out, f"tools-usage-{suffix}.png")
    window.close()
    await workspace.aclose()


def main(argv: list[str] | None = None) -> int:
    return render_languages(__doc__, argv=argv, themed=render, out=Path("/tmp/shots-tools"))


if __name__ == "__main__":
    sys.exit(main())
