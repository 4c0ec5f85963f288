"""One writer per database: the lock file beside it, who holds it, stale locks."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import stat
import subprocess
import sys

import pytest
from sqlmodel import func, select

from tegdesk.core.errors import DatabaseLocked
from tegdesk.core.models import Expert
from tegdesk.core.store import lock as locking
from tegdesk.core.store import open_store


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _write_lock(db_path, **fields) -> locking.LockHolder:
    holder = locking.LockHolder(**{**dict(host=socket.gethostname(), user="someone", pid=os.getpid(),
                                          since=dt.datetime(2026, 3, 2, 8, 30, tzinfo=dt.timezone.utc),
                                          app_version="0.9", boot_id=locking._boot_id(), token="t"), **fields})
    locking.lock_path(db_path).write_text(holder.to_json())
    return holder


def test_a_second_open_is_refused_naming_the_holder(store, db_path):
    with pytest.raises(DatabaseLocked) as caught:
        open_store(db_path)
    holder = caught.value.holder
    assert holder.host == socket.gethostname() and holder.pid == os.getpid() and holder.user
    assert abs(dt.datetime.now(dt.timezone.utc) - holder.since) < dt.timedelta(minutes=5)
    message = str(caught.value)
    assert "in use by" in message and holder.user in message and holder.host in message
    assert str(os.getpid()) in message and holder.since.astimezone().strftime("%Y-%m-%d %H:%M") in message


def test_the_lock_file_is_private_says_who_and_goes_on_close(store, db_path):
    path = locking.lock_path(db_path)
    assert path.name == "tegdesk.sqlite3.lock"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    data = json.loads(path.read_text())
    assert {"host", "user", "pid", "since", "app_version"} <= set(data)
    assert data["pid"] == os.getpid()
    store.close()
    assert not path.exists()
    store.close()  # twice: nothing happens
    again = open_store(db_path)  # the database is free again
    again.close()


def test_a_failed_open_leaves_no_lock(tmp_path):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"not a database" * 300)
    with pytest.raises(Exception):
        open_store(bad)
    assert not locking.lock_path(bad).exists()


def test_a_store_used_as_a_context_releases_its_lock(db_path):
    with open_store(db_path) as store:
        assert store.lock is not None and store.lock.held()
    assert not locking.lock_path(db_path).exists()


def test_a_lock_left_by_a_dead_process_here_is_stale_and_taken_over(db_path):
    open_store(db_path).close()
    holder = _write_lock(db_path, pid=_dead_pid())
    assert locking.is_stale(holder)
    with pytest.raises(DatabaseLocked):
        open_store(db_path)
    store = open_store(db_path, take_over=holder)
    try:
        assert locking.read_holder(db_path).pid == os.getpid()
        with store.session() as s:
            s.add(Expert(family_name="After the crash"))
    finally:
        store.close()
    assert not locking.lock_path(db_path).exists()


def test_a_lock_after_a_restart_is_stale_even_if_its_pid_is_reused(db_path):
    holder = _write_lock(db_path, pid=os.getpid(), boot_id="an-earlier-boot")
    assert locking.is_stale(holder) == bool(locking._boot_id())


def test_a_live_lock_here_and_any_lock_elsewhere_are_not_stale(db_path):
    assert not locking.is_stale(_write_lock(db_path))  # this very process
    assert not locking.is_stale(_write_lock(db_path, host="another-laptop", pid=_dead_pid()))


def test_an_unreadable_lock_file_is_stale_once_old(db_path):
    path = locking.lock_path(db_path)
    path.write_bytes(b"")  # a crash between creating and writing it
    holder = locking.read_holder(db_path)
    assert holder is not None and holder.host == ""
    assert not locking.is_stale(holder, now=holder.since)
    assert locking.is_stale(holder, now=holder.since + dt.timedelta(seconds=10))
    with pytest.raises(DatabaseLocked, match="cannot be read"):
        locking.acquire(db_path)


def test_take_over_refuses_when_the_lock_changed_since_it_was_shown(db_path):
    shown = _write_lock(db_path, pid=_dead_pid())
    now = _write_lock(db_path, host="another-laptop", user="bob", token="other")
    with pytest.raises(DatabaseLocked, match="bob"):
        locking.take_over(db_path, shown)
    assert locking.read_holder(db_path) == now  # put back, untouched


def test_a_taken_over_store_stops_writing(db_path):
    store = open_store(db_path)
    try:
        # another computer's user confirmed that this one is gone, and took the database over
        locking.take_over(db_path, locking.read_holder(db_path))
        with pytest.raises(DatabaseLocked):
            with store.session() as s:
                s.add(Expert(family_name="Lost"))
        with store.session() as s:  # reading still works
            assert s.exec(select(func.count()).select_from(Expert)).one() == 0
        store.close()
        assert locking.lock_path(db_path).exists()  # the new holder's lock is left alone
    finally:
        store.close()


def test_a_vanished_lock_file_is_made_again_before_a_write(store, db_path):
    locking.lock_path(db_path).unlink()
    with store.session() as s:
        s.add(Expert(family_name="Still ours"))
    assert locking.read_holder(db_path).token == store.lock.holder.token


def test_a_lock_in_an_unwritable_folder_says_read_only_is_possible(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root writes anywhere")
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "x.sqlite3"
    open_store(db).close()
    folder.chmod(0o500)
    try:
        with pytest.raises(Exception, match="read-only"):
            open_store(db)
    finally:
        folder.chmod(0o700)


def test_a_command_on_a_database_open_elsewhere_says_who_has_it(store, db_path, capsys):
    from tegdesk.cli import main

    assert main(["--db", str(db_path), "demo"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("tegdesk: error: The database") and "in use by" in err
    assert f"process {os.getpid()}" in err
    assert store.lock.held()
    assert main(["--db", str(db_path), "db", "check"]) == 0  # checking only reads: no lock needed
    store.close()
    assert main(["--db", str(db_path), "demo", "--today", "2026-11-21"]) == 0
    assert not locking.lock_path(db_path).exists()  # the command released it
