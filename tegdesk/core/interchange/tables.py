"""Spreadsheet files in and out, whatever they hold: the roster, the activities, the audit trail.

Reading (:func:`read_table`): a CSV file in UTF-8 (with or without the byte-order mark
Excel writes) or UTF-16 (Excel's "Unicode text"), separated by commas, semicolons (Excel
in French, Russian or Spanish settings) or tabs; or the first sheet of an XLSX workbook.
Headers are matched loosely (``Planned start`` is ``planned_start``). Every cell comes back
as stripped text (dates as ISO text), and the apostrophe :func:`csv_text` puts before a
would-be formula is taken off again, so that an exported file imports back unchanged.

Writing (:func:`write_csv`, :func:`write_xlsx`): CSV in UTF-8 with a byte-order mark (Excel
reads it as UTF-8); XLSX with typed cells (dates as dates, text always text). A text that
Excel would run as a formula is never one (OWASP's advice against CSV injection). Files are
written whole or not at all (:func:`atomic_output`).

A refused import is an :class:`ImportFailed` carrying every :class:`RowError` (row as a
spreadsheet numbers it, column, translated message).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import os
import re
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar
from unicodedata import east_asian_width

from tegdesk.core.documents.text import clean
from tegdesk.core.errors import UserError
from tegdesk.core.i18n import N_, NN_, Translator
from tegdesk.core.rules import Violation

# -- errors --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    row: int  # as a spreadsheet numbers it: the header is row 1
    column: str
    violation: Violation

    #: The refusal's summary when this is the first problem (see :class:`ImportFailed`), singular and plural.
    FIRST: ClassVar[tuple[str, str]] = NN_("Nothing was imported: {n} problem, in row {row}.",
                                           "Nothing was imported: {n} problems, the first in row {row}.")

    def text(self, tr: Translator) -> str:
        where = tr.gettext("Row {row}, column {column}", row=self.row, column=self.column or "—")
        return f"{where}: {self.violation.text(tr)}"


def row_error(row: int, column: str, message: str, /, **params: Any) -> RowError:
    """A problem of the input itself (not a rule), ``message`` an N_-marked template."""
    return RowError(row, column, Violation("", "", message, params, field=column))


class ImportFailed(UserError):
    """Nothing was imported; ``errors`` says why, row by row."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        singular, plural = type(errors[0]).FIRST
        super().__init__(singular if len(errors) == 1 else plural, n=len(errors), row=errors[0].row)

    def text(self, tr: Translator) -> str:
        """The summary in ``tr``'s language, in the plural form of the number of problems."""
        return tr.ngettext(*type(self.errors[0]).FIRST, len(self.errors), row=self.errors[0].row)

    def report(self, tr: Translator, limit: int | None = None) -> list[str]:
        shown = self.errors if limit is None else self.errors[:limit]
        lines = [e.text(tr) for e in shown]
        if limit is not None and len(self.errors) > limit:
            lines.append(tr.gettext("… and {count} more.", count=len(self.errors) - limit))
        return lines


# -- reading -------------------------------------------------------------------------------

_HEADER_SPACES = re.compile(r"[\s\-]+")


def header_key(text: str) -> str:
    """A column name as the importers match it: ``" Planned start "`` -> ``planned_start``."""
    return _HEADER_SPACES.sub("_", text.strip().lower())


def read_table(path: Path, *, unsupported: str = N_("{name}: the file must be .csv or .xlsx.")
               ) -> tuple[list[str], list[dict[str, str]]]:
    """The header (see :func:`header_key`) and the rows of a CSV or XLSX file, as stripped strings
    (dates as ISO text). A blank row is kept as ``{}`` so that row numbers stay true.
    ``unsupported`` is the message for another kind of file (placeholder ``{name}``)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise UserError(N_("There is no file {path}."), path=path)
    if suffix == ".csv":
        table = [[_unguard(cell) for cell in row] for row in _read_csv(path)]
    elif suffix in (".xlsx", ".xlsm"):
        table = _read_xlsx(path)
    else:
        raise UserError(unsupported, name=path.name)
    if not table or not any(str(c).strip() for c in table[0]):
        raise UserError(N_("{name} is empty."), name=path.name)
    header = [header_key(str(h)) for h in table[0]]
    rows = []
    for values in table[1:]:
        cells = [str(v).strip() for v in values]
        if not any(cells):
            rows.append({})
            continue
        rows.append({h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header) if h})
    return header, rows


def _decode(path: Path) -> str:
    raw = path.read_bytes()
    try:
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            return raw.decode("utf-16")
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError(N_("{name} is not UTF-8 text: save it as CSV UTF-8 and try again."), name=path.name) from exc


def _read_csv(path: Path) -> list[list[str]]:
    text = _decode(path)
    first = text.split("\n", 1)[0]
    # the separator is the one the header uses most: column names hold none of them
    delimiter = max((",", ";", "\t"), key=first.count)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise UserError(N_("{name} cannot be read as CSV: {reason}"), name=path.name, reason=exc) from exc


def _read_xlsx(path: Path) -> list[list[str]]:
    # not openpyxl's read-only worksheet: 3-4 times slower on a 10,000-row sheet (see xlsx_rows' doc)
    from tegdesk.core.interchange.xlsx_rows import XlsxError, read_xlsx_rows
    try:
        rows = read_xlsx_rows(path)
    except XlsxError as exc:
        raise UserError(N_("{name} cannot be read as an Excel workbook: {reason}"), name=path.name, reason=exc) from exc
    return [[_cell_text(v) for v in row] for row in rows]


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# -- writing -------------------------------------------------------------------------------

# Text Excel would run as a formula (also after apostrophes, so that guarding can be undone
# exactly); a plain number such as "+66 2 288 1234" or "-5" is left alone.
_FORMULA = re.compile(r"^'*[=+\-@\t\r]")
_NUMBER_LIKE = re.compile(r"^[+\-]?[\d\s().\-/]*\d[\d\s().\-/]*$")
_DATE_FORMAT = "yyyy-mm-dd"


def _needs_guard(text: str) -> bool:
    return bool(_FORMULA.match(text)) and not _NUMBER_LIKE.match(text)


def _unguard(cell: str) -> str:
    """Undo :func:`csv_text`'s apostrophe (and only that one)."""
    return cell[1:] if cell.startswith("'") and _needs_guard(cell[1:]) else cell


