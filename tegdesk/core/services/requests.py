"""The request service: the one way to record and follow requests for technical assistance (B4).

A request is received from a member or associate member (the requesting body, the date,
the channel, the subject and its BSP codes, the focal point that handles it), then moves
through its statuses, each change a dated :class:`~tegdesk.core.models.RequestEvent` with a
note; the activities and experts that answered it are linked to it. The rules are in
:mod:`tegdesk.core.request_rules`; this service gathers what they read, and writes only when
they allow it, in one unit of work. ``save=False`` only checks (the forms show the answer
inline before Save). Warnings (an answered request with nothing linked, a reference naming
another year) never stop a save.

Public API (``RequestService(store)``)::

    propose_reference(received_on=None) -> str            # "TA/2026/008"
    load(request_id) -> RequestDraft
    check(draft, request_id=None) -> Outcome              # no write
    save(draft, request_id=None, *, save=True) -> Outcome  # record: the request id
    create(draft, *, save=True) / update(request_id, draft, *, save=True) -> Outcome
    delete(request_id) -> Outcome                         # soft
    change_status(request_id, status, on, note="", *, save=True) -> Outcome   # record: the event id
    next_statuses(request_id) -> list[str]
    link_activity / unlink_activity(request_id, activity_id) -> Outcome
    link_expert / unlink_expert(request_id, expert_id) -> Outcome
    history(request_id) -> list[HistoryEntry]             # oldest first
    detail(request_id) -> RequestDetail
    register(f: RequestFilter | None) -> list[RequestRow]  # newest first
    board(f: RequestFilter | None) -> dict[status, list[RequestRow]]
    years() -> list[int]; members() -> list[MemberState]; bsp_codes() -> list[BspCode]; focal_points() -> list[str]
    find_activities(text, limit=50) -> list[LinkedActivity]; experts() -> list[LinkedExpert]

The status and ``closed_on`` of a request are kept in step with its latest event: every
change of status goes through :meth:`RequestService.change_status`, never through
:meth:`RequestService.save`, and the first event (received) moves with ``received_on``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func
from sqlmodel import Session, select

from tegdesk.core import request_rules as rr
from tegdesk.core.activity_query import ActivityQuery
from tegdesk.core.activity_types import ActivityFilter
from tegdesk.core.errors import UserError
from tegdesk.core.i18n import N_
from tegdesk.core.models import (
    Activity,
    AssistanceRequest,
    BspCode,
    Expert,
    MemberState,
    RequestActivity,
    RequestBspCode,
    RequestEvent,
    RequestExpert,
    RequestStatus,
)
from tegdesk.core.models.base import utcnow
from tegdesk.core.rules import Violation
from tegdesk.core.services.roster import Outcome
from tegdesk.core.store import Store

__all__ = ["HistoryEntry", "LinkedActivity", "LinkedExpert", "Outcome", "RequestDetail", "RequestDraft",
           "RequestFilter", "RequestRow", "RequestService", "today"]

REQUEST_GONE = N_("That request no longer exists.")
ACTIVITY_GONE = N_("That activity no longer exists.")
EXPERT_GONE = N_("That expert no longer exists.")


def today() -> dt.date:
    """Today's date; read through this module (``requests.today()``) so that tests can fix it."""
    return dt.date.today()


@dataclass
class RequestDraft:
    """Everything the request form edits (the status is changed by :meth:`RequestService.change_status`)."""

    reference: str = ""  # empty: the service proposes one
    member: str = ""  # ISO 3166-1 alpha-2 of the requesting member or associate member
    requesting_body: str = ""  # the ministry or agency
    received_on: dt.date | None = None
    channel: str = rr.DEFAULT_CHANNEL
    subject: str = ""
    focal_point: str = ""  # a division or regional office
    bsp_codes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RequestFilter:
    """What the register and the board show. ``status`` is a status, or "open" / "closed";
    ``member`` an ISO2 code; ``year`` the year received; ``text`` is searched (any case) in the
    subject, the reference and the requesting body."""

    status: str | None = None
    member: str | None = None
    year: int | None = None
    text: str = ""


