"""One request in full, under the register or the board: its fields and processing time, its
dated history, and the activities and experts that answered it (linked and unlinked here)."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tegdesk.core.errors import DatabaseError
from tegdesk.core.i18n import Translator
from tegdesk.core.request_rules import channel_name, status_name
from tegdesk.core.services.requests import Outcome, RequestDetail, RequestService
from tegdesk.ui import messages
from tegdesk.ui.dialogs import open_dialog
from tegdesk.ui.requests.labels import STATUS_COLOURS, activity_text, day_text, days_text, expert_text, member_name
from tegdesk.ui.requests.links import ActivityPicker, ExpertPicker
from tegdesk.ui.roster.checked import WARNING_COLOUR
from tegdesk.ui.roster.widgets import InfoLabel

WARNINGS_STYLE = (f"QLabel#request_warnings {{ color: {WARNING_COLOUR}; background: #fff6e0;"
                  " border: 1px solid #f0d28a; border-radius: 4px; padding: 4px 8px; }")


def _value_label() -> InfoLabel:
    label = InfoLabel()
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


class _LinkList(QWidget):
    """A list of linked records with Link… and Remove buttons."""

    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.label = QLabel()
        self.label.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.label)
        self.list = QListWidget()
        self.list.setObjectName(f"{name}_list")
        self.list.setAlternatingRowColors(True)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton()
        self.add_button.setObjectName(f"link_{name}")
        self.remove_button = QPushButton()
        self.remove_button.setObjectName(f"unlink_{name}")
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.list.itemSelectionChanged.connect(self.update_buttons)
        self.writable = True

    def set_items(self, items: list[tuple[str, uuid.UUID]]) -> None:
        self.list.clear()
        for text, record_id in items:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, record_id)
            item.setToolTip(text)
            self.list.addItem(item)
        self.update_buttons()

    def ids(self) -> set[uuid.UUID]:
        return {self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())}

    def selected_id(self) -> uuid.UUID | None:
        items = self.list.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def update_buttons(self) -> None:
        self.add_button.setEnabled(self.writable)
        self.remove_button.setEnabled(self.writable and self.selected_id() is not None)


class RequestDetailView(QWidget):
    """The selected request (``set_request``); ``changed`` after a link is added or removed."""

    changed = Signal()

    def __init__(self, service: RequestService | None, tr: Translator, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("request_detail")
        self.service = service
        self.translator = tr
        self.request_id: uuid.UUID | None = None
        self.detail: RequestDetail | None = None
        self.read_only = False
        self.dialog: QDialog | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(6)
        top = QHBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("request_title")
        font = QFont(self.title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top.addWidget(self.title, 1)
        self.processing = QLabel()
        self.processing.setObjectName("processing_time")
        top.addWidget(self.processing)
        layout.addLayout(top)
        self.warnings = InfoLabel()
        self.warnings.setObjectName("request_warnings")
        self.warnings.setStyleSheet(WARNINGS_STYLE)
        self.warnings.hide()
        layout.addWidget(self.warnings)
        self.empty = QLabel()
        self.empty.setObjectName("empty")
        self.empty.setStyleSheet("color: #6b6b6b;")
        layout.addWidget(self.empty)

        self.body = QWidget()
        row = QHBoxLayout(self.body)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(10)
        self.fields_box = QGroupBox()
        self.fields_form = QFormLayout(self.fields_box)
        self.fields_form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        self.fields_form.setVerticalSpacing(4)
        self.values = {name: _value_label() for name in ("member", "requesting_body", "received_on", "channel",
                                                          "focal_point", "bsp_codes", "status")}
        self.field_labels = {name: QLabel() for name in self.values}
        for name, value in self.values.items():
            value.setObjectName(f"value_{name}")
            self.fields_form.addRow(self.field_labels[name], value)
        row.addWidget(self.fields_box, 4)

        self.history_box = QGroupBox()
        history_layout = QVBoxLayout(self.history_box)
        self.history = QTableWidget(0, 3)
        self.history.setObjectName("history")
        self.history.verticalHeader().hide()
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.setWordWrap(True)
        header = self.history.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        history_layout.addWidget(self.history)
        row.addWidget(self.history_box, 5)

        self.links_box = QGroupBox()
        links_layout = QVBoxLayout(self.links_box)
        self.activities = _LinkList("activity")
        self.experts = _LinkList("expert")
        links_layout.addWidget(self.activities, 1)
        links_layout.addWidget(self.experts, 1)
        row.addWidget(self.links_box, 4)
        layout.addWidget(self.body, 1)

        self.activities.add_button.clicked.connect(lambda: self.link_activity())
        self.activities.remove_button.clicked.connect(lambda: self.unlink_activity())
        self.experts.add_button.clicked.connect(lambda: self.link_expert())
        self.experts.remove_button.clicked.connect(lambda: self.unlink_expert())
        self.retranslate(tr)

    # -- contract ---------------------------------------------------------------------------
    def set_service(self, service: RequestService | None) -> None:
        self.service = service
        self.set_request(None)

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        for links in (self.activities, self.experts):
            links.writable = not read_only
            links.update_buttons()

    def retranslate(self, tr: Translator) -> None:
        self.translator = tr
        _ = tr.gettext
        for name, text in (("member", _("Member:")), ("requesting_body", _("Requesting body:")),
                           ("received_on", _("Received:")), ("channel", _("Channel:")),
                           ("focal_point", _("Focal point:")), ("bsp_codes", _("BSP codes:")),
                           ("status", _("Status:"))):
            self.field_labels[name].setText(text)
        self.fields_box.setTitle(_("Request"))
        self.history_box.setTitle(_("History"))
        self.history.setHorizontalHeaderLabels([_("Date"), _("Status"), _("Note")])
        self.links_box.setTitle(_("Answered by"))
        self.activities.label.setText(_("Activities"))
        self.activities.add_button.setText(_("Link activity…"))
        self.activities.remove_button.setText(_("Remove"))
        self.experts.label.setText(_("Experts"))
        self.experts.add_button.setText(_("Link expert…"))
        self.experts.remove_button.setText(_("Remove"))
        self.empty.setText(_("Select a request to see its history and what answered it."))
        self.refresh()

    def set_request(self, request_id: uuid.UUID | None) -> None:
        self.request_id = request_id
        self.refresh()

    def refresh(self) -> None:
        tr = self.translator
        self.detail = self.service.detail(self.request_id) \
            if self.service is not None and self.request_id is not None else None
        detail = self.detail
        self.body.setVisible(detail is not None)
        self.empty.setVisible(detail is None)
        if detail is None:
            self.title.setText("")
            self.processing.setText("")
            self.warnings.hide()
            return
        row, draft = detail.row, detail.draft
        self.title.setText(tr.gettext("{reference} — {subject}", reference=row.reference, subject=row.subject))
        if row.is_open:
            self.processing.setText(tr.gettext("Open for {days}", days=days_text(tr, row.days)))
        else:
            self.processing.setText(tr.gettext("Processing time: {days}", days=days_text(tr, row.days)))
        warnings = [v.text(tr) for v in row.warnings]
        self.warnings.setText("\n".join(f"⚠ {w}" for w in warnings))
        self.warnings.setVisible(bool(warnings))
        codes = {c.code: c for c in self.service.bsp_codes()} if draft.bsp_codes else {}
        code_texts = []
        for code in draft.bsp_codes:
            known = codes.get(code)
            title = (known.title_zh if tr.lang == "zh" and known.title_zh else known.title_en) if known else ""
            code_texts.append(f"{code} {title}".strip())
        colour = STATUS_COLOURS.get(row.status)
        status = status_name(tr, row.status)
        if not row.is_open and row.closed_on:
            status = tr.gettext("{status} on {date}", status=status, date=day_text(tr, row.closed_on))
        values = {"member": member_name(tr, row.member, row.member_name), "requesting_body": draft.requesting_body,
                  "received_on": tr.date(row.received_on), "channel": channel_name(tr, draft.channel),
                  "focal_point": draft.focal_point, "bsp_codes": "\n".join(code_texts), "status": status}
        for name, text in values.items():
            self.values[name].setText(text or "—")
        self.values["status"].setStyleSheet(f"color: {colour.name()}; font-weight: bold;" if colour else "")

        self.history.setRowCount(len(detail.history))
        for r, entry in enumerate(detail.history):
            cells = (day_text(tr, entry.on), status_name(tr, entry.status), entry.note)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.history.setItem(r, c, item)
        self.history.resizeRowsToContents()
        if detail.history:
            self.history.scrollToBottom()
        self.activities.set_items([(activity_text(tr, a), a.id) for a in detail.activities])
        self.experts.set_items([(expert_text(e), e.id) for e in detail.experts])

    # -- links --------------------------------------------------------------------------------
    def link_activity(self) -> ActivityPicker | None:
        if not self._writable():
            return None
        picker = ActivityPicker(self.service, self.translator, exclude=self.activities.ids(), parent=self)
        open_dialog(self, picker, lambda: self._linked(picker, self.service.link_activity))
        return picker

    def link_expert(self) -> ExpertPicker | None:
        if not self._writable():
            return None
        picker = ExpertPicker(self.service, self.translator, exclude=self.experts.ids(), parent=self)
        open_dialog(self, picker, lambda: self._linked(picker, self.service.link_expert))
        return picker

    def unlink_activity(self) -> None:
        chosen = self.activities.selected_id()
        if self._writable() and chosen is not None:
            self._apply(lambda: self.service.unlink_activity(self.request_id, chosen))

    def unlink_expert(self) -> None:
        chosen = self.experts.selected_id()
        if self._writable() and chosen is not None:
            self._apply(lambda: self.service.unlink_expert(self.request_id, chosen))

    def _writable(self) -> bool:
        return self.service is not None and self.request_id is not None and not self.read_only

    def _linked(self, picker, link) -> None:
        chosen = picker.chosen_id()
        if chosen is not None and self.request_id is not None:
            self._apply(lambda: link(self.request_id, chosen))

    def _apply(self, action) -> Outcome | None:
        """Run a link change; a refusal (the request removed meanwhile, the disk full) is told."""
        tr = self.translator
        try:
            outcome = action()
        except DatabaseError as exc:
            messages.show_error(self, tr, exc)
            return None
        if not outcome.ok:
            messages.warn(self, tr.gettext("Not saved"), "\n".join(v.text(tr) for v in outcome.errors))
        self.refresh()
        self.changed.emit()
        return outcome
