"""`studio-cli usage`: the usage the studio recorded, per model or per day, with estimated costs (the
same totals as the Tools tab's dashboard). Local work: no gateway, no key."""

from __future__ import annotations

import argparse
import contextlib
import json
import sqlite3
from datetime import date
from typing import Any, TextIO

from ..api.usage import UsageEvent
from ..core.settings import Settings
from ..core.usage import UsageLedger, UsageTotal, day_start
from .session import fail, open_data, printable


def add_usage_commands(commands: argparse._SubParsersAction[Any]) -> None:
    usage = commands.add_parser("usage", help="recorded requests, tokens and estimated cost, per model or day")
    usage.add_argument("--since", metavar="DATE", help="from this day on (YYYY-MM-DD); default: everything")
    usage.add_argument("--by", choices=("model", "day"), default="model", help="one line per model or per day")


def parse_since(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return day_start(date.fromisoformat(value.strip()))
    except ValueError:
        fail(f"--since wants a date like 2025-01-31 (got '{value}').")


def usage_table(totals: list[UsageTotal], total: UsageTotal, by: str) -> str:
    header = (by, "requests", "tokens in", "tokens out", "media", "est. cost")
    rows = [
        (printable(t.key), str(t.requests), str(t.input_tokens), str(t.output_tokens), str(t.media_out),
         f"${t.cost:.4f}" + ("" if t.priced else "*"))
        for t in totals
    ]
    rows.append(("total", str(total.requests), str(total.input_tokens), str(total.output_tokens),
                 str(total.media_out), f"${total.cost:.4f}"))
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    lines = []
    for row in (header, *rows):
        cells = [row[0].ljust(widths[0])] + [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"


async def run_usage(args: argparse.Namespace, settings: Settings, stdout: TextIO, stderr: TextIO) -> None:
    since = parse_since(args.since)
    db, _library = open_data(settings, lambda text: stderr.write(text + "\n"))
    try:
        ledger = UsageLedger(db)
        totals = ledger.totals(since, by=args.by)
        total = ledger.grand_total(since)
    finally:
        db.close()
    if args.json:
        stdout.write(json.dumps({
            "by": args.by,
            "since": args.since,
            "rows": [t.__dict__ for t in totals],
            "total": total.__dict__,
        }, ensure_ascii=False, indent=2) + "\n")
        return
    if not totals:
        stderr.write("No usage recorded" + (f" since {args.since}" if args.since else "") + ".\n")
        return
    stdout.write(usage_table(totals, total, args.by))
    stderr.write("Costs are estimates from the price table (Tools tab); * marks rows with unpriced models.\n")


class CliUsageSink:
    """Records the usage of a CLI run in the studio database, opened on the first request that counts."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._db: sqlite3.Connection | None = None
        self._ledger: UsageLedger | None = None

    def __call__(self, event: UsageEvent) -> None:
        if self._ledger is None:
            from ..core.database import open_database

            self._db = open_database(self.settings.paths.data_dir / "studio.db")
            self._ledger = UsageLedger(self._db)
        self._ledger.record(event)

    def close(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()


USAGE_COMMANDS = {"usage": run_usage}
