"""The Tools tab in the real window, offscreen, against the simulator over loopback: the embeddings
heatmap equals numpy's cosine of the returned vectors (float and base64), semantic search ranks the
related asset first, moderation bars match the returned scores, and the usage dashboard's totals equal
the usage recorded for a chat and an image request (plus the balance)."""

from __future__ import annotations

import base64
import subprocess
import sys

import numpy as np
import pytest
from conftest import journal, type_text, until
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from studio.ui.tools.tools_tab import ToolsTab

TEXTS = [
    "a red fox jumps over the fence",
    "the red fox sleeps under a tree",
    "quarterly tax report for the office",
    "office tax forms due in april",
    "a violin concerto in d minor",
    "violin sonata played slowly",
    "fresh bread from the bakery",
    "the bakery sells sourdough bread",
    "rocket launch at dawn",
    "a rocket lifts off the launch pad",
]


def tools_tab(window) -> ToolsTab:
    tab = window.show_tab("tools")
    assert isinstance(tab, ToolsTab)
    return tab


def embed_through_the_tab(qtbot, tab, run_async, encoding: str) -> None:
    tab.pages.setCurrentIndex(0)
    tab.texts.clear()
    tab.texts.setFocus()
    for text in TEXTS:
        qtbot.keyClicks(tab.texts, text)
        qtbot.keyClick(tab.texts, Qt.Key.Key_Return)
    tab.encoding.setCurrentIndex(tab.encoding.findData(encoding))
    tab.dimensions.setValue(256)
    before = tab.vectors
    qtbot.mouseClick(tab.embed_button, Qt.MouseButton.LeftButton)
    run_async(until(lambda: tab.vectors is not before and len(tab.vectors) == 10, message="no vectors"))


