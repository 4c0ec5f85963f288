"""The bundled TrueType faces in ReportLab, and user text as safe Paragraph markup.

ReportLab embeds TrueType outlines only (see ``resources/fonts/fonts.json``):

- **Liberation Serif** (metric-compatible with Times New Roman, the face of UN
  documents) for Latin and Cyrillic, registered as the family :data:`SERIF`
  with its bold, italic and bold-italic faces, so ``<b>`` and ``<i>`` work;
- **AR PL UMing** (``subfontIndex=0`` of the ``.ttc``: UMing CN), a Song (Ming)
  face, for Chinese body text, as UN Chinese documents are set in SimSun:
  registered as the family :data:`SONG`, whose bold is WenQuanYi Micro Hei
  (UMing has no bold; a Chinese heading is set in a Hei face, never in a fake
  or missing bold). Chinese documents use :data:`SONG` as their base family;
- **WenQuanYi Micro Hei** (``subfontIndex=0`` of the ``.ttc``), a Hei (sans)
  face, for Chinese headings and for Chinese in the other languages' documents,
  registered as :data:`CJK`. It has no bold face: its "bold" is the regular;
- **Noto Naskh Arabic** for Arabic, registered as :data:`ARABIC` with its bold
  face (no italic: its italic is the upright face).

Registration happens once, lazily and thread-safely (:func:`ensure_fonts`):
reading the CJK collection costs a noticeable fraction of a second. The Song
collection (20 MB) is registered only when a document asks for it (a Chinese one).

User text (names, organisations, anything typed or imported) goes through
:meth:`DocumentFonts.markup` before it reaches a ``Paragraph``: it is cleaned of
control characters, escaped (``<``, ``&`` and quotes print literally, they can
never open a tag) and every run of characters the document's base face lacks
is wrapped in ``<font name="...">`` of the first fallback face that has them,
so a Latin, Chinese, Cyrillic and Arabic name mixed in one cell shows no missing
glyph. A character no bundled face has becomes a visible box
(:data:`MISSING_GLYPH`), never an invisible gap; :meth:`DocumentFonts.missing`
lists such characters. :meth:`DocumentFonts.plain` answers whether a text can be
drawn as a plain string cell instead (no markup to parse, no wrapping): much
cheaper in tables.

Right-to-left text (Arabic, Hebrew; :func:`needs_bidi`) needs two steps ReportLab
does not do: *shaping* (``arabic_reshaper`` turns letters into their joined
presentation forms, which Noto Naskh maps) and *ordering* (``python-bidi``'s
``get_display`` lays the logical text out left to right as it must be seen).
Ordering must come after line breaking: reordering a whole paragraph and letting
ReportLab wrap it would put the *last* words of the text on the first line. So
:meth:`DocumentFonts.paragraph` gives such text a :class:`BidiParagraph`, which
measures the shaped words in their faces, breaks them into lines at the width it
is wrapped to, reorders each line on its own (with the paragraph's direction)
and hands ReportLab the lines, already in visual order, joined by ``<br/>``. A
paragraph whose text starts right to left is aligned right. Only texts with
right-to-left characters take this path; they never become plain string cells
(:meth:`DocumentFonts.plain` refuses them). User text that may hold Arabic must
therefore go through :meth:`DocumentFonts.paragraph`, not ``Paragraph(markup(...))``.
"""

from __future__ import annotations

import re
import threading
import unicodedata
import weakref
from dataclasses import dataclass, field
from typing import Any

from arabic_reshaper import ArabicReshaper
from bidi.algorithm import get_display as _legacy_display  # pure Python, in every python-bidi
from bidi.mirror import MIRRORED as _MIRRORED
from reportlab import rl_config
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.fonts import addMapping
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText

try:  # python-bidi >= 0.5: the Rust implementation (with paired brackets)
    from bidi import get_display
    _legacy_bidi = False
except ImportError:  # pragma: no cover (python-bidi 0.4)
    get_display = _legacy_display
    _legacy_bidi = True

