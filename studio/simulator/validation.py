"""Request checks worded like the gateway's own 400s."""

from __future__ import annotations

from typing import Any

from studio.simulator.errors import GatewayError, invalid_parameter, missing_parameter


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "boolean", int: "integer", float: "number", str: "string", list: "array"}.get(
        type(value), "object"
    )


def wrong_type(name: str, expected: str, value: Any) -> GatewayError:
    return GatewayError(
        400,
        f"Invalid type for '{name}': expected {expected}, but got {_type_name(value)} instead.",
        code="invalid_type",
        param=name,
    )


def require_string(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if value is None or value == "":
        raise missing_parameter(name)
    if not isinstance(value, str):
        raise wrong_type(name, "a string", value)
    return value


def optional_string(body: dict[str, Any], name: str) -> str | None:
    value = body.get(name)
    if value is not None and not isinstance(value, str):
        raise wrong_type(name, "a string", value)
    return value


def require_non_empty_list(body: dict[str, Any], name: str) -> list[Any]:
    value = body.get(name)
    if value is None:
        raise missing_parameter(name)
    if not isinstance(value, list):
        raise wrong_type(name, "an array", value)
    if not value:
        raise invalid_parameter(
            name,
            "empty array. Expected an array with minimum length 1, but got an empty array instead.",
            code="empty_array",
        )
    return value


def optional_number(
    body: dict[str, Any], name: str, minimum: float | None = None, maximum: float | None = None
) -> float | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise wrong_type(name, "a decimal", value)
    if maximum is not None and value > maximum:
        raise invalid_parameter(
            name,
            f"decimal above maximum value. Expected a value <= {maximum}, but got {value} instead.",
            code="decimal_above_max_value",
        )
    if minimum is not None and value < minimum:
        raise invalid_parameter(
            name,
            f"decimal below minimum value. Expected a value >= {minimum}, but got {value} instead.",
            code="decimal_below_min_value",
        )
    return float(value)


def optional_int(
    body: dict[str, Any], name: str, minimum: int | None = None, maximum: int | None = None
) -> int | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise wrong_type(name, "an integer", value)
    if maximum is not None and value > maximum:
        raise invalid_parameter(
            name,
            f"integer above maximum value. Expected a value <= {maximum}, but got {value} instead.",
            code="integer_above_max_value",
        )
    if minimum is not None and value < minimum:
        raise invalid_parameter(
            name,
            f"integer below minimum value. Expected a value >= {minimum}, but got {value} instead.",
            code="integer_below_min_value",
        )
    return value


def optional_bool(body: dict[str, Any], name: str, default: bool = False) -> bool:
    value = body.get(name)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise wrong_type(name, "a boolean", value)
    return value


def optional_object(body: dict[str, Any], name: str) -> dict[str, Any] | None:
    value = body.get(name)
    if value is not None and not isinstance(value, dict):
        raise wrong_type(name, "an object", value)
    return value


def check_sampling(body: dict[str, Any]) -> None:
    """The sampling knobs every text family shares."""
    optional_number(body, "temperature", 0, 2)
    optional_number(body, "top_p", 0, 1)
    optional_number(body, "presence_penalty", -2, 2)
    optional_number(body, "frequency_penalty", -2, 2)
