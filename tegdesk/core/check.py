"""Checking a database file without changing it (``tegdesk db check``).

:func:`check_database` runs, in order:

1. SQLite's ``integrity_check`` on a read-only connection. A file that fails it
   is reported and nothing else is tried: the file is never opened for writing
   (unlike :func:`~tegdesk.core.store.open_store`, which refuses damaged files).
2. ``foreign_key_check``: rows that refer to a missing row.
3. The application's invariants, registered with :func:`invariant`: rules the
   data must satisfy whatever way it came in (the forms, an import, a merge).
   Each takes a read-only session and yields :class:`Finding` objects.

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
from tegdesk.core.models import Body, Expert, MemberState, OfficeHolding, Term, TorVersion
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
            for table, rowid, parent, _fk in conn.execute(text("PRAGMA foreign_key_check")):
                report.findings.append(Finding(
                    "foreign_keys", N_("Row {rowid} of table {table} refers to a missing row of {parent}."),
                    {"table": table, "rowid": rowid, "parent": parent}))
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
