"""Who takes part in a meeting: the list of participants, nominated experts from the
roster, the secretariat, registration and attendance, and funding of participation (R4).

Part of :class:`~tegdesk.core.services.meetings.MeetingService`::

    participants(meeting_id) -> list[ParticipantRow]
    eligible_experts(meeting_id) -> list[EligibleExpert]
    add_experts(meeting_id, expert_ids, *, save=True) -> Outcome          # record: the new Participants
    add_secretariat(meeting_id, *, family_name, given_names="", honorific=None, affiliation=None, email=None,
                    save=True) -> Outcome
    set_attendance(participant_id, *, registered_on=KEEP, attended=KEEP, save=True) -> Outcome
    set_funding(participant_id, *, requested, approved, currency, save=True) -> Outcome
    remove_participant(participant_id) -> Outcome
    funding_totals(meeting_id) -> dict[str, tuple[int, int]]             # currency -> (requested, approved)

Thematic representatives (R2) and observers (R12) are added through
:class:`~tegdesk.core.services.participants.ParticipantService`, which holds
their rules; they are listed here with everyone else.

Readings the issue leaves open:

- An expert is eligible when one of their terms covers at least one day of the
  meeting (first to last day) and they are not yet a participant.
- Registration falls on or before the meeting's last day; attendance can be
  recorded once the meeting has started, and never for a cancelled meeting.
- R4: amounts are whole minor units (cents) of an ISO 4217 currency known to
  Babel, never negative; an approved amount needs a requested one and cannot
  exceed it; amounts need a currency, and clearing both amounts clears the
  currency. The secretariat's own staff are not funded as participants.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from tegdesk.core import rules
from tegdesk.core.i18n import N_
from tegdesk.core.models import (
    Expert,
    Meeting,
    MeetingStatus,
    MemberState,
    Organisation,
    Participant,
    ParticipantRole,
    Term,
    utcnow,
)
from tegdesk.core.money import currency_violation, is_whole_amount
from tegdesk.core.rules import Violation
from tegdesk.core.services import meeting_base
from tegdesk.core.services.meeting_base import MEETING_GONE, PARTICIPANT_GONE, clean, refusal
from tegdesk.core.services.meeting_documents import DocumentsMixin
from tegdesk.core.services.participants import _same_person
from tegdesk.core.services.roster import ExpertData, Outcome, validate_expert

#: "Leave as it is" for :meth:`ParticipantsMixin.set_attendance`.
KEEP: Any = object()

_ROLE_ORDER = {role: i for i, role in enumerate(ParticipantRole)}


@dataclass
class ParticipantRow:
    """One participant as the list of participants shows it."""

    id: uuid.UUID
    role: str  # ParticipantRole
    name: str  # "Given Family"
    honorific: str
    family_name: str
    given_names: str
    member_id: uuid.UUID | None
    member: str  # the member or associate member (ESCAP's short name), or ""
    member_iso2: str
    organisation_id: uuid.UUID | None
    organisation: str  # an observer's organisation, or ""
    affiliation: str
    email: str
    topic: str  # R2
    registered_on: dt.date | None
    attended: bool | None
    funding_requested: int | None  # minor units of ``currency``
    funding_approved: int | None
    currency: str | None
    expert_id: uuid.UUID | None


@dataclass
class EligibleExpert:
    """A nominated expert serving on the meeting's dates who is not yet a participant."""

    expert_id: uuid.UUID
    name: str
    honorific: str
    family_name: str
    given_names: str
    organization: str
    member_id: uuid.UUID
    member: str
    term_id: uuid.UUID
    term_end: dt.date


def _serves_during(term: Term, meeting: Meeting) -> bool:
    return term.deleted_at is None and term.start_date <= meeting.end_date and rules.last_day(term) >= meeting.start_date


