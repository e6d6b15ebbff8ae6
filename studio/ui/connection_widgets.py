"""Pieces shared by the settings dialog and the welcome: a masked key field and "Test connection"."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..api.errors import ApiError, StudioError
from ..api.sentences import QT_TRANSLATE_NOOP
from ..core.workspace import ConnectionReport, Workspace
from ..qt.messages import translated
from ..qt.operation import Operation
from . import formats

if TYPE_CHECKING:  # the HTTP stack loads when a test starts, not when the welcome opens
    from ..api.client import ClientConfig

ERROR_STYLE = "color: #c62828;"
SUCCESS_STYLE = "color: #2e7d32;"
NOTE_STYLE = "color: palette(placeholder-text);"


_windows_to_fit: set[QWidget] = set()


def _fit_window(window: QWidget) -> None:
    """Grow a window whose messages no longer fit; never shrink what the user sized."""
    _windows_to_fit.discard(window)
    if not shiboken6.isValid(window) or not window.isVisible() or not window.hasHeightForWidth():
        return
    needed = window.heightForWidth(window.width())
    if needed > window.height():
        window.resize(window.width(), needed)


class MessageLabel(QLabel):
    """A word-wrapped message line that hides while empty and re-measures its height on every change.

    Layouts cache their children's height-for-width, so a shown wrapped label given longer text is
    clipped; telling every widget and layout above it that its geometry changed makes them ask again,
    and the window grows when the message would not fit otherwise.
    """

    def __init__(self, style: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet(style)
        self.setVisible(False)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setVisible(bool(text))
        widget: QWidget | None = self
        while widget is not None:
            widget.updateGeometry()
            layout = widget.layout()
            if layout is not None:
                layout.invalidate()
            widget = widget.parentWidget()
        window = self.window()
        if window not in _windows_to_fit:
            _windows_to_fit.add(window)
            # After the current change settles: a form refills several labels in one go.
            QTimer.singleShot(0, lambda: _fit_window(window))


class SecretField(QWidget):
    """A masked line edit with a Show/Hide button; the text never leaves it except through `text()`."""

    textChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.textChanged.connect(self.textChanged)
        self.toggle = QToolButton()
        self.toggle.setCheckable(True)
        self.toggle.toggled.connect(self._reveal)
        self._reveal(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.toggle)
        self.setFocusProxy(self.edit)

    def _reveal(self, shown: bool) -> None:
        self.edit.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        self.toggle.setText(self.tr("Hide") if shown else self.tr("Show"))
        self.toggle.setToolTip(self.tr("Hide the text") if shown else self.tr("Show the text"))

    def text(self) -> str:
        return self.edit.text().strip()

    def setText(self, text: str) -> None:
        self.edit.setText(text)

    def setPlaceholderText(self, text: str) -> None:
        self.edit.setPlaceholderText(text)


class ConnectionTester(QWidget):
    """The "Test connection" button, its result line and a Details expander for the raw error.

    The owner answers `testRequested` with `run(config, subject)`; the test runs on the event loop and
    `finished(subject, report)` follows. A result is shown only while `subject` is still `current_subject`
    (the settings dialog tests one profile while the user may already look at another).
    """

    testRequested = Signal()
    finished = Signal(object, object)  # subject, ConnectionReport

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.current_subject: Any = None
        self._operation: Operation[ConnectionReport] | None = None
        self.button = QPushButton(self.tr("Test connection"))
        self.button.clicked.connect(self.testRequested)
        self.button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.status = MessageLabel()
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.details_button = QToolButton()
        self.details_button.setText(self.tr("Details"))
        self.details_button.setCheckable(True)
        self.details_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.details_button.setArrowType(Qt.ArrowType.RightArrow)
        self.details_button.setAutoRaise(True)
        self.details_button.toggled.connect(self._expand)
        self.details_button.setVisible(False)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setMaximumHeight(110)
        self.details.setVisible(False)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.status, 1)
        row.addWidget(self.details_button, 0, Qt.AlignmentFlag.AlignTop)
        row.addStretch(0)  # keeps the button at the left while there is no result line
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.details)

    @property
    def busy(self) -> bool:
        return self._operation is not None and self._operation.running

    def run(self, config: ClientConfig, subject: Any = None) -> None:
        if self.busy:
            return
        from ..api.retry import RetryPolicy

        # A test answers quickly: one retry for a passing hiccup, not the patience of a poll.
        config = dataclasses.replace(config, retry=RetryPolicy(poll_attempts=2, submit_attempts=1))
        self.current_subject = subject
        self.button.setEnabled(False)
        self.button.setText(self.tr("Testing…"))
        self._set_status(self.tr("Connecting to {url}…").format(url=config.base_url), NOTE_STYLE, "")
        self._operation = (
            Operation(self, lambda _progress: self.workspace.test_connection(config))
            .success(lambda report: self._done(subject, report))
            .failure(lambda error: self._done(subject, ConnectionReport(False, [], None, _as_api_error(error))))
            .run()
        )

    def _done(self, subject: Any, report: ConnectionReport) -> None:
        self._operation = None
        self.button.setEnabled(True)
        self.button.setText(self.tr("Test connection"))
        if subject is self.current_subject:
            self.show_report(report)
        self.finished.emit(subject, report)

    def cancel(self) -> None:
        if self._operation is not None:
            self._operation.cancel()
        self._operation = None
        self.button.setEnabled(True)
        self.button.setText(self.tr("Test connection"))

    def show_subject(self, subject: Any, report: ConnectionReport | None) -> None:
        """Look at another subject: show its last result, or nothing (a running test carries on)."""
        self.current_subject = subject
        if report is None:
            self.clear()
        else:
            self.show_report(report)

    def show_report(self, report: ConnectionReport) -> None:
        style = SUCCESS_STYLE if report.ok else ERROR_STYLE
        self._set_status(self.describe(report), style, "" if report.ok else report.details)

    def describe(self, report: ConnectionReport) -> str:
        """One sentence for a finished test, in the interface language."""
        if not report.ok:
            return translated(report.error)
        count = len(report.models)
        if report.balance is None:
            return self.tr("Connected: {count} models (this gateway does not report a balance)").format(count=count)
        if report.balance < 0:
            return self.tr("Connected: {count} models, balance unlimited").format(count=count)
        return self.tr("Connected: {count} models, balance ${balance}").format(
            count=count, balance=formats.number(report.balance, 2)
        )

    def clear(self) -> None:
        self._set_status("", "", "")

    def _set_status(self, text: str, style: str, details: str) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(style)
        self.details.setPlainText(details)
        self.details_button.setVisible(bool(details))
        if not details:
            self.details_button.setChecked(False)
        self.details.setVisible(bool(details) and self.details_button.isChecked())

    def _expand(self, shown: bool) -> None:
        self.details_button.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self.details.setVisible(shown and bool(self.details.toPlainText()))


def _as_api_error(error: StudioError) -> ApiError:
    """A failure of the test itself (a proxy URL the client cannot use, say) reported like a refusal."""
    if isinstance(error, ApiError):
        return error
    return ApiError(QT_TRANSLATE_NOOP("ApiMessages", "The connection could not be tested."), details=error.details)
