"""The asset library: every result is a row in SQLite and a file in a content-addressed tree.

Files live at `library/ab/cd/<sha256>.<ext>` under the data folder; identical bytes are stored once
and rows may share a file. A download streams into `library/.incoming/` and is renamed into place only
when it is complete, its bytes are the kind of file expected (sniffed from the first bytes, never taken
from the URL) and it decodes (Pillow for images, PyAV for audio and video); anything else is deleted.
Thumbnails (downscaled image, first video frame, audio waveform) are made off the event loop and kept
in one cache folder. Search is FTS5 with the trigram tokenizer over title, prompt, tags and text (lyrics,
transcripts, descriptions), so Chinese is found by any substring.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import os
import shutil
import sqlite3
import tempfile
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ..api.download import (
    TEMP_PREFIX,
    TEMP_SUFFIX,
    DownloadLimits,
    DownloadProgress,
    new_partial,
    release_partial,
    remove_if_abandoned,
)
from ..api.errors import ImageTooLargeError, UnexpectedMediaError
from ..api.media_types import M4A, SNIFF_BYTES, TEXT, MediaKind, MediaType, describe, is_kind, sniff
from ..api.sentences import QT_TRANSLATE_NOOP, Sentence
from .conversations import fts_query
from .database import register, run_script, transaction
from .events import AssetsChanged, EventHub
from .settings import StudioPaths

if TYPE_CHECKING:  # the HTTP stack loads on the first download, not with the database schema
    from ..api.client import UniApiClient

log = logging.getLogger(__name__)

KINDS: tuple[MediaKind, ...] = ("image", "audio", "video", "text")
THUMBNAIL_SIZE = 256
MAX_IMAGE_PIXELS = 64_000_000
"""Images larger than this are refused unopened: a few KB of PNG can claim billions of pixels."""
INCOMING = ".incoming"


@register(2, "library")
def _schema(db: sqlite3.Connection) -> None:
    run_script(
        db,
        """
        CREATE TABLE assets (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            prompt TEXT NOT NULL DEFAULT '',
            model TEXT NOT NULL DEFAULT '',
            family TEXT NOT NULL DEFAULT '',
            parameters TEXT NOT NULL DEFAULT '{}',
            task_id TEXT,
            remote_id TEXT,
            parent_id INTEGER REFERENCES assets(id) ON DELETE SET NULL,
            source_url TEXT,
            sha256 TEXT,
            ext TEXT NOT NULL DEFAULT '',
            mime TEXT NOT NULL DEFAULT '',
            byte_size INTEGER NOT NULL DEFAULT 0,
            duration REAL,
            width INTEGER,
            height INTEGER,
            text TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '',
            favourite INTEGER NOT NULL DEFAULT 0,
            trashed INTEGER NOT NULL DEFAULT 0,
            created REAL NOT NULL
        );
        CREATE INDEX assets_by_kind ON assets(kind, created);
        CREATE INDEX assets_by_file ON assets(sha256);
        CREATE INDEX assets_by_task ON assets(family, task_id);
        CREATE INDEX assets_by_remote ON assets(family, remote_id);
        CREATE INDEX assets_by_parent ON assets(parent_id);
        CREATE VIRTUAL TABLE asset_fts USING fts5(
            title, prompt, tags, text, content='assets', content_rowid='id', tokenize='trigram'
        );
        CREATE TRIGGER assets_ai AFTER INSERT ON assets BEGIN
            INSERT INTO asset_fts(rowid, title, prompt, tags, text)
            VALUES (new.id, new.title, new.prompt, new.tags, new.text);
        END;
        CREATE TRIGGER assets_ad AFTER DELETE ON assets BEGIN
            INSERT INTO asset_fts(asset_fts, rowid, title, prompt, tags, text)
            VALUES ('delete', old.id, old.title, old.prompt, old.tags, old.text);
        END;
        CREATE TRIGGER assets_au AFTER UPDATE OF title, prompt, tags, text ON assets BEGIN
            INSERT INTO asset_fts(asset_fts, rowid, title, prompt, tags, text)
            VALUES ('delete', old.id, old.title, old.prompt, old.tags, old.text);
            INSERT INTO asset_fts(rowid, title, prompt, tags, text)
            VALUES (new.id, new.title, new.prompt, new.tags, new.text);
        END;
        """,
    )


@register(5, "library notes")
def _notes(db: sqlite3.Connection) -> None:
    run_script(
        db,
        """
        ALTER TABLE assets ADD COLUMN notes TEXT NOT NULL DEFAULT '';
        CREATE INDEX assets_by_created ON assets(trashed, created);
        CREATE INDEX assets_by_model ON assets(model);
        """,
    )


Sort = Literal["newest", "oldest", "name", "size"]
_ORDER: dict[str, str] = {
    "newest": "a.created DESC, a.id DESC",
    "oldest": "a.created ASC, a.id ASC",
    "name": "lower(CASE WHEN a.title != '' THEN a.title ELSE a.prompt END) ASC, a.id ASC",
    "size": "a.byte_size DESC, a.id DESC",
}


@dataclass(frozen=True)
class AssetQuery:
    """What the Library tab shows: words to find, filters that all apply together, and an order."""

    text: str = ""
    kinds: frozenset[str] = frozenset()
    family: str | None = None
    model: str | None = None
    since: float | None = None
    """Created at or after (a Unix time)."""
    until: float | None = None
    """Created before."""
    favourites_only: bool = False
    tag: str | None = None
    trashed: bool = False
    sort: Sort = "newest"


@dataclass(frozen=True)
class Facets:
    """The values the filters offer: what the library actually holds."""

    families: list[str]
    models: list[str]
    tags: list[str]


@dataclass(frozen=True)
class StoredFile:
    """A file in the content-addressed tree, with what probing found out about it."""

    sha256: str
    size: int
    media: MediaType
    path: Path
    duration: float | None = None
    width: int | None = None
    height: int | None = None
    source_url: str | None = None


@dataclass
class Asset:
    id: int
    kind: str
    title: str = ""
    prompt: str = ""
    model: str = ""
    family: str = ""
    parameters: dict[str, Any] = field(default_factory=dict)
    task_id: str | None = None
    remote_id: str | None = None
    """The service's own id for this result (Suno clip id, Luma generation id, ...)."""
    parent_id: int | None = None
    source_url: str | None = None
    sha256: str | None = None
    ext: str = ""
    mime: str = ""
    byte_size: int = 0
    duration: float | None = None
    width: int | None = None
    height: int | None = None
    text: str = ""
    """Lyrics, transcript or description."""
    tags: list[str] = field(default_factory=list)
    favourite: bool = False
    trashed: bool = False
    created: float = 0.0
    notes: str = ""
    path: Path | None = None
    """The file on disk (None only if the row has no file)."""


