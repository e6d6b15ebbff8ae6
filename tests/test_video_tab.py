"""The Video tab in the real window, offscreen, against the task simulator over loopback: Luma with
dropped frames, extend, Veo with extra JSON, failures, and the player (play, step, speed, loop, full
screen, grab a frame and send it on), the grid's hover scrub."""

from __future__ import annotations

import base64
import json

import pytest
from conftest import DATA, click_row, drop_files, drop_mime, journal, until
from PIL import Image
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtMultimedia import QMediaPlayer
from PySide6.QtWidgets import QApplication

from studio.core.tasks import JobState, PollTiming
from studio.simulator.footage import encode_video
from studio.ui.video.video_tab import VideoTab
from studio.ui.widgets.asset_model import ASSET_ROLE, AssetListModel
from studio.ui.widgets.job_model import Column

CAT = DATA / "chelsea.png"
ROCKET = DATA / "rocket.jpg"


@pytest.fixture
def window_sim(task_sim):
    return task_sim


@pytest.fixture
def prepare_workspace():
    def prepare(workspace) -> None:
        workspace.task_timing = PollTiming.every(0.1)

    return prepare


def video_tab(window) -> VideoTab:
    tab = window.show_tab("video")
    assert isinstance(tab, VideoTab)
    return tab


def pick(combo, value) -> None:
    """Choose the entry holding `value`, as a user picks it from the list."""
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


def data_uri_of(path) -> str:
    kind = "png" if path.suffix == ".png" else "jpeg"
    return f"data:image/{kind};base64," + base64.b64encode(path.read_bytes()).decode()


def job_of(window, job_id):
    return window.workspace.task_engine.job(job_id)


def only_started(tab) -> int:
    assert len(tab.started) == 1, tab.started
    return next(iter(tab.started))


async def finished(window, tab, timeout: float = 20) -> int:
    await until(lambda: tab.started, message="no job was started")
    job_id = only_started(tab)
    shown = lambda: window.jobs.job_row(job_id) is not None and window.jobs.job_row(job_id).state.finished  # noqa: E731
    await until(shown, timeout=timeout, message="the job never ended in the tab's list")
    return job_id


def make_luma_video(qtbot, window, tab, prompt: str) -> int:
    tab.services.setCurrentWidget(tab.luma)
    tab.luma.prompt.clear()
    qtbot.keyClicks(tab.luma.prompt, prompt)
    before = set(tab.started)
    qtbot.mouseClick(tab.luma.generate_button, Qt.MouseButton.LeftButton)
    [job_id] = tab.started - before
    return job_id


def move_mouse(widget, point: QPoint) -> None:
    """The mouse moves over `widget` to `point`, delivered by Qt (QTest's mouseMove would spin a nested
    event loop inside the running scenario task, and qasync drops the task steps it meets there)."""
    event = QMouseEvent(
        QEvent.Type.MouseMove,
        QPointF(point),
        QPointF(widget.mapToGlobal(point)),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)


def tile_of(tab, asset_id: int):
    for row in range(tab.videos.rowCount()):
        index = tab.videos.index(row)
        if index.data(ASSET_ROLE).id == asset_id:
            return index
    raise AssertionError(f"asset {asset_id} is not in the grid")


