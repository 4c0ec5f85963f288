"""Translations as objects: one :class:`Translator` per language.

A translator binds a Babel message catalog and Babel's locale data (dates,
numbers, currencies, country names) to one language, with no global state, so
that the interface can run in one language while a document is produced in
another. ``tegdesk.ui`` keeps one translator for the interface; each document
builder takes its own.

Messages are Python format strings with named placeholders
(``"{name} is not serving on {date}"``). Mark strings for extraction with
``N_`` where they are defined and translate them where they are shown; a word
that means two things ("Received": a request's status, or the date column)
gets a context, ``NC_("request status", "Received")`` or
``tr.pgettext("date column", "Received")``, so that each meaning is translated
on its own (a French status is "Reçue", the column "Date de réception").
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_interval
from babel.numbers import format_currency, format_decimal, get_currency_symbol
from babel.support import NullTranslations, Translations

from tegdesk.paths import catalog_dir

DOMAIN = "tegdesk"

#: The six UN languages, in their own names. ESCAP works in en, zh, fr, ru.
LANGUAGES: dict[str, str] = {
    "en": "English",
    "zh": "简体中文",
    "fr": "Français",
    "ru": "Русский",
    "es": "Español",
    "ar": "العربية",
}

#: Babel/CLDR locale used for each language's dates, numbers and names.
_CLDR = {"en": "en_GB", "zh": "zh_Hans_CN", "fr": "fr_FR", "ru": "ru_RU", "es": "es_ES", "ar": "ar"}

#: Qt's own translations (qtbase_<x>.qm) for each language.
QT_CATALOG = {"zh": "zh_CN", "fr": "fr", "ru": "ru", "es": "es", "ar": "ar"}

DEFAULT_LANGUAGE = "en"

#: CLDR's minimumGroupingDigits where it is not 1 (Babel ignores it): Spanish groups the thousands
#: of a number only from five digits on ("1310", "13.100"), as the RAE and the UN's Spanish texts do.
_MIN_GROUPING = {"es": 2}


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated later, where it is shown."""
    return message


class ContextMessage(str):
    """An English message that keeps its context (see :func:`NC_`); it is the English text
    everywhere a string is expected, and :meth:`Translator.gettext` translates it in its context."""

    context: str

    def __new__(cls, context: str, message: str) -> ContextMessage:
        self = super().__new__(cls, message)
        self.context = context
        return self

    def __repr__(self) -> str:
        return f"NC_({self.context!r}, {str(self)!r})"


def NC_(context: str, message: str) -> str:
    """Mark a string with a context for extraction (``pgettext``'s deferred twin): ``NC_("request
    status", "Received")`` is translated apart from the date column's "Received"."""
    return ContextMessage(context, message)


