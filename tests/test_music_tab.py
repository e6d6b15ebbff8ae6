"""The Music tab in the real window, offscreen, against a simulator whose songs take 0.4 s to make:
a description becomes two songs with covers that play; custom, lyrics, continue and whole-song
requests send what the form says; a failure shows its reason; a song plays from its stream while it
is made; a restart mid-song resumes and finishes; Udio's form; the song actions."""

from __future__ import annotations

import sqlite3

import httpx
import pytest
from conftest import click_row, journal, until
from PIL import Image
from PySide6.QtCore import QPointF, Qt, QUrl
from PySide6.QtGui import QPixmap

from studio.core.music import song_parts
from studio.core.settings import StudioPaths
from studio.core.tasks import JobState, PollTiming
from studio.ui.music.music_tab import MusicTab
from studio.ui.music.song_model import PENDING_ROLE
from studio.ui.music.suno_panel import CONTINUE, CUSTOM
from studio.ui.widgets.asset_model import ASSET_ROLE

MUSIC = "/suno/submit/music"


@pytest.fixture
def window_sim(task_sim):
    return task_sim


@pytest.fixture
def prepare_workspace():
    def prepare(workspace) -> None:
        workspace.task_timing = PollTiming.every(0.1)

    return prepare


def music_tab(window) -> MusicTab:
    tab = window.show_tab("music")
    assert isinstance(tab, MusicTab)
    return tab


def library_songs(tab: MusicTab) -> list:
    return tab.songs.library_songs.assets()


def pending_rows(tab: MusicTab) -> list:
    return tab.songs.pending.rows()


def click(qtbot, button) -> None:
    assert button.isEnabled(), f"{button.text()} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def describe_and_create(qtbot, tab: MusicTab, description: str) -> None:
    tab.forms.setCurrentIndex(0)
    click(qtbot, tab.suno.mode_buttons.button(0))
    tab.suno.description.clear()
    qtbot.keyClicks(tab.suno.description, description)
    click(qtbot, tab.suno.create_button)


def songs_with_covers(tab: MusicTab, count: int) -> bool:
    songs = library_songs(tab)
    if len(songs) < count:
        return False
    return all(tab.context.thumbnails.has_pixmap(tab.cover_of(song) or -1) for song in songs)


def all_jobs_ended(tab: MusicTab) -> bool:
    rows = tab.context.jobs.rows()
    return bool(rows) and all(row.state.finished for row in rows)


async def sent(sim, path: str, count: int = 1) -> dict:
    """The body of the `count`-th request to `path`, once the background submit has sent it."""
    await until(lambda: len(journal(sim, path)) >= count, message=f"nothing reached {path}")
    return journal(sim, path)[count - 1]["body"]


async def settle(tab: MusicTab) -> None:
    """Every job ended (so nothing is cut off half-saved when the test ends)."""
    await until(lambda: all_jobs_ended(tab), timeout=20, message="a job never ended")


def click_wave_at(qtbot, wave, seconds: float) -> None:
    """Click the waveform where `seconds` is drawn, as a user clicks it."""
    view_box = wave.plot.plotItem.vb
    scene_point = view_box.mapViewToScene(QPointF(seconds, 0.0))
    point = wave.plot.mapFromScene(scene_point)
    qtbot.mouseClick(wave.plot.viewport(), Qt.MouseButton.LeftButton, pos=point)


def song_row_index(tab: MusicTab, song_id: int):
    return tab.songs.index(tab.songs.song_row(song_id), 0)


def test_a_description_becomes_two_songs_with_covers_that_play(open_window, run_async, task_sim, qtbot):
    window = open_window()
    tab = music_tab(window)
    assert not tab.empty_songs.isHidden(), "an empty list says what to do"

    async def scenario():
        describe_and_create(qtbot, tab, "a cheerful song about otters")
        assert tab.suno.description.toPlainText() == "a cheerful song about otters", "the form stays usable"
        await until(lambda: pending_rows(tab), message="the clips being made never showed")
        await until(lambda: songs_with_covers(tab, 2), timeout=20, message="two songs with covers never arrived")
        await until(lambda: not pending_rows(tab), message="the pending rows were not replaced by the songs")
        await until(lambda: all_jobs_ended(tab), message="the job never ended")
        click_row(qtbot, tab.song_list, song_row_index(tab, library_songs(tab)[0].id))
        click(qtbot, tab.player.play_button)
        await until(lambda: tab.player.player.duration() > 0, message="QMediaPlayer never loaded the song")
        await until(lambda: tab.player.play_button.text() == "Pause", message="Play never became Pause")
        await until(lambda: tab.waveform.duration > 0, message="the song's waveform never showed")

    run_async(scenario())
    tab.player.stop()
    assert journal(task_sim, MUSIC)[-1]["body"] == {
        "gpt_description_prompt": "a cheerful song about otters",
        "make_instrumental": False,
        "mv": "chirp-v4",
    }
    songs = library_songs(tab)
    assert len(songs) == 2 and {song.family for song in songs} == {"suno"}
    for song in songs:
        assert song.duration == pytest.approx(4, abs=0.2) and song.title and song.tags and song.text
        parts = song_parts(tab.library, song)
        assert parts.cover.path.exists() and parts.video.path.exists(), "cover and video are kept in the library"
    shown = tab.current_song()
    assert tab.player.player.source() == QUrl.fromLocalFile(str(shown.path))
    assert tab.lyrics_view.toPlainText() == shown.text and tab.song_title.text() == shown.title
    assert isinstance(tab.cover.pixmap(), QPixmap) and not tab.cover.pixmap().isNull()
    assert tab.waveform.duration == pytest.approx(shown.duration, abs=0.2), "the waveform of the song shows"
    assert tab.empty_songs.isHidden()


