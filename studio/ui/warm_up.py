"""Load what the first request and the first rendered reply need, in a thread, right after start-up."""

from __future__ import annotations


def warm_up_in_background() -> None:
    """After the window shows: load the HTTP stack and the Markdown/highlighting code in a thread,
    so the first request and the first rendered reply don't pay for it on the UI thread."""
    import gc
    import threading

    def load() -> None:
        import importlib

        for name in ("studio.api.gateway", "studio.core.task_families", "markdown_it", "pygments.formatters"):
            importlib.import_module(name)
        from pygments.lexers import get_lexer_by_name

        for language in ("python", "bash", "json", "javascript"):
            get_lexer_by_name(language)  # compiles the lexer's regexes once per process
        from PySide6.QtCore import QCoreApplication

        from .chat.markdown_html import shared_renderer

        shared_renderer(copy_label=QCoreApplication.translate("MessageDelegate", "Copy"))
        # Everything start-up made lives as long as the app: keep it out of the cyclic collector's
        # full passes, which otherwise walk all of it (~90,000 objects, 50-57 ms with the UI thread
        # frozen) a few times while a long reply streams. Nothing is collected here, so no pause either.
        gc.freeze()

    threading.Thread(target=load, name="warm-up", daemon=True).start()
