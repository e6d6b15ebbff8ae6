"""Fields both video forms use: a choice whose first entry leaves the field out of the request."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtWidgets import QComboBox, QWidget


def option_combo(values: Iterable[Any], default_label: str, parent: QWidget | None = None) -> QComboBox:
    """A choice of `values`, led by `default_label` (the gateway's own default: nothing is sent)."""
    combo = QComboBox(parent)
    combo.addItem(default_label, None)
    for value in values:
        combo.addItem(str(value), value)
    return combo


def choose(combo: QComboBox, value: Any) -> None:
    """Select the entry holding `value` (the default entry when there is none)."""
    combo.setCurrentIndex(max(0, combo.findData(value)))
