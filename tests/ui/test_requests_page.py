"""The requests page over the demonstration database: the register and its filters, the board
by status (Move to… and drag and drop, checked by the rules), the request form checked inline,
the history and the links in the detail, read-only mode, Chinese."""

from __future__ import annotations

import datetime as dt

import pytest
import test_meetings_support as support
from PySide6.QtCore import QByteArray, QMimeData, QPointF, Qt
from PySide6.QtGui import QDropEvent
from sqlmodel import select

from tegdesk.core.models import AssistanceRequest
from tegdesk.core.services import requests as request_service
from tegdesk.ui.pages import requests as requests_page
from tegdesk.ui.requests import model as cols
from tegdesk.ui.requests.board import MIME_TYPE
from tegdesk.ui.requests.forms import MoveDialog, RequestDialog

demo_template, db_path = support.demo_template, support.db_path  # fixtures
TODAY = support.DEMO_TODAY


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(request_service, "today", lambda: TODAY)


@pytest.fixture
def page(window):
    window.show_page("requests")
    return window.page("requests")


def column(page, col: int) -> list[str]:
    return [page.model.index(r, col).data() for r in range(page.model.rowCount())]


def requests_in_db(store) -> list[AssistanceRequest]:
    with store.reader() as s:
        return list(s.exec(select(AssistanceRequest).where(AssistanceRequest.deleted_at.is_(None))).all())


def first_in(page, status: str):
    return page.board.rows[status][0]


# -- the register -----------------------------------------------------------------------------

def test_register_shows_the_demo_requests_newest_first(page):
    assert page.model.rowCount() == 30
    assert page.count_label.text() == "30 requests, 14 open"
    references = column(page, cols.REFERENCE)
    assert all(r.startswith("TA/") for r in references)
    received = [row.received_on for row in page.rows]
    assert received == sorted(received, reverse=True)
    assert set(column(page, cols.STATUS)) == {"Received", "Assigned", "In progress", "Answered", "Declined",
                                              "Withdrawn"}
    assert all(text.isdigit() for text in column(page, cols.DAYS))  # processing time of every request


def test_register_sorts_by_a_column(page):
    view = page.table.model()
    page.table.sortByColumn(cols.DAYS, Qt.SortOrder.DescendingOrder)
    days = [view.index(r, cols.DAYS).data(cols.SORT_ROLE) for r in range(view.rowCount())]
    assert days == sorted(days, reverse=True) and days[0] == max(r.days for r in page.rows)
    page.table.sortByColumn(cols.STATUS, Qt.SortOrder.AscendingOrder)
    assert view.index(0, cols.STATUS).data() == "Received"
    page.table.selectRow(0)  # selection goes through the sorting
    assert page.selected_row().status == "received"
    assert page.detail.values["status"].text() == "Received"


def test_register_filter_narrows(page, qtbot):
    page.status_filter.setCurrentIndex(page.status_filter.findData("declined"))
    assert set(column(page, cols.STATUS)) == {"Declined"} and page.model.rowCount() == 3
    assert page.board.card_ids("received") == [] and len(page.board.card_ids("declined")) == 3
    page.status_filter.setCurrentIndex(page.status_filter.findData("open"))
    assert page.model.rowCount() == 14
    page.status_filter.setCurrentIndex(0)
    year = min(row.received_on.year for row in page.rows)
    page.year_filter.setCurrentIndex(page.year_filter.findData(year))
    assert page.model.rowCount() >= 1 and all(r.received_on.year == year for r in page.rows)
    page.year_filter.setCurrentIndex(0)
    member = page.rows[0].member
    page.member_filter.setCurrentIndex(page.member_filter.findData(member))
    assert page.model.rowCount() >= 1 and {r.member for r in page.rows} == {member}
    page.member_filter.setCurrentIndex(0)
    qtbot.keyClicks(page.search, "PLASTICS")
    assert page.model.rowCount() >= 1
    assert all("plastics" in s.lower() for s in column(page, cols.SUBJECT))
    page.search.clear()
    assert page.model.rowCount() == 30


# -- the request form --------------------------------------------------------------------------

