"""The task engine over real loopback: every family from submit to files on disk, failures, batching,
cancel and retry, and jobs that survive a killed process."""

from __future__ import annotations

import asyncio
import base64
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from conftest import DATA, TEST_KEY, journal, queue_fault
from PIL import Image

from studio.api.client import ClientConfig
from studio.api.errors import BadRequestError, ImageUploadError, MidjourneySubmitError, RequestTimeoutError
from studio.api.gateway import UniApi
from studio.api.media_types import sniff
from studio.api.retry import RetryPolicy
from studio.core.database import open_database
from studio.core.library import Library
from studio.core.task_families import FAMILIES, SunoFamily
from studio.core.tasks import JobState, JobUpdate, PollTiming, TaskEngine
from studio.simulator.config import SimulatorConfig
from studio.simulator.server import SimulatorServer

PICTURE = str(DATA / "chelsea.png")
FAST_RETRY = RetryPolicy(base_delay=0.01, max_delay=0.05)
QUICK = PollTiming(first=0.1, fast=0.1, slow=0.5, error_ceiling=2.0, batch_window=0.5)


class Studio:
    """One test's database, library, API and engine, plus every JobUpdate the engine sent."""

    def __init__(self, root: Path, base_url: str, timing: PollTiming = QUICK, **engine_options) -> None:
        self.root = root
        self.db = open_database(root / "data" / "studio.db")
        self.library = Library(self.db, root / "data" / "library", root / "cache" / "thumbnails")
        self.api = UniApi(ClientConfig(base_url=base_url, api_key=TEST_KEY, retry=FAST_RETRY, read_timeout=10))
        self.engine = TaskEngine(self.api, self.db, self.library, timing=timing, **engine_options)
        self.updates: list[JobUpdate] = []
        self.engine.subscribe(self.updates.append)

    async def run(self, family: str, kind: str, params: dict):
        job = await self.engine.submit(family, kind, params)
        return await self.engine.wait(job.id)

    def assets(self, job):
        return self.engine.assets_of(job.id)

    def states(self, job_id: int) -> list[str]:
        seen: list[str] = []
        for update in self.updates:
            if update.job_id == job_id and (not seen or seen[-1] != update.state):
                seen.append(str(update.state))
        return seen

    async def close(self) -> None:
        await self.engine.close()
        await self.api.aclose()
        self.db.close()


@pytest.fixture
async def studio(tmp_path: Path, task_sim):
    opened = Studio(tmp_path, task_sim.base_url)
    await opened.engine.start()
    yield opened
    await opened.close()


def songs_of(studio: Studio, job) -> list:
    return [asset for asset in studio.assets(job) if asset.kind == "audio"]


def requests_to(sim, prefix: str) -> list[dict]:
    return [entry for entry in httpx.get(f"{sim.base_url}/_sim/requests").json() if entry["path"].startswith(prefix)]


def assert_stored(library: Library, asset, kind: str, ext: str) -> None:
    """The file exists under its sha256, its bytes are what the row says, and it has a thumbnail."""
    assert asset.kind == kind and asset.ext == ext
    data = asset.path.read_bytes()
    assert asset.path.name == f"{asset.sha256}.{ext}" and asset.path.parent.parent.parent == library.root
    assert len(data) == asset.byte_size
    if kind != "text":
        assert sniff(data[:64]).ext == ext
    if kind != "text":
        assert library.thumbnail_path(asset).exists()


# --- one family after another ----------------------------------------------------------------------


