"""Midjourney through the midjourney-proxy protocol: submits, buttons, uploads, fetch and batch fetch.

Speed is a path prefix (/mj-relax, /mj-fast, /mj-turbo; none means the account default, fast). A submit
answers `{code, description, result}`: codes 1 (accepted), 21 (already exists) and 22 (queued) carry a
task id; any other code is a refusal, raised as MidjourneySubmitError with a plain sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from .client import UniApiClient
from .errors import MidjourneySubmitError, NotFoundError, UnreadableReplyError
from .lenient import Lenient, LooseFloat, LooseText, StrId, parse, to_list
from .sentences import QT_TRANSLATE_NOOP
from .task_replies import as_object, as_objects, preview

ACCEPTED_CODES = frozenset({1, 21, 22})
FETCH_PATH = "/mj/task/{id}/fetch"
LIST_BY_CONDITION_PATH = "/mj/task/list-by-condition"
MAX_IMAGES = 5
MAX_IMAGE_BYTES = 1024 * 1024


class MjSpeed(Enum):
    RELAX = "relax"
    FAST = "fast"
    TURBO = "turbo"

    @property
    def prefix(self) -> str:
        return f"/mj-{self.value}"


def submit_path(path: str, speed: MjSpeed | None) -> str:
    """`/mj/submit/imagine` at the chosen speed, e.g. `/mj-relax/mj/submit/imagine`."""
    return f"{speed.prefix}{path}" if speed is not None else path


class MjButton(Lenient):
    customId: StrId = ""
    emoji: LooseText = None
    label: LooseText = None
    type: Any = None
    style: Any = None


def _object_list(value: Any) -> Any:
    return [item for item in to_list(value) if isinstance(item, dict)]


def _dict_or_empty(value: Any) -> Any:
    return value if isinstance(value, dict) else {}


class MjTask(Lenient):
    id: StrId = ""
    action: LooseText = None
    status: LooseText = None
    """NOT_START, SUBMITTED, MODAL, IN_PROGRESS, FAILURE, SUCCESS or CANCEL (kept as sent)."""
    progress: LooseFloat = None
    prompt: LooseText = None
    promptEn: LooseText = None
    description: LooseText = None
    imageUrl: LooseText = None
    failReason: LooseText = None
    submitTime: LooseFloat = None
    startTime: LooseFloat = None
    finishTime: LooseFloat = None
    buttons: Annotated[list[MjButton], BeforeValidator(_object_list)] = Field(default_factory=list)
    properties: Annotated[dict[str, Any], BeforeValidator(_dict_or_empty)] = Field(default_factory=dict)

    @property
    def final_prompt(self) -> str | None:
        value = self.properties.get("finalPrompt")
        return str(value) if value else None

    def button(self, label_or_id: str) -> MjButton | None:
        """The button whose customId, label (U1, "zoom out 2x": any case) or emoji (🔄, ⬅️ or ⬅) matches."""
        wanted = _button_name(label_or_id)
        if not wanted:
            return None
        for candidate in self.buttons:
            if label_or_id == candidate.customId or wanted in (
                _button_name(candidate.label),
                _button_name(candidate.emoji),
            ):
                return candidate
        return None

    @property
    def button_names(self) -> list[str]:
        """Each button as a person names it: its label, else its emoji."""
        return [button.label or button.emoji or button.customId for button in self.buttons]


def _button_name(text: str | None) -> str:
    # An emoji may come with or without its variation selector (U+FE0F), as typed or as sent.
    return (text or "").replace("\ufe0f", "").strip().casefold()


@dataclass
class MjSubmission:
    task_id: str
    code: int
    description: str = ""
    properties: dict[str, Any] = field(default_factory=dict)
    raw: Any = None


def _code(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def submission_from(body: Any) -> MjSubmission:
    if not isinstance(body, dict):
        raise UnreadableReplyError(
            QT_TRANSLATE_NOOP("ApiMessages", "Midjourney's reply cannot be read."), details=preview(body)
        )
    code = _code(body.get("code"))
    description = str(body.get("description") or body.get("message") or "")
    if code not in ACCEPTED_CODES:
        raise MidjourneySubmitError(code, description, details=preview(body))
    result = body.get("result")
    if isinstance(result, bool) or not isinstance(result, str | int) or not str(result).strip():
        raise UnreadableReplyError(
            QT_TRANSLATE_NOOP("ApiMessages", "Midjourney accepted the request but sent no task id."),
            details=preview(body),
        )
    properties = body.get("properties")
    return MjSubmission(
        task_id=str(result).strip(),
        code=code,
        description=description,
        properties=properties if isinstance(properties, dict) else {},
        raw=body,
    )


class MidjourneyApi:
    def __init__(self, client: UniApiClient) -> None:
        self._client = client
        self._batch_supported = True

    async def _submit(self, path: str, body: dict[str, Any], speed: MjSpeed | None) -> MjSubmission:
        payload = {key: value for key, value in body.items() if value is not None}
        return submission_from(await self._client.post_json(submit_path(path, speed), payload, paid=True))

    async def imagine(
        self,
        prompt: str,
        *,
        images: Sequence[str] = (),
        bot_type: str = "MID_JOURNEY",
        speed: MjSpeed | None = None,
        **extra: Any,
    ) -> MjSubmission:
        """Text (and up to five reference images as data URIs) to a 2×2 grid."""
        body = {"prompt": prompt, "botType": bot_type, "base64Array": list(images) or None, **extra}
        return await self._submit("/mj/submit/imagine", body, speed)

    async def blend(
        self, images: Sequence[str], *, dimensions: str = "SQUARE", speed: MjSpeed | None = None, **extra: Any
    ) -> MjSubmission:
        body = {"base64Array": list(images), "dimensions": dimensions, **extra}
        return await self._submit("/mj/submit/blend", body, speed)

    async def describe(self, image: str, *, speed: MjSpeed | None = None, **extra: Any) -> MjSubmission:
        return await self._submit("/mj/submit/describe", {"base64": image, **extra}, speed)

    async def shorten(self, prompt: str, *, speed: MjSpeed | None = None, **extra: Any) -> MjSubmission:
        return await self._submit("/mj/submit/shorten", {"prompt": prompt, **extra}, speed)

    async def action(self, task_id: str, custom_id: str, *, speed: MjSpeed | None = None, **extra: Any) -> MjSubmission:
        """Press a button (U1–U4, V1–V4, reroll, zoom, pan…) of a finished task."""
        body = {"taskId": task_id, "customId": custom_id, **extra}
        return await self._submit("/mj/submit/action", body, speed)

    async def modal(
        self,
        task_id: str,
        *,
        prompt: str | None = None,
        mask: str | None = None,
        speed: MjSpeed | None = None,
        **extra: Any,
    ) -> MjSubmission:
        """The input an action left waiting in MODAL (inpaint mask, custom zoom prompt)."""
        body = {"taskId": task_id, "prompt": prompt, "maskBase64": mask, **extra}
        return await self._submit("/mj/submit/modal", body, speed)

    async def change(
        self, task_id: str, action: str, index: int, *, speed: MjSpeed | None = None, **extra: Any
    ) -> MjSubmission:
        body = {"taskId": task_id, "action": action.upper(), "index": index, **extra}
        return await self._submit("/mj/submit/change", body, speed)

    async def simple_change(self, content: str, *, speed: MjSpeed | None = None, **extra: Any) -> MjSubmission:
        """`"<taskId> U2"` style changes."""
        return await self._submit("/mj/submit/simple-change", {"content": content, **extra}, speed)

    async def swap_face(self, source: str, target: str, *, speed: MjSpeed | None = None, **extra: Any) -> MjSubmission:
        body = {"sourceBase64": source, "targetBase64": target, **extra}
        return await self._submit("/mj/insight-face/swap", body, speed)

    async def upload_images(self, images: Sequence[str]) -> list[str]:
        """Upload data URIs for later prompts; returns their URLs."""
        body = await self._client.post_json("/mj/submit/upload-discord-images", {"base64Array": list(images)})
        if not isinstance(body, dict) or _code(body.get("code")) not in ACCEPTED_CODES:
            code = _code(body.get("code")) if isinstance(body, dict) else None
            description = str(body.get("description") or "") if isinstance(body, dict) else ""
            raise MidjourneySubmitError(code, description, details=preview(body))
        return [str(url) for url in to_list(body.get("result")) if url]

    async def fetch(self, task_id: str) -> MjTask:
        body = await self._client.get_json(FETCH_PATH.format(id=task_id))
        return parse(MjTask, as_object(body, "Midjourney task", body), "Midjourney task")

    async def list_by_condition(self, task_ids: Sequence[str]) -> list[MjTask]:
        """Several tasks in one request (a read, retried like a GET)."""
        body = await self._client.post_json(LIST_BY_CONDITION_PATH, {"ids": list(task_ids)}, paid=False)
        return [parse(MjTask, item, "Midjourney task") for item in as_objects(body)]

    async def fetch_many(self, task_ids: Sequence[str]) -> list[MjTask]:
        """list-by-condition where the gateway has it (remembered), else one fetch per task."""
        if self._batch_supported:
            try:
                return await self.list_by_condition(task_ids)
            except NotFoundError:
                self._batch_supported = False
        return [await self.fetch(task_id) for task_id in task_ids]
