"""Audio: transcriptions and translations (multipart, streamed from disk), speech (JSON in, audio out).

Every response format is read into one `Transcript`: json and verbose_json as JSON, text as is, srt and
vtt by their cues. `stream=True` (gpt-4o transcription models) yields `TranscriptDelta`s, then the whole
`Transcript`; a gateway that ignores `stream` and answers JSON yields just the transcript.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .client import UniApiClient
from .errors import ApiResponseError
from .sentences import QT_TRANSLATE_NOOP, Sentence
from .streaming import decode_chunk, stream_error_from
from .uploads import FilePart, MultipartUpload, ProgressCallback

TRANSCRIPTIONS_PATH = "/v1/audio/transcriptions"
TRANSLATIONS_PATH = "/v1/audio/translations"
SPEECH_PATH = "/v1/audio/speech"

RESPONSE_FORMATS = ("json", "text", "srt", "verbose_json", "vtt")
GRANULARITIES = ("word", "segment")
TRANSCRIPTION_MODELS = ("whisper-1", "gpt-4o-transcribe", "gpt-4o-mini-transcribe")
SPEECH_MODELS = ("gpt-4o-mini-tts", "tts-1", "tts-1-hd")
VOICES = ("alloy", "ash", "ballad", "coral", "echo", "fable", "onyx", "nova", "sage", "shimmer", "verse")
SPEECH_FORMATS = ("mp3", "opus", "aac", "flac", "wav", "pcm")
MAX_UPLOAD_BYTES = 25 * 1024 * 1024
MAX_SPEECH_CHARS = 4096


def is_gpt4o(model: str) -> bool:
    return model.startswith("gpt-4o")


def formats_for(model: str) -> tuple[str, ...]:
    """The response formats the model accepts (gpt-4o-* models: json only)."""
    return ("json",) if is_gpt4o(model) else RESPONSE_FORMATS


def supports_logprobs(model: str, response_format: str) -> bool:
    return is_gpt4o(model) and response_format == "json"


def supports_stream(model: str) -> bool:
    return is_gpt4o(model)


def translation_supported(model: str) -> bool:
    return model.startswith("whisper")


@dataclass
class TranscriptionRequest:
    model: str = "whisper-1"
    language: str | None = None
    prompt: str | None = None
    temperature: float | None = None
    response_format: str = "json"
    timestamp_granularities: Sequence[str] = ()
    logprobs: bool = False
    stream: bool = False

    def problem(self, *, translate: bool = False) -> Sentence | None:
        """Why the gateway would refuse this request, in one sentence, or None."""
        if translate and not translation_supported(self.model):
            return Sentence.of(
                QT_TRANSLATE_NOOP("ApiMessages", "Translation works with whisper-1 only, not {model}."),
                model=self.model,
            )
        if self.response_format not in formats_for(self.model):
            allowed = ", ".join(formats_for(self.model))
            return Sentence.of(
                QT_TRANSLATE_NOOP("ApiMessages", "{model} cannot answer as {format}; it supports {allowed}."),
                model=self.model,
                format=self.response_format,
                allowed=allowed,
            )
        if self.timestamp_granularities and self.response_format != "verbose_json":
            return Sentence(
                QT_TRANSLATE_NOOP("ApiMessages", "Word or segment timestamps need the verbose_json format.")
            )
        for granularity in self.timestamp_granularities:
            if granularity not in GRANULARITIES:
                return Sentence.of(
                    QT_TRANSLATE_NOOP("ApiMessages", "Unknown timestamp granularity '{name}'."), name=granularity
                )
        if self.logprobs and not supports_logprobs(self.model, self.response_format):
            return Sentence(
                QT_TRANSLATE_NOOP(
                    "ApiMessages", "Log probabilities need a gpt-4o transcription model and the json format."
                )
            )
        if self.temperature is not None and not 0 <= self.temperature <= 1:
            return Sentence(QT_TRANSLATE_NOOP("ApiMessages", "The temperature must be between 0 and 1."))
        return None

    def fields(self, *, translate: bool = False) -> list[tuple[str, str]]:
        fields = [("model", self.model), ("response_format", self.response_format)]
        if self.language and not translate:
            fields.append(("language", self.language))
        if self.prompt:
            fields.append(("prompt", self.prompt))
        if self.temperature is not None:
            fields.append(("temperature", repr(float(self.temperature))))
        if not translate:
            fields.extend(("timestamp_granularities[]", item) for item in self.timestamp_granularities)
            if self.logprobs:
                fields.append(("include[]", "logprobs"))
            if self.stream:
                fields.append(("stream", "true"))
        return fields


@dataclass
class Word:
    text: str
    start: float
    end: float


@dataclass
class Segment:
    start: float
    end: float
    text: str
    id: int = 0


@dataclass
class Transcript:
    text: str
    response_format: str = "json"
    language: str | None = None
    duration: float | None = None
    segments: list[Segment] = field(default_factory=list)
    words: list[Word] = field(default_factory=list)
    logprobs: list[dict[str, Any]] = field(default_factory=list)
    usage: dict[str, Any] | None = None
    raw: str = ""
    """The reply exactly as the gateway sent it."""

    def shifted(self, seconds: float) -> Transcript:
        """The same transcript with every timestamp moved by `seconds` (stitching chunks)."""
        return replace(
            self,
            segments=[replace(s, start=s.start + seconds, end=s.end + seconds) for s in self.segments],
            words=[replace(w, start=w.start + seconds, end=w.end + seconds) for w in self.words],
        )


@dataclass(slots=True)
class TranscriptDelta:
    text: str


def _number(value: Any, default: float = 0.0) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


def _timestamp(text: str) -> float:
    parts = text.strip().replace(",", ".").split(":")
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + _number(part)
    return seconds


CUE_TIMES = re.compile(r"([\d:.,]+)\s*-->\s*([\d:.,]+)")


def parse_cues(text: str) -> list[Segment]:
    """The cues of an SRT or WebVTT document as segments."""
    segments: list[Segment] = []
    for block in re.split(r"\r?\n\s*\r?\n", text.strip()):
        lines = block.strip().splitlines()
        for index, line in enumerate(lines):
            match = CUE_TIMES.search(line)
            if match:
                body = " ".join(part.strip() for part in lines[index + 1 :] if part.strip())
                segments.append(Segment(_timestamp(match.group(1)), _timestamp(match.group(2)), body, len(segments)))
                break
    return segments


def _from_json(body: Any, response_format: str, raw: str) -> Transcript:
    if not isinstance(body, dict):
        raise ApiResponseError(
            QT_TRANSLATE_NOOP("ApiMessages", "The transcription reply cannot be read."), details=raw[:2000]
        )
    segments = [
        Segment(_number(item.get("start")), _number(item.get("end")), str(item.get("text") or "").strip(), index)
        for index, item in enumerate(body.get("segments") or [])
        if isinstance(item, dict)
    ]
    words = [
        Word(str(item.get("word") or ""), _number(item.get("start")), _number(item.get("end")))
        for item in body.get("words") or []
        if isinstance(item, dict)
    ]
    logprobs = [item for item in body.get("logprobs") or [] if isinstance(item, dict)]
    duration = body.get("duration")
    usage = body.get("usage")
    return Transcript(
        text=str(body.get("text") or "").strip(),
        response_format=response_format,
        language=str(body["language"]) if body.get("language") else None,
        duration=_number(duration) if duration is not None else None,
        segments=segments,
        words=words,
        logprobs=logprobs,
        usage=usage if isinstance(usage, dict) else None,
        raw=raw,
    )


def parse_transcript(raw: str, response_format: str) -> Transcript:
    """A reply in any response format as a Transcript (a JSON reply is read whatever was asked)."""
    stripped = raw.strip()
    if response_format in ("json", "verbose_json") or stripped.startswith("{"):
        try:
            body = json.loads(stripped)
        except ValueError as exc:
            raise ApiResponseError(
                QT_TRANSLATE_NOOP("ApiMessages", "The transcription reply cannot be read."), details=raw[:2000]
            ) from exc
        return _from_json(body, response_format, raw)
    if response_format in ("srt", "vtt"):
        segments = parse_cues(stripped)
        text = " ".join(segment.text for segment in segments)
        return Transcript(text=text, response_format=response_format, segments=segments, raw=raw)
    return Transcript(text=stripped, response_format=response_format, raw=raw)


class AudioApi:
    def __init__(self, client: UniApiClient) -> None:
        self._client = client

    def _upload(
        self, path: Path, request: TranscriptionRequest, translate: bool, progress: ProgressCallback | None
    ) -> MultipartUpload:
        return MultipartUpload(request.fields(translate=translate), [FilePart("file", path)], progress=progress)

    async def transcribe(
        self,
        path: Path,
        request: TranscriptionRequest,
        *,
        translate: bool = False,
        progress: ProgressCallback | None = None,
    ) -> Transcript:
        """Upload `path` and return the whole transcript (a streaming request is read to its end)."""
        if request.stream and not translate:
            transcript: Transcript | None = None
            async for event in self.stream(path, request, progress=progress):
                if isinstance(event, Transcript):
                    transcript = event
            if transcript is None:
                raise ApiResponseError(
                    QT_TRANSLATE_NOOP("ApiMessages", "The transcription stream ended without its text.")
                )
            return transcript
        route = TRANSLATIONS_PATH if translate else TRANSCRIPTIONS_PATH
        response = await self._client.post_multipart(route, self._upload(path, request, translate, progress))
        return parse_transcript(response.text, request.response_format)

    async def stream(
        self, path: Path, request: TranscriptionRequest, *, progress: ProgressCallback | None = None
    ) -> AsyncIterator[TranscriptDelta | Transcript]:
        """`transcript.text.delta` pieces as TranscriptDelta, then the finished Transcript."""
        upload = self._upload(path, replace(request, stream=True), False, progress)
        pieces: list[str] = []
        async with self._client.open_multipart_sse(TRANSCRIPTIONS_PATH, upload) as events:
            async for sse in events:
                if sse.event == "json":
                    yield parse_transcript(sse.data, request.response_format)
                    return
                if not sse.data or sse.data == "[DONE]":
                    continue
                chunk = decode_chunk(sse.data)
                kind = chunk.get("type") if isinstance(chunk, dict) else None
                if kind == "transcript.text.delta":
                    delta = str(chunk.get("delta") or "")
                    pieces.append(delta)
                    yield TranscriptDelta(delta)
                elif kind == "transcript.text.done":
                    transcript = _from_json(chunk, request.response_format, sse.data)
                    transcript.text = transcript.text or "".join(pieces)
                    yield transcript
                    return
                elif kind == "error" or (isinstance(chunk, dict) and "error" in chunk):
                    raise stream_error_from(chunk)
        yield Transcript(text="".join(pieces).strip(), response_format=request.response_format)

    async def speech(
        self,
        text: str,
        out: Path,
        *,
        model: str = "gpt-4o-mini-tts",
        voice: str = "alloy",
        response_format: str = "mp3",
        speed: float | None = None,
        instructions: str | None = None,
    ) -> Path:
        """Speak `text` and write the audio to `out`; returns `out`."""
        body: dict[str, Any] = {"model": model, "input": text, "voice": voice, "response_format": response_format}
        if speed is not None:
            body["speed"] = speed
        if instructions:
            body["instructions"] = instructions
        response = await self._client.post_json_for_bytes(SPEECH_PATH, body)
        data = response.content
        if not data:
            raise ApiResponseError(QT_TRANSLATE_NOOP("ApiMessages", "The gateway sent no audio."))
        content_type = response.headers.get("content-type", "")
        if content_type.startswith("application/json"):
            raise ApiResponseError(
                QT_TRANSLATE_NOOP("ApiMessages", "The gateway sent a message instead of audio."),
                details=data[:2000].decode(),
            )
        out.write_bytes(data)
        return out
