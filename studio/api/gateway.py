"""`UniApi`: one object per profile that reaches every family through one HTTP client."""

from __future__ import annotations

from collections.abc import Sequence

from .audio import AudioApi
from .billing import BillingApi
from .catalog import ModelsApi
from .chat import ChatApi
from .client import ClientConfig, RetryNotice, UniApiClient
from .completions import CompletionsApi
from .custom_video import CustomVideoApi
from .embeddings import EmbeddingsApi
from .ideogram import IdeogramApi
from .images import ImagesApi
from .luma import LumaApi
from .midjourney import MidjourneyApi
from .moderations import ModerationsApi
from .responses import ResponsesApi
from .suno import DEFAULT_FETCH_PATHS, SunoApi
from .udio import UdioApi


class UniApi:
    def __init__(
        self,
        config: ClientConfig,
        *,
        on_retry: RetryNotice | None = None,
        suno_fetch_paths: Sequence[str] = DEFAULT_FETCH_PATHS,
    ) -> None:
        self.client = UniApiClient(config, on_retry=on_retry)
        self.models = ModelsApi(self.client)
        self.billing = BillingApi(self.client)
        self.chat = ChatApi(self.client)
        self.completions = CompletionsApi(self.client)
        self.responses = ResponsesApi(self.client)
        self.embeddings = EmbeddingsApi(self.client)
        self.moderations = ModerationsApi(self.client)
        self.suno = SunoApi(self.client, suno_fetch_paths)
        self.udio = UdioApi(self.client)
        self.midjourney = MidjourneyApi(self.client)
        self.ideogram = IdeogramApi(self.client)
        self.luma = LumaApi(self.client)
        self.custom_video = CustomVideoApi(self.client)
        self.audio = AudioApi(self.client)
        self.images = ImagesApi(self.client)

    async def aclose(self) -> None:
        await self.client.aclose()

    async def __aenter__(self) -> UniApi:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
