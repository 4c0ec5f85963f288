"""The roster page: the table, search, filters, sorting, count, warnings, language."""

from __future__ import annotations

import datetime as dt
import time
import uuid

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from test_roster_support import TODAY, nominate, select_expert, table_column

from tegdesk.core.services.roster import RosterRow, RosterService
from tegdesk.ui.roster import model as cols
from tegdesk.ui.roster.model import ROW_ROLE, RosterFilter, RosterTableModel


@pytest.fixture
def roster(window, store):
    """Five terms for four members, then the roster page of the window."""
    nominate(store, "THA", "Srisuk", "Malee", organization="Pollution Control Department")
    nominate(store, "THA", "Tanaka", "Ken", organization="Asian Institute of Technology",
             start=TODAY - dt.timedelta(days=3 * 365 - 40))  # ends within 90 days
    nominate(store, "JPN", "Sato", "Yui", organization="Ministry of the Environment")
    nominate(store, "FJI", "Naivalu", "Jone", organization="University of the South Pacific")
    nominate(store, "HKG", "Ho", "Kwok-wai", organization="Environmental Protection Department",
             start=TODAY + dt.timedelta(days=20))  # upcoming
    page = window.page("roster")
    page.reload()
    return page


def headers(page) -> list[str]:
    return [page.proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(page.proxy.columnCount())]


def test_lists_the_terms_created_through_the_service(roster):
    assert headers(roster) == ["Member", "Subregion", "Expert", "Organization", "Term start", "Term end",
                               "Term no.", "Status", "Bureau office", "ToR"]
    assert roster.proxy.rowCount() == 5
    assert sorted(table_column(roster, cols.EXPERT)) == ["Dr. Jone Naivalu", "Dr. Ken Tanaka", "Dr. Kwok-wai Ho",
                                                         "Dr. Malee Srisuk", "Dr. Yui Sato"]
    row = {table_column(roster, cols.EXPERT)[r]: [roster.proxy.index(r, c).data() for c in range(10)]
           for r in range(5)}["Dr. Yui Sato"]
    start = TODAY - dt.timedelta(days=30)
    assert row[:4] == ["Japan", "East and North-East Asia", "Dr. Yui Sato", "Ministry of the Environment"]
    assert row[4] == roster.translator.date(start, "medium")
    assert row[6:] == ["1", "Serving", "", "1"]
    assert roster.count_label.text() == "5 of 5 terms"
    assert sorted(set(table_column(roster, cols.STATUS))) == ["Serving", "Upcoming"]


def test_typing_in_the_search_box_filters_as_you_type(roster, qtbot):
    qtbot.keyClicks(roster.search, "ta")  # Tanaka, and Ho of the Environmental Protection Department
    assert sorted(table_column(roster, cols.EXPERT)) == ["Dr. Ken Tanaka", "Dr. Kwok-wai Ho"]
    qtbot.keyClicks(roster.search, "n")  # "tan"
    assert table_column(roster, cols.EXPERT) == ["Dr. Ken Tanaka"]
    assert roster.count_label.text() == "1 of 5 terms"
    roster.search.clear()
    qtbot.keyClicks(roster.search, "SOUTH PACIFIC")  # organization, any case
    assert table_column(roster, cols.EXPERT) == ["Dr. Jone Naivalu"]
    roster.search.setText("thailand")  # member
    assert roster.proxy.rowCount() == 2
    roster.search.setText("malee srisuk")  # several words: all must match
    assert roster.proxy.rowCount() == 1
    roster.search.setText("nobody")
    assert roster.proxy.rowCount() == 0
    assert roster.count_label.text() == "0 of 5 terms"


def choose(combo, data) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def test_each_filter(roster):
    choose(roster.subregion_filter, "South-East Asia")
    assert sorted(table_column(roster, cols.EXPERT)) == ["Dr. Ken Tanaka", "Dr. Malee Srisuk"]
    choose(roster.subregion_filter, None)
    assert roster.proxy.rowCount() == 5

    choose(roster.membership_filter, "associate")
    assert table_column(roster, cols.MEMBER) == ["Hong Kong, China"]
    choose(roster.membership_filter, "member")
    assert roster.proxy.rowCount() == 4
    choose(roster.membership_filter, RosterFilter.ALL)

    roster.ending_filter.setChecked(True)
    assert table_column(roster, cols.EXPERT) == ["Dr. Ken Tanaka"]
    roster.ending_filter.setChecked(False)

    # serving and upcoming / past / all, as of a date after Tanaka's term
    assert roster.period_filter.currentData() == "current"
    roster.set_as_of(TODAY + dt.timedelta(days=120))
    assert roster.proxy.rowCount() == 4
    choose(roster.period_filter, "past")
    assert table_column(roster, cols.EXPERT) == ["Dr. Ken Tanaka"]
    assert table_column(roster, cols.STATUS) == ["Ended"]
    choose(roster.period_filter, "all")
    assert roster.proxy.rowCount() == 5
    assert roster.count_label.text() == "5 of 5 terms"


