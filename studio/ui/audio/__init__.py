"""The Audio tab: transcription and translation of dropped files, and text to speech."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...api.sentences import QT_TRANSLATE_NOOP
from ..shortcuts import key_text
from ..tab import TabSpec

if TYPE_CHECKING:
    from ..tab import StudioTab, TabContext


def _build(context: TabContext) -> StudioTab:
    from .audio_tab import AudioTab  # pyqtgraph and QtMultimedia load on first view

    return AudioTab(context)


SPEC = TabSpec(
    "audio",
    QT_TRANSLATE_NOOP("Tabs", "Audio"),
    _build,
    file_kinds=frozenset({"audio", "video"}),
    home_for=frozenset({"audio"}),
    shortcut=key_text("go.audio"),
)
