"""Sending a conversation turn: build the request for the conversation's mode, stream, persist.

Plain async, no Qt: the bridge (studio/qt/chat_bridge.py) calls `stream_reply` and turns the sink
callbacks into signals. The reply is saved once, in one transaction, when it ends, whether it
finished, was stopped by the user (kept, marked "stopped") or failed (kept, with the error).
"""

from __future__ import annotations

import asyncio
import base64
import mimetypes
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..api.errors import ApiError, redact
from ..api.sentences import dump_sentences
from .conversations import ConversationStore, Message
from .database import connect, database_file
from .events import ConversationsChanged

if TYPE_CHECKING:  # the HTTP stack loads on first use, not at start-up
    from ..api.gateway import UniApi
    from ..api.streaming import EventStream, Usage

DEFAULT_MODEL = "gpt-4o-mini"
TEXT_ATTACHMENT_LIMIT = 200_000


@dataclass
class ReplySink:
    """Where a streaming reply reports; every callback is optional."""

    on_text: Callable[[str], None] | None = None
    on_reasoning: Callable[[str], None] | None = None


def image_data_uri(path: Path) -> str:
    mime = mimetypes.guess_type(path.name)[0] or "image/png"
    return f"data:{mime};base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def _user_content(message: Message) -> str | list[dict[str, Any]]:
    images = [a for a in message.attachments if a.get("kind") == "image"]
    if not images:
        return message.content
    parts: list[dict[str, Any]] = [{"type": "text", "text": message.content}]
    for image in images:
        parts.append({"type": "image_url", "image_url": {"url": image_data_uri(Path(image["path"]))}})
    return parts


def chat_messages(history: list[Message], system_prompt: str) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = []
    if system_prompt.strip():
        messages.append({"role": "system", "content": system_prompt})
    for message in history:
        if message.role == "user":
            messages.append({"role": "user", "content": _user_content(message)})
        elif message.role == "assistant" and message.content:
            messages.append({"role": "assistant", "content": message.content})
    return messages


def response_format(settings: dict[str, Any]) -> dict[str, Any] | None:
    kind = settings.get("response_format") or "text"
    if kind == "json_object":
        return {"type": "json_object"}
    if kind == "json_schema":
        return {
            "type": "json_schema",
            "json_schema": settings.get("json_schema") or {"name": "reply", "schema": {}},
        }
    return None


def _sampling(settings: dict[str, Any]) -> dict[str, Any]:
    stop = settings.get("stop") or None
    return {
        "temperature": settings.get("temperature"),
        "top_p": settings.get("top_p"),
        "seed": settings.get("seed"),
        "stop": stop,
    }


