"""Account balance (GET /v1/billing/usage?type=token&unit=usd, UniAPI's platform endpoint)."""

from __future__ import annotations

from typing import Any

from .client import UniApiClient
from .errors import ApiResponseError
from .lenient import Lenient, LooseFloat, parse
from .sentences import QT_TRANSLATE_NOOP, Sentence

BALANCE_PATH = "/v1/billing/usage"


class Balance(Lenient):
    balance: LooseFloat = None
    used: LooseFloat = None
    cache_used: LooseFloat = None

    @property
    def unlimited(self) -> bool:
        return self.balance is not None and self.balance < 0


def balance_from(body: Any) -> Balance:
    if not isinstance(body, dict):
        raise ApiResponseError(
            QT_TRANSLATE_NOOP("ApiMessages", "The gateway's balance reply cannot be read."), details=str(body)[:2000]
        )
    if body.get("success") is False:
        message = str(body.get("message") or "no reason given")
        raise ApiResponseError(
            Sentence.of(
                QT_TRANSLATE_NOOP("ApiMessages", "The gateway could not report the balance: {message}"), message=message
            ),
            details=str(body)[:2000],
        )
    data = body.get("data", body)
    if not isinstance(data, dict) or "balance" not in data:
        raise ApiResponseError(
            QT_TRANSLATE_NOOP("ApiMessages", "The gateway's balance reply has no balance."), details=str(body)[:2000]
        )
    return parse(Balance, data, "balance")


class BillingApi:
    def __init__(self, client: UniApiClient) -> None:
        self._client = client

    async def balance(self) -> Balance:
        return balance_from(await self._client.get_json(BALANCE_PATH, params={"type": "token", "unit": "usd"}))
