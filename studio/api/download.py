"""Result files streamed to disk: a temp file in the caller's folder, hashed as it arrives.

Every link a server sends is hostile until checked: only http(s), only the gateway's host, public
hosts, or loopback when the gateway itself is on loopback; each redirect hop is checked again. A
`data:` link is decoded here, within the same size cap. A download larger than its kind's cap, or
whose first bytes are not the kind expected, is abandoned at once.

The caller (the library) decides what the bytes are and renames the temp file into place; on any
failure the temp file is removed here, so a cut or expired download leaves nothing behind. While a
download runs its temp file is locked, so a cleaner in another process can tell it from one a killed
process left behind. A cut or a timeout is retried from the start like any GET; an expired link
(403/404) or a refused one is not.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import hashlib
import ipaddress
import os
import socket
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING
from urllib.parse import unquote_to_bytes

from .errors import (
    RedirectLoopError,
    RefusedLinkError,
    ResultTooLargeError,
    StreamCutError,
    UnexpectedMediaError,
    error_from_transport,
)
from .media_types import SNIFF_BYTES, MediaKind, describe, is_kind, sniff
from .sentences import QT_TRANSLATE_NOOP, Sentence

if TYPE_CHECKING:  # the library imports this module's names; httpx loads on the first download
    import httpx

    from .client import UniApiClient

try:
    import fcntl
except ImportError:  # Windows: an open file cannot be deleted there, which protects a running download
    fcntl = None  # type: ignore[assignment]

DownloadProgress = Callable[[int, int | None], None]
"""Called with (bytes received, total bytes or None when the server did not say)."""

CHUNK_SIZE = 256 * 1024
WRITE_BATCH = 1024 * 1024
TEMP_PREFIX = ".download-"
TEMP_SUFFIX = ".part"
MAX_LINK_CHARS = 8192
MAX_REDIRECTS = 5
MIB = 1024 * 1024


@dataclass(frozen=True)
class DownloadLimits:
    """The largest result file of each kind the studio accepts (settings.json `download_limits_mb`)."""

    image: int = 50 * MIB
    audio: int = 200 * MIB
    video: int = 2048 * MIB
    text: int = 5 * MIB

    def for_kind(self, kind: MediaKind | None) -> int:
        return {"image": self.image, "audio": self.audio, "video": self.video, "text": self.text}.get(
            kind or "video", self.video
        )

    @classmethod
    def from_megabytes(cls, values: dict[str, float]) -> DownloadLimits:
        default = cls()
        return cls(**{kind: int(values.get(kind, getattr(default, kind) / MIB) * MIB) for kind in _KINDS})


_KINDS = ("image", "audio", "video", "text")


@dataclass(frozen=True)
class DownloadedFile:
    path: Path
    """The temp file holding the bytes; the caller renames or deletes it."""
    size: int
    sha256: str
    head: bytes
    """The first bytes, for sniffing the type."""
    content_type: str
    url: str


# --- which links may be fetched --------------------------------------------------------------------


def link_problem(url: str, gateway: str) -> Sentence | None:
    """Why a link a server sent must not be fetched, in a few words, or None.

    http(s) only (or a path on the gateway itself), no credentials, no control characters, and an
    address literal must be public (loopback only when the `gateway` base URL is itself on loopback).
    Host names are checked after resolving them (`destination_problem`).
    """
    import httpx

    if url.startswith("data:"):
        return None if "," in url else Sentence(QT_TRANSLATE_NOOP(
            "ApiMessages",
            "it is a data: link without data",
        ))  # decoded here, within the size cap
    if not url or len(url) > MAX_LINK_CHARS:
        return Sentence(QT_TRANSLATE_NOOP("ApiMessages", "it is empty or far too long"))
    if any(char.isspace() or ord(char) < 32 or ord(char) == 127 for char in url):
        return Sentence(QT_TRANSLATE_NOOP("ApiMessages", "it contains spaces or control characters"))
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        return Sentence(QT_TRANSLATE_NOOP("ApiMessages", "it is not a valid address"))
    if not parsed.scheme:
        return None if url.startswith("/") and not url.startswith("//") else Sentence(QT_TRANSLATE_NOOP(
            "ApiMessages",
            "it is not an absolute address",
        ))
    if parsed.scheme not in ("http", "https"):
        return Sentence.of(QT_TRANSLATE_NOOP(
            "ApiMessages",
            "it is a {scheme}: link, not http or https",
        ), scheme=parsed.scheme)
    if not parsed.host:
        return Sentence(QT_TRANSLATE_NOOP("ApiMessages", "it names no host"))
    if parsed.userinfo:
        return Sentence(QT_TRANSLATE_NOOP("ApiMessages", "it carries a user name or password"))
    if _same_host(parsed.host, gateway):
        return None
    address = _address(parsed.host)
    return _address_problem(address, gateway) if address is not None else None


async def destination_problem(url: str, gateway: str) -> Sentence | None:
    """`link_problem`, plus where a host name really leads: every address it resolves to must pass."""
    import httpx

    problem = link_problem(url, gateway)
    if problem is not None or url.startswith("/"):
        return problem
    host = httpx.URL(url).host
    if _same_host(host, gateway) or _address(host) is not None:
        return None
    try:
        found = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except OSError:
        return None  # unresolvable here (or only through the proxy): the fetch itself will say so
    for *_, sockaddr in found:
        address = _address(str(sockaddr[0]))
        if address is not None and (problem := _address_problem(address, gateway)) is not None:
            return Sentence.of(
                    QT_TRANSLATE_NOOP("ApiMessages", "{host} leads to {address}: {problem}"),
                    host=host,
                    address=address,
                    problem=problem,
                )
    return None


def _same_host(host: str, gateway: str) -> bool:
    import httpx

    return host.lower() == httpx.URL(gateway).host.lower()


def _address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _address_problem(address: ipaddress.IPv4Address | ipaddress.IPv6Address, gateway: str) -> Sentence | None:
    if address.is_loopback:
        return None if _on_loopback(gateway) else Sentence(QT_TRANSLATE_NOOP(
            "ApiMessages",
            "it points at this computer, and the gateway is elsewhere",
        ))
    if address.is_link_local:
        return Sentence(QT_TRANSLATE_NOOP(
            "ApiMessages",
            "it points at a link-local address, where cloud metadata services live",
        ))
    if address.is_unspecified or address.is_multicast:
        return Sentence(QT_TRANSLATE_NOOP("ApiMessages", "it points at no real host"))
    if not address.is_global:
        return Sentence(QT_TRANSLATE_NOOP("ApiMessages", "it points into a private network"))
    return None


def _on_loopback(gateway: str) -> bool:
    import httpx

    host = httpx.URL(gateway).host.lower()
    address = _address(host)
    return host == "localhost" or (address is not None and address.is_loopback)


# --- partial files ---------------------------------------------------------------------------------


NEW_SUFFIX = ".new"
"""A partial file's name while it is being made: the clean-up of abandoned partials does not look at it."""


