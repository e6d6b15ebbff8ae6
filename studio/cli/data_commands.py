"""The data folder on the command line: the database's automatic backups, and putting one back."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any, TextIO

from ..core.database import backups, folder_error, restore_backup
from ..core.settings import Settings
from .session import fail


def add_data_commands(commands: argparse._SubParsersAction[Any]) -> None:
    db = commands.add_parser("db", help="the studio database: list its automatic backups, restore one")
    actions = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    actions.add_parser("backups", help="the automatic backups, newest first")
    restore = actions.add_parser("restore", help="put a backup in place of the database (it is kept aside)")
    restore.add_argument("backup", nargs="?", metavar="FILE", help="default: the newest backup")


async def run_db(args: argparse.Namespace, settings: Settings, stdout: TextIO, stderr: TextIO) -> None:
    database = settings.paths.data_dir / "studio.db"
    found = backups(database)
    if args.db_command == "backups":
        for backup in found:
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(backup.stat().st_mtime))
            stdout.write(f"{backup}\t{when}\t{backup.stat().st_size} bytes\n")
        if not found:
            stderr.write("There are no automatic backups yet (one is made each day and before each upgrade).\n")
        return
    chosen = Path(args.backup).expanduser() if args.backup else (found[0] if found else None)
    if chosen is None:
        fail("There is no automatic backup to restore.")
    if not chosen.is_file():
        fail(f"The backup {chosen} does not exist.")
    try:
        kept = restore_backup(database, chosen)
    except OSError as exc:
        raise folder_error(database.parent, exc) from exc
    stderr.write(f"Restored {chosen}; the database it replaced is kept as {kept}.\n")


DATA_COMMANDS = {"db": run_db}
