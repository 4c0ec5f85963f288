"""Import and export of activities from the activities page.

:func:`open_import_dialog`: choose a CSV, XLSX or IATI XML file; the dialog says how many
activities it holds (read off the interface's thread); Import checks and saves them all or
none, with progress and Cancel. A refused file lists every problem by row and column (or line
and element) over the dialog, which stays open for another file; nothing is written. A good
one says how many were added, where the backup is, and what was worth a look.

:func:`open_export_dialog`: CSV, XLSX or IATI XML, and where; the file holds exactly what the
list shows (its filter, in its order). The printed catalogue is the page's "Print catalogue…".

The core does the work (:mod:`tegdesk.core.interchange.activities`); the import's run and its
list of problems are the roster's (:func:`tegdesk.ui.roster.transfer.run_import`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tegdesk.core.activity_types import ActivityFilter
from tegdesk.core.errors import UserError
from tegdesk.core.i18n import Translator
from tegdesk.ui import messages
from tegdesk.ui.dialogs import open_dialog
from tegdesk.ui.roster.checked import ERROR_COLOUR
from tegdesk.ui.roster.transfer import run_import
from tegdesk.ui.roster.widgets import InfoLabel
from tegdesk.ui.tasks import Task, run_task, show_task_error

IMPORT_SUFFIXES = (".csv", ".xlsx", ".xml")
#: The formats of the export, in the order the dialog offers them.
EXPORT_SUFFIXES = (".csv", ".xlsx", ".xml")
#: Warnings listed in the message after an import, before "… and N more."
WARNINGS_SHOWN = 10


def _folder(store: Any) -> Path:
    return Path(store.path).parent


def _file_row(edit: QLineEdit, button: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(edit, 1)
    row.addWidget(button)
    return row


def _problem_label() -> InfoLabel:
    label = InfoLabel()
    label.setObjectName("problem")
    label.setStyleSheet(f"color: {ERROR_COLOUR};")
    label.hide()
    return label


class ImportActivitiesDialog(QDialog):
    """Which file to import, how many activities it holds, and the Import button."""

    def __init__(self, store: Any, tr: Translator, parent: QWidget | None = None,
                 on_done: Callable[[Any], Any] | None = None):
        super().__init__(parent)
        self.store, self.tr, self.on_done = store, tr, on_done
        self.summary: Any = None
        self.task: Task | None = None
        _ = tr.gettext
        self.setObjectName("import_activities")
        self.setWindowTitle(_("Import activities"))
        layout = QVBoxLayout(self)
        layout.addWidget(InfoLabel(_("A CSV or Excel file in the layout of the activities export (one row per "
                                     "activity), or an IATI activity file (.xml). Every activity is checked; if one "
                                     "has a problem, nothing is imported and every problem is listed.")))
        form = QFormLayout()
        self.path = QLineEdit()
        self.path.setObjectName("import_path")
        self.path.setReadOnly(True)
        self.choose_button = QPushButton(_("Choose…"))
        self.choose_button.setObjectName("choose")
        self.choose_button.clicked.connect(self.choose)
        form.addRow(_("File:"), _file_row(self.path, self.choose_button))
        layout.addLayout(form)
        self.preview = InfoLabel()
        self.preview.setObjectName("preview")
        layout.addWidget(self.preview)
        self.problem = _problem_label()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText(_("Import"))
        self.import_button.setEnabled(False)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.start)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(620, self.sizeHint().height())

    def file(self) -> Path | None:
        text = self.path.text().strip()
        return Path(text) if text else None

    def choose(self) -> None:
        _ = self.tr.gettext
        name, _chosen = QFileDialog.getOpenFileName(
            self, _("Import activities"), str(_folder(self.store)),
            ";;".join([_("Activity files (*.csv *.xlsx *.xml)"), _("All files (*)")]))
        if name:
            self.set_file(Path(name))

    def set_file(self, path: Path) -> None:
        """Show ``path`` and read it (off the interface's thread) to say how many activities it holds."""
        _ = self.tr.gettext
        self.path.setText(str(path))
        self.import_button.setEnabled(False)
        self.preview.clear()
        self.problem.hide()
        if path.suffix.lower() not in IMPORT_SUFFIXES:
            self._refuse(_("Choose a .csv, .xlsx or .xml (IATI) file."))
            return
        from tegdesk.core.interchange.activities import read_activities

        self.task = run_task(self, _("Reading {file}", file=path.name), lambda _progress: read_activities(path),
                             tr=self.tr, on_done=lambda reading: self._previewed(path, reading),
                             on_error=self._unreadable)

    def _previewed(self, path: Path, reading: dict[str, Any]) -> None:
        tr = self.tr
        count, problems = len(reading["entries"]), len(reading["errors"])
        text = tr.ngettext("{file} holds {n} activity.", "{file} holds {n} activities.", count, file=path.name)
        if problems:
            text += " " + tr.ngettext("{n} problem was found while reading it; Import lists it.",
                                      "{n} problems were found while reading it; Import lists them.", problems)
        self.preview.setText(text)
        self.import_button.setEnabled(count > 0)

    def _unreadable(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            self._refuse(exc.text(self.tr))
        elif isinstance(exc, OSError):
            self._refuse(exc.strerror or str(exc))
        else:
            show_task_error(self, self.tr, self.tr.gettext("Activities not imported"), exc)

    def _refuse(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    def start(self) -> Task | None:
        """Import the file: all or nothing, with progress; the dialog closes after a success."""
        from tegdesk.core.interchange.activities import import_activities

        path = self.file()
        if path is None or not self.import_button.isEnabled():
            return None
        _ = self.tr.gettext
        self.import_button.setEnabled(False)
        self.task = run_import(self, self.tr, path,
                               lambda progress: import_activities(self.store, path, progress=progress),
                               refused_title=_("Activities not imported"), imported=self._imported)
        self.task.ended.connect(lambda: self.import_button.setEnabled(self.summary is None))
        return self.task

    def _imported(self, summary: Any) -> None:
        tr, path = self.tr, self.file()
        self.summary = summary
        text = tr.ngettext("{n} activity imported from {file}.", "{n} activities imported from {file}.",
                           summary.count, file=path.name if path else "")
        details = []
        if summary.backup:
            details.append(tr.gettext("A copy of the database as it was before the import: {path}",
                                      path=str(summary.backup)))
        lines = [w.text(tr) for w in summary.warnings]
        if lines:
            details.append(tr.ngettext("{n} point worth a look:", "{n} points worth a look:", len(lines)))
            details += lines[:WARNINGS_SHOWN]
            if len(lines) > WARNINGS_SHOWN:
                details.append(tr.gettext("… and {count} more.", count=len(lines) - WARNINGS_SHOWN))
        if self.on_done is not None:
            self.on_done(summary)
        self.accept()
        messages.inform(self.parentWidget(), tr.gettext("Activities imported"), text, "\n".join(details) or None)


def open_import_dialog(parent: QWidget, store: Any, tr: Translator,
                       on_done: Callable[[Any], Any] | None = None) -> ImportActivitiesDialog:
    """The import dialog, open on ``parent`` (kept as ``parent.dialog``); ``on_done(summary)`` runs
    after a successful import, and the dialog finishes then."""
    dialog = ImportActivitiesDialog(store, tr, parent, on_done)
    open_dialog(parent, dialog, lambda: None)
    return dialog


class ExportActivitiesDialog(QDialog):
    """The format (CSV, XLSX, IATI XML) and the file of an export of what the list shows."""

    def __init__(self, store: Any, tr: Translator, f: ActivityFilter, parent: QWidget | None = None):
        super().__init__(parent)
        from tegdesk.core.activity_query import ActivityQuery

        self.store, self.tr, self.filter = store, tr, f
        _ = tr.gettext
        self.setObjectName("export_activities")
        self.setWindowTitle(_("Export activities"))
        layout = QVBoxLayout(self)
        self.count = ActivityQuery(store).count(f)
        self.what = InfoLabel(tr.ngettext("{n} activity, as the list shows it.",
                                          "{n} activities, as the list shows them.", self.count)
                              if not f.is_empty else
                              tr.ngettext("{n} activity: the whole database.", "{n} activities: the whole database.",
                                          self.count))
        self.what.setObjectName("what")
        layout.addWidget(self.what)
        form = QFormLayout()
        self.format = QComboBox()
        self.format.setObjectName("export_format")
        self.labels = [_("CSV file (*.csv)"), _("Excel workbook (*.xlsx)"), _("IATI 2.03 XML (*.xml)")]
        for label, suffix in zip(self.labels, EXPORT_SUFFIXES, strict=True):
            self.format.addItem(label, suffix)
        row = QHBoxLayout()
        row.addWidget(self.format)
        row.addStretch(1)
        form.addRow(_("Format:"), row)
        self.path = QLineEdit(str(_folder(store) / f"activities-{dt.date.today().isoformat()}.csv"))
        self.path.setObjectName("export_path")
        browse = QPushButton(_("Choose…"))
        browse.setObjectName("choose")
        browse.clicked.connect(self.browse)
        form.addRow(_("File:"), _file_row(self.path, browse))
        layout.addLayout(form)
        self.problem = _problem_label()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Export"))
        self.ok_button.setEnabled(self.count > 0)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.format.currentIndexChanged.connect(self._format_changed)
        self.path.textEdited.connect(self._path_edited)
        self.resize(620, self.sizeHint().height())

    def suffix(self) -> str:
        return self.format.currentData()

    def _format_changed(self) -> None:
        path = self.out_path()
        if self.path.text().strip() and path.suffix.lower() != self.suffix():
            self.path.setText(str(path.with_suffix(self.suffix())))

    def _path_edited(self) -> None:
        suffix = self.out_path().suffix.lower()
        if suffix in EXPORT_SUFFIXES:
            self.format.blockSignals(True)
            self.format.setCurrentIndex(EXPORT_SUFFIXES.index(suffix))
            self.format.blockSignals(False)

    def browse(self) -> None:
        _ = self.tr.gettext
        name, chosen = QFileDialog.getSaveFileName(self, _("Export activities"), self.path.text(),
                                                   ";;".join(self.labels), self.format.currentText())
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() not in EXPORT_SUFFIXES:
            path = path.with_suffix(EXPORT_SUFFIXES[self.labels.index(chosen)] if chosen in self.labels
                                    else self.suffix())
        self.path.setText(str(path))
        self._path_edited()

    def out_path(self) -> Path:
        return Path(self.path.text().strip()).expanduser()

    def try_accept(self) -> None:
        path = self.out_path()
        if not self.path.text().strip() or path.suffix.lower() not in EXPORT_SUFFIXES:
            self.problem.setText(self.tr.gettext("Choose a file name ending in .csv, .xlsx or .xml."))
        elif not path.parent.is_dir():
            self.problem.setText(self.tr.gettext("There is no folder {folder}.", folder=str(path.parent)))
        else:
            self.accept()
            return
        self.problem.show()


def export_to_file(parent: QWidget, store: Any, tr: Translator, f: ActivityFilter, path: Path) -> Task:
    """Write what ``f`` selects to ``path`` off the interface's thread; then say where, and what
    the file could not hold."""
    from tegdesk.core.interchange.activities import export_activities

    _ = tr.gettext

    def written(result: Any) -> None:
        text = tr.ngettext("{n} activity was written to {path}.", "{n} activities were written to {path}.",
                           result.count, path=str(result.path))
        left_out = [tr.gettext(message, **params) for message, params in result.left_out]
        messages.inform(parent, _("Activities exported"), text, "\n".join(left_out) or None)

    def failed(exc: BaseException) -> None:
        if isinstance(exc, UserError):
            messages.fail(parent, _("Activities not exported"), _("The file could not be written."), exc.text(tr))
        else:
            show_task_error(parent, tr, _("Activities not exported"), exc)

    return run_task(parent, _("Writing {file}", file=path.name),
                    lambda _progress: export_activities(store, path, f, lang=tr.lang),
                    tr=tr, on_done=written, on_error=failed)


def open_export_dialog(parent: QWidget, store: Any, tr: Translator, f: ActivityFilter) -> ExportActivitiesDialog:
    """The export dialog for what the list shows with ``f``, open on ``parent`` (kept as
    ``parent.dialog``); Export writes the file off the interface's thread."""
    dialog = ExportActivitiesDialog(store, tr, f, parent)
    open_dialog(parent, dialog, lambda: setattr(dialog, "task",
                                                export_to_file(parent, store, tr, f, dialog.out_path())))
    return dialog
