"""Streaming throughput: our client vs raw httpx + httpx-sse vs the official openai SDK, in one run.

Starts the simulator in a child process (so it has its own core and interpreter) streaming as fast
as it can, then streams the same 20,000-chunk chat reply through each client several times and
prints chunks/s and each client's ratio to raw httpx (best of the rounds, to damp machine noise).

    python tests/bench/bench_stream.py [--chunks 20000] [--rounds 3] [--quick] [--json FILE]

Targets (issue 16): ours >= 0.9x raw httpx, and >= 8x the official SDK.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
from httpx_sse import aconnect_sse

from studio.api.chat import ChatRequest
from studio.api.client import ClientConfig
from studio.api.gateway import UniApi
from studio.api.streaming import TextDelta

sys.path.insert(0, str(Path(__file__).resolve().parent))
from rows import Row, add_arguments, report

KEY = "bench-key"
MODEL = "gpt-4o-mini"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_simulator() -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "studio.simulator", "--port", str(port), "--key", KEY, "--token-rate", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,  # a simulator left behind by a crash must not hold the runner's pipe open
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{base_url}/v1/models", headers={"Authorization": f"Bearer {KEY}"}).raise_for_status()
            return process, base_url
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the simulator did not start")


def body(chunks: int) -> dict[str, object]:
    return {"model": MODEL, "messages": [{"role": "user", "content": f"benchmark [[tokens:{chunks}]]"}]}


async def raw_httpx(base_url: str, chunks: int) -> int:
    count = 0
    async with httpx.AsyncClient(base_url=base_url, headers={"Authorization": f"Bearer {KEY}"}) as client:
        request = {**body(chunks), "stream": True}
        async with aconnect_sse(client, "POST", "/v1/chat/completions", json=request) as source:
            async for sse in source.aiter_sse():
                if sse.data == "[DONE]":
                    break
                chunk = json.loads(sse.data)
                for choice in chunk["choices"]:
                    if choice["delta"].get("content"):
                        count += 1
    return count


async def ours(base_url: str, chunks: int) -> int:
    count = 0
    async with UniApi(ClientConfig(base_url=base_url, api_key=KEY)) as api:
        request = ChatRequest.model_validate(body(chunks))
        async with api.chat.stream(request) as stream:
            async for event in stream:
                if isinstance(event, TextDelta):
                    count += 1
    return count


async def openai_sdk(base_url: str, chunks: int) -> int:
    from openai import AsyncOpenAI

    count = 0
    client = AsyncOpenAI(base_url=f"{base_url}/v1", api_key=KEY)
    try:
        stream = await client.chat.completions.create(**body(chunks), stream=True)  # type: ignore[call-overload]
        async for chunk in stream:
            if chunk.choices and chunk.choices[0].delta.content:
                count += 1
    finally:
        await client.close()
    return count


async def chunks_per_second(run: Callable[[str, int], Awaitable[int]], base_url: str, chunks: int) -> float:
    started = time.perf_counter()
    got = await run(base_url, chunks)
    elapsed = time.perf_counter() - started
    if got != chunks:
        raise SystemExit(f"{run.__name__} saw {got} chunks, expected {chunks}")
    return chunks / elapsed


async def main_async(chunks: int, rounds: int, json_path: Path | None = None) -> None:
    process, base_url = start_simulator()
    try:
        clients = {"raw httpx + httpx-sse": raw_httpx, "studio client": ours, "openai SDK (AsyncOpenAI)": openai_sdk}
        for run in clients.values():
            await run(base_url, 500)  # warm up imports, connections and the server
        rates = dict.fromkeys(clients, 0.0)
        # Rounds interleave the clients so a slow patch of a shared machine hits all of them alike.
        for _ in range(rounds):
            for name, run in clients.items():
                rates[name] = max(rates[name], await chunks_per_second(run, base_url, chunks))
    finally:
        process.terminate()
        process.wait(timeout=10)
    baseline = rates["raw httpx + httpx-sse"]
    print(f"streaming {chunks} chunks, best of {rounds} rounds")
    for name, rate in rates.items():
        print(f"  {name:<26} {rate:>10,.0f} chunks/s   {rate / baseline:5.2f}x raw httpx")
    ours_rate, sdk_rate = rates["studio client"], rates["openai SDK (AsyncOpenAI)"]
    report(
        [
            Row("stream: client vs raw httpx", ours_rate, "chunks/s", baseline, "raw httpx+sse", ">=", 0.9, "ratio"),
            Row("stream: client vs openai SDK", ours_rate, "chunks/s", sdk_rate, "openai SDK", ">=", 8.0, "ratio"),
        ],
        json_path,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    add_arguments(parser)
    args = parser.parse_args()
    if args.quick:
        args.chunks, args.rounds = min(args.chunks, 8_000), min(args.rounds, 2)
    asyncio.run(main_async(args.chunks, args.rounds, args.json))


if __name__ == "__main__":
    main()
