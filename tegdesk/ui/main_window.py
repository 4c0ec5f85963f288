"""The main window: navigation on the left, one page per area, menus and a status bar."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from tegdesk import APP_NAME
from tegdesk.core.errors import UserError
from tegdesk.core.i18n import Translator, translator
from tegdesk.core.progress import Cancelled, Progress
from tegdesk.core.store import Store
from tegdesk.core.store.backup import make_backup
from tegdesk.ui import messages, settings, startup
from tegdesk.ui.about import AboutDialog
from tegdesk.ui.backup_timer import BackupTimer
from tegdesk.ui.language import apply_language, ui_languages
from tegdesk.ui.pages import PAGE_TYPES, Page
from tegdesk.ui.restore import RestoreDialog, restore_into_window
from tegdesk.ui.roster.checked import CheckedDialog
from tegdesk.ui.tasks import Task, run_task, show_task_error

DB_FILTER_SUFFIX = ".sqlite3"


class MainWindow(QMainWindow):
    #: Another database is now open (File › Open or New): the new :class:`Store`.
    database_changed = Signal(object)

    def __init__(self, store: Store, tr: Translator, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("main_window")
        self.store = store
        self.translator = tr
        self.resize(1200, 800)
        self.setMinimumSize(800, 500)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(210)
        self.nav.setStyleSheet("QListWidget#nav { border: none; } QListWidget#nav::item { padding: 9px 14px; }")
        self.stack = QStackedWidget()
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.nav.currentRowChanged.connect(self._show_row)

        self.status_label = QLabel()
        self.status_label.setObjectName("db_status")
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addWidget(self.status_label, 1)
        self.read_only_label = QLabel()
        self.read_only_label.setObjectName("read_only")
        self.read_only_label.setStyleSheet(
            "QLabel#read_only { background: #fff4d6; border: 1px solid #e0c074; border-radius: 3px;"
            " padding: 1px 8px; color: #5c4000; }")
        self.statusBar().addPermanentWidget(self.read_only_label)
        self.unsaved_question: QWidget | None = None  # "Save the changes you made?" while it is asked

        self._build_menus()
        self._build_pages()
        self.retranslate(tr)

        # periodic backups while in use (at most every 30 minutes), thinned; never blocks the window
        self.backup_timer = BackupTimer(lambda: self.store, self)
        self.backup_timer.made.connect(self._periodic_backup_made)
        self.backup_timer.failed.connect(self._periodic_backup_failed)
        self.backup_timer.start()

    # -- construction ------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.new_action = self.file_menu.addAction("", self.new_database)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.open_action = self.file_menu.addAction("", self.choose_database)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.file_menu.addSeparator()
        self.backup_action = self.file_menu.addAction("", self.backup_now)
        self.restore_action = self.file_menu.addAction("", self.show_restore)
        self.audit_action = self.file_menu.addAction("", self.show_audit_trail)
        self.file_menu.addSeparator()
        self.quit_action = self.file_menu.addAction("", self.close)
        quit_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)
        self.quit_action.setShortcuts(quit_keys or [QKeySequence("Ctrl+Q")])
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)

        self.settings_menu = bar.addMenu("")
        self.language_menu = self.settings_menu.addMenu("")
        self.language_group = QActionGroup(self)
        self.language_group.setExclusive(True)
        self.language_actions: dict[str, QAction] = {}
        for lang, name in ui_languages():
            action = self.language_menu.addAction(name)
            action.setCheckable(True)
            action.setData(lang)
            self.language_group.addAction(action)
            self.language_actions[lang] = action
        self.language_group.triggered.connect(lambda action: self.set_language(action.data()))

        self.help_menu = bar.addMenu("")
        self.demo_action = self.help_menu.addAction("", self.fill_with_demo)
        self.help_menu.aboutToShow.connect(self.update_demo_action)  # whether the database is empty now
        self.help_menu.addSeparator()
        self.about_action = self.help_menu.addAction("", self.show_about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)

    def _build_pages(self) -> None:
        """(Re)start every page for the current store, keeping the selected area. A page is
        made when first shown (or asked for): the window opens without reading what the
        other areas show (10,000 experts, 100,000 activities, the reports' figures)."""
        current = max(self.nav.currentRow(), 0)
        self.nav.blockSignals(True)
        self.nav.clear()
        while self.stack.count():
            old = self.stack.widget(0)
            self.stack.removeWidget(old)
            old.deleteLater()
        self._pages: list[Page | None] = [None] * len(PAGE_TYPES)
        for page_type in PAGE_TYPES:
            self.stack.addWidget(QWidget())  # stands in for the page until it is made
            item = QListWidgetItem(self.translator.gettext(page_type.title))
            item.setData(Qt.ItemDataRole.UserRole, page_type.key)
            self.nav.addItem(item)
        self.nav.blockSignals(False)
        self.show_page(PAGE_TYPES[min(current, len(PAGE_TYPES) - 1)].key)

    def _page_at(self, index: int) -> Page:
        """The page of navigation row ``index``, made now if it was not yet."""
        page = self._pages[index]
        if page is None:
            page = self._pages[index] = PAGE_TYPES[index](self.store, self.translator)
            page.set_read_only(self.store.read_only)
            stand_in = self.stack.widget(index)
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(stand_in)
            stand_in.deleteLater()
        return page

    def _made_pages(self) -> list[Page]:
        return [p for p in self._pages if p is not None]

    def _show_row(self, index: int) -> None:
        if 0 <= index < len(self._pages):
            self.stack.setCurrentWidget(self._page_at(index))

    # -- public ------------------------------------------------------------
    @property
    def pages(self) -> list[Page]:
        """Every page, in navigation order (those not yet shown are made now)."""
        return [self._page_at(i) for i in range(len(self._pages))]

    def page(self, key: str) -> Page:
        return self._page_at(next(i for i, t in enumerate(PAGE_TYPES) if t.key == key))

    def show_page(self, key: str) -> None:
        index = next(i for i, t in enumerate(PAGE_TYPES) if t.key == key)
        self.nav.setCurrentRow(index)
        self.stack.setCurrentWidget(self._page_at(index))

    def set_language(self, lang: str, *, remember: bool = True) -> None:
        """Switch the whole interface to ``lang`` now, and remember the choice."""
        tr = translator(lang)
        apply_language(tr)
        if remember:
            settings.put(settings.LANGUAGE, tr.lang)
        self.retranslate(tr)

    def retranslate(self, tr: Translator) -> None:
        self.translator = tr
        _ = tr.gettext
        self.file_menu.setTitle(_("&File"))
        self.new_action.setText(_("&New database…"))
        self.open_action.setText(_("&Open database…"))
        self.backup_action.setText(_("&Backup now"))
        self.restore_action.setText(_("&Restore…"))
        self.audit_action.setText(_("Audit &trail…"))
        self.quit_action.setText(_("&Quit"))
        self.settings_menu.setTitle(_("&Settings"))
        self.language_menu.setTitle(_("&Language"))
        self.help_menu.setTitle(_("&Help"))
        self.demo_action.setText(_("Fill with &demonstration data…"))
        self.demo_action.setToolTip(_("A fictitious roster, meetings, activities and requests to try tegdesk with; "
                                      "only in an empty database"))
        self.about_action.setText(_("&About tegdesk"))
        for lang, action in self.language_actions.items():
            action.setChecked(lang == tr.lang)
        self.nav.setAccessibleName(_("Areas"))
        for row, page_type in enumerate(PAGE_TYPES):
            self.nav.item(row).setText(_(page_type.title))
        for page in self._made_pages():  # the others are made in the language of their day
            page.retranslate(tr)
        self._update_title_and_status()

    def _update_title_and_status(self) -> None:
        _ = self.translator.gettext
        read_only = self.store.read_only
        if read_only:
            self.setWindowTitle(_("tegdesk — {name} (read-only)", name=self.store.path.name))
            text = _("Database: {path} (read-only)", path=str(self.store.path))
            self.read_only_label.setText(_("Read-only: {reason}", reason=startup.read_only_reason(
                self.translator, self.store)))
            reason = self.store.read_only_reason
            self.read_only_label.setToolTip(reason.text(self.translator) if reason is not None else "")
        else:
            self.setWindowTitle(f"tegdesk — {self.store.path.name}")
            text = _("Database: {path}", path=str(self.store.path))
        self.read_only_label.setVisible(read_only)
        self.status_label.setText(text)
        self.backup_action.setEnabled(self.store.path.exists() and not read_only)
        self.restore_action.setEnabled(not read_only)

    # -- database ----------------------------------------------------------
    def open_database(self, path: Path) -> bool:
        """Open ``path`` (creating it if needed) in place of the current store; a database in use,
        damaged or too new is handled as at start (:func:`tegdesk.ui.startup.open_database`)."""
        if Path(path).resolve() == self.store.path.resolve():
            return True  # already open here
        if not self.settle_unsaved(lambda: self.open_database(path)):
            return False  # asked about changes not saved; opens once answered
        new_store = startup.open_database(Path(path), self.translator, self, at_start=False)
        if new_store is None:
            return False
        self.adopt_store(new_store)
        return True

    def adopt_store(self, new_store: Store) -> None:
        """Show ``new_store`` in every page, closing the current store (if not already closed)."""
        old, self.store = self.store, new_store
        old.close()
        self._build_pages()
        self._update_title_and_status()
        self.database_changed.emit(new_store)

    def activate(self) -> None:
        """Come to the front (a second start of tegdesk on this database asked for it)."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def choose_database(self) -> None:
        _ = self.translator.gettext
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Open database"), str(self.store.path.parent),
            _("tegdesk databases (*.sqlite3 *.db);;All files (*)"),
        )
        if name:
            self.open_database(Path(name))

    def new_database(self) -> None:
        _ = self.translator.gettext
        name, _filter = QFileDialog.getSaveFileName(
            self, _("New database"), str(self.store.path.parent / "tegdesk.sqlite3"),
            _("tegdesk databases (*.sqlite3)"), options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if not name:
            return
        path = Path(name)
        if not path.suffix:
            path = path.with_suffix(DB_FILTER_SUFFIX)
        if path.exists() and path.stat().st_size > 0:
            messages.warn(self, APP_NAME, _(
                "There is already a file at {path}. Choose another name, or use "
                "Open database… to open it.", path=str(path)))
            return
        self.open_database(path)

    def backup_now(self) -> Task:
        """File › Backup now: copy the database off the interface's thread (progress, Cancel), then
        say where. Cancelled, the copy is removed; a problem is said in the user's language."""
        tr = self.translator
        _ = tr.gettext
        db_path = self.store.path

        def work(progress: Progress) -> Path:
            progress(0, 1)
            copy = make_backup(db_path, "manual")
            if progress.cancelled:  # asked to stop while copying: no copy is left behind
                copy.unlink(missing_ok=True)
                raise Cancelled()
            return copy

        def made(copy: Path) -> None:
            messages.inform(self, _("Backup made"), _("The database was copied to {path}.", path=str(copy)))

        def failed(exc: BaseException) -> None:
            if isinstance(exc, UserError):
                messages.fail(self, APP_NAME, _("The backup could not be made."), exc.text(tr))
            else:
                show_task_error(self, tr, APP_NAME, exc)

        self.backup_task = run_task(self, _("Making a backup of {name}", name=db_path.name), work, tr=tr,
                                    on_done=made, on_error=failed)
        return self.backup_task

    def show_audit_trail(self) -> QWidget:
        """Who changed what and when (a window of its own; read-only)."""
        from tegdesk.ui.audit import AuditTrailDialog

        dialog = AuditTrailDialog(self.store, self.translator, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def restore_dialog(self) -> RestoreDialog:
        return RestoreDialog(self.store.path, self.translator, self.restore_from, self)

    def show_restore(self) -> RestoreDialog | None:
        """File › Restore…: the backups of this database, newest first (window-modal); changes not
        saved are asked about first, since a restore replaces the open database."""
        if not self.settle_unsaved(self.show_restore):
            return None
        dialog = self.restore_dialog()
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def restore_from(self, backup: Path, ended: Callable[[bool], None] | None = None) -> bool:
        """Put ``backup`` in the place of the open database and show it (:mod:`tegdesk.ui.restore`), off
        the interface's thread; ``ended(done)`` follows. True when the restore started."""
        if not self.settle_unsaved(lambda: self.restore_from(backup, ended)):
            return False  # asked about changes not saved; restores once answered
        restore_into_window(self, Path(backup), ended)
        return True

    def _periodic_backup_made(self, path: Path, _removed: list[Path]) -> None:
        self.statusBar().showMessage(self.translator.gettext("Automatic backup made: {name}", name=path.name),
                                     10_000)

    def _periodic_backup_failed(self, error: Exception) -> None:
        reason = error.text(self.translator) if isinstance(error, UserError) else str(error)
        self.statusBar().showMessage(self.translator.gettext("The automatic backup failed: {reason}",
                                                             reason=" ".join(reason.split())))

    def settle_unsaved(self, then: Callable[[], object]) -> bool:
        """Before the open database goes away (closing, opening another, restoring a backup):
        save what pages save as the user types; if a form or an editor still holds changes,
        show it and ask Save / Discard / Cancel, then call ``then`` once answered (unless
        cancelled or the save was refused). True when nothing was unsaved and the caller may
        go on at once."""
        for form in self.findChildren(CheckedDialog):  # typed input is never lost: ask first
            if form.isVisible() and form.has_unsaved_changes():
                form.raise_()
                form.reject()  # the form asks; the user tries again once it is answered
                return False
        if self.store.read_only:
            return True
        for page in self._made_pages():  # a page not yet made holds nothing typed
            page.save_pending()
        for page in self._made_pages():
            editor = page.unsaved_editor()
            if editor is None:
                continue
            self.show_page(page.key)
            page.reveal(editor)
            if self.unsaved_question is None:
                self.unsaved_question = messages.ask_unsaved(
                    self, self.translator, lambda choice: self._unsaved_answer(choice, editor, then))
            return False
        return True

    def _unsaved_answer(self, choice: str, editor: QWidget, then: Callable[[], object]) -> None:
        self.unsaved_question = None
        if choice == "cancel" or (choice == "save" and not editor.save_changes()):
            return
        if choice == "discard":
            editor.discard_changes()
        then()

    # -- help --------------------------------------------------------------
    def demo_allowed(self) -> bool:
        """The demonstration goes only into an empty database that can be written (as ``tegdesk demo``)."""
        from tegdesk.core.demo import existing_content

        if self.store.read_only:
            return False
        try:
            return not existing_content(self.store)
        except UserError:
            return False

    def update_demo_action(self) -> None:
        self.demo_action.setEnabled(self.demo_allowed())

    def fill_with_demo(self) -> Task | None:
        """Help › Fill with demonstration data…: after a confirmation, the demonstration is written off
        the interface's thread (progress, Cancel: all or nothing), then every page shows it."""
        from tegdesk.core.demo import populate_demo

        self.update_demo_action()
        if not self.demo_action.isEnabled() or not confirm_demo(self, self.translator, self.store.path.name):
            return None
        tr, store = self.translator, self.store
        _ = tr.gettext

        def filled(summary) -> None:  # noqa: ANN001  (a DemoSummary: plain numbers)
            self._build_pages()
            self.update_demo_action()
            messages.inform(self, _("Demonstration data"), _(
                "Demonstration loaded into {path}: {experts} experts ({serving} serving), {meetings} meetings, "
                "{activities} activities, {requests} requests.",
                path=str(store.path), experts=tr.number(summary.experts), serving=tr.number(summary.serving_experts),
                meetings=tr.number(summary.meetings), activities=tr.number(summary.activities),
                requests=tr.number(summary.requests)))

        self.demo_task = run_task(self, _("Filling {name} with demonstration data", name=store.path.name),
                                  lambda progress: populate_demo(store, progress=progress), tr=tr, on_done=filled)
        return self.demo_task

    def about_dialog(self) -> AboutDialog:
        return AboutDialog(self.translator, self)

    def show_about(self) -> None:
        self.about_dialog().exec()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        if not self.settle_unsaved(self.close):
            event.ignore()
            return
        self.backup_timer.stop()
        self.backup_timer.wait()
        self.store.close()
        super().closeEvent(event)


def confirm_demo(parent: QWidget, tr: Translator, name: str) -> bool:
    """Ask before filling the database ``name`` with the demonstration; True for Fill (tests replace this)."""
    _ = tr.gettext
    box = QMessageBox(QMessageBox.Icon.Question, _("Demonstration data"),
                      _("Fill {name} with demonstration data?", name=name), QMessageBox.StandardButton.NoButton,
                      parent)
    box.setObjectName("confirm_demo")
    box.setInformativeText(_("tegdesk adds a fictitious roster of experts, meetings, activities and requests to try "
                             "it with. Keep them in a database of their own: they cannot be taken out again."))
    fill = box.addButton(_("Fill"), QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(fill)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is fill