def csv_text(value: Any) -> str:
    """A value as CSV text: dates ISO, never a formula (a leading apostrophe, as OWASP advises)."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    text = clean(value)
    return "'" + text if _needs_guard(text) else text


@contextlib.contextmanager
def atomic_output(path: str | Path) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; renamed over ``path`` when the block ends
    well, removed otherwise: an existing file is never left half overwritten."""
    out = Path(path)
    folder = out.parent if str(out.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=folder)
    os.close(fd)
    try:
        yield Path(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_bytes_atomically(path: str | Path, content: bytes) -> Path:
    with atomic_output(path) as tmp:
        tmp.write_bytes(content)
    return Path(path)


def write_csv(records: Sequence[dict[str, Any]], columns: Sequence[str], path: str | Path) -> Path:
    """A CSV file in UTF-8 with a byte-order mark (Excel reads it as UTF-8), header first."""
    out = Path(path)
    with atomic_output(out) as tmp, tmp.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        for record in records:
            writer.writerow([csv_text(record.get(c)) for c in columns])
    return out


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, str):
        return clean(value) or None
    return value


def _display_width(text: str) -> int:
    """Characters a spreadsheet column needs: Chinese characters take two."""
    return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in text)


def write_xlsx(records: Sequence[dict[str, Any]], columns: Sequence[str], path: str | Path, *,
               sheet_title: str = "Roster", help_sheet: tuple[str, list[list[str]]] | None = None,
               number_formats: dict[str, str] | None = None) -> Path:
    """An XLSX workbook: bold frozen header, fitted column widths, dates as dates, text always text.
    ``number_formats`` gives the format of a column's numbers (column -> Excel format)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title
    ws.append(list(columns))
    bold = Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
    widths = [len(c) for c in columns]
    formats = [(number_formats or {}).get(c) for c in columns]
    for record in records:
        values = [_xlsx_value(record.get(c)) for c in columns]
        ws.append(values)
        row = ws.max_row
        for i, value in enumerate(values):
            if isinstance(value, str):
                if value.startswith("="):
                    ws.cell(row=row, column=i + 1).data_type = "s"  # text, not a formula
                widths[i] = max(widths[i], min(_display_width(value), 60))
            elif isinstance(value, dt.date):
                ws.cell(row=row, column=i + 1).number_format = _DATE_FORMAT
                widths[i] = max(widths[i], 10)
            elif value is not None and formats[i]:
                ws.cell(row=row, column=i + 1).number_format = formats[i]
                widths[i] = max(widths[i], len(str(value)) + 3)
    for i in range(len(columns)):
        ws.column_dimensions[get_column_letter(i + 1)].width = widths[i] + 2
    ws.freeze_panes = "A2"
    if records:
        ws.auto_filter.ref = ws.dimensions
    if help_sheet is not None:
        title, lines = help_sheet
        sheet = wb.create_sheet(title)
        for line in lines:
            sheet.append(line)
        sheet["A1"].font = Font(bold=True, size=13)
        wrap = Alignment(wrap_text=True, vertical="top")
        for help_row in sheet.iter_rows(min_row=2):
            for cell in help_row:
                cell.alignment = wrap
        for letter, width in zip("ABCD", (18, 12, 70, 40), strict=True):
            sheet.column_dimensions[letter].width = width
    with atomic_output(path) as tmp:
        wb.save(tmp)
    return Path(path)


def format_of(path: Path, allowed: Sequence[str]) -> str:
    """``path``'s extension, which must be one of ``allowed``."""
    suffix = path.suffix.lower()
    if suffix not in allowed:
        raise UserError(N_("tegdesk cannot write {name}: choose a file name ending in {formats}."),
                        name=path.name, formats=", ".join(allowed))
    return suffix
