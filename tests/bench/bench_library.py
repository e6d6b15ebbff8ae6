"""Library tab benchmarks (issue 15) on a generated library of 20,000 assets, against baselines of the same run.

    python tests/bench/bench_library.py [--quick] [--json FILE]

- first screen: from showing the tab to every visible tile drawn with its thumbnail (thumbnails cached
  on disk, as after any earlier session), against the same tab over an empty library;
- search: typing a query until the grid has repainted, median and worst of several, against the same
  queries over an empty library;
- scrolling: the whole grid top to bottom, a page at a time, while a 1 ms timer measures the longest
  gap of the event loop, against the loop left idle as long.

Targets: first screen < 300 ms, search < 30 ms, longest stall < 16 ms. Offline: the profile points at a
closed port. Runs offscreen unless QT_QPA_PLATFORM is set.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from bench_chat_ui import Heartbeat, make_workspace  # noqa: E402
from library_fixture import build_library, make_thumbnails  # noqa: E402
from rows import Row, add_arguments, report  # noqa: E402

COUNT = 20_000
QUERIES = ["heron", "lighthouse", "月光", "dusk", "otter study", "ca"]


def open_window(home: Path, count: int):  # type: ignore[no-untyped-def]
    from studio.ui import library, tasks
    from studio.ui.main_window import MainWindow

    workspace = make_workspace(home, "http://127.0.0.1:9")
    if count:
        files = build_library(workspace.library, count)
        asyncio.get_event_loop().run_until_complete(make_thumbnails(workspace.library, files))
    window = MainWindow(workspace, tabs=[library.SPEC, tasks.SPEC])
    window.resize(1280, 860)
    window.show()
    return window


def visible_rows(tab) -> list[int]:  # type: ignore[no-untyped-def]
    viewport = tab.grid.viewport().rect()
    rows = []
    for row in range(tab.model.rowCount()):
        if not tab.grid.visualRect(tab.model.index(row, 0)).intersects(viewport):
            break
        rows.append(row)
    return rows


async def first_screen(app, window) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    tab = window.show_tab("library")
    tab.grid.viewport().repaint()
    ids = [tab.model.asset_ids()[row] for row in visible_rows(tab)]
    while any(window.thumbnails.picture(asset_id) is None for asset_id in ids):  # a text tile gets an icon
        await asyncio.sleep(0.001)
    tab.grid.viewport().repaint()
    return (time.perf_counter() - started) * 1000, len(ids)


def search_times(tab) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for query in QUERIES:
        started = time.perf_counter()
        tab.search.setText(query)
        tab.grid.viewport().repaint()
        times.append((time.perf_counter() - started) * 1000)
        if os.environ.get("BENCH_TRACE"):
            print(f"    {query!r}: {times[-1]:.1f} ms, {tab.model.rowCount()} found", file=sys.stderr)
    tab.search.clear()
    return times


async def scroll_stalls(app, tab) -> tuple[float, float, int]:  # type: ignore[no-untyped-def]
    bar = tab.grid.verticalScrollBar()
    bar.setValue(0)
    heartbeat = Heartbeat()
    heartbeat.start()
    steps = 0
    while bar.value() < bar.maximum():
        bar.setValue(bar.value() + bar.pageStep())
        steps += 1
        await asyncio.sleep(0.005)
    await asyncio.sleep(0.2)
    longest, p99 = heartbeat.stop()
    return longest, p99, steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    args = parser.parse_args()
    rows: list[Row] = []
    from PySide6.QtWidgets import QApplication

    from studio.qt.event_loop import StudioEventLoop

    app = QApplication.instance() or QApplication([])
    app.setQuitOnLastWindowClosed(False)  # as the app does: closing a window never stops the loop
    loop = StudioEventLoop(app)
    asyncio.set_event_loop(loop)
    with tempfile.TemporaryDirectory() as empty_home, tempfile.TemporaryDirectory() as big_home:
        empty = open_window(Path(empty_home), 0)
        started = time.perf_counter()
        big = open_window(Path(big_home), COUNT)
        print(f"generated {COUNT:,} assets (and their cached thumbnails) in {time.perf_counter() - started:.1f} s")

        async def measure() -> None:
            await asyncio.sleep(1.0)  # both windows' start-up work (connection check) settles
            empty_ms, _ = await first_screen(app, empty)
            big_ms, tiles = await first_screen(app, big)
            print(
                f"first screen: {big_ms:6.1f} ms for {tiles} tiles with thumbnails; empty library {empty_ms:.1f} ms"
                f" = {big_ms / max(empty_ms, 0.1):.1f}x (target < 300 ms)"
            )
            rows.append(Row(f"library {COUNT:,}: first screen", big_ms, "ms", empty_ms, "empty library", "<", 300))
            empty_tab, big_tab = empty.parts["library"], big.parts["library"]
            search_times(empty_tab)
            search_times(big_tab)  # once to warm SQLite's page cache, as a session would
            baseline = search_times(empty_tab)
            times = search_times(big_tab)
            print(
                f"search as you type over {COUNT:,}: median {statistics.median(times):.1f} ms, worst "
                f"{max(times):.1f} ms; empty library median {statistics.median(baseline):.1f} ms = "
                f"{statistics.median(times) / max(statistics.median(baseline), 0.01):.1f}x (target < 30 ms)"
            )
            rows.append(
                Row(
                    f"library {COUNT:,}: search, worst query",
                    max(times),
                    "ms",
                    max(baseline),
                    "empty library",
                    "<",
                    30,
                    note=f"median {statistics.median(times):.1f} ms",
                )
            )
            await asyncio.sleep(0.5)  # the cleared search's query and repaint land here, not in the idle baseline
            heartbeat = Heartbeat()
            heartbeat.start()
            await asyncio.sleep(3.0)
            idle_longest, idle_p99 = heartbeat.stop()
            longest, p99, steps = await scroll_stalls(app, big_tab)
            print(
                f"scrolling the whole grid ({steps} pages): longest stall {longest:.1f} ms, p99 {p99:.1f} ms;"
                f" idle loop {idle_longest:.1f} / {idle_p99:.1f} ms = {longest / max(idle_longest, 0.1):.1f}x"
                f" (target < 16 ms)"
            )
            rows.append(
                Row(f"library {COUNT:,}: scroll, longest stall", longest, "ms", idle_longest, "idle loop", "<", 16)
            )
            for window in (empty, big):
                window.close()
            await asyncio.sleep(0.2)

        loop.run_until_complete(measure())
    report(rows, args.json)
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown: PySide6 can crash while garbage-collecting at exit


if __name__ == "__main__":
    main()