def test_as_of_date_recomputes_statuses(roster):
    roster.as_of_edit.set_date(TODAY - dt.timedelta(days=61))
    roster.as_of_edit.set_date(TODAY - dt.timedelta(days=60))  # stepping through days: read once, after a pause
    assert roster.as_of_timer.isActive() and roster.as_of == TODAY
    deadline = time.monotonic() + 3
    while roster.as_of_timer.isActive() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)
    assert roster.as_of == TODAY - dt.timedelta(days=60)
    choose(roster.period_filter, "all")
    statuses = dict(zip(table_column(roster, cols.EXPERT), table_column(roster, cols.STATUS), strict=True))
    assert statuses["Dr. Yui Sato"] == "Upcoming"
    assert statuses["Dr. Ken Tanaka"] == "Serving"


def click_header(page, qtbot, column: int) -> None:
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


def test_sorting_by_clicking_headers(roster, qtbot):
    # Term end: as dates (not as the text "1 Mar 2027" < "13 Feb 2027"), both ways.
    click_header(roster, qtbot, cols.END)
    ends = [roster.proxy.row_at(r).end_date for r in range(roster.proxy.rowCount())]
    first = ends
    click_header(roster, qtbot, cols.END)
    ends_again = [roster.proxy.row_at(r).end_date for r in range(roster.proxy.rowCount())]
    assert {tuple(first), tuple(ends_again)} == {tuple(sorted(ends)), tuple(sorted(ends, reverse=True))}
    roster.table.sortByColumn(cols.END, Qt.SortOrder.AscendingOrder)
    assert table_column(roster, cols.EXPERT)[0] == "Dr. Ken Tanaka"
    roster.table.sortByColumn(cols.MEMBER, Qt.SortOrder.DescendingOrder)
    assert table_column(roster, cols.MEMBER) == ["Thailand", "Thailand", "Japan", "Hong Kong, China", "Fiji"]
    # the filter still holds after sorting
    roster.search.setText("thai")
    roster.table.sortByColumn(cols.EXPERT, Qt.SortOrder.AscendingOrder)
    assert table_column(roster, cols.EXPERT) == ["Dr. Malee Srisuk", "Dr. Ken Tanaka"]


def test_selection_survives_sorting_and_reload(roster):
    select_expert(roster, "Sato")
    roster.table.sortByColumn(cols.START, Qt.SortOrder.DescendingOrder)
    assert roster.selected_row().family_name == "Sato"
    roster.reload()
    assert roster.selected_row().family_name == "Sato"


def test_actions_needing_a_row_are_disabled_without_one(roster):
    roster.table.clearSelection()
    assert roster.nominate_action.isEnabled() and roster.elect_action.isEnabled()
    assert roster.import_action.isEnabled() and roster.export_action.isEnabled()
    for action in (roster.extend_action, roster.withdraw_action, roster.replace_action,
                   roster.member_view_action, roster.expert_view_action):
        assert not action.isEnabled(), action.objectName()
    select_expert(roster, "Sato")
    for action in roster.row_actions:
        assert action.isEnabled(), action.objectName()
    roster.search.setText("nobody")  # the selected row filtered away
    assert not roster.extend_action.isEnabled()


def test_context_menu_holds_the_row_actions(roster):
    texts = [a.text() for a in roster.row_menu.actions() if not a.isSeparator()]
    assert texts == ["Nominate…", "Extend term…", "Withdraw…", "Replace…", "Elect officer…", "Member view",
                     "Expert view"]


def test_warnings_panel_shows_the_services_warnings(roster, store, qtbot):
    expected = [v.text(roster.translator) for v in RosterService(store).warnings(roster.as_of)]
    qtbot.waitUntil(lambda: roster.warnings_view.count() == len(expected))  # read once the table is shown
    shown = [roster.warnings_view.item(i).text() for i in range(roster.warnings_view.count())]
    assert shown == expected
    assert any("Ken Tanaka (Thailand) ends on" in text for text in shown)
    assert any(text.startswith("India has no expert serving.") for text in shown)
    assert roster.warnings_toggle.text() == f"Warnings ({len(expected)})"
    roster.warnings_toggle.setChecked(False)
    assert roster.warnings_view.isHidden()
    roster.warnings_toggle.setChecked(True)
    assert not roster.warnings_view.isHidden()


