"""POST /v1/responses (and GET by id): stored, chainable responses, streamed as typed events."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from studio.simulator.errors import GatewayError, missing_parameter
from studio.simulator.ids import new_id
from studio.simulator.image_inputs import image_size
from studio.simulator.media import MediaStore
from studio.simulator.models import TEXT_KINDS, ResolvedModel, resolve_model
from studio.simulator.request_context import RequestContext
from studio.simulator.streaming import Frame, JsonTemplate, dump_json, sse_event
from studio.simulator.structured_output import json_mode_reply
from studio.simulator.textgen import (
    cap_tokens,
    compose_reasoning,
    compose_reply,
    count_tokens,
    filler_tokens,
    forced_token_count,
    images_note,
    is_chinese,
    split_tokens,
    tool_result_note,
    turn_note,
)
from studio.simulator.tool_calls import PlannedToolCall, choose_function, plan_tool_call, response_functions
from studio.simulator.usage import IMAGE_PROMPT_TOKENS, response_usage
from studio.simulator.validation import (
    check_sampling,
    optional_bool,
    optional_int,
    optional_string,
    wrong_type,
)

RESPONSES_PATH = "/v1/responses"
TOKENS_PER_ITEM = 3


@dataclass(frozen=True)
class StoredResponse:
    id: str
    turn: int
    prompt: str  # what the user said in this turn
    context_tokens: int  # input plus output tokens, carried into the next turn's input
    body: dict[str, Any]


class ResponseStore:
    def __init__(self) -> None:
        self._stored: dict[str, StoredResponse] = {}
        self._lock = threading.Lock()

    def put(self, stored: StoredResponse) -> None:
        with self._lock:
            self._stored[stored.id] = stored

    def get(self, response_id: str) -> StoredResponse | None:
        with self._lock:
            return self._stored.get(response_id)

    def __len__(self) -> int:
        with self._lock:
            return len(self._stored)


@dataclass
class ResponseInput:
    """What the simulated model reads from `instructions` and `input`."""

    prompt: str = ""
    last_kind: str = "user"  # "user", "function_call_output" or another role
    tool_output: str | None = None
    image_sizes: list[tuple[int, int] | None] = field(default_factory=list)
    tokens: int = 0


def read_input(raw_input: Any, instructions: str | None, media: MediaStore) -> ResponseInput:
    read = ResponseInput(tokens=count_tokens(instructions or ""))
    items = [{"role": "user", "content": raw_input}] if isinstance(raw_input, str) else raw_input
    if not isinstance(items, list):
        raise wrong_type("input", "a string or an array of input items", raw_input)
    for item in items:
        if not isinstance(item, dict):
            continue
        read.tokens += TOKENS_PER_ITEM
        if item.get("type") == "function_call_output":
            read.last_kind = "function_call_output"
            read.tool_output = (
                item["output"] if isinstance(item.get("output"), str) else dump_json(item.get("output"))
            )
            read.tokens += count_tokens(read.tool_output)
            continue
        role = item.get("role")
        if not isinstance(role, str):
            continue
        text, image_urls = _content_text(item.get("content"))
        read.tokens += count_tokens(text) + IMAGE_PROMPT_TOKENS * len(image_urls)
        read.last_kind = role
        if role == "user":
            read.prompt = text
            read.image_sizes = [image_size(url, media) for url in image_urls]
            read.tool_output = None
    return read


def _content_text(content: Any) -> tuple[str, list[str]]:
    if isinstance(content, str):
        return content, []
    texts, image_urls = [], []
    for part in content if isinstance(content, list) else []:
        if not isinstance(part, dict):
            continue
        if isinstance(part.get("text"), str):
            texts.append(part["text"])
        if part.get("type") == "input_image" and isinstance(part.get("image_url"), str):
            image_urls.append(part["image_url"])
    return "\n".join(texts), image_urls


@dataclass
class ResponsePlan:
    reasoning: list[str]
    text: list[str]
    tool_call: PlannedToolCall | None
    incomplete: bool
    reasoning_id: str = field(default_factory=lambda: new_id("rs_", 48))
    message_id: str = field(default_factory=lambda: new_id("msg_", 48))
    function_item_id: str = field(default_factory=lambda: new_id("fc_", 48))

    @property
    def output_tokens(self) -> int:
        tool_tokens = count_tokens(self.tool_call.arguments) + 1 if self.tool_call else 0
        return len(self.reasoning) + len(self.text) + tool_tokens


def _normalized_tools(tools: Any) -> list[Any]:
    """Tools echoed back as the API reports them, function tools with their defaults filled in."""
    echoed = []
    for tool in tools if isinstance(tools, list) else []:
        if isinstance(tool, dict) and tool.get("type") == "function":
            echoed.append(
                {
                    "type": "function",
                    "name": tool.get("name"),
                    "description": tool.get("description"),
                    "parameters": tool.get("parameters") or {},
                    "strict": tool.get("strict", True),
                }
            )
        else:
            echoed.append(tool)
    return echoed


@dataclass
class ResponseDraft:
    """Everything needed to render the response object at any point of its life."""

    response_id: str
    created_at: int
    model: ResolvedModel
    body: dict[str, Any]
    plan: ResponsePlan
    usage: dict[str, Any]
    store: bool

    def reasoning_item(self) -> dict[str, Any]:
        return {"id": self.plan.reasoning_id, "type": "reasoning", "summary": []}

    def function_item(self, finished: bool) -> dict[str, Any]:
        call = self.plan.tool_call
        assert call is not None
        return {
            "id": self.plan.function_item_id,
            "type": "function_call",
            "status": "completed" if finished else "in_progress",
            "arguments": call.arguments if finished else "",
            "call_id": call.call_id,
            "name": call.name,
        }

    def text_part(self, finished: bool) -> dict[str, Any]:
        text = "".join(self.plan.text) if finished else ""
        return {"type": "output_text", "text": text, "annotations": [], "logprobs": []}

    def message_item(self, finished: bool) -> dict[str, Any]:
        status = ("incomplete" if self.plan.incomplete else "completed") if finished else "in_progress"
        return {
            "id": self.plan.message_id,
            "type": "message",
            "status": status,
            "role": "assistant",
            "content": [self.text_part(True)] if finished else [],
        }

    def output(self) -> list[dict[str, Any]]:
        items = [self.reasoning_item()] if self.plan.reasoning else []
        items.append(self.function_item(True) if self.plan.tool_call else self.message_item(True))
        return items

    @property
    def final_status(self) -> str:
        return "incomplete" if self.plan.incomplete else "completed"

    def render(self, status: str, error: dict[str, Any] | None = None) -> dict[str, Any]:
        body = self.body
        finished = status in ("completed", "incomplete")
        rendered: dict[str, Any] = {
            "id": self.response_id,
            "object": "response",
            "created_at": self.created_at,
            "status": status,
            "background": False,
            "completed_at": int(time.time()) if finished else None,
            "error": error,
            "incomplete_details": {"reason": "max_output_tokens"} if status == "incomplete" else None,
            "instructions": body.get("instructions"),
            "max_output_tokens": body.get("max_output_tokens"),
            "max_tool_calls": None,
            "model": self.model.id,
            "output": self.output() if finished else [],
            "parallel_tool_calls": body.get("parallel_tool_calls", True),
            "previous_response_id": body.get("previous_response_id"),
            "reasoning": {"effort": self._effort(), "summary": None},
            "service_tier": "default",
            "store": self.store,
            "temperature": body.get("temperature", 1.0),
            "text": body.get("text") or {"format": {"type": "text"}, "verbosity": "medium"},
            "tool_choice": body.get("tool_choice", "auto"),
            "tools": _normalized_tools(body.get("tools")),
            "top_logprobs": 0,
            "top_p": body.get("top_p", 1.0),
            "truncation": body.get("truncation", "disabled"),
            "metadata": body.get("metadata") or {},
        }
        if finished:
            # Not in OpenAI's wire format (its SDKs compute it) but listed in UniAPI's reference.
            rendered["output_text"] = "".join(self.plan.text)
            rendered["usage"] = self.usage
        if isinstance(body.get("user"), str):
            rendered["user"] = body["user"]
        return rendered

    def _effort(self) -> str | None:
        effort = (self.body.get("reasoning") or {}).get("effort") or self.model.reasoning_effort
        if effort is None and self.model.reasons:
            return "medium"
        return effort


async def create_response(request: Request) -> Response:
    context = RequestContext.of(request)
    body = context.json_object()
    model = resolve_model(context.state.catalogue, body, TEXT_KINDS, RESPONSES_PATH)
    check_sampling(body)
    instructions = optional_string(body, "instructions")
    limit = optional_int(body, "max_output_tokens", 1)
    stream = optional_bool(body, "stream")
    store = optional_bool(body, "store", default=True)
    previous = _previous_response(context, body)
    if body.get("input") is None and previous is None:
        raise missing_parameter("input")
    read = read_input(body.get("input") or [], instructions, context.state.media)
    if not read.prompt and previous is not None:
        read.prompt = previous.prompt  # a turn that only returns tool output continues the user's request
    context.state.ledger.require_funds()

    plan = _plan(read, body, model, previous, context.tokens_header, limit)
    input_tokens = read.tokens + (previous.context_tokens if previous else 0)
    usage = response_usage(input_tokens, plan.output_tokens, len(plan.reasoning))
    context.state.ledger.charge_tokens(input_tokens + plan.output_tokens)
    draft = ResponseDraft(new_id("resp_", 48), int(time.time()), model, body, plan, usage, store)
    if store:
        context.state.responses.put(
            StoredResponse(
                id=draft.response_id,
                turn=(previous.turn + 1) if previous else 1,
                prompt=read.prompt,
                context_tokens=input_tokens + plan.output_tokens,
                body=draft.render(draft.final_status),
            )
        )
    if stream:
        sequence = SequenceCounter()
        return context.event_stream(
            response_stream_frames(draft, sequence), lambda: failure_frames(draft, sequence)
        )
    context.refuse_stream_fault_without_stream()
    return JSONResponse(draft.render(draft.final_status))


def _previous_response(context: RequestContext, body: dict[str, Any]) -> StoredResponse | None:
    previous_id = optional_string(body, "previous_response_id")
    if previous_id is None:
        return None
    previous = context.state.responses.get(previous_id)
    if previous is None:
        raise GatewayError(
            400,
            f"Previous response with id '{previous_id}' not found.",
            param="previous_response_id",
            code="previous_response_not_found",
        )
    return previous


def _plan(
    read: ResponseInput,
    body: dict[str, Any],
    model: ResolvedModel,
    previous: StoredResponse | None,
    tokens_header: str | None,
    limit: int | None,
) -> ResponsePlan:
    reasoning = split_tokens(compose_reasoning(read.prompt)) if model.reasons else []
    if read.last_kind == "user":
        function = choose_function(response_functions(body.get("tools")), body.get("tool_choice"))
        if function is not None:
            return ResponsePlan(reasoning, [], plan_tool_call(function, read.prompt), False)
    forced = forced_token_count(read.prompt, tokens_header)
    text_options = body.get("text")
    json_text = json_mode_reply(
        text_options.get("format") if isinstance(text_options, dict) else None, read.prompt
    )
    if forced is not None:
        tokens = filler_tokens(forced)
    elif json_text is not None:
        tokens = split_tokens(json_text)
    else:
        chinese = is_chinese(read.prompt)
        notes = [turn_note(previous.turn + 1, previous.prompt, chinese)] if previous else []
        notes.append(images_note(read.image_sizes, chinese))
        if read.last_kind == "function_call_output" and read.tool_output is not None:
            notes.append(tool_result_note(read.tool_output, chinese))
        tokens = split_tokens(compose_reply(read.prompt, notes))
    tokens, truncated = cap_tokens(tokens, limit)
    return ResponsePlan(reasoning, tokens, None, truncated)


async def retrieve_response(request: Request) -> Response:
    context = RequestContext.of(request)
    response_id = request.path_params["response_id"]
    stored = context.state.responses.get(response_id)
    if stored is None:
        raise GatewayError(404, f"Response with id '{response_id}' not found.", code="not_found")
    return JSONResponse(stored.body)


class SequenceCounter:
    """Numbers the stream's events; shared with the failure tail so it continues the count."""

    def __init__(self) -> None:
        self.value = 0

    def take(self) -> int:
        number = self.value
        self.value += 1
        return number


