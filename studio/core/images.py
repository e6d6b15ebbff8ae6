"""OpenAI images around the API: input checks with safe one-click fixes, the mask an edit needs, and every
result in the library the moment it exists.

Checks run before any upload and never touch the caller's files: fixed copies go to a folder the caller
owns. A picture's pixel count is read from its header before Pillow decodes it (decompression bombs are
refused unopened). A b64_json result is stored at once; a URL result (its link lives 60 minutes) is first
recorded as a row holding only the link, then downloaded into that row, so a download that fails leaves a
row `save_unsaved` can finish while the link still works. Nothing here repeats a paid request.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from PIL import Image, ImageOps, ImageStat, UnidentifiedImageError

from ..api.download import link_problem
from ..api.errors import ApiError, InputError, UnexpectedMediaError
from ..api.images import (
    MASK_MAX_BYTES,
    MAX_RESULT_BYTES,
    URL_LIFETIME_SECONDS,
    GeneratedImage,
    ImageModelRules,
    ImageRequest,
    ImagesResult,
    Operation,
    rules_for,
)
from ..api.media_types import SNIFF_BYTES, sniff
from ..api.sentences import QT_TRANSLATE_NOOP, Message, Sentence, english
from ..api.uploads import ProgressCallback
from .library import MAX_IMAGE_PIXELS, Asset, Library

if TYPE_CHECKING:
    from ..api.gateway import UniApi

FAMILY = "openai-images"
MB = 1024 * 1024
MIN_FIXED_SIDE = 64
SquareFit = Literal["pad", "crop"]
OnSaved = Callable[[Asset], None]


class ImageInputError(InputError):
    """Inputs the gateway would refuse; one sentence per problem."""

    def __init__(self, message: Message, check: InputCheck | None = None) -> None:
        super().__init__(message)
        self.check = check


IMAGE = Sentence(QT_TRANSLATE_NOOP("ApiMessages", "image"))
MASK = Sentence(QT_TRANSLATE_NOOP("ApiMessages", "mask"))


class Fix(StrEnum):
    SQUARE = "square"
    """Pad or crop to a square (the caller chooses which)."""
    PNG = "png"
    """Re-encode as PNG."""
    DOWNSCALE = "downscale"
    """Scale down until the file is under the model's limit."""


@dataclass(frozen=True)
class ImageInfo:
    path: Path
    ext: str
    """What the bytes are ("png", "jpg", "webp", "gif"), whatever the file is called."""
    width: int
    height: int
    byte_size: int
    has_alpha: bool

    @property
    def size(self) -> tuple[int, int]:
        return self.width, self.height


@dataclass(frozen=True)
class InputProblem:
    sentence: Sentence
    target: Literal["image", "mask", "request"]
    index: int = 0
    """Which image (0 is the first; the mask applies to it)."""
    fixes: tuple[Fix, ...] = ()
    """The safe fixes, empty when only the user can solve it."""


