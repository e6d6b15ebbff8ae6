"""Veo through /custom_video on the simulator: the model in the path, numeric ids, polling to a video."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import av
import httpx
import pytest
from conftest import TEST_KEY, journal
from sim_clock import manual_clock

from studio.simulator.config import SimulatorConfig
from studio.simulator.server import SimulatorServer

TASK_SECONDS = 0.6
VEO_ORDER = ["SUBMITTED", "QUEUED", "IN_PROGRESS", "SUCCESS"]


@pytest.fixture(scope="module")
def server() -> Iterator[SimulatorServer]:
    with SimulatorServer(SimulatorConfig(key=TEST_KEY, task_seconds=TASK_SECONDS, url_ttl_s=600)) as running:
        yield running


def create(http: httpx.Client, body: dict[str, Any], model: str = "veo-2") -> dict[str, Any]:
    reply = http.post(f"/custom_video/model/{model}", json=body)
    assert reply.status_code == 200, reply.text
    created: dict[str, Any] = reply.json()
    return created


def fetch(http: httpx.Client, task_id: object) -> dict[str, Any]:
    reply = http.get(f"/custom_video/fetch/{task_id}")
    assert reply.status_code == 200, reply.text
    task: dict[str, Any] = reply.json()
    return task


def test_a_numeric_id_polls_to_a_playable_video(http: httpx.Client, server: SimulatorServer) -> None:
    with manual_clock(server) as advance:
        created = create(http, {"prompt": "waves on a black sand beach", "aspect_ratio": "9:16", "duration": 8})
        snapshots = []
        for _ in range(22):
            snapshots.append(fetch(http, created["id"]))
            advance(TASK_SECONDS / 20)

    assert isinstance(created["id"], int) and created == {"id": created["id"], "model": "veo-2", "status": "SUBMITTED"}
    statuses = [task["status"] for task in snapshots]
    assert [status for index, status in enumerate(statuses) if statuses.index(status) == index] == VEO_ORDER
    done = snapshots[-1]
    assert done["id"] == str(created["id"]) and done["error"] is None
    assert all(task["output"] is None for task in snapshots[:-1] if task["status"] != "SUCCESS")
    video = httpx.get(done["output"])
    assert video.headers["content-type"] == "video/mp4"
    with av.open(io.BytesIO(video.content)) as container:
        stream = container.streams.video[0]
        assert (stream.codec_context.name, stream.width, stream.height) == ("h264", 180, 320)
        assert container.duration is not None and container.duration > 0
    assert journal(server, "/custom_video/model/veo-2")[-1]["body"]["duration"] == 8


def test_ids_can_be_strings_when_configured(http: httpx.Client, server: SimulatorServer) -> None:
    server.config.custom_video_numeric_ids = False
    try:
        created = create(http, {"prompt": "a lantern"})
    finally:
        server.config.custom_video_numeric_ids = True
    assert isinstance(created["id"], str) and len(created["id"]) == 36
    assert fetch(http, created["id"])["id"] == created["id"]


def test_a_fail_trigger_sets_error(http: httpx.Client, server: SimulatorServer) -> None:
    created = create(http, {"prompt": "a volcano [[fail:The prompt violates the usage guidelines]]"})
    server.state.clock_offset_s += 2 * TASK_SECONDS
    failed = fetch(http, created["id"])
    assert failed["status"] == "FAILURE" and failed["error"] == "The prompt violates the usage guidelines"
    assert failed["output"] is None


@pytest.mark.parametrize(
    ("model", "body", "code", "fragment"),
    [
        ("sora-2", {"prompt": "x"}, "model_not_supported", "veo-2"),
        ("veo-2", {}, "invalid_request", "prompt is required"),
        ("veo-2", {"prompt": "x", "aspect_ratio": "4:3"}, "invalid_request", "aspect_ratio"),
        ("veo-2", {"prompt": "x", "duration": 30}, "invalid_request", "duration"),
        ("veo-2", {"prompt": "x", "image": "data:image/png;base64,bm90IGFuIGltYWdl"}, "invalid_request", "image"),
    ],
)
def test_bad_requests_get_the_error_object(
    http: httpx.Client, model: str, body: dict[str, Any], code: str, fragment: str
) -> None:
    reply = http.post(f"/custom_video/model/{model}", json=body)
    assert reply.status_code == 400
    error = reply.json()["error"]
    assert set(error) == {"message", "type", "code"} and error["code"] == code and fragment in error["message"]


def test_unknown_ids_and_faults(http: httpx.Client, sim: SimulatorServer) -> None:
    missing = http.get("/custom_video/fetch/123")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "task_not_exist"
    assert create(http, {"prompt": "extra fields are passed along", "seed": 7, "enhance_prompt": True})["model"]
    headers = {"Authorization": f"Bearer {TEST_KEY}", "X-Sim-Fault": "429"}
    limited = httpx.post(sim.base_url + "/custom_video/model/veo-2", json={"prompt": "x"}, headers=headers)
    assert limited.status_code == 429 and limited.json()["error"]["code"] == "rate_limit_exceeded"


def test_relay_replies_use_their_own_spellings(http: httpx.Client, server: SimulatorServer) -> None:
    server.config.custom_video_replies = "relay"
    try:
        created = create(http, {"prompt": "a kite"})
        server.state.clock_offset_s += 2 * TASK_SECONDS
        done = fetch(http, created["data"]["task_id"])
    finally:
        server.config.custom_video_replies = "seed"
    assert created["code"] == "success" and created["data"]["state"] == "submitted"
    data = done["data"]
    assert data["state"] == "succeeded" and data["progress"] == "100%" and data["fail_reason"] is None
    assert httpx.get(data["video_url"]).headers["content-type"] == "video/mp4"
