"""Runs the simulator as a real HTTP server on loopback, in a background thread."""

from __future__ import annotations

import socket
import threading
import time
from types import TracebackType

import uvicorn

from studio.simulator.app import create_app
from studio.simulator.config import SimulatorConfig
from studio.simulator.state import SimulatorState

STARTUP_TIMEOUT_S = 10.0
SHUTDOWN_TIMEOUT_S = 10.0
GRACEFUL_SHUTDOWN_S = 2


class SimulatorServer:
    """A simulated UniAPI gateway: `start()` returns its base URL; usable as a context manager."""

    def __init__(
        self,
        config: SimulatorConfig | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        sock: socket.socket | None = None,
    ) -> None:
        """`sock`: an already bound (and maybe listening) socket to serve on instead of binding one."""
        self.config = config or SimulatorConfig()
        self.host = host
        self.port = port
        self._given_socket = sock
        self._state = SimulatorState(self.config)
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None

    @property
    def state(self) -> SimulatorState:
        return self._state

    @property
    def base_url(self) -> str:
        if self._socket is None:
            raise RuntimeError("The simulator is not running; call start() first.")
        return self._state.base_url

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> str:
        if self.running:
            return self.base_url
        self._socket = self._given_socket or _bind(self.host, self.port)
        bound_port = self._socket.getsockname()[1]
        url_host = f"[{self.host}]" if ":" in self.host else self.host
        self._state.base_url = f"http://{url_host}:{bound_port}"
        self._server = uvicorn.Server(
            uvicorn.Config(
                create_app(self.config, self._state),
                http="httptools",
                loop="asyncio",
                lifespan="off",
                log_level="warning",
                log_config=None,
                access_log=False,
                timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_S,
            )
        )
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, name="uniapi-simulator", daemon=True
        )
        self._thread.start()
        self._wait_until_started()
        return self.base_url

    def _wait_until_started(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        assert self._server is not None and self._thread is not None
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("The simulator failed to start.")
            time.sleep(0.01)

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(SHUTDOWN_TIMEOUT_S)
        if self._socket is not None:
            self._socket.close()
        self._server = self._thread = self._socket = None

    def wait(self) -> None:
        """Block until the server stops (for the foreground command); Ctrl+C interrupts it."""
        while self._thread is not None and self._thread.is_alive():
            self._thread.join(0.5)

    def reset(self) -> None:
        """Clear queued faults and the request journal; stored responses and media stay."""
        self._state.reset()

    def __enter__(self) -> SimulatorServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # An explicit IPPROTO_TCP lets asyncio turn Nagle off on accepted connections; without it every
    # reply written in two parts (headers, body) waits ~40 ms for the client's delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock
