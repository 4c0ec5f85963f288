"""Generated experts and meetings (tegdesk demo --experts N --meetings N): every rule kept."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from sqlmodel import select

from tegdesk.core import meeting_rules, rules
from tegdesk.core.check import check_database
from tegdesk.core.demo import populate_demo
from tegdesk.core.demo.bulk import GENERATED_TOR, generate_meetings, generate_roster
from tegdesk.core.models import AgendaItem, AuditEntry, Meeting, MemberState, Term, TorVersion
from tegdesk.core.services.meetings import MeetingService
from tegdesk.core.services.roster import RosterService
from tegdesk.core.store import open_store

TODAY = dt.date(2026, 11, 21)


@pytest.fixture(scope="module")
def bulk(tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("bulk") / "bulk.sqlite3")
    summary = populate_demo(store, today=TODAY)
    assert generate_roster(store, 500, seed=3, today=TODAY) == 500
    assert generate_meetings(store, 40, seed=3, today=TODAY) == 40
    yield store, summary
    store.close()


def test_experts_spread_over_all_62_members_within_the_amended_limit(bulk):
    store, summary = bulk
    with store.reader() as s:
        tors = s.exec(select(TorVersion).order_by(TorVersion.version)).all()
        generated = [t for t in tors if t.adopted_by == GENERATED_TOR]
        assert len(generated) == 1
        tor = generated[0]
        terms = s.exec(select(Term).where(Term.tor_version_id == tor.id)).all()
        members = s.exec(select(MemberState)).all()
    assert len(terms) == 500 and len({t.expert_id for t in terms}) == 500
    per_member = Counter(t.member_id for t in terms)
    assert set(per_member) == {m.id for m in members} and len(members) == 62
    assert max(per_member.values()) - min(per_member.values()) <= 1
    # in force after the previous version, before the first generated term; limit above ToR v1's two
    assert tor.effective_date > tors[-2].effective_date
    assert min(t.start_date for t in terms) >= tor.effective_date
    assert tor.experts_per_member >= max(per_member.values()) > 2
    assert all(t.start_date <= TODAY <= rules.last_day(t) for t in terms)  # all serving today


def test_every_generated_term_passes_the_rules(bulk):
    store, _summary = bulk
    service = RosterService(store)
    with store.reader() as s:
        state = service.load_state(s)
        generated = {t.id for t in s.exec(select(Term).join(TorVersion, Term.tor_version_id == TorVersion.id)
                                           .where(TorVersion.adopted_by == GENERATED_TOR)).all()}
    for term in [t for t in state.terms if t.id in generated]:
        assert rules.check_term(state, term) == [], term
        assert term.end_date == rules.term_end_for(term.start_date, state.tor_on(term.start_date).term_years)
    # R1 with the demonstration's own serving experts counted too: no member above the limit today
    tor = state.tor_on(TODAY)
    serving = Counter(t.member_id for t in state.terms if rules.is_serving(t, TODAY))
    assert max(serving.values()) <= tor.experts_per_member
    assert check_database(store.path).ok


def test_meetings_follow_the_last_one_within_the_interval(bulk):
    store, _summary = bulk
    with store.reader() as s:
        meetings = s.exec(select(Meeting).order_by(Meeting.number)).all()
        items = s.exec(select(AgendaItem)).all()
        audit = s.exec(select(AuditEntry).where(AuditEntry.table_name == "meeting",
                                                AuditEntry.action == "insert")).all()
    assert [m.number for m in meetings] == list(range(1, 43))
    for before, after in zip(meetings[1:], meetings[2:]):  # generated ones (after the demonstration's two)
        assert before.end_date < after.start_date <= meeting_rules.add_months(before.end_date, 3)
    assert Counter(i.meeting_id for i in items if i.meeting_id in {m.id for m in meetings[2:]}) == \
        {m.id: 6 for m in meetings[2:]}
    assert any(a.changes.get("generated") == 40 for a in audit)
    rows = MeetingService(store).meetings()  # the meetings list reads them, without an interval warning
    assert len(rows) == 42
    assert not any(v.rule == "R7" for row in rows[2:] for v in row.warnings)


def test_nothing_asked_nothing_added(tmp_path):
    store = open_store(tmp_path / "empty.sqlite3")
    try:
        assert generate_roster(store, 0) == 0 and generate_meetings(store, 0) == 0
        with store.reader() as s:
            assert s.exec(select(Term)).all() == [] and s.exec(select(Meeting)).all() == []
    finally:
        store.close()


def test_an_empty_database_gets_meetings_around_today(tmp_path):
    store = open_store(tmp_path / "meetings.sqlite3")
    try:
        generate_meetings(store, 12, today=TODAY)
        generate_roster(store, 62, today=TODAY)
        with store.reader() as s:
            meetings = s.exec(select(Meeting).order_by(Meeting.number)).all()
            held = [m for m in meetings if m.status == "held"]
        assert len(meetings) == 12 and 0 < len(held) < 12
        assert all(m.end_date < TODAY for m in held)
        assert check_database(store.path).ok
    finally:
        store.close()


def test_demo_command_adds_experts_and_meetings(tmp_path, capsys):
    from tegdesk import cli

    db = tmp_path / "scale.sqlite3"
    code = cli.main(["--db", str(db), "demo", "--today", "2026-11-21", "--experts", "124", "--meetings", "5"])
    out = capsys.readouterr().out
    assert code == 0 and "124 generated experts added." in out and "5 generated meetings added." in out
    store = open_store(db)
    try:
        assert len(RosterService(store).rows(TODAY)) >= 124
        assert len(MeetingService(store).meetings()) == 7
    finally:
        store.close()
    assert cli.main(["--db", str(tmp_path / "bad.sqlite3"), "demo", "--experts", "-4"]) != 0
    assert "-4" in capsys.readouterr().err
