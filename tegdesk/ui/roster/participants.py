"""Representatives and observers of a meeting (R2, R12), from the roster page.

:class:`ParticipantsDialog` lists, for one meeting of the body, the thematic
representatives designated by members and associate members (member, name,
topic) and the observers (organisation, name), and adds or removes them.
The add dialogs are :class:`~tegdesk.ui.roster.checked.CheckedDialog`\\ s: the
:class:`~tegdesk.core.services.participants.ParticipantService` checks the form
(``save=False``) as the user types and the rules' answer shows before Save.

The meeting's Participants tab (``tegdesk.ui.meetings.participants``) opens the
same add dialogs for its meeting, and builds its secretariat dialog from
:class:`ParticipantDialog` and :class:`PersonFields`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tegdesk.core.i18n import Translator
from tegdesk.core.models import Meeting, MeetingStatus, Organisation, Participant, ParticipantRole
from tegdesk.core.services.participants import (
    ORGANISATION_REQUIRED,
    TOPIC_REQUIRED,
    ParticipantOutcome,
    ParticipantService,
)
from tegdesk.core.services.roster import Outcome
from tegdesk.ui import messages
from tegdesk.ui.dialogs import open_dialog
from tegdesk.ui.language import select_row
from tegdesk.ui.roster.checked import CheckedDialog, section_label
from tegdesk.ui.roster.dialogs import _member_items
from tegdesk.ui.roster.names import person_name
from tegdesk.ui.roster.widgets import InfoLabel, SearchCombo, email_edit, person_name_edits

#: Messages that only say an empty field is required: not shown before the user has typed.
_REQUIRED = {TOPIC_REQUIRED, ORGANISATION_REQUIRED}
#: Rows a participants table shows before it scrolls.
TABLE_ROWS = 5


def meeting_label(tr: Translator, meeting: Meeting) -> str:
    label = tr.gettext("Meeting {number}, {dates}", number=tr.number(meeting.number),
                       dates=tr.date_range(meeting.start_date, meeting.end_date))
    if meeting.status == MeetingStatus.CANCELLED:
        label = tr.gettext("{meeting} (cancelled)", meeting=label)
    return label


def default_meeting(meetings: Sequence[Meeting], today: dt.date | None = None) -> uuid.UUID | None:
    """The next meeting not cancelled (representatives are designated ahead), else the latest."""
    today = today or dt.date.today()
    live = [m for m in meetings if m.status != MeetingStatus.CANCELLED]
    ahead = [m for m in live if m.end_date >= today]
    if ahead:
        return min(ahead, key=lambda m: m.start_date).id
    if live or meetings:
        return max(live or meetings, key=lambda m: m.start_date).id
    return None


def organisation_label(org: Organisation) -> str:
    return f"{org.name} ({org.acronym})" if org.acronym and org.acronym != org.name else org.name


def confirm(parent: QWidget, title: str, text: str, yes: str, no: str) -> bool:
    """Ask before an action (tests replace this function)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(box.addButton(no, QMessageBox.ButtonRole.RejectRole))
    box.exec()
    return box.clickedButton() is yes_button


class MeetingCombo(QComboBox):
    def __init__(self, tr: Translator, meetings: Sequence[Meeting], current: uuid.UUID | None):
        super().__init__()
        self.setObjectName("meeting")
        for m in meetings:
            self.addItem(meeting_label(tr, m), m.id)
        if not meetings:
            self.setPlaceholderText(tr.gettext("No meeting recorded yet"))
        self.setCurrentIndex(self.index_of(current))

    def index_of(self, meeting_id: uuid.UUID | None) -> int:
        """The row of a meeting (``findData`` compares Python objects by identity, ids by value here)."""
        return next((i for i in range(self.count()) if meeting_id is not None and self.itemData(i) == meeting_id), -1)


