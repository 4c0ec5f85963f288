"""Translators: one per language, dates and names from CLDR."""

from __future__ import annotations

import datetime as dt

import pytest

from tegdesk.core.errors import UserError
from tegdesk.core.i18n import Translator, normalize_language, translator

D = dt.date


@pytest.mark.parametrize(("lang", "same_month", "two_years"), [
    ("en", "12–13 March 2024", "1 March 2024\u2009–\u200928 February 2027"),
    ("zh", "2024年3月12日至13日", "2024年3月1日至2027年2月28日"),
    ("fr", "12–13 mars 2024", "1 mars 2024\u2009–\u200928 février 2027"),
    ("ru", "12–13 марта 2024\u202fг.", "1 марта 2024\u202fг. – 28 февраля 2027\u202fг."),
    ("es", "12–13 de marzo de 2024", None),
])
def test_date_ranges_spell_out_months(lang, same_month, two_years):
    tr = translator(lang)
    assert tr.date_range(D(2024, 3, 12), D(2024, 3, 13)) == same_month
    if two_years:
        assert tr.date_range(D(2024, 3, 1), D(2027, 2, 28)) == two_years
    assert tr.date_range(D(2024, 3, 12), D(2024, 3, 12)) == tr.date(D(2024, 3, 12))


def test_dates_and_territories_follow_the_language():
    assert translator("en").date(D(2024, 3, 12)) == "12 March 2024"
    assert translator("zh").date(D(2024, 3, 12)) == "2024年3月12日"
    assert translator("zh").territory("HK") == "中国香港特别行政区"
    assert translator("ar").rtl and not translator("en").rtl


def test_two_translators_live_side_by_side():
    zh, en = translator("zh"), translator("en")
    assert zh.gettext("Roster") == "名册" and en.gettext("Roster") == "Roster"
    assert translator("zh_CN") is zh and isinstance(zh, Translator)


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unsupported language"):
        normalize_language("xx")


def test_user_errors_are_shown_in_the_users_language():
    err = UserError("There is no database at {path}.", path="/tmp/x.sqlite3")
    assert str(err) == "There is no database at /tmp/x.sqlite3."
    assert err.text(translator("en")) == str(err)


def test_money_is_exact_and_shown_with_the_currencys_own_decimals():
    from tegdesk.core.i18n import translator

    en = translator("en")
    assert en.money(123456, "USD") == "US$1,234.56"
    assert en.money(250000, "JPY") == "JP¥2,500"  # stored in hundredths, shown without decimals
    assert en.money(1, "USD") == "US$0.01"  # exact: no float rounding on the way
    assert translator("zh").money(150050, "USD") == "US$1,500.50"


def test_spanish_groups_thousands_from_five_digits_on():
    # CLDR's minimumGroupingDigits for Spanish is 2 (Babel does not apply it): "1310", "13.100"
    es = Translator("es")
    assert [es.number(n) for n in (999, 1310, -1310, 13100)] == ["999", "1310", "-1310", "13.100"]
    assert es.money(131000, "USD") == "1310,00\xa0US$"
    assert es.money(954040000, "USD") == "9.540.400,00\xa0US$"
    assert Translator("fr").number(1310) == "1\u202f310"
    assert Translator("en").number(1310) == "1,310"


def test_an_arabic_amount_keeps_its_currency_symbol_whole():
    # "US$" isolated, so that a right-to-left line does not show "$US"
    assert Translator("ar").money(954040000, "USD") == "\u200f9,540,400.00\xa0\u2068US$\u2069"
    assert "\u2068" not in Translator("fr").money(100, "USD")
