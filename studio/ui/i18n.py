"""The interface language: English (the source strings) or Simplified Chinese (`studio_zh_CN.qm`).

Qt's own `qtbase_zh_CN.qm` is loaded as well, so standard buttons (OK, Cancel, Apply) and dialogs match.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

import studio

from .formats import follow_language

log = logging.getLogger(__name__)

ENGLISH = "en"
CHINESE = "zh_CN"
LANGUAGES = (ENGLISH, CHINESE)

# Translators must outlive the call that installs them; Qt does not keep a reference.
_installed: list[QTranslator] = []


def resources_dir() -> Path:
    """`resources/` at the repository top; `studio/resources` when a package build moved it inside."""
    package = Path(studio.__file__).resolve().parent
    top = package.parent / "resources"
    inside = package / "resources"
    return inside if inside.is_dir() and not top.is_dir() else top


def translations_dir() -> Path:
    return resources_dir() / "i18n"


def system_language() -> str:
    """Simplified Chinese for a Chinese system locale not written in traditional script, else English."""
    locale = QLocale.system()
    if locale.language() == QLocale.Language.Chinese and locale.script() != QLocale.Script.TraditionalChineseScript:
        return CHINESE
    return ENGLISH


def resolve_language(language: str | None) -> str:
    """None or "" follows the system; "zh", "zh_CN", "zh-Hans" mean Simplified Chinese; anything else English."""
    if not language:
        return system_language()
    normal = language.replace("-", "_").lower()
    if normal in ("zh", "zh_cn", "zh_hans", "zh_sg", "zh_hans_cn"):
        return CHINESE
    return ENGLISH


def install_translator(app: QCoreApplication, language: str | None) -> str:
    """Install the studio's and Qt's translations for `language`; returns the language now in use.

    Calling it again replaces the previous translators, so `install_translator(app, "en")` undoes it.
    """
    for translator in _installed:
        app.removeTranslator(translator)
        translator.deleteLater()
    _installed.clear()
    wanted = resolve_language(language)
    follow_language(wanted)
    if wanted == ENGLISH:
        return ENGLISH
    studio_translator = QTranslator(app)
    qm = translations_dir() / f"studio_{wanted}.qm"
    if not studio_translator.load(str(qm)):
        log.warning("The %s translation (%s) is missing; the interface stays in English.", wanted, qm)
        return ENGLISH
    qt_translator = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_translator.load(f"qtbase_{wanted}", qt_dir):
        app.installTranslator(qt_translator)
        _installed.append(qt_translator)
    else:
        log.info("Qt's own %s translation is not installed; standard buttons stay in English.", wanted)
    app.installTranslator(studio_translator)
    _installed.append(studio_translator)
    return wanted
