"""The annual BSP figures on a small hand-built database whose answers are known (B5)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlmodel import select

from tegdesk.core.models import (
    Activity,
    ActivityBspCode,
    ActivityOrganisation,
    ActivityRecipient,
    AssistanceRequest,
    MemberState,
    Organisation,
    RequestActivity,
    RequestBspCode,
    RequestEvent,
    utcnow,
)
from tegdesk.core.reports import Count, bsp_figures, default_report_year, report_years
from tegdesk.core.reports.labels import NO_COUNTRY

D = dt.date
#: an assessment holding markup and quotes: the report must print it literally
ASSESSMENT = 'Useful <b>training</b> & "follow-up" asked'


def add_request(session, members, reference: str, iso2: str, received: dt.date, events=(), codes=(),
                activities=()) -> AssistanceRequest:
    """A request received on ``received`` whose later history is ``events`` [(status, date)]."""
    closed = {"answered", "declined", "withdrawn"}
    status, closed_on = "received", None
    for s, on in events:
        status = s
        closed_on = on if s in closed else None
    request = AssistanceRequest(reference=reference, member_id=members[iso2].id, received_on=received,
                                subject=f"Subject of {reference}", status=status, closed_on=closed_on)
    session.add(request)
    session.flush()  # rows are inserted in the order added: parents first
    session.add(RequestEvent(request_id=request.id, status="received", on=received))
    for s, on in events:
        session.add(RequestEvent(request_id=request.id, status=s, on=on))
    for code in codes:
        session.add(RequestBspCode(request_id=request.id, code=code))
    for activity in activities:
        session.add(RequestActivity(request_id=request.id, activity_id=activity.id))
    session.flush()
    return request


def add_activity(session, members, identifier: str, *, codes=(), countries=(), region=None, funders=(),
                 **fields) -> Activity:
    activity = Activity(iati_identifier=identifier, title=f"Activity {identifier}", **fields)
    session.add(activity)
    session.flush()
    for code in codes:
        session.add(ActivityBspCode(activity_id=activity.id, code=code))
    for iso2, share in countries:
        session.add(ActivityRecipient(activity_id=activity.id, member_id=members[iso2].id, percentage=share))
    if region:
        session.add(ActivityRecipient(activity_id=activity.id, region_code=region, percentage=100))
    for org in funders:
        session.add(ActivityOrganisation(activity_id=activity.id, organisation_id=org.id, role="1"))
    session.flush()
    return activity


def build(store) -> dict[str, uuid.UUID]:
    """Three years of requests and activities (see each test for what they add up to)."""
    with store.session() as s:
        members = {m.iso2: m for m in s.exec(select(MemberState))}
        gef = Organisation(name="Global Environment Facility", acronym="GEF")
        jica = Organisation(name="Japan International Cooperation Agency", acronym="JICA")
        s.add(gef)
        s.add(jica)
        s.flush()
        a1 = add_activity(s, members, "XM-T-1", codes=["TA02", "CC04"], countries=[("CN", 100)], funders=[gef],
                          level="national", status="4", planned_start=D(2024, 2, 20), actual_start=D(2024, 3, 1),
                          currency="USD", budget=10_000_000, cost=9_000_000, trained_women=10, trained_men=30,
                          results="Forty officials trained.", assessment=ASSESSMENT, assessment_date=D(2024, 6, 1),
                          titles={"zh": "活动一"})
        add_activity(s, members, "XM-T-2", codes=["TA02"], countries=[("VN", 50), ("TH", 50)], funders=[gef, jica],
                     level="subregional", south_south=True, planned_start=D(2024, 5, 1), currency="USD",
                     budget=5_000_000, trained_women=20, trained_men=0)
        add_activity(s, members, "XM-T-3", codes=["TA08"], region="798", level="regional",
                     actual_start=D(2024, 12, 31), currency="JPY", budget=100_000_000)
        add_activity(s, members, "XM-T-4", codes=["TA01"], countries=[("CN", 100)], status="5",
                     planned_start=D(2024, 7, 1))  # cancelled
        add_activity(s, members, "XM-T-5", codes=["TA01"], countries=[("IN", 100)], actual_start=D(2023, 12, 31),
                     planned_start=D(2024, 1, 5))  # counts in 2023: its actual start
        gone = add_activity(s, members, "XM-T-6", codes=["TA01"], countries=[("IN", 100)],
                            planned_start=D(2024, 8, 1))
        gone.deleted_at = utcnow()
        # 2024: four requests closed (5, 10, 20 and 30 days), one still open
        add_request(s, members, "R/2024/1", "CN", D(2024, 1, 10), [("assigned", D(2024, 1, 12)),
                                                                   ("answered", D(2024, 1, 20))],
                    codes=["TA02"], activities=[a1])
        add_request(s, members, "R/2024/2", "VN", D(2024, 2, 1), [("declined", D(2024, 3, 2))],
                    codes=["TA02", "CC04"])
        add_request(s, members, "R/2024/3", "TH", D(2024, 3, 1), [("withdrawn", D(2024, 3, 6))], codes=["TA08"])
        add_request(s, members, "R/2024/4", "IN", D(2024, 11, 1), [("in_progress", D(2024, 11, 20))],
                    codes=["TA08"])
        add_request(s, members, "R/2023/9", "CN", D(2023, 12, 20), [("answered", D(2024, 1, 9))], codes=["CC04"])
        # 2022: three requests closed in 3, 7 and 100 days
        add_request(s, members, "R/2022/1", "CN", D(2022, 1, 3), [("answered", D(2022, 1, 6))])
        add_request(s, members, "R/2022/2", "CN", D(2022, 2, 1), [("declined", D(2022, 2, 8))])
        add_request(s, members, "R/2022/3", "CN", D(2022, 3, 1), [("answered", D(2022, 6, 9))])
        removed = add_request(s, members, "R/2022/4", "CN", D(2022, 3, 2), [("answered", D(2022, 3, 3))])
        removed.deleted_at = utcnow()
        return {"a1": a1.id}


@pytest.fixture
def built(store):
    return build(store)


def test_requests_of_a_year_and_the_median_of_four(store, built):
    f = bsp_figures(store, 2024)
    assert (f.received, f.answered, f.declined, f.withdrawn) == (4, 2, 1, 1)
    assert (f.open_at_start, f.open_at_end) == (1, 1)
    assert f.open_at_start + f.received == f.closed + f.open_at_end
    assert sorted(f.processing_days) == [5, 10, 20, 30]
    assert f.median_days == 15.0
    assert [r.reference for r in f.requests] == ["R/2023/9", "R/2024/1", "R/2024/2", "R/2024/3", "R/2024/4"]
    assert [r.reference for r in f.open_requests] == ["R/2024/4"]
    answered = {r.reference: r for r in f.answered_requests}
    assert set(answered) == {"R/2023/9", "R/2024/1"}
    assert [a.identifier for a in answered["R/2024/1"].activities] == ["XM-T-1"]
    assert answered["R/2024/1"].days == 10 and answered["R/2024/1"].country == "CN"


def test_median_of_three_and_removed_requests_left_out(store, built):
    f = bsp_figures(store, 2022)
    assert f.received == 3 and f.processing_days == [3, 7, 100]
    assert f.median_days == 7.0


def test_gaps_are_requests_with_no_activity_by_area_withdrawn_aside(store, built):
    f = bsp_figures(store, 2024)
    assert [r.reference for r in f.gap_requests] == ["R/2024/2", "R/2024/4"]
    assert f.gaps == 2
    assert f.gaps_by_area == [Count("CC04", 1), Count("TA02", 1), Count("TA08", 1)]
    assert f.requests_by_area == [Count("TA02", 2), Count("TA08", 2), Count("CC04", 1)]


def test_activities_by_area_country_subregion_and_level(store, built):
    f = bsp_figures(store, 2024)
    assert f.activities == 3 and f.cancelled == 1
    assert f.by_thematic == [Count("TA02", 2), Count("TA08", 1)]
    assert f.by_cross_cutting == [Count("CC04", 1)]
    assert "TA01" in f.thematic_without_activity and "TA02" not in f.thematic_without_activity
    assert [(c.key, c.count) for c in f.by_country] == [("CN", 1), ("TH", 1), ("VN", 1)]  # by name: China, Thailand
    assert f.by_region == [Count("798", 1)]
    assert {c.key: c.count for c in f.by_subregion} == {"East and North-East Asia": 1, "South-East Asia": 1,
                                                        NO_COUNTRY: 1}
    assert [(c.key, c.count) for c in f.by_level] == [("national", 1), ("subregional", 1), ("regional", 1),
                                                      ("global", 0)]
    assert f.south_south == 1
    assert bsp_figures(store, 2023).activities == 1  # XM-T-5: its actual start, not its planned one


def test_funding_per_currency_and_funder(store, built):
    f = bsp_figures(store, 2024)
    money = {m.currency: m for m in f.money}
    assert (money["USD"].budget, money["USD"].cost, money["USD"].activities, money["USD"].with_cost) == \
        (15_000_000, 9_000_000, 2, 1)
    assert money["JPY"].budget == 100_000_000
    assert [(x.name, x.currency, x.activities, x.budget) for x in f.by_funder] == [
        ("GEF", "USD", 2, 15_000_000), ("JICA", "USD", 1, 5_000_000)]


def test_training_results_and_assessments(store, built):
    f = bsp_figures(store, 2024)
    assert (f.trained_women, f.trained_men, f.trained_other, f.trained) == (30, 30, 0, 60)
    assert f.women_share == 0.5 and f.with_training == 2
    assert f.with_results == 1 and f.with_assessment == 1
    quote = f.assessments[0]
    assert quote.text == ASSESSMENT and quote.country == "CN" and quote.on == D(2024, 6, 1)
    assert quote.activity.title_in("zh") == "活动一" and quote.activity.title_in("fr") == "Activity XM-T-1"


def test_a_year_with_no_data_gives_zeros(store, built):
    f = bsp_figures(store, 2010)
    assert f.is_empty
    assert (f.received, f.closed, f.open_at_end, f.activities, f.gaps, f.trained) == (0, 0, 0, 0, 0, 0)
    assert f.median_days is None and f.women_share is None
    assert f.requests == [] and f.by_country == [] and f.money == [] and f.assessments == []
    assert [c.count for c in f.by_level] == [0, 0, 0, 0]


def test_an_empty_database_gives_zeros_too(store):
    assert report_years(store) == []
    f = bsp_figures(store, 2024)
    assert f.is_empty and f.median_days is None


def test_a_reopened_request_counts_by_its_last_closing(store):
    with store.session() as s:
        members = {m.iso2: m for m in s.exec(select(MemberState))}
        add_request(s, members, "R/1", "CN", D(2022, 5, 1), [("answered", D(2022, 5, 4)),
                                                             ("in_progress", D(2022, 6, 1)),
                                                             ("answered", D(2023, 1, 10))])
    first, second = bsp_figures(store, 2022), bsp_figures(store, 2023)
    assert (first.answered, first.open_at_end) == (0, 1)
    assert (second.answered, second.open_at_start, second.processing_days) == (1, 1, [254])


def test_a_request_without_history_is_read_from_its_dates(store):
    with store.session() as s:
        member = s.exec(select(MemberState).where(MemberState.iso2 == "CN")).one()
        s.add(AssistanceRequest(reference="R/1", member_id=member.id, received_on=D(2024, 1, 1), subject="x",
                                status="declined", closed_on=D(2024, 1, 31)))
    f = bsp_figures(store, 2024)
    assert (f.received, f.declined, f.processing_days) == (1, 1, [30])


def test_years_with_data_and_the_default_year(store, built):
    assert report_years(store) == [2022, 2023, 2024]
    assert default_report_year([2022, 2023, 2024], D(2026, 3, 1)) == 2024
    assert default_report_year([2022, 2025, 2026], D(2026, 3, 1)) == 2025  # the last full year
    assert default_report_year([2026, 2027], D(2026, 3, 1)) == 2026  # only later years: the first of them
    assert default_report_year([], D(2026, 3, 1)) == 2025
