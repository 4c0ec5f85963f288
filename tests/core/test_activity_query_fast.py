"""The activity list's fast paths give what the full reading gives: the first page found
before the count (as the user types, narrowed by the previous text) equals the first
rows of the full search, and the in-memory index brought up to date in place after
inserts, edits, soft deletes, purges and recipient or BSP code changes equals one read
again from scratch."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from tegdesk.core import activity_query
from tegdesk.core.activity_query import ActivityQuery, _ListIndex
from tegdesk.core.activity_types import ActivityFilter
from tegdesk.core.demo.bulk import generate_activities
from tegdesk.core.models import (Activity, ActivityBspCode, ActivityOrganisation, ActivityRecipient, MemberState,
                                  utcnow)
from tegdesk.core.store import open_store

WORDS = ["climate adaptation", "Kazakhstan", "waste management", "Национальный семинар", "UNEP", "training",
         "环境教育", "气候", "能力建设", "e-learning", "XM-DAC", "a_b 100%", "workshop ZZZ", "ка", "НАЦ"]


@pytest.fixture
def generated(store):
    generate_activities(store, 400, seed=3)
    with store.session() as s:
        s.add(Activity(iati_identifier="XM-DAC-41106-T-1", title="Юг a_b 100%", titles={"zh": "环境"},
                       planned_start=dt.date(2030, 1, 1)))
    return store


@pytest.fixture
def truth(generated):
    """The first ``n`` ids of a filter by the full search, from a store of its own (whose
    query never takes the first page's way)."""
    other = open_store(generated.path, read_only=True)
    query = ActivityQuery(other)
    yield lambda f, n: query.ids(f, 0, n)
    other.close()


def prefixes(word: str) -> list[str]:
    return [word[:k] for k in range(1, len(word) + 1)]


@pytest.mark.parametrize("small_batches", [False, True])
@pytest.mark.parametrize("count_between", [True, False])
def test_first_page_while_typing_equals_the_full_search(generated, truth, monkeypatch, small_batches,
                                                         count_between):
    if small_batches:  # several batches, and the way out to the full search when matches are sparse
        monkeypatch.setattr(activity_query, "FIRST_BATCH", 4)
        monkeypatch.setattr(activity_query, "MAX_CHECKED", 40)
    q = ActivityQuery(generated)
    for word in WORDS:
        for text in prefixes(word):
            for f, n in ((ActivityFilter(text=text), 25), (ActivityFilter(text=text, levels=frozenset({"national"})), 7)):
                shown = [r.id for r in q.first_rows(f, n)]
                assert shown == truth(f, n), text
                if count_between:  # as the list does: the count follows, its match kept for the next key
                    assert q.count(f) == len(truth(f, None))


def test_first_page_without_text_or_with_a_known_text(generated):
    q = ActivityQuery(generated)
    assert [r.id for r in q.first_rows(ActivityFilter(), 10)] == q.ids(ActivityFilter(), 0, 10)
    f = ActivityFilter(text="workshop", statuses=frozenset({"2"}))
    q.count(f)
    assert [r.id for r in q.first_rows(f, 10)] == q.ids(f, 0, 10)
    assert q.first_rows(f, 0) == [] and q.ids(f, 0, 0) == []
    assert q.first_rows(ActivityFilter(text="nothing-like-this"), 10) == []


def test_soft_deleted_never_on_the_first_page(generated):
    q = ActivityQuery(generated)
    first = q.first_rows(ActivityFilter(text="a"), 5)[0]
    with generated.session() as s:
        s.get(Activity, first.id).deleted_at = utcnow()
    assert first.id not in [r.id for r in q.first_rows(ActivityFilter(text="a"), 50)]


def fresh(store) -> _ListIndex:
    with store.engine.connect() as conn:
        version = conn.exec_driver_sql("SELECT version FROM activity_search_state").scalar_one()
        return _ListIndex(conn, version)


def assert_same(index: _ListIndex, other: _ListIndex) -> None:
    assert index.version == other.version
    assert index.size == other.size and index.all == other.all
    assert index._ids == other._ids and index.docs == other.docs and index.position == other.position
    assert index.masks == other.masks


def shared(store) -> _ListIndex:
    ActivityQuery(store).count(ActivityFilter())
    return activity_query._SHARED[store].index


def purge(s, activity_id) -> None:
    """Remove an activity for good, its rows first."""
    for model in (ActivityRecipient, ActivityBspCode, ActivityOrganisation):
        for row in s.exec(select(model).where(model.activity_id == activity_id)).all():
            s.delete(row)
    s.flush()
    s.delete(s.get(Activity, activity_id))


def test_index_updated_in_place_equals_a_full_read(generated):
    index = shared(generated)
    with generated.reader() as s:
        some = list(s.exec(select(Activity).where(Activity.deleted_at.is_(None)).limit(40)).all())
        members = {m.iso2: m.id for m in s.exec(select(MemberState)).all()}
        held = [c for c in s.exec(select(ActivityBspCode.code)).all()]
    rare = min(set(held), key=held.count)
    changes = [
        lambda s: s.add(Activity(iati_identifier="XM-DAC-41106-T-NEW", title="New one", level="regional",
                                 status="3", planned_start=dt.date(2019, 5, 1))),
        lambda s: s.add(Activity(iati_identifier="A-FIRST", title="Undated, first identifier")),
        lambda s: setattr(s.get(Activity, some[0].id), "title", "Only the title: same list row"),
        lambda s: setattr(s.get(Activity, some[1].id), "actual_start", dt.date(1999, 1, 1)),  # moves to the end
        lambda s: setattr(s.get(Activity, some[2].id), "status", "5"),
        lambda s: setattr(s.get(Activity, some[3].id), "deleted_at", utcnow()),
        lambda s: setattr(s.get(Activity, some[3].id), "deleted_at", None),  # restored
        lambda s: purge(s, some[4].id),
        lambda s: s.add(ActivityRecipient(activity_id=some[5].id, member_id=members["MN"], percentage=10.0)),
        lambda s: [s.delete(c) for c in s.exec(select(ActivityBspCode).where(
            ActivityBspCode.code == rare)).all()],  # a value no one has any more
        lambda s: s.add(ActivityBspCode(activity_id=some[6].id, code=rare)),  # and one has it again
        lambda s: [setattr(s.get(Activity, a.id), "planned_start", dt.date(2031, 1, 1)) for a in some[10:20]],
    ]
    for i, change in enumerate(changes):
        with generated.session() as s:
            change(s)
        assert shared(generated) is index, i  # updated, not read again
        assert_same(index, fresh(generated))
    assert ActivityQuery(generated).count(ActivityFilter(text="New one")) == 1


def test_a_member_change_or_many_changes_read_everything_again(generated):
    index = shared(generated)
    with generated.session() as s:
        s.exec(select(MemberState).where(MemberState.iso2 == "MN")).one().subregion = "Elsewhere"
    again = shared(generated)
    assert again is not index
    assert_same(again, fresh(generated))
    assert ActivityQuery(generated).count(ActivityFilter(subregions=frozenset({"Elsewhere"}))) > 0
    with generated.session() as s:
        for i, a in enumerate(s.exec(select(Activity).where(Activity.deleted_at.is_(None))
                                     .limit(activity_query.MAX_CHANGES + 1)).all()):
            a.iati_identifier = f"Z-{i:03d}"
    assert shared(generated) is not again
    assert_same(shared(generated), fresh(generated))


def test_changes_are_logged_once_per_activity(generated):
    with generated.reader() as s:
        a = s.exec(select(Activity)).first()
    for status in ("3", "4", "5"):
        with generated.session() as s:
            s.get(Activity, a.id).status = status
    raw = generated.engine.raw_connection()
    try:
        rows = raw.driver_connection.execute("SELECT count(*), max(version) FROM activity_search_change "
                                             "WHERE activity_id = ?", (a.id.hex,)).fetchone()
        version = raw.driver_connection.execute("SELECT version FROM activity_search_state").fetchone()[0]
    finally:
        raw.close()
    assert rows == (1, version)
