"""OpenAI images: generations (JSON), edits and variations (multipart streamed from disk, with progress).

An image in a reply is a `url` (dall-e; the link lives 60 minutes) or `b64_json` (gpt-image-1 always, dall-e
when asked), sometimes with a `revised_prompt` (dall-e-3). `ImageModelRules` says which sizes and options
each model accepts, so a request can be checked (`ImageRequest.problem`) before it costs anything. Every
submit is paid: the client repeats it only when the gateway provably did no work (see retry.py).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from .client import UniApiClient, decode_json
from .errors import ApiResponseError, UnexpectedMediaError
from .lenient import Lenient, LooseFloat, LooseText, to_list
from .media_types import SNIFF_BYTES, MediaType, sniff
from .sentences import QT_TRANSLATE_NOOP, Sentence
from .task_replies import preview
from .uploads import FilePart, MultipartUpload, ProgressCallback

GENERATIONS_PATH = "/v1/images/generations"
EDITS_PATH = "/v1/images/edits"
VARIATIONS_PATH = "/v1/images/variations"

Operation = Literal["generate", "edit", "variation"]
MB = 1024 * 1024
MAX_N = 10
MASK_MAX_BYTES = 4 * MB
URL_LIFETIME_SECONDS = 60 * 60
MAX_RESULT_BYTES = 64 * MB
"""No image result is this large; a bigger payload or download is refused rather than stored."""

AUTO = "auto"
RESPONSE_FORMATS = ("url", "b64_json")
OUTPUT_FORMATS = ("png", "jpeg", "webp")
BACKGROUNDS = ("transparent", "opaque", AUTO)
MODERATIONS = ("low", AUTO)
DALLE2_SIZES = ("256x256", "512x512", "1024x1024")
GPT_IMAGE_SIZES = ("1024x1024", "1536x1024", "1024x1536", AUTO)


@dataclass(frozen=True)
class ImageModelRules:
    """What one model accepts, per the gateway's reference."""

    name: str
    generation_sizes: tuple[str, ...]
    edit_sizes: tuple[str, ...]
    """Empty when the model cannot edit."""
    variation_sizes: tuple[str, ...]
    """Empty when the model cannot make variations."""
    max_prompt_chars: int
    max_n: int
    qualities: tuple[str, ...]
    styles: tuple[str, ...] = ()
    gpt_image: bool = False
    """Always answers b64_json; takes output_format, output_compression, background and moderation."""
    max_edit_images: int = 1
    input_formats: tuple[str, ...] = ("png",)
    """Accepted input files, as `MediaType.ext` names."""
    max_input_bytes: int = 4 * MB
    """Each input image must be smaller than this."""
    square_inputs: bool = True

    def sizes(self, operation: Operation) -> tuple[str, ...]:
        return {"generate": self.generation_sizes, "edit": self.edit_sizes, "variation": self.variation_sizes}[
            operation
        ]

    def supports(self, operation: Operation) -> bool:
        return bool(self.sizes(operation))

    @property
    def response_formats(self) -> tuple[str, ...]:
        return () if self.gpt_image else RESPONSE_FORMATS

    @property
    def output_formats(self) -> tuple[str, ...]:
        return OUTPUT_FORMATS if self.gpt_image else ()

    @property
    def backgrounds(self) -> tuple[str, ...]:
        return BACKGROUNDS if self.gpt_image else ()

    @property
    def moderations(self) -> tuple[str, ...]:
        return MODERATIONS if self.gpt_image else ()


DALLE2 = ImageModelRules("dall-e-2", DALLE2_SIZES, DALLE2_SIZES, DALLE2_SIZES, 1000, MAX_N, ("standard", AUTO))
DALLE3 = ImageModelRules(
    "dall-e-3", ("1024x1024", "1792x1024", "1024x1792"), (), (), 4000, 1, ("standard", "hd", AUTO), ("vivid", "natural")
)
GPT_IMAGE_1 = ImageModelRules(
    "gpt-image-1",
    GPT_IMAGE_SIZES,
    GPT_IMAGE_SIZES,
    (),
    32000,
    MAX_N,
    ("low", "medium", "high", AUTO),
    gpt_image=True,
    max_edit_images=16,
    input_formats=("png", "webp", "jpg"),
    max_input_bytes=25 * MB,
    square_inputs=False,
)
MODEL_RULES = {rules.name: rules for rules in (DALLE2, DALLE3, GPT_IMAGE_1)}
GPT_IMAGE_PREFIXES = ("gpt-image", "chatgpt-image")


def rules_for(model: str) -> ImageModelRules | None:
    """The rules of a known model (a newer GPT image model follows gpt-image-1's); None: the gateway decides."""
    if model in MODEL_RULES:
        return MODEL_RULES[model]
    if model.startswith(GPT_IMAGE_PREFIXES):
        return replace(GPT_IMAGE_1, name=model)
    return None


def _one_of(values: Sequence[str]) -> Sentence | str:
    if len(values) < 2:
        return values[0]
    return Sentence.of(
        QT_TRANSLATE_NOOP("ApiMessages", "{first} or {last}"), first=", ".join(values[:-1]), last=values[-1]
    )


