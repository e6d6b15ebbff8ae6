"""The Tools tab's pyqtgraph charts: a similarity heatmap with a colour bar and hover values, a labelled
scatter, a category bar chart, and stacked bars with a cumulative line."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

COST_COLOUR = "#d62fd6"  # apart from every model colour
PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f")


def _styled(plot: pg.PlotWidget) -> None:
    # pyqtgraph's own right-click menus are English only; the tab has its own export buttons
    plot.setMenuEnabled(False)
    scene = plot.scene()
    for action in scene.contextMenu:
        action.setParent(None)
        action.deleteLater()
    scene.contextMenu = []
    palette = plot.palette()
    plot.setBackground(palette.color(QPalette.ColorRole.Base))
    text = palette.color(QPalette.ColorRole.Text)
    for side in ("left", "bottom"):
        axis = plot.getAxis(side)
        axis.setPen(pg.mkPen(text))
        axis.setTextPen(pg.mkPen(text))


class Heatmap(QWidget):
    """Cosine similarities as an image, a colour bar beside it, the value under the mouse below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = pg.PlotWidget()
        _styled(self.plot)
        self.plot.setAspectLocked(True)
        self.plot.invertY(True)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.plot.addItem(self.image)
        self.colour_bar = pg.ColorBarItem(values=(-1, 1), colorMap=pg.colormap.get("viridis"), interactive=False)
        self.colour_bar.setImageItem(self.image, insert_in=self.plot.getPlotItem())
        self.hover = QLabel(" ")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.hover)
        self.values = np.zeros((0, 0))
        self.labels: list[str] = []
        self.plot.scene().sigMouseMoved.connect(self._moved)

    def show_matrix(self, values: np.ndarray, labels: list[str]) -> None:
        self.values, self.labels = values, labels
        self.image.setImage(values, levels=(-1, 1))
        ticks = [(i + 0.5, str(i + 1)) for i in range(len(labels))]
        for side in ("left", "bottom"):
            self.plot.getAxis(side).setTicks([ticks])
        self.plot.getPlotItem().vb.autoRange()

    def value_at(self, scene_point: QPointF) -> tuple[int, int, float] | None:
        point = self.plot.getPlotItem().vb.mapSceneToView(scene_point)
        row, column = int(np.floor(point.y())), int(np.floor(point.x()))
        if 0 <= row < len(self.values) and 0 <= column < len(self.values):
            return row, column, float(self.values[row, column])
        return None

    def _moved(self, scene_point: QPointF) -> None:
        found = self.value_at(scene_point)
        if found is None:
            self.hover.setText(" ")
            return
        row, column, value = found
        names = f"{self.labels[row][:40]} / {self.labels[column][:40]}"
        self.hover.setText(f"{row + 1} × {column + 1}: {value:.4f}   {names}")


class Projection(pg.PlotWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _styled(self)
        self.scatter = pg.ScatterPlotItem(size=11, brush=pg.mkBrush(PALETTE[0]), pen=pg.mkPen(None))
        self.addItem(self.scatter)
        self.texts: list[pg.TextItem] = []

    def show_points(self, points: np.ndarray, labels: list[str]) -> None:
        self.scatter.setData(points[:, 0], points[:, 1]) if len(points) else self.scatter.clear()
        for item in self.texts:
            self.removeItem(item)
        colour = self.palette().color(QPalette.ColorRole.Text)
        self.texts = []
        for (x, y), label in zip(points, labels, strict=True):
            item = pg.TextItem(label[:28], color=colour, anchor=(0, 1))
            item.setPos(float(x), float(y))
            self.addItem(item)
            self.texts.append(item)
        self.getPlotItem().vb.autoRange(padding=0.2)


class CategoryBars(pg.PlotWidget):
    """Horizontal bars, one per category; flagged ones in red."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _styled(self)
        self.setXRange(0, 1)
        self.bars: pg.BarGraphItem | None = None
        self.scores: list[float] = []
        self.flagged: list[bool] = []
        self.threshold = pg.InfiniteLine(0.5, angle=90, pen=pg.mkPen("#888", style=pg.QtCore.Qt.PenStyle.DashLine))
        self.addItem(self.threshold)

    def show_scores(self, names: list[str], scores: list[float], flagged: list[bool]) -> None:
        self.scores, self.flagged = scores, flagged
        if self.bars is not None:
            self.removeItem(self.bars)
        brushes = [pg.mkBrush("#e15759" if hit else PALETTE[0]) for hit in flagged]
        self.bars = pg.BarGraphItem(x0=0, y=list(range(len(names))), height=0.7, width=scores, brushes=brushes)
        self.addItem(self.bars)
        self.getAxis("left").setTicks([[(i, name) for i, name in enumerate(names)]])
        self.setYRange(-0.6, len(names) - 0.4)
        self.setXRange(0, 1)


class StackedBars(pg.PlotWidget):
    """One bar per day, stacked by model, and a cumulative cost line on a second axis."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _styled(self)
        self.legend = self.addLegend(offset=(10, 10))
        self.items: list[pg.GraphicsObject] = []
        self.stacks: dict[str, list[float]] = {}
        self.cost_view = pg.ViewBox()
        plot = self.getPlotItem()
        plot.showAxis("right")
        plot.scene().addItem(self.cost_view)
        plot.getAxis("right").linkToView(self.cost_view)
        self.cost_view.setXLink(plot)
        plot.vb.sigResized.connect(lambda: self.cost_view.setGeometry(plot.vb.sceneBoundingRect()))
        self.cost_line: pg.PlotDataItem | None = None
        self.cumulative: list[float] = []

    def show_stacks(
        self, days: list[str], stacks: dict[str, list[float]], cumulative: list[float], left: str = "", right: str = ""
    ) -> None:
        self.getPlotItem().setLabel("left", left)
        self.getPlotItem().setLabel("right", right, color=COST_COLOUR)
        for item in self.items:
            self.removeItem(item)
        if self.cost_line is not None:
            self.cost_view.removeItem(self.cost_line)
        self.legend.clear()
        self.items, self.stacks, self.cumulative = [], stacks, cumulative
        base = np.zeros(len(days))
        for n, (model, heights) in enumerate(stacks.items()):
            bar = pg.BarGraphItem(x=np.arange(len(days)), y0=base.copy(), height=heights, width=0.6,
                                  brush=pg.mkBrush(PALETTE[n % len(PALETTE)]), pen=pg.mkPen(None))
            self.addItem(bar)
            self.legend.addItem(bar, model)
            self.items.append(bar)
            base += np.asarray(heights, dtype=float)
        self.getAxis("bottom").setTicks([[(i, day[5:]) for i, day in enumerate(days)]])
        self.cost_line = pg.PlotDataItem(np.arange(len(days)), cumulative, pen=pg.mkPen(QColor(COST_COLOUR), width=2),
                                         symbol="o", symbolSize=6, symbolBrush=COST_COLOUR)
        self.cost_view.addItem(self.cost_line)
        self.cost_view.setYRange(0, max(cumulative, default=0) * 1.15 or 1)
        self.setXRange(-0.7, max(len(days), 1) - 0.3)
        self.setYRange(0, max(base, default=0) * 1.15 or 1)
