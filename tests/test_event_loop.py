"""The app's loop on Qt (qasync's, with one change): a cancelled callback lets go of its Qt timer at once.

Every network read arms a timeout and cancels it when the bytes come. On plain qasync each cancelled
timeout stayed, with its context and a live Qt timer, until its 60 s were up: a long streamed reply
left thousands, and the garbage collector's walks over them froze the chat for 25-45 ms at a time."""

from __future__ import annotations

import asyncio
import time

from conftest import TEST_KEY

from studio.api.chat import ChatRequest
from studio.api.client import ClientConfig
from studio.api.gateway import UniApi
from studio.api.streaming import TextDelta


def test_a_streamed_reply_leaves_no_cancelled_timeouts_waiting(run_async, qasync_loop, sim):
    async def stream_a_reply() -> tuple[int, int, int]:
        loop = asyncio.get_running_loop()
        assert loop is qasync_loop and hasattr(loop, "pending_callbacks"), "the tests run on the app's loop"
        api = UniApi(ClientConfig(base_url=sim.base_url, api_key=TEST_KEY, read_timeout=60))
        before = loop.pending_callbacks()
        pieces = 0
        request = ChatRequest(model="gpt-4o-mini", messages=[{"role": "user", "content": "a story [[tokens:600]]"}])
        async with api.chat.stream(request) as stream:
            async for event in stream:
                pieces += isinstance(event, TextDelta)
        after = loop.pending_callbacks()
        await api.aclose()
        return before, after, pieces

    before, after, pieces = run_async(stream_a_reply())
    assert pieces >= 300, "the reply came in many reads, each with its own timeout"
    assert after - before < 10, f"{after - before} callbacks still wait after the reply ended"


def test_callbacks_run_in_order_on_time_and_a_cancelled_one_never(run_async):
    async def schedule() -> tuple[list[str], float]:
        loop = asyncio.get_running_loop()
        ran: list[str] = []
        started = time.monotonic()
        late = loop.call_later(0.05, lambda: ran.append(f"late {time.monotonic() - started:.2f}"))
        cancelled = loop.call_later(0.02, ran.append, "cancelled")
        for name in ("first", "second", "third"):
            loop.call_soon(ran.append, name)
        cancelled.cancel()
        cancelled.cancel()  # twice is harmless
        before = loop.pending_callbacks()
        waiting = [loop.call_later(60, ran.append, "never") for _ in range(1000)]
        for handle in waiting:
            handle.cancel()
        left = loop.pending_callbacks() - before
        await asyncio.sleep(0.15)
        late.cancel()  # after it ran: nothing to kill
        return ran, left

    ran, left = run_async(schedule())
    assert left == 0, f"{left} of 1,000 cancelled callbacks still wait"
    assert ran[:3] == ["first", "second", "third"] and len(ran) == 4
    assert ran[3].startswith("late ") and float(ran[3].split()[1]) >= 0.045
