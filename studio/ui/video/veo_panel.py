"""The Veo (custom video) form: the model that goes in the path, prompt, an optional picture, aspect ratio,
duration, and extra JSON merged into the body (the gateway documents the body loosely)."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from ...api.custom_video import ASPECT_RATIOS, DEFAULT_MODEL, DURATIONS_S, KNOWN_MODELS
from ...qt.task_bridge import JobRequest
from .form_fields import option_combo
from .frame_slot import FrameSlot


class VeoPanel(QWidget):
    refused = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = QComboBox()
        self.model.setEditable(True)
        self.model.setInsertPolicy(QComboBox.InsertPolicy.InsertAtBottom)
        self.model.addItems(KNOWN_MODELS)
        self.model.setCurrentText(DEFAULT_MODEL)
        self.model.setToolTip(self.tr("Sent in the path: /custom_video/model/<model>. Type another name to add it."))
        self.prompt = QPlainTextEdit()
        self.prompt.setPlaceholderText(self.tr("Describe the video"))
        self.prompt.setFixedHeight(78)
        self.image = FrameSlot(self.tr("First frame (optional)"))
        default = self.tr("Gateway default")
        self.aspect_ratio = option_combo(ASPECT_RATIOS, default)
        self.duration = option_combo(DURATIONS_S, default)
        self.extra_json = QPlainTextEdit()
        self.extra_json.setAccessibleName(self.tr("More parameters (JSON)"))
        self.extra_json.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.extra_json.setPlaceholderText('{"negative_prompt": "blurry", "seed": 7}')
        self.extra_json.setFixedHeight(58)
        self.extra_hint = QLabel(self.tr("Extra JSON: fields merged into the request body as they are."))
        self.extra_hint.setWordWrap(True)
        self.extra_hint.setStyleSheet("color: palette(placeholder-text);")
        self.generate_button = QPushButton(self.tr("Generate with Veo"))
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c62828;")
        self.problem.hide()

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Model"), self.model)
        form.addRow(self.tr("Aspect ratio"), self.aspect_ratio)
        form.addRow(self.tr("Duration (s)"), self.duration)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.prompt)  # the prompt first, as on the Luma form
        layout.addWidget(self.image, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(form)
        layout.addWidget(self.extra_hint)
        layout.addWidget(self.extra_json)
        layout.addWidget(self.problem)
        layout.addWidget(self.generate_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addStretch(1)
        self.image.refused.connect(self.refused)
        self.prompt.textChanged.connect(self.problem.hide)
        self.extra_json.textChanged.connect(self.problem.hide)

    def models(self) -> list[str]:
        return [self.model.itemText(n) for n in range(self.model.count())]

    def add_models(self, names: list[str]) -> None:
        """Bring back model names the user typed before (the list stays editable)."""
        for name in names:
            if name and self.model.findText(name) < 0:
                self.model.addItem(name)

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    def request(self, frame_transport: str) -> JobRequest | None:
        """The job this form describes, or None when the extra JSON is unusable (the form says why)."""
        body: dict[str, Any] = {"prompt": self.prompt.toPlainText().strip()}
        for name, combo in (("aspect_ratio", self.aspect_ratio), ("duration", self.duration)):
            if combo.currentData() is not None:
                body[name] = combo.currentData()
        extra = self.extra_json.toPlainText().strip()
        if extra:
            try:
                fields = json.loads(extra)
            except json.JSONDecodeError as error:
                self.show_problem(
                    self.tr("The extra JSON is not valid ({reason}, line {line}); nothing was sent.").format(
                        reason=error.msg, line=error.lineno
                    )
                )
                return None
            if not isinstance(fields, dict):
                self.show_problem(self.tr("The extra JSON must be an object ({…}); nothing was sent."))
                return None
            body.update(fields)
        model = self.model.currentText().strip()
        if model and self.model.findText(model) < 0:
            self.model.addItem(model)
        parameters: dict[str, Any] = {
            "model": model,
            "body": body,
            "image": str(self.image.path) if self.image.path is not None else None,
            "frame_transport": frame_transport,
        }
        return JobRequest("video", "generate", parameters)