def test_a_luma_job_with_dropped_frames_carries_them_shows_progress_and_plays(open_window, run_async, task_sim, qtbot):
    window = open_window()
    tab = video_tab(window)
    assert drop_files(tab.luma.start_frame, [CAT]) and tab.luma.start_frame.path == CAT
    assert drop_files(tab.luma.end_frame, [ROCKET]) and tab.luma.end_frame.path == ROCKET
    pick(tab.luma.aspect_ratio, "1:1")
    pick(tab.luma.resolution, "720p")
    tab.luma.loop.click()
    seen: list[tuple[JobState, float | None, str]] = []
    frames: list[int] = []
    tab.player.screen.sink.videoFrameChanged.connect(lambda frame: frames.append(frame.startTime()))

    def watch() -> bool:
        row = tab.jobs.index(0, 0)
        if row.isValid():
            job = window.jobs.job_row(tab.jobs.job_id(row))
            note = tab.jobs.index(0, Column.DETAILS).data() or ""
            if not seen or seen[-1] != (job.state, job.percent, note):
                seen.append((job.state, job.percent, note))
        return bool(seen) and seen[-1][0].finished

    async def scenario():
        await until(lambda: window.workspace.task_engine is not None, message="the engine never started")
        qtbot.keyClicks(tab.luma.prompt, "a cat watches a rocket [[task-seconds:2.5]]")
        qtbot.mouseClick(tab.luma.generate_button, Qt.MouseButton.LeftButton)
        await until(watch, timeout=20, interval=0.005, message="the Luma job never ended")
        await until(lambda: tab.player.source_path is not None, message="the new video was not loaded")
        qtbot.mouseClick(tab.player.controls.play_button, Qt.MouseButton.LeftButton)
        await until(lambda: tab.player.player.duration() > 0 and len(frames) >= 5, message="the video did not play")

    run_async(scenario())
    tab.player.stop()
    job = job_of(window, only_started(tab))
    assert job.state is JobState.DONE, job.message
    body = journal(task_sim, "/luma/generations")[-1]["body"]
    assert body["image_url"] == data_uri_of(CAT) and body["image_end_url"] == data_uri_of(ROCKET)
    assert body["aspect_ratio"] == "1:1" and body["resolution"] == "720p" and body["loop"] is True
    assert body["user_prompt"].startswith("a cat watches a rocket") and body["expand_prompt"] is True
    states = [state for state, _, _ in seen]
    assert JobState.QUEUED in states and JobState.RUNNING in states and states[-1] is JobState.DONE
    assert any("expects it to start in about" in note for state, _, note in seen if state is JobState.QUEUED)
    running = [percent for state, percent, _ in seen if state is JobState.RUNNING]
    assert running and all(percent is None for percent in running), "Luma gives no figure: a busy bar"
    assert states.index(JobState.QUEUED) < states.index(JobState.RUNNING) < states.index(JobState.DOWNLOADING)
    [video] = window.workspace.task_engine.assets_of(job.id)
    assert video.kind == "video" and video.family == "luma" and (video.width, video.height) == (320, 320)
    assert tab.player.source_path == video.path and tile_of(tab, video.id).isValid(), "in the player and the grid"
    assert frames == sorted(frames) and tab.player.player.duration() >= 2000


def test_extend_links_the_new_video_to_its_parent(open_window, run_async, task_sim, qtbot):
    window = open_window()
    tab = video_tab(window)

    async def scenario():
        await until(lambda: window.workspace.task_engine is not None)
        first = make_luma_video(qtbot, window, tab, "a comet")
        await until(lambda: job_of(window, first).state is JobState.DONE, timeout=20)
        [parent] = window.workspace.task_engine.assets_of(first)
        await until(lambda: tab.videos.rowCount() == 1)
        click_row(qtbot, tab.grid, tile_of(tab, parent.id))
        assert tab.extend_button.isEnabled()
        qtbot.mouseClick(tab.extend_button, Qt.MouseButton.LeftButton)
        assert tab.luma.extend_banner.isVisible() and not tab.luma.start_frame.isEnabled()
        second = make_luma_video(qtbot, window, tab, "the comet returns")
        await until(lambda: job_of(window, second).state is JobState.DONE, timeout=20)
        return parent, second

    parent, second = run_async(scenario())
    [child] = window.workspace.task_engine.assets_of(second)
    assert child.parent_id == parent.id and window.workspace.library.lineage(child.id)[0].id == parent.id
    assert journal(task_sim, f"/luma/generations/{parent.remote_id}/extend")[-1]["body"]["user_prompt"] == (
        "the comet returns"
    )
    assert not tab.luma.extend_banner.isVisible(), "the next request is a new video again"


