"""The Images tab: one page per image service (OpenAI, Midjourney, Ideogram) beside one results gallery
that every page's results land in.

A page is a panel with a `status` signal and a `resultsSaved(list[int])` signal; the tab routes
"Send to edit" and "Reuse prompt and settings" from the gallery to the page that made the result.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QSplitter, QTabWidget, QVBoxLayout, QWidget

from ...core.images import FAMILY
from ...core.library import Asset
from ...core.workspace import ConnectionReport
from ..tab import StudioTab, TabContext
from .gallery import ResultsGallery
from .ideogram_panel import IdeogramPanel
from .midjourney_panel import MidjourneyPanel
from .openai_panel import OpenAIImagesPanel

MIDJOURNEY = "midjourney"
IDEOGRAM = "ideogram"


class ImagesTab(StudioTab):
    def __init__(self, context: TabContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._scratch = tempfile.TemporaryDirectory(prefix="studio-images-")
        scratch = Path(self._scratch.name)
        self.openai = OpenAIImagesPanel(context, scratch)
        self.services = QTabWidget()
        self.services.setDocumentMode(True)
        self.services.addTab(self.openai, self.tr("OpenAI"))
        self.midjourney = MidjourneyPanel(context, scratch)
        self.services.addTab(self.midjourney, self.tr("Midjourney"))
        self.ideogram = IdeogramPanel(context)
        self.services.addTab(self.ideogram, self.tr("Ideogram"))
        self.gallery = ResultsGallery(
            context.workspace.library,
            context.events,
            context.thumbnails,
            {FAMILY, MIDJOURNEY, IDEOGRAM},
            context.workspace.settings.paths.data_dir / "Results",
        )
        self.gallery.send_to_chat = lambda paths: context.send_to("chat", paths)
        self.split = QSplitter()
        self.split.addWidget(self.services)
        self.split.addWidget(self.gallery)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 1)
        self.split.setSizes([900, 440])  # two columns of results from the start (the user's split is kept)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.split)
        for page in (self.openai, self.midjourney, self.ideogram):
            page.status.connect(self.status)
            page.resultsSaved.connect(self.gallery.select)
        self.gallery.status.connect(self.status)
        self.gallery.sendToEdit.connect(self.edit_results)
        self.gallery.reuseRequested.connect(self.reuse)
        self.gallery.sendToBlend.connect(self.send_to_blend)
        self.gallery.sendToDescribe.connect(self.send_to_describe)
        self.gallery.sendToLuma.connect(lambda paths: context.send_to("video", paths[:1]))
        context.events.connectionChecked.connect(self._connection_checked)
        profile = context.workspace.profile
        default = profile.default_models.get("image") if profile is not None else None
        if default:
            self.openai.model.setCurrentText(default)

    # the tab contract -----------------------------------------------------------------------------

    def stop(self) -> None:
        self.openai.cancel()
        self.midjourney.cancel()

    def undo_stack(self) -> QUndoStack:
        return self.openai.editor.canvas.undo_stack

    def open_files(self, paths: list[Path]) -> bool:
        if not paths:
            return False
        self.send_to_edit(paths)
        return True

    def open_files_on(self, page: str, paths: list[Path]) -> bool:
        """"midjourney": the pictures become Imagine's reference images; any other page: edit them."""
        if page != MIDJOURNEY or not paths:
            return self.open_files(paths)
        self.services.setCurrentWidget(self.midjourney)
        self.midjourney.form.set_mode("imagine")
        self.midjourney.form.references.add(paths)
        return True

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("splitter", self.split.saveState())
        settings.setValue("form_splitter", self.openai.split.saveState())
        settings.setValue("model", self.openai.model.currentText())
        settings.setValue("operation", self.openai.operation)
        settings.setValue("history", self.openai.history_items())
        settings.setValue("service", self.services.currentIndex())
        settings.setValue("midjourney_splitter", self.midjourney.split.saveState())

    def restore_state(self, settings: QSettings) -> None:
        for key, splitter in (
            ("splitter", self.split),
            ("form_splitter", self.openai.split),
            ("midjourney_splitter", self.midjourney.split),
        ):
            state = settings.value(key)
            if state is not None:
                splitter.restoreState(state)
        service = settings.value("service")
        if service is not None and 0 <= int(service) < self.services.count():
            self.services.setCurrentIndex(int(service))
        operation = settings.value("operation")
        if operation in ("generate", "edit", "variation"):
            self.openai.set_operation(operation)
        model = settings.value("model")
        if isinstance(model, str) and model:
            self.openai.model.setCurrentText(model)
        history = settings.value("history")
        if isinstance(history, list):
            self.openai.set_history([str(item) for item in history])
        elif isinstance(history, str):  # QSettings gives a one-item list back as its item
            self.openai.set_history([history])

    # between the gallery and the pages ------------------------------------------------------------

    def send_to_edit(self, paths: list[Path], titles: dict[Path, str] | None = None) -> None:
        self.services.setCurrentWidget(self.openai)
        if self.openai.operation == "generate":
            self.openai.set_operation("edit")
        self.openai.editor.add_inputs(paths, titles)

    def edit_results(self, assets: list[Asset]) -> None:
        titles = {asset.path: asset.title or asset.prompt for asset in assets if asset.path is not None}
        self.send_to_edit(list(titles), titles)

    def reuse(self, asset: Asset) -> None:
        """The result's prompt and settings back in the page of the service that made it."""
        page = {MIDJOURNEY: self.midjourney, IDEOGRAM: self.ideogram}.get(asset.family, self.openai)
        self.services.setCurrentWidget(page)
        page.reuse(asset)

    def send_to_blend(self, assets: list[Asset]) -> None:
        self.services.setCurrentWidget(self.midjourney)
        self.midjourney.form.add_to_blend([asset.path for asset in assets if asset.path is not None])

    def send_to_describe(self, assets: list[Asset]) -> None:
        paths = [asset.path for asset in assets if asset.path is not None]
        if paths:
            self.services.setCurrentWidget(self.midjourney)
            self.midjourney.form.describe_this(paths[0])

    def _connection_checked(self, report: ConnectionReport) -> None:
        if report.ok:
            self.openai.set_models(report.models)
