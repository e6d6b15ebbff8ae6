"""Run every benchmark, each in its own subprocess, and print one table of its final figures.

    python -m tests.bench [--only NAME ...] [--quick] [--json FILE] [--verbose]

Each benchmark script starts its own simulator on loopback and uses a temporary data folder, prints its
detailed lines and writes its rows (figure, baseline measured in the same run, target) with --json; this
runner collects the rows. `--quick` passes --quick on (smaller sizes, one round: the whole run in about
two minutes, for CI). `startup-x` measures cold start under a real X server (xvfb-run), when there is one.
Not part of the test suite: figures on a shared machine are noisy, so nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from rows import Row, table  # noqa: E402

BENCHMARKS: dict[str, list[str]] = {
    "stream": ["bench_stream.py"],
    "chat-stream": ["bench_chat_ui.py", "stream"],
    "chat-open": ["bench_chat_ui.py", "open"],
    "startup": ["bench_chat_ui.py", "startup"],
    "startup-x": ["bench_chat_ui.py", "startup"],
    "tasks": ["bench_tasks.py"],
    "audio": ["bench_audio.py"],
    "library": ["bench_library.py"],
    "mask": ["bench_mask.py"],
}
TIMEOUT_S = 1_200


def command(name: str, json_path: Path, quick: bool) -> tuple[list[str], dict[str, str]] | None:
    script, *args = BENCHMARKS[name]
    line = [sys.executable, str(HERE / script), *args, "--json", str(json_path), *(["--quick"] if quick else [])]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # cold starts should read cached bytecode, as an install does
    if name == "startup-x":
        xvfb = shutil.which("xvfb-run")
        if xvfb is None:
            return None
        return [xvfb, "-a", "-s", "-screen 0 1920x1080x24", *line], {**env, "QT_QPA_PLATFORM": "xcb"}
    return line, {**env, "QT_QPA_PLATFORM": env.get("QT_QPA_PLATFORM", "offscreen")}


def run_one(name: str, quick: bool, verbose: bool) -> tuple[list[Row], str]:
    """The benchmark's rows, and an error sentence when it did not finish."""
    with tempfile.TemporaryDirectory(prefix="bench-rows-") as folder:
        json_path = Path(folder) / "rows.json"
        planned = command(name, json_path, quick)
        if planned is None:
            return [], "skipped: no xvfb-run on this machine"
        line, env = planned
        started = time.monotonic()
        print(f"[{time.strftime('%H:%M:%S')}] {name} ...", file=sys.stderr, flush=True)
        try:
            done = subprocess.run(
                line, env=env, cwd=HERE.parents[1], capture_output=True, text=True, timeout=TIMEOUT_S, check=False
            )
        except subprocess.TimeoutExpired:
            return [], f"did not finish within {TIMEOUT_S} s"
        took = time.monotonic() - started
        print(f"[{time.strftime('%H:%M:%S')}] {name} done in {took:.0f} s", file=sys.stderr, flush=True)
        if verbose:
            print(done.stdout, flush=True)
        rows = [Row.from_json(data) for data in json.loads(json_path.read_text())] if json_path.exists() else []
        if done.returncode != 0 or not rows:
            tail = (done.stderr.strip() or done.stdout.strip()).splitlines()[-3:]
            return rows, f"exit code {done.returncode}: " + " / ".join(tail)
        return rows, ""


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only",
        action="append",
        choices=sorted(BENCHMARKS),
        metavar="NAME",
        help=f"run only this benchmark (repeatable): {', '.join(BENCHMARKS)}",
    )
    parser.add_argument("--quick", action="store_true", help="smaller sizes and one round (CI, about 2 minutes)")
    parser.add_argument("--json", type=Path, help="write every row (with its verdict) to this file")
    parser.add_argument("--verbose", action="store_true", help="also print each benchmark's own lines")
    args = parser.parse_args()
    names = args.only or list(BENCHMARKS)
    started = time.monotonic()
    rows: list[Row] = []
    problems: list[str] = []
    for name in names:
        got, problem = run_one(name, args.quick, args.verbose)
        rows += got
        if problem:
            problems.append(f"{name}: {problem}")
    print()
    print(table(rows))
    notes = [f"  {row.name}: {row.note}" for row in rows if row.note]
    if notes:
        print("\nnotes:\n" + "\n".join(notes))
    if problems:
        print("\nnot measured:\n" + "\n".join(f"  {problem}" for problem in problems))
    missed = [row for row in rows if row.met is False]
    print(
        f"\n{len(rows)} rows, {sum(row.met is True for row in rows)} met, {len(missed)} missed, "
        f"{len(problems)} benchmarks not measured; {time.monotonic() - started:.0f} s "
        f"({'quick' if args.quick else 'full'} run)"
    )
    if args.json is not None:
        args.json.write_text(json.dumps([row.as_json() for row in rows], indent=1))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
