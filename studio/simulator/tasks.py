"""Simulated asynchronous jobs: each task's stage follows from its age, so polling needs no timers."""

from __future__ import annotations

import itertools
import re
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple

QUEUED_SHARE = 0.15  # the first 15% of a task's time is spent queued
FAILURE_POINT = 0.6  # a task planned to fail fails 60% of the way through
DEFAULT_FAILURE_REASON = "The simulated task failed as planned"
FAILURE_TRIGGER = re.compile(r"\[\[fail(?::([^\]]*))?\]\]")
DURATION_TRIGGER = re.compile(r"\[\[task-seconds:(\d+(?:\.\d+)?)\]\]")


class TaskStage(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class TaskIdStyle(StrEnum):
    UUID = "uuid"  # Suno, Udio, Luma, Veo
    NUMERIC = "numeric"  # Midjourney's 16-digit strings


class TaskPhase(NamedTuple):
    stage: TaskStage
    fraction: float  # progress of the work, 0.0 .. 1.0


def _progress_at(elapsed_share: float) -> float:
    return min(1.0, max(0.0, (elapsed_share - QUEUED_SHARE) / (1.0 - QUEUED_SHARE)))


@dataclass
class SimTask:
    id: str
    family: str
    created_at: float
    duration_s: float
    failure_reason: str | None = None
    payload: dict[str, Any] = field(default_factory=dict)  # the family's request and results

    def phase(self, now: float) -> TaskPhase:
        if self.duration_s <= 0:
            return self._ended_phase()
        share = (now - self.created_at) / self.duration_s
        if self.failure_reason is not None and share >= FAILURE_POINT:
            return TaskPhase(TaskStage.FAILED, round(_progress_at(FAILURE_POINT), 4))
        if share >= 1.0:
            return TaskPhase(TaskStage.DONE, 1.0)
        if share < QUEUED_SHARE:
            return TaskPhase(TaskStage.QUEUED, 0.0)
        return TaskPhase(TaskStage.RUNNING, round(_progress_at(share), 4))

    def _ended_phase(self) -> TaskPhase:
        if self.failure_reason is not None:
            return TaskPhase(TaskStage.FAILED, 0.0)
        return TaskPhase(TaskStage.DONE, 1.0)

    @property
    def started_at(self) -> float:
        return self.created_at + QUEUED_SHARE * self.duration_s

    @property
    def finished_at(self) -> float:
        end_share = FAILURE_POINT if self.failure_reason is not None else 1.0
        return self.created_at + end_share * self.duration_s


def planned_failure(prompt: str) -> str | None:
    """`[[fail]]` or `[[fail:reason]]` in a prompt plans the task to fail with that reason."""
    match = FAILURE_TRIGGER.search(prompt)
    if match is None:
        return None
    return (match.group(1) or "").strip() or DEFAULT_FAILURE_REASON


def planned_duration(prompt: str, default_s: float) -> float:
    """`[[task-seconds:N]]` in a prompt overrides how long the task runs."""
    match = DURATION_TRIGGER.search(prompt)
    return float(match.group(1)) if match else default_s


class TaskRegistry:
    """All tasks of all families, looked up by their string id."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._tasks: dict[str, SimTask] = {}
        self._lock = threading.Lock()
        self._sequence = itertools.count()

    def create(
        self,
        family: str,
        *,
        duration_s: float,
        failure_reason: str | None = None,
        id_style: TaskIdStyle = TaskIdStyle.UUID,
        payload: dict[str, Any] | None = None,
        task_id: str | None = None,
    ) -> SimTask:
        """A new task; `task_id` gives it an id chosen by the family (a Suno clip id in the seed's reply)."""
        with self._lock:
            task = SimTask(
                id=task_id if task_id is not None and task_id not in self._tasks else self._new_id(id_style),
                family=family,
                created_at=self._clock(),
                duration_s=duration_s,
                failure_reason=failure_reason,
                payload=payload or {},
            )
            self._tasks[task.id] = task
        return task

    def _new_id(self, id_style: TaskIdStyle) -> str:
        while True:
            if id_style is TaskIdStyle.NUMERIC:
                candidate = f"{int(self._clock() * 1000)}{next(self._sequence) % 1000:03d}"
            else:
                candidate = str(uuid.uuid4())
            if candidate not in self._tasks:
                return candidate

    def get(self, task_id: str) -> SimTask | None:
        with self._lock:
            return self._tasks.get(str(task_id))

    def phase_of(self, task: SimTask) -> TaskPhase:
        return task.phase(self._clock())

    def of_family(self, family: str) -> list[SimTask]:
        with self._lock:
            return [task for task in self._tasks.values() if task.family == family]

    def __len__(self) -> int:
        with self._lock:
            return len(self._tasks)
