"""The document register of a meeting (the Documents tab).

A table of the meeting's documents (symbol, title, kind, languages, date of
issue, the agenda items it is before, and its distribution: "62 of 62
members"); Add document… (a series, the symbol proposed by the service and
editable), Add./Rev./Corr.… of the selected document, Edit…, Record
distribution… (R8: to every member and associate member, whether or not they
take part), Remove…; and, under the table, who has not received the selected
document yet.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tegdesk.core.errors import UserError
from tegdesk.core.i18n import N_, Translator
from tegdesk.core.store import Store
from tegdesk.ui import messages
from tegdesk.ui.language import select_row
from tegdesk.ui.meetings.document_dialogs import DistributionDialog, DocumentDialog, member_label
from tegdesk.ui.dialogs import open_dialog
from tegdesk.ui.meetings.fields import action_button
from tegdesk.ui.meetings.labels import document_kind_name, language_name
from tegdesk.ui.roster.checked import WARNING_COLOUR
from tegdesk.ui.roster.participants import confirm

SYMBOL, TITLE, KIND, LANGUAGES, ISSUED, ITEMS, DISTRIBUTION = range(7)
HEADERS = [N_("Symbol"), N_("Title"), N_("Kind"), N_("Languages"), N_("Issued"), N_("Agenda items"),
           N_("Distribution")]
_AMBER = QBrush(QColor(WARNING_COLOUR))


def distribution_text(tr: Translator, sent: int, total: int) -> str:
    """``62 of 62 members``."""
    return tr.ngettext("{sent} of {n} member", "{sent} of {n} members", total, sent=tr.number(sent))


class DocumentsTab(QWidget):
    """The meeting's documents and their distribution."""

    #: The register changed (the agenda's document lists may have too).
    changed = Signal()

    def __init__(self, store: Store, tr: Translator, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.translator = tr
        self.service: Any = None
        self.meeting_id: uuid.UUID | None = None
        self.rows: list[Any] = []
        self.dialog: QDialog | None = None  # the dialog opened last (kept for tests)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        bar = QHBoxLayout()
        bar.setSpacing(4)
        self.add_button = action_button("add_document", self.add_document)
        self.revision_button = action_button("add_revision", self.add_revision)
        self.edit_button = action_button("edit_document", self.edit_document)
        self.distribute_button = action_button("record_distribution", self.record_distribution)
        self.remove_button = action_button("remove_document", self.remove_document)
        for button in (self.add_button, self.revision_button, self.edit_button):
            bar.addWidget(button)
        bar.addSpacing(8)
        bar.addWidget(self.distribute_button)
        bar.addSpacing(8)
        bar.addWidget(self.remove_button)
        bar.addStretch(1)
        layout.addLayout(bar)

        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("documents_table")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setHighlightSections(False)
        for column in range(len(HEADERS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.doubleClicked.connect(lambda _index: self.edit_document())

        pending_box = QWidget()
        pending_layout = QVBoxLayout(pending_box)
        pending_layout.setContentsMargins(0, 4, 0, 0)
        pending_layout.setSpacing(2)
        self.pending_label = QLabel()
        self.pending_label.setObjectName("pending_label")
        self.pending_label.setWordWrap(True)
        self.pending = QListWidget()
        self.pending.setObjectName("pending")
        self.pending.setFlow(QListWidget.Flow.LeftToRight)
        self.pending.setWrapping(True)
        self.pending.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.pending.setSpacing(2)
        pending_layout.addWidget(self.pending_label)
        pending_layout.addWidget(self.pending, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(pending_box)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 150])
        layout.addWidget(self.splitter, 1)
        self.retranslate(tr)

    # -- the shared tab contract ---------------------------------------------------------
    def set_service(self, service: Any) -> None:
        self.service = service

    def set_meeting(self, meeting_id: uuid.UUID | None) -> None:
        self.meeting_id = meeting_id
        self.refresh()

    def set_store(self, store: Store) -> None:
        self.store = store
        self.meeting_id = None
        self.refresh()

    def retranslate(self, tr: Translator) -> None:
        self.translator = tr
        _ = tr.gettext
        self.add_button.setText(_("Add document…"))
        self.add_button.setToolTip(_("A new document of the meeting, with the next symbol of its series"))
        self.revision_button.setText(_("Add./Rev./Corr.…"))
        self.revision_button.setToolTip(_("An addendum, revision or corrigendum of the selected document"))
        self.edit_button.setText(_("Edit…"))
        self.distribute_button.setText(_("Record distribution…"))
        self.distribute_button.setToolTip(_("Record that the selected document was sent to the members and "
                                            "associate members (terms of reference, paragraph 10)"))
        self.remove_button.setText(_("Remove…"))
        self.table.setHorizontalHeaderLabels([_(h) for h in HEADERS])
        self.table.setAccessibleName(_("Documents of the meeting"))
        self.refresh()

    def refresh(self) -> None:
        keep = self.selected_id()
        self.rows = self.service.documents(self.meeting_id) \
            if self.service is not None and self.meeting_id is not None else []
        self._fill()
        if keep is not None:
            self.select(keep)
        self._selected()

    # -- the table -------------------------------------------------------------------------
    def _fill(self) -> None:
        tr = self.translator
        self.table.blockSignals(True)
        self.table.clearSelection()
        self.table.setRowCount(len(self.rows))
        for r, doc in enumerate(self.rows):
            title = (doc.titles.get(tr.lang) if tr.lang != "en" else None) or doc.title
            texts = [doc.symbol, title, document_kind_name(tr, doc.kind),
                     tr.gettext(", ").join(language_name(tr, lang) for lang in doc.languages),
                     tr.date(doc.issued_on, "medium") if doc.issued_on else "—",
                     tr.gettext(", ").join(doc.items), distribution_text(tr, doc.sent_to, doc.members_total)]
            for c, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, doc.id)
                item.setToolTip(text)
                if c == DISTRIBUTION and not doc.fully_distributed:
                    item.setForeground(_AMBER)
                self.table.setItem(r, c, item)
        self.table.blockSignals(False)

    def selected(self) -> Any | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def selected_id(self) -> uuid.UUID | None:
        doc = self.selected()
        return doc.id if doc is not None else None

    def select(self, document_id: uuid.UUID) -> bool:
        row = next((i for i, d in enumerate(self.rows) if d.id == document_id), -1)
        if row < 0:
            return False
        select_row(self.table, row)
        return True

    def column(self, column: int) -> list[str]:
        return [self.table.item(r, column).text() for r in range(self.table.rowCount())]

    def _selected(self) -> None:
        tr, _ = self.translator, self.translator.gettext
        doc = self.selected()
        writable = self.service is not None and self.meeting_id is not None and not self.store.read_only
        self.add_button.setEnabled(writable)
        for button in (self.revision_button, self.edit_button, self.remove_button):
            button.setEnabled(writable and doc is not None)
        self.distribute_button.setEnabled(writable and doc is not None and not doc.fully_distributed)
        self.pending.clear()
        if doc is None:
            self.pending_label.setText(_("Choose a document to see who has not received it yet.")
                                       if self.rows else _("No documents recorded for this meeting yet."))
            self.pending_label.setStyleSheet("")
            self.pending.hide()
            return
        state = self.service.distribution(doc.id)
        if not state.pending:
            self.pending_label.setText(tr.ngettext(
                "{symbol} was sent to the {n} member and associate member.",
                "{symbol} was sent to all {n} members and associate members.",
                state.members_total, symbol=doc.symbol))
            self.pending_label.setStyleSheet("")
            self.pending.hide()
            return
        self.pending_label.setText(tr.ngettext(
            "{symbol} has not been sent yet to {n} member or associate member:",
            "{symbol} has not been sent yet to {n} members and associate members:",
            len(state.pending), symbol=doc.symbol))
        self.pending_label.setStyleSheet(f"color: {WARNING_COLOUR};")
        for member in state.pending:
            self.pending.addItem(member_label(tr, member))
        self.pending.show()

    # -- actions -----------------------------------------------------------------------------
    def _open(self, dialog: QDialog) -> QDialog:
        return open_dialog(self, dialog, self._saved)

    def _saved(self) -> None:
        outcome = getattr(self.dialog, "saved_outcome", None)
        record = getattr(outcome, "record", None)
        keep = getattr(record, "id", None) if not isinstance(record, list) else self.selected_id()
        self.refresh()
        if keep is not None:
            self.select(keep)
        self.changed.emit()

    def add_document(self) -> DocumentDialog | None:
        if self.service is None or self.meeting_id is None:
            return None
        return self._open(DocumentDialog(self.service, self.translator, self.meeting_id,  # type: ignore[return-value]
                                         parent=self))

    def add_revision(self) -> DocumentDialog | None:
        doc = self.selected()
        if self.service is None or doc is None:
            return None
        return self._open(DocumentDialog(self.service, self.translator, self.meeting_id,  # type: ignore[return-value]
                                         revision_of=doc, parent=self))

    def edit_document(self) -> DocumentDialog | None:
        doc = self.selected()
        if self.service is None or doc is None or self.store.read_only:
            return None
        return self._open(DocumentDialog(self.service, self.translator, self.meeting_id,  # type: ignore[return-value]
                                         document=doc, parent=self))

    def record_distribution(self) -> DistributionDialog | None:
        doc = self.selected()
        if self.service is None or doc is None:
            return None
        try:
            dialog = DistributionDialog(self.service, self.translator, doc, parent=self)
        except UserError:  # removed meanwhile
            self.refresh()
            return None
        return self._open(dialog)  # type: ignore[return-value]

    def remove_document(self) -> bool:
        doc = self.selected()
        if self.service is None or doc is None:
            return False
        _ = self.translator.gettext
        if not confirm(self, _("Remove a document"), _(
                "Remove {symbol}, “{title}”, from the register? Its symbol stays used and will not be given to "
                "another document.", symbol=doc.symbol, title=doc.title), _("Remove"), _("Cancel")):
            return False
        outcome = self.service.remove_document(doc.id)
        if not outcome.saved:
            messages.warn(self, _("Not removed"), "\n".join(v.text(self.translator) for v in outcome.errors))
            return False
        self.refresh()
        self.changed.emit()
        return True
