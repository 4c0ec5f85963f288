"""The activity list's filters: one checkable list per facet (status, level, year,
subregion, recipient country, BSP area), each value with the number of activities it
would show, e.g. "Thailand (12)".

Values ticked within a facet are alternatives; facets combine (the
:class:`~tegdesk.core.activity_types.ActivityFilter`'s rule). The counts come from
``ActivityQuery.facets(f)`` for the list's current filter; a ticked value the
counts no longer name stays listed (with 0), so it can be unticked.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tegdesk.core.documents.roster_labels import SUBREGION_NAMES
from tegdesk.core.i18n import N_, Translator
from tegdesk.core.activity_labels import LEVEL_NAMES, STATUS_NAMES, level_name, status_name
from tegdesk.ui.activities.labels import Places, sort_key, subregion_name

#: The facets in the order shown: (ActivityFilter field and facets() key, heading).
FACETS: tuple[tuple[str, str], ...] = (
    ("statuses", N_("Status")),
    ("levels", N_("Level")),
    ("years", N_("Year")),
    ("subregions", N_("Subregion")),
    ("countries", N_("Recipient country")),
    ("bsp_codes", N_("BSP area")),
)

VALUE_ROLE = Qt.ItemDataRole.UserRole
KEY_ROLE = Qt.ItemDataRole.UserRole + 1


def facet_value(facet: Any) -> Any:
    """A facet entry's value (``Facet.value``; a ``(value, count)`` pair also works)."""
    return facet.value if hasattr(facet, "value") else facet[0]


def facet_count(facet: Any) -> int:
    return facet.count if hasattr(facet, "count") else facet[1]


