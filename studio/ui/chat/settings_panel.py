"""Per-conversation settings: mode, model, system prompt and sampling, saved with the conversation."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.chat import DEFAULT_MODEL


class ChatSettingsPanel(QWidget):
    settingsChanged = Signal(dict)
    modeChanged = Signal(str)
    saveAssistantRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self.mode = QComboBox()
        for key, label in (
            ("chat", self.tr("Chat Completions")),
            ("responses", self.tr("Responses API")),
            ("completions", self.tr("Completions (legacy)")),
        ):
            self.mode.addItem(label, key)
        self.model = QComboBox()
        self.model.setEditable(True)
        self.model.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = QCompleter(self.model.model(), self.model)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.model.setCompleter(completer)
        self.model.setEditText(DEFAULT_MODEL)
        self.system_prompt = QPlainTextEdit()
        self.system_prompt.setPlaceholderText(self.tr("You are a helpful assistant."))
        self.system_prompt.setMaximumHeight(110)
        self.temperature = QDoubleSpinBox()
        self.temperature.setRange(-0.1, 2.0)
        self.temperature.setSingleStep(0.1)
        self.temperature.setSpecialValueText(self.tr("Default"))
        self.temperature.setValue(-0.1)
        self.top_p = QDoubleSpinBox()
        self.top_p.setRange(-0.05, 1.0)
        self.top_p.setSingleStep(0.05)
        self.top_p.setSpecialValueText(self.tr("Default"))
        self.top_p.setValue(-0.05)
        self.max_tokens = QSpinBox()
        self.max_tokens.setRange(0, 1_000_000)
        self.max_tokens.setSpecialValueText(self.tr("Default"))
        self.reasoning = QComboBox()
        for key, label in (
            ("", self.tr("Default")),
            ("low", self.tr("Low")),
            ("medium", self.tr("Medium")),
            ("high", self.tr("High")),
        ):
            self.reasoning.addItem(label, key)
        self.response_format = QComboBox()
        for key, label in (
            ("text", self.tr("Text")),
            ("json_object", self.tr("JSON object")),
            ("json_schema", self.tr("JSON schema")),
        ):
            self.response_format.addItem(label, key)
        self.json_schema = QPlainTextEdit()
        self.json_schema.setAccessibleName(self.tr("JSON schema of the reply"))
        self.json_schema.setPlaceholderText('{"name": "reply", "schema": {"type": "object", "properties": {}}}')
        self.json_schema.setMaximumHeight(90)
        self.json_schema.setVisible(False)
        self.schema_problem = QLabel()
        self.schema_problem.setStyleSheet("color: #c62828;")
        self.schema_problem.setVisible(False)
        self.seed = QSpinBox()
        self.seed.setRange(-1, 2_147_483_647)
        self.seed.setSpecialValueText(self.tr("Random"))
        self.seed.setValue(-1)
        self.stop = QLineEdit()
        self.stop.setPlaceholderText(self.tr("comma-separated, e.g. END, ###"))
        self.suffix = QLineEdit()
        self.suffix.setPlaceholderText(self.tr("text after the completion"))
        self.usage = QLabel()
        self.usage.setStyleSheet("color: #888;")
        # Wrapped, so a longer count never widens the panel: that narrowed the messages beside it and made
        # Qt lay out a long reply again from the top when it ended (~140 ms for 20,000 tokens).
        self.usage.setWordWrap(True)
        save = QPushButton(self.tr("Save as assistant…"))
        save.clicked.connect(self.saveAssistantRequested)

        form = QFormLayout()
        form.addRow(self.tr("Mode"), self.mode)
        form.addRow(self.tr("Model"), self.model)
        form.addRow(self.tr("System prompt"), self.system_prompt)
        form.addRow(self.tr("Temperature"), self.temperature)
        form.addRow(self.tr("Top P"), self.top_p)
        form.addRow(self.tr("Max tokens"), self.max_tokens)
        form.addRow(self.tr("Reasoning effort"), self.reasoning)
        form.addRow(self.tr("Response format"), self.response_format)
        form.addRow("", self.json_schema)
        form.addRow("", self.schema_problem)
        form.addRow(self.tr("Seed"), self.seed)
        form.addRow(self.tr("Stop sequences"), self.stop)
        self._suffix_label = QLabel(self.tr("Suffix"))
        form.addRow(self._suffix_label, self.suffix)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(save)
        layout.addStretch(1)
        layout.addWidget(self.usage)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(300)
        self._debounce.timeout.connect(self._emit)
        for signal in (
            self.model.currentTextChanged,
            self.system_prompt.textChanged,
            self.temperature.valueChanged,
            self.top_p.valueChanged,
            self.max_tokens.valueChanged,
            self.reasoning.currentIndexChanged,
            self.response_format.currentIndexChanged,
            self.json_schema.textChanged,
            self.seed.valueChanged,
            self.stop.textChanged,
            self.suffix.textChanged,
        ):
            signal.connect(self._changed)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self._update_visibility()

    def set_models(self, ids: list[str]) -> None:
        current = self.model.currentText()
        self._loading = True
        self.model.clear()
        self.model.addItems(sorted(ids))
        self.model.setEditText(current)
        self._loading = False

    def load(self, mode: str, settings: dict[str, Any]) -> None:
        self._loading = True
        self.mode.setCurrentIndex(max(0, self.mode.findData(mode)))
        self.model.setEditText(settings.get("model") or DEFAULT_MODEL)
        self.system_prompt.setPlainText(settings.get("system_prompt") or "")
        temperature = settings.get("temperature")
        self.temperature.setValue(self.temperature.minimum() if temperature is None else float(temperature))
        top_p = settings.get("top_p")
        self.top_p.setValue(self.top_p.minimum() if top_p is None else float(top_p))
        self.max_tokens.setValue(int(settings.get("max_tokens") or 0))
        self.reasoning.setCurrentIndex(max(0, self.reasoning.findData(settings.get("reasoning_effort") or "")))
        self.response_format.setCurrentIndex(
            max(0, self.response_format.findData(settings.get("response_format") or "text"))
        )
        schema = settings.get("json_schema")
        self.json_schema.setPlainText(json.dumps(schema, indent=2) if schema else "")
        seed = settings.get("seed")
        self.seed.setValue(-1 if seed is None else int(seed))
        self.stop.setText(", ".join(settings.get("stop") or []))
        self.suffix.setText(settings.get("suffix") or "")
        self._loading = False
        self._update_visibility()

    def settings(self) -> dict[str, Any]:
        out: dict[str, Any] = {"model": self.model.currentText().strip() or DEFAULT_MODEL}
        if self.system_prompt.toPlainText().strip():
            out["system_prompt"] = self.system_prompt.toPlainText()
        if self.temperature.value() > self.temperature.minimum():
            out["temperature"] = round(self.temperature.value(), 2)
        if self.top_p.value() > self.top_p.minimum():
            out["top_p"] = round(self.top_p.value(), 2)
        if self.max_tokens.value():
            out["max_tokens"] = self.max_tokens.value()
        if self.reasoning.currentData():
            out["reasoning_effort"] = self.reasoning.currentData()
        out["response_format"] = self.response_format.currentData()
        if out["response_format"] == "json_schema":
            schema = self._schema()
            if schema is not None:
                out["json_schema"] = schema
        if self.seed.value() >= 0:
            out["seed"] = self.seed.value()
        stops = [s.strip() for s in self.stop.text().split(",") if s.strip()]
        if stops:
            out["stop"] = stops[:4]
        if self.suffix.text():
            out["suffix"] = self.suffix.text()
        return out

    def _schema(self) -> dict[str, Any] | None:
        text = self.json_schema.toPlainText().strip()
        if not text:
            self.schema_problem.setVisible(False)
            return None
        try:
            value = json.loads(text)
        except ValueError as error:
            self.schema_problem.setText(self.tr("The schema is not valid JSON: {error}").format(error=error.msg))
            self.schema_problem.setVisible(True)
            return None
        self.schema_problem.setVisible(False)
        return value if isinstance(value, dict) else None

    def _changed(self, *_args: Any) -> None:
        self._update_visibility()
        if not self._loading:
            self._debounce.start()

    def _mode_changed(self, *_args: Any) -> None:
        self._update_visibility()
        if not self._loading:
            self.modeChanged.emit(self.mode.currentData())

    def _emit(self) -> None:
        self.settingsChanged.emit(self.settings())

    def flush(self) -> None:
        """Emit pending edits now (before a send or a switch)."""
        if self._debounce.isActive():
            self._debounce.stop()
            self._emit()

    def _update_visibility(self) -> None:
        self.json_schema.setVisible(self.response_format.currentData() == "json_schema")
        completions = self.mode.currentData() == "completions"
        self.suffix.setVisible(completions)
        self._suffix_label.setVisible(completions)

    def show_usage(self, input_tokens: int, output_tokens: int) -> None:
        self.usage.setText(
            self.tr("This conversation: {i} tokens in, {o} tokens out").format(i=input_tokens, o=output_tokens)
        )
