"""Chat UI benchmarks (issues 3 and 16), each printed as figures and ratios against a baseline of the same run.

    python tests/bench/bench_chat_ui.py stream    # event-loop stalls while 20,000 tokens stream at 2,000/s:
                                                  # a plain reply, a Markdown-heavy one, two at once; 3 runs
    python tests/bench/bench_chat_ui.py open      # open a 50,000-message (~25 MB) conversation; RSS
    python tests/bench/bench_chat_ui.py startup   # cold start of `studio` vs a bare PySide6 QMainWindow
    python tests/bench/bench_chat_ui.py all [--quick] [--json FILE]

Targets: stream longest stall < 16 ms and p99 < 6 ms in every run; open < 300 ms and RSS < 400 MB;
start-up <= 2x the bare window. Runs offscreen unless QT_QPA_PLATFORM is set.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_stream import free_port
from rows import Row, add_arguments, report

KEY = "bench-key"


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def start_simulator(token_rate: float) -> tuple[subprocess.Popen[bytes], str]:
    import httpx

    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "studio.simulator", "--port", str(port), "--key", KEY, "--token-rate", str(token_rate)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,  # a simulator left behind by a crash must not hold the runner's pipe open
    )
    base_url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            httpx.get(f"{base_url}/_sim/health").raise_for_status()
            return process, base_url
        except httpx.HTTPError:
            time.sleep(0.05)
    process.kill()
    raise SystemExit("the simulator did not start")


def make_workspace(home: Path, base_url: str):
    os.environ["STUDIO_HOME"] = str(home)
    os.environ["UNIAPI_API_KEY"] = KEY
    from studio.app import start_demo_server
    from studio.core.settings import Profile, Settings
    from studio.core.workspace import Workspace

    settings = Settings()
    if settings.profile("Bench") is None:
        settings.add_profile(Profile(name="Bench", base_url=base_url))
    return Workspace(settings, demo_server=start_demo_server)


class Heartbeat:
    """A 1 ms precise timer; the gaps between its ticks show how long the event loop was blocked."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.gaps: list[float] = []
        self._last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(1)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        gap = (now - self._last) * 1000
        self.gaps.append(gap)
        if os.environ.get("BENCH_TRACE") and gap > 16:
            print(f"    stall {gap:.1f} ms at +{now - self._started:.2f} s", file=sys.stderr)
        self._last = now

    def start(self) -> None:
        self.gaps.clear()
        self._last = self._started = time.perf_counter()
        self.timer.start()

    def stop(self) -> tuple[float, float]:
        self.timer.stop()
        ordered = sorted(self.gaps)
        p99 = ordered[int(len(ordered) * 0.99) - 1] if ordered else 0.0
        return (ordered[-1] if ordered else 0.0), p99


STREAM_VARIANTS = {
    "plain": ("Write a long essay with code [[tokens:{tokens}]]", 1),
    "markdown": ("Write a long answer full of lists and tables [[markdown]] [[tokens:{tokens}]]", 1),
    "two at once": ("Write a long essay with code [[tokens:{tokens}]]", 2),
}


