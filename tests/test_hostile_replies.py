"""Issue 10: a gateway (or a file server behind it) that answers with hostile replies.

Each attack goes through the real CLI against the simulator (its fault kinds) or a small hostile
server started here, and asserts what a user sees and what the servers received.
"""

from __future__ import annotations

import base64
import json
import sqlite3
import time
from pathlib import Path

import httpx
import pytest
from attack_log import secrets_in, survived
from conftest import DATA, TEST_KEY, journal, queue_fault
from hostile import HostileServer, json_reply, non_loopback_address, png_bomb

from studio.api.client import ClientConfig
from studio.api.errors import ImageTooLargeError, StalledReplyError
from studio.api.gateway import UniApi
from studio.api.retry import RetryPolicy
from studio.cli import main
from studio.core.database import open_database
from studio.core.library import Library
from studio.simulator.config import SimulatorConfig
from studio.simulator.server import SimulatorServer

MJ_POLLS = "/mj/task/*"
METADATA = "http://169.254.169.254/latest/meta-data/iam/security-credentials/"


@pytest.fixture
def cli(task_sim, studio_home, capsys):
    """`studio-cli --base-url URL --api-key KEY ARGS...` in this process; returns (code, stdout, stderr)."""

    def run(*args: str, base_url: str | None = None, poll: bool = True) -> tuple[int, str, str]:
        tail = ["--poll-interval", "0.1"] if poll else []
        code = main(["--base-url", base_url or task_sim.base_url, "--api-key", TEST_KEY, *args, *tail])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def one_sentence(err: str) -> str:
    """The error line of a failed command (progress lines come before it); no traceback anywhere."""
    assert "Traceback" not in err, err
    last = err.strip().splitlines()[-1]
    assert last.startswith("error: "), err
    return last


def jobs(home: Path) -> list[sqlite3.Row]:
    with sqlite3.connect(home / "data" / "studio.db") as db:
        db.row_factory = sqlite3.Row
        return db.execute("SELECT * FROM jobs ORDER BY id").fetchall()


