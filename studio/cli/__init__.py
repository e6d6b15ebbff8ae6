"""`studio-cli`: the headless front door to every family, for scripts and batch work.

Exit codes: 0 ok; 2 bad input caught before any request; 3 the API answered with an error;
4 network failure or timeout; 5 the studio's own data folder or database failed; 130 interrupted.
Errors are one line on stderr, never a traceback. Everything printed is stripped of control
characters (unless `--raw` into a pipe) and of the API key.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sqlite3
import sys
from collections.abc import Awaitable, Callable, Sequence
from typing import NoReturn, TextIO, cast

from .. import __version__
from ..api.errors import ApiError, RequestTimeoutError
from ..core.settings import Settings
from .audio_commands import AUDIO_COMMANDS, add_audio_commands
from .data_commands import DATA_COMMANDS, add_data_commands
from .image_commands import IMAGE_COMMANDS, add_image_commands
from .session import (
    EXIT_BAD_INPUT,
    EXIT_CANCELLED,
    EXIT_OK,
    BadInput,
    CliSession,
    demo_gateway,
    describe_error,
    error_exit_code,
    open_api,
    out_folder,
    resolve_gateway,
    wants_demo,
)
from .task_commands import TASK_COMMANDS, add_task_commands, positive_seconds
from .terminal import SafeStream
from .text_commands import TEXT_COMMANDS, add_text_commands
from .usage_commands import USAGE_COMMANDS, CliUsageSink, add_usage_commands

Command = Callable[[CliSession], Awaitable[None]]
COMMANDS: dict[str, Command] = {**TEXT_COMMANDS, **TASK_COMMANDS, **AUDIO_COMMANDS, **IMAGE_COMMANDS}


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one readable line and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="studio-cli",
        description="UniAPI Studio on the command line. Global options go before the command.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--base-url", help="gateway root (else $UNIAPI_BASE_URL, else the profile's)")
    parser.add_argument(
        "--api-key", help="API key (else $UNIAPI_API_KEY, else the profile's key in the keyring)"
    )
    parser.add_argument("--profile", help="use this saved profile instead of the active one")
    parser.add_argument("--json", action="store_true", help="print the raw JSON result")
    parser.add_argument("--out", metavar="DIR", help="where media goes (default: the library folder)")
    parser.add_argument("--demo", action="store_true", help="use the built-in simulator; no key needed")
    parser.add_argument("-v", "--verbose", action="store_true", help="show error details")
    parser.add_argument(
        "--raw", action="store_true", help="print server text as it came (only into a pipe or file, never a terminal)"
    )
    parser.add_argument(
        "--timeout",
        type=positive_seconds,
        metavar="S",
        help="give up after S seconds (a task job is then kept for `tasks resume`)",
    )
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=OneLineParser
    )
    add_text_commands(commands)
    add_task_commands(commands)
    add_audio_commands(commands)
    add_image_commands(commands)
    add_data_commands(commands)
    add_usage_commands(commands)
    return parser


async def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    settings = Settings()
    local = {**DATA_COMMANDS, **USAGE_COMMANDS}
    if args.command in local:  # local work: no gateway, no key
        try:
            await local[args.command](args, settings, stdout, stderr)
        except sqlite3.Error as exc:
            from ..core.database import storage_error

            error = storage_error(exc, settings.paths.data_dir / "studio.db")
            stderr.write(describe_error(error, verbose=args.verbose) + "\n")
            return error_exit_code(error)
        except ApiError as error:
            stderr.write(describe_error(error, verbose=args.verbose) + "\n")
            return error_exit_code(error)
        return EXIT_OK
    demo = wants_demo(args, settings)
    with demo_gateway() if demo else contextlib.nullcontext(None) as demo_url:
        base_url, api_key = resolve_gateway(args, settings, demo_url)
        out_dir = out_folder(args, settings)
        safe_out, safe_err = SafeStream(stdout, api_key, raw=args.raw), SafeStream(stderr, api_key, raw=args.raw)
        api = open_api(base_url, api_key, settings, demo=demo, stderr=cast(TextIO, safe_err))
        usage_sink = CliUsageSink(settings)
        api.client.usage_sink = usage_sink
        session = CliSession(
            args, api, api_key, out_dir, cast(TextIO, safe_out), cast(TextIO, safe_err), settings, demo=demo
        )
        try:
            await _within_timeout(args, COMMANDS[args.command](session))
        except ApiError as error:
            safe_out.finish()
            safe_err.write(describe_error(error, verbose=args.verbose) + "\n")
            return error_exit_code(error)
        except sqlite3.Error as exc:  # the database failed mid-command (damaged, locked, read-only)
            from ..core.database import storage_error

            storage = storage_error(exc, settings.paths.data_dir / "studio.db")
            safe_out.finish()
            safe_err.write(describe_error(storage, verbose=args.verbose) + "\n")
            return error_exit_code(storage)
        finally:
            safe_out.finish()
            safe_err.finish()
            await api.aclose()
            usage_sink.close()
    return EXIT_OK


async def _within_timeout(args: argparse.Namespace, command: Awaitable[None]) -> None:
    """`--timeout` bounds a request command as a whole; a task command hands it to its job as a deadline."""
    if args.timeout is None or args.command in TASK_COMMANDS:
        await command
        return
    try:
        async with asyncio.timeout(args.timeout):
            await command
    except TimeoutError:
        raise RequestTimeoutError(f"No complete reply within --timeout {args.timeout:g} s; gave up.") from None


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as stop:  # --help, --version and usage errors end here with their own code
        return stop.code if isinstance(stop.code, int) else EXIT_BAD_INPUT
    try:
        return asyncio.run(run(args, sys.stdout, sys.stderr))
    except BadInput as exc:
        sys.stderr.write(f"error: {exc}\n")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        sys.stderr.write("\ncancelled\n")
        return EXIT_CANCELLED
    except BrokenPipeError:
        return EXIT_OK
