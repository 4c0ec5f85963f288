"""Opening a database in the interface: in use elsewhere, damaged, made by a newer tegdesk.

Dialogs are shown and their real buttons clicked (``click`` replaces the blocking
``exec`` with show + mouse click); one test goes through the real modal ``exec``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QPushButton
from sqlalchemy import text
from sqlmodel import select

from tegdesk.core.errors import DatabaseLocked, DatabaseTooNew
from tegdesk.core.i18n import translator
from tegdesk.core.models import Expert
from tegdesk.core.store import lock as locking
from tegdesk.core.store import open_store
from tegdesk.core.store.backup import make_backup
from tegdesk.ui import startup

EN = translator("en")


@pytest.fixture
def click(qtbot, monkeypatch):
    """``click("read_only", ...)``: the buttons to press in the dialogs, in order; the
    dialogs shown are collected in ``click.dialogs``."""
    answers: list[str] = []
    dialogs: list[startup.StartupDialog] = []

    def ask(dialog: startup.StartupDialog) -> startup.Choice:
        dialogs.append(dialog)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        button = dialog.findChild(QPushButton, answers.pop(0))
        assert button is not None and button.isVisible(), [b.objectName() for b in dialog.buttons()]
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()
        return dialog.choice

    def set_answers(*names: str) -> None:
        answers.extend(names)

    monkeypatch.setattr(startup, "ask", ask)
    set_answers.dialogs = dialogs  # type: ignore[attr-defined]
    yield set_answers
    assert not answers, f"dialogs not shown for {answers}"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _foreign_lock(db_path: Path, **fields) -> locking.LockHolder:
    values = dict(host=socket.gethostname(), user="amina", pid=_dead_pid(),
                  since=dt.datetime(2026, 3, 2, 8, 30, tzinfo=dt.timezone.utc), app_version="1.0",
                  boot_id=locking._boot_id(), token="crashed")
    values.update(fields)
    holder = locking.LockHolder(**values)
    locking.lock_path(db_path).write_text(holder.to_json())
    return holder


def _texts(dialog) -> str:
    return dialog.text() + "\n" + dialog.informativeText()


# -- in use -----------------------------------------------------------------------------

def test_in_use_says_who_and_opens_read_only(store, db_path, click):
    click("read_only")
    opened = startup.open_database(db_path, EN)
    try:
        dialog = click.dialogs[0]
        holder = store.lock.holder
        assert dialog.objectName() == "locked_dialog" and dialog.windowTitle() == "Database in use"
        words = _texts(dialog)
        assert f"in use by {holder.user} on {holder.host}" in words
        assert f"process {os.getpid()}" in words and startup.when(EN, holder.since) in words
        assert str(db_path) in words
        assert dialog.findChild(QPushButton, "take_over") is None  # alive, here: not offered
        assert opened.read_only and isinstance(opened.read_only_reason, DatabaseLocked)
        assert store.lock.held()
    finally:
        opened.close()


def test_in_use_quit_opens_nothing(store, db_path, click):
    click("cancel")
    assert startup.open_database(db_path, EN) is None
    assert click.dialogs[0].findChild(QPushButton, "cancel").text() == "Quit"


def test_a_lock_left_by_a_crash_here_is_taken_over(db_path, click):
    open_store(db_path).close()
    holder = _foreign_lock(db_path)
    click("take_over")
    opened = startup.open_database(db_path, EN)
    try:
        dialog = click.dialogs[0]
        assert "was not closed properly" in dialog.text() and f"process {holder.pid}" in dialog.informativeText()
        assert dialog.defaultButton().objectName() == "take_over"
        assert not opened.read_only and opened.lock.held()
        with opened.session() as s:
            s.add(Expert(family_name="Carried on"))
    finally:
        opened.close()
    assert not locking.lock_path(db_path).exists()


def test_a_lock_of_another_computer_is_taken_only_after_a_warning(db_path, click):
    open_store(db_path).close()
    _foreign_lock(db_path, host="secretariat-laptop-2")
    click("take_over", "cancel", "take_over", "take_over")
    opened = startup.open_database(db_path, EN)
    try:
        names = [d.objectName() for d in click.dialogs]
        assert names == ["locked_dialog", "take_over_warning", "locked_dialog", "take_over_warning"]
        assert "It has been open on secretariat-laptop-2 since" in click.dialogs[0].informativeText()
        warning = click.dialogs[1]
        assert warning.text() == "Take the database over from secretariat-laptop-2?"
        assert warning.defaultButton().objectName() == "cancel"
        assert not opened.read_only and opened.lock.held()
    finally:
        opened.close()


def test_the_real_dialog_is_modal_and_answers(store, db_path, qtbot):
    def press() -> None:
        shown = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, startup.LockedDialog) and w.isVisible() and w.isModal()]
        if not shown:
            QTimer.singleShot(20, press)
            return
        shown[0].findChild(QPushButton, "read_only").click()

    QTimer.singleShot(20, press)
    opened = startup.open_database(db_path, EN, at_start=False)
    try:
        assert opened.read_only
    finally:
        opened.close()


# -- newer -----------------------------------------------------------------------------

def _make_newer(store, db_path: Path) -> str:
    with store.session() as s:
        s.add(Expert(family_name="From 2030"))
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num='9999_future'"))
    store.close()
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return _digest(db_path)


def test_a_newer_database_opens_read_only_and_is_not_changed(store, db_path, click):
    before = _make_newer(store, db_path)
    click("read_only")
    opened = startup.open_database(db_path, EN)
    try:
        dialog = click.dialogs[0]
        assert dialog.objectName() == "too_new_dialog"
        assert "made by a newer version of tegdesk" in dialog.text()
        assert "schema 9999_future" in dialog.informativeText()
        assert opened.read_only and isinstance(opened.read_only_reason, DatabaseTooNew)
        with opened.session() as s:
            assert s.exec(select(Expert.family_name)).all() == ["From 2030"]
    finally:
        opened.close()
    assert _digest(db_path) == before


def test_a_newer_database_can_lead_to_another(store, db_path, tmp_path, click, monkeypatch):
    _make_newer(store, db_path)
    other = tmp_path / "other.sqlite3"
    open_store(other).close()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), ""))
    click("open_other")
    opened = startup.open_database(db_path, EN)
    try:
        assert opened.path == other and not opened.read_only
    finally:
        opened.close()


# -- damaged -----------------------------------------------------------------------------

def _damage(db_path: Path) -> bytes:
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    raw = bytearray(db_path.read_bytes())
    raw[4096 * 3: 4096 * 3 + 300] = b"\xff" * 300
    db_path.write_bytes(bytes(raw))
    return bytes(raw)


def test_a_damaged_database_offers_the_newest_good_backup(store, db_path, click, shown):
    with store.session() as s:
        s.add(Expert(family_name="In the backup"))
    older = make_backup(db_path, "manual")
    with store.session() as s:
        s.add(Expert(family_name="Also in the newest backup"))
    newest = make_backup(db_path, "periodic")
    store.close()
    damaged = _damage(db_path)
    assert older != newest

    click("restore")
    opened = startup.open_database(db_path, EN)
    try:
        dialog = click.dialogs[0]
        assert dialog.objectName() == "damaged_dialog" and dialog.windowTitle() == "Database damaged"
        assert dialog.text() == "The database tegdesk.sqlite3 is damaged and cannot be opened."
        detail = dialog.informativeText()
        assert "Nothing has been changed" in detail and str(db_path) in detail
        assert "Automatic, while in use" in detail  # the newest backup's kind
        assert dialog.backup.path == newest
        with opened.session() as s:
            assert sorted(s.exec(select(Expert.family_name)).all()) == ["Also in the newest backup", "In the backup"]
    finally:
        opened.close()
    aside = [p for p in db_path.parent.iterdir() if p.name.startswith("tegdesk.sqlite3.damaged-")
             and not p.name.endswith(("-wal", "-shm"))]  # its write-ahead log goes with it
    assert len(aside) == 1 and aside[0].read_bytes() == damaged  # kept, never written
    assert shown[0][0] == "inform" and shown[0][1] == "Backup restored" and str(aside[0]) in shown[0][3]


def test_a_damaged_backup_is_passed_over_for_an_older_good_one(store, db_path, click, shown):
    good = make_backup(db_path, "manual")
    bad = make_backup(db_path, "periodic")
    raw = bytearray(bad.read_bytes())
    raw[4096 * 2:4096 * 2 + 300] = b"\x00" * 300
    bad.write_bytes(bytes(raw))
    store.close()
    _damage(db_path)
    click("restore")
    opened = startup.open_database(db_path, EN)
    opened.close()
    assert click.dialogs[0].backup.path == good


def test_a_damaged_database_without_a_backup_is_left_alone(store, db_path, click, shown):
    store.close()
    for old in (db_path.parent / "backups").glob("*"):
        old.unlink()
    damaged = _damage(db_path)
    click("cancel")
    assert startup.open_database(db_path, EN) is None
    dialog = click.dialogs[0]
    assert dialog.findChild(QPushButton, "restore") is None
    assert "No good backup of it was found" in dialog.informativeText()
    assert db_path.read_bytes() == damaged and not locking.lock_path(db_path).exists()
    assert shown == []


def test_after_an_unclean_stop_a_damaged_database_is_still_refused_at_open(store, db_path, click, shown):
    store.close()
    damaged = _damage(db_path)
    _foreign_lock(db_path)  # tegdesk stopped on this computer with the database open
    click("take_over", "cancel")
    assert startup.open_database(db_path, EN, defer_check=True) is None
    assert [d.objectName() for d in click.dialogs] == ["locked_dialog", "damaged_dialog"]
    assert db_path.read_bytes() == damaged


def _window_on_damage_found_later(qtbot, store, db_path):
    """A database damaged after a clean stop: it opens, and the check after the window is shown finds it."""
    from tegdesk.ui.app import build_window

    with store.session() as s:
        s.add(Expert(family_name="In the backup"))
    make_backup(db_path, "manual")
    store.close()
    damaged = _damage(db_path)
    opened = startup.open_database(db_path, EN, defer_check=True)
    assert opened is not None and not opened.read_only and opened.integrity_deferred
    window = build_window(opened, "en")
    qtbot.addWidget(window)
    window.show()
    return window, damaged


def test_damage_found_after_the_window_is_shown_makes_it_read_only(qtbot, store, db_path, click, shown):
    window, damaged = _window_on_damage_found_later(qtbot, store, db_path)
    seen_read_only: list[bool] = []
    click("cancel")
    original = startup.ask
    startup.ask = lambda dialog: (seen_read_only.append(window.store.read_only), original(dialog))[1]
    try:
        assert startup.check_in_background(window) is not None
        qtbot.waitUntil(lambda: len(click.dialogs) == 1, timeout=10_000)
    finally:
        startup.ask = original
    assert seen_read_only == [True]  # read-only before the user is asked anything
    dialog = click.dialogs[0]
    assert dialog.objectName() == "damaged_dialog" and dialog.findChild(QPushButton, "restore") is not None
    assert window.store.read_only and window.read_only_label.isVisible()
    assert window.read_only_label.text() == "Read-only: Database damaged"
    from tegdesk.core.errors import DatabaseReadOnly

    with pytest.raises(DatabaseReadOnly), window.store.session() as s:
        s.add(Expert(family_name="Never written"))
    window.store.close()
    assert db_path.read_bytes() == damaged


def test_damage_found_after_the_window_is_shown_offers_the_backup(qtbot, store, db_path, click, shown):
    window, damaged = _window_on_damage_found_later(qtbot, store, db_path)
    first = window.store
    click("restore")
    startup.check_in_background(window)
    qtbot.waitUntil(lambda: window.store is not first, timeout=10_000)
    try:
        assert not window.store.read_only and not window.read_only_label.isVisible()
        with window.store.session() as s:
            assert s.exec(select(Expert.family_name)).all() == ["In the backup"]
        assert shown[0][1] == "Backup restored"
    finally:
        window.store.close()


def test_a_sound_database_checked_later_stays_writable(qtbot, store, db_path, click):
    from tegdesk.ui.app import build_window

    store.close()
    opened = startup.open_database(db_path, EN, defer_check=True)
    window = build_window(opened, "en")
    qtbot.addWidget(window)
    thread = startup.check_in_background(window)
    thread.join(10)
    qtbot.wait(50)
    try:
        assert click.dialogs == [] and not window.store.read_only
    finally:
        window.store.close()


def test_a_file_that_is_no_database_is_simply_refused(tmp_path, shown, click):
    bad = tmp_path / "letter.docx"
    bad.write_bytes(b"PK\x03\x04 not a database" * 100)
    assert startup.open_database(bad, EN) is None
    assert shown[0][:3] == ("fail", "tegdesk", "The database could not be opened.")
    assert bad.read_bytes() == b"PK\x03\x04 not a database" * 100


# -- the window --------------------------------------------------------------------------

def test_the_window_says_read_only_and_why_and_offers_no_changes(qtbot, store, db_path):
    from tegdesk.ui.app import build_window

    ro = open_store(db_path, read_only=True)
    win = build_window(ro, "en")
    qtbot.addWidget(win)
    win.show()
    try:
        holder = store.lock.holder
        assert win.windowTitle() == "tegdesk — tegdesk.sqlite3 (read-only)"
        assert win.read_only_label.isVisible()
        assert win.read_only_label.text() == (
            f"Read-only: in use by {holder.user} on {holder.host} since {startup.when(EN, holder.since)}")
        assert "in use by" in win.read_only_label.toolTip()
        assert not win.backup_action.isEnabled()
        assert not win.restore_action.isEnabled()
        assert win.audit_action.isEnabled()  # looking is fine
        roster = win.page("roster")
        assert roster.read_only and all(p.read_only for p in win.pages)
        for action in roster.editing_actions:
            assert not action.isEnabled(), action.objectName()
        assert roster.export_action.isEnabled()
        win.set_language("zh")
        assert "只读" in win.windowTitle() or "read-only" in win.windowTitle()
    finally:
        ro.close()


def test_a_writable_window_has_no_read_only_marks(window):
    assert not window.read_only_label.isVisible()
    assert window.backup_action.isEnabled()
    assert window.restore_action.isEnabled()
    assert not any(p.read_only for p in window.pages)


def test_file_open_of_a_database_in_use_goes_through_the_same_dialog(window, tmp_path, monkeypatch, click):
    other = tmp_path / "busy.sqlite3"
    holder_store = open_store(other)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), ""))
    click("read_only")
    try:
        window.open_action.trigger()
        assert click.dialogs[0].findChild(QPushButton, "cancel").text() == "Cancel"
        assert window.store.path == other and window.store.read_only
        assert window.windowTitle() == "tegdesk — busy.sqlite3 (read-only)"
        roster = window.page("roster")
        assert not roster.nominate_action.isEnabled()
    finally:
        window.store.close()
        holder_store.close()


def test_file_open_of_the_open_database_changes_nothing(window, store, monkeypatch, click):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(store.path), ""))
    window.open_action.trigger()
    assert window.store is store and not click.dialogs


def test_run_on_a_newer_database_opens_a_read_only_window(store, db_path, click, qapp):
    from tegdesk.ui.app import run
    from tegdesk.ui.main_window import MainWindow

    before = _make_newer(store, db_path)
    seen: list[str] = []

    def close_it() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                seen.append(widget.windowTitle())
                widget.close()
        QApplication.quit()

    click("read_only")
    QTimer.singleShot(50, close_it)
    assert run(db_path, "en") == 0
    assert seen == ["tegdesk — tegdesk.sqlite3 (read-only)"]
    assert _digest(db_path) == before
