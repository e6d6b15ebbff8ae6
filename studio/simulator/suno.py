"""Suno through the relay: submit music, lyrics or a concatenation, then poll the task by id.

Statuses follow the task's age: NOT_START → SUBMITTED → QUEUED (each a third of the queued time) →
IN_PROGRESS ("1%".."99%") → SUCCESS ("100%") or FAILURE (at 60%, progress "100%" as new-api writes it).
Clips go submitted → queued → streaming (from 20% of the work: a partial "stream" MP3 and the cover) →
complete (the final MP3, cover and video) or error. `[[clip-fail]]` (or `[[clip-fail:reason]]`) in a
prompt makes the last clip of a song end in error while the task and the other clip succeed. With
`config.suno_submit_reply = "clip"` a submit answers with the seed's clip object (its id is the task id).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import numpy as np
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from studio.simulator.artwork import jpeg_bytes, painting
from studio.simulator.errors import unknown_route
from studio.simulator.footage import VIDEO_CONTENT_TYPE, encode_video
from studio.simulator.request_context import RequestContext
from studio.simulator.song_words import lyrics_from, style_tags, title_from
from studio.simulator.soundtrack import SAMPLE_RATE, audio_format, encode_samples, tagged_song, tune_samples
from studio.simulator.task_errors import invalid_task_request, task_not_found
from studio.simulator.task_media import MediaFile, TaskMedia
from studio.simulator.task_timeline import (
    RELAY_ENDED_STATUSES,
    RelayStatus,
    iso_time,
    percent,
    relay_status,
    relay_times,
)
from studio.simulator.tasks import SimTask, planned_duration, planned_failure

if TYPE_CHECKING:
    from studio.simulator.state import SimulatorState

SUNO_FAMILY = "suno"
RELAY_FETCH_PREFIX = "/suno/fetch"
SEED_FETCH_PREFIX = "/suno/submit/fetch"
FETCH_PATHS_BY_SETTING = {
    "both": (RELAY_FETCH_PREFIX, SEED_FETCH_PREFIX),
    "relay": (RELAY_FETCH_PREFIX,),
    "seed": (SEED_FETCH_PREFIX,),
}
KNOWN_MODELS = {
    "chirp-v3-0": ("chirp-v3", "v3"),
    "chirp-v3-5": ("chirp-v3", "v3"),
    "chirp-v4": ("chirp-v4", "v4"),
    "chirp-auk": ("chirp-auk", "v4.5"),
    "chirp-bluejay": ("chirp-bluejay", "v4.5+"),
    "chirp-crow": ("chirp-crow", "v5"),
}
DEFAULT_MODEL = "chirp-v3-5"
CLIPS_PER_SONG = 2
CLIP_SECONDS = 4.0
COVER_SIZE = 256
LARGE_COVER_SIZE = 512
STREAMING_FROM = 0.2  # share of the work after which clips stream
PRICE_USD = 0.1
USER_HANDLE = "sim-user"
USER_ID = "00000000-5111-4a11-8000-000000000001"
CLIP_FAILURE_TRIGGER = re.compile(r"\[\[clip-fail(?::([^\]]*))?\]\]")
DEFAULT_CLIP_FAILURE = "The simulated clip failed as planned"


class SunoAction(StrEnum):
    MUSIC = "MUSIC"
    LYRICS = "LYRICS"


@dataclass
class ClipPlan:
    """One song of a music task, decided at submit time; its files are made when polls need them."""

    id: str
    title: str
    tags: str
    lyrics: str
    variant: int
    kind: str = "gen"  # Suno's metadata.type: "gen" or "concat"
    gpt_description_prompt: str | None = None
    make_instrumental: bool = False
    parent_clip_id: str | None = None  # the clip this one continues
    continue_at: float | None = None
    history: list[dict[str, Any]] | None = None
    concat_history: list[dict[str, Any]] | None = None
    failure_reason: str | None = None  # this clip ends in error although its task succeeds


@dataclass
class SunoJob:
    action: SunoAction
    mv: str
    clips: list[ClipPlan] = field(default_factory=list)
    lyrics_id: str = ""
    lyrics_title: str = ""
    lyrics_text: str = ""
    media: TaskMedia = field(default_factory=TaskMedia)


def job_of(task: SimTask) -> SunoJob:
    job: SunoJob = task.payload[SUNO_FAMILY]
    return job


# Audio


def clip_samples(clip: ClipPlan, clips_by_id: dict[str, ClipPlan]) -> np.ndarray:
    """A clip's own audio; a concatenation is its ancestors cut at each continue_at, then its own part."""
    if clip.kind == "concat" and clip.parent_clip_id in clips_by_id:
        return whole_song(clips_by_id[clip.parent_clip_id], clips_by_id)
    return tune_samples(_seed_text(clip), CLIP_SECONDS)


