"""Display names the roster shows: statuses, subregions, offices, people, members.

Codes stay in the data; these translate them where they are shown.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import uuid
from collections.abc import Iterable

from tegdesk.core.i18n import N_, Translator
from tegdesk.core.models import MemberState
from tegdesk.core.documents.roster_labels import STATUS_NAMES, SUBREGION_NAMES  # noqa: F401  (one source)
from tegdesk.core.rules import OFFICE_NAMES

CURRENT_STATUSES = frozenset({"serving", "upcoming"})

GENDER_NAMES = {"": N_("Not stated"), "female": N_("Female"), "male": N_("Male"), "other": N_("Other")}

HONORIFICS = ("", "Mr.", "Ms.", "Mrs.", "Dr.", "Prof.", "H.E.")


def status_name(tr: Translator, status: str) -> str:
    return tr.gettext(STATUS_NAMES.get(str(status), str(status)))


def subregion_name(tr: Translator, subregion: str) -> str:
    return tr.gettext(SUBREGION_NAMES.get(subregion, subregion))


def office_name(tr: Translator, code: str) -> str:
    return tr.gettext(OFFICE_NAMES.get(code, code))


def offices_text(tr: Translator, codes: Iterable[str]) -> str:
    return tr.gettext(", ").join(office_name(tr, c) for c in codes)


def _is_han(text: str) -> bool:
    return bool(text) and all("\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or ch == "\u00b7"
                              for ch in text)


def person_name(family: str, given: str = "", honorific: str = "") -> str:
    """``Ms. Jane Doe``; a name in Chinese characters keeps its order, unspaced: ``王小明``."""
    family, given, honorific = (family or "").strip(), (given or "").strip(), (honorific or "").strip()
    if _is_han(family) and (not given or _is_han(given)):
        name = family + given
    else:
        name = f"{given} {family}".strip()
    return f"{honorific} {name}" if honorific else name


def member_names(tr: Translator, members: Iterable[MemberState]) -> dict[uuid.UUID, str]:
    """Each member's name in ``tr``'s language: ESCAP's short names in English, CLDR's otherwise."""
    if tr.lang == "en":
        return {m.id: m.name_en for m in members}
    return {m.id: tr.territory(m.iso2) for m in members}


def sort_text(text: str) -> str:
    """A key that sorts Türkiye with Tuvalu, not after Zimbabwe."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def short_date(tr: Translator, day: dt.date | None) -> str:
    return tr.date(day, "medium") if day else ""
