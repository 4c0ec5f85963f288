"""`tegdesk import roster` applies the same rules as the forms, all or nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tegdesk import cli

HEADER = "member,family_name,given_names,term_start\n"


def _terms(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT count(*) FROM term").fetchone()[0]
    finally:
        con.close()


def test_import_roster_refuses_r1_violation_and_writes_nothing(tmp_path, capsys):
    db = tmp_path / "r.sqlite3"
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "CN,Li,Wei,2024-01-01\nCN,Zhang,San,2024-01-01\nCN,Wang,Wu,2024-05-01\n", encoding="utf-8")
    code = cli.main(["--db", str(db), "import", "roster", str(bad)])
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in err
    first, *details = err.splitlines()
    assert first.startswith("tegdesk: error: Nothing was imported")
    assert details == [details[0]] and "Row 4, column member" in details[0] and "R1" in details[0]
    assert _terms(db) == 0


def test_import_roster_in_chinese_names_the_member_in_chinese(tmp_path, capsys):
    db = tmp_path / "r.sqlite3"
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "FJ,A,,2024-01-01\nFJ,B,,2024-01-01\nFJ,C,,2024-01-02\n", encoding="utf-8")
    assert cli.main(["--lang", "zh", "--db", str(db), "import", "roster", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "第4行" in err and "斐济" in err and "2024年1月2日" in err


def test_import_roster_writes_all_rows(tmp_path, capsys):
    db = tmp_path / "r.sqlite3"
    good = tmp_path / "good.csv"
    good.write_text(HEADER + "CN,Li,Wei,2024-01-01\nRUS,Иванов,Пётр,2024-01-01\n", encoding="utf-8")
    assert cli.main(["--db", str(db), "import", "roster", str(good)]) == 0
    assert "Imported 2 terms of 2 new experts" in capsys.readouterr().out
    assert _terms(db) == 2


def test_import_roster_missing_file_is_one_line(tmp_path, capsys):
    code = cli.main(["--db", str(tmp_path / "r.sqlite3"), "import", "roster", str(tmp_path / "nope.csv")])
    err = capsys.readouterr().err
    assert code == 1 and len(err.splitlines()) == 1 and "nope.csv" in err


def _pdftext(path: Path) -> str:
    import subprocess
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_export_roster_pdf_csv_and_contacts_only_when_asked(tmp_path, capsys):
    import csv

    db = tmp_path / "r.sqlite3"
    good = tmp_path / "good.csv"
    good.write_text("member,family_name,given_names,email,term_start\n"
                    "CN,王,小明,wang@example.cn,2024-01-01\nRUS,Иванов,Пётр,ivanov@example.ru,2024-01-01\n",
                    encoding="utf-8")
    assert cli.main(["--db", str(db), "import", "roster", str(good)]) == 0
    pdf = tmp_path / "roster.pdf"
    assert cli.main(["--db", str(db), "export", "roster", str(pdf), "--as-of", "2025-01-01"]) == 0
    text = _pdftext(pdf)
    assert "Roster of experts" in text and "1 January 2025" in text and "Иванов" in text and "王小明" in text
    assert "wang@example.cn" not in text
    zh = tmp_path / "roster-zh.pdf"
    assert cli.main(["--db", str(db), "export", "roster", str(zh), "--lang", "zh", "--with-contacts",
                     "--as-of", "2025-01-01"]) == 0
    assert "2025年1月1日" in _pdftext(zh) and "wang@example.cn" in _pdftext(zh)
    out = tmp_path / "roster.csv"
    assert cli.main(["--db", str(db), "export", "roster", str(out)]) == 0
    with out.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["family_name"] for r in rows} == {"王", "Иванов"} and all(not r.get("email") for r in rows)
    capsys.readouterr()


def test_export_roster_refuses_unknown_format_and_missing_database(tmp_path, capsys):
    db = tmp_path / "none.sqlite3"
    assert cli.main(["--db", str(db), "export", "roster", str(tmp_path / "r.pdf")]) == 1
    assert "There is no database" in capsys.readouterr().err and not db.exists()
    cli.main(["--db", str(tmp_path / "r.sqlite3"), "demo"])
    capsys.readouterr()
    assert cli.main(["--db", str(tmp_path / "r.sqlite3"), "export", "roster", str(tmp_path / "r.docx")]) == 1
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and ".pdf, .csv, .xlsx" in err