from tegdesk.core.documents.text import clean, escape, latin_runs, needs_bidi
from tegdesk.core.i18n import normalize_language
from tegdesk.paths import resource

__all__ = ["ARABIC", "CJK", "FAMILIES", "MISSING_GLYPH", "SERIF", "SONG", "BidiParagraph", "DocumentFonts", "clean",
           "ensure_fonts", "escape", "fonts_for", "needs_bidi", "safe_markup", "text_width", "visual_line"]

#: Registered names. The family name is also the regular face's name.
SERIF = "TegSerif"
SERIF_BOLD = "TegSerif-Bold"
SERIF_ITALIC = "TegSerif-Italic"
SERIF_BOLD_ITALIC = "TegSerif-BoldItalic"
CJK = "WQY"
SONG = "TegSong"
ARABIC = "TegNaskh"
ARABIC_BOLD = "TegNaskh-Bold"
#: Shown for a character no bundled face has (e.g. Devanagari, Thai)
MISSING_GLYPH = "\u25a1"

#: face name -> (file in resources/fonts, subfont index of a collection)
_FACES: dict[str, tuple[str, int | None]] = {
    SERIF: ("LiberationSerif-Regular.ttf", None),
    SERIF_BOLD: ("LiberationSerif-Bold.ttf", None),
    SERIF_ITALIC: ("LiberationSerif-Italic.ttf", None),
    SERIF_BOLD_ITALIC: ("LiberationSerif-BoldItalic.ttf", None),
    CJK: ("wqy-microhei.ttc", 0),
    SONG: ("uming.ttc", 0),
    ARABIC: ("NotoNaskhArabic-Regular.ttf", None),
    ARABIC_BOLD: ("NotoNaskhArabic-Bold.ttf", None),
}

#: family -> (regular, bold, italic, bold italic)
FAMILIES: dict[str, tuple[str, str, str, str]] = {
    SERIF: (SERIF, SERIF_BOLD, SERIF_ITALIC, SERIF_BOLD_ITALIC),
    CJK: (CJK, CJK, CJK, CJK),
    ARABIC: (ARABIC, ARABIC_BOLD, ARABIC, ARABIC_BOLD),
    SONG: (SONG, CJK, SONG, CJK),
}
#: the Chinese families (lines may break between any two characters)
CHINESE = frozenset({CJK, SONG})
#: families every document has; the others are registered when a document first asks for them
_EAGER = (SERIF, CJK, ARABIC)

_lock = threading.Lock()
#: the families registered so far
_registered: set[str] = set()
#: family -> regex matching runs of characters the family's regular face lacks
_gaps: dict[str, re.Pattern[str]] = {}
#: family -> the same runs, joined across the spaces between them (right-to-left lines: one font switch
#: per run of Arabic words, not one per word, and the spaces between Arabic words in the Arabic face)
_spaced_gaps: dict[str, re.Pattern[str]] = {}
#: family -> set of code points it has (for the rare per-character fallback walk)
_cmaps: dict[str, frozenset[int]] = {}


