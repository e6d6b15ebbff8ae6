"""Fault injection: a header, a trigger word in the prompt, or a queue armed through /_sim/faults."""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from starlette.responses import HTMLResponse, Response, StreamingResponse

from studio.simulator.errors import (
    ErrorShapes,
    GatewayError,
    insufficient_quota,
    invalid_api_key,
    unknown_route,
)

FAULT_HEADER = "x-sim-fault"
SLOW_SECONDS_HEADER = "x-sim-slow-seconds"
RETRY_AFTER_HEADER = "x-sim-retry-after"
FAULT_URL_HEADER = "x-sim-fault-url"
FAULT_BYTES_HEADER = "x-sim-fault-bytes"
FAULT_TRIGGER = re.compile(r"\[\[fault:([A-Za-z0-9-]+)(?:=([^\]\s]+))?\]\]")
"""`[[fault:KIND]]`, or `[[fault:KIND=VALUE]]` where VALUE is the URL or byte count the kind takes."""
DEFAULT_SLOW_SECONDS = 3.0
DEFAULT_HUGE_BYTES = 2 * 1024**3
ANY_PATH = "*"
PREFIX_MARK = "*"
"""A queued path ending in "*" matches every path that starts with the rest ("/suno/fetch*")."""


class FaultKind(StrEnum):
    BAD_REQUEST = "400"
    UNAUTHORIZED = "401"
    INSUFFICIENT_QUOTA = "403"
    NOT_FOUND = "404"
    TOO_LARGE = "413"
    RATE_LIMITED = "429"
    SERVER_ERROR = "500"
    BAD_GATEWAY = "502"
    UNAVAILABLE = "503"
    HTML = "html"
    CUT = "cut"
    SLOW = "slow"
    STREAM_ERROR = "stream-error"
    GZIP_GARBAGE = "gzip-garbage"
    """HTTP 200 that claims `Content-Encoding: gzip` but whose body is not gzip."""
    REDIRECT_LOOP = "redirect-loop"
    """A redirect back to the same address (307, so a client that follows it resends the body)."""
    REDIRECT_TO = "redirect-to"
    """A redirect to the fault's URL (307 for a POST, 302 for a GET)."""
    TRICKLE = "trickle"
    """The real reply, one byte every slow-seconds: a read timeout never fires."""
    BAD_JSON_200 = "bad-json-200"
    """HTTP 200 with a JSON content type and a body cut off in the middle."""
    UNKNOWN_STATUS = "unknown-status"
    """The real reply with every task status word replaced by one no client knows."""
    ECHO_KEY = "echo-key"
    """The real reply with the caller's API key written into its text fields (a careless relay)."""
    HUGE_BODY = "huge-body"
    """HTTP 200 with a body of the fault's byte count (default 2 GiB), starting like the real file."""
    RESULT_URL = "result-url"
    """The real reply with every media link in it replaced by the fault's URL (a hostile relay)."""

    @classmethod
    def parse(cls, text: str) -> FaultKind | None:
        try:
            return cls(text.strip().lower())
        except ValueError:
            return None

    @property
    def answers_instead_of_route(self) -> bool:
        """True for the kinds that replace the route's reply; the others bend the real reply."""
        return self not in BENDING_KINDS

    @property
    def rewrites_reply(self) -> bool:
        """True for the kinds that edit the route's JSON reply before it leaves."""
        return self in (FaultKind.UNKNOWN_STATUS, FaultKind.ECHO_KEY, FaultKind.RESULT_URL)


BENDING_KINDS = frozenset(
    {
        FaultKind.CUT,
        FaultKind.SLOW,
        FaultKind.STREAM_ERROR,
        FaultKind.TRICKLE,
        FaultKind.UNKNOWN_STATUS,
        FaultKind.ECHO_KEY,
        FaultKind.RESULT_URL,
    }
)


KNOWN_KINDS = ", ".join(kind.value for kind in FaultKind)


@dataclass(frozen=True)
class Fault:
    kind: FaultKind
    retry_after: float | None = None
    slow_seconds: float = DEFAULT_SLOW_SECONDS
    url: str | None = None
    """Where `redirect-to` points and what `result-url` writes."""
    size: int | None = None
    """How many bytes `huge-body` sends."""


@dataclass
class QueuedFault:
    path: str
    kind: FaultKind
    remaining: int
    retry_after: float | None
    url: str | None = None
    size: int | None = None

    def matches(self, path: str) -> bool:
        if self.path == ANY_PATH or self.path == path:
            return True
        return self.path.endswith(PREFIX_MARK) and path.startswith(self.path[: -len(PREFIX_MARK)])

    def to_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "kind": self.kind.value,
            "count": self.remaining,
            "retry_after": self.retry_after,
            "url": self.url,
            "bytes": self.size,
        }


