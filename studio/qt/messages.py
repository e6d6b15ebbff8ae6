"""The lower layers' sentences in the interface language.

A `Sentence` carries its English template; the template was marked for the catalogue where it was
written (`QT_TRANSLATE_NOOP("ApiMessages", ...)` in studio/api and studio/core), so here it is only
looked up and its parts filled in. Nothing is matched by its English text.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication

from ..api.errors import StudioError
from ..api.sentences import CONTEXT, Sentence, sentences_of


def _template(sentence: Sentence) -> str:
    return QCoreApplication.translate(CONTEXT, sentence.template)


def translated(message: StudioError | Sentence | Iterable[Sentence] | str | None) -> str:
    """`message` in the interface language; Chinese sentences follow each other without a space."""
    if message is None:
        return ""
    sentences = message.sentences if isinstance(message, StudioError) else sentences_of(message)
    joined = ""
    for sentence in sentences:
        piece = sentence.render(_template)
        glue = "" if not joined or joined.endswith(("。", "：", "；", "！", "？")) else " "
        joined += glue + piece
    return joined
