"""One row per final figure, shared by every benchmark script and the runner (`python -m tests.bench`).

A row holds the figure, the baseline measured in the same run (and so the ratio), and the target, which
applies either to the figure itself or to the ratio. The verdict says "met" or by how much it misses.
Each script prints its own detailed lines, then its rows, and with `--json FILE` writes them to FILE
for the runner, which prints every script's rows as one table.
"""

from __future__ import annotations

import argparse
import json
import operator
from dataclasses import asdict, dataclass, field
from pathlib import Path

COMPARE = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


@dataclass
class Row:
    name: str
    figure: float
    unit: str
    baseline: float | None = None
    """The same measure for the baseline of this run (idle loop, bare window, raw httpx...)."""
    baseline_name: str = ""
    op: str = ""
    """One of < <= > >=, or "" when the row has no target (shown for information)."""
    limit: float | None = None
    on: str = "figure"
    """What the target applies to: "figure" or "ratio"."""
    note: str = ""
    extra: dict[str, float] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline == 0:
            return None
        return self.figure / self.baseline

    @property
    def target(self) -> str:
        if not self.op or self.limit is None:
            return ""
        suffix = "x" if self.on == "ratio" else f" {self.unit}"
        return f"{self.op} {self.limit:g}{suffix}"

    @property
    def met(self) -> bool | None:
        value = self.ratio if self.on == "ratio" else self.figure
        if not self.op or self.limit is None or value is None:
            return None
        return bool(COMPARE[self.op](value, self.limit))

    @property
    def verdict(self) -> str:
        met = self.met
        if met is None:
            return "-"
        if met:
            return "met"
        value = self.ratio if self.on == "ratio" else self.figure
        assert value is not None and self.limit is not None
        if self.limit == 0:
            return "MISSED"
        # How far off, relative to the limit: 20 ms against "< 16 ms" misses by 25 %.
        gap = (value / self.limit - 1) * 100 if self.op.startswith("<") else (1 - value / self.limit) * 100
        return f"MISSED by {gap:.0f}%"

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data.update(ratio=self.ratio, target=self.target, verdict=self.verdict, met=self.met)
        return data

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Row:
        names = {f for f in cls.__dataclass_fields__}
        return cls(**{key: value for key, value in data.items() if key in names})  # type: ignore[arg-type]


def number(value: float | None, unit: str = "") -> str:
    if value is None:
        return "-"
    magnitude = abs(value)
    text = f"{value:,.0f}" if magnitude >= 100 else f"{value:.2f}" if magnitude < 10 else f"{value:.1f}"
    return f"{text} {unit}".strip()


def table(rows: list[Row]) -> str:
    header = ("benchmark", "figure", "baseline", "ratio", "target", "verdict")
    lines = [
        (
            row.name,
            number(row.figure, row.unit),
            f"{number(row.baseline, row.unit)} ({row.baseline_name})" if row.baseline is not None else "-",
            f"{row.ratio:.2f}x" if row.ratio is not None else "-",
            row.target or "-",
            row.verdict,
        )
        for row in rows
    ]
    widths = [max(len(cell) for cell in column) for column in zip(header, *lines, strict=False)]
    out = [" | ".join(cell.ljust(width) for cell, width in zip(header, widths, strict=True))]
    out.append("-|-".join("-" * width for width in widths))
    out += [" | ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)) for line in lines]
    return "\n".join(out)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", type=Path, help="also write the final rows to this file (for the runner)")
    parser.add_argument("--quick", action="store_true", help="smaller sizes and fewer rounds (CI)")


def report(rows: list[Row], json_path: Path | None) -> None:
    """Print the rows as a table and, when asked, write them as JSON (appending to what is there)."""
    print(table(rows), flush=True)
    if json_path is not None:
        existing = json.loads(json_path.read_text()) if json_path.exists() and json_path.stat().st_size else []
        json_path.write_text(json.dumps(existing + [row.as_json() for row in rows], indent=1))
