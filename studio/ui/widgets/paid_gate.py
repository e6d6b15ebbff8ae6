"""The last look before a paid generation leaves: over the monthly budget, or a prompt moderation flags
(when "check prompts before paid generations" is on in the Tools tab), the user is asked first.

    before_paying(self, workspace, lambda: prompt_of(panel.request()), lambda: self.submit(panel))

With neither setting in play the send goes ahead at once, in the same call. Nothing is written or sent
until the user says yes; "Cancel" leaves the form as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from ...qt.messages import translated
from ...qt.operation import Operation
from .dialogs import confirm

if TYPE_CHECKING:
    from ...core.prompt_check import PromptWarning
    from ...core.workspace import Workspace


PROMPT_KEYS = frozenset({"prompt", "user_prompt", "gpt_description_prompt"})
"""Where the families' requests carry the words a person wrote (Luma's body, Ideogram's image_request...)."""


def prompt_of(request: object) -> str:
    """The prompt text inside a job request's parameters (nested bodies included); "" if none."""
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                if key in PROMPT_KEYS and isinstance(inner, str):
                    found.append(inner)
                else:
                    walk(inner)

    walk(getattr(request, "parameters", None))
    return "\n".join(text for text in found if text.strip())


def before_paying(
    parent: QWidget, workspace: Workspace, prompt_text: Callable[[], str], send: Callable[[], object]
) -> None:
    """Run `send` now, or once the user has agreed to go past the budget or to send a flagged prompt.
    `prompt_text` is asked only when the pre-check is on; a form it cannot read sends as it is (the send
    then says what is wrong with it)."""
    ledger = workspace.usage
    budget = ledger.budget_state()

    def check_prompt() -> None:
        if not ledger.precheck_prompts:
            send()
            return
        try:
            prompt = prompt_text()
        except Exception:  # the form is not complete: the send itself explains
            prompt = ""
        if not prompt.strip():
            send()
            return
        from ...core.prompt_check import precheck_prompt

        api = workspace.api()
        Operation(parent, lambda _progress: precheck_prompt(api, ledger, prompt)).success(answered).failure(
            lambda _error: send()  # the free check could not run: it must not stand between the user and the work
        ).run()

    def answered(warning: PromptWarning | None) -> None:
        if warning is None:
            send()
            return
        parent.paid_gate_box = confirm(  # type: ignore[attr-defined]
            parent,
            QCoreApplication.translate("PaidGate", "Send a flagged prompt?"),
            translated(warning.sentence),
            QCoreApplication.translate("PaidGate", "Send anyway"),
            send,
        )

    if budget.over and budget.budget is not None:
        text = QCoreApplication.translate(
            "PaidGate", "This month's estimated spending is ${spent} of your ${budget} budget. Send anyway?"
        ).format(spent=f"{budget.spent:.2f}", budget=f"{budget.budget:.2f}")
        parent.paid_gate_box = confirm(  # type: ignore[attr-defined]
            parent,
            QCoreApplication.translate("PaidGate", "Over the monthly budget"),
            text,
            QCoreApplication.translate("PaidGate", "Send anyway"),
            check_prompt,
        )
        return
    check_prompt()