def test_custom_mode_sends_exactly_its_fields_and_lyrics_are_written_for_me(open_window, run_async, task_sim, qtbot):
    tab = music_tab(open_window())
    suno = tab.suno

    async def scenario():
        click(qtbot, suno.mode_buttons.button(CUSTOM))
        assert suno.mode() == CUSTOM
        qtbot.keyClicks(suno.title, "Harbour Lights")
        qtbot.keyClicks(suno.tags, "folk, sea shanty")
        qtbot.keyClicks(suno.lyrics_idea, "the harbour at night")
        click(qtbot, suno.write_lyrics_button)
        assert not suno.write_lyrics_button.isEnabled()
        await until(lambda: suno.lyrics.text(), message="the written lyrics never reached the editor")
        await until(lambda: suno.write_lyrics_button.isEnabled())
        words = suno.lyrics.text()
        suno.model.setCurrentText("chirp-bluejay")
        click(qtbot, suno.create_button)
        body = await sent(task_sim, MUSIC)
        await settle(tab)
        return words, body

    words, body = run_async(scenario())
    assert journal(task_sim, "/suno/submit/lyrics")[-1]["body"] == {"prompt": "the harbour at night"}
    assert "harbour" in words.lower() and suno.title.text() == "Harbour Lights", "a typed title is kept"
    assert f"{len(words)} characters" in suno.lyrics.count.text()
    assert body == {
        "prompt": words,
        "title": "Harbour Lights",
        "tags": "folk, sea shanty",
        "make_instrumental": False,
        "mv": "chirp-bluejay",
    }


def test_continue_sends_the_clip_its_task_and_the_picked_point_then_makes_the_whole_song(
    open_window, run_async, task_sim, qtbot
):
    tab = music_tab(open_window())
    suno = tab.suno

    async def scenario():
        describe_and_create(qtbot, tab, "a sea shanty")
        await until(lambda: len(library_songs(tab)) == 2, timeout=20)
        await settle(tab)
        original = library_songs(tab)[-1]
        click_row(qtbot, tab.song_list, song_row_index(tab, original.id))
        click(qtbot, tab.extend_button)
        assert suno.mode() == CONTINUE and suno.picked_clip().id == original.id
        await until(lambda: suno.samples is not None, message="the clip's waveform never loaded")
        click_wave_at(qtbot, suno.clip_wave, 2.0)
        at = suno.continue_at.value()
        assert at == pytest.approx(2.0, abs=0.15), "the click on the waveform picked the point"
        qtbot.keyClicks(suno.continue_lyrics.edit, "[Chorus]")
        click(qtbot, suno.create_button)
        body = await sent(task_sim, MUSIC, count=2)
        assert original.task_id, "the task id came from the library"
        assert body == {
            "continue_clip_id": original.remote_id,
            "continue_at": at,
            "task_id": original.task_id,
            "prompt": "[Chorus]",
            "mv": "chirp-v4",
        }
        await until(lambda: len(library_songs(tab)) == 4, timeout=20)
        await settle(tab)
        continuation = next(song for song in library_songs(tab) if song.parent_id == original.id)
        click_row(qtbot, tab.song_list, song_row_index(tab, continuation.id))
        assert "Continues" in tab.lineage.text()
        click(qtbot, tab.whole_button)
        assert await sent(task_sim, "/suno/submit/concat") == {"clip_id": continuation.remote_id}
        await until(lambda: len(library_songs(tab)) == 5, timeout=20)
        await settle(tab)
        return original, continuation

    original, continuation = run_async(scenario())
    full = library_songs(tab)[0]
    assert full.parent_id == continuation.id and full.duration > original.duration
    dialog = tab.show_lineage(continuation)
    entries = [dialog.songs.item(n).text() for n in range(dialog.songs.count())]
    assert entries[0].startswith("continues") and entries[-1].startswith("continued by") and "from 2" in entries[1]
    dialog.close()


