"""Suno on the simulator: submit a song, watch it go from queued to streaming to complete, download the MP3s,
continue and concatenate clips, and poll by either spelling of the fetch path."""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from typing import Any

import av
import httpx
import pytest
from conftest import TEST_KEY, journal
from PIL import Image
from sim_clock import manual_clock

from studio.simulator.config import SimulatorConfig
from studio.simulator.server import SimulatorServer

TASK_SECONDS = 0.6
RELAY_ORDER = ["NOT_START", "SUBMITTED", "QUEUED", "IN_PROGRESS", "SUCCESS"]
CLIP_ORDER = ["submitted", "queued", "streaming", "complete"]


@pytest.fixture(scope="module")
def server() -> Iterator[SimulatorServer]:
    with SimulatorServer(SimulatorConfig(key=TEST_KEY, task_seconds=TASK_SECONDS, url_ttl_s=600)) as running:
        yield running


def skip_ahead(server: SimulatorServer, seconds: float = 2 * TASK_SECONDS) -> None:
    server.state.clock_offset_s += seconds


def submit(http: httpx.Client, body: dict[str, Any], path: str = "/suno/submit/music") -> str:
    reply = http.post(path, json=body)
    assert reply.status_code == 200, reply.text
    payload = reply.json()
    assert payload["code"] == "success" and payload["message"] == ""
    task_id: str = payload["data"]
    return task_id


def fetch(http: httpx.Client, task_id: str) -> dict[str, Any]:
    reply = http.get(f"/suno/fetch/{task_id}")
    assert reply.status_code == 200, reply.text
    assert reply.json()["code"] == "success"
    task: dict[str, Any] = reply.json()["data"]
    return task


def is_subsequence(seen: list[str], order: list[str]) -> bool:
    positions = [order.index(item) for item in seen]
    return positions == sorted(positions)


def percent_values(progress: list[str]) -> list[int]:
    assert all(re.fullmatch(r"\d{1,3}%", value) for value in progress), progress
    return [int(value[:-1]) for value in progress]


def deduplicated(values: list[str]) -> list[str]:
    return [value for index, value in enumerate(values) if index == 0 or values[index - 1] != value]


def finished_song(http: httpx.Client, server: SimulatorServer, body: dict[str, Any]) -> dict[str, Any]:
    task_id = submit(http, body)
    skip_ahead(server)
    task = fetch(http, task_id)
    assert task["status"] == "SUCCESS"
    return task


# Submitting


def test_inspiration_mode_writes_title_tags_and_lyrics_itself(http: httpx.Client, server: SimulatorServer) -> None:
    task = finished_song(http, server, {"gpt_description_prompt": "a song about rainy Tuesdays", "mv": "chirp-v4"})

    assert task["action"] == "MUSIC" and len(task["data"]) == 2
    first, second = task["data"]
    assert first["id"] != second["id"]
    assert first["title"] == "A Song About Rainy"
    assert first["metadata"]["gpt_description_prompt"] == "a song about rainy Tuesdays"
    assert "[Verse]" in first["metadata"]["prompt"] and first["metadata"]["tags"]
    assert (first["model_name"], first["major_model_version"]) == ("chirp-v4", "v4")
    seed_fields = {"handle", "is_liked", "created_at", "play_count", "upvote_count", "is_public", "display_name"}
    assert seed_fields <= set(first)


def test_custom_mode_keeps_the_users_lyrics_title_and_tags(http: httpx.Client, server: SimulatorServer) -> None:
    body = {"prompt": "[Verse]\nhello moon", "title": "Moon", "tags": "lo-fi, chill", "mv": "chirp-v3-5"}
    first = finished_song(http, server, body)["data"][0]

    assert first["title"] == "Moon" and first["metadata"]["tags"] == "lo-fi, chill"
    assert first["metadata"]["prompt"] == "[Verse]\nhello moon"
    assert first["metadata"]["gpt_description_prompt"] is None
    assert journal(server, "/suno/submit/music")[-1]["body"] == body


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({}, "prompt is required"),
        ({"title": "only a title"}, "prompt is required"),
        ({"prompt": "la", "mv": "dall-e-3"}, "not a Suno model"),
        ({"prompt": 5}, "must be a string"),
        ({"prompt": "la", "make_instrumental": "yes"}, "must be a boolean"),
        ({"prompt": "la", "continue_clip_id": "no-such-clip", "continue_at": 2}, "does not exist"),
    ],
    ids=["empty", "title-only", "unknown-mv", "prompt-not-text", "flag-not-bool", "unknown-clip"],
)
def test_bad_submits_get_the_relay_error_shape(http: httpx.Client, body: dict[str, Any], fragment: str) -> None:
    reply = http.post("/suno/submit/music", json=body)
    assert reply.status_code == 400
    assert reply.json()["code"] == "invalid_request" and reply.json()["data"] is None
    assert fragment in reply.json()["message"]


