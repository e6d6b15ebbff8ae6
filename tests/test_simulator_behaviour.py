"""The simulator behaves like the gateway where clients get hurt: keys, faults, limits, expiring URLs, pacing,
and it tells tests what it received."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import TEST_KEY

from studio.simulator.config import SimulatorConfig
from studio.simulator.server import SimulatorServer
from studio.simulator.tasks import TaskIdStyle, TaskRegistry, TaskStage, planned_duration, planned_failure

CHAT = "/v1/chat/completions"
HELLO = {"model": "gpt-4o", "messages": [{"role": "user", "content": "hello"}]}
REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def http(sim: SimulatorServer) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=sim.base_url, headers={"Authorization": f"Bearer {TEST_KEY}"}, timeout=10
    ) as client:
        yield client


def error_of(reply: httpx.Response) -> dict[str, Any]:
    body: dict[str, Any] = reply.json()
    assert set(body["error"]) == {"message", "type", "param", "code"}
    error: dict[str, Any] = body["error"]
    return error


def streamed_data(
    http: httpx.Client, body: dict[str, Any], headers: dict[str, str] | None = None
) -> list[str]:
    with http.stream("POST", CHAT, json={**body, "stream": True}, headers=headers) as reply:
        assert reply.status_code == 200
        return [line[len("data: ") :] for line in reply.iter_lines() if line.startswith("data: ")]


def content_of(chunks: list[str]) -> list[str]:
    pieces = []
    for data in chunks:
        if data != "[DONE]":
            for choice in json.loads(data).get("choices", []):
                if choice["delta"].get("content"):
                    pieces.append(choice["delta"]["content"])
    return pieces


# Keys


def test_a_missing_or_wrong_key_gets_the_gateway_401(sim: SimulatorServer) -> None:
    expected = {
        "error": {
            "message": "Invalid API key (无效的令牌)",
            "type": "invalid_request_error",
            "param": None,
            "code": "invalid_api_key",
        }
    }
    assert httpx.post(sim.base_url + CHAT, json=HELLO).json() == expected
    wrong = httpx.post(sim.base_url + CHAT, json=HELLO, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.json() == expected


@pytest.mark.parametrize(
    "headers",
    [{"Authorization": f"Bearer {TEST_KEY}"}, {"Api-Key": TEST_KEY}, {"mj-api-secret": TEST_KEY}],
    ids=["bearer", "api-key", "mj-api-secret"],
)
def test_each_key_header_the_gateway_accepts_works(sim: SimulatorServer, headers: dict[str, str]) -> None:
    assert httpx.get(sim.base_url + "/v1/models", headers=headers).status_code == 200


def test_control_routes_and_media_urls_need_no_key(sim: SimulatorServer) -> None:
    url = sim.state.media.put(b"abc", "text/plain", "note.txt")
    assert httpx.get(url).content == b"abc"
    assert httpx.get(sim.base_url + "/_sim/health").json()["key_required"] is True


def test_a_simulator_without_a_key_accepts_any_key() -> None:
    with SimulatorServer(SimulatorConfig(key=None, token_rate=0)) as open_server:
        assert httpx.get(open_server.base_url + "/v1/models").status_code == 200
        reply = httpx.get(open_server.base_url + "/v1/models", headers={"Authorization": "Bearer x"})
        assert reply.status_code == 200


# Faults

STATUS_FAULTS = [
    ("400", 400, "bad_request"),
    ("401", 401, "invalid_api_key"),
    ("403", 403, "insufficient_user_quota"),
    ("404", 404, "not_found"),
    ("413", 413, "request_too_large"),
    ("429", 429, "rate_limit_exceeded"),
    ("500", 500, "server_error"),
    ("503", 503, "service_unavailable"),
]


@pytest.mark.parametrize(("kind", "status", "code"), STATUS_FAULTS, ids=[row[0] for row in STATUS_FAULTS])
def test_each_status_fault_by_header(http: httpx.Client, kind: str, status: int, code: str) -> None:
    reply = http.post(CHAT, json=HELLO, headers={"X-Sim-Fault": kind})
    assert reply.status_code == status
    assert error_of(reply)["code"] == code
    assert ("retry-after" in reply.headers) == (kind == "429")


def test_insufficient_quota_reads_like_uniapi(http: httpx.Client) -> None:
    error = error_of(http.post(CHAT, json=HELLO, headers={"X-Sim-Fault": "403"}))
    assert error["message"] == "用户额度不足 (insufficient user quota)"


def test_a_trigger_word_in_the_prompt_injects_a_fault(http: httpx.Client) -> None:
    body = {"model": "gpt-4o", "messages": [{"role": "user", "content": "please fail [[fault:429]]"}]}
    reply = http.post(CHAT, json=body)
    assert reply.status_code == 429 and reply.headers["retry-after"] == "1"
    embedded = http.post("/v1/responses", json={"model": "gpt-4o", "input": "x [[fault:500]]"})
    assert embedded.status_code == 500


def test_a_trigger_applies_to_the_turn_it_is_in_not_to_the_history_sent_again(http: httpx.Client) -> None:
    earlier = [
        {"role": "user", "content": "please fail [[fault:500]] [[token-rate:1]]"},
        {"role": "assistant", "content": "(the error)"},
    ]
    later = http.post(CHAT, json={"model": "gpt-4o", "messages": [*earlier, {"role": "user", "content": "again?"}]})
    assert later.status_code == 200, "an old trigger in the history is not this turn's"
    parts = [{"type": "text", "text": "now [[fault:503]]"}]
    this_turn = http.post(CHAT, json={"model": "gpt-4o", "messages": [*earlier, {"role": "user", "content": parts}]})
    assert this_turn.status_code == 503
    history = [{"role": "user", "content": "x [[fault:500]]"}, {"role": "assistant", "content": "..."}]
    responses = http.post("/v1/responses", json={"model": "gpt-4o", "input": [*history, {"role": "user", "content": "y"}]})
    assert responses.status_code == 200
    embeddings = http.post("/v1/embeddings", json={"model": "text-embedding-3-small", "input": ["a", "b [[fault:429]]"]})
    assert embeddings.status_code == 429, "inputs without roles are all this request's"


def test_queued_faults_hit_the_next_requests_then_stop(http: httpx.Client) -> None:
    armed = http.post("/_sim/faults", json={"path": CHAT, "kind": "429", "count": 2, "retry_after": 7})
    assert armed.status_code == 201
    assert http.get("/v1/models").status_code == 200  # another path is untouched

    statuses = [http.post(CHAT, json=HELLO) for _ in range(3)]

    assert [reply.status_code for reply in statuses] == [429, 429, 200]
    assert statuses[0].headers["retry-after"] == "7"
    assert http.get("/_sim/faults").json() == []


def test_a_queued_fault_for_any_path_without_retry_after(http: httpx.Client) -> None:
    http.post("/_sim/faults", json={"path": "*", "kind": "429", "retry_after": None})
    reply = http.get("/v1/models")
    assert reply.status_code == 429 and "retry-after" not in reply.headers
    http.post("/_sim/faults", json={"path": "*", "kind": "429", "retry_after": 0.25})
    assert http.get("/v1/models").headers["retry-after"] == "0.25"  # fractions keep fast tests fast
    http.post("/_sim/faults", json={"path": "*", "kind": "503", "count": 5})
    assert http.delete("/_sim/faults").status_code == 204
    assert http.get("/v1/models").status_code == 200


def test_queueing_an_unknown_fault_kind_is_refused(http: httpx.Client) -> None:
    assert http.post("/_sim/faults", json={"kind": "teapot"}).status_code == 400
    assert http.post(CHAT, json=HELLO, headers={"X-Sim-Fault": "teapot"}).status_code == 400


def test_html_faults_answer_with_a_web_page(http: httpx.Client) -> None:
    bad_gateway = http.post(CHAT, json=HELLO, headers={"X-Sim-Fault": "502"})
    assert bad_gateway.status_code == 502
    assert bad_gateway.headers["content-type"].startswith("text/html")
    assert "502 Bad Gateway" in bad_gateway.text and "nginx" in bad_gateway.text

    website = http.post(CHAT, json=HELLO, headers={"X-Sim-Fault": "html"})
    assert website.status_code == 200
    assert website.headers["content-type"].startswith("text/html")
    assert website.text.startswith("<!DOCTYPE html>")


def test_cut_breaks_a_plain_reply_midway(http: httpx.Client) -> None:
    with pytest.raises(httpx.RemoteProtocolError, match="complete message body"):
        http.post(CHAT, json=HELLO, headers={"X-Sim-Fault": "cut"})
    assert http.post(CHAT, json=HELLO).status_code == 200  # the simulator itself is fine


def test_cut_breaks_a_stream_before_its_end(http: httpx.Client) -> None:
    received: list[str] = []
    body = {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi [[fault:cut]] [[tokens:40]]"}]}
    with (
        pytest.raises(httpx.RemoteProtocolError, match="incomplete chunked read"),
        http.stream("POST", CHAT, json={**body, "stream": True}) as reply,
    ):
        received.extend(reply.iter_lines())
    data = [line for line in received if line.startswith("data: ")]
    assert 15 <= len(data) <= 30
    assert "data: [DONE]" not in data


def test_slow_delays_the_first_byte(http: httpx.Client) -> None:
    started = time.perf_counter()
    reply = http.post(CHAT, json=HELLO, headers={"X-Sim-Fault": "slow", "X-Sim-Slow-Seconds": "0.3"})
    assert reply.status_code == 200
    assert time.perf_counter() - started >= 0.3


def test_stream_error_arrives_in_band(http: httpx.Client) -> None:
    data = streamed_data(
        http, {**HELLO, "messages": [{"role": "user", "content": "hi [[fault:stream-error]]"}]}
    )
    assert len(content_of(data)) == 3
    assert json.loads(data[-1])["error"]["type"] == "server_error"
    assert "[DONE]" not in data

    plain = http.post(CHAT, json=HELLO, headers={"X-Sim-Fault": "stream-error"})
    assert plain.status_code == 500


def test_responses_stream_error_ends_with_response_failed(http: httpx.Client) -> None:
    body = {"model": "gpt-4o", "input": "hi", "stream": True}
    with http.stream("POST", "/v1/responses", json=body, headers={"X-Sim-Fault": "stream-error"}) as reply:
        events = [line.removeprefix("event: ") for line in reply.iter_lines() if line.startswith("event: ")]
    assert events[-2:] == ["error", "response.failed"]


# Validation and model names


@pytest.mark.parametrize(
    ("body", "param", "code"),
    [
        ({"messages": [{"role": "user", "content": "x"}]}, "model", "missing_required_parameter"),
        (
            {"model": "", "messages": [{"role": "user", "content": "x"}]},
            "model",
            "missing_required_parameter",
        ),
        ({"model": "gpt-4o"}, "messages", "missing_required_parameter"),
        ({"model": "gpt-4o", "messages": []}, "messages", "empty_array"),
        ({**HELLO, "temperature": 2.5}, "temperature", "decimal_above_max_value"),
        ({**HELLO, "temperature": -0.1}, "temperature", "decimal_below_min_value"),
    ],
    ids=["no-model", "empty-model", "no-messages", "empty-messages", "hot", "cold"],
)
def test_bad_chat_requests_get_400(http: httpx.Client, body: dict[str, Any], param: str, code: str) -> None:
    reply = http.post(CHAT, json=body)
    assert reply.status_code == 400
    assert error_of(reply)["param"] == param and error_of(reply)["code"] == code


def test_malformed_json_gets_400(http: httpx.Client) -> None:
    reply = http.post(CHAT, content=b'{"model": "gpt-4o",', headers={"Content-Type": "application/json"})
    assert reply.status_code == 400 and error_of(reply)["type"] == "invalid_request_error"


def test_other_400s_of_the_openai_families(http: httpx.Client) -> None:
    ada = http.post(
        "/v1/embeddings", json={"model": "text-embedding-ada-002", "input": "x", "dimensions": 64}
    )
    assert ada.status_code == 400 and error_of(ada)["param"] == "dimensions"
    lost = http.post(
        "/v1/responses", json={"model": "gpt-4o", "input": "x", "previous_response_id": "resp_nope"}
    )
    assert lost.status_code == 400
    assert error_of(lost)["code"] == "previous_response_not_found"
    assert error_of(lost)["param"] == "previous_response_id"


def test_unknown_model_is_the_new_api_503(http: httpx.Client) -> None:
    reply = http.post(CHAT, json={**HELLO, "model": "gpt-9"})
    assert reply.status_code == 503
    assert reply.json() == {
        "error": {
            "message": "No available channel for model gpt-9 under group default (no available channel)",
            "type": "new_api_error",
            "param": None,
            "code": "model_not_found",
        }
    }


def test_a_reasoning_effort_suffix_is_accepted(http: httpx.Client) -> None:
    reply = http.post(CHAT, json={**HELLO, "model": "o3-mini#high"})
    assert reply.status_code == 200 and reply.json()["model"] == "o3-mini"


def test_unknown_paths_get_an_openai_404(http: httpx.Client) -> None:
    reply = http.get("/v1/nothing-here")
    assert reply.status_code == 404 and error_of(reply)["code"] == "not_found"


# Reply text


def test_a_token_trigger_or_header_sets_the_exact_length(http: httpx.Client) -> None:
    by_trigger = {"model": "gpt-4o", "messages": [{"role": "user", "content": "bench [[tokens:500]]"}]}
    assert len(content_of(streamed_data(http, by_trigger))) == 500
    assert len(content_of(streamed_data(http, HELLO, headers={"X-Sim-Tokens": "37"}))) == 37
    usage = http.post(CHAT, json=HELLO, headers={"X-Sim-Tokens": "37"}).json()["usage"]
    assert usage["completion_tokens"] == 37


def test_max_tokens_cuts_the_reply_with_finish_reason_length(http: httpx.Client) -> None:
    reply = http.post(CHAT, json={**HELLO, "max_tokens": 4}).json()
    assert reply["choices"][0]["finish_reason"] == "length"
    assert reply["usage"]["completion_tokens"] == 4
    capped = streamed_data(http, {**HELLO, "max_completion_tokens": 6})
    assert len(content_of(capped)) == 6
    assert json.loads(capped[-2])["choices"][0]["finish_reason"] == "length"


def test_replies_are_deterministic_and_follow_the_prompt_language(http: httpx.Client) -> None:
    first = http.post(CHAT, json=HELLO).json()["choices"][0]["message"]["content"]
    again = http.post(CHAT, json=HELLO).json()["choices"][0]["message"]["content"]
    assert first == again and '"hello"' in first and "\n- " in first
    chinese = {"model": "gpt-4o", "messages": [{"role": "user", "content": "写一段代码"}]}
    answer = http.post(CHAT, json=chinese).json()["choices"][0]["message"]["content"]
    assert answer.startswith("你说：“写一段代码”") and "```python" in answer


def test_stop_sequences_and_json_output(http: httpx.Client) -> None:
    stopped = http.post(CHAT, json={**HELLO, "stop": ["\n\n"]}).json()["choices"][0]
    assert stopped["message"]["content"] == 'You said: "hello"' and stopped["finish_reason"] == "stop"

    schema = {"type": "object", "properties": {"city": {"type": "string"}, "score": {"type": "integer"}}}
    response_format = {"type": "json_schema", "json_schema": {"name": "place", "schema": schema}}
    body = {"model": "gpt-4o", "messages": [{"role": "user", "content": "Best food in Lyon"}]}
    structured = http.post(CHAT, json={**body, "response_format": response_format}).json()
    assert json.loads(structured["choices"][0]["message"]["content"]) == {"city": "Lyon", "score": 1}

    text_format = {"format": {"type": "json_schema", "name": "place", "schema": schema}}
    response = http.post(
        "/v1/responses", json={"model": "gpt-4o", "input": "Food in Lyon", "text": text_format}
    )
    assert json.loads(response.json()["output_text"]) == {"city": "Lyon", "score": 1}
    json_object = http.post(CHAT, json={**body, "response_format": {"type": "json_object"}}).json()
    assert json.loads(json_object["choices"][0]["message"]["content"])["prompt"] == "Best food in Lyon"


# Pacing


def test_tokens_are_paced_at_the_requested_rate(http: httpx.Client) -> None:
    """200 tokens at 2,000 tokens/s: the first and last tokens arrive about 0.1 s apart."""
    arrivals: list[float] = []
    body = {**HELLO, "stream": True}
    with http.stream(
        "POST", CHAT, json=body, headers={"X-Sim-Token-Rate": "2000", "X-Sim-Tokens": "200"}
    ) as reply:
        for raw in reply.iter_raw():
            arrivals.extend([time.perf_counter()] * raw.count(b'"content":"'))
    tokens = arrivals[1:]  # the first match is the role chunk's empty content
    assert len(tokens) == 200
    spread = tokens[-1] - tokens[0]
    assert 0.05 <= spread <= 1.0
    halfway = tokens[100] - tokens[0]
    assert 0.2 * spread <= halfway <= 0.8 * spread  # steady, not one burst at the end


def test_unpaced_streams_are_fast(http: httpx.Client) -> None:
    started = time.perf_counter()
    pieces = content_of(streamed_data(http, HELLO, headers={"X-Sim-Tokens": "20000"}))
    assert len(pieces) == 20000
    assert time.perf_counter() - started < 5


def test_latency_is_added_before_every_reply() -> None:
    with SimulatorServer(SimulatorConfig(latency_ms=150, token_rate=0)) as slow_server:
        started = time.perf_counter()
        assert httpx.get(slow_server.base_url + "/v1/models").status_code == 200
        assert time.perf_counter() - started >= 0.15


# Balance


def test_balance_goes_down_with_usage(http: httpx.Client) -> None:
    before = http.get("/v1/billing/usage", params={"type": "token", "unit": "usd"}).json()
    http.post(CHAT, json=HELLO, headers={"X-Sim-Tokens": "1000"})
    after = http.get("/v1/billing/usage").json()
    assert before["success"] is True and before["message"] == ""
    assert after["data"]["balance"] < before["data"]["balance"]
    assert after["data"]["used"] > before["data"]["used"] and after["data"]["cache_used"] == 0


def test_unlimited_and_spent_balances() -> None:
    with SimulatorServer(SimulatorConfig(balance_usd=-1, token_rate=0)) as unlimited:
        assert httpx.get(unlimited.base_url + "/v1/billing/usage").json()["data"]["balance"] == -1
    with SimulatorServer(SimulatorConfig(balance_usd=0, token_rate=0)) as broke:
        reply = httpx.post(broke.base_url + CHAT, json=HELLO)
        assert reply.status_code == 403 and error_of(reply)["code"] == "insufficient_user_quota"


# Media


def test_media_urls_serve_bytes_until_they_expire(sim: SimulatorServer) -> None:
    url = sim.state.media.put(b"\x89PNG fake image", "image/png", "cat 1.png")
    assert url.startswith(sim.base_url + "/files/") and url.endswith("/cat%201.png")
    fresh = httpx.get(url)
    assert fresh.status_code == 200
    assert fresh.headers["content-type"] == "image/png" and fresh.headers["content-length"] == "15"
    partial = httpx.get(url, headers={"Range": "bytes=1-3"})
    assert partial.status_code == 206 and partial.content == b"PNG"

    real_now = sim.state.now
    sim.state.now = lambda: real_now() + sim.config.url_ttl_s + 1
    try:
        expired = httpx.get(url)
    finally:
        sim.state.now = real_now
    assert expired.status_code == 403
    assert expired.headers["content-type"].startswith("application/xml")
    assert "<Code>AccessDenied</Code><Message>Request has expired</Message>" in expired.text


def test_the_clock_can_be_moved_over_http(sim: SimulatorServer, http: httpx.Client) -> None:
    url = sim.state.media.put(b"short-lived", "text/plain", "soon.txt", ttl_s=60)
    moved = http.post("/_sim/clock", json={"advance_s": 61})
    try:
        assert moved.json()["offset_s"] == 61
        assert httpx.get(url).status_code == 403
    finally:
        http.post("/_sim/clock", json={"advance_s": -61})
    assert httpx.get(url).status_code == 200


def test_reset_keeps_media_and_stored_responses(sim: SimulatorServer, http: httpx.Client) -> None:
    url = sim.state.media.put(b"kept", "text/plain", "kept.txt")
    response_id = http.post("/v1/responses", json={"model": "gpt-4o", "input": "remember me"}).json()["id"]
    http.post("/_sim/faults", json={"kind": "500"})
    sim.reset()
    assert http.get("/_sim/faults").json() == [] and sim.state.journal.entries() == []
    assert httpx.get(url).content == b"kept"
    assert http.get(f"/v1/responses/{response_id}").status_code == 200


# Journal and uploads


def test_the_journal_records_requests_with_secrets_masked(sim: SimulatorServer, http: httpx.Client) -> None:
    http.post(CHAT, json=HELLO, params={"trace": "1"})
    httpx.get(sim.base_url + "/v1/models", headers={"Api-Key": "secret-1", "mj-api-secret": "secret-2"})
    http.get("/_sim/health")

    entries = sim.state.journal.entries()
    assert [entry.path for entry in entries] == [CHAT, "/v1/models"]
    chat = entries[0]
    assert chat.method == "POST" and chat.body == HELLO and chat.query == {"trace": "1"}
    assert chat.headers["authorization"] == "***"
    assert entries[1].headers["api-key"] == "***" and entries[1].headers["mj-api-secret"] == "***"

    over_http = http.get("/_sim/requests", params={"path": CHAT}).json()
    assert len(over_http) == 1 and over_http[0]["body"] == HELLO
    assert http.delete("/_sim/requests").status_code == 204
    assert http.get("/_sim/requests").json() == []


def test_the_journal_keeps_multipart_fields_and_describes_files(
    sim: SimulatorServer, http: httpx.Client
) -> None:
    audio = b"RIFF fake wav data"
    http.post(
        "/v1/audio/transcriptions",
        data={
            "model": "whisper-1",
            "timestamp_granularities[]": ["word", "segment"],
            "response_format": "verbose_json",
        },
        files={"file": ("speech.wav", audio, "audio/wav")},
    )
    entry = sim.state.journal.last("/v1/audio/transcriptions")
    assert entry is not None
    assert entry.form == {
        "model": "whisper-1",
        "timestamp_granularities[]": ["word", "segment"],
        "response_format": "verbose_json",
    }
    assert entry.files == {
        "file": [
            {
                "filename": "speech.wav",
                "content_type": "audio/wav",
                "size": len(audio),
                "sha256": hashlib.sha256(audio).hexdigest(),
            }
        ]
    }


def test_upload_echo_takes_a_30_mb_file(http: httpx.Client, tmp_path: Path) -> None:
    big_file = tmp_path / "big.bin"
    big_file.write_bytes(os.urandom(1024 * 1024) * 30)
    with big_file.open("rb") as stream:
        reply = http.post(
            "/_sim/upload",
            data={"purpose": "test", "tags[]": ["a", "b"]},
            files={"file": ("big.bin", stream, "application/octet-stream")},
            timeout=60,
        )
    assert reply.status_code == 200, reply.text
    echo = reply.json()
    assert echo["fields"] == {"purpose": ["test"], "tags[]": ["a", "b"]}
    described = echo["files"]["file"][0]
    assert described["size"] == 30 * 1024 * 1024
    assert described["sha256"] == hashlib.sha256(big_file.read_bytes()).hexdigest()
    assert echo["content_length"] == int(reply.request.headers["content-length"])


def test_upload_echo_needs_the_key(sim: SimulatorServer) -> None:
    reply = httpx.post(sim.base_url + "/_sim/upload", files={"file": ("a.txt", b"a")})
    assert reply.status_code == 401


# Tasks (the machinery later families build on)


def test_a_task_moves_from_queued_through_running_to_done() -> None:
    now = [1000.0]
    registry = TaskRegistry(lambda: now[0])
    task = registry.create("suno", duration_s=10)

    phases = []
    for elapsed in (0, 1, 1.5, 5, 9.9, 10, 60):
        now[0] = 1000.0 + elapsed
        phases.append(registry.phase_of(task))

    assert [phase.stage for phase in phases] == [
        TaskStage.QUEUED,
        TaskStage.QUEUED,
        TaskStage.RUNNING,
        TaskStage.RUNNING,
        TaskStage.RUNNING,
        TaskStage.DONE,
        TaskStage.DONE,
    ]
    fractions = [phase.fraction for phase in phases]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    assert 0.4 < phases[3].fraction < 0.5
    assert registry.get(task.id) is task


def test_a_planned_failure_fails_part_way() -> None:
    task = TaskRegistry(lambda: 0.0).create("luma", duration_s=10, failure_reason="content policy")
    assert task.phase(5.9).stage is TaskStage.RUNNING
    stage, fraction = task.phase(6.0)
    assert stage is TaskStage.FAILED and 0 < fraction < 1
    assert task.finished_at == 6.0 and task.started_at == 1.5


def test_task_ids_and_prompt_triggers() -> None:
    registry = TaskRegistry(lambda: 1_700_000_000.0)
    numeric = {registry.create("mj", duration_s=1, id_style=TaskIdStyle.NUMERIC).id for _ in range(50)}
    assert len(numeric) == 50 and all(task_id.isdigit() and len(task_id) == 16 for task_id in numeric)
    assert len(registry.create("udio", duration_s=1).id) == 36
    assert registry.get("missing") is None
    assert planned_failure("a song [[fail:banned words]]") == "banned words"
    assert planned_failure("[[fail]]") and planned_failure("a song") is None
    assert planned_duration("a video [[task-seconds:0.5]]", 8.0) == 0.5


# Running it as a command


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "terminate"])
def test_the_command_serves_until_stopped(stop_signal: signal.Signals) -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "studio.simulator", "--port", str(port), "--key", "k", "--token-rate", "0"],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        banner = process.stdout.readline().strip()
        assert banner == f"UniAPI simulator on http://127.0.0.1:{port} (key: required)"
        models = httpx.get(f"http://127.0.0.1:{port}/v1/models", headers={"Authorization": "Bearer k"})
        assert models.status_code == 200
        process.send_signal(stop_signal)
        _, errors = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0
    assert "Traceback" not in errors


def test_the_command_rejects_a_bad_argument_in_one_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "studio.simulator", "--port", "not-a-port"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "--port" in result.stderr and "Traceback" not in result.stderr
