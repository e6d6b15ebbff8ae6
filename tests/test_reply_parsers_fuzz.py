"""Property tests over real loopback HTTP: whatever a server sends, only the typed errors of
studio/api/errors.py come out of the SSE parser, every task family's submit and poll parsers, and the
multipart builder's bodies arrive exactly as built.

A small hostile server answers each request with the body of the example being tried.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from attack_log import survived
from hostile import HostileServer
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from studio.api.chat import ChatRequest
from studio.api.client import ClientConfig
from studio.api.errors import ApiError
from studio.api.gateway import UniApi
from studio.api.retry import NO_RETRY
from studio.api.uploads import FilePart, MultipartUpload, header_safe
from studio.core.task_families import FAMILIES
from studio.core.task_reports import PollTarget, RemoteStatus, Submitted

EXAMPLES = 300
SSE_EXAMPLES = 800
UPLOAD_EXAMPLES = 300
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

KEYS = [
    "code", "message", "msg", "data", "task_id", "taskId", "id", "result", "status", "state", "progress",
    "fail_reason", "failReason", "failure_reason", "clips", "audio_url", "video_url", "image_url", "imageUrl",
    "metadata", "duration", "title", "lyrics", "text", "songs", "song_path", "finished", "buttons", "customId",
    "assets", "video", "url", "video_url", "error", "error_message", "description", "list", "items", "choices",
    "delta", "content", "usage", "prompt", "properties", "type",
]  # fmt: skip
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63)
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
    | st.sampled_from(["SUCCESS", "FAILURE", "IN_PROGRESS", "complete", "error", "success", "1", "22", "50%"])
    | st.just("http://127.0.0.1:9/x.mp3")
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), inner, max_size=6)
    ),
    max_leaves=25,
)
codes = st.sampled_from([1, 21, 22, 4, 24, "1", "success", "fail", 200]) | json_values
envelopes = st.fixed_dictionaries(
    {},
    optional={"code": codes, **{key: json_values for key in ("data", "id", "result", "state", "status", "task_id")}},
)
"""Replies shaped like the real ones (an envelope's keys, any values), so the parsers get past the first check."""
bodies = (envelopes | json_values).map(lambda value: json.dumps(value).encode()) | st.binary(max_size=200)


class Replayer:
    """A loopback server answering every request with `body`, and the one event loop the examples share."""

    def __init__(self) -> None:
        self.body = b"{}"
        self.content_type = "application/json"
        self.loop = asyncio.new_event_loop()
        self.server = HostileServer(lambda method, path, data: (200, {"Content-Type": self.content_type}, self.body))

    def run(self, coroutine: Any) -> Any:
        return self.loop.run_until_complete(coroutine)


@pytest.fixture(scope="module")
def replayer():
    replaying = Replayer()
    with replaying.server:
        replaying.api = UniApi(
            ClientConfig(base_url=replaying.server.base_url, api_key="fuzz-key-12345", retry=NO_RETRY)
        )
        yield replaying
        replaying.run(replaying.api.aclose())
    replaying.loop.close()


GOOD_SUBMIT_REPLIES = {
    "suno": {"code": "success", "message": "", "data": "task-1"},
    "udio": {"code": "success", "message": "", "data": "task-1"},
    "midjourney": {"code": 1, "description": "Submit success", "result": "1712345678901234"},
    "ideogram": {"created": "2024-01-01", "data": [{"url": "http://127.0.0.1:9/a.png", "prompt": "x"}]},
    "luma": {"id": "generation-1", "state": "pending"},
    "video": {"id": 123, "status": "queued"},
}
SUBMITS = {
    "suno": ("music", {"body": {"gpt_description_prompt": "fuzz"}}),
    "udio": ("music", {"gen_params": {"prompt": "fuzz"}}),
    "midjourney": ("imagine", {"prompt": "fuzz"}),
    "ideogram": ("generate", {"image_request": {"prompt": "fuzz"}}),
    "luma": ("generate", {"body": {"user_prompt": "fuzz"}}),
    "video": ("generate", {"model": "veo-2", "body": {"prompt": "fuzz"}}),
}


@pytest.mark.parametrize("family", sorted(SUBMITS))
def test_a_submit_reply_is_a_task_or_a_typed_error(replayer, family):
    kind, params = SUBMITS[family]
    handler = FAMILIES[family]
    outcomes: list[str] = []

    @FUZZ
    @given(body=bodies)
    @example(body=json.dumps(GOOD_SUBMIT_REPLIES[family]).encode())
    def attempt(body: bytes) -> None:
        replayer.body = body
        try:
            submitted = replayer.run(handler.submit(replayer.api, kind, params))
        except ApiError as error:
            outcomes.append(type(error).__name__)
            return
        assert isinstance(submitted, Submitted)
        assert submitted.task_id or submitted.immediate is not None
        outcomes.append("accepted")

    attempt()
    assert len(outcomes) >= EXAMPLES // 2 and outcomes.count("accepted") > 0, "a good reply is still accepted"
    survived("hostile", f"random {family} submit replies", "a task or a typed error, each", tries=EXAMPLES)


@pytest.mark.parametrize("family", sorted(set(SUBMITS) - {"ideogram"}))
def test_a_poll_reply_is_a_status_or_a_typed_error(replayer, family):
    kind, params = SUBMITS[family]
    handler = FAMILIES[family]
    tried = [0]

    @FUZZ
    @given(body=bodies, batched=st.booleans())
    def attempt(body: bytes, batched: bool) -> None:
        replayer.body = body
        targets = [PollTarget(n, f"task-{n}", kind, params) for n in range(1, 3 if batched else 2)]
        outcome = replayer.run(handler.poll(replayer.api, targets))
        assert set(outcome) == {target.job_id for target in targets}
        for result in outcome.values():
            assert isinstance(result, RemoteStatus | ApiError)
            if isinstance(result, RemoteStatus):
                assert result.phase in ("queued", "running", "done", "failed", "attention", "unknown")
        tried[0] += 1

    attempt()
    survived("hostile", f"random {family} poll replies", "a status or a typed error, each", tries=EXAMPLES)


sse_lines = st.lists(
    st.one_of(
        st.builds(lambda data: f"data: {data}", json_values.map(json.dumps)),
        st.builds(lambda data: f"data: {data}", st.text(max_size=30)),
        st.sampled_from(["data: [DONE]", "event: error", ": ping", "", "retry: 10", "id: 7", "data:", "\x00"]),
        st.text(max_size=30),
    ),
    max_size=12,
)


def test_the_sse_parser_yields_events_or_a_typed_error(replayer):
    tried = [0]

    @settings(max_examples=SSE_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(lines=sse_lines, as_events=st.booleans())
    def attempt(lines: list[str], as_events: bool) -> None:
        replayer.body = "\n".join(lines).encode("utf-8", "replace")
        replayer.content_type = "text/event-stream" if as_events else "application/json"

        async def read() -> None:
            async with replayer.api.chat.stream(ChatRequest(model="m", messages=[])) as stream:
                async for _event in stream:
                    pass

        try:
            replayer.run(read())
        except ApiError:
            pass
        finally:
            replayer.content_type = "application/json"
        tried[0] += 1

    attempt()
    survived("hostile", "random server-sent-event streams", "events or a typed error, each", tries=SSE_EXAMPLES)


names = st.text(max_size=12)


def test_a_multipart_body_arrives_exactly_as_built(task_sim):
    folder = Path(tempfile.mkdtemp(prefix="fuzz-upload-"))
    loop = asyncio.new_event_loop()
    api = UniApi(ClientConfig(base_url=task_sim.base_url, api_key="test-key-not-secret", retry=NO_RETRY))
    tried = [0]

    @settings(max_examples=UPLOAD_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        fields=st.lists(st.tuples(names.filter(bool), st.text(max_size=40)), max_size=4, unique_by=lambda f: f[0]),
        files=st.lists(st.tuples(names.filter(bool), st.binary(max_size=3000)), min_size=1, max_size=3),
        chunk=st.integers(1, 4096),
    )
    def attempt(fields: list[tuple[str, str]], files: list[tuple[str, bytes]], chunk: int) -> None:
        parts = []
        for index, (filename, data) in enumerate(files):
            path = folder / f"part-{index}"
            path.write_bytes(data)
            parts.append(FilePart(f"file{index}", path, filename=filename))
        sent: list[tuple[int, int]] = []
        upload = MultipartUpload(
            fields, parts, progress=lambda done, total: sent.append((done, total)), chunk_size=chunk
        )
        body = loop.run_until_complete(api.client.post_multipart("/_sim/upload", upload, paid=False)).json()
        assert body["content_length"] == upload.content_length == sent[-1][0]

        def lines(text: str) -> str:
            return text.replace("\r\n", "\n").replace("\r", "\n")

        received = {k: [lines(v) for v in (vs if isinstance(vs, list) else [vs])] for k, vs in body["fields"].items()}
        assert received == {header_safe(k): [lines(v)] for k, v in fields}
        for index, (filename, data) in enumerate(files):
            [arrived] = body["files"][f"file{index}"]
            assert arrived["size"] == len(data) and arrived["sha256"] == hashlib.sha256(data).hexdigest()
            assert arrived["filename"] == header_safe(filename)
        tried[0] += 1

    try:
        attempt()
    finally:
        loop.run_until_complete(api.aclose())
        loop.close()
    assert tried[0] >= UPLOAD_EXAMPLES // 2
    survived(
        "input",
        "random multipart uploads (names with quotes and line breaks)",
        "arrived byte for byte",
        tries=UPLOAD_EXAMPLES,
    )
