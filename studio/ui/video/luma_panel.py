"""The Luma form: prompt, expand prompt, loop, start and end frames, aspect ratio, model, resolution and
duration; or, once a finished Luma video is chosen to extend, the prompt for its continuation."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...api.luma import ASPECT_RATIOS, DURATIONS, MODELS, RESOLUTIONS
from ...core.library import Asset
from ...qt.task_bridge import JobRequest
from .form_fields import option_combo
from .frame_slot import FrameSlot


class LumaPanel(QWidget):
    refused = Signal(str)  # a dropped file that is not a picture, in one sentence

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.extending: Asset | None = None
        self.prompt = QPlainTextEdit()
        self.prompt.setPlaceholderText(self.tr("Describe the video: what moves, and how the camera moves"))
        self.prompt.setFixedHeight(78)
        self.expand_prompt = QCheckBox(self.tr("Expand the prompt"))
        self.expand_prompt.setChecked(True)
        self.expand_prompt.setToolTip(self.tr("Luma adds detail to a short prompt before it starts"))
        self.loop = QCheckBox(self.tr("Loop (the end flows back into the start)"))
        self.start_frame = FrameSlot(self.tr("Start frame"))
        self.end_frame = FrameSlot(self.tr("End frame"))
        frames = QHBoxLayout()
        frames.setContentsMargins(0, 0, 0, 0)
        frames.addWidget(self.start_frame)
        frames.addWidget(self.end_frame)
        frames.addStretch(1)
        default = self.tr("Gateway default")
        self.aspect_ratio = option_combo(ASPECT_RATIOS, default)
        self.model = option_combo(MODELS, default)
        self.resolution = option_combo(RESOLUTIONS, default)
        self.duration = option_combo(DURATIONS, default)

        self.extend_banner = QFrame()
        self.extend_banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.extend_banner.setStyleSheet("background: palette(alternate-base);")
        self.extend_label = QLabel()
        self.extend_label.setWordWrap(True)
        self.stop_extending_button = QToolButton()
        self.stop_extending_button.setText(self.tr("Make a new video instead"))
        banner = QHBoxLayout(self.extend_banner)
        banner.setContentsMargins(6, 4, 6, 4)
        banner.addWidget(self.extend_label, 1)
        banner.addWidget(self.stop_extending_button)
        self.extend_banner.hide()

        self.generate_button = QPushButton(self.tr("Generate with Luma"))
        self.generate_button.setDefault(True)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c62828;")
        self.problem.hide()

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Aspect ratio"), self.aspect_ratio)
        form.addRow(self.tr("Model"), self.model)
        form.addRow(self.tr("Resolution"), self.resolution)
        form.addRow(self.tr("Duration"), self.duration)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.extend_banner)
        layout.addWidget(self.prompt)
        layout.addWidget(self.expand_prompt)
        layout.addWidget(self.loop)
        layout.addLayout(frames)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.generate_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addStretch(1)

        self.start_frame.refused.connect(self.refused)
        self.end_frame.refused.connect(self.refused)
        self.stop_extending_button.clicked.connect(self.stop_extending)
        self.prompt.textChanged.connect(self.problem.hide)

    def extend_from(self, video: Asset) -> None:
        """The next request continues `video` (a finished Luma generation) from its last frame."""
        self.extending = video
        title = video.title or video.prompt or str(video.remote_id)
        self.extend_label.setText(self.tr("Extending “{title}”: it continues from its last frame.").format(title=title))
        self.extend_banner.show()
        self.start_frame.setEnabled(False)
        self.generate_button.setText(self.tr("Extend with Luma"))
        self.prompt.setFocus()

    def stop_extending(self) -> None:
        self.extending = None
        self.extend_banner.hide()
        self.start_frame.setEnabled(True)
        self.generate_button.setText(self.tr("Generate with Luma"))

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    def request(self, frame_transport: str) -> JobRequest:
        """The job this form describes; the family checks it (one sentence if it cannot be sent)."""
        body: dict[str, Any] = {
            "user_prompt": self.prompt.toPlainText().strip(),
            "expand_prompt": self.expand_prompt.isChecked(),
            "loop": self.loop.isChecked(),
        }
        for name, combo in (
            ("aspect_ratio", self.aspect_ratio),
            ("model_name", self.model),
            ("resolution", self.resolution),
            ("duration", self.duration),
        ):
            if combo.currentData() is not None:
                body[name] = combo.currentData()
        parameters: dict[str, Any] = {"body": body, "frame_transport": frame_transport}
        if self.end_frame.path is not None:
            parameters["end_frame"] = str(self.end_frame.path)
        if self.extending is not None:
            parameters["generation_id"] = self.extending.remote_id
            return JobRequest("luma", "extend", parameters)
        if self.start_frame.path is not None:
            parameters["start_frame"] = str(self.start_frame.path)
        return JobRequest("luma", "generate", parameters)
