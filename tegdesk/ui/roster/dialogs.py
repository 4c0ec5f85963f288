"""The roster's action dialogs: nominate, extend a term, withdraw, replace, elect an officer.

Each is a :class:`~tegdesk.ui.roster.checked.CheckedDialog`: it asks the
:class:`~tegdesk.core.services.roster.RosterService` (``save=False``) as the
user types and shows the rules' answer inline before Save.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from tegdesk.core.i18n import N_, Translator
from tegdesk.core.models import MemberState
from tegdesk.core.rules import ONE_DAY, Violation
from tegdesk.core.services.roster import Outcome, RosterRow, RosterService
from tegdesk.core.store import Store
from tegdesk.ui.roster.checked import CheckedDialog, section_label
from tegdesk.ui.roster.names import office_name, person_name, sort_text
from tegdesk.ui.roster.widgets import DateEdit, ExpertFields, OptionalDate, SearchCombo


def _member_items(tr: Translator, members: Iterable[MemberState], names: dict[uuid.UUID, str]) -> list[tuple[str, uuid.UUID]]:
    items = []
    for m in members:
        name = names.get(m.id, m.name_en)
        if m.is_associate:
            name = tr.gettext("{member} (associate member)", member=name)
        items.append((name, m.id))
    return sorted(items, key=lambda item: sort_text(item[0]))


def _row_name(row: RosterRow) -> str:
    return person_name(row.family_name, row.given_names, row.honorific)


class _LetterFields:
    """The nominating member's letter: its reference and date (both optional)."""

    def __init__(self, dialog: CheckedDialog):
        _ = dialog.tr.gettext
        self.ref = QLineEdit()
        self.ref.setObjectName("nomination_ref")
        self.ref.setPlaceholderText(_("e.g. note verbale No. 123/2024"))
        self.date = OptionalDate()
        self.date.setObjectName("nomination_date")
        dialog.form.addRow(_("Nominating letter, reference:"), self.ref)
        dialog.form.addRow(_("Nominating letter, dated:"), self.date)
        self.ref.textChanged.connect(dialog.edited)
        self.date.changed.connect(dialog.edited)

    def arguments(self) -> dict[str, object]:
        return {"nomination_ref": self.ref.text().strip() or None, "nomination_date": self.date.value()}


class NominationDialog(CheckedDialog):
    """A member or associate member nominates an expert (new, or already in the database)."""

    def __init__(self, service: RosterService, store: Store, tr: Translator, *, members: Sequence[MemberState],
                 member_names: dict[uuid.UUID, str], member_id: uuid.UUID | None = None,
                 start: dt.date | None = None, parent: QWidget | None = None):
        super().__init__(service, tr, parent)
        _ = tr.gettext
        self.setObjectName("nomination_dialog")
        self.setWindowTitle(_("Nominate an expert"))
        self.member = SearchCombo()
        self.member.setObjectName("member")
        self.member.set_placeholder(_("Type to search members and associate members"))
        self.member.set_items(_member_items(tr, members, member_names), member_id)
        self.form.addRow(_("Nominated by:"), self.member)
        self.expert = ExpertFields(self.form, store, tr, self.edited)
        self.form.addRow(section_label(_("Term")))
        self.start = DateEdit(start)
        self.start.setObjectName("start_date")
        self.form.addRow(_("Term starts:"), self.start)
        self.end = OptionalDate(start)
        self.end.setObjectName("end_date")
        self.end.check.setText(_("ends earlier than a full term, on"))
        self.form.addRow(_("Term ends:"), self.end)
        self.letter = _LetterFields(self)
        self.member.currentTextChanged.connect(self.edited)
        self.start.dateChanged.connect(self.edited)
        self.end.changed.connect(self.edited)
        self.resize(620, self.sizeHint().height())
        self.check()
        self.member.setFocus()

    def perform(self, save: bool) -> Outcome:
        return self.service.nominate(member_id=self.member.current_id(), start_date=self.start.date_value(),
                                     end_date=self.end.value(), save=save, **self.expert.arguments(),
                                     **self.letter.arguments())

    def fields(self) -> dict[str, QWidget]:
        return {**self.expert.widgets(), "member": self.member, "start_date": self.start, "end_date": self.end,
                "nomination_ref": self.letter.ref, "nomination_date": self.letter.date}

    def show_preview(self, outcome: Outcome) -> None:
        term = outcome.record
        if term is None or outcome.errors:
            self.preview.hide()
            return
        self.preview.setText(self.tr.gettext("The term would run from {start} to {end} (term {number}).",
                                             start=self.tr.date(term.start_date), end=self.tr.date(term.end_date),
                                             number=self.tr.number(term.term_number)))
        self.preview.show()