def test_failures_show_their_reason_in_the_list(open_window, run_async, qtbot):
    tab = music_tab(open_window())

    def failed_rows():
        return [row for row in pending_rows(tab) if row.failed]

    async def scenario():
        describe_and_create(qtbot, tab, "doomed [[fail:the choir walked out]]")
        await until(lambda: failed_rows(), timeout=20, message="the failure never showed")
        describe_and_create(qtbot, tab, "half a song [[clip-fail:the voice cracked]]")
        await until(lambda: len(library_songs(tab)) == 1 and len(failed_rows()) >= 2, timeout=20)
        await settle(tab)
        index = tab.songs.index(tab.songs.pending_row(failed_rows()[0].key), 0)
        click_row(qtbot, tab.song_list, index)

    run_async(scenario())
    reasons = [row.reason or row.clip.error for row in failed_rows()]
    assert any("the choir walked out" in reason for reason in reasons)
    assert "the voice cracked" in reasons, "the clip that failed keeps its own reason; its twin is saved"
    assert tab.songs.data(tab.song_list.currentIndex(), PENDING_ROLE).failed
    assert "the voice cracked" in tab.song_facts.text() and not tab.player.play_button.isEnabled()


def test_a_clip_plays_from_its_stream_while_it_is_made_then_from_the_saved_file(open_window, run_async, qtbot):
    tab = music_tab(open_window())

    def streaming():
        return [row for row in pending_rows(tab) if row.clip.stream_url]

    async def scenario():
        describe_and_create(qtbot, tab, "a slow ballad [[task-seconds:4]]")
        await until(lambda: streaming(), timeout=20, message="no clip ever streamed")
        row = streaming()[0]
        click_row(qtbot, tab.song_list, tab.songs.index(tab.songs.pending_row(row.key), 0))
        assert tab.player.player.source() == QUrl(row.clip.stream_url)
        click(qtbot, tab.player.play_button)
        await until(lambda: tab.player.player.duration() > 0, message="QMediaPlayer never loaded the stream")
        await until(
            lambda: tab.current_song() is not None and tab.current_song().remote_id == row.clip.clip_id,
            timeout=20,
            message="the saved song never took the stream's place",
        )
        await settle(tab)
        return row

    row = run_async(scenario())
    tab.player.stop()
    song = tab.current_song()
    assert tab.player.player.source() == QUrl.fromLocalFile(str(song.path))
    assert tab.song_list.currentIndex().data(ASSET_ROLE).id == song.id, "the saved song is the one selected"
    assert all(pending.key != row.key for pending in pending_rows(tab))


def test_a_restart_mid_song_resumes_and_finishes(open_window, run_async, task_sim, qtbot):
    first = open_window()
    tab = music_tab(first)

    async def start():
        describe_and_create(qtbot, tab, "a song that waits [[task-seconds:3]]")
        await until(lambda: any(row.state is JobState.RUNNING for row in pending_rows(tab)), timeout=10)
        return pending_rows(tab)[0].clip.job_id

    job_id = run_async(start())
    first.close()
    run_async(first.workspace.aclose())
    with sqlite3.connect(StudioPaths.default().data_dir / "studio.db") as db:
        [(state,)] = db.execute("SELECT state FROM jobs WHERE id = ?", (job_id,))
    assert state in ("queued", "running")
    second = music_tab(open_window())

    async def resumed():
        await until(lambda: pending_rows(second), timeout=10, message="the unfinished song is not shown")
        await until(lambda: len(library_songs(second)) == 2, timeout=20, message="the resumed song never finished")
        await settle(second)

    run_async(resumed())
    assert len(journal(task_sim, MUSIC)) == 1, "resumed through the engine, never sent again"
    assert {song.parameters["job_id"] for song in library_songs(second)} == {job_id}


