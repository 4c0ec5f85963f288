"""The document register's dialogs: add (or edit) a document with its symbol
proposed by the service, and record its distribution to the members (R8).

Both are :class:`~tegdesk.ui.roster.checked.CheckedDialog`\\ s: the meeting
service checks the form (``save=False``) as the user types.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QWidget,
)

from tegdesk.core.errors import UserError
from tegdesk.core.i18n import Translator
from tegdesk.core.models import DocumentKind, DocumentSeries
from tegdesk.core.services.meeting_documents import REVISION_KINDS, DocumentData
from tegdesk.core.services.meetings import MeetingService, Outcome
from tegdesk.ui.meetings.fields import LanguageBoxes
from tegdesk.ui.meetings.labels import (
    CHANNEL_NAMES,
    DISTRIBUTION_NAMES,
    DOCUMENT_KIND_NAMES,
    MEETING_LANGUAGES,
    SERIES_NAMES,
    language_name,
)
from tegdesk.ui.roster.checked import CheckedDialog, section_label
from tegdesk.ui.roster.widgets import DateEdit, OptionalDate


def member_label(tr: Translator, member: Any) -> str:
    """A member (the service's MemberRef) in the interface's language: ESCAP's short name in English."""
    name = member.name if tr.lang == "en" else tr.territory(member.iso2)
    return tr.gettext("{member} (associate member)", member=name) if member.associate else name


class DocumentDialog(CheckedDialog):
    """A new document of the meeting (a series, or an Add./Rev./Corr. of ``revision_of``),
    or an existing one (``document``) to edit. The symbol is proposed and stays editable."""

    def __init__(self, service: MeetingService, tr: Translator, meeting_id: uuid.UUID, *,
                 document: Any = None, revision_of: Any = None, parent: QWidget | None = None):
        super().__init__(service, tr, parent)  # type: ignore[arg-type]
        _ = tr.gettext
        self.meeting_id = meeting_id
        self.document = document  # a DocumentRow when editing
        self.revision_of = revision_of  # a DocumentRow when adding Add./Rev./Corr.
        self._symbol_touched = document is not None
        self.setObjectName("document_dialog")
        if document is not None:
            self.setWindowTitle(_("Edit document {symbol}", symbol=document.symbol))
        elif revision_of is not None:
            self.setWindowTitle(_("Revision, addendum or corrigendum of {symbol}", symbol=revision_of.symbol))
        else:
            self.setWindowTitle(_("Add a document"))
        source = document or revision_of
        self._titles: dict[str, str] = dict(source.titles) if source is not None else {}

        self.series = QComboBox()
        self.series.setObjectName("series")
        for code, name in SERIES_NAMES.items():
            self.series.addItem(_(name), str(code))
        self.revision_kind = QComboBox()
        self.revision_kind.setObjectName("revision_kind")
        for code, name in REVISION_KINDS.items():
            self.revision_kind.addItem(_("{name} ({code}.)", name=_(name), code=code), code)
        if revision_of is not None:
            self.form.addRow(_("Of document:"), QLineEdit(revision_of.symbol, readOnly=True))
            self.form.addRow(_("Issued as:"), self.revision_kind)
        elif document is None:
            self.form.addRow(_("Series:"), self.series)

        self.symbol = QLineEdit()
        self.symbol.setObjectName("symbol")
        self.propose_button = QPushButton(_("Propose"))
        self.propose_button.setObjectName("propose_symbol")
        self.propose_button.setAutoDefault(False)
        self.propose_button.setToolTip(_("The next free symbol of the series"))
        self.propose_button.setVisible(document is None)
        symbol_row = QWidget()
        row = QHBoxLayout(symbol_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.symbol, 1)
        row.addWidget(self.propose_button)
        self.form.addRow(_("Symbol:"), symbol_row)

        self.title = QLineEdit()
        self.title.setObjectName("title")
        self.form.addRow(_("Title:"), self.title)
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for code, name in DOCUMENT_KIND_NAMES.items():
            self.kind.addItem(_(name), str(code))
        self.form.addRow(_("Kind:"), self.kind)

        self.languages = LanguageBoxes(tr)
        self.form.addRow(_("Languages:"), self.languages)
        self.original = QComboBox()
        self.original.setObjectName("original_language")
        for lang in MEETING_LANGUAGES:
            self.original.addItem(language_name(tr, lang), lang)
        self.form.addRow(_("Original:"), self.original)
        self.distribution = QComboBox()
        self.distribution.setObjectName("distribution")
        for code, name in DISTRIBUTION_NAMES.items():
            self.distribution.addItem(_(name), code)
        self.form.addRow(_("Distribution:"), self.distribution)
        self.issued = OptionalDate()
        self.issued.setObjectName("issued_on")
        self.form.addRow(_("Issued on:"), self.issued)

        self.form.addRow(section_label(_("Title in other languages")))
        self.title_language = QComboBox()
        self.title_language.setObjectName("title_language")
        for lang in MEETING_LANGUAGES[1:]:
            self.title_language.addItem(language_name(tr, lang), lang)
        self.form.addRow(_("Language:"), self.title_language)
        self.title_other = QLineEdit()
        self.title_other.setObjectName("title_translation")
        self.form.addRow(_("Title:"), self.title_other)

        self._load(source)
        self.series.currentIndexChanged.connect(self._series_changed)
        self.revision_kind.currentIndexChanged.connect(lambda _i: self.propose())
        self.symbol.textEdited.connect(self._symbol_edited)
        self.propose_button.clicked.connect(lambda _checked=False: self.propose(force=True))
        self.title.textChanged.connect(self.edited)
        self.kind.currentIndexChanged.connect(self.edited)
        self.languages.changed.connect(self.edited)
        self.original.currentIndexChanged.connect(self.edited)
        self.distribution.currentIndexChanged.connect(self.edited)
        self.issued.changed.connect(self.edited)
        self.title_language.currentIndexChanged.connect(lambda _i: self._show_title())
        self.title_other.textEdited.connect(self._title_edited)
        if document is None:
            self.propose(force=True)
        self.resize(680, self.sizeHint().height())
        self.check()
        self.title.setFocus()

    def _load(self, source: Any) -> None:
        if source is not None:
            self.title.setText(source.title)
            self.series.setCurrentIndex(max(0, self.series.findData(str(source.series))))
            self.kind.setCurrentIndex(max(0, self.kind.findData(str(source.kind))))
            languages, original, distribution = source.languages, source.original_language, source.distribution
        else:
            self.kind.setCurrentIndex(self.kind.findData(str(DocumentKind.PAPER)))
            languages, original, distribution = ["en"], "en", "general"
        if self.document is not None:
            self.symbol.setText(self.document.symbol)
            self.issued.set_value(self.document.issued_on)
        self.languages.set_languages(languages)
        self.original.setCurrentIndex(max(0, self.original.findData(original)))
        self.distribution.setCurrentIndex(max(0, self.distribution.findData(distribution)))
        chosen = next((lang for lang in languages if lang != "en"), None) or next(iter(self._titles), "zh")
        self.title_language.setCurrentIndex(max(0, self.title_language.findData(chosen)))
        self._show_title()

    # -- the symbol ------------------------------------------------------------------------
    def propose(self, force: bool = False) -> str | None:
        """Put the service's next free symbol in the field, unless the user typed one (or ``force``)."""
        if self.document is not None or (self._symbol_touched and not force):
            return None
        try:
            if self.revision_of is not None:
                symbol = self.service.propose_symbol(self.meeting_id, revision_of=self.revision_of.id,
                                                     revision_kind=self.revision_kind.currentData())
            else:
                symbol = self.service.propose_symbol(self.meeting_id, series=self.series.currentData())
        except UserError as exc:
            self.errors_label.setText(f"• {exc.text(self.tr)}")
            self.errors_label.show()
            return None
        self.symbol.setText(symbol)
        self._symbol_touched = False
        self.edited()
        return symbol

    def _symbol_edited(self, *_args: Any) -> None:
        self._symbol_touched = True
        self.edited()

    def _series_changed(self, _index: int) -> None:
        if self.series.currentData() == DocumentSeries.LIMITED:
            with QSignalBlocker(self.distribution):
                self.distribution.setCurrentIndex(self.distribution.findData("limited"))
        self.propose()
        self.edited()

    # -- titles in other languages ------------------------------------------------------------
    def _show_title(self) -> None:
        self.title_other.setText(self._titles.get(self.title_language.currentData(), ""))

    def _title_edited(self, text: str) -> None:
        self._titles[self.title_language.currentData()] = text
        self.edited()

    # -- CheckedDialog ---------------------------------------------------------------------------
    def data(self) -> DocumentData:
        languages = self.languages.languages()
        return DocumentData(
            title=self.title.text(), series=self.series.currentData(), kind=self.kind.currentData(),
            symbol=self.symbol.text().strip() or None,
            revision_of=self.revision_of.id if self.revision_of is not None else None,
            revision_kind=self.revision_kind.currentData() if self.revision_of is not None else None,
            languages=languages, original_language=self.original.currentData(),
            distribution=self.distribution.currentData(), issued_on=self.issued.value(),
            titles={k: v for k, v in self._titles.items() if v.strip()})

    def perform(self, save: bool) -> Outcome:
        if self.document is not None:
            return self.service.update_document(self.document.id, self.data(), save=save)
        return self.service.add_document(self.meeting_id, self.data(), save=save)

    def fields(self) -> dict[str, QWidget]:
        return {"symbol": self.symbol, "series": self.series, "title": self.title, "kind": self.kind,
                "languages": self.languages, "original_language": self.original,
                "distribution": self.distribution, "titles": self.title_other, "revision_of": self.revision_kind,
                "revision_kind": self.revision_kind}


class DistributionDialog(CheckedDialog):
    """Record that a document was sent to the members and associate members (R8: to all of
    them, whether or not they take part), on a date and through a channel."""

    def __init__(self, service: MeetingService, tr: Translator, document: Any, parent: QWidget | None = None):
        super().__init__(service, tr, parent)  # type: ignore[arg-type]
        _ = tr.gettext
        self.document = document
        self.setObjectName("distribution_dialog")
        self.setWindowTitle(_("Record distribution of {symbol}", symbol=document.symbol))
        self.state = service.distribution(document.id)
        self.intro.setText(_("Under paragraph 10 of the terms of reference, documents go to all members and "
                             "associate members, whether or not they take part in the meeting."))
        self.intro.show()
        self.sent_on = DateEdit(max(dt.date.today(), document.issued_on or dt.date.today()))
        self.sent_on.setObjectName("sent_on")
        self.form.addRow(_("Sent on:"), self.sent_on)
        self.channel = QComboBox()
        self.channel.setObjectName("channel")
        self.channel.setEditable(True)
        for code, name in CHANNEL_NAMES.items():
            self.channel.addItem(_(name), code)
        self.form.addRow(_("Sent by:"), self.channel)
        pending = len(self.state.pending)
        self.to_all = QRadioButton(tr.ngettext(
            "every member and associate member not sent it yet ({n})",
            "every member and associate member not sent it yet ({n})", pending))
        self.to_all.setObjectName("to_all")
        self.to_some = QRadioButton(_("only those ticked below"))
        self.to_some.setObjectName("to_some")
        self.to_all.setChecked(True)
        self.form.addRow(_("Sent to:"), self.to_all)
        self.form.addRow("", self.to_some)
        self.members = QListWidget()
        self.members.setObjectName("members")
        self.members.setFixedHeight(150)
        for member in sorted(self.state.pending, key=lambda m: member_label(tr, m).casefold()):
            item = QListWidgetItem(member_label(tr, member))
            item.setData(Qt.ItemDataRole.UserRole, member.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.members.addItem(item)
        self.members.setEnabled(False)
        self.form.addRow("", self.members)
        self.to_some.toggled.connect(self.members.setEnabled)
        self.to_some.toggled.connect(self.edited)
        self.members.itemChanged.connect(self.edited)
        self.sent_on.dateChanged.connect(self.edited)
        self.channel.currentTextChanged.connect(self.edited)
        self.resize(560, self.sizeHint().height())
        self.check()

    def channel_value(self) -> str:
        text = self.channel.currentText().strip()
        index = self.channel.findText(text)
        return self.channel.itemData(index) if index >= 0 else text

    def chosen(self) -> list[uuid.UUID] | None:
        if self.to_all.isChecked():
            return None
        return [self.members.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.members.count())
                if self.members.item(i).checkState() == Qt.CheckState.Checked]

    def perform(self, save: bool) -> Outcome:
        return self.service.record_distribution(self.document.id, sent_on=self.sent_on.date_value(),
                                                channel=self.channel_value(), member_ids=self.chosen(), save=save)

    def fields(self) -> dict[str, QWidget]:
        return {"sent_on": self.sent_on, "channel": self.channel, "members": self.members}

    def show_preview(self, outcome: Outcome) -> None:
        rows = outcome.record or []
        if outcome.errors:
            self.preview.hide()
            return
        tr = self.tr
        if not rows:
            self.preview.setText(tr.gettext("Nothing to record: no member or associate member is chosen, or all "
                                            "of them were sent it already."))
        else:
            self.preview.setText(tr.ngettext(
                "{symbol} would be recorded as sent to {n} member or associate member on {date}.",
                "{symbol} would be recorded as sent to {n} members and associate members on {date}.",
                len(rows), symbol=self.document.symbol, date=tr.date(self.sent_on.date_value())))
        self.preview.show()
        self.save_button.setEnabled(bool(rows))
