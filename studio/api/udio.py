"""Udio: submit a song (POST /udio/submit/music) and poll it (GET /udio/fetch/{task_id})."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from .client import UniApiClient
from .lenient import Lenient, LooseFloat, LooseText, RelayTask, StrId, parse, to_list
from .task_replies import as_object, envelope_data, task_id_of

SUBMIT_PATH = "/udio/submit/music"
FETCH_PATH = "/udio/fetch"


class UdioGenParams(Lenient):
    """`gen_params` of a submit; unset fields are left out, unknown ones pass through."""

    prompt: str
    lyrics: str | None = None
    lyrics_type: str | None = None
    """user, instrumental or generate."""
    model_type: str | None = None
    config: dict[str, Any] | None = None
    seed: int | None = None
    song_section_start: float | None = None
    prompt_strength: float | None = None
    clarity_strength: float | None = None
    lyrics_strength: float | None = None
    generation_quality: float | None = None
    bypass_prompt_optimization: bool | None = None

    def body(self) -> dict[str, Any]:
        return {"gen_params": self.model_dump(exclude_none=True)}


def _tag_list(value: Any) -> Any:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return [str(item) for item in to_list(value) if item is not None]


class UdioSong(Lenient):
    id: StrId = ""
    title: LooseText = None
    tags: Annotated[list[str], BeforeValidator(_tag_list)] = Field(default_factory=list)
    lyrics: LooseText = None
    prompt: LooseText = None
    duration: LooseFloat = None
    finished: bool | None = None
    song_path: LooseText = None
    image_path: LooseText = None
    video_path: LooseText = None
    error_type: LooseText = None
    error_detail: LooseText = None
    error_code: LooseText = None

    @property
    def error(self) -> str | None:
        return self.error_detail or self.error_type or self.error_code


def _song_list(value: Any) -> Any:
    return [item for item in to_list(value) if isinstance(item, dict)]


class UdioTask(RelayTask):
    songs: Annotated[list[UdioSong], BeforeValidator(_song_list)] = Field(default_factory=list)


@dataclass
class UdioSubmission:
    task_id: str
    raw: Any = None


class UdioApi:
    def __init__(self, client: UniApiClient) -> None:
        self._client = client

    async def submit(self, params: UdioGenParams) -> UdioSubmission:
        body = await self._client.post_json(SUBMIT_PATH, params.body(), paid=True)
        return UdioSubmission(task_id_of(envelope_data(body, "song request"), "song request", body), body)

    async def fetch(self, task_id: str) -> UdioTask:
        body = await self._client.get_json(f"{FETCH_PATH}/{task_id}")
        return parse(UdioTask, as_object(envelope_data(body, "task lookup"), "Udio task", body), "Udio task")