async def test_a_suno_song_is_recorded_before_it_is_sent_and_ends_as_two_files(studio, task_sim):
    submits_seen_when_recorded = []

    def on_update(update: JobUpdate) -> None:
        if update.state is JobState.SUBMITTING:
            submits_seen_when_recorded.append(len(journal(task_sim, "/suno/submit/music")))

    studio.engine.subscribe(on_update)
    job = await studio.run(
        "suno", "music", {"body": {"gpt_description_prompt": "a song about otters", "mv": "chirp-v4"}}
    )
    assert submits_seen_when_recorded == [0], "the job row exists before the submit leaves"
    assert job.state is JobState.DONE and job.task_id and job.progress == 100
    states = studio.states(job.id)
    assert states[:2] == ["submitting", "submitted"] and states[-2:] == ["downloading", "done"]
    assert "running" in states
    running = [u.progress for u in studio.updates if u.job_id == job.id and u.state is JobState.RUNNING]
    assert running == sorted(running) and any(0 < p < 100 for p in running), "progress moves while running"
    clips = songs_of(studio, job)
    assert len(clips) == 2 and len({clip.remote_id for clip in clips}) == 2
    for clip in clips:
        assert_stored(studio.library, clip, "audio", "mp3")
        assert clip.duration == pytest.approx(4, abs=0.2) and clip.family == "suno" and clip.task_id == job.task_id
        assert clip.title and clip.tags and clip.text, "title, style tags and lyrics come along"
        cover, video = sorted(studio.library.children(clip.id), key=lambda a: a.kind)
        assert_stored(studio.library, cover, "image", "jpg")
        assert_stored(studio.library, video, "video", "mp4")
        assert cover.title == video.title == clip.title and cover.remote_id is None, "the clip id stays the song's"
    assert len(studio.assets(job)) == 6, "two songs, each with its cover and its video"
    assert job.raw["status"] == "SUCCESS", "the last raw reply is kept"
    assert len(journal(task_sim, "/suno/submit/music")) == 1


async def test_thumbnails_wait_until_the_jobs_files_are_all_in_the_library(studio, task_sim, monkeypatch):
    """A waveform or a video frame takes a core: drawn while files still download, it slowed them (and a
    cover waited for its song's waveform before its own download began)."""
    thumbnail_started: list[float] = []
    draw = studio.library.thumbnail

    async def timed(asset, *args, **kwargs):
        thumbnail_started.append(time.time())
        return await draw(asset, *args, **kwargs)

    monkeypatch.setattr(studio.library, "thumbnail", timed)
    job = await studio.run("suno", "music", {"body": {"gpt_description_prompt": "a song about herons"}})
    assert job.state is JobState.DONE
    assets = studio.assets(job)
    assert len(assets) == 6 and len(thumbnail_started) == 6
    assert min(thumbnail_started) >= max(asset.created for asset in assets), "a thumbnail was drawn mid-download"
    for asset in assets:
        assert studio.library.thumbnail_path(asset).exists(), "the job ends with every thumbnail drawn"


async def test_suno_polls_are_batched_into_one_request(tmp_path, task_sim):
    # Jobs due within a second of each other ride along in one request (generous, for a loaded machine).
    opened = Studio(tmp_path, task_sim.base_url, timing=PollTiming(first=0.3, fast=0.1, slow=0.3, batch_window=1.0))
    await opened.engine.start()
    try:
        jobs = await asyncio.gather(
            *(
                opened.engine.submit("suno", "music", {"body": {"gpt_description_prompt": f"song {n}"}})
                for n in range(3)
            )
        )
        done = [await opened.engine.wait(job.id) for job in jobs]
    finally:
        await opened.close()
    assert [job.state for job in done] == [JobState.DONE] * 3
    batches = journal(task_sim, "/suno/fetch")
    assert set(batches[0]["body"]["ids"]) == {job.task_id for job in jobs}, "one POST covers all three"
    assert all(len(entry["body"]["ids"]) >= 2 for entry in batches), "a lone job is asked about with a GET"
    singles = requests_to(task_sim, "/suno/fetch/")
    assert len(batches) * 2 > len(singles), "most polls went out batched"


