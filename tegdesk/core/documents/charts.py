"""The charts of the annual BSP report, drawn with ReportLab's own graphics.

Each chart is a ``reportlab.graphics.shapes.Drawing``: the PDF report places it as a
figure, and the interface's Reports page shows the very same drawing rendered to SVG
(``reportlab.graphics.renderSVG``), so the screen and the paper never differ.
:func:`bsp_charts` gives every chart of a year's :class:`~tegdesk.core.reports.BspFigures`
with its caption, in the order the report numbers them (Figure I, II ...); a chart with
nothing to show is left out.

The charts are meant to be read in grey print: every bar carries its value, and the second
series of a chart is light and hatched against the first's dark fill (its legend swatch
too). Labels are in the document's faces (``fonts.fonts_for``; Chinese in the Chinese
face), each label in the first face that has all its characters; numbers and amounts are
in the language's own format (Babel). Nothing depends on the clock or on chance: the same
figures give the same drawing.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from babel.numbers import format_compact_currency, format_compact_decimal, format_percent
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, Group, Line, Rect, Shape, String
from reportlab.lib import colors
from reportlab.lib.attrmap import AttrMap, AttrMapValue

from tegdesk.core.documents.fonts import FAMILIES, DocumentFonts, fonts_for, text_width, visual_line
from tegdesk.core.documents.text import needs_bidi, one_line
from tegdesk.core.i18n import NC_, N_, Translator
from tegdesk.core.reports.bsp_figures import BspFigures, Count
from tegdesk.core.reports.labels import (
    area_label,
    country_name,
    level_name,
    subregion_name,
)

__all__ = ["Chart", "ChartDrawing", "WIDTH", "bar_chart", "bsp_charts", "pie_chart"]

#: The width of a chart: the text width of an A4 page with the UN margins (160 mm), less the paragraphs'
#: indent (the report's figures line up with its paragraphs; the screen shows them at this size too)
WIDTH = 453.5 - 36.0
LABEL_SIZE = 8.5
#: Countries a chart shows before the rest are summed in one bar
MAX_COUNTRIES = 20
#: Characters of a BSP title before it is cut at its first qualification
AREA_TITLE_LIMIT = 60
#: The share of a chart's width its row labels may take
LABEL_SHARE = 0.5

DARK = colors.HexColor("#1f4e79")  # about 30 % grey in print
LIGHT = colors.HexColor("#bdd7ee")  # about 80 % grey, hatched
AXIS = colors.HexColor("#404040")
GRID = colors.HexColor("#d9d9d9")
INK = colors.black
PIE_FILLS = (DARK, LIGHT, colors.HexColor("#7f7f7f"))

# captions
REQUESTS_HANDLED = N_("Requests received and how they were handled")
REQUESTS_BY_AREA = N_("Requests received by area of the Bali Strategic Plan, and those with no activity linked")
BY_THEMATIC = N_("Activities by thematic area")
BY_CROSS_CUTTING = N_("Activities by cross-cutting issue")
BY_COUNTRY = N_("Activities by recipient country")
BY_SUBREGION = N_("Activities by subregion")
BY_LEVEL = N_("Activities by level")
BY_FUNDER = N_("Budget of the activities by funding organisation")
TRAINED = N_("Participants trained, by gender")
# units, under the caption
NUMBER_OF_REQUESTS = N_("(Number of requests)")
NUMBER_OF_ACTIVITIES = N_("(Number of activities)")
NUMBER_OF_PARTICIPANTS = N_("(Number of participants)")
IN_CURRENCY = N_("(Budget in {currency})")
# notes, under the figure
COUNTRY_NOTE = N_("An activity with several recipient countries counts once for each, whatever its share.")
AREA_NOTE = N_("An activity or a request counts once under each of its codes.")
FUNDER_NOTE = N_("An activity with several funding organisations counts in full under each of them.")
OTHER_CURRENCIES = N_("Activities budgeted in other currencies are not in this figure: {currencies}.")
# bars: how many requests were received, answered ... (plural where a language agrees: "Reçues")
RECEIVED = NC_("requests counted", "Received")
ANSWERED = NC_("requests counted", "Answered")
DECLINED = NC_("requests counted", "Declined")
WITHDRAWN = NC_("requests counted", "Withdrawn")
OPEN_AT_END = N_("Open at the end of the year")
OPEN_ON = N_("Open on {date}")
NO_ACTIVITY = N_("No activity linked")
WOMEN = N_("Women")
MEN = N_("Men")
OTHER_GENDER = N_("Other")
#: a slice of the gender chart: "Women: 681 (52%)"
SLICE = N_("{label}: {count} ({share})")


class ChartDrawing(Drawing):
    """A drawing that also keeps what its chart shows: ``labels`` and ``series`` (see :func:`_drawing`)."""

    _attrMap = AttrMap(BASE=Drawing, labels=AttrMapValue(None, desc="the rows' labels"),
                       series=AttrMapValue(None, desc="the values of each series"))

    def __init__(self, width: float, height: float):
        super().__init__(width, height)
        self.labels: list[str] = []
        self.series: list[list[float]] = []


class _MixedFacePie(Pie):
    """A pie whose slice labels may need two faces (Arabic words and the Latin "(47%)": the Naskh face has no
    parentheses or per cent sign): each label ReportLab lays out is drawn as runs, each in a face that has it."""

    _attrMap = AttrMap(BASE=Pie, text=AttrMapValue(None, desc="the chart's _Text"))

    def draw(self) -> Group:
        return self.text.split_faces(super().draw())


@dataclass(frozen=True)
class Chart:
    """A figure of the report: its key, caption and unit line (translated), the drawing, a note."""

    key: str
    title: str
    unit: str
    drawing: Drawing
    note: str = ""


# -- faces and text ---------------------------------------------------------------------------------

class _Text:
    """Fitting labels of one language into the charts' faces."""

    def __init__(self, tr: Translator):
        self.tr = tr
        self.fonts = fonts_for(tr.lang)
        #: an Arabic chart is mirrored: labels at the right, bars growing leftwards, value axis at the right
        self.rtl = tr.lang in RTL_LANGUAGES
        self._alone = {f: DocumentFonts(base=f, fallbacks=()) for f in (self.fonts.base, *self.fonts.fallbacks)}

    def face(self, text: str) -> str:
        """The regular face of the first family (the document's, then its fallbacks) that has every character."""
        for family, fonts in self._alone.items():
            if fonts.covers(text):
                return FAMILIES[family][0]
        return self.fonts.regular

    def width(self, text: str, size: float = LABEL_SIZE) -> float:
        return text_width(text, self.face(text), size) if text else 0.0

    def fit(self, text: str, width: float, size: float = LABEL_SIZE) -> str:
        """``text`` on one line, cut with an ellipsis to fit ``width``."""
        text = one_line(text)
        if self.width(text, size) <= width:
            return text
        while text and self.width(text + "…", size) > width:
            text = text[:-1]
        return text.rstrip(" ,;:，") + "…"

    def wrap(self, text: str, width: float, lines: int = 2, size: float = LABEL_SIZE) -> list[str]:
        """``text`` broken into at most ``lines`` lines of ``width`` (at spaces, else anywhere, as Chinese
        breaks), the last cut with an ellipsis if the text is longer."""
        rest = one_line(text)
        out: list[str] = []
        while rest and len(out) < lines - 1 and self.width(rest, size) > width:
            end = 1
            while end < len(rest) and self.width(rest[:end + 1], size) <= width:
                end += 1
            space = rest.rfind(" ", 0, end + 1)
            if space > 0 and rest[end:end + 1] not in ("", " ") and space > end // 3:
                end = space
            out.append(rest[:end].rstrip())
            rest = rest[end:].lstrip()
        if rest:
            out.append(self.fit(rest, width, size))
        return out

    def string(self, x: float, y: float, text: str, size: float = LABEL_SIZE, anchor: str = "start") -> String:
        return String(x, y, _drawn(text), fontName=self.face(text), fontSize=size, fillColor=INK, textAnchor=anchor)

    def number(self, value: float) -> str:
        return self.tr.number(int(value) if float(value).is_integer() else value)

    def split_faces(self, node: Any) -> Any:
        """``node`` (a drawn group) with every string its face lacks characters of drawn as runs of faces."""
        if isinstance(node, Group):
            copy = Group(*(self.split_faces(child) for child in node.getContents()))
            copy.transform = node.transform
            return copy
        if isinstance(node, String):
            return self._runs(node)
        if hasattr(node, "draw") and not isinstance(node, Shape):  # a widget (a slice's label): its shapes
            return self.split_faces(node.draw())
        return node

    def _runs(self, string: String) -> Any:
        """``string`` as it is if its face has all its (drawn) characters, else one string per run of a face."""
        faces = [FAMILIES[f][0] for f in self._alone]
        own = next((f for f, family in zip(faces, self._alone.values(), strict=True)
                    if f == string.fontName), None)
        if own is None or self._alone[next(k for k in self._alone if FAMILIES[k][0] == own)].covers(string.text):
            return string
        runs: list[tuple[str, str]] = []
        for ch in string.text:
            face = (runs[-1][0] if ch == " " and runs else
                    next((f for f, fonts in zip(faces, self._alone.values(), strict=True) if fonts.covers(ch)), own))
            if runs and runs[-1][0] == face:
                runs[-1] = (face, runs[-1][1] + ch)
            else:
                runs.append((face, ch))
        widths = [text_width(t, f, string.fontSize) for f, t in runs]
        total = sum(widths)
        x = string.x - {"start": 0.0, "middle": total / 2, "end": total}.get(string.textAnchor, 0.0)
        g = Group()
        for (face, t), w in zip(runs, widths, strict=True):
            g.add(String(x, string.y, t, fontName=face, fontSize=string.fontSize, fillColor=string.fillColor))
            x += w
        return g


