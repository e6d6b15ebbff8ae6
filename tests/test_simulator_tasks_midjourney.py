"""Midjourney on the simulator: imagine a grid, press U2, zoom through a modal, and meet every refusal code
the proxy answers with (21 exists, 22 queued, 23 queue full, 24 banned, 3 not found, 4 invalid)."""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Iterator
from typing import Any

import httpx
import numpy as np
import pytest
from conftest import TEST_KEY, journal
from PIL import Image
from sim_clock import manual_clock

from studio.simulator.config import SimulatorConfig
from studio.simulator.server import SimulatorServer

TASK_SECONDS = 0.6
MJ_ORDER = ["NOT_START", "SUBMITTED", "IN_PROGRESS", "SUCCESS"]
TASK_FIELDS = {
    "id", "action", "status", "progress", "prompt", "promptEn", "description", "imageUrl", "failReason",
    "submitTime", "startTime", "finishTime", "buttons", "properties",
}  # fmt: skip


@pytest.fixture(scope="module")
def server() -> Iterator[SimulatorServer]:
    config = SimulatorConfig(key=TEST_KEY, task_seconds=TASK_SECONDS, url_ttl_s=600, mj_concurrency=100)
    with SimulatorServer(config) as running:
        yield running


@pytest.fixture
def http(server: SimulatorServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url, headers={"mj-api-secret": TEST_KEY}, timeout=10) as client:
        yield client


def skip_ahead(server: SimulatorServer, seconds: float = 2 * TASK_SECONDS) -> None:
    server.state.clock_offset_s += seconds


def submit(http: httpx.Client, path: str, body: dict[str, Any], code: int = 1) -> dict[str, Any]:
    reply = http.post(path, json=body)
    assert reply.status_code == 200, reply.text
    payload: dict[str, Any] = reply.json()
    assert set(payload) == {"code", "description", "result", "properties"}
    assert payload["code"] == code, payload
    return payload


def fetch(http: httpx.Client, task_id: str, prefix: str = "") -> dict[str, Any]:
    reply = http.get(f"{prefix}/mj/task/{task_id}/fetch")
    assert reply.status_code == 200, reply.text
    task: dict[str, Any] = reply.json()
    return task


def finished(http: httpx.Client, server: SimulatorServer, task_id: str) -> dict[str, Any]:
    skip_ahead(server)
    task = fetch(http, task_id)
    assert task["status"] == "SUCCESS", task
    return task


def imagine(http: httpx.Client, server: SimulatorServer, prompt: str, **extra: Any) -> dict[str, Any]:
    return finished(http, server, submit(http, "/mj/submit/imagine", {"prompt": prompt, **extra})["result"])


def press(http: httpx.Client, task: dict[str, Any], label: str, code: int = 1) -> dict[str, Any]:
    [button] = [button for button in task["buttons"] if button["label"] == label or button["emoji"] == label]
    return submit(http, "/mj/submit/action", {"taskId": task["id"], "customId": button["customId"]}, code)


def picture(url: str) -> Image.Image:
    reply = httpx.get(url)
    assert reply.status_code == 200
    image = Image.open(io.BytesIO(reply.content))
    image.load()
    return image


def data_uri(image: Image.Image, image_format: str = "PNG") -> str:
    buffer = io.BytesIO()
    image.save(buffer, format=image_format)
    mime = "image/png" if image_format == "PNG" else "image/jpeg"
    return f"data:{mime};base64," + base64.b64encode(buffer.getvalue()).decode()


def deduplicated(values: list[str]) -> list[str]:
    return [value for index, value in enumerate(values) if index == 0 or values[index - 1] != value]


SMALL_PNG = data_uri(Image.new("RGB", (64, 48), (200, 40, 40)))


# The imagine → upscale → zoom story


