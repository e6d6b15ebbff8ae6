"""Chat turns for the widgets: starts and stops replies, coalesces stream deltas to the frame rate."""

from __future__ import annotations

import asyncio
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from ..core.chat import ChatService, ReplySink
from ..core.conversations import Message
from .async_tasks import load_api, spawn

FRAME_MS = 16


class ChatBridge(QObject):
    """One reply streams at a time per bridge; the view listens to these signals only."""

    replyStarted = Signal(int, int)  # conversation id, assistant message id (the thread changed: re-read it)
    textArrived = Signal(int, str)  # message id, text since the last frame (coalesced, ≤ ~60/s)
    reasoningArrived = Signal(int, str)
    replyEnded = Signal(int, str)  # message id, status: done | stopped | error

    def __init__(self, service: ChatService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self._task: asyncio.Task[Any] | None = None
        self._message_id = 0
        self._text: list[str] = []
        self._reasoning: list[str] = []
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(FRAME_MS)
        self._flush_timer.timeout.connect(self._flush)

    @property
    def busy(self) -> bool:
        return self._task is not None and not self._task.done()

    def send(self, conversation_id: int, text: str, attachments: list[dict[str, Any]] | None = None) -> bool:
        if self.busy:
            return False
        self.service.add_user_message(conversation_id, text, attachments)
        self._start(conversation_id, self.service.start_reply(conversation_id))
        return True

    def edit_and_resend(
        self,
        conversation_id: int,
        user_message_id: int,
        text: str,
        attachments: list[dict[str, Any]] | None = None,
    ) -> bool:
        """A new branch: the edited text becomes a sibling of the original message."""
        if self.busy:
            return False
        original = self.service.store.message(user_message_id)
        keep = attachments if attachments is not None else original.attachments
        self.service.add_user_message(conversation_id, text, keep, parent_id=original.parent_id, branch=True)
        self._start(conversation_id, self.service.start_reply(conversation_id))
        return True

    def regenerate(self, conversation_id: int, assistant_message_id: int) -> bool:
        """Another answer to the same question, as a sibling of the old answer."""
        if self.busy:
            return False
        old = self.service.store.message(assistant_message_id)
        if old.parent_id is None:
            return False
        reply = self.service.start_reply(conversation_id, parent_id=old.parent_id)
        self._start(conversation_id, reply)
        return True

    def stop(self) -> None:
        if self.busy and self._task is not None:
            self._task.cancel()

    def _start(self, conversation_id: int, reply: Message) -> None:
        self._message_id = reply.id
        self._text.clear()
        self._reasoning.clear()
        self.replyStarted.emit(conversation_id, reply.id)
        self._task = spawn(self._run(conversation_id, reply))

    async def _run(self, conversation_id: int, reply: Message) -> None:
        sink = ReplySink(on_text=self._queue_text, on_reasoning=self._queue_reasoning)
        status = "error"
        try:
            await load_api()
            saved = await self.service.stream_reply(conversation_id, reply, sink)
            status = saved.status
        except asyncio.CancelledError:
            status = "stopped"
        finally:
            self._flush()
            self.replyEnded.emit(reply.id, status)

    def _queue_text(self, text: str) -> None:
        self._text.append(text)
        if not self._flush_timer.isActive():
            self._flush_timer.start()

    def _queue_reasoning(self, text: str) -> None:
        self._reasoning.append(text)
        if not self._flush_timer.isActive():
            self._flush_timer.start()

    def _flush(self) -> None:
        self._flush_timer.stop()
        if self._reasoning:
            self.reasoningArrived.emit(self._message_id, "".join(self._reasoning))
            self._reasoning.clear()
        if self._text:
            self.textArrived.emit(self._message_id, "".join(self._text))
            self._text.clear()
