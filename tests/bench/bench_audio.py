"""Audio transcription: upload throughput and memory vs plain httpx, and long recordings in parallel chunks.

Starts the simulator in a child process (its own core and interpreter), then, in one run:

1. Upload. A ~24 MB mono 16-bit WAV (valid audio under the 25 MB limit) is sent to
   /v1/audio/transcriptions (whisper-1, json) by a plain httpx multipart upload
   (`files={"file": open(...)}`) and by our client (`UniApi.audio.transcribe`, i.e. `post_multipart` with a
   `MultipartUpload` streamed from disk). Best of interleaved rounds; prints MB/s and ours / httpx.
   Memory: a background thread reads VmRSS from /proc/self/status every 5 ms while our upload runs; the
   growth is the highest sample minus the reading taken just before the upload starts. This measures the
   upload itself, unlike ru_maxrss, which is a lifetime peak and would also count the WAV generation and
   the httpx rounds. Each client is warmed up once (ours first, before any httpx upload, so no memory freed
   by httpx can hide what ours allocates); the largest growth over the warm-up and all rounds is printed.
2. Long recording. A 60-minute 16 kHz WAV (8 s tones, 2 s silences) is split once with the core's own
   `prepare_chunks` into compact MP3 chunks; the simulator sleeps a fixed time per audio minute. Then
   (a) the chunks are transcribed one after another and stitched, and (b) the studio's normal path,
   `transcribe_file` (up to 4 chunks in parallel + stitch), runs on the same chunks: it is
   handed the already-made chunks (chunks=), so both time the transcription, not the MP3 encoding. The split time is
   printed on its own, with both end-to-end totals. An hour of 32 kbps MP3 (14.4 MB) fits in one 25 MB
   upload, so the chunk limit is lowered (--chunk-limit-mb, default 4 MB = 4 chunks of ~15 minutes) to
   make the recording split as a longer one would.

3. First upload byte. The studio's normal path, `transcribe_file` with the default 25 MB limit, on the
   60-minute WAV (115 MB, so it must be re-encoded): seconds from the call to its first uploaded byte
   (the upload's first progress report), against the same for a 1-minute WAV (sent as it is).

    python tests/bench/bench_audio.py [--rounds 3] [--seconds-per-minute 0.5] [--chunk-limit-mb 4]
                                      [--quick] [--json FILE]

Targets: upload ours >= 0.9x plain httpx and peak RSS growth < 20 MB; long recording (b)/(a) <= 0.35;
first upload byte of the hour within 3 s. --quick: one round, and only 1 and 3.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import wave
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
import numpy as np

import studio.core.audio as core_audio
from studio.api.audio import TRANSCRIPTIONS_PATH, Transcript, TranscriptionRequest
from studio.api.client import ClientConfig
from studio.api.gateway import UniApi

sys.path.insert(0, str(Path(__file__).resolve().parent))
from rows import Row, add_arguments, report

KEY = "bench-key"
MB = 1_000_000
UPLOAD_BYTES = 24 * MB
UPLOAD_RATE = 44_100
LONG_RATE = 16_000
LONG_MINUTES = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_simulator(seconds_per_minute: float) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "studio.simulator",
            "--port",
            str(port),
            "--key",
            KEY,
            "--balance",
            "-1",
            "--audio-seconds-per-minute",
            str(seconds_per_minute),
        ],
        stdout=subprocess.DEVNULL,
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


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    process.wait(timeout=10)


def write_wav(path: Path, rate: int, blocks: list[bytes]) -> Path:
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        for block in blocks:
            writer.writeframes(block)
    return path


def upload_wav(folder: Path) -> Path:
    """~24 MB of speech-band tones under noise (12 M samples at 44.1 kHz, about 4.5 minutes)."""
    rng = np.random.default_rng(7)
    samples = UPLOAD_BYTES // 2
    axis = np.arange(samples, dtype=np.float32) / UPLOAD_RATE
    signal = 0.3 * np.sin(2 * np.pi * 220 * axis) * (np.sin(2 * np.pi * 0.4 * axis) > -0.3)
    signal += rng.standard_normal(samples).astype(np.float32) * 0.03
    pcm = (np.clip(signal, -1, 1) * 32767).astype("<i2").tobytes()
    return write_wav(folder / "upload.wav", UPLOAD_RATE, [pcm])


def long_wav(folder: Path) -> Path:
    """60 minutes at 16 kHz: one 10 s block (8 s of voiced tone, 2 s of silence) written 360 times."""
    axis = np.arange(8 * LONG_RATE) / LONG_RATE
    tone = 0.3 * (np.sin(2 * np.pi * 160 * axis) + 0.4 * np.sin(2 * np.pi * 320 * axis)) * np.sin(np.pi * axis / 8)
    block = np.concatenate([(tone * 32767).astype("<i2"), np.zeros(2 * LONG_RATE, "<i2")]).tobytes()
    return write_wav(folder / "long.wav", LONG_RATE, [block] * (LONG_MINUTES * 6))


# --- 1. upload ---------------------------------------------------------------------------------------


def rss_bytes() -> int:
    with open("/proc/self/status", "rb") as status:
        for line in status:
            if line.startswith(b"VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


class RssSampler:
    """The highest VmRSS seen every 5 ms between start and stop, relative to the reading at start."""

    def __init__(self) -> None:
        self.baseline = 0
        self.peak = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._done.wait(0.005):
            self.peak = max(self.peak, rss_bytes())

    def __enter__(self) -> RssSampler:
        self.baseline = self.peak = rss_bytes()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()
        self.peak = max(self.peak, rss_bytes())

    @property
    def growth(self) -> int:
        return self.peak - self.baseline


async def plain_httpx(base_url: str, path: Path) -> str:
    async with httpx.AsyncClient(base_url=base_url, headers={"Authorization": f"Bearer {KEY}"}, timeout=120) as client:
        with path.open("rb") as handle:
            response = await client.post(
                TRANSCRIPTIONS_PATH,
                data={"model": "whisper-1", "response_format": "json"},
                files={"file": (path.name, handle, "audio/wav")},
            )
        response.raise_for_status()
        return str(response.json()["text"])


async def ours(base_url: str, path: Path) -> str:
    async with UniApi(ClientConfig(base_url=base_url, api_key=KEY)) as api:
        transcript = await api.audio.transcribe(path, TranscriptionRequest(model="whisper-1", response_format="json"))
        return transcript.text


async def timed(run: Callable[[str, Path], Awaitable[str]], base_url: str, path: Path) -> float:
    started = time.perf_counter()
    text = await run(base_url, path)
    elapsed = time.perf_counter() - started
    if not text:
        raise SystemExit(f"{run.__name__} got an empty transcript")
    return elapsed


async def bench_upload(folder: Path, rounds: int) -> list[Row]:
    path = upload_wav(folder)
    size = path.stat().st_size
    process, base_url = start_simulator(0.0)
    growth = 0
    best = {"plain httpx": float("inf"), "studio client": float("inf")}
    try:
        # Warm-up (imports, connections, page cache, the server's decoder): ours first, before anything
        # has uploaded, with its memory sampled; then interleaved rounds so a slow patch hits both alike.
        with RssSampler() as sampler:
            await ours(base_url, path)
        growth = sampler.growth
        await plain_httpx(base_url, path)
        for _ in range(rounds):
            with RssSampler() as sampler:
                best["studio client"] = min(best["studio client"], await timed(ours, base_url, path))
            growth = max(growth, sampler.growth)
            best["plain httpx"] = min(best["plain httpx"], await timed(plain_httpx, base_url, path))
    finally:
        stop(process)
    rates = {name: size / MB / seconds for name, seconds in best.items()}
    print(f"1. upload of a {size / MB:.1f} MB WAV to {TRANSCRIPTIONS_PATH} (whisper-1, json), best of {rounds}")
    for name, rate in rates.items():
        print(f"  {name:<14} {rate:7.1f} MB/s  ({best[name]:.3f} s)")
    ratio = rates["studio client"] / rates["plain httpx"]
    print(f"  studio client / plain httpx = {ratio:.2f} (target >= 0.90)")
    print(f"  peak RSS growth during our upload = {growth / 1_048_576:.1f} MB (target < 20 MB)")
    return [
        Row(
            "upload 24 MB: client vs plain httpx",
            rates["studio client"],
            "MB/s",
            rates["plain httpx"],
            "plain httpx",
            ">=",
            0.9,
            "ratio",
        ),
        Row("upload 24 MB: RSS growth", growth / 1_048_576, "MB", None, "", "<", 20),
    ]


# --- 2. long recording -------------------------------------------------------------------------------


async def sequential(api: UniApi, chunks: list[core_audio.Chunk], request: TranscriptionRequest) -> Transcript:
    parts = [await api.audio.transcribe(chunk.path, request) for chunk in chunks]
    return core_audio.stitch(parts, [chunk.offset for chunk in chunks], LONG_MINUTES * 60.0)


async def bench_long(folder: Path, rounds: int, seconds_per_minute: float, limit: int) -> list[Row]:
    path = long_wav(folder)
    audio = core_audio.inspect_audio(path)
    chunk_folder = folder / "chunks"
    chunk_folder.mkdir()
    started = time.perf_counter()
    chunks = core_audio.prepare_chunks(audio, chunk_folder, limit)
    split_seconds = time.perf_counter() - started

    request = TranscriptionRequest(model="whisper-1", response_format="verbose_json")
    process, base_url = start_simulator(seconds_per_minute)
    best_a = best_b = float("inf")
    stitched: Transcript | None = None
    try:
        async with UniApi(ClientConfig(base_url=base_url, api_key=KEY)) as api:
            for _ in range(rounds):
                started = time.perf_counter()
                serial = await sequential(api, chunks, request)
                best_a = min(best_a, time.perf_counter() - started)
                started = time.perf_counter()
                stitched = await core_audio.transcribe_file(api, path, request, limit=limit, audio=audio, chunks=chunks)
                best_b = min(best_b, time.perf_counter() - started)
    finally:
        stop(process)
    assert stitched is not None and stitched.segments and serial.segments
    minutes = audio.duration / 60
    print(
        f"2. {minutes:.0f}-minute recording, {len(chunks)} chunks of ~{minutes / len(chunks):.0f} min "
        f"(limit {limit / MB:g} MB), simulator {seconds_per_minute:g} s per audio minute, best of {rounds}"
    )
    print(f"  split into MP3 chunks (core prepare_chunks, once) {split_seconds:6.2f} s")
    print(f"  (a) chunks one after another + stitch            {best_a:6.2f} s")
    print(f"  (b) studio transcribe_file (<= 4 parallel)       {best_b:6.2f} s")
    print(f"  (b)/(a) = {best_b / best_a:.2f} (target <= 0.35)")
    print(
        f"  end to end incl. split: (a) {split_seconds + best_a:.2f} s, (b) {split_seconds + best_b:.2f} s, "
        f"ratio {(split_seconds + best_b) / (split_seconds + best_a):.2f}"
    )
    last = stitched.segments[-1]
    print(
        f"  stitched: {len(stitched.segments)} segments (serial {len(serial.segments)}), "
        f"last ends at {last.end:.1f} s of {audio.duration:.1f} s"
    )
    return [
        Row("hour recording: parallel vs serial chunks", best_b, "s", best_a, "one after another", "<=", 0.35, "ratio")
    ]


async def first_byte(base_url: str, path: Path) -> float:
    """Seconds from calling transcribe_file to the first byte of its first upload."""
    first: list[float] = []

    def progress(done: int, _total: int) -> None:
        if done and not first:
            first.append(time.perf_counter())

    request = TranscriptionRequest(model="whisper-1", response_format="verbose_json")
    async with UniApi(ClientConfig(base_url=base_url, api_key=KEY)) as api:
        started = time.perf_counter()
        transcript = await core_audio.transcribe_file(api, path, request, progress=progress)
    if not transcript.segments or not first:
        raise SystemExit(f"{path.name}: no transcript or no upload progress")
    return first[0] - started


async def bench_first_byte(folder: Path, rounds: int) -> list[Row]:
    long_path = folder / "long.wav" if (folder / "long.wav").exists() else long_wav(folder)
    with wave.open(str(long_path)) as reader:
        frames = reader.readframes(LONG_RATE * 60)
    short_path = write_wav(folder / "minute.wav", LONG_RATE, [frames])
    process, base_url = start_simulator(0.05)
    try:
        await first_byte(base_url, short_path)  # warm up imports and the server
        short = min([await first_byte(base_url, short_path) for _ in range(rounds)])
        hour = min([await first_byte(base_url, long_path) for _ in range(rounds)])
    finally:
        stop(process)
    size = long_path.stat().st_size
    print(f"3. first upload byte, transcribe_file with the default limit, best of {rounds}")
    print(f"  1-minute WAV (sent as it is)              {short:6.2f} s")
    print(f"  60-minute WAV ({size / MB:.0f} MB, re-encoded to MP3)  {hour:6.2f} s (target < 3 s)")
    return [Row("hour recording: first upload byte", hour, "s", short, "1-minute WAV", "<", 3.0)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds-per-minute", type=float, default=0.5)
    parser.add_argument("--chunk-limit-mb", type=float, default=4.0)
    add_arguments(parser)
    args = parser.parse_args()
    rounds = 1 if args.quick else args.rounds
    folder = Path(tempfile.mkdtemp(prefix="bench-audio-"))
    started = time.perf_counter()
    rows: list[Row] = []
    try:
        rows += asyncio.run(bench_upload(folder, rounds))
        os.remove(folder / "upload.wav")
        if not args.quick:
            limit = int(args.chunk_limit_mb * MB)
            rows += asyncio.run(bench_long(folder, rounds, args.seconds_per_minute, limit))
        rows += asyncio.run(bench_first_byte(folder, rounds))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"total {time.perf_counter() - started:.0f} s")
    report(rows, args.json)


if __name__ == "__main__":
    main()
