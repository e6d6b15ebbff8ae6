"""Result files streamed to disk: a temp file in the caller's folder, hashed as it arrives.

The caller (the library) decides what the bytes are and renames the temp file into place; on any
failure the temp file is removed here, so a cut or expired download leaves nothing behind. A cut or a
timeout is retried from the start like any GET; an expired link (403/404) is not.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import StreamCutError, UnexpectedMediaError, error_from_transport
from .media_types import SNIFF_BYTES

if TYPE_CHECKING:  # the library imports this module's names; httpx loads on the first download
    from .client import UniApiClient

DownloadProgress = Callable[[int, int | None], None]
"""Called with (bytes received, total bytes or None when the server did not say)."""

CHUNK_SIZE = 256 * 1024
TEMP_PREFIX = ".download-"
TEMP_SUFFIX = ".part"
MAX_LINK_CHARS = 8192


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


def link_problem(url: str) -> str | None:
    """Why a link a server sent must not be fetched, in a few words, or None: http(s) to a named host only
    (or a path on the gateway itself), no credentials, no spaces or control characters."""
    import httpx

    if not url or len(url) > MAX_LINK_CHARS:
        return "it is empty or far too long"
    if any(char.isspace() or ord(char) < 32 or ord(char) == 127 for char in url):
        return "it contains spaces or control characters"
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        return "it is not a valid address"
    if not parsed.scheme:
        return None if url.startswith("/") and not url.startswith("//") else "it is not an absolute address"
    if parsed.scheme not in ("http", "https"):
        return f"it is a {parsed.scheme} link, not http or https"
    if not parsed.host:
        return "it names no host"
    if parsed.userinfo:
        return "it carries a user name or password"
    return None


async def download_to_temp(
    client: UniApiClient,
    url: str,
    directory: Path,
    *,
    progress: DownloadProgress | None = None,
    chunk_size: int = CHUNK_SIZE,
    max_bytes: int | None = None,
) -> DownloadedFile:
    """Stream `url` into a new temp file in `directory`; retried (from the start) like a GET.

    The link is checked before anything is fetched; a file growing past `max_bytes` is abandoned.
    """
    problem = link_problem(url)
    if problem is not None:
        raise UnexpectedMediaError(
            f"The service sent a result link the studio will not open: {problem}.", details=url[:500]
        )
    directory.mkdir(parents=True, exist_ok=True)

    async def attempt() -> DownloadedFile:
        return await _download_once(client, url, directory, progress, chunk_size, max_bytes)

    result: DownloadedFile = await client.with_retries(attempt, paid=False)
    return result


async def _download_once(
    client: UniApiClient,
    url: str,
    directory: Path,
    progress: DownloadProgress | None,
    chunk_size: int,
    max_bytes: int | None,
) -> DownloadedFile:
    import httpx

    handle, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=directory)
    path = Path(name)
    try:
        with os.fdopen(handle, "wb") as sink:
            async with client.open_download(url) as response:
                declared = response.headers.get("content-length")
                total = int(declared) if declared and declared.isdigit() else None
                if max_bytes is not None and total is not None and total > max_bytes:
                    raise _too_large(url, total, max_bytes)
                hasher = hashlib.sha256()
                head = b""
                size = 0
                if progress is not None:
                    progress(0, total)
                try:
                    async for chunk in response.aiter_bytes(chunk_size):
                        hasher.update(chunk)
                        if len(head) < SNIFF_BYTES:
                            head = (head + chunk)[:SNIFF_BYTES]
                        await asyncio.to_thread(sink.write, chunk)
                        size += len(chunk)
                        if max_bytes is not None and size > max_bytes:
                            raise _too_large(url, size, max_bytes)
                        if progress is not None:
                            progress(size, total)
                except httpx.TransportError as exc:
                    raise error_from_transport(exc, request_sent=True) from exc
                content_type = response.headers.get("content-type", "")
        if total is not None and size != total:
            raise StreamCutError(details=f"received {size} of {total} bytes")
        return DownloadedFile(path, size, hasher.hexdigest(), head, content_type, url)
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise


def _too_large(url: str, size: int, max_bytes: int) -> UnexpectedMediaError:
    return UnexpectedMediaError(
        f"The result file is larger than {max_bytes / 1_048_576:.0f} MB, more than expected; it was not saved.",
        details=f"{url.split('?', 1)[0]}: {size} bytes or more",
    )
