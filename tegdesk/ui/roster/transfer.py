"""Import and export of the roster: the import run off the interface's thread, the list
of a refused import's problems, and the export options."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tegdesk.core.errors import UserError
from tegdesk.core.i18n import LANGUAGES, Translator, available_ui_languages
from tegdesk.core.progress import Progress
from tegdesk.ui import messages
from tegdesk.ui.dialogs import open_dialog
from tegdesk.ui.roster.checked import ERROR_COLOUR
from tegdesk.ui.tasks import Task, run_task, show_task_error
from tegdesk.ui.roster.widgets import DateEdit, InfoLabel

EXPORT_SUFFIXES = (".pdf", ".csv", ".xlsx")


def run_import(page, tr: Translator, path: Path, work: Callable[[Progress], Any], *, refused_title: str,
               imported: Callable[[Any], None]) -> Task:
    """Run ``work(progress)`` (an all-or-nothing import of ``path``) in a worker thread with progress
    and Cancel (:func:`tegdesk.ui.tasks.run_task`); ``imported(summary)`` follows a success. A refused
    file lists every problem (:class:`ImportErrorsDialog`, kept as ``page.dialog``); another known
    problem is a message titled ``refused_title``. The roster and the activities import this way."""
    from tegdesk.core.interchange.tables import ImportFailed

    _ = tr.gettext

    def refused(exc: BaseException) -> None:
        if isinstance(exc, ImportFailed):
            open_dialog(page, ImportErrorsDialog(tr, path.name, exc.report(tr), page, title=refused_title),
                        lambda: None)
        elif isinstance(exc, UserError):
            messages.fail(page, refused_title, _("Nothing was imported from {file}.", file=path.name), exc.text(tr))
        else:
            show_task_error(page, tr, refused_title, exc)

    return run_task(page, _("Importing {file}", file=path.name), work, tr=tr, on_done=imported, on_error=refused)


def import_roster_file(page, path: Path) -> Task:
    """Import ``path`` into ``page.store`` (see :func:`run_import`); then reload ``page`` and say what
    was added and where the backup is. Nothing is written unless all is."""
    from tegdesk.core.interchange.roster_import import import_roster

    tr, store = page.translator, page.store
    _ = tr.gettext

    def imported(summary) -> None:  # noqa: ANN001
        page.reload()
        text = tr.ngettext("{n} term imported from {file}, with {experts} new experts.",
                           "{n} terms imported from {file}, with {experts} new experts.", summary.terms_added,
                           file=path.name, experts=tr.number(summary.experts_added))
        detail = _("A copy of the database as it was before the import: {path}", path=str(summary.backup)) \
            if summary.backup else None
        messages.inform(page, _("Roster imported"), text, detail)

    return run_import(page, tr, path, lambda progress: import_roster(store, path, progress=progress),
                      refused_title=_("Roster not imported"), imported=imported)


class ImportErrorsDialog(QDialog):
    """Every problem of a refused import, one per line, to correct the file by."""

    def __init__(self, tr: Translator, file_name: str, lines: list[str], parent: QWidget | None = None, *,
                 title: str | None = None):
        super().__init__(parent)
        _ = tr.gettext
        self.setObjectName("import_errors")
        self.setWindowTitle(title or _("Roster not imported"))
        self.setSizeGripEnabled(True)
        layout = QVBoxLayout(self)
        self.summary = InfoLabel(tr.ngettext(
            "Nothing was imported from {file}: it has {n} problem. Correct the file and import it again; "
            "the database is unchanged.",
            "Nothing was imported from {file}: it has {n} problems. Correct the file and import it again; "
            "the database is unchanged.", len(lines), file=file_name))
        layout.addWidget(self.summary)
        self.list = QListWidget()
        self.list.setObjectName("import_error_list")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setStyleSheet(f"QListWidget#import_error_list {{ color: {ERROR_COLOUR}; }}")
        self.list.addItems(lines)
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        self.copy_button = QPushButton(_("Copy the list"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 440)

    def lines(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def copy(self) -> None:
        QGuiApplication.clipboard().setText("\n".join(self.lines()))


class ExportDialog(QDialog):
    """Where to write the roster and how: PDF, CSV or XLSX (by the file's name),
    the language, the date, contacts and past terms."""

    def __init__(self, tr: Translator, *, folder: Path, as_of: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.tr = tr
        _ = tr.gettext
        self.setObjectName("export_dialog")
        self.setWindowTitle(_("Export the roster"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setHorizontalSpacing(12)
        self.path = QLineEdit(str(folder / f"roster-{as_of.isoformat()}.pdf"))
        self.path.setObjectName("export_path")
        browse = QPushButton(_("Choose…"))
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form.addRow(_("File:"), row)
        self.language = QComboBox()
        self.language.setObjectName("export_language")
        for lang in available_ui_languages():
            self.language.addItem(LANGUAGES[lang], lang)
        self.language.setCurrentIndex(max(self.language.findData(tr.lang), 0))
        self.as_of = DateEdit(as_of)
        self.as_of.setObjectName("export_as_of")
        for label, widget in ((_("Language:"), self.language), (_("As of:"), self.as_of)):
            row = QHBoxLayout()
            row.addWidget(widget)
            row.addStretch(1)
            form.addRow(label, row)
        self.with_contacts = QCheckBox(_("Include e-mail and telephone"))
        self.with_contacts.setObjectName("with_contacts")
        self.include_past = QCheckBox(_("Include past terms"))
        self.include_past.setObjectName("include_past")
        form.addRow("", self.with_contacts)
        form.addRow("", self.include_past)
        layout.addLayout(form)
        self.note = InfoLabel(_("The format follows the file name: .pdf, .csv or .xlsx."))
        layout.addWidget(self.note)
        self.problem = InfoLabel()
        self.problem.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.problem.hide()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Export"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(600, self.sizeHint().height())

    def browse(self) -> None:
        _ = self.tr.gettext
        filters = [_("PDF document (*.pdf)"), _("CSV file (*.csv)"), _("Excel workbook (*.xlsx)")]
        name, chosen = QFileDialog.getSaveFileName(self, _("Export the roster"), self.path.text(), ";;".join(filters))
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() not in EXPORT_SUFFIXES:
            path = path.with_suffix(EXPORT_SUFFIXES[filters.index(chosen)] if chosen in filters else ".pdf")
        self.path.setText(str(path))

    def out_path(self) -> Path:
        return Path(self.path.text().strip()).expanduser()

    def options(self) -> dict[str, object]:
        return {"lang": self.language.currentData(), "as_of": self.as_of.date_value(),
                "with_contacts": self.with_contacts.isChecked(), "include_past": self.include_past.isChecked()}

    def try_accept(self) -> None:
        path = self.out_path()
        if not self.path.text().strip() or path.suffix.lower() not in EXPORT_SUFFIXES:
            self.problem.setText(self.tr.gettext("Choose a file name ending in .pdf, .csv or .xlsx."))
            self.problem.show()
            return
        if not path.parent.is_dir():
            self.problem.setText(self.tr.gettext("There is no folder {folder}.", folder=str(path.parent)))
            self.problem.show()
            return
        self.accept()
