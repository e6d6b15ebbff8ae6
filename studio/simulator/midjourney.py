"""Midjourney in the midjourney-proxy protocol: submit, press buttons, answer modals, poll tasks.

Every route also lives under /mj-relax, /mj-fast and /mj-turbo; no prefix means fast. Relax tasks take three
times `task_seconds`, turbo half. At most `config.mj_concurrency` tasks run at once: a later submit is
still accepted but answered with code 22 and waits (NOT_START) until a slot frees; more than
`config.mj_queue_size` waiting tasks gets code 23 and no task.

Statuses: NOT_START → SUBMITTED (halves of the queued time) → IN_PROGRESS ("1%".."99%", a blurred preview
in `imageUrl` from 25%) → SUCCESS ("100%", the image and its buttons) or FAILURE (at 60%, "100%" as new-api
writes it). Custom Zoom, Vary (Region) and the describe/shorten prompt buttons make a task in MODAL
(submit code 21 "Waiting for window confirm", as trueai-org's proxy) until /mj/submit/modal.

Refusals are HTTP 200 with the proxy's codes: 3 unknown task, 4 invalid request, 21 already running,
22 queued, 23 queue full, 24 banned word. `[[fail]]`/`[[fail:reason]]` and `[[task-seconds:N]]` are read
from the prompt and from the request's `state` field (so button presses can be made to fail too).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import StrEnum
from math import gcd
from typing import TYPE_CHECKING, Any

from PIL import Image
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from studio.simulator.artwork import (
    blurred_preview,
    data_uri_bytes,
    decode_image,
    jpeg_bytes,
    png_bytes,
    quadrant_of,
)
from studio.simulator.errors import GatewayError
from studio.simulator.midjourney_images import (
    Derivation,
    aspect_of,
    dominant_colour_name,
    grid_picture,
    swapped_face,
    upscaled,
    zoom_of,
)
from studio.simulator.request_context import RequestContext
from studio.simulator.song_words import TRIGGER, words_of
from studio.simulator.task_media import MediaFile, TaskMedia
from studio.simulator.task_timeline import epoch_ms, percent, queue_step
from studio.simulator.tasks import SimTask, TaskIdStyle, TaskStage, planned_duration, planned_failure

if TYPE_CHECKING:
    from studio.simulator.state import SimulatorState

MJ_FAMILY = "midjourney"
SPEED_PREFIXES = ("", "/mj-relax", "/mj-fast", "/mj-turbo")
MAX_IMAGES = 5
MAX_IMAGE_BYTES = 1024 * 1024
PREVIEW_FROM = 0.25
PRICE_USD = 0.05
BANNED_WORDS = ("nsfw", "nude", "naked", "gore", "porn")
BOT_TYPES = ("MID_JOURNEY", "NIJI_JOURNEY")
BLEND_ASPECTS = {"PORTRAIT": (2, 3), "SQUARE": (1, 1), "LANDSCAPE": (3, 2)}
DISCORD_INSTANCE_ID = "1118138338562560102"
DISCORD_CHANNEL_ID = "1118138338562560102"
SIMPLE_CHANGE = re.compile(r"^\s*(\d+)\s+([UV])([1-4])\s*$|^\s*(\d+)\s+(R)\s*$", re.IGNORECASE)


class SpeedMode(StrEnum):
    RELAX = "RELAX"
    FAST = "FAST"
    TURBO = "TURBO"


DURATION_FACTOR = {SpeedMode.RELAX: 3.0, SpeedMode.FAST: 1.0, SpeedMode.TURBO: 0.5}


class MjAction(StrEnum):
    IMAGINE = "IMAGINE"
    UPSCALE = "UPSCALE"
    VARIATION = "VARIATION"
    REROLL = "REROLL"
    DESCRIBE = "DESCRIBE"
    BLEND = "BLEND"
    ZOOM = "ZOOM"
    PAN = "PAN"
    SHORTEN = "SHORTEN"
    SWAP_FACE = "SWAP_FACE"
    INPAINT = "INPAINT"


class MjStatus(StrEnum):
    NOT_START = "NOT_START"
    SUBMITTED = "SUBMITTED"
    MODAL = "MODAL"
    IN_PROGRESS = "IN_PROGRESS"
    FAILURE = "FAILURE"
    SUCCESS = "SUCCESS"
    CANCEL = "CANCEL"


class Output(StrEnum):
    GRID = "grid"  # four pictures, U/V/reroll buttons
    SINGLE = "single"  # one picture (an upscale), vary/zoom/pan buttons
    FACE = "face"  # one picture without buttons
    DESCRIPTION = "description"  # four prompts for an uploaded picture
    SHORTENING = "shortening"  # five shorter prompts


class Code:
    SUCCESS = 1
    NOT_FOUND = 3
    VALIDATION_ERROR = 4
    EXISTED = 21
    IN_QUEUE = 22
    QUEUE_FULL = 23
    BANNED_PROMPT = 24


class Refusal(Exception):
    """A submit the proxy answers with a non-1 code (still HTTP 200)."""

    def __init__(
        self, code: int, description: str, result: str | None = None, properties: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.result = result
        self.properties = properties or {}


def submit_reply(
    code: int, description: str, result: Any = None, properties: dict[str, Any] | None = None
) -> JSONResponse:
    return JSONResponse({"code": code, "description": description, "result": result, "properties": properties or {}})


@dataclass
class MjJob:
    """What one Midjourney task is and, once finished, what it shows."""

    action: MjAction
    output: Output
    prompt: str
    prompt_en: str
    description: str
    bot_type: str
    mode: SpeedMode
    submit_time: float
    user_state: str = ""
    notify_hook: str = ""
    parent_id: str | None = None
    index: int | None = None
    custom_id: str = ""
    derivation: Derivation = field(default_factory=Derivation)
    aspect: tuple[int, int] = (1, 1)
    sources: list[Image.Image] = field(default_factory=list)
    mask: Image.Image | None = None
    input_url: str = ""  # the uploaded picture a describe or swap task shows
    texts: list[str] = field(default_factory=list)  # describe/shorten results
    awaiting_modal: bool = False
    modal_needs_mask: bool = False
    message_hash: str = field(default_factory=lambda: str(uuid.uuid4()))
    media: TaskMedia = field(default_factory=TaskMedia)

    @property
    def final_prompt(self) -> str:
        if self.output in (Output.DESCRIPTION, Output.SHORTENING, Output.FACE):
            return self.prompt_en
        if re.search(r"--(?:v|niji|version)\b", self.prompt_en):
            return self.prompt_en
        return f"{self.prompt_en} {'--niji 6' if self.bot_type == 'NIJI_JOURNEY' else '--v 6.1'}".strip()


def job_of(task: SimTask) -> MjJob:
    job: MjJob = task.payload[MJ_FAMILY]
    return job


# Status and view


def mj_status(task: SimTask, now: float) -> tuple[MjStatus, float]:
    job = job_of(task)
    if job.awaiting_modal:
        return MjStatus.MODAL, 0.0
    stage, fraction = task.phase(now)
    if stage is TaskStage.QUEUED:
        waiting = now < task.created_at
        return (MjStatus.NOT_START if waiting or queue_step(task, now, 2) == 0 else MjStatus.SUBMITTED), 0.0
    if stage is TaskStage.RUNNING:
        return MjStatus.IN_PROGRESS, fraction
    if stage is TaskStage.FAILED:
        return MjStatus.FAILURE, fraction
    return MjStatus.SUCCESS, 1.0


def _button(custom_id: str, label: str = "", emoji: str = "", style: int = 2) -> dict[str, Any]:
    return {"customId": custom_id, "emoji": emoji, "label": label, "type": 2, "style": style}


def buttons_of(task: SimTask, state: SimulatorState) -> list[dict[str, Any]]:
    job = job_of(task)
    code = job.message_hash
    if job.output is Output.GRID:
        pressed = _upscaled_indices(task, state)
        upscales = [
            _button(f"MJ::JOB::upsample::{index}::{code}", f"U{index}", style=1 if index in pressed else 2)
            for index in range(1, 5)
        ]
        variations = [_button(f"MJ::JOB::variation::{index}::{code}", f"V{index}") for index in range(1, 5)]
        return [*upscales, _button(f"MJ::JOB::reroll::0::{code}::SOLO", emoji="🔄"), *variations]
    if job.output is Output.SINGLE:
        upscale_again = [
            _button(f"MJ::JOB::upsample_v6_2x_subtle::1::{code}::SOLO", "Upscale (Subtle)"),
            _button(f"MJ::JOB::upsample_v6_2x_creative::1::{code}::SOLO", "Upscale (Creative)"),
        ]
        return [
            *(upscale_again if job.index is not None else []),
            _button(f"MJ::JOB::high_variation::1::{code}::SOLO", "Vary (Strong)", "🪄"),
            _button(f"MJ::JOB::low_variation::1::{code}::SOLO", "Vary (Subtle)", "🪄"),
            _button(f"MJ::Inpaint::1::{code}::SOLO", "Vary (Region)", "🖌️"),
            _button(f"MJ::Outpaint::50::1::{code}::SOLO", "Zoom Out 2x", "🔍"),
            _button(f"MJ::Outpaint::75::1::{code}::SOLO", "Zoom Out 1.5x", "🔍"),
            _button(f"MJ::CustomZoom::{code}", "Custom Zoom", "🔍"),
            _button(f"MJ::JOB::pan_left::1::{code}::SOLO", emoji="⬅️"),
            _button(f"MJ::JOB::pan_right::1::{code}::SOLO", emoji="➡️"),
            _button(f"MJ::JOB::pan_up::1::{code}::SOLO", emoji="⬆️"),
            _button(f"MJ::JOB::pan_down::1::{code}::SOLO", emoji="⬇️"),
        ]
    if job.output is Output.DESCRIPTION:
        numbered = [_button(f"MJ::Job::PicReader::{index}", emoji=NUMBER_EMOJI[index]) for index in range(1, 5)]
        return [*numbered, _button("MJ::Picread::Retry", emoji="🔄")]
    if job.output is Output.SHORTENING:
        count = len(job.texts)
        return [
            _button(f"MJ::Job::PromptAnalyzer::{index}", emoji=NUMBER_EMOJI[index]) for index in range(1, count + 1)
        ]
    return []


NUMBER_EMOJI = {1: "1️⃣", 2: "2️⃣", 3: "3️⃣", 4: "4️⃣", 5: "5️⃣"}


def _upscaled_indices(task: SimTask, state: SimulatorState) -> set[int]:
    """Quadrants already upscaled: Discord shows their U button in blue (style 1)."""
    now = state.clock()
    return {
        child_job.index
        for child in state.tasks.of_family(MJ_FAMILY)
        if (child_job := job_of(child)).parent_id == task.id
        and child_job.action is MjAction.UPSCALE
        and child_job.index is not None
        and mj_status(child, now)[0] is MjStatus.SUCCESS
    }


def _picture(task: SimTask, state: SimulatorState) -> Image.Image:
    """The finished picture of an image task, made once (actions on it crop or derive from it)."""
    job = job_of(task)

    def make() -> Image.Image:
        if job.output is Output.GRID:
            source = job.sources[0] if job.sources else None
            if len(job.sources) > 1:
                source = Image.blend(
                    job.sources[0].convert("RGB"), job.sources[1].convert("RGB").resize(job.sources[0].size), 0.5
                )
            parent = _parent_picture(job, state)
            return grid_picture(job.prompt_en, job.aspect, task.id, job.derivation, parent or source, job.mask)
        if job.output is Output.FACE:
            return swapped_face(job.sources[0], job.sources[1])
        parent = _parent_picture(job, state)
        if parent is None:
            raise LookupError(f"upscale task {task.id} has no picture to upscale")
        return upscaled(parent)

    picture: Image.Image = job.media.memo("picture", make)
    return picture


def _parent_picture(job: MjJob, state: SimulatorState) -> Image.Image | None:
    parent = state.tasks.get(job.parent_id or "")
    if parent is None or job_of(parent).output not in (Output.GRID, Output.SINGLE):
        return None
    picture = _picture(parent, state)
    if job_of(parent).output is Output.GRID and job.index is not None:
        return quadrant_of(picture, job.index)
    return picture


def _image_url(task: SimTask, status: MjStatus, fraction: float, state: SimulatorState) -> str:
    job = job_of(task)
    if job.output in (Output.DESCRIPTION, Output.SHORTENING):
        return job.input_url
    if status is MjStatus.SUCCESS:
        return job.media.url(
            state.media,
            "image",
            lambda: MediaFile(png_bytes(_picture(task, state)), "image/png", _file_name(task, "png")),
        )
    if status is MjStatus.IN_PROGRESS and fraction >= PREVIEW_FROM:
        return job.media.url(
            state.media,
            "preview",
            lambda: MediaFile(
                jpeg_bytes(blurred_preview(_picture(task, state)), quality=60),
                "image/jpeg",
                _file_name(task, "progress.jpg"),
            ),
        )
    return ""


def _file_name(task: SimTask, suffix: str) -> str:
    words = "_".join(words_of(job_of(task).prompt)[:6]) or "image"
    return f"sim_{words}_{job_of(task).message_hash}.{suffix}"


def mj_task_view(task: SimTask, state: SimulatorState) -> dict[str, Any]:
    job = job_of(task)
    status, fraction = mj_status(task, state.clock())
    started = status in (MjStatus.IN_PROGRESS, MjStatus.SUCCESS, MjStatus.FAILURE)
    ended = status in (MjStatus.SUCCESS, MjStatus.FAILURE)
    done = status is MjStatus.SUCCESS
    prompt = job.prompt
    properties: dict[str, Any] = {
        "finalPrompt": job.final_prompt,
        "discordInstanceId": DISCORD_INSTANCE_ID,
        "discordChannelId": DISCORD_CHANNEL_ID,
        "notifyHook": job.notify_hook,
    }
    if job.output in (Output.DESCRIPTION, Output.SHORTENING):
        results = "\n\n".join(f"{NUMBER_EMOJI[number]} {text}" for number, text in enumerate(job.texts, 1))
        properties["finalPrompt"] = results if done else ""
        if job.output is Output.DESCRIPTION:
            prompt = results if done else ""
    if done:
        properties["messageHash"] = job.message_hash
    if job.parent_id:
        properties["parentId"] = job.parent_id
    if job.index is not None:
        properties["index"] = job.index
    if job.custom_id:
        properties["customId"] = job.custom_id
    return {
        "id": task.id,
        "action": job.action.value,
        "customId": job.custom_id,
        "botType": job.bot_type,
        "mode": job.mode.value,
        "prompt": prompt,
        "promptEn": job.prompt_en if job.output is not Output.DESCRIPTION else prompt,
        "description": job.description,
        "state": job.user_state,
        "submitTime": epoch_ms(job.submit_time),
        "startTime": epoch_ms(task.started_at) if started else 0,
        "finishTime": epoch_ms(task.finished_at) if ended else 0,
        "imageUrl": _image_url(task, status, fraction, state),
        "status": status.value,
        "progress": "100%" if ended else percent(fraction),
        "failReason": (task.failure_reason or "") if status is MjStatus.FAILURE else "",
        "buttons": buttons_of(task, state) if done else [],
        "maskBase64": "",
        "properties": properties,
        "parentId": job.parent_id,
    }


# Scheduling


def _schedule(task: SimTask, state: SimulatorState) -> int:
    """Starts the task when a slot frees (FIFO); returns how many tasks wait ahead of it."""
    now = state.clock()
    others = [
        other
        for other in state.tasks.of_family(MJ_FAMILY)
        if other is not task and not job_of(other).awaiting_modal and other.finished_at > now
    ]
    waiting_ahead = sum(1 for other in others if other.created_at > now)
    ends = sorted(other.finished_at for other in others)
    slots = max(1, state.config.mj_concurrency)
    task.created_at = ends[len(ends) - slots] if len(ends) >= slots else now
    return waiting_ahead if task.created_at > now else 0


def _waiting_count(state: SimulatorState) -> int:
    now = state.clock()
    return sum(
        1 for other in state.tasks.of_family(MJ_FAMILY) if not job_of(other).awaiting_modal and other.created_at > now
    )


def _accept(context: RequestContext, job: MjJob, trigger_text: str, *, modal: bool = False) -> JSONResponse:
    state = context.state
    if not modal and _waiting_count(state) >= state.config.mj_queue_size:
        raise Refusal(Code.QUEUE_FULL, "队列已满，请稍后尝试", properties={"discordInstanceId": DISCORD_INSTANCE_ID})
    state.ledger.require_funds()
    trigger_text = f"{trigger_text}\n{job.user_state}"
    task = state.tasks.create(
        MJ_FAMILY,
        duration_s=planned_duration(trigger_text, state.config.task_seconds) * DURATION_FACTOR[job.mode],
        failure_reason=planned_failure(trigger_text),
        id_style=TaskIdStyle.NUMERIC,
        payload={MJ_FAMILY: job},
    )
    state.ledger.charge_usd(PRICE_USD)
    if modal:
        job.awaiting_modal = True
        return submit_reply(
            Code.EXISTED, "Waiting for window confirm", task.id, {"finalPrompt": job.prompt_en, "remix": True}
        )
    ahead = _schedule(task, state)
    if ahead > 0 or task.created_at > state.clock():
        return submit_reply(
            Code.IN_QUEUE,
            f"排队中，前面还有{ahead}个任务",
            task.id,
            {"numberOfQueues": ahead, "discordInstanceId": DISCORD_INSTANCE_ID},
        )
    return submit_reply(Code.SUCCESS, "提交成功", task.id, {"discordInstanceId": DISCORD_INSTANCE_ID})


# Request reading


def speed_of(path: str) -> SpeedMode:
    if path.startswith("/mj-relax/"):
        return SpeedMode.RELAX
    if path.startswith("/mj-turbo/"):
        return SpeedMode.TURBO
    return SpeedMode.FAST


def _text(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise Refusal(Code.VALIDATION_ERROR, f"{name}参数错误 ({name} must be a string)")
    return value.strip()


def _check_banned(prompt: str) -> None:
    lowered = prompt.lower()
    for word in BANNED_WORDS:
        if re.search(rf"\b{word}\b", lowered):
            raise Refusal(Code.BANNED_PROMPT, "可能包含敏感词", properties={"promptEn": prompt, "bannedWord": word})


def _bot_type(body: dict[str, Any]) -> str:
    bot_type = _text(body, "botType") or "MID_JOURNEY"
    if bot_type not in BOT_TYPES:
        raise Refusal(Code.VALIDATION_ERROR, "botType参数错误 (MID_JOURNEY or NIJI_JOURNEY)")
    return bot_type


def _image(reference: object, name: str) -> Image.Image:
    """A data URI picture of at most 1 MB, or the proxy's validation refusal."""
    data = data_uri_bytes(reference) if isinstance(reference, str) else None
    if data is None:
        raise Refusal(Code.VALIDATION_ERROR, f"{name}格式错误 (expected a data:image/...;base64, URI)")
    if len(data) > MAX_IMAGE_BYTES:
        raise Refusal(Code.VALIDATION_ERROR, f"{name}图片过大 (at most 1 MB per image)")
    picture = decode_image(data)
    if picture is None:
        raise Refusal(Code.VALIDATION_ERROR, f"{name}格式错误 (not a picture)")
    return picture


