"""Deterministic reply text, and the simulator's idea of a token (a word with its leading space, or one CJK
character)."""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence

CJK = (
    "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
)
TOKEN_PATTERN = re.compile(rf"\s*[{CJK}]|\s*[^\s{CJK}]+|\s+")
HAN_PATTERN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
SIMULATOR_TRIGGER = re.compile(r"\[\[[a-z-]+(?::[^\]]*)?\]\]")
TOKENS_TRIGGER = re.compile(r"\[\[tokens:(\d+)\]\]")
CODE_REQUEST = re.compile(r"\bcode\b|代码", re.IGNORECASE)
MAX_FORCED_TOKENS = 1_000_000
QUOTE_LIMIT = 160
FILLER_WORDS = (
    "lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit",
    "sed", "do", "eiusmod", "tempor", "incididunt", "ut", "labore", "et",
)  # fmt: skip


def split_tokens(text: str) -> list[str]:
    """Pieces that join back to exactly `text`."""
    return TOKEN_PATTERN.findall(text)


def count_tokens(text: str) -> int:
    return sum(1 for _ in TOKEN_PATTERN.finditer(text))


def is_chinese(text: str) -> bool:
    return HAN_PATTERN.search(text) is not None


def forced_token_count(prompt: str, header_value: str | None = None) -> int | None:
    """The exact reply length asked for by the X-Sim-Tokens header or a `[[tokens:N]]` trigger."""
    candidates = [header_value] if header_value else []
    if match := TOKENS_TRIGGER.search(prompt):
        candidates.append(match.group(1))
    for candidate in candidates:
        try:
            return min(MAX_FORCED_TOKENS, max(0, int(candidate)))
        except ValueError:
            continue
    return None


def _filler_cycle() -> list[str]:
    """One block of filler shaped like a real reply: paragraphs of ~60 words, then a fenced code block."""
    words = FILLER_WORDS
    tokens: list[str] = []
    for paragraph in range(5):
        for index in range(60):
            word = words[(paragraph * 7 + index) % len(words)]
            tokens.append(("\n\n" if index == 0 and tokens else " " if index else "") + word)
    tokens += ["\n\n```python", "\ndef", " step(value):", "\n    return", " value", " *", " 2", "\n```"]
    return tokens


def _markdown_cycle() -> list[str]:
    """A block of Markdown-heavy filler: a heading, a nested list, a table, inline code and a code block."""
    words = FILLER_WORDS
    tokens = [
        "## Step",
        " one",
        "\n\nA",
        " short",
        " paragraph",
        " with",
        " **bold**,",
        " *emphasis*",
        " and",
        " `code`.",
    ]
    for item in range(6):
        tokens += [
            ("\n\n- " if item == 0 else "\n- ") + words[item],
            " " + words[item + 1],
            " `" + words[item + 2] + "`",
        ]
        if item % 2:
            tokens += ["\n  - nested", " " + words[item + 3]]
    tokens += ["\n\n| name", " | value", " | note |", "\n|---|---|---|"]
    for row in range(6):
        tokens += ["\n| " + words[row], f" | {row * 7}", " | " + words[row + 5] + " |"]
    tokens += ["\n\n1.", " first", "\n2.", " second", "\n3.", " third"]
    tokens += ["\n\n```python", "\nfor", " item", " in", " values:", "\n    print(item)", "\n```"]
    return tokens


_FILLER_CYCLE = _filler_cycle()
_MARKDOWN_CYCLE = _markdown_cycle()
MARKDOWN_TRIGGER = "[[markdown]]"


