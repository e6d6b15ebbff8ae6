"""The app's asyncio loop on Qt: qasync's, except that a cancelled callback lets go of its Qt timer at once.

qasync runs every `call_later` on a Qt timer and keeps the handle until that timer fires, cancelled or
not. A network read arms a timeout (`call_later(read_timeout)`) and cancels it when the bytes come, so
a reply streaming 2,000 tokens a second left 12,500 cancelled handles, their contexts and 12,500 live
Qt timers waiting out their 60 s: Qt placed every new `call_soon` among them, and the garbage collector
walked them all, a 24-50 ms pause (a 40-56 ms freeze of the chat) by the third long reply.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from contextvars import Context
from typing import Any

from PySide6.QtCore import QObject, QTimerEvent
from PySide6.QtWidgets import QApplication

# isort: split
import qasync  # after PySide6, so qasync binds to it


class _TimedHandle(asyncio.Handle):
    """A callback on a Qt timer; cancelling it kills the timer too."""

    __slots__ = ("_timer_id", "_timers")

    def __init__(
        self,
        callback: Callable[..., object],
        args: tuple[Any, ...],
        loop: asyncio.AbstractEventLoop,
        context: Context | None,
    ) -> None:
        super().__init__(callback, args, loop, context=context)
        self._timers: _Timers | None = None
        self._timer_id = 0

    def cancel(self) -> None:
        if not self._cancelled:
            super().cancel()
            if self._timers is not None:
                self._timers.forget(self._timer_id)


class _Timers(QObject):
    """The loop's pending callbacks by Qt timer id."""

    def __init__(self) -> None:
        super().__init__()
        self._handles: dict[int, _TimedHandle] = {}
        self._stopped = False

    def add(self, handle: _TimedHandle, delay: float) -> None:
        timer_id = self.startTimer(int(max(0.0, delay) * 1000))
        handle._timers, handle._timer_id = self, timer_id
        self._handles[timer_id] = handle

    def forget(self, timer_id: int) -> None:
        if self._handles.pop(timer_id, None) is not None:
            self.killTimer(timer_id)

    def pending(self) -> int:
        return len(self._handles)

    def timerEvent(self, event: QTimerEvent) -> None:
        timer_id = event.timerId()
        self.killTimer(timer_id)
        handle = self._handles.pop(timer_id, None)
        if handle is None or handle._cancelled or self._stopped:
            return
        handle._timers = None  # it ran: a late cancel() has no timer to kill
        handle._run()

    def stop(self) -> None:
        self._stopped = True


class StudioEventLoop(qasync.QEventLoop):  # type: ignore[misc] # qasync is untyped
    def __init__(self, app: QApplication | None = None, set_running_loop: bool = False, already_running: bool = False):
        self._timers = _Timers()  # before qasync's own set-up, which may already schedule a callback
        super().__init__(app, set_running_loop=set_running_loop, already_running=already_running)

    def call_later(
        self, delay: float, callback: Callable[..., object], *args: Any, context: Context | None = None
    ) -> asyncio.Handle:
        if asyncio.iscoroutinefunction(callback):
            raise TypeError("coroutines cannot be used with call_later")
        if not callable(callback):
            raise TypeError(f"callback must be callable: {type(callback).__name__}")
        handle = _TimedHandle(callback, args, self, context)
        self._timers.add(handle, delay)
        return handle

    def pending_callbacks(self) -> int:
        """Callbacks waiting for their time (a cancelled one is not among them)."""
        return self._timers.pending()

    def close(self) -> None:
        self._timers.stop()
        super().close()
