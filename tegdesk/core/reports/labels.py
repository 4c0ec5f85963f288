"""The names reports give the codes of the figures, in one language.

The figures (:mod:`tegdesk.core.reports.bsp_figures`) keep codes: a BSP code (``TA02``),
a member's ISO code, a level, a subregion as stored, an IATI region code, a request
status. These name them for a report or a chart: BSP titles from the indicative list
(English or Chinese, the only languages it is published in here), members by ESCAP's
short name in English and by CLDR's name in other languages, the rest from the catalogs.
"""

from __future__ import annotations

import re

from tegdesk.core import activity_labels
from tegdesk.core.activity_labels import LEVEL_NAMES, REGION_NAMES
from tegdesk.core.documents.roster_labels import SUBREGION_NAMES
from tegdesk.core.i18n import N_, Translator
from tegdesk.core.request_rules import status_name

__all__ = ["LEVEL_NAMES", "NO_COUNTRY", "REGION_NAMES", "area_label", "area_title", "country_name", "days_text", "level_name",
           "region_name", "short_title", "status_name", "subregion_name"]

#: The subregion key of an activity that names no country
NO_COUNTRY = ""
NO_COUNTRY_NAME = N_("No country named")

# Where a long title of the indicative list can be cut: before a qualification ("..., including ...",
# "... (government agencies ...)"), never inside a list of what the area is.
_CUT = re.compile(r",? including |\s\(|（|，其中包括|，包括")


def area_title(code: str, titles: dict[str, tuple[str, str]], tr: Translator) -> str:
    """The title of a BSP code in ``tr``'s language (Chinese when asked and known, else English)."""
    english, chinese = titles.get(code, ("", ""))
    return chinese if tr.lang == "zh" and chinese else english


def short_title(title: str, limit: int) -> str:
    """A title of the indicative list cut before its first qualification ("Biodiversity, including
    biosafety ..." -> "Biodiversity…") when longer than ``limit`` characters."""
    if len(title) <= limit:
        return title
    match = _CUT.search(title)
    if match and match.start() >= 4:
        return title[:match.start()] + "…"
    return title


def area_label(code: str, titles: dict[str, tuple[str, str]], tr: Translator, *, limit: int = 0) -> str:
    """``TA02 Climate change`` (the title shortened past ``limit`` characters when ``limit`` is set)."""
    title = area_title(code, titles, tr)
    if limit:
        title = short_title(title, limit)
    return f"{code} {title}" if title else code


def days_text(days: float, tr: Translator) -> str:
    """A number of days: "1 day", "95 days", "12.5 days" (a median may fall between two)."""
    if float(days).is_integer():
        return tr.ngettext("{n} day", "{n} days", int(days))
    return tr.gettext("{days} days", days=tr.number(days))


def country_name(iso2: str, name_en: str, tr: Translator) -> str:
    """A member by ESCAP's short name in English, by CLDR's name in other languages."""
    if not iso2:
        return tr.gettext(NO_COUNTRY_NAME)
    if tr.lang == "en" and name_en:
        return name_en
    return tr.territory(iso2) if iso2.upper() in tr.locale.territories else (name_en or iso2)


def subregion_name(subregion: str, tr: Translator) -> str:
    if subregion == NO_COUNTRY:
        return tr.gettext(NO_COUNTRY_NAME)
    return tr.gettext(SUBREGION_NAMES[subregion]) if subregion in SUBREGION_NAMES else subregion


def level_name(level: str, tr: Translator) -> str:
    return activity_labels.level_name(tr, level)


def region_name(code: str, tr: Translator) -> str:
    return activity_labels.region_name(tr, code)
