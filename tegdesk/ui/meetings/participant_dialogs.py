"""The add dialogs of the meeting's Participants tab that the roster page does not have:
nominated experts chosen from those serving on the meeting's dates, and secretariat staff.

(Thematic representatives and observers are added with the roster's dialogs,
``tegdesk.ui.roster.participants``, fixed to the meeting.)
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tegdesk.core.errors import UserError
from tegdesk.core.i18n import Translator
from tegdesk.core.services.meetings import MeetingService
from tegdesk.core.services.participants import ParticipantService
from tegdesk.ui.roster import participants as shared
from tegdesk.ui.roster.checked import ERROR_COLOUR, section_label
from tegdesk.ui.roster.names import member_names, person_name, sort_text
from tegdesk.ui.roster.widgets import InfoLabel


class SecretariatDialog(shared.ParticipantDialog):
    """A member of the secretariat's staff at the meeting: name, post or unit, e-mail."""

    def __init__(self, service: MeetingService, tr: Translator, *, meetings: Sequence[Any],
                 meeting_id: uuid.UUID | None, parent: QWidget | None = None):
        super().__init__(service, tr, meetings, meeting_id, parent)  # type: ignore[arg-type]
        _ = tr.gettext
        self.meetings_service = service
        self.setObjectName("secretariat_dialog")
        self.setWindowTitle(_("Add secretariat staff"))
        self.form.addRow(section_label(_("Staff member")))
        self.person = shared.PersonFields(self)
        self.resize(560, self.sizeHint().height())
        self.check()
        self.person.family_name.setFocus()

    def perform(self, save: bool) -> Any:
        return self.meetings_service.add_secretariat(self.meeting.currentData(), save=save,
                                                     **self.person.arguments())

    def fields(self) -> dict[str, QWidget]:
        return {**self.person.widgets(), "meeting": self.meeting}


class ExpertPickerDialog(QDialog):
    """Choose nominated experts to add: those serving on the meeting's dates and not yet listed."""

    def __init__(self, service: MeetingService, tr: Translator, meeting_id: uuid.UUID, *,
                 title: str, parent: QWidget | None = None):
        super().__init__(parent)
        _ = tr.gettext
        self.service = service
        self.tr = tr
        self.meeting_id = meeting_id
        self.added: list[uuid.UUID] = []
        self.setObjectName("expert_picker")
        self.setWindowTitle(_("Add nominated experts"))
        self.setSizeGripEnabled(True)
        layout = QVBoxLayout(self)
        self.intro = InfoLabel(_("The experts serving on the dates of {meeting} who are not listed yet. "
                                 "Tick those who take part.", meeting=title))
        layout.addWidget(self.intro)
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(_("Type to filter by name or member"))
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        self.list = QListWidget()
        self.list.setObjectName("experts")
        self.list.setUniformItemSizes(True)
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.all_button = QPushButton(_("Tick all shown"))
        self.none_button = QPushButton(_("Untick all"))
        for button in (self.all_button, self.none_button):
            button.setAutoDefault(False)
            row.addWidget(button)
        row.addStretch(1)
        self.count_label = QLabel()
        row.addWidget(self.count_label)
        layout.addLayout(row)
        self.problem = InfoLabel()
        self.problem.setObjectName("errors")
        self.problem.setStyleSheet(f"QLabel#errors {{ color: {ERROR_COLOUR}; }}")
        self.problem.hide()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("add")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.add)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        names = member_names(tr, ParticipantService(service.store, service.body_code).members())
        for expert in service.eligible_experts(meeting_id):
            member = names.get(expert.member_id) or expert.member
            name = person_name(expert.family_name, expert.given_names, expert.honorific)
            item = QListWidgetItem(f"{name} — {member}")
            item.setToolTip("\n".join(x for x in (name, expert.organization, member) if x))
            item.setData(Qt.ItemDataRole.UserRole, expert.expert_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        if not self.list.count():
            self.intro.setText(_("Every expert serving on the dates of {meeting} is listed already.", meeting=title))
        self.search.textChanged.connect(self._filter)
        self.list.itemChanged.connect(lambda _item: self._count())
        self.all_button.clicked.connect(lambda: self._tick(True))
        self.none_button.clicked.connect(lambda: self._tick(False))
        self._count()
        self.resize(560, 560)

    def chosen(self) -> list[uuid.UUID]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def tick(self, expert_id: uuid.UUID, on: bool = True) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == expert_id:
                self.list.item(i).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _filter(self, text: str) -> None:
        needle = sort_text(text.strip())
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setHidden(bool(needle) and needle not in sort_text(item.text()))

    def _tick(self, on: bool) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if on and item.isHidden():
                continue
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _count(self) -> None:
        n = len(self.chosen())
        self.count_label.setText(self.tr.ngettext("{count} ticked", "{count} ticked", n, count=self.tr.number(n)))
        self.ok_button.setText(self.tr.ngettext("Add {count} expert", "Add {count} experts", n,
                                                count=self.tr.number(n)) if n else self.tr.gettext("Add"))
        self.ok_button.setEnabled(n > 0)

    def add(self) -> None:
        chosen = self.chosen()
        if not chosen:
            return
        try:
            outcome = self.service.add_experts(self.meeting_id, chosen)
        except UserError as exc:
            self.problem.setText(exc.text(self.tr))
            self.problem.show()
            return
        if not outcome.saved:
            self.problem.setText("\n".join(v.text(self.tr) for v in outcome.errors))
            self.problem.show()
            return
        self.added = chosen
        self.accept()
