"""The desktop packaging's files agree with each other and with the app (the build itself runs in CI:
`packaging/build.sh --install-test`, see .ci/run)."""

from __future__ import annotations

import configparser
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from studio.app import X11_LIBRARIES

ROOT = Path(__file__).resolve().parent.parent
LINUX = ROOT / "packaging" / "linux"
ICONS = ROOT / "resources" / "icons"


def debian_depends() -> list[str]:
    lines = (LINUX / "depends.txt").read_text().splitlines()
    return [line.split()[0] for line in lines if line.strip() and not line.startswith("#")]


def test_the_deb_depends_on_every_library_the_app_checks_for_and_ci_installs_them() -> None:
    depends = debian_depends()
    assert set(X11_LIBRARIES.values()) <= set(depends)  # what `studio` names when one is missing
    assert "libpulse0" in depends  # QtMultimedia's sound output
    ci_apt_line = (ROOT / ".ci" / "run").read_text()
    for package in depends:
        if package != "libc6":
            assert re.search(rf"\b{re.escape(package)}\b", ci_apt_line), package


def test_every_icon_size_is_rendered_at_its_size_from_the_svg() -> None:
    from PySide6.QtGui import QImage

    assert (ICONS / "uniapi-studio.svg").read_text().lstrip().startswith("<?xml")
    for size in (16, 22, 24, 32, 48, 64, 128, 256, 512):
        image = QImage(str(ICONS / "hicolor" / f"{size}x{size}" / "apps" / "uniapi-studio.png"))
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel()
        assert image.pixelColor(0, 0).alpha() == 0  # the rounded tile leaves its corners clear
        assert image.pixelColor(size // 2, size // 8).alpha() == 255
    assert (ICONS / "uniapi-studio.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    assert (ICONS / "uniapi-studio.icns").read_bytes()[:4] == b"icns"


def test_the_desktop_file_starts_the_launcher_with_the_installed_icon() -> None:
    desktop = configparser.ConfigParser(interpolation=None)
    desktop.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    desktop.read(LINUX / "io.uniapi.Studio.desktop", encoding="utf-8")
    entry = desktop["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Exec"].split()[0] == "uniapi-studio"
    assert (LINUX / "uniapi-studio.sh").read_text().strip().endswith('exec /opt/uniapi-studio/uniapi-studio "$@"')
    assert entry["Icon"] == "uniapi-studio"
    assert entry["Name[zh_CN]"]
    mime_types = entry["MimeType"].rstrip(";").split(";")
    assert {"audio/mpeg", "image/png", "video/mp4"} <= set(mime_types)


def test_the_metainfo_names_the_desktop_file_and_the_version_build_sh_fills_in() -> None:
    root = ElementTree.parse(LINUX / "io.uniapi.Studio.metainfo.xml").getroot()
    assert root.findtext("id") == "io.uniapi.Studio"
    assert root.find("launchable").text == "io.uniapi.Studio.desktop"  # type: ignore[union-attr]
    assert root.find("releases/release").get("version") == "@VERSION@"  # type: ignore[union-attr]
    build = (ROOT / "packaging" / "build.sh").read_text()
    assert "s/@VERSION@/$VERSION/" in build and "io.uniapi.Studio.metainfo.xml" in build
