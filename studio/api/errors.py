"""One error hierarchy for every call, and the one place that maps HTTP failures to plain sentences.

Every error carries `sentences` (what a person reads; `user_message` is their English text) and
`details` (the raw status, body and cause, shown on demand). Each sentence is marked for translation
where it is written (see `studio.api.sentences`). Nothing here ever contains the API key.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .sentences import QT_TRANSLATE_NOOP, Message, Sentence, english, said, sentences_of

if TYPE_CHECKING:  # httpx is imported where it is used, so importing the error types stays cheap
    import httpx

_BODY_PREVIEW = 2000


class StudioError(Exception):
    """Anything the studio tells a person went wrong: sentences to read, details on demand.

    A subclass names its usual sentence in `user_message`; an instance may say something more precise.
    """

    user_message = QT_TRANSLATE_NOOP("ApiMessages", "The request failed.")

    def __init__(self, user_message: Message | None = None, *, details: str = "") -> None:
        self.sentences: tuple[Sentence, ...] = sentences_of(user_message) or (Sentence(type(self).user_message),)
        self.user_message = english(self.sentences)
        self.details = details
        super().__init__(self.user_message)


class InputError(StudioError, ValueError):
    """A request that cannot be sent as it is (caught before anything leaves)."""

    user_message = QT_TRANSLATE_NOOP("ApiMessages", "The request cannot be sent as it is.")


class ApiError(StudioError):
    """Base of every client failure."""

    def __init__(
        self,
        user_message: Message | None = None,
        *,
        status: int | None = None,
        code: str | None = None,
        server_message: str | None = None,
        details: str = "",
    ) -> None:
        super().__init__(user_message, details=details)
        self.status = status
        self.code = code
        self.server_message = server_message

    @property
    def reached_gateway(self) -> bool:
        """True when the gateway answered (an HTTP status came back)."""
        return self.status is not None


class ApiResponseError(ApiError):
    """The gateway answered with an error status or an unusable body."""


class BadRequestError(ApiResponseError):
    user_message = QT_TRANSLATE_NOOP("ApiMessages", "The gateway rejected the request as invalid.")


class ModelUnavailableError(BadRequestError):
    user_message = QT_TRANSLATE_NOOP("ApiMessages", "This model is not available on the gateway; choose another model.")


class AuthError(ApiResponseError):
    user_message = QT_TRANSLATE_NOOP("ApiMessages", "The API key was not accepted; check the key in your profile.")


class InsufficientBalanceError(ApiResponseError):
    user_message = QT_TRANSLATE_NOOP(
        "ApiMessages", "Your UniAPI balance is too low for this request; top up and try again."
    )


class NotFoundError(ApiResponseError):
    user_message = QT_TRANSLATE_NOOP(
        "ApiMessages", "The gateway does not know this address or item; check the base URL."
    )


class PayloadTooLargeError(ApiResponseError):
    user_message = QT_TRANSLATE_NOOP(
        "ApiMessages", "The request is too large for the gateway; use a smaller file or shorter input."
    )


class RateLimitError(ApiResponseError):
    user_message = QT_TRANSLATE_NOOP("ApiMessages", "The gateway is rate limiting you; wait a moment and try again.")

    def __init__(self, user_message: Message | None = None, *, retry_after: float | None = None, **kw: Any) -> None:
        super().__init__(user_message, **kw)
        self.retry_after = retry_after


class ServerError(ApiResponseError):
    user_message = QT_TRANSLATE_NOOP("ApiMessages", "The gateway had an internal error; try again in a moment.")


class HtmlResponseError(ApiResponseError):
    user_message = QT_TRANSLATE_NOOP(
        "ApiMessages", "The server answered with a web page instead of API data; check the base URL."
    )


class StreamError(ApiResponseError):
    """The gateway reported an error inside an open stream."""

    user_message = QT_TRANSLATE_NOOP("ApiMessages", "The gateway reported an error in the middle of the reply.")


class TaskRejectedError(ApiResponseError):
    """A task family answered a submit with a refusal (a relay `code` other than success)."""

    user_message = QT_TRANSLATE_NOOP("ApiMessages", "The service refused to start the task.")


MIDJOURNEY_REFUSALS = {
    3: QT_TRANSLATE_NOOP("ApiMessages", "Midjourney does not know the task this request refers to."),
    4: QT_TRANSLATE_NOOP("ApiMessages", "Midjourney rejected the request as invalid."),
    9: QT_TRANSLATE_NOOP("ApiMessages", "Midjourney had a system error; try again later."),
    23: QT_TRANSLATE_NOOP("ApiMessages", "Midjourney's queue is full; try again in a few minutes."),
    24: QT_TRANSLATE_NOOP(
        "ApiMessages", "Midjourney refused the prompt because it contains a banned word; rephrase it."
    ),
}


class MidjourneySubmitError(TaskRejectedError):
    """A Midjourney submit answered with a code other than 1 (accepted), 21 (exists) or 22 (queued)."""

    def __init__(self, mj_code: int | None, description: str, *, details: str = "", **kw: Any) -> None:
        known = MIDJOURNEY_REFUSALS.get(mj_code if mj_code is not None else -1)
        sentence = (
            Sentence(known)
            if known
            else Sentence.of(
                QT_TRANSLATE_NOOP("ApiMessages", "Midjourney refused the request (code {code})."), code=mj_code
            )
        )
        super().__init__(
            (sentence, *said(description, "service")),
            code=str(mj_code),
            server_message=description or None,
            details=details,
            **kw,
        )
        self.mj_code = mj_code
        self.description = description


class TaskFailedError(ApiResponseError):
    """The service ran the task and reported that it failed."""

    user_message = QT_TRANSLATE_NOOP("ApiMessages", "The task failed on the service.")


class MediaExpiredError(ApiResponseError):
    """A result's download link no longer works (signed URLs expire within hours)."""

    user_message = QT_TRANSLATE_NOOP(
        "ApiMessages", "The result's download link has expired, so the file could not be saved."
    )


