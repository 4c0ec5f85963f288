"""A full disk: a clear message, nothing saved, nothing lost, and the next save works.

The disk is made full two ways. In-process, with SQLite's own limit: ``PRAGMA
max_page_count`` on every connection makes the file unable to grow, and SQLite
then fails the write with SQLITE_FULL ("database or disk is full"), exactly as
it does when the disk has no room. And, where the machine allows it, on a real
tiny file system: a tmpfs mounted in a private mount namespace (``unshare``),
filled up, then used through the ``tegdesk`` command.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from sqlmodel import func, select

from tegdesk.core.errors import DatabaseError, UserError
from tegdesk.core.i18n import translator
from tegdesk.core.interchange.roster_import import ROSTER_COLUMNS, import_roster
from tegdesk.core.models import AuditEntry, Expert, MemberState, Term
from tegdesk.core.services.roster import ExpertData, RosterService
from tegdesk.core.store.database import database_findings
from tegdesk.core.store.failures import storage_failure

EN = translator("en")
DISK_FULL = "The disk is full: nothing was saved, and the database is unchanged."


@contextlib.contextmanager
def full_disk(store, room_pages: int = 0):
    """Every connection of ``store`` may grow the file by ``room_pages`` pages at most."""

    def limit(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
        dbapi_conn.execute(f"PRAGMA max_page_count={pages + room_pages}")

    store.engine.dispose()  # connections opened from now on get the limit
    event.listen(store.engine, "connect", limit)
    try:
        yield
    finally:
        event.remove(store.engine, "connect", limit)
        store.engine.dispose()  # space is back


def roster_csv(path: Path, rows: int, *, first: int = 0) -> Path:
    """``rows`` one-term experts spread over every member, two per member at most (R1)."""
    members = ["CN", "IN", "RU", "JP", "TH", "FJ", "KZ", "IR", "VN", "MN", "KR", "ID", "PH", "MY", "NP"]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=ROSTER_COLUMNS)
        writer.writeheader()
        for i in range(first, first + rows):
            writer.writerow({"member": members[i // 2 % len(members)], "family_name": f"Expert{i}",
                             "given_names": "Ayşe 小明", "organization": "Ministry " * 40,
                             "term_start": "2025-01-01"})
    return path


def snapshot(store) -> tuple[int, int, int]:
    with store.session() as s:
        return (s.exec(select(func.count()).select_from(Expert)).one(),
                s.exec(select(func.count()).select_from(Term)).one(),
                s.exec(select(func.count()).select_from(AuditEntry)).one())


def test_an_import_on_a_full_disk_saves_nothing_says_so_and_the_next_one_works(store, tmp_path):
    source = roster_csv(tmp_path / "roster.csv", 24)
    before = snapshot(store)
    with full_disk(store), pytest.raises(DatabaseError) as info:
        import_roster(store, source, backup=False)
    assert info.value.text(EN).startswith(DISK_FULL)
    assert str(store.path.parent) in info.value.text(EN)  # where to free space
    assert snapshot(store) == before  # nothing saved, nothing lost
    assert database_findings(store) == []  # and intact
    summary = import_roster(store, source, backup=False)  # space is back: the same import succeeds
    assert summary.terms_added == 24
    assert snapshot(store)[1] == before[1] + 24


def test_a_form_save_on_a_full_disk_is_refused_and_can_be_saved_again(store):
    service = RosterService(store)
    with store.session() as s:
        fiji = s.exec(select(MemberState).where(MemberState.iso3 == "FJI")).one()
    person = ExpertData(family_name="Fifita", given_names="Sione",
                        organization="Pacific Community " * 300)  # needs new pages whatever the free space
    args = dict(member_id=fiji.id, start_date=dt.date(2025, 1, 1), expert=person)
    before = snapshot(store)
    with full_disk(store):
        assert service.nominate(save=False, **args).ok  # checking reads only: it still works
        with pytest.raises(DatabaseError) as info:
            service.nominate(save=True, **args)
    assert info.value.text(EN).startswith(DISK_FULL)
    assert snapshot(store) == before
    assert database_findings(store) == []
    assert service.nominate(save=True, **args).saved


def test_disk_full_and_io_errors_are_told_bugs_are_not(tmp_path):
    db = tmp_path / "x.sqlite3"
    full = storage_failure(OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full")), db)
    assert isinstance(full, DatabaseError) and full.text(EN).startswith(DISK_FULL)
    io = storage_failure(sqlite3.OperationalError("disk I/O error"), db)
    assert isinstance(io, DatabaseError)
    assert io.text(EN).startswith("The disk could not be written (input/output error): nothing was saved")
    assert storage_failure(OSError(28, "No space left on device"), db).text(EN).startswith(DISK_FULL)
    assert storage_failure(ValueError("a bug"), db) is None
    assert storage_failure(sqlite3.IntegrityError("UNIQUE constraint failed"), db) is None
    assert storage_failure(UserError("The family name is required."), db) is None  # already told


def test_the_message_is_translatable():
    zh = translator("zh")
    error = storage_failure(sqlite3.OperationalError("database or disk is full"), Path("/data/x.sqlite3"))
    text = error.text(zh)
    assert "/data" in text  # parameters filled in whatever the catalog holds
    assert error.message.startswith("The disk is full")  # the template, as Babel extracts it


# -- a real tiny file system -------------------------------------------------------------------

_DRIVER = r"""
import contextlib, io, json, os, sqlite3, sys
from pathlib import Path

