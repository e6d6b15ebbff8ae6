"""The simulated audio families: multipart parsing and rejections like the gateway's, every reply format,
streamed deltas, synthesised speech in every format; replies read by the official openai SDK and checked
against OpenAI's published schemas."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

import av
import httpx
import openai
import pytest
from conftest import DATA, TEST_KEY, journal
from test_simulator_fidelity import assert_matches_schema

from studio.simulator.audio import SPEECH_FORMATS, decode_mono
from studio.simulator.server import SimulatorServer

TRANSCRIBE = "/v1/audio/transcriptions"
TRANSLATE = "/v1/audio/translations"
SPEECH = "/v1/audio/speech"
WAV = DATA / "speech-en.wav"
MP3 = DATA / "speech-en.mp3"


@pytest.fixture
def http(sim: SimulatorServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sim.base_url, headers={"Authorization": f"Bearer {TEST_KEY}"}, timeout=20) as c:
        yield c


@pytest.fixture
def sdk(sim: SimulatorServer) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(base_url=f"{sim.base_url}/v1", api_key=TEST_KEY, max_retries=0) as client:
        yield client


def post_audio(http: httpx.Client, path: str, data: list[tuple[str, str]], name: str = "speech.wav",
               content: bytes | None = None) -> httpx.Response:
    content = WAV.read_bytes() if content is None else content
    fields: dict[str, list[str]] = {}
    for name_, value in data:
        fields.setdefault(name_, []).append(value)
    return http.post(path, data=fields, files={"file": (name, content, "audio/wav")})  # type: ignore[arg-type]


def test_verbose_json_follows_the_recording(http):
    reply = post_audio(http, TRANSCRIBE, [("model", "whisper-1"), ("response_format", "verbose_json"),
                                          ("timestamp_granularities[]", "word"),
                                          ("timestamp_granularities[]", "segment")])
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert_matches_schema("CreateTranscriptionResponseVerboseJson", body)
    assert body["duration"] == pytest.approx(5.67, abs=0.05)
    assert len(body["segments"]) >= 2 and body["words"]
    assert all(0 <= s["start"] < s["end"] <= body["duration"] for s in body["segments"])
    assert body["words"][-1]["end"] <= body["duration"]
    entry = journal_last(http)
    assert entry["form"]["timestamp_granularities[]"] == ["word", "segment"]
    assert entry["files"]["file"][0]["size"] == WAV.stat().st_size


def journal_last(http: httpx.Client) -> dict:
    return http.get("/_sim/requests", params={"path": TRANSCRIBE}).json()[-1]


def test_text_srt_vtt_and_json(http):
    texts = {}
    for fmt in ("json", "text", "srt", "vtt"):
        reply = post_audio(http, TRANSCRIBE, [("model", "whisper-1"), ("response_format", fmt)], "a.mp3",
                           MP3.read_bytes())
        assert reply.status_code == 200, reply.text
        texts[fmt] = reply.text
    assert json.loads(texts["json"])["text"] == texts["text"].strip()
    assert texts["srt"].startswith("1\n00:00:") and " --> " in texts["srt"]
    assert texts["vtt"].startswith("WEBVTT\n\n00:00:")


def test_gateway_rejections(http, sim):
    cases = [
        ([("model", "gpt-4o-transcribe"), ("response_format", "srt")], "a.wav", None, 400, "response_format"),
        ([("model", "whisper-1"), ("include[]", "logprobs")], "a.wav", None, 400, "include"),
        ([("model", "whisper-1"), ("timestamp_granularities[]", "word")], "a.wav", None, 400,
         "timestamp_granularities"),
        ([("model", "whisper-1")], "a.txt", None, 400, "file"),
        ([("model", "whisper-1")], "a.wav", b"RIFF-not-really-audio" * 10, 400, "file"),
        ([("model", "tts-1")], "a.wav", None, 400, "model"),
        ([("model", "nope-1")], "a.wav", None, 503, None),
        ([("model", "whisper-1")], "a.wav", b"\0" * (25 * 1024 * 1024 + 1), 413, "file"),
    ]
    for fields, name, content, status, param in cases:
        reply = post_audio(http, TRANSCRIBE, fields, name, content)
        assert reply.status_code == status, (fields, name, reply.text)
        if param:
            assert reply.json()["error"]["param"] == param
    reply = post_audio(http, TRANSLATE, [("model", "gpt-4o-transcribe")])
    assert reply.status_code == 400 and reply.json()["error"]["param"] == "model"


def test_logprobs_and_stream_for_gpt4o(http):
    reply = post_audio(http, TRANSCRIBE, [("model", "gpt-4o-transcribe"), ("include[]", "logprobs")])
    body = reply.json()
    assert_matches_schema("CreateTranscriptionResponseJson", body)
    assert body["logprobs"] and body["usage"]["type"] == "tokens"
    reply = post_audio(http, TRANSCRIBE, [("model", "gpt-4o-mini-transcribe"), ("stream", "true")])
    assert reply.headers["content-type"].startswith("text/event-stream")
    events = [json.loads(line[6:]) for line in reply.text.splitlines() if line.startswith("data: ")]
    deltas = [e for e in events if e["type"] == "transcript.text.delta"]
    assert len(deltas) > 3 and events[-1]["type"] == "transcript.text.done"
    assert "".join(e["delta"] for e in deltas) == events[-1]["text"]
    for event in (deltas[0], events[-1]):
        assert_matches_schema("CreateTranscriptionResponseStreamEvent", event)


def test_openai_sdk_reads_transcriptions_and_translations(sdk):
    with WAV.open("rb") as audio:
        verbose = sdk.audio.transcriptions.create(model="whisper-1", file=audio, response_format="verbose_json",
                                                  timestamp_granularities=["word", "segment"])
    assert verbose.segments and verbose.words and verbose.duration > 5
    with MP3.open("rb") as audio:
        plain = sdk.audio.transcriptions.create(model="gpt-4o-transcribe", file=audio)
    assert plain.text
    with MP3.open("rb") as audio:
        srt = sdk.audio.transcriptions.create(model="whisper-1", file=audio, response_format="srt")
    assert "-->" in srt
    with WAV.open("rb") as audio:
        translated = sdk.audio.translations.create(model="whisper-1", file=audio)
    assert translated.text
    with WAV.open("rb") as audio:
        stream = sdk.audio.transcriptions.create(model="gpt-4o-transcribe", file=audio, stream=True)
        events = list(stream)
    assert events[-1].type == "transcript.text.done" and events[0].type == "transcript.text.delta"
    with pytest.raises(openai.BadRequestError), WAV.open("rb") as audio:
        sdk.audio.translations.create(model="gpt-4o-transcribe", file=audio)


def test_speech_in_every_format_decodes_with_length_from_text_and_speed(sdk, sim):
    text = "The quick brown fox jumps over the lazy dog. Studio speaks."
    lengths = {}
    for fmt in SPEECH_FORMATS:
        reply = sdk.audio.speech.create(model="tts-1", voice="alloy", input=text, response_format=fmt)  # type: ignore[arg-type]
        data = reply.read()
        if fmt == "pcm":
            lengths[fmt] = len(data) / 2 / 24000
        else:
            lengths[fmt] = len(decode_mono(data)) / 16000
            with av.open(io.BytesIO(data)) as container:
                assert container.streams.audio
    assert all(abs(seconds - lengths["wav"]) < 0.2 for seconds in lengths.values()), lengths
    fast = sdk.audio.speech.create(model="gpt-4o-mini-tts", voice="coral", input=text, speed=2.0,
                                   instructions="cheerful")
    assert len(decode_mono(fast.read())) / 16000 < lengths["wav"] * 0.7
    longer = sdk.audio.speech.create(model="tts-1", voice="nova", input=text * 3, response_format="wav")
    assert len(decode_mono(longer.read())) / 16000 > lengths["wav"] * 2.5
    assert journal(sim, SPEECH)[-1]["body"]["voice"] == "nova"
    with pytest.raises(openai.BadRequestError):
        sdk.audio.speech.create(model="tts-1", voice="alloy", input=text, instructions="whisper")
    with pytest.raises(openai.BadRequestError):
        sdk.audio.speech.create(model="tts-1", voice="nobody", input=text)  # type: ignore[arg-type]
    with pytest.raises(openai.BadRequestError):
        sdk.audio.speech.create(model="tts-1", voice="alloy", input=text, speed=5)