#: the languages whose charts read from the right
RTL_LANGUAGES = frozenset({"ar"})


def _drawn(line: str) -> str:
    """A label's line as drawn: Arabic letters joined and the line in visual order (as BidiParagraph does)."""
    return visual_line(line) if needs_bidi(line) else line


def _nice_step(top: float, ticks: int = 5, *, whole: bool = True) -> float:
    """A step of 1, 2 or 5 times a power of ten giving about ``ticks`` intervals up to ``top``."""
    if top <= 0:
        return 1.0
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return max(step, 1.0) if whole else step


def _value_axis(chart: Any, text: _Text, top: float, axis_text: Callable[[float], str], *, whole: bool = True) -> None:
    """From 0 to a round number at or above ``top``, in steps of 1, 2 or 5 (times a power of ten), light grid."""
    step = _nice_step(top, whole=whole)
    axis = chart.valueAxis
    axis.valueMin = 0
    axis.valueMax = max(step * math.ceil(top / step), step)
    axis.valueStep = step
    axis.strokeColor = AXIS
    axis.visibleGrid = 1
    axis.gridStrokeColor = GRID
    axis.gridStrokeWidth = 0.5
    axis.labels.fontName = text.face("0123456789")
    axis.labels.fontSize = LABEL_SIZE - 1
    axis.labels.fillColor = AXIS
    axis.labelTextFormat = axis_text


