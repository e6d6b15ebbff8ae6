"""Error bodies of the task and image families, registered per path prefix in app.py.

The seed documents none of these; each shape is (inferred) from the relays UniAPI mirrors:
- /suno, /udio: new-api's task error `{"code": "<string>", "message": "...", "data": null}`, HTTP 400/404/500.
- /mj (and /mj-relax, /mj-fast, /mj-turbo): new-api's Midjourney abort `{"code": <int>, "description": "...",
  "type": "...", "result": null}`; code 4 request error, 3 not found, 23 rate limit (queue full), 9 system
  error. Refusals of a well-formed submit (codes 3, 4, 21–24) are HTTP 200 submit replies instead.
- /ideogram, /luma: the FastAPI services' `{"detail": "..."}`.
- /custom_video: an OpenAI-like `{"error": {"message", "type", "code"}}` (no `param`).
"""

from __future__ import annotations

from starlette.responses import JSONResponse, Response

from studio.simulator.errors import GatewayError

MJ_REQUEST_ERROR = 4
MJ_NOT_FOUND = 3
MJ_QUEUE_FULL = 23
MJ_SYSTEM_ERROR = 9
MJ_CODE_BY_STATUS = {400: MJ_REQUEST_ERROR, 413: MJ_REQUEST_ERROR, 404: MJ_NOT_FOUND, 429: MJ_QUEUE_FULL}
GENERIC_RELAY_CODE = "fail_to_fetch_task"


def relay_task_error_response(error: GatewayError) -> Response:
    body = {"code": error.code or GENERIC_RELAY_CODE, "message": error.message, "data": None}
    return JSONResponse(body, status_code=error.status, headers=error.headers)


def midjourney_error_response(error: GatewayError) -> Response:
    body = {
        "code": MJ_CODE_BY_STATUS.get(error.status, MJ_SYSTEM_ERROR),
        "description": error.message,
        "type": error.error_type,
        "result": None,
    }
    return JSONResponse(body, status_code=error.status, headers=error.headers)


def detail_error_response(error: GatewayError) -> Response:
    return JSONResponse({"detail": error.message}, status_code=error.status, headers=error.headers)


def custom_video_error_response(error: GatewayError) -> Response:
    body = {"error": {"message": error.message, "type": error.error_type, "code": error.code}}
    return JSONResponse(body, status_code=error.status, headers=error.headers)


def invalid_task_request(message: str, status: int = 400) -> GatewayError:
    """A submit the relay refuses before it reaches the upstream service."""
    return GatewayError(status, message, code="invalid_request")


def task_not_found(task_id: str) -> GatewayError:
    # new-api answers an unknown task id with 400 "task_not_exist", not 404.
    return GatewayError(400, f"task_not_exist: {task_id}", code="task_not_exist")