def ensure_fonts(*families: str) -> None:
    """Register the bundled faces with ReportLab, once (safe from any thread); every document calls it.

    The faces of :data:`_EAGER` always; the others among ``families`` (the
    Song collection) only once a document names them.
    """
    wanted = [f for f in FAMILIES if f in _EAGER or f in families]
    if _registered.issuperset(wanted):
        return
    with _lock:
        todo = [f for f in wanted if f not in _registered]
        if not todo:
            return
        # Page streams Flate-compressed only: the ASCII85 layer ReportLab adds by default makes
        # files a quarter larger and, without its optional C accelerator, costs ~0.1 s per 1,000 rows.
        rl_config.useA85 = 0
        faces: dict[str, TTFont] = {}
        for family in todo:
            for name in dict.fromkeys(FAMILIES[family]):
                if name in faces or name in pdfmetrics.getRegisteredFontNames():
                    continue
                filename, index = _FACES[name]
                kwargs: dict[str, Any] = {} if index is None else {"subfontIndex": index}
                faces[name] = TTFont(name, str(resource("fonts", filename)), **kwargs)
                pdfmetrics.registerFont(faces[name])
        for family in todo:
            normal, bold, italic, bold_italic = FAMILIES[family]
            pdfmetrics.registerFontFamily(family, normal=normal, bold=bold, italic=italic, boldItalic=bold_italic)
            points = _points(normal)
            _cmaps[family] = points
            # The family covers what its regular *and* bold faces have: a character only UMing has falls back
            # (to UMing itself, see fonts_for) rather than go missing in the Song family's bold, WQY.
            lacks = f"[^{_char_class(points & _points(bold))}]+"
            _gaps[family] = re.compile(lacks)
            _spaced_gaps[family] = re.compile(f"{lacks}(?: +{lacks})*")
        # A face shared by several styles (WQY has no bold, Naskh no italic) must read back as the plainest
        # style, or text after a <font name="WQY"> switch would turn bold italic; and a face that is one
        # family's regular (WQY) and another's bold (the Song family's) reads back as its own family's regular.
        done = [f for f in FAMILIES if f in _registered or f in todo]
        for family in done:
            addMapping(family.lower(), 1, 0, FAMILIES[family][1])
        for family in done:
            addMapping(family.lower(), 0, 0, FAMILIES[family][0])
        _registered.update(todo)


def _points(face: str) -> frozenset[int]:
    """The code points a registered face has a glyph for."""
    return frozenset(cp for cp, glyph in pdfmetrics.getFont(face).face.charToGlyph.items() if glyph and cp >= 0x20)


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
    widths, default = _metrics(font)
    try:
        return sum(map(widths.__getitem__, map(ord, text))) * size / 1000
    except KeyError:
        return sum(widths.get(ord(ch), default) for ch in text) * size / 1000


def _metrics(font: str) -> tuple[dict[int, float], float]:
    entry = _widths.get(font)
    if entry is None:
        face = pdfmetrics.getFont(font).face
        entry = _widths[font] = (face.charWidths, face.defaultWidth)
    return entry


# -- fonts of one document ------------------------------------------------------------

