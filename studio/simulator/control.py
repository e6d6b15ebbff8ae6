"""The /_sim/* routes: the test and demo controls (journal, fault queue, clock, upload echo)."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from studio.simulator.errors import GatewayError, invalid_parameter
from studio.simulator.faults import ANY_PATH, KNOWN_KINDS, FaultKind
from studio.simulator.request_context import RequestContext, simulator_state

CONTROL_PREFIX = "/_sim/"
UPLOAD_ECHO_PATH = "/_sim/upload"


async def list_requests(request: Request) -> JSONResponse:
    path = request.query_params.get("path")
    entries = simulator_state(request).journal.entries(path)
    return JSONResponse([entry.to_dict() for entry in entries])


async def uploaded_file(request: Request) -> Response:
    """The bytes of a recent image upload, by the sha256 its journal entry names."""
    data = simulator_state(request).uploads.get(request.path_params["sha256"])
    if data is None:
        raise GatewayError(404, "No recent upload has this sha256.", code="not_found")
    return Response(data, media_type="application/octet-stream")


async def clear_requests(request: Request) -> Response:
    simulator_state(request).journal.clear()
    return Response(status_code=204)


async def _json_object(request: Request) -> dict[str, Any]:
    raw = await request.body()
    try:
        body = json.loads(raw) if raw.strip() else {}
    except json.JSONDecodeError as error:
        raise GatewayError(400, f"Invalid JSON: {error}", code="invalid_json") from error
    if not isinstance(body, dict):
        raise GatewayError(400, "Expected a JSON object.", code="invalid_json")
    return body


async def list_faults(request: Request) -> JSONResponse:
    return JSONResponse([queued.to_dict() for queued in simulator_state(request).faults.pending()])


async def queue_fault(request: Request) -> JSONResponse:
    """{"path": "/v1/chat/completions", "*" or "/suno/fetch*", "kind": "429", "count": 2, "retry_after": 1 or null,
    "url": "http://..." (redirect-to, result-url), "bytes": N (huge-body)}."""
    state = simulator_state(request)
    body = await _json_object(request)
    kind = FaultKind.parse(str(body.get("kind", "")))
    if kind is None:
        raise invalid_parameter("kind", f"expected one of {KNOWN_KINDS}.")
    path = body.get("path", ANY_PATH)
    count = body.get("count", 1)
    if not isinstance(path, str) or not (path == ANY_PATH or path.startswith("/")):
        raise invalid_parameter("path", 'expected "*" or a path starting with "/" (ending in "*" for a prefix).')
    url = body.get("url")
    size = body.get("bytes")
    if url is not None and not isinstance(url, str):
        raise invalid_parameter("url", "expected a URL string.")
    if size is not None and (isinstance(size, bool) or not isinstance(size, int) or size < 0):
        raise invalid_parameter("bytes", "expected a non-negative number of bytes.")
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise invalid_parameter("count", "expected a positive integer.")
    retry_after = body.get("retry_after", state.config.retry_after_s)
    if retry_after is not None and (
        isinstance(retry_after, bool) or not isinstance(retry_after, int | float) or retry_after < 0
    ):
        raise invalid_parameter("retry_after", "expected a non-negative number of seconds or null.")
    queued = state.faults.add(path, kind, count, retry_after, url=url, size=size)
    return JSONResponse(queued.to_dict(), status_code=201)


async def clear_faults(request: Request) -> Response:
    simulator_state(request).faults.clear()
    return Response(status_code=204)


async def reset(request: Request) -> Response:
    simulator_state(request).reset()
    return Response(status_code=204)


async def move_clock(request: Request) -> JSONResponse:
    """{"advance_s": 3600} moves the simulator's clock forward (media expiry, task progress)."""
    state = simulator_state(request)
    body = await _json_object(request)
    advance = body.get("advance_s", 0)
    if isinstance(advance, bool) or not isinstance(advance, int | float):
        raise invalid_parameter("advance_s", "expected a number of seconds.")
    state.clock_offset_s += float(advance)
    return JSONResponse({"now": state.clock(), "offset_s": state.clock_offset_s})


async def health(request: Request) -> JSONResponse:
    state = simulator_state(request)
    return JSONResponse(
        {"ok": True, "base_url": state.base_url, "key_required": state.config.key is not None}
    )


async def upload_echo(request: Request) -> JSONResponse:
    """What a multipart upload looked like on arrival, for testing streamed uploads."""
    body = RequestContext.of(request).body
    if body.form_error is not None:
        raise GatewayError(400, f"Malformed multipart body: {body.form_error}", code="invalid_multipart")
    if body.form is None:
        raise GatewayError(400, "Expected a multipart/form-data body.", code="invalid_multipart")
    content_length = request.headers.get("content-length")
    return JSONResponse(
        {
            "fields": body.fields,
            "files": {name: [info.to_dict() for info in infos] for name, infos in body.files.items()},
            "content_length": int(content_length) if content_length and content_length.isdigit() else None,
        }
    )


control_routes = [
    Route(CONTROL_PREFIX + "requests", list_requests, methods=["GET"]),
    Route(CONTROL_PREFIX + "requests", clear_requests, methods=["DELETE"]),
    Route(CONTROL_PREFIX + "uploads/{sha256}", uploaded_file, methods=["GET"]),
    Route(CONTROL_PREFIX + "faults", list_faults, methods=["GET"]),
    Route(CONTROL_PREFIX + "faults", queue_fault, methods=["POST"]),
    Route(CONTROL_PREFIX + "faults", clear_faults, methods=["DELETE"]),
    Route(CONTROL_PREFIX + "reset", reset, methods=["POST"]),
    Route(CONTROL_PREFIX + "clock", move_clock, methods=["POST"]),
    Route(CONTROL_PREFIX + "health", health, methods=["GET"]),
    Route(UPLOAD_ECHO_PATH, upload_echo, methods=["POST"]),
]
