"""The Responses API (POST /v1/responses): turns chained server-side by `previous_response_id`."""

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

RESPONSES_PATH = "/v1/responses"


class ResponseRequest(Lenient):
    model: str
    input: str | list[dict[str, Any]]
    instructions: str | None = None
    previous_response_id: str | None = None
    temperature: float | None = None
    top_p: float | None = None
    max_output_tokens: int | None = None
    reasoning: dict[str, Any] | None = None
    text: dict[str, Any] | None = None
    tools: list[dict[str, Any]] | None = None
    tool_choice: str | dict[str, Any] | None = None
    store: bool | None = None

    def body(self, *, stream: bool) -> dict[str, Any]:
        body = self.model_dump(exclude_none=True)
        body["stream"] = stream
        return body


@dataclass
class FunctionCallItem:
    call_id: str = ""
    name: str = ""
    arguments: str = ""


@dataclass
class ResponseResult:
    id: str = ""
    model: str = ""
    status: str = ""
    output_text: str = ""
    reasoning: str = ""
    function_calls: list[FunctionCallItem] = field(default_factory=list)
    usage: Usage | None = None
    incomplete_reason: str | None = None


def result_from_response(body: Any) -> ResponseResult:
    if not isinstance(body, dict) or "id" not in body:
        raise ApiResponseError(
            QT_TRANSLATE_NOOP("ApiMessages", "The gateway's response object has no id."), details=str(body)[:2000]
        )
    texts: list[str] = []
    reasoning: list[str] = []
    calls: list[FunctionCallItem] = []
    for item in body.get("output") or []:
        kind = item.get("type")
        if kind == "message":
            texts.extend(
                str(part.get("text", "")) for part in item.get("content") or [] if part.get("type") == "output_text"
            )
        elif kind == "function_call":
            calls.append(
                FunctionCallItem(
                    str(item.get("call_id") or item.get("id") or ""),
                    str(item.get("name") or ""),
                    str(item.get("arguments") or ""),
                )
            )
        elif kind == "reasoning":
            reasoning.extend(str(part.get("text", "")) for part in item.get("summary") or [])
    output_text = body.get("output_text") if isinstance(body.get("output_text"), str) else "".join(texts)
    incomplete = body.get("incomplete_details") or {}
    return ResponseResult(
        id=str(body["id"]),
        model=str(body.get("model") or ""),
        status=str(body.get("status") or ""),
        output_text=output_text or "".join(texts),
        reasoning="".join(reasoning),
        function_calls=calls,
        usage=Usage.from_api(body.get("usage")),
        incomplete_reason=incomplete.get("reason") if isinstance(incomplete, dict) else None,
    )


class ResponseStream(EventStream):
    """Streamed Responses API events; `result` is the final response (or what arrived before a cut)."""

    stop_when_complete = True

    def __init__(self, client: UniApiClient, body: dict[str, Any]) -> None:
        super().__init__(client.open_sse(RESPONSES_PATH, body))
        self._result = ResponseResult()
        self._text: list[str] = []
        self._reasoning: list[str] = []
        self._calls: dict[str, list[str]] = {}
        self._call_order: list[str] = []

    async def __aenter__(self) -> ResponseStream:
        await super().__aenter__()
        return self

    @property
    def response_id(self) -> str:
        return self._result.id

    def on_chunk(self, event: str, chunk: Any) -> list[StreamEvent]:
        kind = chunk.get("type", event) if isinstance(chunk, dict) else event
        if kind == "response.output_text.delta":
            text = chunk.get("delta") or ""
            self._text.append(text)
            return [TextDelta(text)] if text else []
        if kind in ("response.reasoning_summary_text.delta", "response.reasoning_text.delta"):
            text = chunk.get("delta") or ""
            self._reasoning.append(text)
            return [ReasoningDelta(text)] if text else []
        if kind == "response.output_item.added":
            item = chunk.get("item") or {}
            if item.get("type") == "function_call":
                item_id = str(item.get("id") or item.get("call_id") or len(self._call_order))
                self._calls[item_id] = [str(item.get("call_id") or item_id), str(item.get("name") or ""), ""]
                self._call_order.append(item_id)
                return [ToolCallDelta(len(self._call_order) - 1, "", self._calls[item_id][0], self._calls[item_id][1])]
            return []
        if kind == "response.function_call_arguments.delta":
            item_id = str(chunk.get("item_id") or "")
            slot = self._calls.get(item_id)
            if slot is None:
                return []
            slot[2] += chunk.get("delta") or ""
            return [ToolCallDelta(self._call_order.index(item_id), chunk.get("delta") or "")]
        if kind == "response.created" or kind == "response.in_progress":
            response = chunk.get("response") or {}
            self._result.id = str(response.get("id") or self._result.id)
            self._result.model = str(response.get("model") or self._result.model)
            self._result.status = str(response.get("status") or self._result.status)
            return []
        if kind in ("response.completed", "response.incomplete"):
            self._result = result_from_response(chunk.get("response") or {})
            self.complete = True
            return [UsageReport(self._result.usage)] if self._result.usage else []
        if kind == "response.failed":
            response = chunk.get("response") or {}
            raise stream_error_from(response.get("error") or {"message": "the response failed"})
        if kind == "error":
            raise stream_error_from(chunk)
        return []

    def on_whole_reply(self, body: Any) -> list[StreamEvent]:
        self._result = result_from_response(body)
        events: list[StreamEvent] = [TextDelta(self._result.output_text)] if self._result.output_text else []
        if self._result.usage:
            events.append(UsageReport(self._result.usage))
        return events

    @property
    def result(self) -> ResponseResult:
        if self.complete:
            return self._result
        partial = ResponseResult(
            id=self._result.id,
            model=self._result.model,
            status=self._result.status or "in_progress",
            output_text="".join(self._text),
            reasoning="".join(self._reasoning),
            function_calls=[FunctionCallItem(*self._calls[key]) for key in self._call_order],
        )
        return partial


class ResponsesApi:
    def __init__(self, client: UniApiClient) -> None:
        self._client = client

    async def create(self, request: ResponseRequest) -> ResponseResult:
        return result_from_response(await self._client.post_json(RESPONSES_PATH, request.body(stream=False)))

    def stream(self, request: ResponseRequest) -> ResponseStream:
        return ResponseStream(self._client, request.body(stream=True))
