"""The Udio form: prompt, lyrics and their type, model, seed, strengths, quality, and continuing a song."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...api.udio import UdioGenParams
from ...core.library import Asset
from ...core.music import UDIO_LYRICS_TYPES, UDIO_MODELS, clip_id_of
from ...qt.task_bridge import JobRequest
from ..widgets.asset_model import ASSET_ROLE, AssetListModel
from .lyrics_editor import LyricsEditor

CONTINUATION_MODES = ("continuation", "precede")
UNSET = -0.01
"""A strength left at this value is not sent (Udio's own default applies)."""


def strength_box(tooltip: str) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(UNSET, 1.0)
    box.setSingleStep(0.05)
    box.setDecimals(2)
    box.setValue(UNSET)
    box.setToolTip(tooltip)
    return box


class UdioPanel(QWidget):
    def __init__(self, udio_songs: AssetListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prompt = QPlainTextEdit()
        self.prompt.setPlaceholderText(self.tr("Describe the song: genre, mood, instruments, voice"))
        self.prompt.setMaximumHeight(90)
        self.lyrics_type = QComboBox()
        for value, label in zip(
            UDIO_LYRICS_TYPES,
            (self.tr("My lyrics"), self.tr("Instrumental"), self.tr("Write them for me")),
            strict=True,
        ):
            self.lyrics_type.addItem(label, value)
        self.lyrics = LyricsEditor(self.tr("[Verse]\nYour words here…"))
        self.model = QComboBox()
        self.model.setEditable(True)
        self.model.addItems(UDIO_MODELS)
        self.seed = QSpinBox()
        self.seed.setRange(-1, 2_147_483_647)
        self.seed.setValue(-1)
        self.seed.setSpecialValueText(self.tr("random"))
        self.prompt_strength = strength_box(self.tr("How closely the song follows the prompt"))
        self.clarity_strength = strength_box(self.tr("How clean and clear the sound is"))
        self.lyrics_strength = strength_box(self.tr("How closely the singing follows the lyrics"))
        self.quality = strength_box(self.tr("Generation quality: higher is slower"))
        for box in (self.prompt_strength, self.clarity_strength, self.lyrics_strength, self.quality):
            box.setSpecialValueText(self.tr("default"))
        self.extend = QGroupBox(self.tr("Continue a song"))
        self.extend.setCheckable(True)
        self.extend.setChecked(False)
        self.source = QComboBox()
        self.source.setModel(udio_songs)
        self.source.setPlaceholderText(self.tr("No Udio song in the library yet"))
        self.extend_mode = QComboBox()
        self.extend_mode.addItem(self.tr("After the song (continuation)"), CONTINUATION_MODES[0])
        self.extend_mode.addItem(self.tr("Before the song (precede)"), CONTINUATION_MODES[1])
        self.section_start = strength_box(self.tr("Where the new section sits: 0 the start, 1 the end"))
        self.section_start.setSpecialValueText(self.tr("default"))
        extend_form = QFormLayout(self.extend)
        extend_form.addRow(self.tr("Song"), self.source)
        extend_form.addRow(self.tr("Place"), self.extend_mode)
        extend_form.addRow(self.tr("Section start"), self.section_start)
        self.bypass = QCheckBox(self.tr("Send the prompt as it is (no optimisation)"))
        self.create_button = QPushButton(self.tr("Create song"))
        form = QFormLayout()
        form.addRow(self.tr("Lyrics"), self.lyrics_type)
        form.addRow(self.tr("Model"), self.model)
        form.addRow(self.tr("Seed"), self.seed)
        form.addRow(self.tr("Prompt strength"), self.prompt_strength)
        form.addRow(self.tr("Clarity"), self.clarity_strength)
        form.addRow(self.tr("Lyrics strength"), self.lyrics_strength)
        form.addRow(self.tr("Quality"), self.quality)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Prompt")))
        layout.addWidget(self.prompt)
        layout.addWidget(self.lyrics, 1)
        layout.addLayout(form)
        layout.addWidget(self.extend)
        layout.addWidget(self.bypass)
        layout.addWidget(self.create_button)
        self.lyrics_type.currentIndexChanged.connect(self._lyrics_type_changed)
        self._lyrics_type_changed()

    def _lyrics_type_changed(self, *_: object) -> None:
        self.lyrics.setEnabled(self.lyrics_type.currentData() == "user")

    def job_request(self) -> JobRequest:
        def value(box: QDoubleSpinBox) -> float | None:
            return None if box.value() <= UNSET else round(box.value(), 2)

        lyrics_type = str(self.lyrics_type.currentData())
        params = UdioGenParams(
            prompt=self.prompt.toPlainText().strip(),
            lyrics=self.lyrics.text().strip() or None if lyrics_type == "user" else None,
            lyrics_type=lyrics_type,
            model_type=self.model.currentText().strip() or None,
            seed=self.seed.value(),
            prompt_strength=value(self.prompt_strength),
            clarity_strength=value(self.clarity_strength),
            lyrics_strength=value(self.lyrics_strength),
            generation_quality=value(self.quality),
            bypass_prompt_optimization=True if self.bypass.isChecked() else None,
        )
        source: Asset | None = self.source.currentData(ASSET_ROLE) if self.extend.isChecked() else None
        if source is not None:
            params.config = {"mode": str(self.extend_mode.currentData()), "song_id": clip_id_of(source)}
            params.song_section_start = value(self.section_start)
        return JobRequest("udio", "music", {"gen_params": params.model_dump(exclude_none=True)})

    def apply(self, gen: dict[str, Any]) -> None:
        """Fill the form from a request sent before (Reuse settings)."""
        self.prompt.setPlainText(str(gen.get("prompt") or ""))
        index = self.lyrics_type.findData(gen.get("lyrics_type") or ("user" if gen.get("lyrics") else "generate"))
        self.lyrics_type.setCurrentIndex(max(0, index))
        self.lyrics.set_text(str(gen.get("lyrics") or ""))
        if gen.get("model_type"):
            self.model.setCurrentText(str(gen["model_type"]))
        self.seed.setValue(int(gen.get("seed", -1)) if isinstance(gen.get("seed"), int) else -1)
        for name, box in (
            ("prompt_strength", self.prompt_strength),
            ("clarity_strength", self.clarity_strength),
            ("lyrics_strength", self.lyrics_strength),
            ("generation_quality", self.quality),
        ):
            number = gen.get(name)
            box.setValue(float(number) if isinstance(number, int | float) else UNSET)
        self.bypass.setChecked(bool(gen.get("bypass_prompt_optimization")))
        self.extend.setChecked(False)
