"""The Audio tab: a queue of files to transcribe or translate, the result with a clickable waveform, and TTS."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...api.audio import (
    SPEECH_FORMATS,
    SPEECH_MODELS,
    TRANSCRIPTION_MODELS,
    VOICES,
    Transcript,
    TranscriptionRequest,
    formats_for,
    supports_logprobs,
    supports_stream,
    translation_supported,
)
from ...core.audio import export_transcript, save_speech, save_transcript
from ...core.workspace import Workspace
from ...qt.async_tasks import spawn
from ...qt.audio_bridge import AudioBridge
from ..api_messages import translate_api_message

WAVEFORM_POINTS = 4000


@dataclass
class Job:
    id: int
    path: Path
    row: FileRow
    request: TranscriptionRequest
    translate: bool
    transcript: Transcript | None = None
    samples: np.ndarray | None = None
    duration: float = 0.0
    streamed: list[str] = field(default_factory=list)


class FileRow(QWidget):
    """One queued file: its name, its upload progress, a state line and a cancel button."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLabel(name)
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.bar.setValue(0)
        self.state = QLabel(self.tr("Waiting"))
        self.cancel = QToolButton()
        self.cancel.setText(self.tr("Cancel"))
        top = QHBoxLayout()
        top.addWidget(self.name, 1)
        top.addWidget(self.cancel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addLayout(top)
        layout.addWidget(self.bar)
        layout.addWidget(self.state)


class AudioTab(QWidget):
    status = Signal(str)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.bridge = AudioBridge(workspace.api, self)
        self.jobs: dict[int, Job] = {}
        self.current: Job | None = None
        self._next_id = 1
        self._speech_dir = tempfile.TemporaryDirectory(prefix="studio-speech-")
        self.speech_file: Path | None = None
        self.seek_position_ms = 0
        self.player = QMediaPlayer(self)
        self.audio_output = QAudioOutput(self)
        self.player.setAudioOutput(self.audio_output)
        self.setAcceptDrops(True)
        self._build()
        self._connect()
        self._model_changed()

    # --- layout -----------------------------------------------------------------------------------

    def _build(self) -> None:
        self.add_button = QPushButton(self.tr("Add audio or video files…"))
        self.queue = QListWidget()
        self.drop_hint = QLabel(self.tr("Drop audio or video files here"))

        self.model = QComboBox()
        self.model.setEditable(True)
        self.model.addItems(TRANSCRIPTION_MODELS)
        self.language = QLineEdit()
        self.language.setPlaceholderText(self.tr("auto-detect (e.g. en, zh)"))
        self.prompt = QLineEdit()
        self.prompt.setPlaceholderText(self.tr("names or spellings to expect"))
        self.temperature = QDoubleSpinBox()
        self.temperature.setRange(-0.1, 1.0)
        self.temperature.setSingleStep(0.1)
        self.temperature.setSpecialValueText(self.tr("default"))
        self.temperature.setValue(-0.1)
        self.response_format = QComboBox()
        self.word_stamps = QCheckBox(self.tr("Word timestamps"))
        self.segment_stamps = QCheckBox(self.tr("Segment timestamps"))
        self.logprobs = QCheckBox(self.tr("Log probabilities"))
        self.stream = QCheckBox(self.tr("Stream the text"))
        self.translate = QCheckBox(self.tr("Translate into English"))
        options = QGroupBox(self.tr("Options"))
        form = QFormLayout(options)
        form.addRow(self.tr("Model"), self.model)
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Prompt"), self.prompt)
        form.addRow(self.tr("Temperature"), self.temperature)
        form.addRow(self.tr("Format"), self.response_format)
        stamps = QHBoxLayout()
        stamps.addWidget(self.word_stamps)
        stamps.addWidget(self.segment_stamps)
        form.addRow(self.tr("Timestamps"), stamps)
        form.addRow(self.logprobs)
        form.addRow(self.stream)
        form.addRow(self.translate)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.add_button)
        left_layout.addWidget(self.drop_hint)
        left_layout.addWidget(self.queue, 1)
        left_layout.addWidget(options)

        self.transcript = QPlainTextEdit()
        self.waveform = pg.PlotWidget()
        self.waveform.setMinimumHeight(120)
        self.waveform.setMouseEnabled(x=False, y=False)
        self.waveform.hideAxis("left")
        self.waveform.setLabel("bottom", self.tr("seconds"))
        self.playhead = pg.InfiniteLine(0, angle=90, pen=pg.mkPen("r"))
        self.waveform.addItem(self.playhead)
        self._wave_items: list[Any] = []
        self.segments = QListWidget()
        self.play_button = QPushButton(self.tr("Play"))
        self.copy_button = QPushButton(self.tr("Copy"))
        self.export_buttons = {fmt: QPushButton(fmt.upper()) for fmt in ("txt", "srt", "vtt", "json")}
        self.save_button = QPushButton(self.tr("Save to library"))
        actions = QHBoxLayout()
        actions.addWidget(self.play_button)
        actions.addWidget(self.copy_button)
        actions.addWidget(QLabel(self.tr("Export:")))
        for button in self.export_buttons.values():
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.save_button)
        result = QWidget()
        result_layout = QVBoxLayout(result)
        result_layout.addWidget(self.waveform)
        result_layout.addLayout(actions)
        split = QSplitter()
        split.addWidget(self.transcript)
        split.addWidget(self.segments)
        result_layout.addWidget(split, 1)

        self.tts_text = QPlainTextEdit()
        self.tts_text.setPlaceholderText(self.tr("Text to speak"))
        self.tts_count = QLabel()
        self.tts_model = QComboBox()
        self.tts_model.setEditable(True)
        self.tts_model.addItems(SPEECH_MODELS)
        self.voice = QComboBox()
        self.voice.setEditable(True)
        self.voice.addItems(VOICES)
        self.instructions = QLineEdit()
        self.instructions.setPlaceholderText(self.tr("e.g. speak calmly (gpt-4o-mini-tts)"))
        self.tts_format = QComboBox()
        self.tts_format.addItems(SPEECH_FORMATS)
        self.speed = QDoubleSpinBox()
        self.speed.setRange(0.25, 4.0)
        self.speed.setSingleStep(0.25)
        self.speed.setValue(1.0)
        self.speak_button = QPushButton(self.tr("Speak"))
        self.play_speech_button = QPushButton(self.tr("Play speech"))
        self.save_speech_button = QPushButton(self.tr("Save speech to library"))
        self.play_speech_button.setEnabled(False)
        self.save_speech_button.setEnabled(False)
        tts = QGroupBox(self.tr("Text to speech"))
        tts_form = QFormLayout(tts)
        tts_form.addRow(self.tts_text)
        tts_form.addRow(self.tts_count)
        tts_form.addRow(self.tr("Model"), self.tts_model)
        tts_form.addRow(self.tr("Voice"), self.voice)
        tts_form.addRow(self.tr("Instructions"), self.instructions)
        tts_form.addRow(self.tr("Format"), self.tts_format)
        tts_form.addRow(self.tr("Speed"), self.speed)
        tts_buttons = QHBoxLayout()
        tts_buttons.addWidget(self.speak_button)
        tts_buttons.addWidget(self.play_speech_button)
        tts_buttons.addWidget(self.save_speech_button)
        tts_form.addRow(tts_buttons)
        self._count_characters()

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(result, 3)
        right_layout.addWidget(tts, 2)
        outer = QSplitter()
        outer.addWidget(left)
        outer.addWidget(right)
        outer.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(outer)

    def _connect(self) -> None:
        self.add_button.clicked.connect(self._pick_files)
        self.model.currentTextChanged.connect(self._model_changed)
        self.response_format.currentTextChanged.connect(self._format_changed)
        self.bridge.progress.connect(self._progress)
        self.bridge.inspected.connect(self._inspected)
        self.bridge.textArrived.connect(self._streamed)
        self.bridge.finished.connect(self._finished)
        self.bridge.failed.connect(self._failed)
        self.bridge.spoken.connect(self._spoken)
        self.bridge.speechFailed.connect(self._speech_failed)
        self.queue.currentRowChanged.connect(self._row_selected)
        self.segments.itemClicked.connect(self._segment_clicked)
        self.waveform.scene().sigMouseClicked.connect(self._waveform_clicked)
        self.play_button.clicked.connect(self._toggle_play)
        self.copy_button.clicked.connect(self.copy_transcript)
        for fmt, button in self.export_buttons.items():
            button.clicked.connect(lambda _=False, fmt=fmt: self._pick_export(fmt))
        self.save_button.clicked.connect(self.save_to_library)
        self.tts_text.textChanged.connect(self._count_characters)
        self.speak_button.clicked.connect(self.speak)
        self.play_speech_button.clicked.connect(self.play_speech)
        self.save_speech_button.clicked.connect(self.save_speech_to_library)
        self.player.positionChanged.connect(lambda ms: self.playhead.setValue(ms / 1000))

    # --- options ----------------------------------------------------------------------------------

    def _model_changed(self, _text: str = "") -> None:
        model = self.model.currentText().strip()
        previous = self.response_format.currentText()
        allowed = formats_for(model)
        self.response_format.blockSignals(True)
        self.response_format.clear()
        self.response_format.addItems(allowed)
        if previous in allowed:
            self.response_format.setCurrentText(previous)
        self.response_format.blockSignals(False)
        self.stream.setEnabled(supports_stream(model))
        if not supports_stream(model):
            self.stream.setChecked(False)
        self.translate.setEnabled(translation_supported(model))
        if not translation_supported(model):
            self.translate.setChecked(False)
        self._format_changed()

    def _format_changed(self, _text: str = "") -> None:
        verbose = self.response_format.currentText() == "verbose_json"
        for box in (self.word_stamps, self.segment_stamps):
            box.setEnabled(verbose)
            if not verbose:
                box.setChecked(False)
        allowed = supports_logprobs(self.model.currentText().strip(), self.response_format.currentText())
        self.logprobs.setEnabled(allowed)
        if not allowed:
            self.logprobs.setChecked(False)

    def request(self) -> TranscriptionRequest:
        stamps = [
            name for name, box in (("word", self.word_stamps), ("segment", self.segment_stamps)) if box.isChecked()
        ]
        temperature = self.temperature.value()
        return TranscriptionRequest(
            model=self.model.currentText().strip(),
            language=self.language.text().strip() or None,
            prompt=self.prompt.text().strip() or None,
            temperature=None if temperature < 0 else temperature,
            response_format=self.response_format.currentText() or "json",
            timestamp_granularities=stamps,
            logprobs=self.logprobs.isChecked(),
            stream=self.stream.isChecked(),
        )

    # --- queue ------------------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.add_files(paths)

    def _pick_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Choose audio or video files"),
            "",
            self.tr("Audio and video (*.mp3 *.wav *.m4a *.mp4 *.ogg *.oga *.flac *.webm *.mpeg *.mpga);;All files (*)"),
        )
        self.add_files([Path(name) for name in names])

    def add_files(self, paths: list[Path]) -> list[int]:
        """Queue files and start them at once with the current options; returns the job ids."""
        ids = []
        for path in paths:
            job_id = self._next_id
            self._next_id += 1
            row = FileRow(path.name)
            item = QListWidgetItem()
            item.setSizeHint(row.sizeHint())
            self.queue.addItem(item)
            self.queue.setItemWidget(item, row)
            job = Job(job_id, path, row, self.request(), self.translate.isChecked())
            self.jobs[job_id] = job
            row.cancel.clicked.connect(lambda _=False, job_id=job_id: self.bridge.cancel(job_id))
            row.state.setText(self.tr("Checking…"))
            self.bridge.transcribe(job_id, path, job.request, job.translate)
            ids.append(job_id)
        if paths and self.current is None:
            self.queue.setCurrentRow(self.queue.count() - len(paths))
        return ids

    def _progress(self, job_id: int, sent: int, total: int) -> None:
        job = self.jobs.get(job_id)
        if job is None or total <= 0:
            return
        job.row.bar.setValue(int(100 * sent / total))
        job.row.state.setText(self.tr("Uploading…") if sent < total else self.tr("Transcribing…"))

    def _inspected(self, job_id: int, audio: Any) -> None:
        job = self.jobs.get(job_id)
        if job is None:
            return
        job.samples = audio.samples
        job.duration = audio.duration
        if job is self.current:
            self._show(job)

    def _streamed(self, job_id: int, text: str) -> None:
        job = self.jobs.get(job_id)
        if job is None:
            return
        job.streamed.append(text)
        if job is self.current:
            self.transcript.setPlainText("".join(job.streamed))

    def _finished(self, job_id: int, transcript: Transcript) -> None:
        job = self.jobs.get(job_id)
        if job is None:
            return
        job.transcript = transcript
        job.row.bar.setValue(100)
        job.row.state.setText(self.tr("Done: {count} segments").format(count=len(transcript.segments)))
        job.row.cancel.setEnabled(False)
        if self.current is None or self.current is job:
            self.current = job
            self._show(job)
        self.status.emit(self.tr("Transcribed {name}").format(name=job.path.name))

    def _failed(self, job_id: int, message: str) -> None:
        job = self.jobs.get(job_id)
        if job is None:
            return
        job.row.cancel.setEnabled(False)
        if message == "cancelled":
            job.row.state.setText(self.tr("Cancelled"))
            return
        text = translate_api_message(message)
        job.row.state.setText(text)
        job.row.state.setWordWrap(True)
        job.row.bar.setValue(0)
        self.status.emit(self.tr("{name}: {message}").format(name=job.path.name, message=text))

    def _row_selected(self, row: int) -> None:
        if row < 0:
            return
        item = self.queue.item(row)
        for job in self.jobs.values():
            if self.queue.itemWidget(item) is job.row:
                self.current = job
                self._show(job)
                return

    # --- result -----------------------------------------------------------------------------------

    def _show(self, job: Job) -> None:
        if self.player.source() != QUrl.fromLocalFile(str(job.path)):
            self.player.setSource(QUrl.fromLocalFile(str(job.path)))
        transcript = job.transcript
        self.transcript.setPlainText(transcript.text if transcript else "".join(job.streamed))
        self.segments.clear()
        for shown in self._wave_items:
            self.waveform.removeItem(shown)
        self._wave_items = []
        if job.samples is not None and job.samples.size:
            step = max(1, job.samples.size // WAVEFORM_POINTS)
            usable = job.samples[: job.samples.size // step * step].reshape(-1, step)
            peaks = np.abs(usable).max(axis=1)
            times = np.arange(peaks.size) * step / 16000
            for sign in (1, -1):
                self._wave_items.append(self.waveform.plot(times, sign * peaks, pen=pg.mkPen("#4a90d9")))
        if transcript is not None:
            spans = transcript.segments
            if spans:
                shading = pg.BarGraphItem(
                    x0=[segment.start for segment in spans],
                    x1=[segment.end for segment in spans],
                    y0=-1.0,
                    height=2.0,
                    brushes=[pg.mkBrush(80, 160, 80, 50 + 40 * (index % 2)) for index in range(len(spans))],
                    pen=pg.mkPen(None),
                )
                self.waveform.addItem(shading)
                self._wave_items.append(shading)
            for segment in spans:
                item = QListWidgetItem(f"{segment.start:7.2f}–{segment.end:7.2f}  {segment.text}")
                item.setData(256, segment.start)
                self.segments.addItem(item)

    def seek(self, seconds: float) -> None:
        self.seek_position_ms = int(seconds * 1000)
        self.playhead.setValue(seconds)
        self.player.setPosition(self.seek_position_ms)

    def _segment_clicked(self, item: QListWidgetItem) -> None:
        self.seek(float(item.data(256)))

    def _waveform_clicked(self, event: Any) -> None:
        point = self.waveform.plotItem.vb.mapSceneToView(event.scenePos())
        if self.current is not None:
            self.seek(max(0.0, min(float(point.x()), self.current.duration or float(point.x()))))

    def _toggle_play(self) -> None:
        if self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            self.player.pause()
        else:
            self.player.play()

    def current_transcript(self) -> Transcript | None:
        """The shown transcript, with the text as edited in the view."""
        if self.current is None or self.current.transcript is None:
            return None
        transcript = self.current.transcript
        transcript.text = self.transcript.toPlainText()
        return transcript

    def copy_transcript(self) -> None:
        QGuiApplication.clipboard().setText(self.transcript.toPlainText())
        self.status.emit(self.tr("Transcript copied"))

    def export_to(self, path: Path, fmt: str) -> None:
        transcript = self.current_transcript()
        if transcript is None:
            return
        path.write_text(export_transcript(transcript, fmt), encoding="utf-8")
        self.status.emit(self.tr("Exported to {path}").format(path=path))

    def _pick_export(self, fmt: str) -> None:
        if self.current is None:
            return
        suggested = str(self.current.path.with_suffix("." + fmt))
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Export transcript"), suggested)
        if name:
            self.export_to(Path(name), fmt)

    def save_to_library(self) -> None:
        transcript = self.current_transcript()
        if transcript is None or self.current is None:
            return
        job = self.current

        async def save() -> None:
            await save_transcript(self.workspace.library, transcript, job.path, job.request.model)
            self.status.emit(self.tr("Saved the transcript to the library"))

        spawn(save())

    # --- speech -----------------------------------------------------------------------------------

    def _count_characters(self) -> None:
        count = len(self.tts_text.toPlainText())
        self.tts_count.setText(self.tr("{count} characters").format(count=count))

    def speak(self) -> None:
        text = self.tts_text.toPlainText().strip()
        if not text:
            self.status.emit(self.tr("Type some text to speak first."))
            return
        fmt = self.tts_format.currentText()
        target = Path(self._speech_dir.name) / f"speech-{self._next_id}.{fmt}"
        self._next_id += 1
        self.speak_button.setEnabled(False)
        self.bridge.speak(
            text,
            target,
            model=self.tts_model.currentText().strip(),
            voice=self.voice.currentText().strip(),
            response_format=fmt,
            speed=self.speed.value(),
            instructions=self.instructions.text().strip() or None,
        )

    def _spoken(self, path: str) -> None:
        self.speak_button.setEnabled(True)
        self.speech_file = Path(path)
        self.play_speech_button.setEnabled(True)
        self.save_speech_button.setEnabled(True)
        self.status.emit(self.tr("Speech ready"))

    def _speech_failed(self, message: str) -> None:
        self.speak_button.setEnabled(True)
        self.status.emit(translate_api_message(message))

    def play_speech(self) -> None:
        if self.speech_file is None:
            return
        self.player.setSource(QUrl.fromLocalFile(str(self.speech_file)))
        self.player.play()

    def save_speech_to_library(self) -> None:
        if self.speech_file is None:
            return
        path, text = self.speech_file, self.tts_text.toPlainText()
        model, voice = self.tts_model.currentText(), self.voice.currentText()

        async def save() -> None:
            await save_speech(self.workspace.library, path, text, model, voice)
            self.status.emit(self.tr("Saved the speech to the library"))

        spawn(save())

    def stop(self) -> None:
        self.bridge.stop()
        self.player.stop()