def test_imagine_progresses_to_a_grid_with_buttons(http: httpx.Client, server: SimulatorServer) -> None:
    with manual_clock(server) as advance:
        task_id = submit(http, "/mj/submit/imagine", {"prompt": "a lighthouse at dusk --ar 16:9"})["result"]
        snapshots = []
        for _ in range(32):
            snapshots.append(fetch(http, task_id))
            advance(TASK_SECONDS / 30)

    assert re.fullmatch(r"\d{16}", task_id)
    assert deduplicated([task["status"] for task in snapshots]) == MJ_ORDER
    progress = [int(task["progress"].rstrip("%")) for task in snapshots]
    assert progress == sorted(progress) and progress[-1] == 100
    previews = [task["imageUrl"] for task in snapshots if task["status"] == "IN_PROGRESS" and task["imageUrl"]]
    assert previews and previews[0].endswith(".jpg") and picture(previews[0]).size == (256, 144)

    done = snapshots[-1]
    assert set(done) >= TASK_FIELDS and done["action"] == "IMAGINE" and done["mode"] == "FAST"
    assert done["submitTime"] < done["startTime"] < done["finishTime"]
    assert done["properties"]["finalPrompt"] == "a lighthouse at dusk --ar 16:9 --v 6.1"
    grid = picture(done["imageUrl"])
    assert grid.format == "PNG" and grid.size == (512, 288)
    pixels = np.asarray(grid.convert("RGB"), dtype=np.int16)
    quadrants = [pixels[:144, :256], pixels[:144, 256:], pixels[144:, :256], pixels[144:, 256:]]
    for index, first in enumerate(quadrants):
        for second in quadrants[index + 1 :]:
            assert np.abs(first - second).mean() > 10  # four visibly different pictures

    custom_ids = [button["customId"] for button in done["buttons"]]
    hash_ = done["properties"]["messageHash"]
    assert custom_ids == [
        *(f"MJ::JOB::upsample::{index}::{hash_}" for index in range(1, 5)),
        f"MJ::JOB::reroll::0::{hash_}::SOLO",
        *(f"MJ::JOB::variation::{index}::{hash_}" for index in range(1, 5)),
    ]
    assert [button["label"] for button in done["buttons"]][:4] == ["U1", "U2", "U3", "U4"]
    assert all(set(button) == {"customId", "emoji", "label", "type", "style"} for button in done["buttons"])


def test_upscale_then_custom_zoom_through_a_modal(http: httpx.Client, server: SimulatorServer) -> None:
    grid_task = imagine(http, server, "a red fox in snow")
    upscale_id = press(http, grid_task, "U2")["result"]
    upscale = finished(http, server, upscale_id)

    assert upscale["action"] == "UPSCALE" and upscale["description"] == f"/up {grid_task['id']} U2"
    assert upscale["properties"]["parentId"] == grid_task["id"] and upscale["properties"]["index"] == 2
    quadrant = picture(grid_task["imageUrl"]).crop((256, 0, 512, 256))
    enlarged = picture(upscale["imageUrl"])
    assert enlarged.size == (512, 512)
    difference = np.abs(
        np.asarray(enlarged.resize((256, 256)).convert("RGB"), dtype=np.int16)
        - np.asarray(quadrant.convert("RGB"), dtype=np.int16)
    )
    assert difference.mean() < 8  # the upscale is the second quadrant, larger
    labels = [button["label"] or button["emoji"] for button in upscale["buttons"]]
    for label in ("Vary (Strong)", "Vary (Subtle)", "Vary (Region)", "Zoom Out 2x", "Zoom Out 1.5x", "Custom Zoom"):
        assert label in labels
    assert {"⬅️", "➡️", "⬆️", "⬇️"} <= set(labels)
    assert [button["style"] for button in fetch(http, grid_task["id"])["buttons"][:4]] == [2, 1, 2, 2]

    modal = press(http, upscale, "Custom Zoom", code=21)
    assert modal["description"] == "Waiting for window confirm" and modal["properties"]["remix"] is True
    waiting = fetch(http, modal["result"])
    assert waiting["status"] == "MODAL" and waiting["action"] == "ZOOM"
    skip_ahead(server)
    assert fetch(http, modal["result"])["status"] == "MODAL"  # it waits for the modal however long it takes

    sent = submit(http, "/mj/submit/modal", {"taskId": modal["result"], "prompt": "a red fox in snow --zoom 1.5"})
    assert sent["result"] == modal["result"]
    assert fetch(http, modal["result"])["status"] in ("NOT_START", "SUBMITTED")
    zoomed = finished(http, server, modal["result"])
    assert zoomed["action"] == "ZOOM" and zoomed["prompt"] == "a red fox in snow --zoom 1.5"
    assert picture(zoomed["imageUrl"]).size == (512, 512) and len(zoomed["buttons"]) == 9
    assert zoomed["properties"]["parentId"] == upscale["id"]


