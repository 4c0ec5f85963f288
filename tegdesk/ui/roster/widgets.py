"""Small widgets the roster dialogs share: a searchable combo, date fields, the
fields of a new expert (or the choice of a known one)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from PySide6.QtCore import QDate, QSignalBlocker, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QWidget,
)
from sqlmodel import select

from tegdesk.core.i18n import Translator
from tegdesk.core.models import BspCode, Expert
from tegdesk.core.services.roster import ExpertData
from tegdesk.core.store import Store
from tegdesk.ui.language import flush_with_layout
from tegdesk.ui.roster.names import GENDER_NAMES, HONORIFICS, person_name

DATE_FORMAT = "yyyy-MM-dd"


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def to_date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())



def person_name_edits() -> tuple[QLineEdit, QLineEdit, QComboBox]:
    """Family name, given names and an editable honorific, with the object names
    that inline violations point at (``field`` of a Violation)."""
    family_name = QLineEdit()
    family_name.setObjectName("family_name")
    given_names = QLineEdit()
    given_names.setObjectName("given_names")
    honorific = QComboBox()
    honorific.setObjectName("honorific")
    honorific.setEditable(True)
    honorific.addItems(list(HONORIFICS))
    honorific.setMinimumWidth(100)
    return family_name, given_names, honorific


def email_edit() -> QLineEdit:
    email = QLineEdit()
    email.setObjectName("email")
    email.setPlaceholderText("name@example.org")
    return email

class DateEdit(QDateEdit):
    """A date field with a calendar popup, in ISO form (unambiguous in every language)."""

    def __init__(self, day: dt.date | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat(DATE_FORMAT)
        self.setMinimumDate(QDate(1950, 1, 1))
        self.setMaximumDate(QDate(2200, 12, 31))
        self.set_date(day or dt.date.today())

    def date_value(self) -> dt.date:
        return to_date(self.date())

    def set_date(self, day: dt.date) -> None:
        self.setDate(to_qdate(day))


class OptionalDate(QWidget):
    """A check box that enables a date: ``value()`` is the date, or None when unchecked."""

    changed = Signal()

    def __init__(self, day: dt.date | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.check = QCheckBox()
        self.edit = DateEdit(day)
        self.edit.setEnabled(False)
        layout.addWidget(self.check)
        layout.addWidget(self.edit)
        layout.addStretch(1)
        self.check.toggled.connect(self.edit.setEnabled)
        self.check.toggled.connect(self.changed)
        self.edit.dateChanged.connect(self.changed)
        self.setFocusProxy(self.edit)

    def value(self) -> dt.date | None:
        return self.edit.date_value() if self.check.isChecked() else None

    def set_value(self, day: dt.date | None) -> None:
        self.check.setChecked(day is not None)
        if day is not None:
            self.edit.set_date(day)


class SearchCombo(QComboBox):
    """A combo box the user can type into to find an item (any part of its text,
    any case). ``current_id()`` is the chosen item's data, or None while the text
    matches no item."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(16)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(28)
        self._data: list[Any] = []
        self._words = QStringListModel(self)
        completer = QCompleter(self._words, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)

    def set_items(self, items: list[tuple[str, Any]], current: Any = None) -> None:
        """Items as ``(text, data)``; data is kept in Python (ids compare by value)."""
        with QSignalBlocker(self):
            self.clear()
            self._data = [data for _text, data in items]
            for text, _data in items:
                self.addItem(text)
            self._words.setStringList([text for text, _data in items])
            self.select(current)
        self.currentTextChanged.emit(self.currentText())

    def select(self, data: Any) -> None:
        index = self._data.index(data) if data is not None and data in self._data else -1
        self.setCurrentIndex(index)
        if index < 0:
            self.setEditText("")

    def current_id(self) -> Any:
        text = self.currentText().strip()
        if not text:
            return None
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        return self._data[index] if 0 <= index < len(self._data) else None

    def set_placeholder(self, text: str) -> None:
        line = self.lineEdit()
        if line is not None:
            line.setPlaceholderText(text)