@pytest.mark.parametrize("encoding", ["float", "base64"])
def test_a_ten_text_heatmap_equals_numpy_cosine_of_the_returned_vectors(open_window, run_async, qtbot, sim, encoding):
    window = open_window()
    tab = tools_tab(window)
    embed_through_the_tab(qtbot, tab, run_async, encoding)
    [request] = [entry for entry in journal(sim, "/v1/embeddings")]
    assert request["body"]["encoding_format"] == encoding and request["body"]["dimensions"] == 256
    # The vectors the simulator sent, decoded here independently of the app.
    import httpx

    reply = httpx.post(sim.base_url + "/v1/embeddings", json=request["body"],
                       headers={"Authorization": "Bearer test-key-not-secret"}).json()
    raw = [row["embedding"] for row in reply["data"]]
    vectors = np.array(
        [np.frombuffer(base64.b64decode(v), "<f4") for v in raw] if encoding == "base64" else raw, dtype=np.float64
    )
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    expected = unit @ unit.T
    shown = tab.heatmap.image.image
    assert shown.shape == (10, 10)
    np.testing.assert_allclose(shown, expected, atol=1e-5)
    assert tab.heatmap.colour_bar.levels() == (-1.0, 1.0)
    # related pairs are the brightest off-diagonal cells
    for row in range(0, 10, 2):
        others = [c for c in range(10) if c != row]
        assert max(others, key=lambda c: shown[row, c]) == row + 1
    # hovering a cell names its value
    plot = tab.heatmap.plot
    point = plot.mapFromScene(plot.getPlotItem().vb.mapViewToScene(QPointF(3.5, 2.5)))
    move = QMouseEvent(QEvent.Type.MouseMove, QPointF(point), QPointF(plot.viewport().mapToGlobal(point)),
                       Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(plot.viewport(), move)  # a real move, as the mouse makes it (QTest's would nest a loop)
    assert f"{expected[2, 3]:.4f}" in tab.heatmap.hover.text()
    # the projection has one labelled point per text
    assert len(tab.projection.scatter.data) == 10
    assert [item.textItem.toPlainText() for item in tab.projection.texts] == [t[:28] for t in TEXTS]


def test_vectors_export_as_csv_and_npy(open_window, run_async, qtbot, tmp_path):
    window = open_window()
    tab = tools_tab(window)
    embed_through_the_tab(qtbot, tab, run_async, "float")
    tab.export_to(tmp_path / "v.npy", "npy")
    tab.export_to(tmp_path / "v.csv", "csv")
    np.testing.assert_allclose(np.load(tmp_path / "v.npy"), tab.vectors, atol=1e-6)
    lines = (tmp_path / "v.csv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 11 and lines[1].startswith(TEXTS[0])
    tab.export_to(tmp_path / "missing" / "v.csv", "csv")
    assert "Could not write" in tab.embed_status.text()


def test_an_empty_input_gets_a_sentence_not_a_request(open_window, qtbot, sim):
    window = open_window()
    tab = tools_tab(window)
    qtbot.mouseClick(tab.embed_button, Qt.MouseButton.LeftButton)
    assert "at least one text" in tab.embed_status.text()
    assert journal(sim, "/v1/embeddings") == []


def test_semantic_search_ranks_the_related_asset_first_and_embeds_only_new_items(open_window, run_async, qtbot, sim):
    window = open_window()
    library = window.workspace.library
    fox = library.add(None, kind="text", title="Fox song", prompt="a sly red fox in the snowy forest")
    library.add(None, kind="text", title="Tax memo", prompt="quarterly tax report for the office")
    library.add(None, kind="text", title="Bread", prompt="sourdough bread from the bakery")
    tab = tools_tab(window)
    qtbot.keyClicks(tab.search_query, "where is the fox in the forest")
    qtbot.keyClick(tab.search_query, Qt.Key.Key_Return)
    run_async(until(lambda: tab.results.count() == 3, message="no results"))
    assert tab.hits[0].asset_id == fox.id
    first = journal(sim, "/v1/embeddings")
    assert len(first[0]["body"]["input"]) == 3
    library.add(None, kind="text", title="Violin", prompt="violin concerto")
    count = tab.results.count()
    tab.results.clear()
    qtbot.mouseClick(tab.search_button, Qt.MouseButton.LeftButton)
    run_async(until(lambda: tab.results.count() == count + 1, message="no second results"))
    bodies = [entry["body"]["input"] for entry in journal(sim, "/v1/embeddings")]
    assert bodies[2] == ["Violin\nviolin concerto"], "only the new item is embedded the second time"


def test_moderation_bars_match_the_scores_and_the_precheck_setting_sticks(open_window, run_async, qtbot, sim):
    window = open_window()
    tab = tools_tab(window)
    tab.pages.setCurrentIndex(1)
    type_text(qtbot, tab.moderation_text, "I will kill them with a bomb")
    qtbot.mouseClick(tab.check_button, Qt.MouseButton.LeftButton)
    run_async(until(lambda: tab.moderation is not None, message="no verdict"))
    verdict = tab.moderation.results[0]
    bars = tab.bars.bars.opts
    names = [name for _, name in tab.bars.getAxis("left")._tickLevels[0]]
    assert len(names) == 13
    assert list(bars["width"]) == [verdict.category_scores[name] for name in names]
    flagged = [name for name, hit in zip(names, tab.bars.flagged, strict=True) if hit]
    assert set(flagged) == set(verdict.flagged_categories) and "violence" in flagged
    assert tab.verdict.text().startswith("Flagged:") and "text" in tab.verdict.text()
    qtbot.mouseClick(tab.precheck, Qt.MouseButton.LeftButton)
    assert window.workspace.usage.precheck_prompts


def test_the_dashboard_totals_equal_the_recorded_chat_and_image_usage(open_window, run_async, qtbot, sim, studio_home):
    """A chat typed in the Chat tab and a picture made in the Images tab, as a user does; then the dashboard."""
    window = open_window()
    tab = tools_tab(window)
    tab.pages.setCurrentIndex(2)
    chat = window.show_tab("chat")
    images = window.show_tab("images")
    images.services.setCurrentWidget(images.openai)
    images.openai.model.setCurrentText("dall-e-3")
    type_text(qtbot, images.openai.prompt, "a cat")

    async def work():
        window.show_tab("chat")
        chat.composer.edit.setFocus()
        qtbot.keyClicks(chat.composer.edit, "hi")
        qtbot.keyClick(chat.composer.edit, Qt.Key.Key_Return)
        await until(lambda: not chat.bridge.busy and chat.model.messages and chat.model.messages[-1].status == "done",
                    timeout=20, message="the chat reply never finished")
        window.show_tab("images")
        qtbot.mouseClick(images.openai.run_button, Qt.MouseButton.LeftButton)
        await until(lambda: images.gallery.model.rowCount() == 1, timeout=20, message="the picture never arrived")

    run_async(work())
    reply = window.workspace.db.execute(
        "SELECT model, input_tokens, output_tokens FROM messages WHERE role = 'assistant'"
    ).fetchone()
    generated = journal(sim, "/v1/images/generations")
    assert len(generated) == 1 and generated[-1]["body"]["model"] == "dall-e-3"
    window.show_tab("tools")
    run_async(until(lambda: tab.shown_total.requests == 2, message="the dashboard never showed two requests"))
    rows = window.workspace.db.execute("SELECT family, model, input_tokens, output_tokens, media_out FROM usage_ledger").fetchall()
    assert sorted(tuple(r) for r in rows) == sorted([
        ("chat", reply["model"], reply["input_tokens"], reply["output_tokens"], 0),
        ("images", "dall-e-3", 0, 0, 1),  # dall-e-3 reports no tokens; one picture came out
    ])
    assert reply["input_tokens"] > 0 and reply["output_tokens"] > 0, "the chat's usage as the reply reported it"
    total = tab.shown_total
    assert total.input_tokens == sum(r[2] for r in rows) and total.output_tokens == sum(r[3] for r in rows)
    assert tab.totals_table.rowCount() == 2
    shown_models = {tab.totals_table.item(r, 0).text() for r in range(2)}
    assert shown_models == {reply["model"], "dall-e-3"}
    assert sum(sum(v) for v in tab.usage_chart.stacks.values()) == total.tokens
    assert tab.usage_chart.cumulative[-1] == pytest.approx(total.cost)
    qtbot.mouseClick(tab.balance_button, Qt.MouseButton.LeftButton)
    run_async(until(lambda: tab.balance_label.text().startswith("Balance: $")
                    or "unlimited" in tab.balance_label.text(), message="no balance"))
    assert window.workspace.usage.balance_history()


def test_the_budget_warns_at_80_percent(open_window, qtbot):
    from studio.api.usage import UsageEvent

    window = open_window()
    tab = tools_tab(window)
    ledger = window.workspace.usage
    ledger.record(UsageEvent("luma", "ray-2", "/luma/generations"))  # $0.40 by the default table
    tab.budget.setValue(0.45)
    assert tab.budget_label.text().startswith("Near the budget")
    tab.budget.setValue(0.30)
    assert tab.budget_label.text().startswith("Over budget")


def test_cli_usage_prints_the_same_totals(studio_home):
    from studio.api.usage import UsageEvent
    from studio.core.database import open_database
    from studio.core.settings import StudioPaths
    from studio.core.usage import UsageLedger

    paths = StudioPaths.default()
    connection = open_database(paths.data_dir / "studio.db")
    ledger = UsageLedger(connection)
    ledger.record(UsageEvent("chat", "gpt-4o", "/v1/chat/completions", 1000, 500))
    ledger.record(UsageEvent("chat", "gpt-4o", "/v1/chat/completions", 1000, 500))
    ledger.record(UsageEvent("images", "dall-e-3", "/v1/images/generations", media_out=2))
    connection.close()
    out = subprocess.run([sys.executable, "-m", "studio.cli", "usage", "--by", "model"], capture_output=True, text=True,
                         check=True).stdout
    lines = out.splitlines()
    assert lines[1].split() == ["gpt-4o", "2", "2000", "1000", "0", "$0.0150"]
    assert lines[2].split() == ["dall-e-3", "1", "0", "0", "2", "$0.0800"]
    assert lines[-1].split() == ["total", "3", "2000", "1000", "2", "$0.0950"]
    bad = subprocess.run([sys.executable, "-m", "studio.cli", "usage", "--since", "yesterday"], capture_output=True,
                         text=True)
    assert bad.returncode == 2 and "--since wants a date" in bad.stderr and "Traceback" not in bad.stderr


def test_the_precheck_warns_on_a_flagged_prompt_only_when_it_is_on(open_window, run_async, qtbot, sim):
    window = open_window()
    tab = tools_tab(window)
    tab.pages.setCurrentIndex(1)
    tab.precheck_before_paid("a bomb in the city")
    run_async(until(lambda: not tab.operations, message="the pre-check never ended"))
    assert tab.precheck_warning.text().strip() == "" and journal(sim, "/v1/moderations") == [], "off: nothing sent"
    qtbot.mouseClick(tab.precheck, Qt.MouseButton.LeftButton)
    tab.precheck_before_paid("a bomb in the city")
    run_async(until(lambda: "Moderation flags this prompt" in tab.precheck_warning.text(), message="no warning"))
    assert "illicit/violent" in tab.precheck_warning.text()
    tab.precheck_before_paid("a calm lake at dawn")
    run_async(until(lambda: tab.precheck_warning.text().strip() == "", message="a clean prompt still warned"))


def test_add_from_library_puts_matching_lyrics_transcripts_and_prompts_in_the_lab(open_window, qtbot, sim):
    window = open_window()
    library = window.workspace.library
    library.add(None, kind="text", title="Harbour song", prompt="a song about a harbour", text="[Verse]\nlights on\nthe harbour")
    library.add(None, kind="text", title="Meeting", prompt="", text="we met at the harbour at nine")
    library.add(None, kind="text", title="Forest", prompt="a fox in the forest")
    tab = tools_tab(window)
    tab.pages.setCurrentIndex(0)
    tab.texts.setPlainText("my own line")

    type_text(qtbot, tab.library_words, "harbour")
    qtbot.mouseClick(tab.add_library_button, Qt.MouseButton.LeftButton)
    lines = tab.texts.toPlainText().splitlines()
    assert lines[0] == "my own line" and sorted(lines[1:]) == ["[Verse] lights on the harbour", "we met at the harbour at nine"]
    assert tab.embed_status.text() == "Added 2 texts from the library."
    qtbot.mouseClick(tab.add_library_button, Qt.MouseButton.LeftButton)
    assert len(tab.texts.toPlainText().splitlines()) == 3, "a text already in the lab is not added twice"
    assert "Nothing new in the library matches" in tab.embed_status.text()
    tab.texts.setFocus()
    qtbot.keyClick(tab.texts, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert tab.texts.toPlainText() == "my own line", "Ctrl+Z takes the added lines back in one step"
