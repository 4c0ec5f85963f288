"""The activities page over the demonstration database (and one with a few thousand
generated activities): the list read a page at a time, the search box, the filters with
their counts, editing, deleting, read-only, Chinese, and the toolbar's import, export and
catalogue (their modules replaced here)."""

from __future__ import annotations

import shutil
import sys
import time
import types
from pathlib import Path

import meeting_demo
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QPushButton
from sqlmodel import select

from tegdesk.core.activity_query import ActivityQuery
from tegdesk.core.activity_types import ActivityFilter
from tegdesk.core.i18n import translator
from tegdesk.core.models import Activity, ActivityRecipient
from tegdesk.ui.activities import model as cols
from tegdesk.ui.activities.facets import FACETS
from tegdesk.ui.activities.model import PAGE_SIZE

demo_template = meeting_demo.demo_template  # fixture
DEMO_ACTIVITIES = 200
BULK_ACTIVITIES = 3_000


def _copy_db(source: Path, path: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{source}{suffix}").exists():
            shutil.copy(f"{source}{suffix}", f"{path}{suffix}")
    return path


@pytest.fixture(scope="session")
def bulk_template(demo_template, tmp_path_factory) -> Path:
    """The demo with a few thousand generated activities more."""
    from tegdesk.core.demo.bulk import generate_activities
    from tegdesk.core.store import open_store

    path = _copy_db(demo_template, tmp_path_factory.mktemp("bulk") / "bulk.sqlite3")
    store = open_store(path)
    generate_activities(store, BULK_ACTIVITIES - DEMO_ACTIVITIES, seed=5)
    store.close()
    return path


@pytest.fixture
def db_path(tmp_path: Path, request, demo_template) -> Path:
    """Each test's own copy of the demo (overrides tests/conftest.py); tests named ``*_bulk`` get
    the demo with a few thousand activities."""
    source = request.getfixturevalue("bulk_template") if request.node.name.endswith("_bulk") else demo_template
    return _copy_db(source, tmp_path / "tegdesk.sqlite3")


@pytest.fixture
def page(window):
    window.show_page("activities")
    return window.page("activities")


def settle(page) -> None:
    """Wait for the search box's pause, the filters' deferred update and the list's count
    (which follows its first page)."""
    deadline = time.monotonic() + 3
    while (page.search_timer.isActive() or page.facets._notify.isActive() or page.model.counting()) \
            and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)
    QApplication.processEvents()


def column(page, col: int) -> list[str]:
    return [page.model.index(r, col).data() for r in range(page.model.rowCount())]


def activity(store, identifier: str) -> Activity:
    with store.reader() as s:
        return s.exec(select(Activity).where(Activity.iati_identifier == identifier)).one()


def test_the_list_shows_the_demo_activities(page, store):
    assert page.heading.text() == "Activities"
    assert page.model.total == DEMO_ACTIVITIES and page.model.rowCount() == PAGE_SIZE < DEMO_ACTIVITIES
    assert page.model.fetch_to(DEMO_ACTIVITIES - 1) and not page.model.canFetchMore()
    assert page.count_label.text() == "200 activities"
    assert page.model.headerData(cols.STATUS, Qt.Orientation.Horizontal) == "Status"
    first = page.model.row_at(0)
    assert page.model.index(0, cols.IDENTIFIER).data() == first.iati_identifier
    assert page.model.index(0, cols.TITLE).data() == first.title
    assert page.model.index(0, cols.LEVEL).data() in {"National", "Subregional", "Regional", "Global"}
    assert set(column(page, cols.STATUS)) <= {"Pipeline/identification", "Implementation", "Finalisation",
                                              "Closed", "Cancelled", "Suspended"}
    budgets = [t for t in column(page, cols.BUDGET) if t]
    assert budgets and all(t.startswith("US$") for t in budgets)
    names = {n for text in column(page, cols.COUNTRIES) for n in text.split(", ") if n}
    assert "Thailand" in names or "Viet Nam" in names  # ESCAP's names, not codes


def test_typing_a_search_narrows_the_list(page, qtbot, store):
    qtbot.keyClicks(page.search, "mercury")
    assert page.model.total == DEMO_ACTIVITIES and page.model.filter.is_empty  # waits for the pause in typing
    settle(page)
    expected = ActivityQuery(store).count(ActivityFilter(text="mercury"))
    assert 0 < page.model.total == expected < DEMO_ACTIVITIES and page.model.rowCount() == min(expected, PAGE_SIZE)
    assert all("mercury" in title.lower() for title in column(page, cols.TITLE))
    assert page.count_label.text() == f"{expected} of 200 activities"
    assert page.current_filter() == ActivityFilter(text="mercury")
    assert page.last_read_ms < 500  # the first page with its count (about a millisecond here)
    # the filters count within the search
    levels = dict(zip([t.rsplit(" (", 1)[0] for t in page.facets.texts("levels")],
                      [int(t.rsplit("(", 1)[1].rstrip(")")) for t in page.facets.texts("levels")], strict=True))
    assert sum(levels.values()) == expected

    page.search.clear()
    page.search.insert("温室气体")  # Chinese, as an input method commits it
    settle(page)
    found = page.model.total
    assert 0 < found < DEMO_ACTIVITIES
    assert found == ActivityQuery(store).count(ActivityFilter(text="温室气体"))


