"""Typed input is never lost on the meetings page: the agenda text waiting for its pause is
saved when the window closes, and changes a tab still holds (a refused title, funding typed
but not saved) are asked about before the window closes or another meeting is shown."""

from __future__ import annotations

import pytest
import test_meetings_support as support
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton
from sqlmodel import select
import test_meetings_agenda as agenda_tests
from test_meetings_agenda import choose, started
from test_meetings_support import select_meeting
from test_participants_tab import type_funding

from tegdesk.core.models import AgendaItem
from tegdesk.core.services import meeting_base
from tegdesk.core.services.meetings import MeetingService
from tegdesk.core.store import open_store

demo_template, db_path, page = support.demo_template, support.db_path, support.page  # fixtures
editor = agenda_tests.editor  # fixture: the empty agenda of a third meeting


@pytest.fixture(autouse=True)
def _demo_today(monkeypatch):
    monkeypatch.setattr(meeting_base, "today", lambda: support.DEMO_TODAY)


def question(holder) -> QMessageBox:
    box = holder.unsaved_question
    assert isinstance(box, QMessageBox) and box.isVisible(), "no unsaved-changes question"
    assert box.text() == "Save the changes you made?"
    return box


def answer(qtbot, holder, choice: str) -> None:
    qtbot.mouseClick(question(holder).findChild(QPushButton, choice), Qt.MouseButton.LeftButton)
    assert holder.unsaved_question is None


def annotations(path) -> set[str]:
    store = open_store(path)
    try:
        with store.reader() as s:
            return {i.annotation for i in s.exec(select(AgendaItem).where(AgendaItem.deleted_at.is_(None)))}
    finally:
        store.close()


def test_agenda_text_waiting_for_its_pause_is_saved_when_the_window_closes(editor, qtbot, db_path):
    started(editor, qtbot)
    choose(editor, "3. Other matters")
    editor.annotation.selectAll()
    qtbot.keyClicks(editor.annotation, "Typed just before closing.")
    assert editor.save_timer.isActive()
    window = editor.window()
    assert window.close()
    assert not window.isVisible() and window.unsaved_question is None
    assert "Typed just before closing." in annotations(db_path)


def test_a_refused_title_is_asked_about_before_the_window_closes(editor, qtbot, db_path):
    started(editor, qtbot)
    choose(editor, "3. Other matters")
    editor.title.selectAll()
    qtbot.keyClick(editor.title, Qt.Key.Key_Delete)
    window = editor.window()
    window.page("meetings").detail.tabs.setCurrentIndex(0)  # away from the agenda: the empty title is refused
    assert not window.close()
    assert window.isVisible()
    assert window.page("meetings").detail.tabs.currentWidget() is editor  # shown where the change is
    answer(qtbot, window, "cancel")
    assert window.isVisible() and editor.title.text() == ""  # kept as typed
    window.close()
    answer(qtbot, window, "discard")
    assert not window.isVisible()


def test_funding_typed_is_asked_about_before_another_meeting_is_shown(page, qtbot, store):
    select_meeting(page, "TEG 1")
    tab = page.detail.participants
    page.detail.tabs.setCurrentWidget(tab)
    tab.table.selectRow(0)
    row = tab.funding.row
    type_funding(qtbot, tab, "1,234.00", "", "USD")
    assert tab.has_unsaved_changes()
    teg1 = page.detail.meeting_id

    select_meeting_quietly = page.model.row_of(MeetingService(store).find("TEG:2").id)
    page.table.selectRow(select_meeting_quietly)
    assert page.detail.meeting_id == teg1 and page.selected_row().label == "TEG 1"  # stays until answered
    answer(qtbot, page, "cancel")
    assert page.detail.meeting_id == teg1 and tab.funding.requested.text() == "1,234.00"

    page.table.selectRow(select_meeting_quietly)
    answer(qtbot, page, "save")
    assert page.selected_row().label == "TEG 2" and page.detail.meeting_id != teg1
    saved = next(p for p in MeetingService(store).participants(teg1) if p.id == row.id)
    assert saved.funding_requested == 123400 and saved.currency == "USD"


def _funding_typed(page, qtbot) -> tuple[object, object]:
    select_meeting(page, "TEG 1")
    tab = page.detail.participants
    page.detail.tabs.setCurrentWidget(tab)
    tab.table.selectRow(0)
    row = tab.funding.row
    type_funding(qtbot, tab, "2,500.00", "", "USD")
    assert tab.has_unsaved_changes()
    return tab, row


def test_funding_typed_is_asked_about_before_another_database_is_opened(page, qtbot, db_path, tmp_path):
    tab, row = _funding_typed(page, qtbot)
    window = page.window()
    other = tmp_path / "other.sqlite3"
    assert not window.open_database(other)
    answer(qtbot, window, "cancel")
    assert window.store.path == db_path and tab.funding.requested.text() == "2,500.00"  # nothing lost

    assert not window.open_database(other)
    answer(qtbot, window, "save")  # saved, then the other database opens
    assert window.store.path == other
    store = open_store(db_path, lock=False)
    try:
        saved = next(p for p in MeetingService(store).participants(MeetingService(store).find("TEG:1").id)
                     if p.id == row.id)
    finally:
        store.close()
    assert saved.funding_requested == 250000


def test_funding_typed_is_asked_about_before_a_backup_is_restored(page, qtbot, db_path):
    from tegdesk.ui.restore import RestoreDialog

    _funding_typed(page, qtbot)
    window = page.window()
    assert window.show_restore() is None  # the question comes first
    assert window.findChild(RestoreDialog) is None
    answer(qtbot, window, "discard")
    dialog = window.findChild(RestoreDialog)
    assert dialog is not None and dialog.isVisible()  # and then the list of backups
    assert not window.page("meetings").unsaved_editor()
    dialog.close()
