"""What the task engine and the family adapters say to each other about a task, in the engine's terms.

Kept free of the HTTP stack, so opening the database (which registers the task schema) stays cheap.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

from ..api.errors import ApiError, InputError
from ..api.media_types import MediaKind
from ..api.sentences import Sentence

Phase = Literal["queued", "running", "done", "failed", "attention", "unknown"]

_QUEUED = {"NOT_START", "SUBMITTED", "QUEUED", "PENDING", "WAITING", "CREATED"}
_RUNNING = {"IN_PROGRESS", "PROCESSING", "RUNNING", "STREAMING", "GENERATING", "STARTED", "DREAMING"}
_DONE = {"SUCCESS", "SUCCEEDED", "COMPLETED", "COMPLETE", "FINISHED", "DONE"}
_FAILED = {"FAILURE", "FAILED", "FAIL", "ERROR", "CANCEL", "CANCELLED", "CANCELED"}
_ATTENTION = {"MODAL"}


def phase_of(status: str | None) -> Phase:
    """The engine's view of a service status; anything unfamiliar is "unknown" (kept, never fatal)."""
    word = (status or "").strip().upper().replace(" ", "_").replace("-", "_")
    if word in _QUEUED:
        return "queued"
    if word in _RUNNING:
        return "running"
    if word in _DONE:
        return "done"
    if word in _FAILED:
        return "failed"
    if word in _ATTENTION:
        return "attention"
    return "unknown"


class JobRequestError(InputError):
    """A job request that cannot be sent as it is; the message is one plain sentence."""


@dataclass(frozen=True)
class ParentRef:
    """Which earlier result a new one derives from: by the task that made it, by its own id, or (a song's
    cover) by the key of another result of the same job, which is then stored first."""

    family: str
    task_id: str | None = None
    remote_id: str | None = None
    result_key: str | None = None


@dataclass
class ResultSpec:
    """One result a task has (or will have): a file to download, or a text."""

    key: str
    """Stable within the job, so a result is stored once even when polled many times."""
    kind: MediaKind
    url: str | None = None
    text: str | None = None
    title: str = ""
    prompt: str = ""
    model: str = ""
    tags: str = ""
    words: str = ""
    """Lyrics or description kept with a media result (searchable)."""
    remote_id: str | None = None
    duration: float | None = None
    parent: ParentRef | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    error: str | Sentence | None = None
    """The service reported that this result failed (its words, or a sentence of the studio's)."""

    @property
    def ready(self) -> bool:
        if self.error is not None:
            return False
        return bool(self.text) if self.kind == "text" else bool(self.url)


@dataclass
class RemoteStatus:
    """One task as the service last described it, in the engine's terms."""

    phase: Phase
    status: str
    """The service's own word, shown as it is."""
    progress: float | None = None
    error: str | None = None
    results: list[ResultSpec] = field(default_factory=list)
    raw: Any = None
    wait_seconds: float | None = None
    """The service's estimate of how long a queued task waits before it starts, when it gives one."""


@dataclass
class Submitted:
    task_id: str | None
    raw: Any
    immediate: RemoteStatus | None = None
    """For synchronous families: the finished task."""


@dataclass(frozen=True)
class PollTarget:
    job_id: int
    task_id: str
    kind: str
    parameters: dict[str, Any]


PollOutcome = dict[int, RemoteStatus | ApiError]


def parameters_json(params: dict[str, Any]) -> str:
    return json.dumps(params, ensure_ascii=False, sort_keys=True)
