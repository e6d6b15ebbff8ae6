"""Veo through /custom_video: the model in the path, then poll by id.

Statuses: SUBMITTED → QUEUED (halves of the queued time) → IN_PROGRESS → SUCCESS (`output` is an H.264 MP4
URL) or FAILURE (at 60%, `error`). With `config.custom_video_numeric_ids` the id is digits, sent as a JSON
number by the submit reply and as a string by fetch: clients must take either. With
`config.custom_video_replies = "relay"` both replies come the way new-api relays word them instead:
`{code: "success", data: {task_id, state (lower case), progress "45%", video_url, fail_reason}}`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PIL import Image
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from studio.simulator.errors import GatewayError
from studio.simulator.footage import VIDEO_CONTENT_TYPE, encode_video
from studio.simulator.request_context import RequestContext
from studio.simulator.song_words import TRIGGER
from studio.simulator.task_media import MediaFile, TaskMedia, input_image
from studio.simulator.task_timeline import queue_step
from studio.simulator.tasks import SimTask, TaskIdStyle, TaskStage, planned_duration, planned_failure

if TYPE_CHECKING:
    from studio.simulator.state import SimulatorState

CUSTOM_VIDEO_FAMILY = "custom_video"
VEO_MODELS = ("veo-2", "veo-3", "veo-3-fast")
ASPECT_SIZES = {"16:9": (320, 180), "9:16": (180, 320)}
DURATIONS_S = range(5, 9)
VIDEO_SECONDS = 3.0
PRICE_USD = 0.5
RELAY_STATES = {
    "SUBMITTED": "submitted",
    "QUEUED": "queued",
    "IN_PROGRESS": "processing",
    "SUCCESS": "succeeded",
    "FAILURE": "failed",
}


@dataclass
class VeoJob:
    model: str
    prompt: str
    aspect_ratio: str
    first_frame: Image.Image | None = None
    media: TaskMedia = field(default_factory=TaskMedia)


def job_of(task: SimTask) -> VeoJob:
    job: VeoJob = task.payload[CUSTOM_VIDEO_FAMILY]
    return job


def invalid(message: str, code: str = "invalid_request") -> GatewayError:
    return GatewayError(400, message, code=code)


def veo_status(task: SimTask, now: float) -> str:
    stage, _ = task.phase(now)
    if stage is TaskStage.QUEUED:
        return ("SUBMITTED", "QUEUED")[queue_step(task, now, 2)]
    return {TaskStage.RUNNING: "IN_PROGRESS", TaskStage.DONE: "SUCCESS", TaskStage.FAILED: "FAILURE"}[stage]


def veo_view(task: SimTask, state: SimulatorState) -> dict[str, Any]:
    job = job_of(task)
    now = state.clock()
    status = veo_status(task, now)
    output = None
    if status == "SUCCESS":
        output = job.media.url(state.media, "video", lambda: _video(task))
    error = task.failure_reason if status == "FAILURE" else None
    if state.config.custom_video_replies == "relay":
        _, progress = task.phase(now)
        data = {
            "task_id": task.id,
            "model": job.model,
            "state": RELAY_STATES[status],
            "progress": f"{progress * 100:.0f}%",
            "video_url": output,
            "fail_reason": error,
        }
        return {"code": "success", "message": "", "data": data}
    return {"id": task.id, "model": job.model, "status": status, "error": error, "output": output}


def _video(task: SimTask) -> MediaFile:
    job = job_of(task)
    data, _, _ = encode_video(job.prompt, *ASPECT_SIZES[job.aspect_ratio], VIDEO_SECONDS, job.first_frame)
    return MediaFile(data, VIDEO_CONTENT_TYPE, f"veo_{task.id}.mp4")


def _checked(body: dict[str, Any], state: SimulatorState) -> tuple[str, str, Image.Image | None]:
    prompt = body.get("prompt")
    if not isinstance(prompt, str) or not prompt.strip():
        raise invalid("prompt is required and must be a non-empty string")
    aspect = body.get("aspect_ratio") or "16:9"
    if aspect not in ASPECT_SIZES:
        raise invalid(f"aspect_ratio must be one of {', '.join(ASPECT_SIZES)}")
    duration = body.get("duration")
    if duration is not None and (isinstance(duration, bool) or duration not in DURATIONS_S):
        raise invalid("duration must be a whole number of seconds from 5 to 8")
    image = body.get("image")
    first_frame = None
    if image is not None:
        if not isinstance(image, str):
            raise invalid("image must be a data URI or a URL")
        first_frame = input_image(image, state.media)
        if image.startswith("data:") and first_frame is None:
            raise invalid("image is not a readable picture")
    return prompt, aspect, first_frame


async def create_video(request: Request) -> JSONResponse:
    context = RequestContext.of(request)
    model = request.path_params["model"]
    if model not in VEO_MODELS:
        raise invalid(f"model {model} is not supported here; use one of {', '.join(VEO_MODELS)}", "model_not_supported")
    body = context.json_object()
    state = context.state
    prompt, aspect, first_frame = await run_in_threadpool(_checked, body, state)
    state.ledger.require_funds()
    numeric = state.config.custom_video_numeric_ids
    task = state.tasks.create(
        CUSTOM_VIDEO_FAMILY,
        duration_s=planned_duration(prompt, state.config.task_seconds),
        failure_reason=planned_failure(prompt),
        id_style=TaskIdStyle.NUMERIC if numeric else TaskIdStyle.UUID,
        payload={CUSTOM_VIDEO_FAMILY: VeoJob(model, TRIGGER.sub("", prompt).strip(), aspect, first_frame)},
    )
    state.ledger.charge_usd(PRICE_USD)
    if state.config.custom_video_replies == "relay":
        return JSONResponse({"code": "success", "message": "", "data": {"task_id": task.id, "state": "submitted"}})
    return JSONResponse({"id": int(task.id) if numeric else task.id, "model": model, "status": "SUBMITTED"})


async def fetch_video(request: Request) -> JSONResponse:
    context = RequestContext.of(request)
    task_id = request.path_params["task_id"].strip()
    task = context.state.tasks.get(task_id)
    if task is None or task.family != CUSTOM_VIDEO_FAMILY:
        raise GatewayError(404, f"task {task_id} not found", code="task_not_exist")
    return JSONResponse(await run_in_threadpool(veo_view, task, context.state))


custom_video_routes = [
    Route("/custom_video/model/{model}", create_video, methods=["POST"]),
    Route("/custom_video/fetch/{task_id}", fetch_video, methods=["GET"]),
]
