"""The roster's rows (read as plain columns) say what the ORM objects of their terms,
experts and members say, on the demonstration database, for days before, during and
after the terms and offices."""

from __future__ import annotations

import datetime as dt
from dataclasses import astuple

import pytest
from sqlmodel import select

from tegdesk.core import rules
from tegdesk.core.demo import populate_demo
from tegdesk.core.models import Body, Expert, MemberState, OfficeHolding, Term, TorVersion
from tegdesk.core.services.roster import RosterRow, RosterService
from tegdesk.core.store import open_store


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("demo") / "demo.sqlite3")
    populate_demo(store, today=dt.date(2026, 11, 21))
    yield store
    store.close()


def expected_rows(store, as_of: dt.date) -> list[RosterRow]:
    """The rows as written out from the ORM objects."""
    with store.reader() as s:
        body = s.exec(select(Body).where(Body.code == "TEG")).one()
        versions = {t.id: t.version for t in s.exec(select(TorVersion))}
        offices = [h for h in s.exec(select(OfficeHolding).where(OfficeHolding.body_id == body.id))
                   if h.deleted_at is None]
        out = []
        for term in s.exec(select(Term).where(Term.body_id == body.id)):
            ex, m = s.get(Expert, term.expert_id), s.get(MemberState, term.member_id)
            if term.deleted_at is not None or ex.deleted_at is not None:
                continue
            last = rules.last_day(term)
            held = [h.office for h in offices if h.expert_id == ex.id and rules.holds_office(h, as_of)
                    and term.start_date <= as_of <= last]
            out.append(RosterRow(term.id, ex.id, m.id, m.name_en, m.iso3, m.is_associate, m.subregion,
                                 ex.honorific or "", ex.family_name, ex.given_names, ex.organization or "",
                                 ex.title or "", ex.email or "", ex.phone or "", term.start_date, last,
                                 term.term_number, rules.term_status(term, as_of), held,
                                 versions.get(term.tor_version_id)))
        return sorted(out, key=lambda r: (r.subregion, r.member, r.family_name, r.start_date))


@pytest.mark.parametrize("as_of", [dt.date(2020, 1, 1), dt.date(2024, 6, 1), dt.date(2026, 3, 13),
                                   dt.date(2026, 11, 21), dt.date(2031, 6, 30)])
def test_rows_say_what_the_objects_say(demo, as_of):
    rows = RosterService(demo).rows(as_of)
    assert rows == expected_rows(demo, as_of)
    expected = expected_rows(demo, as_of)
    assert rows and all([type(v) for v in astuple(r)] == [type(v) for v in astuple(e)] for r, e in zip(rows, expected))


def test_some_rows_hold_offices_and_end_early(demo):
    rows = RosterService(demo).rows(dt.date(2024, 6, 1))
    assert any(r.offices for r in rows)
    assert {r.status for r in RosterService(demo).rows(dt.date(2026, 11, 21))} >= {"serving", "withdrawn", "replaced"}
