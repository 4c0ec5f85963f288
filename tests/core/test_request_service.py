"""The request service: create and update with inline violations, status changes as dated
events, links, history, register and board, soft deletion; the demo's requests pass."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from sqlmodel import select

from tegdesk.core import request_rules as rr
from tegdesk.core.i18n import translator
from tegdesk.core.models import (
    Activity,
    AssistanceRequest,
    AuditEntry,
    Expert,
    RequestBspCode,
    RequestEvent,
)
from tegdesk.core.services import requests as service_module
from tegdesk.core.services.requests import RequestDraft, RequestFilter, RequestService
from tegdesk.core.store import open_store

D = dt.date
TODAY = D(2026, 11, 21)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(service_module, "today", lambda: TODAY)


@pytest.fixture
def svc(store):
    return RequestService(store)


def draft(**changes) -> RequestDraft:
    values = dict(reference="", member="TH", requesting_body="Ministry of Natural Resources and Environment",
                  received_on=D(2026, 3, 2), channel="note verbale",
                  subject="Advice on a national air quality monitoring network", focal_point="Environment Division",
                  bsp_codes=["TA09", "CC08"])
    values.update(changes)
    return RequestDraft(**values)


def new_request(svc, **changes):
    outcome = svc.create(draft(**changes))
    assert outcome.saved, outcome.violations
    return outcome.record


def add_activity(store, title="Workshop on air quality", identifier="XM-DAC-41106-BSP-9001", titles=None):
    with store.session() as s:
        a = Activity(iati_identifier=identifier, title=title, titles=titles or {})
        s.add(a)
    return a.id


def add_expert(store, family="Suzuki", given="Hana"):
    with store.session() as s:
        e = Expert(family_name=family, given_names=given, organization="NIES")
        s.add(e)
    return e.id


# -- create and update ------------------------------------------------------------------------

def test_create_proposes_a_reference_and_records_the_receipt(svc, store):
    request_id = new_request(svc)
    with store.reader() as s:
        request = s.get(AssistanceRequest, request_id)
        events = s.exec(select(RequestEvent).where(RequestEvent.request_id == request_id)).all()
        codes = s.exec(select(RequestBspCode.code).where(RequestBspCode.request_id == request_id)).all()
    assert request.reference == "TA/2026/001" and request.status == "received" and request.closed_on is None
    assert [(e.status, e.on) for e in events] == [("received", D(2026, 3, 2))]
    assert sorted(codes) == ["CC08", "TA09"]
    assert svc.propose_reference(D(2026, 5, 1)) == "TA/2026/002"
    assert svc.propose_reference(D(2025, 5, 1)) == "TA/2025/001"
    assert svc.load(request_id) == draft(reference="TA/2026/001", bsp_codes=["CC08", "TA09"])  # codes in order


def test_refused_draft_writes_nothing_and_names_each_field(svc, store):
    outcome = svc.create(draft(member="XX", subject="", channel="pigeon", received_on=D(2026, 11, 22),
                               bsp_codes=["ZZ99"], reference="nine"))
    assert not outcome.ok and not outcome.saved
    assert {v.field for v in outcome.errors} == {"member", "subject", "channel", "received_on", "bsp_codes",
                                                 "reference"}
    with store.reader() as s:
        assert s.exec(select(AssistanceRequest)).all() == []
    [typed] = svc.create(draft(member="Atlantis")).errors
    assert typed.field == "member" and "Atlantis is not a member" in typed.text(translator("en"))


def test_check_only_checks(svc, store):
    outcome = svc.check(draft())
    assert outcome.ok and not outcome.saved
    with store.reader() as s:
        assert s.exec(select(AssistanceRequest)).all() == []


def test_references_are_unique_removed_requests_included(svc):
    first = new_request(svc, reference="TA/2026/005")
    outcome = svc.create(draft(reference="ta/2026/005"))
    assert [v.field for v in outcome.errors] == ["reference"]
    svc.delete(first)
    assert [v.field for v in svc.create(draft(reference="TA/2026/005")).errors] == ["reference"]
    assert svc.propose_reference(D(2026, 1, 1)) == "TA/2026/006"
    # a request keeps its own reference on update
    second = new_request(svc)
    assert svc.update(second, svc.load(second)).saved


def test_reference_of_another_year_only_warns(svc):
    outcome = svc.create(draft(reference="TA/2025/099", received_on=D(2026, 1, 3)))
    assert outcome.saved and [v.field for v in outcome.warnings] == ["reference"]


def test_update_moves_the_receipt_event_and_replaces_codes(svc, store):
    request_id = new_request(svc)
    assert svc.update(request_id, draft(received_on=D(2026, 2, 20), bsp_codes=["TA01"], subject="Biodiversity")).saved
    [event] = svc.history(request_id)
    assert event.on == D(2026, 2, 20)
    loaded = svc.load(request_id)
    assert loaded.bsp_codes == ["TA01"] and loaded.subject == "Biodiversity"


def test_received_date_cannot_move_after_the_first_change(svc):
    request_id = new_request(svc)
    assert svc.change_status(request_id, "assigned", D(2026, 3, 10)).saved
    assert svc.update(request_id, draft(received_on=D(2026, 3, 10))).saved  # the same day is fine
    outcome = svc.update(request_id, draft(received_on=D(2026, 3, 11)))
    assert [v.field for v in outcome.errors] == ["received_on"]
    assert svc.load(request_id).received_on == D(2026, 3, 10)


def test_gone_requests_are_refused(svc):
    request_id = new_request(svc)
    assert svc.delete(request_id).saved
    assert not svc.update(request_id, draft()).ok
    assert not svc.change_status(request_id, "assigned", D(2026, 4, 1)).ok
    assert not svc.delete(request_id).ok
    assert svc.detail(request_id) is None
    assert svc.register() == []


# -- status ------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", [
    ["assigned", "in_progress", "answered"],
    ["declined"], ["withdrawn"],
    ["assigned", "declined"], ["assigned", "withdrawn"],
    ["assigned", "in_progress", "declined"], ["assigned", "in_progress", "withdrawn"],
])
def test_every_allowed_path_is_recorded_and_status_kept_in_step(svc, store, path):
    request_id = new_request(svc)
    day = D(2026, 3, 2)
    for status in path:
        day += dt.timedelta(days=7)
        outcome = svc.change_status(request_id, status, day, note=f"to {status}")
        assert outcome.saved, outcome.violations
    with store.reader() as s:
        request = s.get(AssistanceRequest, request_id)
    assert request.status == path[-1]
    assert request.closed_on == (day if rr.is_closed(path[-1]) else None)
    assert [h.status for h in svc.history(request_id)] == ["received", *path]


@pytest.mark.parametrize("current,new", [
    ("received", "in_progress"), ("received", "answered"), ("assigned", "received"), ("assigned", "answered"),
    ("in_progress", "assigned"), ("answered", "declined"), ("declined", "assigned"), ("withdrawn", "answered"),
    ("received", "received"),
])
def test_refused_transitions_write_nothing(svc, current, new):
    request_id = new_request(svc)
    steps = {"received": [], "assigned": ["assigned"], "in_progress": ["assigned", "in_progress"],
             "answered": ["assigned", "in_progress", "answered"], "declined": ["declined"],
             "withdrawn": ["withdrawn"]}[current]
    for i, status in enumerate(steps):
        assert svc.change_status(request_id, status, D(2026, 4, 1 + i)).saved
    before = svc.history(request_id)
    outcome = svc.change_status(request_id, new, D(2026, 5, 1), note="why not")
    assert not outcome.ok and [v.field for v in outcome.errors] == ["status"]
    assert svc.history(request_id) == before


def test_event_dates_at_their_boundaries(svc):
    request_id = new_request(svc)  # received 2 March 2026
    assert [v.field for v in svc.change_status(request_id, "assigned", D(2026, 3, 1)).errors] == ["on"]
    assert svc.change_status(request_id, "assigned", D(2026, 3, 2)).saved  # the day received
    assert [v.field for v in svc.change_status(request_id, "in_progress", D(2026, 3, 1)).errors] == ["on"]
    assert [v.field for v in svc.change_status(request_id, "in_progress", TODAY + dt.timedelta(days=1)).errors] \
        == ["on"]
    assert svc.change_status(request_id, "in_progress", D(2026, 3, 2)).saved  # the same day as the previous
    assert svc.change_status(request_id, "answered", TODAY).saved  # today
    assert svc.detail(request_id).row.days == (TODAY - D(2026, 3, 2)).days


def test_reopening_needs_a_note_and_clears_the_closing_date(svc, store):
    request_id = new_request(svc)
    svc.change_status(request_id, "declined", D(2026, 4, 1), note="no resources this biennium")
    assert svc.next_statuses(request_id) == ["in_progress"]
    refused = svc.change_status(request_id, "in_progress", D(2026, 6, 1))
    assert [v.field for v in refused.errors] == ["note"]
    assert svc.change_status(request_id, "in_progress", D(2026, 6, 1), note="resources found").saved
    with store.reader() as s:
        request = s.get(AssistanceRequest, request_id)
    assert request.status == "in_progress" and request.closed_on is None
    assert svc.detail(request_id).row.days == (TODAY - D(2026, 3, 2)).days  # still running


def test_answering_without_links_warns_but_saves(svc):
    request_id = new_request(svc)
    for i, status in enumerate(["assigned", "in_progress"]):
        svc.change_status(request_id, status, D(2026, 4, 1 + i))
    outcome = svc.change_status(request_id, "answered", D(2026, 5, 1), save=False)
    assert outcome.ok and [v.field for v in outcome.warnings] == ["links"]
    assert svc.change_status(request_id, "answered", D(2026, 5, 1)).saved
    [row] = svc.register()
    assert [v.field for v in row.warnings] == ["links"]


def test_history_is_in_date_order_same_day_in_order_recorded(svc):
    request_id = new_request(svc, received_on=D(2026, 4, 1))
    svc.change_status(request_id, "assigned", D(2026, 4, 1), note="first")
    svc.change_status(request_id, "in_progress", D(2026, 4, 1), note="second")
    svc.change_status(request_id, "withdrawn", D(2026, 4, 3), note="third")
    history = svc.history(request_id)
    assert [(h.status, h.note) for h in history] == [("received", ""), ("assigned", "first"),
                                                     ("in_progress", "second"), ("withdrawn", "third")]
    assert [h.on for h in history] == sorted(h.on for h in history)


# -- links -----------------------------------------------------------------------------------

def test_links_to_activities_and_experts(svc, store):
    request_id = new_request(svc)
    activity = add_activity(store)
    expert = add_expert(store)
    assert svc.link_activity(request_id, activity).saved
    again = svc.link_activity(request_id, activity)
    assert not again.saved and again.ok and again.warnings  # already linked: nothing written
    assert svc.link_expert(request_id, expert).saved
    detail = svc.detail(request_id)
    assert [a.id for a in detail.activities] == [activity] and [e.id for e in detail.experts] == [expert]
    assert (detail.row.activities, detail.row.experts) == (1, 1)
    assert svc.unlink_activity(request_id, activity).saved
    assert not svc.unlink_activity(request_id, activity).ok
    assert svc.unlink_expert(request_id, expert).saved
    assert svc.detail(request_id).activities == svc.detail(request_id).experts == []
    with store.reader() as s:  # the links are audited
        tables = set(s.exec(select(AuditEntry.table_name)).all())
    assert {"request_activity", "request_expert"} <= tables


def test_unlinking_the_last_answer_warns(svc, store):
    request_id = new_request(svc)
    expert = add_expert(store)
    svc.link_expert(request_id, expert)
    for i, status in enumerate(["assigned", "in_progress", "answered"]):
        assert svc.change_status(request_id, status, D(2026, 4, 1 + i)).ok
    outcome = svc.unlink_expert(request_id, expert)
    assert outcome.saved and [v.field for v in outcome.warnings] == ["links"]


def test_removed_activities_and_experts_cannot_be_linked(svc, store):
    request_id = new_request(svc)
    activity = add_activity(store)
    with store.session() as s:
        a = s.get(Activity, activity)
        a.deleted_at = dt.datetime.now(dt.timezone.utc)
        s.add(a)
    assert not svc.link_activity(request_id, activity).ok
    assert not svc.link_expert(request_id, request_id).ok  # no such expert


def test_find_activities_as_the_activity_list_searches(svc, store):
    add_activity(store, "Workshop on air quality", "XM-DAC-41106-BSP-9001", {"zh": "空气质量讲习班"})
    add_activity(store, "Training on e-waste", "XM-DAC-41106-BSP-9002")
    assert [a.identifier for a in svc.find_activities("AIR")] == ["XM-DAC-41106-BSP-9001"]
    assert [a.identifier for a in svc.find_activities("9002")] == ["XM-DAC-41106-BSP-9002"]
    assert [a.identifier for a in svc.find_activities("空气")] == ["XM-DAC-41106-BSP-9001"]
    assert len(svc.find_activities("")) == 2


# -- register and board ----------------------------------------------------------------------

def test_register_filters(svc):
    a = new_request(svc, member="TH", received_on=D(2025, 6, 1), subject="Air quality network")
    b = new_request(svc, member="VN", received_on=D(2026, 2, 1), subject="Mercury inventory")
    c = new_request(svc, member="TH", received_on=D(2026, 5, 1), subject="E-waste recycling")
    svc.change_status(c, "declined", D(2026, 5, 20), note="outside the plan")

    def ids(**f):
        return [r.id for r in svc.register(RequestFilter(**f))]

    assert ids() == [c, b, a]  # newest first
    assert ids(member="th") == [c, a]
    assert ids(year=2026) == [c, b]
    assert ids(status="declined") == [c]
    assert ids(status="open") == [b, a]
    assert ids(status="closed") == [c]
    assert ids(text="MERCURY") == [b]
    assert ids(text="ta/2026") == [c, b]
    assert ids(member="TH", year=2026, text="waste") == [c]
    row = svc.register(RequestFilter(status="declined"))[0]
    assert row.days == 19 and not row.is_open and row.member_name == "Thailand"


def test_board_groups_by_status_with_days_so_far(svc):
    old = new_request(svc, received_on=D(2026, 1, 1))
    young = new_request(svc, received_on=D(2026, 11, 1))
    answered = new_request(svc, received_on=D(2026, 2, 1))
    for i, status in enumerate(["assigned", "in_progress", "answered"]):
        svc.change_status(answered, status, D(2026, 3, 1 + i))
    board = svc.board()
    assert list(board) == list(rr.STATUSES)
    assert [r.id for r in board["received"]] == [old, young]  # the longest waiting on top
    assert [r.days for r in board["received"]] == [(TODAY - D(2026, 1, 1)).days, 20]
    assert [r.id for r in board["answered"]] == [answered] and board["answered"][0].days == 30
    assert board["declined"] == [] and board["withdrawn"] == []
    assert [r.id for r in svc.board(RequestFilter(status="open"))["received"]] == [old, young]
    assert svc.board(RequestFilter(status="open"))["answered"] == []
    assert svc.years() == [2026]


# -- the demo ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    from tegdesk.core.demo import populate_demo

    path = tmp_path_factory.mktemp("requests-demo") / "demo.sqlite3"
    with open_store(path) as store:
        populate_demo(store, today=TODAY)
    return path


def test_the_demo_requests_pass_the_checks(demo_path, tmp_path):
    path = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_path, path)
    with open_store(path) as store:
        svc = RequestService(store)
        rows = svc.register()
        assert len(rows) == 30
        assert {r.status for r in rows} == set(rr.STATUSES)
        for row in rows:
            outcome = svc.check(svc.load(row.id), row.id)
            assert outcome.violations == [], (row.reference, outcome.violations)
            assert rr.reference_parts(row.reference)[1] == row.received_on.year
            assert row.channel in rr.CHANNELS
            assert row.warnings == []  # every answered request names what answered it
            history = svc.history(row.id)
            assert history[0].status == "received" and history[0].on == row.received_on
            assert history[-1].status == row.status
            for before, after in zip(history, history[1:]):
                note = "reopened" if rr.is_reopening(before.status, after.status) else ""
                assert rr.check_transition(before.status, after.status, note) == []
                assert rr.check_event_date(after.on, row.received_on, before.on, TODAY) == []
            assert row.closed_on == (history[-1].on if rr.is_closed(row.status) else None)
            assert row.days == rr.days_so_far(row.received_on, row.status, row.closed_on, TODAY)
        # a demo request still moves on through the service
        waiting = svc.board()["received"][0]
        assert svc.change_status(waiting.id, "assigned", TODAY, note="Assigned to the Environment Division.").saved
        assert svc.history(waiting.id)[-1].note == "Assigned to the Environment Division."
