"""Long work off the interface's thread: the one helper every import, export, report,
backup and demo generation goes through.

::

    run_task(self, tr.gettext("Importing the roster"),
             lambda progress: import_roster(store, path, progress=progress),
             tr=tr, on_done=self.imported, on_error=self.import_failed)

``fn(progress)`` runs in a worker thread (a thread pool of its own). It reports with
``progress(done, total, N_("message {x}"), x=...)`` and stops by raising
:class:`~tegdesk.core.progress.Cancelled` when the user presses Cancel (calling
``progress`` raises it; see :mod:`tegdesk.core.progress`, which is Qt-free so core
services can take it). Meanwhile a small dialog shows the translated message, a
progress bar and Cancel; it is window-modal (the window behind it keeps painting but
takes no input, so nothing is edited under the work's feet) and does not block: the
event loop keeps turning. The result, the error or the cancellation comes back on the
interface's thread, through queued signals:

- ``on_done(result)``;
- ``on_error(exc)`` — by default a :class:`~tegdesk.core.errors.UserError` is shown in
  the user's language (:func:`tegdesk.ui.messages.show_error`), any other exception as
  an unexpected error with its traceback;
- ``on_cancel()`` — by default nothing (the work wrote nothing).

Closing the window while work runs asks the work to stop instead (the database stays open
under it until it has); the window closes when asked again after that.

Database work in ``fn`` opens its own session (``store.session()``), which is safe from
a worker thread: the engine pools connections (``QueuePool``), each session checks one
out for its thread, and ``check_same_thread=False`` lets a connection be returned and
reused by another thread later (never two at once). SQLite's WAL lets the interface
keep reading while the worker writes; a write from the interface would wait
(``busy_timeout``), which the window-modal dialog avoids. ORM objects loaded in the
worker must not be handed to the interface: return plain values or ids.

A worker thread alone does not keep the window live: the worker and the interface share
the GIL, and the interface's timers, slots and event filters written in Python each need
it. What stalled the window during a 10,000-row import, measured (a 10-20 ms timer on the
interface's thread, the worker's C calls timed with ``sys.setprofile``):

- CPython's cyclic garbage collector stops every thread while it walks the heap: its full
  collections took 100–300 ms each, and the import triggered several (even its XML parser's
  ``feed`` then took 15–70 ms, a collection run inside it). While work runs, automatic
  collection is paused (reference counting still frees almost everything at once); it
  resumes when the last task ends, after what the work left alive has been moved to the
  oldest generation (``gc.freeze()`` then ``gc.unfreeze()``, two list splices): otherwise
  the first collection walks all of it at once on the interface's thread (266 ms after a
  refused 10,000-activity import, whose traceback holds every row);
- the GIL's switch interval: a thread that wants the GIL waits that long (CPython: 5 ms)
  before the holder must hand it over, and under a loaded processor every wait adds a
  scheduling delay. While work runs it is 1 ms (:data:`SWITCH_INTERVAL`); at a load of 4–5
  on 2 cores the largest stall of a 20 ms timer fell from 62–87 ms to 36–52 ms;
- first-time work of the interface while the worker competes: the first number formatted
  (Babel loads its locale data, 10–20 ms of Python) and the dialog's first polish and
  layout made the first progress report a 25–65 ms stall. :meth:`Task.start` does them
  before the worker starts;
- the work's own processor time: the less Python the worker runs, the fewer and shorter the
  waits. XLSX files are read by :mod:`tegdesk.core.interchange.xlsx_rows`, not openpyxl
  (3–4 times less), and bulk inserts skip Core's per-row parameter building
  (:func:`tegdesk.core.store.audit.bulk_insert`): a roster import of 10,000 rows now takes
  about 0.6 of the processor time it took.

Not a cause, measured: no C call of the worker holds the GIL long (with collection paused,
the longest XML ``feed`` of 16 KiB takes about 1 ms; SQLite's ``executemany`` and ``commit``,
50–140 ms, release the GIL while SQLite works), and the dialog's first show takes 1 ms
once the main window has been painted. What remains is the operating system's: under a
crowded processor the interface waits for a core, as it would beside any busy thread.
"""

from __future__ import annotations

import gc
import sys
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QRunnable, Qt, QThread, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from tegdesk.core.errors import UserError
from tegdesk.core.i18n import Translator
from tegdesk.core.progress import Cancelled, Progress
from tegdesk.ui import messages

#: The dialog appears only for work that lasts longer than this (milliseconds).
SHOW_AFTER_MS = 300
#: How long (seconds) the interface's thread waits for the GIL before the worker must hand it
#: over, while work runs (CPython's default: 0.005; see the module's doc).
SWITCH_INTERVAL = 0.001

_running: set[Task] = set()
_gc_paused = False
_switch_interval: float | None = None
_thread_pool: QThreadPool | None = None


