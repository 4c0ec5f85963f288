"""What every form of the roster (PDF, CSV, XLSX) says the same way: which rows, in which order, with which labels."""

from __future__ import annotations

from collections.abc import Iterable

from tegdesk.core.documents.text import one_line
from tegdesk.core.i18n import NC_, N_
from tegdesk.core.services.roster import RosterRow

#: Status of a term as at the roster's date (see ``rules.term_status``)
STATUS_NAMES = {"serving": N_("Serving"), "upcoming": N_("Upcoming"), "ended": N_("Ended"),
                "withdrawn": NC_("term status", "Withdrawn"), "replaced": N_("Replaced")}

#: ESCAP's subregions as ``reference/escap_members.csv`` spells them, in the order documents list them
SUBREGION_NAMES = {
    "East and North-East Asia": N_("East and North-East Asia"),
    "North and Central Asia": N_("North and Central Asia"),
    "Pacific": N_("Pacific"),
    "South and South-West Asia": N_("South and South-West Asia"),
    "South-East Asia": N_("South-East Asia"),
    "(non-regional)": N_("Non-regional members"),
}
_SUBREGION_RANK = {name: i for i, name in enumerate(SUBREGION_NAMES)}


def select_rows(rows: Iterable[RosterRow], *, include_past: bool = False) -> list[RosterRow]:
    """The rows a roster lists, in roster order: the serving terms, or every term with ``include_past``
    (past, serving and upcoming, each with its status as at the date)."""
    chosen = rows if include_past else (r for r in rows if r.status == "serving")
    return sorted(chosen, key=roster_order)


def roster_order(row: RosterRow) -> tuple:
    """By subregion (ESCAP's order), member (English short name), family name, given names, start."""
    return (_SUBREGION_RANK.get(row.subregion, len(_SUBREGION_RANK)), row.subregion, row.member,
            row.family_name.casefold(), row.given_names.casefold(), row.start_date)


def person_name(row: RosterRow, *, with_honorific: bool = True) -> str:
    """``Ms. Jane Doe``; a name written in Chinese characters keeps its order, unspaced: ``王小明``."""
    family, given = one_line(row.family_name), one_line(row.given_names)
    if _is_han(family) and (not given or _is_han(given)):
        name = family + given
    else:
        name = f"{given} {family}".strip()
    honorific = one_line(row.honorific)
    return f"{honorific} {name}" if with_honorific and honorific else name


def _is_han(text: str) -> bool:
    return bool(text) and all("\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or ch == "\u00b7"
                              for ch in text)
