"""New activity / Edit activity: every field of an
:class:`~tegdesk.core.activity_types.ActivityDraft`, checked as the user types.

A :class:`~tegdesk.ui.roster.checked.CheckedDialog`: after each pause the activity
service checks the draft (``ActivityService.check``, nothing written); refusals
(shares that do not sum to 100, an end before its start, an unknown currency, an
identifier already used ...) show in red under the form, the field outlined, its
label and its tab coloured, Save disabled; warnings show in amber. Save runs
``ActivityService.save``; a refusal keeps everything typed. Closing with changes
asks Save / Discard / Cancel.

Texts the form reads itself (amounts in the interface's number format, numbers of
people, shares) are refused here, in the same way, when they are not numbers.
Titles and descriptions are typed one language at a time ("Text in:").
"""

from __future__ import annotations

import re
import uuid
from dataclasses import replace
from decimal import InvalidOperation
from typing import Any

from babel.numbers import NumberFormatError, parse_decimal
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QStackedWidget,
    QTabBar,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tegdesk.core.activity_types import ActivityDraft
from tegdesk.core.i18n import N_, Translator
from tegdesk.core.rules import Violation
from tegdesk.core.services.roster import Outcome
from tegdesk.ui.activities.form_tables import LinksTable, OrganisationsTable, RecipientsTable
from tegdesk.core.activity_labels import LEVEL_NAMES, STATUS_NAMES
from tegdesk.ui.activities.labels import Places
from tegdesk.ui.meetings.funding import AmountError, CurrencyCombo, example, format_amount, parse_amount
from tegdesk.ui.meetings.labels import MEETING_LANGUAGES, language_name
from tegdesk.ui.roster.checked import ERROR_COLOUR, WARNING_COLOUR, CheckedDialog
from tegdesk.ui.roster.widgets import OptionalDate

NOT_A_HEADCOUNT = N_("Enter the number of people as a whole number, e.g. {example}.")

#: Commas and semicolons (also the Chinese ones) separate the agreements typed.
_LIST_SEPARATORS = re.compile(r"[,;，；、]")

#: The tabs of the form: (object name, title).
TABS = (("general_tab", N_("Activity")), ("money_tab", N_("Dates, costs and training")),
        ("partners_tab", N_("Organisations and recipients")), ("areas_tab", N_("BSP areas and links")),
        ("results_tab", N_("Results")))


def field_name(name: str | None) -> str:
    """The draft field a violation names: ``recipients[1].percentage`` -> ``recipients``."""
    return re.split(r"[\[.]", name or "", maxsplit=1)[0]


def _multiline(rows: int, name: str) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setObjectName(name)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * rows + 14)
    return edit


