"""Audio work around the API: input checks, oversize files split at quiet points, stitching, exports, TTS.

Every check runs before any upload. A file over the gateway's limit is re-encoded to compact mono MP3;
if that is still too big it is cut into chunks at the quietest moment near each boundary, the chunks are
transcribed up to four at a time, and their texts, segments and words are stitched with shifted times.
"""

from __future__ import annotations

import asyncio
import io
import itertools
import json
import math
import re
import tempfile
import wave
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import av
import numpy as np

from ..api.audio import MAX_SPEECH_CHARS, MAX_UPLOAD_BYTES, Segment, Transcript, TranscriptionRequest, Word
from ..api.errors import InputError
from ..api.media_types import SNIFF_BYTES, sniff
from ..api.sentences import QT_TRANSLATE_NOOP, Sentence
from .library import Asset, Library

if TYPE_CHECKING:
    from ..api.gateway import UniApi

ANALYSIS_RATE = 16000
CHUNK_RATE = 16000
CHUNK_BIT_RATE = 32_000
LIMIT_MARGIN = 0.9
QUIET_WINDOW_SECONDS = 10.0
QUIET_FRAME_SECONDS = 0.05
PARALLEL_CHUNKS = 4
STREAM_CHUNK_SECONDS = 300.0
"""When a file must be re-encoded, transcribe_file cuts it in pieces of at most this long, so a piece is
encoded (about 1.4 s for 5 minutes on a slow 2-core machine) and uploading while later ones encode,
instead of an hour-long recording spending ~18 s in the encoder before its first byte is sent."""
FIRST_PIECE_SECONDS = 60.0
"""...and its first piece is only about this long (encoded in ~0.3 s), so the upload starts soon after
the file has been checked."""
RESAMPLE_FRAME_SECONDS = 4.0
"""decode_mono asks the resampler for frames this long: one NumPy copy per 4 s instead of one per
decoded frame (an hour of 16 kHz WAV has 56,000 frames; per-frame copies took 2.5–4 s, these 1.4 s)."""
DEMUX_OPTIONS = {"max_size": str(256 * 1024)}
"""FFmpeg's WAV reader hands out 4 KiB packets by default; 256 KiB ones make an hour 440 frames to
resample instead of 56,000 (another ~0.5 s). Other formats ignore the option."""
ENCODERS = 1
"""Pieces encoded at once in worker threads. One: PyAV's MP3 encoder holds the GIL (two threads took as
long as one after the other), so a second encoder would only compete with the event loop."""
EXPORT_FORMATS = ("txt", "srt", "vtt", "json")
Progress = Callable[[int, int], None]


class AudioInputError(InputError):
    """A file that cannot be transcribed; the message is one plain sentence."""


@dataclass
class AudioFile:
    path: Path
    size: int
    kind: str
    ext: str
    duration: float
    samples: np.ndarray = field(repr=False)
    """Mono float32 at ANALYSIS_RATE, for the waveform and the quiet-point search."""


def decode_mono(source: Path | bytes, rate: int = ANALYSIS_RATE) -> tuple[np.ndarray, float | None]:
    """(mono float32 samples at `rate`, the duration the container claims or None)."""
    handle: Any = io.BytesIO(source) if isinstance(source, bytes) else str(source)
    with av.open(handle, options=DEMUX_OPTIONS) as container:
        if not container.streams.audio:
            raise AudioInputError(QT_TRANSLATE_NOOP("ApiMessages", "The file has no sound track."))
        stream = container.streams.audio[0]
        claimed: float | None = None
        if stream.duration is not None and stream.time_base is not None:
            claimed = float(stream.duration * stream.time_base)
        elif container.duration is not None:
            claimed = container.duration / 1_000_000
        resampler = av.AudioResampler(
            format="flt", layout="mono", rate=rate, frame_size=int(rate * RESAMPLE_FRAME_SECONDS)
        )
        pieces: list[np.ndarray] = []
        for frame in container.decode(stream):
            pieces.extend(out.to_ndarray().reshape(-1) for out in resampler.resample(frame))
        pieces.extend(out.to_ndarray().reshape(-1) for out in resampler.resample(None))
    samples = np.concatenate(pieces).astype(np.float32) if pieces else np.zeros(0, np.float32)
    return samples, claimed


