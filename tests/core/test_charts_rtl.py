"""Arabic charts mirrored (issue 7): labels at the right of the bars, bars growing leftwards, values at their
left ends, the value axis counting from the right, the legend from the right; English as before."""

from __future__ import annotations

import pytest
from reportlab.graphics.shapes import Group, Rect, Shape, String

from tegdesk.core.documents.charts import DARK, bar_chart, column_chart
from tegdesk.core.i18n import translator

LABELS = ["التنوع البيولوجي", "تغير المناخ", "التلوث"]


def shapes(drawing):
    """Every String and Rect drawn, moved by the translations of the groups they are in (labels are groups
    translated to their anchor)."""
    out = []
    stack = [(drawing, 0.0, 0.0)]
    while stack:
        node, dx, dy = stack.pop()
        if isinstance(node, Group):
            t = getattr(node, "transform", (1, 0, 0, 1, 0, 0))
            stack.extend((child, dx + t[4], dy + t[5]) for child in node.getContents())
        elif isinstance(node, (String, Rect)):
            copy = node.copy()
            copy.x, copy.y = node.x + dx, node.y + dy
            out.append(copy)
        elif hasattr(node, "draw") and not isinstance(node, Shape):
            stack.append((node.draw(), dx, dy))
    return out


def bars(drawing):
    return [r for r in shapes(drawing) if isinstance(r, Rect) and r.fillColor == DARK and r.height and r.width
            and r.y < drawing.height - 16]  # not the legend's swatch


def strings(drawing):
    return [s for s in shapes(drawing) if isinstance(s, String)]


def edges(rect):
    return sorted((rect.x, rect.x + rect.width))


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_bar_chart_reads_from_the_start_of_the_line(lang):
    tr = translator(lang)
    labels = LABELS if lang == "ar" else ["Biodiversity", "Climate change", "Pollution"]
    drawing = bar_chart(tr, labels, [[5, 3, 1], [4, 2, 0]], names=["الواردة", "بلا نشاط"])
    dark = bars(drawing)
    assert len(dark) == 3
    texts = strings(drawing)
    axis_ticks = [s for s in texts if s.text in ("0", "5")]  # value axis 0..5 (bar values are 5, 3, 1, 4, 2, 0)
    label_x = [s.x for s in texts if s.text.strip() and not s.text.strip().isdigit() and s.y < drawing.height - 16]
    values = {s.text: s for s in texts if s.text in ("5", "3", "1")}
    longest = max(dark, key=lambda r: abs(r.width))
    left, right = edges(longest)
    base = [edges(r)[1] if lang == "ar" else edges(r)[0] for r in dark]
    assert max(base) - min(base) < 0.5  # every bar starts from the same axis
    if lang == "ar":
        assert all(x >= right for x in label_x)  # labels at the right of the bars
        assert min(edges(r)[0] for r in dark) == pytest.approx(left)  # the longest reaches furthest left
        assert any(s.x <= left for s in values.values())  # a value beyond the left end of its bar
        zero, five = (min((s for s in axis_ticks if s.text == t), key=lambda s: s.y) for t in ("0", "5"))
        assert zero.x > five.x  # the value axis counts from the right
    else:
        assert all(x <= left for x in label_x)
        assert any(s.x >= right for s in values.values())
        zero, five = (min((s for s in axis_ticks if s.text == t), key=lambda s: s.y) for t in ("0", "5"))
        assert zero.x < five.x


def test_arabic_legend_starts_at_the_right():
    drawing = bar_chart(translator("ar"), LABELS, [[5, 3, 1], [4, 2, 0]], names=["الواردة", "بلا نشاط"])
    legend = sorted((s for s in strings(drawing) if s.y > drawing.height - 16), key=lambda s: -s.x)
    assert len(legend) == 2
    first, second = legend
    assert first.textAnchor == "end" and first.x > second.x  # the first series named at the right
    swatches = [r for r in shapes(drawing) if isinstance(r, Rect) and r.y > drawing.height - 16 and r.width == 9]
    assert swatches and max(s.x for s in swatches) > first.x  # each swatch at the right of its name


def test_arabic_column_chart_first_column_and_axis_at_the_right():
    tr = translator("ar")
    drawing = column_chart(tr, ["إقليمي", "وطني"], [6, 2])
    dark = sorted(bars(drawing), key=lambda r: r.x)
    assert [round(r.height) for r in dark][0] < [round(r.height) for r in dark][1]  # the first (6) at the right
    ticks = [s for s in strings(drawing) if s.text.isdigit() and s.text in ("0",)]
    assert ticks and all(t.x > max(edges(r)[1] for r in dark) for t in ticks)  # the value axis at the right
    english = column_chart(translator("en"), ["Regional", "National"], [6, 2])
    dark = sorted(bars(english), key=lambda r: r.x)
    assert dark[0].height > dark[1].height


def test_arabic_pie_labels_drawn_in_the_faces_that_have_them():
    """The Naskh face has no parentheses or per cent sign: each label is drawn as runs, none lost."""
    from tegdesk.core.documents.charts import pie_chart
    from tegdesk.core.documents.fonts import ARABIC, FAMILIES, SERIF, DocumentFonts

    drawing = pie_chart(translator("ar"), ["نساء", "رجال"], [290, 327])
    drawn = [s for s in strings(drawing) if s.text.strip()]
    faces = {FAMILIES[f][0]: DocumentFonts(base=f, fallbacks=()) for f in (SERIF, ARABIC)}
    assert all(faces[s.fontName].covers(s.text) for s in drawn), [(s.fontName, s.text) for s in drawn]
    naskh = "".join(s.text for s in drawn if s.fontName == FAMILIES[ARABIC][0])
    serif = "".join(s.text for s in drawn if s.fontName == FAMILIES[SERIF][0])
    assert len([c for c in naskh if "\ufe70" <= c <= "\ufefc"]) >= 6  # both names, joined letters
    assert "(" in serif and "%" in serif and "290" in serif + naskh
    # each label's runs sit side by side on one line, without overlapping
    for y in {round(s.y, 1) for s in drawn}:
        line = sorted((s for s in drawn if round(s.y, 1) == y), key=lambda s: s.x)
        assert len(line) >= 2
        for a, b in zip(line, line[1:]):
            from tegdesk.core.documents.fonts import text_width
            assert a.x + text_width(a.text, a.fontName, a.fontSize) <= b.x + 0.01


def test_arabic_zero_bar_value_stays_off_the_labels():
    from tegdesk.core.documents.fonts import text_width

    drawing = bar_chart(translator("ar"), LABELS, [[5, 3, 1], [4, 2, 0]], names=["الواردة", "بلا نشاط"])
    axis = max(edges(r)[1] for r in bars(drawing))
    zeros = [s for s in strings(drawing) if s.text == "0" and s.y > 16]  # not the value axis' own 0
    share = {"start": 1.0, "middle": 0.5, "end": 0.0}
    assert zeros and all(s.x + share[s.textAnchor] * text_width("0", s.fontName, s.fontSize) <= axis
                         for s in zeros)