def _hatch(x: float, y: float, w: float, h: float, spacing: float = 3.5) -> Group:
    """Diagonal lines (45°) filling the rectangle, for the second series in grey print."""
    g = Group()
    if w <= 0 or h <= 0:
        return g
    k = spacing
    while k < w + h:
        # the line x' - x + (y' - y) = k, clipped to the rectangle
        x0, y0 = (x + k, y) if k <= w else (x + w, y + k - w)
        x1, y1 = (x, y + k) if k <= h else (x + k - h, y + h)
        g.add(Line(x0, y0, x1, y1, strokeColor=INK, strokeWidth=0.4))
        k += spacing
    return g


def _swatch(x: float, y: float, fill: colors.Color, hatched: bool) -> Group:
    g = Group(Rect(x, y, 9, 9, fillColor=fill, strokeColor=INK, strokeWidth=0.5))
    if hatched:
        g.add(_hatch(x, y, 9, 9, 3))
    return g


# -- charts ---------------------------------------------------------------------------------------

def bar_chart(tr: Translator, labels: Sequence[str], series: Sequence[Sequence[float]], *,
              names: Sequence[str] = (), width: float = WIDTH,
              value_text: Callable[[float], str] | None = None,
              axis_text: Callable[[float], str] | None = None, whole: bool = True) -> Drawing:
    """Horizontal bars, one row per label (top to bottom), one bar per series, each with its value.

    The first series is dark, the second light and hatched; with several series a legend
    names them (``names``) above the bars.
    """
    text = _Text(tr)
    value_text = value_text or text.number
    axis_text = axis_text or text.number
    rows = len(labels)
    label_room = min(max((text.width(t) for t in labels), default=0) + 6, width * LABEL_SHARE)
    wrapped = [text.wrap(t, label_room - 6) for t in labels]
    lines = max((len(w) for w in wrapped), default=1)
    per_bar = 11.0
    gap = (6.0 if len(series) == 1 else 8.0) + (lines - 1) * LABEL_SIZE * 1.1
    row_height = per_bar * len(series) + gap
    legend = 16.0 if len(series) > 1 and names else 0.0
    axis_room = 16.0
    top = max((max(s, default=0) for s in series), default=0)
    value_room = max((text.width(value_text(v)) for s in series for v in s), default=0) + 6
    height = rows * row_height + axis_room + legend + 4

    # Series are laid out bottom up within a row: given in reverse, the first is on top.
    order = list(range(len(series)))[::-1]
    chart = HorizontalBarChart()
    chart.x = value_room if text.rtl else label_room
    chart.y = axis_room
    chart.width = max(width - label_room - value_room, 60)
    chart.height = rows * row_height
    chart.data = [list(series[i]) for i in order]
    chart.barWidth = per_bar
    chart.groupSpacing = gap
    chart.barSpacing = 0
    chart.strokeColor = None
    chart.categoryAxis.categoryNames = ["\n".join(_drawn(line) for line in w) for w in wrapped]
    chart.categoryAxis.reverseDirection = 1
    chart.categoryAxis.strokeColor = AXIS
    chart.categoryAxis.tickLeft = 0
    if text.rtl:  # the labels at the right of the axis, which stands at the right; bars grow leftwards
        chart.categoryAxis.joinAxisMode = "right"
        chart.valueAxis.reverseDirection = 1
        chart.categoryAxis.labels.boxAnchor = "w"
        chart.categoryAxis.labels.textAnchor = "start"
        chart.categoryAxis.labels.dx = 4
    else:
        chart.categoryAxis.labels.boxAnchor = "e"
        chart.categoryAxis.labels.textAnchor = "end"  # every line of a wrapped label against the axis
        chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.labels.fontSize = LABEL_SIZE
    chart.categoryAxis.labels.leading = LABEL_SIZE * 1.1
    chart.categoryAxis.labels.fillColor = INK
    for i, name in enumerate(chart.categoryAxis.categoryNames):
        chart.categoryAxis.labels[i].fontName = text.face(name.replace("\n", ""))
    _value_axis(chart, text, top, axis_text, whole=whole)
    for i, given in enumerate(order):
        chart.bars[i].fillColor = DARK if given == 0 else LIGHT
        chart.bars[i].strokeColor = INK
        chart.bars[i].strokeWidth = 0.4
    chart.barLabelFormat = value_text
    chart.barLabels.boxAnchor = "w"  # beyond the bar's end: ReportLab mirrors it for a bar drawn leftwards
    chart.barLabels.dx = 3
    chart.barLabels.fontName = text.face("0123456789")
    chart.barLabels.fontSize = LABEL_SIZE
    chart.barLabels.fillColor = INK
    if text.rtl:  # a bar of 0 has no direction to mirror: its value at the left of the axis, off the labels
        for i, given in enumerate(order):
            for j, value in enumerate(series[given]):
                if not value:
                    chart.barLabels[(i, j)].boxAnchor = "e"
                    chart.barLabels[(i, j)].dx = -3

    drawing = _drawing(text, width, height, chart, labels, series)
    if len(series) > 1:
        drawing.add(_hatched_bars(chart, LIGHT))
    if legend:
        y = height - 12
        if text.rtl:  # from the right edge of the bars: swatch, then its name at its left
            x = chart.x + chart.width
            for i, name in enumerate(names[:len(series)]):
                drawing.add(_swatch(x - 9, y, DARK if i == 0 else LIGHT, i > 0))
                drawing.add(text.string(x - 13, y + 1, name, anchor="end"))
                x -= 13 + text.width(name) + 18
        else:
            x = chart.x
            for i, name in enumerate(names[:len(series)]):
                drawing.add(_swatch(x, y, DARK if i == 0 else LIGHT, i > 0))
                drawing.add(text.string(x + 13, y + 1, name))
                x += 13 + text.width(name) + 18
    return drawing


