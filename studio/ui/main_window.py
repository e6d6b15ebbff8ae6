"""The studio window: the registry's parts as tabs and docks, menus, and a status bar with profile,
connection and balance. It only ever uses the tab contract (`studio.ui.tab`), never a part's children."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..core.workspace import DEMO_URL, ConnectionReport, Workspace
from ..qt.async_tasks import load_api
from ..qt.events import StudioEvents
from ..qt.messages import translated
from ..qt.operation import Operation
from ..qt.task_bridge import TaskBridge
from . import formats
from .accessibility import prepare_controls
from .desktop import DesktopIntegration
from .shortcuts import bind
from .tab import StudioTab, TabContext, TabSpec
from .widgets.dialogs import warn
from .widgets.drop_zone import DropZone, kind_of_path
from .widgets.job_model import JobTableModel
from .widgets.thumbnails import ThumbnailCache

BALANCE_REFRESH_MS = 5 * 60 * 1000
DOCK_HEIGHT = 190
"""The Tasks dock's first height: small, so the tabs keep the window; the user's size is kept after."""


class TabHost(QWidget):
    """A tab's place in the window; builds the part on first view (or when files are sent to it)."""

    built = Signal(object)  # the StudioTab

    def __init__(self, spec: TabSpec, context: TabContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.context = context
        self.part: StudioTab | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    def ensure_built(self) -> StudioTab:
        if self.part is None:
            self.part = self.spec.build(self.context)
            self.layout().addWidget(self.part)
            prepare_controls(self.part)
            self.built.emit(self.part)
        return self.part

    def showEvent(self, event: object) -> None:  # type: ignore[override]
        self.ensure_built()
        super().showEvent(event)  # type: ignore[arg-type]


class MainWindow(QMainWindow):
    closed = Signal()  # after every part stopped and the state was saved; the app then shuts down

    def __init__(
        self, workspace: Workspace, parent: QWidget | None = None, *, tabs: Sequence[TabSpec] | None = None
    ) -> None:
        super().__init__(parent)
        from .tabs import registered_tabs

        self.workspace = workspace
        self.setWindowTitle(self.tr("UniAPI Studio"))
        self.resize(1280, 820)
        self.events = StudioEvents(workspace.events, self)
        self.tasks = TaskBridge(workspace, self)
        self.thumbnails = ThumbnailCache(workspace.library, self)
        self.jobs = JobTableModel(self.thumbnails, self)
        self.events.jobUpdated.connect(lambda update: self.jobs.follow(update, self.tasks.job))
        self.tasks.ready.connect(lambda: self.jobs.set_jobs(self.tasks.jobs()))
        self.context = TabContext(
            workspace,
            self.events,
            self.tasks,
            self.jobs,
            self.thumbnails,
            send_to=self.send_to,
            check_text=self.check_text,
            has_tab=self.has_tab,
        )
        self.specs = list(tabs if tabs is not None else registered_tabs())
        self.parts: dict[str, StudioTab] = {}
        self.hosts: dict[str, TabHost] = {}
        self.docks: dict[str, QDockWidget] = {}
        self.started = False
        self.recovery_notice: QMessageBox | None = None
        """The warning shown at start when a damaged database was set aside."""
        self.undo_group = QUndoGroup(self)
        self.ui_settings = QSettings(
            str(workspace.settings.paths.config_dir / "window.ini"), QSettings.Format.IniFormat
        )

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self._build_status_bar()
        self._build_menus()
        for spec in self.specs:
            self._add_part(spec)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.drops = DropZone(self, {"image", "audio", "video", "text"})
        self.drops.filesDropped.connect(self.open_files)
        self.drops.refused.connect(self.show_status)

        self._balance_timer = QTimer(self)
        self._balance_timer.setInterval(BALANCE_REFRESH_MS)
        self._balance_timer.timeout.connect(self.refresh_connection)
        self._balance_timer.start()
        self.desktop = DesktopIntegration(self)
        self.restore_state()
        self.refresh_connection()
        QTimer.singleShot(0, self.start)

    # parts ---------------------------------------------------------------------------------------

    def _add_part(self, spec: TabSpec) -> None:
        title = QCoreApplication.translate("Tabs", spec.title)
        if spec.area == "dock":
            dock = QDockWidget(title, self)
            dock.setObjectName(f"{spec.key}Dock")  # saveState/restoreState find the dock by this name
            self.docks[spec.key] = dock
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
            self.resizeDocks([dock], [DOCK_HEIGHT], Qt.Orientation.Vertical)
            part = spec.build(self.context)
            dock.setWidget(part)
            prepare_controls(part)
            self._part_built(spec, part)
            toggle = dock.toggleViewAction()
            toggle.setText(title)
            if spec.key == "tasks":
                bind(toggle, "view.tasks")
            else:
                toggle.setShortcut(QKeySequence())
            self.view_menu.addAction(toggle)
            return
        host = TabHost(spec, self.context)
        host.built.connect(lambda part, spec=spec: self._part_built(spec, part))
        self.hosts[spec.key] = host
        self.tabs.addTab(host, title)
        if spec.shortcut:
            switch = QAction(self.tr("Go to {tab}").format(tab=title), self, shortcut=QKeySequence(spec.shortcut))
            switch.setObjectName(f"go.{spec.key}")  # the shortcut table's entry, checked by a test
            switch.triggered.connect(lambda _=False, key=spec.key: self.show_tab(key))
            self.go_menu.addAction(switch)
        if not spec.lazy:
            host.ensure_built()

    def _part_built(self, spec: TabSpec, part: StudioTab) -> None:
        self.parts[spec.key] = part
        part.status.connect(self.show_status)
        for tab_action in part.menu_actions():
            if tab_action.menu == "file":
                self.file_menu.insertAction(self._file_end, tab_action.action)
            else:
                self.menus[tab_action.menu].addAction(tab_action.action)
            self.addAction(tab_action.action)  # its shortcut works whichever widget has focus
        stack = part.undo_stack()
        if stack is not None:
            self.undo_group.addStack(stack)
            if self._current_part() is part or self.undo_group.activeStack() is None:
                self.undo_group.setActiveStack(stack)
        self.ui_settings.beginGroup(spec.key)
        part.restore_state(self.ui_settings)
        self.ui_settings.endGroup()
        if self.started:
            part.start()

    def _current_part(self) -> StudioTab | None:
        host = self.tabs.currentWidget()
        return host.part if isinstance(host, TabHost) else None

    def _tab_changed(self, _index: int) -> None:
        part = self._current_part()
        stack = part.undo_stack() if part is not None else None
        if stack is not None:
            self.undo_group.setActiveStack(stack)

    def show_tab(self, key: str) -> StudioTab | None:
        host = self.hosts.get(key)
        if host is None:
            return self.parts.get(key)
        self.tabs.setCurrentWidget(host)
        return host.ensure_built()

    def has_tab(self, key: str) -> bool:
        key = key.partition(":")[0]
        return key in self.hosts or key in self.docks

    def check_text(self, text: str) -> bool:
        """"Check with moderation" from any tab: the Tools tab shows the text's category scores."""
        if not self.has_tab("tools"):
            return False
        part = self.show_tab("tools")
        check = getattr(part, "check_text", None)
        if check is None:
            return False
        check(text)
        return True

    def send_to(self, key: str, paths: list[Path]) -> bool:
        """Hand files to the part named `key` (built and shown first), or to one of its pages ("images:midjourney")."""
        key, _, page = key.partition(":")
        part = self.show_tab(key)
        if part is None:
            return False
        return part.open_files_on(page, paths) if page else part.open_files(paths)

    def open_files(self, paths: list[Path], *, prefer_current: bool = True) -> bool:
        """Files dropped on the window go to the shown tab if it takes them, else (and files from the
        command line always) to the tab that is their home, else to the first tab that takes them."""
        taken = False
        current = self._current_part() if prefer_current else None
        current_spec = next((s for s in self.specs if current is not None and self.parts.get(s.key) is current), None)
        by_kind: dict[str, list[Path]] = {}
        for path in paths:
            by_kind.setdefault(kind_of_path(path), []).append(path)
        for kind, group in by_kind.items():
            if current_spec is not None and kind in current_spec.file_kinds:
                target = current_spec
            else:
                tabs = [s for s in self.specs if s.area == "tab"]
                target = next((s for s in tabs if kind in s.home_for), None) or next(
                    (s for s in tabs if kind in s.file_kinds), None
                )
            if target is not None:
                taken = self.send_to(target.key, group) or taken
        return taken

    def start(self) -> None:
        """Once the window shows: the task engine starts (open jobs resume) and every part starts."""
        if self.started or not self.isVisible():  # not for a window closed before it ever ran
            return
        self.started = True
        self.tasks.start()
        for part in list(self.parts.values()):
            part.start()
        recovery = self.workspace.database_recovery
        if recovery is not None:  # the damaged file was set aside; say so once, with where its backup is
            self.recovery_notice = warn(
                self,
                self.tr("The library database was damaged"),
                translated(recovery.sentences),
                details=str(recovery.damaged_copy),
            )

    # menus and status ----------------------------------------------------------------------------

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu(self.tr("&File"))
        self.edit_menu = bar.addMenu(self.tr("&Edit"))
        self.view_menu = bar.addMenu(self.tr("&View"))
        self.go_menu = bar.addMenu(self.tr("&Go"))
        self.help_menu = bar.addMenu(self.tr("&Help"))
        self.menus = {"file": self.file_menu, "edit": self.edit_menu, "view": self.view_menu, "help": self.help_menu}
        quit_action = bind(QAction(self.tr("Quit"), self), "file.quit")
        quit_action.triggered.connect(self.close)
        self._file_end = self.file_menu.addSeparator()  # the tabs' File actions go above it, Quit below
        self.file_menu.addAction(quit_action)
        undo = self.undo_group.createUndoAction(self, self.tr("Undo"))
        bind(undo, "edit.undo")
        redo = bind(self.undo_group.createRedoAction(self, self.tr("Redo")), "edit.redo")
        self.edit_menu.addAction(undo)
        self.edit_menu.addAction(redo)
        self.edit_menu.addSeparator()
        preferences = bind(QAction(self.tr("Settings…"), self), "edit.settings")
        preferences.triggered.connect(self.open_settings)
        self.edit_menu.addAction(preferences)
        self.addAction(preferences)
        keys = bind(QAction(self.tr("Keyboard shortcuts"), self), "help.shortcuts")
        keys.triggered.connect(self.show_shortcuts)
        self.help_menu.addAction(keys)
        self.addAction(keys)
        about = QAction(self.tr("About UniAPI Studio"), self)
        about.triggered.connect(self.show_about)
        self.help_menu.addAction(about)

    def _build_status_bar(self) -> None:
        self.profile_label = QLabel()
        self.connection_label = QLabel()
        self.balance_label = QLabel()
        bar = self.statusBar()
        bar.addPermanentWidget(self.profile_label)
        bar.addPermanentWidget(self.connection_label)
        bar.addPermanentWidget(self.balance_label)

    def show_status(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    # connection ----------------------------------------------------------------------------------

    def refresh_connection(self) -> None:
        profile = self.workspace.profile
        if profile is None:
            name = self.tr("No profile (demo simulator)")
        elif profile.base_url == DEMO_URL:
            name = self.tr("Demo (built-in simulator)")
        else:
            name = profile.name
        self.profile_label.setText(self.tr("Profile: {name}").format(name=name))
        self.connection_label.setText(self.tr("● connecting…"))
        self.connection_label.setStyleSheet("")
        self.connection_label.setToolTip("")

        async def probe(_progress: object) -> ConnectionReport:
            await load_api()
            return await self.workspace.test_connection()

        Operation(self, probe).success(self._show_connection).run()

    def _show_connection(self, report: ConnectionReport) -> None:
        self.events.connectionChecked.emit(report)
        if not report.ok:
            self.connection_label.setText(self.tr("● offline"))
            self.connection_label.setStyleSheet("color: #e53935;")
            self.connection_label.setToolTip(translated(report.error))
            self.balance_label.setText("")
            return
        self.connection_label.setText(self.tr("● connected"))
        self.connection_label.setStyleSheet("color: #43a047;")
        if report.unlimited:
            self.balance_label.setText(self.tr("Balance: unlimited"))
        elif report.balance is None:
            self.balance_label.setText("")
        else:
            self.balance_label.setText(self.tr("Balance: ${amount}").format(amount=formats.number(report.balance, 2)))

    def open_settings(self) -> None:
        from .settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.workspace, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.profilesChanged.connect(self._profiles_changed)
        dialog.enterSendsChanged.connect(lambda _value: self.events.settingsChanged.emit())
        dialog.themeChanged.connect(self.apply_theme)
        dialog.open()

    def apply_theme(self, theme: str) -> None:
        """The new look at once: every widget gets the palette; views that draw their own colours redraw."""
        from .theme import apply_theme

        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, theme)
        self.events.settingsChanged.emit()

    def _profiles_changed(self) -> None:
        self.workspace.reset_api()
        self.refresh_connection()

    def show_shortcuts(self) -> None:
        from .help_dialogs import ShortcutsDialog

        dialog = ShortcutsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def show_about(self) -> None:
        from .help_dialogs import AboutDialog

        paths = self.workspace.settings.paths
        dialog = AboutDialog(paths.data_dir, paths.logs, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    # state ---------------------------------------------------------------------------------------

    def restore_state(self) -> None:
        geometry = self.ui_settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.ui_settings.value("window/state")
        if state is not None:
            self.restoreState(state)
        key = self.ui_settings.value("window/tab")
        if isinstance(key, str) and key in self.hosts:
            self.tabs.setCurrentWidget(self.hosts[key])

    def save_state(self) -> None:
        self.ui_settings.setValue("window/geometry", self.saveGeometry())
        self.ui_settings.setValue("window/state", self.saveState())
        current = self.tabs.currentWidget()
        if isinstance(current, TabHost):
            self.ui_settings.setValue("window/tab", current.spec.key)
        for key, part in self.parts.items():
            self.ui_settings.beginGroup(key)
            part.save_state(self.ui_settings)
            self.ui_settings.endGroup()
        self.ui_settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        for part in list(self.parts.values()):
            part.stop()
        self.save_state()
        self._balance_timer.stop()
        self.events.close()
        super().closeEvent(event)
        self.closed.emit()
