"""The meeting service: the one way to change a body's meetings, agendas, document
registers and participants. Qt-free; the meetings pages, the documents and the
command line all go through it.

Like the roster service, every action checks first. Errors refuse (nothing is
written); warnings (R5, R7, R11, from :mod:`tegdesk.core.meeting_rules`) allow.
``save=False`` only checks, so that forms can show the answer inline before
Save. Every action is one unit of work (``store.session()``); records returned
are detached and safe to read after the call.

Public API (``MeetingService(store, body_code="TEG")``, attributes ``body_id``, ``body_code``)::

    # meetings (this module)
    meetings() -> list[MeetingRow]
    find(ref) -> Meeting                      # "TEG:2", "TEG 2", "2"; UserError if none
    get(meeting_id) -> Meeting                # UserError if none
    next_number() -> int
    suggested_title(number) -> str            # "Second meeting of the Technical Expert Group on ..."
    save_meeting(data: MeetingData, *, meeting_id=None, save=True) -> Outcome   # record: the Meeting
    warnings(meeting_id) -> list[Violation]   # R7, R11, R5
    set_status(meeting_id, status, *, save=True) -> Outcome

    # agenda (services/agenda.py; labels derived, never stored)
    agenda(meeting_id) -> list[AgendaNode]    # flatten(nodes) gives reading order
    start_agenda(meeting_id) -> Outcome       # record: the items created
    add_item(meeting_id, title, *, parent_id=None, after_id=None, kind=SUBSTANTIVE, annotation="",
             translations=None, save=True) -> Outcome
    update_item(item_id, *, title=None, annotation=None, translations=None, kind=None, save=True) -> Outcome
    remove_item(item_id) / move_up(item_id) / move_down(item_id) / indent(item_id) / outdent(item_id) -> Outcome
    move_item(item_id, *, parent_id, row) -> Outcome
    attach_document(item_id, document_id) / detach_document(item_id, document_id) -> Outcome

    # document register (services/meeting_documents.py)
    documents(meeting_id) -> list[DocumentRow]
    propose_symbol(meeting_id, *, series="", revision_of=None, revision_kind=None) -> str
    add_document(meeting_id, data: DocumentData, *, save=True) -> Outcome      # record: the Document
    update_document(document_id, data: DocumentData, *, save=True) -> Outcome
    remove_document(document_id) -> Outcome
    record_distribution(document_id, *, sent_on, channel="email", member_ids=None, save=True) -> Outcome  # R8
    distribution(document_id) -> DistributionState
    agenda_document(meeting_id) -> Document | None
    symbol_scheme() -> SymbolScheme

    # participants (services/meeting_participants.py; R2 and R12 additions stay in ParticipantService)
    participants(meeting_id) -> list[ParticipantRow]
    eligible_experts(meeting_id) -> list[EligibleExpert]
    add_experts(meeting_id, expert_ids, *, save=True) -> Outcome
    add_secretariat(meeting_id, *, family_name, given_names="", honorific=None, affiliation=None, email=None,
                    save=True) -> Outcome
    set_attendance(participant_id, *, registered_on=KEEP, attended=KEEP, save=True) -> Outcome
    set_funding(participant_id, *, requested, approved, currency, save=True) -> Outcome   # R4, minor units
    remove_participant(participant_id) -> Outcome
    funding_totals(meeting_id) -> dict[str, tuple[int, int]]

Every name above is importable from this module (``from tegdesk.core.services.meetings import ...``).

Readings the issue leaves open:

- Meeting numbers are at least 1 and unique per body, removed meetings included
  (a number once used is not reused); :meth:`next_number` is one more than the
  highest.
- Meetings follow their numbers: a meeting (not cancelled) must start after the
  lower-numbered ones end and end before the higher-numbered ones start.
- Deadlines (nominations, registration) and the call for nominations fall before
  the first day; nominations are called on or before their deadline.
- An in-person or hybrid meeting has a venue; an online one may have none.
- A cancelled meeting cannot become "held"; no meeting is "held" before it starts.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass, field, fields

from sqlmodel import Session, func, select

from tegdesk.core import meeting_rules
from tegdesk.core.errors import UserError
from tegdesk.core.i18n import LANGUAGES, N_
from tegdesk.core.models import (
    AgendaItem,
    Body,
    Document,
    Meeting,
    MeetingMode,
    MeetingStatus,
    OfficeHolding,
    Participant,
    TorVersion,
)
from tegdesk.core.rules import Violation
from tegdesk.core.services.agenda import AgendaNode, DocumentRef, flatten, letters
from tegdesk.core.services import meeting_base
from tegdesk.core.services.meeting_base import MEETING_GONE, clean, clean_translations, refusal, today
from tegdesk.core.services.meeting_documents import (
    DistributionState,
    DocumentData,
    DocumentRow,
    MemberRef,
    SentTo,
    SymbolScheme,
)
from tegdesk.core.services.meeting_participants import KEEP, EligibleExpert, ParticipantRow, ParticipantsMixin
from tegdesk.core.services.roster import Outcome
from tegdesk.core.store import Store

__all__ = ["KEEP", "AgendaNode", "DistributionState", "DocumentData", "DocumentRef", "DocumentRow", "EligibleExpert",
           "MeetingData", "MeetingRow", "MeetingService", "MemberRef", "Outcome", "ParticipantRow", "SentTo",
           "SymbolScheme", "flatten", "letters", "today"]

_ORDINALS = ("First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth",
             "Eleventh", "Twelfth", "Thirteenth", "Fourteenth", "Fifteenth", "Sixteenth", "Seventeenth",
             "Eighteenth", "Nineteenth", "Twentieth")
_REF = re.compile(r"^\s*(?:(?P<code>[A-Za-z][\w.-]*)\s*[:\s]?\s*)?(?P<number>\d+)\s*$")


@dataclass
class MeetingData:
    """Everything a meeting form edits. ``number=None`` takes :meth:`MeetingService.next_number`;
    ``end_date=None`` makes a one-day meeting."""

    title: str = ""
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    number: int | None = None
    venue: str | None = None
    mode: str = MeetingMode.IN_PERSON
    languages: list[str] = field(default_factory=lambda: ["en"])
    status: str = MeetingStatus.PLANNED
    nominations_called_on: dt.date | None = None
    nomination_deadline: dt.date | None = None
    registration_deadline: dt.date | None = None
    contact: str | None = None
    notes: str = ""
    reference: str | None = None
    translations: dict[str, dict[str, str]] = field(default_factory=dict)  # {"zh": {"title", "venue", "contact"}}

    @classmethod
    def from_meeting(cls, meeting: Meeting) -> MeetingData:
        values = {f.name: getattr(meeting, f.name) for f in fields(cls)}
        values["languages"] = list(meeting.languages or [])
        values["translations"] = {k: dict(v) for k, v in (meeting.translations or {}).items()}
        return cls(**values)


@dataclass
class MeetingRow:
    """One meeting as the list of meetings shows it."""

    id: uuid.UUID
    number: int
    label: str  # "TEG 2"
    title: str
    start_date: dt.date
    end_date: dt.date
    venue: str | None
    mode: str
    status: str
    languages: list[str]
    n_items: int
    n_documents: int
    n_participants: int
    warnings: list[Violation]
    reference: str | None = None
    translations: dict[str, dict[str, str]] = field(default_factory=dict)


class _MeetingsCore(ParticipantsMixin):
    """Meetings themselves: list, find, save, warnings, status."""

    store: Store

    # -- reading -------------------------------------------------------------------------
    def label(self, number: int) -> str:
        return f"{self.body_code} {number}"

    def meetings(self) -> list[MeetingRow]:
        """The body's meetings by number, with their counts and warnings."""
        with self.store.session() as s:
            rows = list(s.exec(select(Meeting).where(Meeting.body_id == self.body_id, Meeting.deleted_at.is_(None))
                               .order_by(Meeting.number)).all())
            ids = [m.id for m in rows]
            kinds: dict[uuid.UUID, list[str]] = {i: [] for i in ids}
            for meeting_id, kind in s.exec(select(AgendaItem.meeting_id, AgendaItem.kind).where(
                    AgendaItem.meeting_id.in_(ids), AgendaItem.deleted_at.is_(None))).all():
                kinds[meeting_id].append(kind)
            docs = self._counts(s, Document.meeting_id, ids, Document.deleted_at.is_(None))
            people = self._counts(s, Participant.meeting_id, ids, Participant.deleted_at.is_(None))
            context = self._rule_context(s)
        facts = [self._facts(m) for m in rows]
        out = []
        for meeting, fact in zip(rows, facts):
            warnings = meeting_rules.meeting_warnings(fact, facts, tors=context[0], offices=context[1],
                                                      agenda_kinds=kinds[meeting.id])
            out.append(MeetingRow(meeting.id, meeting.number, self.label(meeting.number), meeting.title,
                                  meeting.start_date, meeting.end_date, meeting.venue, meeting.mode, meeting.status,
                                  list(meeting.languages or []), len(kinds[meeting.id]), docs.get(meeting.id, 0),
                                  people.get(meeting.id, 0), warnings, meeting.reference,
                                  dict(meeting.translations or {})))
        return out

    @staticmethod
    def _counts(s: Session, column, ids: list[uuid.UUID], live) -> dict[uuid.UUID, int]:
        return dict(s.exec(select(column, func.count()).where(column.in_(ids), live).group_by(column)).all())

    def _rule_context(self, s: Session) -> tuple[list[TorVersion], list[OfficeHolding]]:
        tors = list(s.exec(select(TorVersion).where(TorVersion.body_id == self.body_id)).all())
        offices = list(s.exec(select(OfficeHolding).where(OfficeHolding.body_id == self.body_id,
                                                          OfficeHolding.deleted_at.is_(None))).all())
        return tors, offices

    @staticmethod
    def _facts(m: Meeting | MeetingData) -> meeting_rules.MeetingFacts:
        return meeting_rules.MeetingFacts(m.number, m.start_date, m.end_date, m.status, m.nominations_called_on)

    def find(self, ref: str) -> Meeting:
        """A meeting by reference: "TEG:2", "TEG 2", "TEG2" or "2"."""
        match = _REF.match(ref or "")
        code = match["code"] if match else None
        if match is None or (code and code.casefold() != self.body_code.casefold()):
            raise UserError(N_("There is no meeting {ref} of {body}; give its number, e.g. {body}:2."),
                            ref=ref, body=self.body_code)
        with self.store.session() as s:
            meeting = s.exec(select(Meeting).where(Meeting.body_id == self.body_id, Meeting.deleted_at.is_(None),
                                                   Meeting.number == int(match["number"]))).first()
        if meeting is None:
            raise UserError(N_("There is no meeting {ref} of {body}; give its number, e.g. {body}:2."),
                            ref=ref, body=self.body_code)
        return meeting

    def get(self, meeting_id: uuid.UUID) -> Meeting:
        with self.store.session() as s:
            meeting = self._meeting(s, meeting_id)
        if meeting is None:
            raise UserError(MEETING_GONE)
        return meeting

    def next_number(self) -> int:
        with self.store.session() as s:
            return self._next_number(s)

    def _next_number(self, s: Session) -> int:
        highest = s.exec(select(func.max(Meeting.number)).where(Meeting.body_id == self.body_id)).one()
        return (highest or 0) + 1

    def suggested_title(self, number: int) -> str:
        """The usual English title: "Second meeting of the Technical Expert Group on ..."."""
        with self.store.session() as s:
            body = s.get(Body, self.body_id)
        ordinal = _ORDINALS[number - 1] if 1 <= number <= len(_ORDINALS) else f"{number}th"
        return f"{ordinal} {body.meeting_noun} of the {body.name_en}"

    def warnings(self, meeting_id: uuid.UUID) -> list[Violation]:
        """R7, R11 and R5 for one meeting, as they stand."""
        with self.store.session() as s:
            meeting = self._meeting(s, meeting_id)
            if meeting is None:
                raise UserError(MEETING_GONE)
            return self._warnings(s, self._facts(meeting), meeting.id)

    def _warnings(self, s: Session, facts: meeting_rules.MeetingFacts, meeting_id: uuid.UUID | None
                  ) -> list[Violation]:
        others = [self._facts(m) for m in self._others(s, meeting_id)]
        kinds = [] if meeting_id is None else [i.kind for i in self._live_items(s, meeting_id)]
        tors, offices = self._rule_context(s)
        return meeting_rules.meeting_warnings(facts, others, tors=tors, agenda_kinds=kinds, offices=offices)

    def _others(self, s: Session, meeting_id: uuid.UUID | None) -> list[Meeting]:
        query = select(Meeting).where(Meeting.body_id == self.body_id, Meeting.deleted_at.is_(None))
        if meeting_id is not None:
            query = query.where(Meeting.id != meeting_id)
        return list(s.exec(query).all())

    # -- writing --------------------------------------------------------------------------
    def save_meeting(self, data: MeetingData, *, meeting_id: uuid.UUID | None = None,
                     save: bool = True) -> Outcome:
        """Create (``meeting_id=None``) or update a meeting. The record is the meeting (with ``save=False``,
        a copy showing what would be saved)."""
        with self.store.session() as s:
            existing = None
            if meeting_id is not None:
                existing = self._meeting(s, meeting_id)
                if existing is None:
                    return refusal(MEETING_GONE)
            values, found = self._check_data(s, data, existing)
            if values is None:
                return Outcome(violations=found)
            facts = meeting_rules.MeetingFacts(values["number"], values["start_date"], values["end_date"],
                                               values["status"], values["nominations_called_on"])
            if not any(v.is_error for v in found):
                found += self._warnings(s, facts, existing.id if existing else None)
            outcome = Outcome(violations=found)
            if not save or not outcome.ok:
                outcome.record = Meeting(body_id=self.body_id, **values)
                if existing is not None:
                    outcome.record.id = existing.id
                return outcome
            meeting = existing or Meeting(body_id=self.body_id, **values)
            for name, value in values.items():
                if getattr(meeting, name) != value:
                    setattr(meeting, name, value)
            s.add(meeting)
            outcome.record, outcome.saved = meeting, True
            return outcome

    def set_status(self, meeting_id: uuid.UUID, status: str, *, save: bool = True) -> Outcome:
        """Planned, notice issued, held or cancelled (checked as a whole save)."""
        meeting = self.get(meeting_id)
        data = MeetingData.from_meeting(meeting)
        data.status = status
        return self.save_meeting(data, meeting_id=meeting_id, save=save)

    def _check_data(self, s: Session, data: MeetingData, existing: Meeting | None
                    ) -> tuple[dict | None, list[Violation]]:
        found: list[Violation] = []
        start = data.start_date
        if start is None:
            return None, [Violation("", "", N_("Enter the first day of the meeting."), field="start_date")]
        end = data.end_date or start
        number = data.number if data.number is not None else (existing.number if existing else self._next_number(s))
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            found.append(Violation("", "", N_("The meeting number must be a whole number of at least 1."),
                                   field="number"))
            number = existing.number if existing else 0
        else:
            query = select(Meeting).where(Meeting.body_id == self.body_id, Meeting.number == number)
            if existing is not None:
                query = query.where(Meeting.id != existing.id)
            if s.exec(query).first() is not None:
                found.append(Violation("", "", N_("{label} already exists; meeting numbers are unique (the next is "
                                                  "{next})."),
                                       {"label": self.label(number), "next": self._next_number(s)}, field="number"))
        title = clean(data.title)
        if not title:
            found.append(Violation("", "", N_("Enter the title of the meeting."), field="title"))
        if end < start:
            found.append(Violation("", "", N_("The meeting cannot end ({end}) before it starts ({start})."),
                                   {"start": start, "end": end}, field="end_date"))
        if data.mode not in set(MeetingMode):
            found.append(Violation("", "", N_("Unknown meeting format: {mode}."), {"mode": data.mode}, field="mode"))
        venue = clean(data.venue) or None
        if data.mode in (MeetingMode.IN_PERSON, MeetingMode.HYBRID) and not venue:
            found.append(Violation("", "", N_("Enter the venue of an in-person or hybrid meeting."), field="venue"))
        languages = list(dict.fromkeys(data.languages or []))
        unknown = [lang for lang in languages if lang not in LANGUAGES]
        if unknown or not languages:
            found.append(Violation("", "", N_("Choose the meeting's languages among {languages}."),
                                   {"languages": list(LANGUAGES)}, field="languages"))
        if data.status not in set(MeetingStatus):
            found.append(Violation("", "", N_("Unknown meeting status: {status}."), {"status": data.status},
                                   field="status"))
        found += self._check_status(data.status, existing, number, start)
        found += self._check_deadlines(data, start)
        if data.status != MeetingStatus.CANCELLED and end >= start:
            found += self._check_order(s, existing, number, start, end)
        translations = clean_translations(data.translations, ("title", "venue", "contact"), found)
        values = dict(number=number, title=title, start_date=start, end_date=end, venue=venue, mode=data.mode,
                      languages=languages, status=data.status, nominations_called_on=data.nominations_called_on,
                      nomination_deadline=data.nomination_deadline, registration_deadline=data.registration_deadline,
                      contact=clean(data.contact) or None, notes=clean(data.notes),
                      reference=clean(data.reference) or None, translations=translations)
        return values, found

    def _check_status(self, status: str, existing: Meeting | None, number: int, start: dt.date) -> list[Violation]:
        found = []
        if status == MeetingStatus.HELD:
            if existing is not None and existing.status == MeetingStatus.CANCELLED:
                found.append(Violation("", "", N_("{label} was cancelled; a cancelled meeting cannot become held. "
                                                  "Add a new meeting instead."),
                                       {"label": self.label(number)}, field="status"))
            elif start > meeting_base.today():
                found.append(Violation("", "", N_("{label} starts on {start}; it cannot be held before it starts."),
                                       {"label": self.label(number), "start": start}, field="status"))
        return found

    @staticmethod
    def _check_deadlines(data: MeetingData, start: dt.date) -> list[Violation]:
        found = []
        for name, message in (
                ("nominations_called_on", N_("Nominations are solicited before the meeting starts ({start}).")),
                ("nomination_deadline", N_("The deadline for nominations must fall before the meeting starts "
                                           "({start}).")),
                ("registration_deadline", N_("The deadline for registration must fall before the meeting starts "
                                             "({start})."))):
            value = getattr(data, name)
            if value is not None and value >= start:
                found.append(Violation("", "", message, {"start": start}, field=name))
        called, deadline = data.nominations_called_on, data.nomination_deadline
        if called is not None and deadline is not None and deadline < called:
            found.append(Violation("", "", N_("The deadline for nominations ({deadline}) cannot fall before "
                                              "nominations are solicited ({called})."),
                                   {"deadline": deadline, "called": called}, field="nomination_deadline"))
        return found

    def _check_order(self, s: Session, existing: Meeting | None, number: int, start: dt.date,
                     end: dt.date) -> list[Violation]:
        """Meetings follow their numbers (cancelled ones aside)."""
        found = []
        for other in self._others(s, existing.id if existing else None):
            if other.status == MeetingStatus.CANCELLED or other.number == number:
                continue
            if other.number < number and other.end_date >= start:
                found.append(Violation("", "", N_("{label} must start after {other} ends ({other_end})."),
                                       {"label": self.label(number), "other": self.label(other.number),
                                        "other_end": other.end_date}, field="start_date"))
            elif other.number > number and other.start_date <= end:
                found.append(Violation("", "", N_("{label} must end before {other} starts ({other_start})."),
                                       {"label": self.label(number), "other": self.label(other.number),
                                        "other_start": other.start_date}, field="end_date"))
        return found


class MeetingService(_MeetingsCore):
    """Meetings, agendas, documents and participants of one body's meetings (see the module docstring)."""
