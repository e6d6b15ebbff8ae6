"""Help ▸ Keyboard shortcuts (the shortcut table, grouped by where each key works) and Help ▸ About
(versions, and the data and log folders with buttons that open them in the file manager)."""

from __future__ import annotations

import platform
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .. import __version__
from .shortcuts import SCOPES, SHORTCUTS, native_keys, translated_scope, translated_title


def versions() -> list[tuple[str, str]]:
    """(component, version) of what this build runs on, for About and crash reports."""
    return [
        ("UniAPI Studio", __version__),
        ("Qt", qVersion()),
        ("PySide6", PySide6.__version__),
        ("Python", platform.python_version()),
        ("System", platform.platform(terse=True)),
    ]


def open_folder(path: Path) -> bool:
    """Show `path` in the desktop's file manager (created first, so there is something to open)."""
    path.mkdir(parents=True, exist_ok=True)
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.setObjectName("shortcutsDialog")
        self.resize(560, 620)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filter by action or key"))
        self.filter.setAccessibleName(self.tr("Filter shortcuts"))
        self.filter.setClearButtonEnabled(True)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.tree.setHeaderLabels([self.tr("Action"), self.tr("Keys")])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        for scope in SCOPES:
            entries = [entry for entry in SHORTCUTS if entry.scope == scope]
            if not entries:
                continue
            group = QTreeWidgetItem(self.tree, [translated_scope(scope)])
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setFirstColumnSpanned(True)
            for entry in entries:
                item = QTreeWidgetItem(group, [translated_title(entry), native_keys(entry)])
                item.setData(0, Qt.ItemDataRole.UserRole, entry.name)
        self.tree.expandAll()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.filter.textChanged.connect(self._filter)

    def rows(self) -> list[tuple[str, str]]:
        """(action, keys) of every visible entry, as the dialog shows them."""
        found = []
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            for i in range(group.childCount()):
                item = group.child(i)
                if not item.isHidden():
                    found.append((item.text(0), item.text(1)))
        return found

    def _filter(self, text: str) -> None:
        needle = text.strip().lower()
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            shown = 0
            for i in range(group.childCount()):
                item = group.child(i)
                hit = not needle or needle in item.text(0).lower() or needle in item.text(1).lower()
                item.setHidden(not hit)
                shown += hit
            group.setHidden(shown == 0)


class AboutDialog(QDialog):
    def __init__(self, data_dir: Path, log_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About UniAPI Studio"))
        self.setObjectName("aboutDialog")
        self.data_dir = data_dir
        self.log_dir = log_dir
        heading = QLabel(self.tr("UniAPI Studio {version}").format(version=__version__))
        heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        blurb = QLabel(self.tr("A desktop studio for the UniAPI gateway: chat, audio, images, music and video."))
        blurb.setWordWrap(True)
        form = QFormLayout()
        self.version_labels: dict[str, QLabel] = {}
        for name, value in versions()[1:]:
            label = QLabel(value)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.version_labels[name] = label
            shown = self.tr("System") if name == "System" else name  # the others are product names
            form.addRow(self.tr("{name}:").format(name=shown), label)
        self.data_button = QPushButton(self.tr("Open"))
        self.data_button.setAccessibleName(self.tr("Open the data folder"))
        self.data_button.clicked.connect(lambda: open_folder(self.data_dir))
        self.log_button = QPushButton(self.tr("Open"))
        self.log_button.setAccessibleName(self.tr("Open the log folder"))
        self.log_button.clicked.connect(lambda: open_folder(self.log_dir))
        self.data_path = self._path_field(data_dir, self.tr("Data folder"))
        self.log_path = self._path_field(log_dir, self.tr("Log folder"))
        form.addRow(self.tr("Data folder:"), _row(self.data_path, self.data_button))
        form.addRow(self.tr("Log folder:"), _row(self.log_path, self.log_button))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(blurb)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.resize(620, 320)

    def _path_field(self, path: Path, name: str) -> QLineEdit:
        shown = QLineEdit(str(path))
        shown.setReadOnly(True)
        shown.setAccessibleName(name)
        shown.setCursorPosition(0)
        return shown


def _row(*widgets: QWidget) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget, 1 if isinstance(widget, QLineEdit) else 0)
    return row
