"""The asset library with real files: content addressing, sniffing, probing, thumbnails, search, trash."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
from pathlib import Path

import av
import numpy as np
import pytest
from conftest import DATA, TEST_KEY, queue_fault
from PIL import Image

from studio.api.client import ClientConfig
from studio.api.errors import MediaExpiredError, StreamCutError, UnexpectedMediaError
from studio.api.gateway import UniApi
from studio.api.media_types import sniff
from studio.api.retry import RetryPolicy
from studio.core.database import open_database, schema_version
from studio.core.library import Library

PICTURE = DATA / "chelsea.png"
FAST_RETRY = RetryPolicy(base_delay=0.01, max_delay=0.05)


@pytest.fixture
def library(tmp_path: Path):
    db = open_database(tmp_path / "studio.db")
    yield Library(db, tmp_path / "data" / "library", tmp_path / "cache" / "thumbnails")
    db.close()


@pytest.fixture
async def client(task_sim):
    api = UniApi(ClientConfig(base_url=task_sim.base_url, api_key=TEST_KEY, retry=FAST_RETRY))
    yield api.client
    await api.aclose()


def stored_files(library: Library) -> list[Path]:
    """Every file in the library tree, temp files included."""
    return sorted(path for path in library.root.rglob("*") if path.is_file())


def tiny_video(path: Path, frames: int = 6) -> Path:
    with av.open(str(path), "w", format="mp4") as container:
        stream = container.add_stream("mpeg4", rate=12)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for index in range(frames):
            pixels = np.full((48, 64, 3), (index * 40) % 255, dtype=np.uint8)
            for packet in stream.encode(av.VideoFrame.from_ndarray(pixels, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path


def test_the_library_schema_is_migration_2_beside_conversations_and_tasks(tmp_path: Path):
    db = open_database(tmp_path / "studio.db")
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table')")}
    assert {"assets", "asset_fts", "jobs", "job_results", "conversations"} <= tables
    assert schema_version(db) >= 3
    db.close()


@pytest.mark.parametrize(
    ("head", "kind", "ext"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 8, "image", "png"),
        (b"\xff\xd8\xff\xe0\0\x10JFIF", "image", "jpg"),
        (b"GIF89a\x01\0", "image", "gif"),
        (b"RIFF\x10\0\0\0WEBPVP8 ", "image", "webp"),
        (b"RIFF\x10\0\0\0WAVEfmt ", "audio", "wav"),
        (b"ID3\x04\0\0\0\0\0\0", "audio", "mp3"),
        (b"\xff\xfb\x90\x64\0\0", "audio", "mp3"),
        (b"OggS\0\x02\0\0", "audio", "ogg"),
        (b"fLaC\0\0\0\x22", "audio", "flac"),
        (b"\0\0\0\x20ftypM4A \0\0\0\0", "audio", "m4a"),
        (b"\0\0\0\x20ftypisom\0\0\x02\0", "video", "mp4"),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81", "video", "webm"),
    ],
)
def test_types_are_sniffed_from_the_first_bytes(head: bytes, kind: str, ext: str):
    found = sniff(head)
    assert found is not None and (found.kind, found.ext) == (kind, ext)


def test_web_pages_and_error_xml_are_not_media():
    assert sniff(b"<!DOCTYPE html><html><head>") is None
    assert sniff(b'<?xml version="1.0"?><Error>') is None


async def test_a_download_lands_under_its_sha256_with_size_and_thumbnail(library, client, task_sim):
    data = PICTURE.read_bytes()
    url = task_sim.state.media.put(data, "application/octet-stream", "download.bin")
    asset = await library.add_download(client, url, expect="image", title="Chelsea", prompt="a cat", family="test")
    sha = hashlib.sha256(data).hexdigest()
    assert asset.path == library.root / sha[:2] / sha[2:4] / f"{sha}.png", "named by content, typed by its bytes"
    assert asset.path.read_bytes() == data and asset.byte_size == len(data) and asset.source_url == url
    with Image.open(PICTURE) as original:
        assert (asset.width, asset.height) == original.size
    thumbnail = library.thumbnail_path(asset)
    with Image.open(thumbnail) as small:
        assert max(small.size) == 256
    assert stored_files(library) == [asset.path], "no temp file is left behind"


async def test_identical_bytes_are_stored_once(library, client, task_sim):
    data = PICTURE.read_bytes()
    first = await library.add_download(client, task_sim.state.media.put(data, "image/png", "a.png"), expect="image")
    second = await library.add_download(client, task_sim.state.media.put(data, "image/png", "b.png"), expect="image")
    third = await library.import_asset(PICTURE, title="imported")
    assert len({first.id, second.id, third.id}) == 3
    assert first.path == second.path == third.path and stored_files(library) == [first.path]
    assert [a.id for a in library.find_by_sha256(first.sha256)] == [first.id, second.id, third.id]


async def test_an_html_page_where_an_image_was_expected_is_rejected(library, client, task_sim):
    page = b"<!DOCTYPE html><html><body><h1>Login required</h1></body></html>"
    url = task_sim.state.media.put(page, "image/png", "grid.png")
    with pytest.raises(UnexpectedMediaError) as caught:
        await library.add_download(client, url, expect="image")
    assert "web page, not an image" in caught.value.user_message
    served = task_sim.state.media.put(PICTURE.read_bytes(), "image/png", "real.png")
    queue_fault(task_sim, "/" + served.split("/", 3)[3], "html")
    with pytest.raises(UnexpectedMediaError):
        await library.add_download(client, served, expect="image")
    assert stored_files(library) == [] and library.count() == 0


async def test_a_truncated_image_or_the_wrong_kind_is_rejected(library, client, task_sim):
    half = PICTURE.read_bytes()[:20_000]
    with pytest.raises(UnexpectedMediaError) as damaged:
        await library.download(client, task_sim.state.media.put(half, "image/png", "half.png"), expect="image")
    assert "damaged or incomplete" in damaged.value.user_message
    mp3 = (DATA / "speech-en.mp3").read_bytes()
    with pytest.raises(UnexpectedMediaError) as wrong:
        await library.download(client, task_sim.state.media.put(mp3, "image/png", "x.png"), expect="image")
    assert "MP3 audio file, not an image" in wrong.value.user_message
    assert stored_files(library) == []


async def test_cut_and_expired_downloads_leave_nothing_in_the_library(library, client, task_sim):
    url = task_sim.state.media.put(PICTURE.read_bytes(), "image/png", "cut.png")
    queue_fault(task_sim, "/" + url.split("/", 3)[3], "cut", count=5)
    with pytest.raises(StreamCutError):
        await library.add_download(client, url, expect="image")
    expired = task_sim.state.media.put(PICTURE.read_bytes(), "image/png", "late.png", ttl_s=0)
    with pytest.raises(MediaExpiredError):
        await library.add_download(client, expired, expect="image")
    assert stored_files(library) == [] and library.count() == 0


async def test_audio_and_video_are_probed_and_get_thumbnails(library, tmp_path: Path):
    song = await library.import_asset(DATA / "speech-en.mp3", title="speech")
    assert song.kind == "audio" and song.ext == "mp3" and 1 < song.duration < 60
    waveform = await library.thumbnail(song)
    with Image.open(waveform) as picture:
        assert picture.size == (256, 128)
        assert picture.getbbox() is not None, "the waveform is drawn"
    wav = await library.import_asset(DATA / "speech-en.wav")
    assert wav.ext == "wav" and abs(wav.duration - song.duration) < 0.5
    clip = await library.import_asset(tiny_video(tmp_path / "clip.mp4"))
    assert clip.kind == "video" and (clip.width, clip.height) == (64, 48) and clip.duration == pytest.approx(0.5, 0.2)
    with Image.open(await library.thumbnail(clip)) as frame:
        assert frame.size == (64, 48)


async def test_text_results_are_files_too_and_search_finds_chinese(library):
    lyrics = await library.add_text("月光洒在海边的小屋\nmoonlight on the shore", title="海边的歌", family="suno")
    assert lyrics.path.read_text("utf-8").startswith("月光") and lyrics.kind == "text"
    picture = await library.import_asset(PICTURE, title="Chelsea the cat", prompt="a tabby cat", tags=["cat", "猫咪"])
    assert [a.id for a in library.search("海边的")] == [lyrics.id]
    assert [a.id for a in library.search("海边")] == [lyrics.id], "two characters still match"
    assert [a.id for a in library.search("moonlight")] == [lyrics.id], "lyrics are searchable"
    assert [a.id for a in library.search("tabby")] == [picture.id]
    assert [a.id for a in library.search("猫咪")] == [picture.id], "tags are searchable"
    assert library.search("cat", kind="text") == []


async def test_lineage_favourites_and_the_trash(library):
    grid = await library.import_asset(PICTURE, title="grid")
    upscale = library.add(None, kind="text", title="upscale note", parent_id=grid.id)
    assert [a.id for a in library.lineage(upscale.id)] == [grid.id, upscale.id]
    assert [a.id for a in library.children(grid.id)] == [upscale.id]
    library.set_favourite(grid.id, True)
    library.set_tags(grid.id, "cat, grid")
    assert [a.id for a in library.assets(favourites_only=True)] == [grid.id] and library.get(grid.id).tags == [
        "cat",
        "grid",
    ]
    copy = await library.import_asset(PICTURE, title="same bytes")
    library.trash(grid.id)
    assert grid.id not in [a.id for a in library.assets()] and library.search("grid") == []
    assert await library.empty_trash() == 1
    assert copy.path.exists(), "a file another asset still uses stays"
    assert library.get(upscale.id).parent_id is None
    library.trash(copy.id)
    await library.empty_trash()
    assert not copy.path.exists() and not list(library.thumbnail_dir.rglob(f"{copy.sha256}*"))


def test_partials_of_killed_processes_are_cleaned_at_once_but_not_one_still_being_written(library):
    """A partial whose writer died goes on the next start, however young; one another process holds stays."""
    library.incoming.mkdir(parents=True)
    abandoned = library.incoming / ".download-abc.part"
    abandoned.write_bytes(b"half a file from a process that died a second ago")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_A_PARTIAL, str(library.incoming)], stdout=subprocess.PIPE, text=True
    )
    try:
        held = Path(holder.stdout.readline().strip())
        assert library.clean_incoming() == 1 and stored_files(library) == [held]
    finally:
        holder.kill()
        holder.wait(10)
    assert library.clean_incoming() == 1 and stored_files(library) == []


HOLD_A_PARTIAL = """
import sys, time
from pathlib import Path
from studio.api.download import new_partial
sink, path = new_partial(Path(sys.argv[1]))
sink.write(b"a download still arriving")
sink.flush()
print(path, flush=True)
time.sleep(60)
"""


def test_pillow_made_formats_are_recognised(tmp_path: Path):
    for fmt, ext in (("PNG", "png"), ("JPEG", "jpg"), ("WEBP", "webp"), ("GIF", "gif")):
        buffer = io.BytesIO()
        Image.new("RGB", (4, 4), "red").save(buffer, format=fmt)
        assert sniff(buffer.getvalue()[:64]).ext == ext


def test_a_backup_zip_is_read_as_untrusted_input(library, tmp_path: Path):
    """Only members named like the library's own files are taken, each must hash to its name, and a
    backup from a newer format is refused in one sentence; nothing outside the library is written."""
    import asyncio
    import json
    import zipfile

    from studio.core.database import database_file
    from studio.core.library_backup import (
        DATABASE,
        FILES,
        MANIFEST,
        LibraryBackupError,
        merge_backup,
        unpack_backup,
        write_backup,
    )

    picture = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(picture, "PNG")
    source = tmp_path / "red.png"
    source.write_bytes(picture.getvalue())
    asset = asyncio.run(library.import_asset(source))
    good = tmp_path / "good.zip"
    write_backup(database_file(library.db), library.root, good)
    sha = asset.sha256

    hostile = tmp_path / "hostile.zip"
    with zipfile.ZipFile(good) as original, zipfile.ZipFile(hostile, "w") as out:
        out.writestr(MANIFEST, original.read(MANIFEST))
        out.writestr(DATABASE, original.read(DATABASE))
        out.writestr(f"{FILES}{sha}.png", b"these bytes are not the picture")
        out.writestr(f"{FILES}../../escaped.png", b"outside")
        out.writestr("/etc/evil.png", b"outside")
    library.file_path(sha, "png").unlink()
    contents = unpack_backup(hostile, library)
    assert contents.damaged == 1 and contents.placed == 0
    assert not library.file_path(sha, "png").exists(), "a file that does not hash to its name is left out"
    assert not (library.root.parent / "escaped.png").exists() and not list(tmp_path.rglob("escaped.png"))
    report = merge_backup(database_file(library.db), contents)
    assert report.added == () and report.already == 1, "the asset is here already: nothing is added twice"

    newer = tmp_path / "newer.zip"
    with zipfile.ZipFile(good) as original, zipfile.ZipFile(newer, "w") as out:
        out.writestr(MANIFEST, json.dumps({"format": 99}))
        out.writestr(DATABASE, original.read(DATABASE))
    with pytest.raises(LibraryBackupError) as refused:
        unpack_backup(newer, library)
    assert str(refused.value.user_message) == "newer.zip was made by a newer UniAPI Studio; update the app to restore it."
    assert unpack_backup(good, library).placed == 1 and library.file_path(sha, "png").read_bytes() == source.read_bytes()
