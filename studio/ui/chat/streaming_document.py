"""A QTextDocument that grows with a streamed reply at a cost proportional to what arrived.

Text is split into a settled part (everything up to the last blank line outside a code fence),
rendered as Markdown once and appended, and a tail shown as plain text, to which each frame only
appends its new characters. Re-rendering the whole reply every frame would cost O(reply) per frame
and stall the UI on long replies.
"""

from __future__ import annotations

from PySide6.QtGui import QTextCursor, QTextDocument

from .markdown_html import MarkdownRenderer

FORCE_SETTLE_CHARS = 3000
"""A tail longer than this with no blank line (one endless paragraph) is settled at a line or sentence end."""


def _is_fence(line: str) -> bool:
    stripped = line.lstrip()
    return stripped.startswith("```") or stripped.startswith("~~~")


class StreamingDocument:
    def __init__(self, renderer: MarkdownRenderer, document: QTextDocument) -> None:
        self.renderer = renderer
        self.doc = document
        self.code_blocks: list[str] = []
        self._reset()

    def _reset(self) -> None:
        self.doc.clear()
        self.code_blocks.clear()
        self._text = ""
        self._settled = 0  # text[:settled] is rendered as Markdown
        self._tail_position = 0  # where the plain-text tail starts in the document
        self._scanned = 0  # text[:scanned] has been read line by line
        self._in_fence = False  # fence state at `scanned`
        self._split = 0  # the last blank line outside a fence seen so far (end of that line)

    @property
    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        """Show `text`; cheap when it extends the text shown before (the streaming case)."""
        if not text.startswith(self._text):
            self._reset()
        added = text[len(self._text) :]
        self._text = text
        self._scan()
        if self._split <= self._settled and len(text) - self._settled > FORCE_SETTLE_CHARS and not self._in_fence:
            self._split = self._forced_split()
        cursor = QTextCursor(self.doc)
        cursor.beginEditBlock()
        if self._split > self._settled:
            self._settle(cursor)
        else:
            cursor.movePosition(QTextCursor.MoveOperation.End)
            cursor.insertText(added)
        cursor.endEditBlock()

    def finish(self, text: str) -> None:
        """The reply is complete: render whatever is still plain tail (O(tail), not O(reply))."""
        self.set_text(text)
        if self._settled < len(self._text):
            self._split = len(self._text)
            cursor = QTextCursor(self.doc)
            cursor.beginEditBlock()
            self._settle(cursor)
            cursor.endEditBlock()

    def _scan(self) -> None:
        text = self._text
        position = self._scanned
        while True:
            newline = text.find("\n", position)
            if newline < 0:
                break
            line = text[position:newline]
            if _is_fence(line):
                self._in_fence = not self._in_fence
            elif not line.strip() and not self._in_fence:
                self._split = newline + 1
            position = newline + 1
        self._scanned = position

    def _forced_split(self) -> int:
        tail = self._text[self._settled :]
        for mark in ("\n", ". ", " "):
            cut = tail.rfind(mark, 0, len(tail) - 1)
            if cut > 0:
                return self._settled + cut + len(mark)
        return self._settled

    def _settle(self, cursor: QTextCursor) -> None:
        cursor.setPosition(self._tail_position)
        cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        rendered = self.renderer.render(self._text[self._settled : self._split], first_block=len(self.code_blocks))
        self.code_blocks.extend(rendered.code_blocks)
        cursor.insertHtml(rendered.html)
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertBlock()
        self._settled = self._split
        self._tail_position = cursor.position()
        cursor.insertText(self._text[self._settled :])
