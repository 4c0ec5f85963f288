"""The activity service: saving and reading back, organisations matched, soft deletion,
many activities at once (all or nothing, audited), and the demonstration's activities."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from decimal import Decimal

import pytest
from sqlalchemy import event
from sqlmodel import func, select

from tegdesk.core.activity_rules import ESCAP_IATI_REF, ActivityReference, check_activity, normalize
from tegdesk.core.activity_query import ActivityQuery
from tegdesk.core.activity_types import (
    ActivityDraft,
    ActivityFilter,
    ExternalLink,
    OrganisationRole,
    RecipientShare,
)
from tegdesk.core.demo import populate_demo
from tegdesk.core.errors import DatabaseReadOnly, UserError
from tegdesk.core.i18n import Translator
from tegdesk.core.models import (
    Activity,
    ActivityBspCode,
    ActivityLink,
    ActivityOrganisation,
    ActivityRecipient,
    AuditEntry,
    Organisation,
)
from tegdesk.core.progress import Cancelled, Progress
from tegdesk.core.services import meeting_base
from tegdesk.core.services.activities import ActivityService
from tegdesk.core.store import open_store

D = dt.date
PREFIX = f"{ESCAP_IATI_REF}-BSP-"


def full_draft(**changes) -> ActivityDraft:
    d = ActivityDraft(
        iati_identifier=f"{PREFIX}0007", title="Regional training course on mercury inventories",
        titles={"zh": "汞清单区域培训班", "fr": "Cours régional sur les inventaires de mercure"},
        description="Five days in Bangkok.\nHands-on sessions.", descriptions={"ru": "Пять дней в Бангкоке."},
        level="regional", south_south=True, status="4", planned_start=D(2025, 5, 5), planned_end=D(2025, 5, 9),
        actual_start=D(2025, 5, 6), actual_end=D(2025, 5, 10), currency="JPY", budget=1_500_000_00,
        cost=1_400_000_00, trained_women=21, trained_men=17, trained_other=1,
        results="39 officials trained; two national inventories drafted.",
        assessment="The Government of Thailand found the course useful.", assessment_date=D(2025, 9, 1),
        agreements=["Minamata Convention", "Basel Convention"],
        organisations=[OrganisationRole("Global Environment Facility", "1", ref="XM-DAC-47044", type="40",
                                        acronym="GEF"),
                       OrganisationRole("Asian Institute of Technology", "4", type="80", acronym="AIT"),
                       OrganisationRole("United Nations Environment Programme", "4", ref="XM-DAC-41116", type="40",
                                        acronym="UNEP")],
        recipients=[RecipientShare(country="TH", percentage=Decimal("33.34")),
                    RecipientShare(country="VN", percentage=Decimal("33.33")),
                    RecipientShare(region="798", percentage=Decimal("33.33"))],
        bsp_codes=["CC04", "TA07"],
        links=[ExternalLink("GEF", "https://www.thegef.org/projects-operations/projects/10001", "10001"),
               ExternalLink("UNEP", None, "UNEP-MC-7")])
    return dataclasses.replace(d, **changes)


def simple(n: int, **changes) -> ActivityDraft:
    d = ActivityDraft(iati_identifier=f"{PREFIX}{n:04d}", title=f"Workshop {n}", level="national", status="2",
                      planned_start=D(2026, 1, 1), planned_end=D(2026, 1, 2), budget=100_00,
                      organisations=[OrganisationRole("UNEP", "4")], recipients=[RecipientShare(country="TH")],
                      bsp_codes=["TA02"])
    return dataclasses.replace(d, **changes)


@pytest.fixture
def svc(store):
    return ActivityService(store)


def count(store, model, *where) -> int:
    with store.reader() as s:
        return s.exec(select(func.count()).select_from(model).where(*where)).one()


def organisations(store) -> dict[str, Organisation]:
    with store.reader() as s:
        return {o.name: o for o in s.exec(select(Organisation))}


# -- save and load --------------------------------------------------------------------------

def test_a_saved_activity_loads_back_equal_field_by_field(svc):
    d = full_draft()
    outcome = svc.save(d)
    assert outcome.ok and outcome.saved and outcome.warnings == []
    loaded = svc.load(outcome.record)
    for f in dataclasses.fields(ActivityDraft):
        assert getattr(loaded, f.name) == getattr(normalize(d), f.name), f.name
    assert loaded == normalize(d) == d  # the draft was already in canonical order


def test_a_draft_in_any_order_loads_back_in_canonical_order(svc):
    d = full_draft(organisations=list(reversed(full_draft().organisations)), bsp_codes=["ta07", "CC04"],
                   recipients=list(reversed(full_draft().recipients)), links=list(reversed(full_draft().links)),
                   title="  Regional training course on mercury inventories ")
    loaded = svc.load(svc.save(d).record)
    assert loaded == normalize(d) == full_draft()


def test_saving_again_replaces_the_children_and_keeps_unchanged_rows(svc, store):
    activity_id = svc.save(full_draft()).record
    with store.reader() as s:
        kept_code = s.exec(select(ActivityBspCode.id).where(ActivityBspCode.code == "CC04")).one()
    changed = full_draft(organisations=[OrganisationRole("UNDP", "4")], recipients=[RecipientShare(country="FJ")],
                         bsp_codes=["CC04", "TA02"], links=[], title="Renamed", level="national")
    outcome = svc.save(changed, activity_id)
    assert outcome.ok, outcome.violations
    assert outcome.record == activity_id
    assert svc.load(activity_id) == normalize(changed)
    assert count(store, Activity) == 1
    assert count(store, ActivityOrganisation) == 1 and count(store, ActivityRecipient) == 1
    assert count(store, ActivityLink) == 0 and count(store, ActivityBspCode) == 2
    with store.reader() as s:
        assert s.exec(select(ActivityBspCode.id).where(ActivityBspCode.code == "CC04")).one() == kept_code
        actions = s.exec(select(AuditEntry.table_name, AuditEntry.action)
                         .where(AuditEntry.table_name == "activity_bsp_code")).all()
    assert sorted(actions) == [("activity_bsp_code", "insert")] * 3 + [("activity_bsp_code", "purge")]


def test_saving_an_unchanged_draft_writes_no_change(svc, store):
    activity_id = svc.save(full_draft()).record
    before = count(store, AuditEntry)
    assert svc.save(svc.load(activity_id), activity_id).ok
    assert count(store, AuditEntry) == before


def test_a_refused_draft_writes_nothing(svc, store):
    before = count(store, AuditEntry)
    outcome = svc.save(full_draft(recipients=[RecipientShare(country="TH", percentage=Decimal("33.33"))] * 3))
    assert not outcome.ok and not outcome.saved and outcome.record is None
    assert {v.field for v in outcome.errors} == {"recipients"}  # TH listed more than once, 99.99 in all
    assert count(store, Activity) == 0 and count(store, Organisation) == 0
    assert count(store, AuditEntry) == before


def test_today_is_the_services_today(svc, monkeypatch):
    closed = simple(1, status="4", actual_start=D(2030, 1, 1), actual_end=D(2030, 1, 2),
                    planned_start=D(2030, 1, 1), planned_end=D(2030, 1, 2))
    assert [v.field for v in svc.check(closed).errors] == ["actual_start", "actual_end"]
    monkeypatch.setattr(meeting_base, "today", lambda: D(2030, 1, 2))
    assert svc.check(closed).ok


def test_check_writes_nothing_and_shows_the_draft_as_it_would_be_saved(svc, store):
    outcome = svc.check(full_draft(iati_identifier="", currency="jpy"))
    assert outcome.ok and not outcome.saved
    assert outcome.record.iati_identifier == f"{PREFIX}0001" and outcome.record.currency == "JPY"
    assert count(store, Activity) == 0
    assert [v.field for v in svc.check(full_draft(budget=150)).errors] == ["budget"]  # JPY: whole yen


def test_an_empty_identifier_gets_the_next_of_the_series(svc):
    assert svc.propose_identifier() == f"{PREFIX}0001"
    svc.save(simple(41))
    assert svc.propose_identifier() == f"{PREFIX}0042"
    second = svc.save(simple(0, iati_identifier=""))
    assert svc.load(second.record).iati_identifier == f"{PREFIX}0042"


def test_identifiers_stay_unique_in_the_database(svc):
    first = svc.save(simple(1)).record
    refused = svc.save(simple(1, title="Another"))
    assert [v.field for v in refused.errors] == ["iati_identifier"]
    assert svc.save(simple(1, title="Same activity, edited"), first).ok


def test_editing_an_activity_that_is_gone_is_refused(svc):
    activity_id = svc.save(simple(1)).record
    assert svc.delete(activity_id).ok
    outcome = svc.save(simple(1), activity_id)
    assert not outcome.ok and outcome.errors[0].text(Translator("en")) == "That activity no longer exists."


def test_the_reporting_organisation_is_escap_or_the_imported_activitys_own(svc, store):
    own = svc.save(simple(1)).record
    imported = svc.save(simple(2, iati_identifier="XM-DAC-41116-ABC-1", organisations=[
        OrganisationRole("United Nations Environment Programme", "2", ref="XM-DAC-41116")])).record
    orgs = organisations(store)
    escap = orgs["Economic and Social Commission for Asia and the Pacific"]
    assert escap.iati_ref == ESCAP_IATI_REF and escap.acronym == "ESCAP"
    with store.reader() as s:
        assert s.get(Activity, own).reporting_org_id == escap.id
        assert s.get(Activity, imported).reporting_org_id == orgs["United Nations Environment Programme"].id


# -- organisations --------------------------------------------------------------------------

def test_organisations_are_matched_by_ref_then_name_then_acronym_else_created(svc, store):
    with store.session() as s:
        s.add(Organisation(name="United Nations Environment Programme", acronym="UNEP", iati_ref="XM-DAC-41116"))
        s.add(Organisation(name="Global Environment Facility", acronym="GEF"))
        s.add(Organisation(name="Gone Institute", acronym="GI", deleted_at=dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)))
    d = simple(1, organisations=[
        OrganisationRole("UN Environment", "4", ref="xm-dac-41116"),  # by ref, whatever the name
        OrganisationRole("global environment facility", "1"),  # by name, ignoring case
        OrganisationRole("The GEF Trust Fund", "3", acronym="gef"),  # by acronym
        OrganisationRole("UNEP", "2"),  # a name that is a known acronym
        OrganisationRole("Gone Institute", "4"),  # deleted: a new one is made
        OrganisationRole("Asian Institute of Technology", "4", type="80", acronym="AIT"),
    ])
    loaded = svc.load(svc.save(d).record)
    names = {(o.name, o.role) for o in loaded.organisations}
    assert names == {("United Nations Environment Programme", "4"), ("Global Environment Facility", "1"),
                     ("Global Environment Facility", "3"), ("United Nations Environment Programme", "2"),
                     ("Gone Institute", "4"), ("Asian Institute of Technology", "4")}
    with store.reader() as s:
        rows = s.exec(select(Organisation.name, Organisation.acronym, Organisation.iati_type,
                             Organisation.deleted_at)).all()
    assert sorted((n, a or "", t or "", g is None) for n, a, t, g in rows) == [
        ("Asian Institute of Technology", "AIT", "80", True),
        ("Economic and Social Commission for Asia and the Pacific", "ESCAP", "40", True),
        ("Global Environment Facility", "GEF", "", True),
        ("Gone Institute", "", "", True), ("Gone Institute", "GI", "", False),
        ("United Nations Environment Programme", "UNEP", "", True)]


def test_one_organisation_named_twice_the_same_way_is_kept_once(svc, store):
    d = simple(1, organisations=[OrganisationRole("UNEP", "4"), OrganisationRole("UNEP", "4", acronym="UNEP")])
    outcome = svc.save(d)
    assert not outcome.ok  # listed twice in the same role
    with store.session() as s:
        s.add(Organisation(name="United Nations Environment Programme", acronym="UNEP"))
    d = simple(1, organisations=[OrganisationRole("United Nations Environment Programme", "4"),
                                 OrganisationRole("Environment Programme", "4", acronym="UNEP")])
    activity_id = svc.save(d).record
    assert [(o.name, o.role) for o in svc.load(activity_id).organisations] == [
        ("United Nations Environment Programme", "4")]


# -- deletion ---------------------------------------------------------------------------------

def test_delete_is_soft_and_hides_the_activity(svc, store):
    kept, gone = svc.save(simple(1)).record, svc.save(simple(2)).record
    outcome = svc.delete(gone)
    assert outcome.ok and outcome.saved
    with store.reader() as s:
        assert s.get(Activity, gone).deleted_at is not None
    with pytest.raises(UserError, match="no longer exists"):
        svc.load(gone)
    assert [d.iati_identifier for d in svc.drafts([gone, kept])] == [f"{PREFIX}0001"]
    assert not svc.delete(gone).ok
    reuse = svc.save(simple(2, title="Another"))
    assert [v.field for v in reuse.errors] == ["iati_identifier"]
    assert "deleted activity" in reuse.errors[0].text(Translator("en"))
    assert svc.propose_identifier() == f"{PREFIX}0003"
    with store.reader() as s:
        assert s.exec(select(AuditEntry.action).where(AuditEntry.record_id == str(gone),
                                                      AuditEntry.action == "delete")).one() == "delete"


def test_a_read_only_store_refuses_every_write(svc, store, db_path):
    activity_id = svc.save(simple(1)).record
    ro = open_store(db_path, read_only=True)
    try:
        ro_svc = ActivityService(ro)
        assert ro_svc.load(activity_id).title == "Workshop 1"
        assert ro_svc.check(simple(2)).ok
        for write in (lambda: ro_svc.save(simple(2)), lambda: ro_svc.save_many([simple(3)]),
                      lambda: ro_svc.delete(activity_id)):
            with pytest.raises(DatabaseReadOnly):
                write()
    finally:
        ro.close()
    assert count(store, Activity) == 1


# -- many at once -------------------------------------------------------------------------------

def test_save_many_writes_all_with_their_audit_trail(svc, store):
    tables = ["activity", "activity_organisation", "activity_recipient", "activity_bsp_code", "activity_link",
              "organisation"]
    drafts = [full_draft(iati_identifier=""), simple(5), simple(0, iati_identifier="")]
    outcome = svc.save_many(drafts)
    assert outcome.ok and outcome.saved and len(outcome.record) == 3
    loaded = svc.drafts(outcome.record)
    assert [d.iati_identifier for d in loaded] == [f"{PREFIX}0006", f"{PREFIX}0005", f"{PREFIX}0007"]
    assert loaded[0] == dataclasses.replace(full_draft(), iati_identifier=f"{PREFIX}0006")
    unep = full_draft().organisations[2]  # "UNEP" in simple() is the acronym of the organisation of row 1
    assert loaded[1] == dataclasses.replace(normalize(simple(5)), organisations=[unep])
    with store.reader() as s:
        audited = s.exec(select(AuditEntry.table_name, func.count()).where(
            AuditEntry.action == "insert", AuditEntry.table_name.in_(tables)).group_by(AuditEntry.table_name)).all()
    # organisations: GEF, AIT, UNEP (also "UNEP" of row 2) and the reporting organisation, ESCAP
    assert dict(audited) == {"activity": 3, "activity_organisation": 5, "activity_recipient": 5,
                             "activity_bsp_code": 4, "activity_link": 2, "organisation": 4}


def test_activities_saved_one_by_one_or_many_at_once_are_found_by_the_search(svc, store):
    one = svc.save(simple(1, title="Atelier national", organisations=[OrganisationRole("Mekong River Commission",
                                                                                        "4")])).record
    many = svc.save_many([simple(2, titles={"zh": "汞清单讲习班"}),
                          simple(3, organisations=[OrganisationRole("Mekong River Commission", "4")])]).record
    query = ActivityQuery(store)
    assert query.ids(ActivityFilter(text="atelier")) == [one]
    assert query.ids(ActivityFilter(text="汞清单")) == [many[0]]
    assert set(query.ids(ActivityFilter(text="Mekong"))) == {one, many[1]}
    assert query.count(ActivityFilter()) == 3
    svc.delete(one)
    assert query.ids(ActivityFilter(text="Mekong")) == [many[1]]


def test_save_many_is_all_or_nothing_with_row_numbers(svc, store):
    drafts = [simple(1), simple(2), simple(3, planned_end=D(2025, 12, 31)), simple(4, currency="XYZ")]
    before = count(store, AuditEntry)
    outcome = svc.save_many(drafts, first_row=2)  # a spreadsheet: the header is row 1
    assert not outcome.ok and not outcome.saved and outcome.record is None
    assert [(v.params["row"], v.field) for v in outcome.errors] == [(4, "planned_end"), (5, "currency")]
    assert count(store, Activity) == 0 and count(store, Organisation) == 0 and count(store, AuditEntry) == before


def test_save_many_refuses_an_identifier_twice_in_one_batch_or_already_stored(svc, store):
    svc.save(simple(9))
    outcome = svc.save_many([simple(1), simple(2), simple(1, title="Again"), simple(9)])
    tr = Translator("en")
    assert [(v.params["row"], v.text(tr)) for v in outcome.errors] == [
        (3, f"{PREFIX}0001 is also the identifier in row 1."),
        (4, f"{PREFIX}0009 is already the identifier of another activity.")]
    assert count(store, Activity) == 1


def test_save_many_reports_progress_and_a_cancel_writes_nothing(svc, store):
    heard = []
    progress = Progress(lambda done, total, message, params: heard.append((done, total)), interval=0)
    assert svc.save_many([simple(1), simple(2)], progress=progress).ok
    assert heard[:2] == [(0, 2), (1, 2)] and heard[-1] == (0, 0)
    progress = Progress()
    progress.cancel()
    with pytest.raises(Cancelled):
        svc.save_many([simple(3)], progress=progress)
    assert count(store, Activity) == 2


def test_save_many_keeps_warnings_with_their_rows(svc):
    outcome = svc.save_many([simple(1), simple(2, organisations=[OrganisationRole("GEF", "1")])])
    assert outcome.ok
    assert [(v.params["row"], v.field) for v in outcome.warnings] == [(2, "organisations")]


def test_drafts_reads_many_activities_in_few_queries_in_the_order_asked(svc, store):
    outcome = svc.save_many([simple(n, recipients=[RecipientShare(country="TH", percentage=Decimal("60")),
                                                   RecipientShare(region="798", percentage=Decimal("40"))],
                                    level="regional") for n in range(1, 1102)])
    assert outcome.ok
    ids = list(reversed(outcome.record))
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(store.engine, "before_cursor_execute", listener)
    try:
        drafts = svc.drafts(ids)
    finally:
        event.remove(store.engine, "before_cursor_execute", listener)
    assert [d.iati_identifier for d in drafts] == [f"{PREFIX}{n:04d}" for n in range(1101, 0, -1)]
    assert drafts[0].recipients == [RecipientShare(country="TH", percentage=Decimal("60")),
                                    RecipientShare(region="798", percentage=Decimal("40"))]
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) <= 1 + 5 * 3  # the members, then five queries per 500 activities


def test_save_many_of_ten_thousand_is_fast(svc):
    """A bound to catch a return to row-by-row writing; bench figures are in the report."""
    drafts = [simple(n) for n in range(1, 10_001)]
    started = time.perf_counter()
    outcome = svc.save_many(drafts)
    assert outcome.ok and len(outcome.record) == 10_000
    assert time.perf_counter() - started < 60


# -- the demonstration --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("demo") / "demo.sqlite3")
    populate_demo(store, today=D(2026, 11, 21))
    yield store
    store.close()


def test_the_demo_activities_load_as_drafts_and_break_no_rule(demo):
    with demo.reader() as s:
        ids = s.exec(select(Activity.id).order_by(Activity.iati_identifier)).all()
        ref = ActivityReference.load(s, today=D(2026, 11, 21))
    drafts = ActivityService(demo).drafts(ids)
    assert len(drafts) == 200
    tr = Translator("en")
    for activity_id, d in zip(ids, drafts, strict=True):
        assert [v.text(tr) for v in check_activity(d, ref, activity_id=activity_id) if v.is_error] == [], \
            d.iati_identifier
    assert sum(len(d.titles) for d in drafts) > 20 and all(d.organisations and d.bsp_codes for d in drafts)
    assert {d.level for d in drafts} == {"national", "subregional", "regional", "global"}
