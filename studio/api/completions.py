"""Legacy completions (POST /v1/completions): prompt, optional suffix, whole or streamed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .client import UniApiClient
from .errors import ApiResponseError
from .lenient import Lenient
from .sentences import QT_TRANSLATE_NOOP
from .streaming import EventStream, StreamEvent, TextDelta, Usage, UsageReport, stream_error_from

COMPLETIONS_PATH = "/v1/completions"


class CompletionRequest(Lenient):
    model: str
    prompt: str | list[str]
    suffix: str | None = None
    max_tokens: int | None = None
    temperature: float | None = None
    top_p: float | None = None
    echo: bool | None = None
    logprobs: int | None = None
    stop: str | list[str] | None = None
    n: int | None = None
    best_of: int | None = None
    seed: int | None = None

    def body(self, *, stream: bool) -> dict[str, Any]:
        body = self.model_dump(exclude_none=True)
        body["stream"] = stream
        if stream:
            body["stream_options"] = {"include_usage": True}
        return body


@dataclass
class CompletionResult:
    id: str
    model: str
    text: str
    finish_reason: str | None
    usage: Usage | None
    logprobs: dict[str, Any] | None = None


def result_from_completion(body: Any) -> CompletionResult:
    if not isinstance(body, dict) or not body.get("choices"):
        raise ApiResponseError(
            QT_TRANSLATE_NOOP("ApiMessages", "The gateway's completion reply has no choices."), details=str(body)[:2000]
        )
    first = body["choices"][0]
    return CompletionResult(
        id=str(body.get("id") or ""),
        model=str(body.get("model") or ""),
        text=str(first.get("text") or ""),
        finish_reason=first.get("finish_reason"),
        usage=Usage.from_api(body.get("usage")),
        logprobs=first.get("logprobs"),
    )


class CompletionStream(EventStream):
    def __init__(self, client: UniApiClient, body: dict[str, Any]) -> None:
        super().__init__(client.open_sse(COMPLETIONS_PATH, body))
        self._id = ""
        self._model = ""
        self._parts: list[str] = []
        self._finish_reason: str | None = None
        self._usage: Usage | None = None

    async def __aenter__(self) -> CompletionStream:
        await super().__aenter__()
        return self

    def on_chunk(self, event: str, chunk: Any) -> list[StreamEvent]:
        if not isinstance(chunk, dict):
            return []
        if chunk.get("error"):
            raise stream_error_from(chunk)
        if not self._id:
            self._id, self._model = str(chunk.get("id") or ""), str(chunk.get("model") or "")
        events: list[StreamEvent] = []
        for choice in chunk.get("choices") or ():
            text = choice.get("text")
            if text:
                if choice.get("index", 0) == 0:
                    self._parts.append(text)
                events.append(TextDelta(text, choice.get("index", 0)))
            if choice.get("finish_reason") and choice.get("index", 0) == 0:
                self._finish_reason = choice["finish_reason"]
        if chunk.get("usage"):
            self._usage = Usage.from_api(chunk["usage"])
            if self._usage is not None:
                events.append(UsageReport(self._usage))
        return events

    def on_whole_reply(self, body: Any) -> list[StreamEvent]:
        whole = result_from_completion(body)
        self._id, self._model, self._usage = whole.id, whole.model, whole.usage
        self._parts.append(whole.text)
        self._finish_reason = whole.finish_reason
        return [TextDelta(whole.text)] if whole.text else []

    def finished_cleanly(self) -> bool:
        return self._finish_reason is not None

    @property
    def result(self) -> CompletionResult:
        return CompletionResult(self._id, self._model, "".join(self._parts), self._finish_reason, self._usage)


class CompletionsApi:
    def __init__(self, client: UniApiClient) -> None:
        self._client = client

    async def create(self, request: CompletionRequest) -> CompletionResult:
        return result_from_completion(await self._client.post_json(COMPLETIONS_PATH, request.body(stream=False)))

    def stream(self, request: CompletionRequest) -> CompletionStream:
        return CompletionStream(self._client, request.body(stream=True))
