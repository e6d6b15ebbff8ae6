"""Run by test_kill_storm.py in a child process: submit a mix of task jobs and follow them until killed.

python tests/storm_worker.py HOME BASE_URL KEY COUNT
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from studio.api.client import ClientConfig
from studio.api.gateway import UniApi
from studio.core.database import open_database
from studio.core.library import Library
from studio.core.tasks import PollTiming, TaskEngine

SLOW = "[[task-seconds:8]]"
SLOW_TO_ANSWER = "[[fault:slow]]"
"""Every fifth submit takes 3 s to be answered, so a kill can land while it is out."""


def job_mix(count: int) -> list[tuple[str, str, dict]]:
    """`count` jobs over every family; each prompt carries a marker (#07#) to find its submit by."""
    kinds = [
        lambda m: ("suno", "music", {"body": {"gpt_description_prompt": f"storm song {m} {SLOW}"}}),
        lambda m: ("suno", "lyrics", {"prompt": f"storm verse {m} {SLOW}"}),
        lambda m: ("udio", "music", {"gen_params": {"prompt": f"storm tune {m} {SLOW}"}}),
        lambda m: ("midjourney", "imagine", {"prompt": f"storm cat {m} {SLOW}"}),
        lambda m: ("ideogram", "generate", {"image_request": {"prompt": f"storm kite {m}"}}),
        lambda m: ("luma", "generate", {"body": {"user_prompt": f"storm wave {m} {SLOW}"}}),
        lambda m: ("video", "generate", {"model": "veo-2", "body": {"prompt": f"storm boat {m} {SLOW}"}}),
    ]
    return [kinds[n % len(kinds)](f"#{n:02d}#" + (f" {SLOW_TO_ANSWER}" if n % 5 == 4 else "")) for n in range(count)]


async def storm(home: Path, base_url: str, key: str, count: int) -> None:
    db = open_database(home / "data" / "studio.db")
    library = Library(db, home / "data" / "library", home / "cache" / "thumbnails")
    async with UniApi(ClientConfig(base_url=base_url, api_key=key)) as api:
        engine = TaskEngine(api, db, library, timing=PollTiming.every(0.2), lease_seconds=3)
        await engine.start()
        print("started", flush=True)
        await asyncio.gather(*(engine.submit(*job) for job in job_mix(count)), return_exceptions=True)
        await engine.wait_all()
        await engine.close()


if __name__ == "__main__":
    asyncio.run(storm(Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])))
