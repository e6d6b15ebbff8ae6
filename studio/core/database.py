"""The one SQLite database: WAL, foreign keys, and versioned migrations that each feature registers.

Each feature module (conversations, library, tasks) declares its migrations with `register`; the
versions are global and applied in order, each in its own transaction, recorded in `user_version`.

The database is copied (SQLite's online backup) into `backups/` before each migration and once a day,
keeping the newest few. A database SQLite calls damaged ("file is not a database", "malformed") is
set aside, a fresh one is started so the studio still opens, and the newest backup is offered
(`StudioConnection.recovery`; `studio-cli db restore` puts it back).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..api.errors import DatabaseBusyError, DatabaseDamagedError, LocalStorageError
from ..api.sentences import QT_TRANSLATE_NOOP, Sentence, english

log = logging.getLogger(__name__)

Migration = Callable[[sqlite3.Connection], None]

BACKUP_FOLDER = "backups"
BACKUPS_KEPT = 3
BACKUP_EVERY_SECONDS = 24 * 3600
_DAMAGE = {"SQLITE_CORRUPT", "SQLITE_NOTADB"}
_BUSY = {"SQLITE_BUSY", "SQLITE_LOCKED"}
_SIDE_FILES = ("-wal", "-shm")


@dataclass(frozen=True)
class DatabaseRecovery:
    """A damaged database found at start: where it was set aside, and the backup offered instead."""

    damaged_copy: Path
    reason: str
    backup: Path | None

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        damaged = Sentence.of(
            QT_TRANSLATE_NOOP(
                "ApiMessages",
                "The studio's database was damaged ({reason}); it was kept as {copy} and a new, empty one was started.",
            ),
            reason=self.reason,
            copy=self.damaged_copy,
        )
        offer = (
            Sentence.of(
                QT_TRANSLATE_NOOP(
                    "ApiMessages",
                    "The last automatic backup is {backup} (from {when}); `studio-cli db restore` puts it back."
                ),
                backup=self.backup,
                when=_when(self.backup),
            )
            if self.backup is not None
            else Sentence(QT_TRANSLATE_NOOP("ApiMessages", "There is no automatic backup to go back to."))
        )
        return (damaged, offer)

    @property
    def sentence(self) -> str:
        return english(self.sentences)


class StudioConnection(sqlite3.Connection):
    """A connection that can say what happened when its database was opened."""

    recovery: DatabaseRecovery | None = None


@dataclass(frozen=True)
class _Step:
    version: int
    name: str
    apply: Migration


_STEPS: dict[int, _Step] = {}


def register(version: int, name: str) -> Callable[[Migration], Migration]:
    """Declare `fn` as schema migration number `version` (unique across the whole app)."""

    def decorate(fn: Migration) -> Migration:
        existing = _STEPS.get(version)
        if existing is not None and existing.apply is not fn and existing.name != name:
            raise RuntimeError(f"migration {version} registered twice: {existing.name} and {name}")
        _STEPS[version] = _Step(version, name, fn)
        return fn

    return decorate


def schema_version(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def migrate(connection: sqlite3.Connection) -> list[str]:
    """Apply every registered migration newer than the database; returns the names applied."""
    applied = []
    current = schema_version(connection)
    for version in sorted(_STEPS):
        if version <= current:
            continue
        step = _STEPS[version]
        with transaction(connection):
            step.apply(connection)
            connection.execute(f"PRAGMA user_version = {int(version)}")
        applied.append(step.name)
    return applied


def connect(path: Path) -> sqlite3.Connection:
    """Another connection to an already migrated database (for a worker thread: WAL lets it write
    while the UI thread's connection reads)."""
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    connection.row_factory = sqlite3.Row
    connection.execute("PRAGMA synchronous = NORMAL")
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA busy_timeout = 5000")
    return connection


def database_file(connection: sqlite3.Connection) -> Path | None:
    """The file behind a connection; None for an in-memory database."""
    name = connection.execute("PRAGMA database_list").fetchone()[2]
    return Path(name) if name else None


def open_database(path: Path) -> StudioConnection:
    """Open (creating if needed) the studio database at `path`, backed up and migrated to the newest schema.

    A damaged database is set aside and a fresh one opened (see `StudioConnection.recovery`); a data
    folder that cannot be written raises LocalStorageError with one sentence.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise folder_error(path.parent, exc) from exc
    try:
        return _open_migrated(path)
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc):
            raise storage_error(exc, path) from exc
        found = backups(path)
        recovery = DatabaseRecovery(_move_aside(path, "damaged"), str(exc), found[0] if found else None)
    log.warning("%s", recovery.sentence)
    try:
        connection = _open_migrated(path)
    except sqlite3.DatabaseError as exc:
        raise storage_error(exc, path) from exc
    connection.recovery = recovery
    return connection


def _open_migrated(path: Path) -> StudioConnection:
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False, factory=StudioConnection)
    try:
        connection.row_factory = sqlite3.Row
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("PRAGMA busy_timeout = 5000")
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()  # reads the schema: damage shows here
        _load_feature_schemas()
        _back_up_if_due(connection, path)
        migrate(connection)
    except BaseException:
        connection.close()
        raise
    return connection


class _DamageFound(sqlite3.DatabaseError):
    """PRAGMA quick_check found the database damaged."""


def is_damage(exc: BaseException) -> bool:
    """True when SQLite says the file itself is damaged (not locked, not read-only)."""
    return isinstance(exc, _DamageFound) or getattr(exc, "sqlite_errorname", None) in _DAMAGE


def storage_error(exc: sqlite3.Error, path: Path) -> LocalStorageError:
    """A SQLite failure of the studio database as one sentence (damaged, locked, read-only, full)."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    details = f"{name}: {exc} ({path})"
    if is_damage(exc):
        return DatabaseDamagedError(
            Sentence.of(
                QT_TRANSLATE_NOOP(
                    "ApiMessages",
                    "The studio's database {path} is damaged ({error}); `studio-cli db restore` puts back the last "
                    "automatic backup.",
                ),
                path=path,
                error=exc,
            ),
            details=details,
        )
    if name in _BUSY:
        return DatabaseBusyError(
            QT_TRANSLATE_NOOP(
                "ApiMessages",
                "The studio's database stayed locked by another program for too long; try again when it is done."
            ),
            details=details,
        )
    if name == "SQLITE_FULL":
        return LocalStorageError(
            Sentence.of(QT_TRANSLATE_NOOP(
                "ApiMessages",
                "The disk holding {folder} is full; free some space.",
            ), folder=path.parent),
            details=details,
        )
    if name in ("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH") or "readonly" in str(exc):
        return _read_only(path.parent, details)
    return LocalStorageError(
        Sentence.of(QT_TRANSLATE_NOOP(
            "ApiMessages",
            "The studio's database {path} cannot be used ({error}).",
        ), path=path, error=exc),
        details=details,
    )


def folder_error(folder: Path, exc: OSError) -> LocalStorageError:
    """A data folder that cannot be created or written, as one sentence."""
    details = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, PermissionError) or exc.errno in (30,):  # EROFS: a read-only file system
        return _read_only(folder, details)
    return LocalStorageError(
        Sentence.of(
            QT_TRANSLATE_NOOP("ApiMessages", "The data folder {folder} cannot be used ({error})."),
            folder=folder,
            error=exc.strerror or exc,
        ),
        details=details,
    )


