"""What every CLI command shares: exit codes, the connection, the demo simulator, error printing."""

from __future__ import annotations

import argparse
import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from ..api.client import ClientConfig, check_base_url
from ..api.errors import ApiError, LocalStorageError, NetworkError, redact
from ..api.gateway import UniApi
from ..core.settings import DEMO_URL, Settings, SettingsError
from ..core.workspace import DEMO_KEY

if TYPE_CHECKING:
    from ..core.database import StudioConnection
    from ..core.library import Library

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_API_ERROR = 3
EXIT_NETWORK = 4
EXIT_LOCAL = 5
"""The studio's own data folder or database failed (read-only, damaged, locked, disk full)."""
EXIT_CANCELLED = 130


class BadInput(Exception):
    """Input rejected before any request was sent; the message is one plain sentence."""


def fail(message: str) -> NoReturn:
    raise BadInput(message)


@dataclass
class CliSession:
    """The state of one command run: the resolved gateway, output options and streams."""

    args: argparse.Namespace
    api: UniApi
    api_key: str
    out_dir: Path
    stdout: TextIO
    stderr: TextIO
    settings: Settings
    demo: bool = False
    """Talking to the built-in simulator (`--demo`, or a profile the app set up for the demo)."""

    @property
    def as_json(self) -> bool:
        return bool(self.args.json)

    def emit_json(self, payload: Any) -> None:
        self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")

    def say(self, text: str) -> None:
        """A progress or side note for people: stderr, so stdout stays pipeable."""
        self.stderr.write(self.scrub(text) + "\n")
        self.stderr.flush()

    def scrub(self, text: str) -> str:
        return redact(text, self.api_key)

    def open_data(self) -> tuple[StudioConnection, Library]:
        """The studio database and library of this data folder; says so if a damaged database was set aside."""
        return open_data(self.settings, self.say)


def open_data(settings: Settings, say: Any) -> tuple[StudioConnection, Library]:
    from ..core.database import open_database
    from ..core.library import Library

    db = open_database(settings.paths.data_dir / "studio.db")
    if db.recovery is not None:
        say(f"note: {db.recovery.sentence}")
    return db, Library.at(db, settings.paths, limits=settings.download_limits())


_CONTROL_CHARACTERS = dict.fromkeys([*range(0, 9), *range(11, 32), *range(127, 160)])


def printable(text: str) -> str:
    """Text a server sent, safe for a terminal: control characters (escape sequences too) removed."""
    return text.translate(_CONTROL_CHARACTERS)


def error_exit_code(error: ApiError) -> int:
    if isinstance(error, LocalStorageError):
        return EXIT_LOCAL
    return EXIT_NETWORK if isinstance(error, NetworkError) else EXIT_API_ERROR


def describe_error(error: ApiError, *, verbose: bool) -> str:
    status = f" (HTTP {error.status})" if error.status else ""
    line = f"error: {error.user_message}{status}"
    if verbose and error.details:
        line += "\n" + error.details
    return line


@contextlib.contextmanager
def demo_gateway() -> Iterator[str]:
    """Run the built-in simulator on a free loopback port for the length of one command."""
    from ..simulator.config import SimulatorConfig
    from ..simulator.server import SimulatorServer

    server = SimulatorServer(SimulatorConfig(key=None, token_rate=150.0, latency_ms=80))
    base_url = server.start()
    try:
        yield base_url
    finally:
        server.stop()


def wants_demo(args: argparse.Namespace, settings: Settings) -> bool:
    """`--demo`, or no other gateway given and the profile is the app's demo one (base URL `demo:`)."""
    if args.demo:
        return True
    try:
        connection = settings.resolve(base_url=args.base_url, api_key=args.api_key, profile_name=args.profile)
    except SettingsError:
        return False  # resolve_gateway says why, in one sentence
    return connection.base_url == DEMO_URL


def resolve_gateway(args: argparse.Namespace, settings: Settings, demo_url: str | None) -> tuple[str, str]:
    """(base URL, key) from the options, the environment and the profile, or the demo simulator."""
    if demo_url is not None:
        return demo_url, DEMO_KEY
    try:
        connection = settings.resolve(base_url=args.base_url, api_key=args.api_key, profile_name=args.profile)
    except SettingsError as exc:
        fail(str(exc))
    problem = check_base_url(connection.base_url)
    if problem:
        fail(str(problem))
    if not connection.api_key:
        damaged = f"{settings.keys.problem} " if settings.keys.problem else ""
        fail(f"{damaged}No API key: pass --api-key, set UNIAPI_API_KEY, save one in a profile, or try --demo.")
    return connection.base_url, connection.api_key


def open_api(base_url: str, api_key: str, settings: Settings, *, demo: bool, stderr: TextIO) -> UniApi:
    profile = settings.active_profile() if not demo else None

    def notice(error: ApiError, wait: float, attempt: int) -> None:
        stderr.write(f"note: {error.user_message} Trying again in {wait:.1f} s (attempt {attempt}).\n")

    config = ClientConfig(
        base_url=base_url,
        api_key=api_key,
        proxy=profile.proxy if profile else None,
        connect_timeout=profile.connect_timeout if profile else 10.0,
        read_timeout=profile.read_timeout if profile else 120.0,
    )
    return UniApi(config, on_retry=notice)


def out_folder(args: argparse.Namespace, settings: Settings) -> Path:
    folder = Path(args.out).expanduser() if args.out else settings.paths.library_dir
    if folder.exists() and not folder.is_dir():
        fail(f"--out {folder} is a file, not a folder.")
    return folder
