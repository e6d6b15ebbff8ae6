"""Ideogram, synchronous, keyed by the `Api-Key` header: generate (JSON), remix, upscale, describe (multipart).

Pictures are PNGs at half of Ideogram's own resolution for the aspect ratio (e.g. 512×512 for ASPECT_1_1,
656×368 for ASPECT_16_9), and `resolution` reports the size actually served. `[[unsafe]]` in the prompt
marks the first picture unsafe (no URL); a banned word gets 422 "failed the safety check".
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from typing import TYPE_CHECKING, Any

from PIL import Image
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from studio.simulator.artwork import blend_onto, decode_image, draw_caption, painting, png_bytes, seed_of
from studio.simulator.errors import GatewayError
from studio.simulator.footage import even
from studio.simulator.midjourney_images import dominant_colour_name, upscaled
from studio.simulator.request_context import RequestContext
from studio.simulator.song_words import TRIGGER

if TYPE_CHECKING:
    from studio.simulator.state import SimulatorState

NOMINAL_RESOLUTIONS = {
    "ASPECT_1_1": (1024, 1024),
    "ASPECT_16_9": (1312, 736),
    "ASPECT_9_16": (736, 1312),
    "ASPECT_10_16": (800, 1280),
    "ASPECT_16_10": (1280, 800),
    "ASPECT_3_2": (1248, 832),
    "ASPECT_2_3": (832, 1248),
    "ASPECT_4_3": (1152, 864),
    "ASPECT_3_4": (864, 1152),
    "ASPECT_1_3": (576, 1728),
    "ASPECT_3_1": (1728, 576),
}
SERVED_SCALE = 0.5
MODELS = ("V_1", "V_1_TURBO", "V_2", "V_2_TURBO")
STYLED_MODELS = ("V_2", "V_2_TURBO")
MAGIC_PROMPT_OPTIONS = ("AUTO", "ON", "OFF")
STYLE_TYPES = ("AUTO", "GENERAL", "REALISTIC", "DESIGN", "RENDER_3D", "ANIME")
RESOLUTION_PATTERN = re.compile(r"^RESOLUTION_(\d+)_(\d+)$")
MAX_IMAGES = 8
MAX_SEED = 2_147_483_647
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
BANNED_WORDS = ("nsfw", "nude", "naked", "gore", "porn")
UNSAFE_TRIGGER = "[[unsafe]]"
MAGIC_SUFFIX = ", highly detailed, vivid colours, soft cinematic lighting, intricate composition"
PRICE_USD_PER_IMAGE = 0.08


def bad_request(message: str, status: int = 400) -> GatewayError:
    return GatewayError(status, message, code="invalid_request")


def _created(state: SimulatorState) -> str:
    return dt.datetime.fromtimestamp(state.clock(), dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _choice(request: dict[str, Any], name: str, allowed: tuple[str, ...], default: str) -> str:
    value = request.get(name, default)
    if value is None:
        return default
    if value not in allowed:
        raise bad_request(f"{name} must be one of {', '.join(allowed)}, got {value!r}")
    return str(value)


def _int_in(request: dict[str, Any], name: str, low: int, high: int, default: int | None) -> int | None:
    value = request.get(name, default)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise bad_request(f"{name} must be an integer from {low} to {high}")
    return value


def _prompt(request: dict[str, Any], *, required: bool = True) -> str:
    prompt = request.get("prompt")
    if prompt is None or prompt == "":
        if required:
            raise bad_request("image_request.prompt is required")
        return ""
    if not isinstance(prompt, str):
        raise bad_request("image_request.prompt must be a string")
    for word in BANNED_WORDS:
        if re.search(rf"\b{word}\b", prompt.lower()):
            raise bad_request("Prompt failed the safety check.", status=422)
    return prompt


def served_size(request: dict[str, Any]) -> tuple[int, int]:
    """The pixel size served for the request's aspect_ratio or resolution (they exclude each other)."""
    aspect = request.get("aspect_ratio")
    resolution = request.get("resolution")
    if aspect is not None and resolution is not None:
        raise bad_request("aspect_ratio and resolution cannot be used together")
    if resolution is not None:
        match = RESOLUTION_PATTERN.match(str(resolution))
        if match is None:
            raise bad_request("resolution must look like RESOLUTION_1024_1024")
        width, height = int(match.group(1)), int(match.group(2))
    elif aspect is not None:
        if aspect not in NOMINAL_RESOLUTIONS:
            raise bad_request(f"aspect_ratio must be one of {', '.join(NOMINAL_RESOLUTIONS)}, got {aspect!r}")
        width, height = NOMINAL_RESOLUTIONS[aspect]
    else:
        width, height = NOMINAL_RESOLUTIONS["ASPECT_1_1"]
    return even(width * SERVED_SCALE), even(height * SERVED_SCALE)


