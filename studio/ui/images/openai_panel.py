"""OpenAI images: generate from a prompt, edit pictures with a painted mask, or make variations.

The form offers only the options the chosen model accepts for the chosen operation (from
`studio.api.images.rules_for`). Inputs are checked in a worker whenever they change, so a problem shows
with its one-sentence reason (and a one-click fix where that is safe) before anything is uploaded; the
check runs again, with the exported mask, right before the paid request leaves. Results land in the
library as they arrive (the gallery shows them from there), linked to the picture they came from.
"""

from __future__ import annotations

import asyncio
import itertools
from pathlib import Path
from typing import Any

from PIL import Image
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from ...api.errors import StudioError
from ...api.images import (
    BACKGROUNDS,
    GPT_IMAGE_1,
    MAX_N,
    MODEL_RULES,
    MODERATIONS,
    OUTPUT_FORMATS,
    RESPONSE_FORMATS,
    ImageRequest,
    Operation,
    rules_for,
)
from ...api.sentences import Sentence
from ...core.images import (
    Fix,
    FixedInputs,
    ImageInputError,
    ImageResults,
    InputCheck,
    build_mask,
    check_inputs,
    edit_images,
    fix_inputs,
    generate_images,
    source_asset_id,
    vary_image,
)
from ...core.library import Asset
from ...qt.async_tasks import load_api
from ...qt.messages import translated
from ...qt.operation import Operation as UiOperation
from ...qt.operation import Progress
from ..tab import TabContext
from ..widgets.paid_gate import before_paying
from ..widgets.prompt_menu import add_moderation_check
from .image_editor import ImageEditor, mask_paint

OPERATIONS: tuple[Operation, ...] = ("generate", "edit", "variation")
HISTORY_SIZE = 30
IMAGE_MODEL_HINTS = ("image", "dall-e")
ERROR_STYLE = "QFrame#problem { background: palette(alternate-base); border: 1px solid #c62828; border-radius: 4px; }"
NOTE_STYLE = "QFrame#problem { background: palette(alternate-base); border: 1px solid #2e7d32; border-radius: 4px; }"