def test_player_steps_scrubs_loops_changes_speed_goes_full_screen_and_grabs_a_frame(
    open_window, run_async, qtbot, tmp_path
):
    window = open_window()
    tab = video_tab(window)
    clip = tmp_path / "waves.mp4"
    clip.write_bytes(encode_video("waves on a beach", 320, 180, 2.5)[0])
    frames: list[int] = []
    tab.player.screen.sink.videoFrameChanged.connect(lambda frame: frames.append(frame.startTime()))
    player = tab.player

    async def scenario():
        assert drop_files(player.screen, [clip])
        await until(lambda: player.source_path is not None and player.info is not None, message="not loaded")
        qtbot.mouseClick(player.controls.play_button, Qt.MouseButton.LeftButton)
        await until(lambda: len(frames) >= 4, message="no frames arrived")
        qtbot.mouseClick(player.controls.play_button, Qt.MouseButton.LeftButton)
        await until(lambda: not player.controls.playing)
        before = player.player.position()
        qtbot.mouseClick(player.forward_button, Qt.MouseButton.LeftButton)
        await until(lambda: player.player.position() == before + 83, message="one frame on is 1/12 s")
        qtbot.mouseClick(player.back_button, Qt.MouseButton.LeftButton)
        await until(lambda: player.player.position() == before, message="and back")
        player.scrub.setFocus()
        qtbot.keyClick(player.scrub, Qt.Key.Key_End)
        await until(lambda: player.player.position() >= player.player.duration() - 1, message="scrub to the end")
        qtbot.keyClick(player.scrub, Qt.Key.Key_Home)
        await until(lambda: player.player.position() == 0, message="scrub to the start")
        qtbot.mouseClick(player.grab_button, Qt.MouseButton.LeftButton)
        await until(lambda: tab.grabbed is not None, message="the frame was not saved")

    run_async(scenario())
    video = tab.current
    assert video is not None and video.family == "import" and video.path.read_bytes() == clip.read_bytes()
    frame = tab.grabbed
    assert frame.kind == "image" and frame.parent_id == video.id and frame.ext == "png"
    with Image.open(frame.path) as picture:
        assert picture.format == "PNG" and picture.size == (video.width, video.height) == (320, 180)
    assert tab.send_row.isVisible() and tab.send_luma.isEnabled()
    assert tab.send_edit.isEnabled(), "the Images tab is in the window"
    assert tab.send_midjourney.isEnabled(), "the Images tab has a Midjourney page"
    qtbot.mouseClick(tab.send_luma, Qt.MouseButton.LeftButton)
    assert tab.luma.start_frame.path == frame.path and tab.services.currentWidget() is tab.luma

    pick(player.speed, 2.0)
    assert player.player.playbackRate() == 2.0
    qtbot.mouseClick(player.controls.loop_button, Qt.MouseButton.LeftButton)
    assert player.player.loops() == QMediaPlayer.Loops.Infinite
    qtbot.mouseClick(player.screen, Qt.MouseButton.LeftButton)
    qtbot.keyClick(player.screen, Qt.Key.Key_F)
    assert player.screen.isWindow() and player.screen.isFullScreen()
    qtbot.keyClick(player.screen, Qt.Key.Key_Escape)
    assert not player.screen.isWindow() and player.screen.parent() is player
    player.stop()

    qtbot.mouseClick(tab.send_midjourney, Qt.MouseButton.LeftButton)
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Images", "the click shows the Images tab"
    images = window.tabs.currentWidget().ensure_built()
    assert images.services.currentWidget() is images.midjourney and images.midjourney.form.mode == "imagine"
    assert images.midjourney.form.references.paths == [frame.path], "the frame is Imagine's reference image"


