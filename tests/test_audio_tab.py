"""The Audio tab in the real window, offscreen, against the simulator over loopback."""

from __future__ import annotations

import io

import av
from conftest import DATA, journal, until
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication

from studio.ui.audio.audio_tab import AudioTab

TRANSCRIBE = "/v1/audio/transcriptions"
WAV = DATA / "speech-en.wav"
MP3 = DATA / "speech-en.mp3"


def drop_files(tab: AudioTab, *paths) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    event = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    tab.dropEvent(event)


def audio_tab(window) -> AudioTab:
    window.tabs.setCurrentWidget(window.audio_tab)
    tab = window.audio_tab.ensure_built()
    assert isinstance(tab, AudioTab)
    return tab


def test_dropped_files_upload_transcribe_and_seek(open_window, run_async, sim):
    window = open_window()
    tab = audio_tab(window)
    tab.model.setCurrentText("whisper-1")
    tab.response_format.setCurrentText("verbose_json")
    tab.word_stamps.setChecked(True)
    tab.segment_stamps.setChecked(True)
    tab.language.setText("en")
    progress: dict[int, list[int]] = {}
    tab.bridge.progress.connect(lambda job, sent, total: progress.setdefault(job, []).append(int(100 * sent / total)))

    async def scenario():
        drop_files(tab, WAV, MP3)
        await until(lambda: all(job.transcript for job in tab.jobs.values()) and len(tab.jobs) == 2, timeout=20,
                    message="the transcripts never arrived")

    run_async(scenario())
    assert len(progress) == 2 and all(values[-1] == 100 and values == sorted(values) for values in progress.values())
    rows = [job.row for job in tab.jobs.values()]
    assert all(row.bar.value() == 100 for row in rows)
    first = tab.jobs[min(tab.jobs)]
    assert tab.current is first and tab.transcript.toPlainText() == first.transcript.text
    assert tab.segments.count() == len(first.transcript.segments) >= 2
    assert tab.player.source() == QUrl.fromLocalFile(str(WAV))
    second_segment = tab.segments.item(1)
    tab.segments.itemClicked.emit(second_segment)
    assert tab.seek_position_ms == int(first.transcript.segments[1].start * 1000)
    assert abs(tab.playhead.value() - first.transcript.segments[1].start) < 1e-6
    sent = journal(sim, TRANSCRIBE)
    assert len(sent) == 2
    names = sorted(entry["files"]["file"][0]["filename"] for entry in sent)
    assert names == ["speech-en.mp3", "speech-en.wav"]
    for entry in sent:
        form = entry["form"]
        assert form["model"] == "whisper-1" and form["response_format"] == "verbose_json"
        assert form["timestamp_granularities[]"] == ["word", "segment"] and form["language"] == "en"
    # the other file's result shows when its row is chosen
    tab.queue.setCurrentRow(1)
    assert tab.player.source() == QUrl.fromLocalFile(str(MP3))
    assert tab.transcript.toPlainText() == tab.jobs[max(tab.jobs)].transcript.text


def test_options_offer_only_what_the_model_accepts(open_window):
    tab = audio_tab(open_window())
    tab.model.setCurrentText("gpt-4o-transcribe")
    formats = [tab.response_format.itemText(i) for i in range(tab.response_format.count())]
    assert formats == ["json"] and tab.logprobs.isEnabled() and tab.stream.isEnabled()
    assert not tab.translate.isEnabled() and not tab.word_stamps.isEnabled()
    tab.model.setCurrentText("whisper-1")
    assert tab.response_format.count() == 5 and not tab.logprobs.isEnabled() and tab.translate.isEnabled()


def test_streamed_transcript_and_export(open_window, run_async, sim, tmp_path):
    tab = audio_tab(open_window())
    tab.model.setCurrentText("gpt-4o-mini-transcribe")
    tab.stream.setChecked(True)
    pieces: list[str] = []
    tab.bridge.textArrived.connect(lambda _job, text: pieces.append(text))

    async def scenario():
        drop_files(tab, MP3)
        await until(lambda: tab.current is not None and tab.current.transcript is not None, timeout=20)

    run_async(scenario())
    assert len(pieces) > 3 and "".join(pieces) == tab.current.transcript.text
    assert journal(sim, TRANSCRIBE)[-1]["form"]["stream"] == "true"
    tab.transcript.setPlainText("Edited words.")
    tab.export_to(tmp_path / "out.txt", "txt")
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "Edited words.\n"
    tab.copy_transcript()
    assert QApplication.clipboard().text() == "Edited words."


def test_corrupt_file_shows_a_message_and_sends_nothing(open_window, run_async, sim, tmp_path):
    tab = audio_tab(open_window())
    bad = tmp_path / "broken.mp3"
    bad.write_bytes(b"this is not audio" * 50)
    messages: list[str] = []
    tab.status.connect(messages.append)

    async def scenario():
        drop_files(tab, bad)
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
        tab.play_speech()
        await until(lambda: tab.player.duration() > 0, timeout=10, message="QMediaPlayer never loaded the speech")
        tab.save_speech_to_library()
        await until(lambda: window.findChild(AudioTab).workspace.library.count() >= 1, timeout=10)

    run_async(scenario())
    tab.player.stop()
    body = journal(sim, "/v1/audio/speech")[-1]["body"]
    assert body["voice"] == "verse" and body["speed"] == 1.5 and body["response_format"] == "wav"
    with av.open(io.BytesIO(tab.speech_file.read_bytes())) as container:
        assert container.duration > 0 and container.streams.audio
    assert tab.player.source() == QUrl.fromLocalFile(str(tab.speech_file))
    asset = tab.workspace.library.assets()[0]
    assert asset.kind == "audio" and asset.family == "audio"