async def test_suno_lyrics_continuation_and_concat_keep_their_lineage(studio, task_sim):
    song = await studio.run("suno", "music", {"body": {"gpt_description_prompt": "sea shanty"}})
    clip = songs_of(studio, song)[0]
    more = await studio.run(
        "suno", "music", {"body": {"continue_clip_id": clip.remote_id, "continue_at": 2.0, "prompt": "yo ho"}}
    )
    sent = journal(task_sim, "/suno/submit/music")[-1]["body"]
    assert sent == {"continue_clip_id": clip.remote_id, "continue_at": 2.0, "prompt": "yo ho"}
    continued = songs_of(studio, more)
    assert more.state is JobState.DONE and {a.parent_id for a in continued} == {clip.id}
    whole = await studio.run("suno", "concat", {"clip_id": continued[0].remote_id})
    [full] = songs_of(studio, whole)
    assert full.parent_id == continued[0].id and full.duration > clip.duration
    words = await studio.run("suno", "lyrics", {"prompt": "rain on the harbour"})
    [text] = studio.assets(words)
    assert_stored(studio.library, text, "text", "txt")
    assert "rain" in text.text.lower() and studio.library.search("harbour")


async def test_udio_song(studio, task_sim):
    job = await studio.run("udio", "music", {"gen_params": {"prompt": "late night jazz", "lyrics": "la la"}})
    assert job.state is JobState.DONE
    songs = songs_of(studio, job)
    assert len(songs) == 2
    assert_stored(studio.library, songs[0], "audio", "mp3")
    [cover] = studio.library.children(songs[0].id)
    assert_stored(studio.library, cover, "image", "jpg"), "Udio's cover is kept with the song"


async def test_midjourney_grid_upscale_and_modal_zoom_link_back(studio, task_sim):
    grid_job = await studio.run("midjourney", "imagine", {"prompt": "an otter reading", "images": [PICTURE]})
    [grid] = studio.assets(grid_job)
    assert_stored(studio.library, grid, "image", "png")
    labels = [button["label"] for button in grid.parameters["buttons"]]
    assert labels[:4] == ["U1", "U2", "U3", "U4"], "the buttons travel with the grid for the next step"
    u2 = grid.parameters["buttons"][1]["customId"]
    upscale_job = await studio.run("midjourney", "action", {"task_id": grid_job.task_id, "custom_id": u2})
    [upscale] = studio.assets(upscale_job)
    assert upscale.parent_id == grid.id and journal(task_sim, "/mj/submit/action")[-1]["body"] == {
        "taskId": grid_job.task_id,
        "customId": u2,
    }
    zoom_button = next(b for b in upscale.parameters["buttons"] if b["label"] == "Custom Zoom")
    waiting = await studio.run(
        "midjourney", "action", {"task_id": upscale_job.task_id, "custom_id": zoom_button["customId"]}
    )
    assert waiting.state is JobState.NEEDS_ATTENTION and waiting.remote_status == "MODAL"
    assert "modal" in waiting.message
    zoomed = await studio.run("midjourney", "modal", {"task_id": waiting.task_id, "prompt": "wide --zoom 2"})
    assert (zoomed.id, zoomed.state, zoomed.kind) == (waiting.id, JobState.DONE, "action"), "one task, one job"
    assert zoomed.parameters["answer"] == {"kind": "modal", "task_id": waiting.task_id, "prompt": "wide --zoom 2"}
    assert [job.id for job in studio.engine.jobs() if job.task_id == waiting.task_id] == [waiting.id]
    [picture] = studio.assets(zoomed)
    assert picture.parent_id == upscale.id
    assert [a.id for a in studio.library.lineage(picture.id)] == [grid.id, upscale.id, picture.id]
    assert await studio.engine.resume_unfinished() == [], "nothing is left waiting"


async def test_a_reply_naming_a_task_another_job_follows_returns_that_job(studio, task_sim):
    grid_job = await studio.run("midjourney", "imagine", {"prompt": "two otters"})
    [grid] = studio.assets(grid_job)
    u3 = {"task_id": grid_job.task_id, "custom_id": grid.parameters["buttons"][2]["customId"]}
    first = await studio.run("midjourney", "action", u3)
    again = await studio.engine.submit("midjourney", "action", u3)  # Midjourney: code 21, the same task
    assert again.id == first.id and again.state is JobState.DONE
    jobs = studio.engine.jobs()
    assert [job.state for job in jobs if job.task_id == first.task_id] == [JobState.CANCELLED, JobState.DONE]
    assert len(studio.assets(first)) == 1, "the upscale is stored once"


