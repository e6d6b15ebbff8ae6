"""Short videos for the video families: the prompt's picture with a ball moving across it, H.264 in MP4."""

from __future__ import annotations

import io
from functools import cache

import av
import numpy as np
from PIL import Image

from studio.simulator.artwork import painting

VIDEO_FPS = 12
VIDEO_CONTENT_TYPE = "video/mp4"
PREFERRED_ENCODERS = ("libx264", "h264", "mpeg4")
ENCODER_OPTIONS = {"libx264": {"preset": "ultrafast", "crf": "30"}, "h264": {"preset": "ultrafast"}}


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


def video_frames(
    prompt: str, width: int, height: int, frame_count: int, first_frame: Image.Image | None = None
) -> list[np.ndarray]:
    """RGB frames: the background picture (or the given first frame) with a ball moving over it."""
    if first_frame is not None:
        background = first_frame.convert("RGB").resize((width, height), Image.Resampling.BILINEAR)
    else:
        background = painting(prompt, width, height, variant="video")
    base = np.asarray(background, dtype=np.uint8)
    radius = max(4, min(width, height) // 8)
    ys, xs = np.mgrid[-radius : radius + 1, -radius : radius + 1]
    disc = xs**2 + ys**2 <= radius**2
    frames = []
    for index in range(frame_count):
        phase = 2 * np.pi * index / max(frame_count, 1)
        center_x = int(width / 2 + (width / 2 - radius - 2) * np.sin(phase))
        center_y = int(height / 3 + (height / 6) * np.sin(2 * phase))
        frame = base.copy()
        top, left = center_y - radius, center_x - radius
        window = frame[max(top, 0) : top + disc.shape[0], max(left, 0) : left + disc.shape[1]]
        mask = disc[max(-top, 0) : max(-top, 0) + window.shape[0], max(-left, 0) : max(-left, 0) + window.shape[1]]
        window[mask] = (255, 255, 255)
        frames.append(frame)
    return frames


def encode_video(
    prompt: str,
    width: int,
    height: int,
    seconds: float,
    first_frame: Image.Image | None = None,
) -> tuple[bytes, Image.Image, Image.Image]:
    """MP4 bytes of about `seconds`, with its first and last frames as pictures (thumbnail, last frame)."""
    width, height = even(width), even(height)
    frames = video_frames(prompt, width, height, max(2, int(seconds * VIDEO_FPS)), first_frame)
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
    return buffer.getvalue(), Image.fromarray(frames[0]), Image.fromarray(frames[-1])
