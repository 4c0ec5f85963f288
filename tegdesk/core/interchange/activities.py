"""Import and export of activities, whatever the format: the one entry point of the command
line and the interface.

- :func:`import_activities` reads a ``.csv`` / ``.xlsx`` table
  (:mod:`~tegdesk.core.interchange.activities_table`) or an IATI ``.xml`` file
  (:mod:`~tegdesk.core.interchange.iati_import`), checks every activity by the activity
  rules, backs the database up and saves them all through
  :meth:`~tegdesk.core.services.activities.ActivityService.save_many` — or raises
  :class:`~tegdesk.core.interchange.tables.ImportFailed` with every problem, having written
  nothing.
- :func:`export_activities` writes what the activity list shows for an
  :class:`~tegdesk.core.activity_types.ActivityFilter`, in the list's order, as ``.csv``,
  ``.xlsx``, IATI ``.xml`` or the printed catalogue ``.pdf`` (by the file's extension),
  whole or not at all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tegdesk.core.activity_types import ActivityDraft, ActivityFilter
from tegdesk.core.errors import UserError
from tegdesk.core.i18n import N_
from tegdesk.core.interchange.tables import ImportFailed, RowError, format_of, write_bytes_atomically
from tegdesk.core.progress import Progress
from tegdesk.core.rules import Violation

IMPORT_FORMATS = (".csv", ".xlsx", ".xml")
EXPORT_FORMATS = (".csv", ".xlsx", ".xml", ".pdf")

DUPLICATE_ROW = N_("{identifier} is also the identifier in row {other}.")

#: Where a draft's violation is shown: its position, the draft field and the violation -> a RowError.
Locate = Callable[[Any, str, Violation], RowError]


@dataclass
class ImportSummary:
    """What an import saved: how many activities, the backup taken before, and what was worth a look
    (rules' warnings, parts of an IATI file tegdesk does not keep)."""

    count: int
    backup: Path | None
    warnings: list[RowError] = field(default_factory=list)


def _column_of(field_name: str, v: Violation) -> str:
    if field_name in ("titles", "descriptions") and v.params.get("language"):
        return f"{field_name[:-1]}_{v.params['language']}"
    return field_name


def table_locate(row: int, field_name: str, v: Violation) -> RowError:
    """A spreadsheet's place for a violation: the row and the column named like the draft's field."""
    return RowError(row, _column_of(field_name, v), v)


def save_drafts(store: Any, entries: Sequence[tuple[Any, ActivityDraft]], errors: list[RowError], *,
                locate: Locate = table_locate, failed: set[tuple[Any, str]] | None = None,
                warnings: Sequence[RowError] = (), backup: bool = True, duplicate: str = DUPLICATE_ROW,
                progress: Progress | None = None) -> ImportSummary:
    """Check ``entries`` (position, draft) by the activity rules, then save them all or none.

    ``errors`` are the problems found while reading (a cell that is no date); ``failed`` holds
    their (position, draft field), whose rules are not checked again (by default the errors' row
    and column). With any error, any rule broken, or an identifier given twice (``duplicate``
    says so, with ``{identifier}`` and the first place ``{other}``), :class:`ImportFailed` lists them all and nothing is written. Otherwise the
    database is backed up, then the drafts are saved in one transaction."""
    from tegdesk.core.activity_rules import ActivityReference, check_activity
    from tegdesk.core.services.activities import ActivityService
    from tegdesk.core.store.backup import make_backup

    progress = progress or Progress()
    failed = failed if failed is not None else {(e.row, e.column) for e in errors}
    errors = list(errors)
    found_warnings = list(warnings)
    with store.reader() as s:
        ref = ActivityReference.load(s)
    first: dict[str, Any] = {}
    for done, (where, draft) in enumerate(entries):
        progress(done, len(entries), N_("Checking activity {n} of {count}…"), n=done + 1, count=len(entries))
        for v in check_activity(draft, ref):
            if v.field == "iati_identifier" and not draft.iati_identifier.strip():
                continue  # left empty on purpose: the service proposes one
            if (where, v.field) in failed:
                continue  # its cell was wrong already: said once is enough
            (errors if v.is_error else found_warnings).append(locate(where, v.field or "", v))
        identifier = draft.iati_identifier.strip()
        if identifier and first.setdefault(identifier, where) != where:
            other = locate(first[identifier], "iati_identifier", Violation("", "", "")).row
            errors.append(locate(where, "iati_identifier", Violation("", "", duplicate, {
                "identifier": identifier, "other": other}, field="iati_identifier")))
    if errors:
        raise ImportFailed(sorted(errors, key=lambda e: e.row))
    if not entries:
        raise UserError(N_("The file holds no activity."))
    progress(0, 0, N_("Backing up the database…"))
    copy = make_backup(store.path, "pre-import") if backup else None
    progress(0, 0, N_("Writing {count} activities…"), count=len(entries))
    outcome = ActivityService(store).save_many([d for _, d in entries], first_row=0)
    if not outcome.ok:  # what only the file as a whole breaks (an identifier given twice)
        raise ImportFailed([locate(entries[v.params.get("row", 0)][0], v.field or "", v) for v in outcome.errors])
    return ImportSummary(count=len(entries), backup=copy, warnings=found_warnings)


def read_activities(path: str | Path) -> dict[str, Any]:
    """What :func:`import_activities` would be given by ``path``, read without checking the rules:
    ``entries``, ``errors`` and the other arguments of :func:`save_drafts` for its format."""
    path = Path(path)
    if not path.is_file():
        raise UserError(N_("There is no file {path}."), path=path)
    if path.suffix.lower() == ".xml":
        from tegdesk.core.interchange.iati_import import DUPLICATE_LINE, read_iati

        reading = read_iati(path)
        return {"entries": reading.entries, "errors": reading.errors, "locate": reading.locate,
                "failed": reading.failed, "warnings": reading.warnings, "duplicate": DUPLICATE_LINE}
    from tegdesk.core.interchange.activities_table import read_activity_table

    entries, errors = read_activity_table(path)
    return {"entries": entries, "errors": errors}


def import_activities(store: Any, path: str | Path, *, backup: bool = True,
                      progress: Progress | None = None) -> ImportSummary:
    """Import every activity of ``path`` (.csv, .xlsx or IATI .xml), or none (:class:`ImportFailed`)."""
    progress = progress or Progress()
    progress(0, 0, N_("Reading {name}…"), name=Path(path).name)
    reading = read_activities(path)
    return save_drafts(store, reading.pop("entries"), reading.pop("errors"), backup=backup, progress=progress,
                       **reading)


def selected_drafts(store: Any, f: ActivityFilter) -> list[ActivityDraft]:
    """The activities the list shows for ``f``, in its order, as drafts."""
    from tegdesk.core.activity_query import ActivityQuery
    from tegdesk.core.services.activities import ActivityService

    return ActivityService(store).drafts(ActivityQuery(store).ids(f))


@dataclass
class ExportResult:
    """A file written: where, how many activities it holds, and the activities left out with why
    (N_ templates and their parameters: the IATI file cannot hold an activity without a date)."""

    path: Path
    count: int
    left_out: list[tuple[str, dict[str, str]]] = field(default_factory=list)


def export_activities(store: Any, out_path: str | Path, f: ActivityFilter = ActivityFilter(), *,
                      lang: str = "en") -> ExportResult:
    """Write the activities ``f`` selects, in the list's order, to ``out_path`` (.csv, .xlsx, .xml
    or .pdf by its extension), whole or not at all."""
    out = Path(out_path)
    suffix = format_of(out, EXPORT_FORMATS)
    if suffix == ".pdf":
        from tegdesk.core.activity_query import ActivityQuery
        from tegdesk.core.documents.activity_catalogue import build_catalogue

        count = ActivityQuery(store).count(f)
        write_bytes_atomically(out, build_catalogue(store, f, lang))
        return ExportResult(out, count)
    drafts = selected_drafts(store, f)
    if suffix == ".xml":
        from tegdesk.core.interchange.iati_export import iati_export

        written = iati_export(drafts, reporting_org=reporting_organisation(store))
        write_bytes_atomically(out, written.content)
        return ExportResult(out, written.count, written.skipped)
    from tegdesk.core.interchange.activities_table import write_activity_table

    write_activity_table(drafts, out)
    return ExportResult(out, len(drafts))


def reporting_organisation(store: Any) -> dict[str, str]:
    """ESCAP as the reporting organisation: its IATI identifier, type and name as the database knows it."""
    from sqlmodel import select

    from tegdesk.core.activity_rules import ESCAP_IATI_REF
    from tegdesk.core.models import Organisation
    from tegdesk.core.services.activities import ESCAP

    with store.reader() as s:
        org = s.exec(select(Organisation).where(Organisation.iati_ref == ESCAP_IATI_REF,
                                                Organisation.deleted_at.is_(None))).first()
        if org is None:
            return {"ref": ESCAP["iati_ref"], "type": ESCAP["iati_type"], "name": ESCAP["name"]}
        return {"ref": org.iati_ref or ESCAP_IATI_REF, "type": org.iati_type or ESCAP["iati_type"], "name": org.name}