def _seed_text(clip: ClipPlan) -> str:
    return f"{clip.id}:{clip.tags}:{clip.lyrics}"


def whole_song(clip: ClipPlan, clips_by_id: dict[str, ClipPlan]) -> np.ndarray:
    own = tune_samples(_seed_text(clip), CLIP_SECONDS)
    parent = clips_by_id.get(clip.parent_clip_id or "")
    if parent is None or clip.continue_at is None:
        return own
    before = whole_song(parent, clips_by_id)
    keep = len(before) - int(CLIP_SECONDS * SAMPLE_RATE) + int(clip.continue_at * SAMPLE_RATE)
    return np.concatenate([before[: max(0, keep)], own])


def known_clips(state: SimulatorState) -> dict[str, tuple[SimTask, ClipPlan]]:
    return {clip.id: (task, clip) for task in state.tasks.of_family(SUNO_FAMILY) for clip in job_of(task).clips}


# Views


class ClipStatus(StrEnum):
    SUBMITTED = "submitted"
    QUEUED = "queued"
    STREAMING = "streaming"
    COMPLETE = "complete"
    ERROR = "error"


def clip_status(status: RelayStatus, fraction: float) -> ClipStatus:
    if status in (RelayStatus.NOT_START, RelayStatus.SUBMITTED):
        return ClipStatus.SUBMITTED
    if status is RelayStatus.QUEUED or (status is RelayStatus.IN_PROGRESS and fraction < STREAMING_FROM):
        return ClipStatus.QUEUED
    if status is RelayStatus.IN_PROGRESS:
        return ClipStatus.STREAMING
    return ClipStatus.COMPLETE if status is RelayStatus.SUCCESS else ClipStatus.ERROR


