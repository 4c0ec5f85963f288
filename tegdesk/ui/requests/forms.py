"""The request form (New request… / Edit…) and the Move dialog (the date and note of a change
of status), both :class:`~tegdesk.ui.roster.checked.CheckedDialog`: the request service checks
them after each pause (``save=False``), refusals show in red with their field outlined and
Save disabled, warnings in amber; nothing typed is lost on a refusal, and closing with changes
asks Save / Discard / Cancel.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QWidget,
)

from tegdesk.core.i18n import Translator
from tegdesk.core.request_rules import CHANNELS, channel_name, status_name
from tegdesk.core.services.requests import Outcome, RequestDraft, RequestRow, RequestService
from tegdesk.core.services import requests as request_service
from tegdesk.ui.requests.labels import member_name
from tegdesk.ui.roster.checked import CheckedDialog
from tegdesk.ui.roster.names import sort_text
from tegdesk.ui.roster.widgets import DateEdit, InfoLabel, SearchCombo


def _note_edit(lines: int = 3) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 14)
    return edit


class RequestDialog(CheckedDialog):
    """Create a request (``request_id=None``) or edit one's own fields (its status moves on the board)."""

    def __init__(self, service: RequestService, tr: Translator, request_id: uuid.UUID | None = None,
                 parent: QWidget | None = None):
        super().__init__(service, tr, parent)  # type: ignore[arg-type]
        _ = tr.gettext
        self.service: RequestService = service
        self.request_id = request_id
        self.setObjectName("request_dialog")
        data = service.load(request_id) if request_id is not None else RequestDraft(
            received_on=request_service.today())
        self.setWindowTitle(_("Edit request {reference}", reference=data.reference) if request_id is not None
                            else _("New request"))
        self._reference_touched = request_id is not None

        self.reference = QLineEdit()
        self.reference.setObjectName("reference")
        self.reference.setPlaceholderText(_("e.g. {example}", example="TA/2026/007"))
        self.form.addRow(_("Reference:"), self.reference)

        self.member = SearchCombo()
        self.member.setObjectName("member")
        self.member.set_placeholder(_("Type to search members and associate members"))
        members = [(member_name(tr, m.iso2, m.name_en), m.iso2) for m in service.members()]
        self.member.set_items(sorted(members, key=lambda item: sort_text(item[0])))
        self.form.addRow(_("Requesting member:"), self.member)

        self.requesting_body = QLineEdit()
        self.requesting_body.setObjectName("requesting_body")
        self.requesting_body.setPlaceholderText(_("the ministry or agency"))
        self.form.addRow(_("Requesting body:"), self.requesting_body)

        self.received_on = DateEdit()
        self.received_on.setObjectName("received_on")
        self.form.addRow(_("Received on:"), self.received_on)

        self.channel = QComboBox()
        self.channel.setObjectName("channel")
        for code in CHANNELS:
            self.channel.addItem(channel_name(tr, code), code)
        if data.channel and data.channel not in CHANNELS:  # recorded by an older version: shown as it was
            self.channel.addItem(data.channel, data.channel)
        self.form.addRow(_("Channel:"), self.channel)

        self.subject = QLineEdit()
        self.subject.setObjectName("subject")
        self.form.addRow(_("Subject:"), self.subject)

        self.focal_point = QComboBox()
        self.focal_point.setObjectName("focal_point")
        self.focal_point.setEditable(True)
        self.focal_point.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.focal_point.addItems([""] + service.focal_points())
        self.focal_point.lineEdit().setPlaceholderText(_("a division or regional office"))
        self.form.addRow(_("Focal point:"), self.focal_point)

        self.bsp_codes = QListWidget()
        self.bsp_codes.setObjectName("bsp_codes")
        self.bsp_codes.setFixedHeight(130)
        self.bsp_codes.setUniformItemSizes(True)
        for code in service.bsp_codes():
            title = code.title_zh if tr.lang == "zh" and code.title_zh else code.title_en
            item = QListWidgetItem(f"{code.code}  {title}")
            item.setData(Qt.ItemDataRole.UserRole, code.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setToolTip(title)
            self.bsp_codes.addItem(item)
        self.form.addRow(_("BSP codes:"), self.bsp_codes)

        self._load(data)
        self.reference.textEdited.connect(self._reference_edited)
        self.received_on.dateChanged.connect(self._received_changed)
        self.member.currentTextChanged.connect(self.edited)
        for edit in (self.requesting_body, self.subject):
            edit.textChanged.connect(self.edited)
        self.channel.currentIndexChanged.connect(self.edited)
        self.focal_point.currentTextChanged.connect(self.edited)
        self.bsp_codes.itemChanged.connect(self.edited)
        self.resize(640, self.sizeHint().height())
        self.check()
        (self.subject if request_id is not None else self.member).setFocus()

    def _load(self, data: RequestDraft) -> None:
        self.reference.setText(data.reference or self.service.propose_reference(data.received_on))
        self.member.select(data.member or None)
        self.requesting_body.setText(data.requesting_body)
        self.received_on.set_date(data.received_on or request_service.today())
        self.channel.setCurrentIndex(max(0, self.channel.findData(data.channel)))
        self.subject.setText(data.subject)
        self.focal_point.setEditText(data.focal_point)
        chosen = set(data.bsp_codes)
        for i in range(self.bsp_codes.count()):
            item = self.bsp_codes.item(i)
            if item.data(Qt.ItemDataRole.UserRole) in chosen:
                item.setCheckState(Qt.CheckState.Checked)

    def _reference_edited(self, *_args: Any) -> None:
        self._reference_touched = True
        self.edited()

    def _received_changed(self, *_args: Any) -> None:
        """A new request's proposed reference follows the year received."""
        if not self._reference_touched:
            with QSignalBlocker(self.reference):
                self.reference.setText(self.service.propose_reference(self.received_on.date_value()))
        self.edited()

    # -- CheckedDialog ------------------------------------------------------------------------
    def data(self) -> RequestDraft:
        codes = [self.bsp_codes.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.bsp_codes.count())
                 if self.bsp_codes.item(i).checkState() == Qt.CheckState.Checked]
        member = self.member.current_id()
        if member is None and self.member.currentText().strip():
            member = self.member.currentText().strip()  # typed, matching no member: the rules say so
        return RequestDraft(reference=self.reference.text(), member=member or "",
                            requesting_body=self.requesting_body.text(), received_on=self.received_on.date_value(),
                            channel=self.channel.currentData(), subject=self.subject.text(),
                            focal_point=self.focal_point.currentText(), bsp_codes=codes)

    def perform(self, save: bool) -> Outcome:
        return self.service.save(self.data(), self.request_id, save=save)

    def fields(self) -> dict[str, QWidget]:
        return {"reference": self.reference, "member": self.member, "requesting_body": self.requesting_body,
                "received_on": self.received_on, "channel": self.channel, "subject": self.subject,
                "focal_point": self.focal_point, "bsp_codes": self.bsp_codes}


