"""The Images tab's Midjourney page in the real window, offscreen, against the task simulator over loopback,
driven by real input: imagine with progress and a preview, the grid's own buttons (U2 sends its exact
customId, the upscale is an asset linked to the grid), Vary (Region) painted on the canvas, describe's
prompts, a failure's reason and raw JSON, refusals before anything is written, a restart mid-job, and
the gallery's right-click menu."""

from __future__ import annotations

import base64
import io
import sqlite3

import numpy as np
import pytest
from conftest import DATA, drop_files, journal, type_text, until
from PIL import Image
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QMenu

from studio.core.settings import StudioPaths
from studio.core.tasks import JobState, PollTiming
from studio.ui.images.images_tab import ImagesTab
from studio.ui.widgets.asset_model import ASSET_ROLE

CAT = DATA / "chelsea.png"
IMAGINE = "/mj/submit/imagine"
ACTION = "/mj/submit/action"
MODAL = "/mj/submit/modal"


@pytest.fixture
def window_sim(task_sim):
    return task_sim


@pytest.fixture
def prepare_workspace():
    def prepare(workspace) -> None:
        workspace.task_timing = PollTiming.every(0.1)

    return prepare


def images_tab(window) -> ImagesTab:
    tab = window.show_tab("images")
    assert isinstance(tab, ImagesTab)
    tab.services.setCurrentWidget(tab.midjourney)
    return tab


def click(qtbot, widget) -> None:
    assert widget.isEnabled(), f"{widget.text()} is disabled"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def choose_mode(qtbot, form, mode: str) -> None:
    from studio.ui.images.midjourney_form import MODES

    bar = form.modes
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(MODES.index(mode)).center())
    assert form.mode == mode


def pick(combo, value) -> None:
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


def job(window, job_id):
    return window.workspace.task_engine.job(job_id)


def shown_job(tab):
    return job(tab.window(), tab.midjourney.shown)


async def ended(window, job_id, timeout: float = 20):
    """The job ended, in the engine and in the window's job list (the views follow that list's updates)."""
    row = lambda: window.jobs.job_row(job_id)  # noqa: E731
    await until(
        lambda: job(window, job_id).state.finished and row() is not None and row().state.finished,
        timeout=timeout,
        message=f"job {job_id} never ended",
    )
    return job(window, job_id)


def imagine(qtbot, tab, prompt: str) -> int:
    form = tab.midjourney.form
    choose_mode(qtbot, form, "imagine")
    form.prompt.clear()
    type_text(qtbot, form.prompt, prompt)
    before = set(tab.midjourney.started)
    click(qtbot, form.submit_button)
    [job_id] = tab.midjourney.started - before
    return job_id


def image_asset(window, job_id):
    return next(a for a in window.workspace.task_engine.assets_of(job_id) if a.kind == "image")


def drag(qtbot, widget, points: list[QPoint]) -> None:
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=points[0])
    for point in points[1:]:
        qtbot.mouseMove(widget, point)
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=points[-1])


def decoded(data_uri: str) -> Image.Image:
    assert data_uri.startswith("data:image/png;base64,"), data_uri[:40]
    return Image.open(io.BytesIO(base64.b64decode(data_uri.split(",", 1)[1])))


async def grid_then_upscale(qtbot, window, tab, prompt: str = "a lighthouse at dusk"):
    """Imagine a grid, press its U2, and wait for the upscale: (grid job, upscale job)."""
    view = tab.midjourney.task
    grid = imagine(qtbot, tab, prompt)
    await until(lambda: view.button("U2") is not None, timeout=20, message="the grid's buttons never showed")
    click(qtbot, view.button("U2"))
    upscale = tab.midjourney.shown
    assert upscale != grid
    await ended(window, upscale)
    await until(lambda: view.button("Vary (Region)") is not None, message="the upscale's buttons never showed")
    return grid, upscale


