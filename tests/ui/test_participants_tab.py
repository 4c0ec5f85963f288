"""The Participants tab of a meeting, on the demonstration: experts added from the
roster, representatives, observers and secretariat staff, attendance, registration
and the funding of participation (R4) with its totals per currency."""

from __future__ import annotations

import meeting_demo
import pytest
import test_meetings_support as support
from meeting_demo import TODAY
from PySide6.QtCore import Qt
from sqlmodel import select

from tegdesk.core.i18n import translator
from tegdesk.core.models import Participant
from tegdesk.core.services import meeting_base
from tegdesk.core.services.meetings import MeetingService
from tegdesk.ui import messages
from tegdesk.ui.meetings import participants as participants_ui
from tegdesk.ui.meetings.participants import ATTENDED, FOR, NAME, REGISTERED, REQUESTED, ROLE, ParticipantsTab
from tegdesk.ui.roster import participants as shared
from tegdesk.ui.tasks import running_tasks

demo_template, demo_store = meeting_demo.demo_template, meeting_demo.demo_store  # fixtures
db_path = support.db_path  # the main window opens a copy of the demo too


@pytest.fixture(autouse=True)
def _demo_today(monkeypatch):
    monkeypatch.setattr(meeting_base, "today", lambda: TODAY)


def open_tab(qtbot, store, number: int, lang: str = "en") -> ParticipantsTab:
    tab = ParticipantsTab(store, translator(lang))
    qtbot.addWidget(tab)
    tab.resize(1100, 760)
    tab.set_meeting(MeetingService(store).find(f"TEG:{number}").id)
    tab.show()
    qtbot.waitExposed(tab)
    return tab


def column(tab, c: int) -> list[str]:
    return [tab.table.item(r, c).text() for r in range(tab.table.rowCount())]


def in_db(store, participant_id) -> Participant:
    with store.reader() as s:
        return s.exec(select(Participant).where(Participant.id == participant_id)).one()


def choose(tab, name: str):
    row = column(tab, NAME).index(name)
    tab.table.selectRow(row)
    assert tab.funding.row is not None and tab.funding.row.id == tab.selected_id()
    return tab.selected()


def type_funding(qtbot, tab, requested: str, approved: str, currency: str | None = None) -> None:
    panel = tab.funding
    if currency is not None:
        panel.currency.lineEdit().clear()
        qtbot.keyClicks(panel.currency.lineEdit(), currency)
    for edit, text in ((panel.requested, requested), (panel.approved, approved)):
        edit.clear()
        if text:
            qtbot.keyClicks(edit, text)
    qtbot.waitUntil(lambda: not panel.timer.isActive())


# -- adding ------------------------------------------------------------------------------

def test_experts_serving_on_the_meetings_dates_are_added_from_the_roster(qtbot, demo_store):
    tab = open_tab(qtbot, demo_store, 2)
    assert tab.table.rowCount() == 0 and tab.summary.text() == "0 participants"
    eligible = MeetingService(demo_store).eligible_experts(tab.meeting_id)
    picker = tab.add_experts()
    assert picker.isVisible() and picker.list.count() == len(eligible) > 2
    assert not picker.ok_button.isEnabled()
    qtbot.keyClicks(picker.search, "armen")
    shown = [picker.list.item(i).text() for i in range(picker.list.count()) if not picker.list.item(i).isHidden()]
    assert shown == ["Mr. Aram Petrosyan — Armenia"]
    qtbot.mouseClick(picker.all_button, Qt.MouseButton.LeftButton)
    picker.search.clear()
    picker.tick(eligible[1].expert_id)
    assert picker.chosen() == [eligible[0].expert_id, eligible[1].expert_id]
    assert picker.ok_button.text() == "Add 2 experts"
    qtbot.mouseClick(picker.ok_button, Qt.MouseButton.LeftButton)
    assert not picker.isVisible()

    assert column(tab, ROLE) == ["Nominated expert", "Nominated expert"]
    assert column(tab, NAME)[0] == "Mr. Aram Petrosyan" and column(tab, FOR) == ["Armenia", "Australia"]
    assert tab.summary.text() == "2 participants (Nominated expert: 2)"
    assert tab.selected().expert_id == eligible[0].expert_id
    assert len(MeetingService(demo_store).eligible_experts(tab.meeting_id)) == len(eligible) - 2
    assert tab.add_experts().list.count() == len(eligible) - 2


