"""Suno: music (inspiration, custom, continuation), lyrics, concat; fetch one task or a batch.

The relays poll at /suno/fetch while the seed writes /suno/submit/fetch; both spellings are tried in a
configurable order, and the one that answered is remembered. A submit reply is either the relay's
`{code: "success", data: "<task_id>"}` or the seed's clip object; both give a task id.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, TypeVar

from pydantic import BeforeValidator, Field

from .client import UniApiClient
from .errors import NotFoundError
from .lenient import Lenient, LooseFloat, LooseText, RelayTask, StrId, parse, to_list
from .task_replies import as_object, as_objects, envelope_data, is_envelope, task_id_of

SUBMIT_MUSIC_PATH = "/suno/submit/music"
SUBMIT_LYRICS_PATH = "/suno/submit/lyrics"
SUBMIT_CONCAT_PATH = "/suno/submit/concat"
RELAY_FETCH_PATH = "/suno/fetch"
SEED_FETCH_PATH = "/suno/submit/fetch"
DEFAULT_FETCH_PATHS = (RELAY_FETCH_PATH, SEED_FETCH_PATH)

T = TypeVar("T")


class SunoMusicRequest(Lenient):
    """The body of /suno/submit/music; unset fields are left out."""

    gpt_description_prompt: str | None = None
    prompt: str | None = None
    """The lyrics, in custom mode."""
    title: str | None = None
    tags: str | None = None
    make_instrumental: bool | None = None
    mv: str | None = None
    task_id: str | None = None
    continue_at: float | None = None
    continue_clip_id: str | None = None

    @classmethod
    def inspiration(cls, description: str, *, instrumental: bool = False, mv: str | None = None) -> SunoMusicRequest:
        """Suno writes the lyrics, title and style from a description."""
        return cls(gpt_description_prompt=description, make_instrumental=instrumental, mv=mv)

    @classmethod
    def custom(
        cls,
        lyrics: str,
        *,
        title: str,
        tags: str,
        instrumental: bool = False,
        mv: str | None = None,
    ) -> SunoMusicRequest:
        return cls(prompt=lyrics, title=title, tags=tags, make_instrumental=instrumental, mv=mv)

    def continuing(self, clip_id: str, at_seconds: float, task_id: str | None = None) -> SunoMusicRequest:
        """This request as a continuation of `clip_id` from `at_seconds`."""
        return self.model_copy(update={"continue_clip_id": clip_id, "continue_at": at_seconds, "task_id": task_id})

    @property
    def is_continuation(self) -> bool:
        return bool(self.continue_clip_id)

    def body(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


class SunoClipMetadata(Lenient):
    tags: LooseText = None
    prompt: LooseText = None
    """The lyrics."""
    gpt_description_prompt: LooseText = None
    duration: LooseFloat = None
    type: LooseText = None
    error_type: LooseText = None
    error_message: LooseText = None


def _metadata(value: Any) -> Any:
    return value if isinstance(value, dict) else {}


class SunoClip(Lenient):
    id: StrId = ""
    title: LooseText = None
    status: LooseText = None
    """submitted, queued, streaming, complete or error."""
    audio_url: LooseText = None
    video_url: LooseText = None
    image_url: LooseText = None
    image_large_url: LooseText = None
    model_name: LooseText = None
    major_model_version: LooseText = None
    metadata: Annotated[SunoClipMetadata, BeforeValidator(_metadata)] = Field(default_factory=SunoClipMetadata)

    @property
    def complete(self) -> bool:
        return (self.status or "").lower() == "complete"

    @property
    def failed(self) -> bool:
        return (self.status or "").lower() == "error"

    @property
    def error(self) -> str | None:
        return self.metadata.error_message or self.metadata.error_type


class SunoLyrics(Lenient):
    id: StrId = ""
    text: LooseText = None
    title: LooseText = None
    status: LooseText = None


class SunoTask(RelayTask):
    data: Any = None

    @property
    def is_lyrics(self) -> bool:
        if (self.action or "").upper() == "LYRICS":
            return True
        return isinstance(self.data, dict) and "text" in self.data and "audio_url" not in self.data

    @property
    def clips(self) -> list[SunoClip]:
        if self.is_lyrics:
            return []
        data = self.data
        if isinstance(data, dict) and isinstance(data.get("clips"), list):
            data = data["clips"]
        return [parse(SunoClip, item, "Suno clip") for item in as_objects(to_list(data))]

    @property
    def lyrics(self) -> SunoLyrics | None:
        if not self.is_lyrics:
            return None
        items = as_objects(self.data)
        return parse(SunoLyrics, items[0], "Suno lyrics") if items else None


@dataclass
class SunoSubmission:
    task_id: str
    clips: list[SunoClip] = field(default_factory=list)
    """Clips the reply already described (the seed's shape)."""
    raw: Any = None


def submission_from(body: Any, what: str) -> SunoSubmission:
    data = envelope_data(body, what)
    clips: list[SunoClip] = []
    if isinstance(data, dict) and isinstance(data.get("clips"), list):
        clips = [parse(SunoClip, item, "Suno clip") for item in as_objects(data["clips"])]
    elif isinstance(data, dict) and not is_envelope(data) and ("audio_url" in data or "metadata" in data):
        clips = [parse(SunoClip, data, "Suno clip")]
    elif isinstance(data, list):
        clips = [parse(SunoClip, item, "Suno clip") for item in as_objects(data)]
    return SunoSubmission(task_id=task_id_of(data, what, body), clips=clips, raw=body)


def task_from(body: Any) -> SunoTask:
    data = envelope_data(body, "task lookup")
    return parse(SunoTask, as_object(data, "Suno task", body), "Suno task")


def tasks_from(body: Any) -> list[SunoTask]:
    data = envelope_data(body, "task lookup")
    return [parse(SunoTask, item, "Suno task") for item in as_objects(data)]


class SunoApi:
    def __init__(self, client: UniApiClient, fetch_paths: Sequence[str] = DEFAULT_FETCH_PATHS) -> None:
        self._client = client
        self._fetch_paths = list(fetch_paths) or list(DEFAULT_FETCH_PATHS)

    @property
    def fetch_paths(self) -> list[str]:
        """The fetch spellings in the order they are tried; the last one that worked comes first."""
        return list(self._fetch_paths)

    async def submit_music(self, request: SunoMusicRequest) -> SunoSubmission:
        body = await self._client.post_json(SUBMIT_MUSIC_PATH, request.body(), paid=True)
        return submission_from(body, "music request")

    async def submit_lyrics(self, prompt: str) -> SunoSubmission:
        body = await self._client.post_json(SUBMIT_LYRICS_PATH, {"prompt": prompt}, paid=True)
        return submission_from(body, "lyrics request")

    async def submit_concat(self, clip_id: str) -> SunoSubmission:
        body = await self._client.post_json(SUBMIT_CONCAT_PATH, {"clip_id": clip_id}, paid=True)
        return submission_from(body, "concat request")

    async def fetch(self, task_id: str) -> SunoTask:
        body = await self._on_fetch_path(lambda base: self._client.get_json(f"{base}/{task_id}"))
        return task_from(body)

    async def fetch_many(self, task_ids: Sequence[str], action: str | None = None) -> list[SunoTask]:
        """One POST for several tasks (a read: never charged, so retried like a GET)."""
        payload: dict[str, Any] = {"ids": list(task_ids)}
        if action:
            payload["action"] = action
        body = await self._on_fetch_path(lambda base: self._client.post_json(base, payload, paid=False))
        return tasks_from(body)

    async def _on_fetch_path(self, call: Callable[[str], Awaitable[T]]) -> T:
        first_error: NotFoundError | None = None
        for path in list(self._fetch_paths):
            try:
                result = await call(path)
            except NotFoundError as error:
                first_error = first_error or error
                continue
            if path != self._fetch_paths[0]:
                self._fetch_paths.remove(path)
                self._fetch_paths.insert(0, path)
            return result
        assert first_error is not None
        raise first_error
