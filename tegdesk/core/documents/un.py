"""UN documents: one neutral content model, laid out as the UN lays documents out.

Every document the secretariat issues for a meeting (the provisional agenda and
its annotated version, the list of participants, later the reports) is a
:class:`UNDocument`: a masthead (or, for correspondence, a letterhead), then a
list of :class:`Block` objects that say *what* each piece of text is (the
title, a numbered item, a sub-item, a paragraph, a heading). The same content
is rendered to PDF here (:func:`render_pdf`, ReportLab) and to DOCX by
:mod:`tegdesk.core.documents.docx_export`, so both formats say the same thing.

The masthead (UN Editorial Manual; DOMAIN.md, "UN document conventions"):

- first line: "United Nations" at the left, the document's symbol at the right,
  a thick rule under both;
- under it the organ at the left ("Economic and Social Commission for Asia and
  the Pacific") and, at the right, "Distr.: General" (or "Limited" for an
  ``L.`` document), the date, the language of this version when it is not the
  original, and "Original: English";
- then the body, the meeting and its place and dates, on documents other than
  the agenda "Item N of the provisional agenda*" with the agenda's symbol as a
  footnote at the foot of the first page, and the title.

Later pages carry the symbol at the top, on the outer side, and the page number
at the foot. All fixed text comes from the catalogs through the document's own
:class:`~tegdesk.core.i18n.Translator`; user text is escaped (``<``, ``&`` and
quotes print literally) and set in the document's faces with fallbacks
(:class:`~tegdesk.core.documents.fonts.DocumentFonts`). The PDF has its title,
author ("ESCAP secretariat", never a person), subject and ``/Lang`` in its
metadata, an outline of its headings, and its fonts embedded as subsets.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from tegdesk.core.documents.fonts import BidiParagraph, DocumentFonts, fonts_for
from tegdesk.core.documents.pages import pdf_lang
from tegdesk.core.documents.text import clean, needs_bidi, right_to_left
from tegdesk.core.i18n import N_, Translator, translator

__all__ = ["AUTHOR", "Block", "Masthead", "UNDocument", "distribution_line", "item_of_agenda", "render_pdf"]

UNITED_NATIONS = N_("United Nations")
AUTHOR = N_("ESCAP secretariat")
DISTR_GENERAL = N_("Distr.: General")
DISTR_LIMITED = N_("Distr.: Limited")
ORIGINAL = N_("Original: {language}")
#: the line under the body and meeting: "Item 3 of the provisional agenda*" ({mark}: the footnote's mark, placed
#: where the language puts it: "临时议程*项目3")
ITEM_OF_AGENDA = N_("Item {item} of the provisional agenda{mark}")
#: the footnote giving the agenda's symbol ("* ESCAP/CED/2022/L.1." in English, "* ESCAP/CED/2022/L.1。" in Chinese)
SYMBOL_FOOTNOTE = N_("{symbol}.")

PAGE = A4
MARGIN_X = 25 * mm
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 22 * mm
#: the UN's indents: paragraph text and item numbers at one step, item text and sub-item letters at two
STEP = 36.0
RULE_THICK = 2.5
FOOT_Y = 11 * mm

#: Block kinds, and what each is
KINDS = {
    "title": "the document's title (a heading of level 1)",
    "subtitle": "a line under the title (e.g. 'Note by the secretariat')",
    "heading": "a heading of level 2 (level 3 with level=3), e.g. 'Annotations', a group of participants",
    "line": "a line of the heading block under the masthead (bold=True for the body's name)",
    "para": "a paragraph of body text, indented one step",
    "numbered": "a numbered paragraph ('1.' then the text, continuing under the number)",
    "item": "an agenda item: its label ('1.') at one step, its text at two (level=1: a sub-item, '(a)')",
    "caption": "a small italic heading inside an item, e.g. 'Documentation'",
    "entry": "a line of a list under a caption or heading (a document, a participant), indented",
    "letter": "a paragraph of correspondence (no indent, spaced)",
    "verbale": "a paragraph of a note verbale (first line indented)",
    "closing": "a line of a closing or signature block",
    "space": "vertical space of `level` points",
}


@dataclass
class Block:
    """One piece of a document's content; :data:`KINDS` says what each kind is."""

    kind: str
    text: str = ""
    label: str = ""
    level: int = 0
    bold: bool = False
    #: the label of this block's bookmark in the outline, when it has one
    outline: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown block kind {self.kind!r}")


