"""The warm-up after the window shows: the first reply's code is loaded, and what start-up made is frozen
out of the cyclic collector's full passes (they stalled a streaming reply by 50-57 ms)."""

from __future__ import annotations

import os
import subprocess
import sys

CHILD = """
import gc, sys, threading, time
from PySide6.QtWidgets import QApplication
app = QApplication([])
before = gc.get_freeze_count()
from studio.ui.warm_up import warm_up_in_background
warm_up_in_background()
deadline = time.monotonic() + 60
while any(t.name == "warm-up" for t in threading.enumerate()) and time.monotonic() < deadline:
    time.sleep(0.02)
print(before, gc.get_freeze_count(), "markdown_it" in sys.modules, "studio.api.gateway" in sys.modules)
"""


def test_warm_up_loads_the_first_replys_code_and_freezes_start_up_objects():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    before, after, markdown_loaded, gateway_loaded = done.stdout.split()
    assert int(before) == 0 and int(after) > 10_000, "start-up's objects were not frozen"
    assert markdown_loaded == "True" and gateway_loaded == "True"


FIRST_REQUEST = """
import asyncio, sys, threading
from studio.qt.async_tasks import load_api
from studio.api.client import ClientConfig

async def main():
    await load_api()  # in a worker thread, as the window's first connection check does
    before = set(sys.modules)
    from studio.api.gateway import UniApi
    api = UniApi(ClientConfig(base_url=sys.argv[1], api_key=sys.argv[2]))
    models = await api.models.list()
    await api.client.aclose()
    print(len(models.data) > 0, sorted(set(sys.modules) - before))

asyncio.run(main())
"""


def test_after_load_api_the_first_client_and_request_import_nothing_on_the_callers_thread(sim):
    """httpx imports httpcore when a client is made and anyio when its first connection opens: 60-100 ms
    that froze the window right after it showed (480 ms with the warm-up thread holding the locks)."""
    from conftest import TEST_KEY

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", FIRST_REQUEST, sim.base_url, TEST_KEY], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    listed, imported = done.stdout.strip().split(" ", 1)
    assert listed == "True"
    assert imported == "[]", f"imported on the calling thread: {imported}"