from tegdesk.cli import main
from tegdesk.core.store import open_store
from tegdesk.core.store.backup import integrity_problems

mnt, source, second = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
db = mnt / "tegdesk.sqlite3"
open_store(db).close()


def terms():
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT count(*) FROM term").fetchone()[0]
    finally:
        con.close()


def tegdesk(*args):
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["--db", str(db), *args])
    return code, err.getvalue()


before = terms()
# leave room for the pre-import backup (a copy of the file) and a little more, not for the import
st = os.statvfs(mnt)
free = st.f_bavail * st.f_frsize
room = db.stat().st_size + 96 * 1024
with open(mnt / "filler", "wb") as fh:
    fh.write(b"\0" * max(free - room, 0))
code, err = tegdesk("import", "roster", source)
result = {"code": code, "stderr": err, "integrity": integrity_problems(db), "terms_before": before,
          "terms_after_full": terms()}
(mnt / "filler").unlink()
code2, err2 = tegdesk("import", "roster", source)
code3, err3 = tegdesk("import", "roster", second)
result.update(code2=code2, stderr2=err2, code3=code3, stderr3=err3, terms_after=terms(),
              integrity_after=integrity_problems(db))
print(json.dumps(result))
"""


def _namespace_command() -> list[str] | None:
    """``unshare`` arguments that give a private mount namespace here, or None."""
    unshare = shutil.which("unshare")
    if unshare is None or sys.platform != "linux":
        return None
    for prefix in ([unshare, "--mount"], [unshare, "--user", "--map-root-user", "--mount"]):
        probe = subprocess.run([*prefix, "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt 2>/dev/null || "
                                "mount -t tmpfs -o size=64k tmpfs /tmp"], capture_output=True)
        if probe.returncode == 0:
            return prefix
    return None


def test_a_real_full_file_system(tmp_path):
    """On a 4 MB tmpfs filled up: the command says the disk is full, nothing is lost, and
    once space is freed the same import succeeds."""
    prefix = _namespace_command()
    if prefix is None:
        pytest.skip("no private mount namespace here (unshare/mount not permitted)")
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    source = roster_csv(tmp_path / "roster.csv", 24)
    second = roster_csv(tmp_path / "more.csv", 2, first=24)
    script = 'mount -t tmpfs -o size=4m,mode=0700 tmpfs "$1" && shift && exec "$@"'
    done = subprocess.run([*prefix, "sh", "-c", script, "sh", str(mnt), sys.executable, "-c", _DRIVER, str(mnt),
                           str(source), str(second)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["code"] == 1
    assert DISK_FULL in result["stderr"]
    assert result["integrity"] == []
    assert result["terms_after_full"] == result["terms_before"]  # nothing saved, nothing lost
    assert (result["code2"], result["code3"]) == (0, 0), result
    assert result["terms_after"] == result["terms_before"] + 26
    assert result["integrity_after"] == []
