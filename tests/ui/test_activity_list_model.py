"""The activity list model shows a filter's first page at once and its count a moment
after (unless another filter comes first): rows, scroll position and selection stay; the
full search has the last word on the first page."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QApplication, QTableView

from tegdesk.core.activity_types import ActivityFilter, ActivityRow
from tegdesk.core.i18n import translator
from tegdesk.ui.activities.model import PAGE_SIZE, ActivityListModel


def row(n: int) -> ActivityRow:
    return ActivityRow(id=uuid.UUID(int=n), iati_identifier=f"T-{n:04d}", title=f"Activity {n}", titles={},
                       level="national", status="2", start=None, end=None, countries=(), currency="USD",
                       budget=None, regions=())


class FakeQuery:
    """Activities 0..n-1 in order; ``first`` (when set) is what the first page's way finds."""

    def __init__(self, n: int, first: list[int] | None = None):
        self.n, self.first, self.calls = n, first, []

    def first_rows(self, f, limit):
        self.calls.append("first_rows")
        chosen = self.first if self.first is not None else range(min(limit, self.n))
        return [row(i) for i in chosen][:limit]

    def count(self, f):
        self.calls.append("count")
        return self.n

    def ids(self, f, offset=0, limit=None):
        stop = self.n if limit is None else min(self.n, offset + limit)
        return [uuid.UUID(int=i) for i in range(offset, stop)]

    def rows(self, f, offset, limit):
        self.calls.append(f"rows {offset}")
        return [row(i) for i in range(offset, min(self.n, offset + limit))]


def shown(model) -> list[int]:
    return [r.id.int for r in model.rows]


def test_first_page_at_once_count_a_moment_after(qtbot):
    model = ActivityListModel(translator("en"))
    query = FakeQuery(1000)
    model.query = query
    model.set_filter(ActivityFilter(text="a"))
    assert query.calls == ["first_rows"]
    assert model.counting() and model.total is None
    assert model.rowCount() == PAGE_SIZE and not model.canFetchMore()  # no more pages before the count
    with qtbot.waitSignal(model.counted, timeout=2000) as counted:
        pass
    assert counted.args == [1000] and model.total == 1000 and not model.counting()
    assert query.calls == ["first_rows", "count"]
    assert model.canFetchMore() and model.rowCount() == PAGE_SIZE  # the rows stay as they were
    model.fetchMore()
    assert shown(model) == list(range(2 * PAGE_SIZE))


def test_the_count_keeps_the_selection_and_the_scroll(qtbot):
    model = ActivityListModel(translator("en"))
    model.query = FakeQuery(500)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(600, 200)
    view.show()
    model.set_filter(ActivityFilter(text="b"))
    resets = []
    model.modelReset.connect(lambda: resets.append(True))
    view.selectionModel().setCurrentIndex(model.index(30, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                                          | QItemSelectionModel.SelectionFlag.Rows)
    view.scrollTo(model.index(30, 0))
    scroll = view.verticalScrollBar().value()
    assert scroll > 0
    with qtbot.waitSignal(model.counted, timeout=2000):
        pass
    QApplication.processEvents()
    assert not resets
    assert view.selectionModel().selectedRows()[0].row() == 30
    assert view.verticalScrollBar().value() == scroll


def test_the_full_search_has_the_last_word_on_the_first_page(qtbot):
    model = ActivityListModel(translator("en"))
    model.query = FakeQuery(50, first=[0, 2, 1, 3])  # as if a letter folded otherwise on the way
    model.set_filter(ActivityFilter(text="σ"))
    assert shown(model) == [0, 2, 1, 3]
    assert model.finish_count() == 50
    assert shown(model) == [0, 1, 2, 3]  # the count's own first rows replace them


def test_a_new_filter_before_the_count_counts_only_the_new_one(qtbot):
    model = ActivityListModel(translator("en"))
    query = FakeQuery(300)
    model.query = query
    model.set_filter(ActivityFilter(text="x"))
    model.set_filter(ActivityFilter(text="xy"))
    with qtbot.waitSignal(model.counted, timeout=2000):
        pass
    QApplication.processEvents()
    assert query.calls == ["first_rows", "first_rows", "count"]
    assert model.filter.text == "xy"


def test_fetch_to_counts_first(qtbot):
    model = ActivityListModel(translator("en"))
    model.query = FakeQuery(450)
    model.set_filter(ActivityFilter(text="z"))
    assert model.fetch_to(420) and model.total == 450 and model.rowCount() > 420
    assert not model.fetch_to(450)


def test_without_a_database_nothing_to_count(qtbot):
    model = ActivityListModel(translator("en"))
    model.set_filter(ActivityFilter(text="z"))
    assert model.total == 0 and not model.counting() and model.rowCount() == 0
