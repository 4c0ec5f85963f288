"""The demonstration database: realistic, within the ToR, deterministic, fast."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from sqlmodel import func, select

from tegdesk.core import rules
from tegdesk.core.check import check_database
from tegdesk.core.demo import ESCAP_IATI_REF, existing_content, populate_demo
from tegdesk.core.errors import UserError
from tegdesk.core.models import (
    Activity,
    ActivityBspCode,
    ActivityOrganisation,
    ActivityRecipient,
    AgendaItem,
    AgendaItemDocument,
    AssistanceRequest,
    AuditEntry,
    Body,
    Document,
    Expert,
    Meeting,
    MemberState,
    OfficeHolding,
    Organisation,
    Participant,
    RequestEvent,
    RequestStatus,
    Term,
    TorVersion,
)
from tegdesk.core.store import open_store

TODAY = dt.date(2026, 11, 21)
D = dt.date


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    store = open_store(path)
    summary = populate_demo(store, today=TODAY)
    session = store.reader()
    yield store, session, summary
    session.close()
    store.close()


def _teg(session):
    return session.exec(select(Body).where(Body.code == "TEG")).one()


def _meeting(session, number):
    return session.exec(select(Meeting).where(Meeting.body_id == _teg(session).id, Meeting.number == number)).one()


def _serving(terms, day):
    return [t for t in terms if rules.is_serving(t, day)]


# -- roster -----------------------------------------------------------------------------

def test_summary_and_speed(demo):
    _store, session, summary = demo
    assert 50 <= summary.experts <= 70
    assert summary.experts == session.exec(select(func.count()).select_from(Expert)).one()
    assert summary.activities == 200 and summary.requests == 30 and summary.meetings == 2
    assert summary.serving_experts >= 35 and summary.members_with_experts >= 30
    assert summary.seconds < 10


def test_experts_look_real(demo):
    _store, session, _summary = demo
    experts = session.exec(select(Expert)).all()
    assert {e.honorific for e in experts} == {"Mr.", "Ms.", "Dr."}
    assert all(e.email and e.email.endswith(".example") for e in experts)  # never a real address
    assert all(re.fullmatch(r"[a-z0-9.\-]+@[a-z]+\.[a-z]{2}\.example", e.email) for e in experts)
    assert all(e.organization and e.areas and e.gender in {"female", "male"} for e in experts)
    assert all(set(e.areas) <= {f"CC{i:02d}" for i in range(1, 14)} | {f"TA{i:02d}" for i in range(1, 20)}
               for e in experts)
    assert len({(e.family_name, e.given_names) for e in experts}) == len(experts)
    by_member = defaultdict(set)
    terms = session.exec(select(Term)).all()
    members = {m.id: m.iso2 for m in session.exec(select(MemberState))}
    experts_by_id = {e.id: e for e in experts}
    for t in terms:
        by_member[members[t.member_id]].add(t.expert_id)
    # Names in the member's culture, with the native script where it differs.
    chinese = [experts_by_id[i] for i in by_member["CN"]]
    assert chinese and all(re.search(r"Name in Chinese: [\u4e00-\u9fff]{2,4}$", e.notes) for e in chinese)
    russian = [experts_by_id[i] for i in by_member["RU"]]
    assert russian and all(re.search(r"Name in Russian: [А-Яа-яЁё]+ [А-Яа-яЁё]+$", e.notes) for e in russian)
    assert any("Ministry of Ecology and Environment" == e.organization for e in chinese) or \
        any("Chinese Research Academy" in (e.organization or "") for e in chinese)
    assert len(by_member) >= 30  # many members and associate members
    assert {"HK", "MO"} & set(by_member)  # associate members too


def test_roster_respects_the_terms_of_reference(demo):
    _store, session, _summary = demo
    teg = _teg(session)
    tor = session.exec(select(TorVersion).where(TorVersion.body_id == teg.id)).one()
    terms = session.exec(select(Term).order_by(Term.start_date)).all()
    assert terms and all(t.body_id == teg.id and t.tor_version_id == tor.id for t in terms)
    # Three-year terms: the last day is the day before the third anniversary.
    assert all(t.end_date == rules.term_end_for(t.start_date, 3) for t in terms)
    assert {t.term_number for t in terms} == {1, 2}
    # R1: at most two serving per member on every day a term starts.
    by_member = defaultdict(list)
    for t in terms:
        by_member[t.member_id].append(t)
    for member_terms in by_member.values():
        for day in {t.start_date for t in member_terms}:
            assert len(_serving(member_terms, day)) <= 2
    assert any(len(_serving(ts, TODAY)) == 2 for ts in by_member.values())
    # Second terms follow the first the next day; the first is "ended".
    by_id = {t.id: t for t in terms}
    seconds = [t for t in terms if t.term_number == 2]
    assert seconds
    for t in seconds:
        first = by_id[t.extends_term_id]
        assert first.expert_id == t.expert_id and first.term_number == 1
        assert first.end_date + dt.timedelta(days=1) == t.start_date and first.status == "ended"
    # Status as of today.
    for t in terms:
        if t.status in ("withdrawn", "replaced"):
            assert t.ended_on is not None and t.ended_on < TODAY
        elif t.end_date < TODAY:
            assert t.status == "ended"
        else:
            assert t.status == "serving" and t.start_date <= TODAY
    replaced = [t for t in terms if t.replaces_term_id]
    assert all(by_id[t.replaces_term_id].ended_on + dt.timedelta(days=1) == t.start_date for t in replaced)


def test_roster_passes_the_rules_module(demo):
    """Every term, taken in order, is one the roster service itself would have accepted."""
    _store, session, _summary = demo
    teg = _teg(session)
    tors = session.exec(select(TorVersion).where(TorVersion.body_id == teg.id)).all()
    names = {e.id: e.display_name for e in session.exec(select(Expert))}
    state = rules.RosterState(teg.id, tors, names=names)
    terms = session.exec(select(Term).order_by(Term.start_date)).all()
    by_id = {t.id: t for t in terms}
    for term in terms:
        replacing = by_id.get(term.replaces_term_id)
        assert rules.errors(rules.check_term(state, term, replacing=replacing)) == [], names[term.expert_id]
        assert rules.next_term_number(state, term.expert_id, term.start_date, tors[0]) == term.term_number
        state.add_term(term)
    teg1 = _meeting(session, 1)
    for holding in session.exec(select(OfficeHolding)):
        assert rules.errors(rules.check_election(state, holding, meeting_body_id=teg.id)) == []
        assert holding.elected_at_meeting_id == teg1.id
        state.offices.append(holding)


def test_bureau_elected_at_the_first_meeting(demo):
    _store, session, _summary = demo
    teg1 = _meeting(session, 1)
    holdings = session.exec(select(OfficeHolding)).all()
    assert sorted(h.office for h in holdings) == ["chair", "vice_chair"]
    chair, vice = sorted(holdings, key=lambda h: h.office)
    assert chair.expert_id != vice.expert_id
    assert all(h.start_date == teg1.start_date and h.end_date == D(2026, 3, 13) for h in holdings)
    terms = session.exec(select(Term)).all()
    members = set()
    for h in holdings:
        own = [t for t in terms if t.expert_id == h.expert_id]
        assert _serving(own, teg1.start_date)
        members.add(own[0].member_id)
    assert len(members) == 2  # two different members


# -- meetings ---------------------------------------------------------------------------

def test_first_meeting_held_with_participants(demo):
    _store, session, _summary = demo
    teg1 = _meeting(session, 1)
    assert teg1.status == "held" and (teg1.start_date, teg1.end_date) == (D(2023, 3, 14), D(2023, 3, 15))
    assert "Bangkok" in teg1.venue and teg1.nominations_called_on == D(2023, 2, 21)  # R11: three weeks before
    people = session.exec(select(Participant).where(Participant.meeting_id == teg1.id)).all()
    roles = Counter(p.role for p in people)
    assert roles["expert"] >= 15 and roles["observer"] >= 1 and roles["secretariat"] >= 1
    assert roles["thematic_representative"] >= 1
    terms = session.exec(select(Term)).all()
    for p in people:
        if p.role == "expert":
            assert _serving([t for t in terms if t.expert_id == p.expert_id], teg1.start_date)
    funded = [p for p in people if p.funding_requested]
    assert funded and all(isinstance(p.funding_requested, int) and p.currency == "USD" for p in funded)
    assert all(0 < p.funding_approved <= p.funding_requested for p in funded)


def test_second_meeting_planned_with_agenda_and_documents(demo):
    _store, session, _summary = demo
    teg2 = _meeting(session, 2)
    assert teg2.status == "planned" and teg2.start_date > TODAY and teg2.end_date >= teg2.start_date
    items = session.exec(select(AgendaItem).where(AgendaItem.meeting_id == teg2.id)).all()
    top = sorted((i for i in items if i.parent_id is None), key=lambda i: i.position)
    assert [i.position for i in top] == list(range(1, len(top) + 1))
    titles = [i.title for i in top]
    assert titles[:2] == ["Opening of the meeting", "Adoption of the agenda"]
    assert titles[-2:] == ["Other matters", "Adoption of the report"]
    assert 3 <= len(titles) - 4 <= 4  # the substantive items
    assert [i.kind for i in top[2:-2]] == ["substantive"] * (len(top) - 4)
    subs = sorted((i for i in items if i.parent_id == top[0].id), key=lambda i: i.position)
    # The offices elected at the first meeting ended on 13 March 2026: an election is due.
    assert [s.title for s in subs] == ["Opening statements", "Election of officers"]
    assert all(i.annotation for i in items if i.title != "Opening of the meeting")
    assert sum("may wish to" in i.annotation for i in items) >= 5

    docs = session.exec(select(Document).where(Document.meeting_id == teg2.id)).all()
    year = teg2.start_date.year
    assert sorted(d.symbol for d in docs) == [f"ESCAP/CED/TEG/{year}/1", f"ESCAP/CED/TEG/{year}/L.1"]
    links = session.exec(select(AgendaItemDocument)).all()
    item_of = {l.document_id: l.agenda_item_id for l in links}
    by_id = {i.id: i for i in items}
    for doc in docs:
        assert doc.id in item_of and by_id[item_of[doc.id]].meeting_id == teg2.id
        if doc.series == "L.":
            assert by_id[item_of[doc.id]].title == "Adoption of the agenda" and doc.distribution == "limited"
            assert doc.title == "Provisional agenda"
        else:
            assert by_id[item_of[doc.id]].kind == "substantive"
    assert f"ESCAP/CED/TEG/{year}/L.1" in by_id[item_of[next(d.id for d in docs if d.series == "L.")]].annotation


def test_no_election_when_the_offices_still_run(tmp_path):
    store = open_store(tmp_path / "early.sqlite3")
    try:
        populate_demo(store, today=D(2025, 6, 1))
        with store.reader() as session:
            teg2 = _meeting(session, 2)
            assert teg2.start_date > D(2025, 6, 1) and teg2.end_date < D(2026, 3, 13)
            titles = [i.title for i in session.exec(select(AgendaItem).where(AgendaItem.meeting_id == teg2.id))]
            assert "Election of officers" not in titles and "Opening statements" in titles
            assert not session.exec(select(Term).where(Term.term_number == 2)).all()  # nobody's first term ended
    finally:
        store.close()
    assert check_database(tmp_path / "early.sqlite3").ok


# -- activities and requests -------------------------------------------------------------

def test_two_hundred_activities(demo):
    _store, session, _summary = demo
    activities = session.exec(select(Activity)).all()
    assert len(activities) == 200
    assert len({a.iati_identifier for a in activities}) == 200
    assert all(re.fullmatch(re.escape(ESCAP_IATI_REF) + r"-BSP-\d{4}", a.iati_identifier) for a in activities)
    assert ESCAP_IATI_REF == "XM-DAC-41106"
    assert {a.level for a in activities} == {"national", "subregional", "regional", "global"}
    assert {"1", "2", "3", "4"} <= {a.status for a in activities}
    assert {a.planned_start.year for a in activities} >= set(range(2019, 2027))
    assert any(a.south_south for a in activities)
    zh = [a for a in activities if "zh" in a.titles]
    assert 10 <= len(zh) < 200 and all(re.search(r"[\u4e00-\u9fff]", a.titles["zh"]) for a in zh)
    for a in activities:
        assert isinstance(a.budget, int) and a.budget > 0 and a.currency == "USD"
        assert a.planned_end >= a.planned_start
        if a.status == "4":
            assert a.actual_end and a.actual_end < TODAY and a.cost
        if a.status == "1":
            assert a.actual_start is None
        if a.trained_women is not None:
            assert a.trained_women >= 0 and a.trained_men >= 0
    assert sum(a.trained_women or 0 for a in activities) > 1000
    assert any(a.assessment and a.assessment_date <= TODAY for a in activities)  # B6


def test_recipients_codes_and_organisations(demo):
    _store, session, _summary = demo
    shares = defaultdict(float)
    for r in session.exec(select(ActivityRecipient)):
        assert (r.member_id is None) != (r.region_code is None)
        shares[r.activity_id] += r.percentage
    assert len(shares) == 200 and all(s == 100 for s in shares.values())
    coded = Counter(c.activity_id for c in session.exec(select(ActivityBspCode)))
    assert len(coded) == 200
    assert len({c.code for c in session.exec(select(ActivityBspCode))}) >= 20
    orgs = {o.acronym: o for o in session.exec(select(Organisation))}
    assert {"UNEP", "UNDP", "GEF", "ESCAP", "UNFCCC", "JICA", "AIT"} <= set(orgs)
    assert orgs["UNEP"].iati_ref == "XM-DAC-41116" and orgs["UNDP"].iati_ref == "XM-DAC-41114"
    assert orgs["AIT"].iati_type == "80" and orgs["JICA"].iati_type == "10"
    roles = defaultdict(set)
    for link in session.exec(select(ActivityOrganisation)):
        roles[link.activity_id].add(link.role)
    assert len(roles) == 200 and all({"1", "2", "4"} <= r for r in roles.values())


def test_thirty_requests_with_consistent_histories(demo):
    _store, session, _summary = demo
    requests = session.exec(select(AssistanceRequest)).all()
    assert len(requests) == 30
    assert {r.status for r in requests} == set(RequestStatus)
    assert len({r.reference for r in requests}) == 30
    events = defaultdict(list)
    for e in session.exec(select(RequestEvent)):
        events[e.request_id].append(e)
    allowed = {  # status -> statuses that may follow it
        "received": {"assigned", "declined", "withdrawn"},
        "assigned": {"in_progress", "declined", "withdrawn"},
        "in_progress": {"answered", "withdrawn"},
    }
    for r in requests:
        history = sorted(events[r.id], key=lambda e: e.on)
        assert history[0].status == "received" and history[0].on == r.received_on
        assert history[-1].status == r.status
        assert all(b.status in allowed[a.status] and a.on < b.on for a, b in zip(history, history[1:]))
        assert history[-1].on <= TODAY
        if r.status in {"answered", "declined", "withdrawn"}:
            assert r.closed_on == history[-1].on
        else:
            assert r.closed_on is None
    assert session.exec(select(func.count()).select_from(RequestEvent)).one() > 60


def test_every_row_is_audited(demo):
    _store, session, summary = demo
    audited = Counter(session.exec(select(AuditEntry.table_name).where(AuditEntry.action == "insert")).all())
    assert audited["expert"] == summary.experts
    assert audited["activity"] == 200 and audited["assistance_request"] == 30
    assert audited["term"] == summary.terms


def test_the_demonstration_database_passes_the_check(demo):
    store, _session, _summary = demo
    assert check_database(store.path).ok


# -- behaviour ------------------------------------------------------------------------------

def test_refuses_a_database_with_data(demo):
    store, session, summary = demo
    assert existing_content(store)["experts"] == summary.experts
    with pytest.raises(UserError, match="already holds data"):
        populate_demo(store, today=TODAY)
    assert session.exec(select(func.count()).select_from(Activity)).one() == 200


def test_empty_database_has_no_content(store):
    assert existing_content(store) == {}


def test_deterministic_given_seed_and_date(tmp_path: Path):
    def content(path: Path, seed: int):
        store = open_store(path)
        try:
            populate_demo(store, seed=seed, today=TODAY)
            with store.reader() as s:
                return (sorted((e.family_name, e.given_names, e.email) for e in s.exec(select(Expert))),
                        [a.title for a in s.exec(select(Activity).order_by(Activity.iati_identifier))],
                        sorted((r.reference, r.status) for r in s.exec(select(AssistanceRequest))))
        finally:
            store.close()

    first = content(tmp_path / "a.sqlite3", 7)
    assert content(tmp_path / "b.sqlite3", 7) == first
    assert content(tmp_path / "c.sqlite3", 8) != first


def test_refuses_a_date_before_the_first_meeting(store):
    with pytest.raises(ValueError):
        populate_demo(store, today=D(2023, 1, 1))
