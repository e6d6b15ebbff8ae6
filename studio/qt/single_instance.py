"""One window per user and data folder: a second launch hands its files to the first over a local socket.

The first start listens on a QLocalServer whose name is made from the user and the data folder (two
users, or two `STUDIO_HOME`s, each get their own window). A later start connects, sends one JSON line
`{"files": [absolute paths]}`, waits for the window's `ok`, and exits 0. The socket is readable only by
its user; what arrives is treated as untrusted (size capped, only strings kept, control characters gone).
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
import re
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

HANDOFF_TIMEOUT_MS = 3000
MAX_MESSAGE_BYTES = 256 * 1024
MAX_FILES = 200
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def server_name(data_dir: Path) -> str:
    """The socket's name: the same for every start by this user on this data folder, short enough for
    a Unix socket path."""
    try:
        user = getpass.getuser()
    except Exception:  # no login name (a container without /etc/passwd entry)
        user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    folder = str(data_dir.expanduser().resolve())
    digest = hashlib.sha256(f"{user}\0{folder}".encode()).hexdigest()[:20]
    return f"uniapi-studio-{digest}"


def hand_over(name: str, files: Sequence[Path], timeout_ms: int = HANDOFF_TIMEOUT_MS) -> bool:
    """Give `files` to the window already running under `name`; True if it took them (this launch then
    exits), False if no window answers (this launch becomes the window). Runs before any window exists."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(min(timeout_ms, 1000)):
        return False
    paths = [str(Path(path).expanduser().absolute()) for path in files][:MAX_FILES]
    socket.write(json.dumps({"files": paths}).encode("utf-8") + b"\n")
    socket.flush()
    deadline = time.monotonic() + timeout_ms / 1000
    reply = b""
    while b"\n" not in reply and time.monotonic() < deadline:
        if socket.bytesAvailable() or socket.waitForReadyRead(100):
            reply += bytes(socket.readAll().data())
        elif socket.state() != QLocalSocket.LocalSocketState.ConnectedState:
            break
    socket.disconnectFromServer()
    taken = reply.strip() == b"ok"
    if not taken:
        log.warning("the running window did not answer; starting a second one")
    return taken


def parse_handoff(data: bytes) -> list[Path]:
    """The files in a hand-off message; anything malformed gives no files (the window is still raised)."""
    try:
        message = json.loads(data.decode("utf-8", errors="replace"))
    except ValueError:
        return []
    files = message.get("files") if isinstance(message, dict) else None
    if not isinstance(files, list):
        return []
    paths = []
    for item in files[:MAX_FILES]:
        if isinstance(item, str) and item and len(item) < 4096:
            paths.append(Path(_CONTROL.sub("", item)))
    return paths


class InstanceServer(QObject):
    """Listens for later launches; `activated` carries the files each one passed (maybe none)."""

    activated = Signal(list)  # list[Path]

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._connected)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self) -> bool:
        """Start listening; a socket file left by a crashed start is removed first. False (and a log line)
        if the name cannot be taken: the app still runs, only without the hand-off."""
        if self.server.listen(self.name):
            return True
        QLocalServer.removeServer(self.name)  # hand_over found nobody answering, so this one is stale
        if self.server.listen(self.name):
            return True
        log.warning("single instance: cannot listen on %s: %s", self.name, self.server.errorString())
        return False

    def close(self) -> None:
        self.server.close()
        for socket in list(self._buffers):
            socket.abort()
        self._buffers.clear()

    def _connected(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda socket=socket: self._read(socket))
            socket.disconnected.connect(lambda socket=socket: self._forget(socket))

    def _forget(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()

    def _read(self, socket: QLocalSocket) -> None:
        if socket not in self._buffers:
            return
        data = self._buffers[socket] + bytes(socket.readAll().data())
        if len(data) > MAX_MESSAGE_BYTES:
            log.warning("single instance: a hand-off message over %d bytes was refused", MAX_MESSAGE_BYTES)
            self._buffers.pop(socket, None)
            socket.abort()
            return
        self._buffers[socket] = data
        if b"\n" not in data:
            return
        line = data.split(b"\n", 1)[0]
        self._buffers.pop(socket, None)
        socket.write(b"ok\n")
        socket.flush()
        socket.disconnectFromServer()
        self.activated.emit(parse_handoff(line))
