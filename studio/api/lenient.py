"""The base for every reply model: tolerant of extra fields, odd id types and missing optionals."""

from __future__ import annotations

from typing import Annotated, Any, Self, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    ModelWrapValidatorHandler,
    PrivateAttr,
    ValidationError,
    model_validator,
)

from .errors import UnreadableReplyError
from .sentences import QT_TRANSLATE_NOOP, Sentence

M = TypeVar("M", bound=BaseModel)


def _to_str(value: Any) -> Any:
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


def _to_float(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return float(value.strip().rstrip("%"))
        except ValueError:
            return None
    return value


def _to_text(value: Any) -> Any:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, list):
        return ", ".join(str(item) for item in value if item is not None)
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return str(value)
    return None


def to_list(value: Any) -> Any:
    """None becomes [], a lone object becomes [object]: relays send either where a list is meant."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, tuple):
        return list(value)
    return [value]


StrId = Annotated[str, BeforeValidator(_to_str)]
"""An id the gateway may send as a string or a number."""

LooseFloat = Annotated[float | None, BeforeValidator(_to_float)]
"""A number the gateway may send as a number, a numeric string, or "45%"."""

LooseText = Annotated[str | None, BeforeValidator(_to_text)]
"""Text the gateway may send as a string, a number or a list of strings (joined with ", ")."""


class Lenient(BaseModel):
    """Keeps unknown fields (visible in `model_extra`) instead of failing on them, and the object it was read from."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, protected_namespaces=())
    _sent: Any = PrivateAttr(default=None)

    @model_validator(mode="wrap")
    @classmethod
    def _keep_what_was_sent(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        model = handler(data)
        if isinstance(data, dict):
            model._sent = data
        return model

    @property
    def sent(self) -> Any:
        """The JSON object as the service sent it ("45%" stays "45%"); a model built in code: its dump."""
        return self._sent if self._sent is not None else self.model_dump(mode="json")


class RelayTask(Lenient):
    """The task envelope the new-api relays share (Suno, Udio): id, status, progress and timings."""

    task_id: StrId = ""
    action: LooseText = None
    status: LooseText = None
    """NOT_START, SUBMITTED, QUEUED, IN_PROGRESS, SUCCESS, FAILURE or UNKNOWN (kept as sent)."""
    fail_reason: LooseText = None
    progress: LooseFloat = None
    """Percent, from "45%"."""
    submit_time: LooseFloat = None
    start_time: LooseFloat = None
    finish_time: LooseFloat = None


def parse(model: type[M], data: Any, what: str) -> M:
    """`data` (from a reply the gateway sent with HTTP 2xx) as `model`, or UnreadableReplyError saying so."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise UnreadableReplyError(
            Sentence.of(QT_TRANSLATE_NOOP("ApiMessages", "The service's {what} reply cannot be read."), what=what),
            details=str(exc)[:2000],
        ) from exc
