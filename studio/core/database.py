"""The one SQLite database: WAL, foreign keys, and versioned migrations that each feature registers.

Each feature module (conversations, library, tasks) declares its migrations with `register`; the
versions are global and applied in order, each in its own transaction, recorded in `user_version`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

Migration = Callable[[sqlite3.Connection], None]


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


def open_database(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the studio database at `path`, migrated to the newest schema."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    connection.row_factory = sqlite3.Row
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA busy_timeout = 5000")
    _load_feature_schemas()
    migrate(connection)
    return connection


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
    from . import conversations, library, tasks  # noqa: F401
