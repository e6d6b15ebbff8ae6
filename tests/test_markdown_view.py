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


RICH = """Here is **bold** and *italic* text.

- first item with **bold**
- second item

1. one
2. two

A loose list:

- alpha

- beta

  a second paragraph inside beta

## A heading

Final paragraph after the list, with `code`.

```python
print("hi")
```

| a | b |
|---|---|
| 1 | 2 |

- **要点一**：先弄清楚问题本身。
- **要点三**：用一个例子检验结果。

```text
a list right before a code block keeps its last item
```

Closing words.
"""


def block_structure(document: QTextDocument) -> list[tuple[str, bool, int]]:
    """(text, in a list, heading level) of every non-empty block: what a reader sees as the layout."""
    found = []
    block = document.begin()
    while block.isValid():
        if block.text().strip():
            # objectIndex, not textList(): PySide6 6.12 loses a reference to None on each textList() == None
            found.append(
                (block.text().strip(), block.blockFormat().objectIndex() >= 0, block.blockFormat().headingLevel())
            )
        block = block.next()
    return found


def test_a_streamed_reply_ends_with_the_blocks_of_a_whole_render(qapp):
    renderer = MarkdownRenderer()
    for step in (1, 3, 7, 40):
        streamed = QTextDocument()
        growing = StreamingDocument(renderer, streamed)
        for end in range(1, len(RICH) + 1, step):
            growing.set_text(RICH[:end])
        growing.finish(RICH)
        whole = QTextDocument()
        whole.setHtml(renderer.render(RICH).html)
        assert block_structure(streamed) == block_structure(whole), f"chunks of {step}"
        assert streamed.toPlainText() == whole.toPlainText()


def test_emphasis_is_drawn_while_it_streams_not_shown_as_asterisks(qapp):
    streamed = QTextDocument()
    growing = StreamingDocument(MarkdownRenderer(), streamed)
    growing.set_text("A first paragraph.\n\nNow **this is strong** and still going")
    assert "**" not in streamed.toPlainText()
    cursor = streamed.find("this is strong")
    assert not cursor.isNull() and cursor.charFormat().fontWeight() >= 700


def test_a_long_reply_streams_into_stacked_parts_that_read_as_one_document(qapp, monkeypatch):
    """Qt's layout per edit grows with a document's tables and code blocks, so a streamed reply starts a
    new part every SEGMENT_FRAMES of them; stacked, the parts hold what one whole render holds, and a
    click on a later part's copy link finds that code block."""
    import studio.ui.chat.streaming_document as streaming_document

    monkeypatch.setattr(streaming_document, "SEGMENT_FRAMES", 2)
    reply = RICH * 3
    renderer = MarkdownRenderer()
    first = QTextDocument()
    first.setTextWidth(600)
    growing = StreamingDocument(renderer, first)
    for end in range(1, len(reply) + 1, 11):
        growing.set_text(reply[:end])
    growing.finish(reply)
    body = growing.body
    assert len(body.parts) >= 4 and body.parts[0] is first
    assert all(part.textWidth() == 600 for part in body.parts)
    whole = QTextDocument()
    whole.setHtml(renderer.render(reply).html)
    assert [b for b in block_structure_of(body.blocks())] == block_structure(whole)
    assert body.toPlainText().split() == whole.toPlainText().split()
    assert body.size().height() == sum(part.size().height() for part in body.parts)
    # The last code block's copy link, found through the stack at its height in the last part.
    last = body.parts[-1]
    found = last.find("Copy")
    while not found.isNull() and not found.charFormat().anchorHref():
        found = last.find("Copy", found)
    assert not found.isNull(), "the last part has no copy link"
    layout = last.documentLayout()
    block_rect = layout.blockBoundingRect(found.block())
    line = found.block().layout().lineForTextPosition(found.positionInBlock())
    x = line.cursorToX(found.positionInBlock() - 2)[0] + block_rect.left()
    y = sum(part.size().height() for part in body.parts[:-1]) + block_rect.top() + line.y() + line.height() / 2
    from PySide6.QtCore import QPointF

    assert body.anchor_at(QPointF(x, y)) == f"copy:{len(growing.code_blocks) - 1}"


def block_structure_of(blocks) -> list[tuple[str, bool, int]]:
    return [
        (block.text().strip(), block.blockFormat().objectIndex() >= 0, block.blockFormat().headingLevel())
        for block in blocks
        if block.text().strip()
    ]
