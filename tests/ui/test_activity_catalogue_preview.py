"""The catalogue's preview over the demonstration database: opened for the list's filter (from the
activities page's Print catalogue… too), its pages rendered, rebuilt in Chinese with the English
titles reported in the banner, saved as PDF; a selection too large for the preview is refused."""

from __future__ import annotations

import meeting_demo
import pytest
from PySide6.QtPdf import QPdfDocument

from tegdesk.core.activity_types import ActivityFilter
from tegdesk.core.documents.activity_catalogue import catalogue_pdf
from tegdesk.core.i18n import translator
from tegdesk.ui import messages
from tegdesk.ui.activities import catalogue as catalogue_ui
from tegdesk.ui.activities.catalogue import open_catalogue_preview
from tegdesk.ui.tasks import running_tasks

demo_template, demo_store = meeting_demo.demo_template, meeting_demo.demo_store  # fixtures

CLOSED_IN_THAILAND = ActivityFilter(countries=frozenset({"TH"}), statuses=frozenset({"4"}))


def all_text(dialog) -> str:
    return " ".join(" ".join(dialog.document.getAllText(page).text().split()) for page in range(dialog.page_count()))


@pytest.fixture
def preview(qtbot, demo_store, monkeypatch, tmp_path):
    monkeypatch.setattr(catalogue_ui, "documents_folder", lambda: tmp_path)
    dialog = open_catalogue_preview(None, demo_store, translator("en"), CLOSED_IN_THAILAND)
    qtbot.addWidget(dialog)
    finish(qtbot)  # built off the interface's thread, then opened
    qtbot.waitExposed(dialog)
    return dialog


def finish(qtbot) -> None:
    qtbot.waitUntil(lambda: not running_tasks(), timeout=30_000)


def test_the_preview_renders_the_catalogue_of_the_filter(preview, demo_store):
    expected = catalogue_pdf(demo_store, CLOSED_IN_THAILAND, "en")
    assert expected.count > 0
    assert preview.document.status() == QPdfDocument.Status.Ready and preview.page_count() >= 1
    assert preview.page_label.text() == f"Page 1 of {preview.page_count()}"
    text = all_text(preview)
    assert "Country: Thailand; Status: Closed" in text
    assert f"{expected.count} activit" in text
    assert preview.windowTitle() == "Catalogue of capacity-building activities"
    assert not preview.notes_label.isVisible()


def test_chinese_is_chosen_in_the_preview_and_missing_titles_are_reported(preview, demo_store, qtbot):
    notes = catalogue_pdf(demo_store, CLOSED_IN_THAILAND, "zh").notes
    preview.set_language("zh")
    finish(qtbot)
    assert preview.lang() == "zh" and preview.page_count() >= 1
    assert "泰国" in all_text(preview).replace(" ", "")
    assert preview.notes_label.isVisible() == bool(notes)
    if notes:  # in the interface's language (English), naming the document's (Chinese)
        assert "no title in Chinese" in preview.notes_label.text()
    assert preview.suggested_name() == "activity-catalogue-zh.pdf"


def test_save_as_writes_the_pages_shown_as_pdf_only(preview, tmp_path, monkeypatch, qtbot):
    preview.save_to(tmp_path / "catalogue.pdf")
    finish(qtbot)
    out = preview.saved_path
    assert out == tmp_path / "catalogue.pdf" and out.read_bytes() == preview.pdf
    assert preview.formats == [".pdf"]
    told: list[str] = []
    monkeypatch.setattr(messages, "warn", lambda _parent, title, _text, detail=None: told.append(title))
    assert preview.save_to(tmp_path / "catalogue.docx") is None
    assert told == ["Not saved"] and not (tmp_path / "catalogue.docx").exists()


def test_a_selection_too_large_for_the_preview_is_refused(qtbot, demo_store, monkeypatch):
    told: list[str] = []
    monkeypatch.setattr(messages, "warn", lambda _parent, _title, text, detail=None: told.append(text))
    monkeypatch.setattr(catalogue_ui, "PREVIEW_LIMIT", 10)
    dialog = open_catalogue_preview(None, demo_store, translator("en"), ActivityFilter())
    qtbot.addWidget(dialog)
    finish(qtbot)
    assert told and "more than 10" in told[0]
    assert not dialog.isVisible()  # nothing to show: the message instead


def test_print_catalogue_on_the_activities_page_uses_the_lists_filter(qtbot, demo_store, monkeypatch, tmp_path):
    from tegdesk.ui.pages.activities import ActivitiesPage

    monkeypatch.setattr(catalogue_ui, "documents_folder", lambda: tmp_path)
    page = ActivitiesPage(demo_store, translator("en"))
    qtbot.addWidget(page)
    page.show()
    page.search.setText("air quality")
    page.apply_filter()
    dialog = page.print_catalogue()
    assert dialog is not None
    qtbot.addWidget(dialog)
    finish(qtbot)
    text = all_text(dialog)
    assert "Search: ‘air quality’" in text
    assert "air quality" in text.casefold().replace("search: ‘air quality’", "")
