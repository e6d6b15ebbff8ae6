"""When a failed call may be tried again, and how long to wait first.

Polling GETs are safe to repeat. A paid POST is repeated only when the gateway provably did no work:
the connection never opened (nothing was sent), or it answered 429 / 503 (refused before working).
Never after a timeout or a cut once the request was sent: it may already have been charged.
A refused connection (nothing listens at that address: a wrong port, a stopped gateway) is tried
once more at most, whatever the call: waiting rarely makes a listener appear.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from .errors import (
    ApiError,
    ConnectError,
    ModelUnavailableError,
    NetworkError,
    RateLimitError,
    RefusedConnectionError,
    ServerError,
    StalledReplyError,
)


@dataclass(frozen=True)
class RetryPolicy:
    poll_attempts: int = 5
    """Tries in all for an idempotent GET."""
    submit_attempts: int = 3
    """Tries in all for a paid POST whose earlier tries provably did no work."""
    base_delay: float = 0.5
    max_delay: float = 30.0
    max_retry_after: float = 120.0
    """A Retry-After longer than this is not waited for: the error goes to the user instead."""
    refused_attempts: int = 2
    """Tries in all when the connection is refused."""

    def attempts(self, *, paid: bool, error: ApiError | None = None) -> int:
        """Tries in all for a call; `error` is the latest failure, which may lower the number."""
        limit = self.submit_attempts if paid else self.poll_attempts
        if isinstance(error, RefusedConnectionError):
            limit = min(limit, self.refused_attempts)
        return max(1, limit)

    def should_retry(self, error: ApiError, *, paid: bool) -> bool:
        if isinstance(error, ModelUnavailableError | StalledReplyError):
            return False
        if isinstance(error, RateLimitError):
            return error.retry_after is None or error.retry_after <= self.max_retry_after
        if paid:
            if isinstance(error, ConnectError):
                return not error.request_sent
            return isinstance(error, ServerError) and error.status == 503
        return isinstance(error, ServerError | NetworkError)

    def delay(self, attempt: int, error: ApiError | None = None) -> float:
        """Seconds to wait before try number `attempt + 1` (attempt counts from 1)."""
        if isinstance(error, RateLimitError) and error.retry_after is not None:
            return min(error.retry_after, self.max_retry_after)
        ceiling = min(self.max_delay, self.base_delay * (2 ** (attempt - 1)))
        # "Equal jitter": never less than half the step, so a herd of pollers spreads out but still waits.
        return float(ceiling / 2 + random.uniform(0, ceiling / 2))


NO_RETRY = RetryPolicy(poll_attempts=1, submit_attempts=1)
