"""Token usage objects as the OpenAI-style families report them."""

from __future__ import annotations

IMAGE_PROMPT_TOKENS = 85  # what a low-detail image costs in OpenAI's accounting


def completion_usage(
    prompt_tokens: int, completion_tokens: int, reasoning_tokens: int = 0
) -> dict[str, object]:
    """Usage for chat and legacy completions; completion_tokens already includes reasoning."""
    return {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
        "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
        "completion_tokens_details": {
            "reasoning_tokens": reasoning_tokens,
            "audio_tokens": 0,
            "accepted_prediction_tokens": 0,
            "rejected_prediction_tokens": 0,
        },
    }


def response_usage(input_tokens: int, output_tokens: int, reasoning_tokens: int = 0) -> dict[str, object]:
    return {
        "input_tokens": input_tokens,
        # cache_write_tokens is not in the seed; OpenAI's current schema requires it, clients ignore it.
        "input_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 0},
        "output_tokens": output_tokens,
        "output_tokens_details": {"reasoning_tokens": reasoning_tokens},
        "total_tokens": input_tokens + output_tokens,
    }
