"""The media store: bytes behind expiring absolute URLs, served like a signed S3 object."""

from __future__ import annotations

import re
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote, urlsplit
from xml.sax.saxutils import escape

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from studio.simulator.errors import GatewayError

if TYPE_CHECKING:
    from studio.simulator.state import SimulatorState

MEDIA_PATH_PREFIX = "/files/"
RANGE_PATTERN = re.compile(r"^bytes=(\d*)-(\d*)$")

EXPIRED_XML = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>"
)
MISSING_XML = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>"
)


@dataclass(frozen=True)
class StoredMedia:
    token: str
    filename: str
    content_type: str
    data: bytes
    created_at: float
    expires_at: float


class MediaStore:
    """Keeps every generated file in memory; its URL works until the TTL has passed on the state's clock."""

    def __init__(self, clock: Callable[[], float], ttl_s: float, base_url: Callable[[], str]) -> None:
        self._clock = clock
        self._ttl_s = ttl_s
        self._base_url = base_url
        self._items: dict[str, StoredMedia] = {}
        self._pending: dict[str, Callable[[], bytes]] = {}
        self._lock = threading.Lock()
        self._making: dict[str, threading.Lock] = {}  # one per lazy file: a slow one holds up no other

    def put(self, data: bytes, content_type: str, filename: str, *, ttl_s: float | None = None) -> str:
        """Store the bytes and return their absolute URL."""
        return self._store(data, content_type, filename, ttl_s, None)

    def put_lazy(
        self, make: Callable[[], bytes], content_type: str, filename: str, *, ttl_s: float | None = None
    ) -> str:
        """A URL whose bytes are made on first use (its TTL starts now), for files clients rarely fetch."""
        return self._store(b"", content_type, filename, ttl_s, make)

    def _store(
        self, data: bytes, content_type: str, filename: str, ttl_s: float | None, make: Callable[[], bytes] | None
    ) -> str:
        now = self._clock()
        media = StoredMedia(
            token=secrets.token_urlsafe(12),
            filename=filename,
            content_type=content_type,
            data=data,
            created_at=now,
            expires_at=now + (self._ttl_s if ttl_s is None else ttl_s),
        )
        with self._lock:
            self._items[media.token] = media
            if make is not None:
                self._pending[media.token] = make
        return self.url_for(media)

    def url_for(self, media: StoredMedia) -> str:
        return f"{self._base_url()}{MEDIA_PATH_PREFIX}{media.token}/{quote(media.filename)}"

    def get(self, token: str) -> StoredMedia | None:
        """The stored item, its bytes made first if it was stored lazily (may take a moment)."""
        with self._lock:
            media = self._items.get(token)
            if token not in self._pending:
                return media
        with self._lock:
            making = self._making.setdefault(token, threading.Lock())
        with making:
            with self._lock:
                make = self._pending.get(token)
            if make is None:  # another thread made it meanwhile
                with self._lock:
                    return self._items.get(token)
            made = replace(media, data=make()) if media is not None else None
            with self._lock:
                if made is not None:
                    self._items[token] = made
                self._pending.pop(token, None)
                self._making.pop(token, None)
            return made

    def find_by_url(self, url: str) -> StoredMedia | None:
        """The stored item behind one of our URLs (later families take earlier results as input)."""
        path = urlsplit(url).path
        if not path.startswith(MEDIA_PATH_PREFIX):
            return None
        token = path[len(MEDIA_PATH_PREFIX) :].split("/", 1)[0]
        return self.get(token)

    def is_expired(self, media: StoredMedia) -> bool:
        return self._clock() >= media.expires_at

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)


async def serve_media(request: Request) -> Response:
    state: SimulatorState = request.app.state.simulator
    media = await run_in_threadpool(state.media.get, request.path_params["token"])
    if media is None or unquote(request.path_params["filename"]) != media.filename:
        return Response(MISSING_XML, status_code=404, media_type="application/xml")
    if state.media.is_expired(media):
        return Response(EXPIRED_XML, status_code=403, media_type="application/xml")
    headers = {"Accept-Ranges": "bytes", "Cache-Control": "private, max-age=0"}
    try:
        byte_range = _requested_range(request.headers.get("range"), len(media.data))
    except UnsatisfiableRange:
        headers["Content-Range"] = f"bytes */{len(media.data)}"
        return Response(b"", status_code=416, headers=headers)
    if byte_range is None:
        return Response(media.data, media_type=media.content_type, headers=headers)
    first, last = byte_range
    headers["Content-Range"] = f"bytes {first}-{last}/{len(media.data)}"
    return Response(media.data[first : last + 1], status_code=206, media_type=media.content_type, headers=headers)


class UnsatisfiableRange(ValueError):
    pass


def _requested_range(header: str | None, size: int) -> tuple[int, int] | None:
    """(first, last) byte of a single-range request, or None for the whole file (players seek with these)."""
    match = RANGE_PATTERN.match(header.strip()) if header else None
    if match is None or match.group(1) == match.group(2) == "":
        return None
    first_text, last_text = match.groups()
    if first_text == "":
        length = int(last_text)
        if length == 0:
            raise UnsatisfiableRange(header)
        return max(0, size - length), size - 1
    first = int(first_text)
    last = size - 1 if last_text == "" else min(int(last_text), size - 1)
    if first >= size or first > last:
        raise UnsatisfiableRange(header)
    return first, last


media_routes = [Route(MEDIA_PATH_PREFIX + "{token}/{filename:path}", serve_media, methods=["GET", "HEAD"])]


S3_ERROR_CODES = {
    403: "AccessDenied",
    404: "NoSuchKey",
    429: "SlowDown",
    503: "SlowDown",
    500: "InternalError",
}


def s3_error_response(error: GatewayError) -> Response:
    """Media URLs answer errors the way an object store does: XML."""
    code = S3_ERROR_CODES.get(error.status, "InvalidRequest")
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Error><Code>{code}</Code><Message>{escape(error.message)}</Message></Error>"
    )
    return Response(body, status_code=error.status, media_type="application/xml", headers=error.headers)