def library_files(home: Path) -> list[Path]:
    root = home / "data" / "library"
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def data_link(data: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


# --- item 5: paid POSTs never follow redirects --------------------------------------------------------


def test_a_redirect_loop_on_a_paid_submit_sends_it_once_and_says_so(cli, task_sim, studio_home):
    queue_fault(task_sim, "/suno/submit/music", "redirect-loop", count=50)
    code, out, err = cli("suno", "a song behind a redirect loop")
    assert code == 3 and out == ""
    assert "redirect" in one_sentence(err) and "nothing was sent twice" in err
    assert len(journal(task_sim, "/suno/submit/music")) == 1, "one paid POST, never 21"
    [job] = jobs(studio_home)
    assert job["state"] == "failed" and job["task_id"] is None
    survived("fault", "redirect-loop on a paid Suno submit", "exit 3, one sentence, 1 POST (was 21 + traceback)")


def test_a_paid_chat_redirected_elsewhere_is_not_resent_there(cli, task_sim):
    with HostileServer(lambda method, path, body: json_reply('{"stolen": true}')) as thief:
        code, _, err = cli("chat", "hello [[fault:redirect-to]]", "--no-stream", poll=False, base_url=task_sim.base_url)
        # The trigger carries no URL here, so the simulator points back at itself: still never followed.
        assert code == 3 and "redirect" in one_sentence(err)
        queue_fault(task_sim, "/v1/chat/completions", "redirect-to", url=f"{thief.base_url}/v1/chat/completions")
        code, _, err = cli("chat", "hello", "--no-stream", poll=False)
        assert code == 3 and thief.base_url.split("//")[1] in one_sentence(err)
        assert thief.requests == [], "the body (and key) never went to the other host"
    assert len(journal(task_sim, "/v1/chat/completions")) == 2
    survived("fault", "redirect-to another host on a paid chat", "exit 3, the other host got nothing")


def test_a_redirect_loop_on_a_get_is_bounded_and_one_sentence(cli, task_sim):
    queue_fault(task_sim, "/v1/models", "redirect-loop", count=100)
    code, _, err = cli("models", poll=False)
    assert code == 3 and "kept redirecting" in one_sentence(err)
    assert len(journal(task_sim, "/v1/models")) == 6, "the first request and five redirects, then it stops"
    survived("fault", "redirect-loop on a GET", "exit 3 after 6 requests")


# --- items 6 and 7: result links that point where the studio must not go -------------------------------


@pytest.mark.parametrize(
    ("link", "words"),
    [
        (METADATA, "link-local"),
        ("http://[::ffff:169.254.169.254]/latest/", "link-local"),
        ("http://10.1.2.3/grid.png", "private network"),
        ("http://0.0.0.0:8080/grid.png", "no real host"),
        ("file:///etc/passwd", "file: link"),
        ("javascript:alert(document.cookie)", "javascript: link"),
        ("//evil.example/grid.png", "not an absolute address"),
        ("http://user:pass@cdn.example/grid.png", "user name or password"),
    ],
)
def test_a_result_link_to_a_forbidden_place_is_refused_unfetched(cli, task_sim, studio_home, link, words):
    queue_fault(task_sim, MJ_POLLS, "result-url", count=1000, url=link)
    started = time.monotonic()
    code, out, err = cli("mj", "imagine", "a cat at a forbidden address")
    assert code == 3 and out == "" and words in one_sentence(err) and "will not open" in err
    assert time.monotonic() - started < 15, "refused at once, not after connect timeouts"
    [job] = jobs(studio_home)
    assert job["state"] == "failed" and library_files(studio_home) == []
    paths = [entry["path"] for entry in httpx.get(f"{task_sim.base_url}/_sim/requests").json()]
    assert not [p for p in paths if "passwd" in p or "javascript" in p or "evil" in p], "never a gateway path"
    secrets = secrets_in(TEST_KEY, out, err, folders=(studio_home,))
    assert secrets[0] == 0
    survived(
        "hostile", f"result link {link.split('?')[0][:40]}", f"refused ({words}), nothing fetched", secrets=secrets
    )


def test_a_gateway_redirect_from_a_result_link_to_the_metadata_service_is_refused(cli, task_sim, studio_home):
    queue_fault(task_sim, "/files/*", "redirect-to", count=100, url=METADATA)
    code, _, err = cli("mj", "imagine", "a cat whose file redirects")
    assert code == 3 and "redirected to an address the studio will not open" in one_sentence(err)
    assert "link-local" in err
    assert len(journal_prefix(task_sim, "/files/")) == 1, "one hop asked, refused, not retried 5 times"
    survived("hostile", "result link redirecting to 169.254.169.254", "refused at the hop, 1 request")


def test_a_redirect_loop_on_a_result_file_is_one_sentence(cli, task_sim, studio_home):
    queue_fault(task_sim, "/files/*", "redirect-loop", count=1000)
    code, _, err = cli("mj", "imagine", "a cat in a hall of mirrors")
    assert code == 3 and "kept redirecting the download" in one_sentence(err)
    assert len(journal_prefix(task_sim, "/files/")) == 6, "the link and five hops, then it stops"
    assert library_files(studio_home) == []
    survived("fault", "redirect-loop on a result file", "exit 3 after 6 requests, nothing saved")


def journal_prefix(sim, prefix: str) -> list[dict]:
    return [e for e in httpx.get(f"{sim.base_url}/_sim/requests").json() if e["path"].startswith(prefix)]


def test_loopback_links_only_when_the_gateway_itself_is_on_loopback(studio_home, capsys):
    address = non_loopback_address()
    if address is None:
        pytest.skip("this machine has no address besides loopback")
    png = (DATA / "chelsea.png").read_bytes()
    with (
        HostileServer(lambda method, path, body: (200, {"Content-Type": "image/png"}, png)) as local_service,
        SimulatorServer(SimulatorConfig(key=TEST_KEY, task_seconds=0.3), host=address) as elsewhere,
        SimulatorServer(SimulatorConfig(key=TEST_KEY, task_seconds=0.3)) as on_loopback,
    ):
        for gateway in (elsewhere, on_loopback):
            queue_fault(gateway, MJ_POLLS, "result-url", count=1000, url=f"{local_service.base_url}/grid.png")
        code = main(
            ["--base-url", elsewhere.base_url, "--api-key", TEST_KEY, "mj", "imagine", "x", "--poll-interval", "0.1"]
        )
        err = capsys.readouterr().err
        assert code == 3 and "points at this computer" in one_sentence(err)
        assert local_service.requests == [], "a gateway elsewhere may not send the studio to a local port"
        code = main(
            ["--base-url", on_loopback.base_url, "--api-key", TEST_KEY, "mj", "imagine", "x", "--poll-interval", "0.1"]
        )
        out = capsys.readouterr().out
        assert code == 0 and Path(out.strip()).is_file() and len(local_service.requests) == 1
    survived(
        "hostile", "result link to a loopback port, gateway not on loopback", "refused; allowed for a loopback gateway"
    )


def test_a_data_link_image_is_decoded_locally_and_saved(cli, task_sim, studio_home):
    png = (DATA / "chelsea.png").read_bytes()
    queue_fault(task_sim, MJ_POLLS, "result-url", count=1000, url=data_link(png, "image/png"))
    code, out, err = cli("mj", "imagine", "a cat sent inline")
    assert code == 0, err
    assert Path(out.strip()).read_bytes() == png
    survived("hostile", "result as a data: image link", "decoded locally within the cap, saved")


# --- item 8: sizes capped by kind, wrong kinds abandoned at the first bytes -------------------------------


def set_limits(home: Path, **megabytes: float) -> None:
    settings = home / "config" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps({"download_limits_mb": megabytes}), "utf-8")