class ActivityDialog(CheckedDialog):
    """Create an activity (``activity_id=None``: the service proposes its identifier) or edit one.

    ``read_only``: the database may not be changed; the form shows the activity without Save."""

    def __init__(self, service: Any, tr: Translator, places: Places, organisations: list[Any],
                 activity_id: uuid.UUID | None = None, *, read_only: bool = False, parent: QWidget | None = None):
        super().__init__(service, tr, parent)
        _ = tr.gettext
        self.activity_id = activity_id
        self.places = places
        self.known_organisations = organisations
        self.read_only = read_only
        self.setObjectName("activity_dialog")
        draft = service.load(activity_id) if activity_id is not None else \
            ActivityDraft(iati_identifier=service.propose_identifier())
        self.loaded = draft
        if read_only:
            self.setWindowTitle(_("Activity {identifier}", identifier=draft.iati_identifier))
        elif activity_id is not None:
            self.setWindowTitle(_("Edit activity {identifier}", identifier=draft.iati_identifier))
        else:
            self.setWindowTitle(_("New activity"))
        self._coloured: list[QLabel] = []

        self.tabs = QTabWidget()
        self.tabs.setObjectName("activity_tabs")
        self.tabs.setDocumentMode(True)
        self.pages: dict[str, QWidget] = {}
        self.forms: list[QFormLayout] = []
        for name, title in TABS:
            page = QWidget()
            page.setObjectName(name)
            self.pages[name] = page
            self.tabs.addTab(page, _(title))
        self.form.addRow(self.tabs)
        self._build_general()
        self._build_money()
        self._build_partners()
        self._build_areas()
        self._build_results()

        self._load(draft)
        self._connect()
        if read_only:
            self._make_read_only()
        self.resize(820, 560)
        self.check()
        self.title.setFocus()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        QTimer.singleShot(0, self.title.deselect)  # a key typed at once must not replace the title

    # -- building ------------------------------------------------------------------------
    def _page_form(self, name: str) -> QFormLayout:
        column = QVBoxLayout(self.pages[name])
        form = QFormLayout()
        column.addLayout(form)
        column.addStretch(1)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(7)
        self.forms.append(form)
        return form

    def _build_general(self) -> None:
        _ = self.tr.gettext
        form = self._page_form("general_tab")
        self.identifier = QLineEdit()
        self.identifier.setObjectName("iati_identifier")
        self.identifier.setPlaceholderText("XM-DAC-41106-BSP-0001")
        form.addRow(_("Identifier:"), self.identifier)

        self.text_language = QTabBar()
        self.text_language.setObjectName("text_language")
        self.text_language.setDrawBase(False)
        self.text_language.setExpanding(False)
        self.title_stack = QStackedWidget()
        self.title_stack.setObjectName("titles")
        self.description_stack = QStackedWidget()
        self.description_stack.setObjectName("descriptions")
        self.title_edits: dict[str, QLineEdit] = {}
        self.description_edits: dict[str, QPlainTextEdit] = {}
        for lang in MEETING_LANGUAGES:
            self.text_language.addTab(language_name(self.tr, lang))
            self.text_language.setTabData(self.text_language.count() - 1, lang)
            title = QLineEdit()
            title.setObjectName(f"title_{lang}")
            description = _multiline(5, f"description_{lang}")
            if lang in ("ar",):
                title.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
                description.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
            self.title_edits[lang] = title
            self.description_edits[lang] = description
            self.title_stack.addWidget(title)
            self.description_stack.addWidget(description)
        self.title_stack.setFixedHeight(self.title_edits["en"].sizeHint().height())
        self.description_stack.setFixedHeight(self.description_edits["en"].maximumHeight())
        self.title = self.title_edits["en"]
        self.description = self.description_edits["en"]
        form.addRow(_("Text in:"), self.text_language)
        form.addRow(_("Title:"), self.title_stack)
        form.addRow(_("Description:"), self.description_stack)

        self.level = QComboBox()
        self.level.setObjectName("level")
        for code, label in LEVEL_NAMES.items():
            self.level.addItem(_(label), code)
        self.status = QComboBox()
        self.status.setObjectName("status")
        for code, label in STATUS_NAMES.items():
            self.status.addItem(f"{_(label)} ({code})", code)
        self.south_south = QCheckBox(_("South–South cooperation"))
        self.south_south.setObjectName("south_south")
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.level)
        line.addSpacing(16)
        self.status_label = QLabel(_("Status:"))
        self.status_label.setBuddy(self.status)
        line.addWidget(self.status_label)
        line.addWidget(self.status)
        line.addSpacing(16)
        line.addWidget(self.south_south)
        line.addStretch(1)
        form.addRow(_("Level:"), row)
        self.agreements = QLineEdit()
        self.agreements.setObjectName("agreements")
        self.agreements.setPlaceholderText(_("e.g. CBD, UNFCCC, Minamata Convention"))
        form.addRow(_("Related agreements:"), self.agreements)

    def _build_money(self) -> None:
        _ = self.tr.gettext
        form = self._page_form("money_tab")
        self.dates: dict[str, OptionalDate] = {}
        grid_widget = QWidget()
        grid = QGridLayout(grid_widget)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        self.date_labels: dict[str, QLabel] = {}
        kinds = (("planned", self.tr.pgettext("dates", "Planned")), ("actual", self.tr.pgettext("dates", "Actual")))
        for column, (kind, kind_label) in enumerate(kinds):
            heading = QLabel(kind_label)
            heading.setStyleSheet("font-weight: bold;")
            grid.addWidget(heading, 0, 1 + column)
            for row, (end, end_label) in enumerate((("start", _("Start:")), ("end", _("End:")))):
                name = f"{kind}_{end}"
                date = OptionalDate()
                date.setObjectName(name)
                date.edit.setObjectName(f"{name}_date")
                self.dates[name] = date
                grid.addWidget(date, 1 + row, 1 + column)
                if column == 0:
                    label = QLabel(end_label)
                    grid.addWidget(label, 1 + row, 0)
        grid.setColumnStretch(3, 1)
        form.addRow(_("Dates:"), grid_widget)

        self.currency = CurrencyCombo(self.tr)
        self.currency.setMinimumContentsLength(22)
        self.currency.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        form.addRow(_("Currency:"), self.currency)
        self.budget = QLineEdit()
        self.budget.setObjectName("budget")
        self.cost = QLineEdit()
        self.cost.setObjectName("cost")
        for edit in (self.budget, self.cost):
            edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            edit.setMaximumWidth(180)
            edit.setPlaceholderText(example(self.tr))
        form.addRow(_("Budget:"), self.budget)
        form.addRow(_("Cost:"), self.cost)

        trained = QWidget()
        line = QHBoxLayout(trained)
        line.setContentsMargins(0, 0, 0, 0)
        self.trained: dict[str, QLineEdit] = {}
        for name, label in (("trained_women", _("Women:")), ("trained_men", _("Men:")),
                            ("trained_other", _("Other or not stated:"))):
            edit = QLineEdit()
            edit.setObjectName(name)
            edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            edit.setMaximumWidth(80)
            self.trained[name] = edit
            caption = QLabel(label)
            caption.setBuddy(edit)
            line.addWidget(caption)
            line.addWidget(edit)
            line.addSpacing(10)
        line.addStretch(1)
        form.addRow(_("Participants trained:"), trained)

    def _build_partners(self) -> None:
        _ = self.tr.gettext
        layout = QVBoxLayout(self.pages["partners_tab"])
        self.organisations_label = QLabel(_("Organisations and their roles:"))
        layout.addWidget(self.organisations_label)
        self.organisations = OrganisationsTable(self.tr, self.known_organisations)
        layout.addWidget(self.organisations, 3)
        self.recipients_label = QLabel(_("Recipient countries and regions (shares sum to 100 %):"))
        layout.addWidget(self.recipients_label)
        self.recipients = RecipientsTable(self.tr, self.places)
        layout.addWidget(self.recipients, 2)

    def _build_areas(self) -> None:
        _ = self.tr.gettext
        layout = QVBoxLayout(self.pages["areas_tab"])
        self.bsp_label = QLabel()
        layout.addWidget(self.bsp_label)
        self.bsp_codes = QListWidget()
        self.bsp_codes.setObjectName("bsp_codes")
        self.bsp_codes.setUniformItemSizes(True)
        for code, title in self.places.bsp_titles.items():
            item = QListWidgetItem(f"{code}  {title}")
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setToolTip(title)
            self.bsp_codes.addItem(item)
        layout.addWidget(self.bsp_codes, 3)
        self.links_label = QLabel(_("The same activity in other agencies' databases:"))
        layout.addWidget(self.links_label)
        self.links = LinksTable(self.tr)
        layout.addWidget(self.links, 2)

    def _build_results(self) -> None:
        _ = self.tr.gettext
        form = self._page_form("results_tab")
        self.results = _multiline(5, "results")
        form.addRow(_("Results:"), self.results)
        self.assessment = _multiline(5, "assessment")
        self.assessment.setPlaceholderText(_("The recipient Government's assessment of the results"))
        form.addRow(_("Assessment:"), self.assessment)
        self.assessment_date = OptionalDate()
        self.assessment_date.setObjectName("assessment_date")
        self.assessment_date.edit.setObjectName("assessment_date_date")
        form.addRow(_("Assessed on:"), self.assessment_date)

    # -- filling --------------------------------------------------------------------------
    def _load(self, d: ActivityDraft) -> None:
        self.identifier.setText(d.iati_identifier)
        self.title.setText(d.title)
        self.description.setPlainText(d.description)
        for lang, text in d.titles.items():
            if lang in self.title_edits and lang != "en":
                self.title_edits[lang].setText(text)
        for lang, text in d.descriptions.items():
            if lang in self.description_edits and lang != "en":
                self.description_edits[lang].setPlainText(text)
        # type in the interface's language first when it is not English and the activity has no text in it yet
        start = self.tr.lang if self.tr.lang in self.title_edits and d.titles.get(self.tr.lang) else "en"
        self.set_text_language(start)
        self.level.setCurrentIndex(max(0, self.level.findData(d.level)))
        self.status.setCurrentIndex(max(0, self.status.findData(d.status)))
        self.south_south.setChecked(d.south_south)
        self.agreements.setText(self.tr.gettext(", ").join(d.agreements))
        for name, date in self.dates.items():
            date.set_value(getattr(d, name))
        self.currency.set_code(d.currency)
        self.budget.setText(format_amount(self.tr, d.budget, d.currency))
        self.cost.setText(format_amount(self.tr, d.cost, d.currency))
        for name, edit in self.trained.items():
            value = getattr(d, name)
            edit.setText(self.tr.number(value) if value is not None else "")
        self.organisations.set_values(list(d.organisations))
        self.recipients.set_values(list(d.recipients))
        for i in range(self.bsp_codes.count()):
            item = self.bsp_codes.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in d.bsp_codes
                               else Qt.CheckState.Unchecked)
        self._show_ticked()
        self.links.set_values(list(d.links))
        self.results.setPlainText(d.results)
        self.assessment.setPlainText(d.assessment)
        self.assessment_date.set_value(d.assessment_date)

    def _connect(self) -> None:
        for edit in (self.identifier, self.agreements, self.budget, self.cost, *self.title_edits.values(),
                     *self.trained.values()):
            edit.textChanged.connect(self.edited)
        for text in (self.results, self.assessment, *self.description_edits.values()):
            text.textChanged.connect(self.edited)
        for combo in (self.level, self.status):
            combo.currentIndexChanged.connect(self.edited)
        self.currency.currentTextChanged.connect(self.edited)
        self.south_south.toggled.connect(self.edited)
        for date in (*self.dates.values(), self.assessment_date):
            date.changed.connect(self.edited)
        self.bsp_codes.itemChanged.connect(self.edited)
        self.bsp_codes.itemChanged.connect(lambda _item: self._show_ticked())
        for table in (self.organisations, self.recipients, self.links):
            table.changed.connect(self.edited)
        self.text_language.currentChanged.connect(self._language_chosen)

    def ticked_codes(self) -> list[str]:
        return [self.bsp_codes.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.bsp_codes.count())
                if self.bsp_codes.item(i).checkState() == Qt.CheckState.Checked]

    def _show_ticked(self) -> None:
        """Name the ticked codes above the list: some are out of sight."""
        _ = self.tr.gettext
        codes = self.ticked_codes()
        text = _("Cross-cutting issues and thematic areas of the indicative list:")
        if codes:
            text = _("Cross-cutting issues and thematic areas of the indicative list (ticked: {codes}):",
                     codes=_(", ").join(codes))
        self.bsp_label.setText(text)

    def set_text_language(self, lang: str) -> None:
        index = MEETING_LANGUAGES.index(lang) if lang in MEETING_LANGUAGES else 0
        self.text_language.setCurrentIndex(index)
        self._language_chosen(index)

    def text_language_code(self) -> str:
        return self.text_language.tabData(self.text_language.currentIndex()) or "en"

    def _language_chosen(self, index: int) -> None:
        self.title_stack.setCurrentIndex(max(0, index))
        self.description_stack.setCurrentIndex(max(0, index))

    def _make_read_only(self) -> None:
        for widget in self.findChildren(QWidget):
            if isinstance(widget, (QLineEdit, QPlainTextEdit)):
                widget.setReadOnly(True)
            elif isinstance(widget, (QComboBox, QAbstractSpinBox, QCheckBox, OptionalDate)):
                widget.setEnabled(False)
        for table in (self.organisations, self.recipients, self.links):
            table.set_read_only(True)
        for i in range(self.bsp_codes.count()):
            item = self.bsp_codes.item(i)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
        self.save_button.hide()
        from PySide6.QtWidgets import QDialogButtonBox

        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr.gettext("Close"))

    # -- reading the form -------------------------------------------------------------------
    def draft(self) -> tuple[ActivityDraft, list[Violation]]:
        """The draft the form holds, and what the form could not read (texts that are not numbers)."""
        tr = self.tr
        problems: list[Violation] = []
        currency = self.currency.code()
        amounts: dict[str, int | None] = {}
        for name, edit in (("budget", self.budget), ("cost", self.cost)):
            try:
                amounts[name] = parse_amount(tr, edit.text(), currency)
            except AmountError as exc:
                amounts[name] = None
                problems.append(Violation("", "", exc.message, dict(exc.params), field=name))
        people: dict[str, int | None] = {}
        for name, edit in self.trained.items():
            people[name] = self._headcount(edit.text())
            if people[name] is None and edit.text().strip():
                problems.append(Violation("", "", NOT_A_HEADCOUNT, {"example": tr.number(25)}, field=name))
        recipients, share_problems = self.recipients.shares()
        problems += [Violation("", "", text, field="recipients") for text in share_problems]
        organisations = self.organisations.values()
        problems += [Violation("", "", text, field="organisations") for text in self.organisations.problems()]
        titles = {lang: edit.text().strip() for lang, edit in self.title_edits.items()
                  if lang != "en" and edit.text().strip()}
        descriptions = {lang: edit.toPlainText().strip() for lang, edit in self.description_edits.items()
                        if lang != "en" and edit.toPlainText().strip()}
        agreements = [a.strip() for a in _LIST_SEPARATORS.split(self.agreements.text()) if a.strip()]
        bsp = self.ticked_codes()
        draft = ActivityDraft(
            iati_identifier=self.identifier.text().strip(), title=self.title.text().strip(), titles=titles,
            description=self.description.toPlainText().strip(), descriptions=descriptions,
            level=self.level.currentData(), south_south=self.south_south.isChecked(),
            status=self.status.currentData(),
            planned_start=self.dates["planned_start"].value(), planned_end=self.dates["planned_end"].value(),
            actual_start=self.dates["actual_start"].value(), actual_end=self.dates["actual_end"].value(),
            currency=currency, budget=amounts["budget"], cost=amounts["cost"],
            trained_women=people["trained_women"], trained_men=people["trained_men"],
            trained_other=people["trained_other"], results=self.results.toPlainText().strip(),
            assessment=self.assessment.toPlainText().strip(), assessment_date=self.assessment_date.value(),
            agreements=agreements, organisations=organisations, recipients=recipients, bsp_codes=bsp,
            links=self.links.values())
        return draft, problems

    def _headcount(self, text: str) -> int | None:
        text = text.strip()
        if not text:
            return None
        try:
            value = parse_decimal(text, locale=self.tr.locale, strict=True)
        except (NumberFormatError, InvalidOperation):
            return None
        if value != value.to_integral_value():
            return None
        return int(value)  # a negative number is the service's to refuse

    # -- CheckedDialog ------------------------------------------------------------------------
    def form_state(self) -> tuple[Any, ...]:
        """Every field as typed, whichever language is shown (CheckedDialog's generic reading
        depends on the order of the widgets, which showing another language changes)."""
        return (self.identifier.text(), tuple(e.text() for e in self.title_edits.values()),
                tuple(e.toPlainText() for e in self.description_edits.values()), self.level.currentIndex(),
                self.status.currentIndex(), self.south_south.isChecked(), self.agreements.text(),
                tuple(d.value() for d in self.dates.values()), self.currency.currentText(), self.budget.text(),
                self.cost.text(), tuple(e.text() for e in self.trained.values()), self.organisations.raw(),
                self.recipients.raw(), tuple(self.ticked_codes()), self.links.raw(), self.results.toPlainText(),
                self.assessment.toPlainText(), self.assessment_date.value())

    def perform(self, save: bool) -> Outcome:
        draft, problems = self.draft()
        if problems:
            # what the form could not read is refused here; the service says the rest
            local = {v.field for v in problems}
            checked = self.service.check(draft, self.activity_id)
            others = [v for v in checked.violations if field_name(v.field) not in local]
            return Outcome(violations=problems + others)
        if save:
            return self.service.save(draft, self.activity_id)
        return self.service.check(draft, self.activity_id)

    def fields(self) -> dict[str, QWidget]:
        widgets: dict[str, QWidget] = {
            "iati_identifier": self.identifier, "title": self.title, "titles": self.title_stack,
            "description": self.description, "descriptions": self.description_stack, "level": self.level,
            "status": self.status, "south_south": self.south_south, "agreements": self.agreements,
            "currency": self.currency, "budget": self.budget, "cost": self.cost,
            "organisations": self.organisations.table, "recipients": self.recipients.table,
            "bsp_codes": self.bsp_codes, "links": self.links.table, "results": self.results,
            "assessment": self.assessment, "assessment_date": self.assessment_date.edit}
        widgets.update({name: date.edit for name, date in self.dates.items()})
        widgets.update(self.trained)
        return widgets

    def show_outcome(self, outcome: Outcome) -> None:
        """Show the outcome with each violation's field named as the form names it
        (``recipients[1].percentage`` outlines the recipients), and colour the labels
        and tabs of the fields concerned."""
        violations = [replace(v, field=field_name(v.field)) if v.field else v for v in outcome.violations]
        super().show_outcome(Outcome(violations=violations, saved=outcome.saved, record=outcome.record))
        for widget in self._highlighted:  # outline the field itself, not the cells or buttons inside it
            style = widget.styleSheet()
            if style and not style.startswith("#"):
                widget.setStyleSheet(f"#{widget.objectName()} {{ {style} }}")
        self._colour_labels()

    def _colour_labels(self) -> None:
        for label in self._coloured:
            label.setStyleSheet("")
        self._coloured = []
        widgets = self.fields()
        errors = {name for name in self.highlighted_fields()
                  if any(field_name(v.field) == name for v in (self.outcome.errors if self.outcome else []))}
        captions = {"organisations": self.organisations_label, "recipients": self.recipients_label,
                    "bsp_codes": self.bsp_label, "links": self.links_label}
        tab_colour: dict[int, str] = {}
        for name in self.highlighted_fields():
            widget = widgets.get(name)
            if widget is None:
                continue
            colour = ERROR_COLOUR if name in errors else WARNING_COLOUR
            label = captions.get(name) or self._label_for(widget)
            if label is not None:
                label.setStyleSheet(f"color: {colour};")
                self._coloured.append(label)
            for index in range(self.tabs.count()):
                if self.tabs.widget(index).isAncestorOf(widget):
                    if tab_colour.get(index) != ERROR_COLOUR:
                        tab_colour[index] = colour
        bar = self.tabs.tabBar()
        for index in range(self.tabs.count()):
            bar.setTabTextColor(index, QColor(tab_colour[index]) if index in tab_colour else QColor())

    def _label_for(self, widget: QWidget) -> QLabel | None:
        for form in self.forms:
            probe: QWidget | None = widget
            while probe is not None:
                label = form.labelForField(probe)
                if isinstance(label, QLabel):
                    return label
                probe = probe.parentWidget()
        return None

    def error_tabs(self) -> list[str]:
        """The object names of the tabs whose title is coloured (tests)."""
        bar = self.tabs.tabBar()
        return [self.tabs.widget(i).objectName() for i in range(self.tabs.count())
                if bar.tabTextColor(i).isValid() and bar.tabTextColor(i).name() == QColor(ERROR_COLOUR).name()]

    def save(self) -> bool:
        saved = super().save()
        if not saved:
            self._show_first_error_tab()
        return saved

    def _show_first_error_tab(self) -> None:
        names = self.error_tabs()
        current = self.tabs.currentWidget().objectName()
        if names and current not in names:
            self.tabs.setCurrentWidget(self.pages[names[0]])
