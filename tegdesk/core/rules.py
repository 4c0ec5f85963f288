"""The terms of reference as pure functions over the data (R1, R3, R5, R10).

Nothing here reads or writes the database: the functions take a
:class:`RosterState` (terms, offices, ToR versions of one body, indexed) and a
proposed change, and return :class:`Violation` objects. The roster service, the
importer and the command line all call these same functions, so a rule holds
identically whichever way the data comes in.

Readings the ToR leaves open, decided here and stated in the messages:

- A term runs from ``start_date`` to ``end_date`` inclusive; it lasts the ToR's
  ``term_years`` (1 March 2024 to 28 February 2027 for three years). A
  withdrawn or replaced term ends on ``ended_on``, the last day served.
- R1 counts experts *serving at the same time*; a replacement frees its place
  on the day after the outgoing expert's last day.
- R3 "consecutive": two terms of the same expert on the same body are
  consecutive when the gap between them (days with no service) is shorter than
  the ToR version's ``consecutive_gap_days`` (1,095 days, one full term, for
  the TEG). A longer gap starts a new run at term 1.
- R10: a nomination is checked against the ToR in force on the term's first
  day; an election against the ToR in force on the day of the meeting.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from tegdesk.core.i18n import N_, Translator
from tegdesk.core.models import OfficeHolding, Term, TermStatus, TorVersion

ONE_DAY = dt.timedelta(days=1)
ENDING_SOON_DAYS = 90

#: Display names of Bureau offices (translated where shown).
OFFICE_NAMES = {"chair": N_("Chair"), "vice_chair": N_("Vice-Chair"), "co_chair": N_("Co-Chair"),
                "rapporteur": N_("Rapporteur")}


# -- violations ---------------------------------------------------------------

@dataclass(frozen=True)
class Violation:
    """A rule broken (``error``: the save is refused) or worth a look (``warning``)."""

    rule: str  # "R1"; empty for an error in the input itself (a missing name)
    paragraph: str  # the ToR paragraph, "3"
    message: str  # an N_-marked English template with {named} placeholders
    params: dict[str, Any] = field(default_factory=dict)
    severity: str = "error"  # "error" or "warning"
    field: str | None = None  # the form field it concerns, for inline display

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def text(self, tr: Translator) -> str:
        params = {k: _format_param(tr, v) for k, v in self.params.items()}
        sentence = tr.gettext(self.message, **params)
        if not self.rule:  # a form error, not a rule of the ToR
            return sentence
        ref = tr.gettext("(rule {rule}, terms of reference, paragraph {paragraph})",
                         rule=self.rule, paragraph=self.paragraph)
        return tr.gettext("{sentence} {reference}", sentence=sentence, reference=ref)


def _format_param(tr: Translator, value: Any) -> str:
    if isinstance(value, dt.date):
        return tr.date(value)
    if isinstance(value, (list, tuple)):
        return tr.gettext(", ").join(_format_param(tr, v) for v in value) if value else "—"
    if isinstance(value, int) and not isinstance(value, bool):
        return tr.number(value)
    if isinstance(value, OfficeName):
        return tr.gettext(OFFICE_NAMES.get(value.code, value.code))
    if isinstance(value, MemberName):
        return value.in_language(tr)
    return str(value)


@dataclass(frozen=True)
class OfficeName:
    """An office code in a message parameter, translated when the message is shown."""

    code: str


@dataclass(frozen=True)
class MemberName:
    """A member or associate member in a message: ESCAP's own short name in
    English, CLDR's name in other languages."""

    iso2: str
    name_en: str

    def in_language(self, tr: Translator) -> str:
        return self.name_en if tr.lang == "en" else tr.territory(self.iso2)

    def __str__(self) -> str:
        return self.name_en


def errors(violations: Iterable[Violation]) -> list[Violation]:
    return [v for v in violations if v.is_error]


# -- dates ----------------------------------------------------------------------

def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def term_end_for(start: dt.date, years: int) -> dt.date:
    """Last day of a term of ``years`` starting on ``start``."""
    return add_years(start, years) - ONE_DAY


def last_day(term: Term) -> dt.date:
    """The last day actually served (or to be served)."""
    if term.ended_on is not None:
        return min(term.ended_on, term.end_date)
    return term.end_date


def is_serving(term: Term, on: dt.date) -> bool:
    return term.deleted_at is None and term.start_date <= on <= last_day(term)


