"""The settings dialog, used as a person would: type, click, test against the simulator, press OK."""

from __future__ import annotations

import json

import httpx
import pytest
from keyring.backends.fail import Keyring as NoKeyring
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QMessageBox

from studio.app import start_demo_server
from studio.core.settings import KeyStore, Profile, Settings, StudioPaths
from studio.core.workspace import Workspace
from studio.ui.settings_dialog import SettingsDialog, models_for_family
from tests.conftest import TEST_KEY, until


def fresh_settings() -> Settings:
    """Settings as the next start would read them; no keyring here, so keys go to the 0600 file."""
    paths = StudioPaths.default()
    return Settings(paths, KeyStore(paths.key_file, NoKeyring))


@pytest.fixture
def workspace(studio_home, run_async):
    workspace = Workspace(fresh_settings(), demo_server=start_demo_server)
    yield workspace
    run_async(workspace.aclose())


@pytest.fixture
def open_dialog(qtbot, workspace):
    def open_it() -> SettingsDialog:
        dialog = SettingsDialog(workspace)
        qtbot.addWidget(dialog)
        dialog.show()
        return dialog

    return open_it


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def press(qtbot, dialog: SettingsDialog, which: QDialogButtonBox.StandardButton) -> None:
    click(qtbot, dialog.buttons.button(which))


def retype(qtbot, line_edit, text: str) -> None:
    line_edit.selectAll()
    qtbot.keyClicks(line_edit, text)


def add_profile(qtbot, dialog: SettingsDialog, name: str, url: str, key: str) -> None:
    click(qtbot, dialog.add_button)
    retype(qtbot, dialog.name_edit, name)
    retype(qtbot, dialog.url_edit, url)
    qtbot.keyClicks(dialog.key_field.edit, key)


def what_the_gateway_reports(sim) -> str:
    """The success line, from what the simulator says now (other tests spend from its balance)."""
    auth = {"Authorization": f"Bearer {TEST_KEY}"}
    models = httpx.get(f"{sim.base_url}/v1/models", headers=auth).json()["data"]
    usage = httpx.get(f"{sim.base_url}/v1/billing/usage", params={"type": "token", "unit": "usd"}, headers=auth)
    balance = usage.json()["data"]["balance"]
    return f"Connected: {len(models)} models, balance ${balance:,.2f}"


def test_add_a_profile_test_it_and_keep_it_after_ok(qtbot, open_dialog, sim, run_async):
    dialog = open_dialog()
    assert dialog.no_profile.isVisible()

    async def scenario():
        add_profile(qtbot, dialog, "Work", sim.base_url, TEST_KEY)
        assert dialog.key_field.edit.echoMode() == QLineEdit.EchoMode.Password
        click(qtbot, dialog.tester.button)
        assert dialog.tester.button.text() == "Testing…" and not dialog.tester.button.isEnabled()
        await until(lambda: dialog.tester.button.isEnabled(), message="the test never finished")
        assert dialog.tester.status.text() == what_the_gateway_reports(sim)
        assert not dialog.tester.details_button.isVisible()
        embeddings = dialog.model_combos["embeddings"]
        assert embeddings.itemText(0).startswith("text-embedding")
        embeddings.setEditText("text-embedding-3-large")

    run_async(scenario())
    assert dialog.profile_list.item(0).text() == "Work (in use)"
    assert not StudioPaths.default().settings_file.exists(), "nothing is written before OK"
    changed: list[bool] = []
    dialog.profilesChanged.connect(lambda: changed.append(True))
    press(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)

    assert dialog.result() == QDialog.DialogCode.Accepted and changed == [True]
    again = fresh_settings()
    work = again.profile("Work")
    assert work is not None and again.active_profile() == work
    assert work.base_url == sim.base_url
    assert work.default_models == {"embeddings": "text-embedding-3-large"}
    assert again.api_key("Work") == TEST_KEY
    assert TEST_KEY not in again.paths.settings_file.read_text()


def test_a_wrong_key_fails_the_test_with_the_auth_sentence_and_details(qtbot, open_dialog, sim, run_async):
    dialog = open_dialog()

    async def scenario():
        add_profile(qtbot, dialog, "Work", sim.base_url, "sk-wrong-key")
        click(qtbot, dialog.tester.button)
        await until(lambda: dialog.tester.button.isEnabled())

    run_async(scenario())
    assert dialog.tester.status.text() == "The API key was not accepted; check the key in your profile."
    assert dialog.tester.details_button.isVisible() and not dialog.tester.details.isVisible()
    click(qtbot, dialog.tester.details_button)
    assert dialog.tester.details.isVisible()
    assert "HTTP 401" in dialog.tester.details.toPlainText()
    assert "sk-wrong-key" not in dialog.tester.details.toPlainText()


