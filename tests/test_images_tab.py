"""The Images tab in the real window, offscreen, against the simulator over loopback, driven by real input."""

from __future__ import annotations

import io
from pathlib import Path

import httpx
import numpy as np
from conftest import DATA, drop_files, journal, type_text, until
from PIL import Image
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from studio.ui.images.images_tab import ImagesTab
from studio.ui.widgets.asset_model import ASSET_ROLE

GENERATIONS = "/v1/images/generations"
EDITS = "/v1/images/edits"
VARIATIONS = "/v1/images/variations"
ROCKET = DATA / "rocket.jpg"


def opened(open_window, run_async):
    """The window, once its first look at the gateway is over (so no request of it overlaps the test's)."""
    window = open_window()
    run_async(until(lambda: "…" not in window.connection_label.text(), message="the connection probe never ended"))
    return window


def images_tab(window) -> ImagesTab:
    tab = window.show_tab("images")
    assert isinstance(tab, ImagesTab)
    return tab


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def choose_mode(qtbot, tab: ImagesTab, index: int) -> None:
    """Click the Generate / Edit / Variation tab of the form."""
    bar = tab.openai.modes
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert bar.currentIndex() == index


def choose(combo, value) -> None:
    combo.setCurrentIndex(combo.findData(value))


def uploaded(sim, sha256: str) -> bytes:
    return httpx.get(f"{sim.base_url}/_sim/uploads/{sha256}").raise_for_status().content


def drag(qtbot, widget, points: list[QPoint]) -> None:
    """Press at the first point, move through the rest, release at the last: one brush stroke."""
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=points[0])
    for point in points[1:]:
        qtbot.mouseMove(widget, point)
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=points[-1])


def test_generate_puts_the_results_in_the_gallery_and_the_library_and_out_again(
    open_window, run_async, sim, qtbot, studio_home
):
    window = opened(open_window, run_async)
    tab = images_tab(window)
    panel, gallery = tab.openai, tab.gallery
    panel.model.setCurrentText("dall-e-3")
    assert not panel.options.isRowVisible(panel.n) and panel.options.isRowVisible(panel.style)
    assert not panel.options.isRowVisible(panel.background), "dall-e-3 takes no background option"
    choose(panel.style, "natural")
    choose(panel.response_format, "url")
    type_text(qtbot, panel.prompt, "an owl reading a map")
    assert gallery.empty.isVisibleTo(tab)

    async def scenario():
        click(qtbot, panel.run_button)
        await until(lambda: gallery.model.rowCount() == 1 and gallery.selected() and gallery.selected()[0].path)

    run_async(scenario())
    body = journal(sim, GENERATIONS)[-1]["body"]
    assert body == {"prompt": "an owl reading a map", "model": "dall-e-3", "style": "natural", "response_format": "url"}
    asset = gallery.selected()[0]
    stored = window.workspace.library.get(asset.id)
    assert stored.path is not None and stored.path.exists() and stored.family == "openai-images"
    assert stored.parameters["revised_prompt"] and "Revised prompt: " + stored.parameters["revised_prompt"] in gallery.details.text()
    assert not gallery.empty.isVisibleTo(tab) and panel.history_items() == ["an owl reading a map"]

    # out: a drag carries the file's URL; copy puts the picture on the clipboard; reuse brings the form back
    view = gallery.view
    indexes = view.selectedIndexes()
    assert all(view.model().flags(index) & Qt.ItemFlag.ItemIsDragEnabled for index in indexes)
    mime = view.model().mimeData(indexes)
    assert [url.toLocalFile() for url in mime.urls()] == [str(stored.path)]

    async def copy():
        click(qtbot, gallery.copy_button)
        await until(lambda: not QApplication.clipboard().image().isNull())

    run_async(copy())
    assert QApplication.clipboard().image().size().width() == stored.width
    panel.prompt.clear()
    panel.model.setCurrentText("gpt-image-1")
    click(qtbot, gallery.reuse_button)
    assert panel.prompt.toPlainText() == "an owl reading a map" and panel.model.currentText() == "dall-e-3"
    assert panel.style.currentData() == "natural" and panel.response_format.currentData() == "url"

    click(qtbot, gallery.edit_button)
    assert panel.operation == "edit" and panel.editor.inputs == [stored.path]
    assert panel.model.currentText() == "gpt-image-1", "dall-e-3 cannot edit: a model that can is chosen"
    assert panel.editor.strip.item(0).text() == "an owl reading a map", "a library picture shows by its title"
    click(qtbot, gallery.chat_button)
    chat = window.parts["chat"]

    async def attached():
        await until(lambda: len(chat.composer.attachments) == 1)

    run_async(attached())
    assert window.tabs.currentWidget().part is chat