def _hatched_bars(chart: HorizontalBarChart, fill: colors.Color) -> Group:
    """Hatching over the bars the chart draws in ``fill`` (the light series)."""
    g = Group()
    stack = [chart.draw()]
    while stack:
        node = stack.pop()
        if isinstance(node, Group):
            stack.extend(node.getContents())
        elif isinstance(node, Rect) and node.fillColor == fill and node.width and node.height:
            x, w = (node.x + node.width, -node.width) if node.width < 0 else (node.x, node.width)
            g.add(_hatch(x, node.y, w, node.height))
    return g


def column_chart(tr: Translator, labels: Sequence[str], values: Sequence[float], *, width: float = WIDTH,
                 height: float = 150.0) -> Drawing:
    """Vertical bars, one per label, each with its value above it (few categories: the levels)."""
    text = _Text(tr)
    top = max(values, default=0)
    chart = VerticalBarChart()
    chart.y = 22
    chart.width = min(width - 44, 90 * max(len(labels), 1))
    chart.x = width - 34 - chart.width if text.rtl else 34
    chart.height = height - 36
    chart.data = [list(values)]
    chart.barWidth = 28
    chart.groupSpacing = 14
    chart.strokeColor = None
    chart.categoryAxis.categoryNames = [_drawn(text.fit(t, chart.width / max(len(labels), 1) - 4)) for t in labels]
    chart.categoryAxis.strokeColor = AXIS
    chart.categoryAxis.labels.boxAnchor = "n"
    chart.categoryAxis.labels.dy = -4
    chart.categoryAxis.labels.fontSize = LABEL_SIZE
    chart.categoryAxis.labels.fillColor = INK
    for i, name in enumerate(chart.categoryAxis.categoryNames):
        chart.categoryAxis.labels[i].fontName = text.face(name)
    _value_axis(chart, text, top * 1.1, text.number)  # room above the tallest bar for its value
    if text.rtl:  # the first column at the right, the values on an axis at the right
        chart.categoryAxis.reverseDirection = 1
        chart.valueAxis.joinAxisMode = "right"
        chart.valueAxis.labels.boxAnchor = "w"
        chart.valueAxis.labels.dx = 5
    chart.bars[0].fillColor = DARK
    chart.bars[0].strokeColor = INK
    chart.bars[0].strokeWidth = 0.4
    chart.barLabelFormat = text.number
    chart.barLabels.boxAnchor = "s"
    chart.barLabels.dy = 2
    chart.barLabels.fontName = text.face("0123456789")
    chart.barLabels.fontSize = LABEL_SIZE
    chart.barLabels.fillColor = INK
    return _drawing(text, width, height, chart, labels, [values])


