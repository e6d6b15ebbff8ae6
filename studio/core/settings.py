"""Settings and profiles: where data lives, which gateway to use, and where its key is kept.

Profiles (name, base URL, proxy, default models, timeouts) live in `settings.json` in the config
folder; keys never do. A key goes to the OS keyring; where no keyring backend works, to `keys.json`
(mode 0600) beside the settings with a one-time warning; `UNIAPI_API_KEY` overrides both.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import platformdirs

from ..api.defaults import DEFAULT_BASE_URL
from ..api.errors import StudioError
from ..api.sentences import QT_TRANSLATE_NOOP, Sentence
from .log_files import remember_secret

if TYPE_CHECKING:
    from ..api.download import DownloadLimits

log = logging.getLogger(__name__)

APP_NAME = "UniAPI Studio"
KEYRING_SERVICE = "uniapi-studio"
ENV_HOME = "STUDIO_HOME"
ENV_KEY = "UNIAPI_API_KEY"
ENV_BASE_URL = "UNIAPI_BASE_URL"
DEMO_URL = "demo:"
"""A profile base URL meaning "the built-in simulator" (the demo needs no key)."""
FRAME_TRANSPORTS = ("data_uri", "upload")


@dataclass(frozen=True)
class StudioPaths:
    config_dir: Path
    data_dir: Path
    cache_dir: Path
    log_dir: Path | None = None
    """The log file and crash reports; None: `logs` in the cache folder."""

    @classmethod
    def default(cls) -> StudioPaths:
        """Per-user folders from platformdirs, or all under $STUDIO_HOME when it is set."""
        home = os.environ.get(ENV_HOME)
        if home:
            root = Path(home).expanduser()
            return cls(root / "config", root / "data", root / "cache", root / "logs")
        return cls(
            Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        )

    @property
    def logs(self) -> Path:
        return self.log_dir if self.log_dir is not None else self.cache_dir / "logs"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def key_file(self) -> Path:
        return self.config_dir / "keys.json"

    @property
    def library_dir(self) -> Path:
        return self.data_dir / "library"


# Plain dataclasses, not pydantic: settings load at start-up, and pydantic's import alone costs ~100 ms.


def _optional_str(value: Any, field: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise ValueError(f"{field} must be text")


def _number(value: Any, field: str, default: float) -> float:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{field} must be a number")
    return float(value)


@dataclass
class Profile:
    name: str
    base_url: str = DEFAULT_BASE_URL
    proxy: str | None = None
    default_models: dict[str, str] = field(default_factory=dict)
    connect_timeout: float = 10.0
    read_timeout: float = 120.0

    @classmethod
    def from_dict(cls, raw: Any) -> Profile:
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
            raise ValueError("a profile needs a name")
        models = raw.get("default_models") or {}
        if not isinstance(models, dict):
            raise ValueError("default_models must be a mapping")
        return cls(
            name=raw["name"],
            base_url=_optional_str(raw.get("base_url"), "base_url") or DEFAULT_BASE_URL,
            proxy=_optional_str(raw.get("proxy"), "proxy"),
            default_models={str(k): str(v) for k, v in models.items()},
            connect_timeout=_number(raw.get("connect_timeout"), "connect_timeout", 10.0),
            read_timeout=_number(raw.get("read_timeout"), "read_timeout", 120.0),
        )

    def replaced(self, **changes: Any) -> Profile:
        """A copy with some fields changed (the default-model mapping is copied, not shared)."""
        copy = dataclasses.replace(self, **changes)
        if "default_models" not in changes:
            copy.default_models = dict(self.default_models)
        return copy

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class SettingsData:
    active_profile: str | None = None
    profiles: list[Profile] = field(default_factory=list)
    language: str | None = None
    """None follows the system; "en" or "zh_CN". Applied at start-up."""
    data_dir: str | None = None
    """A data folder chosen in the settings dialog; None means the default. Applied at start-up."""
    enter_sends: bool = True
    """Enter sends a chat message (Shift+Enter adds a line); False: Ctrl+Enter sends, Enter adds a line."""
    theme: str = "system"
    """"system" (the desktop's look), "light" or "dark"."""
    download_limits_mb: dict[str, float] = field(default_factory=dict)
    """The largest result file per kind ("image", "audio", "video", "text") in MB; missing kinds keep the default."""
    frame_transport: str = "data_uri"
    """How video requests carry a local start/end frame: "data_uri" inside the request, or "upload"
    (uploaded to the gateway first, then sent as its link, for gateways that only take links)."""

    @classmethod
    def from_dict(cls, raw: Any) -> SettingsData:
        if not isinstance(raw, dict):
            raise ValueError("the settings file must hold an object")
        profiles = raw.get("profiles") or []
        if not isinstance(profiles, list):
            raise ValueError("profiles must be a list")
        enter_sends = raw.get("enter_sends", True)
        limits = raw.get("download_limits_mb") or {}
        if not isinstance(limits, dict) or not all(
            isinstance(v, int | float) and not isinstance(v, bool) and v > 0 for v in limits.values()
        ):
            raise ValueError("download_limits_mb must map kinds to positive numbers of MB")
        transport = raw.get("frame_transport")
        return cls(
            active_profile=_optional_str(raw.get("active_profile"), "active_profile"),
            profiles=[Profile.from_dict(p) for p in profiles],
            language=_optional_str(raw.get("language"), "language"),
            data_dir=_optional_str(raw.get("data_dir"), "data_dir"),
            enter_sends=enter_sends if isinstance(enter_sends, bool) else True,
            theme=raw.get("theme") if raw.get("theme") in ("system", "light", "dark") else "system",
            download_limits_mb={str(kind): float(mb) for kind, mb in limits.items()},
            frame_transport=transport if transport in FRAME_TRANSPORTS else "data_uri",
        )

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), indent=2, ensure_ascii=False)


