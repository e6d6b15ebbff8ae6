"""The Tools tab: an embeddings lab (heatmap of cosine similarities, a PCA projection, CSV/.npy export)
with semantic search over the library, a moderation check drawn as category bars, and the usage
dashboard (requests and tokens per day per model, cumulative estimated cost, balance, budget).

Requests go through the workspace's API with `Operation`; the dashboard redraws from the usage
ledger's change events, so work from any tab shows here.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...api.embeddings import EmbeddingResult
from ...api.errors import StudioError
from ...api.moderations import ModerationResult
from ...core.embedding_lab import SearchHit, SemanticIndex, cosine_matrix, export_csv, export_npy, pca_2d
from ...core.usage import BalanceRecorded, UsageRecorded, UsageTotal
from ...core.workspace import ConnectionReport
from ...qt.messages import translated
from ...qt.operation import Operation
from ..tab import StudioTab, TabContext
from .charts import CategoryBars, Heatmap, Projection, StackedBars

EMBEDDING_MODELS = ("text-embedding-3-small", "text-embedding-3-large", "text-embedding-ada-002")
MODERATION_MODELS = ("omni-moderation-latest", "text-moderation-latest")
CATEGORIES = (
    "harassment", "harassment/threatening", "hate", "hate/threatening", "illicit", "illicit/violent",
    "self-harm", "self-harm/instructions", "self-harm/intent", "sexual", "sexual/minors", "violence",
    "violence/graphic",
)


LIBRARY_TEXTS = 50
"""Library items one "Add from library" adds at most (the lab draws a matrix of every pair)."""


class ToolsTab(StudioTab):
    usageChanged = Signal()  # any thread -> the UI thread

    def __init__(self, context: TabContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.ledger = self.workspace.usage
        self.vectors = np.zeros((0, 0))
        self.labels: list[str] = []
        self.similarities = np.zeros((0, 0))
        self.moderation: ModerationResult | None = None
        self.hits: list[SearchHit] = []
        self.operations: set[Operation[object]] = set()
        self.pages = QTabWidget()
        self.pages.addTab(self._embeddings_page(), self.tr("Embeddings"))
        self.pages.addTab(self._moderation_page(), self.tr("Moderation"))
        self.pages.addTab(self._usage_page(), self.tr("Usage and cost"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self._unsubscribe = [
            self.workspace.events.subscribe(UsageRecorded, lambda _e: self.usageChanged.emit()),
            self.workspace.events.subscribe(BalanceRecorded, lambda _e: self.usageChanged.emit()),
        ]
        self.usageChanged.connect(self.refresh_dashboard, Qt.ConnectionType.QueuedConnection)
        context.events.connectionChecked.connect(self._probe_seen)
        self.refresh_dashboard()

    # embeddings --------------------------------------------------------------------------------

    def _embeddings_page(self) -> QWidget:
        page = QWidget()
        self.texts = QPlainTextEdit()
        self.texts.setPlaceholderText(self.tr("One text per line (paste many)"))
        self.embedding_model = QComboBox()
        self.embedding_model.setEditable(True)
        self.embedding_model.addItems(EMBEDDING_MODELS)
        self.dimensions = QSpinBox()
        self.dimensions.setRange(0, 3072)
        self.dimensions.setSpecialValueText(self.tr("model's own"))
        self.encoding = QComboBox()
        self.encoding.addItem(self.tr("float"), "float")
        self.encoding.addItem(self.tr("base64"), "base64")
        self.embed_button = QPushButton(self.tr("Embed"))
        self.embed_button.clicked.connect(self.embed)
        self.export_csv_button = QPushButton(self.tr("Export CSV…"))
        self.export_npy_button = QPushButton(self.tr("Export .npy…"))
        self.export_csv_button.clicked.connect(lambda: self._export("csv"))
        self.export_npy_button.clicked.connect(lambda: self._export("npy"))
        self.embed_status = QLabel(" ")
        self.embed_status.setWordWrap(True)
        self.library_words = QLineEdit()
        self.library_words.setPlaceholderText(self.tr("Words in library prompts, lyrics or transcripts"))
        self.add_library_button = QPushButton(self.tr("Add from library"))
        self.add_library_button.setToolTip(
            self.tr("Add the prompts, lyrics and transcripts of matching library items, one per line")
        )
        self.add_library_button.clicked.connect(self.add_from_library)
        self.library_words.returnPressed.connect(self.add_from_library)
        library_row = QHBoxLayout()
        library_row.addWidget(self.library_words, 1)
        library_row.addWidget(self.add_library_button)
        form = QFormLayout()
        form.addRow(self.tr("Model"), self.embedding_model)
        form.addRow(self.tr("Dimensions"), self.dimensions)
        form.addRow(self.tr("Encoding"), self.encoding)
        buttons = QHBoxLayout()
        for button in (self.embed_button, self.export_csv_button, self.export_npy_button):
            buttons.addWidget(button)
        self.search_query = QLineEdit()
        self.search_query.setPlaceholderText(self.tr("Find library items by meaning"))
        self.search_button = QPushButton(self.tr("Search"))
        self.search_button.clicked.connect(self.search)
        self.search_query.returnPressed.connect(self.search)
        self.results = QListWidget()
        self.results.itemActivated.connect(self._open_hit)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search_query, 1)
        search_row.addWidget(self.search_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.texts, 2)
        left_layout.addLayout(library_row)
        left_layout.addLayout(form)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.embed_status)
        left_layout.addWidget(QLabel(self.tr("Semantic search")))
        left_layout.addLayout(search_row)
        left_layout.addWidget(self.results, 1)
        self.heatmap = Heatmap()
        self.projection = Projection()
        charts = QTabWidget()
        charts.addTab(self.heatmap, self.tr("Similarity"))
        charts.addTab(self.projection, self.tr("Projection"))
        self.charts = charts
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(charts)
        splitter.setSizes([360, 640])
        QVBoxLayout(page).addWidget(splitter)
        return page

    def add_from_library(self) -> None:
        """Each matching asset's own words (lyrics or transcript, else its prompt, else its title) as a line
        of the input; the library's full-text search, so any language and any part of a word matches."""
        words = self.library_words.text().strip()
        if not words:
            self.embed_status.setText(self.tr("Type words to find in the library first."))
            return
        have = set(self._inputs())
        lines: list[str] = []
        for asset in self.workspace.library.search(words, limit=LIBRARY_TEXTS):
            line = " ".join((asset.text or asset.prompt or asset.title).split())[:2000]
            if line and line not in have:
                have.add(line)
                lines.append(line)
        if not lines:
            self.embed_status.setText(self.tr("Nothing new in the library matches “{words}”.").format(words=words))
            return
        cursor = self.texts.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        existing = self.texts.toPlainText()
        cursor.insertText(("\n" if existing and not existing.endswith("\n") else "") + "\n".join(lines))
        self.texts.setTextCursor(cursor)  # one edit: Ctrl+Z takes it back
        self.embed_status.setText(self.tr("Added {count} texts from the library.").format(count=len(lines)))

    def _inputs(self) -> list[str]:
        return [line.strip() for line in self.texts.toPlainText().splitlines() if line.strip()]

    def embed(self) -> None:
        texts = self._inputs()
        if not texts:
            self.embed_status.setText(self.tr("Enter at least one text, one per line."))
            return
        model = self.embedding_model.currentText().strip() or EMBEDDING_MODELS[0]
        dimensions = self.dimensions.value() or None
        encoding = self.encoding.currentData()
        api = self.workspace.api()
        self.embed_button.setEnabled(False)
        self.embed_status.setText(self.tr("Embedding %n text(s)…", "", len(texts)))
        self._run(
            Operation(self, lambda _p: api.embeddings.create(
                texts, model=model, dimensions=dimensions, encoding_format=encoding))
            .success(lambda result: self._embedded(texts, result))
            .failure(lambda error: self._failed(self.embed_status, error))
            .finished(lambda: self.embed_button.setEnabled(True))
        )

    def _embedded(self, texts: list[str], result: EmbeddingResult) -> None:
        self.vectors = np.asarray(result.vectors, dtype=np.float64)
        self.labels = texts
        self.similarities = cosine_matrix(self.vectors)
        self.heatmap.show_matrix(self.similarities, texts)
        self.projection.show_points(pca_2d(self.vectors), texts)
        self.embed_status.setText(
            self.tr("%n vector(s) of %1 dimensions from %2.", "", len(texts))
            .replace("%1", str(self.vectors.shape[1])).replace("%2", result.model or "?")
        )

    def _export(self, kind: str) -> None:
        if not len(self.vectors):
            self.embed_status.setText(self.tr("Embed some texts first."))
            return
        pattern = self.tr("CSV (*.csv)") if kind == "csv" else self.tr("NumPy (*.npy)")
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Export vectors"), f"vectors.{kind}", pattern)
        if name:
            self.export_to(Path(name), kind)

    def export_to(self, path: Path, kind: str) -> None:
        try:
            export_csv(path, self.labels, self.vectors) if kind == "csv" else export_npy(path, self.vectors)
        except OSError as exc:
            self.embed_status.setText(self.tr("Could not write %1: %2").replace("%1", str(path))
                                      .replace("%2", exc.strerror or str(exc)))
            return
        self.embed_status.setText(self.tr("Saved %1.").replace("%1", str(path)))

    def search(self) -> None:
        query = self.search_query.text().strip()
        if not query:
            return
        index = SemanticIndex(self.workspace.db, self.workspace.api(),
                              self.embedding_model.currentText().strip() or EMBEDDING_MODELS[0],
                              self.dimensions.value() or None)
        self.search_button.setEnabled(False)
        self.embed_status.setText(self.tr("Searching the library…"))
        self._run(
            Operation(self, lambda _p: index.search(query))
            .success(lambda hits: self._found(hits, index.sent))
            .failure(lambda error: self._failed(self.embed_status, error))
            .finished(lambda: self.search_button.setEnabled(True))
        )

    def _found(self, hits: list[SearchHit], sent: int) -> None:
        self.hits = hits
        self.results.clear()
        for hit in hits:
            item = QListWidgetItem(f"{hit.score:.3f}  {hit.label}")
            item.setData(Qt.ItemDataRole.UserRole, hit.asset_id)
            self.results.addItem(item)
        if hits:
            self.embed_status.setText(self.tr("%n item(s) found; %1 newly embedded.", "", len(hits))
                                      .replace("%1", str(sent)))
        else:
            self.embed_status.setText(self.tr("The library has no text to search yet."))

    def _open_hit(self, item: QListWidgetItem) -> None:
        window = self.window()
        show_tab = getattr(window, "show_tab", None)
        library = show_tab("library") if show_tab and self.context.has_tab("library") else None
        if library is not None and hasattr(library, "show_asset_id"):
            library.show_asset_id(int(item.data(Qt.ItemDataRole.UserRole)))

    # moderation --------------------------------------------------------------------------------

    def _moderation_page(self) -> QWidget:
        page = QWidget()
        self.moderation_text = QPlainTextEdit()
        self.moderation_text.setPlaceholderText(self.tr("Text to check"))
        self.moderation_model = QComboBox()
        self.moderation_model.setEditable(True)
        self.moderation_model.addItems(MODERATION_MODELS)
        self.check_button = QPushButton(self.tr("Check"))
        self.check_button.clicked.connect(self.check)
        self.verdict = QLabel(" ")
        self.verdict.setWordWrap(True)
        self.precheck = QCheckBox(self.tr("Check prompts before paid generations"))
        self.precheck.setChecked(self.ledger.precheck_prompts)
        self.precheck.toggled.connect(self.ledger.set_precheck_prompts)
        self.bars = CategoryBars()
        left = QWidget()
        form = QVBoxLayout(left)
        form.addWidget(self.moderation_text, 1)
        row = QHBoxLayout()
        row.addWidget(self.moderation_model, 1)
        row.addWidget(self.check_button)
        form.addLayout(row)
        form.addWidget(self.verdict)
        form.addWidget(self.precheck)
        self.precheck_warning = QLabel(" ")
        self.precheck_warning.setWordWrap(True)
        form.addWidget(self.precheck_warning)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.bars)
        splitter.setSizes([360, 640])
        QVBoxLayout(page).addWidget(splitter)
        return page

    def check_text(self, text: str) -> None:
        """"Check with moderation" from another tab: the text lands here and is checked."""
        self.pages.setCurrentIndex(1)
        self.moderation_text.setPlainText(text)
        self.check()

    def check(self) -> None:
        text = self.moderation_text.toPlainText().strip()
        if not text:
            self.verdict.setText(self.tr("Enter a text to check."))
            return
        api = self.workspace.api()
        model = self.moderation_model.currentText().strip() or MODERATION_MODELS[0]
        self.check_button.setEnabled(False)
        self._run(
            Operation(self, lambda _p: api.moderations.create(text, model=model))
            .success(self._moderated)
            .failure(lambda error: self._failed(self.verdict, error))
            .finished(lambda: self.check_button.setEnabled(True))
        )

    def precheck_before_paid(self, prompt: str) -> None:
        """What a paid generation runs first when the setting is on: a warning shown for a flagged prompt."""
        from ...core.prompt_check import precheck_prompt

        api = self.workspace.api()
        self._run(
            Operation(self, lambda _p: precheck_prompt(api, self.ledger, prompt))
            .success(lambda warning: self.precheck_warning.setText(translated(warning.sentence) if warning else " "))
            .failure(lambda error: self._failed(self.precheck_warning, error))
        )

    def _moderated(self, result: ModerationResult) -> None:
        self.moderation = result
        if not result.results:
            self.verdict.setText(self.tr("The gateway returned no verdict."))
            return
        verdict = result.results[0]
        names = [name for name in CATEGORIES if name in verdict.category_scores] or list(verdict.category_scores)
        names += [name for name in verdict.category_scores if name not in names]
        scores = [float(verdict.category_scores.get(name) or 0.0) for name in names]
        flagged = [bool(verdict.categories.get(name)) for name in names]
        self.bars.show_scores(names, scores, flagged)
        applied = verdict.category_applied_input_types or {}
        kinds = sorted({kind for values in applied.values() for kind in values})
        if verdict.flagged:
            text = self.tr("Flagged: %1.").replace("%1", ", ".join(verdict.flagged_categories))
        else:
            text = self.tr("Not flagged.")
        if kinds:
            text += " " + self.tr("Input types checked: %1.").replace("%1", ", ".join(kinds))
        self.verdict.setText(text)

    # usage -------------------------------------------------------------------------------------

    def _usage_page(self) -> QWidget:
        page = QWidget()
        self.metric = QComboBox()
        self.metric.addItem(self.tr("Tokens per day"), "tokens")
        self.metric.addItem(self.tr("Requests per day"), "requests")
        self.metric.currentIndexChanged.connect(self.refresh_dashboard)
        self.balance_label = QLabel(self.tr("Balance: not checked yet"))
        self.balance_button = QPushButton(self.tr("Refresh balance"))
        self.balance_button.clicked.connect(self.refresh_balance)
        self.budget = QDoubleSpinBox()
        self.budget.setRange(0, 1_000_000)
        self.budget.setPrefix("$")
        self.budget.setSpecialValueText(self.tr("no budget"))
        self.budget.setValue(self.ledger.monthly_budget or 0)
        self.budget.valueChanged.connect(self._budget_changed)
        self.budget_label = QLabel(" ")
        self.totals_label = QLabel(" ")
        self.totals_label.setWordWrap(True)
        self.estimate_note = QLabel(self.tr("Costs are estimates from the price table below, not the gateway's bill."))
        self.estimate_note.setWordWrap(True)
        self.usage_chart = StackedBars()
        self.totals_table = QTableWidget(0, 6)
        self.totals_table.setHorizontalHeaderLabels([
            self.tr("Model"), self.tr("Requests"), self.tr("Tokens in"), self.tr("Tokens out"), self.tr("Media"),
            self.tr("Est. cost"),
        ])
        self.prices_table = QTableWidget(0, 5)
        self.prices_table.setHorizontalHeaderLabels([
            self.tr("Model"), self.tr("$ / 1M in"), self.tr("$ / 1M out"), self.tr("$ / request"), self.tr("$ / media"),
        ])
        self.prices_table.itemChanged.connect(self._price_edited)
        top = QHBoxLayout()
        top.addWidget(self.metric)
        top.addWidget(self.balance_label, 1)
        top.addWidget(self.balance_button)
        top.addWidget(QLabel(self.tr("Monthly budget")))
        top.addWidget(self.budget)
        top.addWidget(self.budget_label)
        tables = QTabWidget()
        tables.addTab(self.totals_table, self.tr("Totals"))
        tables.addTab(self.prices_table, self.tr("Prices (estimates)"))
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.usage_chart)
        splitter.addWidget(tables)
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(self.totals_label)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.estimate_note)
        return page

    def refresh_dashboard(self) -> None:
        daily = self.ledger.daily_by_model()
        metric = self.metric.currentData()
        days = list(daily)
        models = sorted({model for per_day in daily.values() for model in per_day})
        stacks = {
            model: [
                float((daily[day][model].tokens if metric == "tokens" else daily[day][model].requests)
                      if model in daily[day] else 0)
                for day in days
            ]
            for model in models
        }
        cumulative = list(np.cumsum([sum(t.cost for t in daily[day].values()) for day in days]))
        self.usage_chart.show_stacks(
            days, stacks, [float(c) for c in cumulative], self.metric.currentText(),
            self.tr("Cumulative cost, USD (estimate)"),
        )
        totals = self.ledger.totals()
        self.shown_totals = totals
        self.shown_total = self.ledger.grand_total()
        self._fill_totals(totals)
        self.totals_label.setText(
            self.tr("%n request(s), %1 tokens in, %2 tokens out, %3 media; estimated cost $%4.", "",
                    self.shown_total.requests)
            .replace("%1", str(self.shown_total.input_tokens)).replace("%2", str(self.shown_total.output_tokens))
            .replace("%3", str(self.shown_total.media_out)).replace("%4", f"{self.shown_total.cost:.4f}")
        )
        self._fill_prices()
        self._show_budget()
        history = self.ledger.balance_history(1)
        if history:
            self._show_balance(history[-1].balance, history[-1].unlimited)

    def _fill_totals(self, totals: list[UsageTotal]) -> None:
        self.totals_table.setRowCount(len(totals))
        for row, total in enumerate(totals):
            cells = (total.key, total.requests, total.input_tokens, total.output_tokens, total.media_out,
                     f"${total.cost:.4f}" + ("" if total.priced else " *"))
            for column, value in enumerate(cells):
                item = QTableWidgetItem(str(value))
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.totals_table.setItem(row, column, item)
        self.totals_table.resizeColumnsToContents()

    def _fill_prices(self) -> None:
        prices = self.ledger.prices()
        self.prices_table.blockSignals(True)
        self.prices_table.setRowCount(len(prices))
        for row, (model, price) in enumerate(sorted(prices.items())):
            name = QTableWidgetItem(model)
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.prices_table.setItem(row, 0, name)
            for column, value in enumerate(
                (price.input_per_million, price.output_per_million, price.per_request, price.per_media), start=1
            ):
                self.prices_table.setItem(row, column, QTableWidgetItem(f"{value:g}"))
        self.prices_table.blockSignals(False)

    def _price_edited(self, item: QTableWidgetItem) -> None:
        from ...core.usage import Price

        row = item.row()
        model = self.prices_table.item(row, 0).text()
        try:
            values = [max(0.0, float(self.prices_table.item(row, c).text() or 0)) for c in range(1, 5)]
        except ValueError:
            self.estimate_note.setText(self.tr("A price must be a number (USD)."))
            self._fill_prices()
            return
        self.ledger.set_price(model, Price(*values))
        self.usageChanged.emit()

    def _budget_changed(self, value: float) -> None:
        self.ledger.set_monthly_budget(value or None)
        self._show_budget()

    def _show_budget(self) -> None:
        state = self.ledger.budget_state()
        if state.budget is None:
            self.budget_label.setText(" ")
            return
        text = self.tr("$%1 of $%2 spent this month (%3%)").replace("%1", f"{state.spent:.2f}") \
            .replace("%2", f"{state.budget:.2f}").replace("%3", f"{state.share * 100:.0f}")
        if state.over:
            text = self.tr("Over budget: %1").replace("%1", text)
        elif state.warn:
            text = self.tr("Near the budget: %1").replace("%1", text)
        self.budget_label.setText(text)

    def refresh_balance(self) -> None:
        api = self.workspace.api()
        self.balance_button.setEnabled(False)
        self._run(
            Operation(self, lambda _p: api.billing.balance())
            .success(lambda balance: self.ledger.record_balance(balance.balance, balance.used, balance.unlimited))
            .failure(lambda error: self._failed(self.balance_label, error))
            .finished(lambda: self.balance_button.setEnabled(True))
        )

    def _probe_seen(self, report: ConnectionReport) -> None:
        if report.ok and (report.balance is not None or report.unlimited):
            self.ledger.record_balance(report.balance, None, report.unlimited)

    def _show_balance(self, balance: float | None, unlimited: bool) -> None:
        points = len(self.ledger.balance_history())
        if unlimited:
            self.balance_label.setText(self.tr("Balance: unlimited"))
        else:
            self.balance_label.setText(
                self.tr("Balance: $%1 (%n check(s) kept)", "", points).replace("%1", f"{balance or 0:.4f}")
            )

    # shared --------------------------------------------------------------------------------------

    def _run(self, operation: Operation[object]) -> None:
        self.operations.add(operation)
        operation.finished(lambda: self.operations.discard(operation))
        operation.run()

    def _failed(self, label: QLabel, error: StudioError) -> None:
        label.setText(translated(error))
        label.setToolTip(error.details[:2000] if error.details else "")

    def stop(self) -> None:
        for operation in list(self.operations):
            operation.cancel()
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe = []

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("page", self.pages.currentIndex())
        settings.setValue("texts", self.texts.toPlainText())

    def restore_state(self, settings: QSettings) -> None:
        self.pages.setCurrentIndex(int(settings.value("page", 0) or 0))
        self.texts.setPlainText(str(settings.value("texts", "") or ""))