def test_ticking_a_filter_narrows_the_list_and_clear_filters_undoes_it(page, qtbot):
    regional = page.facets.item("levels", "regional")
    count = int(regional.text(1))
    assert page.facets.texts("levels")[2] == f"Regional ({count})"
    regional.setCheckState(0, Qt.CheckState.Checked)  # what a click on its box does
    assert page.model.total == DEMO_ACTIVITIES  # the list follows once the click is handled
    settle(page)
    assert page.model.rowCount() == count
    assert set(column(page, cols.LEVEL)) == {"Regional"}
    assert page.current_filter().levels == frozenset({"regional"})
    assert page.count_label.text() == f"{count} of 200 activities"
    assert page.facets.groups["levels"].text(0) == "Level (1 ticked)"
    # another facet narrows within it, by the count it showed
    closed = int(page.facets.item("statuses", "4").text(1))
    assert closed < count
    page.facets.set_checked("statuses", "4")
    settle(page)
    assert page.model.rowCount() == closed
    assert set(column(page, cols.STATUS)) == {"Closed"}

    page.search.setText("workshop")
    qtbot.mouseClick(page.facets.clear_button, Qt.MouseButton.LeftButton)
    settle(page)
    assert page.search.text() == "" and page.current_filter().is_empty
    assert page.model.total == DEMO_ACTIVITIES
    assert page.count_label.text() == "200 activities"
    assert not page.facets.clear_button.isEnabled()


def test_every_facet_filters(page, store):
    query = ActivityQuery(store)
    for key, _heading in FACETS:
        group = page.facets.groups[key]
        assert group.childCount() > 0, key
        item = group.child(0)
        value, count = item.data(0, Qt.ItemDataRole.UserRole), int(item.text(1))
        page.facets.set_checked(key, value)
        settle(page)
        assert page.model.total == count == query.count(page.current_filter()), key
        page.facets.clear()
        settle(page)


def test_the_list_reads_pages_as_it_scrolls_bulk(page, qtbot):
    model = page.model
    assert model.total == BULK_ACTIVITIES
    assert model.rowCount() == PAGE_SIZE and model.canFetchMore() and model.pages_read == 1
    assert page.count_label.text() == "3,000 activities"
    for pages in (2, 3):
        page.table.scrollToBottom()
        QApplication.processEvents()
        assert model.rowCount() == PAGE_SIZE * pages
    assert model.rowCount() < BULK_ACTIVITIES  # never all at once
    # a search starts again from its first page
    page.search.setText("workshop")
    settle(page)
    assert model.rowCount() == min(PAGE_SIZE, model.total) and model.pages_read == 1
    # rows come in the query's order, without gaps or repeats
    page.search.clear()
    settle(page)
    model.fetch_to(999)
    assert [model.row_at(i).id for i in range(1000)] == ActivityQuery(page.store).ids(ActivityFilter())[:1000]


def test_saving_an_edited_title_shows_it_in_the_list(page, qtbot, settle_dialog):
    page.table.selectRow(5)
    row = page.selected_row()
    dialog = page.edit_activity()
    assert dialog.isVisible() and dialog.identifier.text() == row.iati_identifier
    dialog.title.clear()
    qtbot.keyClicks(dialog.title, "Renamed workshop on mercury")
    settle_dialog(dialog)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert page.selected_row().id == row.id
    assert page.model.index(page.model.row_of(row.id), cols.TITLE).data() == "Renamed workshop on mercury"


def test_a_new_activity_is_selected_in_the_list(page, qtbot, settle_dialog, store):
    dialog = page.new_activity()
    qtbot.keyClicks(dialog.title, "Global e-learning course on air quality")
    dialog.level.setCurrentIndex(dialog.level.findData("global"))
    settle_dialog(dialog)
    assert dialog.errors_label.isHidden(), dialog.errors_label.text()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert page.count_label.text() == "201 activities"
    assert page.selected_row().title == "Global e-learning course on air quality"


