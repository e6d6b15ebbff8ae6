"""OpenAI images over loopback: the API client (url and b64_json results, streamed uploads with progress,
`image[]` for gpt-image-1, paid requests never repeated), the core checks and one-click fixes, the mask
builder, and every result recorded in the library with its lineage, resumable when a download fails."""

from __future__ import annotations

import hashlib
import io
import itertools
import struct
import time
import zlib
from pathlib import Path

import numpy as np
import pytest
from conftest import DATA, TEST_KEY, journal, queue_fault
from PIL import Image

from studio.api.client import ClientConfig
from studio.api.download import DownloadLimits, link_problem
from studio.api.errors import MediaExpiredError, ServerError, StreamCutError, UnexpectedMediaError
from studio.api.gateway import UniApi
from studio.api.images import ImageRequest, image_field
from studio.api.retry import RetryPolicy
from studio.core.database import open_database
from studio.core.images import (
    FAMILY,
    Fix,
    ImageInputError,
    build_mask,
    check_inputs,
    edit_images,
    fix_inputs,
    generate_images,
    inspect_image,
    save_unsaved,
    vary_image,
)
from studio.core.library import Library

CAT = DATA / "chelsea.png"
ROCKET = DATA / "rocket.jpg"
GENERATIONS = "/v1/images/generations"
EDITS = "/v1/images/edits"
VARIATIONS = "/v1/images/variations"
FAST_RETRY = RetryPolicy(base_delay=0.01, max_delay=0.05)


@pytest.fixture
async def api(sim):
    gateway = UniApi(ClientConfig(base_url=sim.base_url, api_key=TEST_KEY, retry=FAST_RETRY))
    yield gateway
    await gateway.aclose()


@pytest.fixture
def library(tmp_path: Path):
    db = open_database(tmp_path / "studio.db")
    yield Library(db, tmp_path / "library", tmp_path / "thumbnails")
    db.close()


def save(picture: Image.Image, path: Path, fmt: str = "PNG", **options) -> Path:
    picture.save(path, format=fmt, **options)
    return path


def square_cat(path: Path, side: int = 300) -> Path:
    with Image.open(CAT) as cat:
        return save(cat.crop((0, 0, side, side)), path)


def noise(side: int, mode: str = "RGB") -> Image.Image:
    bands = len(mode)
    pixels = np.random.default_rng(side).integers(0, 256, (side, side, bands), dtype=np.uint8)
    return Image.fromarray(pixels, mode)


