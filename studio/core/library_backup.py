"""The whole library in one zip, and back again.

A backup is a zip holding a snapshot of the database taken with SQLite's online backup API (assets,
their settings, tags, notes and lineage; conversations and jobs too), every stored file the snapshot
names, and a small manifest. Bringing one back *adds* what the library lacks: nothing the user has now
is replaced or lost, so restoring twice, or into a library that already holds some of it, is safe.

    report = write_backup(database_file, library.root, target, progress)   # worker thread
    contents = unpack_backup(archive, library, progress)                     # worker thread: files
    restored = merge_backup(database_file, contents)                         # worker thread: rows
    announce(library, restored)                                              # the library's thread

The zip is read as untrusted input: only members named like the library's own files are taken, each
file's bytes must hash to its name, and the database snapshot is checked before its rows are read.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..api.errors import InputError
from ..api.sentences import QT_TRANSLATE_NOOP, Sentence
from .events import AssetsChanged
from .library import Library

Progress = Callable[[int, int], None]

BACKUP_FORMAT = 1
TOP = "uniapi-library"
MANIFEST = f"{TOP}/manifest.json"
DATABASE = f"{TOP}/studio.db"
FILES = f"{TOP}/files/"
FILE_NAME = re.compile(r"^([0-9a-f]{64})\.([a-z0-9]{1,8})$")
CHUNK = 1 << 20


class LibraryBackupError(InputError):
    """A file that is not a usable library backup; the message is one plain sentence."""


@dataclass(frozen=True)
class BackupReport:
    path: Path
    assets: int
    files: int
    size: int
    """Bytes of the zip."""
    missing: int
    """Files the rows name that were not on disk (left out; "Check library" lists them)."""


@dataclass
class BackupContents:
    """What a backup holds, once its files are in the library's folders."""

    created: float
    rows: list[dict[str, Any]] = field(default_factory=list)
    columns: frozenset[str] = frozenset()
    """The backup's asset columns (an older backup may lack later ones; those take their defaults)."""
    placed: int = 0
    """Files copied into the library (the others were there already)."""
    damaged: int = 0
    """Files in the zip whose bytes no longer match their name (left out)."""


@dataclass(frozen=True)
class RestoreReport:
    added: tuple[int, ...]
    already: int
    """Assets of the backup the library holds already."""
    placed: int
    damaged: int


def backup_name(now: float | None = None) -> str:
    return time.strftime("uniapi-library-%Y%m%d-%H%M.zip", time.localtime(now))


# --- backing up ------------------------------------------------------------------------------------