def magic_prompt(prompt: str, option: str) -> str:
    """What Magic Prompt makes of the prompt: AUTO expands short prompts, ON always, OFF never."""
    expand = option == "ON" or (option == "AUTO" and len(prompt.split()) < 12)
    return prompt + MAGIC_SUFFIX if expand and prompt else prompt


def _style(request: dict[str, Any], model: str, seed: int) -> str:
    style = request.get("style_type")
    if style is not None and model not in STYLED_MODELS:
        raise bad_request(f"style_type is only supported by {' and '.join(STYLED_MODELS)}")
    style = _choice(request, "style_type", STYLE_TYPES, "AUTO")
    return STYLE_TYPES[1 + seed % (len(STYLE_TYPES) - 1)] if style == "AUTO" else style


def render_images(
    state: SimulatorState,
    request: dict[str, Any],
    size: tuple[int, int],
    base: Image.Image | None = None,
    base_weight: float = 0.0,
) -> list[dict[str, Any]]:
    """The `data` list of a generate or remix reply, with each picture stored behind an expiring URL."""
    prompt = _prompt(request)
    model = _choice(request, "model", MODELS, "V_2")
    option = _choice(request, "magic_prompt_option", MAGIC_PROMPT_OPTIONS, "AUTO")
    count = _int_in(request, "num_images", 1, MAX_IMAGES, 1) or 1
    first_seed = _int_in(request, "seed", 0, MAX_SEED, None)
    negative = request.get("negative_prompt")
    if negative is not None and not isinstance(negative, str):
        raise bad_request("negative_prompt must be a string")
    shown_prompt = magic_prompt(TRIGGER.sub("", prompt).strip(), option)
    unsafe_first = UNSAFE_TRIGGER in prompt
    rng = random.Random(seed_of(prompt, first_seed))
    results = []
    for index in range(count):
        seed = first_seed + index if first_seed is not None else rng.randrange(MAX_SEED)
        style = _style(request, model, seed)
        safe = not (unsafe_first and index == 0)
        picture = painting(shown_prompt, *size, variant=f"{model}:{style}:{seed}", caption=base is None)
        if base is not None:
            picture = blend_onto(base, picture, base_weight).convert("RGBA")
            draw_caption(picture, shown_prompt)
            picture = picture.convert("RGB")
        url = state.media.put(png_bytes(picture), "image/png", f"ideogram_{seed}.png") if safe else None
        results.append(
            {
                "prompt": shown_prompt,
                "resolution": f"{picture.width}x{picture.height}",
                "is_image_safe": safe,
                "seed": seed,
                "url": url,
                "style_type": style,
            }
        )
    state.ledger.charge_usd(PRICE_USD_PER_IMAGE * count)
    return results


async def generate(request: Request) -> JSONResponse:
    context = RequestContext.of(request)
    body = context.json_object()
    image_request = body.get("image_request")
    if not isinstance(image_request, dict):
        raise bad_request("image_request is required and must be an object")
    context.state.ledger.require_funds()
    size = served_size(image_request)
    data = await run_in_threadpool(render_images, context.state, image_request, size)
    return JSONResponse({"created": _created(context.state), "data": data})


