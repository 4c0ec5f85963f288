"""Checking a database file without changing it (``tegdesk db check``).

:func:`check_database` runs, in order:

1. SQLite's ``integrity_check`` on a read-only connection. A file that fails it
   is reported and nothing else is tried: the file is never opened for writing
   (unlike :func:`~tegdesk.core.store.open_store`, which refuses damaged files).
2. ``foreign_key_check``: rows that refer to a missing row.
3. The application's invariants, registered with :func:`invariant`: rules the
   data must satisfy whatever way it came in (the forms, an import, a merge).
   Each takes a read-only session and yields :class:`Finding` objects. Those
   here: ``R1`` (experts per member serving at once), ``R5`` (officers serve,
   one office each), ``dates`` (terms and offices end after they start),
   ``meetings`` (dates, deadlines before the meeting, meetings in number
   order), ``documents`` (one document per symbol, ignoring case and spaces).

Findings carry an ``N_``-marked English template and its parameters; they are
translated where they are shown (:meth:`Finding.text`).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, select

from tegdesk.core.i18n import N_, Translator
from tegdesk.core.models import (
    Body,
    Document,
    Expert,
    Meeting,
    MeetingStatus,
    MemberState,
    OfficeHolding,
    Term,
    TorVersion,
)
from tegdesk.core.rules import OFFICE_NAMES, OfficeName, last_day, office_last_day
from tegdesk.core.store.backup import integrity_problems
from tegdesk.core.store.engine import make_engine


@dataclass(frozen=True)
class Finding:
    """One problem found in a database."""

    check: str  # "integrity", "foreign_keys", "R1", "R5" ...
    message: str  # N_-marked template with {named} placeholders
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, tr: Translator) -> str:
        params = {k: _format(tr, v) for k, v in self.params.items()}
        return f"[{self.check}] {tr.gettext(self.message, **params)}"


def _format(tr: Translator, value: Any) -> str:
    if isinstance(value, OfficeName):
        return tr.gettext(OFFICE_NAMES.get(value.code, value.code))
    if isinstance(value, dt.date):
        return tr.date(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return tr.number(value)
    return str(value)


@dataclass
class CheckReport:
    path: Path
    findings: list[Finding] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)  # the checks that ran

    @property
    def ok(self) -> bool:
        return not self.findings


# -- invariants ------------------------------------------------------------------------

Invariant = Callable[[Session], Iterable[Finding]]

#: Application invariants, by name, in the order they run.
INVARIANTS: dict[str, Invariant] = {}


def invariant(name: str) -> Callable[[Invariant], Invariant]:
    """Register an invariant checked by :func:`check_database`."""

    def register(fn: Invariant) -> Invariant:
        if name in INVARIANTS:
            raise ValueError(f"invariant {name!r} registered twice")
        INVARIANTS[name] = fn
        return fn

    return register


# -- the check -------------------------------------------------------------------------

def check_database(path: Path, *, invariants: dict[str, Invariant] | None = None) -> CheckReport:
    """Check the database at ``path`` without writing to it."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(2, "No such file", str(path))
    report = CheckReport(path)

    report.checks.append("integrity")
    problems = integrity_problems(path)
    if problems:
        report.findings.extend(
            Finding("integrity", N_("SQLite integrity check: {detail}"), {"detail": p}) for p in problems)
        return report

    engine = make_engine(path, read_only=True)
    try:
        with engine.connect() as conn:
            report.checks.append("foreign_keys")
            for table, rowid, parent, fk in conn.execute(text("PRAGMA foreign_key_check")).all():
                row_id, column = _foreign_key_detail(conn, table, rowid, fk)
                report.findings.append(Finding(
                    "foreign_keys", N_("Row {row} of table {table}: {column} refers to a missing row of {parent}."),
                    {"table": table, "row": row_id, "column": column, "parent": parent}))
            tables = {row[0] for row in conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))}
        if "alembic_version" not in tables:
            report.findings.append(Finding("schema", N_("This SQLite file is not a tegdesk database.")))
            return report
        with Session(engine) as session:
            for name, fn in (INVARIANTS if invariants is None else invariants).items():
                report.checks.append(name)
                try:
                    report.findings.extend(fn(session))
                except Exception as exc:  # a database error must not crash the report; a bug still does
                    if not _is_database_error(exc):
                        raise
                    report.findings.append(Finding(
                        name, N_("The check could not run: {detail}"), {"detail": " ".join(str(exc).split())[:300]}))
    finally:
        engine.dispose()
    return report


def _foreign_key_detail(conn: Any, table: str, rowid: int | None, fk: int) -> tuple[str, str]:
    """The row's ``id`` (its rowid when it has none) and the column of foreign key number ``fk``."""
    row_id = str(rowid)
    quoted = '"' + table.replace('"', '""') + '"'
    try:
        found = conn.execute(text(f"SELECT id FROM {quoted} WHERE rowid = :r"), {"r": rowid}).scalar()
        if found is not None:
            row_id = str(found)
    except Exception as exc:  # a table without an id column
        if not _is_database_error(exc):
            raise
    columns = [r[3] for r in conn.execute(text(f"PRAGMA foreign_key_list({quoted})")) if r[0] == fk]
    return row_id, ", ".join(columns) or "?"


