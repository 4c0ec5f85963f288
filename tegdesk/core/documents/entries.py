"""Records printed one after another as labelled blocks, drawn directly: the catalogue's entries.

A catalogue entry is a few full-width lines (an identifier, a title) then rows of "label  value",
some rows holding two short pairs side by side. A ReportLab ``Table`` per record would do, but
thousands of tables cost seconds: every cell is a Paragraph, wrapped again at each page break.
Here each row is measured once, when the entry is made.

**Plain text, broken here.** A value the document's base face draws entirely (no fallback
face, no right-to-left script) is broken into lines by :func:`break_lines` (greedy, at spaces;
in Chinese between any two characters, never before a closing mark such as "，" or "）" nor
after an opening one) and drawn as plain strings: one text object per entry, no markup parsed,
no Paragraph. Only the other values (mixed scripts, a word wider than the column) become
Paragraphs, escaped and set in their faces by :class:`~tegdesk.core.documents.fonts.DocumentFonts`.

**Page breaks.** An entry no taller than :attr:`EntryLayout.keep_whole` of a page is never
split (it moves whole to the next page, as ``KeepTogether`` would); a longer one splits between
rows, never within its first ``head`` rows, the rest headed by its ``continued`` line; a row taller
than a page is cut between its lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from tegdesk.core.documents.fonts import DocumentFonts, text_width
from tegdesk.core.documents.text import clean, needs_bidi, right_to_left

__all__ = ["RULE", "Cell", "Entry", "EntryLayout", "EntryRow", "Part", "break_lines"]

Cell = str | Paragraph  # plain text (lines joined by "\n"), or a Paragraph already wrapped to its width
RULE = colors.Color(0.6, 0.6, 0.6)

_OPENING = "（《「『【〈〔［｛“‘"
_CLOSING = "，。、；：！？）》」』】〉〕］｝”’…·％"
_IDEOGRAPH = "\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
#: the pieces a line may break between: in Chinese each character (with the marks that cling to it),
#: elsewhere each word with the spaces after it
_PIECES = re.compile(f"[{_OPENING}]*[{_IDEOGRAPH}][{_CLOSING}]*|[^\\s{_IDEOGRAPH}]+[{_CLOSING}]*\\s*|\\s+")


def break_lines(text: str, font: str, size: float, width: float, rest: float | None = None) -> list[str] | None:
    """``text`` (one face, left to right) broken into lines no wider than ``width`` (the lines after
    the first: ``rest``, for a hanging indent); ``None`` when a word alone is wider (a Paragraph must
    cut it)."""
    lines: list[str] = []
    for hard in text.split("\n"):
        if text_width(hard, font, size) <= width:
            lines.append(hard.rstrip())
            continue
        line, used = "", 0.0
        for piece in _PIECES.findall(hard):
            if lines and rest is not None:
                width = rest
            if piece.isspace():
                if line:
                    line += piece
                    used += text_width(piece, font, size)
                continue
            word = piece.rstrip()
            w = text_width(word, font, size)
            if line and used + w > width:
                lines.append(line.rstrip())
                line, used = "", 0.0
            if not line and w > width:
                return None
            line += piece
            used += w + text_width(piece[len(word):], font, size)
        lines.append(line.rstrip())
    return lines


@dataclass
class Part:
    """One piece of a row: a cell at ``x``; plain text is drawn in ``font`` at ``size`` with ``leading``
    (and ``colour``), ``stroke``d as well as filled for the bold of a face that has none (Chinese)."""

    x: float
    cell: Cell
    font: str = ""
    size: float = 0.0
    leading: float = 0.0
    colour: Any = None  # None: black
    stroke: bool = False
    hang: float = 0.0  # the lines after the first, further right


@dataclass
class EntryRow:
    parts: list[Part]
    height: float
    mirrored: bool = False  # laid out from the right already (EntryLayout.mirrored)


@dataclass
class EntryLayout:
    """What the entries of one document share: faces, the width, the page's frame height."""

    fonts: DocumentFonts
    width: float
    frame_height: float
    gap_after: float = 7.0
    keep_whole: float = 1 / 3
    rule: bool = True
    #: a right-to-left document (Arabic): every cell a Paragraph set flush right, the columns mirrored
    #: (:meth:`mirrored`)
    rtl: bool = False

    def cell(self, text: str, width: float, style: Any, *, x: float = 0.0, hang: float = 0.0) -> tuple[Part, float]:
        """``text`` at ``x`` in ``style``, wrapped to ``width`` (its lines after the first ``hang`` further
        right), and its height: plain lines when the style's face draws it all, else a Paragraph."""
        fonts = self.fonts
        if self.rtl and text:
            return self._rtl_cell(text, width, style, x=x, hang=hang)
        if not text or (fonts.covers(text) and not needs_bidi(text)):
            lines = break_lines(text, style.fontName, style.fontSize, width, width - hang if hang else None)
            if lines is not None:
                colour = style.textColor if style.textColor and style.textColor.rgb() != (0, 0, 0) else None
                return (Part(x, "\n".join(lines), style.fontName, style.fontSize, style.leading, colour,
                             getattr(style, "faux_bold", False), hang),
                        style.leading * len(lines) + style.spaceAfter)
        if hang:
            style = ParagraphStyle(f"{style.name}-hang", parent=style, leftIndent=hang, firstLineIndent=-hang)
        para = fonts.paragraph(text, style, width=width)
        return Part(x, para), para.wrap(width, 10_000)[1] + style.spaceAfter


    def _rtl_cell(self, text: str, width: float, style: Any, *, x: float, hang: float) -> tuple[Part, float]:
        """A cell of a right-to-left document: a Paragraph set flush right, its lines ordered from the right
        when it holds Arabic, its lines after the first ``hang`` further in (from the right)."""
        style = ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT, leftIndent=0, rightIndent=hang,
                               firstLineIndent=0)
        value = clean(text)
        para = self.fonts.paragraph(right_to_left(value) if needs_bidi(value) else value, style, width=width)
        if hang:  # the first line back to the right (ReportLab's line offsets, meant for text round an image)
            para._offsets = [hang, 0.0]
        return Part(x, para), para.wrap(width, 10_000)[1] + style.spaceAfter

    def mirrored(self, row: EntryRow) -> EntryRow:
        """``row`` laid out from the right: each part at the mirror of its place (its width, to the next part or
        the right edge, kept), plain text made a right-to-left cell (:meth:`cell`)."""
        if row.mirrored:
            return row
        ordered = sorted(range(len(row.parts)), key=lambda i: row.parts[i].x)
        parts = list(row.parts)
        height = row.height
        for n, i in enumerate(ordered):
            part = parts[i]
            following = [row.parts[j].x for j in ordered[n + 1:] if row.parts[j].x > part.x]
            width = (following[0] if following else self.width) - part.x
            cell = part.cell
            if isinstance(cell, str):
                if not cell:
                    parts[i] = Part(self.width - part.x - width, "")
                    continue
                style = ParagraphStyle(f"entry-{part.font}-{part.size}", fontName=part.font, fontSize=part.size,
                                       leading=part.leading or part.size * 1.2, textColor=part.colour or colors.black)
                style.faux_bold = part.stroke
                new, h = self._rtl_cell(cell.replace("\n", " "), width, style, x=0, hang=part.hang)
                cell = new.cell
                height = max(height, h)
            else:
                width = getattr(cell, "width", None) or width
            parts[i] = Part(self.width - part.x - width, cell)
        return EntryRow(parts, height, mirrored=True)


