"""Reading IATI activity files (versions 2.01-2.03) from other organisations, and tegdesk's own.

Each ``iati-activity`` becomes an :class:`~tegdesk.core.activity_types.ActivityDraft`; the
import as a whole is checked and saved all or nothing by
:func:`tegdesk.core.interchange.activities.save_drafts`. Problems are reported with the line
and the element they were found in (:class:`XmlError`).

What is kept, and how codes are read — an unknown code is an error, never a guess:

- ``title`` and ``description`` narratives go to the title and description in English (the
  activity's ``xml:lang``, else English) and in the other UN languages; a narrative in another
  language is left out with a warning. Several descriptions (objectives, target groups) are
  joined, general first.
- ``participating-org``: IATI roles 1-4 (another is an error), ``ref``, ``type``, the name (else
  the ref). When the identifier begins with another reporting organisation's identifier than
  ESCAP's and that organisation does not take part, it is added as accountable, with a warning
  (the rules need to know whose identifier it is).
- ``activity-status`` (1-6), ``activity-date`` types 1-4, ``activity-scope`` as the level
  (1 global, 2 regional, 3 subregional, 4-8 national; without a scope, one recipient country
  means national, anything else is an error).
- ``recipient-country`` must be an ESCAP member or associate member; ``recipient-region`` one of
  the IATI regions tegdesk knows (vocabulary 1). A lone recipient without percentage has 100.
- ``sector``: vocabulary 99/98 with tegdesk's BSP vocabulary URI are BSP codes (unknown ones are
  errors); sectors of other vocabularies (DAC sectors, vocabulary 1 or 2, or another
  organisation's own) are not BSP codes and are left out, listed in a warning.
- ``budget``: the values of every period (the revised budget where a period has one), summed;
  ``transaction`` of type 4 (expenditure), summed, is the cost; other transactions are not kept.
  Amounts in a currency other than the activity's are an error.
- ``other-identifier`` and ``document-link`` of category A12 (activity web page) become links to
  other databases; other documents are left out with a warning.
- tegdesk's own extension (:data:`~tegdesk.core.interchange.iati_export.BSP_NS`) gives back
  what IATI has no element for, so that tegdesk's export imports back unchanged.

Safety: a file over :data:`MAX_BYTES` is refused, so is one with a document type declaration
(no entities: no "billion laughs", no external entities), and any XML that is not IATI
activities.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, ClassVar
from xml.parsers import expat

from tegdesk.core.activity_rules import ESCAP_IATI_REF, ORGANISATION_TYPES, REGIONS
from tegdesk.core.activity_types import ActivityDraft, ExternalLink, OrganisationRole, RecipientShare
from tegdesk.core.errors import UserError
from tegdesk.core.i18n import N_, NN_, Translator, normalize_language
from tegdesk.core.interchange.iati_export import (
    BSP_NS,
    BSP_VOCABULARY_URI,
    DATE_TYPES,
    LINK_DOCUMENT_CATEGORY,
    REGION_VOCABULARY,
    SCOPE_OF_LEVEL,
    XML_LANG,
)
from tegdesk.core.interchange.tables import RowError
from tegdesk.core.models import ACTIVITY_STATUS, ORGANISATION_ROLE
from tegdesk.core.refdata import bsp_rows, member_rows
from tegdesk.core.rules import Violation

#: Larger files are refused (the largest publishers split theirs by country or year).
MAX_BYTES = 40 * 1024 * 1024
SUPPORTED_VERSIONS = ("2.01", "2.02", "2.03")
LEVEL_OF_SCOPE = {code: level for level, code in SCOPE_OF_LEVEL.items()} | {c: "national" for c in "5678"}
BSP_VOCABULARIES = ("99", "98")
ACCOUNTABLE = "2"
DUPLICATE_LINE = N_("{identifier} is also the identifier of the activity on line {other}.")
EXPENDITURE = "4"
_DATE_FIELD = {code: name for name, code in DATE_TYPES}
#: The draft fields an element's problem concerns: the rules are not checked again on them.
_FIELDS_OF_ELEMENT = {
    "iati-identifier": ("iati_identifier",), "activity-status": ("status",), "activity-scope": ("level",),
    "participating-org": ("organisations",), "recipient-country": ("recipients",),
    "recipient-region": ("recipients",), "sector": ("bsp_codes",), "activity-date": tuple(_DATE_FIELD.values()),
    "budget": ("budget",), "transaction": ("cost",), "value": ("budget", "cost"),
    "iati-activity": ("status", "level", "currency", "budget", "cost"),
}


@dataclass(frozen=True)
class XmlError(RowError):
    """A problem of an IATI file: ``row`` is the line, ``column`` the element."""

    FIRST: ClassVar[tuple[str, str]] = NN_("Nothing was imported: {n} problem, on line {row}.",
                                           "Nothing was imported: {n} problems, the first on line {row}.")

    def text(self, tr: Translator) -> str:
        where = tr.gettext("Line {line}, <{element}>", line=self.row, element=self.column or "iati-activity")
        return f"{where}: {self.violation.text(tr)}"


@dataclass
class IatiReading:
    """What a file says: the drafts (with their activity's number), the problems, the warnings."""

    entries: list[tuple[int, ActivityDraft]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    places: list[dict[str, tuple[int, str]]] = field(default_factory=list)  # per activity: field -> (line, element)
    failed: set[tuple[int, str]] = field(default_factory=set)  # (activity, draft field) already reported

    def locate(self, index: int, field_name: str, v: Violation) -> RowError:
        """The line and element of the activity ``index`` that a rule about ``field_name`` concerns."""
        places = self.places[index]
        line, element = places.get(field_name) or places[""]
        return XmlError(line, element, v)


# -- parsing -------------------------------------------------------------------------------

class _Refused(Exception):
    def __init__(self, message: str, **params: Any):
        self.message, self.params = message, params


def parse_xml(path: Path) -> tuple[ET.Element, dict[ET.Element, int]]:
    """The document's root and each element's line; no DTD, no entities, no oversized file."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise UserError(N_("{name} is {size} MB; tegdesk reads IATI files of up to {limit} MB. Ask the publisher "
                           "for a file per country or year."), name=path.name, size=round(size / 2**20),
                        limit=MAX_BYTES // 2**20)
    builder = ET.TreeBuilder()
    lines: dict[ET.Element, int] = {}
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def tag(name: str) -> str:
        uri, _sep, local = name.rpartition(" ")
        return f"{{{uri}}}{local}" if uri else local

    def start(name: str, attrs: dict[str, str]) -> None:
        lines[builder.start(tag(name), {tag(k): v for k, v in attrs.items()})] = parser.CurrentLineNumber

    def refuse_doctype(*_args: Any) -> None:
        raise _Refused(N_("{name} declares a document type (DOCTYPE); IATI files have none, and tegdesk does not "
                          "read them, for safety."), name=path.name)

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda name: builder.end(tag(name))
    parser.CharacterDataHandler = builder.data
    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_doctype
    try:
        with path.open("rb") as fh:
            parser.ParseFile(fh)
        root = builder.close()
    except _Refused as exc:
        raise UserError(exc.message, **exc.params) from None
    except (expat.ExpatError, AssertionError) as exc:
        raise UserError(N_("{name} is not well-formed XML: {reason}."), name=path.name,
                        reason=expat.ErrorString(exc.code) if isinstance(exc, expat.ExpatError) else exc) from None
    return root, lines


def read_iati(path: str | Path) -> IatiReading:
    """The activities of an IATI activity file, as drafts, with every problem and warning."""
    path = Path(path)
    root, lines = parse_xml(path)
    if root.tag != "iati-activities":
        raise UserError(N_("{name} is not an IATI activity file (its first element is <{element}>, not "
                           "<iati-activities>)."), name=path.name, element=root.tag.rpartition("}")[2])
    version = root.get("version", "")
    if version not in SUPPORTED_VERSIONS:
        raise UserError(N_("{name} is IATI version {version}; tegdesk reads versions {versions}."), name=path.name,
                        version=version or "?", versions=", ".join(SUPPORTED_VERSIONS))
    reading = IatiReading()
    members = {m["iso2"] for m in member_rows()}
    bsp = {row["code"] for row in bsp_rows()}
    for element in root.findall("iati-activity"):
        _Activity(element, lines, reading, members, bsp).read()
    if not reading.entries and not reading.errors:
        raise UserError(N_("{name} holds no activity."), name=path.name)
    return reading


# -- one activity --------------------------------------------------------------------------

def _text(element: ET.Element | None) -> str:
    return "".join(element.itertext()).strip() if element is not None else ""


class _Activity:
    """Reads one ``iati-activity`` into a draft, noting problems where they are."""

    def __init__(self, element: ET.Element, lines: dict[ET.Element, int], reading: IatiReading,
                 members: set[str], bsp: set[str]):
        self.element, self.lines, self.reading = element, lines, reading
        self.members, self.bsp = members, bsp
        self.lang_code = element.get(XML_LANG) or "en"
        self.lang = self._language(self.lang_code)
        self.errors: list[RowError] = []
        self.places: dict[str, tuple[int, str]] = {"": (lines.get(element, 0), "iati-activity")}
        self.draft = ActivityDraft(status="", level="")

    # -- reporting --
    def _where(self, element: ET.Element) -> tuple[int, str]:
        return self.lines.get(element, 0), element.tag.rpartition("}")[2]

    def fail(self, element: ET.Element, message: str, **params: Any) -> None:
        line, name = self._where(element)
        self.errors.append(XmlError(line, name, Violation("", "", message, params)))
        index = len(self.reading.places)
        self.reading.failed.update((index, f) for f in _FIELDS_OF_ELEMENT.get(name, ()))

    def warn(self, element: ET.Element, message: str, **params: Any) -> None:
        line, name = self._where(element)
        self.reading.warnings.append(XmlError(line, name, Violation("", "", message, params, severity="warning")))

    def place(self, field_name: str, element: ET.Element) -> None:
        self.places.setdefault(field_name, self._where(element))

    # -- reading --
    def read(self) -> None:
        e, d = self.element, self.draft
        identifier = e.find("iati-identifier")
        d.iati_identifier = _text(identifier)
        if not d.iati_identifier:
            self.fail(identifier if identifier is not None else e, N_("The activity has no IATI identifier."))
        else:
            self.place("iati_identifier", identifier)
        self._texts("title", "title", "titles")
        self._texts("description", "description", "descriptions")
        self._organisations()
        self._status_dates_scope()
        self._recipients()
        self._sectors()
        self._money()
        self._links()
        self._extension()
        self.reading.errors.extend(self.errors)
        self.reading.entries.append((len(self.reading.places), d))
        self.reading.places.append(self.places)

    def _language(self, code: str) -> str | None:
        try:
            return normalize_language(code)
        except ValueError:
            return None

    def _narratives(self, parent: ET.Element) -> Iterable[tuple[str | None, ET.Element]]:
        for narrative in parent.findall("narrative"):
            lang = narrative.get(XML_LANG)
            yield (self._language(lang) if lang else self.lang), narrative

    def _texts(self, tag: str, english: str, others: str) -> None:
        elements = sorted(self.element.findall(tag), key=lambda x: x.get("type", "1") != "1")  # general first
        texts: dict[str, list[str]] = {}
        for element in elements:
            self.place(english, element)
            for lang, narrative in self._narratives(element):
                if lang is None:
                    self.warn(narrative, N_("A text in {language} is left out: tegdesk keeps the six languages of the "
                                            "United Nations."), language=narrative.get(XML_LANG) or self.lang_code)
                elif _text(narrative):
                    texts.setdefault(lang, []).append(_text(narrative))
        joined = {lang: "\n\n".join(parts) for lang, parts in texts.items()}
        setattr(self.draft, english, joined.pop("en", ""))
        setattr(self.draft, others, joined)

    def _name(self, element: ET.Element) -> str:
        """The English narrative, else the first one."""
        names = [(lang, _text(n)) for lang, n in self._narratives(element) if _text(n)]
        return next((text for lang, text in names if lang == "en"), names[0][1] if names else "")

    def _organisations(self) -> None:
        for org in self.element.findall("participating-org"):
            self.place("organisations", org)
            role, ref, kind = org.get("role", ""), (org.get("ref") or "").strip(), (org.get("type") or "").strip()
            name = self._name(org) or ref
            if role not in ORGANISATION_ROLE:
                self.fail(org, N_("{role} is not an IATI organisation role (1 funding, 2 accountable, 3 extending, "
                                  "4 implementing)."), role=role or "—")
            elif kind and kind not in ORGANISATION_TYPES:
                self.fail(org, N_("{type} is not an IATI organisation type."), type=kind)
            elif not name:
                self.fail(org, N_("A participating organisation has neither a name nor an identifier."))
            else:
                self.draft.organisations.append(OrganisationRole(name=name, role=role, ref=ref or None,
                                                                 type=kind or None,
                                                                 acronym=org.get(f"{{{BSP_NS}}}acronym")))
        reporting = self.element.find("reporting-org")
        ref = (reporting.get("ref") or "").strip() if reporting is not None else ""
        if (ref and ref != ESCAP_IATI_REF and self.draft.iati_identifier.startswith(ref + "-")
                and not any(o.ref == ref for o in self.draft.organisations)):
            name = self._name(reporting) or ref
            kind = (reporting.get("type") or "").strip()
            self.draft.organisations.append(OrganisationRole(name=name, role=ACCOUNTABLE, ref=ref,
                                                             type=kind if kind in ORGANISATION_TYPES else None))
            self.warn(reporting, N_("{name}, the reporting organisation, is not among the participating "
                                    "organisations; it is added as accountable."), name=name)

    def _date(self, element: ET.Element, attribute: str = "iso-date") -> dt.date | None:
        text = element.get(attribute, "")
        try:
            return dt.date.fromisoformat(text[:10])
        except ValueError:
            self.fail(element, N_("{value} is not a date in the form YYYY-MM-DD."), value=text or "—")
            return None

    def _status_dates_scope(self) -> None:
        d = self.draft
        status = self.element.find("activity-status")
        if status is None:
            self.fail(self.element, N_("The activity has no activity-status."))
        elif status.get("code") not in ACTIVITY_STATUS:
            self.fail(status, N_("{status} is not an IATI activity status (1 to 6)."), status=status.get("code") or "—")
        else:
            d.status = status.get("code")
            self.place("status", status)
        for element in self.element.findall("activity-date"):
            name = _DATE_FIELD.get(element.get("type", ""))
            if name is None:
                self.fail(element, N_("{type} is not an IATI activity date type (1 to 4)."),
                          type=element.get("type") or "—")
                continue
            self.place(name, element)
            setattr(d, name, self._date(element))
        scope = self.element.find("activity-scope")
        if scope is not None:
            self.place("level", scope)
            if scope.get("code") in LEVEL_OF_SCOPE:
                d.level = LEVEL_OF_SCOPE[scope.get("code")]
            else:
                self.fail(scope, N_("{code} is not an IATI activity scope (1 to 8)."), code=scope.get("code") or "—")
        elif (len(self.element.findall("recipient-country")) == 1
              and self.element.find("recipient-region") is None):
            d.level = "national"
        else:
            self.fail(self.element, N_("The activity has no activity-scope, so its level (national, subregional, "
                                       "regional or global) is not known."))

    def _percentage(self, element: ET.Element, alone: bool) -> Decimal | None:
        text = element.get("percentage")
        if text is None:
            if alone:
                return Decimal(100)
            self.fail(element, N_("The percentage is missing."))
            return None
        try:
            share = Decimal(text.strip())
        except InvalidOperation:
            share = None
        if share is None or not share.is_finite():
            self.fail(element, N_("{value} is not a percentage."), value=text)
            return None
        return share

    def _recipients(self) -> None:
        countries = self.element.findall("recipient-country")
        regions = self.element.findall("recipient-region")
        alone = len(countries) + len(regions) == 1
        for element in countries:
            self.place("recipients", element)
            code = (element.get("code") or "").strip().upper()
            share = self._percentage(element, alone)
            if code not in self.members:
                self.fail(element, N_("{country} is not a member or associate member of ESCAP."), country=code or "—")
            elif share is not None:
                self.draft.recipients.append(RecipientShare(country=code, percentage=share))
        for element in regions:
            self.place("recipients", element)
            code = (element.get("code") or "").strip()
            share = self._percentage(element, alone)
            vocabulary = element.get("vocabulary", REGION_VOCABULARY)
            if vocabulary != REGION_VOCABULARY:
                self.fail(element, N_("Region vocabulary {vocabulary} is not known to tegdesk (it reads the IATI "
                                      "Region codes, vocabulary 1)."), vocabulary=vocabulary)
            elif code not in REGIONS:
                self.fail(element, N_("{region} is not one of the IATI regions tegdesk knows ({regions})."),
                          region=code or "—", regions=", ".join(sorted(REGIONS)))
            elif share is not None:
                self.draft.recipients.append(RecipientShare(region=code, percentage=share))

    def _sectors(self) -> None:
        others: dict[str, list[str]] = {}
        first_other = None
        for element in self.element.findall("sector"):
            code, vocabulary = (element.get("code") or "").strip(), element.get("vocabulary", "1")
            if vocabulary in BSP_VOCABULARIES and element.get("vocabulary-uri") == BSP_VOCABULARY_URI:
                self.place("bsp_codes", element)
                if code.upper() in self.bsp:
                    self.draft.bsp_codes.append(code.upper())
                else:
                    self.fail(element, N_("{code} is not a BSP code (CC01-CC13, TA01-TA19)."), code=code or "—")
            else:
                others.setdefault(vocabulary, []).append(code)
                first_other = first_other if first_other is not None else element
        for vocabulary, codes in others.items():
            self.warn(first_other, N_("Sectors of vocabulary {vocabulary} are not BSP codes and are left out: "
                                      "{codes}."), vocabulary=vocabulary, codes=", ".join(codes))

    def _amount(self, element: ET.Element) -> tuple[int, str] | None:
        """A ``value`` in hundredths, and its currency."""
        value = element.find("value")
        if value is None:
            self.fail(element, N_("The value is missing."))
            return None
        currency = (value.get("currency") or self.element.get("default-currency") or "").strip().upper()
        try:
            hundredths = Decimal(_text(value)).scaleb(2)
        except InvalidOperation:
            self.fail(value, N_("{value} is not an amount."), value=_text(value) or "—")
            return None
        if not hundredths.is_finite() or hundredths != hundredths.to_integral_value():
            self.fail(value, N_("{value} has more than two decimals."), value=_text(value))
            return None
        return int(hundredths), currency

    def _money(self) -> None:
        d = self.draft
        currencies: set[str] = set()
        periods: dict[tuple[str, str], dict[str, int]] = {}
        for budget in self.element.findall("budget"):
            self.place("budget", budget)
            found = self._amount(budget)
            if found is None:
                continue
            period = tuple(_attr(budget.find(n), "iso-date") for n in ("period-start", "period-end"))
            periods.setdefault(period, {})[budget.get("type", "1")] = found[0]  # type: ignore[index]
            currencies.add(found[1])
        if periods:
            d.budget = sum(kinds.get("2", kinds.get("1", 0)) for kinds in periods.values())
        costs = []
        for transaction in self.element.findall("transaction"):
            kind = transaction.find("transaction-type")
            if kind is None or kind.get("code") != EXPENDITURE:
                continue
            self.place("cost", transaction)
            found = self._amount(transaction)
            if found is not None:
                costs.append(found[0])
                currencies.add(found[1])
        if costs:
            d.cost = sum(costs)
        if "" in currencies:
            self.fail(self.element, N_("The amounts have no currency (IATI: default-currency or currency)."))
        currencies.discard("")
        if len(currencies) > 1:
            self.fail(self.element, N_("The amounts are in several currencies ({currencies}); tegdesk keeps one "
                                       "currency per activity."), currencies=", ".join(sorted(currencies)))
        default = (self.element.get("default-currency") or "").strip().upper()
        d.currency = next(iter(currencies), "") or default or "USD"

    def _links(self) -> None:
        paired: dict[str, ExternalLink] = {}
        links: list[ExternalLink] = []
        reporting = self.element.find("reporting-org")
        publisher = self._name(reporting) if reporting is not None else ""
        for other in self.element.findall("other-identifier"):
            self.place("links", other)
            owner = other.find("owner-org")
            system = (self._name(owner) or (owner.get("ref") or "")) if owner is not None else ""
            link = ExternalLink(system=system or publisher, external_id=(other.get("ref") or "").strip() or None)
            links.append(link)
            if other.get(f"{{{BSP_NS}}}link"):
                paired[other.get(f"{{{BSP_NS}}}link")] = link
        for document in self.element.findall("document-link"):
            number = document.get(f"{{{BSP_NS}}}link")
            categories = [c.get("code") for c in document.findall("category")]
            url = (document.get("url") or "").strip() or None
            title = document.find("title")
            system = self._name(title) if title is not None else ""
            if number and number in paired:
                paired[number].url = url
            elif number or LINK_DOCUMENT_CATEGORY in categories:
                self.place("links", document)
                links.append(ExternalLink(system=system or publisher, url=url))
            else:
                self.warn(document, N_("The document “{title}” is left out: tegdesk keeps links to activity pages "
                                       "in other databases (category A12), not documents."), title=system or url or "—")
        self.draft.links = links

    def _extension(self) -> None:
        d = self.draft
        extra = self.element.find(f"{{{BSP_NS}}}activity")
        if extra is None:
            return
        d.south_south = _text(extra.find(f"{{{BSP_NS}}}south-south")).lower() in ("true", "1")
        trained = extra.find(f"{{{BSP_NS}}}trained")
        for key in ("women", "men", "other"):
            value = trained.get(key) if trained is not None else None
            if value is not None:
                if value.isdigit():
                    setattr(d, f"trained_{key}", int(value))
                else:
                    self.fail(trained, N_("{value} is not a whole number of people."), value=value)
        d.results = _text(extra.find(f"{{{BSP_NS}}}results"))
        assessment = extra.find(f"{{{BSP_NS}}}assessment")
        if assessment is not None:
            d.assessment = _text(assessment)
            if assessment.get("date"):
                d.assessment_date = self._date(assessment, "date")
        d.agreements = [_text(a) for a in extra.findall(f"{{{BSP_NS}}}agreement") if _text(a)]


def _attr(element: ET.Element | None, name: str) -> str:
    return element.get(name, "") if element is not None else ""
