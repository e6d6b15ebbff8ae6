"""One way for a widget to run work off the UI path (the shape of Anki's `CollectionOp`/`QueryOp`).

    Operation(self, lambda progress: core.transcribe(path, progress=progress)) \\
        .with_progress(self.bar.set_progress) \\
        .success(self.show_transcript) \\
        .failure(self.show_problem) \\
        .run()

- the work is a coroutine function run on the qasync loop, or (`Operation.in_thread`) a blocking
  function run in a worker thread (a store call, hashing, decoding); either gets a `progress(done,
  total)` callable, safe to call from the worker thread;
- success, failure and progress each arrive through one callback, on the UI thread;
- every failure reaches the failure callback as a typed `StudioError` (an `ApiError`, an input error,
  or `UnexpectedError` wrapping a bug with its traceback in the details); without a failure callback
  the error is shown as its translated sentence with Details, in a non-modal box;
- when the parent widget is deleted the work is cancelled and no callback runs: a closed widget is
  never touched. `cancel()` stops the work; only `finished` callbacks run then.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import traceback
from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from ..api.errors import StudioError
from ..api.sentences import QT_TRANSLATE_NOOP
from .async_tasks import spawn

log = logging.getLogger(__name__)

T = TypeVar("T")
Progress = Callable[[int, int], None]
"""progress(done, total): bytes, files, steps — whatever the work counts."""


class UnexpectedError(StudioError):
    """Something the studio did not expect (a bug, a full disk): the details hold the traceback."""

    user_message = QT_TRANSLATE_NOOP("ApiMessages", "Something went wrong inside the studio; the details say what.")


def as_studio_error(error: BaseException) -> StudioError:
    if isinstance(error, StudioError):
        return error
    details = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    return UnexpectedError(details=details)


class Operation(Generic[T]):
    def __init__(self, parent: QObject, work: Callable[[Progress], Awaitable[T]]) -> None:
        self.parent = parent
        self._work = work
        self._on_success: Callable[[T], None] | None = None
        self._on_failure: Callable[[StudioError], None] | None = None
        self._on_progress: Callable[[int, int], None] | None = None
        self._on_finished: list[Callable[[], None]] = []
        self._task: asyncio.Task[Any] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    @classmethod
    def in_thread(cls, parent: QObject, work: Callable[[Progress], T]) -> Operation[T]:
        """A blocking function (SQL, files, decoding) in a worker thread, reported like the rest."""
        return cls(parent, lambda progress: asyncio.to_thread(work, progress))

    # building ----------------------------------------------------------------------------------

    def success(self, callback: Callable[[T], None]) -> Operation[T]:
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[StudioError], None]) -> Operation[T]:
        self._on_failure = callback
        return self

    @property
    def handles_failure(self) -> bool:
        """Whether a failure callback is set (without one, a failure is shown in a box)."""
        return self._on_failure is not None

    def with_progress(self, callback: Callable[[int, int], None]) -> Operation[T]:
        self._on_progress = callback
        return self

    def finished(self, callback: Callable[[], None]) -> Operation[T]:
        """Runs after success, failure or cancel (re-enable a button here)."""
        self._on_finished.append(callback)
        return self

    # running -----------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def run(self) -> Operation[T]:
        self._loop = asyncio.get_event_loop()
        self._task = spawn(self._run())
        self.parent.destroyed.connect(self._parent_gone)
        return self

    def cancel(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()

    def _parent_gone(self, *_: object) -> None:
        self.parent = None  # type: ignore[assignment]
        self.cancel()

    def _alive(self) -> bool:
        return self.parent is not None and shiboken6.isValid(self.parent)

    def _progress(self, done: int, total: int) -> None:
        loop = self._loop
        if loop is None:
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            self._deliver_progress(done, total)
        elif not loop.is_closed():
            loop.call_soon_threadsafe(self._deliver_progress, done, total)

    def _deliver_progress(self, done: int, total: int) -> None:
        if self._on_progress is not None and self._alive():
            self._on_progress(done, total)

    async def _run(self) -> None:
        try:
            result = await self._work(self._progress)
        except asyncio.CancelledError:
            self._finish()
            raise
        except Exception as exc:
            error = as_studio_error(exc)
            if isinstance(error, UnexpectedError):
                log.error("An operation failed unexpectedly", exc_info=exc)
            if self._alive():
                if self._on_failure is not None:
                    self._on_failure(error)
                else:
                    show_failure(self.parent, error)
            self._finish()
            return
        if self._alive() and self._on_success is not None:
            self._on_success(result)
        self._finish()

    def _finish(self) -> None:
        if self._alive():
            for callback in self._on_finished:
                callback()
        if self.parent is not None and shiboken6.isValid(self.parent):
            with contextlib.suppress(RuntimeError, TypeError):  # already disconnected
                self.parent.destroyed.disconnect(self._parent_gone)


def show_failure(parent: QObject | None, error: StudioError) -> QMessageBox:
    """The error's translated sentence with its details on demand, in a box that does not block."""
    from .messages import translated

    widget = parent if isinstance(parent, QWidget) else None
    box = QMessageBox(QMessageBox.Icon.Warning, "", translated(error), QMessageBox.StandardButton.Close, widget)
    box.setWindowTitle(QCoreApplication.translate("Operation", "Something went wrong"))
    if error.details:
        box.setDetailedText(error.details)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