def test_a_huge_result_is_abandoned_at_its_kinds_cap_and_leaves_no_partial(cli, task_sim, studio_home):
    set_limits(studio_home, image=1)
    queue_fault(task_sim, "/files/*", "huge-body", count=100, size=2 * 1024**3)
    started = time.monotonic()
    code, _, err = cli("mj", "imagine", "a cat the size of a planet")
    assert code == 3 and "larger than the 1 MB" in one_sentence(err)
    assert time.monotonic() - started < 20, "2 GB were never downloaded"
    assert library_files(studio_home) == [], "no partial file stays in the library"
    assert len(journal_prefix(task_sim, "/files/")) == 1, "refused, not tried five times"
    survived("hostile", "2 GB result body (image cap 1 MB)", "abandoned before reading, nothing on disk")


def test_a_song_that_is_really_a_picture_is_abandoned_at_its_first_bytes(cli, task_sim, studio_home):
    assert cli("mj", "imagine", "a picture to pass off as a song")[0] == 0
    picture_url = json.loads(cli("--json", "tasks", "show", "1", poll=False)[1])["assets"][0]["source_url"]
    queue_fault(task_sim, "/suno/fetch*", "result-url", count=1000, url=picture_url)
    code, _, err = cli("suno", "a song")
    assert code == 3 and "is a PNG image file, not audio" in one_sentence(err) and "first bytes" in err
    assert [p.suffix for p in library_files(studio_home) if "thumb" not in str(p)] == [".png"]
    survived("hostile", "an image served where a song should be", "abandoned at the first bytes")


def test_an_svg_is_called_an_svg_not_an_error_message(cli, task_sim):
    svg = b'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'
    queue_fault(task_sim, MJ_POLLS, "result-url", count=1000, url=data_link(svg, "image/svg+xml"))
    code, _, err = cli("mj", "imagine", "a vector cat")
    assert code == 3 and "an SVG drawing" in one_sentence(err) and "error message" not in err
    survived("hostile", "an SVG where a PNG should be", "named as an SVG")


# --- item 9: decompression bombs ----------------------------------------------------------------------


@pytest.mark.parametrize("side", [12_000, 20_000])
def test_a_decompression_bomb_is_refused_unopened(cli, task_sim, studio_home, side):
    bomb = png_bomb(side, side)
    assert len(bomb) < 400_000
    queue_fault(task_sim, MJ_POLLS, "result-url", count=1000, url=data_link(bomb, "image/png"))
    code, _, err = cli("mj", "imagine", "a cat of many pixels")
    sentence = one_sentence(err)
    assert code == 3 and f"{side}×{side} pixels" in sentence and "at most 64 megapixels" in sentence
    assert library_files(studio_home) == []
    survived("hostile", f"PNG bomb {side}×{side} ({len(bomb) // 1000} KB)", "refused unopened, one sentence")


async def test_every_image_the_library_opens_is_checked_for_its_pixels(tmp_path):
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(png_bomb(20_000, 20_000))
    db = open_database(tmp_path / "studio.db")
    try:
        library = Library(db, tmp_path / "library", tmp_path / "thumbnails")
        with pytest.raises(ImageTooLargeError, match="20000×20000"):
            await library.import_asset(bomb, expect="image")
        assert library.count() == 0
    finally:
        db.close()
    survived("input", "importing a PNG bomb into the library", "refused unopened")


# --- item 12: bodies that lie about their encoding ------------------------------------------------------