def response_stream_frames(draft: ResponseDraft, sequence: SequenceCounter) -> Iterator[Frame]:
    def event(event_type: str, **fields: Any) -> Frame:
        return sse_event(
            event_type, {"type": event_type, "sequence_number": sequence.take(), **fields}
        ), False

    yield event("response.created", response=draft.render("in_progress"))
    yield event("response.in_progress", response=draft.render("in_progress"))
    output_index = 0
    if draft.plan.reasoning:
        yield event(
            "response.output_item.added", output_index=0, item={**draft.reasoning_item(), "summary": []}
        )
        yield event("response.output_item.done", output_index=0, item=draft.reasoning_item())
        output_index = 1
    if draft.plan.tool_call:
        yield from _function_call_frames(draft, output_index, sequence, event)
    else:
        yield from _message_frames(draft, output_index, sequence, event)
    final_status = draft.final_status
    final_type = "response.completed" if final_status == "completed" else "response.incomplete"
    yield event(final_type, response=draft.render(final_status))


def _message_frames(
    draft: ResponseDraft, output_index: int, sequence: SequenceCounter, event: Any
) -> Iterator[Frame]:
    item_id = draft.plan.message_id
    place = {"item_id": item_id, "output_index": output_index, "content_index": 0}
    yield event("response.output_item.added", output_index=output_index, item=draft.message_item(False))
    yield event("response.content_part.added", **place, part=draft.text_part(False))
    delta_slot, number_slot = JsonTemplate.slot("delta"), JsonTemplate.slot("number")
    template = JsonTemplate(
        {
            "type": "response.output_text.delta",
            "sequence_number": number_slot,
            **place,
            "delta": delta_slot,
            "logprobs": [],
        },
        ["delta", "number"],
    )
    for token in draft.plan.text:
        yield (
            "event: response.output_text.delta\ndata: "
            + template.render(delta=token, number=sequence.take())
            + "\n\n",
            True,
        )
    yield event("response.output_text.done", **place, text="".join(draft.plan.text), logprobs=[])
    yield event("response.content_part.done", **place, part=draft.text_part(True))
    yield event("response.output_item.done", output_index=output_index, item=draft.message_item(True))


