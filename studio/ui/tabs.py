"""The registry of the window's parts, in the order they appear. A new tab adds its SPEC here."""

from __future__ import annotations

from .tab import TabSpec


def registered_tabs() -> list[TabSpec]:
    from . import audio, chat, images, library, music, tasks, tools, video

    return [chat.SPEC, audio.SPEC, images.SPEC, music.SPEC, video.SPEC, library.SPEC, tools.SPEC, tasks.SPEC]
