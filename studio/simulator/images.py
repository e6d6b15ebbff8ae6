"""The OpenAI images family: generations (JSON), edits and variations (multipart), refused like the gateway.

The rules per model follow the gateway's reference: sizes per model; n from 1 to 10 (dall-e-3: 1); prompts of
at most 1000 (dall-e-2), 4000 (dall-e-3) or 32000 (gpt-image-1) characters; dall-e-2 takes one square PNG
under 4 MB, gpt-image-1 up to 16 PNG, WebP or JPEG images under 25 MB each; a mask is a PNG with an alpha
channel, under 4 MB, the size of the first image. Without a model the gateway picks dall-e-2, or gpt-image-1
when a parameter only gpt-image-1 knows is set. gpt-image-1 always answers b64_json, with token usage;
dall-e answers URLs that expire (`--url-ttl`, 60 minutes by default) unless b64_json is asked for, and
dall-e-3 says how it revised the prompt. Every uploaded picture is kept for tests (`GET /_sim/uploads/…`).
"""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PIL import Image
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from studio.simulator.artwork import decode_image
from studio.simulator.errors import GatewayError, invalid_parameter, missing_parameter
from studio.simulator.ids import new_id
from studio.simulator.image_pictures import CONTENT_TYPES, edited, encoded, generated, variation
from studio.simulator.models import ModelKind, ResolvedModel, resolve_model
from studio.simulator.request_context import RequestContext
from studio.simulator.song_words import TRIGGER
from studio.simulator.validation import optional_int, optional_string, require_string, wrong_type

if TYPE_CHECKING:
    from studio.simulator.state import SimulatorState

GENERATIONS_PATH = "/v1/images/generations"
EDITS_PATH = "/v1/images/edits"
VARIATIONS_PATH = "/v1/images/variations"

MB = 1024 * 1024
AUTO = "auto"
DALLE2_SIZES = ("256x256", "512x512", "1024x1024")
DALLE3_SIZES = ("1024x1024", "1792x1024", "1024x1792")
GPT_IMAGE_SIZES = ("1024x1024", "1536x1024", "1024x1536")
DALLE2_MAX_BYTES = 4 * MB
GPT_IMAGE_MAX_BYTES = 25 * MB
MASK_MAX_BYTES = 4 * MB
GPT_IMAGE_MAX_INPUTS = 16
MAX_N = 10
RESPONSE_FORMATS = ("url", "b64_json")
OUTPUT_FORMATS = ("png", "jpeg", "webp")
BACKGROUNDS = ("transparent", "opaque", AUTO)
MODERATIONS = ("low", AUTO)
STYLES = ("vivid", "natural")
GPT_IMAGE_ONLY = ("background", "output_format", "output_compression", "moderation")
GPT_IMAGE_QUALITIES = ("low", "medium", "high")
FORM_INTEGERS = ("n", "output_compression")
WIDE_RATIO = 1.2

OUTPUT_TOKENS = {  # per image, by quality and size (the portrait and landscape sizes cost the same)
    ("low", "1024x1024"): 272,
    ("medium", "1024x1024"): 1056,
    ("high", "1024x1024"): 4160,
    ("low", "1536x1024"): 408,
    ("medium", "1536x1024"): 1584,
    ("high", "1536x1024"): 6240,
}
USD_PER_TOKEN_TEXT, USD_PER_TOKEN_IMAGE_IN, USD_PER_TOKEN_OUT = 5e-6, 10e-6, 40e-6
DALLE2_PRICES = {"256x256": 0.016, "512x512": 0.018, "1024x1024": 0.02}
DALLE3_PRICES = {"standard": (0.04, 0.08), "hd": (0.08, 0.12)}  # (square, wide) per image
REVISION = {
    "vivid": "hyper-real and dramatic, with saturated colours and cinematic light",
    "natural": "natural and true to life, with soft daylight and muted colours",
}


@dataclass(frozen=True)
class ModelRules:
    generation_sizes: tuple[str, ...]
    edit_sizes: tuple[str, ...]
    """Empty when the model cannot edit."""
    max_prompt: int
    max_n: int
    qualities: tuple[str, ...]
    styles: tuple[str, ...] = ()
    gpt_image: bool = False
    varies: bool = False


