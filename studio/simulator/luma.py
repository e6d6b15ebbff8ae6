"""Luma Dream Machine through the relay: create or extend a generation, poll it, ask for a download URL.

States: pending (the queued time; `estimate_wait_seconds` counts down) → processing → completed (an H.264
MP4 with its thumbnail and last frame as JPEGs) or failed (at 60%, `failure_reason`). The video shows the
prompt over the start frame (`image_url`) and fades to the end frame (`image_end_url`) when one is given.
An extension starts from the last frame of its source and names it in `extended_from` (inferred; the seed
has no such field). `video.url` is a preview with a watermark in its top-left corner; `download_video_url`
signs a fresh URL to the same video without it on every call.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PIL import Image
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from studio.simulator.artwork import jpeg_bytes
from studio.simulator.errors import GatewayError
from studio.simulator.footage import VIDEO_CONTENT_TYPE, Footage, even, make_footage
from studio.simulator.request_context import RequestContext
from studio.simulator.song_words import TRIGGER
from studio.simulator.task_media import MediaFile, TaskMedia, input_image
from studio.simulator.task_timeline import iso_time
from studio.simulator.tasks import SimTask, TaskStage, planned_duration, planned_failure

if TYPE_CHECKING:
    from studio.simulator.state import SimulatorState

LUMA_FAMILY = "luma"
ASPECT_RATIOS = {
    "16:9": (16, 9),
    "9:16": (9, 16),
    "1:1": (1, 1),
    "4:3": (4, 3),
    "3:4": (3, 4),
    "21:9": (21, 9),
    "9:21": (9, 21),
}
RESOLUTIONS = ("540p", "720p", "1080p", "4k")
VIDEO_LONG_SIDE = 320
VIDEO_SECONDS = 2.5
PRICE_USD = 0.4
USER_ID = "00000000-5111-4a11-8000-000000000003"
EXPANDED_SUFFIX = ", smooth camera motion, cinematic lighting, highly detailed"
WATERMARK = "Luma preview"


@dataclass
class LumaJob:
    prompt: str
    aspect_ratio: str
    loop: bool
    request: dict[str, Any]
    first_frame: Image.Image | None = None
    end_frame: Image.Image | None = None
    extended_from: str | None = None
    batch_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    media: TaskMedia = field(default_factory=TaskMedia)

    @property
    def size(self) -> tuple[int, int]:
        width, height = ASPECT_RATIOS[self.aspect_ratio]
        scale = VIDEO_LONG_SIDE / max(width, height)
        return even(width * scale), even(height * scale)


def job_of(task: SimTask) -> LumaJob:
    job: LumaJob = task.payload[LUMA_FAMILY]
    return job


def not_found(generation_id: str) -> GatewayError:
    return GatewayError(404, f"Generation {generation_id} not found", code="not_found")


def _rendered(task: SimTask, state: SimulatorState) -> Footage:
    """The finished video (with and without watermark) and its stills, made once when first needed."""
    job = job_of(task)

    def make() -> Footage:
        width, height = job.size
        return make_footage(
            job.prompt, width, height, VIDEO_SECONDS, job.first_frame, job.end_frame, watermark=WATERMARK
        )

    return job.media.memo("rendered", make)


def _file_urls(task: SimTask, state: SimulatorState) -> dict[str, str]:
    job, store = job_of(task), state.media
    rendered = _rendered(task, state)
    preview = rendered.watermarked or rendered.video
    return {
        "video": job.media.url(store, "video", lambda: MediaFile(preview, VIDEO_CONTENT_TYPE, f"{task.id}.mp4")),
        "thumbnail": job.media.url(
            store, "thumbnail", lambda: MediaFile(jpeg_bytes(rendered.first), "image/jpeg", f"{task.id}_thumb.jpg")
        ),
        "last_frame": job.media.url(
            store, "last_frame", lambda: MediaFile(jpeg_bytes(rendered.last), "image/jpeg", f"{task.id}_last.jpg")
        ),
    }


def luma_view(task: SimTask, state: SimulatorState) -> dict[str, Any]:
    job = job_of(task)
    now = state.clock()
    stage, _ = task.phase(now)
    state_word = {
        TaskStage.QUEUED: "pending",
        TaskStage.RUNNING: "processing",
        TaskStage.DONE: "completed",
        TaskStage.FAILED: "failed",
    }[stage]
    width, height = job.size
    video = thumbnail = last_frame = video_raw = None
    url = None
    if stage is TaskStage.DONE:
        urls = _file_urls(task, state)
        url = urls["video"]
        video = {"url": url, "width": width, "height": height, "thumbnail": urls["thumbnail"], "download_url": url}
        thumbnail = {"url": urls["thumbnail"], "width": width, "height": height}
        last_frame = {"url": urls["last_frame"], "width": width, "height": height}
        video_raw = {"url": url, "width": width, "height": height}
    wait = max(1, math.ceil(task.started_at - now)) if stage is TaskStage.QUEUED else None
    return {
        "id": task.id,
        "prompt": job.prompt,
        "state": state_word,
        "failure_reason": task.failure_reason if stage is TaskStage.FAILED else None,
        "created_at": iso_time(task.created_at),
        "video": video,
        "liked": None,
        "estimate_wait_seconds": wait,
        "thumbnail": thumbnail,
        "video_raw": video_raw,
        "last_frame": last_frame,
        "user_id": USER_ID,
        "batch_id": job.batch_id,
        "pipeline_id": "sim-dream-machine",
        "queue_state": None,
        "aspect_ratio": job.aspect_ratio,
        "extended_from": job.extended_from,
        "url": url,
    }


def _request_fields(body: dict[str, Any]) -> dict[str, Any]:
    for name in ("user_prompt", "image_url", "image_end_url", "aspect_ratio", "model_name", "resolution"):
        if body.get(name) is not None and not isinstance(body[name], str):
            raise GatewayError(400, f"{name} must be a string", code="invalid_request")
    for name in ("expand_prompt", "loop"):
        if body.get(name) is not None and not isinstance(body[name], bool):
            raise GatewayError(400, f"{name} must be a boolean", code="invalid_request")
    duration = body.get("duration")
    if duration is not None and (isinstance(duration, bool) or not isinstance(duration, str | int | float)):
        raise GatewayError(400, 'duration must be a number of seconds or a string like "5s"', code="invalid_request")
    resolution = body.get("resolution")
    if resolution is not None and resolution not in RESOLUTIONS:
        raise GatewayError(400, f"resolution must be one of {', '.join(RESOLUTIONS)}", code="invalid_request")
    aspect = body.get("aspect_ratio") or "16:9"
    if aspect not in ASPECT_RATIOS:
        raise GatewayError(400, f"aspect_ratio must be one of {', '.join(ASPECT_RATIOS)}", code="invalid_request")
    return body


def _frame(reference: str, name: str, state: SimulatorState) -> Image.Image | None:
    """A start or end frame sent as a data URI or one of our media URLs; an unreadable data URI is refused."""
    picture = input_image(reference, state.media)
    if picture is None and reference.startswith("data:"):
        raise GatewayError(400, f"{name} is not a readable picture", code="invalid_request")
    return picture


def _create(context: RequestContext, body: dict[str, Any], source: SimTask | None) -> JSONResponse:
    state = context.state
    body = _request_fields(body)
    prompt = (body.get("user_prompt") or "").strip()
    image_url = body.get("image_url") or ""
    if not prompt and not image_url and source is None:
        raise GatewayError(400, "user_prompt is required", code="invalid_request")
    shown = TRIGGER.sub("", prompt).strip()
    if body.get("expand_prompt", True) and shown:
        shown += EXPANDED_SUFFIX
    first_frame = _frame(image_url, "image_url", state) if image_url else None
    end_url = body.get("image_end_url") or ""
    end_frame = _frame(end_url, "image_end_url", state) if end_url else None
    if source is not None:
        first_frame = _rendered(source, state).last
    aspect = body.get("aspect_ratio") or (job_of(source).aspect_ratio if source is not None else "16:9")
    state.ledger.require_funds()
    job = LumaJob(
        prompt=shown,
        aspect_ratio=aspect,
        loop=bool(body.get("loop")),
        request=body,
        first_frame=first_frame,
        end_frame=end_frame,
        extended_from=source.id if source is not None else None,
    )
    task = state.tasks.create(
        LUMA_FAMILY,
        duration_s=planned_duration(prompt, state.config.task_seconds),
        failure_reason=planned_failure(prompt),
        payload={LUMA_FAMILY: job},
    )
    state.ledger.charge_usd(PRICE_USD)
    return JSONResponse(luma_view(task, state))


def _generation(context: RequestContext, generation_id: str) -> SimTask:
    task = context.state.tasks.get(generation_id)
    if task is None or task.family != LUMA_FAMILY:
        raise not_found(generation_id)
    return task


async def create_generation(request: Request) -> JSONResponse:
    context = RequestContext.of(request)
    body = context.json_object()
    return await run_in_threadpool(_create, context, body, None)


async def extend_generation(request: Request) -> JSONResponse:
    context = RequestContext.of(request)
    body = context.json_object()
    source = _generation(context, request.path_params["task_id"])
    if source.phase(context.state.clock()).stage is not TaskStage.DONE:
        raise GatewayError(400, "Only a completed generation can be extended", code="invalid_request")
    return await run_in_threadpool(_create, context, body, source)


async def get_generation(request: Request) -> JSONResponse:
    context = RequestContext.of(request)
    task = _generation(context, request.path_params["task_id"])
    return JSONResponse(await run_in_threadpool(luma_view, task, context.state))


async def download_video_url(request: Request) -> JSONResponse:
    context = RequestContext.of(request)
    task = _generation(context, request.path_params["task_id"])
    if task.phase(context.state.clock()).stage is not TaskStage.DONE:
        raise GatewayError(400, "The generation is not completed yet", code="invalid_request")

    def sign() -> str:
        video = _rendered(task, context.state).video
        return context.state.media.put(video, VIDEO_CONTENT_TYPE, f"{task.id}.mp4")

    return JSONResponse({"url": await run_in_threadpool(sign)})


luma_routes = [
    Route("/luma/generations", create_generation, methods=["POST"]),
    Route("/luma/generations/{task_id}/extend", extend_generation, methods=["POST"]),
    Route("/luma/generations/{task_id}/download_video_url", download_video_url, methods=["GET"]),
    Route("/luma/generations/{task_id}", get_generation, methods=["GET"]),
]