class KeyringBackend(Protocol):
    def get_password(self, service: str, username: str) -> str | None: ...
    def set_password(self, service: str, username: str, password: str) -> None: ...
    def delete_password(self, service: str, username: str) -> None: ...


def _system_keyring() -> KeyringBackend:
    import keyring

    return keyring.get_keyring()


class KeyNotKept(Exception):
    """The keyring accepted a key but did not give it back."""


class KeyStore:
    """API keys by profile name: the OS keyring first, else a 0600 file, announced once.

    A stored key is read back: a keyring that accepts a key without keeping it counts as no keyring.
    """

    FALLBACK_WARNING = (
        "No system keyring is available, so API keys are kept in {path} (readable only by you). "
        "Install a keyring service to store them more safely."
    )

    def __init__(self, key_file: Path, keyring_factory: Callable[[], KeyringBackend] = _system_keyring) -> None:
        self.key_file = key_file
        self._keyring_factory = keyring_factory
        self._backend: KeyringBackend | None = None
        self._keyring_broken = False
        self.warning: str | None = None
        self._warned = False
        self.problem: str | None = None
        """Why the key file could not be read (damaged, unreadable), in one sentence; None when it is fine."""

    def _keyring(self) -> KeyringBackend | None:
        if self._keyring_broken:
            return None
        if self._backend is None:
            try:
                self._backend = self._keyring_factory()
            except Exception as exc:
                self._fall_back(exc)
                return None
        return self._backend

    def _fall_back(self, exc: BaseException) -> None:
        self._keyring_broken = True
        self.warning = self.FALLBACK_WARNING.format(path=self.key_file)
        if not self._warned:
            self._warned = True
            log.warning("%s (%s)", self.warning, type(exc).__name__)

    def _read_file(self) -> dict[str, str]:
        try:
            data = json.loads(self.key_file.read_text("utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "it is not valid JSON"
            self.problem = f"The key file {self.key_file} is damaged ({reason}); it was left as it is."
            log.warning("%s", self.problem)
            return {}
        if not isinstance(data, dict):
            self.problem = f"The key file {self.key_file} is damaged (it holds no keys); it was left as it is."
            return {}
        self.problem = None
        return {str(k): str(v) for k, v in data.items()}

    def _write_file(self, keys: dict[str, str]) -> None:
        self.key_file.parent.mkdir(parents=True, exist_ok=True)
        temp = self.key_file.with_suffix(".tmp")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(keys, handle)
        os.chmod(temp, 0o600)
        os.replace(temp, self.key_file)

    def get(self, profile: str) -> str | None:
        backend = self._keyring()
        if backend is not None:
            try:
                value = backend.get_password(KEYRING_SERVICE, profile)
            except Exception as exc:
                self._fall_back(exc)
            else:
                if value:
                    remember_secret(value)
                    return value
        value = self._read_file().get(profile)
        remember_secret(value)
        if value and self.warning is None:
            self.warning = self.FALLBACK_WARNING.format(path=self.key_file)  # an earlier start fell back
        return value

    def set(self, profile: str, key: str) -> None:
        remember_secret(key)
        backend = self._keyring()
        if backend is not None:
            try:
                backend.set_password(KEYRING_SERVICE, profile, key)
                kept = backend.get_password(KEYRING_SERVICE, profile) == key
            except Exception as exc:
                self._fall_back(exc)
            else:
                if kept:
                    self._forget_in_file(profile)
                    return
                # Some backends (keyring's null one, some headless desktops) accept a key and drop it.
                self._fall_back(KeyNotKept())
                with contextlib.suppress(Exception):
                    backend.delete_password(KEYRING_SERVICE, profile)  # a stale key there would shadow the file's
        keys = self._read_file()
        keys[profile] = key
        self._write_file(keys)

    def delete(self, profile: str) -> None:
        backend = self._keyring()
        if backend is not None:
            with contextlib.suppress(Exception):
                backend.delete_password(KEYRING_SERVICE, profile)
        self._forget_in_file(profile)

    def _forget_in_file(self, profile: str) -> None:
        keys = self._read_file()
        if profile in keys:
            del keys[profile]
            self._write_file(keys)


class SettingsError(StudioError):
    """A settings change that cannot be made; the message is one plain sentence."""


@dataclass(frozen=True)
class Connection:
    base_url: str
    api_key: str | None
    profile: Profile | None
    key_source: str
    """Where the key came from: "option", "environment", "keyring" or "none"."""


class Settings:
    """The one settings object: load, change and save profiles; resolve what a command connects to."""

    def __init__(self, paths: StudioPaths | None = None, keys: KeyStore | None = None) -> None:
        self.paths = paths or StudioPaths.default()
        self.keys = keys or KeyStore(self.paths.key_file)
        self.data = self._load()
        if paths is None and self.data.data_dir and not os.environ.get(ENV_HOME):
            # The data folder chosen in the settings dialog (it applies from the next start).
            self.paths = dataclasses.replace(self.paths, data_dir=Path(self.data.data_dir).expanduser())

    def _load(self) -> SettingsData:
        path = self.paths.settings_file
        try:
            raw: Any = json.loads(path.read_text("utf-8"))
            return SettingsData.from_dict(raw)
        except FileNotFoundError:
            return SettingsData()
        except (OSError, ValueError):
            # Keep the damaged file for the user rather than overwrite it on the next save.
            backup = path.with_name(f"settings.corrupt-{int(time.time())}.json")
            with contextlib.suppress(OSError):
                path.replace(backup)
            log.warning("Settings file was unreadable; kept it as %s and started fresh.", backup.name)
            return SettingsData()

    def save(self) -> None:
        path = self.paths.settings_file
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_suffix(".tmp")
        temp.write_text(self.data.to_json(), "utf-8")
        os.replace(temp, path)

    def download_limits(self) -> DownloadLimits:
        """The result size caps per kind (settings.json `download_limits_mb`, else the defaults)."""
        from ..api.download import DownloadLimits

        return DownloadLimits.from_megabytes(self.data.download_limits_mb)

    @property
    def profiles(self) -> list[Profile]:
        return list(self.data.profiles)

    def profile(self, name: str) -> Profile | None:
        return next((p for p in self.data.profiles if p.name == name), None)

    def active_profile(self) -> Profile | None:
        if self.data.active_profile:
            found = self.profile(self.data.active_profile)
            if found is not None:
                return found
        return self.data.profiles[0] if self.data.profiles else None

    def add_profile(self, profile: Profile, api_key: str | None = None, *, activate: bool = True) -> Profile:
        name = profile.name.strip()
        if not name:
            raise SettingsError(QT_TRANSLATE_NOOP("ApiMessages", "A profile needs a name."))
        if self.profile(name) is not None:
            raise SettingsError(
                Sentence.of(QT_TRANSLATE_NOOP("ApiMessages", "A profile named '{name}' already exists."), name=name)
            )
        profile = profile.replaced(name=name)
        self.data.profiles.append(profile)
        if api_key:
            self.keys.set(name, api_key)
        if activate or self.data.active_profile is None:
            self.data.active_profile = name
        self.save()
        return profile

    def update_profile(self, profile_name: str, **changes: Any) -> Profile:
        current = self.profile(profile_name)
        if current is None:
            raise SettingsError(
                Sentence.of(QT_TRANSLATE_NOOP("ApiMessages", "There is no profile named '{name}'."), name=profile_name)
            )
        updated = current.replaced(**changes)
        self.data.profiles[self.data.profiles.index(current)] = updated
        self.save()
        return updated

    def rename_profile(self, old: str, new: str) -> Profile:
        new = new.strip()
        if not new:
            raise SettingsError(QT_TRANSLATE_NOOP("ApiMessages", "A profile needs a name."))
        if self.profile(new) is not None:
            raise SettingsError(
                Sentence.of(QT_TRANSLATE_NOOP("ApiMessages", "A profile named '{name}' already exists."), name=new)
            )
        key = self.keys.get(old)
        renamed = self.update_profile(old, name=new)
        if key:
            self.keys.set(new, key)
            self.keys.delete(old)
        if self.data.active_profile == old:
            self.data.active_profile = new
        self.save()
        return renamed

    def delete_profile(self, name: str) -> None:
        current = self.profile(name)
        if current is None:
            raise SettingsError(
                Sentence.of(QT_TRANSLATE_NOOP("ApiMessages", "There is no profile named '{name}'."), name=name)
            )
        self.data.profiles.remove(current)
        self.keys.delete(name)
        if self.data.active_profile == name:
            self.data.active_profile = self.data.profiles[0].name if self.data.profiles else None
        self.save()

    def switch_profile(self, name: str) -> Profile:
        found = self.profile(name)
        if found is None:
            raise SettingsError(
                Sentence.of(QT_TRANSLATE_NOOP("ApiMessages", "There is no profile named '{name}'."), name=name)
            )
        self.data.active_profile = name
        self.save()
        return found

    def set_api_key(self, profile: str, key: str) -> None:
        self.keys.set(profile, key)

    def api_key(self, profile: str) -> str | None:
        return self.keys.get(profile)

    def resolve(
        self, *, base_url: str | None = None, api_key: str | None = None, profile_name: str | None = None
    ) -> Connection:
        """What a command connects to: option, then environment, then the (named or active) profile."""
        profile = self.profile(profile_name) if profile_name else self.active_profile()
        if profile_name and profile is None:
            raise SettingsError(
                Sentence.of(QT_TRANSLATE_NOOP("ApiMessages", "There is no profile named '{name}'."), name=profile_name)
            )
        url = base_url or os.environ.get(ENV_BASE_URL) or (profile.base_url if profile else DEFAULT_BASE_URL)
        if api_key:
            remember_secret(api_key)
            return Connection(url, api_key, profile, "option")
        env_key = os.environ.get(ENV_KEY)
        remember_secret(env_key)
        if env_key:
            return Connection(url, env_key, profile, "environment")
        stored = self.keys.get(profile.name) if profile and url != DEMO_URL else None
        return Connection(url, stored, profile, "keyring" if stored else "none")
