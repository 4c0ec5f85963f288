"""Long work off the interface's thread (issue #8, item 3): the previews of the meeting documents,
the BSP report and the activity catalogue, Save as, the roster export, File › Backup now and
Help › Fill with demonstration data… each run in a worker (run_task: a progress bar and Cancel).

Each path: the work runs in another thread than the interface's and gives the right result;
Cancel (the progress dialog's button, clicked) leaves no file and no change; an error is a message
in the user's language and loses nothing."""

from __future__ import annotations

import threading
from pathlib import Path

import meeting_demo
import pytest
from meeting_demo import pdf_pages, pdf_text
from PySide6.QtCore import Qt

from tegdesk.core.documents import meeting_export, roster_pdf, un
from tegdesk.core.errors import DatabaseError, UserError
from tegdesk.core.i18n import translator
from tegdesk.core.services.meetings import MeetingService
from tegdesk.core.store.backup import backups_dir
from tegdesk.ui import main_window as main_window_module
from tegdesk.ui.activities import catalogue as catalogue_ui
from tegdesk.ui.meetings import outputs
from tegdesk.ui.tasks import running_tasks

demo_template, demo_store = meeting_demo.demo_template, meeting_demo.demo_store  # fixtures

MAIN = threading.get_ident()


class Gate:
    """Where a worker records its thread and, when closed, waits until the test lets it go on."""

    def __init__(self, closed: bool = False):
        self.threads: list[int] = []
        self.reached = threading.Event()
        self.release = threading.Event()
        if not closed:
            self.release.set()

    def __call__(self) -> None:
        self.threads.append(threading.get_ident())
        self.reached.set()
        assert self.release.wait(30), "the test never let the work go on"

    @property
    def off_thread(self) -> bool:
        return bool(self.threads) and MAIN not in self.threads


def finish(qtbot) -> None:
    """Wait until no work is under way (its result shown)."""
    qtbot.waitUntil(lambda: not running_tasks(), timeout=30_000)


def press_cancel(qtbot, gate: Gate) -> None:
    """Once the work waits at ``gate``, click Cancel in its progress dialog, let it go on, wait for the end."""
    qtbot.waitUntil(gate.reached.is_set, timeout=30_000)
    [task] = running_tasks()
    qtbot.waitUntil(task.dialog.isVisible, timeout=5_000)  # shown after a moment, over the window
    assert task.dialog.windowModality() == Qt.WindowModality.WindowModal
    qtbot.mouseClick(task.dialog.cancel_button, Qt.MouseButton.LeftButton)
    gate.release.set()
    finish(qtbot)


_ORIGINALS: dict[tuple[int, str], object] = {}


def gated(monkeypatch, owner, name: str, gate: Gate) -> None:
    """``owner.name`` (as it was before any test replaced it) passes through ``gate`` before doing its work."""
    original = _ORIGINALS.setdefault((id(owner), name), getattr(owner, name))

    def wrapper(*args, **kwargs):
        gate()
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, wrapper)


def text_of(dialog) -> str:
    return " ".join(dialog.document.getAllText(page).text() for page in range(dialog.page_count()))


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# -- the meeting documents -------------------------------------------------------------------

@pytest.fixture
def documents(qtbot, demo_store, tmp_path, monkeypatch):
    monkeypatch.setattr(outputs, "documents_folder", lambda: tmp_path)
    button = outputs.DocumentsButton(demo_store, translator("en"))
    qtbot.addWidget(button)
    button.set_meeting(MeetingService(demo_store).find("TEG:2").id)
    return button


def test_a_meeting_document_is_built_in_a_worker_and_opens_when_ready(documents, qtbot, monkeypatch, shown):
    gate = Gate()
    gated(monkeypatch, outputs, "render_pdf", gate)
    dialog = documents.open_document("agenda")
    qtbot.addWidget(dialog)
    assert not dialog.isVisible() and dialog.page_count() == 0  # nothing yet: the build runs
    finish(qtbot)
    assert dialog.isVisible() and gate.off_thread
    assert "Provisional agenda" in text_of(dialog) and shown == []


def test_cancelling_the_first_build_shows_nothing(documents, qtbot, monkeypatch, shown):
    gate = Gate(closed=True)
    gated(monkeypatch, outputs, "render_pdf", gate)
    dialog = documents.open_document("participants")
    qtbot.addWidget(dialog)
    press_cancel(qtbot, gate)
    assert not dialog.isVisible() and dialog.page_count() == 0 and shown == []


