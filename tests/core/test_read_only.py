"""A database opened read-only: readable, never written, whatever the reason."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import func, select

from tegdesk.core.errors import DatabaseError, DatabaseLocked, DatabaseReadOnly, DatabaseTooNew
from tegdesk.core.i18n import translator
from tegdesk.core.models import Expert, MemberState
from tegdesk.core.store import lock as locking
from tegdesk.core.store import open_store


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _checkpoint(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def test_read_only_works_while_another_holds_the_lock_and_says_who(store, db_path):
    with store.session() as s:
        s.add(Expert(family_name="Visible"))
    ro = open_store(db_path, read_only=True)
    try:
        assert ro.read_only and ro.lock is None
        assert isinstance(ro.read_only_reason, DatabaseLocked)
        assert ro.read_only_reason.holder.pid == store.lock.holder.pid
        with ro.session() as s:
            assert s.exec(select(Expert.family_name)).all() == ["Visible"]
            assert s.exec(select(func.count()).select_from(MemberState)).one() == 62
    finally:
        ro.close()
    assert store.lock.held()  # the reader did not touch the writer's lock


@pytest.mark.parametrize("how", ["orm", "sql", "reader"])
def test_read_only_refuses_every_write_with_a_translated_message(store, db_path, how):
    store.close()
    before = _digest(db_path)
    ro = open_store(db_path, read_only=True)
    try:
        with pytest.raises(DatabaseReadOnly) as caught:
            if how == "reader":
                with ro.reader() as s:
                    s.add(Expert(family_name="Refused"))
                    s.commit()
            else:
                with ro.session() as s:
                    if how == "orm":
                        s.add(Expert(family_name="Refused"))
                    else:
                        s.exec(text("DELETE FROM expert"))
        assert str(caught.value) == f"The database {db_path} is open read-only: nothing was changed."
        assert caught.value.text(translator("en")) == str(caught.value)
        with ro.session() as s:
            assert s.exec(select(func.count()).select_from(Expert)).one() == 0
    finally:
        ro.close()
    assert _digest(db_path) == before


def test_sqlite_itself_refuses_writes_of_a_read_only_store(store, db_path):
    store.close()
    ro = open_store(db_path, read_only=True)
    try:
        with ro.engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            assert raw.execute("PRAGMA query_only").fetchone()[0] == 1
            with pytest.raises(sqlite3.OperationalError):
                raw.execute("DELETE FROM expert")
    finally:
        ro.close()


def test_a_newer_database_opens_read_only_and_stays_byte_identical(store, db_path):
    with store.session() as s:
        s.add(Expert(family_name="From the future"))
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num='9999_future'"))
    store.close()
    _checkpoint(db_path)
    before = _digest(db_path)
    with pytest.raises(DatabaseTooNew):
        open_store(db_path)
    assert _digest(db_path) == before and not locking.lock_path(db_path).exists()
    ro = open_store(db_path, read_only=True)
    try:
        assert isinstance(ro.read_only_reason, DatabaseTooNew)
        with ro.session() as s:
            assert s.exec(select(Expert.family_name)).all() == ["From the future"]
        with pytest.raises(DatabaseReadOnly):
            with ro.session() as s:
                s.add(Expert(family_name="Never"))
    finally:
        ro.close()
    assert _digest(db_path) == before


def test_read_only_needs_an_existing_database(tmp_path):
    with pytest.raises(DatabaseError, match="There is no database"):
        open_store(tmp_path / "none.sqlite3", read_only=True)
    assert not (tmp_path / "none.sqlite3").exists()
