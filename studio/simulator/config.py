"""The knobs of one simulator instance."""

from __future__ import annotations

from dataclasses import dataclass

UNLIMITED_BALANCE = -1.0


@dataclass
class SimulatorConfig:
    """How the simulated gateway behaves; every field has a demo-friendly default."""

    key: str | None = None  # None accepts any key
    latency_ms: int = 0  # added before the first byte of every reply
    token_rate: float = 50.0  # streamed tokens per second, 0 = as fast as possible
    url_ttl_s: float = 3600.0  # lifetime of media URLs
    task_seconds: float = 8.0  # how long a simulated async task runs (later families)
    retry_after_s: int = 1  # Retry-After on injected 429
    balance_usd: float = 25.0  # -1 = unlimited
    suno_fetch_paths: str = "both"  # "both", "relay" (/suno/fetch…) or "seed" (/suno/submit/fetch…)
    suno_submit_reply: str = "task-id"  # "task-id" ({code, data: "<id>"}) or "clip" (the seed's clip object)
    mj_concurrency: int = 3  # Midjourney tasks running at once; more are queued (submit code 22)
    mj_queue_size: int = 10  # Midjourney tasks waiting at most; more are refused (submit code 23)
    custom_video_numeric_ids: bool = True  # Veo ids as digits (a JSON number in the submit reply)
    custom_video_replies: str = "seed"  # "seed" ({id, status, output}) or "relay" ({code, data: {task_id, state}})
    audio_seconds_per_minute: float = 0.0  # transcription processing time per minute of audio
    journal_limit: int = 500  # requests the journal keeps (oldest dropped first)

    @property
    def unlimited_balance(self) -> bool:
        return self.balance_usd == UNLIMITED_BALANCE
