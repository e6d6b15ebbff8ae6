"""Start coroutines on the running (qasync) loop from slots, keep them alive, never lose an error."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

log = logging.getLogger(__name__)

_running: set[asyncio.Task[Any]] = set()


def spawn(
    coro: Coroutine[Any, Any, Any], *, on_error: Callable[[BaseException], None] | None = None
) -> asyncio.Task[Any]:
    """Schedule `coro`; the task is referenced until done, and an unexpected error is logged or handed on."""
    task = asyncio.get_event_loop().create_task(coro)
    _running.add(task)

    def finished(done: asyncio.Task[Any]) -> None:
        _running.discard(done)
        if done.cancelled():
            return
        error = done.exception()
        if error is None:
            return
        if on_error is not None:
            on_error(error)
        else:
            log.error("background task failed", exc_info=error)

    task.add_done_callback(finished)
    return task


def running_tasks() -> int:
    return len(_running)


async def cancel_all() -> None:
    """On quit: cancel what is still running and let it finish its cleanup (saving partial replies)."""
    pending = [task for task in _running if not task.done()]
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.gather(*pending, return_exceptions=True)


_api_loaded = False


def load_api_blocking() -> None:
    """Import the gateway and the HTTP stack under it, and build the TLS context. It blocks, so it
    runs in a worker thread (`load_api`) or the warm-up thread, never on the UI thread."""
    global _api_loaded
    from ..api.client import load_http_stack
    from ..api.gateway import UniApi  # noqa: F401

    load_http_stack()
    _api_loaded = True


async def load_api() -> None:
    """Load the HTTP stack in a worker thread (first use only), so the UI never waits for it: not for
    the imports, nor for an import the warm-up thread holds the lock of, nor for the TLS roots."""
    if not _api_loaded:
        await asyncio.to_thread(load_api_blocking)