def inspect_audio(path: Path) -> AudioFile:
    """Check a file before any upload: readable, not empty, audio or video by its bytes, decodable, whole."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError as error:
        raise AudioInputError(
            Sentence.of(
                QT_TRANSLATE_NOOP("ApiMessages", "{name} cannot be read ({reason})."),
                name=path.name,
                reason=error.strerror or error,
            )
        ) from error
    if size == 0:
        raise AudioInputError(Sentence.of(QT_TRANSLATE_NOOP("ApiMessages", "{name} is empty."), name=path.name))
    media = sniff(head)
    if media is None or media.kind not in ("audio", "video"):
        what = f"a {media.ext.upper()} {media.kind}" if media else "not an audio or video file"
        raise AudioInputError(
            Sentence.of(
                QT_TRANSLATE_NOOP("ApiMessages", "{name} is {what}; choose an audio or video file."),
                name=path.name,
                what=what,
            )
        )
    try:
        samples, claimed = decode_mono(path)
    except AudioInputError as error:
        raise AudioInputError(
            Sentence.of(QT_TRANSLATE_NOOP("ApiMessages", "{name}: {error}"), name=path.name, error=error)
        ) from error
    except (av.error.FFmpegError, ValueError, IndexError) as error:
        raise AudioInputError(
            Sentence.of(
                QT_TRANSLATE_NOOP("ApiMessages", "{name} is damaged or in an unsupported format."), name=path.name
            )
        ) from error
    duration = samples.size / ANALYSIS_RATE
    if duration < 0.05:
        raise AudioInputError(
            Sentence.of(QT_TRANSLATE_NOOP("ApiMessages", "{name} contains no sound."), name=path.name)
        )
    missing = _wav_missing_bytes(path, size) if media.ext == "wav" else 0
    if missing > 0 or (claimed and duration < claimed * 0.9 - 0.5):
        raise AudioInputError(
            Sentence.of(
                QT_TRANSLATE_NOOP("ApiMessages", "{name} is truncated: part of the recording is missing."),
                name=path.name,
            )
        )
    return AudioFile(path, size, media.kind, media.ext, duration, samples)


def _wav_missing_bytes(path: Path, size: int) -> int:
    """How many bytes of the WAV `data` chunk its header promises but the file lacks."""
    with path.open("rb") as handle:
        header = handle.read(4096)
    position = 12
    while position + 8 <= len(header):
        chunk_id = header[position : position + 4]
        chunk_size = int.from_bytes(header[position + 4 : position + 8], "little")
        if chunk_id == b"data":
            if chunk_size in (0, 0xFFFFFFFF):  # streamed WAVs leave the size open
                return 0
            return max(0, position + 8 + chunk_size - size)
        position += 8 + chunk_size + (chunk_size & 1)
    return 0


# --- oversize files ----------------------------------------------------------------------------------


def quietest_point(samples: np.ndarray, around: float, window: float, rate: int = ANALYSIS_RATE) -> float:
    """The time (s) of the quietest short frame within ±window of `around`."""
    hop = max(1, int(QUIET_FRAME_SECONDS * rate))
    first = max(0, int((around - window) * rate))
    last = min(samples.size, int((around + window) * rate))
    count = (last - first) // hop
    if count < 1:
        return around
    frames = samples[first : first + count * hop].reshape(count, hop)
    energy = np.sqrt(np.mean(frames**2, axis=1))
    return (first + int(np.argmin(energy)) * hop + hop / 2) / rate


def chunk_bounds(
    audio: AudioFile, limit: int, longest: float | None = None, first: float | None = None
) -> list[tuple[float, float]]:
    """(start, end) seconds of pieces whose compact MP3 stays under `limit` bytes (and, when given,
    `longest` seconds); when given and the file is split anyway, the first piece ends near `first`."""
    max_seconds = limit * LIMIT_MARGIN / (CHUNK_BIT_RATE / 8)
    if longest is not None:
        max_seconds = min(max_seconds, longest)
    edges = [0.0]
    if first is not None and first < max_seconds and audio.duration > max(max_seconds, first * 1.5):
        edges.append(quietest_point(audio.samples, first, min(QUIET_WINDOW_SECONDS, first / 4)))
    rest = audio.duration - edges[-1]
    count = max(1, math.ceil(rest / max_seconds))
    step = rest / count
    window = min(QUIET_WINDOW_SECONDS, step / 4)
    edges += [quietest_point(audio.samples, edges[-1] + step * index, window) for index in range(1, count)]
    edges.append(audio.duration)
    return list(itertools.pairwise(edges))


def encode_samples(samples: np.ndarray, rate: int, fmt: str, target: Path, bit_rate: int | None = None) -> Path:
    """Write mono float samples as `fmt` (mp3, opus, aac, flac, wav, pcm)."""
    pcm16 = (np.clip(samples, -1, 1) * 32767).astype("<i2")
    if fmt == "pcm":
        target.write_bytes(pcm16.tobytes())
        return target
    if fmt == "wav":
        with wave.open(str(target), "wb") as writer:
            writer.setnchannels(1)
            writer.setsampwidth(2)
            writer.setframerate(rate)
            writer.writeframes(pcm16.tobytes())
        return target
    container_format, codec = {
        "mp3": ("mp3", "libmp3lame"),
        "opus": ("ogg", "libopus"),
        "aac": ("adts", "aac"),
        "flac": ("flac", "flac"),
    }[fmt]
    with av.open(str(target), "w", format=container_format) as container:
        stream = container.add_stream(codec, rate=rate, layout="mono")
        if bit_rate:
            stream.bit_rate = bit_rate
        frame_size = stream.codec_context.frame_size or 1024
        resampler = av.AudioResampler(
            format=stream.codec_context.format.name, layout="mono", rate=rate, frame_size=frame_size
        )
        source = av.AudioFrame.from_ndarray(pcm16.reshape(1, -1), format="s16", layout="mono")
        source.sample_rate = rate
        pts = 0
        for chunk in [*resampler.resample(source), *resampler.resample(None)]:
            chunk.pts = pts
            pts += chunk.samples
            for packet in stream.encode(chunk):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return target


@dataclass
class Chunk:
    path: Path
    offset: float
    size: int


def encode_chunk(audio: AudioFile, folder: Path, index: int, start: float, end: float, limit: int) -> Chunk:
    """One piece of `audio` as compact mono MP3 in `folder`; raises if it is still over `limit`."""
    piece = audio.samples[int(start * ANALYSIS_RATE) : int(end * ANALYSIS_RATE)]
    target = encode_samples(piece, CHUNK_RATE, "mp3", folder / f"chunk-{index:03d}.mp3", CHUNK_BIT_RATE)
    size = target.stat().st_size
    if size > limit:
        raise AudioInputError(
            Sentence.of(
                QT_TRANSLATE_NOOP("ApiMessages", "{name} could not be made small enough to upload."),
                name=audio.path.name,
            )
        )
    return Chunk(target, start, size)


def prepare_chunks(audio: AudioFile, folder: Path, limit: int = MAX_UPLOAD_BYTES) -> list[Chunk]:
    """The file itself when under `limit`, else compact mono MP3 pieces (each under `limit`) in `folder`."""
    if audio.size <= limit:
        return [Chunk(audio.path, 0.0, audio.size)]
    return [
        encode_chunk(audio, folder, index, start, end, limit)
        for index, (start, end) in enumerate(chunk_bounds(audio, limit))
    ]


def stitch(parts: list[Transcript], offsets: list[float], total_duration: float | None = None) -> Transcript:
    """One transcript from consecutive pieces: texts joined, times shifted by each piece's offset."""
    if len(parts) == 1 and offsets[0] == 0:
        return parts[0]
    shifted = [part.shifted(offset) for part, offset in zip(parts, offsets, strict=True)]
    joiner = "" if any(part.language in ("chinese", "zh") for part in parts) else " "
    segments: list[Segment] = []
    for part in shifted:
        for segment in part.segments:
            segments.append(Segment(segment.start, segment.end, segment.text, len(segments)))
    words: list[Word] = [word for part in shifted for word in part.words]
    first = parts[0]
    return Transcript(
        text=joiner.join(part.text.strip() for part in parts if part.text.strip()),
        response_format=first.response_format,
        language=first.language,
        duration=total_duration,
        segments=segments,
        words=words,
        logprobs=[item for part in parts for item in part.logprobs],
        raw="",
    )


