"""Refresh the Chinese translation: collect every `tr()` string, then compile the `.qm` the app loads.

    .venv/bin/python packaging/update_translations.py          # lupdate + lrelease
    .venv/bin/python packaging/update_translations.py --check  # also fail if anything is untranslated

New strings arrive in `resources/i18n/studio_zh_CN.ts` as "unfinished"; translate them with
`pyside6-linguist resources/i18n/studio_zh_CN.ts` (or edit the XML), then run this script again.
Strings that vanished from the code are dropped (`-no-obsolete`).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "studio" / "ui", ROOT / "studio" / "qt", ROOT / "studio" / "core", ROOT / "studio" / "api"]
"""studio/api and studio/core hold the sentences they raise, marked with QT_TRANSLATE_NOOP (see
studio/api/sentences.py); the widgets' own strings are in studio/ui and studio/qt."""
TS_FILE = ROOT / "resources" / "i18n" / "studio_zh_CN.ts"


def tool(name: str) -> str:
    """The PySide6 tool beside this interpreter (the venv's), else whatever is on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} was not found; install PySide6 into this environment.")
    return found


def python_sources() -> list[Path]:
    return sorted(path for folder in SOURCES for path in folder.rglob("*.py") if "__pycache__" not in path.parts)


def untranslated(ts_file: Path = TS_FILE) -> list[tuple[str, str]]:
    """(context, source) of every message that still needs a translation."""
    missing = []
    for context in ET.parse(ts_file).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type") if translation is not None else "unfinished"
            if kind in ("obsolete", "vanished"):
                continue
            forms = [translation.text or ""] if translation is not None else []
            if translation is not None:  # a plural ("%n") message keeps its text in <numerusform>s
                forms += [form.text or "" for form in translation.iter("numerusform")]
            if kind == "unfinished" or not any(form.strip() for form in forms):
                missing.append((name, message.findtext("source", "")))
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 if any string is untranslated")
    args = parser.parse_args(argv)
    TS_FILE.parent.mkdir(parents=True, exist_ok=True)
    files = [str(path.relative_to(ROOT)) for path in python_sources()]
    subprocess.run(
        [tool("pyside6-lupdate"), *files, "-no-obsolete", "-locations", "relative", "-ts", str(TS_FILE)],
        cwd=ROOT,
        check=True,
    )
    subprocess.run([tool("pyside6-lrelease"), str(TS_FILE), "-qm", str(TS_FILE.with_suffix(".qm"))], check=True)
    missing = untranslated()
    for context, source in missing:
        print(f"untranslated: [{context}] {source}")
    print(f"{len(missing)} untranslated string(s) in {TS_FILE.relative_to(ROOT)}")
    return 1 if missing and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