def test_an_unreachable_gateway_says_so_without_freezing(qtbot, open_dialog, closed_port_url, run_async):
    dialog = open_dialog()

    async def scenario():
        add_profile(qtbot, dialog, "Nowhere", closed_port_url, "sk-any")
        click(qtbot, dialog.tester.button)
        await until(lambda: dialog.tester.button.isEnabled(), timeout=20)

    run_async(scenario(), timeout=40)
    assert dialog.tester.status.text().startswith("Could not connect to the gateway")


def test_a_bad_url_is_explained_in_place_and_nothing_is_saved(qtbot, open_dialog):
    dialog = open_dialog()
    add_profile(qtbot, dialog, "Work", "ftp://example.com", "sk-123")
    click(qtbot, dialog.tester.button)
    assert "must start with http:// or https://" in dialog.url_error.text()
    assert dialog.url_error.isVisible() and not dialog.tester.busy

    press(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)
    assert dialog.isVisible(), "OK with a problem keeps the dialog open"
    assert dialog.error_label.text() == "The profile “Work” needs attention."
    assert not StudioPaths.default().settings_file.exists()
    assert not StudioPaths.default().key_file.exists()

    retype(qtbot, dialog.url_edit, "https://example.com")
    assert not dialog.url_error.isVisible(), "the message goes once the URL is fixed"


def test_cancel_writes_nothing_and_keeps_what_was_there(qtbot, workspace, open_dialog):
    workspace.settings.add_profile(Profile(name="Home", base_url="https://hk.uniapi.io"), api_key="key-home")
    before = workspace.settings.paths.settings_file.read_text()
    dialog = open_dialog()
    retype(qtbot, dialog.url_edit, "https://elsewhere.example")
    retype(qtbot, dialog.key_field.edit, "key-changed")
    add_profile(qtbot, dialog, "Work", "https://api.uniapi.io", "key-work")
    press(qtbot, dialog, QDialogButtonBox.StandardButton.Cancel)

    assert dialog.result() == QDialog.DialogCode.Rejected
    assert workspace.settings.paths.settings_file.read_text() == before
    again = fresh_settings()
    assert [p.name for p in again.profiles] == ["Home"]
    assert again.api_key("Home") == "key-home" and again.api_key("Work") is None


def test_rename_switch_and_delete_a_profile(qtbot, workspace, open_dialog):
    settings = workspace.settings
    settings.add_profile(Profile(name="Alpha"), api_key="key-alpha")
    settings.add_profile(Profile(name="Beta", base_url="https://hk.uniapi.io"), api_key="key-beta", activate=False)
    dialog = open_dialog()
    assert dialog.name_edit.text() == "Alpha", "the profile in use is shown first"
    assert dialog.key_field.text() == "key-alpha"

    dialog.select_profile("Beta")
    retype(qtbot, dialog.name_edit, "Gamma")
    assert dialog.profile_list.currentItem().text() == "Gamma"
    click(qtbot, dialog.activate_button)
    assert dialog.profile_list.currentItem().text() == "Gamma (in use)"

    dialog.select_profile("Alpha")
    click(qtbot, dialog.delete_button)
    box = dialog.confirm_box
    assert box is not None and box.isVisible() and "Alpha" in box.text()
    delete = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole)
    click(qtbot, delete)
    assert [dialog.profile_list.item(i).text() for i in range(dialog.profile_list.count())] == ["Gamma (in use)"]
    assert [p.name for p in fresh_settings().profiles] == ["Alpha", "Beta"], "not written before OK"

    press(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)
    again = fresh_settings()
    assert [p.name for p in again.profiles] == ["Gamma"]
    assert again.active_profile().name == "Gamma" and again.profile("Gamma").base_url == "https://hk.uniapi.io"
    assert again.api_key("Gamma") == "key-beta"
    assert again.api_key("Alpha") is None and again.api_key("Beta") is None


def test_declining_the_delete_question_keeps_the_profile(qtbot, workspace, open_dialog):
    workspace.settings.add_profile(Profile(name="Alpha"), api_key="key-alpha")
    dialog = open_dialog()
    click(qtbot, dialog.delete_button)
    box = dialog.confirm_box
    click(qtbot, box.button(QMessageBox.StandardButton.Cancel))
    assert dialog.profile_list.count() == 1 and dialog.confirm_box is None


def test_proxy_credentials_stay_out_of_the_settings_file(qtbot, workspace, open_dialog):
    dialog = open_dialog()
    add_profile(qtbot, dialog, "Office", "https://api.uniapi.io", "key-office")
    dialog.proxy_scheme.setCurrentIndex(dialog.proxy_scheme.findData("socks5"))
    assert dialog.proxy_port.value() == 1080, "a usual port is filled in"
    qtbot.keyClicks(dialog.proxy_host, "10.0.0.8")
    qtbot.keyClicks(dialog.proxy_user, "alice")
    qtbot.keyClicks(dialog.proxy_password.edit, "p@ss:word")
    press(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)

    text = StudioPaths.default().settings_file.read_text()
    assert "alice" not in text and "p@ss" not in text and "key-office" not in text
    again = fresh_settings()
    assert again.profile("Office").proxy == "socks5://10.0.0.8:1080"
    config = workspace.client_config(again.profile("Office"))
    assert config.proxy == "socks5://alice:p%40ss%3Aword@10.0.0.8:1080"
    assert httpx.URL(config.proxy).password == "p@ss:word"

    reopened = open_dialog()
    reopened.select_profile("Office")
    assert reopened.proxy_user.text() == "alice" and reopened.proxy_password.text() == "p@ss:word"


