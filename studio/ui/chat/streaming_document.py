"""A QTextDocument that grows with a streamed reply at a cost proportional to what arrived.

Text is split into a settled part (everything up to the last blank line outside a code fence),
rendered as Markdown once and appended, and a short tail shown as plain text until it settles.
Re-rendering the whole reply on every frame would cost O(reply) per frame and stall the UI.
"""

from __future__ import annotations

from PySide6.QtGui import QTextCursor, QTextDocument

from .markdown_html import MarkdownRenderer


def last_safe_split(text: str, start: int, in_fence: bool) -> tuple[int, bool, int, bool]:
    """Scan text[start:] line by line.

    Returns (split, fence_state_at_split, scanned_to, fence_state_at_scanned_to): `split` is the end of
    the last blank line outside a fence (or `start` if none). Only complete lines are scanned.
    """
    split, split_fence = start, in_fence
    position = start
    fence = in_fence
    while True:
        newline = text.find("\n", position)
        if newline < 0:
            break
        line = text[position:newline]
        if line.lstrip().startswith("```") or line.lstrip().startswith("~~~"):
            fence = not fence
        elif not line.strip() and not fence:
            split, split_fence = newline + 1, fence
        position = newline + 1
    return split, split_fence, position, fence


class StreamingDocument:
    def __init__(self, renderer: MarkdownRenderer, document: QTextDocument) -> None:
        self.renderer = renderer
        self.doc = document
        self.code_blocks: list[str] = []
        self._settled = 0
        self._settled_fence = False
        self._tail_position = 0
        self._text = ""

    @property
    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        """Show `text` (which extends what was shown before)."""
        if not text.startswith(self._text[: self._settled]):
            self._reset()
        self._text = text
        split, split_fence, _, _ = last_safe_split(text, self._settled, self._settled_fence)
        cursor = QTextCursor(self.doc)
        cursor.beginEditBlock()
        cursor.setPosition(self._tail_position)
        cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        if split > self._settled:
            rendered = self.renderer.render(text[self._settled : split], first_block=len(self.code_blocks))
            self.code_blocks.extend(rendered.code_blocks)
            cursor.insertHtml(rendered.html)
            cursor.movePosition(QTextCursor.MoveOperation.End)
            cursor.insertBlock()
            self._settled, self._settled_fence = split, split_fence
            self._tail_position = cursor.position()
        cursor.insertText(text[self._settled :])
        cursor.endEditBlock()

    def _reset(self) -> None:
        self.doc.clear()
        self.code_blocks.clear()
        self._settled = 0
        self._settled_fence = False
        self._tail_position = 0
        self._text = ""