class FaultQueue:
    """Faults armed for the next requests to a path ("*" any path, "/x*" any path under /x), consumed in order."""

    def __init__(self) -> None:
        self._queued: list[QueuedFault] = []
        self._lock = threading.Lock()

    def add(
        self,
        path: str,
        kind: FaultKind,
        count: int = 1,
        retry_after: float | None = None,
        *,
        url: str | None = None,
        size: int | None = None,
    ) -> QueuedFault:
        queued = QueuedFault(path, kind, count, retry_after, url, size)
        with self._lock:
            self._queued.append(queued)
        return queued

    def take(self, path: str) -> QueuedFault | None:
        with self._lock:
            for queued in self._queued:
                if queued.matches(path):
                    queued.remaining -= 1
                    if queued.remaining <= 0:
                        self._queued.remove(queued)
                    return queued
        return None

    def pending(self) -> list[QueuedFault]:
        with self._lock:
            return list(self._queued)

    def clear(self) -> None:
        with self._lock:
            self._queued.clear()


def choose_fault(
    path: str,
    headers: Mapping[str, str],
    searchable_text: str,
    queue: FaultQueue,
    default_retry_after: float,
) -> Fault | None:
    """Header first, then a trigger word in the body, then the queue (only consumed when used)."""
    retry_after = _retry_after_from(headers, default_retry_after)
    slow_seconds = _slow_seconds_from(headers)
    if header_value := headers.get(FAULT_HEADER):
        kind = FaultKind.parse(header_value)
        if kind is None:
            raise GatewayError(
                400,
                f"Unknown simulator fault '{header_value}' in X-Sim-Fault; known kinds: {KNOWN_KINDS}",
                code="unknown_fault",
            )
        value = headers.get(FAULT_URL_HEADER) or headers.get(FAULT_BYTES_HEADER)
        return Fault(kind, retry_after, slow_seconds, *_url_and_size(value))
    for match in FAULT_TRIGGER.finditer(searchable_text):
        kind = FaultKind.parse(match.group(1))
        if kind is not None:
            return Fault(kind, retry_after, slow_seconds, *_url_and_size(match.group(2)))
    queued = queue.take(path)
    if queued is not None:
        return Fault(queued.kind, queued.retry_after, slow_seconds, queued.url, queued.size)
    return None


def _url_and_size(value: str | None) -> tuple[str | None, int | None]:
    """A fault's value: a byte count when it is all digits, else a URL."""
    if not value:
        return None, None
    return (None, int(value)) if value.isdigit() else (value, None)


def _retry_after_from(headers: Mapping[str, str], default: float) -> float | None:
    value = headers.get(RETRY_AFTER_HEADER)
    if value is None:
        return default
    if value.strip().lower() in ("", "none", "null"):
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return default


def retry_after_header(seconds: float) -> str:
    """Whole seconds as HTTP defines them; a fraction (fast tests) is kept, as most clients accept it."""
    return str(int(seconds)) if float(seconds).is_integer() else f"{seconds:g}"


def _slow_seconds_from(headers: Mapping[str, str]) -> float:
    try:
        return max(0.0, float(headers.get(SLOW_SECONDS_HEADER, DEFAULT_SLOW_SECONDS)))
    except ValueError:
        return DEFAULT_SLOW_SECONDS


NGINX_BAD_GATEWAY_PAGE = """<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx</center>
</body>
</html>
"""

