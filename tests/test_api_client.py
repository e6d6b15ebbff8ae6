"""The async client against the simulator over real loopback sockets: every call, every error class."""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from pathlib import Path

import pytest
from conftest import TEST_KEY, journal, queue_fault

from studio.api.chat import ChatRequest
from studio.api.client import ClientConfig, UniApiClient
from studio.api.completions import CompletionRequest
from studio.api.errors import (
    ApiError,
    AuthError,
    BadRequestError,
    ConnectError,
    HtmlResponseError,
    InsufficientBalanceError,
    ModelUnavailableError,
    NotFoundError,
    PayloadTooLargeError,
    RateLimitError,
    RefusedConnectionError,
    RequestTimeoutError,
    ServerError,
    StreamCutError,
    StreamError,
)
from studio.api.gateway import UniApi
from studio.api.responses import ResponseRequest
from studio.api.retry import RetryPolicy
from studio.api.streaming import ReasoningDelta, TextDelta, ToolCallDelta, UsageReport
from studio.api.uploads import FilePart, MultipartUpload

CHAT = "/v1/chat/completions"
FAST_RETRY = RetryPolicy(base_delay=0.01, max_delay=0.05)


@pytest.fixture
async def api(sim):
    gateway = UniApi(ClientConfig(base_url=sim.base_url, api_key=TEST_KEY, retry=FAST_RETRY))
    yield gateway
    await gateway.aclose()


def ask(text: str, model: str = "gpt-4o-mini", **extra) -> ChatRequest:
    return ChatRequest(model=model, messages=[{"role": "user", "content": text}], **extra)


async def collect(stream) -> tuple[list, object]:
    events = []
    async with stream as opened:
        async for event in opened:
            events.append(event)
    return events, opened.result


# --- the calls -----------------------------------------------------------------------------------


async def test_models_list_names_chat_and_embedding_models(api):
    models = await api.models.list()
    assert "gpt-4o-mini" in models.ids
    assert "text-embedding-3-small" in models.ids
    assert all(isinstance(model_id, str) for model_id in models.ids)


async def test_balance_is_a_positive_dollar_amount(api):
    balance = await api.billing.balance()
    assert balance.balance is not None and balance.balance > 0
    assert not balance.unlimited


async def test_chat_reply_quotes_the_prompt_and_reports_usage(api, sim):
    result = await api.chat.create(ask("Tell me about otters"))
    assert "otters" in result.content
    assert result.finish_reason == "stop"
    assert result.usage is not None and result.usage.output_tokens > 0
    sent = journal(sim, CHAT)[-1]["body"]
    assert sent["stream"] is False and sent["messages"][0]["content"] == "Tell me about otters"


async def test_chat_stream_yields_text_deltas_that_add_up_to_the_reply(api, sim):
    whole = await api.chat.create(ask("Describe a lighthouse"))
    events, result = await collect(api.chat.stream(ask("Describe a lighthouse")))
    texts = [e.text for e in events if isinstance(e, TextDelta)]
    assert len(texts) > 5, "a streamed reply arrives in many pieces"
    assert "".join(texts) == result.content == whole.content
    assert any(isinstance(e, UsageReport) for e in events)
    assert result.usage.output_tokens == whole.usage.output_tokens
    sent = journal(sim, CHAT)[-1]["body"]
    assert sent["stream"] is True and sent["stream_options"] == {"include_usage": True}


async def test_chat_stream_assembles_tool_call_arguments_from_pieces(api):
    tools = [
        {
            "type": "function",
            "function": {
                "name": "get_weather",
                "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
            },
        }
    ]
    events, result = await collect(api.chat.stream(ask("Weather in Paris?", tools=tools)))
    pieces = [e for e in events if isinstance(e, ToolCallDelta)]
    assert len(pieces) > 1, "arguments arrive in several pieces"
    assert result.finish_reason == "tool_calls"
    (call,) = result.tool_calls
    assert call.function.name == "get_weather" and call.id
    assert isinstance(json.loads(call.function.arguments)["city"], str)
    whole = await api.chat.create(ask("Weather in Paris?", tools=tools))
    assert json.loads(whole.tool_calls[0].function.arguments) == json.loads(call.function.arguments)


