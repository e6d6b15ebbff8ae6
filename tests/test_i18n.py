"""The interface speaks English and Simplified Chinese: the translation is complete, compiled and loaded."""

from __future__ import annotations

import inspect
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from keyring.backends.fail import Keyring as NoKeyring
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QDialogButtonBox

from studio.api import errors
from studio.api.sentences import Sentence
from studio.core.settings import KeyStore, Profile, Settings, StudioPaths
from studio.core.workspace import Workspace
from studio.qt.messages import translated
from studio.ui.i18n import install_translator, resolve_language, translations_dir
from studio.ui.settings_dialog import SettingsDialog

ROOT = Path(__file__).resolve().parent.parent
TS_FILE = translations_dir() / "studio_zh_CN.ts"
QM_FILE = translations_dir() / "studio_zh_CN.qm"
PLACEHOLDER = re.compile(r"\{\w*\}")


def messages(ts_file: Path = TS_FILE) -> list[tuple[str, str, ET.Element | None]]:
    """(context, source, translation element) of every live message in a .ts file."""
    found = []
    for context in ET.parse(ts_file).getroot().iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.get("type") in ("obsolete", "vanished"):
                continue
            found.append((context.findtext("name", ""), message.findtext("source", ""), translation))
    return found


@pytest.fixture
def chinese(qapp):
    assert install_translator(qapp, "zh_CN") == "zh_CN"
    yield
    install_translator(qapp, "en")


def test_every_string_has_a_finished_chinese_translation():
    unfinished = [
        (context, source)
        for context, source, translation in messages()
        if translation is None or translation.get("type") == "unfinished" or not text_of(translation).strip()
    ]
    assert unfinished == [], "run packaging/update_translations.py and translate these"


def test_translations_keep_every_placeholder():
    broken = [
        (source, text_of(translation))
        for _context, source, translation in messages()
        if translation is not None
        and sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text_of(translation)))
    ]
    assert broken == []


def test_the_catalogue_holds_every_string_in_the_code(tmp_path):
    """A fresh lupdate over studio/ui and studio/qt finds nothing the committed .ts lacks."""
    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        import update_translations
    finally:
        sys.path.remove(str(ROOT / "packaging"))
    fresh = tmp_path / "fresh.ts"
    files = [str(path) for path in update_translations.python_sources()]
    lupdate = update_translations.tool("pyside6-lupdate")
    subprocess.run([lupdate, *files, "-no-obsolete", "-ts", str(fresh)], check=True, capture_output=True)
    in_code = {(context, source) for context, source, _ in messages(fresh)}
    in_catalogue = {(context, source) for context, source, _ in messages()}
    assert in_code - in_catalogue == set(), "run packaging/update_translations.py and translate the new strings"


def is_plural(translation) -> bool:
    return translation.find("numerusform") is not None


def text_of(translation) -> str:
    """The translated text; a plural ("%n") message keeps it in its one Chinese <numerusform>."""
    if is_plural(translation):
        return translation.findtext("numerusform") or ""
    return translation.text or ""


def test_the_compiled_catalogue_matches_the_source_catalogue():
    translator = QTranslator()
    assert translator.load(str(QM_FILE))
    stale = [
        source
        for context, source, translation in messages()
        if translation is not None
        and translator.translate(context, source, None, 2 if is_plural(translation) else -1) != text_of(translation)
    ]
    assert stale == [], "the .qm is older than the .ts: run packaging/update_translations.py"


def test_the_settings_dialog_speaks_chinese(chinese, qtbot, studio_home):
    assert QCoreApplication.translate("SettingsDialog", "Settings") == "设置"
    paths = StudioPaths.default()
    settings = Settings(paths, KeyStore(paths.key_file, NoKeyring))
    settings.add_profile(Profile(name="Work"), api_key="key-work")
    workspace = Workspace(settings)
    try:
        dialog = SettingsDialog(workspace)
        qtbot.addWidget(dialog)
        assert dialog.windowTitle() == "设置"
        assert [dialog.pages.tabText(i) for i in range(dialog.pages.count())] == ["配置", "常规"]
        assert dialog.tester.button.text() == "测试连接"
        assert dialog.profile_list.item(0).text() == "Work（使用中）"
        assert dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消", "Qt's own catalogue"
    finally:
        workspace.db.close()


