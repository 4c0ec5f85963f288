"""Activities: the Bali Strategic Plan's database of technology support and
capacity-building activities (B1-B3, B7).

The list reads its rows a page at a time (:mod:`tegdesk.ui.activities.model`), so it
stays quick at 100,000 activities; the search box (titles and descriptions in every
language, organisations; Chinese too) and the filters with their counts
(:mod:`tegdesk.ui.activities.facets`) narrow it. New…, Edit… (double-click, Enter)
and Delete work through the :class:`~tegdesk.core.services.activities.ActivityService`;
import, export and the printed catalogue select the activities the list shows
(:meth:`ActivitiesPage.current_filter`).
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from typing import Any

from babel.dates import format_skeleton
from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QHeaderView,
    QMessageBox,
    QSplitter,
    QTableView,
    QToolBar,
    QWidget,
)
from sqlmodel import select

from tegdesk.core.activity_query import ActivityQuery
from tegdesk.core.activity_types import ActivityFilter, ActivityRow
from tegdesk.core.errors import DatabaseError, UserError
from tegdesk.core.i18n import N_, Translator
from tegdesk.core.models import Organisation
from tegdesk.core.services.activities import ActivityService
from tegdesk.core.store import Store
from tegdesk.ui import messages
from tegdesk.ui.activities import model as cols
from tegdesk.ui.activities.facets import FacetPanel
from tegdesk.ui.activities.form import ActivityDialog
from tegdesk.core.activity_labels import LEVEL_NAMES, STATUS_NAMES, level_name, status_name
from tegdesk.ui.activities.labels import Places, text_in
from tegdesk.ui.activities.model import ROW_ROLE, ActivityListModel
from tegdesk.ui.dialogs import open_dialog
from tegdesk.ui.pages.base import Page, page_layout, search_box

#: Pause after a key typed in the search box before the list shows its first page: none.
#: The first page takes a few milliseconds (bench/activities.py), so it is read as soon as
#: the event loop turns after the key; keys already queued by then make one search. The
#: count and the facets follow later (``COUNT_DELAY_MS`` in the model).
SEARCH_DELAY_MS = 0
#: The widest a column starts (pixels) before the title takes the rest; the user can widen any.
MAX_COLUMN_WIDTH = {cols.IDENTIFIER: 220, cols.LEVEL: 100, cols.STATUS: 115, cols.DATES: 170, cols.COUNTRIES: 140,
                    cols.BUDGET: 150}
#: The narrowest the title starts; below it the table scrolls sideways.
MIN_TITLE_WIDTH = 200
MIN_COUNTRIES_WIDTH = 80


class ActivitiesPage(Page):
    key = "activities"
    title = N_("Activities")

    def __init__(self, store: Store, tr: Translator, parent: QWidget | None = None):
        super().__init__(store, tr, parent)
        self.query: ActivityQuery | None = None
        self.service: ActivityService | None = None
        self.dialog: QDialog | None = None  # the dialog opened last (kept for tests)
        self.question: QMessageBox | None = None  # "Delete the activity …?" while it is asked
        self.places = Places({}, {}, {}, {})
        self.all_count = 0
        self.last_read_ms = 0.0  # how long the last filter took to show its first page (measured)
        self._filter: ActivityFilter | None = None  # the filter the list shows

        layout, _top = page_layout(self, count=True)

        self._build_actions()
        self.toolbar = QToolBar()
        self.toolbar.setObjectName("activities_toolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.setStyleSheet("QToolBar#activities_toolbar { border: none; spacing: 2px; }")
        for act in (self.new_action, self.edit_action, self.delete_action):
            self.toolbar.addAction(act)
        self.toolbar.addSeparator()
        for act in (self.import_action, self.export_action, self.catalogue_action):
            self.toolbar.addAction(act)
        layout.addWidget(self.toolbar)

        self.search = search_box()
        layout.addWidget(self.search)

        self.places = Places.load(tr, store)
        self.facets = FacetPanel(tr, self.places)
        self.facets.setMinimumWidth(200)
        self.model = ActivityListModel(tr, self.places, self)
        self.table = QTableView()
        self.table.setObjectName("activities_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vertical = self.table.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # uniform rows: no measuring
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(False)
        self._widths: dict[int, int] = {}
        self._sizing = False
        self._user_sized = False  # the user dragged a column edge: keep their widths
        header.sectionResized.connect(self._section_resized)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.open_selected)
        delete_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self.delete_activity)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.facets)
        self.splitter.addWidget(self.table)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([215, 1000])
        layout.addWidget(self.splitter, 1)

        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _text: self.search_timer.start())
        self.search.returnPressed.connect(self.apply_filter)
        self.facets.changed.connect(self.apply_filter)
        self.facets.clear_button.clicked.connect(lambda _checked=False: self.search.clear())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_actions())
        self.model.modelReset.connect(self._update_actions)
        self.model.counted.connect(self._counted)

        self._open_services()
        self.retranslate(tr)
        self._update_actions()
        # The list is read when the page is first shown (showEvent): at 100,000 activities the
        # query's first read builds its index, which the window's start need not wait for.

    def _build_actions(self) -> None:
        def action(name: str, slot, shortcut: QKeySequence | None = None) -> QAction:
            act = QAction(self)
            act.setObjectName(name)
            act.triggered.connect(lambda _checked=False: slot())
            if shortcut is not None:
                act.setShortcut(shortcut)
                act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                self.addAction(act)
            return act

        self.new_action = action("new_activity", self.new_activity, QKeySequence(QKeySequence.StandardKey.New))
        self.edit_action = action("edit_activity", self.edit_activity)
        self.delete_action = action("delete_activity", self.delete_activity)
        self.import_action = action("import_activities", self.import_activities)
        self.export_action = action("export_activities", self.export_activities)
        self.catalogue_action = action("print_catalogue", self.print_catalogue)
        self.refresh_action = action("refresh", self.reload, QKeySequence(QKeySequence.StandardKey.Refresh))
        self.search_action = action("find", self._focus_search, QKeySequence(QKeySequence.StandardKey.Find))

    def _open_services(self) -> None:
        self.query = ActivityQuery(self.store)
        self.service = ActivityService(self.store)
        self.model.query = self.query  # the first page is read by reload()

    # -- Page contract ---------------------------------------------------------------
    def set_store(self, store: Store) -> None:
        super().set_store(store)
        self.places = Places.load(self.translator, store)
        self.facets.retranslate(self.translator, self.places)
        self._open_services()
        if self.isVisible():
            self.reload()

    def set_read_only(self, read_only: bool) -> None:
        """New, Edit, Delete and Import are disabled; the list, the form (to read), exports stay."""
        super().set_read_only(read_only)
        self._update_actions()

    def retranslate(self, tr: Translator) -> None:
        super().retranslate(tr)
        _ = tr.gettext
        self.heading.setText(_(self.title))
        self.new_action.setText(_("New activity…"))
        self.new_action.setToolTip(_("Record a capacity-building activity"))
        self.edit_action.setText(_("Edit…"))
        self.edit_action.setToolTip(_("Change the selected activity (or double-click it)"))
        self.delete_action.setText(_("Delete…"))
        self.delete_action.setToolTip(_("Remove the selected activity from the database"))
        self.import_action.setText(_("Import…"))
        self.import_action.setToolTip(_("Add activities from a CSV, Excel or IATI XML file"))
        self.export_action.setText(_("Export…"))
        self.export_action.setToolTip(_("Write the activities the list shows to CSV, Excel or IATI XML"))
        self.catalogue_action.setText(_("Print catalogue…"))
        self.catalogue_action.setToolTip(_("The printed catalogue of the activities the list shows"))
        self.refresh_action.setText(_("Refresh"))
        self.search_action.setText(_("Search"))
        self.search.setPlaceholderText(_("Search titles, descriptions and organisations (any language)"))
        self.search.setAccessibleName(_("Search"))
        self.table.setAccessibleName(_("Activities"))
        self.places = Places.load(tr, self.store)
        self.facets.retranslate(tr, self.places)
        self.model.retranslate(tr, self.places)
        self._update_count()
        self._measure_columns()
        self._size_columns()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self.reload()  # an import from the command line or another page may have changed the activities
        self._size_columns()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._size_columns()

    # -- columns -----------------------------------------------------------------------
    def _measure_columns(self) -> None:
        """Each short column's width: its header and typical texts in this language, capped."""
        tr = self.translator
        metrics = self.table.fontMetrics()
        header = self.table.horizontalHeader().fontMetrics()
        day = dt.date(2027, 9, 28)
        month = format_skeleton("yMMM", day, locale=tr.locale)
        samples = {cols.IDENTIFIER: ["XM-DAC-41106-BSP-00000"], cols.LEVEL: [level_name(tr, c) for c in LEVEL_NAMES],
                   cols.STATUS: [status_name(tr, c) for c in STATUS_NAMES],
                   cols.DATES: [f"{month} – {month}"],
                   cols.COUNTRIES: [], cols.BUDGET: [tr.money(999_999_999_00, "USD")]}
        self._widths = {}
        for column, texts in samples.items():
            title = self.model.headerData(column, Qt.Orientation.Horizontal) or ""
            widest = max([header.horizontalAdvance(title) + 16] + [metrics.horizontalAdvance(t) + 14 for t in texts])
            self._widths[column] = min(max(widest, 60), MAX_COLUMN_WIDTH[column])
        self._widths[cols.COUNTRIES] = MAX_COLUMN_WIDTH[cols.COUNTRIES]

    def _size_columns(self) -> None:
        """The short columns at their width, the title gets the rest (never less than
        :data:`MIN_TITLE_WIDTH`). Once the user drags a column edge, their widths stay."""
        if self._user_sized or not self._widths:
            return
        # the vertical scroll bar's room is kept even before the rows that need it arrive
        available = self.table.width() - 2 * self.table.frameWidth() \
            - self.table.verticalScrollBar().sizeHint().width()
        if available < 200:
            return
        widths = dict(self._widths)
        short = sum(widths.values()) + MIN_TITLE_WIDTH - available
        if short > 0:  # the countries (elided, with a tooltip) give way before the table scrolls
            widths[cols.COUNTRIES] = max(MIN_COUNTRIES_WIDTH, widths[cols.COUNTRIES] - short)
        self._sizing = True
        for column, width in widths.items():
            self.table.setColumnWidth(column, width)
        self.table.setColumnWidth(cols.TITLE, max(MIN_TITLE_WIDTH, available - sum(widths.values())))
        self._sizing = False

    def _section_resized(self, *_args: object) -> None:
        if not self._sizing:
            self._user_sized = True

    # -- reading -----------------------------------------------------------------------
    def current_filter(self) -> ActivityFilter:
        """What the list shows: the search text and the ticked filters (for exports and the catalogue)."""
        chosen = self.facets.selection()
        return ActivityFilter(text=self.search.text().strip(), countries=chosen["countries"],
                              subregions=chosen["subregions"], bsp_codes=chosen["bsp_codes"],
                              statuses=chosen["statuses"], levels=chosen["levels"],
                              years=frozenset(int(y) for y in chosen["years"]))

    def apply_filter(self) -> None:
        """Show what the search and the filters select: the first page at once, then (when
        the model has counted them, a moment later) the count and the filters' new counts."""
        self.search_timer.stop()
        f = self.current_filter()
        self.table.scrollToTop()  # another selection starts at its first row (and reads one page)
        started = time.perf_counter()
        self.model.set_filter(f)
        self.last_read_ms = (time.perf_counter() - started) * 1000
        self._filter = f
        self._update_actions()

    def _counted(self, _total: int) -> None:
        """The model knows how many activities its filter selects: the count and the facets follow."""
        f = self.model.filter
        self.facets.set_facets(self.query.facets(f) if self.query is not None else {})
        self._update_count()

    def reload(self) -> None:
        """Read the activities again, keeping the rows read, the selection and the scroll position."""
        keep = self.selected_id()
        loaded = self.model.rowCount()
        scroll = self.table.verticalScrollBar().value()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # the first read after a change takes longest
        try:
            self.all_count = self.query.count(ActivityFilter()) if self.query is not None else 0
            self.apply_filter()
            self.model.finish_count()  # the rows read before and the selection need it now
            if loaded > self.model.rowCount():
                self.model.fetch_to(loaded - 1)
        finally:
            QApplication.restoreOverrideCursor()
        self.table.verticalScrollBar().setValue(scroll)
        if keep is not None:
            self.select(keep, scroll=False)

    def _update_count(self) -> None:
        if self.model.counting():  # the count follows the first page: the label waits for it
            return
        tr = self.translator
        total = self.all_count
        if self._filter is None or self._filter.is_empty:
            text = tr.ngettext("{n} activity", "{n} activities", total)
        else:
            text = tr.ngettext("{shown} of {n} activity", "{shown} of {n} activities", total,
                               shown=tr.number(self.model.total))
        self.count_label.setText(text)

    # -- selection ---------------------------------------------------------------------
    def selected_row(self) -> ActivityRow | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ROW_ROLE) if rows else None

    def selected_id(self) -> uuid.UUID | None:
        row = self.selected_row()
        return row.id if row is not None else None

    def select(self, activity_id: uuid.UUID, *, scroll: bool = True) -> bool:
        """Select an activity the list shows, reading pages up to it if need be."""
        row = self.model.row_of(activity_id)
        if row < 0 and self.query is not None:
            self.model.finish_count()
        if row < 0 and self.query is not None and self.model.canFetchMore():
            ids = self.query.ids(self.model.filter)
            try:
                wanted = ids.index(activity_id)
            except ValueError:
                return False
            if not self.model.fetch_to(wanted):
                return False
            row = self.model.row_of(activity_id)
        if row < 0:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        if scroll:
            self.table.scrollTo(index)
        return True

    def _update_actions(self) -> None:
        has_row = self.selected_row() is not None
        writable = self.service is not None and not self.read_only
        self.new_action.setEnabled(writable)
        self.edit_action.setEnabled(writable and has_row)
        self.delete_action.setEnabled(writable and has_row)
        self.import_action.setEnabled(writable)
        self.export_action.setEnabled(self.query is not None)
        self.catalogue_action.setEnabled(self.query is not None)

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # -- the form --------------------------------------------------------------------------
    def _organisations(self) -> list[Organisation]:
        with self.store.reader() as session:
            return list(session.exec(select(Organisation).where(Organisation.deleted_at.is_(None))).all())

    def _form(self, activity_id: uuid.UUID | None, read_only: bool) -> ActivityDialog | None:
        if self.service is None:
            return None
        try:
            dialog = ActivityDialog(self.service, self.translator, self.places, self._organisations(), activity_id,
                                    read_only=read_only, parent=self)
        except UserError:  # deleted meanwhile (another window, the command line)
            self.reload()
            return None
        return open_dialog(self, dialog, self._saved)  # type: ignore[return-value]

    def _saved(self) -> None:
        outcome = getattr(self.dialog, "saved_outcome", None)
        record = getattr(outcome, "record", None)
        self.reload()
        if isinstance(record, uuid.UUID):
            self.select(record)

    def new_activity(self) -> ActivityDialog | None:
        if self.read_only:
            return None
        return self._form(None, read_only=False)

    def edit_activity(self) -> ActivityDialog | None:
        activity_id = self.selected_id()
        if activity_id is None:
            return None
        return self._form(activity_id, read_only=self.read_only)

    open_selected = edit_activity  # double-click and Enter; read-only shows the form without Save

    def delete_activity(self) -> QMessageBox | None:
        """Ask, then delete the selected activity (soft: the database keeps it, marked deleted)."""
        row = self.selected_row()
        if row is None or self.service is None or self.read_only or self.question is not None:
            return None
        tr = self.translator
        box = QMessageBox(QMessageBox.Icon.Question, tr.gettext("Delete activity"),
                          tr.gettext("Delete the activity {identifier}, “{title}”?", identifier=row.iati_identifier,
                                     title=text_in(tr.lang, row.title, row.titles)),
                          QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("delete_question")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setInformativeText(tr.gettext(
            "It leaves the list, the exports and the reports. The audit trail keeps a record of it."))
        delete = box.addButton(tr.gettext("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        delete.setObjectName("delete")
        cancel = box.addButton(tr.gettext("Cancel"), QMessageBox.ButtonRole.RejectRole)
        cancel.setObjectName("cancel")
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)

        def answered() -> None:
            self.question = None
            if box.clickedButton() is delete:
                self._delete(row)

        box.finished.connect(answered)
        self.question = box
        box.open()
        return box

    def _delete(self, row: ActivityRow) -> bool:
        tr = self.translator
        try:
            outcome = self.service.delete(row.id)
        except DatabaseError as exc:
            messages.show_error(self, tr, exc, tr.gettext("Not deleted"))
            return False
        except UserError as exc:  # deleted meanwhile
            self.reload()
            messages.warn(self, tr.gettext("Not deleted"), exc.text(tr))
            return False
        if not outcome.saved:
            messages.warn(self, tr.gettext("Not deleted"),
                          "\n".join(v.text(tr) for v in outcome.errors) or tr.gettext("The activity was not deleted."))
            return False
        self.reload()
        return True

    # -- import, export, catalogue (their own modules, loaded when first used) -------------------
    def import_activities(self) -> Any:
        if self.read_only:
            return None
        from tegdesk.ui.activities.transfer import open_import_dialog

        return open_import_dialog(self, self.store, self.translator, on_done=lambda _summary: self.reload())

    def export_activities(self) -> Any:
        from tegdesk.ui.activities.transfer import open_export_dialog

        return open_export_dialog(self, self.store, self.translator, self.current_filter())

    def print_catalogue(self) -> Any:
        from tegdesk.ui.activities.catalogue import open_catalogue_preview

        return open_catalogue_preview(self, self.store, self.translator, self.current_filter())