def test_imagine_shows_progress_then_the_grid_whose_u2_sends_its_own_custom_id(open_window, run_async, task_sim, qtbot):
    window = open_window()
    tab = images_tab(window)
    panel, form, view = tab.midjourney, tab.midjourney.form, tab.midjourney.task
    assert drop_files(form.references.list, [CAT]) and form.references.paths == [CAT]
    pick(form.aspect_ratio, "16:9")
    form.stylize.setValue(250)
    pick(form.speed, "relax")
    type_text(qtbot, form.prompt, "a lighthouse at dusk [[task-seconds:1.5]]")
    assert form.preview.text() == "a lighthouse at dusk [[task-seconds:1.5]] --ar 16:9 --stylize 250"
    seen: dict[str, bool] = {}

    def watch() -> bool:
        if view.progress.isVisible() and view.progress.value() > 0:
            seen["progress"] = True
        if view.picture_note.text() == "Preview: the picture so far" and not view.picture.pixmap().isNull():
            seen["preview"] = True
        return bool(view.buttons)

    async def scenario():
        await until(lambda: window.workspace.task_engine is not None)
        click(qtbot, form.submit_button)
        grid = panel.shown
        await until(watch, timeout=30, message="the grid's buttons never showed")
        # the job ends once the grid's thumbnail is drawn, which waits for the files still downloading
        await until(lambda: view.progress.isHidden(), message="the progress bar stayed after the job ended")
        return grid

    grid = run_async(scenario())
    [sent] = journal(task_sim, "/mj-relax" + IMAGINE)
    assert sent["body"]["prompt"] == form.preview.text()
    assert sent["body"]["botType"] == "MID_JOURNEY"
    assert sent["body"]["base64Array"][0] == "data:image/png;base64," + base64.b64encode(CAT.read_bytes()).decode()
    assert seen == {"progress": True, "preview": True}, seen
    grid_job = job(window, grid)
    task_buttons = grid_job.raw["buttons"]
    assert [b.property("customId") for b in view.buttons] == [b["customId"] for b in task_buttons]
    for shown, sent_button in zip(view.buttons, task_buttons, strict=True):  # the label and emoji as sent
        assert shown.text().startswith(sent_button.get("emoji") or sent_button["label"])
    assert view.button("🔄 Reroll") is not None, "an emoji-only button gets a readable name too"
    assert not view.picture.pixmap().isNull() and view.progress.isHidden()
    grid_asset = image_asset(window, grid)
    assert tab.gallery.model.position(grid_asset.id) is not None, "the grid is in the gallery"

    async def upscale():
        click(qtbot, view.button("U2"))
        return await ended(window, panel.shown)

    upscaled = run_async(upscale())
    u2 = next(b for b in task_buttons if b["label"] == "U2")
    [pressed] = journal(task_sim, "/mj-relax" + ACTION)
    assert pressed["body"] == {"taskId": grid_job.task_id, "customId": u2["customId"]}
    assert upscaled.state is JobState.DONE
    child = image_asset(window, upscaled.id)
    assert child.parent_id == grid_asset.id, "the upscale is its own asset, linked to the grid"
    run_async(until(lambda: view.button("🔍 Zoom Out 2x") is not None, message="the upscale's buttons never showed"))
    assert view.lineage.text() == "Made by: imagine → U2"
    assert view.button("🖌️ Vary (Region)").toolTip().startswith("MJ::Inpaint::")


