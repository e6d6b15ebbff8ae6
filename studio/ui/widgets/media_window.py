"""A sound or video result in a window of its own: the picture (for video) and the player's controls."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from .media_player import MediaPlayer


class MediaWindow(QWidget):
    def __init__(self, path: Path, title: str, *, video: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        self.screen_widget: QWidget | None = None
        if video:
            from PySide6.QtMultimediaWidgets import QVideoWidget

            self.screen_widget = QVideoWidget()
            self.screen_widget.setMinimumSize(480, 270)
            layout.addWidget(self.screen_widget, 1)
        self.player = MediaPlayer(video_output=self.screen_widget)
        layout.addWidget(self.player)
        self.resize(820, 560) if video else self.resize(520, 80)
        self.player.set_source(path)
        self.player.play()

    def closeEvent(self, event: object) -> None:  # type: ignore[override]
        self.player.stop()
        super().closeEvent(event)  # type: ignore[arg-type]
