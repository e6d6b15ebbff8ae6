"""What `studio-cli` writes to a terminal: never a control sequence a server sent, never the API key.

Server text (a task's failure reason, a chat reply) may carry escape codes that move the cursor, rewrite
the window title or worse; everything printed goes through `SafeStream`, which drops control characters
(keeping newlines and tabs) and removes the key, even one split across two writes. `--raw` keeps the
bytes as they came, but only where the stream is not a terminal (a pipe or a file).
"""

from __future__ import annotations

import re
from typing import TextIO

from ..api.errors import SECRET_MIN_CHARS, redact

CONTROL = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI sequences: colours, cursor moves, screen clears
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC sequences: window titles, hyperlinks, clipboard
    r"|\x1b[@-_]?"  # any other escape
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"  # the other C0 and C1 controls (\n and \t stay)
    r"|[\u202a-\u202e\u2066-\u2069]"  # bidirectional overrides, which make text read differently
)


def printable(text: str) -> str:
    """`text` without control characters and escape sequences (newlines and tabs kept)."""
    return CONTROL.sub("", text)


class SafeStream:
    """A text stream wrapper that strips control characters and the key from everything written."""

    def __init__(self, stream: TextIO, secret: str | None, *, raw: bool = False) -> None:
        self.stream = stream
        self.secret = secret if secret and len(secret) >= SECRET_MIN_CHARS else None
        self.strip = not (raw and not _is_terminal(stream))
        self._held = ""
        """The end of the last write that could be the start of the key: kept until the next write."""

    def write(self, text: str) -> int:
        data = self._held + text
        self._held = ""
        if self.secret is not None:
            data = redact(data, self.secret)
            self._held = _key_start_at_end(data, self.secret)
            data = data[: len(data) - len(self._held)]
        self.stream.write(printable(data) if self.strip else data)
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def finish(self) -> None:
        """Write what was held back (the output ended: it was not the key after all)."""
        held, self._held = self._held, ""
        if held:
            self.stream.write(printable(held) if self.strip else held)
        self.stream.flush()

    def isatty(self) -> bool:
        return _is_terminal(self.stream)


def _key_start_at_end(text: str, secret: str) -> str:
    """The longest end of `text` that is a beginning of `secret` (shorter than it)."""
    for length in range(min(len(secret) - 1, len(text)), 0, -1):
        if secret.startswith(text[-length:]):
            return text[-length:]
    return ""


def _is_terminal(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
