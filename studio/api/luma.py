"""Luma Dream Machine: generate, extend, poll, and a fresh signed download link for a finished video."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator

from .client import UniApiClient
from .errors import ApiResponseError
from .lenient import Lenient, LooseFloat, LooseText, StrId, parse
from .sentences import QT_TRANSLATE_NOOP
from .task_replies import as_object, preview

GENERATIONS_PATH = "/luma/generations"
ASPECT_RATIOS = ("16:9", "9:16", "1:1", "4:3", "3:4", "21:9", "9:21")
MODELS = ("ray-2", "ray-flash-2", "ray-1-6")
RESOLUTIONS = ("540p", "720p", "1080p", "4k")
DURATIONS = ("5s", "9s")
"""What relays pass on to Luma besides the seed's five fields; unset, the gateway chooses."""


class LumaRequest(Lenient):
    """The body of a generate or extend; unset fields are left out."""

    user_prompt: str
    expand_prompt: bool | None = None
    loop: bool | None = None
    image_url: str | None = None
    image_end_url: str | None = None
    aspect_ratio: str | None = None
    model_name: str | None = None
    resolution: str | None = None
    duration: str | None = None

    def body(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


def _picture(value: Any) -> Any:
    if isinstance(value, str):
        return {"url": value}
    return value if isinstance(value, dict) else None


class LumaPicture(Lenient):
    url: LooseText = None
    width: LooseFloat = None
    height: LooseFloat = None


class LumaVideo(Lenient):
    url: LooseText = None
    download_url: LooseText = None
    width: LooseFloat = None
    height: LooseFloat = None
    thumbnail: Any = None


Picture = Annotated[LumaPicture | None, BeforeValidator(_picture)]


class LumaGeneration(Lenient):
    id: StrId = ""
    state: LooseText = None
    """pending, processing, completed or failed (kept as sent)."""
    prompt: LooseText = None
    failure_reason: LooseText = None
    video: Annotated[LumaVideo | None, BeforeValidator(_picture)] = None
    thumbnail: Picture = None
    last_frame: Picture = None
    estimate_wait_seconds: LooseFloat = None
    created_at: LooseText = None

    @property
    def video_url(self) -> str | None:
        if self.video is None:
            return None
        return self.video.url or self.video.download_url


def generation_from(body: Any) -> LumaGeneration:
    if isinstance(body, dict) and isinstance(body.get("data"), dict | list) and "id" not in body:
        body = body["data"]
    return parse(LumaGeneration, as_object(body, "Luma generation", body), "Luma generation")


class LumaApi:
    def __init__(self, client: UniApiClient) -> None:
        self._client = client

    async def generate(self, request: LumaRequest) -> LumaGeneration:
        return generation_from(await self._client.post_json(GENERATIONS_PATH, request.body(), paid=True))

    async def extend(self, generation_id: str, request: LumaRequest) -> LumaGeneration:
        path = f"{GENERATIONS_PATH}/{generation_id}/extend"
        return generation_from(await self._client.post_json(path, request.body(), paid=True))

    async def fetch(self, generation_id: str) -> LumaGeneration:
        return generation_from(await self._client.get_json(f"{GENERATIONS_PATH}/{generation_id}"))

    async def download_video_url(self, generation_id: str) -> str:
        """A freshly signed link to the finished video (valid about an hour)."""
        body = await self._client.get_json(f"{GENERATIONS_PATH}/{generation_id}/download_video_url")
        url = body.get("url") if isinstance(body, dict) else body if isinstance(body, str) else None
        if isinstance(body, dict) and not url and isinstance(body.get("data"), dict):
            url = body["data"].get("url")
        if not isinstance(url, str) or not url:
            raise ApiResponseError(
                QT_TRANSLATE_NOOP("ApiMessages", "Luma sent no download link for this video."), details=preview(body)
            )
        return url