DALLE2 = ModelRules(DALLE2_SIZES, DALLE2_SIZES, 1000, MAX_N, ("standard", AUTO), varies=True)
DALLE3 = ModelRules(DALLE3_SIZES, (), 4000, 1, ("standard", "hd", AUTO), STYLES)
GPT_IMAGE = ModelRules(
    (*GPT_IMAGE_SIZES, AUTO), (*GPT_IMAGE_SIZES, AUTO), 32000, MAX_N, (*GPT_IMAGE_QUALITIES, AUTO), gpt_image=True
)
RULES = {"dall-e-2": DALLE2, "dall-e-3": DALLE3, "gpt-image-1": GPT_IMAGE}


def rules_for(model_id: str) -> ModelRules:
    """A model added to the catalogue by a test follows gpt-image-1's rules when named like it, else dall-e-2's."""
    if model_id in RULES:
        return RULES[model_id]
    return GPT_IMAGE if model_id.startswith(("gpt-image", "chatgpt-image")) else DALLE2


@dataclass(frozen=True)
class ImageSettings:
    model: str
    rules: ModelRules
    prompt: str
    n: int
    size: str
    quality: str
    style: str | None
    response_format: str
    output_format: str
    compression: int | None
    background: str

    def pixels(self, first: Image.Image | None = None) -> tuple[int, int]:
        """The size served: "auto" is the standard size nearest the first input's shape (square without one)."""
        size = self.size
        if size == AUTO:
            ratio = first.width / first.height if first is not None else 1.0
            size = "1536x1024" if ratio > WIDE_RATIO else "1024x1536" if ratio < 1 / WIDE_RATIO else "1024x1024"
        width, height = size.split("x")
        return int(width), int(height)

    @property
    def resolved_quality(self) -> str:
        return "medium" if self.quality == AUTO else self.quality


# --- reading the request ------------------------------------------------------------------------------


def _form_values(form: FormData) -> dict[str, Any]:
    """The text fields of a multipart body, the integer ones parsed as the gateway does."""
    values: dict[str, Any] = {}
    for name, value in form.multi_items():
        if isinstance(value, str):
            values[name] = value
    for name in FORM_INTEGERS:
        if name in values:
            try:
                values[name] = int(values[name])
            except ValueError:
                raise wrong_type(name, "an integer", values[name]) from None
    return values


def _form(context: RequestContext) -> FormData:
    if context.body.form_error is not None or context.body.form is None:
        raise GatewayError(
            400, "Expected a multipart/form-data body with an 'image' part.", code="invalid_request", param="image"
        )
    return context.body.form


def _model(state: SimulatorState, values: dict[str, Any], path: str) -> ResolvedModel:
    if values.get("model") in (None, ""):
        asks_gpt_image = values.get("quality") in GPT_IMAGE_QUALITIES or any(
            values.get(name) is not None for name in GPT_IMAGE_ONLY
        )
        values = {**values, "model": "gpt-image-1" if asks_gpt_image and path != VARIATIONS_PATH else "dall-e-2"}
    return resolve_model(state.catalogue, values, frozenset({ModelKind.IMAGE}), path)


def _not_supported(model: str, path: str) -> GatewayError:
    return GatewayError(400, f"The model `{model}` does not support {path}.", param="model", code="model_not_supported")


def _choice(values: dict[str, Any], name: str, allowed: tuple[str, ...], default: str, model: str) -> str:
    value = optional_string(values, name)
    if value is None:
        return default
    if value not in allowed:
        raise invalid_parameter(
            name, f"'{value}' is not supported by {model}; supported values are: {', '.join(allowed)}."
        )
    return value