async def test_reasoning_model_streams_its_reasoning_before_the_answer(api):
    events, result = await collect(api.chat.stream(ask("Why is the sky blue?", model="o3-mini")))
    kinds = [type(e) for e in events if isinstance(e, ReasoningDelta | TextDelta)]
    assert ReasoningDelta in kinds and TextDelta in kinds
    assert kinds.index(ReasoningDelta) < kinds.index(TextDelta)
    assert result.reasoning and result.content
    assert result.usage.reasoning_tokens > 0


async def test_legacy_completion_whole_and_streamed_agree(api, sim):
    request = CompletionRequest(model="gpt-3.5-turbo-instruct", prompt="Once upon a time", suffix="The end.")
    whole = await api.completions.create(request)
    events, streamed = await collect(api.completions.stream(request))
    assert whole.text and streamed.text == whole.text
    assert "".join(e.text for e in events if isinstance(e, TextDelta)) == whole.text
    assert journal(sim, "/v1/completions")[-1]["body"]["suffix"] == "The end."


async def test_responses_chain_turns_with_previous_response_id(api, sim):
    first = await api.responses.create(ResponseRequest(model="gpt-4o-mini", input="My name is Ada."))
    assert first.id.startswith("resp_") and first.output_text
    events, second = await collect(
        api.responses.stream(ResponseRequest(model="gpt-4o-mini", input="What is my name?", previous_response_id=first.id))
    )
    assert second.status == "completed" and second.id != first.id
    assert "".join(e.text for e in events if isinstance(e, TextDelta)) == second.output_text
    assert "Ada" in second.output_text, "the chained turn sees the earlier input"
    assert journal(sim, "/v1/responses")[-1]["body"]["previous_response_id"] == first.id


async def test_responses_unknown_previous_id_is_a_bad_request(api):
    with pytest.raises(BadRequestError) as caught:
        await api.responses.create(ResponseRequest(model="gpt-4o-mini", input="hi", previous_response_id="resp_nope"))
    assert caught.value.status == 400
    assert caught.value.code == "previous_response_not_found"


async def test_embeddings_float_and_base64_give_the_same_vectors(api):
    floats = await api.embeddings.create(["red", "blue"], dimensions=8)
    packed = await api.embeddings.create(["red", "blue"], dimensions=8, encoding_format="base64")
    assert [len(v) for v in floats.vectors] == [8, 8]
    for a, b in zip(floats.vectors, packed.vectors, strict=True):
        assert a == pytest.approx(b, abs=1e-6)
    assert floats.vectors[0] != floats.vectors[1]
    assert floats.usage.input_tokens > 0


async def test_moderation_flags_violence(api):
    result = await api.moderations.create("I will kill them all")
    verdict = result.results[0]
    assert verdict.flagged and "violence" in verdict.flagged_categories
    calm = (await api.moderations.create("I love gardening")).results[0]
    assert not calm.flagged


# --- errors --------------------------------------------------------------------------------------


async def test_wrong_key_is_an_auth_error_without_the_key_in_it(sim):
    secret = "wrong-key-0123456789abcdef"
    async with UniApi(ClientConfig(base_url=sim.base_url, api_key=secret)) as api:
        with pytest.raises(AuthError) as caught:
            await api.models.list()
    error = caught.value
    assert error.status == 401 and "key" in error.user_message
    assert secret not in error.details and secret not in str(error)


@pytest.mark.parametrize(
    ("kind", "error_type", "words"),
    [
        ("400", BadRequestError, "invalid"),
        ("403", InsufficientBalanceError, "balance"),
        ("404", NotFoundError, "base URL"),
        ("413", PayloadTooLargeError, "too large"),
        ("500", ServerError, "internal error"),
        ("502", ServerError, "web error page"),
        ("html", HtmlResponseError, "web page instead of API data"),
    ],
)
async def test_each_failure_maps_to_one_plain_sentence(api, sim, kind, error_type, words):
    queue_fault(sim, CHAT, kind, count=1)
    with pytest.raises(error_type) as caught:
        await api.chat.create(ask("hello"))
    assert words in caught.value.user_message
    assert caught.value.user_message.count(".") >= 1 and "\n" not in caught.value.user_message
    assert caught.value.details, "raw details are kept for 'Details'"


