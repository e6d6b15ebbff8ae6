"""How each task family is checked, submitted, polled and turned into results, for the task engine.

A job's `parameters` (stored as JSON, so a retry can send the same request again) per family and kind:

- suno / music: {"body": SunoMusicRequest fields}  (a continuation has continue_clip_id, continue_at)
- suno / lyrics: {"prompt"};  suno / concat: {"clip_id"}
- udio / music: {"gen_params": UdioGenParams fields}
- midjourney / imagine: {"prompt", "images": [paths], "bot_type", "speed"}; blend: {"images", "dimensions"};
  describe: {"image"}; shorten: {"prompt"}; action: {"task_id", "custom_id"}; modal: {"task_id", "prompt",
  "mask"} (the answer to a window an action opened is kept on that action's job as "answer"); change:
  {"task_id", "action", "index"}; simple-change: {"content"}; swap-face: {"source", "target"}. Every kind
  takes "speed": relax | fast | turbo | null. Image inputs are file paths, read (and sent as data URIs)
  at submit time.
- ideogram / generate: {"image_request"}; remix, upscale: {"image", "image_request"}; describe: {"image"}
- luma / generate: {"body": LumaRequest fields, "start_frame", "end_frame": paths or null,
  "frame_transport"}; extend: {"generation_id", "body"}. A frame path becomes the body's `image_url` /
  `image_end_url` at submit time: as a data URI, or (frame_transport "upload") the link an upload returns.
- video / generate: {"model", "body", "image": path or null, "frame_transport"}
"""

from __future__ import annotations

import contextlib
from abc import ABC, abstractmethod
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..api.errors import ApiError, ApiResponseError, ImageUploadError, UnreadableReplyError
from ..api.gateway import UniApi
from ..api.ideogram import IdeogramRequest, IdeogramResult
from ..api.lenient import Lenient
from ..api.luma import LumaGeneration, LumaRequest
from ..api.media_types import SNIFF_BYTES, MediaKind, describe, sniff
from ..api.midjourney import MAX_IMAGE_BYTES, MAX_IMAGES, MjSpeed, MjTask
from ..api.sentences import QT_TRANSLATE_NOOP, Sentence
from ..api.suno import SunoMusicRequest, SunoTask
from ..api.udio import UdioGenParams, UdioTask
from ..api.uploads import data_uri
from .settings import FRAME_TRANSPORTS
from .task_reports import (
    JobRequestError,
    ParentRef,
    PollOutcome,
    PollTarget,
    RemoteStatus,
    ResultSpec,
    Submitted,
    phase_of,
)

if TYPE_CHECKING:
    from .tasks import Job


def _as_sent(model: Any) -> Any:
    """A reply model as the service sent it, for the job's raw JSON ("100%", not the parsed 100.0)."""
    return model.sent if isinstance(model, Lenient) else model


def _short(text: str | None, limit: int = 80) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _require(params: dict[str, Any], key: str, what: str) -> Any:
    value = params.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise JobRequestError(Sentence.of(QT_TRANSLATE_NOOP("ApiMessages", "The {what} is missing."), what=what))
    return value