class ParticipantsMixin(DocumentsMixin):
    """The participants part of the meeting service."""

    # -- reading -------------------------------------------------------------------------
    def participants(self, meeting_id: uuid.UUID) -> list[ParticipantRow]:
        """Everyone taking part: experts, representatives, observers, secretariat, in that order."""
        with self.store.session() as s:
            people = s.exec(select(Participant).where(Participant.meeting_id == meeting_id,
                                                      Participant.deleted_at.is_(None))).all()
            experts = {e.id: e for e in s.exec(select(Expert).where(
                Expert.id.in_([p.expert_id for p in people if p.expert_id])))}
            members = {m.id: m for m in s.exec(select(MemberState))}
            orgs = {o.id: o for o in s.exec(select(Organisation).where(
                Organisation.id.in_([p.organisation_id for p in people if p.organisation_id])))}
        rows = []
        for p in people:
            ex = experts.get(p.expert_id)
            family = p.family_name or (ex.family_name if ex else "")
            given = p.given_names or (ex.given_names if ex else "")
            member = members.get(p.member_id)
            org = orgs.get(p.organisation_id)
            rows.append(ParticipantRow(
                p.id, p.role, f"{given} {family}".strip(), p.honorific or (ex.honorific if ex else None) or "",
                family, given, p.member_id, member.name_en if member else "", member.iso2 if member else "",
                p.organisation_id, org.name if org else "",
                p.affiliation or (ex.organization if ex else None) or "", p.email or (ex.email if ex else None) or "",
                p.topic or "", p.registered_on, p.attended, p.funding_requested, p.funding_approved, p.currency,
                p.expert_id))
        rows.sort(key=lambda r: (_ROLE_ORDER.get(r.role, len(_ROLE_ORDER)), r.member.casefold(),
                                 r.organisation.casefold(), r.family_name.casefold(), r.given_names.casefold()))
        return rows

    def eligible_experts(self, meeting_id: uuid.UUID) -> list[EligibleExpert]:
        """Nominated experts serving on at least one day of the meeting and not yet taking part."""
        with self.store.session() as s:
            meeting = self._meeting(s, meeting_id)
            if meeting is None:
                return []
            return self._eligible(s, meeting)

    def _eligible(self, s: Session, meeting: Meeting) -> list[EligibleExpert]:
        taken = set(s.exec(select(Participant.expert_id).where(
            Participant.meeting_id == meeting.id, Participant.role == ParticipantRole.EXPERT,
            Participant.deleted_at.is_(None))).all())
        query = (select(Term, Expert, MemberState).join(Expert, Term.expert_id == Expert.id)
                 .join(MemberState, Term.member_id == MemberState.id)
                 .where(Term.body_id == self.body_id, Term.deleted_at.is_(None), Expert.deleted_at.is_(None),
                        Term.start_date <= meeting.end_date))
        found: dict[uuid.UUID, EligibleExpert] = {}
        for term, ex, member in s.exec(query).all():
            if ex.id in taken or not _serves_during(term, meeting):
                continue
            if ex.id not in found or found[ex.id].term_end < rules.last_day(term):
                found[ex.id] = EligibleExpert(ex.id, ex.display_name, ex.honorific or "", ex.family_name,
                                              ex.given_names, ex.organization or "", member.id, member.name_en,
                                              term.id, rules.last_day(term))
        return sorted(found.values(), key=lambda e: (e.member.casefold(), e.family_name.casefold()))

    # -- adding ----------------------------------------------------------------------------
    def add_experts(self, meeting_id: uuid.UUID, expert_ids: list[uuid.UUID], *, save: bool = True) -> Outcome:
        """Add nominated experts (serving on the meeting's dates) as participants, for their member."""
        with self.store.session() as s:
            meeting, problem = self._open_meeting(s, meeting_id)
            if problem is not None:
                return problem
            wanted = list(dict.fromkeys(expert_ids or []))
            if not wanted:
                return refusal(N_("Choose at least one expert."), field="experts")
            eligible = {e.expert_id: e for e in self._eligible(s, meeting)}
            found: list[Violation] = []
            rows = []
            for expert_id in wanted:
                chosen = eligible.get(expert_id)
                if chosen is not None:
                    rows.append(Participant(meeting_id=meeting.id, role=ParticipantRole.EXPERT, expert_id=expert_id,
                                            member_id=chosen.member_id, affiliation=chosen.organization or None))
                    continue
                ex = s.get(Expert, expert_id)
                if ex is None or ex.deleted_at is not None:
                    found.append(Violation("", "", N_("The chosen expert no longer exists."), field="experts"))
                elif self._is_participant(s, meeting.id, expert_id):
                    found.append(Violation("", "", N_("{name} already takes part in {label}."),
                                           {"name": ex.display_name, "label": self.label(meeting.number)},
                                           field="experts"))
                else:
                    found.append(Violation("R1", "3", N_("{name} does not serve as a nominated expert on the dates of "
                                                         "{label} ({dates})."),
                                           {"name": ex.display_name, "label": self.label(meeting.number),
                                            "dates": [meeting.start_date, meeting.end_date]}, field="experts"))
            outcome = Outcome(violations=found, record=rows)
            if save and outcome.ok:
                s.add_all(rows)
                outcome.saved = True
            return outcome

    @staticmethod
    def _is_participant(s: Session, meeting_id: uuid.UUID, expert_id: uuid.UUID) -> bool:
        return s.exec(select(Participant.id).where(Participant.meeting_id == meeting_id,
                                                   Participant.expert_id == expert_id,
                                                   Participant.role == ParticipantRole.EXPERT,
                                                   Participant.deleted_at.is_(None))).first() is not None

    def add_secretariat(self, meeting_id: uuid.UUID, *, family_name: str, given_names: str = "",
                        honorific: str | None = None, affiliation: str | None = None, email: str | None = None,
                        save: bool = True) -> Outcome:
        """A member of the secretariat servicing the meeting."""
        family_name, given_names, email = clean(family_name), clean(given_names), clean(email) or None
        with self.store.session() as s:
            meeting, problem = self._open_meeting(s, meeting_id)
            if problem is not None:
                return problem
            found = validate_expert(ExpertData(family_name=family_name, email=email))
            for other in s.exec(select(Participant).where(Participant.meeting_id == meeting.id,
                                                          Participant.role == ParticipantRole.SECRETARIAT,
                                                          Participant.deleted_at.is_(None))).all():
                if family_name and _same_person(other, family_name=family_name, given_names=given_names, email=email,
                                                expert_id=None):
                    found.append(Violation("", "", N_("{name} is already listed for the secretariat."),
                                           {"name": f"{other.given_names or ''} {other.family_name or ''}".strip()},
                                           field="family_name"))
                    break
            record = Participant(meeting_id=meeting.id, role=ParticipantRole.SECRETARIAT, family_name=family_name,
                                 given_names=given_names, honorific=clean(honorific) or None,
                                 affiliation=clean(affiliation) or None, email=email)
            outcome = Outcome(violations=found, record=record)
            if save and outcome.ok:
                s.add(record)
                outcome.saved = True
            return outcome

    def _open_meeting(self, s: Session, meeting_id: uuid.UUID) -> tuple[Meeting | None, Outcome | None]:
        meeting = self._meeting(s, meeting_id)
        if meeting is None:
            return None, refusal(MEETING_GONE, field="meeting")
        if meeting.status == MeetingStatus.CANCELLED:
            return None, refusal(N_("{label} was cancelled; no one can be added to it."),
                                 {"label": self.label(meeting.number)}, field="meeting")
        return meeting, None

    # -- registration, attendance, funding -------------------------------------------------------
    def set_attendance(self, participant_id: uuid.UUID, *, registered_on: dt.date | None = KEEP,
                       attended: bool | None = KEEP, save: bool = True) -> Outcome:
        """Record registration (a date, or None) and attendance (True, False, or None: not known)."""
        with self.store.session() as s:
            p = self._participant(s, participant_id)
            if p is None:
                return refusal(PARTICIPANT_GONE)
            meeting = s.get(Meeting, p.meeting_id)
            label = self.label(meeting.number)
            found: list[Violation] = []
            if registered_on is not KEEP and registered_on is not None and registered_on > meeting.end_date:
                found.append(Violation("", "", N_("{label} ended on {end}; registration cannot be later."),
                                       {"label": label, "end": meeting.end_date}, field="registered_on"))
            if attended is not KEEP and attended is not None:
                if meeting.status == MeetingStatus.CANCELLED:
                    found.append(Violation("", "", N_("{label} was cancelled; no one attended it."),
                                           {"label": label}, field="attended"))
                elif meeting.start_date > meeting_base.today():
                    found.append(Violation("", "", N_("{label} starts on {start}; attendance is recorded once it has "
                                                      "started."), {"label": label, "start": meeting.start_date},
                                           field="attended"))
            outcome = Outcome(violations=found, record=p)
            if save and outcome.ok:
                if registered_on is not KEEP:
                    p.registered_on = registered_on
                if attended is not KEEP:
                    p.attended = attended
                s.add(p)
                outcome.saved = True
            return outcome

    def set_funding(self, participant_id: uuid.UUID, *, requested: int | None, approved: int | None,
                    currency: str | None, save: bool = True) -> Outcome:
        """Funding of participation requested and approved, in minor units of ``currency`` (R4)."""
        currency = clean(currency).upper() or None
        with self.store.session() as s:
            p = self._participant(s, participant_id)
            if p is None:
                return refusal(PARTICIPANT_GONE)
            found = check_funding(requested, approved, currency)
            if p.role == ParticipantRole.SECRETARIAT and (requested or approved):
                found.append(Violation("R4", "6", N_("Funding of participation is for those taking part in the "
                                                     "meeting, not for the secretariat."), field="requested"))
            outcome = Outcome(violations=found, record=p)
            if save and outcome.ok:
                p.funding_requested, p.funding_approved = requested, approved
                p.currency = currency if requested is not None or approved is not None else None
                s.add(p)
                outcome.saved = True
            return outcome

    def remove_participant(self, participant_id: uuid.UUID) -> Outcome:
        """Take someone off the list of participants (a soft delete: the row is kept)."""
        with self.store.session() as s:
            p = self._participant(s, participant_id)
            if p is None:
                return refusal(PARTICIPANT_GONE)
            p.deleted_at = utcnow()
            s.add(p)
            return Outcome(saved=True, record=p)

    def funding_totals(self, meeting_id: uuid.UUID) -> dict[str, tuple[int, int]]:
        """Currency → (total requested, total approved) over the meeting's participants."""
        totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        with self.store.session() as s:
            for p in s.exec(select(Participant).where(Participant.meeting_id == meeting_id,
                                                      Participant.deleted_at.is_(None),
                                                      Participant.currency.is_not(None))).all():
                totals[p.currency][0] += p.funding_requested or 0
                totals[p.currency][1] += p.funding_approved or 0
        return {currency: (req, app) for currency, (req, app) in sorted(totals.items())}


def check_funding(requested: int | None, approved: int | None, currency: str | None) -> list[Violation]:
    """R4: amounts in whole minor units, not negative, approved within requested, with a known currency."""
    found: list[Violation] = []
    for name, value in (("requested", requested), ("approved", approved)):
        if value is None:
            continue
        if not is_whole_amount(value):
            found.append(Violation("", "", N_("Amounts are whole numbers of cents (minor units)."), field=name))
        elif value < 0:
            found.append(Violation("R4", "6", N_("An amount of funding cannot be negative."), field=name))
    if found:
        return found
    if approved is not None and requested is None:
        found.append(Violation("R4", "6", N_("Funding is approved on a request: enter the amount requested."),
                               field="requested"))
    elif approved is not None and approved > requested:
        found.append(Violation("R4", "6", N_("The amount approved cannot exceed the amount requested."),
                               field="approved"))
    if requested is not None or approved is not None:
        if not currency:
            found.append(Violation("R4", "6", N_("Choose the currency of the amounts."), field="currency"))
        elif (unknown := currency_violation(currency)) is not None:
            found.append(unknown)
    return found