@dataclass
class Masthead:
    """The masthead of a UN document (see the module's docstring)."""

    symbol: str
    date: dt.date
    distribution: str = "general"  # "general" or "limited"
    original_language: str = "en"
    organ: str = ""
    #: the lines under it: the body (bold), the meeting, its place and dates
    lines: list[str] = field(default_factory=list)
    #: "Item 3 of the provisional agenda" (the footnote mark and the agenda's symbol are added)
    item: str | None = None
    agenda_symbol: str | None = None


@dataclass
class UNDocument:
    """A document in one language, ready to render to PDF or DOCX."""

    tr: Translator
    title: str  # for the metadata and the outline ("Provisional agenda")
    blocks: list[Block]
    masthead: Masthead | None = None
    #: correspondence: a letterhead (United Nations, organ, secretariat) instead of a masthead
    letterhead: list[str] | None = None
    subject: str = ""
    #: the top line of later pages (the symbol; a reference for correspondence)
    running: str = ""
    #: footnotes of the first page: (mark, text)
    footnotes: list[tuple[str, str]] = field(default_factory=list)

    @property
    def lang(self) -> str:
        return self.tr.lang

    def first_page_notes(self) -> list[tuple[str, str]]:
        """The footnotes of the first page: the agenda's symbol for "Item N of the provisional agenda*", then
        :attr:`footnotes`."""
        head = self.masthead
        notes = item_of_agenda(self.tr, head.item, head.agenda_symbol)[1] if head and head.item else []
        return notes + list(self.footnotes)

    @property
    def metadata_title(self) -> str:
        symbol = self.masthead.symbol if self.masthead else ""
        return f"{self.title} — {symbol}" if symbol else self.title


def distribution_line(tr: Translator, distribution: str) -> str:
    """"Distr.: General", or "Distr.: Limited" for a document of limited distribution."""
    message = DISTR_LIMITED if distribution == "limited" else DISTR_GENERAL
    return tr.gettext(message)


def item_of_agenda(tr: Translator, item: str, agenda_symbol: str | None) -> tuple[str, list[tuple[str, str]]]:
    """"Item 3 of the provisional agenda*" and its footnote ``("*", "ESCAP/CED/2022/L.1.")``."""
    if not agenda_symbol:
        return tr.gettext(ITEM_OF_AGENDA, item=item, mark=""), []
    return (tr.gettext(ITEM_OF_AGENDA, item=item, mark="*"),
            [("*", tr.gettext(SYMBOL_FOOTNOTE, symbol=agenda_symbol))])


#: The languages whose UN documents keep the masthead's distribution block in English
#: ("Distr.: General", the date, "Chinese", "Original: English"), as the Chinese, Russian and
#: Arabic versions of UN documents print it; the French and Spanish versions translate it
#: ("Distr. générale", "Original : anglais").
ENGLISH_DISTRIBUTION_BLOCK = frozenset({"zh", "ru", "ar"})


def masthead_right(tr: Translator, head: Masthead, language_name: Any) -> list[str]:
    """The lines at the right of the masthead: distribution, date, [this version's language], original.

    The version's language stands alone on its line and so begins with a capital ("Español", "Français",
    "Chinese"), as UN mastheads print it; in "Original: inglés" it stays as the catalog writes it. In
    Chinese, Russian and Arabic the block is English (:data:`ENGLISH_DISTRIBUTION_BLOCK`).
    """
    block = translator("en") if tr.lang in ENGLISH_DISTRIBUTION_BLOCK else tr
    lines = [distribution_line(block, head.distribution), block.date(head.date)]
    if head.original_language != tr.lang:
        name = language_name(block, tr.lang)
        lines.append(name[:1].upper() + name[1:])
    lines += ["", block.gettext(ORIGINAL, language=language_name(block, head.original_language))]
    return lines


# -- PDF ----------------------------------------------------------------------------------------

