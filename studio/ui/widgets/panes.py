"""The few layout pieces every tab builds the same way: a scrolling form, a titled box, a splitter."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSplitter, QVBoxLayout, QWidget


def scrolling(widget: QWidget, min_width: int) -> QScrollArea:
    """A form that scrolls when the window is too short for it, without a frame of its own."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(widget)
    area.setMinimumWidth(min_width)
    return area


def titled(title: str, *widgets: QWidget, margins: tuple[int, int, int, int] = (0, 0, 0, 0)) -> QWidget:
    """A bold title over `widgets`; the first one takes the room."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(*margins)
    label = QLabel(title)
    label.setStyleSheet("font-weight: 600;")
    layout.addWidget(label)
    for index, widget in enumerate(widgets):
        layout.addWidget(widget, 1 if index == 0 else 0)
    return box


def splitter(orientation: Qt.Orientation, *parts: tuple[QWidget, int]) -> QSplitter:
    """A splitter of (widget, stretch) parts."""
    split = QSplitter(orientation)
    for index, (widget, stretch) in enumerate(parts):
        split.addWidget(widget)
        split.setStretchFactor(index, stretch)
    return split
