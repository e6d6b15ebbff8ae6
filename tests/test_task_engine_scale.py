"""The task engine at scale: a hundred jobs polled in batches, and results saved before their links expire."""

from __future__ import annotations

import asyncio
import io
import math
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import av
import httpx
import pytest
from conftest import TEST_KEY
from PIL import Image
from test_task_engine import Studio, assert_stored

from studio.core.task_families import SunoFamily
from studio.core.tasks import JobState, PollTiming
from studio.simulator.config import SimulatorConfig
from studio.simulator.media import MEDIA_PATH_PREFIX
from studio.simulator.server import SimulatorServer

JOBS = 100
URL_TTL = 3.0


@pytest.fixture(scope="module")
def roomy_sim() -> Iterator[SimulatorServer]:
    """A simulator whose journal keeps every request of a hundred-job run."""
    server = SimulatorServer(
        SimulatorConfig(key=TEST_KEY, latency_ms=0, token_rate=0, task_seconds=0.4, journal_limit=5000)
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def short_links_sim() -> Iterator[SimulatorServer]:
    """A simulator whose media URLs live URL_TTL seconds and whose tasks take one second."""
    server = SimulatorServer(
        SimulatorConfig(key=TEST_KEY, latency_ms=0, token_rate=0, task_seconds=1.0, url_ttl_s=URL_TTL)
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()


def all_requests(sim: SimulatorServer) -> list[dict]:
    return httpx.get(f"{sim.base_url}/_sim/requests").json()


async def test_a_hundred_suno_jobs_finish_with_polls_batched(tmp_path: Path, roomy_sim: SimulatorServer):
    roomy_sim.reset()
    timing = PollTiming(first=0.5, fast=0.5, slow=1.0, batch_window=0.5)
    opened = Studio(tmp_path, roomy_sim.base_url, timing=timing, download_concurrency=8)
    await opened.engine.start()
    started = time.monotonic()
    try:
        jobs = await asyncio.gather(
            *(
                opened.engine.submit(
                    "suno", "music", {"body": {"gpt_description_prompt": f"song {n} [[task-seconds:2]]"}}
                )
                for n in range(JOBS)
            )
        )
        done = await asyncio.wait_for(asyncio.gather(*(opened.engine.wait(job.id) for job in jobs)), 30)
        elapsed = time.monotonic() - started
        assert [job.state for job in done] == [JobState.DONE] * JOBS
        for job in done:
            clips = [asset for asset in opened.assets(job) if asset.kind == "audio"]
            assert len(clips) == 2 and len(opened.assets(job)) == 6, "two songs, each with its cover and video"
            for clip in clips:
                assert_stored(opened.library, clip, "audio", "mp3")
    finally:
        await opened.close()
    requests = all_requests(roomy_sim)
    batches = [r for r in requests if r["method"] == "POST" and r["path"] in ("/suno/fetch", "/suno/submit/fetch")]
    singles = [
        r for r in requests if r["method"] == "GET" and r["path"].startswith(("/suno/fetch/", "/suno/submit/fetch/"))
    ]
    asked = Counter(task_id for r in batches for task_id in r["body"]["ids"])
    asked.update(r["path"].rsplit("/", 1)[-1] for r in singles)
    assert set(asked) == {job.task_id for job in jobs}, "every job was polled"
    rounds = max(asked.values())
    polls = len(batches) + len(singles)
    per_round = math.ceil(JOBS / SunoFamily.batch_size)  # the fewest requests one round of all jobs can take
    print(f"\n{JOBS} jobs in {elapsed:.1f} s: {polls} poll requests ({len(singles)} single) over {rounds} rounds")
    assert max(len(r["body"]["ids"]) for r in batches) == SunoFamily.batch_size, "full batches went out"
    assert polls <= 2 * per_round * rounds, "polling stayed batched"
    assert polls * 5 < JOBS * rounds, "far below one request per job per poll round"
    assert len(singles) * 10 < polls, "hardly any job was asked about alone"


async def test_results_are_saved_before_their_links_expire(tmp_path: Path, short_links_sim: SimulatorServer):
    short_links_sim.reset()
    timing = PollTiming(first=0.2, fast=0.2, slow=0.5, batch_window=0.3)
    opened = Studio(tmp_path, short_links_sim.base_url, timing=timing)
    await opened.engine.start()
    try:
        jobs = [
            *(
                await asyncio.gather(
                    *(
                        opened.engine.submit("suno", "music", {"body": {"gpt_description_prompt": f"tide {n}"}})
                        for n in range(6)
                    )
                )
            ),
            await opened.engine.submit("midjourney", "imagine", {"prompt": "an otter under a lamp"}),
        ]
        done = await asyncio.wait_for(asyncio.gather(*(opened.engine.wait(job.id) for job in jobs)), 15)
        assert [job.state for job in done] == [JobState.DONE] * len(jobs)
        assets = [asset for job in done for asset in opened.assets(job)]
        assert len(assets) == 6 * 2 * 3 + 1, "each Suno song came with its cover and its video"
        store = short_links_sim.state.media
        latest_expiry = 0.0
        for asset in assets:
            assert asset.path is not None and asset.path.exists() and asset.path.stem == asset.sha256
            assert opened.library.get(asset.id).sha256 == asset.sha256, "the asset row is there"
            path = urlsplit(asset.source_url or "").path
            assert path.startswith(MEDIA_PATH_PREFIX)
            media = store.get(path[len(MEDIA_PATH_PREFIX) :].split("/", 1)[0])
            assert media is not None
            assert media.created_at <= asset.created < media.expires_at, (
                f"{asset.kind} stored {asset.created - media.created_at:.2f} s after its link appeared"
            )
            latest_expiry = max(latest_expiry, media.expires_at)
    finally:
        await opened.close()
    await asyncio.sleep(max(0.0, latest_expiry - time.time()) + 0.1)
    async with httpx.AsyncClient() as client:
        for asset in assets:
            reply = await client.get(asset.source_url or "")
            assert reply.status_code == 403 and "expired" in reply.text, "the link is dead after its TTL"
    for asset in assets:
        data = asset.path.read_bytes()
        if asset.kind == "image":
            with Image.open(io.BytesIO(data)) as picture:
                picture.load()
                assert picture.width > 0
        else:
            with av.open(io.BytesIO(data)) as container:
                frames = container.decode(video=0) if asset.kind == "video" else container.decode(audio=0)
                assert sum(1 for _ in frames) > 0, "the library copy still plays"
