"""POST /v1/embeddings: deterministic unit vectors from a hash of each input, as floats or base64."""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from typing import Any

import numpy as np
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from studio.simulator.errors import GatewayError, invalid_parameter, missing_parameter
from studio.simulator.models import ModelKind, resolve_model
from studio.simulator.request_context import RequestContext
from studio.simulator.textgen import count_tokens
from studio.simulator.validation import optional_int, optional_string

EMBEDDINGS_PATH = "/v1/embeddings"
NATIVE_DIMENSIONS = {
    "text-embedding-3-small": 1536,
    "text-embedding-3-large": 3072,
    "text-embedding-ada-002": 1536,
}
SHORTENABLE_MODELS = frozenset({"text-embedding-3-small", "text-embedding-3-large"})
DEFAULT_DIMENSIONS = 1536
MAX_INPUTS = 2048
ENCODINGS = ("float", "base64")


def inputs_of(body: dict[str, Any]) -> list[tuple[str, int]]:
    """Each input as (text to hash, token count): a string, strings, token ids or lists of token ids."""
    value = body.get("input")
    if value is None:
        raise missing_parameter("input")
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        raise invalid_parameter("input", "expected a non-empty string or array.")
    if all(isinstance(item, int) and not isinstance(item, bool) for item in value):
        return [(_token_key(value), len(value))]
    inputs = []
    for item in value:
        if isinstance(item, str) and item:
            inputs.append((item, count_tokens(item)))
        elif isinstance(item, list) and item and all(isinstance(token, int) for token in item):
            inputs.append((_token_key(item), len(item)))
        else:
            raise invalid_parameter(
                "input", "each item must be a non-empty string or a non-empty array of token ids."
            )
    if len(inputs) > MAX_INPUTS:
        raise invalid_parameter("input", f"at most {MAX_INPUTS} inputs per request.")
    return inputs


def _token_key(token_ids: list[int]) -> str:
    return "tokens:" + ",".join(map(str, token_ids))


_STOP_WORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on", "or",
    "that", "the", "this", "to", "was", "were", "with",
})
_WORD = re.compile(r"\w+")
TEXT_NOISE = 0.35
"""How much of each vector is the text's own (hash-seeded) direction; the rest comes from its words,
so texts that share words point the same way, deterministically (semantic search is testable)."""


@functools.lru_cache(maxsize=8192)
def _seeded(key: str, native_dimensions: int) -> np.ndarray:
    seed = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "little")
    vector: np.ndarray = np.random.default_rng(seed).standard_normal(native_dimensions)
    vector.flags.writeable = False
    return vector


def words_of(text: str) -> list[str]:
    """Content words, lower-cased, a plural 's' dropped; each CJK character counts as a word."""
    words: list[str] = []
    for word in _WORD.findall(text.lower()):
        if not word.isascii():
            words.extend(char for char in word if not char.isspace())
            continue
        if word in _STOP_WORDS:
            continue
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.append(word)
    return words


def embedding_vector(text: str, native_dimensions: int, dimensions: int) -> np.ndarray:
    """A unit vector: the sum of the text's word directions plus a little of its own; shortening keeps
    its leading part, renormalised, as OpenAI's do."""
    vector = _seeded(text, native_dimensions).copy()
    words = sorted(set(words_of(text))) if not text.startswith("tokens:") else []
    if words:
        vector *= TEXT_NOISE / np.sqrt(native_dimensions)
        for word in words:
            vector += _seeded("word:" + word, native_dimensions) / np.sqrt(native_dimensions)
    vector = vector[:dimensions]
    vector /= np.linalg.norm(vector)
    return vector.astype("<f4")


def _encoded(vector: np.ndarray, encoding: str) -> list[float] | str:
    if encoding == "base64":
        return base64.b64encode(vector.tobytes()).decode("ascii")
    floats: list[float] = vector.tolist()
    return floats


async def create_embeddings(request: Request) -> Response:
    context = RequestContext.of(request)
    body = context.json_object()
    model = resolve_model(context.state.catalogue, body, frozenset({ModelKind.EMBEDDING}), EMBEDDINGS_PATH)
    inputs = inputs_of(body)
    native = NATIVE_DIMENSIONS.get(model.id, DEFAULT_DIMENSIONS)
    dimensions = optional_int(body, "dimensions", 1, native)
    if dimensions is not None and model.id not in SHORTENABLE_MODELS:
        raise GatewayError(
            400,
            "This model does not support specifying dimensions.",
            param="dimensions",
            code="invalid_value",
        )
    encoding = optional_string(body, "encoding_format") or "float"
    if encoding not in ENCODINGS:
        raise invalid_parameter("encoding_format", "expected 'float' or 'base64'.")
    context.state.ledger.require_funds()
    context.refuse_stream_fault_without_stream()
    tokens = sum(count for _, count in inputs)
    context.state.ledger.charge_tokens(tokens)
    data = [
        {
            "object": "embedding",
            "index": index,
            "embedding": _encoded(embedding_vector(text, native, dimensions or native), encoding),
        }
        for index, (text, _) in enumerate(inputs)
    ]
    return JSONResponse(
        {
            "object": "list",
            "data": data,
            "model": model.id,
            "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
        }
    )


embedding_routes = [Route(EMBEDDINGS_PATH, create_embeddings, methods=["POST"])]