def read_settings(values: dict[str, Any], model: str, *, path: str) -> ImageSettings:
    rules = rules_for(model)
    prompt = ""
    if path != VARIATIONS_PATH:
        prompt = require_string(values, "prompt")
        if len(prompt) > rules.max_prompt:
            raise invalid_parameter(
                "prompt",
                f"string too long. Expected a string with maximum length {rules.max_prompt}, "
                f"but got a string with length {len(prompt)} instead.",
                code="string_above_max_length",
            )
    n = optional_int(values, "n", 1, MAX_N) or 1
    if n > rules.max_n:
        raise invalid_parameter("n", f"You must provide n=1 for {model}.")
    sizes = (
        DALLE2_SIZES if path == VARIATIONS_PATH else rules.edit_sizes if path == EDITS_PATH else rules.generation_sizes
    )
    size = _choice(values, "size", sizes, AUTO if rules.gpt_image else "1024x1024", model)
    quality = _choice(values, "quality", rules.qualities, AUTO, model)
    style = optional_string(values, "style")
    if style is not None:
        if not rules.styles:
            raise invalid_parameter(
                "style", f"style is only supported by dall-e-3, not {model}.", code="unsupported_parameter"
            )
        style = _choice(values, "style", rules.styles, "vivid", model)
    elif rules.styles:
        style = "vivid"
    response_format = optional_string(values, "response_format")
    if rules.gpt_image:
        if response_format is not None:
            raise invalid_parameter(
                "response_format",
                f"{model} always returns b64_json; response_format is not supported.",
                code="unsupported_parameter",
            )
        response_format = "b64_json"
    else:
        for name in GPT_IMAGE_ONLY:
            if values.get(name) is not None:
                raise invalid_parameter(
                    name, f"{name} is only supported by gpt-image-1, not {model}.", code="unsupported_parameter"
                )
        response_format = _choice(values, "response_format", RESPONSE_FORMATS, "url", model)
    output_format = _choice(values, "output_format", OUTPUT_FORMATS, "png", model)
    compression = optional_int(values, "output_compression", 0, 100)
    if compression is not None and output_format == "png":
        raise invalid_parameter(
            "output_compression", "output_compression is only supported for the jpeg and webp formats."
        )
    background = _choice(values, "background", BACKGROUNDS, AUTO, model)
    if background == "transparent" and output_format == "jpeg":
        raise invalid_parameter("background", "A transparent background needs output_format png or webp.")
    _choice(values, "moderation", MODERATIONS, AUTO, model)
    optional_string(values, "user")
    return ImageSettings(
        model, rules, prompt, n, size, quality, style, response_format, output_format, compression, background
    )


def _format_of(data: bytes) -> str | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    return None


def _with_alpha(picture: Image.Image) -> Image.Image:
    """Palette and greyscale PNGs with a transparent colour count as having alpha, as the gateway reads them."""
    if picture.mode in ("P", "L", "RGB") and "transparency" in picture.info:
        return picture.convert("RGBA")
    return picture


@dataclass(frozen=True)
class Upload:
    picture: Image.Image
    format: str | None
    size: int
    sha256: str


async def _read_upload(state: SimulatorState, value: Any, param: str, number: int) -> Upload:
    if not isinstance(value, UploadFile):
        raise invalid_parameter(
            param, f"expected a file for {param} {number}, but got text instead.", code="invalid_type"
        )
    data = await value.read()
    sha256 = state.uploads.keep(data)
    picture = await run_in_threadpool(decode_image, data)
    if picture is None:
        raise invalid_parameter(
            param,
            f"Invalid image file or mode for {param} {number}, please check your image file.",
            code="invalid_image_file",
        )
    return Upload(_with_alpha(picture), _format_of(data), len(data), sha256)


def _describe(upload: Upload) -> str:
    width, height = upload.picture.size
    return f"a {width}×{height} {(upload.format or 'unknown').upper()} of {upload.size / MB:.1f} MB"


def _check_dalle2_picture(upload: Upload, param: str, number: int) -> None:
    if upload.format != "png" or upload.size >= DALLE2_MAX_BYTES or upload.picture.width != upload.picture.height:
        raise invalid_parameter(
            param,
            f"dall-e-2 needs a square PNG under 4 MB; {param} {number} is {_describe(upload)}.",
            code="invalid_image",
        )


