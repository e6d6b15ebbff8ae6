"""The Audio tab in the real window, offscreen, against the simulator over loopback."""

from __future__ import annotations

import io

import av
from conftest import DATA, click_row, drop_files, journal, until
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QApplication

from studio.ui.audio.audio_tab import AudioTab

TRANSCRIBE = "/v1/audio/transcriptions"
WAV = DATA / "speech-en.wav"
MP3 = DATA / "speech-en.mp3"


def audio_tab(window) -> AudioTab:
    tab = window.show_tab("audio")
    assert isinstance(tab, AudioTab)
    return tab


def choose(combo, value) -> None:
    """Pick the entry whose value is `value`, as a user picks it from the list."""
    combo.setCurrentIndex(combo.findData(value))


def test_dropped_files_upload_transcribe_and_seek(open_window, run_async, sim, qtbot):
    window = open_window()
    tab = audio_tab(window)
    tab.model.setCurrentText("whisper-1")
    choose(tab.response_format, "verbose_json")
    tab.word_stamps.setChecked(True)
    tab.segment_stamps.setChecked(True)
    tab.language.setText("en")
    progress: dict[int, list[int]] = {}

    def all_done() -> bool:
        for job in tab.jobs.values():
            seen = progress.setdefault(job.id, [])
            if not seen or seen[-1] != job.row.bar.value():
                seen.append(job.row.bar.value())
        return len(tab.jobs) == 2 and all(job.transcript for job in tab.jobs.values())

    async def scenario():
        assert drop_files(tab.queue, [WAV, MP3])
        await until(all_done, timeout=20, interval=0.002, message="the transcripts never arrived")

    run_async(scenario())
    assert len(progress) == 2 and all(values[-1] == 100 and values == sorted(values) for values in progress.values())
    newest = max(tab.jobs.values(), key=lambda job: job.id if job.transcript else -1)
    shown = tab.current
    assert shown is not None and shown.transcript is not None, "a finished file is on screen"
    assert tab.transcript.toPlainText() == shown.transcript.text and newest.transcript is not None
    assert tab.segments.count() == len(shown.transcript.segments) >= 2
    assert tab.player.player.source() == QUrl.fromLocalFile(str(shown.path))
    click_row(qtbot, tab.segments, tab.segments.model().index(1, 0))
    start = shown.transcript.segments[1].start
    assert abs(tab.waveform.playhead.value() - start) < 1e-6

    async def seeked():
        await until(lambda: abs(tab.player.player.position() - start * 1000) < 2, message="the player never moved")

    run_async(seeked())
    sent = journal(sim, TRANSCRIBE)
    assert len(sent) == 2
    names = sorted(entry["files"]["file"][0]["filename"] for entry in sent)
    assert names == ["speech-en.mp3", "speech-en.wav"]
    for entry in sent:
        form = entry["form"]
        assert form["model"] == "whisper-1" and form["response_format"] == "verbose_json"
        assert form["timestamp_granularities[]"] == ["word", "segment"] and form["language"] == "en"
    # the other file's result shows when its row is chosen
    other = next(job for job in tab.jobs.values() if job is not shown)
    rows = [tab.queue.itemWidget(tab.queue.item(n)) for n in range(tab.queue.count())]
    click_row(qtbot, tab.queue, tab.queue.model().index(rows.index(other.row), 0))
    assert tab.player.player.source() == QUrl.fromLocalFile(str(other.path))
    assert tab.transcript.toPlainText() == other.transcript.text


def test_options_offer_only_what_the_model_accepts(open_window):
    tab = audio_tab(open_window())
    tab.model.setCurrentText("gpt-4o-transcribe")
    formats = [tab.response_format.itemData(i) for i in range(tab.response_format.count())]
    assert formats == ["json"] and tab.response_format.currentText() == "Text" and tab.logprobs.isEnabled() and tab.stream.isEnabled()
    assert not tab.translate.isEnabled() and not tab.word_stamps.isEnabled()
    tab.model.setCurrentText("whisper-1")
    assert tab.response_format.count() == 5 and not tab.logprobs.isEnabled() and tab.translate.isEnabled()


