"""The task families on the command line: Midjourney, Ideogram, Suno, Udio, Luma, Veo, and `tasks`.

Every command goes through the task engine, so a job survives Ctrl+C or a crash (`tasks resume` picks it
up). Progress goes to stderr; results go to stdout: the saved files' paths, one per line (the library's
copy, or the `--out` copy when that is given), and a text result (describe's prompts, lyrics) as text.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ..api.errors import ApiError, LocalStorageError, TaskFailedError, TaskTimeoutError
from ..api.ideogram import ASPECT_RATIOS, MODELS
from ..api.midjourney import MjTask
from ..core.library import Asset, Library, copy_out
from ..core.task_reports import JobRequestError
from ..core.tasks import Job, JobState, JobUpdate, PollTiming, TaskEngine
from ..core.workspace import DEMO_POLL_SECONDS
from .session import CliSession, fail
from .text_commands import read_prompt

DEFAULT_POLL_SECONDS = 3.0
SPEEDS = ("relax", "fast", "turbo")


def positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, got {text}")
    return value


def add_task_commands(commands: argparse._SubParsersAction[Any]) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--poll-interval",
        type=positive_seconds,
        metavar="S",
        help=f"seconds between status checks (default {DEFAULT_POLL_SECONDS:g}; {DEMO_POLL_SECONDS:g} with --demo)",
    )

    mj = commands.add_parser("mj", help="Midjourney: imagine, action, blend, describe, shorten, modal")
    mj_commands = mj.add_subparsers(dest="mj_command", required=True, metavar="ACTION")
    imagine = mj_commands.add_parser("imagine", parents=[common], help="a 2×2 grid from a prompt")
    imagine.add_argument("prompt")
    imagine.add_argument("--image", action="append", default=[], metavar="F", help="reference image (up to 5)")
    imagine.add_argument("--niji", action="store_true", help="use the Niji bot")
    action = mj_commands.add_parser("action", parents=[common], help="press a button (U1, V2, ...) of a task")
    action.add_argument("task_id", metavar="TASK_ID")
    action.add_argument(
        "button", metavar="BUTTON", help="its label (U3, V1, 🔄, 'Zoom Out 2x') or customId (see `tasks show`)"
    )
    blend = mj_commands.add_parser("blend", parents=[common], help="blend 2 to 5 images")
    blend.add_argument("images", nargs="+", metavar="F")
    blend.add_argument("--dimensions", choices=("PORTRAIT", "SQUARE", "LANDSCAPE"), default="SQUARE")
    describe = mj_commands.add_parser("describe", parents=[common], help="four prompts for an image")
    describe.add_argument("image", metavar="F")
    shorten = mj_commands.add_parser("shorten", parents=[common], help="shorter versions of a prompt")
    shorten.add_argument("prompt")
    modal = mj_commands.add_parser("modal", parents=[common], help="answer a task waiting in MODAL")
    modal.add_argument("task_id", metavar="TASK_ID")
    modal.add_argument("--prompt")
    modal.add_argument("--mask", metavar="F", help="inpaint mask image")
    for sub in (imagine, action, blend, describe, shorten, modal):
        sub.add_argument("--mode", choices=SPEEDS, help="relax, fast or turbo (default: the account's)")

    ideogram = commands.add_parser("ideogram", help="Ideogram: generate, remix, upscale, describe")
    ideogram_commands = ideogram.add_subparsers(dest="ideogram_command", required=True, metavar="ACTION")
    generate = ideogram_commands.add_parser("generate", parents=[common], help="images from a prompt")
    generate.add_argument("prompt")
    remix = ideogram_commands.add_parser("remix", parents=[common], help="a new image from an image and prompt")
    remix.add_argument("image", metavar="F")
    remix.add_argument("prompt")
    remix.add_argument("--image-weight", type=int, metavar="N", help="1–100: how much of the image to keep")
    upscale = ideogram_commands.add_parser("upscale", parents=[common], help="a larger version of an image")
    upscale.add_argument("image", metavar="F")
    upscale.add_argument("--prompt")
    ideogram_describe = ideogram_commands.add_parser("describe", parents=[common], help="describe an image")
    ideogram_describe.add_argument("image", metavar="F")
    for sub in (generate, remix):
        sub.add_argument("--aspect-ratio", metavar="A", help="e.g. ASPECT_16_9 or 16:9")
        sub.add_argument("--model", choices=MODELS, help="default V_2")
        sub.add_argument("--style", help="AUTO, GENERAL, REALISTIC, DESIGN, RENDER_3D or ANIME")
        sub.add_argument("--negative", help="what to keep out of the image")
        sub.add_argument("--seed", type=int)
        sub.add_argument("--magic-prompt", choices=("AUTO", "ON", "OFF"))

    suno = commands.add_parser("suno", parents=[common], help="a song (two clips) from Suno")
    suno.add_argument("prompt", nargs="?", help="a description of the song (inspiration mode)")
    suno.add_argument("--instrumental", action="store_true")
    suno.add_argument("--mv", metavar="M", help="model, e.g. chirp-v4 (default: the gateway's)")
    suno.add_argument("--custom", action="store_true", help="custom mode: your lyrics, title and tags")
    suno.add_argument("--title")
    suno.add_argument("--tags", help="style tags, e.g. 'jazz, mellow'")
    suno.add_argument("--lyrics-file", metavar="F")
    suno.add_argument("--continue", dest="continue_clip", metavar="CLIP_ID", help="continue this clip")
    suno.add_argument("--at", type=float, metavar="SECONDS", help="where the continuation starts")
    suno.add_argument("--task-id", help="the task of the clip being continued (optional)")
    suno.add_argument("--concat", metavar="CLIP_ID", help="make the whole song of an extended clip")

    lyrics = commands.add_parser("suno-lyrics", parents=[common], help="lyrics (text) from Suno")
    lyrics.add_argument("prompt")

    udio = commands.add_parser("udio", parents=[common], help="a song from Udio")
    udio.add_argument("prompt")
    udio.add_argument("--lyrics-file", metavar="F")
    udio.add_argument("--instrumental", action="store_true")
    udio.add_argument("--model", metavar="M", help="model_type")

    luma = commands.add_parser("luma", parents=[common], help="a video from Luma")
    luma.add_argument("prompt")
    luma.add_argument("--image-url", metavar="U", help="the first frame")
    luma.add_argument("--end-image-url", metavar="U", help="the last frame")
    luma.add_argument("--loop", action="store_true")
    luma.add_argument("--no-expand", action="store_true", help="send the prompt as it is")
    luma_extend = commands.add_parser("luma-extend", parents=[common], help="extend a Luma video")
    luma_extend.add_argument("generation_id", metavar="ID")
    luma_extend.add_argument("prompt")

    video = commands.add_parser("video", parents=[common], help="a video from a custom model such as Veo")
    video.add_argument("prompt")
    video.add_argument("--model", required=True, metavar="M", help="e.g. veo-2")
    video.add_argument("--image", metavar="F", help="a first frame")
    video.add_argument("--aspect-ratio", metavar="A", help="e.g. 16:9")
    video.add_argument("--duration", type=int, metavar="S")

    tasks = commands.add_parser("tasks", help="the task jobs: list, show, resume, cancel, retry")
    task_commands = tasks.add_subparsers(dest="tasks_command", required=True, metavar="ACTION")
    listing = task_commands.add_parser("list", help="recent jobs, newest first")
    listing.add_argument("--limit", type=int, default=30)
    show = task_commands.add_parser("show", help="one job: state, results and the service's raw JSON")
    show.add_argument("job_id", type=int, metavar="ID")
    task_commands.add_parser("resume", parents=[common], help="follow every unfinished job to the end")
    cancel = task_commands.add_parser("cancel", help="stop following a job (saved results stay)")
    cancel.add_argument("job_id", type=int, metavar="ID")
    retry = task_commands.add_parser("retry", parents=[common], help="send a job's request again (paid)")
    retry.add_argument("job_id", type=int, metavar="ID")


# --- the engine for one command ------------------------------------------------------------------


class ProgressPrinter:
    """One stderr line per visible change of a job; each saved file as it lands."""

    def __init__(self, session: CliSession, library: Library) -> None:
        self.session = session
        self.library = library
        self._last: dict[int, tuple[Any, ...]] = {}

    def __call__(self, update: JobUpdate) -> None:
        if update.new_asset_id is not None:
            asset = self.library.get(update.new_asset_id)
            self.session.say(f"job {update.job_id}: saved {asset.kind} {asset.path}")
            return
        if update.downloaded is not None:
            return
        progress = f" {update.progress:.0f}%" if update.progress is not None and not update.finished else ""
        status = f" ({update.remote_status})" if update.remote_status else ""
        key = (update.state, progress, status, update.message)
        if self._last.get(update.job_id) == key:
            return
        self._last[update.job_id] = key
        note = f" — {update.message}" if update.message else ""
        self.session.say(f"job {update.job_id}: {update.state}{progress}{status}{note}")


def _poll_seconds(session: CliSession) -> float:
    chosen = getattr(session.args, "poll_interval", None)
    if chosen:
        return float(chosen)
    return DEMO_POLL_SECONDS if session.demo else DEFAULT_POLL_SECONDS


@asynccontextmanager
async def opened_engine(session: CliSession) -> AsyncIterator[TaskEngine]:
    db, library = session.open_data()
    engine = TaskEngine(
        session.api, db, library, timing=PollTiming.every(_poll_seconds(session)), deadline=session.args.timeout
    )
    engine.subscribe(ProgressPrinter(session, library))
    await engine.start()
    try:
        yield engine
    finally:
        await engine.close()
        db.close()


def _slug(text: str) -> str:
    words = re.findall(r"\w+", text.lower())
    return "-".join(words)[:40].strip("-") or "result"


def _emit_results(session: CliSession, engine: TaskEngine, job: Job) -> list[Asset]:
    assets = engine.assets_of(job.id)
    for number, asset in enumerate(assets, 1):
        if session.as_json:
            continue
        path = asset.path
        if session.args.out and path is not None:
            name = f"{job.family}-{job.id}-{number}-{_slug(asset.title or asset.prompt)}"
            path = copy_out(asset, Path(session.args.out).expanduser(), name)
        if asset.kind == "text":
            session.stdout.write(asset.text.strip() + "\n")  # the text is the result; its file, a note
            if session.args.out:
                session.say(f"job {job.id}: copied {asset.kind} to {path}")
        else:
            session.stdout.write(f"{path}\n")
    session.stdout.flush()
    return assets


def _job_json(engine: TaskEngine, job: Job) -> dict[str, Any]:
    payload = asdict(job)
    payload["state"] = str(job.state)
    payload["assets"] = [
        {**asdict(asset), "path": str(asset.path) if asset.path else None} for asset in engine.assets_of(job.id)
    ]
    return payload


def _raise_for(engine: TaskEngine, job: Job) -> None:
    if job.state is JobState.DONE:
        return
    error = engine.error_of(job.id)
    if error is not None and (job.state is JobState.FAILED or isinstance(error, TaskTimeoutError | LocalStorageError)):
        raise error
    words = {
        JobState.FAILED: "failed",
        JobState.NEEDS_ATTENTION: "needs attention",
        JobState.CANCELLED: "was cancelled",
    }.get(job.state, f"stopped in state {job.state}")
    raise TaskFailedError(f"Job {job.id} {words}: {job.message or 'no reason given'}")


def waits_for_window(job: Job) -> bool:
    """A Midjourney button (Vary Region, Custom Zoom) opened a window: the task waits for `mj modal`."""
    return job.state is JobState.NEEDS_ATTENTION and (job.remote_status or "").upper() == "MODAL"


WINDOW_NEEDS = {
    # The task's action while it waits in MODAL: what `mj modal` has to send, and how to say it.
    "INPAINT": (
        "the region to repaint",
        '--mask MASK.png --prompt "what to paint there" (the mask is white where to repaint)',
    ),
    "ZOOM": ("the zoom prompt", '--prompt "PROMPT --zoom 2"'),
}


def _window_action(job: Job) -> str:
    return str(job.raw.get("action") or "").upper() if isinstance(job.raw, dict) else ""


def modal_hint(job: Job) -> str:
    """What `mj modal` needs to answer the window this job's button opened, as a command to run."""
    needs, options = WINDOW_NEEDS.get(_window_action(job), ("a prompt", '--prompt "PROMPT"'))
    return (
        f"job {job.id}: Midjourney opened a window and waits for {needs}: studio-cli mj modal {job.task_id} {options}"
    )