class _Relay(QObject):
    """Signals emitted from the worker thread, delivered (queued) on the interface's thread."""

    progressed = Signal(int, int, str, object)
    succeeded = Signal(object)
    failed = Signal(object)
    stopped = Signal()


class _Worker(QRunnable):
    def __init__(self, fn: Callable[[Progress], Any], progress: Progress, relay: _Relay):
        super().__init__()
        self.setAutoDelete(False)  # the Task keeps it (Python owns it, not the pool)
        self.fn, self.progress, self.relay = fn, progress, relay

    def run(self) -> None:
        try:
            result = self.fn(self.progress)
        except Cancelled:
            self.relay.stopped.emit()
        except Exception as exc:  # handed to the interface (with its traceback): shown there, never lost
            self.relay.failed.emit(exc)
        else:
            self.relay.succeeded.emit(result)


def _pool() -> QThreadPool:
    """Our own pool: long work never waits behind Qt's own use of the global pool, nor delays it.

    Its threads keep normal priority on purpose: a worker of lower priority that holds the
    GIL when the processor is crowded is scheduled late, and the interface waits for it
    (priority inversion through the GIL; measured: longer stalls, not shorter)."""
    global _thread_pool
    if _thread_pool is None:
        _thread_pool = QThreadPool()
        _thread_pool.setMaxThreadCount(max(2, QThread.idealThreadCount()))
    return _thread_pool