def test_english_is_the_source_language(qapp):
    assert install_translator(qapp, "en") == "en"
    assert QCoreApplication.translate("SettingsDialog", "Settings") == "Settings"


@pytest.mark.parametrize(
    ("asked", "used"),
    [("zh_CN", "zh_CN"), ("zh-CN", "zh_CN"), ("zh", "zh_CN"), ("zh_Hans", "zh_CN"), ("en", "en"), ("fr", "en")],
)
def test_languages_by_name(asked, used):
    assert resolve_language(asked) == used


def test_every_error_sentence_of_the_api_layer_is_in_the_catalogue():
    sentences = {
        cls.user_message
        for _name, cls in inspect.getmembers(errors, inspect.isclass)
        if issubclass(cls, errors.StudioError) and "user_message" in cls.__dict__
    }
    sentences |= set(errors.MIDJOURNEY_REFUSALS.values())
    catalogued = {source for context, source, _ in messages() if context == "ApiMessages"}
    assert sentences - catalogued == set()


def refusal(said: str) -> errors.ApiError:
    import httpx

    request = httpx.Request("POST", "http://gateway.test/v1/chat/completions")
    body = {"error": {"message": said, "code": "model_not_found", "type": None, "param": None}}
    return errors.error_from_response(httpx.Response(400, json=body, request=request))


def test_api_sentences_are_shown_in_chinese_piece_by_piece(chinese):
    assert translated(errors.AuthError()) == "API 密钥未被接受，请检查配置中的密钥。"
    refused = refusal("no channel for gpt-5")
    assert translated(refused) == "网关上没有这个模型，请换一个模型。网关返回：no channel for gpt-5"
    from studio.api.client import check_base_url

    assert translated(check_base_url("ftp://x")) == "接口地址必须以 http:// 或 https:// 开头（当前为“ftp://x”）。"
    assert translated(Sentence("Something new went wrong.")) == "Something new went wrong."


def test_api_sentences_stay_as_they_are_in_english():
    refused = refusal("no channel")
    assert translated(refused) == refused.user_message == (
        "This model is not available on the gateway; choose another model. The gateway said: no channel"
    )


def _tr_calls(path: Path) -> list[tuple[str, str | None, int]]:
    """(context, literal source or None, line) of every tr()/translate() call, f-strings included."""
    import ast

    tree = ast.parse(path.read_text("utf-8"))
    found: list[tuple[str, str | None, int]] = []

    def visit(node: ast.AST, context: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                visit(child, child.name)
                continue
            if isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute):
                name = child.func.attr
                args = child.args
                if name == "tr" and args:
                    literal = args[0].value if isinstance(args[0], ast.Constant) else None
                    found.append((context, literal, child.lineno))
                elif (
                    name == "translate"
                    and isinstance(child.func.value, ast.Name)
                    and child.func.value.id == "QCoreApplication"
                    and len(args) >= 2
                    and isinstance(args[0], ast.Constant)
                    and isinstance(args[1], ast.Constant)  # a variable: a QT_TRANSLATE_NOOP mark elsewhere
                ):
                    found.append((str(args[0].value), args[1].value, child.lineno))
            visit(child, context)

    visit(tree, "")
    return found


def test_every_tr_call_has_a_literal_in_the_catalogue_even_inside_f_strings():
    """lupdate skips tr() inside f-string expressions and cannot read a tr() of a built string; this finds both."""
    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        import update_translations
    finally:
        sys.path.remove(str(ROOT / "packaging"))
    catalogue = {(context, source) for context, source, _ in messages()}
    built, missing = [], []
    for path in update_translations.python_sources():
        if "/ui/" not in str(path) and "/qt/" not in str(path):
            continue
        for context, source, line in _tr_calls(path):
            where = f"{path.relative_to(ROOT)}:{line}"
            if source is None:
                built.append(where)
            elif (context, source) not in catalogue:
                missing.append((where, context, source))
    assert built == [], "tr() of a string built at run time cannot be translated: pass a literal and .format() it"
    assert missing == [], "tr() strings lupdate did not collect (inside an f-string?): move them out"