def write_backup(database: Path, library_root: Path, target: Path, progress: Progress | None = None) -> BackupReport:
    """Snapshot the database (from a connection of this thread's own) and zip it with every file it names.

    Written to a `.partial` file first, so a backup cut off halfway never looks like a whole one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    missing = 0
    with tempfile.TemporaryDirectory(prefix="backup-", dir=target.parent) as temp:
        snapshot = Path(temp) / "studio.db"
        with (
            contextlib.closing(sqlite3.connect(database, timeout=30)) as source,
            contextlib.closing(sqlite3.connect(snapshot)) as copy,
        ):
            source.backup(copy)
            rows = copy.execute(
                "SELECT DISTINCT sha256, ext FROM assets WHERE sha256 IS NOT NULL ORDER BY sha256"
            ).fetchall()
            assets = int(copy.execute("SELECT count(*) FROM assets").fetchone()[0])
        try:
            with zipfile.ZipFile(partial, "w", allowZip64=True) as archive:
                archive.write(snapshot, DATABASE, compress_type=zipfile.ZIP_DEFLATED)
                stored = 0
                for done, (sha, ext) in enumerate(rows, 1):
                    path = library_root / sha[:2] / sha[2:4] / f"{sha}.{ext}"
                    if path.is_file():
                        # Pictures, sound and video are compressed already; storing them is as small and faster.
                        archive.write(path, f"{FILES}{sha}.{ext}", compress_type=zipfile.ZIP_STORED)
                        stored += 1
                    else:
                        missing += 1
                    if progress is not None:
                        progress(done, len(rows))
                manifest = {"format": BACKUP_FORMAT, "created": time.time(), "assets": assets, "files": stored}
                archive.writestr(MANIFEST, json.dumps(manifest, indent=2))
            os.replace(partial, target)
        except BaseException:
            with contextlib.suppress(OSError):
                partial.unlink()
            raise
    return BackupReport(target, assets, stored, target.stat().st_size, missing)


# --- bringing back ---------------------------------------------------------------------------------


def _not_a_backup(archive: Path, reason: object) -> LibraryBackupError:
    return LibraryBackupError(
        Sentence.of(
            QT_TRANSLATE_NOOP("ApiMessages", "{name} is not a library backup made by UniAPI Studio."),
            name=archive.name,
        ),
        details=str(reason),
    )


def unpack_backup(archive: Path, library: Library, progress: Progress | None = None) -> BackupContents:
    """Check the zip, put each file it holds that the library lacks into place, and read its asset rows."""
    try:
        with zipfile.ZipFile(archive) as zipped:
            names = set(zipped.namelist())
            if MANIFEST not in names or DATABASE not in names:
                raise _not_a_backup(archive, "no manifest or database in the zip")
            manifest = json.loads(zipped.read(MANIFEST))
            if not isinstance(manifest, dict) or int(manifest.get("format", 0)) > BACKUP_FORMAT:
                raise LibraryBackupError(
                    Sentence.of(
                        QT_TRANSLATE_NOOP(
                            "ApiMessages", "{name} was made by a newer UniAPI Studio; update the app to restore it."
                        ),
                        name=archive.name,
                    )
                )
            contents = BackupContents(created=float(manifest.get("created", 0)))
            contents.rows = _read_rows(zipped, archive, library.incoming)
            contents.columns = frozenset(contents.rows[0]) if contents.rows else frozenset()
            members = [name for name in names if name.startswith(FILES) and FILE_NAME.match(name[len(FILES) :])]
            for done, name in enumerate(sorted(members), 1):
                sha, ext = FILE_NAME.match(name[len(FILES) :]).groups()  # type: ignore[union-attr]
                target = library.file_path(sha, ext)
                if not (target.is_file() and target.stat().st_size == zipped.getinfo(name).file_size):
                    if _place(zipped, name, sha, target, library.incoming):
                        contents.placed += 1
                    else:
                        contents.damaged += 1
                if progress is not None:
                    progress(done, len(members))
            return contents
    except LibraryBackupError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, KeyError, EOFError) as exc:
        raise _not_a_backup(archive, exc) from exc


def _read_rows(zipped: zipfile.ZipFile, archive: Path, scratch: Path) -> list[dict[str, Any]]:
    scratch.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="restore-", dir=scratch) as temp:
        snapshot = Path(temp) / "studio.db"
        with zipped.open(DATABASE) as source, open(snapshot, "wb") as out:
            while chunk := source.read(CHUNK):
                out.write(chunk)
        try:
            with contextlib.closing(sqlite3.connect(f"file:{snapshot}?mode=ro", uri=True)) as db:
                if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                    raise _not_a_backup(archive, "the database in the zip is damaged")
                db.row_factory = sqlite3.Row
                return [dict(row) for row in db.execute("SELECT * FROM assets ORDER BY id")]
        except sqlite3.Error as exc:
            raise _not_a_backup(archive, exc) from exc


def _place(zipped: zipfile.ZipFile, name: str, sha: str, target: Path, scratch: Path) -> bool:
    """Copy one member into the library through a temp file, only if its bytes hash to its name."""
    scratch.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix="restore-", suffix=".part", dir=scratch)
    temp = Path(temp_name)
    digest = hashlib.sha256()
    try:
        with os.fdopen(handle, "wb") as out, zipped.open(name) as source:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
        if digest.hexdigest() != sha:
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(temp, target)
        return True
    except zipfile.BadZipFile:  # a member whose own checksum fails
        return False
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def _identity(row: dict[str, Any]) -> tuple[Any, ...]:
    """Two rows are the same asset if they hold the same content, made at the same moment."""
    return (row.get("kind"), row.get("sha256"), round(float(row.get("created") or 0), 3), row.get("title"))


def merge_backup(database: Path, contents: BackupContents) -> RestoreReport:
    """Add the backup's rows the library lacks, with their lineage remapped to the new ids, in one
    transaction on a connection of this thread's own (20,000 rows take about a second: a worker thread's
    job). The caller announces the new rows (`announce`) on the library's thread."""
    with contextlib.closing(sqlite3.connect(database, timeout=30)) as db:
        db.row_factory = sqlite3.Row
        columns = [row[1] for row in db.execute("PRAGMA table_info(assets)")]
        rows = db.execute("SELECT id, kind, sha256, created, title FROM assets")
        have = {_identity(dict(row)): int(row["id"]) for row in rows}
        next_id = int(db.execute("SELECT coalesce(max(id), 0) FROM assets").fetchone()[0]) + 1
        new_id: dict[int, int] = {}
        fresh: list[dict[str, Any]] = []
        for row in contents.rows:
            found = have.get(_identity(row))
            if found is not None:
                new_id[int(row["id"])] = found
                continue
            new_id[int(row["id"])] = next_id
            next_id += 1
            fresh.append(row)
        names = [name for name in columns if name != "parent_id" and (name == "id" or name in contents.columns)]
        records = []
        for row in fresh:
            values = {name: row.get(name) for name in names}
            values["id"] = new_id[int(row["id"])]
            parent = row.get("parent_id")
            values["parent_id"] = new_id.get(int(parent)) if parent is not None else None
            records.append(tuple(values.values()))
        if records:
            names_sql = ", ".join([*names, "parent_id"])
            with db:
                db.executemany(f"INSERT INTO assets({names_sql}) VALUES ({', '.join('?' * (len(names) + 1))})", records)
    added = tuple(new_id[int(row["id"])] for row in fresh)
    return RestoreReport(added, len(contents.rows) - len(fresh), contents.placed, contents.damaged)


def announce(library: Library, report: RestoreReport) -> None:
    """Tell the library's views about the restored rows (on the library's thread)."""
    if report.added:
        library.events.publish(AssetsChanged(added=report.added))
