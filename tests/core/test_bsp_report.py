"""The annual BSP report (B5): its charts hold the figures, and its PDF says them in English and Chinese."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from reportlab.graphics import renderSVG

from tegdesk.core.documents.bsp_report import FIGURE, build_bsp_report, export_bsp_report, figure_number
from tegdesk.core.documents.bsp_text import HEADINGS, TITLE
from tegdesk.core.documents.charts import REQUESTS_HANDLED, bar_chart, bsp_charts
from tegdesk.core.errors import UserError
from tegdesk.core.i18n import LANGUAGES, Translator, translator
from tegdesk.core.reports import bsp_figures
from tests.core.test_bsp_figures import ASSESSMENT, build
from tests.core.test_meeting_docs_pdf import in_order
from tests.core.test_roster_pdf import pdffonts, pdfinfo, pdftext, squash

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")

SYMBOL = "ESCAP/CED/2025/INF/1"
ISSUED = dt.date(2025, 2, 3)


@pytest.fixture
def built(store):
    return build(store)


def charts(store, lang="en", year=2024):
    return {c.key: c for c in bsp_charts(bsp_figures(store, year), translator(lang))}


# -- charts ------------------------------------------------------------------------------------------

def test_the_bars_are_the_figures(store, built):
    shown = charts(store)
    assert list(shown) == ["requests", "request_areas", "thematic", "cross_cutting", "countries", "subregions",
                           "levels", "funders", "trained"]
    requests = shown["requests"].drawing
    assert requests.labels == ["Received", "Answered", "Declined", "Withdrawn", "Open at the end of the year"]
    assert requests.series == [[4, 2, 1, 1, 1]]
    assert requests.chart.data == [[4, 2, 1, 1, 1]]  # what ReportLab draws
    areas = shown["request_areas"].drawing
    assert [label.split()[0] for label in areas.labels] == ["TA02", "TA08", "CC04"]
    assert areas.series == [[2, 2, 1], [1, 1, 1]]  # received; with no activity linked
    assert sorted(map(sorted, areas.chart.data)) == sorted(map(sorted, areas.series))
    assert shown["levels"].drawing.series == [[1, 1, 1, 0]]
    assert shown["countries"].drawing.labels == ["China", "Thailand", "Viet Nam"]
    funders = shown["funders"]
    assert funders.drawing.labels == ["GEF", "JICA"] and funders.drawing.series == [[15_000_000, 5_000_000]]
    assert "JPY" in funders.note and "USD" in funders.unit  # the other currency is said, not added
    assert shown["trained"].drawing.series == [[30, 30]]


def test_a_year_with_nothing_has_no_chart(store, built):
    assert charts(store, year=2010) == {}


def test_charts_are_deterministic_and_translated(store, built):
    first = [renderSVG.drawToString(c.drawing) for c in charts(store).values()]
    again = [renderSVG.drawToString(c.drawing) for c in charts(store).values()]
    assert first == again
    zh = charts(store, "zh")
    assert zh["requests"].title == translator("zh").gettext(REQUESTS_HANDLED)
    assert zh["thematic"].drawing.labels[0] == "TA02 气候变化问题"  # the indicative list in Chinese
    assert zh["countries"].drawing.labels[0] == translator("zh").territory("CN")


def test_each_label_in_a_face_that_has_its_characters_and_numbers_in_the_language():
    drawing = bar_chart(Translator("en"), ["Fiji", "中国环境科学研究院"], [[1234, 5]])
    faces = [drawing.chart.categoryAxis.labels[i].fontName for i in range(2)]
    assert faces == ["TegSerif", "WQY"]
    fr = bar_chart(Translator("fr"), ["a"], [[1234]])
    assert fr.chart.barLabelFormat(1234) == Translator("fr").number(1234) != "1234"


def test_figure_numbers():
    assert [figure_number(n, "en") for n in (1, 4, 9, 14)] == ["I", "IV", "IX", "XIV"]
    assert [figure_number(n, "zh") for n in (1, 9, 10, 12, 21)] == ["一", "九", "十", "十二", "二十一"]


# -- the PDF -------------------------------------------------------------------------------------------

def write(store, tmp_path, lang, year=2024):
    return export_bsp_report(store, year, tmp_path / f"bsp-{year}-{lang}.pdf", lang=lang, symbol=SYMBOL,
                             issued=ISSUED)


@needs_poppler
def test_english_report_headings_figures_tables_and_numbers(store, built, tmp_path):
    pdf = write(store, tmp_path, "en")
    text = squash(pdftext(pdf, layout=False))
    in_order(text, "United Nations", SYMBOL, "Distr.: General", "3 February 2025",
             "Economic and Social Commission for Asia and the Pacific", "Original: English", "Committee on Environment and Development",
             "Annual report on the Bali Strategic Plan for Technology Support and Capacity-building, 2024",
             "Note by the secretariat", "Summary",
             "In 2024, the secretariat received 4 requests for technology support or capacity-building and closed 4; 1 remained open at the end of the year.",
             "I. Introduction",
             "II. Requests for technical assistance received and how they were handled",
             "Requests answered during the year: 2; declined: 1; withdrawn: 1; open at the end of the year: 1 "
             "(figure I).",
             "Figure I", "Requests received and how they were handled", "(Number of requests)",
             "median processing time, from receipt to closing, of the 4 requests closed in the year was 15 days "
             "(the shortest 5 days, the longest 30 days)",
             "Figure II", "Table 1", "Requests received or closed in 2024", "R/2023/9", "R/2024/4",
             "Table 2", "Requests answered in 2024 and the activities that answered them", "XM-T-1",
             "III. Activities by thematic area, country and level", "3 capacity-building activities took place in 2024.",
             "1 activity planned for the year was cancelled", "TA02 Climate change", "Figure III",
             "IV. Funding", "US$150,000.00", "JPY", "Figure VIII", "Table 3", "Global Environment Facility (GEF)",
             "V. Results and the Governments' assessments",
             "Participants trained: 60, of whom 30 women (50%) and 30 men (figure IX).",
             f"“{ASSESSMENT}”",  # user text printed literally, markup and all
             "VI. Gaps, successes, shortfalls and lessons",
             "2 of the requests received in 2024 have no activity linked to answer them",
             "The oldest open request was received on 1 November 2024.")
    assert "Figure X" not in text  # nine figures, no more


@needs_poppler
def test_report_metadata_fonts_and_page_numbers(store, built, tmp_path):
    pdf = write(store, tmp_path, "en")
    info = pdfinfo(pdf)
    assert info["Title"].startswith("Annual report on the Bali Strategic Plan") and SYMBOL in info["Title"]
    assert info["Author"] == "ESCAP secretariat" and "2024" in info["Subject"]
    pages = int(info["Pages"])
    assert pages >= 3
    assert all(row[-5] == "yes" for row in pdffonts(pdf))  # every face embedded
    second = pdftext(pdf, first=2, last=2).strip().splitlines()
    assert second[0].strip() == SYMBOL and second[-1].strip() == "2"  # running head and page number


@needs_poppler
def test_chinese_report(store, built, tmp_path):
    zh = translator("zh")
    pdf = write(store, tmp_path, "zh")
    text = squash(pdftext(pdf, layout=False))
    in_order(text, "联合国", SYMBOL, "3 February 2025", zh.gettext(TITLE, year="2024"),
             f"一．{zh.gettext(HEADINGS['introduction'])}", f"二．{zh.gettext(HEADINGS['requests'])}",
             zh.gettext(FIGURE, number="一"), zh.gettext(REQUESTS_HANDLED),
             f"三．{zh.gettext(HEADINGS['activities'])}", "TA02 气候变化问题", zh.territory("CN"),
             f"六．{zh.gettext(HEADINGS['gaps'])}")
    assert "活动一" in text  # an activity's Chinese title
    assert pdfinfo(pdf)["Title"].startswith(zh.gettext(TITLE, year="2024"))


@needs_poppler
def test_a_year_with_no_data_still_makes_a_report(store, built, tmp_path):
    text = squash(pdftext(write(store, tmp_path, "en", year=2010), layout=False))
    assert "No request was received in 2010." in text and "0 capacity-building activities took place in 2010." in text
    assert "Figure I" not in text and "Table 1" not in text


def test_every_language_builds(store, built):
    for lang in LANGUAGES:
        assert build_bsp_report(store, 2024, lang, issued=ISSUED).startswith(b"%PDF-")


def test_bad_file_name_year_and_folder_are_refused_and_nothing_written(store, built, tmp_path):
    with pytest.raises(UserError, match="PDF"):
        export_bsp_report(store, 2024, tmp_path / "report.docx", lang="en")
    with pytest.raises(UserError, match="12345"):
        export_bsp_report(store, 12345, tmp_path / "report.pdf", lang="en")
    with pytest.raises(UserError, match="does not exist"):
        export_bsp_report(store, 2024, tmp_path / "missing" / "report.pdf", lang="en")
    assert list(tmp_path.glob("report*")) == []
