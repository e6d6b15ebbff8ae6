"""The message composer: multi-line input, attachments by button, paste or drop, Send / Stop.

Files are read, checked and stored in a worker thread (an attached photo may be 20 MB)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QIODevice, QMimeData, Qt, Signal
from PySide6.QtGui import QImage, QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...core.chat import read_text_attachment
from ...qt.operation import Operation
from ..shortcuts import matches
from ..widgets.dialogs import pick_files
from ..widgets.drop_zone import DropZone

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".gif"}
IMAGE_LIMIT = 20 * 1024 * 1024


def sniff_image(data: bytes) -> str | None:
    """The image file suffix for these bytes, by content; None if they are no image we send."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return ".png"
    if data.startswith(b"\xff\xd8\xff"):
        return ".jpg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ".webp"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return ".gif"
    return None


class ComposerEdit(QPlainTextEdit):
    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enter_sends = True
        self.drops: DropZone | None = None
        """Set by the composer: pasted files and images go where dropped ones go."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = matches("composer.send", event) and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if (self.enter_sends and plain) or (not self.enter_sends and matches("composer.send_ctrl", event)):
            self.submitted.emit()
            return
        super().keyPressEvent(event)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return source.hasImage() or source.hasUrls() or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        if self.drops is not None and (source.hasUrls() or source.hasImage()) and self.drops.take(source):
            return
        super().insertFromMimeData(source)


class Composer(QWidget):
    """Emits `sendRequested(text, attachments)`; attachments are dicts stored with the message."""

    sendRequested = Signal(str, list)
    stopRequested = Signal()
    editCancelled = Signal()
    problem = Signal(str)  # a plain sentence for the user (rejected file, …)

    def __init__(self, attachment_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.attachment_dir = attachment_dir
        self.attachments: list[dict[str, Any]] = []
        self.editing_message_id: int | None = None
        self._streaming = False
        self.setAcceptDrops(True)

        self.banner = QLabel()
        self.banner.setVisible(False)
        self.banner.setStyleSheet("color: #b26a00;")
        self.chips = QHBoxLayout()
        self.chips.setContentsMargins(0, 0, 0, 0)
        self.chips.addStretch(1)
        self.edit = ComposerEdit()
        self.edit.setPlaceholderText(self.tr("Message (Enter to send, Shift+Enter for a new line)"))
        self.edit.setFixedHeight(84)
        self.attach_button = QToolButton()
        self.attach_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DialogOpenButton))
        self.attach_button.setToolTip(self.tr("Attach images or text files"))
        self.send_button = QPushButton(self.tr("Send"))
        self.send_button.setDefault(True)

        row = QHBoxLayout()
        row.addWidget(self.attach_button, 0, Qt.AlignmentFlag.AlignBottom)
        row.addWidget(self.edit, 1)
        row.addWidget(self.send_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 8)
        layout.addWidget(self.banner)
        layout.addLayout(self.chips)
        layout.addLayout(row)

        self.drops = DropZone(self, {"image", "text"})
        self.drops.watch(self.edit)
        self.edit.drops = self.drops
        self.drops.filesDropped.connect(self.add_files)
        self.drops.imageDropped.connect(self.add_image)
        self.drops.refused.connect(self.problem)
        self.edit.submitted.connect(self.submit)
        self.send_button.clicked.connect(self._send_or_stop)
        self.attach_button.clicked.connect(self._pick_files)

    # state ---------------------------------------------------------------------------------------

    def set_enter_sends(self, enter_sends: bool) -> None:
        """Enter sends (Shift+Enter: new line), or Ctrl+Enter sends (Enter: new line)."""
        self.edit.enter_sends = enter_sends
        if enter_sends:
            self.edit.setPlaceholderText(self.tr("Message (Enter to send, Shift+Enter for a new line)"))
        else:
            self.edit.setPlaceholderText(self.tr("Message (Ctrl+Enter to send, Enter for a new line)"))

    def set_streaming(self, streaming: bool) -> None:
        self._streaming = streaming
        self.send_button.setText(self.tr("Stop") if streaming else self.tr("Send"))
        self.send_button.setToolTip(self.tr("Stop the reply (Esc)") if streaming else self.tr("Send (Enter)"))

    def start_editing(self, message_id: int, text: str) -> None:
        self.editing_message_id = message_id
        self.edit.setPlainText(text)
        self.edit.setFocus()
        self.banner.setText(self.tr("Editing a message: sending creates a new branch. Esc cancels."))
        self.banner.setVisible(True)

    def cancel_editing(self) -> None:
        if self.editing_message_id is not None:
            self.editing_message_id = None
            self.banner.setVisible(False)
            self.edit.clear()
            self.editCancelled.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if matches("composer.stop", event):
            if self._streaming:
                self.stopRequested.emit()
            else:
                self.cancel_editing()
            return
        super().keyPressEvent(event)

    # sending -------------------------------------------------------------------------------------

    def _send_or_stop(self) -> None:
        if self._streaming:
            self.stopRequested.emit()
        else:
            self.submit()

    def submit(self) -> None:
        if self._streaming:
            return
        text = self.edit.toPlainText().strip()
        texts = [a for a in self.attachments if a["kind"] == "text"]
        if not text and not self.attachments:
            return
        for attachment in texts:
            text += f"\n\n```{Path(attachment['name']).suffix.lstrip('.')}\n{attachment['content']}\n```"
        stored = [{k: v for k, v in a.items() if k != "content"} for a in self.attachments]
        self.sendRequested.emit(text.strip(), stored)

    def clear_after_send(self) -> None:
        self.edit.clear()
        self.attachments.clear()
        self.editing_message_id = None
        self.banner.setVisible(False)
        self._refresh_chips()

    # attachments ---------------------------------------------------------------------------------

    def _pick_files(self) -> None:
        pick_files(self, self.tr("Attach files"), self.add_files)

    def add_files(self, paths: list[Path]) -> Operation[list[dict[str, Any] | str]]:
        """Read and check the files in a worker; each becomes an attachment or one problem sentence."""
        too_big = self.tr("{name} is larger than 20 MB.")
        not_image = self.tr("{name} is not a readable image.")
        not_file = self.tr("{name} is not a file.")

        def read_all(_progress: object) -> list[dict[str, Any] | str]:
            results: list[dict[str, Any] | str] = []
            for path in paths:
                try:
                    results.append(self._read_file(path, too_big, not_image, not_file))
                except (OSError, ValueError) as error:
                    results.append(str(error))
            return results

        return Operation.in_thread(self, read_all).success(self._attach).run()

    def _read_file(self, path: Path, too_big: str, not_image: str, not_file: str) -> dict[str, Any]:
        if not path.is_file():
            raise ValueError(not_file.format(name=path.name))
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(16)
        suffix = sniff_image(head)
        if suffix is not None:
            if size > IMAGE_LIMIT:
                raise ValueError(too_big.format(name=path.name))
            return store_image(self.attachment_dir, path.read_bytes(), suffix, path.name)
        if path.suffix.lower() in IMAGE_SUFFIXES:
            raise ValueError(not_image.format(name=path.name))
        return {"kind": "text", "name": path.name, "content": read_text_attachment(path)}

    def _attach(self, results: list[dict[str, Any] | str]) -> None:
        for result in results:
            if isinstance(result, str):
                self.problem.emit(result)
            else:
                self.attachments.append(result)
        self._refresh_chips()

    def add_image(self, image: QImage) -> Operation[list[dict[str, Any] | str]]:
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        data, name = bytes(buffer.data().data()), self.tr("pasted image") + ".png"
        return (
            Operation.in_thread(self, lambda _p: [store_image(self.attachment_dir, data, ".png", name)])
            .success(self._attach)
            .run()
        )

    def remove_attachment(self, position: int) -> None:
        if 0 <= position < len(self.attachments):
            del self.attachments[position]
            self._refresh_chips()

    def _refresh_chips(self) -> None:
        while self.chips.count() > 1:
            item = self.chips.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for position, attachment in enumerate(self.attachments):
            chip = QToolButton()
            kind = self.tr("image") if attachment["kind"] == "image" else self.tr("text")
            chip.setText(f"{attachment['name']} ({kind})  ✕")
            chip.setToolTip(self.tr("Remove this attachment"))
            chip.clicked.connect(lambda _=False, p=position: self.remove_attachment(p))
            self.chips.insertWidget(position, chip)


def store_image(folder: Path, data: bytes, suffix: str, name: str) -> dict[str, Any]:
    """Keep an attached image by its content (the same picture twice is one file); returns the attachment."""
    digest = hashlib.sha256(data).hexdigest()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{digest}{suffix}"
    if not target.exists():
        temp = target.with_suffix(".part")
        temp.write_bytes(data)
        shutil.move(str(temp), target)
    return {"kind": "image", "name": name, "path": str(target)}
