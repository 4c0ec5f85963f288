"""Roster export: PDF, CSV (UTF-8 with BOM, for Excel) or XLSX, chosen by the file's extension.

The CSV and XLSX files use the column names of the import format
(:data:`~tegdesk.core.interchange.roster_import.ROSTER_COLUMNS`: ``member`` as
ISO alpha-3, names, ``term_start``/``term_end`` as dates, ``areas`` as
semicolon-separated BSP codes), then informative columns (:data:`INFO_COLUMNS`:
the member's name, subregion, term number, status and Bureau office, in the
export's language). ``email`` and ``phone`` are left out unless asked for.
With ``informative=False`` the file holds only import columns.

The rows are those of the PDF (:func:`~tegdesk.core.documents.roster_labels.select_rows`):
the terms serving on the date, or every term with ``include_past``; in the
same order (subregion, member, family name).

XLSX cells are typed: dates are real dates, numbers numbers, and text is
always text (a name starting with ``=`` is never a formula). In CSV, a text
that Excel would run as a formula (starting with ``=``, ``+``, ``-`` or ``@``,
except a plain number such as ``+66 2 288 1234``) is written with a leading
apostrophe, as OWASP advises against CSV injection.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

from sqlmodel import select

from tegdesk.core.documents.roster_labels import STATUS_NAMES, SUBREGION_NAMES, select_rows
from tegdesk.core.i18n import N_, Translator, translator
from tegdesk.core.interchange.roster_import import IGNORED_COLUMNS, REQUIRED_COLUMNS, ROSTER_COLUMNS
from tegdesk.core.interchange.tables import format_of as _format_of
from tegdesk.core.interchange.tables import atomic_output, write_csv, write_xlsx
from tegdesk.core.models import Expert, MemberState
from tegdesk.core.progress import Progress
from tegdesk.core.rules import OFFICE_NAMES
from tegdesk.core.services.roster import RosterService

CONTACT_COLUMNS = ("email", "phone")
INFO_COLUMNS = IGNORED_COLUMNS  # informative: the import skips them
FORMATS = (".pdf", ".csv", ".xlsx")

#: What to enter in each import column (the template's instructions sheet).
COLUMN_HELP = {
    "member": N_("The nominating member or associate member: its ISO 3166 alpha-3 code (THA); "
                 "the alpha-2 code (TH) or the English short name (Thailand) also work."),
    "family_name": N_("Family name."),
    "given_names": N_("Given names."),
    "honorific": N_("Mr., Ms., Dr. ..."),
    "title": N_("Job title."),
    "organization": N_("The organization the expert works for."),
    "email": N_("E-mail address."),
    "phone": N_("Telephone number, with the country code."),
    "gender": N_("female, male or other; empty if not known."),
    "term_start": N_("First day of the term, as a date (YYYY-MM-DD)."),
    "term_end": N_("Last day of the term (YYYY-MM-DD); empty for a full term under the terms of reference."),
    "areas": N_("BSP codes of the expert's areas, separated by semicolons: CC01;TA05."),
}
_EXAMPLE = {"member": "THA", "family_name": "Srisuk", "given_names": "Malee", "honorific": "Ms.",
            "title": "Director", "organization": "Ministry of Natural Resources and Environment",
            "email": "malee@example.org", "phone": "+66 2 123 4567", "gender": "female",
            "term_start": "2025-03-01", "term_end": "", "areas": "CC01;TA05"}


def export_columns(*, with_contacts: bool = False, informative: bool = True) -> list[str]:
    """The columns of an export, in order."""
    columns = [c for c in ROSTER_COLUMNS if with_contacts or c not in CONTACT_COLUMNS]
    return columns + INFO_COLUMNS if informative else columns


def roster_records(store: Any, *, lang: str = "en", as_of: dt.date, with_contacts: bool = False,
                   include_past: bool = False, informative: bool = True,
                   body_code: str = "TEG") -> list[dict[str, Any]]:
    """The roster as records (column -> ``str``, ``int``, ``datetime.date`` or ``None``)."""
    tr = translator(lang)
    service = RosterService(store, body_code)
    rows = select_rows(service.rows(as_of), include_past=include_past)
    with store.session() as s:
        members = {m.id: m for m in s.exec(select(MemberState)).all()}
        people: dict[uuid.UUID, tuple[str | None, list[str]]] = {
            e_id: (gender, list(areas or ())) for e_id, gender, areas in
            s.exec(select(Expert.id, Expert.gender, Expert.areas)).all()}
    columns = export_columns(with_contacts=with_contacts, informative=informative)
    comma = tr.gettext(", ")
    records = []
    for row in rows:
        gender, areas = people.get(row.expert_id, (None, []))
        member = members.get(row.member_id)
        record: dict[str, Any] = {
            "member": row.member_iso3,
            "family_name": row.family_name,
            "given_names": row.given_names,
            "honorific": row.honorific,
            "title": row.title,
            "organization": row.organization,
            "email": row.email,
            "phone": row.phone,
            "gender": gender or "",
            "term_start": row.start_date,
            "term_end": row.end_date,
            "areas": ";".join(areas),
            "member_name": (row.member if tr.lang == "en" or member is None else tr.territory(member.iso2)),
            "subregion": tr.gettext(SUBREGION_NAMES[row.subregion]) if row.subregion in SUBREGION_NAMES
            else row.subregion,
            "term_number": row.term_number,
            "status": tr.gettext(STATUS_NAMES.get(row.status, row.status)),
            "office": comma.join(tr.gettext(OFFICE_NAMES.get(o, o)) for o in row.offices),
        }
        records.append({c: record[c] for c in columns})
    return records


def template_help(tr: Translator) -> list[list[str]]:
    """The rows of the template's instructions sheet, in ``tr``'s language."""
    lines = [
        [tr.gettext("How to fill in the roster import template")],
        [tr.gettext("One row per term. Several rows for the same person (same member, family name and "
                    "given names) are that expert's terms, oldest first.")],
        [tr.gettext("The import is all or nothing: if any row breaks a rule of the terms of reference, "
                    "nothing is imported and every problem is listed by row and column.")],
        [],
        [tr.gettext("Column"), tr.gettext("Required"), tr.gettext("What to enter"), tr.gettext("Example")],
    ]
    for column in ROSTER_COLUMNS:
        lines.append([column, tr.gettext("yes") if column in REQUIRED_COLUMNS else "",
                      tr.gettext(COLUMN_HELP[column]) if column in COLUMN_HELP else "", _EXAMPLE.get(column, "")])
    return lines


def write_template(path: str | Path, *, lang: str = "en") -> Path:
    """A blank import template: the import columns only; an XLSX adds a sheet of instructions."""
    out = Path(path)
    suffix = _format_of(out, (".csv", ".xlsx"))
    if suffix == ".csv":
        return write_csv([], ROSTER_COLUMNS, out)
    tr = translator(lang)
    return write_xlsx([], ROSTER_COLUMNS, out, help_sheet=(tr.gettext("Instructions"), template_help(tr)))


def export_roster(store: Any, out_path: str | Path, *, lang: str = "en", as_of: dt.date,
                  with_contacts: bool = False, include_past: bool = False, informative: bool = True,
                  body_code: str = "TEG", progress: Progress | None = None) -> Path:
    """Export the roster to ``out_path``; ``.pdf``, ``.csv`` or ``.xlsx`` decides the format.

    The file is written whole or not at all (a temporary file beside it, renamed at the end);
    ``progress`` is told of each step and stops the export (:class:`~tegdesk.core.progress.Cancelled`)
    before the file is in place: an existing file stays as it was."""
    progress = progress or Progress()
    out = Path(out_path)
    suffix = _format_of(out, FORMATS)
    progress(0, 2)
    with atomic_output(out) as tmp:
        if suffix == ".pdf":
            from tegdesk.core.documents.roster_pdf import export_roster_pdf

            export_roster_pdf(store, tmp, lang=lang, as_of=as_of, with_contacts=with_contacts,
                              include_past=include_past, body_code=body_code)
        else:
            records = roster_records(store, lang=lang, as_of=as_of, with_contacts=with_contacts,
                                     include_past=include_past, informative=informative, body_code=body_code)
            progress(1, 2)
            columns = export_columns(with_contacts=with_contacts, informative=informative)
            (write_csv if suffix == ".csv" else write_xlsx)(records, columns, tmp)
        progress.check()
    return out