def test_udio_sends_its_form_and_its_songs_come_with_covers(open_window, run_async, task_sim, qtbot):
    tab = music_tab(open_window())
    udio = tab.udio

    async def scenario():
        tab.forms.setCurrentIndex(1)
        qtbot.keyClicks(udio.prompt, "late night jazz, warm saxophone")
        udio.lyrics_type.setCurrentIndex(udio.lyrics_type.findData("user"))
        qtbot.keyClicks(udio.lyrics.edit, "[Verse]")
        udio.seed.setValue(42)
        udio.prompt_strength.setValue(0.5)
        udio.clarity_strength.setValue(0.25)
        udio.lyrics_strength.setValue(0.75)
        udio.quality.setValue(1.0)
        click(qtbot, udio.create_button)
        first = (await sent(task_sim, "/udio/submit/music"))["gen_params"]
        await until(lambda: songs_with_covers(tab, 2), timeout=20)
        await settle(tab)
        source = library_songs(tab)[0]
        udio.extend.setChecked(True)
        udio.source.setCurrentIndex(udio.source.findText(source.title))
        udio.extend_mode.setCurrentIndex(udio.extend_mode.findData("precede"))
        udio.lyrics_type.setCurrentIndex(udio.lyrics_type.findData("instrumental"))
        click(qtbot, udio.create_button)
        second = (await sent(task_sim, "/udio/submit/music", count=2))["gen_params"]
        await until(lambda: len(library_songs(tab)) == 4, timeout=20)
        await settle(tab)
        return first, second, source

    first, second, source = run_async(scenario())
    assert first == {
        "prompt": "late night jazz, warm saxophone",
        "lyrics": "[Verse]",
        "lyrics_type": "user",
        "model_type": "udio32-v1.5",
        "seed": 42,
        "prompt_strength": 0.5,
        "clarity_strength": 0.25,
        "lyrics_strength": 0.75,
        "generation_quality": 1.0,
    }
    assert second["config"] == {"mode": "precede", "song_id": source.remote_id} and "lyrics" not in second
    assert second["lyrics_type"] == "instrumental"
    assert any(song.parent_id == source.id for song in library_songs(tab)), "the continuation links to its song"


def test_song_actions_reuse_export_cover_and_delete(open_window, run_async, qtbot, tmp_path):
    tab = music_tab(open_window())
    target = tmp_path / "exported"

    async def scenario():
        describe_and_create(qtbot, tab, "rain on the window")
        await until(lambda: len(library_songs(tab)) == 2, timeout=20)
        await settle(tab)
        song = library_songs(tab)[0]
        click_row(qtbot, tab.song_list, song_row_index(tab, song.id))
        tab.suno.description.clear()
        click(qtbot, tab.suno.mode_buttons.button(CUSTOM))
        click(qtbot, tab.reuse_button)
        tab.export_to(song, target)
        await until(lambda: (tmp_path / f"exported.{song.ext}").exists())
        assert tab.suno.mode() == 0 and tab.suno.description.toPlainText() == "rain on the window"
        window = tab.open_cover(song)
        assert window is not None and window.isVisible()
        await until(lambda: not window.viewer.scene().itemsBoundingRect().isEmpty(), message="the cover never showed")
        window.close()
        parts = song_parts(tab.library, song)
        click(qtbot, tab.delete_button)
        await until(lambda: tab.waveform.duration > 0, message="the next song was not shown")
        return song, parts

    song, parts = run_async(scenario())
    assert (tmp_path / f"exported.{song.ext}").read_bytes() == song.path.read_bytes()
    with Image.open(parts.cover.path) as cover:
        assert cover.width > 0
    menu = tab.menu_for(library_songs(tab)[0])
    texts = [action.text() for action in menu.actions() if action.text()]
    assert "Show lineage" in texts and "Open video" in texts and "Delete (move to the trash)" in texts
    menu.close()
    assert tab.songs.song_row(song.id) is None and tab.current_song().id != song.id, "the next song is shown"
    assert all(tab.library.get(asset.id).trashed for asset in (song, parts.cover, parts.video))


def test_the_seeds_clip_reply_and_fetch_path_are_tolerated(open_window, run_async, task_sim, qtbot):
    task_sim.config.suno_submit_reply = "clip"
    task_sim.config.suno_fetch_paths = "seed"
    try:
        tab = music_tab(open_window())

        async def scenario():
            describe_and_create(qtbot, tab, "a song in the seed's shape")
            await until(lambda: len(library_songs(tab)) == 2, timeout=20)
            await settle(tab)

        run_async(scenario())
    finally:
        task_sim.config.suno_submit_reply = "task-id"
        task_sim.config.suno_fetch_paths = "both"
    songs = library_songs(tab)
    assert len({song.task_id for song in songs}) == 1, "one task made both clips"
    assert songs[0].task_id in {song.remote_id for song in songs}, "the clip object's id is the task id"
    polled = [entry["path"] for entry in httpx.get(f"{task_sim.base_url}/_sim/requests").json()]
    assert any(path.startswith("/suno/submit/fetch") for path in polled), "polled on the seed's spelling after a 404"