@pytest.mark.parametrize("streamed", [False, True])
def test_a_reply_claiming_gzip_that_is_not_is_one_sentence(cli, task_sim, streamed):
    code, _, err = cli("chat", "hi [[fault:gzip-garbage]]", *([] if streamed else ["--no-stream"]), poll=False)
    assert code == 3 and "compression" in one_sentence(err)
    survived("fault", f"gzip-garbage on chat ({'stream' if streamed else 'no stream'})", "exit 3, one sentence")


# --- item 13: trickles and waits without end --------------------------------------------------------------


def test_a_trickling_reply_is_cut_off_by_the_cli_timeout(cli, task_sim):
    started = time.monotonic()
    code, _, err = cli("--timeout", "1.5", "chat", "hi [[fault:trickle]]", "--no-stream", poll=False)
    assert code == 4 and "--timeout 1.5" in one_sentence(err)
    assert time.monotonic() - started < 8
    survived("fault", "trickle (a byte every 3 s) on chat --no-stream", "exit 4 at --timeout")


async def test_a_trickling_reply_trips_the_stall_guard_and_is_not_retried(task_sim):
    config = ClientConfig(
        base_url=task_sim.base_url,
        api_key=TEST_KEY,
        stall_timeout=1.0,
        retry=RetryPolicy(base_delay=0.01),
        headers={"X-Sim-Fault": "trickle", "X-Sim-Slow-Seconds": "0.25"},
    )
    started = time.monotonic()
    async with UniApi(config) as api:
        with pytest.raises(StalledReplyError):
            await api.models.list()
    assert time.monotonic() - started < 5, "a read timeout alone would wait forever (each byte is in time)"
    assert len(journal(task_sim, "/v1/models")) == 1, "a stalled reply is not asked for again"
    survived("fault", "trickle under the read timeout", "stall guard fires after 1 s, not retried")


def test_an_unknown_status_forever_ends_at_the_deadline_and_resumes(cli, task_sim, studio_home):
    queue_fault(task_sim, "/suno/fetch*", "unknown-status", count=10_000)
    code, _, err = cli("--timeout", "1.5", "suno", "a song that never says done")
    assert code == 4 and "Not finished after" in one_sentence(err)
    [job] = jobs(studio_home)
    assert job["state"] == "needs_attention" and job["task_id"] and "Not finished after" in job["message"]
    assert job["remote_status"] == "PONDERING", "the unknown word is kept and shown"
    httpx.delete(f"{task_sim.base_url}/_sim/faults").raise_for_status()
    code, out, err = cli("tasks", "resume")
    assert code == 0, err
    saved = [Path(line) for line in out.splitlines() if Path(line).is_file()]
    assert sorted(path.suffix for path in saved) == [".jpg", ".jpg", ".mp3", ".mp3", ".mp4", ".mp4"], saved
    assert len(journal(task_sim, "/suno/submit/music")) == 1
    survived("fault", "unknown-status forever", "needs_attention at the deadline, resumed to done, 1 submit")


# --- item 15: the sentence names the right party ------------------------------------------------------


def test_a_file_server_failure_names_the_file_server(cli, task_sim, closed_port_url):
    queue_fault(task_sim, MJ_POLLS, "result-url", count=1000, url=f"{closed_port_url}/grid.png")
    code, _, err = cli("mj", "imagine", "a cat on a dead file server")
    sentence = one_sentence(err)
    assert code == 4 and "file server 127.0.0.1" in sentence and "gateway" not in sentence
    survived("hostile", "result on a file server that refuses connections", "exit 4 naming the file server")


# --- item 11: a gateway that echoes the key -----------------------------------------------------------


def test_an_echoed_key_is_never_stored_or_printed(cli, task_sim, studio_home):
    queue_fault(task_sim, "/suno/fetch*", "echo-key", count=10_000)
    code, out, err = cli("suno", "an echo [[fail:the relay broke]]")
    assert code == 3 and "the relay broke" in err and "upstream key ***" in err
    shown = cli("--json", "tasks", "show", "1", poll=False)[1]
    assert json.loads(shown)["raw"]["debug"] == "forwarded with Authorization: Bearer ***"
    chat = cli("chat", "hi", "--no-stream", poll=False)
    queue_fault(task_sim, "/v1/chat/completions", "echo-key")
    echoed = cli("chat", "hi", "--no-stream", poll=False)
    assert echoed[0] == 0 and "upstream key ***" in echoed[1]
    found = secrets_in(TEST_KEY, out, err, shown, *chat[1:], *echoed[1:], folders=(studio_home,))
    assert found[0] == 0, "the key is in no output and no file of the data folder"
    survived("hostile", "gateway echoing the key in task replies and chat", "redacted everywhere", secrets=found)