class MoveDialog(CheckedDialog):
    """Move a request to another status: the status (among those the rules allow), the date
    of the change and a note, checked by the rules before Save."""

    def __init__(self, service: RequestService, tr: Translator, row: RequestRow, status: str | None = None,
                 parent: QWidget | None = None):
        super().__init__(service, tr, parent)  # type: ignore[arg-type]
        _ = tr.gettext
        self.service: RequestService = service
        self.row = row
        self.setObjectName("move_dialog")
        self.setWindowTitle(_("Move request {reference}", reference=row.reference))
        self.save_button.setText(tr.pgettext("verb", "Record"))

        about = InfoLabel(f"{row.reference} — {member_name(tr, row.member, row.member_name)}")
        about.setObjectName("about")
        self.form.addRow(_("Request:"), about)
        subject = InfoLabel(row.subject)
        subject.setObjectName("subject")
        self.form.addRow(_("Subject:"), subject)
        for label in (about, subject):  # one line each (wrapped labels in a form take a height guessed too narrow)
            label.setWordWrap(False)
        self.current = QLabel(status_name(tr, row.status))
        self.current.setObjectName("current_status")
        self.form.addRow(_("Now:"), self.current)
        self.status = QComboBox()
        self.status.setObjectName("status")
        for code in service.next_statuses(row.id):
            self.status.addItem(status_name(tr, code), str(code))
        if status is not None:
            index = self.status.findData(status)
            if index < 0:  # a move the rules refuse (dropped on the wrong column): shown, and refused
                self.status.addItem(status_name(tr, status), status)
                index = self.status.count() - 1
            self.status.setCurrentIndex(index)
        self.form.addRow(_("Move to:"), self.status)
        self.on = DateEdit(request_service.today())
        self.on.setObjectName("on")
        self.form.addRow(_("On:"), self.on)
        self.note = _note_edit()
        self.note.setObjectName("note")
        self.note.setPlaceholderText(_("e.g. assigned to the Environment and Development Division"))
        self.form.addRow(_("Note:"), self.note)

        self.status.currentIndexChanged.connect(self.edited)
        self.on.dateChanged.connect(self.edited)
        self.note.textChanged.connect(self.edited)
        self.resize(520, self.sizeHint().height())
        self.check()
        self.note.setFocus()

    def chosen_status(self) -> str:
        return self.status.currentData() or ""

    def perform(self, save: bool) -> Outcome:
        return self.service.change_status(self.row.id, self.chosen_status(), self.on.date_value(),
                                          self.note.toPlainText(), save=save)

    def fields(self) -> dict[str, QWidget]:
        return {"status": self.status, "on": self.on, "note": self.note}
