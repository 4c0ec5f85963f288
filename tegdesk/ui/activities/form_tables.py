"""The small tables of the activity form: the organisations and their IATI roles (B3),
the recipient countries or regions with their shares, and the links to other agencies'
databases (B1).

An activity has a handful of each, so every cell is a real input widget (a line edit,
a combo box): the form's unsaved-changes check and its inline highlighting see them
like any other field. Shares are typed as the interface writes numbers ("33.5" in
English, "33,5" in French); the total is shown as the user types and turns red when
it is not 100.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from babel.numbers import NumberFormatError, format_decimal, parse_decimal
from PySide6.QtCore import QSignalBlocker, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from tegdesk.core.activity_types import ExternalLink, OrganisationRole, RecipientShare
from tegdesk.core.i18n import N_, Translator
from tegdesk.core.activity_labels import REGION_NAMES, ROLE_NAMES, region_name
from tegdesk.ui.activities.labels import Places, sort_key
from tegdesk.ui.language import select_row
from tegdesk.ui.roster.checked import ERROR_COLOUR
from tegdesk.ui.roster.widgets import SearchCombo

NOT_A_SHARE = N_("Enter each share as a number, e.g. {example}.")
NO_RECIPIENT = N_("Choose each recipient country or region from the list.")
NO_ORGANISATION = N_("Give each organisation's name.")


class ShareError(ValueError):
    def __init__(self, example: str):
        super().__init__(NOT_A_SHARE)
        self.example = example


def parse_share(tr: Translator, text: str) -> Decimal | None:
    """A percentage as typed in ``tr``'s number format ("33.5", "33,5 %"); None when empty."""
    text = text.strip().rstrip("%").strip()
    if not text:
        return None
    try:
        return parse_decimal(text, locale=tr.locale, strict=True)
    except (NumberFormatError, InvalidOperation):
        raise ShareError(format_decimal(Decimal("33.5"), locale=tr.locale)) from None


def format_share(tr: Translator, value: Decimal) -> str:
    return format_decimal(value, "#,##0.##", locale=tr.locale)


class RowsTable(QWidget):
    """A table of input widgets with Add and Remove buttons; ``changed`` after any edit."""

    changed = Signal()
    headers: tuple[str, ...] = ()
    stretch = 0  # the column that takes the table's spare width

    def __init__(self, tr: Translator, parent: QWidget | None = None):
        super().__init__(parent)
        self.tr = tr
        self.read_only = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.table = QTableWidget(0, len(self.headers))
        self.table.setHorizontalHeaderLabels([tr.gettext(h) for h in self.headers])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column in range(len(self.headers)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.stretch, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 14)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(tr.gettext("Add"))
        self.add_button.setObjectName("add_row")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(lambda _checked=False: self._add_clicked())
        self.remove_button = QPushButton(tr.gettext("Remove"))
        self.remove_button.setObjectName("remove_row")
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(lambda _checked=False: self.remove_row())
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        self.extra = buttons  # subclasses add a total or a note here
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self._update_buttons()

    # -- to implement ---------------------------------------------------------------
    def make_cells(self, value: Any) -> list[QWidget]:
        raise NotImplementedError

    # -- rows -------------------------------------------------------------------------
    def _add_clicked(self) -> None:
        row = self.add_row()
        select_row(self.table, row)
        first = self.table.cellWidget(row, 0)
        if first is not None:
            first.setFocus()
        self.changed.emit()

    def add_row(self, value: Any = None) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, widget in enumerate(self.make_cells(value)):
            widget.setEnabled(not self.read_only)
            self.table.setCellWidget(row, column, widget)
            self._connect(widget)
        self._update_buttons()
        return row

    def _connect(self, widget: QWidget) -> None:
        if isinstance(widget, QComboBox):
            widget.currentTextChanged.connect(lambda _t: self.changed.emit())
        elif isinstance(widget, QLineEdit):
            widget.textChanged.connect(lambda _t: self.changed.emit())

    def remove_row(self, row: int | None = None) -> None:
        if row is None:
            row = self.table.currentRow()
        if 0 <= row < self.table.rowCount():
            self.table.removeRow(row)
            self._update_buttons()
            self.changed.emit()

    def clear_rows(self) -> None:
        while self.table.rowCount():
            self.table.removeRow(0)
        self._update_buttons()

    def set_values(self, values: list[Any]) -> None:
        with QSignalBlocker(self):
            self.clear_rows()
            for value in values:
                self.add_row(value)

    def raw(self) -> tuple[tuple[str, ...], ...]:
        """Every cell's text as typed (to tell unsaved changes)."""
        return tuple(tuple(w.currentText() if isinstance(w, QComboBox) else w.text()
                           for w in (self.cell(row, c) for c in range(self.table.columnCount())))
                     for row in self.rows())

    def cell(self, row: int, column: int) -> Any:
        return self.table.cellWidget(row, column)

    def rows(self) -> range:
        return range(self.table.rowCount())

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        for row in self.rows():
            for column in range(self.table.columnCount()):
                widget = self.table.cellWidget(row, column)
                if widget is not None:
                    widget.setEnabled(not read_only)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.add_button.setEnabled(not self.read_only)
        self.remove_button.setEnabled(not self.read_only and self.table.currentRow() >= 0
                                      and self.table.rowCount() > 0)