async def follow(session: CliSession, engine: TaskEngine, job: Job) -> Job:
    """Wait for a submitted job, then print what it saved (or raise why it did not finish)."""
    try:
        job = await engine.wait(job.id)
    except asyncio.CancelledError:
        session.say(f"job {job.id} keeps running on the service; `studio-cli tasks resume` will finish it.")
        raise
    if session.as_json:
        session.emit_json(_job_json(engine, job))
    _emit_results(session, engine, job)
    if waits_for_window(job):
        session.say(modal_hint(job))  # Midjourney's code 21: not an error, the next step
        return job
    _raise_for(engine, job)
    return job


async def submit_and_follow(session: CliSession, family: str, kind: str, params: dict[str, Any]) -> None:
    async with opened_engine(session) as engine:
        await submit_on(session, engine, family, kind, params)


async def submit_on(session: CliSession, engine: TaskEngine, family: str, kind: str, params: dict[str, Any]) -> None:
    try:
        engine.validate(family, kind, params)
    except JobRequestError as exc:
        fail(str(exc))
    try:
        job = await engine.submit(family, kind, params)
    except JobRequestError as exc:
        fail(str(exc))
    session.say(f"job {job.id}: {family} {kind} accepted as task {job.task_id or '(synchronous)'}")
    await follow(session, engine, job)


