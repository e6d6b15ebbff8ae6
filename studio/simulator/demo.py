"""The built-in simulator as the desktop app's demo gateway (the workspace's `demo_server` factory)."""

from __future__ import annotations

import socket

from .config import SimulatorConfig
from .server import SimulatorServer


def start_demo_server(sock: socket.socket) -> SimulatorServer:
    """Serve the demo on an already listening loopback socket: replies paced like a real model."""
    server = SimulatorServer(SimulatorConfig(key=None, token_rate=60.0, latency_ms=150), sock=sock)
    server.start()
    return server
