"""studio/core/music.py: the requests that continue a song, a song's parts, the clips a job is still
making, and export — on a real SQLite library in a temp folder."""

from __future__ import annotations

import pytest

from studio.core.database import open_database
from studio.core.library import Library
from studio.core.music import (
    MusicInputError,
    continuation_request,
    export_song,
    pending_clips,
    playable_link,
    song_parts,
)
from studio.core.tasks import Job, JobState


@pytest.fixture
def library(tmp_path):
    db = open_database(tmp_path / "studio.db")
    yield Library(db, tmp_path / "library", tmp_path / "thumbnails")
    db.close()


def song(library: Library, **fields):
    values = {"kind": "audio", "family": "suno", "title": "Tide", "remote_id": "clip-1"}
    values.update(fields)
    added = library.add(None, **values)
    library.db.execute("UPDATE assets SET duration = 4.0 WHERE id = ?", (added.id,))  # a row without a file
    return library.get(added.id)


def job(raw, family: str = "suno", kind: str = "music") -> Job:
    return Job(1, family, kind, "A song", {}, JobState.RUNNING, "task-9", None, None, None, raw, None, 0, 0, None, None)


def test_a_continuation_carries_the_clip_the_point_and_the_task_that_made_it(library):
    made_by_the_cli = song(library, task_id="task-7")
    copy_without_task = song(library, task_id=None)  # e.g. imported: the library still knows the task
    for clip in (made_by_the_cli, copy_without_task):
        body = continuation_request(library, clip, 2.345, lyrics=" [Chorus] ", tags="folk").body()
        assert body == {
            "continue_clip_id": "clip-1",
            "continue_at": 2.35,
            "task_id": "task-7",
            "prompt": "[Chorus]",
            "tags": "folk",
        }


@pytest.mark.parametrize(
    ("fields", "at", "says"),
    [
        ({"family": "udio"}, 1.0, "Only a Suno song can be continued."),
        ({"kind": "video"}, 1.0, "Only a Suno song can be continued."),
        ({}, 0.0, "Pick a point inside the song, after 0 s and up to 4.0 s."),
        ({}, 4.5, "Pick a point inside the song, after 0 s and up to 4.0 s."),
    ],
)
def test_what_cannot_be_continued_is_one_sentence_before_anything_is_sent(library, fields, at, says):
    with pytest.raises(MusicInputError) as refused:
        continuation_request(library, song(library, **fields), at)
    assert refused.value.user_message == says


def test_a_songs_parts_are_its_children_by_kind(library):
    original = song(library)
    cover = library.add(None, kind="image", family="suno", parent_id=original.id)
    video = library.add(None, kind="video", family="suno", parent_id=original.id)
    more = song(library, remote_id="clip-2", parent_id=original.id)
    parts = song_parts(library, original)
    assert (parts.cover.id, parts.video.id, [s.id for s in parts.continued_by]) == (cover.id, video.id, [more.id])
    library.trash(cover.id)
    assert song_parts(library, original).cover is None, "a trashed cover is not shown"


def test_pending_clips_stream_only_from_links_that_are_safe_to_open():
    raw = {
        "task_id": "task-9",
        "status": "IN_PROGRESS",
        "data": [
            {"id": "a", "title": "One", "status": "streaming", "audio_url": "https://cdn.example/a.mp3"},
            {"id": "b", "title": "Two", "status": "streaming", "audio_url": "file:///etc/passwd"},
            {"id": "c", "status": "error", "metadata": {"error_message": "the voice cracked"}},
        ],
    }
    first, second, third = pending_clips(job(raw))
    assert first.stream_url == "https://cdn.example/a.mp3" and first.title == "One"
    assert second.stream_url is None, "a file link from the server is never played"
    assert third.status == "error" and third.error == "the voice cracked" and third.title == "A song"
    assert pending_clips(job({"code": "success", "data": "task-9"})) == [], "the submit reply has no clips yet"
    assert pending_clips(job(raw, kind="lyrics")) == []
    assert playable_link("/files/x.mp3", "http://127.0.0.1:9") == "http://127.0.0.1:9/files/x.mp3"
    assert playable_link("https://user:pw@cdn.example/a.mp3") is None


def test_udio_songs_in_the_making_and_export_keeps_the_format(library, tmp_path):
    raw = {"status": "IN_PROGRESS", "songs": [{"id": "u1", "title": "Jazz", "finished": False, "tags": ["jazz"]}]}
    [pending] = pending_clips(job(raw, family="udio"))
    assert (pending.status, pending.tags, pending.clip_id) == ("queued", "jazz", "u1")
    source = tmp_path / "song.mp3"
    source.write_bytes(b"ID3 not really an mp3")
    stored = library.file_path("ab" * 32, "mp3")
    stored.parent.mkdir(parents=True)
    stored.write_bytes(source.read_bytes())
    library.db.execute("UPDATE assets SET sha256 = ?, ext = 'mp3'", ("ab" * 32,))
    kept = song(library)
    library.db.execute("UPDATE assets SET sha256 = ?, ext = 'mp3' WHERE id = ?", ("ab" * 32, kept.id))
    target = export_song(library.get(kept.id), tmp_path / "out" / "My song")
    assert target.name == "My song.mp3" and target.read_bytes() == source.read_bytes()
    with pytest.raises(MusicInputError):
        export_song(song(library, title="Gone"), tmp_path / "gone")