def _images(body: dict[str, Any], name: str, minimum: int, maximum: int) -> list[Image.Image]:
    value = body.get(name)
    if value is None and minimum == 0:
        return []
    if not isinstance(value, list) or not minimum <= len(value) <= maximum:
        raise Refusal(Code.VALIDATION_ERROR, f"base64List参数错误 ({minimum}–{maximum} images expected)")
    return [_image(item, "base64") for item in value]


def _upload(pictures: list[Image.Image], state: SimulatorState) -> list[str]:
    """Image prompts go to Discord first; the prompt then starts with their URLs."""
    return [
        state.media.put(png_bytes(picture), "image/png", f"upload_{uuid.uuid4().hex[:12]}.png") for picture in pictures
    ]


def _new_job(context: RequestContext, body: dict[str, Any], **fields: Any) -> MjJob:
    return MjJob(
        mode=speed_of(context.request.url.path),
        submit_time=context.state.clock(),
        user_state=_text(body, "state"),
        notify_hook=_text(body, "notifyHook"),
        **fields,
    )


# Submit routes

Handler = Callable[[RequestContext, dict[str, Any]], Awaitable[Response]]


def mj_route(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    """Reads the JSON body and turns a Refusal into the proxy's HTTP 200 reply."""

    async def endpoint(request: Request) -> Response:
        context = RequestContext.of(request)
        body = context.json_object()
        try:
            return await handler(context, body)
        except Refusal as refusal:
            return submit_reply(refusal.code, refusal.description, refusal.result, refusal.properties)

    return endpoint


async def submit_imagine(context: RequestContext, body: dict[str, Any]) -> Response:
    prompt = _text(body, "prompt")
    if not prompt:
        raise Refusal(Code.VALIDATION_ERROR, "prompt不能为空")
    bot_type = _bot_type(body)
    pictures = _images(body, "base64Array", 0, MAX_IMAGES)
    if not pictures and isinstance(body.get("base64"), str):
        pictures = [_image(body["base64"], "base64")]
    _check_banned(prompt)
    urls = await run_in_threadpool(_upload, pictures, context.state)
    job = _new_job(
        context,
        body,
        action=MjAction.IMAGINE,
        output=Output.GRID,
        prompt=prompt,
        prompt_en=" ".join([*urls, prompt]),
        description=f"/imagine {prompt}",
        bot_type=bot_type,
        aspect=aspect_of(prompt),
        sources=pictures,
        derivation=Derivation("new", source_weight=0.45 if pictures else 0.0),
    )
    return _accept(context, job, prompt)


async def submit_blend(context: RequestContext, body: dict[str, Any]) -> Response:
    pictures = _images(body, "base64Array", 2, MAX_IMAGES)
    dimensions = _text(body, "dimensions") or "SQUARE"
    if dimensions not in BLEND_ASPECTS:
        raise Refusal(Code.VALIDATION_ERROR, "dimensions参数错误 (PORTRAIT, SQUARE or LANDSCAPE)")
    urls = await run_in_threadpool(_upload, pictures, context.state)
    width, height = BLEND_ASPECTS[dimensions]
    prompt = " ".join([*urls, f"--ar {width}:{height}"])
    job = _new_job(
        context,
        body,
        action=MjAction.BLEND,
        output=Output.GRID,
        prompt=prompt,
        prompt_en=prompt,
        description="/blend",
        bot_type=_bot_type(body),
        aspect=(width, height),
        sources=pictures,
        derivation=Derivation("vary", source_weight=0.6),
    )
    return _accept(context, job, "")


async def submit_describe(context: RequestContext, body: dict[str, Any]) -> Response:
    picture = _image(body.get("base64"), "base64")
    [url] = await run_in_threadpool(_upload, [picture], context.state)
    colour = dominant_colour_name(picture)
    ratio = _ratio_text(picture)
    styles = ("in the style of soft watercolor", "cinematic lighting, 35mm photo", "flat vector illustration",
              "oil painting with thick brushstrokes")  # fmt: skip
    texts = [f"a {colour} scene of simple shapes, {style} --ar {ratio}" for style in styles]
    job = _new_job(
        context,
        body,
        action=MjAction.DESCRIBE,
        output=Output.DESCRIPTION,
        prompt="",
        prompt_en="",
        description="/describe",
        bot_type=_bot_type(body),
        sources=[picture],
        input_url=url,
        texts=texts,
    )
    return _accept(context, job, "")


def _ratio_text(picture: Image.Image) -> str:
    divisor = gcd(picture.width, picture.height) or 1
    return f"{picture.width // divisor}:{picture.height // divisor}"


async def submit_shorten(context: RequestContext, body: dict[str, Any]) -> Response:
    prompt = _text(body, "prompt")
    if not prompt:
        raise Refusal(Code.VALIDATION_ERROR, "prompt不能为空")
    _check_banned(prompt)
    words = words_of(TRIGGER.sub(" ", prompt)) or ["image"]
    texts = [" ".join(words[: max(1, len(words) - cut)]) for cut in range(5)]
    job = _new_job(
        context,
        body,
        action=MjAction.SHORTEN,
        output=Output.SHORTENING,
        prompt=prompt,
        prompt_en=prompt,
        description=f"/shorten {prompt}",
        bot_type=_bot_type(body),
        texts=texts,
    )
    return _accept(context, job, prompt)


async def submit_swap_face(context: RequestContext, body: dict[str, Any]) -> Response:
    face = _image(body.get("sourceBase64"), "sourceBase64")
    target = _image(body.get("targetBase64"), "targetBase64")
    job = _new_job(
        context,
        body,
        action=MjAction.SWAP_FACE,
        output=Output.FACE,
        prompt="",
        prompt_en="",
        description="/swap_face",
        bot_type="INSIGHT_FACE",
        sources=[face, target],
    )
    return _accept(context, job, "")


async def upload_discord_images(context: RequestContext, body: dict[str, Any]) -> Response:
    pictures = _images(body, "base64Array", 1, MAX_IMAGES)
    urls = await run_in_threadpool(_upload, pictures, context.state)
    return submit_reply(Code.SUCCESS, "success", urls)


# Buttons


@dataclass(frozen=True)
class ButtonPress:
    action: MjAction
    output: Output
    index: int | None = None
    derivation: Derivation = field(default_factory=Derivation)
    modal: bool = False
    label: str = ""


def press_of(custom_id: str) -> ButtonPress | None:
    """What pressing a button does, from its customId alone."""
    parts = custom_id.split("::")
    if custom_id.startswith("MJ::JOB::upsample::"):
        return ButtonPress(MjAction.UPSCALE, Output.SINGLE, int(parts[3]), label=f"U{parts[3]}")
    if custom_id.startswith("MJ::JOB::upsample_"):
        return ButtonPress(MjAction.UPSCALE, Output.SINGLE, label=parts[2])
    if custom_id.startswith("MJ::JOB::variation::"):
        index = int(parts[3])
        return ButtonPress(MjAction.VARIATION, Output.GRID, index, Derivation("vary", 0.55), label=f"V{index}")
    if custom_id.startswith("MJ::JOB::reroll::"):
        return ButtonPress(MjAction.REROLL, Output.GRID, label="reroll")
    if custom_id.startswith(("MJ::JOB::high_variation::", "MJ::JOB::low_variation::")):
        subtle = "low_variation" in custom_id
        weight = 0.75 if subtle else 0.4
        return ButtonPress(MjAction.VARIATION, Output.GRID, None, Derivation("vary", weight), label=parts[2])
    if custom_id.startswith("MJ::Outpaint::"):
        zoom = 100 / int(parts[2])
        return ButtonPress(MjAction.ZOOM, Output.GRID, None, Derivation("zoom", zoom=zoom), label=f"zoom {zoom:g}")
    if custom_id.startswith("MJ::CustomZoom::"):
        return ButtonPress(MjAction.ZOOM, Output.GRID, None, Derivation("zoom"), modal=True, label="custom zoom")
    if custom_id.startswith("MJ::JOB::pan_"):
        direction = parts[2].removeprefix("pan_")
        return ButtonPress(MjAction.PAN, Output.GRID, None, Derivation("pan", direction=direction), label=parts[2])
    if custom_id.startswith("MJ::Inpaint::"):
        return ButtonPress(MjAction.INPAINT, Output.GRID, None, Derivation("inpaint"), modal=True, label="inpaint")
    if custom_id.startswith(("MJ::Job::PicReader::", "MJ::Job::PromptAnalyzer::")):
        return ButtonPress(MjAction.IMAGINE, Output.GRID, int(parts[3]), modal=True, label="imagine")
    if custom_id == "MJ::Picread::Retry":
        return ButtonPress(MjAction.DESCRIBE, Output.DESCRIPTION, label="describe")
    return None


def _finished_target(context: RequestContext, task_id: str) -> SimTask:
    if not task_id:
        raise Refusal(Code.VALIDATION_ERROR, "taskId不能为空")
    target = context.state.tasks.get(task_id)
    if target is None or target.family != MJ_FAMILY:
        raise Refusal(Code.NOT_FOUND, "关联任务不存在或已失效")
    if mj_status(target, context.state.clock())[0] is not MjStatus.SUCCESS:
        raise Refusal(Code.VALIDATION_ERROR, "关联任务状态错误")
    return target


def _already_pressed(context: RequestContext, target: SimTask, custom_id: str, press: ButtonPress) -> None:
    """The proxy's code 21: the same button on the same task is still running (or an upscale exists)."""
    now = context.state.clock()
    for other in context.state.tasks.of_family(MJ_FAMILY):
        other_job = job_of(other)
        if other_job.parent_id != target.id or other_job.custom_id != custom_id:
            continue
        status = mj_status(other, now)[0]
        if status in (MjStatus.FAILURE, MjStatus.CANCEL):
            continue
        if status is not MjStatus.SUCCESS or press.action is MjAction.UPSCALE:
            image_url = _image_url(other, status, 0.0, context.state) if status is MjStatus.SUCCESS else ""
            raise Refusal(Code.EXISTED, "任务已存在", other.id, {"status": status.value, "imageUrl": image_url})


def press_button(context: RequestContext, body: dict[str, Any], target: SimTask, custom_id: str) -> Response:
    target_job = job_of(target)
    if custom_id not in {button["customId"] for button in buttons_of(target, context.state)}:
        raise Refusal(Code.VALIDATION_ERROR, f"customId无效 (not a button of task {target.id})")
    press = press_of(custom_id)
    if press is None:
        raise Refusal(Code.VALIDATION_ERROR, "customId无效")
    _already_pressed(context, target, custom_id, press)
    prompt, prompt_en = target_job.prompt, target_job.prompt_en
    if target_job.output in (Output.DESCRIPTION, Output.SHORTENING) and press.action is MjAction.IMAGINE:
        prompt = prompt_en = target_job.texts[(press.index or 1) - 1]
    sources = target_job.sources if press.action is MjAction.DESCRIBE else []
    job = _new_job(
        context,
        body,
        action=press.action,
        output=press.output,
        prompt=prompt,
        prompt_en=prompt_en,
        description=_action_description(press, target.id),
        bot_type=target_job.bot_type,
        parent_id=target.id,
        index=press.index if target_job.output is Output.GRID else None,
        custom_id=custom_id,
        derivation=press.derivation,
        aspect=aspect_of(prompt_en) if press.action is MjAction.IMAGINE else target_job.aspect,
        sources=sources,
        input_url=target_job.input_url if press.action is MjAction.DESCRIBE else "",
        texts=target_job.texts if press.action is MjAction.DESCRIBE else [],
        modal_needs_mask=press.action is MjAction.INPAINT,
    )
    if press.action is MjAction.IMAGINE:
        job.description = f"/imagine {prompt}"
    return _accept(context, job, job.user_state, modal=press.modal)


def _action_description(press: ButtonPress, target_id: str) -> str:
    if press.action is MjAction.UPSCALE:
        return f"/up {target_id} {press.label}"
    if press.action is MjAction.VARIATION:
        return f"/variation {target_id} {press.label}"
    if press.action is MjAction.REROLL:
        return f"/reroll {target_id}"
    if press.modal:
        return "Waiting for window confirm"
    return f"/{press.action.value.lower()} {target_id} {press.label}"


async def submit_action(context: RequestContext, body: dict[str, Any]) -> Response:
    custom_id = _text(body, "customId")
    if not custom_id:
        raise Refusal(Code.VALIDATION_ERROR, "customId不能为空")
    target = _finished_target(context, _text(body, "taskId"))
    return press_button(context, body, target, custom_id)


CHANGE_ACTIONS = {"UPSCALE": "upsample", "VARIATION": "variation", "REROLL": "reroll"}


def _change_custom_id(target: SimTask, action: str, index: int | None) -> str:
    job = job_of(target)
    if job.output is not Output.GRID:
        raise Refusal(Code.VALIDATION_ERROR, "关联任务不允许执行变化")
    if action == "REROLL":
        return f"MJ::JOB::reroll::0::{job.message_hash}::SOLO"
    if index is None or not 1 <= index <= 4:
        raise Refusal(Code.VALIDATION_ERROR, "index参数错误 (1–4)")
    return f"MJ::JOB::{CHANGE_ACTIONS[action]}::{index}::{job.message_hash}"


async def submit_change(context: RequestContext, body: dict[str, Any]) -> Response:
    action = _text(body, "action").upper()
    if action not in CHANGE_ACTIONS:
        raise Refusal(Code.VALIDATION_ERROR, "action参数错误 (UPSCALE, VARIATION or REROLL)")
    index = body.get("index")
    if index is not None and (isinstance(index, bool) or not isinstance(index, int)):
        raise Refusal(Code.VALIDATION_ERROR, "index参数错误 (1–4)")
    target = _finished_target(context, _text(body, "taskId"))
    custom_id = _change_custom_id(target, action, index)
    return press_button(context, body, target, custom_id)


async def submit_simple_change(context: RequestContext, body: dict[str, Any]) -> Response:
    match = SIMPLE_CHANGE.match(_text(body, "content"))
    if match is None:
        raise Refusal(Code.VALIDATION_ERROR, 'content参数错误 (e.g. "1320098173412546 U2")')
    if match.group(5):
        task_id, action, index = match.group(4), "REROLL", None
    else:
        task_id = match.group(1)
        action = "UPSCALE" if match.group(2).upper() == "U" else "VARIATION"
        index = int(match.group(3))
    target = _finished_target(context, task_id)
    custom_id = _change_custom_id(target, action, index)
    return press_button(context, body, target, custom_id)


async def submit_modal(context: RequestContext, body: dict[str, Any]) -> Response:
    task_id = _text(body, "taskId")
    if not task_id:
        raise Refusal(Code.VALIDATION_ERROR, "taskId不能为空")
    task = context.state.tasks.get(task_id)
    if task is None or task.family != MJ_FAMILY:
        raise Refusal(Code.NOT_FOUND, "任务不存在或已失效")
    job = job_of(task)
    if not job.awaiting_modal:
        raise Refusal(Code.VALIDATION_ERROR, "任务状态错误 (the task is not waiting for a modal)")
    prompt = _text(body, "prompt")
    mask_text = _text(body, "maskBase64")
    if job.modal_needs_mask:
        if not mask_text:
            raise Refusal(Code.VALIDATION_ERROR, "maskBase64不能为空")
        job.mask = _image(
            mask_text if mask_text.startswith("data:") else f"data:image/png;base64,{mask_text}", "maskBase64"
        )
    if prompt:
        _check_banned(prompt)
        job.prompt = job.prompt_en = prompt
    if job.action is MjAction.ZOOM:
        job.derivation = Derivation("zoom", zoom=zoom_of(prompt))
    if job.action is MjAction.IMAGINE:
        job.description = f"/imagine {job.prompt}"
        job.aspect = aspect_of(job.prompt_en)
    trigger_text = f"{prompt}\n{_text(body, 'state')}"
    if failure := planned_failure(trigger_text):
        task.failure_reason = failure
    task.duration_s = planned_duration(trigger_text, task.duration_s)
    job.submit_time = context.state.clock()
    job.awaiting_modal = False
    ahead = _schedule(task, context.state)
    if ahead > 0:
        return submit_reply(Code.IN_QUEUE, f"排队中，前面还有{ahead}个任务", task.id, {"numberOfQueues": ahead})
    return submit_reply(Code.SUCCESS, "提交成功", task.id, {"discordInstanceId": DISCORD_INSTANCE_ID})


# Polling


async def fetch_task(request: Request) -> Response:
    context = RequestContext.of(request)
    task = context.state.tasks.get(request.path_params["task_id"])
    if task is None or task.family != MJ_FAMILY:
        raise GatewayError(404, "任务不存在 (task not found)", code="task_not_found")
    view = await run_in_threadpool(mj_task_view, task, context.state)
    return JSONResponse(view)


async def list_by_condition(request: Request) -> Response:
    context = RequestContext.of(request)
    body = context.json_object()
    ids = body.get("ids")
    if not isinstance(ids, list):
        raise GatewayError(400, "ids must be an array of task ids", code="invalid_request")
    tasks = [context.state.tasks.get(str(task_id)) for task_id in ids]
    chosen = [task for task in tasks if task is not None and task.family == MJ_FAMILY]

    def views() -> list[dict[str, Any]]:
        return [mj_task_view(task, context.state) for task in chosen]

    return JSONResponse(await run_in_threadpool(views))


SUBMIT_HANDLERS: dict[str, Handler] = {
    "/mj/submit/imagine": submit_imagine,
    "/mj/submit/blend": submit_blend,
    "/mj/submit/describe": submit_describe,
    "/mj/submit/shorten": submit_shorten,
    "/mj/submit/action": submit_action,
    "/mj/submit/modal": submit_modal,
    "/mj/submit/change": submit_change,
    "/mj/submit/simple-change": submit_simple_change,
    "/mj/insight-face/swap": submit_swap_face,
    "/mj/submit/upload-discord-images": upload_discord_images,
}

midjourney_routes = [
    route
    for prefix in SPEED_PREFIXES
    for route in (
        *(Route(prefix + path, mj_route(handler), methods=["POST"]) for path, handler in SUBMIT_HANDLERS.items()),
        Route(prefix + "/mj/task/{task_id}/fetch", fetch_task, methods=["GET"]),
        Route(prefix + "/mj/task/list-by-condition", list_by_condition, methods=["POST"]),
    )
]
