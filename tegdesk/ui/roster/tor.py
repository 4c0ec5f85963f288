"""The terms of reference and their versions (R10), from the roster page.

:class:`TorDialog` shows every version of the body's ToR side by side, one
column per version and one row per parameter, read-only: a version, once
adopted, is never edited. :class:`AmendDialog` adds a version through
:meth:`RosterService.amend_tor <tegdesk.core.services.roster.RosterService.amend_tor>`,
starting from the latest version's parameters; the rules check it as the user
types (an effective date not after the latest version's is refused, R10).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tegdesk.core.i18n import N_, Translator
from tegdesk.core.models import TorVersion
from tegdesk.core.rules import OFFICE_NAMES, ONE_DAY
from tegdesk.core.services.roster import Outcome, RosterService
from tegdesk.ui.dialogs import open_dialog
from tegdesk.ui.roster.checked import CheckedDialog, section_label
from tegdesk.ui.roster.names import offices_text
from tegdesk.ui.roster.widgets import DateEdit, InfoLabel

NO_LIMIT = N_("No limit")
NOT_SET = N_("Not set")

#: The parameters an amendment may change: attribute, label, tooltip, what "None" means (None: a
#: value is required), the smallest and largest value. The offices are a separate row.
PARAMETERS: list[tuple[str, str, str, str | None, int, int]] = [
    ("experts_per_member", N_("Experts per member"),
     N_("Experts a member or associate member may have serving at the same time (rule R1)"), NO_LIMIT, 1, 99),
    ("term_years", N_("Term (years)"), N_("The length of an expert's term (rule R3)"), None, 1, 20),
    ("max_consecutive_terms", N_("Consecutive terms at most"),
     N_("Terms an expert may serve in a row (rule R3)"), NO_LIMIT, 1, 20),
    ("consecutive_gap_days", N_("Consecutive gap (days)"),
     N_("A gap between two terms shorter than this many days still counts as consecutive (rule R3)"),
     None, 0, 36500),
    ("office_term_years", N_("Office term (years)"),
     N_("How long a Chair or Vice-Chair holds office (rule R5)"), None, 1, 20),
    ("meeting_interval_months", N_("Meeting interval (months)"),
     N_("Longest interval between two meetings before a warning (rule R7)"), NO_LIMIT, 1, 60),
    ("nomination_lead_days", N_("Nomination lead time (days)"),
     N_("Nominations are solicited this many days before the first meeting (rule R11)"), NOT_SET, 1, 365),
]
PARAMETER_NAMES = [p[0] for p in PARAMETERS]
#: The rows of the versions table, in order: (key, label).
ROWS: list[tuple[str, str]] = [
    ("effective_date", N_("Effective date")), ("adopted_by", N_("Adopted by")),
    *[(p[0], p[1]) for p in PARAMETERS[:4]], ("bureau_offices", N_("Bureau offices")),
    *[(p[0], p[1]) for p in PARAMETERS[4:]],
]


def in_force(versions: list[TorVersion], day: dt.date) -> TorVersion | None:
    current = None
    for tor in sorted(versions, key=lambda t: t.effective_date):
        if tor.effective_date <= day:
            current = tor
    return current


def value_text(tr: Translator, tor: TorVersion, key: str) -> str:
    value = getattr(tor, key)
    if key == "effective_date":
        return tr.date(value)
    if key == "adopted_by":
        return value or ""
    if key == "bureau_offices":
        return offices_text(tr, value) if value else tr.gettext("None")
    if value is None:
        meaning = next((p[3] for p in PARAMETERS if p[0] == key), None)
        return tr.gettext(meaning or NOT_SET)
    return tr.number(value)


class TorDialog(QDialog):
    """Every version of the body's terms of reference, read-only, and "Amend…"."""

    amended = Signal()

    def __init__(self, service: RosterService, tr: Translator, *, read_only: bool = False,
                 parent: QWidget | None = None):
        super().__init__(parent)
        _ = tr.gettext
        self.service = service
        self.tr = tr
        self.read_only = read_only
        self.dialog: AmendDialog | None = None  # the amendment opened last (kept for tests)
        self.versions: list[TorVersion] = []
        self._shown = False
        self.setObjectName("tor_dialog")
        self.setWindowTitle(_("Terms of reference"))
        self.setSizeGripEnabled(True)

        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        intro = InfoLabel(_("Each amendment adds a version in force from its effective date; every decision is "
                            "checked against the version in force on its date (terms of reference, paragraph 12). "
                            "A version, once adopted, is never changed."))
        intro.setObjectName("intro")
        layout.addWidget(intro)
        self.table = QTableWidget()
        self.table.setObjectName("tor_versions")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setHighlightSections(False)
        rows = self.table.verticalHeader()
        rows.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        rows.setHighlightSections(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        rows.setMinimumSectionSize(self.fontMetrics().height() + 10)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.sectionResized.connect(lambda *_args: self._fit_rows())
        layout.addWidget(self.table)
        layout.addStretch(1)

        buttons = QHBoxLayout()
        self.amend_button = QPushButton(_("Amend…"))
        self.amend_button.setObjectName("amend")
        self.amend_button.setToolTip(_("Adopt an amendment: a new version from a later date"))
        self.amend_button.setAutoDefault(False)
        self.amend_button.setEnabled(not read_only)
        self.amend_button.clicked.connect(lambda: self.amend())
        buttons.addWidget(self.amend_button)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        close.rejected.connect(self.reject)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.refresh()
        self.resize(max(680, min(1100, 320 + 280 * len(self.versions))), self.sizeHint().height())

    def refresh(self) -> None:
        tr, _ = self.tr, self.tr.gettext
        self.versions = self.service.tor_versions()
        current = in_force(self.versions, dt.date.today())
        self.table.clear()
        self.table.setRowCount(len(ROWS))
        self.table.setColumnCount(len(self.versions))
        self.table.setVerticalHeaderLabels([_(label) for _key, label in ROWS])
        headers = []
        for tor in self.versions:
            text = _("Version {number}", number=tr.number(tor.version))
            if current is not None and tor.id == current.id:
                text = _("{version} (in force)", version=text)
            headers.append(text)
        self.table.setHorizontalHeaderLabels(headers)
        tips = {p[0]: _(p[2]) for p in PARAMETERS}
        bold = QFont(self.table.font())
        bold.setBold(True)
        for c, tor in enumerate(self.versions):
            previous = self.versions[c - 1] if c else None
            for r, (key, label) in enumerate(ROWS):
                item = QTableWidgetItem(value_text(tr, tor, key))
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
                item.setToolTip(tips.get(key, ""))
                if previous is not None and key not in ("effective_date", "adopted_by") \
                        and getattr(previous, key) != getattr(tor, key):
                    item.setFont(bold)  # what the amendment changed
                    item.setToolTip(_("Changed by this version") + ("\n" + tips[key] if key in tips else ""))
                self.table.setItem(r, c, item)
        for r, (key, _label) in enumerate(ROWS):
            head = self.table.verticalHeaderItem(r)
            if head is not None and key in tips:
                head.setToolTip(tips[key])
        self._fit_rows()

    def _fit_rows(self) -> None:
        """Rows as tall as their wrapped text at the columns' widths; the table as tall as its rows."""
        self.table.resizeRowsToContents()
        height = self.table.horizontalHeader().sizeHint().height() + 2 * self.table.frameWidth() + 2
        height += sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        self.table.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit_rows()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self._fit_rows()
        if not self._shown:  # the rows' final heights are known now: no empty band under the table
            self._shown = True
            self.layout().activate()
            self.resize(self.width(), self.sizeHint().height())

    def version_numbers(self) -> list[int]:
        return [t.version for t in self.versions]

    def cell(self, key: str, version: int) -> str:
        """The text shown for parameter ``key`` of ``version`` (for tests)."""
        r = [k for k, _label in ROWS].index(key)
        c = self.version_numbers().index(version)
        return self.table.item(r, c).text()

    def amend(self) -> AmendDialog | None:
        if not self.versions or self.read_only:
            return None
        return open_dialog(self, AmendDialog(self.service, self.tr, self.versions[-1], self),  # type: ignore
                           self._amended)

    def _amended(self) -> None:
        self.refresh()
        self.amended.emit()


class _LimitSpin(QSpinBox):
    """A whole number, or (at its lowest step) "No limit" / "Not set" for None."""

    def __init__(self, tr: Translator, minimum: int, maximum: int, none_text: str | None):
        super().__init__()
        self.none_text = none_text
        self.setRange(minimum - 1 if none_text else minimum, maximum)
        if none_text:
            self.setSpecialValueText(tr.gettext(none_text))
        self.setMinimumWidth(110)
        self.setAlignment(Qt.AlignmentFlag.AlignRight)

    def value_or_none(self) -> int | None:
        if self.none_text and self.value() == self.minimum():
            return None
        return self.value()

    def set_value(self, value: int | None) -> None:
        self.setValue(self.minimum() if value is None else value)


class AmendDialog(CheckedDialog):
    """A new version of the terms of reference, from a later date (R10); the latest is prefilled."""

    def __init__(self, service: RosterService, tr: Translator, latest: TorVersion, parent: QWidget | None = None):
        super().__init__(service, tr, parent)
        _ = tr.gettext
        self.latest = latest
        self.setObjectName("amend_dialog")
        self.setWindowTitle(_("Amend the terms of reference"))
        self.intro.setText(_("The amendment becomes version {number}. It starts from version {latest}, in force "
                             "since {date}: change what the amendment changes. Earlier versions stay as they are, "
                             "and earlier decisions keep the terms of reference of their date.",
                             number=tr.number(latest.version + 1), latest=tr.number(latest.version),
                             date=tr.date(latest.effective_date)))
        self.intro.show()
        self.effective = DateEdit(max(dt.date.today(), latest.effective_date + ONE_DAY))
        self.effective.setObjectName("effective_date")
        self.form.addRow(_("Effective date:"), self.effective)
        self.adopted_by = QLineEdit()
        self.adopted_by.setObjectName("adopted_by")
        self.adopted_by.setPlaceholderText(_("e.g. Committee on Environment and Development, eighth session"))
        self.form.addRow(_("Adopted by:"), self.adopted_by)
        self.form.addRow(section_label(_("Parameters")))
        self.spins: dict[str, _LimitSpin] = {}
        for key, label, tip, none_text, low, high in PARAMETERS:
            spin = _LimitSpin(tr, low, high, none_text)
            spin.setObjectName(key)
            spin.set_value(getattr(latest, key))
            spin.setToolTip(_(tip))
            spin.valueChanged.connect(self.edited)
            self.spins[key] = spin
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(spin)
            line.addStretch(1)
            self.form.addRow(_("{parameter}:", parameter=_(label)), row)
            if key == "consecutive_gap_days":
                self._add_offices(latest)
        self.effective.dateChanged.connect(self.edited)
        self.adopted_by.textChanged.connect(self.edited)
        self.resize(600, self.sizeHint().height())
        self.check()
        self.effective.setFocus()

    def _add_offices(self, latest: TorVersion) -> None:
        _ = self.tr.gettext
        self.offices = QWidget()
        self.offices.setObjectName("bureau_offices")
        line = QHBoxLayout(self.offices)
        line.setContentsMargins(0, 0, 0, 0)
        self.office_boxes: dict[str, QCheckBox] = {}
        codes = list(OFFICE_NAMES) + [c for c in latest.bureau_offices if c not in OFFICE_NAMES]
        for code in codes:
            box = QCheckBox(_(OFFICE_NAMES.get(code, code)))
            box.setObjectName(f"office_{code}")
            box.setChecked(code in latest.bureau_offices)
            box.toggled.connect(self.edited)
            self.office_boxes[code] = box
            line.addWidget(box)
        line.addStretch(1)
        self.form.addRow(_("{parameter}:", parameter=_("Bureau offices")), self.offices)

    def changes(self) -> dict[str, Any]:
        values: dict[str, Any] = {key: spin.value_or_none() for key, spin in self.spins.items()}
        values["bureau_offices"] = [code for code, box in self.office_boxes.items() if box.isChecked()]
        return values

    def perform(self, save: bool) -> Outcome:
        return self.service.amend_tor(effective_date=self.effective.date_value(),
                                      adopted_by=self.adopted_by.text().strip(), save=save, **self.changes())

    def fields(self) -> dict[str, QWidget]:
        return {**self.spins, "effective_date": self.effective, "adopted_by": self.adopted_by,
                "bureau_offices": self.offices}

    def show_preview(self, outcome: Outcome) -> None:
        new = outcome.record
        if new is None or outcome.errors:
            self.preview.hide()
            return
        tr, _ = self.tr, self.tr.gettext
        labels: dict[str, str] = dict(ROWS)
        changed = [_("{parameter}: {old} → {new}", parameter=_(labels[key]), old=value_text(tr, self.latest, key),
                     new=value_text(tr, new, key))
                   for key in PARAMETER_NAMES[:4] + ["bureau_offices"] + PARAMETER_NAMES[4:]
                   if getattr(self.latest, key) != getattr(new, key)]
        text = _("Version {number} would be in force from {date}.", number=tr.number(new.version),
                 date=tr.date(new.effective_date))
        if changed:
            text += "\n" + "\n".join(f"• {line}" for line in changed)
        else:
            text += " " + _("It changes no parameter of version {latest}.", latest=tr.number(self.latest.version))
        self.preview.setText(text)
        self.preview.show()