# --- the commands --------------------------------------------------------------------------------


def _file(path: str, what: str) -> str:
    file = Path(path).expanduser()
    if not file.is_file():
        fail(f"The {what} {path} does not exist or is not a file.")
    return str(file.resolve())


def _text_file(path: str, what: str) -> str:
    file = Path(_file(path, what))
    try:
        text = file.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"The {what} {path} cannot be read as UTF-8 text ({exc}).")
    if not text.strip():
        fail(f"The {what} {path} is empty.")
    return text


def _button_custom_id(engine: TaskEngine, task_id: str, button: str) -> str:
    """The customId of a button of a task stored here, found by label or emoji; a customId as it is."""
    job = engine.job_for_task("midjourney", task_id)
    task = MjTask.model_validate(job.raw) if job is not None and isinstance(job.raw, dict) else None
    found = task.button(button) if task is not None else None
    if found is not None:
        return found.customId
    if "::" in button:
        return button  # a customId (MJ::JOB::…) the gateway may know though this library does not
    if task is None:
        fail(f"Task {task_id} is not in this library, so its button '{button}' cannot be looked up; pass its customId.")
    if not task.buttons:
        fail(f"Task {task_id} has no buttons yet; `studio-cli tasks show` lists them once it is done.")
    fail(f"Task {task_id} has no button '{button}'; its buttons: {', '.join(task.button_names)}.")


