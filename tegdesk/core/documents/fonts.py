"""The bundled TrueType faces in ReportLab, and user text as safe Paragraph markup.

ReportLab embeds TrueType outlines only (see ``resources/fonts/fonts.json``):

- **Liberation Serif** (metric-compatible with Times New Roman, the face of UN
  documents) for Latin and Cyrillic, registered as the family :data:`SERIF`
  with its bold, italic and bold-italic faces, so ``<b>`` and ``<i>`` work;
- **WenQuanYi Micro Hei** (``subfontIndex=0`` of the ``.ttc``) for Chinese,
  registered as :data:`CJK`. It has no bold face: its "bold" is the regular.

Registration happens once, lazily and thread-safely (:func:`ensure_fonts`):
reading the CJK collection costs a noticeable fraction of a second.

User text (names, organisations, anything typed or imported) goes through
:meth:`DocumentFonts.markup` before it reaches a ``Paragraph``: it is cleaned of
control characters, escaped (``<``, ``&`` and quotes print literally, they can
never open a tag) and every run of characters the document's base face lacks
is wrapped in ``<font name="...">`` of the first fallback face that has them,
so a Latin, Chinese and Cyrillic name mixed in one cell shows no missing glyph.
A character no bundled face has becomes a visible box (:data:`MISSING_GLYPH`),
never an invisible gap; :meth:`DocumentFonts.missing` lists such characters.
:meth:`DocumentFonts.plain` answers whether a text can be drawn as a plain
string cell instead (no markup to parse, no wrapping): much cheaper in tables.

Right-to-left scripts (Arabic, issue 7) plug in here: add the Arabic face to
:data:`_FACES` and to the fallbacks, and give :class:`DocumentFonts` a
``paragraph_class`` that reorders each *wrapped line* (shaping, then bidi),
since a whole-paragraph reordering breaks once the text wraps.
:func:`needs_bidi` already tells which texts need it; such texts never take the
plain-string path (:meth:`DocumentFonts.plain` refuses them), so every place a
bidi step is needed goes through :meth:`DocumentFonts.paragraph`.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Any

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph

from tegdesk.core.documents.text import clean, escape, needs_bidi
from tegdesk.core.i18n import normalize_language
from tegdesk.paths import resource

__all__ = ["CJK", "FAMILIES", "MISSING_GLYPH", "SERIF", "DocumentFonts", "clean", "ensure_fonts", "escape",
           "fonts_for", "needs_bidi", "safe_markup", "text_width"]

#: Registered names. The family name is also the regular face's name.
SERIF = "TegSerif"
SERIF_BOLD = "TegSerif-Bold"
SERIF_ITALIC = "TegSerif-Italic"
SERIF_BOLD_ITALIC = "TegSerif-BoldItalic"
CJK = "WQY"
#: Shown for a character no bundled face has (e.g. Arabic until issue 7 bundles a face for it)
MISSING_GLYPH = "\u25a1"

#: face name -> (file in resources/fonts, subfont index of a collection)
_FACES: dict[str, tuple[str, int | None]] = {
    SERIF: ("LiberationSerif-Regular.ttf", None),
    SERIF_BOLD: ("LiberationSerif-Bold.ttf", None),
    SERIF_ITALIC: ("LiberationSerif-Italic.ttf", None),
    SERIF_BOLD_ITALIC: ("LiberationSerif-BoldItalic.ttf", None),
    CJK: ("wqy-microhei.ttc", 0),
}

#: family -> (regular, bold, italic, bold italic)
FAMILIES: dict[str, tuple[str, str, str, str]] = {
    SERIF: (SERIF, SERIF_BOLD, SERIF_ITALIC, SERIF_BOLD_ITALIC),
    CJK: (CJK, CJK, CJK, CJK),
}

_lock = threading.Lock()
_ready = False
#: family -> regex matching runs of characters the family's regular face lacks
_gaps: dict[str, re.Pattern[str]] = {}
#: family -> set of code points it has (for the rare per-character fallback walk)
_cmaps: dict[str, frozenset[int]] = {}


def ensure_fonts() -> None:
    """Register the bundled faces with ReportLab, once (safe from any thread); every document calls it."""
    global _ready
    if _ready:
        return
    with _lock:
        if _ready:
            return
        # Page streams Flate-compressed only: the ASCII85 layer ReportLab adds by default makes
        # files a quarter larger and, without its optional C accelerator, costs ~0.1 s per 1,000 rows.
        rl_config.useA85 = 0
        faces: dict[str, TTFont] = {}
        for name, (filename, index) in _FACES.items():
            kwargs: dict[str, Any] = {} if index is None else {"subfontIndex": index}
            faces[name] = TTFont(name, str(resource("fonts", filename)), **kwargs)
            pdfmetrics.registerFont(faces[name])
        for family, (normal, bold, italic, bold_italic) in FAMILIES.items():
            pdfmetrics.registerFontFamily(family, normal=normal, bold=bold, italic=italic, boldItalic=bold_italic)
            # A face shared by several styles (WQY has no bold) must read back as the regular
            # style, or text after a <font name="WQY"> switch would turn bold italic.
            addMapping(family.lower(), 0, 0, normal)
            points = frozenset(cp for cp, glyph in faces[normal].face.charToGlyph.items() if glyph and cp >= 0x20)
            _cmaps[family] = points
            _gaps[family] = re.compile(f"[^{_char_class(points)}]+")
        _ready = True


def _char_class(points: frozenset[int]) -> str:
    """A regex character-class body listing ``points`` as ranges."""
    parts: list[str] = []
    ordered = sorted(points)
    start = prev = ordered[0]
    for cp in ordered[1:] + [-1]:
        if cp == prev + 1:
            prev = cp
            continue
        parts.append(f"\\U{start:08x}" if start == prev else f"\\U{start:08x}-\\U{prev:08x}")
        start = prev = cp
    return "".join(parts)


_widths: dict[str, tuple[dict[int, float], float]] = {}


def text_width(text: str, font: str, size: float) -> float:
    """Width of ``text`` in a registered TrueType face, like ``pdfmetrics.stringWidth`` but faster.

    (ReportLab's own measure runs in pure Python unless the optional ``rl_accel``
    extension is installed.)
    """
    entry = _widths.get(font)
    if entry is None:
        face = pdfmetrics.getFont(font).face
        entry = _widths[font] = (face.charWidths, face.defaultWidth)
    widths, default = entry
    try:
        return sum(map(widths.__getitem__, map(ord, text))) * size / 1000
    except KeyError:
        return sum(widths.get(ord(ch), default) for ch in text) * size / 1000


# -- fonts of one document ------------------------------------------------------------

@dataclass(frozen=True)
class DocumentFonts:
    """The faces of one document: a base family and the fallbacks for what it lacks."""

    base: str = SERIF
    fallbacks: tuple[str, ...] = (CJK,)
    #: the Paragraph class user text is set with (issue 7: a per-line bidi subclass)
    paragraph_class: type[Paragraph] = field(default=Paragraph, compare=False)

    def __post_init__(self) -> None:
        ensure_fonts()

    @property
    def regular(self) -> str:
        return FAMILIES[self.base][0]

    @property
    def bold(self) -> str:
        return FAMILIES[self.base][1]

    @property
    def italic(self) -> str:
        return FAMILIES[self.base][2]

    @property
    def cjk(self) -> bool:
        """Whether the base face is the Chinese one (and lines may break between any characters)."""
        return self.base == CJK

    def covers(self, text: str) -> bool:
        """Whether the base face has every character of (cleaned) ``text``."""
        return not _gaps[self.base].search(text.replace("\n", " "))

    def missing(self, text: str) -> str:
        """The characters of ``text`` that no face of this document has (shown as boxes)."""
        chains = [_cmaps[self.base], *(_cmaps[f] for f in self.fallbacks)]
        return "".join(sorted({ch for ch in clean(text) if ch not in "\n" and
                               not any(ord(ch) in points for points in chains)}))

    def markup(self, text: object) -> str:
        """``text`` as Paragraph markup: escaped, line breaks as ``<br/>``, fallback runs tagged."""
        value = clean(text)
        if not value:
            return ""
        gaps = _gaps[self.base]
        out: list[str] = []
        pos = 0
        for match in gaps.finditer(value):
            out.append(escape(value[pos:match.start()]))
            out.append(self._fallback_markup(match.group()))
            pos = match.end()
        out.append(escape(value[pos:]))
        result = "".join(out)
        return result.replace("\n", "<br/>") if "\n" in value else result

    def _fallback_markup(self, run: str) -> str:
        """A run the base face lacks, split among the fallbacks (the base keeps what none has)."""
        out: list[str] = []
        current: str | None = None
        chunk: list[str] = []

        def flush() -> None:
            if chunk:
                text = escape("".join(chunk))
                out.append(f'<font name="{current}">{text}</font>' if current else text)
                chunk.clear()

        for ch in run:
            if ch == "\n":
                face = None
            else:
                cp = ord(ch)
                face = next((f for f in self.fallbacks if cp in _cmaps[f]), None)
                if face is None:  # no bundled face has it: a visible box, never a silent gap
                    ch = MISSING_GLYPH if ord(MISSING_GLYPH) in _cmaps[self.base] else "?"
            if face != current:
                flush()
                current = face
            chunk.append(ch)
        flush()
        return "".join(out)

    def plain(self, text: str, font: str, size: float, width: float) -> bool:
        """Whether cleaned ``text`` can be a plain string cell: one face, no bidi, fits ``width`` per line."""
        if not self.covers(text) or needs_bidi(text):
            return False
        return all(text_width(line, font, size) <= width for line in text.split("\n"))

    def paragraph(self, text: object, style: ParagraphStyle) -> Paragraph:
        """User text as a Paragraph of ``style`` (escaped, with fallbacks)."""
        return self.paragraph_class(self.markup(text), style)

    def style(self, name: str, *, size: float = 10, leading: float | None = None, bold: bool = False,
              italic: bool = False, **kwargs: Any) -> ParagraphStyle:
        """A ParagraphStyle in this document's base face (CJK line breaking for Chinese)."""
        faces = FAMILIES[self.base]
        font = faces[3] if bold and italic else faces[1] if bold else faces[2] if italic else faces[0]
        kwargs.setdefault("wordWrap", "CJK" if self.cjk else None)
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading or round(size * 1.2, 2),
                              **kwargs)


def fonts_for(lang: str) -> DocumentFonts:
    """The faces for a document in ``lang``: Chinese is set in WQY entirely, the others in Liberation Serif."""
    if normalize_language(lang) == "zh":
        return DocumentFonts(base=CJK, fallbacks=(SERIF,))
    return DocumentFonts(base=SERIF, fallbacks=(CJK,))


def safe_markup(text: object, lang: str = "en") -> str:
    """Shortcut: :meth:`DocumentFonts.markup` with the faces of ``lang``."""
    return fonts_for(lang).markup(text)
