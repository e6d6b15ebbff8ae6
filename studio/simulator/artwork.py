"""Pictures for the image and video families: gradients and shapes seeded by the prompt, the prompt drawn in."""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import re
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont, UnidentifiedImageError

DATA_URI_PREFIX = "data:"
MIN_FONT_PX = 10
TEXT_BAND_ALPHA = 150


def seed_of(*parts: object) -> int:
    """A stable 64-bit seed from any text, so the same prompt always paints the same picture."""
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).digest()
    return int.from_bytes(digest[:8], "little")


# Fonts with Chinese, Japanese and Korean glyphs where the system has them (Debian's fonts-noto-cjk), so a
# prompt typed in Chinese is drawn, not shown as boxes; (file, index of Simplified Chinese in the collection).
CJK_FONTS = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
)
WIDE = "\u2e80-\u9fff\u3000-\u303f\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
WIDE_CHAR = re.compile(f"[{WIDE}]")
TOKENS = re.compile(f"[{WIDE}]|[^\\s{WIDE}]+")


@lru_cache(maxsize=32)
def _font(size: int, wide: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    if wide:
        for path, index in CJK_FONTS:
            if Path(path).exists():
                try:
                    return ImageFont.truetype(path, size, index=index)
                except OSError:
                    continue
    return ImageFont.load_default(size=size)


def _wrap(text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, max_px: float, max_lines: int) -> list[str]:
    """Lines that fit `max_px`: broken between words, and between any two Chinese characters."""
    lines: list[str] = []
    line = ""
    for token in TOKENS.findall(text):
        joiner = "" if not line or WIDE_CHAR.match(token) or WIDE_CHAR.match(line[-1]) else " "
        candidate = line + joiner + token
        if not line or font.getlength(candidate) <= max_px:
            line = candidate
            continue
        lines.append(line)
        line = token
        if len(lines) == max_lines:
            return lines
    if line:
        lines.append(line)
    return lines[:max_lines]


def _gradient(rng: np.random.Generator, width: int, height: int) -> np.ndarray:
    start, end = rng.integers(0, 256, size=(2, 3))
    angle = rng.uniform(0, 2 * np.pi)
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    along = xs / max(width - 1, 1) * np.cos(angle) + ys / max(height - 1, 1) * np.sin(angle)
    along = (along - along.min()) / max(float(np.ptp(along)), 1e-6)
    pixels: np.ndarray = start[None, None, :] * (1 - along[..., None]) + end[None, None, :] * along[..., None]
    return pixels.astype(np.uint8)


def _draw_shapes(image: Image.Image, rng: np.random.Generator) -> None:
    width, height = image.size
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for _ in range(int(rng.integers(4, 8))):
        color = (*(int(value) for value in rng.integers(0, 256, size=3)), int(rng.integers(90, 200)))
        x0, x1 = sorted(int(value) for value in rng.integers(-width // 4, width + width // 4, size=2))
        y0, y1 = sorted(int(value) for value in rng.integers(-height // 4, height + height // 4, size=2))
        box = (x0, y0, max(x1, x0 + width // 10), max(y1, y0 + height // 10))
        kind = int(rng.integers(0, 3))
        if kind == 0:
            draw.ellipse(box, fill=color)
        elif kind == 1:
            draw.rectangle(box, fill=color)
        else:
            points = [(int(rng.integers(0, width)), int(rng.integers(0, height))) for _ in range(3)]
            draw.polygon(points, fill=color)
    image.alpha_composite(overlay)


def draw_caption(image: Image.Image, text: str, *, corner_label: str = "") -> None:
    """The text on a dark band at the bottom (and an optional label top-left), readable on any colours."""
    width, height = image.size
    font_px = max(MIN_FONT_PX, min(width, height) // 16)
    font = _font(font_px, bool(WIDE_CHAR.search(text + corner_label)))
    lines = _wrap(text, font, width - font_px * 0.8, 3) or [""]
    band_height = int(len(lines) * font_px * 1.25 + font_px * 0.6)
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    draw.rectangle((0, height - band_height, width, height), fill=(0, 0, 0, TEXT_BAND_ALPHA))
    if corner_label:
        draw.rectangle((0, 0, font_px * (len(corner_label) + 1) * 0.6, font_px * 1.5), fill=(0, 0, 0, 120))
    image.alpha_composite(overlay)
    draw = ImageDraw.Draw(image)
    y = height - band_height + font_px * 0.3
    for line in lines:
        draw.text((font_px * 0.4, y), line, font=font, fill=(255, 255, 255, 255))
        y += font_px * 1.25
    if corner_label:
        draw.text((font_px * 0.3, font_px * 0.2), corner_label, font=font, fill=(255, 255, 255, 255))


def painting(
    prompt: str, width: int, height: int, *, variant: object = 0, caption: bool = True, transparent: bool = False
) -> Image.Image:
    """An RGB picture that differs visibly between prompts and between variants of one prompt.

    `transparent` leaves out the gradient background: shapes and caption on a clear RGBA canvas.
    """
    rng = np.random.default_rng(seed_of(prompt, variant))
    background = _gradient(rng, width, height)
    image = (
        Image.new("RGBA", (width, height), (0, 0, 0, 0))
        if transparent
        else Image.fromarray(background, "RGB").convert("RGBA")
    )
    _draw_shapes(image, rng)
    if caption:
        draw_caption(image, prompt)
    return image if transparent else image.convert("RGB")


def blend_onto(base: Image.Image, picture: Image.Image, base_weight: float) -> Image.Image:
    """`picture` with `base` (resized to fit) showing through at `base_weight`."""
    fitted = base.convert("RGB").resize(picture.size, Image.Resampling.BILINEAR)
    return Image.blend(picture.convert("RGB"), fitted, base_weight)


def two_by_two(quadrants: list[Image.Image]) -> Image.Image:
    width, height = quadrants[0].size
    grid = Image.new("RGB", (width * 2, height * 2))
    for index, quadrant in enumerate(quadrants[:4]):
        grid.paste(quadrant, ((index % 2) * width, (index // 2) * height))
    return grid


def quadrant_of(grid: Image.Image, index: int) -> Image.Image:
    """Quadrant 1..4 of a 2×2 grid, in reading order as Midjourney numbers them."""
    width, height = grid.width // 2, grid.height // 2
    left, top = ((index - 1) % 2) * width, ((index - 1) // 2) * height
    return grid.crop((left, top, left + width, top + height))


def blurred_preview(image: Image.Image) -> Image.Image:
    """The unfinished look of an in-progress render: half size and heavily blurred."""
    small = image.resize((max(1, image.width // 2), max(1, image.height // 2)), Image.Resampling.BILINEAR)
    return small.filter(ImageFilter.GaussianBlur(radius=max(2, small.width // 24)))


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def jpeg_bytes(image: Image.Image, quality: int = 85) -> bytes:
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue()


def decode_image(data: bytes) -> Image.Image | None:
    """The picture in these bytes, fully loaded, or None when they are not an image Pillow reads."""
    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            return opened.copy()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None


def data_uri_bytes(uri: str) -> bytes | None:
    """The payload of a base64 data URI ("data:image/png;base64,…"), or None when it is not one."""
    if not uri.startswith(DATA_URI_PREFIX):
        return None
    header, separator, payload = uri.partition(",")
    if not separator or ";base64" not in header:
        return None
    try:
        return base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        return None
