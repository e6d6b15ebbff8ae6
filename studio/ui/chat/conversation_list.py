"""The conversation list: search box, conversations grouped by date (pinned first), context menu."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QModelIndex, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QAction,
    QColor,
    QPainter,
    QPalette,
    QStandardItem,
    QStandardItemModel,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ...core.conversations import Conversation, SearchHit

ConversationIdRole = Qt.ItemDataRole.UserRole + 1
MessageIdRole = Qt.ItemDataRole.UserRole + 2
HitHtmlRole = Qt.ItemDataRole.UserRole + 3
"""A search hit drawn as rich text: the title, then the snippet with the searched words marked."""


def marked(text: str, terms: tuple[str, ...], highlight: str) -> str:
    """`text` as HTML with every occurrence of any term (any case, any language) in bold on `highlight`."""
    spans: list[tuple[int, int]] = []
    lowered = text.casefold()
    for term in terms:
        needle = term.casefold()
        start = lowered.find(needle) if needle else -1
        while start >= 0:
            spans.append((start, start + len(needle)))
            start = lowered.find(needle, start + len(needle))
    out, position = [], 0
    for start, end in sorted(spans):
        if start < position:
            continue
        out.append(html.escape(text[position:start]))
        out.append(f'<b style="background-color:{highlight};">{html.escape(text[start:end])}</b>')
        position = end
    out.append(html.escape(text[position:]))
    return "".join(out)


class HitDelegate(QStyledItemDelegate):
    """Two lines per hit: the conversation's title, and where the words were found, marked."""

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex) -> QTextDocument | None:
        markup = index.data(HitHtmlRole)
        if not markup:
            return None
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(2)
        document.setHtml(markup)
        document.setTextWidth(max(60, option.rect.width() - 4))
        return document

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        document = self._document(option, index)
        if document is None:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        painter.save()
        painter.translate(option.rect.topLeft())
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        painter.setClipRect(option.rect.translated(-option.rect.topLeft()))
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        document = self._document(option, index)
        if document is None:
            return super().sizeHint(option, index)
        return QSize(int(document.idealWidth()), int(document.size().height()) + 2)


def date_group(timestamp: float, today: dt.date) -> int:
    day = dt.date.fromtimestamp(timestamp)
    age = (today - day).days
    if age <= 0:
        return 0
    if age == 1:
        return 1
    if age <= 7:
        return 2
    if age <= 30:
        return 3
    return 4