def test_a_representative_and_an_observer_through_the_roster_dialogs(qtbot, demo_store, settle):
    tab = open_tab(qtbot, demo_store, 2)
    dialog = tab.add_representative()
    assert dialog.objectName() == "representative_dialog" and not dialog.meeting.isEnabled()
    assert dialog.meeting.currentData() == tab.meeting_id
    qtbot.keyClicks(dialog.member.lineEdit(), "Thailand")
    qtbot.keyClicks(dialog.topic, "Plastic pollution")
    qtbot.keyClicks(dialog.person.family_name, "Chaiyo")
    settle(dialog)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert column(tab, ROLE) == ["Thematic representative"]
    assert tab.table.item(0, FOR).text() == "Thailand" and tab.selected().topic == "Plastic pollution"

    dialog = tab.add_observer()
    qtbot.keyClicks(dialog.organisation.lineEdit(), "Mekong River Commission")
    qtbot.keyClicks(dialog.person.family_name, "Lim")
    settle(dialog)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert column(tab, ROLE) == ["Thematic representative", "Observer"]
    assert tab.table.item(1, FOR).text() == "Mekong River Commission"


def test_secretariat_staff_are_added_and_not_funded(qtbot, demo_store, settle):
    tab = open_tab(qtbot, demo_store, 2)
    dialog = tab.add_secretariat()
    assert dialog.windowTitle() == "Add secretariat staff" and not dialog.meeting.isEnabled()
    qtbot.keyClicks(dialog.person.family_name, "Pongsiri")
    qtbot.keyClicks(dialog.person.given_names, "Nattaya")
    qtbot.keyClicks(dialog.person.affiliation, "Environment and Development Division")
    settle(dialog)
    assert dialog.save_button.isEnabled(), dialog.errors_label.text()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert column(tab, NAME) == ["Nattaya Pongsiri"] and column(tab, ROLE) == ["Secretariat"]
    assert column(tab, FOR) == ["Environment and Development Division"]

    choose(tab, "Nattaya Pongsiri")
    type_funding(qtbot, tab, "100", "")
    assert "not for the secretariat" in tab.funding.errors_label.text()
    assert not tab.funding.save_button.isEnabled()


def test_removing_asks_first(qtbot, demo_store, monkeypatch):
    tab = open_tab(qtbot, demo_store, 1)
    before = tab.table.rowCount()
    row = choose(tab, "Mr. Vuthy Ly")
    asked = []
    monkeypatch.setattr(shared, "confirm", lambda parent, title, text, yes, no: asked.append(text) or False)
    assert tab.remove() is False and tab.table.rowCount() == before
    assert asked == ["Remove Mr. Vuthy Ly (Nominated expert) from Meeting 1, 14–15 March 2023?"]
    monkeypatch.setattr(shared, "confirm", lambda *args: True)
    assert tab.remove() is True
    assert tab.table.rowCount() == before - 1 and "Mr. Vuthy Ly" not in column(tab, NAME)
    assert in_db(demo_store, row.id).deleted_at is not None


# -- funding (R4) --------------------------------------------------------------------------

def test_approved_above_requested_is_refused_inline_and_the_typed_values_kept(qtbot, demo_store):
    tab = open_tab(qtbot, demo_store, 1)
    row = choose(tab, "Mr. Asad Hussain")
    assert (row.funding_requested, row.funding_approved) == (None, None)
    panel = tab.funding
    assert panel.title() == "Registration and funding of Mr. Asad Hussain"
    assert panel.currency.code() == "USD" and panel.requested.text() == ""

    type_funding(qtbot, tab, "1,500.00", "2,500.00")
    assert panel.errors_label.isVisible()
    assert panel.errors_label.text() == ("• The amount approved cannot exceed the amount requested. "
                                         "(rule R4, terms of reference, paragraph 6)")
    assert panel.highlighted == ["approved"] and not panel.save_button.isEnabled()
    assert panel.save() is False  # asked anyway: refused, nothing written, nothing lost
    assert (panel.requested.text(), panel.approved.text()) == ("1,500.00", "2,500.00")
    assert in_db(demo_store, row.id).funding_approved is None

    type_funding(qtbot, tab, "1,500.00", "1,250.5")
    assert panel.errors_label.isHidden() and panel.save_button.isEnabled()
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    saved = in_db(demo_store, row.id)
    assert (saved.funding_requested, saved.funding_approved, saved.currency) == (150000, 125050, "USD")
    r = column(tab, NAME).index("Mr. Asad Hussain")
    assert tab.table.item(r, REQUESTED).text() == "US$1,500.00" and tab.selected().id == row.id
    assert (panel.requested.text(), panel.approved.text()) == ("1,500.00", "1,250.50")
    assert not panel.is_modified()