async def transcribe_file(
    api: UniApi,
    path: Path,
    request: TranscriptionRequest,
    *,
    translate: bool = False,
    progress: Progress | None = None,
    on_text: Callable[[str], None] | None = None,
    limit: int = MAX_UPLOAD_BYTES,
    parallel: int = PARALLEL_CHUNKS,
    audio: AudioFile | None = None,
    chunks: list[Chunk] | None = None,
) -> Transcript:
    """Check, split if needed, upload (≤ `parallel` at once) and stitch; one progress over all uploads.

    A file over `limit` is cut into pieces of at most STREAM_CHUNK_SECONDS (the first about
    FIRST_PIECE_SECONDS), encoded in order in a worker thread, and each piece uploads as soon as it is
    encoded, while later pieces still encode.
    `chunks` (already made, as prepare_chunks makes them) skips the split."""
    problem = request.problem(translate=translate)
    if problem:
        raise AudioInputError(problem)
    audio = audio or await asyncio.to_thread(inspect_audio, path)
    with tempfile.TemporaryDirectory(prefix="studio-audio-") as folder:
        if chunks is not None:
            bounds = [(chunk.offset, chunk.offset) for chunk in chunks]
        elif audio.size <= limit:
            chunks = [Chunk(audio.path, 0.0, audio.size)]
            bounds = [(0.0, audio.duration)]
        else:
            bounds = await asyncio.to_thread(chunk_bounds, audio, limit, STREAM_CHUNK_SECONDS, FIRST_PIECE_SECONDS)
        count = len(bounds)
        sent = [0] * count
        # Until a piece is encoded, its size is estimated from its length at the chunk bit rate.
        totals = [
            chunks[index].size if chunks else int((end - start) * CHUNK_BIT_RATE / 8)
            for index, (start, end) in enumerate(bounds)
        ]
        upload_gate = asyncio.Semaphore(parallel)
        encode_gate = asyncio.Semaphore(ENCODERS)
        # Pieces are encoded in order: every waiting encoder queues on the gate in index order.
        encoded: list[asyncio.Future[Chunk]] = []
        encoding: set[int] = set()

        def report(index: int) -> Callable[[int, int], None]:
            def update(done: int, total: int) -> None:
                sent[index], totals[index] = done, total
                if progress is not None:
                    progress(sum(sent), sum(totals))

            return update

        async def encode(index: int) -> Chunk:
            if chunks is not None:
                return chunks[index]
            start, end = bounds[index]
            async with encode_gate:
                encoding.add(index)
                chunk = await asyncio.to_thread(encode_chunk, audio, Path(folder), index, start, end, limit)
            totals[index] = chunk.size
            return chunk

        async def one(index: int) -> Transcript:
            chunk = await encoded[index]
            async with upload_gate:
                if request.stream and not translate and count == 1:
                    result: Transcript | None = None
                    async for event in api.audio.stream(chunk.path, request, progress=report(index)):
                        if isinstance(event, Transcript):
                            result = event
                        elif on_text is not None:
                            on_text(event.text)
                    assert result is not None
                    return result
                return await api.audio.transcribe(chunk.path, request, translate=translate, progress=report(index))

        encoded = [asyncio.ensure_future(encode(index)) for index in range(count)]
        try:
            parts = await asyncio.gather(*(one(index) for index in range(count)))
            offsets = [(await future).offset for future in encoded]
        finally:
            # Pieces not started are dropped; one whose worker thread is encoding into the folder cannot be
            # stopped, so it is waited for before the folder goes.
            for index, future in enumerate(encoded):
                if index not in encoding:
                    future.cancel()
            await asyncio.gather(*encoded, return_exceptions=True)
    stitched = stitch(list(parts), offsets, audio.duration)
    if stitched.duration is None:
        stitched.duration = audio.duration
    return stitched


