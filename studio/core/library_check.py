"""Checking the library against its files: every stored file hashed again, and files no row uses.

The rows are read first, on the caller's thread (one quick query); hashing and walking the folders
is the slow part and runs wherever the caller puts it (the Library tab: a worker thread):

    files = files_to_check(library)
    report = check_files(library, files, progress)      # missing, damaged, orphans
    remove_orphans(library, report.orphans)             # after the user confirmed
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .library import INCOMING, Library

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class LibraryFile:
    """One stored file and the rows that use it."""

    sha256: str
    ext: str
    asset_ids: tuple[int, ...]


@dataclass
class CheckReport:
    checked: int = 0
    missing: list[LibraryFile] = field(default_factory=list)
    damaged: list[LibraryFile] = field(default_factory=list)
    """Present, but its bytes no longer hash to the name it is stored under."""
    orphans: list[Path] = field(default_factory=list)
    """Files (and thumbnails) in the library's folders that no row uses."""

    @property
    def healthy(self) -> bool:
        return not (self.missing or self.damaged or self.orphans)


def files_to_check(library: Library) -> list[LibraryFile]:
    rows = library.db.execute(
        "SELECT sha256, ext, group_concat(id) AS ids FROM assets WHERE sha256 IS NOT NULL GROUP BY sha256, ext"
    )
    return [
        LibraryFile(row["sha256"], row["ext"], tuple(int(part) for part in str(row["ids"]).split(","))) for row in rows
    ]


def check_files(library: Library, files: list[LibraryFile], progress: Progress | None = None) -> CheckReport:
    """Hash every file (1 MiB at a time) and list the folders' files no row names."""
    report = CheckReport()
    for done, stored in enumerate(files, 1):
        path = library.file_path(stored.sha256, stored.ext)
        try:
            digest = _sha256(path)
        except FileNotFoundError:
            report.missing.append(stored)
        except OSError:
            report.damaged.append(stored)
        else:
            if digest != stored.sha256:
                report.damaged.append(stored)
        report.checked = done
        if progress is not None:
            progress(done, len(files))
    used = {stored.sha256 for stored in files}
    report.orphans = [
        *_unused(library.root, used, skip=library.root / INCOMING),
        *_unused(library.thumbnail_dir, used, thumbnail=True),
    ]
    return report


def remove_orphans(library: Library, paths: Iterable[Path]) -> int:
    """Delete the listed files that are inside the library's folders and still unused; returns how many."""
    used = {str(row[0]) for row in library.db.execute("SELECT DISTINCT sha256 FROM assets WHERE sha256 IS NOT NULL")}
    removed = 0
    for path in paths:
        inside = path.is_relative_to(library.root) or path.is_relative_to(library.thumbnail_dir)
        if not inside or _sha_of(path, thumbnail=path.is_relative_to(library.thumbnail_dir)) in used:
            continue
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            removed += 1
    return removed


def _sha256(path: Path) -> str:
    hasher = hashlib.sha256()
    with path.open("rb") as source:
        while chunk := source.read(1024 * 1024):
            hasher.update(chunk)
    return hasher.hexdigest()


def _sha_of(path: Path, *, thumbnail: bool) -> str:
    """Files are `<sha256>.<ext>`; thumbnails `<sha256>-<size>.png`."""
    return path.stem.rsplit("-", 1)[0] if thumbnail else path.stem


def _unused(folder: Path, used: set[str], *, skip: Path | None = None, thumbnail: bool = False) -> list[Path]:
    if not folder.exists():
        return []
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file()
        and (skip is None or not path.is_relative_to(skip))
        and _sha_of(path, thumbnail=thumbnail) not in used
    )
