"""The roster's action dialogs, driven as a user would: violations shown inline
before Save, Save disabled while there are errors, refused saves keep the input."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from sqlmodel import select
from test_roster_support import TODAY, add_meeting, member, nominate, select_expert, table_column

from tegdesk.core.models import Expert, Term, TermStatus
from tegdesk.core.services.roster import RosterService
from tegdesk.ui.roster import model as cols
from tegdesk.ui.roster.checked import CHECK_DELAY_MS


@pytest.fixture
def page(window):
    return window.page("roster")


def terms_in_db(store) -> list[Term]:
    with store.reader() as s:
        return list(s.exec(select(Term)).all())


def fill_new_expert(qtbot, dialog, family: str, given: str = "", email: str = "") -> None:
    qtbot.keyClicks(dialog.expert.family_name, family)
    if given:
        qtbot.keyClicks(dialog.expert.given_names, given)
    if email:
        qtbot.keyClicks(dialog.expert.email, email)


def choose_member(qtbot, dialog, name: str) -> None:
    dialog.member.lineEdit().clear()
    qtbot.keyClicks(dialog.member.lineEdit(), name)


# -- nomination ---------------------------------------------------------------------

def test_nomination_shows_r1_inline_and_save_waits_for_a_fix(page, store, qtbot, settle):
    nominate(store, "THA", "Srisuk", "Malee")
    nominate(store, "THA", "Tanaka", "Ken")
    page.reload()
    dialog = page.nominate()
    assert dialog.isVisible() and dialog.windowTitle() == "Nominate an expert"
    assert not dialog.save_button.isEnabled()
    assert dialog.errors_label.isHidden()  # nothing typed yet: no nagging

    choose_member(qtbot, dialog, "Thailand")
    fill_new_expert(qtbot, dialog, "Chaiyo", "Somchai", "somchai@pcd.go.th")
    assert dialog.timer.isActive()  # debounced, not checked per keystroke
    settle(dialog)
    text = dialog.errors_label.text()
    assert not dialog.errors_label.isHidden()
    assert "Thailand may have at most 2 experts serving at the same time" in text
    assert "Ken Tanaka" in text and "Malee Srisuk" in text
    assert "(rule R1, terms of reference, paragraph 3)" in text
    assert dialog.highlighted_fields() == ["member"]
    assert "color" in dialog.form.labelForField(dialog.member).styleSheet()
    assert not dialog.save_button.isEnabled()

    choose_member(qtbot, dialog, "Viet Nam")
    settle(dialog)
    assert dialog.errors_label.isHidden()
    assert dialog.highlighted_fields() == []
    assert dialog.save_button.isEnabled()
    assert "The term would run from" in dialog.preview.text()

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert "Dr. Somchai Chaiyo" not in table_column(page, cols.EXPERT)  # no honorific given
    assert "Somchai Chaiyo" in table_column(page, cols.EXPERT)
    assert page.selected_row().family_name == "Chaiyo"
    assert page.selected_row().member == "Viet Nam"
    assert page.count_label.text() == "3 of 3 terms"
    with store.reader() as s:
        saved = s.exec(select(Expert).where(Expert.family_name == "Chaiyo")).one()
    assert saved.email == "somchai@pcd.go.th"


def test_form_errors_show_once_typed_and_point_at_the_field(page, qtbot, settle):
    dialog = page.nominate()
    choose_member(qtbot, dialog, "Japan")
    qtbot.keyClicks(dialog.expert.email, "not-an-address")
    settle(dialog)
    text = dialog.errors_label.text()
    assert "The family name is required." in text
    assert "not-an-address is not an e-mail address." in text
    assert set(dialog.highlighted_fields()) == {"family_name", "email"}
    assert dialog.expert.email.toolTip() == "not-an-address is not an e-mail address."
    assert not dialog.save_button.isEnabled()


def test_partial_member_text_is_not_a_choice(page, qtbot, settle):
    dialog = page.nominate()
    choose_member(qtbot, dialog, "Thai")
    fill_new_expert(qtbot, dialog, "Chaiyo")
    settle(dialog)
    assert "Choose the nominating member or associate member." in dialog.errors_label.text()
    assert "member" in dialog.highlighted_fields()


def test_nominating_a_known_expert(page, store, qtbot, settle):
    nominate(store, "THA", "Srisuk", "Malee", start=TODAY - dt.timedelta(days=3 * 365 + 30))  # ended
    page.reload()
    dialog = page.nominate()
    choose_member(qtbot, dialog, "Thailand")
    dialog.expert.use_known()
    qtbot.keyClicks(dialog.expert.known.lineEdit(), "Dr. Malee Srisuk")
    settle(dialog)
    assert dialog.save_button.isEnabled(), dialog.errors_label.text()
    dialog.save()
    with store.reader() as s:
        assert len(s.exec(select(Expert)).all()) == 1
    assert len(terms_in_db(store)) == 2


def test_a_refused_save_keeps_the_typed_input(page, store, qtbot, settle):
    nominate(store, "THA", "Srisuk", "Malee")
    page.reload()
    dialog = page.nominate()
    choose_member(qtbot, dialog, "Thailand")
    fill_new_expert(qtbot, dialog, "Chaiyo", "Somchai", "somchai@pcd.go.th")
    settle(dialog)
    assert dialog.save_button.isEnabled()
    nominate(store, "THA", "Tanaka", "Ken")  # meanwhile, someone else fills Thailand's second place

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "Thailand may have at most 2 experts" in dialog.errors_label.text()
    assert not dialog.save_button.isEnabled()
    assert dialog.member.currentText() == "Thailand"
    assert dialog.expert.family_name.text() == "Chaiyo"
    assert dialog.expert.given_names.text() == "Somchai"
    assert dialog.expert.email.text() == "somchai@pcd.go.th"
    assert len(terms_in_db(store)) == 2  # nothing written


def test_nomination_starts_with_the_selected_rows_member(page, store):
    nominate(store, "FJI", "Naivalu", "Jone")
    page.reload()
    select_expert(page, "Naivalu")
    dialog = page.nominate()
    assert dialog.member.currentText() == "Fiji"
    assert dialog.member.current_id() == member(store, "FJI").id


# -- extension ------------------------------------------------------------------------

def test_extension_creates_term_2_and_refuses_a_third_inline(page, store, qtbot):
    nominate(store, "JPN", "Sato", "Yui", start=TODAY - dt.timedelta(days=3 * 365 - 60))
    page.reload()
    select_expert(page, "Sato")
    dialog = page.extend()
    assert "Dr. Yui Sato, nominated by Japan, serves term 1" in dialog.intro.text()
    assert "The new term would run from" in dialog.preview.text() and "(term 2)" in dialog.preview.text()
    assert dialog.save_button.isEnabled()
    qtbot.keyClicks(dialog.letter.ref, "JPN/2026/15")
    dialog.save()
    assert not dialog.isVisible()
    choose = page.period_filter
    choose.setCurrentIndex(choose.findData("all"))
    assert sorted(table_column(page, cols.TERM)) == ["1", "2"]
    assert page.selected_row().term_number == 2
    with store.reader() as s:
        second = s.exec(select(Term).where(Term.term_number == 2)).one()
    assert second.nomination_ref == "JPN/2026/15"

    dialog = page.extend()  # the selected row is term 2
    assert not dialog.save_button.isEnabled()
    text = dialog.errors_label.text()
    assert "Yui Sato has already served 2 consecutive terms" in text
    assert "an expert may serve at most 2" in text and "(rule R3, terms of reference, paragraph 5)" in text
    assert "start_date" in dialog.highlighted_fields()
    dialog.reject()
    assert len(terms_in_db(store)) == 2


# -- withdrawal and replacement ---------------------------------------------------------

def test_withdrawal(page, store, qtbot, settle):
    nominate(store, "IND", "Iyer", "Anjali", start=TODAY - dt.timedelta(days=100))
    page.reload()
    select_expert(page, "Iyer")
    dialog = page.withdraw()
    assert "India withdraws Dr. Anjali Iyer, whose term 1 runs from" in dialog.intro.text()
    dialog.last_day.set_date(TODAY - dt.timedelta(days=500))  # before the term began
    settle(dialog)
    assert "The last day of service must fall between" in dialog.errors_label.text()
    assert dialog.highlighted_fields() == ["last_day"] and not dialog.save_button.isEnabled()
    dialog.last_day.set_date(TODAY - dt.timedelta(days=1))
    settle(dialog)
    assert dialog.save_button.isEnabled()
    assert "India may nominate another expert from" in dialog.preview.text()
    dialog.save()
    assert not dialog.isVisible()
    page.period_filter.setCurrentIndex(page.period_filter.findData("past"))
    assert table_column(page, cols.STATUS) == ["Withdrawn"]
    assert table_column(page, cols.END) == [page.translator.date(TODAY - dt.timedelta(days=1), "medium")]


def test_replacement_is_one_action(page, store, qtbot, settle):
    nominate(store, "IND", "Iyer", "Anjali", start=TODAY - dt.timedelta(days=100))
    nominate(store, "IND", "Reddy", "Lakshmi", start=TODAY - dt.timedelta(days=100))
    page.reload()
    select_expert(page, "Iyer")
    dialog = page.replace()
    last = TODAY - dt.timedelta(days=1)
    dialog.last_day.set_date(last)
    fill_new_expert(qtbot, dialog, "Rao", "Kavita")
    settle(dialog)
    assert dialog.save_button.isEnabled(), dialog.errors_label.text()  # R1 counts the two once
    assert "The successor's term would run from" in dialog.preview.text()
    dialog.save()
    assert not dialog.isVisible()
    page.period_filter.setCurrentIndex(page.period_filter.findData("all"))
    statuses = dict(zip(table_column(page, cols.EXPERT), table_column(page, cols.STATUS), strict=True))
    assert statuses == {"Dr. Anjali Iyer": "Replaced", "Dr. Lakshmi Reddy": "Serving", "Kavita Rao": "Serving"}
    assert page.selected_row().family_name == "Rao"
    assert page.selected_row().start_date == TODAY
    with store.reader() as s:
        new = s.exec(select(Term).where(Term.replaces_term_id.is_not(None))).one()
        old = s.get(Term, new.replaces_term_id)
    assert old.status == TermStatus.REPLACED and old.ended_on == last


# -- election ---------------------------------------------------------------------------

def test_election_refuses_a_non_serving_expert_inline_and_elects_a_serving_one(page, store, qtbot, settle):
    nominate(store, "THA", "Srisuk", "Malee", start=TODAY - dt.timedelta(days=200))
    nominate(store, "JPN", "Sato", "Yui", start=TODAY - dt.timedelta(days=20))  # not yet serving at the meeting
    add_meeting(store, 1, TODAY - dt.timedelta(days=60))
    page.reload()
    select_expert(page, "Sato")
    dialog = page.elect()
    assert [dialog.office.itemText(i) for i in range(dialog.office.count())] == ["Chair", "Vice-Chair"]
    assert dialog.expert.currentText() == "Dr. Yui Sato (Japan)"
    assert not dialog.save_button.isEnabled()
    text = dialog.errors_label.text()
    assert "Yui Sato is not a serving expert on" in text and "(rule R5, terms of reference, paragraph 7)" in text
    assert dialog.highlighted_fields() == ["expert"]

    dialog.expert.lineEdit().clear()
    qtbot.keyClicks(dialog.expert.lineEdit(), "Dr. Malee Srisuk (Thailand)")
    settle(dialog)
    assert dialog.save_button.isEnabled(), dialog.errors_label.text()
    assert "Malee Srisuk would hold the office of Chair from" in dialog.preview.text()
    dialog.save()
    assert not dialog.isVisible()
    offices = dict(zip(table_column(page, cols.EXPERT), table_column(page, cols.OFFICE), strict=True))
    assert offices == {"Dr. Malee Srisuk": "Chair", "Dr. Yui Sato": ""}
    assert len(RosterService(store).offices()) == 1


def test_election_without_a_meeting_says_so(page, store, qtbot):
    nominate(store, "THA", "Srisuk", "Malee")
    page.reload()
    select_expert(page, "Srisuk")
    dialog = page.elect()
    assert "choose the meeting" in dialog.errors_label.text()
    assert "meeting" in dialog.highlighted_fields()
    assert not dialog.save_button.isEnabled()


def test_debounce_delay_is_short():
    assert 100 <= CHECK_DELAY_MS <= 300


# -- views --------------------------------------------------------------------------------

def test_member_view_lists_every_term_oldest_first(page, store):
    first = nominate(store, "JPN", "Sato", "Yui", start=TODAY - dt.timedelta(days=3 * 365 + 10))
    nominate(store, "JPN", "Kato", "Hiroshi", start=TODAY - dt.timedelta(days=5))
    page.reload()
    page.period_filter.setCurrentIndex(page.period_filter.findData("all"))
    select_expert(page, "Kato")
    view = page.show_member()
    assert view.windowTitle() == "Member: Japan"
    table = view.table
    rows = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]
    assert [r[0] for r in rows] == ["Dr. Yui Sato", "Dr. Hiroshi Kato"]
    assert [r[5] for r in rows] == ["Ended", "Serving"]
    assert rows[0][2] == page.translator.date(first.start_date, "medium")


def test_expert_view_shows_details_terms_and_offices(page, store):
    nominate(store, "THA", "Srisuk", "Malee", organization="Pollution Control Department",
             email="malee@pcd.go.th", start=TODAY - dt.timedelta(days=200))
    meeting = add_meeting(store, 1, TODAY - dt.timedelta(days=60))
    svc = RosterService(store)
    expert = RosterService(store).rows(TODAY)[0].expert_id
    assert svc.elect(office="vice_chair", expert_id=expert, meeting_id=meeting).saved
    page.reload()
    select_expert(page, "Srisuk")
    view = page.show_expert()
    assert view.windowTitle() == "Expert: Dr. Malee Srisuk"
    assert view.details["organization"] == "Pollution Control Department"
    assert view.details["email"] == "malee@pcd.go.th"
    assert view.terms_table.rowCount() == 1 and view.terms_table.item(0, 0).text() == "Thailand"
    assert view.offices_table.item(0, 0).text() == "Vice-Chair"
    assert view.offices_table.item(0, 3).text() == "Meeting 1"


# -- language and read-only ------------------------------------------------------------------

def test_dialogs_speak_the_interface_language(page, window, store, qtbot, settle):
    nominate(store, "THA", "Srisuk", "Malee")
    nominate(store, "THA", "Tanaka", "Ken")
    page.reload()
    window.set_language("zh")
    select_expert(page, "Srisuk")
    dialog = page.nominate()
    assert dialog.windowTitle() == "提名专家"
    assert dialog.save_button.text() == "保存"
    assert dialog.form.labelForField(dialog.member).text() == "提名方："
    assert dialog.member.currentText() == "泰国"
    fill_new_expert(qtbot, dialog, "Chaiyo", "Somchai")
    settle(dialog)
    text = dialog.errors_label.text()
    assert "泰国同时在任的专家最多为2名" in text and "Ken Tanaka" in text and "（规则R1，职权范围第3段）" in text
    dialog.reject()
    dialog = page.withdraw()
    assert dialog.windowTitle() == "撤回专家" and "泰国撤回Dr. Malee Srisuk" in dialog.intro.text()


def test_a_read_only_database_offers_no_changes(qtbot, db_path):
    from tegdesk.core.store import open_store
    from tegdesk.ui.app import build_window

    open_store(db_path).close()
    nominate_store = open_store(db_path)
    nominate(nominate_store, "JPN", "Sato", "Yui")
    nominate_store.close()
    store = open_store(db_path, read_only=True)
    win = build_window(store, "en")
    qtbot.addWidget(win)
    page = win.page("roster")
    select_expert(page, "Sato")
    for action in page.editing_actions:
        assert not action.isEnabled(), action.objectName()
    assert page.member_view_action.isEnabled() and page.expert_view_action.isEnabled()
    assert page.export_action.isEnabled()
    store.close()
