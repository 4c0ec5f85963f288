"""The terms of reference from the roster page (R10): every version read-only, an
amendment adds a version from a later date, checked inline before Save."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView
from sqlmodel import select
from test_roster_support import TODAY, member, nominate

from tegdesk.core.models import TorVersion
from tegdesk.core.refdata import TEG_TOR_V1_DATE
from tegdesk.core.services.roster import ExpertData, RosterService


@pytest.fixture
def page(window):
    return window.page("roster")


def versions_in_db(store) -> list[TorVersion]:
    with store.reader() as s:
        return list(s.exec(select(TorVersion).order_by(TorVersion.version)).all())


def headers(table) -> list[str]:
    return [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]


def test_the_versions_are_listed_read_only(page):
    dialog = page.show_tor()
    assert dialog.isVisible() and dialog.windowTitle() == "Terms of reference"
    assert dialog.version_numbers() == [1]
    assert headers(dialog.table) == ["Version 1 (in force)"]
    labels = [dialog.table.verticalHeaderItem(r).text() for r in range(dialog.table.rowCount())]
    assert labels == ["Effective date", "Adopted by", "Experts per member", "Term (years)",
                      "Consecutive terms at most", "Consecutive gap (days)", "Bureau offices", "Office term (years)",
                      "Meeting interval (months)", "Nomination lead time (days)"]
    assert dialog.cell("effective_date", 1) == "29 November 2022"
    assert dialog.cell("adopted_by", 1).startswith("Committee on Environment and Development, seventh session")
    assert [dialog.cell(k, 1) for k in ("experts_per_member", "term_years", "max_consecutive_terms",
                                        "consecutive_gap_days", "bureau_offices", "office_term_years",
                                        "meeting_interval_months", "nomination_lead_days")] == \
        ["2", "3", "2", "1,095", "Chair, Vice-Chair", "3", "3", "21"]
    assert dialog.table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert dialog.amend_button.isEnabled()


def test_amend_to_three_experts_per_member_from_a_later_date(page, store, qtbot, monkeypatch, settle):
    reloads = []
    monkeypatch.setattr(page, "reload", lambda: reloads.append(True))
    later = TODAY + dt.timedelta(days=60)
    tor = page.show_tor()
    dialog = tor.amend()
    assert dialog.isVisible() and dialog.windowTitle() == "Amend the terms of reference"
    assert "The amendment becomes version 2. It starts from version 1, in force since 29 November 2022" \
        in dialog.intro.text()
    assert dialog.spins["experts_per_member"].value_or_none() == 2  # prefilled from the latest version
    assert dialog.spins["consecutive_gap_days"].value() == 1095
    assert [code for code, box in dialog.office_boxes.items() if box.isChecked()] == ["chair", "vice_chair"]
    assert dialog.save_button.isEnabled()  # the default date is after the latest version's

    dialog.effective.set_date(later)
    qtbot.keyClicks(dialog.adopted_by, "Committee on Environment and Development, eighth session")
    dialog.spins["experts_per_member"].setValue(3)
    settle(dialog)
    assert dialog.errors_label.isHidden(), dialog.errors_label.text()
    preview = dialog.preview.text()
    assert f"Version 2 would be in force from {page.translator.date(later)}." in preview
    assert "Experts per member: 2 → 3" in preview and "Term (years)" not in preview

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert tor.version_numbers() == [1, 2]
    assert headers(tor.table) == ["Version 1 (in force)", "Version 2"]
    assert (tor.cell("experts_per_member", 1), tor.cell("experts_per_member", 2)) == ("2", "3")
    assert tor.cell("effective_date", 2) == page.translator.date(later)
    assert tor.cell("adopted_by", 2) == "Committee on Environment and Development, eighth session"
    assert tor.table.item(2, 1).font().bold() and not tor.table.item(3, 1).font().bold()  # what changed
    assert reloads  # the roster reads its rules again

    first, second = versions_in_db(store)
    assert (first.version, first.effective_date, first.experts_per_member) == (1, TEG_TOR_V1_DATE, 2)
    assert (second.version, second.effective_date, second.experts_per_member) == (2, later, 3)
    assert second.term_years == first.term_years and second.text == first.text

    # the rules follow: a third Thai expert from that date is accepted, before it refused
    nominate(store, "THA", "Srisuk", "Malee")
    nominate(store, "THA", "Tanaka", "Ken")
    svc = RosterService(store)
    for start, ok in ((TODAY, False), (later, True)):
        outcome = svc.nominate(member_id=member(store, "THA").id, start_date=start,
                               expert=ExpertData(family_name="Chaiyo"), save=False)
        assert outcome.ok is ok


def test_an_effective_date_not_after_the_latest_is_refused_inline(page, store, qtbot, settle):
    dialog = page.show_tor().amend()
    dialog.spins["experts_per_member"].setValue(3)
    dialog.effective.set_date(dt.date(2022, 1, 1))
    settle(dialog)
    text = dialog.errors_label.text()
    assert not dialog.errors_label.isHidden()
    assert "An amendment must take effect after the version in force since 29 November 2022" in text
    assert "(rule R10, terms of reference, paragraph 12)" in text
    assert dialog.highlighted_fields() == ["effective_date"]
    assert "color" in dialog.form.labelForField(dialog.effective).styleSheet()
    assert not dialog.save_button.isEnabled() and dialog.preview.isHidden()
    dialog.save()  # refused: stays open with the input
    assert dialog.isVisible() and dialog.spins["experts_per_member"].value() == 3
    assert len(versions_in_db(store)) == 1

    dialog.effective.set_date(TEG_TOR_V1_DATE)  # the same day is not after it either
    settle(dialog)
    assert not dialog.save_button.isEnabled()
    dialog.effective.set_date(TEG_TOR_V1_DATE + dt.timedelta(days=1))
    settle(dialog)
    assert dialog.save_button.isEnabled()


def test_no_limit_and_offices(page, store, qtbot, settle):
    tor = page.show_tor()
    dialog = tor.amend()
    spin = dialog.spins["experts_per_member"]
    spin.setValue(spin.minimum())
    assert spin.text() == "No limit" and spin.value_or_none() is None
    dialog.office_boxes["rapporteur"].setChecked(True)
    settle(dialog)
    assert "Experts per member: 2 → No limit" in dialog.preview.text()
    assert "Bureau offices: Chair, Vice-Chair → Chair, Vice-Chair, Rapporteur" in dialog.preview.text()
    dialog.save()
    assert tor.cell("experts_per_member", 2) == "No limit"
    latest = versions_in_db(store)[-1]
    assert latest.experts_per_member is None and latest.bureau_offices == ["chair", "vice_chair", "rapporteur"]


def test_chinese(page, window):
    window.set_language("zh")
    assert page.tor_action.text() == "职权范围…"
    tor = page.show_tor()
    assert tor.windowTitle() == "职权范围"
    assert headers(tor.table) == ["第1版（现行）"]
    assert tor.table.verticalHeaderItem(0).text() == "生效日期"
    assert tor.table.verticalHeaderItem(1).text() == "通过依据"
    assert tor.cell("effective_date", 1) == "2022年11月29日"
    dialog = tor.amend()
    assert dialog.windowTitle() == "修正职权范围"
    assert dialog.form.labelForField(dialog.effective).text() == "生效日期："
    assert dialog.form.labelForField(dialog.adopted_by).text() == "通过依据："
    dialog.effective.set_date(dt.date(2022, 1, 1))
    dialog.check()
    assert "（规则R10，职权范围第12段）" in dialog.errors_label.text()


def test_a_read_only_database_shows_the_versions_only(qtbot, db_path):
    from tegdesk.core.store import open_store
    from tegdesk.ui.app import build_window

    open_store(db_path).close()
    store = open_store(db_path, read_only=True)
    win = build_window(store, "en")
    qtbot.addWidget(win)
    page = win.page("roster")
    assert page.tor_action.isEnabled()
    tor = page.show_tor()
    assert tor.version_numbers() == [1]
    assert not tor.amend_button.isEnabled() and tor.amend() is None
    store.close()