def test_a_loaded_video_shows_its_first_picture_before_it_plays_and_that_picture_can_be_grabbed(
    open_window, run_async, qtbot, tmp_path
):
    window = open_window()
    tab = video_tab(window)
    clip = tmp_path / "harbour.mp4"
    clip.write_bytes(encode_video("boats in a harbour", 320, 180, 2.0)[0])
    player = tab.player

    async def scenario():
        assert player.screen.current_image().isNull(), "nothing is on screen before a video is chosen"
        assert drop_files(player.screen, [clip])
        await until(lambda: not player.screen.current_image().isNull(), message="the first picture never showed")
        assert not player.controls.playing and player.player.position() == 0
        qtbot.mouseClick(player.grab_button, Qt.MouseButton.LeftButton)
        await until(lambda: tab.grabbed is not None, message="the frame was not saved")

    run_async(scenario())
    shown = player.screen.current_image()
    assert (shown.width(), shown.height()) == (320, 180)
    with Image.open(tab.grabbed.path) as picture:
        assert picture.size == (320, 180)
        centre = picture.convert("RGB").getpixel((160, 60))
    on_screen = shown.pixelColor(160, 60)
    assert max(abs(a - b) for a, b in zip(centre, (on_screen.red(), on_screen.green(), on_screen.blue()), strict=True)) < 24
    assert "0:00" in tab.grabbed.title
    player.stop()


def test_hovering_a_tile_scrubs_through_its_video(open_window, run_async, qtbot, tmp_path):
    window = open_window()
    tab = video_tab(window)
    clip = tmp_path / "moving.mp4"
    clip.write_bytes(encode_video("a ball crosses the sky", 320, 180, 2.5)[0])

    async def scenario():
        assert drop_files(tab.player.screen, [clip])
        await until(lambda: tab.videos.rowCount() == 1, message="the video never reached the grid")
        rect = tab.grid.visualRect(tab.videos.index(0))
        shots = []
        for share in (0.15, 0.85):
            move_mouse(tab.grid.viewport(), QPoint(rect.left() + int(rect.width() * share), rect.center().y()))
            await until(lambda: tab.grid.hover_frame(tab.videos.index(0)) is not None, message="no scrub frames")
            await until(lambda: tab.grid.hover_share(tab.videos.index(0)) is not None)
            shots.append(tab.grid.viewport().grab(rect).toImage())
        return shots

    left, right = run_async(scenario())
    assert left.size() == right.size() and left != right, "the tile shows another frame under the mouse"
    tab.player.stop()


def test_a_veo_job_sends_the_extra_json_and_completes(open_window, run_async, task_sim, qtbot):
    window = open_window()
    tab = video_tab(window)
    tab.services.setCurrentWidget(tab.veo)
    veo = tab.veo
    assert veo.model.currentText() == "veo-2"
    assert drop_files(veo.image, [CAT])
    pick(veo.duration, 6)
    pick(veo.aspect_ratio, "9:16")
    qtbot.keyClicks(veo.prompt, "a paper boat in the rain")
    qtbot.keyClicks(veo.extra_json, '{"negative_prompt": "blurry", "seed": 7}')

    async def scenario():
        await until(lambda: window.workspace.task_engine is not None)
        qtbot.mouseClick(veo.generate_button, Qt.MouseButton.LeftButton)
        return await finished(window, tab)

    job_id = run_async(scenario())
    job = job_of(window, job_id)
    assert job.state is JobState.DONE and job.family == "video"
    body = journal(task_sim, "/custom_video/model/veo-2")[-1]["body"]
    assert body == {
        "prompt": "a paper boat in the rain",
        "aspect_ratio": "9:16",
        "duration": 6,
        "negative_prompt": "blurry",
        "seed": 7,
        "image": data_uri_of(CAT),
    }
    [video] = window.workspace.task_engine.assets_of(job_id)
    assert (video.width, video.height) == (180, 320) and tile_of(tab, video.id).isValid()


