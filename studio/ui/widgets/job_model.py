"""The window's one job model: a row per job, kept current by job updates; views filter it with
`JobFilterProxy` (by state group, text, family, or the jobs a tab started itself), newest first."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap

from ...api.sentences import Sentence
from ...core.tasks import Job, JobState, JobUpdate
from ...qt.messages import translated
from ..theme import is_dark
from .thumbnails import ThumbnailCache

Index = QModelIndex | QPersistentModelIndex

JOB_ROLE = Qt.ItemDataRole.UserRole + 1
"""The row's JobRow."""
PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 2
"""Percent (0–100) for the progress bar, or None while the service gives no figure (a busy bar)."""
ID_ROLE = Qt.ItemDataRole.UserRole + 3

FAMILY_COLOURS = {
    "suno": "#ef6c00",
    "udio": "#7b1fa2",
    "midjourney": "#1565c0",
    "ideogram": "#00897b",
    "luma": "#c2185b",
    "video": "#2e7d32",
}
BRANDS = {"suno": "Suno", "udio": "Udio", "midjourney": "Midjourney", "ideogram": "Ideogram", "luma": "Luma"}
STATE_COLOURS = {
    JobState.DONE: "#2e7d32",
    JobState.FAILED: "#c62828",
    JobState.NEEDS_ATTENTION: "#e65100",
    JobState.CANCELLED: "#757575",
}


class Column(IntEnum):
    RESULT = 0
    SERVICE = 1
    PROMPT = 2
    STATUS = 3
    PROGRESS = 4
    TIME = 5
    DETAILS = 6


class Group(IntEnum):
    ALL = 0
    ACTIVE = 1
    DONE = 2
    PROBLEMS = 3
    """Failed and needing attention."""


@dataclass(frozen=True)
class JobRow:
    """What one row shows; built from the stored job, then moved along by each JobUpdate."""

    id: int
    family: str
    kind: str
    title: str
    state: JobState
    progress: float | None
    remote_status: str | None
    task_id: str | None
    message: str | None
    sentences: tuple[Sentence, ...]
    asset_ids: tuple[int, ...]
    retry_of: int | None
    created: float
    finished_at: float | None
    downloaded: int | None = None
    download_total: int | None = None
    model: str = ""
    """The model a family runs the job on when it has several (custom video: veo-2, ...)."""

    @classmethod
    def of(cls, job: Job) -> JobRow:
        return cls(
            id=job.id,
            family=job.family,
            kind=job.kind,
            title=job.title,
            state=job.state,
            progress=job.progress,
            remote_status=job.remote_status,
            task_id=job.task_id,
            message=job.message,
            sentences=job.sentences,
            asset_ids=tuple(job.asset_ids),
            retry_of=job.retry_of,
            created=job.created,
            finished_at=job.finished_at if job.state.finished else None,
            model=str(job.parameters.get("model") or ""),
        )

    def updated(self, update: JobUpdate) -> JobRow:
        downloading = update.state is JobState.DOWNLOADING
        return replace(
            self,
            title=update.title,
            state=update.state,
            progress=update.progress,
            remote_status=update.remote_status,
            task_id=update.task_id,
            message=update.message,
            sentences=update.sentences,
            asset_ids=update.asset_ids,
            retry_of=update.retry_of,
            downloaded=update.downloaded if downloading and update.downloaded is not None else self.downloaded,
            download_total=update.download_total if downloading and update.downloaded is not None else None,
            finished_at=(self.finished_at or time.time()) if update.state.finished else None,
        )

    @property
    def active(self) -> bool:
        return not self.state.finished

    @property
    def percent(self) -> float | None:
        if self.state is JobState.DONE:
            return 100.0
        if self.state is JobState.DOWNLOADING and self.downloaded is not None and self.download_total:
            return min(100.0, 100.0 * self.downloaded / self.download_total)
        if self.state is JobState.RUNNING and self.progress is not None:
            return max(0.0, min(100.0, self.progress))
        return None

    def elapsed(self, now: float | None = None) -> float:
        end = self.finished_at if self.finished_at is not None else (now or time.time())
        return max(0.0, end - self.created)

    def in_group(self, group: Group) -> bool:
        if group is Group.ACTIVE:
            return self.active
        if group is Group.DONE:
            return self.state is JobState.DONE
        if group is Group.PROBLEMS:
            return self.state in (JobState.FAILED, JobState.NEEDS_ATTENTION)
        return True


_family_icons: dict[str, QIcon] = {}


