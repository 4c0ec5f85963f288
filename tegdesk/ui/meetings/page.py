"""Meetings: the body's meetings, and the selected one in full (ToR paras 7-10).

The list on top (number, title, dates, place, status and a ⚠ with the rules'
warnings: R7 more than three months since the previous meeting, R11 a late call
for nominations, R5 no election of officers on a first meeting's agenda); New
meeting… and Edit details… open the checked form; below, the
:class:`~tegdesk.ui.meetings.detail.MeetingDetail` of the selected meeting
(details, provisional agenda, document register, participants, notices).
Every change goes through the :class:`~tegdesk.core.services.meetings.MeetingService`.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QSplitter,
    QTableView,
    QToolBar,
    QWidget,
)

from tegdesk.core.errors import UserError
from tegdesk.core.i18n import N_, Translator
from tegdesk.core.services.meetings import MeetingService
from tegdesk.core.store import Store
from tegdesk.ui import messages
from tegdesk.ui.dialogs import open_dialog
from tegdesk.ui.meetings import model as cols
from tegdesk.ui.meetings.detail import MeetingDetail
from tegdesk.ui.meetings.meeting_form import MeetingDialog
from tegdesk.ui.meetings.model import ROW_ROLE, MeetingListModel
from tegdesk.ui.pages.base import Page, page_layout

#: Rows the list shows before it scrolls (the detail below gets the rest).
LIST_ROWS = 5


class MeetingsPage(Page):
    key = "meetings"
    title = N_("Meetings")

    def __init__(self, store: Store, tr: Translator, parent: QWidget | None = None):
        super().__init__(store, tr, parent)
        self.service: MeetingService | None = None
        self.dialog: QDialog | None = None  # the dialog opened last (kept for tests)
        self.unsaved_question: QWidget | None = None  # "Save the changes you made?" while it is asked

        layout, _top = page_layout(self, count=True)

        self.new_action = QAction(self)
        self.new_action.setObjectName("new_meeting")
        self.new_action.triggered.connect(lambda _checked=False: self.new_meeting())
        self.edit_action = QAction(self)
        self.edit_action.setObjectName("edit_meeting")
        self.edit_action.triggered.connect(lambda _checked=False: self.edit_meeting())
        self.refresh_action = QAction(self)
        self.refresh_action.setObjectName("refresh")
        self.refresh_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.refresh_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.refresh_action.triggered.connect(lambda _checked=False: self.reload())
        self.addAction(self.refresh_action)
        self.toolbar = QToolBar()
        self.toolbar.setObjectName("meetings_toolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.setStyleSheet("QToolBar#meetings_toolbar { border: none; spacing: 2px; }")
        self.toolbar.addAction(self.new_action)
        self.toolbar.addAction(self.edit_action)
        layout.addWidget(self.toolbar)

        self.model = MeetingListModel(tr, parent=self)
        self.table = QTableView()
        self.table.setObjectName("meetings_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column in range(len(cols.HEADERS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(cols.TITLE, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.edit_meeting())

        self.detail = MeetingDetail(store, tr)
        self.detail.edit_requested.connect(lambda: self.edit_meeting())
        self.detail.changed.connect(self._detail_changed)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 4)
        rows = self.table.verticalHeader().defaultSectionSize()
        self.splitter.setSizes([header.sizeHint().height() + rows * LIST_ROWS + 4, 560])
        layout.addWidget(self.splitter, 1)

        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selection_changed())
        self._open_service()
        self.retranslate(tr)
        self.reload()

    def _open_service(self) -> None:
        try:
            self.service = MeetingService(self.store)
        except UserError:  # a database without the TEG: the page stays empty
            self.service = None
        self.model.body_code = self.service.body_code if self.service is not None else ""
        self.detail.set_service(self.service)

    # -- Page contract ---------------------------------------------------------------
    def set_store(self, store: Store) -> None:
        super().set_store(store)
        self.detail.set_store(store)
        self._open_service()
        self.reload()

    def retranslate(self, tr: Translator) -> None:
        super().retranslate(tr)
        _ = tr.gettext
        self.heading.setText(_(self.title))
        self.new_action.setText(_("New meeting…"))
        self.new_action.setToolTip(_("Plan the next meeting: number, dates, venue, deadlines"))
        self.edit_action.setText(_("Edit details…"))
        self.edit_action.setToolTip(_("Change the selected meeting's details or status"))
        self.refresh_action.setText(_("Refresh"))
        self.table.setAccessibleName(_("Meetings"))
        keep = self.selected_id()
        self.table.selectionModel().blockSignals(True)
        self.model.set_translator(tr)  # resets the model, and with it the selection
        self.table.selectionModel().blockSignals(False)
        if keep is not None:
            self.select(keep, notify=False)
        self.detail.retranslate(tr)
        self._update()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self.reload()  # the roster or the command line may have changed the meetings

    # -- data --------------------------------------------------------------------------
    def reload(self, select: uuid.UUID | None = None) -> None:
        """Read the meetings again, keeping (or moving to) the selected one."""
        keep = select or self.selected_id()
        rows = self.service.meetings() if self.service is not None else []
        self.table.selectionModel().blockSignals(True)
        self.model.set_rows(rows)
        self.table.selectionModel().blockSignals(False)
        if keep is None or not self.select(keep, notify=False):
            keep = self._default_meeting(rows)
            if keep is not None:
                self.select(keep, notify=False)
        chosen = self.selected_id()
        if chosen != self.detail.meeting_id:
            self.detail.set_meeting(chosen)
        else:
            self.detail.refresh()
        self._update()

    @staticmethod
    def _default_meeting(rows: list[Any]) -> uuid.UUID | None:
        """The next meeting being prepared (planned or notice issued), else the latest."""
        upcoming = [r for r in rows if r.status in ("planned", "notice_issued")]
        if upcoming:
            return min(upcoming, key=lambda r: r.number).id
        return rows[-1].id if rows else None

    def selected_row(self) -> Any | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ROW_ROLE) if rows else None

    def selected_id(self) -> uuid.UUID | None:
        row = self.selected_row()
        return row.id if row is not None else None

    def select(self, meeting_id: uuid.UUID, *, notify: bool = True) -> bool:
        row = self.model.row_of(meeting_id)
        if row < 0:
            return False
        selection = self.table.selectionModel()
        selection.blockSignals(not notify)
        selection.setCurrentIndex(self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                                  | QItemSelectionModel.SelectionFlag.Rows)
        selection.blockSignals(False)
        self.table.scrollTo(self.model.index(row, 0))
        if notify:
            self._update()
        return True

    def _selection_changed(self) -> None:
        wanted = self.selected_id()
        self.detail.save_pending()
        editor = self.detail.unsaved_editor()
        if editor is not None and wanted != self.detail.meeting_id:
            # typed input is never lost: stay on the meeting until the user decides
            if self.detail.meeting_id is not None:
                self.select(self.detail.meeting_id, notify=False)
            self.detail.reveal(editor)
            if self.unsaved_question is None:
                self.unsaved_question = messages.ask_unsaved(
                    self, self.translator, lambda choice: self._switch_answer(choice, editor, wanted))
            return
        self.detail.set_meeting(wanted)
        self._update()

    def _switch_answer(self, choice: str, editor: QWidget, wanted: uuid.UUID | None) -> None:
        self.unsaved_question = None
        if choice == "cancel" or (choice == "save" and not editor.save_changes()):
            return
        if choice == "discard":
            editor.discard_changes()
        if wanted is not None:
            self.select(wanted)

    # -- typed input is never lost (tegdesk.ui.pages.base) ----------------------------------
    def save_pending(self) -> None:
        self.detail.save_pending()

    def unsaved_editor(self) -> QWidget | None:
        return self.detail.unsaved_editor()

    def reveal(self, editor: QWidget) -> None:
        self.detail.reveal(editor)

    def _detail_changed(self) -> None:
        """The agenda or the documents changed: the list's warnings may have too."""
        keep = self.selected_id()
        rows = self.service.meetings() if self.service is not None else []
        self.table.selectionModel().blockSignals(True)
        self.model.set_rows(rows)
        if keep is not None:
            self.select(keep, notify=False)
        self.table.selectionModel().blockSignals(False)
        self._update()

    def _update(self) -> None:
        tr = self.translator
        writable = self.service is not None and not self.store.read_only
        self.new_action.setEnabled(writable)
        self.edit_action.setEnabled(writable and self.selected_row() is not None)
        n = self.model.rowCount()
        self.count_label.setText(tr.ngettext("{n} meeting", "{n} meetings", n))

    # -- dialogs -----------------------------------------------------------------------
    def _open(self, dialog: QDialog) -> QDialog:
        """Show ``dialog`` without blocking (tests drive it); read the meetings again after a save."""
        return open_dialog(self, dialog, self._saved)

    def _saved(self) -> None:
        outcome = getattr(self.dialog, "saved_outcome", None)
        record = getattr(outcome, "record", None)
        self.reload(select=getattr(record, "id", None))

    def new_meeting(self) -> MeetingDialog | None:
        if self.service is None or self.store.read_only:
            return None
        return self._open(MeetingDialog(self.service, self.translator, parent=self))  # type: ignore[return-value]

    def edit_meeting(self) -> MeetingDialog | None:
        meeting_id = self.selected_id()
        if self.service is None or meeting_id is None or self.store.read_only:
            return None
        try:
            dialog = MeetingDialog(self.service, self.translator, meeting_id, parent=self)
        except UserError:  # removed meanwhile
            self.reload()
            return None
        return self._open(dialog)  # type: ignore[return-value]
