"""The task engine: submit, persist, poll, download, resume. It never loses a job.

A job row is written (state `submitting`) before the submit leaves; the task id is stored the moment
the reply arrives (`submitted`); one poller then moves every job through `queued`, `running` (with a
progress percent), `downloading` and `done` or `failed`, or `needs_attention` / `cancelled`. A job is
`done` only when every result is a file in the library, linked to the asset it derives from.

After a crash, `resume_unfinished()` picks every open job up again. A job still `submitting` (the
app died mid-request) becomes `needs_attention`: it may or may not have been charged, so it is never
sent again silently. `retry()` is always a new job and a new paid request.

Several processes may share one database (the app and `studio-cli`): each job is followed by one
engine at a time, which holds a lease on it (owner and expiry in the row, renewed while it works).
A lease whose owner died (killed, on this machine) or expired is taken over; an engine started with
`adopt_others=True` (the app's) does so by itself every few seconds, and publishes the jobs other
processes add or change, so its listeners see them without a restart. Writes about a job go through
only while its lease is held, so a second process can never overwrite `done` with `downloading`.

The task id of a paid submit reaches disk even when another program holds the database locked: the
write is retried, and as a last resort the id goes to a journal file beside the database, which any
engine on that database replays as soon as it can write. A result that cannot be saved (folder not
writable, disk full) leaves the job `needs_attention`, resumable once the folder is writable. Each
family has a total deadline (`Family.deadline`), after which an unfinished job waits for a resume
instead of being polled forever. The profile's API key is removed from everything stored.

Listeners (`subscribe`) get a `JobUpdate` on every change, on the event loop's thread; the Qt bridge
turns them into signals. Plain asyncio, no Qt.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import random
import secrets
import socket
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..api.errors import (
    SECRET_MIN_CHARS,
    ApiError,
    ApiResponseError,
    DatabaseBusyError,
    LocalStorageError,
    MediaExpiredError,
    NetworkError,
    RateLimitError,
    ResultNotSavedError,
    ServerError,
    TaskTimeoutError,
    UnreadableReplyError,
    redact,
    redact_json,
)
from ..api.sentences import QT_TRANSLATE_NOOP, Sentence, dump_sentences, english, load_sentences
from .database import database_file, register, run_script, transaction
from .library import Asset, Library
from .task_reports import JobRequestError, ParentRef, PollTarget, RemoteStatus, ResultSpec, parameters_json

if TYPE_CHECKING:  # the HTTP stack loads with the first engine, not with the database schema
    from ..api.gateway import UniApi
    from .task_families import Family

log = logging.getLogger(__name__)


class JobState(StrEnum):
    SUBMITTING = "submitting"
    SUBMITTED = "submitted"
    QUEUED = "queued"
    RUNNING = "running"
    DOWNLOADING = "downloading"
    DONE = "done"
    FAILED = "failed"
    NEEDS_ATTENTION = "needs_attention"
    CANCELLED = "cancelled"

    @property
    def finished(self) -> bool:
        """No more work will happen on its own (needs_attention waits for the user)."""
        return self in (JobState.DONE, JobState.FAILED, JobState.CANCELLED, JobState.NEEDS_ATTENTION)


CLOSED_STATES = (JobState.DONE, JobState.FAILED, JobState.CANCELLED)

SUBMIT_INTERRUPTED = Sentence(
    QT_TRANSLATE_NOOP(
        "ApiMessages",
        "The studio stopped while this request was being sent, so it is not known whether the service "
        "received it (and charged for it). It was not sent again: check the service, then retry if needed.",
    )
)
SUBMIT_UNCERTAIN = Sentence(
    QT_TRANSLATE_NOOP(
        "ApiMessages",
        "The request may have reached the service; it was not sent again. Check the service before retrying.",
    )
)
SUBMIT_UNREADABLE = Sentence(
    QT_TRANSLATE_NOOP(
        "ApiMessages",
        "The gateway accepted the request, so it may have been charged; it was not sent again. Check the service "
        "before retrying.",
    )
)
UNSAVED_NOTE = QT_TRANSLATE_NOOP(
    "ApiMessages", "Could not save: {reason}. The job stays open, and a resume saves the result once that is fixed."
)
DEADLINE_NOTE = QT_TRANSLATE_NOOP(
    "ApiMessages", "Not finished after {minutes} minutes (the {family} limit); a resume follows it again."
)
LEASE_SECONDS = 30.0
THUMBNAIL_PATIENCE_SECONDS = 3.0
"""How long a drawn thumbnail waits for the files still downloading: a waveform or a video frame takes a
core, and 600 results finishing at once reached the library a second sooner without them in the way."""
"""How long a job stays claimed by an engine that stops renewing it (renewed every third of it)."""
WATCH_SECONDS = 3.0
"""How often an adopting engine looks for jobs other processes added, changed or abandoned."""
LOCK_PATIENCE_SECONDS = 30.0
"""How long a paid submit's task id keeps trying to reach a locked database before the journal file."""
TASK_ID_JOURNAL_SUFFIX = ".task-ids.jsonl"
FOLLOWED_STATES = ("submitted", "queued", "running", "downloading")
"""States an engine follows on its own; `needs_attention` waits for a resume, `submitting` is flagged."""


@register(4, "task leases")
def _lease_columns(db: sqlite3.Connection) -> None:
    run_script(
        db,
        """
        ALTER TABLE jobs ADD COLUMN lease_owner TEXT;
        ALTER TABLE jobs ADD COLUMN lease_expires REAL;
        CREATE INDEX jobs_by_update ON jobs(updated);
        """,
    )

Note = Sentence | tuple[Sentence, ...] | None
"""What the engine says about a job: stored as sentences (`message` column), shown translated."""


def note(template: str, **parts: object) -> Sentence:
    return Sentence.of(template, **parts)


@register(3, "tasks")
def _schema(db: sqlite3.Connection) -> None:
    run_script(
        db,
        """
        CREATE TABLE jobs (
            id INTEGER PRIMARY KEY,
            family TEXT NOT NULL,
            kind TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            parameters TEXT NOT NULL DEFAULT '{}',
            state TEXT NOT NULL,
            task_id TEXT,
            remote_status TEXT,
            progress REAL,
            message TEXT,
            raw TEXT,
            retry_of INTEGER REFERENCES jobs(id) ON DELETE SET NULL,
            created REAL NOT NULL,
            updated REAL NOT NULL,
            submitted_at REAL,
            finished_at REAL
        );
        CREATE INDEX jobs_by_state ON jobs(state, id);
        CREATE INDEX jobs_by_task ON jobs(family, task_id);
        CREATE TABLE job_results (
            job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
            result_key TEXT NOT NULL,
            asset_id INTEGER REFERENCES assets(id) ON DELETE SET NULL,
            PRIMARY KEY (job_id, result_key)
        );
        """,
    )


@dataclass(frozen=True)
class JobUpdate:
    """What changed about one job; the Tasks dock re-renders that job's row from it."""

    job_id: int
    family: str
    kind: str
    title: str
    state: JobState
    progress: float | None
    """Percent, 0–100, when the service reports it."""
    remote_status: str | None
    """The service's own status word, shown as it is (even one the studio does not know)."""
    task_id: str | None
    message: str | None
    """A plain sentence: why it failed, what it waits for, or a note (a retry is a new paid request)."""
    asset_ids: tuple[int, ...]
    """Results stored in the library so far."""
    new_asset_id: int | None = None
    """The result stored by this very update, if any."""
    downloaded: int | None = None
    download_total: int | None = None
    """Bytes of the download in progress (total None when the server did not say)."""
    retry_of: int | None = None
    sentences: tuple[Sentence, ...] = ()
    """`message` as sentences the interface translates."""

    @property
    def finished(self) -> bool:
        return self.state.finished


