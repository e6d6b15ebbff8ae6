"""Midjourney around the task engine, for the Images tab: the prompt the form composes, the prompts a
describe or shorten task answers with, the region mask Vary (Region) sends, the progress preview, and
the chain of steps a result came from (imagine → U2 → zoom out). No Qt; plain functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from PIL import Image

from ..api.download import download_to_temp, release_partial
from .library import Asset, Library

if TYPE_CHECKING:
    from ..api.gateway import UniApi

FAMILY = "midjourney"
BOTS = ("MID_JOURNEY", "NIJI_JOURNEY")
ASPECT_RATIOS = ("1:1", "4:3", "3:2", "16:9", "21:9", "3:4", "2:3", "9:16")
VERSIONS = {"MID_JOURNEY": ("6.1", "6", "5.2"), "NIJI_JOURNEY": ("6", "5")}
STYLIZE_DEFAULT = 100
CHAOS_DEFAULT = 0
PREVIEW_MAX_BYTES = 8 * 1024 * 1024
MAX_LINEAGE = 32
"""Steps followed up a result's parents (a loop in damaged data stops there)."""

_NUMBERED = re.compile(r"^\s*(?:[1-9]\ufe0f?\u20e3|\d+[.)])\s*")
_PARAMETER = re.compile(r"\s--(ar|aspect|stylize|s|chaos|c|v|version|niji)\b(?:\s+[^\s-][^\s]*)?", re.IGNORECASE)


@dataclass(frozen=True)
class PromptParameters:
    """The common parameters the form adds to the prompt (None or the default: left out)."""

    aspect_ratio: str | None = None
    stylize: int = STYLIZE_DEFAULT
    chaos: int = CHAOS_DEFAULT
    version: str | None = None


def compose_prompt(prompt: str, parameters: PromptParameters, bot: str = "MID_JOURNEY") -> str:
    """The prompt as it is sent: the text, then `--ar`, `--stylize`, `--chaos` and `--v`/`--niji`.

    A parameter the text already carries wins (the user typed it on purpose), so it is not added twice.
    """
    text = " ".join(prompt.split())
    if not text:
        return ""
    typed = {match.group(1).lower() for match in _PARAMETER.finditer(" " + text)}
    parts = [text]
    if parameters.aspect_ratio and not typed & {"ar", "aspect"}:
        parts.append(f"--ar {parameters.aspect_ratio}")
    if parameters.stylize != STYLIZE_DEFAULT and not typed & {"stylize", "s"}:
        parts.append(f"--stylize {parameters.stylize}")
    if parameters.chaos != CHAOS_DEFAULT and not typed & {"chaos", "c"}:
        parts.append(f"--chaos {parameters.chaos}")
    if parameters.version and not typed & {"v", "version", "niji"}:
        parts.append(f"--niji {parameters.version}" if bot == "NIJI_JOURNEY" else f"--v {parameters.version}")
    return " ".join(parts)


def split_prompts(text: str) -> list[str]:
    """The prompts of a describe or shorten answer ("1️⃣ a cat …\\n\\n2️⃣ …"), without their numbers."""
    prompts = []
    for block in re.split(r"\n\s*\n|\n(?=\s*[1-9]\ufe0f?\u20e3)", text or ""):
        line = _NUMBERED.sub("", " ".join(block.split()))
        if line:
            prompts.append(line)
    return prompts


def build_region_mask(painted: np.ndarray, size: tuple[int, int], target: Path) -> Path:
    """The mask Vary (Region) sends: a greyscale PNG of the picture's exact size, white where to repaint."""
    layer = Image.fromarray(np.asarray(painted, np.uint8)).convert("L")
    if layer.size != tuple(size):
        layer = layer.resize(size, Image.Resampling.NEAREST)
    layer = layer.point(lambda value: 255 if value >= 128 else 0)
    target.parent.mkdir(parents=True, exist_ok=True)
    layer.save(target, format="PNG", optimize=True)
    return target


async def fetch_preview(api: UniApi, url: str, directory: Path) -> Path:
    """The partial picture a running task shows, fetched with the result downloads' checks (link, size, kind)."""
    downloaded = await download_to_temp(api.client, url, directory, max_bytes=PREVIEW_MAX_BYTES, expect="image")
    release_partial(downloaded.path)  # a preview is not moved into the library: its lock can go now
    return downloaded.path


def task_view(raw: Any) -> dict[str, Any]:
    """The task as the service last sent it, or {} (a submit reply or nothing yet)."""
    return raw if isinstance(raw, dict) and ("status" in raw or "buttons" in raw) else {}


def lineage(library: Library, asset: Asset) -> list[Asset]:
    """The result's chain of sources, oldest first, ending with the result itself."""
    chain = [asset]
    seen = {asset.id}
    current = asset
    while current.parent_id is not None and len(chain) < MAX_LINEAGE:
        try:
            current = library.get(current.parent_id)
        except KeyError:
            break
        if current.id in seen:
            break
        seen.add(current.id)
        chain.append(current)
    chain.reverse()
    return chain


def button_label(button: dict[str, Any]) -> str:
    """A button as the service shows it: its emoji, then its label (either may be missing)."""
    emoji = str(button.get("emoji") or "").strip()
    label = str(button.get("label") or "").strip()
    return " ".join(part for part in (emoji, label) if part) or str(button.get("customId") or "?")


def step_name(asset: Asset, parent: Asset | None, custom_id: str | None) -> str:
    """What one step of a lineage was: the button pressed on its parent (as labelled there), else its action."""
    if parent is not None and custom_id:
        for button in parent.parameters.get("buttons") or []:
            if isinstance(button, dict) and button.get("customId") == custom_id:
                return button_label(button)
    action = str(asset.parameters.get("action") or asset.parameters.get("job_kind") or asset.kind)
    return action.replace("_", " ").lower()
