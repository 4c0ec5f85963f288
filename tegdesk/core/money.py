"""Money as tegdesk stores it: whole hundredths of an ISO 4217 currency's unit.

One place for the checks every amount goes through (funding of participation, R4;
an activity's budget and cost, B7): the currency is a code Babel knows, the amount is a
whole number of hundredths, never negative, and has no more decimals than the currency
(JPY has none, so its amounts are multiples of 100 hundredths).
"""

from __future__ import annotations

from functools import lru_cache

from babel.numbers import get_currency_precision, is_currency

from tegdesk.core.i18n import N_
from tegdesk.core.rules import Violation

#: Amounts are stored in hundredths of the currency's unit (two decimals), whatever the currency.
STORED_DIGITS = 2


@lru_cache(maxsize=512)
def is_known_currency(code: str | None) -> bool:
    """An upper-case ISO 4217 code known to Babel ("USD", "JPY")."""
    return bool(code) and len(code) == 3 and code.isupper() and is_currency(code)


@lru_cache(maxsize=512)
def currency_decimals(currency: str | None) -> int:
    """How many decimals an amount in ``currency`` may have: 2 for USD, none for JPY (ISO 4217),
    never more than are stored."""
    try:
        return min(get_currency_precision((currency or "").upper() or "XXX"), STORED_DIGITS)
    except (KeyError, ValueError):
        return STORED_DIGITS


def currency_violation(currency: str | None, *, field: str = "currency",
                       known: frozenset[str] | None = None) -> Violation | None:
    """A refusal when ``currency`` is not an ISO 4217 code (or not one of ``known``), else None."""
    if is_known_currency(currency) if known is None else currency in known:
        return None
    return Violation("", "", N_("{currency} is not a currency code (ISO 4217, e.g. USD)."),
                     {"currency": currency or ""}, field=field)


def is_whole_amount(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def amount_violation(value: object, currency: str | None, *, field: str) -> Violation | None:
    """A refusal when ``value`` (hundredths of ``currency``) is not a whole, non-negative amount
    with at most the currency's decimals; None when it is fine or absent."""
    if value is None:
        return None
    if not is_whole_amount(value):
        return Violation("", "", N_("Amounts are whole numbers of cents (minor units)."), field=field)
    if value < 0:
        return Violation("", "", N_("An amount cannot be negative."), field=field)
    digits = currency_decimals(currency)
    if is_known_currency(currency) and value % 10 ** (STORED_DIGITS - digits):
        if digits == 0:
            return Violation("", "", N_("{currency} amounts have no decimals."), {"currency": currency}, field=field)
        return Violation("", "", N_("{currency} amounts have at most {digits} decimals."),
                         {"currency": currency, "digits": digits}, field=field)
    return None
