"""Custom video models such as Veo: POST /custom_video/model/{model}, then GET /custom_video/fetch/{id}.

The request body is not documented; the studio sends `{prompt}` plus what the user chose (an image as a
data URI or URL, aspect ratio, duration) and lets the user add fields. The reply is parsed leniently: the
id may be a number, the status any case, the output a URL, a list of URLs or an object holding one, and
each may come under the other names relays use (`task_id`, `state`, `video_url`, `fail_reason`, ...),
inside a `{code, data}` envelope or not.
"""

from __future__ import annotations

from typing import Any

from pydantic import AliasChoices, Field

from .client import UniApiClient
from .lenient import Lenient, LooseFloat, LooseText, StrId, parse
from .task_replies import as_object, envelope_data

SUBMIT_PATH = "/custom_video/model/{model}"
FETCH_PATH = "/custom_video/fetch/{id}"
DEFAULT_MODEL = "veo-2"
KNOWN_MODELS = ("veo-2", "veo-3", "veo-3-fast")
"""veo-2 is the one the gateway's page names; the others are offered, and the list stays editable."""
ASPECT_RATIOS = ("16:9", "9:16")
DURATIONS_S = (5, 6, 7, 8)


def _urls_in(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list):
        return [url for item in value for url in _urls_in(item)]
    if isinstance(value, dict):
        for key in ("url", "video_url", "videoUrl", "output", "uri", "video", "videos", "outputs"):
            if key in value:
                found = _urls_in(value[key])
                if found:
                    return found
    return []


class VideoTask(Lenient):
    id: StrId = Field("", validation_alias=AliasChoices("id", "task_id", "taskId"))
    model: LooseText = None
    status: LooseText = Field(None, validation_alias=AliasChoices("status", "state", "task_status", "taskStatus"))
    """SUBMITTED, QUEUED, IN_PROGRESS, SUCCESS or FAILURE (kept as sent, any case)."""
    error: Any = Field(
        None, validation_alias=AliasChoices("error", "fail_reason", "failReason", "failure_reason", "error_message")
    )
    output: Any = Field(
        None,
        validation_alias=AliasChoices(
            "output", "outputs", "video_url", "videoUrl", "url", "video", "videos", "result", "results"
        ),
    )
    progress: LooseFloat = None

    @property
    def video_urls(self) -> list[str]:
        return _urls_in(self.output)

    @property
    def error_message(self) -> str | None:
        if isinstance(self.error, dict):
            return str(self.error.get("message") or self.error) if self.error else None
        return str(self.error) if self.error else None


def task_from(body: Any) -> VideoTask:
    data = envelope_data(body, "video request")
    return parse(VideoTask, as_object(data, "video task", body), "video task")


class CustomVideoApi:
    def __init__(self, client: UniApiClient) -> None:
        self._client = client

    async def submit(self, model: str, body: dict[str, Any]) -> VideoTask:
        reply = await self._client.post_json(SUBMIT_PATH.format(model=model), body, paid=True)
        return task_from(reply)

    async def fetch(self, task_id: str) -> VideoTask:
        return task_from(await self._client.get_json(FETCH_PATH.format(id=task_id)))