def test_create_a_request(page, store, qtbot, settle):
    dialog = page.new_request()
    assert isinstance(dialog, RequestDialog) and dialog.isVisible()
    assert dialog.windowTitle() == "New request"
    assert dialog.reference.text() == page.service.propose_reference(TODAY)
    dialog.member.select("TH")
    qtbot.keyClicks(dialog.subject, "Advice on a national action plan on plastics")
    qtbot.keyClicks(dialog.requesting_body, "Pollution Control Department")
    dialog.received_on.set_date(TODAY - dt.timedelta(days=3))
    dialog.channel.setCurrentIndex(dialog.channel.findData("letter"))
    settle(dialog)
    assert dialog.errors_label.isHidden() and dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert len(requests_in_db(store)) == 31
    row = page.selected_row()
    assert row.subject == "Advice on a national action plan on plastics" and row.status == "received"
    assert page.model.rowCount() == 31 and column(page, cols.SUBJECT)[0] == row.subject
    assert page.detail.history.rowCount() == 1
    assert page.detail.values["channel"].text() == "Letter"
    assert page.detail.processing.text() == "Open for 3 days"
    assert row.id in page.board.card_ids("received")


def test_refused_input_is_kept(page, store, qtbot, settle):
    dialog = page.new_request()
    dialog.member.select("VN")
    qtbot.keyClicks(dialog.subject, "Support for a mercury inventory")
    dialog.received_on.set_date(TODAY + dt.timedelta(days=2))  # in the future
    dialog.reference.clear()
    qtbot.keyClicks(dialog.reference, page.rows[0].reference)  # already used
    settle(dialog)
    assert not dialog.save_button.isEnabled()
    assert "in the future" in dialog.errors_label.text()
    assert "already used by another request" in dialog.errors_label.text()
    assert {"received_on", "reference"} <= set(dialog.highlighted_fields())
    assert not dialog.save()
    assert dialog.isVisible() and len(requests_in_db(store)) == 30
    assert dialog.subject.text() == "Support for a mercury inventory"  # nothing typed lost
    assert dialog.member.current_id() == "VN"
    dialog.received_on.set_date(TODAY)
    dialog.reference.clear()
    qtbot.keyClicks(dialog.reference, "TA/2026/900")
    settle(dialog)
    assert dialog.save_button.isEnabled()
    assert dialog.save() and len(requests_in_db(store)) == 31


def test_edit_a_request_keeps_its_status(page, qtbot, settle):
    row = first_in(page, "in_progress")
    page.select(row.id)
    dialog = page.edit_request()
    assert dialog.windowTitle() == f"Edit request {row.reference}"
    assert dialog.subject.text() == row.subject
    dialog.subject.clear()
    settle(dialog)
    assert "Enter the subject of the request." in dialog.errors_label.text()
    qtbot.keyClicks(dialog.subject, "A clearer subject")
    settle(dialog)
    assert dialog.save()
    assert page.selected_row().subject == "A clearer subject" and page.selected_row().status == "in_progress"


# -- the board ---------------------------------------------------------------------------------

def test_move_a_card_on_the_board_and_the_history_grows(page, qtbot, settle):
    page.tabs.setCurrentIndex(requests_page.BOARD)
    row = first_in(page, "received")
    before = len(page.service.history(row.id))
    page.board.select(row.id)
    assert page.current_id == row.id and page.detail.history.rowCount() == before
    menu = page.board.move_menu(row)
    assert [a.objectName() for a in menu.actions()] == ["move_assigned", "move_declined", "move_withdrawn"]
    menu.actions()[0].trigger()
    dialog = page.dialog
    assert isinstance(dialog, MoveDialog) and dialog.chosen_status() == "assigned"
    qtbot.keyClicks(dialog.note, "Assigned to the Environment and Development Division.")
    settle(dialog)
    assert dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert row.id not in page.board.card_ids("received") and row.id in page.board.card_ids("assigned")
    assert page.detail.history.rowCount() == before + 1
    assert page.detail.history.item(before, 2).text() == "Assigned to the Environment and Development Division."
    assert page.detail.values["status"].text() == "Assigned"


def drop(page, request_id, status: str) -> None:
    mime = QMimeData()
    mime.setData(MIME_TYPE, QByteArray(str(request_id).encode()))
    target = page.board.columns[status]
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    target.dropEvent(event)


