"""What a streamed reply yields, and the loop every JSON-over-SSE family shares.

Per chunk the hot path is one `json.loads` and a few dict look-ups: no model validation, so the
client keeps up with raw httpx (see tests/bench/bench_stream.py).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import httpx
from httpx_sse import ServerSentEvent

from .errors import ApiResponseError, StreamCutError, StreamError, UnreadableReplyError, error_from_transport
from .sentences import QT_TRANSLATE_NOOP, Sentence, said


@dataclass(slots=True)
class TextDelta:
    text: str
    index: int = 0


@dataclass(slots=True)
class ReasoningDelta:
    text: str
    index: int = 0


@dataclass(slots=True)
class ToolCallDelta:
    """A piece of a tool call: id and name arrive once, arguments in pieces."""

    call_index: int
    arguments: str
    id: str | None = None
    name: str | None = None
    index: int = 0


@dataclass(slots=True)
class Usage:
    input_tokens: int = 0
    output_tokens: int = 0
    total_tokens: int = 0
    reasoning_tokens: int = 0
    cached_tokens: int = 0

    @classmethod
    def from_api(cls, raw: Mapping[str, Any] | None) -> Usage | None:
        """Accept both spellings: chat's prompt/completion_tokens and responses' input/output_tokens."""
        if not isinstance(raw, Mapping):
            return None

        def number(value: Any) -> int:
            try:
                return int(value or 0)
            except (TypeError, ValueError):
                return 0

        input_tokens = number(raw.get("prompt_tokens", raw.get("input_tokens")))
        output_tokens = number(raw.get("completion_tokens", raw.get("output_tokens")))
        out_details = raw.get("completion_tokens_details") or raw.get("output_tokens_details") or {}
        in_details = raw.get("prompt_tokens_details") or raw.get("input_tokens_details") or {}
        return cls(
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            total_tokens=number(raw.get("total_tokens")) or input_tokens + output_tokens,
            reasoning_tokens=number(out_details.get("reasoning_tokens")) if isinstance(out_details, Mapping) else 0,
            cached_tokens=number(in_details.get("cached_tokens")) if isinstance(in_details, Mapping) else 0,
        )


@dataclass(slots=True)
class UsageReport:
    usage: Usage


StreamEvent = TextDelta | ReasoningDelta | ToolCallDelta | UsageReport


def stream_error_from(payload: Any) -> StreamError:
    """An in-band error object (`{"error": {...}}` or a bare `{message, code}`) as a typed error."""
    inner = payload.get("error", payload) if isinstance(payload, Mapping) else payload
    message = str(inner.get("message") or inner) if isinstance(inner, Mapping) else str(inner)
    code = inner.get("code") if isinstance(inner, Mapping) else None
    return StreamError(
        (Sentence(StreamError.user_message), *said(message)),
        code=str(code) if code is not None else None,
        server_message=message,
        details=json.dumps(payload, ensure_ascii=False)[:2000],
    )


def decode_chunk(data: str) -> Any:
    try:
        return json.loads(data)
    except ValueError as exc:
        raise ApiResponseError(
            QT_TRANSLATE_NOOP("ApiMessages", "The gateway sent a stream piece the studio cannot read."),
            details=data[:2000],
        ) from exc


class EventStream:
    """Base of the family streams: `async with api.chat.stream(req) as s: async for event in s`.

    Subclasses turn each decoded chunk into events and keep the accumulated result, which stays
    readable after a failure, so a cut stream still shows what arrived.
    """

    def __init__(self, opener: AbstractAsyncContextManager[AsyncIterator[ServerSentEvent]]) -> None:
        self._opener = opener
        self._events: AsyncIterator[ServerSentEvent] | None = None
        self.complete = False

    async def __aenter__(self) -> EventStream:
        self._events = await self._opener.__aenter__()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self._opener.__aexit__(exc_type, exc, tb)

    def __aiter__(self) -> AsyncIterator[StreamEvent]:
        return self._iterate()

    async def _iterate(self) -> AsyncIterator[StreamEvent]:
        if self._events is None:
            raise RuntimeError("use the stream inside 'async with'")
        on_chunk = self.on_chunk
        try:
            async for sse in self._events:
                data = sse.data
                if data == "[DONE]":
                    self.complete = True
                    break
                if sse.event == "json":
                    for event in self.on_whole_reply(decode_chunk(data)):
                        yield event
                    self.complete = True
                    break
                if not data:
                    continue
                for event in on_chunk(sse.event, decode_chunk(data)):
                    yield event
                if self.complete and self.stop_when_complete:
                    break
        except httpx.TransportError as exc:
            raise error_from_transport(exc, request_sent=True) from exc
        except httpx.DecodingError as exc:
            raise UnreadableReplyError(
                "The gateway's reply was damaged: it claimed a compression it did not use.", details=str(exc)
            ) from exc
        if not self.complete and not self.finished_cleanly():
            raise StreamCutError(
                QT_TRANSLATE_NOOP("ApiMessages", "The reply stopped before it was complete."),
                details="The stream ended without its closing event.",
            )

    stop_when_complete = False

    def on_chunk(self, event: str, chunk: Any) -> list[StreamEvent]:
        raise NotImplementedError

    def on_whole_reply(self, body: Any) -> list[StreamEvent]:
        """The gateway ignored `stream: true` and sent a whole reply; subclasses replay it."""
        raise NotImplementedError

    def finished_cleanly(self) -> bool:
        """True when the stream may end without a terminator (e.g. a finish_reason already came)."""
        return False