def test_vary_region_needs_a_mask(http: httpx.Client, server: SimulatorServer) -> None:
    grid_task = imagine(http, server, "a bowl of fruit")
    upscale = finished(http, server, press(http, grid_task, "U1")["result"])
    modal_id = press(http, upscale, "Vary (Region)", code=21)["result"]

    refused = submit(http, "/mj/submit/modal", {"taskId": modal_id, "prompt": "a pear"}, code=4)
    assert "maskBase64" in refused["description"]
    mask = Image.new("L", (512, 512), 0)
    mask.paste(255, (0, 0, 256, 256))
    mask_base64 = base64.b64encode(_png(mask)).decode()
    submit(http, "/mj/submit/modal", {"taskId": modal_id, "prompt": "a pear", "maskBase64": mask_base64})
    inpainted = finished(http, server, modal_id)
    assert inpainted["action"] == "INPAINT" and inpainted["imageUrl"].endswith(".png")
    assert submit(http, "/mj/submit/modal", {"taskId": modal_id}, code=4)["description"].startswith("任务状态错误")


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def test_other_buttons_make_grids_from_the_upscale(http: httpx.Client, server: SimulatorServer) -> None:
    grid_task = imagine(http, server, "a sailboat")
    upscale = finished(http, server, press(http, grid_task, "U3")["result"])
    results = {
        label: finished(http, server, press(http, upscale, label)["result"])
        for label in ("Vary (Strong)", "Zoom Out 2x", "⬅️")
    }
    assert [task["action"] for task in results.values()] == ["VARIATION", "ZOOM", "PAN"]
    assert all(len(task["buttons"]) == 9 for task in results.values())
    variation = finished(http, server, press(http, grid_task, "V4")["result"])
    reroll = finished(http, server, press(http, grid_task, "🔄")["result"])
    assert (variation["action"], variation["properties"]["index"]) == ("VARIATION", 4)
    assert reroll["action"] == "REROLL" and reroll["imageUrl"] != grid_task["imageUrl"]


# Refusals


def test_pressing_a_running_button_again_is_code_21(http: httpx.Client, server: SimulatorServer) -> None:
    grid_task = imagine(http, server, "twin moons")
    first = press(http, grid_task, "U4")
    again = press(http, grid_task, "U4", code=21)
    assert again["description"] == "任务已存在" and again["result"] == first["result"]
    assert again["properties"]["status"] in ("NOT_START", "SUBMITTED")
    skip_ahead(server)
    after = press(http, grid_task, "U4", code=21)  # an upscale exists once made
    assert after["properties"]["status"] == "SUCCESS" and after["properties"]["imageUrl"]
    finished(http, server, press(http, grid_task, "V4")["result"])
    press(http, grid_task, "V4")  # a finished variation may be pressed again


