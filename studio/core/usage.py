"""The usage ledger: one row per work request the app made (model, family, tokens, media, time; no
content), the price table that turns it into an estimated cost, the balance history and the budget.

Rows come from the API client's `usage_sink` (see `studio.api.usage`), so every family counts
wherever it was sent from: chat, images, audio, the task families, the CLI.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Literal

from .database import register, run_script, transaction
from .events import EventHub

if TYPE_CHECKING:
    from ..api.usage import UsageEvent

USAGE_MIGRATION = 6
Grouping = Literal["model", "day", "family"]
BUDGET_WARNING = 0.8


@register(USAGE_MIGRATION, "usage ledger")
def _schema(db: sqlite3.Connection) -> None:
    run_script(
        db,
        """
        ALTER TABLE usage_ledger ADD COLUMN path TEXT NOT NULL DEFAULT '';
        ALTER TABLE usage_ledger ADD COLUMN media_in INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE usage_ledger ADD COLUMN media_out INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE usage_ledger ADD COLUMN seconds REAL NOT NULL DEFAULT 0;
        CREATE INDEX usage_ledger_by_time ON usage_ledger(at);
        CREATE TABLE model_prices (
            model TEXT PRIMARY KEY,
            input_per_million REAL NOT NULL DEFAULT 0,
            output_per_million REAL NOT NULL DEFAULT 0,
            per_request REAL NOT NULL DEFAULT 0,
            per_media REAL NOT NULL DEFAULT 0
        );
        CREATE TABLE balance_history (
            id INTEGER PRIMARY KEY,
            at REAL NOT NULL,
            balance REAL,
            used REAL,
            unlimited INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE tool_preferences (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE embedding_cache (
            model TEXT NOT NULL,
            dimensions INTEGER NOT NULL,
            asset_id INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
            text_hash TEXT NOT NULL,
            vector BLOB NOT NULL,
            PRIMARY KEY (model, dimensions, asset_id)
        );
        """,
    )


@dataclass(frozen=True)
class Price:
    """USD; estimates the user can edit, not what the gateway bills."""

    input_per_million: float = 0.0
    output_per_million: float = 0.0
    per_request: float = 0.0
    per_media: float = 0.0

    def cost(self, input_tokens: int, output_tokens: int, requests: int, media: int) -> float:
        return (
            input_tokens * self.input_per_million / 1e6
            + output_tokens * self.output_per_million / 1e6
            + requests * self.per_request
            + media * self.per_media
        )


DEFAULT_PRICES: dict[str, Price] = {
    "gpt-4o": Price(2.5, 10.0),
    "gpt-4o-mini": Price(0.15, 0.6),
    "gpt-4.1": Price(2.0, 8.0),
    "gpt-4.1-mini": Price(0.4, 1.6),
    "gpt-4.1-nano": Price(0.1, 0.4),
    "o3-mini": Price(1.1, 4.4),
    "o4-mini": Price(1.1, 4.4),
    "gpt-3.5-turbo": Price(0.5, 1.5),
    "gpt-3.5-turbo-instruct": Price(1.5, 2.0),
    "text-embedding-3-small": Price(0.02),
    "text-embedding-3-large": Price(0.13),
    "text-embedding-ada-002": Price(0.10),
    "omni-moderation-latest": Price(),
    "text-moderation-latest": Price(),
    "gpt-image-1": Price(5.0, 40.0, per_media=0.04),
    "dall-e-3": Price(per_media=0.04),
    "dall-e-2": Price(per_media=0.02),
    "whisper-1": Price(per_request=0.006),
    "gpt-4o-transcribe": Price(2.5, 10.0),
    "gpt-4o-mini-transcribe": Price(1.25, 5.0),
    "tts-1": Price(per_request=0.015),
    "tts-1-hd": Price(per_request=0.03),
    "gpt-4o-mini-tts": Price(0.6, 12.0),
    "family:midjourney": Price(per_request=0.05),
    "family:ideogram": Price(per_request=0.08),
    "family:suno": Price(per_request=0.10),
    "family:udio": Price(per_request=0.10),
    "family:luma": Price(per_request=0.40),
    "family:video": Price(per_request=0.50),
}
"""Sensible starting prices (USD, list prices of the model makers or typical relay prices); the
dashboard marks every cost made from them as an estimate. `family:<name>` covers a family's models."""


@dataclass(frozen=True)
class UsageTotal:
    key: str
    requests: int
    input_tokens: int
    output_tokens: int
    media_in: int
    media_out: int
    cost: float
    priced: bool = True
    """False when some rows had no price (their cost counts as 0)."""

    @property
    def tokens(self) -> int:
        return self.input_tokens + self.output_tokens


@dataclass(frozen=True)
class BalancePoint:
    at: float
    balance: float | None
    used: float | None
    unlimited: bool


@dataclass(frozen=True)
class BudgetState:
    budget: float | None
    spent: float

    @property
    def share(self) -> float:
        return self.spent / self.budget if self.budget else 0.0

    @property
    def warn(self) -> bool:
        return self.budget is not None and self.share >= BUDGET_WARNING

    @property
    def over(self) -> bool:
        return self.budget is not None and self.share >= 1.0


def day_start(day: date) -> float:
    return datetime(day.year, day.month, day.day).timestamp()


def month_start(now: float | None = None) -> float:
    today = datetime.fromtimestamp(time.time() if now is None else now)
    return datetime(today.year, today.month, 1).timestamp()


@dataclass(frozen=True)
class UsageRecorded:
    """Published after a usage row was written (the dashboard redraws)."""

    family: str
    model: str


@dataclass(frozen=True)
class BalanceRecorded:
    balance: float | None


class UsageLedger:
    def __init__(self, db: sqlite3.Connection, events: EventHub | None = None) -> None:
        self.db = db
        self.events = events

    # recording -------------------------------------------------------------------------------

    def record(self, event: UsageEvent) -> None:
        with transaction(self.db):
            self.db.execute(
                "INSERT INTO usage_ledger(at, family, model, input_tokens, output_tokens, path, media_in,"
                " media_out, seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    event.at,
                    event.family,
                    event.model,
                    max(0, event.input_tokens),
                    max(0, event.output_tokens),
                    event.path,
                    max(0, event.media_in),
                    max(0, event.media_out),
                    max(0.0, event.seconds),
                ),
            )
        if self.events is not None:
            self.events.publish(UsageRecorded(event.family, event.model))

    # prices ----------------------------------------------------------------------------------

    def prices(self) -> dict[str, Price]:
        """The defaults, overridden (or added to) by the user's edits."""
        table = dict(DEFAULT_PRICES)
        for row in self.db.execute("SELECT * FROM model_prices"):
            table[row["model"]] = Price(
                row["input_per_million"], row["output_per_million"], row["per_request"], row["per_media"]
            )
        return table

    def set_price(self, model: str, price: Price) -> None:
        with transaction(self.db):
            self.db.execute(
                "INSERT OR REPLACE INTO model_prices(model, input_per_million, output_per_million, per_request,"
                " per_media) VALUES (?, ?, ?, ?, ?)",
                (model, price.input_per_million, price.output_per_million, price.per_request, price.per_media),
            )

    def reset_prices(self) -> None:
        with transaction(self.db):
            self.db.execute("DELETE FROM model_prices")

    @staticmethod
    def price_for(prices: dict[str, Price], model: str, family: str) -> Price | None:
        return prices.get(model) or prices.get(f"family:{family}")

    # reading ---------------------------------------------------------------------------------

    def _rows(self, since: float | None) -> list[sqlite3.Row]:
        return list(
            self.db.execute(
                "SELECT at, family, model, input_tokens, output_tokens, media_in, media_out,"
                " date(at, 'unixepoch', 'localtime') AS day FROM usage_ledger WHERE at >= ? ORDER BY at, id",
                (since or 0.0,),
            )
        )

    def totals(self, since: float | None = None, by: Grouping = "model") -> list[UsageTotal]:
        """Requests, tokens, media and estimated cost per model (or day, or family), busiest first
        (days in date order)."""
        prices = self.prices()
        sums: dict[str, list[float]] = {}
        unpriced: set[str] = set()
        for row in self._rows(since):
            key = str(row[by])
            entry = sums.setdefault(key, [0, 0, 0, 0, 0, 0.0])
            price = self.price_for(prices, row["model"], row["family"])
            if price is None:
                unpriced.add(key)
                price = Price()
            entry[0] += 1
            entry[1] += row["input_tokens"]
            entry[2] += row["output_tokens"]
            entry[3] += row["media_in"]
            entry[4] += row["media_out"]
            entry[5] += price.cost(row["input_tokens"], row["output_tokens"], 1, row["media_out"])
        result = [
            UsageTotal(key, int(v[0]), int(v[1]), int(v[2]), int(v[3]), int(v[4]), float(v[5]), key not in unpriced)
            for key, v in sums.items()
        ]
        if by == "day":
            return sorted(result, key=lambda total: total.key)
        return sorted(result, key=lambda total: (-total.requests, -total.tokens, total.key))

    def grand_total(self, since: float | None = None) -> UsageTotal:
        parts = self.totals(since)
        return UsageTotal(
            "all",
            sum(p.requests for p in parts),
            sum(p.input_tokens for p in parts),
            sum(p.output_tokens for p in parts),
            sum(p.media_in for p in parts),
            sum(p.media_out for p in parts),
            sum(p.cost for p in parts),
            all(p.priced for p in parts),
        )

    def daily_by_model(self, since: float | None = None) -> dict[str, dict[str, UsageTotal]]:
        """day -> model -> totals, for the stacked bars."""
        prices = self.prices()
        grid: dict[str, dict[str, list[float]]] = {}
        for row in self._rows(since):
            entry = grid.setdefault(row["day"], {}).setdefault(row["model"], [0, 0, 0, 0, 0, 0.0])
            price = self.price_for(prices, row["model"], row["family"]) or Price()
            entry[0] += 1
            entry[1] += row["input_tokens"]
            entry[2] += row["output_tokens"]
            entry[3] += row["media_in"]
            entry[4] += row["media_out"]
            entry[5] += price.cost(row["input_tokens"], row["output_tokens"], 1, row["media_out"])
        return {
            day: {
                model: UsageTotal(model, int(v[0]), int(v[1]), int(v[2]), int(v[3]), int(v[4]), float(v[5]))
                for model, v in models.items()
            }
            for day, models in sorted(grid.items())
        }

    # balance ---------------------------------------------------------------------------------

    def record_balance(self, balance: float | None, used: float | None, unlimited: bool) -> None:
        with transaction(self.db):
            self.db.execute(
                "INSERT INTO balance_history(at, balance, used, unlimited) VALUES (?, ?, ?, ?)",
                (time.time(), balance, used, int(unlimited)),
            )
        if self.events is not None:
            self.events.publish(BalanceRecorded(balance))

    def balance_history(self, limit: int = 500) -> list[BalancePoint]:
        rows = self.db.execute("SELECT * FROM balance_history ORDER BY at DESC, id DESC LIMIT ?", (limit,))
        points = [BalancePoint(r["at"], r["balance"], r["used"], bool(r["unlimited"])) for r in rows]
        return points[::-1]

    # preferences and the budget ----------------------------------------------------------------

    def preference(self, key: str, default: str = "") -> str:
        row = self.db.execute("SELECT value FROM tool_preferences WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else default

    def set_preference(self, key: str, value: str) -> None:
        with transaction(self.db):
            self.db.execute("INSERT OR REPLACE INTO tool_preferences(key, value) VALUES (?, ?)", (key, value))

    @property
    def monthly_budget(self) -> float | None:
        try:
            value = float(self.preference("monthly_budget", ""))
        except ValueError:
            return None
        return value if value > 0 else None

    def set_monthly_budget(self, budget: float | None) -> None:
        self.set_preference("monthly_budget", "" if not budget or budget <= 0 else repr(float(budget)))

    def budget_state(self, now: float | None = None) -> BudgetState:
        return BudgetState(self.monthly_budget, self.grand_total(month_start(now)).cost)

    @property
    def precheck_prompts(self) -> bool:
        return self.preference("precheck_prompts", "0") == "1"

    def set_precheck_prompts(self, on: bool) -> None:
        self.set_preference("precheck_prompts", "1" if on else "0")
