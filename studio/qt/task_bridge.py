"""Task jobs for the widgets: engine updates become a Qt signal (coalesced per frame), actions run via `spawn`."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from ..api.errors import ApiError
from .async_tasks import load_api, spawn

if TYPE_CHECKING:
    from ..core.tasks import Job, JobUpdate, TaskEngine
    from ..core.workspace import Workspace

log = logging.getLogger(__name__)

FRAME_MS = 16


class TaskBridge(QObject):
    """The Tasks dock listens to these signals only; the engine lives in the workspace."""

    ready = Signal()  # the engine runs (open jobs resumed): read `jobs()` now
    jobUpdated = Signal(object)  # JobUpdate: the latest of each job since the last frame
    failed = Signal(str)  # an action could not be done: one sentence (English; the view translates it)

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._pending: dict[int, JobUpdate] = {}
        self._unsubscribe = workspace.subscribe_tasks(self._queue)
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(FRAME_MS)
        self._flush_timer.timeout.connect(self._flush)

    @property
    def engine(self) -> TaskEngine | None:
        return self.workspace.task_engine

    def start(self) -> None:
        """Start the engine (first use loads the HTTP stack in a thread) and resume unfinished jobs."""
        spawn(self._start())

    def stop(self) -> None:
        self._unsubscribe()
        self._flush_timer.stop()
        self._pending.clear()

    # reading -----------------------------------------------------------------------------------

    def jobs(self, limit: int = 500) -> list[Job]:
        return self.engine.jobs(limit=limit) if self.engine is not None else []

    def job(self, job_id: int) -> Job | None:
        if self.engine is None:
            return None
        try:
            return self.engine.job(job_id)
        except KeyError:
            return None

    # actions -----------------------------------------------------------------------------------

    def submit(self, family: str, kind: str, parameters: dict[str, Any], title: str | None = None) -> None:
        spawn(self._submit(family, kind, parameters, title))

    def cancel(self, job_id: int) -> None:
        # The engine's cancel is a database write and no request, so it runs right here.
        if self.engine is not None:
            self.engine.cancel(job_id)

    def retry(self, job_id: int) -> None:
        """Send the job's request again as a new job: a new paid request (the view confirms first)."""
        spawn(self._retry(job_id))

    def resume(self) -> None:
        spawn(self._resume())

    async def _start(self) -> None:
        await load_api()
        from ..core.workspace import WorkspaceClosed

        try:
            await self.workspace.tasks()
        except WorkspaceClosed:  # the window closed while the engine was starting
            return
        self.ready.emit()

    async def _submit(self, family: str, kind: str, parameters: dict[str, Any], title: str | None) -> None:
        from ..core.task_reports import JobRequestError

        engine = await self.workspace.tasks()
        try:
            await engine.submit(family, kind, parameters, title=title)
        except JobRequestError as error:
            self.failed.emit(str(error))
        except ApiError:
            pass  # recorded on the job row, which shows it

    async def _retry(self, job_id: int) -> None:
        from ..core.task_reports import JobRequestError

        engine = await self.workspace.tasks()
        try:
            await engine.retry(job_id)
        except JobRequestError as error:
            self.failed.emit(str(error))
        except ApiError:
            pass  # the new job row failed with the reason

    async def _resume(self) -> None:
        engine = await self.workspace.tasks()
        await engine.resume_unfinished()

    # updates -----------------------------------------------------------------------------------

    def _queue(self, update: JobUpdate) -> None:
        self._pending[update.job_id] = update
        if not self._flush_timer.isActive():
            self._flush_timer.start()

    def _flush(self) -> None:
        pending, self._pending = self._pending, {}
        for update in pending.values():
            self.jobUpdated.emit(update)