class PersonFields:
    """Family name, given names, honorific, affiliation and e-mail of someone not on the roster."""

    def __init__(self, dialog: CheckedDialog):
        _ = dialog.tr.gettext
        self.family_name, self.given_names, self.honorific = person_name_edits()
        self.affiliation = QLineEdit()
        self.affiliation.setObjectName("affiliation")
        self.email = email_edit()
        honorific_row = QWidget()
        row = QHBoxLayout(honorific_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.honorific)
        row.addStretch(1)
        for label, widget in ((_("Family name:"), self.family_name), (_("Given names:"), self.given_names),
                              (_("Honorific:"), honorific_row), (_("Affiliation:"), self.affiliation),
                              (_("E-mail:"), self.email)):
            dialog.form.addRow(label, widget)
        for edit in (self.family_name, self.given_names, self.affiliation, self.email):
            edit.textChanged.connect(dialog.edited)
        self.honorific.currentTextChanged.connect(dialog.edited)

    def arguments(self) -> dict[str, str | None]:
        return {"family_name": self.family_name.text().strip(), "given_names": self.given_names.text().strip(),
                "honorific": self.honorific.currentText().strip() or None,
                "affiliation": self.affiliation.text().strip() or None, "email": self.email.text().strip() or None}

    def name(self) -> str:
        args = self.arguments()
        return person_name(args["family_name"] or "", args["given_names"] or "", args["honorific"] or "")

    def widgets(self) -> dict[str, QWidget]:
        return {"family_name": self.family_name, "given_names": self.given_names, "email": self.email,
                "affiliation": self.affiliation}


class ParticipantDialog(CheckedDialog):
    """What the two add dialogs share: the meeting, the person, quiet "required" messages at first."""

    def __init__(self, service: ParticipantService, tr: Translator, meetings: Sequence[Meeting],
                 meeting_id: uuid.UUID | None, parent: QWidget | None):
        super().__init__(service, tr, parent)  # type: ignore[arg-type]  # any service with save=False checks
        self.participants = service
        self.meetings = {m.id: m for m in meetings}
        self.meeting = MeetingCombo(tr, meetings, meeting_id)
        self.form.addRow(tr.gettext("Meeting:"), self.meeting)
        self.meeting.currentIndexChanged.connect(self.edited)

    def show_outcome(self, outcome: Outcome) -> None:
        if self._edited:
            super().show_outcome(outcome)
            return
        # Before the first edit, "enter the topic" would only nag; Save still waits for it.
        quiet = Outcome(violations=[v for v in outcome.violations if v.message not in _REQUIRED],
                        record=outcome.record)
        super().show_outcome(quiet)
        self.outcome = outcome
        self.save_button.setEnabled(outcome.ok)

    def fix_meeting(self) -> None:
        """Opened from one meeting (its Participants tab): the meeting cannot be changed here."""
        self.meeting.setEnabled(False)

    def meeting_number(self) -> str:
        meeting = self.meetings.get(self.meeting.currentData())
        return self.tr.number(meeting.number) if meeting else ""


class RepresentativeDialog(ParticipantDialog):
    """A member or associate member designates a representative for one meeting and one topic (R2)."""

    def __init__(self, service: ParticipantService, tr: Translator, *, meetings: Sequence[Meeting],
                 meeting_id: uuid.UUID | None, member_names: dict[uuid.UUID, str],
                 parent: QWidget | None = None):
        super().__init__(service, tr, meetings, meeting_id, parent)
        _ = tr.gettext
        self.setObjectName("representative_dialog")
        self.setWindowTitle(_("Add a thematic representative"))
        self.member_names = member_names
        self.intro.setText(_("A member or associate member may designate a national expert as its representative "
                             "for one meeting and a specific topic. Representatives are not counted among its "
                             "nominated experts."))
        self.intro.show()
        self.member = SearchCombo()
        self.member.setObjectName("member")
        self.member.set_placeholder(_("Type to search members and associate members"))
        self.member.set_items(_member_items(tr, service.members(), member_names))
        self.form.addRow(_("Designated by:"), self.member)
        self.topic = QLineEdit()
        self.topic.setObjectName("topic")
        self.topic.setPlaceholderText(_("e.g. air quality monitoring networks"))
        self.form.addRow(_("Topic:"), self.topic)
        self.form.addRow(section_label(_("Representative")))
        self.person = PersonFields(self)
        self.member.currentTextChanged.connect(self.edited)
        self.topic.textChanged.connect(self.edited)
        self.resize(600, self.sizeHint().height())
        self.check()
        self.member.setFocus()

    def perform(self, save: bool) -> ParticipantOutcome:
        return self.participants.designate_representative(
            self.meeting.currentData(), self.member.current_id(), topic=self.topic.text(), save=save,
            **self.person.arguments())

    def fields(self) -> dict[str, QWidget]:
        return {**self.person.widgets(), "meeting": self.meeting, "member": self.member, "topic": self.topic}

    def show_preview(self, outcome: Outcome) -> None:
        p = outcome.record
        if p is None or outcome.errors:
            self.preview.hide()
            return
        self.preview.setText(self.tr.gettext(
            "{name} would represent {member} at meeting {number} on the topic “{topic}”.",
            name=self.person.name(), member=self.member_names.get(p.member_id, self.member.currentText()),
            number=self.meeting_number(), topic=p.topic))
        self.preview.show()


