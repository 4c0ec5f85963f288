"""The bundled fonts: registered with Qt, and described for the About box.

``resources/fonts/fonts.json`` lists each family, its files and its licence.
WenQuanYi Micro Hei is appended to the application font's family list, so that
Chinese is drawn with it whenever the system has no CJK face (no boxes).

A font marked ``"interface": false`` (AR PL UMing, the Song face of Chinese
documents) is for the documents only: the interface keeps its sans faces, and
Qt would otherwise read a 20 MB collection at every start for no visible use.
It is still listed, with its licence, in the About box.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from PySide6.QtGui import QFont, QFontDatabase, QFontInfo
from PySide6.QtWidgets import QApplication

from tegdesk.paths import resource

CJK_FAMILY = "WenQuanYi Micro Hei"

_registered: list[str] | None = None


@dataclass(frozen=True)
class BundledFont:
    family: str
    files: tuple[str, ...]
    purpose: str
    license: str
    license_file: str
    source: str
    #: whether the interface registers it with Qt (else it serves the documents only)
    interface: bool = True


def bundled_fonts() -> list[BundledFont]:
    """The fonts of ``fonts.json``, in its order."""
    data = json.loads(resource("fonts", "fonts.json").read_text(encoding="utf-8"))
    return [
        BundledFont(
            family=entry["family"],
            files=tuple(entry.get("files", ())),
            purpose=entry.get("purpose", ""),
            license=entry.get("license", ""),
            license_file=entry.get("license_file", ""),
            source=entry.get("source", ""),
            interface=bool(entry.get("interface", True)),
        )
        for entry in data.get("fonts", [])
    ]


def register_bundled_fonts() -> list[str]:
    """Add every bundled font file to Qt's font database (once); return the families."""
    global _registered
    if _registered is None:
        families: list[str] = []
        for font in bundled_fonts():
            if not font.interface:
                continue
            for name in font.files:
                font_id = QFontDatabase.addApplicationFont(str(resource("fonts", name)))
                for family in QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else ():
                    if family not in families:
                        families.append(family)
        _registered = families
    return list(_registered)


def apply_cjk_fallback(app: QApplication) -> None:
    """Make the bundled CJK face a fallback of the application font.

    The face the system actually resolves (e.g. "Noto Sans" for the generic "Sans Serif")
    is named first: Qt matches a family list by exact names, so a generic alias before the
    CJK face would let the CJK face draw Latin text too, with its full-width punctuation
    (French "d’experts" drawn as "d’ experts")."""
    font = QFont(app.font())
    resolved = QFontInfo(font).family()
    families = [f for f in (resolved, *(font.families() or [font.family()])) if f and f != CJK_FAMILY]
    families = list(dict.fromkeys(families))
    font.setFamilies([*families, CJK_FAMILY])
    app.setFont(font)