@dataclass
class Job:
    id: int
    family: str
    kind: str
    title: str
    parameters: dict[str, Any]
    state: JobState
    task_id: str | None
    remote_status: str | None
    progress: float | None
    message: str | None
    """The engine's note in English (see `sentences`)."""
    raw: Any
    """The last JSON the service sent about this task (for "show raw JSON")."""
    retry_of: int | None
    created: float
    updated: float
    submitted_at: float | None
    finished_at: float | None
    asset_ids: list[int] = field(default_factory=list)
    sentences: tuple[Sentence, ...] = ()

    @property
    def raw_json(self) -> str:
        return json.dumps(self.raw, ensure_ascii=False, indent=2)


def _state(value: str) -> JobState:
    try:
        return JobState(value)
    except ValueError:
        return JobState.NEEDS_ATTENTION


@dataclass(frozen=True)
class PollTiming:
    """How often to ask. Defaults suit the real gateway; tests and the demo use `every(short)`."""

    first: float = 3.0
    """Delay before the first poll of a new task."""
    fast: float = 3.0
    """Interval while the status or progress keeps changing."""
    slow: float = 20.0
    """Ceiling the interval grows to while nothing changes."""
    growth: float = 1.5
    jitter: float = 0.15
    """± share of each interval, so many jobs do not poll in lockstep."""
    error_ceiling: float = 120.0
    batch_window: float | None = None
    """A batchable job due within this many seconds rides along with one due now (default: `fast`)."""
    give_up_after: int = 5
    """Consecutive refusals (4xx, unreadable replies) before a job needs attention."""
    empty_success_polls: int = 5
    """Polls allowed after "success" while the result links are still missing."""
    finish_margin: float = 0.5
    """When progress foretells the finish, poll this long after it (if sooner than the next interval)."""

    @classmethod
    def every(cls, seconds: float) -> PollTiming:
        return cls(first=seconds, fast=seconds, slow=max(seconds, seconds * 5), error_ceiling=max(seconds * 20, 1))

    def jittered(self, seconds: float) -> float:
        return max(0.0, seconds * random.uniform(1 - self.jitter, 1 + self.jitter))


Listener = Callable[[JobUpdate], None]


@dataclass(frozen=True)
class _Outgoing:
    """What `send` sends for a recorded job: its own request, or an answer to the task it waits on."""

    kind: str
    parameters: dict[str, Any]
    answers: bool = False


@dataclass(eq=False)
class _Tracked:
    """The engine's working memory for one open job."""

    job_id: int
    family: Family
    kind: str
    parameters: dict[str, Any]
    task_id: str | None
    next_poll: float | None = None
    interval: float = 0.0
    polling: bool = False
    signature: tuple[Any, ...] | None = None
    errors: int = 0
    refusals: int = 0
    empty_polls: int = 0
    remote: RemoteStatus | None = None
    downloads: dict[str, asyncio.Task[None]] = field(default_factory=dict)
    stored: dict[str, int] = field(default_factory=dict)
    download_error: ApiError | None = None
    """The first result that could not be fetched (or saved: a LocalStorageError keeps the job open)."""
    deadline_at: float | None = None
    """Loop time after which the job stops being polled (counted from when this engine took it)."""
    last_progress_note: float = 0.0
    showing_poll_error: bool = False
    showing_wait: bool = False
    progress_seen: tuple[float, float] | None = None
    """(loop time, percent) of the first progress reported while running, to foresee the finish."""

    @property
    def target(self) -> PollTarget:
        return PollTarget(self.job_id, self.task_id or "", self.kind, self.parameters)


