"""The Images tab's Ideogram page in the real window, offscreen, against the simulator over loopback, driven
by real input: generate sends the form (with the Api-Key header) and shows a withheld picture as blocked
with its reason; remix sends the dropped file; upscale its resemblance and detail; describe's
descriptions become the prompt with a click; a refused prompt shows the gateway's reason."""

from __future__ import annotations

import hashlib
import json

import pytest
from conftest import DATA, drop_files, journal, type_text, until
from PySide6.QtCore import Qt

from studio.core.tasks import JobState, PollTiming
from studio.ui.images.ideogram_panel import ASSET_ID_ROLE, BLOCKED_ROLE, KINDS, IdeogramPanel
from studio.ui.images.images_tab import ImagesTab

CAT = DATA / "chelsea.png"


@pytest.fixture
def window_sim(task_sim):
    return task_sim


@pytest.fixture
def prepare_workspace():
    def prepare(workspace) -> None:
        workspace.task_timing = PollTiming.every(0.1)

    return prepare


def ideogram(window) -> tuple[ImagesTab, IdeogramPanel]:
    tab = window.show_tab("images")
    assert isinstance(tab, ImagesTab)
    tab.services.setCurrentWidget(tab.ideogram)
    return tab, tab.ideogram


def click(qtbot, widget) -> None:
    assert widget.isEnabled(), f"{widget.text()} is disabled"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def choose_kind(qtbot, panel: IdeogramPanel, kind: str) -> None:
    bar = panel.modes
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(KINDS.index(kind)).center())
    assert panel.kind == kind


def pick(combo, value) -> None:
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


async def ended(window, panel: IdeogramPanel, timeout: float = 20):
    await until(lambda: panel.shown is not None, message="nothing was sent")
    job_id = panel.shown
    row = lambda: window.jobs.job_row(job_id)  # noqa: E731
    await until(lambda: row() is not None and row().state.finished, timeout=timeout, message="the job never ended")
    return window.workspace.task_engine.job(job_id)


def tiles(panel: IdeogramPanel) -> list:
    return [panel.results.item(row) for row in range(panel.results.count())]


def test_generate_sends_the_form_with_the_api_key_and_shows_a_withheld_picture_as_blocked(
    open_window, run_async, task_sim, qtbot
):
    window = open_window()
    tab, panel = ideogram(window)
    type_text(qtbot, panel.prompt, "a poster that says HELLO [[unsafe]]")
    pick(panel.aspect_ratio, "ASPECT_16_9")
    pick(panel.model, "V_2_TURBO")
    pick(panel.magic_prompt, "OFF")
    pick(panel.style, "DESIGN")
    type_text(qtbot, panel.negative, "blur")
    panel.seed.setValue(1234)
    panel.count.setValue(3)

    async def scenario():
        await until(lambda: window.workspace.task_engine is not None)
        click(qtbot, panel.submit_button)
        done = await ended(window, panel)
        await until(lambda: all(not t.icon().isNull() for t in tiles(panel)), message="the pictures never showed")
        return done

    done = run_async(scenario())
    [sent] = journal(task_sim, "/ideogram/generate")
    assert sent["headers"]["api-key"] == "***" and "authorization" not in sent["headers"]
    assert sent["body"] == {
        "image_request": {
            "prompt": "a poster that says HELLO [[unsafe]]",
            "aspect_ratio": "ASPECT_16_9",
            "model": "V_2_TURBO",
            "magic_prompt_option": "OFF",
            "style_type": "DESIGN",
            "negative_prompt": "blur",
            "seed": 1234,
            "num_images": 3,
        }
    }
    assert done.state is JobState.DONE and len(done.asset_ids) == 2
    blocked = [t for t in tiles(panel) if t.data(BLOCKED_ROLE)]
    shown = [t for t in tiles(panel) if not t.data(BLOCKED_ROLE)]
    assert len(blocked) == 1 and blocked[0].text() == "Blocked: Ideogram's safety check withheld this picture"
    assert [t.data(ASSET_ID_ROLE) for t in shown] == list(done.asset_ids)
    assert all("seed 123" in t.text() for t in shown), [t.text() for t in shown]
    for asset_id in done.asset_ids:
        assert tab.gallery.model.position(asset_id) is not None, "each picture is in the gallery"


