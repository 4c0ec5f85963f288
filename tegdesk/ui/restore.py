"""File › Restore…: put a backup in the place of the open database.

:class:`RestoreDialog` lists the backups of the database (newest first: when,
in the interface's language and the computer's time zone; why it was made;
its size). Restore… asks for confirmation, then :func:`restore_into_window`
does the work for the main window:

1. the backup is checked first (integrity, a schema this tegdesk knows); a
   refused one is explained and nothing changes;
2. a periodic backup still running is waited for (and no other starts), and the
   window's store is closed (its lock released);
3. :func:`~tegdesk.core.store.backup.restore_backup` backs the current file up
   (``pre-restore``, listed in this dialog, so a restore can be undone) and
   replaces it;
4. the database is opened again (upgraded if the backup is of an older schema)
   and every page shows the restored data.

If the restore fails, the unchanged database is opened again. Steps 1 and 3 read
and copy whole files (seconds for a large database): they run off the interface's
thread (:func:`tegdesk.ui.tasks.run_task`), the check with Cancel (nothing is
changed yet), the replacement without (it is all or nothing, and short of a crash
it ends).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tegdesk import APP_NAME
from tegdesk.core.errors import UserError
from tegdesk.core.i18n import Translator
from tegdesk.core.progress import Progress
from tegdesk.core.store.backup import (
    BackupInfo,
    backup_info,
    backups_dir,
    check_restorable,
    list_backups,
    restore_backup,
    size_text,
    taken_at_text,
)
from tegdesk.ui import messages, startup
from tegdesk.ui.tasks import Task, run_task, show_task_error
from tegdesk.ui.language import select_row

if TYPE_CHECKING:
    from tegdesk.ui.main_window import MainWindow

COLUMNS = ("taken", "reason", "size")


def confirm(parent: QWidget, tr: Translator, text: str, detail: str) -> bool:
    """Ask before replacing the database; True when the user chose Restore (tests replace this)."""
    box = QMessageBox(QMessageBox.Icon.Warning, tr.gettext("Restore a backup"), text,
                      QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("confirm_restore")
    box.setInformativeText(detail)
    restore = box.addButton(tr.gettext("Restore"), QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(tr.gettext("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is restore


class RestoreDialog(QDialog):
    """The backups of one database, newest first, and the buttons to restore one."""

    def __init__(self, db_path: Path, tr: Translator, restore: Callable[[Path, Callable[[bool], None]], bool],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("restore_dialog")
        self.db_path = Path(db_path)
        self.translator = tr
        self.restore_fn = restore
        self.backups: list[BackupInfo] = []
        self.resize(720, 440)

        self.intro = QLabel()
        self.intro.setObjectName("intro")
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("backups")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _item: self.restore_selected())
        self.empty = QLabel()
        self.empty.setObjectName("empty")
        self.empty.setWordWrap(True)
        self.folder = QLabel()
        self.folder.setObjectName("folder")
        self.folder.setWordWrap(True)
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.buttons = QDialogButtonBox()
        self.restore_button = QPushButton()
        self.restore_button.setObjectName("restore")
        self.other_button = QPushButton()
        self.other_button.setObjectName("other_file")
        self.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.other_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.restore_button.clicked.connect(self.restore_selected)
        self.other_button.clicked.connect(self.restore_other_file)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.folder)
        layout.addWidget(self.buttons)

        self.reload()
        self.retranslate(tr)

    # -- content -------------------------------------------------------------
    def reload(self) -> None:
        """Read the backups folder again."""
        self.backups = list_backups(self.db_path)
        self.table.setRowCount(len(self.backups))
        for row, backup in enumerate(self.backups):
            for column in range(len(COLUMNS)):
                item = QTableWidgetItem()
                item.setData(Qt.ItemDataRole.UserRole, str(backup.path))
                item.setToolTip(str(backup.path))
                if COLUMNS[column] == "size":
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        if self.backups:
            select_row(self.table, 0)
        self.table.setVisible(bool(self.backups))
        self.empty.setVisible(not self.backups)
        self._fill_texts()
        self._update_buttons()

    def retranslate(self, tr: Translator) -> None:
        self.translator = tr
        _ = tr.gettext
        self.setWindowTitle(_("Restore a backup"))
        self.intro.setText(_("Choose a backup of {name} to put in its place. The current file is backed up "
                             "first, so a restore can itself be undone.", name=self.db_path.name))
        self.table.setHorizontalHeaderLabels([_("Taken"), _("Reason"), _("Size")])
        size_header = self.table.horizontalHeaderItem(COLUMNS.index("size"))
        size_header.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.empty.setText(_("There are no backups of {name} yet. File › Backup now makes one; tegdesk also "
                             "makes them before upgrades and imports and every 30 minutes while in use.",
                             name=self.db_path.name))
        self.folder.setText(_("Backups are kept in {folder}.", folder=str(backups_dir(self.db_path))))
        self.restore_button.setText(_("&Restore…"))
        self.other_button.setText(_("Other &file…"))
        self.close_button.setText(_("Close"))
        self._fill_texts()

    def _fill_texts(self) -> None:
        tr = self.translator
        for row, backup in enumerate(self.backups):
            texts = (taken_at_text(tr, backup.taken_at), tr.gettext(backup.reason_label),
                     size_text(tr, backup.size_bytes))
            for column, text in enumerate(texts):
                item = self.table.item(row, column)
                if item is not None:
                    item.setText(text)

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)
        self.restore_button.setDefault(self.selected() is not None)

    # -- actions -------------------------------------------------------------
    def restore_selected(self) -> bool:
        backup = self.selected()
        if backup is None:
            return False
        return self._restore(backup.path, startup.when(self.translator, backup.taken_at))

    def restore_other_file(self) -> bool:
        """Restore a copy kept elsewhere (``tegdesk db backup OUT``, a USB stick)."""
        _ = self.translator.gettext
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Restore a backup"), str(backups_dir(self.db_path)),
            _("tegdesk databases (*.sqlite3 *.db);;All files (*)"))
        if not name:
            return False
        return self._restore(Path(name), Path(name).name)

    def _restore(self, path: Path, what: str) -> bool:
        _ = self.translator.gettext
        if not confirm(self, self.translator,
                       _("Replace the database {name} with the backup of {when}?", name=self.db_path.name,
                         when=what),
                       _("Work done after that backup will not be in the database. The current file is backed "
                         "up first, and can be restored from this list.")):
            return False
        return self.restore_fn(path, self._restored)

    def _restored(self, done: bool) -> None:
        """The restore asked for has ended: closed when done, else the list read again."""
        if done:
            self.accept()
        else:
            self.reload()


def restore_into_window(window: MainWindow, backup_path: Path,
                        ended: Callable[[bool], None] | None = None) -> Task:
    """Restore ``backup_path`` over the window's database and show it (see the module doc), off the
    interface's thread; ``ended(done)`` follows (``done``: the backup is now the database)."""
    tr = window.translator
    _ = tr.gettext
    path = window.store.path
    end = ended or (lambda _done: None)

    def refused(exc: BaseException) -> None:
        if isinstance(exc, UserError):
            messages.fail(window, APP_NAME, _("This backup cannot be restored."), exc.text(tr))
        else:
            show_task_error(window, tr, APP_NAME, exc)
        end(False)

    def checked(_revision: str) -> None:
        window.backup_timer.stop()
        window.backup_timer.wait()
        window.store.close()
        window.restore_task = run_task(window, _("Restoring {name}", name=path.name),
                                       lambda _progress: restore_backup(path, backup_path), tr=tr,
                                       on_done=lambda safety: reopen(safety, None),
                                       on_error=lambda exc: reopen(None, exc), cancellable=False)

    def reopen(safety: Path | None, error: BaseException | None) -> None:
        failure = None if error is None else error.text(tr) if isinstance(error, UserError) else str(error)
        reopened = startup.open_database(path, tr, window, at_start=False)
        if reopened is None:
            messages.fail(window, APP_NAME, _("The database {name} could not be opened again; tegdesk closes.",
                                              name=path.name), failure)
            window.close()
            end(False)
            return
        window.adopt_store(reopened)
        window.backup_timer.start()
        if failure is not None:
            messages.fail(window, APP_NAME, _("The backup could not be restored; nothing has been changed."),
                          failure)
            end(False)
            return
        detail = _("The file it replaced was kept as {path}.", path=str(safety)) if safety else None
        messages.inform(window, _("Backup restored"), _("The backup of {when} is now the database {name}. Work "
                                                         "done after it is not in it.", when=_when_of(tr, backup_path),
                                                         name=path.name), detail)
        end(True)

    def check(progress: Progress) -> str:
        progress(0, 1)
        revision = check_restorable(backup_path)
        progress.check()  # stopped while checking: nothing was changed
        return revision

    window.restore_task = run_task(window, _("Checking {file}", file=backup_path.name), check, tr=tr, on_done=checked,
                                   on_error=refused, on_cancel=lambda: end(False))
    return window.restore_task


def _when_of(tr: Translator, backup_path: Path) -> str:
    info = backup_info(backup_path)
    return startup.when(tr, info.taken_at) if info else backup_path.name
