"""File › Restore… and the periodic backups of the main window."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from PySide6.QtCore import Qt
from test_roster_support import nominate

from tegdesk.core.store.backup import backups_dir, list_backups, make_backup
from tegdesk.ui import restore
from tegdesk.ui.backup_timer import BackupTimer, needs_backup
from tegdesk.ui.restore import RestoreDialog
from tegdesk.ui.tasks import running_tasks

UTC = dt.timezone.utc


@pytest.fixture
def answers(monkeypatch):
    """The confirmations asked, as (text, detail); the answer is ``answers.value`` (Restore by default)."""

    class Answers(list):
        value = True

    asked = Answers()

    def confirm(parent, tr, text, detail):
        asked.append((text, detail))
        return asked.value

    monkeypatch.setattr(restore, "confirm", confirm)
    return asked


def texts(dialog: RestoreDialog, column: int) -> list[str]:
    return [dialog.table.item(r, column).text() for r in range(dialog.table.rowCount())]


def test_the_dialog_lists_backups_newest_first(window, store, qtbot):
    first = make_backup(store.path, "pre-import")
    second = make_backup(store.path, "manual")
    window.restore_action.trigger()
    dialog = window.findChild(RestoreDialog)
    assert dialog is not None and dialog.isVisible() and dialog.windowTitle() == "Restore a backup"
    assert dialog.table.isVisibleTo(dialog) and not dialog.empty.isVisibleTo(dialog)
    assert [b.path for b in dialog.backups] == [second, first]
    assert texts(dialog, 1) == ["Made on request", "Before an import"]
    assert all(t.endswith(" kB") or t.endswith(" MB") for t in texts(dialog, 2))
    local = list_backups(store.path)[0].taken_at.astimezone()
    assert texts(dialog, 0)[0].endswith(local.strftime("%H:%M")) and str(local.year) in texts(dialog, 0)[0]
    assert dialog.table.item(0, 0).toolTip() == str(second)
    assert dialog.selected().path == second and dialog.restore_button.isEnabled()
    assert str(backups_dir(store.path)) in dialog.folder.text()


def test_the_dialog_in_chinese_and_empty(window, store):
    window.set_language("zh")
    dialog = window.restore_dialog()
    assert dialog.table.rowCount() == 0 and not dialog.restore_button.isEnabled()
    assert not dialog.table.isVisibleTo(dialog) and dialog.empty.isVisibleTo(dialog)
    make_backup(store.path, "manual")
    dialog.reload()
    assert dialog.table.rowCount() == 1 and "年" in texts(dialog, 0)[0]


def test_restoring_brings_the_window_back_to_the_backup(window, store, qtbot, shown, answers):
    nominate(store, "THA", "Srisuk", "Malee")
    roster = window.page("roster")
    roster.reload()
    assert roster.proxy.rowCount() == 1
    good = make_backup(store.path, "manual")
    nominate(store, "JPN", "Sato", "Yui")
    nominate(store, "FJI", "Naivalu", "Jone")
    roster.reload()
    assert roster.proxy.rowCount() == 3

    dialog = window.show_restore()
    assert dialog.selected().path == good
    old_store = window.store
    with qtbot.waitSignal(window.database_changed):
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert len(answers) == 1 and "Replace the database tegdesk.sqlite3 with the backup of" in answers[0][0]
    assert window.store is not old_store and window.store.path == old_store.path
    roster = window.page("roster")
    assert roster.store is window.store and roster.proxy.rowCount() == 1  # the data of the backup
    assert shown[-1][0] == "inform" and shown[-1][1] == "Backup restored"
    safety = [b for b in list_backups(window.store.path) if b.reason == "pre-restore"]
    assert len(safety) == 1 and str(safety[0].path) in shown[-1][3]
    assert not dialog.isVisible()
    # the restore can be undone from the same list: the replaced file holds the three terms
    dialog = window.show_restore()
    row = next(i for i, b in enumerate(dialog.backups) if b.reason == "pre-restore")
    dialog.table.selectRow(row)
    with qtbot.waitSignal(window.database_changed):
        assert dialog.restore_selected()  # started: checked and copied off the interface's thread
    assert window.page("roster").proxy.rowCount() == 3


def test_cancelling_the_confirmation_changes_nothing(window, store, shown, answers):
    make_backup(store.path, "manual")
    nominate(store, "THA", "Srisuk", "Malee")
    before = window.store
    answers.value = False
    dialog = window.show_restore()
    assert not dialog.restore_selected()
    assert window.store is before and dialog.isVisible() and shown == []
    assert [b.reason for b in list_backups(store.path)] == ["manual"]


def test_a_damaged_backup_is_refused_and_the_window_keeps_its_store(window, store, shown, answers, qtbot):
    from tests.core.test_check import corrupt

    with sqlite3.connect(store.path) as con:  # enough pages to damage
        con.executemany("INSERT INTO expert (id, created_at, updated_at, family_name, given_names, areas, notes) "
                        "VALUES (?, '2024-01-01', '2024-01-01', ?, '', '[]', '')",
                        [(f"{i:032x}", f"Expert {i} " * 30) for i in range(200)])
    con.close()
    bad = make_backup(store.path, "manual")
    corrupt(bad)
    before = window.store
    dialog = window.show_restore()
    assert dialog.restore_selected()
    qtbot.waitUntil(lambda: not running_tasks(), timeout=20_000)
    assert window.store is before and shown[-1][0] == "fail"
    assert shown[-1][2] == "This backup cannot be restored." and "damaged" in shown[-1][3]
    assert dialog.isVisible()
    with window.store.session():  # still open and usable
        pass


def test_periodic_backup_runs_in_the_background_and_is_thinned(window, store, qtbot):
    timer: BackupTimer = window.backup_timer
    assert timer.timer.isActive() and timer.timer.interval() == 60_000
    nominate(store, "THA", "Srisuk", "Malee")
    with qtbot.waitSignal(timer.made, timeout=10_000) as made:
        assert timer.check()
    path = made.args[0]
    assert path.name.endswith("-periodic.sqlite3") and path.is_file()
    assert "Automatic backup made" in window.statusBar().currentMessage()
    # a second check right after: not due (under 30 minutes)
    assert not timer.check()
    later = dt.datetime.now(UTC) + dt.timedelta(minutes=31)
    assert not needs_backup(store, later)  # nothing changed since
    nominate(store, "JPN", "Sato", "Yui")
    assert needs_backup(store, later)


def test_periodic_backup_failure_shows_in_the_status_bar(window, store, qtbot, monkeypatch):
    from tegdesk.ui import backup_timer

    def failing(db_path, reason):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup_timer, "make_backup", failing)
    with qtbot.waitSignal(window.backup_timer.failed, timeout=10_000):
        assert window.backup_timer.check()
    assert window.statusBar().currentMessage() == "The automatic backup failed: [Errno 28] No space left on device"
    assert not window.backup_timer.running


def test_no_periodic_backup_of_a_read_only_store(tmp_path, store):
    from tegdesk.core.store import open_store

    store.close()
    reader = open_store(store.path, read_only=True)
    try:
        assert not needs_backup(reader, dt.datetime.now(UTC))
    finally:
        reader.close()
