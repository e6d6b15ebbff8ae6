"""The attack ledger: each attack a test makes and what the studio did, for the README's reliability table.

A test calls `survived(...)` after its assertions passed, so only attacks that held are counted;
`secrets_in(...)` counts the API key wherever it could have leaked (outputs, the data folder). At the end
of the session the ledger goes to build/reliability.json; `packaging/reliability_table.py` renders it
into the README.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEDGER_FILE = ROOT / "build" / "reliability.json"

CATEGORIES = {
    "fault": "Injected faults (simulator fault kinds)",
    "hostile": "Hostile server replies (links, bodies, echoes, bombs)",
    "input": "Bad inputs (CLI arguments, files, folders, damaged local data)",
    "kill": "kill -9 of processes with jobs in flight",
    "concurrency": "Processes sharing one data folder",
}


@dataclass(frozen=True)
class Attack:
    category: str
    attack: str
    outcome: str
    test: str
    tries: int = 1
    """How many times it was tried (random examples, kill rounds)."""
    secrets_found: int = 0
    scanned: int = 0
    """Places the key was searched for (outputs, files) after this attack."""


ENTRIES: list[Attack] = []


def survived(category: str, attack: str, outcome: str, *, tries: int = 1, secrets: tuple[int, int] = (0, 0)) -> None:
    """Record an attack the studio held against; `secrets` is (found, places scanned) from `secrets_in`."""
    if category not in CATEGORIES:
        raise ValueError(f"unknown attack category {category!r}")
    test = os.environ.get("PYTEST_CURRENT_TEST", "").split(" ")[0]
    ENTRIES.append(Attack(category, attack, outcome, test, tries, secrets[0], secrets[1]))


def secrets_in(secret: str, *texts: str, folders: tuple[Path, ...] = ()) -> tuple[int, int]:
    """(times `secret` occurs, places searched) over `texts` and every file under `folders` (the key file,
    where a key is meant to be, excepted)."""
    found = scanned = 0
    needle = secret.encode()
    for text in texts:
        scanned += 1
        found += text.count(secret)
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file() and path.name != "keys.json":
                scanned += 1
                found += path.read_bytes().count(needle)
    return found, scanned


def write_ledger(path: Path = LEDGER_FILE) -> None:
    if not ENTRIES:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"written": time.strftime("%Y-%m-%d %H:%M"), "attacks": [asdict(entry) for entry in ENTRIES]}
    path.write_text(json.dumps(payload, indent=1, ensure_ascii=False), "utf-8")
