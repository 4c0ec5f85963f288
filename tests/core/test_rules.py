"""The ToR rules at their boundaries, through the roster service (R1, R3, R5, R10)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import func, select

from tegdesk.core.i18n import translator
from tegdesk.core.models import Body, Expert, Meeting, MemberState, Term
from tegdesk.core.services.roster import ExpertData, RosterService

D = dt.date
EN = translator("en")


@pytest.fixture
def svc(store):
    return RosterService(store)


@pytest.fixture
def members(store):
    with store.session() as s:
        return {m.iso2: m.id for m in s.exec(select(MemberState)).all()}


def _meeting(store, svc, number, day):
    with store.session() as s:
        m = Meeting(body_id=svc.body_id, number=number, start_date=day, end_date=day, status="held")
        s.add(m)
    return m.id


def _nominate(svc, member_id, family, start, **kw):
    return svc.nominate(member_id=member_id, start_date=start, expert=ExpertData(family_name=family, given_names="A."), **kw)


def _texts(outcome):
    return [v.text(EN) for v in outcome.errors]


def _experts(store):
    with store.session() as s:
        return s.exec(select(func.count()).select_from(Expert)).one()


def test_nomination_creates_a_three_year_term(svc, members):
    out = _nominate(svc, members["TH"], "Somchai", D(2024, 3, 1), nomination_ref="NV/2024/12",
                    nomination_date=D(2024, 2, 10))
    assert out.saved and out.violations == []
    term = out.record
    assert (term.start_date, term.end_date, term.term_number) == (D(2024, 3, 1), D(2027, 2, 28), 1)
    assert term.tor_version_id is not None and term.nomination_ref == "NV/2024/12"


def test_r1_third_serving_expert_is_refused_and_nothing_is_written(svc, store, members):
    assert _nominate(svc, members["FJ"], "One", D(2024, 1, 1)).saved
    assert _nominate(svc, members["FJ"], "Two", D(2024, 6, 1)).saved
    before = _experts(store)
    out = _nominate(svc, members["FJ"], "Three", D(2025, 1, 1))
    assert not out.saved
    [err] = out.errors
    assert err.rule == "R1" and err.paragraph == "3"
    text = err.text(EN)
    assert "Fiji may have at most 2 experts" in text and "A. One" in text and "A. Two" in text
    assert "1 January 2025" in text and "paragraph 3" in text
    assert _experts(store) == before


def test_r1_boundary_the_day_a_term_ends_and_the_day_after(svc, members):
    first = _nominate(svc, members["WS"], "First", D(2024, 3, 1)).record  # ends 28 Feb 2027
    _nominate(svc, members["WS"], "Second", D(2025, 1, 1))
    assert [v.rule for v in _nominate(svc, members["WS"], "Third", D(2027, 2, 28)).errors] == ["R1"]
    assert first.end_date == D(2027, 2, 28)
    assert _nominate(svc, members["WS"], "Third", D(2027, 3, 1)).saved


def test_r1_replacement_is_one_action_and_frees_the_place(svc, store, members):
    a = _nominate(svc, members["NP"], "Alpha", D(2024, 1, 1)).record
    _nominate(svc, members["NP"], "Beta", D(2024, 1, 1))
    out = svc.replace(a.id, D(2025, 5, 31), expert=ExpertData(family_name="Gamma"), nomination_ref="NV/25/7")
    assert out.saved and out.record.start_date == D(2025, 6, 1)
    assert out.record.replaces_term_id == a.id and out.record.term_number == 1
    with store.session() as s:
        old = s.get(Term, a.id)
        assert (old.status, old.ended_on) == ("replaced", D(2025, 5, 31))
    # still two serving: a third is refused on the day the successor starts
    assert [v.rule for v in _nominate(svc, members["NP"], "Delta", D(2025, 6, 1)).errors] == ["R1"]


def test_r1_refused_replacement_changes_nothing(svc, store, members):
    a = _nominate(svc, members["BT"], "Alpha", D(2024, 1, 1)).record
    out = svc.replace(a.id, D(2025, 5, 31), expert=ExpertData(family_name=""))  # no name
    assert not out.saved and out.errors[0].field == "family_name"
    with store.session() as s:
        assert s.get(Term, a.id).ended_on is None and s.get(Term, a.id).status == "serving"


def test_withdrawal_frees_the_place_the_day_after_the_last_day(svc, members):
    a = _nominate(svc, members["MV"], "Alpha", D(2024, 1, 1)).record
    _nominate(svc, members["MV"], "Beta", D(2024, 1, 1))
    assert svc.withdraw(a.id, D(2024, 12, 31)).saved
    assert _nominate(svc, members["MV"], "Gamma", D(2024, 12, 31)).errors
    assert _nominate(svc, members["MV"], "Gamma", D(2025, 1, 1)).saved


def test_r3_extension_then_third_consecutive_term_refused(svc, members):
    t1 = _nominate(svc, members["MN"], "Bat", D(2023, 3, 1)).record
    ext = svc.extend(t1.id, nomination_ref="NV/2026/3")
    assert ext.saved
    t2 = ext.record
    assert (t2.start_date, t2.end_date, t2.term_number, t2.extends_term_id) == (D(2026, 3, 1), D(2029, 2, 28), 2, t1.id)
    third = svc.extend(t2.id)
    assert not third.saved
    [err] = third.errors
    assert err.rule == "R3"
    text = err.text(EN)
    assert "2 consecutive terms" in text and "1,095 days" in text and "A. Bat" in text


def test_r3_gap_shorter_than_a_term_is_still_consecutive(svc, store, members):
    t1 = _nominate(svc, members["KZ"], "Nur", D(2020, 1, 1)).record  # ToR v1 is from 2022: use later dates
    assert t1 is not None
    t1 = _nominate(svc, members["KG"], "Aibek", D(2023, 1, 1)).record  # ends 31 Dec 2025
    t2 = svc.extend(t1.id).record  # 2026-2028
    expert_id = t1.expert_id
    # after term 2 ends on 31 Dec 2028, a gap of 1,094 days still counts as consecutive
    late = svc.nominate(member_id=members["KG"], expert_id=expert_id, start_date=D(2028, 12, 31) + dt.timedelta(days=1095))
    assert [v.rule for v in late.errors] == ["R3"]
    later = svc.nominate(member_id=members["KG"], expert_id=expert_id, start_date=D(2028, 12, 31) + dt.timedelta(days=1096))
    assert later.saved and later.record.term_number == 1
    assert t2.term_number == 2


def test_r10_no_tor_before_the_first_version(svc, members):
    out = _nominate(svc, members["KZ"], "Early", D(2020, 1, 1))
    assert [v.rule for v in out.errors] == ["R10"]


def test_term_longer_than_the_tor_allows_is_refused(svc, members):
    out = _nominate(svc, members["LK"], "Long", D(2024, 1, 1), end_date=D(2027, 1, 1))
    assert [v.rule for v in out.errors] == ["R3"] and "must end by 31 December 2026" in out.errors[0].text(EN)
    assert _nominate(svc, members["LK"], "Short", D(2024, 1, 1), end_date=D(2025, 1, 1)).saved


def test_same_person_cannot_serve_twice_at_once(svc, members):
    t = _nominate(svc, members["PK"], "Khan", D(2024, 1, 1)).record
    out = svc.nominate(member_id=members["IN"], expert_id=t.expert_id, start_date=D(2025, 1, 1))
    assert out.errors and "already serves a term" in out.errors[0].text(EN)


def test_r5_elections(svc, store, members):
    chair = _nominate(svc, members["CN"], "Wang", D(2024, 1, 1)).record
    vice = _nominate(svc, members["JP"], "Sato", D(2024, 1, 1)).record
    outsider = _nominate(svc, members["KR"], "Kim", D(2026, 1, 1)).record  # not yet serving
    first = _meeting(store, svc, 1, D(2024, 3, 12))
    no = svc.elect(office="chair", expert_id=outsider.expert_id, meeting_id=first)
    assert not no.saved and "is not a serving expert on 12 March 2024" in no.errors[0].text(EN)
    assert svc.elect(office="chair", expert_id=chair.expert_id, meeting_id=first).saved
    both = svc.elect(office="vice_chair", expert_id=chair.expert_id, meeting_id=first)
    assert "cannot hold both offices" in both.errors[0].text(EN)
    taken = svc.elect(office="chair", expert_id=vice.expert_id, meeting_id=first)
    assert "is not vacant" in taken.errors[0].text(EN)
    ok = svc.elect(office="vice_chair", expert_id=vice.expert_id, meeting_id=first)
    assert ok.saved and ok.record.end_date == D(2027, 3, 11)
    # the officers' expert terms end on 31 Dec 2026, before their offices: flagged, not refused
    assert ok.warnings and "before the office of Vice-Chair ends on 11 March 2027" in ok.warnings[0].text(EN)
    nomeeting = svc.elect(office="rapporteur", expert_id=vice.expert_id, meeting_id=None)
    assert nomeeting.errors and nomeeting.errors[0].rule == "R5"


def test_r5_election_at_a_later_meeting_when_vacant(svc, store, members):
    a = _nominate(svc, members["ID"], "Sari", D(2024, 1, 1)).record
    b = _nominate(svc, members["PH"], "Cruz", D(2024, 1, 1)).record
    m1, m2 = _meeting(store, svc, 1, D(2024, 3, 1)), _meeting(store, svc, 2, D(2024, 9, 1))
    held = svc.elect(office="chair", expert_id=a.expert_id, meeting_id=m1).record
    assert svc.withdraw(a.id, D(2024, 6, 30)).saved
    from tegdesk.core.models import OfficeHolding
    with store.session() as s:  # the chair leaves office with the expert term
        h = s.get(OfficeHolding, held.id)
        h.ended_on = D(2024, 6, 30)
    assert svc.elect(office="chair", expert_id=b.expert_id, meeting_id=m2).saved


def test_r10_amendment_applies_from_its_date_and_keeps_history(svc, store, members):
    _nominate(svc, members["VN"], "Nguyen", D(2024, 1, 1))
    _nominate(svc, members["VN"], "Tran", D(2024, 1, 1))
    bad = svc.amend_tor(effective_date=D(2022, 1, 1), experts_per_member=3)
    assert [v.rule for v in bad.errors] == ["R10"] and not bad.saved
    amend = svc.amend_tor(effective_date=D(2025, 1, 1), experts_per_member=3, adopted_by="CED decision 8/1")
    assert amend.saved and amend.record.version == 2
    assert [v.rule for v in _nominate(svc, members["VN"], "Le", D(2024, 12, 31)).errors] == ["R1"]
    third = _nominate(svc, members["VN"], "Le", D(2025, 1, 1))
    assert third.saved
    versions = svc.tor_versions()
    assert [(v.version, v.experts_per_member) for v in versions] == [(1, 2), (2, 3)]
    assert third.record.tor_version_id == versions[1].id


def test_warnings_terms_ending_members_without_experts_vacant_offices(svc, members):
    _nominate(svc, members["TO"], "Soon", D(2024, 1, 1))  # ends 31 Dec 2026
    texts = [w.text(EN) for w in svc.warnings(D(2026, 11, 1))]
    assert any("A. Soon (Tonga) ends on 31 December 2026" in t for t in texts)
    assert any(t.startswith("Tuvalu has no expert serving") for t in texts)
    assert not any(t.startswith("Tonga has no expert") for t in texts)
    assert any("The office of Chair is vacant" in t for t in texts)
    assert all(not w.is_error for w in svc.warnings(D(2026, 11, 1)))


def test_messages_are_translated_with_local_dates(svc, members):
    _nominate(svc, members["FJ"], "One", D(2024, 1, 1))
    _nominate(svc, members["FJ"], "Two", D(2024, 1, 1))
    err = _nominate(svc, members["FJ"], "Three", D(2024, 3, 12)).errors[0]
    zh = err.text(translator("zh"))
    assert "2024年3月12日" in zh and "斐济" in zh and "Fiji" not in zh
    assert "Fiji may have" in err.text(EN)


def test_other_bodies_have_other_numbers(store):
    """The rules read the ToR's data: a body with one-year mandates and no member limit."""
    from tegdesk.core.models import TorVersion
    with store.session() as s:
        body = Body(code="IMG", name_en="Issue management group", symbol_prefix="UNEP/EMG/IMG")
        s.add(body)
        s.add(TorVersion(body_id=body.id, version=1, effective_date=D(2020, 1, 1), experts_per_member=None,
                         term_years=1, max_consecutive_terms=None, bureau_offices=["co_chair"]))
        member = s.exec(select(MemberState).where(MemberState.iso2 == "AU")).one().id
    svc = RosterService(store, "IMG")
    for i in range(4):
        out = svc.nominate(member_id=member, start_date=D(2021, 1, 1), expert=ExpertData(family_name=f"E{i}"))
        assert out.saved and out.record.end_date == D(2021, 12, 31)


def test_members_without_experts_are_listed_alphabetically(svc):
    texts = [w.text(EN) for w in svc.warnings(D(2026, 1, 1)) if "has no expert serving" in w.text(EN)]
    assert len(texts) == 62 and texts == sorted(texts)
