"""Function calling: which tool the simulated model calls and the arguments it invents from the prompt."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from studio.simulator.ids import new_id
from studio.simulator.structured_output import example_for_schema

ARGUMENT_PIECES = 4


@dataclass(frozen=True)
class FunctionSpec:
    name: str
    parameters: dict[str, Any]


@dataclass(frozen=True)
class PlannedToolCall:
    call_id: str
    name: str
    arguments: str

    def argument_pieces(self) -> list[str]:
        """The arguments cut into a few pieces, as a model streams them."""
        size = max(1, -(-len(self.arguments) // ARGUMENT_PIECES))
        return [self.arguments[start : start + size] for start in range(0, len(self.arguments), size)]


def chat_functions(tools: Any) -> list[FunctionSpec]:
    """Functions declared the chat way: {"type": "function", "function": {"name", "parameters"}}."""
    specs = []
    for tool in tools if isinstance(tools, list) else []:
        function = tool.get("function") if isinstance(tool, dict) else None
        if isinstance(function, dict) and isinstance(function.get("name"), str):
            specs.append(FunctionSpec(function["name"], _schema(function.get("parameters"))))
    return specs


def response_functions(tools: Any) -> list[FunctionSpec]:
    """Functions declared the Responses way: {"type": "function", "name", "parameters"}."""
    return [
        FunctionSpec(tool["name"], _schema(tool.get("parameters")))
        for tool in (tools if isinstance(tools, list) else [])
        if isinstance(tool, dict) and tool.get("type") == "function" and isinstance(tool.get("name"), str)
    ]


def _schema(parameters: Any) -> dict[str, Any]:
    return parameters if isinstance(parameters, dict) else {}


def choose_function(functions: list[FunctionSpec], tool_choice: Any) -> FunctionSpec | None:
    """The function named by tool_choice, else the first one; None when tools are off."""
    if not functions or tool_choice == "none":
        return None
    if isinstance(tool_choice, dict):
        named = tool_choice.get("name") or (tool_choice.get("function") or {}).get("name")
        for function in functions:
            if function.name == named:
                return function
    return functions[0]


def plan_tool_call(function: FunctionSpec, prompt: str, call_id_prefix: str = "call_") -> PlannedToolCall:
    arguments = example_for_schema(function.parameters, prompt)
    if not isinstance(arguments, dict):
        arguments = {}
    return PlannedToolCall(
        call_id=new_id(call_id_prefix),
        name=function.name,
        arguments=json.dumps(arguments, ensure_ascii=False),
    )