def family_icon(family: str) -> QIcon:
    """A coloured disc with the family's initial: the same on every platform and theme."""
    icon = _family_icons.get(family)
    if icon is None:
        pixmap = QPixmap(32, 32)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(FAMILY_COLOURS.get(family, "#546e7a")))
        painter.drawEllipse(1, 1, 30, 30)
        font = painter.font()
        font.setPixelSize(17)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("white"))
        painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, (family[:1] or "?").upper())
        painter.end()
        icon = _family_icons[family] = QIcon(pixmap)
    return icon


class JobTableModel(QAbstractTableModel):
    """Rows in the order jobs arrive; the proxy shows them newest first."""

    jobFinished = Signal(object)  # JobUpdate of a job that was active here and has just ended

    def __init__(self, thumbnails: ThumbnailCache | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thumbnails = thumbnails
        if thumbnails is not None:
            thumbnails.loaded.connect(self._thumbnail_loaded)
        self._rows: list[JobRow] = []
        self._position: dict[int, int] = {}

    # reading -----------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def row(self, source_row: int) -> JobRow:
        return self._rows[source_row]

    def job_row(self, job_id: int) -> JobRow | None:
        position = self._position.get(job_id)
        return None if position is None else self._rows[position]

    def rows(self) -> list[JobRow]:
        return list(self._rows)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            Column.RESULT: self.tr("Result"),
            Column.SERVICE: self.tr("Service"),
            Column.PROMPT: self.tr("Prompt"),
            Column.STATUS: self.tr("Status"),
            Column.PROGRESS: self.tr("Progress"),
            Column.TIME: self.tr("Time"),
            Column.DETAILS: self.tr("Details"),
        }.get(Column(section))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = Column(index.column())
        if role == JOB_ROLE:
            return row
        if role == ID_ROLE:
            return row.id
        if role == PROGRESS_ROLE:
            return row.percent
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.DecorationRole:
            if column is Column.SERVICE:
                return family_icon(row.family)
            if column is Column.RESULT and self.thumbnails is not None and row.asset_ids and not row.active:
                return self.thumbnails.strip(row.asset_ids)
        if role == Qt.ItemDataRole.ForegroundRole and column is Column.STATUS and row.state in STATE_COLOURS:
            colour = QColor(STATE_COLOURS[row.state])
            return QBrush(colour.lighter(170) if is_dark() else colour)
        if role == Qt.ItemDataRole.TextAlignmentRole and column is Column.TIME:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _text(self, row: JobRow, column: Column) -> str | None:
        if column is Column.SERVICE:
            return self.service_label(row)
        if column is Column.PROMPT:
            return self.tr("Retry: {title}").format(title=row.title) if row.retry_of is not None else row.title
        if column is Column.STATUS:
            return self.state_text(row.state)
        if column is Column.PROGRESS:
            percent = row.percent
            return f"{percent:.0f} %" if percent is not None and row.state is not JobState.DONE else None
        if column is Column.TIME:
            return self.elapsed_text(row.elapsed())
        if column is Column.DETAILS:
            return translated(row.sentences)
        return None

    def _tooltip(self, row: JobRow, column: Column) -> str | None:
        if column is Column.PROMPT:
            lines = [row.title]
            if row.retry_of is not None:
                lines.append(self.tr("A new paid request: a retry of job #{id}.").format(id=row.retry_of))
            if row.task_id:
                lines.append(self.tr("Task id: {task_id}").format(task_id=row.task_id))
            return "\n".join(lines)
        if column is Column.SERVICE:
            return f"{row.family} / {row.kind}"
        if column is Column.STATUS and row.remote_status:
            return self.tr("The service says: {status}").format(status=row.remote_status)
        if column is Column.DETAILS and row.sentences:
            return translated(row.sentences)
        return None

    def service_label(self, row: JobRow) -> str:
        """The service as its users call it: "Veo 2" for a custom video job on veo-2."""
        if row.family == "video" and row.model:
            name = row.model.replace("-", " ").strip()
            return name[:1].upper() + name[1:]
        return self.family_label(row.family)

    def family_label(self, family: str) -> str:
        if family == "video":
            return self.tr("Video")
        return BRANDS.get(family, family)

    def state_text(self, state: JobState) -> str:
        return {
            JobState.SUBMITTING: self.tr("Sending"),
            JobState.SUBMITTED: self.tr("Sent"),
            JobState.QUEUED: self.tr("Queued"),
            JobState.RUNNING: self.tr("Running"),
            JobState.DOWNLOADING: self.tr("Saving"),
            JobState.DONE: self.tr("Done"),
            JobState.FAILED: self.tr("Failed"),
            JobState.NEEDS_ATTENTION: self.tr("Needs attention"),
            JobState.CANCELLED: self.tr("Cancelled"),
        }[state]

    def elapsed_text(self, seconds: float) -> str:
        whole = int(seconds)
        if whole < 60:
            return self.tr("{seconds} s").format(seconds=whole)
        if whole < 3600:
            return self.tr("{minutes} min {seconds} s").format(minutes=whole // 60, seconds=f"{whole % 60:02d}")
        return self.tr("{hours} h {minutes} min").format(hours=whole // 3600, minutes=f"{whole % 3600 // 60:02d}")

    # changing ----------------------------------------------------------------------------------

    def set_jobs(self, jobs: list[Job]) -> None:
        self.beginResetModel()
        self._rows = [JobRow.of(job) for job in reversed(jobs)]  # the engine lists newest first
        self._position = {row.id: n for n, row in enumerate(self._rows)}
        self.endResetModel()

    def add(self, row: JobRow) -> None:
        if row.id in self._position:
            self.replace(row)
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows))
        self._position[row.id] = len(self._rows)
        self._rows.append(row)
        self.endInsertRows()

    def replace(self, row: JobRow) -> None:
        position = self._position[row.id]
        self._rows[position] = row
        self.dataChanged.emit(self.index(position, 0), self.index(position, len(Column) - 1))

    def follow(self, update: JobUpdate, lookup: Callable[[int], Job | None]) -> None:
        """Bring the model up to date with one update; `lookup` reads a job this model has not seen."""
        before = self.apply(update)
        if before is None:
            job = lookup(update.job_id)
            if job is not None:
                self.add(JobRow.of(job).updated(update))
        elif before.active and update.finished:
            self.jobFinished.emit(update)

    def apply(self, update: JobUpdate) -> JobRow | None:
        """Move a known job's row along; returns the row as it was (None for a job not shown yet)."""
        before = self.job_row(update.job_id)
        if before is not None:
            self.replace(before.updated(update))
        return before

    def _thumbnail_loaded(self, asset_id: int) -> None:
        for position, row in enumerate(self._rows):
            if asset_id in row.asset_ids:
                cell = self.index(position, Column.RESULT)
                self.dataChanged.emit(cell, cell, [Qt.ItemDataRole.DecorationRole])

    def refresh(self, job_id: int, columns: tuple[Column, ...] = tuple(Column)) -> None:
        position = self._position.get(job_id)
        if position is not None:
            self.dataChanged.emit(self.index(position, min(columns)), self.index(position, max(columns)))

    def tick(self) -> bool:
        """Elapsed times of running jobs move on (once a second); False when nothing is running."""
        active = [n for n, row in enumerate(self._rows) if row.active]
        for position in active:
            changed = self.index(position, Column.PROGRESS), self.index(position, Column.TIME)
            self.dataChanged.emit(*changed, [Qt.ItemDataRole.DisplayRole])
        return bool(active)

    def animate(self) -> bool:
        """Busy bars move (a few times a second); False when no row has one."""
        busy = [n for n, row in enumerate(self._rows) if row.active and row.percent is None]
        for position in busy:
            cell = self.index(position, Column.PROGRESS)
            self.dataChanged.emit(cell, cell, [PROGRESS_ROLE])
        return bool(busy)


