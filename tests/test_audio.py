"""Audio over loopback: the API client, the core checks/split/stitch/export/TTS, and the CLI commands."""

from __future__ import annotations

import itertools
import json
import math
import shutil

import av
import pytest
from conftest import DATA, TEST_KEY, journal

from studio.api.audio import Transcript, TranscriptDelta, TranscriptionRequest, parse_cues
from studio.api.client import ClientConfig
from studio.api.gateway import UniApi
from studio.cli import main
from studio.core.audio import (
    AudioInputError,
    chunk_bounds,
    export_transcript,
    inspect_audio,
    speak,
    split_for_speech,
    transcribe_file,
)

WAV = DATA / "speech-en.wav"
MP3 = DATA / "speech-en.mp3"
TRANSCRIBE = "/v1/audio/transcriptions"


@pytest.fixture
def api(sim):
    return UniApi(ClientConfig(base_url=sim.base_url, api_key=TEST_KEY))


def current_loop():
    import asyncio

    try:
        return asyncio.get_event_loop_policy().get_event_loop()
    except RuntimeError:
        return None


def run(coro):
    """Run on a private loop; the session's qasync loop stays the current one for the GUI tests."""
    import asyncio

    previous = current_loop()
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(coro)
    finally:
        loop.close()
        asyncio.set_event_loop(previous)


def test_every_format_parses_with_progress(api, sim):
    async def scenario():
        results = {}
        progress: list[tuple[int, int]] = []
        async with api:
            for fmt in ("json", "text", "srt", "vtt", "verbose_json"):
                request = TranscriptionRequest(model="whisper-1", response_format=fmt)
                results[fmt] = await api.audio.transcribe(WAV, request, progress=lambda s, t: progress.append((s, t)))
        return results, progress

    results, progress = run(scenario())
    assert progress[-1][0] == progress[-1][1] > WAV.stat().st_size
    assert len({r.text for r in results.values()}) == 1, {k: r.text for k, r in results.items()}
    assert results["verbose_json"].duration == pytest.approx(5.67, abs=0.05)
    for fmt in ("srt", "vtt", "verbose_json"):
        assert [round(s.start, 2) for s in results[fmt].segments] == [
            round(s.start, 2) for s in results["verbose_json"].segments
        ]


def test_stream_deltas_and_multipart_fields(api, sim):
    async def scenario():
        events = []
        async with api:
            request = TranscriptionRequest(model="gpt-4o-transcribe", language="en", prompt="Fox", stream=True,
                                           logprobs=True, temperature=0.2)
            async for event in api.audio.stream(MP3, request):
                events.append(event)
        return events

    events = run(scenario())
    deltas = [e for e in events if isinstance(e, TranscriptDelta)]
    assert len(deltas) > 3 and isinstance(events[-1], Transcript)
    assert "".join(d.text for d in deltas) == events[-1].text and events[-1].logprobs
    form = journal(sim, TRANSCRIBE)[-1]["form"]
    assert form["model"] == "gpt-4o-transcribe" and form["stream"] == "true" and form["language"] == "en"
    assert form["include[]"] == ["logprobs"] and form["prompt"] == "Fox"


def test_translate_and_speech_and_errors(api, sim, tmp_path):
    from studio.api.errors import ApiResponseError

    async def scenario():
        async with api:
            translated = await api.audio.transcribe(WAV, TranscriptionRequest(), translate=True)
            out = await api.audio.speech("Hello there.", tmp_path / "hi.opus", response_format="opus", voice="echo")
            with pytest.raises(ApiResponseError):
                await api.audio.transcribe(WAV, TranscriptionRequest(model="gpt-4o-transcribe", response_format="srt"))
        return translated, out

    translated, out = run(scenario())
    assert translated.text and journal(sim, "/v1/audio/translations")
    with av.open(str(out)) as container:
        assert container.streams.audio[0].codec_context.name == "opus"