class ExpertFields:
    """The rows of a form that say who is nominated: a new person (family name,
    given names, honorific, title, organization, e-mail, telephone, gender, BSP
    areas) or an expert already in the database.

    Widgets are added to ``form``; ``widgets`` maps the rules' field names
    (``family_name``, ``email``, ``expert`` ...) to the widget to highlight.
    """

    def __init__(self, form: QFormLayout, store: Store, tr: Translator, changed: Any,
                 exclude: set[uuid.UUID] | None = None):
        self.form = form
        self.tr = tr
        _ = tr.gettext
        self.new_radio = QRadioButton(_("New expert"))
        self.known_radio = QRadioButton(_("Expert already in the database"))
        self.new_radio.setObjectName("new_expert")
        self.known_radio.setObjectName("known_expert")
        self.mode = QButtonGroup(form.parentWidget())
        self.mode.addButton(self.new_radio)
        self.mode.addButton(self.known_radio)
        self.new_radio.setChecked(True)
        choice = QWidget()
        row = QHBoxLayout(choice)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.new_radio)
        row.addWidget(self.known_radio)
        row.addStretch(1)
        form.addRow(_("Nominee:"), choice)

        self.known = SearchCombo()
        self.known.setObjectName("expert")
        self.known.set_placeholder(_("Type to search experts"))
        with store.reader() as s:
            experts = s.exec(select(Expert).where(Expert.deleted_at.is_(None))).all()
            bsp = s.exec(select(BspCode).order_by(BspCode.code)).all()
        items = []
        for e in sorted(experts, key=lambda e: (e.family_name.casefold(), e.given_names.casefold())):
            if exclude and e.id in exclude:
                continue
            label = person_name(e.family_name, e.given_names, e.honorific or "")
            if e.organization:
                label = f"{label} — {e.organization}"
            items.append((label, e.id))
        self.known.set_items(items)
        form.addRow(_("Expert:"), self.known)

        self.family_name, self.given_names, self.honorific = person_name_edits()
        self.title = QLineEdit()
        self.title.setObjectName("title")
        self.organization = QLineEdit()
        self.organization.setObjectName("organization")
        self.email = email_edit()
        self.phone = QLineEdit()
        self.phone.setObjectName("phone")
        self.phone.setPlaceholderText("+66 2 288 1234")
        self.gender = QComboBox()
        self.gender.setObjectName("gender")
        for code, label in GENDER_NAMES.items():
            self.gender.addItem(_(label), code)
        self.areas = QListWidget()
        self.areas.setObjectName("areas")
        self.areas.setFixedHeight(112)
        self.areas.setUniformItemSizes(True)
        for code in bsp:
            title = code.title_zh if tr.lang == "zh" and code.title_zh else code.title_en
            item = QListWidgetItem(f"{code.code}  {title}")
            item.setData(Qt.ItemDataRole.UserRole, code.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setToolTip(title)
            self.areas.addItem(item)

        self.new_rows: list[QWidget] = []
        for label, widget in ((_("Family name:"), self.family_name), (_("Given names:"), self.given_names),
                              (_("Honorific:"), self.honorific), (_("Job title:"), self.title),
                              (_("Organization:"), self.organization), (_("E-mail:"), self.email),
                              (_("Telephone:"), self.phone), (_("Gender:"), self.gender),
                              (_("BSP areas:"), self.areas)):
            form.addRow(label, widget)
            self.new_rows.append(widget)

        for edit in (self.family_name, self.given_names, self.title, self.organization, self.email, self.phone):
            edit.textChanged.connect(changed)
        self.honorific.currentTextChanged.connect(changed)
        self.gender.currentIndexChanged.connect(changed)
        self.areas.itemChanged.connect(changed)
        self.known.currentTextChanged.connect(changed)
        self.new_radio.toggled.connect(self._show_mode)
        self.new_radio.toggled.connect(changed)
        self._show_mode()

    def _show_mode(self) -> None:
        new = self.new_radio.isChecked()
        self.form.setRowVisible(self.known, not new)
        for widget in self.new_rows:
            self.form.setRowVisible(widget, new)

    @property
    def is_new(self) -> bool:
        return self.new_radio.isChecked()

    def use_known(self, expert_id: uuid.UUID | None = None) -> None:
        self.known_radio.setChecked(True)
        if expert_id is not None:
            self.known.select(expert_id)

    def data(self) -> ExpertData:
        areas = [self.areas.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.areas.count())
                 if self.areas.item(i).checkState() == Qt.CheckState.Checked]
        return ExpertData(family_name=self.family_name.text().strip(), given_names=self.given_names.text().strip(),
                          honorific=self.honorific.currentText().strip() or None,
                          title=self.title.text().strip() or None,
                          organization=self.organization.text().strip() or None,
                          email=self.email.text().strip() or None, phone=self.phone.text().strip() or None,
                          gender=self.gender.currentData() or None, areas=areas)

    def arguments(self) -> dict[str, Any]:
        """``expert_id=`` or ``expert=`` for the service."""
        if self.is_new:
            return {"expert": self.data()}
        return {"expert_id": self.known.current_id()}

    def widgets(self) -> dict[str, QWidget]:
        return {"expert": self.family_name if self.is_new else self.known, "family_name": self.family_name,
                "given_names": self.given_names, "email": self.email, "gender": self.gender, "areas": self.areas,
                "phone": self.phone, "organization": self.organization, "title": self.title}


class InfoLabel(QLabel):
    """A word-wrapped, selectable line of information in a dialog (flush right in Arabic, English values too)."""

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(flush_with_layout(text), parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def setText(self, text: str) -> None:  # noqa: N802  (Qt's name)
        super().setText(flush_with_layout(text))
