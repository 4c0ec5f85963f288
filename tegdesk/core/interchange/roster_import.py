"""Roster import from CSV or XLSX: all or nothing, with row-level errors.

Columns (``ROSTER_COLUMNS``): ``member`` (ISO 3166 alpha-2 or alpha-3, or the
English short name), ``family_name``, ``given_names``, ``honorific``, ``title``,
``organization``, ``email``, ``phone``, ``gender``, ``term_start`` (ISO date),
``term_end`` (optional), ``areas`` (semicolon-separated BSP codes).

Several rows for the same person (same member, family name and given names)
are that expert's term history, oldest first. Every row is checked, by the same
rules as a nomination in the form (:mod:`tegdesk.core.rules`), against the
database *and* the rows before it. Any error aborts the whole import: nothing
is written, and :class:`ImportFailed` lists every problem by row and column.
A backup of the database is taken before anything is written.

Long imports report how far they have got and stop when asked through an optional
:class:`~tegdesk.core.progress.Progress`; a cancelled import writes nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import select

from tegdesk.core import rules
from tegdesk.core.errors import UserError
from tegdesk.core.i18n import N_
from tegdesk.core.interchange.tables import ImportFailed, RowError, read_table
from tegdesk.core.models import BspCode, Expert, MemberState, Term, TermStatus
from tegdesk.core.progress import Progress
from tegdesk.core.rules import Violation
from tegdesk.core.services.roster import ExpertData, RosterService, validate_expert
from tegdesk.core.store.audit import bulk_insert
from tegdesk.core.store.backup import make_backup

__all__ = ["IGNORED_COLUMNS", "REQUIRED_COLUMNS", "ROSTER_COLUMNS", "ImportFailed", "ImportSummary", "RowError",
           "import_roster", "read_table"]

ROSTER_COLUMNS = ["member", "family_name", "given_names", "honorific", "title", "organization", "email",
                  "phone", "gender", "term_start", "term_end", "areas"]
REQUIRED_COLUMNS = ["member", "family_name", "term_start"]
#: Columns an export adds for people to read; an import ignores them, so an
#: exported file can be imported again as it is.
IGNORED_COLUMNS = ["member_name", "subregion", "term_number", "status", "office"]


@dataclass
class ImportSummary:
    rows: int
    experts_added: int
    terms_added: int
    backup: Path | None


# -- checking and writing ----------------------------------------------------------------

def _parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def import_roster(store, path: Path, *, body_code: str = "TEG", backup: bool = True,
                  progress: Progress | None = None) -> ImportSummary:
    """Import a roster file completely, or raise :class:`ImportFailed` having written nothing.

    ``progress`` is told how far the reading and checking have got; when cancelled it raises
    :class:`~tegdesk.core.progress.Cancelled`, at the latest just before the commit, and nothing
    is written."""
    progress = progress or Progress()
    progress(0, 0, N_("Reading {name}…"), name=Path(path).name)
    header, data_rows = read_table(Path(path))
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ImportFailed([RowError(1, c, Violation("", "", N_("The column {column} is missing."),
                                                     {"column": c})) for c in missing])
    unknown = [h for h in header if h and h not in ROSTER_COLUMNS and h not in IGNORED_COLUMNS]
    if unknown:
        raise ImportFailed([RowError(1, h, Violation("", "", N_("Unknown column {column}; the columns are: {columns}."),
                                                     {"column": h, "columns": ", ".join(ROSTER_COLUMNS)}))
                            for h in unknown])

    service = RosterService(store, body_code)
    errors: list[RowError] = []
    new_experts: dict[tuple, dict[str, Any]] = {}
    new_terms: list[tuple[rules.TermFacts, uuid.UUID | None]] = []
    with store.session() as s:
        state = service.load_state(s)
        by_code: dict[str, MemberState] = {}
        for m in s.exec(select(MemberState)).all():
            by_code[m.iso2.upper()] = by_code[m.iso3.upper()] = by_code[m.name_en.casefold()] = m
        bsp = set(s.exec(select(BspCode.code)).all())
        # experts already on this body's roster, by (member, family name, given names)
        known = {(member_id, family.casefold(), given.casefold()): expert_id for member_id, family, given, expert_id in
                 s.exec(select(Term.member_id, Expert.family_name, Expert.given_names, Expert.id)
                        .join(Expert, Term.expert_id == Expert.id)
                        .where(Term.body_id == service.body_id, Term.deleted_at.is_(None))).all()}

    last_start: dict[tuple, dt.date] = {}
    for index, row in enumerate(data_rows, start=2):
        progress(index - 1, len(data_rows), N_("Checking row {row} of {rows}…"), row=index, rows=len(data_rows) + 1)
        if not row:
            continue
        data = _expert_data(row)
        row_errors = _check_row(index, row, data, by_code, bsp)
        if row_errors:
            errors.extend(row_errors)
            continue
        member = by_code[_member_key(row["member"])]
        key = (member.id, data.family_name.casefold(), data.given_names.casefold())
        start = _parse_date(row["term_start"])
        end = _parse_date(row["term_end"]) if row.get("term_end") else None
        if key in last_start and start <= last_start[key]:
            errors.append(RowError(index, "term_start", Violation(
                "", "", N_("The terms of {name} must be listed oldest first; this one starts on {start}, not after {previous}."),
                {"name": f"{data.given_names} {data.family_name}".strip(), "start": start,
                 "previous": last_start[key]})))
            continue
        last_start[key] = start
        expert_id = known.get(key)
        if expert_id is None:
            expert_id = uuid.uuid4()
            known[key] = expert_id
            new_experts[key] = _expert_row(expert_id, data)
            state.names[expert_id] = f"{data.given_names} {data.family_name}".strip()
        tor = state.tor_on(start)
        term = rules.TermFacts(expert_id=expert_id, member_id=member.id, start_date=start,
                               end_date=end or rules.term_end_for(start, tor.term_years if tor else 3))
        term.term_number = rules.next_term_number(state, expert_id, start, tor)
        problems = [v for v in rules.check_term(state, term) if v.is_error]
        if problems:
            errors.extend(RowError(index, _column_of(v), v) for v in problems)
            continue
        state.add_term(term)
        new_terms.append((term, tor.id if tor else None))
    if errors:
        raise ImportFailed(errors)
    if not new_terms:
        raise UserError(N_("{name} holds no roster rows."), name=Path(path).name)

    progress(0, 0, N_("Backing up the database…"))
    copy = make_backup(store.path, "pre-import") if backup else None
    progress(0, 0, N_("Writing {count} terms…"), count=len(new_terms))
    with store.session() as s:
        bulk_insert(s, Expert, list(new_experts.values()))
        bulk_insert(s, Term, [
            {"id": t.id, "expert_id": t.expert_id, "body_id": service.body_id, "member_id": t.member_id,
             "tor_version_id": tor_id, "start_date": t.start_date, "end_date": t.end_date,
             "term_number": t.term_number, "status": TermStatus.SERVING}
            for t, tor_id in new_terms])
        progress.check()  # cancelled while writing: the session rolls back, nothing is kept
    return ImportSummary(rows=len(new_terms), experts_added=len(new_experts), terms_added=len(new_terms), backup=copy)


def _expert_row(expert_id: uuid.UUID, data: ExpertData) -> dict[str, Any]:
    return {"id": expert_id, "family_name": data.family_name.strip(), "given_names": data.given_names.strip(),
            "honorific": data.honorific, "title": data.title, "organization": data.organization,
            "email": data.email, "phone": data.phone, "gender": data.gender, "areas": data.areas, "notes": ""}


def _member_key(text: str) -> str:
    text = text.strip()
    return text.upper() if len(text) in (2, 3) and text.isascii() else text.casefold()


def _expert_data(row: dict[str, str]) -> ExpertData:
    areas = [a.strip().upper() for a in row.get("areas", "").replace(",", ";").split(";") if a.strip()]
    return ExpertData(family_name=row.get("family_name", ""), given_names=row.get("given_names", ""),
                      honorific=row.get("honorific") or None, title=row.get("title") or None,
                      organization=row.get("organization") or None, email=row.get("email") or None,
                      phone=row.get("phone") or None, gender=(row.get("gender") or "").lower() or None, areas=areas)


def _check_row(index: int, row: dict[str, str], data: ExpertData, by_code: dict[str, MemberState],
               bsp: set[str]) -> list[RowError]:
    found = []
    member = row.get("member", "")
    if not member:
        found.append(RowError(index, "member", Violation("", "", N_("The member is missing."))))
    elif _member_key(member) not in by_code:
        found.append(RowError(index, "member", Violation(
            "", "", N_("{member} is not a member or associate member of ESCAP (use the ISO code or the English short name)."),
            {"member": member})))
    start_text = row.get("term_start", "")
    if not start_text:
        found.append(RowError(index, "term_start", Violation("", "", N_("The start of the term is missing."))))
    elif _parse_date(start_text) is None:
        found.append(RowError(index, "term_start", Violation(
            "", "", N_("{value} is not a date in the form YYYY-MM-DD."), {"value": start_text})))
    end_text = row.get("term_end", "")
    if end_text and _parse_date(end_text) is None:
        found.append(RowError(index, "term_end", Violation(
            "", "", N_("{value} is not a date in the form YYYY-MM-DD."), {"value": end_text})))
    for v in validate_expert(data, bsp):
        found.append(RowError(index, v.field or "", v))
    return found


_COLUMN_OF_FIELD = {"member": "member", "start_date": "term_start", "end_date": "term_end", "expert": "family_name"}


def _column_of(v: Violation) -> str:
    return _COLUMN_OF_FIELD.get(v.field or "", v.field or "")
