"""The "Check library" report: files missing or damaged, and unused files the user may remove."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.library_check import CheckReport

ORPHAN_ROLE = Qt.ItemDataRole.UserRole + 1


class CheckDialog(QDialog):
    def __init__(
        self, report: CheckReport, remove_orphans: Callable[[list[Path]], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Check library"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(620, 420)
        self.report = report
        self.summary = QLabel(self._summary(report))
        self.summary.setWordWrap(True)
        self.problems = QListWidget()
        for stored in report.missing:
            self.problems.addItem(
                self.tr("Missing: {name} (used by {count} assets)").format(
                    name=_short(stored.sha256, stored.ext), count=len(stored.asset_ids)
                )
            )
        for stored in report.damaged:
            self.problems.addItem(
                self.tr("Damaged: {name} (used by {count} assets)").format(
                    name=_short(stored.sha256, stored.ext), count=len(stored.asset_ids)
                )
            )
        for path in report.orphans:
            item = QListWidgetItem(self.tr("Unused: {name}").format(name=path.name))
            item.setData(ORPHAN_ROLE, True)
            self.problems.addItem(item)
        self.problems.setVisible(self.problems.count() > 0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.remove_button = QPushButton(self.tr("Remove {count} unused files…").format(count=len(report.orphans)))
        self.remove_button.setVisible(bool(report.orphans))
        self.remove_button.clicked.connect(lambda: remove_orphans(list(report.orphans)))
        buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems, 1)
        layout.addWidget(buttons)

    def _summary(self, report: CheckReport) -> str:
        if report.healthy:
            return self.tr("All {count} files are whole: each still matches the hash it was stored under.").format(
                count=report.checked
            )
        return self.tr(
            "{count} files checked: {missing} missing, {damaged} damaged (their bytes changed since they were "
            "stored), {orphans} unused by any asset."
        ).format(
            count=report.checked,
            missing=len(report.missing),
            damaged=len(report.damaged),
            orphans=len(report.orphans),
        )

    def orphans_removed(self, count: int) -> None:
        self.remove_button.setVisible(False)
        for row in reversed(range(self.problems.count())):
            item = self.problems.item(row)
            if item is not None and item.data(ORPHAN_ROLE):
                self.problems.takeItem(row)
        self.summary.setText(self.summary.text() + " " + self.tr("{count} unused files removed.").format(count=count))


def _short(sha256: str, ext: str) -> str:
    return f"{sha256[:12]}….{ext}"
