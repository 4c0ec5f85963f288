"""Thematic representatives (R2) and observers (R12): designated per meeting and
topic, never counted under R1, removed softly."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from tegdesk.core.check import check_database
from tegdesk.core.i18n import translator
from tegdesk.core.models import Body, Meeting, MeetingStatus, MemberState, Organisation, Participant, ParticipantRole
from tegdesk.core.services.participants import ORGANISATION_REQUIRED, TOPIC_REQUIRED, ParticipantService
from tegdesk.core.services.roster import ExpertData, RosterService

TODAY = dt.date.today()


@pytest.fixture
def svc(store):
    return ParticipantService(store)


@pytest.fixture
def roster(store):
    return RosterService(store)


def _member(store, iso3: str) -> MemberState:
    with store.reader() as s:
        return s.exec(select(MemberState).where(MemberState.iso3 == iso3)).one()


def _meeting(store, number: int, day: dt.date, *, body_code: str = "TEG", status: str = MeetingStatus.PLANNED):
    with store.session() as s:
        body = s.exec(select(Body).where(Body.code == body_code)).one()
        meeting = Meeting(body_id=body.id, number=number, start_date=day, end_date=day + dt.timedelta(days=1),
                          status=status)
        s.add(meeting)
        return meeting.id


def _nominate(roster, member_id, family):
    outcome = roster.nominate(member_id=member_id, start_date=TODAY - dt.timedelta(days=30),
                              expert=ExpertData(family_name=family, given_names="Test"))
    assert outcome.saved, [v.message for v in outcome.violations]
    return outcome.record


def _texts(outcome) -> str:
    tr = translator("en")
    return " | ".join(v.text(tr) for v in outcome.violations)


def _participants(store) -> list[Participant]:
    with store.reader() as s:
        return list(s.exec(select(Participant)).all())


# -- R2 -------------------------------------------------------------------------------

def test_r2_a_member_with_two_serving_experts_can_still_designate_a_representative(svc, roster, store):
    thailand = _member(store, "THA")
    _nominate(roster, thailand.id, "Srisuk")
    _nominate(roster, thailand.id, "Tanaka")
    meeting = _meeting(store, 1, TODAY + dt.timedelta(days=40))

    outcome = svc.designate_representative(meeting, thailand.id, topic="Air quality monitoring",
                                           family_name="Chaiyo", given_names="Somchai", honorific="Mr.",
                                           affiliation="Pollution Control Department", email="somchai@pcd.go.th")
    assert outcome.saved, _texts(outcome)
    assert outcome.violations == []
    [p] = svc.list(meeting)
    assert (p.role, p.member_id, p.topic, p.family_name) == (ParticipantRole.THEMATIC_REPRESENTATIVE, thailand.id,
                                                              "Air quality monitoring", "Chaiyo")
    assert p.expert_id is None

    # R1 still counts the two nominated experts only: a third is refused, naming those two.
    third = roster.nominate(member_id=thailand.id, start_date=TODAY,
                            expert=ExpertData(family_name="Chaiyo", given_names="Somchai"), save=False)
    [r1] = [v for v in third.errors if v.rule == "R1"]
    assert r1.params["names"] == ["Test Srisuk", "Test Tanaka"]
    # the roster lists terms, never participants; the invariants find nothing
    assert sorted(r.family_name for r in roster.rows(TODAY)) == ["Srisuk", "Tanaka"]
    assert not any(v.rule == "R1" for v in roster.warnings(TODAY) if v.params.get("member") == "Thailand")
    store.close()
    assert check_database(store.path).findings == []


def test_r2_several_representatives_of_one_member_are_not_limited(svc, store):
    japan = _member(store, "JPN")
    meeting = _meeting(store, 1, TODAY)
    for family, topic in (("Sato", "Marine litter"), ("Kato", "Air quality"), ("Ito", "Chemicals")):
        assert svc.designate_representative(meeting, japan.id, topic=topic, family_name=family).saved
    assert len(svc.list(meeting, roles=[ParticipantRole.THEMATIC_REPRESENTATIVE])) == 3


def test_r2_topic_is_required(svc, store):
    meeting = _meeting(store, 1, TODAY)
    outcome = svc.designate_representative(meeting, _member(store, "JPN").id, topic="   ", family_name="Sato")
    assert not outcome.saved and not outcome.ok
    [v] = outcome.errors
    assert (v.rule, v.paragraph, v.field, v.message) == ("R2", "4", "topic", TOPIC_REQUIRED)
    assert "(rule R2, terms of reference, paragraph 4)" in _texts(outcome)
    assert _participants(store) == []


def test_r2_form_errors_name_member_meeting_email(svc, store):
    outcome = svc.designate_representative(None, None, topic="Chemicals", family_name="", email="nope")
    assert {v.field for v in outcome.errors} == {"meeting", "member", "family_name", "email"}
    assert all(v.rule == "" for v in outcome.errors)


def test_r2_the_same_person_is_designated_once_per_meeting_and_topic(svc, store):
    japan, korea = _member(store, "JPN"), _member(store, "KOR")
    meeting = _meeting(store, 1, TODAY)
    other_meeting = _meeting(store, 2, TODAY + dt.timedelta(days=90))
    assert svc.designate_representative(meeting, japan.id, topic="Marine litter", family_name="Sato",
                                        given_names="Yui").saved

    again = svc.designate_representative(meeting, korea.id, topic="  marine LITTER ", family_name="sato",
                                         given_names="Yui")
    assert not again.saved
    [v] = again.errors
    assert (v.rule, v.paragraph, v.field) == ("R2", "4", "family_name")
    assert "Yui Sato is already designated by Japan for meeting 1 on the topic “Marine litter”" in _texts(again)
    # the same e-mail is the same person, whatever the spelling of the name
    svc.designate_representative(meeting, japan.id, topic="Chemicals", family_name="Kato", email="k@env.go.jp")
    assert not svc.designate_representative(meeting, japan.id, topic="Chemicals", family_name="Katou",
                                            email="K@env.go.jp").saved
    # another topic, or another meeting, is another designation
    assert svc.designate_representative(meeting, japan.id, topic="Air quality", family_name="Sato",
                                        given_names="Yui").saved
    assert svc.designate_representative(other_meeting, japan.id, topic="Marine litter", family_name="Sato",
                                        given_names="Yui").saved
    assert len(_participants(store)) == 4


def test_r2_a_removed_designation_can_be_made_again(svc, store):
    meeting = _meeting(store, 1, TODAY)
    first = svc.designate_representative(meeting, _member(store, "JPN").id, topic="Marine litter",
                                         family_name="Sato")
    assert svc.remove(first.record.id).saved
    assert svc.designate_representative(meeting, _member(store, "JPN").id, topic="Marine litter",
                                        family_name="Sato").saved


def test_r2_cancelled_meeting_is_refused(svc, store):
    meeting = _meeting(store, 1, dt.date(2025, 3, 12), status=MeetingStatus.CANCELLED)
    outcome = svc.designate_representative(meeting, _member(store, "JPN").id, topic="Chemicals",
                                           family_name="Sato")
    [v] = outcome.errors
    assert (v.rule, v.paragraph, v.field) == ("R2", "4", "meeting")
    assert "Meeting 1 (12 March 2025) was cancelled" in _texts(outcome)
    assert _participants(store) == []


def test_r2_meeting_of_another_body_is_refused(svc, store):
    ced_session = _meeting(store, 8, TODAY, body_code="CED")
    outcome = svc.designate_representative(ced_session, _member(store, "JPN").id, topic="Chemicals",
                                           family_name="Sato")
    [v] = outcome.errors
    assert (v.rule, v.field) == ("R2", "meeting")
    assert "Meeting 8 is not a meeting of TEG." in _texts(outcome)


def test_r2_a_known_expert_lends_their_details(svc, roster, store):
    japan = _member(store, "JPN")
    term = _nominate(roster, japan.id, "Sato")
    meeting = _meeting(store, 1, TODAY)
    outcome = svc.designate_representative(meeting, japan.id, topic="Chemicals", family_name="",
                                           expert_id=term.expert_id)
    assert outcome.saved, _texts(outcome)
    assert (outcome.record.family_name, outcome.record.given_names) == ("Sato", "Test")
    assert not svc.designate_representative(meeting, japan.id, topic="chemicals", family_name="Someone else",
                                            expert_id=term.expert_id).saved


def test_save_false_only_checks(svc, store):
    meeting = _meeting(store, 1, TODAY)
    outcome = svc.designate_representative(meeting, _member(store, "JPN").id, topic="Chemicals",
                                           family_name="Sato", save=False)
    assert outcome.ok and not outcome.saved and outcome.record.topic == "Chemicals"
    assert _participants(store) == []


def test_messages_in_chinese(svc, store):
    meeting = _meeting(store, 1, TODAY)
    outcome = svc.designate_representative(meeting, _member(store, "JPN").id, topic="", family_name="Sato")
    text = outcome.errors[0].text(translator("zh"))
    assert "专题" in text and "（规则R2，职权范围第4段）" in text


# -- R12 ------------------------------------------------------------------------------

def test_r12_observer_with_a_new_organisation_creates_it(svc, store):
    meeting = _meeting(store, 1, TODAY)
    outcome = svc.add_observer(meeting, organisation_name="  Asia Pacific Youth   Network ", family_name="Lim",
                               given_names="Wei", email="wei@apyn.example")
    assert outcome.saved, _texts(outcome)
    assert outcome.new_organisation is not None
    with store.reader() as s:
        [org] = s.exec(select(Organisation).where(Organisation.name == "Asia Pacific Youth Network")).all()
    [p] = svc.list(meeting, roles=[ParticipantRole.OBSERVER])
    assert p.organisation_id == org.id and p.member_id is None and p.topic is None

    # the same name again (any case) is the same organisation, not a second one
    again = svc.add_observer(meeting, organisation_name="asia pacific youth network", family_name="Tan")
    assert again.saved and again.new_organisation is None and again.record.organisation_id == org.id
    assert [o.name for o in svc.organisations()] == ["Asia Pacific Youth Network"]


def test_r12_observer_of_a_known_organisation(svc, store):
    with store.session() as s:
        unep = Organisation(name="United Nations Environment Programme", acronym="UNEP")
        s.add(unep)
    meeting = _meeting(store, 1, TODAY)
    assert svc.add_observer(meeting, organisation_id=unep.id, family_name="Okafor").saved
    by_acronym = svc.add_observer(meeting, organisation_name="UNEP", family_name="Mensah", save=False)
    assert by_acronym.ok and by_acronym.new_organisation is None and by_acronym.record.organisation_id == unep.id


def test_r12_organisation_is_required_and_nothing_is_written(svc, store):
    meeting = _meeting(store, 1, TODAY)
    outcome = svc.add_observer(meeting, family_name="Lim")
    [v] = outcome.errors
    assert (v.rule, v.paragraph, v.field, v.message) == ("R12", "3", "organisation", ORGANISATION_REQUIRED)
    refused = svc.add_observer(meeting, organisation_name="New NGO", family_name="")  # no name: nothing at all
    assert not refused.saved
    with store.reader() as s:
        assert s.exec(select(Organisation)).all() == []
    assert _participants(store) == []


def test_r12_the_same_observer_once_per_meeting_and_cancelled_meetings(svc, store):
    meeting = _meeting(store, 1, TODAY)
    assert svc.add_observer(meeting, organisation_name="NGO", family_name="Lim", given_names="Wei").saved
    twice = svc.add_observer(meeting, organisation_name="NGO", family_name="LIM", given_names="wei")
    assert [(v.rule, v.field) for v in twice.errors] == [("R12", "family_name")]
    cancelled = _meeting(store, 2, TODAY, status=MeetingStatus.CANCELLED)
    refused = svc.add_observer(cancelled, organisation_name="NGO", family_name="Lim")
    assert [(v.rule, v.paragraph, v.field) for v in refused.errors] == [("R12", "3", "meeting")]


# -- removing and listing ------------------------------------------------------------------

def test_remove_is_a_soft_delete(svc, store):
    meeting = _meeting(store, 1, TODAY)
    rep = svc.designate_representative(meeting, _member(store, "JPN").id, topic="Chemicals", family_name="Sato")
    obs = svc.add_observer(meeting, organisation_name="NGO", family_name="Lim")
    assert svc.remove(rep.record.id).saved
    assert [p.id for p in svc.list(meeting)] == [obs.record.id]
    with store.reader() as s:
        kept = s.get(Participant, rep.record.id)
    assert kept is not None and kept.deleted_at is not None and kept.family_name == "Sato"
    again = svc.remove(rep.record.id)
    assert not again.saved and _texts(again) == "That participant no longer exists."


def test_list_filters_roles_and_orders_them(svc, store):
    meeting = _meeting(store, 1, TODAY)
    svc.add_observer(meeting, organisation_name="NGO", family_name="Abe")
    svc.designate_representative(meeting, _member(store, "JPN").id, topic="Chemicals", family_name="Sato")
    svc.designate_representative(meeting, _member(store, "KOR").id, topic="Air", family_name="Han")
    with store.session() as s:
        s.add(Participant(meeting_id=meeting, role=ParticipantRole.SECRETARIAT, family_name="Lindqvist"))
    assert [p.family_name for p in svc.list(meeting)] == ["Han", "Sato", "Abe", "Lindqvist"]
    assert [p.family_name for p in svc.list(meeting, roles=[ParticipantRole.OBSERVER])] == ["Abe"]
