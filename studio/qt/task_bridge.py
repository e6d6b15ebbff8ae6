"""The window's one way to start and follow task jobs (Suno, Midjourney, Luma, ...).

    job_id = context.tasks.submit(JobRequest("suno", "music", {"body": {...}}, title="A sea shanty"))

`submit` writes the job row and returns its id at once (or raises `JobRequestError`, nothing written,
for a request that cannot be sent); the paid submit then leaves in the background, and everything
about the job — accepted, progress, results stored, failure — arrives as `JobUpdate`s on
`StudioEvents.jobUpdated`, which the shared job model follows. One bridge per window, not per view.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from .async_tasks import load_api, spawn

if TYPE_CHECKING:
    from ..core.tasks import Job, TaskEngine
    from ..core.workspace import Workspace


@dataclass(frozen=True)
class JobRequest:
    family: str
    kind: str
    parameters: dict[str, Any] = field(default_factory=dict)
    title: str | None = None


class TaskBridge(QObject):
    ready = Signal()  # the engine runs and open jobs were resumed: read `jobs()` now

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.started = False

    @property
    def engine(self) -> TaskEngine | None:
        return self.workspace.task_engine

    def start(self) -> None:
        """Start the engine (first use loads the HTTP stack in a thread) and resume unfinished jobs."""
        if not self.started:
            self.started = True
            spawn(self._start())

    async def _start(self) -> None:
        await load_api()
        from ..core.workspace import WorkspaceClosed

        try:
            await self.workspace.tasks()
        except WorkspaceClosed:  # the window closed while the engine was starting
            return
        self.ready.emit()

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

    def submit(self, request: JobRequest) -> int:
        """Record the job and return its id; the paid submit leaves right after (see the module doc)."""
        engine = self.workspace.task_engine_now()
        return engine.submit_soon(request.family, request.kind, request.parameters, title=request.title)

    def retry(self, job_id: int) -> int:
        """The job's request again as a NEW job: a new paid request (the view confirms first)."""
        engine = self.workspace.task_engine_now()
        old = engine.job(job_id)
        return engine.submit_soon(old.family, old.kind, old.parameters, title=old.title, retry_of=old.id)

    def cancel(self, job_id: int) -> None:
        # A database write and no request, so it runs right here.
        if self.engine is not None:
            self.engine.cancel(job_id)
