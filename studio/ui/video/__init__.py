"""The Video tab: Luma and Veo videos from a prompt and start/end frames, a player whose frames feed
other tabs, and a grid of recent videos."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...api.sentences import QT_TRANSLATE_NOOP
from ..shortcuts import key_text
from ..tab import TabSpec

if TYPE_CHECKING:
    from ..tab import StudioTab, TabContext


def _build(context: TabContext) -> StudioTab:
    from .video_tab import VideoTab  # QtMultimedia, PyAV and Pillow load on first view

    return VideoTab(context)


SPEC = TabSpec(
    "video",
    QT_TRANSLATE_NOOP("Tabs", "Video"),
    _build,
    file_kinds=frozenset({"video", "image"}),
    home_for=frozenset({"video"}),
    shortcut=key_text("go.video"),
)
