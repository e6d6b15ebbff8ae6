"""Render the attack ledger the test suite wrote (build/reliability.json) into the README's reliability table.

    .venv/bin/python -m pytest                             # writes build/reliability.json
    .venv/bin/python packaging/reliability_table.py        # rewrites the table between the README markers
    .venv/bin/python packaging/reliability_table.py --check  # exit 1 if the README is not what the ledger says

Every row counts attacks a test made and then asserted the studio's behaviour on (exit code, no traceback,
requests counted, files present); "secrets found" is how often the API key turned up in the outputs and
data folders those tests searched.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEDGER = ROOT / "build" / "reliability.json"
README = ROOT / "README.md"
START, END = "<!-- reliability-table:start -->", "<!-- reliability-table:end -->"
sys.path.insert(0, str(ROOT / "tests"))

from attack_log import CATEGORIES  # noqa: E402


def render(ledger: dict) -> str:
    attacks = ledger["attacks"]
    lines = [
        f"Produced by the test suite: {len(attacks)} attacks, each asserted on (exit code, no traceback, requests "
        "counted, files present); had one not held, the suite would have failed.",
        "",
        "| what was tried | attacks | tries | held | for example |",
        "|---|---|---|---|---|",
    ]
    for category, title in CATEGORIES.items():
        mine = [attack for attack in attacks if attack["category"] == category]
        if not mine:
            continue
        tries = sum(attack["tries"] for attack in mine)
        named = list(dict.fromkeys(" ".join(attack["attack"].split()).replace("|", "/") for attack in mine))
        examples = "; ".join(named[:4]) + (f"; and {len(named) - 4} more" if len(named) > 4 else "")
        lines.append(f"| {title} | {len(mine)} | {tries} | {tries} | {examples} |")
    found = sum(attack["secrets_found"] for attack in attacks)
    scanned = sum(attack["scanned"] for attack in attacks)
    lines.append(f"| API key searched for in outputs and data-folder files | | {scanned} places | {found} found | |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only check that the README matches the ledger")
    args = parser.parse_args(argv)
    if not LEDGER.exists():
        raise SystemExit(f"{LEDGER} is missing: run the test suite first.")
    readme = README.read_text("utf-8")
    head, start, rest = readme.partition(START)
    _, end, tail = rest.partition(END)
    if not start or not end:
        raise SystemExit(f"README.md has no {START} … {END} markers.")
    table = render(json.loads(LEDGER.read_text("utf-8")))
    updated = f"{head}{START}\n{table}\n{END}{tail}"
    if args.check:
        return 0 if updated == readme else 1
    README.write_text(updated, "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
