"""Preferences: connection profiles (URL, key, proxy, default models, timeouts) and general options.

The dialog edits drafts; nothing reaches the settings file or the key store until OK or Apply, so
Cancel always leaves what the user had. Keys and proxy passwords go to the KeyStore, never settings.json.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..api.client import ClientConfig, check_base_url
from ..core.settings import ENV_KEY, Profile, SettingsError, StudioPaths
from ..core.workspace import (
    DEMO_URL,
    ConnectionReport,
    Workspace,
    proxy_secret_name,
    proxy_with_credentials,
)
from ..qt.messages import translated
from .connection_widgets import ERROR_STYLE, NOTE_STYLE, ConnectionTester, MessageLabel, SecretField

FAMILIES = ("chat", "responses", "embeddings", "moderation", "transcription", "speech", "image")
"""The API families a profile names a default model for (keys of `Profile.default_models`)."""

_FAMILY_HINTS: dict[str, tuple[str, ...]] = {
    "embeddings": ("embed",),
    "moderation": ("moderation",),
    "transcription": ("whisper", "transcribe"),
    "speech": ("tts", "speech"),
    "image": ("image", "dall-e", "ideogram", "mj_", "midjourney", "flux", "imagen", "stable-diffusion"),
}
_MEDIA_HINTS = ("suno", "udio", "luma", "veo", "kling", "runway", "video", "music", "instruct")

PROXY_SCHEMES = ("http", "https", "socks5", "socks5h")


def models_for_family(family: str, models: list[str]) -> tuple[list[str], list[str]]:
    """(likely models for `family`, all the others), each in the gateway's order."""
    hints = _FAMILY_HINTS.get(family)
    if hints is None:  # chat and responses: whatever no other family or media service claims
        claimed = tuple(h for family_hints in _FAMILY_HINTS.values() for h in family_hints) + _MEDIA_HINTS
        likely = [m for m in models if not any(h in m.lower() for h in claimed)]
    else:
        likely = [m for m in models if any(h in m.lower() for h in hints)]
    return likely, [m for m in models if m not in likely]


def compose_proxy(scheme: str, host: str, port: int) -> str | None:
    if not scheme or not host:
        return None
    host = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"{scheme}://{host}:{port}"


def proxy_userinfo(user: str, password: str) -> str:
    """`user:password`, percent-encoded for a URL; empty when there is no user."""
    if not user:
        return ""
    return quote(user, safe="") + (":" + quote(password, safe="") if password else "")


@dataclass
class ProfileDraft:
    """One profile as the dialog edits it; `original` is its name in the settings (None when new)."""

    original: str | None
    profile: Profile
    key: str = ""
    stored_key: str = ""
    proxy_scheme: str = ""
    proxy_host: str = ""
    proxy_port: int = 0
    proxy_user: str = ""
    proxy_password: str = ""
    stored_proxy_secret: str = ""
    secrets_loaded: bool = False
    models: list[str] = field(default_factory=list)
    report: ConnectionReport | None = None

    @property
    def name(self) -> str:
        return self.profile.name.strip()

    @property
    def is_demo(self) -> bool:
        return self.profile.base_url == DEMO_URL

    @property
    def proxy_url(self) -> str | None:
        return compose_proxy(self.proxy_scheme, self.proxy_host.strip(), self.proxy_port)

    @property
    def proxy_secret(self) -> str:
        return proxy_userinfo(self.proxy_user, self.proxy_password) if self.proxy_url else ""

    def saved_profile(self) -> Profile:
        return self.profile.replaced(name=self.name, proxy=self.proxy_url)


