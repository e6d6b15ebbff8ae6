"""The video player: a screen fed by a QVideoSink, the shared player controls (play/pause, time, loop,
volume), a scrub bar, frame steps, speed, full screen (F, Esc leaves) and "Grab frame".

The screen paints the sink's newest frame itself (instead of a QVideoWidget) so the frame on screen is
always at hand to grab, and the picture shows in screenshots and offscreen tests too.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QKeyEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtMultimedia import QMediaPlayer, QVideoFrame, QVideoSink
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QSizePolicy, QSlider, QToolButton, QVBoxLayout, QWidget

from ...core.video import VideoInfo
from ..shortcuts import make_shortcut, matches
from ..widgets.media_player import MediaPlayer

SPEEDS = (0.25, 0.5, 1.0, 1.5, 2.0)


class VideoScreen(QWidget):
    """The picture: the newest frame, scaled to fit on black; keys work here in full screen too."""

    fullScreenToggled = Signal()
    fullScreenLeft = Signal()
    playToggled = Signal()
    frameStepped = Signal(int)  # +1 or -1

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sink = QVideoSink(self)
        self.frame = QVideoFrame()
        self.empty_text = ""
        self.setMinimumSize(320, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.sink.videoFrameChanged.connect(self._frame_arrived)

    def _frame_arrived(self, frame: QVideoFrame) -> None:
        if frame.isValid():  # the player clears the sink at the end; the last picture stays
            self.frame = frame
            self.update()

    def clear(self) -> None:
        self.frame = QVideoFrame()
        self.update()

    def show_poster(self, image: QImage) -> None:
        """The video's first picture, shown (and grabbable) until the player sends frames of its own."""
        if not self.frame.isValid() and not image.isNull():
            self.frame = QVideoFrame(image)
            self.update()

    def current_image(self) -> QImage:
        """The frame on screen at its own size (null when nothing has played yet)."""
        return self.frame.toImage() if self.frame.isValid() else QImage()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("black"))
        if self.frame.isValid():
            options = QVideoFrame.PaintOptions()
            options.aspectRatioMode = Qt.AspectRatioMode.KeepAspectRatio
            options.backgroundColor = QColor("black")
            self.frame.paint(painter, QRectF(self.rect()), options)
        elif self.empty_text:
            painter.setPen(QColor("#9e9e9e"))
            box = self.rect().adjusted(16, 16, -16, -16)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.empty_text)
        painter.end()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if matches("video_player.fullscreen", event):
            self.fullScreenToggled.emit()
        elif matches("video_player.leave", event) and self.isFullScreen():
            self.fullScreenLeft.emit()
        elif matches("video_player.play", event):
            self.playToggled.emit()
        elif matches("video_player.back", event):
            self.frameStepped.emit(-1)
        elif matches("video_player.forward", event):
            self.frameStepped.emit(1)
        else:
            super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.fullScreenToggled.emit()