def test_a_proxy_without_a_host_is_refused(qtbot, open_dialog):
    dialog = open_dialog()
    add_profile(qtbot, dialog, "Office", "https://api.uniapi.io", "key-office")
    dialog.proxy_scheme.setCurrentIndex(dialog.proxy_scheme.findData("http"))
    press(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)
    assert dialog.isVisible() and "proxy's host" in dialog.proxy_error.text()
    assert not StudioPaths.default().settings_file.exists()


def test_the_demo_profile_is_the_built_in_simulator_and_tests_without_a_key(qtbot, workspace, open_dialog, run_async):
    workspace.ensure_demo_profile()
    dialog = open_dialog()
    assert dialog.url_edit.text() == "Built-in simulator" and dialog.url_edit.isReadOnly()
    assert dialog.name_edit.isReadOnly() and not dialog.key_field.isEnabled()
    assert dialog.key_note.text() == "The demo needs no key."

    async def scenario():
        click(qtbot, dialog.tester.button)
        await until(lambda: dialog.tester.button.isEnabled(), timeout=20)

    run_async(scenario())
    assert dialog.tester.status.text().startswith("Connected: ")
    press(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)
    assert fresh_settings().profile("Demo").base_url == "demo:"


def test_the_key_note_warns_when_keys_go_to_the_fallback_file(qtbot, workspace, open_dialog):
    workspace.settings.add_profile(Profile(name="Work"), api_key="key-work")
    dialog = open_dialog()
    assert "No system keyring is available" in dialog.key_note.text()
    assert str(workspace.settings.paths.key_file) in dialog.key_note.text()


def test_general_options_apply_and_cancel_keeps_what_was_applied(qtbot, workspace, open_dialog, tmp_path):
    dialog = open_dialog()
    languages: list[str] = []
    enter: list[bool] = []
    dialog.languageChanged.connect(languages.append)
    dialog.enterSendsChanged.connect(enter.append)
    dialog.pages.setCurrentIndex(1)
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    qtbot.mouseClick(dialog.ctrl_enter_sends, Qt.MouseButton.LeftButton, pos=QPoint(6, 8))  # on the circle
    qtbot.keyClicks(dialog.data_dir_edit, str(tmp_path / "media"))
    press(qtbot, dialog, QDialogButtonBox.StandardButton.Apply)
    assert dialog.isVisible() and languages == ["zh_CN"] and enter == [False]

    press(qtbot, dialog, QDialogButtonBox.StandardButton.Cancel)
    data = fresh_settings().data
    assert (data.language, data.enter_sends, data.data_dir) == ("zh_CN", False, str(tmp_path / "media"))


def test_a_relative_data_folder_is_refused(qtbot, open_dialog):
    dialog = open_dialog()
    qtbot.keyClicks(dialog.data_dir_edit, "relative/folder")
    press(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)
    assert dialog.isVisible() and dialog.pages.currentIndex() == 1
    assert dialog.data_dir_error.text().startswith("Choose a full folder path")


def test_two_profiles_can_swap_names(qtbot, workspace, open_dialog):
    workspace.settings.add_profile(Profile(name="A", base_url="https://a.example"), api_key="key-a")
    workspace.settings.add_profile(Profile(name="B", base_url="https://b.example"), api_key="key-b")
    dialog = open_dialog()
    dialog.select_profile("A")
    retype(qtbot, dialog.name_edit, "B")
    dialog.select_profile("B")  # the first row is now also called B; select_profile finds it first
    dialog.profile_list.setCurrentRow(1)
    retype(qtbot, dialog.name_edit, "A")
    press(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)
    again = fresh_settings()
    assert {p.name: p.base_url for p in again.profiles} == {"B": "https://a.example", "A": "https://b.example"}
    assert (again.api_key("A"), again.api_key("B")) == ("key-b", "key-a")
    assert again.active_profile().name == "A"


def test_models_for_a_family_come_first_and_the_rest_stay_available():
    models = ["gpt-4o", "text-embedding-3-small", "whisper-1", "tts-1", "dall-e-3", "suno_music"]
    assert models_for_family("embeddings", models) == (
        ["text-embedding-3-small"],
        ["gpt-4o", "whisper-1", "tts-1", "dall-e-3", "suno_music"],
    )
    assert models_for_family("chat", models)[0] == ["gpt-4o"]
    assert models_for_family("transcription", models)[0] == ["whisper-1"]
    assert json.dumps(models_for_family("image", models)[0]) == '["dall-e-3"]'