@dataclass
class ImageRequest:
    """One images request; an option left as None is not sent, so the gateway's default applies."""

    prompt: str = ""
    model: str = GPT_IMAGE_1.name
    n: int | None = None
    size: str | None = None
    quality: str | None = None
    style: str | None = None
    response_format: str | None = None
    output_format: str | None = None
    output_compression: int | None = None
    background: str | None = None
    moderation: str | None = None
    user: str | None = None

    def options(self) -> dict[str, Any]:
        """Every option that is set, the prompt and model included (the JSON body of a generation)."""
        values = {item.name: getattr(self, item.name) for item in fields(self)}
        return {name: value for name, value in values.items() if value is not None and value != ""}

    def problem(self, operation: Operation) -> Sentence | None:
        """Why the gateway would refuse this request, in one sentence, or None."""
        if operation != "variation" and not self.prompt.strip():
            return Sentence(QT_TRANSLATE_NOOP("ApiMessages", "The prompt is empty."))
        if self.n is not None and not 1 <= self.n <= MAX_N:
            return Sentence.of(
                QT_TRANSLATE_NOOP("ApiMessages", "The number of images must be from 1 to {most} (got {n})."),
                most=MAX_N,
                n=self.n,
            )
        rules = rules_for(self.model)
        if rules is None:
            return None
        return self._rules_problem(rules, operation)

    def _rules_problem(self, rules: ImageModelRules, operation: Operation) -> Sentence | None:
        model = rules.name
        if not rules.supports(operation):
            able = _one_of([name for name, other in MODEL_RULES.items() if other.supports(operation)])
            cannot = {
                "generate": QT_TRANSLATE_NOOP("ApiMessages", "{model} cannot generate images; use {able}."),
                "edit": QT_TRANSLATE_NOOP("ApiMessages", "{model} cannot edit images; use {able}."),
                "variation": QT_TRANSLATE_NOOP("ApiMessages", "{model} cannot make variations; use {able}."),
            }[operation]
            return Sentence.of(cannot, model=model, able=able)
        if operation != "variation" and len(self.prompt) > rules.max_prompt_chars:
            return Sentence.of(
                QT_TRANSLATE_NOOP(
                    "ApiMessages", "{model} takes prompts of at most {most} characters; this one has {count}."
                ),
                model=model,
                most=f"{rules.max_prompt_chars:,}",
                count=f"{len(self.prompt):,}",
            )
        if self.n is not None and self.n > rules.max_n:
            return Sentence.of(QT_TRANSLATE_NOOP("ApiMessages", "{model} makes one image per request."), model=model)
        checks = (
            (Sentence(QT_TRANSLATE_NOOP("ApiMessages", "size")), self.size, rules.sizes(operation)),
            (
                Sentence(QT_TRANSLATE_NOOP("ApiMessages", "quality")),
                self.quality,
                rules.qualities if operation != "variation" else (),
            ),
            (
                Sentence(QT_TRANSLATE_NOOP("ApiMessages", "style")),
                self.style,
                rules.styles if operation == "generate" else (),
            ),
            (
                Sentence(QT_TRANSLATE_NOOP("ApiMessages", "response format")),
                self.response_format,
                rules.response_formats,
            ),
            (Sentence(QT_TRANSLATE_NOOP("ApiMessages", "output format")), self.output_format, rules.output_formats),
            (Sentence(QT_TRANSLATE_NOOP("ApiMessages", "background")), self.background, rules.backgrounds),
            (
                Sentence(QT_TRANSLATE_NOOP("ApiMessages", "moderation")),
                self.moderation,
                rules.moderations if operation == "generate" else (),
            ),
        )
        for label, value, allowed in checks:
            if value is None:
                continue
            if not allowed:
                return Sentence.of(
                    QT_TRANSLATE_NOOP("ApiMessages", "{model} takes no {option} option here; leave it unset."),
                    model=model,
                    option=label,
                )
            if value not in allowed:
                return Sentence.of(
                    QT_TRANSLATE_NOOP("ApiMessages", "{model} has no {option} {value}; choose {allowed}."),
                    model=model,
                    option=label,
                    value=repr(value),
                    allowed=_one_of(allowed),
                )
        if self.output_compression is not None:
            if not rules.gpt_image:
                return Sentence.of(
                    QT_TRANSLATE_NOOP("ApiMessages", "{model} takes no compression option; leave it unset."),
                    model=model,
                )
            if not 0 <= self.output_compression <= 100:
                return Sentence.of(
                    QT_TRANSLATE_NOOP("ApiMessages", "The compression must be from 0 to 100 (got {value})."),
                    value=self.output_compression,
                )
            if self.output_format not in ("jpeg", "webp"):
                return Sentence(
                    QT_TRANSLATE_NOOP(
                        "ApiMessages", "Compression applies to JPEG and WebP output only; choose one of those formats."
                    )
                )
        if self.background == "transparent" and self.output_format == "jpeg":
            return Sentence(
                QT_TRANSLATE_NOOP(
                    "ApiMessages", "A transparent background needs PNG or WebP output; JPEG has no transparency."
                )
            )
        return None

    def form_fields(self) -> list[tuple[str, str]]:
        """The options as multipart text fields (edits and variations)."""
        return [(name, str(value)) for name, value in self.options().items()]


