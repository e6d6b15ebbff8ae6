"""`studio-cli image`, `image-edit`, `image-variation` and `image-resume` as a user runs them: the real simulator
on loopback, a real data folder, fixes reported in one line, refusals with exit code 2 and nothing sent."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import httpx
import numpy as np
import pytest
from conftest import DATA, TEST_KEY, journal, queue_fault
from PIL import Image

from studio.cli import main
from studio.core.images import build_mask

ROCKET = DATA / "rocket.jpg"
CAT = DATA / "chelsea.png"
IMAGE_PATHS = ("/v1/images/generations", "/v1/images/edits", "/v1/images/variations")


@pytest.fixture
def cli(sim, studio_home):
    """Run `studio-cli --base-url SIM --api-key KEY ARGS...` in this process; (exit code, stdout, stderr)."""

    def run(*args: str, base_url: str | None = None) -> tuple[int, str, str]:
        try:
            previous = asyncio.get_event_loop_policy().get_event_loop()
        except RuntimeError:
            previous = None
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["--base-url", base_url or sim.base_url, "--api-key", TEST_KEY, *args])
        asyncio.set_event_loop(previous)  # asyncio.run() leaves no current loop behind
        return code, out.getvalue(), err.getvalue()

    return run


def sent(sim) -> int:
    return sum(len(journal(sim, path)) for path in IMAGE_PATHS)


def library_rows(home: Path) -> list[sqlite3.Row]:
    with contextlib.closing(sqlite3.connect(home / "data" / "studio.db")) as db:
        db.row_factory = sqlite3.Row
        return db.execute("SELECT * FROM assets ORDER BY id").fetchall()


def uploaded(sim, sha256: str) -> Image.Image:
    picture = Image.open(io.BytesIO(httpx.get(f"{sim.base_url}/_sim/uploads/{sha256}").content))
    picture.load()
    return picture


def test_image_saves_every_result_in_the_library_and_prints_its_path(cli, sim, studio_home, tmp_path) -> None:
    code, out, err = cli("image", "a lighthouse at dusk", "--n", "2", "--quality", "low")
    assert code == 0, err
    paths = [Path(line) for line in out.splitlines()]
    assert len(paths) == 2 and all(path.is_file() and studio_home in path.parents for path in paths)
    assert Image.open(paths[0]).size == (1024, 1024)
    assert journal(sim, IMAGE_PATHS[0])[-1]["body"] == {
        "prompt": "a lighthouse at dusk", "model": "gpt-image-1", "n": 2, "quality": "low",
    }
    assert [row["prompt"] for row in library_rows(studio_home)] == ["a lighthouse at dusk"] * 2

    out_dir = tmp_path / "exports"
    code, out, err = cli("--out", str(out_dir), "image", "an owl \x1b[31mred", "--model", "dall-e-3", "--size", "1024x1792")
    assert code == 0, err
    [copy] = [Path(line) for line in out.splitlines()]
    assert copy.parent == out_dir and Image.open(copy).size == (1024, 1792)
    assert "revised prompt: an owl [31mred, hyper-real" in err and "\x1b" not in err

    code, out, _ = cli("--json", "image", "a kite", "--model", "dall-e-2", "--size", "256x256")
    summary = json.loads(out)
    assert code == 0 and isinstance(summary["created"], int) and summary["errors"] == []
    assert Path(summary["images"][0]["path"]).is_file() and summary["usage"] is None


def test_a_non_square_jpeg_for_a_variation_is_fixed_and_reported_in_one_line(cli, sim, studio_home) -> None:
    original = ROCKET.read_bytes()
    code, out, err = cli("image-variation", "--image", str(ROCKET), "--n", "2", "--size", "256x256")
    assert code == 0, err
    fixes = [line for line in err.splitlines() if line.startswith("fixed:")]
    assert len(fixes) == 1 and fixes[0].startswith("fixed: rocket.jpg was padded to a 640×640 square and saved as PNG (")
    [upload] = journal(sim, IMAGE_PATHS[2])[-1]["files"]["image"]
    assert (upload["filename"], upload["content_type"]) == ("rocket-fixed.png", "image/png")
    arrived = uploaded(sim, upload["sha256"])
    assert (arrived.format, arrived.size) == ("PNG", (640, 640))
    assert [Image.open(line).size for line in out.splitlines()] == [(256, 256)] * 2
    assert ROCKET.read_bytes() == original

    code, _, err = cli("image-variation", "--image", str(ROCKET), "--fit", "crop")
    assert code == 0 and "fixed: rocket.jpg was cropped to a 427×427 square and saved as PNG" in err


def test_a_mask_of_another_size_is_refused_with_both_sizes_and_nothing_is_sent(cli, sim, tmp_path) -> None:
    mask = build_mask(np.full((200, 200), 255, np.uint8), (200, 200), tmp_path / "mask.png")
    code, out, err = cli("image-edit", "add a moon", "--image", str(ROCKET), "--mask", str(mask))
    assert code == 2 and out == ""
    assert err == (
        "error: The mask is 200×200 but rocket.jpg is 640×427; a mask must be exactly the size of the first image.\n"
    )
    assert sent(sim) == 0


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["image", "x", "--model", "dall-e-3", "--n", "2"], "dall-e-3 makes one image per request."),
        (["image", "x", "--background", "transparent", "--format", "jpeg"], "JPEG has no transparency"),
        (["image", "x", "--format", "png", "--compression", "50"], "JPEG and WebP output only"),
        (["image", "x", "--model", "dall-e-2", "--size", "1536x1024"], "choose 256x256, 512x512 or 1024x1024"),
        (["image", " "], "The prompt is empty."),
        (["image-variation", "--image", str(ROCKET), "--model", "gpt-image-1"], "cannot make variations"),
        (["image-edit", "x", "--image", "/no/such/photo.png"], "does not exist"),
        (["image-edit", "x", "--image", str(CAT), "--image", str(CAT), "--model", "dall-e-2"], "takes one image"),
        (["image-edit", "x", "--image", str(CAT), "--mask", str(CAT)], "has no transparency"),
        (["image-edit", "x", "--image", str(DATA / "speech-en.wav")], "is not a picture"),
    ],
)
def test_inputs_the_gateway_would_refuse_exit_2_before_any_request(cli, sim, args: list[str], words: str) -> None:
    code, out, err = cli(*args)
    assert code == 2 and out == "" and words in err and len(err.splitlines()) == 1, err
    assert sent(sim) == 0


def test_an_edit_of_several_images_with_a_painted_mask_links_to_its_library_source(cli, sim, studio_home, tmp_path) -> None:
    code, out, _ = cli("image", "a castle on a hill")
    source = Path(out.strip())
    painted = np.zeros((1024, 1024), np.uint8)
    painted[600:900, 100:500] = 255
    mask = build_mask(painted, (1024, 1024), tmp_path / "mask.png")
    code, out, err = cli("image-edit", "add a dragon", "--image", str(source), "--image", str(ROCKET),
                         "--image", str(CAT), "--mask", str(mask), "--n", "2")
    assert code == 0, err
    files = journal(sim, IMAGE_PATHS[1])[-1]["files"]
    assert len(files["image[]"]) == 3 and len(files["mask"]) == 1
    assert np.array_equal(np.asarray(uploaded(sim, files["mask"][0]["sha256"]).getchannel("A")) == 0, painted == 255)
    rows = library_rows(studio_home)
    assert [row["parent_id"] for row in rows] == [None, rows[0]["id"], rows[0]["id"]]
    assert len(out.splitlines()) == 2 and "uploading" in err


def test_gateway_and_network_failures_exit_3_and_4_without_a_second_paid_request(cli, sim, closed_port_url) -> None:
    code, out, err = cli("image", "a kite [[fault:500]]", "--model", "dall-e-2")
    assert code == 3 and out == "" and err.startswith("error: The gateway had an internal error") and "(HTTP 500)" in err
    assert len(journal(sim, IMAGE_PATHS[0])) == 1
    code, _, err = cli("-v", "image-variation", "--image", str(ROCKET), base_url=closed_port_url)
    assert code == 4 and "Could not connect" in err and "ConnectError" in err and TEST_KEY not in err


def test_a_result_whose_download_failed_is_saved_by_image_resume(cli, sim, studio_home) -> None:
    queue_fault(sim, "/files/*", "404", count=1)
    code, out, err = cli("image", "a harbour", "--model", "dall-e-2", "--size", "256x256")
    assert code == 3 and out == ""
    assert "note: 1 image is kept as a link until " in err and "download link has expired" in err
    assert library_rows(studio_home)[0]["sha256"] is None
    code, out, err = cli("image-resume")
    assert code == 0, err
    [path] = out.splitlines()
    assert Image.open(path).size == (256, 256) and library_rows(studio_home)[0]["sha256"]
    assert len(journal(sim, IMAGE_PATHS[0])) == 1, "resuming fetches the link; it pays for nothing"
    assert cli("image-resume")[2] == "Every image result is already saved.\n"


def test_exit_codes_of_a_real_process(sim, studio_home, tmp_path) -> None:
    env = {**os.environ, "STUDIO_HOME": str(studio_home)}
    head = [sys.executable, "-m", "studio.cli", "--base-url", sim.base_url, "--api-key", TEST_KEY]
    done = subprocess.run([*head, "image-variation", "--image", str(ROCKET)], capture_output=True, text=True,
                          env=env, timeout=60)
    assert done.returncode == 0 and Path(done.stdout.strip()).is_file(), done.stderr
    mask = build_mask(np.full((64, 64), 255, np.uint8), (64, 64), tmp_path / "mask.png")
    refused = subprocess.run([*head, "image-edit", "x", "--image", str(ROCKET), "--mask", str(mask)],
                             capture_output=True, text=True, env=env, timeout=60)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr and "64×64" in refused.stderr
