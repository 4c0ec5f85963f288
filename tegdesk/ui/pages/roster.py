"""Roster: experts nominated by members and associate members, their terms and
the Bureau (ToR paras 3-7).

One table of every term of the TEG (a model and a filter over it, quick at
10,000 terms), a search box and filters, an "as of" date that every status is
computed at, the rules' warnings under the table, and the actions: nominate,
extend, withdraw, replace, elect an officer, the member and expert views,
import and export. Every change goes through the
:class:`~tegdesk.core.services.roster.RosterService`, which checks the rules
before it writes.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence, QPaintEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QSplitter,
    QTableView,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from tegdesk.core.errors import UserError
from tegdesk.core.i18n import N_, Translator
from tegdesk.core.models import MemberState, Term
from tegdesk.core.rules import ENDING_SOON_DAYS, Violation
from tegdesk.core.services.participants import ParticipantService
from tegdesk.core.services.roster import RosterRow, RosterService
from tegdesk.core.store import Store
from tegdesk.ui import messages
from tegdesk.ui.dialogs import open_dialog
from tegdesk.ui.language import select_row
from tegdesk.ui.pages.base import Page, page_layout, search_and_filters
from tegdesk.ui.roster import model as cols
from tegdesk.ui.roster.dialogs import (
    ElectionDialog,
    ExtensionDialog,
    NominationDialog,
    ReplacementDialog,
    WithdrawalDialog,
)
from tegdesk.ui.roster.model import ROW_ROLE, RosterFilter, RosterTableModel
from tegdesk.ui.roster.names import SUBREGION_NAMES, member_names, subregion_name
from tegdesk.ui.roster.participants import ParticipantsDialog
from tegdesk.ui.roster.tor import TorDialog
from tegdesk.ui.roster.transfer import ExportDialog, import_roster_file
from tegdesk.ui.roster.views import ExpertView, MemberView
from tegdesk.ui.roster.widgets import DateEdit
from tegdesk.ui.tasks import Task, run_task, show_task_error

#: Widest a column starts (pixels) before the table's width is shared out; the user can widen it.
MAX_COLUMN_WIDTH = {cols.MEMBER: 180, cols.SUBREGION: 180, cols.EXPERT: 210, cols.ORGANIZATION: 340}
DEFAULT_MAX_WIDTH = 130
#: Columns of free text that share the table's width; the narrowest they get.
FLEX_COLUMNS = (cols.MEMBER, cols.SUBREGION, cols.EXPERT, cols.ORGANIZATION)
MIN_FLEX_WIDTH = {cols.MEMBER: 100, cols.SUBREGION: 90, cols.EXPERT: 120, cols.ORGANIZATION: 120}
#: Pause after the last change of the "as of" date before the roster is read again.
AS_OF_DELAY_MS = 350
#: Rows measured to size the columns (all 10,000 would cost a second).
MEASURED_ROWS = 400


class RosterPage(Page):
    key = "roster"
    title = N_("Roster")

    def __init__(self, store: Store, tr: Translator, parent: QWidget | None = None):
        super().__init__(store, tr, parent)
        self.as_of = dt.date.today()
        self.dialog: QDialog | None = None  # the dialog opened last (kept for tests)
        self.warning_list: list[Violation] = []
        self.service: RosterService | None = None
        self.members: dict[uuid.UUID, MemberState] = {}
        self.names: dict[uuid.UUID, str] = {}
        self._natural: list[int] = []  # each column's natural width (see _measure_columns)
        self._sizing = False
        self._user_sized = False  # the user dragged a column edge: keep their widths
        self._painted = False  # the page has been painted once (see reload)
        self._warnings_due = False  # the warnings of the last reload are still to be read

        layout, top = page_layout(self)
        self.as_of_label = QLabel()
        self.as_of_edit = DateEdit(self.as_of)
        self.as_of_edit.setObjectName("as_of")
        self.as_of_label.setBuddy(self.as_of_edit)
        top.addWidget(self.as_of_label)
        top.addWidget(self.as_of_edit)

        self._build_actions()
        self.toolbar = QToolBar()
        self.toolbar.setObjectName("roster_toolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.setStyleSheet("QToolBar#roster_toolbar { border: none; spacing: 2px; }")
        for action in (self.nominate_action, self.extend_action, self.withdraw_action, self.replace_action,
                       self.elect_action):
            self.toolbar.addAction(action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.member_view_action)
        self.toolbar.addAction(self.expert_view_action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.participants_action)
        self.toolbar.addAction(self.tor_action)
        self.toolbar.addSeparator()
        self.transfer_menu = QMenu(self)
        self.transfer_menu.addAction(self.import_action)
        self.transfer_menu.addSeparator()
        self.transfer_menu.addAction(self.export_action)
        self.transfer_menu.addAction(self.template_action)
        self.transfer_button = QToolButton()
        self.transfer_button.setObjectName("transfer_button")
        self.transfer_button.setMenu(self.transfer_menu)
        self.transfer_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.toolbar.addWidget(self.transfer_button)
        layout.addWidget(self.toolbar)

        layout.addLayout(search_and_filters(self, ("subregion_filter", "membership_filter", "period_filter")))
        second = QHBoxLayout()
        self.ending_filter = QCheckBox()
        self.ending_filter.setObjectName("ending_filter")
        second.addWidget(self.ending_filter)
        second.addStretch(1)
        self.count_label = QLabel()
        self.count_label.setObjectName("count")
        second.addWidget(self.count_label)
        layout.addLayout(second)

        self.model = RosterTableModel(tr, self)
        self.proxy = RosterFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("roster_table")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.verticalHeader().hide()
        vertical = self.table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setMinimumSectionSize(36)
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(cols.MEMBER, Qt.SortOrder.AscendingOrder)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self.show_context_menu)
        self.table.doubleClicked.connect(lambda _index: self.show_expert())
        self.row_menu = QMenu(self)
        for action in (self.nominate_action, self.extend_action, self.withdraw_action, self.replace_action,
                       self.elect_action):
            self.row_menu.addAction(action)
        self.row_menu.addSeparator()
        self.row_menu.addAction(self.member_view_action)
        self.row_menu.addAction(self.expert_view_action)

        self.warnings_box = QWidget()
        warnings_layout = QVBoxLayout(self.warnings_box)
        warnings_layout.setContentsMargins(0, 4, 0, 0)
        warnings_layout.setSpacing(2)
        self.warnings_toggle = QToolButton()
        self.warnings_toggle.setObjectName("warnings_toggle")
        self.warnings_toggle.setCheckable(True)
        self.warnings_toggle.setChecked(True)
        self.warnings_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.warnings_toggle.setAutoRaise(True)
        self.warnings_toggle.setArrowType(Qt.ArrowType.DownArrow)
        self.warnings_toggle.toggled.connect(self._toggle_warnings)
        self.warnings_view = QListWidget()
        self.warnings_view.setObjectName("warnings")
        self.warnings_view.setWordWrap(True)
        self.warnings_view.setAlternatingRowColors(True)
        self.warnings_view.setMinimumHeight(60)
        warnings_layout.addWidget(self.warnings_toggle, 0, Qt.AlignmentFlag.AlignLeft)
        warnings_layout.addWidget(self.warnings_view, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.warnings_box)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([520, 150])
        layout.addWidget(self.splitter, 1)

        self.search.textChanged.connect(lambda text: self._filter(text=text))
        self.subregion_filter.currentIndexChanged.connect(
            lambda _i: self._filter(subregion=self.subregion_filter.currentData()))
        self.membership_filter.currentIndexChanged.connect(
            lambda _i: self._filter(membership=self.membership_filter.currentData()))
        self.period_filter.currentIndexChanged.connect(
            lambda _i: self._filter(period=self.period_filter.currentData()))
        self.ending_filter.toggled.connect(lambda on: self._filter(ending_soon=on))
        # Every status depends on the date: reading 10,000 terms again takes a second or two,
        # so wait until the user stops stepping through days.
        self.as_of_timer = QTimer(self)
        self.as_of_timer.setSingleShot(True)
        self.as_of_timer.setInterval(AS_OF_DELAY_MS)
        self.as_of_timer.timeout.connect(lambda: self.set_as_of(self.as_of_edit.date_value()))
        self.as_of_edit.dateChanged.connect(lambda _d: self.as_of_timer.start())
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        header.sectionResized.connect(self._section_resized)
        self.proxy.modelReset.connect(self._update_actions)

        self._open_service()
        self.retranslate(tr)
        self.reload()

    # -- construction ------------------------------------------------------------
    def _build_actions(self) -> None:
        def action(name: str, slot, shortcut: QKeySequence | str | None = None) -> QAction:
            act = QAction(self)
            act.setObjectName(name)
            act.triggered.connect(lambda _checked=False: slot())
            if shortcut is not None:
                act.setShortcut(QKeySequence(shortcut))
                act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                self.addAction(act)
            return act

        self.nominate_action = action("nominate", self.nominate)
        self.extend_action = action("extend", self.extend)
        self.withdraw_action = action("withdraw", self.withdraw)
        self.replace_action = action("replace", self.replace)
        self.elect_action = action("elect", self.elect)
        self.member_view_action = action("member_view", self.show_member)
        self.expert_view_action = action("expert_view", self.show_expert)
        self.import_action = action("import_roster", self.import_roster)
        self.export_action = action("export_roster", self.export_roster)
        self.template_action = action("export_template", self.export_template)
        self.participants_action = action("participants", self.show_participants)
        self.tor_action = action("terms_of_reference", self.show_tor)
        self.refresh_action = action("refresh", self.reload, QKeySequence.StandardKey.Refresh)
        self.row_actions = [self.extend_action, self.withdraw_action, self.replace_action, self.member_view_action,
                            self.expert_view_action]
        self.editing_actions = [self.nominate_action, self.extend_action, self.withdraw_action, self.replace_action,
                                self.elect_action, self.import_action]

    def _open_service(self) -> None:
        try:
            self.service = RosterService(self.store)
        except UserError:  # a database without the TEG: the page stays empty
            self.service = None
        self.members = {m.id: m for m in self.service.members()} if self.service else {}

    # -- Page contract -------------------------------------------------------------
    def set_store(self, store: Store) -> None:
        super().set_store(store)
        self._open_service()
        self.names = member_names(self.translator, self.members.values())
        self.reload()

    def set_read_only(self, read_only: bool) -> None:
        """Nominate, extend, withdraw, replace, elect and import are disabled; views and exports stay."""
        super().set_read_only(read_only)
        self._update_actions()

    def retranslate(self, tr: Translator) -> None:
        super().retranslate(tr)
        _ = tr.gettext
        self.heading.setText(_(self.title))
        self.nominate_action.setText(_("Nominate…"))
        self.nominate_action.setToolTip(_("A member or associate member nominates an expert"))
        self.extend_action.setText(_("Extend term…"))
        self.extend_action.setToolTip(_("The nominating member extends the selected expert's term"))
        self.withdraw_action.setText(_("Withdraw…"))
        self.withdraw_action.setToolTip(_("The nominating member withdraws the selected expert"))
        self.replace_action.setText(_("Replace…"))
        self.replace_action.setToolTip(_("Withdraw the selected expert and nominate the successor in one step"))
        self.elect_action.setText(_("Elect officer…"))
        self.elect_action.setToolTip(_("Record the election of a Chair or Vice-Chair at a meeting"))
        self.member_view_action.setText(_("Member view"))
        self.member_view_action.setToolTip(_("Every expert the selected member has nominated, over time"))
        self.expert_view_action.setText(_("Expert view"))
        self.expert_view_action.setToolTip(_("The selected expert's details, terms and offices"))
        self.participants_action.setText(_("Representatives and observers…"))
        # TRANSLATORS: the toolbar's short form of "Representatives and observers…" (room is scarce in English)
        self.participants_action.setIconText(_("Representatives"))
        self.participants_action.setToolTip(_("Thematic representatives and observers of a meeting"))
        self.tor_action.setText(_("Terms of reference…"))
        self.tor_action.setToolTip(_("The versions of the terms of reference, and amendments"))
        self.import_action.setText(_("Import roster…"))
        self.export_action.setText(_("Export roster…"))
        self.template_action.setText(_("Export blank template…"))
        self.refresh_action.setText(_("Refresh"))
        self.transfer_button.setText(_("Import and export"))
        self.search.setPlaceholderText(_("Search member, expert or organization"))
        self.search.setAccessibleName(_("Search"))
        self._fill_combo(self.subregion_filter, [(_("All subregions"), None)] + [
            (subregion_name(tr, s), s) for s in SUBREGION_NAMES
            if any(m.subregion == s for m in self.members.values())])
        self._fill_combo(self.membership_filter, [(_("Members and associate members"), RosterFilter.ALL),
                                                  (_("Members"), "member"), (_("Associate members"), "associate")])
        self._fill_combo(self.period_filter, [(_("Serving and upcoming"), "current"), (_("Past terms"), "past"),
                                              (_("All terms"), "all")], default="current")
        self.ending_filter.setText(_("Ending within {days} days", days=tr.number(ENDING_SOON_DAYS)))
        self.as_of_label.setText(_("As of:"))
        self.as_of_edit.setToolTip(_("Statuses, offices and warnings are as of this date"))
        self.table.setAccessibleName(_("Roster"))
        self.warnings_view.setAccessibleName(_("Warnings"))
        self.names = member_names(tr, self.members.values())
        self.model.retranslate(tr, self.names)
        self._show_warnings()
        self._update_count()
        self._measure_columns()
        self._size_columns()

    @staticmethod
    def _fill_combo(combo: QComboBox, items: list[tuple[str, object]], default: object = None) -> None:
        current = combo.currentData() if combo.count() else default
        combo.blockSignals(True)
        combo.clear()
        for text, data in items:
            combo.addItem(text, data)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        combo.blockSignals(False)

    # -- data ------------------------------------------------------------------------
    def reload(self) -> None:
        """Read every term again (as of the page's date) and keep the selected one selected."""
        keep = self.selected_row()
        rows = self.service.rows(self.as_of) if self.service else []
        self.model.set_rows(rows, self.as_of, self.names)
        self._warnings_due = True
        if self._painted:
            QTimer.singleShot(0, self, self._load_warnings)
        self._update_count()
        if keep is not None:
            self.select_term(keep.term_id)
        self._update_actions()
        self._measure_columns()
        self._size_columns()

    def set_as_of(self, day: dt.date) -> None:
        self.as_of_timer.stop()
        if day == self.as_of:
            return
        self.as_of = day
        if self.as_of_edit.date_value() != day:
            self.as_of_edit.set_date(day)
        self.reload()

    def _filter(self, **values: object) -> None:
        self.proxy.set_filters(**values)
        self._update_count()
        self._update_actions()

    def _update_count(self) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        self.count_label.setText(self.translator.ngettext("{shown} of {n} term", "{shown} of {n} terms", total,
                                                          shown=self.translator.number(shown)))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            if self._warnings_due:
                QTimer.singleShot(0, self, self._load_warnings)

    def _load_warnings(self) -> None:
        """Read the rules' warnings (half a second at 10,000 terms) once the table is on screen:
        at start after the window's first paint, later when the event loop next turns."""
        if not self._warnings_due:
            return  # already read for the latest reload
        self._warnings_due = False
        self.warning_list = self.service.warnings(self.as_of) if self.service else []
        self._show_warnings()

    def _show_warnings(self) -> None:
        tr = self.translator
        self.warnings_view.clear()
        amber = QBrush(QColor("#8a5a00"))
        for v in self.warning_list:
            item = QListWidgetItem(v.text(tr))
            item.setForeground(amber)
            self.warnings_view.addItem(item)
        self.warnings_toggle.setText(tr.gettext("Warnings ({count})", count=tr.number(len(self.warning_list))))
        self.warnings_toggle.setEnabled(bool(self.warning_list))
        self.warnings_view.setVisible(self.warnings_toggle.isChecked() and bool(self.warning_list))

    def _toggle_warnings(self, on: bool) -> None:
        self.warnings_toggle.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        self.warnings_view.setVisible(on and bool(self.warning_list))

    def _measure_columns(self) -> None:
        """Each column's natural width: its header and the first rows (capped)."""
        metrics = self.table.fontMetrics()
        header_metrics = self.table.horizontalHeader().fontMetrics()
        entries = self.model.entries[:MEASURED_ROWS]
        self._natural = []
        for column in range(self.model.columnCount()):
            title = self.model.headerData(column, Qt.Orientation.Horizontal) or ""
            widest = header_metrics.horizontalAdvance(title) + 22  # room for the sort arrow
            for entry in entries:
                widest = max(widest, metrics.horizontalAdvance(entry.texts[column]) + 12)
            self._natural.append(min(widest, MAX_COLUMN_WIDTH.get(column, DEFAULT_MAX_WIDTH)))

    def _size_columns(self) -> None:
        """Fit the columns to the table's width: short columns (dates, numbers, status)
        keep their natural width; the text columns share the rest in proportion,
        never narrower than :data:`MIN_FLEX_WIDTH`. Once the user drags a column
        edge, their widths are left alone."""
        if self._user_sized or not self._natural:
            return
        available = self.table.viewport().width()
        if available < 200:
            return
        widths = list(self._natural)
        fixed = sum(w for c, w in enumerate(widths) if c not in FLEX_COLUMNS)
        flex = sum(widths[c] for c in FLEX_COLUMNS)
        room = available - fixed
        if room >= flex:
            widths[cols.ORGANIZATION] += room - flex
        else:  # share the room in proportion; a column held at its minimum leaves the rest to the others
            active = list(FLEX_COLUMNS)
            while active:
                share = room / sum(self._natural[c] for c in active)
                short = [c for c in active if self._natural[c] * share < MIN_FLEX_WIDTH[c]]
                if not short:
                    for c in active:
                        widths[c] = int(self._natural[c] * share)
                    break
                for c in short:
                    widths[c] = MIN_FLEX_WIDTH[c]
                    room -= MIN_FLEX_WIDTH[c]
                    active.remove(c)
        self._sizing = True
        for column, width in enumerate(widths):
            self.table.setColumnWidth(column, width)
        self._sizing = False

    def _section_resized(self, *_args: object) -> None:
        if not self._sizing:
            self._user_sized = True

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._size_columns()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self._size_columns()

    # -- selection ---------------------------------------------------------------------
    def selected_row(self) -> RosterRow | None:
        model = self.table.selectionModel()
        if model is None:
            return None
        rows = model.selectedRows()
        if not rows:
            return None
        return rows[0].data(ROW_ROLE)

    def select_term(self, term_id: uuid.UUID) -> bool:
        source_row = self.model.source_row_of_term(term_id)
        if source_row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if not index.isValid():
            return False
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        return True

    def _update_actions(self, *_args: object) -> None:
        has_row = self.selected_row() is not None
        writable = self.service is not None and not self.read_only
        for act in self.row_actions:
            act.setEnabled(has_row)
        for act in self.editing_actions:
            act.setEnabled(writable and (act not in self.row_actions or has_row))
        self.export_action.setEnabled(self.service is not None)
        self.participants_action.setEnabled(self.service is not None)
        self.tor_action.setEnabled(self.service is not None)

    def show_context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if index.isValid():
            select_row(self.table, index.row())
        self.row_menu.popup(self.table.viewport().mapToGlobal(pos))

    # -- dialogs -------------------------------------------------------------------------
    def _open(self, dialog: QDialog, on_accept=None) -> QDialog:
        """Show ``dialog`` window-modal without blocking (tests drive it); reload after a save."""
        return open_dialog(self, dialog, on_accept or self._saved)

    def _saved(self) -> None:
        outcome = getattr(self.dialog, "saved_outcome", None)
        self.reload()
        record = getattr(outcome, "record", None)
        if isinstance(record, Term):
            self.select_term(record.id)

    def _member_name(self, row: RosterRow) -> str:
        return self.names.get(row.member_id, row.member)

    def nominate(self) -> NominationDialog | None:
        if self.service is None:
            return None
        row = self.selected_row()
        dialog = NominationDialog(self.service, self.store, self.translator, members=list(self.members.values()),
                                  member_names=self.names, member_id=row.member_id if row else None,
                                  start=max(self.as_of, dt.date.today()), parent=self)
        return self._open(dialog)  # type: ignore[return-value]

    def extend(self) -> ExtensionDialog | None:
        row = self.selected_row()
        if row is None or self.service is None:
            return None
        return self._open(ExtensionDialog(self.service, self.translator, row, self._member_name(row), self))  # type: ignore[return-value]

    def withdraw(self) -> WithdrawalDialog | None:
        row = self.selected_row()
        if row is None or self.service is None:
            return None
        dialog = WithdrawalDialog(self.service, self.translator, row, self._member_name(row), self.as_of, self)
        return self._open(dialog)  # type: ignore[return-value]

    def replace(self) -> ReplacementDialog | None:
        row = self.selected_row()
        if row is None or self.service is None:
            return None
        dialog = ReplacementDialog(self.service, self.store, self.translator, row, self._member_name(row),
                                   self.as_of, self)
        return self._open(dialog)  # type: ignore[return-value]

    def elect(self) -> ElectionDialog | None:
        if self.service is None:
            return None
        row = self.selected_row()
        serving = [e.row for e in self.model.entries if e.row.status == "serving"]
        dialog = ElectionDialog(self.service, self.translator, serving=serving, member_names=self.names,
                                expert_id=row.expert_id if row else None, parent=self)
        return self._open(dialog)  # type: ignore[return-value]

    def show_member(self) -> MemberView | None:
        row = self.selected_row()
        if row is None or self.service is None:
            return None
        member = self.members.get(row.member_id)
        if member is None:
            return None
        rows = [e.row for e in self.model.entries if e.row.member_id == row.member_id]
        tor = self.service.tor_on(self.as_of)
        view = MemberView(self.translator, member, self._member_name(row), rows, self.as_of,
                          tor.experts_per_member if tor else None, self)
        return self._open(view, lambda: None)  # type: ignore[return-value]

    def show_expert(self) -> ExpertView | None:
        row = self.selected_row()
        if row is None or self.service is None:
            return None
        expert = self.service.expert(row.expert_id)
        if expert is None:
            return None
        terms = [e.row for e in self.model.entries if e.row.expert_id == row.expert_id]
        offices = [h for h in self.service.offices() if h.expert_id == row.expert_id]
        view = ExpertView(self.translator, expert, terms, offices, self.service.meetings(), self.names, self)
        return self._open(view, lambda: None)  # type: ignore[return-value]

    def show_participants(self) -> ParticipantsDialog | None:
        """Thematic representatives (R2) and observers (R12) of a meeting."""
        if self.service is None:
            return None
        dialog = ParticipantsDialog(ParticipantService(self.store, self.service.body_code), self.translator,
                                    member_names=self.names, read_only=self.read_only, parent=self)
        return self._open(dialog, lambda: None)  # type: ignore[return-value]

    def show_tor(self) -> TorDialog | None:
        """The versions of the terms of reference; an amendment reads the roster again (R10)."""
        if self.service is None:
            return None
        dialog = TorDialog(self.service, self.translator, read_only=self.read_only, parent=self)
        dialog.amended.connect(self.reload)
        return self._open(dialog, lambda: None)  # type: ignore[return-value]

    # -- import and export ----------------------------------------------------------------
    def _folder(self) -> Path:
        return self.store.path.parent

    def import_roster(self) -> None:
        """Ask for a file, then import it off the interface's thread (the page stays live)."""
        _ = self.translator.gettext
        name, _filter = QFileDialog.getOpenFileName(self, _("Import roster"), str(self._folder()),
                                                    _("Roster files (*.csv *.xlsx);;All files (*)"))
        if name:
            import_roster_file(self, Path(name))

    def export_roster(self) -> ExportDialog | None:
        if self.service is None:
            return None
        dialog = ExportDialog(self.translator, folder=self._folder(), as_of=self.as_of, parent=self)
        return self._open(dialog, lambda: self._export(dialog))  # type: ignore[return-value]

    def _export(self, dialog: ExportDialog) -> Task:
        """Write the roster as the dialog asks, off the interface's thread (progress and Cancel):
        written whole or not at all; then say where, or why not."""
        from tegdesk.core.interchange.roster_export import export_roster

        tr, store = self.translator, self.store
        _ = tr.gettext
        path, options = dialog.out_path(), dialog.options()

        def written(result: Path | None) -> None:
            messages.inform(self, _("Roster exported"),
                            _("The roster was written to {path}.", path=str(Path(result) if result else path)))

        def failed(exc: BaseException) -> None:
            if isinstance(exc, UserError):
                detail = exc.text(tr)
            elif isinstance(exc, (OSError, ImportError)):
                detail = getattr(exc, "strerror", None) or str(exc)
            else:
                show_task_error(self, tr, _("Roster not exported"), exc)
                return
            messages.fail(self, _("Roster not exported"), _("The roster could not be written."), detail)

        self.export_task = run_task(self, _("Writing {file}", file=path.name),
                                    lambda progress: export_roster(store, path, progress=progress, **options),
                                    tr=tr, on_done=written, on_error=failed)
        return self.export_task

    def export_template(self) -> Path | None:
        _ = self.translator.gettext
        filters = [_("Excel workbook (*.xlsx)"), _("CSV file (*.csv)")]
        name, chosen = QFileDialog.getSaveFileName(self, _("Export blank template"),
                                                   str(self._folder() / "roster-template.xlsx"), ";;".join(filters))
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() not in (".xlsx", ".csv"):
            path = path.with_suffix(".csv" if chosen == filters[1] else ".xlsx")
        try:
            from tegdesk.core.interchange.roster_export import write_template

            write_template(path, lang=self.translator.lang)
        except (UserError, OSError, ImportError) as exc:
            detail = exc.text(self.translator) if isinstance(exc, UserError) else str(exc)
            messages.fail(self, _("Template not written"), _("The template could not be written."), detail)
            return None
        messages.inform(self, _("Template written"), _(
            "A blank roster template was written to {path}. Fill one row per term and import it with "
            "Import roster….", path=str(path)))
        return path
