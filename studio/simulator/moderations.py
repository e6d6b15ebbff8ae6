"""POST /v1/moderations: 13 categories scored from keyword lists, for text and images; free, as on OpenAI."""

from __future__ import annotations

import re
import zlib
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from studio.simulator.errors import GatewayError, invalid_parameter
from studio.simulator.ids import new_id
from studio.simulator.models import ModelKind, resolve_model
from studio.simulator.request_context import RequestContext

MODERATIONS_PATH = "/v1/moderations"
DEFAULT_MODEL = "omni-moderation-latest"
FLAG_THRESHOLD = 0.5
HIT_SCORE = 0.93

CATEGORY_KEYWORDS: dict[str, tuple[str, ...]] = {
    "hate": ("subhuman", "inferior race", "vermin", "go back to your country"),
    "hate/threatening": ("exterminate them", "wipe them out"),
    "harassment": ("idiot", "stupid", "loser", "shut up", "worthless"),
    "harassment/threatening": ("kill you", "kill them", "hurt you", "watch your back"),
    "illicit": ("steal", "shoplift", "hack into", "counterfeit", "launder"),
    "illicit/violent": ("bomb", "explosive", "untraceable gun", "build a weapon"),
    "self-harm": ("suicide", "kill myself", "self-harm", "cut myself", "自杀"),
    "self-harm/intent": ("kill myself", "i want to die", "end my life"),
    "self-harm/instructions": ("how to kill myself", "ways to commit suicide"),
    "sexual": ("porn", "nude", "explicit sex", "sexual"),
    "sexual/minors": ("underage",),
    "violence": ("kill", "murder", "attack", "shoot", "stab", "blood", "杀"),
    "violence/graphic": ("gore", "dismember", "mutilat", "entrails"),
}
IMAGE_CATEGORIES = frozenset(
    {"self-harm", "self-harm/intent", "self-harm/instructions", "sexual", "violence", "violence/graphic"}
)


def _keyword_pattern(keyword: str) -> re.Pattern[str]:
    # Word-start match so "kill" also finds "killing", but not inside "skill".
    return re.compile(r"(?<![a-z])" + re.escape(keyword), re.IGNORECASE)


CATEGORY_PATTERNS = {
    category: [_keyword_pattern(keyword) for keyword in keywords]
    for category, keywords in CATEGORY_KEYWORDS.items()
}


def _inputs(body: dict[str, Any]) -> list[tuple[str, int]]:
    """Each item to classify as (its text, number of images)."""
    value = body.get("input")
    if isinstance(value, str):
        return [(value, 0)]
    if isinstance(value, list) and value and all(isinstance(item, str) for item in value):
        return [(item, 0) for item in value]
    if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        texts = [
            item["text"] for item in value if item.get("type") == "text" and isinstance(item.get("text"), str)
        ]
        images = sum(1 for item in value if item.get("type") == "image_url")
        return [("\n".join(texts), images)]
    raise invalid_parameter(
        "input", "expected a string, an array of strings or an array of text and image parts."
    )


def classify(text: str, image_count: int, omni: bool) -> dict[str, Any]:
    scores = {}
    for category, patterns in CATEGORY_PATTERNS.items():
        baseline = (zlib.crc32(f"{category}:{text}".encode()) % 9000 + 100) / 10_000_000
        hits = sum(1 for pattern in patterns if pattern.search(text))
        scores[category] = round(min(0.9999, HIT_SCORE + 0.02 * (hits - 1)) if hits else baseline, 7)
    categories = {category: score >= FLAG_THRESHOLD for category, score in scores.items()}
    result: dict[str, Any] = {
        "flagged": any(categories.values()),
        "categories": categories,
        "category_scores": scores,
    }
    if omni:
        result["category_applied_input_types"] = {
            category: (["text", "image"] if image_count and category in IMAGE_CATEGORIES else ["text"])
            for category in CATEGORY_KEYWORDS
        }
    return result


async def create_moderation(request: Request) -> Response:
    context = RequestContext.of(request)
    body = dict(context.json_object())
    body["model"] = body.get("model") or DEFAULT_MODEL
    model = resolve_model(context.state.catalogue, body, frozenset({ModelKind.MODERATION}), MODERATIONS_PATH)
    inputs = _inputs(body)
    omni = model.id.startswith("omni-")
    if not omni and any(images for _, images in inputs):
        raise GatewayError(
            400, f"Model '{model.id}' does not support image inputs.", param="input", code="invalid_value"
        )
    context.refuse_stream_fault_without_stream()
    return JSONResponse(
        {
            "id": new_id("modr-", 29),
            "model": model.id,
            "results": [classify(text, images, omni) for text, images in inputs],
        }
    )


moderation_routes = [Route(MODERATIONS_PATH, create_moderation, methods=["POST"])]
