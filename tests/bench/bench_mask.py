"""Mask canvas benchmark (issue 11): brush strokes across a 2048×2048 picture keep the event loop responsive.

    python tests/bench/bench_mask.py [--strokes 12] [--segments 60] [--quick] [--json FILE]

A 1 ms heartbeat timer runs on the same qasync loop as the app; the longest gap between its ticks is the
longest stall. It is measured first with the canvas idle (the baseline of this run), then while the mouse
drags brush strokes across the whole picture, one move event per segment, as fast as a quick hand
(~250 moves a second), so every segment's paint and its repaint both land in the measured loop. Runs for a
hard brush, a soft one, and a large one. Target: the longest stall per stroke segment < 16 ms.
Offscreen unless QT_QPA_PLATFORM is set.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench_chat_ui import Heartbeat
from rows import Row, add_arguments, report

SIDE = 2048
MOVE_INTERVAL = 0.004
"""Seconds between mouse moves (a fast drag delivers a move every 4–8 ms)."""


def picture() -> object:
    from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter

    image = QImage(SIDE, SIDE, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    gradient = QLinearGradient(0, 0, SIDE, SIDE)
    gradient.setColorAt(0, QColor("#1e3c72"))
    gradient.setColorAt(1, QColor("#f7b733"))
    painter.fillRect(image.rect(), gradient)
    painter.end()
    return image


async def strokes(canvas, count: int, segments: int) -> list[float]:  # type: ignore[no-untyped-def]
    """Drag `count` strokes across the view, corner to corner and back; the time each move took to handle."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    viewport = canvas.viewport()
    width, height = viewport.width(), viewport.height()
    handled: list[float] = []
    for stroke in range(count):
        y0 = height * (0.1 + 0.8 * stroke / max(1, count - 1))
        points = [
            QPoint(
                int(width * (0.05 + 0.9 * step / segments)),
                int(y0 + height * 0.08 * math.sin(step / segments * math.tau)),
            )
            for step in range(segments + 1)
        ]
        QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[0])
        for point in points[1:]:
            started = time.perf_counter()
            QTest.mouseMove(viewport, point)
            handled.append((time.perf_counter() - started) * 1000)
            await asyncio.sleep(MOVE_INTERVAL)
        QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[-1])
        await asyncio.sleep(MOVE_INTERVAL)
    return handled


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strokes", type=int, default=12)
    parser.add_argument("--segments", type=int, default=60)
    add_arguments(parser)
    args = parser.parse_args()
    if args.quick:
        args.strokes = min(args.strokes, 4)

    from PySide6.QtWidgets import QApplication

    from studio.qt.event_loop import StudioEventLoop
    from studio.ui.widgets.mask_canvas import MaskCanvas

    app = QApplication.instance() or QApplication([])
    loop = StudioEventLoop(app)
    asyncio.set_event_loop(loop)
    canvas = MaskCanvas()
    canvas.resize(1100, 900)
    canvas.show()
    canvas.set_image(picture())  # type: ignore[arg-type]
    heartbeat = Heartbeat()
    brushes = (("hard 48 px", 48, 1.0), ("soft 48 px", 48, 0.5), ("hard 240 px", 240, 1.0))

    async def scenario() -> tuple[tuple[float, float], list[tuple[str, tuple[float, float], list[float], int]]]:
        await asyncio.sleep(0.5)
        heartbeat.start()
        await asyncio.sleep(2.0)
        idle = heartbeat.stop()
        runs = []
        for name, size, hardness in brushes:
            canvas.undo_stack.clear()
            canvas.layer.fill(0)
            canvas.brush_size, canvas.hardness = size, hardness
            heartbeat.start()
            handled = await strokes(canvas, args.strokes, args.segments)
            runs.append((name, heartbeat.stop(), handled, canvas.undo_stack.count()))
        return idle, runs

    idle, runs = loop.run_until_complete(scenario())
    canvas.close()
    print(f"brush strokes across a {SIDE}×{SIDE} picture ({args.strokes} strokes × {args.segments} segments each)")
    print(f"  idle baseline      longest gap {idle[0]:6.2f} ms   p99 {idle[1]:5.2f} ms")
    for name, (longest, p99), handled, undo_steps in runs:
        print(
            f"  {name:<12}       longest gap {longest:6.2f} ms   p99 {p99:5.2f} ms   "
            f"move handled in ≤ {max(handled):5.2f} ms (median {sorted(handled)[len(handled) // 2]:.2f})   "
            f"ratio to idle {longest / max(idle[0], 0.01):.2f}x   {undo_steps} undo steps"
        )
    worst = max(longest for _name, (longest, _p99), _handled, _steps in runs)
    print(f"  longest stall {worst:.2f} ms (target < 16 ms): {'met' if worst < 16 else 'MISSED'}")
    rows = [
        Row(f"mask {SIDE}x{SIDE}: {name}, longest stall", longest, "ms", idle[0], "idle loop", "<", 16)
        for name, (longest, _p99), _handled, _steps in runs
    ]
    report(rows, args.json)
    sys.stdout.flush()
    os._exit(0)  # PySide6 can crash while tearing down at interpreter exit


if __name__ == "__main__":
    main()
