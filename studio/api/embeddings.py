"""Embeddings (POST /v1/embeddings): float lists or base64 little-endian float32."""

from __future__ import annotations

import base64
import sys
from array import array
from dataclasses import dataclass
from typing import Any, Literal

from .client import UniApiClient
from .errors import ApiResponseError
from .sentences import QT_TRANSLATE_NOOP
from .streaming import Usage

EMBEDDINGS_PATH = "/v1/embeddings"


@dataclass
class EmbeddingResult:
    model: str
    vectors: list[list[float]]
    usage: Usage | None


def decode_base64_vector(text: str) -> list[float]:
    values = array("f")
    values.frombytes(base64.b64decode(text))
    if sys.byteorder == "big":
        values.byteswap()
    return values.tolist()


def result_from_embeddings(body: Any) -> EmbeddingResult:
    if not isinstance(body, dict) or not isinstance(body.get("data"), list):
        raise ApiResponseError(
            QT_TRANSLATE_NOOP("ApiMessages", "The gateway's embeddings reply has no data."), details=str(body)[:2000]
        )
    rows = sorted(body["data"], key=lambda row: int(row.get("index", 0)))
    vectors = []
    for row in rows:
        embedding = row.get("embedding")
        vectors.append(decode_base64_vector(embedding) if isinstance(embedding, str) else [float(v) for v in embedding])
    return EmbeddingResult(str(body.get("model") or ""), vectors, Usage.from_api(body.get("usage")))


class EmbeddingsApi:
    def __init__(self, client: UniApiClient) -> None:
        self._client = client

    async def create(
        self,
        inputs: str | list[str],
        *,
        model: str = "text-embedding-3-small",
        dimensions: int | None = None,
        encoding_format: Literal["float", "base64"] = "float",
    ) -> EmbeddingResult:
        body: dict[str, Any] = {"model": model, "input": inputs, "encoding_format": encoding_format}
        if dimensions is not None:
            body["dimensions"] = dimensions
        return result_from_embeddings(await self._client.post_json(EMBEDDINGS_PATH, body))