class ConversationList(QWidget):
    conversationChosen = Signal(int, int)  # conversation id, message id to reveal (-1: none)
    renameRequested = Signal(int)
    deleteRequested = Signal(int)
    pinRequested = Signal(int, bool)
    exportRequested = Signal(int, str)  # conversation id, "markdown" | "json"
    searchChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search all conversations"))
        self.search.setClearButtonEnabled(True)
        self.model = QStandardItemModel(self)
        self.tree = QTreeView()
        self.tree.setAccessibleName(self.tr("Conversations"))
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setItemDelegate(HitDelegate(self.tree))
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(200)
        self._debounce.timeout.connect(lambda: self.searchChanged.emit(self.search.text()))
        self.search.textChanged.connect(lambda _text: self._debounce.start())
        self.tree.clicked.connect(self._chosen)
        self.tree.activated.connect(self._chosen)
        self.tree.customContextMenuRequested.connect(self._menu)
        self._pinned: dict[int, bool] = {}
        self._current = -1
        self.showing_hits = False

    def group_names(self) -> list[str]:
        return [
            self.tr("Today"),
            self.tr("Yesterday"),
            self.tr("Previous 7 days"),
            self.tr("Previous 30 days"),
            self.tr("Older"),
        ]

    def show_conversations(self, conversations: list[Conversation], current: int = -1) -> None:
        self.model.clear()
        self.showing_hits = False
        self._pinned = {c.id: c.pinned for c in conversations}
        self._current = current
        groups: dict[str, QStandardItem] = {}
        names = self.group_names()
        today = dt.date.today()
        selected: QModelIndex | None = None
        for conversation in conversations:
            label = self.tr("Pinned") if conversation.pinned else names[date_group(conversation.updated, today)]
            header = groups.get(label)
            if header is None:
                header = QStandardItem(label)
                header.setSelectable(False)
                header.setEnabled(False)
                font = header.font()
                font.setBold(True)
                header.setFont(font)
                self.model.appendRow(header)
                groups[label] = header
            item = QStandardItem(("★ " if conversation.pinned else "") + (conversation.title or self.tr("New chat")))
            item.setData(conversation.id, ConversationIdRole)
            item.setData(-1, MessageIdRole)
            item.setToolTip(conversation.title)
            header.appendRow(item)
            if conversation.id == current:
                selected = item.index()
        self.tree.expandAll()
        if selected is not None:
            self.tree.setCurrentIndex(selected)

    def show_hits(self, hits: list[SearchHit]) -> None:
        self.model.clear()
        self.showing_hits = True
        if not hits:
            empty = QStandardItem(self.tr("No conversation matches."))
            empty.setEnabled(False)
            self.model.appendRow(empty)
            return
        highlight = self.palette().color(QPalette.ColorRole.Highlight)
        highlight.setAlpha(70)
        tint = highlight.name(QColor.NameFormat.HexArgb)
        for hit in hits:
            title = hit.title or self.tr("New chat")
            item = QStandardItem(title if hit.message_id < 0 else f"{title}\n{hit.snippet}")
            item.setData(hit.conversation_id, ConversationIdRole)
            item.setData(hit.message_id, MessageIdRole)
            markup = (
                f"<b>{marked(title, hit.terms, tint)}</b>"
                if hit.message_id < 0
                else (f"<b>{html.escape(title)}</b><br/>{marked(hit.snippet, hit.terms, tint)}")
            )
            item.setData(markup, HitHtmlRole)
            item.setToolTip(hit.snippet)
            self.model.appendRow(item)

    def titles(self) -> list[str]:
        """The visible conversation titles, in order (for tests and accessibility)."""
        out = []
        for row in range(self.model.rowCount()):
            top = self.model.item(row)
            if top.data(ConversationIdRole) is not None:
                out.append(top.text())
            for child in range(top.rowCount()):
                out.append(top.child(child).text())
        return out

    def _chosen(self, index: QModelIndex) -> None:
        conversation_id = index.data(ConversationIdRole)
        if conversation_id is not None:
            self.conversationChosen.emit(int(conversation_id), int(index.data(MessageIdRole) or -1))

    def _menu(self, point: QPoint) -> None:
        index = self.tree.indexAt(point)
        conversation_id = index.data(ConversationIdRole)
        if conversation_id is None:
            return
        conversation_id = int(conversation_id)
        menu = QMenu(self)
        rename = QAction(self.tr("Rename…"), menu)
        rename.triggered.connect(lambda: self.renameRequested.emit(conversation_id))
        pinned = self._pinned.get(conversation_id, False)
        pin = QAction(self.tr("Unpin") if pinned else self.tr("Pin"), menu)
        pin.triggered.connect(lambda: self.pinRequested.emit(conversation_id, not pinned))
        export_md = QAction(self.tr("Export as Markdown…"), menu)
        export_md.triggered.connect(lambda: self.exportRequested.emit(conversation_id, "markdown"))
        export_json = QAction(self.tr("Export as JSON…"), menu)
        export_json.triggered.connect(lambda: self.exportRequested.emit(conversation_id, "json"))
        delete = QAction(self.tr("Delete"), menu)
        delete.triggered.connect(lambda: self.deleteRequested.emit(conversation_id))
        for action in (rename, pin, export_md, export_json):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(delete)
        menu.popup(self.tree.viewport().mapToGlobal(point))
