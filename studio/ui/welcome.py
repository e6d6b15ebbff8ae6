"""First run: connect to a gateway with a URL and a key, or try the built-in demo without one."""

from __future__ import annotations

from urllib.parse import urlsplit

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..api.defaults import DEFAULT_BASE_URL
from ..core.settings import Profile, SettingsError
from ..core.workspace import Workspace
from ..qt.messages import translated
from .connection_widgets import ERROR_STYLE, NOTE_STYLE, ConnectionTester, MessageLabel, SecretField


class WelcomeDialog(QDialog):
    demoChosen = Signal()  # the Demo profile exists and is active
    connected = Signal()  # a new profile with the user's key exists and is active

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.setWindowTitle(self.tr("Welcome to UniAPI Studio"))
        title = QLabel(self.tr("Welcome to UniAPI Studio"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel(
            self.tr(
                "Chat, images, audio, music and video from one UniAPI key, with everything you make "
                "kept in one library on this computer.\n\n"
                "Enter your gateway's address and your API key to begin. "
                "No key yet? Try the demo: it runs a simulated gateway inside the studio, free and offline."
            )
        )
        intro.setWordWrap(True)

        self.url_edit = QLineEdit(DEFAULT_BASE_URL)
        self.url_edit.textChanged.connect(self._edited)
        self.url_error = MessageLabel(ERROR_STYLE)
        self.key_field = SecretField()
        self.key_field.setPlaceholderText(self.tr("Paste your API key"))
        self.key_field.textChanged.connect(self._edited)
        self.key_error = MessageLabel(ERROR_STYLE)
        key_note = QLabel(
            self.tr(
                "The key is stored in your system keyring (where there is none, in a file only you can "
                "read), never in the settings file."
            )
        )
        key_note.setWordWrap(True)
        key_note.setStyleSheet(NOTE_STYLE)
        self.tester = ConnectionTester(workspace)
        self.tester.testRequested.connect(self.test_connection)

        form = QFormLayout()
        form.addRow(self.tr("Base URL"), self._with_notes(self.url_edit, self.url_error))
        form.addRow(self.tr("API key"), self._with_notes(self.key_field, self.key_error, key_note))
        form.addRow("", self.tester)

        self.demo_button = QPushButton(self.tr("Try the demo (no key needed)"))
        self.demo_button.clicked.connect(self.choose_demo)
        self.save_button = QPushButton(self.tr("Save and start"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save_and_start)
        self.error_label = MessageLabel(ERROR_STYLE)
        buttons = QHBoxLayout()
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        self.resize(620, self.sizeHint().height())
        self.key_field.setFocus(Qt.FocusReason.OtherFocusReason)

    @staticmethod
    def _with_notes(field: QWidget, *notes: QLabel) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(field)
        for note in notes:
            layout.addWidget(note)
        return box

    def _edited(self) -> None:
        self.url_error.setText("")
        self.key_error.setText("")
        self.error_label.setText("")

    def _checked_url(self) -> str | None:
        from ..api.client import check_base_url  # the HTTP stack loads on first use, not at start-up

        url = self.url_edit.text().strip()
        problem = check_base_url(url)
        if problem:
            self.url_error.setText(translated(problem))
            return None
        return url

    def test_connection(self) -> None:
        url = self._checked_url()
        if url is None:
            self.tester.clear()  # the problem is explained under the field
            return
        from ..api.client import ClientConfig

        self.tester.run(ClientConfig(base_url=url, api_key=self.key_field.text()))

    def save_and_start(self) -> None:
        url = self._checked_url()
        key = self.key_field.text()
        if not key:
            self.key_error.setText(self.tr("Enter your API key, or try the demo."))
        if url is None or not key:
            return
        settings = self.workspace.settings
        host = urlsplit(url).hostname or url
        name, number = host, 2
        while settings.profile(name) is not None:
            name, number = f"{host} {number}", number + 1
        try:
            settings.add_profile(Profile(name=name, base_url=url), api_key=key, activate=True)
        except (SettingsError, OSError) as error:
            self.error_label.setText(self.tr("The profile could not be saved: {error}").format(error=error))
            return
        self.workspace.reset_api()
        self.connected.emit()
        self.accept()

    def choose_demo(self) -> None:
        self.workspace.ensure_demo_profile()
        self.demoChosen.emit()
        self.accept()

    def done(self, result: int) -> None:
        self.tester.cancel()
        super().done(result)
