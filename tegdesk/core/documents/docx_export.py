"""UN documents as DOCX (python-docx), for screen-reader users and last edits in a word processor (R6).

The same :class:`~tegdesk.core.documents.un.UNDocument` the PDF is drawn from,
written with Word's own structure rather than a picture of the page:

- the document's title is ``Heading 1``, its sections ``Heading 2``, groups and
  the items under "Annotations" ``Heading 3``, so that a screen reader can list
  and jump between them (and Word builds its navigation pane from them);
- the language is set on the document defaults, on every style and every run
  (``w:lang`` with ``w:val``, ``w:eastAsia`` for Chinese, ``w:bidi`` for
  Arabic), and in the core properties, so that spelling and speech use the
  right language;
- an Arabic document is right to left throughout: every paragraph (and the
  defaults and the section) has ``w:bidi``, every run ``w:rtl``; Word reads a
  right-to-left paragraph's alignment, indents and tab stops from its start
  (the right), so the same values mirror the page: the distribution block
  stands at the left, the symbol at the left of the top line;
- the faces are those of UN documents: Times New Roman, SimSun for Chinese,
  and for Arabic the Naskh face of the PDF as the complex-script face; every
  size, bold and italic has its complex-script twin (``w:szCs``, ``w:bCs``,
  ``w:iCs``), which is what Word sizes and weights Arabic letters by;
- the title, the author ("ESCAP secretariat") and the subject are in the core
  properties.

No layout tables: the masthead is a sequence of paragraphs (the distribution
block indented at the right), read in the order it is seen. Footnotes of the
first page follow the masthead's block as a small paragraph (python-docx writes
no footnote part).
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document as new_docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from tegdesk.core.documents.text import clean
from tegdesk.core.documents.un import AUTHOR, UNITED_NATIONS, Block, Masthead, UNDocument, item_of_agenda, masthead_right

__all__ = ["LANGUAGE_TAGS", "docx_language", "render_docx"]

#: The language tags Word uses for each UN language
LANGUAGE_TAGS = {"en": "en-GB", "zh": "zh-CN", "fr": "fr-FR", "ru": "ru-RU", "es": "es-ES", "ar": "ar-SA"}
LATIN_FACE = "Times New Roman"
CJK_FACE = "SimSun"
#: the complex-script face of Arabic documents: the Naskh face the PDF is set in (resources/fonts)
ARABIC_FACE = "Noto Naskh Arabic"
TEXT_WIDTH = Cm(16)
STEP = Cm(1.27)


def docx_language(lang: str) -> str:
    return LANGUAGE_TAGS.get(lang, lang)


class _DocxWriter:
    def __init__(self, doc: UNDocument):
        self.doc = doc
        self.tr = doc.tr
        self.tag = docx_language(doc.lang)
        self.rtl = doc.lang == "ar"
        self.cjk = doc.lang == "zh"
        self.d = new_docx()
        self.size = Pt(10.5 if self.cjk else 10)

    # -- language and faces ------------------------------------------------------------------
    def _lang_element(self) -> Any:
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), self.tag)
        lang.set(qn("w:eastAsia"), self.tag if self.cjk else "zh-CN")
        lang.set(qn("w:bidi"), self.tag if self.rtl else "ar-SA")
        return lang

    def _set_rpr(self, rpr: Any) -> None:
        """Language and faces on a run's or a style's properties."""
        for old in rpr.findall(qn("w:lang")) + rpr.findall(qn("w:rFonts")):
            rpr.remove(old)
        fonts = OxmlElement("w:rFonts")
        fonts.set(qn("w:ascii"), LATIN_FACE)
        fonts.set(qn("w:hAnsi"), LATIN_FACE)
        fonts.set(qn("w:eastAsia"), CJK_FACE)
        fonts.set(qn("w:cs"), ARABIC_FACE if self.rtl else LATIN_FACE)
        rpr.insert(0, fonts)
        if self.rtl and rpr.find(qn("w:rtl")) is None:
            _insert_ordered(rpr, OxmlElement("w:rtl"), _RPR_ORDER)
        _insert_ordered(rpr, self._lang_element(), _RPR_ORDER)

    def setup_styles(self) -> None:
        d = self.d
        defaults = d.styles.element.find(qn("w:docDefaults"))
        rpr_default = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
        if rpr_default is not None:
            rpr = rpr_default.find(qn("w:rPr"))
            if rpr is None:
                rpr = OxmlElement("w:rPr")
                rpr_default.append(rpr)
            self._set_rpr(rpr)
        if self.rtl and defaults is not None:
            ppr_default = defaults.find(qn("w:pPrDefault"))
            if ppr_default is None:
                ppr_default = OxmlElement("w:pPrDefault")
                defaults.append(ppr_default)
            ppr = ppr_default.find(qn("w:pPr"))
            if ppr is None:
                ppr = OxmlElement("w:pPr")
                ppr_default.append(ppr)
            _insert_ppr(ppr, OxmlElement("w:bidi"))
        sizes = {"Normal": self.size, "Title": Pt(14), "Heading 1": Pt(14), "Heading 2": Pt(11.5),
                 "Heading 3": self.size, "Subtitle": Pt(11)}
        for style in d.styles:
            if style.type not in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER):
                continue
            self._set_rpr(style.element.get_or_add_rPr())
            if style.name in sizes:
                style.font.size = sizes[style.name]
                style.font.color.rgb = RGBColor(0, 0, 0)
                style.font.italic = False
                if style.name.startswith("Heading"):
                    style.font.bold = True
                    fmt = style.paragraph_format
                    fmt.space_before = Pt(12)
                    fmt.space_after = Pt(6)
                    fmt.keep_with_next = True
        d.styles["Normal"].paragraph_format.space_after = Pt(6)
        section = d.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin, section.bottom_margin = Cm(2), Cm(2.2)
        if self.rtl:  # the section's own direction: its columns and page numbers run from the right
            _insert_ordered(section._sectPr, OxmlElement("w:bidi"), _SECT_ORDER)

    # -- paragraphs --------------------------------------------------------------------------
    def paragraph(self, text: str = "", style: str | None = None, *, bold: bool = False, italic: bool = False,
                  size: Any = None, indent: Any = None, hanging: Any = None, align: Any = None,
                  space_after: Any = None) -> Any:
        p = self.d.add_paragraph(style=style)
        if text:
            self.runs(p, text, bold=bold, italic=italic, size=size)
        fmt = p.paragraph_format
        if indent is not None:
            fmt.left_indent = indent
        if hanging is not None:
            fmt.first_line_indent = -hanging
        if align is not None:
            fmt.alignment = align
        if space_after is not None:
            fmt.space_after = space_after
        if self.rtl:
            _insert_ppr(p._p.get_or_add_pPr(), OxmlElement("w:bidi"))
        return p

    def runs(self, p: Any, text: str, *, bold: bool = False, italic: bool = False, size: Any = None) -> None:
        """``text`` as runs: line breaks become breaks, tabs tabs; the language on each run."""
        # tabs are ours (between a label and its text): split on them before clean() turns them into spaces
        for j, part in enumerate(text.split("\t")):
            if j:
                self._mark(p.add_run()).add_tab()
            for i, piece in enumerate(clean(part).split("\n")):
                if i:
                    self._mark(p.add_run()).add_break()
                if piece:
                    run = p.add_run(piece)
                    run.bold = bold or None
                    run.italic = italic or None
                    if size is not None:
                        run.font.size = size
                    self._mark(run)

    def _mark(self, run: Any) -> Any:
        """The run with the document's language and faces."""
        self._set_rpr(run._r.get_or_add_rPr())
        return run

    @staticmethod
    def border_below(p: Any, size: int) -> None:
        """A rule under a paragraph (``size`` in eighths of a point)."""
        ppr = p._p.get_or_add_pPr()
        borders = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        bottom.set(qn("w:val"), "single")
        bottom.set(qn("w:sz"), str(size))
        bottom.set(qn("w:space"), "1")
        bottom.set(qn("w:color"), "000000")
        borders.append(bottom)
        _insert_ppr(ppr, borders)

    def masthead(self, head: Masthead) -> None:
        from tegdesk.core.documents.meeting_data import language_name

        tr = self.tr
        p = self.paragraph(size=Pt(14))
        p.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
        self.runs(p, tr.gettext(UNITED_NATIONS), size=Pt(14))
        self.runs(p, "\t" + head.symbol, bold=True, size=Pt(16))
        self.border_below(p, 24)
        self.paragraph(head.organ, bold=True, size=Pt(13), space_after=Pt(4))
        right = masthead_right(tr, head, language_name)
        for i, line in enumerate(right):
            q = self.paragraph(line, indent=Cm(11.2), space_after=Pt(0))
            if i == len(right) - 1:
                self.border_below(q, 6)
                q.paragraph_format.space_after = Pt(12)
        for i, line in enumerate(head.lines):
            self.paragraph(line, bold=i == 0, space_after=Pt(0))
        if head.item:
            line, _ = item_of_agenda(tr, head.item, head.agenda_symbol)
            q = self.paragraph(line)
            q.paragraph_format.space_before = Pt(12)
        for mark, text in self.doc.first_page_notes():
            self.paragraph(f"{mark} {text}" if mark else text, size=Pt(8.5), indent=STEP)

    def letterhead(self, lines: list[str]) -> None:
        for i, line in enumerate(lines):
            p = self.paragraph(line, bold=i < 2, size=Pt(12 if i < 2 else 9.5), align=WD_ALIGN_PARAGRAPH.CENTER,
                               space_after=Pt(0))
        self.border_below(p, 10)
        p.paragraph_format.space_after = Pt(18)

    def block(self, b: Block) -> None:
        kind = b.kind
        if kind == "title":
            self.paragraph(b.text, "Heading 1")
        elif kind == "subtitle":
            self.paragraph(b.text, "Subtitle")
        elif kind == "heading":
            self.paragraph(b.text, "Heading 3" if b.level >= 3 else "Heading 2")
        elif kind == "line":
            self.paragraph(b.text, bold=b.bold, space_after=Pt(0))
        elif kind in ("para", "numbered"):
            text = f"{b.label}\t{b.text}" if kind == "numbered" and b.label else b.text
            self.paragraph(text, indent=STEP, align=None if self.cjk else WD_ALIGN_PARAGRAPH.JUSTIFY)
        elif kind == "item":
            style = "Heading 3" if b.bold else None
            indent = STEP * (2 + b.level)
            p = self.paragraph(f"{b.label}\t{b.text}", style, indent=indent, hanging=STEP)
            p.paragraph_format.tab_stops.add_tab_stop(indent)
        elif kind == "caption":
            self.paragraph(b.text, italic=not self.cjk, bold=self.cjk, indent=STEP * 2, space_after=Pt(2))
        elif kind == "entry":
            self.paragraph(b.text, indent=STEP * (2 if b.level else 1), space_after=Pt(3))
        elif kind == "letter":
            self.paragraph(b.text, size=Pt(11), space_after=Pt(9))
        elif kind == "verbale":
            p = self.paragraph(b.text, size=Pt(11), space_after=Pt(9),
                               align=None if self.cjk else WD_ALIGN_PARAGRAPH.JUSTIFY)
            if not self.cjk:
                p.paragraph_format.first_line_indent = STEP
        elif kind == "closing":
            self.paragraph(b.text, size=Pt(11), space_after=Pt(0))
        elif kind == "space":
            self.paragraph(space_after=Pt(b.level or 12))

    def build(self) -> bytes:
        doc = self.doc
        self.setup_styles()
        props = self.d.core_properties
        props.title = doc.metadata_title
        props.author = self.tr.gettext(AUTHOR)
        props.last_modified_by = self.tr.gettext(AUTHOR)
        props.subject = doc.subject
        props.language = self.tag
        if doc.masthead is not None:
            self.masthead(doc.masthead)
        elif doc.letterhead:
            self.letterhead(doc.letterhead)
        for b in doc.blocks:
            self.block(b)
        for root in (self.d.element, self.d.styles.element):
            _complex_script_twins(root)
        buf = io.BytesIO()
        self.d.save(buf)
        return buf.getvalue()


