"""What each request cost, as the client saw it: model, family, tokens in and out, media counts, time.

The client hands one `UsageEvent` per finished work request (a POST that is not a poll) to its
`usage_sink`; the core's usage ledger stores it. No prompt, reply or key is ever part of an event.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .streaming import Usage

_SPEED_PREFIXES = ("/mj-relax", "/mj-fast", "/mj-turbo")
_FAMILIES: tuple[tuple[str, str], ...] = (
    ("/v1/chat/completions", "chat"),
    ("/v1/responses", "responses"),
    ("/v1/completions", "completions"),
    ("/v1/embeddings", "embeddings"),
    ("/v1/moderations", "moderation"),
    ("/v1/audio/speech", "speech"),
    ("/v1/audio/transcriptions", "transcription"),
    ("/v1/audio/translations", "translation"),
    ("/v1/images/", "images"),
    ("/mj/", "midjourney"),
    ("/ideogram/", "ideogram"),
    ("/suno/", "suno"),
    ("/udio/", "udio"),
    ("/luma/", "luma"),
    ("/custom_video/", "video"),
)
_POLLS = ("/fetch", "/list-by-condition", "/task/")
"""POSTs that only ask how a task is doing: not work, not recorded."""
_MEDIA_KEYS = ("data", "images", "clips", "songs")


@dataclass
class UsageEvent:
    family: str
    model: str
    path: str
    input_tokens: int = 0
    output_tokens: int = 0
    media_in: int = 0
    media_out: int = 0
    seconds: float = 0.0
    at: float = field(default_factory=time.time)


UsageSink = Callable[[UsageEvent], None]


def family_of(path: str) -> str | None:
    """The family a work request belongs to, or None for polls and anything else that is not work."""
    path = path.split("?", 1)[0]
    for prefix in _SPEED_PREFIXES:
        if path.startswith(prefix + "/"):
            path = path[len(prefix) :]
    if any(marker in path for marker in _POLLS):
        return None
    for prefix, family in _FAMILIES:
        if path.startswith(prefix):
            return family
    return None


def model_of(path: str, body: Any, family: str) -> str:
    """The model a request asked for, wherever its family puts it."""
    if family == "video" and "/model/" in path:
        return path.rsplit("/model/", 1)[1].split("/")[0][:100] or family
    if isinstance(body, Mapping):
        for container in (body, body.get("image_request"), body.get("gen_params")):
            if isinstance(container, Mapping):
                for key in ("model", "mv", "model_name", "model_type", "botType"):
                    value = container.get(key)
                    if isinstance(value, str) and value.strip():
                        return value.strip()[:100]
    return family


def _usage_of(reply: Any) -> Usage | None:
    if not isinstance(reply, Mapping):
        return None
    usage = Usage.from_api(reply.get("usage"))
    if usage is None and isinstance(reply.get("response"), Mapping):
        usage = Usage.from_api(reply["response"].get("usage"))
    return usage


def _media_count(reply: Any) -> int:
    if not isinstance(reply, Mapping):
        return 0
    for key in _MEDIA_KEYS:
        value = reply.get(key)
        if not isinstance(value, list) or not all(isinstance(item, Mapping) for item in value):
            continue
        if any(field in item for item in value for field in ("url", "b64_json", "audio_url", "image_url")):
            return len(value)
    return 0


def event_for(
    path: str,
    body: Any,
    reply: Any,
    *,
    seconds: float,
    media_in: int = 0,
    media_out: int | None = None,
) -> UsageEvent | None:
    """The usage of one finished request, or None when it was not a work request."""
    family = family_of(path)
    if family is None:
        return None
    usage = _usage_of(reply)
    return UsageEvent(
        family=family,
        model=model_of(path, body, family),
        path=path.split("?", 1)[0][:200],
        input_tokens=usage.input_tokens if usage else 0,
        output_tokens=usage.output_tokens if usage else 0,
        media_in=media_in,
        media_out=_media_count(reply) if media_out is None else media_out,
        seconds=round(seconds, 3),
    )


class StreamUsage:
    """Watches a stream's events for the one that carries the usage (chat's last chunk, the Responses
    API's `response.completed`); only pieces that mention a usage are decoded a second time."""

    def __init__(self) -> None:
        self.reply: Any = None

    def watch(self, data: str) -> None:
        if '"usage"' not in data or '"usage":null' in data or '"usage": null' in data:
            return
        try:
            payload = json.loads(data)
        except ValueError:
            return
        if _usage_of(payload) is not None:
            self.reply = payload
