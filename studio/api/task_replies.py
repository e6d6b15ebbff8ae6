"""The reply envelope of the relay task families (Suno, Udio): `{code, message, data}`.

Success is `code: "success"`; anything else is a refusal, even with HTTP 200. Some gateways skip the
envelope and send the object itself, which is accepted as it is.
"""

from __future__ import annotations

import json
from typing import Any

from .errors import TaskRejectedError, UnreadableReplyError
from .sentences import QT_TRANSLATE_NOOP, Sentence

_SUCCESS_CODES = ("success", "ok", "200", "0", "1", "true")


def _preview(body: Any) -> str:
    try:
        return json.dumps(body, ensure_ascii=False)[:2000]
    except (TypeError, ValueError):
        return str(body)[:2000]


def is_envelope(body: Any) -> bool:
    return isinstance(body, dict) and "code" in body and ("data" in body or "message" in body)


def envelope_data(body: Any, what: str) -> Any:
    """`data` of an envelope (or the body itself when there is none); raises on a refusal."""
    if not is_envelope(body):
        return body
    code = body.get("code")
    if str(code).strip().lower() not in _SUCCESS_CODES:
        message = str(body.get("message") or body.get("msg") or "no reason given")
        raise TaskRejectedError(
            Sentence.of(
                QT_TRANSLATE_NOOP("ApiMessages", "The service refused the {what}: {message}"),
                what=what,
                message=message,
            ),
            code=str(code),
            server_message=message,
            details=_preview(body),
        )
    return body.get("data")


def task_id_of(data: Any, what: str, body: Any = None) -> str:
    """The task id a submit reply carries: a bare string or number, or an object's `task_id` / `id`."""
    if isinstance(data, bool):
        data = None
    if isinstance(data, str | int) and str(data).strip():
        return str(data).strip()
    if isinstance(data, dict):
        for key in ("task_id", "taskId", "id", "result"):
            value = data.get(key)
            if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
                return str(value).strip()
    if isinstance(data, list) and data:
        return task_id_of(data[0], what, body)
    raise UnreadableReplyError(
        Sentence.of(
            QT_TRANSLATE_NOOP("ApiMessages", "The service accepted the {what} but sent no task id."), what=what
        ),
        details=_preview(body or data),
    )


def as_object(data: Any, what: str, body: Any = None) -> dict[str, Any]:
    if isinstance(data, list) and len(data) == 1 and isinstance(data[0], dict):
        data = data[0]
    if not isinstance(data, dict):
        raise UnreadableReplyError(
            Sentence.of(QT_TRANSLATE_NOOP("ApiMessages", "The service's {what} reply cannot be read."), what=what),
            details=_preview(body or data),
        )
    return data


def as_objects(data: Any) -> list[dict[str, Any]]:
    """A list of objects from a list, a lone object, or an object wrapping the list."""
    if isinstance(data, dict):
        for key in ("data", "list", "items", "content", "tasks"):
            inner = data.get(key)
            if isinstance(inner, list):
                return [item for item in inner if isinstance(item, dict)]
        return [data]
    if isinstance(data, list):
        return [item for item in data if isinstance(item, dict)]
    return []


def preview(body: Any) -> str:
    return _preview(body)
