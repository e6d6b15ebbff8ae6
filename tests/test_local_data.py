"""Issue 10, item 12 and 15: the studio's own data gone bad (a damaged or read-only database, a damaged
key file) gives one sentence and loses nothing; a damaged database is kept aside and its backup offered."""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3
from pathlib import Path

import httpx
import pytest
from attack_log import survived
from conftest import TEST_KEY, journal
from hostile import read_only

from studio.cli import main
from studio.core.database import back_up, backups, open_database
from studio.core.settings import KeyStore, Settings, StudioPaths
from studio.core.workspace import Workspace


@pytest.fixture
def cli(task_sim, studio_home, capsys):
    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--base-url", task_sim.base_url, "--api-key", TEST_KEY, *args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def database(home: Path) -> Path:
    return home / "data" / "studio.db"


def a_job_and_a_backup(cli, home: Path) -> None:
    """One finished job in the database, and the automatic backup the next start makes of it."""
    assert cli("suno-lyrics", "a verse worth keeping", "--poll-interval", "0.1")[0] == 0
    assert cli("tasks", "list")[0] == 0
    assert len(backups(database(home))) == 1


def overwrite(path: Path, offset: int, size: int) -> None:
    with open(path, "r+b") as file:
        file.seek(offset)
        file.write(bytes(range(256)) * (size // 256))


def test_a_database_that_is_no_database_is_set_aside_and_its_backup_offered(cli, studio_home):
    a_job_and_a_backup(cli, studio_home)
    overwrite(database(studio_home), 0, 1024)  # the header: "file is not a database"
    code, out, err = cli("tasks", "list")
    assert code == 0 and out == "" and "Traceback" not in err
    assert "was damaged (file is not a database)" in err and "studio-cli db restore" in err
    [damaged] = database(studio_home).parent.glob("studio.damaged-*.db")
    assert damaged.stat().st_size > 0, "the damaged file is kept, not deleted"
    code, _, err = cli("db", "restore")
    assert code == 0 and "Restored" in err
    code, out, _ = cli("tasks", "list")
    assert code == 0 and "a verse worth keeping" in out, "the job is back from the backup"
    survived("input", "studio.db header overwritten (file is not a database)", "kept aside, fresh start, restored")


def test_a_malformed_database_is_one_sentence_for_every_command_and_nothing_is_sent(cli, task_sim, studio_home):
    a_job_and_a_backup(cli, studio_home)
    with sqlite3.connect(database(studio_home)) as db:
        page = db.execute("PRAGMA page_size").fetchone()[0]
        root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'jobs'").fetchone()[0]
    overwrite(database(studio_home), (root - 1) * page, page)  # the jobs table only: the schema still reads
    commands = [
        ("tasks", "list"),
        ("tasks", "show", "1"),
        ("tasks", "resume"),
        ("--json", "tasks", "list"),
        ("suno", "a song into a broken database"),
        ("mj", "imagine", "a cat into a broken database"),
    ]
    for command in commands:
        code, _out, err = cli(*command)
        assert code == 5 and "Traceback" not in err, (command, err)
        assert err.strip().splitlines()[-1].startswith("error: The studio's database"), (command, err)
        assert "damaged" in err and "db restore" in err
        survived("input", f"malformed studio.db, `{' '.join(command)}`", "exit 5, one sentence")
    assert journal(task_sim, "/suno/submit/music") == [] and journal(task_sim, "/mj/submit/imagine") == []
    assert cli("db", "restore")[0] == 0 and cli("tasks", "show", "1")[0] == 0


def test_a_read_only_data_folder_is_one_sentence_even_for_tasks_list(cli, studio_home):
    a_job_and_a_backup(cli, studio_home)
    with read_only(database(studio_home).parent):
        for command in (("tasks", "list"), ("suno", "a song"), ("db", "restore")):
            code, _, err = cli(*command)
            assert code == 5 and "Traceback" not in err, (command, err)
            assert "read-only" in err or "cannot be" in err, (command, err)
            survived("input", f"read-only data folder, `{' '.join(command)}`", "exit 5, one sentence")
    assert cli("tasks", "list")[0] == 0, "nothing was lost"


def test_the_app_still_starts_on_a_damaged_database_and_offers_the_backup(
    cli, studio_home, open_window, qasync_loop, qtbot
):
    a_job_and_a_backup(cli, studio_home)
    overwrite(database(studio_home), 0, 4096)
    asyncio.set_event_loop(qasync_loop)  # the CLI's asyncio.run() above left no loop set
    window = open_window()
    recovery = window.workspace.database_recovery
    assert window.isVisible() and recovery is not None
    assert recovery.damaged_copy.exists() and recovery.backup == backups(database(studio_home))[0]
    assert "db restore" in recovery.sentence
    qtbot.waitUntil(lambda: window.recovery_notice is not None, timeout=5000)
    notice = window.recovery_notice
    assert notice.isVisible() and "db restore" in notice.text() and str(recovery.backup) in notice.text()
    notice.close()
    survived("input", "the app started on a damaged studio.db", "window opens, backup offered")


def test_backups_are_made_before_a_migration_and_kept_to_a_few(tmp_path):
    path = tmp_path / "studio.db"
    open_database(path).close()
    with sqlite3.connect(path) as older:  # back to schema 3: before the task leases, the notes and the usage ledger's columns came
        older.executescript(
            "DROP INDEX jobs_by_update; ALTER TABLE jobs DROP COLUMN lease_owner;"
            " ALTER TABLE jobs DROP COLUMN lease_expires; DROP INDEX assets_by_created; DROP INDEX assets_by_model;"
            " ALTER TABLE assets DROP COLUMN notes; DROP INDEX usage_ledger_by_time;"
            " ALTER TABLE usage_ledger DROP COLUMN path; ALTER TABLE usage_ledger DROP COLUMN media_in;"
            " ALTER TABLE usage_ledger DROP COLUMN media_out; ALTER TABLE usage_ledger DROP COLUMN seconds;"
            " DROP TABLE model_prices; DROP TABLE balance_history; DROP TABLE tool_preferences;"
            " DROP TABLE embedding_cache; PRAGMA user_version = 3;"
        )
    for _ in range(5):
        open_database(path).close()
    [before_upgrade] = backups(path)
    with sqlite3.connect(before_upgrade) as copy:
        assert copy.execute("PRAGMA user_version").fetchone()[0] == 3, "the copy from before the upgrade"
    with contextlib.closing(open_database(path)) as db:
        for _ in range(4):
            back_up(db, path)
    assert len(backups(path)) == 3 and not before_upgrade.exists(), "the newest three are kept"


def test_a_damaged_key_file_is_named_instead_of_no_key(studio_home, capsys):
    paths = StudioPaths.default()
    settings = Settings(paths, KeyStore(paths.key_file, lambda: (_ for _ in ()).throw(RuntimeError("no keyring"))))
    settings.add_profile(settings_profile(), api_key="a-key-that-will-be-lost")
    paths.key_file.write_text('{"Work": "a-key-th', "utf-8")  # cut off mid-write
    code = main(["models"])
    err = capsys.readouterr().err
    assert code == 2 and "keys.json is damaged" in err and "No API key" in err and "Traceback" not in err
    assert json.loads(paths.settings_file.read_text("utf-8"))["active_profile"] == "Work"
    assert paths.key_file.read_text("utf-8") == '{"Work": "a-key-th', "left as it is, for the user to mend"
    survived("input", "keys.json cut off mid-write", "exit 2 naming the damaged key file")


def settings_profile():
    from studio.core.settings import Profile

    return Profile(name="Work", base_url="https://gateway.example")


def test_workspace_opens_with_the_damaged_database_set_aside(studio_home):
    path = database(studio_home)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this was never a database" * 100)
    workspace = Workspace(Settings(StudioPaths.default()))
    try:
        assert workspace.database_recovery is not None and workspace.database_recovery.backup is None
        assert "no automatic backup" in workspace.database_recovery.sentence
        assert workspace.conversations.list() == []
    finally:
        workspace.db.close()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--timeout", "0", "models"], "must be more than 0"),
        (["--timeout", "soon", "models"], "expected a number of seconds"),
        (["speak", "hello", "--out-file", "/tmp/x.mp3", "--speed", "9"], "between 0.25 and 4"),
        (["speak", "   ", "--out-file", "/tmp/x.mp3"], "text to speak is empty"),
        (["transcribe", "/no/such/recording.wav"], "is not a file"),
        (["tasks", "show", "seven"], "invalid int value"),
        (["db", "restore", "/no/such/backup.db"], "does not exist"),
        (["mj", "imagine", "   "], "prompt is empty"),
    ],
)
def test_more_bad_inputs_exit_2_before_any_request(cli, task_sim, args, words):
    code, out, err = cli(*args)
    assert code == 2 and words in err and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert [e for e in httpx.get(f"{task_sim.base_url}/_sim/requests").json()] == []
    survived("input", f"studio-cli {' '.join(args)}", "exit 2 before any request")