def test_input_checks_sniff_content_not_name(tmp_path):
    fake = tmp_path / "song.mp3"
    fake.write_text("just some text, not audio at all" * 10)
    with pytest.raises(AudioInputError, match="not an audio"):
        inspect_audio(fake)
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    with pytest.raises(AudioInputError, match="empty"):
        inspect_audio(empty)
    truncated = tmp_path / "cut.wav"
    truncated.write_bytes(WAV.read_bytes()[: WAV.stat().st_size // 2])
    with pytest.raises(AudioInputError, match="truncated"):
        inspect_audio(truncated)
    renamed = tmp_path / "speech.bin"
    shutil.copy(MP3, renamed)
    assert inspect_audio(renamed).duration == pytest.approx(5.67, abs=0.1)
    with pytest.raises(AudioInputError, match="cannot be read"):
        inspect_audio(tmp_path / "missing.wav")


def test_oversize_file_is_split_at_quiet_points_and_stitched(api, sim):
    audio = inspect_audio(WAV)
    bounds = chunk_bounds(audio, 10_000)
    assert len(bounds) == 3 and bounds[0][0] == 0 and bounds[-1][1] == pytest.approx(audio.duration)
    progress: list[tuple[int, int]] = []

    async def scenario():
        async with api:
            request = TranscriptionRequest(model="whisper-1", response_format="verbose_json",
                                           timestamp_granularities=["word", "segment"])
            return await transcribe_file(api, WAV, request, limit=10_000, progress=lambda s, t: progress.append((s, t)))

    transcript = run(scenario())
    uploads = journal(sim, TRANSCRIBE)
    assert len(uploads) == 3 and all(u["files"]["file"][0]["size"] < 10_000 for u in uploads)
    assert all(u["files"]["file"][0]["filename"].endswith(".mp3") for u in uploads)
    starts = [s.start for s in transcript.segments]
    assert starts == sorted(starts) and transcript.segments[-1].end <= audio.duration + 0.1
    assert transcript.segments[-1].start > bounds[-1][0] - 0.5, "the last chunk's times were shifted"
    assert progress[-1][0] == progress[-1][1] and all(b <= a for (b, _), (a, _) in itertools.pairwise(progress))
    srt = export_transcript(transcript, "srt")
    assert [s.text for s in parse_cues(srt)] == [s.text for s in transcript.segments]
    assert json.loads(export_transcript(transcript, "json"))["segments"]
    assert export_transcript(transcript, "vtt").startswith("WEBVTT")


def test_a_file_split_while_uploading_starts_with_a_short_first_piece():
    """The first piece ends at a quiet point near `first` (its encoding is what the first byte waits for);
    the rest are cut evenly under `longest`, and the pieces cover the whole file without gaps."""
    audio = inspect_audio(WAV)
    longest = audio.duration / 3
    bounds = chunk_bounds(audio, 10**9, longest, first=audio.duration / 8)
    assert abs(bounds[0][1] - audio.duration / 8) <= audio.duration / 32 + 0.05
    assert all(end - start <= longest + 2 * min(10.0, longest / 4) for start, end in bounds)
    assert bounds[0][0] == 0 and bounds[-1][1] == audio.duration
    assert all(a[1] == b[0] for a, b in itertools.pairwise(bounds))
    assert len(bounds) == 1 + math.ceil((audio.duration - bounds[0][1]) / longest)
    # A file no longer than one piece and a half is not cut for the sake of a short first piece.
    assert chunk_bounds(audio, 10**9, audio.duration, first=audio.duration / 1.4) == [(0.0, audio.duration)]


def test_long_file_uploads_its_first_piece_while_later_pieces_still_encode(api, sim, monkeypatch):
    """An oversize file is cut into pieces of at most STREAM_CHUNK_SECONDS; the first upload starts before
    the last piece is encoded (the hour-long recording no longer waits ~18 s in the encoder)."""
    import threading
    import time

    import studio.core.audio as core_audio

    audio = inspect_audio(WAV)
    monkeypatch.setattr(core_audio, "STREAM_CHUNK_SECONDS", audio.duration / 4)
    encoded_at: list[float] = []
    uploading = threading.Event()
    real_encode = core_audio.encode_chunk

    def timed_encode(audio_file, folder, index, start, end, limit):
        if index == 3:  # the last piece is slow to encode: with uploads waiting for it, this waits 10 s
            uploading.wait(10)
        chunk = real_encode(audio_file, folder, index, start, end, limit)
        encoded_at.append(time.monotonic())
        return chunk

    monkeypatch.setattr(core_audio, "encode_chunk", timed_encode)
    first_byte: list[float] = []

    def progress(done: int, _total: int) -> None:
        if done and not first_byte:
            first_byte.append(time.monotonic())
            uploading.set()

    async def scenario():
        async with api:
            request = TranscriptionRequest(model="whisper-1", response_format="verbose_json")
            return await transcribe_file(api, WAV, request, limit=audio.size - 1, parallel=1, progress=progress)

    transcript = run(scenario())
    uploads = journal(sim, TRANSCRIBE)
    assert len(uploads) == len(encoded_at) == 4, "cut at the piece length, not only at the size limit"
    assert all(u["files"]["file"][0]["filename"].endswith(".mp3") for u in uploads)
    assert first_byte[0] < max(encoded_at), "the first upload waited for every piece to be encoded"
    starts = [s.start for s in transcript.segments]
    assert starts == sorted(starts) and transcript.segments[-1].end <= audio.duration + 0.1


def test_long_text_is_spoken_in_sentence_pieces_and_joined(api, sim, tmp_path):
    text = " ".join(f"Sentence number {i} is here." for i in range(300))
    pieces = split_for_speech(text, 4096)
    assert len(pieces) >= 2 and all(len(p) <= 4096 and p.endswith(".") for p in pieces)

    async def scenario():
        async with api:
            return await speak(api, text[:2000], tmp_path / "long.mp3", voice="nova", limit=500)

    out = run(scenario())
    with av.open(str(out)) as container:
        assert container.duration / 1e6 > 30
    assert len(journal(sim, "/v1/audio/speech")) >= 4
    assert split_for_speech("你好。欢迎使用。", 5) == ["你好。", "欢迎使用。"]


def cli(*args: str, sim) -> tuple[int, str, str]:
    import asyncio
    import contextlib
    import io

    previous = current_loop()
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--base-url", sim.base_url, "--api-key", TEST_KEY, *args])
    asyncio.set_event_loop(previous)  # asyncio.run() leaves no current loop behind
    return code, out.getvalue(), err.getvalue()


def test_cli_transcribe_and_speak(sim, studio_home, tmp_path):
    code, out, err = cli("transcribe", str(WAV), "--format", "srt", sim=sim)
    assert code == 0, err
    assert out.startswith("1\n00:00:") and "-->" in out
    code, out, _ = cli("transcribe", str(MP3), "--format", "verbose_json", "--timestamps", "word,segment", sim=sim)
    assert code == 0 and json.loads(out)["words"]
    assert journal(sim, TRANSCRIBE)[-1]["form"]["timestamp_granularities[]"] == ["word", "segment"]
    code, out, _ = cli("transcribe", str(WAV), "--translate", sim=sim)
    assert code == 0 and out.strip()
    target = tmp_path / "hello.mp3"
    code, out, err = cli("speak", "Hello from the studio.", "--out-file", str(target), "--voice", "onyx", sim=sim)
    assert code == 0, err
    with av.open(str(target)) as container:
        assert container.duration > 0
    sent = len(journal(sim, TRANSCRIBE))
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"garbage" * 100)
    code, _, err = cli("transcribe", str(bad), sim=sim)
    assert code == 2 and "not an audio" in err
    code, _, err = cli("transcribe", str(WAV), "--model", "gpt-4o-transcribe", "--format", "srt", sim=sim)
    assert code == 2 and "json" in err
    assert len(journal(sim, TRANSCRIBE)) == sent, "nothing was sent for bad input"
    code, _, err = cli("transcribe", str(WAV), "--model", "no-such-model", sim=sim)
    assert code == 3
    code, _, err = cli("speak", "x", "--out-file", str(target), "--voice", "nobody", sim=sim)
    assert code == 3


def test_zh_sample_is_recognised(api, sim):
    path = DATA / "speech-zh.wav"

    async def scenario():
        async with api:
            return await api.audio.transcribe(path, TranscriptionRequest(language="zh", response_format="verbose_json"))

    transcript = run(scenario())
    assert transcript.language == "chinese" and transcript.segments
