"""The window on the desktop: a tray icon with the running-job count and Quit, a notice when a job ends
(a tray message where there is a tray, an in-app toast where there is none), and the window coming
forward when a second launch hands it files (`studio.qt.single_instance`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QAction, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLabel, QMenu, QStyle, QSystemTrayIcon, QWidget

from ..core.tasks import JobState, JobUpdate
from ..qt.single_instance import InstanceServer

if TYPE_CHECKING:
    from .main_window import MainWindow

TOAST_MS = 6000


def app_icon(widget: QWidget) -> QIcon:
    """The application's icon; the style's computer icon where the desktop theme has none (a tray
    icon must never be empty)."""
    icon = QApplication.windowIcon()
    if icon.isNull():
        from .i18n import resources_dir

        svg = resources_dir() / "icons" / "uniapi-studio.svg"
        icon = QIcon(str(svg)) if svg.is_file() else QIcon()
    if icon.isNull():
        icon = widget.style().standardIcon(QStyle.StandardPixmap.SP_ComputerIcon)
    return icon


class Toast(QFrame):
    """A short notice over the window's bottom-right corner; hides itself after a few seconds or on a click."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("toast")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold;")
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.body.setMinimumWidth(220)
        self.body.setMaximumWidth(420)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.title)
        layout.addWidget(self.body, 1)
        self.setAccessibleName(self.tr("Notice"))
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.hide)
        self.hide()
        parent.installEventFilter(self)

    def show_message(self, title: str, body: str, milliseconds: int = TOAST_MS) -> None:
        self.title.setText(title)
        self.body.setText(body)
        self.setAccessibleDescription(f"{title}: {body}")
        self.adjustSize()
        self._place()
        self.show()
        self.raise_()
        self.timer.start(milliseconds)

    def mousePressEvent(self, event: object) -> None:  # type: ignore[override]
        self.timer.stop()
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        return False

    def _place(self) -> None:
        parent = self.parentWidget()
        if parent is None:
            return
        margin = 16
        bottom = parent.height() - margin
        status = parent.statusBar() if hasattr(parent, "statusBar") else None
        if status is not None and status.isVisible():
            bottom -= status.height()
        self.move(max(margin, parent.width() - self.width() - margin), max(margin, bottom - self.height()))


class DesktopIntegration(QObject):
    """Owned by the main window: its tray icon, its notices and its single-instance hand-off."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.toast = Toast(window)
        self.tray: QSystemTrayIcon | None = None
        self.instance: InstanceServer | None = None
        self.notices: list[tuple[str, str]] = []
        """Every notice given (title, body), newest last, whether the tray or the toast showed it."""
        self.running = 0
        self.show_action = QAction(self.tr("Show UniAPI Studio"), self)
        self.show_action.triggered.connect(lambda: self.bring_forward([]))
        self.count_action = QAction(self)
        self.count_action.setEnabled(False)
        self.quit_action = QAction(self.tr("Quit"), self)
        self.quit_action.triggered.connect(window.close)
        self.menu = QMenu(window)
        self.menu.addAction(self.show_action)
        self.menu.addAction(self.count_action)
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(app_icon(window), self)
            self.tray.setContextMenu(self.menu)
            self.tray.activated.connect(self._tray_activated)
            self.tray.messageClicked.connect(lambda: self.bring_forward([]))
            self.tray.show()
        jobs = window.jobs
        jobs.jobFinished.connect(self.job_finished)
        for signal in (jobs.rowsInserted, jobs.rowsRemoved, jobs.modelReset, jobs.dataChanged):
            signal.connect(self.count_jobs)
        window.closed.connect(self.close)
        self.count_jobs()

    # the job count -----------------------------------------------------------------------------

    def count_jobs(self, *_args: object) -> None:
        self.running = sum(1 for row in self.window.jobs.rows() if row.active)
        text = self.tr("%n job(s) running", "", self.running) if self.running else self.tr("No jobs running")
        self.count_action.setText(text)
        if self.tray is not None:
            self.tray.setToolTip(self.tr("UniAPI Studio — {jobs}").format(jobs=text))

    # notices -----------------------------------------------------------------------------------

    def job_finished(self, update: JobUpdate) -> None:
        title = {
            JobState.DONE: self.tr("Task finished"),
            JobState.FAILED: self.tr("Task failed"),
            JobState.NEEDS_ATTENTION: self.tr("Task needs attention"),
            JobState.CANCELLED: self.tr("Task cancelled"),
        }.get(update.state, self.tr("Task finished"))
        jobs = self.window.jobs
        row = jobs.job_row(update.job_id)
        service = jobs.service_label(row) if row is not None else jobs.family_label(update.family)
        self.notify(title, f"{service}: {update.title}", warning=update.state is not JobState.DONE)

    def notify(self, title: str, body: str, *, warning: bool = False) -> None:
        """A tray message while the window is in the background and the desktop has a tray; else a toast
        over the window."""
        self.notices.append((title, body))
        tray = self.tray is not None and self.tray.isVisible() and QSystemTrayIcon.supportsMessages()
        if tray and self.tray is not None and not self.window.isActiveWindow():
            kind = QSystemTrayIcon.MessageIcon.Warning if warning else QSystemTrayIcon.MessageIcon.Information
            self.tray.showMessage(title, body, kind, TOAST_MS)
        else:
            self.toast.show_message(title, body)

    # a second launch ---------------------------------------------------------------------------

    def listen(self, name: str) -> bool:
        """Take over later launches on `name`: each raises this window and opens the files it passed."""
        self.instance = InstanceServer(name, self)
        self.instance.activated.connect(self.bring_forward)
        return self.instance.listen()

    def bring_forward(self, paths: list[Path]) -> None:
        window = self.window
        if window.isMinimized():
            window.showNormal()
        window.show()
        window.raise_()
        window.activateWindow()
        existing = [path for path in paths if path.is_file()]
        missing = [path for path in paths if not path.is_file()]
        if existing and not window.open_files(existing, prefer_current=False):
            window.show_status(self.tr("No tab opens these files: {names}").format(names=_names(existing)))
        elif missing:
            window.show_status(self.tr("Not found: {names}").format(names=_names(missing)))

    def _tray_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            self.bring_forward([])

    def close(self) -> None:
        self.toast.timer.stop()
        if self.tray is not None:
            self.tray.hide()
        if self.instance is not None:
            self.instance.close()


def _names(paths: list[Path]) -> str:
    shown = ", ".join(path.name for path in paths[:3])
    return shown + (" …" if len(paths) > 3 else "")

