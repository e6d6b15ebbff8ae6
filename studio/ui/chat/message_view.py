"""The message list: a model over the visible thread, a delegate that draws cached documents, a view.

Finished messages are rendered once (Markdown → QTextDocument) and cached; only the streaming
message changes, through a StreamingDocument. Rows never rendered yet report an estimated height,
so opening a conversation of thousands of messages lays out instantly and renders only what shows.
"""

from __future__ import annotations

import html
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPalette, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from ...api.sentences import load_sentences
from ...core.conversations import Message
from ...qt.messages import translated
from ..theme import is_dark
from .markdown_html import MarkdownRenderer, plain_to_html, shared_renderer
from .streaming_document import StackedDocument, StreamingDocument

MessageRole = Qt.ItemDataRole.UserRole + 1
RevisionRole = Qt.ItemDataRole.UserRole + 2

PAD = 12
GAP = 6
MAX_BODY_HEIGHT = 30_000
LONG_REPLY_CHARS = 30_000
"""Item views cap a row near 32,767 px: a longer reply shows its start (or, while streaming, its end)
in the list, and the whole of it opens in a reader window (action:open)."""
CACHE_SIZE = 400


class MessageListModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.messages: list[Message] = []
        self.revisions: list[int] = []
        self.branch_info: dict[int, tuple[int, int]] = {}
        """message id → (position among its alternatives, how many), only where there are several."""

    def set_messages(self, messages: list[Message], branch_info: dict[int, tuple[int, int]] | None = None) -> None:
        self.beginResetModel()
        self.messages = list(messages)
        self.revisions = [0] * len(messages)
        self.branch_info = branch_info or {}
        self.endResetModel()

    def prepend(self, messages: list[Message], branch_info: dict[int, tuple[int, int]]) -> None:
        if not messages:
            return
        self.beginInsertRows(QModelIndex(), 0, len(messages) - 1)
        self.messages[:0] = messages
        self.revisions[:0] = [0] * len(messages)
        self.branch_info.update(branch_info)
        self.endInsertRows()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.messages)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.messages):
            return None
        message = self.messages[index.row()]
        if role == MessageRole:
            return message
        if role == RevisionRole:
            return self.revisions[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return message.content
        return None

    def row_of(self, message_id: int) -> int:
        for row in range(len(self.messages) - 1, -1, -1):
            if self.messages[row].id == message_id:
                return row
        return -1

    def append_text(self, message_id: int, text: str, *, reasoning: bool = False) -> None:
        row = self.row_of(message_id)
        if row < 0:
            return
        message = self.messages[row]
        if reasoning:
            message.reasoning += text
        else:
            message.content += text
        self.revisions[row] += 1
        index = self.index(row)
        self.dataChanged.emit(index, index)

    def replace(self, message: Message) -> None:
        row = self.row_of(message.id)
        if row < 0:
            return
        self.messages[row] = message
        self.revisions[row] += 1
        index = self.index(row)
        self.dataChanged.emit(index, index)


@dataclass
class RenderedRow:
    body: StackedDocument
    footer: QTextDocument
    code_blocks: list[str] = field(default_factory=list)
    revision: int = -1
    streaming: StreamingDocument | None = None
    footer_html: str = ""


class MessageDelegate(QStyledItemDelegate):
    """Draws a message: role line, body document, footer with actions; turns clicks into anchors."""

    anchorActivated = Signal(int, str)  # message id, href (copy:N, action:…, or a web link)

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self.view = view
        self._renderer: MarkdownRenderer | None = None
        self._cache: OrderedDict[int, RenderedRow] = OrderedDict()
        self.expanded_reasoning: set[int] = set()
        self.busy = False
        self._changed_rows: set[int] = set()
        self._metrics_width = -1
        self._chars_per_line = 80
        self._line_height = 18.0
        self._chrome_height = 0
        self._size_timer = QTimer(self)
        self._size_timer.setSingleShot(True)
        self._size_timer.setInterval(0)
        self._size_timer.timeout.connect(self._announce_size_changes)

    # rendering -----------------------------------------------------------------------------------

    @property
    def renderer(self) -> MarkdownRenderer:
        dark = is_dark(self.view.palette())
        if self._renderer is None or self._renderer.dark != dark:
            self._renderer = shared_renderer(dark=dark, copy_label=self.tr("Copy"))
            self._cache.clear()  # rendered for the other theme
        return self._renderer

    def _width(self) -> int:
        return max(200, self.view.viewport().width() - 2 * PAD - 4)

    def _new_document(self) -> QTextDocument:
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setDefaultFont(self.view.font())
        link = self.view.palette().color(QPalette.ColorRole.Link).name()
        doc.setDefaultStyleSheet(f"a {{ color: {link}; text-decoration: none; }} th {{ text-align: left; }}")
        return doc

    def clear_cache(self) -> None:
        self._cache.clear()

    def forget(self, message_id: int) -> None:
        self._cache.pop(message_id, None)

    def row_for(self, index: QModelIndex | QPersistentModelIndex) -> RenderedRow:
        message: Message = index.data(MessageRole)
        revision: int = index.data(RevisionRole)
        row = self._cache.get(message.id)
        width = self._width()
        if row is not None and row.revision == revision:
            self._cache.move_to_end(message.id)
        elif row is not None and row.streaming is not None and message.content.startswith(row.streaming.text):
            # A streaming reply grew, or just ended: extend the same document instead of rendering anew.
            if message.status == "streaming":
                row.streaming.set_text(message.content)
            else:
                row.streaming.finish(message.content)
                if message.reasoning:
                    cursor = QTextCursor(row.body.parts[0])
                    cursor.insertHtml(self._reasoning_html(message))
                    cursor.insertBlock()
                row.streaming = None
            footer_html = self._footer_html(message, index)
            if footer_html != row.footer_html:  # while it streams, the footer stays "Writing…"
                row.footer, row.footer_html = self._footer_document(footer_html), footer_html
            row.revision = revision
        else:
            row = self._render(message, index, revision)
            self._cache[message.id] = row
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        if row.body.textWidth() != width:
            row.body.setTextWidth(width)
            row.footer.setTextWidth(width)
        return row

    def _render(self, message: Message, index: QModelIndex | QPersistentModelIndex, revision: int) -> RenderedRow:
        body = self._new_document()
        streaming = None
        code_blocks: list[str] = []
        if message.status == "streaming":
            streaming = StreamingDocument(self.renderer, body)
            streaming.set_text(message.content)
            code_blocks = streaming.code_blocks
            stacked = streaming.body
        else:
            stacked = StackedDocument(body)
            parts = []
            if message.reasoning:
                parts.append(self._reasoning_html(message))
            if message.role == "user":
                parts.append(plain_to_html(message.content))
                parts.extend(self._attachment_html(message))
            else:
                rendered = self.renderer.render(message.content)
                code_blocks = rendered.code_blocks
                parts.append(rendered.html)
            body.setHtml("".join(parts))
        footer_html = self._footer_html(message, index)
        return RenderedRow(
            stacked, self._footer_document(footer_html), code_blocks, revision, streaming, footer_html
        )

    def _reasoning_html(self, message: Message) -> str:
        words = len(message.reasoning.split())
        if message.id in self.expanded_reasoning:
            text = plain_to_html(message.reasoning)
            label = self.tr("Reasoning")
            return f'<p><a href="action:reasoning">▾ {label}</a></p><p style="color:#888;"><i>{text}</i></p>'
        label = self.tr("Reasoning ({count} words)").format(count=words)
        return f'<p><a href="action:reasoning">▸ {label}</a></p>'

    def _attachment_html(self, message: Message) -> list[str]:
        out = []
        for attachment in message.attachments:
            if attachment.get("kind") == "image":
                src = html.escape("file://" + str(attachment["path"]))
                out.append(f'<p><img src="{src}" height="96" /></p>')
            else:
                name = html.escape(str(attachment.get("name", "")))
                attached = self.tr("Attached: {name}").format(name=name)
                out.append(f'<p style="color:#888;">{attached}</p>')
        return out

    def _footer_document(self, footer_html: str) -> QTextDocument:
        doc = self._new_document()
        doc.setHtml(footer_html)
        doc.setTextWidth(self._width())
        return doc

    def _footer_html(self, message: Message, index: QModelIndex | QPersistentModelIndex) -> str:
        small = []
        model = index.model()
        branch = getattr(model, "branch_info", {}).get(message.id)
        if branch:
            position, count = branch
            small.append(f'<a href="action:prev">‹</a> {position}/{count} <a href="action:next">›</a>')
        if message.status == "streaming":
            writing = self.tr("Writing…")
            small.append(f'<span style="color:#888;">{writing}</span>')
        else:
            actions = [("copy", self.tr("Copy"))]
            if message.role == "user":
                actions.append(("edit", self.tr("Edit")))
            else:
                actions.append(("regenerate", self.tr("Regenerate")))
            actions.append(("delete", self.tr("Delete")))
            small.append(" · ".join(f'<a href="action:{key}">{label}</a>' for key, label in actions))
        if message.status == "stopped":
            stopped = self.tr("Stopped")
            small.append(f'<span style="color:#b26a00;">{stopped}</span>')
        if message.status == "error" and message.error:
            sentence = html.escape(error_sentences(message.error))
            retry, details = self.tr("Retry"), self.tr("Details")
            small.append(
                f'<span style="color:#c62828;">⚠ {sentence}</span> '
                f'<a href="action:retry">{retry}</a> · <a href="action:details">{details}</a>'
            )
        if len(message.content) > LONG_REPLY_CHARS and message.status != "streaming":
            whole = self.tr("Open the whole reply")
            small.append(f'<a href="action:open">{whole}</a>')
        if message.output_tokens or message.input_tokens:
            tokens = self.tr("tokens ↑{input} ↓{output}").format(
                input=message.input_tokens, output=message.output_tokens
            )
            small.append(f'<span style="color:#888;">{tokens}</span>')
        return f'<p style="font-size:small;">{"&nbsp;&nbsp;".join(small)}</p>'

    # geometry ------------------------------------------------------------------------------------

    def _header_height(self) -> int:
        return self.view.fontMetrics().height() + 2

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        # Called for every row on every layout: read the model directly and keep this cheap.
        model = index.model()
        messages: list[Message] | None = getattr(model, "messages", None)
        if messages is None or index.row() >= len(messages):
            return QSize(0, 0)
        message = messages[index.row()]
        revision = model.revisions[index.row()]  # type: ignore[union-attr]
        width = self._width()
        self._ensure_metrics(width)
        row = self._cache.get(message.id)
        if row is not None and row.revision == revision:
            if row.body.textWidth() != width:
                row.body.setTextWidth(width)
                row.footer.setTextWidth(width)
            height = min(row.body.size().height(), MAX_BODY_HEIGHT) + row.footer.size().height()
        else:
            height = min(self._estimate(message, width), MAX_BODY_HEIGHT)
        return QSize(width, int(height) + self._chrome_height)

    def _ensure_metrics(self, width: int) -> None:
        if self._metrics_width != width:
            metrics = self.view.fontMetrics()
            self._metrics_width = width
            self._chars_per_line = max(20, width // max(1, metrics.averageCharWidth()))
            self._line_height = metrics.lineSpacing() * 1.1
            self._chrome_height = self._header_height() + 2 * GAP + PAD

    def _estimate(self, message: Message, width: int) -> float:
        """A height close enough for scrolling, from the text length alone (no rendering)."""
        content = message.content
        lines = content.count("\n") + 1 + len(content) // self._chars_per_line
        return (lines + 1.5) * self._line_height

    def _announce_size_changes(self) -> None:
        model = self.view.model()
        for row in sorted(self._changed_rows):
            if model is not None and row < model.rowCount():
                self.sizeHintChanged.emit(model.index(row, 0))
        self._changed_rows.clear()

    # painting ------------------------------------------------------------------------------------

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        message: Message | None = index.data(MessageRole)
        if message is None:
            return
        row = self.row_for(index)
        rect: QRect = option.rect  # type: ignore[attr-defined]
        body_height = min(row.body.size().height(), MAX_BODY_HEIGHT)
        offset = self._body_offset(message, row)
        if self._exact_height(row) != rect.height():  # an estimate, or a reply that grew: tell the view once
            self._changed_rows.add(index.row())
            self._size_timer.start()
        painter.save()
        palette = self.view.palette()
        base = palette.color(QPalette.ColorRole.Base)
        dark = base.lightness() < 128
        if message.role == "user":
            bubble = QColor("#2b3440") if dark else QColor("#eef3fb")
            painter.fillRect(rect.adjusted(PAD // 2, GAP // 2, -PAD // 2, -GAP // 2), bubble)
        if option.state & QStyle.StateFlag.State_Selected:  # type: ignore[attr-defined]
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight).lighter(180 if not dark else 60))
        role = self.tr("You") if message.role == "user" else self.tr("Assistant")
        if message.model and message.role == "assistant":
            role += f" · {message.model}"
        header_font = self.view.font()
        header_font.setBold(True)
        painter.setFont(header_font)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        top = rect.top() + GAP
        painter.drawText(
            QRect(rect.left() + PAD, top, rect.width() - 2 * PAD, self._header_height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            role,
        )
        top += self._header_height()
        painter.translate(rect.left() + PAD, top - offset)
        # Draw only the part of a (possibly very tall) reply that is on screen; an empty clip would
        # make QTextDocument draw everything.
        visible = rect.intersected(self.view.viewport().rect()).intersected(
            QRect(rect.left(), top, rect.width(), int(body_height))
        )
        if not visible.isEmpty():
            row.body.drawContents(painter, QRectF(visible.translated(-(rect.left() + PAD), -(top - offset))))
        painter.translate(0, offset + body_height)
        row.footer.drawContents(painter)
        painter.restore()

    def _exact_height(self, row: RenderedRow) -> int:
        body_height = min(row.body.size().height(), MAX_BODY_HEIGHT)
        return int(body_height + row.footer.size().height()) + self._header_height() + 2 * GAP + PAD

    def grow(self, index: QModelIndex, shown_height: int) -> None:
        """A visible streaming row's text changed: extend its document now, in the update's own event,
        and report a new height before the row is painted (painting then only draws, once)."""
        row = self.row_for(index)
        if self._exact_height(row) != shown_height:
            self.sizeHintChanged.emit(index)

    def _body_offset(self, message: Message, row: RenderedRow) -> float:
        """How far down the document the row starts: a capped streaming reply shows its newest part."""
        overflow = row.body.size().height() - MAX_BODY_HEIGHT
        return overflow if overflow > 0 and message.status == "streaming" else 0.0

    # clicks --------------------------------------------------------------------------------------

    def anchor_at(self, index: QModelIndex, point: QPointF, rect: QRect) -> str:
        row = self.row_for(index)
        message: Message = index.data(MessageRole)
        offset = self._body_offset(message, row)
        body_height = min(row.body.size().height(), MAX_BODY_HEIGHT)
        local = QPointF(point.x() - rect.left() - PAD, point.y() - rect.top() - GAP - self._header_height())
        if local.y() < body_height:
            anchor = row.body.anchor_at(QPointF(local.x(), local.y() + offset))
            if anchor:
                return anchor
        local.setY(local.y() - body_height)
        return row.footer.documentLayout().anchorAt(local)

    def editorEvent(self, event: QEvent, model: Any, option: QStyleOptionViewItem, index: QModelIndex) -> bool:
        released = event.type() == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent)
        if released and event.button() == Qt.MouseButton.LeftButton:  # type: ignore[attr-defined]
            anchor = self.anchor_at(index, event.position(), option.rect)  # type: ignore[attr-defined]
            if anchor:
                message: Message = index.data(MessageRole)
                self.anchorActivated.emit(message.id, anchor)
                return True
        return super().editorEvent(event, model, option, index)

    def code_block(self, message_id: int, number: int) -> str | None:
        row = self._cache.get(message_id)
        if row is None or number >= len(row.code_blocks):
            return None
        return row.code_blocks[number]


class MessageView(QListView):
    """Keeps to the bottom while a reply streams, unless the user scrolled up to read."""

    reachedTop = Signal()  # the user scrolled to the first loaded message: time to load earlier ones

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setMouseTracking(True)
        self.setWordWrap(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(False)
        self.setSpacing(0)
        self.stick_to_bottom = True
        self.delegate = MessageDelegate(self)
        self.setItemDelegate(self.delegate)
        bar = self.verticalScrollBar()
        bar.rangeChanged.connect(self._keep_bottom)
        bar.valueChanged.connect(self._remember_position)

    def dataChanged(
        self,
        top_left: QModelIndex | QPersistentModelIndex,
        bottom_right: QModelIndex | QPersistentModelIndex,
        roles: Any = (),
    ) -> None:
        if top_left.row() == bottom_right.row():
            message: Message | None = top_left.data(MessageRole)
            rect = self.visualRect(top_left)
            if message is not None and message.status == "streaming" and rect.intersects(self.viewport().rect()):
                self.delegate.grow(QModelIndex(top_left), rect.height())
        super().dataChanged(top_left, bottom_right, roles)

    def _keep_bottom(self, _minimum: int, maximum: int) -> None:
        if self.stick_to_bottom:
            self.verticalScrollBar().setValue(maximum)

    def _remember_position(self, value: int) -> None:
        self.stick_to_bottom = value >= self.verticalScrollBar().maximum() - 4
        if value == 0 and self.verticalScrollBar().maximum() > 0:
            self.reachedTop.emit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # light <-> dark: code blocks and links redraw
            self.delegate.clear_cache()
            self.delegate.renderer  # noqa: B018 - picks the renderer of the new theme
            self.scheduleDelayedItemsLayout()
            self.viewport().update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        index = self.indexAt(event.position().toPoint())
        anchor = ""
        if index.isValid():
            anchor = self.delegate.anchor_at(index, event.position(), self.visualRect(index))
        self.viewport().setCursor(Qt.CursorShape.PointingHandCursor if anchor else Qt.CursorShape.ArrowCursor)


def error_sentences(error: dict[str, Any] | None) -> str:
    """A saved reply's error in the interface language (its sentences, or the English of older rows)."""
    if not error:
        return ""
    return translated(load_sentences(error.get("sentences"), str(error.get("message", ""))))