def test_an_instrumental_needs_only_tags(http: httpx.Client, server: SimulatorServer) -> None:
    first = finished_song(http, server, {"tags": "ambient", "make_instrumental": True})["data"][0]
    assert first["metadata"]["make_instrumental"] is True and first["metadata"]["tags"] == "ambient"


# Progress


def test_polling_shows_the_task_and_its_clips_move_forward(http: httpx.Client, server: SimulatorServer) -> None:
    with manual_clock(server) as advance:
        task_id = submit(http, {"gpt_description_prompt": "synth waves at dawn"})
        snapshots = []
        for _ in range(42):
            snapshots.append(fetch(http, task_id))
            advance(TASK_SECONDS / 40)

    statuses = deduplicated([task["status"] for task in snapshots])
    assert statuses == RELAY_ORDER
    progress = percent_values([task["progress"] for task in snapshots])
    assert progress == sorted(progress) and progress[0] == 0 and progress[-1] == 100
    assert all(value < 100 for value, task in zip(progress, snapshots, strict=True) if task["status"] != "SUCCESS")
    clip_statuses = deduplicated([task["data"][0]["status"] for task in snapshots])
    assert clip_statuses == CLIP_ORDER

    first_poll, last_poll = snapshots[0], snapshots[-1]
    assert first_poll["start_time"] == 0 and first_poll["finish_time"] == 0
    assert last_poll["submit_time"] <= last_poll["start_time"] <= last_poll["finish_time"]
    streaming = next(task for task in snapshots if task["data"][0]["status"] == "streaming")["data"][0]
    complete = last_poll["data"][0]
    assert streaming["audio_url"] and "-stream." in streaming["audio_url"]
    assert streaming["image_url"] and streaming["metadata"]["duration"] is None and streaming["video_url"] == ""
    assert complete["audio_url"] != streaming["audio_url"] and complete["metadata"]["duration"] == 4.0
    assert complete["is_video_pending"] is False


def test_real_time_polling_reaches_success(http: httpx.Client) -> None:
    task_id = submit(http, {"prompt": "[[task-seconds:0.4]] quick one", "tags": "pop"})
    seen = []
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        task = fetch(http, task_id)
        seen.append(task["status"])
        if task["status"] == "SUCCESS":
            break
        time.sleep(0.02)
    assert seen[-1] == "SUCCESS" and is_subsequence(deduplicated(seen), RELAY_ORDER)


# Media


def test_final_media_download_and_decode(http: httpx.Client, server: SimulatorServer) -> None:
    clip = finished_song(http, server, {"gpt_description_prompt": "banjo breakdown"})["data"][0]

    audio = httpx.get(clip["audio_url"])
    assert audio.status_code == 200 and audio.headers["content-type"] == "audio/mpeg"
    assert clip["audio_url"].endswith(".mp3")
    with av.open(io.BytesIO(audio.content)) as container:
        assert container.streams.audio[0].codec_context.name.startswith("mp3")
        assert container.duration is not None and container.duration > 0
    cover = httpx.get(clip["image_large_url"])
    assert cover.headers["content-type"] == "image/jpeg"
    assert Image.open(io.BytesIO(cover.content)).size == (512, 512)
    video = httpx.get(clip["video_url"])
    assert video.headers["content-type"] == "video/mp4"
    with av.open(io.BytesIO(video.content)) as container:
        assert container.streams.video[0].codec_context.name == "h264" and container.duration > 0


def test_a_songs_files_are_made_while_it_runs_and_each_clips_song_is_its_own_file(
    http: httpx.Client, server: SimulatorServer
) -> None:
    task_id = submit(http, {"gpt_description_prompt": "made ahead of the finish"})
    task = server.state.tasks.get(task_id)
    assert task is not None
    job = task.payload["suno"]
    keys = [f"{clip.id}:{what}" for clip in job.clips for what in ("audio-file", "cover-large-bytes", "video-bytes")]
    deadline = time.monotonic() + 30
    while not all(job.media.made(key) for key in keys):  # nobody polls or downloads: made in the background
        assert time.monotonic() < deadline, [key for key in keys if not job.media.made(key)]
        time.sleep(0.02)
    skip_ahead(server)
    clips = fetch(http, task_id)["data"]
    songs = [httpx.get(clip["audio_url"]) for clip in clips]
    assert all(song.status_code == 200 for song in songs)
    assert songs[0].content != songs[1].content  # the library keeps identical bytes once: these are two files
    for song, clip in zip(songs, clips, strict=True):
        with av.open(io.BytesIO(song.content)) as container:
            samples = sum(frame.samples for frame in container.decode(audio=0))
            assert container.metadata.get("title", "").endswith(f"({clip['id']})")
        assert samples / 22050 == pytest.approx(clip["metadata"]["duration"], abs=0.1)