@pytest.mark.parametrize(
    ("path", "body", "code", "fragment"),
    [
        ("/mj/submit/imagine", {"prompt": "  "}, 4, "prompt不能为空"),
        ("/mj/submit/imagine", {"prompt": "a nude statue"}, 24, "可能包含敏感词"),
        ("/mj/submit/imagine", {"prompt": "x", "botType": "DALL_E"}, 4, "botType"),
        ("/mj/submit/imagine", {"prompt": "x", "base64Array": [SMALL_PNG] * 6}, 4, "base64List"),
        ("/mj/submit/imagine", {"prompt": "x", "base64Array": ["https://example.com/a.png"]}, 4, "base64格式错误"),
        ("/mj/submit/imagine", {"prompt": "x", "base64Array": ["data:image/png;base64,aGVsbG8="]}, 4, "格式错误"),
        ("/mj/submit/blend", {"base64Array": [SMALL_PNG]}, 4, "base64List"),
        ("/mj/submit/blend", {"base64Array": [SMALL_PNG, SMALL_PNG], "dimensions": "WIDE"}, 4, "dimensions"),
        ("/mj/submit/describe", {}, 4, "base64格式错误"),
        ("/mj/submit/shorten", {"prompt": ""}, 4, "prompt不能为空"),
        ("/mj/submit/action", {"taskId": "1712345678901234", "customId": "MJ::JOB::upsample::1::x"}, 3, "不存在"),
        ("/mj/submit/action", {"taskId": "1712345678901234"}, 4, "customId"),
        ("/mj/submit/change", {"taskId": "1712345678901234", "action": "ZOOM", "index": 1}, 4, "action"),
        ("/mj/submit/simple-change", {"content": "what U9"}, 4, "content"),
        ("/mj/submit/modal", {"taskId": "1712345678901234"}, 3, "不存在"),
        ("/mj/insight-face/swap", {"sourceBase64": SMALL_PNG}, 4, "targetBase64"),
    ],
    ids=lambda value: value if isinstance(value, str) and value.startswith("/") else None,
)
def test_refusals_are_http_200_with_the_proxy_codes(
    http: httpx.Client, path: str, body: dict[str, Any], code: int, fragment: str
) -> None:
    reply = submit(http, path, body, code)
    assert fragment in reply["description"]
    if code == 24:
        assert reply["properties"]["bannedWord"] == "nude" and reply["result"] is None


def test_a_picture_over_one_megabyte_is_refused(http: httpx.Client) -> None:
    noise = Image.fromarray(np.random.default_rng(1).integers(0, 256, (700, 700, 3), dtype=np.uint8))
    big = data_uri(noise)
    assert len(big) > 1.3 * 1024 * 1024
    assert "1 MB" in submit(http, "/mj/submit/imagine", {"prompt": "x", "base64Array": [big]}, 4)["description"]


def test_buttons_need_a_finished_task_and_one_of_its_own_ids(http: httpx.Client, server: SimulatorServer) -> None:
    running_id = submit(http, "/mj/submit/imagine", {"prompt": "not yet"})["result"]
    early = submit(http, "/mj/submit/change", {"taskId": running_id, "action": "UPSCALE", "index": 1}, 4)
    assert early["description"] == "关联任务状态错误"
    done = finished(http, server, running_id)
    foreign = submit(http, "/mj/submit/action", {"taskId": done["id"], "customId": "MJ::JOB::upsample::1::other"}, 4)
    assert "customId" in foreign["description"]
    bad_index = submit(http, "/mj/submit/change", {"taskId": done["id"], "action": "UPSCALE", "index": 7}, 4)
    assert "index" in bad_index["description"]


