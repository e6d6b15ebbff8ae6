"""The files of one simulated task: made on the first poll that needs them, then only looked up."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from PIL import Image

from studio.simulator.artwork import data_uri_bytes, decode_image
from studio.simulator.media import MediaStore

T = TypeVar("T")


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

    def memo(self, key: str, make: Callable[[], T]) -> T:
        """The object stored under `key`, made once (pictures that later files are cut from)."""
        with self._lock:
            if key not in self._made:
                self._made[key] = make()
            made: T = self._made[key]
            return made

    def url(self, store: MediaStore, key: str, make: Callable[[], MediaFile]) -> str:
        """The media URL of the file stored under `key`; its TTL starts when it is first made."""
        with self._lock:
            if key not in self._urls:
                file = make()
                self._urls[key] = store.put(file.data, file.content_type, file.filename)
            return self._urls[key]


def input_image(reference: str, store: MediaStore) -> Image.Image | None:
    """A picture sent as a data URI or as one of the simulator's own media URLs; None otherwise."""
    data = data_uri_bytes(reference)
    if data is None:
        stored = store.find_by_url(reference)
        data = stored.data if stored is not None else None
    return decode_image(data) if data is not None else None
