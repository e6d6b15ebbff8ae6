"""Sentences for people, translatable where they are defined.

The API and core layers know no Qt, so they speak English; but each sentence they can say is written
once as a template marked with `QT_TRANSLATE_NOOP("ApiMessages", ...)` right where it is used (lupdate
collects those marks from studio/api and studio/core too), and travels as a `Sentence`: the template
plus the parts copied as they are (a file name, what the gateway said). The interface translates the
template and fills the parts in (`studio.ui.messages.translated`); the CLI prints the English text.

    raise AudioInputError(Sentence(QT_TRANSLATE_NOOP("ApiMessages", "{name} is empty."), name=path.name))
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Union

CONTEXT = "ApiMessages"
"""The translation context every sentence of the lower layers uses."""


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark `text` for the translation catalogue; returns it unchanged (Qt's own needs PySide6)."""
    return text


Part = Union[str, "Sentence"]


@dataclass(frozen=True)
class Sentence:
    """One sentence: a template (`{name}` marks a part) and its parts, a part itself maybe a sentence."""

    template: str
    parts: tuple[tuple[str, Part], ...] = ()

    @classmethod
    def of(cls, template: str, **parts: object) -> Sentence:
        return cls(template, tuple((name, _part(value)) for name, value in parts.items()))

    def __str__(self) -> str:
        return self.render(lambda sentence: sentence.template)

    def render(self, template_of: Any) -> str:
        """The sentence with `template_of(sentence)` as its (maybe translated) template, parts filled in."""
        template = template_of(self)
        if not self.parts:
            return str(template)
        values = {
            name: value.render(template_of) if isinstance(value, Sentence) else value for name, value in self.parts
        }
        try:
            return str(template).format(**values)
        except (KeyError, IndexError, ValueError):  # a translation that lost a placeholder
            return self.template.format(**values)

    def to_json(self) -> dict[str, Any]:
        return {
            "t": self.template,
            "p": {name: v.to_json() if isinstance(v, Sentence) else v for name, v in self.parts},
        }

    @classmethod
    def from_json(cls, data: Any) -> Sentence:
        if isinstance(data, str):
            return cls(data)
        parts = data.get("p") or {}
        return cls(
            str(data.get("t", "")),
            tuple((str(k), cls.from_json(v) if isinstance(v, dict) else str(v)) for k, v in parts.items()),
        )


def _part(value: object) -> Part:
    return value if isinstance(value, Sentence) else str(value)


Message = str | Sentence | Iterable[Sentence]
"""What an error or a note may be given: plain English, one sentence, or several in a row."""


def sentences_of(message: Message | None) -> tuple[Sentence, ...]:
    if message is None:
        return ()
    if isinstance(message, Sentence):
        return (message,)
    if isinstance(message, str):
        return (Sentence(message),) if message else ()
    return tuple(message)


def english(sentences: Iterable[Sentence]) -> str:
    return " ".join(str(sentence) for sentence in sentences)


def dump_sentences(sentences: Iterable[Sentence]) -> str:
    """For a database column: the sentences as JSON (see `load_sentences`)."""
    return json.dumps([sentence.to_json() for sentence in sentences], ensure_ascii=False)


def load_sentences(text: str | None, fallback: str | None = None) -> tuple[Sentence, ...]:
    """Sentences stored by `dump_sentences`; a row written before they were stored keeps its English."""
    if text:
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        if isinstance(data, list):
            return tuple(Sentence.from_json(item) for item in data if isinstance(item, dict | str))
    return sentences_of(fallback)


def said(message: str | None, who: str = "gateway") -> tuple[Sentence, ...]:
    """ "The gateway said: …" (or the service), when there is something it said."""
    if not message:
        return ()
    if who == "service":
        return (Sentence.of(QT_TRANSLATE_NOOP("ApiMessages", "The service said: {message}"), message=message),)
    return (Sentence.of(QT_TRANSLATE_NOOP("ApiMessages", "The gateway said: {message}"), message=message),)
