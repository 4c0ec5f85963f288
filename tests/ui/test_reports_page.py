"""The Reports page: a year's figures and the report's own charts on screen, and the PDF preview."""

from __future__ import annotations

import pytest
from meeting_demo import pdf_text

from tegdesk.core.documents.bsp_report import FIGURE
from tegdesk.core.documents.charts import REQUESTS_HANDLED
from tegdesk.core.i18n import translator
from tegdesk.ui.pages.reports import ReportsPage
from tegdesk.ui.tasks import running_tasks
from tests.core.test_bsp_figures import build

ALL_CHARTS = ["chart_requests", "chart_request_areas", "chart_thematic", "chart_cross_cutting", "chart_countries",
              "chart_subregions", "chart_levels", "chart_funders", "chart_trained"]


@pytest.fixture
def page(qtbot, store):
    build(store)
    widget = ReportsPage(store, translator("en"))
    qtbot.addWidget(widget)
    widget.resize(1100, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def chart_names(page) -> list[str]:
    return [view.objectName() for view in page.chart_views]


def choose(page, year: int) -> None:
    page.year_combo.setCurrentIndex(page.year_combo.findData(year))


def test_opens_on_the_last_full_year_with_data(page):
    years = [page.year_combo.itemText(i) for i in range(page.year_combo.count())]
    assert years == ["2024", "2023", "2022"]  # the years with data, latest first
    assert page.year() == 2024
    assert page.summary.value("received") == "4" and page.summary.value("median_days") == "15 days"
    assert page.summary.value("gaps") == "2" and page.summary.value("women_share") == "50%"
    assert page.summary.value("budget") == "US$150,000.00\nJP¥1,000,000"
    assert chart_names(page) == ALL_CHARTS
    assert not page.empty_label.isVisibleTo(page)


def test_the_charts_are_the_pdfs_drawings_as_svg(page):
    first = page.chart_views[0]
    assert first.number_label.text() == "Figure I" and first.title_label.text() == "Requests received and how they " \
                                                                                   "were handled"
    assert first.chart.drawing.series == [[4, 2, 1, 1, 1]]
    assert first.svg.renderer().isValid()
    assert b"Open at the end of the year" in first.svg_bytes and b"Liberation Serif" in first.svg_bytes
    assert first.svg.width() > 400 and first.svg.height() > 100


def test_another_year_changes_the_numbers_and_the_charts(page, qtbot):
    choose(page, 2022)
    assert page.summary.value("received") == "3" and page.summary.value("median_days") == "7 days"
    assert page.summary.value("activities") == "0" and page.summary.value("women_share") == "–"
    assert chart_names(page) == ["chart_requests"]  # no activity in 2022: no activity chart
    assert page.chart_views[0].chart.drawing.series == [[3, 2, 1, 0, 0]]
    page.set_year(2010)  # nothing recorded: offered when asked for
    assert page.year_combo.currentText() == "2010"
    assert page.summary.value("received") == "0" and page.chart_views == []
    assert page.empty_label.isVisibleTo(page) and "2010" in page.empty_label.text()
    choose(page, 2024)
    assert chart_names(page) == ALL_CHARTS


def test_charts_and_labels_follow_the_language(page):
    zh = translator("zh")
    page.retranslate(zh)
    first = page.chart_views[0]
    assert first.title_label.text() == zh.gettext(REQUESTS_HANDLED)
    assert first.number_label.text() == zh.gettext(FIGURE, number="一")
    assert first.chart.drawing.labels[0] == zh.gettext("Received")
    assert page.preview_button.text() == zh.gettext("Preview report…")
    assert page.year() == 2024  # the year chosen stays


def test_figures_are_read_again_when_shown(page, store):
    from tests.core.test_bsp_figures import D, add_request
    from sqlmodel import select

    from tegdesk.core.models import MemberState

    page.hide()
    with store.session() as s:
        members = {m.iso2: m for m in s.exec(select(MemberState))}
        add_request(s, members, "R/2024/99", "FJ", D(2024, 6, 1))
    page.show()
    assert page.summary.value("received") == "5"


def test_preview_report_in_a_chosen_language_and_save(page, tmp_path, monkeypatch, qtbot):
    from tegdesk.ui import messages

    said: list[str] = []
    monkeypatch.setattr(messages, "warn", lambda parent, title, text, detail=None: said.append(text))
    dialog = page.open_preview()
    finish(qtbot)
    assert dialog.isVisible() and dialog.page_count() >= 3
    assert dialog.windowTitle() == "Annual report on the Bali Strategic Plan, 2024"
    assert dialog.suggested_name() == "bsp-report-2024-en.pdf"
    dialog.set_language("zh")
    finish(qtbot)
    assert dialog.page_count() >= 3 and dialog.suggested_name() == "bsp-report-2024-zh.pdf"
    dialog.save_to(tmp_path / "report.pdf")
    finish(qtbot)
    saved = dialog.saved_path
    assert saved == tmp_path / "report.pdf" and saved.read_bytes() == dialog.pdf  # the pages shown
    assert "2024" in pdf_text(saved)
    assert dialog.save_to(tmp_path / "report.docx") is None and said == ["Choose a file name ending in .pdf."]
    dialog.close()


def finish(qtbot) -> None:
    """Wait for the work under way in worker threads (builds, saves) to end and show."""
    qtbot.waitUntil(lambda: not running_tasks(), timeout=30_000)
