"""Fault injection: a header, a trigger word in the prompt, or a queue armed through /_sim/faults."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from starlette.responses import HTMLResponse, Response

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
FAULT_TRIGGER = re.compile(r"\[\[fault:([A-Za-z0-9-]+)\]\]")
DEFAULT_SLOW_SECONDS = 3.0
ANY_PATH = "*"


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

    @classmethod
    def parse(cls, text: str) -> FaultKind | None:
        try:
            return cls(text.strip().lower())
        except ValueError:
            return None

    @property
    def answers_instead_of_route(self) -> bool:
        """True for the kinds that replace the route's reply; the others bend the real reply."""
        return self not in (FaultKind.CUT, FaultKind.SLOW, FaultKind.STREAM_ERROR)


KNOWN_KINDS = ", ".join(kind.value for kind in FaultKind)


@dataclass(frozen=True)
class Fault:
    kind: FaultKind
    retry_after: float | None = None
    slow_seconds: float = DEFAULT_SLOW_SECONDS


@dataclass
class QueuedFault:
    path: str
    kind: FaultKind
    remaining: int
    retry_after: float | None

    def to_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "kind": self.kind.value,
            "count": self.remaining,
            "retry_after": self.retry_after,
        }


def path_matches(pattern: str, path: str) -> bool:
    """"*" matches any path, "/files/*" any path under /files/, anything else only itself."""
    if pattern.endswith(ANY_PATH):
        return path.startswith(pattern[: -len(ANY_PATH)])
    return pattern == path


class FaultQueue:
    """Faults armed for the next requests to a path or a prefix ending in "*", consumed in order."""

    def __init__(self) -> None:
        self._queued: list[QueuedFault] = []
        self._lock = threading.Lock()

    def add(
        self, path: str, kind: FaultKind, count: int = 1, retry_after: float | None = None
    ) -> QueuedFault:
        queued = QueuedFault(path, kind, count, retry_after)
        with self._lock:
            self._queued.append(queued)
        return queued

    def take(self, path: str) -> QueuedFault | None:
        with self._lock:
            for queued in self._queued:
                if path_matches(queued.path, path):
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
        return Fault(kind, retry_after, slow_seconds)
    for match in FAULT_TRIGGER.finditer(searchable_text):
        kind = FaultKind.parse(match.group(1))
        if kind is not None:
            return Fault(kind, retry_after, slow_seconds)
    queued = queue.take(path)
    if queued is not None:
        return Fault(queued.kind, queued.retry_after, slow_seconds)
    return None


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


def fault_response(fault: Fault, method: str, path: str, error_shapes: ErrorShapes) -> Response:
    if fault.kind is FaultKind.BAD_GATEWAY:
        return HTMLResponse(NGINX_BAD_GATEWAY_PAGE, status_code=502)
    if fault.kind is FaultKind.HTML:
        return HTMLResponse(WEBSITE_PAGE, status_code=200)
    return error_shapes.respond(path, fault_error(fault.kind, method, path, fault.retry_after))


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
