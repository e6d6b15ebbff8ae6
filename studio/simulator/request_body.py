"""Reads a request body once, parses it (JSON or form) and hands the same bytes on to the route."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.types import Message, Receive, Scope

MAX_FORM_PART_BYTES = 256 * 1024 * 1024
MAX_FORM_FILES = 1000
MAX_FORM_FIELDS = 1000
HASH_CHUNK_BYTES = 1024 * 1024
FORM_MEDIA_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


@dataclass(frozen=True)
class UploadedFileInfo:
    filename: str | None
    content_type: str | None
    size: int
    sha256: str

    def to_dict(self) -> dict[str, object]:
        return {
            "filename": self.filename,
            "content_type": self.content_type,
            "size": self.size,
            "sha256": self.sha256,
        }


@dataclass
class ParsedBody:
    """One request body, parsed as far as its content type allows."""

    raw: bytes = b""
    media_type: str = ""
    json: Any = None
    json_error: str | None = None
    form: FormData | None = None
    form_error: str | None = None
    fields: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, list[UploadedFileInfo]] = field(default_factory=dict)

    @property
    def is_form(self) -> bool:
        return self.media_type in FORM_MEDIA_TYPES

    def searchable_text(self) -> str:
        """What the user typed in this turn, for the simulator's trigger words: the last user message
        of a chat or Responses request (earlier turns are history sent again), else the whole body."""
        if self.is_form:
            return "\n".join(value for values in self.fields.values() for value in values)
        if isinstance(self.json, dict):
            for history in (self.json.get("messages"), self.json.get("input")):
                if isinstance(history, list) and (turn := _last_user_item(history)) is not None:
                    return json.dumps(turn, ensure_ascii=False)
        return self.raw.decode("utf-8", errors="replace")

    async def close(self) -> None:
        if self.form is not None:
            await self.form.close()


def _last_user_item(history: list[Any]) -> Any:
    """The newest message with role "user" (an embeddings `input` list of strings has none)."""
    return next((item for item in reversed(history) if isinstance(item, dict) and item.get("role") == "user"), None)


async def read_whole_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def replaying_receive(raw: bytes, receive: Receive) -> Receive:
    """A receive callable that yields the already-read body once, then defers to the connection."""
    replayed = False

    async def receive_again() -> Message:
        nonlocal replayed
        if not replayed:
            replayed = True
            return {"type": "http.request", "body": raw, "more_body": False}
        return await receive()

    return receive_again


def media_type_of(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"content-type":
            return str(value.decode("latin-1")).split(";", 1)[0].strip().lower()
    return ""


async def parse_body(scope: Scope, raw: bytes, receive: Receive) -> ParsedBody:
    parsed = ParsedBody(raw=raw, media_type=media_type_of(scope))
    if parsed.is_form:
        await _parse_form(parsed, scope, receive)
    elif raw.strip():
        # Like the Go relays, read JSON whatever the Content-Type says.
        try:
            parsed.json = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            parsed.json_error = str(error)
    return parsed


async def _parse_form(parsed: ParsedBody, scope: Scope, receive: Receive) -> None:
    request = Request(scope, replaying_receive(parsed.raw, receive))
    try:
        form = await request.form(
            max_files=MAX_FORM_FILES, max_fields=MAX_FORM_FIELDS, max_part_size=MAX_FORM_PART_BYTES
        )
    except MultiPartException as error:
        parsed.form_error = error.message
        return
    parsed.form = form
    for name, value in form.multi_items():
        if isinstance(value, UploadFile):
            parsed.files.setdefault(name, []).append(_describe_upload(value))
        else:
            parsed.fields.setdefault(name, []).append(value)


def _describe_upload(upload: UploadFile) -> UploadedFileInfo:
    digest = hashlib.sha256()
    size = 0
    upload.file.seek(0)
    while chunk := upload.file.read(HASH_CHUNK_BYTES):
        digest.update(chunk)
        size += len(chunk)
    upload.file.seek(0)
    return UploadedFileInfo(upload.filename, upload.content_type, size, digest.hexdigest())
