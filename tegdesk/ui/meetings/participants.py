"""The Participants tab of a meeting: who takes part, their registration,
attendance and the funding of their participation (R4).

One table lists everyone: the nominated experts (added from the roster: those
serving on the meeting's dates), thematic representatives designated by a
member for a topic (R2) and observers for an organisation (R12) (the roster's
add dialogs, fixed to this meeting), and secretariat staff. The Attended
column is a check box that saves at once; the panel under the table edits the
selected participant's registration date and funding, checked as typed; the
totals per currency sum the funding. The list of participants opens as a
document in the preview.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tegdesk.core.errors import UserError
from tegdesk.core.i18n import N_, Translator
from tegdesk.core.models import MeetingStatus, ParticipantRole
from tegdesk.core.services import meeting_base
from tegdesk.core.services.meetings import MeetingService
from tegdesk.core.services.participants import ParticipantService
from tegdesk.core.store import Store
from tegdesk.ui import messages
from tegdesk.ui.dialogs import open_dialog
from tegdesk.ui.language import select_row
from tegdesk.ui.meetings.funding import FundingPanel, money
from tegdesk.ui.meetings.participant_dialogs import ExpertPickerDialog, SecretariatDialog
from tegdesk.ui.roster import participants as shared
from tegdesk.ui.roster.checked import section_label
from tegdesk.ui.roster.names import member_names, person_name, short_date

ROLE_NAMES = {
    ParticipantRole.EXPERT: N_("Nominated expert"),
    ParticipantRole.THEMATIC_REPRESENTATIVE: N_("Thematic representative"),
    ParticipantRole.OBSERVER: N_("Observer"),
    ParticipantRole.SECRETARIAT: N_("Secretariat"),
}
#: The role filter: every role, then one at a time.
ALL_ROLES = ""

#: Table columns.
ROLE, NAME, FOR, TOPIC, REGISTERED, ATTENDED, REQUESTED, APPROVED = range(8)
_HEADERS = (N_("Role"), N_("Name"), N_("Member or organisation"), N_("Topic"), N_("Registered"),
            N_("Attended"), N_("Requested"), N_("Approved"))


def role_name(tr: Translator, role: str) -> str:
    return tr.gettext(ROLE_NAMES[role]) if role in ROLE_NAMES else str(role)


class ParticipantsTab(QWidget):
    """Participants of one meeting: experts, representatives, observers, secretariat; registration,
    attendance and funding."""

    def __init__(self, store: Store, tr: Translator, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("participants_tab")
        self.store = store
        self.translator = tr
        self.meeting_id: uuid.UUID | None = None
        self.rows: list[Any] = []
        self.member_names: dict[uuid.UUID, str] = {}  # in the interface's language
        self._natural: list[int] = []  # the columns' widths for their contents
        self.dialog: QDialog | None = None  # the add dialog opened last (kept for tests)
        self.preview_dialog = None
        self.unsaved_question = None  # "Save the changes you made?" while it is asked
        self._services()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(8)
        top = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        top.addWidget(self.summary, 1)
        self.role_label = QLabel()
        self.role_filter = QComboBox()
        self.role_filter.setObjectName("role_filter")
        self.role_label.setBuddy(self.role_filter)
        top.addWidget(self.role_label)
        top.addWidget(self.role_filter)
        layout.addLayout(top)

        self.table = shared.participant_table(list(_HEADERS), "participants")
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.viewport().installEventFilter(self)
        layout.addWidget(self.table, 1)

        actions = QHBoxLayout()
        self.add_experts_button = QPushButton()
        self.add_experts_button.setObjectName("add_experts")
        self.add_representative_button = QPushButton()
        self.add_representative_button.setObjectName("add_representative")
        self.add_observer_button = QPushButton()
        self.add_observer_button.setObjectName("add_observer")
        self.add_secretariat_button = QPushButton()
        self.add_secretariat_button.setObjectName("add_secretariat")
        self.remove_button = QPushButton()
        self.remove_button.setObjectName("remove")
        self.list_button = QPushButton()
        self.list_button.setObjectName("list_of_participants")
        for button in (self.add_experts_button, self.add_representative_button, self.add_observer_button,
                       self.add_secretariat_button, self.remove_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.list_button)
        layout.addLayout(actions)

        bottom = QHBoxLayout()
        self.funding = FundingPanel(self.service, tr)
        bottom.addWidget(self.funding, 3)
        self.totals = QLabel()
        self.totals.setObjectName("totals")
        self.totals.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.totals.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.totals.setWordWrap(True)
        self.totals_box = QVBoxLayout()
        self.totals_title = section_label("")
        self.totals_box.addWidget(self.totals_title)
        self.totals_box.addWidget(self.totals)
        self.totals_box.addStretch(1)
        bottom.addLayout(self.totals_box, 2)
        layout.addLayout(bottom)

        self.add_experts_button.clicked.connect(lambda: self.add_experts())
        self.add_representative_button.clicked.connect(lambda: self.add_representative())
        self.add_observer_button.clicked.connect(lambda: self.add_observer())
        self.add_secretariat_button.clicked.connect(lambda: self.add_secretariat())
        self.remove_button.clicked.connect(lambda: self.remove())
        self.list_button.clicked.connect(lambda: self.preview_list())
        self.role_filter.currentIndexChanged.connect(lambda _i: self._fill())
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.itemChanged.connect(self._item_changed)
        self.funding.saved.connect(self._funding_saved)

        self.retranslate(tr)  # fills the table too

    def _services(self) -> None:
        self.service = MeetingService(self.store)
        self.participants = ParticipantService(self.store, self.service.body_code)

    # -- the contract with the meeting detail -----------------------------------------
    def set_meeting(self, meeting_id: uuid.UUID | None) -> None:
        self.meeting_id = meeting_id
        self.refresh()

    def set_store(self, store: Store) -> None:
        self.store = store
        self.meeting_id = None
        self._services()
        self.funding.service = self.service
        self.member_names = {}
        self.refresh()

    def retranslate(self, tr: Translator) -> None:
        self.translator = tr
        _ = tr.gettext
        self.table.setHorizontalHeaderLabels([_(h) for h in _HEADERS])
        for column, tip in ((REQUESTED, _("Funding of participation requested")),
                            (APPROVED, _("Funding of participation approved"))):
            self.table.horizontalHeaderItem(column).setToolTip(tip)
        self.role_label.setText(_("Show:"))
        current = self.role_filter.currentData()
        self.role_filter.blockSignals(True)
        self.role_filter.clear()
        self.role_filter.addItem(_("Everyone"), ALL_ROLES)
        for role in ROLE_NAMES:
            self.role_filter.addItem(role_name(tr, role), role.value)
        self.role_filter.setCurrentIndex(max(self.role_filter.findData(current), 0))
        self.role_filter.blockSignals(False)
        self.add_experts_button.setText(_("Add experts…"))
        self.add_representative_button.setText(_("Add representative…"))
        self.add_observer_button.setText(_("Add observer…"))
        self.add_secretariat_button.setText(_("Add secretariat staff…"))
        self.remove_button.setText(_("Remove…"))
        self.list_button.setText(_("List of participants…"))
        self.totals_title.setText(_("Funding of participation"))
        self.funding.retranslate(tr)
        self.member_names = {}
        self.refresh()

    # -- reading ----------------------------------------------------------------------
    def meeting(self) -> Any:
        if self.meeting_id is None:
            return None
        try:
            return self.service.get(self.meeting_id)
        except UserError:
            return None

    def refresh(self) -> None:
        """Read the meeting's participants again, keeping the selection."""
        chosen = self.selected_id()
        meeting = self.meeting()
        self.rows = list(self.service.participants(meeting.id)) if meeting is not None else []
        if self.rows and not self.member_names:
            self.member_names = member_names(self.translator, self.participants.members())
        self._fill(select=chosen)
        self._show_summary()
        self._show_totals()
        self._update_buttons()

    def visible_rows(self) -> list[Any]:
        role = self.role_filter.currentData()
        return [r for r in self.rows if not role or r.role == role]

    def _fill(self, select: uuid.UUID | None = None) -> None:
        tr = self.translator
        select = select if select is not None else self.selected_id()
        rows = self.visible_rows()
        self.table.blockSignals(True)
        self.table.clearSelection()
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            values = {ROLE: role_name(tr, row.role), NAME: self.name(row),
                      FOR: self.member_names.get(row.member_id) or row.member or row.organisation or row.affiliation,
                      TOPIC: row.topic or "",
                      REGISTERED: short_date(tr, row.registered_on), ATTENDED: "",
                      REQUESTED: money(tr, row.funding_requested, row.currency),
                      APPROVED: money(tr, row.funding_approved, row.currency)}
            for c, value in values.items():
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, row.id)
                if c in (REQUESTED, APPROVED):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if c == ATTENDED:
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    item.setCheckState(Qt.CheckState.Checked if row.attended else Qt.CheckState.Unchecked)
                    item.setToolTip(self._attendance_tip(row.attended))
                elif c == NAME:
                    item.setToolTip("\n".join(x for x in (self.name(row), row.affiliation, row.email) if x))
                else:
                    item.setToolTip(value)
                self.table.setItem(r, c, item)
        self.table.blockSignals(False)
        self._fit_columns()
        if select is not None and not self.select(select):
            self.funding.show_row(None)
        elif select is None:
            self.funding.show_row(None)
        self._update_buttons()

    @staticmethod
    def name(row: Any) -> str:
        return person_name(row.family_name, row.given_names, row.honorific)

    def attendance_closed(self) -> str | None:
        """Why attendance cannot be recorded now (a meeting not started, or cancelled), or None."""
        meeting = self.meeting()
        _ = self.translator.gettext
        if meeting is None:
            return None
        if meeting.status == MeetingStatus.CANCELLED:
            return _("The meeting was cancelled.")
        if meeting.start_date > meeting_base.today():
            return _("Attendance is recorded once the meeting has started ({date}).",
                     date=short_date(self.translator, meeting.start_date))
        return None

    def _attendance_tip(self, attended: bool | None) -> str:
        _ = self.translator.gettext
        closed = self.attendance_closed()
        if closed:
            return closed
        if attended is None:
            return _("Attendance not recorded")
        return _("Attended") if attended else _("Did not attend")

    def _fit_columns(self, *, measure: bool = True) -> None:
        """Columns as wide as their contents; when they do not fit, the long texts give way first,
        and spare width goes to the name, member and topic columns."""
        if measure or not self._natural:
            self.table.resizeColumnsToContents()
            self._natural = [self.table.columnWidth(c) + 14 for c in range(self.table.columnCount())]
        widths = list(self._natural)
        width = self.table.viewport().width() or 900
        flexible = (NAME, FOR, TOPIC)
        fixed = sum(w for c, w in enumerate(widths) if c not in flexible)
        room = max(width - fixed, 3 * 90)
        # water-filling: a narrow column keeps its width, the wide ones share what is left
        left = room
        ordered = sorted(flexible, key=lambda c: widths[c])
        for i, c in enumerate(ordered):
            widths[c] = max(90, min(widths[c], left // (len(ordered) - i)))
            left -= widths[c]
        if left > 0:  # everything fits: the spare width goes to the topic
            widths[TOPIC] += left
        for c, w in enumerate(widths):
            self.table.setColumnWidth(c, w)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns(measure=False)  # the table's width changed: share it again
        return super().eventFilter(watched, event)

    def _show_summary(self) -> None:
        tr, _ = self.translator, self.translator.gettext
        if self.meeting_id is None:
            self.summary.setText(_("Choose a meeting to see its participants."))
            return
        counts = {role: sum(1 for r in self.rows if r.role == role) for role in ROLE_NAMES}
        parts = [f"{role_name(tr, role)}: {tr.number(n)}" for role, n in counts.items() if n]
        total = tr.ngettext("{count} participant", "{count} participants", len(self.rows),
                            count=tr.number(len(self.rows)))
        attended = sum(1 for r in self.rows if r.attended)
        text = total + (f" ({tr.gettext(', ').join(parts)})" if parts else "")
        if attended:
            text += " · " + tr.ngettext("{count} attended", "{count} attended", attended, count=tr.number(attended))
        self.summary.setText(text)

    def totals_by_currency(self) -> list[tuple[str, int, int]]:
        """(currency, requested, approved) in minor units, from the service."""
        if self.meeting_id is None:
            return []
        return [(code, requested, approved)
                for code, (requested, approved) in self.service.funding_totals(self.meeting_id).items()]

    def _show_totals(self) -> None:
        tr, _ = self.translator, self.translator.gettext
        totals = self.totals_by_currency()
        if not totals:
            self.totals.setText(_("No funding requested."))
            return
        lines = [_("{currency}: requested {requested}, approved {approved}", currency=code,
                   requested=money(tr, requested, code), approved=money(tr, approved, code))
                 for code, requested, approved in totals]
        self.totals.setText("\n".join(lines))

    # -- selection --------------------------------------------------------------------
    def selected_id(self) -> uuid.UUID | None:
        items = self.table.selectedItems() if hasattr(self, "table") else []
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def selected(self) -> Any:
        pid = self.selected_id()
        return next((r for r in self.rows if r.id == pid), None)

    def select(self, participant_id: uuid.UUID) -> bool:
        for r in range(self.table.rowCount()):
            if self.table.item(r, 0).data(Qt.ItemDataRole.UserRole) == participant_id:
                select_row(self.table, r)
                return True
        return False

    def row_of(self, participant_id: uuid.UUID) -> int:
        return next((r for r in range(self.table.rowCount())
                     if self.table.item(r, 0).data(Qt.ItemDataRole.UserRole) == participant_id), -1)

    def _selected(self) -> None:
        row = self.selected()
        current = self.funding.row
        if current is not None and row is not None and row.id == current.id:
            return
        if current is not None and self.funding.is_modified():
            # what was typed for the participant shown would be lost: back to them, and ask
            self.table.blockSignals(True)
            if not self.select(current.id):
                self.table.clearSelection()
            self.table.blockSignals(False)
            if self.unsaved_question is None:
                wanted = row.id if row is not None else None
                self.unsaved_question = messages.ask_unsaved(
                    self, self.translator, lambda choice: self._selection_answer(choice, wanted))
            return
        self.funding.show_row(row)
        self._update_buttons()

    def _selection_answer(self, choice: str, wanted: uuid.UUID | None) -> None:
        self.unsaved_question = None
        if choice == "cancel" or (choice == "save" and not self.funding.save()):
            return
        self.funding.show_row(None)
        if wanted is None or not self.select(wanted):
            self.table.clearSelection()
        self._update_buttons()

    def has_unsaved_changes(self) -> bool:
        """Whether a participant's registration or funding was typed and not saved."""
        return self.funding.is_modified()

    def save_changes(self) -> bool:
        return self.funding.save()

    def discard_changes(self) -> None:
        self.funding.show_row(self.funding.row)

    # -- attendance -------------------------------------------------------------------
    def _item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() != ATTENDED:
            return
        self.set_attended(item.data(Qt.ItemDataRole.UserRole), item.checkState() == Qt.CheckState.Checked)

    def set_attended(self, participant_id: uuid.UUID, attended: bool) -> bool:
        """Record whether the participant attended (saved at once)."""
        row = next((r for r in self.rows if r.id == participant_id), None)
        if row is None:
            return False
        try:
            outcome = self.service.set_attendance(participant_id, attended=attended)
        except UserError as exc:
            messages.warn(self, self.translator.gettext("Not saved"), exc.text(self.translator))
            self.refresh()
            return False
        if not outcome.saved:
            messages.warn(self, self.translator.gettext("Not saved"),
                          "\n".join(v.text(self.translator) for v in outcome.errors))
        self.refresh()
        return bool(outcome.saved)

    def _funding_saved(self, participant_id: uuid.UUID) -> None:
        self.funding.row = None
        self.refresh()
        self.select(participant_id)

    # -- adding and removing ------------------------------------------------------------
    def _meetings(self) -> list[Any]:
        return self.participants.meetings()

    def _open(self, dialog: QDialog) -> QDialog:
        return open_dialog(self, dialog, self._added)

    def _added(self) -> None:
        outcome = getattr(self.dialog, "saved_outcome", None)
        record = getattr(outcome, "record", None)
        self.refresh()
        added = getattr(self.dialog, "added", None)
        if record is not None and hasattr(record, "id"):
            self.select(record.id)
        elif added:
            expert = next((r for r in self.rows if getattr(r, "expert_id", None) in added), None)
            if expert is not None:
                self.select(expert.id)

    def _fixed(self, dialog: shared.ParticipantDialog) -> shared.ParticipantDialog:
        dialog.fix_meeting()
        return self._open(dialog)  # type: ignore[return-value]

    def meeting_title(self) -> str:
        meeting = self.meeting()
        return shared.meeting_label(self.translator, meeting) if meeting is not None else ""

    def add_experts(self) -> ExpertPickerDialog | None:
        if self.meeting_id is None:
            return None
        return self._open(ExpertPickerDialog(self.service, self.translator, self.meeting_id,  # type: ignore
                                             title=self.meeting_title(), parent=self))

    def add_representative(self) -> shared.RepresentativeDialog | None:
        if self.meeting_id is None:
            return None
        names = member_names(self.translator, self.participants.members())
        return self._fixed(shared.RepresentativeDialog(  # type: ignore[return-value]
            self.participants, self.translator, meetings=self._meetings(), meeting_id=self.meeting_id,
            member_names=names, parent=self))

    def add_observer(self) -> shared.ObserverDialog | None:
        if self.meeting_id is None:
            return None
        return self._fixed(shared.ObserverDialog(  # type: ignore[return-value]
            self.participants, self.translator, meetings=self._meetings(), meeting_id=self.meeting_id, parent=self))

    def add_secretariat(self) -> SecretariatDialog | None:
        if self.meeting_id is None:
            return None
        return self._fixed(SecretariatDialog(  # type: ignore[return-value]
            self.service, self.translator, meetings=self._meetings(), meeting_id=self.meeting_id, parent=self))

    def remove(self) -> bool:
        """Remove the selected participant, once the user confirms."""
        row = self.selected()
        if row is None:
            return False
        _ = self.translator.gettext
        question = _("Remove {name} ({role}) from {meeting}?", name=self.name(row),
                     role=role_name(self.translator, row.role), meeting=self.meeting_title())
        if not shared.confirm(self, _("Remove a participant"), question, _("Remove"), _("Cancel")):
            return False
        try:
            outcome = self.service.remove_participant(row.id)
        except UserError as exc:
            messages.warn(self, _("Not removed"), exc.text(self.translator))
            self.refresh()
            return False
        if not outcome.saved:
            messages.warn(self, _("Not removed"), "\n".join(v.text(self.translator) for v in outcome.violations))
        self.refresh()
        return bool(outcome.saved)

    def preview_list(self):
        """The list of participants as a document, in the preview."""
        if self.meeting_id is None:
            return None
        from tegdesk.ui.meetings.outputs import open_preview

        self.preview_dialog = open_preview(self, self.store, self.translator, self.meeting_id, "participants")
        return self.preview_dialog

    def _update_buttons(self) -> None:
        _ = self.translator.gettext
        meeting = self.meeting()
        writable = not self.store.read_only
        open_ = meeting is not None and meeting.status != MeetingStatus.CANCELLED
        for button in (self.add_experts_button, self.add_representative_button, self.add_observer_button,
                       self.add_secretariat_button):
            button.setEnabled(open_ and writable)
            button.setToolTip(_("The meeting was cancelled.") if meeting is not None and not open_ else "")
        self.remove_button.setEnabled(writable and self.selected_id() is not None)
        self.list_button.setEnabled(meeting is not None)
        self.role_filter.setEnabled(meeting is not None)
        self.funding.read_only = not writable
        closed = not writable or self.attendance_closed() is not None
        self.table.blockSignals(True)
        for r in range(self.table.rowCount()):
            item = self.table.item(r, ATTENDED)
            if item is not None and closed:
                item.setFlags(item.flags() & ~(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled))
        self.table.blockSignals(False)

