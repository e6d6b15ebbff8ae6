"""The pictures of the OpenAI images family: generations with the prompt drawn in, edits that change only the
mask's transparent area, variations that stay close to their source, encoded as PNG, JPEG or WebP."""

from __future__ import annotations

import io
import math

import numpy as np
from PIL import Image

from studio.simulator.artwork import blend_onto, draw_caption, painting

VARIATION_SOURCE_WEIGHT = 0.65
WHOLE_EDIT_SOURCE_WEIGHT = 0.5
CONTENT_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp"}


def generated(prompt: str, size: tuple[int, int], index: int, *, model: str, transparent: bool) -> Image.Image:
    return painting(prompt, *size, variant=f"{model}:{index}", transparent=transparent)


def edit_area(first: Image.Image, mask: Image.Image | None, size: tuple[int, int]) -> Image.Image | None:
    """Where the edit may paint, as an L image of `size` (255 = edit): the mask's fully transparent pixels,
    else the first image's own; None when neither has any, and the whole picture is re-imagined."""
    source = mask if mask is not None else first
    if "A" not in source.getbands():
        return None
    alpha = np.asarray(source.getchannel("A"))
    if not (alpha == 0).any():
        return None
    area = Image.fromarray(np.where(alpha == 0, 255, 0).astype(np.uint8), "L")
    return area.resize(size, Image.Resampling.NEAREST)


def _mosaic(images: list[Image.Image], size: tuple[int, int]) -> Image.Image:
    """All inputs side by side in a near-square grid, so every uploaded picture shows in the result."""
    columns = math.ceil(math.sqrt(len(images)))
    rows = math.ceil(len(images) / columns)
    width, height = size
    cell = (max(1, width // columns), max(1, height // rows))
    board = Image.new("RGB", size)
    for index, picture in enumerate(images):
        tile = picture.convert("RGB").resize(cell, Image.Resampling.BILINEAR)
        board.paste(tile, ((index % columns) * cell[0], (index // columns) * cell[1]))
    return board


def edited(
    images: list[Image.Image], mask: Image.Image | None, prompt: str, size: tuple[int, int], index: int
) -> Image.Image:
    """The first image at `size` with the edit area repainted (the prompt drawn inside it); outside the area
    the pixels are the source's. Without an edit area every input shows, blended under the new picture."""
    area = edit_area(images[0], mask, size)
    fresh = painting(prompt, *size, variant=f"edit:{index}", caption=area is None)
    if area is None:
        base = images[0] if len(images) == 1 else _mosaic(images, size)
        picture = blend_onto(base, fresh, WHOLE_EDIT_SOURCE_WEIGHT).convert("RGBA")
        draw_caption(picture, prompt)
        return picture.convert("RGB")
    result = images[0].convert("RGBA").resize(size, Image.Resampling.BILINEAR)
    left, top, right, bottom = area.getbbox() or (0, 0, *size)
    patch = fresh.crop((left, top, right, bottom)).convert("RGBA")
    draw_caption(patch, prompt)
    result.paste(patch, (left, top), area.crop((left, top, right, bottom)))
    opaque = result.getchannel("A").getextrema() == (255, 255)
    return result.convert("RGB") if opaque else result


def variation(source: Image.Image, size: tuple[int, int], index: int, seed: str) -> Image.Image:
    fresh = painting(seed, *size, variant=f"variation:{index}", caption=False)
    picture = blend_onto(source, fresh, VARIATION_SOURCE_WEIGHT).convert("RGBA")
    draw_caption(picture, f"variation {index + 1}")
    return picture.convert("RGB")


def encoded(picture: Image.Image, output_format: str, compression: int | None) -> bytes:
    """The picture as `output_format` (png, jpeg, webp); `compression` 0–100 sets the JPEG/WebP quality."""
    buffer = io.BytesIO()
    quality = 95 if compression is None else max(1, min(100, compression))
    if output_format == "png":
        picture.save(buffer, format="PNG", compress_level=1)
    elif output_format == "jpeg":
        picture.convert("RGB").save(buffer, format="JPEG", quality=quality)
    else:
        picture.save(buffer, format="WEBP", quality=quality)
    return buffer.getvalue()
