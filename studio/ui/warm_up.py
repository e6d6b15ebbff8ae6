"""Load what the first request and the first rendered reply need, in a thread, right after start-up."""

from __future__ import annotations


def warm_up_in_background() -> None:
    """After the window shows: load the HTTP stack and the Markdown/highlighting code in a thread,
    so the first request and the first rendered reply don't pay for it on the UI thread."""
    import gc
    import threading

    from ..qt.async_tasks import load_api_blocking

    def load() -> None:
        import importlib

        # Everything start-up made lives as long as the app: keep it out of the cyclic collector's
        # full passes. Frozen now, the imports below cannot set off a full pass over all of it, which
        # held the GIL (and so froze the UI) for 19-30 ms in the first second.
        gc.freeze()
        load_api_blocking()
        for name in ("studio.core.task_families", "markdown_it", "pygments.formatters"):
            importlib.import_module(name)
        from pygments.lexers import get_lexer_by_name

        for language in ("python", "bash", "json", "javascript"):
            get_lexer_by_name(language)  # compiles the lexer's regexes once per process
        from PySide6.QtCore import QCoreApplication

        from .chat.markdown_html import shared_renderer

        shared_renderer(copy_label=QCoreApplication.translate("MessageDelegate", "Copy"))
        # And what the warm-up loaded: otherwise full passes walk all of it (~90,000 objects, 50-57 ms
        # with the UI thread frozen) a few times while a long reply streams.
        gc.freeze()

    threading.Thread(target=load, name="warm-up", daemon=True).start()