async def test_a_refused_modal_answer_leaves_the_job_waiting_for_another(studio, task_sim):
    grid_job = await studio.run("midjourney", "imagine", {"prompt": "a pear on a table"})
    [grid] = studio.assets(grid_job)
    u1 = grid.parameters["buttons"][0]["customId"]
    upscale_job = await studio.run("midjourney", "action", {"task_id": grid_job.task_id, "custom_id": u1})
    [upscale] = studio.assets(upscale_job)
    region = next(b for b in upscale.parameters["buttons"] if b["label"] == "Vary (Region)")
    waiting = await studio.run("midjourney", "action", {"task_id": upscale_job.task_id, "custom_id": region["customId"]})
    with pytest.raises(MidjourneySubmitError):
        await studio.engine.submit("midjourney", "modal", {"task_id": waiting.task_id, "prompt": "an apple"})
    refused = studio.engine.job(waiting.id)
    assert refused.state is JobState.NEEDS_ATTENTION and "rejected" in refused.message, "no mask: the window stays open"
    mask = studio.root / "mask.png"
    with Image.open(PICTURE) as picture:
        Image.new("L", picture.size, 0).save(mask)
    answered = await studio.run("midjourney", "modal", {"task_id": waiting.task_id, "prompt": "an apple", "mask": str(mask)})
    assert (answered.id, answered.state) == (waiting.id, JobState.DONE)
    assert journal(task_sim, "/mj/submit/modal")[-1]["body"]["maskBase64"].startswith("data:image/png;base64,")


async def test_midjourney_blend_describe_and_batched_polls(studio, task_sim):
    blend, described = await asyncio.gather(
        studio.run("midjourney", "blend", {"images": [PICTURE, PICTURE], "dimensions": "PORTRAIT", "speed": "turbo"}),
        studio.run("midjourney", "describe", {"image": PICTURE, "speed": "turbo"}),
    )
    [picture] = studio.assets(blend)
    assert picture.height > picture.width, "PORTRAIT"
    [text] = studio.assets(described)
    assert text.kind == "text" and text.text.count("--ar") == 4
    assert journal(task_sim, "/mj-turbo/mj/submit/blend") and journal(task_sim, "/mj-turbo/mj/submit/describe")
    assert any(len(entry["body"]["ids"]) == 2 for entry in journal(task_sim, "/mj/task/list-by-condition"))


async def test_ideogram_is_synchronous_but_still_a_job(studio, task_sim):
    job = await studio.run(
        "ideogram", "generate", {"image_request": {"prompt": "a red kite [[unsafe]]", "num_images": 2}}
    )
    assert job.state is JobState.DONE and job.task_id is None
    assert "withheld the image as unsafe" in job.message
    [image] = studio.assets(job)
    assert_stored(studio.library, image, "image", "png")
    remix = await studio.run("ideogram", "remix", {"image": PICTURE, "image_request": {"prompt": "in pastel"}})
    assert studio.assets(remix)[0].kind == "image"
    describe = await studio.run("ideogram", "describe", {"image": PICTURE})
    assert studio.assets(describe)[0].text
    assert studio.states(describe.id) == ["submitting", "submitted", "downloading", "done"]


async def test_luma_video_and_its_extension(studio, task_sim):
    first = await studio.run("luma", "generate", {"body": {"user_prompt": "waves", "aspect_ratio": "16:9"}})
    [video] = studio.assets(first)
    assert_stored(studio.library, video, "video", "mp4")
    assert (video.width, video.height) == (320, 180) and video.duration > 1
    with Image.open(studio.library.thumbnail_path(video)) as frame:
        assert frame.size == (256, 144), "the first frame, downscaled"
    extended = await studio.run("luma", "extend", {"generation_id": first.task_id, "body": {"user_prompt": "more"}})
    assert studio.assets(extended)[0].parent_id == video.id
    assert journal(task_sim, f"/luma/generations/{first.task_id}/extend")


