"""`python -m studio.simulator --port 8765`: run the simulated gateway in the foreground until Ctrl+C."""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from studio.simulator.config import SimulatorConfig
from studio.simulator.server import SimulatorServer

USAGE_ERROR = 2


class OneLineArgumentParser(argparse.ArgumentParser):
    """Reports a bad argument in one line instead of the usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(USAGE_ERROR, f"{self.prog}: error: {message}\n")


def _non_negative(kind: type[int] | type[float]) -> Callable[[str], int | float]:
    def parse(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
        if value < 0:
            raise argparse.ArgumentTypeError(f"must not be negative, got {text}")
        return value

    return parse


def _port(text: str) -> int:
    port = _non_negative(int)(text)
    if port > 65535:
        raise argparse.ArgumentTypeError(f"must be at most 65535, got {text}")
    return int(port)


def build_parser() -> OneLineArgumentParser:
    parser = OneLineArgumentParser(prog="python -m studio.simulator", description="A local UniAPI simulator.")
    parser.add_argument("--port", type=_port, required=True, help="port to listen on (0 = any free port)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--key", default=None, help="the API key to require (default: accept any key)")
    parser.add_argument("--latency", type=_non_negative(int), default=0, metavar="MS", help="delay before replies")
    parser.add_argument("--token-rate", type=_non_negative(float), default=50.0, metavar="N", help="tokens/s, 0 = max")
    parser.add_argument("--url-ttl", type=_non_negative(float), default=3600.0, metavar="S", help="media URL lifetime")
    parser.add_argument("--task-seconds", type=_non_negative(float), default=8.0, metavar="S", help="task duration")
    parser.add_argument(
        "--journal-limit", type=_non_negative(int), default=500, metavar="N", help="requests the journal keeps"
    )
    parser.add_argument("--balance", type=float, default=25.0, metavar="USD", help="account balance, -1 = unlimited")
    parser.add_argument(
        "--audio-seconds-per-minute",
        type=_non_negative(float),
        default=0.0,
        metavar="S",
        help="transcription processing time per audio minute",
    )
    return parser


def _stop_on_terminate(signal_number: int, frame: object) -> None:
    raise KeyboardInterrupt  # the same clean stop as Ctrl+C


def main(argv: Sequence[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    config = SimulatorConfig(
        key=arguments.key,
        latency_ms=arguments.latency,
        token_rate=arguments.token_rate,
        url_ttl_s=arguments.url_ttl,
        task_seconds=arguments.task_seconds,
        balance_usd=arguments.balance,
        journal_limit=arguments.journal_limit,
        audio_seconds_per_minute=arguments.audio_seconds_per_minute,
    )
    server = SimulatorServer(config, host=arguments.host, port=arguments.port)
    try:
        base_url = server.start()
    except OSError as error:
        print(f"cannot listen on {arguments.host}:{arguments.port}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"UniAPI simulator on {base_url} (key: {'required' if config.key else 'any'})", flush=True)
    signal.signal(signal.SIGTERM, _stop_on_terminate)
    try:
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