@dataclass
class RequestRow:
    """One request as the register and the board show it."""

    id: uuid.UUID
    reference: str
    status: str
    member: str  # ISO2
    member_name: str  # ESCAP's English short name (translate with MemberName)
    received_on: dt.date
    closed_on: dt.date | None
    subject: str
    requesting_body: str
    channel: str
    focal_point: str
    days: int | None  # processing days, or days waited so far while open
    activities: int
    experts: int
    warnings: list[Violation] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return rr.is_open(self.status)


@dataclass(frozen=True)
class HistoryEntry:
    id: uuid.UUID
    status: str
    on: dt.date
    note: str


@dataclass(frozen=True)
class LinkedActivity:
    id: uuid.UUID
    identifier: str
    title: str
    titles: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class LinkedExpert:
    id: uuid.UUID
    family_name: str
    given_names: str
    honorific: str
    organization: str


@dataclass
class RequestDetail:
    """A request in full: its row, its fields, its history, what answered it, where it can go."""

    row: RequestRow
    draft: RequestDraft
    history: list[HistoryEntry]
    activities: list[LinkedActivity]
    experts: list[LinkedExpert]
    next_statuses: list[str]


def _refusal(message: str, params: dict | None = None, *, field: str | None = None) -> Outcome:
    return Outcome(violations=[rr.RequestViolation("", "", message, params or {}, field=field)])


def _clean(text: str | None) -> str:
    return (text or "").strip()


