"""A generated library of many assets, fast to build: a few hundred tiny real files, rows in bulk SQL.

Every row points at one of the real files (rows share files by content hash, as the library allows),
so previews, thumbnails, exports and the check work on it. Known needles make search checkable:
row 1234 says "heron" in its prompt, row 777 has "月光" in its lyrics, every 7th is a favourite, and
a Midjourney chain imagine → U2 → zoom sits at rows 10 → 11 → 12 (with a Vary child of U2 at 13).

    library = build_library(library, 20_000)
"""

from __future__ import annotations

import hashlib
import io
import json
import wave
from dataclasses import dataclass

import numpy as np
from PIL import Image

from studio.core.database import transaction
from studio.core.library import Library

FAMILIES = [
    ("midjourney", "midjourney", "image"),
    ("ideogram", "V_2", "image"),
    ("openai-images", "gpt-image-1", "image"),
    ("suno", "chirp-v4", "audio"),
    ("udio", "udio-130", "audio"),
    ("luma", "ray-2", "video"),
    ("audio", "whisper-1", "text"),
]
WORDS = ["otter", "lighthouse", "canyon", "violin", "harbour", "meadow", "glacier", "lantern", "orchid", "comet"]
TAGS = ["", "draft", "keep", "cover, keep", "client", "loop"]
START = 1_700_000_000.0


@dataclass(frozen=True)
class StoredSample:
    sha256: str
    ext: str
    mime: str
    size: int
    kind: str
    data: bytes
    width: int | None = None
    height: int | None = None
    duration: float | None = None


def _png(index: int) -> bytes:
    picture = Image.new("RGB", (48, 32), ((index * 37) % 256, (index * 91) % 256, (index * 53) % 256))
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def _wav(index: int) -> bytes:
    rate = 8000
    samples = (np.sin(np.linspace(0, 200 + index * 40, rate // 4)) * 12000).astype(np.int16)
    out = io.BytesIO()
    with wave.open(out, "wb") as sink:
        sink.setnchannels(1)
        sink.setsampwidth(2)
        sink.setframerate(rate)
        sink.writeframes(samples.tobytes())
    return out.getvalue()


def _mp4(index: int) -> bytes:
    import av

    out = io.BytesIO()
    with av.open(out, "w", format="mp4") as container:
        stream = container.add_stream("mpeg4", rate=12)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for frame_number in range(3):
            pixels = np.full((48, 64, 3), (index * 60 + frame_number * 20) % 255, dtype=np.uint8)
            for packet in stream.encode(av.VideoFrame.from_ndarray(pixels, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return out.getvalue()


def _store(_library: Library, data: bytes, ext: str, mime: str, kind: str, **facts: object) -> StoredSample:
    return StoredSample(hashlib.sha256(data).hexdigest(), ext, mime, len(data), kind, data, **facts)  # type: ignore[arg-type]


def _write(library: Library, stored: StoredSample) -> None:
    target = library.file_path(stored.sha256, stored.ext)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(stored.data)


def sample_files(
    library: Library, images: int = 240, sounds: int = 24, videos: int = 4
) -> dict[str, list[StoredSample]]:
    files: dict[str, list[StoredSample]] = {"image": [], "audio": [], "video": [], "text": []}
    for index in range(images):
        files["image"].append(_store(library, _png(index), "png", "image/png", "image", width=48, height=32))
    for index in range(sounds):
        files["audio"].append(_store(library, _wav(index), "wav", "audio/wav", "audio", duration=0.25))
    for index in range(videos):
        files["video"].append(
            _store(library, _mp4(index), "mp4", "video/mp4", "video", width=64, height=48, duration=0.25)
        )
    for index in range(8):
        files["text"].append(_store(library, f"transcript {index}".encode(), "txt", "text/plain", "text"))
    return files


def build_library(library: Library, count: int) -> dict[str, list[StoredSample]]:
    """`count` asset rows (ids 1..count) over a few hundred real files; returns the files by kind."""
    files = sample_files(library)
    rows = []
    for number in range(1, count + 1):
        family, model, kind = FAMILIES[number % len(FAMILIES)]
        word = WORDS[number % len(WORDS)]
        stored = files[kind][number % len(files[kind])]
        prompt = f"a {word} at dusk, study {number}"
        text = f"transcript {number} about the {word}" if kind == "text" else ""
        parent = None
        parameters: dict[str, object] = {"prompt": prompt, "seed": number}
        if number == 1234:
            prompt = "a grey heron standing in the reeds"
        if number == 777:
            text = "床前明月光 疑是地上霜"
        if number in (10, 11, 12, 13):
            family, model, kind = "midjourney", "midjourney", "image"
            stored = files["image"][number]
            parent = {10: None, 11: 10, 12: 11, 13: 11}[number]
            parameters = {
                "prompt": "a chain of islands",
                "action": {10: "imagine", 11: "U2", 12: "zoom", 13: "V1"}[number],
            }
            prompt = "a chain of islands"
        _write(library, stored)  # only files some row uses: the library has no orphans to begin with
        rows.append(
            (
                number,
                kind,
                f"{word.title()} {number}",
                prompt,
                model,
                family,
                json.dumps(parameters),
                f"task-{number}",
                parent,
                stored.sha256,
                stored.ext,
                stored.mime,
                stored.size,
                stored.duration,
                stored.width,
                stored.height,
                text,
                TAGS[number % len(TAGS)],
                int(number % 7 == 0),
                START + number * 60,
            )
        )
    with transaction(library.db):
        library.db.executemany(
            "INSERT INTO assets(id, kind, title, prompt, model, family, parameters, task_id, parent_id, sha256, ext,"
            " mime, byte_size, duration, width, height, text, tags, favourite, created)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    return files


async def make_thumbnails(library: Library, files: dict[str, list[StoredSample]]) -> None:
    """The on-disk thumbnails of every sample (one per file: rows sharing a file share it)."""
    for kind in ("image", "audio", "video"):
        for stored in files[kind]:
            asset = library.find_by_sha256(stored.sha256)
            if asset:
                await library.thumbnail(asset[0])
