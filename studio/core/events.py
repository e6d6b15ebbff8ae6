"""Typed "something changed" events: the stores publish them, any view subscribes.

The library, the conversation store and the task engine say what they changed (an asset added, a
conversation renamed, a job moved on); views refresh themselves from these instead of being poked by
whoever made the change. Plain Python, no Qt: `studio.qt.events` re-emits them as Qt signals.

    hub = EventHub()
    unsubscribe = hub.subscribe(AssetsChanged, lambda event: print(event.added))
    hub.publish(AssetsChanged(added=(42,)))
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

log = logging.getLogger(__name__)

E = TypeVar("E")


@dataclass(frozen=True)
class AssetsChanged:
    """Library rows that were added, edited (title, tags, favourite), moved to or out of the trash, or
    deleted for good (emptying the trash)."""

    added: tuple[int, ...] = ()
    updated: tuple[int, ...] = ()
    trashed: tuple[int, ...] = ()
    restored: tuple[int, ...] = ()
    removed: tuple[int, ...] = ()


ConversationChange = Literal["created", "renamed", "pinned", "settings", "messages", "deleted", "restored"]


@dataclass(frozen=True)
class ConversationsChanged:
    """One conversation changed in the way named; `conversation_id` None means several at once."""

    conversation_id: int | None
    change: ConversationChange


class EventHub:
    """Delivers each published event to the listeners of its type, on the publishing thread.

    Listeners must be quick; a failing listener is logged and never stops the others or the publisher.
    """

    def __init__(self) -> None:
        self._listeners: dict[type, list[Callable[[Any], None]]] = {}
        self._lock = threading.Lock()

    def subscribe(self, kind: type[E], listener: Callable[[E], None]) -> Callable[[], None]:
        """Hear every event of `kind`; returns the function that stops it."""
        with self._lock:
            self._listeners.setdefault(kind, []).append(listener)

        def unsubscribe() -> None:
            with self._lock:
                listeners = self._listeners.get(kind, [])
                if listener in listeners:
                    listeners.remove(listener)

        return unsubscribe

    def publish(self, event: object) -> None:
        with self._lock:
            listeners = list(self._listeners.get(type(event), ()))
        for listener in listeners:
            try:
                listener(event)
            except Exception:  # one broken view must not stop the store or the other views
                log.exception("A listener of %s failed", type(event).__name__)
