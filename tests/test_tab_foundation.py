"""The shape every tab shares: the tab contract, the task submit path, change events, the operation.

A tab starts a job through the window's task bridge and sees it finish in its own list and in the Tasks
dock; a second, independent view learns of the stored file from the library's change events alone; an
operation's failure arrives typed and is shown translated with its details; a widget that closes while
its operation runs is never touched; quitting stops every part.
"""

from __future__ import annotations

import asyncio

import pytest
import shiboken6
from conftest import until
from prompt_tab import PROMPT_SPEC, submit_job
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from studio.api.client import ClientConfig
from studio.api.errors import AuthError, StudioError
from studio.core.tasks import JobState, PollTiming
from studio.qt.operation import Operation
from studio.ui.tabs import registered_tabs
from studio.ui.widgets.asset_model import ASSET_ROLE, AssetListModel
from studio.ui.widgets.job_model import Column


@pytest.fixture
def window_sim(task_sim):
    return task_sim


@pytest.fixture
def window_tabs():
    return [*registered_tabs(), PROMPT_SPEC]


@pytest.fixture
def prepare_workspace():
    def prepare(workspace) -> None:
        workspace.task_timing = PollTiming.every(0.1)

    return prepare


def dock_state(window, job_id: int) -> JobState | None:
    row = window.jobs.job_row(job_id)
    return row.state if row else None


def test_a_job_started_from_a_tab_finishes_in_its_own_list_and_in_the_dock(open_window, run_async, qtbot):
    window = open_window()
    tab = window.show_tab("prompt")
    dock = window.parts["tasks"]

    async def scenario():
        await until(lambda: window.workspace.task_engine is not None, message="the engine never started")
        job_id = submit_job(qtbot, window, "midjourney", "imagine", {"prompt": "a heron at dawn"})
        assert window.workspace.task_engine.job(job_id).state is JobState.SUBMITTING, "written before it is sent"
        await until(lambda: tab.shown_job_ids() == [job_id], message="the tab's own list never showed it")
        await until(lambda: dock_state(window, job_id) is JobState.DONE, timeout=20, message="the job never ended")
        return job_id

    job_id = run_async(scenario())
    assert dock.proxy.index(0, Column.STATUS).data() == "Done"
    assert tab.proxy.index(0, Column.STATUS).data() == "Done", "the tab's own list follows the same model"
    assert dock.visible_job_ids() == [job_id]
    job = window.workspace.task_engine.job(job_id)
    assert job.task_id and job.asset_ids and window.workspace.library.get(job.asset_ids[0]).path.exists()


def test_a_stored_result_reaches_an_independent_view_through_the_change_events(open_window, run_async, qtbot):
    window = open_window()
    library = window.workspace.library
    other_view = AssetListModel(library, window.events, window.thumbnails, kinds={"image"})
    assert other_view.rowCount() == 0

    async def scenario():
        await until(lambda: window.workspace.task_engine is not None)
        job_id = submit_job(qtbot, window, "midjourney", "imagine", {"prompt": "a kite over dunes"})
        await until(lambda: other_view.rowCount() == 1, timeout=20, message="the asset view never heard of it")
        await until(lambda: dock_state(window, job_id) is JobState.DONE, timeout=20)
        return job_id

    job_id = run_async(scenario())
    asset = other_view.index(0).data(ASSET_ROLE)
    assert asset.id in window.workspace.task_engine.job(job_id).asset_ids and asset.kind == "image"
    library.rename(asset.id, "Kite")
    assert other_view.index(0).data() == "Kite", "an edit reaches it too"
    library.trash(asset.id)
    assert other_view.rowCount() == 0, "and so does the trash"


