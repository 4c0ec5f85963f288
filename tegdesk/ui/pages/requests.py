"""Requests: requests for technology support and capacity-building from members and associate
members, tracked from receipt to answer (B4).

On top, filters shared by both views (search in subjects, references and requesting bodies;
status; member; year received). Two views of the same requests: the **register** (a table:
reference, status, member, received, subject, days, activities) and the **board** (one column
per status; a card moves with "Move to…" or by dragging it onto another column, which opens
a small dialog for the date and the note, checked by the rules). Below, the selected request
in full: its fields and processing time, its dated history, the activities and experts that
answered it. Every change goes through the
:class:`~tegdesk.core.services.requests.RequestService`.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QSignalBlocker, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHeaderView,
    QMenu,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolBar,
    QToolButton,
    QWidget,
)

from tegdesk.core.errors import DatabaseError, UserError
from tegdesk.core.i18n import N_, Translator
from tegdesk.core.request_rules import STATUSES, next_statuses, status_name
from tegdesk.core.services.requests import RequestFilter, RequestRow, RequestService
from tegdesk.core.store import Store
from tegdesk.ui import messages
from tegdesk.ui.dialogs import open_dialog
from tegdesk.ui.pages.base import Page, page_layout, search_and_filters
from tegdesk.ui.requests import model as cols
from tegdesk.ui.requests.board import Board
from tegdesk.ui.requests.detail import RequestDetailView
from tegdesk.ui.requests.forms import MoveDialog, RequestDialog
from tegdesk.ui.requests.labels import member_name
from tegdesk.ui.requests.model import ROW_ROLE, RegisterModel
from tegdesk.ui.roster.names import sort_text
from tegdesk.ui.roster.participants import confirm

REGISTER, BOARD = range(2)


class RequestsPage(Page):
    key = "requests"
    title = N_("Requests")

    def __init__(self, store: Store, tr: Translator, parent: QWidget | None = None):
        super().__init__(store, tr, parent)
        self.service = RequestService(store)
        self.dialog: QDialog | None = None  # the dialog opened last (kept for tests)
        self.current_id: uuid.UUID | None = None
        self.rows: list[RequestRow] = []

        layout, _top = page_layout(self, count=True)

        self.new_action = self._action("new_request", self.new_request)
        self.new_action.setShortcut(QKeySequence(QKeySequence.StandardKey.New))
        self.new_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.edit_action = self._action("edit_request", self.edit_request)
        self.delete_action = self._action("delete_request", self.delete_request)
        self.refresh_action = self._action("refresh", self.reload)
        self.refresh_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.refresh_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.new_action)
        self.addAction(self.refresh_action)
        self.move_menu = QMenu(self)
        self.move_menu.setObjectName("move_menu")
        self.move_menu.aboutToShow.connect(self._fill_move_menu)
        self.move_button = QToolButton()
        self.move_button.setObjectName("move_button")
        self.move_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.move_button.setMenu(self.move_menu)
        self.toolbar = QToolBar()
        self.toolbar.setObjectName("requests_toolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.setStyleSheet("QToolBar#requests_toolbar { border: none; spacing: 2px; }")
        self.toolbar.addAction(self.new_action)
        self.toolbar.addAction(self.edit_action)
        self.toolbar.addWidget(self.move_button)
        self.toolbar.addAction(self.delete_action)
        layout.addWidget(self.toolbar)

        layout.addLayout(search_and_filters(self, ("status_filter", "member_filter", "year_filter"), min_width=220))
        self.member_filter.setMinimumContentsLength(16)  # 50+ members: as wide as a long name, not the longest
        self.member_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)

        self.model = RegisterModel(tr, parent=self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(cols.SORT_ROLE)
        self.table = QTableView()
        self.table.setObjectName("register")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(cols.RECEIVED, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column in range(len(cols.HEADERS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(cols.SUBJECT, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.edit_request())
        self.table.customContextMenuRequested.connect(self._table_menu)

        self.board = Board(tr)
        self.board.move_requested.connect(lambda request_id, status: self.move_request(request_id, status))
        self.board.open_requested.connect(lambda request_id: self.edit_request(request_id))
        self.board.selected.connect(self._board_selected)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("request_views")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.table, "")
        self.tabs.addTab(self.board, "")

        self.detail = RequestDetailView(self.service, tr)
        self.detail.changed.connect(self._detail_changed)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([420, 280])
        layout.addWidget(self.splitter, 1)

        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._table_selected())
        self.search.textChanged.connect(lambda _t: self.reload())
        for combo in (self.status_filter, self.member_filter, self.year_filter):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self._fill_filters(tr)
        self.retranslate(tr)
        self.set_read_only(self.read_only)

    def _action(self, name: str, slot) -> QAction:
        action = QAction(self)
        action.setObjectName(name)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    # -- Page contract ---------------------------------------------------------------------
    def set_store(self, store: Store) -> None:
        super().set_store(store)
        self.service = RequestService(store)
        self.detail.set_service(self.service)
        self.current_id = None
        self._fill_filters(self.translator)
        self.set_read_only(store.read_only)
        self.reload()

    def set_read_only(self, read_only: bool) -> None:
        """New, Edit, Move, Delete and linking are disabled; the register, the board and the detail stay."""
        super().set_read_only(read_only)
        self.board.set_movable(not read_only)
        self.detail.set_read_only(read_only)
        self._update()

    def retranslate(self, tr: Translator) -> None:
        super().retranslate(tr)
        _ = tr.gettext
        self.heading.setText(_(self.title))
        self.new_action.setText(_("New request…"))
        self.new_action.setToolTip(_("Record a request received from a member or associate member"))
        self.edit_action.setText(_("Edit…"))
        self.edit_action.setToolTip(_("Change the selected request's details"))
        self.move_button.setText(_("Move to…"))
        self.move_button.setToolTip(_("Record the next step of the selected request: its date and a note"))
        self.delete_action.setText(_("Delete…"))
        self.delete_action.setToolTip(_("Remove the selected request (it stays in the audit trail)"))
        self.refresh_action.setText(_("Refresh"))
        self.search.setPlaceholderText(_("Search subjects, references and requesting bodies"))
        self.tabs.setTabText(REGISTER, _("Register"))
        self.tabs.setTabText(BOARD, _("Board by status"))
        self.table.setAccessibleName(_("Register of requests"))
        self._fill_filters(tr)
        self.model.set_translator(tr)
        self.board.retranslate(tr)
        self.detail.retranslate(tr)
        self.reload()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self.reload()  # the command line or another page may have changed the requests

    # -- filters -----------------------------------------------------------------------------
    def _fill_filters(self, tr: Translator) -> None:
        _ = tr.gettext
        keep = (self.status_filter.currentData(), self.member_filter.currentData(), self.year_filter.currentData())
        with QSignalBlocker(self.status_filter), QSignalBlocker(self.member_filter), \
                QSignalBlocker(self.year_filter):
            self.status_filter.clear()
            self.status_filter.addItem(_("All statuses"), None)
            self.status_filter.addItem(_("Open"), "open")
            self.status_filter.addItem(tr.pgettext("requests filter", "Closed"), "closed")
            for status in STATUSES:
                self.status_filter.addItem(status_name(tr, status), status)
            self.member_filter.clear()
            self.member_filter.addItem(_("All members"), None)
            members = [(member_name(tr, m.iso2, m.name_en), m.iso2) for m in self.service.members()]
            for name, iso2 in sorted(members, key=lambda m: sort_text(m[0])):
                self.member_filter.addItem(name, iso2)
            self.year_filter.clear()
            self.year_filter.addItem(_("All years"), None)
            for year in self.service.years():
                self.year_filter.addItem(str(year), year)
            for combo, value in zip((self.status_filter, self.member_filter, self.year_filter), keep):
                combo.setCurrentIndex(max(0, combo.findData(value)))

    def current_filter(self) -> RequestFilter:
        return RequestFilter(status=self.status_filter.currentData(), member=self.member_filter.currentData(),
                             year=self.year_filter.currentData(), text=self.search.text())

    def set_filter(self, *, status: str | None = None, member: str | None = None, year: int | None = None,
                   text: str = "") -> None:
        """Show what a filter keeps (the combos and the search box say it too)."""
        with QSignalBlocker(self.status_filter), QSignalBlocker(self.member_filter), \
                QSignalBlocker(self.year_filter), QSignalBlocker(self.search):
            self.status_filter.setCurrentIndex(max(0, self.status_filter.findData(status)))
            self.member_filter.setCurrentIndex(max(0, self.member_filter.findData(member)))
            self.year_filter.setCurrentIndex(max(0, self.year_filter.findData(year)))
            self.search.setText(text)
        self.reload()

    # -- data ---------------------------------------------------------------------------------
    def reload(self, select: uuid.UUID | None = None) -> None:
        """Read the requests again with the filters, keeping (or moving to) the selected one."""
        if select is not None:
            self.current_id = select
        years = self.service.years()
        if [self.year_filter.itemData(i) for i in range(1, self.year_filter.count())] != years:
            self._fill_filters(self.translator)  # a request of a new year
        f = self.current_filter()
        self.rows = self.service.register(f)
        with QSignalBlocker(self.table.selectionModel()):
            self.model.set_rows(self.rows)
        self.board.set_rows(self.service.board(f))
        if self.current_id is not None and self.model.row_of(self.current_id) < 0:
            self.current_id = None  # filtered out or removed
        self._show_selection()
        self.detail.set_request(self.current_id)
        self._update()

    def _show_selection(self) -> None:
        """Select the current request in both views, without signals."""
        selection = self.table.selectionModel()
        with QSignalBlocker(selection):
            row = self.model.row_of(self.current_id) if self.current_id is not None else -1
            index = self.proxy.mapFromSource(self.model.index(row, 0)) if row >= 0 else None
            if index is not None and index.isValid():
                selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                          | QItemSelectionModel.SelectionFlag.Rows)
                self.table.scrollTo(index)
            else:
                selection.clearSelection()
        self.board.select(self.current_id, notify=False)

    def _table_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        self._choose(rows[0].data(ROW_ROLE).id if rows else None)

    def _board_selected(self, request_id: uuid.UUID | None) -> None:
        self._choose(request_id)

    def _choose(self, request_id: uuid.UUID | None) -> None:
        self.current_id = request_id
        self._show_selection()
        self.detail.set_request(request_id)
        self._update()

    def select(self, request_id: uuid.UUID) -> bool:
        if self.model.row_of(request_id) < 0:
            return False
        self._choose(request_id)
        return True

    def selected_row(self) -> RequestRow | None:
        return next((r for r in self.rows if r.id == self.current_id), None)

    def _detail_changed(self) -> None:
        """A link was added or removed: the counts and warnings of the views change too."""
        self.reload()

    def _update(self) -> None:
        tr = self.translator
        writable = not self.read_only
        row = self.selected_row()
        self.new_action.setEnabled(writable)
        self.edit_action.setEnabled(writable and row is not None)
        self.delete_action.setEnabled(writable and row is not None)
        self.move_button.setEnabled(writable and row is not None and bool(next_statuses(row.status)))
        n = len(self.rows)
        open_n = sum(1 for r in self.rows if r.is_open)
        self.count_label.setText(tr.gettext("{requests}, {open}",
                                            requests=tr.ngettext("{n} request", "{n} requests", n),
                                            open=tr.ngettext("{n} open", "{n} open", open_n)))

    # -- menus ---------------------------------------------------------------------------------
    def _fill_move_menu(self) -> None:
        self.move_menu.clear()
        row = self.selected_row()
        if row is None:
            return
        self.board.fill_move_menu(self.move_menu, row)

    def _table_menu(self, pos: Any) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        self._choose(index.data(ROW_ROLE).id)
        row = self.selected_row()
        if row is None:
            return
        menu = QMenu(self)
        edit = menu.addAction(self.edit_action.text())
        edit.setEnabled(self.edit_action.isEnabled())
        edit.triggered.connect(lambda _c=False: self.edit_request())
        move = menu.addMenu(self.board.move_menu(row, menu))
        move.setEnabled(not self.read_only)
        menu.popup(self.table.viewport().mapToGlobal(pos))

    # -- dialogs -------------------------------------------------------------------------------
    def _open(self, dialog: QDialog) -> QDialog:
        return open_dialog(self, dialog, self._saved)

    def _saved(self) -> None:
        outcome = getattr(self.dialog, "saved_outcome", None)
        request_id = getattr(self.dialog, "request_id", None) or getattr(getattr(self.dialog, "row", None), "id",
                                                                         None)
        if request_id is None and outcome is not None and isinstance(outcome.record, uuid.UUID):
            request_id = outcome.record
        self.reload(select=request_id)

    def new_request(self) -> RequestDialog | None:
        if self.read_only:
            return None
        return self._open(RequestDialog(self.service, self.translator, parent=self))  # type: ignore[return-value]

    def edit_request(self, request_id: uuid.UUID | None = None) -> RequestDialog | None:
        request_id = request_id or self.current_id
        if request_id is None or self.read_only:
            return None
        try:
            dialog = RequestDialog(self.service, self.translator, request_id, parent=self)
        except UserError:  # removed meanwhile
            self.reload()
            return None
        return self._open(dialog)  # type: ignore[return-value]

    def move_request(self, request_id: uuid.UUID | None = None, status: str | None = None) -> MoveDialog | None:
        """Open the Move dialog of a request (the selected one by default), towards ``status``."""
        if self.read_only:
            return None
        if request_id is not None and request_id != self.current_id:
            self._choose(request_id)
        row = self.selected_row()
        if row is None:
            return None
        return self._open(MoveDialog(self.service, self.translator, row, status, parent=self))  # type: ignore

    def delete_request(self) -> bool:
        row = self.selected_row()
        if row is None or self.read_only:
            return False
        tr = self.translator
        if not confirm(self, tr.gettext("Delete request"),
                       tr.gettext("Delete request {reference} ({subject})? Its history is kept in the audit "
                                  "trail.", reference=row.reference, subject=row.subject),
                       tr.gettext("Delete"), tr.gettext("Cancel")):
            return False
        try:
            outcome = self.service.delete(row.id)
        except DatabaseError as exc:
            messages.show_error(self, tr, exc)
            return False
        self.current_id = None
        self.reload()
        return outcome.saved
