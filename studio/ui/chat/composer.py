"""The message composer: multi-line input, attachments by button, paste or drop, Send / Stop."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QIODevice, QMimeData, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage, QKeyEvent
from PySide6.QtWidgets import (
    QFileDialog,
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
    filesDropped = Signal(list)  # list[Path]
    imagePasted = Signal(QImage)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enter_sends = True
        self.setAcceptDrops(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        is_enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        modifiers = event.modifiers()
        if is_enter:
            ctrl = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
            shift = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
            if (self.enter_sends and not shift and not ctrl) or (not self.enter_sends and ctrl):
                self.submitted.emit()
                return
        super().keyPressEvent(event)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return source.hasImage() or source.hasUrls() or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        if source.hasUrls() and any(url.isLocalFile() for url in source.urls()):
            self.filesDropped.emit([Path(url.toLocalFile()) for url in source.urls() if url.isLocalFile()])
            return
        if source.hasImage():
            image = source.imageData()
            if isinstance(image, QImage) and not image.isNull():
                self.imagePasted.emit(image)
                return
        super().insertFromMimeData(source)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() or event.mimeData().hasImage():
            event.acceptProposedAction()
            return
        super().dragEnterEvent(event)

    def dragMoveEvent(self, event: Any) -> None:
        if event.mimeData().hasUrls() or event.mimeData().hasImage():
            event.acceptProposedAction()
            return
        super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        if mime.hasUrls() or mime.hasImage():
            self.insertFromMimeData(mime)
            event.acceptProposedAction()
            return
        super().dropEvent(event)


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

        self.edit.submitted.connect(self.submit)
        self.edit.filesDropped.connect(self.add_files)
        self.edit.imagePasted.connect(self.add_image)
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
        if event.key() == Qt.Key.Key_Escape:
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
        dialog = QFileDialog(self, self.tr("Attach files"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.filesSelected.connect(lambda files: self.add_files([Path(f) for f in files]))
        dialog.open()

    def add_files(self, paths: list[Path]) -> None:
        for path in paths:
            try:
                self._add_file(path)
            except (OSError, ValueError) as error:
                self.problem.emit(str(error))
        self._refresh_chips()

    def _add_file(self, path: Path) -> None:
        if not path.is_file():
            raise ValueError(self.tr("{name} is not a file.").format(name=path.name))
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(16)
        suffix = sniff_image(head)
        if suffix is not None:
            if size > IMAGE_LIMIT:
                raise ValueError(self.tr("{name} is larger than 20 MB.").format(name=path.name))
            self._store_image(path.read_bytes(), suffix, path.name)
            return
        if path.suffix.lower() in IMAGE_SUFFIXES:
            raise ValueError(self.tr("{name} is not a readable image.").format(name=path.name))
        content = read_text_attachment(path)
        self.attachments.append({"kind": "text", "name": path.name, "content": content})

    def add_image(self, image: QImage) -> None:
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        self._store_image(bytes(buffer.data().data()), ".png", self.tr("pasted image") + ".png")
        self._refresh_chips()

    def _store_image(self, data: bytes, suffix: str, name: str) -> None:
        digest = hashlib.sha256(data).hexdigest()
        self.attachment_dir.mkdir(parents=True, exist_ok=True)
        target = self.attachment_dir / f"{digest}{suffix}"
        if not target.exists():
            temp = target.with_suffix(".part")
            temp.write_bytes(data)
            shutil.move(str(temp), target)
        self.attachments.append({"kind": "image", "name": name, "path": str(target)})

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

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.edit.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self.edit.dropEvent(event)