def filler_tokens(count: int, markdown: bool = False) -> list[str]:
    """Exactly `count` tokens of Markdown-shaped filler (paragraphs and code), cheap for large counts;
    `markdown` (the `[[markdown]]` trigger) makes it Markdown-heavy: headings, lists, tables and code."""
    cycle = _MARKDOWN_CYCLE if markdown else _FILLER_CYCLE
    following = ["\n\n" + cycle[0], *cycle[1:]]  # later blocks start a new paragraph after the code
    return (cycle + following * (count // len(cycle) + 1))[:count]


def cap_tokens(tokens: list[str], limit: int | None) -> tuple[list[str], bool]:
    """The tokens within `limit`, and whether the limit cut them short."""
    if limit is None or len(tokens) <= limit:
        return tokens, False
    return tokens[:limit], True


def apply_stop(text: str, stop: object) -> str:
    """The text up to the first stop sequence (a string or a list of strings), as the API trims it."""
    sequences = [stop] if isinstance(stop, str) else stop if isinstance(stop, list) else []
    positions = [text.find(sequence) for sequence in sequences if isinstance(sequence, str) and sequence]
    found = [position for position in positions if position >= 0]
    return text[: min(found)] if found else text


def quote_of(prompt: str, limit: int = QUOTE_LIMIT) -> str:
    cleaned = " ".join(SIMULATOR_TRIGGER.sub("", prompt).split())
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1].rstrip() + "…"


def _pick(options: Sequence[str], prompt: str, salt: str) -> str:
    return options[zlib.crc32(f"{salt}:{prompt}".encode()) % len(options)]


FILLER_PROMPT_WORDS = frozenset(
    {"please", "write", "could", "would", "should", "about", "which", "there", "their", "explain", "tell"}
)


def _topic_of(prompt: str) -> str:
    words = re.findall(r"[A-Za-z][A-Za-z'-]{3,}", SIMULATOR_TRIGGER.sub("", prompt))
    meaningful = [word for word in words if word.lower() not in FILLER_PROMPT_WORDS]
    return max(meaningful, key=len).lower() if meaningful else "your question"


ENGLISH_INTROS = (
    "Here is a short answer from the UniAPI simulator.",
    "Sure, here is what the simulator can tell you.",
    "Good question. Here is a simulated answer.",
)
ENGLISH_CLOSINGS = (
    "Let me know if you want more detail.",
    "Ask a follow-up question to go deeper.",
    "That is all for this simulated turn.",
)
CHINESE_INTROS = (
    "这是 UniAPI 模拟器给出的简短回答：",
    "好的，下面是模拟的回答：",
    "好问题，模拟器的回答如下：",
)
CHINESE_CLOSINGS = ("如需更多细节，请继续提问。", "欢迎继续追问。", "本轮模拟回答到此结束。")

PYTHON_SAMPLE = '''```python
def answer(question: str) -> str:
    """Return the simulator's reply to a question."""
    return f"You asked: {question}"


print(answer("hello"))
```'''


def compose_reply(prompt: str, notes: Sequence[str] = ()) -> str:
    """A short Markdown answer that quotes the prompt; Chinese prompts get a Chinese answer."""
    chinese = is_chinese(prompt)
    quote = quote_of(prompt)
    parts = [note for note in notes if note]
    if chinese:
        parts += [
            f"你说：“{quote}”" if quote else "你没有输入文字。",
            _pick(CHINESE_INTROS, prompt, "intro"),
            "- **要点一**：先弄清楚问题本身。\n"
            "- **要点二**：给出简明的步骤。\n"
            "- **要点三**：用一个例子检验结果。",
        ]
    else:
        topic = _topic_of(prompt)
        parts += [
            f'You said: "{quote}"' if quote else "You sent no text.",
            _pick(ENGLISH_INTROS, prompt, "intro"),
            f"- **About {topic}**: start from what you already know.\n"
            "- **Next step**: try the smallest example that shows the idea.\n"
            "- **Keep in mind**: this text comes from a local simulator, not a model.",
        ]
    if CODE_REQUEST.search(prompt):
        parts.append(PYTHON_SAMPLE)
    parts.append(_pick(CHINESE_CLOSINGS if chinese else ENGLISH_CLOSINGS, prompt, "closing"))
    return "\n\n".join(parts)


def compose_reasoning(prompt: str) -> str:
    quote = quote_of(prompt, 80)
    if is_chinese(prompt):
        return f"用户说“{quote}”。我应该先引用原话，再给出三条简短的要点，最后简单收尾。"
    return (
        f'The user wrote "{quote}". I should quote them, give three short points and keep the answer '
        "brief. Let me check the points make sense before answering."
    )


def compose_continuation(prompt: str) -> str:
    """Plain text for the legacy completions endpoint, continuing the prompt."""
    if is_chinese(prompt):
        return _pick(
            ("接下来，故事继续展开，模拟器一句一句地写下去。", "于是，模拟器接着写出了下一段文字。"),
            prompt,
            "c",
        )
    return _pick(
        (
            " and so the simulated text goes on, one plain word after another, until it reaches a stop."
            " Nothing in it comes from a model; the UniAPI simulator writes it from your prompt alone.",
            " which is where the simulator picks up the thread and writes a few more ordinary words."
            " It keeps a calm and predictable voice, because tests and demos need the same text every time.",
            " and the story continues in the simulator's steady voice for a little while longer, with"
            " no surprises at all, until it decides that this paragraph has said enough for one request.",
        ),
        prompt,
        "continuation",
    )


def images_note(sizes: Sequence[tuple[int, int] | None], chinese: bool) -> str:
    if not sizes:
        return ""
    known = [f"{width}×{height}" for width, height in (size for size in sizes if size)]
    if chinese:
        return f"我看到 {len(sizes)} 张图片" + (f"（{'、'.join(known)}）。" if known else "。")
    return f"I see {len(sizes)} image(s)" + (f" ({', '.join(known)} pixels)." if known else ".")


def turn_note(turn: int, earlier: str, chinese: bool) -> str:
    if chinese:
        return f"（第 {turn} 轮；你之前说：“{quote_of(earlier, 80)}”）"
    return f'(turn {turn}; earlier you said: "{quote_of(earlier, 80)}")'


def tool_result_note(content: str, chinese: bool) -> str:
    if chinese:
        return f"工具返回了：{quote_of(content, 200)}"
    return f"The tool returned: {quote_of(content, 200)}"