def test_vary_region_paints_a_mask_of_the_pictures_size_and_the_same_job_finishes(
    open_window, run_async, task_sim, qtbot
):
    window = open_window()
    tab = images_tab(window)
    panel, view = tab.midjourney, tab.midjourney.task

    async def to_the_painter():
        await until(lambda: window.workspace.task_engine is not None)
        _grid, upscale = await grid_then_upscale(qtbot, window, tab)
        click(qtbot, view.button("Vary (Region)"))
        await until(lambda: view.stack.currentWidget() is view.painter, timeout=20, message="the painter never opened")
        return upscale, panel.shown

    upscale, region_job = run_async(to_the_painter())
    waiting = job(window, region_job)
    assert waiting.state is JobState.NEEDS_ATTENTION and waiting.remote_status == "MODAL"
    picture = image_asset(window, upscale)
    canvas = view.painter.canvas
    assert canvas.image_size() == (picture.width, picture.height)
    assert not view.painter.send_button.isEnabled(), "nothing to send before anything is painted"
    view.painter.size_slider.setValue(40)
    viewport = canvas.viewport()
    centre = viewport.rect().center()
    drag(qtbot, viewport, [centre + QPoint(dx, 0) for dx in range(-60, 61, 10)])
    painted = canvas.painted()
    view.painter.prompt.clear()
    type_text(qtbot, view.painter.prompt, "a red door")

    async def repaint():
        click(qtbot, view.painter.send_button)
        await until(lambda: journal(task_sim, MODAL), message="the mask never left")
        return await ended(window, region_job)

    finished = run_async(repaint())
    [sent] = journal(task_sim, MODAL)
    assert sent["body"]["taskId"] == waiting.task_id and sent["body"]["prompt"] == "a red door"
    with decoded(sent["body"]["maskBase64"]) as mask:
        assert mask.size == (picture.width, picture.height), "the mask is the size of the picture painted on"
        white = np.asarray(mask.convert("L")) == 255
    assert np.array_equal(white, painted >= 128) and white.sum() > 1000
    assert finished.id == region_job and finished.state is JobState.DONE, "one task, one job that ends done"
    assert len(journal(task_sim, ACTION)) == 2, "U2 and Vary (Region), nothing sent twice"
    result = image_asset(window, region_job)
    assert result.parent_id == picture.id
    assert view.stack.currentWidget() is not view.painter
    run_async(until(lambda: view.lineage.text() == "Made by: imagine → U2 → 🖌️ Vary (Region)"))


def test_custom_zoom_asks_for_its_prompt_and_the_waiting_job_carries_on(open_window, run_async, task_sim, qtbot):
    window = open_window()
    tab = images_tab(window)
    panel, view = tab.midjourney, tab.midjourney.task

    async def scenario():
        await until(lambda: window.workspace.task_engine is not None)
        await grid_then_upscale(qtbot, window, tab, "a quiet harbour")
        click(qtbot, view.button("Custom Zoom"))
        await until(lambda: view.zoom_row.isVisible(), timeout=20, message="the zoom prompt was never asked for")
        zoom_job = panel.shown
        assert view.zoom_prompt.text() == "a quiet harbour --zoom 2"
        view.zoom_prompt.clear()
        type_text(qtbot, view.zoom_prompt, "a quiet harbour at night --zoom 1.5")
        click(qtbot, view.zoom_send)
        return await ended(window, zoom_job)

    finished = run_async(scenario())
    [sent] = journal(task_sim, MODAL)
    assert sent["body"]["prompt"] == "a quiet harbour at night --zoom 1.5" and "maskBase64" not in sent["body"]
    assert finished.state is JobState.DONE


def test_describe_answers_four_prompts_and_a_click_fills_imagine(open_window, run_async, task_sim, qtbot):
    window = open_window()
    tab = images_tab(window)
    form, view = tab.midjourney.form, tab.midjourney.task
    choose_mode(qtbot, form, "describe")
    assert drop_files(form.describe_image, [CAT]) and form.describe_image.path == CAT

    async def scenario():
        await until(lambda: window.workspace.task_engine is not None)
        click(qtbot, form.submit_button)
        await until(lambda: view.prompts.count() == 4, timeout=20, message="the four prompts never showed")

    run_async(scenario())
    [sent] = journal(task_sim, "/mj/submit/describe")
    assert sent["body"]["base64"].startswith("data:image/png;base64,")
    third = view.prompts.item(2)
    assert third.text().startswith("a ") and "--ar" in third.text() and "3️⃣" not in third.text()
    qtbot.mouseClick(
        view.prompts.viewport(), Qt.MouseButton.LeftButton, pos=view.prompts.visualItemRect(third).center()
    )
    assert form.mode == "imagine" and form.prompt.toPlainText() == third.text()
    assert len(journal(task_sim, IMAGINE)) == 0, "choosing a prompt sends nothing"


