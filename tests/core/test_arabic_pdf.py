"""Arabic in the roster PDF: the Naskh face embedded, letters joined, words right to left on each line.

Read back with poppler. ``pdftotext -bbox`` gives each word's box and its
characters in drawing order (left to right): an Arabic word comes out reversed
and in presentation forms (U+FB50-FEFF), so it is read back by reversing it and
normalising with NFKC. Lines are found by the words' vertical centres.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from reportlab.platypus import Paragraph
from sqlmodel import select

from tegdesk.core.documents import fonts as fonts_module
from tegdesk.core.documents.fonts import ARABIC, SERIF, BidiParagraph, fonts_for
from tegdesk.core.documents.roster_pdf import MARGIN_BOTTOM, PAD_X, PAGE, build_roster_pdf, export_roster_pdf
from tegdesk.core.i18n import translator
from tegdesk.core.models import MemberState
from tegdesk.core.services.roster import ExpertData, RosterService

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")

D = dt.date
AS_OF = D(2026, 3, 12)
FAMILY = "العتيبي"
GIVEN = "محمد عبد الله"
#: long enough to wrap to two or three lines in its column; a document symbol in brackets at the end
ORG = ("وزارة البيئة والمياه والزراعة، الإدارة العامة للتنمية المستدامة والتخطيط البيئي، وحدة تنسيق البرامج "
       "الإقليمية مع اللجنة الاقتصادية والاجتماعية لآسيا والمحيط الهادئ (ESCAP/CED/2024/1)")
MIXED = "محمد Ali 2024"
SYMBOL = "وثيقة ESCAP/CED/2024/1 المعتمدة"
TRICKY = 'شركة "النور" & <الأمل>'
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


# -- reading the PDF back ------------------------------------------------------------------------

@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    drawn: str  # the characters left to right, as poppler gives them

    @property
    def text(self) -> str:
        """The word in logical order, presentation forms normalised (NFKC)."""
        return unicodedata.normalize("NFKC", self.drawn[::-1] if _RTL.search(self.drawn) else self.drawn)

    @property
    def middle(self) -> float:
        return (self.y0 + self.y1) / 2


def words(pdf: Path, page: int = 1) -> list[Word]:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         check=True, capture_output=True, text=True).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
    return [Word(float(a), float(b), float(c), float(d), html.unescape(t)) for a, b, c, d, t in re.findall(pattern, out)]


def lines(found: list[Word]) -> list[list[Word]]:
    """Words grouped into lines (by vertical centre, top first), each line left to right."""
    rows: list[list[Word]] = []
    for word in sorted(found, key=lambda w: w.middle):
        if rows and abs(rows[-1][0].middle - word.middle) < 3:
            rows[-1].append(word)
        else:
            rows.append([word])
    return [sorted(row, key=lambda w: w.x0) for row in rows]


def read_rtl(line: list[Word]) -> list[str]:
    """A right-to-left line read from its right end."""
    return [w.text for w in sorted(line, key=lambda w: -w.x0)]


def pdffonts(pdf: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
    return [line.split() for line in out.splitlines()[2:]]


def raw_text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-raw", str(pdf), "-"], check=True, capture_output=True,
                         text=True).stdout
    return " ".join(_CONTROLS.sub("", unicodedata.normalize("NFKC", out)).split())


def column(found: list[Word], header: str) -> tuple[float, float]:
    """The x range a column's content may use: from its header's left to the next column's left, less padding."""
    row = next(w for w in found if w.text == "Organization").middle  # the column header's line
    head = next(w for w in found if w.text == header and abs(w.middle - row) < 1)
    right = min(w.x0 for w in found if w.x0 > head.x1 and abs(w.middle - head.middle) < 1)
    return head.x0, right - 2 * PAD_X