def test_a_failed_operation_shows_its_translated_sentence_with_details(qapp, run_async, qtbot, sim):
    from studio.api.gateway import UniApi
    from studio.ui.i18n import install_translator

    assert install_translator(qapp, "zh_CN") == "zh_CN"
    holder = QWidget()
    qtbot.addWidget(holder)
    holder.show()
    seen: list[StudioError] = []
    api = UniApi(ClientConfig(base_url=sim.base_url, api_key="not-the-key"))

    async def scenario():
        Operation(holder, lambda _progress: api.models.list()).run()
        await until(lambda: holder.findChild(QMessageBox) is not None, message="no message box")
        Operation(holder, lambda _progress: api.models.list()).failure(seen.append).run()
        await until(lambda: seen, message="the failure callback never ran")
        await api.aclose()

    try:
        run_async(scenario())
        box = holder.findChild(QMessageBox)
        assert box.text() == "API 密钥未被接受，请检查配置中的密钥。" and box.windowTitle() == "出错了"
        assert "HTTP 401" in box.detailedText() and "not-the-key" not in box.detailedText()
        assert box.windowModality() == Qt.WindowModality.WindowModal, "open(), not exec(): nothing blocks"
        assert isinstance(seen[0], AuthError), "the failure handler gets the typed error"
        box.close()
    finally:
        install_translator(qapp, "en")


def test_a_widget_closed_while_its_operation_runs_is_never_touched(run_async, qtbot, caplog):
    release = asyncio.Event()
    ran: list[str] = []
    cancelled: list[bool] = []

    async def slow_work(_progress):
        try:
            await release.wait()
        except asyncio.CancelledError:
            cancelled.append(True)
            raise
        return "late"

    holder = QWidget()
    holder.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    holder.show()

    async def scenario():
        Operation(holder, slow_work).success(lambda value: ran.append(value)).finished(lambda: ran.append("done")).run()
        await asyncio.sleep(0.05)
        holder.close()  # deleted: the operation is cancelled and none of its callbacks run
        await until(lambda: not shiboken6.isValid(holder), message="the widget was never deleted")
        release.set()
        await until(lambda: cancelled, message="the work was not cancelled")
        await asyncio.sleep(0.05)

    run_async(scenario())
    assert ran == [] and cancelled == [True]
    assert not [r for r in caplog.records if r.levelname in ("ERROR", "WARNING")]


def test_quitting_stops_every_part_and_a_streaming_reply_is_kept(open_window, run_async, qtbot, monkeypatch):
    window = open_window()
    stopped: list[str] = []
    for key in ("audio", "prompt"):
        window.show_tab(key)
    for key, part in window.parts.items():
        original = part.stop
        monkeypatch.setattr(part, "stop", lambda key=key, original=original: (stopped.append(key), original()))
    chat = window.parts["chat"]
    window.show_tab("chat")

    async def scenario():
        chat.composer.edit.setFocus()
        qtbot.keyClicks(chat.composer.edit, "Tell me a very long story [[tokens:4000]] [[token-rate:200]]")
        qtbot.keyClick(chat.composer.edit, Qt.Key.Key_Return)
        await until(
            lambda: chat.bridge.busy and len(chat.model.messages) == 2 and chat.model.messages[1].content,
            message="the reply never started",
        )
        window.close()
        await until(lambda: not chat.bridge.busy, message="the reply was not stopped on quit")

    run_async(scenario())
    assert sorted(stopped) == sorted(window.parts), f"every built part was stopped: {stopped}"
    saved = window.workspace.conversations.message(chat.model.messages[1].id)
    assert saved.status == "stopped" and saved.content, "the partial reply is kept"


def test_the_window_only_knows_its_parts_through_the_registry(open_window):
    window = open_window()
    keys = [spec.key for spec in window.specs]
    assert keys == ["chat", "audio", "images", "music", "video", "library", "tools", "tasks", "prompt"]
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        "Chat",
        "Audio",
        "Images",
        "Music",
        "Video",
        "Library",
        "Tools",
        "Prompt",
    ]
    assert "audio" not in window.parts, "a lazy tab is built on first view only"
    window.show_tab("audio")
    assert "audio" in window.parts and window.tabs.currentWidget().part is window.parts["audio"]
    assert window.docks["tasks"].widget() is window.parts["tasks"]
