"""The studio window: a tab per area that works, a status bar with profile, connection and balance."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QTabWidget, QWidget

from .. import __version__
from ..api.errors import ApiError
from ..core.workspace import DEMO_URL, Workspace
from ..qt.async_tasks import load_api, spawn
from .chat.chat_tab import ChatTab
from .lazy_tab import LazyTab
from .tasks.tasks_dock import TasksDock

BALANCE_REFRESH_MS = 5 * 60 * 1000


class MainWindow(QMainWindow):
    closed = Signal()  # after the window state is saved; the app then shuts down cleanly

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.setWindowTitle(self.tr("UniAPI Studio"))
        self.resize(1280, 820)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.chat = ChatTab(workspace)
        self.tabs.addTab(self.chat, self.tr("Chat"))
        self.audio_tab = LazyTab(self._make_audio_tab)  # pyqtgraph and QtMultimedia load on first view
        self.tabs.addTab(self.audio_tab, self.tr("Audio"))
        self.setCentralWidget(self.tabs)

        self.profile_label = QLabel()
        self.connection_label = QLabel()
        self.balance_label = QLabel()
        bar = self.statusBar()
        bar.addPermanentWidget(self.profile_label)
        bar.addPermanentWidget(self.connection_label)
        bar.addPermanentWidget(self.balance_label)
        self.chat.status.connect(lambda text: bar.showMessage(text, 8000))
        self.tasks_dock = TasksDock(workspace, self)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.tasks_dock)
        self.resizeDocks([self.tasks_dock], [340], Qt.Orientation.Vertical)
        self.tasks_dock.status.connect(lambda text: bar.showMessage(text, 8000))
        self._build_menus()

        self._balance_timer = QTimer(self)
        self._balance_timer.setInterval(BALANCE_REFRESH_MS)
        self._balance_timer.timeout.connect(self.refresh_connection)
        self._balance_timer.start()
        self.ui_settings = QSettings(
            str(workspace.settings.paths.config_dir / "window.ini"), QSettings.Format.IniFormat
        )
        self.restore_state()
        self.refresh_connection()
        QTimer.singleShot(0, self.tasks_dock.start)  # once the window shows: open jobs resume into the dock

    def _make_audio_tab(self) -> QWidget:
        from .audio.audio_tab import AudioTab

        tab = AudioTab(self.workspace)
        tab.status.connect(lambda text: self.statusBar().showMessage(text, 8000))
        return tab

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        new_chat = QAction(self.tr("New chat"), self, shortcut=QKeySequence.StandardKey.New)
        new_chat.triggered.connect(lambda: self.chat.new_conversation())
        file_menu.addAction(new_chat)
        quit_action = QAction(self.tr("Quit"), self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        undo = self.chat.undo_stack.createUndoAction(self, self.tr("Undo"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.chat.undo_stack.createRedoAction(self, self.tr("Redo"))
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        edit_menu.addSeparator()
        preferences = QAction(self.tr("Settings…"), self, shortcut=QKeySequence("Ctrl+,"))
        preferences.triggered.connect(self.open_settings)
        edit_menu.addAction(preferences)
        self.addAction(preferences)
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        toggle_panel = QAction(self.tr("Conversation settings panel"), self, checkable=True, checked=True)
        toggle_panel.setShortcut(QKeySequence("Ctrl+Shift+S"))
        toggle_panel.toggled.connect(self.chat.panel.setVisible)
        view_menu.addAction(toggle_panel)
        toggle_tasks = self.tasks_dock.toggleViewAction()
        toggle_tasks.setText(self.tr("Tasks"))
        toggle_tasks.setShortcut(QKeySequence("Ctrl+Shift+T"))
        view_menu.addAction(toggle_tasks)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = QAction(self.tr("About UniAPI Studio"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

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
        self.connection_label.setToolTip("")
        spawn(self._check_connection())

    async def _check_connection(self) -> None:
        await load_api()
        api = self.workspace.api()
        try:
            models = await api.models.list()
        except ApiError as error:
            self.connection_label.setText(self.tr("● offline"))
            self.connection_label.setStyleSheet("color: #c62828;")
            self.connection_label.setToolTip(error.user_message)
            self.balance_label.setText("")
            return
        self.connection_label.setText(self.tr("● connected"))
        self.connection_label.setStyleSheet("color: #2e7d32;")
        self.chat.panel.set_models(models.ids)
        try:
            balance = await api.billing.balance()
        except ApiError:
            self.balance_label.setText("")
            return
        if balance.unlimited:
            self.balance_label.setText(self.tr("Balance: unlimited"))
        else:
            self.balance_label.setText(self.tr("Balance: ${amount}").format(amount=f"{balance.balance or 0:.2f}"))

    def open_settings(self) -> None:
        from .settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.workspace, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.profilesChanged.connect(self._profiles_changed)
        dialog.enterSendsChanged.connect(self.chat.composer.set_enter_sends)
        dialog.open()

    def _profiles_changed(self) -> None:
        self.workspace.reset_api()
        self.refresh_connection()

    def _about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About UniAPI Studio"),
            self.tr("UniAPI Studio {version}\nA desktop studio for the UniAPI gateway.").format(version=__version__),
        )

    # state ---------------------------------------------------------------------------------------

    def restore_state(self) -> None:
        geometry = self.ui_settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.ui_settings.value("window/state")
        if state is not None:
            self.restoreState(state)
        tab = self.ui_settings.value("window/tab")
        if tab is not None:
            self.tabs.setCurrentIndex(int(tab))
        self.chat.restore_state(self.ui_settings)

    def save_state(self) -> None:
        self.ui_settings.setValue("window/geometry", self.saveGeometry())
        self.ui_settings.setValue("window/state", self.saveState())
        self.ui_settings.setValue("window/tab", self.tabs.currentIndex())
        self.chat.save_state(self.ui_settings)
        self.ui_settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.chat.panel.flush()
        self.chat.bridge.stop()
        self.tasks_dock.stop()
        self.save_state()
        super().closeEvent(event)
        self.closed.emit()
