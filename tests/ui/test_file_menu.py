"""File menu: backup, open and new database; errors shown as messages, not tracebacks."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from tegdesk.core.store.backup import backups_dir
from tegdesk.ui.tasks import running_tasks


def test_backup_now_writes_a_backup_and_says_where(window, store, shown, qtbot):
    window.backup_action.trigger()
    qtbot.waitUntil(lambda: not running_tasks(), timeout=20_000)  # copied off the interface's thread
    copies = list(backups_dir(store.path).glob("*-manual.sqlite3"))
    assert len(copies) == 1
    assert shown == [("inform", "Backup made", f"The database was copied to {copies[0]}.", None)]


def test_backup_message_is_translated(window, store, shown, qtbot):
    window.set_language("zh")
    window.backup_now()
    qtbot.waitUntil(lambda: not running_tasks(), timeout=20_000)
    [copy] = backups_dir(store.path).glob("*-manual.sqlite3")
    assert shown[-1][1:3] == ("备份完成", f"数据库已备份至 {copy}。")


def test_open_database_switches_store_and_rebuilds_pages(window, tmp_path, monkeypatch, shown):
    other = tmp_path / "other" / "second.sqlite3"
    other.parent.mkdir()
    from tegdesk.core.store import open_store

    open_store(other).close()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), ""))
    old_pages = list(window.pages)
    window.open_action.trigger()
    assert window.store.path == other
    assert window.windowTitle() == "tegdesk — second.sqlite3"
    assert window.status_label.text() == f"Database: {other}"
    assert window.pages[0] is not old_pages[0] and window.stack.count() == 5
    assert shown == []


def test_open_damaged_file_shows_a_message_and_keeps_the_store(window, store, tmp_path, monkeypatch, shown):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"this is not a database" * 100)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    window.open_action.trigger()
    assert window.store is store
    assert [(k, text) for k, _, text, _ in shown] == [("fail", "The database could not be opened.")]
    assert str(bad) in (shown[0][3] or "")


def test_new_database_creates_it(window, tmp_path, monkeypatch, shown):
    target = tmp_path / "fresh"  # no suffix: .sqlite3 is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.new_action.trigger()
    assert window.store.path == target.with_suffix(".sqlite3")
    assert window.store.path.stat().st_size > 0
    assert shown == []


def test_new_database_refuses_an_existing_file(window, store, monkeypatch, shown):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(store.path), ""))
    window.new_action.trigger()
    assert window.store is store
    assert shown and shown[0][0] == "warn" and str(store.path) in shown[0][2]


def test_cancelled_dialogs_change_nothing(window, store, monkeypatch, shown):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    window.open_action.trigger()
    window.new_action.trigger()
    assert window.store is store and shown == []


def test_run_refuses_a_damaged_database_with_a_message(tmp_path: Path, qapp, shown):
    from tegdesk.ui.app import run

    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"garbage" * 500)
    assert run(bad, "zh") == 1
    assert shown[0][0] == "fail" and shown[0][2] == "无法打开数据库。"


def test_run_opens_the_window_and_returns_when_it_closes(tmp_path: Path, qapp, shown):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from tegdesk.ui.app import run
    from tegdesk.ui.main_window import MainWindow

    seen: list[str] = []

    def close_it():
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                seen.append(widget.windowTitle())
                widget.close()
        QApplication.quit()

    QTimer.singleShot(50, close_it)
    assert run(tmp_path / "new.sqlite3", "en") == 0
    assert seen == ["tegdesk — new.sqlite3"]
    assert (tmp_path / "new.sqlite3").stat().st_size > 0
    assert shown == []
