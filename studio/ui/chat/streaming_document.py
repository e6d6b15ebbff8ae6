"""A QTextDocument that grows with a streamed reply at a cost proportional to what arrived.

Text is split into a settled part (everything up to the last blank line that ends a block), rendered
as Markdown once and appended, and a tail (one paragraph or list at most) that is rendered again each
frame, without code highlighting, so **bold** is bold while it streams. A tail that holds a code block
or a table is appended as plain text until it settles. Re-rendering the whole reply every frame would cost O(reply) per
frame and stall the UI on long replies; the finished document has the blocks a whole render has.

Qt lays a document out again on every edit in time that grows with its frames (each table and code block
is one): an update took 0.6 ms early in a Markdown-heavy reply and 2-4 ms after 500 of them. So the reply
is a StackedDocument: once the growing part holds SEGMENT_FRAMES frames it is closed and a new part takes
what follows, and an update costs the same at the end of a long reply as at its start.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from PySide6.QtCore import QPointF, QRectF, QSizeF
from PySide6.QtGui import QPainter, QTextBlock, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument

from .markdown_html import MarkdownRenderer

FORCE_SETTLE_CHARS = 3000
"""A tail longer than this with no blank line (one endless paragraph) is settled at a line or sentence end."""
SEGMENT_FRAMES = 16
"""Tables and code blocks in one part of a StackedDocument before the next part begins."""


class StackedDocument:
    """QTextDocuments drawn one below the other as one body: what the chat delegate measures, draws and
    clicks in. The parts share the first one's font, margin, style sheet and width."""

    def __init__(self, first: QTextDocument) -> None:
        self.parts = [first]

    @property
    def last(self) -> QTextDocument:
        return self.parts[-1]

    def add(self) -> QTextDocument:
        """A new empty part below the others, set up like the first."""
        first = self.parts[0]
        part = QTextDocument()
        part.setDocumentMargin(first.documentMargin())
        part.setDefaultFont(first.defaultFont())
        part.setDefaultStyleSheet(first.defaultStyleSheet())
        part.setUndoRedoEnabled(first.isUndoRedoEnabled())
        part.setTextWidth(first.textWidth())
        self.parts.append(part)
        return part

    def drop_last(self) -> None:
        if len(self.parts) > 1:
            self.parts.pop()

    def clear(self) -> None:
        del self.parts[1:]
        self.parts[0].clear()

    def textWidth(self) -> float:
        return self.parts[0].textWidth()

    def setTextWidth(self, width: float) -> None:
        for part in self.parts:
            part.setTextWidth(width)

    def size(self) -> QSizeF:
        sizes = [part.size() for part in self.parts]
        return QSizeF(max(size.width() for size in sizes), sum(size.height() for size in sizes))

    def drawContents(self, painter: QPainter, clip: QRectF) -> None:
        """Draw the parts that meet `clip` (never with an empty clip: Qt would draw all of a part)."""
        top = 0.0
        for part in self.parts:
            height = part.size().height()
            piece = clip.translated(0, -top).intersected(QRectF(clip.left(), 0, clip.width(), height))
            if not piece.isEmpty():
                painter.save()
                painter.translate(0, top)
                part.drawContents(painter, piece)
                painter.restore()
            top += height
            if top >= clip.bottom():
                break

    def anchor_at(self, point: QPointF) -> str:
        top = 0.0
        for part in self.parts:
            height = part.size().height()
            if point.y() < top + height:
                return part.documentLayout().anchorAt(QPointF(point.x(), point.y() - top))
            top += height
        return ""

    def blocks(self) -> Iterator[QTextBlock]:
        for part in self.parts:
            block = part.begin()
            while block.isValid():
                yield block
                block = block.next()

    def toPlainText(self) -> str:
        return "\n".join(part.toPlainText() for part in self.parts)

    def toHtml(self) -> str:
        return "".join(part.toHtml() for part in self.parts)


_LIST_ITEM = re.compile(r"\s{0,3}([-*+]|\d{1,9}[.)])(\s|$)")


def _is_fence(line: str) -> bool:
    stripped = line.lstrip()
    return stripped.startswith("```") or stripped.startswith("~~~")


class StreamingDocument:
    def __init__(self, renderer: MarkdownRenderer, document: QTextDocument) -> None:
        self.renderer = renderer
        self.body = StackedDocument(document)
        self.code_blocks: list[str] = []
        self._reset()

    @property
    def doc(self) -> QTextDocument:
        """The growing part: every edit goes here."""
        return self.body.last

    def _reset(self) -> None:
        self.body.clear()
        self._frames = 0  # tables and code blocks settled into the growing part
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
        _drop_empty_last_block(cursor)
        cursor.endEditBlock()
        if self.doc.isEmpty():  # a part begun for a tail that turned out to be nothing
            self.body.drop_last()

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
        self._settled = self._split
        self._frames += rendered.html.count("<table")
        if self._frames >= SEGMENT_FRAMES:  # close this part; the tail and what follows go in a new one
            cursor.movePosition(QTextCursor.MoveOperation.End)
            cursor = QTextCursor(self.body.add())
            self._frames = 0
            self._tail_position = 0
            self._draw_tail(cursor)
            return
        cursor.movePosition(QTextCursor.MoveOperation.End)
        # A fresh plain block: inserted after a list, a block would otherwise join that list.
        cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        _plain_block(cursor)
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


def _drop_empty_last_block(cursor: QTextCursor) -> None:
    """Remove the empty block kept at the end for a tail."""
    last = cursor.document().lastBlock()
    if last.length() <= 1 and last.previous().isValid():
        cursor.setPosition(last.position())
        cursor.deletePreviousChar()


def _plain_block(cursor: QTextCursor) -> None:
    """Make the cursor's block a plain paragraph: inserted or left after a list, it would stay in it.

    (A fresh block format also takes it out of the list; QTextCursor.currentList() is not used: in
    PySide6 6.12 each call that answers None costs None a reference.)"""
    cursor.setBlockFormat(QTextBlockFormat())
    cursor.setBlockCharFormat(QTextCharFormat())
