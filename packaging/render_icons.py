"""Render the app icon from its SVG source with Qt's SVG renderer (QtSvg).

    python packaging/render_icons.py

writes resources/icons/hicolor/<N>x<N>/apps/uniapi-studio.png for N in 16 … 512 (the freedesktop icon
theme layout the .deb installs as it is), uniapi-studio.ico (Windows, every size up to 256) and
uniapi-studio.icns (macOS) beside the SVG. The PNGs are committed; run this again after editing the SVG.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SOURCE = ICONS / "uniapi-studio.svg"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
NAME = "uniapi-studio"


def png_path(size: int) -> Path:
    return ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{NAME}.png"


def render(size: int) -> object:
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"{SOURCE} is not an SVG Qt can read.")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def main() -> int:
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - QPainter needs one
    for size in SIZES:
        target = png_path(size)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not render(size).save(str(target), "PNG"):  # type: ignore[attr-defined]
            raise SystemExit(f"Could not write {target}.")
        print(f"{target.relative_to(ICONS.parent.parent)}")
    largest = Image.open(png_path(512))
    ico_sizes = [(s, s) for s in SIZES if s <= 256]
    Image.open(png_path(256)).save(ICONS / f"{NAME}.ico", sizes=ico_sizes)
    largest.save(ICONS / f"{NAME}.icns")
    print(f"resources/icons/{NAME}.ico, resources/icons/{NAME}.icns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
