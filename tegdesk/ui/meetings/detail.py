"""One meeting in full: a header (its name, dates and place, Edit… and the
Documents ▾ button) over tabs: Details, Agenda, Documents, Participants, Notices.

Every tab follows one contract, shared with the Participants and Notices tabs:
``set_meeting(meeting_id)``, ``refresh()``, ``retranslate(tr)``, ``set_store(store)``.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tegdesk.core.errors import UserError
from tegdesk.core.i18n import Translator
from tegdesk.core.store import Store
from tegdesk.ui.meetings.agenda import AgendaEditor
from tegdesk.ui.meetings.documents import DocumentsTab
from tegdesk.ui.meetings.labels import language_name, languages_text, mode_name, place_text, status_name
from tegdesk.ui.meetings.model import meeting_name
from tegdesk.ui.meetings.notices import NoticesTab
from tegdesk.ui.meetings.outputs import DocumentsButton
from tegdesk.ui.meetings.participants import ParticipantsTab
from tegdesk.ui.roster.checked import ERROR_COLOUR, WARNING_COLOUR
from tegdesk.ui.roster.widgets import InfoLabel

WARNINGS_STYLE = (f"QLabel#meeting_warnings {{ color: {WARNING_COLOUR}; background: #fff6e0;"
                  " border: 1px solid #f0d28a; border-radius: 4px; padding: 6px 8px; }")
MESSAGE_STYLE = (f"QLabel#agenda_message {{ color: {ERROR_COLOUR}; background: #fdecea; border: 1px solid #f2b8b5;"
                 " border-radius: 4px; padding: 4px 8px; }")


class DetailsTab(QWidget):
    """Everything recorded about the meeting, read-only, and the rules' warnings (R5, R7, R11)."""

    def __init__(self, tr: Translator, parent: QWidget | None = None):
        super().__init__(parent)
        self.translator = tr
        self.meeting: Any = None
        self.warning_texts: list[str] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        outer.addWidget(scroll)
        inner = QWidget()
        scroll.setWidget(inner)
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(12, 10, 12, 10)
        self.warnings_label = InfoLabel()
        self.warnings_label.setObjectName("meeting_warnings")
        self.warnings_label.setStyleSheet(WARNINGS_STYLE)
        self.warnings_label.hide()
        layout.addWidget(self.warnings_label)
        self.form = QFormLayout()
        self.form.setHorizontalSpacing(18)
        self.form.setVerticalSpacing(6)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(self.form)
        layout.addStretch(1)
        self.values: dict[str, InfoLabel] = {}

    def show_meeting(self, meeting: Any, body_code: str, warnings: list[str]) -> None:
        self.meeting = meeting
        self.body_code = body_code
        self.warning_texts = warnings
        self._fill()

    def retranslate(self, tr: Translator) -> None:
        self.translator = tr
        self._fill()

    def _fill(self) -> None:
        tr, _ = self.translator, self.translator.gettext
        while self.form.rowCount():
            self.form.removeRow(0)
        self.values = {}
        m = self.meeting
        self.warnings_label.setText("\n".join(f"⚠ {w}" for w in self.warning_texts))
        self.warnings_label.setVisible(bool(self.warning_texts) and m is not None)
        if m is None:
            return

        def day(value: Any) -> str:
            return tr.date(value) if value else "—"

        rows = [
            ("number", _("Meeting:"), meeting_name(tr, self.body_code, m.number)),
            ("title", _("Title:"), m.title or "—"),
            ("dates", _("Dates:"), tr.date_range(m.start_date, m.end_date)),
            ("mode", _("Mode:"), mode_name(tr, m.mode)),
            ("venue", _("Venue:"), m.venue or "—"),
            ("languages", _("Languages:"), languages_text(tr, list(m.languages or [])) or "—"),
            ("status", _("Status:"), status_name(tr, m.status)),
            ("reference", _("Reference:"), m.reference or "—"),
            ("nominations_called_on", _("Nominations called on:"), day(m.nominations_called_on)),
            ("nomination_deadline", _("Nomination deadline:"), day(m.nomination_deadline)),
            ("registration_deadline", _("Registration deadline:"), day(m.registration_deadline)),
            ("contact", _("Contact:"), m.contact or "—"),
            ("notes", _("Notes:"), m.notes or "—"),
        ]
        for lang, texts in sorted((m.translations or {}).items()):
            language = language_name(tr, lang)
            if texts.get("title"):
                rows.append((f"title_{lang}", _("Title in {language}:", language=language), texts["title"]))
            if texts.get("venue"):
                rows.append((f"venue_{lang}", _("Venue in {language}:", language=language), texts["venue"]))
        for key, label, text in rows:
            value = InfoLabel(text)
            value.setObjectName(f"value_{key}")
            self.values[key] = value
            self.form.addRow(label, value)


