"""A minimal tab built on the tab contract, for tests that need to start task jobs the way a tab does.

It has what every creation tab will have: a form (family, kind, JSON parameters), a Make button that
goes through the window's task bridge, and its own job list (the shared job model, filtered to the
jobs it started). Tests type into it and click, like a user.
"""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QPushButton, QTableView, QVBoxLayout

from studio.api.errors import StudioError
from studio.qt.messages import translated
from studio.qt.task_bridge import JobRequest
from studio.ui.tab import StudioTab, TabContext, TabSpec
from studio.ui.widgets.job_model import JobFilterProxy


class PromptTab(StudioTab):
    def __init__(self, context: TabContext) -> None:
        super().__init__(context)
        self.family = QLineEdit("midjourney")
        self.kind = QLineEdit("imagine")
        self.parameters = QPlainTextEdit()
        self.make = QPushButton("Make")
        self.problem = QLabel()
        self.started: list[int] = []
        self.proxy = JobFilterProxy(self)
        self.proxy.setSourceModel(context.jobs)
        self.proxy.set_job_ids(set())
        self.list = QTableView()
        self.list.setModel(self.proxy)
        layout = QVBoxLayout(self)
        for widget in (self.family, self.kind, self.parameters, self.make, self.problem, self.list):
            layout.addWidget(widget)
        self.make.clicked.connect(self.submit)

    def submit(self) -> None:
        try:
            parameters = json.loads(self.parameters.toPlainText() or "{}")
            job_id = self.context.tasks.submit(JobRequest(self.family.text(), self.kind.text(), parameters))
        except StudioError as error:
            self.problem.setText(translated(error))
            return
        self.started.append(job_id)
        self.proxy.add_job_id(job_id)

    def shown_job_ids(self) -> list[int]:
        return [self.proxy.job_id(self.proxy.index(n, 0)) for n in range(self.proxy.rowCount())]


PROMPT_SPEC = TabSpec("prompt", "Prompt", PromptTab, lazy=False, file_kinds=frozenset())


def submit_job(qtbot, window, family: str, kind: str, parameters: dict) -> int:
    """Fill the prompt tab's form and click Make, as a user would; returns the new job's id."""
    tab: PromptTab = window.show_tab("prompt")
    for field, text in ((tab.family, family), (tab.kind, kind)):
        field.clear()
        qtbot.keyClicks(field, text)
    tab.parameters.setPlainText(json.dumps(parameters))
    before = len(tab.started)
    qtbot.mouseClick(tab.make, Qt.MouseButton.LeftButton)
    assert len(tab.started) == before + 1, tab.problem.text()
    return tab.started[-1]
