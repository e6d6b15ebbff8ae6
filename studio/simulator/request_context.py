"""What a family route needs to know about the request beyond its body: state, fault and pacing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from starlette.requests import Request

from studio.simulator.errors import GatewayError, malformed_json
from studio.simulator.faults import Fault, FaultKind
from studio.simulator.request_body import ParsedBody
from studio.simulator.streaming import EventStream, Frame

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from studio.simulator.state import SimulatorState

SCOPE_BODY = "sim.body"
SCOPE_FAULT = "sim.fault"
TOKEN_RATE_HEADER = "x-sim-token-rate"
TOKENS_HEADER = "x-sim-tokens"
TOKEN_RATE_TRIGGER = re.compile(r"\[\[token-rate:(\d+(?:\.\d+)?)\]\]")


def simulator_state(request: Request) -> SimulatorState:
    state: SimulatorState = request.app.state.simulator
    return state


@dataclass
class RequestContext:
    request: Request
    state: SimulatorState
    body: ParsedBody
    fault: Fault | None

    @classmethod
    def of(cls, request: Request) -> RequestContext:
        return cls(
            request=request,
            state=simulator_state(request),
            body=request.scope.get(SCOPE_BODY) or ParsedBody(),
            fault=request.scope.get(SCOPE_FAULT),
        )

    def json_object(self) -> dict[str, Any]:
        if self.body.json_error is not None:
            raise malformed_json(self.body.json_error)
        if not isinstance(self.body.json, dict):
            raise GatewayError(400, "The request body must be a JSON object.", code="invalid_json")
        return self.body.json

    @property
    def token_rate(self) -> float:
        """Tokens per second: X-Sim-Token-Rate header, else a `[[token-rate:N]]` trigger, else config."""
        header = self.request.headers.get(TOKEN_RATE_HEADER)
        if header is not None:
            try:
                return max(0.0, float(header))
            except ValueError:
                pass
        if match := TOKEN_RATE_TRIGGER.search(self.body.searchable_text()):
            return float(match.group(1))
        return self.state.config.token_rate

    @property
    def tokens_header(self) -> str | None:
        return self.request.headers.get(TOKENS_HEADER)

    @property
    def fault_kind(self) -> FaultKind | None:
        return self.fault.kind if self.fault else None

    def refuse_stream_fault_without_stream(self) -> None:
        """A stream-error asked of a plain JSON reply becomes the 500 the upstream would have sent."""
        if self.fault_kind is FaultKind.STREAM_ERROR:
            raise GatewayError(
                500,
                "The server had an error while processing your request (simulated)",
                error_type="server_error",
                code="server_error",
            )

    def event_stream(
        self, frames: Iterable[Frame], error_frames: Callable[[], list[str]] | None = None
    ) -> EventStream:
        return EventStream(
            frames, token_rate=self.token_rate, fault=self.fault_kind, error_frames=error_frames
        )