def test_too_many_running_tasks_queue_then_fill_up(http: httpx.Client, server: SimulatorServer) -> None:
    skip_ahead(server, 10 * TASK_SECONDS)  # nothing of earlier tests still runs
    server.config.mj_concurrency, server.config.mj_queue_size = 1, 2
    try:
        with manual_clock(server) as advance:
            running = submit(http, "/mj/submit/imagine", {"prompt": "first"})
            second = submit(http, "/mj/submit/imagine", {"prompt": "second"}, code=22)
            third = submit(http, "/mj/submit/imagine", {"prompt": "third"}, code=22)
            refused = submit(http, "/mj/submit/imagine", {"prompt": "fourth"}, code=23)
            advance(TASK_SECONDS * 0.5)
            states = [fetch(http, reply["result"])["status"] for reply in (running, second, third)]
            advance(TASK_SECONDS * 0.6)
            later = [fetch(http, reply["result"])["status"] for reply in (running, second, third)]
            advance(TASK_SECONDS * 2)
            final = [fetch(http, reply["result"])["status"] for reply in (running, second, third)]
    finally:
        server.config.mj_concurrency, server.config.mj_queue_size = 100, 10

    assert second["description"] == "排队中，前面还有0个任务" and second["properties"]["numberOfQueues"] == 0
    assert third["description"] == "排队中，前面还有1个任务" and third["properties"]["numberOfQueues"] == 1
    assert refused["description"] == "队列已满，请稍后尝试" and refused["result"] is None
    assert states == ["IN_PROGRESS", "NOT_START", "NOT_START"]
    assert later[0] == "SUCCESS" and later[1] in ("SUBMITTED", "IN_PROGRESS") and later[2] == "NOT_START"
    assert final == ["SUCCESS"] * 3


# Speed, other submit kinds, polling many


def test_the_speed_prefix_is_recorded_and_relax_runs_slower(http: httpx.Client, server: SimulatorServer) -> None:
    with manual_clock(server) as advance:
        relaxed = submit(http, "/mj-relax/mj/submit/imagine", {"prompt": "slow clouds"})["result"]
        turbo = submit(http, "/mj-turbo/mj/submit/imagine", {"prompt": "fast clouds"})["result"]
        fast = submit(http, "/mj-fast/mj/submit/imagine", {"prompt": "clouds"})["result"]
        advance(TASK_SECONDS * 1.1)
        tasks = {task_id: fetch(http, task_id, "/mj-relax") for task_id in (relaxed, turbo, fast)}

    assert [tasks[task_id]["mode"] for task_id in (relaxed, turbo, fast)] == ["RELAX", "TURBO", "FAST"]
    assert tasks[relaxed]["status"] == "IN_PROGRESS" and tasks[fast]["status"] == "SUCCESS"
    assert tasks[turbo]["status"] == "SUCCESS"
    assert journal(server, "/mj-relax/mj/submit/imagine")[-1]["body"] == {"prompt": "slow clouds"}


def test_image_prompts_describe_blend_shorten_and_swap(http: httpx.Client, server: SimulatorServer) -> None:
    prompted = imagine(http, server, "like this", base64Array=[SMALL_PNG])
    assert prompted["promptEn"].startswith(server.base_url + "/files/")
    assert prompted["promptEn"].endswith(" like this")

    describe = finished(http, server, submit(http, "/mj/submit/describe", {"base64": SMALL_PNG})["result"])
    assert describe["action"] == "DESCRIBE" and describe["prompt"].count("--ar 4:3") == 4
    assert describe["prompt"].startswith("1️⃣ ") and picture(describe["imageUrl"]).size == (64, 48)
    reimagine = press(http, describe, "2️⃣", code=21)
    submit(http, "/mj/submit/modal", {"taskId": reimagine["result"]})
    assert finished(http, server, reimagine["result"])["action"] == "IMAGINE"

    blend_body = {"base64Array": [SMALL_PNG, data_uri(Image.new("RGB", (30, 30), "blue"), "JPEG")]}
    blend = finished(http, server, submit(http, "/mj/submit/blend", {**blend_body, "dimensions": "PORTRAIT"})["result"])
    assert blend["action"] == "BLEND" and picture(blend["imageUrl"]).size == (340, 512)

    shorten = finished(http, server, submit(http, "/mj/submit/shorten", {"prompt": "a very tall old tree"})["result"])
    assert shorten["action"] == "SHORTEN" and "1️⃣ a very tall old tree" in shorten["properties"]["finalPrompt"]
    assert len(shorten["buttons"]) == 5

    swap_body = {"sourceBase64": SMALL_PNG, "targetBase64": data_uri(Image.new("RGB", (200, 100), "green"))}
    swap = finished(http, server, submit(http, "/mj/insight-face/swap", swap_body)["result"])
    assert swap["action"] == "SWAP_FACE" and picture(swap["imageUrl"]).size == (200, 100) and swap["buttons"] == []

    uploaded = submit(http, "/mj/submit/upload-discord-images", {"base64Array": [SMALL_PNG, SMALL_PNG]})
    assert len(uploaded["result"]) == 2 and picture(uploaded["result"][0]).size == (64, 48)


