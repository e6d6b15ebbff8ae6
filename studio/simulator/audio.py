"""The audio families: transcriptions and translations (multipart in), speech (JSON in, audio out).

Transcripts are made up but follow the real recording: the upload is decoded with PyAV, its loud
stretches become segments (a pause of 0.35 s or more ends one), and words are spread over them at a
speaking pace, so timestamps line up with the waveform. Speech is tones and noise bursts per word,
its length proportional to the text and inversely to `speed`, encoded in the asked format.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import math
import random
import re
import wave
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import av
import numpy as np
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from studio.simulator.errors import GatewayError, invalid_parameter, missing_parameter
from studio.simulator.models import ModelKind, resolve_model
from studio.simulator.request_context import RequestContext
from studio.simulator.streaming import Frame, sse_data
from studio.simulator.validation import optional_number, optional_string, require_string

TRANSCRIPTIONS_PATH = "/v1/audio/transcriptions"
TRANSLATIONS_PATH = "/v1/audio/translations"
SPEECH_PATH = "/v1/audio/speech"

MAX_UPLOAD_BYTES = 25 * 1024 * 1024
UPLOAD_EXTENSIONS = ("flac", "m4a", "mp3", "mp4", "mpeg", "mpga", "oga", "ogg", "wav", "webm")
RESPONSE_FORMATS = ("json", "text", "srt", "verbose_json", "vtt")
GRANULARITIES = ("word", "segment")
ANALYSIS_RATE = 16000
FRAME_SECONDS = 0.02
PAUSE_SECONDS = 0.35
SECONDS_PER_WORD = 0.38
MAX_SEGMENT_SECONDS = 12.0

VOICES = ("alloy", "ash", "ballad", "coral", "echo", "fable", "onyx", "nova", "sage", "shimmer", "verse")
SPEECH_FORMATS = ("mp3", "opus", "aac", "flac", "wav", "pcm")
SPEECH_RATE = 24000
MAX_SPEECH_INPUT = 4096
INSTRUCTABLE_PREFIX = "gpt-4o"

ENGLISH_WORDS = [
    "the",
    "quick",
    "brown",
    "fox",
    "jumps",
    "over",
    "a",
    "lazy",
    "dog",
    "while",
    "studio",
    "listens",
    "to",
    "every",
    "word",
    "and",
    "writes",
    "them",
    "down",
    "one",
    "two",
    "three",
    "today",
    "we",
    "test",
    "the",
    "transcription",
    "of",
    "this",
    "recording",
    "with",
    "clear",
    "speech",
    "and",
    "short",
    "pauses",
    "between",
    "the",
    "sentences",
    "so",
    "that",
    "segments",
    "and",
    "timestamps",
    "follow",
    "the",
    "sound",
    "of",
    "the",
    "voice",
]
CHINESE_WORDS = [
    "你好",
    "欢迎",
    "使用",
    "创作",
    "工作室",
    "今天",
    "我们",
    "测试",
    "语音",
    "转",
    "文字",
    "这",
    "是",
    "一段",
    "清晰",
    "的",
    "录音",
]


@dataclass(frozen=True)
class Word:
    word: str
    start: float
    end: float


@dataclass(frozen=True)
class Segment:
    start: float
    end: float
    words: tuple[Word, ...]
    joiner: str

    @property
    def text(self) -> str:
        return self.joiner.join(word.word for word in self.words)


@dataclass(frozen=True)
class Transcript:
    duration: float
    segments: tuple[Segment, ...]
    language: str

    @property
    def joiner(self) -> str:
        return "" if self.language == "chinese" else " "

    @property
    def text(self) -> str:
        return self.joiner.join(segment.text for segment in self.segments).strip()

    @property
    def words(self) -> list[Word]:
        return [word for segment in self.segments for word in segment.words]


# --- reading the upload -----------------------------------------------------------------------------


def decode_mono(data: bytes, rate: int = ANALYSIS_RATE) -> np.ndarray:
    """The first audio stream as mono float32 at `rate`; ValueError when it is not decodable audio."""
    try:
        with av.open(io.BytesIO(data)) as container:
            if not container.streams.audio:
                raise ValueError("no audio stream")
            resampler = av.AudioResampler(format="flt", layout="mono", rate=rate)
            pieces: list[np.ndarray] = []
            for frame in container.decode(audio=0):
                for out in resampler.resample(frame):
                    pieces.append(out.to_ndarray().reshape(-1))
            for out in resampler.resample(None):
                pieces.append(out.to_ndarray().reshape(-1))
    except (av.error.FFmpegError, IndexError) as error:
        raise ValueError(str(error)) from error
    if not pieces:
        raise ValueError("no audio samples")
    samples = np.concatenate(pieces).astype(np.float32)
    if samples.size == 0:
        raise ValueError("no audio samples")
    return samples


def voiced_spans(samples: np.ndarray, rate: int = ANALYSIS_RATE) -> list[tuple[float, float]]:
    """Loud stretches of the recording, split at pauses and at MAX_SEGMENT_SECONDS."""
    hop = max(1, int(rate * FRAME_SECONDS))
    count = samples.size // hop
    duration = samples.size / rate
    if count == 0:
        return [(0.0, duration)]
    rms = np.sqrt(np.mean(samples[: count * hop].reshape(count, hop) ** 2, axis=1))
    loud = rms > max(0.01, float(np.percentile(rms, 95)) * 0.1)
    spans: list[tuple[float, float]] = []
    start: int | None = None
    quiet_run = 0
    min_gap = int(PAUSE_SECONDS / FRAME_SECONDS)
    for index, is_loud in enumerate(loud):
        if is_loud:
            if start is None:
                start = index
            quiet_run = 0
        elif start is not None:
            quiet_run += 1
            if quiet_run >= min_gap:
                spans.append((start * FRAME_SECONDS, (index - quiet_run + 1) * FRAME_SECONDS))
                start, quiet_run = None, 0
    if start is not None:
        spans.append((start * FRAME_SECONDS, (count - quiet_run) * FRAME_SECONDS))
    if not spans:
        spans = [(0.0, duration)]
    split: list[tuple[float, float]] = []
    for begin, end in spans:
        while end - begin > MAX_SEGMENT_SECONDS:
            split.append((begin, begin + MAX_SEGMENT_SECONDS))
            begin += MAX_SEGMENT_SECONDS
        if end - begin >= FRAME_SECONDS:
            split.append((begin, end))
    return split or [(0.0, duration)]


def make_transcript(samples: np.ndarray, digest: str, language: str, prompt: str) -> Transcript:
    vocabulary = list(CHINESE_WORDS if language == "chinese" else ENGLISH_WORDS)
    prompt_words = [word for word in re.findall(r"[\w']+", prompt) if len(word) > 2][:5]
    rng = random.Random(digest)
    offset = rng.randrange(len(vocabulary))
    joiner = "" if language == "chinese" else " "
    segments: list[Segment] = []
    position = 0
    for start, end in voiced_spans(samples):
        count = max(1, round((end - start) / SECONDS_PER_WORD))
        step = (end - start) / count
        words = []
        for index in range(count):
            if prompt_words and position < len(prompt_words):
                token = prompt_words[position]
            else:
                token = vocabulary[(offset + position) % len(vocabulary)]
            position += 1
            words.append(Word(token, round(start + index * step, 2), round(start + (index + 1) * step, 2)))
        if joiner:
            first = words[0]
            words[0] = Word(first.word.capitalize(), first.start, first.end)
            last = words[-1]
            words[-1] = Word(last.word + ".", last.start, last.end)
        else:
            last = words[-1]
            words[-1] = Word(last.word + "。", last.start, last.end)
        segments.append(Segment(round(start, 2), round(end, 2), tuple(words), joiner))
    return Transcript(round(samples.size / ANALYSIS_RATE, 2), tuple(segments), language)


# --- rendering ---------------------------------------------------------------------------------------


def _clock(seconds: float, separator: str) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def render_srt(transcript: Transcript) -> str:
    blocks = [
        f"{index}\n{_clock(seg.start, ',')} --> {_clock(seg.end, ',')}\n{seg.text.strip()}\n"
        for index, seg in enumerate(transcript.segments, start=1)
    ]
    return "\n".join(blocks)


def render_vtt(transcript: Transcript) -> str:
    blocks = [
        f"{_clock(seg.start, '.')} --> {_clock(seg.end, '.')}\n{seg.text.strip()}\n" for seg in transcript.segments
    ]
    return "WEBVTT\n\n" + "\n".join(blocks)


def _tokens(text: str) -> list[int]:
    return [int.from_bytes(hashlib.sha256(word.encode()).digest()[:2], "little") for word in text.split()]


def _logprobs(transcript: Transcript) -> list[dict[str, Any]]:
    rng = random.Random(transcript.text)
    pieces = [word.word for word in transcript.words]
    return [
        {"token": piece, "logprob": round(-rng.random() * 0.3, 4), "bytes": list(piece.encode())} for piece in pieces
    ]


def verbose_json(transcript: Transcript, task: str, granularities: list[str]) -> dict[str, Any]:
    body: dict[str, Any] = {
        "task": task,
        "language": transcript.language,
        "duration": transcript.duration,
        "text": transcript.text,
    }
    if "segment" in granularities or not granularities:
        rng = random.Random(transcript.text)
        body["segments"] = [
            {
                "id": index,
                "seek": int(seg.start * 100) // 3000 * 3000,
                "start": seg.start,
                "end": seg.end,
                "text": (" " if transcript.joiner else "") + seg.text,
                "tokens": _tokens(seg.text),
                "temperature": 0.0,
                "avg_logprob": round(-0.1 - rng.random() * 0.3, 4),
                "compression_ratio": round(1.2 + rng.random() * 0.4, 4),
                "no_speech_prob": round(rng.random() * 0.05, 4),
            }
            for index, seg in enumerate(transcript.segments)
        ]
    if "word" in granularities:
        body["words"] = [{"word": w.word, "start": w.start, "end": w.end} for w in transcript.words]
    body["usage"] = {"type": "duration", "seconds": math.ceil(transcript.duration)}
    return body


def _token_usage(transcript: Transcript) -> dict[str, Any]:
    audio_tokens = max(1, int(transcript.duration * 10))
    output = max(1, len(transcript.words))
    return {
        "type": "tokens",
        "input_tokens": audio_tokens,
        "input_token_details": {"text_tokens": 0, "audio_tokens": audio_tokens},
        "output_tokens": output,
        "total_tokens": audio_tokens + output,
    }


# --- the request -------------------------------------------------------------------------------------


@dataclass
class AudioRequest:
    model: str
    data: bytes
    filename: str
    response_format: str
    granularities: list[str]
    include: list[str]
    language: str | None
    prompt: str
    stream: bool


def _field(fields: dict[str, list[str]], name: str) -> str | None:
    values = fields.get(name)
    return values[-1] if values else None


def _list_field(fields: dict[str, list[str]], name: str) -> list[str]:
    values = [*fields.get(name + "[]", []), *fields.get(name, [])]
    out: list[str] = []
    for value in values:
        out.extend(part.strip() for part in value.split(",") if part.strip())
    return out


async def read_request(context: RequestContext, *, translate: bool) -> AudioRequest:
    body = context.body
    if body.form_error is not None or body.form is None:
        raise GatewayError(400, "Expected a multipart/form-data body with a 'file' part.", code="invalid_request")
    fields = body.fields
    model_name = _field(fields, "model")
    if not model_name:
        raise missing_parameter("model")
    path = TRANSLATIONS_PATH if translate else TRANSCRIPTIONS_PATH
    model = resolve_model(context.state.catalogue, {"model": model_name}, frozenset({ModelKind.TRANSCRIPTION}), path)
    if translate and not model.id.startswith("whisper"):
        raise invalid_parameter("model", f"translations support whisper-1 only, not '{model.id}'.")
    upload = body.form.get("file")
    if not isinstance(upload, UploadFile):
        raise missing_parameter("file")
    info = body.files["file"][0]
    if info.size > MAX_UPLOAD_BYTES:
        raise GatewayError(
            413,
            f"Maximum content size limit ({MAX_UPLOAD_BYTES} bytes) exceeded ({info.size} bytes read)",
            code="request_too_large",
            param="file",
        )
    filename = upload.filename or "audio"
    extension = PurePath(filename).suffix.lower().lstrip(".")
    if extension not in UPLOAD_EXTENSIONS:
        raise invalid_parameter(
            "file", f"Invalid file format. Supported formats: {list(UPLOAD_EXTENSIONS)}", code="invalid_value"
        )
    response_format = _field(fields, "response_format") or "json"
    if response_format not in RESPONSE_FORMATS:
        raise invalid_parameter("response_format", f"expected one of {', '.join(RESPONSE_FORMATS)}.")
    is_gpt4o = model.id.startswith("gpt-4o")
    if is_gpt4o and response_format != "json":
        raise invalid_parameter(
            "response_format",
            f"response_format '{response_format}' is not compatible with model '{model.id}'. Use 'json'.",
            code="unsupported_value",
        )
    granularities = _list_field(fields, "timestamp_granularities")
    for granularity in granularities:
        if granularity not in GRANULARITIES:
            raise invalid_parameter("timestamp_granularities", "expected 'word' or 'segment'.")
    if granularities and response_format != "verbose_json":
        raise invalid_parameter(
            "timestamp_granularities", "timestamp_granularities requires response_format=verbose_json."
        )
    include = _list_field(fields, "include")
    for item in include:
        if item != "logprobs":
            raise invalid_parameter("include", f"unknown include value '{item}'.")
    if include and (not is_gpt4o or response_format != "json"):
        raise invalid_parameter(
            "include", "include[]=logprobs needs a gpt-4o transcription model and response_format=json."
        )
    temperature = _field(fields, "temperature")
    if temperature is not None:
        try:
            value = float(temperature)
        except ValueError:
            raise invalid_parameter("temperature", "expected a number.") from None
        if not 0 <= value <= 1:
            raise invalid_parameter("temperature", "expected a number from 0 to 1.")
    stream = (_field(fields, "stream") or "false").lower() == "true"
    data = await upload.read()
    return AudioRequest(
        model=model.id,
        data=data,
        filename=filename,
        response_format=response_format,
        granularities=granularities,
        include=include,
        language=_field(fields, "language"),
        prompt=_field(fields, "prompt") or "",
        stream=stream and is_gpt4o and not translate,
    )


def _language_name(code: str | None, translate: bool) -> str:
    if translate:
        return "english"
    if code and code.lower().startswith("zh"):
        return "chinese"
    return "english"


async def _transcribe(request: Request, *, translate: bool) -> Response:
    context = RequestContext.of(request)
    audio = await read_request(context, translate=translate)
    context.state.ledger.require_funds()
    try:
        samples = await run_in_threadpool(decode_mono, audio.data)
    except ValueError:
        raise invalid_parameter("file", "Audio file might be corrupted or unsupported") from None
    digest = hashlib.sha256(audio.data).hexdigest()
    transcript = await run_in_threadpool(
        make_transcript, samples, digest, _language_name(audio.language, translate), audio.prompt
    )
    pause = context.state.config.audio_seconds_per_minute * transcript.duration / 60
    if pause > 0:
        await asyncio.sleep(pause)
    context.state.ledger.charge_usd(0.006 * transcript.duration / 60)
    if audio.stream:
        return context.event_stream(_stream_frames(transcript, audio))
    context.refuse_stream_fault_without_stream()
    fmt = audio.response_format
    if fmt == "text":
        return PlainTextResponse(transcript.text + "\n")
    if fmt == "srt":
        return PlainTextResponse(render_srt(transcript))
    if fmt == "vtt":
        return Response(render_vtt(transcript), media_type="text/vtt")
    if fmt == "verbose_json":
        task = "translate" if translate else "transcribe"
        return JSONResponse(verbose_json(transcript, task, audio.granularities))
    body: dict[str, Any] = {"text": transcript.text}
    if audio.include:
        body["logprobs"] = _logprobs(transcript)
    if audio.model.startswith("gpt-4o"):
        body["usage"] = _token_usage(transcript)
    return JSONResponse(body)


def _stream_frames(transcript: Transcript, audio: AudioRequest) -> list[Frame]:
    frames: list[Frame] = []
    logprobs = _logprobs(transcript)
    joiner = transcript.joiner
    for index, word in enumerate(transcript.words):
        delta = (joiner if index and joiner else "") + word.word
        event: dict[str, Any] = {"type": "transcript.text.delta", "delta": delta}
        if audio.include:
            event["logprobs"] = [logprobs[index]]
        frames.append((sse_data(event), True))
    done: dict[str, Any] = {"type": "transcript.text.done", "text": transcript.text, "usage": _token_usage(transcript)}
    if audio.include:
        done["logprobs"] = logprobs
    frames.append((sse_data(done), False))
    return frames


async def create_transcription(request: Request) -> Response:
    return await _transcribe(request, translate=False)


async def create_translation(request: Request) -> Response:
    return await _transcribe(request, translate=True)


# --- speech ------------------------------------------------------------------------------------------


def synthesise(text: str, voice: str, speed: float, rate: int = SPEECH_RATE) -> np.ndarray:
    """Speech-like mono samples: per word a voiced tone with harmonics and a noise burst, then a gap."""
    rng = np.random.default_rng(int.from_bytes(hashlib.sha256(voice.encode()).digest()[:4], "little"))
    pitch = 110.0 + 90.0 * (VOICES.index(voice) / len(VOICES) if voice in VOICES else rng.random())
    pieces: list[np.ndarray] = [np.zeros(int(0.1 * rate), dtype=np.float32)]
    for token in re.findall(r"\S+", text):
        letters = max(1, len(token))
        seconds = (0.12 + 0.055 * letters) / speed
        axis = np.arange(int(seconds * rate)) / rate
        glide = pitch * (1 + 0.08 * np.sin(2 * np.pi * axis / max(seconds, 1e-3)))
        phase = 2 * np.pi * np.cumsum(glide) / rate
        tone = np.sin(phase) + 0.5 * np.sin(2 * phase) + 0.25 * np.sin(3 * phase)
        envelope = np.sin(np.pi * np.clip(axis / max(seconds, 1e-3), 0, 1)) ** 0.5
        word = 0.25 * tone * envelope
        burst = int(0.03 * rate / speed)
        noise = (rng.standard_normal(burst) * 0.08).astype(np.float32)
        pause_seconds = (0.35 if token[-1] in ".!?。！？" else 0.08) / speed
        pieces.extend([noise, word.astype(np.float32), np.zeros(int(pause_seconds * rate), dtype=np.float32)])
    return np.concatenate(pieces).astype(np.float32)


SPEECH_CONTAINERS = {
    "mp3": ("mp3", "libmp3lame", "audio/mpeg"),
    "opus": ("ogg", "libopus", "audio/ogg"),
    "aac": ("adts", "aac", "audio/aac"),
    "flac": ("flac", "flac", "audio/flac"),
}


def encode_audio(samples: np.ndarray, fmt: str, rate: int = SPEECH_RATE) -> tuple[bytes, str]:
    """Samples (mono float32, -1..1) as file bytes in `fmt`, with the content type."""
    pcm16 = (np.clip(samples, -1, 1) * 32767).astype("<i2")
    if fmt == "pcm":
        return pcm16.tobytes(), "audio/pcm"
    if fmt == "wav":
        buffer = io.BytesIO()
        with wave.open(buffer, "wb") as writer:
            writer.setnchannels(1)
            writer.setsampwidth(2)
            writer.setframerate(rate)
            writer.writeframes(pcm16.tobytes())
        return buffer.getvalue(), "audio/wav"
    container_format, codec, content_type = SPEECH_CONTAINERS[fmt]
    buffer = io.BytesIO()
    with av.open(buffer, "w", format=container_format) as container:
        stream = container.add_stream(codec, rate=rate, layout="mono")
        frame_size = stream.codec_context.frame_size or 1024
        sample_format = stream.codec_context.format.name
        resampler = av.AudioResampler(format=sample_format, layout="mono", rate=rate, frame_size=frame_size)
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
    return buffer.getvalue(), content_type


async def create_speech(request: Request) -> Response:
    context = RequestContext.of(request)
    body = context.json_object()
    model = resolve_model(context.state.catalogue, body, frozenset({ModelKind.SPEECH}), SPEECH_PATH)
    text = require_string(body, "input")
    if not text.strip():
        raise invalid_parameter("input", "the text to speak is empty.")
    if len(text) > MAX_SPEECH_INPUT:
        raise invalid_parameter("input", f"at most {MAX_SPEECH_INPUT} characters.", code="string_above_max_length")
    voice = body.get("voice")
    if voice is None:
        raise missing_parameter("voice")
    if not isinstance(voice, str) or voice not in VOICES:
        raise invalid_parameter("voice", f"expected one of {', '.join(VOICES)}.")
    fmt = optional_string(body, "response_format") or "mp3"
    if fmt not in SPEECH_FORMATS:
        raise invalid_parameter("response_format", f"expected one of {', '.join(SPEECH_FORMATS)}.")
    speed = optional_number(body, "speed", 0.25, 4.0)
    instructions = optional_string(body, "instructions")
    if instructions and not model.id.startswith(INSTRUCTABLE_PREFIX):
        raise invalid_parameter("instructions", f"instructions are not supported by '{model.id}'.")
    context.state.ledger.require_funds()
    context.refuse_stream_fault_without_stream()
    samples = await run_in_threadpool(synthesise, text, voice, float(speed or 1.0))
    data, content_type = await run_in_threadpool(encode_audio, samples, fmt)
    context.state.ledger.charge_usd(15.0 * len(text) / 1_000_000)
    return Response(data, media_type=content_type)


audio_routes = [
    Route(TRANSCRIPTIONS_PATH, create_transcription, methods=["POST"]),
    Route(TRANSLATIONS_PATH, create_translation, methods=["POST"]),
    Route(SPEECH_PATH, create_speech, methods=["POST"]),
]