def clip_view(task: SimTask, job: SunoJob, clip: ClipPlan, status: ClipStatus, state: SimulatorState) -> dict[str, Any]:
    if status is ClipStatus.COMPLETE and clip.failure_reason is not None:
        status = ClipStatus.ERROR
    model_name, major_version = KNOWN_MODELS.get(job.mv, (job.mv, "v3"))
    media, store = job.media, state.media
    audio_url = image_url = image_large_url = video_url = ""
    duration: float | None = None

    # The final song, its large cover and its video are made while the task runs (`prepare_files`), so
    # they exist when it completes, as on the real service; the small cover is made when first fetched.
    if status in (ClipStatus.STREAMING, ClipStatus.COMPLETE):
        cover_name = f"image_{clip.id}.jpeg"
        image_url = media.lazy_url(
            store, f"{clip.id}:cover", "image/jpeg", cover_name, lambda: _cover_bytes(clip, COVER_SIZE)
        )
        image_large_url = media.lazy_url(
            store, f"{clip.id}:cover-large", "image/jpeg", cover_name, lambda: _large_cover(job, clip)
        )

    def final_audio() -> MediaFile:
        return media.memo(f"{clip.id}:audio-file", lambda: _song_file(job, clip, state, partial=False))

    if status is ClipStatus.STREAMING:
        stream = audio_format()
        audio_url = media.lazy_url(
            store,
            f"{clip.id}:stream",
            stream.content_type,
            f"{clip.id}-stream.{stream.extension}",
            lambda: _song_file(job, clip, state, partial=True).data,
        )
    if status is ClipStatus.COMPLETE:
        audio_url = media.url(store, f"{clip.id}:audio", final_audio)
        video_url = media.lazy_url(
            store, f"{clip.id}:video", VIDEO_CONTENT_TYPE, f"{clip.id}.mp4", lambda: _video_bytes(job, clip)
        )
        duration = round(len(_samples(job, clip, state)) / SAMPLE_RATE, 2)
    failed = status is ClipStatus.ERROR
    return {
        "id": clip.id,
        "title": clip.title,
        "handle": USER_HANDLE,
        "status": status.value,
        "user_id": USER_ID,
        "is_liked": False,
        "metadata": {
            "tags": clip.tags,
            "type": clip.kind,
            "prompt": clip.lyrics,
            "stream": True,
            "history": clip.history,
            "duration": duration,
            "error_type": "generation_failed" if failed else None,
            "error_message": (clip.failure_reason or task.failure_reason or "") if failed else None,
            "concat_history": clip.concat_history,
            "refund_credits": failed,
            "audio_prompt_id": None,
            "gpt_description_prompt": clip.gpt_description_prompt,
            "make_instrumental": clip.make_instrumental,
        },
        "reaction": None,
        "audio_url": audio_url,
        "image_url": image_url,
        "is_public": False,
        "video_url": video_url,
        "created_at": iso_time(task.created_at),
        "is_trashed": False,
        "model_name": model_name,
        "play_count": 0,
        "display_name": "Simulated Artist",
        "upvote_count": 0,
        "image_large_url": image_large_url,
        "is_video_pending": status is not ClipStatus.COMPLETE and not failed,
        "is_handle_updated": False,
        "major_model_version": major_version,
    }


def _samples(job: SunoJob, clip: ClipPlan, state: SimulatorState) -> np.ndarray:
    def make() -> np.ndarray:
        clips_by_id = {clip_id: plan for clip_id, (_, plan) in known_clips(state).items()}
        return clip_samples(clip, clips_by_id)

    samples: np.ndarray = job.media.memo(f"{clip.id}:samples", make)
    return samples


def prepare_files(job: SunoJob, state: SimulatorState) -> None:
    """Start making the files a finished clip links to (song, large cover, video) in the background."""
    for clip in job.clips:
        if clip.failure_reason is not None:
            continue
        job.media.prepare(f"{clip.id}:audio-file", lambda clip=clip: _song_file(job, clip, state, partial=False))
        job.media.prepare(f"{clip.id}:cover-large-bytes", lambda clip=clip: _cover_bytes(clip, LARGE_COVER_SIZE))
        job.media.prepare(f"{clip.id}:video-bytes", lambda clip=clip: _video_file(job, clip).data)


def _cover_bytes(clip: ClipPlan, size: int) -> bytes:
    return jpeg_bytes(painting(f"{clip.title} · {clip.tags}", size, size, variant=clip.id))


def _large_cover(job: SunoJob, clip: ClipPlan) -> bytes:
    data: bytes = job.media.memo(f"{clip.id}:cover-large-bytes", lambda: _cover_bytes(clip, LARGE_COVER_SIZE))
    return data


def _video_bytes(job: SunoJob, clip: ClipPlan) -> bytes:
    data: bytes = job.media.memo(f"{clip.id}:video-bytes", lambda: _video_file(job, clip).data)
    return data