class _Styles:
    """The paragraph styles of one document, in its language's faces."""

    def __init__(self, fonts: DocumentFonts, cjk: bool, rtl: bool = False):
        f = fonts
        size, leading = (10.5, 16) if cjk else (10, 12)
        self.size, self.leading = size, leading
        body = dict(size=size, leading=leading)
        self.un = f.style("un", size=15 if cjk else 14, leading=20, bold=cjk)
        self.symbol = f.style("symbol", size=16, leading=20, bold=True, alignment=TA_RIGHT)
        self.organ = f.style("organ", size=13, leading=17, bold=True)
        self.distr = f.style("distr", size=size, leading=leading)
        self.line = f.style("line", **body)
        self.line_bold = f.style("line-b", bold=True, **body)
        self.title = f.style("title", size=14, leading=18, bold=True, spaceBefore=leading * 1.5,
                             spaceAfter=leading)
        self.subtitle = f.style("subtitle", size=size + 1, leading=leading + 2, spaceAfter=leading)
        self.heading = f.style("heading", size=size + 1, leading=leading + 2, bold=True, spaceBefore=leading,
                               spaceAfter=leading / 2)
        self.heading3 = f.style("heading3", size=size, leading=leading, bold=True, spaceBefore=leading * 0.75,
                                spaceAfter=leading / 3)
        just = TA_LEFT if cjk else TA_JUSTIFY
        self.para = f.style("para", leftIndent=STEP, spaceAfter=leading / 2, alignment=just, **body)
        self.numbered = f.style("numbered", leftIndent=STEP, firstLineIndent=0, spaceAfter=leading / 2,
                                alignment=just, **body)
        self.item = f.style("item", leftIndent=2 * STEP, bulletIndent=STEP, spaceAfter=leading / 2, **body)
        self.sub_item = f.style("sub-item", leftIndent=3 * STEP, bulletIndent=2 * STEP, spaceAfter=leading / 2,
                                **body)
        self.item_bold = f.style("item-b", leftIndent=2 * STEP, bulletIndent=STEP, spaceBefore=leading / 2,
                                 spaceAfter=leading / 2, bold=True, **body)
        self.sub_item_bold = f.style("sub-item-b", leftIndent=3 * STEP, bulletIndent=2 * STEP,
                                     spaceBefore=leading / 4, spaceAfter=leading / 2, bold=True, **body)
        self.caption = f.style("caption", leftIndent=2 * STEP, spaceBefore=leading / 4, spaceAfter=leading / 4,
                               italic=not cjk, bold=cjk, **body)
        self.entry = f.style("entry", leftIndent=2 * STEP, spaceAfter=leading / 4, **body)
        self.entry_flat = f.style("entry-0", leftIndent=STEP, spaceAfter=leading / 4, **body)
        letter = dict(size=size + 1, leading=leading + 2 if not cjk else leading + 1)
        self.letter = f.style("letter", spaceAfter=leading * 0.8, alignment=just, **letter)
        # the first line indented: a step in Latin scripts, two characters in Chinese
        self.verbale = f.style("verbale", firstLineIndent=2 * letter["size"] if cjk else STEP, spaceAfter=leading * 0.8,
                               alignment=just, **letter)
        self.closing = f.style("closing", **letter)
        self.letterhead = f.style("lh", size=12, leading=15, bold=True, alignment=TA_CENTER)
        self.letterhead_small = f.style("lh-s", size=9.5, leading=12, alignment=TA_CENTER)
        self.footnote = f.style("footnote", size=8.5 if not cjk else 9, leading=10.5 if not cjk else 12,
                                leftIndent=STEP, firstLineIndent=-10 if not cjk else -12)
        self.running = f.style("running", size=9, leading=11, bold=True)
        self.running_right = f.style("running-r", size=9, leading=11, bold=True, alignment=TA_RIGHT)
        bold = {"un", "symbol", "organ", "line_bold", "title", "heading", "heading3", "item_bold", "sub_item_bold", "caption",
                "letterhead", "running", "running_right"}
        for name, style in vars(self).items():
            if isinstance(style, ParagraphStyle):  # else the bullet falls back to Helvetica, unembedded
                style.bulletFontName = style.fontName
                style.bulletFontSize = style.fontSize
                style.faux_bold = cjk and name in bold  # WQY has no bold face: drawn stroked
                if rtl:
                    mirror_style(style)