async def test_rate_limit_carries_retry_after_and_is_retried_for_a_paid_submit(api, sim):
    queue_fault(sim, CHAT, "429", count=2, retry_after=0)
    result = await api.chat.create(ask("after the rate limit"))
    assert "rate limit" in result.content
    assert len(journal(sim, CHAT)) == 3, "two refusals, then the try that worked"


async def test_retry_after_is_honoured(api, sim):
    queue_fault(sim, CHAT, "429", count=1, retry_after=1)
    started = time.monotonic()
    await api.chat.create(ask("patience"))
    assert time.monotonic() - started >= 0.9


async def test_rate_limit_that_persists_surfaces_as_rate_limit_error(api, sim):
    queue_fault(sim, CHAT, "429", count=10, retry_after=0)
    with pytest.raises(RateLimitError) as caught:
        await api.chat.create(ask("never"))
    assert caught.value.retry_after == 0
    assert len(journal(sim, CHAT)) == FAST_RETRY.submit_attempts


async def test_paid_submit_is_not_repeated_after_a_500(api, sim):
    queue_fault(sim, CHAT, "500", count=1)
    with pytest.raises(ServerError):
        await api.chat.create(ask("charged once"))
    assert len(journal(sim, CHAT)) == 1


async def test_paid_submit_is_repeated_after_a_503(api, sim):
    queue_fault(sim, CHAT, "503", count=1)
    assert (await api.chat.create(ask("try again"))).content
    assert len(journal(sim, CHAT)) == 2


async def test_polling_get_is_repeated_after_server_errors(api, sim):
    queue_fault(sim, "/v1/models", "500", count=2)
    assert "gpt-4o-mini" in (await api.models.list()).ids
    assert len(journal(sim, "/v1/models")) == 3


async def test_unknown_model_is_not_retried_and_says_so(api, sim):
    with pytest.raises(ModelUnavailableError) as caught:
        await api.chat.create(ask("hi", model="no-such-model"))
    assert "not available" in caught.value.user_message
    assert len(journal(sim, CHAT)) == 1


async def test_timeout_after_sending_is_never_retried(sim):
    config = ClientConfig(base_url=sim.base_url, api_key=TEST_KEY, read_timeout=0.3, retry=FAST_RETRY)
    async with UniApi(config) as api:
        with pytest.raises(RequestTimeoutError) as caught:
            await api.client.post_json(CHAT, ask("slow").body(stream=False), extra_headers={"X-Sim-Fault": "slow"})
    assert caught.value.request_sent
    assert len(journal(sim, CHAT)) == 1


async def test_a_refused_connection_is_tried_once_more_then_reported(closed_port_url):
    notices = []
    config = ClientConfig(base_url=closed_port_url, api_key=TEST_KEY, retry=FAST_RETRY)
    async with UniApi(config, on_retry=lambda error, wait, attempt: notices.append(attempt)) as api:
        with pytest.raises(RefusedConnectionError) as caught:
            await api.chat.create(ask("anyone there?"))
        assert not caught.value.request_sent
        assert notices == [2], "a submit that never left may be sent again, but nothing listens there"
        assert "nothing answers at that address" in caught.value.user_message
        assert "Errno 111" in caught.value.details or "refused" in caught.value.details.lower()
        notices.clear()
        with pytest.raises(RefusedConnectionError):
            await api.models.list()
        assert notices == [2], "a GET too: one more try, not four"


async def test_a_connect_failure_other_than_a_refusal_keeps_every_retry():
    notices = []
    config = ClientConfig(base_url="http://no-such-host.invalid", api_key=TEST_KEY, retry=FAST_RETRY)
    async with UniApi(config, on_retry=lambda error, wait, attempt: notices.append(attempt)) as api:
        with pytest.raises(ConnectError) as caught:
            await api.models.list()
    assert not isinstance(caught.value, RefusedConnectionError)
    assert notices == [2, 3, 4, 5], "a name lookup or network hiccup may pass: a GET keeps its retries"