def _check_modal_answer(engine: TaskEngine, args: argparse.Namespace) -> None:
    """Refuse, before it is sent, an answer the window the task waits in cannot take."""
    job = engine.job_for_task("midjourney", args.task_id)
    if job is None or not waits_for_window(job):
        return
    action = _window_action(job)
    if (action == "INPAINT" and not args.mask) or (action == "ZOOM" and not args.prompt):
        needs, options = WINDOW_NEEDS[action]
        fail(f"Task {args.task_id} waits for {needs}: give {options}.")


async def run_mj(session: CliSession) -> None:
    args = session.args
    params: dict[str, Any] = {"speed": args.mode}
    kind = args.mj_command
    if kind == "imagine":
        params.update(
            prompt=read_prompt(args.prompt),
            images=[_file(path, "image") for path in args.image],
            bot_type="NIJI_JOURNEY" if args.niji else "MID_JOURNEY",
        )
    elif kind == "blend":
        params.update(images=[_file(path, "image") for path in args.images], dimensions=args.dimensions)
    elif kind == "describe":
        params.update(image=_file(args.image, "image"))
    elif kind == "shorten":
        params.update(prompt=read_prompt(args.prompt))
    elif kind == "modal":
        params.update(task_id=args.task_id, prompt=args.prompt, mask=_file(args.mask, "mask") if args.mask else None)
    async with opened_engine(session) as engine:
        if kind == "action":
            params.update(task_id=args.task_id, custom_id=_button_custom_id(engine, args.task_id, args.button))
        elif kind == "modal":
            _check_modal_answer(engine, args)
        await submit_on(session, engine, "midjourney", kind, params)


