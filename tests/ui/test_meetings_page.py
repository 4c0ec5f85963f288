"""The meetings page over the demonstration database: the list with its warnings, the
detail, and the meeting form checked inline (refusals disable Save, warnings do not)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from sqlmodel import select
import test_meetings_support as support
from test_meetings_support import list_column, select_meeting, tooltip

from tegdesk.core.models import Meeting
from tegdesk.ui.meetings import model as cols


demo_template, db_path, page = support.demo_template, support.db_path, support.page  # fixtures


def meetings_in_db(store) -> list[Meeting]:
    with store.reader() as s:
        return list(s.exec(select(Meeting).order_by(Meeting.number)).all())


def test_list_shows_the_meetings_with_their_warnings(page):
    assert list_column(page, cols.MEETING) == ["TEG 1", "TEG 2"]
    assert list_column(page, cols.STATUS) == ["Held", "Planned"]
    assert list_column(page, cols.DATES)[0] == "14–15 March 2023"
    assert list_column(page, cols.PLACE)[0] == "United Nations Conference Centre, Bangkok and online"
    # R7: the second meeting comes years after the first
    assert list_column(page, cols.WARNINGS) == ["", "⚠ 1"]
    assert "more than 3 months after meeting 1" in tooltip(page, 1, cols.WARNINGS)
    assert "(rule R7, terms of reference, paragraph 9)" in tooltip(page, 1, cols.WARNINGS)
    assert page.count_label.text() == "2 meetings"
    # the meeting being prepared is shown first, with the same warning inline
    assert page.selected_row().label == "TEG 2"
    detail = page.detail
    assert detail.title_label.text().startswith("TEG 2: Second meeting of the Technical Expert Group")
    assert not detail.details.warnings_label.isHidden()
    assert "more than 3 months" in detail.details.warnings_label.text()
    assert detail.details.values["status"].text() == "Planned"
    select_meeting(page, "TEG 1")
    assert detail.details.warnings_label.isHidden()
    assert detail.details.values["nominations_called_on"].text() == "21 February 2023"
    assert detail.details.values["mode"].text() == "Hybrid"


def set_dates(dialog, start: dt.date, end: dt.date) -> None:
    dialog.start.set_date(start)
    dialog.end.set_date(end)


def test_new_meeting_ending_before_it_starts_is_refused_inline(page, store, qtbot, settle):
    dialog = page.new_meeting()
    assert dialog.isVisible() and dialog.windowTitle() == "New meeting"
    assert dialog.number.value() == 3
    assert dialog.title.text() == "Third meeting of the Technical Expert Group on Environment and Development"
    assert dialog.venue.text() == "United Nations Conference Centre, Bangkok"  # as the latest meeting
    start = dt.date(2027, 5, 18)
    set_dates(dialog, start, start - dt.timedelta(days=2))
    dialog.venue.clear()
    qtbot.keyClicks(dialog.venue, "Bangkok")
    settle(dialog)
    assert not dialog.errors_label.isHidden()
    assert "The meeting cannot end (16 May 2027) before it starts (18 May 2027)." in dialog.errors_label.text()
    assert "end_date" in dialog.highlighted_fields()
    assert not dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # disabled: nothing happens
    assert dialog.isVisible() and len(meetings_in_db(store)) == 2

    dialog.end.set_date(start + dt.timedelta(days=1))
    settle(dialog)
    assert dialog.errors_label.isHidden() and dialog.save_button.isEnabled()
    assert dialog.venue.text() == "Bangkok"  # nothing typed was lost
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert [m.number for m in meetings_in_db(store)] == [1, 2, 3]
    assert list_column(page, cols.MEETING) == ["TEG 1", "TEG 2", "TEG 3"]
    assert page.selected_row().label == "TEG 3"
    assert page.detail.details.values["dates"].text() == "18–19 May 2027"


def test_duplicate_number_and_late_deadline_are_refused(page, store, qtbot, settle):
    dialog = page.new_meeting()
    dialog.number.setValue(2)
    dialog.registration_deadline.set_value(dialog.start.date_value() + dt.timedelta(days=1))
    settle(dialog)
    text = dialog.errors_label.text()
    assert "TEG 2 already exists; meeting numbers are unique (the next is 3)." in text
    assert "The deadline for registration must fall before the meeting starts" in text
    assert {"number", "registration_deadline"} <= set(dialog.highlighted_fields())
    assert not dialog.save_button.isEnabled()
    assert dialog.title.text().startswith("Second meeting")  # the usual title follows the number
    dialog.reject()
    assert len(meetings_in_db(store)) == 2


def type_chinese(widget, text: str) -> None:
    """Type as a Chinese input method does: the composed text committed at once."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def test_editing_shows_the_r7_warning_without_stopping_save(page, store, qtbot, settle):
    select_meeting(page, "TEG 2")
    dialog = page.edit_meeting()
    assert dialog.windowTitle() == "Edit meeting TEG 2"
    assert not dialog.warnings_label.isHidden()
    assert "more than 3 months after meeting 1" in dialog.warnings_label.text()
    assert dialog.save_button.isEnabled()
    assert dialog.text_language.currentData() == "zh"
    assert dialog.title_other.text() == "环境与发展技术专家组第二次会议"  # the demo's
    dialog.title_other.selectAll()
    type_chinese(dialog.title_other, "技术专家组第二次会议")
    dialog.reference.clear()
    qtbot.keyClicks(dialog.reference, "ED/TEG/2")
    settle(dialog)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    meeting = meetings_in_db(store)[1]
    assert meeting.reference == "ED/TEG/2"
    assert meeting.translations["zh"]["title"] == "技术专家组第二次会议"  # what was typed
    assert meeting.translations["zh"]["venue"] == "曼谷联合国会议中心"  # the rest kept
    assert meeting.translations["zh"]["contact"].startswith("亚太经社会环境与发展司")
    assert page.detail.details.values["reference"].text() == "ED/TEG/2"
    assert page.detail.details.values["title_zh"].text() == "技术专家组第二次会议"


