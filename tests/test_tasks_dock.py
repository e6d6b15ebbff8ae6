"""The Tasks dock in the real window, offscreen, against a simulator whose tasks take half a second:
jobs started from a tab appear, move, finish with a thumbnail and a file, fail with a reason, stop,
retry, and come back."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

import pytest
from conftest import TEST_KEY, click_row, journal, until
from prompt_tab import PROMPT_SPEC, submit_job
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication, QPixmap
from PySide6.QtWidgets import QMenu, QMessageBox

from studio.core.settings import StudioPaths
from studio.core.tasks import JobState, PollTiming
from studio.core.workspace import Workspace
from studio.simulator.config import SimulatorConfig
from studio.simulator.server import SimulatorServer
from studio.ui.main_window import MainWindow
from studio.ui.tabs import registered_tabs
from studio.ui.widgets.image_viewer import ImageWindow
from studio.ui.widgets.job_model import Column, Group

IMAGINE = "/mj/submit/imagine"


@pytest.fixture(scope="module")
def quick_sim():
    """A simulator of its own for this module: every task runs for half a second."""
    server = SimulatorServer(SimulatorConfig(key=TEST_KEY, latency_ms=0, token_rate=0, task_seconds=0.5))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def window_sim(quick_sim):
    return quick_sim


@pytest.fixture
def window_tabs():
    return [*registered_tabs(), PROMPT_SPEC]


@pytest.fixture
def prepare_workspace():
    def prepare(workspace: Workspace) -> None:
        workspace.task_timing = PollTiming.every(0.1)

    return prepare


def cell(window: MainWindow, job_id: int, column: Column, role=Qt.ItemDataRole.DisplayRole):
    """What the dock shows for a job in one column (through the filter, as the view sees it)."""
    proxy = window.parts["tasks"].proxy
    for n in range(proxy.rowCount()):
        if proxy.job_id(proxy.index(n, 0)) == job_id:
            return proxy.index(n, column).data(role)
    raise AssertionError(f"job {job_id} is not shown")


def state_of(window: MainWindow, job_id: int) -> JobState | None:
    row = window.parts["tasks"].model.job_row(job_id)
    return row.state if row else None


def menu_action(window: MainWindow, job_id: int, text: str):
    menu: QMenu = window.parts["tasks"].menu_for(job_id)
    [action] = [a for a in menu.actions() if a.text() == text]
    return action


async def engine_of(window: MainWindow):
    await until(lambda: window.workspace.task_engine is not None, message="the engine never started")
    return await window.workspace.tasks()


def job_of(window: MainWindow, job_id: int):
    return window.workspace.task_engine.job(job_id)


class JobRef:
    """A job started from the tab, read fresh from the engine each time (its task id comes later)."""

    def __init__(self, window: MainWindow, job_id: int) -> None:
        self.window, self.id = window, job_id

    @property
    def task_id(self) -> str | None:
        return job_of(self.window, self.id).task_id


def test_a_job_appears_its_progress_rises_and_it_ends_with_a_thumbnail_and_a_file(
    open_window, run_async, studio_home, qtbot
):
    window = open_window()
    dock = window.parts["tasks"]
    assert dock.isVisible() and dock.view.empty_text.startswith("No tasks yet")
    seen: list[float] = []

    async def scenario():
        await engine_of(window)
        job_id = submit_job(qtbot, window, "midjourney", "imagine", {"prompt": "an otter reading [[task-seconds:2]]"})
        await until(lambda: state_of(window, job_id) is not None, message="the job never appeared")
        assert cell(window, job_id, Column.PROMPT).startswith("an otter reading")
        assert cell(window, job_id, Column.SERVICE) == "Midjourney"

        def finished() -> bool:
            row = dock.model.job_row(job_id)
            if row.state is JobState.RUNNING and row.percent is not None:
                seen.append(row.percent)
            return row.state is JobState.DONE and any(window.thumbnails.has_pixmap(a) for a in row.asset_ids)

        await until(finished, timeout=20, interval=0.02, message="the job never finished with a thumbnail")
        return job_of(window, job_id)

    job = run_async(scenario())
    assert len(set(seen)) >= 2 and seen == sorted(seen) and any(0 < p < 100 for p in seen), f"progress rose: {seen}"
    assert cell(window, job.id, Column.STATUS) == "Done"
    assert cell(window, job.id, Column.TIME).endswith(" s")
    picture = cell(window, job.id, Column.RESULT, Qt.ItemDataRole.DecorationRole)
    assert isinstance(picture, QPixmap) and not picture.isNull() and picture.height() > 40
    asset = window.workspace.library.get(dock.model.job_row(job.id).asset_ids[0])
    assert asset.path.exists() and studio_home in asset.path.parents and asset.kind == "image"

    click_row(qtbot, dock.view, dock.proxy.index(0, Column.PROMPT), double=True)
    [viewer] = [w for w in window.findChildren(ImageWindow) if w.isVisible()]

    async def loaded():
        await until(lambda: not viewer.viewer.item.pixmap().isNull(), message="the image never showed")

    run_async(loaded())
    assert viewer.viewer.item.pixmap().width() == asset.width, "double-click opens the image in the app"
    viewer.close()
    menu_action(window, job.id, "Copy task id").trigger()
    assert QGuiApplication.clipboard().text() == job.task_id
    dialog = dock.show_raw_json(job.id)
    assert dialog.isVisible() and not dialog.isModal()
    assert json.loads(dialog.text.toPlainText())["status"] == "SUCCESS"
    dialog.close()


def test_a_failing_job_shows_its_reason(open_window, run_async, qtbot):
    window = open_window()

    async def scenario():
        await engine_of(window)
        job_id = submit_job(
            qtbot, window, "suno", "music", {"body": {"gpt_description_prompt": "doomed [[fail:the singer left]]"}}
        )
        job = JobRef(window, job_id)
        await until(lambda: state_of(window, job.id) is JobState.FAILED, timeout=20)
        return job

    job = run_async(scenario())
    assert cell(window, job.id, Column.STATUS) == "Failed"
    assert "the singer left" in cell(window, job.id, Column.DETAILS)
    assert cell(window, job.id, Column.RESULT, Qt.ItemDataRole.DecorationRole) is None
    assert not menu_action(window, job.id, "Cancel").isEnabled()
    assert not menu_action(window, job.id, "Open result").isEnabled()


def test_cancel_from_the_context_menu_stops_the_job(open_window, run_async, quick_sim, qtbot):
    window = open_window()

    async def scenario():
        await engine_of(window)
        job_id = submit_job(
            qtbot, window, "luma", "generate", {"body": {"user_prompt": "slow waves [[task-seconds:30]]"}}
        )
        job = JobRef(window, job_id)
        await until(lambda: state_of(window, job.id) in (JobState.QUEUED, JobState.RUNNING), timeout=10)
        assert cell(window, job.id, Column.STATUS) in ("Queued", "Running")
        menu_action(window, job.id, "Cancel").trigger()
        await until(lambda: state_of(window, job.id) is JobState.CANCELLED)
        polls = len(journal(quick_sim, f"/luma/generations/{job.task_id}"))
        await asyncio.sleep(0.5)
        return job, polls

    job, polls = run_async(scenario())
    assert cell(window, job.id, Column.STATUS) == "Cancelled"
    assert len(journal(quick_sim, f"/luma/generations/{job.task_id}")) == polls, "no polling after cancel"
    assert not menu_action(window, job.id, "Cancel").isEnabled()


def test_retry_asks_first_then_adds_a_new_row_labelled_as_a_retry(open_window, run_async, quick_sim, qtbot):
    window = open_window()
    dock = window.parts["tasks"]

    async def scenario():
        await engine_of(window)
        job_id = submit_job(qtbot, window, "midjourney", "imagine", {"prompt": "a lighthouse [[fail:storm]]"})
        job = JobRef(window, job_id)
        await until(lambda: state_of(window, job.id) is JobState.FAILED, timeout=20)
        retry = menu_action(window, job.id, "Retry (new paid request)…")
        assert retry.isEnabled()
        retry.trigger()
        box = dock.confirm_box
        assert isinstance(box, QMessageBox) and box.isVisible() and "charges again" in box.text()
        assert len(journal(quick_sim, IMAGINE)) == 1, "nothing is sent before the user confirms"
        [confirm] = [b for b in box.buttons() if b.text() == "Retry (new paid request)"]
        confirm.click()
        await until(lambda: len(dock.visible_job_ids()) == 2, message="no retry row appeared")
        new_id = dock.visible_job_ids()[0]
        await until(lambda: state_of(window, new_id) is JobState.FAILED, timeout=20)
        return job, new_id

    job, new_id = run_async(scenario())
    assert new_id != job.id and dock.model.job_row(new_id).retry_of == job.id
    assert cell(window, new_id, Column.PROMPT) == "Retry: a lighthouse [[fail:storm]]"
    assert f"retry of job #{job.id}" in cell(window, new_id, Column.PROMPT, Qt.ItemDataRole.ToolTipRole)
    assert len(journal(quick_sim, IMAGINE)) == 2, "the retry was a second submit"


def test_a_job_left_unfinished_resumes_in_a_new_window(open_window, run_async, quick_sim, qtbot):
    first = open_window()

    async def start_and_quit():
        await engine_of(first)
        job_id = submit_job(
            qtbot, first, "suno", "music", {"body": {"gpt_description_prompt": "a song that waits [[task-seconds:2]]"}}
        )
        job = JobRef(first, job_id)
        await until(lambda: state_of(first, job.id) in (JobState.QUEUED, JobState.RUNNING), timeout=10)
        return job

    job = run_async(start_and_quit())
    first.close()  # outside the scenario: the last window closing stops the running loop
    run_async(first.workspace.aclose())
    with sqlite3.connect(StudioPaths.default().data_dir / "studio.db") as db:
        [(state,)] = db.execute("SELECT state FROM jobs WHERE id = ?", (job.id,))
    assert state in ("queued", "running"), "the job was left open in the database"
    second = open_window()

    async def resumed():
        await until(lambda: state_of(second, job.id) is not None, message="the open job is not shown")
        assert state_of(second, job.id) in (JobState.QUEUED, JobState.RUNNING, JobState.DOWNLOADING)
        await until(lambda: state_of(second, job.id) is JobState.DONE, timeout=20)

    run_async(resumed())
    assert cell(second, job.id, Column.STATUS) == "Done"
    clips = [a for a in second.workspace.task_engine.assets_of(job.id) if a.kind == "audio"]
    assert len(clips) == 2 and all(clip.path.exists() for clip in clips)
    assert len(journal(quick_sim, "/suno/submit/music")) == 1, "resumed, never sent again"


def test_the_filters_show_the_right_rows(open_window, run_async, qtbot):
    window = open_window()
    dock = window.parts["tasks"]

    async def scenario():
        await engine_of(window)
        done_id = submit_job(qtbot, window, "midjourney", "imagine", {"prompt": "a red kite"})
        done = JobRef(window, done_id)
        failed_id = submit_job(qtbot, window, "midjourney", "imagine", {"prompt": "a blue boat [[fail]]"})
        failed = JobRef(window, failed_id)
        running_id = submit_job(
            qtbot, window, "luma", "generate", {"body": {"user_prompt": "green hills [[task-seconds:30]]"}}
        )
        running = JobRef(window, running_id)
        await until(
            lambda: state_of(window, done.id) is JobState.DONE and state_of(window, failed.id) is JobState.FAILED,
            timeout=20,
        )
        return done.id, failed.id, running.id

    done, failed, running = run_async(scenario())
    assert dock.visible_job_ids() == [running, failed, done], "newest first"
    dock.filter_buttons.button(Group.ACTIVE).click()
    assert dock.visible_job_ids() == [running]
    dock.filter_buttons.button(Group.DONE).click()
    assert dock.visible_job_ids() == [done]
    dock.filter_buttons.button(Group.PROBLEMS).click()
    assert dock.visible_job_ids() == [failed]
    dock.filter_buttons.button(Group.ALL).click()
    dock.search.setText("boat")
    assert dock.visible_job_ids() == [failed]
    dock.search.setText("luma")
    assert dock.visible_job_ids() == [running]
    dock.search.setText("nothing like this")
    assert dock.visible_job_ids() == [] and dock.view.empty_text == "No tasks match this filter."
    dock.search.clear()
    assert len(dock.visible_job_ids()) == 3
    window.workspace.task_engine.cancel(running)


def test_the_view_menu_toggles_the_dock(open_window):
    window = open_window()
    [toggle] = [a for a in window.menuBar().actions()[2].menu().actions() if a.text() == "Tasks"]
    assert toggle.shortcut().toString() == "Ctrl+Shift+T" and toggle.isChecked()
    toggle.trigger()
    assert not window.parts["tasks"].isVisible()
    toggle.trigger()
    assert window.parts["tasks"].isVisible()


def test_the_dock_speaks_chinese(open_window, run_async, qapp, qtbot):
    from studio.ui.i18n import install_translator

    assert install_translator(qapp, "zh_CN") == "zh_CN"
    try:
        window = open_window()

        async def scenario():
            await engine_of(window)
            job_id = submit_job(qtbot, window, "midjourney", "imagine", {"prompt": "a fox [[fail:the painter left]]"})
            job = JobRef(window, job_id)
            await until(lambda: state_of(window, job.id) is JobState.FAILED, timeout=20)
            return job

        job = run_async(scenario())
        dock = window.parts["tasks"]
        assert window.docks["tasks"].windowTitle() == "任务"
        assert dock.proxy.headerData(Column.STATUS, Qt.Orientation.Horizontal) == "状态"
        assert cell(window, job.id, Column.STATUS) == "失败"
        assert cell(window, job.id, Column.DETAILS) == "任务失败：the painter left"
        assert "重试（新的付费请求）…" in [a.text() for a in dock.menu_for(job.id).actions()]
    finally:
        install_translator(qapp, "en")


def test_a_profile_change_restarts_the_engine_and_open_jobs_carry_on(open_window, run_async, quick_sim, qtbot):
    window = open_window()

    async def scenario():
        engine = await engine_of(window)
        job_id = submit_job(
            qtbot, window, "suno", "music", {"body": {"gpt_description_prompt": "a long song [[task-seconds:2]]"}}
        )
        job = JobRef(window, job_id)
        await until(lambda: state_of(window, job.id) in (JobState.QUEUED, JobState.RUNNING), timeout=10)
        window._profiles_changed()  # what the settings dialog triggers after a profile edit
        await until(lambda: window.workspace.task_engine not in (None, engine), message="no new engine")
        await until(lambda: state_of(window, job.id) is JobState.DONE, timeout=20)
        return engine, job

    old, job = run_async(scenario())
    new = window.workspace.task_engine
    assert new.api is window.workspace.api() and old.api is not new.api
    assert cell(window, job.id, Column.STATUS) == "Done"
    assert len(journal(quick_sim, "/suno/submit/music")) == 1, "resumed on the new engine, never sent again"


class UrlRecorder(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_rows_read_as_a_person_would_name_them(open_window, run_async, qtbot):
    window = open_window()
    dock = window.parts["tasks"]

    async def scenario():
        await engine_of(window)
        grid_id = submit_job(qtbot, window, "midjourney", "imagine", {"prompt": "a lighthouse at dusk"})
        song_id = submit_job(qtbot, window, "suno", "music", {"body": {"gpt_description_prompt": "a sea shanty"}})
        veo_id = submit_job(qtbot, window, "video", "generate", {"model": "veo-2", "body": {"prompt": "a paper boat"}})
        await until(lambda: state_of(window, grid_id) is JobState.DONE, timeout=20)
        grid = job_of(window, grid_id)
        u2 = next(button for button in grid.raw["buttons"] if button["label"] == "U2")
        action_id = submit_job(
            qtbot, window, "midjourney", "action", {"task_id": grid.task_id, "custom_id": u2["customId"]}
        )
        await until(lambda: state_of(window, action_id) is JobState.DONE, timeout=20)
        await until(lambda: state_of(window, song_id) is JobState.DONE, timeout=20)
        await until(
            lambda: (
                any(window.thumbnails.has_pixmap(a) for a in dock.model.job_row(song_id).asset_ids)
                and all(window.thumbnails.has_pixmap(a) for a in dock.model.job_row(song_id).asset_ids[:2])
            ),
            timeout=20,
        )
        return action_id, song_id, veo_id

    action_id, song_id, veo_id = run_async(scenario())
    assert cell(window, action_id, Column.PROMPT) == "U2 · a lighthouse at dusk"
    assert cell(window, veo_id, Column.SERVICE) == "Veo 2"
    strip = cell(window, song_id, Column.RESULT, Qt.ItemDataRole.DecorationRole)
    assert isinstance(strip, QPixmap) and strip.width() > 1.8 * strip.height(), "both clips' covers show"


def test_a_result_is_shown_in_its_folder_and_saved_under_a_readable_name(open_window, run_async, qtbot, tmp_path):
    window = open_window()
    dock = window.parts["tasks"]
    recorder = UrlRecorder()
    QDesktopServices.setUrlHandler("file", recorder, "open")

    async def scenario():
        await engine_of(window)
        job_id = submit_job(qtbot, window, "midjourney", "imagine", {"prompt": "an otter: at sea?"})
        await until(lambda: state_of(window, job_id) is JobState.DONE, timeout=20)
        menu_action(window, job_id, "Show in folder").trigger()
        await until(lambda: recorder.urls, message="no folder was opened")
        copy = tmp_path / "kept.png"
        dock.copy_to(window.workspace.library.get(job_of(window, job_id).asset_ids[0]).path, copy)
        await until(copy.exists)
        return job_id

    try:
        run_async(scenario())
    finally:
        QDesktopServices.unsetUrlHandler("file")
    folder = Path(recorder.urls[0].toLocalFile())
    assert [path.name for path in folder.iterdir()] == ["an otter at sea.png"]
    assert (tmp_path / "kept.png").read_bytes() == next(folder.iterdir()).read_bytes()
