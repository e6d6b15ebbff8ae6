"""A QTextDocument that grows with a streamed reply at a cost proportional to what arrived.

Text is split into a settled part (everything up to the last blank line that ends a block), rendered
as Markdown once and appended, and a tail (one paragraph or list at most) that is rendered again each
frame, without code highlighting, so **bold** is bold while it streams. A tail that holds a code block
or a table is appended as plain text until it settles. Re-rendering the whole reply every frame would cost O(reply) per
frame and stall the UI on long replies; the finished document has the blocks a whole render has.
"""

from __future__ import annotations

import re

from PySide6.QtGui import QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument

from .markdown_html import MarkdownRenderer

FORCE_SETTLE_CHARS = 3000
"""A tail longer than this with no blank line (one endless paragraph) is settled at a line or sentence end."""


_LIST_ITEM = re.compile(r"\s{0,3}([-*+]|\d{1,9}[.)])(\s|$)")


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
        self._split = 0  # the last confirmed block end seen so far (the end of a blank line)
        self._pending: int | None = None  # a blank line waiting for the next line to confirm it
        self._in_list = False  # the last non-blank line outside a fence was part of a list
        self._tail_plain = False  # the tail is plain text (it holds a code block or a table): just append

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
        elif self._tail_plain and added:
            cursor.movePosition(QTextCursor.MoveOperation.End)
            cursor.insertText(added)
        else:
            self._draw_tail(cursor)
        cursor.endEditBlock()

    def finish(self, text: str) -> None:
        """The reply is complete: render whatever is still plain tail (O(tail), not O(reply))."""
        self.set_text(text)
        cursor = QTextCursor(self.doc)
        cursor.beginEditBlock()
        if self._settled < len(self._text):
            self._split = len(self._text)
            self._settle(cursor)
        last = self.doc.lastBlock()
        if last.length() <= 1 and last.previous().isValid():  # the empty block kept for a tail
            cursor.setPosition(last.position())
            cursor.deletePreviousChar()
        cursor.endEditBlock()

    def _scan(self) -> None:
        """Find where a block surely ended: a blank line outside a fence, confirmed by the next line
        starting at the margin (an indented line continues a list item) and not continuing a list."""
        text = self._text
        position = self._scanned
        while True:
            newline = text.find("\n", position)
            if newline < 0:
                break
            line = text[position:newline]
            if not line.strip():
                if not self._in_fence:
                    self._pending = newline + 1
            else:
                if self._pending is not None and not self._in_fence:
                    continues_list = self._in_list and (line[:1].isspace() or _LIST_ITEM.match(line) is not None)
                    if not line[:1].isspace() and not continues_list:
                        self._split = self._pending
                    self._pending = None
                if _is_fence(line):
                    self._in_fence = not self._in_fence
                elif not self._in_fence:
                    self._in_list = _LIST_ITEM.match(line) is not None or (self._in_list and line[:1].isspace())
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
        self._clear_tail(cursor)
        rendered = self.renderer.render(self._text[self._settled : self._split], first_block=len(self.code_blocks))
        self.code_blocks.extend(rendered.code_blocks)
        _insert_blocks(cursor, rendered.html)
        cursor.movePosition(QTextCursor.MoveOperation.End)
        # A fresh plain block: inserted after a list, a block would otherwise join that list.
        cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        _plain_block(cursor)
        self._settled = self._split
        self._tail_position = cursor.position()
        self._draw_tail(cursor)

    def _clear_tail(self, cursor: QTextCursor) -> None:
        """Remove the tail; the block left behind is a plain paragraph again (not a list item the tail had)."""
        cursor.setPosition(self._tail_position)
        cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        _plain_block(cursor)

    def _draw_tail(self, cursor: QTextCursor) -> None:
        """Replace what follows the settled part with the tail, drawn as Markdown (no highlighting).

        A tail with a code block or a table grows as plain text until it settles: a table is a frame,
        and Qt cannot take a half-written frame out of the document again without leaving blocks behind."""
        self._clear_tail(cursor)
        tail = self._text[self._settled :]
        self._tail_plain = False
        if not tail.strip():
            return
        rendered = self.renderer.render(tail, first_block=len(self.code_blocks), highlight=False)
        if "<table" in rendered.html:
            self._tail_plain = True
            cursor.insertText(tail)
            return
        _insert_blocks(cursor, rendered.html)


def _insert_blocks(cursor: QTextCursor, html: str) -> None:
    """insertHtml into the empty block at the cursor, as if the blocks were added after what is there.

    Qt either merges the first inserted block into the cursor's (a heading would lose its level) or
    leaves the cursor's block empty before them (a list would start with an empty bullet); this keeps
    neither.
    """
    document = cursor.document()
    start = cursor.position()
    cursor.insertHtml(html)
    first = document.findBlock(start)
    if first.length() <= 1 and html.startswith("<table"):
        previous = first.previous()
        if previous.isValid():  # join it to the block before (never across into a table cell:
            keep = previous.blockFormat()  # a selection over a frame boundary crashes Qt), which
            QTextCursor(first).deletePreviousChar()  # takes the empty block's format: give its own back
            QTextCursor(document.findBlock(previous.position())).setBlockFormat(keep)
        cursor.movePosition(QTextCursor.MoveOperation.End)
    elif first.length() <= 1 and first.next().isValid():
        empty = QTextCursor(first)
        empty.setPosition(first.next().position(), QTextCursor.MoveMode.KeepAnchor)
        empty.removeSelectedText()  # the block after keeps its own format
        cursor.movePosition(QTextCursor.MoveOperation.End)
    elif not html.startswith("<p>"):
        sample = QTextDocument()
        sample.setHtml(html)
        QTextCursor(first).setBlockFormat(sample.begin().blockFormat())


def _plain_block(cursor: QTextCursor) -> None:
    """Make the cursor's block a plain paragraph: inserted or left after a list, it would stay in it.

    (A fresh block format also takes it out of the list; QTextCursor.currentList() is not used: in
    PySide6 6.12 each call that answers None costs None a reference.)"""
    cursor.setBlockFormat(QTextBlockFormat())
    cursor.setBlockCharFormat(QTextCharFormat())
