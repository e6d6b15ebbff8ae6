"""Looks at images sent to the text families so replies can mention them ("I see 2 image(s)")."""

from __future__ import annotations

import base64
import binascii
import io

from PIL import Image, UnidentifiedImageError

from studio.simulator.media import MediaStore

DATA_URL_PREFIX = "data:"


def image_size(url: str, media: MediaStore | None = None) -> tuple[int, int] | None:
    """Pixel size of a data: URL or of one of the simulator's own media URLs; None if unknown."""
    data = _image_bytes(url, media)
    if data is None:
        return None
    try:
        with Image.open(io.BytesIO(data)) as image:
            return image.size
    except (UnidentifiedImageError, OSError, ValueError):
        return None


def _image_bytes(url: str, media: MediaStore | None) -> bytes | None:
    if url.startswith(DATA_URL_PREFIX):
        header, _, payload = url.partition(",")
        if ";base64" not in header:
            return None
        try:
            return base64.b64decode(payload, validate=False)
        except (binascii.Error, ValueError):
            return None
    stored = media.find_by_url(url) if media is not None else None
    return stored.data if stored is not None else None