class VideoPlayer(QWidget):
    grabRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info: VideoInfo | None = None
        self.screen = VideoScreen()
        self.screen.empty_text = self.tr("Choose a video below, or drop a video file here, to play it.")
        self.controls = MediaPlayer(video_output=self.screen.sink)
        self.player: QMediaPlayer = self.controls.player
        self.scrub = QSlider(Qt.Orientation.Horizontal)
        self.scrub.setRange(0, 0)
        self.scrub.setToolTip(self.tr("Drag to move through the video"))
        self.back_button = QToolButton()
        self.back_button.setText(self.tr("‹ Frame"))
        self.back_button.setToolTip(self.tr("One frame back (←)"))
        self.forward_button = QToolButton()
        self.forward_button.setText(self.tr("Frame ›"))
        self.forward_button.setToolTip(self.tr("One frame on (→)"))
        self.speed = QComboBox()
        for rate in SPEEDS:
            self.speed.addItem(f"{rate:g}×", rate)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self.speed.setToolTip(self.tr("Playback speed"))
        self.fullscreen_button = QToolButton()
        self.fullscreen_button.setText(self.tr("Full screen"))
        self.fullscreen_button.setToolTip(self.tr("Full screen (F); Esc leaves it"))
        self.grab_button = QToolButton()
        self.grab_button.setText(self.tr("Grab frame"))
        self.grab_button.setToolTip(self.tr("Save the frame on screen as an image in the library"))
        for button in (self.back_button, self.forward_button, self.fullscreen_button, self.grab_button):
            button.setEnabled(False)
        extras = QHBoxLayout()
        extras.setContentsMargins(0, 0, 0, 0)
        extras.addWidget(self.back_button)
        extras.addWidget(self.forward_button)
        extras.addWidget(self.speed)
        extras.addStretch(1)
        extras.addWidget(self.fullscreen_button)
        extras.addWidget(self.grab_button)
        self.screen_area = QVBoxLayout()
        self.screen_area.setContentsMargins(0, 0, 0, 0)
        self.screen_area.addWidget(self.screen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(self.screen_area, 1)
        layout.addWidget(self.scrub)
        layout.addWidget(self.controls)
        layout.addLayout(extras)

        self.scrub.sliderMoved.connect(self.player.setPosition)
        self.scrub.actionTriggered.connect(self._scrub_action)
        self.player.durationChanged.connect(lambda ms: self.scrub.setRange(0, max(0, ms)))
        self.player.positionChanged.connect(self._position)
        self.back_button.clicked.connect(lambda: self.step(-1))
        self.forward_button.clicked.connect(lambda: self.step(1))
        self.speed.currentIndexChanged.connect(lambda _i: self.player.setPlaybackRate(self.speed.currentData()))
        self.fullscreen_button.clicked.connect(self.toggle_fullscreen)
        self.grab_button.clicked.connect(self.grabRequested)
        self.screen.fullScreenToggled.connect(self.toggle_fullscreen)
        self.screen.fullScreenLeft.connect(lambda: self.set_fullscreen(False))
        self.screen.playToggled.connect(self.controls.toggle)
        self.screen.frameStepped.connect(self.step)
        for shortcut in make_shortcut("video_player.fullscreen", self):
            shortcut.activated.connect(self.toggle_fullscreen)

    # source ------------------------------------------------------------------------------------

    @property
    def source_path(self) -> Path | None:
        return self.controls.source_path

    def set_source(self, path: Path | None) -> None:
        if path != self.source_path:
            self.info = None
            self.screen.clear()
        self.controls.set_source(path)
        for button in (self.fullscreen_button, self.grab_button):
            button.setEnabled(path is not None)
        self._enable_steps()

    def set_info(self, path: Path, info: VideoInfo, poster: QImage | None = None) -> None:
        """What probing the file found (frame rate for the frame steps, its first picture); ignored if
        another video plays now."""
        if path == self.source_path:
            self.info = info
            self._enable_steps()
            if poster is not None and self.player.position() == 0:
                self.screen.show_poster(poster)

    def _enable_steps(self) -> None:
        for button in (self.back_button, self.forward_button):
            button.setEnabled(self.info is not None)

    def stop(self) -> None:
        self.set_fullscreen(False)
        self.controls.stop()

    # moving ------------------------------------------------------------------------------------

    def step(self, frames: int) -> None:
        """Pause and move by whole frames at the stream's frame rate."""
        if self.info is None:
            return
        self.controls.pause()
        frame_ms = 1000 * self.info.frame_seconds
        target = round(self.player.position() + frames * frame_ms)
        self.player.setPosition(max(0, min(self.player.duration(), target)))

    def _scrub_action(self, _action: int) -> None:
        """A click or key on the scrub bar (not a drag) moves the video to where the bar now points."""
        if not self.scrub.isSliderDown():
            self.player.setPosition(self.scrub.sliderPosition())

    def _position(self, ms: int) -> None:
        if not self.scrub.isSliderDown():
            self.scrub.blockSignals(True)
            self.scrub.setValue(ms)
            self.scrub.blockSignals(False)

    # full screen -------------------------------------------------------------------------------

    @property
    def fullscreen(self) -> bool:
        return self.screen.isWindow()

    def toggle_fullscreen(self) -> None:
        self.set_fullscreen(not self.fullscreen)

    def set_fullscreen(self, on: bool) -> None:
        if on == self.fullscreen or (on and self.source_path is None):
            return
        if on:
            self.screen_area.removeWidget(self.screen)
            self.screen.setWindowFlag(Qt.WindowType.Window, True)  # still owned by the player
            self.screen.showFullScreen()
        else:
            self.screen.setWindowFlag(Qt.WindowType.Window, False)
            self.screen_area.addWidget(self.screen)
            self.screen.show()
        self.screen.setFocus()