def test_switching_to_chinese_retranslates_the_page(roster, window):
    window.set_language("zh")
    assert headers(roster) == ["成员", "次区域", "专家", "机构", "任期开始", "任期结束", "任期届次", "状态",
                               "主席团职务", "职权范围"]
    assert roster.heading.text() == "名册"
    assert roster.nominate_action.text() == "提名…"
    assert roster.extend_action.text() == "延长任期…"
    assert roster.withdraw_action.text() == "撤回…"
    assert roster.replace_action.text() == "替换…"
    assert roster.elect_action.text() == "选举主席团成员…"
    assert roster.period_filter.currentText() == "在任及即将上任"
    assert roster.count_label.text() == "共5个任期，显示5个"
    members = set(table_column(roster, cols.MEMBER))
    assert members == {"泰国", "日本", "斐济", "中国香港特别行政区"}
    assert "在任" in table_column(roster, cols.STATUS)
    assert roster.search.placeholderText() == "搜索成员、专家或机构"
    window.set_language("en")
    assert headers(roster)[0] == "Member" and roster.nominate_action.text() == "Nominate…"


def synthetic_rows(n: int) -> list[RosterRow]:
    subregions = ["East and North-East Asia", "North and Central Asia", "Pacific", "South and South-West Asia",
                  "South-East Asia"]
    rows = []
    for i in range(n):
        start = dt.date(2023, 1, 1) + dt.timedelta(days=i % 1500)
        rows.append(RosterRow(uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), f"Member {i % 62}", "XXX", i % 9 == 0,
                              subregions[i % 5], "Dr.", f"Family{i}", f"Given{i % 300}", f"Organization {i % 700}",
                              "", "", "", start, start + dt.timedelta(days=1094), 1 + i % 2,
                              "serving" if i % 3 else "ended", ["chair"] if i == 7 else [], 1))
    return rows


def test_filtering_10000_rows_as_the_user_types(qapp, qtbot):
    """Behaviour only: the speed of this path is measured in bench/, not here."""
    from tegdesk.core.i18n import translator
    from PySide6.QtWidgets import QTableView

    model = RosterTableModel(translator("en"))
    proxy = RosterFilter()
    proxy.setSourceModel(model)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    view.resize(1000, 600)
    view.show()
    model.set_rows(synthetic_rows(10_000), dt.date(2025, 1, 1), {})
    proxy.set_filters(period="all")
    assert proxy.rowCount() == 10_000
    text = ""
    for key in "family12":  # a keystroke each
        text += key
        proxy.set_filters(text=text)
        qapp.processEvents()
    assert proxy.rowCount() == 111  # Family12, Family120-129, Family1200-1299
    proxy.sort(cols.END, Qt.SortOrder.DescendingOrder)
    ends = [proxy.index(i, cols.END).data(ROW_ROLE).end_date for i in range(proxy.rowCount())]
    assert ends == sorted(ends, reverse=True) and ends[0] > ends[-1]
    assert proxy.rowCount() == 111
    ends = [proxy.row_at(r).end_date for r in range(proxy.rowCount())]
    assert ends == sorted(ends, reverse=True)


def test_warnings_are_read_after_the_table_is_painted(window, store, qtbot, monkeypatch):
    """The rules' warnings (half a second at 10,000 terms) do not hold up the table: reload
    returns without them, and they are read when the event loop next turns."""
    nominate(store, "THA", "Tanaka", "Ken", start=TODAY - dt.timedelta(days=3 * 365 - 40))
    roster = window.page("roster")
    qtbot.waitUntil(lambda: not roster._warnings_due)
    calls: list[dt.date] = []
    real = RosterService.warnings
    monkeypatch.setattr(RosterService, "warnings", lambda self, day: (calls.append(day), real(self, day))[1])
    roster.reload()
    assert calls == [] and roster.model.rowCount() == 1
    qtbot.waitUntil(lambda: calls == [roster.as_of])
    assert any("Ken Tanaka (Thailand) ends on" in roster.warnings_view.item(i).text()
               for i in range(roster.warnings_view.count()))
    roster.reload()
    roster.reload()  # two reloads before the loop turns: one read
    qtbot.waitUntil(lambda: len(calls) == 2)
    qtbot.wait(20)
    assert len(calls) == 2