def test_a_failed_task_shows_its_reason_and_its_raw_json(open_window, run_async, qtbot):
    window = open_window()
    tab = images_tab(window)
    view = tab.midjourney.task

    async def scenario():
        await until(lambda: window.workspace.task_engine is not None)
        return await ended(window, imagine(qtbot, tab, "a storm [[fail:the moderator said no]]"))

    failed = run_async(scenario())
    assert failed.state is JobState.FAILED
    assert view.reason.isVisible() and "the moderator said no" in view.reason.text()
    assert "Traceback" not in view.reason.text() and "\n" not in view.reason.text()
    assert view.raw_button.isVisible()
    click(qtbot, view.raw_button)
    dialogs = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.windowTitle().startswith("Raw JSON")]
    assert dialogs and '"failReason": "the moderator said no"' in dialogs[0].text.toPlainText()
    dialogs[0].close()


def test_requests_the_gateway_would_refuse_are_refused_in_one_sentence_before_anything_is_written(
    open_window, run_async, qtbot
):
    window = open_window()
    tab = images_tab(window)
    form = tab.midjourney.form

    async def scenario():
        await until(lambda: window.workspace.task_engine is not None)

    run_async(scenario())
    click(qtbot, form.submit_button)
    assert form.problem.text() == "The prompt is missing."
    choose_mode(qtbot, form, "blend")
    assert drop_files(form.blend_images.list, [CAT])
    click(qtbot, form.submit_button)
    assert form.problem.text() == "A blend needs 2 to 5 images (got 1)."
    assert window.workspace.task_engine.jobs() == []


def test_quit_mid_job_then_the_restart_finishes_it_into_the_tab(open_window, run_async, task_sim, qtbot):
    first = open_window()
    tab = images_tab(first)

    async def start():
        await until(lambda: first.workspace.task_engine is not None)
        job_id = imagine(qtbot, tab, "a slow sunrise [[task-seconds:3]]")
        await until(lambda: job(first, job_id).state is JobState.RUNNING, timeout=10)
        return job_id

    job_id = run_async(start())
    first.close()
    run_async(first.workspace.aclose())
    with sqlite3.connect(StudioPaths.default().data_dir / "studio.db") as db:
        [(state,)] = db.execute("SELECT state FROM jobs WHERE id = ?", (job_id,))
    assert state in ("queued", "running")
    second = open_window()
    again = images_tab(second)
    view = again.midjourney.task

    async def resumed():
        await until(lambda: again.midjourney.shown == job_id, timeout=10, message="the resumed job is not shown")
        await until(lambda: view.button("U2") is not None, timeout=20, message="the resumed grid never showed")
        await until(lambda: job(second, job_id).state is JobState.DONE, message="the resumed job never ended")

    run_async(resumed())
    assert len(journal(task_sim, IMAGINE)) == 1, "resumed through the engine, never sent again"
    assert job(second, job_id).state is JobState.DONE
    assert again.midjourney.jobs.rowCount() == 1
    grid = image_asset(second, job_id)
    assert again.gallery.model.position(grid.id) is not None


