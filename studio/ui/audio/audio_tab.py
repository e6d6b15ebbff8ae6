"""The Audio tab: a queue of files to transcribe or translate, the result with a clickable waveform, and TTS.

Each dropped file is one operation (check → split if needed → upload with progress → transcript);
the transcript and the speech each have their own player, so playing one never moves the other.
"""

from __future__ import annotations

import asyncio
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...api.audio import (
    RESPONSE_FORMATS,
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
from ...api.errors import StudioError
from ...core.audio import (
    ANALYSIS_RATE,
    AudioFile,
    AudioInputError,
    export_transcript,
    inspect_audio,
    save_speech,
    save_transcript,
    speak,
    transcribe_file,
)
from ...qt.async_tasks import load_api
from ...qt.messages import translated
from ...qt.operation import Operation, Progress
from ..tab import StudioTab, TabContext
from ..widgets.dialogs import pick_files, pick_save_path
from ..widgets.drop_zone import DropZone
from ..widgets.media_player import MediaPlayer
from ..widgets.waveform import Waveform

SEGMENT_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass
class QueuedFile:
    id: int
    path: Path
    row: FileRow
    request: TranscriptionRequest
    translate: bool
    transcript: Transcript | None = None
    samples: np.ndarray | None = None
    duration: float = 0.0
    streamed: list[str] = field(default_factory=list)
    operation: Operation[Transcript] | None = None


class FileRow(QWidget):
    """One queued file: its name, its upload progress, a state line and a cancel button."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLabel(name)
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.bar.setValue(0)
        self.state = QLabel(self.tr("Waiting"))
        self.state.setWordWrap(True)
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


class AudioTab(StudioTab):
    def __init__(self, context: TabContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.jobs: dict[int, QueuedFile] = {}
        self.current: QueuedFile | None = None
        self._next_id = 1
        self._speech_dir = tempfile.TemporaryDirectory(prefix="studio-speech-")
        self.speech_file: Path | None = None
        self.speech: Operation[Path] | None = None
        self._build()
        self._connect()
        self._model_changed()
        self.drops = DropZone(self, {"audio", "video"})
        self.drops.watch(self.queue)
        self.drops.filesDropped.connect(self.add_files)
        self.drops.refused.connect(self.status)

    # --- layout -----------------------------------------------------------------------------------

    def format_labels(self) -> dict[str, str]:
        return {
            "json": self.tr("Text"),
            "text": self.tr("Plain text"),
            "verbose_json": self.tr("Text with timestamps"),
            "srt": self.tr("Subtitles (SRT)"),
            "vtt": self.tr("Subtitles (WebVTT)"),
        }

    def _build(self) -> None:
        self.add_button = QPushButton(self.tr("Add audio or video files…"))
        self.queue = QListWidget()
        self.queue.setAccessibleName(self.tr("Files to transcribe"))
        self.drop_hint = QLabel(self.tr("Drop audio or video files here"))
        self.drop_hint.setStyleSheet("color: palette(placeholder-text);")

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
        self.transcript.setPlaceholderText(self.tr("The transcript appears here; you can edit it before exporting."))
        self.waveform = Waveform(empty_text=self.tr("Drop a file to see its waveform"))
        self.player = MediaPlayer()
        self.segments = QListWidget()
        self.segments.setAccessibleName(self.tr("Segments"))
        self.segments.setWordWrap(True)
        self.segments.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.copy_button = QPushButton(self.tr("Copy"))
        self.export_buttons = {fmt: QPushButton(fmt.upper()) for fmt in ("txt", "srt", "vtt", "json")}
        self.save_button = QPushButton(self.tr("Save to library"))
        actions = QHBoxLayout()
        actions.addWidget(self.copy_button)
        actions.addWidget(QLabel(self.tr("Export:")))
        for button in self.export_buttons.values():
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.save_button)
        result = QWidget()
        result_layout = QVBoxLayout(result)
        result_layout.addWidget(self.waveform)
        result_layout.addWidget(self.player)
        result_layout.addLayout(actions)
        self.result_split = QSplitter()
        self.result_split.addWidget(self.transcript)
        self.result_split.addWidget(self.segments)
        result_layout.addWidget(self.result_split, 1)

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
        self.speech_player = MediaPlayer()
        self.save_speech_button = QPushButton(self.tr("Save speech to library"))
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
        tts_buttons.addWidget(self.speech_player, 1)
        tts_buttons.addWidget(self.save_speech_button)
        tts_form.addRow(tts_buttons)
        self._count_characters()

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(result, 3)
        right_layout.addWidget(tts, 2)
        self.outer = QSplitter()
        self.outer.addWidget(left)
        self.outer.addWidget(right)
        self.outer.setStretchFactor(1, 3)
        # Scrollable, so a tall tab never forces the window (and the Tasks dock) to give way.
        scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setWidget(self.outer)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroller)

    def _connect(self) -> None:
        self.add_button.clicked.connect(self._pick_files)
        self.model.currentTextChanged.connect(self._model_changed)
        self.response_format.currentIndexChanged.connect(self._format_changed)
        self.queue.currentRowChanged.connect(self._row_selected)
        self.segments.itemClicked.connect(lambda item: self.seek(float(item.data(SEGMENT_ROLE))))
        self.waveform.seekRequested.connect(self.seek)
        self.player.positionChanged.connect(self.waveform.set_playhead)
        self.copy_button.clicked.connect(self.copy_transcript)
        for fmt, button in self.export_buttons.items():
            button.clicked.connect(lambda _=False, fmt=fmt: self._pick_export(fmt))
        self.save_button.clicked.connect(self.save_to_library)
        self.tts_text.textChanged.connect(self._count_characters)
        self.speak_button.clicked.connect(self.speak)
        self.save_speech_button.clicked.connect(self.save_speech_to_library)

    # --- the tab contract -------------------------------------------------------------------------

    def stop(self) -> None:
        for job in self.jobs.values():
            if job.operation is not None:
                job.operation.cancel()
        if self.speech is not None:
            self.speech.cancel()
        self.player.stop()
        self.speech_player.stop()

    def open_files(self, paths: list[Path]) -> bool:
        return bool(self.add_files(paths))

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("splitter", self.outer.saveState())
        settings.setValue("model", self.model.currentText())
        settings.setValue("format", self.response_format.currentData())

    def restore_state(self, settings: QSettings) -> None:
        state = settings.value("splitter")
        if state is not None:
            self.outer.restoreState(state)
        model = settings.value("model")
        if isinstance(model, str) and model:
            self.model.setCurrentText(model)
        fmt = settings.value("format")
        if isinstance(fmt, str):
            self.set_format(fmt)

    # --- options ----------------------------------------------------------------------------------

    def set_format(self, fmt: str) -> None:
        index = self.response_format.findData(fmt)
        if index >= 0:
            self.response_format.setCurrentIndex(index)

    def _model_changed(self, _text: str = "") -> None:
        model = self.model.currentText().strip()
        previous = self.response_format.currentData()
        labels = self.format_labels()
        allowed = formats_for(model)
        self.response_format.blockSignals(True)
        self.response_format.clear()
        for fmt in (f for f in RESPONSE_FORMATS if f in allowed):
            self.response_format.addItem(labels.get(fmt, fmt), fmt)
        self.response_format.blockSignals(False)
        self.set_format(previous if previous in allowed else allowed[0])
        self.stream.setEnabled(supports_stream(model))
        if not supports_stream(model):
            self.stream.setChecked(False)
        self.translate.setEnabled(translation_supported(model))
        if not translation_supported(model):
            self.translate.setChecked(False)
        self._format_changed()

    def _format_changed(self, _index: int = 0) -> None:
        fmt = self.response_format.currentData() or "json"
        verbose = fmt == "verbose_json"
        for box in (self.word_stamps, self.segment_stamps):
            box.setEnabled(verbose)
            if not verbose:
                box.setChecked(False)
        allowed = supports_logprobs(self.model.currentText().strip(), fmt)
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
            response_format=self.response_format.currentData() or "json",
            timestamp_granularities=stamps,
            logprobs=self.logprobs.isChecked(),
            stream=self.stream.isChecked(),
        )

    # --- queue ------------------------------------------------------------------------------------

    def _pick_files(self) -> None:
        pick_files(
            self,
            self.tr("Choose audio or video files"),
            self.add_files,
            name_filter=self.tr(
                "Audio and video (*.mp3 *.wav *.m4a *.mp4 *.ogg *.oga *.flac *.webm *.mpeg *.mpga);;All files (*)"
            ),
        )

    def add_files(self, paths: list[Path]) -> list[int]:
        """Queue files and start them at once with the current options; returns their ids."""
        ids = []
        for path in paths:
            job_id = self._next_id
            self._next_id += 1
            row = FileRow(path.name)
            item = QListWidgetItem()
            item.setSizeHint(row.sizeHint())
            self.queue.addItem(item)
            self.queue.setItemWidget(item, row)
            job = QueuedFile(job_id, path, row, self.request(), self.translate.isChecked())
            self.jobs[job_id] = job
            row.state.setText(self.tr("Checking…"))
            job.operation = (
                Operation(self, lambda progress, job=job: self._transcribe(job, progress))
                .with_progress(lambda sent, total, job=job: self._progress(job, sent, total))
                .success(lambda transcript, job=job: self._finished(job, transcript))
                .failure(lambda error, job=job: self._failed(job, error))
                .finished(lambda row=row: row.cancel.setEnabled(False))
                .run()
            )
            row.cancel.clicked.connect(job.operation.cancel)
            row.cancel.clicked.connect(lambda _=False, row=row: row.state.setText(self.tr("Cancelled")))
            ids.append(job_id)
        if paths and self.current is None:
            self.queue.setCurrentRow(self.queue.count() - len(paths))
        return ids

    async def _transcribe(self, job: QueuedFile, progress: Progress) -> Transcript:
        problem = job.request.problem(translate=job.translate)
        if problem:
            raise AudioInputError(problem)
        audio = await asyncio.to_thread(inspect_audio, job.path)
        self._inspected(job, audio)
        await load_api()
        return await transcribe_file(
            self.workspace.api(),
            job.path,
            job.request,
            translate=job.translate,
            audio=audio,
            progress=progress,
            on_text=lambda text: self._streamed(job, text),
        )

    def _progress(self, job: QueuedFile, sent: int, total: int) -> None:
        if total <= 0:
            return
        job.row.bar.setValue(int(100 * sent / total))
        job.row.state.setText(self.tr("Uploading…") if sent < total else self.tr("Transcribing…"))

    def _inspected(self, job: QueuedFile, audio: AudioFile) -> None:
        job.samples = audio.samples
        job.duration = audio.duration
        if job is self.current:
            self._show(job)

    def _streamed(self, job: QueuedFile, text: str) -> None:
        job.streamed.append(text)
        if job is self.current:
            self.transcript.setPlainText("".join(job.streamed))

    def _finished(self, job: QueuedFile, transcript: Transcript) -> None:
        job.transcript = transcript
        job.row.bar.setValue(100)
        count = len(transcript.segments)
        job.row.state.setText(self.tr("Done: {count} segments").format(count=count) if count else self.tr("Done"))
        # The newest result shows, unless the user is editing the transcript on screen.
        if not self.transcript.document().isModified() or self.current is None:
            self._select(job)
        self.status.emit(self.tr("Transcribed {name}").format(name=job.path.name))

    def _failed(self, job: QueuedFile, error: StudioError) -> None:
        text = translated(error)
        job.row.state.setText(text)
        job.row.bar.setValue(0)
        self.status.emit(self.tr("{name}: {message}").format(name=job.path.name, message=text))

    def _select(self, job: QueuedFile) -> None:
        for row in range(self.queue.count()):
            if self.queue.itemWidget(self.queue.item(row)) is job.row:
                if self.queue.currentRow() == row:
                    self.current = job
                    self._show(job)
                else:
                    self.queue.setCurrentRow(row)
                return

    def _row_selected(self, row: int) -> None:
        if row < 0:
            return
        widget = self.queue.itemWidget(self.queue.item(row))
        for job in self.jobs.values():
            if widget is job.row:
                self.current = job
                self._show(job)
                return

    # --- result -----------------------------------------------------------------------------------

    def _show(self, job: QueuedFile) -> None:
        self.player.set_source(job.path)
        transcript = job.transcript
        self.transcript.setPlainText(transcript.text if transcript else "".join(job.streamed))
        self.transcript.document().setModified(False)
        self.segments.clear()
        self.waveform.set_samples(job.samples, ANALYSIS_RATE)
        if transcript is None:
            return
        self.waveform.set_spans([(segment.start, segment.end) for segment in transcript.segments])
        for segment in transcript.segments:
            item = QListWidgetItem(f"{segment.start:6.2f}–{segment.end:6.2f}  {segment.text.strip()}")
            item.setData(SEGMENT_ROLE, segment.start)
            self.segments.addItem(item)

    def seek(self, seconds: float) -> None:
        self.player.seek(seconds)

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

    def export_to(self, path: Path, fmt: str) -> Operation[None] | None:
        transcript = self.current_transcript()
        if transcript is None:
            return None
        text = export_transcript(transcript, fmt)

        def write(_progress: Progress) -> None:
            path.write_text(text, encoding="utf-8")

        return (
            Operation.in_thread(self, write)
            .success(lambda _: self.status.emit(self.tr("Exported to {path}").format(path=path)))
            .run()
        )

    def _pick_export(self, fmt: str) -> None:
        if self.current is None:
            return
        suggested = str(self.current.path.with_suffix("." + fmt))
        pick_save_path(self, self.tr("Export transcript"), suggested, lambda path: self.export_to(path, fmt))

    def save_to_library(self) -> None:
        transcript = self.current_transcript()
        if transcript is None or self.current is None:
            return
        job = self.current
        library = self.workspace.library
        Operation(self, lambda _p: save_transcript(library, transcript, job.path, job.request.model)).success(
            lambda _asset: self.status.emit(self.tr("Saved the transcript to the library"))
        ).run()

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
        options: dict[str, Any] = {
            "model": self.tts_model.currentText().strip(),
            "voice": self.voice.currentText().strip(),
            "response_format": fmt,
            "speed": self.speed.value(),
            "instructions": self.instructions.text().strip() or None,
        }

        async def work(progress: Progress) -> Path:
            await load_api()
            return await speak(self.workspace.api(), text, target, progress=progress, **options)

        self.speech = (
            Operation(self, work)
            .success(self._spoken)
            .failure(lambda error: self.status.emit(translated(error)))
            .finished(lambda: self.speak_button.setEnabled(True))
            .run()
        )

    def _spoken(self, path: Path) -> None:
        self.speech_file = path
        self.speech_player.set_source(path)
        self.save_speech_button.setEnabled(True)
        self.status.emit(self.tr("Speech ready"))

    def play_speech(self) -> None:
        if self.speech_file is not None:
            self.speech_player.play()

    def save_speech_to_library(self) -> None:
        if self.speech_file is None:
            return
        path, text = self.speech_file, self.tts_text.toPlainText()
        model, voice = self.tts_model.currentText(), self.voice.currentText()
        library = self.workspace.library
        Operation(self, lambda _p: save_speech(library, path, text, model, voice)).success(
            lambda _asset: self.status.emit(self.tr("Saved the speech to the library"))
        ).run()
