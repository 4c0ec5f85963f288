"""The roster service: nominate, extend, withdraw, replace, elect, amend the ToR.

Every action runs the rules of :mod:`tegdesk.core.rules` first. With
``save=False`` it only checks (the dialogs show violations inline before Save);
with ``save=True`` it writes in one transaction, and only when no rule is
broken. Nothing is written on refusal.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, select

from tegdesk.core import rules
from tegdesk.core.errors import UserError
from tegdesk.core.i18n import N_
from tegdesk.core.models import (
    Body,
    Expert,
    Meeting,
    MemberState,
    OfficeHolding,
    Term,
    TermStatus,
    TorVersion,
)
from tegdesk.core.rules import RosterState, Violation
from tegdesk.core.store import Store

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
GENDERS = ("female", "male", "other", "")


@dataclass
class ExpertData:
    """What a nomination form or an import row says about a person."""

    family_name: str
    given_names: str = ""
    honorific: str | None = None
    title: str | None = None
    organization: str | None = None
    email: str | None = None
    phone: str | None = None
    gender: str | None = None
    areas: list[str] = field(default_factory=list)

    def to_expert(self) -> Expert:
        return Expert(family_name=self.family_name.strip(), given_names=self.given_names.strip(),
                      honorific=self.honorific or None, title=self.title or None,
                      organization=self.organization or None, email=self.email or None,
                      phone=self.phone or None, gender=self.gender or None, areas=list(self.areas))


def validate_expert(data: ExpertData, bsp_codes: set[str] | None = None) -> list[Violation]:
    found = []
    if not data.family_name.strip():
        found.append(Violation("", "", N_("The family name is required."), field="family_name"))
    if data.email and not _EMAIL.match(data.email.strip()):
        found.append(Violation("", "", N_("{email} is not an e-mail address."), {"email": data.email}, field="email"))
    if data.gender and data.gender not in GENDERS:
        found.append(Violation("", "", N_("Gender must be female, male or other, not {gender}."),
                               {"gender": data.gender}, field="gender"))
    if bsp_codes is not None:
        unknown = [c for c in data.areas if c not in bsp_codes]
        if unknown:
            found.append(Violation("", "", N_("Unknown BSP codes: {codes}."), {"codes": unknown}, field="areas"))
    return found


@dataclass
class Outcome:
    """The result of an action: what was (or would be) saved and what the rules said."""

    violations: list[Violation] = field(default_factory=list)
    saved: bool = False
    record: Any = None
    new_expert: Expert | None = None  # a person the action would add

    @property
    def errors(self) -> list[Violation]:
        return [v for v in self.violations if v.is_error]

    @property
    def warnings(self) -> list[Violation]:
        return [v for v in self.violations if not v.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(slots=True)
class RosterRow:
    """One term, as the roster table and the roster exports show it (slots: the table
    holds one per term, 10,000 and more)."""

    term_id: uuid.UUID
    expert_id: uuid.UUID
    member_id: uuid.UUID
    member: str
    member_iso3: str
    associate: bool
    subregion: str
    honorific: str
    family_name: str
    given_names: str
    organization: str
    title: str
    email: str
    phone: str
    start_date: dt.date
    end_date: dt.date  # the last day served or to be served
    term_number: int
    status: str
    offices: list[str]
    tor_version: int | None

    @property
    def expert_name(self) -> str:
        return f"{self.given_names} {self.family_name}".strip()


class RosterService:
    def __init__(self, store: Store, body_code: str = "TEG"):
        self.store = store
        with store.session() as s:
            body = s.exec(select(Body).where(Body.code == body_code, Body.deleted_at.is_(None))).first()
            if body is None:
                raise UserError(N_("There is no body with the code {code}."), code=body_code)
            self.body_id = body.id
            self.body_code = body.code

    # -- loading ---------------------------------------------------------------
    def load_state(self, session: Session) -> RosterState:
        tors = session.exec(select(TorVersion).where(TorVersion.body_id == self.body_id)).all()
        terms = session.exec(select(Term).where(Term.body_id == self.body_id, Term.deleted_at.is_(None))).all()
        offices = session.exec(select(OfficeHolding).where(OfficeHolding.body_id == self.body_id,
                                                           OfficeHolding.deleted_at.is_(None))).all()
        names = {row[0]: f"{row[1]} {row[2]}".strip() for row in
                 session.exec(select(Expert.id, Expert.given_names, Expert.family_name)).all()}
        members = {row[0]: rules.MemberName(row[1], row[2]) for row in
                   session.exec(select(MemberState.id, MemberState.iso2, MemberState.name_en)).all()}
        return RosterState(self.body_id, list(tors), list(terms), list(offices), names, members)

    def tor_versions(self) -> list[TorVersion]:
        with self.store.session() as s:
            return list(s.exec(select(TorVersion).where(TorVersion.body_id == self.body_id,
                                                        TorVersion.deleted_at.is_(None))
                               .order_by(TorVersion.effective_date)).all())

    def tor_on(self, day: dt.date) -> TorVersion | None:
        with self.store.session() as s:
            return self.load_state(s).tor_on(day)

    def members(self) -> list[MemberState]:
        with self.store.session() as s:
            return list(s.exec(select(MemberState).order_by(MemberState.name_en)).all())

    # -- nominations -----------------------------------------------------------------
    def nominate(self, *, member_id: uuid.UUID, start_date: dt.date, expert_id: uuid.UUID | None = None,
                 expert: ExpertData | None = None, end_date: dt.date | None = None,
                 nomination_ref: str | None = None, nomination_date: dt.date | None = None,
                 save: bool = True) -> Outcome:
        """Nominate a new or known expert; creates the term (R1, R3, R10)."""
        with self.store.session() as s:
            state = self.load_state(s)
            outcome = self.plan_nomination(s, state, member_id=member_id, start_date=start_date, expert_id=expert_id,
                                           expert=expert, end_date=end_date, nomination_ref=nomination_ref,
                                           nomination_date=nomination_date)
            if save:
                self._save(s, outcome)
            return outcome

    def plan_nomination(self, s: Session, state: RosterState, *, member_id: uuid.UUID, start_date: dt.date,
                        expert_id: uuid.UUID | None = None, expert: ExpertData | None = None,
                        end_date: dt.date | None = None, nomination_ref: str | None = None,
                        nomination_date: dt.date | None = None, replacing: Term | None = None) -> Outcome:
        """Build the term a nomination would create and check it; writes nothing."""
        outcome = Outcome()
        if expert_id is not None:
            person = s.get(Expert, expert_id)
            if person is None or person.deleted_at is not None:
                outcome.violations.append(Violation("", "", N_("The chosen expert no longer exists."), field="expert"))
                return outcome
        elif expert is not None:
            outcome.violations.extend(validate_expert(expert))
            person = outcome.new_expert = expert.to_expert()
            state.names[person.id] = person.display_name
        else:
            outcome.violations.append(Violation("", "", N_("Choose or enter the expert."), field="expert"))
            return outcome
        if member_id is None or s.get(MemberState, member_id) is None:
            outcome.violations.append(Violation("", "", N_("Choose the nominating member or associate member."),
                                                field="member"))
            return outcome
        tor = state.tor_on(start_date)
        term = Term(expert_id=person.id, body_id=self.body_id, member_id=member_id, start_date=start_date,
                    end_date=end_date or rules.term_end_for(start_date, tor.term_years if tor else 3),
                    tor_version_id=tor.id if tor else None, nomination_ref=nomination_ref or None,
                    nomination_date=nomination_date,
                    replaces_term_id=replacing.id if replacing is not None else None)
        term.term_number = rules.next_term_number(state, person.id, start_date, tor)
        outcome.violations.extend(rules.check_term(state, term, replacing=replacing))
        outcome.record = term
        return outcome

    @staticmethod
    def _save(s: Session, outcome: Outcome, *changed: Any) -> None:
        """Write a planned outcome, only when no rule is broken."""
        if not outcome.ok:
            return
        if outcome.new_expert is not None:
            s.add(outcome.new_expert)
        for record in changed:
            s.add(record)
        s.add(outcome.record)
        outcome.saved = True

    def extend(self, term_id: uuid.UUID, *, nomination_ref: str | None = None,
               nomination_date: dt.date | None = None, save: bool = True) -> Outcome:
        """The nominating member extends a term: the next consecutive term starts the day after."""
        with self.store.session() as s:
            state = self.load_state(s)
            current = self._term(s, term_id)
            outcome = self.plan_nomination(s, state, member_id=current.member_id,
                                           start_date=rules.last_day(current) + rules.ONE_DAY,
                                           expert_id=current.expert_id, nomination_ref=nomination_ref,
                                           nomination_date=nomination_date)
            if outcome.record is not None:
                outcome.record.extends_term_id = current.id
            if save:
                self._save(s, outcome)
            return outcome

    def withdraw(self, term_id: uuid.UUID, last_day: dt.date, *, save: bool = True) -> Outcome:
        """The member withdraws its expert; ``last_day`` is the last day served."""
        with self.store.session() as s:
            term = self._term(s, term_id)
            outcome = Outcome(violations=self._check_withdrawal(term, last_day), record=term)
            if save and outcome.ok:
                term.ended_on = last_day
                term.status = TermStatus.WITHDRAWN
                s.add(term)
                outcome.saved = True
            return outcome

    def _check_withdrawal(self, term: Term, last_day: dt.date) -> list[Violation]:
        if term.status in (TermStatus.WITHDRAWN, TermStatus.REPLACED):
            return [Violation("", "", N_("This term has already ended early."), field="last_day")]
        if not term.start_date - rules.ONE_DAY <= last_day <= term.end_date:
            return [Violation("", "", N_("The last day of service must fall between {start} and {end}."),
                              {"start": term.start_date - rules.ONE_DAY, "end": term.end_date}, field="last_day")]
        return []

    def replace(self, term_id: uuid.UUID, last_day: dt.date, *, expert_id: uuid.UUID | None = None,
                expert: ExpertData | None = None, nomination_ref: str | None = None,
                nomination_date: dt.date | None = None, save: bool = True) -> Outcome:
        """Withdraw one expert and nominate another in one action: the successor
        starts the day after the outgoing expert's last day, so the two never
        count together under R1."""
        with self.store.session() as s:
            state = self.load_state(s)
            old = self._term(s, term_id)
            problems = self._check_withdrawal(old, last_day)
            if problems:
                return Outcome(violations=problems)
            outcome = self.plan_nomination(s, state, member_id=old.member_id, start_date=last_day + rules.ONE_DAY,
                                           expert_id=expert_id, expert=expert, nomination_ref=nomination_ref,
                                           nomination_date=nomination_date, replacing=old)
            if save and outcome.ok:
                old.ended_on = last_day
                old.status = TermStatus.REPLACED
                self._save(s, outcome, old)
            return outcome

    # -- the Bureau -------------------------------------------------------------------
    def elect(self, *, office: str, expert_id: uuid.UUID, meeting_id: uuid.UUID | None,
              start_date: dt.date | None = None, save: bool = True) -> Outcome:
        """Elect a Chair or Vice-Chair at a meeting, from among the serving experts (R5)."""
        with self.store.session() as s:
            state = self.load_state(s)
            meeting = s.get(Meeting, meeting_id) if meeting_id else None
            day = start_date or (meeting.start_date if meeting else None)
            if day is None:
                return Outcome(violations=[Violation("R5", "7", N_("Officers are elected at a meeting of the body; choose the meeting."),
                                                     field="meeting")])
            tor = state.tor_on(day)
            holding = OfficeHolding(body_id=self.body_id, office=office, expert_id=expert_id,
                                    elected_at_meeting_id=meeting_id, tor_version_id=tor.id if tor else None,
                                    start_date=day,
                                    end_date=rules.term_end_for(day, tor.office_term_years if tor else 3))
            outcome = Outcome(record=holding)
            outcome.violations = rules.check_election(state, holding,
                                                      meeting_body_id=meeting.body_id if meeting else None)
            if save and outcome.ok:
                s.add(holding)
                outcome.saved = True
            return outcome

    # -- R10 -----------------------------------------------------------------------------
    def amend_tor(self, *, effective_date: dt.date, adopted_by: str = "", save: bool = True,
                  **changes: Any) -> Outcome:
        """A new version of the ToR, copying the latest and changing what is given."""
        with self.store.session() as s:
            state = self.load_state(s)
            latest = state.tors[-1]
            data = latest.model_dump(exclude={"id", "created_at", "updated_at", "deleted_at", "version",
                                              "effective_date", "adopted_by"})
            unknown = set(changes) - set(data)
            if unknown:
                raise ValueError(f"not a ToR parameter: {sorted(unknown)}")
            data.update(changes)
            new = TorVersion(version=latest.version + 1, effective_date=effective_date, adopted_by=adopted_by, **data)
            outcome = Outcome(record=new, violations=rules.check_amendment(state, new))
            if save and outcome.ok:
                s.add(new)
                outcome.saved = True
            return outcome

    # -- views ---------------------------------------------------------------------------
    def rows(self, as_of: dt.date) -> list[RosterRow]:
        """Every term of the body (serving and past), with its status as of ``as_of``.

        The terms are read as plain columns, not as ORM objects: at 10,000 experts and
        30,000 terms, objects with their identity map and loaded state took tens of
        megabytes at the peak for the few fields a row shows."""
        with self.store.session() as s:
            tor_numbers = {t.id: t.version for t in s.exec(select(TorVersion).where(TorVersion.body_id == self.body_id))}
            offices: dict[uuid.UUID, list[OfficeHolding]] = {}
            for h in s.exec(select(OfficeHolding).where(OfficeHolding.body_id == self.body_id,
                                                        OfficeHolding.deleted_at.is_(None))):
                offices.setdefault(h.expert_id, []).append(h)
            members = {m.id: m for m in s.exec(select(MemberState))}
            query = (select(Term.id, Term.expert_id, Term.member_id, Term.start_date, Term.end_date, Term.ended_on,
                            Term.status, Term.term_number, Term.tor_version_id, Expert.honorific, Expert.family_name, Expert.given_names, Expert.organization,
                            Expert.title, Expert.email, Expert.phone)
                     .join(Expert, Term.expert_id == Expert.id)
                     .join(MemberState, Term.member_id == MemberState.id)
                     .where(Term.body_id == self.body_id, Term.deleted_at.is_(None), Expert.deleted_at.is_(None)))
            out = []
            for (term_id, expert_id, member_id, start, end, ended_on, status, number, tor_id, honorific, family,
                 given, organization, title, email, phone) in s.exec(query):
                term = rules.TermFacts(expert_id, member_id, start, end, term_id, ended_on, status, None, number)
                last = rules.last_day(term)
                held = [h.office for h in offices.get(expert_id, ())
                        if rules.holds_office(h, as_of) and start <= as_of <= last]
                m = members[member_id]
                out.append(RosterRow(
                    term_id, expert_id, member_id, m.name_en, m.iso3, m.is_associate, m.subregion, honorific or "",
                    family, given, organization or "", title or "", email or "", phone or "", start, last,
                    number, rules.term_status(term, as_of), held, tor_numbers.get(tor_id)))
            out.sort(key=lambda r: (r.subregion, r.member, r.family_name, r.start_date))
            return out

    def warnings(self, as_of: dt.date) -> list[Violation]:
        with self.store.session() as s:
            state = self.load_state(s)
            member_ids = list(s.exec(select(MemberState.id).order_by(MemberState.name_en)).all())
            return rules.roster_warnings(state, as_of, member_ids)

    def offices(self, as_of: dt.date | None = None) -> list[OfficeHolding]:
        with self.store.session() as s:
            held = s.exec(select(OfficeHolding).where(OfficeHolding.body_id == self.body_id,
                                                      OfficeHolding.deleted_at.is_(None))
                          .order_by(OfficeHolding.start_date)).all()
            return [h for h in held if as_of is None or rules.holds_office(h, as_of)]

    def meetings(self) -> list[Meeting]:
        with self.store.session() as s:
            return list(s.exec(select(Meeting).where(Meeting.body_id == self.body_id, Meeting.deleted_at.is_(None))
                               .order_by(Meeting.number)).all())

    def expert(self, expert_id: uuid.UUID) -> Expert | None:
        with self.store.session() as s:
            return s.get(Expert, expert_id)

    def _term(self, s: Session, term_id: uuid.UUID) -> Term:
        term = s.get(Term, term_id)
        if term is None or term.deleted_at is not None or term.body_id != self.body_id:
            raise UserError(N_("That term no longer exists."))
        return term
