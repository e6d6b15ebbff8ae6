"""The translation's completeness, read from the source: words put on screen without `tr()` never reach
the catalogue, so lupdate cannot see them missing. The code is parsed (AST) and every call that puts
text on a widget (setText, setToolTip, QLabel(...), addItem, addTab, showMessage, ...) is checked for
prose given as a literal, an f-string or a concatenation instead of through tr()/translate."""

from __future__ import annotations

import ast
from pathlib import Path

from test_i18n import latin_words

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "studio" / "ui", ROOT / "studio" / "qt"]

TEXT_ARGUMENT = {
    # call name -> which positional argument is the text the user reads
    "setText": 0,
    "setToolTip": 0,
    "setPlaceholderText": 0,
    "setWindowTitle": 0,
    "setStatusTip": 0,
    "setAccessibleName": 0,
    "setAccessibleDescription": 0,
    "setWhatsThis": 0,
    "showMessage": 0,
    "setTitle": 0,
    "setLabelText": 0,
    "setInformativeText": 0,
    "setSuffix": 0,
    "setPrefix": 0,
    "setSpecialValueText": 0,
    "setHeaderLabels": 0,
    "addItem": 0,
    "addItems": 0,
    "addMenu": 0,
    "setTabText": 1,
    "setTabToolTip": 1,
    "addTab": 1,
    "insertTab": 2,
    "setItemText": 1,
    "QLabel": 0,
    "QPushButton": 0,
    "QToolButton": 0,
    "QCheckBox": 0,
    "QRadioButton": 0,
    "QGroupBox": 0,
    "QAction": 0,
    "QMenu": 0,
    "QDockWidget": 0,
}
TECHNICAL = {"socks"}
"""Words beyond test_i18n's ALLOWED_LATIN that stay as they are: the proxy protocol (SOCKS5, SOCKS5h)."""
TRANSLATING = {"tr", "translate", "translated", "QT_TRANSLATE_NOOP", "QT_TR_NOOP"}


def literal_text(node: ast.AST) -> str | None:
    """The words a literal-built expression puts on screen (None: not built from literals here)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return " ".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
        parts = [literal_text(node.left), literal_text(node.right)]
        return " ".join(p for p in parts if p) or None
    if isinstance(node, ast.List | ast.Tuple):
        return " ".join(t for e in node.elts if (t := literal_text(e))) or None
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return literal_text(node.func.value)  # "{n} files".format(n=...) is still English
    return None


def is_code(text: str) -> bool:
    """Sample input (JSON, a URL) shown as a hint: the same in every language."""
    stripped = text.strip()
    return stripped.startswith(('{"', '["', "http://", "https://")) or "://" in stripped


def call_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    if isinstance(node.func, ast.Name):
        return node.func.id
    return None


def untranslated_in(source: str, filename: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call):
            continue
        name = call_name(node)
        if name in TRANSLATING:
            # tr(f"...") or tr("a" + b): lupdate cannot collect a string that is built at run time
            position = 1 if name in ("translate", "QT_TRANSLATE_NOOP") else 0
            if name == "translate" and not (node.args and isinstance(getattr(node.args[0], "value", None), str)):
                continue  # painter.translate(x, y), not QCoreApplication.translate("Context", ...)
            if len(node.args) > position and isinstance(node.args[position], ast.JoinedStr | ast.BinOp):
                found.append(f"{filename}:{node.lineno}: {name}() of a string built at run time")
            continue
        index = TEXT_ARGUMENT.get(name or "")
        if index is None or len(node.args) <= index:
            continue
        argument = node.args[index]
        if (
            name in ("addItem", "addTab", "insertTab", "QAction", "QPushButton", "QToolButton")
            and isinstance(argument, ast.Call)
            and call_name(argument) in ("QIcon", "icon", "standardIcon", "fromTheme")
        ) and len(node.args) > index + 1:  # (icon, text, ...)
            argument = node.args[index + 1]
        text = literal_text(argument)
        if text and not is_code(text) and [w for w in latin_words(text) if w.lower() not in TECHNICAL]:
            found.append(f"{filename}:{node.lineno}: {name}({text!r})")
    return found


def test_the_scan_catches_words_put_on_screen_without_tr():
    sample = """
label.setText("Saved")
QPushButton(f"Open {name}")
box.addItem("Pad to a square", "pad")
tabs.addTab(page, "Settings")
bar.showMessage("%d files" % n)
title.setText("{n} songs".format(n=3))
label.setText(self.tr(f"Hello {name}"))
label.setText(self.tr("Saved"))
box.addItem(self.tr("Crop"), "crop")
hint.setPlaceholderText('{"seed": 7}')
label.setText("Suno")
"""
    found = untranslated_in(sample, "sample.py")
    assert [line.split(": ", 1)[1] for line in found] == [
        "setText('Saved')",
        "QPushButton('Open ')",
        "addItem('Pad to a square')",
        "addTab('Settings')",
        "showMessage('%d files')",
        "setText('{n} songs')",
        "tr() of a string built at run time",
    ]


def test_no_widget_text_is_built_outside_tr():
    found = []
    for folder in SOURCES:
        for path in sorted(folder.rglob("*.py")):
            found += untranslated_in(path.read_text("utf-8"), str(path.relative_to(ROOT)))
    assert found == [], "put these through self.tr() (then run packaging/update_translations.py)"