def _read_only(folder: Path, details: str) -> LocalStorageError:
    return LocalStorageError(
        Sentence.of(
            QT_TRANSLATE_NOOP(
                "ApiMessages",
                "The data folder {folder} is read-only, so the studio cannot open its database; make it writable or "
                "choose another data folder (STUDIO_HOME).",
            ),
            folder=folder,
        ),
        details=details,
    )


# --- backups -------------------------------------------------------------------------------------------


def backups(path: Path) -> list[Path]:
    """The automatic backups of the database at `path`, newest first."""
    folder = path.parent / BACKUP_FOLDER
    return sorted(folder.glob(f"{path.stem}-*.db"), key=lambda found: found.stat().st_mtime, reverse=True)


def back_up(connection: sqlite3.Connection, path: Path) -> Path:
    """Copy the open database into the backups folder with SQLite's online backup; keeps the newest few."""
    folder = path.parent / BACKUP_FOLDER
    folder.mkdir(exist_ok=True)
    target = folder / f"{path.stem}-{time.strftime('%Y%m%d-%H%M%S')}-{time.time_ns() % 10**9:09d}.db"
    partial = target.with_suffix(".partial")
    with contextlib.closing(sqlite3.connect(partial)) as copy:
        connection.backup(copy)
    os.replace(partial, target)
    for old in backups(path)[BACKUPS_KEPT:]:
        with contextlib.suppress(OSError):
            old.unlink()
    return target


def restore_backup(path: Path, backup: Path) -> Path:
    """Put `backup` in place of the database at `path` (closed); the current one is kept aside. Returns
    where the replaced database went."""
    with contextlib.closing(sqlite3.connect(f"file:{backup}?mode=ro", uri=True)) as source:
        if source.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise DatabaseDamagedError(
                Sentence.of(QT_TRANSLATE_NOOP(
                    "ApiMessages",
                    "The backup {backup} is damaged too; choose another one.",
                ), backup=backup)
            )
        kept = _move_aside(path, "replaced")
        with contextlib.closing(sqlite3.connect(path)) as target:
            source.backup(target)
    return kept


def _back_up_if_due(connection: sqlite3.Connection, path: Path) -> None:
    """A backup before a migration changes the schema, and one a day; never of an empty or damaged file."""
    current = schema_version(connection)
    if current == 0:
        return
    pending = any(version > current for version in _STEPS)
    newest = backups(path)
    due = not newest or time.time() - newest[0].stat().st_mtime > BACKUP_EVERY_SECONDS
    if not (pending or due):
        return
    if connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
        raise _DamageFound("database disk image is malformed (found by quick_check)")
    try:
        back_up(connection, path)
    except (OSError, sqlite3.Error) as exc:  # a backup that cannot be made must not stop the studio
        log.warning("The database backup failed: %s", exc)


def _move_aside(path: Path, label: str) -> Path:
    """Rename the database (and its WAL files) to `<stem>.<label>-<time>.db`; returns the new name."""
    kept = path.with_name(f"{path.stem}.{label}-{time.strftime('%Y%m%d-%H%M%S')}{path.suffix}")
    for suffix in ("", *_SIDE_FILES):
        source = Path(f"{path}{suffix}")
        if source.exists():
            os.replace(source, Path(f"{kept}{suffix}"))
    return kept


def _when(path: Path) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(path.stat().st_mtime))


def run_script(connection: sqlite3.Connection, script: str) -> None:
    """Execute several statements inside the caller's transaction (executescript would COMMIT first)."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            connection.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete SQL statement: {statement.strip()[:80]}")


@contextmanager
def transaction(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error (DDL included, unlike sqlite3's default)."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield connection
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def _load_feature_schemas() -> None:
    """Import every module that registers migrations, so any entry point gets the whole schema."""
    from . import conversations, library, tasks, usage  # noqa: F401
