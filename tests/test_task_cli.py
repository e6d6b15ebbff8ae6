"""The task commands of `studio-cli` as a user runs them: real simulator, real library folder, exit codes."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from attack_log import survived
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
    survived("input", f"studio-cli {' '.join(args)}", "exit 2 before any request")


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
    assert code == 0 and out.count("--ar") == 4, "the four prompts are the result: stdout"
    [saved_as] = [line.split("saved text ")[1] for line in err.splitlines() if "saved text " in line]
    assert Path(saved_as).read_text("utf-8").strip() == out.strip(), "the file, a note on stderr, holds the same"


def test_ideogram_generate_and_describe(cli, task_sim):
    code, out, err = cli("ideogram", "generate", "a red kite", "--aspect-ratio", "16:9", "--model", "V_2")
    assert code == 0, err
    with Image.open(saved(out)[0]) as picture:
        assert picture.size == (656, 368)
    sent = journal(task_sim, "/ideogram/generate")[-1]["body"]["image_request"]
    assert sent == {"prompt": "a red kite", "aspect_ratio": "ASPECT_16_9", "model": "V_2"}
    code, out, err = cli("ideogram", "describe", PICTURE)
    assert code == 0 and "pixels" in out, "the description is the result: stdout"


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
    clip_task = database(studio_home).execute("SELECT task_id FROM assets WHERE remote_id = ?", (clip_id,)).fetchone()[0]
    code, out, err = cli("suno", "--continue", clip_id, "--at", "2.5", "--tags", "folk")
    assert code == 0, err
    sent = journal(task_sim, "/suno/submit/music")[-1]["body"]
    assert (sent["continue_clip_id"], sent["continue_at"], sent["task_id"]) == (clip_id, 2.5, clip_task), (
        "the task that made the clip, from the library: relays route a continuation by it"
    )
    code, out, err = cli("suno", "--continue", "clip-made-elsewhere", "--at", "3", "--tags", "folk")
    assert "task_id" not in journal(task_sim, "/suno/submit/music")[-1]["body"]
    assert "not in this library, so no task_id is sent" in err
    code, out, err = cli("suno-lyrics", "a song about the harbour")
    assert code == 0 and "harbour" in out.lower() and "[Verse" in out, "the lyrics are the result: stdout"
    assert "harbour" not in err.lower().replace("a song about the harbour", "")


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
    assert '"progress": "100%"' in out, "raw is the JSON the gateway sent, not the parsed task"
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
        assert "[Verse]" in captured.out if args[0] == "suno-lyrics" else saved(captured.out)


def test_a_data_folder_the_app_set_up_for_the_demo_works_from_the_command_line(studio_home):
    from studio.core.settings import Settings
    from studio.core.workspace import Workspace

    workspace = Workspace(Settings())
    workspace.ensure_demo_profile()  # what `studio --demo` and the welcome's "Try the demo" do
    workspace.db.close()
    env = dict(os.environ)  # STUDIO_HOME is that data folder; no UNIAPI_* variables

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "studio.cli", *args]
        return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)

    made = cli("suno", "a demo profile song [[task-seconds:0.3]]")
    assert made.returncode == 0, made.stderr
    assert len(saved(made.stdout)) == 6
    listed = cli("tasks", "list")
    assert listed.returncode == 0 and listed.stderr == "", "the demo needs no key, so no keyring is asked"
    [row] = listed.stdout.splitlines()
    assert row.split("\t")[1:4] == ["done", "100%", "suno music"]
    chatted = cli("chat", "hello from the demo profile")
    assert chatted.returncode == 0 and "hello from the demo profile" in chatted.stdout


def grid_task(cli, studio_home, prompt: str) -> str:
    code, _, err = cli("mj", "imagine", prompt)
    assert code == 0, err
    return database(studio_home).execute("SELECT task_id FROM jobs ORDER BY id DESC").fetchone()[0]


def newest_task(studio_home) -> str:
    return database(studio_home).execute("SELECT task_id FROM jobs ORDER BY id DESC").fetchone()[0]


def test_mj_action_takes_a_buttons_label_and_sends_its_custom_id(cli, task_sim, studio_home):
    task_id = grid_task(cli, studio_home, "a lighthouse at dusk")
    raw = json.loads(database(studio_home).execute("SELECT raw FROM jobs WHERE task_id = ?", (task_id,)).fetchone()[0])
    custom_id = {button["label"] or button["emoji"]: button["customId"] for button in raw["buttons"]}
    for typed, label in (("u2", "U2"), ("🔄", "🔄")):
        code, out, err = cli("mj", "action", task_id, typed)
        assert code == 0 and saved(out), err
        assert journal(task_sim, "/mj/submit/action")[-1]["body"] == {"taskId": task_id, "customId": custom_id[label]}
    before = len(all_requests(task_sim))
    code, out, err = cli("mj", "action", task_id, "U9")
    assert code == 2 and "has no button 'U9'; its buttons: U1, U2, U3, U4, 🔄, V1, V2, V3, V4." in err
    code, out, err = cli("mj", "action", "1234567890", "U1")
    assert code == 2 and "not in this library" in err
    assert len(all_requests(task_sim)) == before, "nothing was sent"
    cli("mj", "action", task_id, "U3")
    code, out, err = cli("mj", "action", newest_task(studio_home), "zoom out 2x")
    assert code == 0 and saved(out), err
    assert "::Outpaint::50::" in journal(task_sim, "/mj/submit/action")[-1]["body"]["customId"]


def test_a_button_that_opens_a_window_is_no_error_and_its_modal_ends_the_same_job(cli, task_sim, studio_home):
    cli("mj", "action", grid_task(cli, studio_home, "a fox in snow"), "U1")
    upscale = newest_task(studio_home)
    code, out, err = cli("mj", "action", upscale, "Custom Zoom")
    waiting = newest_task(studio_home)
    assert code == 0 and out == "", err
    assert err.strip().splitlines()[-1].endswith(f'waits for the zoom prompt: studio-cli mj modal {waiting} --prompt "PROMPT --zoom 2"')
    code, out, err = cli("tasks", "resume")
    assert code == 0 and f"studio-cli mj modal {waiting}" in err, "waiting for a window is no failure"
    sent_before = len(journal(task_sim, "/mj/submit/modal"))
    code, out, err = cli("mj", "modal", waiting)
    assert code == 2 and "waits for the zoom prompt" in err and len(journal(task_sim, "/mj/submit/modal")) == sent_before

    code, out, err = cli("mj", "modal", waiting, "--prompt", "a fox in snow --zoom 2")
    assert code == 0 and saved(out)[0].suffix == ".png", err
    rows = database(studio_home).execute("SELECT state, kind FROM jobs WHERE task_id = ?", (waiting,)).fetchall()
    assert rows == [("done", "action")], "one task, one job, and it ended done"
    code, out, err = cli("tasks", "resume")
    assert code == 0 and "No unfinished jobs" in err

    code, out, err = cli("mj", "action", upscale, "Vary (Region)")
    region = newest_task(studio_home)
    assert code == 0 and f"studio-cli mj modal {region} --mask MASK.png" in err
    code, out, err = cli("mj", "modal", region, "--prompt", "a rabbit")
    assert code == 2 and "give --mask" in err
