"""A small audio/video player: Play ⇄ Pause, position, volume, loop; one per thing it plays.

    player = MediaPlayer()
    player.set_source(path)
    wave.seekRequested.connect(player.seek)
    player.positionChanged.connect(wave.set_playhead)   # seconds

Each view that plays something has its own (the Audio tab's transcript and its speech never share a
playhead). `video_output` may be given a QVideoWidget or QVideoSink.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSlider, QToolButton, QWidget


def clock(seconds: float) -> str:
    whole = max(0, int(seconds))
    return (
        f"{whole // 60}:{whole % 60:02d}"
        if whole < 3600
        else f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"
    )


class MediaPlayer(QWidget):
    positionChanged = Signal(float)  # seconds
    durationChanged = Signal(float)
    playingChanged = Signal(bool)

    def __init__(self, parent: QWidget | None = None, *, video_output: QObject | None = None) -> None:
        super().__init__(parent)
        self.player = QMediaPlayer(self)
        self.audio = QAudioOutput(self)
        self.player.setAudioOutput(self.audio)
        if video_output is not None:
            self.player.setVideoOutput(video_output)
        self.play_button = QPushButton(self.tr("Play"))
        self.play_button.setEnabled(False)
        self.time_label = QLabel("0:00 / 0:00")
        self.loop_button = QToolButton()
        self.loop_button.setText(self.tr("Loop"))
        self.loop_button.setCheckable(True)
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setValue(80)
        self.volume.setFixedWidth(90)
        self.volume.setToolTip(self.tr("Volume"))
        self.audio.setVolume(0.8)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.play_button)
        layout.addWidget(self.time_label)
        layout.addStretch(1)
        layout.addWidget(self.loop_button)
        layout.addWidget(self.volume)

        self.play_button.clicked.connect(self.toggle)
        self.volume.valueChanged.connect(lambda value: self.audio.setVolume(value / 100))
        self.loop_button.toggled.connect(
            lambda on: self.player.setLoops(QMediaPlayer.Loops.Infinite if on else QMediaPlayer.Loops.Once)
        )
        self.player.positionChanged.connect(self._position)
        self.player.durationChanged.connect(self._duration)
        self.player.playbackStateChanged.connect(self._state)
        self.player.mediaStatusChanged.connect(self._status)
        self._pending_ms: int | None = None

    @property
    def source_path(self) -> Path | None:
        url = self.player.source()
        return Path(url.toLocalFile()) if url.isLocalFile() else None

    def set_source(self, path: Path | str | None) -> None:
        url = (
            QUrl() if path is None else (QUrl(path) if str(path).startswith("http") else QUrl.fromLocalFile(str(path)))
        )
        if url != self.player.source():
            self._pending_ms = None
            self.player.stop()
            self.player.setSource(url)
        self.play_button.setEnabled(path is not None)

    def play(self) -> None:
        self.player.play()

    def pause(self) -> None:
        self.player.pause()

    def stop(self) -> None:
        self.player.stop()

    @property
    def playing(self) -> bool:
        return self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState

    def toggle(self) -> None:
        if self.playing:
            self.pause()
        else:
            self.play()

    def seek(self, seconds: float) -> None:
        """Move to `seconds`; asked while the file still loads (a busy machine), the move waits for it:
        the player drops a position set before it knows the media."""
        ms = int(seconds * 1000)
        if self.player.mediaStatus() in (QMediaPlayer.MediaStatus.NoMedia, QMediaPlayer.MediaStatus.LoadingMedia):
            self._pending_ms = ms
        self.player.setPosition(ms)
        self.positionChanged.emit(seconds)

    def _status(self, status: QMediaPlayer.MediaStatus) -> None:
        if self._pending_ms is not None and status in (
            QMediaPlayer.MediaStatus.LoadedMedia,
            QMediaPlayer.MediaStatus.BufferedMedia,
        ):
            self.player.setPosition(self._pending_ms)
            self._pending_ms = None

    def _position(self, ms: int) -> None:
        self._show_time(ms / 1000, self.player.duration() / 1000)
        self.positionChanged.emit(ms / 1000)

    def _duration(self, ms: int) -> None:
        self._show_time(self.player.position() / 1000, ms / 1000)
        self.durationChanged.emit(ms / 1000)

    def _show_time(self, position: float, duration: float) -> None:
        self.time_label.setText(f"{clock(position)} / {clock(duration)}")

    def _state(self, _state: QMediaPlayer.PlaybackState) -> None:
        playing = self.playing
        self.play_button.setText(self.tr("Pause") if playing else self.tr("Play"))
        self.playingChanged.emit(playing)
