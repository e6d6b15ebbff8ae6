"""The task families' clients against the simulator: request shapes, reply quirks, refusals, downloads."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import httpx
import pytest
from conftest import DATA, TEST_KEY, journal, queue_fault

from studio.api.client import ClientConfig
from studio.api.custom_video import VideoTask
from studio.api.download import download_to_temp
from studio.api.errors import (
    BadRequestError,
    MediaExpiredError,
    MidjourneySubmitError,
    StreamCutError,
    TaskRejectedError,
)
from studio.api.gateway import UniApi
from studio.api.ideogram import IdeogramRequest
from studio.api.luma import LumaGeneration, LumaRequest
from studio.api.media_types import sniff
from studio.api.midjourney import MjSpeed, MjTask
from studio.api.retry import RetryPolicy
from studio.api.suno import RELAY_FETCH_PATH, SEED_FETCH_PATH, SunoMusicRequest, SunoTask, submission_from
from studio.api.udio import UdioGenParams
from studio.api.uploads import data_uri

FAST_RETRY = RetryPolicy(base_delay=0.01, max_delay=0.05)
PICTURE = DATA / "chelsea.png"


@pytest.fixture
async def api(task_sim):
    gateway = UniApi(ClientConfig(base_url=task_sim.base_url, api_key=TEST_KEY, retry=FAST_RETRY))
    yield gateway
    await gateway.aclose()


def requests_to(sim, prefix: str) -> list[dict]:
    """Journal entries whose path starts with `prefix` (the journal filters by exact path only)."""
    entries = httpx.get(f"{sim.base_url}/_sim/requests").json()
    return [entry for entry in entries if entry["path"].startswith(prefix)]


# --- Suno ----------------------------------------------------------------------------------------


async def test_suno_inspiration_submit_and_both_fetch_forms(api, task_sim):
    submission = await api.suno.submit_music(SunoMusicRequest.inspiration("a song about otters", mv="chirp-v4"))
    sent = journal(task_sim, "/suno/submit/music")[-1]["body"]
    assert sent == {"gpt_description_prompt": "a song about otters", "make_instrumental": False, "mv": "chirp-v4"}
    one = await api.suno.fetch(submission.task_id)
    assert one.task_id == submission.task_id and one.action == "MUSIC"
    assert one.progress is None or 0 <= one.progress <= 100, "'45%' arrives as a number"
    lyrics = await api.suno.submit_lyrics("rain on a tin roof")
    many = await api.suno.fetch_many([submission.task_id, lyrics.task_id])
    assert {task.task_id for task in many} == {submission.task_id, lyrics.task_id}
    assert journal(task_sim, RELAY_FETCH_PATH)[-1]["body"]["ids"] == [submission.task_id, lyrics.task_id]


async def test_suno_fetch_falls_back_to_the_seed_spelling_and_remembers_it(api, task_sim):
    submission = await api.suno.submit_music(SunoMusicRequest.inspiration("fallback song"))
    task_sim.config.suno_fetch_paths = "seed"
    try:
        await api.suno.fetch(submission.task_id)
        await api.suno.fetch(submission.task_id)
        await api.suno.fetch_many([submission.task_id])
    finally:
        task_sim.config.suno_fetch_paths = "both"
    tried = [(entry["method"], entry["path"]) for entry in requests_to(task_sim, "/suno/")]
    assert tried[1:] == [
        ("GET", f"{RELAY_FETCH_PATH}/{submission.task_id}"),  # 404: this gateway only has the seed's spelling
        ("GET", f"{SEED_FETCH_PATH}/{submission.task_id}"),
        ("GET", f"{SEED_FETCH_PATH}/{submission.task_id}"),  # remembered: no second 404
        ("POST", SEED_FETCH_PATH),
    ]
    assert api.suno.fetch_paths[0] == SEED_FETCH_PATH


async def test_suno_fetch_order_is_configurable(task_sim):
    config = ClientConfig(base_url=task_sim.base_url, api_key=TEST_KEY, retry=FAST_RETRY)
    async with UniApi(config, suno_fetch_paths=(SEED_FETCH_PATH, RELAY_FETCH_PATH)) as api:
        submission = await api.suno.submit_lyrics("order matters")
        task_sim.config.suno_fetch_paths = "relay"
        try:
            await api.suno.fetch(submission.task_id)
        finally:
            task_sim.config.suno_fetch_paths = "both"
    paths = [entry["path"] for entry in requests_to(task_sim, "/suno/") if entry["method"] == "GET"]
    assert paths == [f"{SEED_FETCH_PATH}/{submission.task_id}", f"{RELAY_FETCH_PATH}/{submission.task_id}"]


def test_suno_accepts_the_seed_clip_object_and_the_relay_envelope():
    seed_reply = {
        "id": "clip-123",
        "title": "Otters",
        "status": "submitted",
        "metadata": {"tags": ["pop", "happy"], "duration": "12.5", "prompt": "la la"},
        "audio_url": "",
        "is_liked": True,
    }
    submission = submission_from(seed_reply, "music request")
    assert submission.task_id == "clip-123"
    assert submission.clips[0].metadata.tags == "pop, happy" and submission.clips[0].metadata.duration == 12.5
    assert submission_from({"code": "success", "message": "", "data": 98765}, "x").task_id == "98765"
    with pytest.raises(TaskRejectedError) as refused:
        submission_from({"code": "quota_not_enough", "message": "额度不足", "data": None}, "music request")
    assert "refused the music request: 额度不足" in refused.value.user_message


async def test_suno_refusal_over_http_is_one_sentence(api):
    with pytest.raises(BadRequestError) as refused:
        await api.suno.submit_music(SunoMusicRequest(continue_clip_id="no-such-clip", continue_at=1))
    assert "does not exist" in refused.value.user_message


def test_lenient_task_models_take_the_relays_quirks():
    task = SunoTask.model_validate({"task_id": 42, "status": "IN_PROGRESS", "progress": "45%", "data": {"id": 7}})
    assert task.task_id == "42" and task.progress == 45.0 and [clip.id for clip in task.clips] == ["7"]
    mj = MjTask.model_validate(
        {"id": 1795, "progress": "7%", "buttons": {"customId": "MJ::x", "label": "U1"}, "properties": None, "new": 1}
    )
    assert mj.id == "1795" and mj.progress == 7.0 and mj.button("U1").customId == "MJ::x"
    assert mj.model_extra == {"new": 1}, "unknown fields are kept"
    assert task.sent["progress"] == "45%" and mj.sent["id"] == 1795, "and what was sent, as sent (for raw JSON)"
    panning = MjTask.model_validate(
        {"buttons": [{"customId": "MJ::left", "emoji": "⬅️"}, {"customId": "MJ::zoom", "label": "Zoom Out 2x"}]}
    )
    assert panning.button("⬅").customId == "MJ::left", "with or without the emoji's variation selector"
    assert panning.button("zoom out 2X").customId == "MJ::zoom" and panning.button("") is None
    assert panning.button_names == ["⬅️", "Zoom Out 2x"]
    assert VideoTask.model_validate({"id": 5, "output": [{"url": "https://x/v.mp4"}]}).video_urls == ["https://x/v.mp4"]
    assert VideoTask.model_validate({"id": "5", "status": "success", "output": "https://x/a.mp4"}).id == "5"
    luma = LumaGeneration.model_validate(
        {"id": "g", "state": "completed", "thumbnail": "https://x/t.jpg", "video": None}
    )
    assert luma.thumbnail.url == "https://x/t.jpg" and luma.video_url is None


# --- Udio ----------------------------------------------------------------------------------------


async def test_udio_submit_wraps_gen_params_and_fetch_reads_songs(api, task_sim):
    submission = await api.udio.submit(UdioGenParams(prompt="night jazz", lyrics_type="instrumental"))
    assert journal(task_sim, "/udio/submit/music")[-1]["body"] == {
        "gen_params": {"prompt": "night jazz", "lyrics_type": "instrumental"}
    }
    task = await api.udio.fetch(submission.task_id)
    assert task.task_id == submission.task_id and task.songs and all(song.id for song in task.songs)


# --- Midjourney ----------------------------------------------------------------------------------


async def test_midjourney_speed_prefix_and_image_as_data_uri(api, task_sim):
    picture = await data_uri(PICTURE)
    submission = await api.midjourney.imagine("a cat in a hat", images=[picture], speed=MjSpeed.RELAX)
    assert submission.code in (1, 22) and submission.task_id.isdigit()
    sent = journal(task_sim, "/mj-relax/mj/submit/imagine")[-1]["body"]
    assert sent["prompt"] == "a cat in a hat" and sent["botType"] == "MID_JOURNEY"
    assert sent["base64Array"][0].startswith("data:image/png;base64,")
    assert base64.b64decode(sent["base64Array"][0].split(",", 1)[1]) == PICTURE.read_bytes()
    task = await api.midjourney.fetch(submission.task_id)
    assert task.id == submission.task_id and task.action == "IMAGINE"


async def test_midjourney_refusals_raise_a_sentence_with_the_code(api):
    with pytest.raises(MidjourneySubmitError) as banned:
        await api.midjourney.imagine("a nude statue")
    assert banned.value.mj_code == 24 and banned.value.code == "24"
    assert "banned word" in banned.value.user_message
    with pytest.raises(MidjourneySubmitError) as invalid:
        await api.midjourney.blend([await data_uri(PICTURE)])
    assert invalid.value.mj_code == 4 and "invalid" in invalid.value.user_message


async def test_midjourney_list_by_condition_is_one_request(api, task_sim):
    first = await api.midjourney.imagine("one fox")
    second = await api.midjourney.shorten("a very long and winding prompt about a fox in the snow")
    tasks = await api.midjourney.fetch_many([first.task_id, second.task_id])
    assert {task.id for task in tasks} == {first.task_id, second.task_id}
    assert journal(task_sim, "/mj/task/list-by-condition")[-1]["body"] == {"ids": [first.task_id, second.task_id]}


# --- Ideogram, Luma, Veo -------------------------------------------------------------------------


async def test_ideogram_uses_the_api_key_header_and_streams_the_image(api, task_sim):
    result = await api.ideogram.generate(IdeogramRequest(prompt="a lighthouse", aspect_ratio="ASPECT_16_9"))
    assert result.urls and result.data[0].resolution == "656x368"
    sent = journal(task_sim, "/ideogram/generate")[-1]
    assert sent["headers"]["api-key"] == "***" and "authorization" not in sent["headers"]
    assert sent["body"] == {"image_request": {"prompt": "a lighthouse", "aspect_ratio": "ASPECT_16_9"}}
    remix = await api.ideogram.remix(PICTURE, IdeogramRequest(prompt="as a watercolor", image_weight=70))
    assert remix.urls
    sent = journal(task_sim, "/ideogram/remix")[-1]
    assert json.loads(sent["form"]["image_request"]) == {"prompt": "as a watercolor", "image_weight": 70}
    assert sent["files"]["image_file"][0]["sha256"] == hashlib.sha256(PICTURE.read_bytes()).hexdigest()
    described = await api.ideogram.describe(PICTURE)
    assert described.description_texts and "image_request" not in journal(task_sim, "/ideogram/describe")[-1]["form"]


async def test_luma_generate_poll_and_fresh_download_link(api, task_sim):
    generation = await api.luma.generate(LumaRequest(user_prompt="waves at night", loop=True))
    assert generation.id and generation.state == "pending"
    assert journal(task_sim, "/luma/generations")[-1]["body"] == {"user_prompt": "waves at night", "loop": True}
    assert (await api.luma.fetch(generation.id)).id == generation.id
    with pytest.raises(BadRequestError):
        await api.luma.download_video_url(generation.id)  # not completed yet


async def test_custom_video_model_in_the_path_and_numeric_id(api, task_sim):
    task = await api.custom_video.submit("veo-2", {"prompt": "a paper boat", "image": await data_uri(PICTURE)})
    assert isinstance(task.id, str) and task.id.isdigit(), "a JSON number id becomes a string"
    assert journal(task_sim, "/custom_video/model/veo-2")[-1]["body"]["prompt"] == "a paper boat"
    assert (await api.custom_video.fetch(task.id)).id == task.id


# --- downloads -----------------------------------------------------------------------------------


async def test_download_streams_to_a_temp_file_hashing_as_it_goes(api, task_sim, tmp_path: Path):
    data = PICTURE.read_bytes()
    url = task_sim.state.media.put(data, "image/png", "cat.png")
    seen = []
    got = await download_to_temp(api.client, url, tmp_path, progress=lambda done, total: seen.append((done, total)))
    assert got.path.read_bytes() == data and got.sha256 == hashlib.sha256(data).hexdigest()
    assert sniff(got.head).ext == "png" and seen[-1] == (len(data), len(data))


async def test_download_failures_are_typed_and_leave_no_temp_file(api, task_sim, tmp_path: Path):
    expired = task_sim.state.media.put(b"old bytes", "image/png", "old.png", ttl_s=0)
    with pytest.raises(MediaExpiredError) as caught:
        await download_to_temp(api.client, expired, tmp_path)
    assert caught.value.status == 403 and "expired" in caught.value.user_message
    url = task_sim.state.media.put(PICTURE.read_bytes(), "image/png", "cut.png")
    path = "/" + url.split("/", 3)[3]
    queue_fault(task_sim, path, "cut", count=5)
    with pytest.raises(StreamCutError):
        await download_to_temp(api.client, url, tmp_path)
    queue_fault(task_sim, path, "cut", count=1)
    assert (await download_to_temp(api.client, url, tmp_path)).size == PICTURE.stat().st_size, "one cut is retried"
    assert [p.name for p in tmp_path.iterdir()] == [next(tmp_path.iterdir()).name], "only the good download remains"


async def test_download_sends_the_key_only_to_the_gateway(api, task_sim, sim):
    foreign = sim.state.media.put(b"\x89PNG\r\n\x1a\nrest", "image/png", "x.png")
    own = task_sim.state.media.put(b"\x89PNG\r\n\x1a\nrest", "image/png", "y.png")
    async with api.client.open_download(foreign) as response:
        await response.aread()
    async with api.client.open_download(own) as response:
        await response.aread()
    assert "authorization" not in journal(sim, "/" + foreign.split("/", 3)[3])[-1]["headers"]
    assert journal(task_sim, "/" + own.split("/", 3)[3])[-1]["headers"]["authorization"] == "***"
