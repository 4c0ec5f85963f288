"""The roster of experts as a PDF: by subregion, then member and associate member.

What a roster shows (DOMAIN.md, "Documents the secretariat produces"): the
experts serving as at a date, by member and associate member, with their term
dates, term number and Bureau office; e-mail and telephone only when the user
asks for them. With ``include_past`` every term of the body is listed (past,
serving and upcoming), each with its status as at the date.

Layout: A4 landscape, a UN-style masthead on the first page, the column
header at the top of every page, one small table per member (its name in a
heading row that repeats if the member's rows run over a page), "Page x of y",
the generation date and the ToR version in the footer, an outline entry per
subregion and member, and the document's title, author and ``/Lang`` in the
PDF metadata. All fixed text is translated with the document's
:class:`~tegdesk.core.i18n.Translator`; user text goes through
:class:`~tegdesk.core.documents.fonts.DocumentFonts` (escaped, with CJK runs in
the Chinese face and Arabic runs in the Naskh face; a cell with right-to-left
text is shaped, broken into lines at its column's width and each line ordered
right to left).

Speed: row heights are measured once here and handed to each table, so tables
split at page breaks without re-wrapping anything; a cell that fits on one line
in one face is a plain string (no markup parsing, no wrapping), and only the
others become Paragraphs. Page numbers need no second layout pass
(:class:`~tegdesk.core.documents.pages.NumberedCanvas`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from tegdesk.core.documents.fonts import DocumentFonts, fonts_for, text_width
from tegdesk.core.documents.roster_labels import (
    STATUS_NAMES,
    SUBREGION_NAMES,
    person_name,
    roster_order,
    select_rows,
)
from tegdesk.core.documents.pages import numbered_canvas, pdf_lang
from tegdesk.core.documents.text import one_line
from tegdesk.core.i18n import N_, Translator, translator
from tegdesk.core.rules import OFFICE_NAMES
from tegdesk.core.services.roster import RosterRow

__all__ = ["STATUS_NAMES", "SUBREGION_NAMES", "build_roster_pdf", "export_roster_pdf", "fit_widths", "person_name",
           "select_rows"]

UNITED_NATIONS = N_("United Nations")
ESCAP = N_("ESCAP")
ORGAN = N_("Economic and Social Commission for Asia and the Pacific")
AUTHOR = N_("ESCAP secretariat")
ROSTER_TITLE = N_("Roster of experts")

PAGE = landscape(A4)
MARGIN_X = 18 * mm
MARGIN_TOP = 14 * mm
MARGIN_BOTTOM = 18 * mm
FOOTER_Y = 9 * mm
LEAD_BEFORE = 10
LEAD_AFTER = 4
HEADER_GAP = 6

BODY_SIZE = 9
BODY_LEADING = 11
PAD_X = 3
PAD_TOP = 2.5
PAD_BOTTOM = 3.5

GRID = colors.Color(0.55, 0.55, 0.55)
HEAD_FILL = colors.Color(0.88, 0.88, 0.88)
MEMBER_FILL = colors.Color(0.95, 0.95, 0.95)


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # N_-marked
    flexible: bool = False  # wraps and shares the width left by the others
    cap: float = 0.3  # the most of the table's width its content may ask for
    align: str = "LEFT"


_COLUMNS = [
    Column("expert", N_("Expert"), True, 0.30),
    Column("organization", N_("Organization"), True, 0.45),
    Column("term", N_("Term"), cap=0.25),
    Column("term_number", N_("Term no."), cap=0.08, align="CENTER"),
    Column("status", N_("Status"), cap=0.12),
    Column("office", N_("Bureau office"), cap=0.15),
]
_CONTACTS = [
    Column("email", N_("E-mail"), cap=0.22),
    Column("phone", N_("Telephone"), cap=0.14),
]
MIN_FLEXIBLE = 60.0  # points


def fit_widths(total: float, natural: Sequence[float], minimum: Sequence[float],
               flexible: Sequence[bool]) -> list[float]:
    """Column widths that add up to ``total``.

    When every column's ``natural`` width (its longest line) fits, each gets it,
    half of what is left over is shared evenly and the other half goes to the
    flexible columns, in proportion to their natural widths. Otherwise the fixed columns keep their natural width and
    the flexible ones share the rest fairly: a column whose content is narrower
    than its fair share keeps its natural width, so only the widest ones wrap
    (never below their ``minimum``). If even that fails, all shrink in
    proportion.
    """
    nat = [max(n, m) for n, m in zip(natural, minimum, strict=True)]
    flex = [i for i, f in enumerate(flexible) if f]
    spare = total - sum(nat)
    if spare >= 0:  # half the spare room for breathing space everywhere, half to the flexible columns
        weight = sum(nat[i] for i in flex)
        if not weight:
            return [w + spare / len(nat) for w in nat]
        even = spare / 2 / len(nat)
        return [w + even + (spare / 2 * w / weight if flexible[i] else 0) for i, w in enumerate(nat)]
    widths = list(nat)
    room = total - sum(nat[i] for i in range(len(nat)) if not flexible[i])
    left = sorted(flex, key=lambda i: nat[i])
    while left:  # max-min fair: the narrowest take what they need, the widest share the rest
        i = left.pop(0)
        widths[i] = max(minimum[i], min(nat[i], room / (len(left) + 1)))
        room -= widths[i]
    scale = total / sum(widths)
    return [w * scale for w in widths] if scale < 1 else widths


def build_roster_pdf(rows: Sequence[RosterRow], out_path: str | Path, *, tr: Translator, as_of: dt.date,
                     tor_version: int | None, body_name: str, with_contacts: bool = False,
                     title: str | None = None, member_names: Mapping[uuid.UUID, str] | None = None,
                     include_past: bool = False, generated: dt.date | None = None) -> Path:
    """Write the roster of ``rows`` (as :meth:`RosterService.rows` returns them) to ``out_path``.

    ``member_names`` maps a member's id to its name in the document's language
    (English uses the UN short names of the rows); ``generated`` is the date in
    the footer (today by default). Returns the path written.
    """
    builder = _RosterBuilder(tr=tr, as_of=as_of, tor_version=tor_version, body_name=body_name,
                             with_contacts=with_contacts, title=title or tr.gettext(ROSTER_TITLE),
                             member_names=member_names or {}, include_past=include_past,
                             generated=generated or dt.date.today())
    out = Path(out_path)
    builder.build(select_rows(rows, include_past=include_past), out)
    return out


def export_roster_pdf(store: Any, out_path: str | Path, *, lang: str, as_of: dt.date, with_contacts: bool = False,
                      include_past: bool = False, body_code: str = "TEG", title: str | None = None,
                      generated: dt.date | None = None) -> Path:
    """The roster of a body from the database, in ``lang``: looks up names, the ToR version, then builds."""
    from tegdesk.core.models import Body
    from tegdesk.core.services.roster import RosterService

    tr = translator(lang)
    service = RosterService(store, body_code)
    with store.session() as s:
        body = s.get(Body, service.body_id)
        body_name = (body.names or {}).get(tr.lang) or body.name_en
    names = {} if tr.lang == "en" else {m.id: tr.territory(m.iso2) for m in service.members()}
    tor = service.tor_on(as_of)
    return build_roster_pdf(service.rows(as_of), out_path, tr=tr, as_of=as_of,
                            tor_version=tor.version if tor else None, body_name=body_name,
                            with_contacts=with_contacts, title=title, member_names=names,
                            include_past=include_past, generated=generated)


# -- layout -----------------------------------------------------------------------------

class _Outlined(Paragraph):
    """A heading that adds itself to the PDF outline where it is drawn."""

    def __init__(self, text: str, style: Any, *, key: str, label: str, level: int = 0):
        super().__init__(text, style)
        self._outline = (key, label, level)

    def draw(self) -> None:
        key, label, level = self._outline
        self.canv.bookmarkHorizontal(key, 0, self.height)
        self.canv.addOutlineEntry(label, key, level=level, closed=level > 0)
        super().draw()


Cell = str | Paragraph  # a plain string (may hold "\n") or a Paragraph already wrapped to its column


@dataclass
class _Grid:
    """What every member block of one document shares: columns, faces, the tallest row a page takes."""

    widths: list[float]
    aligns: list[str]
    font: str
    bold: str
    size: float
    leading: float
    max_height: float = 0.0  # the later pages' frame height, set once known

    def __post_init__(self) -> None:
        self.x = [sum(self.widths[:i]) for i in range(len(self.widths))]
        self.inner = [w - 2 * PAD_X for w in self.widths]
        self.width = sum(self.widths)


class _MemberBlock(Flowable):
    """One member's heading row and expert rows, drawn directly (much faster than a Table).

    Row heights are measured once when the block is made; a page break splits
    between rows and repeats the heading (marked "continued"); a row taller than
    a third of a page is split inside its cells rather than moved whole.
    """

    def __init__(self, grid: _Grid, head: tuple[Cell, float], rows: list[tuple[list[Cell], float]], *,
                 continued_head: tuple[Cell, float] | None = None, outline: tuple[str, str, int] | None = None,
                 lead: Paragraph | None = None):
        super().__init__()
        self.grid = grid
        self.head = head
        self.continued_head = continued_head or head
        self.rows = rows
        self.outline = outline
        self.lead = lead  # the subregion's heading, kept with the first member's first row
        self.lead_h = LEAD_BEFORE + lead.wrap(grid.width, PAGE[1])[1] + LEAD_AFTER if lead is not None else 0.0
        self.head_h = head[1] + PAD_TOP + PAD_BOTTOM
        self.height = self.lead_h + self.head_h + sum(h for _, h in rows)
        self.width = grid.width

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.width, self.height

    def _part(self, rows: list[tuple[list[Cell], float]], first: bool) -> _MemberBlock:
        return _MemberBlock(self.grid, self.head if first else self.continued_head, rows,
                            continued_head=self.continued_head, outline=self.outline if first else None,
                            lead=self.lead if first else None)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        room = availHeight - self.lead_h - self.head_h
        used, fit = 0.0, 0
        for _, h in self.rows:
            if used + h > room:
                break
            used += h
            fit += 1
        if fit == len(self.rows):
            return [self]
        if fit:
            return [self._part(self.rows[:fit], True), self._part(self.rows[fit:], False)]
        first = self.rows[0][1]
        if first <= self.grid.max_height / 3 and self.lead_h + self.head_h + first <= self.grid.max_height:
            return []  # the next page takes it whole
        # A row taller than a third of a page is cut rather than moved whole: moving it would leave
        # much of this page blank (and one taller than a page could never be placed).
        halves = self._split_row(self.rows[0], room)
        if halves is None:
            return []
        return [self._part([halves[0]], True), self._part([halves[1], *self.rows[1:]], False)]

    def _split_row(self, row: tuple[list[Cell], float], room: float):
        """Cut a row taller than any page so that its first part fits ``room``."""
        g = self.grid
        space = room - PAD_TOP - PAD_BOTTOM
        lines = int(space // g.leading)
        if lines < 3:
            return None
        top: list[Cell] = []
        rest: list[Cell] = []
        for cell, inner in zip(row[0], g.inner, strict=True):
            if isinstance(cell, str):
                parts = cell.split("\n")
                top.append("\n".join(parts[:lines]))
                rest.append("\n".join(parts[lines:]))
            elif cell.height <= space:
                top.append(cell)
                rest.append("")
            else:
                pieces = cell.split(inner, space)
                if len(pieces) != 2:
                    top.append("")
                    rest.append(cell)
                    continue
                for piece in pieces:
                    piece.wrap(inner, PAGE[1])
                top.append(pieces[0])
                rest.append(pieces[1])
        if not any(top):
            return None
        return (top, _row_height(g, top)), (rest, _row_height(g, rest))

    def draw(self) -> None:
        g, canv = self.grid, self.canv
        top = self.height
        if self.lead is not None:
            self.lead.drawOn(canv, 0, top - LEAD_BEFORE - self.lead.height)
            top -= self.lead_h
        if self.outline is not None:
            key, label, level = self.outline
            canv.bookmarkHorizontal(key, 0, top)
            canv.addOutlineEntry(label, key, level=level, closed=True)
        canv.setFillColor(MEMBER_FILL)
        canv.rect(0, top - self.head_h, self.width, self.head_h, stroke=0, fill=1)
        canv.setFillColor(colors.black)
        head = self.head[0]
        if isinstance(head, str):
            canv.setFont(g.bold, g.size + 0.5)
            canv.drawString(PAD_X, top - PAD_TOP - g.size - 0.5, head)
        else:
            head.drawOn(canv, PAD_X, top - PAD_TOP - head.height)
        y = top - self.head_h
        rules = [(0, y, self.width, y)]
        text = canv.beginText()
        text.setFont(g.font, g.size, g.leading)
        for cells, h in self.rows:
            for cell, x, inner, align in zip(cells, g.x, g.inner, g.aligns, strict=True):
                if not cell:
                    continue
                if isinstance(cell, str):
                    base = y - PAD_TOP - g.size  # where a Paragraph puts its first baseline
                    for line in cell.split("\n"):
                        dx = (inner - text_width(line, g.font, g.size)) / 2 if align == "CENTER" else 0
                        text.setTextOrigin(x + PAD_X + dx, base)
                        text.textOut(line)
                        base -= g.leading
                else:
                    cell.drawOn(canv, x + PAD_X, y - PAD_TOP - cell.height)
            y -= h
            rules.append((0, y, self.width, y))
        canv.drawText(text)
        canv.setStrokeColor(GRID)
        canv.setLineWidth(0.25)
        canv.lines(rules)


def _row_height(grid: _Grid, cells: list[Cell]) -> float:
    tallest = grid.leading
    for cell in cells:
        if isinstance(cell, str):
            tallest = max(tallest, grid.leading * (cell.count("\n") + 1))
        else:
            tallest = max(tallest, cell.height)
    return tallest + PAD_TOP + PAD_BOTTOM


class _RosterBuilder:
    def __init__(self, *, tr: Translator, as_of: dt.date, tor_version: int | None, body_name: str,
                 with_contacts: bool, title: str, member_names: Mapping[uuid.UUID, str], include_past: bool,
                 generated: dt.date):
        self.tr = tr
        self.as_of = as_of
        self.tor_version = tor_version
        self.body_name = body_name
        self.with_contacts = with_contacts
        self.title = title
        self.member_names = member_names
        self.include_past = include_past
        self.generated = generated
        self.fonts: DocumentFonts = fonts_for(tr.lang)
        f = self.fonts
        self.width = PAGE[0] - 2 * MARGIN_X
        self.columns = _COLUMNS + _CONTACTS if with_contacts else list(_COLUMNS)
        self._dates: dict[dt.date, str] = {}
        self._numbers: dict[int, str] = {}
        self._statuses = {k: tr.gettext(v) for k, v in STATUS_NAMES.items()}
        self._offices = {k: tr.gettext(v) for k, v in OFFICE_NAMES.items()}
        self._comma = tr.gettext(", ")
        # Styles, made once.
        self.cell = f.style("cell", size=BODY_SIZE, leading=BODY_LEADING)
        self.cell_center = f.style("cell-c", size=BODY_SIZE, leading=BODY_LEADING, alignment=TA_CENTER)
        self.member_style = f.style("member", size=BODY_SIZE + 0.5, leading=BODY_LEADING, bold=True)
        self.head = f.style("head", size=BODY_SIZE, leading=BODY_LEADING, bold=True)
        self.head_center = f.style("head-c", size=BODY_SIZE, leading=BODY_LEADING, bold=True, alignment=TA_CENTER)
        self.subregion = f.style("subregion", size=11.5, leading=14, bold=True)
        self.un = f.style("un", size=14, leading=17, bold=True)
        self.un_right = f.style("un-r", size=11, leading=17, alignment=TA_RIGHT)
        self.organ = f.style("organ", size=11, leading=14, spaceBefore=6)
        self.body = f.style("body", size=11, leading=14)
        self.doc_title = f.style("title", size=16, leading=20, bold=True, spaceBefore=12)
        self.as_at = f.style("asat", size=11, leading=14, spaceBefore=2)
        self.note = f.style("note", size=9.5, leading=12, italic=True, spaceBefore=4)
        self.small = f.style("small", size=8, leading=10, alignment=TA_LEFT)
        self.small_right = f.style("small-r", size=8, leading=10, alignment=TA_RIGHT)
        self.small_center = f.style("small-c", size=8, leading=10, alignment=TA_CENTER)
        self.running = self._running_head()

    # -- text -------------------------------------------------------------------------
    def date(self, day: dt.date) -> str:
        text = self._dates.get(day)
        if text is None:
            text = self._dates[day] = self.tr.date(day)
        return text

    @property
    def as_at_text(self) -> str:
        return self.tr.gettext("as at {date}", date=self.date(self.as_of))

    def member_label(self, row: RosterRow) -> str:
        name = row.member if self.tr.lang == "en" else self.member_names.get(row.member_id, row.member)
        return self.tr.gettext("{member} (associate member)", member=name) if row.associate else name

    def subregion_label(self, code: str) -> str:
        return self.tr.gettext(SUBREGION_NAMES[code]) if code in SUBREGION_NAMES else code

    def values(self, row: RosterRow) -> dict[str, str]:
        """The texts of a row's cells; ``term`` on one line, ``term2`` split over two."""
        end = self.date(row.end_date)
        # Full dates: CLDR's en_GB interval patterns abbreviate months ("1 Mar 2024 – 28 Feb 2027").
        term = self.tr.gettext("{start} – {end}", start=self.date(row.start_date), end=end)
        number = self._numbers.get(row.term_number)
        if number is None:
            number = self._numbers[row.term_number] = self.tr.number(row.term_number)
        return {
            "expert": person_name(row),
            "organization": one_line(row.organization),
            "term": term,
            # "1 March 2024 –" / "28 February 2027", with the language's own separator
            "term2": f"{term[: -len(end)].rstrip()}\n{end}" if term.endswith(end) and term != end else term,
            "term_number": number,
            "status": self._statuses.get(row.status, row.status),
            "office": self._comma.join(self._offices.get(o, o) for o in row.offices),
            "email": one_line(row.email),
            "phone": one_line(row.phone),
        }

    # -- columns ----------------------------------------------------------------------
    def fit_columns(self, table: list[dict[str, str]]) -> None:
        """Column widths from the content: fixed columns get their longest line, the others share the rest."""
        f, size, pad = self.fonts, BODY_SIZE, 2 * PAD_X + 0.5
        natural, minimum, flexible = [], [], []
        for col in self.columns:
            header = self.tr.gettext(col.header)
            head_w = text_width(header, f.bold, size) + pad
            words = max((text_width(w, f.bold, size) for w in header.split()), default=0) + pad
            key = "term2" if col.key == "term" else col.key
            # f.width: each run in its face (Chinese and Arabic are not measured in the Latin face)
            longest = max((max(f.width(line, size) for line in v[key].split("\n"))
                           for v in table), default=0) + pad
            if col.key == "term":  # on one line when there is room, else on two
                natural.append(min(max((text_width(v["term"], f.regular, size) for v in table), default=0) + pad,
                                   col.cap * self.width))
            else:
                natural.append(min(longest, col.cap * self.width))
            low = min(head_w if head_w <= 70 else words, col.cap * self.width)
            minimum.append(max(low, MIN_FLEXIBLE if col.flexible else longest if col.key == "term" else low))
            flexible.append(col.flexible)
        widths = fit_widths(self.width, natural, minimum, flexible)
        flex_natural = sum(n for n, fl in zip(natural, flexible, strict=True) if fl)
        flex_given = sum(w for w, fl in zip(widths, flexible, strict=True) if fl)
        if flex_given < 0.75 * flex_natural:  # the flexible columns are squeezed: set the dates on two lines
            i = next(i for i, c in enumerate(self.columns) if c.key == "term")
            natural[i] = minimum[i]
            widths = fit_widths(self.width, natural, minimum, flexible)
        widths = [round(w, 2) for w in widths]
        widths[-1] = round(self.width - sum(widths[:-1]), 2)
        self.col_widths = widths
        self.grid = _Grid(widths, [c.align for c in self.columns], f.regular, f.bold, BODY_SIZE, BODY_LEADING)
        self.header = self._column_header()
        self._header_height = self.header.wrap(self.width, PAGE[1])[1]

    # -- flowables --------------------------------------------------------------------
    def _cell(self, text: str, inner: float, style: Any) -> tuple[Cell, float]:
        """A cell and its content height: a plain string when it fits one face and the width, else a Paragraph."""
        fonts = self.fonts
        if not text or fonts.plain(text, fonts.regular, BODY_SIZE, inner):
            return text, BODY_LEADING * (text.count("\n") + 1)
        para = fonts.paragraph(text, style, width=inner)
        return para, para.wrap(inner, PAGE[1])[1]

    def member_block(self, member_rows: list[tuple[RosterRow, dict[str, str]]], key: str, *,
                     lead: Paragraph | None = None) -> _MemberBlock:
        grid, fonts = self.grid, self.fonts
        label = self.member_label(member_rows[0][0])
        rows: list[tuple[list[Cell], float]] = []
        for _, vals in member_rows:
            cells: list[Cell] = []
            tallest = BODY_LEADING
            for col, inner in zip(self.columns, grid.inner, strict=True):
                text = vals[col.key]
                if col.key == "term" and not fonts.plain(text, fonts.regular, BODY_SIZE, inner):
                    text = vals["term2"]
                value, h = self._cell(text, inner, self.cell_center if col.align == "CENTER" else self.cell)
                cells.append(value)
                if h > tallest:
                    tallest = h
            rows.append((cells, tallest + PAD_TOP + PAD_BOTTOM))
        return _MemberBlock(grid, self._member_cell(label), rows,
                            continued_head=self._member_cell(self.tr.gettext("{member} (continued)", member=label)),
                            outline=(key, label, 1), lead=lead)

    def _member_cell(self, label: str) -> tuple[Cell, float]:
        fonts = self.fonts
        inner = self.width - 2 * PAD_X
        if fonts.plain(label, fonts.bold, BODY_SIZE + 0.5, inner):
            return label, BODY_LEADING
        para = fonts.paragraph(label, self.member_style, width=inner)
        return para, para.wrap(inner, PAGE[1])[1]

    def _column_header(self) -> Table:
        cells = [self.fonts.paragraph(self.tr.gettext(c.header), self.head_center if c.align == "CENTER" else self.head)
                 for c in self.columns]
        return Table([cells], colWidths=self.col_widths, style=TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), self.fonts.regular),  # else Table names Helvetica
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), PAD_X),
            ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("BACKGROUND", (0, 0), (-1, -1), HEAD_FILL),
            ("LINEABOVE", (0, 0), (-1, 0), 0.75, colors.black),
            ("LINEBELOW", (0, 0), (-1, 0), 0.75, colors.black),
        ]))

    def _running_head(self) -> Table:
        f = self.fonts
        return self._strip([f.paragraph(self.title, self.small),
                            f.paragraph(self.as_at_text, self.small_right)], [self.width / 2] * 2,
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 2), ("LINEBELOW", (0, 0), (-1, 0), 0.5, GRID))

    def _strip(self, cells: list[Flowable], widths: list[float], *commands: tuple[Any, ...]) -> Table:
        """A one-row layout table with no padding (its font set, or Table would name Helvetica in the PDF)."""
        return Table([cells], colWidths=widths, style=TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), self.fonts.regular),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            *commands]))

    def masthead(self) -> list[Flowable]:
        f = self.fonts
        top = self._strip([f.paragraph(self.tr.gettext(UNITED_NATIONS), self.un),
                           f.paragraph(self.tr.gettext(ESCAP), self.un_right)], [self.width * 0.7, self.width * 0.3],
                          ("BOTTOMPADDING", (0, 0), (-1, -1), 4), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                          ("LINEBELOW", (0, 0), (-1, 0), 2, colors.black))
        story: list[Flowable] = [
            top,
            f.paragraph(self.tr.gettext(ORGAN), self.organ),
            f.paragraph(self.body_name, self.body),  # user text: may be Arabic
            f.paragraph(self.title, self.doc_title),
            f.paragraph(self.as_at_text, self.as_at),
        ]
        if self.include_past:
            story.append(f.paragraph(self.tr.gettext("Including past and upcoming terms"), self.note))
        if self.with_contacts:
            story.append(f.paragraph(self.tr.gettext("Contains personal contact details: for official use only."),
                                     self.note))
        story.append(Spacer(1, 10))
        return story

    def story(self, rows: list[RosterRow]) -> list[Flowable]:
        table = [(row, self.values(row)) for row in sorted(rows, key=roster_order)]
        self.fit_columns([v for _, v in table])
        story = self.masthead()
        story.append(self.header)
        story.append(NextPageTemplate("later"))
        if not table:
            message = (self.tr.gettext("No term is recorded.") if self.include_past
                       else self.tr.gettext("No expert is serving on {date}.", date=self.date(self.as_of)))
            story.append(Spacer(1, 8))
            story.append(self.fonts.paragraph(message, self.cell))
            return story
        groups: dict[str, dict[uuid.UUID, list[tuple[RosterRow, dict[str, str]]]]] = {}
        for row, vals in table:
            groups.setdefault(row.subregion, {}).setdefault(row.member_id, []).append((row, vals))
        for i, (subregion, members) in enumerate(groups.items()):
            label = self.subregion_label(subregion)
            lead: Paragraph | None = _Outlined(self.fonts.markup(label), self.subregion, key=f"s{i}", label=label)
            for j, member_rows in enumerate(members.values()):
                story.append(self.member_block(member_rows, f"s{i}m{j}", lead=lead))
                lead = None
        return story

    # -- pages ------------------------------------------------------------------------------
    def _later_page(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        top = PAGE[1] - MARGIN_TOP
        _, h = self.running.wrap(self.width, PAGE[1])
        self.running.drawOn(canv, MARGIN_X, top - h)
        self.header.drawOn(canv, MARGIN_X, top - h - HEADER_GAP - self._header_height)

    def _first_page(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        canv.showOutline()

    def stamp(self, canv: Canvas, page: int, pages: int) -> None:
        tr, f = self.tr, self.fonts
        canv.setStrokeColor(GRID)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_X, FOOTER_Y + 11, PAGE[0] - MARGIN_X, FOOTER_Y + 11)
        third = self.width / 3
        parts = [(self.tr.gettext("Generated on {date}", date=self.date(self.generated)), self.small),
                 (self.tr.gettext("Terms of reference, version {version}", version=tr.number(self.tor_version))
                  if self.tor_version is not None else "", self.small_center),
                 (self.tr.gettext("Page {page} of {pages}", page=tr.number(page), pages=tr.number(pages)), self.small_right)]
        for k, (text, style) in enumerate(parts):
            if text:
                para = f.paragraph(text, style, width=third)
                para.wrap(third, 30)
                para.drawOn(canv, MARGIN_X + k * third, FOOTER_Y)

    def build(self, rows: list[RosterRow], out: Path) -> None:
        story = self.story(rows)  # fits the columns, hence the header's height
        running_h = self.running.wrap(self.width, PAGE[1])[1]
        first = Frame(MARGIN_X, MARGIN_BOTTOM, self.width, PAGE[1] - MARGIN_TOP - MARGIN_BOTTOM,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="first")
        later_h = PAGE[1] - MARGIN_TOP - MARGIN_BOTTOM - running_h - HEADER_GAP - self._header_height - 4
        self.grid.max_height = later_h
        later = Frame(MARGIN_X, MARGIN_BOTTOM, self.width, later_h,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="later")
        doc = BaseDocTemplate(
            str(out), pagesize=PAGE, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM, title=f"{self.title} — {self.body_name}", author=self.tr.gettext(AUTHOR),
            subject=self.as_at_text, creator="tegdesk", lang=pdf_lang(self.tr.locale),
            initialFontName=self.fonts.regular,  # no Helvetica reference on any page
            pageTemplates=[PageTemplate("first", [first], onPage=self._first_page),
                           PageTemplate("later", [later], onPage=self._later_page)],
        )
        doc.build(story, canvasmaker=numbered_canvas(self.stamp))