@dataclass(frozen=True)
class DocumentFonts:
    """The faces of one document: a base family and the fallbacks for what it lacks."""

    base: str = SERIF
    fallbacks: tuple[str, ...] = (CJK, ARABIC)
    #: the Paragraph class user text with no right-to-left script is set with
    #: (right-to-left text is set with :class:`BidiParagraph`)
    paragraph_class: type[Paragraph] = field(default=Paragraph, compare=False)

    def __post_init__(self) -> None:
        ensure_fonts(self.base, *self.fallbacks)

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
        """Whether the base family is a Chinese one (and lines may break between any characters)."""
        return self.base in CHINESE

    def covers(self, text: str) -> bool:
        """Whether the base face has every character of (cleaned) ``text``."""
        return not _gaps[self.base].search(text.replace("\n", " "))

    def missing(self, text: str) -> str:
        """The characters of ``text`` that no face of this document has (shown as boxes)."""
        chains = [_cmaps[self.base], *(_cmaps[f] for f in self.fallbacks)]
        return "".join(sorted({ch for ch in clean(text) if ch not in "\n" and
                               not any(ord(ch) in points for points in chains)}))

    def latin_face(self, font: str) -> str | None:
        """The face for Latin letters and digits in text set in ``font``: in a Chinese document Liberation Serif
        (Times New Roman's metrics, as UN Chinese documents set Latin), bold in bold text; ``None`` elsewhere."""
        if not self.cjk:
            return None
        faces = FAMILIES[self.base]
        if font == faces[0]:
            return FAMILIES[SERIF][0]
        if font == faces[1]:
            return FAMILIES[SERIF][1]
        return None

    def markup(self, text: object, font: str | None = None) -> str:
        """``text`` as Paragraph markup: escaped, line breaks as ``<br/>``, fallback runs tagged; with the
        paragraph's ``font``, Latin runs of a Chinese document in their face (:meth:`latin_face`).

        The characters stay in logical order and unshaped: right-to-left text
        needs :meth:`paragraph`.
        """
        markup = self._markup(clean(text))
        latin = self.latin_face(font) if font else None
        return latin_runs(markup, latin) if latin and markup else markup

    def _markup(self, value: str) -> str:
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
                    ch = self._box
            if face != current:
                flush()
                current = face
            chunk.append(ch)
        flush()
        return "".join(out)

    @property
    def _box(self) -> str:
        return MISSING_GLYPH if ord(MISSING_GLYPH) in _cmaps[self.base] else "?"

    def _spaced_runs(self, value: str) -> list[tuple[str | None, str]]:
        """``(fallback family, or None for the base face; text)`` runs of one line, the spaces between two
        fallback runs kept in the fallback's face (what :meth:`_line_markup` sets)."""
        runs: list[tuple[str | None, str]] = []
        pos = 0
        for match in _spaced_gaps[self.base].finditer(value):
            if match.start() > pos:
                runs.append((None, value[pos:match.start()]))
            current: str | None = None
            chunk: list[str] = []
            for ch in match.group():
                if ch == " ":
                    face = current if current is not None and 0x20 in _cmaps[current] else None
                else:
                    cp = ord(ch)
                    face = next((f for f in self.fallbacks if cp in _cmaps[f]), None)
                    if face is None:  # no bundled face has it: a visible box, never a silent gap
                        ch = self._box
                if face != current and chunk:
                    runs.append((current, "".join(chunk)))
                    chunk = []
                current = face
                chunk.append(ch)
            runs.append((current, "".join(chunk)))
            pos = match.end()
        if pos < len(value):
            runs.append((None, value[pos:]))
        return runs

    def _line_markup(self, value: str, style: int = 0) -> str:
        """One line (already shaped and ordered) as markup, by :meth:`_spaced_runs`; fallback runs in the face
        of ``style`` (a ``<font name>`` switch does not inherit the paragraph's bold)."""
        return "".join(escape(text) if face is None else f'<font name="{FAMILIES[face][style]}">{escape(text)}</font>'
                       for face, text in self._spaced_runs(value))

    def _line_width(self, value: str, size: float, style: int) -> float:
        """Width of one line as :meth:`_line_markup` sets it."""
        return sum(text_width(text, FAMILIES[face or self.base][style], size) for face, text in self._spaced_runs(value))

    def width(self, text: str, size: float, style: int = 0) -> float:
        """Width of one line of (cleaned) ``text`` as :meth:`markup` sets it: each run in its face.

        ``style`` is 0 regular, 1 bold, 2 italic, 3 bold italic.
        """
        base = FAMILIES[self.base][style]
        try:  # the common case: the base face has every character
            return sum(map(_metrics(base)[0].__getitem__, map(ord, text))) * size / 1000
        except KeyError:
            pass
        total = 0.0
        pos = 0
        for match in _gaps[self.base].finditer(text):
            total += text_width(text[pos:match.start()], base, size)
            for ch in match.group():
                cp = ord(ch)
                family = next((f for f in self.fallbacks if cp in _cmaps[f]), None)
                total += (text_width(ch, FAMILIES[family][style], size) if family
                          else text_width(self._box, base, size))
            pos = match.end()
        return total + text_width(text[pos:], base, size)

    def plain(self, text: str, font: str, size: float, width: float) -> bool:
        """Whether cleaned ``text`` can be a plain string cell: one face, no bidi, fits ``width`` per line."""
        if not self.covers(text) or needs_bidi(text) or (self.latin_face(font) and _HAS_LATIN.search(text)):
            return False
        return all(text_width(line, font, size) <= width for line in text.split("\n"))

    def paragraph(self, text: object, style: ParagraphStyle, *, width: float | None = None) -> Paragraph:
        """User text as a Paragraph of ``style`` (escaped, with fallbacks; right-to-left text shaped and
        ordered line by line, see :class:`BidiParagraph`).

        ``width``, the width the paragraph will be wrapped to, if known, spares a
        right-to-left paragraph a second layout.
        """
        value = clean(text)
        if needs_bidi(value):
            return BidiParagraph(value, style, fonts=self, width=width)
        return self.paragraph_class(self.markup(value, style.fontName), style)

    def style(self, name: str, *, size: float = 10, leading: float | None = None, bold: bool = False,
              italic: bool = False, **kwargs: Any) -> ParagraphStyle:
        """A ParagraphStyle in this document's base face (CJK line breaking for Chinese)."""
        faces = FAMILIES[self.base]
        font = faces[3] if bold and italic else faces[1] if bold else faces[2] if italic else faces[0]
        kwargs.setdefault("wordWrap", "CJK" if self.cjk else None)
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading or round(size * 1.2, 2),
                              **kwargs)


