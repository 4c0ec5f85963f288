"""The audit trail window: reached from the File menu, filtered, loaded as the user
scrolls, exported, and impossible to edit."""

from __future__ import annotations

import csv

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView

from tegdesk.core.models import Expert
from tegdesk.core.services.audit_log import PAGE_SIZE
from tegdesk.ui import messages
from tegdesk.ui.audit import CHANGES, RECORD, TABLE, AuditTrailDialog


def add_experts(store, *names: str) -> None:
    with store.session() as s:
        s.add_all(Expert(family_name=n) for n in names)


def open_trail(window, qtbot) -> AuditTrailDialog:
    action = window.audit_action
    assert action.text() == "Audit &trail…" and action in window.file_menu.actions()
    action.trigger()
    dialog = window.findChild(AuditTrailDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitExposed(dialog)
    return dialog


def column(dialog, col: int) -> list[str]:
    model = dialog.model
    return [model.index(r, col).data() for r in range(model.rowCount())]


def choose(combo, data) -> None:
    combo.setCurrentIndex(combo.findData(data))


def test_the_file_menu_opens_the_trail_newest_first(window, store, qtbot):
    add_experts(store, "Srisuk")
    with store.session() as s:
        expert = s.exec(Expert.__table__.select()).first()
        s.get(Expert, expert.id).organization = "ESCAP"
    dialog = open_trail(window, qtbot)
    assert dialog.windowTitle() == "Audit trail"
    assert dialog.model.index(0, CHANGES).data() == "organization: — → ESCAP"
    assert dialog.model.index(0, RECORD).data() == "Srisuk"
    assert dialog.count_label.text().endswith("entries shown")


def test_nothing_can_be_edited(window, store, qtbot):
    add_experts(store, "Srisuk")
    dialog = open_trail(window, qtbot)
    model = dialog.model
    index = model.index(0, CHANGES)
    before = index.data()
    assert not model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(index, "forged", Qt.ItemDataRole.EditRole) is False
    assert dialog.view.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    dialog.view.setCurrentIndex(index)
    qtbot.keyClick(dialog.view, Qt.Key.Key_F2)
    qtbot.keyClicks(dialog.view, "forged")
    qtbot.keyClick(dialog.view, Qt.Key.Key_Return)
    assert index.data() == before
    dialog.refresh()
    assert dialog.model.index(0, CHANGES).data() == before


def test_rows_load_a_page_at_a_time_as_the_user_scrolls(window, store, qtbot):
    add_experts(store, *(f"Expert{i:03d}" for i in range(PAGE_SIZE * 2 + 10)))
    dialog = open_trail(window, qtbot)
    choose(dialog.table_filter, "expert")
    model = dialog.model
    assert model.rowCount() == PAGE_SIZE and model.total == PAGE_SIZE * 2 + 10
    assert model.canFetchMore(QModelIndex())
    dialog.view.scrollToBottom()  # the view asks for more
    qtbot.waitUntil(lambda: model.rowCount() > PAGE_SIZE)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == PAGE_SIZE * 2 + 10
    assert len({model.entries[i].id for i in range(model.rowCount())}) == model.rowCount()
    assert dialog.count_label.text() == f"{PAGE_SIZE * 2 + 10} of {PAGE_SIZE * 2 + 10} entries shown"


def test_filters_narrow_the_rows(window, store, qtbot):
    add_experts(store, "王", "Иванов", "Fifita")
    dialog = open_trail(window, qtbot)
    everything = dialog.model.total
    choose(dialog.table_filter, "expert")
    assert set(column(dialog, TABLE)) == {"Experts"} and dialog.model.total == 3
    dialog.search.setText("Иванов")  # as an input method commits it (QTest types Latin-1 only)
    assert dialog.timer.isActive()  # filtered once the user pauses
    qtbot.waitUntil(lambda: dialog.model.total == 1)
    assert column(dialog, RECORD) == ["Иванов"]
    dialog.search.clear()
    choose(dialog.table_filter, None)
    dialog.apply_filters()
    assert dialog.model.total == everything
    user = dialog.model.entries[0].user
    choose(dialog.user_filter, user)
    assert dialog.model.total == everything
    dialog.until.set_value(dialog.since.edit.date_value().replace(year=2000))
    assert dialog.model.total == 0


def test_refresh_shows_what_was_written_since(window, store, qtbot):
    dialog = open_trail(window, qtbot)
    before = dialog.model.total
    add_experts(store, "Later")
    assert dialog.model.total == before
    qtbot.mouseClick(dialog.refresh_button, Qt.MouseButton.LeftButton)
    assert dialog.model.total == before + 1 and dialog.model.index(0, RECORD).data() == "Later"


def test_export_writes_the_filtered_trail(window, store, qtbot, tmp_path, monkeypatch):
    told: list[str] = []
    monkeypatch.setattr(messages, "inform", lambda _parent, _title, text, detail=None: told.append(text))
    add_experts(store, "Srisuk", "Tanaka")
    dialog = open_trail(window, qtbot)
    choose(dialog.table_filter, "expert")
    out = dialog.export(tmp_path / "trail.csv")
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert [r[4] for r in rows] == ["Record", "Tanaka", "Srisuk"]
    assert rows[1][7] == "family_name: Tanaka"  # a record added: only the fields it has
    assert told == [f"2 entries were written to {out}."]


def test_a_failed_export_says_so(window, qtbot, tmp_path, monkeypatch):
    failed: list[str] = []
    monkeypatch.setattr(messages, "fail", lambda _parent, title, _text, detail=None: failed.append(title))
    dialog = open_trail(window, qtbot)
    assert dialog.export(tmp_path / "missing-folder" / "trail.csv") is None
    assert failed == ["Audit trail not exported"]
