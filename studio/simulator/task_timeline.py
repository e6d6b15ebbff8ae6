"""How the task families word a task's age: status steps inside the queue, "NN%" and timestamps."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from studio.simulator.tasks import QUEUED_SHARE, SimTask, TaskStage


def queue_step(task: SimTask, now: float, steps: int) -> int:
    """Which of `steps` equal parts of its queued time the task is in (0 also before it was scheduled)."""
    if task.duration_s <= 0:
        return steps - 1
    share = (now - task.created_at) / task.duration_s
    return min(steps - 1, max(0, int(share / QUEUED_SHARE * steps)))


def percent(fraction: float) -> str:
    """Progress the relays' way: a whole number and a percent sign; 100% only once finished."""
    return f"{min(99, int(fraction * 100)) if fraction < 1.0 else 100}%"


def unix_seconds(moment: float) -> int:
    return int(moment)


def epoch_ms(moment: float) -> int:
    return int(moment * 1000)


def iso_time(moment: float) -> str:
    """ISO 8601 in UTC with milliseconds and a Z, as the JavaScript-backed services write it."""
    stamp = dt.datetime.fromtimestamp(moment, dt.UTC)
    return stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{stamp.microsecond // 1000:03d}Z"


class RelayStatus(StrEnum):
    """new-api's task statuses, shared by the Suno and Udio relays."""

    NOT_START = "NOT_START"
    SUBMITTED = "SUBMITTED"
    QUEUED = "QUEUED"
    IN_PROGRESS = "IN_PROGRESS"
    SUCCESS = "SUCCESS"
    FAILURE = "FAILURE"


RELAY_QUEUE_STATUSES = (RelayStatus.NOT_START, RelayStatus.SUBMITTED, RelayStatus.QUEUED)
RELAY_ENDED_STATUSES = (RelayStatus.SUCCESS, RelayStatus.FAILURE)


def relay_status(task: SimTask, now: float) -> tuple[RelayStatus, float]:
    """The status and work fraction a relay reports; the queued time is split into its three steps."""
    stage, fraction = task.phase(now)
    if stage is TaskStage.QUEUED:
        return RELAY_QUEUE_STATUSES[queue_step(task, now, len(RELAY_QUEUE_STATUSES))], 0.0
    if stage is TaskStage.RUNNING:
        return RelayStatus.IN_PROGRESS, fraction
    if stage is TaskStage.FAILED:
        return RelayStatus.FAILURE, fraction
    return RelayStatus.SUCCESS, 1.0


def relay_times(task: SimTask, status: RelayStatus) -> dict[str, object]:
    """submit/start/finish in Unix seconds (0 until they happen) and the progress text."""
    started = status not in RELAY_QUEUE_STATUSES
    ended = status in RELAY_ENDED_STATUSES
    return {
        "submit_time": unix_seconds(task.created_at),
        "start_time": unix_seconds(task.started_at) if started else 0,
        "finish_time": unix_seconds(task.finished_at) if ended else 0,
    }
