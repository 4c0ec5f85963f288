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
