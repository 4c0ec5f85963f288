"""The document register of a meeting: symbols proposed by the service and editable,
revisions, and the record of distribution to every member and associate member (R8)."""

from __future__ import annotations

import pytest
import test_meetings_support as support
from PySide6.QtCore import Qt
from sqlmodel import select
from test_meetings_support import select_meeting

from tegdesk.core.models import Document, DocumentDistribution
from tegdesk.ui.meetings import documents as documents_module
from tegdesk.ui.meetings.documents import DISTRIBUTION, SYMBOL, TITLE

demo_template, db_path, page = support.demo_template, support.db_path, support.page  # fixtures


@pytest.fixture
def register(page):
    select_meeting(page, "TEG 2")
    page.detail.tabs.setCurrentWidget(page.detail.documents)
    return page.detail.documents


def choose(register, symbol: str) -> None:
    assert register.select(next(d.id for d in register.rows if d.symbol == symbol)), symbol


def document(store, symbol: str) -> Document:
    with store.reader() as s:
        return s.exec(select(Document).where(Document.symbol == symbol)).one()


def test_register_lists_the_meetings_documents(register):
    assert register.column(SYMBOL) == ["ESCAP/CED/TEG/2027/1", "ESCAP/CED/TEG/2027/L.1"]
    assert register.column(TITLE)[1] == "Provisional agenda"
    assert register.column(DISTRIBUTION) == ["0 of 62 members", "0 of 62 members"]
    assert not register.distribute_button.isEnabled()  # nothing chosen yet
    assert register.pending_label.text() == "Choose a document to see who has not received it yet."


def test_add_a_document_with_the_proposed_symbol(register, store, qtbot, settle):
    dialog = register.add_document()
    assert dialog.windowTitle() == "Add a document"
    assert dialog.symbol.text() == "ESCAP/CED/TEG/2027/2"  # the next regular number
    dialog.series.setCurrentIndex(dialog.series.findData("L."))
    assert dialog.symbol.text() == "ESCAP/CED/TEG/2027/L.2"
    assert dialog.distribution.currentData() == "limited"
    qtbot.keyClicks(dialog.title, "Draft work plan of the Expert Group")
    settle(dialog)
    assert dialog.save_button.isEnabled(), dialog.errors_label.text()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert "ESCAP/CED/TEG/2027/L.2" in register.column(SYMBOL)
    assert register.selected().symbol == "ESCAP/CED/TEG/2027/L.2"
    assert document(store, "ESCAP/CED/TEG/2027/L.2").distribution == "limited"


def test_a_symbol_typed_by_hand_is_checked_inline(register, store, qtbot, settle):
    dialog = register.add_document()
    qtbot.keyClicks(dialog.title, "Background note")
    dialog.symbol.selectAll()
    qtbot.keyClicks(dialog.symbol, "ESCAP/CED/TEG/2027/L.1")  # taken
    settle(dialog)
    assert "The symbol ESCAP/CED/TEG/2027/L.1 is already used" in dialog.errors_label.text()
    assert dialog.highlighted_fields() == ["symbol"] and not dialog.save_button.isEnabled()
    dialog.series.setCurrentIndex(dialog.series.findData("INF/"))  # a typed symbol is not replaced
    assert dialog.symbol.text() == "ESCAP/CED/TEG/2027/L.1"
    dialog.symbol.selectAll()
    qtbot.keyClicks(dialog.symbol, "TEG/9")
    settle(dialog)
    assert "does not follow the scheme of this body, e.g. ESCAP/CED/TEG/2024/1" in dialog.errors_label.text()
    qtbot.mouseClick(dialog.propose_button, Qt.MouseButton.LeftButton)
    assert dialog.symbol.text() == "ESCAP/CED/TEG/2027/INF/1"
    settle(dialog)
    assert dialog.errors_label.isHidden() and dialog.save_button.isEnabled()
    assert dialog.title.text() == "Background note"  # nothing typed was lost


def test_a_revision_of_the_agenda(register, store, qtbot, settle):
    choose(register, "ESCAP/CED/TEG/2027/L.1")
    dialog = register.add_revision()
    assert dialog.symbol.text() == "ESCAP/CED/TEG/2027/L.1/Rev.1"
    dialog.revision_kind.setCurrentIndex(dialog.revision_kind.findData("Corr"))
    assert dialog.symbol.text() == "ESCAP/CED/TEG/2027/L.1/Corr.1"
    assert dialog.title.text() == "Provisional agenda"
    settle(dialog)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible(), dialog.errors_label.text()
    assert document(store, "ESCAP/CED/TEG/2027/L.1/Corr.1").revision_kind == "Corr"


def test_record_distribution_to_every_member(register, store, qtbot):
    choose(register, "ESCAP/CED/TEG/2027/L.1")
    assert register.pending_label.text() == ("ESCAP/CED/TEG/2027/L.1 has not been sent yet to 62 members and "
                                             "associate members:")
    assert register.pending.count() == 62
    dialog = register.record_distribution()
    assert dialog.to_all.text() == "every member and associate member not sent it yet (62)"
    assert "would be recorded as sent to 62 members and associate members" in dialog.preview.text()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    row = register.column(SYMBOL).index("ESCAP/CED/TEG/2027/L.1")
    assert register.column(DISTRIBUTION)[row] == "62 of 62 members"
    assert register.pending_label.text() == "ESCAP/CED/TEG/2027/L.1 was sent to all 62 members and associate members."
    assert not register.distribute_button.isEnabled()  # nobody left
    with store.reader() as s:
        rows = s.exec(select(DocumentDistribution).where(
            DocumentDistribution.document_id == document(store, "ESCAP/CED/TEG/2027/L.1").id)).all()
    assert len(rows) == 62 and {r.channel for r in rows} == {"email"}


def test_record_distribution_to_some_shows_who_is_left(register, store, qtbot, settle):
    choose(register, "ESCAP/CED/TEG/2027/1")
    dialog = register.record_distribution()
    dialog.to_some.setChecked(True)
    settle(dialog)
    assert not dialog.save_button.isEnabled()  # nobody ticked
    names = [dialog.members.item(i).text() for i in range(dialog.members.count())]
    for name in ("Thailand", "Macao, China (associate member)"):
        dialog.members.item(names.index(name)).setCheckState(Qt.CheckState.Checked)
    dialog.channel.setCurrentIndex(dialog.channel.findData("post"))
    settle(dialog)
    assert "would be recorded as sent to 2 members and associate members" in dialog.preview.text()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    row = register.column(SYMBOL).index("ESCAP/CED/TEG/2027/1")
    assert register.column(DISTRIBUTION)[row] == "2 of 62 members"
    pending = [register.pending.item(i).text() for i in range(register.pending.count())]
    assert len(pending) == 60 and "Thailand" not in pending and "Japan" in pending


def test_remove_asks_first(register, store, monkeypatch):
    choose(register, "ESCAP/CED/TEG/2027/1")
    monkeypatch.setattr(documents_module, "confirm", lambda *args: False)
    assert not register.remove_document()
    monkeypatch.setattr(documents_module, "confirm", lambda *args: True)
    assert register.remove_document()
    assert register.column(SYMBOL) == ["ESCAP/CED/TEG/2027/L.1"]
