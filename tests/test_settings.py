"""Settings and profiles in a real temp folder; keys in a keyring or, failing that, a 0600 file."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import pytest
from conftest import TEST_KEY
from keyring.backends.fail import Keyring as NoKeyring
from keyring.backends.null import Keyring as NullKeyring

from studio.core.settings import KeyStore, Profile, Settings, SettingsError, StudioPaths


class MemoryKeyring:
    """Stands in for the OS keychain, which cannot run on this machine."""

    def __init__(self) -> None:
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.secrets.get((service, username))

    def set_password(self, service, username, password):
        self.secrets[(service, username)] = password

    def delete_password(self, service, username):
        self.secrets.pop((service, username), None)


class ForgetfulKeyring(MemoryKeyring):
    """Accepts every key and keeps only the first one it was given per entry, as a broken keychain might."""

    def set_password(self, service, username, password):
        self.secrets.setdefault((service, username), password)


def make_settings(keyring_factory) -> Settings:
    paths = StudioPaths.default()
    return Settings(paths, KeyStore(paths.key_file, keyring_factory))


def test_studio_home_holds_every_folder(studio_home):
    paths = StudioPaths.default()
    assert {paths.config_dir.parent, paths.data_dir.parent, paths.cache_dir.parent} == {studio_home}


def test_profiles_survive_a_restart_and_keys_stay_out_of_the_settings_file(studio_home):
    keyring = MemoryKeyring()
    settings = make_settings(lambda: keyring)
    settings.add_profile(Profile(name="Work", base_url="https://api.uniapi.io"), api_key="key-work-123")
    settings.add_profile(Profile(name="Home", base_url="https://hk.uniapi.io", proxy="socks5://127.0.0.1:9"), api_key="key-home-456")
    settings.switch_profile("Work")
    text = settings.paths.settings_file.read_text()
    assert "key-work-123" not in text and "key-home-456" not in text
    again = make_settings(lambda: keyring)
    assert [p.name for p in again.profiles] == ["Work", "Home"]
    assert again.active_profile().name == "Work"
    assert again.profile("Home").proxy == "socks5://127.0.0.1:9"
    assert again.api_key("Home") == "key-home-456"


def test_rename_moves_the_key_and_delete_removes_it(studio_home):
    keyring = MemoryKeyring()
    settings = make_settings(lambda: keyring)
    settings.add_profile(Profile(name="Old"), api_key="key-1")
    settings.rename_profile("Old", "New")
    assert settings.api_key("New") == "key-1" and settings.api_key("Old") is None
    assert settings.active_profile().name == "New"
    settings.delete_profile("New")
    assert settings.profiles == [] and keyring.secrets == {}
    with pytest.raises(SettingsError, match="no profile named"):
        settings.switch_profile("New")


def test_duplicate_and_empty_names_are_refused(studio_home):
    settings = make_settings(MemoryKeyring)
    settings.add_profile(Profile(name="A"))
    with pytest.raises(SettingsError, match="already exists"):
        settings.add_profile(Profile(name="A"))
    with pytest.raises(SettingsError, match="needs a name"):
        settings.add_profile(Profile(name="  "))


def test_without_a_keyring_keys_go_to_a_private_file_with_one_warning(studio_home, caplog):
    settings = make_settings(NoKeyring)
    settings.add_profile(Profile(name="Work"), api_key="key-in-file")
    settings.add_profile(Profile(name="Home"), api_key="key-two")
    key_file = settings.paths.key_file
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert json.loads(key_file.read_text()) == {"Work": "key-in-file", "Home": "key-two"}
    assert "key-in-file" not in settings.paths.settings_file.read_text()
    warnings = [r for r in caplog.records if "No system keyring" in r.getMessage()]
    assert len(warnings) == 1 and settings.keys.warning
    assert make_settings(NoKeyring).api_key("Work") == "key-in-file"


def test_connection_resolution_order(studio_home, monkeypatch):
    settings = make_settings(MemoryKeyring)
    settings.add_profile(Profile(name="P", base_url="https://profile.example"), api_key="profile-key")
    resolved = settings.resolve()
    assert (resolved.base_url, resolved.api_key, resolved.key_source) == ("https://profile.example", "profile-key", "keyring")
    monkeypatch.setenv("UNIAPI_API_KEY", "env-key")
    monkeypatch.setenv("UNIAPI_BASE_URL", "https://env.example")
    resolved = settings.resolve()
    assert (resolved.base_url, resolved.api_key, resolved.key_source) == ("https://env.example", "env-key", "environment")
    resolved = settings.resolve(base_url="https://option.example", api_key="option-key")
    assert (resolved.base_url, resolved.api_key) == ("https://option.example", "option-key")


def test_a_damaged_settings_file_is_kept_aside_not_lost(studio_home):
    paths = StudioPaths.default()
    paths.config_dir.mkdir(parents=True)
    paths.settings_file.write_text("{ this is not json")
    settings = make_settings(MemoryKeyring)
    assert settings.profiles == []
    kept = list(paths.config_dir.glob("settings.corrupt-*.json"))
    assert len(kept) == 1 and kept[0].read_text() == "{ this is not json"


def test_a_chosen_data_folder_applies_from_the_next_start(tmp_path, monkeypatch):
    monkeypatch.delenv("STUDIO_HOME", raising=False)
    monkeypatch.setattr("platformdirs.user_config_dir", lambda *a, **k: str(tmp_path / "config"))
    settings = Settings(keys=KeyStore(tmp_path / "keys.json", MemoryKeyring))
    settings.data.data_dir = str(tmp_path / "elsewhere")
    settings.save()
    again = Settings(keys=KeyStore(tmp_path / "keys.json", MemoryKeyring))
    assert again.paths.data_dir == tmp_path / "elsewhere"


@pytest.mark.parametrize("keyring_factory", [NullKeyring, ForgetfulKeyring], ids=["null-backend", "keeps-a-stale-key"])
def test_a_keyring_that_does_not_keep_the_key_falls_back_to_the_private_file(studio_home, caplog, keyring_factory):
    keyring = keyring_factory()
    settings = make_settings(lambda: keyring)
    if isinstance(keyring, ForgetfulKeyring):
        settings.add_profile(Profile(name="Work"), api_key="sk-old-key")
        assert not settings.paths.key_file.exists(), "a keyring that keeps the key is used, the file is not"
        settings.set_api_key("Work", "sk-new-key")
    else:
        settings.add_profile(Profile(name="Work"), api_key="sk-new-key")
    key_file = settings.paths.key_file
    assert json.loads(key_file.read_text()) == {"Work": "sk-new-key"}
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert [r for r in caplog.records if "No system keyring" in r.getMessage()], "the one-time warning"
    again = make_settings(lambda: keyring)
    assert again.resolve().api_key == "sk-new-key", "the next start still has the new key, not a stale one"
    assert again.keys.warning, "and still says where the key is kept"


def test_the_command_line_finds_a_key_the_null_keyring_dropped(studio_home, sim):
    settings = make_settings(NullKeyring)
    settings.add_profile(Profile(name="Gateway", base_url=sim.base_url), api_key=TEST_KEY)
    env = {k: v for k, v in os.environ.items() if not k.startswith("UNIAPI_")}
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"  # the CLI's own keyring drops keys too
    done = subprocess.run(
        [sys.executable, "-m", "studio.cli", "models"], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "gpt-4o-mini" in done.stdout.splitlines() and "No API key" not in done.stderr
