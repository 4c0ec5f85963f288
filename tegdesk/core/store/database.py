"""Opening a database: checks, backup, migration, reference data, sessions.

:func:`open_store` is the one way in. It refuses a damaged file (quick_check)
and a file written by a newer tegdesk, backs up an existing file before
migrating it, migrates it to the current schema, and loads the reference data
(ESCAP membership, the BSP list, the TEG and its ToR) the first time.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, text
from sqlmodel import Session

from tegdesk.core.errors import DatabaseDamaged, DatabaseError, DatabaseTooNew
from tegdesk.core.i18n import N_
from tegdesk.core.store import audit, migrate
from tegdesk.core.store.backup import integrity_problems, make_backup
from tegdesk.core.store.engine import make_engine
from tegdesk.core.store.failures import storage_failure


class AuditedSession(Session):
    """A SQLModel session whose flushes write the audit log."""


audit.install(AuditedSession)


class Store:
    """One open database file."""

    def __init__(self, path: Path, engine: Engine, *, read_only: bool = False):
        self.path = path
        self.engine = engine
        self.read_only = read_only

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r}{', read-only' if self.read_only else ''})"

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
                if known is not None:
                    raise known from exc
                raise

    def reader(self) -> Session:
        """A session for reading only (the caller closes it)."""
        return AuditedSession(self.engine, expire_on_commit=False)

    def schema_revision(self) -> str | None:
        return migrate.current_revision(self.engine)

    def close(self) -> None:
        self.engine.dispose()


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


def open_store(path: Path, *, read_only: bool = False, seed: bool = True) -> Store:
    """Open (creating, checking and migrating as needed) the database at ``path``."""
    path = Path(path)
    existed = path.exists() and path.stat().st_size > 0
    if read_only and not existed:
        raise DatabaseError(N_("There is no database at {path}."), path=path)
    if existed:
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
    try:
        current = migrate.current_revision(engine)
    except Exception as exc:
        engine.dispose()
        raise DatabaseError(N_("{path} is not a tegdesk database: {reason}"), path=path, reason=exc) from exc
    head = migrate.head_revision()
    if current is not None and current not in migrate.known_revisions():
        engine.dispose()
        raise DatabaseTooNew(
            N_("The database {path} was written by a newer version of tegdesk (schema {schema}). It has not been changed; open it with that version."),
            path=path, schema=current)
    if current is None and existed and _has_tables(path):
        engine.dispose()
        raise DatabaseError(N_("{path} is an SQLite file but not a tegdesk database; it has not been changed."), path=path)

    if current != head:
        if read_only:
            engine.dispose()
            raise DatabaseError(N_("The database {path} needs an upgrade and cannot be opened read-only."), path=path)
        if existed:
            make_backup(path, "pre-migration")
        migrate.upgrade(engine)

    store = Store(path, engine, read_only=read_only)
    if seed and not read_only:
        from tegdesk.core.refdata import ensure_reference_data

        with store.session() as session:
            ensure_reference_data(session)
    return store


def database_findings(store: Store) -> list[str]:
    """integrity_check and foreign_key_check findings; empty when sound."""
    findings = [f"integrity: {p}" for p in integrity_problems(store.path)]
    with store.engine.connect() as conn:
        for row in conn.execute(text("PRAGMA foreign_key_check")):
            findings.append(f"foreign key: {row[0]} row {row[1]} refers to a missing {row[2]}")
    return findings