def bench_stream(tokens: int = 20_000, rate: float = 2_000, runs: int = 3) -> list[Row]:
    """Each variant `runs` times: the longest gap and p99 of a 1 ms heartbeat while the reply streams.

    "two at once" streams one reply in each of two windows on the same workspace and event loop (one
    chat view streams one reply at a time), so twice the tokens arrive per second."""
    from PySide6.QtWidgets import QApplication

    from studio.qt.event_loop import StudioEventLoop

    app = QApplication.instance() or QApplication([])
    loop = StudioEventLoop(app)
    asyncio.set_event_loop(loop)
    process, base_url = start_simulator(rate)
    results: dict[str, list[tuple[float, float, float, int]]] = {name: [] for name in STREAM_VARIANTS}
    with tempfile.TemporaryDirectory() as home:
        workspace = make_workspace(Path(home), base_url)
        from studio.ui.main_window import MainWindow

        windows = [MainWindow(workspace), MainWindow(workspace)]
        for index, window in enumerate(windows):
            window.resize(1200, 800)
            window.move(index * 40, index * 40)
            window.show()
        from studio.ui.warm_up import warm_up_in_background

        warm_up_in_background()  # as the app does right after its window shows
        heartbeat = Heartbeat()

        async def one_run(prompt: str, count: int) -> tuple[float, float, float, int]:
            chats = [window.parts["chat"] for window in windows[:count]]
            updates: list[int] = []

            def count_update(_message_id: int, _text: str) -> None:
                updates.append(1)

            for chat in chats:
                chat.new_conversation()
                chat.composer.edit.setPlainText(prompt.format(tokens=tokens))
                chat.bridge.textArrived.connect(count_update)
            await asyncio.sleep(0.3)
            started = time.perf_counter()
            heartbeat.start()
            for chat in chats:
                chat.composer.submit()

            def streaming(chat) -> bool:  # type: ignore[no-untyped-def]
                messages = chat.model.messages
                return chat.bridge.busy or not messages or messages[-1].status == "streaming"

            while any(streaming(chat) for chat in chats):
                await asyncio.sleep(0.01)
            longest, p99 = heartbeat.stop()
            for chat in chats:
                chat.bridge.textArrived.disconnect(count_update)  # only ours: the view's slot stays
                if chat.model.messages[-1].status != "done":
                    raise SystemExit(f"the reply ended {chat.model.messages[-1].status!r}, not done")
            return longest, p99, time.perf_counter() - started, len(updates)

        async def scenario() -> tuple[float, float]:
            await asyncio.sleep(1.5)
            heartbeat.start()
            await asyncio.sleep(3.0)
            idle = heartbeat.stop()
            for _ in range(runs):  # the variants interleave, so a slow patch of the machine hits all alike
                for name, (prompt, count) in STREAM_VARIANTS.items():
                    results[name].append(await one_run(prompt, count))
            return idle

        try:
            idle = loop.run_until_complete(scenario())
        finally:
            for window in windows:
                window.close()
            loop.run_until_complete(workspace.aclose())
            process.terminate()
    print(f"stream {tokens} tokens at {rate:.0f}/s into the chat view, {runs} runs of each variant")
    print(f"  idle baseline          longest gap {idle[0]:6.2f} ms   p99 {idle[1]:5.2f} ms")
    rows = []
    for name, measured in results.items():
        for longest, p99, seconds, updates in measured:
            print(
                f"  {name:<12} longest gap {longest:6.2f} ms   p99 {p99:5.2f} ms   {seconds:.1f} s, "
                f"{updates} view updates ({updates / seconds:.0f}/s)"
            )
        worst = max(measured)
        worst_p99 = max(m[1] for m in measured)
        runs_note = f"worst of {len(measured)} runs: " + " / ".join(f"{m[0]:.0f}" for m in measured) + " ms"
        rows.append(
            Row(f"chat stream {name}: longest gap", worst[0], "ms", idle[0], "idle loop", "<", 16, note=runs_note)
        )
        rows.append(Row(f"chat stream {name}: p99 gap", worst_p99, "ms", idle[1], "idle loop", "<", 6))
    return rows


def sample_markdown(number: int) -> str:
    return (
        f"## Step {number}\n\nHere is **part {number}** of the answer. It explains in some detail what "
        f"the step does, why it matters for the rest of the work, and which edge cases to keep in mind "
        f"when you adapt it to your own project; read it together with the previous step, and compare "
        f"the numbers in the table below with the ones you measured on your own machine last time.\n\n"
        f"Here is a list:\n\n"
        f"- first point about item {number}\n- second point with `inline code`\n\n"
        f'```python\ndef step_{number}(value: int) -> int:\n    """Compute step {number}."""\n'
        f"    return value * {number} + 1\n```\n\n| a | b |\n|---|---|\n| {number} | {number * 2} |\n"
    )


