"""Every keyboard shortcut of the studio, in one table. The code makes its shortcuts from it (`bind`,
`make_shortcut`, `matches` in a keyPressEvent), and Help ▸ Keyboard shortcuts lists it, so the list the
user reads is the list that works. A test checks that no two entries share a key where both can fire.

A scope says where a shortcut fires: "window" ones anywhere in the main window; the others only while
their part has the focus (or, for "chat", while the Chat tab shows) — so a local key must not repeat
a window key, and no key may repeat within a scope.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from ..api.sentences import QT_TRANSLATE_NOOP

StandardKey = QKeySequence.StandardKey
Key = str | StandardKey

WINDOW = "window"
SCOPES: dict[str, str] = {
    WINDOW: QT_TRANSLATE_NOOP("Shortcuts", "Anywhere in the window"),
    "chat": QT_TRANSLATE_NOOP("Shortcuts", "Chat tab"),
    "composer": QT_TRANSLATE_NOOP("Shortcuts", "Chat message box"),
    "image_editor": QT_TRANSLATE_NOOP("Shortcuts", "Images: edit pictures"),
    "mask": QT_TRANSLATE_NOOP("Shortcuts", "Images: mask painting"),
    "image_viewer": QT_TRANSLATE_NOOP("Shortcuts", "Picture viewer"),
    "video_player": QT_TRANSLATE_NOOP("Shortcuts", "Video player"),
}


@dataclass(frozen=True)
class Shortcut:
    name: str
    scope: str
    title: str
    """Marked with QT_TRANSLATE_NOOP("Shortcuts", ...)."""
    keys: tuple[Key, ...]

    def sequences(self) -> list[QKeySequence]:
        found: list[QKeySequence] = []
        for key in self.keys:
            if isinstance(key, StandardKey):
                found += [s for s in QKeySequence.keyBindings(key) if not s.isEmpty()]
            else:
                found.append(QKeySequence(key))
        return list(dict.fromkeys(found))  # a standard key's bindings may repeat a spelled-out one


def _go(key: str, title: str, keys: str) -> Shortcut:
    return Shortcut(f"go.{key}", WINDOW, title, (keys,))


SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut("file.quit", WINDOW, QT_TRANSLATE_NOOP("Shortcuts", "Quit"), ("Ctrl+Q",)),
    Shortcut("edit.undo", WINDOW, QT_TRANSLATE_NOOP("Shortcuts", "Undo"), (StandardKey.Undo,)),
    Shortcut("edit.redo", WINDOW, QT_TRANSLATE_NOOP("Shortcuts", "Redo"), (StandardKey.Redo,)),
    Shortcut("edit.settings", WINDOW, QT_TRANSLATE_NOOP("Shortcuts", "Settings"), ("Ctrl+,",)),
    Shortcut("view.tasks", WINDOW, QT_TRANSLATE_NOOP("Shortcuts", "Show or hide the Tasks panel"), ("Ctrl+Shift+T",)),
    _go("chat", QT_TRANSLATE_NOOP("Shortcuts", "Go to Chat"), "Ctrl+1"),
    _go("audio", QT_TRANSLATE_NOOP("Shortcuts", "Go to Audio"), "Ctrl+2"),
    _go("images", QT_TRANSLATE_NOOP("Shortcuts", "Go to Images"), "Ctrl+3"),
    _go("music", QT_TRANSLATE_NOOP("Shortcuts", "Go to Music"), "Ctrl+4"),
    _go("video", QT_TRANSLATE_NOOP("Shortcuts", "Go to Video"), "Ctrl+5"),
    _go("library", QT_TRANSLATE_NOOP("Shortcuts", "Go to Library"), "Ctrl+6"),
    _go("tools", QT_TRANSLATE_NOOP("Shortcuts", "Go to Tools"), "Ctrl+7"),
    Shortcut(
        "help.shortcuts", WINDOW, QT_TRANSLATE_NOOP("Shortcuts", "Keyboard shortcuts"), (StandardKey.HelpContents,)
    ),
    Shortcut("chat.new", WINDOW, QT_TRANSLATE_NOOP("Shortcuts", "New chat"), (StandardKey.New,)),
    Shortcut(
        "chat.settings_panel",
        WINDOW,
        QT_TRANSLATE_NOOP("Shortcuts", "Show or hide the conversation settings"),
        ("Ctrl+Shift+S",),
    ),
    Shortcut("chat.find", "chat", QT_TRANSLATE_NOOP("Shortcuts", "Search the conversations"), (StandardKey.Find,)),
    Shortcut(
        "composer.send",
        "composer",
        QT_TRANSLATE_NOOP("Shortcuts", "Send (when Enter sends, the default)"),
        ("Return", "Enter"),
    ),
    Shortcut(
        "composer.send_ctrl",
        "composer",
        QT_TRANSLATE_NOOP("Shortcuts", "Send (when Enter makes a new line)"),
        ("Ctrl+Return", "Ctrl+Enter"),
    ),
    Shortcut(
        "composer.stop",
        "composer",
        QT_TRANSLATE_NOOP("Shortcuts", "Stop the reply, or stop editing a message"),
        ("Esc",),
    ),
    Shortcut(
        "image_editor.paste", "image_editor", QT_TRANSLATE_NOOP("Shortcuts", "Paste a picture"), (StandardKey.Paste,)
    ),
    Shortcut("mask.pan", "mask", QT_TRANSLATE_NOOP("Shortcuts", "Hold to move the picture"), ("Space",)),
    Shortcut("mask.smaller", "mask", QT_TRANSLATE_NOOP("Shortcuts", "Smaller brush"), ("[",)),
    Shortcut("mask.bigger", "mask", QT_TRANSLATE_NOOP("Shortcuts", "Bigger brush"), ("]",)),
    Shortcut(
        "image_viewer.zoom_in", "image_viewer", QT_TRANSLATE_NOOP("Shortcuts", "Zoom in"), (StandardKey.ZoomIn, "+")
    ),
    Shortcut(
        "image_viewer.zoom_out", "image_viewer", QT_TRANSLATE_NOOP("Shortcuts", "Zoom out"), (StandardKey.ZoomOut, "-")
    ),
    Shortcut("image_viewer.fit", "image_viewer", QT_TRANSLATE_NOOP("Shortcuts", "Fit the picture"), ("0",)),
    Shortcut(
        "video_player.fullscreen", "video_player", QT_TRANSLATE_NOOP("Shortcuts", "Full screen on or off"), ("F",)
    ),
    Shortcut("video_player.leave", "video_player", QT_TRANSLATE_NOOP("Shortcuts", "Leave full screen"), ("Esc",)),
    Shortcut("video_player.play", "video_player", QT_TRANSLATE_NOOP("Shortcuts", "Play or pause"), ("Space",)),
    Shortcut("video_player.back", "video_player", QT_TRANSLATE_NOOP("Shortcuts", "One frame back"), ("Left", ",")),
    Shortcut(
        "video_player.forward", "video_player", QT_TRANSLATE_NOOP("Shortcuts", "One frame forward"), ("Right", ".")
    ),
)

_BY_NAME = {entry.name: entry for entry in SHORTCUTS}


def shortcut(name: str) -> Shortcut:
    return _BY_NAME[name]


def sequences(name: str) -> list[QKeySequence]:
    return shortcut(name).sequences()


def key_text(name: str) -> str:
    """The first key of `name`, in Qt's portable spelling (what TabSpec.shortcut holds)."""
    found = sequences(name)
    return found[0].toString() if found else ""


