"""``tegdesk db check | backup | backups | restore``: findings one per line, backups that can be restored,
restores that back up first and refuse bad files without touching the database."""

from __future__ import annotations

import dataclasses
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tegdesk.core.store import open_store
from tegdesk.core.store.backup import backups_dir, list_backups, make_backup
from tests.core.test_backup import rows
from tests.test_cli import _count, _digest, call, one_line_error, run


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A closed database with the reference data and one expert."""
    path = tmp_path / "teg.sqlite3"
    store = open_store(path)
    store.close()
    _add_expert(path, "Original")
    return path


def _add_expert(path: Path, name: str) -> str:
    expert_id = uuid.uuid4().hex
    con = sqlite3.connect(path)
    con.execute("INSERT INTO expert (id, created_at, updated_at, family_name, given_names, areas, notes) "
                "VALUES (?, '2024-01-01 00:00:00', '2024-01-01 00:00:00', ?, 'Test', '[]', '')", (expert_id, name))
    con.commit()
    con.close()
    return expert_id


def _names(path: Path) -> set[str]:
    con = sqlite3.connect(path)
    try:
        return {r[0] for r in con.execute("SELECT family_name FROM expert")}
    finally:
        con.close()


# -- db check ---------------------------------------------------------------------------------

def test_check_reports_a_foreign_key_and_an_r1_finding_and_exits_1(db, capsys):
    con = sqlite3.connect(db)
    con.execute("PRAGMA foreign_keys=OFF")
    teg = con.execute("SELECT id FROM body WHERE code = 'TEG'").fetchone()[0]
    thailand = con.execute("SELECT id FROM member_state WHERE iso2 = 'TH'").fetchone()[0]
    for i, name in enumerate(("Ananda", "Boon", "Chai")):
        expert = uuid.uuid4().hex
        con.execute("INSERT INTO expert (id, created_at, updated_at, family_name, given_names, areas, notes) "
                    "VALUES (?, '2024-01-01 00:00:00', '2024-01-01 00:00:00', ?, 'Test', '[]', '')", (expert, name))
        con.execute("INSERT INTO term (id, created_at, updated_at, expert_id, body_id, member_id, start_date, "
                    "end_date, term_number, status) VALUES (?, '2024-01-01 00:00:00', '2024-01-01 00:00:00', ?, ?, ?, "
                    "?, '2026-12-31', 1, 'serving')", (uuid.uuid4().hex, expert, teg, thailand, f"2024-0{i + 1}-01"))
    orphan = uuid.uuid4().hex
    con.execute("INSERT INTO term (id, created_at, updated_at, expert_id, body_id, member_id, start_date, end_date, "
                "term_number, status) VALUES (?, '2024-01-01 00:00:00', '2024-01-01 00:00:00', ?, ?, ?, '2020-01-01', "
                "'2020-12-31', 1, 'ended')", (orphan, uuid.uuid4().hex, teg, thailand))
    con.commit()
    con.close()
    before = _digest(db)
    code, out, err = call(capsys, "--db", str(db), "db", "check")
    assert code == 1 and err == ""
    lines = out.splitlines()
    assert lines[-1] == f"DAMAGED: {db}: 2 problems found."
    assert lines[:-1] == [
        f"[foreign_keys] Row {orphan} of table term: expert_id refers to a missing row of expert.",
        "[R1] Thailand has 3 experts serving on TEG on 1 March 2024; the terms of reference allow at most 2 "
        "(Test Ananda, Test Boon, Test Chai).",
    ]
    assert _digest(db) == before  # the check wrote nothing


def test_check_of_a_sound_database(db, capsys):
    code, out, _err = call(capsys, "--db", str(db), "db", "check")
    assert code == 0 and out.startswith("OK: ")


# -- db backup ----------------------------------------------------------------------------------

def test_backup_to_a_named_file_holds_the_data(db, tmp_path, capsys):
    out_file = tmp_path / "elsewhere" / "copy.sqlite3"
    out_file.parent.mkdir()
    code, out, err = call(capsys, "--db", str(db), "db", "backup", str(out_file))
    assert code == 0 and err == ""
    assert out.strip() == f"Backup written to {out_file.resolve()}."
    assert rows(out_file) == rows(db)
    assert not list(out_file.parent.glob("*.part")) and not list(out_file.parent.glob("teg-*"))
    # the default goes to the backups folder, where the list and the restore find it
    code, out, _ = call(capsys, "--db", str(db), "db", "backup")
    assert code == 0 and [b.reason for b in list_backups(db)] == ["manual"]


def test_backup_of_a_missing_database_is_one_line(tmp_path, capsys):
    result = call(capsys, "--db", str(tmp_path / "absent.sqlite3"), "db", "backup")
    assert result[0] == 1
    assert "There is no database" in one_line_error(result)


# -- db backups ---------------------------------------------------------------------------------

def test_backups_lists_newest_first(db, capsys):
    code, out, _ = call(capsys, "--db", str(db), "db", "backups")
    assert code == 0 and out.strip() == f"There are no backups of {db} yet."
    first = make_backup(db, "pre-import")
    second = make_backup(db, "manual")
    code, out, _ = call(capsys, "--db", str(db), "db", "backups")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2
    assert lines[0].endswith(str(second)) and "Made on request" in lines[0] and " kB " in lines[0]
    assert lines[1].endswith(str(first)) and "Before an import" in lines[1]
    code, out, _ = call(capsys, "--lang", "zh", "--db", str(db), "db", "backups")
    assert "年" in out.splitlines()[0]


# -- db restore ---------------------------------------------------------------------------------

def test_restore_backs_up_first_then_restores(db, capsys):
    good = make_backup(db, "manual")
    _add_expert(db, "Later")
    replaced_rows = rows(db)
    code, out, err = call(capsys, "--db", str(db), "db", "restore", str(good))
    assert code == 0 and err == ""
    safety = [b for b in list_backups(db) if b.reason == "pre-restore"]
    assert len(safety) == 1
    assert out.splitlines() == [f"{db} restored from {good.resolve()}.",
                                f"The file it replaced was kept as {safety[0].path}."]
    assert rows(db) == rows(good) and _names(db) == {"Original"}
    assert rows(safety[0].path) == replaced_rows
    # the restored database opens, and the replaced data can be restored in turn
    assert call(capsys, "--db", str(db), "db", "restore", str(safety[0].path))[0] == 0
    assert _names(db) == {"Original", "Later"}


def test_restore_refuses_a_damaged_backup_and_changes_nothing(db, capsys):
    from tests.core.test_check import corrupt

    for i in range(150):
        _add_expert(db, f"Expert {i} " * 20)
    bad = make_backup(db, "manual")
    corrupt(bad)
    before = _digest(db)
    result = call(capsys, "--db", str(db), "db", "restore", str(bad))
    assert result[0] == 1
    line = one_line_error(result)
    assert "is damaged" in line and "Nothing has been changed" in line and str(bad) in line
    assert _digest(db) == before
    assert [b.reason for b in list_backups(db)] == ["manual"]


def test_restore_refuses_a_newer_backup_through_a_real_process(db, tmp_path):
    newer = tmp_path / "newer.sqlite3"
    con = sqlite3.connect(db)
    con.execute("VACUUM INTO ?", (str(newer),))
    con.close()
    con = sqlite3.connect(newer)
    con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.commit()
    con.close()
    before = _digest(db)
    result = run(tmp_path, "--db", str(db), "db", "restore", str(newer))
    assert result.returncode == 1 and result.stdout == ""
    line = one_line_error(result)
    assert "newer version of tegdesk" in line and "9999_future" in line
    assert _digest(db) == before and not backups_dir(db).exists()


def test_restore_of_a_missing_file_and_usage(db, tmp_path, capsys):
    result = call(capsys, "--db", str(db), "db", "restore", str(tmp_path / "absent.sqlite3"))
    assert result[0] == 1 and "There is no backup" in one_line_error(result)
    code, _out, err = call(capsys, "--db", str(db), "db", "restore")
    assert code == 2 and "FILE" in err
    assert _count(db, "expert") == 1


def test_restore_refuses_a_database_open_elsewhere(db, capsys):
    good = make_backup(db, "manual")
    _add_expert(db, "Later")
    store = open_store(db)  # the window, in another process
    try:
        result = run(db.parent, "--db", str(db), "db", "restore", str(good))
    finally:
        store.close()
    assert result.returncode == 1 and "is in use by" in one_line_error(result)
    assert _names(db) == {"Original", "Later"}


def test_a_lock_left_by_an_ended_process_is_taken_over(db, capsys):
    """A window killed on this computer leaves its lock; the next command takes it over instead of
    saying the database is in use by a process that no longer runs."""
    from tegdesk.core.store.lock import LockHolder, lock_path

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    holder = dataclasses.replace(LockHolder.here(), pid=int(dead.stdout))
    lock_path(db).write_text(holder.to_json())
    result = run(db.parent, "--db", str(db), "export", "roster", str(db.parent / "roster.csv"))
    assert result.returncode == 0, result.stderr
    assert (db.parent / "roster.csv").read_text(encoding="utf-8-sig").startswith("member,")
    assert not lock_path(db).exists()  # taken over, then released at the end of the command