async def test_cut_non_stream_reply_is_a_network_error_and_not_repeated(api, sim):
    queue_fault(sim, CHAT, "cut", count=1)
    with pytest.raises(StreamCutError):
        await api.chat.create(ask("cut me"))
    assert len(journal(sim, CHAT)) == 1


async def test_cut_stream_keeps_what_arrived(api, sim):
    full = await api.chat.create(ask("A long story about the sea [[tokens:120]]"))
    queue_fault(sim, CHAT, "cut", count=1)
    received = []
    async with api.chat.stream(ask("A long story about the sea [[tokens:120]]")) as stream:
        with pytest.raises(StreamCutError):
            async for event in stream:
                if isinstance(event, TextDelta):
                    received.append(event.text)
        partial = stream.result.content
    assert partial and partial == "".join(received)
    assert len(partial) < len(full.content) and full.content.startswith(partial)
    assert len(journal(sim, CHAT)) == 2, "the cut stream was not sent again"


async def test_error_inside_the_stream_keeps_the_partial_text(api, sim):
    queue_fault(sim, CHAT, "stream-error", count=1)
    async with api.chat.stream(ask("fails midway")) as stream:
        with pytest.raises(StreamError) as caught:
            async for _ in stream:
                pass
    assert caught.value.server_message
    assert stream.result.content, "the text before the error is kept"


async def test_stream_open_is_retried_on_429(api, sim):
    queue_fault(sim, CHAT, "429", count=1, retry_after=0)
    _events, result = await collect(api.chat.stream(ask("stream after a 429")))
    assert result.content and result.finish_reason == "stop"
    assert len(journal(sim, CHAT)) == 2


async def test_cancelling_a_stream_closes_it_and_keeps_the_partial_text(sim):
    config = ClientConfig(base_url=sim.base_url, api_key=TEST_KEY, headers={"X-Sim-Token-Rate": "300"})
    async with UniApi(config) as api:
        seen: list[str] = []
        holder = {}

        async def consume():
            async with api.chat.stream(ask("count slowly [[tokens:400]]")) as stream:
                holder["stream"] = stream
                async for event in stream:
                    if isinstance(event, TextDelta):
                        seen.append(event.text)

        task = asyncio.create_task(consume())
        while len(seen) < 5:
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert holder["stream"].result.content == "".join(seen)
        assert 5 <= len(seen) < 400


# --- uploads -------------------------------------------------------------------------------------


async def test_multipart_upload_streams_from_disk_with_exact_length_and_progress(sim, tmp_path: Path):
    payload = tmp_path / "big.bin"
    payload.write_bytes(bytes(range(256)) * (12 * 1024))  # 3 MiB
    progress: list[tuple[int, int]] = []
    upload = MultipartUpload(
        [("model", "whisper-1"), ("timestamp_granularities[]", "word"), ("timestamp_granularities[]", "segment")],
        [FilePart("file", payload, content_type="application/octet-stream")],
        progress=lambda sent, total: progress.append((sent, total)),
    )
    async with UniApiClient(ClientConfig(base_url=sim.base_url, api_key=TEST_KEY)) as client:
        reply = (await client.post_multipart("/_sim/upload", upload)).json()
    assert reply["content_length"] == upload.content_length
    (received,) = reply["files"]["file"]
    assert received["size"] == payload.stat().st_size
    assert received["sha256"] == hashlib.sha256(payload.read_bytes()).hexdigest()
    assert reply["fields"]["timestamp_granularities[]"] == ["word", "segment"]
    sent = [s for s, _ in progress]
    assert sent == sorted(sent) and progress[-1] == (upload.content_length, upload.content_length)
    assert len(progress) > 10, "progress is reported chunk by chunk"


def test_api_error_is_an_exception_with_a_sentence():
    error = ApiError()
    assert str(error) == error.user_message and error.user_message.endswith(".")
