"""The lean XLSX reader gives what openpyxl's read-only worksheet gives, and refuses what is no workbook."""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils.datetime import MAC_EPOCH

from tegdesk.core.errors import UserError
from tegdesk.core.interchange.tables import read_table
from tegdesk.core.interchange.xlsx_rows import XlsxError, read_xlsx_rows


def openpyxl_rows(path) -> list[list]:
    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    finally:
        wb.close()
    for row in rows:  # openpyxl pads every row to the sheet's width
        while row and row[-1] is None:
            row.pop()
    return rows


def test_every_kind_of_cell_reads_as_openpyxl_reads_it(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["member", "family_name", "term_start", "flag"])
    ws["F1"] = "far right"
    ws.append([dt.date(2024, 2, 29), dt.datetime(2024, 1, 1, 12, 30), 1.5, True])
    ws["A5"] = "=1+1"
    ws["B5"] = "x_x005F_y"
    ws["C5"] = dt.time(10, 30)
    ws["C5"].number_format = "hh:mm"
    ws["D5"] = dt.timedelta(hours=30)
    ws["D5"].number_format = "[h]:mm:ss"
    ws["A7"] = "Ünïcödé 王 Иванов"
    ws["B7"] = 10**12
    ws["C7"] = -0.25
    ws["D7"] = "'=HYPERLINK()"
    wb.create_sheet("Second")["A1"] = "not read"
    wb.save(tmp_path / "mixed.xlsx")
    rows = read_xlsx_rows(tmp_path / "mixed.xlsx")
    assert rows == openpyxl_rows(tmp_path / "mixed.xlsx")
    assert rows[0] == ["member", "family_name", "term_start", "flag", None, "far right"]
    assert rows[1] == [dt.datetime(2024, 2, 29), dt.datetime(2024, 1, 1, 12, 30), 1.5, True]
    assert rows[2] == [] and rows[5] == []  # missing rows stay, so row numbers stay true


def test_write_only_workbooks_and_the_1904_date_system(tmp_path):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(["family_name", "term_start"])
    for i in range(300):
        ws.append([f"王{i}", dt.date(2021, 1, 1) + dt.timedelta(days=i)])
    wb.save(tmp_path / "inline.xlsx")
    assert read_xlsx_rows(tmp_path / "inline.xlsx") == openpyxl_rows(tmp_path / "inline.xlsx")

    mac = Workbook()
    mac.epoch = MAC_EPOCH
    mac.active.append(["term_start"])
    mac.active.append([dt.date(2020, 5, 17)])
    mac.save(tmp_path / "mac.xlsx")
    assert read_xlsx_rows(tmp_path / "mac.xlsx") == [["term_start"], [dt.datetime(2020, 5, 17)]]


def test_what_is_no_workbook_is_refused_with_a_reason(tmp_path):
    (tmp_path / "text.xlsx").write_text("member,family_name\n")
    with zipfile.ZipFile(tmp_path / "empty.xlsx", "w") as z:
        z.writestr("readme.txt", "no workbook here")
    for name in ("text.xlsx", "empty.xlsx"):
        with pytest.raises(XlsxError):
            read_xlsx_rows(tmp_path / name)
        with pytest.raises(UserError) as refused:
            read_table(tmp_path / name)
        assert refused.value.params["name"] == name
