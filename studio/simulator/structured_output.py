"""JSON that fits a schema, invented from the prompt: tool-call arguments and JSON-mode replies."""

from __future__ import annotations

import json
import re
from typing import Any

from studio.simulator.textgen import quote_of

PLACE_IN_PROMPT = re.compile(r"\b(?:in|at|for|near)\s+([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)")
PLACE_NAMES = ("location", "city", "place", "country", "region", "address")
MAX_SCHEMA_DEPTH = 4


def example_for_schema(schema: dict[str, Any], prompt: str, name: str = "", depth: int = 0) -> Any:
    """A value valid for common schemas: enums take their first value, strings quote the prompt."""
    for combinator in ("anyOf", "oneOf", "allOf"):
        options = schema.get(combinator)
        if isinstance(options, list) and options and isinstance(options[0], dict):
            return example_for_schema(options[0], prompt, name, depth)
    if "const" in schema:
        return schema["const"]
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        return schema["enum"][0]
    declared = schema.get("type")
    if isinstance(declared, list):
        declared = next((kind for kind in declared if kind != "null"), "string")
    if declared is None and isinstance(schema.get("properties"), dict):
        declared = "object"
    if declared == "object":
        if depth >= MAX_SCHEMA_DEPTH:
            return {}
        properties = schema.get("properties") or {}
        return {
            key: example_for_schema(sub if isinstance(sub, dict) else {}, prompt, key, depth + 1)
            for key, sub in properties.items()
        }
    if declared == "array":
        items = schema.get("items")
        return [example_for_schema(items, prompt, name, depth + 1)] if isinstance(items, dict) else []
    if declared == "integer":
        return int(schema.get("minimum", 1))
    if declared == "number":
        return float(schema.get("minimum", 1.0))
    if declared == "boolean":
        return True
    if declared == "null":
        return None
    return _text_for(name, prompt)


def _text_for(name: str, prompt: str) -> str:
    if any(word in name.lower() for word in PLACE_NAMES):
        match = PLACE_IN_PROMPT.search(prompt)
        if match:
            return match.group(1)
    return quote_of(prompt, 80)


def json_mode_reply(output_format: Any, prompt: str) -> str | None:
    """The reply text when JSON output was asked for, else None.

    Takes chat's `response_format` ({"type": "json_schema", "json_schema": {"schema": …}}) and the
    Responses API's `text.format` ({"type": "json_schema", "schema": …}) alike.
    """
    if not isinstance(output_format, dict):
        return None
    if output_format.get("type") == "json_object":
        document: Any = {
            "prompt": quote_of(prompt, 80),
            "answer": "A simulated answer.",
            "source": "simulator",
        }
    elif output_format.get("type") == "json_schema":
        holder = output_format.get("json_schema")
        schema = (holder if isinstance(holder, dict) else output_format).get("schema")
        document = example_for_schema(schema if isinstance(schema, dict) else {}, prompt)
    else:
        return None
    return json.dumps(document, ensure_ascii=False)