async def read_images(context: RequestContext, form: FormData, settings: ImageSettings) -> list[Upload]:
    values = [*form.getlist("image"), *form.getlist("image[]")]
    if not values:
        raise missing_parameter("image")
    if not settings.rules.gpt_image and len(values) > 1:
        raise invalid_parameter("image", f"{settings.model} takes exactly one image, not {len(values)}.")
    if len(values) > GPT_IMAGE_MAX_INPUTS:
        raise invalid_parameter(
            "image",
            f"array too long. Expected an array with maximum length {GPT_IMAGE_MAX_INPUTS}, "
            f"but got an array with length {len(values)} instead.",
            code="array_above_max_length",
        )
    uploads = []
    for number, value in enumerate(values, 1):
        upload = await _read_upload(context.state, value, "image", number)
        if not settings.rules.gpt_image:
            _check_dalle2_picture(upload, "image", number)
        elif upload.format not in ("png", "webp", "jpeg") or upload.size >= GPT_IMAGE_MAX_BYTES:
            raise invalid_parameter(
                "image",
                f"{settings.model} takes PNG, WebP or JPEG images under 25 MB; image {number} is {_describe(upload)}.",
                code="invalid_image",
            )
        uploads.append(upload)
    return uploads


async def read_mask(context: RequestContext, form: FormData, first: Upload) -> Image.Image | None:
    value = form.get("mask")
    if value is None:
        return None
    mask = await _read_upload(context.state, value, "mask", 1)
    if mask.format != "png" or mask.size >= MASK_MAX_BYTES:
        raise invalid_parameter(
            "mask", f"the mask must be a PNG under 4 MB; it is {_describe(mask)}.", code="invalid_image"
        )
    if "A" not in mask.picture.getbands():
        raise invalid_parameter(
            "mask",
            "the mask must have an alpha channel; its fully transparent pixels mark where to edit.",
            code="invalid_image",
        )
    if mask.picture.size != first.picture.size:
        mask_w, mask_h = mask.picture.size
        image_w, image_h = first.picture.size
        raise invalid_parameter(
            "mask",
            f"the mask ({mask_w}×{mask_h}) must have the same dimensions as the image ({image_w}×{image_h}).",
            code="invalid_image",
        )
    return mask.picture


# --- the reply ----------------------------------------------------------------------------------------


def revised(prompt: str, style: str) -> str:
    """How dall-e-3 rewrites a prompt before drawing it."""
    return f"{prompt.strip().rstrip('.')}, {REVISION[style]}, in a balanced, detailed composition."


def _tiles(picture: Image.Image) -> int:
    scale = min(1.0, 1024 / max(picture.size))
    return math.ceil(picture.width * scale / 512) * math.ceil(picture.height * scale / 512)


def token_usage(settings: ImageSettings, size: tuple[int, int], inputs: list[Image.Image]) -> dict[str, Any]:
    text_tokens = max(1, math.ceil(len(settings.prompt) / 4))
    image_tokens = sum(65 + 129 * _tiles(picture) for picture in inputs)
    shape = "1024x1024" if size[0] == size[1] else "1536x1024"
    output = OUTPUT_TOKENS[(settings.resolved_quality, shape)] * settings.n
    return {
        "total_tokens": text_tokens + image_tokens + output,
        "input_tokens": text_tokens + image_tokens,
        "output_tokens": output,
        "input_tokens_details": {"text_tokens": text_tokens, "image_tokens": image_tokens},
    }


def price_usd(settings: ImageSettings, size: tuple[int, int], usage: dict[str, Any] | None) -> float:
    if usage is not None:
        details = usage["input_tokens_details"]
        return float(
            details["text_tokens"] * USD_PER_TOKEN_TEXT
            + details["image_tokens"] * USD_PER_TOKEN_IMAGE_IN
            + usage["output_tokens"] * USD_PER_TOKEN_OUT
        )
    if settings.model == "dall-e-3":
        square, wide = DALLE3_PRICES["hd" if settings.quality == "hd" else "standard"]
        return (square if size[0] == size[1] else wide) * settings.n
    return DALLE2_PRICES.get(f"{size[0]}x{size[1]}", DALLE2_PRICES["1024x1024"]) * settings.n


def _item(
    state: SimulatorState, picture: Image.Image, settings: ImageSettings, revised_prompt: str | None
) -> dict[str, Any]:
    data = encoded(picture, settings.output_format, settings.compression)
    item: dict[str, Any] = {}
    if settings.response_format == "b64_json":
        item["b64_json"] = base64.b64encode(data).decode("ascii")
    else:
        extension = "jpg" if settings.output_format == "jpeg" else settings.output_format
        item["url"] = state.media.put(data, CONTENT_TYPES[settings.output_format], f"{new_id('img-', 16)}.{extension}")
    if revised_prompt is not None:
        item["revised_prompt"] = revised_prompt
    return item