class RequestService:
    """Requests for technical assistance (see the module docstring)."""

    def __init__(self, store: Store):
        self.store = store

    # -- look-ups ----------------------------------------------------------------------------
    @staticmethod
    def _request(s: Session, request_id: uuid.UUID | None) -> AssistanceRequest | None:
        request = s.get(AssistanceRequest, request_id) if request_id is not None else None
        return None if request is None or request.deleted_at is not None else request

    @staticmethod
    def _events(s: Session, request_id: uuid.UUID) -> list[RequestEvent]:
        """The request's events, oldest first (same day: in the order recorded)."""
        return list(s.exec(select(RequestEvent).where(RequestEvent.request_id == request_id)
                           .order_by(RequestEvent.on, RequestEvent.created_at)).all())

    def members(self) -> list[MemberState]:
        with self.store.reader() as s:
            return list(s.exec(select(MemberState).order_by(MemberState.name_en)).all())

    def bsp_codes(self) -> list[BspCode]:
        with self.store.reader() as s:
            return list(s.exec(select(BspCode).order_by(BspCode.code)).all())

    def focal_points(self) -> list[str]:
        """The focal points already named (for the form's suggestions), alphabetically."""
        with self.store.reader() as s:
            names = s.exec(select(AssistanceRequest.focal_point).where(AssistanceRequest.deleted_at.is_(None))
                           .distinct()).all()
        return sorted({n for n in names if n}, key=str.casefold)

    def years(self) -> list[int]:
        """The years in which requests were received, latest first."""
        with self.store.reader() as s:
            days = s.exec(select(AssistanceRequest.received_on).where(AssistanceRequest.deleted_at.is_(None))).all()
        return sorted({d.year for d in days}, reverse=True)

    def propose_reference(self, received_on: dt.date | None = None) -> str:
        """The next free ``TA/YEAR/NNN`` of the year received (this year by default)."""
        with self.store.reader() as s:
            used = s.exec(select(AssistanceRequest.reference)).all()  # removed ones too: references stay unique
        return rr.propose_reference((received_on or today()).year, used)

    # -- the request's own fields --------------------------------------------------------------
    def load(self, request_id: uuid.UUID) -> RequestDraft:
        with self.store.reader() as s:
            request = self._request(s, request_id)
            if request is None:
                raise UserError(REQUEST_GONE)
            member = s.get(MemberState, request.member_id)
            codes = s.exec(select(RequestBspCode.code).where(RequestBspCode.request_id == request_id)
                           .order_by(RequestBspCode.code)).all()
        return RequestDraft(reference=request.reference, member=member.iso2 if member else "",
                            requesting_body=request.requesting_body, received_on=request.received_on,
                            channel=request.channel, subject=request.subject, focal_point=request.focal_point,
                            bsp_codes=list(codes))

    def check(self, draft: RequestDraft, request_id: uuid.UUID | None = None) -> Outcome:
        return self.save(draft, request_id, save=False)

    def create(self, draft: RequestDraft, *, save: bool = True) -> Outcome:
        return self.save(draft, None, save=save)

    def update(self, request_id: uuid.UUID, draft: RequestDraft, *, save: bool = True) -> Outcome:
        return self.save(draft, request_id, save=save)

    def save(self, draft: RequestDraft, request_id: uuid.UUID | None = None, *, save: bool = True) -> Outcome:
        """Create (``request_id=None``: status received, its first event dated ``received_on``) or
        update a request. An empty reference takes :meth:`propose_reference`."""
        with self.store.session() as s:
            existing = None
            if request_id is not None:
                existing = self._request(s, request_id)
                if existing is None:
                    return _refusal(REQUEST_GONE)
            found, values, member, codes = self._check_draft(s, draft, existing)
            outcome = Outcome(violations=found)
            if existing is not None:
                outcome.violations += self._answer_warnings(s, existing)
            if not save or not outcome.ok or member is None:
                outcome.record = existing.id if existing is not None else None
                return outcome
            if existing is None:
                request = AssistanceRequest(member_id=member.id, status=RequestStatus.RECEIVED, **values)
                s.add(request)
                s.add(RequestEvent(request_id=request.id, status=RequestStatus.RECEIVED, on=values["received_on"]))
            else:
                request = existing
                values["member_id"] = member.id
                for name, value in values.items():
                    if getattr(request, name) != value:
                        setattr(request, name, value)
                s.add(request)
                self._move_receipt(s, request)
            self._set_codes(s, request.id, codes)
            outcome.record, outcome.saved = request.id, True
            return outcome

    def _check_draft(self, s: Session, draft: RequestDraft, existing: AssistanceRequest | None
                     ) -> tuple[list[Violation], dict, MemberState | None, list[str]]:
        iso2 = _clean(draft.member).upper()
        member = s.exec(select(MemberState).where(MemberState.iso2 == iso2)).first() if iso2 else None
        known_codes = set(s.exec(select(BspCode.code)).all())
        codes = list(dict.fromkeys(_clean(c).upper() for c in draft.bsp_codes if _clean(c)))
        found = rr.check_fields(member_known=member is not None, member=_clean(draft.member), channel=draft.channel,
                                subject=draft.subject, unknown_codes=[c for c in codes if c not in known_codes])
        first_later = None
        if existing is not None:
            later = [e.on for e in self._events(s, existing.id)[1:]]
            first_later = min(later) if later else None
        found += rr.check_received_on(draft.received_on, first_later, today())
        reference = rr.normalise_reference(draft.reference)
        if not reference:
            used = s.exec(select(AssistanceRequest.reference)).all()
            reference = rr.propose_reference((draft.received_on or today()).year, used)
        query = select(AssistanceRequest.reference)
        if existing is not None:
            query = query.where(AssistanceRequest.id != existing.id)
        found += rr.check_reference(reference, draft.received_on, s.exec(query).all())
        values = dict(reference=reference, requesting_body=_clean(draft.requesting_body),
                      received_on=draft.received_on, channel=draft.channel, subject=_clean(draft.subject),
                      focal_point=_clean(draft.focal_point))
        return found, values, member, codes

    def _move_receipt(self, s: Session, request: AssistanceRequest) -> None:
        """The first event is the receipt: it keeps the request's received date."""
        events = self._events(s, request.id)
        if events and events[0].status == RequestStatus.RECEIVED and events[0].on != request.received_on:
            events[0].on = request.received_on
            s.add(events[0])

    @staticmethod
    def _set_codes(s: Session, request_id: uuid.UUID, codes: list[str]) -> None:
        rows = s.exec(select(RequestBspCode).where(RequestBspCode.request_id == request_id)).all()
        have = {r.code: r for r in rows}
        for code, row in have.items():
            if code not in codes:
                s.delete(row)
        for code in codes:
            if code not in have:
                s.add(RequestBspCode(request_id=request_id, code=code))

    def delete(self, request_id: uuid.UUID) -> Outcome:
        """Remove a request (soft: the row, its history and its links are kept; its reference stays used)."""
        with self.store.session() as s:
            request = self._request(s, request_id)
            if request is None:
                return _refusal(REQUEST_GONE)
            request.deleted_at = utcnow()
            s.add(request)
            return Outcome(saved=True, record=request.id)

    # -- status --------------------------------------------------------------------------------
    def next_statuses(self, request_id: uuid.UUID) -> list[str]:
        with self.store.reader() as s:
            request = self._request(s, request_id)
            return rr.next_statuses(request.status) if request is not None else []

    def change_status(self, request_id: uuid.UUID, status: str, on: dt.date | None, note: str = "", *,
                      save: bool = True) -> Outcome:
        """Move a request to ``status`` on ``on``: a new dated event; the request's ``status`` and
        ``closed_on`` follow (closing sets it, reopening clears it)."""
        note = _clean(note)
        with self.store.session() as s:
            request = self._request(s, request_id)
            if request is None:
                return _refusal(REQUEST_GONE)
            events = self._events(s, request.id)
            previous = events[-1].on if events else None
            found = rr.check_transition(request.status, status, note)
            found += rr.check_event_date(on, request.received_on, previous, today())
            if status == RequestStatus.ANSWERED and not found:
                found += rr.check_answer_links(status, *self._link_counts(s, request.id))
            outcome = Outcome(violations=found)
            if not save or not outcome.ok:
                return outcome
            event = RequestEvent(request_id=request.id, status=status, on=on, note=note)
            s.add(event)
            request.status = status
            request.closed_on = on if rr.is_closed(status) else None
            s.add(request)
            outcome.record, outcome.saved = event.id, True
            return outcome

    def history(self, request_id: uuid.UUID) -> list[HistoryEntry]:
        with self.store.reader() as s:
            return [HistoryEntry(e.id, e.status, e.on, e.note) for e in self._events(s, request_id)]

    # -- links -------------------------------------------------------------------------------
    @staticmethod
    def _link_counts(s: Session, request_id: uuid.UUID) -> tuple[int, int]:
        activities = s.exec(select(func.count()).select_from(RequestActivity).join(
            Activity, Activity.id == RequestActivity.activity_id).where(
            RequestActivity.request_id == request_id, Activity.deleted_at.is_(None))).one()
        experts = s.exec(select(func.count()).select_from(RequestExpert).join(
            Expert, Expert.id == RequestExpert.expert_id).where(
            RequestExpert.request_id == request_id, Expert.deleted_at.is_(None))).one()
        return activities, experts

    def _answer_warnings(self, s: Session, request: AssistanceRequest) -> list[Violation]:
        return rr.check_answer_links(request.status, *self._link_counts(s, request.id))

    def link_activity(self, request_id: uuid.UUID, activity_id: uuid.UUID) -> Outcome:
        return self._link(request_id, activity_id, Activity, RequestActivity, "activity_id", ACTIVITY_GONE)

    def unlink_activity(self, request_id: uuid.UUID, activity_id: uuid.UUID) -> Outcome:
        return self._unlink(request_id, activity_id, RequestActivity, "activity_id")

    def link_expert(self, request_id: uuid.UUID, expert_id: uuid.UUID) -> Outcome:
        return self._link(request_id, expert_id, Expert, RequestExpert, "expert_id", EXPERT_GONE)

    def unlink_expert(self, request_id: uuid.UUID, expert_id: uuid.UUID) -> Outcome:
        return self._unlink(request_id, expert_id, RequestExpert, "expert_id")

    def _link(self, request_id: uuid.UUID, target_id: uuid.UUID, target_type: type, link_type: type,
              column: str, gone: str) -> Outcome:
        """Link an activity or expert (linking one already linked does nothing and says so)."""
        with self.store.session() as s:
            if self._request(s, request_id) is None:
                return _refusal(REQUEST_GONE)
            target = s.get(target_type, target_id)
            if target is None or target.deleted_at is not None:
                return _refusal(gone, field="links")
            exists = s.exec(select(link_type).where(link_type.request_id == request_id,
                                                    getattr(link_type, column) == target_id)).first()
            if exists is not None:
                return Outcome(violations=[rr.RequestViolation(
                    "", "", N_("It is already linked to this request."), severity="warning", field="links")],
                    record=exists.id)
            link = link_type(request_id=request_id, **{column: target_id})
            s.add(link)
            return Outcome(saved=True, record=link.id)

    def _unlink(self, request_id: uuid.UUID, target_id: uuid.UUID, link_type: type, column: str) -> Outcome:
        with self.store.session() as s:
            request = self._request(s, request_id)
            if request is None:
                return _refusal(REQUEST_GONE)
            link = s.exec(select(link_type).where(link_type.request_id == request_id,
                                                  getattr(link_type, column) == target_id)).first()
            if link is None:
                return _refusal(N_("It is not linked to this request."), field="links")
            s.delete(link)
            s.flush()
            return Outcome(saved=True, record=target_id, violations=self._answer_warnings(s, request))

    def find_activities(self, text: str, limit: int = 50) -> list[LinkedActivity]:
        """Activities matching ``text`` as the activity list's search does (titles and descriptions
        in every language, identifiers, organisations; Chinese too), in the list's order."""
        rows = ActivityQuery(self.store).rows(ActivityFilter(text=_clean(text)), 0, limit)
        return [LinkedActivity(r.id, r.iati_identifier, r.title, dict(r.titles or {})) for r in rows]

    def experts(self) -> list[LinkedExpert]:
        """Every expert, by family name (for the picker)."""
        with self.store.reader() as s:
            rows = s.exec(select(Expert).where(Expert.deleted_at.is_(None))).all()
        out = [_linked_expert(e) for e in rows]
        return sorted(out, key=lambda e: (e.family_name.casefold(), e.given_names.casefold()))

    # -- reading ---------------------------------------------------------------------------
    def register(self, f: RequestFilter | None = None) -> list[RequestRow]:
        """The requests the filter keeps, newest first."""
        rows = self._rows(f or RequestFilter())
        return sorted(rows, key=lambda r: (r.received_on, r.reference), reverse=True)

    def board(self, f: RequestFilter | None = None) -> dict[str, list[RequestRow]]:
        """The requests the filter keeps, by status in board order: open ones oldest first (the
        longest waiting on top), closed ones most recently closed first."""
        columns: dict[str, list[RequestRow]] = {status: [] for status in rr.STATUSES}
        for row in self._rows(f or RequestFilter()):
            columns.setdefault(row.status, []).append(row)
        for status, rows in columns.items():
            if rr.is_closed(status):
                rows.sort(key=lambda r: (r.closed_on or r.received_on, r.reference), reverse=True)
            else:
                rows.sort(key=lambda r: (r.received_on, r.reference))
        return columns

    def detail(self, request_id: uuid.UUID) -> RequestDetail | None:
        """A request in full, or None when it no longer exists."""
        rows = self._rows(RequestFilter(), only=request_id)
        if not rows:
            return None
        row = rows[0]
        with self.store.reader() as s:
            activities = s.exec(select(Activity).join(RequestActivity, RequestActivity.activity_id == Activity.id)
                                .where(RequestActivity.request_id == request_id, Activity.deleted_at.is_(None))
                                .order_by(Activity.iati_identifier)).all()
            experts = s.exec(select(Expert).join(RequestExpert, RequestExpert.expert_id == Expert.id)
                             .where(RequestExpert.request_id == request_id, Expert.deleted_at.is_(None))
                             .order_by(Expert.family_name, Expert.given_names)).all()
        return RequestDetail(row=row, draft=self.load(request_id), history=self.history(request_id),
                             activities=[LinkedActivity(a.id, a.iati_identifier, a.title, dict(a.titles or {}))
                                         for a in activities],
                             experts=[_linked_expert(e) for e in experts],
                             next_statuses=rr.next_statuses(row.status))

    def _rows(self, f: RequestFilter, only: uuid.UUID | None = None) -> list[RequestRow]:
        query = (select(AssistanceRequest, MemberState.iso2, MemberState.name_en)
                 .join(MemberState, MemberState.id == AssistanceRequest.member_id)
                 .where(AssistanceRequest.deleted_at.is_(None)))
        if only is not None:
            query = query.where(AssistanceRequest.id == only)
        if f.status == "open":
            query = query.where(AssistanceRequest.status.in_(rr.OPEN_STATUSES))
        elif f.status == "closed":
            query = query.where(AssistanceRequest.status.in_(rr.CLOSED_STATUSES))
        elif f.status:
            query = query.where(AssistanceRequest.status == f.status)
        if f.member:
            query = query.where(MemberState.iso2 == f.member.upper())
        if f.year:
            query = query.where(AssistanceRequest.received_on >= dt.date(f.year, 1, 1),
                                AssistanceRequest.received_on <= dt.date(f.year, 12, 31))
        with self.store.reader() as s:
            found = s.exec(query).all()
            ids = [r.id for r, _iso2, _name in found]
            activities = self._counts(s, RequestActivity, Activity, RequestActivity.activity_id, ids)
            experts = self._counts(s, RequestExpert, Expert, RequestExpert.expert_id, ids)
        words = _clean(f.text).casefold()
        day = today()
        rows = []
        for r, iso2, name in found:
            if words and not any(words in t.casefold() for t in (r.subject, r.reference, r.requesting_body)):
                continue
            n_act, n_exp = activities.get(r.id, 0), experts.get(r.id, 0)
            rows.append(RequestRow(
                id=r.id, reference=r.reference, status=r.status, member=iso2, member_name=name,
                received_on=r.received_on, closed_on=r.closed_on, subject=r.subject,
                requesting_body=r.requesting_body, channel=r.channel, focal_point=r.focal_point,
                days=rr.days_so_far(r.received_on, r.status, r.closed_on, day), activities=n_act, experts=n_exp,
                warnings=rr.check_answer_links(r.status, n_act, n_exp)))
        return rows

    @staticmethod
    def _counts(s: Session, link_type: type, target_type: type, column, ids: list[uuid.UUID]
                ) -> dict[uuid.UUID, int]:
        counts: dict[uuid.UUID, int] = defaultdict(int)
        if not ids:
            return counts
        for request_id, n in s.exec(select(link_type.request_id, func.count())
                                    .join(target_type, target_type.id == column)
                                    .where(link_type.request_id.in_(ids), target_type.deleted_at.is_(None))
                                    .group_by(link_type.request_id)).all():
            counts[request_id] = n
        return counts


def _linked_expert(e: Expert) -> LinkedExpert:
    return LinkedExpert(e.id, e.family_name, e.given_names, e.honorific or "", e.organization or "")