class UnexpectedMediaError(ApiResponseError):
    """A download was not the kind of file expected (a web page where an image should be)."""

    user_message = QT_TRANSLATE_NOOP("ApiMessages", "The downloaded file is not the kind of file the service promised.")


class ResultTooLargeError(UnexpectedMediaError):
    """A result file is bigger than the cap for its kind (a hostile server can send gigabytes)."""

    user_message = QT_TRANSLATE_NOOP(
        "ApiMessages",
        "The result file is larger than the studio accepts for its kind; it was not saved.",
    )


class ImageTooLargeError(UnexpectedMediaError):
    """An image claims more pixels than the studio decodes (a few KB of PNG can claim billions)."""

    user_message = QT_TRANSLATE_NOOP(
        "ApiMessages",
        "The image has more pixels than the studio opens, so it was not opened.",
    )


class UnreadableReplyError(ApiResponseError):
    """The gateway accepted the request (HTTP 2xx) but its reply cannot be used.

    The work may have been done, and charged for: a paid submit that ends here is never sent again.
    """

    user_message = QT_TRANSLATE_NOOP("ApiMessages", "The gateway answered with data the studio cannot read.")


class RedirectRefusedError(ApiResponseError):
    """A paid request was answered with a redirect: following it would send (and charge) it a second time."""

    user_message = QT_TRANSLATE_NOOP(
        "ApiMessages",
        "The gateway answered a paid request with a redirect; it was not followed, so nothing was sent twice."
    )


class RedirectLoopError(ApiResponseError):
    user_message = QT_TRANSLATE_NOOP(
        "ApiMessages",
        "The server kept redirecting the request in a loop, so it was abandoned.",
    )


class RefusedLinkError(ApiResponseError):
    """A link a server sent points where the studio never goes: a private network, a metadata service, a file."""

    user_message = QT_TRANSLATE_NOOP("ApiMessages", "The service sent a result link the studio will not open.")


class ImageUploadError(ApiError):
    """A local picture could not be uploaded to get the link a request needs; the request was not sent."""

    user_message = QT_TRANSLATE_NOOP(
        "ApiMessages", "A picture could not be uploaded, so the request was not sent (nothing was charged)."
    )


class NetworkError(ApiError):
    """The exchange failed below HTTP: no answer, or the answer was cut."""

    user_message = QT_TRANSLATE_NOOP("ApiMessages", "The network connection to the gateway failed.")

    def __init__(self, user_message: Message | None = None, *, request_sent: bool = True, **kw: Any) -> None:
        super().__init__(user_message, **kw)
        self.request_sent = request_sent


class ConnectError(NetworkError):
    user_message = QT_TRANSLATE_NOOP(
        "ApiMessages", "Could not connect to the gateway; check the base URL, proxy and your connection."
    )


class RefusedConnectionError(ConnectError):
    """The address answered "connection refused": nothing listens there, so trying again rarely helps."""

    user_message = QT_TRANSLATE_NOOP(
        "ApiMessages", "Could not connect to the gateway: nothing answers at that address and port; check the base URL."
    )


