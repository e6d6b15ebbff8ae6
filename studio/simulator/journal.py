"""The request journal: what the simulator received, with secrets masked, for tests to assert on."""

from __future__ import annotations

import copy
import hashlib
import threading
from collections import OrderedDict, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from starlette.types import Scope

from studio.simulator.request_body import ParsedBody

JOURNAL_LIMIT = 500
UPLOAD_ARCHIVE_BYTES = 128 * 1024 * 1024
SECRET_HEADERS = frozenset({"authorization", "api-key", "mj-api-secret"})
MASK = "***"

FieldValue = str | list[str]


def group_fields(pairs: Iterable[tuple[str, str]]) -> dict[str, FieldValue]:
    """Single fields stay scalars; repeated fields and names ending in "[]" become lists."""
    grouped: dict[str, list[str]] = {}
    for name, value in pairs:
        grouped.setdefault(name, []).append(value)
    return {
        name: values if len(values) > 1 or name.endswith("[]") else values[0]
        for name, values in grouped.items()
    }


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    query: dict[str, FieldValue]
    headers: dict[str, str]
    body: Any = None  # the parsed JSON body, if it was JSON
    form: dict[str, FieldValue] = field(default_factory=dict)
    files: dict[str, list[dict[str, object]]] = field(default_factory=dict)
    body_size: int = 0
    received_at: float = 0.0

    @classmethod
    def from_scope(cls, scope: Scope, parsed: ParsedBody, received_at: float) -> RecordedRequest:
        headers: dict[str, str] = {}
        for raw_name, raw_value in scope.get("headers", []):
            name = raw_name.decode("latin-1").lower()
            value = MASK if name in SECRET_HEADERS else raw_value.decode("latin-1")
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        query_string = scope.get("query_string", b"").decode("latin-1")
        return cls(
            method=scope["method"],
            path=scope["path"],
            query=group_fields(parse_qsl(query_string, keep_blank_values=True)),
            headers=headers,
            body=copy.deepcopy(parsed.json),  # routes may not change what the test sees
            form=group_fields((name, value) for name, values in parsed.fields.items() for value in values),
            files={name: [info.to_dict() for info in infos] for name, infos in parsed.files.items()},
            body_size=len(parsed.raw),
            received_at=received_at,
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "headers": self.headers,
            "body": self.body,
            "form": self.form,
            "files": self.files,
            "body_size": self.body_size,
            "received_at": self.received_at,
        }


class RequestJournal:
    """The last JOURNAL_LIMIT requests, oldest first; safe to read from the test thread."""

    def __init__(self, limit: int = JOURNAL_LIMIT) -> None:
        self._entries: deque[RecordedRequest] = deque(maxlen=limit)
        self._lock = threading.Lock()

    def record(self, entry: RecordedRequest) -> None:
        with self._lock:
            self._entries.append(entry)

    def entries(self, path: str | None = None) -> list[RecordedRequest]:
        with self._lock:
            snapshot = list(self._entries)
        return [entry for entry in snapshot if path is None or entry.path == path]

    def last(self, path: str | None = None) -> RecordedRequest | None:
        matching = self.entries(path)
        return matching[-1] if matching else None

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def __iter__(self) -> Iterator[RecordedRequest]:
        return iter(self.entries())


class UploadArchive:
    """The bytes of recent image uploads by sha256 (the journal's `files` name them), oldest dropped first
    beyond `limit_bytes`, so a test can look at exactly the pixels that arrived."""

    def __init__(self, limit_bytes: int = UPLOAD_ARCHIVE_BYTES) -> None:
        self._limit = limit_bytes
        self._kept: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def keep(self, data: bytes) -> str:
        sha256 = hashlib.sha256(data).hexdigest()
        with self._lock:
            if sha256 not in self._kept:
                self._kept[sha256] = data
                self._size += len(data)
            self._kept.move_to_end(sha256)
            while self._size > self._limit and len(self._kept) > 1:
                _, dropped = self._kept.popitem(last=False)
                self._size -= len(dropped)
        return sha256

    def get(self, sha256: str) -> bytes | None:
        with self._lock:
            return self._kept.get(sha256)

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
            self._size = 0