def _song_file(job: SunoJob, clip: ClipPlan, state: SimulatorState, *, partial: bool) -> MediaFile:
    if not partial and clip.kind == "gen" and clip.parent_clip_id is None:  # its own tune: encoded once
        data, audio = tagged_song(_seed_text(clip), CLIP_SECONDS, f"{clip.title} ({clip.id})")
        return MediaFile(data, audio.content_type, f"{clip.id}.{audio.extension}")
    samples = _samples(job, clip, state)
    if partial:
        samples = samples[: len(samples) // 2]
    data, audio = encode_samples(samples)
    suffix = "-stream" if partial else ""
    return MediaFile(data, audio.content_type, f"{clip.id}{suffix}.{audio.extension}")


def _video_file(job: SunoJob, clip: ClipPlan) -> MediaFile:
    prompt = f"{clip.title} · {clip.tags}"

    def encode() -> bytes:
        return encode_video(prompt, 240, 240, 2.0)[0]

    # The clips of a song share a title and tags, so their videos are the same bytes: encoded once.
    data: bytes = job.media.memo(f"video:{prompt}", encode)
    return MediaFile(data, VIDEO_CONTENT_TYPE, f"{clip.id}.mp4")


def lyrics_view(task: SimTask, job: SunoJob, status: RelayStatus) -> dict[str, Any]:
    done = status is RelayStatus.SUCCESS
    word = {RelayStatus.SUCCESS: "complete", RelayStatus.FAILURE: "error"}.get(status, "running")
    return {
        "id": job.lyrics_id,
        "text": job.lyrics_text if done else "",
        "title": job.lyrics_title if done else "",
        "status": word,
        "error_message": (task.failure_reason or "") if status is RelayStatus.FAILURE else "",
    }


def suno_task_view(task: SimTask, state: SimulatorState) -> dict[str, Any]:
    """The task as new-api returns it: its own status and progress, and the clips or lyrics in `data`."""
    job = job_of(task)
    status, fraction = relay_status(task, state.clock())
    ended = status in RELAY_ENDED_STATUSES
    data: Any
    if job.action is SunoAction.LYRICS:
        data = lyrics_view(task, job, status)
    else:
        shown = clip_status(status, fraction)
        data = [clip_view(task, job, clip, shown, state) for clip in job.clips]
    return {
        "task_id": task.id,
        "action": job.action.value,
        "status": status.value,
        "fail_reason": (task.failure_reason or "") if status is RelayStatus.FAILURE else "",
        **relay_times(task, status),
        "progress": "100%" if ended else percent(fraction),
        "data": data,
    }


# Submitting


def _string(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise invalid_task_request(f"{name} must be a string")
    return value.strip()


def _flag(body: dict[str, Any], name: str) -> bool:
    value = body.get(name, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise invalid_task_request(f"{name} must be a boolean")
    return value


def _model(body: dict[str, Any]) -> str:
    mv = _string(body, "mv") or DEFAULT_MODEL
    if mv not in KNOWN_MODELS and not mv.startswith("chirp-"):
        raise invalid_task_request(f"mv {mv!r} is not a Suno model (e.g. chirp-v3-5, chirp-v4, chirp-auk)")
    return mv


def _continuation(body: dict[str, Any], state: SimulatorState) -> tuple[ClipPlan, float] | None:
    clip_id = _string(body, "continue_clip_id")
    if not clip_id:
        return None
    found = known_clips(state).get(clip_id)
    if found is None:
        raise invalid_task_request(f"continue_clip_id {clip_id!r} does not exist")
    source_task, source = found
    if relay_status(source_task, state.clock())[0] is not RelayStatus.SUCCESS:
        raise invalid_task_request(f"clip {clip_id} is not complete yet; it cannot be continued")
    task_id = _string(body, "task_id")
    if task_id and task_id != source_task.id:
        raise invalid_task_request(f"clip {clip_id} does not belong to task {task_id}")
    continue_at = body.get("continue_at")
    if isinstance(continue_at, bool) or not isinstance(continue_at, int | float):
        raise invalid_task_request("continue_at (seconds) is required to continue a clip")
    if not 0 < continue_at <= CLIP_SECONDS:
        raise invalid_task_request(f"continue_at must be within the clip (0 < continue_at <= {CLIP_SECONDS:g})")
    return source, float(continue_at)


def music_plans(body: dict[str, Any], state: SimulatorState) -> tuple[list[ClipPlan], str]:
    """The two clips a music request asks for, and the text its trigger words are read from."""
    description = _string(body, "gpt_description_prompt")
    lyrics = _string(body, "prompt")
    title = _string(body, "title")
    tags = _string(body, "tags")
    instrumental = _flag(body, "make_instrumental")
    continuation = _continuation(body, state)
    if description:
        title = title or title_from(description)
        tags = tags or ", ".join(style_tags(description))
        lyrics = "" if instrumental else lyrics_from(description)
    elif not lyrics and not (instrumental and (tags or title)) and continuation is None:
        raise invalid_task_request("prompt is required (the lyrics in custom mode) or gpt_description_prompt")
    history = None
    parent_id = None
    continue_at = None
    if continuation is not None:
        source, continue_at = continuation
        parent_id = source.id
        title = title or source.title
        tags = tags or source.tags
        history = [{"id": source.id, "continue_at": continue_at, "type": "gen", "source": "web"}]
    plans = [
        ClipPlan(
            id=_new_uuid(),
            title=title or title_from(lyrics or tags),
            tags=tags,
            lyrics=lyrics,
            variant=index,
            gpt_description_prompt=description or None,
            make_instrumental=instrumental,
            parent_clip_id=parent_id,
            continue_at=continue_at,
            history=history,
        )
        for index in range(CLIPS_PER_SONG)
    ]
    trigger_text = f"{description}\n{lyrics}\n{title}\n{tags}"
    clip_failure = CLIP_FAILURE_TRIGGER.search(trigger_text)
    if clip_failure is not None:
        plans[-1].failure_reason = (clip_failure.group(1) or "").strip() or DEFAULT_CLIP_FAILURE
    return plans, trigger_text


def _new_uuid() -> str:
    return str(uuid.uuid4())


def _submitted(context: RequestContext, job: SunoJob, trigger_text: str) -> JSONResponse:
    state = context.state
    state.ledger.require_funds()
    seed_reply = state.config.suno_submit_reply == "clip" and bool(job.clips)
    task = state.tasks.create(
        SUNO_FAMILY,
        duration_s=planned_duration(trigger_text, state.config.task_seconds),
        failure_reason=planned_failure(trigger_text),
        payload={SUNO_FAMILY: job},
        task_id=job.clips[0].id if seed_reply else None,
    )
    state.ledger.charge_usd(PRICE_USD)
    if task.failure_reason is None:
        prepare_files(job, state)
    if seed_reply:
        return JSONResponse(clip_view(task, job, job.clips[0], ClipStatus.SUBMITTED, state))
    return JSONResponse({"code": "success", "message": "", "data": task.id})


async def submit_music(request: Request) -> JSONResponse:
    context = RequestContext.of(request)
    body = context.json_object()
    mv = _model(body)
    plans, trigger_text = music_plans(body, context.state)
    return _submitted(context, SunoJob(SunoAction.MUSIC, mv, plans), trigger_text)


async def submit_lyrics(request: Request) -> JSONResponse:
    context = RequestContext.of(request)
    body = context.json_object()
    prompt = _string(body, "prompt")
    if not prompt:
        raise invalid_task_request("prompt is required")
    job = SunoJob(
        SunoAction.LYRICS,
        DEFAULT_MODEL,
        lyrics_id=_new_uuid(),
        lyrics_title=title_from(prompt),
        lyrics_text=lyrics_from(prompt),
    )
    return _submitted(context, job, prompt)


async def submit_concat(request: Request) -> JSONResponse:
    context = RequestContext.of(request)
    body = context.json_object()
    clip_id = _string(body, "clip_id")
    if not clip_id:
        raise invalid_task_request("clip_id is required")
    found = known_clips(context.state).get(clip_id)
    if found is None:
        raise invalid_task_request(f"clip_id {clip_id!r} does not exist")
    source_task, source = found
    if relay_status(source_task, context.state.clock())[0] is not RelayStatus.SUCCESS:
        raise invalid_task_request(f"clip {clip_id} is not complete yet; it cannot be concatenated")
    job = job_of(source_task)
    whole = ClipPlan(
        id=_new_uuid(),
        title=source.title,
        tags=source.tags,
        lyrics=source.lyrics,
        variant=0,
        kind="concat",
        gpt_description_prompt=source.gpt_description_prompt,
        make_instrumental=source.make_instrumental,
        parent_clip_id=source.id,
        concat_history=_lineage(source, context.state),
    )
    return _submitted(context, SunoJob(SunoAction.MUSIC, job.mv, [whole]), "")


def _lineage(clip: ClipPlan, state: SimulatorState) -> list[dict[str, Any]]:
    """Suno's concat_history: the clips the whole song is made of, oldest first."""
    clips = {clip_id: plan for clip_id, (_, plan) in known_clips(state).items()}
    chain: list[dict[str, Any]] = []
    current: ClipPlan | None = clip
    while current is not None:
        entry: dict[str, Any] = {"id": current.id, "type": "gen", "source": "web"}
        if current.continue_at is not None:
            entry["continue_at"] = current.continue_at
        chain.insert(0, entry)
        current = clips.get(current.parent_clip_id or "")
    return chain


# Polling


def _check_fetch_path(request: Request, state: SimulatorState) -> None:
    """Serve only the spellings the config allows; the other 404s like a route that does not exist."""
    served = FETCH_PATHS_BY_SETTING.get(state.config.suno_fetch_paths, FETCH_PATHS_BY_SETTING["both"])
    if not request.url.path.startswith(served):
        raise unknown_route(request.method, request.url.path)


async def fetch_one(request: Request) -> JSONResponse:
    context = RequestContext.of(request)
    _check_fetch_path(request, context.state)
    task_id = request.path_params["task_id"]
    task = context.state.tasks.get(task_id)
    if task is None or task.family != SUNO_FAMILY:
        raise task_not_found(task_id)
    view = await run_in_threadpool(suno_task_view, task, context.state)
    return JSONResponse({"code": "success", "message": "", "data": view})


async def fetch_many(request: Request) -> JSONResponse:
    context = RequestContext.of(request)
    _check_fetch_path(request, context.state)
    body = context.json_object()
    ids = body.get("ids")
    if not isinstance(ids, list) or not all(isinstance(task_id, str) for task_id in ids):
        raise invalid_task_request("ids must be an array of task ids")
    action = _string(body, "action").upper()
    tasks = [context.state.tasks.get(task_id) for task_id in ids]
    chosen = [
        task
        for task in tasks
        if task is not None and task.family == SUNO_FAMILY and (not action or job_of(task).action.value == action)
    ]

    def views() -> list[dict[str, Any]]:
        return [suno_task_view(task, context.state) for task in chosen]

    return JSONResponse({"code": "success", "message": "", "data": await run_in_threadpool(views)})


suno_routes = [
    Route("/suno/submit/music", submit_music, methods=["POST"]),
    Route("/suno/submit/lyrics", submit_lyrics, methods=["POST"]),
    Route("/suno/submit/concat", submit_concat, methods=["POST"]),
    Route(RELAY_FETCH_PREFIX + "/{task_id}", fetch_one, methods=["GET"]),
    Route(SEED_FETCH_PREFIX + "/{task_id}", fetch_one, methods=["GET"]),
    Route(RELAY_FETCH_PREFIX, fetch_many, methods=["POST"]),
    Route(SEED_FETCH_PREFIX, fetch_many, methods=["POST"]),
]
