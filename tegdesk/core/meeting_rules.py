"""The terms of reference on meetings, as pure functions (R5, R7, R11): warnings only.

Nothing here reads or writes the database. :class:`MeetingFacts` says what the
rules read of a meeting (a :class:`~tegdesk.core.models.Meeting` row has the
same fields), and :func:`meeting_warnings` returns
:class:`~tegdesk.core.rules.Violation` objects of severity ``warning`` checked
against the ToR version in force on the meeting's first day (R10).

Readings the ToR leaves open, decided here and stated in the messages:

- The *first meeting* of a body is its lowest-numbered meeting that is not
  cancelled; the *previous meeting* of a meeting is the highest-numbered
  meeting below it that is not cancelled. A cancelled meeting gets no warnings.
- R7 "quarterly": months are calendar months. :func:`add_months` moves to the
  same day of the month N months later, or to that month's last day when it is
  shorter (31 May + 3 months = 31 August; 30 November + 3 months = 28 or 29
  February). A meeting starting on or before ``add_months(previous end,
  meeting_interval_months)`` is fine; one day later warns.
- R11 "three weeks before the first meeting": the call for nominations went out
  at least ``nomination_lead_days`` days before the first day of the first
  meeting (21 days before is fine, 20 warns); a first meeting with no recorded
  date warns too.
- R5: the first meeting's agenda must hold an item of kind ``election``. At a
  later meeting an election is *due* when some office of the Bureau has no
  holder whose office runs beyond the meeting's last day (vacant, or ending on
  or before that day); its agenda should then hold an election. An office with
  no holder recorded at all is taken to have been filled at the first meeting
  for ``office_term_years`` (the records may simply not be entered yet).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tegdesk.core.i18n import N_
from tegdesk.core.models import AgendaItemKind, MeetingStatus, OfficeHolding, TorVersion
from tegdesk.core.rules import OfficeName, Violation, office_last_day, term_end_for


@dataclass(frozen=True)
class MeetingFacts:
    """What the meeting rules read of a meeting (planned or saved)."""

    number: int
    start_date: dt.date
    end_date: dt.date
    status: str = MeetingStatus.PLANNED
    nominations_called_on: dt.date | None = None


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months later, clamped to the month's last day."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def tor_on(tors: Iterable[TorVersion], day: dt.date) -> TorVersion | None:
    """R10: the version in force on ``day`` (the latest that took effect by then)."""
    live = sorted((t for t in tors if t.deleted_at is None and t.effective_date <= day),
                  key=lambda t: t.effective_date)
    return live[-1] if live else None


def is_live(meeting: MeetingFacts) -> bool:
    return meeting.status != MeetingStatus.CANCELLED


def first_meeting(meetings: Iterable[MeetingFacts]) -> MeetingFacts | None:
    """The body's first meeting: the lowest-numbered that is not cancelled."""
    return min((m for m in meetings if is_live(m)), key=lambda m: m.number, default=None)


def first_meeting_number(meetings: Iterable[MeetingFacts]) -> int | None:
    first = first_meeting(meetings)
    return first.number if first is not None else None


def previous_meeting(meeting: MeetingFacts, meetings: Iterable[MeetingFacts]) -> MeetingFacts | None:
    """The highest-numbered meeting below ``meeting`` that is not cancelled."""
    earlier = [m for m in meetings if is_live(m) and m.number < meeting.number]
    return max(earlier, key=lambda m: m.number) if earlier else None


# -- R7 -------------------------------------------------------------------------------

def check_interval(meeting: MeetingFacts, previous: MeetingFacts | None, tor: TorVersion | None) -> list[Violation]:
    """R7: more than ``meeting_interval_months`` months since the previous meeting ended."""
    if previous is None or tor is None or tor.meeting_interval_months is None:
        return []
    latest = add_months(previous.end_date, tor.meeting_interval_months)
    if meeting.start_date <= latest:
        return []
    return [Violation(
        "R7", "9",
        N_("Meeting {number} starts on {start}, more than {months} months after meeting {previous} ended on "
           "{previous_end} (by {latest} at the latest); the group meets quarterly or as needed."),
        {"number": meeting.number, "start": meeting.start_date, "months": tor.meeting_interval_months,
         "previous": previous.number, "previous_end": previous.end_date, "latest": latest},
        severity="warning", field="start_date")]


# -- R11 ------------------------------------------------------------------------------

