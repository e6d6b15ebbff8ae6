"""Everything a running studio holds: settings, the database, its stores, the active profile's API.

The stores publish what they change on `workspace.events` (see `studio.core.events`); the task engine's
job updates go there too, so any view can follow jobs, assets and conversations.

The demo profile is special: its base URL is `demo:`, which means "the built-in simulator", started
on a free loopback port the first time the API is needed and stopped on close. The simulator is not
part of the core: the app and the CLI hand the workspace a `demo_server` factory that starts it.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from ..api.errors import ApiError
from .conversations import ConversationStore
from .database import DatabaseRecovery, open_database
from .events import EventHub
from .library import Library
from .settings import DEMO_URL, Profile, Settings
from .usage import UsageLedger

if TYPE_CHECKING:  # the HTTP stack loads on first use (see studio.qt.async_tasks.load_api)
    from ..api.client import ClientConfig
    from ..api.gateway import UniApi
    from .tasks import PollTiming, TaskEngine

DEMO_PROFILE = "Demo"
DEMO_KEY = "demo"
DEMO_POLL_SECONDS = 0.5
"""The built-in simulator answers at once, so its tasks are checked often (the CLI's `--demo` does the same)."""
PROXY_SECRET_SUFFIX = "#proxy"
"""A profile's proxy `user:password` (percent-encoded) is a KeyStore entry named `<profile>#proxy`."""


def proxy_secret_name(profile_name: str) -> str:
    return profile_name + PROXY_SECRET_SUFFIX


def proxy_with_credentials(proxy: str, userinfo: str | None) -> str:
    """`socks5://host:1080` plus `user:pass` is `socks5://user:pass@host:1080`."""
    scheme, separator, rest = proxy.partition("://")
    if not userinfo or not separator:
        return proxy
    return f"{scheme}://{userinfo}@{rest}"


class WorkspaceClosed(RuntimeError):
    """The workspace is closing: no task engine starts any more."""


class DemoServer(Protocol):
    def stop(self) -> None: ...


DemoServerFactory = Callable[[socket.socket], DemoServer]
"""Starts the built-in simulator on an already listening socket (blocking is fine: it runs in a thread)."""


@dataclass
class ConnectionReport:
    """What "Test connection" (or the status bar's probe) found: models and balance, or the error."""

    ok: bool
    models: list[str]
    balance: float | None
    error: ApiError | None = None
    unlimited: bool = False
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return self.error.user_message if self.error else f"Connected: {len(self.models)} models available."

    @property
    def details(self) -> str:
        return self.error.details if self.error else ""


class Workspace:
    def __init__(self, settings: Settings | None = None, *, demo_server: DemoServerFactory | None = None) -> None:
        self.settings = settings or Settings()
        self.events = EventHub()
        db = open_database(self.settings.paths.data_dir / "studio.db")
        self.db: sqlite3.Connection = db
        self.database_recovery: DatabaseRecovery | None = db.recovery
        """Set when a damaged database was set aside at start: the interface offers its backup."""
        self.conversations = ConversationStore(self.db, events=self.events)
        self.library = Library.at(
            self.db, self.settings.paths, events=self.events, limits=self.settings.download_limits()
        )
        self.usage = UsageLedger(self.db, events=self.events)
        """Every work request's model, tokens, media and time (the client reports them)."""
        self.task_timing: PollTiming | None = None
        """How often the task engine polls; None: the defaults (quicker for the demo simulator)."""
        self._demo_server_factory = demo_server
        self._tasks: TaskEngine | None = None
        self._tasks_ready: asyncio.Task[None] | None = None
        self._tasks_lock: asyncio.Lock | None = None
        self._background: set[asyncio.Task[None]] = set()
        self._closing = False
        self._api: UniApi | None = None
        self._api_profile: str | None = None
        self._demo_server: object | None = None
        self._demo_url: str | None = None
        self._demo_thread: threading.Thread | None = None

    # profiles ------------------------------------------------------------------------------------

    @property
    def profile(self) -> Profile | None:
        return self.settings.active_profile()

    def ensure_demo_profile(self) -> Profile:
        """Create (or select) the Demo profile that talks to the built-in simulator."""
        existing = self.settings.profile(DEMO_PROFILE)
        if existing is None:
            existing = self.settings.add_profile(Profile(name=DEMO_PROFILE, base_url=DEMO_URL))
        else:
            self.settings.switch_profile(DEMO_PROFILE)
        self.reset_api()
        return existing

    def demo_base_url(self) -> str:
        """The built-in simulator's URL. Its socket listens at once; the server itself (and its
        imports, a few hundred ms) starts in a thread, so the window never waits for it."""
        if self._demo_url is None:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.bind(("127.0.0.1", 0))
            sock.listen(128)  # connections queue here until the server accepts them
            self._demo_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
            self._demo_thread = threading.Thread(target=self._start_demo_server, args=(sock,), daemon=True)
            self._demo_thread.start()
        return self._demo_url

    @property
    def has_demo(self) -> bool:
        """Whether this workspace can start the built-in simulator (the app and the CLI give it one)."""
        return self._demo_server_factory is not None

    def _start_demo_server(self, sock: socket.socket) -> None:
        if self._demo_server_factory is None:
            sock.close()  # connections are refused: "could not connect" names the problem
            return
        self._demo_server = self._demo_server_factory(sock)

    def client_config(self, profile: Profile | None = None) -> ClientConfig:
        from ..api.client import ClientConfig

        profile = profile or self.profile
        if profile is None:
            return ClientConfig(base_url=self.demo_base_url(), api_key=DEMO_KEY)
        if profile.base_url == DEMO_URL:
            return ClientConfig(base_url=self.demo_base_url(), api_key=DEMO_KEY)
        connection = self.settings.resolve(profile_name=profile.name)
        proxy = profile.proxy or None
        if proxy:
            proxy = proxy_with_credentials(proxy, self.settings.keys.get(proxy_secret_name(profile.name)))
        return ClientConfig(
            base_url=connection.base_url,
            api_key=connection.api_key or "",
            proxy=proxy,
            connect_timeout=profile.connect_timeout,
            read_timeout=profile.read_timeout,
        )

    def api(self) -> UniApi:
        """The API of the active profile; rebuilt when the profile changed."""
        name = self.profile.name if self.profile else None
        if self._api is None or self._api_profile != name:
            from ..api.gateway import UniApi

            self.reset_api()
            self._api = UniApi(self.client_config())
            self._api.client.usage_sink = self.usage.record
            self._api_profile = name
        return self._api

    def gateway_url(self) -> str:
        """The base URL requests go to (the demo simulator's real address for the demo profile)."""
        return self.api().client.config.base_url

    def reset_api(self) -> None:
        """Forget the current client (after a profile edit); the old one is closed in the background,
        and a running task engine is restarted on the new one (its open jobs resume there)."""
        old, self._api = self._api, None
        engine, self._tasks = self._tasks, None
        with contextlib.suppress(RuntimeError):
            loop = asyncio.get_running_loop()
            if engine is not None:
                self._keep(loop.create_task(self._restart_tasks(engine, old)))
            elif old is not None:
                self._keep(loop.create_task(old.aclose()))

    def _keep(self, task: asyncio.Task[None]) -> None:
        """Hold a background close/restart until it ends; `aclose()` waits for it."""
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    # tasks ---------------------------------------------------------------------------------------

    @property
    def task_engine(self) -> TaskEngine | None:
        """The running engine, if one was started (for reading jobs without starting it)."""
        return self._tasks

    def task_engine_now(self) -> TaskEngine:
        """The task engine on the active profile's API, made at once if there is none yet.

        Its start (the poller, resuming open jobs) runs in the background; `await tasks()` waits for it.
        Job updates of this engine, and of any engine that replaces it after a profile change, are
        published on `events` as `JobUpdate`s.
        """
        if self._closing:
            raise WorkspaceClosed("The workspace is closing.")
        api = self.api()
        if self._tasks is not None and self._tasks.api is api:
            return self._tasks
        from .tasks import PollTiming, TaskEngine  # the first engine loads the task families (HTTP stack)

        timing = self.task_timing
        if timing is None:
            demo = self.profile is None or self.profile.base_url == DEMO_URL
            timing = PollTiming.every(DEMO_POLL_SECONDS) if demo else PollTiming()
        engine = TaskEngine(api, self.db, self.library, timing=timing, adopt_others=True)
        engine.subscribe(self.events.publish)
        self._tasks = engine
        self._tasks_ready = asyncio.get_running_loop().create_task(self._start_engine(engine))
        return engine

    async def _start_engine(self, engine: TaskEngine) -> None:
        await engine.start()
        await engine.resume_unfinished()

    async def tasks(self) -> TaskEngine:
        """The task engine on the active profile's API, started, with its open jobs resumed."""
        async with self._engine_lock():
            if self._closing:
                raise WorkspaceClosed("The workspace is closing.")
            import sys

            if "studio.core.task_families" not in sys.modules:  # the HTTP stack, off the UI path
                import importlib

                await asyncio.to_thread(importlib.import_module, "studio.core.task_families")
            engine = self.task_engine_now()
            ready = self._tasks_ready
        if ready is not None:
            await asyncio.shield(ready)
        return engine

    def _engine_lock(self) -> asyncio.Lock:
        if self._tasks_lock is None:
            self._tasks_lock = asyncio.Lock()
        return self._tasks_lock

    async def _restart_tasks(self, old_engine: TaskEngine, old_api: UniApi | None) -> None:
        await old_engine.close()
        if old_api is not None:
            await old_api.aclose()
        if not self._closing:
            await self.tasks()

    # connection ----------------------------------------------------------------------------------

    async def test_connection(self, config: ClientConfig | None = None) -> ConnectionReport:
        """Ask for the models and the balance: with `config` on a client made for the test, else on
        the active profile's API (the status bar's probe)."""
        from ..api.gateway import UniApi

        if config is None:
            return await self._probe(self.api())
        async with UniApi(config) as api:
            return await self._probe(api)

    @staticmethod
    async def _probe(api: UniApi) -> ConnectionReport:
        try:
            models = (await api.models.list()).ids
        except ApiError as error:
            return ConnectionReport(False, [], None, error)
        try:
            balance = await api.billing.balance()
        except ApiError:  # an OpenAI-compatible gateway without UniAPI's balance endpoint
            return ConnectionReport(True, models, None)
        return ConnectionReport(True, models, balance.balance, unlimited=balance.unlimited)

    async def aclose(self) -> None:
        self._closing = True
        await asyncio.gather(*self._background, return_exceptions=True)
        if self._tasks_ready is not None:
            await asyncio.gather(self._tasks_ready, return_exceptions=True)
        async with self._engine_lock():  # an engine being started finishes starting, then closes
            if self._tasks is not None:
                await self._tasks.close()
                self._tasks = None
        if self._api is not None:
            await self._api.aclose()
            self._api = None
        if self._demo_thread is not None:
            self._demo_thread.join(timeout=15)
        if self._demo_server is not None:
            self._demo_server.stop()  # type: ignore[attr-defined]
            self._demo_server = None
        self.db.close()
