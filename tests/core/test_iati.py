"""IATI 2.03: the export validates against the IATI schema (the demo's 200 activities, and drafts
with wrong values); tegdesk's own file imports back unchanged; another organisation's file is
read with its unknown codes reported by line and element; unsafe or foreign XML is refused."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from tegdesk.core.activity_types import ExternalLink, OrganisationRole, RecipientShare
from tegdesk.core.errors import UserError
from tegdesk.core.i18n import translator
from tegdesk.core.interchange import iati_import
from tegdesk.core.interchange.activities import export_activities, import_activities
from tegdesk.core.interchange.iati_export import iati_export
from tegdesk.core.interchange.tables import ImportFailed
from tests.core.activity_samples import all_drafts, canonical, count, demo_store, empty_store, rich_drafts, save_all

etree = pytest.importorskip("lxml.etree")
SCHEMA_DIR = Path(__file__).resolve().parents[1] / "data" / "iati"


@pytest.fixture(scope="module")
def schema():
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / "iati-activities-2.03.xsd")))


def assert_valid(schema, content: bytes) -> None:
    doc = etree.fromstring(content)
    assert schema.validate(doc), [f"{e.line}: {e.message}" for e in schema.error_log][:10]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    yield from demo_store(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def empty(tmp_path):
    yield from empty_store(tmp_path)


# -- export ---------------------------------------------------------------------------------

def test_the_demos_export_validates_against_the_schema(demo, schema, tmp_path):
    result = export_activities(demo, tmp_path / "demo.xml")
    assert result.count == 200 and result.left_out == []
    content = result.path.read_bytes()
    assert_valid(schema, content)
    root = etree.fromstring(content)
    assert root.get("version") == "2.03" and root.get("generated-datetime")
    assert len(root.findall("iati-activity")) == 200
    first = root.find("iati-activity")
    assert first.find("reporting-org").get("ref") == "XM-DAC-41106"
    assert first.find("reporting-org").get("type") == "40"
    assert {s.get("vocabulary") for s in root.iter("sector")} == {"99"}


def test_every_field_is_written_in_its_place(schema):
    result = iati_export(rich_drafts())
    assert_valid(schema, result.content)
    first = etree.fromstring(result.content).find("iati-activity")
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    titles = {n.get(xml_lang, "en"): n.text for n in first.find("title")}
    assert titles["zh"] == "空气质量监测讲习班" and titles["en"].startswith("=HYPERLINK")
    assert [(o.get("role"), o.get("ref")) for o in first.findall("participating-org")][:2] == [
        ("4", "XM-DAC-41116"), ("1", "XM-DAC-47044")]
    assert [(r.get("code"), r.get("percentage")) for r in first.findall("recipient-country")] == [
        ("TH", "33.33"), ("VN", "33.33"), ("LA", "33.34")]
    assert [(a.get("type"), a.get("iso-date")) for a in first.findall("activity-date")] == [
        ("1", "2025-03-01"), ("2", "2025-03-03"), ("3", "2025-09-30")]
    assert first.find("activity-scope").get("code") == "3"
    assert first.find("budget/value").text == "123456.50"
    assert first.find("budget/value").get("currency") == "USD"
    assert first.find("transaction/transaction-type").get("code") == "4"
    assert [o.get("ref") for o in first.findall("other-identifier")] == ["10234", "CHM-2025-09"]
    assert [d.get("url") for d in first.findall("document-link")] == [
        "https://www.thegef.org/projects/10234?a=1;b=2", "https://open.unep.org/project/77"]
    second = etree.fromstring(result.content).findall("iati-activity")[1]
    assert second.find("recipient-region").get("code") == "798"
    assert second.find("budget/value").text == "5000000"  # yen have no decimals


def test_wrong_values_in_a_draft_never_make_the_file_invalid(schema):
    base = rich_drafts()[0]
    hostile = dataclasses.replace(
        base, iati_identifier="bad id\x01", title="Bell\x07 and \x1b[31m", status="9", level="planetary",
        currency="us dollars", budget=-5, cost=True, trained_women="many",  # type: ignore[arg-type]
        assessment="ok", assessment_date="yesterday",  # type: ignore[arg-type]
        recipients=[RecipientShare(country="TH", percentage=Decimal("NaN")),
                    RecipientShare(region="x y", percentage="fifty")],  # type: ignore[arg-type]
        organisations=[OrganisationRole(name="\x00", role="", type="zz", ref="a b")],
        links=[ExternalLink(system="", url="not a url", external_id="\x02")], bsp_codes=["", "ZZ"])
    result = iati_export([hostile])
    assert result.count == 1
    assert_valid(schema, result.content)


def test_an_activity_the_schema_cannot_hold_is_left_out_and_named(schema):
    good, no_dates, no_orgs = rich_drafts()
    no_dates = dataclasses.replace(no_dates, planned_start=None, planned_end=None, actual_start=None,
                                   actual_end=None)
    no_orgs = dataclasses.replace(no_orgs, organisations=[])
    result = iati_export([good, no_dates, no_orgs])
    assert result.count == 1
    assert [params["identifier"] for _message, params in result.skipped] == [no_dates.iati_identifier,
                                                                              no_orgs.iati_identifier]
    assert_valid(schema, result.content)
    with pytest.raises(UserError, match="requires at least one date"):
        iati_export([no_dates])
    with pytest.raises(UserError, match="no activity"):
        iati_export([])


# -- round trip -----------------------------------------------------------------------------

def test_round_trip_of_every_field(store, empty, tmp_path):
    save_all(store, rich_drafts())
    before = all_drafts(store)
    out = export_activities(store, tmp_path / "rich.xml").path
    summary = import_activities(empty, out)
    assert summary.count == 3 and summary.backup.is_file()
    assert canonical(all_drafts(empty)) == canonical(before)


def test_the_demo_round_trips(demo, empty, tmp_path):
    out = export_activities(demo, tmp_path / "demo.xml").path
    assert import_activities(empty, out).count == 200
    assert canonical(all_drafts(empty)) == canonical(all_drafts(demo))


# -- another organisation's file --------------------------------------------------------------------

UNDP = """<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.02" generated-datetime="2026-01-15T10:00:00Z">
 <iati-activity default-currency="USD" xml:lang="en" last-updated-datetime="2026-01-10T08:00:00Z">
  <iati-identifier>XM-DAC-41114-PROJECT-00098765</iati-identifier>
  <reporting-org ref="XM-DAC-41114" type="40"><narrative>UNDP</narrative></reporting-org>
  <title>
   <narrative>Climate Promise: NDC support to Viet Nam</narrative>
   <narrative xml:lang="fr">Promesse climatique : appui aux CDN du Viet Nam</narrative>
   <narrative xml:lang="vi">Hỗ trợ NDC cho Việt Nam</narrative>
  </title>
  <description type="1"><narrative>Support to the revision of the NDC.</narrative></description>
  <description type="2"><narrative>A revised NDC submitted.</narrative></description>
  <participating-org ref="XM-DAC-41114" type="40" role="2"><narrative>UNDP</narrative></participating-org>
  <participating-org ref="XM-DAC-41114" type="40" role="4"><narrative>UNDP</narrative></participating-org>
  <participating-org ref="XM-DAC-7" type="10" role="1"><narrative>Germany</narrative></participating-org>
  <other-identifier ref="00098765" type="A1"><owner-org ref="XM-DAC-41114"><narrative>UNDP Atlas</narrative></owner-org></other-identifier>
  <activity-status code="2"/>
  <activity-date type="1" iso-date="2025-01-01"/>
  <activity-date type="2" iso-date="2025-02-01"/>
  <activity-date type="3" iso-date="2026-12-31"/>
  <activity-scope code="4"/>
  <recipient-country code="VN" percentage="100"/>
  <sector vocabulary="1" code="41010" percentage="60"/>
  <sector vocabulary="1" code="23210" percentage="40"/>
  <budget type="1" status="2">
   <period-start iso-date="2025-01-01"/><period-end iso-date="2025-12-31"/>
   <value currency="USD" value-date="2025-01-01">400000</value>
  </budget>
  <budget type="1" status="2">
   <period-start iso-date="2026-01-01"/><period-end iso-date="2026-12-31"/>
   <value currency="USD" value-date="2026-01-01">300000</value>
  </budget>
  <budget type="2" status="2">
   <period-start iso-date="2026-01-01"/><period-end iso-date="2026-12-31"/>
   <value currency="USD" value-date="2026-01-01">350000.25</value>
  </budget>
  <transaction><transaction-type code="3"/><transaction-date iso-date="2025-03-01"/>
   <value value-date="2025-03-01">100000</value></transaction>
  <transaction><transaction-type code="4"/><transaction-date iso-date="2025-06-30"/>
   <value value-date="2025-06-30">120000.50</value></transaction>
  <transaction><transaction-type code="4"/><transaction-date iso-date="2025-12-31"/>
   <value value-date="2025-12-31">80000</value></transaction>
  <document-link url="https://open.undp.org/projects/00098765" format="text/html">
   <title><narrative>UNDP Transparency Portal</narrative></title><category code="A12"/>
  </document-link>
  <document-link url="https://undp.org/prodoc.pdf" format="application/pdf">
   <title><narrative>Project document</narrative></title><category code="A02"/>
  </document-link>
 </iati-activity>
