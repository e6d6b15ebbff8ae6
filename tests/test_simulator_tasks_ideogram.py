"""Ideogram on the simulator: the Api-Key header, generate with every aspect ratio, remix, upscale and
describe an uploaded picture, and the `{"detail": ...}` errors."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from conftest import DATA, TEST_KEY, journal
from PIL import Image

from studio.simulator.config import SimulatorConfig
from studio.simulator.ideogram import NOMINAL_RESOLUTIONS
from studio.simulator.server import SimulatorServer


@pytest.fixture(scope="module")
def server() -> Iterator[SimulatorServer]:
    with SimulatorServer(SimulatorConfig(key=TEST_KEY, url_ttl_s=600)) as running:
        yield running


@pytest.fixture
def http(server: SimulatorServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url, headers={"Api-Key": TEST_KEY}, timeout=10) as client:
        yield client


def generate(http: httpx.Client, **image_request: Any) -> list[dict[str, Any]]:
    reply = http.post("/ideogram/generate", json={"image_request": image_request})
    assert reply.status_code == 200, reply.text
    assert isinstance(reply.json()["created"], str)
    data: list[dict[str, Any]] = reply.json()["data"]
    return data


def png_of(url: str) -> Image.Image:
    reply = httpx.get(url)
    assert reply.status_code == 200 and reply.headers["content-type"] == "image/png"
    image = Image.open(io.BytesIO(reply.content))
    image.load()
    return image


def test_the_api_key_header_is_the_key(server: SimulatorServer) -> None:
    body = {"image_request": {"prompt": "a teapot"}}
    assert httpx.post(server.base_url + "/ideogram/generate", json=body, headers={"Api-Key": TEST_KEY}).is_success
    refused = httpx.post(server.base_url + "/ideogram/generate", json=body, headers={"Api-Key": "wrong"})
    assert refused.status_code == 401 and refused.json() == {"detail": "Invalid API key (无效的令牌)"}
    assert journal(server, "/ideogram/generate")[-1]["headers"]["api-key"] == "***"


@pytest.mark.parametrize("aspect_ratio", list(NOMINAL_RESOLUTIONS))
def test_every_aspect_ratio_gives_a_picture_of_that_shape(http: httpx.Client, aspect_ratio: str) -> None:
    [item] = generate(http, prompt="a mountain lake", aspect_ratio=aspect_ratio, model="V_2_TURBO")
    image = png_of(item["url"])
    nominal_width, nominal_height = NOMINAL_RESOLUTIONS[aspect_ratio]
    assert abs(image.width / image.height - nominal_width / nominal_height) < 0.02
    assert item["resolution"] == f"{image.width}x{image.height}"


def test_generate_reply_fields_seeds_and_magic_prompt(http: httpx.Client) -> None:
    items = generate(
        http, prompt="a red bicycle", seed=42, num_images=3, magic_prompt_option="ON", style_type="DESIGN", model="V_2"
    )
    assert [item["seed"] for item in items] == [42, 43, 44]
    assert all(set(item) == {"prompt", "resolution", "is_image_safe", "seed", "url", "style_type"} for item in items)
    assert all(item["style_type"] == "DESIGN" and item["is_image_safe"] for item in items)
    assert items[0]["prompt"].startswith("a red bicycle, ") and len(items[0]["prompt"]) > len("a red bicycle")
    assert generate(http, prompt="a red bicycle", magic_prompt_option="OFF")[0]["prompt"] == "a red bicycle"
    again = generate(http, prompt="a red bicycle", seed=42, num_images=1, magic_prompt_option="ON", style_type="DESIGN")
    assert httpx.get(again[0]["url"]).content == httpx.get(items[0]["url"]).content
    different = generate(http, prompt="a blue whale", seed=42, magic_prompt_option="ON", style_type="DESIGN")
    assert httpx.get(different[0]["url"]).content != httpx.get(items[0]["url"]).content


def test_unsafe_images_have_no_url_and_banned_prompts_fail_the_safety_check(http: httpx.Client) -> None:
    first, second = generate(http, prompt="a statue [[unsafe]]", num_images=2)
    assert first["is_image_safe"] is False and first["url"] is None
    assert second["is_image_safe"] is True and second["url"]
    banned = http.post("/ideogram/generate", json={"image_request": {"prompt": "gore"}})
    assert banned.status_code == 422 and banned.json() == {"detail": "Prompt failed the safety check."}


@pytest.mark.parametrize(
    ("image_request", "fragment"),
    [
        (None, "image_request is required"),
        ({}, "prompt is required"),
        ({"prompt": "x", "aspect_ratio": "ASPECT_5_4"}, "aspect_ratio must be one of"),
        ({"prompt": "x", "model": "V_3"}, "model must be one of"),
        ({"prompt": "x", "model": "V_1", "style_type": "ANIME"}, "style_type is only supported"),
        ({"prompt": "x", "magic_prompt_option": "MAYBE"}, "magic_prompt_option"),
        ({"prompt": "x", "num_images": 9}, "num_images"),
        ({"prompt": "x", "aspect_ratio": "ASPECT_1_1", "resolution": "RESOLUTION_1024_1024"}, "together"),
    ],
)
def test_bad_requests_get_a_detail(http: httpx.Client, image_request: dict[str, Any] | None, fragment: str) -> None:
    reply = http.post("/ideogram/generate", json={"image_request": image_request})
    assert reply.status_code == 400 and set(reply.json()) == {"detail"}
    assert fragment in reply.json()["detail"]


def test_remix_parses_the_multipart_upload_and_request(http: httpx.Client, server: SimulatorServer) -> None:
    photo = (DATA / "chelsea.png").read_bytes()
    request = {"prompt": "the cat as a watercolor", "image_weight": 80, "aspect_ratio": "ASPECT_10_16"}
    reply = http.post(
        "/ideogram/remix",
        files={"image_file": ("chelsea.png", photo, "image/png")},
        data={"image_request": json.dumps(request)},
    )
    assert reply.status_code == 200, reply.text
    [item] = reply.json()["data"]
    assert png_of(item["url"]).size == (400, 640)
    entry = journal(server, "/ideogram/remix")[-1]
    assert json.loads(entry["form"]["image_request"]) == request
    assert entry["files"]["image_file"][0]["size"] == len(photo)

    without_request = http.post("/ideogram/remix", files={"image_file": ("c.png", photo, "image/png")})
    assert without_request.status_code == 400 and "image_request" in without_request.json()["detail"]
    broken_json = http.post(
        "/ideogram/remix", files={"image_file": ("c.png", photo, "image/png")}, data={"image_request": "{oops"}
    )
    assert broken_json.status_code == 400 and "not valid JSON" in broken_json.json()["detail"]
    as_json = http.post("/ideogram/remix", json={"image_request": request})
    assert as_json.status_code == 400 and "multipart" in as_json.json()["detail"]


def test_upscale_doubles_and_describe_describes(http: httpx.Client) -> None:
    source = Image.new("RGB", (300, 200), (30, 60, 200))
    buffer = io.BytesIO()
    source.save(buffer, format="JPEG")
    upload = {"image_file": ("blue.jpg", buffer.getvalue(), "image/jpeg")}

    upscale = http.post("/ideogram/upscale", files=upload, data={"image_request": json.dumps({"resemblance": 60})})
    assert upscale.status_code == 200, upscale.text
    [item] = upscale.json()["data"]
    assert png_of(item["url"]).size == (600, 400) and item["resolution"] == "600x400"
    assert http.post("/ideogram/upscale", files=upload).status_code == 200  # image_request is optional

    described = http.post("/ideogram/describe", files=upload)
    assert described.status_code == 200
    [description] = described.json()["descriptions"]
    assert "blue" in description["text"]
    not_a_picture = http.post("/ideogram/describe", files={"image_file": ("a.png", b"text", "image/png")})
    assert not_a_picture.status_code == 400 and "not an image" in not_a_picture.json()["detail"]


def test_urls_expire_and_faults_keep_the_detail_shape(http: httpx.Client, server: SimulatorServer) -> None:
    [item] = generate(http, prompt="ephemeral")
    server.state.clock_offset_s += server.config.url_ttl_s + 1
    assert httpx.get(item["url"]).status_code == 403
    faulted = http.post("/ideogram/generate", json={"image_request": {"prompt": "x [[fault:429]]"}})
    assert faulted.status_code == 429 and set(faulted.json()) == {"detail"}
