"""The register of requests as a table model: one row per request the filter keeps, newest
first (the service's order), texts made once per row in the interface's language. The page
shows it through a sorting proxy (click a column's header), sorted by :data:`SORT_ROLE`."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from tegdesk.core.i18n import NC_, N_
from tegdesk.core.request_rules import STATUSES, status_name
from tegdesk.core.services.requests import RequestRow
from tegdesk.ui.entry_model import EntryTableModel, Index
from tegdesk.ui.requests.labels import STATUS_COLOURS, day_text, days_text, member_name
from tegdesk.ui.roster.names import sort_text

REFERENCE, STATUS, MEMBER, RECEIVED, SUBJECT, DAYS, ACTIVITIES = range(7)
HEADERS = [N_("Reference"), N_("Status"), N_("Member"), NC_("date column", "Received"), N_("Subject"), N_("Days"),
           N_("Activities")]
#: The service's RequestRow of a row (any column).
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
#: What a column sorts by: numbers as numbers, dates as dates, statuses in their order.
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(slots=True)
class _Entry:
    row: RequestRow
    texts: tuple[str, ...]
    tooltips: tuple[str | None, ...]


class RegisterModel(EntryTableModel):
    """One row per request the filter keeps (the service's RequestRows, newest first)."""

    HEADERS = HEADERS

    def _entry(self, r: RequestRow) -> _Entry:
        tr = self.tr
        warnings = "\n".join(f"⚠ {v.text(tr)}" for v in r.warnings)
        status = status_name(tr, r.status) + (" ⚠" if r.warnings else "")
        if r.is_open:
            days_tip = tr.gettext("Open for {days} so far", days=days_text(tr, r.days))
        else:
            days_tip = tr.gettext("Closed on {date}, {days} after it was received",
                                  date=tr.date(r.closed_on) if r.closed_on else "", days=days_text(tr, r.days))
        links = tr.ngettext("{n} expert linked", "{n} experts linked", r.experts)
        texts = (r.reference, status, member_name(tr, r.member, r.member_name), day_text(tr, r.received_on),
                 r.subject, tr.number(r.days) if r.days is not None else "", tr.number(r.activities))
        tips = (r.reference, warnings or status, texts[MEMBER], tr.date(r.received_on), r.subject, days_tip,
                links)
        return _Entry(r, texts, tips)

    def row_of(self, request_id: uuid.UUID) -> int:
        return next((i for i, e in enumerate(self.entries) if e.row.id == request_id), -1)

    def header_tooltip(self, section: int) -> str | None:
        if section == DAYS:
            return self.tr.gettext("Processing time: days from receipt to closing, or so far while open")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry = self.entry_at(index)
        if entry is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return entry.texts[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return entry.tooltips[column]
        if role == Qt.ItemDataRole.ForegroundRole and column == STATUS:
            return QBrush(STATUS_COLOURS.get(entry.row.status, STATUS_COLOURS["received"]))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (DAYS, ACTIVITIES):
            return _RIGHT
        if role == ROW_ROLE:
            return entry.row
        if role == SORT_ROLE:
            return self._sort_key(entry, column)
        return None

    @staticmethod
    def _sort_key(entry: _Entry, column: int) -> Any:
        row = entry.row
        if column == RECEIVED:
            return row.received_on.toordinal()
        if column == DAYS:
            return row.days if row.days is not None else -1
        if column == ACTIVITIES:
            return row.activities
        if column == STATUS:
            return STATUSES.index(row.status) if row.status in STATUSES else len(STATUSES)
        return sort_text(entry.texts[column])
