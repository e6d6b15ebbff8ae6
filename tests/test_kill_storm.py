"""kill -9, again and again: 20 jobs of every family in flight, their processes killed at random moments.

After every round the database passes integrity_check and the library holds only whole files; at the
end every job is done with its files or needs attention (only those cut off while submitting), and no
request was ever submitted twice.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from attack_log import secrets_in, survived
from conftest import TEST_KEY

from studio.api.media_types import sniff
from studio.api.sentences import load_sentences
from studio.core.tasks import SUBMIT_INTERRUPTED
from studio.simulator.config import SimulatorConfig
from studio.simulator.server import SimulatorServer

JOBS = 20
KILL_ROUNDS = 4
WORKER = Path(__file__).parent / "storm_worker.py"
SUBMIT_PATHS = (
    "/suno/submit/music",
    "/suno/submit/lyrics",
    "/udio/submit/music",
    "/mj/submit/imagine",
    "/ideogram/generate",
    "/luma/generations",
    "/custom_video/model/veo-2",
)
RESULTS = {("suno", "music"): 6, ("udio", "music"): 4}  # Suno: clips, covers, videos; Udio: songs, covers
"""Results a finished job holds; every other kind has one."""


@pytest.fixture
def storm_sim():
    with SimulatorServer(SimulatorConfig(key=TEST_KEY, journal_limit=50_000, mj_concurrency=10)) as server:
        yield server


def child_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("UNIAPI_")}
    env["STUDIO_HOME"] = str(home)
    return env


def kill_at_random(command: list[str], home: Path, rng: random.Random, latest: float) -> float:
    """Run `command`, kill -9 it at a random moment (or let it end first); returns how long it ran."""
    child = subprocess.Popen(command, env=child_env(home), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    started = time.monotonic()
    try:
        child.wait(rng.uniform(1.0, latest))
    except subprocess.TimeoutExpired:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    return time.monotonic() - started


def check_after_round(home: Path) -> int:
    """The database is whole, and every file in the library tree is a whole, named-by-content file.
    Returns how many jobs were still unfinished (in flight when the process died)."""
    with sqlite3.connect(home / "data" / "studio.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        unfinished = db.execute(
            "SELECT count(*) FROM jobs WHERE state IN ('submitting', 'submitted', 'queued', 'running', 'downloading')"
        ).fetchone()[0]
        known = {
            (sha, size) for sha, size in db.execute("SELECT sha256, byte_size FROM assets WHERE sha256 IS NOT NULL")
        }
    root = home / "data" / "library"
    stored = [p for p in root.rglob("*") if p.is_file() and ".incoming" not in p.parts] if root.exists() else []
    for path in stored:
        data = path.read_bytes()
        import hashlib

        assert hashlib.sha256(data).hexdigest() == path.stem, f"{path} is not whole"
        if path.suffix != ".txt":
            assert sniff(data[:256]) is not None
    assert {(p.stem, p.stat().st_size) for p in stored} >= known, "every asset row has its file"
    return int(unfinished)


def test_twenty_jobs_survive_kill_9_at_random_moments(storm_sim, tmp_path):
    rng = random.Random(int(os.environ.get("STORM_SEED", time.time())))
    home = tmp_path / "home"
    resume = [sys.executable, "-m", "studio.cli", "--base-url", storm_sim.base_url, "--api-key", TEST_KEY]
    resume += ["tasks", "resume", "--poll-interval", "0.2"]
    worker = [sys.executable, str(WORKER), str(home), storm_sim.base_url, TEST_KEY, str(JOBS)]
    rounds = [kill_at_random(worker, home, rng, 2.5)]
    in_flight = [check_after_round(home)]
    for _ in range(KILL_ROUNDS - 1):
        rounds.append(kill_at_random(resume, home, rng, 2.5))
        in_flight.append(check_after_round(home))
    assert max(in_flight) > 0, "no round killed a process with jobs in flight"
    started = time.monotonic()
    final = subprocess.run(resume, env=child_env(home), capture_output=True, text=True, timeout=60)
    rounds.append(time.monotonic() - started)
    assert final.returncode in (0, 3) and "Traceback" not in final.stderr, final.stderr
    check_after_round(home)
    assert max(rounds) < 20, rounds

    with sqlite3.connect(home / "data" / "studio.db") as db:
        db.row_factory = sqlite3.Row
        jobs = db.execute("SELECT * FROM jobs ORDER BY id").fetchall()
        results = {
            row["id"]: db.execute("SELECT count(*) FROM job_results WHERE job_id = ?", (row["id"],)).fetchone()[0]
            for row in jobs
        }
    submits = [e for e in httpx.get(f"{storm_sim.base_url}/_sim/requests").json() if e["path"] in SUBMIT_PATHS]
    markers = [marker for entry in submits for marker in _markers(entry)]
    assert len(markers) == len(set(markers)), "a request was submitted twice"
    assert len(jobs) <= JOBS and len(submits) <= len(jobs)
    for job in jobs:
        if job["state"] == "done":
            assert results[job["id"]] == RESULTS.get((job["family"], job["kind"]), 1), dict(job)
        else:
            assert job["state"] == "needs_attention" and load_sentences(job["message"]) == (SUBMIT_INTERRUPTED,), dict(job)
    assert [p for p in (home / "data" / "library" / ".incoming").glob("*")] == [], "partials cleaned at start"
    done = sum(job["state"] == "done" for job in jobs)
    secrets = secrets_in(TEST_KEY, final.stdout, final.stderr, folders=(home,))
    assert secrets[0] == 0
    survived(
        "kill",
        f"rounds of kill -9 on {JOBS} jobs of 7 kinds in flight",
        f"{done} done with their files, {len(jobs) - done} flagged mid-submit, 0 duplicate submits, integrity ok"
        f" (jobs in flight at each kill: {in_flight})",
        tries=KILL_ROUNDS,
        secrets=secrets,
    )


def _markers(entry: dict) -> list[str]:
    text = json.dumps(entry["body"])
    return [
        text[i : i + 4]
        for i in range(len(text) - 3)
        if text[i] == "#" and text[i + 3] == "#" and text[i + 1 : i + 3].isdigit()
    ]
