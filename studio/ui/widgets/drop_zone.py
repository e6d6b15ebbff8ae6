"""Files and images in, by drag-and-drop or paste, the same way everywhere.

    zone = DropZone(self, kinds={"audio", "video"})
    zone.filesDropped.connect(self.add_files)      # list[Path], only the usable ones
    zone.refused.connect(self.status.emit)         # one sentence naming what could not be used

A drag is accepted when it carries files from this computer or an image (so its drop can always
say what happened); at the drop, files of the wrong kind are named in one "not a file I can use"
sentence and the rest go on. The kind is judged by the file name here (cheap, on the UI thread); the
receiver checks the content before anything is sent. Scroll areas get the filter on their viewport
too, where Qt delivers their drag events.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QImage
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp", ".tif", ".tiff"}
AUDIO_SUFFIXES = {".mp3", ".wav", ".m4a", ".ogg", ".oga", ".opus", ".flac", ".aac", ".mpga", ".mpeg", ".weba"}
VIDEO_SUFFIXES = {".mp4", ".mov", ".webm", ".mkv", ".avi", ".m4v"}


def kind_of_path(path: Path) -> str:
    """image / audio / video by the file name; anything else counts as text (checked on reading)."""
    suffix = path.suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        return "image"
    if suffix in AUDIO_SUFFIXES:
        return "audio"
    if suffix in VIDEO_SUFFIXES:
        return "video"
    guessed, _ = mimetypes.guess_type(path.name)
    if guessed:
        top = guessed.split("/", 1)[0]
        if top in ("image", "audio", "video"):
            return top
    return "text"


def local_paths(mime: QMimeData) -> list[Path]:
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()] if mime.hasUrls() else []


class DropZone(QObject):
    filesDropped = Signal(list)  # list[Path]
    imageDropped = Signal(QImage)  # an image without a file (pasted, or dragged from a browser)
    refused = Signal(str)  # one sentence, in the interface language

    def __init__(self, target: QWidget, kinds: Iterable[str], *, images: bool = True, multiple: bool = True) -> None:
        super().__init__(target)
        self.kinds = frozenset(kinds)
        self.images = images and "image" in self.kinds
        self.multiple = multiple
        self.watch(target)

    def watch(self, widget: QWidget) -> None:
        """Take drops on `widget` too (a child that would otherwise handle them itself)."""
        targets = [widget]
        if isinstance(widget, QAbstractScrollArea):
            targets.append(widget.viewport())
        for target in targets:
            target.setAcceptDrops(True)
            target.installEventFilter(self)

    def wants(self, mime: QMimeData) -> bool:
        return bool(local_paths(mime)) or (self.images and mime.hasImage()) or self._remote_only(mime)

    def _remote_only(self, mime: QMimeData) -> bool:
        return mime.hasUrls() and not local_paths(mime) and not mime.hasImage()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            assert isinstance(event, QDragEnterEvent | QDragMoveEvent)
            if self.wants(event.mimeData()):
                event.acceptProposedAction()
                return True
            return False
        if kind == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            if self.wants(event.mimeData()):
                event.acceptProposedAction()
                self.take(event.mimeData())
                return True
        return False

    def take(self, mime: QMimeData) -> bool:
        """Hand on what `mime` carries (a drop, or a paste); False if there was nothing usable."""
        paths = local_paths(mime)
        if paths:
            usable = [path for path in paths if path.is_file() and kind_of_path(path) in self.kinds]
            unusable = [path for path in paths if path not in usable]
            if not self.multiple and len(usable) > 1:
                unusable += usable[1:]
                usable = usable[:1]
            if unusable:
                self.refused.emit(self._refusal(unusable))
            if usable:
                self.filesDropped.emit(usable)
            return bool(usable)
        if self.images and mime.hasImage():
            image = mime.imageData()
            if isinstance(image, QImage) and not image.isNull():
                self.imageDropped.emit(image)
                return True
        if mime.hasUrls():
            self.refused.emit(self.tr("Only files on this computer can be dropped here; save the file first."))
        return False

    def _refusal(self, paths: list[Path]) -> str:
        names = ", ".join(path.name or str(path) for path in paths[:3]) + ("…" if len(paths) > 3 else "")
        if not self.multiple and len(paths) >= 1 and all(kind_of_path(p) in self.kinds for p in paths):
            return self.tr("Only one file at a time here; {names} left out.").format(names=names)
        what = self.tr(", ").join(self._kind_name(kind) for kind in sorted(self.kinds))
        return self.tr("{names}: not a file I can use here (this takes {what}).").format(names=names, what=what)

    def _kind_name(self, kind: str) -> str:
        return {
            "image": self.tr("images"),
            "audio": self.tr("audio"),
            "video": self.tr("video"),
            "text": self.tr("text files"),
        }.get(kind, kind)
