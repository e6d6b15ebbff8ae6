"""Luma on the simulator: a generation goes pending → processing → completed with a playable MP4, extends
from its last frame, and signs a fresh download URL that expires."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import av
import httpx
import numpy as np
import pytest
from conftest import TEST_KEY, journal
from PIL import Image
from sim_clock import manual_clock

from studio.simulator.config import SimulatorConfig
from studio.simulator.server import SimulatorServer

TASK_SECONDS = 0.6


@pytest.fixture(scope="module")
def server() -> Iterator[SimulatorServer]:
    with SimulatorServer(SimulatorConfig(key=TEST_KEY, task_seconds=TASK_SECONDS, url_ttl_s=600)) as running:
        yield running


def create(http: httpx.Client, body: dict[str, Any], path: str = "/luma/generations") -> dict[str, Any]:
    reply = http.post(path, json=body)
    assert reply.status_code == 200, reply.text
    generation: dict[str, Any] = reply.json()
    return generation


def get(http: httpx.Client, generation_id: str) -> dict[str, Any]:
    reply = http.get(f"/luma/generations/{generation_id}")
    assert reply.status_code == 200, reply.text
    generation: dict[str, Any] = reply.json()
    return generation


def completed(http: httpx.Client, server: SimulatorServer, generation_id: str) -> dict[str, Any]:
    server.state.clock_offset_s += 2 * TASK_SECONDS
    generation = get(http, generation_id)
    assert generation["state"] == "completed", generation
    return generation


def frames_of(data: bytes) -> list[np.ndarray]:
    with av.open(io.BytesIO(data)) as container:
        assert container.streams.video[0].codec_context.name == "h264"
        assert container.duration is not None and container.duration > 0
        return [frame.to_ndarray(format="rgb24") for frame in container.decode(video=0)]


def test_a_generation_goes_from_pending_to_a_playable_video(http: httpx.Client, server: SimulatorServer) -> None:
    with manual_clock(server) as advance:
        created = create(
            http, {"user_prompt": "a paper boat on a river", "expand_prompt": True, "aspect_ratio": "16:9"}
        )
        snapshots = [created]
        for _ in range(22):
            advance(TASK_SECONDS / 20)
            snapshots.append(get(http, created["id"]))

    assert set(created) >= {"id", "prompt", "state", "created_at", "video", "liked", "estimate_wait_seconds"}
    assert created["state"] == "pending" and created["video"] is None and created["created_at"].endswith("Z")
    states = [generation["state"] for generation in snapshots]
    assert [state for index, state in enumerate(states) if states.index(state) == index] == [
        "pending",
        "processing",
        "completed",
    ]
    assert created["prompt"].startswith("a paper boat on a river, ")
    done = snapshots[-1]
    video = done["video"]
    assert (video["width"], video["height"]) == (320, 180) and video["download_url"] == video["url"] == done["url"]
    reply = httpx.get(video["url"])
    assert reply.headers["content-type"] == "video/mp4"
    frames = frames_of(reply.content)
    assert len(frames) >= 24 and frames[0].shape == (180, 320, 3)
    for still in (done["thumbnail"], done["last_frame"]):
        image = Image.open(io.BytesIO(httpx.get(still["url"]).content))
        assert image.format == "JPEG" and image.size == (320, 180)
    assert done["video_raw"]["url"] == video["url"]


def test_extend_starts_from_the_last_frame_of_its_source(http: httpx.Client, server: SimulatorServer) -> None:
    source = completed(http, server, create(http, {"user_prompt": "a comet", "aspect_ratio": "1:1"})["id"])
    extended = create(http, {"user_prompt": "the comet returns"}, f"/luma/generations/{source['id']}/extend")
    assert extended["extended_from"] == source["id"] and extended["state"] == "pending"
    finished = completed(http, server, extended["id"])
    assert (finished["video"]["width"], finished["video"]["height"]) == (320, 320)

    last_frame = np.asarray(Image.open(io.BytesIO(httpx.get(source["last_frame"]["url"]).content)), dtype=np.int16)
    first_of_extension = frames_of(httpx.get(finished["video"]["url"]).content)[0].astype(np.int16)
    assert np.abs(first_of_extension - last_frame).mean() < 40
    assert journal(server, f"/luma/generations/{source['id']}/extend")[-1]["body"] == {
        "user_prompt": "the comet returns"
    }


def test_only_completed_generations_extend_or_download(http: httpx.Client) -> None:
    running = create(http, {"user_prompt": "not yet"})
    early = http.post(f"/luma/generations/{running['id']}/extend", json={"user_prompt": "more"})
    assert early.status_code == 400 and set(early.json()) == {"detail"}
    not_ready = http.get(f"/luma/generations/{running['id']}/download_video_url")
    assert not_ready.status_code == 400 and "not completed" in not_ready.json()["detail"]
    missing = http.get("/luma/generations/00000000-0000-0000-0000-000000000000")
    assert missing.status_code == 404 and "not found" in missing.json()["detail"]


def test_download_url_is_freshly_signed_and_expires(http: httpx.Client, server: SimulatorServer) -> None:
    done = completed(http, server, create(http, {"user_prompt": "fireflies"})["id"])
    first = http.get(f"/luma/generations/{done['id']}/download_video_url").json()["url"]
    second = http.get(f"/luma/generations/{done['id']}/download_video_url").json()["url"]
    assert first != second and httpx.get(first).content == httpx.get(second).content

    server.state.clock_offset_s += server.config.url_ttl_s + 1
    assert httpx.get(first).status_code == 403 and httpx.get(done["video"]["url"]).status_code == 403
    renewed = http.get(f"/luma/generations/{done['id']}/download_video_url").json()["url"]
    assert httpx.get(renewed).status_code == 200


def test_a_fail_trigger_gives_a_failure_reason(http: httpx.Client, server: SimulatorServer) -> None:
    generation = create(http, {"user_prompt": "a storm [[fail:Job failed: content moderation]]"})
    assert "[[" not in generation["prompt"]
    server.state.clock_offset_s += 2 * TASK_SECONDS
    failed = get(http, generation["id"])
    assert failed["state"] == "failed" and failed["failure_reason"] == "Job failed: content moderation"
    assert failed["video"] is None


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({}, "user_prompt is required"),
        ({"user_prompt": "x", "aspect_ratio": "2:1"}, "aspect_ratio"),
        ({"user_prompt": "x", "loop": "yes"}, "loop must be a boolean"),
        ({"user_prompt": 3}, "user_prompt must be a string"),
        ({"user_prompt": "x", "resolution": "8k"}, "resolution must be one of 540p"),
        ({"user_prompt": "x", "image_end_url": "data:image/png;base64,AAAA"}, "image_end_url is not a readable"),
    ],
)
def test_bad_requests_get_a_detail(http: httpx.Client, body: dict[str, Any], fragment: str) -> None:
    reply = http.post("/luma/generations", json=body)
    assert reply.status_code == 400 and fragment in reply.json()["detail"]


def test_an_image_url_becomes_the_first_frame(http: httpx.Client, server: SimulatorServer) -> None:
    red = Image.new("RGB", (64, 36), (220, 20, 20))
    buffer = io.BytesIO()
    red.save(buffer, format="PNG")
    start_url = server.state.media.put(buffer.getvalue(), "image/png", "start.png")
    done = completed(http, server, create(http, {"user_prompt": "", "image_url": start_url})["id"])
    corner = frames_of(httpx.get(done["video"]["url"]).content)[0][170:, 300:]
    assert corner[..., 0].mean() > 150 and corner[..., 1].mean() < 80


def test_faults_keep_the_detail_shape(sim: SimulatorServer) -> None:
    headers = {"Authorization": f"Bearer {TEST_KEY}", "X-Sim-Fault": "500"}
    reply = httpx.post(sim.base_url + "/luma/generations", json={"user_prompt": "x"}, headers=headers)
    assert reply.status_code == 500 and set(reply.json()) == {"detail"}


def png_url(server: SimulatorServer, colour: tuple[int, int, int], name: str) -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 36), colour).save(buffer, format="PNG")
    return server.state.media.put(buffer.getvalue(), "image/png", name)


def test_the_video_fades_from_the_start_frame_to_the_end_frame_under_the_prompt(
    http: httpx.Client, server: SimulatorServer
) -> None:
    start, end = png_url(server, (220, 20, 20), "start.png"), png_url(server, (20, 20, 220), "end.png")
    body = {"user_prompt": "a red door turns blue", "expand_prompt": False, "image_url": start, "image_end_url": end}
    done = completed(http, server, create(http, body)["id"])
    frames = frames_of(httpx.get(http.get(f"/luma/generations/{done['id']}/download_video_url").json()["url"]).content)
    top_right = (slice(0, 30), slice(260, 320))
    first, last = frames[0][top_right].mean(axis=(0, 1)), frames[-1][top_right].mean(axis=(0, 1))
    assert first[0] > 150 and first[2] < 80, f"starts on the red start frame: {first}"
    assert last[2] > 150 and last[0] < 80, f"ends on the blue end frame: {last}"
    band = frames[0][150:, :].astype(np.int16)
    assert band.mean() < 120 and band.max() > 200, "the prompt is written on a dark band at the bottom"


def test_the_preview_has_a_watermark_and_the_download_link_has_none(
    http: httpx.Client, server: SimulatorServer
) -> None:
    done = completed(http, server, create(http, {"user_prompt": "lanterns", "aspect_ratio": "16:9"})["id"])
    clean = frames_of(httpx.get(http.get(f"/luma/generations/{done['id']}/download_video_url").json()["url"]).content)
    preview = frames_of(httpx.get(done["video"]["url"]).content)
    corner = (slice(2, 18), slice(100, 150))
    yellow = preview[0][corner].mean(axis=(0, 1))
    assert yellow[0] > 200 and yellow[1] > 180 and yellow[2] < 80, f"the preview is marked: {yellow}"
    assert np.abs(clean[0][corner].astype(np.int16) - yellow).mean() > 40, "the download is not"
    assert np.abs(clean[0][100:].astype(np.int16) - preview[0][100:]).mean() < 6, "otherwise the same video"
