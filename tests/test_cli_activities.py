"""tegdesk import activities / export activities: formats by extension, the list's filters, every row
error printed with nothing written, one-line errors."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sqlmodel import func, select

from tegdesk.core.interchange.activities_table import read_activity_table
from tegdesk.core.models import Activity
from tegdesk.core.store import open_store
from tests.core.activity_samples import rich_drafts, save_all
from tests.test_cli import call, one_line_error


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "a.sqlite3"
    store = open_store(path)
    try:
        lonely = dataclasses.replace(rich_drafts()[2], iati_identifier="XM-DAC-41106-BSP-0009", organisations=[])
        save_all(store, [*rich_drafts(), lonely])
    finally:
        store.close()
    return path


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    path = tmp_path / "empty.sqlite3"
    open_store(path).close()
    return path


def _identifiers(path: Path) -> list[str]:
    entries, errors = read_activity_table(path)
    assert errors == []
    return sorted(d.iati_identifier[-4:] for _row, d in entries)


def _count(path: Path) -> int:
    store = open_store(path, read_only=True)
    try:
        with store.reader() as s:
            return s.exec(select(func.count()).select_from(Activity)).one()
    finally:
        store.close()


@pytest.mark.parametrize("options, expected", [
    ([], ["0001", "0002", "0003", "0009"]),
    (["--country", "th"], ["0001"]),
    (["--country", "TH", "--country", "MN"], ["0001", "0002"]),
    (["--status", "4"], ["0002"]),
    (["--bsp", "ta07"], ["0002"]),
    (["--level", "national", "--year", "2027"], ["0003", "0009"]),
    (["--search", "mercury"], ["0002"]),
    (["--subregion", "South-East Asia", "--status", "2"], ["0001"]),
])
def test_export_csv_with_the_lists_filters(db, tmp_path, capsys, options, expected):
    out = tmp_path / "a.csv"
    code, stdout, err = call(capsys, "--db", str(db), "export", "activities", str(out), *options)
    assert code == 0 and err == ""
    assert stdout.strip() == (f"{len(expected)} activities written to {out}." if len(expected) > 1
                              else f"1 activity written to {out}.")
    assert _identifiers(out) == expected


def test_export_xlsx_xml_and_pdf(db, tmp_path, capsys):
    code, out, _ = call(capsys, "--db", str(db), "export", "activities", str(tmp_path / "a.xlsx"))
    assert code == 0 and _identifiers(tmp_path / "a.xlsx") == ["0001", "0002", "0003", "0009"]
    code, out, err = call(capsys, "--db", str(db), "export", "activities", str(tmp_path / "a.xml"))
    assert code == 0 and "3 activities written to" in out
    assert err.strip() == ("warning: XM-DAC-41106-BSP-0009 is left out of the IATI file: IATI requires at least one "
                           "participating organisation.")
    assert (tmp_path / "a.xml").read_bytes().count(b"<iati-activity ") == 3
    code, out, err = call(capsys, "--db", str(db), "export", "activities", str(tmp_path / "a.pdf"), "--lang", "zh",
                          "--country", "KH")
    assert code == 0 and "2 activities written to" in out
    assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF")


def test_export_refusals_are_one_line(db, tmp_path, capsys):
    result = call(capsys, "--db", str(db), "export", "activities", str(tmp_path / "a.docx"))
    assert result[0] == 1 and "choose a file name ending in .csv, .xlsx, .xml, .pdf" in one_line_error(result)
    assert not (tmp_path / "a.docx").exists()
    result = call(capsys, "--db", str(tmp_path / "none.sqlite3"), "export", "activities", str(tmp_path / "a.csv"))
    assert result[0] == 1 and "There is no database" in one_line_error(result)
    code, _out, err = call(capsys, "--db", str(db), "export", "activities", str(tmp_path / "a.csv"), "--status", "9")
    assert code == 2 and "invalid choice" in err


@pytest.mark.parametrize("suffix", [".csv", ".xml"])
def test_import_what_was_exported(db, empty, tmp_path, capsys, suffix):
    out = tmp_path / f"all{suffix}"
    assert call(capsys, "--db", str(db), "export", "activities", str(out))[0] == 0
    code, stdout, err = call(capsys, "--db", str(empty), "import", "activities", str(out))
    assert code == 0, err
    imported = 4 if suffix == ".csv" else 3
    assert f"Imported {imported} activities from all{suffix}; backup before the import:" in stdout
    assert _count(empty) == imported
    assert "warning: " in err  # e.g. an activity with no BSP code does not count in the figures by area


def test_a_bad_file_prints_every_problem_and_writes_nothing(empty, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("iati_identifier,title,level,status,planned_start,recipients,organisations\n"
                    "XM-DAC-41106-BSP-0001,Workshop,national,2,2025-13-01,TH 100,UNEP (implementing)\n"
                    "XM-DAC-41106-BSP-0002,Workshop,national,2,2025-01-01,BR 100,UNEP (sponsor)\n",
                    encoding="utf-8")
    code, out, err = call(capsys, "--db", str(empty), "import", "activities", str(path))
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert lines[0] == "tegdesk: error: Nothing was imported: 3 problems, the first in row 2."
    assert lines[1:] == [
        "  Row 2, column planned_start: 2025-13-01 is not a date in the form YYYY-MM-DD.",
        "  Row 3, column organisations: sponsor is not a role: write funding, accountable, extending or implementing.",
        "  Row 3, column recipients: BR is not a member or associate member of ESCAP.",
    ]
    assert _count(empty) == 0


def test_import_of_a_missing_file_is_one_line(empty, tmp_path, capsys):
    result = call(capsys, "--db", str(empty), "import", "activities", str(tmp_path / "none.csv"))
    assert result[0] == 1 and "There is no file" in one_line_error(result)
