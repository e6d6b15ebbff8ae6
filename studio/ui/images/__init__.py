"""The Images tab: OpenAI images (generate, edit with a painted mask, variations) and a results gallery."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...api.sentences import QT_TRANSLATE_NOOP
from ..shortcuts import key_text
from ..tab import TabSpec

if TYPE_CHECKING:
    from ..tab import StudioTab, TabContext


def _build(context: TabContext) -> StudioTab:
    from .images_tab import ImagesTab  # Pillow, numpy and the canvas load on first view

    return ImagesTab(context)


SPEC = TabSpec(
    "images",
    QT_TRANSLATE_NOOP("Tabs", "Images"),
    _build,
    file_kinds=frozenset({"image"}),
    home_for=frozenset({"image"}),
    shortcut=key_text("go.images"),
)