@dataclass
class InputCheck:
    operation: Operation
    model: str
    images: list[ImageInfo | None]
    """One entry per input in order; None for a file that could not be read as an image."""
    mask: ImageInfo | None = None
    problems: list[InputProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def refusals(self) -> list[InputProblem]:
        """The problems no fix solves: the request cannot be sent until the user changes the inputs."""
        return [problem for problem in self.problems if not problem.fixes]

    @property
    def fixable(self) -> bool:
        return bool(self.problems) and not self.refusals

    def sentences(self) -> tuple[Sentence, ...]:
        """The refusals, or when every problem has a fix, all of them."""
        return tuple(problem.sentence for problem in (self.refusals or self.problems))

    def message(self) -> str:
        return english(self.sentences())


@dataclass(frozen=True)
class FixedInputs:
    images: list[Path]
    mask: Path | None
    notes: list[Sentence]
    """One sentence per file that was changed, saying what was done."""


def _format_name(ext: str) -> str:
    return {"jpg": "JPEG", "webp": "WebP"}.get(ext, ext.upper())


def _megabytes(size: int) -> str:
    return f"{size / MB:.1f} MB"


def _refusal(template: str, **parts: object) -> ImageInputError:
    return ImageInputError(Sentence.of(template, **parts))


def inspect_image(path: Path, *, what: Sentence = IMAGE, max_pixels: int = MAX_IMAGE_PIXELS) -> ImageInfo:
    """Read, sniff and fully decode one input; ImageInputError (one sentence) when it is not a usable image.

    `what` names the input in that sentence (IMAGE or MASK).
    """
    name = path.name
    try:
        byte_size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError as error:
        raise _refusal(
            QT_TRANSLATE_NOOP("ApiMessages", "The {what} {name} cannot be read ({reason})."),
            what=what,
            name=name,
            reason=error.strerror or error,
        ) from error
    if byte_size == 0:
        raise _refusal(QT_TRANSLATE_NOOP("ApiMessages", "The {what} {name} is empty."), what=what, name=name)
    media = sniff(head)
    if media is None or media.kind != "image":
        raise _refusal(
            QT_TRANSLATE_NOOP("ApiMessages", "The {what} {name} is not a picture (PNG, JPEG, WebP or GIF)."),
            what=what,
            name=name,
        )
    megapixels = max_pixels // 1_000_000
    try:
        with Image.open(path) as picture:
            width, height = picture.size
            if width * height > max_pixels:  # decoding it could exhaust memory: refused unopened
                raise _refusal(
                    QT_TRANSLATE_NOOP(
                        "ApiMessages",
                        "The {what} {name} is {width}×{height} pixels; the studio opens pictures of up to {megapixels} megapixels.",  # noqa: E501
                    ),
                    what=what,
                    name=name,
                    width=width,
                    height=height,
                    megapixels=megapixels,
                )
            picture.load()
            has_alpha = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
    except ImageInputError:
        raise
    except Image.DecompressionBombError as error:
        raise _refusal(
            QT_TRANSLATE_NOOP(
                "ApiMessages",
                "The {what} {name} claims far too many pixels; the studio opens pictures of up to {megapixels} megapixels.",  # noqa: E501
            ),
            what=what,
            name=name,
            megapixels=megapixels,
        ) from error
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        raise _refusal(
            QT_TRANSLATE_NOOP("ApiMessages", "The {what} {name} is damaged or truncated."), what=what, name=name
        ) from error
    return ImageInfo(path, media.ext, width, height, byte_size, has_alpha)


def _image_problems(info: ImageInfo, index: int, rules: ImageModelRules, operation: Operation) -> list[InputProblem]:
    name, model = info.path.name, rules.name
    formats = ("png",) if operation == "variation" else rules.input_formats
    square = operation == "variation" or rules.square_inputs
    problems = []
    if info.ext not in formats:
        names = [_format_name(ext) for ext in formats]
        allowed: Sentence | str = (
            Sentence.of(
                QT_TRANSLATE_NOOP("ApiMessages", "{first} or {last}"), first=", ".join(names[:-1]), last=names[-1]
            )
            if len(names) > 1
            else names[0]
        )
        sentence = Sentence.of(
            QT_TRANSLATE_NOOP("ApiMessages", "{name} is a {format}; {model} takes {allowed} images only."),
            name=name,
            format=_format_name(info.ext),
            model=model,
            allowed=allowed,
        )
        problems.append(InputProblem(sentence, "image", index, (Fix.PNG,)))
    if square and info.width != info.height:
        sentence = Sentence.of(
            QT_TRANSLATE_NOOP("ApiMessages", "{name} is {width}×{height}; {model} needs a square image."),
            name=name,
            width=info.width,
            height=info.height,
            model=model,
        )
        problems.append(InputProblem(sentence, "image", index, (Fix.SQUARE,)))
    if info.byte_size >= rules.max_input_bytes:
        sentence = Sentence.of(
            QT_TRANSLATE_NOOP("ApiMessages", "{name} is {size}; {model} takes images under {limit} MB."),
            name=name,
            size=_megabytes(info.byte_size),
            model=model,
            limit=rules.max_input_bytes // MB,
        )
        problems.append(InputProblem(sentence, "image", index, (Fix.DOWNSCALE,)))
    return problems


def _transparent_pixels(path: Path) -> int:
    with Image.open(path) as picture:
        alpha = picture.convert("RGBA").getchannel("A")
    return int(np.count_nonzero(np.asarray(alpha) == 0))


def _mask_problems(mask: ImageInfo, first: ImageInfo | None) -> list[InputProblem]:
    name = mask.path.name
    if not mask.has_alpha:
        sentence = Sentence.of(
            QT_TRANSLATE_NOOP(
                "ApiMessages", "The mask {name} has no transparency; erase the area to edit so that it is transparent."
            ),
            name=name,
        )
        return [InputProblem(sentence, "mask")]
    if _transparent_pixels(mask.path) == 0:
        sentence = Sentence.of(
            QT_TRANSLATE_NOOP(
                "ApiMessages", "The mask {name} has no fully transparent pixel, so nothing would be edited."
            ),
            name=name,
        )
        return [InputProblem(sentence, "mask")]
    problems = []
    if first is not None and mask.size != first.size:
        sentence = Sentence.of(
            QT_TRANSLATE_NOOP(
                "ApiMessages",
                "The mask is {mask_width}×{mask_height} but {image} is {width}×{height}; a mask must be exactly the size of the first image.",  # noqa: E501
            ),
            mask_width=mask.width,
            mask_height=mask.height,
            image=first.path.name,
            width=first.width,
            height=first.height,
        )
        problems.append(InputProblem(sentence, "mask"))
    if mask.ext != "png":
        sentence = Sentence.of(
            QT_TRANSLATE_NOOP("ApiMessages", "The mask {name} is a {format}; masks must be PNG."),
            name=name,
            format=_format_name(mask.ext),
        )
        problems.append(InputProblem(sentence, "mask", 0, (Fix.PNG,)))
    elif mask.byte_size >= MASK_MAX_BYTES:
        sentence = Sentence.of(
            QT_TRANSLATE_NOOP("ApiMessages", "The mask {name} is {size}; masks must be under {limit} MB."),
            name=name,
            size=_megabytes(mask.byte_size),
            limit=MASK_MAX_BYTES // MB,
        )
        problems.append(InputProblem(sentence, "mask", 0, (Fix.PNG,)))
    return problems


def check_inputs(operation: Operation, model: str, images: Sequence[Path], mask: Path | None = None) -> InputCheck:
    """Every reason the model would refuse these inputs, each in one sentence with its safe fix (if any).

    Decodes every file: run it off the UI thread.
    """
    check = InputCheck(operation, model, [])
    rules = rules_for(model)
    if not images:
        check.problems.append(
            InputProblem(Sentence(QT_TRANSLATE_NOOP("ApiMessages", "Choose an image first.")), "request")
        )
    limit = 1 if operation == "variation" else rules.max_edit_images if rules is not None else None
    if limit is not None and len(images) > limit:
        template = (
            QT_TRANSLATE_NOOP("ApiMessages", "{model} takes one image; {count} were chosen.")
            if limit == 1
            else QT_TRANSLATE_NOOP("ApiMessages", "{model} takes at most {limit} images; {count} were chosen.")
        )
        sentence = Sentence.of(template, model=model, limit=limit, count=len(images))
        check.problems.append(InputProblem(sentence, "request"))
    for index, path in enumerate(images):
        try:
            info = inspect_image(path)
        except ImageInputError as error:
            check.images.append(None)
            check.problems.append(InputProblem(error.sentences[0], "image", index))
            continue
        check.images.append(info)
        if rules is not None:
            check.problems.extend(_image_problems(info, index, rules, operation))
    if mask is not None:
        try:
            check.mask = inspect_image(mask, what=MASK)
        except ImageInputError as error:
            check.problems.append(InputProblem(error.sentences[0], "mask"))
        else:
            check.problems.extend(_mask_problems(check.mask, check.images[0] if check.images else None))
    return check


# --- fixes --------------------------------------------------------------------------------------------


def _square_box(width: int, height: int, fit: SquareFit) -> tuple[int, int, int, int]:
    side = max(width, height) if fit == "pad" else min(width, height)
    left, top = (width - side) // 2, (height - side) // 2
    return left, top, left + side, top + side


def _reframed(picture: Image.Image, box: tuple[int, int, int, int], fill: tuple[int, ...]) -> Image.Image:
    """The part of `picture` inside `box` (which may reach past its edges: that part is `fill`)."""
    left, top, right, bottom = box
    canvas = Image.new(picture.mode, (right - left, bottom - top), fill)
    canvas.paste(picture, (-left, -top))
    return canvas


def _encoded(picture: Image.Image, ext: str) -> bytes:
    buffer = io.BytesIO()
    if ext == "jpg":
        picture.convert("RGB").save(buffer, format="JPEG", quality=92)
    elif ext == "webp":
        picture.save(buffer, format="WEBP", quality=90)
    else:
        picture.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _encoded_under(picture: Image.Image, ext: str, limit: int, what: str) -> tuple[bytes, Image.Image]:
    """The encoded picture, scaled down (keeping its shape) until the file is smaller than `limit`."""
    current = picture
    while True:
        data = _encoded(current, ext)
        if len(data) < limit:
            return data, current
        factor = min(0.95, max(0.5, 0.95 * math.sqrt(limit / len(data))))
        size = (round(current.width * factor), round(current.height * factor))
        if min(size) < MIN_FIXED_SIDE:
            raise _refusal(
                QT_TRANSLATE_NOOP(
                    "ApiMessages", "{name} cannot be made smaller than {limit} MB without losing the picture."
                ),
                name=what,
                limit=limit // MB,
            )
        current = picture.resize(size, Image.Resampling.LANCZOS)


def _opened(info: ImageInfo) -> Image.Image:
    with Image.open(info.path) as picture:
        picture.seek(0)
        return picture.convert("RGBA" if info.has_alpha else "RGB")


def _average_colour(picture: Image.Image) -> tuple[int, ...]:
    colour = tuple(round(value) for value in ImageStat.Stat(picture.convert("RGB")).mean)
    return (*colour, 255) if picture.mode == "RGBA" else colour


def _fixed_name(folder: Path, path: Path, ext: str) -> Path:
    return folder / f"{path.stem}-fixed.{ext}"


def _note(name: str, actions: list[Sentence], size: int) -> Sentence:
    """ "{name} was padded …, scaled down … and saved as PNG (1.2 MB).", each action its own marked phrase."""
    done = actions[-1]
    if len(actions) == 3:
        done = Sentence.of(
            QT_TRANSLATE_NOOP("ApiMessages", "{first}, {second} and {third}"),
            first=actions[0],
            second=actions[1],
            third=actions[2],
        )
    elif len(actions) == 2:
        done = Sentence.of(
            QT_TRANSLATE_NOOP("ApiMessages", "{first} and {second}"), first=actions[0], second=actions[1]
        )
    return Sentence.of(
        QT_TRANSLATE_NOOP("ApiMessages", "{name} was {done} ({size})."), name=name, done=done, size=_megabytes(size)
    )


def fix_inputs(check: InputCheck, folder: Path, *, fit: SquareFit = "pad") -> FixedInputs:
    """Apply every safe fix of `check`, writing changed copies into `folder`; the originals stay as they are.

    A square or a downscale of the first image is applied to the mask too, so the two stay aligned.
    Raises ImageInputError when a problem has no safe fix. Decodes and encodes: run it off the UI thread.
    """
    if check.refusals:
        raise ImageInputError(check.message(), check)
    rules = rules_for(check.model)
    folder.mkdir(parents=True, exist_ok=True)
    wanted: dict[int, set[Fix]] = {}
    for problem in check.problems:
        if problem.target == "image":
            wanted.setdefault(problem.index, set()).update(problem.fixes)
    paths: list[Path] = []
    notes: list[Sentence] = []
    first_reshape: tuple[tuple[int, int, int, int] | None, tuple[int, int]] | None = None
    for index, info in enumerate(check.images):
        assert info is not None  # unreadable inputs are refusals
        fixes = wanted.get(index, set())
        if not fixes:
            paths.append(info.path)
            continue
        picture = _opened(info)
        box = _square_box(info.width, info.height, fit) if Fix.SQUARE in fixes else None
        if box is not None:
            picture = _reframed(picture, box, _average_colour(picture))
        ext = "png" if Fix.PNG in fixes else info.ext
        limit = rules.max_input_bytes if rules is not None else MAX_RESULT_BYTES
        data, final = _encoded_under(picture, ext, limit, info.path.name)
        target = _fixed_name(folder, info.path, ext)
        target.write_bytes(data)
        paths.append(target)
        actions = []
        if box is not None:
            reframe = (
                QT_TRANSLATE_NOOP("ApiMessages", "padded to a {width}×{height} square")
                if fit == "pad"
                else QT_TRANSLATE_NOOP("ApiMessages", "cropped to a {width}×{height} square")
            )
            actions.append(Sentence.of(reframe, width=picture.width, height=picture.height))
        if final.size != picture.size:
            actions.append(
                Sentence.of(
                    QT_TRANSLATE_NOOP("ApiMessages", "scaled down to {width}×{height}"),
                    width=final.width,
                    height=final.height,
                )
            )
        if ext != info.ext:
            actions.append(Sentence(QT_TRANSLATE_NOOP("ApiMessages", "saved as PNG")))
        notes.append(_note(info.path.name, actions, len(data)))
        if index == 0:
            first_reshape = (box, final.size)
    mask_path = check.mask.path if check.mask is not None else None
    mask_fixed = any(problem.target == "mask" and problem.fixes for problem in check.problems)
    if check.mask is not None and (first_reshape is not None or mask_fixed):
        mask_path = _fixed_mask(check.mask, first_reshape, folder)
        template = (
            QT_TRANSLATE_NOOP("ApiMessages", "The mask {name} was reshaped like the image and saved as PNG ({size}).")
            if first_reshape is not None
            else QT_TRANSLATE_NOOP("ApiMessages", "The mask {name} was saved as PNG ({size}).")
        )
        size = _megabytes(mask_path.stat().st_size)
        notes.append(Sentence.of(template, name=check.mask.path.name, size=size))
    return FixedInputs(paths, mask_path, notes)


def _fixed_mask(
    mask: ImageInfo, reshape: tuple[tuple[int, int, int, int] | None, tuple[int, int]] | None, folder: Path
) -> Path:
    with Image.open(mask.path) as opened:
        picture = opened.convert("RGBA")
    if reshape is not None:
        box, size = reshape
        if box is not None:
            picture = _reframed(picture, box, (0, 0, 0, 255))  # added borders are kept, not edited
        if picture.size != size:
            picture = picture.resize(size, Image.Resampling.NEAREST)
    alpha_only = Image.new("LA", picture.size, 0)
    alpha_only.putalpha(picture.getchannel("A"))
    data = _encoded(alpha_only, "png")
    if len(data) >= MASK_MAX_BYTES:
        raise _refusal(
            QT_TRANSLATE_NOOP("ApiMessages", "The mask {name} cannot be stored in under {limit} MB."),
            name=mask.path.name,
            limit=MASK_MAX_BYTES // MB,
        )
    target = _fixed_name(folder, mask.path, "png")
    target.write_bytes(data)
    return target


def build_mask(painted: Image.Image | np.ndarray, size: tuple[int, int], target: Path) -> Path:
    """The mask PNG an edit wants, from a painted stroke layer (255 = painted, 0 = untouched).

    The PNG is exactly `size` (the image's), and its alpha is 255 minus the paint: fully painted pixels are
    fully transparent (the area to edit), untouched ones opaque, soft brush edges in between.
    """
    layer = painted if isinstance(painted, Image.Image) else Image.fromarray(np.asarray(painted))
    layer = layer.convert("L")
    if layer.size != tuple(size):
        layer = layer.resize(size, Image.Resampling.NEAREST)
    mask = Image.new("RGBA", size, (0, 0, 0, 255))
    mask.putalpha(ImageOps.invert(layer))
    target.parent.mkdir(parents=True, exist_ok=True)
    mask.save(target, format="PNG", optimize=True)
    return target


# --- requests and results -----------------------------------------------------------------------------


@dataclass
class ImageResults:
    result: ImagesResult
    assets: list[Asset]
    """One row per image of the reply, in order; a row whose `path` is None waits for `save_unsaved`."""
    errors: list[ApiError] = field(default_factory=list)
    """Why some images have no file yet (or none at all)."""

    @property
    def saved(self) -> list[Asset]:
        return [asset for asset in self.assets if asset.path is not None]

    @property
    def unsaved(self) -> list[Asset]:
        return [asset for asset in self.assets if asset.path is None]


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class _Record:
    """What every row of one reply shares."""

    operation: Operation
    request: ImageRequest
    title: str
    parent_id: int | None
    details: dict[str, Any]
    received: float = field(default_factory=time.time)
    """When the reply arrived, by this machine's clock: a link's 60 minutes count from here."""

    def fields(self, result: ImagesResult, image: GeneratedImage, index: int) -> dict[str, Any]:
        options = {name: value for name, value in self.request.options().items() if name != "prompt"}
        parameters: dict[str, Any] = {
            "operation": self.operation,
            "request": options,
            "index": index,
            "count": len(result.data),
            "created": result.created,
            "revised_prompt": image.revised_prompt,
            "usage": result.usage.model_dump(mode="json", exclude_none=True) if result.usage else None,
            **{name: getattr(result, name) for name in ("size", "quality", "output_format", "background")},
            **self.details,
        }
        if image.url and not image.b64_json:
            parameters["expires_at"] = self.received + URL_LIFETIME_SECONDS
        return {
            "kind": "image",
            "title": self.title,
            "prompt": self.request.prompt,
            "model": self.request.model,
            "family": FAMILY,
            "parameters": {name: value for name, value in parameters.items() if value is not None},
            "parent_id": self.parent_id,
            "text": image.revised_prompt or "",  # searchable with the prompt
        }


async def _fetch_into(api: UniApi, library: Library, row: Asset) -> Asset:
    stored = await library.download(api.client, row.source_url or "", expect="image")
    asset = library.attach(row.id, stored)
    await library.thumbnail(asset)
    return asset


async def _store(
    api: UniApi, library: Library, result: ImagesResult, record: _Record, on_saved: OnSaved | None
) -> ImageResults:
    """Every image of the reply into the library: bytes at once, links recorded first, then fetched together."""
    results = ImageResults(result, [])
    waiting: list[tuple[int, Asset]] = []
    for index, image in enumerate(result.data):
        fields = record.fields(result, image, index)
        try:
            if image.b64_json:
                asset = await library.add_bytes(image.image_bytes(), expect="image", **fields)
                results.assets.append(asset)
                if on_saved is not None:
                    on_saved(asset)
                continue
            problem = link_problem(image.url or "", api.client.config.base_url)
            if problem is not None:
                raise UnexpectedMediaError(
                    Sentence.of(
                        QT_TRANSLATE_NOOP(
                            "ApiMessages",
                            "The gateway sent image {number} with a link the studio will not open: {problem}.",
                        ),
                        number=index + 1,
                        problem=problem,
                    )
                )
        except ApiError as error:
            results.errors.append(error)
            continue
        row = library.add(None, source_url=image.url, **fields)
        results.assets.append(row)
        waiting.append((len(results.assets) - 1, row))

    async def fetch(position: int, row: Asset) -> None:
        try:
            asset = await _fetch_into(api, library, row)
        except ApiError as error:
            results.errors.append(error)
            library.set_parameters(row.id, {**row.parameters, "unsaved": error.user_message})
            results.assets[position] = library.get(row.id)
            return
        results.assets[position] = asset
        if on_saved is not None:
            on_saved(asset)

    await asyncio.gather(*(fetch(position, row) for position, row in waiting))
    return results


async def source_asset_id(library: Library, path: Path) -> int | None:
    """The library asset whose file has exactly these bytes (the source of an edit or variation), if any."""

    def digest() -> str:
        hasher = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(MB):
                hasher.update(chunk)
        return hasher.hexdigest()

    try:
        sha256 = await asyncio.to_thread(digest)
    except OSError:
        return None
    found = [asset for asset in library.find_by_sha256(sha256) if not asset.trashed]
    return found[0].id if found else None


def _refuse(request: ImageRequest, operation: Operation) -> None:
    problem = request.problem(operation)
    if problem is not None:
        raise ImageInputError(problem)


async def _checked(operation: Operation, request: ImageRequest, images: Sequence[Path], mask: Path | None) -> None:
    _refuse(request, operation)
    check = await asyncio.to_thread(check_inputs, operation, request.model, images, mask)
    if not check.ok:
        raise ImageInputError(check.message(), check)


async def generate_images(
    api: UniApi, library: Library, request: ImageRequest, *, on_saved: OnSaved | None = None
) -> ImageResults:
    """One paid generation; every image lands in the library (`on_saved` is called as each one does)."""
    _refuse(request, "generate")
    result = await api.images.generate(request)
    record = _Record("generate", request, _short(request.prompt), None, {})
    return await _store(api, library, result, record, on_saved)


async def edit_images(
    api: UniApi,
    library: Library,
    request: ImageRequest,
    images: Sequence[Path],
    *,
    mask: Path | None = None,
    parent_id: int | None = None,
    notes: Sequence[Sentence | str] = (),
    progress: ProgressCallback | None = None,
    on_saved: OnSaved | None = None,
) -> ImageResults:
    """One paid edit of checked inputs (ImageInputError before anything is sent if they would be refused).

    `parent_id` links the results to their source asset (lineage); `notes` record the fixes applied first.
    """
    await _checked("edit", request, images, mask)
    result = await api.images.edit(images, request, mask=mask, progress=progress)
    fixes = [str(note) for note in notes]
    details = {"inputs": [path.name for path in images], "mask": mask.name if mask else None, "fixes": fixes}
    record = _Record("edit", request, _short(request.prompt), parent_id, details)
    return await _store(api, library, result, record, on_saved)


async def vary_image(
    api: UniApi,
    library: Library,
    request: ImageRequest,
    image: Path,
    *,
    parent_id: int | None = None,
    notes: Sequence[Sentence | str] = (),
    progress: ProgressCallback | None = None,
    on_saved: OnSaved | None = None,
) -> ImageResults:
    """One paid variation request of a checked image, its results linked to `parent_id`."""
    await _checked("variation", request, [image], None)
    result = await api.images.vary(image, request, progress=progress)
    details = {"inputs": [image.name], "fixes": [str(note) for note in notes]}
    source = library.get(parent_id).title if parent_id is not None else ""
    record = _Record("variation", request, _short(f"Variation of {source or image.name}"), parent_id, details)
    return await _store(api, library, result, record, on_saved)


async def save_unsaved(api: UniApi, library: Library, *, now: float | None = None) -> tuple[list[Asset], list[Asset]]:
    """Fetch the files of image rows that hold only their link, while the link lives: (saved, still unsaved)."""
    moment = time.time() if now is None else now
    saved: list[Asset] = []
    left: list[Asset] = []
    for row in library.without_file(FAMILY):
        if float(row.parameters.get("expires_at") or 0) <= moment:
            left.append(row)
            continue
        try:
            saved.append(await _fetch_into(api, library, row))
        except ApiError as error:
            library.set_parameters(row.id, {**row.parameters, "unsaved": error.user_message})
            left.append(library.get(row.id))
    return saved, left
