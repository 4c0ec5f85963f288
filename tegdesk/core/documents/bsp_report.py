"""The annual report on the Bali Strategic Plan (B5), as a UN document with figures.

Laid out in the manner of the secretariat's reports to the Committee (seed 002,
ESCAP/CED/2022/1): the UN masthead (:mod:`tegdesk.core.documents.un`), the title and
"Note by the secretariat", a summary, then sections numbered I, II ... (一、二 ... in
Chinese) whose paragraphs are numbered through the document, figures numbered
Figure I, II ... with a caption and a unit line, and numbered tables. Later pages carry
the symbol at the top and their number at the foot.

Every sentence states a figure computed by :func:`~tegdesk.core.reports.bsp_figures`
(what each counts is said there); nothing is written that the data does not say, so
the report's last section lists gaps and shortfalls as facts and leaves the lessons to
the secretariat. The charts are those of :mod:`tegdesk.core.documents.charts`, the very
ones the Reports page shows. User text (subjects, titles, names, assessments) is
escaped by the document model; the PDF has its title, author, subject and language in
its metadata.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable, HRFlowable, KeepTogether, Spacer, Table, TableStyle
from sqlmodel import select

from tegdesk.core.documents.bsp_text import ReportText
from tegdesk.core.documents.charts import WIDTH as CHART_WIDTH
from tegdesk.core.documents.charts import Chart, bsp_charts
from tegdesk.core.documents.meeting_export import _write_atomically
from tegdesk.core.documents.un import STEP, Block, Masthead, UNDocument, _PdfWriter, mirror_style
from tegdesk.core.errors import UserError
from tegdesk.core.i18n import N_, Translator, translator
from tegdesk.core.models import Body
from tegdesk.core.reports.bsp_figures import BspFigures, bsp_figures

__all__ = ["FigureBlock", "TableBlock", "bsp_report_document", "build_bsp_report", "export_bsp_report",
           "figure_number"]

BAD_FORMAT = N_("The BSP report is written as PDF: choose a file name ending in .pdf (not “{name}”).")
NO_FOLDER = N_("The folder {folder} does not exist; choose another place for the report.")
BAD_YEAR = N_("{year} is not a year the report can be made for; give a year from 1900 to 2999.")
ORGAN = N_("Economic and Social Commission for Asia and the Pacific")
FIGURE = N_("Figure {number}")
TABLE = N_("Table {number}")

#: the frame's width less the paragraphs' indent: figures and tables line up with the text
CONTENT_WIDTH = CHART_WIDTH

_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
_HAN = "〇一二三四五六七八九"


def figure_number(n: int, lang: str) -> str:
    """A figure's or section's number as UN documents write it: ``IV`` (Chinese: ``四``)."""
    if lang == "zh":
        if n < 10:
            return _HAN[n]
        tens, units = divmod(n, 10)
        return (_HAN[tens] if tens > 1 else "") + "十" + (_HAN[units] if units else "")
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


@dataclass
class FigureBlock:
    """A figure: its number ("I"), and the chart (caption, unit line, drawing, note)."""

    number: str
    chart: Chart
    kind: str = "figure"
    outline: str | None = None


@dataclass
class TableBlock:
    """A numbered table: title, header, rows of text, column widths as shares of the width (0: as wide as
    the column's widest cell)."""

    number: str
    title: str
    header: list[str]
    rows: list[list[str]]
    widths: list[float]
    kind: str = "table"
    outline: str | None = None
    note: str = ""


@dataclass
class _Numbering:
    """Sections and paragraphs numbered through the document, as UN reports number them."""

    lang: str
    paragraph: int = 0
    section: int = 0
    blocks: list[Any] = field(default_factory=list)

    def heading(self, text: str) -> None:
        self.section += 1
        number = figure_number(self.section, self.lang)
        label = f"{number}．{text}" if self.lang == "zh" else f"{number}.\u00a0\u00a0{text}"
        self.blocks.append(Block("heading", label, level=2, outline=label))

    def para(self, *sentences: str) -> None:
        text = ("" if self.lang == "zh" else " ").join(s for s in sentences if s)
        if text:
            self.paragraph += 1
            self.blocks.append(Block("numbered", text, label=f"{self.paragraph}."))

    def add(self, block: Any) -> None:
        self.blocks.append(block)


def _committee(store: Any, lang: str) -> tuple[str, str]:
    """(the organ, the Committee's name) in ``lang``: the report goes to the Committee the TEG reports to."""
    tr = translator(lang)
    with store.reader() as s:
        bodies = list(s.exec(select(Body).where(Body.deleted_at.is_(None))))
    body = next((b for b in bodies if b.code == "CED"), None) or next((b for b in bodies if b.parent_id is None),
                                                                       None)
    if body is None:
        return tr.gettext(ORGAN), ""
    name = (body.names or {}).get(lang) or body.name_en
    organ = body.organ or ORGAN
    return tr.gettext(organ), name


def bsp_report_document(store: Any, year: int, lang: str, *, symbol: str = "", issued: dt.date | None = None,
                        figures: BspFigures | None = None) -> UNDocument:
    """The report of ``year`` in ``lang`` as a document (the figures are read unless given)."""
    tr = translator(lang)
    figures = figures if figures is not None else bsp_figures(store, year)
    issued = issued or dt.date.today()
    charts = {c.key: c for c in bsp_charts(figures, tr, width=CONTENT_WIDTH)}
    numbers = {key: figure_number(i, tr.lang) for i, key in enumerate(charts, start=1)}
    present = (("requests", figures.requests), ("answered", figures.answered_requests),
               ("funders", figures.by_funder))
    tables = {key: tr.number(i) for i, key in enumerate((k for k, rows in present if rows), start=1)}
    text = ReportText(tr, figures, numbers, tables, issued)
    doc = _Numbering(tr.lang)

    title = text.title()
    doc.add(Block("title", title, outline=title))
    doc.add(Block("subtitle", text.note_by_secretariat()))
    doc.add(Block("heading", text.summary_heading(), level=2))
    doc.add(Block("para", text.summary()))

    def figure(key: str) -> None:
        chart = charts.get(key)
        if chart is not None:
            doc.add(FigureBlock(numbers[key], chart))

    def table(key: str, title_: str, header: list[str], rows: list[list[str]], widths: list[float]) -> None:
        if key in tables:
            doc.add(TableBlock(tables[key], title_, header, rows, widths))

    doc.heading(text.heading("introduction"))
    doc.para(text.introduction())
    doc.para(text.reading())

    doc.heading(text.heading("requests"))
    doc.para(*text.requests())
    figure("requests")
    doc.para(text.processing())
    doc.para(text.request_areas())
    figure("request_areas")
    doc.para(text.listed())
    table("requests", *text.requests_table())
    doc.para(text.answered())
    table("answered", *text.answered_table())

    doc.heading(text.heading("activities"))
    doc.para(*text.activities())
    doc.para(text.thematic())
    figure("thematic")
    doc.para(text.cross_cutting())
    figure("cross_cutting")
    doc.para(*text.countries())
    figure("countries")
    doc.para(text.subregions())
    figure("subregions")
    doc.para(text.levels())
    figure("levels")

    doc.heading(text.heading("funding"))
    for sentence in text.funding():
        doc.para(sentence)
    doc.para(text.funders())
    figure("funders")
    table("funders", *text.funders_table())

    doc.heading(text.heading("results"))
    doc.para(text.results())
    doc.para(text.trained())
    figure("trained")
    doc.para(text.assessed())
    for quote in text.quotes():
        doc.add(Block("entry", quote, level=1))

    doc.heading(text.heading("gaps"))
    doc.para(*text.gaps())
    doc.para(text.uncovered())
    doc.para(text.successes())
    doc.para(text.shortfalls())

    return UNDocument(tr=tr, title=title, blocks=doc.blocks, masthead=_masthead(store, tr, symbol, issued),
                      subject=text.subject(), running=symbol)


def _masthead(store: Any, tr: Translator, symbol: str, issued: dt.date) -> Masthead:
    organ, committee = _committee(store, tr.lang)
    return Masthead(symbol=symbol, date=issued, distribution="general", original_language="en", organ=organ,
                    lines=[committee] if committee else [])


# -- PDF ------------------------------------------------------------------------------------------

class _ReportWriter(_PdfWriter):
    """The UN document writer, with figures and tables besides the text blocks."""

    def __init__(self, doc: UNDocument):
        super().__init__(doc)
        f, s, cjk = self.fonts, self.s, self.fonts.cjk
        self.figure_label = f.style("figure-label", size=s.size, leading=s.leading, leftIndent=STEP,
                                    spaceBefore=s.leading / 2)
        self.figure_title = f.style("figure-title", size=s.size, leading=s.leading, leftIndent=STEP, bold=True)
        self.figure_unit = f.style("figure-unit", size=s.size - 1, leading=s.leading - 1, leftIndent=STEP,
                                   italic=not cjk, spaceAfter=4)
        self.figure_note = f.style("figure-note", size=s.size - 1.5, leading=s.leading - 1.5, leftIndent=STEP,
                                   spaceBefore=2, spaceAfter=s.leading * 0.75)
        self.cell = f.style("cell", size=s.size - 1.5, leading=s.leading - 1.5)
        self.head_cell = f.style("head-cell", size=s.size - 1.5, leading=s.leading - 1.5, italic=not cjk)
        self.figure_title.faux_bold = cjk
        for style in (self.figure_label, self.figure_title, self.figure_unit, self.figure_note, self.cell,
                      self.head_cell):
            style.bulletFontName = style.fontName
            if self.rtl:
                mirror_style(style)
        #: the side figures and tables stand against (the mirror in a right-to-left report)
        self.side = "LEFT" if self.rtl else "RIGHT"

    def story(self) -> list[Flowable]:
        # the short centred rule that ends a UN document
        return [*super().story(), HRFlowable(width=72, thickness=0.75, color=colors.black, hAlign="CENTER",
                                             spaceBefore=self.s.leading * 1.5)]

    def block(self, b: Any) -> list[Flowable]:
        if isinstance(b, FigureBlock):
            return [self.figure(b)]
        if isinstance(b, TableBlock):
            return self.table(b)
        return super().block(b)

    def figure(self, b: FigureBlock) -> Flowable:
        tr = self.tr
        chart = b.chart
        drawing = chart.drawing
        drawing.hAlign = self.side
        parts: list[Flowable] = [self.para(tr.gettext(FIGURE, number=b.number), self.figure_label),
                                 self.para(chart.title, self.figure_title)]
        if chart.unit:
            parts.append(self.para(chart.unit, self.figure_unit))
        parts.append(drawing)
        parts.append(self.para(chart.note, self.figure_note) if chart.note else Spacer(1, self.s.leading * 0.75))
        return KeepTogether(parts)

    def _widths(self, b: TableBlock) -> list[float]:
        """Columns of share 0 as wide as their widest cell (a reference, a date: never broken), the others
        sharing the rest by their shares."""
        size, pad = self.cell.fontSize, 6.5
        fitted = {i: max(self.fonts.width(str(row[i]), size) for row in [b.header, *b.rows]) + pad
                  for i, share in enumerate(b.widths) if share == 0}
        header_fit = {i: max((self.fonts.width(word, size) for word in b.header[i].split()), default=0) + pad
                      for i in fitted}
        fitted = {i: max(w, header_fit[i]) for i, w in fitted.items()}
        rest = max(CONTENT_WIDTH - sum(fitted.values()), CONTENT_WIDTH * 0.3)
        total = sum(share for share in b.widths if share) or 1
        return [fitted[i] if i in fitted else rest * share / total for i, share in enumerate(b.widths)]

    def table(self, b: TableBlock) -> list[Flowable]:
        tr = self.tr
        caption = [self.para(tr.gettext(TABLE, number=b.number), self.figure_label),
                   self.para(b.title, self.figure_title), Spacer(1, 4)]
        for flowable in caption:
            flowable.keepWithNext = True
        rows = [[self.para(h, self.head_cell) for h in b.header]]
        rows += [[self.para(cell, self.cell) for cell in row] for row in b.rows]
        widths = self._widths(b)
        if self.rtl:  # the first column at the right
            rows = [row[::-1] for row in rows]
            widths = widths[::-1]
        grid = Table(rows, colWidths=widths, repeatRows=1, hAlign=self.side, style=TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), self.fonts.regular),  # else Helvetica is named, unembedded
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LINEABOVE", (0, 0), (-1, 0), 0.75, colors.black),
            ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
            ("LINEBELOW", (0, -1), (-1, -1), 0.75, colors.black),
        ]))
        out: list[Flowable] = [*caption, grid]
        out.append(self.para(b.note, self.figure_note) if b.note else Spacer(1, self.s.leading * 0.75))
        return out


def _check_year(year: int) -> None:
    if not 1900 <= year <= 2999:
        raise UserError(BAD_YEAR, year=year)


def build_bsp_report(store: Any, year: int, lang: str, *, symbol: str = "", issued: dt.date | None = None) -> bytes:
    """The annual BSP report of ``year`` in ``lang``, as PDF bytes."""
    import io

    _check_year(year)
    buf = io.BytesIO()
    _ReportWriter(bsp_report_document(store, year, lang, symbol=symbol, issued=issued)).build(buf)
    return buf.getvalue()


def export_bsp_report(store: Any, year: int, out_path: str | Path, *, lang: str, symbol: str = "",
                      issued: dt.date | None = None) -> Path:
    """Write the report to ``out_path`` (.pdf), whole or not at all (a temporary file, then renamed)."""
    out = Path(out_path)
    if out.suffix.lower() != ".pdf":
        raise UserError(BAD_FORMAT, name=out.name)
    if not out.parent.is_dir():
        raise UserError(NO_FOLDER, folder=out.parent)
    content = build_bsp_report(store, year, lang, symbol=symbol, issued=issued)
    _write_atomically(out, content)
    return out