def test_switching_to_chinese_retranslates_the_page(page, window):
    window.set_language("zh")
    assert page.selected_row().label == "TEG 2"  # the selection survives the language change
    assert page.edit_action.isEnabled()
    assert list_column(page, cols.TITLE)[1] == "环境与发展技术专家组第二次会议"  # the demo's Chinese title
    assert page.heading.text() == "会议"
    assert page.model.headerData(cols.STATUS, Qt.Orientation.Horizontal) == "状态"
    window.set_language("en")
    assert page.heading.text() == "Meetings"
    assert list_column(page, cols.STATUS) == ["Held", "Planned"]


def test_r5_and_r11_warnings_on_the_first_meeting(page, store, qtbot, settle, monkeypatch):
    from tegdesk.ui.meetings import agenda as agenda_module

    select_meeting(page, "TEG 1")
    editor = page.detail.agenda
    election = next(n for n in editor.model.all_nodes() if n.kind == "election")
    editor.select(election.id)
    monkeypatch.setattr(agenda_module, "confirm", lambda *args: True)
    assert editor.remove()
    # R5: the first meeting's agenda has no election of officers any more, in the list and the details
    row = list_column(page, cols.MEETING).index("TEG 1")
    assert list_column(page, cols.WARNINGS)[row] == "⚠ 1"
    assert "(rule R5, terms of reference, paragraph 7)" in tooltip(page, row, cols.WARNINGS)
    assert "R5" in page.detail.details.warnings_label.text()

    # R11: nominations called less than three weeks before the first meeting
    dialog = page.edit_meeting()
    dialog.nominations_called_on.set_value(dt.date(2023, 3, 1))
    settle(dialog)
    assert "(rule R11" in dialog.warnings_label.text()
    assert "nominations_called_on" in dialog.highlighted_fields()
    assert dialog.save_button.isEnabled()  # a warning, not a refusal
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert list_column(page, cols.WARNINGS)[row] == "⚠ 2"


def test_a_read_only_database_offers_no_changes(qtbot, db_path):
    from tegdesk.core.store import open_store
    from tegdesk.ui.app import build_window

    store = open_store(db_path, read_only=True)
    win = build_window(store, "en")
    qtbot.addWidget(win)
    page = win.page("meetings")
    assert page.selected_row().label == "TEG 2"
    assert not page.new_action.isEnabled() and not page.edit_action.isEnabled()
    assert page.new_meeting() is None and page.edit_meeting() is None
    detail = page.detail
    assert not detail.edit_button.isEnabled()
    agenda = detail.agenda
    assert agenda.labels()[0] == "1. Opening of the meeting"  # readable
    for button in (agenda.add_button, agenda.add_sub_button, agenda.remove_button, agenda.up_button,
                   agenda.attach_button):
        assert not button.isEnabled(), button.objectName()
    assert not agenda.title.isEnabled() and not agenda.move_up()
    assert not agenda.model.flags(agenda.model.index(0, 0)) & Qt.ItemFlag.ItemIsDragEnabled
    register = detail.documents
    register.table.selectRow(0)
    for button in (register.add_button, register.revision_button, register.distribute_button,
                   register.remove_button):
        assert not button.isEnabled(), button.objectName()
    store.close()
