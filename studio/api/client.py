"""The one HTTP client: a profile's base URL, key, proxy and timeouts around one httpx.AsyncClient.

Family modules (chat.py, embeddings.py, ...) build bodies and parse replies; this module sends them,
applies the retry rules, turns every failure into the typed errors of errors.py, and opens SSE streams.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import ssl
import time
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, TypeVar

import httpx
from httpx_sse import EventSource, ServerSentEvent

from .. import __version__
from .defaults import DEFAULT_BASE_URL
from .errors import (
    ApiError,
    HtmlResponseError,
    MediaExpiredError,
    RedirectLoopError,
    RedirectRefusedError,
    StalledReplyError,
    UnreadableReplyError,
    error_from_file_server,
    error_from_response,
    error_from_transport,
    looks_like_html,
    redact,
)
from .retry import RetryPolicy
from .sentences import QT_TRANSLATE_NOOP, Sentence
from .uploads import MultipartUpload
from .usage import StreamUsage, UsageSink, event_for

T = TypeVar("T")
log = logging.getLogger(__name__)
STALL_BYTES = 16 * 1024
"""A reply body must deliver this much within `stall_timeout`, over and over, until it is complete."""
MAX_REDIRECTS = 5
RetryNotice = Callable[[ApiError, float, int], None]
"""Called before a retry with the error, the wait in seconds and the attempt about to start."""


class Auth(Enum):
    BEARER = "bearer"
    API_KEY = "api-key"
    """Ideogram's `Api-Key: <key>` header."""


