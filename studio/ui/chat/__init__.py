"""The Chat tab: conversations, streamed replies, branches, attachments, per-conversation settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...api.sentences import QT_TRANSLATE_NOOP
from ..shortcuts import key_text
from ..tab import TabSpec

if TYPE_CHECKING:
    from ..tab import StudioTab, TabContext


def _build(context: TabContext) -> StudioTab:
    from .chat_tab import ChatTab

    return ChatTab(context)


SPEC = TabSpec(
    "chat",
    QT_TRANSLATE_NOOP("Tabs", "Chat"),
    _build,
    lazy=False,  # the first tab: it shows at start
    file_kinds=frozenset({"image", "text"}),
    home_for=frozenset({"text"}),
    shortcut=key_text("go.chat"),
)
