"""Typed input is never lost: closing a form with changes asks Save / Discard / Cancel,
and a save that is refused (a rule, a full disk) keeps the form as it was."""

from __future__ import annotations

import contextlib
import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton
from sqlalchemy import event
from sqlmodel import select
from test_roster_support import nominate

from tegdesk.core.models import Expert, Term
from tegdesk.ui import messages


@pytest.fixture
def page(window):
    return window.page("roster")


def terms(store) -> list[Term]:
    with store.reader() as s:
        return list(s.exec(select(Term)).all())


def question(dialog) -> QMessageBox:
    box = dialog.unsaved_question
    assert isinstance(box, QMessageBox) and box.isVisible(), "no unsaved-changes question"
    return box


def answer(qtbot, dialog, choice: str) -> None:
    box = question(dialog)
    assert box.text() == "Save the changes you made?"
    qtbot.mouseClick(box.findChild(QPushButton, choice), Qt.MouseButton.LeftButton)
    assert dialog.unsaved_question is None


def typed_nomination(qtbot, page, settle, family: str = "Chaiyo"):
    dialog = page.nominate()
    dialog.member.lineEdit().clear()
    qtbot.keyClicks(dialog.member.lineEdit(), "Thailand")
    qtbot.keyClicks(dialog.expert.family_name, family)
    qtbot.keyClicks(dialog.expert.given_names, "Somchai")
    settle(dialog)
    return dialog


def test_an_untouched_form_closes_without_asking(page):
    dialog = page.nominate()
    assert not dialog.has_unsaved_changes()
    dialog.reject()
    assert not dialog.isVisible() and dialog.unsaved_question is None


def test_text_typed_then_removed_is_no_change(page, qtbot):
    dialog = page.nominate()
    qtbot.keyClicks(dialog.expert.family_name, "Chaiyo")
    assert dialog.has_unsaved_changes()
    dialog.expert.family_name.clear()
    assert not dialog.has_unsaved_changes()


def test_cancel_keeps_editing_with_everything_typed(page, store, qtbot, settle):
    dialog = typed_nomination(qtbot, page, settle)
    before = dialog.form_state()
    dialog.reject()  # the Cancel button
    assert dialog.isVisible()  # not closed while asking
    answer(qtbot, dialog, "cancel")
    assert dialog.isVisible() and dialog.form_state() == before
    assert dialog.expert.family_name.text() == "Chaiyo"
    assert terms(store) == []


def test_escape_and_the_close_button_ask_too(page, qtbot, settle):
    dialog = typed_nomination(qtbot, page, settle)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    question(dialog)
    answer(qtbot, dialog, "cancel")
    dialog.close()  # the window's close button
    assert dialog.isVisible()
    answer(qtbot, dialog, "cancel")
    assert dialog.isVisible()


def test_discard_closes_and_saves_nothing(page, store, qtbot, settle):
    dialog = typed_nomination(qtbot, page, settle)
    dialog.reject()
    answer(qtbot, dialog, "discard")
    assert not dialog.isVisible() and dialog.result() == dialog.DialogCode.Rejected
    assert terms(store) == []


def test_save_from_the_question_saves(page, store, qtbot, settle):
    dialog = typed_nomination(qtbot, page, settle)
    dialog.reject()
    answer(qtbot, dialog, "save")
    assert not dialog.isVisible() and dialog.result() == dialog.DialogCode.Accepted
    saved = terms(store)
    assert len(saved) == 1
    with store.reader() as s:
        assert s.get(Expert, saved[0].expert_id).family_name == "Chaiyo"


def test_a_save_the_rules_refuse_keeps_the_form_as_it_was(page, store, qtbot, settle):
    nominate(store, "THA", "Srisuk", "Malee")
    nominate(store, "THA", "Tanaka", "Ken")
    page.reload()
    dialog = typed_nomination(qtbot, page, settle)  # a third expert for Thailand: R1
    before = dialog.form_state()
    dialog.reject()
    answer(qtbot, dialog, "save")
    assert dialog.isVisible()
    assert "Thailand may have at most 2 experts" in dialog.errors_label.text()
    assert dialog.form_state() == before and dialog.has_unsaved_changes()
    assert len(terms(store)) == 2


@contextlib.contextmanager
def full_disk(store):
    """SQLite may not grow the file (``max_page_count``): writes fail with SQLITE_FULL."""

    def limit(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
        dbapi_conn.execute(f"PRAGMA max_page_count={pages}")

    store.engine.dispose()
    event.listen(store.engine, "connect", limit)
    try:
        yield
    finally:
        event.remove(store.engine, "connect", limit)
        store.engine.dispose()


def test_a_save_on_a_full_disk_says_so_and_keeps_the_form(page, store, qtbot, settle, monkeypatch):
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(messages, "fail", lambda _parent, title, text, detail=None: shown.append((title, text)))
    dialog = page.nominate()
    dialog.member.lineEdit().clear()
    qtbot.keyClicks(dialog.member.lineEdit(), "Thailand")
    qtbot.keyClicks(dialog.expert.family_name, "Chaiyo")
    dialog.expert.organization.setText("Pollution Control Department " * 200)  # more than a page's free room
    settle(dialog)
    before = dialog.form_state()
    with full_disk(store):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert shown and shown[0][0] == "Not saved"
    assert shown[0][1].startswith("The disk is full: nothing was saved, and the database is unchanged.")
    assert dialog.isVisible() and dialog.form_state() == before
    assert terms(store) == []
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # space is back
    assert not dialog.isVisible() and len(terms(store)) == 1


def test_quitting_with_a_form_open_asks_first(window, page, qtbot, settle):
    dialog = typed_nomination(qtbot, page, settle)
    window.close()
    assert window.isVisible() and dialog.isVisible()
    answer(qtbot, dialog, "discard")
    assert not dialog.isVisible()
    window.close()
    assert not window.isVisible()


def test_the_question_speaks_the_interface_language(window, page, qtbot, settle):
    window.set_language("zh")
    dialog = typed_nomination(qtbot, page, settle)
    dialog.reject()
    box = question(dialog)
    assert (box.findChild(QPushButton, "save").text(), box.findChild(QPushButton, "cancel").text()) == ("保存", "取消")
    qtbot.mouseClick(box.findChild(QPushButton, "cancel"), Qt.MouseButton.LeftButton)