#: an alignment -> its mirror image in a right-to-left document (justified text is set flush right: its lines
#: are broken before ReportLab sees them, and ReportLab sets a line ending in a break flush left)
_MIRRORED_ALIGNMENT = {TA_LEFT: TA_RIGHT, TA_JUSTIFY: TA_RIGHT, TA_RIGHT: TA_LEFT, TA_CENTER: TA_CENTER}


def mirror_style(style: ParagraphStyle) -> None:
    """``style`` mirrored for a right-to-left document: indents swapped, alignment mirrored."""
    style.leftIndent, style.rightIndent = style.rightIndent, style.leftIndent
    style.alignment = _MIRRORED_ALIGNMENT.get(style.alignment, style.alignment)


class _StrokedParagraph(Paragraph):
    """A paragraph drawn filled and stroked: the bold of a face that has none (the Chinese face, WQY)."""

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv._code.append("2 Tr")  # text render mode: fill, then stroke (restored with the graphics state)
        canv.setLineWidth(self.style.fontSize * 0.035)
        super().draw()
        canv.restoreState()


class _Bookmark(Flowable):
    """An outline entry at the place it is drawn (zero height), kept with the heading that follows it."""

    def __init__(self, key: str, label: str, level: int):
        super().__init__()
        self.key, self.label, self.level = key, label, level
        self.width = self.height = 0
        self.keepWithNext = True

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkHorizontal(self.key, 0, 0)
        self.canv.addOutlineEntry(self.label, self.key, level=self.level, closed=False)