def bench_open(count: int = 50_000) -> list[Row]:
    from PySide6.QtWidgets import QApplication

    from studio.qt.event_loop import StudioEventLoop

    app = QApplication.instance() or QApplication([])
    loop = StudioEventLoop(app)
    asyncio.set_event_loop(loop)
    with tempfile.TemporaryDirectory() as home:
        workspace = make_workspace(Path(home), "http://127.0.0.1:9")
        store = workspace.conversations
        big = store.create("Big conversation")
        small = store.create("Small conversation")
        store.add_message(small.id, "user", "hello")
        size = 0
        db = workspace.db
        db.execute("BEGIN")
        parent = None
        for number in range(count):
            role = "user" if number % 2 == 0 else "assistant"
            text = (
                f"Question {number}: how does step {number} work, what does it need from the steps before, and "
                f"what should I check afterwards? Please answer with an example, a short table and some code."
                if role == "user"
                else sample_markdown(number)
            )
            size += len(text.encode())
            cursor = db.execute(
                "INSERT INTO messages(conversation_id, parent_id, role, content, created) VALUES (?, ?, ?, ?, ?)",
                (big.id, parent, role, text, time.time()),
            )
            parent = cursor.lastrowid
        db.execute("UPDATE conversations SET current_leaf = ? WHERE id = ?", (parent, big.id))
        db.execute("COMMIT")
        from studio.ui.main_window import MainWindow

        window = MainWindow(workspace)
        window.resize(1200, 800)
        window.show()
        chat = window.parts["chat"]
        from studio.ui.warm_up import warm_up_in_background

        warm_up_in_background()  # as the app does right after its window shows
        time.sleep(1.0)

        def shown(conversation_id: int) -> float:
            # Synchronous on purpose: opening must show the last screen without waiting on the loop.
            started = time.perf_counter()
            chat.open_conversation(conversation_id)
            chat.view.viewport().repaint()
            app.sendPostedEvents()
            chat.view.viewport().repaint()
            return (time.perf_counter() - started) * 1000

        async def measure() -> tuple[float, float, float, float, float, object, bool, bool]:
            await asyncio.sleep(1.0)  # the window's own start-up work (connection check, warm-up) settles
            shown(small.id)
            baseline = statistics.median(shown(small.id) for _ in range(5))
            rss_before = rss_mb()
            big_ms = shown(big.id)
            await asyncio.sleep(0.2)
            last = chat.model.messages[-1]
            at_bottom = chat.view.verticalScrollBar().value() == chat.view.verticalScrollBar().maximum()
            again = statistics.median(shown(big.id) for _ in range(3))
            return baseline, rss_before, big_ms, again, rss_mb(), last, at_bottom, True

        baseline, rss_before, big_ms, again, rss_after, last, at_bottom, _ = loop.run_until_complete(measure())
        window.close()
        loop.run_until_complete(workspace.aclose())
    print(f"open a conversation of {count} messages ({size / 1e6:.1f} MB of Markdown with code):")
    print(f"  1-message conversation (baseline)  {baseline:7.1f} ms")
    print(
        f"  {count}-message conversation, cold   {big_ms:7.1f} ms  (target < 300 ms)  "
        f"{big_ms / max(baseline, 0.01):.1f}x baseline"
    )
    print(f"  {count}-message conversation, again  {again:7.1f} ms")
    print(f"  showing the last message: {last.content[:30]!r}, scrolled to the bottom: {at_bottom}")
    print(f"  RSS {rss_before:.0f} MB before, {rss_after:.0f} MB after (target < 400 MB)")
    if not at_bottom or not last.content.startswith("## Step"):
        raise SystemExit("the conversation did not open at its last message")
    return [
        Row(f"open {count:,}-message conversation", big_ms, "ms", baseline, "1-message", "<", 300),
        Row(f"open {count:,}-message conversation: RSS", rss_after, "MB", rss_before, "before opening", "<", 400),
    ]