@dataclass(frozen=True)
class ClientConfig:
    base_url: str = DEFAULT_BASE_URL
    api_key: str = field(default="", repr=False)
    proxy: str | None = None
    connect_timeout: float = 10.0
    read_timeout: float = 120.0
    """The longest silence allowed between two reads, streams included."""
    write_timeout: float = 120.0
    stall_timeout: float = 60.0
    """The longest a reply body may take to deliver each STALL_BYTES: a server that sends a byte now and
    then never trips `read_timeout`, but trips this (server-sent-event streams are exempt: they idle)."""
    max_reply_bytes: int = 64 * 1024 * 1024
    """An API reply (not a result file) larger than this is abandoned: no reply the studio reads is that big."""
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    headers: Mapping[str, str] = field(default_factory=dict)
    """Sent with every request (some gateways and proxies want their own headers)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "base_url", normalise_base_url(self.base_url))


def normalise_base_url(url: str) -> str:
    """`https://host/v1/` and `https://host` both mean the gateway root `https://host`."""
    url = url.strip().rstrip("/")
    if url.endswith("/v1"):
        url = url[: -len("/v1")]
    return url


def check_base_url(url: str) -> Sentence | None:
    """A plain sentence saying what is wrong with a base URL, or None if it is usable."""
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, TypeError):
        return Sentence.of(QT_TRANSLATE_NOOP("ApiMessages", "'{url}' is not a valid URL."), url=url)
    if parsed.scheme not in ("http", "https"):
        return Sentence.of(
            QT_TRANSLATE_NOOP("ApiMessages", "The base URL must start with http:// or https:// (got '{url}')."), url=url
        )
    if not parsed.host:
        return Sentence.of(QT_TRANSLATE_NOOP("ApiMessages", "The base URL '{url}' has no host name."), url=url)
    return None


@functools.cache
def shared_tls() -> ssl.SSLContext:
    """The verified TLS context every client uses: certifi's roots, as httpx builds it by default.
    Loading the roots takes 10-20 ms, so it happens once, in the thread that loads the HTTP stack."""
    return httpx.create_ssl_context(trust_env=False)


FIRST_REQUEST_MODULES = (
    "httpcore",
    "encodings.idna",
    "anyio._backends._asyncio",
    "anyio._core._sockets",
    "anyio._core._synchronization",
    "anyio.streams.tls",
    "anyio.to_thread",
)
"""What httpx imports only when the first client is made and its first connection opens (measured
with httpx 0.29 and anyio 4): 60-100 ms of imports that would otherwise land on the UI thread."""


def load_http_stack() -> None:
    """Import what the first client and its first connection need, and build the TLS context.
    Blocking: call it off the UI thread."""
    import importlib

    for name in FIRST_REQUEST_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:  # another httpx/anyio layout: the first request imports what it needs
            log.debug("could not preload %s", name)
    shared_tls()


class UniApiClient:
    """Sends requests for every family; one instance per profile, closed with `aclose()`."""

    def __init__(
        self,
        config: ClientConfig,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        on_retry: RetryNotice | None = None,
    ) -> None:
        self.config = config
        self.retry = config.retry
        self.on_retry = on_retry
        self.usage_sink: UsageSink | None = None
        """Told about every finished work request (model, tokens, media, time; never content)."""
        timeout = httpx.Timeout(
            connect=config.connect_timeout,
            read=config.read_timeout,
            write=config.write_timeout,
            pool=config.connect_timeout,
        )
        self._http = httpx.AsyncClient(
            base_url=config.base_url,
            timeout=timeout,
            verify=shared_tls(),
            proxy=config.proxy or None,
            transport=transport,
            headers={"User-Agent": f"UniAPI-Studio/{__version__}", **config.headers},
            follow_redirects=False,  # per request: GETs follow, a POST never resends its (maybe paid) body
            max_redirects=MAX_REDIRECTS,
            trust_env=False,
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> UniApiClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def auth_headers(self, auth: Auth = Auth.BEARER) -> dict[str, str]:
        key = self.config.api_key
        if not key:
            return {}
        if auth is Auth.API_KEY:
            return {"Api-Key": key}
        return {"Authorization": f"Bearer {key}"}

    def _scrub(self, error: ApiError) -> ApiError:
        """The key out of everything an error says (a careless relay may echo it back)."""
        key = self.config.api_key
        error.details = redact(error.details, key)
        error.user_message = redact(error.user_message, key)
        error.args = (error.user_message,)
        if error.server_message:
            error.server_message = redact(error.server_message, key)
        return error

    def _report_usage(
        self,
        path: str,
        body: Any,
        reply: Any,
        started: float,
        *,
        media_in: int = 0,
        media_out: int | None = None,
    ) -> None:
        if self.usage_sink is None:
            return
        event = event_for(path, body, reply, seconds=time.monotonic() - started, media_in=media_in, media_out=media_out)
        if event is None:
            return
        try:
            self.usage_sink(event)
        except Exception as exc:  # the ledger failing (a locked database) must never fail the request it describes
            log.warning("The usage of %s could not be recorded: %s", event.path, exc)

    async def _retrying(self, paid: bool, attempt_once: Callable[[], Any]) -> Any:
        attempt = 1
        while True:
            try:
                return await attempt_once()
            except ApiError as error:
                self._scrub(error)
                out_of_tries = attempt >= self.retry.attempts(paid=paid, error=error)
                if out_of_tries or not self.retry.should_retry(error, paid=paid):
                    raise
                wait = self.retry.delay(attempt, error)
                attempt += 1
                if self.on_retry is not None:
                    self.on_retry(error, wait, attempt)
                await asyncio.sleep(wait)

    async def _send(self, request: httpx.Request) -> httpx.Response:
        """Send, read the whole (capped, stall-guarded) reply, and raise the typed error of a failure.

        Only a GET follows redirects: a POST answered with one is refused, never sent a second time.
        """
        try:
            response = await self._http.send(request, stream=True, follow_redirects=request.method == "GET")
        except httpx.TooManyRedirects as exc:
            raise RedirectLoopError(details=f"{request.method} {request.url.path}: {exc}") from exc
        except httpx.TransportError as exc:
            raise error_from_transport(exc) from exc
        try:
            response = await self._read_whole(response)
        finally:
            await response.aclose()
        if response.is_redirect:
            location = _without_query(response.headers.get("location", ""))[:200]
            raise RedirectRefusedError(
                (
                    Sentence(RedirectRefusedError.user_message),
                    Sentence.of(
                        QT_TRANSLATE_NOOP(
                            "ApiMessages",
                            "It pointed to {location}; if that is the gateway's real address, make it the base URL."
                        ),
                        location=location,
                    ),
                ),
                status=response.status_code,
                details=f"HTTP {response.status_code} {request.method} {request.url.path} -> {location}",
            )
        if response.status_code >= 400:
            raise error_from_response(response)
        return response

    async def _read_whole(self, response: httpx.Response) -> httpx.Response:
        """The response with its body read, as plain bytes (so no further decoding happens)."""
        parts: list[bytes] = []
        size = 0
        try:
            async for chunk in guarded_chunks(response, self.config.stall_timeout):
                size += len(chunk)
                if size > self.config.max_reply_bytes:
                    raise UnreadableReplyError(
                        Sentence.of(
                            QT_TRANSLATE_NOOP(
                                "ApiMessages",
                                "The gateway's reply grew past {mb} MB, far more than any reply the studio reads, "
                                "so it was abandoned.",
                            ),
                            mb=self.config.max_reply_bytes // 1_048_576,
                        ),
                        status=response.status_code,
                        details=f"HTTP {response.status_code} {response.request.url.path}: {size} bytes or more",
                    )
                parts.append(chunk)
        except httpx.DecodingError as exc:
            raise UnreadableReplyError(
                QT_TRANSLATE_NOOP(
                    "ApiMessages",
                    "The gateway's reply was damaged: it claimed a compression it did not use.",
                ),
                status=response.status_code,
                details=f"HTTP {response.status_code} {response.request.url.path}: {exc}",
            ) from exc
        except httpx.TransportError as exc:
            raise error_from_transport(exc, request_sent=True) from exc
        headers = [
            (name, value)
            for name, value in response.headers.raw
            if name.lower() not in (b"content-encoding", b"content-length", b"transfer-encoding")
        ]
        return httpx.Response(
            response.status_code, headers=headers, content=b"".join(parts), request=response.request
        )

    async def request_json(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        params: Mapping[str, str] | None = None,
        paid: bool = False,
        auth: Auth = Auth.BEARER,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Any:
        """Send a request and return its decoded JSON body.

        `paid=True` marks a submit that may cost money: it is retried only when provably not worked on.
        """

        async def attempt() -> Any:
            headers = {**self.auth_headers(auth), **(extra_headers or {})}
            request = self._http.build_request(method, path, json=json_body, params=params, headers=headers)
            return decode_json(await self._send(request))

        started = time.monotonic()
        reply = await self._retrying(paid, attempt)
        if method == "POST":
            self._report_usage(path, json_body, reply, started)
        return reply

    async def get_json(self, path: str, *, params: Mapping[str, str] | None = None, auth: Auth = Auth.BEARER) -> Any:
        return await self.request_json("GET", path, params=params, auth=auth)

    async def post_json(
        self,
        path: str,
        body: Any,
        *,
        paid: bool = True,
        auth: Auth = Auth.BEARER,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Any:
        return await self.request_json("POST", path, json_body=body, paid=paid, auth=auth, extra_headers=extra_headers)

    async def post_multipart(
        self, path: str, upload: MultipartUpload, *, paid: bool = True, auth: Auth = Auth.BEARER
    ) -> httpx.Response:
        """Stream a multipart body from disk; returns the (read) response for the family to decode."""

        async def attempt() -> httpx.Response:
            headers = {**self.auth_headers(auth), **upload.headers}
            request = self._http.build_request("POST", path, content=upload.__aiter__(), headers=headers)
            return await self._send(request)

        started = time.monotonic()
        result: httpx.Response = await self._retrying(paid, attempt)
        reply: Any = None
        if "json" in result.headers.get("content-type", ""):
            try:
                reply = json.loads(result.content)
            except ValueError:
                reply = None
        self._report_usage(path, upload.fields, reply, started, media_in=len(upload.files))
        return result

    async def post_json_for_bytes(self, path: str, body: Any, *, paid: bool = True) -> httpx.Response:
        """POST JSON whose reply is not JSON (e.g. binary audio); returns the read response."""

        async def attempt() -> httpx.Response:
            request = self._http.build_request("POST", path, json=body, headers=self.auth_headers())
            response = await self._send(request)
            head = response.content[:2000].decode("utf-8", "replace")
            if looks_like_html(response.headers.get("content-type", ""), head):
                details = f"HTTP {response.status_code} {path}\n{head}"
                raise HtmlResponseError(status=response.status_code, details=details)
            return response

        started = time.monotonic()
        result: httpx.Response = await self._retrying(paid, attempt)
        self._report_usage(path, body, None, started, media_out=1)
        return result

    async def with_retries(self, attempt_once: Callable[[], Any], *, paid: bool) -> Any:
        """Run `attempt_once` under this client's retry rules (for callers that shape their own request)."""
        return await self._retrying(paid, attempt_once)

    def is_gateway_url(self, url: str) -> bool:
        """True when `url` is relative or has the gateway's scheme, host and port."""
        target = httpx.URL(url)
        if target.is_relative_url:
            return True
        return _origin(target) == _origin(httpx.URL(self.config.base_url))

    @asynccontextmanager
    async def open_download(self, url: str) -> AsyncIterator[httpx.Response]:
        """GET a result file as a stream: one attempt, no retries and no redirects (the caller checks
        every hop's address before following it).

        The key (and the profile's extra headers) go only to the gateway itself, never to the storage
        host a result URL points at. 401/403/404/410 mean the link is dead: MediaExpiredError. Failures
        of another host name that file server, not the gateway.
        """
        on_gateway = self.is_gateway_url(url)
        headers = self.auth_headers() if on_gateway else {}
        request = self._http.build_request("GET", url, headers=headers)
        if not on_gateway:
            for name in self.config.headers:
                request.headers.pop(name, None)
        file_server = None if on_gateway else request.url.host
        try:
            response = await self._http.send(request, stream=True, follow_redirects=False)
        except httpx.TransportError as exc:
            raise self._scrub(error_from_transport(exc, file_server=file_server)) from exc
        try:
            if response.status_code >= 400:
                try:
                    text = (await response.aread())[:2000].decode("utf-8", "replace")
                except httpx.HTTPError as exc:
                    text = f"(the error body could not be read: {exc})"
                details = f"HTTP {response.status_code} GET {_without_query(url)}\n{text}"
                if response.status_code in (401, 403, 404, 410):
                    raise MediaExpiredError(status=response.status_code, details=details)
                if file_server is not None:
                    raise self._scrub(error_from_file_server(response.status_code, file_server, details))
                raise self._scrub(error_from_response(response, text))
            yield response
        finally:
            await response.aclose()

    @asynccontextmanager
    async def open_sse(
        self,
        path: str,
        body: Any,
        *,
        paid: bool = True,
        auth: Auth = Auth.BEARER,
        extra_headers: Mapping[str, str] | None = None,
    ) -> AsyncIterator[AsyncIterator[ServerSentEvent]]:
        """POST and yield an iterator over the reply's server-sent events.

        Opening is retried like any paid submit; once the stream has begun nothing is repeated.
        A gateway that ignores `stream: true` and answers with JSON yields one event named "json".
        Transport failures mid-stream surface as StreamCutError / RequestTimeoutError.
        """

        def build() -> httpx.Request:
            headers = {"Accept": "text/event-stream", **self.auth_headers(auth), **(extra_headers or {})}
            return self._http.build_request("POST", path, json=body, headers=headers)

        async with self._open_stream(build, paid, path, body) as events:
            yield events

    @asynccontextmanager
    async def open_multipart_sse(
        self, path: str, upload: MultipartUpload, *, paid: bool = True, auth: Auth = Auth.BEARER
    ) -> AsyncIterator[AsyncIterator[ServerSentEvent]]:
        """Like `open_sse`, with a multipart body streamed from disk (audio transcription with stream=true)."""

        def build() -> httpx.Request:
            headers = {"Accept": "text/event-stream", **self.auth_headers(auth), **upload.headers}
            return self._http.build_request("POST", path, content=upload.__aiter__(), headers=headers)

        async with self._open_stream(build, paid, path, upload.fields, media_in=len(upload.files)) as events:
            yield events

    @asynccontextmanager
    async def _open_stream(
        self, build: Callable[[], httpx.Request], paid: bool, path: str, body: Any, *, media_in: int = 0
    ) -> AsyncIterator[AsyncIterator[ServerSentEvent]]:
        async def attempt() -> httpx.Response:
            request = build()
            try:
                response = await self._http.send(request, stream=True, follow_redirects=False)
            except httpx.TransportError as exc:
                raise error_from_transport(exc) from exc
            if response.status_code >= 300:
                try:
                    response = await self._read_whole(response)
                finally:
                    await response.aclose()
                if response.is_redirect:
                    raise RedirectRefusedError(
                        status=response.status_code,
                        details=f"HTTP {response.status_code} POST {request.url.path} -> "
                        f"{_without_query(response.headers.get('location', ''))[:200]}",
                    )
                raise error_from_response(response)
            return response

        started = time.monotonic()
        response: httpx.Response = await self._retrying(paid, attempt)
        if self.usage_sink is None:
            try:
                yield self._events(response)
            finally:
                await response.aclose()
            return
        watcher = StreamUsage()
        try:
            yield _watched(self._events(response), watcher)
        finally:
            await response.aclose()
            self._report_usage(path, body, watcher.reply, started, media_in=media_in)

    def _events(self, response: httpx.Response) -> AsyncIterator[ServerSentEvent]:
        # The SSE iterator is handed out bare (no wrapping generator): one layer less per chunk.
        # Its transport failures are mapped by the consumer (streaming.EventStream).
        if "text/event-stream" in response.headers.get("content-type", ""):
            return EventSource(response).aiter_sse()
        return self._whole_body_as_event(response)

    async def _whole_body_as_event(self, response: httpx.Response) -> AsyncIterator[ServerSentEvent]:
        whole = await self._read_whole(response)
        text = whole.text
        if looks_like_html(whole.headers.get("content-type", ""), text):
            raise error_from_response(whole, text)
        yield ServerSentEvent(event="json", data=text)