def test_unusable_extra_json_says_why_and_sends_nothing(open_window, run_async, task_sim, qtbot):
    window = open_window()
    tab = video_tab(window)
    tab.services.setCurrentWidget(tab.veo)
    qtbot.keyClicks(tab.veo.prompt, "a lantern")
    qtbot.keyClicks(tab.veo.extra_json, '{"seed": 7,')

    async def scenario():
        await until(lambda: window.workspace.task_engine is not None)
        qtbot.mouseClick(tab.veo.generate_button, Qt.MouseButton.LeftButton)

    run_async(scenario())
    assert tab.veo.problem.isVisible() and "not valid" in tab.veo.problem.text()
    assert "nothing was sent" in tab.veo.problem.text()
    assert not tab.started and window.workspace.task_engine.jobs() == []
    assert journal(task_sim, "/custom_video/model/veo-2") == []


def test_a_failed_job_shows_its_reason(open_window, run_async, qtbot):
    window = open_window()
    tab = video_tab(window)

    async def scenario():
        await until(lambda: window.workspace.task_engine is not None)
        make_luma_video(qtbot, window, tab, "a storm [[fail:Job failed: content moderation]]")
        return await finished(window, tab)

    job_id = run_async(scenario())
    assert job_of(window, job_id).state is JobState.FAILED
    assert "content moderation" in tab.jobs.index(0, Column.DETAILS).data()
    assert tab.jobs.index(0, Column.STATUS).data() == "Failed"
    assert "content moderation" in tab.job_note.text() and "Failed" in tab.job_note.text()


def test_a_missing_prompt_is_refused_in_one_sentence_before_anything_is_written(open_window, run_async, qtbot):
    window = open_window()
    tab = video_tab(window)

    async def scenario():
        await until(lambda: window.workspace.task_engine is not None)
        qtbot.mouseClick(tab.luma.generate_button, Qt.MouseButton.LeftButton)

    run_async(scenario())
    assert tab.luma.problem.text() == "The video prompt is missing."
    assert window.workspace.task_engine.jobs() == []


def test_the_upload_setting_is_kept_and_sends_frames_as_links(open_window, run_async, task_sim, qtbot):
    window = open_window()
    tab = video_tab(window)
    assert tab.transport.currentData() == "data_uri" and tab.transport_hint.text()
    pick(tab.transport, "upload")
    assert drop_files(tab.luma.start_frame, [CAT])
    settings_file = window.workspace.settings.paths.settings_file

    async def scenario():
        await until(lambda: json.loads(settings_file.read_text())["frame_transport"] == "upload")
        make_luma_video(qtbot, window, tab, "a cat, uploaded")
        return await finished(window, tab)

    job_id = run_async(scenario())
    assert job_of(window, job_id).state is JobState.DONE
    [upload] = journal(task_sim, "/mj/submit/upload-discord-images")
    assert upload["body"]["base64Array"] == [data_uri_of(CAT)]
    assert journal(task_sim, "/luma/generations")[-1]["body"]["image_url"].startswith(task_sim.base_url + "/files/")


def test_an_image_dropped_on_the_window_becomes_the_start_frame(open_window, qtbot):
    window = open_window()
    tab = video_tab(window)
    assert drop_files(window, [CAT, ROCKET])
    assert tab.luma.start_frame.path == CAT and tab.luma.end_frame.path == ROCKET
    assert drop_files(tab.luma.end_frame, [DATA / "speech-en.wav"]) is True
    assert tab.luma.end_frame.path == ROCKET, "a sound is no frame: the picture stays"


def test_a_picture_dragged_from_the_library_becomes_the_end_frame(open_window, run_async):
    window = open_window()
    tab = video_tab(window)
    library = window.workspace.library
    pictures = AssetListModel(library, window.context.events, window.context.thumbnails, kinds={"image"})

    async def scenario():
        asset = await library.import_asset(ROCKET, expect="image", family="import")
        await until(lambda: pictures.rowCount() == 1, message="the picture never reached the library view")
        return asset

    asset = run_async(scenario())
    dragged = pictures.mimeData([pictures.index(0)])  # what a library view hands to the drag
    assert drop_mime(tab.luma.end_frame, dragged)
    assert tab.luma.end_frame.path == asset.path and tab.luma.start_frame.path is None
