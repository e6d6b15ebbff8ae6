"""The tab contract: what every part of the window (each tab, and the Tasks panel) looks like.

A part is a `StudioTab` widget built by its `TabSpec`'s factory from a `TabContext` (what the window
shares: the workspace, change events, the task bridge, the job model, the thumbnail cache). The main
window loops over the registry (`studio.ui.tabs.registered_tabs`) and only ever calls what is here:

    class NotesTab(StudioTab):
        def __init__(self, context: TabContext) -> None:
            super().__init__(context)
            context.events.assetsChanged.connect(self.refresh)  # views refresh from change events
        def stop(self) -> None: ...                              # on quit: cancel work, keep edits
        def open_files(self, paths: list[Path]) -> bool: ...     # dropped on the window, or argv

    SPEC = TabSpec("notes", QT_TRANSLATE_NOOP("Tabs", "Notes"), _build, file_kinds=frozenset({"text"}))

`status` carries a short sentence for the status bar. `save_state`/`restore_state` get a QSettings
already inside the part's own group. `menu_actions()` lists (menu, QAction) pairs the window adds to
its menus when the part is built; `undo_stack()` joins the window's Edit ▸ Undo while the tab shows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from ..core.workspace import Workspace
    from ..qt.events import StudioEvents
    from ..qt.task_bridge import TaskBridge
    from .widgets.job_model import JobTableModel
    from .widgets.thumbnails import ThumbnailCache

Menu = Literal["file", "edit", "view", "help"]
FileKind = Literal["image", "audio", "video", "text"]


@dataclass
class TabContext:
    """What the window shares with every part; one per window."""

    workspace: Workspace
    events: StudioEvents
    tasks: TaskBridge
    jobs: JobTableModel
    thumbnails: ThumbnailCache
    send_to: Callable[[str, list[Path]], bool] = field(default=lambda _key, _paths: False)
    """Hand files to another part by key ("chat", "audio", ...), or to one of its pages ("images:midjourney");
    False if it took none."""
    check_text: Callable[[str], bool] = field(default=lambda _text: False)
    """"Check with moderation": the Tools tab checks `text`; False if the window has no Tools tab."""
    has_tab: Callable[[str], bool] = field(default=lambda _key: False)
    """Whether the window has the part named `key` (a menu entry for a missing tab is disabled)."""


@dataclass(frozen=True)
class TabAction:
    menu: Menu
    action: QAction


class StudioTab(QWidget):
    status = Signal(str)  # a short sentence for the status bar

    def __init__(self, context: TabContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context

    @property
    def workspace(self) -> Workspace:
        return self.context.workspace

    def start(self) -> None:
        """Once the window shows (or the part is first built after that): begin background work."""

    def stop(self) -> None:
        """On quit, while the event loop still runs: cancel work, save what the user typed."""

    def save_state(self, settings: QSettings) -> None:
        """Remember splitters, choices and sizes (the settings are inside this part's group)."""

    def restore_state(self, settings: QSettings) -> None:
        """Bring back what `save_state` kept; called once, right after the part is built."""

    def menu_actions(self) -> Sequence[TabAction]:
        return ()

    def undo_stack(self) -> QUndoStack | None:
        return None

    def open_files(self, paths: list[Path]) -> bool:
        """Take files dropped on the window or given on the command line; False if none were usable."""
        return False

    def open_files_on(self, page: str, paths: list[Path]) -> bool:
        """Take files for one of this part's pages (`send_to("images:midjourney", ...)`); a part without
        pages takes them as `open_files` does."""
        return self.open_files(paths)


Area = Literal["tab", "dock"]


@dataclass(frozen=True)
class TabSpec:
    """How the registry knows a part without importing it: its factory imports the heavy module."""

    key: str
    title: str
    """Marked with QT_TRANSLATE_NOOP("Tabs", ...); the window translates it."""
    build: Callable[[TabContext], StudioTab]
    lazy: bool = True
    """Built on first view (its imports and widgets cost start-up nothing until then)."""
    area: Area = "tab"
    file_kinds: frozenset[str] = frozenset()
    """Kinds of file it takes from a drop on the window or the command line."""
    home_for: frozenset[str] = frozenset()
    """Kinds it is the first choice for when the shown tab does not take them (or they come from the
    command line): audio → Audio, image → Images, video → Video."""
    shortcut: str | None = None
    """Switches to the tab (Ctrl+1 …)."""