def header_only_png(path: Path, width: int, height: int) -> Path:
    """A few hundred bytes of valid PNG that claims `width`×`height` pixels (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = zlib.compress(b"\0" * 64)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b""))
    return path


def uploaded(sim, sha256: str) -> Image.Image:
    import httpx

    picture = Image.open(io.BytesIO(httpx.get(f"{sim.base_url}/_sim/uploads/{sha256}").content))
    picture.load()
    return picture


# --- the API client -------------------------------------------------------------------------------


async def test_url_and_b64_json_results(api, sim) -> None:
    linked = await api.images.generate(ImageRequest("a kite", model="dall-e-2", size="256x256", n=2))
    assert [bool(image.url) for image in linked.data] == [True, True] and linked.data[0].b64_json is None
    assert linked.usage is None
    inline = await api.images.generate(ImageRequest("a kite", model="dall-e-3", response_format="b64_json"))
    assert inline.data[0].image_bytes().startswith(b"\x89PNG") and inline.data[0].url is None
    assert inline.revised_prompts[0].startswith("a kite, hyper-real")
    gpt = await api.images.generate(ImageRequest("a kite", quality="low", output_format="webp", output_compression=50))
    assert gpt.data[0].image_bytes()[8:12] == b"WEBP" and gpt.usage is not None and gpt.usage.output_tokens == 272
    assert journal(sim, GENERATIONS)[-1]["body"] == {
        "prompt": "a kite", "model": "gpt-image-1", "quality": "low", "output_format": "webp", "output_compression": 50,
    }


async def test_an_edit_streams_image_brackets_with_progress_up_to_the_total(api, sim, tmp_path) -> None:
    pictures = [save(noise(400 + 10 * index), tmp_path / f"p{index}.png") for index in range(3)]
    mask = build_mask(np.zeros((400, 400), np.uint8) + 255, (400, 400), tmp_path / "mask.png")
    progress: list[tuple[int, int]] = []
    result = await api.images.edit(
        pictures, ImageRequest("a frame", n=2), mask=mask, progress=lambda sent, total: progress.append((sent, total))
    )
    assert len(result.data) == 2 and result.usage is not None
    entry = journal(sim, EDITS)[-1]
    assert [file["sha256"] for file in entry["files"]["image[]"]] == [
        hashlib.sha256(path.read_bytes()).hexdigest() for path in pictures
    ]
    assert entry["files"]["mask"][0]["content_type"] == "image/png" and "image" not in entry["files"]
    total = progress[-1][1]
    assert progress[-1][0] == total == entry["body_size"]
    assert len(progress) > 6 and all(a <= b for (a, _), (b, _) in itertools.pairwise(progress))
    assert {seen_total for _, seen_total in progress} == {total}


async def test_dall_e_2_gets_one_image_field_typed_by_its_bytes(api, sim, tmp_path) -> None:
    misnamed = square_cat(tmp_path / "cat.bin")
    await api.images.edit([misnamed], ImageRequest("a hat", model="dall-e-2", size="256x256"))
    [sent] = journal(sim, EDITS)[-1]["files"]["image"]
    assert sent["filename"] == "cat.png" and sent["content_type"] == "image/png"
    assert image_field("dall-e-2", 1) == "image" and image_field("gpt-image-1", 1) == "image[]"
    await api.images.vary(misnamed, ImageRequest(model="dall-e-2", n=3, size="256x256"))
    assert journal(sim, VARIATIONS)[-1]["form"] == {"model": "dall-e-2", "n": "3", "size": "256x256"}


async def test_a_paid_request_is_repeated_only_when_the_gateway_did_no_work(api, sim) -> None:
    queue_fault(sim, GENERATIONS, "503", count=1)
    await api.images.generate(ImageRequest("retried", model="dall-e-2", size="256x256"))
    assert len(journal(sim, GENERATIONS)) == 2, "a 503 did no work: sent again"
    for kind, error in (("500", ServerError), ("cut", StreamCutError)):
        before = len(journal(sim, GENERATIONS))
        queue_fault(sim, GENERATIONS, kind, count=1)
        with pytest.raises(error):
            await api.images.generate(ImageRequest("charged once", model="dall-e-2", size="256x256"))
        assert len(journal(sim, GENERATIONS)) == before + 1, f"after a {kind} the request may have been charged"


@pytest.mark.parametrize(
    ("request_", "operation", "words"),
    [
        (ImageRequest(""), "generate", "The prompt is empty."),
        (ImageRequest("x", model="dall-e-3", n=2), "generate", "dall-e-3 makes one image per request."),
        (ImageRequest("x", n=11), "generate", "from 1 to 10"),
        (ImageRequest("x" * 1001, model="dall-e-2"), "edit", "at most 1,000 characters; this one has 1,001"),
        (ImageRequest("x", model="dall-e-2", size="1536x1024"), "generate", "choose 256x256, 512x512 or 1024x1024"),
        (ImageRequest("x", size="1792x1024"), "generate", "gpt-image-1 has no size '1792x1024'"),
        (ImageRequest("x", response_format="url"), "generate", "gpt-image-1 takes no response format option"),
        (ImageRequest("x", model="dall-e-2", background="transparent"), "generate", "takes no background option"),
        (ImageRequest("x", style="vivid"), "generate", "takes no style option"),
        (ImageRequest("x", output_format="png", output_compression=80), "generate", "JPEG and WebP output only"),
        (ImageRequest("x", background="transparent", output_format="jpeg"), "generate", "JPEG has no transparency"),
        (ImageRequest("x", model="dall-e-3"), "edit", "dall-e-3 cannot edit images; use dall-e-2 or gpt-image-1."),
        (ImageRequest(model="gpt-image-1"), "variation", "gpt-image-1 cannot make variations; use dall-e-2."),
        (ImageRequest("x", model="dall-e-2", quality="high"), "edit", "choose standard or auto"),
    ],
)
def test_requests_the_gateway_would_refuse_say_why(request_: ImageRequest, operation, words: str) -> None:
    problem = request_.problem(operation)
    assert problem is not None and words in str(problem)


def test_requests_the_gateway_accepts_pass() -> None:
    assert ImageRequest("x", model="dall-e-3", size="1792x1024", quality="hd", style="natural").problem("generate") is None
    assert ImageRequest("x", background="transparent", output_format="webp", output_compression=0).problem("edit") is None
    assert ImageRequest(model="dall-e-2", n=10, size="512x512").problem("variation") is None
    assert ImageRequest("x", model="flux-pro", size="800x600").problem("generate") is None, "unknown: the gateway decides"


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://cdn.example.com/a.png?sig=1", None),
        ("/files/abc/a.png", None),
        ("file:///etc/passwd", "a file: link"),
        ("javascript:alert(1)", "not http or https"),
        ("https://user:pw@example.com/a.png", "user name or password"),
        ("https://example.com/a b.png", "spaces or control characters"),
        ("https://example.com/\x1b[31m", "spaces or control characters"),
        ("", "empty"),
        ("a.png", "not an absolute address"),
    ],
)
def test_links_from_the_server_are_checked_before_they_are_fetched(url: str, problem: str | None) -> None:
    found = link_problem(url, "https://api.uniapi.io")
    assert (found is None) if problem is None else (found is not None and problem in str(found))


# --- checks and fixes -----------------------------------------------------------------------------


def test_a_non_square_jpeg_for_a_variation_is_padded_or_cropped_to_a_square_png(tmp_path) -> None:
    original = ROCKET.read_bytes()
    check = check_inputs("variation", "dall-e-2", [ROCKET])
    assert [(str(problem.sentence), problem.fixes) for problem in check.problems] == [
        ("rocket.jpg is a JPEG; dall-e-2 takes PNG images only.", (Fix.PNG,)),
        ("rocket.jpg is 640×427; dall-e-2 needs a square image.", (Fix.SQUARE,)),
    ]
    assert check.fixable and not check.refusals
    padded = fix_inputs(check, tmp_path / "pad")
    with Image.open(padded.images[0]) as picture:
        assert (picture.format, picture.size) == ("PNG", (640, 640))
        assert picture.getpixel((320, 5)) == picture.getpixel((320, 60)), "the added band is one flat colour"
    assert str(padded.notes[0]).startswith("rocket.jpg was padded to a 640×640 square and saved as PNG (")
    cropped = fix_inputs(check, tmp_path / "crop", fit="crop")
    assert Image.open(cropped.images[0]).size == (427, 427)
    assert ROCKET.read_bytes() == original, "the user's file is never changed"
    assert check_inputs("variation", "dall-e-2", cropped.images).ok


def test_an_oversized_png_is_scaled_down_with_its_mask_kept_aligned(tmp_path) -> None:
    big = save(noise(1300), tmp_path / "big.png", compress_level=1)
    painted = np.zeros((1300, 1300), np.uint8)
    painted[100:400, 200:700] = 255
    mask = build_mask(painted, (1300, 1300), tmp_path / "mask.png")
    check = check_inputs("edit", "dall-e-2", [big], mask)
    assert [problem.fixes for problem in check.problems] == [(Fix.DOWNSCALE,)]
    assert str(check.problems[0].sentence) == "big.png is 4.8 MB; dall-e-2 takes images under 4 MB."
    fixed = fix_inputs(check, tmp_path / "fixed")
    assert fixed.images[0].stat().st_size < 4 * 1024 * 1024
    with Image.open(fixed.images[0]) as image, Image.open(fixed.mask) as fixed_mask:
        assert image.size == fixed_mask.size and image.width == image.height < 1300
        alpha = np.asarray(fixed_mask.getchannel("A"))
    scale = alpha.shape[0] / 1300
    assert alpha[int(250 * scale), int(450 * scale)] == 0 and alpha[int(800 * scale), int(800 * scale)] == 255
    assert check_inputs("edit", "dall-e-2", fixed.images, fixed.mask).ok


def test_refusals_have_no_fix(tmp_path) -> None:
    wrong_size = build_mask(np.full((200, 200), 255, np.uint8), (200, 200), tmp_path / "small-mask.png")
    check = check_inputs("edit", "gpt-image-1", [ROCKET], wrong_size)
    assert str(check.refusals[0].sentence) == (
        "The mask is 200×200 but rocket.jpg is 640×427; a mask must be exactly the size of the first image."
    )
    with pytest.raises(ImageInputError, match=r"200×200 but rocket\.jpg is 640×427"):
        fix_inputs(check, tmp_path / "never")
    assert not (tmp_path / "never").exists()

    opaque = save(Image.new("RGB", (640, 427)), tmp_path / "opaque.png")
    assert "has no transparency" in check_inputs("edit", "gpt-image-1", [ROCKET], opaque).message()
    untouched = build_mask(np.zeros((427, 640), np.uint8), (640, 427), tmp_path / "untouched.png")
    assert "no fully transparent pixel" in check_inputs("edit", "gpt-image-1", [ROCKET], untouched).message()
    assert "takes one image; 2 were chosen" in check_inputs("edit", "dall-e-2", [CAT, CAT]).message()
    assert "at most 16 images; 17 were chosen" in check_inputs("edit", "gpt-image-1", [ROCKET] * 17).message()
    text = tmp_path / "notes.png"
    text.write_text("not a picture")
    assert check_inputs("edit", "gpt-image-1", [text]).message() == "The image notes.png is not a picture (PNG, JPEG, WebP or GIF)."
    truncated = tmp_path / "cut.png"
    truncated.write_bytes(CAT.read_bytes()[:5000])
    assert check_inputs("edit", "gpt-image-1", [truncated]).message() == "The image cut.png is damaged or truncated."


def test_a_gif_for_gpt_image_1_becomes_a_png(tmp_path) -> None:
    gif = save(Image.open(CAT).convert("P"), tmp_path / "cat.gif", "GIF")
    check = check_inputs("edit", "gpt-image-1", [gif, ROCKET])
    assert [(problem.index, problem.fixes) for problem in check.problems] == [(0, (Fix.PNG,))]
    fixed = fix_inputs(check, tmp_path / "fixed")
    assert fixed.images[1] == ROCKET and Image.open(fixed.images[0]).format == "PNG"


def test_a_webp_mask_becomes_a_png_with_the_same_transparency(tmp_path) -> None:
    painted = np.zeros((427, 640), np.uint8)
    painted[50:150, 300:500] = 255
    png_mask = build_mask(painted, (640, 427), tmp_path / "mask.png")
    webp_mask = save(Image.open(png_mask), tmp_path / "mask.webp", "WEBP", lossless=True)
    check = check_inputs("edit", "gpt-image-1", [ROCKET], webp_mask)
    assert [(problem.target, problem.fixes) for problem in check.problems] == [("mask", (Fix.PNG,))]
    fixed = fix_inputs(check, tmp_path / "fixed")
    assert fixed.images == [ROCKET] and str(fixed.notes[0]).startswith("The mask mask.webp was saved as PNG (")
    with Image.open(fixed.mask) as converted:
        assert converted.format == "PNG" and np.array_equal(np.asarray(converted.getchannel("A")) == 0, painted == 255)


def test_decompression_bombs_are_refused_unopened(tmp_path) -> None:
    bomb = header_only_png(tmp_path / "bomb.png", 10_000, 8_000)
    with pytest.raises(ImageInputError, match=r"10000×8000 pixels; the studio opens pictures of up to 64 megapixels"):
        inspect_image(bomb)
    huge = header_only_png(tmp_path / "huge.png", 100_000, 100_000)
    assert "claims far too many pixels" in check_inputs("variation", "dall-e-2", [huge]).message()


def test_the_mask_is_the_images_size_with_alpha_zero_exactly_where_painted(tmp_path) -> None:
    rng = np.random.default_rng(7)
    painted = np.zeros((2048, 2048), np.uint8)
    for _ in range(40):
        x, y = rng.integers(0, 2000, 2)
        painted[y : y + 48, x : x + 300] = 255
    painted[10:20, 10:20] = 128  # a soft brush edge
    mask = build_mask(painted, (2048, 2048), tmp_path / "mask.png")
    with Image.open(mask) as opened:
        assert (opened.format, opened.mode, opened.size) == ("PNG", "RGBA", (2048, 2048))
        alpha = np.asarray(opened.getchannel("A"))
    assert np.array_equal(alpha == 0, painted == 255)
    assert np.array_equal(alpha == 255, painted == 0)
    assert alpha[15, 15] == 127
    from_bools = build_mask(painted == 255, (1024, 1024), tmp_path / "half.png")
    assert np.array_equal(np.asarray(Image.open(from_bools).getchannel("A")) == 0, painted[1::2, 1::2] == 255)


# --- results in the library -----------------------------------------------------------------------


async def test_every_generated_image_is_in_the_library_with_its_prompt_and_settings(api, library) -> None:
    seen = []
    results = await generate_images(
        api, library, ImageRequest("a red fox in the snow", model="dall-e-3", size="1792x1024"), on_saved=seen.append
    )
    [asset] = results.assets
    assert seen == [asset] and not results.errors
    assert (asset.kind, asset.family, asset.model, asset.prompt) == ("image", FAMILY, "dall-e-3", "a red fox in the snow")
    assert (asset.width, asset.height, asset.ext) == (1792, 1024, "png") and asset.path.is_file()
    assert asset.parameters["request"] == {"model": "dall-e-3", "size": "1792x1024"}
    assert asset.parameters["revised_prompt"].startswith("a red fox in the snow, hyper-real")
    assert asset.source_url and 3590 < asset.parameters["expires_at"] - time.time() <= 3600
    assert library.search("hyper-real")[0].id == asset.id, "the revised prompt is searchable"
    assert await library.thumbnail(asset) is not None

    gpt = await generate_images(api, library, ImageRequest("a sticker", n=3, background="transparent"))
    assert [asset.parameters["index"] for asset in gpt.assets] == [0, 1, 2]
    assert all(asset.source_url is None and asset.parameters["usage"]["output_tokens"] for asset in gpt.assets)
    assert gpt.assets[0].parameters["background"] == "transparent"


async def test_edits_and_variations_are_linked_to_their_source(api, library, tmp_path, sim) -> None:
    [source] = (await generate_images(api, library, ImageRequest("a cottage", model="dall-e-2", size="512x512"))).assets
    painted = np.zeros((512, 512), np.uint8)
    painted[:200, :200] = 255
    mask = build_mask(painted, (512, 512), tmp_path / "mask.png")
    edited = await edit_images(
        api, library, ImageRequest("add a chimney", model="dall-e-2", size="256x256"), [source.path], mask=mask,
        parent_id=source.id, notes=["nothing needed fixing"],
    )
    [child] = edited.assets
    assert [asset.id for asset in library.lineage(child.id)] == [source.id, child.id]
    assert child.parameters["operation"] == "edit" and child.parameters["mask"] == "mask.png"
    assert child.parameters["fixes"] == ["nothing needed fixing"]
    sent = uploaded(sim, journal(sim, EDITS)[-1]["files"]["mask"][0]["sha256"])
    assert np.array_equal(np.asarray(sent.getchannel("A")) == 0, painted == 255)

    varied = await vary_image(api, library, ImageRequest(model="dall-e-2", n=2, size="256x256"), child.path, parent_id=child.id)
    assert [asset.parent_id for asset in varied.assets] == [child.id, child.id]
    assert varied.assets[0].title == "Variation of add a chimney"


async def test_inputs_the_gateway_would_refuse_are_never_sent(api, library, sim, tmp_path) -> None:
    mask = build_mask(np.full((100, 100), 255, np.uint8), (100, 100), tmp_path / "mask.png")
    with pytest.raises(ImageInputError) as refused:
        await edit_images(api, library, ImageRequest("x", model="dall-e-2"), [ROCKET], mask=mask)
    assert refused.value.check is not None and len(refused.value.check.problems) == 3
    with pytest.raises(ImageInputError, match="makes one image per request"):
        await generate_images(api, library, ImageRequest("x", model="dall-e-3", n=4))
    assert journal(sim, EDITS) == [] and journal(sim, GENERATIONS) == [] and library.count() == 0


async def test_a_failed_download_leaves_a_row_to_resume_while_the_link_lives(api, library, sim) -> None:
    queue_fault(sim, "/files/*", "404", count=1)
    results = await generate_images(api, library, ImageRequest("a harbour", model="dall-e-2", n=2, size="256x256"))
    assert len(results.saved) == 1 and len(results.unsaved) == 1
    assert isinstance(results.errors[0], MediaExpiredError)
    [waiting] = library.without_file(FAMILY)
    assert waiting.path is None and waiting.source_url and waiting.parameters["unsaved"]
    assert len(journal(sim, GENERATIONS)) == 1, "nothing paid was sent twice"

    expired = waiting.parameters["expires_at"] + 1
    assert await save_unsaved(api, library, now=expired) == ([], [waiting])
    saved, left = await save_unsaved(api, library)
    assert left == [] and saved[0].id == waiting.id and saved[0].path.is_file() and saved[0].width == 256
    assert library.without_file(FAMILY) == []


async def test_results_larger_than_any_image_are_not_stored(api, library, sim) -> None:
    results = await generate_images(api, library, ImageRequest("a harbour", model="dall-e-2", size="256x256"))
    with pytest.raises(UnexpectedMediaError, match="larger than"):
        library.limits = DownloadLimits(image=1000)
        await library.download(api.client, results.assets[0].source_url, expect="image")
    assert not list(library.incoming.glob("*.part"))
