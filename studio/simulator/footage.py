"""Short videos for the video families: a picture with a ball moving across it, H.264 in MP4.

The picture is the prompt's painting, or the given start frame with the prompt written on it; with an
end frame too, the video fades from one to the other, so a test can tell both frames arrived.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache

import av
import numpy as np
from PIL import Image, ImageDraw

from studio.simulator.artwork import draw_caption, painting

VIDEO_FPS = 12
VIDEO_CONTENT_TYPE = "video/mp4"
PREFERRED_ENCODERS = ("libx264", "h264", "mpeg4")
ENCODER_OPTIONS = {"libx264": {"preset": "ultrafast", "crf": "30"}, "h264": {"preset": "ultrafast"}}
WATERMARK_COLOUR = (255, 214, 0)


@cache
def video_encoder() -> str:
    """libx264 where this PyAV build has it, else the next best encoder an MP4 player reads."""
    for name in PREFERRED_ENCODERS:
        try:
            av.codec.Codec(name, "w")
        except (av.codec.codec.UnknownCodecError, ValueError):
            continue
        return name
    raise RuntimeError("This PyAV build has no H.264 or MPEG-4 encoder.")


def even(value: float) -> int:
    """yuv420p needs even sides."""
    return max(2, round(value / 2) * 2)


def _background(prompt: str, width: int, height: int, frame: Image.Image | None) -> np.ndarray:
    if frame is None:
        return np.asarray(painting(prompt, width, height, variant="video"), dtype=np.float32)
    picture = frame.convert("RGB").resize((width, height), Image.Resampling.BILINEAR).convert("RGBA")
    if prompt.strip():
        draw_caption(picture, prompt)
    return np.asarray(picture.convert("RGB"), dtype=np.float32)


def video_frames(
    prompt: str,
    width: int,
    height: int,
    frame_count: int,
    first_frame: Image.Image | None = None,
    last_frame: Image.Image | None = None,
) -> list[np.ndarray]:
    """RGB frames: the background (fading from the first frame to the last, if given) with a moving ball."""
    start = _background(prompt, width, height, first_frame)
    end = _background(prompt, width, height, last_frame) if last_frame is not None else start
    radius = max(4, min(width, height) // 8)
    ys, xs = np.mgrid[-radius : radius + 1, -radius : radius + 1]
    disc = xs**2 + ys**2 <= radius**2
    frames = []
    for index in range(frame_count):
        share = index / max(frame_count - 1, 1)
        frame = (start * (1 - share) + end * share).astype(np.uint8)
        phase = 2 * np.pi * index / max(frame_count, 1)
        center_x = int(width / 2 + (width / 2 - radius - 2) * np.sin(phase))
        center_y = int(height / 3 + (height / 6) * np.sin(2 * phase))
        top, left = center_y - radius, center_x - radius
        window = frame[max(top, 0) : top + disc.shape[0], max(left, 0) : left + disc.shape[1]]
        mask = disc[max(-top, 0) : max(-top, 0) + window.shape[0], max(-left, 0) : max(-left, 0) + window.shape[1]]
        window[mask] = (255, 255, 255)
        frames.append(frame)
    return frames


def watermarked(frames: list[np.ndarray], text: str) -> list[np.ndarray]:
    """The frames with `text` on a yellow band in the top-left corner (a preview's watermark)."""
    height, width = frames[0].shape[:2]
    band = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(band)
    band_height = max(10, height // 8)
    draw.rectangle((0, 0, width // 2, band_height), fill=WATERMARK_COLOUR)
    draw.text((4, 1), text, fill=(0, 0, 0))
    marked = np.asarray(band)
    covered = np.zeros((height, width), dtype=bool)
    covered[: band_height + 1, : width // 2 + 1] = True
    return [np.where(covered[..., None], marked, frame) for frame in frames]


def encode_frames(frames: list[np.ndarray]) -> bytes:
    height, width = frames[0].shape[:2]
    encoder = video_encoder()
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="mp4") as container:
        stream = container.add_stream(encoder, rate=VIDEO_FPS, options=ENCODER_OPTIONS.get(encoder, {}))
        assert isinstance(stream, av.video.stream.VideoStream)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        for pixels in frames:
            for packet in stream.encode(av.VideoFrame.from_ndarray(pixels, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return buffer.getvalue()


@dataclass(frozen=True)
class Footage:
    video: bytes
    first: Image.Image
    last: Image.Image
    watermarked: bytes | None = None
    """The same video with a watermark, when one was asked for."""


def make_footage(
    prompt: str,
    width: int,
    height: int,
    seconds: float,
    first_frame: Image.Image | None = None,
    last_frame: Image.Image | None = None,
    *,
    watermark: str | None = None,
) -> Footage:
    """An MP4 of about `seconds`, its first and last frames as pictures, and a watermarked copy if asked."""
    frames = video_frames(prompt, even(width), even(height), max(2, int(seconds * VIDEO_FPS)), first_frame, last_frame)
    marked = encode_frames(watermarked(frames, watermark)) if watermark else None
    return Footage(encode_frames(frames), Image.fromarray(frames[0]), Image.fromarray(frames[-1]), marked)


def encode_video(
    prompt: str,
    width: int,
    height: int,
    seconds: float,
    first_frame: Image.Image | None = None,
) -> tuple[bytes, Image.Image, Image.Image]:
    """MP4 bytes of about `seconds`, with its first and last frames as pictures (thumbnail, last frame)."""
    footage = make_footage(prompt, width, height, seconds, first_frame)
    return footage.video, footage.first, footage.last
