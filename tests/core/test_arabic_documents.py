"""Arabic meeting documents laid out right to left, read back with poppler (issue 7).

The words are read as in tests/core/test_arabic_pdf.py: ``pdftotext -bbox`` gives each word's box, the words
are grouped into lines by their vertical centres, and a right-to-left line is read from its right end. A long
annotation must come back in its own order over three lines and more, with the document symbol it names intact
on the line of the Arabic words around it; the masthead is mirrored ("الأمم المتحدة" at the right, the symbol at
the left).
"""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from sqlmodel import select

from tegdesk.core.documents.meeting_export import export_meeting_document
from tegdesk.core.documents.un import MARGIN_X, PAGE, STEP
from tegdesk.core.models import AgendaItem
from tests.core.test_arabic_pdf import lines, read_rtl, words
from tests.core.test_meeting_docs_data import TRICKY, make_meeting

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")

ISSUED = dt.date(2024, 2, 1)
SYMBOL = "ESCAP/CED/TEG/2027/1"
TITLE_AR = "المياه والبيئة في آسيا والمحيط الهادئ"
#: long enough to wrap over three lines and more; a Latin symbol and an amount in the middle of the Arabic (a
#: range "2027-2028" is left out: after Arabic letters its numbers are Arabic numbers, UAX #9 W2, and the range
#: reads from the right, "2028-2027" drawn, which a word-by-word reading back cannot tell from a wrong order)
ANNOTATION_AR = ("قد يود فريق الخبراء أن ينظر في الوثيقة " + SYMBOL + " التي أعدتها الأمانة بشأن إدارة الموارد "
                 "المائية والتكيف مع تغير المناخ في بلدان المنطقة، وأن يقدم توجيهات بشأن الأولويات المقترحة "
                 "لبرنامج العمل بميزانية قدرها 1,250,000 دولار، بما في ذلك التعاون الإقليمي وبناء القدرات وتبادل المعارف "
                 "بين الدول الأعضاء والشركاء في التنمية.")


@pytest.fixture
def meeting(store):
    meeting_id = make_meeting(store)
    with store.session() as s:
        item = s.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id,
                                               AgendaItem.title == TRICKY)).one()
        item.translations = {**(item.translations or {}), "ar": {"title": TITLE_AR, "annotation": ANNOTATION_AR}}
        s.add(item)
    return meeting_id


def write(store, meeting, tmp_path, what, lang="ar", **kw):
    annotated = what == "annotated_agenda"
    return export_meeting_document(store, meeting, "agenda" if annotated else what, tmp_path / f"{what}-{lang}.pdf",
                                   lang=lang, issued=ISSUED, annotated=annotated, **kw).path


def find_run(rows, first: list[str]):
    """The lines from the one starting (at its right) with the words ``first`` on."""
    for i, row in enumerate(rows):
        if read_rtl(row)[:len(first)] == first:
            return rows[i:]
    raise AssertionError(f"no line starts with {first!r}: {[read_rtl(r) for r in rows]}")


def test_a_long_arabic_annotation_reads_in_order_line_by_line(store, meeting, tmp_path):
    pdf = write(store, meeting, tmp_path, "annotated_agenda")
    source = ANNOTATION_AR.split()
    for page in (1, 2):
        found = words(pdf, page)
        try:
            rows = find_run(lines(found), source[:5])
            break
        except AssertionError:
            continue
    else:
        raise AssertionError("the annotation is not in the document")
    read: list[str] = []
    used = 0
    for row in rows:
        if len(read) >= len(source):
            break
        read += read_rtl(row)
        used += 1
    assert used >= 3  # it wraps over three lines and more
    assert read[:len(source)] == source
    # the symbol is one word, on the line of the Arabic words around it
    line = next(read_rtl(row) for row in rows if SYMBOL in read_rtl(row))
    at = line.index(SYMBOL)
    i = source.index(SYMBOL)
    assert line[at - 1] == source[i - 1] and line[at + 1] == source[i + 1]
    # every line of the paragraph ends at the same right edge (set flush right)
    rights = {round(max(w.x1 for w in row)) for row in rows[:used]}
    assert max(rights) - min(rights) <= 1


@pytest.mark.parametrize("what", ["agenda", "annotated_agenda", "notice", "participants"])
def test_the_arabic_masthead_is_mirrored(store, meeting, tmp_path, what):
    pdf = write(store, meeting, tmp_path, what)
    found = words(pdf)
    top = min(w.middle for w in found)
    un = [w for w in found if w.text in ("الأمم", "المتحدة") and w.middle - top < 20]
    assert len(un) == 2
    if what == "notice":  # the note verbale has a centred letterhead, not a masthead
        assert abs((min(w.x0 for w in un) + max(w.x1 for w in un)) / 2 - PAGE[0] / 2) < 5
        return
    # the first line: the symbol from the left margin, "الأمم المتحدة" up to the right margin
    assert abs(max(w.x1 for w in un) - (PAGE[0] - MARGIN_X)) < 1
    assert min(w.x0 for w in un) > PAGE[0] / 2
    symbol = [w for w in found if w.text.startswith("ESCAP/CED/") and w.middle - top < 20]
    assert len(symbol) == 1 and abs(symbol[0].x0 - MARGIN_X) < 1