def _is_database_error(exc: BaseException) -> bool:
    from sqlalchemy.exc import DBAPIError

    return isinstance(exc, (sqlite3.Error, DBAPIError))


# -- helpers shared by the invariants --------------------------------------------------

def _tor_on(tors: list[TorVersion], day: dt.date) -> TorVersion | None:
    """The ToR version in force on ``day`` (R10); before the first version, the first."""
    current = tors[0] if tors else None
    for tor in tors:
        if tor.effective_date <= day:
            current = tor
    return current


def _names(session: Session) -> tuple[dict[uuid.UUID, str], dict[uuid.UUID, str], dict[uuid.UUID, str]]:
    experts = {e.id: e.display_name for e in session.exec(select(Expert))}
    members = {m.id: m.name_en for m in session.exec(select(MemberState))}
    bodies = {b.id: b.code for b in session.exec(select(Body))}
    return experts, members, bodies


# -- R1: at most N experts of a member serving at the same time --------------------------

@invariant("R1")
def experts_per_member(session: Session) -> Iterator[Finding]:
    """No member has more serving terms on a body, on any day, than the ToR in force allows."""
    tors: dict[uuid.UUID, list[TorVersion]] = defaultdict(list)
    for tor in session.exec(select(TorVersion).where(TorVersion.deleted_at.is_(None))
                            .order_by(TorVersion.effective_date)):
        tors[tor.body_id].append(tor)
    groups: dict[tuple[uuid.UUID, uuid.UUID], list[Term]] = defaultdict(list)
    for term in session.exec(select(Term).where(Term.deleted_at.is_(None))):
        groups[(term.body_id, term.member_id)].append(term)
    if not groups:
        return
    experts, members, bodies = _names(session)
    for (body_id, member_id), terms in sorted(groups.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1]))):
        # The count only rises on a first day, so the first days are the points to test.
        for day in sorted({t.start_date for t in terms}):
            tor = _tor_on(tors.get(body_id, []), day)
            limit = tor.experts_per_member if tor is not None else None
            if limit is None:
                continue
            serving = [t for t in terms if t.start_date <= day <= last_day(t)]
            if len(serving) > limit:
                yield Finding("R1", N_("{member} has {count} experts serving on {body} on {date}; the terms of "
                                       "reference allow at most {limit} ({names})."),
                              {"member": members.get(member_id, member_id), "count": len(serving),
                               "body": bodies.get(body_id, body_id), "date": day, "limit": limit,
                               "names": ", ".join(sorted(experts.get(t.expert_id, str(t.expert_id))
                                                         for t in serving))})
                break  # one finding per member and body is enough to act on


# -- R5: officers are serving experts, one office each -----------------------------------

@invariant("R5")
def officers_serve(session: Session) -> Iterator[Finding]:
    """Every office holder serves a term on the body when taking office, and holds one office at a time."""
    holdings = list(session.exec(select(OfficeHolding).where(OfficeHolding.deleted_at.is_(None))))
    if not holdings:
        return
    terms: dict[tuple[uuid.UUID, uuid.UUID], list[Term]] = defaultdict(list)
    for term in session.exec(select(Term).where(Term.deleted_at.is_(None))):
        terms[(term.body_id, term.expert_id)].append(term)
    experts, _members, bodies = _names(session)
    for h in sorted(holdings, key=lambda h: (h.start_date, h.office)):
        name = experts.get(h.expert_id, str(h.expert_id))
        if not any(t.start_date <= h.start_date <= last_day(t) for t in terms.get((h.body_id, h.expert_id), [])):
            yield Finding("R5", N_("{name} holds the office of {office} of {body} from {date} but is not a "
                                   "serving expert on that day."),
                          {"name": name, "office": OfficeName(h.office), "body": bodies.get(h.body_id, h.body_id),
                           "date": h.start_date})
    for i, a in enumerate(holdings):
        for b in holdings[i + 1:]:
            if a.body_id != b.body_id or not (a.start_date <= office_last_day(b) and b.start_date <= office_last_day(a)):
                continue
            day = max(a.start_date, b.start_date)
            if a.expert_id == b.expert_id and a.office != b.office:
                yield Finding("R5", N_("{name} holds two offices of {body} ({office} and {other}) on {date}."),
                              {"name": experts.get(a.expert_id, str(a.expert_id)), "body": bodies.get(a.body_id),
                               "office": OfficeName(a.office), "other": OfficeName(b.office), "date": day})
            elif a.office == b.office and a.expert_id != b.expert_id:
                yield Finding("R5", N_("The office of {office} of {body} has two holders on {date}: {name} and "
                                       "{other}."),
                              {"office": OfficeName(a.office), "body": bodies.get(a.body_id), "date": day,
                               "name": experts.get(a.expert_id, str(a.expert_id)),
                               "other": experts.get(b.expert_id, str(b.expert_id))})


