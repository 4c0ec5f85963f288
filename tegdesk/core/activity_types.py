"""The shapes shared by everything that reads or writes capacity-building activities (B1-B7).

One activity travels as an :class:`ActivityDraft`: the form fills one, the CSV/XLSX and IATI
importers build them row by row, the exports and documents read them. The rules
(``tegdesk.core.activity_rules``) check a draft; the service
(``tegdesk.core.services.activities.ActivityService``) turns a checked draft into rows.

The list, the search, the printed catalogue and the exports select activities with an
:class:`ActivityFilter` (``tegdesk.core.activity_query.ActivityQuery``), so that what is
printed or exported is exactly what the list shows.

Money is in hundredths of the currency's unit (as for meeting funding); percentages are
:class:`~decimal.Decimal` so that 33.33 + 33.33 + 33.34 sums to exactly 100.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class OrganisationRole:
    """An organisation taking part in an activity, in one IATI role (B3).

    ``name`` is how the organisation is known; ``ref`` its IATI organisation identifier
    (``XM-DAC-41116``) when it has one; ``type`` its IATI OrganisationType code ("40").
    An organisation is matched to an existing one by ``ref``, else by name or acronym.
    """

    name: str
    role: str  # ORGANISATION_ROLE code: "1" funding, "2" accountable, "3" extending, "4" implementing
    ref: str | None = None
    type: str | None = None
    acronym: str | None = None


@dataclass
class RecipientShare:
    """A recipient country (ISO 3166-1 alpha-2 of an ESCAP member or associate member)
    or region (IATI Region code, e.g. "798" Asia, regional), and its share in percent."""

    country: str | None = None
    region: str | None = None
    percentage: Decimal = Decimal(100)


@dataclass
class ExternalLink:
    """The same activity in another agency's or MEA secretariat's database (B1)."""

    system: str  # "UNEP", "GEF", "CBD Clearing-House" ...
    url: str | None = None
    external_id: str | None = None


@dataclass
class ActivityDraft:
    """Everything the user can say about one activity, before it is checked and saved."""

    iati_identifier: str = ""  # "XM-DAC-41xxx-TEG-2027-0001"; empty: the service proposes one
    title: str = ""  # English
    titles: dict[str, str] = field(default_factory=dict)  # {"zh": ..., "fr": ...}
    description: str = ""
    descriptions: dict[str, str] = field(default_factory=dict)
    level: str = "national"  # Level
    south_south: bool = False
    status: str = "2"  # ACTIVITY_STATUS code
    planned_start: dt.date | None = None
    planned_end: dt.date | None = None
    actual_start: dt.date | None = None
    actual_end: dt.date | None = None
    currency: str = "USD"
    budget: int | None = None  # hundredths of the currency's unit (B7)
    cost: int | None = None
    trained_women: int | None = None
    trained_men: int | None = None
    trained_other: int | None = None
    results: str = ""
    assessment: str = ""  # the recipient Government's assessment of the results (B6)
    assessment_date: dt.date | None = None
    agreements: list[str] = field(default_factory=list)  # related MEAs: "CBD", "UNFCCC" ...
    organisations: list[OrganisationRole] = field(default_factory=list)
    recipients: list[RecipientShare] = field(default_factory=list)
    bsp_codes: list[str] = field(default_factory=list)  # "CC04", "TA02" ...
    links: list[ExternalLink] = field(default_factory=list)

    @property
    def year(self) -> int | None:
        """The year an activity counts in: its actual start, else its planned start."""
        start = self.actual_start or self.planned_start
        return start.year if start else None


@dataclass(frozen=True)
class ActivityFilter:
    """What the activity list shows: a search text and the ticked values of each facet.

    Empty means "no restriction". Values within one facet are alternatives (OR); facets
    combine with AND. ``text`` is searched in titles and descriptions in every language
    and in organisation names and acronyms (full-text, finds Chinese).
    """

    text: str = ""
    countries: frozenset[str] = frozenset()  # ISO alpha-2 of recipient members
    subregions: frozenset[str] = frozenset()  # ESCAP subregion names, as in MemberState.subregion
    bsp_codes: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()  # ACTIVITY_STATUS codes
    levels: frozenset[str] = frozenset()
    years: frozenset[int] = frozenset()

    @property
    def is_empty(self) -> bool:
        return not (self.text.strip() or self.countries or self.subregions or self.bsp_codes
                    or self.statuses or self.levels or self.years)


@dataclass(frozen=True)
class ActivityRow:
    """One line of the activity list: only what the list shows, read in one query per page."""

    id: uuid.UUID
    iati_identifier: str
    title: str
    titles: dict[str, str]
    level: str
    status: str
    start: dt.date | None  # actual start, else planned
    end: dt.date | None
    countries: tuple[str, ...]  # ISO alpha-2 of the recipient countries, in share order
    currency: str
    budget: int | None
    regions: tuple[str, ...] = ()  # IATI Region codes of the recipient regions, in share order
