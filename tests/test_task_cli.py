"""The task commands of `studio-cli` as a user runs them: real simulator, real library folder, exit codes."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

import httpx
import pytest
from conftest import DATA, TEST_KEY, journal
from PIL import Image

from studio.api.client import ClientConfig
from studio.api.gateway import UniApi
from studio.cli import main
from studio.core.database import open_database
from studio.core.library import Library
from studio.core.settings import StudioPaths
from studio.core.tasks import JobState, TaskEngine

PICTURE = str(DATA / "chelsea.png")
NOT_AN_IMAGE = str(DATA / "openai-openapi.LICENSE")


@pytest.fixture
def cli(task_sim, studio_home, capsys):
    """`studio-cli --base-url SIM --api-key KEY ARGS... --poll-interval 0.1`; returns (code, stdout, stderr)."""

    def run(*args: str, poll: bool = True) -> tuple[int, str, str]:
        tail = ["--poll-interval", "0.1"] if poll else []
        code = main(["--base-url", task_sim.base_url, "--api-key", TEST_KEY, *args, *tail])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def saved(out: str) -> list[Path]:
    paths = [Path(line) for line in out.splitlines() if line.strip()]
    assert paths and all(path.is_file() for path in paths), out
    return paths


def library_root(home: Path) -> Path:
    return home / "data" / "library"


def database(home: Path) -> sqlite3.Connection:
    return sqlite3.connect(home / "data" / "studio.db")


def all_requests(sim) -> list[dict]:
    return httpx.get(f"{sim.base_url}/_sim/requests").json()


def test_mj_imagine_with_a_reference_image_saves_the_grid(cli, task_sim, studio_home):
    code, out, err = cli("mj", "imagine", "a cat astronaut", "--image", PICTURE, "--mode", "turbo")
    assert code == 0, err
    [grid] = saved(out)
    assert grid.suffix == ".png" and library_root(studio_home) in grid.parents
    assert "running" in err and "done" in err, "progress goes to stderr"
    sent = journal(task_sim, "/mj-turbo/mj/submit/imagine")[-1]["body"]
    assert sent["prompt"] == "a cat astronaut" and len(sent["base64Array"]) == 1


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["mj", "imagine", "a cat", "--image", "/no/such/file.png"], "does not exist"),
        (["mj", "imagine", "a cat", "--image", NOT_AN_IMAGE], "not an image"),
        (["mj", "blend", PICTURE], "needs 2 to 5 images"),
        (["mj", "describe", NOT_AN_IMAGE], "not an image"),
        (["video", "a boat", "--model", "veo-2", "--image", NOT_AN_IMAGE], "not an image"),
        (["ideogram", "generate", "a kite", "--aspect-ratio", "5:7"], "aspect-ratio"),
        (["suno", "--custom", "--title", "T", "--tags", "pop"], "--lyrics-file"),
        (["suno", "--continue", "clip-1"], "--at"),
        (["suno"], "description of the song"),
        (["udio", "jazz", "--lyrics-file", "/no/such/lyrics.txt"], "does not exist"),
        (["luma", "waves", "--image-url", "not a url"], "http(s) URL"),
        (["video", "a boat", "--model", "veo-2", "--duration", "0"], "at least 1"),
    ],
)
def test_bad_input_exits_2_before_any_request(cli, task_sim, args, words):
    code, out, err = cli(*args)
    assert code == 2 and words in err and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert all_requests(task_sim) == [], "nothing was sent"


def test_mj_action_blend_and_describe(cli, task_sim, studio_home):
    code, out, err = cli("mj", "imagine", "a lighthouse")
    assert code == 0, err
    task_id, buttons = (
        database(studio_home)
        .execute("SELECT task_id, parameters FROM assets WHERE family = 'midjourney' ORDER BY id DESC")
        .fetchone()
    )
    u1 = json.loads(buttons)["buttons"][0]["customId"]
    code, out, err = cli("mj", "action", task_id, u1)
    assert code == 0, err
    assert saved(out)[0].suffix == ".png"
    assert journal(task_sim, "/mj/submit/action")[-1]["body"] == {"taskId": task_id, "customId": u1}
    code, out, err = cli("mj", "blend", PICTURE, PICTURE, "--dimensions", "LANDSCAPE")
    with Image.open(saved(out)[0]) as blended:
        assert blended.width > blended.height
    code, out, err = cli("mj", "describe", PICTURE)
    [text] = saved(out)
    assert code == 0 and text.suffix == ".txt" and "--ar" in text.read_text("utf-8") and "--ar" in err


def test_ideogram_generate_and_describe(cli, task_sim):
    code, out, err = cli("ideogram", "generate", "a red kite", "--aspect-ratio", "16:9", "--model", "V_2")
    assert code == 0, err
    with Image.open(saved(out)[0]) as picture:
        assert picture.size == (656, 368)
    sent = journal(task_sim, "/ideogram/generate")[-1]["body"]["image_request"]
    assert sent == {"prompt": "a red kite", "aspect_ratio": "ASPECT_16_9", "model": "V_2"}
    code, out, err = cli("ideogram", "describe", PICTURE)
    assert code == 0 and saved(out)[0].read_text("utf-8")


def test_suno_three_modes_and_lyrics(cli, task_sim, tmp_path, studio_home):
    code, out, err = cli("suno", "an upbeat song about otters", "--instrumental", "--mv", "chirp-v4")
    first = saved(out)
    assert code == 0 and sorted(path.suffix for path in first) == [".jpg", ".jpg", ".mp3", ".mp3", ".mp4", ".mp4"]
    assert journal(task_sim, "/suno/submit/music")[-1]["body"] == {
        "gpt_description_prompt": "an upbeat song about otters",
        "make_instrumental": True,
        "mv": "chirp-v4",
    }
    lyrics = tmp_path / "lyrics.txt"
    lyrics.write_text("[Verse]\nsalt and rope and morning light\n", "utf-8")
    code, out, err = cli("suno", "--custom", "--title", "Harbour", "--tags", "folk, sea", "--lyrics-file", str(lyrics))
    assert code == 0 and len([path for path in saved(out) if path.suffix == ".mp3"]) == 2
    assert journal(task_sim, "/suno/submit/music")[-1]["body"]["prompt"] == lyrics.read_text("utf-8")
    clip_id = (
        database(studio_home).execute("SELECT remote_id FROM assets WHERE title = 'Harbour' LIMIT 1").fetchone()[0]
    )
    code, out, err = cli("suno", "--continue", clip_id, "--at", "2.5", "--tags", "folk")
    assert code == 0, err
    assert journal(task_sim, "/suno/submit/music")[-1]["body"]["continue_at"] == 2.5
    code, out, err = cli("suno-lyrics", "a song about the harbour")
    [text] = saved(out)
    assert code == 0 and text.suffix == ".txt" and "harbour" in text.read_text("utf-8").lower()


def test_udio_luma_extend_and_veo(cli, task_sim, tmp_path):
    lyrics = tmp_path / "words.txt"
    lyrics.write_text("la la la", "utf-8")
    code, out, err = cli("udio", "night jazz", "--lyrics-file", str(lyrics))
    assert code == 0 and saved(out)
    assert journal(task_sim, "/udio/submit/music")[-1]["body"]["gen_params"]["lyrics"] == "la la la"
    code, out, err = cli("luma", "waves at dusk", "--loop")
    assert code == 0 and saved(out)[0].suffix == ".mp4"
    generation = err.split("accepted as task ")[1].split()[0]
    code, out, err = cli("luma-extend", generation, "and then the moon")
    assert code == 0 and saved(out), err
    code, out, err = cli("video", "a paper boat", "--model", "veo-2", "--image", PICTURE, "--aspect-ratio", "16:9")
    assert code == 0 and saved(out)[0].suffix == ".mp4"


def test_out_copies_the_results_there_too(cli, tmp_path, studio_home):
    out_dir = tmp_path / "exports"
    code, out, _ = cli("--out", str(out_dir), "suno", "a short tune")
    copies = saved(out)
    assert code == 0 and [path.parent for path in copies] == [out_dir] * 6, "two songs, their covers and videos"
    assert all(path.name.startswith("suno-") for path in copies)
    originals = [p for p in library_root(studio_home).rglob("*.mp3")]
    songs = [p for p in copies if p.suffix == ".mp3"]
    assert sorted(p.read_bytes() for p in originals) == sorted(p.read_bytes() for p in songs)


def test_a_failed_task_exits_3_with_the_reason(cli):
    code, out, err = cli("luma", "doomed [[fail:the camera broke]]")
    assert code == 3 and out == ""
    assert err.strip().splitlines()[-1].startswith("error: ") and "the camera broke" in err


def test_tasks_list_show_and_resume(cli):
    code, out, _ = cli("mj", "imagine", "a listed fox")
    assert code == 0
    code, out, _ = cli("tasks", "list", poll=False)
    [line] = out.splitlines()
    job_id, state, progress, kind, _task_id, title = line.split("\t")
    assert (state, progress, kind, title) == ("done", "100%", "midjourney imagine", "a listed fox")
    code, out, _ = cli("tasks", "show", job_id, poll=False)
    assert code == 0 and "button U1: MJ::JOB::upsample::1::" in out and '"status": "SUCCESS"' in out
    code, out, _ = cli("--json", "tasks", "show", job_id, poll=False)
    assert json.loads(out)["assets"][0]["kind"] == "image"
    code, out, err = cli("tasks", "resume")
    assert code == 0 and "No unfinished jobs" in err
    code, _, err = cli("tasks", "show", "999", poll=False)
    assert code == 2 and "no job 999" in err


def test_tasks_resume_finishes_a_job_the_app_left_behind(cli, task_sim, studio_home):
    async def submit_and_quit() -> int:
        paths = StudioPaths.default()
        db = open_database(paths.data_dir / "studio.db")
        async with UniApi(ClientConfig(base_url=task_sim.base_url, api_key=TEST_KEY)) as api:
            engine = TaskEngine(api, db, Library.at(db, paths))
            job = await engine.submit("luma", "generate", {"body": {"user_prompt": "left behind"}})
            await engine.close()  # the app quits while the video is still being made
        db.close()
        assert job.state is JobState.SUBMITTED
        return job.id

    job_id = asyncio.run(submit_and_quit())
    code, out, err = cli("tasks", "resume")
    assert code == 0, err
    assert saved(out)[0].suffix == ".mp4" and f"job {job_id}: resumed" in err
    assert len(journal(task_sim, "/luma/generations")) == 1


def test_demo_mode_runs_task_commands_with_no_key(studio_home, capsys):
    for args in (
        ["mj", "imagine", "a demo cat [[task-seconds:0.3]]"],
        ["suno", "a demo song [[task-seconds:0.3]]"],
        ["suno-lyrics", "a demo verse [[task-seconds:0.3]]"],
        ["udio", "a demo tune [[task-seconds:0.3]]"],
        ["ideogram", "generate", "a demo kite"],
        ["luma", "a demo wave [[task-seconds:0.3]]"],
        ["video", "a demo boat [[task-seconds:0.3]]", "--model", "veo-2"],
    ):
        code = main(["--demo", *args, "--poll-interval", "0.1"])
        captured = capsys.readouterr()
        assert code == 0, captured.err
        assert saved(captured.out)