class Entry(Flowable):
    """One record: an optional lead (a group's heading, drawn first and kept with it), then its rows.

    ``outline`` = (key, label, level) of its bookmark; ``lead`` = (Paragraph, height with spacing,
    space below it, outline key, outline label) of a level-0 bookmark.
    """

    def __init__(self, layout: EntryLayout, rows: list[EntryRow], *, head: int = 1,
                 outline: tuple[str, str, int] | None = None,
                 lead: tuple[Paragraph, float, float, str, str] | None = None,
                 continued: EntryRow | None = None, ends: bool = True):
        super().__init__()
        if layout.rtl:
            rows = [layout.mirrored(r) for r in rows]
            continued = layout.mirrored(continued) if continued is not None else None
        self.ends = ends  # the entry's last part (ruled off below)
        self.layout = layout
        self.rows = rows
        self.head = head
        self.outline = outline
        self.lead = lead
        self.continued = continued
        self.width = layout.width
        self.lead_height = lead[1] if lead else 0.0
        self.height = self.lead_height + sum(r.height for r in rows) + layout.gap_after

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        page = self.layout.frame_height
        at_top = availHeight >= page - 1
        if self.height <= page * self.layout.keep_whole and not at_top:
            return []  # short: kept whole, on the next page
        room = availHeight - self.lead_height - self.layout.gap_after
        used, fit = 0.0, 0
        for row in self.rows:
            if used + row.height > room:
                break
            used += row.height
            fit += 1
        if fit >= len(self.rows):
            return [self]
        if fit < min(self.head, len(self.rows)):
            return self._cut(fit, room - used) if at_top else []
        line = _leading(self.rows[fit])
        if self.rows[fit].height >= 4 * line and room - used >= 2 * line:
            # a long text fills the page rather than moving whole (and leaving a tail of short rows)
            cut = self._cut(fit, room - used)
            if cut:
                return cut
        return [self._part(self.rows[:fit], first=True), self._part(self.rows[fit:], first=False)]

    def _part(self, rows: list[EntryRow], *, first: bool) -> Entry:
        if first:
            return Entry(self.layout, rows, head=self.head, outline=self.outline, lead=self.lead,
                         continued=self.continued, ends=False)
        if self.continued is not None:
            rows = [self.continued, *rows]
        return Entry(self.layout, rows, head=min(2, len(rows)), continued=self.continued, ends=self.ends)

    def _cut(self, index: int, room: float) -> list[Flowable]:
        """Cut row ``index``, taller than a page can hold, between its lines so that its top fits ``room``."""
        row = self.rows[index]
        tallest = max(range(len(row.parts)), key=lambda i: _height(row.parts[i]))
        part = row.parts[tallest]
        if isinstance(part.cell, Paragraph):
            width = part.cell.width if self.layout.rtl else self.width - part.x
            pieces = part.cell.split(width, room)
            if len(pieces) != 2:
                return []
            halves = [(Part(part.x, p), p.wrap(width, 10_000)[1]) for p in pieces]
        else:
            lines = part.cell.split("\n")
            keep = min(int(room // part.leading), len(lines) - 2)  # two lines at least on either side
            if keep < 2:
                return []
            halves = [(Part(part.x + (part.hang if n else 0), "\n".join(chunk), part.font, part.size, part.leading,
                            part.colour, part.stroke, 0 if n else part.hang), part.leading * len(chunk))
                      for n, chunk in enumerate((lines[:keep], lines[keep:]))]
        rows = []
        for n, (half, height) in enumerate(halves):
            parts = [half if i == tallest else p if n == 0 else Part(p.x, "") for i, p in enumerate(row.parts)]
            rows.append(EntryRow(parts, max(height, *(_height(p) for p in parts if p is not half), 0.0),
                                 mirrored=self.layout.rtl))
        return [self._part([*self.rows[:index], rows[0]], first=True),
                self._part([rows[1], *self.rows[index + 1:]], first=False)]

    def draw(self) -> None:
        canv = self.canv
        top = self.height
        if self.lead is not None:
            para, h, below, key, label = self.lead
            canv.bookmarkHorizontal(key, 0, top)
            canv.addOutlineEntry(label, key, level=0, closed=True)
            para.drawOn(canv, 0, top - h + below)
            top -= h
        if self.outline is not None:
            key, label, level = self.outline
            canv.bookmarkHorizontal(key, 0, top)
            canv.addOutlineEntry(label, key, level=level, closed=True)
        canv.setStrokeColor(colors.black)  # faux bold strokes in black (a rule may have left grey)
        text = canv.beginText()
        font: tuple[str, float] | None = None
        colour, stroke = None, False
        canv.setLineWidth(0.35)  # the stroke of faux bold text (at the body's sizes)
        for row in self.rows:
            for part in row.parts:
                cell = part.cell
                if not isinstance(cell, str):
                    cell.drawOn(canv, part.x, top - cell.height)
                    continue
                if not cell:
                    continue
                if part.colour != colour:
                    colour = part.colour
                    text.setFillColor(colour or colors.black)
                if part.stroke != stroke:
                    stroke = part.stroke
                    text.setTextRenderMode(2 if stroke else 0)
                if font != (part.font, part.size, part.leading):
                    font = (part.font, part.size, part.leading)
                    text.setFont(part.font, part.size, part.leading)
                text.setTextOrigin(part.x, top - part.size)  # where a Paragraph puts its first baseline
                for n, line in enumerate(cell.split("\n")):
                    if n == 1 and part.hang:
                        text.setTextOrigin(part.x + part.hang, top - part.size - part.leading)
                    text.textLine(line)  # then down one leading (textOut would measure the line, for nothing)
            top -= row.height
        canv.drawText(text)
        if self.layout.rule and self.ends:
            canv.setStrokeColor(RULE)
            canv.setLineWidth(0.4)
            y = top - self.layout.gap_after / 2
            canv.line(0, y, self.width, y)


def _leading(row: EntryRow) -> float:
    """The line height of a row's tallest part."""
    part = max(row.parts, key=_height)
    return part.cell.style.leading if isinstance(part.cell, Paragraph) else part.leading or 1.0


def _height(part: Part) -> float:
    if isinstance(part.cell, Paragraph):
        return part.cell.height
    return part.leading * (part.cell.count("\n") + 1) if part.cell else 0.0
