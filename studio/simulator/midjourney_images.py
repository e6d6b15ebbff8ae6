"""The pictures Midjourney answers with: 2×2 grids, upscaled quadrants, zooms, pans, inpaints and face swaps."""

from __future__ import annotations

import re
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageOps

from studio.simulator.artwork import blend_onto, draw_caption, painting, two_by_two
from studio.simulator.footage import even

ASPECT_FLAG = re.compile(r"--(?:ar|aspect)\s+(\d+)\s*:\s*(\d+)")
ZOOM_FLAG = re.compile(r"--zoom\s+(\d+(?:\.\d+)?)")
GRID_LONG_SIDE = 512
MAX_UPSCALE_SIDE = 1024
MAX_RATIO = 4.0
DEFAULT_ZOOM = 2.0


def aspect_of(prompt: str) -> tuple[int, int]:
    """The `--ar W:H` of a prompt, 1:1 without one; extreme ratios are capped as Midjourney does."""
    match = ASPECT_FLAG.search(prompt)
    if match is None:
        return 1, 1
    width, height = int(match.group(1)) or 1, int(match.group(2)) or 1
    ratio = min(MAX_RATIO, max(1 / MAX_RATIO, width / height))
    return (width, height) if ratio == width / height else (round(ratio * 100), 100)


def zoom_of(prompt: str) -> float:
    match = ZOOM_FLAG.search(prompt)
    return min(2.0, max(1.0, float(match.group(1)))) if match else DEFAULT_ZOOM


def quadrant_size(aspect: tuple[int, int]) -> tuple[int, int]:
    width, height = aspect
    half = GRID_LONG_SIDE // 2
    if width >= height:
        return half, even(half * height / width)
    return even(half * width / height), half


@dataclass(frozen=True)
class Derivation:
    """How the four pictures of a grid relate to an earlier picture (`source`), if at all."""

    kind: str = "new"  # new, vary, zoom, pan, inpaint
    source_weight: float = 0.0  # for "vary" and for image prompts: how much of the source shows
    zoom: float = DEFAULT_ZOOM
    direction: str = ""  # for "pan": left, right, up, down


def grid_picture(
    prompt: str,
    aspect: tuple[int, int],
    variant: str,
    derivation: Derivation,
    source: Image.Image | None = None,
    mask: Image.Image | None = None,
) -> Image.Image:
    """Four visibly different pictures for the prompt, each captioned with it, in one 2×2 grid."""
    size = quadrant_size(aspect)
    quadrants = []
    for index in range(4):
        fresh = painting(prompt, *size, variant=f"{variant}:{index}", caption=False)
        quadrant = _derive(fresh, derivation, source, mask)
        canvas = quadrant.convert("RGBA")
        draw_caption(canvas, prompt, corner_label=str(index + 1))
        quadrants.append(canvas.convert("RGB"))
    return two_by_two(quadrants)


def _derive(
    fresh: Image.Image, derivation: Derivation, source: Image.Image | None, mask: Image.Image | None
) -> Image.Image:
    if source is None or (derivation.kind == "new" and derivation.source_weight <= 0):
        return fresh
    if derivation.kind in ("new", "vary"):
        return blend_onto(source, fresh, derivation.source_weight)
    fitted = source.convert("RGB").resize(fresh.size, Image.Resampling.BILINEAR)
    if derivation.kind == "zoom":
        smaller = fitted.resize(
            (max(1, int(fresh.width / derivation.zoom)), max(1, int(fresh.height / derivation.zoom)))
        )
        result = fresh.copy()
        result.paste(smaller, ((fresh.width - smaller.width) // 2, (fresh.height - smaller.height) // 2))
        return result
    if derivation.kind == "pan":
        shift_x = {"left": 1, "right": -1}.get(derivation.direction, 0) * fresh.width // 3
        shift_y = {"up": 1, "down": -1}.get(derivation.direction, 0) * fresh.height // 3
        result = fresh.copy()
        result.paste(fitted, (shift_x, shift_y))
        return result
    if derivation.kind == "inpaint" and mask is not None:
        region = ImageOps.grayscale(mask.convert("RGBA").convert("RGB")).resize(fresh.size)
        return Image.composite(fresh, fitted, region.point(lambda value: 255 if value > 127 else 0))
    return blend_onto(fitted, fresh, 0.5)


def upscaled(picture: Image.Image, factor: float = 2.0) -> Image.Image:
    """`picture` enlarged (capped at MAX_UPSCALE_SIDE), as an upscale of one quadrant looks."""
    scale = min(factor, MAX_UPSCALE_SIDE / max(picture.size))
    size = (even(picture.width * scale), even(picture.height * scale))
    return picture.resize(size, Image.Resampling.LANCZOS)


def swapped_face(face: Image.Image, target: Image.Image) -> Image.Image:
    """The target picture with the face picture set into a circle in its upper middle."""
    result = target.convert("RGB")
    result.thumbnail((GRID_LONG_SIDE, GRID_LONG_SIDE))
    diameter = max(8, min(result.size) // 3)
    face_square = ImageOps.fit(face.convert("RGB"), (diameter, diameter))
    circle = Image.new("L", (diameter, diameter), 0)
    ImageDraw.Draw(circle).ellipse((0, 0, diameter - 1, diameter - 1), fill=255)
    result.paste(face_square, ((result.width - diameter) // 2, result.height // 6), circle)
    return result


def dominant_colour_name(picture: Image.Image) -> str:
    red, green, blue = picture.convert("RGB").resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))  # type: ignore[misc]
    names = {
        "crimson": (200, 30, 40), "orange": (230, 130, 30), "golden": (220, 190, 60), "green": (60, 160, 70),
        "teal": (40, 150, 150), "blue": (50, 90, 200), "violet": (140, 70, 190), "pink": (230, 120, 170),
        "white": (235, 235, 235), "grey": (128, 128, 128), "black": (20, 20, 20), "brown": (120, 80, 50),
    }  # fmt: skip
    return min(names, key=lambda name: sum((a - b) ** 2 for a, b in zip(names[name], (red, green, blue), strict=True)))
