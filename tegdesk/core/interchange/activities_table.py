"""Activities as a spreadsheet (CSV or XLSX): one row per activity, the same layout out and in.

Columns (:data:`COLUMNS`), in order:

``iati_identifier`` (empty on import: tegdesk proposes one), ``title``, ``title_zh``,
``title_fr``, ``title_ru``, ``title_es``, ``title_ar`` (the title in the other UN languages),
``description`` and ``description_<lang>`` likewise, ``level`` (national, subregional,
regional, global; required), ``status`` (IATI activity-status code 1-6, or its English name;
required),
``south_south`` (yes/no), ``planned_start``, ``planned_end``, ``actual_start``, ``actual_end``
(ISO dates), ``currency`` (ISO 4217), ``budget`` and ``cost`` (in the currency's units, a
decimal point and no thousands separator: ``12345.50``; ``5000`` yen), ``organisations``,
``recipients``, ``bsp_codes``, ``trained_women``, ``trained_men``, ``trained_other``,
``results``, ``assessment``, ``assessment_date``, ``agreements``, ``links``.

Lists sit in one cell, separated by semicolons:

- ``organisations``: ``UNEP (implementing); GEF (funding)``; the export adds what it knows of
  each organisation in square brackets, so that a new database learns it:
  ``United Nations Environment Programme [acronym=UNEP, ref=XM-DAC-41116, type=40] (implementing)``.
  Roles: funding, accountable, extending, implementing (or the IATI codes 1-4).
- ``recipients``: ``TH 60; VN 40`` (ISO alpha-2, alpha-3 or ESCAP's English name, then the share
  in per cent); a region by its IATI code: ``798 100``. A single recipient may omit its share.
- ``bsp_codes``: ``TA02; CC04``. ``agreements``: ``CBD; UNFCCC``.
- ``links``: ``system | address | identifier``, e.g. ``GEF | https://www.thegef.org/projects/10234 | 10234``
  (the address or the identifier may be left empty: ``GEF | | 10234``).

A semicolon or a bar inside a name is written ``\\;`` or ``\\|``.

On import every row becomes an :class:`~tegdesk.core.activity_types.ActivityDraft`; what a cell
cannot say (a date that is no date, an unknown role) is reported against its row and column,
and the drafts are checked by the activity rules (:mod:`tegdesk.core.activity_rules`) and saved
all together or not at all (:mod:`tegdesk.core.interchange.activities`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from tegdesk.core.activity_labels import STATUS_NAMES
from tegdesk.core.activity_types import ActivityDraft, ExternalLink, OrganisationRole, RecipientShare
from tegdesk.core.i18n import LANGUAGES, N_
from tegdesk.core.interchange.tables import RowError, read_table, row_error, write_csv, write_xlsx
from tegdesk.core.money import currency_decimals
from tegdesk.core.refdata import member_rows

#: The languages a title or description may have besides English (the rules accept these).
OTHER_LANGUAGES = [lang for lang in LANGUAGES if lang != "en"]

COLUMNS: list[str] = [
    "iati_identifier", "title", *(f"title_{lang}" for lang in OTHER_LANGUAGES),
    "description", *(f"description_{lang}" for lang in OTHER_LANGUAGES),
    "level", "status", "south_south", "planned_start", "planned_end", "actual_start", "actual_end",
    "currency", "budget", "cost", "organisations", "recipients", "bsp_codes",
    "trained_women", "trained_men", "trained_other", "results", "assessment", "assessment_date",
    "agreements", "links",
]
DATE_COLUMNS = ("planned_start", "planned_end", "actual_start", "actual_end", "assessment_date")
MONEY_COLUMNS = ("budget", "cost")
COUNT_COLUMNS = ("trained_women", "trained_men", "trained_other")
TABLE_FORMATS = (".csv", ".xlsx")

#: IATI OrganisationRole codes as the table writes them.
ROLE_WORDS = {"1": "funding", "2": "accountable", "3": "extending", "4": "implementing"}
_ROLE_CODES = {word: code for code, word in ROLE_WORDS.items()} | {code: code for code in ROLE_WORDS}
_STATUS_CODES = {name.casefold(): code for code, name in STATUS_NAMES.items()} | {c: c for c in STATUS_NAMES}
_YES = {"yes", "y", "true", "1", "x", "oui", "是"}
_NO = {"no", "n", "false", "0", "", "non", "否"}
_ORG_DETAILS = ("acronym", "ref", "type")

_ORGANISATION = re.compile(r"^(?P<name>.*?)\s*(?:\[(?P<details>[^\[\]]*)\])?\s*\((?P<role>[^()]*)\)$", re.S)
_RECIPIENT = re.compile(r"^(?P<who>.+?)(?:\s+(?P<share>[+-]?\d+(?:[.,]\d+)?)\s*%?)?$", re.S)
_AMOUNT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


# -- writing --------------------------------------------------------------------------------

def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace("|", "\\|")


def format_amount(value: int | None, currency: str | None) -> str:
    """Hundredths as decimal text in the currency's units: 1234550 USD -> ``12345.50``, 500000 JPY -> ``5000``
    (an amount finer than the currency allows keeps its two decimals: nothing is rounded away)."""
    if value is None:
        return ""
    units = Decimal(value).scaleb(-2)
    digits = currency_decimals(currency)
    exact = units.quantize(Decimal(1).scaleb(-digits))
    return str(exact if exact == units else units.quantize(Decimal("0.01")))


def format_share(value: Any) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def format_organisation(o: OrganisationRole) -> str:
    details = ", ".join(f"{key}={value}" for key, value in (("acronym", o.acronym), ("ref", o.ref), ("type", o.type))
                        if value)
    role = ROLE_WORDS.get(o.role, o.role)
    return f"{_escape(o.name)} [{details}] ({role})" if details else f"{_escape(o.name)} ({role})"


def format_recipient(r: RecipientShare) -> str:
    return f"{r.country or r.region or ''} {format_share(r.percentage)}"


def format_link(link: ExternalLink) -> str:
    parts = [_escape(link.system), _escape(link.url or ""), _escape(link.external_id or "")]
    while len(parts) > 1 and not parts[-1]:
        parts.pop()
    return " | ".join(parts)


def activity_record(d: ActivityDraft) -> dict[str, Any]:
    """One activity as a row (column -> text, date or Decimal)."""
    record: dict[str, Any] = {
        "iati_identifier": d.iati_identifier, "title": d.title, "description": d.description,
        "level": d.level, "status": d.status, "south_south": "yes" if d.south_south else "no",
        "currency": d.currency,
        "organisations": "; ".join(format_organisation(o) for o in d.organisations),
        "recipients": "; ".join(format_recipient(r) for r in d.recipients),
        "bsp_codes": "; ".join(d.bsp_codes),
        "results": d.results, "assessment": d.assessment,
        "agreements": "; ".join(_escape(a) for a in d.agreements),
        "links": "; ".join(format_link(link) for link in d.links),
    }
    for lang in OTHER_LANGUAGES:
        record[f"title_{lang}"] = d.titles.get(lang, "")
        record[f"description_{lang}"] = d.descriptions.get(lang, "")
    for name in DATE_COLUMNS:
        record[name] = getattr(d, name)
    for name in MONEY_COLUMNS:
        record[name] = format_amount(getattr(d, name), d.currency)
    for name in COUNT_COLUMNS:
        record[name] = getattr(d, name)
    return record


def write_activity_table(drafts: Sequence[ActivityDraft], path: str | Path) -> Path:
    """Write ``drafts`` to a CSV or XLSX file (by its extension), whole or not at all. In XLSX,
    dates are dates and amounts numbers; in CSV both are text."""
    out = Path(path)
    records = [activity_record(d) for d in drafts]
    if out.suffix.lower() == ".csv":
        return write_csv(records, COLUMNS, out)
    for record in records:
        for name in MONEY_COLUMNS:
            record[name] = Decimal(record[name]) if record[name] else None
    return write_xlsx(records, COLUMNS, out, sheet_title="Activities",
                      number_formats={name: "#,##0.00" for name in MONEY_COLUMNS})


# -- reading --------------------------------------------------------------------------------

def _split_escaped(text: str, separator: str) -> list[str]:
    """Split at ``separator`` where it is not escaped, keeping the escapes for :func:`_unescape`."""
    parts, current, i = [], [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            current.append(text[i:i + 2])
            i += 2
            continue
        if text[i] == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(text[i])
        i += 1
    parts.append("".join(current))
    return parts


def _unescape(text: str) -> str:
    return re.sub(r"\\([\\;|])", r"\1", text)


def split_list(text: str, separator: str = ";") -> list[str]:
    """The entries of a list cell, stripped, empty ones dropped; ``\\;`` is a literal semicolon."""
    return [_unescape(e).strip() for e in _split_escaped(text, separator) if e.strip()]


class _Row:
    """One data row being turned into a draft; problems are collected, not raised."""

    def __init__(self, number: int, cells: dict[str, str]):
        self.number = number
        self.cells = cells
        self.errors: list[RowError] = []

    def fail(self, column: str, message: str, **params: Any) -> None:
        self.errors.append(row_error(self.number, column, message, **params))

    def text(self, column: str) -> str:
        return self.cells.get(column, "")

    def date(self, column: str) -> dt.date | None:
        text = self.text(column)
        if not text:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            self.fail(column, N_("{value} is not a date in the form YYYY-MM-DD."), value=text)
            return None

    def count(self, column: str) -> int | None:
        text = self.text(column)
        if not text:
            return None
        if not text.isdigit():
            self.fail(column, N_("{value} is not a whole number of people."), value=text)
            return None
        return int(text)

    def amount(self, column: str) -> int | None:
        text = self.text(column).replace(" ", "").replace("\u00a0", "")
        if not text:
            return None
        if not _AMOUNT.match(text):
            self.fail(column, N_("{value} is not an amount: write it with a decimal point and no thousands "
                                 "separator (12345.50)."), value=self.text(column))
            return None
        hundredths = Decimal(text).scaleb(2)
        if hundredths != hundredths.to_integral_value():
            self.fail(column, N_("{value} has more than two decimals."), value=text)
            return None
        return int(hundredths)


def _members() -> dict[str, str]:
    """ISO alpha-2 of every member by alpha-2, alpha-3 and English name (case-insensitive)."""
    out: dict[str, str] = {}
    for m in member_rows():
        for key in (m["iso2"], m["iso3"], m["name"]):
            out[key.casefold()] = m["iso2"]
    return out


def _organisations(row: _Row) -> list[OrganisationRole]:
    found = []
    for entry in split_list(row.text("organisations")):
        match = _ORGANISATION.match(entry)
        if not match or not match.group("name"):
            row.fail("organisations", N_("{entry}: give the organisation and its role in brackets, e.g. "
                                         "UNEP (implementing)."), entry=entry)
            continue
        role = _ROLE_CODES.get(match.group("role").strip().casefold())
        if role is None:
            row.fail("organisations", N_("{role} is not a role: write funding, accountable, extending or "
                                         "implementing."), role=match.group("role").strip())
            continue
        details: dict[str, str] = {}
        for item in (match.group("details") or "").split(","):
            if not item.strip():
                continue
            key, _sep, value = item.partition("=")
            key = key.strip().lower()
            if key not in _ORG_DETAILS or not value.strip():
                row.fail("organisations", N_("{item}: in square brackets write acronym=…, ref=… or type=…."),
                         item=item.strip())
                continue
            details[key] = value.strip()
        found.append(OrganisationRole(name=match.group("name").strip(), role=role, ref=details.get("ref"),
                                      type=details.get("type"), acronym=details.get("acronym")))
    return found


def _recipients(row: _Row, members: dict[str, str]) -> list[RecipientShare]:
    entries = split_list(row.text("recipients"))
    found = []
    for entry in entries:
        match = _RECIPIENT.match(entry)
        who, share_text = match.group("who").strip(), match.group("share")  # the pattern matches any text
        if share_text is None:
            if len(entries) > 1:
                row.fail("recipients", N_("{recipient}: give its share in per cent, e.g. TH 60; VN 40."),
                         recipient=who)
                continue
            share_text = "100"
        share = Decimal(share_text.replace(",", "."))
        if who.isdigit():
            found.append(RecipientShare(region=who, percentage=share))
        else:  # an unknown country is left as written: the rules say it is no member
            found.append(RecipientShare(country=members.get(who.casefold(), who.upper()), percentage=share))
    return found


def _links(row: _Row) -> list[ExternalLink]:
    found = []
    for entry in _split_escaped(row.text("links"), ";"):
        if not entry.strip():
            continue
        parts = [_unescape(p).strip() for p in _split_escaped(entry, "|")]
        if len(parts) > 3:
            row.fail("links", N_("{entry}: a link is “system | address | identifier”."), entry=entry.strip())
            continue
        system, url, external_id = (parts + ["", ""])[:3]
        found.append(ExternalLink(system=system, url=url or None, external_id=external_id or None))
    return found


def row_draft(number: int, cells: dict[str, str], members: dict[str, str] | None = None
              ) -> tuple[ActivityDraft, list[RowError]]:
    """The draft a row describes, and what its cells cannot say (the rules are checked later)."""
    row = _Row(number, cells)
    members = members if members is not None else _members()
    south = row.text("south_south").casefold()
    if south not in _YES | _NO:
        row.fail("south_south", N_("{value}: write yes or no."), value=row.text("south_south"))
    status_text = row.text("status")
    status = _STATUS_CODES.get(status_text.casefold(), status_text)
    if not status_text:
        row.fail("status", N_("Give the status: an IATI activity status from 1 to 6, or its name "
                              "(Implementation)."))
    if not row.text("level"):
        row.fail("level", N_("Give the level: national, subregional, regional or global."))
    draft = ActivityDraft(
        iati_identifier=row.text("iati_identifier"), title=row.text("title"), description=row.text("description"),
        titles={lang: row.text(f"title_{lang}") for lang in _languages(cells, "title")
                if row.text(f"title_{lang}")},
        descriptions={lang: row.text(f"description_{lang}") for lang in _languages(cells, "description")
                      if row.text(f"description_{lang}")},
        level=row.text("level").lower(), status=status, south_south=south in _YES,
        currency=row.text("currency").upper(),
        results=row.text("results"), assessment=row.text("assessment"),
        agreements=split_list(row.text("agreements")),
        bsp_codes=[c.upper() for c in split_list(row.text("bsp_codes"))],
        organisations=_organisations(row), recipients=_recipients(row, members), links=_links(row))
    for name in DATE_COLUMNS:
        setattr(draft, name, row.date(name))
    for name in MONEY_COLUMNS:
        setattr(draft, name, row.amount(name))
    for name in COUNT_COLUMNS:
        setattr(draft, name, row.count(name))
    return draft, row.errors


def _languages(cells: dict[str, str], prefix: str) -> list[str]:
    return [column[len(prefix) + 1:] for column in cells if column.startswith(prefix + "_")]


_TRANSLATED = re.compile(r"^(title|description)_([a-z]{2,3})$")


def header_errors(header: list[str]) -> list[RowError]:
    """Columns the layout does not have (a typo would otherwise lose a column's content)."""
    found = []
    for column in header:
        if not column or column in COLUMNS:
            continue
        match = _TRANSLATED.match(column)
        if match and match.group(2) in OTHER_LANGUAGES:
            continue
        found.append(row_error(1, column, N_("Unknown column {column}; the columns are: {columns}."),
                               column=column, columns=", ".join(COLUMNS)))
    if not any(c in ("title", "iati_identifier") or _TRANSLATED.match(c or "") for c in header):
        found.append(row_error(1, "title", N_("The column {column} is missing."), column="title"))
    return found


def read_activity_table(path: str | Path) -> tuple[list[tuple[int, ActivityDraft]], list[RowError]]:
    """The drafts of a CSV or XLSX file with their row numbers, and every problem of its cells
    (a cell that cannot be read is left empty in its draft)."""
    header, rows = read_table(Path(path), unsupported=N_("{name}: activities are imported from .csv, .xlsx or "
                                                          ".xml (IATI) files."))
    errors = header_errors(header)
    if errors:
        return [], errors
    members = _members()
    drafts = []
    for number, cells in enumerate(rows, start=2):
        if not cells:
            continue
        draft, problems = row_draft(number, cells, members)
        errors.extend(problems)
        drafts.append((number, draft))
    return drafts, errors