def check_nomination_lead(meeting: MeetingFacts, tor: TorVersion | None) -> list[Violation]:
    """R11: nominations for the first meeting solicited at least ``nomination_lead_days`` days before."""
    if tor is None or tor.nomination_lead_days is None:
        return []
    latest = meeting.start_date - dt.timedelta(days=tor.nomination_lead_days)
    called = meeting.nominations_called_on
    if called is None:
        return [Violation(
            "R11", "2(b)",
            N_("Nominations for the first meeting are solicited {days} days before it, by {latest}; enter the date "
               "on which they were solicited."),
            {"days": tor.nomination_lead_days, "latest": latest}, severity="warning", field="nominations_called_on")]
    if called > latest:
        return [Violation(
            "R11", "2(b)",
            N_("Nominations for the first meeting were solicited on {called}, {lead} days before it; they are "
               "solicited {days} days before, by {latest}."),
            {"called": called, "lead": (meeting.start_date - called).days, "days": tor.nomination_lead_days,
             "latest": latest}, severity="warning", field="nominations_called_on")]
    return []


# -- R5 -------------------------------------------------------------------------------

def offices_due(meeting: MeetingFacts, offices: Iterable[OfficeHolding], tor: TorVersion | None,
                first: MeetingFacts | None = None) -> list[str]:
    """The Bureau's offices with no holder whose office runs beyond the meeting's last day.

    An office never recorded counts from the ``first`` meeting, for the ToR's office term."""
    if tor is None:
        return []
    live = [h for h in offices if h.deleted_at is None]
    due = []
    for office in tor.bureau_offices:
        held = [h for h in live if h.office == office]
        if not held and first is not None:
            if term_end_for(first.start_date, tor.office_term_years) <= meeting.end_date:
                due.append(office)
        elif not any(h.start_date <= meeting.end_date < office_last_day(h) for h in held):
            due.append(office)
    return due


def election_due(meeting: MeetingFacts, *, is_first: bool, offices: Iterable[OfficeHolding],
                 tor: TorVersion | None, first: MeetingFacts | None = None) -> bool:
    """Whether the meeting should elect officers: the first meeting always does (R5)."""
    if is_first:
        return tor is None or bool(tor.bureau_offices)
    return bool(offices_due(meeting, offices, tor, first))


def check_election(meeting: MeetingFacts, agenda_kinds: Iterable[str], *, is_first: bool,
                   offices: Sequence[OfficeHolding], tor: TorVersion | None,
                   first: MeetingFacts | None = None) -> list[Violation]:
    """R5: an election of officers on the agenda of the first meeting, and wherever it is due."""
    if AgendaItemKind.ELECTION in set(agenda_kinds) or tor is None or not tor.bureau_offices:
        return []
    names = [OfficeName(o) for o in tor.bureau_offices]
    if is_first:
        return [Violation(
            "R5", "7", N_("At its first meeting the group elects its {offices} (the Bureau); the agenda of meeting "
                          "{number} has no election of officers."),
            {"offices": names, "number": meeting.number}, severity="warning", field="agenda")]
    due = offices_due(meeting, offices, tor, first)
    if due:
        return [Violation(
            "R5", "7", N_("The office of {offices} is vacant or ends by {date}, the last day of meeting {number}; "
                          "its agenda has no election of officers."),
            {"offices": [OfficeName(o) for o in due], "date": meeting.end_date, "number": meeting.number},
            severity="warning", field="agenda")]
    return []


# -- all of them ----------------------------------------------------------------------

def meeting_warnings(meeting: MeetingFacts, meetings: Iterable[MeetingFacts], *, tors: Iterable[TorVersion],
                     agenda_kinds: Iterable[str], offices: Sequence[OfficeHolding]) -> list[Violation]:
    """R7, R11 and R5 for ``meeting`` among the body's ``meetings`` (which may include it)."""
    if not is_live(meeting):
        return []
    others = [m for m in meetings if m.number != meeting.number] + [meeting]
    tor = tor_on(tors, meeting.start_date)
    if tor is None:
        return [Violation("R10", "12", N_("No terms of reference of this body were in force on {date}."),
                          {"date": meeting.start_date}, severity="warning", field="start_date")]
    first = first_meeting(others)
    is_first = first is not None and first.number == meeting.number
    found = check_interval(meeting, previous_meeting(meeting, others), tor)
    if is_first:
        found += check_nomination_lead(meeting, tor)
    found += check_election(meeting, agenda_kinds, is_first=is_first, offices=offices, tor=tor, first=first)
    return found
