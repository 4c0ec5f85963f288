"""Participants through the meeting service: experts from the roster, the secretariat,
registration and attendance, funding of participation (R4) and its totals."""

from __future__ import annotations

import datetime as dt

import pytest

from tegdesk.core.i18n import translator
from tegdesk.core.models import MeetingStatus, ParticipantRole
from tegdesk.core.services import meeting_base
from tegdesk.core.services.meetings import MeetingData, MeetingService
from tegdesk.core.services.participants import ParticipantService
from tegdesk.core.services.roster import ExpertData, RosterService

D = dt.date


@pytest.fixture
def svc(store, monkeypatch):
    monkeypatch.setattr(meeting_base, "today", lambda: D(2024, 3, 12))
    return MeetingService(store)


@pytest.fixture
def meeting(svc):
    return svc.save_meeting(MeetingData(title="First meeting", start_date=D(2024, 3, 12), end_date=D(2024, 3, 13),
                                        venue="Bangkok", nominations_called_on=D(2024, 2, 1))).record


@pytest.fixture
def experts(store):
    """Three experts: one serving, one whose term starts on the meeting's last day, one who left before."""
    roster = RosterService(store)
    members = roster.members()
    serving = roster.nominate(member_id=members[0].id, start_date=D(2023, 1, 1),
                              expert=ExpertData(family_name="Zhang", given_names="Wei", organization="MEE",
                                                honorific="Mr.")).record
    late = roster.nominate(member_id=members[1].id, start_date=D(2024, 3, 13),
                           expert=ExpertData(family_name="Abe", given_names="Yuki")).record
    gone = roster.nominate(member_id=members[2].id, start_date=D(2022, 12, 1),
                           expert=ExpertData(family_name="Old", given_names="Timer")).record
    assert roster.withdraw(gone.id, D(2024, 3, 11)).saved
    return serving, late, gone


def texts(outcome) -> str:
    tr = translator("en")
    return " | ".join(v.text(tr) for v in outcome.violations)


def test_eligible_experts_and_adding_them(svc, meeting, experts):
    serving, late, gone = experts
    eligible = svc.eligible_experts(meeting.id)
    assert {e.expert_id for e in eligible} == {serving.expert_id, late.expert_id}
    refused = svc.add_experts(meeting.id, [serving.expert_id, gone.expert_id])
    assert not refused.ok and "does not serve" in texts(refused) and "Timer Old" in texts(refused)
    assert svc.participants(meeting.id) == []
    added = svc.add_experts(meeting.id, [serving.expert_id, late.expert_id])
    assert added.saved and len(added.record) == 2
    assert svc.eligible_experts(meeting.id) == []
    assert "already takes part" in texts(svc.add_experts(meeting.id, [serving.expert_id]))
    assert not svc.add_experts(meeting.id, []).ok
    rows = svc.participants(meeting.id)
    zhang = next(r for r in rows if r.expert_id == serving.expert_id)
    assert (zhang.role, zhang.name, zhang.honorific, zhang.affiliation, zhang.member_id) == (
        ParticipantRole.EXPERT, "Wei Zhang", "Mr.", "MEE", serving.member_id)
    assert zhang.member  # the member's name


def test_secretariat_and_the_order_of_the_list(svc, meeting, experts, store):
    svc.add_experts(meeting.id, [experts[0].expert_id])
    assert svc.add_secretariat(meeting.id, family_name="Lindqvist", given_names="Anna", honorific="Ms.",
                               email="anna@un.example").saved
    assert "already listed" in texts(svc.add_secretariat(meeting.id, family_name="lindqvist", given_names="anna"))
    assert not svc.add_secretariat(meeting.id, family_name=" ").ok
    assert not svc.add_secretariat(meeting.id, family_name="X", email="not-an-address").ok
    ParticipantService(store).add_observer(meeting.id, organisation_name="UNEP", family_name="Okafor")
    roles = [r.role for r in svc.participants(meeting.id)]
    assert roles == ["expert", "observer", "secretariat"]
    assert svc.meetings()[0].n_participants == 3
    # removal is soft and the list follows
    secretariat = svc.participants(meeting.id)[-1]
    assert svc.remove_participant(secretariat.id).saved
    assert [r.role for r in svc.participants(meeting.id)] == ["expert", "observer"]
    assert not svc.remove_participant(secretariat.id).ok