def _square_picture(tmp_path: Path, side: int = 2048) -> Path:
    ramp = np.linspace(0, 255, side, dtype=np.uint8)
    pixels = np.stack([np.tile(ramp, (side, 1)), np.tile(ramp[:, None], (1, side)), np.full((side, side), 90, np.uint8)], -1)
    path = tmp_path / "big.png"
    Image.fromarray(pixels, "RGB").save(path)
    return path


def _load(qtbot, run_async, tab: ImagesTab, path: Path) -> None:
    canvas = tab.openai.editor.canvas

    async def loaded():
        assert drop_files(canvas, [path])
        await until(lambda: canvas.has_image() and canvas.image_size() == Image.open(path).size)

    run_async(loaded())


def test_a_mask_painted_with_the_brush_arrives_the_image_size_transparent_exactly_where_painted(
    open_window, run_async, sim, qtbot, tmp_path
):
    picture = _square_picture(tmp_path)
    tab = images_tab(opened(open_window, run_async))
    panel = tab.openai
    choose_mode(qtbot, tab, 1)
    panel.model.setCurrentText("gpt-image-1")
    _load(qtbot, run_async, tab, picture)
    canvas = panel.editor.canvas
    panel.editor.size_slider.setValue(120)
    viewport = canvas.viewport()
    centre = viewport.rect().center()
    stroke = [centre + QPoint(dx, dx // 3) for dx in range(-150, 151, 15)]
    drag(qtbot, viewport, stroke)
    painted = canvas.painted()
    assert painted.shape == (2048, 2048) and set(np.unique(painted)) == {0, 255}, "a hard brush paints whole pixels"
    for point in stroke:  # every point the mouse crossed is painted, in image pixels
        scene = canvas.mapToScene(point)
        assert painted[int(scene.y()), int(scene.x())] == 255
    assert painted[0, 0] == 0 and painted[-1, -1] == 0
    type_text(qtbot, panel.prompt, "a lake where the paint is")

    async def scenario():
        click(qtbot, panel.run_button)
        await until(lambda: journal(sim, EDITS) and tab.gallery.model.rowCount() >= 1 and not panel.running.running)

    run_async(scenario())
    sent = journal(sim, EDITS)[-1]
    mask_file = sent["files"]["mask"][0]
    with Image.open(io.BytesIO(uploaded(sim, mask_file["sha256"]))) as mask:
        assert mask.format == "PNG" and mask.size == (2048, 2048) and mask.mode == "RGBA"
        alpha = np.asarray(mask.getchannel("A"))
    transparent = set(zip(*np.nonzero(alpha == 0), strict=True))
    brushed = set(zip(*np.nonzero(painted == 255), strict=True))
    assert transparent == brushed and len(brushed) > 10_000
    assert np.all(alpha[painted == 0] == 255), "every pixel not painted stays opaque"
    assert sent["files"]["image[]"][0]["filename"] == "big.png"


def test_undo_and_redo_of_strokes_with_ctrl_z_and_ctrl_y(open_window, run_async, qtbot, tmp_path):
    window = opened(open_window, run_async)
    tab = images_tab(window)
    choose_mode(qtbot, tab, 1)
    _load(qtbot, run_async, tab, _square_picture(tmp_path, 512))
    canvas = tab.openai.editor.canvas
    viewport = canvas.viewport()
    centre = viewport.rect().center()
    drag(qtbot, viewport, [centre + QPoint(-100, -60), centre + QPoint(100, -60)])
    first = canvas.painted()
    drag(qtbot, viewport, [centre + QPoint(-100, 60), centre + QPoint(100, 60)])
    both = canvas.painted()
    assert (both > 0).sum() > (first > 0).sum() > 0 and canvas.undo_stack.count() == 2
    window.activateWindow()
    run_async(until(lambda: QApplication.activeWindow() is window))
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert np.array_equal(canvas.painted(), first)
    qtbot.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not canvas.has_paint()
    qtbot.keyClick(canvas, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert np.array_equal(canvas.painted(), first)
    qtbot.keyClick(canvas, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert np.array_equal(canvas.painted(), both)
    click(qtbot, tab.openai.editor.invert_button)
    assert np.array_equal(canvas.painted(), 255 - both)
    qtbot.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    click(qtbot, tab.openai.editor.clear_button)
    assert not canvas.has_paint()
    qtbot.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert np.array_equal(canvas.painted(), both)


def test_a_non_square_jpeg_for_a_variation_is_fixed_to_a_square_png_with_one_click(
    open_window, run_async, sim, qtbot
):
    tab = images_tab(opened(open_window, run_async))
    panel = tab.openai
    choose_mode(qtbot, tab, 2)
    assert panel.model.currentText() == "dall-e-2", "only dall-e-2 makes variations"
    assert not panel.prompt.isVisibleTo(panel) and not panel.editor.tools.isVisibleTo(panel)

    async def checked():
        assert drop_files(panel.editor.canvas, [ROCKET])
        await until(lambda: panel.problem.isVisible() and panel.fix_button.isVisibleTo(panel))

    run_async(checked())
    text = panel.problem_text.text()
    assert "rocket.jpg is a JPEG; dall-e-2 takes PNG images only." in text and "640×427; dall-e-2 needs a square image" in text

    async def fixed_and_sent():
        click(qtbot, panel.fix_button)
        await until(lambda: panel.editor.inputs and panel.editor.inputs[0].name == "rocket-fixed.png")
        assert "rocket.jpg was padded to a 640×640 square and saved as PNG" in panel.problem_text.text()
        await until(lambda: panel.check is not None and panel.check.ok)
        click(qtbot, panel.run_button)
        await until(lambda: tab.gallery.model.rowCount() >= 1 and not panel.running.running)

    run_async(fixed_and_sent())
    sent = journal(sim, VARIATIONS)
    assert len(sent) == 1
    image = sent[0]["files"]["image"][0]
    assert image["filename"] == "rocket-fixed.png" and image["content_type"] == "image/png"
    with Image.open(io.BytesIO(uploaded(sim, image["sha256"]))) as square:
        assert square.format == "PNG" and square.size == (640, 640)
    results = [tab.gallery.model.index(row).data(ASSET_ROLE) for row in range(tab.gallery.model.rowCount())]
    assert all(asset.parameters["operation"] == "variation" and asset.path for asset in results)
    assert "padded to a 640×640 square" in results[0].parameters["fixes"][0]


def test_a_mask_of_another_size_shows_its_sentence_and_nothing_is_sent(open_window, run_async, sim, qtbot, tmp_path):
    mask = tmp_path / "small-mask.png"
    pixels = np.zeros((200, 200, 4), np.uint8)
    pixels[..., 3] = 255
    pixels[50:100, 50:100, 3] = 0
    Image.fromarray(pixels, "RGBA").save(mask)
    tab = images_tab(opened(open_window, run_async))
    panel = tab.openai
    choose_mode(qtbot, tab, 1)
    panel.model.setCurrentText("gpt-image-1")
    _load(qtbot, run_async, tab, ROCKET)
    refusal = "The mask is 200×200 but rocket.jpg is 640×427; a mask must be exactly the size of the first image."

    async def refused():
        assert drop_files(panel.editor.mask_label, [mask])
        await until(lambda: panel.problem.isVisible() and refusal in panel.problem_text.text())

    run_async(refused())
    assert not panel.fix_button.isVisibleTo(panel) and panel.editor.mask_file == mask
    type_text(qtbot, panel.prompt, "a hat")

    async def not_sent():
        click(qtbot, panel.run_button)
        await until(lambda: panel.running is not None and not panel.running.running)

    run_async(not_sent())
    assert journal(sim, EDITS) == [] and panel.problem_text.text() == refusal
    assert tab.gallery.model.rowCount() == 0


def test_paint_on_a_picture_that_is_fixed_moves_with_it_and_the_mask_sent_still_matches(
    open_window, run_async, sim, qtbot
):
    tab = images_tab(opened(open_window, run_async))
    panel = tab.openai
    choose_mode(qtbot, tab, 1)
    panel.model.setCurrentText("dall-e-2")
    _load(qtbot, run_async, tab, ROCKET)
    canvas = panel.editor.canvas
    viewport = canvas.viewport()
    centre = viewport.rect().center()
    drag(qtbot, viewport, [centre + QPoint(-80, -20), centre + QPoint(80, 20)])
    before = canvas.painted()
    rows, columns = np.nonzero(before == 255)

    async def fixed():
        await until(lambda: panel.fix_button.isVisibleTo(panel))
        click(qtbot, panel.fix_button)
        await until(lambda: canvas.image_size() == (640, 640) and canvas.has_paint())
        await until(lambda: panel.check is not None and panel.check.ok)

    run_async(fixed())
    after = canvas.painted()
    offset = -((427 - 640) // 2)  # padded above and below (107 rows above)
    assert set(zip(*np.nonzero(after == 255), strict=True)) == set(zip(rows + offset, columns, strict=True))
    type_text(qtbot, panel.prompt, "a second moon")

    async def sent():
        click(qtbot, panel.run_button)
        await until(lambda: journal(sim, EDITS) and not panel.running.running)

    run_async(sent())
    files = journal(sim, EDITS)[-1]["files"]
    with Image.open(io.BytesIO(uploaded(sim, files["mask"][0]["sha256"]))) as mask:
        alpha = np.asarray(mask.getchannel("A"))
    assert mask.size == (640, 640) and np.array_equal(alpha == 0, after == 255)
    assert files["image"][0]["filename"] == "rocket-fixed.png" and tab.gallery.model.rowCount() >= 1
