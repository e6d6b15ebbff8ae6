"""Chat completions (POST /v1/chat/completions), whole or streamed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .client import UniApiClient
from .errors import ApiResponseError
from .lenient import Lenient
from .sentences import QT_TRANSLATE_NOOP
from .streaming import (
    EventStream,
    ReasoningDelta,
    StreamEvent,
    TextDelta,
    ToolCallDelta,
    Usage,
    UsageReport,
    stream_error_from,
)

CHAT_PATH = "/v1/chat/completions"


class ChatRequest(Lenient):
    """The request body; fields the gateway knows but this class does not name pass through as extras."""

    model: str
    messages: list[dict[str, Any]]
    temperature: float | None = None
    top_p: float | None = None
    max_tokens: int | None = None
    max_completion_tokens: int | None = None
    reasoning_effort: str | None = None
    response_format: dict[str, Any] | None = None
    seed: int | None = None
    stop: str | list[str] | None = None
    n: int | None = None
    tools: list[dict[str, Any]] | None = None
    tool_choice: str | dict[str, Any] | None = None

    def body(self, *, stream: bool) -> dict[str, Any]:
        body = self.model_dump(exclude_none=True)
        body["stream"] = stream
        if stream:
            body["stream_options"] = {"include_usage": True}
        return body


@dataclass
class FunctionCall:
    name: str = ""
    arguments: str = ""


@dataclass
class ToolCall:
    id: str = ""
    type: str = "function"
    function: FunctionCall = field(default_factory=FunctionCall)


@dataclass
class ChoiceResult:
    index: int = 0
    content: str = ""
    reasoning: str = ""
    tool_calls: list[ToolCall] = field(default_factory=list)
    finish_reason: str | None = None
    refusal: str | None = None


@dataclass
class ChatResult:
    """A whole reply; for a stream, what has arrived so far (complete once the stream ended)."""

    id: str = ""
    model: str = ""
    choices: list[ChoiceResult] = field(default_factory=lambda: [ChoiceResult()])
    usage: Usage | None = None

    @property
    def content(self) -> str:
        return self.choices[0].content if self.choices else ""

    @property
    def reasoning(self) -> str:
        return self.choices[0].reasoning if self.choices else ""

    @property
    def tool_calls(self) -> list[ToolCall]:
        return self.choices[0].tool_calls if self.choices else []

    @property
    def finish_reason(self) -> str | None:
        return self.choices[0].finish_reason if self.choices else None


def _text_of(content: Any) -> str:
    """Message content may be a string or a list of parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    return ""


def result_from_completion(body: Any) -> ChatResult:
    if not isinstance(body, dict) or not isinstance(body.get("choices"), list):
        raise ApiResponseError(
            QT_TRANSLATE_NOOP("ApiMessages", "The gateway's chat reply has no choices."), details=str(body)[:2000]
        )
    choices = []
    for position, raw in enumerate(body["choices"]):
        message = raw.get("message") or {}
        calls = [
            ToolCall(
                id=str(call.get("id") or ""),
                type=str(call.get("type") or "function"),
                function=FunctionCall(
                    name=str((call.get("function") or {}).get("name") or ""),
                    arguments=str((call.get("function") or {}).get("arguments") or ""),
                ),
            )
            for call in message.get("tool_calls") or []
        ]
        choices.append(
            ChoiceResult(
                index=int(raw.get("index", position)),
                content=_text_of(message.get("content")),
                reasoning=str(message.get("reasoning_content") or message.get("reasoning") or ""),
                tool_calls=calls,
                finish_reason=raw.get("finish_reason"),
                refusal=message.get("refusal"),
            )
        )
    return ChatResult(
        id=str(body.get("id") or ""),
        model=str(body.get("model") or ""),
        choices=choices or [ChoiceResult()],
        usage=Usage.from_api(body.get("usage")),
    )


class _ChoiceBuffer:
    __slots__ = ("calls", "content", "finish_reason", "reasoning")

    def __init__(self) -> None:
        self.content: list[str] = []
        self.reasoning: list[str] = []
        self.calls: dict[int, list[Any]] = {}
        self.finish_reason: str | None = None