def test_streamed_transcript_and_export(open_window, run_async, sim, tmp_path):
    tab = audio_tab(open_window())
    tab.model.setCurrentText("gpt-4o-mini-transcribe")
    tab.stream.setChecked(True)
    shown: list[str] = []
    tab.transcript.textChanged.connect(lambda: shown.append(tab.transcript.toPlainText()))

    async def scenario():
        assert drop_files(tab.queue, [MP3])
        await until(lambda: tab.current is not None and tab.current.transcript is not None, timeout=20)

    run_async(scenario())
    growing = [text for text in shown if text]
    assert len(tab.current.streamed) > 3 and "".join(tab.current.streamed) == tab.current.transcript.text
    assert len(growing) > 3 and growing[0] != growing[-1], "the text grew on screen while it streamed"
    assert journal(sim, TRANSCRIBE)[-1]["form"]["stream"] == "true"
    tab.transcript.setPlainText("Edited words.")
    target = tmp_path / "out.txt"

    async def export():
        tab.export_to(target, "txt")
        await until(target.exists)

    run_async(export())
    assert target.read_text(encoding="utf-8") == "Edited words.\n"
    tab.copy_transcript()
    assert QApplication.clipboard().text() == "Edited words."


def test_corrupt_file_shows_a_message_and_sends_nothing(open_window, run_async, sim, tmp_path):
    tab = audio_tab(open_window())
    bad = tmp_path / "broken.mp3"
    bad.write_bytes(b"this is not audio" * 50)
    messages: list[str] = []
    tab.status.connect(messages.append)

    async def scenario():
        assert drop_files(tab.queue, [bad])
        await until(lambda: messages, timeout=10)

    run_async(scenario())
    row = next(iter(tab.jobs.values())).row
    assert "broken.mp3" in messages[0] and "not an audio" in row.state.text()
    assert journal(sim, TRANSCRIBE) == []


def test_speech_writes_a_playable_file_and_saves_to_library(open_window, run_async, sim):
    window = open_window()
    tab = audio_tab(window)
    tab.tts_text.setPlainText("Hello from the studio. This is a speech test.")
    assert "45" in tab.tts_count.text()
    tab.voice.setCurrentText("verse")
    tab.speed.setValue(1.5)
    tab.tts_format.setCurrentText("wav")
    messages: list[str] = []
    tab.status.connect(messages.append)

    async def scenario():
        tab.speak_button.click()
        await until(lambda: tab.speech_file is not None, timeout=20, message="no speech file")
        tab.speech_player.play_button.click()
        await until(lambda: tab.speech_player.player.duration() > 0, timeout=10, message="QMediaPlayer never loaded the speech")
        await until(lambda: tab.speech_player.play_button.text() == "Pause", message="Play never became Pause")
        tab.save_speech_to_library()
        await until(lambda: window.findChild(AudioTab).workspace.library.count() >= 1, timeout=10)

    run_async(scenario())
    tab.speech_player.stop()
    body = journal(sim, "/v1/audio/speech")[-1]["body"]
    assert body["voice"] == "verse" and body["speed"] == 1.5 and body["response_format"] == "wav"
    with av.open(io.BytesIO(tab.speech_file.read_bytes())) as container:
        assert container.duration > 0 and container.streams.audio
    assert tab.speech_player.player.source() == QUrl.fromLocalFile(str(tab.speech_file))
    assert tab.player.player.source() != tab.speech_player.player.source(), "speech has a player of its own"
    asset = tab.workspace.library.assets()[0]
    assert asset.kind == "audio" and asset.family == "audio"


def test_the_newest_result_shows_and_the_views_speak_words_not_api_values(open_window, run_async):
    tab = audio_tab(open_window())
    assert tab.waveform._stack.currentWidget() is tab.waveform.empty, "no empty axis before any audio"
    assert tab.waveform.empty.text() == "Drop a file to see its waveform"
    labels = [tab.response_format.itemText(i) for i in range(tab.response_format.count())]
    assert "verbose_json" not in labels and "Text with timestamps" in labels
    assert tab.segments.wordWrap()
    tab.model.setCurrentText("whisper-1")
    choose(tab.response_format, "json")

    async def scenario():
        assert drop_files(tab.queue, [WAV])
        await until(lambda: tab.current is not None and tab.current.transcript is not None, timeout=20)
        first = tab.current
        assert first.row.state.text() == "Done", "a json transcript has no segments to count"
        assert drop_files(tab.queue, [MP3])
        await until(lambda: len(tab.jobs) == 2 and all(job.transcript for job in tab.jobs.values()), timeout=20)
        await until(lambda: tab.current is not first, message="the newly finished file was not shown")
        return first

    first = run_async(scenario())
    assert tab.current.path == MP3 and tab.transcript.toPlainText() == tab.current.transcript.text
    assert tab.waveform._stack.currentWidget() is tab.waveform.plot and first.path == WAV