def _function_call_frames(
    draft: ResponseDraft, output_index: int, sequence: SequenceCounter, event: Any
) -> Iterator[Frame]:
    call = draft.plan.tool_call
    assert call is not None
    item_id = draft.plan.function_item_id
    yield event("response.output_item.added", output_index=output_index, item=draft.function_item(False))
    delta_slot, number_slot = JsonTemplate.slot("delta"), JsonTemplate.slot("number")
    template = JsonTemplate(
        {
            "type": "response.function_call_arguments.delta",
            "sequence_number": number_slot,
            "item_id": item_id,
            "output_index": output_index,
            "delta": delta_slot,
        },
        ["delta", "number"],
    )
    for piece in call.argument_pieces():
        frame = template.render(delta=piece, number=sequence.take())
        yield "event: response.function_call_arguments.delta\ndata: " + frame + "\n\n", True
    yield event(
        "response.function_call_arguments.done",
        item_id=item_id,
        name=call.name,
        output_index=output_index,
        arguments=call.arguments,
    )
    yield event("response.output_item.done", output_index=output_index, item=draft.function_item(True))


def failure_frames(draft: ResponseDraft, sequence: SequenceCounter) -> list[str]:
    """The tail of a stream whose upstream failed: an `error` event, then `response.failed`."""
    message = "The upstream server had an error while streaming (simulated)"
    error_event = {
        "type": "error",
        "sequence_number": sequence.take(),
        "code": "server_error",
        "message": message,
        "param": None,
    }
    failed = draft.render("failed", error={"code": "server_error", "message": message})
    failed_event = {"type": "response.failed", "sequence_number": sequence.take(), "response": failed}
    return [sse_event("error", error_event), sse_event("response.failed", failed_event)]


response_routes = [
    Route(RESPONSES_PATH, create_response, methods=["POST"]),
    Route(RESPONSES_PATH + "/{response_id}", retrieve_response, methods=["GET"]),
]
