"""A damaged database at start: find the newest good backup, put it in place,
keep the damaged file.

The damaged file is never written to and never deleted: it is renamed beside
the database as ``<name>.damaged-<UTC time>`` (with its ``-wal`` and
``-shm`` files, which hold its latest transactions and belong with it), so
that someone can still try to rescue what it holds. Only then is the backup
restored into the database's place (:func:`~tegdesk.core.store.backup.restore_backup`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from pathlib import Path

from tegdesk.core.errors import DatabaseError
from tegdesk.core.store import lock as locking
from tegdesk.core.store.backup import BackupInfo, check_restorable, list_backups, restore_backup

_SIDE_FILES = ("-wal", "-shm", "-journal")


def newest_good_backup(db_path: Path) -> BackupInfo | None:
    """The newest backup of ``db_path`` that passes its checks (integrity, a known schema)."""
    for backup in list_backups(db_path):
        try:
            check_restorable(backup.path)
        except DatabaseError:
            continue
        return backup
    return None


def set_aside(db_path: Path, now: dt.datetime | None = None) -> Path:
    """Rename ``db_path`` (and its -wal/-shm files) to ``<name>.damaged-<time>``; return the new name."""
    stamp = (now or dt.datetime.now(dt.timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
    aside = db_path.with_name(f"{db_path.name}.damaged-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = db_path.with_name(f"{db_path.name}.damaged-{stamp}-{n}")
    os.rename(db_path, aside)
    for suffix in _SIDE_FILES:
        with contextlib.suppress(FileNotFoundError):
            os.rename(db_path.with_name(db_path.name + suffix), aside.with_name(aside.name + suffix))
    return aside


def _put_back(aside: Path, db_path: Path) -> None:
    os.rename(aside, db_path)
    for suffix in _SIDE_FILES:
        with contextlib.suppress(FileNotFoundError):
            os.rename(aside.with_name(aside.name + suffix), db_path.with_name(db_path.name + suffix))


def restore_damaged(db_path: Path, backup_path: Path) -> Path:
    """Replace the damaged database at ``db_path`` with ``backup_path``; return where the damaged file went.

    The backup is checked before anything moves. The damaged file is set aside
    under the database's lock (no other tegdesk opens it halfway), then
    :func:`restore_backup` takes the lock again to put the backup in place. If
    the restore fails, the damaged file is put back where it was, and the error
    raised.
    """
    db_path, backup_path = Path(db_path), Path(backup_path)
    check_restorable(backup_path)
    with locking.acquire(db_path):
        aside = set_aside(db_path)
    try:
        restore_backup(db_path, backup_path)
    except BaseException:
        if not db_path.exists():
            _put_back(aside, db_path)
        raise
    return aside
