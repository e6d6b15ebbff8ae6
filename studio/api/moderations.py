"""Moderation (POST /v1/moderations): per-category flags and scores for each input."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from .client import UniApiClient
from .lenient import Lenient, StrId, parse

MODERATIONS_PATH = "/v1/moderations"


class ModerationVerdict(Lenient):
    flagged: bool = False
    categories: dict[str, bool | None] = Field(default_factory=dict)
    category_scores: dict[str, float | None] = Field(default_factory=dict)
    category_applied_input_types: dict[str, list[str]] | None = None

    @property
    def flagged_categories(self) -> list[str]:
        return [name for name, hit in self.categories.items() if hit]


class ModerationResult(Lenient):
    id: StrId = ""
    model: str = ""
    results: list[ModerationVerdict] = Field(default_factory=list)


class ModerationsApi:
    def __init__(self, client: UniApiClient) -> None:
        self._client = client

    async def create(
        self, inputs: str | list[Any], *, model: str = "omni-moderation-latest"
    ) -> ModerationResult:
        body = await self._client.post_json(MODERATIONS_PATH, {"model": model, "input": inputs})
        return parse(ModerationResult, body, "moderation")
