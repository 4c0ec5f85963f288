"""The local store: pragmas, UUIDs and timestamps, soft deletion, audit log,
refusal of damaged and too-new files."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import SQLModel, func, select

from tegdesk.core.errors import DatabaseDamaged, DatabaseReadOnly, DatabaseTooNew
from tegdesk.core.models import AuditEntry, Body, Expert, MemberState, TorVersion
from tegdesk.core.store import database, open_store
from tegdesk.core.store.lock import LockHolder, lock_path
from tegdesk.core.store.audit import AuditLogIsAppendOnly
from tegdesk.core.store.backup import backups_dir, integrity_problems
from tegdesk.paths import resolve_db_path


def test_every_connection_has_the_pragmas(store):
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 1000


def test_foreign_keys_are_enforced(store):
    with pytest.raises(Exception, match="FOREIGN KEY"):
        with store.session() as s:
            s.add(TorVersion(body_id=uuid.uuid4(), version=9, effective_date=dt.date(2024, 1, 1)))


def test_every_table_has_uuid_key_and_timestamps():
    for table in SQLModel.metadata.sorted_tables:
        pk = list(table.primary_key.columns)
        assert [c.name for c in pk] == ["id"], table.name
        assert pk[0].type.python_type is uuid.UUID, table.name
        if table.name != "audit_log":
            assert {"created_at", "updated_at"} <= set(table.columns.keys()), table.name


def test_reference_data_loaded_once(store, db_path):
    with store.session() as s:
        assert s.exec(select(func.count()).select_from(MemberState)).one() == 62
        assoc = s.exec(select(func.count()).select_from(MemberState).where(MemberState.status == "associate member")).one()
        assert assoc == 9
        teg = s.exec(select(Body).where(Body.code == "TEG")).one()
        tor = s.exec(select(TorVersion).where(TorVersion.body_id == teg.id)).one()
        assert (tor.experts_per_member, tor.term_years, tor.max_consecutive_terms) == (2, 3, 2)
        assert tor.bureau_offices == ["chair", "vice_chair"] and tor.office_term_years == 3
        assert (tor.meeting_interval_months, tor.nomination_lead_days) == (3, 21)
    store.close()
    again = open_store(db_path)
    with again.session() as s:
        assert s.exec(select(func.count()).select_from(MemberState)).one() == 62
    again.close()


def test_audit_log_records_insert_update_and_soft_delete(store):
    with store.session() as s:
        e = Expert(family_name="Tan", given_names="Mei <b>Ling</b> & co")
        s.add(e)
    with store.session() as s:
        e = s.get(Expert, e.id)
        created = e.updated_at
        e.organization = "Ministry of Environment"
    with store.session() as s:
        e = s.get(Expert, e.id)
        assert e.updated_at > created
        e.deleted_at = dt.datetime.now(dt.timezone.utc)
    with store.session() as s:
        rows = s.exec(select(AuditEntry).where(AuditEntry.record_id == str(e.id)).order_by(AuditEntry.at)).all()
    assert [r.action for r in rows] == ["insert", "update", "delete"]
    assert rows[0].changes["given_names"] == "Mei <b>Ling</b> & co"
    assert rows[1].changes == {"organization": [None, "Ministry of Environment"]}
    assert all(r.table_name == "expert" and r.user for r in rows)


def test_audit_entries_cannot_be_changed_or_deleted(store):
    with store.session() as s:
        s.add(Expert(family_name="Ivanov"))
    with pytest.raises(AuditLogIsAppendOnly):
        with store.session() as s:
            entry = s.exec(select(AuditEntry)).first()
            entry.user = "someone else"
    with pytest.raises(AuditLogIsAppendOnly):
        with store.session() as s:
            s.delete(s.exec(select(AuditEntry)).first())


def test_failed_unit_of_work_writes_nothing(store):
    before = _count(store, Expert)
    with pytest.raises(RuntimeError):
        with store.session() as s:
            s.add(Expert(family_name="Half"))
            s.flush()
            raise RuntimeError("power cut")
    assert _count(store, Expert) == before


def test_database_file_is_private(db_path, store):
    assert stat.S_IMODE(os.stat(db_path).st_mode) == 0o600


def test_damaged_file_is_refused_and_left_untouched(tmp_path, store, db_path):
    store.close()
    _checkpoint(db_path)
    raw = bytearray(db_path.read_bytes())
    raw[4096 * 3: 4096 * 3 + 200] = b"\xff" * 200
    db_path.write_bytes(raw)
    with pytest.raises(DatabaseDamaged, match="damaged"):
        open_store(db_path)
    assert db_path.read_bytes() == bytes(raw)


def _damage_closed(db_path: Path) -> bytes:
    _checkpoint(db_path)
    raw = bytearray(db_path.read_bytes())
    raw[4096 * 3: 4096 * 3 + 200] = b"\xff" * 200
    db_path.write_bytes(raw)
    return bytes(raw)


def test_after_a_clean_stop_the_check_can_be_left_for_later(store, db_path):
    store.close()
    assert not database.unclean_stop(db_path)
    raw = _damage_closed(db_path)
    later = open_store(db_path, defer_check=True)  # damage past the pages opening reads goes unseen
    try:
        assert later.integrity_deferred and not later.read_only
        problems = integrity_problems(db_path, quick=True)
        assert problems  # what the caller's later check finds
        later.refuse_writes(database.damaged_error(db_path, problems[0]))
        assert later.read_only and isinstance(later.read_only_reason, DatabaseDamaged)
        with pytest.raises(DatabaseReadOnly), later.session() as s:
            s.add(Expert(family_name="Never written"))
    finally:
        later.close()
    assert db_path.read_bytes() == raw


def test_after_an_unclean_stop_the_check_runs_at_open(store, db_path):
    store.close()
    raw = _damage_closed(db_path)
    wal = db_path.with_name(db_path.name + "-wal")
    wal.write_bytes(b"\0" * 32)  # a write-ahead log left by a session that did not close
    assert database.unclean_stop(db_path)
    with pytest.raises(DatabaseDamaged, match="damaged"):
        open_store(db_path, defer_check=True)
    assert db_path.read_bytes() == raw and not lock_path(db_path).exists()


def test_a_lock_taken_over_or_a_read_only_open_is_checked_at_open(store, db_path):
    store.close()
    raw = _damage_closed(db_path)
    crashed = LockHolder(host="elsewhere", user="amina", pid=1, since=dt.datetime(2026, 3, 2, tzinfo=dt.timezone.utc),
                         token="crashed")
    lock_path(db_path).write_text(crashed.to_json())
    with pytest.raises(DatabaseDamaged):
        open_store(db_path, defer_check=True, take_over=crashed)
    with pytest.raises(DatabaseDamaged):
        open_store(db_path, defer_check=True, read_only=True)
    assert db_path.read_bytes() == raw


def test_a_file_to_migrate_is_checked_before_it_is_changed(store, db_path):
    from tegdesk.core.store import migrate

    previous = next(iter(migrate.known_revisions() - {migrate.HEAD_REVISION}))
    with store.engine.begin() as conn:  # marked older: opening would back it up and migrate it
        conn.execute(text("UPDATE alembic_version SET version_num=:v"), {"v": previous})
    store.close()
    raw = _damage_closed(db_path)
    with pytest.raises(DatabaseDamaged):
        open_store(db_path, defer_check=True)
    assert db_path.read_bytes() == raw and not any(backups_dir(db_path).glob("*pre-migration*"))


def test_database_from_newer_version_is_refused_unchanged(store, db_path):
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num='9999_future'"))
    store.close()
    _checkpoint(db_path)
    before = db_path.read_bytes()
    with pytest.raises(DatabaseTooNew, match="newer version"):
        open_store(db_path)
    assert db_path.read_bytes() == before


def test_db_path_resolution(monkeypatch, tmp_path):
    monkeypatch.setenv("TEGDESK_DB", str(tmp_path / "env.sqlite3"))
    assert resolve_db_path(None) == tmp_path / "env.sqlite3"
    assert resolve_db_path(tmp_path / "cli.sqlite3") == tmp_path / "cli.sqlite3"
    monkeypatch.delenv("TEGDESK_DB")
    default = resolve_db_path(None)
    assert default.name == "tegdesk.sqlite3" and str(tmp_path) in str(default)  # XDG dirs redirected


def test_migration_backs_up_existing_file(db_path, store):
    from tegdesk.core.store import migrate

    with store.session() as s:
        s.add(Expert(family_name="Kept"))
    migrate.downgrade(store.engine, "base")
    store.close()
    reopened = open_store(db_path)  # upgrades again, after a backup
    reopened.close()
    backups = list(backups_dir(db_path).glob("*-pre-migration.sqlite3"))
    assert len(backups) == 1
    con = sqlite3.connect(backups[0])
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()


def _count(store, model) -> int:
    with store.session() as s:
        return s.exec(select(func.count()).select_from(model)).one()


def _checkpoint(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def test_backup_is_one_self_contained_file(store, db_path):
    from tegdesk.core.store.backup import make_backup

    with store.session() as s:
        s.add(Expert(family_name="Backed up"))
    copy = make_backup(db_path, "manual")
    assert sorted(p.name for p in copy.parent.iterdir()) == [copy.name]
    assert stat.S_IMODE(os.stat(copy).st_mode) == 0o600
    con = sqlite3.connect(copy)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert con.execute("SELECT count(*) FROM expert WHERE family_name='Backed up'").fetchone()[0] == 1
    con.close()