def test_right_click_a_result_sends_it_to_describe_or_blend_and_reuses_its_settings(
    open_window, run_async, task_sim, qtbot
):
    window = open_window()
    tab = images_tab(window)
    form = tab.midjourney.form
    pick(form.aspect_ratio, "3:2")
    form.chaos.setValue(30)

    async def scenario():
        await until(lambda: window.workspace.task_engine is not None)
        job_id = imagine(qtbot, tab, "a paper boat")
        await ended(window, job_id)
        return job_id

    job_id = run_async(scenario())
    grid = image_asset(window, job_id)
    gallery = tab.gallery
    run_async(until(lambda: gallery.model.position(grid.id) is not None))
    index = gallery.model.index(gallery.model.position(grid.id))
    assert index.data(ASSET_ROLE).id == grid.id

    def menu_action(text: str) -> None:
        point = gallery.view.visualRect(index).center()
        qtbot.mouseClick(gallery.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
        viewport = gallery.view.viewport()  # the context-menu event Qt makes of a right-click there
        QApplication.sendEvent(
            viewport, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, viewport.mapToGlobal(point))
        )
        run_async(until(lambda: isinstance(QApplication.activePopupWidget(), QMenu), message="no menu popped up"))
        menu = QApplication.activePopupWidget()
        action = next(a for a in menu.actions() if a.text() == text)
        qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())

    form.prompt.clear()
    form.chaos.setValue(0)
    pick(form.aspect_ratio, None)
    menu_action("Reuse prompt and settings")
    assert form.mode == "imagine" and form.prompt.toPlainText() == "a paper boat"
    assert form.aspect_ratio.currentData() == "3:2" and form.chaos.value() == 30
    menu_action("Send to Midjourney describe")
    assert form.mode == "describe" and form.describe_image.path == grid.path
    menu_action("Send to Midjourney blend")
    assert form.mode == "blend" and form.blend_images.paths == [grid.path]
    menu_action("Send to Luma as the start frame")
    video = window.show_tab("video")
    assert video.luma.start_frame.path == grid.path


ROCKET = DATA / "rocket.jpg"


def test_blend_shorten_and_face_swap_send_what_the_form_holds(open_window, run_async, task_sim, qtbot):
    window = open_window()
    tab = images_tab(window)
    panel, form, view = tab.midjourney, tab.midjourney.form, tab.midjourney.task

    async def send(mode: str):
        before = set(panel.started)
        click(qtbot, form.submit_button)
        [job_id] = panel.started - before
        return await ended(window, job_id)

    async def scenario():
        await until(lambda: window.workspace.task_engine is not None)
        choose_mode(qtbot, form, "blend")
        assert drop_files(form.blend_images.list, [CAT, ROCKET]) and form.blend_images.paths == [CAT, ROCKET]
        pick(form.dimensions, "LANDSCAPE")
        blended = await send("blend")
        choose_mode(qtbot, form, "shorten")
        type_text(qtbot, form.shorten_prompt, "a very long and winding prompt about a quiet lake at dawn")
        shortened = await send("shorten")
        await until(lambda: view.prompts.count() >= 2, message="the shorter prompts never showed")
        choose_mode(qtbot, form, "swap-face")
        assert drop_files(form.face, [CAT]) and drop_files(form.target, [ROCKET])
        swapped = await send("swap-face")
        return blended, shortened, swapped

    blended, shortened, swapped = run_async(scenario())
    [blend] = journal(task_sim, "/mj/submit/blend")
    assert len(blend["body"]["base64Array"]) == 2 and blend["body"]["dimensions"] == "LANDSCAPE"
    assert blended.state is JobState.DONE
    with Image.open(image_asset(window, blended.id).path) as grid:
        assert grid.width > grid.height, "a landscape blend"
    [shorten] = journal(task_sim, "/mj/submit/shorten")
    assert shorten["body"]["prompt"] == "a very long and winding prompt about a quiet lake at dawn"
    assert shortened.state is JobState.DONE
    [swap] = journal(task_sim, "/mj/insight-face/swap")
    assert swap["body"]["sourceBase64"].startswith("data:image/png;base64,")
    assert swap["body"]["targetBase64"].startswith("data:image/jpeg;base64,")
    assert swapped.state is JobState.DONE and image_asset(window, swapped.id).path is not None


def test_cancel_stops_following_a_running_job(open_window, run_async, task_sim, qtbot):
    window = open_window()
    tab = images_tab(window)
    view = tab.midjourney.task

    async def scenario():
        await until(lambda: window.workspace.task_engine is not None)
        job_id = imagine(qtbot, tab, "a long night [[task-seconds:20]]")
        await until(lambda: job(window, job_id).state is JobState.RUNNING and view.cancel_button.isVisible())
        click(qtbot, view.cancel_button)
        return await ended(window, job_id)

    cancelled = run_async(scenario())
    assert cancelled.state is JobState.CANCELLED
    assert view.state.text().startswith("Cancelled") and view.cancel_button.isHidden()
