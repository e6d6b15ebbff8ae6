"""First run: the welcome connects to a gateway with a key, or starts the demo without one."""

from __future__ import annotations

import pytest
from keyring.backends.fail import Keyring as NoKeyring
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from studio.app import start_demo_server
from studio.core.settings import KeyStore, Settings, StudioPaths
from studio.core.workspace import Workspace
from studio.ui.welcome import WelcomeDialog
from tests.conftest import TEST_KEY, until
from tests.test_settings_dialog import what_the_gateway_reports


def fresh_settings() -> Settings:
    paths = StudioPaths.default()
    return Settings(paths, KeyStore(paths.key_file, NoKeyring))


@pytest.fixture
def workspace(studio_home, run_async):
    workspace = Workspace(fresh_settings(), demo_server=start_demo_server)
    yield workspace
    run_async(workspace.aclose())


@pytest.fixture
def welcome(qtbot, workspace):
    dialog = WelcomeDialog(workspace)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def use_gateway(qtbot, welcome: WelcomeDialog, url: str, key: str) -> None:
    welcome.url_edit.selectAll()
    qtbot.keyClicks(welcome.url_edit, url)
    qtbot.keyClicks(welcome.key_field.edit, key)


def test_the_welcome_suggests_the_uniapi_gateway(welcome):
    assert welcome.url_edit.text() == "https://api.uniapi.io"
    assert welcome.key_field.text() == ""


def test_try_the_demo_creates_and_activates_the_demo_profile(qtbot, welcome):
    chosen: list[bool] = []
    welcome.demoChosen.connect(lambda: chosen.append(True))
    click(qtbot, welcome.demo_button)
    assert chosen == [True] and welcome.result() == QDialog.DialogCode.Accepted
    again = fresh_settings()
    assert again.active_profile().name == "Demo" and again.active_profile().base_url == "demo:"


def test_test_then_save_creates_a_profile_named_after_the_host(qtbot, welcome, sim, run_async):
    connected: list[bool] = []
    welcome.connected.connect(lambda: connected.append(True))
    use_gateway(qtbot, welcome, sim.base_url, TEST_KEY)

    async def scenario():
        click(qtbot, welcome.tester.button)
        assert welcome.tester.button.text() == "Testing…"
        await until(lambda: welcome.tester.button.isEnabled())

    run_async(scenario())
    assert welcome.tester.status.text() == what_the_gateway_reports(sim)

    click(qtbot, welcome.save_button)
    assert connected == [True] and welcome.result() == QDialog.DialogCode.Accepted
    again = fresh_settings()
    profile = again.active_profile()
    assert profile.name == "127.0.0.1" and profile.base_url == sim.base_url
    assert again.api_key("127.0.0.1") == TEST_KEY
    assert TEST_KEY not in again.paths.settings_file.read_text()
    assert TEST_KEY in again.paths.key_file.read_text(), "no keyring here: the 0600 fallback file holds it"


def test_a_wrong_key_is_reported_before_anything_is_saved(qtbot, welcome, sim, run_async):
    use_gateway(qtbot, welcome, sim.base_url, "sk-not-this-one")

    async def scenario():
        click(qtbot, welcome.tester.button)
        await until(lambda: welcome.tester.button.isEnabled())

    run_async(scenario())
    assert welcome.tester.status.text() == "The API key was not accepted; check the key in your profile."
    assert welcome.tester.details_button.isVisible()
    assert not StudioPaths.default().settings_file.exists()


def test_save_needs_a_key_and_a_usable_url(qtbot, welcome):
    click(qtbot, welcome.save_button)
    assert welcome.isVisible() and welcome.key_error.text() == "Enter your API key, or try the demo."
    use_gateway(qtbot, welcome, "api.uniapi.io", "sk-123")
    click(qtbot, welcome.save_button)
    assert welcome.isVisible() and "must start with http:// or https://" in welcome.url_error.text()
    assert not StudioPaths.default().settings_file.exists()


def test_a_second_profile_for_the_same_host_gets_its_own_name(qtbot, workspace, welcome):
    use_gateway(qtbot, welcome, "https://api.uniapi.io", "sk-first")
    click(qtbot, welcome.save_button)
    second = WelcomeDialog(workspace)
    qtbot.addWidget(second)
    second.show()
    qtbot.keyClicks(second.key_field.edit, "sk-second")
    click(qtbot, second.save_button)
    again = fresh_settings()
    assert [p.name for p in again.profiles] == ["api.uniapi.io", "api.uniapi.io 2"]
    assert again.api_key("api.uniapi.io 2") == "sk-second"


def test_save_and_start_with_a_keyring_that_drops_keys_still_connects(qtbot, studio_home, sim, run_async):
    from keyring.backends.null import Keyring as NullKeyring

    paths = StudioPaths.default()
    workspace = Workspace(Settings(paths, KeyStore(paths.key_file, NullKeyring)))
    welcome = WelcomeDialog(workspace)
    qtbot.addWidget(welcome)
    welcome.show()
    use_gateway(qtbot, welcome, sim.base_url, TEST_KEY)
    click(qtbot, welcome.save_button)
    assert welcome.result() == QDialog.DialogCode.Accepted

    async def first_request() -> list[str]:
        try:
            return (await workspace.api().models.list()).ids
        finally:
            await workspace.aclose()

    assert "gpt-4o-mini" in run_async(first_request()), "the key reached the gateway: the app is not offline"
    assert "No system keyring" in workspace.settings.keys.warning
    assert Settings(paths, KeyStore(paths.key_file, NullKeyring)).resolve().api_key == TEST_KEY