def test_attendance(svc, meeting, experts, monkeypatch):
    svc.add_experts(meeting.id, [experts[0].expert_id])
    [p] = svc.participants(meeting.id)
    assert svc.set_attendance(p.id, registered_on=D(2024, 3, 1)).saved
    assert svc.set_attendance(p.id, attended=True).saved
    row = svc.participants(meeting.id)[0]
    assert (row.registered_on, row.attended) == (D(2024, 3, 1), True)  # each kept when not given
    late = svc.set_attendance(p.id, registered_on=D(2024, 3, 14))
    assert not late.ok and "registration cannot be later" in texts(late)
    monkeypatch.setattr(meeting_base, "today", lambda: D(2024, 3, 11))
    early = svc.set_attendance(p.id, attended=False)
    assert not early.ok and "once it has started" in texts(early)
    assert svc.set_attendance(p.id, attended=None, registered_on=None).saved
    assert svc.participants(meeting.id)[0].attended is None


def test_cancelled_meeting(svc, meeting, experts):
    svc.add_experts(meeting.id, [experts[0].expert_id])
    [p] = svc.participants(meeting.id)
    assert svc.set_status(meeting.id, MeetingStatus.CANCELLED).saved
    assert "cancelled" in texts(svc.add_experts(meeting.id, [experts[1].expert_id]))
    assert "cancelled" in texts(svc.set_attendance(p.id, attended=True))
    assert not svc.add_secretariat(meeting.id, family_name="Late").ok


def test_funding_validation_and_totals(svc, meeting, experts):
    svc.add_experts(meeting.id, [experts[0].expert_id, experts[1].expert_id])
    svc.add_secretariat(meeting.id, family_name="Rahimi")
    a, b, sec = svc.participants(meeting.id)
    bad = [
        (dict(requested=-1, approved=None, currency="USD"), "requested"),
        (dict(requested=1000_00, approved=1000_01, currency="USD"), "approved"),
        (dict(requested=None, approved=500_00, currency="USD"), "requested"),
        (dict(requested=1000_00, approved=None, currency=None), "currency"),
        (dict(requested=1000_00, approved=None, currency="XYZ"), "currency"),
        (dict(requested=1000_00, approved=None, currency="DOLLARS"), "currency"),
        (dict(requested=10.5, approved=None, currency="USD"), "requested"),
        (dict(requested=True, approved=None, currency="USD"), "requested"),
    ]
    for kwargs, field in bad:
        outcome = svc.set_funding(a.id, **kwargs)
        assert not outcome.ok and field in {v.field for v in outcome.errors}, (kwargs, outcome.violations)
    r4 = svc.set_funding(a.id, requested=1000_00, approved=1000_01, currency="USD")
    assert "(rule R4, terms of reference, paragraph 6)" in texts(r4)
    assert svc.participants(meeting.id)[0].funding_requested is None  # nothing written on refusal
    assert svc.set_funding(a.id, requested=2500_00, approved=2500_00, currency="usd").saved  # exactly as requested
    assert svc.set_funding(b.id, requested=1800_00, approved=1200_00, currency="USD").saved
    checked = svc.set_funding(b.id, requested=0, approved=0, currency="THB", save=False)
    assert checked.ok and not checked.saved
    assert "not for the secretariat" in texts(svc.set_funding(sec.id, requested=100, approved=None, currency="USD"))
    assert svc.funding_totals(meeting.id) == {"USD": (4300_00, 3700_00)}
    assert svc.set_funding(b.id, requested=90_000, approved=None, currency="THB").saved
    assert svc.funding_totals(meeting.id) == {"THB": (90_000, 0), "USD": (2500_00, 2500_00)}
    # clearing the amounts clears the currency
    assert svc.set_funding(b.id, requested=None, approved=None, currency="THB").saved
    row = next(r for r in svc.participants(meeting.id) if r.id == b.id)
    assert (row.funding_requested, row.funding_approved, row.currency) == (None, None, None)
    assert svc.funding_totals(meeting.id) == {"USD": (2500_00, 2500_00)}