def split_tags(tags: str | Iterable[str] | None) -> list[str]:
    if tags is None:
        return []
    parts = tags.split(",") if isinstance(tags, str) else list(tags)
    return [part.strip() for part in parts if part and part.strip()]


class Library:
    """The asset store: one per database; file work runs in threads, SQL on the caller's thread.

    Every change is published on `events` as an `AssetsChanged` (rows added, edited, trashed, restored).
    """

    def __init__(
        self,
        db: sqlite3.Connection,
        root: Path,
        thumbnail_dir: Path,
        *,
        events: EventHub | None = None,
        limits: DownloadLimits | None = None,
    ) -> None:
        self.db = db
        self.root = root
        self.thumbnail_dir = thumbnail_dir
        self.incoming = root / INCOMING
        self.events = events or EventHub()
        self.limits = limits or DownloadLimits()
        """The largest download of each kind; a bigger one is abandoned as it arrives."""

    @classmethod
    def at(
        cls,
        db: sqlite3.Connection,
        paths: StudioPaths,
        *,
        events: EventHub | None = None,
        limits: DownloadLimits | None = None,
    ) -> Library:
        return cls(db, paths.library_dir, paths.cache_dir / "thumbnails", events=events, limits=limits)

    # files -----------------------------------------------------------------------------------

    def file_path(self, sha256: str, ext: str) -> Path:
        return self.root / f"{sha256[:2]}/{sha256[2:4]}/{sha256}.{ext}"  # one join: a page of a view builds 100

    def clean_incoming(self) -> int:
        """Delete half-finished downloads left by a process that died; returns how many.

        A download in progress (here or in another process) keeps its file locked, so it is left alone.
        """
        return sum(
            remove_if_abandoned(leftover)
            for leftover in self.incoming.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}")
            if not _held(leftover)
        )

    async def download(
        self,
        client: UniApiClient,
        url: str,
        *,
        expect: MediaKind | None = None,
        progress: DownloadProgress | None = None,
    ) -> StoredFile:
        """Stream `url` into the library; raises (leaving nothing behind) if it is not a whole `expect`."""
        from ..api.download import download_to_temp

        temp = await download_to_temp(
            client, url, self.incoming, progress=progress, max_bytes=self.limits.for_kind(expect), expect=expect
        )
        _hold(temp.path)
        stored = await self._settle(temp.path, temp.sha256, temp.size, temp.head, expect, url)
        return replace(stored, source_url=url)

    async def import_file(self, source: Path, *, expect: MediaKind | None = None) -> StoredFile:
        """Copy a local file into the library (the original stays where it is)."""
        self.incoming.mkdir(parents=True, exist_ok=True)
        temp, sha, size, head = await asyncio.to_thread(_copy_hashing, source, self.incoming)
        return await self._settle(temp, sha, size, head, expect, None)

    async def import_bytes(self, data: bytes, *, expect: MediaKind | None = None) -> StoredFile:
        """Store bytes that arrived inside a reply (a base64 image), checked like a download."""
        self.incoming.mkdir(parents=True, exist_ok=True)
        temp = await asyncio.to_thread(_write_incoming, data, self.incoming)
        return await self._settle(temp, hashlib.sha256(data).hexdigest(), len(data), data[:SNIFF_BYTES], expect, None)

    async def store_text(self, text: str) -> StoredFile:
        data = text.encode("utf-8")
        sha = hashlib.sha256(data).hexdigest()
        target = self.file_path(sha, TEXT.ext)

        def write() -> None:
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                _atomic_write(target, data)

        await asyncio.to_thread(write)
        return StoredFile(sha, len(data), TEXT, target)

    async def _settle(
        self, temp: Path, sha: str, size: int, head: bytes, expect: MediaKind | None, url: str | None
    ) -> StoredFile:
        try:
            media = sniff(head)
            wanted = expect or (media.kind if media else "file")
            if size == 0 or media is None or (expect is not None and not is_kind(media, expect)):
                raise UnexpectedMediaError(
                    Sentence.of(
                        QT_TRANSLATE_NOOP(
                            "ApiMessages",
                            "The {wanted} download was {found}, not the {wanted} expected; it was not saved.",
                        ),
                        wanted=wanted,
                        found=describe(head),
                    ),
                    details=f"{url or temp.name}: {size} bytes, starting {head[:32]!r}",
                )
            probe = await asyncio.to_thread(_probe, temp, media)
            if expect is not None and probe.media.kind != expect:
                raise UnexpectedMediaError(
                    Sentence.of(
                        QT_TRANSLATE_NOOP(
                            "ApiMessages",
                            "The {expect} download was a file of another kind ({kind}); it was not saved.",
                        ),
                        expect=expect,
                        kind=probe.media.kind,
                    ),
                    details=f"{url or temp.name}: {size} bytes",
                )
            target = self.file_path(sha, probe.media.ext)
            await asyncio.to_thread(_move_into_place, temp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                temp.unlink()
            raise
        finally:
            _release(temp)
        return StoredFile(sha, size, probe.media, target, probe.duration, probe.width, probe.height)

    # rows ------------------------------------------------------------------------------------

    def add(
        self,
        stored: StoredFile | None,
        *,
        kind: str | None = None,
        title: str = "",
        prompt: str = "",
        model: str = "",
        family: str = "",
        parameters: dict[str, Any] | None = None,
        task_id: str | None = None,
        remote_id: str | None = None,
        parent_id: int | None = None,
        source_url: str | None = None,
        text: str = "",
        tags: str | Iterable[str] | None = None,
        duration: float | None = None,
    ) -> Asset:
        """Record an asset for a stored file (the row points at the file; many rows may share it)."""
        kind = kind or (stored.media.kind if stored else "text")
        if kind not in KINDS:
            raise ValueError(f"unknown asset kind {kind!r}")
        values: dict[str, Any] = {
            "kind": kind,
            "title": title or "",
            "prompt": prompt or "",
            "model": model or "",
            "family": family or "",
            "parameters": json.dumps(parameters or {}, ensure_ascii=False),
            "task_id": task_id,
            "remote_id": remote_id,
            "parent_id": parent_id,
            "source_url": source_url or (stored.source_url if stored else None),
            "text": text or "",
            "tags": ", ".join(split_tags(tags)),
            "created": time.time(),
        }
        if stored is not None:
            values.update(
                sha256=stored.sha256,
                ext=stored.media.ext,
                mime=stored.media.mime,
                byte_size=stored.size,
                duration=stored.duration if stored.duration is not None else duration,
                width=stored.width,
                height=stored.height,
            )
        columns = ", ".join(values)
        with transaction(self.db):
            cursor = self.db.execute(
                f"INSERT INTO assets({columns}) VALUES ({', '.join('?' * len(values))})", tuple(values.values())
            )
        asset = self.get(int(cursor.lastrowid or 0))
        self.events.publish(AssetsChanged(added=(asset.id,)))
        return asset

    async def add_download(
        self,
        client: UniApiClient,
        url: str,
        *,
        expect: MediaKind | None = None,
        progress: DownloadProgress | None = None,
        **fields: Any,
    ) -> Asset:
        """Download, store, record and thumbnail one result."""
        stored = await self.download(client, url, expect=expect, progress=progress)
        asset = self.add(stored, **fields)
        await self.thumbnail(asset)
        return asset

    async def add_bytes(self, data: bytes, *, expect: MediaKind | None = None, **fields: Any) -> Asset:
        """Store, record and thumbnail a result that came as bytes."""
        asset = self.add(await self.import_bytes(data, expect=expect), **fields)
        await self.thumbnail(asset)
        return asset

    def attach(self, asset_id: int, stored: StoredFile) -> Asset:
        """Give a row recorded before its file existed (a result known only by its link) that file."""
        self._update(
            [asset_id],
            sha256=stored.sha256,
            ext=stored.media.ext,
            mime=stored.media.mime,
            byte_size=stored.size,
            duration=stored.duration,
            width=stored.width,
            height=stored.height,
        )
        self.events.publish(AssetsChanged(updated=(asset_id,)))  # views showing the row waiting for it redraw
        return self.get(asset_id)

    def without_file(self, family: str) -> list[Asset]:
        """The family's rows that still wait for their file (oldest first), each with the link to fetch it from."""
        rows = self.db.execute(
            "SELECT * FROM assets WHERE family = ? AND sha256 IS NULL AND source_url IS NOT NULL AND trashed = 0"
            " ORDER BY id",
            (family,),
        )
        return [self._asset(row) for row in rows]

    def set_parameters(self, asset_id: int, parameters: dict[str, Any]) -> None:
        self._update([asset_id], parameters=json.dumps(parameters, ensure_ascii=False))
        self.events.publish(AssetsChanged(updated=(asset_id,)))

    async def add_text(self, text: str, **fields: Any) -> Asset:
        """A text result (lyrics, a description): a .txt file in the tree and its words in the row."""
        stored = await self.store_text(text)
        return self.add(stored, kind="text", text=text, **fields)

    async def import_asset(self, source: Path, *, expect: MediaKind | None = None, **fields: Any) -> Asset:
        stored = await self.import_file(source, expect=expect)
        fields.setdefault("title", source.stem)
        asset = self.add(stored, **fields)
        await self.thumbnail(asset)
        return asset

    def get(self, asset_id: int) -> Asset:
        row = self.db.execute("SELECT * FROM assets WHERE id = ?", (asset_id,)).fetchone()
        if row is None:
            raise KeyError(asset_id)
        return self._asset(row)

    def _asset(self, row: sqlite3.Row) -> Asset:
        sha = row["sha256"]
        return Asset(
            id=row["id"],
            kind=row["kind"],
            title=row["title"],
            prompt=row["prompt"],
            model=row["model"],
            family=row["family"],
            parameters=json.loads(parameters) if (parameters := row["parameters"]) and parameters != "{}" else {},
            task_id=row["task_id"],
            remote_id=row["remote_id"],
            parent_id=row["parent_id"],
            source_url=row["source_url"],
            sha256=sha,
            ext=row["ext"],
            mime=row["mime"],
            byte_size=row["byte_size"],
            duration=row["duration"],
            width=row["width"],
            height=row["height"],
            text=row["text"],
            tags=split_tags(row["tags"]),
            favourite=bool(row["favourite"]),
            trashed=bool(row["trashed"]),
            created=row["created"],
            notes=row["notes"],
            path=self.file_path(sha, row["ext"]) if sha else None,
        )

    def get_many(self, asset_ids: Sequence[int]) -> dict[int, Asset]:
        """Several rows in one read (a page of a view); ids that no longer exist are left out."""
        found: dict[int, Asset] = {}
        for start in range(0, len(asset_ids), 500):  # SQLite's bound-parameter limit
            chunk = list(asset_ids[start : start + 500])
            marks = ", ".join("?" * len(chunk))
            for row in self.db.execute(f"SELECT * FROM assets WHERE id IN ({marks})", chunk):
                found[int(row["id"])] = self._asset(row)
        return found

    def find_ids(self, query: AssetQuery) -> list[int]:
        """The ids of every asset the query matches, in its order: cheap even for 20,000 rows, so a
        view keeps the whole list and reads rows only for what it draws."""
        where = ["a.trashed = ?"]
        args: list[Any] = [int(query.trashed)]
        text = query.text.strip()
        if text:
            match = fts_query(text)
            if match is not None:  # a subquery: joined, SQLite would probe the index once per row in date order
                where.append("a.id IN (SELECT rowid FROM asset_fts WHERE asset_fts MATCH ?)")
                args.append(match)
            else:  # words under three characters: the trigram index cannot match them
                like = f"%{_like_escaped(text)}%"
                where.append(
                    "(a.title LIKE ? ESCAPE '\\' OR a.prompt LIKE ? ESCAPE '\\' "
                    "OR a.tags LIKE ? ESCAPE '\\' OR a.text LIKE ? ESCAPE '\\')"
                )
                args.extend([like] * 4)
        if query.kinds:
            where.append(f"a.kind IN ({', '.join('?' * len(query.kinds))})")
            args.extend(sorted(query.kinds))
        for column, value in (("family", query.family), ("model", query.model)):
            if value:
                where.append(f"a.{column} = ?")
                args.append(value)
        if query.since is not None:
            where.append("a.created >= ?")
            args.append(query.since)
        if query.until is not None:
            where.append("a.created < ?")
            args.append(query.until)
        if query.favourites_only:
            where.append("a.favourite = 1")
        if query.tag:
            where.append("(', ' || a.tags || ',') LIKE ? ESCAPE '\\'")
            args.append(f"%, {_like_escaped(query.tag.strip())},%")
        cursor = self.db.cursor()
        cursor.row_factory = None  # plain tuples: 20,000 Row objects would cost more than the query
        cursor.execute(f"SELECT a.id FROM assets a WHERE {' AND '.join(where)} ORDER BY {_ORDER[query.sort]}", args)
        return [asset_id for (asset_id,) in cursor]

    def facets(self) -> Facets:
        def distinct(column: str) -> list[str]:
            rows = self.db.execute(f"SELECT DISTINCT {column} FROM assets WHERE {column} != '' ORDER BY {column}")
            return [str(row[0]) for row in rows]

        tags = {tag for joined in distinct("tags") for tag in split_tags(joined)}
        return Facets(distinct("family"), distinct("model"), sorted(tags, key=str.lower))

    def assets(
        self,
        *,
        kind: str | None = None,
        family: str | None = None,
        favourites_only: bool = False,
        trashed: bool = False,
        limit: int = 200,
        offset: int = 0,
    ) -> list[Asset]:
        """Newest first; the trash is a separate view (`trashed=True`)."""
        where: list[str] = ["trashed = ?"]
        args: list[Any] = [int(trashed)]
        if kind:
            where.append("kind = ?")
            args.append(kind)
        if family:
            where.append("family = ?")
            args.append(family)
        if favourites_only:
            where.append("favourite = 1")
        rows = self.db.execute(
            f"SELECT * FROM assets WHERE {' AND '.join(where)} ORDER BY created DESC, id DESC LIMIT ? OFFSET ?",
            (*args, limit, offset),
        )
        return [self._asset(row) for row in rows]

    def count(self, *, trashed: bool = False) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM assets WHERE trashed = ?", (int(trashed),)).fetchone()[0])

    def search(self, text: str, *, kind: str | None = None, limit: int = 100) -> list[Asset]:
        """Assets whose title, prompt, tags or text contain the words (any language, any substring)."""
        text = text.strip()
        if not text:
            return []
        query = fts_query(text)
        kind_clause = " AND a.kind = ?" if kind else ""
        kind_args: tuple[Any, ...] = (kind,) if kind else ()
        if query is not None:
            rows = self.db.execute(
                "SELECT a.* FROM asset_fts JOIN assets a ON a.id = asset_fts.rowid "
                f"WHERE asset_fts MATCH ? AND a.trashed = 0{kind_clause} ORDER BY rank LIMIT ?",
                (query, *kind_args, limit),
            )
        else:
            like = f"%{text}%"
            rows = self.db.execute(
                "SELECT a.* FROM assets a WHERE a.trashed = 0 AND (a.title LIKE ? OR a.prompt LIKE ? "
                f"OR a.tags LIKE ? OR a.text LIKE ?){kind_clause} ORDER BY a.created DESC LIMIT ?",
                (like, like, like, like, *kind_args, limit),
            )
        return [self._asset(row) for row in rows]

    def children(self, asset_id: int) -> list[Asset]:
        rows = self.db.execute("SELECT * FROM assets WHERE parent_id = ? ORDER BY id", (asset_id,))
        return [self._asset(row) for row in rows]

    def lineage(self, asset_id: int) -> list[Asset]:
        """The asset and its ancestors, oldest first (a grid, its upscale, the upscale's variation...)."""
        chain: list[Asset] = []
        seen: set[int] = set()
        current: int | None = asset_id
        while current is not None and current not in seen:
            seen.add(current)
            asset = self.get(current)
            chain.append(asset)
            current = asset.parent_id
        return list(reversed(chain))

    def find_by_task(self, family: str, task_id: str) -> list[Asset]:
        rows = self.db.execute("SELECT * FROM assets WHERE family = ? AND task_id = ? ORDER BY id", (family, task_id))
        return [self._asset(row) for row in rows]

    def find_by_remote(self, family: str, remote_id: str) -> Asset | None:
        row = self.db.execute(
            "SELECT * FROM assets WHERE family = ? AND remote_id = ? ORDER BY id DESC LIMIT 1", (family, remote_id)
        ).fetchone()
        return self._asset(row) if row else None

    def find_by_sha256(self, sha256: str) -> list[Asset]:
        rows = self.db.execute("SELECT * FROM assets WHERE sha256 = ? ORDER BY id", (sha256,))
        return [self._asset(row) for row in rows]

    def _update(self, asset_ids: Sequence[int], **values: Any) -> None:
        columns = ", ".join(f"{name} = ?" for name in values)
        with transaction(self.db):
            for asset_id in asset_ids:
                self.db.execute(f"UPDATE assets SET {columns} WHERE id = ?", (*values.values(), asset_id))

    def rename(self, asset_id: int, title: str) -> None:
        self._update([asset_id], title=title.strip())
        self.events.publish(AssetsChanged(updated=(asset_id,)))

    def set_tags(self, asset_id: int, tags: str | Iterable[str]) -> None:
        self._update([asset_id], tags=", ".join(split_tags(tags)))
        self.events.publish(AssetsChanged(updated=(asset_id,)))

    def set_notes(self, asset_id: int, notes: str) -> None:
        self._update([asset_id], notes=notes)
        self.events.publish(AssetsChanged(updated=(asset_id,)))

    def set_favourite(self, asset_id: int, favourite: bool) -> None:
        self._update([asset_id], favourite=int(favourite))
        self.events.publish(AssetsChanged(updated=(asset_id,)))

    def trash(self, *asset_ids: int) -> None:
        """Move to the trash (undo with `restore`); files stay until `empty_trash`."""
        self._update(asset_ids, trashed=1)
        self.events.publish(AssetsChanged(trashed=tuple(asset_ids)))

    def restore(self, *asset_ids: int) -> None:
        self._update(asset_ids, trashed=0)
        self.events.publish(AssetsChanged(restored=tuple(asset_ids)))

    async def empty_trash(self) -> int:
        """Delete trashed rows for good, and each file (and thumbnail) no other row still uses."""
        rows = self.db.execute("SELECT id, sha256, ext FROM assets WHERE trashed = 1").fetchall()
        with transaction(self.db):
            self.db.execute("DELETE FROM assets WHERE trashed = 1")
        orphans = []
        for row in rows:
            sha = row["sha256"]
            if sha and not self.db.execute("SELECT 1 FROM assets WHERE sha256 = ? LIMIT 1", (sha,)).fetchone():
                orphans.append(self.file_path(sha, row["ext"]))
                orphans.extend(self.thumbnail_dir.glob(f"{sha[:2]}/{sha}-*.png"))
        await asyncio.to_thread(_unlink_all, orphans)
        if rows:
            self.events.publish(AssetsChanged(removed=tuple(int(row["id"]) for row in rows)))
        return len(rows)

    # thumbnails ------------------------------------------------------------------------------

    def thumbnail_path(self, asset: Asset, size: int = THUMBNAIL_SIZE) -> Path | None:
        if not asset.sha256 or asset.kind == "text":
            return None
        return self.thumbnail_dir / asset.sha256[:2] / f"{asset.sha256}-{size}.png"

    async def thumbnail(self, asset: Asset | int, size: int = THUMBNAIL_SIZE) -> Path | None:
        """The cached thumbnail PNG, made (in a thread) on first request; None for text or bad files."""
        if isinstance(asset, int):
            asset = self.get(asset)
        target = self.thumbnail_path(asset, size)
        if target is None or asset.path is None:
            return None
        if target.exists():
            return target
        try:
            await asyncio.to_thread(_make_thumbnail, asset.path, asset.kind, target, size)
        except Exception as exc:  # a file Pillow/PyAV cannot read gets no thumbnail, not a crash
            log.warning("No thumbnail for asset %s: %s", asset.id, exc)
            return None
        return target


def _like_escaped(text: str) -> str:
    """`text` matched literally inside a LIKE pattern (with ESCAPE '\\')."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass(frozen=True)
class _Probe:
    media: MediaType
    duration: float | None = None
    width: int | None = None
    height: int | None = None


def _probe(path: Path, media: MediaType) -> _Probe:
    """Decode enough of the file to trust it, and read its size and length."""
    if media.kind == "image":
        try:
            with open_image(path) as image:
                image.load()
                return _Probe(media, width=image.width, height=image.height)
        except ImageTooLargeError:
            raise
        except (OSError, ValueError, SyntaxError) as exc:
            raise UnexpectedMediaError(
                Sentence.of(
                    QT_TRANSLATE_NOOP(
                        "ApiMessages",
                        "The downloaded {format} image is damaged or incomplete; it was not saved.",
                    ),
                    format=media.ext.upper(),
                ),
                details=str(exc),
            ) from exc
    import av

    try:
        with av.open(str(path)) as container:
            videos = list(container.streams.video)
            audios = list(container.streams.audio)
            if not videos and not audios:
                raise ValueError("no audio or video stream")
            duration = container.duration / av.time_base if container.duration else None
            if duration is None:
                stream = videos[0] if videos else audios[0]
                if stream.duration and stream.time_base:
                    duration = float(stream.duration * stream.time_base)
            if videos:
                return _Probe(media, duration, videos[0].codec_context.width, videos[0].codec_context.height)
            return _Probe(M4A if media.ext == "mp4" else media, duration)
    except UnexpectedMediaError:
        raise
    except Exception as exc:
        raise UnexpectedMediaError(
            f"The downloaded {media.ext.upper()} file cannot be played; it was not saved.", details=str(exc)
        ) from exc


@contextlib.contextmanager
def open_image(path: Path) -> Iterator[Any]:
    """A Pillow image, opened only after its header shows it is within MAX_IMAGE_PIXELS (a decompression
    bomb of a few KB can claim gigabytes of pixels); every image the studio decodes goes through here."""
    from PIL import Image

    # Pillow's own guard stays on for anything else in the process, far above ours so ours speaks first.
    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS * 16
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            opened = Image.open(path)
    except Image.DecompressionBombError as exc:
        raise _too_many_pixels(str(exc)) from exc
    with opened:
        if opened.width * opened.height > MAX_IMAGE_PIXELS:
            raise _too_many_pixels(f"{path.name}: {opened.width}x{opened.height}", opened.width, opened.height)
        yield opened


def _too_many_pixels(details: str, width: int = 0, height: int = 0) -> ImageTooLargeError:
    limit = MAX_IMAGE_PIXELS // 1_000_000
    sentence = (
        Sentence.of(
            QT_TRANSLATE_NOOP(
                "ApiMessages",
                "The image is {width}×{height} pixels ({megapixels} megapixels); the studio opens at most {limit} "
                "megapixels, so it was not opened.",
            ),
            width=width,
            height=height,
            megapixels=f"{width * height / 1e6:.0f}",
            limit=limit,
        )
        if width
        else Sentence.of(
            QT_TRANSLATE_NOOP(
                "ApiMessages",
                "The image has far too many pixels; the studio opens at most {limit} megapixels, so it was not opened.",
            ),
            limit=limit,
        )
    )
    return ImageTooLargeError(sentence, details=details)


_settling: set[Path] = set()
"""Partials this process closed and is about to move into place: unlocked, yet not abandoned (an import
started as the app opens would otherwise lose its file to the task engine's clean-up at start)."""
_settling_lock = threading.Lock()


def _hold(temp: Path) -> None:
    with _settling_lock:
        _settling.add(temp)


def _release(temp: Path) -> None:
    with _settling_lock:
        _settling.discard(temp)
    release_partial(temp)


def _held(temp: Path) -> bool:
    with _settling_lock:
        return temp in _settling


def _copy_hashing(source: Path, directory: Path) -> tuple[Path, str, int, bytes]:
    sink, temp = new_partial(directory, hold=True)  # locked for other processes until it is in place
    _hold(temp)  # while the sink is still open (and locked)
    hasher = hashlib.sha256()
    size = 0
    head = b""
    try:
        with sink, open(source, "rb") as origin:
            while chunk := origin.read(1024 * 1024):
                hasher.update(chunk)
                if len(head) < SNIFF_BYTES:
                    head = (head + chunk)[:SNIFF_BYTES]
                sink.write(chunk)
                size += len(chunk)
    except BaseException:
        _release(temp)
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return temp, hasher.hexdigest(), size, head


def _write_incoming(data: bytes, directory: Path) -> Path:
    handle, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=directory)
    _hold(Path(name))
    try:
        with os.fdopen(handle, "wb") as sink:
            sink.write(data)
    except BaseException:
        _release(Path(name))
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    return Path(name)


def _move_into_place(temp: Path, target: Path) -> None:
    if target.exists() and target.stat().st_size == temp.stat().st_size:
        temp.unlink()  # the same bytes are already stored
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(temp, target)


def _atomic_write(target: Path, data: bytes) -> None:
    handle, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as sink:
            sink.write(data)
        os.replace(name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise


def _unlink_all(paths: Iterable[Path]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()


def _make_thumbnail(source: Path, kind: str, target: Path, size: int) -> None:

    if kind == "image":
        with open_image(source) as opened:
            opened.seek(0)
            if opened.format == "JPEG":  # decode at a reduced scale, still at least `size`: several times faster
                opened.draft("RGB", (size, size))
            picture = opened.convert("RGBA") if opened.mode in ("P", "LA", "RGBA") else opened.convert("RGB")
    elif kind == "video":
        picture = _first_frame(source)
    elif kind == "audio":
        picture = _waveform(source, size, size // 2)
    else:
        return
    picture.thumbnail((size, size))
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(suffix=".png", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as sink:
            picture.save(sink, format="PNG", compress_level=1)  # 600 results at once: speed over bytes
        os.replace(name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise


def _first_frame(source: Path) -> Any:
    import av

    with av.open(str(source)) as container:
        for frame in container.decode(video=0):
            return frame.to_image()  # type: ignore[no-untyped-call]
    raise ValueError("the video has no frames")


def _waveform(source: Path, width: int, height: int) -> Any:
    """Peaks of the decoded samples drawn as a symmetric bar per column."""
    import av
    import numpy as np
    from PIL import Image, ImageDraw

    chunks = []
    with av.open(str(source)) as container:
        stream = container.streams.audio[0]
        stream.thread_type = "AUTO"
        for frame in container.decode(stream):
            # The loudest channel of each sample, as decoded (no resampler: a third of the time); planar
            # formats come as (channels, samples), packed ones as (1, samples * channels).
            pixels = frame.to_ndarray()
            channels = len(frame.layout.channels)
            if not frame.format.is_planar and channels > 1:
                pixels = pixels.reshape(-1, channels).T
            chunks.append(np.abs(pixels.astype(np.float32, copy=False)).max(axis=0))
    samples = np.concatenate(chunks) if chunks else np.zeros(1, dtype=np.float32)
    columns = max(1, width)
    padded = np.pad(samples, (0, (-len(samples)) % columns))
    peaks = padded.reshape(columns, -1).max(axis=1)
    peaks = peaks / max(float(peaks.max()), 1e-6)
    picture = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(picture)
    middle = height / 2
    for x, peak in enumerate(peaks):
        half = max(0.5, float(peak) * (middle - 1))
        draw.line([(x, middle - half), (x, middle + half)], fill=(64, 132, 220, 255))
    return picture


def readable_name(asset: Asset, limit: int = 60) -> str:
    """A file name a person recognises (the title or prompt), safe on every system; kind-id if there is none."""
    words = asset.title or asset.prompt
    cleaned = "".join(" " if ch in '/\\:*?"<>|' or ord(ch) < 32 else ch for ch in words)
    cleaned = " ".join(cleaned.split()).strip(" .")[:limit].strip(" .")
    return cleaned or f"{asset.kind}-{asset.id}"


def link_out(asset: Asset, folder: Path) -> Path:
    """The asset under its readable name in `folder`: a hard link where the disk allows, else a copy."""
    if asset.path is None:
        raise ValueError(f"asset {asset.id} has no file")
    folder.mkdir(parents=True, exist_ok=True)
    name = readable_name(asset)
    target = folder / f"{name}.{asset.ext}"
    counter = 2
    while target.exists():
        if target.stat().st_ino == asset.path.stat().st_ino:
            return target  # linked already
        target = folder / f"{name}-{counter}.{asset.ext}"
        counter += 1
    try:
        os.link(asset.path, target)
    except OSError:
        shutil.copyfile(asset.path, target)
    return target


def metadata(asset: Asset) -> dict[str, Any]:
    """Everything the row knows about an asset, as JSON-ready values (an export's sidecar)."""
    fields = asdict(asset)
    fields["path"] = None if asset.path is None else asset.path.name
    return fields


def export_assets(
    assets: Sequence[Asset], folder: Path, progress: Callable[[int, int], None] | None = None
) -> list[Path]:
    """Copy each asset's file to `folder` under its readable name, with a `<name>.json` sidecar of its
    metadata beside it; rows without a file get the sidecar alone. Returns the files written."""
    written: list[Path] = []
    folder.mkdir(parents=True, exist_ok=True)
    for done, asset in enumerate(assets, 1):
        if asset.path is not None and asset.path.exists():
            copy = copy_out(asset, folder, readable_name(asset))
            sidecar = copy.with_suffix(copy.suffix + ".json")
            written.append(copy)
        else:
            sidecar = folder / f"{readable_name(asset)}-{asset.id}.json"
        _atomic_write(sidecar, json.dumps(metadata(asset), ensure_ascii=False, indent=2).encode("utf-8"))
        written.append(sidecar)
        if progress is not None:
            progress(done, len(assets))
    return written


def copy_out(asset: Asset, folder: Path, name: str) -> Path:
    """Copy an asset's file to `folder/name.<ext>` (a new name if taken); returns the copy's path."""
    if asset.path is None:
        raise ValueError(f"asset {asset.id} has no file")
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.{asset.ext}"
    counter = 2
    while target.exists():
        target = folder / f"{name}-{counter}.{asset.ext}"
        counter += 1
    shutil.copyfile(asset.path, target)
    return target