def term_status(term: Term, on: dt.date) -> str:
    """serving, upcoming, ended, withdrawn or replaced, as of ``on``."""
    if term.status in (TermStatus.WITHDRAWN, TermStatus.REPLACED) and last_day(term) < on:
        return term.status
    if on < term.start_date:
        return "upcoming"
    if on > last_day(term):
        return TermStatus.ENDED
    return TermStatus.SERVING


def office_last_day(holding: OfficeHolding) -> dt.date:
    return min(holding.ended_on, holding.end_date) if holding.ended_on else holding.end_date


def holds_office(holding: OfficeHolding, on: dt.date) -> bool:
    return holding.deleted_at is None and holding.start_date <= on <= office_last_day(holding)


# -- the state of one body's roster ---------------------------------------------

@dataclass(slots=True)
class TermFacts:
    """What the rules read of a term: a :class:`Term` row has the same fields.
    Imports plan thousands of terms as these light records before writing."""

    expert_id: uuid.UUID
    member_id: uuid.UUID
    start_date: dt.date
    end_date: dt.date
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    ended_on: dt.date | None = None
    status: str = TermStatus.SERVING
    deleted_at: dt.datetime | None = None
    term_number: int = 1


@dataclass
class RosterState:
    """Everything the rules need about one body, indexed for speed."""

    body_id: uuid.UUID
    tors: list[TorVersion]
    terms: list[Term] = field(default_factory=list)
    offices: list[OfficeHolding] = field(default_factory=list)
    names: dict[uuid.UUID, str] = field(default_factory=dict)  # expert id -> display name
    member_names: dict[uuid.UUID, MemberName] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.tors = sorted((t for t in self.tors if t.deleted_at is None), key=lambda t: t.effective_date)
        self.by_member: dict[uuid.UUID, list[Term]] = defaultdict(list)
        self.by_expert: dict[uuid.UUID, list[Term]] = defaultdict(list)
        live = [t for t in self.terms if t.deleted_at is None]
        self.terms = []
        for term in live:
            self.add_term(term)

    def add_term(self, term: Term) -> None:
        self.terms.append(term)
        self.by_member[term.member_id].append(term)
        self.by_expert[term.expert_id].append(term)

    def name(self, expert_id: uuid.UUID) -> str:
        return self.names.get(expert_id, str(expert_id)[:8])

    def member(self, member_id: uuid.UUID) -> MemberName | str:
        return self.member_names.get(member_id, str(member_id)[:8])

    def tor_on(self, day: dt.date) -> TorVersion | None:
        """R10: the version in force on ``day`` (the latest that took effect by then)."""
        current = None
        for tor in self.tors:
            if tor.effective_date <= day:
                current = tor
            else:
                break
        return current


def _no_tor(day: dt.date) -> Violation:
    return Violation("R10", "12", N_("No terms of reference of this body were in force on {date}."),
                     {"date": day}, field="start_date")


# -- R1 and R3: nominations, extensions, replacements -----------------------------

def consecutive_run(state: RosterState, expert_id: uuid.UUID, start: dt.date, tor: TorVersion,
                    ignore: Iterable[uuid.UUID] = ()) -> list[Term]:
    """The expert's earlier terms that form one consecutive run with a term starting on ``start``."""
    skip = set(ignore)
    earlier = sorted((t for t in state.by_expert.get(expert_id, ()) if t.id not in skip and t.start_date < start),
                     key=lambda t: t.start_date)
    run: list[Term] = []
    boundary = start
    for term in reversed(earlier):
        gap = (boundary - last_day(term)).days - 1
        if gap < tor.consecutive_gap_days:
            run.insert(0, term)
            boundary = term.start_date
        else:
            break
    return run