def test_cancelling_a_rebuild_keeps_the_pages_and_their_language(documents, qtbot, monkeypatch):
    dialog = documents.open_document("agenda")
    qtbot.addWidget(dialog)
    finish(qtbot)
    before = dialog.pdf
    gate = Gate(closed=True)
    gated(monkeypatch, outputs, "render_pdf", gate)
    dialog.set_language("zh")
    press_cancel(qtbot, gate)
    assert dialog.lang() == "en" and dialog.pdf == before and "Provisional agenda" in text_of(dialog)
    assert dialog.error_label.isHidden() and dialog.windowTitle() == "Provisional agenda — TEG 2"
    dialog.set_option("annotated", True)  # the choices still work
    finish(qtbot)
    assert "Annotated provisional agenda" in text_of(dialog)


def test_a_refused_first_build_is_a_message_in_the_users_language(demo_store, qtbot, monkeypatch, shown):
    zh = translator("zh")

    def refused(*_args, **_kwargs):
        raise UserError(meeting_export.BAD_WHAT, what="x")

    monkeypatch.setattr(outputs, "meeting_document", refused)
    dialog = outputs.open_preview(None, demo_store, zh, MeetingService(demo_store).find("TEG:2").id, "agenda")
    qtbot.addWidget(dialog)
    finish(qtbot)
    assert not dialog.isVisible()
    assert shown == [("warn", dialog.windowTitle(), zh.gettext(meeting_export.BAD_WHAT, what="x"), None)]
    assert shown[0][2] != meeting_export.BAD_WHAT.format(what="x")  # in Chinese


def test_save_as_writes_in_a_worker_and_cancel_or_an_error_leaves_the_file_as_it_was(
        documents, qtbot, monkeypatch, tmp_path, shown):
    dialog = documents.open_document("letter")
    qtbot.addWidget(dialog)
    finish(qtbot)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "letter.pdf"

    gate = Gate()
    gated(monkeypatch, un, "render_pdf", gate)  # the export's own build
    dialog.save_to(target)
    finish(qtbot)
    assert gate.off_thread and dialog.saved_path == target and "Dear" in pdf_text(target)

    target.write_bytes(b"the letter sent last week")
    gate = Gate(closed=True)
    gated(monkeypatch, un, "render_pdf", gate)
    dialog.save_to(target)
    press_cancel(qtbot, gate)
    assert target.read_bytes() == b"the letter sent last week" and files_in(folder) == ["letter.pdf"]

    def broken(_document):
        raise UserError(meeting_export.BAD_WHAT, what="letter")

    monkeypatch.setattr(un, "render_pdf", broken)
    dialog.save_to(target)
    finish(qtbot)
    assert shown[-1] == ("fail", "Not saved", "The document could not be saved.",
                         meeting_export.BAD_WHAT.format(what="letter"))
    assert target.read_bytes() == b"the letter sent last week" and files_in(folder) == ["letter.pdf"]


# -- the BSP report and the activity catalogue ------------------------------------------------

def test_the_bsp_report_is_built_in_a_worker_and_cancel_shows_nothing(qtbot, demo_store, monkeypatch, tmp_path,
                                                                       shown):
    from tegdesk.core.documents import bsp_report
    from tegdesk.ui.pages.reports import ReportsPage

    monkeypatch.setattr(outputs, "documents_folder", lambda: tmp_path)
    page = ReportsPage(demo_store, translator("en"))
    qtbot.addWidget(page)
    gate = Gate()
    gated(monkeypatch, bsp_report, "build_bsp_report", gate)
    dialog = page.open_preview()  # a child of the page, which deletes the one before
    finish(qtbot)
    assert gate.off_thread and dialog.isVisible() and dialog.page_count() >= 3
    assert f"{page.year()}" in text_of(dialog)
    dialog.close()

    gate = Gate(closed=True)
    gated(monkeypatch, bsp_report, "build_bsp_report", gate)
    dialog = page.open_preview()  # a child of the page, which deletes the one before
    press_cancel(qtbot, gate)
    assert not dialog.isVisible() and shown == []


def test_the_catalogue_is_built_in_a_worker(qtbot, demo_store, monkeypatch, tmp_path):
    from tegdesk.core.activity_types import ActivityFilter

    monkeypatch.setattr(catalogue_ui, "documents_folder", lambda: tmp_path)
    gate = Gate()
    gated(monkeypatch, catalogue_ui, "catalogue_pdf", gate)
    dialog = catalogue_ui.open_catalogue_preview(None, demo_store, translator("en"),
                                                 ActivityFilter(countries=frozenset({"TH"})))
    qtbot.addWidget(dialog)
    finish(qtbot)
    assert gate.off_thread and dialog.isVisible() and "Country: Thailand" in " ".join(text_of(dialog).split())
    dialog.save_to(tmp_path / "catalogue.pdf")
    finish(qtbot)
    assert (tmp_path / "catalogue.pdf").read_bytes() == dialog.pdf


