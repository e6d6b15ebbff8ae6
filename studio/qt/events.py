"""The core's change events as Qt signals, delivered on the UI thread.

One `StudioEvents` per workspace. Stores publish from whatever thread made the change; the signals
arrive on the UI thread (Qt queues them), so a slot may touch widgets. Job updates are coalesced to
the newest per job and frame: a poll round of 100 jobs costs one repaint, not 100.

    events.assetsChanged.connect(lambda change: model.refresh(change.added))
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from ..core.events import AssetsChanged, ConversationsChanged, EventHub

if TYPE_CHECKING:
    from ..core.tasks import JobUpdate

FRAME_MS = 16


class StudioEvents(QObject):
    assetsChanged = Signal(object)  # AssetsChanged
    conversationsChanged = Signal(object)  # ConversationsChanged
    jobUpdated = Signal(object)  # JobUpdate: the latest of each job since the last frame
    connectionChecked = Signal(object)  # ConnectionReport: the window's probe of the gateway (models, balance)
    settingsChanged = Signal()  # the user applied the settings dialog: re-read what you use
    _jobArrived = Signal(object)  # any thread -> the UI thread

    def __init__(self, hub: EventHub, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from ..core.tasks import JobUpdate

        self._pending: dict[int, JobUpdate] = {}
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(FRAME_MS)
        self._flush_timer.timeout.connect(self._flush)
        self._jobArrived.connect(self._queue)
        self._unsubscribe = [
            hub.subscribe(AssetsChanged, self.assetsChanged.emit),
            hub.subscribe(ConversationsChanged, self.conversationsChanged.emit),
            hub.subscribe(JobUpdate, self._jobArrived.emit),
        ]

    def close(self) -> None:
        """Stop listening (the window is going away); nothing more is emitted."""
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe.clear()
        self._flush_timer.stop()
        self._pending.clear()

    def _queue(self, update: JobUpdate) -> None:
        self._pending[update.job_id] = update
        if not self._flush_timer.isActive():
            self._flush_timer.start()

    def _flush(self) -> None:
        pending, self._pending = self._pending, {}
        for update in pending.values():
            self.jobUpdated.emit(update)
