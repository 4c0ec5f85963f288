"""The audit trail window: who changed what and when, filtered, exported, never edited.

:class:`AuditTrailModel` is a read-only table over
:class:`~tegdesk.core.services.audit_log.AuditLog` that loads the log a page
at a time as the user scrolls (``canFetchMore``/``fetchMore``): the log only
grows, and a large import adds thousands of entries at once.
:class:`AuditTrailDialog` adds the filters (table, user, dates, text), a
Refresh button for entries written since it opened, and Export… to CSV or
XLSX of everything the filters let through.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from tegdesk.core.errors import UserError
from tegdesk.core.i18n import N_, Translator
from tegdesk.core.services.audit_log import AuditFilter, AuditLog, AuditRow, action_name, table_name
from tegdesk.ui import messages
from tegdesk.ui.roster.widgets import OptionalDate

ParentIndex = QModelIndex | QPersistentModelIndex
SEARCH_DELAY_MS = 250
CELL_CHARS = 160  # a changes cell shows this much; the tooltip and the export show everything

COLUMNS = (N_("When (UTC)"), N_("User"), N_("Table"), N_("Record"), N_("Action"), N_("Changes"))
WHEN, USER, TABLE, RECORD, ACTION, CHANGES = range(len(COLUMNS))


class AuditTrailModel(QAbstractTableModel):
    """The entries a filter lets through, newest first, fetched a page at a time. Read-only."""

    def __init__(self, log: AuditLog, tr: Translator, parent: QWidget | None = None):
        super().__init__(parent)
        self.log = log
        self.tr = tr
        self.filter = AuditFilter()
        self.entries: list[AuditRow] = []
        self.total = 0

    def set_filter(self, flt: AuditFilter) -> None:
        """Show what ``flt`` lets through, from the newest entry (also: refresh)."""
        self.beginResetModel()
        self.filter = flt
        self.total = self.log.count(flt)
        self.entries = self.log.page(flt)
        self.endResetModel()

    def set_translator(self, tr: Translator) -> None:
        self.tr = tr
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self.entries:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.entries) - 1, len(COLUMNS) - 1))

    # -- incremental loading ---------------------------------------------------------------
    def canFetchMore(self, parent: ParentIndex = QModelIndex()) -> bool:  # noqa: N802 (Qt's name)
        return not parent.isValid() and len(self.entries) < self.total

    def fetchMore(self, parent: ParentIndex = QModelIndex()) -> None:  # noqa: N802
        if parent.isValid() or not self.entries:
            return
        more = self.log.page(self.filter, after=self.entries[-1].key)
        if not more:
            self.total = len(self.entries)  # entries went away meanwhile: nothing more to fetch
            return
        first = len(self.entries)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self.entries.extend(more)
        self.endInsertRows()

    # -- the model -------------------------------------------------------------------------
    def rowCount(self, parent: ParentIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: ParentIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def flags(self, index: ParentIndex) -> Qt.ItemFlag:
        # never ItemIsEditable: the audit trail cannot be changed from here
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable if index.isValid() else Qt.ItemFlag.NoItemFlags

    def setData(self, _index: ParentIndex, _value: Any, _role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        return False

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr.gettext(COLUMNS[section])
        return None

    def data(self, index: ParentIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == CHANGES:
                text = "; ".join(entry.change_lines())
                return text if len(text) <= CELL_CHARS else text[:CELL_CHARS - 1] + "…"
            return self.text(entry, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == CHANGES:
                return "\n".join(entry.change_lines())
            if column == RECORD:
                return entry.record_id
            if column == USER:
                return entry.host
        return None

    def text(self, entry: AuditRow, column: int) -> str:
        if column == WHEN:
            return entry.at.strftime("%Y-%m-%d %H:%M:%S")
        if column == USER:
            return entry.user
        if column == TABLE:
            return table_name(self.tr, entry.table)
        if column == RECORD:
            return entry.record or entry.record_id[:8]
        if column == ACTION:
            return action_name(self.tr, entry.action)
        return "; ".join(entry.change_lines())


class AuditTrailDialog(QDialog):
    """A window on the audit trail; it shows and exports, and changes nothing."""

    def __init__(self, store: Any, tr: Translator, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("audit_trail")
        self.tr = tr
        self.log = AuditLog(store)
        self.resize(1100, 640)
        self.setSizeGripEnabled(True)

        self.table_filter = QComboBox()
        self.table_filter.setObjectName("table_filter")
        self.user_filter = QComboBox()
        self.user_filter.setObjectName("user_filter")
        self.since = OptionalDate(dt.date.today() - dt.timedelta(days=30))
        self.since.setObjectName("since")
        self.until = OptionalDate(dt.date.today())
        self.until.setObjectName("until")
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.labels = {name: QLabel() for name in ("table", "user", "since", "until")}
        filters = QHBoxLayout()
        for name, widget in (("table", self.table_filter), ("user", self.user_filter), ("since", self.since),
                             ("until", self.until)):
            filters.addWidget(self.labels[name])
            filters.addWidget(widget)
        filters.addWidget(self.search, 1)

        self.model = AuditTrailModel(self.log, tr, self)
        self.view = QTableView()
        self.view.setObjectName("audit_table")
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        for column in (WHEN, USER, TABLE, ACTION):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(RECORD, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(RECORD, 200)
        header.setSectionResizeMode(CHANGES, QHeaderView.ResizeMode.Stretch)

        self.count_label = QLabel()
        self.count_label.setObjectName("count")
        self.refresh_button = QPushButton()
        self.refresh_button.setObjectName("refresh")
        self.export_button = QPushButton()
        self.export_button.setObjectName("export")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.refresh_button)
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(self.timer.start)
        self.table_filter.currentIndexChanged.connect(self.apply_filters)
        self.user_filter.currentIndexChanged.connect(self.apply_filters)
        self.since.changed.connect(self.apply_filters)
        self.until.changed.connect(self.apply_filters)
        self.refresh_button.clicked.connect(self.refresh)
        self.export_button.clicked.connect(self.choose_export)
        self.model.rowsInserted.connect(self._show_count)
        self.model.modelReset.connect(self._show_count)

        self.retranslate(tr)
        self.refresh()

    def retranslate(self, tr: Translator) -> None:
        self.tr = tr
        _ = tr.gettext
        self.setWindowTitle(_("Audit trail"))
        self.labels["table"].setText(_("Table:"))
        self.labels["user"].setText(_("User:"))
        self.labels["since"].setText(_("From:"))
        self.labels["until"].setText(_("To:"))
        self.search.setPlaceholderText(_("Search the changes, records and users"))
        self.refresh_button.setText(_("Refresh"))
        self.export_button.setText(_("Export…"))
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        self.model.set_translator(tr)
        self._fill_choices()
        self._show_count()

    def _fill_choices(self) -> None:
        """The tables and users found in the log, keeping the current choices."""
        _ = self.tr.gettext
        for combo, values, label in ((self.table_filter, self.log.tables(), lambda t: table_name(self.tr, t)),
                                     (self.user_filter, self.log.users(), str)):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(_("All"), None)
            for value in sorted(values, key=lambda v: label(v).casefold()):
                combo.addItem(label(value), value)
            combo.setCurrentIndex(max(combo.findData(current), 0) if current is not None else 0)
            combo.blockSignals(False)

    def current_filter(self) -> AuditFilter:
        return AuditFilter(table=self.table_filter.currentData(), user=self.user_filter.currentData(),
                           since=self.since.value(), until=self.until.value(), text=self.search.text())

    def apply_filters(self) -> None:
        self.timer.stop()
        self.model.set_filter(self.current_filter())

    def refresh(self) -> None:
        """Read the log again: entries written since the window opened appear at the top."""
        self._fill_choices()
        self.apply_filters()

    def _show_count(self, *_args: Any) -> None:
        tr = self.tr
        self.count_label.setText(tr.ngettext("{shown} of {n} entry shown", "{shown} of {n} entries shown",
                                             self.model.total, shown=tr.number(self.model.rowCount())))

    # -- export --------------------------------------------------------------------------------
    def choose_export(self) -> Path | None:
        _ = self.tr.gettext
        filters = [_("Excel workbook (*.xlsx)"), _("CSV file (*.csv)")]
        folder = Path(self.log.store.path).parent
        name, chosen = QFileDialog.getSaveFileName(self, _("Export the audit trail"),
                                                   str(folder / "audit-trail.xlsx"), ";;".join(filters))
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() not in (".xlsx", ".csv"):
            path = path.with_suffix(".csv" if chosen == filters[1] else ".xlsx")
        return self.export(path)

    def export(self, path: Path) -> Path | None:
        """Write every entry the filters let through (not only those loaded) to ``path``."""
        _ = self.tr.gettext
        try:
            count = self.log.export(path, self.tr, self.current_filter())
        except (UserError, OSError) as exc:
            detail = exc.text(self.tr) if isinstance(exc, UserError) else str(exc)
            messages.fail(self, _("Audit trail not exported"), _("The audit trail could not be written."), detail)
            return None
        messages.inform(self, _("Audit trail exported"), self.tr.ngettext(
            "{n} entry was written to {path}.", "{n} entries were written to {path}.", count, path=str(path)))
        return path
