"""Representatives and observers of a meeting (R2, R12), from the roster page:
the list per meeting, the add dialogs with the rules inline before Save, removal
after confirmation."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from sqlmodel import select
from test_roster_support import TODAY, add_meeting, member, nominate

from tegdesk.core.models import Meeting, MeetingStatus, Organisation, Participant
from tegdesk.core.services.participants import ParticipantService
from tegdesk.ui.roster import participants as participants_ui


@pytest.fixture
def page(window):
    return window.page("roster")


def rows(table) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def participants_in_db(store) -> list[Participant]:
    with store.reader() as s:
        return list(s.exec(select(Participant)).all())


def fill_representative(qtbot, dialog, member_name: str, topic: str, family: str, given: str = "") -> None:
    dialog.member.lineEdit().clear()
    qtbot.keyClicks(dialog.member.lineEdit(), member_name)
    if topic:
        qtbot.keyClicks(dialog.topic, topic)
    qtbot.keyClicks(dialog.person.family_name, family)
    if given:
        qtbot.keyClicks(dialog.person.given_names, given)


def cancel_meeting(store, meeting_id) -> None:
    with store.session() as s:
        meeting = s.get(Meeting, meeting_id)
        meeting.status = MeetingStatus.CANCELLED
        s.add(meeting)


# -- representatives (R2) ---------------------------------------------------------------

def test_a_member_with_two_experts_designates_a_representative(page, store, qtbot, settle):
    nominate(store, "THA", "Srisuk", "Malee")
    nominate(store, "THA", "Tanaka", "Ken")
    add_meeting(store, 1, TODAY + dt.timedelta(days=30))
    page.reload()
    manager = page.show_participants()
    assert manager.isVisible() and manager.windowTitle() == "Representatives and observers"
    assert manager.meeting.currentText().startswith("Meeting 1, ")
    assert rows(manager.representatives) == [] and rows(manager.observers) == []

    dialog = manager.add_representative()
    assert dialog.isVisible() and dialog.windowTitle() == "Add a thematic representative"
    assert dialog.meeting.currentData() == manager.meeting_id()
    fill_representative(qtbot, dialog, "Thailand", "Air quality monitoring", "Chaiyo", "Somchai")
    assert dialog.timer.isActive()  # debounced
    settle(dialog)
    assert dialog.errors_label.isHidden(), dialog.errors_label.text()  # R1 does not count representatives
    assert dialog.save_button.isEnabled()
    assert dialog.preview.text() == ("Somchai Chaiyo would represent Thailand at meeting 1 on the topic "
                                     "“Air quality monitoring”.")

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert rows(manager.representatives) == [["Thailand", "Somchai Chaiyo", "Air quality monitoring"]]
    assert manager.representatives_label.text() == "Thematic representatives (1)"
    assert manager.selected().family_name == "Chaiyo"
    assert page.count_label.text() == "2 of 2 terms"  # the roster is unchanged
    [saved] = participants_in_db(store)
    assert (saved.role, saved.member_id, saved.topic) == ("thematic_representative", member(store, "THA").id,
                                                           "Air quality monitoring")


def test_an_empty_topic_is_an_inline_error_and_save_waits(page, store, qtbot, settle):
    add_meeting(store, 1, TODAY)
    dialog = page.show_participants().add_representative()
    assert dialog.errors_label.isHidden()  # nothing typed yet: no nagging
    assert not dialog.save_button.isEnabled()

    fill_representative(qtbot, dialog, "Japan", "", "Sato")
    settle(dialog)
    text = dialog.errors_label.text()
    assert not dialog.errors_label.isHidden()
    assert "A representative is designated for a specific topic; enter the topic." in text
    assert "(rule R2, terms of reference, paragraph 4)" in text
    assert dialog.highlighted_fields() == ["topic"]
    assert "color" in dialog.form.labelForField(dialog.topic).styleSheet()
    assert not dialog.save_button.isEnabled()
    dialog.save()  # even forced, nothing is written
    assert dialog.isVisible() and participants_in_db(store) == []

    qtbot.keyClicks(dialog.topic, "Marine litter")
    settle(dialog)
    assert dialog.errors_label.isHidden() and dialog.highlighted_fields() == []
    assert dialog.save_button.isEnabled()


def test_a_refused_save_keeps_the_typed_input(page, store, qtbot, settle):
    meeting = add_meeting(store, 1, TODAY)
    dialog = page.show_participants().add_representative()
    fill_representative(qtbot, dialog, "Japan", "Marine litter", "Sato", "Yui")
    settle(dialog)
    assert dialog.save_button.isEnabled()
    # meanwhile, Korea designates the same person for the same topic
    ParticipantService(store).designate_representative(meeting, member(store, "KOR").id, topic="Marine litter",
                                                       family_name="Sato", given_names="Yui")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    text = dialog.errors_label.text()
    assert "Yui Sato is already designated by Republic of Korea for meeting 1 on the topic “Marine litter”" in text
    assert dialog.highlighted_fields() == ["family_name"]
    assert not dialog.save_button.isEnabled()
    assert (dialog.member.currentText(), dialog.topic.text()) == ("Japan", "Marine litter")
    assert (dialog.person.family_name.text(), dialog.person.given_names.text()) == ("Sato", "Yui")
    assert len(participants_in_db(store)) == 1


def test_a_cancelled_meeting_is_refused_inline(page, store, qtbot, settle):
    held = add_meeting(store, 1, TODAY - dt.timedelta(days=90))
    cancelled = add_meeting(store, 2, TODAY + dt.timedelta(days=30))
    cancel_meeting(store, cancelled)
    manager = page.show_participants()
    assert manager.meeting.currentData() == held  # the next meeting is cancelled: the latest held one
    assert manager.meeting.itemText(1).endswith("(cancelled)")
    manager.meeting.setCurrentIndex(1)
    assert not manager.add_representative_button.isEnabled() and not manager.add_observer_button.isEnabled()
    manager.meeting.setCurrentIndex(0)
    assert manager.add_representative_button.isEnabled()

    dialog = manager.add_representative()
    fill_representative(qtbot, dialog, "Japan", "Chemicals", "Sato")
    dialog.meeting.setCurrentIndex(dialog.meeting.index_of(cancelled))
    settle(dialog)
    assert "Meeting 2 (" in dialog.errors_label.text() and "was cancelled" in dialog.errors_label.text()
    assert dialog.highlighted_fields() == ["meeting"]
    assert not dialog.save_button.isEnabled()


# -- observers (R12) ------------------------------------------------------------------------

def test_an_observer_with_a_new_organisation(page, store, qtbot, settle):
    add_meeting(store, 1, TODAY)
    manager = page.show_participants()
    dialog = manager.add_observer()
    assert dialog.windowTitle() == "Add an observer"
    qtbot.keyClicks(dialog.person.family_name, "Lim")
    settle(dialog)
    assert "choose or enter the organisation" in dialog.errors_label.text()
    assert "(rule R12, terms of reference, paragraph 3)" in dialog.errors_label.text()
    assert dialog.highlighted_fields() == ["organisation"] and not dialog.save_button.isEnabled()

    qtbot.keyClicks(dialog.organisation.lineEdit(), "Asia Pacific Youth Network")
    qtbot.keyClicks(dialog.person.given_names, "Wei")
    settle(dialog)
    assert dialog.save_button.isEnabled(), dialog.errors_label.text()
    assert "Wei Lim would attend meeting 1 as an observer for Asia Pacific Youth Network." in dialog.preview.text()
    assert "is not in the list of organisations yet; saving adds it" in dialog.preview.text()
    dialog.save()
    assert not dialog.isVisible()
    assert rows(manager.observers) == [["Asia Pacific Youth Network", "Wei Lim"]]
    assert manager.observers_label.text() == "Observers (1)"
    with store.reader() as s:
        [org] = s.exec(select(Organisation)).all()
    assert org.name == "Asia Pacific Youth Network"

    again = manager.add_observer()  # now the organisation is in the list
    qtbot.keyClicks(again.organisation.lineEdit(), "Asia Pacific Youth Network")
    qtbot.keyClicks(again.person.family_name, "Tan")
    settle(again)
    assert again.organisation.current_id() == org.id
    assert "saving adds it" not in again.preview.text()


# -- removing, languages, read-only -------------------------------------------------------------

def test_remove_asks_first_and_keeps_the_row(page, store, monkeypatch):
    meeting = add_meeting(store, 1, TODAY)
    svc = ParticipantService(store)
    rep = svc.designate_representative(meeting, member(store, "JPN").id, topic="Chemicals", family_name="Sato")
    svc.add_observer(meeting, organisation_name="NGO Forum", family_name="Lim")
    manager = page.show_participants()
    assert not manager.remove_button.isEnabled()
    manager.representatives.selectRow(0)
    assert manager.remove_button.isEnabled()
    manager.observers.selectRow(0)  # one selection across both tables
    assert manager.representatives.selectedItems() == []
    manager.representatives.selectRow(0)
    assert manager.observers.selectedItems() == []

    asked = []
    monkeypatch.setattr(participants_ui, "confirm", lambda parent, title, text, yes, no: asked.append(text) or False)
    assert manager.remove() is False
    assert asked == ["Remove Sato, representative of Japan on “Chemicals”, from meeting 1?"]
    assert len(rows(manager.representatives)) == 1

    monkeypatch.setattr(participants_ui, "confirm", lambda *args: True)
    assert manager.remove() is True
    assert rows(manager.representatives) == []
    assert rows(manager.observers) == [["NGO Forum", "Lim"]]
    with store.reader() as s:
        kept = s.get(Participant, rep.record.id)
    assert kept.deleted_at is not None  # a soft delete


def test_the_dialogs_speak_chinese(page, window, store, qtbot, settle):
    add_meeting(store, 1, TODAY)
    window.set_language("zh")
    assert page.participants_action.text() == "代表和观察员…"
    manager = page.show_participants()
    assert manager.windowTitle() == "代表和观察员"
    assert manager.representatives_label.text() == "专题代表（0）"
    assert manager.observers_label.text() == "观察员（0）"
    assert manager.meeting.currentText().startswith("第1次会议")
    dialog = manager.add_representative()
    assert dialog.windowTitle() == "增加专题代表"
    assert dialog.form.labelForField(dialog.topic).text() == "专题："
    dialog.member.lineEdit().setText("日本")  # (QTest types Latin-1 only)
    qtbot.keyClicks(dialog.person.family_name, "Sato")
    settle(dialog)
    assert "（规则R2，职权范围第4段）" in dialog.errors_label.text()
    assert "专题" in dialog.errors_label.text()
    observer = manager.add_observer()
    assert observer.windowTitle() == "增加观察员"


def test_no_meeting_yet(page):
    manager = page.show_participants()
    assert manager.meeting.count() == 0 and manager.meeting_id() is None
    assert not manager.add_representative_button.isEnabled() and not manager.add_observer_button.isEnabled()


def test_a_read_only_database_lists_but_changes_nothing(qtbot, db_path):
    from tegdesk.core.store import open_store
    from tegdesk.ui.app import build_window

    writable = open_store(db_path)
    meeting = add_meeting(writable, 1, TODAY)
    ParticipantService(writable).designate_representative(meeting, member(writable, "JPN").id, topic="Chemicals",
                                                          family_name="Sato")
    writable.close()
    store = open_store(db_path, read_only=True)
    win = build_window(store, "en")
    qtbot.addWidget(win)
    page = win.page("roster")
    assert page.participants_action.isEnabled()
    manager = page.show_participants()
    assert rows(manager.representatives) == [["Japan", "Sato", "Chemicals"]]
    manager.representatives.selectRow(0)
    for button in (manager.add_representative_button, manager.add_observer_button, manager.remove_button):
        assert not button.isEnabled()
    store.close()


def test_saving_for_another_meeting_shows_that_meeting(page, store, qtbot, settle):
    first = add_meeting(store, 1, TODAY + dt.timedelta(days=10))
    second = add_meeting(store, 2, TODAY + dt.timedelta(days=100))
    manager = page.show_participants()
    assert manager.meeting_id() == first
    dialog = manager.add_representative()
    fill_representative(qtbot, dialog, "Fiji", "Ocean acidification", "Naivalu", "Jone")
    dialog.meeting.setCurrentIndex(dialog.meeting.index_of(second))
    settle(dialog)
    dialog.save()
    assert not dialog.isVisible()
    assert manager.meeting_id() == second
    assert rows(manager.representatives) == [["Fiji", "Jone Naivalu", "Ocean acidification"]]
    assert manager.selected().topic == "Ocean acidification"
