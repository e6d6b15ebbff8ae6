"""Before a paid generation leaves: over the monthly budget, or with a prompt moderation flags (when the
Tools tab's pre-check is on), the user is asked first; nothing is written or sent until they agree.
Through the Video tab's Luma button, in the real window, against the task simulator over loopback."""

from __future__ import annotations

import pytest
from conftest import journal, type_text, until
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from studio.api.usage import UsageEvent
from studio.core.tasks import PollTiming


@pytest.fixture
def window_sim(task_sim):
    return task_sim


@pytest.fixture
def prepare_workspace():
    def prepare(workspace) -> None:
        workspace.task_timing = PollTiming.every(0.1)

    return prepare


def luma_tab(window, qtbot, prompt: str):
    tab = window.show_tab("video")
    tab.services.setCurrentWidget(tab.luma)
    tab.luma.prompt.clear()
    type_text(qtbot, tab.luma.prompt, prompt)
    return tab


def box_button(box: QMessageBox, text: str):
    return next(button for button in box.buttons() if button.text() == text)


def jobs_written(window) -> int:
    return window.workspace.db.execute("SELECT count(*) FROM jobs").fetchone()[0]


def test_over_the_budget_asks_first_and_cancel_writes_and_sends_nothing(open_window, run_async, qtbot, task_sim):
    window = open_window()
    ledger = window.workspace.usage
    ledger.set_monthly_budget(0.5)
    ledger.record(UsageEvent("chat", "gpt-4o", "/v1/chat/completions", input_tokens=400_000, output_tokens=100_000))
    assert ledger.budget_state().over
    tab = luma_tab(window, qtbot, "a lighthouse in a storm")
    before = jobs_written(window)

    async def scenario():
        qtbot.mouseClick(tab.luma.generate_button, Qt.MouseButton.LeftButton)
        box = tab.paid_gate_box
        assert box.isVisible() and "budget" in box.text() and "$0.50" in box.text()
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
        assert jobs_written(window) == before and not tab.started
        assert journal(task_sim, "/luma/generations") == [], "nothing was sent"
        qtbot.mouseClick(tab.luma.generate_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(box_button(tab.paid_gate_box, "Send anyway"), Qt.MouseButton.LeftButton)
        await until(lambda: journal(task_sim, "/luma/generations"), message="the agreed send never left")

    run_async(scenario())
    assert len(tab.started) == 1 and jobs_written(window) == before + 1


def test_a_flagged_prompt_asks_first_only_when_the_precheck_is_on(open_window, run_async, qtbot, task_sim):
    window = open_window()
    ledger = window.workspace.usage
    tab = luma_tab(window, qtbot, "a bomb in the city")

    async def scenario():
        qtbot.mouseClick(tab.luma.generate_button, Qt.MouseButton.LeftButton)
        assert len(tab.started) == 1 and journal(task_sim, "/v1/moderations") == [], "off: sent at once, no check"
        ledger.set_precheck_prompts(True)
        qtbot.mouseClick(tab.luma.generate_button, Qt.MouseButton.LeftButton)
        await until(lambda: getattr(tab, "paid_gate_box", None) is not None, message="no question asked")
        box = tab.paid_gate_box
        assert "Moderation flags this prompt" in box.text() and "violent" in box.text()
        assert len(tab.started) == 1, "nothing is written while the user decides"
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
        assert len(tab.started) == 1
        tab.luma.prompt.clear()
        type_text(qtbot, tab.luma.prompt, "a calm lake at dawn")
        tab.paid_gate_box = None
        qtbot.mouseClick(tab.luma.generate_button, Qt.MouseButton.LeftButton)
        await until(lambda: len(tab.started) == 2, message="a clean prompt was held back")

    run_async(scenario())
    assert tab.paid_gate_box is None and len(journal(task_sim, "/v1/moderations")) == 2
    for job_id in tab.started:
        window.tasks.cancel(job_id)


def test_check_with_moderation_from_a_prompts_menu_shows_its_scores_in_the_tools_tab(
    open_window, run_async, qtbot, task_sim
):
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QApplication

    window = open_window()
    tab = luma_tab(window, qtbot, "a bomb in the city")
    box = tab.luma.prompt
    point = QPoint(20, 10)

    async def scenario():
        event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, box.viewport().mapToGlobal(point))
        QApplication.sendEvent(box.viewport(), event)
        menu = box.prompt_menu
        assert [a.text() for a in menu.actions() if a.text()][-1] == "Check with moderation"
        assert any("Copy" in a.text() for a in menu.actions()), "the box's own menu is still there"
        action = menu.actions()[-1]
        qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
        await until(lambda: journal(task_sim, "/v1/moderations"), message="nothing was checked")

    run_async(scenario())
    assert journal(task_sim, "/v1/moderations")[-1]["body"]["input"] == "a bomb in the city"
    tools = window.parts["tools"]
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Tools" and tools.pages.currentIndex() == 1
    assert tools.moderation_text.toPlainText() == "a bomb in the city" and not tab.started, "checked, not sent"
    run_async(until(lambda: any(tools.bars.flagged), message="the scores never showed"))