class FacetPanel(QWidget):
    """Checkable values with counts; ``changed`` once the user ticks or unticks one."""

    changed = Signal()

    def __init__(self, tr: Translator, places: Places, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("facet_panel")
        self.tr = tr
        self.places = places
        self.ticked: dict[str, set[Any]] = {key: set() for key, _heading in FACETS}
        self.counts: dict[str, list[tuple[Any, int]]] = {key: [] for key, _heading in FACETS}
        self.read_only = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        top = QHBoxLayout()
        self.title_label = QLabel()
        self.title_label.setObjectName("filters_title")
        font = QFont(self.title_label.font())
        font.setBold(True)
        self.title_label.setFont(font)
        top.addWidget(self.title_label)
        top.addStretch(1)
        self.clear_button = QPushButton()
        self.clear_button.setObjectName("clear_filters")
        self.clear_button.setAutoDefault(False)
        self.clear_button.clicked.connect(lambda _checked=False: self.clear())
        top.addWidget(self.clear_button)
        layout.addLayout(top)

        self.tree = QTreeWidget()
        self.tree.setObjectName("facets")
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(2)  # the value, and how many activities it would show
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.tree.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.groups: dict[str, QTreeWidgetItem] = {}
        heading_font = QFont(self.tree.font())
        heading_font.setBold(True)
        for key, _heading in FACETS:
            group = QTreeWidgetItem(self.tree)
            group.setData(0, KEY_ROLE, key)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            group.setFont(0, heading_font)
            group.setFirstColumnSpanned(True)
            self.groups[key] = group
            group.setExpanded(True)
        self.tree.itemChanged.connect(self._item_changed)
        self.tree.itemClicked.connect(self._item_clicked)
        layout.addWidget(self.tree, 1)

        # Tell the page after the click is handled: it rebuilds these lists with the new counts.
        self._notify = QTimer(self)
        self._notify.setSingleShot(True)
        self._notify.setInterval(0)
        self._notify.timeout.connect(self.changed)
        self.retranslate(tr, places)

    # -- language ---------------------------------------------------------------------
    def retranslate(self, tr: Translator, places: Places) -> None:
        self.tr, self.places = tr, places
        _ = tr.gettext
        self.title_label.setText(_("Filters"))
        self.clear_button.setText(_("Clear filters"))
        self.clear_button.setToolTip(_("Untick every filter and empty the search"))
        self.tree.setAccessibleName(_("Filters"))
        self._fill()

    # -- values -------------------------------------------------------------------------
    def label(self, key: str, value: Any) -> str:
        tr = self.tr
        if key == "statuses":
            return status_name(tr, value)
        if key == "levels":
            return level_name(tr, value)
        if key == "subregions":
            return subregion_name(tr, value)
        if key == "countries":
            return self.places.country(value)
        if key == "bsp_codes":
            return self.places.bsp_label(value)
        return str(value)

    def _order(self, key: str) -> Callable[[tuple[Any, int]], Any]:
        ranks: Mapping[Any, int] = {}
        if key == "statuses":
            ranks = {code: i for i, code in enumerate(STATUS_NAMES)}
        elif key == "levels":
            ranks = {code: i for i, code in enumerate(LEVEL_NAMES)}
        elif key == "subregions":
            ranks = {name: i for i, name in enumerate(SUBREGION_NAMES)}
        if ranks:
            return lambda item: (ranks.get(item[0], len(ranks)), str(item[0]))
        if key == "years":
            return lambda item: -int(item[0])
        if key == "bsp_codes":
            return lambda item: str(item[0])
        collate = sort_key(self.tr)
        return lambda item: collate(self.label(key, item[0]))

    def set_facets(self, facets: Mapping[str, Any]) -> None:
        """Show the counts of ``ActivityQuery.facets(f)``."""
        for key, _heading in FACETS:
            self.counts[key] = [(facet_value(f), facet_count(f)) for f in facets.get(key, ())]
        self._fill()

    def _fill(self) -> None:
        tr = self.tr
        with QSignalBlocker(self.tree):
            for key, heading in FACETS:
                group = self.groups[key]
                entries = list(self.counts[key])
                listed = {value for value, _n in entries}
                entries += [(value, 0) for value in self.ticked[key] if value not in listed]
                entries.sort(key=self._order(key))
                ticked = len(self.ticked[key])
                group.setText(0, tr.gettext("{facet} ({ticked} ticked)", facet=tr.gettext(heading),
                                            ticked=tr.number(ticked)) if ticked else tr.gettext(heading))
                while group.childCount() > len(entries):
                    group.removeChild(group.child(group.childCount() - 1))
                for i, (value, count) in enumerate(entries):
                    item = group.child(i) if i < group.childCount() else QTreeWidgetItem(group)
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                    item.setData(0, VALUE_ROLE, value)
                    item.setData(0, KEY_ROLE, key)
                    name = self.label(key, value)
                    item.setText(0, name)
                    item.setText(1, tr.number(count))
                    item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    item.setToolTip(0, tr.ngettext("{name}: {n} activity", "{name}: {n} activities", count, name=name))
                    item.setCheckState(0, Qt.CheckState.Checked if value in self.ticked[key]
                                       else Qt.CheckState.Unchecked)
                group.setHidden(not entries)
        self.clear_button.setEnabled(self.has_selection())

    # -- ticking --------------------------------------------------------------------------
    def _item_changed(self, item: QTreeWidgetItem, _column: int) -> None:
        key = item.data(0, KEY_ROLE)
        if item.parent() is None or key not in self.ticked:
            return
        value = item.data(0, VALUE_ROLE)
        if item.checkState(0) == Qt.CheckState.Checked:
            self.ticked[key].add(value)
        else:
            self.ticked[key].discard(value)
        self._notify.start()

    def _item_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        """A click on a heading opens or closes its list."""
        if item.parent() is None:
            item.setExpanded(not item.isExpanded())

    def set_checked(self, key: str, value: Any, on: bool = True) -> None:
        """Tick (or untick) a value as the user would (``changed`` follows)."""
        group = self.groups[key]
        for i in range(group.childCount()):
            item = group.child(i)
            if item.data(0, VALUE_ROLE) == value:
                item.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                return
        (self.ticked[key].add if on else self.ticked[key].discard)(value)
        self._notify.start()

    def item(self, key: str, value: Any) -> QTreeWidgetItem | None:
        group = self.groups[key]
        return next((group.child(i) for i in range(group.childCount())
                     if group.child(i).data(0, VALUE_ROLE) == value), None)

    def texts(self, key: str) -> list[str]:
        """What one facet's list shows, top to bottom, as "Thailand (12)" (tests)."""
        group = self.groups[key]
        return [f"{group.child(i).text(0)} ({group.child(i).text(1)})" for i in range(group.childCount())]

    def selection(self) -> dict[str, frozenset[Any]]:
        return {key: frozenset(values) for key, values in self.ticked.items()}

    def has_selection(self) -> bool:
        return any(self.ticked.values())

    def clear(self) -> None:
        """Untick everything (``changed`` follows; the page empties the search too)."""
        for values in self.ticked.values():
            values.clear()
        self._fill()
        self._notify.start()