def cells(found: list[Word], header: str) -> list[Word]:
    """The words of a column's cells on a page: inside its x range, below its header, above the footer."""
    left, right = column(found, header)
    top = next(w for w in found if w.text == "Organization").y1
    bottom = PAGE[1] - MARGIN_BOTTOM
    return [w for w in found if left - 0.5 <= w.x0 and w.x1 <= right + 0.5 and top < w.y0 and w.y1 < bottom]


# -- data --------------------------------------------------------------------------------------------

@pytest.fixture
def service(store):
    svc = RosterService(store)
    with store.session() as s:
        ids = {m.iso2: m.id for m in s.exec(select(MemberState)).all()}

    def nominate(iso2: str, family: str, given: str, start: dt.date, **kw: str) -> None:
        out = svc.nominate(member_id=ids[iso2], start_date=start,
                           expert=ExpertData(family_name=family, given_names=given, **kw))
        assert out.saved, [v.message for v in out.violations]

    nominate("AF", FAMILY, GIVEN, D(2025, 1, 1), honorific="Mr.", organization=ORG)
    nominate("IR", "Rahimi", "Sara", D(2024, 5, 1), honorific="Dr.", organization=MIXED)
    nominate("PK", "Khan", "Ayesha", D(2024, 2, 1), honorific="Ms.", organization=SYMBOL)
    nominate("JO" if "JO" in ids else "TR", "Haddad", "Lina", D(2024, 7, 1), honorific="Ms.", organization=TRICKY)
    nominate("TH", "O'Brien <b>&\"Co\"", "Anna & <i>", D(2024, 3, 1), honorific="Ms.",
             organization='Ministry <of> Environment & "Climate"')
    nominate("CN", "王", "小明", D(2024, 1, 15), honorific="Mr.", organization="中国科学院地理科学与资源研究所")
    return svc


@pytest.fixture
def roster_pdf(service, store, tmp_path) -> Path:
    return export_roster_pdf(store, tmp_path / "roster.pdf", lang="en", as_of=AS_OF, generated=D(2026, 3, 13))


@pytest.fixture
def arabic_only(service, tmp_path) -> Path:
    """The roster of the Arabic expert alone: the organisation wraps in its column."""
    rows = [r for r in service.rows(AS_OF) if r.family_name == FAMILY]
    return build_roster_pdf(rows, tmp_path / "ar.pdf", tr=translator("en"), as_of=AS_OF, tor_version=1,
                            body_name="TEG", generated=D(2026, 3, 13))


# -- the PDF -------------------------------------------------------------------------------------------

def test_a_naskh_subset_is_embedded(roster_pdf):
    naskh = [row for row in pdffonts(roster_pdf) if "NotoNaskhArabic" in row[0]]
    assert naskh, pdffonts(roster_pdf)
    for row in naskh:
        assert re.match(r"[A-Z]{6}\+NotoNaskhArabic-Regular$", row[0]), row
        assert row[-5:-3] == ["yes", "yes"], row  # embedded, subset


def test_arabic_words_are_extracted(roster_pdf):
    found = {w.text for w in words(roster_pdf)}
    for word in [*FAMILY.split(), *GIVEN.split(), *ORG.split(), *MIXED.split(), *SYMBOL.split()]:
        assert word in found, word
    assert not any("\u25a1" in w.drawn for w in words(roster_pdf))  # no missing-glyph box


