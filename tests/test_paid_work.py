"""Issue 10, "paid work lost or charged twice", and issue 9's shared data folder: through real processes.

A locked database while a submit is out, a speech with nowhere to go, a library folder that refuses
files, a 200 reply nobody can read, two processes resuming the same jobs, and the app adopting a job
a `studio-cli` process started (and was killed while following).
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from attack_log import secrets_in, survived
from conftest import TEST_KEY, journal
from hostile import HostileServer, json_reply, make_read_only, read_only

from studio.api.client import ClientConfig
from studio.api.errors import DatabaseBusyError, UnreadableReplyError
from studio.api.gateway import UniApi
from studio.api.retry import RetryPolicy
from studio.api.sentences import english, load_sentences
from studio.cli import main
from studio.core.database import open_database
from studio.core.library import Library
from studio.core.tasks import JobState, JobUpdate, PollTiming, TaskEngine

QUICK = PollTiming.every(0.1)


SUNO_FILES = 6
"""A simulated Suno song: two clips, each with its cover and its video."""


def start_cli(home: Path, base_url: str, *args: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("UNIAPI_")}
    env["STUDIO_HOME"] = str(home)
    command = [sys.executable, "-m", "studio.cli", "--base-url", base_url, "--api-key", TEST_KEY, *args]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(condition, timeout: float = 20.0, message: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(message or f"timed out after {timeout} s")
        time.sleep(0.02)


def query(home: Path, sql: str, *args) -> list[sqlite3.Row]:
    path = home / "data" / "studio.db"
    if not path.exists():
        return []
    try:
        with sqlite3.connect(path) as db:
            db.row_factory = sqlite3.Row
            return db.execute(sql, args).fetchall()
    except sqlite3.OperationalError:  # the schema is still being made
        return []


class Engine:
    """An engine in this process on `home`'s data folder (what the app runs)."""

    def __init__(self, home: Path, base_url: str, **options) -> None:
        self.db = open_database(home / "data" / "studio.db")
        self.library = Library(self.db, home / "data" / "library", home / "cache" / "thumbnails")
        headers = options.pop("headers", {})
        config = ClientConfig(base_url=base_url, api_key=TEST_KEY, retry=RetryPolicy(base_delay=0.01), headers=headers)
        self.api = UniApi(config)
        self.engine = TaskEngine(self.api, self.db, self.library, timing=options.pop("timing", QUICK), **options)
        self.updates: list[JobUpdate] = []
        self.engine.subscribe(self.updates.append)

    async def close(self) -> None:
        await self.engine.close()
        await self.api.aclose()
        self.db.close()


# --- item 1: the task id of a paid submit reaches disk while another process holds the database ----------


