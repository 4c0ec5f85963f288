"""The activity list model shows a filter's first page at once and its count a moment
after (unless another filter comes first): rows, scroll position and selection stay; the
full search has the last word on the first page."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QApplication, QTableView

from tegdesk.core.activity_types import ActivityFilter, ActivityRow
from tegdesk.core.i18n import translator
from tegdesk.ui.activities.model import IDENTIFIER, KEPT_PAGES, PAGE_SIZE, ROW_ROLE, ActivityListModel


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
    return [model.row_at(i).id.int for i in range(model.rowCount())]


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


def test_scrolling_through_thousands_of_rows_holds_a_bounded_number(qtbot):
    """Memory is bounded by design: however far the list is scrolled, the model holds at
    most KEPT_PAGES pages of rows; a row let go is read again, right, when shown again,
    and the selection stays on its activity."""
    n = 5_000
    model = ActivityListModel(translator("en"))
    model.query = FakeQuery(n)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(600, 400)
    view.show()
    model.set_filter(ActivityFilter())
    model.finish_count()
    view.selectionModel().setCurrentIndex(model.index(10, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                                          | QItemSelectionModel.SelectionFlag.Rows)
    bound = KEPT_PAGES * PAGE_SIZE
    most = 0
    bar = view.verticalScrollBar()
    while model.canFetchMore():  # dragged to the end: every page listed on the way
        bar.setValue(bar.maximum())
        view.viewport().repaint()
        QApplication.processEvents()
        most = max(most, model.held())
    assert model.rowCount() == n and most <= bound < n
    for k in range(0, 201):  # and back through it, each position painted
        bar.setValue(bar.maximum() * (200 - k) // 200)
        view.viewport().repaint()
        QApplication.processEvents()
        most = max(most, model.held())
        top = view.rowAt(0)
        assert model.index(top, IDENTIFIER).data() == f"T-{top:04d}"
    assert most <= bound
    assert model.pages_read > n // PAGE_SIZE  # pages let go were read again
    for r in (0, 10, 2_345, 4_999, 777, 4_321):  # any row, whether held or not
        assert model.index(r, IDENTIFIER).data() == f"T-{r:04d}"
        assert model.index(r, 0).data(ROW_ROLE).id == uuid.UUID(int=r)
        assert model.held() <= bound
    assert [i.row() for i in view.selectionModel().selectedRows()] == [10]
    assert view.selectionModel().currentIndex().row() == 10
    for r in range(0, 5_000, 1_000):  # scroll far from row 10: its page is let go
        view.scrollTo(model.index(r + 500, 0))
        QApplication.processEvents()
    assert view.selectionModel().selectedRows()[0].data(ROW_ROLE).id == uuid.UUID(int=10)
    assert model.row_of(uuid.UUID(int=4_000)) == 4_000 and model.row_of(uuid.UUID(int=n)) == -1
    assert model.row_of(uuid.UUID(int=10)) == 10


def test_fetch_to_a_far_row_reads_only_its_page(qtbot):
    model = ActivityListModel(translator("en"))
    query = FakeQuery(10_000)
    model.query = query
    model.set_filter(ActivityFilter())
    assert model.fetch_to(7_654)
    assert model.rowCount() == 7_700 and query.calls == ["first_rows", "count", "rows 7600"]
    assert model.row_at(7_654).iati_identifier == "T-7654" and model.row_at(5).iati_identifier == "T-0005"
    assert not model.fetch_to(10_000) and model.rowCount() == 7_700


def test_a_page_shorter_than_counted_ends_the_list(qtbot):
    model = ActivityListModel(translator("en"))
    query = FakeQuery(250)
    model.query = query
    model.set_filter(ActivityFilter())
    model.finish_count()
    query.n = 230  # deleted meanwhile
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 230 and model.total == 230 and not model.canFetchMore()
    assert model.index(229, IDENTIFIER).data() == "T-0229" and model.index(230, IDENTIFIER).data() is None
