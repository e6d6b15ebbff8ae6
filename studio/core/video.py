"""Video files for the Video tab: what a stream holds (size, frame rate, length), a strip of frames to
scrub through, a local file taken into the library, and a grabbed frame saved as an image that
remembers the video it came from. Blocking work (PyAV); callers run it in a worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import av
from PIL import Image

from ..api.errors import InputError
from ..api.sentences import QT_TRANSLATE_NOOP, Sentence
from .library import Asset, Library

DEFAULT_FPS = 24.0
"""Assumed when a stream names no frame rate (frame steps still need one)."""
FRAME_FAMILY = "frame"
"""The library family of frames grabbed from a video on this computer."""
IMPORTED_FAMILY = "import"


class VideoInputError(InputError):
    """A file that cannot be played as a video; the message is one plain sentence."""


@dataclass(frozen=True)
class VideoInfo:
    width: int
    height: int
    fps: float
    duration: float
    """Seconds."""

    @property
    def frame_seconds(self) -> float:
        """How far one frame step moves."""
        return 1.0 / self.fps


def _unplayable(path: Path, reason: object) -> VideoInputError:
    return VideoInputError(
        Sentence.of(
            QT_TRANSLATE_NOOP("ApiMessages", "{name} cannot be played as a video ({reason})."),
            name=path.name,
            reason=reason,
        )
    )


def probe_video(path: Path) -> VideoInfo:
    """Size, frame rate and length of the file's first video stream."""
    try:
        with av.open(str(path)) as container:
            if not container.streams.video:
                raise _unplayable(path, "no video stream")
            stream = container.streams.video[0]
            rate = stream.average_rate or stream.guessed_rate or stream.base_rate
            fps = float(rate) if rate else DEFAULT_FPS
            if container.duration:
                duration = container.duration / av.time_base
            elif stream.duration and stream.time_base:
                duration = float(stream.duration * stream.time_base)
            else:
                duration = 0.0
            return VideoInfo(stream.codec_context.width, stream.codec_context.height, fps, duration)
    except VideoInputError:
        raise
    except (OSError, ValueError, av.error.FFmpegError) as exc:
        raise _unplayable(path, exc) from exc


def first_frame(path: Path) -> Image.Image:
    """The video's first picture at its own size: what a player shows before it plays."""
    try:
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            for frame in container.decode(stream):
                picture: Image.Image = frame.to_image()
                return picture
    except (OSError, ValueError, IndexError, av.error.FFmpegError) as exc:
        raise _unplayable(path, exc) from exc
    raise _unplayable(path, "no frame")


def sample_frames(path: Path, count: int, max_side: int) -> list[Image.Image]:
    """`count` frames spread evenly over the video (the middle of each share), scaled to fit `max_side`."""
    try:
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            stream.thread_type = "AUTO"
            duration = container.duration / av.time_base if container.duration else 0.0
            if duration <= 0:
                frames = [frame.to_image() for frame in container.decode(stream)]  # type: ignore[no-untyped-call]
                picked = [frames[int(len(frames) * (i + 0.5) / count)] for i in range(count)] if frames else []
            else:
                picked = [_frame_at(container, stream, duration * (i + 0.5) / count) for i in range(count)]
    except (OSError, ValueError, IndexError, av.error.FFmpegError) as exc:
        raise _unplayable(path, exc) from exc
    for picture in picked:
        picture.thumbnail((max_side, max_side))
    return picked


def _frame_at(container: Any, stream: Any, seconds: float) -> Image.Image:
    """The first frame shown at or after `seconds` (seek to the key frame before it, decode forward)."""
    container.seek(int(seconds / stream.time_base), stream=stream, backward=True)
    last = None
    for frame in container.decode(stream):
        last = frame
        if frame.time is not None and frame.time + 1e-6 >= seconds:
            break
    if last is None:
        raise ValueError(f"no frame at {seconds:.2f} s")
    picture: Image.Image = last.to_image()
    return picture


async def import_video(library: Library, path: Path) -> Asset:
    """A video file from this computer, copied into the library (checked to be a playable video)."""
    return await library.import_asset(path, expect="video", family=IMPORTED_FAMILY)


async def save_frame(library: Library, png: bytes, video: Asset, position_s: float, title: str) -> Asset:
    """A frame grabbed from `video` as an image asset whose parent is the video."""
    return await library.add_bytes(
        png,
        expect="image",
        title=title,
        prompt=video.prompt,
        model=video.model,
        family=FRAME_FAMILY,
        parent_id=video.id,
        parameters={"video_id": video.id, "position_s": round(position_s, 3)},
    )