</iati-activities>
"""


def test_a_foreign_file_is_read_with_dac_sectors_left_out(empty, tmp_path):
    path = tmp_path / "undp.xml"
    path.write_text(UNDP, encoding="utf-8")
    summary = import_activities(empty, path)
    assert summary.count == 1
    d = all_drafts(empty)[0]
    assert d.iati_identifier == "XM-DAC-41114-PROJECT-00098765"
    assert d.title == "Climate Promise: NDC support to Viet Nam"
    assert d.titles == {"fr": "Promesse climatique : appui aux CDN du Viet Nam"}
    assert d.description == "Support to the revision of the NDC.\n\nA revised NDC submitted."
    assert (d.level, d.status, d.currency) == ("national", "2", "USD")
    assert (d.planned_start, d.actual_start, d.planned_end) == (dt.date(2025, 1, 1), dt.date(2025, 2, 1),
                                                                dt.date(2026, 12, 31))
    assert d.budget == 75_000_025  # 400,000 + the revised 350,000.25
    assert d.cost == 20_000_050  # the two expenditures; the disbursement is not a cost
    assert d.bsp_codes == []
    assert [(o.name, o.role) for o in d.organisations] == [("Germany", "1"), ("UNDP", "2"), ("UNDP", "4")]
    assert [(r.country, r.percentage) for r in d.recipients] == [("VN", 100)]
    assert sorted((link.system, link.url, link.external_id) for link in d.links) == [
        ("UNDP Atlas", None, "00098765"), ("UNDP Transparency Portal", "https://open.undp.org/projects/00098765",
                                           None)]
    warnings = [w.text(translator("en")) for w in summary.warnings]
    assert any("Sectors of vocabulary 1 are not BSP codes and are left out: 41010, 23210." in w for w in warnings)
    assert any(w.startswith("Line 9, <narrative>: A text in vi is left out") for w in warnings)
    assert any("Project document" in w for w in warnings)


def test_the_reporting_organisation_is_added_when_it_does_not_take_part(empty, tmp_path):
    text = UNDP.replace('<participating-org ref="XM-DAC-41114" type="40" role="2"><narrative>UNDP</narrative>'
                        '</participating-org>', "")
    text = text.replace('<participating-org ref="XM-DAC-41114" type="40" role="4"><narrative>UNDP</narrative>'
                        '</participating-org>', "")
    path = tmp_path / "undp.xml"
    path.write_text(text, encoding="utf-8")
    summary = import_activities(empty, path)
    assert [(o.name, o.role) for o in all_drafts(empty)[0].organisations] == [("Germany", "1"), ("UNDP", "2")]
    assert any("added as accountable" in w.text(translator("en")) for w in summary.warnings)


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_unknown_codes_are_reported_with_line_and_element_and_nothing_is_written(empty, tmp_path):
    text = (UNDP.replace('<activity-status code="2"/>', '<activity-status code="9"/>')
            .replace('type="10" role="1"', 'type="10" role="7"')
            .replace('<recipient-country code="VN" percentage="100"/>',
                     '<recipient-country code="VN" percentage="50"/>\n  <recipient-country code="BR" percentage="30"/>'
                     '\n  <recipient-region code="298" vocabulary="1" percentage="20"/>')
            .replace('<sector vocabulary="1" code="41010" percentage="60"/>',
                     '<sector vocabulary="99" vocabulary-uri="urn:x-tegdesk:bsp-indicative-list" code="TA99"/>')
            .replace('<value value-date="2025-06-30">', '<value currency="EUR" value-date="2025-06-30">'))
    path = tmp_path / "bad.xml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFailed) as caught:
        import_activities(empty, path)
    found = {(e.row, e.column) for e in caught.value.errors}
    assert (_line_of(text, "activity-status"), "activity-status") in found
    assert (_line_of(text, 'role="7"'), "participating-org") in found
    assert (_line_of(text, 'code="BR"'), "recipient-country") in found
    assert (_line_of(text, 'code="298"'), "recipient-region") in found
    assert (_line_of(text, 'code="TA99"'), "sector") in found
    assert (_line_of(text, "<iati-activity "), "iati-activity") in found  # USD and EUR in one activity
    lines = caught.value.report(translator("en"))
    assert f"Line {_line_of(text, 'activity-status')}, <activity-status>: 9 is not an IATI activity status " \
           "(1 to 6)." in lines
    assert any("BR is not a member or associate member of ESCAP" in line for line in lines)
    assert str(caught.value).endswith(f"the first on line {min(e.row for e in caught.value.errors)}.")
    assert count(empty) == 0


def test_a_rule_broken_is_placed_on_its_element(empty, tmp_path):
    text = UNDP.replace('percentage="100"', 'percentage="90"')
    path = tmp_path / "shares.xml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFailed) as caught:
        import_activities(empty, path)
    assert [(e.row, e.column) for e in caught.value.errors] == [(_line_of(text, "recipient-country"),
                                                                 "recipient-country")]
    assert "add up to 90.00 per cent" in caught.value.report(translator("en"))[0]


def test_an_identifier_twice_in_one_file(empty, tmp_path):
    body = UNDP.split("<iati-activity ", 1)[1].rsplit("</iati-activities>", 1)[0]
    text = UNDP.replace("</iati-activities>", "<iati-activity " + body + "</iati-activities>")
    path = tmp_path / "twice.xml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFailed) as caught:
        import_activities(empty, path)
    second = [n for n, line in enumerate(text.splitlines(), start=1) if "<iati-identifier>" in line][1]
    assert [(e.row, e.column) for e in caught.value.errors] == [(second, "iati-identifier")]
    assert "identifier of the activity on line 4" in caught.value.report(translator("en"))[0]


# -- refusals -------------------------------------------------------------------------------

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<iati-activities version="2.03"><iati-activity><iati-identifier>&lol2;</iati-identifier></iati-activity>
</iati-activities>"""
XXE = """<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<iati-activities version="2.03"><iati-activity><iati-identifier>&secret;</iati-identifier></iati-activity>
</iati-activities>"""


@pytest.mark.parametrize("content, message", [
    (LAUGHS, "declares a document type"),
    (XXE, "declares a document type"),
    ('<?xml version="1.0"?><html><body/></html>', "not an IATI activity file"),
    ('<iati-organisations version="2.03"/>', "not an IATI activity file"),
    ('<iati-activities version="1.05"><iati-activity/></iati-activities>', "IATI version 1.05"),
    ('<iati-activities version="2.03"><iati-activity>', "not well-formed XML"),
    ("", "not well-formed XML"),
    ('<iati-activities version="2.03"/>', "holds no activity"),
])
def test_unsafe_or_foreign_xml_is_refused(empty, tmp_path, content, message):
    path = tmp_path / "x.xml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UserError, match=message):
        import_activities(empty, path)
    assert count(empty) == 0


def test_an_oversized_file_is_refused_before_it_is_read(empty, tmp_path, monkeypatch):
    monkeypatch.setattr(iati_import, "MAX_BYTES", 1000)
    path = tmp_path / "big.xml"
    path.write_bytes(b" " * 2_000_000)
    with pytest.raises(UserError, match="tegdesk reads IATI files of up to"):
        import_activities(empty, path)