class ExtensionDialog(CheckedDialog):
    """The nominating member extends its expert's term: the next term starts the day after."""

    def __init__(self, service: RosterService, tr: Translator, row: RosterRow, member_name: str,
                 parent: QWidget | None = None):
        super().__init__(service, tr, parent)
        _ = tr.gettext
        self.row = row
        self.setObjectName("extension_dialog")
        self.setWindowTitle(_("Extend a term"))
        self.intro.setText(_("{name}, nominated by {member}, serves term {number} from {start} to {end}.",
                             name=_row_name(row), member=member_name, number=tr.number(row.term_number),
                             start=tr.date(row.start_date), end=tr.date(row.end_date)))
        self.intro.show()
        self.letter = _LetterFields(self)
        self.resize(560, self.sizeHint().height())
        self.check()

    def perform(self, save: bool) -> Outcome:
        return self.service.extend(self.row.term_id, save=save, **self.letter.arguments())

    def fields(self) -> dict[str, QWidget]:
        return {"start_date": self.preview, "end_date": self.preview, "member": self.preview,
                "nomination_ref": self.letter.ref, "nomination_date": self.letter.date}

    def show_preview(self, outcome: Outcome) -> None:
        term = outcome.record
        if term is None:
            self.preview.hide()
            return
        self.preview.setText(self.tr.gettext("The new term would run from {start} to {end} (term {number}).",
                                             start=self.tr.date(term.start_date), end=self.tr.date(term.end_date),
                                             number=self.tr.number(term.term_number)))
        self.preview.show()


class WithdrawalDialog(CheckedDialog):
    """The member withdraws its expert; the place frees the day after the last day of service."""

    def __init__(self, service: RosterService, tr: Translator, row: RosterRow, member_name: str,
                 last_day: dt.date, parent: QWidget | None = None):
        super().__init__(service, tr, parent)
        _ = tr.gettext
        self.row = row
        self.member_name = member_name
        self.setObjectName("withdrawal_dialog")
        self.setWindowTitle(_("Withdraw an expert"))
        self.intro.setText(_("{member} withdraws {name}, whose term {number} runs from {start} to {end}.",
                             name=_row_name(row), member=member_name, number=tr.number(row.term_number),
                             start=tr.date(row.start_date), end=tr.date(row.end_date)))
        self.intro.show()
        self.last_day = DateEdit(min(max(last_day, row.start_date), row.end_date))
        self.last_day.setObjectName("last_day")
        self.form.addRow(_("Last day of service:"), self.last_day)
        self.last_day.dateChanged.connect(self.edited)
        self.resize(560, self.sizeHint().height())
        self.check()

    def perform(self, save: bool) -> Outcome:
        return self.service.withdraw(self.row.term_id, self.last_day.date_value(), save=save)

    def fields(self) -> dict[str, QWidget]:
        return {"last_day": self.last_day}

    def show_preview(self, outcome: Outcome) -> None:
        if outcome.errors:
            self.preview.hide()
            return
        self.preview.setText(self.tr.gettext("{member} may nominate another expert from {date}.",
                                             member=self.member_name,
                                             date=self.tr.date(self.last_day.date_value() + ONE_DAY)))
        self.preview.show()


class ReplacementDialog(CheckedDialog):
    """Withdraw an expert and nominate the successor in one action (R1 counts them once)."""

    def __init__(self, service: RosterService, store: Store, tr: Translator, row: RosterRow, member_name: str,
                 last_day: dt.date, parent: QWidget | None = None):
        super().__init__(service, tr, parent)
        _ = tr.gettext
        self.row = row
        self.setObjectName("replacement_dialog")
        self.setWindowTitle(_("Replace an expert"))
        self.intro.setText(_("{member} replaces {name}, whose term {number} runs from {start} to {end}. "
                             "The successor starts the day after the last day of service.",
                             name=_row_name(row), member=member_name, number=tr.number(row.term_number),
                             start=tr.date(row.start_date), end=tr.date(row.end_date)))
        self.intro.show()
        self.last_day = DateEdit(min(max(last_day, row.start_date), row.end_date))
        self.last_day.setObjectName("last_day")
        self.form.addRow(_("Last day of {name}:", name=_row_name(row)), self.last_day)
        self.form.addRow(section_label(_("Successor")))
        self.expert = ExpertFields(self.form, store, tr, self.edited, exclude={row.expert_id})
        self.letter = _LetterFields(self)
        self.last_day.dateChanged.connect(self.edited)
        self.resize(620, self.sizeHint().height())
        self.check()

    def perform(self, save: bool) -> Outcome:
        return self.service.replace(self.row.term_id, self.last_day.date_value(), save=save,
                                    **self.expert.arguments(), **self.letter.arguments())

    def fields(self) -> dict[str, QWidget]:
        return {**self.expert.widgets(), "last_day": self.last_day, "start_date": self.last_day,
                "member": self.last_day, "nomination_ref": self.letter.ref, "nomination_date": self.letter.date}

    def show_preview(self, outcome: Outcome) -> None:
        term = outcome.record
        if term is None or outcome.errors:
            self.preview.hide()
            return
        self.preview.setText(self.tr.gettext("The successor's term would run from {start} to {end} (term {number}).",
                                             start=self.tr.date(term.start_date), end=self.tr.date(term.end_date),
                                             number=self.tr.number(term.term_number)))
        self.preview.show()


