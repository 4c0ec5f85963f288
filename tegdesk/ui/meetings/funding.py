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
from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from tegdesk.core.i18n import N_, Translator

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
