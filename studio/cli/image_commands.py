"""The OpenAI images family on the command line: image, image-edit, image-variation and image-resume.

Inputs the model would refuse are fixed when that is safe (a copy is padded or cropped to a square,
converted to PNG or scaled down; the originals stay as they are) and each fix is reported in one line on
stderr; a problem no fix solves (a mask of another size) ends the command with exit code 2 before anything
is sent. Every result is in the library the moment it arrives; its path (or its `--out` copy) goes to stdout.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from ..api.errors import ApiResponseError
from ..api.images import (
    BACKGROUNDS,
    DALLE2,
    GPT_IMAGE_1,
    MODERATIONS,
    OUTPUT_FORMATS,
    RESPONSE_FORMATS,
    ImageRequest,
    Operation,
)
from ..api.uploads import ProgressCallback
from ..core.database import open_database
from ..core.images import (
    ImageInputError,
    ImageResults,
    OnSaved,
    check_inputs,
    edit_images,
    fix_inputs,
    generate_images,
    save_unsaved,
    source_asset_id,
    vary_image,
)
from ..core.library import Asset, Library, copy_out
from ..core.settings import StudioPaths
from .session import CliSession, fail, printable
from .text_commands import read_prompt

UPLOAD_NOTE_STEP = 25
"""Upload progress is noted on stderr every this many percent."""


def add_image_commands(commands: argparse._SubParsersAction[Any]) -> None:
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument("--size", help="e.g. 1024x1024, 1536x1024 or auto (the sizes depend on the model)")
    options.add_argument("--n", type=int, help="how many images, 1 to 10 (dall-e-3: 1)")
    options.add_argument("--response-format", choices=RESPONSE_FORMATS, help="dall-e only (gpt-image-1 sends data)")
    drawing = argparse.ArgumentParser(add_help=False, parents=[options])
    drawing.add_argument("--quality", help="low, medium, high, auto (gpt-image-1); standard, hd (dall-e-3)")
    drawing.add_argument("--background", choices=BACKGROUNDS, help="gpt-image-1")
    drawing.add_argument("--format", choices=OUTPUT_FORMATS, dest="output_format", help="gpt-image-1")
    drawing.add_argument("--compression", type=int, metavar="0-100", help="JPEG or WebP output (gpt-image-1)")
    fitting = argparse.ArgumentParser(add_help=False)
    fitting.add_argument(
        "--fit", choices=("pad", "crop"), default="pad", help="how a picture is made square when the model needs it"
    )

    image = commands.add_parser("image", parents=[drawing], help="generate images from a prompt (OpenAI images)")
    image.add_argument("prompt", help="what to draw ('-' reads standard input)")
    image.add_argument("--model", default=GPT_IMAGE_1.name, help="gpt-image-1, dall-e-3 or dall-e-2")
    image.add_argument("--style", help="vivid or natural (dall-e-3)")
    image.add_argument("--moderation", choices=MODERATIONS, help="gpt-image-1")

    edit = commands.add_parser("image-edit", parents=[drawing, fitting], help="edit images with a prompt and a mask")
    edit.add_argument("prompt", help="what to change ('-' reads standard input)")
    edit.add_argument("--image", action="append", required=True, metavar="F", help="a picture (gpt-image-1: up to 16)")
    edit.add_argument("--mask", metavar="F", help="a PNG the size of the first image, transparent where to edit")
    edit.add_argument("--model", default=GPT_IMAGE_1.name, help="gpt-image-1 or dall-e-2")

    variation = commands.add_parser("image-variation", parents=[options, fitting], help="variations of a picture")
    variation.add_argument("--image", required=True, metavar="F", help="the picture (made a square PNG if needed)")
    variation.add_argument("--model", default=DALLE2.name)

    commands.add_parser("image-resume", help="save image results whose download failed (links live 60 minutes)")


def _request(args: argparse.Namespace, prompt: str = "") -> ImageRequest:
    return ImageRequest(
        prompt=prompt,
        model=args.model,
        n=args.n,
        size=args.size,
        quality=getattr(args, "quality", None),
        style=getattr(args, "style", None),
        response_format=args.response_format,
        output_format=getattr(args, "output_format", None),
        output_compression=getattr(args, "compression", None),
        background=getattr(args, "background", None),
        moderation=getattr(args, "moderation", None),
    )


def _input_file(value: str, what: str) -> Path:
    path = Path(value).expanduser()
    if not path.is_file():
        fail(f"The {what} {value} does not exist or is not a file.")
    return path


@asynccontextmanager
async def opened_library() -> AsyncIterator[Library]:
    paths = StudioPaths.default()
    db = open_database(paths.data_dir / "studio.db")
    try:
        yield Library.at(db, paths)
    finally:
        db.close()


def _upload_notes(session: CliSession) -> ProgressCallback:
    noted = 0

    def report(sent: int, total: int) -> None:
        nonlocal noted
        percent = 100 * sent // total if total else 100
        if percent >= noted + UPLOAD_NOTE_STEP:
            noted = percent - percent % UPLOAD_NOTE_STEP
            session.say(f"uploading {total / 1_048_576:.1f} MB: {percent}%")

    return report


def _on_saved(session: CliSession) -> OnSaved:
    def note(asset: Asset) -> None:
        session.say(f"saved image {asset.id} ({asset.width}×{asset.height} {asset.ext.upper()})")

    return note


def _emit(session: CliSession, results: ImageResults) -> None:
    """Print what was saved; raise the first failure (after saying which results wait for image-resume)."""
    out = Path(session.args.out).expanduser() if session.args.out else None
    printed: list[dict[str, Any]] = []
    for asset in results.assets:
        path = copy_out(asset, out, f"image-{asset.id}") if out is not None and asset.path else asset.path
        revised = asset.parameters.get("revised_prompt")
        printed.append({"asset_id": asset.id, "path": str(path) if path else None, "revised_prompt": revised})
        if session.as_json or path is None:
            continue
        if revised:
            session.say(f"revised prompt: {printable(revised)}")
        session.stdout.write(f"{path}\n")
    if session.as_json:
        usage = results.result.usage.model_dump(mode="json", exclude_none=True) if results.result.usage else None
        errors = [error.user_message for error in results.errors]
        created = int(results.result.created) if results.result.created is not None else None
        session.emit_json({"created": created, "images": printed, "usage": usage, "errors": errors})
    session.stdout.flush()
    unsaved = results.unsaved
    if unsaved:
        until = min(float(asset.parameters.get("expires_at") or 0) for asset in unsaved)
        clock = dt.datetime.fromtimestamp(until).strftime("%H:%M")
        count = f"{len(unsaved)} image is" if len(unsaved) == 1 else f"{len(unsaved)} images are"
        session.say(f"note: {count} kept as a link until {clock}; `studio-cli image-resume` saves what is left.")
    if results.errors:
        raise results.errors[0]


async def run_image(session: CliSession) -> None:
    args = session.args
    request = _request(args, read_prompt(args.prompt))
    async with opened_library() as library:
        try:
            results = await generate_images(session.api, library, request, on_saved=_on_saved(session))
        except ImageInputError as error:
            fail(str(error))
        _emit(session, results)


async def _prepared(
    session: CliSession,
    operation: Operation,
    request: ImageRequest,
    images: list[Path],
    mask: Path | None,
    folder: Path,
) -> tuple[list[Path], Path | None, list[str]]:
    """The inputs as the model accepts them: checked, then fixed into `folder` where that is safe."""
    problem = request.problem(operation)
    if problem:
        fail(str(problem))
    check = await asyncio.to_thread(check_inputs, operation, request.model, images, mask)
    if check.refusals:
        fail(check.message())
    if check.ok:
        return images, mask, []
    try:
        fixed = await asyncio.to_thread(fix_inputs, check, folder, fit=session.args.fit)
    except ImageInputError as error:
        fail(str(error))
    for note in fixed.notes:
        session.say(f"fixed: {note}")
    return fixed.images, fixed.mask, [str(note) for note in fixed.notes]


async def run_image_edit(session: CliSession) -> None:
    args = session.args
    request = _request(args, read_prompt(args.prompt))
    originals = [_input_file(value, "image") for value in args.image]
    original_mask = _input_file(args.mask, "mask") if args.mask else None
    with tempfile.TemporaryDirectory(prefix="studio-images-") as folder:
        images, mask, notes = await _prepared(session, "edit", request, originals, original_mask, Path(folder))
        async with opened_library() as library:
            parent_id = await source_asset_id(library, originals[0])
            try:
                results = await edit_images(
                    session.api,
                    library,
                    request,
                    images,
                    mask=mask,
                    parent_id=parent_id,
                    notes=notes,
                    progress=_upload_notes(session),
                    on_saved=_on_saved(session),
                )
            except ImageInputError as error:
                fail(str(error))
            _emit(session, results)


async def run_image_variation(session: CliSession) -> None:
    args = session.args
    request = _request(args)
    original = _input_file(args.image, "image")
    with tempfile.TemporaryDirectory(prefix="studio-images-") as folder:
        [image], _, notes = await _prepared(session, "variation", request, [original], None, Path(folder))
        async with opened_library() as library:
            parent_id = await source_asset_id(library, original)
            try:
                results = await vary_image(
                    session.api,
                    library,
                    request,
                    image,
                    parent_id=parent_id,
                    notes=notes,
                    progress=_upload_notes(session),
                    on_saved=_on_saved(session),
                )
            except ImageInputError as error:
                fail(str(error))
            _emit(session, results)


async def run_image_resume(session: CliSession) -> None:
    async with opened_library() as library:
        saved, left = await save_unsaved(session.api, library)
    for asset in saved:
        session.stdout.write(f"{asset.path}\n")
    if left:
        raise ApiResponseError(f"{len(left)} image result(s) could not be saved: their links expired or keep failing.")
    if not saved:
        session.say("Every image result is already saved.")


IMAGE_COMMANDS = {
    "image": run_image,
    "image-edit": run_image_edit,
    "image-variation": run_image_variation,
    "image-resume": run_image_resume,
}