async def test_luma_frames_from_disk_the_wait_estimate_and_the_watermark_free_file(studio, task_sim):
    rocket = DATA / "rocket.jpg"
    params = {
        "body": {"user_prompt": "a rocket over a cat [[task-seconds:3]]", "resolution": "720p", "duration": "5s"},
        "start_frame": PICTURE,
        "end_frame": str(rocket),
    }
    job = await studio.run("luma", "generate", params)
    body = journal(task_sim, "/luma/generations")[-1]["body"]
    assert body["image_url"] == "data:image/png;base64," + base64.b64encode(Path(PICTURE).read_bytes()).decode()
    assert body["image_end_url"] == "data:image/jpeg;base64," + base64.b64encode(rocket.read_bytes()).decode()
    waits = [u.message for u in studio.updates if u.job_id == job.id and u.state is JobState.QUEUED and u.message]
    assert waits and "expects it to start in about" in waits[0], studio.updates
    assert job.state is JobState.DONE and not job.message, "the estimate goes once the task runs"
    [video] = studio.assets(job)
    clean = httpx.get(httpx.get(
        f"{task_sim.base_url}/luma/generations/{job.task_id}/download_video_url",
        headers={"Authorization": f"Bearer {TEST_KEY}"},
    ).json()["url"])
    assert video.path.read_bytes() == clean.content, "the download link's file is kept, not the preview"
    assert video.parameters["watermark_free"] is True and video.parameters["resolution"] == "720p"


async def test_local_frames_can_be_uploaded_first_and_sent_as_links(studio, task_sim):
    params = {"model": "veo-2", "body": {"prompt": "a kite"}, "image": PICTURE, "frame_transport": "upload"}
    job = await studio.run("video", "generate", params)
    [upload] = journal(task_sim, "/mj/submit/upload-discord-images")
    assert upload["body"]["base64Array"][0].startswith("data:image/png;base64,")
    sent = journal(task_sim, "/custom_video/model/veo-2")[-1]["body"]["image"]
    assert sent.startswith(task_sim.base_url + "/files/") and job.state is JobState.DONE


async def test_a_failed_upload_fails_the_job_before_any_paid_request(studio, task_sim):
    queue_fault(task_sim, "/mj/submit/upload-discord-images", "500")
    params = {"body": {"user_prompt": "never sent"}, "start_frame": PICTURE, "frame_transport": "upload"}
    with pytest.raises(ImageUploadError):
        await studio.engine.submit("luma", "generate", params)
    [job] = studio.engine.jobs()
    assert job.state is JobState.FAILED and "could not be uploaded" in job.message and "nothing was charged" in job.message
    assert journal(task_sim, "/luma/generations") == []


async def test_veo_replies_in_the_relays_spelling_are_read_too(studio, task_sim):
    task_sim.config.custom_video_replies = "relay"
    try:
        job = await studio.run("video", "generate", {"model": "veo-2", "body": {"prompt": "a lantern"}})
    finally:
        task_sim.config.custom_video_replies = "seed"
    assert job.state is JobState.DONE and job.task_id
    assert_stored(studio.library, studio.assets(job)[0], "video", "mp4")


async def test_veo_video_from_a_first_frame(studio, task_sim):
    job = await studio.run(
        "video", "generate", {"model": "veo-2", "body": {"prompt": "a paper boat"}, "image": PICTURE}
    )
    assert job.state is JobState.DONE and job.task_id.isdigit()
    assert journal(task_sim, "/custom_video/model/veo-2")[-1]["body"]["image"].startswith("data:image/png;base64,")
    assert_stored(studio.library, studio.assets(job)[0], "video", "mp4")


# --- failures --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("family", "kind", "params"),
    [
        ("suno", "music", {"body": {"gpt_description_prompt": "doomed [[fail:the singer left]]"}}),
        ("midjourney", "imagine", {"prompt": "doomed [[fail:the singer left]]"}),
        ("luma", "generate", {"body": {"user_prompt": "doomed [[fail:the singer left]]"}}),
        ("video", "generate", {"model": "veo-2", "body": {"prompt": "doomed [[fail:the singer left]]"}}),
        ("udio", "music", {"gen_params": {"prompt": "doomed [[fail:the singer left]]"}}),
    ],
)
async def test_a_failed_task_says_why(studio, family, kind, params):
    job = await studio.run(family, kind, params)
    assert job.state is JobState.FAILED and "the singer left" in job.message
    assert studio.assets(job) == [] and "the singer left" in studio.engine.error_of(job.id).user_message


