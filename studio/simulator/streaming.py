"""Server-sent events paced at a token rate, with the stream faults (cut, in-band error) built in."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from studio.simulator.faults import ConnectionCut, FaultKind

FRAMES_PER_WRITE = 256
FRAMES_BEFORE_STREAM_ERROR = 3
DONE_FRAME = "data: [DONE]\n\n"
SLOT = "\x00slot:{}\x00"

# A frame of the stream and whether it carries a token (paced) or is bookkeeping (sent at once).
Frame = tuple[str, bool]


def dump_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def sse_data(payload: Any) -> str:
    return f"data: {dump_json(payload)}\n\n"


def sse_event(event_type: str, payload: Any) -> str:
    return f"event: {event_type}\ndata: {dump_json(payload)}\n\n"


class JsonTemplate:
    """A JSON document with named holes, rendered by string formatting: cheap enough for 100k chunks."""

    def __init__(self, document: Any, slot_names: Iterable[str]) -> None:
        text = dump_json(document).replace("{", "{{").replace("}", "}}")
        for name in slot_names:
            text = text.replace(dump_json(SLOT.format(name)), "{" + name + "}")
        self._format = text.format

    @staticmethod
    def slot(name: str) -> str:
        return SLOT.format(name)

    def render(self, **values: Any) -> str:
        return self._format(**{name: dump_json(value) for name, value in values.items()})


class EventStream(Response):
    """A reply that writes SSE frames, pacing the token frames at `token_rate` per second.

    Tokens are due at fixed offsets from the stream start; every frame already due goes out in one write,
    so rates above the event loop's timer resolution (2,000 tokens/s) still hold on average.
    """

    media_type = "text/event-stream"

    def __init__(
        self,
        frames: Iterable[Frame],
        *,
        token_rate: float,
        fault: FaultKind | None = None,
        error_frames: Callable[[], list[str]] | None = None,
    ) -> None:
        # Like Starlette's StreamingResponse, skip Response.__init__: there is no body to measure.
        self.status_code = 200
        self.background = None
        self.init_headers({"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
        self.frames = frames
        self.token_rate = token_rate
        self.fault = fault
        self.error_frames = error_frames

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers})
        disconnected = asyncio.Event()
        watcher = asyncio.create_task(_watch_disconnect(receive, disconnected))
        try:
            await self._write(send, disconnected)
        finally:
            watcher.cancel()

    async def _write(self, send: Send, disconnected: asyncio.Event) -> None:
        frames: Iterable[Frame] = self.frames
        if self.fault is FaultKind.CUT:
            materialized = list(frames)
            frames = materialized[: max(1, len(materialized) // 2)]
        elif self.fault is FaultKind.STREAM_ERROR:
            frames = _first_frames(iter(frames), FRAMES_BEFORE_STREAM_ERROR)
        finished = await self._pump(frames, send, disconnected)
        if not finished:
            return
        if self.fault is FaultKind.CUT:
            raise ConnectionCut("stream cut on purpose")
        if self.fault is FaultKind.STREAM_ERROR and self.error_frames is not None:
            await _send_text(send, "".join(self.error_frames()))
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    async def _pump(self, frames: Iterable[Frame], send: Send, disconnected: asyncio.Event) -> bool:
        """Write the frames on schedule; False if the client went away first."""
        loop = asyncio.get_running_loop()
        rate = self.token_rate
        started = loop.time()
        tokens_sent = 0
        batch: list[str] = []
        for text, paced in frames:
            if paced and rate > 0:
                due = started + tokens_sent / rate
                tokens_sent += 1
                if due > loop.time():
                    if batch:
                        await _send_text(send, "".join(batch))
                        batch.clear()
                    if disconnected.is_set():
                        return False
                    await asyncio.sleep(due - loop.time())
            batch.append(text)
            if len(batch) >= FRAMES_PER_WRITE:
                await _send_text(send, "".join(batch))
                batch.clear()
                await asyncio.sleep(0)  # let other connections, and the disconnect watcher, run
                if disconnected.is_set():
                    return False
        if batch:
            await _send_text(send, "".join(batch))
        return not disconnected.is_set()


def _first_frames(frames: Iterator[Frame], token_count: int) -> Iterator[Frame]:
    """Frames up to and including the token_count-th token frame."""
    seen = 0
    for frame in frames:
        yield frame
        if frame[1]:
            seen += 1
            if seen >= token_count:
                return


async def _send_text(send: Send, text: str) -> None:
    await send({"type": "http.response.body", "body": text.encode(), "more_body": True})


async def _watch_disconnect(receive: Receive, disconnected: asyncio.Event) -> None:
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            disconnected.set()
            return
