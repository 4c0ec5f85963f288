"""The cell values of an XLSX workbook's first worksheet, read lean and in small steps.

:func:`tegdesk.core.interchange.tables.read_table` reads every XLSX import through this
instead of openpyxl's read-only worksheet, for two reasons measured on a 10,000-row roster
(12 columns):

- **time**: openpyxl builds a descriptor-checked object for every inline or shared string
  (``Text.from_tree``) and, for a sheet whose ``<dimension>`` it does not trust, parses the
  whole sheet twice (once to size it); that was 1.9 s of a 3.0 s import. Here the sheet is
  parsed once by the C ``ElementTree`` parser, and Python touches each cell once: about
  0.25 s;
- **a live interface**: imports run in a worker thread (:mod:`tegdesk.ui.tasks`) that shares
  the GIL with the interface; the less Python the worker runs, the less often the interface
  waits for it. The file is inflated and parsed in 16 KiB steps (as openpyxl does), so no
  single C call holds the GIL for long (measured, with the collector paused as tasks pause it:
  none over 2 ms of processor time).

The values are those openpyxl gives with ``values_only=True, data_only=True`` (the import's
tests compare the two): ``None`` for an empty cell, text for shared, inline and formula
strings, ``int``/``float`` for numbers, ``bool``, and ``datetime`` (``date``/``time``/
``timedelta`` as openpyxl converts them) for a number in a date or duration format, in the
1900 or 1904 date system. A formula's cached value is read, never the formula. Missing rows
come back empty and missing cells as ``None``, so that row and column numbers stay true.
Only what reading values needs is parsed; anything else in the package is ignored.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import Element, XMLParser, XMLPullParser

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel, from_ISO8601

#: Bytes inflated and parsed in one step (see the module's doc).
CHUNK = 16 * 1024

_RELATIONSHIP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_OFFICE_DOCUMENT = "/officeDocument"
_WORKSHEET = "/worksheet"
_SHARED_STRINGS = "/sharedStrings"
_STYLES = "/styles"


class XlsxError(ValueError):
    """The file is not a workbook this reader understands (its text says why, in English)."""


def read_xlsx_rows(path: str | Path) -> list[list[Any]]:
    """Every row of the first worksheet of the workbook at ``path``, as lists of values."""
    try:
        with zipfile.ZipFile(path) as archive:
            return list(_Workbook(archive).rows())
    except (zipfile.BadZipFile, KeyError, SyntaxError, LookupError, ValueError) as exc:
        # SyntaxError: xml.etree.ElementTree.ParseError; KeyError: a part the package names is missing
        raise XlsxError(str(exc) or type(exc).__name__) from exc


#: SpreadsheetML's namespaces: transitional (what Excel and LibreOffice write) and strict.
_MAIN = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main")


def _tags(name: str) -> frozenset[str]:
    """``name`` in either namespace (or none), as ElementTree spells tags: compared as they come."""
    return frozenset({name, *(f"{{{ns}}}{name}" for ns in _MAIN)})


_ROW, _CELL, _VALUE, _INLINE, _TEXT, _RUN, _ITEM = (_tags(n) for n in ("row", "c", "v", "is", "t", "r", "si"))


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _events(source: IO[bytes], tags: frozenset[str]) -> Iterator[Element]:
    """Elements whose tag is in ``tags``, as each one ends, parsed a chunk at a time."""
    parser = XMLPullParser(events=("end",))
    while True:
        data = source.read(CHUNK)
        if not data:
            break
        parser.feed(data)
        for _event, element in parser.read_events():
            if element.tag in tags:
                yield element
    parser.close()
    for _event, element in parser.read_events():
        if element.tag in tags:
            yield element


def _text_of(element: Element) -> str:
    """A string item's text (``<si>`` or ``<is>``): its plain text and its runs, not its phonetic guide."""
    parts = []
    for child in element:
        if child.tag in _TEXT:
            parts.append(child.text or "")
        elif child.tag in _RUN:
            parts.extend(run_part.text or "" for run_part in child if run_part.tag in _TEXT)
    return "".join(parts)


def _column_number(reference: str) -> int:
    """``"AB12"`` -> 28."""
    number = 0
    for ch in reference:
        if "A" <= ch <= "Z":
            number = number * 26 + ord(ch) - 64
        elif "a" <= ch <= "z":
            number = number * 26 + ord(ch) - 96
        else:
            break
    return number


def _number(text: str) -> int | float:
    if "." in text or "E" in text or "e" in text:
        return float(text)
    try:
        return int(text)
    except ValueError:
        return float(text)  # "INF", "NaN" as some writers put them


