"""The rules a capacity-building activity (B1-B7) must keep, as pure functions.

Nothing here reads or writes the database: :func:`check_activity` takes an
:class:`~tegdesk.core.activity_types.ActivityDraft` and an :class:`ActivityReference`
(what the database knows: members, BSP codes, identifiers in use) and returns
:class:`~tegdesk.core.rules.Violation` objects, each with ``field`` set to the draft's
field name so that the form can show it beside the field. Errors refuse the save;
warnings inform. The form, the service and every importer use these same functions.

Readings the issue leaves open, decided here:

- The reporting organisation is ESCAP (:data:`ESCAP_IATI_REF`). An identifier is
  ``<reporting organisation's IATI identifier>-<local id>``; an activity imported from
  another organisation may instead begin with the IATI identifier of one of its own
  participating organisations (its reporting organisation). Only letters, digits,
  hyphens, dots and underscores are allowed (IATI guidance: no spaces, no slashes).
- Identifiers are unique among all activities, deleted ones included (a deleted
  activity keeps its identifier, so that a published IATI identifier never changes
  meaning).
- Recipients are ESCAP members and associate members (ISO 3166 alpha-2) or a region
  from the short list :data:`REGIONS` (IATI Region codelist). A national activity has
  exactly one recipient country; subregional, regional and global activities may name
  countries, regions or both. Shares are percentages above 0 and at most 100, with at
  most two decimals, summing to exactly 100 (as :class:`~decimal.Decimal`).
- A closed activity cannot start or end in the future; a finalised or closed one
  should have an actual start (warning). The recipient Government's assessment (B6) is
  optional and never a precondition; when dated, it is not before the actual start
  and not in the future.
- Amounts are hundredths of an ISO 4217 currency (:mod:`tegdesk.core.money`); a cost
  above the budget is a warning, not an error.
- Lists are kept in one canonical order (:func:`normalize`), the order in which the
  service reads them back: organisations by role then name, recipients by share
  (largest first, countries before regions), BSP codes and links alphabetically.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

from babel.numbers import list_currencies
from sqlmodel import Session, select

from tegdesk.core.activity_types import ActivityDraft, ExternalLink, OrganisationRole, RecipientShare
from tegdesk.core.i18n import N_
from tegdesk.core.models import ACTIVITY_STATUS, ORGANISATION_ROLE, Activity, BspCode, Level, MemberState
from tegdesk.core.money import amount_violation, currency_violation
from tegdesk.core.rules import Violation
from tegdesk.core.services import meeting_base
from tegdesk.core.services.meeting_base import clean_translations

#: ESCAP's IATI organisation identifier (DAC channel code 41106): the reporting organisation.
ESCAP_IATI_REF = "XM-DAC-41106"

#: The IATI Region codes (Region codelist, vocabulary 1) an ESCAP activity may name as recipient.
REGIONS: dict[str, str] = {
    "798": N_("Asia, regional"),
    "789": N_("Far East Asia, regional"),
    "619": N_("Central Asia, regional"),
    "679": N_("South Asia, regional"),
    "689": N_("South & Central Asia, regional"),
    "889": N_("Oceania, regional"),
    "998": N_("Developing countries, unspecified"),
}

#: IATI OrganisationType codelist.
ORGANISATION_TYPES: dict[str, str] = {
    "10": "Government", "11": "Local Government", "15": "Other Public Sector",
    "21": "International NGO", "22": "National NGO", "23": "Regional NGO", "24": "Partner Country based NGO",
    "30": "Public Private Partnership", "40": "Multilateral", "60": "Foundation", "70": "Private Sector",
    "71": "Private Sector in Provider Country", "72": "Private Sector in Aid Recipient Country",
    "73": "Private Sector in Third Country", "80": "Academic, Training and Research", "90": "Other",
}

IMPLEMENTING = "4"
CLOSED = "4"
FINALISATION = "3"
LEVELS = frozenset(level.value for level in Level)

_IDENTIFIER = re.compile(r"[A-Za-z0-9._-]+")
#: Control characters other than tab and line feed (C0, DEL, C1).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_HUNDREDTH = Decimal("0.01")
_HUNDRED = Decimal(100)


# -- what the database knows ---------------------------------------------------------

@dataclass
class ActivityReference:
    """What the rules need to know about the database, read once (:meth:`load`)."""

    members: frozenset[str]  # ISO alpha-2 of ESCAP members and associate members
    bsp_codes: frozenset[str]
    identifiers: dict[uuid.UUID, str] = field(default_factory=dict)  # activity id -> identifier, deleted too
    deleted: frozenset[uuid.UUID] = frozenset()  # ids in ``identifiers`` of deleted activities
    regions: frozenset[str] = frozenset(REGIONS)
    currencies: frozenset[str] = field(default_factory=lambda: frozenset(list_currencies()))
    reporting_prefix: str = ESCAP_IATI_REF
    today: dt.date = field(default_factory=lambda: meeting_base.today())  # tests fix it there, for every service

    def __post_init__(self) -> None:
        self._owners = {identifier: activity_id for activity_id, identifier in self.identifiers.items()}

    def owner(self, identifier: str) -> uuid.UUID | None:
        """The activity holding ``identifier``, or None."""
        return self._owners.get(identifier)

    @classmethod
    def load(cls, session: Session, *, identifiers: Iterable[str] | None = None,
             today: dt.date | None = None) -> ActivityReference:
        """Read the reference from the database. With ``identifiers``, only those identifiers'
        owners are read (enough to check a few drafts in a large database)."""
        members = frozenset(session.exec(select(MemberState.iso2)).all())
        codes = frozenset(session.exec(select(BspCode.code)).all())
        query = select(Activity.id, Activity.iati_identifier, Activity.deleted_at)
        rows: list[Any] = []
        if identifiers is None:
            rows = list(session.exec(query).all())
        else:
            wanted = sorted({i for i in identifiers if i})
            for start in range(0, len(wanted), 500):
                rows.extend(session.exec(query.where(Activity.iati_identifier.in_(wanted[start:start + 500]))).all())
        return cls(members=members, bsp_codes=codes, identifiers={r[0]: r[1] for r in rows},
                   deleted=frozenset(r[0] for r in rows if r[2] is not None), today=today or meeting_base.today())


# -- canonical form ----------------------------------------------------------------------

def _text(value: Any) -> str:
    """Stripped text; Windows and old Mac line breaks become plain line feeds."""
    text = value if isinstance(value, str) else ("" if value is None else str(value))
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _optional(value: Any) -> str | None:
    return _text(value) or None


def as_percentage(value: Any) -> Decimal | None:
    """A share as a Decimal (33.33 from a float stays 33.33), None when it is not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, (int, float)):
        return as_percentage(Decimal(str(value)))
    try:
        return as_percentage(Decimal(_text(value).replace(",", ".").rstrip("%").strip()))
    except (InvalidOperation, ValueError):
        return None


