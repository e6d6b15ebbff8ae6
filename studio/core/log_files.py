"""The log folder: a rotating log file and crash reports, with every API key the process knows removed.

Keys reach the process through the key store, the environment or an option; each is remembered here
(`remember_secret`) the moment it is read, so a log line or a crash report written later cannot carry
it. Tokens that look like credentials (`Bearer …`, `sk-…`) are masked as well, in case one arrives from
somewhere the key store never saw (a pasted URL, a server's echo).
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import platform
import re
import sys
import threading
import time
import traceback
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType

from ..api.errors import SECRET_MIN_CHARS, redact

LOG_FILE = "studio.log"
LOG_BYTES = 1_000_000
"""One log file's size before it rotates; five older files are kept, so the folder stays under 6 MB."""
LOG_BACKUPS = 5
CRASH_PREFIX = "crash-"
CRASH_REPORTS_KEPT = 20
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_CREDENTIAL = re.compile(
    r"(?i)(bearer\s+|api[-_]?key[\"']?\s*[:=]\s*[\"']?|mj-api-secret[\"']?\s*[:=]\s*[\"']?)[^\s\"',;}]{6,}"
    r"|\bsk-[A-Za-z0-9_\-]{12,}"
)


class Secrets:
    """The secrets this process has seen; `redact` removes every one of them from a text."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._known: set[str] = set()

    def add(self, secret: str | None) -> None:
        if secret and len(secret) >= SECRET_MIN_CHARS:
            with self._lock:
                self._known.add(secret)

    def redact(self, text: str) -> str:
        with self._lock:
            known = sorted(self._known, key=len, reverse=True)  # a key that contains another goes first
        for secret in known:
            text = redact(text, secret)
        return _CREDENTIAL.sub(lambda m: (m.group(1) or "") + "***", text)


SECRETS = Secrets()


def remember_secret(secret: str | None) -> None:
    """Never let `secret` reach the log folder (called wherever a key is read or set)."""
    SECRETS.add(secret)


class RedactSecrets(logging.Filter):
    """Removes known keys from a record's message, arguments, traceback and stack before any handler
    writes it. The message is formatted here once, so a key passed as a %-argument is caught too."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep the raw parts, readable
            message = f"{record.msg} {record.args!r}"
        record.msg = SECRETS.redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = SECRETS.redact(record.exc_text)
            record.exc_info = None  # the redacted text stands in for it; no handler formats the original
        if record.stack_info:
            record.stack_info = SECRETS.redact(record.stack_info)
        return True


_file_handler: logging.Handler | None = None


def install_log_file(folder: Path, level: int = logging.INFO) -> Path:
    """Send the root logger (and so every `studio.*` logger) to a rotating file in `folder`, redacted;
    the handlers already there (stderr) get the same filter. Returns the log file's path."""
    global _file_handler
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_FILE
    root = logging.getLogger()
    for existing in root.handlers:  # stderr keeps the level it had; only the file gets the detail
        if existing is not _file_handler and existing.level == logging.NOTSET:
            existing.setLevel(root.level or logging.WARNING)
    if _file_handler is not None:
        root.removeHandler(_file_handler)
        _file_handler.close()
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.setLevel(level)
    root.addHandler(handler)
    for existing in root.handlers:
        if not any(isinstance(f, RedactSecrets) for f in existing.filters):
            existing.addFilter(RedactSecrets())
    if root.level > level or root.level == logging.NOTSET:
        root.setLevel(level)
    _file_handler = handler
    return path


def uninstall_log_file() -> None:
    """Close the log file (on quit, and after a test)."""
    global _file_handler
    if _file_handler is not None:
        logging.getLogger().removeHandler(_file_handler)
        _file_handler.close()
        _file_handler = None


def crash_report_text(
    kind: type[BaseException] | None,
    error: BaseException | None,
    trace: TracebackType | None,
    *,
    version: str,
    versions: Iterable[tuple[str, str]] = (),
    note: str = "",
) -> str:
    lines = [
        f"UniAPI Studio {version} crash report",
        f"time: {time.strftime('%Y-%m-%d %H:%M:%S %z')}",
        f"python: {sys.version.split()[0]} ({platform.python_implementation()})",
        f"system: {platform.platform()}",
    ]
    lines += [f"{name}: {value}" for name, value in versions]
    if note:
        lines += ["", note]
    if kind is not None:
        lines += ["", "".join(traceback.format_exception(kind, error, trace)).rstrip()]
    return SECRETS.redact("\n".join(lines)) + "\n"


def write_crash_report(folder: Path, text: str) -> Path:
    """Write a report (already redacted by `crash_report_text`, redacted again to be sure) beside the log;
    the oldest reports beyond CRASH_REPORTS_KEPT are removed."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = folder / f"{CRASH_PREFIX}{stamp}-{os.getpid()}.txt"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"{CRASH_PREFIX}{stamp}-{os.getpid()}-{n}.txt"
    temp = path.with_suffix(".tmp")
    temp.write_text(SECRETS.redact(text), encoding="utf-8")
    os.replace(temp, path)
    reports = sorted(folder.glob(f"{CRASH_PREFIX}*.txt"), key=lambda p: p.stat().st_mtime)
    for old in reports[:-CRASH_REPORTS_KEPT]:
        old.unlink(missing_ok=True)
    return path