def bind(action: QAction, name: str) -> QAction:
    """Give `action` the keys of `name` (and name it, so the table can be checked against the window)."""
    action.setShortcuts(sequences(name))
    action.setObjectName(name)
    return action


def make_shortcut(
    name: str, parent: QWidget, context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut
) -> list[QShortcut]:
    """QShortcuts on `parent` for every key of `name`; connect their `activated`."""
    made = []
    for sequence in sequences(name):
        item = QShortcut(sequence, parent)
        item.setContext(context)
        item.setObjectName(name)
        made.append(item)
    return made


_IGNORED = Qt.KeyboardModifier.KeypadModifier
_SHIFT = Qt.KeyboardModifier.ShiftModifier


def matches(name: str, event: QKeyEvent) -> bool:
    """Whether a key press is one of `name`'s keys (for widgets that read keys in keyPressEvent). A
    plain key ("+", "[", "F") matches with or without Shift, as the layout needs; one with Ctrl or Alt
    only exactly."""
    entry = shortcut(name)
    for key in entry.keys:
        if isinstance(key, StandardKey):
            if event.matches(key):
                return True
            continue
        wanted = QKeySequence(key)
        if wanted.count() != 1:
            continue
        combination = wanted[0]
        modifiers = event.modifiers() & ~_IGNORED
        if combination.keyboardModifiers() == Qt.KeyboardModifier.NoModifier:
            if event.key() == combination.key() and modifiers & ~_SHIFT == Qt.KeyboardModifier.NoModifier:
                return True
        elif event.key() == combination.key() and modifiers == combination.keyboardModifiers():
            return True
    return False


def clashes() -> dict[str, list[str]]:
    """Keys that two entries share where both can fire: within one scope, or a local scope against the
    window. {"Ctrl+N": ["chat.new", "…"]}; empty when the table is sound."""
    owners: dict[tuple[str, str], list[str]] = {}
    for entry in SHORTCUTS:
        for sequence in entry.sequences():
            owners.setdefault((entry.scope, sequence.toString()), []).append(entry.name)
    found: dict[str, list[str]] = {}
    for (scope, key), names in owners.items():
        rivals = list(names)
        if scope != WINDOW:
            rivals += owners.get((WINDOW, key), [])
        if len(rivals) > 1:
            found[key] = sorted(set(found.get(key, [])) | set(rivals))
    return found


def translated_title(entry: Shortcut) -> str:
    return QCoreApplication.translate("Shortcuts", entry.title)


def translated_scope(scope: str) -> str:
    return QCoreApplication.translate("Shortcuts", SCOPES.get(scope, scope))


def shown_sequences(entry: Shortcut) -> list[QKeySequence]:
    """The keys worth listing: a standard key's dedicated keyboard keys ("Undo", "Find") are left out."""
    shown: list[QKeySequence] = []
    for key in entry.keys:
        if isinstance(key, StandardKey):
            for sequence in QKeySequence.keyBindings(key):
                if sequence.isEmpty():
                    continue
                combination = sequence[0]
                named = combination.keyboardModifiers() == Qt.KeyboardModifier.NoModifier
                function_key = Qt.Key.Key_F1.value <= combination.key().value <= Qt.Key.Key_F35.value
                if not named or function_key:
                    shown.append(sequence)
        else:
            shown.append(QKeySequence(key))
    return list(dict.fromkeys(shown))


def native_keys(entry: Shortcut) -> str:
    """The keys as this platform writes them (Ctrl+N, ⌘N), separated by slashes ("," is a key)."""
    return " / ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in shown_sequences(entry))
