"""The provisional agenda editor, driven as a clerk would: the usual items, sub-items,
moving by keyboard and by drag and drop (through the model's mime data), texts in
Chinese, documents under an item; numbers always the service's."""

from __future__ import annotations

import datetime as dt
import time

import pytest
import test_meetings_support as support
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication
from sqlmodel import select
from test_meetings_page import type_chinese
from test_meetings_support import select_meeting

from tegdesk.core.models import AgendaItem, AgendaItemDocument, MeetingMode
from tegdesk.core.services.meetings import MeetingData, MeetingService
from tegdesk.ui.meetings import agenda as agenda_module
from tegdesk.ui.meetings.model import AGENDA_MIME

demo_template, db_path, page = support.demo_template, support.db_path, support.page  # fixtures

USUAL = ["1. Opening of the meeting", "(a) Opening statements", "(b) Election of officers",
         "2. Adoption of the agenda", "3. Other matters", "4. Adoption of the report"]


@pytest.fixture
def editor(page, store):
    """The agenda tab of a third meeting, with an empty agenda."""
    outcome = MeetingService(store).save_meeting(MeetingData(
        title="Third meeting", number=3, start_date=dt.date(2027, 5, 18), end_date=dt.date(2027, 5, 19),
        mode=MeetingMode.ONLINE, languages=["en", "zh"]))
    assert outcome.saved, outcome.violations
    page.reload()
    select_meeting(page, "TEG 3")
    page.detail.tabs.setCurrentWidget(page.detail.agenda)
    return page.detail.agenda


def started(editor, qtbot):
    assert editor.start_button.isEnabled() and editor.labels() == []
    qtbot.mouseClick(editor.start_button, Qt.MouseButton.LeftButton)
    return editor


def choose(editor, label: str) -> None:
    assert editor.select(next(n.id for n in editor.model.all_nodes() if label.endswith(n.title))), label
    assert editor.current_node().title in label


def wait_saved(editor) -> None:
    deadline = time.monotonic() + 3
    while editor.save_timer.isActive() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)
    assert not editor.save_timer.isActive()


def items_in_db(store, meeting_number: int = 3) -> list[AgendaItem]:
    svc = MeetingService(store)
    with store.reader() as s:
        return list(s.exec(select(AgendaItem).where(AgendaItem.meeting_id == svc.find(str(meeting_number)).id,
                                                    AgendaItem.deleted_at.is_(None))).all())


def test_start_from_the_usual_items(editor, qtbot, store):
    started(editor, qtbot)
    assert editor.labels() == USUAL
    assert not editor.start_button.isEnabled()  # only on an empty agenda
    assert len(items_in_db(store)) == 6
    assert editor.current_node().title == "Opening of the meeting"
    assert editor.item_heading.text() == "Item 1"
    # the first meeting held an election, so R5 has nothing to say; the list reads it again
    assert "R5" not in " ".join(support.list_column(editor.window().page("meetings"), 5))


def test_add_an_item_and_a_sub_item(editor, qtbot, store):
    started(editor, qtbot)
    choose(editor, "2. Adoption of the agenda")
    qtbot.mouseClick(editor.add_sub_button, Qt.MouseButton.LeftButton)
    assert editor.labels()[4] == "(a) New item"
    assert editor.title.hasFocus() or editor.title.selectedText() == "New item"
    editor.title.selectAll()
    qtbot.keyClicks(editor.title, "Adoption of the provisional agenda")
    wait_saved(editor)
    assert editor.labels()[4] == "(a) Adoption of the provisional agenda"
    assert "Adoption of the provisional agenda" in {i.title for i in items_in_db(store)}

    choose(editor, "3. Other matters")
    editor.add_item()  # after the selected item
    assert editor.labels()[5:] == ["3. Other matters", "4. New item", "5. Adoption of the report"]


def test_an_empty_title_is_refused_inline_and_kept(editor, qtbot, store):
    started(editor, qtbot)
    choose(editor, "3. Other matters")
    editor.title.selectAll()
    qtbot.keyClick(editor.title, Qt.Key.Key_Delete)
    wait_saved(editor)
    assert not editor.title_error.isHidden()
    assert editor.title_error.text() == "Enter the title of the agenda item."
    assert "Other matters" in {i.title for i in items_in_db(store)}
    assert editor.labels()[4] == "3. Other matters"
    qtbot.keyClicks(editor.title, "Any other business")
    wait_saved(editor)
    assert editor.title_error.isHidden()
    assert editor.labels()[4] == "3. Any other business"