def check_image_file(path: str | Path, *, max_bytes: int | None = None, what: str = "image") -> Path:
    """The path of a readable image file, or JobRequestError saying what is wrong with it."""
    file = Path(path).expanduser()
    if not file.exists():
        raise JobRequestError(
            Sentence.of(QT_TRANSLATE_NOOP("ApiMessages", "The {what} {file} does not exist."), what=what, file=file)
        )
    if not file.is_file():
        raise JobRequestError(
            Sentence.of(QT_TRANSLATE_NOOP("ApiMessages", "The {what} {file} is not a file."), what=what, file=file)
        )
    try:
        with open(file, "rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError as exc:
        raise JobRequestError(
            Sentence.of(
                QT_TRANSLATE_NOOP("ApiMessages", "The {what} {file} cannot be read ({reason})."),
                what=what,
                file=file,
                reason=exc.strerror,
            )
        ) from exc
    found = sniff(head)
    if found is None or found.kind != "image":
        raise JobRequestError(
            Sentence.of(
                QT_TRANSLATE_NOOP("ApiMessages", "The {what} {file} is {found}, not an image."),
                what=what,
                file=file.name,
                found=describe(head),
            )
        )
    size = file.stat().st_size
    if max_bytes is not None and size > max_bytes:
        raise JobRequestError(
            Sentence.of(
                QT_TRANSLATE_NOOP("ApiMessages", "The {what} {file} is {size} MB; the limit is {limit} MB."),
                what=what,
                file=file.name,
                size=f"{size / 1_048_576:.1f}",
                limit=f"{max_bytes / 1_048_576:.0f}",
            )
        )
    return file


MAX_DATA_URI_BYTES = 10 * 1024 * 1024
MAX_UPLOAD_BYTES = MAX_IMAGE_BYTES
"""The gateway's upload endpoint (Midjourney's) takes pictures up to 1 MB."""


def _transport(params: dict[str, Any]) -> str:
    value = str(params.get("frame_transport") or "data_uri")
    return value if value in FRAME_TRANSPORTS else "data_uri"


def check_frame(params: dict[str, Any], key: str, what: str) -> None:
    """A local picture a request sends, checked against the limit of the way it will travel."""
    if params.get(key):
        limit = MAX_UPLOAD_BYTES if _transport(params) == "upload" else MAX_DATA_URI_BYTES
        check_image_file(params[key], max_bytes=limit, what=what)


async def image_reference(api: UniApi, path: str | Path, transport: str) -> str:
    """What a request carries for a local picture: its data URI, or the link the gateway's upload gives."""
    uri = await data_uri(Path(path).expanduser())
    if transport != "upload":
        return uri
    try:
        links = await api.midjourney.upload_images([uri])
    except ApiError as error:
        raise ImageUploadError(
            (
                Sentence.of(
                    QT_TRANSLATE_NOOP("ApiMessages", "{file} could not be uploaded: {reason}"),
                    file=Path(path).name,
                    reason=error.sentences[0] if error.sentences else "",
                ),
                Sentence(ImageUploadError.user_message),
            ),
            status=error.status,
            details=error.details,
        ) from error
    if not links:
        raise ImageUploadError(details=f"The upload of {Path(path).name} returned no link.")
    return links[0]


class Family(ABC):
    """Everything the engine needs to know about one family."""

    name: str = ""
    kinds: tuple[str, ...] = ()
    batch_size = 1
    """More than 1: `poll` takes that many tasks in one request."""
    concurrency = 4
    """Polls of this family in flight at once."""
    synchronous = False
    """The submit reply is the result (no task to poll)."""
    deadline: float | None = 20 * 60
    """Seconds a task may take, from when an engine takes it up, before it waits for a resume instead."""

    def validate(self, kind: str, params: dict[str, Any]) -> None:
        if kind not in self.kinds:
            raise JobRequestError(
                Sentence.of(
                    QT_TRANSLATE_NOOP("ApiMessages", "{family} has no '{kind}' request (known: {known})."),
                    family=self.name,
                    kind=kind,
                    known=", ".join(self.kinds),
                )
            )

    def title(self, kind: str, params: dict[str, Any], parent: Job | None = None) -> str:
        return _short(str(params.get("prompt") or kind))

    def parent_task_id(self, kind: str, params: dict[str, Any]) -> str | None:
        """The task this request works on (a Midjourney button's grid), for naming the job after it."""
        return None

    @abstractmethod
    async def submit(self, api: UniApi, kind: str, params: dict[str, Any]) -> Submitted: ...

    async def poll(self, api: UniApi, targets: Sequence[PollTarget]) -> PollOutcome:
        outcome: PollOutcome = {}
        for target in targets:
            try:
                outcome[target.job_id] = await self.poll_one(api, target)
            except ApiError as error:
                outcome[target.job_id] = error
        return outcome

    async def poll_one(self, api: UniApi, target: PollTarget) -> RemoteStatus:
        raise ApiResponseError(f"{self.name} tasks cannot be polled.")

    def answered_task(self, kind: str, params: dict[str, Any]) -> str | None:
        """The task id whose wait for input this request answers (its job then carries on), if any."""
        return None

    def from_raw(self, kind: str, params: dict[str, Any], raw: Any) -> RemoteStatus | None:
        """A synchronous family's result rebuilt from the stored reply (resume after a crash)."""
        return None

    async def fresh_url(self, api: UniApi, target: PollTarget, spec: ResultSpec) -> str | None:
        """A new link for a result whose link expired: poll again and hope the service re-signed it."""
        outcome = (await self.poll(api, [target])).get(target.job_id)
        if isinstance(outcome, RemoteStatus):
            for candidate in outcome.results:
                if candidate.key == spec.key and candidate.url and candidate.url != spec.url:
                    return candidate.url
        return None


# --- Suno ----------------------------------------------------------------------------------------


def song_extras(family: str, song: ResultSpec, *, cover: str | None, video: str | None) -> list[ResultSpec]:
    """A finished song's cover art and video as results of their own, kept in the library (their links
    expire) and linked to the song, which is stored first."""
    extras = []
    wanted: tuple[tuple[MediaKind, str | None, str], ...] = (("image", cover, "cover"), ("video", video, "video"))
    for kind, url, what in wanted:
        if url:
            extras.append(
                ResultSpec(
                    key=f"{what}:{song.remote_id}",
                    kind=kind,
                    url=url,
                    title=song.title,
                    prompt=song.prompt,
                    model=song.model,
                    parent=ParentRef(family, result_key=song.key),
                    extra={"role": what},
                )
            )
    return extras


class SunoFamily(Family):
    name = "suno"
    kinds = ("music", "lyrics", "concat")
    batch_size = 20

    def validate(self, kind: str, params: dict[str, Any]) -> None:
        super().validate(kind, params)
        if kind == "music":
            request = SunoMusicRequest.model_validate(params.get("body") or {})
            if not (request.gpt_description_prompt or request.prompt or request.continue_clip_id):
                raise JobRequestError(
                    QT_TRANSLATE_NOOP("ApiMessages", "A song needs a description, lyrics, or a clip to continue.")
                )
            if request.continue_clip_id and request.continue_at is None:
                raise JobRequestError(
                    QT_TRANSLATE_NOOP("ApiMessages", "A continuation needs the second to continue from.")
                )
        elif kind == "lyrics":
            _require(params, "prompt", "lyrics prompt")
        else:
            _require(params, "clip_id", "clip to concatenate")

    def title(self, kind: str, params: dict[str, Any], parent: Job | None = None) -> str:
        body = params.get("body") or {}
        if kind == "concat":
            return f"Whole song of clip {params.get('clip_id')}"
        if body.get("continue_clip_id"):
            return _short(f"Continue {body.get('title') or body['continue_clip_id']}")
        return _short(str(body.get("title") or body.get("gpt_description_prompt") or params.get("prompt") or kind))

    async def submit(self, api: UniApi, kind: str, params: dict[str, Any]) -> Submitted:
        if kind == "music":
            submission = await api.suno.submit_music(SunoMusicRequest.model_validate(params["body"]))
        elif kind == "lyrics":
            submission = await api.suno.submit_lyrics(str(params["prompt"]))
        else:
            submission = await api.suno.submit_concat(str(params["clip_id"]))
        return Submitted(submission.task_id, submission.raw)

    async def poll(self, api: UniApi, targets: Sequence[PollTarget]) -> PollOutcome:
        if len(targets) == 1:
            return await super().poll(api, targets)
        outcome: PollOutcome = {}
        for action in ("MUSIC", "LYRICS"):
            group = [t for t in targets if ("LYRICS" if t.kind == "lyrics" else "MUSIC") == action]
            if not group:
                continue
            try:
                tasks = await api.suno.fetch_many([t.task_id for t in group], action)
            except ApiError as error:
                outcome.update({t.job_id: error for t in group})
                continue
            by_id = {task.task_id: task for task in tasks}
            for target in group:
                task = by_id.get(target.task_id)
                outcome[target.job_id] = (
                    self.status(task, target.kind, target.parameters)
                    if task is not None
                    else ApiResponseError("The service's batch reply left this task out.")
                )
        return outcome

    async def poll_one(self, api: UniApi, target: PollTarget) -> RemoteStatus:
        return self.status(await api.suno.fetch(target.task_id), target.kind, target.parameters)

    def status(self, task: SunoTask, kind: str, params: dict[str, Any]) -> RemoteStatus:
        phase = phase_of(task.status)
        remote = RemoteStatus(phase, task.status or "", task.progress, task.fail_reason, raw=_as_sent(task))
        if phase == "failed" and not remote.error:
            remote.error = "Suno gave no reason."
        lyrics = task.lyrics
        if lyrics is not None:
            text = lyrics.text if phase == "done" else None
            title = lyrics.title or _short(str(params.get("prompt") or "Lyrics"))
            remote.results.append(
                ResultSpec("lyrics", "text", text=text, title=title, prompt=str(params.get("prompt") or ""))
            )
            return remote
        body = params.get("body") or {}
        parent = None
        if kind == "music" and body.get("continue_clip_id"):
            parent = ParentRef("suno", remote_id=str(body["continue_clip_id"]))
        elif kind == "concat":
            parent = ParentRef("suno", remote_id=str(params.get("clip_id")))
        for clip in task.clips:
            ready = clip.complete or (phase == "done" and not clip.status)
            song = ResultSpec(
                key=f"clip:{clip.id}",
                kind="audio",
                url=clip.audio_url if ready else None,
                title=clip.title or str(body.get("title") or ""),
                prompt=str(body.get("gpt_description_prompt") or clip.metadata.gpt_description_prompt or ""),
                model=clip.model_name or str(body.get("mv") or ""),
                tags=clip.metadata.tags or str(body.get("tags") or ""),
                words=clip.metadata.prompt or "",
                remote_id=clip.id,
                duration=clip.metadata.duration,
                parent=parent,
                extra={
                    "clip_id": clip.id,
                    "image_url": clip.image_large_url or clip.image_url,
                    "video_url": clip.video_url,
                    **({"continue_at": body["continue_at"]} if parent is not None and kind == "music" else {}),
                },
                error=(clip.error or "The clip failed.") if clip.failed else None,
            )
            remote.results.append(song)
            if ready and not clip.failed:
                remote.results.extend(
                    song_extras(
                        "suno", song, cover=clip.image_large_url or clip.image_url, video=clip.video_url
                    )
                )
        return remote


# --- Udio ----------------------------------------------------------------------------------------


class UdioFamily(Family):
    name = "udio"
    kinds = ("music",)

    def validate(self, kind: str, params: dict[str, Any]) -> None:
        super().validate(kind, params)
        gen = params.get("gen_params") or {}
        if not str(gen.get("prompt") or "").strip():
            raise JobRequestError(QT_TRANSLATE_NOOP("ApiMessages", "The song prompt is missing."))

    def title(self, kind: str, params: dict[str, Any], parent: Job | None = None) -> str:
        return _short(str((params.get("gen_params") or {}).get("prompt") or "Udio song"))

    async def submit(self, api: UniApi, kind: str, params: dict[str, Any]) -> Submitted:
        submission = await api.udio.submit(UdioGenParams.model_validate(params["gen_params"]))
        return Submitted(submission.task_id, submission.raw)

    async def poll_one(self, api: UniApi, target: PollTarget) -> RemoteStatus:
        return self.status(await api.udio.fetch(target.task_id), target.parameters)

    def status(self, task: UdioTask, params: dict[str, Any]) -> RemoteStatus:
        phase = phase_of(task.status)
        if phase == "unknown" and task.songs and all(song.finished for song in task.songs):
            phase = "done"
        remote = RemoteStatus(phase, task.status or "", task.progress, task.fail_reason, raw=_as_sent(task))
        if phase == "failed" and not remote.error:
            remote.error = "Udio gave no reason."
        gen = params.get("gen_params") or {}
        config = gen.get("config") if isinstance(gen.get("config"), dict) else {}
        parent = ParentRef("udio", remote_id=str(config["song_id"])) if config.get("song_id") else None
        for song in task.songs:
            ready = bool(song.finished) or phase == "done"
            result = ResultSpec(
                key=f"song:{song.id}",
                kind="audio",
                url=song.song_path if ready else None,
                title=song.title or "",
                prompt=song.prompt or str(gen.get("prompt") or ""),
                model=str(gen.get("model_type") or ""),
                tags=", ".join(song.tags),
                words=song.lyrics or "",
                remote_id=song.id,
                duration=song.duration,
                parent=parent,
                extra={"song_id": song.id, "image_url": song.image_path},
                error=song.error if song.error and not song.song_path else None,
            )
            remote.results.append(result)
            if result.ready:
                remote.results.extend(song_extras("udio", result, cover=song.image_path, video=song.video_path))
        return remote


# --- Midjourney ----------------------------------------------------------------------------------

_MJ_TEXT_KINDS = ("describe", "shorten")
_MJ_DERIVED_KINDS = ("action", "modal", "change", "simple-change")


def _speed(params: dict[str, Any]) -> MjSpeed | None:
    value = params.get("speed")
    return MjSpeed(value) if value else None


class MidjourneyFamily(Family):
    name = "midjourney"
    kinds = ("imagine", "blend", "describe", "shorten", "action", "modal", "change", "simple-change", "swap-face")
    batch_size = 20
    deadline = 30 * 60

    def validate(self, kind: str, params: dict[str, Any]) -> None:
        super().validate(kind, params)
        speed = params.get("speed")
        if speed and speed not in {s.value for s in MjSpeed}:
            raise JobRequestError(
                Sentence.of(
                    QT_TRANSLATE_NOOP("ApiMessages", "The speed must be relax, fast or turbo (got '{speed}')."),
                    speed=speed,
                )
            )
        images = list(params.get("images") or [])
        if kind == "imagine":
            _require(params, "prompt", "prompt")
            if len(images) > MAX_IMAGES:
                raise JobRequestError(
                    Sentence.of(
                        QT_TRANSLATE_NOOP("ApiMessages", "Midjourney takes at most {count} reference images."),
                        count=MAX_IMAGES,
                    )
                )
        elif kind == "blend" and not 2 <= len(images) <= MAX_IMAGES:
            raise JobRequestError(
                Sentence.of(
                    QT_TRANSLATE_NOOP("ApiMessages", "A blend needs 2 to {count} images (got {given})."),
                    count=MAX_IMAGES,
                    given=len(images),
                )
            )
        elif kind == "describe":
            images = [_require(params, "image", "image to describe")]
        elif kind == "shorten":
            _require(params, "prompt", "prompt")
        elif kind in ("action", "change", "modal"):
            _require(params, "task_id", "Midjourney task id")
            if kind == "action":
                _require(params, "custom_id", "button (custom id)")
            if kind == "change":
                _require(params, "action", "change (UPSCALE, VARIATION or REROLL)")
        elif kind == "simple-change":
            _require(params, "content", 'change ("<task id> U1")')
        elif kind == "swap-face":
            images = [_require(params, "source", "face image"), _require(params, "target", "target image")]
        if params.get("mask"):
            images.append(params["mask"])
        for image in images:
            check_image_file(image, max_bytes=MAX_IMAGE_BYTES)

    def answered_task(self, kind: str, params: dict[str, Any]) -> str | None:
        return str(params["task_id"]) if kind == "modal" and params.get("task_id") else None

    def title(self, kind: str, params: dict[str, Any], parent: Job | None = None) -> str:
        if kind in ("action", "change"):
            label = _button_label(kind, params, parent)
            source = parent.title if parent is not None else f"task {params.get('task_id')}"
            return _short(f"{label} · {source}", 80)
        if kind in ("blend", "describe", "swap-face"):
            return kind.capitalize()
        return _short(str(params.get("prompt") or params.get("content") or kind))

    def parent_task_id(self, kind: str, params: dict[str, Any]) -> str | None:
        return str(params["task_id"]) if kind in ("action", "change") and params.get("task_id") else None

    async def submit(self, api: UniApi, kind: str, params: dict[str, Any]) -> Submitted:
        mj = api.midjourney
        speed = _speed(params)

        async def uri(path: Any) -> str:
            return await data_uri(Path(str(path)).expanduser())

        images = [await uri(path) for path in params.get("images") or []]
        if kind == "imagine":
            bot = str(params.get("bot_type") or "MID_JOURNEY")
            submission = await mj.imagine(str(params["prompt"]), images=images, bot_type=bot, speed=speed)
        elif kind == "blend":
            dimensions = str(params.get("dimensions") or "SQUARE")
            submission = await mj.blend(images, dimensions=dimensions, speed=speed)
        elif kind == "describe":
            submission = await mj.describe(await uri(params["image"]), speed=speed)
        elif kind == "shorten":
            submission = await mj.shorten(str(params["prompt"]), speed=speed)
        elif kind == "action":
            submission = await mj.action(str(params["task_id"]), str(params["custom_id"]), speed=speed)
        elif kind == "modal":
            mask = await uri(params["mask"]) if params.get("mask") else None
            submission = await mj.modal(str(params["task_id"]), prompt=params.get("prompt"), mask=mask, speed=speed)
        elif kind == "change":
            index = int(params.get("index") or 1)
            submission = await mj.change(str(params["task_id"]), str(params["action"]), index, speed=speed)
        elif kind == "simple-change":
            submission = await mj.simple_change(str(params["content"]), speed=speed)
        else:
            submission = await mj.swap_face(await uri(params["source"]), await uri(params["target"]), speed=speed)
        return Submitted(submission.task_id, submission.raw)

    async def poll(self, api: UniApi, targets: Sequence[PollTarget]) -> PollOutcome:
        if len(targets) == 1:
            return await super().poll(api, targets)
        try:
            tasks = await api.midjourney.fetch_many([t.task_id for t in targets])
        except ApiError as error:
            return {t.job_id: error for t in targets}
        by_id = {task.id: task for task in tasks}
        return {
            t.job_id: self.status(by_id[t.task_id], t.kind, t.parameters)
            if t.task_id in by_id
            else ApiResponseError("The service's batch reply left this task out.")
            for t in targets
        }

    async def poll_one(self, api: UniApi, target: PollTarget) -> RemoteStatus:
        return self.status(await api.midjourney.fetch(target.task_id), target.kind, target.parameters)

    def status(self, task: MjTask, kind: str, params: dict[str, Any]) -> RemoteStatus:
        phase = phase_of(task.status)
        remote = RemoteStatus(phase, task.status or "", task.progress, task.failReason, raw=_as_sent(task))
        if phase == "failed" and not remote.error:
            remote.error = (
                "Midjourney cancelled the task."
                if (task.status or "").upper() == "CANCEL"
                else ("Midjourney gave no reason.")
            )
        if phase == "attention":
            # Stored as a sentence whose template is this text: marked, so the window shows it translated.
            remote.error = QT_TRANSLATE_NOOP(
                "ApiMessages",
                "Midjourney is waiting for more input (a mask or a prompt); send it with a modal request.",
            )
        if phase != "done":
            return remote
        prompt = task.prompt or str(params.get("prompt") or "")
        if kind in _MJ_TEXT_KINDS:
            text = task.final_prompt or task.prompt or task.promptEn or task.description
            title = "Description" if kind == "describe" else "Shortened prompt"
            remote.results.append(
                ResultSpec("text", "text", text=text, title=title, remote_id=task.id, extra={"action": task.action})
            )
            return remote
        parent = None
        if kind in _MJ_DERIVED_KINDS:
            # The proxy names the task a button was pressed on; a modal continues that same task.
            named = task.properties.get("parentId") or (task.model_extra or {}).get("parentId")
            parent_task = named or params.get("task_id") or str(params.get("content") or "").split(" ")[0]
            if parent_task:
                parent = ParentRef("midjourney", task_id=str(parent_task))
        remote.results.append(
            ResultSpec(
                key="image",
                kind="image",
                url=task.imageUrl,
                # The prompt as typed: promptEn starts with the links of uploaded reference images.
                title=_short(prompt or task.promptEn or self.title(kind, params), 60),
                prompt=prompt,
                model="midjourney",
                remote_id=task.id,
                parent=parent,
                extra={
                    "action": task.action,
                    "final_prompt": task.final_prompt,
                    "buttons": [button.model_dump(mode="json") for button in task.buttons],
                },
            )
        )
        return remote


# --- Ideogram (synchronous) ----------------------------------------------------------------------


def _missing_image(safe: bool | None) -> Sentence:
    if safe is False:
        return Sentence.of(QT_TRANSLATE_NOOP("ApiMessages", "Ideogram withheld the image as unsafe."))
    return Sentence.of(QT_TRANSLATE_NOOP("ApiMessages", "Ideogram sent no link for the image."))


class IdeogramFamily(Family):
    name = "ideogram"
    kinds = ("generate", "remix", "upscale", "describe")
    synchronous = True
    deadline = None

    def validate(self, kind: str, params: dict[str, Any]) -> None:
        super().validate(kind, params)
        request = params.get("image_request") or {}
        if kind in ("generate", "remix") and not str(request.get("prompt") or "").strip():
            raise JobRequestError(QT_TRANSLATE_NOOP("ApiMessages", "The prompt is missing."))
        if kind != "generate":
            check_image_file(_require(params, "image", "image"))

    def title(self, kind: str, params: dict[str, Any], parent: Job | None = None) -> str:
        prompt = (params.get("image_request") or {}).get("prompt")
        return _short(str(prompt or f"Ideogram {kind}"))

    async def submit(self, api: UniApi, kind: str, params: dict[str, Any]) -> Submitted:
        request = IdeogramRequest.model_validate(params.get("image_request") or {})
        image = Path(str(params.get("image") or "")).expanduser()
        if kind == "generate":
            result = await api.ideogram.generate(request)
        elif kind == "remix":
            result = await api.ideogram.remix(image, request)
        elif kind == "upscale":
            result = await api.ideogram.upscale(image, request)
        else:
            result = await api.ideogram.describe(image)
        raw = _as_sent(result)
        return Submitted(None, raw, self.from_raw(kind, params, raw))

    def from_raw(self, kind: str, params: dict[str, Any], raw: Any) -> RemoteStatus | None:
        if not isinstance(raw, dict):
            return None
        result = IdeogramResult.model_validate(raw)
        remote = RemoteStatus("done", "SUCCESS", 100.0, raw=raw)
        request = params.get("image_request") or {}
        if kind == "describe":
            text = "\n\n".join(result.description_texts)
            remote.results.append(ResultSpec("description", "text", text=text, title="Description"))
            return remote
        for index, image in enumerate(result.data):
            remote.results.append(
                ResultSpec(
                    key=f"image:{index}",
                    kind="image",
                    url=image.url,
                    title=_short(image.prompt or str(request.get("prompt") or "Ideogram image"), 60),
                    prompt=image.prompt or str(request.get("prompt") or ""),
                    model=str(request.get("model") or "ideogram"),
                    extra={"seed": image.seed, "resolution": image.resolution, "style_type": image.style_type},
                    error=None if image.url else _missing_image(image.is_image_safe),
                )
            )
        if not remote.results:
            remote.phase, remote.error = "failed", "Ideogram returned no image."
        return remote

    async def fresh_url(self, api: UniApi, target: PollTarget, spec: ResultSpec) -> str | None:
        return None  # a synchronous result cannot be asked for again without paying again


# --- Luma ----------------------------------------------------------------------------------------


class LumaFamily(Family):
    name = "luma"
    kinds = ("generate", "extend")
    deadline = 60 * 60
    echoed = ("aspect_ratio", "resolution", "duration", "loop", "expand_prompt")
    """Request fields kept with the result, so the library shows how it was made."""

    def validate(self, kind: str, params: dict[str, Any]) -> None:
        super().validate(kind, params)
        body = params.get("body") or {}
        if not str(body.get("user_prompt") or "").strip():
            raise JobRequestError(QT_TRANSLATE_NOOP("ApiMessages", "The video prompt is missing."))
        if kind == "extend":
            _require(params, "generation_id", "video to extend")
        check_frame(params, "start_frame", "start frame")
        check_frame(params, "end_frame", "end frame")

    def title(self, kind: str, params: dict[str, Any], parent: Job | None = None) -> str:
        return _short(str((params.get("body") or {}).get("user_prompt") or "Luma video"))

    async def submit(self, api: UniApi, kind: str, params: dict[str, Any]) -> Submitted:
        body = dict(params["body"])
        for key, field in (("start_frame", "image_url"), ("end_frame", "image_end_url")):
            if params.get(key):
                body[field] = await image_reference(api, params[key], _transport(params))
        request = LumaRequest.model_validate(body)
        if kind == "extend":
            generation = await api.luma.extend(str(params["generation_id"]), request)
        else:
            generation = await api.luma.generate(request)
        if not generation.id:
            raise UnreadableReplyError("Luma accepted the request but sent no generation id.", details=str(generation))
        return Submitted(generation.id, _as_sent(generation))

    async def poll_one(self, api: UniApi, target: PollTarget) -> RemoteStatus:
        generation = await api.luma.fetch(target.task_id)
        remote = self.status(generation, target.kind, target.parameters)
        if remote.phase == "done" and generation.id:
            # The generation's own link is the watermarked preview; the download link is the clean file.
            try:
                clean = await api.luma.download_video_url(generation.id)
            except ApiError:
                clean = None
            for spec in remote.results:
                spec.extra["watermark_free"] = clean is not None
                spec.url = clean or spec.url
        return remote

    def status(self, generation: LumaGeneration, kind: str, params: dict[str, Any]) -> RemoteStatus:
        phase = phase_of(generation.state)
        remote = RemoteStatus(phase, generation.state or "", None, generation.failure_reason, raw=_as_sent(generation))
        if phase == "queued":
            remote.wait_seconds = generation.estimate_wait_seconds
        if phase == "failed" and not remote.error:
            remote.error = "Luma gave no reason."
        if phase == "done":
            body = params.get("body") or {}
            parent = ParentRef("luma", remote_id=str(params["generation_id"])) if kind == "extend" else None
            video = generation.video
            remote.results.append(
                ResultSpec(
                    key="video",
                    kind="video",
                    url=generation.video_url,
                    title=_short(str(body.get("user_prompt") or "Luma video"), 60),
                    prompt=generation.prompt or str(body.get("user_prompt") or ""),
                    model=str(body.get("model_name") or "luma"),
                    remote_id=generation.id,
                    parent=parent,
                    extra={
                        "width": video.width if video else None,
                        "height": video.height if video else None,
                        "preview_url": generation.video_url,
                        **{name: body[name] for name in self.echoed if body.get(name) is not None},
                    },
                )
            )
        return remote

    async def fresh_url(self, api: UniApi, target: PollTarget, spec: ResultSpec) -> str | None:
        url = await api.luma.download_video_url(target.task_id)
        return url if url != spec.url else None


# --- Custom video (Veo) --------------------------------------------------------------------------


class VideoFamily(Family):
    name = "video"
    kinds = ("generate",)
    deadline = 60 * 60

    def validate(self, kind: str, params: dict[str, Any]) -> None:
        super().validate(kind, params)
        _require(params, "model", "video model")
        if not str((params.get("body") or {}).get("prompt") or "").strip():
            raise JobRequestError(QT_TRANSLATE_NOOP("ApiMessages", "The video prompt is missing."))
        check_frame(params, "image", "image")

    def title(self, kind: str, params: dict[str, Any], parent: Job | None = None) -> str:
        return _short(str((params.get("body") or {}).get("prompt") or "Video"))

    async def submit(self, api: UniApi, kind: str, params: dict[str, Any]) -> Submitted:
        body = dict(params.get("body") or {})
        if params.get("image"):
            body["image"] = await image_reference(api, str(params["image"]), _transport(params))
        task = await api.custom_video.submit(str(params["model"]), body)
        if not task.id:
            raise UnreadableReplyError("The video service accepted the request but sent no id.", details=str(task))
        return Submitted(task.id, _as_sent(task))

    async def poll_one(self, api: UniApi, target: PollTarget) -> RemoteStatus:
        task = await api.custom_video.fetch(target.task_id)
        phase = phase_of(task.status)
        remote = RemoteStatus(phase, task.status or "", task.progress, task.error_message, raw=_as_sent(task))
        if phase == "failed" and not remote.error:
            remote.error = "The video service gave no reason."
        if phase == "done":
            body = target.parameters.get("body") or {}
            for index, url in enumerate(task.video_urls):
                remote.results.append(
                    ResultSpec(
                        key=f"video:{index}",
                        kind="video",
                        url=url,
                        title=_short(str(body.get("prompt") or "Video"), 60),
                        prompt=str(body.get("prompt") or ""),
                        model=task.model or str(target.parameters.get("model") or ""),
                        remote_id=task.id,
                    )
                )
        return remote


FAMILIES: dict[str, Family] = {
    family.name: family
    for family in (SunoFamily(), UdioFamily(), MidjourneyFamily(), IdeogramFamily(), LumaFamily(), VideoFamily())
}


_CUSTOM_ID_NAMES = {
    "upsample": "U",
    "variation": "V",
    "reroll": "Reroll",
    "low_variation": "Vary (Subtle)",
    "high_variation": "Vary (Strong)",
    "pan_left": "Pan left",
    "pan_right": "Pan right",
    "pan_up": "Pan up",
    "pan_down": "Pan down",
}


def _button_label(kind: str, params: dict[str, Any], parent: Job | None) -> str:
    """A button as a person reads it: its label (or emoji) on the grid that has it, else from its customId."""
    if kind == "change":
        action = str(params.get("action") or "").upper()
        letter = {"UPSCALE": "U", "VARIATION": "V"}.get(action)
        return f"{letter}{params.get('index')}" if letter else action.capitalize() or "Change"
    custom_id = str(params.get("custom_id") or "")
    if parent is not None and isinstance(parent.raw, dict):
        with contextlib.suppress(ValueError):
            button = MjTask.model_validate(parent.raw).button(custom_id)
            if button is not None and (button.label or button.emoji):
                return str(button.label or button.emoji)
    parts = custom_id.split("::")
    if len(parts) >= 3 and parts[1] == "JOB":
        name = _CUSTOM_ID_NAMES.get(parts[2], parts[2].replace("_", " ").capitalize())
        return f"{name}{parts[3]}" if name in ("U", "V") and len(parts) > 3 else name
    if len(parts) >= 2 and parts[1] == "Outpaint" and len(parts) > 2:
        return {"50": "Zoom Out 2x", "75": "Zoom Out 1.5x"}.get(parts[2], "Zoom Out")
    if len(parts) >= 2:
        return {"CustomZoom": "Custom Zoom", "Inpaint": "Vary (Region)"}.get(parts[1], parts[1])
    return custom_id or "Button"
