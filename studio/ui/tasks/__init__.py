"""The Tasks panel (a dock): every music, image and video job, its progress and its result."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...api.sentences import QT_TRANSLATE_NOOP
from ..tab import TabSpec

if TYPE_CHECKING:
    from ..tab import StudioTab, TabContext


def _build(context: TabContext) -> StudioTab:
    from .tasks_tab import TasksTab

    return TasksTab(context)


SPEC = TabSpec("tasks", QT_TRANSLATE_NOOP("Tabs", "Tasks"), _build, lazy=False, area="dock")