class ChatService:
    """Turns of a conversation against the gateway; the conversation store is the source of truth."""

    def __init__(self, store: ConversationStore, api: Callable[[], UniApi]) -> None:
        self.store = store
        self._api = api

    def add_user_message(
        self,
        conversation_id: int,
        text: str,
        attachments: list[dict[str, Any]] | None = None,
        *,
        parent_id: int | None = None,
        branch: bool = False,
    ) -> Message:
        """Add the user's turn; `branch=True` with `parent_id` makes it an alternative (edit-and-resend)."""
        message = self.store.add_message(
            conversation_id,
            "user",
            text,
            attachments=attachments or [],
            parent_id=parent_id,
            follow_leaf=not branch,
        )
        conversation = self.store.get(conversation_id)
        if not conversation.title:
            self.store.rename(conversation_id, title_from(text))
        return message

    def start_reply(self, conversation_id: int, *, parent_id: int | None = None) -> Message:
        """The assistant message that the stream will fill (regenerate: a sibling under `parent_id`)."""
        settings = self.store.get(conversation_id).settings
        return self.store.add_message(
            conversation_id,
            "assistant",
            "",
            parent_id=parent_id,
            follow_leaf=parent_id is None,
            status="streaming",
            model=settings.get("model") or DEFAULT_MODEL,
        )

    def _open_stream(self, conversation_id: int, reply: Message) -> EventStream:
        from ..api.chat import ChatRequest
        from ..api.completions import CompletionRequest
        from ..api.responses import ResponseRequest

        conversation = self.store.get(conversation_id)
        settings = conversation.settings
        model = settings.get("model") or DEFAULT_MODEL
        history = [m for m in self.store.path(conversation_id) if m.id != reply.id]
        api = self._api()
        max_tokens = settings.get("max_tokens") or None
        if conversation.mode == "responses":
            previous = next((m.response_id for m in reversed(history) if m.role == "assistant" and m.response_id), None)
            last_user = next((m for m in reversed(history) if m.role == "user"), None)
            effort = settings.get("reasoning_effort")
            request = ResponseRequest(
                model=model,
                input=self._responses_input(last_user),
                instructions=settings.get("system_prompt") or None,
                previous_response_id=previous,
                temperature=settings.get("temperature"),
                top_p=settings.get("top_p"),
                max_output_tokens=max_tokens,
                reasoning={"effort": effort} if effort else None,
            )
            return api.responses.stream(request)
        if conversation.mode == "completions":
            last_user = next((m for m in reversed(history) if m.role == "user"), None)
            completion = CompletionRequest(
                model=model,
                prompt=last_user.content if last_user else "",
                suffix=settings.get("suffix") or None,
                max_tokens=max_tokens,
                **{k: v for k, v in _sampling(settings).items() if v is not None},
            )
            return api.completions.stream(completion)
        chat = ChatRequest(
            model=model,
            messages=chat_messages(history, settings.get("system_prompt") or ""),
            max_tokens=max_tokens,
            reasoning_effort=settings.get("reasoning_effort") or None,
            response_format=response_format(settings),
            **{k: v for k, v in _sampling(settings).items() if v is not None},
        )
        return api.chat.stream(chat)

    @staticmethod
    def _responses_input(message: Message | None) -> str | list[dict[str, Any]]:
        if message is None:
            return ""
        images = [a for a in message.attachments if a.get("kind") == "image"]
        if not images:
            return message.content
        content: list[dict[str, Any]] = [{"type": "input_text", "text": message.content}]
        content += [{"type": "input_image", "image_url": image_data_uri(Path(a["path"]))} for a in images]
        return [{"role": "user", "content": content}]

    async def stream_reply(self, conversation_id: int, reply: Message, sink: ReplySink) -> Message:
        """Stream into `reply`, then save it (done, stopped or error) and return the saved message.

        Cancellation (the Stop button) saves the partial text as "stopped" and re-raises.
        An ApiError saves the partial text with the error and is returned, not raised.
        """
        from ..api.streaming import ReasoningDelta, TextDelta

        text: list[str] = []
        reasoning: list[str] = []
        usage: Usage | None = None
        response_id: str | None = None
        stream = self._open_stream(conversation_id, reply)
        try:
            async with stream:
                async for event in stream:
                    if isinstance(event, TextDelta):
                        if event.index == 0:
                            text.append(event.text)
                            if sink.on_text:
                                sink.on_text(event.text)
                    elif isinstance(event, ReasoningDelta):
                        reasoning.append(event.text)
                        if sink.on_reasoning:
                            sink.on_reasoning(event.text)
                result = getattr(stream, "result", None)
                usage = getattr(result, "usage", None)
                response_id = (
                    getattr(result, "id", None) if self.store.get(conversation_id).mode == "responses" else None
                )
        except asyncio.CancelledError:
            await self._save(reply, text, reasoning, "stopped", None, None, None)
            raise
        except ApiError as error:
            detail = {
                "message": error.user_message,
                "sentences": dump_sentences(error.sentences),
                "details": error.details,
                "status": error.status,
                "kind": type(error).__name__,
            }
            return await self._save(reply, text, reasoning, "error", detail, None, None)
        return await self._save(reply, text, reasoning, "done", None, usage, response_id)

    async def _save(
        self,
        reply: Message,
        text: list[str],
        reasoning: list[str],
        status: str,
        error: dict[str, Any] | None,
        usage: Usage | None,
        response_id: str | None,
    ) -> Message:
        key = self._api().client.config.api_key  # a careless relay may echo the key: it is never stored
        values: dict[str, Any] = {
            "content": redact("".join(text), key),
            "reasoning": redact("".join(reasoning), key),
            "status": status,
            "error": error,
        }
        if usage is not None:
            values.update(input_tokens=usage.input_tokens, output_tokens=usage.output_tokens)
        if response_id:
            values["response_id"] = response_id

        def write(store: ConversationStore) -> None:
            store.update_message(reply.id, **values)  # the usage ledger got its row from the client

        path = database_file(self.store.db)
        if path is None:
            write(self.store)
        else:
            # Indexing a long reply for search takes tens of ms: do it on a worker's own connection.
            await asyncio.to_thread(lambda: write(_worker_store(path)))
            # The worker's store has no listeners: tell this one's that the thread changed.
            self.store.events.publish(ConversationsChanged(reply.conversation_id, "messages"))
        return self.store.message(reply.id)


_workers = threading.local()


def _worker_store(path: Path) -> ConversationStore:
    """A store on this worker thread's own connection (one per thread and database file)."""
    stores: dict[Path, ConversationStore] = getattr(_workers, "stores", {})
    _workers.stores = stores
    if path not in stores:
        stores[path] = ConversationStore(connect(path))
    return stores[path]


def title_from(text: str, limit: int = 48) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def read_text_attachment(path: Path) -> str:
    """A text file's content for inlining in a message, or a ValueError saying why it can't be."""
    data = path.read_bytes()
    if len(data) > TEXT_ATTACHMENT_LIMIT:
        raise ValueError(f"{path.name} is larger than {TEXT_ATTACHMENT_LIMIT // 1000} KB; attach a shorter file.")
    if b"\x00" in data[:4096]:
        raise ValueError(f"{path.name} is not a text file.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")