def test_drag_and_drop_asks_for_the_date_and_refuses_what_the_rules_refuse(page, qtbot, settle):
    page.tabs.setCurrentIndex(requests_page.BOARD)
    row = first_in(page, "received")
    drop(page, row.id, "answered")  # two steps ahead: refused
    dialog = page.dialog
    assert isinstance(dialog, MoveDialog) and dialog.chosen_status() == "answered"
    assert not dialog.save_button.isEnabled()
    assert "cannot go from Received to Answered" in dialog.errors_label.text()
    dialog.status.setCurrentIndex(dialog.status.findData("declined"))
    dialog.on.set_date(row.received_on - dt.timedelta(days=1))  # before it was received
    settle(dialog)
    assert not dialog.save_button.isEnabled() and "on" in dialog.highlighted_fields()
    dialog.on.set_date(TODAY)
    qtbot.keyClicks(dialog.note, "Outside the scope of the plan.")
    settle(dialog)
    assert dialog.save()
    assert row.id in page.board.card_ids("declined")
    assert page.service.history(row.id)[-1].note == "Outside the scope of the plan."
    assert page.detail.processing.text().startswith("Processing time:")


def test_reopening_needs_a_note(page, qtbot, settle):
    row = first_in(page, "declined")
    page.move_request(row.id, "in_progress")
    dialog = page.dialog  # checked as it opens: no note yet
    assert not dialog.save_button.isEnabled() and "note" in dialog.highlighted_fields()
    qtbot.keyClicks(dialog.note, "Resources found; the Government asked again.")
    settle(dialog)
    assert dialog.save()
    assert row.id in page.board.card_ids("in_progress")


# -- the detail: links ------------------------------------------------------------------------

def test_link_an_activity_and_an_expert(page, qtbot):
    row = first_in(page, "in_progress")
    page.select(row.id)
    detail = page.detail
    activities_before = detail.activities.list.count()
    picker = detail.link_activity()
    qtbot.keyClicks(picker.search, "wastewater")
    picker.refresh()
    assert picker.results.count() >= 1
    chosen = picker.results.item(0).text()
    picker.accept()
    assert detail.activities.list.count() == activities_before + 1
    assert chosen in [detail.activities.list.item(i).text() for i in range(detail.activities.list.count())]
    assert page.selected_row().activities == activities_before + 1
    assert page.model.index(page.model.row_of(row.id), cols.ACTIVITIES).data() == str(activities_before + 1)

    experts_before = detail.experts.list.count()
    picker = detail.link_expert()
    picker.expert.setCurrentIndex(0)
    assert picker.link_button.isEnabled()
    picker.accept()
    assert detail.experts.list.count() == experts_before + 1
    detail.experts.list.setCurrentRow(detail.experts.list.count() - 1)
    detail.experts.remove_button.click()
    assert detail.experts.list.count() == experts_before


def test_delete_a_request(page, store, monkeypatch):
    monkeypatch.setattr(requests_page, "confirm", lambda *a: True)
    row = first_in(page, "withdrawn")
    page.select(row.id)
    assert page.delete_request()
    assert len(requests_in_db(store)) == 29 and page.model.row_of(row.id) == -1
    assert page.current_id is None and page.detail.empty.isVisible()


# -- read-only and languages -----------------------------------------------------------------------

def test_read_only_disables_editing(page):
    page.select(page.rows[0].id)
    page.set_read_only(True)
    assert not page.new_action.isEnabled() and not page.edit_action.isEnabled()
    assert not page.move_button.isEnabled() and not page.delete_action.isEnabled()
    assert not page.detail.activities.add_button.isEnabled()
    assert not page.board.columns["received"].dragEnabled()
    assert page.new_request() is None and page.move_request(page.rows[0].id, "assigned") is None
    assert page.detail.link_activity() is None
    assert page.model.rowCount() == 30  # the views stay
    page.set_read_only(False)
    assert page.new_action.isEnabled() and page.board.columns["received"].dragEnabled()


def test_chinese(window, page):
    window.set_language("zh", remember=False)
    assert page.board.headers["withdrawn"].text().startswith("已撤回")
    assert page.model.rowCount() == 30
    page.select(page.rows[0].id)
    assert "年" in page.detail.values["received_on"].text()