def test_keyboard_moves_renumber(editor, qtbot, store, monkeypatch):
    started(editor, qtbot)
    choose(editor, "4. Adoption of the report")
    qtbot.keyClick(editor.tree, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert editor.labels()[3:] == ["2. Adoption of the agenda", "3. Adoption of the report", "4. Other matters"]
    assert editor.current_node().title == "Adoption of the report"  # still selected, ready for the next key
    qtbot.keyClick(editor.tree, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert editor.labels() == USUAL

    # Alt+Right: a sub-item of the item above; Alt+Left: an item again
    choose(editor, "2. Adoption of the agenda")
    qtbot.keyClick(editor.tree, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert editor.labels()[:5] == ["1. Opening of the meeting", "(a) Opening statements", "(b) Election of officers",
                                   "(c) Adoption of the agenda", "2. Other matters"]
    qtbot.keyClick(editor.tree, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert editor.labels() == USUAL

    # a refusal is shown, nothing moves
    choose(editor, "1. Opening of the meeting")
    qtbot.keyClick(editor.tree, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert not editor.message.isHidden()
    assert "Item 1 is already the first at its level." in editor.message.text()
    assert editor.labels() == USUAL

    # Delete asks first; No keeps the item
    asked = []
    monkeypatch.setattr(agenda_module, "confirm", lambda *args: asked.append(args[2]) or False)
    choose(editor, "3. Other matters")
    qtbot.keyClick(editor.tree, Qt.Key.Key_Delete)
    assert asked == ["Remove item 3, “Other matters”, from the agenda?"]
    assert editor.labels() == USUAL
    monkeypatch.setattr(agenda_module, "confirm", lambda *args: True)
    qtbot.keyClick(editor.tree, Qt.Key.Key_Delete)
    assert editor.labels() == USUAL[:4] + ["3. Adoption of the report"]
    assert len(items_in_db(store)) == 5


def drop(model, label: str, row: int, parent: QModelIndex) -> bool:
    node = next(n for n in model.all_nodes() if label.endswith(n.title))
    data = model.mimeData([model.index_of(node.id)])
    assert data.hasFormat(AGENDA_MIME)
    if not model.canDropMimeData(data, Qt.DropAction.MoveAction, row, 0, parent):
        return False
    return model.dropMimeData(data, Qt.DropAction.MoveAction, row, 0, parent)


def test_drag_and_drop_renumbers(editor, qtbot, store):
    started(editor, qtbot)
    model = editor.model
    # "Other matters" dropped between items 1 and 2
    assert drop(model, "Other matters", 1, QModelIndex())
    assert editor.labels() == [USUAL[0], USUAL[1], USUAL[2], "2. Other matters", "3. Adoption of the agenda",
                               "4. Adoption of the report"]
    assert editor.current_node().title == "Other matters"
    # dropped onto item 1: its last sub-item
    opening = model.index_of(model.roots[0].id)
    assert drop(model, "Other matters", -1, opening)
    assert editor.labels()[:4] == [USUAL[0], USUAL[1], USUAL[2], "(c) Other matters"]
    # a sub-item dragged to the end of the top level
    assert drop(model, "Other matters", model.rowCount(), QModelIndex())
    assert editor.labels()[-1] == "4. Other matters"
    # an item with sub-items cannot become a sub-item (two levels only)
    assert not drop(model, "Opening of the meeting", 0, model.index_of(model.roots[1].id))
    assert [i.parent_id for i in items_in_db(store) if i.title == "Opening of the meeting"] == [None]


def test_text_in_chinese(editor, qtbot, store):
    started(editor, qtbot)
    editor.set_text_language("zh")  # the usual items come in the meeting's languages
    assert editor.missing_label.text() == "Every item has a title in Chinese."
    assert editor.model.index_of(editor.model.roots[0].id).data() == "1. 会议开幕"
    editor.set_text_language("en")
    choose(editor, "2. Adoption of the agenda")
    editor.add_item()
    editor.title.selectAll()
    qtbot.keyClicks(editor.title, "Regional cooperation on air quality")
    editor.set_text_language("zh")  # saves the English title first
    assert [n.title for n in editor.model.missing_translation("zh")] == ["Regional cooperation on air quality"]
    missing, total = 1, 7
    assert not editor.missing_label.isHidden()
    assert editor.missing_label.text().startswith(f"{missing} of {total} item has no text in Chinese yet")
    node = editor.model.missing_translation("zh")[0]
    editor.select(node.id)
    assert editor.title.text() == "" and editor.title_reference.text() == f"English: {node.title}"
    index = editor.model.index_of(node.id)
    assert index.data(Qt.ItemDataRole.FontRole).italic()  # shown in grey italics with its English title
    type_chinese(editor.title, "空气质量区域合作")
    wait_saved(editor)
    saved = next(i for i in items_in_db(store) if i.id == node.id)
    assert saved.translations["zh"]["title"] == "空气质量区域合作"
    assert saved.title == node.title  # the English text is untouched
    assert editor.model.index_of(node.id).data() == "3. 空气质量区域合作"
    assert len(editor.model.missing_translation("zh")) == missing - 1


def test_attach_and_detach_a_document(page, qtbot, store):
    select_meeting(page, "TEG 2")
    editor = page.detail.agenda
    page.detail.tabs.setCurrentWidget(editor)
    choose(editor, "3. Review of the work of the Expert Group since its first meeting")
    assert editor.item_documents.count() == 0
    symbols = [editor.attach_choice.itemText(i).split(" — ")[0] for i in range(editor.attach_choice.count())]
    assert "ESCAP/CED/TEG/2027/1" in symbols
    editor.attach_choice.setCurrentIndex(symbols.index("ESCAP/CED/TEG/2027/1"))
    qtbot.mouseClick(editor.attach_button, Qt.MouseButton.LeftButton)
    assert editor.item_documents.item(0).text().startswith("ESCAP/CED/TEG/2027/1 — Capacity-building")
    node = editor.current_node()
    assert editor.model.index_of(node.id, 1).data() == "ESCAP/CED/TEG/2027/1"
    with store.reader() as s:
        assert s.exec(select(AgendaItemDocument).where(AgendaItemDocument.agenda_item_id == node.id)).first()
    # the register shows the items each document is before
    register = page.detail.documents
    row = register.column(0).index("ESCAP/CED/TEG/2027/1")
    assert register.column(5)[row] == "3, 4"
    editor.item_documents.setCurrentRow(0)
    qtbot.mouseClick(editor.detach_button, Qt.MouseButton.LeftButton)
    assert editor.item_documents.count() == 0
    assert register.column(5)[row] == "4"


def test_a_drop_on_the_tree_view_moves_the_item(editor, qtbot):
    """The view turns a drop position into the model's row and parent; the model asks the service."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QDropEvent

    started(editor, qtbot)
    editor.window().resize(1200, 800)
    tree, model = editor.tree, editor.model
    moved = next(n for n in model.all_nodes() if n.title == "Adoption of the report")
    data = model.mimeData([model.index_of(moved.id)])
    target = tree.visualRect(model.index_of(model.roots[0].id))  # the upper edge of item 1
    point = QPointF(target.center().x(), target.top() + 1)
    event = QDropEvent(point, Qt.DropAction.MoveAction, data, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    event.setDropAction(Qt.DropAction.MoveAction)  # as the platform's drag would (offscreen has none)
    tree.dropEvent(event)  # QApplication delivers synthetic drops only during a platform drag
    assert editor.labels()[0] == "1. Adoption of the report"
    assert editor.labels()[1] == "2. Opening of the meeting"


def test_typed_text_is_saved_when_another_tab_is_shown(editor, qtbot, store):
    started(editor, qtbot)
    choose(editor, "3. Other matters")
    editor.annotation.selectAll()
    qtbot.keyClicks(editor.annotation, "Any other business.")
    assert editor.save_timer.isActive()
    editor.window().page("meetings").detail.tabs.setCurrentIndex(0)  # Details
    assert not editor.save_timer.isActive()
    assert "Any other business." in {i.annotation for i in items_in_db(store)}