# -- dates that must be in order ---------------------------------------------------------

@invariant("dates")
def dates_in_order(session: Session) -> Iterator[Finding]:
    """Terms and offices do not end before they start."""
    experts, members, bodies = _names(session)
    for term in session.exec(select(Term).where(Term.deleted_at.is_(None)).order_by(Term.start_date)):
        if term.end_date < term.start_date:
            yield Finding("dates", N_("The term of {name} for {member} on {body} ends ({end}) before it starts "
                                      "({start})."),
                          {"name": experts.get(term.expert_id, str(term.expert_id)),
                           "member": members.get(term.member_id, term.member_id),
                           "body": bodies.get(term.body_id, term.body_id), "start": term.start_date,
                           "end": term.end_date})
    for h in session.exec(select(OfficeHolding).where(OfficeHolding.deleted_at.is_(None))
                          .order_by(OfficeHolding.start_date)):
        if h.end_date < h.start_date:
            yield Finding("dates", N_("The office of {office} of {body} held by {name} ends ({end}) before it starts "
                                      "({start})."),
                          {"office": OfficeName(h.office), "body": bodies.get(h.body_id, h.body_id),
                           "name": experts.get(h.expert_id, str(h.expert_id)), "start": h.start_date,
                           "end": h.end_date})


# -- meetings: their own dates, and one after another --------------------------------------

@invariant("meetings")
def meeting_dates(session: Session) -> Iterator[Finding]:
    """A meeting ends on or after its first day; its deadlines and the call for nominations fall before it;
    the meetings of a body that are not cancelled follow their numbers without overlapping."""
    _experts, _members, bodies = _names(session)
    meetings = list(session.exec(select(Meeting).where(Meeting.deleted_at.is_(None))
                                 .order_by(Meeting.body_id, Meeting.number)))
    for m in meetings:
        label = f"{bodies.get(m.body_id, m.body_id)} {m.number}"
        if m.end_date < m.start_date:
            yield Finding("meetings", N_("Meeting {meeting} ends ({end}) before it starts ({start})."),
                          {"meeting": label, "start": m.start_date, "end": m.end_date})
        for value, message in (
                (m.nominations_called_on, N_("Nominations for meeting {meeting} are solicited on {date}, not before "
                                             "it starts ({start}).")),
                (m.nomination_deadline, N_("The deadline for nominations for meeting {meeting} ({date}) is not "
                                           "before it starts ({start}).")),
                (m.registration_deadline, N_("The deadline for registration for meeting {meeting} ({date}) is not "
                                             "before it starts ({start}).")),
        ):
            if value is not None and value >= m.start_date:
                yield Finding("meetings", message, {"meeting": label, "date": value, "start": m.start_date})
        if (m.nominations_called_on is not None and m.nomination_deadline is not None
                and m.nomination_deadline < m.nominations_called_on):
            yield Finding("meetings", N_("The deadline for nominations for meeting {meeting} ({date}) falls before "
                                         "nominations are solicited ({called})."),
                          {"meeting": label, "date": m.nomination_deadline, "called": m.nominations_called_on})
    live = [m for m in meetings if m.status != MeetingStatus.CANCELLED]
    for earlier, later in zip(live, live[1:]):
        if earlier.body_id == later.body_id and later.start_date <= earlier.end_date:
            body = bodies.get(later.body_id, later.body_id)
            yield Finding("meetings", N_("Meeting {meeting} starts ({start}) before meeting {other} ends ({end})."),
                          {"meeting": f"{body} {later.number}", "start": later.start_date,
                           "other": f"{body} {earlier.number}", "end": earlier.end_date})


# -- documents: one symbol, one document ----------------------------------------------------

def normalise_symbol(symbol: str) -> str:
    """A symbol as compared: case and spaces do not make another symbol (``escap/ced/2024/ l.1``)."""
    return "".join(symbol.split()).upper()


@invariant("documents")
def document_symbols_unique(session: Session) -> Iterator[Finding]:
    """No two documents in use carry the same symbol, ignoring case and spaces."""
    by_symbol: dict[str, list[Document]] = defaultdict(list)
    for doc in session.exec(select(Document).where(Document.deleted_at.is_(None)).order_by(Document.symbol)):
        by_symbol[normalise_symbol(doc.symbol)].append(doc)
    for docs in by_symbol.values():
        if len(docs) > 1:
            yield Finding("documents", N_("{count} documents carry the symbol {symbol}: {titles}."),
                          {"count": len(docs), "symbol": docs[0].symbol,
                           "titles": "; ".join(f"{d.symbol} “{d.title}”" for d in docs)})
