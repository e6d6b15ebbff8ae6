"""Numbers, sizes and dates as the interface's locale writes them (QLocale): 1.5 MB or 1,5 MB,
1,234.50 or 1.234,50, 10/9/2025 or 2025/10/9. Durations stay as clocks (1:05, 1:02:03), which read
the same everywhere. `install_translator` makes the default locale follow the interface language."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QLocale


def size(byte_count: int) -> str:
    """1.5 MB (1024-based, as file managers show it)."""
    return QLocale().formattedDataSize(byte_count, 1, QLocale.DataSizeFormat.DataSizeTraditionalFormat)


def number(value: float, decimals: int = 0) -> str:
    """With the locale's decimal point and digit grouping."""
    if decimals == 0:
        return QLocale().toString(round(value))
    return QLocale().toString(float(value), "f", decimals)


def date_time(epoch_seconds: float) -> str:
    """The locale's short date and time, with a four-digit year."""
    locale = QLocale()
    pattern = locale.dateTimeFormat(QLocale.FormatType.ShortFormat)
    if "yyyy" not in pattern:
        pattern = pattern.replace("yy", "yyyy")
    return locale.toString(QDateTime.fromSecsSinceEpoch(int(epoch_seconds)), pattern)


def follow_language(language: str) -> QLocale:
    """Make `language` ("en", "zh_CN") the default locale for formatting; the system's own regional
    formats are kept when it speaks that language (an English UI on an en_GB system writes 9/10/2025)."""
    system = QLocale.system()
    wanted = QLocale(language)
    chosen = system if system.language() == wanted.language() else wanted
    QLocale.setDefault(chosen)
    return chosen