def _aspect_ratio(value: str | None) -> str | None:
    if value is None:
        return None
    candidate = value.strip().upper()
    if re.fullmatch(r"\d+\s*[:xX]\s*\d+", candidate):
        candidate = "ASPECT_" + "_".join(re.split(r"\s*[:X]\s*", candidate))
    if candidate not in ASPECT_RATIOS:
        fail(f"--aspect-ratio {value} is not one Ideogram knows ({', '.join(ASPECT_RATIOS)}).")
    return candidate


async def run_ideogram(session: CliSession) -> None:
    args = session.args
    kind = args.ideogram_command
    params: dict[str, Any] = {}
    request: dict[str, Any] = {}
    if kind in ("generate", "remix"):
        request = {
            "prompt": read_prompt(args.prompt),
            "aspect_ratio": _aspect_ratio(args.aspect_ratio),
            "model": args.model or "V_2",
            "style_type": args.style.upper() if args.style else None,
            "negative_prompt": args.negative,
            "seed": args.seed,
            "magic_prompt_option": args.magic_prompt,
        }
        if kind == "remix":
            request["image_weight"] = args.image_weight
    elif kind == "upscale" and args.prompt:
        request["prompt"] = args.prompt
    if kind != "generate":
        params["image"] = _file(args.image, "image")
    if kind != "describe":
        params["image_request"] = {key: value for key, value in request.items() if value is not None}
    await submit_and_follow(session, "ideogram", kind, params)


