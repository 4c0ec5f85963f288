"""Reading the audit trail: who changed what, when, filtered, a page at a time, and exported.

The audit log (:class:`~tegdesk.core.models.AuditEntry`, written by the store
on every flush) only grows and is never edited; this module only reads it.
Entries come newest first, a page at a time by *keyset* (the last entry
shown, not an offset), so that entries written meanwhile never shift a page.

Changes are shown as people read them: ``field: old → new`` for a change,
``field: value`` for a record added. The record each entry concerns is named
from the record itself where it can be (an expert's name, a meeting's
number...), since a UUID tells nobody anything.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import String, and_, cast, func, or_, select
from sqlmodel import SQLModel

from tegdesk.core.documents.text import one_line
from tegdesk.core.i18n import N_, Translator
from tegdesk.core.models import AuditEntry

PAGE_SIZE = 200
NOTHING = "—"
ARROW = "→"

#: What each action is called (the log stores the English verbs).
ACTION_NAMES = {"insert": N_("Added"), "update": N_("Changed"), "delete": N_("Deleted"),
                "purge": N_("Removed for good")}
#: Names of the tables people meet; any other table shows its own name.
TABLE_NAMES = {
    "expert": N_("Experts"), "term": N_("Terms"), "office_holding": N_("Bureau offices"), "body": N_("Bodies"),
    "tor_version": N_("Terms of reference"), "member_state": N_("Members and associate members"),
    "meeting": N_("Meetings"), "agenda_item": N_("Agenda items"), "participant": N_("Participants"),
    "document": N_("Documents"), "organisation": N_("Organisations"), "activity": N_("Activities"),
    "assistance_request": N_("Requests for assistance"), "bsp_code": N_("BSP codes"),
    "activity_bsp_code": N_("BSP codes of activities"), "activity_link": N_("Links of activities"),
    "activity_organisation": N_("Organisations of activities"),
    "activity_recipient": N_("Recipients of activities"),
    "agenda_item_document": N_("Documents under agenda items"),
    "document_distribution": N_("Distribution of documents"), "notice_template": N_("Wording of notices"),
    "request_activity": N_("Activities answering requests"), "request_bsp_code": N_("BSP codes of requests"),
    "request_event": N_("History of requests"), "request_expert": N_("Experts answering requests"),
}
#: Columns that name a record, tried in order (first found wins; names join).
_LABEL_COLUMNS = (("given_names", "family_name"), ("name_en",), ("title",), ("symbol",), ("code",),
                  ("number",), ("iati_identifier",), ("subject",))
#: The columns of an export, with their headings.
EXPORT_COLUMNS = (("at", N_("When (UTC)")), ("user", N_("User")), ("host", N_("Computer")),
                  ("table", N_("Table")), ("record", N_("Record")), ("record_id", N_("Record ID")),
                  ("action", N_("Action")), ("changes", N_("Changes")))


@dataclass(frozen=True)
class AuditFilter:
    """Which entries to show; empty fields do not filter. Dates are UTC days, both included."""

    table: str | None = None
    user: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    text: str = ""


@dataclass(frozen=True)
class AuditRow:
    """One entry as the trail shows it."""

    id: str
    at: dt.datetime  # UTC, aware
    user: str
    host: str
    table: str
    record_id: str
    action: str
    changes: dict[str, Any] = field(default_factory=dict)
    record: str = ""  # what the record is called, when it can be told

    @property
    def key(self) -> tuple[dt.datetime, str]:
        """Where the next page starts (entries come newest first)."""
        return self.at, self.id

    def change_lines(self) -> list[str]:
        return change_lines(self.action, self.changes)


def show_value(value: Any) -> str:
    """A stored value as one line of text: ``—`` for nothing, lists joined."""
    if value is None or value == "" or value == []:
        return NOTHING
    if isinstance(value, list):
        return "; ".join(show_value(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}={show_value(v)}" for k, v in value.items())
    return one_line(value)


def change_lines(action: str, changes: dict[str, Any]) -> list[str]:
    """``field: old → new`` for each changed field (``field: value`` for a record added, empty fields left out)."""
    lines = []
    for name, value in changes.items():
        if name == "id":
            continue
        if action == "insert":
            if show_value(value) != NOTHING:  # a new record: only the fields it has
                lines.append(f"{name}: {show_value(value)}")
        elif isinstance(value, list) and len(value) == 2:
            lines.append(f"{name}: {show_value(value[0])} {ARROW} {show_value(value[1])}")
        else:
            lines.append(f"{name}: {show_value(value)}")
    return lines


def _like(text: str) -> str:
    return "%" + text.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%"


class AuditLog:
    """Read-only access to one store's audit trail."""

    def __init__(self, store: Any):
        self.store = store

    # -- what the filters offer ----------------------------------------------------------
    def tables(self) -> list[str]:
        with self.store.reader() as s:
            return sorted(s.exec(select(AuditEntry.table_name).distinct()).scalars())

    def users(self) -> list[str]:
        with self.store.reader() as s:
            return sorted(s.exec(select(AuditEntry.user).distinct()).scalars())

    # -- reading ---------------------------------------------------------------------------
    def _where(self, flt: AuditFilter) -> list[Any]:
        where: list[Any] = []
        if flt.table:
            where.append(AuditEntry.table_name == flt.table)
        if flt.user:
            where.append(AuditEntry.user == flt.user)
        if flt.since:
            where.append(AuditEntry.at >= dt.datetime.combine(flt.since, dt.time.min, dt.timezone.utc))
        if flt.until:
            where.append(AuditEntry.at < dt.datetime.combine(flt.until + dt.timedelta(days=1), dt.time.min,
                                                             dt.timezone.utc))
        text = flt.text.strip()
        if text:
            # the changes are JSON, where text beyond ASCII is stored \u-escaped: look for both forms
            escaped = json.dumps(text)[1:-1]
            changes = cast(AuditEntry.changes, String)
            columns = (AuditEntry.user, AuditEntry.host, AuditEntry.table_name, AuditEntry.record_id,
                       AuditEntry.action, changes)
            patterns = {_like(text), _like(escaped)}
            where.append(or_(*(c.like(p, escape="!") for c in columns for p in patterns)))
        return where

    def count(self, flt: AuditFilter = AuditFilter()) -> int:
        with self.store.reader() as s:
            return s.exec(select(func.count()).select_from(AuditEntry).where(*self._where(flt))).scalar_one()

    def page(self, flt: AuditFilter = AuditFilter(), *, after: tuple[dt.datetime, str] | None = None,
             limit: int = PAGE_SIZE) -> list[AuditRow]:
        """Up to ``limit`` entries, newest first, starting after the entry whose key is ``after``."""
        where = self._where(flt)
        if after is not None:
            at, entry_id = after
            where.append(or_(AuditEntry.at < at, and_(AuditEntry.at == at,
                                                      cast(AuditEntry.id, String) < entry_id)))
        query = (select(AuditEntry).where(*where)
                 .order_by(AuditEntry.at.desc(), cast(AuditEntry.id, String).desc()).limit(limit))
        with self.store.reader() as s:
            entries = list(s.exec(query).scalars())
            labels = _labels(s, entries)
        return [AuditRow(id=_id_text(e.id), at=e.at.replace(tzinfo=dt.timezone.utc), user=e.user, host=e.host,
                         table=e.table_name, record_id=e.record_id, action=e.action, changes=dict(e.changes or {}),
                         record=labels.get((e.table_name, e.record_id), "")) for e in entries]

    def rows(self, flt: AuditFilter = AuditFilter()) -> Iterator[AuditRow]:
        """Every entry the filter lets through, newest first, a page at a time."""
        after = None
        while True:
            batch = self.page(flt, after=after)
            yield from batch
            if len(batch) < PAGE_SIZE:
                return
            after = batch[-1].key

    # -- export ----------------------------------------------------------------------------
    def export(self, path: str | Path, tr: Translator, flt: AuditFilter = AuditFilter()) -> int:
        """Write the entries the filter lets through to a CSV or XLSX file; returns how many."""
        from tegdesk.core.interchange.roster_export import _format_of, write_csv, write_xlsx

        out = Path(path)
        suffix = _format_of(out, (".csv", ".xlsx"))
        headings = [tr.gettext(title) for _key, title in EXPORT_COLUMNS]
        records = [dict(zip(headings, self.export_values(row, tr), strict=True)) for row in self.rows(flt)]
        if suffix == ".csv":
            write_csv(records, headings, out)
        else:
            write_xlsx(records, headings, out, sheet_title=tr.gettext("Audit trail")[:31])
        return len(records)

    @staticmethod
    def export_values(row: AuditRow, tr: Translator) -> list[Any]:
        return [row.at.strftime("%Y-%m-%d %H:%M:%S"), row.user, row.host, table_name(tr, row.table), row.record,
                row.record_id, action_name(tr, row.action), "\n".join(row.change_lines())]