def organisation_order(o: OrganisationRole) -> tuple:
    return (o.role, o.name.casefold(), o.ref or "", o.acronym or "")


def recipient_order(r: RecipientShare) -> tuple:
    share = r.percentage if isinstance(r.percentage, Decimal) else Decimal(0)
    return (-share, r.country is None, r.country or "", r.region or "")


def link_order(link: ExternalLink) -> tuple:
    return (link.system.casefold(), link.url or "", link.external_id or "")


def _translations(texts: dict[str, str] | None) -> dict[str, str]:
    return {_text(lang).lower(): _text(t) for lang, t in (texts or {}).items() if _text(t)}


def normalize(draft: ActivityDraft) -> ActivityDraft:
    """A copy of ``draft`` in canonical form: text stripped, codes in upper case, empty
    translations dropped, shares as Decimals, lists in the order the service reads them
    back. Idempotent; the service saves exactly this."""
    organisations = sorted((OrganisationRole(name=_text(o.name), role=_text(o.role), ref=_optional(o.ref),
                                             type=_optional(o.type), acronym=_optional(o.acronym))
                            for o in draft.organisations), key=organisation_order)
    recipients = []
    for r in draft.recipients:
        share = as_percentage(r.percentage)
        recipients.append(RecipientShare(country=(_optional(r.country) or "").upper() or None,
                                         region=_optional(r.region),
                                         percentage=share if share is not None else r.percentage))
    recipients.sort(key=recipient_order)
    links = sorted((ExternalLink(system=_text(link.system), url=_optional(link.url),
                                 external_id=_optional(link.external_id)) for link in draft.links), key=link_order)
    agreements = list(dict.fromkeys(_text(a) for a in draft.agreements if _text(a)))
    return dataclasses.replace(
        draft, iati_identifier=_text(draft.iati_identifier), title=_text(draft.title),
        titles=_translations(draft.titles), description=_text(draft.description),
        descriptions=_translations(draft.descriptions), level=_text(draft.level).lower(),
        status=_text(draft.status), currency=_text(draft.currency).upper(), results=_text(draft.results),
        assessment=_text(draft.assessment), agreements=agreements, organisations=organisations,
        recipients=recipients, bsp_codes=sorted(_text(c).upper() for c in draft.bsp_codes), links=links)