class RequestTimeoutError(NetworkError):
    user_message = QT_TRANSLATE_NOOP("ApiMessages", "The gateway did not answer in time.")


class StalledReplyError(RequestTimeoutError):
    """The reply arrives a few bytes at a time (under `read_timeout` each): not retried, it would stall again."""

    user_message = QT_TRANSLATE_NOOP(
        "ApiMessages",
        "The server is sending its reply far too slowly (a few bytes at a time), so it was abandoned.",
    )


class StreamCutError(NetworkError):
    user_message = QT_TRANSLATE_NOOP("ApiMessages", "The connection dropped before the reply was complete.")


class TaskTimeoutError(RequestTimeoutError):
    """A task ran past its family's deadline; the job waits for `tasks resume` instead of polling forever."""

    user_message = QT_TRANSLATE_NOOP(
        "ApiMessages",
        "The task did not finish in the time allowed; it is kept for a later resume.",
    )


class RequestCancelledError(ApiError):
    user_message = QT_TRANSLATE_NOOP("ApiMessages", "The request was cancelled.")


class LocalStorageError(ApiError):
    """The studio's own data failed (its database or data folder): not the gateway, not the network."""

    user_message = QT_TRANSLATE_NOOP("ApiMessages", "The studio could not use its data folder.")


class DatabaseBusyError(LocalStorageError):
    user_message = QT_TRANSLATE_NOOP("ApiMessages", "The studio's database stayed locked by another program.")


class DatabaseDamagedError(LocalStorageError):
    user_message = QT_TRANSLATE_NOOP("ApiMessages", "The studio's database is damaged.")


class ResultNotSavedError(LocalStorageError):
    """A result arrived but could not be written (folder not writable, disk full); the job stays resumable."""

    user_message = QT_TRANSLATE_NOOP("ApiMessages", "The result could not be saved on this computer.")