class TaskDialog(QDialog):
    """What the work is doing, how far it has got, and Cancel. Closing it (Esc, the window's
    close button) asks to cancel too; it goes away when the work has stopped. (Not a
    QProgressDialog: that one hides itself on Cancel, before the work has stopped.)"""

    cancel_requested = Signal()

    def __init__(self, tr: Translator, title: str, *, cancellable: bool, parent: QWidget | None):
        super().__init__(parent)
        self.tr = tr
        self.setObjectName("task_dialog")
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        layout = QVBoxLayout(self)
        self.label = QLabel(title)
        self.label.setObjectName("task_text")
        self.label.setWordWrap(True)
        self.label.setMinimumWidth(360)
        layout.addWidget(self.label)
        self.bar = QProgressBar()
        self.bar.setObjectName("task_bar")
        self.bar.setRange(0, 0)  # busy until the first report with a total
        layout.addWidget(self.bar)
        row = QHBoxLayout()
        row.addStretch(1)
        self.cancel_button = QPushButton(tr.gettext("Cancel"))
        self.cancel_button.setObjectName("task_cancel")
        self.cancel_button.setVisible(cancellable)
        self.cancel_button.clicked.connect(self.request_cancel)
        row.addWidget(self.cancel_button)
        layout.addLayout(row)
        self.cancellable = cancellable

    def show_progress(self, done: int, total: int, text: str) -> None:
        if text and self.cancel_button.isEnabled():
            self.label.setText(text)
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        else:
            self.bar.setRange(0, 0)

    def request_cancel(self) -> None:
        if not self.cancellable or not self.cancel_button.isEnabled():
            return
        self.cancel_button.setEnabled(False)
        self.label.setText(self.tr.gettext("Stopping… nothing will be saved."))
        self.cancel_requested.emit()

    def reject(self) -> None:  # Esc
        self.request_cancel()

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802  (Qt's name)
        self.request_cancel()
        event.ignore()


class Task(QObject):
    """One piece of work under way: its progress, its dialog, and how it ends."""

    ended = Signal()

    def __init__(self, parent: QWidget | None, title: str, fn: Callable[[Progress], Any], *, tr: Translator,
                 on_done: Callable[[Any], Any], on_error: Callable[[BaseException], Any] | None,
                 on_cancel: Callable[[], Any] | None, cancellable: bool):
        super().__init__(parent)
        self.tr, self.title, self.parent_widget = tr, title, parent
        self.on_done, self.on_error, self.on_cancel = on_done, on_error, on_cancel
        self.relay = _Relay()
        self.relay.progressed.connect(self._progressed)
        self.relay.succeeded.connect(self._succeeded)
        self.relay.failed.connect(self._failed)
        self.relay.stopped.connect(self._stopped)
        self.progress = Progress(self._report_from_worker)
        self.dialog = TaskDialog(tr, title, cancellable=cancellable, parent=parent)
        self.dialog.cancel_requested.connect(self.cancel)
        self.done = False
        self.dialog_shown = False
        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        self._show_timer.timeout.connect(self._show_dialog)
        self._worker = _Worker(fn, self.progress, self.relay)
        self._window = parent.window() if parent is not None else None
        if self._window is not None:
            self._window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802  (Qt's name)
        if watched is self._window and event.type() == QEvent.Type.Close and not self.done:
            event.ignore()
            self._show_dialog()
            self.dialog.request_cancel()
            return True
        return False

    def start(self) -> Task:
        self._prepare()
        _pause_gc()
        _running.add(self)
        self._show_timer.start(SHOW_AFTER_MS)
        _pool().start(self._worker)
        return self

    def _prepare(self) -> None:
        """Do now, before the worker competes for the GIL, what the interface would otherwise do
        for the first time while it runs: the first number formatted (Babel loads its locale data:
        10 ms), the dialog's style and layout. Done under contention, such first-time Python work
        was a stall of 25-65 ms at the first progress report (measured)."""
        self._progressed(0, 0, "", {"rows": 10_000})
        self.dialog.ensurePolished()
        self.dialog.layout().activate()
        self.dialog.adjustSize()

    def cancel(self) -> None:
        """Ask the work to stop (it stops at its next progress report and writes nothing)."""
        self.progress.cancel()

    # -- worker thread --------------------------------------------------------------
    def _report_from_worker(self, done: int, total: int, message: str, params: dict[str, Any]) -> None:
        self.relay.progressed.emit(done, total, message, params)

    # -- interface thread -----------------------------------------------------------
    def _show_dialog(self) -> None:
        if not self.done:
            self.dialog_shown = True
            self.dialog.show()

    def _progressed(self, done: int, total: int, message: str, params: dict[str, Any]) -> None:
        shown = {k: self.tr.number(v) if isinstance(v, int) and not isinstance(v, bool) else v
                 for k, v in params.items()}  # 10,000 / 10 000 / 10.000 as the language writes it
        text = self.tr.gettext(message, **shown) if message else ""
        self.dialog.show_progress(done, total, text)

    def _finish(self) -> None:
        self.done = True
        if self._window is not None:
            self._window.removeEventFilter(self)
        self._show_timer.stop()
        self.dialog.hide()
        self.dialog.deleteLater()

    def _succeeded(self, result: Any) -> None:
        self._finish()
        try:
            self.on_done(result)
        finally:
            self._ended()

    def _failed(self, exc: BaseException) -> None:
        self._finish()
        try:
            if self.on_error is not None:
                self.on_error(exc)
            else:
                show_task_error(self.parent_widget, self.tr, self.title, exc)
        finally:
            self._ended()

    def _stopped(self) -> None:
        self._finish()
        try:
            if self.on_cancel is not None:
                self.on_cancel()
        finally:
            self._ended()

    def _ended(self) -> None:
        _running.discard(self)
        if not _running:
            _resume_gc()
        self.ended.emit()
        self.deleteLater()


def run_task(parent: QWidget | None, title: str, fn: Callable[[Progress], Any], *, tr: Translator,
             on_done: Callable[[Any], Any], on_error: Callable[[BaseException], Any] | None = None,
             on_cancel: Callable[[], Any] | None = None, cancellable: bool = True) -> Task:
    """Run ``fn(progress)`` in a worker thread with a progress dialog; see the module's doc.

    ``title`` is already translated. Returns the started :class:`Task` (its ``ended``
    signal fires after the callbacks' turn comes; ``task.cancel()`` stops it)."""
    return Task(parent, title, fn, tr=tr, on_done=on_done, on_error=on_error, on_cancel=on_cancel,
                cancellable=cancellable).start()


def _pause_gc() -> None:
    """While work runs: no automatic collection, and a short GIL switch interval (see the module's doc)."""
    global _gc_paused, _switch_interval
    if _running:
        return
    if gc.isenabled():
        gc.disable()
        _gc_paused = True
    _switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(min(_switch_interval, SWITCH_INTERVAL))


def _resume_gc() -> None:
    global _gc_paused, _switch_interval
    if _gc_paused:
        # What the work left alive (a result, a refused import's rows in its traceback) is young: the
        # first collection after enable() would walk it all at once on the interface's thread (266 ms
        # after a refused 10,000-activity import, measured). freeze() then unfreeze() moves it to the
        # oldest generation instead (two list splices), walked at the next full collection, as
        # anything long-lived is; cycles among it are collected then, none is leaked.
        gc.freeze()
        gc.unfreeze()
        gc.enable()
        _gc_paused = False
    if _switch_interval is not None:
        sys.setswitchinterval(_switch_interval)
        _switch_interval = None


def running_tasks() -> list[Task]:
    """Work under way (for closing the window, and for tests to wait on)."""
    return list(_running)


def show_task_error(parent: QWidget | None, tr: Translator, title: str, exc: BaseException) -> None:
    """The default display of a failed task: a known problem in the user's language, an
    unreadable file by its reason, anything else as an unexpected error with details."""
    if isinstance(exc, UserError):
        messages.show_error(parent, tr, exc, title)
    elif isinstance(exc, OSError):
        reason = exc.strerror or str(exc)
        messages.fail(parent, title, f"{reason}: {exc.filename}" if exc.filename else reason)
    else:
        messages.fail(parent, title, tr.gettext("The work stopped because of an unexpected error; "
                                                "nothing was saved."),
                      "".join(traceback.format_exception(exc)))