def test_media_urls_expire_after_the_ttl(http: httpx.Client, server: SimulatorServer) -> None:
    task = finished_song(http, server, {"gpt_description_prompt": "short lived"})
    clip = task["data"][0]
    assert httpx.get(clip["audio_url"]).status_code == 200
    skip_ahead(server, server.config.url_ttl_s + 1)
    expired = httpx.get(clip["audio_url"])
    assert expired.status_code == 403 and "Request has expired" in expired.text
    assert fetch(http, task["task_id"])["data"][0]["audio_url"] == clip["audio_url"]  # polling does not renew it


# Failure


def test_a_fail_trigger_fails_the_task_midway_with_the_reason(http: httpx.Client, server: SimulatorServer) -> None:
    with manual_clock(server) as advance:
        task_id = submit(http, {"prompt": "doomed [[fail:lyrics flagged by moderation]]", "tags": "rock"})
        advance(TASK_SECONDS * 0.5)
        running = fetch(http, task_id)
        advance(TASK_SECONDS * 0.2)
        failed = fetch(http, task_id)

    assert running["status"] == "IN_PROGRESS" and running["fail_reason"] == ""
    assert failed["status"] == "FAILURE" and failed["fail_reason"] == "lyrics flagged by moderation"
    assert failed["progress"] == "100%" and failed["finish_time"] > 0
    clip = failed["data"][0]
    assert clip["status"] == "error" and clip["metadata"]["error_message"] == "lyrics flagged by moderation"
    assert clip["audio_url"] == ""


def test_a_bare_fail_trigger_uses_a_default_reason(http: httpx.Client, server: SimulatorServer) -> None:
    task_id = submit(http, {"prompt": "[[fail]]", "tags": "rock"})
    skip_ahead(server)
    assert fetch(http, task_id)["fail_reason"] == "The simulated task failed as planned"


def test_a_clip_fail_trigger_fails_one_clip_while_the_song_succeeds(
    http: httpx.Client, server: SimulatorServer
) -> None:
    task = finished_song(http, server, {"gpt_description_prompt": "half a song [[clip-fail:the voice cracked]]"})
    good, broken = task["data"]
    assert task["status"] == "SUCCESS" and task["fail_reason"] == ""
    assert good["status"] == "complete" and good["audio_url"] and good["image_url"] and good["video_url"]
    assert broken["status"] == "error" and broken["metadata"]["error_message"] == "the voice cracked"
    assert broken["audio_url"] == broken["image_url"] == broken["video_url"] == ""


def test_the_seeds_clip_object_reply_is_configurable(http: httpx.Client, server: SimulatorServer) -> None:
    server.config.suno_submit_reply = "clip"
    try:
        reply = http.post("/suno/submit/music", json={"gpt_description_prompt": "a seed-shaped song"})
    finally:
        server.config.suno_submit_reply = "task-id"
    clip = reply.json()
    assert reply.status_code == 200 and "code" not in clip
    assert clip["status"] == "submitted" and clip["title"] and {"metadata", "audio_url", "image_large_url"} <= set(clip)
    skip_ahead(server)
    task = fetch(http, clip["id"])
    assert task["task_id"] == clip["id"] and task["data"][0]["id"] == clip["id"], "the clip id is the task id"


# Lyrics, continuation, concatenation


def test_lyrics_task_returns_text_and_title(http: httpx.Client, server: SimulatorServer) -> None:
    task_id = submit(http, {"prompt": "a lullaby for robots"}, "/suno/submit/lyrics")
    running = fetch(http, task_id)
    assert running["action"] == "LYRICS" and running["data"]["text"] == ""
    skip_ahead(server)
    lyrics = fetch(http, task_id)["data"]
    assert set(lyrics) >= {"id", "text", "title", "status"}
    assert lyrics["status"] == "complete" and lyrics["title"] == "A Lullaby For Robots"
    assert "robots" in lyrics["text"]
    assert http.post("/suno/submit/lyrics", json={"prompt": ""}).status_code == 400


def test_continue_a_clip_then_concatenate_the_whole_song(http: httpx.Client, server: SimulatorServer) -> None:
    original_task = finished_song(http, server, {"gpt_description_prompt": "a long story"})
    source = original_task["data"][0]
    extension_task = finished_song(
        http,
        server,
        {
            "prompt": "part two",
            "continue_clip_id": source["id"],
            "continue_at": 2.5,
            "task_id": original_task["task_id"],
        },
    )
    extension = extension_task["data"][0]
    assert extension["metadata"]["history"] == [
        {"id": source["id"], "continue_at": 2.5, "type": "gen", "source": "web"}
    ]
    assert extension["title"] == source["title"]

    concat_id = submit(http, {"clip_id": extension["id"]}, "/suno/submit/concat")
    skip_ahead(server)
    [whole] = fetch(http, concat_id)["data"]
    assert whole["metadata"]["type"] == "concat" and whole["metadata"]["duration"] == 6.5
    assert [entry["id"] for entry in whole["metadata"]["concat_history"]] == [source["id"], extension["id"]]
    with av.open(io.BytesIO(httpx.get(whole["audio_url"]).content)) as container:
        assert 6.0 < container.duration / 1_000_000 < 7.0


