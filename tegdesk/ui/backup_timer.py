"""Periodic backups while the window is open (at most every 30 minutes), then thinning.

:class:`BackupTimer` belongs to the main window. Every ``check_ms`` (a minute)
it asks whether a backup is due: the database is writable here, no backup of
any kind was taken in the last ``interval`` (:func:`~tegdesk.core.store.backup.backup_due`),
and the file changed since the newest one. If so, a worker thread of Qt's
global pool makes a ``periodic`` backup with SQLite's backup API and then
removes the backups the thinning policy does not keep
(:func:`~tegdesk.core.store.backup.thin_backups`); the interface does not
wait (the pool is the timer's own, one thread). The outcome comes back as a signal in the interface's thread:
``made(path, removed)`` or ``failed(error)``; the window shows it in its status
bar. Only one backup runs at a time; :meth:`wait` lets a restore or closing the
window wait for it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, QTimer, Signal

from tegdesk.core.store import Store
from tegdesk.core.store.backup import (
    BACKUP_INTERVAL,
    DEFAULT_POLICY,
    PERIODIC,
    ThinningPolicy,
    backup_due,
    changed_since,
    list_backups,
    make_backup,
    thin_backups,
)

CHECK_EVERY_MS = 60_000


class _Relay(QObject):
    """Carries the worker's outcome to the interface thread (queued across threads)."""

    made = Signal(object, object)  # Path, list[Path]
    failed = Signal(object)  # Exception


class _BackupJob(QRunnable):
    def __init__(self, db_path: Path, policy: ThinningPolicy, relay: _Relay):
        super().__init__()
        self.db_path = db_path
        self.policy = policy
        self.relay = relay

    def run(self) -> None:
        try:
            made = make_backup(self.db_path, PERIODIC)
            removed = thin_backups(self.db_path, policy=self.policy)
        except Exception as exc:  # reported in the status bar; a bug shows there too rather than being lost
            self.relay.failed.emit(exc)
            return
        self.relay.made.emit(made, removed)


def needs_backup(store: Store, now: dt.datetime, interval: dt.timedelta = BACKUP_INTERVAL) -> bool:
    """A periodic backup is due for ``store`` at ``now`` (see the module doc)."""
    if store.read_only or not store.path.exists():
        return False
    if not backup_due(store.path, now, interval):
        return False
    backups = list_backups(store.path)
    return not backups or changed_since(store.path, backups[0].taken_at)


class BackupTimer(QObject):
    """Runs periodic backups of the window's current store (see the module doc)."""

    made = Signal(object, object)  # the backup's Path, the removed Paths
    failed = Signal(object)  # the exception

    def __init__(self, current_store: Callable[[], Store], parent: QObject | None = None, *,
                 interval: dt.timedelta = BACKUP_INTERVAL, check_ms: int = CHECK_EVERY_MS,
                 policy: ThinningPolicy = DEFAULT_POLICY):
        super().__init__(parent)
        self.current_store = current_store
        self.interval = interval
        self.policy = policy
        self.pool = QThreadPool(self)  # its own, so that waiting waits for nothing else
        self.pool.setMaxThreadCount(1)
        self.running = False
        self._job: _BackupJob | None = None
        self._relay = _Relay(self)
        self._relay.made.connect(self._on_made)
        self._relay.failed.connect(self._on_failed)
        self.timer = QTimer(self)
        self.timer.setObjectName("backup_timer")
        self.timer.setInterval(check_ms)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        """Check every ``check_ms`` from now (the first check a minute after the window opens)."""
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def check(self, now: dt.datetime | None = None) -> bool:
        """Start a backup in the background if one is due; True when one was started."""
        if self.running:
            return False
        store = self.current_store()
        try:
            due = needs_backup(store, now or dt.datetime.now(dt.timezone.utc), self.interval)
        except OSError as exc:  # the folder vanished, a network drive went away
            self.failed.emit(exc)
            return False
        if not due:
            return False
        self.running = True
        # keep the job referenced until it reports: Python must not collect it while Qt runs it
        self._job = _BackupJob(store.path, self.policy, self._relay)
        self._job.setAutoDelete(False)
        self.pool.start(self._job)
        return True

    def wait(self, msecs: int = 30_000) -> bool:
        """Wait until a running backup is over (before a restore, or on closing); True when none runs."""
        if not self.running:
            return True
        done = self.pool.waitForDone(msecs)
        QCoreApplication.sendPostedEvents(self)  # the job's signal is queued for this thread: deliver it
        return done

    def _on_made(self, path: Path, removed: list[Path]) -> None:
        self.running, self._job = False, None
        self.made.emit(path, removed)

    def _on_failed(self, exc: Exception) -> None:
        self.running, self._job = False, None
        self.failed.emit(exc)
