"""One Midjourney job as the page shows it: its progress (with the service's partial picture while it
runs), the finished picture with the task's own buttons (label and emoji as sent, customId used as it is),
the prompts a describe or shorten task answered with, the chain of steps the picture came from, the
reason a task failed (raw JSON on demand), and the follow-up a button's window asks for: the region
painter of Vary (Region), or the prompt of Custom Zoom.

The view only shows and asks; the page sends (through the task bridge) what its signals carry.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSlider,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.midjourney import button_label
from ..widgets.mask_canvas import MaskCanvas

PICTURE = QSize(460, 460)
BUTTONS_PER_ROW = 5
PROMPT_ROLE = Qt.ItemDataRole.UserRole + 1


class RegionPainter(QWidget):
    """Vary (Region): the picture the button was pressed on, with a brush to paint what to repaint."""

    sendRequested = Signal()
    cancelRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(self.tr("Vary (Region): paint the area Midjourney should repaint"))
        self.title.setStyleSheet("font-weight: 600;")
        self.title.setWordWrap(True)
        self.canvas = MaskCanvas()
        self.canvas.setMinimumSize(320, 320)
        self.size_slider = QSlider(Qt.Orientation.Horizontal)
        self.size_slider.setRange(4, 400)
        self.size_slider.setValue(self.canvas.brush_size)
        self.size_slider.setAccessibleName(self.tr("Brush size"))
        self.clear_button = QPushButton(self.tr("Clear"))
        self.prompt = QLineEdit()
        self.prompt.setPlaceholderText(self.tr("What to paint there (the grid's prompt if left as it is)"))
        self.send_button = QPushButton(self.tr("Repaint the region"))
        self.send_button.setDefault(True)
        self.send_button.setEnabled(False)
        self.cancel_button = QPushButton(self.tr("Not now"))
        brush = QHBoxLayout()
        brush.addWidget(QLabel(self.tr("Brush")))
        brush.addWidget(self.size_slider, 1)
        brush.addWidget(self.clear_button)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.send_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.canvas, 1)
        layout.addLayout(brush)
        layout.addWidget(self.prompt)
        layout.addLayout(actions)
        self.size_slider.valueChanged.connect(self._brush_size)
        self.canvas.brushSizeChanged.connect(self.size_slider.setValue)
        self.canvas.maskChanged.connect(lambda: self.send_button.setEnabled(self.canvas.has_paint()))
        self.clear_button.clicked.connect(self.canvas.clear_mask)
        self.send_button.clicked.connect(self.sendRequested)
        self.cancel_button.clicked.connect(self.cancelRequested)

    def _brush_size(self, size: int) -> None:
        self.canvas.brush_size = size

    def start(self, image: QImage, prompt: str) -> None:
        self.canvas.set_image(image)
        self.canvas.fit()
        self.prompt.setText(prompt)
        self.send_button.setEnabled(False)


class MidjourneyTaskView(QWidget):
    buttonPressed = Signal(str)  # the customId of a button of the shown task, exactly as sent
    promptChosen = Signal(str)  # a describe/shorten prompt to imagine with
    cancelRequested = Signal()
    rawRequested = Signal()
    zoomAnswered = Signal(str)  # the prompt a window (Custom Zoom, a describe prompt) waits for
    regionRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buttons: list[QPushButton] = []
        self.title = QLabel(self.tr("Pick a job to see it here."))
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: 600;")
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setMinimumHeight(200)
        self.picture.setStyleSheet("background: palette(alternate-base); color: palette(placeholder-text);")
        self.picture_note = QLabel()
        self.picture_note.setStyleSheet("color: palette(placeholder-text);")
        self.lineage = QLabel()
        self.lineage.setWordWrap(True)
        self.lineage.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.button_box = QWidget()
        self.button_grid = QGridLayout(self.button_box)
        self.button_grid.setContentsMargins(0, 0, 0, 0)
        self.button_grid.setSpacing(4)
        self.prompts = QListWidget()
        self.prompts.setWordWrap(True)
        self.prompts.setMaximumHeight(200)
        self.prompts.setToolTip(self.tr("Click a prompt to imagine with it"))
        self.prompts.hide()
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.reason.setStyleSheet("color: #c62828;")
        self.reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reason.hide()
        self.raw_button = QPushButton(self.tr("Show raw JSON"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.zoom_row = QWidget()
        self.zoom_label = QLabel()
        self.zoom_label.setWordWrap(True)
        self.zoom_prompt = QLineEdit()
        self.zoom_prompt.setAccessibleName(self.tr("Zoom prompt"))
        self.zoom_send = QPushButton(self.tr("Send"))
        zoom_layout = QVBoxLayout(self.zoom_row)
        zoom_layout.setContentsMargins(0, 0, 0, 0)
        zoom_layout.addWidget(self.zoom_label)
        zoom_line = QHBoxLayout()
        zoom_line.addWidget(self.zoom_prompt, 1)
        zoom_line.addWidget(self.zoom_send)
        zoom_layout.addLayout(zoom_line)
        self.zoom_row.hide()
        self.region_button = QPushButton(self.tr("Paint the region…"))
        self.region_button.hide()
        actions = QHBoxLayout()
        actions.addWidget(self.state, 1)
        actions.addWidget(self.region_button)
        actions.addWidget(self.raw_button)
        actions.addWidget(self.cancel_button)

        self.task_page = QWidget()
        layout = QVBoxLayout(self.task_page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(actions)
        layout.addWidget(self.progress)
        layout.addWidget(self.reason)
        layout.addWidget(self.zoom_row)
        layout.addWidget(self.picture, 1)
        layout.addWidget(self.picture_note)
        layout.addWidget(self.button_box)
        layout.addWidget(self.prompts)
        layout.addWidget(self.lineage)
        self.painter = RegionPainter()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.task_page)
        self.stack.addWidget(self.painter)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self.prompts.itemClicked.connect(lambda item: self.promptChosen.emit(item.data(PROMPT_ROLE)))
        self.raw_button.clicked.connect(self.rawRequested)
        self.cancel_button.clicked.connect(self.cancelRequested)
        self.zoom_send.clicked.connect(self._zoom_send)
        self.zoom_prompt.returnPressed.connect(self._zoom_send)
        self.region_button.clicked.connect(self.regionRequested)
        self.painter.cancelRequested.connect(self.show_task)
        self.clear()

    # what the page fills in ----------------------------------------------------------------------

    def clear(self) -> None:
        self.title.setText(self.tr("Pick a job to see it here."))
        self.state.setText("")
        self.progress.hide()
        self.reason.hide()
        self.zoom_row.hide()
        self.region_button.hide()
        self.raw_button.hide()
        self.cancel_button.hide()
        self.set_picture(None)
        self.set_buttons([])
        self.set_prompts([])
        self.lineage.setText("")
        self.show_task()

    def show_task(self) -> None:
        self.stack.setCurrentWidget(self.task_page)

    def show_painter(self, image: QImage, prompt: str) -> None:
        self.painter.start(image, prompt)
        self.stack.setCurrentWidget(self.painter)

    def set_state(self, text: str, progress: float | None, *, active: bool, has_raw: bool) -> None:
        self.state.setText(text)
        self.progress.setVisible(active)
        if progress is None:
            self.progress.setRange(0, 0)  # busy until the service gives a figure
        else:
            self.progress.setRange(0, 100)
            self.progress.setValue(int(progress))
        self.cancel_button.setVisible(active)
        self.raw_button.setVisible(has_raw)

    def set_reason(self, text: str | None) -> None:
        self.reason.setText(text or "")
        self.reason.setVisible(bool(text))

    def set_picture(self, image: QImage | None, note: str = "") -> None:
        if image is None or image.isNull():
            self.picture.setPixmap(QPixmap())
            self.picture.setText(note)
            self.picture_note.setText("")
            return
        pixmap = QPixmap.fromImage(image).scaled(
            PICTURE, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        self.picture.setPixmap(pixmap)
        self.picture_note.setText(note)

    def set_buttons(self, buttons: list[dict[str, Any]]) -> None:
        for button in self.buttons:
            self.button_grid.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        for number, spec in enumerate(buttons):
            custom_id = str(spec.get("customId") or "")
            if not custom_id:
                continue
            text = button_label(spec)
            if not spec.get("label"):  # an emoji alone reads as a box where no emoji font is installed
                name = self.unlabelled_name(custom_id)
                text = f"{text} {name}" if name else text
            button = QPushButton(text)
            button.setToolTip(custom_id)
            button.setProperty("customId", custom_id)
            button.clicked.connect(lambda _checked=False, custom_id=custom_id: self.buttonPressed.emit(custom_id))
            if spec.get("style") == 1:  # Discord's blue: this one was pressed already
                button.setStyleSheet("color: #1565c0; font-weight: 600;")
            self.button_grid.addWidget(button, number // BUTTONS_PER_ROW, number % BUTTONS_PER_ROW)
            self.buttons.append(button)
        self.button_box.setVisible(bool(self.buttons))

    def unlabelled_name(self, custom_id: str) -> str:
        """A name for a button the service sent with an emoji and no label (reroll, the pans)."""
        names = {
            "::reroll::": self.tr("Reroll"),
            "::pan_left::": self.tr("Pan left"),
            "::pan_right::": self.tr("Pan right"),
            "::pan_up::": self.tr("Pan up"),
            "::pan_down::": self.tr("Pan down"),
            "Picread::Retry": self.tr("Describe again"),
        }
        return next((name for key, name in names.items() if key in custom_id), "")

    def button(self, label: str) -> QPushButton | None:
        """The shown button whose text (emoji and label as sent) ends with `label`."""
        return next((b for b in self.buttons if b.text() == label or b.text().endswith(" " + label)), None)

    def set_prompts(self, prompts: list[str]) -> None:
        self.prompts.clear()
        for prompt in prompts:
            item = QListWidgetItem(prompt)
            item.setData(PROMPT_ROLE, prompt)
            self.prompts.addItem(item)
        self.prompts.setVisible(bool(prompts))

    def set_lineage(self, steps: list[str]) -> None:
        self.lineage.setText(self.tr("Made by: {steps}").format(steps=" → ".join(steps)) if len(steps) > 1 else "")

    def ask_prompt(self, text: str, prompt: str) -> None:
        self.zoom_label.setText(text)
        self.zoom_prompt.setText(prompt)
        self.zoom_row.show()

    def ask_region(self, shown: bool) -> None:
        self.region_button.setVisible(shown)

    def _zoom_send(self) -> None:
        text = self.zoom_prompt.text().strip()
        if text:
            self.zoomAnswered.emit(text)


def painted_path(folder: Path, job_id: int, number: int) -> Path:
    return folder / f"region-{job_id}-{number}.png"