class SettingsDialog(QDialog):
    profilesChanged = Signal()  # after OK/Apply changed anything a connection depends on
    languageChanged = Signal(str)  # "" (follow the system), "en" or "zh_CN"; shown after a restart
    themeChanged = Signal(str)  # "system", "light" or "dark": applied at once
    enterSendsChanged = Signal(bool)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.settings = workspace.settings
        self.setWindowTitle(self.tr("Settings"))
        self._loading = False
        self._deleted: list[ProfileDraft] = []
        self.drafts: list[ProfileDraft] = [self._draft_from(p) for p in self.settings.profiles]
        active = self.settings.active_profile()
        self.active: ProfileDraft | None = next(
            (d for d in self.drafts if active is not None and d.original == active.name), None
        )
        self.confirm_box: QMessageBox | None = None

        # A read-only field (the demo's URL and name) should not look like one waiting for typing.
        self.setStyleSheet('QLineEdit[readOnly="true"] { background: palette(window); }')
        self.pages = QTabWidget()
        self.pages.addTab(self._build_profiles_page(), self.tr("Profiles"))
        self.pages.addTab(self._build_general_page(), self.tr("General"))
        self.error_label = MessageLabel(ERROR_STYLE)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.Apply
        )
        self.buttons.clicked.connect(self._button_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        self._fill_profile_list()
        start = self.active or (self.drafts[0] if self.drafts else None)
        if start is not None:
            self.profile_list.setCurrentRow(self.drafts.index(start))
        self._load_draft()
        self._load_general()
        self.resize(860, 640)

    # building ------------------------------------------------------------------------------------

    def _build_profiles_page(self) -> QWidget:
        self.profile_list = QListWidget()
        self.profile_list.currentRowChanged.connect(lambda _row: self._load_draft())
        self.add_button = QPushButton(self.tr("Add"))
        self.add_button.setToolTip(self.tr("Add a profile"))
        self.add_button.clicked.connect(self.add_profile)
        self.delete_button = QPushButton(self.tr("Delete…"))
        self.delete_button.setToolTip(self.tr("Delete the selected profile"))
        self.delete_button.clicked.connect(self.confirm_delete)
        self.activate_button = QPushButton(self.tr("Use this profile"))
        self.activate_button.setToolTip(self.tr("Make the selected profile the one the studio connects with"))
        self.activate_button.clicked.connect(self.activate_selected)
        list_buttons = QHBoxLayout()
        list_buttons.addWidget(self.add_button)
        list_buttons.addWidget(self.delete_button)
        left = QVBoxLayout()
        left.addWidget(self.profile_list, 1)
        left.addLayout(list_buttons)
        left.addWidget(self.activate_button)

        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("A name you recognise, such as Work"))
        self.name_edit.textChanged.connect(self._form_changed)
        self.name_error = MessageLabel(ERROR_STYLE)
        self.active_note = MessageLabel(NOTE_STYLE)

        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText("https://api.uniapi.io")
        self.url_edit.textChanged.connect(self._url_edited)
        self.url_edit.editingFinished.connect(self._check_url)
        self.url_error = MessageLabel(ERROR_STYLE)
        self.url_note = MessageLabel(NOTE_STYLE)
        self.key_field = SecretField()
        self.key_field.textChanged.connect(self._form_changed)
        self.key_note = MessageLabel(NOTE_STYLE)
        self.tester = ConnectionTester(self.workspace)
        self.tester.testRequested.connect(self.test_connection)
        self.tester.finished.connect(self._test_finished)
        connection = QGroupBox(self.tr("Connection"))
        connection_form = QFormLayout(connection)
        connection_form.addRow(self.tr("Base URL"), self._with_notes(self.url_edit, self.url_error, self.url_note))
        connection_form.addRow(self.tr("API key"), self._with_notes(self.key_field, self.key_note))
        connection_form.addRow("", self.tester)

        self.proxy_scheme = QComboBox()
        self.proxy_scheme.addItem(self.tr("No proxy"), "")
        self.proxy_scheme.addItem("HTTP", "http")
        self.proxy_scheme.addItem("HTTPS", "https")
        self.proxy_scheme.addItem("SOCKS5", "socks5")
        self.proxy_scheme.addItem("SOCKS5h", "socks5h")
        self.proxy_scheme.setItemData(
            self.proxy_scheme.count() - 1,
            self.tr("SOCKS5, with host names resolved by the proxy"),
            Qt.ItemDataRole.ToolTipRole,
        )
        self.proxy_scheme.currentIndexChanged.connect(self._proxy_scheme_changed)
        self.proxy_host = QLineEdit()
        self.proxy_host.setPlaceholderText(self.tr("Host, such as 127.0.0.1"))
        self.proxy_host.textChanged.connect(self._form_changed)
        self.proxy_port = QSpinBox()
        self.proxy_port.setRange(0, 65535)
        self.proxy_port.setSpecialValueText(self.tr("Port"))
        self.proxy_port.valueChanged.connect(self._form_changed)
        self.proxy_user = QLineEdit()
        self.proxy_user.setPlaceholderText(self.tr("User (optional)"))
        self.proxy_user.textChanged.connect(self._form_changed)
        self.proxy_password = SecretField()
        self.proxy_password.setPlaceholderText(self.tr("Password (optional)"))
        self.proxy_password.textChanged.connect(self._form_changed)
        self.proxy_error = MessageLabel(ERROR_STYLE)
        proxy = QGroupBox(self.tr("Proxy"))
        proxy_grid = QGridLayout(proxy)
        self.proxy_port.setMinimumWidth(90)
        sign_in = QHBoxLayout()
        sign_in.addWidget(self.proxy_user, 1)
        sign_in.addWidget(self.proxy_password, 1)
        proxy_grid.addWidget(self.proxy_scheme, 0, 0)
        proxy_grid.addWidget(self.proxy_host, 0, 1)
        proxy_grid.addWidget(self.proxy_port, 0, 2)
        proxy_grid.addLayout(sign_in, 1, 1, 1, 2)
        proxy_grid.addWidget(self.proxy_error, 2, 0, 1, 3)
        proxy_grid.setColumnStretch(1, 1)

        self.connect_timeout = QSpinBox()
        self.connect_timeout.setRange(1, 300)
        self.connect_timeout.setSuffix(self.tr(" s"))
        self.connect_timeout.valueChanged.connect(self._form_changed)
        self.read_timeout = QSpinBox()
        self.read_timeout.setRange(5, 3600)
        self.read_timeout.setSuffix(self.tr(" s"))
        self.read_timeout.setToolTip(self.tr("The longest silence allowed while waiting for a reply or a stream"))
        self.read_timeout.valueChanged.connect(self._form_changed)
        timeouts = QGroupBox(self.tr("Timeouts"))
        timeouts_row = QHBoxLayout(timeouts)
        timeouts_row.addWidget(QLabel(self.tr("Connect")))
        timeouts_row.addWidget(self.connect_timeout)
        timeouts_row.addSpacing(16)
        timeouts_row.addWidget(QLabel(self.tr("Read (idle)")))
        timeouts_row.addWidget(self.read_timeout)
        timeouts_row.addStretch(1)

        labels = {
            "chat": self.tr("Chat"),
            "responses": self.tr("Responses"),
            "embeddings": self.tr("Embeddings"),
            "moderation": self.tr("Moderation"),
            "transcription": self.tr("Transcription"),
            "speech": self.tr("Speech"),
            "image": self.tr("Image"),
        }
        self.model_combos: dict[str, QComboBox] = {}
        models = QGroupBox(self.tr("Default models"))
        models_grid = QGridLayout(models)
        for index, family in enumerate(FAMILIES):
            combo = QComboBox()
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            line = combo.lineEdit()
            assert line is not None  # an editable combo always has one
            line.setPlaceholderText(self.tr("Not set"))
            combo.editTextChanged.connect(self._form_changed)
            self.model_combos[family] = combo
            row, column = index % 4, (index // 4) * 2
            models_grid.addWidget(QLabel(labels[family]), row, column)
            models_grid.addWidget(combo, row, column + 1)
        models_grid.setColumnStretch(1, 1)
        models_grid.setColumnStretch(3, 1)
        self.models_note = MessageLabel(NOTE_STYLE)
        models_grid.addWidget(self.models_note, 4, 0, 1, 4)

        name_row = QFormLayout()
        name_row.addRow(self.tr("Name"), self._with_notes(self.name_edit, self.name_error, self.active_note))
        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.addLayout(name_row)
        editor_layout.addWidget(connection)
        editor_layout.addWidget(proxy)
        editor_layout.addWidget(timeouts)
        editor_layout.addWidget(models)
        editor_layout.addStretch(1)
        self.editor = editor
        self.no_profile = QLabel(self.tr("There are no profiles. Press Add to connect to a gateway."))
        self.no_profile.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_profile.setWordWrap(True)

        page = QWidget()
        layout = QHBoxLayout(page)
        layout.addLayout(left, 1)
        layout.addWidget(editor, 3)
        layout.addWidget(self.no_profile, 3)
        return page

    def _build_general_page(self) -> QWidget:
        self.language = QComboBox()
        self.language.addItem(self.tr("System language"), "")
        self.language.addItem("English", "en")
        self.language.addItem("简体中文", "zh_CN")
        language_note = QLabel(self.tr("A new language applies after a restart."))
        language_note.setStyleSheet(NOTE_STYLE)

        self.theme = QComboBox()
        self.theme.addItem(self.tr("Like the system"), "system")
        self.theme.addItem(self.tr("Light"), "light")
        self.theme.addItem(self.tr("Dark"), "dark")
        self.enter_sends = QRadioButton(self.tr("Enter sends, Shift+Enter starts a new line"))
        self.ctrl_enter_sends = QRadioButton(self.tr("Ctrl+Enter sends, Enter starts a new line"))
        self._send_keys = QButtonGroup(self)
        self._send_keys.addButton(self.enter_sends)
        self._send_keys.addButton(self.ctrl_enter_sends)

        default_data = StudioPaths.default().data_dir
        self.data_dir_error = MessageLabel(ERROR_STYLE)
        self.data_dir_edit = QLineEdit()
        self.data_dir_edit.setPlaceholderText(str(default_data))
        self.data_dir_edit.setToolTip(self.tr("Leave empty to use the default folder"))
        self.data_dir_edit.textChanged.connect(lambda _text: self.data_dir_error.setText(""))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse_data_dir)
        data_row = QHBoxLayout()
        data_row.addWidget(self.data_dir_edit, 1)
        data_row.addWidget(browse)
        data_note = QLabel(
            self.tr(
                "Conversations and media are kept in this folder. A new folder is used after a restart; "
                "what is in the old one is not moved."
            )
        )
        data_note.setWordWrap(True)
        data_note.setStyleSheet(NOTE_STYLE)
        config_note = QLabel(self.tr("Settings are kept in {path}").format(path=self.settings.paths.settings_file))
        config_note.setWordWrap(True)
        config_note.setStyleSheet(NOTE_STYLE)
        config_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        language_box = QGroupBox(self.tr("Language"))
        language_layout = QVBoxLayout(language_box)
        language_row = QHBoxLayout()
        language_row.addWidget(self.language)
        language_row.addStretch(1)
        language_layout.addLayout(language_row)
        language_layout.addWidget(language_note)
        theme_box = QGroupBox(self.tr("Appearance"))
        theme_row = QHBoxLayout(theme_box)
        theme_row.addWidget(self.theme)
        theme_row.addStretch(1)
        send_box = QGroupBox(self.tr("Sending messages"))
        send_layout = QVBoxLayout(send_box)
        send_layout.addWidget(self.enter_sends)
        send_layout.addWidget(self.ctrl_enter_sends)
        data_box = QGroupBox(self.tr("Data folder"))
        data_layout = QVBoxLayout(data_box)
        data_layout.addLayout(data_row)
        data_layout.addWidget(self.data_dir_error)
        data_layout.addWidget(data_note)
        data_layout.addWidget(config_note)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(language_box)
        layout.addWidget(theme_box)
        layout.addWidget(send_box)
        layout.addWidget(data_box)
        layout.addStretch(1)
        return page

    @staticmethod
    def _with_notes(field: QWidget, *notes: QLabel) -> QWidget:
        """A field with its message lines under it; a hidden message takes no room."""
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(field)
        for note in notes:
            layout.addWidget(note)
        return box

    # drafts --------------------------------------------------------------------------------------

    def _draft_from(self, profile: Profile) -> ProfileDraft:
        draft = ProfileDraft(original=profile.name, profile=profile.replaced())
        if profile.proxy:
            try:
                url = urlsplit(profile.proxy)
                port = url.port
            except ValueError:
                url, port = None, None
            if url is not None and url.scheme in PROXY_SCHEMES:
                draft.proxy_scheme = url.scheme
                draft.proxy_host = url.hostname or ""
                draft.proxy_port = port or (1080 if url.scheme.startswith("socks5") else 8080)
                # Credentials written into the URL by hand move to the key store on the next save.
                draft.proxy_user = unquote(url.username or "")
                draft.proxy_password = unquote(url.password or "")
        return draft

    def _load_secrets(self, draft: ProfileDraft) -> None:
        """Read the key and proxy credentials the first time a saved profile is shown."""
        if draft.secrets_loaded:
            return
        draft.secrets_loaded = True
        if draft.original is None or draft.is_demo:
            return
        draft.stored_key = self.settings.api_key(draft.original) or ""
        draft.key = draft.stored_key
        secret = self.settings.keys.get(proxy_secret_name(draft.original)) or ""
        draft.stored_proxy_secret = secret
        if secret and not draft.proxy_user:
            user, _, password = secret.partition(":")
            draft.proxy_user, draft.proxy_password = unquote(user), unquote(password)

    @property
    def current(self) -> ProfileDraft | None:
        row = self.profile_list.currentRow()
        return self.drafts[row] if 0 <= row < len(self.drafts) else None

    def _fill_profile_list(self) -> None:
        row = self.profile_list.currentRow()
        self.profile_list.blockSignals(True)
        self.profile_list.clear()
        for draft in self.drafts:
            item = QListWidgetItem()
            self._label_item(item, draft)
            self.profile_list.addItem(item)
        self.profile_list.setCurrentRow(min(row, len(self.drafts) - 1))
        self.profile_list.blockSignals(False)

    def _label_item(self, item: QListWidgetItem, draft: ProfileDraft) -> None:
        name = draft.name or self.tr("(no name)")
        active = draft is self.active
        item.setText(self.tr("{name} (in use)").format(name=name) if active else name)
        font = QFont(item.font())
        font.setBold(active)
        item.setFont(font)

    def _relabel(self) -> None:
        for row, draft in enumerate(self.drafts):
            item = self.profile_list.item(row)
            if item is not None:
                self._label_item(item, draft)

    def _load_draft(self) -> None:
        """Show the selected draft in the form."""
        draft = self.current
        has = draft is not None
        self.editor.setVisible(has)
        self.no_profile.setVisible(not has)
        self.delete_button.setEnabled(has)
        self.activate_button.setEnabled(has and draft is not self.active)
        if draft is None:
            return
        self._load_secrets(draft)
        self._loading = True
        try:
            self.name_edit.setText(draft.profile.name)
            self.name_edit.setReadOnly(draft.is_demo)
            self.active_note.setText(
                self.tr("The studio connects with this profile.")
                if draft is self.active
                else self.tr("Not in use. Press “Use this profile” to connect with it.")
            )
            self.url_edit.setText(self.tr("Built-in simulator") if draft.is_demo else draft.profile.base_url)
            self.url_edit.setReadOnly(draft.is_demo)
            self.url_note.setText(
                self.tr("The demo profile talks to a simulator inside the studio; nothing leaves this computer.")
                if draft.is_demo
                else ""
            )
            self.key_field.setPlaceholderText("" if draft.is_demo else self.tr("sk-…"))
            self.key_field.setText(draft.key)
            self.key_field.toggle.setChecked(False)
            self.proxy_password.toggle.setChecked(False)
            self.key_field.setEnabled(not draft.is_demo)
            self.proxy_scheme.setCurrentIndex(max(0, self.proxy_scheme.findData(draft.proxy_scheme)))
            self.proxy_host.setText(draft.proxy_host)
            self.proxy_port.setValue(draft.proxy_port)
            self.proxy_user.setText(draft.proxy_user)
            self.proxy_password.setText(draft.proxy_password)
            self.connect_timeout.setValue(round(draft.profile.connect_timeout))
            self.read_timeout.setValue(round(draft.profile.read_timeout))
            self._fill_model_combos(draft)
        finally:
            self._loading = False
        for edit in (self.name_edit, self.url_edit):  # the stylesheet reads readOnly when polished
            edit.style().unpolish(edit)
            edit.style().polish(edit)
        self._enable_proxy_fields()
        for label in (self.name_error, self.url_error, self.proxy_error):
            label.setText("")
        self._show_key_note(draft)
        self.tester.show_subject(draft, draft.report)

    def _fill_model_combos(self, draft: ProfileDraft) -> None:
        for family, combo in self.model_combos.items():
            combo.clear()
            likely, others = models_for_family(family, draft.models)
            combo.addItems(likely)
            if likely and others:
                combo.insertSeparator(combo.count())
            combo.addItems(others)
            combo.setEditText(draft.profile.default_models.get(family, ""))
        self.models_note.setText(
            "" if draft.models else self.tr("Test the connection to choose from the gateway's models.")
        )

    def _show_key_note(self, draft: ProfileDraft) -> None:
        if draft.is_demo:
            text = self.tr("The demo needs no key.")
            style = NOTE_STYLE
        elif self.settings.keys.warning is not None:
            text = self.tr(
                "No system keyring is available, so the key is kept in {path}, readable only by you. "
                "Install a keyring service to store it more safely."
            ).format(path=self.settings.keys.key_file)
            style = ERROR_STYLE
        else:
            text = self.tr("The key is stored in the system keyring, never in the settings file.")
            style = NOTE_STYLE
        if os.environ.get(ENV_KEY) and not draft.is_demo:
            text += " " + self.tr("{variable} is set, so the studio uses that key instead.").format(variable=ENV_KEY)
        self.key_note.setText(text)
        self.key_note.setStyleSheet(style)

    def _form_changed(self) -> None:
        """Copy the form into the selected draft (the form is the draft's only editor)."""
        draft = self.current
        if self._loading or draft is None:
            return
        draft.profile.name = self.name_edit.text()
        if not draft.is_demo:
            draft.profile.base_url = self.url_edit.text().strip()
            draft.key = self.key_field.text()
        draft.proxy_scheme = self.proxy_scheme.currentData() or ""
        draft.proxy_host = self.proxy_host.text().strip()
        draft.proxy_port = self.proxy_port.value()
        draft.proxy_user = self.proxy_user.text().strip()
        draft.proxy_password = self.proxy_password.text()
        draft.profile.connect_timeout = float(self.connect_timeout.value())
        draft.profile.read_timeout = float(self.read_timeout.value())
        draft.profile.default_models = {
            family: combo.currentText().strip()
            for family, combo in self.model_combos.items()
            if combo.currentText().strip()
        }
        item = self.profile_list.currentItem()
        if item is not None:
            self._label_item(item, draft)
        self.name_error.setText("")
        self.proxy_error.setText("")
        self.error_label.setText("")

    def _url_edited(self) -> None:
        self._form_changed()
        if self.url_error.text():  # once shown, the message follows the typing until it is fixed
            self._check_url()

    def _check_url(self) -> bool:
        draft = self.current
        problem = None if draft is None or draft.is_demo else check_base_url(self.url_edit.text())
        self.url_error.setText(translated(problem) if problem else "")
        return problem is None

    def _proxy_scheme_changed(self) -> None:
        scheme = self.proxy_scheme.currentData() or ""
        if scheme and not self._loading and self.proxy_port.value() == 0:
            self.proxy_port.setValue(1080 if scheme.startswith("socks5") else 8080)
        self._enable_proxy_fields()
        self._form_changed()

    def _enable_proxy_fields(self) -> None:
        draft = self.current
        enabled = bool(self.proxy_scheme.currentData()) and draft is not None and not draft.is_demo
        self.proxy_scheme.setEnabled(draft is not None and not draft.is_demo)
        for widget in (self.proxy_host, self.proxy_port, self.proxy_user, self.proxy_password):
            widget.setEnabled(enabled)

    # list actions --------------------------------------------------------------------------------

    def add_profile(self) -> None:
        names = {d.name for d in self.drafts}
        name, number = self.tr("New profile"), 2
        base = name
        while name in names:
            name, number = f"{base} {number}", number + 1
        draft = ProfileDraft(original=None, profile=Profile(name=name), secrets_loaded=True)
        self.drafts.append(draft)
        if self.active is None:
            self.active = draft
        self._fill_profile_list()
        self.profile_list.setCurrentRow(len(self.drafts) - 1)
        self.name_edit.setFocus()
        self.name_edit.selectAll()

    def confirm_delete(self) -> None:
        draft = self.current
        if draft is None:
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Delete profile"))
        box.setText(self.tr("Delete the profile “{name}”?").format(name=draft.name))
        box.setInformativeText(self.tr("Its API key is removed too. Nothing changes until you press OK or Apply."))
        delete = box.addButton(self.tr("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda _result: self._delete_confirmed(box, delete, draft))
        self.confirm_box = box
        box.open()

    def _delete_confirmed(self, box: QMessageBox, delete: QAbstractButton, draft: ProfileDraft) -> None:
        self.confirm_box = None
        box.deleteLater()
        if box.clickedButton() is not delete or draft not in self.drafts:
            return
        row = self.drafts.index(draft)
        self.drafts.remove(draft)
        if draft.original is not None:
            self._deleted.append(draft)
        if draft is self.active:
            self.active = self.drafts[0] if self.drafts else None
        self._fill_profile_list()
        self.profile_list.setCurrentRow(min(row, len(self.drafts) - 1))
        self._relabel()
        self._load_draft()

    def activate_selected(self) -> None:
        draft = self.current
        if draft is None:
            return
        self.active = draft
        self._relabel()
        self._load_draft()

    def select_profile(self, name: str) -> None:
        for row, draft in enumerate(self.drafts):
            if draft.name == name:
                self.profile_list.setCurrentRow(row)
                return

    # testing -------------------------------------------------------------------------------------

    def config_for(self, draft: ProfileDraft) -> ClientConfig:
        """What the form would connect with: its URL, key, proxy (with credentials) and timeouts."""
        if draft.is_demo:
            return self.workspace.client_config(draft.saved_profile())
        proxy = draft.proxy_url
        if proxy:
            proxy = proxy_with_credentials(proxy, draft.proxy_secret)
        return ClientConfig(
            base_url=draft.profile.base_url,
            api_key=draft.key or os.environ.get(ENV_KEY, ""),
            proxy=proxy,
            connect_timeout=draft.profile.connect_timeout,
            read_timeout=draft.profile.read_timeout,
        )

    def test_connection(self) -> None:
        draft = self.current
        if draft is None:
            return
        if not self._check_url() or not self._check_proxy(draft):
            self.tester.clear()  # the problem is explained under its field
            return
        self.tester.run(self.config_for(draft), draft)

    def _test_finished(self, draft: ProfileDraft, report: ConnectionReport) -> None:
        draft.report = report
        if report.ok:
            draft.models = list(report.models)
            if draft is self.current:
                self._loading = True
                try:
                    self._fill_model_combos(draft)
                finally:
                    self._loading = False

    # saving --------------------------------------------------------------------------------------

    def _proxy_problem(self, draft: ProfileDraft) -> str | None:
        if draft.proxy_scheme and not draft.proxy_host:
            return self.tr("Enter the proxy's host name or address, or choose “No proxy”.")
        if draft.proxy_scheme and not draft.proxy_port:
            return self.tr("Enter the proxy's port.")
        if draft.proxy_scheme and draft.proxy_password and not draft.proxy_user:
            return self.tr("A proxy password needs a user name.")
        return None

    def _check_proxy(self, draft: ProfileDraft) -> bool:
        problem = self._proxy_problem(draft)
        self.proxy_error.setText(problem or "")
        return problem is None

    def _problem_in(self, draft: ProfileDraft) -> tuple[QLabel, str] | None:
        """The form's message line and sentence for the first thing that stops `draft` being saved."""
        if not draft.name:
            return self.name_error, self.tr("A profile needs a name.")
        if [d.name for d in self.drafts].count(draft.name) > 1:
            return self.name_error, self.tr("Another profile is already called “{name}”.").format(name=draft.name)
        if "#" in draft.name:
            return self.name_error, self.tr("A profile name cannot contain “#”.")
        if not draft.is_demo:
            problem = check_base_url(draft.profile.base_url)
            if problem:
                return self.url_error, translated(problem)
        proxy_problem = self._proxy_problem(draft)
        if proxy_problem:
            return self.proxy_error, proxy_problem
        return None

    def _validate(self) -> bool:
        """Every draft must be savable before anything is written; show the first problem in place."""
        for draft in self.drafts:
            found = self._problem_in(draft)
            if found is None:
                continue
            self.profile_list.setCurrentRow(self.drafts.index(draft))
            self.pages.setCurrentIndex(0)
            label, sentence = found
            label.setText(sentence)
            self.error_label.setText(self.tr("The profile “{name}” needs attention.").format(name=draft.name))
            return False
        data_dir = self.data_dir_edit.text().strip()
        if data_dir:
            path = Path(data_dir).expanduser()
            problem = None
            if not path.is_absolute():
                problem = self.tr("Choose a full folder path, such as {example}.").format(
                    example=StudioPaths.default().data_dir
                )
            elif path.exists() and not path.is_dir():
                problem = self.tr("{path} is a file, not a folder.").format(path=path)
            if problem:
                self.pages.setCurrentIndex(1)
                self.data_dir_error.setText(problem)
                return False
        return True

    def apply(self) -> bool:
        """Write every change; False (and nothing written) when the form has a problem."""
        if not self._validate():
            return False
        try:
            profiles_changed = self._save_profiles()
            language_changed, enter_changed, theme_changed = self._save_general()
        except (SettingsError, OSError) as error:
            self.error_label.setText(self.tr("The settings could not be saved: {error}").format(error=error))
            return False
        self.error_label.setText("")
        self._fill_profile_list()
        self._load_draft()
        if profiles_changed:
            self.profilesChanged.emit()
        if language_changed:
            self.languageChanged.emit(self.settings.data.language or "")
        if enter_changed:
            self.enterSendsChanged.emit(self.settings.data.enter_sends)
        if theme_changed:
            self.themeChanged.emit(self.settings.data.theme)
        return True

    def _save_profiles(self) -> bool:
        settings, keys = self.settings, self.settings.keys
        changed = False
        for draft in self._deleted:
            assert draft.original is not None
            if settings.profile(draft.original) is not None:
                settings.delete_profile(draft.original)
            keys.delete(proxy_secret_name(draft.original))
            changed = True
        self._deleted.clear()
        renamed = [d for d in self.drafts if d.original is not None and d.original != d.name]
        if {d.name for d in renamed} & {d.original for d in renamed}:
            # Names swapped or passed along: go through temporary names so no step collides.
            for number, draft in enumerate(renamed):
                assert draft.original is not None
                self._rename(draft.original, f"{draft.original}#renaming{number}")
                draft.original = f"{draft.original}#renaming{number}"
        for draft in renamed:
            assert draft.original is not None
            self._rename(draft.original, draft.name)
            draft.original = draft.name
            changed = True
        for draft in self.drafts:
            saved = draft.saved_profile()
            if draft.original is None:
                settings.add_profile(saved, activate=False)
                draft.original = saved.name
                changed = True
            elif settings.profile(draft.original) != saved:
                fields = {k: v for k, v in saved.to_dict().items() if k != "name"}
                settings.update_profile(draft.original, **fields)
                changed = True
            draft.profile = saved.replaced()
            if draft.key != draft.stored_key:
                if draft.key:
                    settings.set_api_key(saved.name, draft.key)
                else:
                    keys.delete(saved.name)
                draft.stored_key = draft.key
                changed = True
            secret = draft.proxy_secret
            if secret != draft.stored_proxy_secret:
                if secret:
                    keys.set(proxy_secret_name(saved.name), secret)
                else:
                    keys.delete(proxy_secret_name(saved.name))
                draft.stored_proxy_secret = secret
                changed = True
        active_name = self.active.name if self.active is not None else None
        if settings.data.active_profile != active_name:
            settings.data.active_profile = active_name
            settings.save()
            changed = True
        return changed

    def _rename(self, old: str, new: str) -> None:
        self.settings.rename_profile(old, new)
        secret = self.settings.keys.get(proxy_secret_name(old))
        if secret:
            self.settings.keys.set(proxy_secret_name(new), secret)
            self.settings.keys.delete(proxy_secret_name(old))

    def _save_general(self) -> tuple[bool, bool, bool]:
        data = self.settings.data
        language = self.language.currentData() or None
        enter_sends = self.enter_sends.isChecked()
        theme = self.theme.currentData() or "system"
        data_dir = self.data_dir_edit.text().strip() or None
        language_changed = language != data.language
        enter_changed = enter_sends != data.enter_sends
        theme_changed = theme != data.theme
        if language_changed or enter_changed or theme_changed or data_dir != data.data_dir:
            data.language, data.enter_sends, data.data_dir, data.theme = language, enter_sends, data_dir, theme
            self.settings.save()
        return language_changed, enter_changed, theme_changed

    def _load_general(self) -> None:
        data = self.settings.data
        self.language.setCurrentIndex(max(0, self.language.findData(data.language or "")))
        (self.enter_sends if data.enter_sends else self.ctrl_enter_sends).setChecked(True)
        self.theme.setCurrentIndex(max(0, self.theme.findData(data.theme)))
        self.data_dir_edit.setText(data.data_dir or "")

    def _browse_data_dir(self) -> None:
        start = self.data_dir_edit.text() or self.data_dir_edit.placeholderText()
        dialog = QFileDialog(self, self.tr("Choose the data folder"), start)
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self.data_dir_edit.setText)
        dialog.open()

    # buttons -------------------------------------------------------------------------------------

    def _button_clicked(self, button: QAbstractButton) -> None:
        role = self.buttons.buttonRole(button)
        if role == QDialogButtonBox.ButtonRole.ApplyRole:
            self.apply()
        elif role == QDialogButtonBox.ButtonRole.AcceptRole:
            if self.apply():
                self.accept()
        elif role == QDialogButtonBox.ButtonRole.RejectRole:
            self.reject()

    def done(self, result: int) -> None:
        self.tester.cancel()
        if self.confirm_box is not None:
            self.confirm_box.close()
        super().done(result)
