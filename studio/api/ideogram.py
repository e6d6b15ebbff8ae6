"""Ideogram (synchronous, header `Api-Key`): generate as JSON; remix, upscale, describe as multipart.

Images for remix, upscale and describe are streamed from disk (`image_file`), never read whole; the
request settings go alongside as a JSON string (`image_request`). Result URLs expire (about a day).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from .client import Auth, UniApiClient, decode_json
from .errors import UnreadableReplyError
from .lenient import Lenient, LooseText, StrId, parse, to_list
from .sentences import QT_TRANSLATE_NOOP
from .task_replies import preview
from .uploads import FilePart, MultipartUpload, ProgressCallback

GENERATE_PATH = "/ideogram/generate"
REMIX_PATH = "/ideogram/remix"
UPSCALE_PATH = "/ideogram/upscale"
DESCRIBE_PATH = "/ideogram/describe"

ASPECT_RATIOS = (
    "ASPECT_1_1",
    "ASPECT_16_9",
    "ASPECT_9_16",
    "ASPECT_10_16",
    "ASPECT_16_10",
    "ASPECT_4_3",
    "ASPECT_3_4",
    "ASPECT_3_2",
    "ASPECT_2_3",
    "ASPECT_3_1",
    "ASPECT_1_3",
)
MODELS = ("V_1", "V_1_TURBO", "V_2", "V_2_TURBO")


class IdeogramRequest(Lenient):
    """`image_request`; unset fields are left out, fields this class does not name pass through."""

    prompt: str | None = None
    aspect_ratio: str | None = None
    model: str | None = None
    magic_prompt_option: str | None = None
    seed: int | None = None
    style_type: str | None = None
    negative_prompt: str | None = None
    image_weight: int | None = None
    """Remix: how much of the source image to keep (1–100)."""
    resemblance: int | None = None
    """Upscale: 1–100."""
    detail: int | None = None
    """Upscale: 1–100."""

    def body(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


class IdeogramImage(Lenient):
    url: LooseText = None
    prompt: LooseText = None
    resolution: LooseText = None
    is_image_safe: bool | None = None
    seed: StrId | None = None
    style_type: LooseText = None


def _image_list(value: Any) -> Any:
    return [item for item in to_list(value) if isinstance(item, dict)]


class IdeogramDescription(Lenient):
    text: LooseText = None


class IdeogramResult(Lenient):
    created: LooseText = None
    data: Annotated[list[IdeogramImage], BeforeValidator(_image_list)] = Field(default_factory=list)
    descriptions: Annotated[list[IdeogramDescription], BeforeValidator(_image_list)] = Field(default_factory=list)

    @property
    def urls(self) -> list[str]:
        return [image.url for image in self.data if image.url]

    @property
    def description_texts(self) -> list[str]:
        return [item.text for item in self.descriptions if item.text]


def result_from(body: Any) -> IdeogramResult:
    if not isinstance(body, dict):
        raise UnreadableReplyError(
            QT_TRANSLATE_NOOP("ApiMessages", "Ideogram's reply cannot be read."), details=preview(body)
        )
    return parse(IdeogramResult, body, "Ideogram")


class IdeogramApi:
    def __init__(self, client: UniApiClient) -> None:
        self._client = client

    async def generate(self, request: IdeogramRequest) -> IdeogramResult:
        body = await self._client.post_json(
            GENERATE_PATH, {"image_request": request.body()}, paid=True, auth=Auth.API_KEY
        )
        return result_from(body)

    async def _multipart(
        self, path: str, image: Path, request: IdeogramRequest | None, progress: ProgressCallback | None
    ) -> IdeogramResult:
        fields = [] if request is None else [("image_request", json.dumps(request.body(), ensure_ascii=False))]
        upload = MultipartUpload(fields, [FilePart("image_file", image)], progress=progress)
        response = await self._client.post_multipart(path, upload, paid=True, auth=Auth.API_KEY)
        return result_from(decode_json(response))

    async def remix(
        self, image: Path, request: IdeogramRequest, *, progress: ProgressCallback | None = None
    ) -> IdeogramResult:
        return await self._multipart(REMIX_PATH, image, request, progress)

    async def upscale(
        self, image: Path, request: IdeogramRequest | None = None, *, progress: ProgressCallback | None = None
    ) -> IdeogramResult:
        return await self._multipart(UPSCALE_PATH, image, request or IdeogramRequest(), progress)

    async def describe(self, image: Path, *, progress: ProgressCallback | None = None) -> IdeogramResult:
        return await self._multipart(DESCRIBE_PATH, image, None, progress)