_kept: dict[Path, int] = {}
"""Partials whose lock outlives their writer's file: a duplicate of the locked descriptor, kept until the
file is in place or gone. Closing the writer would otherwise unlock it while it is still being checked and
moved, and another process's clean-up of abandoned partials could delete it in that moment."""
_kept_lock = threading.Lock()


def new_partial(directory: Path, *, hold: bool = False) -> tuple[IO[bytes], Path]:
    """A new temp file in `directory`, open for writing and locked while this process holds it; with
    `hold`, locked until `release_partial` (past the writer's close), not only while the writer is open.

    It is made and locked under a name the clean-up of abandoned partials ignores, then renamed (the lock
    stays with the open file): made under its final name, a clean-up running at that moment could lock or
    delete it before this process had locked it."""
    handle, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX + NEW_SUFFIX, dir=directory)
    try:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        final = name[: -len(NEW_SUFFIX)]
        os.rename(name, final)
        if hold:
            with _kept_lock:
                _kept[Path(final)] = os.dup(handle)  # shares the open file, so it shares the lock
    except BaseException:
        os.close(handle)
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    return os.fdopen(handle, "wb"), Path(final)


def release_partial(path: Path) -> None:
    """Let go of a held partial's lock (it has been moved into place, or deleted); safe to repeat."""
    with _kept_lock:
        kept = _kept.pop(Path(path), None)
    if kept is not None:
        os.close(kept)


