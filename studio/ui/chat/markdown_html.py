"""Markdown to the HTML subset QTextDocument draws: tables, lists, links, highlighted code, images.

Code blocks get a "Copy" link (`copy:N`); remote images become links and are never fetched
(privacy): only data: URIs and local files are drawn inline.
"""

from __future__ import annotations

import html
import re
import threading
from dataclasses import dataclass, field
from typing import Any


@dataclass
class RenderedMarkdown:
    html: str
    code_blocks: list[str] = field(default_factory=list)


def _lexer(language: str, code: str) -> Any:
    from pygments.lexers import TextLexer, get_lexer_by_name, guess_lexer
    from pygments.util import ClassNotFound

    if language:
        try:
            return get_lexer_by_name(language)
        except ClassNotFound:
            pass
    if len(code) > 40:
        try:
            return guess_lexer(code)
        except ClassNotFound:
            pass
    return TextLexer()


class MarkdownRenderer:
    def __init__(self, *, dark: bool = False, copy_label: str = "Copy") -> None:
        self.dark = dark
        self.copy_label = copy_label
        # markdown-it and Pygments load with the first renderer, not at start-up.
        from markdown_it import MarkdownIt
        from pygments.formatters import HtmlFormatter

        self._formatters = {
            False: HtmlFormatter(noclasses=True, nowrap=True, style="friendly"),
            True: HtmlFormatter(noclasses=True, nowrap=True, style="monokai"),
        }
        self._md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
        self._md.enable(["table", "strikethrough"])

        self._md.renderer.rules["fence"] = self._fence
        self._md.renderer.rules["code_block"] = self._fence
        self._md.renderer.rules["image"] = self._image

    def render(self, text: str, *, first_block: int = 0, highlight: bool = True) -> RenderedMarkdown:
        """HTML for `text`; code blocks are numbered from `first_block` (for documents built in parts).

        `highlight=False` leaves code uncoloured (the growing tail of a streamed reply, redrawn every frame).
        """
        blocks: list[str] = []
        out = self._md.render(text, {"blocks": blocks, "first": first_block, "highlight": highlight})
        return RenderedMarkdown(tight(out), blocks)

    def _fence(self, tokens: list[Any], idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        code = token.content
        language = (token.info or "").strip().split(" ")[0]
        blocks: list[str] = env["blocks"]
        number = env.get("first", 0) + len(blocks)
        blocks.append(code)
        from pygments import highlight

        formatter = self._formatters[self.dark]
        background = "#272822" if self.dark else "#f3f4f6"
        border = "#3b3b3b" if self.dark else "#d9dce1"
        if env.get("highlight", True):
            body = highlight(code, _lexer(language, code), formatter).rstrip("\n")
        else:
            body = html.escape(code).rstrip("\n")
        label = html.escape(language or "code")
        return (
            f'<table width="100%" cellspacing="0" cellpadding="6" style="background:{background};'
            f'border:1px solid {border};margin:4px 0;"><tr><td>'
            f'<span style="color:#888;font-size:small;">{label}</span>&nbsp;&nbsp;'
            f'<a href="copy:{number}" style="font-size:small;">{html.escape(self.copy_label)}</a>'
            f'<pre style="margin:2px 0 0 0;">{body}</pre></td></tr></table>'
        )

    @staticmethod
    def _image(tokens: list[Any], idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        src = str(token.attrGet("src") or "")
        alt = html.escape(token.content or "image")
        if src.startswith(("data:image/", "file:")):
            return f'<img src="{html.escape(src)}" alt="{alt}" width="360" />'
        # Remote images are never fetched automatically: show a link the user may choose to open.
        return f'<a href="{html.escape(src)}">[{alt}: {html.escape(src)}]</a>'


_shared: dict[tuple[bool, str], MarkdownRenderer] = {}
_shared_lock = threading.Lock()


def shared_renderer(*, dark: bool = False, copy_label: str = "Copy") -> MarkdownRenderer:
    """One renderer per style; the warm-up thread builds it so the UI thread never waits."""
    with _shared_lock:
        key = (dark, copy_label)
        if key not in _shared:
            _shared[key] = MarkdownRenderer(dark=dark, copy_label=copy_label)
        return _shared[key]


_BETWEEN_BLOCKS = re.compile(r"(</(?:p|li|ul|ol|h[1-6]|table|tr|td|th|thead|tbody|blockquote)>)\n")


def tight(markup: str) -> str:
    """Without the newlines markdown-it puts between blocks: QTextDocument would keep them as spaces."""
    return _BETWEEN_BLOCKS.sub(r"\1", markup).rstrip("\n")


def plain_to_html(text: str) -> str:
    """User text drawn as typed (no Markdown), line breaks kept."""
    return html.escape(text).replace("\n", "<br/>")
