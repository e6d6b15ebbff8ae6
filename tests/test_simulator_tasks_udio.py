"""Udio on the simulator: submit `gen_params`, watch the task finish with two songs, play them."""

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
RELAY_ORDER = ["NOT_START", "SUBMITTED", "QUEUED", "IN_PROGRESS", "SUCCESS"]
SONG_FIELDS = {
    "id", "title", "tags", "lyrics", "prompt", "duration", "finished", "song_path", "image_path", "video_path",
    "error_id", "error_code", "error_type", "error_detail", "liked", "plays", "artist", "created_at", "user_tags",
}  # fmt: skip


@pytest.fixture(scope="module")
def server() -> Iterator[SimulatorServer]:
    with SimulatorServer(SimulatorConfig(key=TEST_KEY, task_seconds=TASK_SECONDS, url_ttl_s=600)) as running:
        yield running


def submit(http: httpx.Client, gen_params: dict[str, Any]) -> str:
    reply = http.post("/udio/submit/music", json={"gen_params": gen_params})
    assert reply.status_code == 200, reply.text
    assert reply.json()["code"] == "success"
    task_id: str = reply.json()["data"]
    return task_id


def fetch(http: httpx.Client, task_id: str) -> dict[str, Any]:
    reply = http.get(f"/udio/fetch/{task_id}")
    assert reply.status_code == 200, reply.text
    task: dict[str, Any] = reply.json()["data"]
    return task


def test_a_song_progresses_and_ends_with_two_playable_songs(http: httpx.Client, server: SimulatorServer) -> None:
    params = {"prompt": "late night jazz in a small town", "lyrics_type": "generate", "model_type": "udio130-v1.5"}
    with manual_clock(server) as advance:
        task_id = submit(http, params)
        snapshots = []
        for _ in range(32):
            snapshots.append(fetch(http, task_id))
            advance(TASK_SECONDS / 30)

    statuses = [task["status"] for task in snapshots]
    assert [status for index, status in enumerate(statuses) if statuses.index(status) == index] == RELAY_ORDER
    progress = [int(task["progress"].rstrip("%")) for task in snapshots]
    assert progress == sorted(progress) and progress[-1] == 100
    assert snapshots[0]["songs"][0]["finished"] is False and snapshots[0]["songs"][0]["song_path"] == ""

    done = snapshots[-1]
    assert len(done["songs"]) == 2 and done["action"] == "MUSIC"
    for song in done["songs"]:
        assert set(song) >= SONG_FIELDS
        assert song["finished"] is True and song["duration"] == 4.0 and "[Verse]" in song["lyrics"]
        assert isinstance(song["tags"], list) and song["video_path"] is None
        audio = httpx.get(song["song_path"])
        assert audio.headers["content-type"] == "audio/mpeg"
        with av.open(io.BytesIO(audio.content)) as container:
            assert container.duration is not None and container.duration > 0
        assert httpx.get(song["image_path"]).headers["content-type"] == "image/jpeg"
    assert journal(server, "/udio/submit/music")[-1]["body"] == {"gen_params": params}


def test_instrumental_and_user_lyrics(http: httpx.Client, server: SimulatorServer) -> None:
    instrumental = submit(http, {"prompt": "ambient drones", "lyrics_type": "instrumental"})
    own = submit(http, {"prompt": "folk", "lyrics": "[Verse]\nmy own words", "lyrics_type": "user"})
    server.state.clock_offset_s += 2 * TASK_SECONDS
    assert fetch(http, instrumental)["songs"][0]["lyrics"] == ""
    assert fetch(http, own)["songs"][0]["lyrics"] == "[Verse]\nmy own words"


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({}, "gen_params is required"),
        ({"gen_params": {"lyrics_type": "generate"}}, "prompt is required"),
        ({"gen_params": {"prompt": "x", "lyrics_type": "karaoke"}}, "lyrics_type"),
        ({"gen_params": {"prompt": "x", "lyrics_type": "user"}}, "lyrics is required"),
        ({"gen_params": {"prompt": "x", "prompt_strength": 2}}, "from 0 to 1"),
        ({"gen_params": {"prompt": "x", "seed": "7"}}, "seed"),
    ],
)
def test_bad_submits_are_refused_in_the_relay_shape(http: httpx.Client, body: dict[str, Any], fragment: str) -> None:
    reply = http.post("/udio/submit/music", json=body)
    assert reply.status_code == 400
    assert reply.json()["code"] == "invalid_request" and reply.json()["data"] is None
    assert fragment in reply.json()["message"]


def test_a_fail_trigger_fails_both_songs(http: httpx.Client, server: SimulatorServer) -> None:
    task_id = submit(http, {"prompt": "forbidden tune [[fail:copyrighted melody]]"})
    server.state.clock_offset_s += 2 * TASK_SECONDS
    task = fetch(http, task_id)
    assert task["status"] == "FAILURE" and task["fail_reason"] == "copyrighted melody"
    assert all(song["error_detail"] == "copyrighted melody" and song["song_path"] == "" for song in task["songs"])


def test_unknown_tasks_faults_and_keys(http: httpx.Client, sim: SimulatorServer) -> None:
    missing = http.get("/udio/fetch/nope")
    assert missing.status_code == 400 and missing.json()["code"] == "task_not_exist"
    headers = {"Authorization": f"Bearer {TEST_KEY}", "X-Sim-Fault": "503"}
    faulted = httpx.post(sim.base_url + "/udio/submit/music", json={"gen_params": {"prompt": "x"}}, headers=headers)
    assert faulted.status_code == 503 and set(faulted.json()) == {"code", "message", "data"}
    assert httpx.get(sim.base_url + "/udio/fetch/x").json()["code"] == "invalid_api_key"