def test_arabic_agenda_numbers_items_at_the_right(store, meeting, tmp_path):
    pdf = write(store, meeting, tmp_path, "agenda")
    rows = lines(words(pdf))
    row = next(r for r in rows if TITLE_AR.split()[0] in [w.text for w in r])
    number = max(row, key=lambda w: w.x1)  # the rightmost word of the item's line is its number
    assert number.drawn in (".3", ".٣"), [w.text for w in row]  # "3." read from the right: the stop at its left
    title = [w for w in row if w is not number]
    assert all(w.x1 < number.x0 for w in title)


def test_english_agenda_keeps_its_layout(store, meeting, tmp_path):
    pdf = write(store, meeting, tmp_path, "agenda", "en")
    found = words(pdf)
    united = next(w for w in found if w.text == "United")
    assert united.x0 < PAGE[0] / 3  # still at the left


def test_the_arabic_note_verbale_indents_each_paragraph_at_the_right(store, meeting, tmp_path):
    pdf = write(store, meeting, tmp_path, "notice")
    rows = lines(words(pdf))
    body = [r for r in rows if r[0].middle > 150 and len(r) > 4]  # under the letterhead and reference
    rights = sorted({round(max(w.x1 for w in r)) for r in body})
    margin = PAGE[0] - MARGIN_X
    assert abs(rights[-1] - margin) < 1  # the lines after the first run to the right margin
    assert any(abs(margin - STEP - x) < 1 for x in rights)  # a first line ends one step in
    assert all(abs(x - margin) < 1 or abs(margin - STEP - x) < 1 for x in rights)


# -- the activity catalogue -------------------------------------------------------------------------------------

RESULTS_AR = ("درب المشروع " + "اثني عشر موظفا فنيا على رصد جودة الهواء وأعد مبادئ توجيهية وطنية " * 6).strip()


def test_the_arabic_catalogue_is_laid_out_from_the_right(store, tmp_path):
    from tegdesk.core.activity_types import ActivityFilter
    from tegdesk.core.documents.activity_catalogue import build_catalogue
    from tegdesk.core.services.activities import ActivityService
    from tests.core.test_activity_catalogue import draft

    assert ActivityService(store).save(draft(1, "Air quality monitoring in Thailand", results=RESULTS_AR)).ok
    pdf = tmp_path / "catalogue-ar.pdf"
    pdf.write_bytes(build_catalogue(store, ActivityFilter(), "ar"))
    found = words(pdf, 1)
    rows = lines(found)
    margin = PAGE[0] - MARGIN_X
    # the labels (bold, in Arabic) end at the right margin; their values run to their left
    label = next(w for w in found if w.text == "الميزانية")
    assert abs(label.x1 - margin) < 1
    row = next(r for r in rows if label in r)
    assert all(w.x1 < label.x0 for w in row if w is not label)
    # the results wrap over three lines and more, flush right, and read in their own order
    source = RESULTS_AR.split()
    run = find_run(rows, ["النتائج", *source[:3]])  # its label at the right of its first line
    run = [[w for w in run[0] if w.text != "النتائج"], *run[1:]]
    read: list[str] = []
    for used, row in enumerate(run, 1):
        read += read_rtl(row)
        if len(read) >= len(source):
            break
    assert used >= 3 and read[:len(source)] == source
    assert len({round(max(w.x1 for w in r)) for r in run[:used]}) == 1
    # the identifier, in Latin letters, is flush right too
    ident = next(w for w in found if w.text.startswith("XM-DAC-41106-BSP-"))
    assert abs(ident.x1 - margin) < 1


# -- the BSP report -----------------------------------------------------------------------------------------------

def test_the_arabic_bsp_report_mirrors_its_tables(store, tmp_path):
    from tests.core.test_bsp_figures import build
    from tests.core.test_bsp_report import write as write_report

    build(store)
    pdf = write_report(store, tmp_path, "ar")
    margin = PAGE[0] - MARGIN_X
    for page in range(1, 8):
        try:
            found = words(pdf, page)
        except Exception:  # past the last page
            break
        # a table's first column, the request's reference (Latin), stands at the right
        refs = [w for w in found if w.text.startswith("TA/")]
        if refs:
            assert all(w.x0 > PAGE[0] / 2 for w in refs), refs
            assert max(w.x1 for w in refs) > margin - 60
            break
    else:
        raise AssertionError("no table of requests in the report")
    # the paragraphs are set flush right: the summary's lines end at the margin
    first = lines(words(pdf, 1))
    body = [r for r in first if len(r) > 6]
    assert body and all(abs(max(w.x1 for w in r) - margin) < 1 or max(w.x1 for w in r) < margin for r in body)
    assert sum(abs(max(w.x1 for w in r) - margin) < 1 for r in body) >= 3