# --- exports -----------------------------------------------------------------------------------------


def _clock(seconds: float, separator: str) -> str:
    millis = round(max(0.0, seconds) * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def _cues(transcript: Transcript) -> list[Segment]:
    if transcript.segments:
        return transcript.segments
    return [Segment(0.0, transcript.duration or 0.0, transcript.text)]


def export_transcript(transcript: Transcript, fmt: str) -> str:
    """The transcript as txt, srt, vtt or json."""
    if fmt == "txt":
        return transcript.text.strip() + "\n"
    if fmt == "srt":
        return "\n".join(
            f"{index}\n{_clock(s.start, ',')} --> {_clock(s.end, ',')}\n{s.text.strip()}\n"
            for index, s in enumerate(_cues(transcript), start=1)
        )
    if fmt == "vtt":
        body = "\n".join(
            f"{_clock(s.start, '.')} --> {_clock(s.end, '.')}\n{s.text.strip()}\n" for s in _cues(transcript)
        )
        return "WEBVTT\n\n" + body
    if fmt == "json":
        payload = {
            "text": transcript.text,
            "language": transcript.language,
            "duration": transcript.duration,
            "segments": [{"id": s.id, "start": s.start, "end": s.end, "text": s.text} for s in transcript.segments],
            "words": [{"word": w.text, "start": w.start, "end": w.end} for w in transcript.words],
        }
        return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    raise ValueError(f"unknown export format {fmt!r}")


async def save_transcript(library: Library, transcript: Transcript, source: Path, model: str) -> Asset:
    return await library.add_text(
        transcript.text,
        title=source.stem,
        family="audio",
        model=model,
        parameters={"source": source.name, "duration": transcript.duration, "segments": len(transcript.segments)},
        tags="transcript",
    )


# --- speech ------------------------------------------------------------------------------------------

SENTENCE_END = re.compile(r"(?<=[.!?。！？;；])\s*")


def split_for_speech(text: str, limit: int = MAX_SPEECH_CHARS) -> list[str]:
    """Pieces of at most `limit` characters, cut at sentence ends (then spaces, then anywhere)."""
    text = text.strip()
    if len(text) <= limit:
        return [text] if text else []
    pieces: list[str] = []
    current = ""
    for sentence in (part for part in SENTENCE_END.split(text) if part):
        while len(sentence) > limit:
            cut = sentence.rfind(" ", 0, limit)
            cut = cut if cut > 0 else limit
            if current:
                pieces.append(current.strip())
                current = ""
            pieces.append(sentence[:cut].strip())
            sentence = sentence[cut:].lstrip()
        candidate = (
            f"{current} {sentence}" if current and not current.endswith(("。", "！", "？")) else current + sentence
        )
        if len(candidate) > limit:
            pieces.append(current.strip())
            current = sentence
        else:
            current = candidate
    if current.strip():
        pieces.append(current.strip())
    return [piece for piece in pieces if piece]


def join_audio(parts: list[Path], fmt: str, target: Path) -> Path:
    """Concatenate audio files of one format into `target` (decoded and re-encoded, pcm as bytes)."""
    if len(parts) == 1:
        target.write_bytes(parts[0].read_bytes())
        return target
    if fmt == "pcm":
        target.write_bytes(b"".join(part.read_bytes() for part in parts))
        return target
    rate = 24000
    samples = np.concatenate([decode_mono(part, rate)[0] for part in parts])
    return encode_samples(samples, rate, fmt, target)


async def speak(
    api: UniApi,
    text: str,
    target: Path,
    *,
    model: str = "gpt-4o-mini-tts",
    voice: str = "alloy",
    response_format: str = "mp3",
    speed: float | None = None,
    instructions: str | None = None,
    progress: Progress | None = None,
    limit: int = MAX_SPEECH_CHARS,
) -> Path:
    """Speak text of any length into `target`: long text goes in sentence-bounded pieces, then is joined."""
    pieces = split_for_speech(text, limit)
    if not pieces:
        raise AudioInputError(QT_TRANSLATE_NOOP("ApiMessages", "There is no text to speak."))
    if speed is not None and not 0.25 <= speed <= 4.0:
        raise AudioInputError(QT_TRANSLATE_NOOP("ApiMessages", "The speed must be between 0.25 and 4."))
    with tempfile.TemporaryDirectory(prefix="studio-tts-") as folder:
        parts: list[Path] = []
        for index, piece in enumerate(pieces):
            part = Path(folder) / f"part-{index:03d}.{response_format}"
            await api.audio.speech(
                piece,
                part,
                model=model,
                voice=voice,
                response_format=response_format,
                speed=speed,
                instructions=instructions,
            )
            parts.append(part)
            if progress is not None:
                progress(index + 1, len(pieces))
        target.parent.mkdir(parents=True, exist_ok=True)
        await asyncio.to_thread(join_audio, parts, response_format, target)
    return target


async def save_speech(library: Library, path: Path, text: str, model: str, voice: str) -> Asset:
    return await library.import_asset(
        path,
        expect="audio",
        title=text[:40],
        prompt=text,
        model=model,
        family="audio",
        parameters={"voice": voice},
        tags="speech",
    )