async def test_a_refused_submit_fails_the_job_with_the_reason(studio, task_sim):
    with pytest.raises(MidjourneySubmitError):
        await studio.engine.submit("midjourney", "imagine", {"prompt": "a nude figure"})
    with pytest.raises(BadRequestError):
        await studio.engine.submit("ideogram", "generate", {"image_request": {"prompt": "a nude figure"}})
    ideogram, midjourney = studio.engine.jobs()
    assert midjourney.state is JobState.FAILED and "banned word" in midjourney.message and midjourney.task_id is None
    assert ideogram.state is JobState.FAILED and "failed the safety check" in ideogram.message
    assert await studio.engine.resume_unfinished() == [], "a refused request is finished, not resumed"


async def test_a_submit_that_got_no_reply_needs_attention_and_is_not_sent_again(tmp_path, task_sim):
    opened = Studio(tmp_path, task_sim.base_url)
    await opened.api.aclose()
    opened.api = UniApi(ClientConfig(base_url=task_sim.base_url, api_key=TEST_KEY, retry=FAST_RETRY, read_timeout=0.3))
    opened.engine.api = opened.api
    try:
        with pytest.raises(RequestTimeoutError):
            await opened.engine.submit("luma", "generate", {"body": {"user_prompt": "slow one [[fault:slow]]"}})
        [job] = opened.engine.jobs()
        assert job.state is JobState.NEEDS_ATTENTION and "may have reached the service" in job.message
        assert await opened.engine.resume_unfinished() == []
        assert len(journal(task_sim, "/luma/generations")) == 1
    finally:
        await opened.close()


async def test_an_unknown_status_is_shown_as_it_is(tmp_path, task_sim):
    class InventiveSuno(SunoFamily):
        def status(self, task, kind, params):
            if task.status == "IN_PROGRESS":
                task.status = "WARMING_UP"
            return super().status(task, kind, params)

    opened = Studio(tmp_path, task_sim.base_url, families={**FAMILIES, "suno": InventiveSuno()})
    await opened.engine.start()
    try:
        job = await opened.run("suno", "music", {"body": {"gpt_description_prompt": "new words"}})
        assert job.state is JobState.DONE
        assert "WARMING_UP" in {u.remote_status for u in opened.updates}, "kept and shown, never a crash"
    finally:
        await opened.close()


async def test_polling_errors_back_off_then_recover(tmp_path, task_sim):
    opened = Studio(tmp_path, task_sim.base_url, timing=PollTiming(first=0.4, fast=0.1, slow=0.5, error_ceiling=0.4))
    await opened.engine.start()
    try:
        job = await opened.engine.submit("luma", "generate", {"body": {"user_prompt": "patience"}})
        queue_fault(task_sim, f"/luma/generations/{job.task_id}", "500", count=6)
        job = await opened.engine.wait(job.id)
        assert job.state is JobState.DONE
        notes = [u.message for u in opened.updates if u.message and u.message.startswith("Checking failed")]
        assert notes and "internal error" in notes[0]
    finally:
        await opened.close()


async def test_expired_result_links_fail_clearly_and_store_nothing(tmp_path):
    with SimulatorServer(SimulatorConfig(key=TEST_KEY, task_seconds=0.2, url_ttl_s=0)) as expiring:
        opened = Studio(tmp_path, expiring.base_url)
        await opened.engine.start()
        try:
            song = await opened.run("suno", "music", {"body": {"gpt_description_prompt": "too late"}})
            video = await opened.run("luma", "generate", {"body": {"user_prompt": "too late"}})
        finally:
            await opened.close()
        fresh_link_asked = journal(expiring, f"/luma/generations/{video.task_id}/download_video_url")
    for job in (song, video):
        assert job.state is JobState.FAILED and "download link has expired" in job.message
    assert fresh_link_asked, "Luma is asked for a freshly signed link before giving up"
    assert [p for p in (tmp_path / "data" / "library").rglob("*") if p.is_file()] == []


