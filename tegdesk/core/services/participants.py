"""Who takes part in a meeting besides the nominated experts: thematic
representatives (R2) and observers (R12).

- R2 (ToR annex, para 4): a member or associate member may designate a
  national expert as its representative, case by case, for one meeting and one
  specific topic. A representative is *not* one of the member's nominated
  experts: nothing here counts towards R1 (the roster, its rules and the
  database invariants read terms, never participants).
- R12 (paras 2-3): the group may be opened to major groups and other
  stakeholders. An observer comes for an organisation; a name not yet in the
  list of organisations adds one.

Like the roster service, every action checks first and, with ``save=False``,
only checks (the dialogs show the answer inline before Save); with
``save=True`` it writes in one transaction, and only when nothing is refused.
Removing a participant is a soft delete.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import Session, select

from tegdesk.core import rules
from tegdesk.core.i18n import N_
from tegdesk.core.models import Expert, Meeting, MeetingStatus, MemberState, Organisation, Participant, ParticipantRole
from tegdesk.core.models.base import utcnow
from tegdesk.core.rules import Violation
from tegdesk.core.services.roster import ExpertData, Outcome, RosterService, validate_expert
from tegdesk.core.store import Store

#: The roles this service adds and removes.
REPRESENTATIVE = ParticipantRole.THEMATIC_REPRESENTATIVE
OBSERVER = ParticipantRole.OBSERVER

#: A representative is designated for a specific topic (R2): the message when none is given.
TOPIC_REQUIRED = N_("A representative is designated for a specific topic; enter the topic.")
#: An observer comes for an organisation (R12): the message when none is given.
ORGANISATION_REQUIRED = N_("An observer takes part for an organisation of the major groups and other "
                           "stakeholders; choose or enter the organisation.")


@dataclass
class ParticipantOutcome(Outcome):
    """An :class:`Outcome` that may also add an organisation (an observer's, R12)."""

    new_organisation: Organisation | None = None


def _same_text(a: str | None, b: str | None) -> bool:
    return " ".join((a or "").split()).casefold() == " ".join((b or "").split()).casefold()


def _same_person(p: Participant, *, family_name: str, given_names: str, email: str | None,
                 expert_id: uuid.UUID | None) -> bool:
    """The same person: the same expert record, the same e-mail, or the same full name."""
    if expert_id is not None and p.expert_id == expert_id:
        return True
    if email and p.email and _same_text(email, p.email):
        return True
    return _same_text(family_name, p.family_name) and _same_text(given_names, p.given_names)


def _display_name(family_name: str, given_names: str) -> str:
    return f"{given_names.strip()} {family_name.strip()}".strip()


class ParticipantService:
    """Thematic representatives and observers of the meetings of one body."""

    def __init__(self, store: Store, body_code: str = "TEG"):
        self.store = store
        self.roster = RosterService(store, body_code)
        self.body_id = self.roster.body_id
        self.body_code = self.roster.body_code

    # -- reading --------------------------------------------------------------------
    def meetings(self) -> list[Meeting]:
        return self.roster.meetings()

    def members(self) -> list[MemberState]:
        return self.roster.members()

    def organisations(self) -> list[Organisation]:
        with self.store.session() as s:
            orgs = s.exec(select(Organisation).where(Organisation.deleted_at.is_(None))).all()
            return sorted(orgs, key=lambda o: o.name.casefold())

    def list(self, meeting_id: uuid.UUID, roles: Iterable[str] | None = None) -> list[Participant]:
        """The meeting's participants (not removed), of the given roles (default: all), by role and name."""
        wanted = [str(r) for r in roles] if roles is not None else None
        with self.store.session() as s:
            query = select(Participant).where(Participant.meeting_id == meeting_id, Participant.deleted_at.is_(None))
            if wanted is not None:
                query = query.where(Participant.role.in_(wanted))
            found = s.exec(query).all()
        order = {role: i for i, role in enumerate(ParticipantRole)}
        return sorted(found, key=lambda p: (order.get(p.role, len(order)), (p.family_name or "").casefold(),
                                            (p.given_names or "").casefold(), (p.topic or "").casefold()))

    # -- R2: thematic representatives ------------------------------------------------
    def designate_representative(self, meeting_id: uuid.UUID | None, member_id: uuid.UUID | None, *, topic: str,
                                 family_name: str, given_names: str = "", honorific: str | None = None,
                                 affiliation: str | None = None, email: str | None = None,
                                 expert_id: uuid.UUID | None = None, save: bool = True) -> ParticipantOutcome:
        """A member or associate member designates its representative for one meeting and one topic (R2).

        Not counted under R1: a member with all its nominated experts serving may still designate one."""
        topic = " ".join((topic or "").split())
        family_name, given_names = (family_name or "").strip(), (given_names or "").strip()
        with self.store.session() as s:
            outcome = ParticipantOutcome()
            meeting = self._check_meeting(s, meeting_id, "R2", "4", outcome)
            member = s.get(MemberState, member_id) if member_id is not None else None
            if member is None:
                outcome.violations.append(Violation(
                    "", "", N_("Choose the member or associate member that designates the representative."),
                    field="member"))
            if expert_id is not None:
                person = s.get(Expert, expert_id)
                if person is None or person.deleted_at is not None:
                    outcome.violations.append(Violation("", "", N_("The chosen expert no longer exists."),
                                                        field="family_name"))
                elif not family_name:
                    family_name, given_names = person.family_name, person.given_names
                    honorific = honorific or person.honorific
                    affiliation = affiliation or person.organization
                    email = email or person.email
            if not topic:
                outcome.violations.append(Violation("R2", "4", TOPIC_REQUIRED, field="topic"))
            outcome.violations.extend(validate_expert(ExpertData(family_name=family_name, email=email)))
            if meeting is not None and topic and family_name:
                for other in self._participants(s, meeting.id, REPRESENTATIVE):
                    if _same_text(other.topic, topic) and _same_person(
                            other, family_name=family_name, given_names=given_names, email=email,
                            expert_id=expert_id):
                        designated_by = self._member_name(s, other.member_id)
                        outcome.violations.append(Violation(
                            "R2", "4",
                            N_("{name} is already designated by {member} for meeting {number} on the topic "
                               "“{topic}”; a person is designated once per meeting and topic."),
                            {"name": _display_name(other.family_name or "", other.given_names or ""),
                             "member": designated_by, "number": meeting.number, "topic": other.topic},
                            field="family_name"))
                        break
            outcome.record = Participant(
                meeting_id=meeting_id, role=REPRESENTATIVE, member_id=member_id, expert_id=expert_id,
                family_name=family_name, given_names=given_names, honorific=honorific or None,
                affiliation=(affiliation or "").strip() or None, email=(email or "").strip() or None,
                topic=topic)
            if save and outcome.ok:
                s.add(outcome.record)
                outcome.saved = True
            return outcome

    # -- R12: observers ----------------------------------------------------------------
    def add_observer(self, meeting_id: uuid.UUID | None, *, organisation_id: uuid.UUID | None = None,
                     organisation_name: str | None = None, family_name: str, given_names: str = "",
                     honorific: str | None = None, affiliation: str | None = None, email: str | None = None,
                     save: bool = True) -> ParticipantOutcome:
        """An observer of the major groups and other stakeholders (R12), for an organisation:
        a known one (``organisation_id``) or one named here (added unless the name is known)."""
        family_name, given_names = (family_name or "").strip(), (given_names or "").strip()
        organisation_name = " ".join((organisation_name or "").split())
        with self.store.session() as s:
            outcome = ParticipantOutcome()
            meeting = self._check_meeting(s, meeting_id, "R12", "3", outcome)
            org = self._organisation(s, organisation_id, organisation_name, outcome)
            outcome.violations.extend(validate_expert(ExpertData(family_name=family_name, email=email)))
            if meeting is not None and family_name:
                for other in self._participants(s, meeting.id, OBSERVER):
                    if _same_person(other, family_name=family_name, given_names=given_names, email=email,
                                    expert_id=None):
                        outcome.violations.append(Violation(
                            "R12", "3", N_("{name} is already an observer at meeting {number}."),
                            {"name": _display_name(other.family_name or "", other.given_names or ""),
                             "number": meeting.number}, field="family_name"))
                        break
            outcome.record = Participant(
                meeting_id=meeting_id, role=OBSERVER, organisation_id=org.id if org is not None else None,
                family_name=family_name, given_names=given_names, honorific=honorific or None,
                affiliation=(affiliation or "").strip() or None, email=(email or "").strip() or None)
            if save and outcome.ok:
                if outcome.new_organisation is not None:
                    s.add(outcome.new_organisation)
                    s.flush()  # the organisation's row before the participant's (no ORM relationship orders them)
                s.add(outcome.record)
                outcome.saved = True
            return outcome

    def _organisation(self, s: Session, organisation_id: uuid.UUID | None, name: str,
                      outcome: ParticipantOutcome) -> Organisation | None:
        if organisation_id is not None:
            org = s.get(Organisation, organisation_id)
            if org is None or org.deleted_at is not None:
                outcome.violations.append(Violation("", "", N_("The chosen organisation no longer exists."),
                                                    field="organisation"))
                return None
            return org
        if not name:
            outcome.violations.append(Violation("R12", "3", ORGANISATION_REQUIRED, field="organisation"))
            return None
        for org in s.exec(select(Organisation).where(Organisation.deleted_at.is_(None))):
            if _same_text(org.name, name) or (org.acronym and _same_text(org.acronym, name)):
                return org
        outcome.new_organisation = Organisation(name=name)
        return outcome.new_organisation

    # -- removing -----------------------------------------------------------------------
    def remove(self, participant_id: uuid.UUID, *, save: bool = True) -> Outcome:
        """Remove a participant from a meeting of the body (a soft delete: the row is kept)."""
        with self.store.session() as s:
            p = s.get(Participant, participant_id)
            meeting = s.get(Meeting, p.meeting_id) if p is not None else None
            if p is None or p.deleted_at is not None or meeting is None or meeting.body_id != self.body_id:
                return Outcome(violations=[Violation("", "", N_("That participant no longer exists."))])
            outcome = Outcome(record=p)
            if save:
                p.deleted_at = utcnow()
                s.add(p)
                outcome.saved = True
            return outcome

    # -- helpers ------------------------------------------------------------------------
    def _check_meeting(self, s: Session, meeting_id: uuid.UUID | None, rule: str, paragraph: str,
                       outcome: Outcome) -> Meeting | None:
        """The meeting, if participants can be added to it; else a violation."""
        meeting = s.get(Meeting, meeting_id) if meeting_id is not None else None
        if meeting is None or meeting.deleted_at is not None:
            outcome.violations.append(Violation("", "", N_("Choose the meeting."), field="meeting"))
            return None
        if meeting.body_id != self.body_id:
            outcome.violations.append(Violation(rule, paragraph, N_("Meeting {number} is not a meeting of {body}."),
                                                {"number": meeting.number, "body": self.body_code},
                                                field="meeting"))
            return None
        if meeting.status == MeetingStatus.CANCELLED:
            outcome.violations.append(Violation(
                rule, paragraph, N_("Meeting {number} ({date}) was cancelled; no one can be added to it."),
                {"number": meeting.number, "date": meeting.start_date}, field="meeting"))
            return None
        return meeting

    @staticmethod
    def _participants(s: Session, meeting_id: uuid.UUID, role: str) -> list[Participant]:
        return list(s.exec(select(Participant).where(Participant.meeting_id == meeting_id, Participant.role == role,
                                                     Participant.deleted_at.is_(None))).all())

    @staticmethod
    def _member_name(s: Session, member_id: uuid.UUID | None) -> rules.MemberName | str:
        member = s.get(MemberState, member_id) if member_id is not None else None
        return rules.MemberName(member.iso2, member.name_en) if member is not None else "—"

