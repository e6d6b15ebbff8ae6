"""The simulated OpenAI images family: every gateway rule refused with the gateway's error shape, the prompt
drawn into the picture, edits that change only the mask's transparent area, variations, expiring URLs,
faults, and the uploads kept for tests to inspect."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from typing import Any

import httpx
import numpy as np
import pytest
from conftest import DATA, TEST_KEY, journal, queue_fault
from PIL import Image
from sim_clock import manual_clock

from studio.simulator.artwork import draw_caption, painting
from studio.simulator.server import SimulatorServer

GENERATIONS = "/v1/images/generations"
EDITS = "/v1/images/edits"
VARIATIONS = "/v1/images/variations"
CAT = DATA / "chelsea.png"
ROCKET = DATA / "rocket.jpg"


@pytest.fixture
def http(sim: SimulatorServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sim.base_url, headers={"Authorization": f"Bearer {TEST_KEY}"}, timeout=30) as c:
        yield c


def encode(picture: Image.Image, fmt: str = "PNG", **options: Any) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def square_cat(side: int = 300) -> bytes:
    with Image.open(CAT) as cat:
        return encode(cat.crop((0, 0, side, side)))


def noise_png(side: int) -> bytes:
    """A PNG that does not compress: about 3 bytes per pixel."""
    pixels = np.random.default_rng(side).integers(0, 256, (side, side, 3), dtype=np.uint8)
    return encode(Image.fromarray(pixels, "RGB"), compress_level=0)


def mask_png(size: tuple[int, int], hole: tuple[int, int, int, int] | None) -> bytes:
    mask = Image.new("RGBA", size, (0, 0, 0, 255))
    if hole is not None:
        mask.paste((0, 0, 0, 0), hole)
    return encode(mask)


def picture_of(item: dict[str, Any]) -> Image.Image:
    data = base64.b64decode(item["b64_json"]) if "b64_json" in item else httpx.get(item["url"]).content
    picture = Image.open(io.BytesIO(data))
    picture.load()
    return picture


def post_form(
    http: httpx.Client, path: str, fields: dict[str, Any], files: list[tuple[str, tuple[str, bytes, str]]]
) -> httpx.Response:
    return http.post(path, data=fields, files=files)


def assert_refused(reply: httpx.Response, status: int, param: str | None, words: str) -> None:
    assert reply.status_code == status, reply.text[:500]
    error = reply.json()["error"]
    assert set(error) == {"message", "type", "param", "code"}
    assert error["param"] == param and words in error["message"], error


# --- generations ----------------------------------------------------------------------------------


def test_each_model_answers_in_its_own_way(http: httpx.Client) -> None:
    gpt = http.post(GENERATIONS, json={"model": "gpt-image-1", "prompt": "a paper boat", "n": 2, "size": "1536x1024"})
    body = gpt.json()
    assert gpt.status_code == 200 and len(body["data"]) == 2
    assert all(set(item) == {"b64_json"} for item in body["data"])
    assert picture_of(body["data"][0]).size == (1536, 1024)
    assert body["size"] == "1536x1024" and body["quality"] == "medium" and body["output_format"] == "png"
    usage = body["usage"]
    assert usage["output_tokens"] == 2 * 1584 and usage["input_tokens_details"]["image_tokens"] == 0
    assert usage["total_tokens"] == usage["input_tokens"] + usage["output_tokens"]

    dalle2 = http.post(GENERATIONS, json={"model": "dall-e-2", "prompt": "a paper boat", "size": "256x256"}).json()
    assert set(dalle2) == {"created", "data"} and set(dalle2["data"][0]) == {"url"}
    assert picture_of(dalle2["data"][0]).size == (256, 256)

    dalle3 = http.post(GENERATIONS, json={"model": "dall-e-3", "prompt": "a paper boat", "size": "1792x1024",
                                          "response_format": "b64_json", "style": "natural"}).json()
    [item] = dalle3["data"]
    assert item["revised_prompt"].startswith("a paper boat, natural and true to life")
    assert picture_of(item).size == (1792, 1024)


def test_the_prompt_is_drawn_into_the_picture(http: httpx.Client) -> None:
    prompt = "a lighthouse on a cliff at dusk"
    item = http.post(GENERATIONS, json={"model": "dall-e-2", "prompt": prompt, "size": "512x512",
                                        "response_format": "b64_json"}).json()["data"][0]
    served = np.asarray(picture_of(item).convert("RGB"), dtype=np.int16)

    def captioned(text: str) -> np.ndarray:
        bare = painting(prompt, 512, 512, variant="dall-e-2:0", caption=False).convert("RGBA")
        draw_caption(bare, text)
        return np.asarray(bare.convert("RGB"), dtype=np.int16)

    assert np.array_equal(served, captioned(prompt)), "the picture carries exactly the prompt's words"
    assert not np.array_equal(served, captioned("a lighthouse on a cliff at dawn"))


def test_a_dall_e_3_picture_shows_its_revised_prompt(http: httpx.Client) -> None:
    item = http.post(GENERATIONS, json={"model": "dall-e-3", "prompt": "an owl", "response_format": "b64_json"})
    item = item.json()["data"][0]
    bare = painting(item["revised_prompt"], 1024, 1024, variant="dall-e-3:0", caption=False).convert("RGBA")
    draw_caption(bare, item["revised_prompt"])
    assert np.array_equal(np.asarray(picture_of(item).convert("RGB")), np.asarray(bare.convert("RGB")))


def test_without_a_model_the_gateway_picks_by_the_parameters(http: httpx.Client, sim: SimulatorServer) -> None:
    plain = http.post(GENERATIONS, json={"prompt": "a kite", "size": "256x256"}).json()
    assert "url" in plain["data"][0] and "usage" not in plain
    gpt_only = http.post(GENERATIONS, json={"prompt": "a kite", "output_format": "webp", "output_compression": 40})
    body = gpt_only.json()
    assert "b64_json" in body["data"][0] and body["usage"]["output_tokens"] == 1056
    assert picture_of(body["data"][0]).format == "WEBP"


def test_output_formats_and_a_transparent_background(http: httpx.Client) -> None:
    body = {"model": "gpt-image-1", "prompt": "a sticker of a cat", "background": "transparent"}
    transparent = picture_of(http.post(GENERATIONS, json=body).json()["data"][0])
    assert transparent.mode == "RGBA" and transparent.getchannel("A").getextrema()[0] == 0
    jpeg = http.post(GENERATIONS, json={**body, "background": "opaque", "output_format": "jpeg",
                                        "output_compression": 30, "quality": "low", "size": "1024x1536"}).json()
    assert picture_of(jpeg["data"][0]).format == "JPEG" and jpeg["background"] == "opaque"
    assert jpeg["usage"]["output_tokens"] == 408 and jpeg["size"] == "1024x1536"


GENERATION_REFUSALS = [
    ({"model": "dall-e-2", "size": "1536x1024"}, "size", "supported values are: 256x256, 512x512, 1024x1024"),
    ({"model": "dall-e-3", "size": "512x512"}, "size", "1024x1024, 1792x1024, 1024x1792"),
    ({"model": "gpt-image-1", "size": "1792x1024"}, "size", "not supported by gpt-image-1"),
    ({"model": "dall-e-3", "n": 2}, "n", "n=1"),
    ({"model": "dall-e-2", "n": 11}, "n", "Expected a value <= 10"),
    ({"model": "gpt-image-1", "n": 0}, "n", "Expected a value >= 1"),
    ({"model": "dall-e-2", "prompt": "x" * 1001}, "prompt", "maximum length 1000"),
    ({"model": "dall-e-3", "prompt": "x" * 4001}, "prompt", "maximum length 4000"),
    ({"model": "gpt-image-1", "prompt": "x" * 32001}, "prompt", "maximum length 32000"),
    ({"model": "gpt-image-1", "quality": "hd"}, "quality", "low, medium, high, auto"),
    ({"model": "dall-e-2", "quality": "high"}, "quality", "standard, auto"),
    ({"model": "gpt-image-1", "style": "vivid"}, "style", "only supported by dall-e-3"),
    ({"model": "gpt-image-1", "response_format": "url"}, "response_format", "always returns b64_json"),
    ({"model": "dall-e-3", "background": "transparent"}, "background", "only supported by gpt-image-1"),
    ({"model": "dall-e-2", "output_format": "webp"}, "output_format", "only supported by gpt-image-1"),
    ({"model": "gpt-image-1", "background": "transparent", "output_format": "jpeg"}, "background", "png or webp"),
    ({"model": "gpt-image-1", "output_compression": 50}, "output_compression", "jpeg and webp"),
    ({"model": "gpt-image-1", "output_format": "jpeg", "output_compression": 101}, "output_compression", "<= 100"),
    ({"model": "gpt-image-1", "moderation": "strict"}, "moderation", "low, auto"),
    ({"model": "dall-e-2", "prompt": None}, "prompt", "Missing required parameter"),
    ({"model": "gpt-4o"}, "model", "does not support /v1/images/generations"),
]


@pytest.mark.parametrize(("change", "param", "words"), GENERATION_REFUSALS)
def test_generation_rules_are_refused_like_the_gateway(
    http: httpx.Client, change: dict[str, Any], param: str, words: str
) -> None:
    body = {"prompt": "a paper boat", **change}
    assert_refused(http.post(GENERATIONS, json={k: v for k, v in body.items() if v is not None}), 400, param, words)


def test_an_unknown_model_is_no_available_channel(http: httpx.Client) -> None:
    reply = http.post(GENERATIONS, json={"model": "dall-e-9", "prompt": "x"})
    assert reply.status_code == 503 and reply.json()["error"]["code"] == "model_not_found"


# --- edits ----------------------------------------------------------------------------------------


def box_area(side: int, box: tuple[int, int, int, int], margin: int) -> np.ndarray:
    """A side×side boolean array, True inside `box` grown by `margin` pixels (shrunk when negative)."""
    area = np.zeros((side, side), dtype=bool)
    left, top, right, bottom = box
    area[max(0, top - margin) : bottom + margin, max(0, left - margin) : right + margin] = True
    return area


def test_an_edit_changes_only_the_masks_transparent_area(http: httpx.Client) -> None:
    source = square_cat(300)
    hole = (60, 90, 180, 210)
    files = [("image", ("cat.png", source, "image/png")), ("mask", ("mask.png", mask_png((300, 300), hole), "image/png"))]
    fields = {"model": "dall-e-2", "prompt": "a red hat", "size": "512x512", "response_format": "b64_json"}
    reply = post_form(http, EDITS, fields, files)
    assert reply.status_code == 200, reply.text
    result = np.asarray(picture_of(reply.json()["data"][0]).convert("RGB"), dtype=np.int16)
    with Image.open(io.BytesIO(source)) as opened:
        expected = np.asarray(opened.convert("RGB").resize((512, 512), Image.Resampling.BILINEAR), dtype=np.int16)
    scaled = tuple(round(edge * 512 / 300) for edge in hole)
    difference = np.abs(result - expected).mean(axis=2)
    assert difference[~box_area(512, scaled, 3)].max() <= 2, "outside the mask the cat is untouched"
    assert difference[box_area(512, scaled, -3)].mean() > 30, "inside the mask the picture was repainted"


def test_without_a_mask_the_images_own_transparency_marks_the_edit(http: httpx.Client) -> None:
    with Image.open(CAT) as cat:
        holed = cat.crop((0, 0, 256, 256)).convert("RGBA")
    holed.paste((0, 0, 0, 0), (0, 0, 128, 256))
    reply = post_form(http, EDITS, {"model": "dall-e-2", "prompt": "a window", "size": "256x256",
                                    "response_format": "b64_json"}, [("image", ("cat.png", encode(holed), "image/png"))])
    result = np.asarray(picture_of(reply.json()["data"][0]).convert("RGB"), dtype=np.int16)
    untouched = np.asarray(holed.convert("RGB"), dtype=np.int16)
    assert np.abs(result[:, 140:] - untouched[:, 140:]).max() <= 2
    assert np.abs(result[:, :120] - untouched[:, :120]).mean() > 30


def test_gpt_image_1_takes_sixteen_images_as_image_brackets(http: httpx.Client, sim: SimulatorServer) -> None:
    photo = ROCKET.read_bytes()
    files = [("image[]", (f"p{i}.jpg", photo, "image/jpeg")) for i in range(16)]
    reply = post_form(http, EDITS, {"model": "gpt-image-1", "prompt": "a collage"}, files)
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert body["size"] == "1536x1024", "auto picks the standard size nearest the first picture's shape"
    assert body["usage"]["input_tokens_details"]["image_tokens"] == 16 * (65 + 129 * 2)
    assert len(journal(sim, EDITS)[-1]["files"]["image[]"]) == 16


def test_uploads_are_kept_for_tests_by_their_sha256(http: httpx.Client, sim: SimulatorServer) -> None:
    mask = mask_png((300, 300), (0, 0, 10, 10))
    post_form(http, EDITS, {"model": "dall-e-2", "prompt": "x"},
              [("image", ("a.png", square_cat(), "image/png")), ("mask", ("m.png", mask, "image/png"))])
    sha = journal(sim, EDITS)[-1]["files"]["mask"][0]["sha256"]
    assert http.get(f"/_sim/uploads/{sha}").content == mask
    assert http.get("/_sim/uploads/" + "0" * 64).status_code == 404


def _edit_refusal(http: httpx.Client, model: str, images: list[tuple[str, bytes, str]],
                  mask: tuple[str, bytes, str] | None = None, field: str = "image") -> httpx.Response:
    files = [(field, image) for image in images] + ([("mask", mask)] if mask else [])
    return post_form(http, EDITS, {"model": model, "prompt": "a hat"}, files)


def test_edit_rules_are_refused_like_the_gateway(http: httpx.Client) -> None:
    cat, rocket = CAT.read_bytes(), ROCKET.read_bytes()
    square = square_cat()
    gif = encode(Image.new("RGB", (64, 64)), "GIF")
    cases = [
        (_edit_refusal(http, "dall-e-2", [("cat.png", cat, "image/png")]), "image", "is a 451×300 PNG"),
        (_edit_refusal(http, "dall-e-2", [("r.jpg", encode(Image.open(ROCKET).crop((0, 0, 400, 400)), "JPEG"),
                                           "image/jpeg")]), "image", "square PNG under 4 MB; image 1 is a 400×400 JPEG"),
        (_edit_refusal(http, "dall-e-2", [("n.png", noise_png(1200), "image/png")]), "image", "of 4.1 MB"),
        (_edit_refusal(http, "dall-e-2", [("a.png", square, "image/png")] * 2, field="image[]"), "image",
         "exactly one image, not 2"),
        (_edit_refusal(http, "gpt-image-1", [("r.jpg", rocket, "image/jpeg")] * 17, field="image[]"), "image",
         "maximum length 16"),
        (_edit_refusal(http, "gpt-image-1", [("g.gif", gif, "image/gif")]), "image", "image 1 is a 64×64 GIF"),
        (_edit_refusal(http, "gpt-image-1", [("n.png", noise_png(3000), "image/png")]), "image", "under 25 MB"),
        (_edit_refusal(http, "gpt-image-1", [("t.txt", b"not a picture at all", "text/plain")]), "image",
         "Invalid image file or mode for image 1"),
        (_edit_refusal(http, "dall-e-2", [("a.png", square, "image/png")],
                       ("m.jpg", encode(Image.new("RGB", (300, 300)), "JPEG"), "image/jpeg")), "mask", "must be a PNG"),
        (_edit_refusal(http, "dall-e-2", [("a.png", square, "image/png")],
                       ("m.png", encode(Image.new("RGB", (300, 300))), "image/png")), "mask", "alpha channel"),
        (_edit_refusal(http, "gpt-image-1", [("r.jpg", rocket, "image/jpeg")],
                       ("m.png", mask_png((300, 300), (0, 0, 5, 5)), "image/png")), "mask",
         "the mask (300×300) must have the same dimensions as the image (640×427)"),
        (_edit_refusal(http, "dall-e-3", [("a.png", square, "image/png")]), "model", "does not support /v1/images/edits"),
        (post_form(http, EDITS, {"model": "gpt-image-1", "prompt": "a hat"}, []), "image", "Missing required parameter"),
        (post_form(http, EDITS, {"model": "dall-e-2", "prompt": "a hat", "size": "1024x1536"},
                   [("image", ("a.png", square, "image/png"))]), "size", "256x256, 512x512, 1024x1024"),
        (post_form(http, EDITS, {"model": "dall-e-2", "prompt": "a hat", "n": "two"},
                   [("image", ("a.png", square, "image/png"))]), "n", "expected an integer, but got string"),
    ]
    for reply, param, words in cases:
        assert_refused(reply, 400, param, words)


# --- variations -----------------------------------------------------------------------------------


def test_variations_stay_close_to_their_source_and_differ_from_each_other(http: httpx.Client) -> None:
    source = square_cat(300)
    reply = post_form(http, VARIATIONS, {"n": "2", "size": "256x256", "response_format": "b64_json"},
                      [("image", ("cat.png", source, "image/png"))])
    first, second = (np.asarray(picture_of(item).convert("RGB"), dtype=np.int16) for item in reply.json()["data"])
    resized = np.asarray(Image.open(io.BytesIO(source)).convert("RGB").resize((256, 256)), dtype=np.int16)
    unrelated = np.asarray(painting("something else", 256, 256, caption=False), dtype=np.int16)
    assert np.abs(first[:200] - resized[:200]).mean() < np.abs(first[:200] - unrelated[:200]).mean()
    assert np.abs(first - second).mean() > 5


def test_variation_rules_are_refused_like_the_gateway(http: httpx.Client) -> None:
    cases = [
        ({}, ("cat.png", CAT.read_bytes(), "image/png"), "image", "square PNG under 4 MB; image 1 is a 451×300 PNG"),
        ({}, ("r.jpg", ROCKET.read_bytes(), "image/jpeg"), "image", "640×427 JPEG"),
        ({"model": "gpt-image-1"}, ("a.png", square_cat(), "image/png"), "model", "does not support /v1/images/variations"),
        ({"size": "1024x1536"}, ("a.png", square_cat(), "image/png"), "size", "256x256, 512x512, 1024x1024"),
        ({"n": "11"}, ("a.png", square_cat(), "image/png"), "n", "<= 10"),
    ]
    for fields, image, param, words in cases:
        assert_refused(post_form(http, VARIATIONS, fields, [("image", image)]), 400, param, words)


# --- links, faults, billing -----------------------------------------------------------------------


def test_result_links_expire_after_sixty_minutes(http: httpx.Client, sim: SimulatorServer) -> None:
    with manual_clock(sim) as advance:
        url = http.post(GENERATIONS, json={"model": "dall-e-2", "prompt": "a kite", "size": "256x256"}).json()["data"][0]["url"]
        advance(59 * 60)
        assert httpx.get(url).status_code == 200
        advance(61)
        expired = httpx.get(url)
    assert expired.status_code == 403 and b"Request has expired" in expired.content


def test_faults_reach_the_image_routes(http: httpx.Client, sim: SimulatorServer) -> None:
    limited = http.post(GENERATIONS, json={"model": "dall-e-2", "prompt": "a kite [[fault:429]]"})
    assert limited.status_code == 429 and limited.headers["retry-after"]
    queue_fault(sim, EDITS, "500")
    broken = post_form(http, EDITS, {"model": "dall-e-2", "prompt": "x"}, [("image", ("a.png", square_cat(), "image/png"))])
    assert broken.status_code == 500 and broken.json()["error"]["type"] == "server_error"
    with pytest.raises(httpx.RemoteProtocolError):
        http.post(VARIATIONS, headers={"X-Sim-Fault": "cut"}, files=[("image", ("a.png", square_cat(), "image/png"))])


def test_paid_work_is_charged(http: httpx.Client, sim: SimulatorServer) -> None:
    before = sim.state.ledger.used_usd
    http.post(GENERATIONS, json={"model": "dall-e-3", "prompt": "a kite", "quality": "hd"})
    assert sim.state.ledger.used_usd - before == pytest.approx(0.08)
