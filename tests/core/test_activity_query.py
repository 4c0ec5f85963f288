"""The activity list's reading side: facets counted the faceted-search way, counts equal to
the rows listed, a stable order, pages that add up to the id list, and counts that follow
every change."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest
from sqlmodel import select

from tegdesk.core.activity_query import FACETS, ActivityQuery, Facet
from tegdesk.core.activity_types import ActivityFilter
from tegdesk.core.models import Activity, ActivityBspCode, ActivityRecipient, MemberState, utcnow

D = dt.date
# identifier, title, level, status, planned start, actual start, {iso2: share}, bsp codes
ROWS = [
    ("T-01", "Climate workshop", "national", "2", D(2021, 3, 1), D(2021, 3, 5), {"CN": 100}, ["TA02"]),
    ("T-02", "Climate course", "subregional", "4", D(2020, 1, 1), None, {"CN": 60, "MN": 40}, ["TA02", "CC04"]),
    ("T-03", "Waste mission", "national", "4", D(2019, 6, 1), D(2020, 2, 1), {"TH": 100}, ["TA08"]),
    ("T-04", "Waste project", "regional", "2", D(2021, 3, 1), None, {"TH": 30, "FJ": 70}, ["TA08", "CC04"]),
    ("T-05", "Air quality", "national", "1", D(2022, 7, 1), None, {"KZ": 100}, ["TA09"]),
    ("T-06", "Air and climate", "global", "3", None, None, {}, ["TA09", "TA02"]),
    ("T-07", "Biodiversity", "national", "4", D(2021, 3, 1), None, {"IN": 100}, ["TA01"]),
    ("T-08", "Water climate", "subregional", "5", D(2018, 1, 1), D(2018, 1, 1), {"FJ": 50, "KZ": 50}, ["TA04"]),
]


@pytest.fixture
def data(store):
    with store.session() as s:
        members = {m.iso2: m.id for m in s.exec(select(MemberState)).all()}
        ids = {}
        for ident, title, level, status, planned, actual, shares, codes in ROWS:
            a = Activity(iati_identifier=ident, title=title, level=level, status=status, planned_start=planned,
                         actual_start=actual, planned_end=planned and planned + dt.timedelta(days=30))
            s.add(a)
            s.flush()
            for iso2, share in shares.items():
                s.add(ActivityRecipient(activity_id=a.id, member_id=members[iso2], percentage=float(share)))
            if not shares:
                s.add(ActivityRecipient(activity_id=a.id, region_code="998", percentage=100.0))
            for code in codes:
                s.add(ActivityBspCode(activity_id=a.id, code=code))
            ids[ident] = a.id
    return ids


def idents(q: ActivityQuery, f: ActivityFilter) -> list[str]:
    return [r.iati_identifier for r in q.rows(f, 0, 1000)]


def facet_dict(q: ActivityQuery, f: ActivityFilter) -> dict[str, dict]:
    return {k: {x.value: x.count for x in v} for k, v in q.facets(f).items()}


def test_order_is_start_newest_first_then_identifier_undated_last(store, data):
    q = ActivityQuery(store)
    # T-01 starts 2021-03-05 (actual), T-04 and T-07 2021-03-01 (planned); T-03 2020-02-01 (actual)
    assert idents(q, ActivityFilter()) == ["T-05", "T-01", "T-04", "T-07", "T-03", "T-02", "T-08", "T-06"]


def test_row_shows_what_the_list_needs(store, data):
    q = ActivityQuery(store)
    rows = {r.iati_identifier: r for r in q.rows(ActivityFilter(), 0, 100)}
    assert rows["T-02"].countries == ("CN", "MN")  # by share
    assert rows["T-04"].countries == ("FJ", "TH")
    assert rows["T-06"].countries == () and rows["T-06"].start is None
    assert rows["T-03"].start == D(2020, 2, 1) and rows["T-03"].end == D(2019, 7, 1)
    assert rows["T-01"].id == data["T-01"] and rows["T-01"].title == "Climate workshop"
    assert rows["T-01"].status == "2" and rows["T-01"].level == "national" and rows["T-01"].currency == "USD"


@pytest.mark.parametrize(("f", "expected"), [
    (ActivityFilter(countries=frozenset({"CN"})), {"T-01", "T-02"}),
    (ActivityFilter(countries=frozenset({"CN", "FJ"})), {"T-01", "T-02", "T-04", "T-08"}),
    (ActivityFilter(subregions=frozenset({"Pacific"})), {"T-04", "T-08"}),
    (ActivityFilter(subregions=frozenset({"North and Central Asia"})), {"T-05", "T-08"}),
    (ActivityFilter(bsp_codes=frozenset({"CC04"})), {"T-02", "T-04"}),
    (ActivityFilter(statuses=frozenset({"4"})), {"T-02", "T-03", "T-07"}),
    (ActivityFilter(levels=frozenset({"national", "global"})), {"T-01", "T-03", "T-05", "T-06", "T-07"}),
    (ActivityFilter(years=frozenset({2020})), {"T-02", "T-03"}),  # T-03: actual start 2020, planned 2019
    (ActivityFilter(years=frozenset({2019})), set()),
    (ActivityFilter(text="climate", levels=frozenset({"subregional"})), {"T-02", "T-08"}),
    (ActivityFilter(text="climate", countries=frozenset({"CN"}), bsp_codes=frozenset({"CC04"})), {"T-02"}),
    (ActivityFilter(bsp_codes=frozenset({"TA02"}), statuses=frozenset({"2", "3"}), years=frozenset({2021})),
     {"T-01"}),
])
def test_each_facet_and_combinations_filter(store, data, f, expected):
    q = ActivityQuery(store)
    assert set(idents(q, f)) == expected
    assert q.count(f) == len(expected) == len(q.ids(f))


def test_facet_counts_leave_out_only_their_own_restriction(store, data):
    q = ActivityQuery(store)
    f = ActivityFilter(countries=frozenset({"CN"}), levels=frozenset({"national"}))
    got = facet_dict(q, f)
    # countries: national activities, any country
    assert got["countries"] == {"CN": 1, "TH": 1, "KZ": 1, "IN": 1}
    # levels: CN's activities, any level
    assert got["levels"] == {"national": 1, "subregional": 1}
    # the others: CN and national
    assert got["statuses"] == {"2": 1} and got["years"] == {2021: 1} and got["bsp_codes"] == {"TA02": 1}
    assert got["subregions"] == {"East and North-East Asia": 1}


@pytest.mark.parametrize("f", [
    ActivityFilter(),
    ActivityFilter(text="climate"),
    ActivityFilter(countries=frozenset({"CN", "TH"})),
    ActivityFilter(subregions=frozenset({"Pacific"}), statuses=frozenset({"2", "5"})),
    ActivityFilter(text="a", bsp_codes=frozenset({"TA02", "TA08"}), years=frozenset({2021, 2018})),
])
def test_each_facet_count_is_what_ticking_that_value_alone_would_show(store, data, f):
    q = ActivityQuery(store)
    for facet, values in q.facets(f).items():
        for item in values:
            only = dataclasses.replace(f, **{facet: frozenset({item.value})})
            assert item.count == q.count(only), (facet, item)


def test_facets_keys_order_and_ticked_zero_values(store, data):
    q = ActivityQuery(store)
    f = ActivityFilter(countries=frozenset({"CN"}), statuses=frozenset({"6"}))  # no suspended CN activity
    got = q.facets(f)
    assert tuple(got) == FACETS
    assert Facet("6", 0) in got["statuses"]  # shown, to be unticked
    assert q.count(f) == 0
    years = [x.value for x in q.facets(ActivityFilter())["years"]]
    assert years == sorted(years, reverse=True) == [2022, 2021, 2020, 2018]
    assert [x.value for x in q.facets(ActivityFilter())["countries"]] == ["CN", "FJ", "IN", "KZ", "MN", "TH"]


def test_pages_add_up_to_the_id_list(store, data):
    q = ActivityQuery(store)
    for f in (ActivityFilter(), ActivityFilter(text="climate"), ActivityFilter(countries=frozenset({"FJ", "KZ"}))):
        ids = q.ids(f)
        paged = [r.id for offset in range(0, 10, 3) for r in q.rows(f, offset, 3)]
        assert paged == ids and len(ids) == q.count(f)
        assert q.rows(f, len(ids), 3) == [] and q.rows(f, 0, 0) == []
        assert [r.id for r in q.rows(f, 0, 100)] == ids  # the same order twice


def test_counts_follow_every_change(store, data):
    q = ActivityQuery(store)
    assert q.count(ActivityFilter(countries=frozenset({"IN"}))) == 1
    with store.session() as s:  # a recipient changes country
        r = s.exec(select(ActivityRecipient).where(ActivityRecipient.activity_id == data["T-07"])).one()
        r.member_id = s.exec(select(MemberState.id).where(MemberState.iso2 == "VN")).one()
    assert q.count(ActivityFilter(countries=frozenset({"IN"}))) == 0
    assert q.count(ActivityFilter(subregions=frozenset({"South-East Asia"}))) == 3
    with store.session() as s:  # a BSP code is added
        s.add(ActivityBspCode(activity_id=data["T-07"], code="CC04"))
    assert q.count(ActivityFilter(bsp_codes=frozenset({"CC04"}))) == 3
    with store.session() as s:  # status and dates change
        a = s.get(Activity, data["T-06"])
        a.status, a.planned_start = "4", D(2030, 1, 1)
    assert q.count(ActivityFilter(statuses=frozenset({"4"}))) == 4
    assert idents(q, ActivityFilter())[0] == "T-06"
    assert facet_dict(q, ActivityFilter())["years"][2030] == 1
    with store.session() as s:  # soft deletion
        s.get(Activity, data["T-01"]).deleted_at = utcnow()
    assert q.count(ActivityFilter()) == 7
    assert facet_dict(q, ActivityFilter(text="climate"))["countries"] == {"CN": 1, "MN": 1, "FJ": 1, "KZ": 1}
    assert data["T-01"] not in q.ids(ActivityFilter())


def test_a_second_query_object_sees_the_same(store, data):
    one, two = ActivityQuery(store), ActivityQuery(store)
    f = ActivityFilter(text="waste", statuses=frozenset({"2", "4"}))
    assert one.ids(f) == two.ids(f) == [data["T-04"], data["T-03"]]


def test_generated_activities_agree_with_their_facets(store):
    from tegdesk.core.demo.bulk import generate_activities

    generate_activities(store, 400, seed=3)
    q = ActivityQuery(store)
    assert q.count(ActivityFilter()) == 400
    everything = q.facets(ActivityFilter())
    assert len(everything["countries"]) > 20 and len(everything["years"]) > 20
    assert sum(x.count for x in everything["statuses"]) == 400
    assert sum(x.count for x in everything["levels"]) == 400
    country = everything["countries"][0].value
    f = ActivityFilter(text="workshop", countries=frozenset({country}))
    for facet, values in q.facets(f).items():
        for item in values[:5]:
            assert item.count == q.count(dataclasses.replace(f, **{facet: frozenset({item.value})}))
    ids = q.ids(f)
    assert [r.id for r in q.rows(f, 0, 10_000)] == ids
    assert all(isinstance(i, uuid.UUID) for i in ids)


def test_demo_command_adds_generated_activities(tmp_path, capsys):
    from tegdesk import cli

    db = tmp_path / "demo.sqlite3"
    assert cli.main(["--db", str(db), "demo", "--today", "2026-11-21", "--activities", "250"]) == 0
    assert "250 generated activities added." in capsys.readouterr().out
    from tegdesk.core.store import open_store

    with open_store(db, read_only=True) as store:
        q = ActivityQuery(store)
        assert q.count(ActivityFilter()) == 450
        assert q.count(ActivityFilter(text="环境")) > 0
    assert cli.main(["--db", str(tmp_path / "other.sqlite3"), "demo", "--activities", "many"]) != 0
    assert "'many' is not a number" in capsys.readouterr().err


def test_query_objects_of_one_store_share_their_index(store, data):
    from tegdesk.core import activity_query

    ActivityQuery(store).count(ActivityFilter())
    index = activity_query._SHARED[store].index
    assert index is not None
    ActivityQuery(store).facets(ActivityFilter())
    assert activity_query._SHARED[store].index is index  # not read again