async def run_suno(session: CliSession) -> None:
    args = session.args
    if args.concat:
        await submit_and_follow(session, "suno", "concat", {"clip_id": args.concat})
        return
    body: dict[str, Any] = {"mv": args.mv, "make_instrumental": args.instrumental or None}
    if args.custom:
        if args.prompt:
            fail("In --custom mode the lyrics come from --lyrics-file; leave out the description.")
        if not args.title or not args.tags:
            fail("--custom needs --title and --tags.")
        if not args.lyrics_file and not args.instrumental:
            fail("--custom needs --lyrics-file (or --instrumental).")
        lyrics = _text_file(args.lyrics_file, "lyrics file") if args.lyrics_file else None
        body.update(prompt=lyrics, title=args.title, tags=args.tags)
    else:
        if args.lyrics_file:
            fail("--lyrics-file goes with --custom.")
        if args.prompt:
            body["gpt_description_prompt"] = read_prompt(args.prompt)
        elif not args.continue_clip:
            fail("Give a description of the song, or use --custom with --lyrics-file.")
        body.update(title=args.title, tags=args.tags)
    if args.continue_clip:
        if args.at is None:
            fail("--continue needs --at SECONDS (where the continuation starts).")
        if args.at <= 0:
            fail(f"--at must be more than 0 seconds (got {args.at:g}).")
        body.update(continue_clip_id=args.continue_clip, continue_at=args.at, task_id=args.task_id)
    elif args.at is not None or args.task_id:
        fail("--at and --task-id go with --continue.")
    body = {key: value for key, value in body.items() if value is not None}
    async with opened_engine(session) as engine:
        if args.continue_clip and not args.task_id:
            # Relays route a continuation by the task that made the clip; some refuse it without.
            clip = engine.library.find_by_remote("suno", args.continue_clip)
            if clip is not None and clip.task_id:
                body["task_id"] = clip.task_id
            else:
                session.say(f"note: clip {args.continue_clip} is not in this library, so no task_id is sent.")
        await submit_on(session, engine, "suno", "music", {"body": body})


async def run_suno_lyrics(session: CliSession) -> None:
    await submit_and_follow(session, "suno", "lyrics", {"prompt": read_prompt(session.args.prompt)})


async def run_udio(session: CliSession) -> None:
    args = session.args
    gen: dict[str, Any] = {"prompt": read_prompt(args.prompt)}
    if args.lyrics_file:
        if args.instrumental:
            fail("--lyrics-file and --instrumental cannot go together.")
        gen.update(lyrics=_text_file(args.lyrics_file, "lyrics file"), lyrics_type="user")
    elif args.instrumental:
        gen["lyrics_type"] = "instrumental"
    if args.model:
        gen["model_type"] = args.model
    await submit_and_follow(session, "udio", "music", {"gen_params": gen})


def _url(value: str | None, option: str) -> str | None:
    if value is not None and not re.match(r"^(https?://|data:image/)", value):
        fail(f"{option} must be an http(s) URL (got '{value}').")
    return value


async def run_luma(session: CliSession) -> None:
    args = session.args
    body: dict[str, Any] = {
        "user_prompt": read_prompt(args.prompt),
        "expand_prompt": not args.no_expand,
        "loop": args.loop,
        "image_url": _url(args.image_url, "--image-url"),
        "image_end_url": _url(args.end_image_url, "--end-image-url"),
    }
    body = {key: value for key, value in body.items() if value is not None}
    await submit_and_follow(session, "luma", "generate", {"body": body})


async def run_luma_extend(session: CliSession) -> None:
    args = session.args
    body = {"user_prompt": read_prompt(args.prompt), "expand_prompt": True}
    await submit_and_follow(session, "luma", "extend", {"generation_id": args.generation_id, "body": body})


async def run_video(session: CliSession) -> None:
    args = session.args
    body: dict[str, Any] = {"prompt": read_prompt(args.prompt)}
    if args.aspect_ratio:
        body["aspect_ratio"] = args.aspect_ratio
    if args.duration is not None:
        if args.duration < 1:
            fail(f"--duration must be at least 1 second (got {args.duration}).")
        body["duration"] = args.duration
    params = {"model": args.model, "body": body, "image": _file(args.image, "image") if args.image else None}
    await submit_and_follow(session, "video", "generate", params)


async def run_tasks(session: CliSession) -> None:
    args = session.args
    async with opened_engine(session) as engine:
        handler: Callable[[CliSession, TaskEngine], Any] = TASK_ACTIONS[args.tasks_command]
        await handler(session, engine)


def _job_or_fail(engine: TaskEngine, job_id: int) -> Job:
    try:
        return engine.job(job_id)
    except KeyError:
        fail(f"There is no job {job_id}; `studio-cli tasks list` shows the jobs.")


