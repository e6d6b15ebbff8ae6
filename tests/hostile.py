"""Tools for attacking the studio in tests: a small hostile HTTP server, read-only folders, PNG bombs."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import struct
import subprocess
import threading
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

Reply = tuple[int, dict[str, str], bytes]
Handler = Callable[[str, str, bytes], Reply]
"""(method, path, body) -> (status, headers, body)."""


@dataclass
class HostileServer:
    """A real HTTP server on a free port that answers every request with `handler`, counting what it got."""

    handler: Handler
    host: str = "127.0.0.1"
    requests: list[tuple[str, str]] = field(default_factory=list)

    def __enter__(self) -> HostileServer:
        owner = self

        class Answer(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                owner.requests.append((self.command, self.path))
                status, headers, payload = owner.handler(self.command, self.path, body)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = _answer

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer((self.host, 0), Answer)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self._server.server_address[1]}"


def json_reply(text: str, status: int = 200) -> Reply:
    return status, {"Content-Type": "application/json"}, text.encode()


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make `folder` unwritable for this process (root ignores modes, so root uses the immutable flag)."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        mode = folder.stat().st_mode
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(mode)
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(folder)], capture_output=True).returncode != 0:
        pytest.skip("running as root on a file system without the immutable flag: no way to make a folder read-only")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", str(folder)], check=True)


def make_read_only(folder: Path) -> Callable[[], None]:
    """Like `read_only`, for a moment chosen by the test: returns the function that undoes it."""
    manager = read_only(folder)
    manager.__enter__()
    return lambda: manager.__exit__(None, None, None)


def non_loopback_address() -> str | None:
    """An address of this machine other than loopback (a gateway 'elsewhere' for link checks), if it has one."""
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the outgoing interface
        address = probe.getsockname()[0]
        if not address.startswith("127."):
            return address
    return None


def png_bomb(width: int, height: int) -> bytes:
    """A valid black 1-bit PNG of width×height: a few hundred KB claiming width×height pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" * (1 + (width + 7) // 8)
    packer = zlib.compressobj(9)
    compressed = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", compressed) + chunk(b"IEND", b"")
