"""The roster table: one row per term, as :meth:`RosterService.rows` returns them.

Built to stay quick at 10,000 terms. Every row's display texts, sort keys and a
lower-cased search haystack are computed once when the rows are loaded (or the
language changes), so ``data()`` is a tuple lookup, sorting is one Python sort
over precomputed keys (done in the source model, not by comparing cells through
Qt), and the filter decides each row from precomputed values.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from functools import cmp_to_key
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCollator,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from tegdesk.core.i18n import N_, Translator, translator
from tegdesk.core.rules import ENDING_SOON_DAYS
from tegdesk.core.services.roster import RosterRow
from tegdesk.ui.roster.names import (
    CURRENT_STATUSES,
    offices_text,
    person_name,
    short_date,
    sort_text,
    status_name,
    subregion_name,
)

# Columns, in order.
MEMBER, SUBREGION, EXPERT, ORGANIZATION, START, END, TERM, STATUS, OFFICE, TOR = range(10)
HEADERS = [N_("Member"), N_("Subregion"), N_("Expert"), N_("Organization"), N_("Term start"), N_("Term end"),
           N_("Term no."), N_("Status"), N_("Bureau office"), N_("ToR")]
#: What a header means, shown as its tooltip.
HEADER_TIPS = {TERM: N_("Number of the term in a run of consecutive terms"),
               TOR: N_("Version of the terms of reference in force when the term began"),
               STATUS: N_("As of the date chosen above the table")}
#: The RosterRow of a row (any column).
ROW_ROLE = Qt.ItemDataRole.UserRole + 1

_PAST = QBrush(QColor("#6b6b6b"))
_UPCOMING = QBrush(QColor("#1f5fa8"))
_ENDING_SOON = QBrush(QColor("#fff1cc"))
_CENTERED = int(Qt.AlignmentFlag.AlignCenter)


@dataclass(slots=True)
class _Entry:
    row: RosterRow
    texts: tuple[str, ...]
    keys: list[Any]
    haystack: str
    current: bool
    ending_soon: bool


class RosterTableModel(QAbstractTableModel):
    def __init__(self, tr: Translator, parent: Any = None):
        super().__init__(parent)
        self.tr = tr
        self.as_of = dt.date.today()
        self.entries: list[_Entry] = []
        self.member_names: dict[uuid.UUID, str] = {}
        self.revision = 0  # changes whenever row order or content changes (the filter caches by it)
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._dates: dict[dt.date, str] = {}
        self._numbers: dict[int, str] = {}

    # -- loading ------------------------------------------------------------
    def set_rows(self, rows: Sequence[RosterRow], as_of: dt.date, member_names: dict[uuid.UUID, str]) -> None:
        self.beginResetModel()
        self.as_of = as_of
        self.member_names = member_names
        # Babel formats a date or a number in ~20 µs: once per distinct value and language
        self._dates: dict[dt.date, str] = {}
        self._numbers: dict[int, str] = {}
        self.entries = [self._entry(r) for r in rows]
        self._rank_columns()
        if self._sort is not None:
            self._sort_entries(*self._sort)
        self.revision += 1
        self.endResetModel()

    def retranslate(self, tr: Translator, member_names: dict[uuid.UUID, str]) -> None:
        if tr is self.tr and member_names == self.member_names:
            return  # nothing reads differently (the window's first retranslate): 10,000 rows not rebuilt
        self.tr = tr
        self.set_rows([e.row for e in self.entries], self.as_of, member_names)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(HEADERS) - 1)

    def _entry(self, r: RosterRow) -> _Entry:
        tr = self.tr
        member = self.member_names.get(r.member_id) or r.member
        subregion = subregion_name(tr, r.subregion)
        expert = person_name(r.family_name, r.given_names, r.honorific)
        office = offices_text(tr, r.offices)
        texts = (member, subregion, expert, r.organization, self._date(r.start_date), self._date(r.end_date),
                 self._number(r.term_number), status_name(tr, r.status), office,
                 self._number(r.tor_version) if r.tor_version is not None else "")
        # member, subregion, status and office are ranked afterwards (_rank_columns)
        keys = [0, 0, (sort_text(r.family_name), sort_text(r.given_names)), sort_text(r.organization),
                r.start_date.toordinal(), r.end_date.toordinal(), r.term_number, 0, 0,
                r.tor_version if r.tor_version is not None else -1]
        haystack = "\n".join((member, r.member, r.member_iso3, expert, r.family_name, r.given_names,
                              r.organization)).casefold()
        current = r.status in CURRENT_STATUSES
        soon = r.status == "serving" and (r.end_date - self.as_of).days <= ENDING_SOON_DAYS
        return _Entry(r, texts, keys, haystack, current, soon)

    def _date(self, day: dt.date) -> str:
        text = self._dates.get(day)
        if text is None:
            text = self._dates[day] = short_date(self.tr, day)
        return text

    def _number(self, value: int) -> str:
        text = self._numbers.get(value)
        if text is None:
            text = self._numbers[value] = self.tr.number(value)
        return text

    def _rank_columns(self) -> None:
        """Members, subregions, statuses and offices sort as the language does (pinyin
        order in Chinese): their few distinct names are ranked once with Qt's collator."""
        collator = QCollator(QLocale(str(self.tr.locale)))
        compare = cmp_to_key(collator.compare)
        for column in (MEMBER, SUBREGION, STATUS, OFFICE):
            names = sorted({e.texts[column] for e in self.entries}, key=compare)
            rank = {name: i for i, name in enumerate(names)}
            if column == OFFICE and "" in rank:  # terms without an office sort last
                rank[""] = len(names)
            for e in self.entries:
                e.keys[column] = rank[e.texts[column]]

    # -- Qt's model interface ----------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.tr.gettext(HEADERS[section])
            if role == Qt.ItemDataRole.ToolTipRole and section in HEADER_TIPS:
                return self.tr.gettext(HEADER_TIPS[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return entry.texts[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(entry, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if not entry.current:
                return _PAST
            if entry.row.status == "upcoming":
                return _UPCOMING
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return _ENDING_SOON if column == END and entry.ending_soon else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _CENTERED if column in (TERM, TOR) else None
        if role == ROW_ROLE:
            return entry.row
        return None

    def _tooltip(self, entry: _Entry, column: int) -> str | None:
        r = entry.row
        if column == MEMBER and r.associate:
            return self.tr.gettext("{member} (associate member)", member=entry.texts[MEMBER])
        if column == END and entry.ending_soon:
            return self.tr.gettext("Ends within {days} days.", days=ENDING_SOON_DAYS)
        if column == EXPERT and r.title:
            return f"{entry.texts[EXPERT]}\n{r.title}"
        return entry.texts[column] or None

    # -- sorting (in the source, over precomputed keys) -------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(HEADERS):
            return
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        before = {id(e): i for i, e in enumerate(self.entries)}
        self._sort_entries(column, order)
        position = {before[id(e)]: i for i, e in enumerate(self.entries)}
        self.changePersistentIndexList(old, [self.index(position[i.row()], i.column()) for i in old])
        self.revision += 1
        self.layoutChanged.emit()

    def _sort_entries(self, column: int, order: Qt.SortOrder) -> None:
        # Ties keep a readable order: member, family name, term start.
        self.entries.sort(key=lambda e: (e.keys[MEMBER], e.keys[EXPERT], e.row.start_date))
        self.entries.sort(key=lambda e: e.keys[column], reverse=order == Qt.SortOrder.DescendingOrder)

    # -- helpers ------------------------------------------------------------------------
    def row_of(self, source_row: int) -> RosterRow:
        return self.entries[source_row].row

    def source_row_of_term(self, term_id: uuid.UUID) -> int:
        return next((i for i, e in enumerate(self.entries) if e.row.term_id == term_id), -1)


class RosterFilter(QSortFilterProxyModel):
    """Search text, subregion, member or associate, serving or past, ending soon.

    Rows are decided from the source's precomputed values; the decisions are
    computed once per filter change (a list comprehension), and
    ``filterAcceptsRow`` only looks its answer up; typing on (a longer text that
    contains the last one) only tests the rows the last text matched. Sorting is
    handed to the source model (:meth:`RosterTableModel.sort`).

    (A proxy over a plain list of rows, announcing one layout change per keystroke,
    cut the slowest keystrokes by a third, but with PySide6 6.12 it corrupted the
    interpreter's reference count of True after a hundred or so filter changes,
    aborting Python at exit: see docs/performance.md.)"""

    ALL = "all"

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.setDynamicSortFilter(False)
        self.text = ""
        self.subregion: str | None = None  # None: all
        self.membership = self.ALL  # "all", "member", "associate"
        self.period = "current"  # "current" (serving and upcoming), "past", "all"
        self.ending_soon = False
        self._accepted: list[bool] = []
        self._revision = -1
        self._base: list[bool] = []  # the answers of every filter but the search text
        self._haystacks: list[str] = []
        self._base_key: tuple = ()
        self._last: tuple[tuple, str, list[bool]] = ((), "", [])  # (base key, text, its answers)
        self._model = RosterTableModel(translator("en"), self)  # replaced by setSourceModel

    def setSourceModel(self, model: RosterTableModel) -> None:  # type: ignore[override]  # noqa: N802
        self._model = model  # kept in Python: filterAcceptsRow reads it 10,000 times per keystroke
        super().setSourceModel(model)

    def source(self) -> RosterTableModel:
        return self._model

    def set_filters(self, **values: Any) -> None:
        """Change any of ``text``, ``subregion``, ``membership``, ``period``, ``ending_soon``."""
        if "text" in values:
            values["text"] = " ".join(str(values["text"]).split()).casefold()
        if all(getattr(self, k) == v for k, v in values.items()):
            return
        self.beginFilterChange()
        for key, value in values.items():
            setattr(self, key, value)
        self._revision = -1
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def _decide(self) -> list[bool]:
        """Every source row's answer. The part that does not depend on the search text is
        kept between keystrokes, so a keystroke costs one substring test per row."""
        model = self._model
        key = (model.revision, self.subregion, self.membership, self.period, self.ending_soon)
        if self._base_key != key:
            subregion, period, soon = self.subregion, self.period, self.ending_soon
            associate = None if self.membership == self.ALL else self.membership == "associate"
            current = period == "current"
            self._base = [(subregion is None or e.row.subregion == subregion)
                          and (associate is None or e.row.associate == associate)
                          and (period == "all" or e.current == current)
                          and (not soon or e.ending_soon) for e in model.entries]
            self._haystacks = [e.haystack for e in model.entries]
            self._base_key = key
        text, words = self.text, self.text.split()
        last_key, last_text, last = self._last
        # typing on (the text before is part of this one): only the rows it matched can match
        candidates = last if last_key == key and last_text and last_text in text else self._base
        if not words:
            accepted = list(self._base)
        elif len(words) == 1:
            word = words[0]
            accepted = [ok and word in h for ok, h in zip(candidates, self._haystacks, strict=True)]
        else:
            accepted = [ok and all(w in h for w in words) for ok, h in zip(candidates, self._haystacks, strict=True)]
        self._last = (key, text, accepted)
        return accepted

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        # Called for every source row on each change: keep it to a lookup.
        if self._revision != self._model.revision:
            self._accepted = self._decide()
            self._revision = self._model.revision
        return self._accepted[source_row]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.source().sort(column, order)

    # -- helpers ------------------------------------------------------------------------
    def row_at(self, proxy_row: int) -> RosterRow | None:
        if not 0 <= proxy_row < self.rowCount():
            return None
        return self.source().row_of(self.mapToSource(self.index(proxy_row, 0)).row())

    def visible_rows(self) -> list[RosterRow]:
        return [r for r in (self.row_at(i) for i in range(self.rowCount())) if r is not None]