def pie_chart(tr: Translator, labels: Sequence[str], values: Sequence[int], *, width: float = WIDTH,
              height: float = 150.0) -> Drawing:
    """A pie whose slices are labelled with their name, count and share (grey print: the labels tell)."""
    text = _Text(tr)
    total = sum(values) or 1
    slice_labels = [tr.gettext(SLICE, label=label, count=tr.number(v),
                               share=format_percent(v / total, locale=tr.locale))
                    for label, v in zip(labels, values, strict=True)]
    pie = _MixedFacePie()
    pie.text = text
    size = height - 40
    pie.width = pie.height = size
    pie.x = (width - size) / 2
    pie.y = 20
    pie.data = list(values)
    pie.labels = [_drawn(label) for label in slice_labels]
    pie.startAngle = 90
    pie.direction = "anticlockwise" if text.rtl else "clockwise"  # the first slice from the top, read onwards
    pie.sideLabels = 1
    pie.sideLabelsOffset = 0.08
    pie.slices.strokeColor = colors.white
    pie.slices.strokeWidth = 1.2
    pie.slices.fontSize = LABEL_SIZE
    pie.slices.fontColor = INK
    pie.slices.label_pointer_strokeColor = AXIS
    for i, label in enumerate(slice_labels):
        pie.slices[i].fillColor = PIE_FILLS[i % len(PIE_FILLS)]
        pie.slices[i].fontName = text.face(label)
    return _drawing(text, width, height, pie, labels, [values])


def _drawing(text: _Text, width: float, height: float, chart: Any, labels: Sequence[str],
             series: Sequence[Sequence[float]]) -> Drawing:
    """The drawing of ``chart``, which also keeps what it shows, in the order given: ``drawing.labels`` (the
    rows' labels, whole) and ``drawing.series`` (one list of values per series), for the page and the tests."""
    drawing = ChartDrawing(width, height)
    drawing.initialFontName = text.fonts.regular  # else ReportLab's default, Helvetica, is named (unembedded)
    drawing.add(chart, name="chart")
    drawing.labels = list(labels)
    drawing.series = [list(s) for s in series]
    return drawing


# -- the report's charts --------------------------------------------------------------------------

def _counts(counts: Sequence[Count]) -> list[float]:
    return [float(c.count) for c in counts]


def _money_text(tr: Translator, currency: str) -> Callable[[float], str]:
    def text(value: float) -> str:  # value in hundredths
        return format_compact_currency(value / 100, currency or "XXX", locale=tr.locale, fraction_digits=1)
    return text


def _compact(tr: Translator) -> Callable[[float], str]:
    def text(value: float) -> str:
        return format_compact_decimal(value / 100, locale=tr.locale, fraction_digits=1)
    return text