class _Workbook:
    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        names = set(archive.namelist())
        book = next((target for type_, target in self._relations("", "_rels/.rels").values()
                     if type_.endswith(_OFFICE_DOCUMENT)), "xl/workbook.xml")
        folder = posixpath.dirname(book)
        rels = self._relations(folder, posixpath.join(folder, "_rels", posixpath.basename(book) + ".rels"))
        root = self._parse(book)
        self.epoch = WINDOWS_EPOCH
        self.sheet = None
        for element in root.iter():
            name = _local(element.tag)
            if name == "workbookPr" and element.get("date1904", "").lower() in ("1", "true"):
                self.epoch = MAC_EPOCH
            elif name == "sheet" and self.sheet is None:
                type_, target = rels.get(element.get(f"{{{_RELATIONSHIP_NS}}}id", ""), ("", ""))
                if type_.endswith(_WORKSHEET):
                    self.sheet = target
        if self.sheet is None or self.sheet not in names:
            raise XlsxError("the workbook has no worksheet")
        self.strings: list[str] = []
        self.date_styles: set[int] = set()
        self.duration_styles: set[int] = set()
        for type_, target in rels.values():
            if type_.endswith(_SHARED_STRINGS) and target in names:
                self.strings = self._shared_strings(target)
            elif type_.endswith(_STYLES) and target in names:
                self._styles(target)

    def _parse(self, name: str) -> Element:
        with self.archive.open(name) as source:
            parser = XMLParser()
            while data := source.read(CHUNK):
                parser.feed(data)
            return parser.close()

    def _relations(self, folder: str, name: str) -> dict[str, tuple[str, str]]:
        """A relationships part: id -> (type, path of the target inside the package)."""
        if name not in self.archive.namelist():
            return {}
        found = {}
        for element in self._parse(name).iter():
            if _local(element.tag) == "Relationship" and element.get("TargetMode") != "External":
                target = element.get("Target", "")
                target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                    posixpath.join(folder, target))
                found[element.get("Id", "")] = (element.get("Type", ""), target)
        return found

    def _shared_strings(self, name: str) -> list[str]:
        strings = []
        with self.archive.open(name) as source:
            for element in _events(source, _ITEM):
                strings.append(_text_of(element).replace("x005F_", ""))  # as openpyxl does
                element.clear()
        return strings

    def _styles(self, name: str) -> None:
        root = self._parse(name)
        custom: dict[int, str] = {}
        cell_formats: list[int] = []
        for element in root:
            name = _local(element.tag)
            if name == "numFmts":
                for fmt in element:
                    if _local(fmt.tag) == "numFmt":
                        custom[int(fmt.get("numFmtId", "0"))] = fmt.get("formatCode", "")
            elif name == "cellXfs":
                cell_formats = [int(xf.get("numFmtId", "0")) for xf in element if _local(xf.tag) == "xf"]
        for index, fmt_id in enumerate(cell_formats):
            fmt = custom.get(fmt_id, BUILTIN_FORMATS.get(fmt_id))
            if fmt is None:
                continue
            if is_date_format(fmt):
                self.date_styles.add(index)
            if is_timedelta_format(fmt):
                self.duration_styles.add(index)

    def rows(self) -> Iterator[list[Any]]:
        row_number = 0
        with self.archive.open(self.sheet) as source:
            for row in _events(source, _ROW):
                number = row.get("r")
                number = int(number) if number else row_number + 1
                while row_number + 1 < number:  # rows the file leaves out are empty
                    row_number += 1
                    yield []
                row_number = number
                yield self._values(row)
                row.clear()

    def _values(self, row: Element) -> list[Any]:
        values: list[Any] = []
        column = 0
        for cell in row:
            if cell.tag not in _CELL:
                continue
            reference = cell.get("r")
            column = _column_number(reference) if reference else column + 1
            value = self._value(cell)
            if value is None:
                continue
            if column > len(values):
                values.extend([None] * (column - len(values)))
            values[column - 1] = value
        return values

    def _value(self, cell: Element) -> Any:
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            for child in cell:
                if child.tag in _INLINE:
                    return _text_of(child)
            return None
        text = None
        for child in cell:
            if child.tag in _VALUE:
                text = child.text
                break
        if not text:
            return None
        if kind == "n":
            value = _number(text)
            style = int(cell.get("s") or 0)
            if style in self.date_styles:
                try:
                    return from_excel(value, self.epoch, timedelta=style in self.duration_styles)
                except (OverflowError, ValueError):
                    return "#VALUE!"  # as openpyxl: a date out of range reads as an error
            return value
        if kind == "s":
            return self.strings[int(text)]
        if kind == "b":
            return bool(int(text))
        if kind == "d":
            return from_ISO8601(text)
        return text  # "str" (a formula's text) and "e" (an error such as #N/A)
