"""The Library tab: every result ever made, browsable, searchable and previewed offline."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...api.sentences import QT_TRANSLATE_NOOP
from ..shortcuts import key_text
from ..tab import TabSpec

if TYPE_CHECKING:
    from ..tab import StudioTab, TabContext


def _build(context: TabContext) -> StudioTab:
    from .library_tab import LibraryTab  # QtMultimedia and the previews load on first view

    return LibraryTab(context)


SPEC = TabSpec(
    "library",
    QT_TRANSLATE_NOOP("Tabs", "Library"),
    _build,
    file_kinds=frozenset({"image", "audio", "video"}),
    shortcut=key_text("go.library"),
)
