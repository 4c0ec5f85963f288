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
"""

from __future__ import annotations

import datetime as dt
import uuid
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


class ActivityListModel(QAbstractTableModel):
    """Activities selected by an :class:`ActivityFilter`, read page by page."""

    #: The filter's count is known (:attr:`total`), after its first page is shown.
    counted = Signal(int)

    def __init__(self, tr: Translator, places: Places | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.tr = tr
        self.places = places or Places({}, {}, {}, {})
        self.query: Any = None  # an ActivityQuery, or None (no database)
        self.filter = ActivityFilter()
        self.total: int | None = 0  # how many activities the filter selects; None: not counted yet
        self.rows: list[ActivityRow] = []
        self._texts: list[tuple[str, ...] | None] = []  # None: not shown yet
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
        self.rows, self._texts, self.pages_read = [], [], 0
        self.total = None
        if self.query is not None:
            self.rows = self.query.first_rows(self.filter, PAGE_SIZE)
            self._texts = [None] * len(self.rows)
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
            shown = [r.id for r in self.rows]
            if self.query.ids(self.filter, 0, len(shown)) != shown:
                self.beginResetModel()
                self.rows = self.query.rows(self.filter, 0, len(shown))
                self._texts = [None] * len(self.rows)
                self.endResetModel()
            self.total = total
        self.counted.emit(self.total)
        return self.total

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: N802 (Qt's name)
        return not parent.isValid() and self.query is not None and self.total is not None \
            and len(self.rows) < self.total

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: N802 (Qt's name)
        if not self.canFetchMore(parent):
            return
        offset = len(self.rows)
        page = self.query.rows(self.filter, offset, PAGE_SIZE)
        self.pages_read += 1
        if len(page) < PAGE_SIZE:  # fewer than counted (deleted meanwhile): stop at what there is
            self.total = offset + len(page)
        if not page:
            return
        self.beginInsertRows(QModelIndex(), offset, offset + len(page) - 1)
        self.rows.extend(page)
        self._texts.extend([None] * len(page))
        self.endInsertRows()

    def fetch_to(self, row: int) -> bool:
        """Read pages until ``row`` is loaded; False when the filter selects fewer rows."""
        self.finish_count()
        while len(self.rows) <= row and self.canFetchMore():
            self.fetchMore()
        return row < len(self.rows)

    # -- language --------------------------------------------------------------------
    def retranslate(self, tr: Translator, places: Places) -> None:
        self.tr, self.places = tr, places
        self._texts = [None] * len(self.rows)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(HEADERS) - 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(HEADERS) - 1))

    def _row_texts(self, row: ActivityRow) -> tuple[str, ...]:
        tr = self.tr
        budget = tr.money(row.budget, row.currency) if row.budget is not None and row.currency else ""
        return (row.iati_identifier, text_in(tr.lang, row.title, row.titles), level_name(tr, row.level),
                status_name(tr, row.status), dates_text(tr, row), self.places.countries_text(tr, row.countries, row.regions),
                budget)

    def texts(self, row: int) -> tuple[str, ...]:
        texts = self._texts[row]
        if texts is None:
            texts = self._texts[row] = self._row_texts(self.rows[row])
        return texts

    # -- Qt ----------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 (Qt's name)
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(HEADERS):
            return self.tr.gettext(HEADERS[section])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.texts(row)[column]
        if role == Qt.ItemDataRole.ToolTipRole and column in (TITLE, COUNTRIES):
            return self.texts(row)[column] or None
        if role == Qt.ItemDataRole.ToolTipRole and column == DATES:
            return dates_text(self.tr, self.rows[row], full=True) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == BUDGET:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ROW_ROLE:
            return self.rows[row]
        return None

    # -- finding -------------------------------------------------------------------------
    def row_at(self, row: int) -> ActivityRow | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def row_of(self, activity_id: uuid.UUID) -> int:
        """The row of an activity among those read so far, or -1."""
        return next((i for i, r in enumerate(self.rows) if r.id == activity_id), -1)
