"""Activities as IATI 2.03 activity XML (``iati-activities`` version 2.03), valid against the
IATI schema, written with the standard library.

What goes where, per activity, in the schema's order:

- ``iati-identifier``; ``reporting-org`` = ESCAP (ref, type 40, its name); an activity whose
  identifier begins with another organisation's identifier (imported from its IATI file) is
  republished with ``secondary-reporter="1"``;
- ``title`` and ``description`` (type 1): one ``narrative`` per language, English first
  (the activity's ``xml:lang`` is ``en``), the others with their ``xml:lang``;
- ``participating-org`` with ``role``, ``ref``, ``type`` and the name; the acronym rides along
  as ``bsp:acronym``;
- ``other-identifier`` (type A9, the other database as ``owner-org``) and ``document-link``
  (category A12, activity web page) for the links to other agencies' databases (B1); the
  two halves of one link carry the same ``bsp:link`` number;
- ``activity-status``; ``activity-date`` types 1-4 (planned/actual start and end);
  ``activity-scope`` from the level (global 1, regional 2, subregional 3 multi-national,
  national 4);
- ``recipient-country`` / ``recipient-region`` (vocabulary 1) with percentages;
- ``sector`` with vocabulary 99 (the reporting organisation's) and :data:`BSP_VOCABULARY_URI`
  for the BSP codes; BSP codes carry no shares, so 100 is split evenly as IATI asks;
- ``budget`` (original, indicative) over the planned period, valued on its first day;
- the cost as one ``transaction`` of type 4 (expenditure), dated the actual end (else the day
  of the export);
- what IATI has no element for (South-South cooperation, people trained by gender, results,
  the Government's assessment, related agreements) in an extension element in tegdesk's own
  namespace (:data:`BSP_NS`), as the standard allows, so that tegdesk reads it back whole.

The schema requires an activity date and a participating organisation: an activity with
neither is left out and named in :attr:`IatiExport.skipped`. Values the schema types strictly
(percentages, dates, amounts) are written only when valid, and text is cleaned of the
characters XML cannot hold, so that no draft can make the file invalid.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from tegdesk.core.activity_rules import ESCAP_IATI_REF
from tegdesk.core.activity_types import ActivityDraft
from tegdesk.core.documents.text import clean
from tegdesk.core.errors import UserError
from tegdesk.core.i18n import N_
from tegdesk.core.interchange.activities_table import format_amount

IATI_VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: tegdesk's namespace for what IATI has no element for.
BSP_NS = "urn:x-tegdesk:bsp:1"
#: The sector vocabulary of the Bali Strategic Plan's indicative list (vocabulary 99).
BSP_VOCABULARY = "99"
BSP_VOCABULARY_URI = "urn:x-tegdesk:bsp-indicative-list"
REGION_VOCABULARY = "1"
LINK_IDENTIFIER_TYPE = "A9"  # Other Activity Identifier
LINK_DOCUMENT_CATEGORY = "A12"  # Activity web page
#: BSP level -> IATI ActivityScope
SCOPE_OF_LEVEL = {"global": "1", "regional": "2", "subregional": "3", "national": "4"}
DATE_TYPES = (("planned_start", "1"), ("actual_start", "2"), ("planned_end", "3"), ("actual_end", "4"))

NO_DATE = N_("{identifier} is left out of the IATI file: IATI requires at least one date (planned or actual "
             "start or end).")
NOTHING = N_("There is no activity to write to the IATI file.")
NO_ORGANISATION = N_("{identifier} is left out of the IATI file: IATI requires at least one participating "
                     "organisation.")

ET.register_namespace("bsp", BSP_NS)


def _q(name: str) -> str:
    return f"{{{BSP_NS}}}{name}"


@dataclass
class IatiExport:
    """The file's bytes, how many activities it holds, and those left out with why (an N_ template
    and its parameters)."""

    content: bytes
    count: int
    skipped: list[tuple[str, dict[str, str]]] = field(default_factory=list)


def _sub(parent: ET.Element, tag: str, attrs: dict[str, str | None] | None = None, text: str | None = None
         ) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: clean(v) for k, v in (attrs or {}).items() if v is not None and v != ""})
    if text is not None:
        element.text = clean(text)
    return element


def _narratives(parent: ET.Element, english: str, others: dict[str, str]) -> None:
    """English first (the activity's language), then the others with their ``xml:lang``;
    an empty narrative when there is no text at all (the schema requires one)."""
    if english.strip() or not any(t.strip() for t in others.values()):
        _sub(parent, "narrative", text=english)
    for lang, text in sorted(others.items()):
        if text.strip():
            _sub(parent, "narrative", {XML_LANG: lang}, text)


def _decimal(value: object) -> str | None:
    """An xsd:decimal, or None when ``value`` is no finite number."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return None
    number = Decimal(value)
    return format(number.normalize(), "f") if number.is_finite() else None


def _date(value: object) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else None


def _shares(count: int) -> list[Decimal]:
    """``count`` shares of two decimals summing to 100 (33.33, 33.33, 33.34)."""
    base = (Decimal(100) / count).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    return [base] * (count - 1) + [Decimal(100) - base * (count - 1)]


def _money(parent: ET.Element, value: int, currency: str, day: str) -> None:
    _sub(parent, "value", {"currency": currency or None, "value-date": day}, format_amount(value, currency))


def activity_element(d: ActivityDraft, reporting_org: dict[str, str], today: dt.date) -> ET.Element:
    """One ``iati-activity``; the caller has made sure it has a date and an organisation."""
    currency = clean(d.currency).strip()
    activity = ET.Element("iati-activity", {XML_LANG: "en", "humanitarian": "0"})
    if currency:
        activity.set("default-currency", currency)
    _sub(activity, "iati-identifier", text=d.iati_identifier)
    reporting = _sub(activity, "reporting-org", {"ref": reporting_org["ref"], "type": reporting_org["type"]})
    if not d.iati_identifier.startswith(reporting_org["ref"] + "-"):
        reporting.set("secondary-reporter", "1")
    _sub(reporting, "narrative", text=reporting_org["name"])
    _narratives(_sub(activity, "title"), d.title, d.titles)
    _narratives(_sub(activity, "description", {"type": "1"}), d.description, d.descriptions)
    for o in d.organisations:
        org = _sub(activity, "participating-org", {"ref": o.ref, "type": o.type, "role": o.role or "4",
                                                   _q("acronym"): o.acronym})
        _sub(org, "narrative", text=o.name)
    links = list(enumerate(d.links, start=1))
    for number, link in links:
        if link.external_id:
            other = _sub(activity, "other-identifier", {"ref": link.external_id, "type": LINK_IDENTIFIER_TYPE,
                                                        _q("link"): str(number)})
            _sub(_sub(other, "owner-org"), "narrative", text=link.system)
    _sub(activity, "activity-status", {"code": d.status or "2"})
    for name, code in DATE_TYPES:
        day = _date(getattr(d, name))
        if day:
            _sub(activity, "activity-date", {"type": code, "iso-date": day})
    if d.level in SCOPE_OF_LEVEL:
        _sub(activity, "activity-scope", {"code": SCOPE_OF_LEVEL[d.level]})
    for r in d.recipients:
        if r.country:
            _sub(activity, "recipient-country", {"code": r.country, "percentage": _decimal(r.percentage)})
    for r in d.recipients:
        if r.region and not r.country:
            _sub(activity, "recipient-region", {"code": r.region, "vocabulary": REGION_VOCABULARY,
                                                "percentage": _decimal(r.percentage)})
    codes = [c for c in d.bsp_codes if c]
    for code, share in zip(codes, _shares(len(codes)) if codes else [], strict=True):
        _sub(activity, "sector", {"vocabulary": BSP_VOCABULARY, "vocabulary-uri": BSP_VOCABULARY_URI, "code": code,
                                  "percentage": _decimal(share)})
    days = [_date(getattr(d, name)) for name in ("planned_start", "actual_start", "planned_end", "actual_end")]
    start = next((day for day in days if day), None)
    end = _date(d.planned_end) or _date(d.actual_end) or start
    if isinstance(d.budget, int) and not isinstance(d.budget, bool) and start:
        budget = _sub(activity, "budget", {"type": "1", "status": "1"})
        _sub(budget, "period-start", {"iso-date": _date(d.planned_start) or start})
        _sub(budget, "period-end", {"iso-date": end})
        _money(budget, d.budget, currency, _date(d.planned_start) or start)
    if isinstance(d.cost, int) and not isinstance(d.cost, bool):
        day = _date(d.actual_end) or today.isoformat()
        transaction = _sub(activity, "transaction")
        _sub(transaction, "transaction-type", {"code": "4"})
        _sub(transaction, "transaction-date", {"iso-date": day})
        _money(transaction, d.cost, currency, day)
    for number, link in links:
        if link.url:
            document = _sub(activity, "document-link", {"url": link.url, "format": "text/html",
                                                        _q("link"): str(number)})
            _sub(_sub(document, "title"), "narrative", text=link.system)
            _sub(document, "category", {"code": LINK_DOCUMENT_CATEGORY})
    _extension(activity, d)
    return activity


def _extension(activity: ET.Element, d: ActivityDraft) -> None:
    """What IATI has no element for, in tegdesk's namespace (read back by the IATI import)."""
    extra = _sub(activity, _q("activity"))
    _sub(extra, _q("south-south"), text="true" if d.south_south else "false")
    trained = {k: str(getattr(d, f"trained_{k}")) for k in ("women", "men", "other")
               if isinstance(getattr(d, f"trained_{k}"), int)}
    if trained:
        _sub(extra, _q("trained"), trained)
    if d.results:
        _sub(extra, _q("results"), text=d.results)
    if d.assessment or d.assessment_date:
        _sub(extra, _q("assessment"), {"date": _date(d.assessment_date)}, d.assessment)
    for agreement in d.agreements:
        _sub(extra, _q("agreement"), text=agreement)


def iati_export(drafts: Sequence[ActivityDraft], *, reporting_org: dict[str, str] | None = None,
                now: dt.datetime | None = None) -> IatiExport:
    """The IATI 2.03 file of ``drafts``; ``reporting_org`` is ``{"ref", "type", "name"}`` (ESCAP by
    default)."""
    reporting_org = reporting_org or {"ref": ESCAP_IATI_REF, "type": "40",
                                      "name": "Economic and Social Commission for Asia and the Pacific"}
    now = (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
    root = ET.Element("iati-activities", {"version": IATI_VERSION, "generated-datetime": now.isoformat()})
    skipped: list[tuple[str, dict[str, str]]] = []
    count = 0
    for d in drafts:
        if not any(isinstance(getattr(d, name), dt.date) for name, _code in DATE_TYPES):
            skipped.append((NO_DATE, {"identifier": d.iati_identifier}))
        elif not d.organisations:
            skipped.append((NO_ORGANISATION, {"identifier": d.iati_identifier}))
        else:
            root.append(activity_element(d, reporting_org, now.date()))
            count += 1
    if not count:  # the schema requires at least one activity
        raise UserError(NOTHING if not skipped else skipped[0][0], **(skipped[0][1] if skipped else {}))
    ET.indent(root, space=" ")
    return IatiExport(ET.tostring(root, encoding="utf-8", xml_declaration=True), count, skipped)