class JobFilterProxy(QSortFilterProxyModel):
    """Newest first; the state group, the filter text, the families and the job ids decide what shows.

    A tab shows the jobs it started with `set_job_ids(...)` or its families with `set_families(...)`.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.group = Group.ALL
        self.text = ""
        self.families: frozenset[str] | None = None
        self.job_ids: set[int] | None = None
        self.setSortRole(ID_ROLE)
        self.sort(0, Qt.SortOrder.DescendingOrder)

    def set_families(self, families: frozenset[str] | None) -> None:
        self.beginFilterChange()
        self.families = families
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_job_ids(self, job_ids: set[int] | None) -> None:
        """Only these jobs (None: all). The set is the caller's: call `add_job_id` to grow it."""
        self.beginFilterChange()
        self.job_ids = job_ids
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def add_job_id(self, job_id: int) -> None:
        self.beginFilterChange()
        self.job_ids = {*(self.job_ids or ()), job_id}
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_group(self, group: Group) -> None:
        self.beginFilterChange()
        self.group = group
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self.text = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, JobTableModel)
        row = model.row(source_row)
        if not row.in_group(self.group):
            return False
        if self.families is not None and row.family not in self.families:
            return False
        if self.job_ids is not None and row.id not in self.job_ids:
            return False
        if not self.text:
            return True
        haystack = " ".join(
            filter(None, [row.title, row.family, model.service_label(row), row.task_id, row.message])
        )
        return self.text in haystack.casefold()

    def job_id(self, index: QModelIndex) -> int | None:
        return index.data(ID_ROLE) if index.isValid() else None

    def visible_ids(self) -> list[int]:
        return [self.index(n, 0).data(ID_ROLE) for n in range(self.rowCount())]
