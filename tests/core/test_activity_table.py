"""Activities as CSV and XLSX: the layout, a round trip into an empty database that loses nothing,
row errors (row, column, translated message) with nothing written, the backup, and speed."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest

from tegdesk.core.errors import UserError
from tegdesk.core.i18n import translator
from tegdesk.core.interchange.activities import import_activities
from tegdesk.core.interchange.activities_table import (
    COLUMNS,
    activity_record,
    format_amount,
    read_activity_table,
    split_list,
    write_activity_table,
)
from tegdesk.core.interchange.tables import ImportFailed, read_table
from tests.core.activity_samples import all_drafts, canonical, count, demo_store, empty_store, rich_drafts, save_all


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    yield from demo_store(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def empty(tmp_path):
    yield from empty_store(tmp_path)


def _write_rows(path: Path, rows: list[dict[str, str]], columns=None, delimiter=",") -> Path:
    columns = columns or list(rows[0])
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


GOOD = {"iati_identifier": "XM-DAC-41106-BSP-0100", "title": "National workshop on air quality in Thailand",
        "level": "national", "status": "2", "planned_start": "2025-03-01", "planned_end": "2025-03-03",
        "currency": "USD", "budget": "12000.50", "organisations": "UNEP (implementing); GEF (funding)",
        "recipients": "TH 100", "bsp_codes": "TA09; CC04"}


# -- the layout -------------------------------------------------------------------------

def test_layout_of_one_row():
    d = rich_drafts()[0]
    record = activity_record(d)
    assert list(COLUMNS[:2]) == ["iati_identifier", "title"]
    assert {"title_zh", "title_fr", "title_ru", "title_es", "title_ar", "description_zh"} <= set(COLUMNS)
    assert record["title_zh"] == "空气质量监测讲习班" and record["title_es"] == ""
    assert record["organisations"] == (
        "United Nations Environment Programme [acronym=UNEP, ref=XM-DAC-41116, type=40] (implementing); "
        "Global Environment Facility [acronym=GEF, ref=XM-DAC-47044, type=40] (funding); "
        "Ministry of Environment (Thailand)\\; Pollution \\| Control (accountable)")
    assert record["recipients"] == "TH 33.33; VN 33.33; LA 33.34"
    assert record["bsp_codes"] == "CC04; TA09"
    assert record["links"].startswith("GEF | https://www.thegef.org/projects/10234?a=1\\;b=2 | 10234; ")
    assert "CBD Clearing-House |  | CHM-2025-09" in record["links"]
    assert record["budget"] == "123456.50" and record["south_south"] == "yes"
    assert record["planned_start"].isoformat() == "2025-03-01"


def test_amounts_in_the_currencys_units():
    assert format_amount(1_234_550, "USD") == "12345.50"
    assert format_amount(500_000, "JPY") == "5000"
    assert format_amount(12_345, "JPY") == "123.45"  # finer than yen allows: kept, not rounded away
    assert format_amount(None, "USD") == ""


def test_lists_split_at_unescaped_semicolons():
    assert split_list("TA02; CC04 ;; ") == ["TA02", "CC04"]
    assert split_list("Basel\\; Rotterdam; CBD") == ["Basel; Rotterdam", "CBD"]


# -- round trips ------------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_round_trip_of_every_field_into_an_empty_database(store, empty, tmp_path, suffix):
    save_all(store, rich_drafts())
    before = all_drafts(store)
    out = write_activity_table(before, tmp_path / f"activities{suffix}")
    summary = import_activities(empty, out)
    assert summary.count == 3 and summary.backup is not None and summary.backup.is_file()
    assert canonical(all_drafts(empty)) == canonical(before)


def test_the_demo_round_trips_through_csv(demo, empty, tmp_path):
    before = all_drafts(demo)
    assert len(before) == 200
    out = write_activity_table(before, tmp_path / "demo.csv")
    assert import_activities(empty, out).count == 200
    assert canonical(all_drafts(empty)) == canonical(before)


def test_csv_is_utf8_with_bom_and_guards_formulas(store, tmp_path):
    out = write_activity_table(rich_drafts()[:1], tmp_path / "a.csv")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with out.open(encoding="utf-8-sig", newline="") as fh:
        row = next(csv.DictReader(fh))
    assert row["title"].startswith("'=HYPERLINK")  # Excel shows text, never runs it
    header, rows = read_table(out)
    assert rows[0]["title"].startswith("=HYPERLINK")  # and the import takes the apostrophe off


def test_xlsx_has_typed_dates_and_amounts(tmp_path):
    from openpyxl import load_workbook

    out = write_activity_table(rich_drafts(), tmp_path / "a.xlsx")
    ws = load_workbook(out).active
    header = [c.value for c in ws[1]]
    row = {h: c for h, c in zip(header, ws[2], strict=True)}
    assert row["planned_start"].is_date and row["budget"].value == 123456.5
    assert row["title"].data_type == "s"  # a title beginning with = stays text


def test_semicolon_separated_utf16_file_from_excel(empty, tmp_path):
    path = tmp_path / "excel.csv"
    lines = [";".join(GOOD), ";".join(f'"{v}"' for v in GOOD.values())]
    path.write_bytes("\r\n".join(lines).encode("utf-16"))
    assert import_activities(empty, path).count == 1
    d = all_drafts(empty)[0]
    assert d.budget == 1_200_050 and d.bsp_codes == ["CC04", "TA09"]
    assert [(o.name, o.role) for o in d.organisations] == [("GEF", "1"), ("UNEP", "4")]


def test_blank_identifier_is_proposed_and_names_and_alpha3_are_read(empty, tmp_path):
    rows = [GOOD | {"iati_identifier": "", "recipients": "Viet Nam 40; THA 60", "level": "subregional",
                    "status": "Implementation", "south_south": "Yes"}]
    import_activities(empty, _write_rows(tmp_path / "a.csv", rows))
    d = all_drafts(empty)[0]
    assert d.iati_identifier == "XM-DAC-41106-BSP-0001"
    assert [(r.country, r.percentage) for r in d.recipients] == [("TH", 60), ("VN", 40)]
    assert d.status == "2" and d.south_south


# -- refusals -------------------------------------------------------------------------------

def test_every_row_error_is_reported_and_nothing_is_written(empty, tmp_path):
    rows = [
        GOOD,
        GOOD | {"iati_identifier": "XM-DAC-41106-BSP-0101", "planned_start": "1/3/2025", "budget": "12,000.50"},
        {k: "" for k in GOOD},  # blank: skipped, still counted
        GOOD | {"iati_identifier": "XM-DAC-41106-BSP-0102", "organisations": "UNEP (sponsor); GEF",
                "recipients": "TH 60; VN"},
        GOOD | {"iati_identifier": "XM-DAC-41106-BSP-0103", "recipients": "BR 100", "bsp_codes": "TA99"},
        GOOD,  # the same identifier as row 2
    ]
    with pytest.raises(ImportFailed) as caught:
        import_activities(empty, _write_rows(tmp_path / "bad.csv", rows))
    where = [(e.row, e.column) for e in caught.value.errors]
    assert (3, "planned_start") in where and (3, "budget") in where
    assert (5, "organisations") in where and (5, "recipients") in where
    assert len([w for w in where if w == (5, "organisations")]) == 2  # the unknown role and the missing one
    assert (6, "recipients") in where and (6, "bsp_codes") in where
    lines = caught.value.report(translator("en"))
    assert "Row 6, column recipients: BR is not a member or associate member of ESCAP." in lines
    assert any(line.startswith("Row 3, column budget: 12,000.50 is not an amount") for line in lines)
    assert "第3行，planned_start列: 1/3/2025不是 YYYY-MM-DD 格式的日期。" in caught.value.report(translator("zh"))
    assert count(empty) == 0


def test_an_identifier_given_twice_is_refused_after_the_checks(empty, tmp_path):
    with pytest.raises(ImportFailed) as caught:
        import_activities(empty, _write_rows(tmp_path / "twice.csv", [GOOD, GOOD]))
    assert [(e.row, e.column) for e in caught.value.errors] == [(3, "iati_identifier")]
    assert "also the identifier in row 2" in caught.value.report(translator("en"))[0]
    assert count(empty) == 0


def test_an_identifier_already_in_the_database_is_refused(empty, tmp_path):
    import_activities(empty, _write_rows(tmp_path / "a.csv", [GOOD]))
    with pytest.raises(ImportFailed) as caught:
        import_activities(empty, _write_rows(tmp_path / "b.csv", [GOOD]))
    assert caught.value.errors[0].column == "iati_identifier"
    assert count(empty) == 1


def test_unknown_and_missing_columns(empty, tmp_path):
    with pytest.raises(ImportFailed) as caught:
        import_activities(empty, _write_rows(tmp_path / "cols.csv", [GOOD | {"budjet": "1", "title_de": "x"}]))
    assert {(e.row, e.column) for e in caught.value.errors} == {(1, "budjet"), (1, "title_de")}
    with pytest.raises(ImportFailed) as caught:
        import_activities(empty, _write_rows(tmp_path / "none.csv", [{"level": "national"}]))
    assert [(e.row, e.column) for e in caught.value.errors] == [(1, "title")]


def test_files_that_are_not_tables(empty, tmp_path):
    (tmp_path / "a.txt").write_text("x")
    with pytest.raises(UserError, match="activities are imported from .csv, .xlsx or .xml"):
        import_activities(empty, tmp_path / "a.txt")
    (tmp_path / "latin1.csv").write_bytes("title\nG\xfcl\n".encode("latin-1"))
    with pytest.raises(UserError, match="not UTF-8"):
        import_activities(empty, tmp_path / "latin1.csv")
    (tmp_path / "header.csv").write_text("title,level\n", encoding="utf-8")
    with pytest.raises(UserError, match="no activity"):
        import_activities(empty, tmp_path / "header.csv")
    with pytest.raises(UserError, match="There is no file"):
        import_activities(empty, tmp_path / "missing.csv")


def test_status_and_level_are_never_guessed(empty, tmp_path):
    with pytest.raises(ImportFailed) as caught:
        import_activities(empty, _write_rows(tmp_path / "a.csv", [GOOD | {"status": "", "level": ""}]))
    assert [(e.row, e.column) for e in caught.value.errors] == [(2, "status"), (2, "level")]
    assert caught.value.report(translator("en"))[1] == ("Row 2, column level: Give the level: national, subregional, "
                                                       "regional or global.")


def test_reading_keeps_true_row_numbers_past_blank_rows(tmp_path):
    entries, errors = read_activity_table(_write_rows(tmp_path / "a.csv", [GOOD, {k: "" for k in GOOD}, GOOD]))
    assert [n for n, _d in entries] == [2, 4] and errors == []


# -- speed ----------------------------------------------------------------------------------

def test_ten_thousand_rows_import_in_seconds(empty, tmp_path):
    rows = [GOOD | {"iati_identifier": f"XM-DAC-41106-BSP-{n:05d}", "title": f"Workshop {n}"}
            for n in range(1, 10_001)]
    path = _write_rows(tmp_path / "big.csv", rows)
    started = time.perf_counter()
    summary = import_activities(empty, path)
    elapsed = time.perf_counter() - started
    assert summary.count == 10_000 and count(empty) == 10_000
    print(f"10,000 CSV rows imported in {elapsed:.1f} s")
    assert elapsed < 60