def check_term(state: RosterState, term: Term, *, replacing: Term | None = None) -> list[Violation]:
    """Every rule a new term must satisfy before it is saved (R1, R3, R10)."""
    found: list[Violation] = []
    tor = state.tor_on(term.start_date)
    if tor is None:
        return [_no_tor(term.start_date)]
    name, member = state.name(term.expert_id), state.member(term.member_id)
    if term.end_date < term.start_date:
        found.append(Violation("R3", "5", N_("The term of {name} cannot end ({end}) before it starts ({start})."),
                               {"name": name, "start": term.start_date, "end": term.end_date}, field="end_date"))
        return found
    longest = term_end_for(term.start_date, tor.term_years)
    if term.end_date > longest:
        found.append(Violation(
            "R3", "5", N_("A term lasts {years} years: the term of {name} starting on {start} must end by {latest}, not on {end}."),
            {"years": tor.term_years, "name": name, "start": term.start_date, "latest": longest, "end": term.end_date},
            field="end_date"))

    # The same person cannot hold two overlapping terms on the body.
    for other in state.by_expert.get(term.expert_id, ()):
        if other.id in (term.id, getattr(replacing, "id", None)):
            continue
        if other.start_date <= last_day(term) and term.start_date <= last_day(other):
            found.append(Violation(
                "R3", "5", N_("{name} already serves a term from {start} to {end} (nominated by {member})."),
                {"name": name, "start": other.start_date, "end": last_day(other), "member": state.member(other.member_id)},
                field="expert"))
            break

    # R1: at most N experts of a member serving at the same time.
    limit = tor.experts_per_member
    if limit is not None:
        end = last_day(term)
        others = [t for t in state.by_member.get(term.member_id, ())
                  if t.start_date <= end and term.start_date <= last_day(t)  # overlapping only: fast on long histories
                  and t.id != term.id and (replacing is None or t.id != replacing.id) and t.expert_id != term.expert_id]
        points = [term.start_date] + [t.start_date for t in others if term.start_date < t.start_date <= end]
        for point in sorted(points):
            serving = [t for t in others if is_serving(t, point)]
            if len(serving) + 1 > limit:
                found.append(Violation(
                    "R1", "3",
                    N_("{member} may have at most {limit} experts serving at the same time; on {date} {names} already serve. Withdraw or replace one of them first."),
                    {"member": member, "limit": limit, "date": point,
                     "names": sorted(state.name(t.expert_id) for t in serving)},
                    field="member"))
                break

    # R3: at most N consecutive terms.
    if tor.max_consecutive_terms is not None:
        ignore = [term.id] + ([replacing.id] if replacing is not None and replacing.expert_id == term.expert_id else [])
        run = consecutive_run(state, term.expert_id, term.start_date, tor, ignore)
        if len(run) + 1 > tor.max_consecutive_terms:
            found.append(Violation(
                "R3", "5",
                N_("{name} has already served {count} consecutive terms ({first} to {last}); an expert may serve at most {limit}. A gap of less than {gap} days between two terms still counts as consecutive."),
                {"name": name, "count": len(run), "first": run[0].start_date, "last": last_day(run[-1]),
                 "limit": tor.max_consecutive_terms, "gap": tor.consecutive_gap_days},
                field="start_date"))
    return found


def next_term_number(state: RosterState, expert_id: uuid.UUID, start: dt.date, tor: TorVersion | None,
                     ignore: Iterable[uuid.UUID] = ()) -> int:
    if tor is None:
        return 1
    return len(consecutive_run(state, expert_id, start, tor, ignore)) + 1


# -- R5: the Bureau ---------------------------------------------------------------------

def check_election(state: RosterState, holding: OfficeHolding, *,
                   meeting_body_id: uuid.UUID | None) -> list[Violation]:
    """A Chair or Vice-Chair elected at a meeting from among serving experts (R5)."""
    day = holding.start_date
    tor = state.tor_on(day)
    if tor is None:
        return [_no_tor(day)]
    found: list[Violation] = []
    name = state.name(holding.expert_id)
    office = OfficeName(holding.office)
    if holding.office not in tor.bureau_offices:
        found.append(Violation("R5", "7", N_("The terms of reference in force on {date} provide no office of {office}."),
                               {"date": day, "office": office}, field="office"))
        return found
    if holding.elected_at_meeting_id is None or meeting_body_id != state.body_id:
        found.append(Violation("R5", "7", N_("Officers are elected at a meeting of the body; choose the meeting that elected {name}."),
                               {"name": name}, field="meeting"))
    if not any(is_serving(t, day) for t in state.by_expert.get(holding.expert_id, ())):
        found.append(Violation("R5", "7", N_("{name} is not a serving expert on {date}; officers are elected from among the experts."),
                               {"name": name, "date": day}, field="expert"))
    for other in state.offices:
        if other.id == holding.id or not holds_office(other, day):
            continue
        if other.office == holding.office:
            found.append(Violation(
                "R5", "7", N_("The office of {office} is not vacant on {date}: {holder} holds it until {end}."),
                {"office": office, "date": day, "holder": state.name(other.expert_id), "end": office_last_day(other)},
                field="office"))
        elif other.expert_id == holding.expert_id:
            found.append(Violation(
                "R5", "7", N_("{name} already holds the office of {other}; one person cannot hold both offices."),
                {"name": name, "other": OfficeName(other.office)}, field="expert"))
    longest = term_end_for(day, tor.office_term_years)
    if holding.end_date > longest:
        found.append(Violation("R5", "7", N_("An office is held for {years} years: from {start} it ends by {latest}."),
                               {"years": tor.office_term_years, "start": day, "latest": longest}, field="end_date"))
    if not found:
        found.extend(officer_term_warnings(state, holding))
    return found