def test_a_task_id_waits_out_a_database_locked_for_seconds_and_is_stored(task_sim, tmp_path):
    home = tmp_path / "home"
    child = start_cli(home, task_sim.base_url, "suno", "a song [[fault:slow]]", "--poll-interval", "0.1")
    wait_for(lambda: query(home, "SELECT id FROM jobs WHERE state = 'submitting'"), message="no job row")
    wait_for(lambda: journal(task_sim, "/suno/submit/music"), message="the submit never arrived")
    holder = sqlite3.connect(home / "data" / "studio.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program's write transaction, held past the 5 s busy timeout
    try:
        time.sleep(3.5 + 6)  # the reply arrives after 3 s; the database stays locked 6 s more
        assert child.poll() is None, "the CLI waits, it does not die"
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    out, err = child.communicate(timeout=60)
    assert child.returncode == 0, err
    assert "Traceback" not in err and "accepted as task" in err
    [job] = query(home, "SELECT * FROM jobs")
    assert job["state"] == "done" and job["task_id"]
    assert len([line for line in out.splitlines() if Path(line).is_file()]) == SUNO_FILES
    assert len(journal(task_sim, "/suno/submit/music")) == 1
    survived("concurrency", "database locked 6 s past the busy timeout while a submit was out", "task id stored, done")


async def test_a_task_id_the_locked_database_never_took_goes_to_the_journal_and_is_replayed(task_sim, tmp_path):
    home = tmp_path / "home"
    app = Engine(home, task_sim.base_url, lock_patience=0.5)
    app.db.execute("PRAGMA busy_timeout = 100")
    await app.engine.start()
    holder = sqlite3.connect(home / "data" / "studio.db", isolation_level=None)
    try:
        submit = asyncio.ensure_future(
            app.engine.submit("suno", "music", {"body": {"gpt_description_prompt": "locked out [[fault:slow]]"}})
        )
        while not journal(task_sim, "/suno/submit/music"):
            await asyncio.sleep(0.02)
        holder.execute("BEGIN IMMEDIATE")
        with pytest.raises(DatabaseBusyError) as refused:
            await submit
        holder.execute("ROLLBACK")
    finally:
        holder.close()
        await app.close()
    task_id = refused.value.user_message.split("task id ")[1].split()[0]
    assert len(task_id) > 10 and "task-ids.jsonl" in refused.value.user_message
    [entry] = [json.loads(line) for line in (home / "data" / "studio.task-ids.jsonl").read_text("utf-8").splitlines()]
    assert entry["task_id"] == task_id and entry["job_id"] == 1
    later = Engine(home, task_sim.base_url)
    try:
        [job_id] = await later.engine.resume_unfinished()
        job = await later.engine.wait(job_id)
    finally:
        await later.close()
    assert job.state is JobState.DONE and job.task_id == task_id and len(job.asset_ids) == SUNO_FILES
    assert not (home / "data" / "studio.task-ids.jsonl").exists()
    assert len(journal(task_sim, "/suno/submit/music")) == 1
    survived("concurrency", "database locked for good after a paid submit", "task id journalled, replayed, done")


# --- item 2: speech with nowhere to go ----------------------------------------------------------------------


def test_speech_into_a_folder_or_a_read_only_folder_is_refused_before_paying(sim, studio_home, tmp_path, capsys):
    def speak(out: Path) -> tuple[int, str]:
        code = main(["--base-url", sim.base_url, "--api-key", TEST_KEY, "speak", "hello", "--out-file", str(out)])
        return code, capsys.readouterr().err

    code, err = speak(tmp_path)
    assert code == 2 and "is a folder" in err and "Traceback" not in err
    locked = tmp_path / "locked"
    with read_only(locked):
        code, err = speak(locked / "hello.mp3")
    assert code == 2 and "cannot be written" in err and "nothing was sent" in err
    assert journal(sim, "/v1/audio/speech") == [], "nothing was paid for"
    survived("input", "speak --out-file DIR and into a read-only folder", "exit 2 before any request")


def test_speech_that_cannot_be_written_after_paying_is_kept_in_the_library(sim, tmp_path):
    home, folder = tmp_path / "home", tmp_path / "exports"
    folder.mkdir()
    child = start_cli(home, sim.base_url, "speak", "hello there [[fault:slow]]", "--out-file", str(folder / "a.mp3"))
    wait_for(lambda: journal(sim, "/v1/audio/speech"), message="the speech request never arrived")
    undo = make_read_only(folder)  # the folder turns read-only while the speech is being made
    try:
        _out, err = child.communicate(timeout=60)
    finally:
        undo()
    assert child.returncode == 5 and "Traceback" not in err
    assert "could not be written to" in err and "kept in the library at" in err
    kept = Path(err.split("kept in the library at ")[1].strip().rstrip("."))
    assert kept.is_file() and kept.read_bytes()[:3] in (b"ID3", b"\xff\xfb", b"\xff\xf3")
    assert len(journal(sim, "/v1/audio/speech")) == 1
    survived("input", "speech destination turned read-only mid-request", "exit 5, audio kept in the library")


# --- item 3: a result that cannot be saved stays resumable -------------------------------------------------


def test_a_result_the_library_cannot_take_waits_and_resumes_once_it_can(task_sim, studio_home, capsys):
    def cli(*args: str) -> tuple[int, str, str]:
        code = main(["--base-url", task_sim.base_url, "--api-key", TEST_KEY, *args, "--poll-interval", "0.1"])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    library = studio_home / "data" / "library"
    with read_only(library):
        code, _, err = cli("suno", "a song with nowhere to go")
    assert code == 5 and "Could not save" in err and "Traceback" not in err
    [job] = query(studio_home, "SELECT * FROM jobs")
    assert job["state"] == "needs_attention" and english(load_sentences(job["message"])).startswith("Could not save")
    code, out, err = cli("tasks", "resume")
    assert code == 0, err
    saved = [Path(line) for line in out.splitlines()]
    assert len(saved) == SUNO_FILES and all(path.is_file() and library in path.parents for path in saved)
    assert len(journal(task_sim, "/suno/submit/music")) == 1, "no paid retry was needed"
    survived("input", "library folder read-only when results arrive", "needs_attention, resumed to done")


# --- item 4: a 200 reply that cannot be read may have been charged ------------------------------------------


@pytest.mark.parametrize("fault", ["bad-json-200", "gzip-garbage"])
def test_a_submit_answered_200_unreadably_needs_attention_and_is_never_resent(task_sim, studio_home, capsys, fault):
    def cli(*args: str) -> tuple[int, str]:
        code = main(["--base-url", task_sim.base_url, "--api-key", TEST_KEY, *args, "--poll-interval", "0.1"])
        return code, capsys.readouterr().err

    code, err = cli("suno", f"a song [[fault:{fault}]]")
    assert code == 3 and "may have been charged" in err and "Traceback" not in err
    [job] = query(studio_home, "SELECT * FROM jobs")
    assert job["state"] == "needs_attention" and "may have been charged" in english(load_sentences(job["message"]))
    code, err = cli("tasks", "resume")
    assert code == 0 and "No unfinished jobs" in err
    assert len(journal(task_sim, "/suno/submit/music")) == 1
    survived("fault", f"{fault} on a paid submit", "needs_attention 'may have been charged', never resent")


async def test_a_submit_accepted_without_a_task_id_needs_attention(tmp_path):
    reply = '{"code": "success", "message": "", "data": null}'
    with HostileServer(lambda method, path, body: json_reply(reply)) as relay:
        app = Engine(tmp_path, relay.base_url)
        try:
            with pytest.raises(UnreadableReplyError, match="sent no task id"):
                await app.engine.submit("suno", "music", {"body": {"gpt_description_prompt": "no id"}})
            [job] = app.engine.jobs()
            assert await app.engine.resume_unfinished() == []
        finally:
            await app.close()
        assert job.state is JobState.NEEDS_ATTENTION and "may have been charged" in job.message
        assert relay.requests == [("POST", "/suno/submit/music")]
    survived("hostile", "200 success with no task id", "needs_attention, never resent")


# --- item 14: two processes resuming the same jobs -----------------------------------------------------------


def test_two_resumes_on_one_data_folder_share_the_jobs_and_store_each_result_once(task_sim, tmp_path):
    home = tmp_path / "home"

    async def submit_six_and_quit() -> None:
        app = Engine(home, task_sim.base_url)
        await app.engine.start()
        for n in range(6):
            await app.engine.submit("suno", "music", {"body": {"gpt_description_prompt": f"shared song {n}"}})
        await app.close()

    asyncio.run(submit_six_and_quit())
    resumers = [start_cli(home, task_sim.base_url, "tasks", "resume", "--poll-interval", "0.1") for _ in range(2)]
    outputs = [child.communicate(timeout=90) for child in resumers]
    assert [child.returncode for child in resumers] == [0, 0], outputs
    printed = [Path(line) for out, _ in outputs for line in out.splitlines()]
    # Each result printed once, by the process that saved it (files are content-addressed: covers alike share one).
    assert len(printed) == 6 * SUNO_FILES
    assert [row["state"] for row in query(home, "SELECT state FROM jobs")] == ["done"] * 6
    assert query(home, "SELECT count(*) AS n FROM job_results")[0]["n"] == 6 * SUNO_FILES
    assert query(home, "SELECT count(*) AS n FROM assets")[0]["n"] == 6 * SUNO_FILES, "one row per result, no more"
    assert len(journal(task_sim, "/suno/submit/music")) == 6
    secrets = secrets_in(TEST_KEY, *(text for output in outputs for text in output), folders=(home,))
    assert secrets[0] == 0
    survived(
        "concurrency",
        "two `tasks resume` on one data folder, 12 results",
        "12 rows, every job done once",
        secrets=secrets,
    )


# --- issue 9: the app picks up jobs studio-cli adds, and never polls one another process follows --------------


def polls_by(sim, who: str | None) -> int:
    return sum(
        1
        for entry in httpx.get(f"{sim.base_url}/_sim/requests").json()
        if entry["path"].startswith("/suno/fetch") and entry["headers"].get("x-studio-process") == who
    )


async def test_the_app_shows_a_cli_job_and_adopts_it_when_the_cli_dies(task_sim, tmp_path):
    home = tmp_path / "home"
    app = Engine(home, task_sim.base_url, adopt_others=True, watch_seconds=0.2, headers={"X-Studio-Process": "app"})
    await app.engine.start()
    try:
        followed = start_cli(home, task_sim.base_url, "suno", "a song the cli follows", "--poll-interval", "0.2")
        out, err = await asyncio.to_thread(followed.communicate, timeout=60)
        assert followed.returncode == 0, err
        [first] = [row["id"] for row in query(home, "SELECT id FROM jobs")]
        await wait_async(lambda: any(u.job_id == first and u.state is JobState.DONE for u in app.updates))
        assert polls_by(task_sim, "app") == 0 and polls_by(task_sim, None) > 0, "only the CLI polled its job"

        abandoned = start_cli(home, task_sim.base_url, "suno", "a song whose cli is killed", "--poll-interval", "60")
        await wait_async(lambda: query(home, "SELECT id FROM jobs WHERE id > ? AND task_id IS NOT NULL", first))
        abandoned.send_signal(signal.SIGKILL)
        await asyncio.to_thread(abandoned.wait, 10)
        [second] = [row["id"] for row in query(home, "SELECT id FROM jobs WHERE id > ?", first)]
        cli_polls = polls_by(task_sim, None)
        await wait_async(lambda: any(u.job_id == second and u.state is JobState.DONE for u in app.updates), 30)
        assert len(app.engine.assets_of(second)) == SUNO_FILES
    finally:
        await app.close()
    assert polls_by(task_sim, "app") > 0 and polls_by(task_sim, None) == cli_polls, "after the kill only the app polls"
    assert len(journal(task_sim, "/suno/submit/music")) == 2
    secrets = secrets_in(TEST_KEY, out, err, folders=(home,))
    assert secrets[0] == 0
    survived(
        "kill",
        "studio-cli killed while following a job; the app open",
        "adopted by the app, done, 1 submit",
        secrets=secrets,
    )


async def wait_async(condition, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s")
        await asyncio.sleep(0.05)