def test_a_wrapped_arabic_organisation_reads_right_to_left_line_by_line(arabic_only):
    found = words(arabic_only)
    _, right = column(found, "Organization")
    rows = [line for line in lines(cells(found, "Organization")) if any(_RTL.search(w.drawn) for w in line)]
    cell = [w for line in rows for w in line]
    assert 2 <= len(rows) <= 3, [[w.text for w in row] for row in rows]
    # Each line read from its right end, the lines top to bottom, give the text in order: the
    # first words are on the first line (each line reordered after wrapping, not the paragraph).
    assert [word for row in rows for word in read_rtl(row)] == ORG.split()
    assert read_rtl(rows[0])[0] == "وزارة" and max(w.x1 for w in rows[0]) == max(w.x1 for w in cell)
    assert read_rtl(rows[-1])[-1] == "(ESCAP/CED/2024/1)"  # brackets mirrored back: "(" opens the symbol
    # Aligned right in the column, inside it: no overlap with the next column.
    ends = [max(w.x1 for w in row) for row in rows]
    assert max(ends) - min(ends) < 0.5 and max(ends) <= right + 0.5
    term = next(w for w in found if w.text == "1" and abs(w.middle - rows[0][0].middle) < 3)  # "1 January 2025"
    assert max(ends) < term.x0 - PAD_X


def test_an_arabic_name_after_a_latin_honorific(arabic_only):
    row = next(line for line in lines(cells(words(arabic_only), "Expert")) if line[0].text == "Mr.")
    assert row[0].text == "Mr."  # the paragraph starts left to right: the honorific stays on the left
    assert read_rtl(row[1:]) == [*GIVEN.split(), FAMILY]


def test_mixed_arabic_latin_digits_and_a_document_symbol_in_visual_order(roster_pdf):
    found = words(roster_pdf)
    by_line = {" ".join(w.text for w in row): row for row in lines(found)}
    # Left to right as drawn: the Latin run keeps its own order, the Arabic is read from the right.
    assert any("Ali 2024 محمد" in text for text in by_line), list(by_line)
    assert any("المعتمدة ESCAP/CED/2024/1 وثيقة" in text for text in by_line), list(by_line)


def test_markup_characters_in_arabic_text_print_literally(roster_pdf):
    text = raw_text(roster_pdf)
    for word in ("شركة", "النور", "الأمل"):
        assert word in text
    assert '"' in text and "&" in text and "<" in text and ">" in text
    assert "Ms. Anna & <i> O'Brien <b>&\"Co\"" in text and 'Ministry <of> Environment & "Climate"' in text
    assert "Mr. 王小明" in text


def test_arabic_in_a_chinese_document(service, store, tmp_path):
    out = export_roster_pdf(store, tmp_path / "zh.pdf", lang="zh", as_of=AS_OF, generated=D(2026, 3, 13))
    assert any("NotoNaskhArabic" in row[0] for row in pdffonts(out))
    found = {w.text for w in words(out)}
    assert set(ORG.split()) <= found and FAMILY in found


def test_a_tall_arabic_cell_split_over_pages_keeps_its_line_order(service, tmp_path):
    [row] = [r for r in service.rows(AS_OF) if r.family_name == FAMILY]
    count = len(ORG.split()) * 30
    numbered = " ".join(f"{word} {i}" for i, word in enumerate(ORG.split() * 30))
    out = build_roster_pdf([replace(row, organization=numbered)], tmp_path / "tall.pdf", tr=translator("en"),
                           as_of=AS_OF, tor_version=1, body_name="TEG", generated=D(2026, 3, 13))
    pages = int(subprocess.run(["pdfinfo", str(out)], check=True, capture_output=True, text=True).stdout
                .split("Pages:")[1].split()[0])
    assert pages >= 2
    read: list[int] = []
    for page in range(1, pages + 1):
        for line in lines(cells(words(out, page), "Organization")):
            read += [int(t) for t in read_rtl(line) if t.isdigit()]
    assert read == list(range(count))  # page after page, line after line, each line from the right


# -- the paragraph -------------------------------------------------------------------------------------

def _plain(markup: str) -> str:
    return unicodedata.normalize("NFKC", html.unescape(re.sub(r"<[^>]+>", "", markup)))