@pytest.mark.parametrize(("currency", "requested", "message", "field"), [
    ("XYZ", "100", "• XYZ is not a currency code (ISO 4217, e.g. USD).", "currency"),
    ("USD", "-5", "• An amount of funding cannot be negative. (rule R4, terms of reference, paragraph 6)",
     "requested"),
    ("USD", "12abc", "• Enter the amount as a number, e.g. 2,500.00.", "requested"),
    ("USD", "10.005", "• USD amounts have at most 2 decimals.", "requested"),
    ("JPY", "10.5", "• JPY amounts have no decimals.", "requested"),
])
def test_bad_amounts_and_currencies_are_refused(qtbot, demo_store, currency, requested, message, field):
    tab = open_tab(qtbot, demo_store, 1)
    row = choose(tab, "Mr. Asad Hussain")
    type_funding(qtbot, tab, requested, "", currency)
    assert tab.funding.errors_label.text() == message
    assert tab.funding.highlighted == [field] and not tab.funding.save_button.isEnabled()
    assert tab.funding.requested.text() == requested
    assert in_db(demo_store, row.id).funding_requested is None


def test_totals_per_currency(qtbot, demo_store):
    tab = open_tab(qtbot, demo_store, 1)
    before = MeetingService(demo_store).funding_totals(tab.meeting_id)["USD"]
    choose(tab, "Mr. Asad Hussain")
    type_funding(qtbot, tab, "1,000", "800")
    assert tab.funding.save()
    choose(tab, "Ms. Hannah Parata")
    type_funding(qtbot, tab, "2,000.00", "1,500.00", "EUR")
    assert tab.funding.save()
    requested, approved = before[0] + 100000, before[1] + 80000
    tr = translator("en")
    assert tab.totals.text().splitlines() == [
        "EUR: requested €2,000.00, approved €1,500.00",
        f"USD: requested {tr.money(requested, 'USD')}, approved {tr.money(approved, 'USD')}",
    ]
    assert tab.totals_by_currency() == [("EUR", 200000, 150000), ("USD", requested, approved)]


def test_clearing_the_amounts_clears_the_funding(qtbot, demo_store):
    tab = open_tab(qtbot, demo_store, 1)
    row = choose(tab, "Mr. Vuthy Ly")
    assert tab.funding.requested.text() == "1,877.00"
    type_funding(qtbot, tab, "", "")
    assert tab.funding.save()
    assert in_db(demo_store, row.id).funding_requested is None and in_db(demo_store, row.id).currency is None


def test_choosing_another_participant_with_changes_typed_asks(qtbot, demo_store, monkeypatch):
    tab = open_tab(qtbot, demo_store, 1)
    answers: list[str] = []
    monkeypatch.setattr(messages, "ask_unsaved", lambda parent, tr, answer: answer(answers.pop(0)))
    first = choose(tab, "Mr. Asad Hussain")
    type_funding(qtbot, tab, "300", "")
    assert tab.has_unsaved_changes()
    answers.append("cancel")
    tab.table.selectRow(column(tab, NAME).index("Ms. Hannah Parata"))
    assert tab.selected().id == first.id and tab.funding.requested.text() == "300"
    answers.append("save")
    tab.table.selectRow(column(tab, NAME).index("Ms. Hannah Parata"))
    assert tab.selected().name == "Hannah Parata" and tab.funding.row.name == "Hannah Parata"
    assert in_db(demo_store, first.id).funding_requested == 30000


# -- registration and attendance ----------------------------------------------------------

def test_attendance_ticked_is_saved_at_once(qtbot, demo_store):
    tab = open_tab(qtbot, demo_store, 1)
    r = column(tab, NAME).index("Ms. Hannah Parata")
    pid = tab.table.item(r, NAME).data(Qt.ItemDataRole.UserRole)
    assert tab.table.item(r, ATTENDED).checkState() == Qt.CheckState.Checked
    tab.table.item(r, ATTENDED).setCheckState(Qt.CheckState.Unchecked)  # as a click does
    assert in_db(demo_store, pid).attended is False
    again = open_tab(qtbot, demo_store, 1)
    r = column(again, NAME).index("Ms. Hannah Parata")
    assert again.table.item(r, ATTENDED).checkState() == Qt.CheckState.Unchecked
    again.table.item(r, ATTENDED).setCheckState(Qt.CheckState.Checked)
    assert in_db(demo_store, pid).attended is True