WEBSITE_PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>UniAPI - One API for every model</title></head>
<body>
<header><nav><a href="/">Home</a> <a href="/pricing">Pricing</a> <a href="/docs">Docs</a></nav></header>
<main><h1>UniAPI</h1><p>One key for GPT, Claude, Gemini, Midjourney, Suno and more.</p></main>
</body>
</html>
"""


def fault_error(kind: FaultKind, method: str, path: str, retry_after: float | None) -> GatewayError:
    """The gateway error a status fault stands for (not for the HTML kinds)."""
    if kind is FaultKind.UNAUTHORIZED:
        return invalid_api_key()
    if kind is FaultKind.INSUFFICIENT_QUOTA:
        return insufficient_quota()
    if kind is FaultKind.NOT_FOUND:
        return unknown_route(method, path)
    if kind is FaultKind.RATE_LIMITED:
        headers = {} if retry_after is None else {"Retry-After": retry_after_header(retry_after)}
        return GatewayError(
            429,
            "Rate limit reached for requests, please try again later (simulated)",
            error_type="rate_limit_error",
            code="rate_limit_exceeded",
            headers=headers,
        )
    if kind is FaultKind.BAD_REQUEST:
        return GatewayError(400, "Bad request (simulated fault)", code="bad_request")
    if kind is FaultKind.TOO_LARGE:
        return GatewayError(413, "Request Entity Too Large", code="request_too_large")
    if kind is FaultKind.UNAVAILABLE:
        return GatewayError(
            503,
            "The upstream service is temporarily unavailable, please try again later (simulated)",
            error_type="server_error",
            code="service_unavailable",
        )
    return GatewayError(
        500,
        "The server had an error while processing your request (simulated)",
        error_type="server_error",
        code="server_error",
    )


GZIP_GARBAGE_BODY = b'{"not": "gzip", "but": "the header says it is"}'
BAD_JSON_BODY = b'{"code": "success", "message": "", "data": {"task_id": "'
HUGE_BODY_CHUNK = 1024 * 1024


def fault_response(
    fault: Fault, method: str, path: str, query: str, error_shapes: ErrorShapes, head: bytes = b""
) -> Response:
    """The reply a replacing fault sends; `head` is how a `huge-body` starts (the real file's first bytes)."""
    if fault.kind is FaultKind.BAD_GATEWAY:
        return HTMLResponse(NGINX_BAD_GATEWAY_PAGE, status_code=502)
    if fault.kind is FaultKind.HTML:
        return HTMLResponse(WEBSITE_PAGE, status_code=200)
    if fault.kind is FaultKind.GZIP_GARBAGE:
        return Response(
            GZIP_GARBAGE_BODY, media_type="application/json", headers={"Content-Encoding": "gzip"}
        )
    if fault.kind is FaultKind.BAD_JSON_200:
        return Response(BAD_JSON_BODY, media_type="application/json")
    if fault.kind in (FaultKind.REDIRECT_LOOP, FaultKind.REDIRECT_TO):
        same = path + (f"?{query}" if query else "")
        target = fault.url if fault.kind is FaultKind.REDIRECT_TO and fault.url else same
        return Response(b"", status_code=302 if method == "GET" else 307, headers={"Location": target})
    if fault.kind is FaultKind.HUGE_BODY:
        return _huge_body(head, fault.size or DEFAULT_HUGE_BYTES)
    return error_shapes.respond(path, fault_error(fault.kind, method, path, fault.retry_after))


def _huge_body(head: bytes, size: int) -> Response:
    """`size` bytes made as they are sent (never held in memory), with a Content-Length that says so."""

    async def body() -> AsyncIterator[bytes]:
        yield head[:size]
        left = size - min(len(head), size)
        zeros = bytes(HUGE_BODY_CHUNK)
        while left > 0:
            step = min(left, HUGE_BODY_CHUNK)
            yield zeros[:step]
            left -= step

    media_type = "application/octet-stream" if head else "application/json"
    return StreamingResponse(body(), media_type=media_type, headers={"Content-Length": str(size)})


UNKNOWN_STATUS_WORD = "PONDERING"
STATUS_FIELDS = frozenset({"status", "state"})
ECHO_FIELDS = frozenset({"fail_reason", "failReason", "failure_reason", "error", "message", "description", "content"})


def rewrite_reply(fault: Fault, body: bytes, key: str, media_prefix: str) -> bytes:
    """A JSON reply bent by an `unknown-status`, `echo-key` or `result-url` fault (anything else as it is)."""
    try:
        reply = json.loads(body)
    except ValueError:
        return body

    def bend(value: Any, field: str = "") -> Any:
        if isinstance(value, dict):
            bent = {name: bend(item, name) for name, item in value.items()}
            if fault.kind is FaultKind.ECHO_KEY:
                bent["debug"] = f"forwarded with Authorization: Bearer {key}"
            return bent
        if isinstance(value, list):
            return [bend(item, field) for item in value]
        if not isinstance(value, str):
            return value
        if fault.kind is FaultKind.UNKNOWN_STATUS and field in STATUS_FIELDS:
            return UNKNOWN_STATUS_WORD
        if fault.kind is FaultKind.ECHO_KEY and field in ECHO_FIELDS:
            return f"{value} (upstream key {key})".strip()
        if fault.kind is FaultKind.RESULT_URL and fault.url and value.startswith(media_prefix):
            return fault.url
        return value

    return json.dumps(bend(reply), ensure_ascii=False).encode()


class ConnectionCut(Exception):
    """Raised after a partial reply so the server drops the connection, as a broken upstream would."""


class _DeliberateCutFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], ConnectionCut))


def silence_deliberate_cuts() -> None:
    """Keep uvicorn from logging a traceback for each connection the simulator cuts on purpose."""
    logger = logging.getLogger("uvicorn.error")
    if not any(isinstance(existing, _DeliberateCutFilter) for existing in logger.filters):
        logger.addFilter(_DeliberateCutFilter())