class ElectionDialog(CheckedDialog):
    """A meeting elects an officer of the Bureau from among the serving experts (R5)."""

    def __init__(self, service: RosterService, tr: Translator, *, serving: Sequence[RosterRow],
                 member_names: dict[uuid.UUID, str], expert_id: uuid.UUID | None = None,
                 parent: QWidget | None = None):
        super().__init__(service, tr, parent)
        _ = tr.gettext
        self.setObjectName("election_dialog")
        self.setWindowTitle(_("Elect an officer"))
        self.tors = service.tor_versions()
        self.meetings = service.meetings()

        self.meeting = QComboBox()
        self.meeting.setObjectName("meeting")
        for m in self.meetings:
            label = _("Meeting {number}, {dates}", number=tr.number(m.number),
                      dates=tr.date_range(m.start_date, m.end_date))
            if m.title:
                label = f"{label} — {m.title}"
            self.meeting.addItem(label, m.id)
        if self.meetings:  # the latest meeting already begun, else the first one planned
            begun = [i for i, m in enumerate(self.meetings) if m.start_date <= dt.date.today()]
            self.meeting.setCurrentIndex(begun[-1] if begun else 0)
        else:
            self.meeting.setPlaceholderText(_("No meeting recorded yet"))
        self.office = QComboBox()
        self.office.setObjectName("office")
        self.expert = SearchCombo()
        self.expert.setObjectName("expert")
        self.expert.set_placeholder(_("Type to search serving experts"))
        people: dict[uuid.UUID, str] = {}
        self.names: dict[uuid.UUID, str] = {}
        for r in sorted(serving, key=lambda r: (sort_text(r.family_name), sort_text(r.given_names))):
            member = member_names.get(r.member_id, r.member)
            people.setdefault(r.expert_id, f"{_row_name(r)} ({member})")
            self.names.setdefault(r.expert_id, _row_name(r))
        self.expert.set_items([(label, eid) for eid, label in people.items()], expert_id)
        self.form.addRow(_("Elected at:"), self.meeting)
        self.form.addRow(_("Office:"), self.office)
        self.form.addRow(_("Expert:"), self.expert)
        self._fill_offices()
        self.meeting.currentIndexChanged.connect(self._fill_offices)
        self.meeting.currentIndexChanged.connect(self.edited)
        self.office.currentIndexChanged.connect(self.edited)
        self.expert.currentTextChanged.connect(self.edited)
        self.resize(600, self.sizeHint().height())
        self.check()

    def _fill_offices(self) -> None:
        """The offices of the ToR in force on the meeting's date (R10)."""
        day = self._meeting_day() or dt.date.today()
        in_force = [t for t in self.tors if t.effective_date <= day] or self.tors
        codes = list(in_force[-1].bureau_offices) if in_force else []
        current = self.office.currentData()
        self.office.blockSignals(True)
        self.office.clear()
        for code in codes:
            self.office.addItem(office_name(self.tr, code), code)
        index = self.office.findData(current) if current is not None else -1
        self.office.setCurrentIndex(max(index, 0) if codes else -1)
        self.office.blockSignals(False)

    def _meeting_day(self) -> dt.date | None:
        meeting_id = self.meeting.currentData()
        return next((m.start_date for m in self.meetings if m.id == meeting_id), None)

    def perform(self, save: bool) -> Outcome:
        expert_id = self.expert.current_id()
        if expert_id is None:
            return Outcome(violations=[Violation("", "", N_("Choose the expert to elect."), field="expert")])
        return self.service.elect(office=self.office.currentData() or "", expert_id=expert_id,
                                  meeting_id=self.meeting.currentData(), save=save)

    def fields(self) -> dict[str, QWidget]:
        return {"office": self.office, "expert": self.expert, "meeting": self.meeting, "end_date": self.office,
                "start_date": self.meeting}

    def show_preview(self, outcome: Outcome) -> None:
        holding = outcome.record
        if holding is None or outcome.errors:
            self.preview.hide()
            return
        self.preview.setText(self.tr.gettext(
            "{name} would hold the office of {office} from {start} to {end}.",
            name=self.names.get(holding.expert_id, self.expert.currentText()),
            office=office_name(self.tr, holding.office), start=self.tr.date(holding.start_date),
            end=self.tr.date(holding.end_date)))
        self.preview.show()