def test_delete_asks_then_removes_the_activity(page, qtbot, store):
    page.table.selectRow(0)
    row = page.selected_row()
    box = page.delete_activity()
    assert box.isVisible() and row.iati_identifier in box.text()
    qtbot.mouseClick(box.findChild(QPushButton, "cancel"), Qt.MouseButton.LeftButton)
    assert page.model.row_of(row.id) == 0 and activity(store, row.iati_identifier).deleted_at is None

    box = page.delete_activity()
    qtbot.mouseClick(box.findChild(QPushButton, "delete"), Qt.MouseButton.LeftButton)
    assert page.model.row_of(row.id) == -1
    assert page.count_label.text() == "199 activities"
    assert activity(store, row.iati_identifier).deleted_at is not None  # soft: kept, marked


def test_read_only_disables_editing_and_keeps_reading(page):
    page.set_read_only(True)
    page.table.selectRow(0)
    for action in (page.new_action, page.edit_action, page.delete_action, page.import_action):
        assert not action.isEnabled(), action.objectName()
    assert page.export_action.isEnabled() and page.catalogue_action.isEnabled()
    assert page.new_activity() is None and page.delete_activity() is None
    dialog = page.open_selected()  # double-click: the activity, to read
    assert dialog.isVisible() and dialog.save_button.isHidden() and dialog.title.isReadOnly()
    page.set_read_only(False)
    assert page.new_action.isEnabled() and page.edit_action.isEnabled()


def test_chinese_interface(window, page, store):
    zh = translator("zh")
    window.language_actions["zh"].trigger()
    assert page.heading.text() == zh.gettext("Activities")
    assert page.model.headerData(cols.STATUS, Qt.Orientation.Horizontal) == zh.gettext("Status")
    rows = [page.model.row_at(i) for i in range(page.model.rowCount())]
    with_chinese = [i for i, r in enumerate(rows) if r.titles.get("zh")]
    assert with_chinese
    row = rows[with_chinese[0]]
    assert page.model.index(with_chinese[0], cols.TITLE).data() == row.titles["zh"]
    english_only = next(i for i, r in enumerate(rows) if not r.titles.get("zh"))
    assert page.model.index(english_only, cols.TITLE).data() == rows[english_only].title
    assert page.facets.item("levels", "national").text(0) == zh.gettext("National")
    assert page.count_label.text() == zh.ngettext("{n} activity", "{n} activities", 200)


def test_toolbar_opens_import_export_and_catalogue_with_the_list_filter(page, qtbot, monkeypatch):
    calls = []
    dialog = QDialog(page)  # what open_import_dialog returns
    transfer = types.ModuleType("tegdesk.ui.activities.transfer")
    done = []
    transfer.open_import_dialog = lambda parent, store, tr, on_done: calls.append(("import", parent, store)) \
        or done.append(on_done) or dialog
    transfer.open_export_dialog = lambda parent, store, tr, f: calls.append(("export", f))
    catalogue = types.ModuleType("tegdesk.ui.activities.catalogue")
    catalogue.open_catalogue_preview = lambda parent, store, tr, f: calls.append(("catalogue", f))
    monkeypatch.setitem(sys.modules, "tegdesk.ui.activities.transfer", transfer)
    monkeypatch.setitem(sys.modules, "tegdesk.ui.activities.catalogue", catalogue)
    page.facets.set_checked("levels", "global")
    settle(page)
    page.export_action.trigger()
    page.catalogue_action.trigger()
    wanted = ActivityFilter(levels=frozenset({"global"}))
    assert calls == [("export", wanted), ("catalogue", wanted)]
    reloads = []
    monkeypatch.setattr(page, "reload", lambda: reloads.append(True))
    page.import_action.trigger()
    assert calls[-1] == ("import", page, page.store)
    assert reloads == []
    done[0](object())  # the import succeeded: the list is read again
    assert reloads == [True]


@pytest.fixture
def settle_dialog():
    from conftest import _settle

    return _settle


def test_a_regional_activity_names_its_recipient_regions(page, store):
    with store.reader() as s:
        regional = {a.iati_identifier for a, r in s.exec(
            select(Activity, ActivityRecipient).where(ActivityRecipient.activity_id == Activity.id,
                                                      ActivityRecipient.region_code == "798"))}
    assert regional, "the demo has activities for Asia, regional"
    page.model.fetch_to(DEMO_ACTIVITIES - 1)
    shown = dict(zip(column(page, cols.IDENTIFIER), column(page, cols.COUNTRIES), strict=True))
    assert all("Asia, regional" in shown[i] for i in regional)
    assert not any(text == "" for text in shown.values())  # every activity names where it helps


def test_the_count_label_follows_the_count_after_the_first_page(page, store):
    assert page.count_label.text() == "200 activities"
    page.search.setText("workshop")
    page.apply_filter()  # what the pause in typing does: the first page only
    assert page.model.counting() and page.model.rowCount() > 0
    assert page.count_label.text() == "200 activities"  # not a count of the new text yet
    settle(page)
    expected = ActivityQuery(store).count(ActivityFilter(text="workshop"))
    assert page.model.total == expected
    assert page.count_label.text() == f"{expected} of 200 activities"
