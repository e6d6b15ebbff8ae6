"""POST /v1/chat/completions: replies, streams, tool calls, images and reasoning content."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from studio.simulator.errors import GatewayError, invalid_parameter, openai_error_body
from studio.simulator.ids import new_id
from studio.simulator.image_inputs import image_size
from studio.simulator.media import MediaStore
from studio.simulator.models import TEXT_KINDS, resolve_model
from studio.simulator.request_context import RequestContext
from studio.simulator.streaming import DONE_FRAME, Frame, JsonTemplate, sse_data
from studio.simulator.structured_output import json_mode_reply
from studio.simulator.textgen import (
    MARKDOWN_TRIGGER,
    apply_stop,
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
)
from studio.simulator.tool_calls import PlannedToolCall, chat_functions, choose_function, plan_tool_call
from studio.simulator.usage import IMAGE_PROMPT_TOKENS, completion_usage
from studio.simulator.validation import (
    check_sampling,
    optional_bool,
    optional_int,
    optional_object,
    require_non_empty_list,
)

CHAT_PATH = "/v1/chat/completions"
SYSTEM_FINGERPRINT = "fp_sim0001"
MAX_CHOICES = 128
TOKENS_PER_MESSAGE = 3
MID_STREAM_ERROR = GatewayError(
    500,
    "The upstream server had an error while streaming (simulated)",
    error_type="server_error",
    code="server_error",
)
MESSAGE_ROLES = frozenset({"system", "developer", "user", "assistant", "tool", "function"})


@dataclass
class Conversation:
    """What the simulated model reads from the messages."""

    prompt: str = ""  # the last user message's text
    last_role: str = "user"
    tool_result: str | None = None
    image_sizes: list[tuple[int, int] | None] = field(default_factory=list)
    prompt_tokens: int = TOKENS_PER_MESSAGE


def message_text(content: Any) -> tuple[str, list[str]]:
    """The text of a message's content (string or parts) and the URLs of its image parts."""
    if isinstance(content, str):
        return content, []
    texts: list[str] = []
    image_urls: list[str] = []
    for part in content if isinstance(content, list) else []:
        if not isinstance(part, dict):
            continue
        if isinstance(part.get("text"), str):
            texts.append(part["text"])
        image = part.get("image_url")
        url = image.get("url") if isinstance(image, dict) else image
        if part.get("type") == "image_url" and isinstance(url, str):
            image_urls.append(url)
    return "\n".join(texts), image_urls


def read_conversation(messages: list[Any], media: MediaStore) -> Conversation:
    conversation = Conversation()
    for index, message in enumerate(messages):
        if not isinstance(message, dict) or message.get("role") not in MESSAGE_ROLES:
            raise invalid_parameter(
                f"messages[{index}]",
                "each message needs a 'role' of system, developer, user, assistant or tool.",
            )
        text, image_urls = message_text(message.get("content"))
        conversation.prompt_tokens += TOKENS_PER_MESSAGE + count_tokens(text)
        conversation.prompt_tokens += IMAGE_PROMPT_TOKENS * len(image_urls)
        conversation.last_role = message["role"]
        if message["role"] == "user":
            conversation.prompt = text
            conversation.image_sizes = [image_size(url, media) for url in image_urls]
            conversation.tool_result = None
        elif message["role"] in ("tool", "function"):
            conversation.tool_result = text
    return conversation


@dataclass
class ChoicePlan:
    index: int
    reasoning: list[str]
    content: list[str]
    tool_call: PlannedToolCall | None
    finish_reason: str

    @property
    def completion_tokens(self) -> int:
        tool_tokens = count_tokens(self.tool_call.arguments) + 1 if self.tool_call else 0
        return len(self.reasoning) + len(self.content) + tool_tokens


def plan_choices(
    conversation: Conversation,
    body: dict[str, Any],
    *,
    reasons: bool,
    forced_tokens: int | None,
    limit: int | None,
    count: int,
) -> list[ChoicePlan]:
    function = None
    if conversation.last_role == "user":
        function = choose_function(chat_functions(body.get("tools")), body.get("tool_choice"))
    chinese = is_chinese(conversation.prompt)
    notes = [images_note(conversation.image_sizes, chinese)]
    if conversation.last_role in ("tool", "function") and conversation.tool_result is not None:
        notes.append(tool_result_note(conversation.tool_result, chinese))
    reasoning = split_tokens(compose_reasoning(conversation.prompt)) if reasons else []
    json_text = json_mode_reply(body.get("response_format"), conversation.prompt)
    plans = []
    for index in range(count):
        if function is not None:
            tool_call = plan_tool_call(function, conversation.prompt)
            plans.append(ChoicePlan(index, reasoning, [], tool_call, "tool_calls"))
            continue
        if forced_tokens is not None:
            tokens = filler_tokens(forced_tokens, MARKDOWN_TRIGGER in conversation.prompt)
        elif json_text is not None:
            tokens = split_tokens(json_text)
        else:
            variant = [f"Alternative {index + 1} of {count}."] if index else []
            reply = compose_reply(conversation.prompt, [*variant, *notes])
            tokens = split_tokens(apply_stop(reply, body.get("stop")))
        tokens, truncated = cap_tokens(tokens, limit)
        plans.append(ChoicePlan(index, reasoning, tokens, None, "length" if truncated else "stop"))
    return plans