class TaskEngine:
    """Submits and follows task jobs; any number per database (each job has one owner at a time).
    `await start()`, `await close()`."""

    def __init__(
        self,
        api: UniApi,
        db: sqlite3.Connection,
        library: Library,
        *,
        timing: PollTiming | None = None,
        families: dict[str, Family] | None = None,
        download_concurrency: int = 8,
        deadline: float | None = None,
        adopt_others: bool = False,
        lease_seconds: float = LEASE_SECONDS,
        watch_seconds: float = WATCH_SECONDS,
        lock_patience: float = LOCK_PATIENCE_SECONDS,
    ) -> None:
        """`deadline` (seconds) replaces every family's own; `adopt_others` makes this engine take up jobs
        other processes add or abandon (the app's engine does, a one-shot command's does not)."""
        self.api = api
        self.db = db
        self.library = library
        self.timing = timing or PollTiming()
        if families is None:
            from .task_families import FAMILIES

            families = FAMILIES
        self.families = families
        self.deadline = deadline
        self.adopt_others = adopt_others
        self.lease_seconds = lease_seconds
        self.watch_seconds = watch_seconds
        self.lock_patience = lock_patience
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
        """This engine's name in the lease columns: host, process id, and a token per engine."""
        self._secret = api.client.config.api_key
        self._seen_change: tuple[Any, ...] | None = None
        self._watcher: asyncio.Task[None] | None = None
        self._listeners: list[Listener] = []
        self._active: dict[int, _Tracked] = {}
        self._submitting: set[int] = set()
        self._sending: set[int] = set()
        self._outgoing: dict[int, _Outgoing] = {}
        self._cancel_requested: set[int] = set()
        self._settled: dict[int, asyncio.Event] = {}
        self._errors: dict[int, ApiError] = {}
        self._background: set[asyncio.Task[None]] = set()
        self._wake = asyncio.Event()
        self._poller: asyncio.Task[None] | None = None
        self._download_slots = asyncio.Semaphore(download_concurrency)
        self._thumbnail_slot = asyncio.Semaphore(1)
        self._downloading = 0
        """Results between their download starting (or waiting for a slot) and their file in the library."""
        self._downloads_quiet = asyncio.Event()
        self._downloads_quiet.set()
        self._family_slots = {name: asyncio.Semaphore(f.concurrency) for name, f in self.families.items()}

    # lifecycle -------------------------------------------------------------------------------

    async def start(self) -> None:
        """Start polling (and renewing leases, adopting if asked); partial files of dead processes go."""
        if self._poller is None or self._poller.done():
            self.library.clean_incoming()
            self._poller = asyncio.create_task(self._poll_loop(), name="task-engine-poller")
            self._watcher = asyncio.create_task(self._watch_loop(), name="task-engine-watcher")

    async def close(self) -> None:
        """Stop polling and downloading; open jobs keep their state, lose their lease, and resume next time."""
        tasks = [*self._background, *(t for t in [self._poller, self._watcher] if t is not None)]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._poller = self._watcher = None
        self._active.clear()
        with contextlib.suppress(sqlite3.Error):  # a locked or closed database: the leases simply expire
            self.db.execute(
                "UPDATE jobs SET lease_owner = NULL, lease_expires = NULL WHERE lease_owner = ?", (self.owner,)
            )
        for event in self._settled.values():
            event.set()

    async def __aenter__(self) -> TaskEngine:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener(update)` on every job change; returns the function that unsubscribes."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    # reading ---------------------------------------------------------------------------------

    def job(self, job_id: int) -> Job:
        row = self.db.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
        if row is None:
            raise KeyError(job_id)
        return self._job(row)

    def jobs(self, *, states: Iterable[JobState] | None = None, limit: int = 200) -> list[Job]:
        """Newest first."""
        wanted = [str(state) for state in states] if states is not None else None
        if wanted is None:
            rows = self.db.execute("SELECT * FROM jobs ORDER BY id DESC LIMIT ?", (limit,))
        else:
            marks = ", ".join("?" * len(wanted))
            rows = self.db.execute(
                f"SELECT * FROM jobs WHERE state IN ({marks}) ORDER BY id DESC LIMIT ?", (*wanted, limit)
            )
        return [self._job(row) for row in rows]

    def job_for_task(self, family: str, task_id: str, *, other_than: int | None = None) -> Job | None:
        """The newest job (other than job `other_than`) that follows this task of the service."""
        row = self.db.execute(
            "SELECT * FROM jobs WHERE family = ? AND task_id = ? AND id IS NOT ? ORDER BY id DESC LIMIT 1",
            (family, task_id, other_than),
        ).fetchone()
        return self._job(row) if row is not None else None

    def assets_of(self, job_id: int) -> list[Asset]:
        return [self.library.get(asset_id) for asset_id in self._asset_ids(job_id)]

    def error_of(self, job_id: int) -> ApiError | None:
        """The typed error that ended a job in this session, if one did."""
        return self._errors.get(job_id)

    def is_active(self, job_id: int) -> bool:
        return job_id in self._active or job_id in self._submitting

    def _asset_ids(self, job_id: int) -> list[int]:
        rows = self.db.execute(
            "SELECT asset_id FROM job_results WHERE job_id = ? AND asset_id IS NOT NULL ORDER BY rowid", (job_id,)
        )
        return [int(row[0]) for row in rows]

    def _job(self, row: sqlite3.Row) -> Job:
        raw = row["raw"]
        sentences = load_sentences(row["message"])
        return Job(
            id=row["id"],
            family=row["family"],
            kind=row["kind"],
            title=row["title"],
            parameters=json.loads(row["parameters"] or "{}"),
            state=_state(row["state"]),
            task_id=row["task_id"],
            remote_status=row["remote_status"],
            progress=row["progress"],
            message=english(sentences) or None,
            sentences=sentences,
            raw=json.loads(raw) if raw else None,
            retry_of=row["retry_of"],
            created=row["created"],
            updated=row["updated"],
            submitted_at=row["submitted_at"],
            finished_at=row["finished_at"],
            asset_ids=self._asset_ids(row["id"]),
        )

    # submitting ------------------------------------------------------------------------------

    def family(self, name: str) -> Family:
        found = self.families.get(name)
        if found is None:
            raise JobRequestError(
                Sentence.of(
                    QT_TRANSLATE_NOOP("ApiMessages", "Unknown task family '{name}' (known: {known})."),
                    name=name,
                    known=", ".join(self.families),
                )
            )
        return found

    def validate(self, family: str, kind: str, parameters: dict[str, Any]) -> None:
        """Raise JobRequestError (one sentence) if the request cannot be sent; sends nothing."""
        self.family(family).validate(kind, parameters)

    async def submit(
        self,
        family: str,
        kind: str,
        parameters: dict[str, Any],
        *,
        title: str | None = None,
        retry_of: int | None = None,
    ) -> Job:
        """Record the job, send the (paid) submit once, store the task id, start following it.

        One task, one job: a request that answers a task waiting for input (Midjourney's modal) continues
        the job that waits, and a reply naming a task another job follows returns that job (the new row
        is closed as cancelled). Raises JobRequestError before anything is written for a request that
        cannot be sent, and the ApiError of a refused or failed submit after recording it. If the
        database stays locked after the reply, the task id goes to the journal file and DatabaseBusyError
        says so.
        """
        job_id = self.record(family, kind, parameters, title=title, retry_of=retry_of)
        return await self.send(job_id)

    def submit_soon(
        self,
        family: str,
        kind: str,
        parameters: dict[str, Any],
        *,
        title: str | None = None,
        retry_of: int | None = None,
    ) -> int:
        """Record the job and return its id at once; the submit is sent in the background.

        Raises JobRequestError (nothing written) for a request that cannot be sent; how the submit went
        arrives as job updates, like everything else about the job.
        """
        job_id = self.record(family, kind, parameters, title=title, retry_of=retry_of)
        self._spawn(self._send_quietly(job_id))
        return job_id

    async def _send_quietly(self, job_id: int) -> None:
        with contextlib.suppress(ApiError, JobRequestError):  # recorded on the job row, which shows it
            await self.send(job_id)

    def record(
        self,
        family: str,
        kind: str,
        parameters: dict[str, Any],
        *,
        title: str | None = None,
        retry_of: int | None = None,
    ) -> int:
        """Write the job row (`submitting`) before anything is sent; returns its id. See `send`."""
        handler = self.family(family)
        handler.validate(kind, parameters)
        now = time.time()
        waiting = self._job_waiting_for(handler, kind, parameters)
        try:
            if waiting is not None:
                # One task, one job: an answer to a task waiting for input (Midjourney's modal) continues that job.
                job_id = waiting.id
                self._sending.discard(job_id)  # its first submit is long done; this is the answer's own
                self._write(
                    job_id,
                    force=True,
                    state=JobState.SUBMITTING,
                    parameters=parameters_json({**waiting.parameters, "answer": {"kind": kind, **parameters}}),
                    message=None,
                    finished_at=None,
                    lease_owner=self.owner,
                    lease_expires=now + self.lease_seconds,
                )
            else:
                job_id = self._insert_job(handler, kind, parameters, title, retry_of, now)
        except sqlite3.OperationalError as exc:
            # Nothing has left yet; sqlite's busy timeout already waited for the other program.
            raise DatabaseBusyError(
                QT_TRANSLATE_NOOP(
                    "ApiMessages",
                    "The studio's database stayed locked by another program, so the request was not sent (nothing was "
                    "charged).",
                ),
                details=str(exc),
            ) from exc
        self._outgoing[job_id] = _Outgoing(kind, parameters, answers=waiting is not None)
        self._submitting.add(job_id)
        self._notify(job_id)
        return job_id

    def _insert_job(
        self,
        handler: Family,
        kind: str,
        parameters: dict[str, Any],
        title: str | None,
        retry_of: int | None,
        now: float,
    ) -> int:
        retry_note = (
            _stored_note(note(QT_TRANSLATE_NOOP(
                "ApiMessages",
                "New paid request: a retry of job {job}.",
            ), job=retry_of))
            if retry_of is not None
            else None
        )
        title = title or handler.title(kind, parameters, self._parent_job(handler, kind, parameters))
        with transaction(self.db):
            cursor = self.db.execute(
                "INSERT INTO jobs(family, kind, title, parameters, state, message, retry_of, created, updated,"
                " lease_owner, lease_expires) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    handler.name,
                    kind,
                    redact(title, self._secret),
                    parameters_json(parameters),
                    JobState.SUBMITTING,
                    retry_note,
                    retry_of,
                    now,
                    now,
                    self.owner,
                    now + self.lease_seconds,
                ),
            )
        return int(cursor.lastrowid or 0)

    async def send(self, job_id: int) -> Job:
        """Send a recorded job's (paid) submit once, store the task id and start following it."""
        job = self.job(job_id)
        if job_id not in self._submitting or job_id in self._sending or job.state is not JobState.SUBMITTING:
            # Only a job this engine recorded and has not sent yet: a paid submit never leaves twice.
            raise JobRequestError(
                Sentence.of(
                    QT_TRANSLATE_NOOP("ApiMessages", "Job {job} was sent already; it is never sent twice."), job=job_id
                )
            )
        self._sending.add(job_id)
        handler = self.family(job.family)
        outgoing = self._outgoing.pop(job_id, None) or _Outgoing(job.kind, job.parameters)
        try:
            submitted = await handler.submit(self.api, outgoing.kind, outgoing.parameters)
        except ApiError as error:
            unreadable = isinstance(error, UnreadableReplyError)
            uncertain = unreadable or (isinstance(error, NetworkError) and error.request_sent)
            self._errors[job_id] = error
            self._submitting.discard(job_id)
            tail = SUBMIT_UNREADABLE if unreadable else SUBMIT_UNCERTAIN if uncertain else None
            if tail is not None:  # whoever shows the error also says it was not sent again
                error.sentences = (*error.sentences, tail)
                error.user_message = english(error.sentences)
                error.args = (error.user_message,)
            self._finish(
                job_id,
                # A refused answer leaves the task waiting as before: the user can answer again.
                JobState.NEEDS_ATTENTION if uncertain or outgoing.answers else JobState.FAILED,
                error.sentences,
            )
            raise
        except (OSError, ValueError) as exc:  # an input file vanished or changed since it was checked
            self._submitting.discard(job_id)
            self._finish(
                job_id,
                JobState.FAILED,
                note(QT_TRANSLATE_NOOP("ApiMessages", "The request could not be prepared: {error}"), error=exc),
            )
            raise JobRequestError(
                Sentence.of(QT_TRANSLATE_NOOP("ApiMessages", "The request could not be prepared: {error}"), error=exc)
            ) from exc
        except Exception as exc:  # after the request may have left: its fate is unknown
            log.exception("Submitting job %s failed unexpectedly", job_id)
            self._submitting.discard(job_id)
            interrupted = note(
                QT_TRANSLATE_NOOP("ApiMessages", "The request was interrupted ({reason})."), reason=repr(exc)
            )
            self._finish(job_id, JobState.NEEDS_ATTENTION, (interrupted, SUBMIT_UNCERTAIN))
            raise
        except BaseException:
            self._submitting.discard(job_id)  # left `submitting`: the next start flags it
            raise
        self._submitting.discard(job_id)
        await self._record_task_id(job_id, submitted.task_id, submitted.raw)
        self._notify(job_id)
        if job_id in self._cancel_requested:
            self._cancel_requested.discard(job_id)
            self._finish(
                job_id,
                JobState.CANCELLED,
                note(QT_TRANSLATE_NOOP("ApiMessages", "Cancelled right after it was accepted; nothing is followed.")),
            )
            return self.job(job_id)
        twin = self.job_for_task(job.family, submitted.task_id, other_than=job_id) if submitted.task_id else None
        if twin is not None and not outgoing.answers:
            # Midjourney's code 21: the same button again names the task it already made. One task, one job.
            self._finish(
                job_id,
                JobState.CANCELLED,
                note(
                    QT_TRANSLATE_NOOP("ApiMessages", "The service answered with the task job {job} follows."),
                    job=twin.id,
                ),
            )
            return twin
        job = self.job(job_id)  # the kind and parameters it is followed with (an answer keeps the job's own)
        tracked = self._track(job_id, handler, job.kind, job.parameters, submitted.task_id)
        if submitted.immediate is not None:
            self._apply(tracked, submitted.immediate)
        else:
            self._schedule(tracked, self.timing.first)
        return self.job(job_id)

    def _parent_job(self, handler: Family, kind: str, parameters: dict[str, Any]) -> Job | None:
        """The job whose task this request works on (a grid a button belongs to), if it is here."""
        task_id = handler.parent_task_id(kind, parameters)
        return self.job_for_task(handler.name, task_id) if task_id else None

    def _job_waiting_for(self, handler: Family, kind: str, parameters: dict[str, Any]) -> Job | None:
        """The job whose task waits for the input this request sends, if it is here and waiting."""
        task_id = handler.answered_task(kind, parameters)
        job = self.job_for_task(handler.name, task_id) if task_id else None
        if job is None or job.state is not JobState.NEEDS_ATTENTION or self.is_active(job.id):
            return None
        return job
    async def _record_task_id(self, job_id: int, task_id: str | None, raw: Any) -> None:
        """Store what a paid submit returned, whatever holds the database: retried for `lock_patience`,
        then written to the journal file (replayed by the next engine that can write)."""
        fields = {"state": JobState.SUBMITTED, "task_id": task_id, "raw": raw, "submitted_at": time.time()}
        try:
            await self._patiently(lambda: self._write(job_id, **fields))
            return
        except sqlite3.OperationalError as exc:
            cause = exc
        journal = self._journal_file()
        entry = {
            "job_id": job_id,
            "task_id": task_id,
            "raw": redact_json(raw, self._secret),
            "submitted_at": fields["submitted_at"],
        }
        where = {"job": job_id, "task": task_id or "(none)", "journal": journal}
        kept = Sentence.of(
            QT_TRANSLATE_NOOP(
                "ApiMessages",
                "The studio's database stayed locked by another program, so job {job}'s task id {task} could not be "
                "stored there, and there is no journal file beside it: note the task id down.",
            ),
            **where,
        )
        if journal is not None:
            try:
                with open(journal, "a", encoding="utf-8") as sink:
                    sink.write(json.dumps(entry, ensure_ascii=False) + "\n")
                    sink.flush()
                    os.fsync(sink.fileno())
                kept = Sentence.of(
                    QT_TRANSLATE_NOOP(
                        "ApiMessages",
                        "The studio's database stayed locked by another program, so job {job}'s task id {task} could "
                        "not be stored there; it was written to {journal} and is stored the next time the studio can "
                        "write.",
                    ),
                    **where,
                )
            except OSError as exc:
                kept = Sentence.of(
                    QT_TRANSLATE_NOOP(
                        "ApiMessages",
                        "The studio's database stayed locked by another program, so job {job}'s task id {task} could "
                        "not be stored there; it could not be written to {journal} either ({error}): note it down.",
                    ),
                    error=exc.strerror,
                    **where,
                )
        raise DatabaseBusyError(kept, details=str(cause)) from cause

    async def _patiently(self, write: Callable[[], Any]) -> Any:
        """Run a database write, again and again while another program holds the database locked."""
        deadline = time.monotonic() + self.lock_patience
        while True:
            try:
                return write()
            except sqlite3.OperationalError as exc:
                if getattr(exc, "sqlite_errorname", "") not in ("SQLITE_BUSY", "SQLITE_LOCKED"):
                    raise
                if time.monotonic() >= deadline:
                    raise
                log.warning("The database is locked; trying the write again")
                await asyncio.sleep(0.2)

    def _journal_file(self) -> Path | None:
        path = database_file(self.db)
        return path.with_name(path.stem + TASK_ID_JOURNAL_SUFFIX) if path is not None else None

    def replay_task_id_journal(self) -> list[int]:
        """Store the task ids a locked database could not take earlier; returns the jobs they belong to."""
        journal = self._journal_file()
        if journal is None or not journal.exists():
            return []
        replayed = []
        try:
            lines = journal.read_text("utf-8").splitlines()
            with transaction(self.db):
                for line in lines:
                    with contextlib.suppress(ValueError, KeyError, TypeError):
                        entry = json.loads(line)
                        self.db.execute(
                            "UPDATE jobs SET state = ?, task_id = ?, raw = ?, submitted_at = ?, updated = ?,"
                            " message = NULL, lease_owner = NULL, lease_expires = NULL"
                            " WHERE id = ? AND state IN (?, ?)",
                            (
                                JobState.SUBMITTED,
                                entry["task_id"],
                                json.dumps(entry.get("raw"), ensure_ascii=False),
                                entry.get("submitted_at"),
                                time.time(),
                                int(entry["job_id"]),
                                JobState.SUBMITTING,
                                JobState.NEEDS_ATTENTION,
                            ),
                        )
                        replayed.append(int(entry["job_id"]))
            journal.unlink()
        except (OSError, sqlite3.OperationalError) as exc:  # still locked, or the folder is read-only
            log.warning("The task id journal %s could not be replayed yet: %s", journal, exc)
            return []
        return replayed

    def _track(
        self, job_id: int, handler: Family, kind: str, parameters: dict[str, Any], task_id: str | None
    ) -> _Tracked:
        tracked = _Tracked(job_id, handler, kind, parameters, task_id, interval=self.timing.fast)
        limit = self.deadline if self.deadline is not None else handler.deadline
        if limit is not None:
            tracked.deadline_at = asyncio.get_running_loop().time() + limit
        self._active[job_id] = tracked
        return tracked

    async def retry(self, job_id: int) -> Job:
        """Send the same request again as a NEW job (a new paid request), linked to the old one."""
        old = self.job(job_id)
        return await self.submit(old.family, old.kind, old.parameters, title=old.title, retry_of=old.id)

    def cancel(self, job_id: int) -> Job:
        """Stop following a job (whichever process follows it); results already saved stay in the library."""
        job = self.job(job_id)
        if job_id in self._submitting:
            self._cancel_requested.add(job_id)  # the reply still gets its task id recorded
            return job
        if job.state in CLOSED_STATES:
            return job
        tracked = self._active.pop(job_id, None)
        if tracked is not None:
            for download in tracked.downloads.values():
                download.cancel()
        kept = len(job.asset_ids)
        cancelled = (
            note(
                QT_TRANSLATE_NOOP("ApiMessages", "Cancelled; the {count} result(s) already saved are kept."), count=kept
            )
            if kept
            else note(QT_TRANSLATE_NOOP("ApiMessages", "Cancelled."))
        )
        self._finish(job_id, JobState.CANCELLED, cancelled, force=True)
        return self.job(job_id)

    async def resume_unfinished(self) -> list[int]:
        """Pick up every job that is not done, failed or cancelled and no live process follows; returns
        the ids followed again (needs_attention jobs included: this is the user asking)."""
        await self.start()
        self.replay_task_id_journal()
        placeholders = ", ".join("?" * len(CLOSED_STATES))
        rows = self.db.execute(
            f"SELECT * FROM jobs WHERE state NOT IN ({placeholders}) ORDER BY id", tuple(map(str, CLOSED_STATES))
        ).fetchall()
        return [job_id for row in rows if (job_id := self._take_over(row)) is not None]

    def _take_over(self, row: sqlite3.Row) -> int | None:
        """Claim a job no live engine holds and follow it; None if it is held, or has nothing to follow."""
        job_id = int(row["id"])
        if self.is_active(job_id) or not self._claim(row):
            return None
        job = self._job(row)
        if job.state is JobState.SUBMITTING:
            self._finish(job.id, JobState.NEEDS_ATTENTION, SUBMIT_INTERRUPTED)
            return None
        handler = self.families.get(job.family)
        immediate = handler.from_raw(job.kind, job.parameters, job.raw) if handler and handler.synchronous else None
        if handler is None or (not job.task_id and immediate is None):
            self._release(job.id)
            return None  # nothing to ask the service about (a submit whose fate is unknown)
        tracked = self._track(job.id, handler, job.kind, job.parameters, job.task_id)
        tracked.stored = {
            str(r["result_key"]): int(r["asset_id"])
            for r in self.db.execute(
                "SELECT result_key, asset_id FROM job_results WHERE job_id = ? AND asset_id IS NOT NULL", (job.id,)
            )
        }
        if immediate is not None:
            self._apply(tracked, immediate)
        else:
            self._schedule(tracked, 0.0)
        self._notify(job.id)
        return job.id

    # leases ----------------------------------------------------------------------------------

    def _claim(self, row: sqlite3.Row) -> bool:
        """Take the job's lease if it is free, expired, or its owner is a dead process on this machine."""
        owner, expires = row["lease_owner"], row["lease_expires"]
        if owner not in (None, self.owner) and (expires or 0) > time.time() and not _owner_is_gone(owner):
            return False
        cursor = self.db.execute(
            "UPDATE jobs SET lease_owner = ?, lease_expires = ? WHERE id = ? AND lease_owner IS ?",
            (self.owner, time.time() + self.lease_seconds, row["id"], owner),
        )
        return cursor.rowcount == 1

    def _release(self, job_id: int) -> None:
        self.db.execute(
            "UPDATE jobs SET lease_owner = NULL, lease_expires = NULL WHERE id = ? AND lease_owner = ?",
            (job_id, self.owner),
        )

    def _renew_leases(self) -> None:
        self.db.execute(
            "UPDATE jobs SET lease_expires = ? WHERE lease_owner = ?", (time.time() + self.lease_seconds, self.owner)
        )

    def _lost(self, job_id: int) -> None:
        """Another process took the job over (or closed it): stop following it here."""
        tracked = self._active.pop(job_id, None)
        if tracked is not None:
            for download in tracked.downloads.values():
                download.cancel()
        event = self._settled.pop(job_id, None)
        if event is not None:
            event.set()

    async def _watch_loop(self) -> None:
        """Renew this engine's leases; if adopting, take up abandoned jobs and publish others' changes."""
        renew_every = self.lease_seconds / 3
        last_renewal = 0.0
        while True:
            try:
                if time.monotonic() - last_renewal >= renew_every:
                    self._renew_leases()
                    last_renewal = time.monotonic()
                if self.adopt_others:
                    self.replay_task_id_journal()
                    self._publish_others_changes()
                    self._adopt_abandoned()
            except sqlite3.Error as exc:  # locked for a moment, or closing: the next round tries again
                log.warning("The task engine's watch round failed: %s", exc)
            await asyncio.sleep(min(renew_every, self.watch_seconds))

    def _publish_others_changes(self) -> None:
        """Tell the listeners about jobs other processes added or changed since the last look."""
        change = tuple(self.db.execute("SELECT max(id), max(updated) FROM jobs").fetchone())
        if self._seen_change is None or change == self._seen_change:
            self._seen_change = change
            return
        since = self._seen_change[1] or 0.0
        self._seen_change = change
        rows = self.db.execute(
            "SELECT id FROM jobs WHERE updated > ? AND (lease_owner IS NULL OR lease_owner != ?)", (since, self.owner)
        ).fetchall()
        for row in rows:
            if not self.is_active(int(row[0])):
                self._notify(int(row[0]))

    def _adopt_abandoned(self) -> None:
        marks = ", ".join("?" * len(FOLLOWED_STATES))
        rows = self.db.execute(
            f"SELECT * FROM jobs WHERE state IN ({marks}) AND (lease_owner IS NULL OR lease_owner != ?) ORDER BY id",
            (*FOLLOWED_STATES, self.owner),
        ).fetchall()
        for row in rows:
            if self._take_over(row) is not None:
                log.info("Adopted job %s from another process", row["id"])

    async def wait(self, job_id: int) -> Job:
        """Wait until the job is done, failed, cancelled or needs attention."""
        if self.is_active(job_id):
            event = self._settled.setdefault(job_id, asyncio.Event())
            await event.wait()
        return self.job(job_id)

    async def wait_all(self) -> list[Job]:
        ids = sorted(set(self._active) | self._submitting)
        return [await self.wait(job_id) for job_id in ids]

    # polling ---------------------------------------------------------------------------------

    def _schedule(self, tracked: _Tracked, delay: float) -> None:
        tracked.next_poll = asyncio.get_running_loop().time() + delay
        self._wake.set()

    async def _poll_loop(self) -> None:
        while True:
            try:
                await self._poll_due()
            except Exception:  # keep polling the other jobs whatever one round ran into
                log.exception("The task poller hit an error; it carries on")
                await asyncio.sleep(self.timing.fast)

    async def _poll_due(self) -> None:
        """Start the polls that are due (batched where the family allows), then sleep until the next."""
        loop = asyncio.get_running_loop()
        now = loop.time()
        for tracked in [t for t in self._active.values() if self._past_deadline(t, now)]:
            minutes = (self.deadline if self.deadline is not None else tracked.family.deadline or 0) / 60
            late = note(DEADLINE_NOTE, minutes=f"{minutes:g}", family=tracked.family.name)
            self._errors[tracked.job_id] = TaskTimeoutError(late)
            self._close(tracked, JobState.NEEDS_ATTENTION, late)
        due = [t for t in self._active.values() if not t.polling and t.next_poll is not None and t.next_poll <= now]
        for handler in {t.family for t in due}:
            mine = [t for t in due if t.family is handler]
            if handler.batch_size > 1:
                window = self.timing.batch_window if self.timing.batch_window is not None else self.timing.fast
                mine += [
                    t
                    for t in self._active.values()
                    if t.family is handler
                    and t not in mine
                    and not t.polling
                    and t.next_poll is not None
                    and t.next_poll <= now + window
                ]
                batches = [mine[i : i + handler.batch_size] for i in range(0, len(mine), handler.batch_size)]
            else:
                batches = [[t] for t in mine]
            for batch in batches:
                for tracked in batch:
                    tracked.polling = True
                self._spawn(self._poll_batch(handler, batch))
        waiting = [t.next_poll for t in self._active.values() if not t.polling and t.next_poll is not None]
        waiting += [t.deadline_at for t in self._active.values() if t.deadline_at is not None]
        self._wake.clear()
        timeout = max(0.0, min(waiting) - loop.time()) if waiting else None
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):  # not wait_for: in 3.11 it can swallow a cancel that races a wake
                await self._wake.wait()

    @staticmethod
    def _past_deadline(tracked: _Tracked, now: float) -> bool:
        """Out of time, and nothing in flight (a poll or download under way finishes first)."""
        return (
            tracked.deadline_at is not None
            and now >= tracked.deadline_at
            and not tracked.polling
            and not tracked.downloads
        )

    def _spawn(self, coroutine: Any) -> asyncio.Task[None]:
        """A background task the engine owns: `close()` cancels it."""
        task: asyncio.Task[None] = asyncio.create_task(coroutine)
        self._background.add(task)
        task.add_done_callback(self._background.discard)
        return task

    async def _poll_batch(self, handler: Family, batch: list[_Tracked]) -> None:
        try:
            async with self._family_slots.setdefault(handler.name, asyncio.Semaphore(handler.concurrency)):
                try:
                    outcome = await handler.poll(self.api, [t.target for t in batch])
                except ApiError as error:
                    outcome = {t.job_id: error for t in batch}
                except Exception as exc:  # a reply shape no parser foresaw must not stop the poller
                    log.exception("Polling %s failed", handler.name)
                    unreadable = ApiResponseError(
                        QT_TRANSLATE_NOOP("ApiMessages", "The service's task reply cannot be read."), details=repr(exc)
                    )
                    outcome = {t.job_id: unreadable for t in batch}
        finally:
            for tracked in batch:
                tracked.polling = False
        for tracked in batch:
            if self._active.get(tracked.job_id) is not tracked:
                continue  # cancelled while the request was out
            result = outcome.get(tracked.job_id) or ApiResponseError(
                QT_TRANSLATE_NOOP("ApiMessages", "The service did not report on this task.")
            )
            try:
                if isinstance(result, ApiError):
                    self._poll_failed(tracked, result)
                else:
                    self._apply(tracked, result)
            except sqlite3.OperationalError as exc:  # another program holds the database: ask again later
                log.warning("Job %s could not be updated (%s); polling it again shortly", tracked.job_id, exc)
                self._schedule(tracked, self.timing.jittered(self.timing.slow))
            except Exception as exc:  # a bug handling one job must not hang it, nor stop the others
                log.exception("Handling a poll of job %s failed", tracked.job_id)
                self._close(
                    tracked,
                    JobState.NEEDS_ATTENTION,
                    note(
                        QT_TRANSLATE_NOOP("ApiMessages", "The studio could not handle the service's reply ({reason})."),
                        reason=repr(exc),
                    ),
                )
        self._wake.set()

    def _poll_failed(self, tracked: _Tracked, error: ApiError) -> None:
        transient = isinstance(error, NetworkError | RateLimitError | ServerError)
        if transient:
            # The gateway or the network is struggling: back off exponentially, as long as it takes.
            tracked.errors += 1
            wait = min(self.timing.error_ceiling, self.timing.fast * 2 ** min(tracked.errors, 10))
            if isinstance(error, RateLimitError) and error.retry_after is not None:
                wait = max(wait, error.retry_after)
        else:
            # The service answers but refuses to report (unknown task, unreadable reply): a few more tries.
            tracked.refusals += 1
            if tracked.refusals >= self.timing.give_up_after:
                self._errors[tracked.job_id] = error
                self._close(
                    tracked,
                    JobState.NEEDS_ATTENTION,
                    note(
                        QT_TRANSLATE_NOOP("ApiMessages", "The service keeps failing to report on this task: {error}"),
                        error=_joined(error.sentences),
                    ),
                )
                return
            wait = min(self.timing.error_ceiling, self.timing.fast * tracked.refusals)
        tracked.showing_poll_error = True
        checking = note(
            QT_TRANSLATE_NOOP("ApiMessages", "Checking failed ({error}); trying again in {seconds} s."),
            error=_joined(error.sentences),
            seconds=f"{wait:.0f}",
        )
        self._write(tracked.job_id, message=checking)
        self._schedule(tracked, self.timing.jittered(wait))
        self._notify(tracked.job_id)

    def _apply(self, tracked: _Tracked, remote: RemoteStatus) -> None:
        """Take in what the service said: store it, start downloads, decide the state, plan the next poll."""
        remote = self._without_secret(remote)
        tracked.errors = tracked.refusals = 0
        tracked.remote = remote
        signature = (remote.status, remote.progress, tuple(s.key for s in remote.results if s.ready))
        changed = signature != tracked.signature
        tracked.signature = signature
        self._start_downloads(tracked)
        fields: dict[str, Any] = {"remote_status": remote.status, "raw": remote.raw}
        if remote.progress is not None:
            fields["progress"] = remote.progress
        current = self.job(tracked.job_id).state
        phase = remote.phase
        if phase == "queued":
            fields["state"] = JobState.QUEUED
        elif phase == "running":
            fields["state"] = JobState.RUNNING
        elif phase == "done":
            fields["progress"] = 100.0
            fields["state"] = JobState.DOWNLOADING if tracked.downloads else current
        elif phase == "unknown" and current is JobState.SUBMITTED:
            fields["state"] = JobState.QUEUED
        if tracked.showing_poll_error:
            tracked.showing_poll_error = False
            fields["message"] = None
        if phase == "queued" and remote.wait_seconds is not None:
            tracked.showing_wait = True
            fields["message"] = note(
                QT_TRANSLATE_NOOP("ApiMessages", "Queued; the service expects it to start in about {seconds} s."),
                seconds=f"{max(0.0, remote.wait_seconds):.0f}",
            )
        elif tracked.showing_wait:
            tracked.showing_wait = False
            fields["message"] = None
        self._write(tracked.job_id, **fields)
        if phase == "attention":
            waiting = remote.error or QT_TRANSLATE_NOOP("ApiMessages", "The service is waiting for input.")
            self._close(tracked, JobState.NEEDS_ATTENTION, waiting)
            return
        if phase in ("failed", "done"):
            tracked.next_poll = None
        else:
            tracked.interval = (
                self.timing.fast if changed else min(self.timing.slow, tracked.interval * self.timing.growth)
            )
            delay = self.timing.jittered(tracked.interval)
            eta = self._expected_finish(tracked, remote)
            if eta is not None:
                # Ask again just after the task should end, not up to a whole interval later.
                delay = min(delay, eta + self.timing.finish_margin)
            self._schedule(tracked, delay)
        self._settle(tracked)
        if tracked.job_id in self._active:
            self._notify(tracked.job_id)

    def _without_secret(self, remote: RemoteStatus) -> RemoteStatus:
        """What the service said, minus the API key (a careless relay may echo it): it is stored and shown."""
        if not self._secret or len(self._secret) < SECRET_MIN_CHARS:
            return remote
        key = self._secret
        remote.status = redact(remote.status, key)
        remote.error = redact(remote.error, key) if remote.error else remote.error
        remote.raw = redact_json(remote.raw, key)
        for spec in remote.results:
            for name in ("text", "title", "prompt", "model", "tags", "words", "error"):
                value = getattr(spec, name)
                if isinstance(value, str):
                    setattr(spec, name, redact(value, key))
            spec.extra = redact_json(spec.extra, key)
        return remote

    def _expected_finish(self, tracked: _Tracked, remote: RemoteStatus) -> float | None:
        """Seconds until the task should reach 100 %, from its progress rate so far (None if unknown)."""
        percent = remote.progress
        if remote.phase != "running" or percent is None or not 0 < percent < 100:
            return None
        now = asyncio.get_running_loop().time()
        if tracked.progress_seen is None:
            tracked.progress_seen = (now, percent)
            return None
        since, first = tracked.progress_seen
        if percent <= first or now <= since:
            return None
        return (100 - percent) * (now - since) / (percent - first)

    def _settle(self, tracked: _Tracked) -> None:
        """Close the job if nothing is left to wait for."""
        remote = tracked.remote
        if remote is None or tracked.downloads or tracked.job_id not in self._active:
            return
        if isinstance(tracked.download_error, LocalStorageError):
            self._close(tracked, JobState.NEEDS_ATTENTION, tracked.download_error.sentences)
            return
        if tracked.download_error is not None:
            self._close(tracked, JobState.FAILED, tracked.download_error.sentences)
            return
        if remote.phase == "failed":
            self._errors.setdefault(
                tracked.job_id, _task_failed(remote.error or "no reason given", tracked.family.name)
            )
            if tracked.stored:
                failed = note(
                    QT_TRANSLATE_NOOP(
                        "ApiMessages", "The task failed: {reason} ({count} result(s) saved before it failed are kept.)"
                    ),
                    reason=remote.error,
                    count=len(tracked.stored),
                )
            else:
                failed = note(QT_TRANSLATE_NOOP("ApiMessages", "The task failed: {reason}"), reason=remote.error)
            self._close(tracked, JobState.FAILED, failed)
            return
        if remote.phase != "done":
            return
        wanted = [spec for spec in remote.results if spec.error is None]
        broken = [spec for spec in remote.results if spec.error is not None]
        if tracked.family.synchronous:
            broken += [spec for spec in wanted if not spec.ready]
            wanted = [spec for spec in wanted if spec.ready]
        if wanted and all(spec.key in tracked.stored for spec in wanted):
            partly = None
            if broken:
                partly = note(
                    QT_TRANSLATE_NOOP("ApiMessages", "{count} of {total} results failed on the service: {reason}"),
                    count=len(broken),
                    total=len(remote.results),
                    reason=broken[0].error,
                )
            self._close(tracked, JobState.DONE, partly)
            return
        if not wanted and broken:
            self._errors.setdefault(tracked.job_id, _task_failed(str(broken[0].error), tracked.family.name))
            self._close(
                tracked,
                JobState.FAILED,
                note(QT_TRANSLATE_NOOP("ApiMessages", "The task failed: {reason}"), reason=broken[0].error),
            )
            return
        if any(not spec.ready for spec in wanted) or not wanted:
            tracked.empty_polls += 1
            if tracked.empty_polls > self.timing.empty_success_polls or tracked.family.synchronous:
                self._close(
                    tracked,
                    JobState.FAILED,
                    note(QT_TRANSLATE_NOOP("ApiMessages", "The service reported success but sent no result to save.")),
                )
                return
            self._schedule(tracked, self.timing.jittered(self.timing.fast))

    # downloading -----------------------------------------------------------------------------

    def _start_downloads(self, tracked: _Tracked) -> None:
        """Download every ready result not stored yet; one that derives from another result of the job
        (a cover from its song) waits until that one is stored, so it can be linked to it."""
        remote = tracked.remote
        if remote is None or self._active.get(tracked.job_id) is not tracked:
            return
        for spec in remote.results:
            waits_for = spec.parent.result_key if spec.parent is not None else None
            if (
                spec.ready
                and spec.key not in tracked.stored
                and spec.key not in tracked.downloads
                and (waits_for is None or waits_for in tracked.stored)
            ):
                tracked.downloads[spec.key] = self._spawn(self._store_result(tracked, spec))

    async def _store_result(self, tracked: _Tracked, spec: ResultSpec) -> None:
        keep_going = True
        self._download_began()
        downloading = True  # counted among the downloads until its file is in the library
        try:
            async with self._download_slots:
                if self._stored_elsewhere(tracked, spec):
                    return
                if tracked.remote is not None and tracked.remote.phase == "done":
                    self._write(tracked.job_id, state=JobState.DOWNLOADING)
                    self._notify(tracked.job_id)
                asset = await self._save(tracked, spec)
            self._download_ended()
            downloading = False
            asset_id = self._link_result(tracked, spec, asset.id)
            tracked.stored[spec.key] = asset_id
            # Results that wait for this one (a cover for its song) start now, not behind the thumbnail queue:
            # behind it, 600 results at once had the last covers wait seconds for 200 waveforms.
            self._start_downloads(tracked)
            # Thumbnails (a waveform, a video frame) are drawn one at a time, after the file is in the library
            # and outside the download slot; views hear of the result once it has one. Drawn in parallel,
            # they held the GIL and both cores from the downloads: 600 results at once took 7 s, not 2.5 s.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._downloads_quiet.wait(), THUMBNAIL_PATIENCE_SECONDS)
            async with self._thumbnail_slot:
                await self.library.thumbnail(asset)
            self._notify(tracked.job_id, new_asset_id=asset_id)
        except asyncio.CancelledError:
            keep_going = False
            raise
        except ApiError as error:
            tracked.download_error = tracked.download_error or error
            self._errors[tracked.job_id] = error
        except (OSError, sqlite3.Error) as exc:  # the library folder or database refused the file: keep the job
            saved = ResultNotSavedError(note(UNSAVED_NOTE, reason=_reason(exc)), details=f"{type(exc).__name__}: {exc}")
            tracked.download_error = tracked.download_error or saved
            self._errors[tracked.job_id] = saved
        except Exception as exc:  # a bug while saving must fail the job, not hang it
            log.exception("Saving a result of job %s failed", tracked.job_id)
            tracked.download_error = tracked.download_error or ApiResponseError(
                QT_TRANSLATE_NOOP("ApiMessages", "The result could not be saved in the library."), details=repr(exc)
            )
        finally:
            if downloading:
                self._download_ended()
            tracked.downloads.pop(spec.key, None)
            if keep_going and self._active.get(tracked.job_id) is tracked:
                self._settle(tracked)
                if tracked.job_id in self._active:
                    self._notify(tracked.job_id)

    def _download_began(self) -> None:
        self._downloading += 1
        self._downloads_quiet.clear()

    def _download_ended(self) -> None:
        self._downloading -= 1
        if self._downloading == 0:
            self._downloads_quiet.set()

    def _stored_elsewhere(self, tracked: _Tracked, spec: ResultSpec) -> bool:
        """True when this result is already in the library (stored by an earlier owner of the job)."""
        row = self.db.execute(
            "SELECT asset_id FROM job_results WHERE job_id = ? AND result_key = ? AND asset_id IS NOT NULL",
            (tracked.job_id, spec.key),
        ).fetchone()
        if row is not None:
            tracked.stored[spec.key] = int(row[0])
        return row is not None

    def _link_result(self, tracked: _Tracked, spec: ResultSpec, asset_id: int) -> int:
        """Record the result for the job once: if another process stored it meanwhile, drop this copy's row."""
        with transaction(self.db):
            cursor = self.db.execute(
                "INSERT OR IGNORE INTO job_results(job_id, result_key, asset_id) VALUES (?, ?, ?)",
                (tracked.job_id, spec.key, asset_id),
            )
            if cursor.rowcount == 1:
                return asset_id
            self.db.execute("DELETE FROM assets WHERE id = ?", (asset_id,))
            row = self.db.execute(
                "SELECT asset_id FROM job_results WHERE job_id = ? AND result_key = ?", (tracked.job_id, spec.key)
            ).fetchone()
        return int(row[0]) if row is not None and row[0] is not None else asset_id

    async def _save(self, tracked: _Tracked, spec: ResultSpec) -> Asset:
        fields: dict[str, Any] = {
            "title": spec.title,
            "prompt": spec.prompt,
            "model": spec.model,
            "family": tracked.family.name,
            "parameters": {"job_id": tracked.job_id, "job_kind": tracked.kind, **spec.extra},
            "task_id": tracked.task_id,
            "remote_id": spec.remote_id,
            "parent_id": self._parent_id(tracked, spec.parent),
            "tags": spec.tags,
        }
        if spec.kind == "text":
            return await self.library.add_text(spec.text or "", **fields)
        fields["text"] = spec.words
        fields["duration"] = spec.duration

        def progress(done: int, total: int | None) -> None:
            now = time.monotonic()
            if now - tracked.last_progress_note >= 0.25 or (total is not None and done >= total):
                tracked.last_progress_note = now
                self._notify(tracked.job_id, downloaded=done, download_total=total)

        url = spec.url or ""
        fields["source_url"] = redact(url, self._secret)
        try:
            stored = await self.library.download(self.api.client, url, expect=spec.kind, progress=progress)
        except MediaExpiredError:
            fresh = await tracked.family.fresh_url(self.api, tracked.target, spec)
            if not fresh:
                raise
            fields["source_url"] = redact(fresh, self._secret)
            stored = await self.library.download(self.api.client, fresh, expect=spec.kind, progress=progress)
        return self.library.add(stored, **fields)

    def _parent_id(self, tracked: _Tracked, parent: ParentRef | None) -> int | None:
        if parent is None:
            return None
        if parent.result_key:
            return tracked.stored.get(parent.result_key)
        if parent.task_id:
            found = self.library.find_by_task(parent.family, parent.task_id)
            if found:
                return found[0].id
        if parent.remote_id:
            asset = self.library.find_by_remote(parent.family, parent.remote_id)
            if asset is not None:
                return asset.id
        return None

    # state changes ---------------------------------------------------------------------------

    def _write(self, job_id: int, *, force: bool = False, **values: Any) -> bool:
        """Update the job's row, only while this engine holds its lease (`force`: a user's action, always).

        Returns False, and stops following the job here, when another process has taken it over.
        """
        if "message" in values:
            values["message"] = _stored_note(values["message"])
        if "raw" in values:
            values["raw"] = json.dumps(values["raw"], ensure_ascii=False) if values["raw"] is not None else None
        values = {name: redact(v, self._secret) if isinstance(v, str) else v for name, v in values.items()}
        values["updated"] = time.time()
        columns = ", ".join(f"{name} = ?" for name in values)
        condition = "" if force else " AND lease_owner = ?"
        arguments = (*values.values(), job_id) if force else (*values.values(), job_id, self.owner)
        with transaction(self.db):
            cursor = self.db.execute(f"UPDATE jobs SET {columns} WHERE id = ?{condition}", arguments)
        if cursor.rowcount == 0 and not force:
            log.info("Job %s is followed by another process now; this one lets it go", job_id)
            self._lost(job_id)
            return False
        return True

    def _close(self, tracked: _Tracked, state: JobState, message: Note) -> None:
        self._active.pop(tracked.job_id, None)
        for download in tracked.downloads.values():
            download.cancel()
        self._finish(tracked.job_id, state, message)

    def _finish(self, job_id: int, state: JobState, message: Note, *, force: bool = False) -> None:
        self._write(
            job_id,
            force=force,
            state=state,
            message=message,
            finished_at=time.time(),
            lease_owner=None,
            lease_expires=None,
        )
        event = self._settled.pop(job_id, None)
        if event is not None:
            event.set()
        self._notify(job_id)

    def _notify(self, job_id: int, **transient: Any) -> None:
        if not self._listeners:
            return
        job = self.job(job_id)
        update = JobUpdate(
            job_id=job.id,
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
            **transient,
        )
        for listener in list(self._listeners):
            try:
                listener(update)
            except Exception:  # one broken view must not stop the engine or the other views
                log.exception("A job listener failed")


def _owner_is_gone(owner: str) -> bool:
    """True when a lease's owner was a process on this machine that no longer runs (killed or crashed)."""
    host, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit() or os.name != "posix":
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False  # another engine of this very process: it lets go when it closes
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, another user's
    return False


def _reason(exc: BaseException) -> str:
    """A few words for why a file or database write failed."""
    if isinstance(exc, OSError):
        where = f": {exc.filename}" if exc.filename else ""
        return f"{exc.strerror or exc}{where}"
    return str(exc)


def _task_failed(reason: str, family: str) -> ApiError:
    from ..api.errors import TaskFailedError

    return TaskFailedError(
        note(QT_TRANSLATE_NOOP("ApiMessages", "The {family} task failed: {reason}"), family=family, reason=reason),
        server_message=reason,
    )


def _joined(sentences: tuple[Sentence, ...]) -> Sentence:
    """Several sentences as one part of another sentence."""
    if len(sentences) == 1:
        return sentences[0]
    return Sentence.of("{first} {rest}", first=sentences[0], rest=_joined(sentences[1:])) if sentences else Sentence("")


def _stored_note(message: Note | str) -> str | None:
    if message is None:
        return None
    if isinstance(message, str):
        return dump_sentences([Sentence(message)])
    return dump_sentences([message] if isinstance(message, Sentence) else message)
