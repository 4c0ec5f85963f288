"""Display names of an activity's codes (IATI status, level, organisation role, region)
and of the places and areas it concerns. Codes stay in the data; these translate them
where the list, the filters and the form show them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QCollator, QLocale, Qt

from tegdesk.core.activity_rules import REGIONS
from tegdesk.core.documents.roster_labels import SUBREGION_NAMES
from tegdesk.core.i18n import N_, Translator
from tegdesk.core.models import BspCode, MemberState

#: IATI ActivityStatus codelist, as the interface names it.
STATUS_NAMES = {"1": N_("Pipeline/identification"), "2": N_("Implementation"), "3": N_("Finalisation"),
                "4": N_("Closed"), "5": N_("Cancelled"), "6": N_("Suspended")}

#: The levels of the Bali Strategic Plan (section IV A-C).
LEVEL_NAMES = {"national": N_("National"), "subregional": N_("Subregional"), "regional": N_("Regional"),
               "global": N_("Global")}

#: IATI OrganisationRole codelist (B3).
ROLE_NAMES = {"1": N_("Funding"), "2": N_("Accountable"), "3": N_("Extending"), "4": N_("Implementing")}

#: IATI Region codes a recipient region may have (the rules' list).
REGION_NAMES: Mapping[str, str] = REGIONS


def _name(tr: Translator, names: Mapping[str, str], code: str | None) -> str:
    if code is None:
        return ""
    return tr.gettext(names[code]) if code in names else str(code)


def status_name(tr: Translator, code: str | None) -> str:
    return _name(tr, STATUS_NAMES, code)


def level_name(tr: Translator, code: str | None) -> str:
    return _name(tr, LEVEL_NAMES, code)


def role_name(tr: Translator, code: str | None) -> str:
    return _name(tr, ROLE_NAMES, code)


def region_name(tr: Translator, code: str | None) -> str:
    return _name(tr, REGION_NAMES, code)


def subregion_name(tr: Translator, subregion: str) -> str:
    return _name(tr, SUBREGION_NAMES, subregion)


def sort_key(tr: Translator) -> Callable[[str], object]:
    """How names are ordered in ``tr``'s language (Chinese by pinyin, Türkiye beside Tuvalu)."""
    collator = QCollator(QLocale(tr.lang))
    collator.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return collator.sortKey


def text_in(lang: str, english: str, others: Mapping[str, str] | None) -> str:
    """A text in ``lang`` when the activity has it, else its English text."""
    if lang != "en" and others:
        other = (others.get(lang) or "").strip()
        if other:
            return other
    return english


@dataclass
class Places:
    """How the interface names the members (by ISO code) and the BSP codes, in one language."""

    countries: dict[str, str]  # ISO alpha-2 -> name
    subregions: dict[str, str]  # ISO alpha-2 -> subregion (as stored)
    bsp_titles: dict[str, str]  # "TA02" -> title
    bsp_kinds: dict[str, str]  # "TA02" -> "thematic"

    @classmethod
    def build(cls, tr: Translator, members: Iterable[MemberState], codes: Iterable[BspCode]) -> Places:
        members = list(members)
        if tr.lang == "en":
            countries = {m.iso2: m.name_en for m in members}  # ESCAP's short names
        else:
            countries = {m.iso2: tr.territory(m.iso2) for m in members}
        codes = list(codes)
        return cls(countries=countries, subregions={m.iso2: m.subregion for m in members},
                   bsp_titles={c.code: (c.title_zh if tr.lang == "zh" and c.title_zh else c.title_en)
                               for c in codes},
                   bsp_kinds={c.code: c.kind for c in codes})

    @classmethod
    def load(cls, tr: Translator, store) -> Places:
        from sqlmodel import select

        with store.reader() as session:
            members = session.exec(select(MemberState)).all()
            codes = session.exec(select(BspCode).order_by(BspCode.code)).all()
            return cls.build(tr, members, codes)

    def country(self, iso2: str) -> str:
        return self.countries.get(iso2, iso2)

    def countries_text(self, tr: Translator, codes: Iterable[str]) -> str:
        return tr.gettext(", ").join(self.country(c) for c in codes)

    def bsp_label(self, code: str) -> str:
        """``TA02 Climate change``."""
        title = self.bsp_titles.get(code)
        return f"{code}  {title}" if title else code
