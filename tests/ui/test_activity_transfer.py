"""Import and export of activities from the activities page: the file chosen is read and counted,
a refused file lists every problem and writes nothing, a good one says what it added; the export
writes what the list shows, in the format chosen."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QPushButton

from tegdesk.core.activity_query import ActivityQuery
from tegdesk.core.activity_types import ActivityFilter
from tegdesk.core.i18n import translator
from tegdesk.core.interchange.activities_table import read_activity_table
from tegdesk.ui.activities.transfer import open_export_dialog, open_import_dialog
from tegdesk.ui.tasks import running_tasks
from tests.core.activity_samples import count, rich_drafts, save_all
from tests.core.test_iati import UNDP


HEADER = "iati_identifier,title,level,status,planned_start,currency,budget,organisations,recipients,bsp_codes\n"
ROW = "XM-DAC-41106-BSP-{n:04d},Workshop {n},national,2,2025-03-01,USD,1000.50,UNEP (implementing),TH 100,TA09\n"


@pytest.fixture
def page(window):
    window.show_page("activities")
    return window.page("activities")


def wait(qtbot) -> None:
    qtbot.waitUntil(lambda: not running_tasks(), timeout=30_000)


def choose(monkeypatch, qtbot, dialog, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    dialog.choose_button.click()
    wait(qtbot)


# -- import ---------------------------------------------------------------------------------

def test_a_good_file_is_counted_then_imported(page, store, tmp_path, monkeypatch, shown, qtbot):
    path = tmp_path / "two.csv"
    path.write_text(HEADER + ROW.format(n=1) + ROW.format(n=2), encoding="utf-8")
    page.import_action.trigger()
    dialog = page.dialog
    assert dialog.objectName() == "import_activities" and dialog.isVisible()
    assert not dialog.import_button.isEnabled()
    choose(monkeypatch, qtbot, dialog, path)
    assert dialog.preview.text() == "two.csv holds 2 activities."
    assert dialog.import_button.isEnabled() and count(store) == 0  # reading writes nothing
    dialog.import_button.click()
    wait(qtbot)
    assert not dialog.isVisible() and count(store) == 2
    kind, title, text, detail = shown[-1]
    assert (kind, title, text) == ("inform", "Activities imported", "2 activities imported from two.csv.")
    assert detail.startswith("A copy of the database as it was before the import: ")
    assert Path(detail.splitlines()[0].split(": ", 1)[1]).is_file()
    assert page.count_label.text().startswith("2")  # the page read the list again


def test_a_bad_file_lists_every_problem_and_writes_nothing(page, store, tmp_path, monkeypatch, shown, qtbot):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + ROW.format(n=1) + ROW.format(n=2).replace("2025-03-01", "1 March")
                    + ROW.format(n=3).replace("TH 100", "BR 100"), encoding="utf-8")
    done = []
    dialog = open_import_dialog(page, store, page.translator, on_done=done.append)
    choose(monkeypatch, qtbot, dialog, path)
    assert dialog.preview.text() == ("bad.csv holds 3 activities. 1 problem was found while reading it; "
                                     "Import lists it.")
    dialog.import_button.click()
    wait(qtbot)
    errors = dialog.dialog
    assert errors.objectName() == "import_errors" and errors.isVisible()
    assert errors.windowTitle() == "Activities not imported"
    assert errors.lines() == ["Row 3, column planned_start: 1 March is not a date in the form YYYY-MM-DD.",
                              "Row 4, column recipients: BR is not a member or associate member of ESCAP."]
    assert "2 problems" in errors.summary.text()
    assert count(store) == 0 and done == [] and shown == []
    assert dialog.isVisible() and dialog.import_button.isEnabled()  # another file can be chosen


def test_an_iati_file_with_its_warnings(page, store, tmp_path, monkeypatch, shown, qtbot):
    path = tmp_path / "undp.xml"
    path.write_text(UNDP, encoding="utf-8")
    done = []
    dialog = open_import_dialog(page, store, page.translator, on_done=done.append)
    choose(monkeypatch, qtbot, dialog, path)
    assert dialog.preview.text() == "undp.xml holds 1 activity."
    dialog.import_button.click()
    wait(qtbot)
    assert len(done) == 1 and done[0].count == 1 and count(store) == 1
    detail = shown[-1][3]
    assert "points worth a look:" in detail
    assert "Sectors of vocabulary 1 are not BSP codes and are left out: 41010, 23210." in detail


@pytest.mark.parametrize("name, content, message", [
    ("notes.txt", "hello", "Choose a .csv, .xlsx or .xml (IATI) file."),
    ("page.xml", "<html/>", "page.xml is not an IATI activity file"),
    ("laughs.xml", '<!DOCTYPE x [<!ENTITY a "a">]><iati-activities version="2.03"/>', "declares a document type"),
    ("empty.csv", "", "empty.csv is empty."),
])
def test_a_file_that_cannot_be_read_is_said_in_the_dialog(page, store, tmp_path, monkeypatch, qtbot, name,
                                                          content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    dialog = open_import_dialog(page, store, page.translator)
    choose(monkeypatch, qtbot, dialog, path)
    assert dialog.problem.isVisible() and message in dialog.problem.text()
    assert not dialog.import_button.isEnabled()


def test_cancelling_the_file_dialog_changes_nothing(page, store, monkeypatch, qtbot):
    dialog = open_import_dialog(page, store, page.translator)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    dialog.choose_button.click()
    assert dialog.path.text() == "" and not dialog.import_button.isEnabled() and not running_tasks()


# -- export ---------------------------------------------------------------------------------

@pytest.fixture
def filled(store):
    save_all(store, rich_drafts())
    return store


def _ok(dialog):
    return dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)


def test_export_writes_what_the_list_shows(page, filled, tmp_path, monkeypatch, shown, qtbot):
    f = ActivityFilter(countries=frozenset({"TH", "KH"}))
    dialog = open_export_dialog(page, filled, page.translator, f)
    assert dialog.what.text() == "2 activities, as the list shows them."
    assert dialog.path.text().endswith(".csv")
    dialog.format.setCurrentIndex(1)
    assert dialog.path.text().endswith(".xlsx")
    target = tmp_path / "chosen"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "Excel workbook (*.xlsx)"))
    dialog.browse()
    assert dialog.path.text() == str(target.with_suffix(".xlsx"))
    _ok(dialog).click()
    wait(qtbot)
    entries, errors = read_activity_table(target.with_suffix(".xlsx"))
    assert errors == [] and len(entries) == ActivityQuery(filled).count(f) == 2
    assert shown[-1][:3] == ("inform", "Activities exported",
                             f"2 activities were written to {target.with_suffix('.xlsx')}.")


def test_export_to_iati_xml_names_what_it_left_out(page, filled, tmp_path, shown, qtbot):
    from tegdesk.core.services.activities import ActivityService

    service = ActivityService(filled)
    draft = service.drafts(ActivityQuery(filled).ids(ActivityFilter(countries=frozenset({"KH"}))))[0]
    assert service.save_many([dataclasses.replace(draft, iati_identifier="XM-DAC-41106-BSP-0042",
                                                  organisations=[])]).ok
    dialog = open_export_dialog(page, filled, page.translator, ActivityFilter())
    assert dialog.what.text() == "4 activities: the whole database."
    out = tmp_path / "all.xml"
    dialog.path.setText(str(out))
    dialog.path.textEdited.emit(str(out))
    assert dialog.format.currentData() == ".xml"
    _ok(dialog).click()
    wait(qtbot)
    assert out.read_bytes().count(b"<iati-activity ") == 3
    kind, title, text, detail = shown[-1]
    assert text == f"3 activities were written to {out}."
    assert detail == ("XM-DAC-41106-BSP-0042 is left out of the IATI file: IATI requires at least one "
                      "participating organisation.")


def test_export_refusals_are_shown_in_the_dialog(page, filled, tmp_path, shown, qtbot):
    dialog = open_export_dialog(page, filled, page.translator, ActivityFilter())
    dialog.path.setText(str(tmp_path / "a.docx"))
    _ok(dialog).click()
    assert dialog.isVisible() and dialog.problem.text() == "Choose a file name ending in .csv, .xlsx or .xml."
    dialog.path.setText(str(tmp_path / "nowhere" / "a.csv"))
    _ok(dialog).click()
    assert dialog.isVisible() and "There is no folder" in dialog.problem.text()
    assert not running_tasks() and shown == []


def test_an_empty_selection_cannot_be_exported(page, filled):
    dialog = open_export_dialog(page, filled, page.translator, ActivityFilter(text="no such words anywhere"))
    assert dialog.what.text() == "0 activities, as the list shows them." and not _ok(dialog).isEnabled()


def test_the_dialogs_in_chinese(page, filled):
    tr = translator("zh")
    dialog = open_export_dialog(page, filled, tr, ActivityFilter())
    assert dialog.findChild(QPushButton, "choose").text() == "选择…"
    assert open_import_dialog(page, filled, tr).choose_button.text() == "选择…"
