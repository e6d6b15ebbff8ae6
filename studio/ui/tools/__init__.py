"""The Tools tab: embeddings lab and semantic search, moderation, usage and cost."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...api.sentences import QT_TRANSLATE_NOOP
from ..shortcuts import key_text
from ..tab import TabSpec

if TYPE_CHECKING:
    from ..tab import StudioTab, TabContext


def _build(context: TabContext) -> StudioTab:
    from .tools_tab import ToolsTab  # pyqtgraph and numpy load on first view

    return ToolsTab(context)


SPEC = TabSpec("tools", QT_TRANSLATE_NOOP("Tabs", "Tools"), _build, shortcut=key_text("go.tools"))
