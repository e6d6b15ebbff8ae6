"""What happens to every gateway request before its route: journal, auth, latency, then faults."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from studio.simulator.control import CONTROL_PREFIX, UPLOAD_ECHO_PATH
from studio.simulator.errors import GatewayError, invalid_api_key
from studio.simulator.faults import (
    ConnectionCut,
    Fault,
    FaultKind,
    choose_fault,
    fault_response,
    rewrite_reply,
)
from studio.simulator.journal import RecordedRequest
from studio.simulator.media import MEDIA_PATH_PREFIX
from studio.simulator.request_body import ParsedBody, parse_body, read_whole_body, replaying_receive
from studio.simulator.request_context import SCOPE_BODY, SCOPE_FAULT
from studio.simulator.state import SimulatorState


def is_control_route(path: str) -> bool:
    return path.startswith(CONTROL_PREFIX) and path != UPLOAD_ECHO_PATH


class GatewayPipeline:
    """ASGI middleware: record in the journal → auth → latency → fault injection → route."""

    def __init__(self, app: ASGIApp, state: SimulatorState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or is_control_route(scope["path"]):
            await self.app(scope, receive, send)
            return
        raw = await read_whole_body(receive)
        parsed = await parse_body(scope, raw, receive)
        scope[SCOPE_BODY] = parsed
        try:
            if not scope["path"].startswith(CONTROL_PREFIX):
                self.state.journal.record(RecordedRequest.from_scope(scope, parsed, self.state.clock()))
            refusal, fault = await self._screen(scope, parsed)
            if refusal is not None:
                await refusal(scope, receive, send)
            else:
                await self._route(scope, replaying_receive(raw, receive), send, fault, receive)
        finally:
            await parsed.close()

    async def _screen(self, scope: Scope, parsed: ParsedBody) -> tuple[Response | None, Fault | None]:
        """Auth, latency and fault choice: a reply that replaces the route's, or the fault it must apply."""
        path = scope["path"]
        headers = Headers(scope=scope)
        if not path.startswith(MEDIA_PATH_PREFIX) and not self._authorized(headers):
            return self.state.error_shapes.respond(path, invalid_api_key()), None
        if self.state.config.latency_ms > 0:
            await asyncio.sleep(self.state.config.latency_ms / 1000)
        try:
            fault = choose_fault(
                path, headers, parsed.searchable_text(), self.state.faults, self.state.config.retry_after_s
            )
        except GatewayError as error:
            return self.state.error_shapes.respond(path, error), None
        if fault is not None and fault.kind.answers_instead_of_route:
            query = scope.get("query_string", b"").decode("latin-1")
            head = b""
            if fault.kind is FaultKind.HUGE_BODY and path.startswith(MEDIA_PATH_PREFIX):
                stored = self.state.media.find_by_url(path)
                head = stored.data[:4096] if stored is not None else b""
            return fault_response(fault, scope["method"], path, query, self.state.error_shapes, head), None
        return None, fault

    async def _route(
        self, scope: Scope, receive: Receive, send: Send, fault: Fault | None, client_receive: Receive
    ) -> None:
        scope[SCOPE_FAULT] = fault
        if fault is not None and fault.kind is FaultKind.SLOW:
            await asyncio.sleep(fault.slow_seconds)
        if fault is not None and fault.kind is FaultKind.CUT:
            send = _cutting_send(send)
        if fault is not None and fault.kind is FaultKind.TRICKLE:
            send = _trickling_send(send, client_receive, fault.slow_seconds)
        if fault is not None and fault.kind.rewrites_reply:
            key = _caller_key(Headers(scope=scope))
            media_prefix = self.state.base_url + MEDIA_PATH_PREFIX
            send = _rewriting_send(send, lambda body: rewrite_reply(fault, body, key, media_prefix))
        await self.app(scope, receive, send)

    def _authorized(self, headers: Headers) -> bool:
        key = self.state.config.key
        if key is None:
            return True
        scheme, _, token = headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and token.strip() == key:
            return True
        return key in (headers.get("api-key"), headers.get("mj-api-secret"))


def _cutting_send(send: Send) -> Send:
    """Cuts a reply with a Content-Length after half its body; streamed replies cut themselves."""
    held_start: Message | None = None
    body_parts: list[bytes] = []

    async def send_cut(message: Message) -> None:
        nonlocal held_start
        if message["type"] == "http.response.start":
            if any(name.lower() == b"content-length" for name, _ in message.get("headers", [])):
                held_start = message
                return
            await send(message)
            return
        if held_start is None:
            await send(message)
            return
        body_parts.append(message.get("body", b""))
        if message.get("more_body", False):
            return
        body = b"".join(body_parts)
        await send(held_start)
        await send({"type": "http.response.body", "body": body[: len(body) // 2], "more_body": True})
        raise ConnectionCut("reply cut on purpose")

    return send_cut


def _caller_key(headers: Headers) -> str:
    scheme, _, token = headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return headers.get("api-key") or headers.get("mj-api-secret") or ""


def _rewriting_send(send: Send, rewrite: Callable[[bytes], bytes]) -> Send:
    """Holds a whole reply, edits its body, and sends it with a Content-Length that fits."""
    held_start: Message | None = None
    body_parts: list[bytes] = []

    async def send_rewritten(message: Message) -> None:
        nonlocal held_start
        if message["type"] == "http.response.start":
            held_start = message
            return
        if held_start is None:
            await send(message)
            return
        body_parts.append(message.get("body", b""))
        if message.get("more_body", False):
            return
        body = rewrite(b"".join(body_parts))
        headers = [(name, value) for name, value in held_start.get("headers", []) if name.lower() != b"content-length"]
        headers.append((b"content-length", str(len(body)).encode()))
        await send({**held_start, "headers": headers})
        await send({"type": "http.response.body", "body": body, "more_body": False})

    return send_rewritten


def _trickling_send(send: Send, receive: Receive, interval: float) -> Send:
    """Sends the reply's body one byte every `interval` seconds, until it is done or the client leaves."""
    left = asyncio.Event()

    async def watch_for_disconnect() -> None:
        while (await receive())["type"] != "http.disconnect":
            pass
        left.set()

    watcher: asyncio.Task[None] | None = None

    async def send_slowly(message: Message) -> None:
        nonlocal watcher
        if message["type"] != "http.response.body":
            await send(message)
            return
        if watcher is None:
            watcher = asyncio.ensure_future(watch_for_disconnect())
        body = message.get("body", b"")
        for index in range(len(body)):
            if left.is_set():
                break
            await send({"type": "http.response.body", "body": body[index : index + 1], "more_body": True})
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(left.wait(), interval)
        if not message.get("more_body", False):
            watcher.cancel()
            await send({"type": "http.response.body", "body": b"", "more_body": False})

    return send_slowly
