"""What happens when something breaks: an uncaught Python error (in the main thread, a Qt slot or another
thread) or a Qt warning or fatal message goes to the log; an error also writes a crash report beside the
log, without the API key, and the window offers to open its folder. The app keeps running after a
Python error where it can (Qt already returned from the slot that raised)."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QtMsgType, Signal, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QWidget

from .. import __version__
from ..core.log_files import crash_report_text, write_crash_report

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

log = logging.getLogger("studio.crash")
qt_log = logging.getLogger("qt")

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], Any]


class CrashHandler(QObject):
    reported = Signal(str)  # the report's path; delivered on the Qt thread whatever thread crashed

    def __init__(self, log_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_dir = log_dir
        self.reports: list[Path] = []
        self.notice: QMessageBox | None = None
        self._previous_hook: ExceptHook | None = None
        self._previous_thread_hook: Callable[[threading.ExceptHookArgs], Any] | None = None
        self._previous_qt: Any = None
        self._installed = False
        self._busy = threading.Lock()
        self.reported.connect(self._offer, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        if self._installed:
            return
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        sys.excepthook = self.python_error
        threading.excepthook = self._thread_error
        self._previous_qt = qInstallMessageHandler(self.qt_message)
        self._installed = True

    def uninstall(self) -> None:
        if not self._installed:
            return
        sys.excepthook = self._previous_hook or sys.__excepthook__
        threading.excepthook = self._previous_thread_hook or threading.__excepthook__
        qInstallMessageHandler(self._previous_qt)
        self._installed = False

    # catching ----------------------------------------------------------------------------------

    def python_error(self, kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt | SystemExit):
            (self._previous_hook or sys.__excepthook__)(kind, error, trace)
            return
        self.report(kind, error, trace)

    def _thread_error(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        thread = args.thread.name if args.thread is not None else "?"
        self.report(args.exc_type, args.exc_value, args.exc_traceback, note=f"in the thread {thread}")

    def qt_message(self, kind: QtMsgType, context: Any, message: str) -> None:
        category = context.category if context is not None and context.category not in (None, "default") else ""
        text = f"{category}: {message}" if category else message
        qt_log.log(_QT_LEVELS.get(kind, logging.WARNING), "%s", text)
        if kind == QtMsgType.QtFatalMsg:  # Qt aborts as soon as this returns: the report is all there will be
            self.report(None, None, None, note=f"Qt stopped the app: {text}", offer=False)

    def report(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
        *,
        note: str = "",
        offer: bool = True,
    ) -> Path | None:
        """Log the error and write a report; returns its path (None if writing failed, said in the log)."""
        with self._busy:  # two threads failing at once write two reports, one after the other
            if kind is not None:
                log.critical("unexpected error %s", note, exc_info=(kind, error or kind(), trace))
            try:
                from .help_dialogs import versions  # imported on a crash: not on the start-up path

                text = crash_report_text(kind, error, trace, version=__version__, versions=versions()[1:], note=note)
                path = write_crash_report(self.log_dir, text)
            except OSError as exc:
                log.error("the crash report could not be written to %s: %s", self.log_dir, exc)
                return None
            self.reports.append(path)
        if offer:
            self.reported.emit(str(path))
        return path

    # telling the user --------------------------------------------------------------------------

    def _offer(self, path_text: str) -> None:
        """One notice at a time (a burst of errors must not stack dialogs); it names the newest report."""
        path = Path(path_text)
        if self.notice is not None and self.notice.isVisible():
            self.notice.setInformativeText(self._informative(path))
            return
        app = QApplication.instance()
        if not isinstance(app, QApplication):
            return
        parent = app.activeWindow() or next((w for w in app.topLevelWidgets() if w.isVisible()), None)
        from PySide6.QtWidgets import QMessageBox

        from .help_dialogs import open_folder

        box = QMessageBox(parent if isinstance(parent, QWidget) else None)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Something went wrong"))
        box.setText(self.tr("UniAPI Studio met an unexpected error. Your work so far is kept."))
        box.setInformativeText(self._informative(path))
        folder = box.addButton(self.tr("Open the report's folder"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        folder.clicked.connect(lambda: open_folder(self.log_dir))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(lambda *_: setattr(self, "notice", None))
        self.notice = box
        box.open()

    def _informative(self, path: Path) -> str:
        return self.tr(
            "A report (without your API key) was saved as {path}. If something looks wrong, save what you "
            "are doing and restart the app."
        ).format(path=path)


_handler: CrashHandler | None = None


def install_crash_handler(log_dir: Path) -> CrashHandler:
    """The app's crash handler (one per process; a second call returns the first, pointed at `log_dir`)."""
    global _handler
    if _handler is None:
        _handler = CrashHandler(log_dir)
    _handler.log_dir = log_dir
    _handler.install()
    return _handler
