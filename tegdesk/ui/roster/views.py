"""Read-only views: a member's experts over time, and one expert's details and history."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tegdesk.core.i18n import Translator
from tegdesk.core.models import Expert, Meeting, MemberState, OfficeHolding
from tegdesk.core.rules import office_last_day
from tegdesk.core.services.roster import RosterRow
from tegdesk.ui.language import flush_with_layout
from tegdesk.ui.roster.checked import section_label
from tegdesk.ui.roster.names import (
    GENDER_NAMES,
    office_name,
    offices_text,
    person_name,
    short_date,
    status_name,
    subregion_name,
)
from tegdesk.ui.roster.widgets import InfoLabel


def _table(headers: list[str], rows: list[list[str]], *, stretch: int = 0,
           centered: tuple[int, ...] = ()) -> QTableWidget:
    """A read-only table as tall as its rows (up to about twelve, then it scrolls)."""
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setToolTip(value)
            if c in centered:
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            table.setItem(r, c, item)
    header = table.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    row_height = table.verticalHeader().defaultSectionSize()
    visible = min(max(len(rows), 1), 12)
    table.setFixedHeight(header.sizeHint().height() + row_height * visible + 2 * table.frameWidth() + 2)
    return table


def _close_box(dialog: QDialog, tr: Translator) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    box.button(QDialogButtonBox.StandardButton.Close).setText(tr.gettext("Close"))
    box.rejected.connect(dialog.reject)
    return box


def _heading(text: str) -> QLabel:
    label = QLabel(flush_with_layout(text))
    label.setObjectName("view_heading")
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.3)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    return label


class MemberView(QDialog):
    """Every expert a member or associate member has nominated, oldest term first."""

    def __init__(self, tr: Translator, member: MemberState, member_name: str, rows: Sequence[RosterRow],
                 as_of: dt.date, limit: int | None, parent: QWidget | None = None):
        super().__init__(parent)
        _ = tr.gettext
        self.setObjectName("member_view")
        self.setWindowTitle(_("Member: {member}", member=member_name))
        self.setSizeGripEnabled(True)
        layout = QVBoxLayout(self)
        layout.addWidget(_heading(member_name))
        kind = _("Associate member") if member.is_associate else _("Member")
        serving = len({r.expert_id for r in rows if r.status == "serving"})
        facts = QFormLayout()
        facts.addRow(_("Status:"), QLabel(kind))
        facts.addRow(_("Subregion:"), QLabel(subregion_name(tr, member.subregion)))
        if limit is None:
            count = _("{count} serving", count=tr.number(serving))
        else:
            count = _("{count} of {limit} places filled", count=tr.number(serving), limit=tr.number(limit))
        facts.addRow(_("Experts serving on {date}:", date=tr.date(as_of)), QLabel(count))
        layout.addLayout(facts)
        self.terms = sorted(rows, key=lambda r: (r.start_date, r.family_name))
        headers = [_("Expert"), _("Organization"), _("Term start"), _("Term end"), _("Term no."), _("Status"),
                   _("Bureau office")]
        values = [[person_name(r.family_name, r.given_names, r.honorific), r.organization,
                   short_date(tr, r.start_date), short_date(tr, r.end_date), tr.number(r.term_number),
                   status_name(tr, r.status), offices_text(tr, r.offices)] for r in self.terms]
        self.table = _table(headers, values, stretch=1, centered=(4,))
        self.table.setObjectName("member_terms")
        if not values:
            layout.addWidget(InfoLabel(_("{member} has not nominated any expert yet.", member=member_name)))
        layout.addWidget(self.table)
        layout.addStretch(1)
        layout.addWidget(_close_box(self, tr))
        self.resize(900, self.sizeHint().height())


class ExpertView(QDialog):
    """One person: contact details, areas, every term (oldest first) and the offices held."""

    def __init__(self, tr: Translator, expert: Expert, terms: Sequence[RosterRow], offices: Sequence[OfficeHolding],
                 meetings: Sequence[Meeting], member_names: dict[uuid.UUID, str], parent: QWidget | None = None):
        super().__init__(parent)
        _ = tr.gettext
        self.setObjectName("expert_view")
        name = person_name(expert.family_name, expert.given_names, expert.honorific or "")
        self.setWindowTitle(_("Expert: {name}", name=name))
        self.setSizeGripEnabled(True)
        layout = QVBoxLayout(self)
        layout.addWidget(_heading(name))
        details = QFormLayout()
        details.setHorizontalSpacing(16)
        self.details: dict[str, str] = {}
        gender = GENDER_NAMES.get(expert.gender or "", expert.gender or "")
        for key, label, value in (("title", _("Job title:"), expert.title or ""),
                                  ("organization", _("Organization:"), expert.organization or ""),
                                  ("email", _("E-mail:"), expert.email or ""),
                                  ("phone", _("Telephone:"), expert.phone or ""),
                                  ("gender", _("Gender:"), _(gender) if gender else ""),
                                  ("areas", _("BSP areas:"), tr.gettext(", ").join(expert.areas or []))):
            if not value:
                continue
            shown = InfoLabel(value)
            details.addRow(label, shown)
            self.details[key] = value
        layout.addLayout(details)

        layout.addWidget(section_label(_("Terms")))
        self.terms = sorted(terms, key=lambda r: r.start_date)
        headers = [_("Member"), _("Term start"), _("Term end"), _("Term no."), _("Status"), _("ToR version")]
        values = [[member_names.get(r.member_id, r.member), short_date(tr, r.start_date), short_date(tr, r.end_date),
                   tr.number(r.term_number), status_name(tr, r.status),
                   tr.number(r.tor_version) if r.tor_version is not None else ""] for r in self.terms]
        self.terms_table = _table(headers, values, centered=(3, 5))
        self.terms_table.setObjectName("expert_terms")
        layout.addWidget(self.terms_table)

        layout.addWidget(section_label(_("Bureau offices")))
        numbers = {m.id: m.number for m in meetings}
        self.offices = sorted(offices, key=lambda h: h.start_date)
        office_rows = []
        for h in self.offices:
            number = numbers.get(h.elected_at_meeting_id) if h.elected_at_meeting_id else None
            office_rows.append([office_name(tr, h.office), short_date(tr, h.start_date),
                                short_date(tr, office_last_day(h)),
                                _("Meeting {number}", number=tr.number(number)) if number is not None else ""])
        if office_rows:
            self.offices_table = _table([_("Office"), _("From"), _("To"), _("Elected at")], office_rows)
            self.offices_table.setObjectName("expert_offices")
            layout.addWidget(self.offices_table)
        else:
            layout.addWidget(InfoLabel(_("No Bureau office held.")))
        layout.addStretch(1)
        layout.addWidget(_close_box(self, tr))
        self.resize(820, self.sizeHint().height())
        self.setMinimumWidth(560)
        # Keep the layout tidy: left-aligned labels in every language.
        details.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