class _PdfWriter:
    def __init__(self, doc: UNDocument):
        self.doc = doc
        self.tr = doc.tr
        self.fonts = fonts_for(doc.lang)
        #: a right-to-left document (Arabic): styles mirrored, every line ordered from the right
        self.rtl = doc.tr.rtl
        self.s = _Styles(self.fonts, self.fonts.cjk, self.rtl)
        self.width = PAGE[0] - 2 * MARGIN_X
        self._outline_level = -1
        self._keys = 0

    # -- pieces -----------------------------------------------------------------------------
    def para(self, text: str, style: ParagraphStyle, label: str = "") -> Paragraph:
        """User or catalog text as a Paragraph (escaped; right-to-left text shaped), with a hanging label.

        In a right-to-left document every paragraph is a :class:`BidiParagraph` set flush right (but those of a
        style set flush left, the mirror of a flush-right one: the symbol in the masthead); lines holding Arabic
        run from the right (:func:`right_to_left`), and a label hangs at the right (:meth:`labelled`).
        """
        value = clean(text)
        if self.rtl:
            if label:
                return self.labelled(value, style, label)
            if needs_bidi(value):  # Arabic: from the right even if it starts with a symbol ("ESCAP/... التي")
                para = BidiParagraph(right_to_left(value) if style.alignment != TA_LEFT else value, style,
                                     fonts=self.fonts)
                if style.firstLineIndent > 0 and style.alignment == TA_RIGHT:
                    # a first line indented at its start, the right: ReportLab indents a flush-right first line at
                    # its left; its line offsets (meant for text flowing round an image) move it back right
                    para._offsets = [-style.firstLineIndent, 0.0]
                return para
            if style.alignment != TA_LEFT:  # text left in English: left to right (its stop at its end), flush right
                return BidiParagraph(value, style, fonts=self.fonts)
        if needs_bidi(value):
            return BidiParagraph(value, style, bulletText=label or None, fonts=self.fonts)
        markup = self.fonts.markup(value, style.fontName)
        if label:
            markup = f"<bullet>{self.fonts.markup(label, style.fontName)}</bullet>{markup}"
        if self.fonts.cjk and getattr(style, "faux_bold", False):
            return _StrokedParagraph(markup, style)
        return Paragraph(markup, style)

    def labelled(self, value: str, style: ParagraphStyle, label: str) -> Flowable:
        """A right-to-left paragraph with its label (an item's number) hanging at its right: the mirror of a
        bullet, as a table of two cells (ReportLab draws bullets at the left only)."""
        cell = dict(leftIndent=0, rightIndent=0, firstLineIndent=0, spaceBefore=0, spaceAfter=0)
        text = self.para(value, ParagraphStyle(f"{style.name}-cell", parent=style, **cell))
        mark = ParagraphStyle(f"{style.name}-label", parent=style, alignment=TA_RIGHT, **cell)
        label_width = style.rightIndent - style.bulletIndent
        number = BidiParagraph(right_to_left(clean(label)), mark, fonts=self.fonts)  # "3." read from the right
        table = Table([[text, number]], colWidths=[self.width - style.rightIndent, label_width],
                      hAlign="LEFT", style=TableStyle([
                          ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                          ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                          ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        table.spaceBefore, table.spaceAfter = style.spaceBefore, style.spaceAfter
        return table

    def _strip(self, cells: list[Any], widths: list[float], *commands: tuple[Any, ...]) -> Table:
        return Table([cells], colWidths=widths, style=TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), self.fonts.regular),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            *commands]))

    def masthead(self, head: Masthead) -> list[Flowable]:
        from tegdesk.core.documents.meeting_data import language_name

        s, tr, w = self.s, self.tr, self.width
        # a right-to-left document is the mirror image: "United Nations" and the organ at the right, the symbol
        # and the distribution block at the left (as the Arabic UN documents are)
        order = (lambda cells: cells[::-1]) if self.rtl else (lambda cells: cells)
        top = self._strip(order([self.para(tr.gettext(UNITED_NATIONS), s.un), self.para(head.symbol, s.symbol)]),
                          order([w * 0.45, w * 0.55]), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                          ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                          ("LINEBELOW", (0, 0), (-1, 0), RULE_THICK, colors.black))
        distr = s.distr
        if self.rtl and tr.lang in ENGLISH_DISTRIBUTION_BLOCK:  # the English block reads from the left
            distr = ParagraphStyle("distr-en", parent=s.distr, alignment=TA_LEFT)
        right = [self.para(line, distr) if line else Spacer(1, s.leading / 2)
                 for line in masthead_right(tr, head, language_name)]
        second = self._strip(order([self.para(head.organ, s.organ), right]), order([w * 0.68, w * 0.32]),
                             ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 8),
                             ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                             # a gutter between the organ's name and the block ("для Азии и Distr.:" touched)
                             ("LEFTPADDING", (1, 0), (1, 0), 12) if self.rtl else ("RIGHTPADDING", (0, 0), (0, 0), 12),
                             ("LINEBELOW", (0, 0), (-1, 0), 0.75, colors.black))
        story: list[Flowable] = [top, second, Spacer(1, s.leading)]
        for i, line in enumerate(head.lines):
            story.append(self.para(line, s.line_bold if i == 0 else s.line))
        if head.item:
            line, _ = item_of_agenda(tr, head.item, head.agenda_symbol)
            story.append(Spacer(1, s.leading))
            story.append(self.para(line, s.line))
        return story

    def letterhead(self, lines: list[str]) -> list[Flowable]:
        s = self.s
        story: list[Flowable] = []
        for i, line in enumerate(lines):
            story.append(self.para(line, s.letterhead if i < 2 else s.letterhead_small))
        rule = self._strip([""], [self.width], ("LINEBELOW", (0, 0), (-1, 0), 1.2, colors.black))
        story += [Spacer(1, 4), rule, Spacer(1, self.s.leading * 1.5)]
        return story

    def outline(self, label: str, level: int) -> _Bookmark:
        # an outline may only go one level deeper at a time
        level = min(level, self._outline_level + 1)
        self._outline_level = level
        self._keys += 1
        return _Bookmark(f"b{self._keys}", label, level)

    def block(self, b: Block) -> list[Flowable]:
        s = self.s
        kind = b.kind
        out: list[Flowable] = []
        if b.outline:
            out.append(self.outline(b.outline, 0 if kind == "title" else max(b.level - 1, 1)))
        if kind == "space":
            out.append(Spacer(1, b.level or s.leading))
            return out
        style = {
            "title": s.title, "subtitle": s.subtitle, "line": s.line_bold if b.bold else s.line,
            "heading": s.heading3 if b.level >= 3 else s.heading, "para": s.para, "numbered": s.numbered,
            "caption": s.caption, "entry": s.entry if b.level else s.entry_flat, "letter": s.letter,
            "verbale": s.verbale, "closing": s.closing,
        }.get(kind)
        if kind == "item":
            style = (s.sub_item_bold if b.bold else s.sub_item) if b.level else (s.item_bold if b.bold else s.item)
        assert style is not None
        text = f"{b.label}\u00a0{b.text}" if kind == "numbered" and b.label else b.text
        para = self.para(text, style, b.label if kind == "item" else "")
        if kind in ("title", "subtitle", "heading", "caption", "line") or (kind == "item" and b.bold):
            para.keepWithNext = True
        out.append(para)
        return out

    def story(self) -> list[Flowable]:
        doc = self.doc
        story: list[Flowable] = []
        if doc.masthead is not None:
            story += self.masthead(doc.masthead)
        elif doc.letterhead:
            story += self.letterhead(doc.letterhead)
        closing: list[Flowable] = []
        for b in doc.blocks:
            if b.kind in ("heading", "title"):
                story.append(CondPageBreak(self.s.leading * 6))
            if b.kind == "closing":  # a closing formula and signature block stay on one page
                closing += self.block(b)
                continue
            if closing:
                story.append(KeepTogether(closing))
                closing = []
            story += self.block(b)
        if closing:
            story.append(KeepTogether(closing))
        return story

    # -- pages --------------------------------------------------------------------------------
    def footnotes(self) -> list[Paragraph]:
        return [self.para(f"{mark}\u00a0{text}" if mark else text, self.s.footnote)
                for mark, text in self.doc.first_page_notes()]

    def first_page(self, canv: Canvas, _doc: Any) -> None:
        canv.showOutline()
        notes = self.footnotes()
        if not notes:
            return
        y = MARGIN_BOTTOM
        heights = [p.wrap(self.width, PAGE[1])[1] for p in notes]
        top = y + sum(heights)
        canv.setLineWidth(0.5)
        start = PAGE[0] - MARGIN_X - STEP - 110 if self.rtl else MARGIN_X + STEP  # the rule over the notes
        canv.line(start, top + 4, start + 110, top + 4)
        for para, h in zip(notes, heights, strict=True):
            top -= h
            para.drawOn(canv, MARGIN_X, top)

    def later_page(self, canv: Canvas, _doc: Any) -> None:
        page = canv.getPageNumber()
        s = self.s
        if self.doc.running:
            odd = page % 2 == 1
            head = self.para(self.doc.running, s.running_right if odd else s.running)
            _, h = head.wrap(self.width, 30)
            head.drawOn(canv, MARGIN_X, PAGE[1] - MARGIN_TOP + 14 - h)
            canv.setLineWidth(0.5)
            canv.line(MARGIN_X, PAGE[1] - MARGIN_TOP + 10 - h, PAGE[0] - MARGIN_X, PAGE[1] - MARGIN_TOP + 10 - h)
        number = self.para(self.tr.number(page), s.running_right if page % 2 else s.running)
        number.wrap(self.width, 30)
        number.drawOn(canv, MARGIN_X, FOOT_Y)

    def build(self, out: Any) -> None:
        notes_h = sum(p.wrap(self.width, PAGE[1])[1] for p in self.footnotes())
        reserve = notes_h + 12 if notes_h else 0
        first = Frame(MARGIN_X, MARGIN_BOTTOM + reserve, self.width, PAGE[1] - MARGIN_TOP - MARGIN_BOTTOM - reserve,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="first")
        later = Frame(MARGIN_X, MARGIN_BOTTOM, self.width, PAGE[1] - MARGIN_TOP - MARGIN_BOTTOM - 8,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="later")
        doc = self.doc
        template = BaseDocTemplate(
            out, pagesize=PAGE, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM, title=doc.metadata_title, author=self.tr.gettext(AUTHOR),
            subject=doc.subject, creator="tegdesk", lang=pdf_lang(self.tr.locale),
            initialFontName=self.fonts.regular,
            pageTemplates=[PageTemplate("first", [first], onPage=self.first_page, autoNextPageTemplate="later"),
                           PageTemplate("later", [later], onPage=self.later_page)],
        )
        template.build(self.story())


def render_pdf(doc: UNDocument) -> bytes:
    """The document as PDF bytes."""
    buf = io.BytesIO()
    _PdfWriter(doc).build(buf)
    return buf.getvalue()

