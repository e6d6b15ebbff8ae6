"""Light, dark or the system's look: one palette for every widget, delegate, code block and plot.

"system" keeps the platform's own style and palette; "light" and "dark" use Qt's Fusion style with a
palette of their own, so the app looks the same on every desktop. Views that draw with their own
colours (Markdown code blocks, the waveform) ask `is_dark()` and redraw on a palette change.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

THEMES = ("system", "light", "dark")

_system: tuple[str, QPalette] | None = None


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def _palette(colours: dict[QPalette.ColorRole, str], disabled: str) -> QPalette:
    palette = QPalette()
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled))
    return palette


def dark_palette() -> QPalette:
    R = QPalette.ColorRole
    return _palette(
        {
            R.Window: "#2b2d30",
            R.WindowText: "#e3e5e8",
            R.Base: "#1e1f22",
            R.AlternateBase: "#26282b",
            R.Text: "#e3e5e8",
            R.Button: "#35373b",
            R.ButtonText: "#e3e5e8",
            R.BrightText: "#ffffff",
            R.Highlight: "#3d6fb6",
            R.HighlightedText: "#ffffff",
            R.Link: "#7ab4ff",
            R.LinkVisited: "#b59cff",
            R.PlaceholderText: "#8b8e93",
            R.ToolTipBase: "#2b2d30",
            R.ToolTipText: "#e3e5e8",
            R.Light: "#45484d",
            R.Midlight: "#3a3d41",
            R.Mid: "#2f3134",
            R.Dark: "#1a1b1d",
            R.Shadow: "#000000",
        },
        "#76797e",
    )


def light_palette() -> QPalette:
    R = QPalette.ColorRole
    return _palette(
        {
            R.Window: "#efefef",
            R.WindowText: "#1d1d1f",
            R.Base: "#ffffff",
            R.AlternateBase: "#f5f6f7",
            R.Text: "#1d1d1f",
            R.Button: "#e8e8e8",
            R.ButtonText: "#1d1d1f",
            R.Highlight: "#3079d6",
            R.HighlightedText: "#ffffff",
            R.Link: "#1a5fb4",
            R.PlaceholderText: "#8a8a8a",
            R.ToolTipBase: "#ffffdc",
            R.ToolTipText: "#1d1d1f",
        },
        "#9a9a9a",
    )


def apply_theme(app: QApplication, theme: str | None) -> str:
    """Use `theme` ("system", "light" or "dark"; anything else means system); returns the one applied."""
    global _system
    if _system is None:
        _system = (app.style().name(), QPalette(app.palette()))
    chosen = theme if theme in THEMES else "system"
    if chosen == "system":
        app.setStyle(_system[0])
        app.setPalette(_system[1])
    else:
        app.setStyle("Fusion")
        app.setPalette(dark_palette() if chosen == "dark" else light_palette())
    return chosen
