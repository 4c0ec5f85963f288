"""Opening a database in the interface, and what to do when it cannot be opened for changes.

:func:`open_database` is the one way the interface opens a database, at start
(:func:`tegdesk.ui.app.run`) and from File › Open. Where the core refuses,
the user is told plainly what happened and offered what can be done:

- in use elsewhere (:class:`~tegdesk.core.errors.DatabaseLocked`): who holds
  it, where and since when; open it read-only, or take over a lock left by a
  crash (at once on this computer when its process is gone; after a warning
  for another computer, which cannot be checked from here);
- damaged (:class:`~tegdesk.core.errors.DatabaseDamaged`): nothing was
  changed, where the file is; restore the newest good backup (the damaged
  file is kept, renamed), open another database, or quit;
- made by a newer tegdesk (:class:`~tegdesk.core.errors.DatabaseTooNew`):
  open it read-only (never altered), open another, or quit.

At start the integrity check may be left for later (``defer_check``, see
:mod:`tegdesk.core.store.database`): :func:`check_in_background` runs it in a
worker thread once the window is shown; if it finds damage the window turns
read-only at once and the same damaged-database message offers the newest
good backup.
"""

from __future__ import annotations

import datetime as dt
import enum
import threading
from pathlib import Path

from babel.dates import format_time
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSpacerItem,
    QWidget,
)

from tegdesk import APP_NAME, __version__
from tegdesk.core.errors import DatabaseDamaged, DatabaseLocked, DatabaseTooNew, UserError
from tegdesk.core.i18n import Translator
from tegdesk.core.store import Store, open_store
from tegdesk.core.store import lock as locking
from tegdesk.core.store.backup import BackupInfo, backups_dir, integrity_problems
from tegdesk.core.store.database import damaged_error
from tegdesk.core.store.recovery import newest_good_backup, restore_damaged
from tegdesk.ui import messages

SQLITE_HEADER = b"SQLite format 3\x00"
#: Width (pixels) the dialogs' text is laid out in.
DIALOG_WIDTH = 520


class Choice(enum.Enum):
    READ_ONLY = "read_only"
    TAKE_OVER = "take_over"
    RESTORE = "restore"
    OPEN_OTHER = "open_other"
    CANCEL = "cancel"


def when(tr: Translator, moment: dt.datetime) -> str:
    """A moment in the user's time zone and language: ``21 November 2026 at 10:02``."""
    local = moment.astimezone()
    return tr.gettext("{date} at {time}", date=tr.date(local.date()),
                      time=format_time(local.time(), "short", locale=tr.locale))