def test_only_right_to_left_text_takes_the_bidi_path():
    en = fonts_for("en")
    style = en.style("cell", size=9, leading=11)
    for text in ("Anna O'Brien", "王小明", "Пётр Иванов", "Sustainable Development " * 20, 'a <b> & "c"'):
        assert type(en.paragraph(text, style)) is Paragraph, text
    assert isinstance(en.paragraph("محمد", style), BidiParagraph)
    assert en.markup("محمد") == f'<font name="{ARABIC}">محمد</font>'  # markup alone: logical order, unshaped


@pytest.mark.parametrize("width", [40, 70, 95, 150, 260, 600])
def test_reportlab_draws_the_lines_as_broken(width):
    en = fonts_for("en")
    style = en.style("cell", size=9, leading=11)
    para = en.paragraph(ORG + " " + MIXED, style, width=width)
    para.wrap(width, 10_000)
    assert len(para.blPara.lines) == para.text.count("<br/>") + 1  # ReportLab did not break them again
    words_in_order = [w for line in para.text.split("<br/>") for w in reversed(_plain(line).split())]
    logical = [w[::-1] if _RTL.search(unicodedata.normalize("NFKC", w)) else w for w in words_in_order]
    assert " ".join(logical).startswith("وزارة البيئة")


def test_wrapping_again_at_another_width_relays_the_lines():
    en = fonts_for("en")
    style = en.style("cell", size=9, leading=11)
    para = en.paragraph(ORG, style)
    _, tall = para.wrap(120, 10_000)
    _, short = para.wrap(500, 10_000)
    assert short < tall and short == 2 * 11


def test_brackets_are_mirrored_and_paired():
    en = fonts_for("en")
    style = en.style("cell", size=9, leading=11)
    # Drawn left to right; reading the Arabic from the right, each bracket opens towards its content.
    assert _plain(en.paragraph("محمد (علي) Ali", style).text) == "Ali (يلع) دمحم"  # starts right to left
    assert _plain(en.paragraph("Dr. محمد (علي) Ali", style).text) == "Dr. (يلع) دمحم Ali"  # starts left to right
    assert _plain(en.paragraph("الهادئ (ESCAP/CED/2024/1)", style).text) == "(ESCAP/CED/2024/1) ئداهلا"
    assert _plain(en.paragraph("abc (محمد) def", style).text) == "abc (دمحم) def"


def test_without_the_rust_levels_the_pure_python_algorithm_orders_lines(monkeypatch):
    monkeypatch.setattr(fonts_module, "_legacy_bidi", True)
    en = fonts_for("en")
    style = en.style("cell", size=9, leading=11)
    assert _plain(en.paragraph(MIXED, style).text) == "Ali 2024 دمحم"
    assert _plain(en.paragraph("الهادئ (ESCAP/CED/2024/1)", style).text) == "(ESCAP/CED/2024/1) ئداهلا"
    para = en.paragraph(ORG, style, width=150)
    para.wrap(150, 10_000)
    assert len(para.blPara.lines) == para.text.count("<br/>") + 1 >= 3


def test_user_text_never_breaks_the_markup():
    en = fonts_for("en")
    style = en.style("cell", size=9, leading=11)
    para = en.paragraph('<b>محمد</b> & "x" </para> \x00 <font name="Nope">', style, width=200)
    para.wrap(200, 1000)  # parsed: nothing the user typed became a tag
    assert set(re.findall(r'<font name="([^"]*)">', para.text)) == {ARABIC}
    assert {frag.fontName for line in para.blPara.lines for frag in line.words} == {SERIF, ARABIC}
    plain = _plain(para.text)
    for piece in ("para", "font", "name=", "Nope", "&", '"x"', "دمحم"):
        assert piece in plain, piece


def test_bold_text_sets_arabic_in_the_bold_naskh():
    en = fonts_for("en")
    para = en.paragraph("محمد Ali", en.style("head", size=9.5, leading=11, bold=True), width=200)
    para.wrap(200, 100)
    assert {frag.fontName for line in para.blPara.lines for frag in line.words} == {"TegSerif-Bold", "TegNaskh-Bold"}