async def _watched(events: AsyncIterator[ServerSentEvent], watcher: StreamUsage) -> AsyncIterator[ServerSentEvent]:
    async for event in events:
        watcher.watch(event.data)
        yield event


def decode_json(response: httpx.Response) -> Any:
    """The JSON body of a successful response, or the error that says why there is none."""
    content_type = response.headers.get("content-type", "")
    text = response.text
    if looks_like_html(content_type, text):
        raise HtmlResponseError(
            status=response.status_code,
            details=f"HTTP {response.status_code} {response.request.url.path}\n{text[:2000]}",
        )
    try:
        return json.loads(text)
    except ValueError as exc:
        raise UnreadableReplyError(
            status=response.status_code,
            details=f"HTTP {response.status_code} {response.request.url.path}\n{text[:2000]}",
        ) from exc


async def guarded_chunks(response: httpx.Response, stall_timeout: float) -> AsyncIterator[bytes]:
    """The (decoded) body of a streamed response, raising StalledReplyError when it stalls: each
    STALL_BYTES must arrive within `stall_timeout`, so a server trickling a byte at a time is cut off."""
    loop = asyncio.get_running_loop()
    chunks = response.aiter_bytes()
    window_end = loop.time() + stall_timeout
    window_bytes = 0
    while True:
        try:
            async with asyncio.timeout_at(window_end):
                chunk = await anext(chunks)
        except StopAsyncIteration:
            return
        except TimeoutError as exc:
            raise StalledReplyError(
                details=f"under {STALL_BYTES} bytes in {stall_timeout:g} s from {_without_query(str(response.url))}",
            ) from exc
        window_bytes += len(chunk)
        if window_bytes >= STALL_BYTES:
            window_end, window_bytes = loop.time() + stall_timeout, 0
        yield chunk


_DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port or _DEFAULT_PORTS.get(url.scheme)


def _without_query(url: str) -> str:
    """A URL for error details, minus its query (signed URLs carry their signature there)."""
    return url.split("?", 1)[0]