ALLOWED_LATIN = {
    # names of products, formats and keys, shown as they are in Chinese too
    "uniapi", "studio", "midjourney", "suno", "udio", "luma", "ideogram", "veo", "openai", "json", "txt", "srt",
    "vtt", "webvtt", "mp3", "wav", "png", "api", "url", "http", "https", "socks5", "python", "token", "top",
    "chat", "completions", "responses", "enter", "shift", "ctrl", "esc", "whisper", "gpt", "tts", "mini", "transcribe",
    "alloy", "ash", "ballad", "coral", "echo", "fable", "nova", "onyx", "sage", "shimmer", "verse", "opus", "aac",
    "flac", "pcm", "end", "english", "verbose_json", "del", "backspace", "space", "pgup", "pgdown", "home",
    "schema", "jpeg", "webp", "b64_json",
    # Suno's song-structure tags are written in English in the lyrics themselves
    "chorus", "bridge", "intro", "outro",
    # Luma model names, and the way a request carries a picture
    "ray", "flash", "data", "uri",
    # Midjourney's anime bot and its --zoom parameter
    "niji", "zoom",
    # the Tools tab's vector formats
    "csv", "npy", "base",
}


def latin_words(text: str) -> list[str]:
    return [word for word in re.findall(r"[A-Za-z][A-Za-z_]{2,}", text) if word.lower() not in ALLOWED_LATIN]


def visible_texts(window) -> list[tuple[str, str]]:
    """(where, text) of the window's own words: labels, buttons, menus, titles, placeholders, headers."""
    from PySide6.QtCore import Qt as QtNS
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import (
        QAbstractButton,
        QComboBox,
        QDockWidget,
        QGroupBox,
        QLabel,
        QLineEdit,
        QPlainTextEdit,
        QTabWidget,
    )

    found: list[tuple[str, str]] = []
    for widget in window.findChildren(QLabel):
        if widget.text() and widget.textFormat() != QtNS.TextFormat.RichText:
            found.append((f"label {widget.objectName()}", widget.text()))
    for widget in window.findChildren(QAbstractButton):
        found.append(("button", widget.text()))
    for action in window.findChildren(QAction):
        found.append(("menu", action.text()))
    for widget in window.findChildren(QGroupBox):
        found.append(("group", widget.title()))
    for widget in window.findChildren(QLineEdit) + window.findChildren(QPlainTextEdit):
        found.append(("placeholder", widget.placeholderText()))
    for widget in window.findChildren(QTabWidget):
        found += [("tab", widget.tabText(i)) for i in range(widget.count())]
    for widget in window.findChildren(QDockWidget):
        found.append(("dock", widget.windowTitle()))
    from PySide6.QtWidgets import QTableView

    for view in window.findChildren(QTableView):
        header = view.horizontalHeader()
        model = view.model()
        if model is not None:
            found += [
                ("header", str(model.headerData(c, QtNS.Orientation.Horizontal) or "")) for c in range(header.count())
            ]
    for combo in window.findChildren(QComboBox):
        if not combo.isEditable():  # editable ones list model and voice names
            found += [("choice", combo.itemText(i)) for i in range(combo.count())]
    return [(where, text) for where, text in found if text]


def test_the_window_in_chinese_shows_no_english_words(open_window, qapp):
    """Strings built outside tr() never reach the catalogue; the rendered window shows them."""
    assert install_translator(qapp, "zh_CN") == "zh_CN"
    try:
        window = open_window()
        for spec in window.specs:
            window.show_tab(spec.key)
        profile = window.workspace.profile.name  # the user's own name for it
        english = [
            (where, text)
            for where, text in visible_texts(window)
            if latin_words(text.replace(profile, "")) and not text.lstrip().startswith("{")  # an example of JSON
        ]
    finally:
        install_translator(qapp, "en")
    assert english == [], f"English in the Chinese window (a string outside tr()?): {english}"