async def _uploaded_picture(context: RequestContext) -> Image.Image:
    form = context.body.form
    if context.body.form_error is not None or form is None:
        raise bad_request("Expected multipart/form-data with an image_file part")
    upload = form.get("image_file")
    if not isinstance(upload, UploadFile):
        raise bad_request("image_file is required")
    data = await upload.read()
    if len(data) > MAX_UPLOAD_BYTES:
        raise bad_request("image_file is larger than 10 MB", status=413)
    picture = await run_in_threadpool(decode_image, data)
    if picture is None:
        raise bad_request("image_file is not an image (PNG, JPEG or WebP expected)")
    return picture.convert("RGB")


def _form_image_request(context: RequestContext, *, required: bool) -> dict[str, Any]:
    form = context.body.form
    raw = form.get("image_request") if form is not None else None
    if raw is None or raw == "":
        if required:
            raise bad_request("image_request is required (a JSON string)")
        return {}
    if not isinstance(raw, str):
        raise bad_request("image_request must be a JSON string, not a file")
    try:
        parsed = json.loads(raw)
    except json.JSONDecodeError as error:
        raise bad_request(f"image_request is not valid JSON: {error}") from error
    if not isinstance(parsed, dict):
        raise bad_request("image_request must be a JSON object")
    return parsed


def _fitted_size(picture: Image.Image, long_side: int = 512) -> tuple[int, int]:
    scale = long_side / max(picture.size)
    return even(picture.width * scale), even(picture.height * scale)


async def remix(request: Request) -> JSONResponse:
    context = RequestContext.of(request)
    picture = await _uploaded_picture(context)
    image_request = _form_image_request(context, required=True)
    weight = _int_in(image_request, "image_weight", 1, 100, 50) or 50
    context.state.ledger.require_funds()
    wants_own_shape = "aspect_ratio" in image_request or "resolution" in image_request
    size = served_size(image_request) if wants_own_shape else _fitted_size(picture)
    data = await run_in_threadpool(render_images, context.state, image_request, size, picture, weight / 100)
    return JSONResponse({"created": _created(context.state), "data": data})


async def upscale(request: Request) -> JSONResponse:
    context = RequestContext.of(request)
    picture = await _uploaded_picture(context)
    image_request = _form_image_request(context, required=False)
    _int_in(image_request, "resemblance", 1, 100, 50)
    _int_in(image_request, "detail", 1, 100, 50)
    prompt = _prompt(image_request, required=False) or f"a {dominant_colour_name(picture)} picture"
    seed = _int_in(image_request, "seed", 0, MAX_SEED, None)
    seed = seed if seed is not None else random.Random(seed_of(prompt)).randrange(MAX_SEED)
    context.state.ledger.require_funds()

    def render() -> dict[str, Any]:
        larger = upscaled(picture)
        url = context.state.media.put(png_bytes(larger), "image/png", f"ideogram_upscale_{seed}.png")
        return {
            "prompt": prompt,
            "resolution": f"{larger.width}x{larger.height}",
            "is_image_safe": True,
            "seed": seed,
            "url": url,
            "style_type": "GENERAL",
        }

    item = await run_in_threadpool(render)
    context.state.ledger.charge_usd(PRICE_USD_PER_IMAGE)
    return JSONResponse({"created": _created(context.state), "data": [item]})


async def describe(request: Request) -> JSONResponse:
    context = RequestContext.of(request)
    picture = await _uploaded_picture(context)
    colour = dominant_colour_name(picture)
    orientation = "wide" if picture.width > picture.height else "tall" if picture.height > picture.width else "square"
    text = (
        f"A {orientation} abstract composition dominated by {colour} tones, with overlapping geometric "
        f"shapes on a smooth gradient background, {picture.width}x{picture.height} pixels."
    )
    return JSONResponse({"descriptions": [{"text": text}]})


ideogram_routes = [
    Route("/ideogram/generate", generate, methods=["POST"]),
    Route("/ideogram/remix", remix, methods=["POST"]),
    Route("/ideogram/upscale", upscale, methods=["POST"]),
    Route("/ideogram/describe", describe, methods=["POST"]),
]