class MeetingDetail(QWidget):
    """The selected meeting: header and tabs. ``changed`` fires when something the
    meetings list shows may have changed (the agenda's R5 warning, for one)."""

    changed = Signal()
    edit_requested = Signal()

    def __init__(self, store: Store, tr: Translator, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.translator = tr
        self.service: Any = None
        self.meeting_id: uuid.UUID | None = None
        self.meeting: Any = None
        self.read_only = store.read_only

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        header = QHBoxLayout()
        self.title_label = QLabel()
        self.title_label.setObjectName("meeting_title")
        font = QFont(self.title_label.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title_label.setFont(font)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subtitle_label = QLabel()
        self.subtitle_label.setObjectName("meeting_subtitle")
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.title_label)
        titles.addWidget(self.subtitle_label)
        header.addLayout(titles, 1)
        self.edit_button = QPushButton()
        self.edit_button.setObjectName("edit_meeting")
        self.edit_button.clicked.connect(self.edit_requested)
        header.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        self.documents_button = DocumentsButton(store, tr)
        self.documents_button.setObjectName("documents_button")
        header.addWidget(self.documents_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(header)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("meeting_tabs")
        self.details = DetailsTab(tr)
        self.agenda = AgendaEditor(store, tr)
        self.documents = DocumentsTab(store, tr)
        self.participants = ParticipantsTab(store, tr)
        self.notices = NoticesTab(store, tr)
        for tab in (self.details, self.agenda, self.documents, self.participants, self.notices):
            self.tabs.addTab(tab, "")
        layout.addWidget(self.tabs, 1)

        self.agenda.changed.connect(lambda: self._part_changed(self.documents))
        self.documents.changed.connect(lambda: self._part_changed(self.agenda))
        self.retranslate(tr)
        self.set_meeting(None)

    # -- the tabs that follow the meeting ------------------------------------------------
    def _parts(self) -> list[Any]:
        return [self.documents_button, self.agenda, self.documents, self.participants, self.notices]

    def set_service(self, service: Any) -> None:
        self.service = service
        self.agenda.set_service(service)
        self.documents.set_service(service)

    # -- typed input is never lost (tegdesk.ui.pages.base) -------------------------------
    def save_pending(self) -> None:
        """Save the agenda item being typed now rather than after the pause."""
        self.agenda.save_texts()

    def unsaved_editor(self) -> QWidget | None:
        """The tab holding changes not saved (a refused agenda text, funding, a notice's wording)."""
        return next((tab for tab in (self.agenda, self.participants, self.notices) if tab.has_unsaved_changes()),
                    None)

    def reveal(self, editor: QWidget) -> None:
        self.tabs.setCurrentWidget(editor)

    def set_meeting(self, meeting_id: uuid.UUID | None) -> None:
        self.meeting_id = meeting_id
        self._read_meeting()
        for part in self._parts():
            part.set_meeting(meeting_id)

    def refresh(self) -> None:
        self._read_meeting()
        for part in self._parts():
            part.refresh()

    def set_store(self, store: Store) -> None:
        self.store = store
        self.read_only = store.read_only
        self.meeting_id = None
        for part in self._parts():
            part.set_store(store)
        self._read_meeting()

    def retranslate(self, tr: Translator) -> None:
        self.translator = tr
        _ = tr.gettext
        self.edit_button.setText(_("Edit details…"))
        self.edit_button.setToolTip(_("Change the meeting's number, dates, venue, status, deadlines…"))
        for i, title in enumerate((_("Details"), _("Agenda"), _("Documents"), _("Participants"), _("Notices"))):
            self.tabs.setTabText(i, title)
        self.details.retranslate(tr)
        for part in self._parts():
            part.retranslate(tr)
        self._show_header()

    # -- the meeting ---------------------------------------------------------------
    def _read_meeting(self) -> None:
        self.meeting = None
        warnings: list[str] = []
        if self.service is not None and self.meeting_id is not None:
            try:
                self.meeting = self.service.get(self.meeting_id)
                warnings = [v.text(self.translator) for v in self.service.warnings(self.meeting_id)]
            except UserError:  # removed meanwhile
                self.meeting = None
        body = self.service.body_code if self.service is not None else ""
        self.details.show_meeting(self.meeting, body, warnings)
        self.tabs.setEnabled(self.meeting is not None)
        self.edit_button.setEnabled(self.meeting is not None and not self.read_only)
        self._show_header()

    def _show_header(self) -> None:
        tr = self.translator
        m = self.meeting
        if m is None:
            self.title_label.setText(tr.gettext("No meeting selected"))
            self.subtitle_label.setText(tr.gettext("Choose a meeting in the list, or create one with New meeting…"))
            return
        title = ((m.translations or {}).get(tr.lang) or {}).get("title") if tr.lang != "en" else None
        name = meeting_name(tr, self.service.body_code, m.number)
        self.title_label.setText(tr.gettext("{meeting}: {title}", meeting=name, title=title or m.title)
                                 if (title or m.title) else name)
        venue = ((m.translations or {}).get(tr.lang) or {}).get("venue") if tr.lang != "en" else None
        self.subtitle_label.setText(tr.gettext("{dates} · {place} · {status}",
                                               dates=tr.date_range(m.start_date, m.end_date),
                                               place=place_text(tr, m.mode, venue or m.venue),
                                               status=status_name(tr, m.status)))

    def _part_changed(self, other: Any) -> None:
        """The agenda or the register changed: the other shows part of it (documents per item, the
        items each document is before); the warnings and the documents menu may change too."""
        other.refresh()
        self.documents_button.refresh()
        self._read_meeting()
        self.changed.emit()
