"""The model catalogue the simulated gateway offers, and GET /v1/models."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from enum import StrEnum

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from studio.simulator.errors import GatewayError, model_not_found
from studio.simulator.request_context import simulator_state
from studio.simulator.validation import require_string

REASONING_EFFORT_SUFFIX = re.compile(r"#(low|medium|high)$")
REASONING_ID = re.compile(r"^o[134](?:$|[-.])|reasoner|-r1|thinking")


class ModelKind(StrEnum):
    CHAT = "chat"
    COMPLETION = "completion"
    EMBEDDING = "embedding"
    MODERATION = "moderation"
    TRANSCRIPTION = "transcription"
    SPEECH = "speech"
    IMAGE = "image"
    MUSIC = "music"
    MIDJOURNEY = "midjourney"
    IDEOGRAM = "ideogram"
    VIDEO = "video"


TEXT_KINDS = frozenset({ModelKind.CHAT, ModelKind.COMPLETION})


@dataclass(frozen=True)
class ModelEntry:
    id: str
    owned_by: str
    created: int
    kind: ModelKind
    endpoint_types: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "object": "model",
            "created": self.created,
            "owned_by": self.owned_by,
            "supported_endpoint_types": list(self.endpoint_types),
        }


def is_reasoning_model(model_id: str) -> bool:
    return REASONING_ID.search(model_id.lower()) is not None


def split_reasoning_effort(model: str) -> tuple[str, str | None]:
    """UniAPI's "gpt-x#high" syntax: the catalogue name and the effort, if any."""
    match = REASONING_EFFORT_SUFFIX.search(model)
    if match is None:
        return model, None
    return model[: match.start()], match.group(1)


CHAT_ENDPOINTS = ("openai", "openai-response")
_K = ModelKind
DEFAULT_MODELS = (
    ModelEntry("gpt-4o", "openai", 1715367049, _K.CHAT, CHAT_ENDPOINTS),
    ModelEntry("gpt-4o-mini", "openai", 1721172741, _K.CHAT, CHAT_ENDPOINTS),
    ModelEntry("gpt-4.1", "openai", 1744316542, _K.CHAT, CHAT_ENDPOINTS),
    ModelEntry("gpt-4.1-mini", "openai", 1744318173, _K.CHAT, CHAT_ENDPOINTS),
    ModelEntry("o3-mini", "openai", 1737146383, _K.CHAT, CHAT_ENDPOINTS),
    ModelEntry("o4-mini", "openai", 1744225351, _K.CHAT, CHAT_ENDPOINTS),
    ModelEntry("deepseek-reasoner", "deepseek", 1737331200, _K.CHAT, ("openai",)),
    ModelEntry("claude-3-5-sonnet-20241022", "anthropic", 1729555200, _K.CHAT, ("openai", "anthropic")),
    ModelEntry("gemini-2.0-flash", "google", 1738713600, _K.CHAT, ("openai", "gemini")),
    ModelEntry("gpt-3.5-turbo-instruct", "openai", 1692901427, _K.COMPLETION, ("openai",)),
    ModelEntry("text-embedding-3-small", "openai", 1705948997, _K.EMBEDDING, ("embeddings",)),
    ModelEntry("text-embedding-3-large", "openai", 1705953180, _K.EMBEDDING, ("embeddings",)),
    ModelEntry("text-embedding-ada-002", "openai", 1671217299, _K.EMBEDDING, ("embeddings",)),
    ModelEntry("omni-moderation-latest", "openai", 1731689265, _K.MODERATION, ("openai",)),
    ModelEntry("text-moderation-latest", "openai", 1687882410, _K.MODERATION, ("openai",)),
    ModelEntry("whisper-1", "openai", 1677532384, _K.TRANSCRIPTION, ("openai",)),
    ModelEntry("gpt-4o-transcribe", "openai", 1742068463, _K.TRANSCRIPTION, ("openai",)),
    ModelEntry("gpt-4o-mini-transcribe", "openai", 1742068596, _K.TRANSCRIPTION, ("openai",)),
    ModelEntry("tts-1", "openai", 1681940951, _K.SPEECH, ("openai",)),
    ModelEntry("tts-1-hd", "openai", 1699046015, _K.SPEECH, ("openai",)),
    ModelEntry("gpt-4o-mini-tts", "openai", 1742403959, _K.SPEECH, ("openai",)),
    ModelEntry("gpt-image-1", "openai", 1745517030, _K.IMAGE, ("image-generation",)),
    ModelEntry("dall-e-2", "openai", 1698798177, _K.IMAGE, ("image-generation",)),
    ModelEntry("dall-e-3", "openai", 1698785189, _K.IMAGE, ("image-generation",)),
    ModelEntry("suno_music", "suno", 1711929600, _K.MUSIC, ("suno-proxy",)),
    ModelEntry("udio", "udio", 1712966400, _K.MUSIC, ("udio-proxy",)),
    ModelEntry("mj_imagine", "midjourney", 1688169600, _K.MIDJOURNEY, ("midjourney-proxy",)),
    ModelEntry("ideogram-V_2", "ideogram", 1724112000, _K.IDEOGRAM, ("image-generation",)),
    ModelEntry("luma_video", "luma", 1718236800, _K.VIDEO, ("openai-video",)),
    ModelEntry("veo-2", "google", 1733702400, _K.VIDEO, ("openai-video",)),
)


class ModelCatalogue:
    """The models the gateway routes; tests may add their own."""

    def __init__(self, entries: tuple[ModelEntry, ...] = DEFAULT_MODELS) -> None:
        self._entries = {entry.id: entry for entry in entries}
        self._lock = threading.Lock()

    def get(self, model_id: str) -> ModelEntry | None:
        with self._lock:
            return self._entries.get(model_id)

    def add(self, entry: ModelEntry) -> None:
        with self._lock:
            self._entries[entry.id] = entry

    def all(self) -> list[ModelEntry]:
        with self._lock:
            return list(self._entries.values())


@dataclass(frozen=True)
class ResolvedModel:
    entry: ModelEntry
    reasoning_effort: str | None

    @property
    def id(self) -> str:
        return self.entry.id

    @property
    def reasons(self) -> bool:
        return is_reasoning_model(self.entry.id)


def resolve_model(
    catalogue: ModelCatalogue, body: dict[str, object], kinds: frozenset[ModelKind], endpoint: str
) -> ResolvedModel:
    """The catalogue entry for the request's `model` (suffix "#effort" stripped), checked for the endpoint."""
    name, effort = split_reasoning_effort(require_string(body, "model"))
    entry = catalogue.get(name)
    if entry is None:
        raise model_not_found(name)
    if entry.kind not in kinds:
        raise GatewayError(
            400,
            f"The model `{name}` does not support {endpoint}.",
            param="model",
            code="model_not_supported",
        )
    return ResolvedModel(entry, effort)


async def list_models(request: Request) -> JSONResponse:
    catalogue = simulator_state(request).catalogue
    return JSONResponse(
        {"object": "list", "data": [entry.to_dict() for entry in catalogue.all()], "success": True}
    )


async def retrieve_model(request: Request) -> JSONResponse:
    model_id = request.path_params["model_id"]
    entry = simulator_state(request).catalogue.get(model_id)
    if entry is None:
        raise GatewayError(
            404, f"The model '{model_id}' does not exist", param="model", code="model_not_found"
        )
    return JSONResponse(entry.to_dict())


model_routes = [
    Route("/v1/models", list_models, methods=["GET"]),
    Route("/v1/models/{model_id:path}", retrieve_model, methods=["GET"]),
]