def NN_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a plural message for extraction; translate it later with ``tr.ngettext(*message, n)``."""
    return singular, plural


def normalize_language(lang: str | None) -> str:
    """Map ``zh_CN``, ``zh-Hans``, ``fr_CA`` ... onto one of :data:`LANGUAGES`."""
    if not lang:
        return DEFAULT_LANGUAGE
    base = lang.replace("-", "_").split("_")[0].lower()
    if base not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    return base


def available_ui_languages() -> list[str]:
    """Languages whose interface catalog is shipped (English needs none)."""
    found = [DEFAULT_LANGUAGE]
    for lang in LANGUAGES:
        if lang != DEFAULT_LANGUAGE and (catalog_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file():
            found.append(lang)
    return found


class Translator:
    """Messages and locale formatting for one language."""

    def __init__(self, lang: str):
        self.lang = normalize_language(lang)
        self.locale = Locale.parse(_CLDR[self.lang])
        if self.lang == DEFAULT_LANGUAGE:
            self._catalog: NullTranslations = NullTranslations()
        else:
            self._catalog = Translations.load(str(catalog_dir()), [self.lang], domain=DOMAIN)

    def __repr__(self) -> str:
        return f"Translator({self.lang!r})"

    @property
    def rtl(self) -> bool:
        return self.locale.character_order == "right-to-left"

    # -- messages ---------------------------------------------------------
    def gettext(self, message: str, /, **params: object) -> str:
        """``message`` in this language; a message marked with :func:`NC_` in its context."""
        context = getattr(message, "context", None)
        if context is not None:
            return self.pgettext(context, str(message), **params)
        text = self._catalog.gettext(message)
        return text.format(**params) if params else text

    __call__ = gettext

    def pgettext(self, context: str, message: str, /, **params: object) -> str:
        """``message`` as meant in ``context`` (``pgettext("verb", "Record")``)."""
        text = self._catalog.pgettext(context, message)
        return text.format(**params) if params else str(text)

    def ngettext(self, singular: str, plural: str, n: int, /, **params: object) -> str:
        """The form of ``n`` in this language (Arabic has six, Russian three); ``{n}`` is ``n``
        written in this language's digits and separators."""
        text = self._catalog.ngettext(singular, plural, n)
        return text.format(n=self.number(n), **params)

    def npgettext(self, context: str, singular: str, plural: str, n: int, /, **params: object) -> str:
        text = self._catalog.npgettext(context, singular, plural, n)
        return text.format(n=self.number(n), **params)

    # -- locale data ------------------------------------------------------
    def date(self, value: dt.date, fmt: str = "long") -> str:
        """``12 March 2024``, ``2024年3月12日``, ``12 mars 2024`` ..."""
        return format_date(value, format=fmt, locale=self.locale)

    def date_range(self, start: dt.date, end: dt.date | None) -> str:
        """``12–13 March 2024``, ``2024年3月12日至13日``."""
        if end is None or end == start:
            return self.date(start)
        # CLDR has no full-month interval for most locales ("12–13 Mar 2024"):
        # take the yMMMd interval patterns and spell the month out.
        patterns = self.locale.interval_formats.get("yMMMMd") or self.locale.interval_formats.get("yMMMd")
        if not patterns or end < start:
            return format_interval(start, end, skeleton="yMMMd", locale=self.locale)
        field = "y" if start.year != end.year else "M" if start.month != end.month else "d"
        first, second = patterns.get(field) or patterns["y"]
        return (format_date(start, _full_month(first), locale=self.locale)
                + format_date(end, _full_month(second), locale=self.locale))

    def number(self, value: float | int) -> str:
        """``1,310`` in English; ``1310`` but ``13.100`` in Spanish (see :data:`_MIN_GROUPING`)."""
        return format_decimal(value, locale=self.locale, group_separator=self._grouped(value))

    def _grouped(self, value: float | int | Decimal) -> bool:
        return abs(value) >= 10 ** (2 + _MIN_GROUPING.get(self.lang, 1))

    def money(self, minor_units: int, currency: str) -> str:
        """Amounts are stored as whole hundredths of the currency's unit (cents of a dollar; for a
        currency without decimals, such as JPY, always a multiple of 100), exact everywhere; shown
        with the currency's own number of decimals (US$2,500.00, ¥2,500)."""
        amount = Decimal(minor_units) / 100
        text = format_currency(amount, currency, locale=self.locale, group_separator=self._grouped(amount))
        if self.rtl:
            # "US$" isolated (FSI ... PDI): in a right-to-left line its "$" otherwise leaves the "US" ("$US")
            symbol = get_currency_symbol(currency, locale=self.locale)
            text = text.replace(symbol, f"\u2068{symbol}\u2069", 1)
        return text

    def territory(self, iso2: str) -> str:
        """CLDR's name of a country or territory in this language."""
        return self.locale.territories.get(iso2.upper(), iso2.upper())

    def language_name(self, lang: str) -> str:
        return Locale.parse(_CLDR[normalize_language(lang)]).get_display_name(self.locale) or lang


def _full_month(pattern: str) -> str:
    """``d MMM y`` -> ``d MMMM y``; numeric months (``M月``) stay as they are."""
    return re.sub(r"(?<!M)MMM(?!M)", "MMMM", pattern)


def translator(lang: str | None = None) -> Translator:
    """The shared translator of a language (translators are immutable)."""
    return _shared(normalize_language(lang))


@lru_cache(maxsize=None)
def _shared(lang: str) -> Translator:
    return Translator(lang)