class StartupDialog(QMessageBox):
    """A message box whose buttons each stand for a :class:`Choice`; ``choice`` is the one clicked."""

    def __init__(self, icon: QMessageBox.Icon, title: str, text: str, detail: str,
                 parent: QWidget | None = None):
        super().__init__(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
        self.setInformativeText(detail)
        self.setTextFormat(Qt.TextFormat.PlainText)  # names and paths are the user's: never markup
        self.choice = Choice.CANCEL
        self.choice_buttons: dict[Choice, QPushButton] = {}
        headline = self.findChild(QLabel, "qt_msgbox_label")
        if headline is not None:
            font = QFont(headline.font())
            font.setBold(True)
            headline.setFont(font)
        # QMessageBox sizes itself to its shortest line; paragraphs read better wider.
        layout = self.layout()
        if isinstance(layout, QGridLayout):
            layout.addItem(QSpacerItem(DIALOG_WIDTH, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding),
                           layout.rowCount(), 0, 1, layout.columnCount())

    def add_choice(self, choice: Choice, label: str, role: QMessageBox.ButtonRole, *,
                   default: bool = False) -> QPushButton:
        button = self.addButton(label, role)
        button.setObjectName(choice.value)
        button.clicked.connect(lambda _checked=False, c=choice: setattr(self, "choice", c))
        self.choice_buttons[choice] = button
        if default:
            self.setDefaultButton(button)
        if choice is Choice.CANCEL:
            self.setEscapeButton(button)
        return button


def _cancel_label(tr: Translator, at_start: bool) -> str:
    return tr.gettext("Quit") if at_start else tr.gettext("Cancel")


class LockedDialog(StartupDialog):
    """The database is in use: by whom, where, since when; read-only or take over."""

    def __init__(self, tr: Translator, path: Path, holder: locking.LockHolder, *, stale: bool,
                 at_start: bool = True, parent: QWidget | None = None):
        _ = tr.gettext
        self.holder = holder
        self.stale = stale
        name = path.name
        if not holder.host:
            text = _("{name} seems to be in use, but its lock file cannot be read.", name=name)
            detail = _("This happens when a computer lost power just as tegdesk was opening the database. If "
                       "tegdesk is not running anywhere else, take the database over; otherwise open it "
                       "read-only.")
        elif stale:
            text = _("{name} was not closed properly.", name=name)
            detail = _("tegdesk stopped on this computer while the database was open (it was opened by {user} "
                       "on {since}; process {pid} is no longer running). Nothing has been changed. Take it over "
                       "to work on it again, or open it read-only.",
                       user=holder.user, since=when(tr, holder.since), pid=holder.pid)
        else:
            text = _("{name} is in use by {user} on {host}.", name=name, user=holder.user, host=holder.host)
            if holder.on_this_host:
                where = _("It is open in another tegdesk on this computer (process {pid}) since {since}.",
                          pid=holder.pid, since=when(tr, holder.since))
            else:
                where = _("It has been open on {host} since {since} (process {pid}).",
                          host=holder.host, since=when(tr, holder.since), pid=holder.pid)
            detail = where + "\n\n" + _(
                "Only one tegdesk at a time can change a database. Open it read-only to look things up and "
                "export, or ask {user} to close it.", user=holder.user)
        detail += "\n\n" + _("File: {path}", path=str(path))
        super().__init__(QMessageBox.Icon.Warning, _("Database in use"), text, detail, parent)
        self.setObjectName("locked_dialog")
        can_take_over = stale or not holder.host or not holder.on_this_host
        if can_take_over:
            label = _("Take over") if stale else _("Take over…")
            self.add_choice(Choice.TAKE_OVER, label, QMessageBox.ButtonRole.AcceptRole, default=stale)
        self.add_choice(Choice.READ_ONLY, _("Open read-only"), QMessageBox.ButtonRole.AcceptRole,
                        default=not stale)
        self.add_choice(Choice.CANCEL, _cancel_label(tr, at_start), QMessageBox.ButtonRole.RejectRole)


class TakeOverWarning(StartupDialog):
    """The lock was made on another computer: taking it over is safe only if tegdesk stopped there."""

    def __init__(self, tr: Translator, holder: locking.LockHolder, parent: QWidget | None = None):
        _ = tr.gettext
        host = holder.host or _("another computer")
        text = _("Take the database over from {host}?", host=host)
        detail = _("Do this only if tegdesk is no longer running on {host}, for example because that computer "
                   "lost power or was switched off. If it is still running there, two people would change the "
                   "database at once and work would be lost.", host=host)
        super().__init__(QMessageBox.Icon.Warning, _("Take over the database"), text, detail, parent)
        self.setObjectName("take_over_warning")
        self.add_choice(Choice.TAKE_OVER, _("Take over"), QMessageBox.ButtonRole.DestructiveRole)
        self.add_choice(Choice.CANCEL, _("Cancel"), QMessageBox.ButtonRole.RejectRole, default=True)


class DamagedDialog(StartupDialog):
    """The file is damaged: nothing changed, where it is, the newest good backup."""

    def __init__(self, tr: Translator, path: Path, reason: str, backup: BackupInfo | None, *,
                 at_start: bool = True, parent: QWidget | None = None):
        _ = tr.gettext
        self.backup = backup
        text = _("The database {name} is damaged and cannot be opened.", name=path.name)
        detail = _("SQLite reports: {reason}. Nothing has been changed; the file is still at {path}.",
                   reason=reason, path=str(path))
        if backup is not None:
            detail += "\n\n" + _(
                "The newest good backup was taken on {when} ({kind}). Restoring it puts it in the place of the "
                "damaged file; work done after it is not in it. The damaged file is not deleted: it stays in the "
                "same folder, its name ending in .damaged and the date.", when=when(tr, backup.taken_at),
                kind=_(backup.reason_label))
        else:
            detail += "\n\n" + _("No good backup of it was found in {folder}. Open another database, or keep the "
                                 "file for someone who can try to rescue it.", folder=str(backups_dir(path)))
        super().__init__(QMessageBox.Icon.Critical, _("Database damaged"), text, detail, parent)
        self.setObjectName("damaged_dialog")
        if backup is not None:
            self.add_choice(Choice.RESTORE, _("Restore the backup of {date}", date=tr.date(
                backup.taken_at.astimezone().date())), QMessageBox.ButtonRole.AcceptRole, default=True)
        self.add_choice(Choice.OPEN_OTHER, _("Open another database…"), QMessageBox.ButtonRole.ActionRole,
                        default=backup is None)
        self.add_choice(Choice.CANCEL, _cancel_label(tr, at_start), QMessageBox.ButtonRole.RejectRole)


class TooNewDialog(StartupDialog):
    """Written by a newer tegdesk: never altered; read-only is possible."""

    def __init__(self, tr: Translator, path: Path, schema: str, *, at_start: bool = True,
                 parent: QWidget | None = None):
        _ = tr.gettext
        text = _("The database {name} was made by a newer version of tegdesk.", name=path.name)
        detail = _("This version ({version}) does not know its structure (schema {schema}), so it will not change "
                   "it; nothing has been changed. Open it read-only to look things up, or open it with the newer "
                   "tegdesk to work on it.", version=__version__, schema=schema) + "\n\n" + \
            _("File: {path}", path=str(path))
        super().__init__(QMessageBox.Icon.Warning, _("Database from a newer tegdesk"), text, detail, parent)
        self.setObjectName("too_new_dialog")
        self.add_choice(Choice.READ_ONLY, _("Open read-only"), QMessageBox.ButtonRole.AcceptRole, default=True)
        self.add_choice(Choice.OPEN_OTHER, _("Open another database…"), QMessageBox.ButtonRole.ActionRole)
        self.add_choice(Choice.CANCEL, _cancel_label(tr, at_start), QMessageBox.ButtonRole.RejectRole)


def ask(dialog: StartupDialog) -> Choice:
    """Show ``dialog`` until the user chooses (closing it is Cancel)."""
    dialog.exec()
    return dialog.choice


def read_only_reason(tr: Translator, store: Store) -> str:
    """Why ``store`` is read-only, in a few words for the status bar."""
    reason = store.read_only_reason
    if isinstance(reason, DatabaseLocked) and reason.holder.host:
        holder = reason.holder
        return tr.gettext("in use by {user} on {host} since {since}", user=holder.user, host=holder.host,
                          since=when(tr, holder.since))
    if isinstance(reason, DatabaseLocked):
        return tr.gettext("in use elsewhere")
    if isinstance(reason, DatabaseTooNew):
        return tr.gettext("made by a newer version of tegdesk")
    if isinstance(reason, DatabaseDamaged):
        return tr.gettext("Database damaged")
    return tr.gettext("opened read-only")


def _looks_like_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def _choose_other(tr: Translator, parent: QWidget | None, folder: Path) -> Path | None:
    name, _filter = QFileDialog.getOpenFileName(parent, tr.gettext("Open database"), str(folder),
                                                tr.gettext("tegdesk databases (*.sqlite3 *.db);;All files (*)"))
    return Path(name) if name else None


def open_database(path: Path, tr: Translator, parent: QWidget | None = None, *,
                  at_start: bool = True, defer_check: bool = False) -> Store | None:
    """Open ``path`` for the interface, asking the user what to do when it cannot be opened
    for changes; the store, or None when the user gave up (or was told why it cannot open).
    ``defer_check``: after a clean stop, leave the integrity check to :func:`check_in_background`."""
    _ = tr.gettext
    path = Path(path)
    take_over: locking.LockHolder | None = None
    while True:
        try:
            return open_store(path, take_over=take_over, defer_check=defer_check)
        except DatabaseLocked as exc:
            take_over = None
            holder = exc.holder
            stale = locking.is_stale(holder)
            choice = ask(LockedDialog(tr, path, holder, stale=stale, at_start=at_start, parent=parent))
            if choice is Choice.TAKE_OVER:
                if stale or ask(TakeOverWarning(tr, holder, parent)) is Choice.TAKE_OVER:
                    take_over = holder
                continue
            if choice is Choice.READ_ONLY:
                return _open_read_only(path, tr, parent)
            return None
        except DatabaseTooNew as exc:
            choice = ask(TooNewDialog(tr, path, str(exc.params.get("schema", "")), at_start=at_start, parent=parent))
            if choice is Choice.READ_ONLY:
                return _open_read_only(path, tr, parent)
        except DatabaseDamaged as exc:
            backup = newest_good_backup(path)
            if backup is None and not _looks_like_sqlite(path):  # not a database at all
                messages.fail(parent, APP_NAME, _("The database could not be opened."), exc.text(tr))
                return None
            reason = str(exc.params.get("reason", ""))
            choice = ask(DamagedDialog(tr, path, reason, backup, at_start=at_start, parent=parent))
            if choice is Choice.RESTORE and backup is not None:
                _restore(path, backup, tr, parent)
                continue
        except UserError as exc:
            messages.fail(parent, APP_NAME, _("The database could not be opened."), exc.text(tr))
            return None
        if choice is not Choice.OPEN_OTHER:
            return None
        other = _choose_other(tr, parent, path.parent)
        if other is None:
            return None
        path = other


class _CheckRelay(QObject):
    """Carries the worker's findings to the interface thread (a queued signal)."""

    checked = Signal(object, object)  # Store, list[str]


def check_in_background(window) -> threading.Thread | None:  # noqa: ANN001 (a MainWindow; no import cycle)
    """Run the integrity check its opening left for later on ``window``'s store in a worker
    thread; on damage, :func:`damage_found`. None when there is nothing to check."""
    store = window.store
    if not store.integrity_deferred:
        return None
    store.integrity_deferred = False
    relay = _CheckRelay(window)
    relay.checked.connect(lambda checked, problems: _checked(window, checked, problems),
                          Qt.ConnectionType.QueuedConnection)  # in the interface's thread, whoever emits

    def work() -> None:
        try:
            problems = integrity_problems(store.path, quick=True)
        except Exception as exc:  # an unreadable file is a finding too
            problems = [str(exc)]
        try:
            relay.checked.emit(store, problems)
        except RuntimeError:  # the window closed meanwhile: nobody to tell
            pass

    thread = threading.Thread(target=work, name="tegdesk-integrity-check", daemon=True)
    thread.start()
    window.integrity_thread = thread  # tests and closing can wait for it
    return thread


def _checked(window, store: Store, problems: list[str]) -> None:  # noqa: ANN001
    if problems and window.store is store:  # not for a database opened since
        damage_found(window, problems[0])


def damage_found(window, reason: str) -> Choice:  # noqa: ANN001
    """The open database is damaged: refuse writes at once, tell the user as at start and
    offer the newest good backup (restored in place, then opened) or another database."""
    tr: Translator = window.translator
    store: Store = window.store
    store.refuse_writes(damaged_error(store.path, reason))
    for page in window._made_pages():
        page.set_read_only(True)
    window._update_title_and_status()
    path = store.path
    backup = newest_good_backup(path)
    choice = ask(DamagedDialog(tr, path, reason, backup, at_start=False, parent=window))
    if choice is Choice.RESTORE and backup is not None:
        store.close()  # releases the lock: the restore takes it
        _restore(path, backup, tr, window)
        again = open_database(path, tr, window, at_start=False)
        if again is not None:  # otherwise the window stays read-only on the damaged file
            window.adopt_store(again)
    elif choice is Choice.OPEN_OTHER:
        window.choose_database()
    return choice


def _open_read_only(path: Path, tr: Translator, parent: QWidget | None) -> Store | None:
    try:
        return open_store(path, read_only=True)
    except UserError as exc:
        messages.fail(parent, APP_NAME, tr.gettext("The database could not be opened."), exc.text(tr))
        return None


def _restore(path: Path, backup: BackupInfo, tr: Translator, parent: QWidget | None) -> bool:
    _ = tr.gettext
    try:
        aside = restore_damaged(path, backup.path)
    except (UserError, OSError) as exc:
        detail = exc.text(tr) if isinstance(exc, UserError) else str(exc)
        messages.fail(parent, APP_NAME, _("The backup could not be restored; nothing has been changed."), detail)
        return False
    messages.inform(parent, _("Backup restored"), _(
        "The backup of {when} is now the database {name}. Work done after it is not in it.",
        when=when(tr, backup.taken_at), name=path.name),
        _("The damaged file was kept as {path}.", path=str(aside)))
    return True