def table_name(tr: Translator, table: str) -> str:
    return tr.gettext(TABLE_NAMES[table]) if table in TABLE_NAMES else table


def action_name(tr: Translator, action: str) -> str:
    return tr.gettext(ACTION_NAMES[action]) if action in ACTION_NAMES else action


def _id_text(value: Any) -> str:
    return value.hex if hasattr(value, "hex") and not isinstance(value, str) else str(value)


def _labels(session: Any, entries: Sequence[AuditEntry]) -> dict[tuple[str, str], str]:
    """What the records of ``entries`` are called, read from the records themselves
    (or from the entry that added them, for a record since removed)."""
    wanted: dict[str, set[str]] = {}
    out: dict[tuple[str, str], str] = {}
    for e in entries:
        if e.action == "insert":
            label = _label_of(e.changes or {})
            if label:
                out[(e.table_name, e.record_id)] = label
                continue
        wanted.setdefault(e.table_name, set()).add(e.record_id)
    for table_name_, ids in wanted.items():
        table = SQLModel.metadata.tables.get(table_name_)
        if table is None or "id" not in table.c:
            continue
        names = [c for group in _LABEL_COLUMNS for c in group if c in table.c]
        if not names:
            continue
        # record_id holds str(UUID); the id column holds the UUID's 32 hex digits
        hex_ids = {i.replace("-", ""): i for i in ids}
        query = select(table.c.id, *(table.c[n] for n in names)).where(
            cast(table.c.id, String).in_(list(hex_ids)))
        for row in session.execute(query):
            record_id = hex_ids.get(_id_text(row[0]).replace("-", ""))
            label = _label_of(dict(zip(names, row[1:], strict=True)))
            if record_id and label:
                out[(table_name_, record_id)] = label
    return out


def _label_of(values: dict[str, Any]) -> str:
    for group in _LABEL_COLUMNS:
        parts = [show_value(values[c]) for c in group if values.get(c) not in (None, "")]
        if parts:
            return " ".join(parts)
    return ""