def _data_items(value: Any) -> Any:
    return [item for item in to_list(value) if isinstance(item, dict)]


class GeneratedImage(Lenient):
    b64_json: str | None = None
    url: LooseText = None
    revised_prompt: LooseText = None

    def image_bytes(self, *, max_bytes: int = MAX_RESULT_BYTES) -> bytes:
        """The decoded `b64_json` (a data URI is accepted too); refuses anything larger than `max_bytes`."""
        payload = (self.b64_json or "").strip()
        if payload.startswith("data:"):
            payload = payload.partition(",")[2]
        if len(payload) * 3 // 4 > max_bytes:
            raise UnexpectedMediaError(
                Sentence.of(
                    QT_TRANSLATE_NOOP(
                        "ApiMessages",
                        "The image sent is larger than {limit} MB, more than any image result; it was not saved.",
                    ),
                    limit=max_bytes // MB,
                ),
                details=f"{len(payload)} base64 characters",
            )
        try:
            data = base64.b64decode(payload, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise UnexpectedMediaError(
                Sentence(QT_TRANSLATE_NOOP("ApiMessages", "The image sent is not valid base64 data; it was not saved."))
            ) from exc
        if not data:
            raise UnexpectedMediaError(Sentence(QT_TRANSLATE_NOOP("ApiMessages", "The gateway sent an empty image.")))
        return data


class ImageUsage(Lenient):
    total_tokens: LooseFloat = None
    input_tokens: LooseFloat = None
    output_tokens: LooseFloat = None
    input_tokens_details: dict[str, Any] | None = None


def _usage_or_none(value: Any) -> Any:
    return value if isinstance(value, dict) else None


class ImagesResult(Lenient):
    created: LooseFloat = None
    data: Annotated[list[GeneratedImage], BeforeValidator(_data_items)] = Field(default_factory=list)
    usage: Annotated[ImageUsage | None, BeforeValidator(_usage_or_none)] = None
    background: LooseText = None
    output_format: LooseText = None
    size: LooseText = None
    quality: LooseText = None

    @property
    def revised_prompts(self) -> list[str]:
        return [image.revised_prompt for image in self.data if image.revised_prompt]


def result_from(body: Any) -> ImagesResult:
    if not isinstance(body, dict):
        raise ApiResponseError(
            Sentence(QT_TRANSLATE_NOOP("ApiMessages", "The images reply cannot be read.")), details=preview(body)
        )
    result = ImagesResult.model_validate(body)
    if not result.data:
        raise ApiResponseError(
            Sentence(QT_TRANSLATE_NOOP("ApiMessages", "The gateway answered without any image.")), details=preview(body)
        )
    return result


def image_part(field: str, path: Path) -> FilePart:
    """A file part typed by its bytes, named with the matching extension (gateways check both)."""
    with open(path, "rb") as handle:
        found: MediaType | None = sniff(handle.read(SNIFF_BYTES))
    if found is None:
        return FilePart(field, path)
    suffixes = (found.ext, "jpeg") if found.ext == "jpg" else (found.ext,)
    name = path.name if path.suffix.lower().lstrip(".") in suffixes else f"{path.stem}.{found.ext}"
    return FilePart(field, path, filename=name, content_type=found.mime)


def image_field(model: str, count: int) -> str:
    """`image[]` (repeated) for GPT image models or several images; one `image` for dall-e-2."""
    rules = rules_for(model)
    return "image[]" if (rules is not None and rules.gpt_image) or count > 1 else "image"


class ImagesApi:
    def __init__(self, client: UniApiClient) -> None:
        self._client = client

    async def generate(self, request: ImageRequest) -> ImagesResult:
        return result_from(await self._client.post_json(GENERATIONS_PATH, request.options(), paid=True))

    async def edit(
        self,
        images: Sequence[Path],
        request: ImageRequest,
        *,
        mask: Path | None = None,
        progress: ProgressCallback | None = None,
    ) -> ImagesResult:
        """Upload the images (the mask applies to the first) streamed from disk; `progress(sent, total)`."""
        field = image_field(request.model, len(images))
        parts = [image_part(field, path) for path in images]
        if mask is not None:
            parts.append(image_part("mask", mask))
        return await self._upload(EDITS_PATH, request, parts, progress)

    async def vary(
        self, image: Path, request: ImageRequest, *, progress: ProgressCallback | None = None
    ) -> ImagesResult:
        return await self._upload(VARIATIONS_PATH, replace(request, prompt=""), [image_part("image", image)], progress)

    async def _upload(
        self, path: str, request: ImageRequest, parts: list[FilePart], progress: ProgressCallback | None
    ) -> ImagesResult:
        upload = MultipartUpload(request.form_fields(), parts, progress=progress)
        response = await self._client.post_multipart(path, upload, paid=True)
        return result_from(decode_json(response))