# --- cancel, retry ---------------------------------------------------------------------------------


async def test_cancel_stops_polling_and_retry_is_a_new_paid_job(tmp_path, task_sim):
    opened = Studio(tmp_path, task_sim.base_url, timing=PollTiming.every(0.05))
    await opened.engine.start()
    try:
        job = await opened.engine.submit("luma", "generate", {"body": {"user_prompt": "stop me [[task-seconds:5]]"}})
        await asyncio.sleep(0.3)
        cancelled = opened.engine.cancel(job.id)
        await asyncio.sleep(0.1)  # a poll already on the wire may still arrive
        polls = len(journal(task_sim, f"/luma/generations/{job.task_id}"))
        await asyncio.sleep(0.3)
        assert cancelled.state is JobState.CANCELLED and polls >= 1
        assert len(journal(task_sim, f"/luma/generations/{job.task_id}")) == polls, "no polling after cancel"
        again = await opened.engine.retry(job.id)
        assert again.id != job.id and again.retry_of == job.id and again.task_id != job.task_id
        assert next(u.message for u in opened.updates if u.job_id == again.id).startswith("New paid request")
        assert len(journal(task_sim, "/luma/generations")) == 2, "the retry sent a second submit"
        opened.engine.cancel(again.id)
    finally:
        await opened.close()


# --- surviving a killed process --------------------------------------------------------------------


def _start_cli(home: Path, base_url: str, *args: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("UNIAPI_")}
    env["STUDIO_HOME"] = str(home)
    command = [sys.executable, "-m", "studio.cli", "--base-url", base_url, "--api-key", TEST_KEY, *args]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _wait_for_row(db_path: Path, query: str, timeout: float = 20.0) -> sqlite3.Row:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if db_path.exists():
            try:
                with sqlite3.connect(db_path) as probe:
                    probe.row_factory = sqlite3.Row
                    row = probe.execute(query).fetchone()
            except sqlite3.OperationalError:
                row = None  # the child is still creating the schema
            if row is not None:
                return row
        time.sleep(0.02)
    raise AssertionError(f"no row for {query!r} within {timeout} s")


async def test_a_job_survives_a_killed_process_and_resume_finishes_it(tmp_path, task_sim):
    home = tmp_path / "home"
    child = _start_cli(home, task_sim.base_url, "suno", "a song that outlives its app", "--poll-interval", "60")
    db_path = home / "data" / "studio.db"
    try:
        row = _wait_for_row(db_path, "SELECT * FROM jobs WHERE task_id IS NOT NULL")
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    assert row["state"] == "submitted"
    opened = Studio(home, task_sim.base_url)
    try:
        assert await opened.engine.resume_unfinished() == [row["id"]]
        job = await opened.engine.wait(row["id"])
        assert job.state is JobState.DONE and job.task_id == row["task_id"]
        clips = songs_of(opened, job)
        assert len(clips) == 2 and all(clip.path.exists() for clip in clips)
        assert len(journal(task_sim, "/suno/submit/music")) == 1, "resumed, never resubmitted"
    finally:
        await opened.close()


async def test_a_job_killed_while_submitting_needs_attention_and_is_never_resent(tmp_path, task_sim):
    home = tmp_path / "home"
    child = _start_cli(home, task_sim.base_url, "suno", "slow to answer [[fault:slow]]")
    db_path = home / "data" / "studio.db"
    try:
        row = _wait_for_row(db_path, "SELECT * FROM jobs WHERE state = 'submitting'")
        deadline = time.monotonic() + 10
        while not journal(task_sim, "/suno/submit/music") and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    opened = Studio(home, task_sim.base_url)
    await opened.engine.start()
    try:
        assert await opened.engine.resume_unfinished() == []
        job = opened.engine.job(row["id"])
        assert job.state is JobState.NEEDS_ATTENTION and "not sent again" in job.message
        await asyncio.sleep(0.3)
        assert len(journal(task_sim, "/suno/submit/music")) == 1, "exactly one submit ever reached the service"
    finally:
        await opened.close()
