"""Multipart bodies streamed from disk in chunks, with an exact Content-Length and progress.

The file is never held in memory whole: each chunk is read (off the event loop) as httpx asks for
it, and `progress(sent, total)` is called after each chunk leaves. The body can be iterated again,
so a submit that provably never reached the gateway can be sent a second time.
"""

from __future__ import annotations

import asyncio
import base64
import mimetypes
import os
import secrets
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ProgressCallback = Callable[[int, int], None]

CHUNK_SIZE = 256 * 1024


@dataclass(frozen=True)
class FilePart:
    field: str
    path: Path
    filename: str | None = None
    content_type: str | None = None

    def header(self, boundary: str) -> bytes:
        name = header_safe(self.filename or self.path.name)
        ctype = header_safe(self.content_type or mimetypes.guess_type(name)[0] or "application/octet-stream")
        return (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{header_safe(self.field)}"; filename="{name}"\r\n'
            f"Content-Type: {ctype}\r\n\r\n"
        ).encode()


def header_safe(text: str) -> str:
    """A name for a part header, escaped as browsers do: a quote or line break cannot end the header early."""
    return text.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")


def _field_bytes(boundary: str, name: str, value: str) -> bytes:
    return (f'--{boundary}\r\nContent-Disposition: form-data; name="{header_safe(name)}"\r\n\r\n{value}\r\n').encode()


class MultipartUpload:
    """An async-iterable multipart/form-data body; fields first, then files, in the given order."""

    def __init__(
        self,
        fields: Sequence[tuple[str, str]],
        files: Sequence[FilePart],
        progress: ProgressCallback | None = None,
        chunk_size: int = CHUNK_SIZE,
    ) -> None:
        self.boundary = "studio-" + secrets.token_hex(12)
        self.fields = dict(fields)
        """The form fields by name (the usage ledger reads the model from here)."""
        self.files = list(files)
        self.progress = progress
        self.chunk_size = chunk_size
        self._head = b"".join(_field_bytes(self.boundary, k, v) for k, v in fields)
        self._tail = f"--{self.boundary}--\r\n".encode()
        self._sizes = [os.path.getsize(part.path) for part in self.files]
        self.content_length = (
            len(self._head)
            + sum(
                len(part.header(self.boundary)) + size + 2
                for part, size in zip(self.files, self._sizes, strict=True)
            )
            + len(self._tail)
        )

    @property
    def headers(self) -> dict[str, str]:
        return {
            "Content-Type": f"multipart/form-data; boundary={self.boundary}",
            "Content-Length": str(self.content_length),
        }

    async def __aiter__(self) -> AsyncIterator[bytes]:
        sent = 0
        total = self.content_length

        def report(count: int) -> None:
            nonlocal sent
            sent += count
            if self.progress is not None:
                self.progress(sent, total)

        report(0)
        if self._head:
            yield self._head
            report(len(self._head))
        for part, size in zip(self.files, self._sizes, strict=True):
            header = part.header(self.boundary)
            yield header
            report(len(header))
            remaining = size
            with open(part.path, "rb") as handle:
                while remaining > 0:
                    chunk = await asyncio.to_thread(handle.read, min(self.chunk_size, remaining))
                    if not chunk:
                        raise OSError(f"{part.path.name} became shorter while it was being uploaded")
                    remaining -= len(chunk)
                    yield chunk
                    report(len(chunk))
            yield b"\r\n"
            report(2)
        yield self._tail
        report(len(self._tail))


async def data_uri(path: Path, *, max_bytes: int | None = None) -> str:
    """A file as a `data:<type>;base64,...` URI (the JSON families' way to send images).

    The type comes from the file's first bytes, not its name. Read off the event loop.
    """
    from .media_types import SNIFF_BYTES, sniff

    def read() -> bytes:
        return path.read_bytes()

    size = await asyncio.to_thread(os.path.getsize, path)
    if max_bytes is not None and size > max_bytes:
        raise ValueError(
            f"{path.name} is {size / 1_048_576:.1f} MB; the limit is {max_bytes / 1_048_576:.1f} MB."
        )
    data = await asyncio.to_thread(read)
    found = sniff(data[:SNIFF_BYTES])
    mime = (
        found.mime if found is not None else mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    )
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
