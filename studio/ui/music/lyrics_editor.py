"""A lyrics editor: section tags ([Verse], [Chorus], …) highlighted, and the character count below.

Also the style-tag line's completer, which completes the tag being typed after the last comma.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import QCompleter, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

SECTION_TAG = re.compile(r"\[[^\[\]\n]{1,40}\]")


class SectionHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.tag_format = QTextCharFormat()
        self.tag_format.setForeground(QColor("#ef6c00"))
        self.tag_format.setFontWeight(QFont.Weight.Bold)

    def highlightBlock(self, text: str) -> None:
        for match in SECTION_TAG.finditer(text):
            self.setFormat(match.start(), match.end() - match.start(), self.tag_format)


class LyricsEditor(QWidget):
    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QPlainTextEdit()
        self.edit.setAccessibleName(self.tr("Lyrics"))
        self.edit.setPlaceholderText(placeholder)
        self.highlighter = SectionHighlighter(self.edit.document())
        self.count = QLabel()
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.count.setStyleSheet("color: palette(placeholder-text);")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.count)
        self.edit.textChanged.connect(self._count)
        self._count()

    def text(self) -> str:
        return self.edit.toPlainText()

    def set_text(self, text: str) -> None:
        self.edit.setPlainText(text)

    def _count(self) -> None:
        text = self.edit.toPlainText()
        sections = len(SECTION_TAG.findall(text))
        self.count.setText(
            self.tr("{count} characters · {sections} sections").format(count=len(text), sections=sections)
        )


class TagCompleter(QCompleter):
    """Completes the style tag after the last comma, keeping the tags before it."""

    def __init__(self, suggestions: Sequence[str], line: QLineEdit) -> None:
        super().__init__(QStringListModel(list(suggestions)), line)
        self.line = line
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchStartsWith)
        line.setCompleter(self)

    def splitPath(self, path: str) -> list[str]:
        return [path.split(",")[-1].strip()]

    def pathFromIndex(self, index: object) -> str:
        chosen = str(super().pathFromIndex(index))  # type: ignore[arg-type]
        before = self.line.text().rsplit(",", 1)[0] if "," in self.line.text() else ""
        return f"{before.strip()}, {chosen}" if before.strip() else chosen