def remove_if_abandoned(path: Path) -> bool:
    """Delete a partial file no running process holds (its writer was killed); True if it was deleted."""
    try:
        with open(path, "rb") as probe:
            if fcntl is not None:
                try:
                    fcntl.flock(probe.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    return False  # a download in another process is writing it right now
            path.unlink()
    except OSError:
        return False
    return True


# --- downloading -----------------------------------------------------------------------------------


async def download_to_temp(
    client: UniApiClient,
    url: str,
    directory: Path,
    *,
    progress: DownloadProgress | None = None,
    chunk_size: int = CHUNK_SIZE,
    max_bytes: int | None = None,
    expect: MediaKind | None = None,
) -> DownloadedFile:
    """Stream `url` into a new temp file in `directory`; retried (from the start) like a GET.

    The link (and every redirect) is checked before anything is fetched; a file growing past
    `max_bytes`, or starting unlike an `expect` file, is abandoned.
    """
    problem = link_problem(url, client.config.base_url)
    if problem is not None:
        raise _refused(url, problem)
    directory.mkdir(parents=True, exist_ok=True)
    if url.startswith("data:"):
        return await asyncio.to_thread(_decode_data_link, url, directory, max_bytes, expect)

    async def attempt() -> DownloadedFile:
        return await _download_once(client, url, directory, progress, chunk_size, max_bytes, expect)

    result: DownloadedFile = await client.with_retries(attempt, paid=False)
    return result


async def _download_once(
    client: UniApiClient,
    url: str,
    directory: Path,
    progress: DownloadProgress | None,
    chunk_size: int,
    max_bytes: int | None,
    expect: MediaKind | None,
) -> DownloadedFile:
    import httpx

    gateway = client.config.base_url
    sink, path = new_partial(directory, hold=True)
    try:
        with sink:
            current = url
            for _hop in range(MAX_REDIRECTS + 1):
                problem = await destination_problem(current, gateway)
                if problem is not None:
                    raise _refused(current, problem, redirected=current != url)
                async with client.open_download(current) as response:
                    if response.is_redirect:
                        current = str(response.url.join(response.headers["location"]))
                        continue
                    try:
                        size, sha256, head = await _stream_body(
                            response, sink, client, progress, chunk_size, max_bytes, expect
                        )
                    except httpx.TransportError as exc:
                        file_server = None if client.is_gateway_url(current) else response.url.host
                        raise error_from_transport(exc, request_sent=True, file_server=file_server) from exc
                    content_type = response.headers.get("content-type", "")
                    return DownloadedFile(path, size, sha256, head, content_type, url)
            raise RedirectLoopError(
                Sentence.of(
                    QT_TRANSLATE_NOOP(
                        "ApiMessages",
                        "The file server kept redirecting the download (more than {count} times), so it was abandoned.",
                    ),
                    count=MAX_REDIRECTS,
                ),
                details=_without_query(url),
            )
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        release_partial(path)
        raise


async def _stream_body(
    response: httpx.Response,
    sink: IO[bytes],
    client: UniApiClient,
    progress: DownloadProgress | None,
    chunk_size: int,
    max_bytes: int | None,
    expect: MediaKind | None,
) -> tuple[int, str, bytes]:
    from .client import guarded_chunks

    url = str(response.url)
    declared = response.headers.get("content-length")
    total = int(declared) if declared and declared.isdigit() else None
    if max_bytes is not None and total is not None and total > max_bytes:
        raise _too_large(url, total, max_bytes, expect)
    hasher = hashlib.sha256()
    head = b""
    size = 0
    pending: list[bytes] = []
    pending_bytes = 0

    def write_and_hash(pieces: list[bytes]) -> None:
        for piece in pieces:  # hashlib releases the GIL on large pieces: hashing uses the worker's core
            hasher.update(piece)
            sink.write(piece)

    if progress is not None:
        progress(0, total)
    async for chunk in guarded_chunks(response, client.config.stall_timeout):
        if len(head) < SNIFF_BYTES:
            head = (head + chunk)[:SNIFF_BYTES]
            if len(head) >= SNIFF_BYTES:
                _check_kind(head, expect, url)
        size += len(chunk)
        if max_bytes is not None and size > max_bytes:
            raise _too_large(url, size, max_bytes, expect)
        # Hashing and writing happen in a worker thread, a batch at a time (one thread hop per
        # WRITE_BATCH bytes rather than per network read): the event loop only moves bytes.
        pending.append(chunk)
        pending_bytes += len(chunk)
        if pending_bytes >= WRITE_BATCH:
            batch, pending, pending_bytes = pending, [], 0
            await asyncio.to_thread(write_and_hash, batch)
        if progress is not None:
            progress(size, total)
    if pending:
        await asyncio.to_thread(write_and_hash, pending)
    if total is not None and size != total:
        raise StreamCutError(details=f"received {size} of {total} bytes")
    _check_kind(head, expect, url)
    return size, hasher.hexdigest(), head


def _decode_data_link(url: str, directory: Path, max_bytes: int | None, expect: MediaKind | None) -> DownloadedFile:
    """A `data:` link's bytes in a temp file, checked like a download (the size first, before decoding)."""
    meta, comma, payload = url[len("data:") :].partition(",")
    if not comma:
        raise _refused(url, Sentence(QT_TRANSLATE_NOOP("ApiMessages", "it is a data: link without data")))
    encoded = meta.lower().endswith(";base64")
    expected_size = len(payload) * 3 // 4 if encoded else len(payload)
    if max_bytes is not None and expected_size > max_bytes:
        raise _too_large("data: link", expected_size, max_bytes, expect)
    try:
        data = base64.b64decode(payload, validate=False) if encoded else unquote_to_bytes(payload)
    except (binascii.Error, ValueError) as exc:
        raise UnexpectedMediaError(
            QT_TRANSLATE_NOOP(
                "ApiMessages",
                "The service sent a data: link that cannot be decoded; nothing was saved.",
            ),
            details=meta[:100],
        ) from exc
    _check_kind(data[:SNIFF_BYTES], expect, "data: link")
    sink, path = new_partial(directory, hold=True)
    with sink:
        sink.write(data)
    return DownloadedFile(path, len(data), hashlib.sha256(data).hexdigest(), data[:SNIFF_BYTES], meta, "data:")


def _check_kind(head: bytes, expect: MediaKind | None, url: str) -> None:
    if expect is None or expect == "text" or not head:
        return
    if not is_kind(sniff(head), expect):
        raise UnexpectedMediaError(
            Sentence.of(
                _WRONG_KIND.get(expect, _WRONG_KIND["video"]),
                found=describe(head),
            ),
            details=f"{_without_query(url)}: starts {head[:32]!r}",
        )


_WRONG_KIND = {
    "image": QT_TRANSLATE_NOOP(
        "ApiMessages",
        "The image download is {found}, not an image; it was abandoned at its first bytes.",
    ),
    "audio": QT_TRANSLATE_NOOP(
        "ApiMessages",
        "The audio download is {found}, not audio; it was abandoned at its first bytes.",
    ),
    "video": QT_TRANSLATE_NOOP(
        "ApiMessages",
        "The video download is {found}, not a video; it was abandoned at its first bytes.",
    ),
}


def _refused(url: str, problem: Sentence, *, redirected: bool = False) -> RefusedLinkError:
    template = (
        QT_TRANSLATE_NOOP(
            "ApiMessages",
            "The result link redirected to an address the studio will not open: {problem}.",
        )
        if redirected
        else QT_TRANSLATE_NOOP("ApiMessages", "The service sent a result link the studio will not open: {problem}.")
    )
    return RefusedLinkError(Sentence.of(template, problem=problem), details=_without_query(url)[:500])


_TOO_LARGE = {
    "image": QT_TRANSLATE_NOOP(
        "ApiMessages",
        "The image file is larger than the {mb} MB the studio accepts for it; it was not saved.",
    ),
    "audio": QT_TRANSLATE_NOOP(
        "ApiMessages",
        "The audio file is larger than the {mb} MB the studio accepts for it; it was not saved.",
    ),
    "video": QT_TRANSLATE_NOOP(
        "ApiMessages",
        "The video file is larger than the {mb} MB the studio accepts for it; it was not saved.",
    ),
    "text": QT_TRANSLATE_NOOP(
        "ApiMessages",
        "The text file is larger than the {mb} MB the studio accepts for it; it was not saved.",
    ),
    None: QT_TRANSLATE_NOOP(
        "ApiMessages",
        "The result file is larger than the {mb} MB the studio accepts for it; it was not saved.",
    ),
}


def _too_large(url: str, size: int, max_bytes: int, expect: MediaKind | None) -> ResultTooLargeError:
    return ResultTooLargeError(
        Sentence.of(_TOO_LARGE.get(expect, _TOO_LARGE[None]), mb=f"{max_bytes / MIB:.0f}"),
        details=f"{_without_query(url)}: {size} bytes or more",
    )


def _without_query(url: str) -> str:
    return url.split("?", 1)[0]
