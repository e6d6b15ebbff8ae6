"""Udio through the relay: submit `gen_params`, then poll the task; a task yields two songs.

Statuses as for Suno (new-api's task statuses): NOT_START → SUBMITTED → QUEUED → IN_PROGRESS → SUCCESS or
FAILURE (at 60%). Songs show their cover (`image_path`) from 20% of the work and `song_path` (MP3) once
finished; `video_path` stays null as in the seed's example.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from studio.simulator.artwork import jpeg_bytes, painting
from studio.simulator.request_context import RequestContext
from studio.simulator.song_words import lyrics_from, style_tags, title_from
from studio.simulator.soundtrack import encode_song
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

UDIO_FAMILY = "udio"
SONGS_PER_TASK = 2
SONG_SECONDS = 4.0
COVER_FROM = 0.2
PRICE_USD = 0.1
LYRICS_TYPES = ("user", "instrumental", "generate")
UNIT_INTERVAL_PARAMS = (
    "song_section_start",
    "prompt_strength",
    "clarity_strength",
    "lyrics_strength",
    "generation_quality",
)
DEFAULT_MODEL_TYPE = "udio32-v1.5"
ARTIST = "Simulated Artist"
USER_ID = "00000000-5111-4a11-8000-000000000002"


@dataclass
class SongPlan:
    id: str
    title: str
    tags: list[str]
    lyrics: str
    prompt: str


@dataclass
class UdioJob:
    model_type: str
    songs: list[SongPlan]
    media: TaskMedia = field(default_factory=TaskMedia)


def job_of(task: SimTask) -> UdioJob:
    job: UdioJob = task.payload[UDIO_FAMILY]
    return job


def song_view(
    task: SimTask, job: UdioJob, song: SongPlan, status: RelayStatus, fraction: float, state: SimulatorState
) -> dict[str, Any]:
    finished = status is RelayStatus.SUCCESS
    failed = status is RelayStatus.FAILURE
    image_path = song_path = ""
    if finished or (status is RelayStatus.IN_PROGRESS and fraction >= COVER_FROM):
        image_path = job.media.url(state.media, f"{song.id}:cover", lambda: _cover(song))
    if finished:
        song_path = job.media.url(state.media, f"{song.id}:song", lambda: _song(song))
    return {
        "id": song.id,
        "tags": song.tags,
        "liked": False,
        "likes": 0,
        "plays": 0,
        "title": song.title,
        "artist": ARTIST,
        "lyrics": song.lyrics,
        "prompt": song.prompt,
        "user_id": USER_ID,
        "disliked": False,
        "duration": SONG_SECONDS if finished else 0,
        "error_id": str(uuid.uuid5(uuid.NAMESPACE_URL, song.id)) if failed else None,
        "finished": finished,
        "song_path": song_path,
        "user_tags": song.tags[:1],
        "created_at": iso_time(task.created_at),
        "error_code": "GENERATION_FAILED" if failed else None,
        "error_type": "generation_error" if failed else None,
        "image_path": image_path,
        "video_path": None,
        "attribution": "",
        "description": "",
        "publishable": finished,
        "artist_image": "",
        "error_detail": task.failure_reason if failed else None,
        "published_at": None,
        "generation_id": task.id,
        "replaced_tags": {},
        "original_song_path": None,
        "audio_conditioning_type": None,
    }


def _cover(song: SongPlan) -> MediaFile:
    picture = painting(f"{song.title} · {', '.join(song.tags)}", 256, 256, variant=song.id)
    return MediaFile(jpeg_bytes(picture), "image/jpeg", f"{song.id}.jpg")


def _song(song: SongPlan) -> MediaFile:
    data, audio = encode_song(f"{song.id}:{song.prompt}", SONG_SECONDS)
    return MediaFile(data, audio.content_type, f"{song.id}.{audio.extension}")


def udio_task_view(task: SimTask, state: SimulatorState) -> dict[str, Any]:
    job = job_of(task)
    status, fraction = relay_status(task, state.clock())
    ended = status in RELAY_ENDED_STATUSES
    return {
        "task_id": task.id,
        "action": "MUSIC",
        "status": status.value,
        "fail_reason": (task.failure_reason or "") if status is RelayStatus.FAILURE else "",
        **relay_times(task, status),
        "progress": "100%" if ended else percent(fraction),
        "songs": [song_view(task, job, song, status, fraction, state) for song in job.songs],
    }


def _gen_params(body: dict[str, Any]) -> dict[str, Any]:
    params = body.get("gen_params")
    if not isinstance(params, dict):
        raise invalid_task_request("gen_params is required and must be an object")
    for name in ("prompt", "lyrics", "lyrics_type", "model_type"):
        if params.get(name) is not None and not isinstance(params[name], str):
            raise invalid_task_request(f"gen_params.{name} must be a string")
    for name in UNIT_INTERVAL_PARAMS:
        value = params.get(name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise invalid_task_request(f"gen_params.{name} must be a number from 0 to 1")
    seed = params.get("seed")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise invalid_task_request("gen_params.seed must be an integer (-1 for random)")
    config = params.get("config")
    if config is not None and not isinstance(config, dict):
        raise invalid_task_request("gen_params.config must be an object")
    return params


def song_plans(params: dict[str, Any]) -> list[SongPlan]:
    prompt = (params.get("prompt") or "").strip()
    lyrics = (params.get("lyrics") or "").strip()
    lyrics_type = params.get("lyrics_type") or ("user" if lyrics else "generate")
    if not prompt:
        raise invalid_task_request("gen_params.prompt is required")
    if lyrics_type not in LYRICS_TYPES:
        raise invalid_task_request(f"gen_params.lyrics_type must be one of {', '.join(LYRICS_TYPES)}")
    if lyrics_type == "user" and not lyrics:
        raise invalid_task_request('gen_params.lyrics is required when lyrics_type is "user"')
    if lyrics_type == "instrumental":
        lyrics = ""
    elif lyrics_type == "generate":
        lyrics = lyrics_from(prompt)
    return [
        SongPlan(
            id=str(uuid.uuid4()),
            title=title_from(prompt) + ("" if index == 0 else f" ({index + 1})"),
            tags=style_tags(f"{prompt}:{index}", count=3),
            lyrics=lyrics,
            prompt=prompt,
        )
        for index in range(SONGS_PER_TASK)
    ]


async def submit_music(request: Request) -> JSONResponse:
    context = RequestContext.of(request)
    params = _gen_params(context.json_object())
    plans = song_plans(params)
    state = context.state
    state.ledger.require_funds()
    trigger_text = f"{params.get('prompt') or ''}\n{params.get('lyrics') or ''}"
    task = state.tasks.create(
        UDIO_FAMILY,
        duration_s=planned_duration(trigger_text, state.config.task_seconds),
        failure_reason=planned_failure(trigger_text),
        payload={UDIO_FAMILY: UdioJob(params.get("model_type") or DEFAULT_MODEL_TYPE, plans)},
    )
    state.ledger.charge_usd(PRICE_USD)
    return JSONResponse({"code": "success", "message": "", "data": task.id})


async def fetch_task(request: Request) -> JSONResponse:
    context = RequestContext.of(request)
    task_id = request.path_params["task_id"]
    task = context.state.tasks.get(task_id)
    if task is None or task.family != UDIO_FAMILY:
        raise task_not_found(task_id)
    view = await run_in_threadpool(udio_task_view, task, context.state)
    return JSONResponse({"code": "success", "message": "", "data": view})


udio_routes = [
    Route("/udio/submit/music", submit_music, methods=["POST"]),
    Route("/udio/fetch/{task_id}", fetch_task, methods=["GET"]),
]