async def _reply(
    context: RequestContext,
    settings: ImageSettings,
    size: tuple[int, int],
    pictures: list[Image.Image],
    inputs: list[Image.Image],
    revised_prompt: str | None,
) -> JSONResponse:
    state = context.state
    data = await run_in_threadpool(lambda: [_item(state, picture, settings, revised_prompt) for picture in pictures])
    body: dict[str, Any] = {"created": int(state.clock()), "data": data}
    usage = token_usage(settings, size, inputs) if settings.rules.gpt_image else None
    if usage is not None:
        body.update(
            background="transparent" if settings.background == "transparent" else "opaque",
            output_format=settings.output_format,
            size=f"{size[0]}x{size[1]}",
            quality=settings.resolved_quality,
            usage=usage,
        )
    state.ledger.charge_usd(price_usd(settings, size, usage))
    return JSONResponse(body)


# --- the routes ---------------------------------------------------------------------------------------


def _drawn(prompt: str) -> str:
    return " ".join(TRIGGER.sub(" ", prompt).split())


async def create_generation(request: Request) -> JSONResponse:
    context = RequestContext.of(request)
    values = context.json_object()
    model = _model(context.state, values, GENERATIONS_PATH)
    settings = read_settings(values, model.id, path=GENERATIONS_PATH)
    context.state.ledger.require_funds()
    context.refuse_stream_fault_without_stream()
    size = settings.pixels()
    revised_prompt = revised(_drawn(settings.prompt), settings.style) if settings.style else None
    shown = revised_prompt or _drawn(settings.prompt)
    transparent = settings.background == "transparent"

    def paint() -> list[Image.Image]:
        return [generated(shown, size, index, model=model.id, transparent=transparent) for index in range(settings.n)]

    pictures = await run_in_threadpool(paint)
    return await _reply(context, settings, size, pictures, [], revised_prompt)


async def create_edit(request: Request) -> JSONResponse:
    context = RequestContext.of(request)
    form = _form(context)
    values = _form_values(form)
    model = _model(context.state, values, EDITS_PATH)
    settings = read_settings(values, model.id, path=EDITS_PATH)
    if not settings.rules.edit_sizes:
        raise _not_supported(model.id, EDITS_PATH)
    uploads = await read_images(context, form, settings)
    mask = await read_mask(context, form, uploads[0])
    context.state.ledger.require_funds()
    context.refuse_stream_fault_without_stream()
    inputs = [upload.picture for upload in uploads]
    size = settings.pixels(inputs[0])
    prompt = _drawn(settings.prompt)

    def paint() -> list[Image.Image]:
        return [edited(inputs, mask, prompt, size, index) for index in range(settings.n)]

    pictures = await run_in_threadpool(paint)
    return await _reply(context, settings, size, pictures, inputs, None)


async def create_variation(request: Request) -> JSONResponse:
    context = RequestContext.of(request)
    form = _form(context)
    values = _form_values(form)
    model = _model(context.state, values, VARIATIONS_PATH)
    if not rules_for(model.id).varies:
        raise _not_supported(model.id, VARIATIONS_PATH)
    settings = read_settings(values, model.id, path=VARIATIONS_PATH)
    value = form.get("image")
    if value is None:
        raise missing_parameter("image")
    upload = await _read_upload(context.state, value, "image", 1)
    _check_dalle2_picture(upload, "image", 1)
    context.state.ledger.require_funds()
    context.refuse_stream_fault_without_stream()
    size = settings.pixels()

    def paint() -> list[Image.Image]:
        return [variation(upload.picture, size, index, upload.sha256) for index in range(settings.n)]

    pictures = await run_in_threadpool(paint)
    return await _reply(context, settings, size, pictures, [upload.picture], None)


image_routes = [
    Route(GENERATIONS_PATH, create_generation, methods=["POST"]),
    Route(EDITS_PATH, create_edit, methods=["POST"]),
    Route(VARIATIONS_PATH, create_variation, methods=["POST"]),
]