def fonts_for(lang: str) -> DocumentFonts:
    """The faces for a document in ``lang``.

    Chinese: body text in the Song face (UMing), bold and headings in the Hei
    face (WQY), with WQY first among the fallbacks (it has symbols and Greek
    UMing lacks) and UMing last (the rare ideographs WQY lacks: in bold text they
    are set in UMing's regular rather than missing); the others in Liberation Serif.
    """
    if normalize_language(lang) == "zh":
        return DocumentFonts(base=SONG, fallbacks=(CJK, SERIF, ARABIC, SONG))
    return DocumentFonts(base=SERIF, fallbacks=(CJK, ARABIC))


def safe_markup(text: object, lang: str = "en") -> str:
    """Shortcut: :meth:`DocumentFonts.markup` with the faces of ``lang``."""
    return fonts_for(lang).markup(text)


# -- right-to-left text -------------------------------------------------------------------

# Lam-alef is compulsory; the "Allah" ligature is left out: arabic_reshaper applies it inside longer
# words too (اللهجة, "dialect"), and the letters joined one by one read correctly.
_reshaper = ArabicReshaper(configuration={"support_ligatures": True, "ARABIC LIGATURE ALLAH": False})
#: explicit embeddings, overrides, isolates and marks: they have done their work once a line is ordered
_BIDI_CONTROLS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
_STRONG = {"L": False, "R": True, "AL": True}
#: bidi classes reset to the paragraph level at the end of a line (UAX #9, L1)
_TRAILING = frozenset({"WS", "BN", "LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"})
_LEVEL = re.compile(r"Level\(\s*(\d+)")
_WORD = re.compile("[^ ]+")
_HAS_LATIN = re.compile("[A-Za-z0-9\u00c0-\u024f]")  # what latin_runs sets apart in Chinese documents
#: a style -> the same, aligned right (for paragraphs that start right to left)
_right_aligned: weakref.WeakKeyDictionary[ParagraphStyle, ParagraphStyle] = weakref.WeakKeyDictionary()
#: keeps a line measured to fit from being re-broken by ReportLab over rounding
_FIT_MARGIN = 0.01


def _shape(text: str) -> str:
    """Arabic letters as their joined presentation forms (logical order kept; other text untouched)."""
    return _reshaper.reshape(text)


def _is_rtl(text: str) -> bool:
    """The paragraph direction (UAX #9, P2-P3): that of the first strong character; left to right if none."""
    for ch in text:
        rtl = _STRONG.get(unicodedata.bidirectional(ch))
        if rtl is not None:
            return rtl
    return False


def _levels(text: str, rtl: bool) -> list[int] | None:
    """The resolved embedding level of each character of a paragraph (one line of text, no breaks).

    From python-bidi's Rust implementation (UAX #9 with paired brackets), which
    gives its levels only with ``debug=True``, per UTF-8 byte. ``None`` if they
    cannot be read (python-bidi 0.4, or another debug format): see :func:`_visual`.
    """
    if _legacy_bidi:
        return None
    info = get_display(text, base_dir="R" if rtl else "L", debug=True)
    per_byte = _LEVEL.findall(info.rpartition("levels: [")[2].partition("]")[0])
    levels: list[int] = []
    at = 0
    for ch in text:
        if at >= len(per_byte):
            return None
        levels.append(int(per_byte[at]))
        cp = ord(ch)
        at += 1 if cp < 0x80 else 2 if cp < 0x800 else 3 if cp < 0x10000 else 4
    return levels if at == len(per_byte) else None