# -- the rules -----------------------------------------------------------------------------

def _v(message: str, params: dict[str, Any] | None = None, *, field: str, warning: bool = False) -> Violation:
    return Violation("", "", message, params or {}, severity="warning" if warning else "error", field=field)


def check_activity(draft: ActivityDraft, ref: ActivityReference, *, activity_id: uuid.UUID | None = None,
                   normalized: bool = False) -> list[Violation]:
    """Every rule broken by ``draft`` (normalised first, unless ``normalized`` says it is
    already); ``activity_id`` is the activity it would replace (its own identifier is no conflict)."""
    d = draft if normalized else normalize(draft)
    found: list[Violation] = []
    _check_texts(d, found)
    _check_identifier(d, ref, activity_id, found)
    if d.level not in LEVELS:
        found.append(_v(N_("{level} is not a level (national, subregional, regional or global)."),
                        {"level": d.level}, field="level"))
    if d.status not in ACTIVITY_STATUS:
        found.append(_v(N_("{status} is not an IATI activity status (1 to 6)."), {"status": d.status},
                        field="status"))
    _check_bsp(d, ref, found)
    _check_organisations(d, found)
    _check_recipients(d, ref, found)
    _check_dates(d, ref, found)
    _check_money(d, ref, found)
    for name in ("trained_women", "trained_men", "trained_other"):
        value = getattr(d, name)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            found.append(_v(N_("The number of people trained is a whole number, not negative."), field=name))
    _check_links(d, found)
    return found


def _check_texts(d: ActivityDraft, found: list[Violation]) -> None:
    if not d.title and not d.titles:
        found.append(_v(N_("Give the activity a title (in English, or in another language)."), field="title"))
    clean_translations({lang: {"title": t} for lang, t in d.titles.items()}, ("title",), found, field="titles")
    clean_translations({lang: {"description": t} for lang, t in d.descriptions.items()}, ("description",), found,
                       field="descriptions")
    texts: list[tuple[str, str]] = [("title", d.title), ("description", d.description), ("results", d.results),
                                    ("assessment", d.assessment)]
    texts += [("titles", t) for t in d.titles.values()] + [("descriptions", t) for t in d.descriptions.values()]
    texts += [("agreements", a) for a in d.agreements]
    texts += [("organisations", o.name) for o in d.organisations]
    texts += [("links", f"{link.system}{link.external_id or ''}") for link in d.links]
    flagged: set[str] = set()
    for name, text in texts:
        if name not in flagged and _CONTROL.search(text):
            flagged.add(name)
            found.append(_v(N_("The text contains control characters; only line breaks and tabs are allowed."),
                            field=name))


def _check_identifier(d: ActivityDraft, ref: ActivityReference, activity_id: uuid.UUID | None,
                      found: list[Violation]) -> None:
    identifier = d.iati_identifier
    if not identifier:
        found.append(_v(N_("The IATI identifier is required."), field="iati_identifier"))
        return
    if not _IDENTIFIER.fullmatch(identifier):
        found.append(_v(N_("{identifier} may contain only letters, digits, hyphens, dots and underscores "
                           "(IATI)."), {"identifier": identifier}, field="iati_identifier"))
        return
    if reporting_prefix(identifier, d.organisations, ref.reporting_prefix) is None:
        found.append(_v(N_("{identifier} must begin with the reporting organisation's IATI identifier, a hyphen "
                           "and a local identifier ({prefix}-…)."),
                        {"identifier": identifier, "prefix": ref.reporting_prefix}, field="iati_identifier"))
    owner = ref.owner(identifier)
    if owner is not None and owner != activity_id:
        if owner in ref.deleted:
            found.append(_v(N_("{identifier} belonged to a deleted activity; an IATI identifier is never reused."),
                            {"identifier": identifier}, field="iati_identifier"))
        else:
            found.append(_v(N_("{identifier} is already the identifier of another activity."),
                            {"identifier": identifier}, field="iati_identifier"))


