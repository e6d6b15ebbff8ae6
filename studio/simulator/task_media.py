"""The files of one simulated task: made on the first poll that needs them, then only looked up."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from PIL import Image

from studio.simulator.artwork import data_uri_bytes, decode_image
from studio.simulator.media import MediaStore

T = TypeVar("T")

log = logging.getLogger(__name__)
_ahead: queue.SimpleQueue[Callable[[], object]] = queue.SimpleQueue()
_workers: list[threading.Thread] = []
_worker_lock = threading.Lock()
AHEAD_WORKERS = 2  # PyAV and Pillow release the GIL while encoding: two keep up with a burst of tasks


def _work_ahead() -> None:
    while True:
        make = _ahead.get()
        try:
            make()
        except Exception:  # a file that cannot be made ahead is made (and fails) when a poll needs it
            log.exception("Making a task file ahead failed")


def _make_ahead(make: Callable[[], object]) -> None:
    """Run `make` on a background worker, in order (daemons: they never hold up the process exiting)."""
    with _worker_lock:
        while len(_workers) < AHEAD_WORKERS:
            worker = threading.Thread(target=_work_ahead, name=f"sim-task-media-{len(_workers)}", daemon=True)
            worker.start()
            _workers.append(worker)
    _ahead.put(make)


@dataclass(frozen=True)
class MediaFile:
    data: bytes
    content_type: str
    filename: str


class TaskMedia:
    """Per-task cache of generated objects and their media URLs; safe when two polls race."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._made: dict[str, Any] = {}
        self._urls: dict[str, str] = {}
        self._ahead: set[str] = set()
        self._making: dict[str, threading.Lock] = {}

    def memo(self, key: str, make: Callable[[], T]) -> T:
        """The object stored under `key`, made once (pictures that later files are cut from).

        Made under a lock of its own key: a poll that needs other files of the task is not held up."""
        with self._lock:
            if key in self._made:
                made: T = self._made[key]
                return made
            making = self._making.setdefault(key, threading.Lock())
        with making:
            with self._lock:
                if key in self._made:
                    made = self._made[key]
                    return made
            value = make()
            with self._lock:
                self._made[key] = value
                self._making.pop(key, None)
            return value

    def made(self, key: str) -> bool:
        """Whether the object under `key` exists (made ahead, or by a poll)."""
        with self._lock:
            return key in self._made

    def prepare(self, key: str, make: Callable[[], T]) -> None:
        """Start making `key` in the background, so it is ready when a later `memo(key, ...)` asks."""
        with self._lock:
            if key in self._made or key in self._ahead:
                return
            self._ahead.add(key)
        _make_ahead(lambda: self.memo(key, make))

    def url(self, store: MediaStore, key: str, make: Callable[[], MediaFile]) -> str:
        """The media URL of the file stored under `key`; its TTL starts when it is first made."""
        with self._lock:
            if key in self._urls:
                return self._urls[key]
        file = make()  # outside the lock: a background worker making this file takes it to store the result
        with self._lock:
            if key not in self._urls:  # two polls raced: the first to get here hands out its URL
                self._urls[key] = store.put(file.data, file.content_type, file.filename)
            return self._urls[key]

    def lazy_url(self, store: MediaStore, key: str, content_type: str, filename: str, make: Callable[[], bytes]) -> str:
        """Like `url`, but the bytes are made only when the URL is first fetched (TTL still starts now)."""
        with self._lock:
            if key not in self._urls:
                self._urls[key] = store.put_lazy(make, content_type, filename)
            return self._urls[key]


def input_image(reference: str, store: MediaStore) -> Image.Image | None:
    """A picture sent as a data URI or as one of the simulator's own media URLs; None otherwise."""
    data = data_uri_bytes(reference)
    if data is None:
        stored = store.find_by_url(reference)
        data = stored.data if stored is not None else None
    return decode_image(data) if data is not None else None