def bsp_charts(figures: BspFigures, tr: Translator, *, width: float = WIDTH) -> list[Chart]:
    """The charts of a year's figures, in report order, those with nothing to show left out."""
    _ = tr.gettext
    f = figures
    out: list[Chart] = []
    requests_unit = _(NUMBER_OF_REQUESTS)
    activities_unit = _(NUMBER_OF_ACTIVITIES)

    if f.received or f.closed or f.open_at_end:
        open_label = _(OPEN_AT_END) if f.as_of.month == 12 and f.as_of.day == 31 else _(OPEN_ON,
                                                                                          date=tr.date(f.as_of))
        labels = [_(RECEIVED), _(ANSWERED), _(DECLINED), _(WITHDRAWN), open_label]
        values = [f.received, f.answered, f.declined, f.withdrawn, f.open_at_end]
        out.append(Chart("requests", _(REQUESTS_HANDLED), requests_unit,
                         bar_chart(tr, labels, [values], width=width)))

    if f.requests_by_area:
        gaps = {c.key: c.count for c in f.gaps_by_area}
        labels = [area_label(c.key, f.areas, tr, limit=AREA_TITLE_LIMIT) for c in f.requests_by_area]
        series = [_counts(f.requests_by_area), [float(gaps.get(c.key, 0)) for c in f.requests_by_area]]
        out.append(Chart("request_areas", _(REQUESTS_BY_AREA), requests_unit,
                         bar_chart(tr, labels, series, names=[_(RECEIVED), _(NO_ACTIVITY)], width=width),
                         _(AREA_NOTE)))

    for key, title, counts in (("thematic", BY_THEMATIC, f.by_thematic),
                               ("cross_cutting", BY_CROSS_CUTTING, f.by_cross_cutting)):
        if counts:
            labels = [area_label(c.key, f.areas, tr, limit=AREA_TITLE_LIMIT) for c in counts]
            out.append(Chart(key, _(title), activities_unit, bar_chart(tr, labels, [_counts(counts)], width=width),
                             _(AREA_NOTE)))

    if f.by_country:
        # one bar for the rest, when it stands for two countries or more
        cut = len(f.by_country) if len(f.by_country) <= MAX_COUNTRIES + 1 else MAX_COUNTRIES
        shown, rest = f.by_country[:cut], f.by_country[cut:]
        labels = [country_name(c.key, c.name, tr) for c in shown]
        values = _counts(shown)
        if rest:
            labels.append(tr.ngettext("{n} other country", "{n} other countries", len(rest)))
            values.append(float(sum(c.count for c in rest)))
        out.append(Chart("countries", _(BY_COUNTRY), activities_unit, bar_chart(tr, labels, [values], width=width),
                         _(COUNTRY_NOTE)))

    if f.by_subregion:
        labels = [subregion_name(c.key, tr) for c in f.by_subregion]
        out.append(Chart("subregions", _(BY_SUBREGION), activities_unit,
                         bar_chart(tr, labels, [_counts(f.by_subregion)], width=width)))

    if f.activities:
        labels = [level_name(c.key, tr) for c in f.by_level]
        out.append(Chart("levels", _(BY_LEVEL), activities_unit,
                         column_chart(tr, labels, _counts(f.by_level), width=width)))

    if f.by_funder and f.money:
        currency = f.money[0].currency  # the currency most activities are budgeted in
        funders = [x for x in f.by_funder if x.currency == currency]
        funders.sort(key=lambda x: (-x.budget, x.name.casefold()))
        others = sorted({m.currency for m in f.money[1:]})
        note = _(FUNDER_NOTE)
        if others:
            note += " " + _(OTHER_CURRENCIES, currencies=_(", ").join(others))
        out.append(Chart("funders", _(BY_FUNDER), _(IN_CURRENCY, currency=currency),
                         bar_chart(tr, [x.name for x in funders], [[float(x.budget) for x in funders]], width=width,
                                   value_text=_money_text(tr, currency), axis_text=_compact(tr)),
                         note))

    if f.trained:
        parts = [(WOMEN, f.trained_women), (MEN, f.trained_men), (OTHER_GENDER, f.trained_other)]
        parts = [(label, n) for label, n in parts if n]
        out.append(Chart("trained", _(TRAINED), _(NUMBER_OF_PARTICIPANTS),
                         pie_chart(tr, [_(label) for label, _n in parts], [n for _l, n in parts], width=width)))
    return out
