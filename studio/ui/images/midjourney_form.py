"""The Midjourney form: imagine (prompt, reference images, bot, common parameters composed into the prompt
with a preview of the text sent), blend (2–5 images), describe (one image), shorten (a prompt) and face
swap (a face onto a target). Speed (relax / fast / turbo) rides on every request as the path prefix.

`request()` turns the form into the task engine's JobRequest; the family checks it, so a request the
gateway would refuse is answered with one sentence before anything is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from ...api.midjourney import MAX_IMAGES
from ...core.library import Asset
from ...core.midjourney import ASPECT_RATIOS, BOTS, VERSIONS, PromptParameters, compose_prompt
from ...qt.task_bridge import JobRequest
from ..video.frame_slot import FrameSlot
from .image_list import ImageList

MODES = ("imagine", "blend", "describe", "shorten", "swap-face")
DIMENSIONS = ("SQUARE", "PORTRAIT", "LANDSCAPE")
SPEEDS = ("relax", "fast", "turbo")


class MidjourneyForm(QWidget):
    refused = Signal(str)  # a dropped file that cannot be used, in one sentence

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.modes = QTabBar()
        self.modes.setExpanding(False)
        for label in (
            self.tr("Imagine"),
            self.tr("Blend"),
            self.tr("Describe"),
            self.tr("Shorten"),
            self.tr("Face swap"),
        ):
            self.modes.addTab(label)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._imagine_page())
        self.pages.addWidget(self._blend_page())
        self.pages.addWidget(self._describe_page())
        self.pages.addWidget(self._shorten_page())
        self.pages.addWidget(self._swap_page())

        self.bot = QComboBox()
        self.bot.addItem(self.tr("Midjourney"), "MID_JOURNEY")
        self.bot.addItem(self.tr("Niji (anime)"), "NIJI_JOURNEY")
        self.speed = QComboBox()
        self.speed.addItem(self.tr("The account's default"), None)
        self.speed.addItem(self.tr("Relax (slow, cheapest)"), "relax")
        self.speed.addItem(self.tr("Fast"), "fast")
        self.speed.addItem(self.tr("Turbo (fastest, dearest)"), "turbo")
        common = QFormLayout()
        common.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        common.addRow(self.tr("Bot"), self.bot)
        common.addRow(self.tr("Speed"), self.speed)

        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c62828;")
        self.problem.hide()
        self.submit_button = QPushButton()
        self.submit_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.modes)
        layout.addWidget(self.pages)
        layout.addLayout(common)
        layout.addWidget(self.problem)
        layout.addWidget(self.submit_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addStretch(1)

        self.modes.currentChanged.connect(self._mode_changed)
        self.bot.currentIndexChanged.connect(lambda _index: self._bot_changed())
        for signal in (
            self.prompt.textChanged,
            self.aspect_ratio.currentIndexChanged,
            self.stylize.valueChanged,
            self.chaos.valueChanged,
            self.version.currentIndexChanged,
        ):
            signal.connect(self._update_preview)
        for lst in (self.references, self.blend_images):
            lst.refused.connect(self.refused)
        for slot in (self.describe_image, self.face, self.target):
            slot.refused.connect(self.refused)
        self._bot_changed()
        self._mode_changed(0)

    # pages ---------------------------------------------------------------------------------------

    def _imagine_page(self) -> QWidget:
        page = QWidget()
        self.prompt = QPlainTextEdit()
        self.prompt.setPlaceholderText(self.tr("Describe the picture: subject, setting, style, light"))
        self.prompt.setFixedHeight(84)
        self.references = ImageList(self.tr("Reference images"), MAX_IMAGES)
        self.aspect_ratio = QComboBox()
        self.aspect_ratio.addItem(self.tr("Default (1:1)"), None)
        for ratio in ASPECT_RATIOS:
            self.aspect_ratio.addItem(ratio, ratio)
        self.stylize = QSpinBox()
        self.stylize.setRange(0, 1000)
        self.stylize.setValue(100)
        self.stylize.setToolTip(self.tr("How strongly Midjourney applies its own style (100 is its default)"))
        self.chaos = QSpinBox()
        self.chaos.setRange(0, 100)
        self.chaos.setToolTip(self.tr("How different the four pictures of the grid are from each other"))
        self.version = QComboBox()
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview.setStyleSheet("font-family: monospace; background: palette(alternate-base); padding: 4px;")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Aspect ratio"), self.aspect_ratio)
        row = QHBoxLayout()
        row.addWidget(self.stylize)
        row.addWidget(QLabel(self.tr("Chaos")))
        row.addWidget(self.chaos)
        form.addRow(self.tr("Stylize"), row)
        form.addRow(self.tr("Version"), self.version)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.prompt)
        layout.addWidget(self.references)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Sent as:")))
        layout.addWidget(self.preview)
        return page

    def _blend_page(self) -> QWidget:
        page = QWidget()
        self.blend_images = ImageList(self.tr("Images to blend (2 to 5)"), MAX_IMAGES)
        self.dimensions = QComboBox()
        self.dimensions.addItem(self.tr("Square"), "SQUARE")
        self.dimensions.addItem(self.tr("Portrait (2:3)"), "PORTRAIT")
        self.dimensions.addItem(self.tr("Landscape (3:2)"), "LANDSCAPE")
        form = QFormLayout()
        form.addRow(self.tr("Shape"), self.dimensions)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.blend_images)
        layout.addLayout(form)
        layout.addStretch(1)
        return page

    def _describe_page(self) -> QWidget:
        page = QWidget()
        self.describe_image = FrameSlot(self.tr("Picture to describe"))
        hint = QLabel(self.tr("Midjourney answers with four prompts; click one to imagine with it."))
        hint.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.describe_image, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(hint)
        layout.addStretch(1)
        return page

    def _shorten_page(self) -> QWidget:
        page = QWidget()
        self.shorten_prompt = QPlainTextEdit()
        self.shorten_prompt.setPlaceholderText(self.tr("A long prompt to make shorter"))
        self.shorten_prompt.setFixedHeight(84)
        hint = QLabel(self.tr("Midjourney answers with shorter versions; click one to use it."))
        hint.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.shorten_prompt)
        layout.addWidget(hint)
        layout.addStretch(1)
        return page

    def _swap_page(self) -> QWidget:
        page = QWidget()
        self.face = FrameSlot(self.tr("Face (source)"))
        self.target = FrameSlot(self.tr("Picture (target)"))
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.face)
        row.addWidget(self.target)
        row.addStretch(1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addStretch(1)
        return page

    # state ---------------------------------------------------------------------------------------

    @property
    def mode(self) -> str:
        return MODES[max(0, self.modes.currentIndex())]

    def set_mode(self, mode: str) -> None:
        self.modes.setCurrentIndex(MODES.index(mode))

    def _mode_changed(self, index: int) -> None:
        self.pages.setCurrentIndex(max(0, index))
        self.submit_button.setText(
            {
                "imagine": self.tr("Imagine"),
                "blend": self.tr("Blend"),
                "describe": self.tr("Describe"),
                "shorten": self.tr("Shorten"),
                "swap-face": self.tr("Swap the face"),
            }[self.mode]
        )
        self.bot.setEnabled(self.mode in ("imagine", "blend", "describe"))
        self.problem.hide()

    def _bot_changed(self) -> None:
        chosen = self.version.currentData()
        self.version.blockSignals(True)
        self.version.clear()
        self.version.addItem(self.tr("Default"), None)
        for version in VERSIONS.get(self.bot.currentData(), ()):
            label = f"niji {version}" if self.bot.currentData() == "NIJI_JOURNEY" else f"v {version}"
            self.version.addItem(label, version)
        self.version.setCurrentIndex(max(0, self.version.findData(chosen)))
        self.version.blockSignals(False)
        self._update_preview()

    def parameters(self) -> PromptParameters:
        return PromptParameters(
            aspect_ratio=self.aspect_ratio.currentData(),
            stylize=self.stylize.value(),
            chaos=self.chaos.value(),
            version=self.version.currentData(),
        )

    def final_prompt(self) -> str:
        return compose_prompt(self.prompt.toPlainText(), self.parameters(), self.bot.currentData())

    def _update_preview(self, *_: object) -> None:
        text = self.final_prompt()
        self.preview.setText(text or self.tr("(the prompt is empty)"))
        self.problem.hide()

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    def speed_value(self) -> str | None:
        value = self.speed.currentData()
        return value if value in SPEEDS else None

    def request(self) -> JobRequest:
        """The job the form describes (the family checks it and says what is wrong, in one sentence)."""
        mode, speed = self.mode, self.speed_value()
        params: dict[str, Any] = {"speed": speed}
        if mode == "imagine":
            parameters = self.parameters()
            params.update(
                prompt=self.final_prompt(),
                images=[str(path) for path in self.references.paths],
                bot_type=self.bot.currentData(),
                form={
                    "prompt": self.prompt.toPlainText().strip(),
                    "aspect_ratio": parameters.aspect_ratio,
                    "stylize": parameters.stylize,
                    "chaos": parameters.chaos,
                    "version": parameters.version,
                },
            )
        elif mode == "blend":
            params.update(
                images=[str(path) for path in self.blend_images.paths], dimensions=self.dimensions.currentData()
            )
        elif mode == "describe":
            params.update(image=str(self.describe_image.path) if self.describe_image.path else None)
        elif mode == "shorten":
            params.update(prompt=self.shorten_prompt.toPlainText().strip())
        else:
            params.update(
                source=str(self.face.path) if self.face.path else None,
                target=str(self.target.path) if self.target.path else None,
            )
        return JobRequest("midjourney", mode, params)

    # filled from elsewhere -----------------------------------------------------------------------

    def use_prompt(self, prompt: str) -> None:
        """A prompt (from describe, shorten or a result) goes into imagine, ready to send."""
        self.set_mode("imagine")
        self.prompt.setPlainText(prompt)
        self.prompt.setFocus()

    def add_to_blend(self, paths: list[Path]) -> None:
        self.set_mode("blend")
        self.blend_images.add(paths)

    def describe_this(self, path: Path) -> None:
        self.set_mode("describe")
        self.describe_image.set_path(path)

    def reuse(self, asset: Asset, parameters: dict[str, Any]) -> None:
        """The prompt and settings of a result's job back in the form (its form fields when it kept them)."""
        form = parameters.get("form") if isinstance(parameters.get("form"), dict) else {}
        bot = parameters.get("bot_type")
        if bot in BOTS:
            self.bot.setCurrentIndex(max(0, self.bot.findData(bot)))
        speed = parameters.get("speed")
        self.speed.setCurrentIndex(max(0, self.speed.findData(speed if speed in SPEEDS else None)))
        self.use_prompt(str(form.get("prompt") or parameters.get("prompt") or asset.prompt))
        if form:
            self.aspect_ratio.setCurrentIndex(max(0, self.aspect_ratio.findData(form.get("aspect_ratio"))))
            self.stylize.setValue(int(form.get("stylize", 100) or 0))
            self.chaos.setValue(int(form.get("chaos") or 0))
            self.version.setCurrentIndex(max(0, self.version.findData(form.get("version"))))
