"""Money as the user types and reads it in the participants tab (R4: funding of
participation requested and approved).

Amounts are typed in major units as the interface's language writes numbers
("2,500.00" in English and Chinese, "2 500,00" in French) and stored in minor
units of the currency (cents for USD). Whether an amount is allowed (not
negative, approved not above requested, a known ISO 4217 currency) is the
meeting service's rule; this module only reads and writes the numbers, and says
so when a text is not a number at all.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel.core import get_global
from babel.numbers import (
    NumberFormatError,
    format_decimal,
    get_currency_name,
    get_currency_precision,
    get_decimal_symbol,
    get_group_symbol,
    get_territory_currencies,
    parse_decimal,
)
from typing import Any

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tegdesk.core.errors import UserError
from tegdesk.core.i18n import N_, Translator
from tegdesk.core.rules import Violation
from tegdesk.core.services.roster import Outcome
from tegdesk.ui.preview import banner
from tegdesk.ui.roster.checked import CHECK_DELAY_MS, ERROR_COLOUR
from tegdesk.ui.roster.names import person_name
from tegdesk.ui.roster.widgets import OptionalDate

#: The currency a new request is in, and the ones listed first.
DEFAULT_CURRENCY = "USD"
COMMON_CURRENCIES = ("USD", "EUR", "THB", "CNY", "JPY", "GBP", "CHF", "AUD", "INR", "KRW", "RUB")

NOT_A_NUMBER = N_("Enter the amount as a number, e.g. {example}.")
TOO_PRECISE = N_("{currency} amounts have at most {digits} decimals.")
NO_DECIMALS = N_("{currency} amounts have no decimals.")

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_ALLOWED = re.compile(r"^-?[\d.,'\u00a0\u202f\u066b\u066c ]+$")


class AmountError(ValueError):
    """A text that is not an amount; ``message`` and ``params`` for ``tr.gettext``."""

    def __init__(self, message: str, **params: object):
        super().__init__(message)
        self.message = message
        self.params = params

    def text(self, tr: Translator) -> str:
        return tr.gettext(self.message, **self.params)


#: Stored amounts are hundredths of the currency's unit, as the Translator formats them (tr.money).
STORED_DIGITS = 2


def allowed_decimals(currency: str | None) -> int:
    """How many decimals an amount in ``currency`` may have: 2 for USD, none for JPY (ISO 4217),
    never more than are stored."""
    try:
        return min(get_currency_precision((currency or "").upper() or "XXX"), STORED_DIGITS)
    except (KeyError, ValueError):
        return STORED_DIGITS


def example(tr: Translator) -> str:
    return format_decimal(Decimal("2500.00"), "#,##0.00", locale=tr.locale)


def parse_amount(tr: Translator, text: str, currency: str | None) -> int | None:
    """The amount typed (major units, in ``tr``'s number format) in minor units; None when empty.

    Raises :class:`AmountError` for a text that is not a number or has more
    decimals than the currency."""
    text = (text or "").strip()
    if not text:
        return None
    group = get_group_symbol(tr.locale)
    if not group.strip():  # French, Russian: any kind of space groups digits
        text = _SPACES.sub(group, text)
    if not _ALLOWED.match(text):
        raise AmountError(NOT_A_NUMBER, example=example(tr))
    try:
        value = parse_decimal(text, locale=tr.locale, strict=True)
    except (NumberFormatError, InvalidOperation):
        raise AmountError(NOT_A_NUMBER, example=example(tr)) from None
    digits = allowed_decimals(currency)
    if value.scaleb(digits) != value.scaleb(digits).to_integral_value():
        if digits == 0:
            raise AmountError(NO_DECIMALS, currency=(currency or "").upper())
        raise AmountError(TOO_PRECISE, currency=(currency or "").upper(), digits=tr.number(digits))
    return int(value.scaleb(STORED_DIGITS))


def format_amount(tr: Translator, minor: int | None, currency: str | None) -> str:
    """``minor`` units as the user would type them: "2,500.00" (no currency sign)."""
    if minor is None:
        return ""
    digits = allowed_decimals(currency)
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(Decimal(minor).scaleb(-STORED_DIGITS), pattern, locale=tr.locale)


def money(tr: Translator, minor: int | None, currency: str | None) -> str:
    """An amount with its currency, as Babel writes it in ``tr``'s language ("US$2,500.00")."""
    if minor is None:
        return ""
    if not currency:
        return format_amount(tr, minor, currency)
    return tr.money(minor, currency)


def decimal_symbol(tr: Translator) -> str:
    return get_decimal_symbol(tr.locale)


@lru_cache(maxsize=1)
def currencies_in_use(day: dt.date | None = None) -> tuple[str, ...]:
    """ISO 4217 codes that some territory uses as legal tender (CLDR), common ones first."""
    day = day or dt.date.today()
    found: set[str] = set()
    for territory in get_global("territory_currencies"):
        found.update(get_territory_currencies(territory, day, tender=True))
    common = [c for c in COMMON_CURRENCIES if c in found]
    return tuple(common + sorted(found - set(common)))


def currency_label(tr: Translator, code: str) -> str:
    return f"{code} — {get_currency_name(code, locale=tr.locale)}"


class CurrencyCombo(QComboBox):
    """An editable list of currencies ("USD — US Dollar"); ``code()`` is what the user chose or typed."""

    def __init__(self, tr: Translator, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("currency")
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(16)
        self._words = QStringListModel(self)
        completer = QCompleter(self._words, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompleter(completer)
        self.retranslate(tr)

    def retranslate(self, tr: Translator) -> None:
        code = self.code()
        self.blockSignals(True)
        self.clear()
        labels = [currency_label(tr, c) for c in currencies_in_use()]
        for c, label in zip(currencies_in_use(), labels):
            self.addItem(label, c)
        self._words.setStringList(labels)
        self.blockSignals(False)
        self.set_code(code)

    def code(self) -> str:
        """The ISO code: the chosen item's, else the first word typed, upper-cased."""
        text = self.currentText().strip()
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            return self.itemData(index)
        return text.split(" ")[0].upper() if text else ""

    def set_code(self, code: str | None) -> None:
        code = (code or "").strip().upper()
        index = self.findData(code) if code else -1
        if index >= 0:
            self.setCurrentIndex(index)
        else:
            self.setCurrentIndex(-1)
            self.setEditText(code)


class FundingPanel(QGroupBox):
    """Registration and funding of one participant (R4), checked by the meeting service as the user types.

    Amounts that are not numbers are refused here; the rules (amounts not
    negative, approved not above requested, a known currency) come from
    ``service.set_funding(..., save=False)``. Save writes the registration date
    and the funding; a refusal keeps everything typed."""

    saved = Signal(object)  # the participant's id

    def __init__(self, service: Any, tr: Translator, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("funding_panel")
        self.service = service
        self.tr = tr
        self.row: Any = None
        self.read_only = False
        self.problems: list[str] = []
        self.highlighted: list[str] = []

        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        self.registered = OptionalDate()
        self.registered.setObjectName("registered_on")
        self.currency = CurrencyCombo(tr)
        self.currency.setMinimumContentsLength(18)
        self.currency.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.requested = QLineEdit()
        self.requested.setObjectName("requested")
        self.approved = QLineEdit()
        self.approved.setObjectName("approved")
        for edit in (self.requested, self.approved):
            edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            edit.setMaximumWidth(160)
            # "2 500,00" whole even where the labels are long (French, Russian, Spanish squeezed it)
            edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance("9 999 999,00") + 16)
        self.registered_label, self.currency_label = QLabel(), QLabel()
        self.requested_label, self.approved_label = QLabel(), QLabel()
        for label, widget in ((self.registered_label, self.registered), (self.currency_label, self.currency),
                              (self.requested_label, self.requested), (self.approved_label, self.approved)):
            label.setBuddy(widget.edit if widget is self.registered else widget)
        self.save_button = QPushButton()
        self.save_button.setObjectName("save_funding")
        self.undo_button = QPushButton()
        self.undo_button.setObjectName("undo_funding")
        grid.addWidget(self.registered_label, 0, 0)
        grid.addWidget(self.registered, 0, 1)
        grid.addWidget(self.currency_label, 0, 2)
        grid.addWidget(self.currency, 0, 3, 1, 3)
        grid.addWidget(self.requested_label, 1, 0)
        grid.addWidget(self.requested, 1, 1)
        grid.addWidget(self.approved_label, 1, 2)
        grid.addWidget(self.approved, 1, 3)
        grid.addWidget(self.save_button, 1, 4)
        grid.addWidget(self.undo_button, 1, 5)
        grid.setColumnStretch(6, 1)
        layout.addLayout(grid)
        self.errors_label = banner("funding_errors", "error")
        self.warnings_label = banner("funding_warnings")
        layout.addWidget(self.errors_label)
        layout.addWidget(self.warnings_label)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(CHECK_DELAY_MS)
        self.timer.timeout.connect(self.check)
        for edit in (self.requested, self.approved):
            edit.textChanged.connect(self.edited)
        self.currency.currentTextChanged.connect(self.edited)
        self.registered.changed.connect(self.edited)
        self.save_button.clicked.connect(lambda: self.save())
        self.undo_button.clicked.connect(lambda: self.show_row(self.row))
        self.retranslate(tr)
        self.show_row(None)

    def retranslate(self, tr: Translator) -> None:
        self.tr = tr
        _ = tr.gettext
        self.registered_label.setText(_("Registered on:"))
        self.currency_label.setText(_("Currency:"))
        self.requested_label.setText(_("Funding requested:"))
        self.approved_label.setText(_("Approved:"))
        for edit in (self.requested, self.approved):
            edit.setPlaceholderText(example(tr))
        self.save_button.setText(_("Save"))
        self.undo_button.setText(_("Undo changes"))
        self.currency.retranslate(tr)
        self._title()
        if self.row is not None and self.timer.isActive() is False and self.problems:
            self.check()

    def _title(self) -> None:
        _ = self.tr.gettext
        if self.row is None:
            self.setTitle(_("Registration and funding"))
        else:
            self.setTitle(_("Registration and funding of {name}", name=person_name(
                self.row.family_name, self.row.given_names, self.row.honorific)))

    # -- showing ------------------------------------------------------------------------
    def show_row(self, row: Any) -> None:
        """Show a participant's registration and funding (None: nothing chosen)."""
        self.row = row
        self.timer.stop()
        widgets = (self.registered, self.currency, self.requested, self.approved)
        for widget in widgets:
            widget.blockSignals(True)
        if row is None:
            self.registered.set_value(None)
            self.currency.set_code(DEFAULT_CURRENCY)
            self.requested.clear()
            self.approved.clear()
        else:
            self.registered.set_value(row.registered_on)
            self.currency.set_code(row.currency or DEFAULT_CURRENCY)
            self.requested.setText(format_amount(self.tr, row.funding_requested, row.currency))
            self.approved.setText(format_amount(self.tr, row.funding_approved, row.currency))
        for widget in widgets:
            widget.blockSignals(False)
        self._show([], [])
        self._title()
        self.setEnabled(row is not None)
        self._update_buttons()

    def is_modified(self) -> bool:
        if self.row is None:
            return False
        row = self.row
        if self.registered.value() != row.registered_on:
            return True
        same_currency = self.currency.code() == (row.currency or DEFAULT_CURRENCY)
        if not same_currency and (self.requested.text().strip() or self.approved.text().strip()):
            return True
        return (self.requested.text().strip() != format_amount(self.tr, row.funding_requested, row.currency)
                or self.approved.text().strip() != format_amount(self.tr, row.funding_approved, row.currency))

    # -- checking -----------------------------------------------------------------------
    def edited(self, *_args: Any) -> None:
        self.timer.start()
        self._update_buttons()

    def amounts(self) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        """The service's arguments from the form, and the texts that are not amounts (field, message)."""
        currency = self.currency.code()
        values: dict[str, Any] = {"currency": currency or None}
        problems: list[tuple[str, str]] = []
        for name, edit in (("requested", self.requested), ("approved", self.approved)):
            try:
                values[name] = parse_amount(self.tr, edit.text(), currency)
            except AmountError as exc:
                problems.append((name, exc.text(self.tr)))
        if values.get("requested") is None and values.get("approved") is None and not problems:
            values["currency"] = currency or None  # no funding: the currency is only kept if typed
        return values, problems

    def check(self) -> bool:
        """Ask the service whether the form would be saved; show why not. True when it would."""
        self.timer.stop()
        if self.row is None:
            return False
        values, problems = self.amounts()
        errors = [(f, m) for f, m in problems]
        warnings: list[tuple[str, str]] = []
        if not problems:
            outcome = self._funding(values, save=False)
            errors += [(v.field or "", v.text(self.tr)) for v in outcome.errors]
            warnings += [(v.field or "", v.text(self.tr)) for v in outcome.warnings]
        self._show(errors, warnings)
        self._update_buttons()
        return not errors

    def _funding(self, values: dict[str, Any], *, save: bool) -> Any:
        try:
            return self.service.set_funding(self.row.id, requested=values.get("requested"),
                                            approved=values.get("approved"), currency=values.get("currency"),
                                            save=save)
        except UserError as exc:
            return Outcome(violations=[Violation("", "", exc.message, dict(exc.params))])

    def save(self) -> bool:
        """Write the registration date and the funding; on refusal keep what was typed and say why."""
        if self.row is None or not self.check():
            return False
        values, _problems = self.amounts()
        row = self.row
        steps = []
        if self.registered.value() != row.registered_on:
            steps.append(lambda: self.service.set_attendance(row.id, registered_on=self.registered.value()))
        if (values.get("requested"), values.get("approved")) != (row.funding_requested, row.funding_approved) or (
                values.get("currency") != row.currency and (values.get("requested") is not None
                                                            or values.get("approved") is not None)):
            steps.append(lambda: self._funding(values, save=True))
        for step in steps:
            try:
                outcome = step()
            except UserError as exc:
                outcome = Outcome(violations=[Violation("", "", exc.message, dict(exc.params))])
            if not outcome.saved:
                self._show([(v.field or "", v.text(self.tr)) for v in outcome.errors], [])
                self._update_buttons()
                return False
        self.saved.emit(row.id)
        return True

    # -- display ------------------------------------------------------------------------
    def _show(self, errors: list[tuple[str, str]], warnings: list[tuple[str, str]]) -> None:
        self.problems = [m for _f, m in errors]
        self.errors_label.setText("\n".join(f"• {m}" for _f, m in errors))
        self.errors_label.setVisible(bool(errors))
        self.warnings_label.setText("\n".join(f"• {m}" for _f, m in warnings))
        self.warnings_label.setVisible(bool(warnings))
        widgets = {"requested": self.requested, "approved": self.approved, "currency": self.currency,
                   "registered_on": self.registered.edit}
        labels = {"requested": self.requested_label, "approved": self.approved_label,
                  "currency": self.currency_label, "registered_on": self.registered_label}
        self.highlighted = []
        for name, widget in widgets.items():
            message = next((m for f, m in errors if f == name), None)
            widget.setStyleSheet(f"border: 1px solid {ERROR_COLOUR}; border-radius: 2px;" if message else "")
            widget.setToolTip(message or "")
            labels[name].setStyleSheet(f"color: {ERROR_COLOUR};" if message else "")
            if message:
                self.highlighted.append(name)

    def _update_buttons(self) -> None:
        writable = self.row is not None and not self.read_only
        for widget in (self.registered, self.currency, self.requested, self.approved):
            widget.setEnabled(writable)
        modified = self.is_modified()
        self.save_button.setEnabled(writable and modified and not self.problems)
        self.undo_button.setEnabled(modified)