def reporting_prefix(identifier: str, organisations: Iterable[OrganisationRole],
                     own: str = ESCAP_IATI_REF) -> str | None:
    """The reporting organisation's IATI identifier that ``identifier`` begins with: ``own``
    (ESCAP's), else the longest of the activity's organisations' (an imported activity), else None."""
    prefixes = [own] + sorted({o.ref for o in organisations if o.ref}, key=len, reverse=True)
    for prefix in prefixes:
        if identifier.startswith(prefix + "-") and len(identifier) > len(prefix) + 1:
            return prefix
    return None


def _check_bsp(d: ActivityDraft, ref: ActivityReference, found: list[Violation]) -> None:
    unknown = sorted({c for c in d.bsp_codes if c not in ref.bsp_codes})
    if unknown:
        found.append(_v(N_("Unknown BSP codes: {codes}."), {"codes": unknown}, field="bsp_codes"))
    for code in sorted({c for c in d.bsp_codes if d.bsp_codes.count(c) > 1}):
        found.append(_v(N_("{item} is listed more than once."), {"item": code}, field="bsp_codes"))
    if not d.bsp_codes:
        found.append(_v(N_("No BSP cross-cutting issue or thematic area is chosen: the activity will not count "
                           "in the figures by area."), field="bsp_codes", warning=True))


def _check_organisations(d: ActivityDraft, found: list[Violation]) -> None:
    seen: set[tuple[str, str]] = set()
    for position, o in enumerate(d.organisations, start=1):
        if not o.name:
            found.append(_v(N_("Every organisation needs a name."), {"position": position}, field="organisations"))
        if o.role not in ORGANISATION_ROLE:
            found.append(_v(N_("{role} is not an IATI organisation role (1 funding, 2 accountable, 3 extending, "
                               "4 implementing)."), {"role": o.role, "position": position}, field="organisations"))
        if o.type and o.type not in ORGANISATION_TYPES:
            found.append(_v(N_("{type} is not an IATI organisation type."), {"type": o.type, "position": position},
                            field="organisations"))
        key = ((o.ref or o.name).casefold(), o.role)
        if o.name and key in seen:
            found.append(_v(N_("{name} is listed twice in the same role."), {"name": o.name, "position": position},
                            field="organisations"))
        seen.add(key)
    if not any(o.role == IMPLEMENTING for o in d.organisations):
        found.append(_v(N_("No implementing organisation is named."), field="organisations", warning=True))


