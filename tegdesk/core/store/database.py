"""Opening a database: lock, checks, backup, migration, reference data, sessions.

:func:`open_store` is the one way in. It takes the database's lock (one
writer per database, :mod:`tegdesk.core.store.lock`), refuses a damaged file
(quick_check) and a file written by a newer tegdesk, backs up an existing file
before migrating it, migrates it to the current schema, and loads the
reference data (ESCAP membership, the BSP list, the TEG and its ToR) the first
time.

Integrity (quick_check) at open. Reading the whole file costs about 0.6 s at
500 MB and grows with it, so ``open_store(path, defer_check=True)`` (the
interface's start) runs it at open only where damage is likely or the file
cannot be vouched for:

- the last session did not end cleanly: a lock left by a crash was taken over
  (``take_over``), or, with the lock now ours, SQLite's ``-wal`` (non-empty) or
  ``-journal`` is still beside the file. A clean close checkpoints and removes
  them, and while we hold the lock no other tegdesk can have them open, so
  their presence means a session stopped mid-way (crash, power cut, killed);
- a read-only open: the file is in use elsewhere, too new, or was asked for
  read-only; nothing of ours vouches for it, and these opens are rare;
- a file that needs migrating: checked before it is backed up and changed.

Otherwise the store opens at once with ``integrity_deferred`` set; the caller
runs :func:`integrity_problems` later (the interface: in a worker once the
window is shown) and calls :meth:`Store.refuse_writes` if it finds damage.
Without ``defer_check`` (the command line, tests) every existing file is
checked at open, as before.

``open_store(path, read_only=True)`` takes no lock and changes nothing: the
file is opened with SQLite's ``mode=ro`` and ``PRAGMA query_only``, and any
write through the store is refused with a :class:`DatabaseReadOnly` before it
reaches SQLite. A file from a newer tegdesk may be opened this way (never
migrated); one that is in use elsewhere too.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import weakref
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, event, text
from sqlmodel import Session

from tegdesk.core.errors import DatabaseDamaged, DatabaseError, DatabaseReadOnly, DatabaseTooNew, UserError
from tegdesk.core.i18n import N_
from tegdesk.core.store import audit, lock as locking, migrate
from tegdesk.core.store.backup import integrity_problems, make_backup
from tegdesk.core.store.engine import make_engine
from tegdesk.core.store.failures import storage_failure


class AuditedSession(Session):
    """A SQLModel session whose flushes write the audit log."""


audit.install(AuditedSession)


class Store:
    """One open database file.

    A writable store holds the database's :class:`~tegdesk.core.store.lock.Lock`
    until :meth:`close` (or, as a last resort, until it is garbage-collected or
    the interpreter exits). ``read_only_reason`` is the error that made the
    caller fall back to read-only (the lock held elsewhere, a newer schema), for
    the interface to show; None when read-only was simply asked for.
    """

    def __init__(self, path: Path, engine: Engine, *, read_only: bool = False,
                 lock: locking.Lock | None = None, read_only_reason: UserError | None = None,
                 mode: _Mode | None = None):
        self.path = path
        self.engine = engine
        self._mode = mode if mode is not None else _Mode(read_only)
        self._mode.read_only = read_only
        self.lock = lock
        self.read_only_reason = read_only_reason
        #: True when the quick_check was left for the caller to run (see the module doc).
        self.integrity_deferred = False
        self._release = weakref.finalize(self, _release, engine, lock)

    @property
    def read_only(self) -> bool:
        return self._mode.read_only

    @read_only.setter
    def read_only(self, value: bool) -> None:
        self._mode.read_only = value

    def refuse_writes(self, reason: UserError) -> None:
        """From now on refuse every write, for ``reason`` (damage found after opening).

        The lock stays held so that no other tegdesk starts writing the damaged
        file either; connections already open are dropped so new ones get
        ``PRAGMA query_only`` too.
        """
        self._mode.read_only = True
        self.read_only_reason = reason
        self.engine.dispose()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r}{', read-only' if self.read_only else ''})"

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back on error."""
        with AuditedSession(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except Exception as exc:
                session.rollback()
                known = storage_failure(exc, self.path)
                if known is None and self.read_only and _is_read_only_refusal(exc):
                    known = _read_only_error(self.path)
                if known is not None:
                    raise known from exc
                raise

    def reader(self) -> Session:
        """A session for reading only (the caller closes it)."""
        return AuditedSession(self.engine, expire_on_commit=False)

    def schema_revision(self) -> str | None:
        return migrate.current_revision(self.engine)

    def close(self) -> None:
        """Close every connection and release the lock; calling again does nothing."""
        self._release()


def _release(engine: Engine, lock: locking.Lock | None) -> None:
    engine.dispose()
    if lock is not None:
        lock.release()


class _Mode:
    """Whether a store refuses writes; shared by the store and its engine's guards, so that
    :meth:`Store.refuse_writes` takes effect on the next statement."""

    def __init__(self, read_only: bool):
        self.read_only = read_only


_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER", "VACUUM", "REINDEX")
_LOCK_CHECKED = "tegdesk_lock_checked"


def _read_only_error(path: Path) -> DatabaseReadOnly:
    return DatabaseReadOnly(N_("The database {path} is open read-only: nothing was changed."), path=path)


def _is_read_only_refusal(exc: BaseException) -> bool:
    orig = getattr(exc, "orig", None) or exc
    text_ = str(orig).lower()
    return "readonly database" in text_ or "read-only" in text_ or "query_only" in text_


def _guard_writes(engine: Engine, path: Path, *, mode: _Mode, lock: locking.Lock | None) -> None:
    """Refuse every write statement of a read-only store before SQLite sees it; in a
    writable store, check once per transaction, at its first write, that nobody has
    taken the lock over (one small file read)."""

    @event.listens_for(engine, "connect")
    def _query_only(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        if mode.read_only:
            dbapi_conn.execute("PRAGMA query_only=ON")

    @event.listens_for(engine, "before_cursor_execute")
    def _before_write(conn, _cursor, statement: str, *_rest) -> None:  # noqa: ANN001
        if not statement.lstrip().upper().startswith(_WRITES):
            return
        if mode.read_only:
            raise _read_only_error(path)
        if lock is not None and not conn.info.get(_LOCK_CHECKED):
            lock.verify()
            conn.info[_LOCK_CHECKED] = True

    def _transaction_over(conn, *_args) -> None:  # noqa: ANN001
        conn.info.pop(_LOCK_CHECKED, None)

    event.listen(engine, "commit", _transaction_over)
    event.listen(engine, "rollback", _transaction_over)


def _has_tables(path: Path) -> bool:
    con = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        sql = "SELECT count(*) FROM sqlite_master WHERE type='table' AND name != 'alembic_version'"
        return con.execute(sql).fetchone()[0] > 0
    finally:
        con.close()


def _create_private_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)


def unclean_stop(path: Path) -> bool:
    """Whether SQLite's -wal (non-empty) or -journal is beside ``path``: with the lock held
    by us, the sign of a session that stopped without closing the database."""
    wal = path.with_name(path.name + "-wal")
    journal = path.with_name(path.name + "-journal")
    try:
        return (wal.exists() and wal.stat().st_size > 0) or journal.exists()
    except OSError:
        return True  # cannot tell: check


def open_store(path: Path, *, read_only: bool = False, seed: bool = True, lock: bool = True,
               take_over: locking.LockHolder | None = None, defer_check: bool = False) -> Store:
    """Open (creating, checking and migrating as needed) the database at ``path``.

    ``lock``: take the database's lock first (raises :class:`DatabaseLocked`
    naming the holder when another tegdesk has it). ``take_over``: the holder of
    a lock left by a crash, shown to and confirmed by the user, whose lock is
    replaced by this one. ``read_only``: take no lock, change nothing; a file of
    a newer schema opens too, with the reason kept in ``read_only_reason``.
    ``defer_check``: leave the quick_check to the caller after a clean stop (module doc).
    """
    path = Path(path)
    existed = path.exists() and path.stat().st_size > 0
    if read_only and not existed:
        raise DatabaseError(N_("There is no database at {path}."), path=path)
    held: locking.Lock | None = None
    if not read_only and (lock or take_over is not None):
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        held = locking.take_over(path, take_over) if take_over is not None else locking.acquire(path)
    check_now = (existed and (not defer_check or read_only or take_over is not None
                              or (held is None and not read_only) or unclean_stop(path)))
    try:
        return _open(path, existed=existed, read_only=read_only, seed=seed, held=held, check=check_now)
    except BaseException:
        if held is not None:
            held.release()
        raise


def _open(path: Path, *, existed: bool, read_only: bool, seed: bool, held: locking.Lock | None,
          check: bool) -> Store:
    if check:
        problems = integrity_problems(path, quick=True)
        if problems:
            raise DatabaseDamaged(
                N_("The database {path} is damaged ({reason}). It has not been changed; restore the newest good backup."),
                path=path, reason=problems[0])
    else:
        try:
            _create_private_file(path)
        except OSError as exc:
            raise DatabaseError(N_("The database {path} cannot be created: {reason}."), path=path,
                                reason=exc.strerror) from exc

    engine = make_engine(path, read_only=read_only)
    mode = _Mode(read_only)
    _guard_writes(engine, path, mode=mode, lock=held)
    try:
        current = migrate.current_revision(engine)
    except Exception as exc:
        engine.dispose()
        problems = integrity_problems(path, quick=True) if existed and not check else []
        if problems:  # the check was left for later, but the damage shows already
            raise damaged_error(path, problems[0]) from exc
        raise DatabaseError(N_("{path} is not a tegdesk database: {reason}"), path=path, reason=exc) from exc
    # Alembic is imported only when the file is not at this version's head (migrate's doc).
    head = migrate.HEAD_REVISION if current == migrate.HEAD_REVISION else migrate.head_revision()
    reason: UserError | None = None
    if current is not None and current != head and current not in migrate.known_revisions():
        too_new = DatabaseTooNew(
            N_("The database {path} was written by a newer version of tegdesk (schema {schema}). It has not been changed; open it with that version."),
            path=path, schema=current)
        if not read_only:
            engine.dispose()
            raise too_new
        reason = too_new
    elif current is None and existed and _has_tables(path):
        engine.dispose()
        raise DatabaseError(N_("{path} is an SQLite file but not a tegdesk database; it has not been changed."), path=path)
    elif current != head:
        if read_only:
            engine.dispose()
            raise DatabaseError(N_("The database {path} needs an upgrade and cannot be opened read-only."), path=path)
        if existed and not check:  # never migrate a file not yet checked
            check = True
            problems = integrity_problems(path, quick=True)
            if problems:
                engine.dispose()
                raise damaged_error(path, problems[0])
        if existed:
            make_backup(path, "pre-migration")
        migrate.upgrade(engine)

    if read_only and reason is None:
        holder = locking.read_holder(path)
        if holder is not None:
            reason = locking.locked_error(path, holder)
    store = Store(path, engine, read_only=read_only, lock=held, read_only_reason=reason, mode=mode)
    store.integrity_deferred = existed and not check
    if seed and not read_only:
        from tegdesk.core.refdata import ensure_reference_data

        try:
            with store.session() as session:
                ensure_reference_data(session)
        except BaseException:
            engine.dispose()
            raise
    return store


def damaged_error(path: Path, reason: str) -> DatabaseDamaged:
    return DatabaseDamaged(
        N_("The database {path} is damaged ({reason}). It has not been changed; restore the newest good backup."),
        path=path, reason=reason)


def database_findings(store: Store) -> list[str]:
    """integrity_check and foreign_key_check findings; empty when sound."""
    findings = [f"integrity: {p}" for p in integrity_problems(store.path)]
    with store.engine.connect() as conn:
        for row in conn.execute(text("PRAGMA foreign_key_check")):
            findings.append(f"foreign key: {row[0]} row {row[1]} refers to a missing {row[2]}")
    return findings
