"""The Music tab: Suno and Udio songs from an idea to a track you can play, extend and keep."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...api.sentences import QT_TRANSLATE_NOOP
from ..shortcuts import key_text
from ..tab import TabSpec

if TYPE_CHECKING:
    from ..tab import StudioTab, TabContext


def _build(context: TabContext) -> StudioTab:
    from .music_tab import MusicTab  # pyqtgraph, QtMultimedia and the Suno models load on first view

    return MusicTab(context)


SPEC = TabSpec("music", QT_TRANSLATE_NOOP("Tabs", "Music"), _build, shortcut=key_text("go.music"))
