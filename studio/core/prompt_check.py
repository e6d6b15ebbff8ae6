"""The optional moderation pre-check of prompts before paid generations (a Tools tab setting)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..api.sentences import QT_TRANSLATE_NOOP, Sentence

if TYPE_CHECKING:
    from ..api.gateway import UniApi
    from .usage import UsageLedger

PRECHECK_MODEL = "omni-moderation-latest"


@dataclass(frozen=True)
class PromptWarning:
    categories: tuple[str, ...]

    @property
    def sentence(self) -> Sentence:
        return Sentence.of(
            QT_TRANSLATE_NOOP(
                "ApiMessages", "Moderation flags this prompt ({categories}); the gateway may refuse it. Send it anyway?"
            ),
            categories=", ".join(self.categories),
        )


async def precheck_prompt(api: UniApi, ledger: UsageLedger, prompt: str) -> PromptWarning | None:
    """A warning when the setting is on and moderation flags `prompt`; None otherwise (the check is free)."""
    if not ledger.precheck_prompts or not prompt.strip():
        return None
    result = await api.moderations.create(prompt, model=PRECHECK_MODEL)
    flagged = tuple(name for verdict in result.results for name in verdict.flagged_categories)
    return PromptWarning(flagged) if flagged else None