def test_continuing_needs_a_finished_clip_and_a_valid_point(http: httpx.Client, server: SimulatorServer) -> None:
    task_id = submit(http, {"gpt_description_prompt": "still cooking"})
    clip_id = fetch(http, task_id)["data"][0]["id"]
    not_yet = http.post("/suno/submit/music", json={"prompt": "x", "continue_clip_id": clip_id, "continue_at": 1})
    assert not_yet.status_code == 400 and "not complete" in not_yet.json()["message"]
    skip_ahead(server)
    too_late = http.post("/suno/submit/music", json={"prompt": "x", "continue_clip_id": clip_id, "continue_at": 99})
    assert too_late.status_code == 400 and "continue_at" in too_late.json()["message"]
    assert http.post("/suno/submit/concat", json={"clip_id": "missing"}).status_code == 400


# Fetch paths


def test_both_fetch_spellings_and_the_batch_fetch(http: httpx.Client, server: SimulatorServer) -> None:
    first = submit(http, {"gpt_description_prompt": "one"})
    lyrics = submit(http, {"prompt": "two"}, "/suno/submit/lyrics")

    relay = http.get(f"/suno/fetch/{first}").json()["data"]
    seed = http.get(f"/suno/submit/fetch/{first}").json()["data"]
    assert relay["task_id"] == seed["task_id"] == first

    for path in ("/suno/fetch", "/suno/submit/fetch"):
        batch = http.post(path, json={"ids": [first, "unknown-id", lyrics]}).json()
        assert batch["code"] == "success"
        assert [task["task_id"] for task in batch["data"]] == [first, lyrics]
    only_lyrics = http.post("/suno/fetch", json={"ids": [first, lyrics], "action": "LYRICS"}).json()["data"]
    assert [task["task_id"] for task in only_lyrics] == [lyrics]
    assert http.post("/suno/fetch", json={"ids": "not-a-list"}).status_code == 400


def test_an_unknown_task_id_is_task_not_exist(http: httpx.Client) -> None:
    reply = http.get("/suno/fetch/00000000-0000-0000-0000-000000000000")
    assert reply.status_code == 400
    assert reply.json()["code"] == "task_not_exist" and reply.json()["data"] is None


@pytest.mark.parametrize(
    ("setting", "served", "missing"),
    [("relay", "/suno/fetch", "/suno/submit/fetch"), ("seed", "/suno/submit/fetch", "/suno/fetch")],
)
def test_the_served_fetch_spelling_is_configurable(
    http: httpx.Client, server: SimulatorServer, setting: str, served: str, missing: str
) -> None:
    task_id = submit(http, {"gpt_description_prompt": "config"})
    server.config.suno_fetch_paths = setting
    try:
        assert http.get(f"{served}/{task_id}").status_code == 200
        assert http.post(served, json={"ids": [task_id]}).status_code == 200
        gone = http.get(f"{missing}/{task_id}")
        assert gone.status_code == 404 and gone.json()["code"] == "not_found"
        assert http.post(missing, json={"ids": [task_id]}).status_code == 404
    finally:
        server.config.suno_fetch_paths = "both"


# Faults and keys


@pytest.mark.parametrize("kind, status", [("429", 429), ("500", 500), ("403", 403)])
def test_faults_answer_in_the_relay_shape(sim: SimulatorServer, kind: str, status: int) -> None:
    headers = {"Authorization": f"Bearer {TEST_KEY}", "X-Sim-Fault": kind}
    reply = httpx.post(sim.base_url + "/suno/submit/music", json={"prompt": "x"}, headers=headers)
    assert reply.status_code == status
    assert set(reply.json()) == {"code", "message", "data"} and reply.json()["data"] is None


def test_a_fault_trigger_in_the_prompt_and_a_wrong_key(sim: SimulatorServer) -> None:
    key = {"Authorization": f"Bearer {TEST_KEY}"}
    triggered = httpx.post(sim.base_url + "/suno/submit/music", json={"prompt": "[[fault:503]]"}, headers=key)
    assert triggered.status_code == 503 and triggered.json()["code"] == "service_unavailable"
    unauthorised = httpx.get(sim.base_url + "/suno/fetch/x", headers={"Authorization": "Bearer wrong"})
    assert unauthorised.status_code == 401
    assert unauthorised.json() == {"code": "invalid_api_key", "message": "Invalid API key (无效的令牌)", "data": None}