def officer_term_warnings(state: RosterState, holding: OfficeHolding) -> list[Violation]:
    """Flag an officer whose expert term ends before the office's term."""
    terms = [t for t in state.by_expert.get(holding.expert_id, ()) if t.deleted_at is None
             and t.start_date <= office_last_day(holding)]
    served_until = max((last_day(t) for t in terms), default=None)
    if served_until is not None and served_until < office_last_day(holding):
        return [Violation(
            "R5", "7", N_("The expert term of {name} ends on {term_end}, before the office of {office} ends on {office_end}."),
            {"name": state.name(holding.expert_id), "term_end": served_until, "office": OfficeName(holding.office),
             "office_end": office_last_day(holding)}, severity="warning")]
    return []


# -- warnings over the whole roster -------------------------------------------------

def roster_warnings(state: RosterState, on: dt.date, member_ids: Iterable[uuid.UUID]) -> list[Violation]:
    """Terms ending soon, members with no expert, Bureau offices vacant or ending."""
    found: list[Violation] = []
    soon = on + dt.timedelta(days=ENDING_SOON_DAYS)
    for term in state.terms:
        if is_serving(term, on) and last_day(term) <= soon:
            successor = any(t.expert_id == term.expert_id and t.start_date == last_day(term) + ONE_DAY
                            for t in state.by_expert[term.expert_id])
            if not successor:
                found.append(Violation("R3", "5", N_("The term of {name} ({member}) ends on {end}."),
                                       {"name": state.name(term.expert_id), "member": state.member(term.member_id),
                                        "end": last_day(term)}, severity="warning"))
    for member_id in member_ids:
        if not any(is_serving(t, on) for t in state.by_member.get(member_id, ())):
            found.append(Violation("R1", "3", N_("{member} has no expert serving."),
                                   {"member": state.member(member_id)}, severity="warning"))
    tor = state.tor_on(on)
    for office in (tor.bureau_offices if tor else []):
        holders = [h for h in state.offices if h.office == office and holds_office(h, on)]
        if not holders:
            found.append(Violation("R5", "7", N_("The office of {office} is vacant."), {"office": OfficeName(office)},
                                   severity="warning"))
        elif office_last_day(holders[0]) <= soon:
            found.append(Violation("R5", "7", N_("The office of {office}, held by {name}, ends on {end}."),
                                   {"office": OfficeName(office), "name": state.name(holders[0].expert_id),
                                    "end": office_last_day(holders[0])}, severity="warning"))
        for holder in holders:
            found.extend(officer_term_warnings(state, holder))
    return found


# -- R10: amending the ToR ------------------------------------------------------------

def check_amendment(state: RosterState, new: TorVersion) -> list[Violation]:
    """An amendment adds a version taking effect after the latest one; history is never rewritten."""
    found: list[Violation] = []
    if state.tors and new.effective_date <= state.tors[-1].effective_date:
        found.append(Violation(
            "R10", "12", N_("An amendment must take effect after the version in force since {date}; earlier decisions keep the terms of reference of their date."),
            {"date": state.tors[-1].effective_date}, field="effective_date"))
    for attr, minimum in (("term_years", 1), ("office_term_years", 1), ("experts_per_member", 1),
                          ("max_consecutive_terms", 1), ("consecutive_gap_days", 0)):
        value = getattr(new, attr)
        if value is not None and value < minimum:
            found.append(Violation("R10", "12", N_("{field} must be at least {minimum}."),
                                   {"field": attr, "minimum": minimum}, field=attr))
    return found
