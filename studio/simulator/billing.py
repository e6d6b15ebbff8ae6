"""The account balance: token usage is billed at a tiny price, and GET /v1/billing/usage reports it."""

from __future__ import annotations

import threading

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from studio.simulator.config import UNLIMITED_BALANCE
from studio.simulator.errors import insufficient_quota
from studio.simulator.request_context import simulator_state

USD_PER_TOKEN = 0.000002  # $2 per million tokens, any model


class Ledger:
    """What the simulated account has spent; a balance of -1 means unlimited."""

    def __init__(self, balance_usd: float) -> None:
        self._initial_usd = balance_usd
        self._used_usd = 0.0
        self._lock = threading.Lock()

    @property
    def unlimited(self) -> bool:
        return self._initial_usd == UNLIMITED_BALANCE

    @property
    def used_usd(self) -> float:
        with self._lock:
            return self._used_usd

    @property
    def balance_usd(self) -> float:
        if self.unlimited:
            return UNLIMITED_BALANCE
        with self._lock:
            return max(0.0, self._initial_usd - self._used_usd)

    def require_funds(self) -> None:
        """Refuse paid work once the balance is spent, as the gateway does (HTTP 403)."""
        if not self.unlimited and self.balance_usd <= 0:
            raise insufficient_quota()

    def charge_tokens(self, tokens: int) -> None:
        self.charge_usd(tokens * USD_PER_TOKEN)

    def charge_usd(self, amount: float) -> None:
        with self._lock:
            self._used_usd += amount


async def billing_usage(request: Request) -> JSONResponse:
    # The real endpoint is lenient: missing or unexpected query parameters still get the balance.
    ledger = simulator_state(request).ledger
    return JSONResponse(
        {
            "success": True,
            "message": "",
            "data": {
                "balance": round(ledger.balance_usd, 6),
                "used": round(ledger.used_usd, 6),
                "cache_used": 0,
            },
        }
    )


billing_routes = [Route("/v1/billing/usage", billing_usage, methods=["GET"])]
