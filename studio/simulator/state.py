"""Everything one simulator instance remembers, shared by its routes and readable from tests."""

from __future__ import annotations

import time
from collections.abc import Callable

from studio.simulator.billing import Ledger
from studio.simulator.config import SimulatorConfig
from studio.simulator.errors import ErrorShapes
from studio.simulator.faults import FaultQueue
from studio.simulator.journal import RequestJournal, UploadArchive
from studio.simulator.media import MediaStore
from studio.simulator.models import ModelCatalogue
from studio.simulator.responses import ResponseStore
from studio.simulator.tasks import TaskRegistry

DEFAULT_BASE_URL = "http://127.0.0.1"


class SimulatorState:
    def __init__(self, config: SimulatorConfig | None = None) -> None:
        self.config = config or SimulatorConfig()
        # Tests replace `now` to move media expiry and task progress without sleeping.
        self.now: Callable[[], float] = time.time
        self.clock_offset_s = 0.0  # moved by POST /_sim/clock, for tests that run the simulator elsewhere
        self.base_url = DEFAULT_BASE_URL
        self.journal = RequestJournal(self.config.journal_limit)
        self.uploads = UploadArchive()
        self.faults = FaultQueue()
        self.media = MediaStore(self.clock, self.config.url_ttl_s, lambda: self.base_url)
        self.tasks = TaskRegistry(self.clock)
        self.responses = ResponseStore()
        self.ledger = Ledger(self.config.balance_usd)
        self.catalogue = ModelCatalogue()
        self.error_shapes = ErrorShapes()

    def clock(self) -> float:
        """The simulator's idea of the current time: media expiry and task progress follow it."""
        return self.now() + self.clock_offset_s

    def reset(self) -> None:
        """Forget queued faults, the journal and its uploads; stored responses, media and tasks stay."""
        self.faults.clear()
        self.journal.clear()
        self.uploads.clear()
