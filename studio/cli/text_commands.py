"""The text families on the command line: models, balance, chat, complete, respond, embed, moderate."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..api.chat import ChatRequest
from ..api.completions import COMPLETIONS_PATH, CompletionRequest
from ..api.embeddings import EMBEDDINGS_PATH
from ..api.moderations import MODERATIONS_PATH
from ..api.responses import RESPONSES_PATH, ResponseRequest
from ..api.streaming import EventStream, ReasoningDelta, TextDelta, ToolCallDelta
from .session import CliSession, fail

DEFAULT_CHAT_MODEL = "gpt-4o-mini"
DEFAULT_COMPLETION_MODEL = "gpt-3.5-turbo-instruct"
DEFAULT_EMBEDDING_MODEL = "text-embedding-3-small"
DEFAULT_MODERATION_MODEL = "omni-moderation-latest"


def add_text_commands(commands: argparse._SubParsersAction[Any]) -> None:
    commands.add_parser("models", help="list the gateway's models, one id per line")
    commands.add_parser("balance", help="show the account balance in USD")

    chat = commands.add_parser("chat", help="chat completion; streams the reply to stdout")
    chat.add_argument("prompt", help="the message ('-' reads it from standard input)")
    chat.add_argument("--model", default=DEFAULT_CHAT_MODEL)
    chat.add_argument("--system", help="a system prompt")
    chat.add_argument("--temperature", type=float)
    chat.add_argument("--max-tokens", type=int)
    chat.add_argument("--no-stream", action="store_true", help="wait for the whole reply")

    complete = commands.add_parser("complete", help="legacy text completion")
    complete.add_argument("prompt")
    complete.add_argument("--model", default=DEFAULT_COMPLETION_MODEL)
    complete.add_argument("--suffix")
    complete.add_argument("--max-tokens", type=int)

    respond = commands.add_parser("respond", help="Responses API; prints the response id to stderr")
    respond.add_argument("prompt")
    respond.add_argument("--model", default=DEFAULT_CHAT_MODEL)
    respond.add_argument("--previous-response-id", help="continue the turn chain of this response")
    respond.add_argument("--instructions")

    embed = commands.add_parser("embed", help="embedding vectors, one JSON list per input line")
    embed.add_argument("texts", nargs="+", metavar="TEXT")
    embed.add_argument("--model", default=DEFAULT_EMBEDDING_MODEL)
    embed.add_argument("--dimensions", type=int)

    moderate = commands.add_parser("moderate", help="moderation verdict for a text")
    moderate.add_argument("text")
    moderate.add_argument("--model", default=DEFAULT_MODERATION_MODEL)


def read_prompt(value: str, what: str = "prompt") -> str:
    text = sys.stdin.read() if value == "-" else value
    if not text.strip():
        fail(f"The {what} is empty.")
    return text


def check_positive(value: int | None, option: str) -> None:
    if value is not None and value < 1:
        fail(f"{option} must be a whole number of at least 1 (got {value}).")


async def run_models(session: CliSession) -> None:
    if session.as_json:
        session.emit_json(await session.api.client.get_json("/v1/models"))
        return
    for model_id in sorted((await session.api.models.list()).ids):
        session.stdout.write(model_id + "\n")


async def run_balance(session: CliSession) -> None:
    if session.as_json:
        body = await session.api.client.get_json("/v1/billing/usage", params={"type": "token", "unit": "usd"})
        session.emit_json(body)
        return
    balance = await session.api.billing.balance()
    if balance.unlimited:
        session.stdout.write("balance: unlimited\n")
    else:
        session.stdout.write(f"balance: ${balance.balance or 0:.4f}\n")
    if balance.used is not None:
        session.stdout.write(f"used: ${balance.used:.4f}\n")


async def pipe_stream(session: CliSession, stream: EventStream) -> None:
    """Write text deltas to stdout as they come; reasoning and tool calls go to stderr."""
    out = session.stdout
    wrote_text = False
    thinking = False
    try:
        async for event in stream:
            if isinstance(event, TextDelta):
                if thinking:
                    session.stderr.write("\n")
                    thinking = False
                out.write(event.text)
                out.flush()
                wrote_text = True
            elif isinstance(event, ReasoningDelta):
                if not thinking:
                    session.stderr.write("thinking: ")
                    thinking = True
                session.stderr.write(event.text)
                session.stderr.flush()
            elif isinstance(event, ToolCallDelta) and event.name:
                session.stderr.write(f"tool call: {event.name}\n")
    finally:
        if wrote_text:
            out.write("\n")
            out.flush()


async def run_chat(session: CliSession) -> None:
    args = session.args
    prompt = read_prompt(args.prompt)
    if args.temperature is not None and not 0 <= args.temperature <= 2:
        fail(f"--temperature must be between 0 and 2 (got {args.temperature}).")
    check_positive(args.max_tokens, "--max-tokens")
    messages: list[dict[str, Any]] = []
    if args.system:
        messages.append({"role": "system", "content": args.system})
    messages.append({"role": "user", "content": prompt})
    request = ChatRequest(
        model=args.model, messages=messages, temperature=args.temperature, max_tokens=args.max_tokens
    )
    if session.as_json:
        session.emit_json(
            await session.api.client.post_json("/v1/chat/completions", request.body(stream=False))
        )
    elif args.no_stream:
        result = await session.api.chat.create(request)
        session.stdout.write(result.content + "\n")
        print_tool_calls(session, result.tool_calls)
    else:
        async with session.api.chat.stream(request) as stream:
            await pipe_stream(session, stream)
            print_tool_calls(session, stream.result.tool_calls)


def print_tool_calls(session: CliSession, calls: list[Any]) -> None:
    for call in calls:
        session.stdout.write(
            json.dumps({"tool_call": call.function.name, "arguments": call.function.arguments}) + "\n"
        )


async def run_complete(session: CliSession) -> None:
    args = session.args
    check_positive(args.max_tokens, "--max-tokens")
    request = CompletionRequest(
        model=args.model, prompt=read_prompt(args.prompt), suffix=args.suffix, max_tokens=args.max_tokens
    )
    if session.as_json:
        session.emit_json(await session.api.client.post_json(COMPLETIONS_PATH, request.body(stream=False)))
        return
    async with session.api.completions.stream(request) as stream:
        await pipe_stream(session, stream)


async def run_respond(session: CliSession) -> None:
    args = session.args
    request = ResponseRequest(
        model=args.model,
        input=read_prompt(args.prompt),
        instructions=args.instructions,
        previous_response_id=args.previous_response_id,
    )
    if session.as_json:
        body = await session.api.client.post_json(RESPONSES_PATH, request.body(stream=False))
        session.emit_json(body)
        if isinstance(body, dict) and body.get("id"):
            session.say(f"response id: {body['id']}")
        return
    async with session.api.responses.stream(request) as stream:
        try:
            await pipe_stream(session, stream)
        finally:
            if stream.response_id:
                session.say(f"response id: {stream.response_id}")


async def run_embed(session: CliSession) -> None:
    args = session.args
    check_positive(args.dimensions, "--dimensions")
    texts = [read_prompt(text, "text") for text in args.texts]
    if session.as_json:
        body: dict[str, Any] = {"model": args.model, "input": texts}
        if args.dimensions:
            body["dimensions"] = args.dimensions
        session.emit_json(await session.api.client.post_json(EMBEDDINGS_PATH, body))
        return
    result = await session.api.embeddings.create(texts, model=args.model, dimensions=args.dimensions)
    for vector in result.vectors:
        session.stdout.write(json.dumps([round(v, 6) for v in vector]) + "\n")


async def run_moderate(session: CliSession) -> None:
    args = session.args
    text = read_prompt(args.text, "text")
    if session.as_json:
        body = await session.api.client.post_json(MODERATIONS_PATH, {"model": args.model, "input": text})
        session.emit_json(body)
        return
    result = await session.api.moderations.create(text, model=args.model)
    for verdict in result.results:
        if verdict.flagged:
            session.stdout.write("flagged: " + ", ".join(verdict.flagged_categories) + "\n")
        else:
            session.stdout.write("not flagged\n")
        top = sorted(verdict.category_scores.items(), key=lambda item: item[1] or 0, reverse=True)[:3]
        session.stdout.write(
            "top scores: " + ", ".join(f"{name} {score or 0:.3f}" for name, score in top) + "\n"
        )


TEXT_COMMANDS = {
    "models": run_models,
    "balance": run_balance,
    "chat": run_chat,
    "complete": run_complete,
    "respond": run_respond,
    "embed": run_embed,
    "moderate": run_moderate,
}
