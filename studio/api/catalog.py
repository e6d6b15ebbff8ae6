"""The gateway's model catalogue (GET /v1/models)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from .client import UniApiClient
from .lenient import Lenient, StrId, parse

MODELS_PATH = "/v1/models"


class ModelInfo(Lenient):
    id: StrId
    object: str = "model"
    created: int | None = None
    owned_by: str | None = None
    supported_endpoint_types: list[str] | None = None


class ModelList(Lenient):
    data: list[ModelInfo] = Field(default_factory=list)

    @property
    def ids(self) -> list[str]:
        return [model.id for model in self.data]


def model_list_from(body: Any) -> ModelList:
    # OpenAI sends {"data": [...]}; a few relays send the bare list.
    if isinstance(body, list):
        body = {"data": body}
    return parse(ModelList, body, "model list")


class ModelsApi:
    def __init__(self, client: UniApiClient) -> None:
        self._client = client

    async def list(self) -> ModelList:
        return model_list_from(await self._client.get_json(MODELS_PATH))