def _line(text: str = "", name: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    edit.setFrame(False)
    if name:
        edit.setObjectName(name)
    return edit


class OrganisationsTable(RowsTable):
    """Who funds, is accountable for, extends and implements the activity (B3).

    A name typed as a known organisation's name or acronym fills its acronym and IATI
    identifier; the service matches organisations by identifier, then name or acronym."""

    headers = (N_("Organisation"), N_("Acronym"), N_("Role"), N_("IATI identifier"))

    def __init__(self, tr: Translator, known: list[Any], parent: QWidget | None = None):
        self.known = {}
        for org in known:
            for key in (org.name, org.acronym):
                if key:
                    self.known.setdefault(key.casefold(), org)
        self.words = QStringListModel(sorted({o.name for o in known} | {o.acronym for o in known if o.acronym},
                                             key=sort_key(tr)))
        super().__init__(tr, parent)
        self.setObjectName("organisations")
        self.table.setObjectName("organisations_table")

    def make_cells(self, value: OrganisationRole | None) -> list[QWidget]:
        value = value or OrganisationRole(name="", role="4")
        name = _line(value.name, "organisation_name")
        completer = QCompleter(self.words, name)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        name.setCompleter(completer)
        name.setProperty("iati_type", value.type or "")
        acronym = _line(value.acronym or "", "organisation_acronym")
        role = QComboBox()
        role.setObjectName("organisation_role")
        for code, label in ROLE_NAMES.items():
            role.addItem(self.tr.gettext(label), code)
        role.setCurrentIndex(max(0, role.findData(value.role)))
        ref = _line(value.ref or "", "organisation_ref")
        name.editingFinished.connect(lambda: self._known_chosen(name, acronym, ref))
        completer.activated.connect(lambda _text: self._known_chosen(name, acronym, ref))
        return [name, acronym, role, ref]

    def _known_chosen(self, name: QLineEdit, acronym: QLineEdit, ref: QLineEdit) -> None:
        org = self.known.get(name.text().strip().casefold())
        if org is None:
            return
        if name.text().strip() != org.name:
            name.setText(org.name)
        if not acronym.text().strip() and org.acronym:
            acronym.setText(org.acronym)
        if not ref.text().strip() and org.iati_ref:
            ref.setText(org.iati_ref)
        if not name.property("iati_type") and org.iati_type:
            name.setProperty("iati_type", org.iati_type)

    def values(self) -> list[OrganisationRole]:
        out = []
        for row in self.rows():
            name, acronym, role, ref = (self.cell(row, c) for c in range(4))
            if not (name.text().strip() or acronym.text().strip() or ref.text().strip()):
                continue  # an empty row added and left
            out.append(OrganisationRole(name=name.text().strip(), role=role.currentData(),
                                        ref=ref.text().strip() or None, type=name.property("iati_type") or None,
                                        acronym=acronym.text().strip() or None))
        return out

    def problems(self) -> list[str]:
        """Messages (msgids) for rows the service could not read."""
        if any(not v.name and not v.acronym for v in self.values()):
            return [NO_ORGANISATION]
        return []


class RecipientsTable(RowsTable):
    """The recipient countries and regions with their shares, and the total as it is typed."""

    headers = (N_("Country or region"), N_("Share (%)"))

    def __init__(self, tr: Translator, places: Places, parent: QWidget | None = None):
        collate = sort_key(tr)
        countries = sorted(places.countries.items(), key=lambda item: collate(item[1]))
        self.items: list[tuple[str, Any]] = [(f"{name} ({iso})", ("country", iso)) for iso, name in countries]
        self.items += [(f"{region_name(tr, code)} ({code})", ("region", code)) for code in REGION_NAMES]
        super().__init__(tr, parent)
        self.setObjectName("recipients")
        self.table.setObjectName("recipients_table")
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(1, 110)
        self.total_label = QLabel()
        self.total_label.setObjectName("recipients_total")
        self.extra.insertWidget(2, self.total_label)
        self.extra.insertSpacing(2, 16)
        self.changed.connect(self._show_total)
        self._show_total()

    def make_cells(self, value: RecipientShare | None) -> list[QWidget]:
        combo = SearchCombo()
        combo.setObjectName("recipient")
        combo.setFrame(False)
        combo.set_placeholder(self.tr.gettext("Type to search countries and regions"))
        current = None
        if value is not None:
            current = ("country", value.country) if value.country else ("region", value.region)
            if current not in [data for _t, data in self.items]:  # a code the lists do not have
                self.items.append((current[1] or "", current))
        combo.set_items(self.items, current)
        share = _line(format_share(self.tr, value.percentage) if value is not None else "", "percentage")
        share.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return [combo, share]

    def add_row(self, value: Any = None) -> int:
        row = super().add_row(value)
        if value is None and self.table.rowCount() == 1:
            self.cell(row, 1).setText(format_share(self.tr, Decimal(100)))  # one recipient: all of it
        return row

    def set_values(self, values: list[Any]) -> None:
        super().set_values(values)
        self._show_total()

    def shares(self) -> tuple[list[RecipientShare], list[str]]:
        """The recipients, and what could not be read (translated)."""
        out: list[RecipientShare] = []
        problems: list[str] = []
        for row in self.rows():
            combo, share = self.cell(row, 0), self.cell(row, 1)
            if not combo.currentText().strip() and not share.text().strip():
                continue
            chosen = combo.current_id()
            try:
                percentage = parse_share(self.tr, share.text())
            except ShareError as exc:
                problems.append(self.tr.gettext(NOT_A_SHARE, example=exc.example))
                percentage = None
            if chosen is None:
                problems.append(self.tr.gettext(NO_RECIPIENT))
                continue
            kind, code = chosen
            recipient = RecipientShare(country=code if kind == "country" else None,
                                       region=code if kind == "region" else None,
                                       percentage=percentage if percentage is not None else Decimal(0))
            out.append(recipient)
        return out, list(dict.fromkeys(problems))

    def total(self) -> Decimal | None:
        """The sum of the shares typed, None while one is not a number."""
        total = Decimal(0)
        for row in self.rows():
            try:
                value = parse_share(self.tr, self.cell(row, 1).text())
            except ShareError:
                return None
            total += value or 0
        return total

    def _show_total(self) -> None:
        total = self.total()
        text = format_share(self.tr, total) if total is not None else "—"
        self.total_label.setText(self.tr.gettext("Total: {total} %", total=text))
        wrong = self.table.rowCount() > 0 and total != 100
        self.total_label.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: bold;" if wrong else "")


class LinksTable(RowsTable):
    """The same activity in other agencies' and MEA secretariats' databases (B1)."""

    headers = (N_("Database"), N_("Address"), N_("External identifier"))
    stretch = 1

    def __init__(self, tr: Translator, parent: QWidget | None = None):
        super().__init__(tr, parent)
        self.setObjectName("links")
        self.table.setObjectName("links_table")
        header = self.table.horizontalHeader()
        for column, width in ((0, 150), (2, 170)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, width)

    def make_cells(self, value: ExternalLink | None) -> list[QWidget]:
        value = value or ExternalLink(system="")
        system = _line(value.system, "link_system")
        system.setPlaceholderText("GEF")
        url = _line(value.url or "", "link_url")
        url.setPlaceholderText("https://")
        external = _line(value.external_id or "", "link_external_id")
        return [system, url, external]

    def values(self) -> list[ExternalLink]:
        out = []
        for row in self.rows():
            system, url, external = (self.cell(row, c).text().strip() for c in range(3))
            if system or url or external:
                out.append(ExternalLink(system=system, url=url or None, external_id=external or None))
        return out
