"""The activity form over the demonstration database: every field read back as the service
saves it, refusals shown inline (field outlined, tab coloured, Save disabled) with nothing typed
lost, local refusals of texts that are not numbers, languages, unsaved changes, read-only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import meeting_demo
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QPushButton
from sqlmodel import select

from tegdesk.core.activity_types import ExternalLink, OrganisationRole, RecipientShare
from tegdesk.core.i18n import translator
from tegdesk.core.models import Activity
from tegdesk.core.services.activities import ActivityService
from tegdesk.ui.activities.form import ActivityDialog
from tegdesk.ui.activities.labels import Places
from tegdesk.ui.roster.checked import ERROR_COLOUR

demo_template, demo_store = meeting_demo.demo_template, meeting_demo.demo_store  # fixtures

#: A national workshop of the demo with one recipient (Malaysia, 100 %).
ONE_RECIPIENT = "XM-DAC-41106-BSP-0004"


def activity_id(store, identifier: str):
    with store.reader() as s:
        return s.exec(select(Activity.id).where(Activity.iati_identifier == identifier)).one()


@pytest.fixture
def open_form(qtbot, demo_store):
    """``open_form(identifier=None, lang="en", read_only=False)``: the form, shown."""

    def open_(identifier: str | None = None, lang: str = "en", read_only: bool = False) -> ActivityDialog:
        tr = translator(lang)
        service = ActivityService(demo_store)
        target = activity_id(demo_store, identifier) if identifier else None
        dialog = ActivityDialog(service, tr, Places.load(tr, demo_store), [], target, read_only=read_only)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return open_


def test_the_form_shows_every_field_of_the_activity(open_form, demo_store):
    dialog = open_form(ONE_RECIPIENT)
    draft = ActivityService(demo_store).load(activity_id(demo_store, ONE_RECIPIENT))
    assert dialog.windowTitle() == f"Edit activity {ONE_RECIPIENT}"
    assert dialog.identifier.text() == ONE_RECIPIENT
    assert dialog.title.text() == draft.title
    assert dialog.level.currentData() == draft.level and dialog.status.currentData() == draft.status
    assert dialog.currency.code() == "USD"
    # what the form reads back is what the service loaded: nothing lost by opening and saving
    read, problems = dialog.draft()
    assert problems == []
    assert read == draft
    assert dialog.errors_label.isHidden() and dialog.save_button.isEnabled()
    assert dialog.recipients.total_label.text() == "Total: 100 %"


def test_shares_of_60_and_30_are_refused_inline_and_kept(open_form, qtbot, settle, demo_store):
    dialog = open_form(ONE_RECIPIENT)
    dialog.level.setCurrentIndex(dialog.level.findData("subregional"))  # a national one has one country
    dialog.tabs.setCurrentWidget(dialog.pages["partners_tab"])
    qtbot.mouseClick(dialog.recipients.add_button, Qt.MouseButton.LeftButton)
    assert dialog.recipients.table.rowCount() == 2
    first, second = dialog.recipients.cell(0, 1), dialog.recipients.cell(1, 1)
    first.clear()
    qtbot.keyClicks(first, "60")
    combo = dialog.recipients.cell(1, 0)
    qtbot.keyClicks(combo.lineEdit(), "Thailand (TH)")
    qtbot.keyClicks(second, "30")
    settle(dialog)
    # the live total says it before the service does
    assert dialog.recipients.total_label.text() == "Total: 90 %"
    assert ERROR_COLOUR in dialog.recipients.total_label.styleSheet()
    assert not dialog.errors_label.isHidden()
    assert "shares" in dialog.errors_label.text() and "100" in dialog.errors_label.text()
    assert "recipients" in dialog.highlighted_fields()
    assert dialog.error_tabs() == ["partners_tab"]
    assert not dialog.save_button.isEnabled()
    # Save refused: the form stays as typed, the database unchanged
    assert dialog.save() is False
    assert dialog.isVisible()
    assert (first.text(), second.text()) == ("60", "30")
    assert dialog.recipients.cell(1, 0).current_id() == ("country", "TH")
    draft = ActivityService(demo_store).load(activity_id(demo_store, ONE_RECIPIENT))
    assert [r.country for r in draft.recipients] == ["MY"]

    second.clear()
    qtbot.keyClicks(second, "40")
    settle(dialog)
    assert dialog.recipients.total_label.text() == "Total: 100 %"
    assert dialog.errors_label.isHidden() and dialog.save_button.isEnabled(), dialog.errors_label.text()
    assert dialog.error_tabs() == []
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    draft = ActivityService(demo_store).load(activity_id(demo_store, ONE_RECIPIENT))
    assert [(r.country, r.percentage) for r in draft.recipients] == [("MY", Decimal(60)), ("TH", Decimal(40))]


def test_texts_that_are_not_numbers_are_refused_by_the_form(open_form, qtbot, settle):
    dialog = open_form(ONE_RECIPIENT)
    dialog.budget.clear()
    qtbot.keyClicks(dialog.budget, "about 5000")
    qtbot.keyClicks(dialog.trained["trained_women"], "12.5")
    dialog.recipients.cell(0, 1).setText("all")
    settle(dialog)
    text = dialog.errors_label.text()
    assert "Enter the amount as a number, e.g. 2,500.00." in text
    assert "Enter the number of people as a whole number, e.g. 25." in text
    assert "Enter each share as a number, e.g. 33.5." in text
    assert {"budget", "trained_women", "recipients"} <= set(dialog.highlighted_fields())
    assert set(dialog.error_tabs()) == {"money_tab", "partners_tab"}
    assert dialog.recipients.total_label.text() == "Total: — %"
    assert not dialog.save_button.isEnabled()
    assert dialog.save() is False and dialog.budget.text() == "about 5000"


def test_a_new_activity_with_every_field_is_saved(open_form, qtbot, settle, demo_store):
    dialog = open_form()
    assert dialog.windowTitle() == "New activity"
    proposed = dialog.identifier.text()
    assert proposed.startswith("XM-DAC-41106-BSP-")
    qtbot.keyClicks(dialog.title, "Regional workshop on mercury monitoring")
    dialog.set_text_language("zh")
    assert dialog.title_stack.currentWidget() is dialog.title_edits["zh"]
    dialog.title_edits["zh"].insert("汞监测区域讲习班")  # as an input method commits it
    dialog.description_edits["zh"].insertPlainText("为亚太国家举办")
    dialog.set_text_language("en")
    assert dialog.title.text() == "Regional workshop on mercury monitoring"
    dialog.level.setCurrentIndex(dialog.level.findData("regional"))
    dialog.south_south.setChecked(True)
    qtbot.keyClicks(dialog.agreements, "Minamata Convention, Basel Convention")
    dialog.dates["planned_start"].set_value(dt.date(2027, 3, 1))
    dialog.dates["planned_end"].set_value(dt.date(2027, 3, 3))
    qtbot.keyClicks(dialog.budget, "12,500.50")
    for name, count in (("trained_women", "14"), ("trained_men", "11")):
        qtbot.keyClicks(dialog.trained[name], count)
    dialog.organisations.set_values([OrganisationRole(name="United Nations Environment Programme", role="4",
                                                      ref="XM-DAC-41116", acronym="UNEP")])
    dialog.recipients.set_values([RecipientShare(region="798", percentage=Decimal(100))])
    dialog.bsp_codes.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.links.set_values([ExternalLink(system="GEF", url="https://www.thegef.org/projects/1", external_id="1")])
    qtbot.keyClicks(dialog.results, "30 officials trained")
    settle(dialog)
    assert dialog.errors_label.isHidden(), dialog.errors_label.text()
    assert "CC01" in dialog.bsp_label.text()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    saved = ActivityService(demo_store).load(dialog.saved_outcome.record)
    assert saved.iati_identifier == proposed
    assert saved.titles == {"zh": "汞监测区域讲习班"} and saved.descriptions == {"zh": "为亚太国家举办"}
    assert saved.level == "regional" and saved.south_south
    assert saved.agreements == ["Minamata Convention", "Basel Convention"]
    assert (saved.planned_start, saved.planned_end, saved.actual_start) == (dt.date(2027, 3, 1),
                                                                           dt.date(2027, 3, 3), None)
    assert (saved.budget, saved.cost, saved.currency) == (1_250_050, None, "USD")
    assert (saved.trained_women, saved.trained_men, saved.trained_other) == (14, 11, None)
    assert [(o.name, o.role) for o in saved.organisations] == [("United Nations Environment Programme", "4")]
    assert [(r.region, r.percentage) for r in saved.recipients] == [("798", Decimal(100))]
    assert saved.bsp_codes == ["CC01"]
    assert [(link.system, link.external_id) for link in saved.links] == [("GEF", "1")]


def test_an_identifier_already_used_is_refused_on_the_first_tab(open_form, qtbot, settle):
    dialog = open_form()
    dialog.identifier.setText(ONE_RECIPIENT)
    qtbot.keyClicks(dialog.title, "Another one")
    settle(dialog)
    assert "iati_identifier" in dialog.highlighted_fields()
    assert "general_tab" in dialog.error_tabs()
    assert ERROR_COLOUR in dialog.identifier.styleSheet()
    assert not dialog.save_button.isEnabled()


def test_closing_with_changes_asks_and_cancel_keeps_them(open_form, qtbot, settle):
    dialog = open_form(ONE_RECIPIENT)
    dialog.reject()
    assert not dialog.isVisible()  # nothing changed: closes without asking

    dialog = open_form(ONE_RECIPIENT)
    dialog.set_text_language("fr")  # looking at another language is no change
    assert not dialog.has_unsaved_changes()
    qtbot.keyClicks(dialog.title_edits["fr"], "Atelier national")
    assert dialog.has_unsaved_changes()
    dialog.reject()
    box = dialog.unsaved_question
    assert isinstance(box, QMessageBox) and box.isVisible()
    qtbot.mouseClick(box.findChild(QPushButton, "cancel"), Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.title_edits["fr"].text() == "Atelier national"


def test_read_only_shows_the_activity_without_save(open_form):
    dialog = open_form(ONE_RECIPIENT, read_only=True)
    assert dialog.windowTitle() == f"Activity {ONE_RECIPIENT}"
    assert dialog.save_button.isHidden()
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Close"
    assert dialog.title.isReadOnly() and dialog.budget.isReadOnly()
    assert not dialog.level.isEnabled() and not dialog.recipients.add_button.isEnabled()
    assert not dialog.recipients.cell(0, 1).isEnabled()
    assert not dialog.bsp_codes.item(0).flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert not dialog.has_unsaved_changes()


def test_chinese_form_reads_and_writes_its_own_numbers(open_form, qtbot, settle, demo_store):
    dialog = open_form(ONE_RECIPIENT, lang="zh")
    assert dialog.tabs.tabText(0) == translator("zh").gettext("Activity")
    budget = ActivityService(demo_store).load(activity_id(demo_store, ONE_RECIPIENT)).budget
    assert dialog.budget.text() == f"{budget // 100:,}.00"
    dialog.budget.clear()
    qtbot.keyClicks(dialog.budget, "1,234.5")
    settle(dialog)
    assert dialog.errors_label.isHidden()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert ActivityService(demo_store).load(activity_id(demo_store, ONE_RECIPIENT)).budget == 123_450
