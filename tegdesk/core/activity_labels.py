"""The names of an activity's codes (IATI status, organisation role, BSP level, region), in one language.

Activities keep codes (``"2"``, ``"4"``, ``"national"``, ``"798"``); the list, the form, the
catalogue, the report and the exports name them from here, so that every place says
"Implementation" the same way and the catalogs hold each name once. No Qt.
"""

from __future__ import annotations

from collections.abc import Mapping

from tegdesk.core.activity_rules import REGIONS
from tegdesk.core.i18n import NC_, N_, Translator

__all__ = ["LEVEL_NAMES", "REGION_NAMES", "ROLE_NAMES", "STATUS_NAMES", "level_name", "region_name", "role_name",
           "status_name"]

#: IATI ActivityStatus codelist
STATUS_NAMES = {"1": N_("Pipeline/identification"), "2": N_("Implementation"), "3": N_("Finalisation"),
                "4": N_("Closed"), "5": N_("Cancelled"), "6": N_("Suspended")}

#: IATI OrganisationRole codelist (B3)
#: (in context: "Funding" is also the BSP report's section on money)
ROLE_NAMES = {"1": NC_("organisation role", "Funding"), "2": NC_("organisation role", "Accountable"),
              "3": NC_("organisation role", "Extending"), "4": NC_("organisation role", "Implementing")}

#: The levels of the Bali Strategic Plan (section IV A-C)
LEVEL_NAMES = {"national": N_("National"), "subregional": N_("Subregional"), "regional": N_("Regional"),
               "global": N_("Global")}

#: IATI Region codes a recipient region may have (the rules' list)
REGION_NAMES: Mapping[str, str] = REGIONS
REGION_CODE = N_("Region {code}")


def _name(tr: Translator, names: Mapping[str, str], code: str | None) -> str:
    if code is None:
        return ""
    return tr.gettext(names[code]) if code in names else str(code)


def status_name(tr: Translator, code: str | None) -> str:
    """"Implementation" for ``"2"``; an unknown code as it is."""
    return _name(tr, STATUS_NAMES, code)


def role_name(tr: Translator, code: str | None) -> str:
    return _name(tr, ROLE_NAMES, code)


def level_name(tr: Translator, code: str | None) -> str:
    return _name(tr, LEVEL_NAMES, code)


def region_name(tr: Translator, code: str) -> str:
    """"Asia, regional" for ``"798"``; "Region 123" for a code not in the list."""
    return tr.gettext(REGION_NAMES[code]) if code in REGION_NAMES else tr.gettext(REGION_CODE, code=code)