class ObserverDialog(ParticipantDialog):
    """An observer of the major groups and other stakeholders, for an organisation (R12)."""

    def __init__(self, service: ParticipantService, tr: Translator, *, meetings: Sequence[Meeting],
                 meeting_id: uuid.UUID | None, parent: QWidget | None = None):
        super().__init__(service, tr, meetings, meeting_id, parent)
        _ = tr.gettext
        self.setObjectName("observer_dialog")
        self.setWindowTitle(_("Add an observer"))
        self.intro.setText(_("Observers take part for major groups and other stakeholders. Choose their "
                             "organisation, or type a new name to add it to the list of organisations."))
        self.intro.show()
        self.organisation = SearchCombo()
        self.organisation.setObjectName("organisation")
        self.organisation.set_placeholder(_("Type to search organisations, or a new name"))
        self.organisation.set_items([(organisation_label(o), o.id) for o in service.organisations()])
        self.form.addRow(_("Organisation:"), self.organisation)
        self.form.addRow(section_label(_("Observer")))
        self.person = PersonFields(self)
        self.organisation.currentTextChanged.connect(self.edited)
        self.resize(600, self.sizeHint().height())
        self.check()
        self.organisation.setFocus()

    def perform(self, save: bool) -> ParticipantOutcome:
        org_id = self.organisation.current_id()
        name = None if org_id is not None else self.organisation.currentText().strip()
        return self.participants.add_observer(self.meeting.currentData(), organisation_id=org_id,
                                              organisation_name=name, save=save, **self.person.arguments())

    def fields(self) -> dict[str, QWidget]:
        return {**self.person.widgets(), "meeting": self.meeting, "organisation": self.organisation}

    def show_preview(self, outcome: Outcome) -> None:
        if outcome.record is None or outcome.errors:
            self.preview.hide()
            return
        _ = self.tr.gettext
        new = getattr(outcome, "new_organisation", None)
        org = self.organisation.currentText().strip()
        text = _("{name} would attend meeting {number} as an observer for {organisation}.",
                 name=self.person.name(), number=self.meeting_number(), organisation=org)
        if new is not None:
            text += "\n" + _("“{organisation}” is not in the list of organisations yet; saving adds it.",
                             organisation=new.name)
        self.preview.setText(text)
        self.preview.show()


def participant_table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    header = table.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    rows = table.verticalHeader().defaultSectionSize()
    table.setMinimumHeight(header.sizeHint().height() + rows * TABLE_ROWS + 2 * table.frameWidth() + 2)
    return table


