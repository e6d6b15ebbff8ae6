"""The layer rules hold (import-linter contracts in pyproject.toml), and they would catch a break:
widgets over the Qt bridge over the domain over the API client; no HTTP, SQL or simulator in widgets;
no Qt or simulator in the core."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"


def lint(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", LINT],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=180,
        env={"PYTHONPATH": str(folder), "PATH": "/usr/bin:/bin"},
    )


def test_import_contracts_are_kept():
    done = lint(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout and "4 kept" in done.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("studio/ui/chat/conversation_list.py", "import sqlite3", "Widgets hold no HTTP"),
        ("studio/ui/welcome.py", "import httpx", "Widgets hold no HTTP"),
        ("studio/core/workspace.py", "from ..simulator import server", "The core knows no Qt"),
        ("studio/core/library.py", "from ..ui import tab", "Layers"),
        ("studio/api/client.py", "import PySide6.QtCore", "The API layer knows no Qt"),
    ],
)
def test_a_forbidden_import_breaks_a_contract(tmp_path, module, line, contract):
    copy = tmp_path / "project"
    shutil.copytree(ROOT / "studio", copy / "studio", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    target = copy / module
    target.write_text(target.read_text("utf-8") + f"\n{line}  # noqa\n", "utf-8")
    done = lint(copy)
    assert done.returncode != 0, done.stdout
    broken = [row for row in done.stdout.splitlines() if row.endswith("BROKEN")]
    assert any(row.startswith(contract) for row in broken), broken