class OpenAIImagesPanel(QWidget):
    status = Signal(str)
    resultsSaved = Signal(list)  # list[int], the assets of one reply, as soon as they are in the library

    def __init__(self, context: TabContext, scratch: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.scratch = scratch
        self.check: InputCheck | None = None
        self.notes: list[Sentence] = []
        self.originals: dict[Path, Path] = {}
        """A fixed copy → the picture it was made from (the source of the results' lineage)."""
        self.running: UiOperation[Any] | None = None
        self._checks = itertools.count(1)
        self._latest_check = 0
        self._fixes = itertools.count(1)
        self._build()
        self._connect()
        self._operation_changed(0)

    # layout ---------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.modes = QTabBar()
        self.modes.setExpanding(False)
        self.modes.addTab(self.tr("Generate"))
        self.modes.addTab(self.tr("Edit"))
        self.modes.addTab(self.tr("Variation"))
        self.prompt = QPlainTextEdit()
        self.prompt.setPlaceholderText(self.tr("Describe the picture (or the change, for an edit)"))
        self.prompt.setMaximumHeight(110)
        self.history = QComboBox()
        self.history.setPlaceholderText(self.tr("Earlier prompts"))
        self.model = QComboBox()
        self.model.setEditable(True)
        self.model.addItems(list(MODEL_RULES))
        self.model.setCurrentText(GPT_IMAGE_1.name)
        default = self.tr("default")
        self.size = QComboBox()
        self.n = QSpinBox()
        self.n.setRange(1, MAX_N)
        self.quality = QComboBox()
        self.style = QComboBox()
        self.background = QComboBox()
        self.output_format = QComboBox()
        self.compression = QSpinBox()
        self.compression.setRange(-1, 100)
        self.compression.setSpecialValueText(default)
        self.compression.setValue(-1)
        self.moderation = QComboBox()
        self.response_format = QComboBox()
        self.options = QFormLayout()
        self.option_rows: dict[str, QWidget] = {
            "size": self.size,
            "n": self.n,
            "quality": self.quality,
            "style": self.style,
            "background": self.background,
            "output_format": self.output_format,
            "output_compression": self.compression,
            "moderation": self.moderation,
            "response_format": self.response_format,
        }
        labels = {
            "size": self.tr("Size"),
            "n": self.tr("Images"),
            "quality": self.tr("Quality"),
            "style": self.tr("Style"),
            "background": self.tr("Background"),
            "output_format": self.tr("Output format"),
            "output_compression": self.tr("Compression"),
            "moderation": self.tr("Moderation"),
            "response_format": self.tr("Answer as"),
        }
        self.options.addRow(self.tr("Model"), self.model)
        for name, widget in self.option_rows.items():
            self.options.addRow(labels[name], widget)

        self.problem = QFrame()
        self.problem.setObjectName("problem")
        self.problem_text = QLabel()
        self.problem_text.setWordWrap(True)
        self.problem_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fit = QComboBox()
        self.fit.addItem(self.tr("Pad to a square"), "pad")
        self.fit.addItem(self.tr("Crop to a square"), "crop")
        self.fix_button = QPushButton(self.tr("Fix it"))
        problem_layout = QVBoxLayout(self.problem)
        problem_layout.addWidget(self.problem_text)
        fix_row = QHBoxLayout()
        fix_row.addWidget(self.fit)
        fix_row.addWidget(self.fix_button)
        fix_row.addStretch(1)
        problem_layout.addLayout(fix_row)
        self.problem.setVisible(False)

        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setVisible(False)
        self.progress_text = QLabel()
        self.run_button = QPushButton()
        self.run_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setEnabled(False)
        run_row = QHBoxLayout()
        run_row.addWidget(self.progress_text, 1)
        run_row.addWidget(self.cancel_button)
        run_row.addWidget(self.run_button)

        form = QWidget()
        form_layout = QVBoxLayout(form)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.addWidget(self.modes)
        form_layout.addWidget(self.prompt)
        form_layout.addWidget(self.history)
        form_layout.addLayout(self.options)
        form_layout.addWidget(self.problem)
        form_layout.addStretch(1)
        form_layout.addWidget(self.progress)
        form_layout.addLayout(run_row)

        self.editor = ImageEditor(self.scratch)
        self.split = QSplitter()
        self.split.addWidget(form)
        self.split.addWidget(self.editor)
        self.split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.split)

    def _connect(self) -> None:
        self.modes.currentChanged.connect(self._operation_changed)
        self.model.currentTextChanged.connect(lambda _text: self._model_changed())
        self.history.activated.connect(lambda index: self.prompt.setPlainText(self.history.itemText(index)))
        self.output_format.currentIndexChanged.connect(lambda _index: self._compression_allowed())
        self.fix_button.clicked.connect(self.fix)
        add_moderation_check(self.prompt, self.context.check_text)
        self.run_button.clicked.connect(
            lambda: before_paying(self, self.context.workspace, lambda: self.request().prompt, self.run)
        )
        self.cancel_button.clicked.connect(self.cancel)
        self.editor.inputsChanged.connect(self.check_now)
        self.editor.status.connect(self.status)

    # operation, model and options -----------------------------------------------------------------

    @property
    def operation(self) -> Operation:
        return OPERATIONS[max(0, self.modes.currentIndex())]

    def set_operation(self, operation: Operation) -> None:
        self.modes.setCurrentIndex(OPERATIONS.index(operation))

    def _operation_changed(self, _index: int) -> None:
        operation = self.operation
        self.run_button.setText(
            {"generate": self.tr("Generate"), "edit": self.tr("Edit"), "variation": self.tr("Make variations")}[
                operation
            ]
        )
        self.prompt.setVisible(operation != "variation")  # a variation takes no prompt
        self.history.setVisible(operation != "variation")
        self.editor.setVisible(operation != "generate")
        self.editor.set_masking(operation == "edit")
        rules = rules_for(self.model.currentText().strip())
        if rules is not None and not rules.supports(operation):
            able = [name for name, other in MODEL_RULES.items() if other.supports(operation)]
            self.model.setCurrentText(GPT_IMAGE_1.name if GPT_IMAGE_1.name in able else able[0])  # → _model_changed
        else:
            self._model_changed()

    def set_models(self, ids: list[str]) -> None:
        """The profile's image models join the known ones in the model list."""
        current = self.model.currentText()
        known = list(MODEL_RULES)
        extra = sorted(i for i in ids if i not in known and any(hint in i.lower() for hint in IMAGE_MODEL_HINTS))
        self.model.blockSignals(True)
        self.model.clear()
        self.model.addItems(known + extra)
        self.model.setCurrentText(current)
        self.model.blockSignals(False)

    def choice_labels(self) -> dict[str, str]:
        """What the gateway's option values are called on screen (sizes and formats show as they are)."""
        return {
            "auto": self.tr("automatic"),
            "standard": self.tr("standard"),
            "hd": self.tr("HD (finer detail)"),
            "low": self.tr("low"),
            "medium": self.tr("medium"),
            "high": self.tr("high"),
            "vivid": self.tr("vivid"),
            "natural": self.tr("natural"),
            "transparent": self.tr("transparent"),
            "opaque": self.tr("opaque"),
            "url": self.tr("a link (url, lives 60 minutes)"),
            "b64_json": self.tr("the picture itself (b64_json)"),
        }

    def _fill(self, combo: QComboBox, values: tuple[str, ...], default: str) -> None:
        chosen = combo.currentData()
        labels = self.choice_labels()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(default, None)
        for value in values:
            combo.addItem(labels.get(value, value), value)
        index = combo.findData(chosen)
        combo.setCurrentIndex(max(0, index))
        combo.blockSignals(False)

    def _model_changed(self) -> None:
        operation, model = self.operation, self.model.currentText().strip()
        rules = rules_for(model)
        default = self.tr("default")
        if rules is None:  # a model the studio has no rules for: offer everything, the gateway decides
            offered: dict[str, tuple[str, ...]] = {
                "size": ("256x256", "512x512", "1024x1024", "1536x1024", "1024x1536", "1792x1024", "1024x1792"),
                "quality": ("standard", "hd", "low", "medium", "high", "auto"),
                "style": ("vivid", "natural") if operation == "generate" else (),
                "background": BACKGROUNDS,
                "output_format": OUTPUT_FORMATS,
                "moderation": MODERATIONS if operation == "generate" else (),
                "response_format": RESPONSE_FORMATS,
            }
            most = MAX_N
        else:
            offered = {
                "size": rules.sizes(operation),
                "quality": rules.qualities if operation != "variation" else (),
                "style": rules.styles if operation == "generate" else (),
                "background": rules.backgrounds if operation != "variation" else (),
                "output_format": rules.output_formats if operation != "variation" else (),
                "moderation": rules.moderations if operation == "generate" else (),
                "response_format": rules.response_formats,
            }
            most = rules.max_n
        for name, values in offered.items():
            combo = self.option_rows[name]
            assert isinstance(combo, QComboBox)
            self._fill(combo, values, default)
            self.options.setRowVisible(combo, bool(values))
        self.n.setMaximum(most)
        self.options.setRowVisible(self.n, most > 1)
        self._compression_allowed()
        limit = 1 if operation == "variation" or rules is None else rules.max_edit_images
        self.editor.set_limit(limit)
        self.check_now()

    def _compression_allowed(self) -> None:
        allowed = self.options.isRowVisible(self.output_format) and self.output_format.currentData() in ("jpeg", "webp")
        self.options.setRowVisible(self.compression, allowed)
        if not allowed:
            self.compression.setValue(-1)

    def request(self) -> ImageRequest:
        def chosen(name: str) -> str | None:
            widget = self.option_rows[name]
            assert isinstance(widget, QComboBox)
            return widget.currentData() if self.options.isRowVisible(widget) else None

        compression = self.compression.value()
        return ImageRequest(
            prompt=self.prompt.toPlainText().strip() if self.operation != "variation" else "",
            model=self.model.currentText().strip(),
            n=self.n.value() if self.options.isRowVisible(self.n) and self.n.value() > 1 else None,
            size=chosen("size"),
            quality=chosen("quality"),
            style=chosen("style"),
            background=chosen("background"),
            output_format=chosen("output_format"),
            output_compression=compression
            if compression >= 0 and self.options.isRowVisible(self.compression)
            else None,
            moderation=chosen("moderation"),
            response_format=chosen("response_format"),
        )

    def reuse(self, asset: Asset) -> None:
        """Bring back the prompt, model, operation and options a result was made with."""
        operation = asset.parameters.get("operation")
        if operation in OPERATIONS:
            self.set_operation(operation)
        self.model.setCurrentText(asset.model or self.model.currentText())
        self.prompt.setPlainText(asset.prompt)
        options = asset.parameters.get("request") or {}
        for name, widget in self.option_rows.items():
            value = options.get(name)
            if isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(0, widget.findData(value)))
            elif isinstance(widget, QSpinBox):
                widget.setValue(int(value) if isinstance(value, int) else widget.minimum())
        self._compression_allowed()
        self.status.emit(self.tr("The prompt and settings of this result are back in the form"))

    # history --------------------------------------------------------------------------------------

    def history_items(self) -> list[str]:
        return [self.history.itemText(row) for row in range(self.history.count())]

    def set_history(self, prompts: list[str]) -> None:
        self.history.clear()
        self.history.addItems(prompts[:HISTORY_SIZE])

    def _remember(self, prompt: str) -> None:
        if prompt:
            self.set_history([prompt, *(item for item in self.history_items() if item != prompt)])

    # checks and fixes -----------------------------------------------------------------------------

    def check_now(self) -> None:
        """Check the inputs in a worker; the newest check's answer is the one shown."""
        if self.operation == "generate":
            self.check = None
            self._show_problem(None)
            return
        number = next(self._checks)
        self._latest_check = number
        operation, model = self.operation, self.model.currentText().strip()
        images, mask = list(self.editor.inputs), self.editor.mask_file
        if not images:
            self.check = None
            self._show_problem(None)
            return
        UiOperation.in_thread(self, lambda _progress: check_inputs(operation, model, images, mask)).success(
            lambda check: self._checked(number, check)
        ).run()

    def _checked(self, number: int, check: InputCheck) -> None:
        if number != self._latest_check:
            return
        self.check = check
        self._show_problem(None if check.ok else check)

    def _show_problem(self, check: InputCheck | None, *, sentences: tuple[Sentence, ...] = ()) -> None:
        """A check's refusals (or fixable problems, with the fix button), or other sentences; None hides it."""
        if check is not None:
            sentences = check.sentences()
        if not sentences:
            self.problem.setVisible(False)
            return
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem_text.setText(translated(sentences))
        fixable = check is not None and check.fixable
        self.fix_button.setVisible(fixable)
        squares = check is not None and any(Fix.SQUARE in problem.fixes for problem in check.problems)
        self.fit.setVisible(fixable and squares)
        self.problem.setVisible(True)

    def _show_notes(self, notes: list[Sentence]) -> None:
        self.problem.setStyleSheet(NOTE_STYLE)
        self.problem_text.setText(translated(notes))
        self.fix_button.setVisible(False)
        self.fit.setVisible(False)
        self.problem.setVisible(True)

    def fix(self) -> UiOperation[tuple[FixedInputs, Any]] | None:
        """Apply the safe fixes to copies; paint on the canvas is reshaped with the picture it is on."""
        check = self.check
        if check is None or not check.fixable:
            return None
        folder = self.scratch / f"fixed-{next(self._fixes)}"
        fit = self.fit.currentData()
        canvas, mask_file = self.editor.canvas, self.editor.mask_file
        painted = canvas.painted() if self.operation == "edit" and mask_file is None and canvas.has_paint() else None
        size = canvas.image_size()

        def work(_progress: Progress) -> tuple[FixedInputs, Any]:
            to_fix = check
            if painted is not None:  # fix_inputs reshapes a mask exactly as it reshapes the first picture
                mask = build_mask(painted, size, folder / "painted-mask.png")
                to_fix = check_inputs(check.operation, check.model, [info.path for info in check.images if info], mask)
            fixed = fix_inputs(to_fix, folder, fit=fit)
            if painted is None or fixed.mask is None:
                return fixed, None
            with Image.open(fixed.images[0]) as first:
                return fixed, mask_paint(fixed.mask, first.size)

        self.fix_button.setEnabled(False)
        return (
            UiOperation.in_thread(self, work)
            .success(lambda result: self._fixed(*result))
            .failure(lambda error: self._show_problem(None, sentences=error.sentences))
            .finished(lambda: self.fix_button.setEnabled(True))
            .run()
        )

    def _fixed(self, fixed: FixedInputs, paint: Any) -> None:
        for original, copy in zip(self.editor.inputs, fixed.images, strict=True):
            if copy != original:
                self.originals[copy] = self.originals.get(original, original)
        self.notes.extend(fixed.notes)
        self.editor.mask_file = fixed.mask if self.editor.mask_file is not None else None
        self._latest_check = next(self._checks)  # the inputs are fixed: no earlier answer applies
        self.editor.replace_inputs(fixed.images, paint)
        self._show_notes(fixed.notes)
        self.status.emit(translated(fixed.notes))

    # running --------------------------------------------------------------------------------------

    def run(self) -> UiOperation[ImageResults] | None:
        if self.running is not None and self.running.running:
            return None
        request, operation = self.request(), self.operation
        problem = request.problem(operation)
        if problem is not None:
            self._show_problem(None, sentences=(problem,))
            return None
        work = self._generate(request) if operation == "generate" else self._edit(request, operation)
        self._remember(request.prompt)
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setVisible(True)
        self.progress.setValue(0)
        self.progress_text.setText(self.tr("Sending…"))
        self.running = (
            UiOperation(self, work)
            .with_progress(self._uploaded)
            .success(self._done)
            .failure(self._failed)
            .finished(self._idle)
            .run()
        )
        return self.running

    def _generate(self, request: ImageRequest) -> Any:
        async def work(_progress: Progress) -> ImageResults:
            await load_api()
            library = self.context.workspace.library
            return await generate_images(self.context.workspace.api(), library, request, on_saved=self._saved)

        return work

    def _edit(self, request: ImageRequest, operation: Operation) -> Any:
        images, mask_file = list(self.editor.inputs), self.editor.mask_file
        canvas = self.editor.canvas
        painted = canvas.painted() if operation == "edit" and mask_file is None and canvas.has_paint() else None
        size, target = canvas.image_size(), self.scratch / f"mask-{next(self._fixes)}.png"
        notes = list(self.notes)
        source = self.originals.get(images[0], images[0]) if images else None

        async def work(progress: Progress) -> ImageResults:
            mask = mask_file
            if painted is not None:
                mask = await asyncio.to_thread(build_mask, painted, size, target)
            check = await asyncio.to_thread(check_inputs, operation, request.model, images, mask)
            if not check.ok or source is None:
                raise ImageInputError(check.sentences(), check)
            library = self.context.workspace.library
            parent_id = await source_asset_id(library, source)
            await load_api()
            api = self.context.workspace.api()
            if operation == "variation":
                return await vary_image(
                    api,
                    library,
                    request,
                    images[0],
                    parent_id=parent_id,
                    notes=notes,
                    progress=progress,
                    on_saved=self._saved,
                )
            return await edit_images(
                api,
                library,
                request,
                images,
                mask=mask,
                parent_id=parent_id,
                notes=notes,
                progress=progress,
                on_saved=self._saved,
            )

        return work

    def _uploaded(self, sent: int, total: int) -> None:
        if total > 0:
            self.progress.setValue(int(100 * sent / total))
            self.progress_text.setText(self.tr("Uploading…") if sent < total else self.tr("Waiting for the pictures…"))

    def _saved(self, asset: Asset) -> None:
        self.resultsSaved.emit([asset.id])

    def _done(self, results: ImageResults) -> None:
        self.resultsSaved.emit([asset.id for asset in results.assets])
        if results.errors:
            self._show_problem(None, sentences=results.errors[0].sentences)
        else:
            self.problem.setVisible(False)
        count = len(results.saved)
        self.status.emit(self.tr("{count} picture(s) saved to the library").format(count=count))

    def _failed(self, error: StudioError) -> None:
        check = error.check if isinstance(error, ImageInputError) else None
        if check is not None:
            self.check = check
        self._show_problem(check, sentences=() if check is not None else error.sentences)
        self.status.emit(translated(error))

    def _idle(self) -> None:
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.progress.setVisible(False)
        self.progress_text.setText("")

    def cancel(self) -> None:
        if self.running is not None:
            self.running.cancel()
