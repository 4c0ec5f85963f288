"""The activity list as a table model that reads its rows a page at a time.

At 100,000 activities, reading every row (let alone a widget per row) would take
seconds; the model asks :class:`~tegdesk.core.activity_query.ActivityQuery` for
the first page of :data:`PAGE_SIZE` rows of a new filter at once (a few milliseconds,
whatever the text), and for the number of activities it selects a moment after
(:data:`COUNT_DELAY_MS`; matching a short text against every activity can take a tenth of
a second, which a user typing on should not wait for): :attr:`ActivityListModel.total` is None until then, and :attr:`counted` says
when it is known. Then come pages as the view scrolls (Qt's ``canFetchMore``/``fetchMore``).
The rows come in the query's order. Each row's texts are made once, when the view
first shows it (formatting 200 rows' dates and amounts would cost more than reading
them), in the interface's language.

The model holds at most :data:`KEPT_PAGES` pages of rows, the ones last shown (a
least-recently-used cache): :meth:`~ActivityListModel.rowCount` counts every row read so
far, but a row whose page has been let go is read again, with its page, when the view
(or anyone) asks for it, synchronously (one query of :data:`PAGE_SIZE` rows, a few
milliseconds). Kept, the 100,000 rows of a list scrolled to its end took some 85 MB;
the view's selection and current row are kept by row number, which does not change.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import OrderedDict
from typing import Any

from babel.dates import format_skeleton
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal

from tegdesk.core.activity_types import ActivityFilter, ActivityRow
from tegdesk.core.i18n import N_, Translator
from tegdesk.core.activity_labels import level_name, status_name
from tegdesk.ui.activities.labels import Places, text_in

IDENTIFIER, TITLE, LEVEL, STATUS, DATES, COUNTRIES, BUDGET = range(7)
HEADERS = (N_("Identifier"), N_("Title"), N_("Level"), N_("Status"), N_("Start–end"),
           N_("Recipients"), N_("Budget"))

#: Pause after a new filter's first page before counting (ms): a key typed meanwhile shows
#: its own first page without waiting for the count of a text already gone.
COUNT_DELAY_MS = 100

#: Rows read from the database at a time (the view asks for more as it scrolls); a window
#: shows some 40, and the first page of a search must come within a keystroke's time.
PAGE_SIZE = 100

#: Pages of rows held at most (the last shown): a window shows some 40 rows, two pages at
#: most; the rest are for scrolling back and forth and the selected row. The others are
#: read again when shown.
KEPT_PAGES = 8

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the ActivityRow

AnyIndex = QModelIndex | QPersistentModelIndex


def dates_text(tr: Translator, row: ActivityRow, *, full: bool = False) -> str:
    """``Feb 2019 – Jun 2021`` (``full``: ``1 Feb 2019 – 30 Jun 2021``); one date when the
    activity has only a start or an end, or both fall in the same month."""
    def text(day: dt.date | None) -> str:
        if day is None:
            return ""
        return tr.date(day, "medium") if full else format_skeleton("yMMM", day, locale=tr.locale)

    start, end = text(row.start), text(row.end)
    if start and end and start != end:
        return f"{start} – {end}"
    return start or end


class _Page:
    """A page of rows as read, with their texts once shown (None: not shown yet)."""

    __slots__ = ("rows", "texts")

    def __init__(self, rows: list[ActivityRow]):
        self.rows = rows
        self.texts: list[tuple[str, ...] | None] = [None] * len(rows)


class ActivityListModel(QAbstractTableModel):
    """Activities selected by an :class:`ActivityFilter`, read page by page, at most
    :data:`KEPT_PAGES` pages held."""

    #: The filter's count is known (:attr:`total`), after its first page is shown.
    counted = Signal(int)

    def __init__(self, tr: Translator, places: Places | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.tr = tr
        self.places = places or Places({}, {}, {}, {})
        self.query: Any = None  # an ActivityQuery, or None (no database)
        self.filter = ActivityFilter()
        self.total: int | None = 0  # how many activities the filter selects; None: not counted yet
        self.loaded = 0  # rows read so far (what the view lists); pages of them held in _pages
        self._pages: OrderedDict[int, _Page] = OrderedDict()  # page number -> page, the last used last
        self.pages_read = 0  # pages read since the last reset (tests and benchmarks)
        self._count_timer = QTimer(self)  # counts once the first page is shown
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(COUNT_DELAY_MS)
        self._count_timer.timeout.connect(self.finish_count)

    # -- reading ---------------------------------------------------------------------
    def set_query(self, query: Any) -> None:
        self.query = query
        self.refresh()

    def set_filter(self, f: ActivityFilter) -> None:
        """Show the activities ``f`` selects: count them and read the first page."""
        self.filter = f
        self.refresh()

    def refresh(self) -> None:
        """Show the first page again (after a save, an import, another filter), and count
        the activities a moment later (:meth:`finish_count`), unless another filter comes first."""
        self._count_timer.stop()
        self.beginResetModel()
        self._pages.clear()
        self.loaded = self.pages_read = 0
        self.total = None
        if self.query is not None:
            self._keep(0, self.query.first_rows(self.filter, PAGE_SIZE))
            self.loaded = len(self._pages[0].rows)
            self.pages_read = 1
        self.endResetModel()
        if self.query is None:
            self.finish_count()
        else:
            self._count_timer.start()

    def counting(self) -> bool:
        """Whether the count of the filter shown is still to come."""
        return self.total is None

    def finish_count(self) -> int:
        """Count the activities the filter selects now, if not done yet, and return the count.

        The full search is the last word: should the first page found before it differ
        (a letter that folds differently, see ``tegdesk.core.store.search.row_check``;
        a change meanwhile), the page is read again from it."""
        self._count_timer.stop()
        if self.total is not None:
            return self.total
        if self.query is None:
            self.total = 0
        else:
            total = self.query.count(self.filter)
            first = self._pages.get(0)  # before the count, the only page read
            shown = [r.id for r in first.rows] if first is not None else []
            if self.query.ids(self.filter, 0, len(shown)) != shown:
                self.beginResetModel()
                self._pages.clear()
                self._keep(0, self.query.rows(self.filter, 0, len(shown)))
                self.loaded = len(self._pages[0].rows)
                self.endResetModel()
            self.total = total
        self.counted.emit(self.total)
        return self.total

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: N802 (Qt's name)
        return not parent.isValid() and self.query is not None and self.total is not None \
            and self.loaded < self.total

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: N802 (Qt's name)
        if self.canFetchMore(parent):
            self._list_to(self.loaded)

    def fetch_to(self, row: int) -> bool:
        """List the rows up to ``row`` (reading only its page); False when the filter selects fewer rows."""
        self.finish_count()
        if row >= self.loaded and self.canFetchMore() and row < (self.total or 0):
            self._list_to(row)
        return row < self.loaded

    def _list_to(self, row: int) -> None:
        """List every row up to the end of ``row``'s page (the filter counted), reading that page."""
        number = row // PAGE_SIZE
        offset = number * PAGE_SIZE
        page = self._read(number)
        end = offset + len(page.rows)
        if len(page.rows) < PAGE_SIZE:  # fewer than counted (deleted meanwhile): stop at what there is
            self.total = max(end, self.loaded)
        end = min(end, self.total or 0)
        if end <= self.loaded:
            return
        self.beginInsertRows(QModelIndex(), self.loaded, end - 1)
        self.loaded = end
        self.endInsertRows()

    # -- the pages held ---------------------------------------------------------------------
    def _keep(self, number: int, rows: list[ActivityRow]) -> _Page:
        page = self._pages[number] = _Page(rows)
        self._pages.move_to_end(number)
        while len(self._pages) > KEPT_PAGES:
            self._pages.popitem(last=False)
        return page

    def _read(self, number: int) -> _Page:
        self.pages_read += 1
        return self._keep(number, self.query.rows(self.filter, number * PAGE_SIZE, PAGE_SIZE))

    def _page(self, number: int) -> _Page:
        """Page ``number``, read again if it was let go; it becomes the last used."""
        page = self._pages.get(number)
        if page is None:
            return self._read(number)
        self._pages.move_to_end(number)
        return page

    def held(self) -> int:
        """How many rows the model holds now (at most ``KEPT_PAGES * PAGE_SIZE``)."""
        return sum(len(page.rows) for page in self._pages.values())

    def row_at(self, row: int) -> ActivityRow | None:
        """The activity of a row listed (its page read again if need be), or None."""
        if not 0 <= row < self.loaded or self.query is None:
            return None
        rows = self._page(row // PAGE_SIZE).rows
        return rows[row % PAGE_SIZE] if row % PAGE_SIZE < len(rows) else None

    def row_of(self, activity_id: uuid.UUID) -> int:
        """The row of an activity among those listed so far, or -1."""
        for number, page in self._pages.items():
            for i, r in enumerate(page.rows):
                if r.id == activity_id:
                    return number * PAGE_SIZE + i
        if self.query is None or self.loaded <= self.held():
            return -1
        try:
            return self.query.ids(self.filter, 0, self.loaded).index(activity_id)
        except ValueError:
            return -1

    # -- language --------------------------------------------------------------------
    def retranslate(self, tr: Translator, places: Places) -> None:
        self.tr, self.places = tr, places
        for page in self._pages.values():
            page.texts = [None] * len(page.rows)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(HEADERS) - 1)
        if self.loaded:
            self.dataChanged.emit(self.index(0, 0), self.index(self.loaded - 1, len(HEADERS) - 1))

    def _row_texts(self, row: ActivityRow) -> tuple[str, ...]:
        tr = self.tr
        budget = tr.money(row.budget, row.currency) if row.budget is not None and row.currency else ""
        return (row.iati_identifier, text_in(tr.lang, row.title, row.titles), level_name(tr, row.level),
                status_name(tr, row.status), dates_text(tr, row), self.places.countries_text(tr, row.countries, row.regions),
                budget)

    def texts(self, row: int) -> tuple[str, ...] | None:
        """The texts of a row listed, made when first shown; None past what there is."""
        if not 0 <= row < self.loaded or self.query is None:
            return None
        page, i = self._page(row // PAGE_SIZE), row % PAGE_SIZE
        if i >= len(page.rows):
            return None
        texts = page.texts[i]
        if texts is None:
            texts = page.texts[i] = self._row_texts(page.rows[i])
        return texts

    # -- Qt ----------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else self.loaded

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 (Qt's name)
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(HEADERS):
            return self.tr.gettext(HEADERS[section])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self.loaded:
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            texts = self.texts(row)
            return texts[column] if texts is not None else None
        if role == Qt.ItemDataRole.ToolTipRole and column in (TITLE, COUNTRIES):
            texts = self.texts(row)
            return texts[column] or None if texts is not None else None
        if role == Qt.ItemDataRole.ToolTipRole and column == DATES:
            activity = self.row_at(row)
            return dates_text(self.tr, activity, full=True) or None if activity is not None else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == BUDGET:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ROW_ROLE:
            return self.row_at(row)
        return None
