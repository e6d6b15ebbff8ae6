"""A waveform you click to seek: peaks of the samples, shaded spans (segments), a playhead.

    wave = Waveform()
    wave.set_samples(samples, rate=16000)
    wave.set_spans([(0.0, 2.4), (2.8, 5.3)])
    wave.seekRequested.connect(player.seek)
    player.positionChanged.connect(wave.set_playhead)

With no audio it shows one quiet sentence instead of an empty axis.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QStackedLayout, QWidget

POINTS = 4000


class Waveform(QWidget):
    seekRequested = Signal(float)  # seconds

    def __init__(self, parent: QWidget | None = None, *, empty_text: str = "") -> None:
        super().__init__(parent)
        self.duration = 0.0
        self.plot = pg.PlotWidget()
        self.plot.setMinimumHeight(110)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        scene = self.plot.scene()
        for action in scene.contextMenu:  # pyqtgraph's own "Export..." (English only, and not what users need)
            action.setParent(None)
            action.deleteLater()
        scene.contextMenu = []
        self.plot.hideAxis("left")
        self.plot.setLabel("bottom", self.tr("seconds"))
        self.playhead = pg.InfiniteLine(0, angle=90, pen=pg.mkPen("#e53935", width=2))
        self.plot.addItem(self.playhead)
        self._items: list[Any] = []
        self.empty = QLabel(empty_text or self.tr("No audio yet"))
        self.empty.setMinimumHeight(110)
        self.empty.setStyleSheet("color: palette(placeholder-text);")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._stack = QStackedLayout(self)
        self._stack.addWidget(self.empty)
        self._stack.addWidget(self.plot)
        self.plot.scene().sigMouseClicked.connect(self._clicked)
        self.apply_palette()

    def apply_palette(self) -> None:
        """Follow the window's palette (light or dark) instead of pyqtgraph's black default."""
        palette = self.palette()
        self.plot.setBackground(palette.color(QPalette.ColorRole.Base))
        axis_pen = pg.mkPen(palette.color(QPalette.ColorRole.Text))
        bottom = self.plot.getAxis("bottom")
        bottom.setPen(axis_pen)
        bottom.setTextPen(axis_pen)
        self._wave_pen = pg.mkPen(palette.color(QPalette.ColorRole.Highlight))
        for item in self._items:
            if isinstance(item, pg.PlotDataItem):
                item.setPen(self._wave_pen)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.apply_palette()

    def clear(self) -> None:
        for item in self._items:
            self.plot.removeItem(item)
        self._items = []
        self.duration = 0.0
        self.set_playhead(0.0)
        self._stack.setCurrentWidget(self.empty)

    def set_samples(self, samples: np.ndarray | None, rate: int) -> None:
        """Mono samples (any scale); the view keeps about `POINTS` peaks."""
        self.clear()
        if samples is None or not samples.size or rate <= 0:
            return
        step = max(1, samples.size // POINTS)
        usable = samples[: samples.size // step * step].reshape(-1, step)
        peaks = np.abs(usable).max(axis=1)
        top = float(peaks.max()) or 1.0
        peaks = peaks / top
        times = np.arange(peaks.size) * step / rate
        self.duration = samples.size / rate
        for sign in (1, -1):
            self._items.append(self.plot.plot(times, sign * peaks, pen=self._wave_pen))
        self.plot.setXRange(0, self.duration, padding=0.01)
        self.plot.setYRange(-1.05, 1.05, padding=0)
        self._stack.setCurrentWidget(self.plot)

    def set_spans(self, spans: Sequence[tuple[float, float]]) -> None:
        """Shade each (start, end) span, alternating, so neighbouring segments stay apart."""
        if not spans or self.duration <= 0:
            return
        shading = pg.BarGraphItem(
            x0=[start for start, _ in spans],
            x1=[end for _, end in spans],
            y0=-1.0,
            height=2.0,
            brushes=[pg.mkBrush(80, 160, 80, 50 + 40 * (index % 2)) for index in range(len(spans))],
            pen=pg.mkPen(None),
        )
        self.plot.addItem(shading)
        self._items.append(shading)

    def set_playhead(self, seconds: float) -> None:
        self.playhead.setValue(seconds)

    def _clicked(self, event: Any) -> None:
        if self.duration <= 0:
            return
        point = self.plot.plotItem.vb.mapSceneToView(event.scenePos())
        self.seekRequested.emit(max(0.0, min(float(point.x()), self.duration)))