async def _tasks_list(session: CliSession, engine: TaskEngine) -> None:
    jobs = engine.jobs(limit=max(1, session.args.limit))
    if session.as_json:
        session.emit_json([_job_json(engine, job) for job in jobs])
        return
    for job in jobs:
        progress = f"{job.progress:.0f}%" if job.progress is not None else "-"
        retry = f" (retry of {job.retry_of})" if job.retry_of else ""
        session.stdout.write(
            f"{job.id}\t{job.state}\t{progress}\t{job.family} {job.kind}\t{job.task_id or '-'}\t{job.title}{retry}\n"
        )


async def _tasks_show(session: CliSession, engine: TaskEngine) -> None:
    job = _job_or_fail(engine, session.args.job_id)
    if session.as_json:
        session.emit_json(_job_json(engine, job))
        return
    out = session.stdout
    out.write(f"job {job.id}: {job.family} {job.kind} — {job.title}\n")
    out.write(f"state: {job.state}" + (f" ({job.remote_status})" if job.remote_status else "") + "\n")
    if job.progress is not None:
        out.write(f"progress: {job.progress:.0f}%\n")
    out.write(f"task id: {job.task_id or '-'}\n")
    if job.retry_of:
        out.write(f"retry of: job {job.retry_of} (a new paid request)\n")
    if job.message:
        out.write(f"message: {job.message}\n")
    out.write("parameters: " + json.dumps(job.parameters, ensure_ascii=False) + "\n")
    for asset in engine.assets_of(job.id):
        parent = f" (from asset {asset.parent_id})" if asset.parent_id else ""
        out.write(f"result: asset {asset.id} {asset.kind} {asset.path}{parent}\n")
        for button in asset.parameters.get("buttons") or []:
            label = button.get("label") or button.get("emoji") or ""
            out.write(f"  button {label}: {button.get('customId')}\n")
    out.write("raw:\n" + job.raw_json + "\n")


async def _tasks_resume(session: CliSession, engine: TaskEngine) -> None:
    resumed = await engine.resume_unfinished()
    if not resumed:
        session.say("No unfinished jobs to resume.")
    for job_id in resumed:
        session.say(f"job {job_id}: resumed")
    failures: list[ApiError] = []
    for job_id in resumed:
        job = await engine.wait(job_id)
        _emit_results(session, engine, job)
        if waits_for_window(job):
            session.say(modal_hint(job))
            continue
        try:
            _raise_for(engine, job)
        except ApiError as error:
            session.say(f"job {job_id}: {error.user_message}")
            failures.append(error)
    if failures:
        raise failures[0] if len(failures) == 1 else TaskFailedError(f"{len(failures)} resumed jobs did not finish.")


async def _tasks_cancel(session: CliSession, engine: TaskEngine) -> None:
    job = engine.cancel(_job_or_fail(engine, session.args.job_id).id)
    session.say(f"job {job.id}: {job.state}" + (f" — {job.message}" if job.message else ""))


async def _tasks_retry(session: CliSession, engine: TaskEngine) -> None:
    old = _job_or_fail(engine, session.args.job_id)
    session.say(f"Sending job {old.id}'s request again: this is a new paid request.")
    try:
        job = await engine.retry(old.id)
    except JobRequestError as exc:
        fail(str(exc))
    session.say(f"job {job.id}: {job.family} {job.kind} accepted as task {job.task_id or '(synchronous)'}")
    await follow(session, engine, job)


TASK_ACTIONS: dict[str, Callable[[CliSession, TaskEngine], Any]] = {
    "list": _tasks_list,
    "show": _tasks_show,
    "resume": _tasks_resume,
    "cancel": _tasks_cancel,
    "retry": _tasks_retry,
}

TASK_COMMANDS = {
    "mj": run_mj,
    "ideogram": run_ideogram,
    "suno": run_suno,
    "suno-lyrics": run_suno_lyrics,
    "udio": run_udio,
    "luma": run_luma,
    "luma-extend": run_luma_extend,
    "video": run_video,
    "tasks": run_tasks,
}
