"""The B4 rules on requests, as pure functions: transitions, dates, processing time, references."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from tegdesk.core import request_rules as rr
from tegdesk.core.i18n import translator

D = dt.date
TODAY = D(2026, 11, 21)

#: Every move the rules allow: forward one step, declined or withdrawn while open, reopened to in progress.
ALLOWED = {
    ("received", "assigned"), ("received", "declined"), ("received", "withdrawn"),
    ("assigned", "in_progress"), ("assigned", "declined"), ("assigned", "withdrawn"),
    ("in_progress", "answered"), ("in_progress", "declined"), ("in_progress", "withdrawn"),
    ("answered", "in_progress"), ("declined", "in_progress"), ("withdrawn", "in_progress"),
}


@pytest.mark.parametrize("current,new", list(itertools.product(rr.STATUSES, rr.STATUSES)))
def test_every_transition_is_allowed_or_refused(current, new):
    found = rr.check_transition(current, new, note="reconsidered at the Government's request")
    if (current, new) in ALLOWED:
        assert found == []
        assert new in rr.next_statuses(current)
    else:
        assert [v.field for v in found] == ["status"] and found[0].is_error
        assert new not in rr.next_statuses(current)


def test_refusal_names_the_statuses_it_can_go_to_in_the_users_language():
    [v] = rr.check_transition("received", "answered")
    assert v.text(translator("en")).startswith(
        "A request cannot go from Received to Answered; it can go to: Assigned, Declined, Withdrawn.")
    assert "Bali Strategic Plan, paragraph 31(b)" in v.text(translator("en"))
    [same] = rr.check_transition("assigned", "assigned")
    assert "already at Assigned" in same.text(translator("en"))


def test_reopening_needs_a_note():
    for closed in rr.CLOSED_STATUSES:
        [v] = rr.check_transition(closed, "in_progress", note="  ")
        assert v.field == "note" and v.is_error
        assert rr.check_transition(closed, "in_progress", note="follow-up asked") == []
        assert rr.is_reopening(closed, "in_progress")
    assert not rr.is_reopening("assigned", "in_progress")


def test_unknown_status_is_refused():
    [v] = rr.check_transition("received", "lost")
    assert v.field == "status" and "lost" in v.text(translator("en"))


def test_open_and_closed_statuses():
    assert rr.OPEN_STATUSES == ("received", "assigned", "in_progress")
    assert rr.CLOSED_STATUSES == ("answered", "declined", "withdrawn")
    assert all(rr.is_open(s) != rr.is_closed(s) for s in rr.STATUSES)


# -- dates ----------------------------------------------------------------------------------

def test_event_date_boundaries():
    received, previous = D(2026, 3, 1), D(2026, 3, 10)
    assert rr.check_event_date(previous, received, previous, TODAY) == []  # the same day as the previous event
    assert rr.check_event_date(TODAY, received, previous, TODAY) == []  # today
    [before_prev] = rr.check_event_date(D(2026, 3, 9), received, previous, TODAY)
    assert before_prev.field == "on" and "previous change" in before_prev.text(translator("en"))
    [before_receipt] = rr.check_event_date(D(2026, 2, 28), received, None, TODAY)
    assert "received (1 March 2026)" in before_receipt.text(translator("en"))
    assert rr.check_event_date(received, received, None, TODAY) == []  # the day received
    [future] = rr.check_event_date(TODAY + dt.timedelta(days=1), received, previous, TODAY)
    assert "future" in future.text(translator("en"))
    [missing] = rr.check_event_date(None, received, previous, TODAY)
    assert missing.field == "on"


def test_received_date_boundaries():
    assert rr.check_received_on(TODAY, None, TODAY) == []
    assert rr.check_received_on(D(2026, 3, 10), D(2026, 3, 10), TODAY) == []  # the day of the first change
    [after] = rr.check_received_on(D(2026, 3, 11), D(2026, 3, 10), TODAY)
    assert after.field == "received_on" and after.rule == "B4"
    [future] = rr.check_received_on(TODAY + dt.timedelta(days=1), None, TODAY)
    assert future.field == "received_on"
    [missing] = rr.check_received_on(None, None, TODAY)
    assert missing.field == "received_on"


def test_processing_days():
    assert rr.processing_days(D(2026, 1, 1), D(2026, 1, 1)) == 0
    assert rr.processing_days(D(2026, 1, 1), D(2026, 3, 1)) == 59
    assert rr.processing_days(D(2024, 2, 28), D(2024, 3, 1)) == 2  # a leap year
    assert rr.processing_days(D(2026, 1, 1), None) is None  # still open
    assert rr.processing_days(None, D(2026, 1, 1)) is None
    assert rr.processing_days(D(2026, 1, 2), D(2026, 1, 1)) is None  # out of order: no figure


def test_days_so_far_counts_open_requests_to_today_and_closed_ones_to_their_close():
    assert rr.days_so_far(D(2026, 11, 1), "assigned", None, TODAY) == 20
    assert rr.days_so_far(D(2026, 1, 1), "answered", D(2026, 1, 31), TODAY) == 30
    # a reopened request: its old closing date no longer counts
    assert rr.days_so_far(D(2026, 11, 1), "in_progress", D(2026, 11, 5), TODAY) == 20


# -- answers, fields, references ----------------------------------------------------------------

def test_answered_without_links_warns():
    [v] = rr.check_answer_links("answered", 0, 0)
    assert not v.is_error and v.field == "links"
    assert rr.check_answer_links("answered", 1, 0) == rr.check_answer_links("answered", 0, 2) == []
    assert rr.check_answer_links("declined", 0, 0) == []


def test_fields():
    assert rr.check_fields(member_known=True, member="TH", channel="letter", subject="Air", unknown_codes=[]) == []
    found = rr.check_fields(member_known=False, member="XX", channel="pigeon", subject=" ", unknown_codes=["ZZ99"])
    assert [v.field for v in found] == ["member", "channel", "subject", "bsp_codes"]
    assert all(v.is_error for v in found)
    [none] = rr.check_fields(member_known=False, member="", channel="email", subject="x", unknown_codes=[])
    assert none.field == "member"


def test_channels_have_translated_labels():
    assert set(rr.CHANNELS) == {"note verbale", "letter", "email", "meeting", "other"}
    assert rr.channel_name(translator("en"), "meeting") == "Meeting of the Expert Group"
    assert rr.channel_name(translator("en"), "carrier pigeon") == "carrier pigeon"


def test_references():
    assert rr.reference_parts("ta/2026/007") == ("TA", 2026, 7)
    assert rr.reference_parts("BSP/REQ/2024/012") == ("BSP/REQ", 2024, 12)
    assert rr.reference_parts("2026/7") is None
    assert rr.propose_reference(2026, []) == "TA/2026/001"
    assert rr.propose_reference(2026, ["TA/2026/001", "TA/2026/009", "TA/2025/044", "X/2026/050"]) == "TA/2026/010"
    assert rr.check_reference("TA/2026/010", D(2026, 5, 1), ["TA/2026/009"]) == []
    [used] = rr.check_reference("ta/2026/009", D(2026, 5, 1), ["TA/2026/009"])
    assert used.is_error and used.field == "reference"
    [form] = rr.check_reference("request 9", D(2026, 5, 1), [])
    assert form.is_error and "TA/2026/007" in form.text(translator("en"))
    [empty] = rr.check_reference("", D(2026, 5, 1), [])
    assert empty.is_error
    [year] = rr.check_reference("TA/2025/100", D(2026, 1, 2), [])
    assert not year.is_error and "2025" in year.text(translator("en"))
