"""`UniApi`: one object per profile that reaches every family through one HTTP client."""

from __future__ import annotations

from .billing import BillingApi
from .catalog import ModelsApi
from .chat import ChatApi
from .client import ClientConfig, RetryNotice, UniApiClient
from .completions import CompletionsApi
from .embeddings import EmbeddingsApi
from .moderations import ModerationsApi
from .responses import ResponsesApi


class UniApi:
    def __init__(self, config: ClientConfig, *, on_retry: RetryNotice | None = None) -> None:
        self.client = UniApiClient(config, on_retry=on_retry)
        self.models = ModelsApi(self.client)
        self.billing = BillingApi(self.client)
        self.chat = ChatApi(self.client)
        self.completions = CompletionsApi(self.client)
        self.responses = ResponsesApi(self.client)
        self.embeddings = EmbeddingsApi(self.client)
        self.moderations = ModerationsApi(self.client)

    async def aclose(self) -> None:
        await self.client.aclose()

    async def __aenter__(self) -> UniApi:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
