"""Markdown as the chat draws it: tables, highlighted code with copy links, no remote fetches;
and the streaming document that grows incrementally but ends identical in text."""

from __future__ import annotations

from PySide6.QtGui import QTextDocument

from studio.ui.chat.markdown_html import MarkdownRenderer
from studio.ui.chat.streaming_document import StreamingDocument

REPLY = """# Title

| a | b |
|---|---|
| 1 | 2 |

```python
def f(x):
    return x * 2
```

![cat](https://example.com/cat.png) and [a link](https://example.com)

```bash
echo hi
```
"""


def test_tables_code_and_links_render_and_remote_images_are_not_embedded(qapp):
    rendered = MarkdownRenderer().render(REPLY)
    assert "<table>" in rendered.html and "<th>a</th>" in rendered.html
    assert rendered.code_blocks == ["def f(x):\n    return x * 2\n", "echo hi\n"]
    assert 'href="copy:0"' in rendered.html and 'href="copy:1"' in rendered.html
    assert "<img" not in rendered.html, "a remote image is shown as a link, never fetched"
    assert '<a href="https://example.com/cat.png">' in rendered.html
    assert "<span style=" in rendered.html, "code is highlighted"


def test_raw_html_in_a_reply_is_shown_as_text(qapp):
    rendered = MarkdownRenderer().render('<img src="https://tracker.example/p.gif"> hi')
    assert "<img" not in rendered.html and "&lt;img" in rendered.html


def test_streaming_document_grows_to_the_same_text_as_a_whole_render(qapp):
    renderer = MarkdownRenderer()
    streamed = QTextDocument()
    growing = StreamingDocument(renderer, streamed)
    for end in range(1, len(REPLY) + 1, 7):
        growing.set_text(REPLY[:end])
    growing.finish(REPLY)
    whole = QTextDocument()
    whole.setHtml(renderer.render(REPLY).html)
    assert streamed.toPlainText().split() == whole.toPlainText().split()
    assert growing.code_blocks == ["def f(x):\n    return x * 2\n", "echo hi\n"]


def test_an_endless_paragraph_is_settled_in_bounded_pieces(qapp):
    growing = StreamingDocument(MarkdownRenderer(), QTextDocument())
    text = ""
    for number in range(3000):
        text += f"word{number} "
        if number % 50 == 0:
            growing.set_text(text)
    growing.set_text(text)
    assert len(text) - growing._settled < 4000, "the plain tail never grows without bound"
