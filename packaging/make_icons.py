"""Render the tegdesk emblem (resources/icons/tegdesk.svg) to the files platforms want:
PNGs of 16-256 pixels in the freedesktop layout (``hicolor/<n>x<n>/apps/tegdesk.png``),
``tegdesk.ico`` (Windows) and ``tegdesk.icns`` (macOS). Run after changing the SVG:

    QT_QPA_PLATFORM=offscreen python packaging/make_icons.py

Qt (QtSvg) draws the PNGs; Pillow (installed with ReportLab) packs the .ico and .icns.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int, out: Path) -> None:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(out), "PNG"):
        raise SystemExit(f"could not write {out}")


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "tegdesk.svg"))
    if not renderer.isValid():
        raise SystemExit("tegdesk.svg is not a valid SVG")
    pngs = {}
    for size in SIZES:
        pngs[size] = ICONS / "hicolor" / f"{size}x{size}" / "apps" / "tegdesk.png"
        render(renderer, size, pngs[size])
    largest = Image.open(pngs[256])
    largest.save(ICONS / "tegdesk.ico", sizes=[(s, s) for s in SIZES])
    big = ICONS / "hicolor" / "512x512" / "tegdesk.png"  # for the .icns only
    render(renderer, 512, big)
    Image.open(big).save(ICONS / "tegdesk.icns")
    big.unlink()
    big.parent.rmdir()
    print("\n".join(str(p.relative_to(ICONS.parent.parent)) for p in sorted(ICONS.rglob("*.*"))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