def test_attendance_waits_for_the_meeting_to_start(qtbot, demo_store):
    tab = open_tab(qtbot, demo_store, 2)
    picker = tab.add_experts()
    picker.tick(picker.list.item(0).data(Qt.ItemDataRole.UserRole))
    picker.add()
    item = tab.table.item(0, ATTENDED)
    assert not item.flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert item.toolTip() == "Attendance is recorded once the meeting has started (2 Mar 2027)."


def test_registration_date_is_saved_and_checked(qtbot, demo_store):
    tab = open_tab(qtbot, demo_store, 1)
    row = choose(tab, "Mr. Asad Hussain")
    panel = tab.funding
    panel.registered.edit.setDate(panel.registered.edit.date().addYears(1))
    qtbot.waitUntil(lambda: not panel.timer.isActive())
    assert panel.save_button.isEnabled()
    assert panel.save() is False  # after the meeting ended: the service refuses, the date stays
    assert "registration cannot be later" in panel.errors_label.text()
    assert panel.registered.value() == row.registered_on.replace(year=row.registered_on.year + 1)
    panel.registered.edit.setDate(panel.registered.edit.date().addYears(-1).addDays(-1))
    assert panel.save()
    assert in_db(demo_store, row.id).registered_on == row.registered_on.fromordinal(row.registered_on.toordinal() - 1)
    r = column(tab, NAME).index("Mr. Asad Hussain")
    assert tab.table.item(r, REGISTERED).text() == translator("en").date(in_db(demo_store, row.id).registered_on,
                                                                         "medium")


# -- the list, the interface language -------------------------------------------------------

def test_role_filter(qtbot, demo_store):
    tab = open_tab(qtbot, demo_store, 1)
    tab.role_filter.setCurrentIndex(tab.role_filter.findData("observer"))
    assert column(tab, ROLE) == ["Observer", "Observer"]
    tab.role_filter.setCurrentIndex(0)
    assert tab.table.rowCount() == len(tab.rows) == 27


def test_list_of_participants_opens_in_the_preview(qtbot, demo_store):
    tab = open_tab(qtbot, demo_store, 1)
    dialog = tab.preview_list()
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not running_tasks(), timeout=30_000)  # built off the interface's thread
    assert dialog.isVisible() and dialog.page_count() >= 1
    text = dialog.document.getAllText(0).text()
    assert "List of participants" in text and "Armenia" in text
    assert dialog.notes == [] and dialog.notes_label.isHidden()  # the demo registered the list's symbol
    dialog.set_language("zh")
    qtbot.waitUntil(lambda: not running_tasks(), timeout=30_000)
    assert "亚美尼亚" in dialog.document.getAllText(0).text()


def test_chinese_interface_names_members_and_money(qtbot, demo_store):
    tab = open_tab(qtbot, demo_store, 1, "zh")
    tr = translator("zh")
    r = column(tab, FOR).index("柬埔寨")
    assert tab.table.item(r, REQUESTED).text() == tr.money(187700, "USD")
    assert column(tab, ROLE)[0] == participants_ui.role_name(tr, "expert")
    assert tab.funding.currency.itemText(0) == "USD — 美元"


def test_read_only_database_offers_no_changes(qtbot, demo_store):
    demo_store.read_only = True
    tab = open_tab(qtbot, demo_store, 1)
    assert not any(b.isEnabled() for b in (tab.add_experts_button, tab.add_observer_button,
                                           tab.add_representative_button, tab.add_secretariat_button))
    choose(tab, "Mr. Vuthy Ly")
    assert not tab.remove_button.isEnabled() and not tab.funding.requested.isEnabled()
    assert not tab.table.item(0, ATTENDED).flags() & Qt.ItemFlag.ItemIsUserCheckable


# -- in the main window ---------------------------------------------------------------------

def test_the_tabs_follow_the_meeting_chosen_on_the_meetings_page(window):
    window.show_page("meetings")  # the window's database is a copy of the demo (db_path)
    page = window.page("meetings")
    support.select_meeting(page, "TEG 1")
    tab = page.detail.participants
    assert tab.table.rowCount() == 27 and tab.summary.text().startswith("27 participants")
    assert page.detail.documents_button.isEnabled()
    support.select_meeting(page, "TEG 2")
    assert tab.table.rowCount() == 0 and page.detail.notices.meeting_id == tab.meeting_id
    window.set_language("zh")
    assert tab.add_experts_button.text() == translator("zh").gettext("Add experts…")
    assert tab.table.horizontalHeaderItem(NAME).text() == translator("zh").gettext("Name")