def test_remix_sends_the_api_key_the_dropped_file_and_its_weight(open_window, run_async, task_sim, qtbot):
    window = open_window()
    _tab, panel = ideogram(window)
    choose_kind(qtbot, panel, "remix")
    assert drop_files(panel.image, [CAT]) and panel.image.path == CAT
    type_text(qtbot, panel.prompt, "the cat as a watercolour")
    panel.image_weight.setValue(70)

    async def scenario():
        await until(lambda: window.workspace.task_engine is not None)
        click(qtbot, panel.submit_button)
        return await ended(window, panel)

    done = run_async(scenario())
    [sent] = journal(task_sim, "/ideogram/remix")
    assert sent["headers"]["api-key"] == "***" and "authorization" not in sent["headers"]
    [file] = sent["files"]["image_file"]
    assert file["sha256"] == hashlib.sha256(CAT.read_bytes()).hexdigest() and file["size"] == CAT.stat().st_size
    request = json.loads(sent["form"]["image_request"])
    assert request == {"prompt": "the cat as a watercolour", "image_weight": 70}
    assert done.state is JobState.DONE and len(tiles(panel)) == 1


def test_upscale_sends_resemblance_and_detail(open_window, run_async, task_sim, qtbot):
    window = open_window()
    _tab, panel = ideogram(window)
    choose_kind(qtbot, panel, "upscale")
    assert not panel.options.isRowVisible(panel.aspect_ratio)
    assert drop_files(panel.image, [CAT])
    panel.resemblance.setValue(80)
    panel.detail.setValue(20)

    async def scenario():
        await until(lambda: window.workspace.task_engine is not None)
        click(qtbot, panel.submit_button)
        return await ended(window, panel)

    done = run_async(scenario())
    [sent] = journal(task_sim, "/ideogram/upscale")
    assert json.loads(sent["form"]["image_request"]) == {"resemblance": 80, "detail": 20}
    assert done.state is JobState.DONE


def test_describe_lists_descriptions_and_a_click_makes_one_the_prompt(open_window, run_async, task_sim, qtbot):
    window = open_window()
    _tab, panel = ideogram(window)
    choose_kind(qtbot, panel, "describe")
    assert panel.prompt.isHidden()
    assert drop_files(panel.image, [CAT])

    async def scenario():
        await until(lambda: window.workspace.task_engine is not None)
        click(qtbot, panel.submit_button)
        await ended(window, panel)
        await until(lambda: panel.descriptions.count() >= 1, message="no description showed")

    run_async(scenario())
    [sent] = journal(task_sim, "/ideogram/describe")
    assert "image_request" not in sent["form"] and sent["files"]["image_file"]
    first = panel.descriptions.item(0)
    view = panel.descriptions
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualItemRect(first).center())
    assert panel.kind == "generate" and panel.prompt.toPlainText() == first.text()


def test_a_refused_prompt_shows_the_gateways_reason(open_window, run_async, qtbot):
    window = open_window()
    _tab, panel = ideogram(window)
    type_text(qtbot, panel.prompt, "something gore")

    async def scenario():
        await until(lambda: window.workspace.task_engine is not None)
        click(qtbot, panel.submit_button)
        return await ended(window, panel)

    failed = run_async(scenario())
    assert failed.state is JobState.FAILED
    assert panel.reason.isVisible() and "safety check" in panel.reason.text()


def test_a_missing_prompt_or_picture_is_refused_before_anything_is_written(open_window, run_async, qtbot):
    window = open_window()
    _tab, panel = ideogram(window)
    run_async(until(lambda: window.workspace.task_engine is not None))
    click(qtbot, panel.submit_button)
    assert panel.problem.text() == "The prompt is missing."
    choose_kind(qtbot, panel, "remix")
    type_text(qtbot, panel.prompt, "a remix of nothing")
    click(qtbot, panel.submit_button)
    assert panel.problem.text() == "The image is missing."
    assert window.workspace.task_engine.jobs() == []
