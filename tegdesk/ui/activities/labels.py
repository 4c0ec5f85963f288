"""What the activities page calls things: the names of an activity's codes (from
:mod:`tegdesk.core.activity_labels`), of subregions, members and BSP codes in the
interface's language, and the order names are sorted in."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QCollator, QLocale, Qt

from tegdesk.core.activity_labels import region_name
from tegdesk.core.documents.roster_labels import SUBREGION_NAMES
from tegdesk.core.i18n import Translator
from tegdesk.core.models import BspCode, MemberState


def subregion_name(tr: Translator, subregion: str) -> str:
    return tr.gettext(SUBREGION_NAMES[subregion]) if subregion in SUBREGION_NAMES else subregion


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

    def countries_text(self, tr: Translator, codes: Iterable[str], regions: Iterable[str] = ()) -> str:
        """The recipient countries, then the recipient regions ("Asia, regional"), by share."""
        names = [self.country(c) for c in codes] + [region_name(tr, r) for r in regions]
        return tr.gettext(", ").join(names)

    def bsp_label(self, code: str) -> str:
        """``TA02 Climate change``."""
        title = self.bsp_titles.get(code)
        return f"{code}  {title}" if title else code