def _check_recipients(d: ActivityDraft, ref: ActivityReference, found: list[Violation]) -> None:
    total = Decimal(0)
    seen: set[str] = set()
    valid = True
    for position, r in enumerate(d.recipients, start=1):
        name = r.country or r.region or "—"
        if r.country and r.region:
            found.append(_v(N_("A recipient is a country or a region, not both ({country}, {region})."),
                            {"country": r.country, "region": r.region, "position": position}, field="recipients"))
        elif not r.country and not r.region:
            found.append(_v(N_("A recipient needs a country or a region."), {"position": position},
                            field="recipients"))
        elif r.country and r.country not in ref.members:
            found.append(_v(N_("{country} is not a member or associate member of ESCAP."),
                            {"country": r.country, "position": position}, field="recipients"))
        elif r.region and r.region not in ref.regions:
            found.append(_v(N_("{region} is not one of the IATI regions tegdesk knows ({regions})."),
                            {"region": r.region, "regions": sorted(ref.regions), "position": position},
                            field="recipients"))
        if name in seen:
            found.append(_v(N_("{item} is listed more than once."), {"item": name, "position": position},
                            field="recipients"))
        seen.add(name)
        share = r.percentage if isinstance(r.percentage, Decimal) else None
        if share is None:
            valid = False
            found.append(_v(N_("The share of {recipient} is not a number."), {"recipient": name, "position": position},
                            field="recipients"))
        elif not 0 < share <= _HUNDRED:
            valid = False
            found.append(_v(N_("The share of {recipient} must be more than 0 and at most 100 per cent."),
                            {"recipient": name, "position": position}, field="recipients"))
        elif share != share.quantize(_HUNDREDTH):
            valid = False
            found.append(_v(N_("The share of {recipient} has more than two decimals."),
                            {"recipient": name, "position": position}, field="recipients"))
        else:
            total += share
    if d.recipients and valid and total != _HUNDRED:
        found.append(_v(N_("The recipients' shares add up to {total} per cent, not 100."),
                        {"total": total.quantize(_HUNDREDTH)}, field="recipients"))
    if d.level == Level.NATIONAL and (len([r for r in d.recipients if r.country]) != 1
                                      or any(r.region for r in d.recipients)):
        found.append(_v(N_("A national activity has exactly one recipient country."), field="recipients"))
    elif not d.recipients and d.level in LEVELS:
        found.append(_v(N_("No recipient country or region is named."), field="recipients", warning=True))


def _check_dates(d: ActivityDraft, ref: ActivityReference, found: list[Violation]) -> None:
    for start_name, end_name in (("planned_start", "planned_end"), ("actual_start", "actual_end")):
        start, end = getattr(d, start_name), getattr(d, end_name)
        if start and end and end < start:
            found.append(_v(N_("The end ({end}) is before the start ({start})."), {"start": start, "end": end},
                            field=end_name))
    if d.status == CLOSED:
        for name in ("actual_start", "actual_end"):
            day = getattr(d, name)
            if day and day > ref.today:
                found.append(_v(N_("A closed activity cannot start or end in the future ({date})."), {"date": day},
                                field=name))
    if d.status in (CLOSED, FINALISATION) and d.actual_start is None:
        found.append(_v(N_("A finalised or closed activity has usually started: enter its actual start."),
                        field="actual_start", warning=True))
    if d.assessment_date:
        if d.actual_start and d.assessment_date < d.actual_start:
            found.append(_v(N_("The Government's assessment ({date}) cannot come before the activity started "
                               "({start})."), {"date": d.assessment_date, "start": d.actual_start},
                            field="assessment_date"))
        if d.assessment_date > ref.today:
            found.append(_v(N_("The Government's assessment cannot be dated in the future ({date})."),
                            {"date": d.assessment_date}, field="assessment_date"))


def _check_money(d: ActivityDraft, ref: ActivityReference, found: list[Violation]) -> None:
    amounts = (d.budget, d.cost)
    if not d.currency:
        if any(a is not None for a in amounts):
            found.append(_v(N_("Choose the currency of the amounts."), field="currency"))
    elif (unknown := currency_violation(d.currency, known=ref.currencies)) is not None:
        found.append(unknown)
    problems = [amount_violation(value, d.currency, field=name) for name, value in (("budget", d.budget),
                                                                                      ("cost", d.cost))]
    found.extend(p for p in problems if p is not None)
    if not any(problems) and d.budget is not None and d.cost is not None and d.cost > d.budget:
        found.append(_v(N_("The cost is above the budget."), field="cost", warning=True))


def _check_links(d: ActivityDraft, found: list[Violation]) -> None:
    for position, link in enumerate(d.links, start=1):
        if not link.system:
            found.append(_v(N_("A link needs the name of the other database (e.g. GEF, UNEP)."),
                            {"position": position}, field="links"))
        if link.url:
            parts = urlsplit(link.url)
            if parts.scheme.lower() not in ("http", "https") or not parts.hostname or " " in link.url:
                found.append(_v(N_("{url} is not a web address (http:// or https://)."),
                                {"url": link.url, "position": position}, field="links"))
        elif not link.external_id:
            found.append(_v(N_("A link needs an address or the activity's identifier in the other database."),
                            {"position": position}, field="links"))