#: the order of a paragraph's properties in WordprocessingML (ECMA-376 CT_PPrBase), as python-docx knows it
_PPR_ORDER = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
              "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku",
              "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
              "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
              "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
              "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


#: the order of a section's properties (CT_SectPr)
_SECT_ORDER = ("w:footnotePr", "w:endnotePr", "w:type", "w:pgSz", "w:pgMar", "w:paperSrc", "w:pgBorders",
               "w:lnNumType", "w:pgNumType", "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg",
               "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")
#: the order of a run's properties (CT_RPr)
_RPR_ORDER = ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
              "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
              "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs",
              "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
              "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")

#: a run property and its complex-script twin, which Word applies to Arabic (and other complex-script) letters
_TWINS = {qn("w:sz"): "w:szCs", qn("w:b"): "w:bCs", qn("w:i"): "w:iCs"}


def _insert_ordered(parent: Any, element: Any, seq: tuple[str, ...]) -> None:
    """Add ``element`` to ``parent`` in the order the schema ``seq`` requires (Word refuses others),
    replacing an element of the same name."""
    tag = element.tag
    names = [qn(t) for t in seq]
    successors = seq[names.index(tag) + 1:] if tag in names else ()
    for old in parent.findall(tag):
        parent.remove(old)
    parent.insert_element_before(element, *successors)


def _insert_ppr(ppr: Any, element: Any) -> None:
    """Add ``element`` to a paragraph's properties in the order the schema requires."""
    _insert_ordered(ppr, element, _PPR_ORDER)


def _complex_script_twins(root: Any) -> None:
    """Give every size, bold and italic under ``root`` its complex-script twin (same value), so that Arabic
    letters are as large and as bold as the Latin ones beside them."""
    for rpr in root.iter(qn("w:rPr")):
        for child in list(rpr):
            twin = _TWINS.get(child.tag)
            if twin is None or rpr.find(qn(twin)) is not None:
                continue
            element = OxmlElement(twin)
            for name, value in child.attrib.items():
                element.set(name, value)
            _insert_ordered(rpr, element, _RPR_ORDER)


def render_docx(doc: UNDocument) -> bytes:
    """The document as DOCX bytes."""
    return _DocxWriter(doc).build()
