"""Numbers, sizes and dates in the interface's locale: the Chinese interface writes 字节, a German
system writes 1,5 MB and 09.10.2025, and an English one 1.5 MB and 10/9/2025."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale

from studio.ui import formats
from studio.ui.i18n import install_translator

MOMENT = 1760000000  # 2025-10-09 08:53 UTC


@pytest.fixture
def locale_named():
    before = QLocale()

    def use(name: str) -> None:
        QLocale.setDefault(QLocale(name))

    yield use
    QLocale.setDefault(before)


def test_sizes_and_numbers_follow_the_locale(locale_named):
    locale_named("en_US")
    assert formats.size(1572864) == "1.5 MB"
    assert formats.number(1234567.891, 2) == "1,234,567.89"
    assert formats.number(1920) == "1,920"
    locale_named("de_DE")
    assert formats.size(1572864) == "1,5 MB"
    assert formats.number(1234567.891, 2) == "1.234.567,89"
    locale_named("zh_CN")
    assert formats.size(512) == "512 字节"


def test_dates_follow_the_locale_with_a_four_digit_year(locale_named, monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    import time

    time.tzset()
    try:
        locale_named("de_DE")
        assert formats.date_time(MOMENT).startswith("09.10.2025")
        locale_named("zh_CN")
        assert formats.date_time(MOMENT).startswith("2025/10/9")
        locale_named("en_US")
        assert formats.date_time(MOMENT).startswith("10/9/2025")
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_the_interface_language_sets_the_locale_for_formats(qapp, locale_named):
    try:
        install_translator(qapp, "zh_CN")
        assert QLocale().language() == QLocale.Language.Chinese
        assert formats.size(2048).upper().endswith("KB") and formats.size(100) == "100 字节"
        install_translator(qapp, "en")
        assert QLocale().language() in (QLocale.Language.English, QLocale.system().language())
    finally:
        install_translator(qapp, "en")
