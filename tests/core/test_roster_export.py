"""Roster export to CSV and XLSX, read back with the csv module and openpyxl; the blank import template."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from tegdesk.core.errors import UserError
from tegdesk.core.i18n import translator
from tegdesk.core.interchange.roster_export import (
    INFO_COLUMNS,
    export_columns,
    export_roster,
    roster_records,
    write_template,
)
from tegdesk.core.interchange.roster_import import ROSTER_COLUMNS, import_roster
from tegdesk.core.models import Meeting, MemberState
from tegdesk.core.services.roster import ExpertData, RosterService
from tegdesk.core.store import open_store

D = dt.date
AS_OF = D(2026, 3, 12)


@pytest.fixture
def roster(store):
    svc = RosterService(store)
    with store.session() as s:
        ids = {m.iso2: m.id for m in s.exec(select(MemberState)).all()}

    def nominate(iso2, family, given, start, **kw):
        out = svc.nominate(member_id=ids[iso2], start_date=start,
                           expert=ExpertData(family_name=family, given_names=given, **kw))
        assert out.saved, [v.message for v in out.violations]
        return out.record

    chair = nominate("TH", "O'Brien <b>&\"Co\"", "Anna", D(2024, 3, 1), honorific="Ms.", title="Director",
                     organization="=HYPERLINK(\"http://x\")", email="anna@example.org", phone="+66 2 288 1234",
                     gender="female", areas=["CC01", "TA05"])
    nominate("TH", "Former", "Expert", D(2022, 12, 1), organization="Gone Institute")  # ended 30 November 2025
    nominate("CN", "王", "小明", D(2024, 1, 15), honorific="Mr.", organization="中国科学院", email="wang@example.cn",
             gender="male")
    nominate("RU", "Иванов", "Пётр", D(2023, 6, 1), organization="Российская академия наук", phone="-12")
    with store.session() as s:
        meeting = Meeting(body_id=svc.body_id, number=1, start_date=D(2024, 6, 10), end_date=D(2024, 6, 10),
                          status="held")
        s.add(meeting)
    assert svc.elect(office="chair", expert_id=chair.expert_id, meeting_id=meeting.id).saved
    return svc


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


# -- CSV --------------------------------------------------------------------------------------

def test_csv_has_the_import_columns_then_informative_ones_and_no_contacts(roster, store, tmp_path):
    header, rows = read_csv(export_roster(store, tmp_path / "r.csv", lang="en", as_of=AS_OF))
    assert header == [c for c in ROSTER_COLUMNS if c not in ("email", "phone")] + INFO_COLUMNS
    assert [r["family_name"] for r in rows] == ["王", "Иванов", "O'Brien <b>&\"Co\""]  # roster order, serving only
    anna = rows[-1]
    assert anna["member"] == "THA" and anna["member_name"] == "Thailand" and anna["subregion"] == "South-East Asia"
    assert (anna["term_start"], anna["term_end"]) == ("2024-03-01", "2027-02-28")
    assert (anna["term_number"], anna["status"], anna["office"]) == ("1", "Serving", "Chair")
    assert (anna["honorific"], anna["title"], anna["gender"], anna["areas"]) == ("Ms.", "Director", "female",
                                                                                 "CC01;TA05")
    assert anna["organization"] == "'=HYPERLINK(\"http://x\")"  # never a formula in Excel
    text = (tmp_path / "r.csv").read_text(encoding="utf-8-sig")
    assert "anna@example.org" not in text and "+66" not in text and "wang@example.cn" not in text


def test_csv_with_contacts_and_past_terms(roster, store, tmp_path):
    header, rows = read_csv(export_roster(store, tmp_path / "r.csv", lang="en", as_of=AS_OF, with_contacts=True,
                                          include_past=True))
    assert "email" in header and "phone" in header
    by_name = {r["family_name"]: r for r in rows}
    assert by_name["O'Brien <b>&\"Co\""]["email"] == "anna@example.org"
    assert by_name["O'Brien <b>&\"Co\""]["phone"] == "+66 2 288 1234"  # a telephone number stays as it is
    assert by_name["Иванов"]["phone"] == "-12"
    assert by_name["Former"]["status"] == "Ended" and by_name["Former"]["term_end"] == "2025-11-30"


def test_informative_columns_in_the_export_language(roster, store):
    [wang] = [r for r in roster_records(store, lang="zh", as_of=AS_OF) if r["member"] == "CHN"]
    assert wang["member_name"] == "中国"
    assert wang["term_start"] == D(2024, 1, 15) and wang["term_number"] == 1


# -- XLSX ----------------------------------------------------------------------------------------

def test_xlsx_bold_frozen_header_real_dates_and_text_never_a_formula(roster, store, tmp_path):
    out = export_roster(store, tmp_path / "r.xlsx", lang="en", as_of=AS_OF)
    ws = load_workbook(out).worksheets[0]
    header = [c.value for c in ws[1]]
    assert header == export_columns()
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    rows = [dict(zip(header, (c.value for c in r), strict=True)) for r in ws.iter_rows(min_row=2)]
    assert [r["member"] for r in rows] == ["CHN", "RUS", "THA"]
    anna = rows[-1]
    assert anna["term_start"] == dt.datetime(2024, 3, 1) and anna["term_end"] == dt.datetime(2027, 2, 28)
    start_cell = ws.cell(row=4, column=header.index("term_start") + 1)
    assert start_cell.is_date and start_cell.number_format == "yyyy-mm-dd"
    assert anna["term_number"] == 1 and anna["office"] == "Chair"
    org = ws.cell(row=4, column=header.index("organization") + 1)
    assert org.value == "=HYPERLINK(\"http://x\")" and org.data_type == "s"
    assert "email" not in header and "phone" not in header
    widths = {ws.cell(row=1, column=i + 1).value: ws.column_dimensions[chr(65 + i)].width for i in range(len(header))}
    assert widths["organization"] > widths["member"] >= 8


def test_xlsx_with_contacts(roster, store, tmp_path):
    ws = load_workbook(export_roster(store, tmp_path / "r.xlsx", lang="en", as_of=AS_OF,
                                     with_contacts=True)).worksheets[0]
    values = [c.value for row in ws.iter_rows() for c in row]
    assert "anna@example.org" in values and "+66 2 288 1234" in values and "wang@example.cn" in values


# -- round trip, template, formats ----------------------------------------------------------------

def test_an_export_without_informative_columns_imports_back(roster, store, tmp_path):
    out = export_roster(store, tmp_path / "r.xlsx", lang="en", as_of=AS_OF, with_contacts=True, include_past=True,
                        informative=False)
    other = open_store(tmp_path / "other.sqlite3")
    try:
        summary = import_roster(other, out, backup=False)
        assert summary.terms_added == 4
        again = roster_records(other, as_of=AS_OF, with_contacts=True, include_past=True)
    finally:
        other.close()
    before = roster_records(store, as_of=AS_OF, with_contacts=True, include_past=True)
    assert [r["office"] for r in before] == ["", "", "", "Chair"]
    for record in before:
        record["office"] = ""  # the Bureau is elected at a meeting, not imported
    assert again == before


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_blank_template_imports_nothing_and_has_instructions(tmp_path, suffix):
    out = write_template(tmp_path / f"template{suffix}")
    if suffix == ".csv":
        header, rows = read_csv(out)
        assert header == ROSTER_COLUMNS and rows == []
        return
    wb = load_workbook(out)
    data, help_sheet = wb.worksheets
    assert [c.value for c in data[1]] == ROSTER_COLUMNS and data.max_row == 1
    assert data.freeze_panes == "A2" and all(c.font.bold for c in data[1])
    assert help_sheet.title == "Instructions"
    described = {row[0].value: row for row in help_sheet.iter_rows(min_row=6)}
    assert list(described) == ROSTER_COLUMNS
    assert described["member"][1].value == "yes" and described["title"][1].value is None
    assert "ISO 3166 alpha-3" in described["member"][2].value


def test_the_pdf_is_chosen_by_its_extension(roster, store, tmp_path):
    out = export_roster(store, tmp_path / "Roster.PDF", lang="en", as_of=AS_OF)
    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("name", ["roster.docx", "roster", "roster.csv.bak"])
def test_an_unknown_extension_is_a_user_error(store, tmp_path, name):
    with pytest.raises(UserError) as info:
        export_roster(store, tmp_path / name, lang="en", as_of=AS_OF)
    assert str(info.value) == f"tegdesk cannot write {name}: choose a file name ending in .pdf, .csv, .xlsx."
    assert info.value.text(translator("en")) == str(info.value)
    with pytest.raises(UserError):
        write_template(tmp_path / "template.pdf")