def _visual(text: str, levels: list[int] | None, rtl: bool) -> str:
    """One line of a paragraph (its characters and their levels) in the order it is drawn, left to right.

    The paragraph's levels are resolved once, on the whole paragraph; each line
    is then reordered on its own (UAX #9, L1-L2) and the characters of
    right-to-left runs mirrored (L4: "(" drawn as ")"), which the Rust
    ``get_display`` does not do. Without levels, python-bidi's pure-Python
    ``get_display`` orders the line (it mirrors, but does not pair brackets).
    """
    if levels is None:
        return _BIDI_CONTROLS.sub("", _legacy_display(text, base_dir="R" if rtl else "L"))
    base = 1 if rtl else 0
    levels = list(levels)
    end = len(text)
    while end and unicodedata.bidirectional(text[end - 1]) in _TRAILING:  # L1
        end -= 1
        levels[end] = base
    odd = [level for level in levels if level % 2]
    if not odd:
        return _BIDI_CONTROLS.sub("", text)
    order = list(range(len(text)))
    for level in range(max(levels), min(odd) - 1, -1):  # L2
        i = 0
        while i < len(order):
            if levels[order[i]] < level:
                i += 1
                continue
            j = i
            while j < len(order) and levels[order[j]] >= level:
                j += 1
            order[i:j] = order[i:j][::-1]
            i = j
    out = "".join(_MIRRORED.get(text[k], text[k]) if levels[k] % 2 else text[k] for k in order)  # L4
    return _BIDI_CONTROLS.sub("", out)


def visual_line(text: str) -> str:
    """One line of right-to-left (or mixed) text shaped and in the order it is drawn, left to right: for text
    drawn as a single string (a chart's label), where no :class:`BidiParagraph` can go."""
    shaped = _shape(" ".join(clean(text).split()))
    rtl = _is_rtl(shaped)
    return _visual(shaped, _levels(shaped, rtl), rtl)


def _style_index(fonts: DocumentFonts, style: ParagraphStyle) -> int:
    faces = FAMILIES[fonts.base]
    return faces.index(style.fontName) if style.fontName in faces else 0


