"""Stepping a simulator's clock by hand, for exact status progressions without sleeping."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from studio.simulator.server import SimulatorServer


@contextmanager
def manual_clock(server: SimulatorServer) -> Iterator[Callable[[float], None]]:
    """Stops the simulator's clock; the yielded function moves it forward. Time never runs backwards."""
    state = server.state
    frozen = [state.clock()]
    real_now = state.now

    def advance(seconds: float) -> None:
        frozen[0] += seconds

    state.now, state.clock_offset_s = (lambda: frozen[0]), 0.0
    try:
        yield advance
    finally:
        state.clock_offset_s = frozen[0] - real_now()
        state.now = real_now
