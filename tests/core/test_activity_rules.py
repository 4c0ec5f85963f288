"""The rules of a capacity-building activity (B1-B7), each at its boundaries, with no database."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from decimal import Decimal

import pytest

from tegdesk.core.activity_rules import (
    ESCAP_IATI_REF,
    ActivityReference,
    as_percentage,
    check_activity,
    normalize,
)
from tegdesk.core.activity_types import ActivityDraft, ExternalLink, OrganisationRole, RecipientShare
from tegdesk.core.i18n import Translator

D = dt.date
TODAY = D(2026, 11, 21)
ID = f"{ESCAP_IATI_REF}-BSP-0001"


@pytest.fixture
def ref() -> ActivityReference:
    return ActivityReference(members=frozenset({"TH", "VN", "CN", "JP", "FJ"}), bsp_codes=frozenset({"CC04", "TA02"}),
                             today=TODAY)


def draft(**changes) -> ActivityDraft:
    """A valid national activity; ``changes`` replace its fields."""
    base = ActivityDraft(
        iati_identifier=ID, title="National workshop on greenhouse gas inventories in Thailand",
        titles={"zh": "泰国温室气体清单国家讲习班"}, description="Two days.\nHands-on.", level="national",
        status="2", planned_start=D(2026, 3, 1), planned_end=D(2026, 3, 2), actual_start=D(2026, 3, 1),
        currency="USD", budget=5_000_000, cost=4_000_000, trained_women=12, trained_men=10, trained_other=0,
        organisations=[OrganisationRole("Economic and Social Commission for Asia and the Pacific", "2",
                                        ref=ESCAP_IATI_REF, type="40", acronym="ESCAP"),
                       OrganisationRole("United Nations Environment Programme", "4", ref="XM-DAC-41116")],
        recipients=[RecipientShare(country="TH")], bsp_codes=["TA02", "CC04"],
        links=[ExternalLink("GEF", "https://www.thegef.org/projects/1", "GEF-1")], agreements=["UNFCCC"])
    return dataclasses.replace(base, **changes)


def problems(d: ActivityDraft, ref: ActivityReference, **kw) -> list[tuple[str, str | None, str]]:
    """(severity, field, English text) of every violation."""
    tr = Translator("en")
    return [(v.severity, v.field, v.text(tr)) for v in check_activity(d, ref, **kw)]


def errors(d: ActivityDraft, ref: ActivityReference, **kw) -> list[tuple[str | None, str]]:
    return [(f, t) for s, f, t in problems(d, ref, **kw) if s == "error"]


def warnings(d: ActivityDraft, ref: ActivityReference, **kw) -> list[tuple[str | None, str]]:
    return [(f, t) for s, f, t in problems(d, ref, **kw) if s == "warning"]


def fields(found: list[tuple[str | None, str]]) -> set[str | None]:
    return {f for f, _ in found}


def test_a_complete_activity_breaks_no_rule(ref):
    assert problems(draft(), ref) == []


# -- title, texts and languages ---------------------------------------------------------

def test_a_title_is_required_in_english_or_another_language(ref):
    assert fields(errors(draft(title="  ", titles={}), ref)) == {"title"}
    assert errors(draft(title="", titles={"zh": "讲习班"}), ref) == []
    assert fields(errors(draft(title="", titles={"zh": "  "}), ref)) == {"title"}


@pytest.mark.parametrize("lang", ["de", "en", "pt"])
def test_other_languages_are_un_languages_other_than_english(ref, lang):
    found = errors(draft(titles={lang: "Titel"}), ref)
    assert found == [("titles", f"{lang} is not one of the languages of the United Nations other than English.")]
    assert fields(errors(draft(descriptions={lang: "x"}), ref)) == {"descriptions"}


def test_control_characters_are_refused_but_line_breaks_and_tabs_are_kept(ref):
    assert fields(errors(draft(title="Workshop\x07"), ref)) == {"title"}
    assert fields(errors(draft(results="a\x00b"), ref)) == {"results"}
    assert fields(errors(draft(titles={"zh": "讲习班\x1b"}), ref)) == {"titles"}
    assert fields(errors(draft(organisations=[OrganisationRole("UN\x0cEP", "4")]), ref)) == {"organisations"}
    kept = draft(description="Line one\nLine two\tand a tab", assessment="Good.\r\nVery.\rWell done.")
    assert errors(kept, ref) == []
    assert normalize(kept).assessment == "Good.\nVery.\nWell done."


# -- identifier -------------------------------------------------------------------------

def test_the_identifier_is_required(ref):
    assert errors(draft(iati_identifier="  "), ref) == [("iati_identifier", "The IATI identifier is required.")]


@pytest.mark.parametrize("identifier", [f"{ESCAP_IATI_REF}-BSP 1", f"{ESCAP_IATI_REF}-BSP/1",
                                        f"{ESCAP_IATI_REF}-BSP&1", f"{ESCAP_IATI_REF}-BSP-é"])
def test_the_identifier_has_only_letters_digits_hyphens_dots_and_underscores(ref, identifier):
    assert fields(errors(draft(iati_identifier=identifier), ref)) == {"iati_identifier"}


@pytest.mark.parametrize("identifier", [f"{ESCAP_IATI_REF}-BSP-0001", f"{ESCAP_IATI_REF}-TEG_2027.1",
                                        f"{ESCAP_IATI_REF}-x"])
def test_identifiers_of_the_reporting_organisation_are_accepted(ref, identifier):
    assert errors(draft(iati_identifier=identifier), ref) == []


@pytest.mark.parametrize("identifier", ["BSP-0001", f"{ESCAP_IATI_REF}-", f"{ESCAP_IATI_REF}0001",
                                        "XM-DAC-41116-123"])
def test_the_identifier_begins_with_the_reporting_organisations_prefix(ref, identifier):
    found = errors(draft(iati_identifier=identifier, organisations=[OrganisationRole("ESCAP", "4")]), ref)
    assert found == [("iati_identifier", f"{identifier} must begin with the reporting organisation's IATI "
                                         f"identifier, a hyphen and a local identifier ({ESCAP_IATI_REF}-…).")]


def test_an_imported_activity_may_begin_with_its_own_organisations_prefix(ref):
    assert errors(draft(iati_identifier="XM-DAC-41116-123"), ref) == []  # UNEP takes part (draft())


def test_identifiers_are_unique_among_activities_deleted_ones_included(ref):
    mine, other, gone = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    used = dataclasses.replace(ref, identifiers={mine: ID, other: ID + "2", gone: ID + "3"}, deleted=frozenset({gone}))
    assert errors(draft(), used, activity_id=mine) == []
    assert errors(draft(), used) == [("iati_identifier", f"{ID} is already the identifier of another activity.")]
    assert errors(draft(iati_identifier=ID + "2"), used, activity_id=mine) == [
        ("iati_identifier", f"{ID}2 is already the identifier of another activity.")]
    assert errors(draft(iati_identifier=ID + "3"), used) == [
        ("iati_identifier", f"{ID}3 belonged to a deleted activity; an IATI identifier is never reused.")]


# -- classification --------------------------------------------------------------------

def test_level_and_status_come_from_their_lists(ref):
    for level in ("national", "Subregional", "regional", "global"):
        assert "level" not in fields(errors(draft(level=level), ref))
    assert fields(errors(draft(level="local"), ref)) == {"level"}
    for status in "123456":
        assert "status" not in fields(errors(draft(status=status, actual_end=D(2026, 3, 2)), ref))
    assert fields(errors(draft(status="7"), ref)) == {"status"}
    assert fields(errors(draft(status="Closed"), ref)) == {"status"}


def test_bsp_codes_are_known_once_each_and_missing_ones_warned(ref):
    assert errors(draft(bsp_codes=["ta02", " CC04 "]), ref) == []
    assert errors(draft(bsp_codes=["TA02", "TA99"]), ref) == [("bsp_codes", "Unknown BSP codes: TA99.")]
    assert errors(draft(bsp_codes=["TA02", "ta02"]), ref) == [("bsp_codes", "TA02 is listed more than once.")]
    assert warnings(draft(bsp_codes=[]), ref) == [
        ("bsp_codes", "No BSP cross-cutting issue or thematic area is chosen: the activity will not count in the "
                      "figures by area.")]


# -- organisations (B3) -------------------------------------------------------------------

def test_organisations_have_a_name_an_iati_role_and_type(ref):
    assert fields(errors(draft(organisations=[OrganisationRole(" ", "4")]), ref)) == {"organisations"}
    assert errors(draft(organisations=[OrganisationRole("UNEP", "5")]), ref) == [
        ("organisations", "5 is not an IATI organisation role (1 funding, 2 accountable, 3 extending, "
                          "4 implementing).")]
    assert fields(errors(draft(organisations=[OrganisationRole("UNEP", "4", type="41")]), ref)) == {"organisations"}
    for role in "1234":
        assert errors(draft(organisations=[OrganisationRole("UNEP", role), OrganisationRole("UNDP", "4")]), ref) == []


def test_an_organisation_is_named_once_per_role(ref):
    twice = [OrganisationRole("UNEP", "4"), OrganisationRole("unep ", "4")]
    assert errors(draft(organisations=twice), ref) == [("organisations", "unep is listed twice in the same role.")]
    assert errors(draft(organisations=[OrganisationRole("UNEP", "1"), OrganisationRole("UNEP", "4")]), ref) == []
    same_ref = [OrganisationRole("UNEP", "4", ref="XM-DAC-41116"),
                OrganisationRole("UN Environment", "4", ref="XM-DAC-41116")]
    assert fields(errors(draft(organisations=same_ref), ref)) == {"organisations"}


def test_an_activity_without_an_implementing_organisation_is_warned_about(ref):
    d = draft(organisations=[OrganisationRole("GEF", "1")])
    assert errors(d, ref) == []
    assert warnings(d, ref) == [("organisations", "No implementing organisation is named.")]


# -- recipients and shares ---------------------------------------------------------------------

def shares(*values, level="regional") -> ActivityDraft:
    countries = ["TH", "VN", "CN", "JP", "FJ"]
    return draft(level=level, recipients=[RecipientShare(country=c, percentage=v)
                                          for c, v in zip(countries, values, strict=False)])


@pytest.mark.parametrize("values", [
    ("100",), ("33.33", "33.33", "33.34"), ("0.01", "99.99"), ("50", "50.00"), (Decimal("12.5"), Decimal("87.5")),
    (33.33, 33.33, 33.34), (25, 75),
])
def test_shares_that_sum_to_exactly_100_are_accepted(ref, values):
    assert errors(shares(*(Decimal(v) if isinstance(v, str) else v for v in values)), ref) == []


def test_shares_that_do_not_sum_to_100_are_refused(ref):
    assert errors(shares(*[Decimal("33.33")] * 3), ref) == [
        ("recipients", "The recipients' shares add up to 99.99 per cent, not 100.")]
    assert errors(shares(Decimal("50"), Decimal("50.01")), ref) == [
        ("recipients", "The recipients' shares add up to 100.01 per cent, not 100.")]


@pytest.mark.parametrize("value, message", [
    (Decimal("0"), "The share of TH must be more than 0 and at most 100 per cent."),
    (Decimal("-1"), "The share of TH must be more than 0 and at most 100 per cent."),
    (Decimal("100.01"), "The share of TH must be more than 0 and at most 100 per cent."),
    (Decimal("99.995"), "The share of TH has more than two decimals."),
    ("abc", "The share of TH is not a number."),
    (None, "The share of TH is not a number."),
])
def test_each_share_is_above_0_at_most_100_with_two_decimals(ref, value, message):
    assert errors(draft(level="regional", recipients=[RecipientShare(country="TH", percentage=value)]), ref) == [
        ("recipients", message)]


def test_recipients_are_escap_members_or_known_regions_each_once(ref):
    def one(**kw):
        return errors(draft(level="regional", recipients=[RecipientShare(**kw)]), ref)

    assert one(country="th") == [] and one(region="798") == [] and one(region="998") == []
    assert one(country="US") == [("recipients", "US is not a member or associate member of ESCAP.")]
    assert fields(one(region="999")) == {"recipients"}
    assert one(country="TH", region="798") == [
        ("recipients", "A recipient is a country or a region, not both (TH, 798).")]
    assert one() == [("recipients", "A recipient needs a country or a region.")]
    twice = draft(level="regional", recipients=[RecipientShare(country="TH", percentage=Decimal(50)),
                                                RecipientShare(country="TH", percentage=Decimal(50))])
    assert errors(twice, ref) == [("recipients", "TH is listed more than once.")]


def test_a_national_activity_has_exactly_one_recipient_country(ref):
    message = [("recipients", "A national activity has exactly one recipient country.")]
    assert errors(shares(Decimal(50), Decimal(50), level="national"), ref) == message
    assert errors(draft(recipients=[RecipientShare(region="798")]), ref) == message
    assert errors(draft(recipients=[]), ref) == message
    mixed = [RecipientShare(country="TH", percentage=Decimal(60)), RecipientShare(region="798", percentage=Decimal(40))]
    assert errors(draft(level="regional", recipients=mixed), ref) == []
    assert errors(draft(level="global", recipients=[RecipientShare(region="998")]), ref) == []


def test_an_activity_with_no_recipient_is_warned_about_unless_national(ref):
    d = draft(level="global", recipients=[])
    assert errors(d, ref) == []
    assert warnings(d, ref) == [("recipients", "No recipient country or region is named.")]


# -- dates -----------------------------------------------------------------------------------

@pytest.mark.parametrize("start_name, end_name", [("planned_start", "planned_end"), ("actual_start", "actual_end")])
def test_an_end_on_the_start_day_is_accepted_one_day_earlier_refused(ref, start_name, end_name):
    start = D(2026, 3, 1)
    assert errors(draft(**{start_name: start, end_name: start}), ref) == []
    assert errors(draft(**{start_name: start, end_name: start - dt.timedelta(days=1)}), ref) == [
        (end_name, "The end (28 February 2026) is before the start (1 March 2026).")]


def test_a_closed_activity_cannot_start_or_end_in_the_future(ref):
    tomorrow = TODAY + dt.timedelta(days=1)
    assert errors(draft(status="4", actual_start=TODAY, actual_end=TODAY), ref) == []
    assert errors(draft(status="4", actual_start=tomorrow), ref) == [
        ("actual_start", "A closed activity cannot start or end in the future (22 November 2026).")]
    assert fields(errors(draft(status="4", actual_start=TODAY, actual_end=tomorrow), ref)) == {"actual_end"}
    assert errors(draft(status="2", actual_start=tomorrow), ref) == []  # planned to begin tomorrow


@pytest.mark.parametrize("status", ["3", "4"])
def test_a_finalised_or_closed_activity_without_actual_start_is_warned_about(ref, status):
    d = draft(status=status, actual_start=None)
    assert errors(d, ref) == []
    assert fields(warnings(d, ref)) == {"actual_start"}
    assert warnings(draft(status="2", actual_start=None), ref) == []


def test_the_assessment_is_optional_and_dated_after_the_start_and_not_in_the_future(ref):
    start = D(2026, 3, 1)
    assert errors(draft(assessment="", assessment_date=None, results=""), ref) == []  # never a precondition (B6)
    assert errors(draft(actual_start=start, assessment="Useful.", assessment_date=start), ref) == []
    assert errors(draft(actual_start=start, assessment="Useful.", assessment_date=start - dt.timedelta(days=1)),
                  ref) == [("assessment_date", "The Government's assessment (28 February 2026) cannot come before "
                                               "the activity started (1 March 2026).")]
    assert errors(draft(assessment="Useful.", assessment_date=TODAY), ref) == []
    assert fields(errors(draft(assessment="Useful.", assessment_date=TODAY + dt.timedelta(days=1)), ref)) == {
        "assessment_date"}


# -- money (B7) and people trained ---------------------------------------------------------------------

def test_the_currency_is_an_iso_4217_code(ref):
    assert errors(draft(currency="usd"), ref) == []
    assert errors(draft(currency="XYZ"), ref) == [("currency", "XYZ is not a currency code (ISO 4217, e.g. USD).")]
    assert errors(draft(currency="", budget=None, cost=None), ref) == []
    assert errors(draft(currency=""), ref) == [("currency", "Choose the currency of the amounts.")]


@pytest.mark.parametrize("currency, amount, ok", [
    ("USD", 150, True), ("USD", 1, True), ("USD", 0, True), ("JPY", 100, True), ("JPY", 250_000, True),
    ("JPY", 150, False), ("JPY", 1, False), ("KWD", 1, True),
])
def test_amounts_have_no_more_decimals_than_the_currency(ref, currency, amount, ok):
    found = errors(draft(currency=currency, budget=amount, cost=None), ref)
    assert (found == []) is ok
    if not ok:
        assert found == [("budget", f"{currency} amounts have no decimals.")]


@pytest.mark.parametrize("amount", [-1, 1.5, "100", True])
def test_amounts_are_whole_and_not_negative(ref, amount):
    assert fields(errors(draft(cost=amount), ref)) == {"cost"}


def test_a_cost_above_the_budget_is_a_warning(ref):
    assert warnings(draft(budget=100, cost=100), ref) == []
    assert errors(draft(budget=100, cost=101), ref) == []
    assert warnings(draft(budget=100, cost=101), ref) == [("cost", "The cost is above the budget.")]


@pytest.mark.parametrize("name", ["trained_women", "trained_men", "trained_other"])
def test_people_trained_are_whole_numbers_not_negative(ref, name):
    assert errors(draft(**{name: 0}), ref) == [] and errors(draft(**{name: None}), ref) == []
    for bad in (-1, 1.5, True, "3"):
        assert fields(errors(draft(**{name: bad}), ref)) == {name}


# -- links (B1) ----------------------------------------------------------------------------------

@pytest.mark.parametrize("link, ok", [
    (ExternalLink("GEF", "https://www.thegef.org/projects/1"), True),
    (ExternalLink("UNEP", "HTTP://open.unep.org"), True),
    (ExternalLink("CBD Clearing-House", None, "CHM-1"), True),
    (ExternalLink("GEF", "ftp://thegef.org/x"), False),
    (ExternalLink("GEF", "https://"), False),
    (ExternalLink("GEF", "www.thegef.org"), False),
    (ExternalLink("GEF", "https://the gef.org"), False),
    (ExternalLink(" ", "https://www.thegef.org"), False),
    (ExternalLink("GEF"), False),
])
def test_links_name_their_system_and_a_web_address_or_identifier(ref, link, ok):
    found = errors(draft(links=[link]), ref)
    assert (found == []) is ok
    assert all(f == "links" for f, _ in found)


# -- canonical form, messages ---------------------------------------------------------------------

def test_normalize_is_idempotent_and_orders_lists_as_the_service_reads_them():
    d = draft(title="  Workshop ", currency=" jpy", bsp_codes=["ta02", "CC04"], titles={"zh": " 讲习班 ", "fr": " "},
              recipients=[RecipientShare(region="798", percentage=Decimal("20")),
                          RecipientShare(country="vn", percentage=33.5), RecipientShare(country="TH", percentage="46.5")],
              organisations=[OrganisationRole("UNEP", "4"), OrganisationRole(" GEF ", "1", ref=" ")],
              links=[ExternalLink("UNEP", " "), ExternalLink("GEF", "https://x.org")], agreements=["CBD", " ", "CBD"])
    n = normalize(d)
    assert normalize(n) == n
    assert (n.title, n.currency, n.bsp_codes, n.titles, n.agreements) == ("Workshop", "JPY", ["CC04", "TA02"],
                                                                          {"zh": "讲习班"}, ["CBD"])
    assert [(r.country, r.region, r.percentage) for r in n.recipients] == [
        ("TH", None, Decimal("46.5")), ("VN", None, Decimal("33.5")), (None, "798", Decimal("20"))]
    assert [(o.name, o.role, o.ref) for o in n.organisations] == [("GEF", "1", None), ("UNEP", "4", None)]
    assert [(link.system, link.url) for link in n.links] == [("GEF", "https://x.org"), ("UNEP", None)]
    assert d.title == "  Workshop "  # the draft itself is left alone


def test_as_percentage_reads_numbers_exactly():
    assert as_percentage(33.33) == Decimal("33.33") and as_percentage("12,5") == Decimal("12.5")
    assert as_percentage("40%") == Decimal(40)
    assert as_percentage("x") is None and as_percentage(float("nan")) is None and as_percentage(True) is None


@pytest.mark.parametrize("lang", ["en", "zh", "fr", "ru", "es", "ar"])
def test_every_message_renders_in_every_language(ref, lang):
    bad = ActivityDraft(
        iati_identifier="bad id", title="\x07", titles={"de": "x"}, level="local", status="4", currency="JPY",
        planned_start=D(2026, 3, 2), planned_end=D(2026, 3, 1), actual_start=TODAY + dt.timedelta(days=3),
        actual_end=D(2026, 1, 1), budget=150, cost=-5, trained_women=-1, assessment_date=D(2020, 1, 1),
        organisations=[OrganisationRole("", "9", type="99"), OrganisationRole("X", "1"), OrganisationRole("x", "1")],
        recipients=[RecipientShare(country="US", region="798", percentage=Decimal("100.5")), RecipientShare()],
        bsp_codes=["XX", "TA02", "TA02"], links=[ExternalLink("", "ftp://x")])
    found = check_activity(bad, ref)
    assert len({v.field for v in found}) >= 12
    tr = Translator(lang)
    assert all(v.text(tr) for v in found)