class _BidiText:
    """Right-to-left text laid out for a width: shaped and resolved once, broken into visual lines per width."""

    def __init__(self, fonts: DocumentFonts, text: str, style: ParagraphStyle):
        self.fonts = fonts
        self.size = style.fontSize
        self.face = _style_index(fonts, style)
        # The widest space of the faces: a space between Arabic words is set in the Arabic face, others in the
        # base face; measuring each with the widest keeps a line measured to fit from overflowing.
        self.space = max(text_width(" ", FAMILIES[f][self.face], self.size)
                         for f in (fonts.base, *fonts.fallbacks) if 0x20 in _cmaps[f])
        #: per hard line: the shaped text, its direction, its levels, its words (start, end, width)
        self.paragraphs: list[tuple[str, bool, list[int] | None, list[tuple[int, int, float]]]] = []
        for line in text.split("\n"):
            shaped = _shape(line)
            rtl = _is_rtl(shaped)
            words = [(m.start(), m.end(), fonts._line_width(m.group(), self.size, self.face))
                     for m in _WORD.finditer(shaped)]
            self.paragraphs.append((shaped, rtl, _levels(shaped, rtl) if words else None, words))
        self.rtl = self.paragraphs[0][1]
        self.natural = max((sum(w for *_, w in words) + self.space * max(len(words) - 1, 0)
                            for *_, words in self.paragraphs), default=0.0)

    def fits(self, width: float) -> bool:
        """Whether every hard line fits ``width`` unbroken."""
        return self.natural <= width - _FIT_MARGIN

    def markup(self, width: float | None) -> str:
        """The Paragraph markup: each line (broken at ``width``; ``None``: at hard breaks only) in visual order."""
        out: list[str] = []
        for shaped, rtl, levels, words in self.paragraphs:
            if not words:
                out.append("")
                continue
            spans = [(words[0][0], words[-1][1])] if width is None else self._break(shaped, words, width - _FIT_MARGIN)
            for start, end in spans:
                line = _visual(shaped[start:end], levels[start:end] if levels is not None else None, rtl)
                out.append(self.fonts._line_markup(line, self.face))
        return "<br/>".join(out)

    def _break(self, text: str, words: list[tuple[int, int, float]], width: float) -> list[tuple[int, int]]:
        """Greedy line breaking in logical order, as (start, end) spans; a word wider than a line is cut."""
        lines: list[tuple[int, int]] = []
        start = end = -1
        used = 0.0
        for w_start, w_end, w in words:
            if start >= 0 and used + self.space + w <= width:
                end = w_end
                used += self.space + w
                continue
            if start >= 0:
                lines.append((start, end))
            if w <= width:
                start, end, used = w_start, w_end, w
                continue
            pieces = self._cut(text, w_start, w_end, width)
            lines.extend(pieces[:-1])
            start, end = pieces[-1]
            used = self.fonts._line_width(text[start:end], self.size, self.face)
        if start >= 0:
            lines.append((start, end))
        return lines

    def _cut(self, text: str, start: int, end: int, width: float) -> list[tuple[int, int]]:
        """A word wider than ``width`` as pieces that fit, cut between characters."""
        pieces: list[tuple[int, int]] = []
        used = 0.0
        for i in range(start, end):
            w = self.fonts._line_width(text[i], self.size, self.face)
            if i > start and used + w > width:
                pieces.append((start, i))
                start, used = i, 0.0
            used += w
        pieces.append((start, end))
        return pieces


class BidiParagraph(Paragraph):
    """A Paragraph of right-to-left (or mixed) text: shaped, broken into lines, each line in visual order.

    Made by :meth:`DocumentFonts.paragraph` from the cleaned logical text. The
    lines are computed for the width the paragraph is wrapped to (again if it is
    wrapped to another width) and handed to ReportLab already broken, so
    ReportLab only draws them; the pieces of a :meth:`split` are plain
    Paragraphs of those lines. A paragraph that starts right to left is aligned
    right where its style says left.
    """

    def __init__(self, text: str | None, style: ParagraphStyle | None = None, bulletText: str | None = None,
                 frags: Any = None, caseSensitive: int = 1, encoding: str = "utf8", *,  # noqa: N803
                 fonts: DocumentFonts | None = None, width: float | None = None):
        self._bidi: _BidiText | None = None
        self._laid_for: float | None = None
        if fonts is not None and frags is None and style is not None:
            self._bidi = _BidiText(fonts, text or "", style)
            if self._bidi.rtl and style.alignment == TA_LEFT:
                style = _right_aligned_style(style)
            if width is not None:
                width = self._line_width(width, style)
            text = self._bidi.markup(width)
            self._laid_for = width
        super().__init__(text, style, bulletText, frags, caseSensitive, encoding)

    @staticmethod
    def _line_width(avail: float, style: ParagraphStyle) -> float:
        return avail - style.leftIndent - style.rightIndent - max(style.firstLineIndent, 0)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        bidi = self._bidi
        if bidi is not None:
            width = self._line_width(availWidth, self.style)
            if width != self._laid_for and not (self._laid_for is None and bidi.fits(width)):
                self._setup(bidi.markup(width), self.style, self.bulletText, None, cleanBlockQuotedText)
                self._laid_for = width
        return super().wrap(availWidth, availHeight)


def _right_aligned_style(style: ParagraphStyle) -> ParagraphStyle:
    right = _right_aligned.get(style)
    if right is None:
        right = _right_aligned[style] = ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT)
    return right
