"""Audio jobs for the widgets: transcriptions per queued file (progress, cancel) and speech, as signals."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from ..api.audio import TranscriptionRequest
from ..api.errors import ApiError
from ..api.gateway import UniApi
from ..core.audio import AudioInputError, inspect_audio, speak, transcribe_file
from .async_tasks import load_api, spawn


class AudioBridge(QObject):
    """Each job has an id; the view listens to these signals only."""

    progress = Signal(int, int, int)  # job id, bytes sent, bytes in all
    textArrived = Signal(int, str)  # job id, streamed text piece
    finished = Signal(int, object)  # job id, Transcript
    failed = Signal(int, str)  # job id, message (input error, API error, or "cancelled")
    inspected = Signal(int, object)  # job id, AudioFile (samples for the waveform)
    spoken = Signal(str)  # path of the written speech file
    speechFailed = Signal(str)

    def __init__(self, api: Callable[[], UniApi], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._api = api
        self._tasks: dict[int, asyncio.Task[Any]] = {}
        self._speech: asyncio.Task[Any] | None = None

    def busy(self, job_id: int | None = None) -> bool:
        if job_id is None:
            return any(not task.done() for task in self._tasks.values())
        task = self._tasks.get(job_id)
        return task is not None and not task.done()

    def transcribe(self, job_id: int, path: Path, request: TranscriptionRequest, translate: bool) -> None:
        self._tasks[job_id] = spawn(self._transcribe(job_id, path, request, translate))

    def cancel(self, job_id: int) -> None:
        task = self._tasks.get(job_id)
        if task is not None and not task.done():
            task.cancel()

    def stop(self) -> None:
        for job_id in list(self._tasks):
            self.cancel(job_id)
        if self._speech is not None:
            self._speech.cancel()

    async def _transcribe(self, job_id: int, path: Path, request: TranscriptionRequest, translate: bool) -> None:
        try:
            problem = request.problem(translate=translate)
            if problem:
                raise AudioInputError(problem)
            audio = await asyncio.to_thread(inspect_audio, path)
            self.inspected.emit(job_id, audio)
            await load_api()
            transcript = await transcribe_file(
                self._api(),
                path,
                request,
                translate=translate,
                audio=audio,
                progress=lambda sent, total: self.progress.emit(job_id, sent, total),
                on_text=lambda text: self.textArrived.emit(job_id, text),
            )
        except asyncio.CancelledError:
            self.failed.emit(job_id, "cancelled")
            return
        except AudioInputError as error:
            self.failed.emit(job_id, str(error))
            return
        except ApiError as error:
            self.failed.emit(job_id, error.user_message)
            return
        self.finished.emit(job_id, transcript)

    def speak(self, text: str, target: Path, **options: Any) -> None:
        self._speech = spawn(self._speak(text, target, options))

    async def _speak(self, text: str, target: Path, options: dict[str, Any]) -> None:
        try:
            await load_api()
            await speak(self._api(), text, target, **options)
        except asyncio.CancelledError:
            return
        except AudioInputError as error:
            self.speechFailed.emit(str(error))
            return
        except ApiError as error:
            self.speechFailed.emit(error.user_message)
            return
        self.spoken.emit(str(target))
