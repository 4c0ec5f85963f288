"""New meeting / Edit details: the form of a meeting, checked as the user types.

A :class:`~tegdesk.ui.roster.checked.CheckedDialog`: the meeting service checks
the form (``save=False``) after each pause; refusals (end before start, a number
already used, a deadline after the first day…) show in red under the form with
their field outlined and Save disabled; the rules' warnings (R7 more than three
months since the previous meeting, R11 nominations called late, R5 no election
on a first meeting's agenda) show in amber and do not stop Save. Nothing typed
is lost on a refusal.

The meeting's title and venue in other languages (Chinese first) are typed in
the section at the bottom, one language at a time.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from tegdesk.core.i18n import Translator
from tegdesk.core.meeting_rules import add_months
from tegdesk.core.services.meetings import MeetingData, MeetingService, Outcome
from tegdesk.ui.meetings.fields import LanguageBoxes
from tegdesk.ui.meetings.labels import MEETING_LANGUAGES, MODE_NAMES, STATUS_NAMES, language_name
from tegdesk.ui.meetings.model import meeting_name
from tegdesk.ui.roster.checked import CheckedDialog, section_label
from tegdesk.ui.roster.widgets import DateEdit, OptionalDate

#: A new meeting starts this many days from today unless the user says otherwise.
NEW_MEETING_LEAD_DAYS = 90


class MeetingDialog(CheckedDialog):
    """Create a meeting (``meeting_id=None``) or edit one."""

    def __init__(self, service: MeetingService, tr: Translator, meeting_id: uuid.UUID | None = None,
                 parent: QWidget | None = None):
        super().__init__(service, tr, parent)  # type: ignore[arg-type]
        _ = tr.gettext
        self.meeting_id = meeting_id
        self.setObjectName("meeting_dialog")
        existing = service.get(meeting_id) if meeting_id is not None else None
        data = MeetingData.from_meeting(existing) if existing is not None else self._new_data()
        self.setWindowTitle(_("Edit meeting {meeting}", meeting=meeting_name(tr, service.body_code, data.number))
                            if existing is not None else _("New meeting"))
        self._title_touched = existing is not None
        self._translations: dict[str, dict[str, str]] = {k: dict(v) for k, v in data.translations.items()}

        self.number = QSpinBox()
        self.number.setObjectName("number")
        self.number.setRange(1, 999)
        self.number.setPrefix(f"{service.body_code} ")
        self.status = QComboBox()
        self.status.setObjectName("status")
        for code, name in STATUS_NAMES.items():
            self.status.addItem(_(name), str(code))
        self.status_label = QLabel(_("Status:"))
        self.status_label.setBuddy(self.status)
        first = QWidget()
        row = QHBoxLayout(first)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.number)
        row.addSpacing(16)
        row.addWidget(self.status_label)
        row.addWidget(self.status)
        row.addStretch(1)
        self.form.addRow(_("Number:"), first)

        self.title = QLineEdit()
        self.title.setObjectName("title")
        self.form.addRow(_("Title:"), self.title)

        self.start = DateEdit()
        self.start.setObjectName("start_date")
        self.end = DateEdit()
        self.end.setObjectName("end_date")
        dates = QWidget()
        row = QHBoxLayout(dates)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.start)
        self.to_label = QLabel(_("to"))
        row.addWidget(self.to_label)
        row.addWidget(self.end)
        row.addStretch(1)
        self.form.addRow(_("Dates:"), dates)

        self.mode = QComboBox()
        self.mode.setObjectName("mode")
        for code, name in MODE_NAMES.items():
            self.mode.addItem(_(name), str(code))
        self.form.addRow(_("Format:"), self.mode)
        self.venue = QLineEdit()
        self.venue.setObjectName("venue")
        self.venue.setPlaceholderText(_("e.g. United Nations Conference Centre, Bangkok"))
        self.form.addRow(_("Venue:"), self.venue)

        self.languages = LanguageBoxes(tr)
        self.form.addRow(_("Languages:"), self.languages)

        self.reference = QLineEdit()
        self.reference.setObjectName("reference")
        self.reference.setPlaceholderText(_("reference of the notes verbales and letters"))
        self.form.addRow(_("Reference:"), self.reference)

        self.form.addRow(section_label(_("Nominations and registration")))
        self.nominations_called_on = OptionalDate()
        self.nominations_called_on.setObjectName("nominations_called_on")
        self.form.addRow(_("Nominations called on:"), self.nominations_called_on)
        self.nomination_deadline = OptionalDate()
        self.nomination_deadline.setObjectName("nomination_deadline")
        self.form.addRow(_("Nomination deadline:"), self.nomination_deadline)
        self.registration_deadline = OptionalDate()
        self.registration_deadline.setObjectName("registration_deadline")
        self.form.addRow(_("Registration deadline:"), self.registration_deadline)
        self.contact = QLineEdit()
        self.contact.setObjectName("contact")
        self.form.addRow(_("Contact:"), self.contact)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)
        self.form.addRow(_("Notes:"), self.notes)

        self.form.addRow(section_label(_("Title, venue and contact in other languages")))
        self.text_language = QComboBox()
        self.text_language.setObjectName("text_language")
        for lang in MEETING_LANGUAGES[1:]:
            self.text_language.addItem(language_name(tr, lang), lang)
        self.form.addRow(_("Language:"), self.text_language)
        self.title_other = QLineEdit()
        self.title_other.setObjectName("title_translation")
        self.form.addRow(_("Title:"), self.title_other)
        self.venue_other = QLineEdit()
        self.venue_other.setObjectName("venue_translation")
        self.form.addRow(_("Venue:"), self.venue_other)
        self.contact_other = QLineEdit()
        self.contact_other.setObjectName("contact_translation")
        self.form.addRow(_("Contact:"), self.contact_other)

        self._load(data)
        self._length = max(0, (self.end.date_value() - self.start.date_value()).days)
        self.number.valueChanged.connect(self._number_changed)
        self.status.currentIndexChanged.connect(self.edited)
        self.languages.changed.connect(self.edited)
        self.title.textEdited.connect(self._title_edited)
        self.start.dateChanged.connect(self._start_changed)
        self.end.dateChanged.connect(self.edited)
        self.mode.currentIndexChanged.connect(self.edited)
        self.venue.textChanged.connect(self.edited)
        for edit in (self.reference, self.contact):
            edit.textChanged.connect(self.edited)
        self.notes.textChanged.connect(self.edited)
        for optional in (self.nominations_called_on, self.nomination_deadline, self.registration_deadline):
            optional.changed.connect(self.edited)
        self.text_language.currentIndexChanged.connect(lambda _i: self._show_translation())
        self.title_other.textEdited.connect(self._translation_edited)
        self.venue_other.textEdited.connect(self._translation_edited)
        self.contact_other.textEdited.connect(self._translation_edited)

        self.resize(700, self.sizeHint().height())
        self.check()
        self.title.setFocus()

    # -- filling --------------------------------------------------------------------------
    def _new_data(self) -> MeetingData:
        """The next number with its usual title; the venue, format, languages and contact of
        the latest meeting; two days, three months after it (quarterly, R7), never sooner
        than :data:`NEW_MEETING_LEAD_DAYS` from today."""
        number = self.service.next_number()
        data = MeetingData(title=self.service.suggested_title(number), number=number)
        start = dt.date.today() + dt.timedelta(days=NEW_MEETING_LEAD_DAYS)
        rows = self.service.meetings()
        if rows:
            latest = self.service.get(rows[-1].id)
            start = max(start, add_months(latest.end_date, 3))
            data.venue, data.mode, data.contact = latest.venue, latest.mode, latest.contact
            data.languages = list(latest.languages or ["en"])
        data.start_date, data.end_date = start, start + dt.timedelta(days=1)
        return data

    def _load(self, data: MeetingData) -> None:
        self.number.setValue(data.number or 1)
        self.status.setCurrentIndex(max(0, self.status.findData(str(data.status))))
        self.title.setText(data.title)
        self.start.set_date(data.start_date or dt.date.today())
        self.end.set_date(data.end_date or data.start_date or dt.date.today())
        self.mode.setCurrentIndex(max(0, self.mode.findData(str(data.mode))))
        self.venue.setText(data.venue or "")
        self.languages.set_languages(data.languages)
        self.reference.setText(data.reference or "")
        self.nominations_called_on.set_value(data.nominations_called_on)
        self.nomination_deadline.set_value(data.nomination_deadline)
        self.registration_deadline.set_value(data.registration_deadline)
        self.contact.setText(data.contact or "")
        self.notes.setPlainText(data.notes or "")
        chosen = next((lang for lang in data.languages if lang != "en"), None) \
            or next(iter(self._translations), "zh")
        self.text_language.setCurrentIndex(max(0, self.text_language.findData(chosen)))
        self._show_translation()

    def _show_translation(self) -> None:
        texts = self._translations.get(self.text_language.currentData(), {})
        self.title_other.setText(texts.get("title", ""))
        self.venue_other.setText(texts.get("venue", ""))
        self.contact_other.setText(texts.get("contact", ""))

    # -- edits ------------------------------------------------------------------------------
    def _title_edited(self, *_args: Any) -> None:
        self._title_touched = True
        self.edited()

    def _number_changed(self, number: int) -> None:
        if not self._title_touched:  # keep the usual title in step with the number
            with QSignalBlocker(self.title):
                self.title.setText(self.service.suggested_title(number))
        self.edited()

    def _start_changed(self, *_args: Any) -> None:
        """Moving the first day moves the last day with it (the meeting keeps its length)."""
        start = self.start.date_value()
        with QSignalBlocker(self.end):
            self.end.set_date(start + dt.timedelta(days=self._length))
        self.edited()

    def edited(self, *args: Any) -> None:
        length = (self.end.date_value() - self.start.date_value()).days
        if length >= 0:
            self._length = length
        super().edited(*args)

    def _translation_edited(self, *_args: Any) -> None:
        lang = self.text_language.currentData()
        texts = {"title": self.title_other.text(), "venue": self.venue_other.text(),
                 "contact": self.contact_other.text()}
        self._translations[lang] = {k: v for k, v in texts.items() if v.strip()}
        self.edited()

    # -- CheckedDialog ----------------------------------------------------------------------
    def data(self) -> MeetingData:
        def text(edit: QLineEdit) -> str | None:
            return edit.text().strip() or None

        return MeetingData(
            title=self.title.text(), start_date=self.start.date_value(), end_date=self.end.date_value(),
            number=self.number.value(), venue=text(self.venue), mode=self.mode.currentData(),
            languages=self.languages.languages(),
            status=self.status.currentData(), nominations_called_on=self.nominations_called_on.value(),
            nomination_deadline=self.nomination_deadline.value(),
            registration_deadline=self.registration_deadline.value(), contact=text(self.contact),
            notes=self.notes.toPlainText(), reference=text(self.reference),
            translations={k: dict(v) for k, v in self._translations.items() if v})

    def perform(self, save: bool) -> Outcome:
        return self.service.save_meeting(self.data(), meeting_id=self.meeting_id, save=save)

    def fields(self) -> dict[str, QWidget]:
        return {"number": self.number, "title": self.title, "start_date": self.start, "end_date": self.end,
                "mode": self.mode, "venue": self.venue, "languages": self.languages, "status": self.status,
                "reference": self.reference, "nominations_called_on": self.nominations_called_on,
                "nomination_deadline": self.nomination_deadline,
                "registration_deadline": self.registration_deadline, "contact": self.contact,
                "translations": self.title_other, "agenda": self.title}