BARE_WINDOW = """
import os, sys, time
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1200, 800)
window.show()
gaps, last = [], [0.0]
def tick():
    now = time.perf_counter()
    gaps.append(now - last[0])
    last[0] = now
def ready():
    print(f"ready {time.time():.6f}", flush=True)
    last[0] = time.perf_counter()
    heartbeat.start()
    QTimer.singleShot(int(float(os.environ["STUDIO_EXIT_WHEN_READY"]) * 1000), done)
def done():
    print(f"stall {max(gaps) * 1000:.1f}", flush=True)
    app.quit()
heartbeat = QTimer()
heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
heartbeat.setInterval(1)
heartbeat.timeout.connect(tick)
QTimer.singleShot(0, ready)
app.exec()
"""
SETTLE_SECONDS = 2.0
"""After the window is idle, how long the longest UI stall is watched for (warm-up, connection check)."""


def bench_startup(rounds: int = 5) -> list[Row]:
    process, base_url = start_simulator(50)
    try:
        with tempfile.TemporaryDirectory() as home:
            env = {
                **os.environ,
                "STUDIO_HOME": home,
                "UNIAPI_API_KEY": KEY,
                "STUDIO_EXIT_WHEN_READY": str(SETTLE_SECONDS),
            }
            # An installed app has its bytecode compiled; let the first (untimed) runs write it.
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            make_workspace(Path(home), base_url).db.close()

            def timed(command: list[str]) -> tuple[float, float]:
                """Seconds from launching the process to its window being shown and idle (not to exit),
                and the longest UI stall (ms) in the SETTLE_SECONDS after."""
                started = time.time()
                done = subprocess.run(command, env=env, check=True, capture_output=True, text=True, timeout=120)
                lines = done.stdout.splitlines()
                ready = next(line for line in lines if line.startswith("ready "))
                stall = next(line for line in lines if line.startswith("stall "))
                return float(ready.split()[1]) - started, float(stall.split()[1])

            timed([sys.executable, "-c", BARE_WINDOW])
            timed([sys.executable, "-m", "studio"])
            bare, studio, bare_stall, studio_stall = [], [], [], []
            for _ in range(rounds):  # interleaved, so a slow patch of the machine hits both
                seconds, stall = timed([sys.executable, "-c", BARE_WINDOW])
                bare.append(seconds)
                bare_stall.append(stall)
                seconds, stall = timed([sys.executable, "-m", "studio"])
                studio.append(seconds)
                studio_stall.append(stall)
    finally:
        process.terminate()
    bare_s, studio_s = statistics.median(bare), statistics.median(studio)
    print(f"cold start to an interactive window, median of {rounds}:")
    print(f"  bare PySide6 QMainWindow  {bare_s * 1000:7.0f} ms")
    print(f"  studio                    {studio_s * 1000:7.0f} ms   {studio_s / bare_s:.2f}x bare (target <= 2.00x)")
    print(f"longest UI stall in the {SETTLE_SECONDS:.0f} s after, per run (ms):")
    print(f"  bare    {' '.join(f'{g:.1f}' for g in bare_stall)}")
    print(f"  studio  {' '.join(f'{g:.1f}' for g in studio_stall)}")
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    where = "xcb (X server)" if platform == "xcb" else platform
    return [
        Row(
            f"cold start to window ({where})",
            studio_s * 1000,
            "ms",
            bare_s * 1000,
            "bare QMainWindow",
            "<=",
            2.0,
            "ratio",
        ),
        Row(
            f"UI stall in the {SETTLE_SECONDS:.0f} s after start ({where}), worst run",
            max(studio_stall),
            "ms",
            max(bare_stall),
            "bare QMainWindow",
            "<",
            16,
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("which", nargs="?", default="all", choices=("stream", "open", "startup", "all"))
    add_arguments(parser)
    args = parser.parse_args()
    rows: list[Row] = []
    if args.which in ("stream", "all"):
        rows += bench_stream(4_000, runs=1) if args.quick else bench_stream()
    if args.which in ("open", "all"):
        rows += bench_open()
    if args.which in ("startup", "all"):
        rows += bench_startup(3 if args.quick else 5)
    report(rows, args.json)
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown: PySide6 can crash while garbage-collecting at exit


if __name__ == "__main__":
    main()