class ChatStream(EventStream):
    """Streamed chat: yields text, reasoning and tool-call deltas; `result` assembles the whole reply."""

    def __init__(self, client: UniApiClient, body: dict[str, Any]) -> None:
        super().__init__(client.open_sse(CHAT_PATH, body))
        self._id = ""
        self._model = ""
        self._usage: Usage | None = None
        self._buffers: dict[int, _ChoiceBuffer] = {}

    async def __aenter__(self) -> ChatStream:
        await super().__aenter__()
        return self

    def _buffer(self, index: int) -> _ChoiceBuffer:
        buffer = self._buffers.get(index)
        if buffer is None:
            buffer = self._buffers[index] = _ChoiceBuffer()
        return buffer

    def on_chunk(self, event: str, chunk: Any) -> list[StreamEvent]:
        if not isinstance(chunk, dict):
            return []
        if chunk.get("error"):
            raise stream_error_from(chunk)
        if not self._id:
            self._id = str(chunk.get("id") or "")
            self._model = str(chunk.get("model") or "")
        events: list[StreamEvent] = []
        for choice in chunk.get("choices") or ():
            index = choice.get("index", 0)
            buffer = self._buffer(index)
            delta = choice.get("delta") or {}
            text = delta.get("content")
            if text:
                buffer.content.append(text)
                events.append(TextDelta(text, index))
            thought = delta.get("reasoning_content") or delta.get("reasoning")
            if thought:
                buffer.reasoning.append(thought)
                events.append(ReasoningDelta(thought, index))
            for call in delta.get("tool_calls") or ():
                events.append(self._on_tool_call(buffer, index, call))
            if choice.get("finish_reason"):
                buffer.finish_reason = choice["finish_reason"]
        usage = chunk.get("usage")
        if usage:
            self._usage = Usage.from_api(usage)
            if self._usage is not None:
                events.append(UsageReport(self._usage))
        return events

    @staticmethod
    def _on_tool_call(buffer: _ChoiceBuffer, index: int, call: dict[str, Any]) -> ToolCallDelta:
        call_index = int(call.get("index", len(buffer.calls)))
        function = call.get("function") or {}
        slot = buffer.calls.setdefault(call_index, ["", "", []])
        if call.get("id"):
            slot[0] = str(call["id"])
        if function.get("name"):
            slot[1] = str(function["name"])
        piece = function.get("arguments") or ""
        if piece:
            slot[2].append(piece)
        return ToolCallDelta(call_index, piece, call.get("id"), function.get("name"), index)

    def on_whole_reply(self, body: Any) -> list[StreamEvent]:
        whole = result_from_completion(body)
        self._id, self._model, self._usage = whole.id, whole.model, whole.usage
        events: list[StreamEvent] = []
        for choice in whole.choices:
            buffer = self._buffer(choice.index)
            buffer.content.append(choice.content)
            buffer.reasoning.append(choice.reasoning)
            buffer.finish_reason = choice.finish_reason
            for number, call in enumerate(choice.tool_calls):
                buffer.calls[number] = [call.id, call.function.name, [call.function.arguments]]
            if choice.content:
                events.append(TextDelta(choice.content, choice.index))
        if whole.usage is not None:
            events.append(UsageReport(whole.usage))
        return events

    def finished_cleanly(self) -> bool:
        # Some relays close without "[DONE]"; a finish_reason on every choice means nothing is missing.
        return bool(self._buffers) and all(b.finish_reason for b in self._buffers.values())

    @property
    def result(self) -> ChatResult:
        choices = [
            ChoiceResult(
                index=index,
                content="".join(buffer.content),
                reasoning="".join(buffer.reasoning),
                tool_calls=[
                    ToolCall(id=slot[0], function=FunctionCall(name=slot[1], arguments="".join(slot[2])))
                    for _, slot in sorted(buffer.calls.items())
                ],
                finish_reason=buffer.finish_reason,
            )
            for index, buffer in sorted(self._buffers.items())
        ]
        return ChatResult(id=self._id, model=self._model, choices=choices or [ChoiceResult()], usage=self._usage)


class ChatApi:
    def __init__(self, client: UniApiClient) -> None:
        self._client = client

    async def create(self, request: ChatRequest) -> ChatResult:
        return result_from_completion(await self._client.post_json(CHAT_PATH, request.body(stream=False)))

    def stream(self, request: ChatRequest) -> ChatStream:
        return ChatStream(self._client, request.body(stream=True))