async def create_chat_completion(request: Request) -> Response:
    context = RequestContext.of(request)
    body = context.json_object()
    model = resolve_model(context.state.catalogue, body, TEXT_KINDS, CHAT_PATH)
    messages = require_non_empty_list(body, "messages")
    check_sampling(body)
    count = optional_int(body, "n", 1, MAX_CHOICES) or 1
    limit = optional_int(body, "max_completion_tokens", 1) or optional_int(body, "max_tokens", 1)
    stream = optional_bool(body, "stream")
    include_usage = bool((optional_object(body, "stream_options") or {}).get("include_usage"))
    conversation = read_conversation(messages, context.state.media)
    context.state.ledger.require_funds()

    plans = plan_choices(
        conversation,
        body,
        reasons=model.reasons,
        forced_tokens=forced_token_count(conversation.prompt, context.tokens_header),
        limit=limit,
        count=count,
    )
    completion_tokens = sum(plan.completion_tokens for plan in plans)
    reasoning_tokens = sum(len(plan.reasoning) for plan in plans)
    usage = completion_usage(conversation.prompt_tokens, completion_tokens, reasoning_tokens)
    context.state.ledger.charge_tokens(conversation.prompt_tokens + completion_tokens)
    head = {
        "id": new_id("chatcmpl-"),
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model.id,
        "system_fingerprint": SYSTEM_FINGERPRINT,
    }
    if stream:
        return context.event_stream(
            chat_stream_frames(head, plans, usage if include_usage else None), stream_error_frames
        )
    context.refuse_stream_fault_without_stream()
    return JSONResponse(
        {
            **head,
            "choices": [_choice_body(plan) for plan in plans],
            "usage": usage,
            "service_tier": "default",
        }
    )


def _choice_body(plan: ChoicePlan) -> dict[str, Any]:
    message: dict[str, Any] = {
        "role": "assistant",
        "content": None if plan.tool_call else "".join(plan.content),
        "refusal": None,
        "annotations": [],
    }
    if plan.reasoning:
        message["reasoning_content"] = "".join(plan.reasoning)
    if plan.tool_call:
        message["tool_calls"] = [
            {
                "id": plan.tool_call.call_id,
                "type": "function",
                "function": {"name": plan.tool_call.name, "arguments": plan.tool_call.arguments},
            }
        ]
    return {"index": plan.index, "message": message, "logprobs": None, "finish_reason": plan.finish_reason}


@dataclass(frozen=True)
class ChunkShape:
    """How every chunk of one chat stream looks, apart from its choices."""

    head: dict[str, Any]
    with_usage: bool  # include_usage: each chunk carries "usage": null until the last, as OpenAI sends it

    def frame(self, choices: list[dict[str, Any]]) -> Frame:
        return sse_data(self.document(choices)), False

    def document(self, choices: list[dict[str, Any]]) -> dict[str, Any]:
        return {**self.head, "choices": choices, **({"usage": None} if self.with_usage else {})}

    def token_template(self, index: int, delta: dict[str, Any]) -> JsonTemplate:
        return JsonTemplate(self.document([choice_delta(index, delta)]), ["piece"])


def choice_delta(index: int, delta: dict[str, Any], finish_reason: str | None = None) -> dict[str, Any]:
    return {"index": index, "delta": delta, "logprobs": None, "finish_reason": finish_reason}


def chat_stream_frames(
    head: dict[str, Any], plans: list[ChoicePlan], usage: dict[str, Any] | None
) -> Iterator[Frame]:
    shape = ChunkShape({**head, "object": "chat.completion.chunk"}, with_usage=usage is not None)
    for plan in plans:
        opening = {"role": "assistant", "content": None if plan.tool_call else "", "refusal": None}
        yield shape.frame([choice_delta(plan.index, opening)])
    yield from _interleave([_choice_token_frames(shape, plan) for plan in plans])
    for plan in plans:
        yield shape.frame([choice_delta(plan.index, {}, plan.finish_reason)])
    if usage is not None:
        yield sse_data({**shape.head, "choices": [], "usage": usage}), False
    yield DONE_FRAME, False


def _choice_token_frames(shape: ChunkShape, plan: ChoicePlan) -> Iterator[Frame]:
    piece = JsonTemplate.slot("piece")
    if plan.reasoning:
        reasoning = shape.token_template(plan.index, {"reasoning_content": piece})
        for token in plan.reasoning:
            yield "data: " + reasoning.render(piece=token) + "\n\n", True
    content = shape.token_template(plan.index, {"content": piece})
    for token in plan.content:
        yield "data: " + content.render(piece=token) + "\n\n", True
    if plan.tool_call:
        call = plan.tool_call
        opening = {
            "index": 0,
            "id": call.call_id,
            "type": "function",
            "function": {"name": call.name, "arguments": ""},
        }
        yield shape.frame([choice_delta(plan.index, {"tool_calls": [opening]})])
        arguments = shape.token_template(
            plan.index, {"tool_calls": [{"index": 0, "function": {"arguments": piece}}]}
        )
        for argument_piece in call.argument_pieces():
            yield "data: " + arguments.render(piece=argument_piece) + "\n\n", True


def _interleave(streams: list[Iterator[Frame]]) -> Iterator[Frame]:
    """Round-robin over the choices' token frames, as n > 1 streams arrive."""
    if len(streams) == 1:
        yield from streams[0]
        return
    active = list(streams)
    while active:
        for stream in list(active):
            frame = next(stream, None)
            if frame is None:
                active.remove(stream)
            else:
                yield frame


def stream_error_frames() -> list[str]:
    """The in-band error a relay writes when the upstream fails mid-stream (chat and completions)."""
    return [sse_data(openai_error_body(MID_STREAM_ERROR))]


chat_routes = [Route(CHAT_PATH, create_chat_completion, methods=["POST"])]