# -- the roster export -----------------------------------------------------------------------

@pytest.fixture
def demo_window(qtbot, demo_store):
    """The main window on the demonstration database."""
    from tegdesk.ui.app import build_window

    win = build_window(demo_store, "en")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    finish(qtbot)


def export_to(page, path: Path) -> None:
    dialog = page.export_roster()
    dialog.path.setText(str(path))
    dialog.try_accept()


def test_the_roster_export_runs_in_a_worker(demo_window, demo_store, qtbot, monkeypatch, tmp_path, shown):
    from tegdesk.core.interchange.roster_export import roster_records

    page = demo_window.page("roster")
    gate = Gate()
    gated(monkeypatch, roster_pdf, "export_roster_pdf", gate)
    folder = tmp_path / "out"
    folder.mkdir()
    export_to(page, folder / "roster.pdf")
    finish(qtbot)
    assert gate.off_thread and pdf_pages(folder / "roster.pdf") >= 1
    assert shown[-1] == ("inform", "Roster exported", f"The roster was written to {folder / 'roster.pdf'}.", None)

    export_to(page, folder / "roster.csv")
    finish(qtbot)
    lines = (folder / "roster.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 1 + len(roster_records(demo_store, as_of=page.as_of)) > 10
    assert files_in(folder) == ["roster.csv", "roster.pdf"]  # nothing else left


def test_cancel_or_an_error_in_the_roster_export_leaves_the_file_as_it_was(demo_window, qtbot, monkeypatch,
                                                                          tmp_path, shown):
    page = demo_window.page("roster")
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "roster.pdf"
    target.write_bytes(b"last month's roster")
    gate = Gate(closed=True)
    gated(monkeypatch, roster_pdf, "export_roster_pdf", gate)
    export_to(page, target)
    press_cancel(qtbot, gate)
    assert target.read_bytes() == b"last month's roster" and files_in(folder) == ["roster.pdf"]
    assert shown == []

    demo_window.set_language("zh")
    zh = translator("zh")

    def broken(*_args, **_kwargs):
        raise UserError(meeting_export.BAD_FORMAT, name="roster.pdf")

    monkeypatch.setattr(roster_pdf, "export_roster_pdf", broken)
    export_to(page, target)
    finish(qtbot)
    assert shown == [("fail", zh.gettext("Roster not exported"), zh.gettext("The roster could not be written."),
                      zh.gettext(meeting_export.BAD_FORMAT, name="roster.pdf"))]
    assert target.read_bytes() == b"last month's roster" and files_in(folder) == ["roster.pdf"]


# -- File › Backup now -----------------------------------------------------------------------

def manual_backups(store) -> list[Path]:
    return sorted(backups_dir(store.path).glob("*-manual.sqlite3*"))


def test_backup_now_copies_in_a_worker_and_cancel_removes_the_copy(window, store, qtbot, monkeypatch, shown):
    gate = Gate()
    gated(monkeypatch, main_window_module, "make_backup", gate)
    window.backup_action.trigger()
    finish(qtbot)
    [copy] = manual_backups(store)
    assert gate.off_thread and shown == [("inform", "Backup made", f"The database was copied to {copy}.", None)]
    copy.unlink()

    gate = Gate(closed=True)
    gated(monkeypatch, main_window_module, "make_backup", gate)
    window.backup_now()
    press_cancel(qtbot, gate)
    assert manual_backups(store) == [] and len(shown) == 1


def test_a_failed_backup_is_said_in_the_users_language(window, store, qtbot, monkeypatch, shown):
    reason = "The backup of {path} could not be written: {reason}"

    def failing(db_path, _why):
        raise DatabaseError(reason, path=db_path, reason="disk I/O error")

    monkeypatch.setattr(main_window_module, "make_backup", failing)
    window.set_language("zh")
    window.backup_now()
    finish(qtbot)
    zh = translator("zh")
    assert shown == [("fail", "tegdesk", zh.gettext("The backup could not be made."),
                      zh.gettext(reason, path=str(store.path), reason="disk I/O error"))]
    assert manual_backups(store) == []


# -- Help › Fill with demonstration data… ----------------------------------------------------

def test_demonstration_data_fill_an_empty_database_in_a_worker(window, store, qtbot, monkeypatch, shown):
    import tegdesk.core.demo as demo

    window.update_demo_action()
    assert window.demo_action.isEnabled() and window.demo_action in window.help_menu.actions()
    asked: list[str] = []
    monkeypatch.setattr(main_window_module, "confirm_demo", lambda parent, tr, name: asked.append(name) or False)
    assert window.fill_with_demo() is None and asked == [store.path.name]  # declined: nothing
    assert demo.existing_content(store) == {}

    monkeypatch.setattr(main_window_module, "confirm_demo", lambda parent, tr, name: True)
    gate = Gate()
    gated(monkeypatch, demo, "populate_demo", gate)
    window.demo_action.trigger()
    finish(qtbot)
    held = demo.existing_content(store)
    assert gate.off_thread and held["experts"] > 10 and held["activities"] > 10
    assert window.page("roster").model.rowCount() > 10  # the pages show it
    assert shown[-1][:2] == ("inform", "Demonstration data") and "Demonstration loaded into" in shown[-1][2]
    assert not window.demo_action.isEnabled()  # not twice


def test_cancelling_the_demonstration_leaves_the_database_empty(window, store, qtbot, monkeypatch, shown):
    from tegdesk.core.demo import existing_content, populate

    monkeypatch.setattr(main_window_module, "confirm_demo", lambda parent, tr, name: True)
    original = populate._Builder.write
    gate = Gate(closed=True)

    def write_then_wait(self, report=None):
        original(self)  # every row written in the transaction, then Cancel is pressed
        gate()

    monkeypatch.setattr(populate._Builder, "write", write_then_wait)
    window.fill_with_demo()
    press_cancel(qtbot, gate)
    assert existing_content(store) == {} and shown == []
    window.update_demo_action()
    assert window.demo_action.isEnabled()


def test_the_demonstration_is_not_offered_for_a_database_with_data(demo_window):
    demo_window.help_menu.aboutToShow.emit()
    assert not demo_window.demo_action.isEnabled()
    assert demo_window.fill_with_demo() is None


def test_the_demonstration_is_not_offered_for_a_read_only_database(window, store):
    store.read_only = True
    window.update_demo_action()
    assert not window.demo_action.isEnabled()


# -- File › Restore… -------------------------------------------------------------------------

def test_a_restore_checks_and_copies_in_a_worker(window, store, qtbot, monkeypatch, shown):
    from test_roster_support import nominate

    from tegdesk.core.store.backup import make_backup
    from tegdesk.ui import restore

    good = make_backup(store.path, "manual")
    nominate(store, "THA", "Srisuk", "Malee")
    checked, copied = Gate(), Gate()
    gated(monkeypatch, restore, "check_restorable", checked)
    gated(monkeypatch, restore, "restore_backup", copied)
    ended: list[bool] = []
    with qtbot.waitSignal(window.database_changed, timeout=30_000):
        assert window.restore_from(good, ended.append)
    finish(qtbot)
    assert checked.off_thread and copied.off_thread and ended == [True]
    assert window.page("roster").proxy.rowCount() == 0  # the backup's data
    assert shown[-1][:2] == ("inform", "Backup restored")


def test_cancelling_the_check_of_a_backup_changes_nothing(window, store, qtbot, monkeypatch, shown):
    from test_roster_support import nominate

    from tegdesk.core.store.backup import list_backups, make_backup
    from tegdesk.ui import restore

    good = make_backup(store.path, "manual")
    nominate(store, "THA", "Srisuk", "Malee")
    before = window.store
    gate = Gate(closed=True)
    gated(monkeypatch, restore, "check_restorable", gate)
    ended: list[bool] = []
    window.restore_from(good, ended.append)
    press_cancel(qtbot, gate)
    assert ended == [False] and window.store is before and shown == []
    window.page("roster").reload()
    assert window.page("roster").proxy.rowCount() == 1  # the database as it was
    assert [b.reason for b in list_backups(store.path)] == ["manual"]  # no pre-restore copy: nothing started


def test_a_failed_restore_reopens_the_unchanged_database(window, store, qtbot, monkeypatch, shown):
    from test_roster_support import nominate

    from tegdesk.core.store.backup import make_backup
    from tegdesk.ui import restore

    good = make_backup(store.path, "manual")
    nominate(store, "THA", "Srisuk", "Malee")
    reason = "The backup of {path} could not be written: {reason}"

    def failing(db_path, _backup):
        raise DatabaseError(reason, path=db_path, reason="disk full")

    monkeypatch.setattr(restore, "restore_backup", failing)
    ended: list[bool] = []
    window.restore_from(good, ended.append)
    finish(qtbot)
    assert ended == [False] and shown[-1][:3] == ("fail", "tegdesk", "The backup could not be restored; nothing has "
                                                                       "been changed.")
    window.page("roster").reload()
    assert window.page("roster").proxy.rowCount() == 1  # the database as it was, open again
    with window.store.session():
        pass
