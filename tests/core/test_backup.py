"""Backups: listing, when one is due, the thinning policy, and restoring a backup."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import select

from tegdesk.core.errors import DatabaseDamaged, DatabaseError, DatabaseLocked, DatabaseTooNew
from tegdesk.core.models import Expert, Term
from tegdesk.core.store import open_store
from tegdesk.core.store.lock import lock_path
from tegdesk.core.store.backup import (
    DEFAULT_POLICY,
    BackupInfo,
    ThinningPolicy,
    backup_due,
    backups_dir,
    backups_to_remove,
    list_backups,
    make_backup,
    restore_backup,
    thin_backups,
)

UTC = dt.timezone.utc
T = dt.datetime


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fake(db_path: Path, when: dt.datetime, reason: str = "periodic", content: bytes = b"x") -> Path:
    """An empty file named like a backup of ``db_path`` taken at ``when``."""
    folder = backups_dir(db_path)
    folder.mkdir(exist_ok=True)
    path = folder / f"{db_path.stem}-{when.astimezone(UTC).strftime('%Y%m%dT%H%M%S%fZ')}-{reason}.sqlite3"
    path.write_bytes(content)
    return path


def info(when: dt.datetime, reason: str = "periodic") -> BackupInfo:
    name = f"t-{when.astimezone(UTC).strftime('%Y%m%dT%H%M%S%fZ')}-{reason}.sqlite3"
    return BackupInfo(Path("/nowhere") / name, when.astimezone(UTC), reason, 1)


def rows(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, sorted, read straight from the file."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {t: sorted(con.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
    finally:
        con.close()


# -- listing -----------------------------------------------------------------------------

def test_list_backups_newest_first_with_reason_and_size(store, db_path):
    first = make_backup(db_path, "manual")
    second = make_backup(db_path, "pre-import")
    folder = backups_dir(db_path)
    (folder / "notes.txt").write_text("mine")
    (folder / (second.name + ".part")).write_bytes(b"half")
    (folder / second.name.replace(db_path.stem, "other", 1)).write_bytes(b"another database's")
    found = list_backups(db_path)
    assert [b.path for b in found] == [second, first]
    assert [b.reason for b in found] == ["pre-import", "manual"]
    assert found[0].size_bytes == second.stat().st_size > 0
    assert all(b.taken_at.tzinfo is not None and b.taken_at.utcoffset() == dt.timedelta(0) for b in found)
    assert found[0].taken_at > found[1].taken_at
    assert abs(dt.datetime.now(UTC) - found[0].taken_at) < dt.timedelta(minutes=1)


def test_list_backups_without_a_folder(tmp_path):
    assert list_backups(tmp_path / "none.sqlite3") == []


def test_a_stem_with_hyphens_is_kept_apart(tmp_path):
    db = tmp_path / "teg-2024.sqlite3"
    other = tmp_path / "teg.sqlite3"
    mine = fake(db, T(2024, 1, 1, tzinfo=UTC), "manual")
    fake(other, T(2024, 1, 2, tzinfo=UTC), "manual")
    assert [b.path for b in list_backups(db)] == [mine]
    assert len(list_backups(other)) == 1


# -- when one is due -----------------------------------------------------------------------

def test_backup_due_after_thirty_minutes_exactly(tmp_path):
    db = tmp_path / "d.sqlite3"
    last = T(2026, 3, 15, 9, 0, 0, tzinfo=UTC)
    assert backup_due(db, last)  # no backup at all
    fake(db, last, "pre-import")  # a backup of any kind counts
    fake(db, last - dt.timedelta(hours=2))
    assert not backup_due(db, last)
    assert not backup_due(db, last + dt.timedelta(minutes=29, seconds=59))
    assert backup_due(db, last + dt.timedelta(minutes=30))
    assert not backup_due(db, last + dt.timedelta(minutes=30), interval=dt.timedelta(hours=1))
    # another time zone, the same instant
    bangkok = dt.timezone(dt.timedelta(hours=7))
    assert not backup_due(db, (last + dt.timedelta(minutes=29, seconds=59)).astimezone(bangkok))
    assert backup_due(db, (last + dt.timedelta(minutes=30)).astimezone(bangkok))


# -- thinning ------------------------------------------------------------------------------

NOW = T(2026, 3, 15, 12, 0, tzinfo=UTC)  # a Sunday


def _series() -> list[BackupInfo]:
    """Two years of periodic backups every six hours up to NOW, and some before-action backups."""
    series = []
    at = NOW - dt.timedelta(days=730)
    while at <= NOW:
        series.append(info(at))
        at += dt.timedelta(hours=6)
    today = [info(T(2026, 3, 15, 7, m, tzinfo=UTC), "pre-import") for m in range(0, 60, 10)]  # six
    today.append(info(T(2026, 3, 15, 11, 0, tzinfo=UTC), "manual"))
    yesterday = [info(T(2026, 3, 14, 19, m, tzinfo=UTC), "pre-import") for m in (0, 10, 20)]
    return series + today + yesterday


def test_thinning_a_two_year_series_keeps_exactly_the_policy():
    series = _series()
    removed = backups_to_remove(series, NOW, DEFAULT_POLICY)
    kept = sorted({b.taken_at for b in series} - {b.taken_at for b in removed}, reverse=True)
    d = lambda *a: T(*a, tzinfo=UTC)  # noqa: E731
    actions = [d(2026, 3, 15, 11, 0), d(2026, 3, 15, 7, 50), d(2026, 3, 15, 7, 40), d(2026, 3, 15, 7, 30),
               d(2026, 3, 15, 7, 20)]  # the newest five of today's manual and before-action backups
    daily = [d(2026, 3, 15, 12)]  # today's newest (periodic at noon)
    daily.append(d(2026, 3, 14, 19, 20))  # yesterday's newest was a before-import backup
    daily += [d(2026, 3, day, 18) for day in range(13, 3, -1)]  # 12 days in all: 15 down to 4 March
    # weeks: 2-8 March (week 10) holds the 4th, so weekly starts with the week ending 1 March
    weekly = [d(2026, 3, 1, 18), d(2026, 2, 22, 18), d(2026, 2, 15, 18), d(2026, 2, 8, 18), d(2026, 2, 1, 18),
              d(2026, 1, 25, 18), d(2026, 1, 18, 18), d(2026, 1, 11, 18), d(2026, 1, 4, 18),  # ISO week 1 of 2026
              d(2025, 12, 28, 18)]  # ISO week 52 of 2025
    # months: March, February, January 2026 and December 2025 are held by the above
    monthly = [d(2025, 11, 30, 18), d(2025, 10, 31, 18), d(2025, 9, 30, 18), d(2025, 8, 31, 18),
               d(2025, 7, 31, 18), d(2025, 6, 30, 18), d(2025, 5, 31, 18), d(2025, 4, 30, 18), d(2025, 3, 31, 18)]
    assert len(actions + daily + weekly + monthly) == 36
    assert kept == sorted(actions + daily + weekly + monthly, reverse=True)
    # the two oldest of today's before-import backups went, as did every older one not listed
    assert d(2026, 3, 15, 7, 10) in {b.taken_at for b in removed}
    assert d(2026, 3, 15, 7, 0) in {b.taken_at for b in removed}


def test_days_are_counted_in_the_local_time_of_now():
    a = info(T(2026, 3, 14, 16, 30, tzinfo=UTC))  # 23:30 in Bangkok
    b = info(T(2026, 3, 14, 17, 30, tzinfo=UTC))  # 00:30 the next day in Bangkok
    policy = ThinningPolicy(daily=5, weekly=0, monthly=0, actions_today=0)
    assert backups_to_remove([a, b], T(2026, 3, 15, 12, tzinfo=UTC), policy) == [a]
    bangkok = dt.timezone(dt.timedelta(hours=7))
    assert backups_to_remove([a, b], T(2026, 3, 15, 12, tzinfo=bangkok), policy) == []


def test_limits_are_exact():
    days = [info(NOW - dt.timedelta(days=n)) for n in range(13)]
    policy = ThinningPolicy(daily=12, weekly=0, monthly=0)
    assert backups_to_remove(days, NOW, policy) == [days[12]]
    assert backups_to_remove(days[:12], NOW, policy) == []
    # before-action backups of earlier days get no extra place
    older = [info(NOW - dt.timedelta(days=1, minutes=m), "pre-import") for m in range(3)]
    assert backups_to_remove(older, NOW, ThinningPolicy(daily=12, weekly=0, monthly=0, actions_today=5)) == older[1:]
    # a periodic backup of today does not take a before-action place
    today = [info(NOW - dt.timedelta(minutes=m), "periodic") for m in (1, 2)]
    assert backups_to_remove(today, NOW, ThinningPolicy(daily=1, weekly=0, monthly=0, actions_today=5)) == today[1:]
    assert backups_to_remove([], NOW) == []


def test_now_must_be_aware():
    with pytest.raises(ValueError):
        backups_to_remove([], T(2026, 3, 15))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 900 * 24), st.sampled_from(["periodic", "manual", "pre-import"])),
                max_size=120, unique_by=lambda t: t[0]))
def test_thinning_is_bounded_keeps_the_newest_and_is_stable(hours):
    series = [info(NOW - dt.timedelta(hours=h), reason) for h, reason in hours]
    removed = backups_to_remove(series, NOW)
    kept = [b for b in series if b not in removed]
    p = DEFAULT_POLICY
    assert len(kept) <= p.daily + p.weekly + p.monthly + p.actions_today
    if series:
        assert max(series, key=lambda b: b.taken_at) in kept
    assert backups_to_remove(kept, NOW) == []  # thinning twice removes nothing more


def test_thin_backups_removes_files_and_leaves_others(tmp_path):
    db = tmp_path / "t.sqlite3"
    paths = [fake(db, NOW - dt.timedelta(days=n)) for n in range(15)]
    (backups_dir(db) / "keep-me.sqlite3").write_bytes(b"the user's own copy")
    removed = thin_backups(db, NOW, ThinningPolicy(daily=12, weekly=0, monthly=0))
    assert sorted(removed) == sorted(paths[12:])
    assert all(not p.exists() for p in paths[12:]) and all(p.exists() for p in paths[:12])
    assert (backups_dir(db) / "keep-me.sqlite3").exists()
    assert thin_backups(db, NOW, ThinningPolicy(daily=12, weekly=0, monthly=0)) == []


# -- restoring -------------------------------------------------------------------------------

def _add_experts(store, *names: str) -> None:
    with store.session() as s:
        for name in names:
            s.add(Expert(family_name=name))


def test_restore_backs_up_first_and_brings_back_the_backups_rows(store, db_path):
    _add_experts(store, "Before")
    good = make_backup(db_path, "manual")
    _add_experts(store, "After")
    with store.session() as s:
        s.delete(s.exec(select(Expert).where(Expert.family_name == "Before")).one())
    store.close()
    current_rows = rows(db_path)
    safety = restore_backup(db_path, good)
    assert safety is not None and safety.parent == backups_dir(db_path) and safety.name.endswith("-pre-restore.sqlite3")
    assert rows(safety) == current_rows  # the replaced data is kept
    assert rows(db_path) == rows(good)  # the restored data equals the backup's
    assert not db_path.with_name(db_path.name + "-wal").exists()
    assert not list(db_path.parent.glob(".*restoring"))
    reopened = open_store(db_path)
    with reopened.session() as s:
        names = {e.family_name for e in s.exec(select(Expert))}
    reopened.close()
    assert "Before" in names and "After" not in names


def test_restore_discards_a_stale_write_ahead_log(db_path, store):
    good = make_backup(db_path, "manual")
    _add_experts(store, "Only in the log")
    # a log left by a crash: copy it away before closing folds it in, put it back after
    wal = db_path.with_name(db_path.name + "-wal")
    log = wal.read_bytes()
    store.close()
    assert log and not wal.exists()
    wal.write_bytes(log)
    restore_backup(db_path, good)
    reopened = open_store(db_path)
    with reopened.session() as s:
        assert s.exec(select(Expert).where(Expert.family_name == "Only in the log")).first() is None
    reopened.close()


def _refused(db_path: Path, candidate: Path, error: type[Exception], match: str) -> None:
    before = _digest(db_path)
    backups_before = list_backups(db_path)
    with pytest.raises(error, match=match):
        restore_backup(db_path, candidate)
    assert _digest(db_path) == before
    assert list_backups(db_path) == backups_before  # not even a safety backup
    assert not list(db_path.parent.glob(".*restoring"))


def test_restore_refuses_a_damaged_backup(store, db_path):
    from tests.core.test_check import corrupt

    with store.session() as s:  # enough pages to damage
        s.add_all([Expert(family_name=f"Expert {i}" * 30) for i in range(200)])
    bad = make_backup(db_path, "manual")
    store.close()
    corrupt(bad)
    _refused(db_path, bad, DatabaseDamaged, "damaged")


def test_restore_refuses_a_backup_from_a_newer_tegdesk(store, db_path):
    newer = make_backup(db_path, "manual")
    store.close()
    con = sqlite3.connect(newer)
    con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.commit()
    con.close()
    _refused(db_path, newer, DatabaseTooNew, "newer version")


def test_restore_refuses_other_files(store, db_path, tmp_path):
    store.close()
    text = tmp_path / "notes.sqlite3"
    text.write_text("not a database " * 300)
    _refused(db_path, text, DatabaseDamaged, "damaged")
    other = tmp_path / "other.sqlite3"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    _refused(db_path, other, DatabaseError, "not a tegdesk database")
    _refused(db_path, tmp_path / "absent.sqlite3", DatabaseError, "no backup")
    _refused(db_path, db_path, DatabaseError, "database itself")


def test_restore_over_a_damaged_database_keeps_its_bytes(store, db_path):
    from tests.core.test_check import corrupt

    with store.session() as s:
        s.add_all([Expert(family_name=f"Expert {i}" * 30) for i in range(200)])
    good = make_backup(db_path, "manual")
    store.close()
    corrupt(db_path)
    damaged = db_path.read_bytes()
    safety = restore_backup(db_path, good)
    assert safety is not None and safety.suffix == ".damaged" and safety.read_bytes() == damaged
    assert safety not in [b.path for b in list_backups(db_path)]  # never offered as a good backup
    assert rows(db_path) == rows(good)


def test_restore_an_older_schema_is_upgraded_on_open(store, db_path):
    from tegdesk.core.store import migrate

    with store.session() as s:
        count = len(s.exec(select(Term)).all())
    migrate.downgrade(store.engine, "0001")
    old = make_backup(db_path, "manual")
    migrate.upgrade(store.engine)
    store.close()
    restore_backup(db_path, old)
    reopened = open_store(db_path)
    assert reopened.schema_revision() == migrate.head_revision()
    with reopened.session() as s:
        assert len(s.exec(select(Term)).all()) == count
    reopened.close()


def test_restore_where_there_was_no_database(tmp_path, store, db_path):
    good = make_backup(db_path, "manual")
    store.close()
    elsewhere = tmp_path / "new" / "fresh.sqlite3"
    elsewhere.parent.mkdir()
    assert restore_backup(elsewhere, good) is None
    assert rows(elsewhere) == rows(good)


def _lock_of_another_process(db_path: Path) -> None:
    from tegdesk.core.store.lock import LockHolder

    here = LockHolder.here()
    alive = os.getppid()  # the process that started this one: running, and not us
    lock_path(db_path).write_text(LockHolder(here.host, "someone", alive, here.since, boot_id=here.boot_id,
                                             token="theirs").to_json(), encoding="utf-8")


def test_restore_refuses_a_database_in_use(store, db_path):
    good = make_backup(db_path, "manual")
    store.close()
    _lock_of_another_process(db_path)
    before, digest = list_backups(db_path), _digest(db_path)
    with pytest.raises(DatabaseLocked, match="is in use by someone on .* close it there"):
        restore_backup(db_path, good)
    assert list_backups(db_path) == before and _digest(db_path) == digest
    lock_path(db_path).unlink()
    assert restore_backup(db_path, good) is not None
    assert not lock_path(db_path).exists()  # the restore's own lock is released


def test_restore_keeps_a_lock_this_process_holds(store, db_path):
    from tegdesk.core.store import lock as locking

    good = make_backup(db_path, "manual")
    store.close()
    with locking.acquire(db_path) as held:  # as a restore at start does
        assert restore_backup(db_path, good) is not None
        assert held.held()
    assert not lock_path(db_path).exists()


def test_restore_takes_over_a_lock_left_by_a_crash(store, db_path):
    from tegdesk.core.store.lock import LockHolder

    good = make_backup(db_path, "manual")
    store.close()
    dead = LockHolder.here()
    dead = LockHolder(dead.host, dead.user, 2**22 + 12345, dead.since, boot_id=dead.boot_id, token="x")
    lock_path(db_path).write_text(dead.to_json(), encoding="utf-8")
    assert restore_backup(db_path, good) is not None
    assert not lock_path(db_path).exists()


def test_a_backup_on_a_full_disk_says_so_and_leaves_nothing_behind(store, db_path, monkeypatch):
    from tegdesk.core.i18n import translator
    from tegdesk.core.store import backup as backup_module

    def full(_src: Path, dest: Path) -> None:
        dest.write_bytes(b"half a copy")
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(backup_module, "_copy_with_backup_api", full)
    before = _digest(db_path)
    with pytest.raises(DatabaseError) as caught:
        make_backup(db_path, "manual")
    text = caught.value.text(translator("en"))
    assert "full or failing" in text and "unchanged" in text
    assert not list(backups_dir(db_path).glob("*.part"))
    assert _digest(db_path) == before
