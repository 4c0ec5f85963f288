"""The Notices tab: the wording of the note verbale and the letter to experts,
per language, edited with placeholders inserted by click, checked as typed,
saved, reset to the default wording, previewed."""

from __future__ import annotations

import meeting_demo
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from tegdesk.core.documents import notice_templates as notices
from tegdesk.core.i18n import translator
from tegdesk.core.services.meetings import MeetingService
from tegdesk.ui import messages
from tegdesk.ui.meetings.notices import NoticesTab
from tegdesk.ui.roster import participants as shared
from tegdesk.ui.tasks import running_tasks

demo_template, demo_store = meeting_demo.demo_template, meeting_demo.demo_store  # fixtures


@pytest.fixture
def tab(qtbot, demo_store):
    widget = NoticesTab(demo_store, translator("en"))
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def saved(store, audience: str, lang: str) -> str:
    return notices.template_for(store, MeetingService(store).body_id, audience, lang)


def placeholder_item(tab, name: str):
    return next(tab.placeholders.item(i) for i in range(tab.placeholders.count())
                if tab.placeholders.item(i).data(Qt.ItemDataRole.UserRole) == name)


def click(qtbot, tab, item) -> None:
    rect = tab.placeholders.visualItemRect(item)
    qtbot.mouseClick(tab.placeholders.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_shows_the_note_verbale_in_english_with_its_placeholders(tab, demo_store):
    assert tab.current() == ("governments", "en")
    assert tab.audience.currentText() == "Note verbale to Governments"
    assert tab.text() == saved(demo_store, "governments", "en")
    assert "presents its compliments" in tab.text()
    names = [tab.placeholders.item(i).data(Qt.ItemDataRole.UserRole) for i in range(tab.placeholders.count())]
    assert names == list(notices.PLACEHOLDERS)
    assert placeholder_item(tab, "dates").text().startswith("{dates}\nthe dates of the meeting")
    assert not tab.save_button.isEnabled() and tab.state_label.text() == ""
    assert not tab.preview_button.isEnabled()  # no meeting chosen yet


def test_a_placeholder_is_inserted_where_the_cursor_is(tab, qtbot):
    tab.editor.setPlainText("Dear colleague,\n\nThe meeting is  here.")
    cursor = tab.editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    cursor.movePosition(QTextCursor.MoveOperation.Left, n=len(" here."))
    tab.editor.setTextCursor(cursor)
    click(qtbot, tab, placeholder_item(tab, "dates"))
    assert tab.text() == "Dear colleague,\n\nThe meeting is {dates} here."
    assert tab.is_modified() and tab.state_label.text() == "Unsaved changes"


def test_unknown_placeholder_is_refused_and_the_text_kept(tab, demo_store, qtbot):
    before = saved(demo_store, "governments", "en")
    tab.editor.selectAll()
    qtbot.keyClicks(tab.editor, "The meeting will be held {venu} on {dates}.")
    qtbot.waitUntil(lambda: not tab.timer.isActive())
    assert tab.error_label.isVisible()
    assert tab.error_label.text().startswith("The notice template uses {venu}, which is not a placeholder; use one of:")
    assert not tab.save_button.isEnabled()

    assert tab.save() is False  # asked anyway (e.g. from a shortcut): refused, nothing written
    assert tab.text() == "The meeting will be held {venu} on {dates}."
    assert saved(demo_store, "governments", "en") == before

    cursor = tab.editor.document().find("{venu}")
    tab.editor.setTextCursor(cursor)
    qtbot.keyClicks(tab.editor, "{venue}")
    tab.check()
    assert tab.error_label.isHidden() and tab.save_button.isEnabled()
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert saved(demo_store, "governments", "en") == "The meeting will be held {venue} on {dates}."
    assert not tab.is_modified() and not tab.save_button.isEnabled()


def test_unmatched_brace_is_refused(tab, qtbot):
    tab.editor.setPlainText("Registration closes on {registration_deadline.")
    assert "unmatched brace" in tab.check()
    assert not tab.save_button.isEnabled()


def test_reset_restores_the_default_wording(tab, demo_store, qtbot, monkeypatch):
    tab.editor.setPlainText("Our own wording on {dates}.")
    assert tab.save()
    asked = []
    monkeypatch.setattr(shared, "confirm", lambda parent, title, text, yes, no: asked.append(text) or False)
    assert tab.reset_to_default() is False
    assert asked and tab.text() == "Our own wording on {dates}."
    monkeypatch.setattr(shared, "confirm", lambda *args: True)
    qtbot.mouseClick(tab.reset_button, Qt.MouseButton.LeftButton)
    assert tab.text() == notices.default_template("governments", "en")
    assert saved(demo_store, "governments", "en") == notices.default_template("governments", "en")
    assert not tab.is_modified()


def test_each_notice_and_language_has_its_own_wording(tab, demo_store, monkeypatch):
    tab.language.setCurrentIndex(tab.language.findData("zh"))
    assert tab.current() == ("governments", "zh") and tab.text() == saved(demo_store, "governments", "zh")
    assert "致意" in tab.text() and tab.fallback_label.isHidden()
    tab.audience.setCurrentIndex(tab.audience.findData("experts"))
    assert tab.text() == notices.default_template("experts", "zh")
    tab.language.setCurrentIndex(tab.language.findData("fr"))  # every UN language has its own default wording
    assert tab.text() == notices.default_template("experts", "fr") and tab.text().startswith("Madame, Monsieur,")
    assert tab.fallback_label.isHidden()


def answer_with(monkeypatch, answers: list[str]) -> None:
    """The unsaved-changes question answered at once with the next of ``answers``."""
    monkeypatch.setattr(messages, "ask_unsaved", lambda parent, tr, answer: answer(answers.pop(0)))


def test_switching_with_unsaved_changes_asks(tab, demo_store, monkeypatch):
    answers: list[str] = []
    answer_with(monkeypatch, answers)
    tab.editor.setPlainText("Changed on {dates}.")
    assert tab.has_unsaved_changes()

    answers.append("cancel")
    tab.language.setCurrentIndex(tab.language.findData("zh"))
    assert tab.current() == ("governments", "en") and tab.text() == "Changed on {dates}."

    answers.append("save")
    tab.language.setCurrentIndex(tab.language.findData("zh"))
    assert tab.current() == ("governments", "zh")
    assert saved(demo_store, "governments", "en") == "Changed on {dates}."

    tab.editor.setPlainText("改了 {dates}")
    answers.append("discard")
    tab.audience.setCurrentIndex(tab.audience.findData("experts"))
    assert tab.current() == ("experts", "zh")
    assert "改了" not in saved(demo_store, "governments", "zh")


def test_save_refuses_a_bad_template_chosen_before_switching(tab, demo_store, monkeypatch):
    answer_with(monkeypatch, ["save"])
    tab.editor.setPlainText("Held on {when}.")
    tab.language.setCurrentIndex(tab.language.findData("zh"))
    assert tab.current() == ("governments", "en")  # stayed: the text could not be saved
    assert tab.text() == "Held on {when}." and tab.error_label.isVisible()


def test_read_only_database_offers_no_changes(qtbot, demo_store):
    demo_store.read_only = True
    widget = NoticesTab(demo_store, translator("en"))
    qtbot.addWidget(widget)
    assert widget.editor.isReadOnly() and not widget.reset_button.isEnabled()
    assert not widget.placeholders.isEnabled()


def test_chinese_interface(qtbot, demo_store):
    tr = translator("zh")
    widget = NoticesTab(demo_store, tr)
    qtbot.addWidget(widget)
    assert widget.audience.itemText(0) == tr.gettext("Note verbale to Governments")
    assert widget.save_button.text() == tr.gettext("Save") == "保存"
    widget.editor.setPlainText("{venu}")
    problem = widget.check()
    assert problem == widget.error_label.text() and "{venu}" in problem


def test_preview_shows_the_meetings_notice_after_saving_what_was_typed(tab, demo_store, qtbot, monkeypatch):
    tab.set_meeting(MeetingService(demo_store).find("TEG:2").id)
    assert tab.preview_button.isEnabled()
    qtbot.mouseClick(tab.preview_button, Qt.MouseButton.LeftButton)
    dialog = tab.preview_dialog
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not running_tasks(), timeout=30_000)  # built off the interface's thread
    assert dialog.windowTitle() == "Note verbale to Governments — TEG 2" and dialog.lang() == "en"
    assert "presents its compliments" in dialog.document.getAllText(0).text()
    dialog.close()

    tab.audience.setCurrentIndex(tab.audience.findData("experts"))
    tab.editor.setPlainText("Dear colleague,\n\nWe look forward to seeing you on {dates}.")
    answer_with(monkeypatch, ["cancel", "save"])
    assert tab.preview() is None and tab.is_modified()  # cancelled: nothing saved, no preview
    tab.preview()
    assert saved(demo_store, "experts", "en").startswith("Dear colleague,")
    dialog = tab.preview_dialog
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not running_tasks(), timeout=30_000)  # built off the interface's thread
    assert dialog.options() == {"audience": "experts"}
    assert "We look forward to seeing you on 2–3 March 2027." in " ".join(dialog.document.getAllText(0).text().split())