class ParticipantsDialog(QDialog):
    """A meeting's thematic representatives and observers; add and remove them."""

    def __init__(self, service: ParticipantService, tr: Translator, *, member_names: dict[uuid.UUID, str],
                 read_only: bool = False, meeting_id: uuid.UUID | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        _ = tr.gettext
        self.service = service
        self.tr = tr
        self.member_names = member_names
        self.read_only = read_only
        self.dialog: QDialog | None = None  # the add dialog opened last (kept for tests)
        self.setObjectName("participants_dialog")
        self.setWindowTitle(_("Representatives and observers"))
        self.setSizeGripEnabled(True)
        self.meetings = service.meetings()
        self.organisations: dict[uuid.UUID, Organisation] = {}

        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        intro = InfoLabel(_("Besides the nominated experts, a meeting may hear thematic representatives, "
                            "designated by a member or associate member for a specific topic (terms of reference, "
                            "paragraph 4), and observers of major groups and other stakeholders (paragraph 3)."))
        intro.setObjectName("intro")
        layout.addWidget(intro)
        top = QHBoxLayout()
        self.meeting = MeetingCombo(tr, self.meetings, meeting_id or default_meeting(self.meetings))
        self.meeting.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        meeting_label = QLabel(_("Meeting:"))
        meeting_label.setBuddy(self.meeting)
        top.addWidget(meeting_label)
        top.addWidget(self.meeting)
        top.addStretch(1)
        layout.addLayout(top)

        self.representatives_label = section_label("")
        layout.addWidget(self.representatives_label)
        self.representatives = participant_table([_("Designated by"), _("Name"), _("Topic")], "representatives")
        layout.addWidget(self.representatives, 3)
        self.observers_label = section_label("")
        layout.addWidget(self.observers_label)
        self.observers = participant_table([_("Organisation"), _("Name")], "observers")
        layout.addWidget(self.observers, 2)

        actions = QHBoxLayout()
        self.add_representative_button = QPushButton(_("Add representative…"))
        self.add_representative_button.setObjectName("add_representative")
        self.add_observer_button = QPushButton(_("Add observer…"))
        self.add_observer_button.setObjectName("add_observer")
        self.remove_button = QPushButton(_("Remove…"))
        self.remove_button.setObjectName("remove")
        for button in (self.add_representative_button, self.add_observer_button, self.remove_button):
            button.setAutoDefault(False)
            actions.addWidget(button)
        actions.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        close.rejected.connect(self.reject)
        actions.addWidget(close)
        layout.addLayout(actions)

        self.add_representative_button.clicked.connect(lambda: self.add_representative())
        self.add_observer_button.clicked.connect(lambda: self.add_observer())
        self.remove_button.clicked.connect(lambda: self.remove())
        self.meeting.currentIndexChanged.connect(lambda _i: self.refresh())
        for table, other in ((self.representatives, self.observers), (self.observers, self.representatives)):
            table.itemSelectionChanged.connect(lambda t=table, o=other: self._selected(t, o))
        self.refresh()
        self.resize(760, self.sizeHint().height())

    # -- data -------------------------------------------------------------------------
    def meeting_id(self) -> uuid.UUID | None:
        return self.meeting.currentData()

    def refresh(self) -> None:
        tr, _ = self.tr, self.tr.gettext
        self.organisations = {o.id: o for o in self.service.organisations()}
        meeting_id = self.meeting_id()
        found = self.service.list(meeting_id) if meeting_id is not None else []
        reps = [p for p in found if p.role == ParticipantRole.THEMATIC_REPRESENTATIVE]
        observers = [p for p in found if p.role == ParticipantRole.OBSERVER]
        self._fill(self.representatives, reps, lambda p: [
            self.member_names.get(p.member_id, ""), self._name(p), p.topic or ""])
        self._fill(self.observers, observers, lambda p: [
            organisation_label(self.organisations[p.organisation_id]) if p.organisation_id in self.organisations
            else "", self._name(p)])
        self.representatives_label.setText(_("Thematic representatives ({count})", count=tr.number(len(reps))))
        self.observers_label.setText(_("Observers ({count})", count=tr.number(len(observers))))
        self._update_buttons()

    @staticmethod
    def _name(p: Participant) -> str:
        return person_name(p.family_name or "", p.given_names or "", p.honorific or "")

    def _fill(self, table: QTableWidget, people: list[Participant], values) -> None:
        table.clearSelection()
        table.setRowCount(len(people))
        for r, p in enumerate(people):
            details = "\n".join(x for x in (p.affiliation, p.email) if x)
            for c, value in enumerate(values(p)):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, p.id)
                item.setToolTip("\n".join(x for x in (value, details) if x))
                table.setItem(r, c, item)
        header = table.horizontalHeader()
        width = table.viewport().width() or 700
        for c in range(table.columnCount() - 1):  # the last column stretches
            table.resizeColumnToContents(c)
            share = 0.55 if table.columnCount() == 2 else 0.3
            table.setColumnWidth(c, min(max(table.columnWidth(c) + 16, 140), int(width * share)))
        header.setStretchLastSection(True)

    def _selected(self, table: QTableWidget, other: QTableWidget) -> None:
        if table.selectedItems():
            other.blockSignals(True)
            other.clearSelection()
            other.blockSignals(False)
        self._update_buttons()

    def selected(self) -> Participant | None:
        for table in (self.representatives, self.observers):
            items = table.selectedItems()
            if items:
                pid = items[0].data(Qt.ItemDataRole.UserRole)
                return next((p for p in self.service.list(self.meeting_id()) if p.id == pid), None)
        return None

    def _update_buttons(self) -> None:
        _ = self.tr.gettext
        meeting = next((m for m in self.meetings if m.id == self.meeting_id()), None)
        open_ = meeting is not None and meeting.status != MeetingStatus.CANCELLED
        for button in (self.add_representative_button, self.add_observer_button):
            button.setEnabled(open_ and not self.read_only)
            button.setToolTip("" if open_ or meeting is None else _("The meeting was cancelled."))
        chosen = any(t.selectedItems() for t in (self.representatives, self.observers))
        self.remove_button.setEnabled(chosen and not self.read_only)

    # -- actions ------------------------------------------------------------------------
    def _open(self, dialog: QDialog) -> QDialog:
        return open_dialog(self, dialog, self._added)

    def _added(self) -> None:
        outcome = getattr(self.dialog, "saved_outcome", None)
        record = getattr(outcome, "record", None)
        meeting_id = getattr(record, "meeting_id", None)
        if meeting_id is not None and meeting_id != self.meeting_id():
            self.meeting.setCurrentIndex(self.meeting.index_of(meeting_id))  # refreshes
        else:
            self.refresh()
        if record is not None:
            self.select(record.id)

    def select(self, participant_id: uuid.UUID) -> bool:
        for table in (self.representatives, self.observers):
            for r in range(table.rowCount()):
                if table.item(r, 0).data(Qt.ItemDataRole.UserRole) == participant_id:
                    select_row(table, r)
                    return True
        return False

    def add_representative(self) -> RepresentativeDialog:
        return self._open(RepresentativeDialog(  # type: ignore[return-value]
            self.service, self.tr, meetings=self.meetings, meeting_id=self.meeting_id(),
            member_names=self.member_names, parent=self))

    def add_observer(self) -> ObserverDialog:
        return self._open(ObserverDialog(  # type: ignore[return-value]
            self.service, self.tr, meetings=self.meetings, meeting_id=self.meeting_id(), parent=self))

    def remove(self) -> bool:
        """Remove the selected participant, once the user confirms (a soft delete)."""
        p = self.selected()
        if p is None:
            return False
        _ = self.tr.gettext
        meeting = next((m for m in self.meetings if m.id == p.meeting_id), None)
        number = self.tr.number(meeting.number) if meeting else ""
        if p.role == ParticipantRole.THEMATIC_REPRESENTATIVE:
            question = _("Remove {name}, representative of {member} on “{topic}”, from meeting {number}?",
                         name=self._name(p), member=self.member_names.get(p.member_id, ""), topic=p.topic or "",
                         number=number)
        else:
            question = _("Remove the observer {name} from meeting {number}?", name=self._name(p), number=number)
        if not confirm(self, _("Remove a participant"), question, _("Remove"), _("Cancel")):
            return False
        outcome = self.service.remove(p.id)
        if not outcome.saved:
            messages.warn(self, _("Not removed"), "\n".join(v.text(self.tr) for v in outcome.violations))
        self.refresh()
        return outcome.saved