def test_change_simple_change_and_list_by_condition(http: httpx.Client, server: SimulatorServer) -> None:
    grid_task = imagine(http, server, "a castle", notifyHook="https://example.com/hook", state="tab-7")
    assert grid_task["state"] == "tab-7" and grid_task["properties"]["notifyHook"] == "https://example.com/hook"
    change = submit(http, "/mj/submit/change", {"taskId": grid_task["id"], "action": "VARIATION", "index": 2})
    simple = submit(http, "/mj/submit/simple-change", {"content": f"{grid_task['id']} U1"})
    reroll = submit(http, "/mj/submit/simple-change", {"content": f"{grid_task['id']} R"})
    ids = [change["result"], simple["result"], reroll["result"]]

    listed = http.post("/mj/task/list-by-condition", json={"ids": [*ids, "1000000000000000"]}).json()
    assert [task["id"] for task in listed] == ids
    assert [task["action"] for task in listed] == ["VARIATION", "UPSCALE", "REROLL"]
    assert http.post("/mj/task/list-by-condition", json={"ids": "x"}).status_code == 400


def test_a_fail_trigger_fails_the_task_with_its_reason(http: httpx.Client, server: SimulatorServer) -> None:
    with manual_clock(server) as advance:
        task_id = submit(http, "/mj/submit/imagine", {"prompt": "cats [[fail:Invalid parameter --xyz]]"})["result"]
        advance(TASK_SECONDS * 0.7)
        failed = fetch(http, task_id)
    assert failed["status"] == "FAILURE" and failed["failReason"] == "Invalid parameter --xyz"
    assert failed["buttons"] == [] and failed["progress"] == "100%"

    grid_task = imagine(http, server, "a fine grid")
    doomed = submit(
        http,
        "/mj/submit/action",
        {"taskId": grid_task["id"], "customId": grid_task["buttons"][0]["customId"], "state": "[[fail]]"},
    )
    skip_ahead(server)
    assert fetch(http, doomed["result"])["status"] == "FAILURE"


def test_media_expire_and_unknown_tasks_404(http: httpx.Client, server: SimulatorServer) -> None:
    grid_task = imagine(http, server, "a fading picture")
    skip_ahead(server, server.config.url_ttl_s + 1)
    assert httpx.get(grid_task["imageUrl"]).status_code == 403
    missing = http.get("/mj/task/1000000000000000/fetch")
    assert missing.status_code == 404 and missing.json()["code"] == 3


# Faults and keys


def test_faults_and_a_wrong_key_answer_in_the_proxy_shape(sim: SimulatorServer) -> None:
    key = {"Authorization": f"Bearer {TEST_KEY}"}
    limited = httpx.post(sim.base_url + "/mj/submit/imagine", json={"prompt": "x [[fault:429]]"}, headers=key)
    assert limited.status_code == 429 and limited.json()["code"] == 23 and "description" in limited.json()
    broken = httpx.post(
        sim.base_url + "/mj-relax/mj/submit/imagine", json={"prompt": "x"}, headers={**key, "X-Sim-Fault": "500"}
    )
    assert broken.status_code == 500 and broken.json()["code"] == 9 and broken.json()["result"] is None
    denied = httpx.get(sim.base_url + "/mj/task/1/fetch", headers={"mj-api-secret": "wrong"})
    assert denied.status_code == 401 and denied.json()["description"] == "Invalid API key (无效的令牌)"
