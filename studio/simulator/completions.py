"""POST /v1/completions, the legacy text completions: echo, suffix, logprobs and streaming."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from studio.simulator.chat import SYSTEM_FINGERPRINT, stream_error_frames
from studio.simulator.errors import invalid_parameter
from studio.simulator.ids import new_id
from studio.simulator.models import TEXT_KINDS, resolve_model
from studio.simulator.request_context import RequestContext
from studio.simulator.streaming import DONE_FRAME, Frame, JsonTemplate, sse_data
from studio.simulator.textgen import (
    apply_stop,
    cap_tokens,
    compose_continuation,
    count_tokens,
    filler_tokens,
    forced_token_count,
    quote_of,
    split_tokens,
)
from studio.simulator.usage import completion_usage
from studio.simulator.validation import (
    check_sampling,
    optional_bool,
    optional_int,
    optional_object,
    optional_string,
)

COMPLETIONS_PATH = "/v1/completions"
DEFAULT_MAX_TOKENS = 16  # OpenAI's default for this endpoint; a [[tokens:N]] request lifts it
MAX_LOGPROBS = 5
MAX_CHOICES = 128


def prompts_of(body: dict[str, Any]) -> list[str]:
    """The prompt as a list of texts: a string, strings, token ids or lists of token ids."""
    prompt = body.get("prompt", "")
    if isinstance(prompt, str):
        return [prompt]
    if isinstance(prompt, list) and prompt:
        if all(isinstance(item, str) for item in prompt):
            return list(prompt)
        if all(isinstance(item, int) and not isinstance(item, bool) for item in prompt):
            return [_token_ids_text(prompt)]
        if all(isinstance(item, list) and item and all(isinstance(i, int) for i in item) for item in prompt):
            return [_token_ids_text(item) for item in prompt]
    raise invalid_parameter(
        "prompt", "expected a string, an array of strings, an array of tokens or an array of token arrays."
    )


def _token_ids_text(token_ids: list[int]) -> str:
    return " ".join(f"<{token_id}>" for token_id in token_ids)


@dataclass
class CompletionPlan:
    index: int
    prompt: str
    echo: bool
    tokens: list[str]
    finish_reason: str

    @property
    def text(self) -> str:
        return (self.prompt if self.echo else "") + "".join(self.tokens)


def _logprobs_for(plan: CompletionPlan, top: int) -> dict[str, Any]:
    """Made-up but self-consistent log probabilities for every returned token."""
    tokens = ([*split_tokens(plan.prompt)] if plan.echo else []) + plan.tokens
    offsets, offset = [], 0
    for token in tokens:
        offsets.append(offset)
        offset += len(token)
    token_logprobs = [-round(0.02 + 0.07 * (position % 7), 4) for position in range(len(tokens))]
    top_logprobs = [
        {
            token: logprob,
            **{f"{token.strip() or '_'}#{rank}": round(logprob - rank, 4) for rank in range(1, top)},
        }
        for token, logprob in zip(tokens, token_logprobs, strict=True)
    ]
    return {
        "tokens": tokens,
        "token_logprobs": token_logprobs,
        "top_logprobs": top_logprobs,
        "text_offset": offsets,
    }


def plan_completions(
    prompts: list[str],
    body: dict[str, Any],
    count: int,
    echo: bool,
    requested_limit: int | None,
    tokens_header: str | None,
) -> list[CompletionPlan]:
    """n choices per prompt, numbered prompt by prompt, as the API numbers them."""
    suffix = body.get("suffix")
    plans: list[CompletionPlan] = []
    for prompt_index, prompt in enumerate(prompts):
        forced = forced_token_count(prompt, tokens_header)
        limit = requested_limit if requested_limit is not None or forced is not None else DEFAULT_MAX_TOKENS
        if forced is not None:
            generated = filler_tokens(forced)
        else:
            # With a suffix the model writes the middle part; make that visible in the text.
            bridge = f" and then, right before “{quote_of(suffix, 40)}”, it stops." if suffix else ""
            generated = split_tokens(apply_stop(compose_continuation(prompt) + bridge, body.get("stop")))
        tokens, truncated = cap_tokens(generated, limit)
        finish_reason = "length" if truncated else "stop"
        plans.extend(
            CompletionPlan(prompt_index * count + choice, prompt, echo, tokens, finish_reason)
            for choice in range(count)
        )
    return plans


async def create_completion(request: Request) -> Response:
    context = RequestContext.of(request)
    body = context.json_object()
    model = resolve_model(context.state.catalogue, body, TEXT_KINDS, COMPLETIONS_PATH)
    prompts = prompts_of(body)
    check_sampling(body)
    count = optional_int(body, "n", 1, MAX_CHOICES) or 1
    best_of = optional_int(body, "best_of", 1, 20)
    if best_of is not None and best_of < count:
        raise invalid_parameter("best_of", "best_of must be greater than or equal to n.")
    logprobs = optional_int(body, "logprobs", 0, MAX_LOGPROBS)
    echo = optional_bool(body, "echo")
    optional_string(body, "suffix")
    stream = optional_bool(body, "stream")
    include_usage = bool((optional_object(body, "stream_options") or {}).get("include_usage"))
    if stream and best_of is not None and best_of > 1:
        raise invalid_parameter("best_of", "Cannot stream results with best_of greater than 1.")
    requested_limit = optional_int(body, "max_tokens", 0)
    context.state.ledger.require_funds()

    plans = plan_completions(prompts, body, count, echo, requested_limit, context.tokens_header)
    prompt_tokens = sum(count_tokens(prompt) for prompt in prompts)
    completion_tokens = sum(len(plan.tokens) for plan in plans)
    usage = completion_usage(prompt_tokens, completion_tokens)
    context.state.ledger.charge_tokens(prompt_tokens + completion_tokens)
    head = {
        "id": new_id("cmpl-"),
        "object": "text_completion",
        "created": int(time.time()),
        "model": model.id,
        "system_fingerprint": SYSTEM_FINGERPRINT,
    }
    if stream:
        frames = completion_stream_frames(head, plans, logprobs, usage if include_usage else None)
        return context.event_stream(frames, stream_error_frames)
    context.refuse_stream_fault_without_stream()
    choices = [
        {
            "text": plan.text,
            "index": plan.index,
            "logprobs": None if logprobs is None else _logprobs_for(plan, logprobs),
            "finish_reason": plan.finish_reason,
        }
        for plan in plans
    ]
    return JSONResponse({**head, "choices": choices, "usage": usage})


def completion_stream_frames(
    head: dict[str, Any], plans: list[CompletionPlan], logprobs: int | None, usage: dict[str, Any] | None
) -> Iterator[Frame]:
    def chunk(index: int, text: str, finish_reason: str | None, chunk_logprobs: Any = None) -> Frame:
        choice = {"text": text, "index": index, "logprobs": chunk_logprobs, "finish_reason": finish_reason}
        return sse_data({**head, "choices": [choice]}), False

    for plan in plans:
        if plan.echo and plan.prompt:
            yield chunk(plan.index, plan.prompt, None)
        if logprobs is not None:
            details = _logprobs_for(CompletionPlan(plan.index, "", False, plan.tokens, ""), logprobs)
            for position, token in enumerate(plan.tokens):
                single = {key: [values[position]] for key, values in details.items()}
                yield chunk(plan.index, token, None, single)[0], True
        else:
            piece = JsonTemplate.slot("piece")
            template = JsonTemplate(
                {
                    **head,
                    "choices": [
                        {"text": piece, "index": plan.index, "logprobs": None, "finish_reason": None}
                    ],
                },
                ["piece"],
            )
            for token in plan.tokens:
                yield "data: " + template.render(piece=token) + "\n\n", True
        yield chunk(plan.index, "", plan.finish_reason)
    if usage is not None:
        yield sse_data({**head, "choices": [], "usage": usage}), False
    yield DONE_FRAME, False


completion_routes = [Route(COMPLETIONS_PATH, create_completion, methods=["POST"])]