def _preview(text: str) -> str:
    return text if len(text) <= _BODY_PREVIEW else text[:_BODY_PREVIEW] + "…"


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds form; an HTTP date is ignored)."""
    if not value:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    return max(0.0, seconds)


def _error_fields(body: Any) -> tuple[str | None, str | None]:
    """(message, code) from the shapes the gateway family uses; (None, None) if unknown."""
    if not isinstance(body, dict):
        return None, None
    inner = body.get("error")
    if isinstance(inner, dict):
        message, code = inner.get("message"), inner.get("code") or inner.get("type")
    elif isinstance(inner, str):
        message, code = inner, None
    else:
        message = body.get("message") or body.get("description") or body.get("detail")
        code = body.get("code")
    return (str(message) if message else None), (str(code) if code is not None else None)


def looks_like_html(content_type: str, text: str) -> bool:
    head = text.lstrip()[:200].lower()
    return "text/html" in content_type or head.startswith(("<!doctype html", "<html"))


def error_from_response(response: httpx.Response, body_text: str | None = None) -> ApiResponseError:
    """Map a finished (read) error response to the matching typed error."""
    text = body_text if body_text is not None else response.text
    content_type = response.headers.get("content-type", "")
    status = response.status_code
    details = f"HTTP {status} {response.request.method} {response.request.url.path}\n{_preview(text)}"
    if looks_like_html(content_type, text):
        if status >= 500:
            return ServerError(
                QT_TRANSLATE_NOOP(
                    "ApiMessages",
                    "The gateway (or a proxy in front of it) failed with a web error page; try again shortly.",
                ),
                status=status,
                details=details,
            )
        return HtmlResponseError(status=status, details=details)
    try:
        body = json.loads(text) if text else None
    except ValueError:
        body = None
    message, code = _error_fields(body)
    kw: dict[str, Any] = {"status": status, "code": code, "server_message": message, "details": details}
    gateway_said = said(message)
    lowered = (message or "").lower()
    if code == "model_not_found" or "no available channel" in lowered:
        return ModelUnavailableError((Sentence(ModelUnavailableError.user_message), *gateway_said), **kw)
    if status == 401:
        return AuthError(**kw)
    if status == 403:
        if "quota" in lowered or "balance" in lowered or "额度" in (message or "") or code == "insufficient_user_quota":
            return InsufficientBalanceError(**kw)
        refused = Sentence(QT_TRANSLATE_NOOP("ApiMessages", "The gateway refused access to this request."))
        return AuthError((refused, *gateway_said), **kw)
    if status == 404:
        return NotFoundError(**kw)
    if status == 413:
        return PayloadTooLargeError(**kw)
    if status == 429:
        return RateLimitError(retry_after=parse_retry_after(response.headers.get("retry-after")), **kw)
    if status >= 500:
        return ServerError(**kw)
    if status >= 400:
        return BadRequestError((Sentence(BadRequestError.user_message), *gateway_said), **kw)
    return ApiResponseError(
        QT_TRANSLATE_NOOP("ApiMessages", "The gateway answered with something the studio cannot read."), **kw
    )


def error_from_transport(
    exc: httpx.TransportError, *, request_sent: bool | None = None, file_server: str | None = None
) -> NetworkError:
    """Map an httpx transport failure; `request_sent` says whether the gateway may have seen it.

    `file_server` (a host name) makes the sentence name the file server a result is fetched from,
    not the gateway.
    """
    import httpx

    details = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, httpx.ConnectError) and not file_server and (refusal := _refusal_in(exc)) is not None:
        return RefusedConnectionError(request_sent=False, details=f"{details}\n{type(refusal).__name__}: {refusal}")
    if isinstance(exc, httpx.ProxyError):
        return ConnectError(
            QT_TRANSLATE_NOOP("ApiMessages", "The proxy refused or failed the connection; check the proxy settings."),
            request_sent=False,
            details=details,
        )
    host = {"host": file_server} if file_server else None
    if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout):
        return ConnectError(
            _about(QT_TRANSLATE_NOOP(
                "ApiMessages",
                "Could not connect to the file server {host}; check your connection.",
            ), host),
            request_sent=False,
            details=details,
        )
    sent = True if request_sent is None else request_sent
    if isinstance(exc, httpx.TimeoutException):
        return RequestTimeoutError(
            _about(QT_TRANSLATE_NOOP("ApiMessages", "The file server {host} did not answer in time."), host),
            request_sent=sent,
            details=details,
        )
    if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError):
        return StreamCutError(
            _about(
                QT_TRANSLATE_NOOP(
                    "ApiMessages", "The connection to the file server {host} dropped before the file was complete."
                ),
                host,
            ),
            request_sent=sent,
            details=details,
        )
    return NetworkError(
        _about(QT_TRANSLATE_NOOP("ApiMessages", "The network connection to the file server {host} failed."), host),
        request_sent=sent,
        details=details,
    )


def _about(template: str, host: dict[str, str] | None) -> Sentence | None:
    """The file-server sentence when a file server is named; None keeps the error's own (gateway) sentence."""
    return Sentence.of(template, **host) if host else None


def error_from_file_server(status: int, host: str, details: str) -> ApiResponseError:
    """A result's file server answered with an error status (the gateway is not to blame)."""
    if status == 429:
        return RateLimitError(
            Sentence.of(
                QT_TRANSLATE_NOOP("ApiMessages", "The file server {host} is rate limiting downloads; try again later."),
                host=host,
            ),
            status=status,
            details=details,
        )
    if status >= 500:
        return ServerError(
            Sentence.of(
                QT_TRANSLATE_NOOP("ApiMessages", "The file server {host} had an internal error; try again later."),
                host=host,
            ),
            status=status,
            details=details,
        )
    return ApiResponseError(
        Sentence.of(
            QT_TRANSLATE_NOOP("ApiMessages", "The file server {host} refused the download (HTTP {status})."),
            host=host,
            status=status,
        ),
        status=status,
        details=details,
    )


SECRET_MIN_CHARS = 8
"""Shorter "keys" (the demo's "demo") are not secrets, and removing them would erase ordinary words."""


def _refusal_in(exc: BaseException) -> ConnectionRefusedError | None:
    """The ECONNREFUSED under httpx's "All connection attempts failed", if that is what it was."""
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, ConnectionRefusedError):
            return cause
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return None


def redact(text: str, secret: str | None) -> str:
    """Remove a secret from text that may be shown, stored or logged."""
    if secret and len(secret) >= SECRET_MIN_CHARS:
        return text.replace(secret, "***")
    return text


def redact_json(value: Any, secret: str | None) -> Any:
    """`value` (JSON-like: dicts, lists, strings) with the secret removed from every string in it."""
    if not secret or len(secret) < SECRET_MIN_CHARS:
        return value
    if isinstance(value, str):
        return value.replace(secret, "***")
    if isinstance(value, dict):
        return {redact(str(key), secret): redact_json(item, secret) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [redact_json(item, secret) for item in value]
    return value
