"""Meeting warnings at their boundaries: R7 (three months), R11 (three weeks), R5 (election)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from tegdesk.core import meeting_rules as mr
from tegdesk.core.i18n import translator
from tegdesk.core.models import AgendaItemKind, MeetingStatus, OfficeHolding, TorVersion

D = dt.date
TOR = TorVersion(body_id=uuid.uuid4(), version=1, effective_date=D(2022, 11, 29))
ELECTION = [AgendaItemKind.OPENING, AgendaItemKind.ELECTION]


def facts(number, start, end=None, *, called=None, status=MeetingStatus.PLANNED):
    return mr.MeetingFacts(number, start, end or start, status, called)


def warn(meeting, meetings=(), *, kinds=ELECTION, offices=(), tors=(TOR,)):
    return mr.meeting_warnings(meeting, list(meetings), tors=list(tors), agenda_kinds=kinds, offices=list(offices))


def rules_of(violations):
    return [v.rule for v in violations]


@pytest.mark.parametrize(("day", "months", "expected"), [
    (D(2024, 3, 15), 3, D(2024, 6, 15)),
    (D(2024, 5, 31), 3, D(2024, 8, 31)),
    (D(2023, 11, 30), 3, D(2024, 2, 29)),  # clamped to the month's last day (leap year)
    (D(2022, 11, 30), 3, D(2023, 2, 28)),
    (D(2024, 10, 31), 3, D(2025, 1, 31)),  # across the year
    (D(2024, 1, 31), 1, D(2024, 2, 29)),
])
def test_add_months(day, months, expected):
    assert mr.add_months(day, months) == expected


def test_r7_exactly_three_months_is_fine_one_day_more_warns():
    first = facts(1, D(2024, 3, 14), D(2024, 3, 15), called=D(2024, 2, 1))
    assert warn(facts(2, D(2024, 6, 15)), [first]) == []
    [w] = warn(facts(2, D(2024, 6, 16)), [first])
    assert (w.rule, w.paragraph, w.severity, w.field) == ("R7", "9", "warning", "start_date")
    text = w.text(translator("en"))
    assert "16 June 2024" in text and "15 March 2024" in text and "15 June 2024" in text and "(rule R7" in text
    assert "2024年6月16日" in w.text(translator("zh"))


def test_r7_skips_cancelled_meetings_and_reads_the_tor():
    first = facts(1, D(2024, 1, 10), called=D(2023, 12, 1))
    cancelled = facts(2, D(2024, 4, 10), status=MeetingStatus.CANCELLED)
    assert rules_of(warn(facts(3, D(2024, 5, 10)), [first, cancelled])) == ["R7"]  # measured from meeting 1
    assert warn(cancelled, [first]) == []  # a cancelled meeting gets no warnings
    loose = TorVersion(body_id=TOR.body_id, version=1, effective_date=D(2022, 1, 1), meeting_interval_months=None)
    assert warn(facts(3, D(2024, 5, 10)), [first, cancelled], tors=[loose]) == []
    # A later amendment (R10) is read only from its effective date.
    six = TorVersion(body_id=TOR.body_id, version=2, effective_date=D(2024, 5, 1), meeting_interval_months=6)
    assert warn(facts(3, D(2024, 5, 10)), [first], tors=[TOR, six]) == []
    assert rules_of(warn(facts(3, D(2024, 4, 30)), [first], tors=[TOR, six])) == ["R7"]


def test_r11_twenty_one_days_fine_twenty_warns_missing_warns():
    start = D(2024, 3, 12)
    assert warn(facts(1, start, called=D(2024, 2, 20))) == []  # 21 days before
    [w] = warn(facts(1, start, called=D(2024, 2, 21)))  # 20 days
    assert (w.rule, w.paragraph, w.field) == ("R11", "2(b)", "nominations_called_on")
    assert "20 days" in w.text(translator("en")) and "20 February 2024" in w.text(translator("en"))
    [w] = warn(facts(1, start))
    assert w.rule == "R11" and "enter the date" in w.text(translator("en"))
    # Only the first meeting: a second meeting needs no call for nominations.
    assert warn(facts(2, D(2024, 5, 1)), [facts(1, start, called=D(2024, 2, 1))]) == []
    # The first meeting is the lowest-numbered one that is not cancelled.
    cancelled = facts(1, D(2024, 1, 1), status=MeetingStatus.CANCELLED)
    assert rules_of(warn(facts(2, start), [cancelled])) == ["R11"]


def test_r5_first_meeting_needs_an_election():
    first = facts(1, D(2024, 3, 12), called=D(2024, 2, 1))
    [w] = warn(first, kinds=[AgendaItemKind.OPENING, AgendaItemKind.SUBSTANTIVE])
    assert (w.rule, w.paragraph, w.field) == ("R5", "7", "agenda")
    assert "elects its Chair, Vice-Chair (the Bureau)" in w.text(translator("en"))
    assert warn(first, kinds=ELECTION) == []
    assert rules_of(warn(first, kinds=[])) == ["R5"]


def test_r5_election_due_when_an_office_ends_by_the_last_day():
    first = facts(1, D(2024, 3, 12), D(2024, 3, 13), called=D(2024, 2, 1))
    holdings = [OfficeHolding(body_id=TOR.body_id, office=o, expert_id=uuid.uuid4(), start_date=D(2024, 3, 12),
                              end_date=D(2027, 3, 11)) for o in ("chair", "vice_chair")]
    plain = [AgendaItemKind.OPENING]
    ending_day_before = facts(9, D(2027, 3, 9), D(2027, 3, 10))
    assert "R5" not in rules_of(warn(ending_day_before, [first], kinds=plain, offices=holdings))
    ending_same_day = facts(9, D(2027, 3, 10), D(2027, 3, 11))
    assert "R5" in rules_of(warn(ending_same_day, [first], kinds=plain, offices=holdings))
    assert "R5" not in rules_of(warn(ending_same_day, [first], kinds=ELECTION, offices=holdings))
    # A vacated office (the Vice-Chair left early) makes an election due.
    holdings[1].ended_on = D(2025, 6, 30)
    [w] = [v for v in warn(ending_day_before, [first], kinds=plain, offices=holdings) if v.rule == "R5"]
    text = w.text(translator("en"))
    assert "Vice-Chair" in text and "10 March 2027" in text and "meeting 9" in text
    assert mr.offices_due(ending_day_before, holdings, TOR, first) == ["vice_chair"]
    # An office with no holder recorded is taken as filled at the first meeting, for three years.
    assert mr.offices_due(ending_day_before, [], TOR, first) == []
    assert mr.offices_due(ending_same_day, [], TOR, first) == ["chair", "vice_chair"]


def test_no_tor_in_force_is_said_once():
    [w] = warn(facts(1, D(2020, 1, 1)))
    assert w.rule == "R10" and w.severity == "warning"
