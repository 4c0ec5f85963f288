"""Backups made with SQLite's online backup API, listed, thinned and restored.

A backup is written to a temporary name, checked with ``integrity_check`` and
only then renamed into place, so a half-written backup never looks like a good
one. Backups live beside the database, in ``<folder>/backups/``, named
``<stem>-<UTC time>-<reason>.sqlite3``, and are readable by the user only.

When backups are made
---------------------
- before a migration (``pre-migration``, :func:`~tegdesk.core.store.open_store`),
- before an import (``pre-import``), before a restore (``pre-restore``, here),
- every 30 minutes at most while the window is open and the file changed
  (``periodic``, ``tegdesk.ui.backup_timer``),
- when the user asks (``manual``: File › Backup now, ``tegdesk db backup``).

There is no merge of databases yet; when one lands it backs up first too.

Which backups are kept (:func:`thin_backups`)
---------------------------------------------
Going from the newest backup to the oldest, in the local time of ``now``:

1. the newest ``actions_today`` backups of the current day made before an
   action or by hand (every reason but ``periodic``) are kept;
2. then the newest backup of each day, for the ``daily`` most recent days that
   have one (today included);
3. once those days are kept, the newest backup of each older ISO week not
   yet represented by a kept backup, for ``weekly`` weeks;
4. once those weeks are kept, the newest backup of each older month not yet
   represented, for ``monthly`` months.

Everything else in the folder is removed. With the default policy that is at
most 5 + 12 + 10 + 9 = 36 files reaching back about a year. Files in the
folder that do not follow the naming scheme (a user's own copy) are never
touched.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.dates import format_skeleton, format_time
from babel.units import format_unit

from tegdesk.core.errors import DatabaseDamaged, DatabaseError, DatabaseLocked, DatabaseTooNew
from tegdesk.core.i18n import N_, Translator
from tegdesk.core.store.failures import storage_failure

_STAMP = "%Y%m%dT%H%M%S%fZ"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}T\d{12}Z)-(?P<reason>[a-z0-9-]+)\.sqlite3$")

PERIODIC = "periodic"

#: What each reason is called where backups are listed (N_-marked, translated when shown).
REASON_LABELS: dict[str, str] = {
    "manual": N_("Made on request"),
    PERIODIC: N_("Automatic, while in use"),
    "pre-migration": N_("Before an upgrade of the database"),
    "pre-import": N_("Before an import"),
    "pre-restore": N_("Before a restore"),
    "pre-merge": N_("Before a merge"),
}


def backups_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"


def integrity_problems(path: Path, *, quick: bool = False) -> list[str]:
    """Findings of ``quick_check``/``integrity_check``; empty when the file is sound."""
    pragma = "quick_check" if quick else "integrity_check"
    try:
        con = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
        try:
            rows = [r[0] for r in con.execute(f"PRAGMA {pragma}")]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    return [] if rows == ["ok"] else rows


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # directories cannot be opened for fsync there
        return
    with contextlib.suppress(OSError):
        _fsync(folder)


def _copy_with_backup_api(source: Path, target: Path) -> None:
    """Copy ``source`` into the new file ``target`` (one self-contained file, fsynced)."""
    src = sqlite3.connect(f"file:{source.as_posix()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            # the copy inherits WAL mode; a backup is a single self-contained file
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()
    _fsync(target)


def make_backup(db_path: Path, reason: str, dest_dir: Path | None = None) -> Path:
    """Copy ``db_path`` to ``<dest>/<stem>-<UTC time>-<reason>.sqlite3`` and return the copy."""
    dest_dir = dest_dir or backups_dir(db_path)
    dest_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = dt.datetime.now(dt.timezone.utc).strftime(_STAMP)
    final = dest_dir / f"{db_path.stem}-{stamp}-{reason}.sqlite3"
    tmp = final.with_name(final.name + ".part")
    try:
        _copy_with_backup_api(db_path, tmp)
    except (sqlite3.Error, OSError) as exc:
        tmp.unlink(missing_ok=True)
        if storage_failure(exc, dest_dir / final.name) is not None:  # disk full or failing: say so plainly
            raise DatabaseError(N_("The backup of {path} could not be written: the disk that holds {folder} is "
                                   "full or failing. The database itself is unchanged; free some space, then "
                                   "try again."), path=db_path, folder=dest_dir) from exc
        raise DatabaseError(N_("The backup of {path} could not be written: {reason}"), path=db_path, reason=exc) from exc
    problems = integrity_problems(tmp)
    if problems:
        tmp.unlink(missing_ok=True)
        raise DatabaseError(N_("The backup of {path} failed its integrity check: {reason}"), path=db_path,
                            reason=problems[0])
    os.chmod(tmp, 0o600)
    os.replace(tmp, final)
    _fsync_dir(dest_dir)
    return final


# -- listing -------------------------------------------------------------------------

@dataclass(frozen=True)
class BackupInfo:
    """One backup in the backups folder of a database."""

    path: Path
    taken_at: dt.datetime  # aware, UTC
    reason: str  # "manual", "periodic", "pre-migration", ...
    size_bytes: int

    @property
    def reason_label(self) -> str:
        """The N_-marked description of the reason (translate it where it is shown)."""
        return REASON_LABELS.get(self.reason, self.reason)

    @property
    def is_periodic(self) -> bool:
        return self.reason == PERIODIC


def taken_at_text(tr: Translator, when: dt.datetime) -> str:
    """When a backup was taken, in local time and ``tr``'s language: ``Sun, 15 Mar 2026, 16:05``."""
    local = when.astimezone()
    date = format_skeleton("yMMMEd", local, locale=tr.locale)
    time = format_time(local, "short", locale=tr.locale)
    pattern = tr.locale.datetime_formats.get("medium") or "{1} {0}"
    return str(pattern).replace("{1}", date).replace("{0}", time)


def size_text(tr: Translator, size_bytes: int) -> str:
    """A file size in ``tr``'s language: ``2.8 MB``, ``2,8 Mo``, ``340 kB``."""
    if size_bytes >= 1_000_000:
        return format_unit(size_bytes / 1_000_000, "digital-megabyte", length="short", format="#,##0.#",
                           locale=tr.locale)
    return format_unit(max(1, round(size_bytes / 1000)), "digital-kilobyte", length="short", locale=tr.locale)


def parse_backup_name(name: str, stem: str) -> tuple[dt.datetime, str] | None:
    """(time taken, reason) of a backup file of the database named ``stem``; None for any other file."""
    match = _NAME.match(name)
    if not match or match["stem"] != stem:
        return None
    try:
        taken = dt.datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=dt.timezone.utc)
    except ValueError:
        return None
    return taken, match["reason"]


def backup_info(path: Path, stem: str | None = None) -> BackupInfo | None:
    """What the name of the backup file ``path`` says (of the database named ``stem``, when given);
    None for a file not named like a backup, or gone."""
    match = _NAME.match(path.name)
    if not match:
        return None
    parsed = parse_backup_name(path.name, stem if stem is not None else match["stem"])
    if parsed is None:
        return None
    try:
        size = path.stat().st_size
    except FileNotFoundError:  # removed meanwhile
        return None
    return BackupInfo(path, parsed[0], parsed[1], size)


def list_backups(db_path: Path) -> list[BackupInfo]:
    """The backups of ``db_path`` in its backups folder, newest first."""
    folder = backups_dir(Path(db_path))
    try:
        entries = list(folder.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return []
    found = [info for entry in entries if (info := backup_info(entry, Path(db_path).stem)) is not None]
    found.sort(key=lambda b: (b.taken_at, b.path.name), reverse=True)
    return found


# -- when to make one, which to keep ------------------------------------------------

BACKUP_INTERVAL = dt.timedelta(minutes=30)


def backup_due(db_path: Path, now: dt.datetime | None = None, interval: dt.timedelta = BACKUP_INTERVAL) -> bool:
    """True when no backup of any kind was taken within ``interval`` before ``now``."""
    now = now or dt.datetime.now(dt.timezone.utc)
    backups = list_backups(db_path)
    return not backups or now - backups[0].taken_at >= interval


def changed_since(db_path: Path, moment: dt.datetime) -> bool:
    """True when the database file (or its write-ahead log) was written after ``moment``."""
    times = []
    for path in (db_path, db_path.with_name(db_path.name + "-wal")):
        with contextlib.suppress(FileNotFoundError):
            times.append(path.stat().st_mtime)
    return bool(times) and dt.datetime.fromtimestamp(max(times), dt.timezone.utc) > moment


@dataclass(frozen=True)
class ThinningPolicy:
    daily: int = 12
    weekly: int = 10
    monthly: int = 9
    actions_today: int = 5  # the newest "before <action>" and manual backups of the current day


DEFAULT_POLICY = ThinningPolicy()


def backups_to_remove(backups: Iterable[BackupInfo], now: dt.datetime,
                      policy: ThinningPolicy = DEFAULT_POLICY) -> list[BackupInfo]:
    """The backups the policy does not keep (see the module doc), newest first. Pure."""
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    tz = now.tzinfo
    today = now.astimezone(tz).date()
    days: set[dt.date] = set()
    weeks: set[tuple[int, int]] = set()
    months: set[tuple[int, int]] = set()
    actions = kept_days = kept_weeks = kept_months = 0
    remove: list[BackupInfo] = []
    for backup in sorted(backups, key=lambda b: (b.taken_at, b.path.name), reverse=True):
        day = backup.taken_at.astimezone(tz).date()
        week = tuple(day.isocalendar())[:2]
        month = (day.year, day.month)
        if day >= today and not backup.is_periodic and actions < policy.actions_today:
            actions += 1
            continue
        # One phase at a time: weeks only once the days are full, months once the weeks are.
        if kept_days < policy.daily:
            keep = day not in days
            kept_days += keep
        elif kept_weeks < policy.weekly:
            keep = week not in weeks
            kept_weeks += keep
        elif kept_months < policy.monthly:
            keep = month not in months
            kept_months += keep
        else:
            keep = False
        if not keep:
            remove.append(backup)
            continue
        days.add(day)
        weeks.add(week)  # type: ignore[arg-type]
        months.add(month)
    return remove


def thin_backups(db_path: Path, now: dt.datetime | None = None,
                 policy: ThinningPolicy = DEFAULT_POLICY) -> list[Path]:
    """Remove the backups of ``db_path`` the policy does not keep; return the removed paths."""
    now = now or dt.datetime.now().astimezone()
    removed: list[Path] = []
    for backup in backups_to_remove(list_backups(db_path), now, policy):
        with contextlib.suppress(FileNotFoundError):
            backup.path.unlink()
            removed.append(backup.path)
    return removed


# -- restoring -----------------------------------------------------------------------

def backup_revision(path: Path) -> str | None:
    """The schema revision recorded in the SQLite file ``path``; None when it has none."""
    con = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "alembic_version" not in tables:
            return None
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    finally:
        con.close()


def check_restorable(backup_path: Path) -> str:
    """Refuse a backup that is damaged, not a tegdesk database, or from a newer tegdesk; return its revision."""
    from tegdesk.core.store import migrate

    backup_path = Path(backup_path)
    if not backup_path.is_file():
        raise DatabaseError(N_("There is no backup at {path}."), path=backup_path)
    problems = integrity_problems(backup_path)
    if problems:
        raise DatabaseDamaged(N_("The backup {path} is damaged ({reason}); it cannot be restored. "
                                 "Nothing has been changed."), path=backup_path, reason=problems[0])
    try:
        revision = backup_revision(backup_path)
    except sqlite3.Error as exc:
        raise DatabaseDamaged(N_("The backup {path} is damaged ({reason}); it cannot be restored. "
                                 "Nothing has been changed."), path=backup_path, reason=exc) from exc
    if revision is None:
        raise DatabaseError(N_("{path} is not a tegdesk database; it cannot be restored. Nothing has been changed."),
                            path=backup_path)
    if revision not in migrate.known_revisions():
        raise DatabaseTooNew(N_("The backup {path} was written by a newer version of tegdesk (schema {schema}); "
                                "it cannot be restored with this version. Nothing has been changed."),
                             path=backup_path, schema=revision)
    return revision


def _keep_damaged_copy(db_path: Path) -> Path:
    """A byte copy of a file the backup API cannot read, kept beside the backups (not listed with them)."""
    folder = backups_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = dt.datetime.now(dt.timezone.utc).strftime(_STAMP)
    target = folder / f"{db_path.stem}-{stamp}-damaged.sqlite3.damaged"
    with db_path.open("rb") as src, open(target, "xb") as dst:
        while chunk := src.read(1 << 20):
            dst.write(chunk)
        dst.flush()
        os.fsync(dst.fileno())
    os.chmod(target, 0o600)
    return target


def _checkpoint(db_path: Path) -> None:
    """Fold the write-ahead log into the file, so that removing it loses nothing."""
    with contextlib.suppress(sqlite3.Error):
        con = sqlite3.connect(db_path)
        try:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            con.close()


def restore_backup(db_path: Path, backup_path: Path) -> Path | None:
    """Replace the database at ``db_path`` with the backup ``backup_path``.

    The caller must have closed its store on ``db_path``; the database's lock is
    taken for the time of the restore (or kept, when this process holds it), so
    a database open in another tegdesk is refused
    (:class:`~tegdesk.core.errors.DatabaseLocked`). The backup is
    checked first (integrity, a schema this tegdesk knows); a refused backup
    raises a :class:`~tegdesk.core.errors.DatabaseError` and leaves the current
    file untouched. The current file is then backed up (``pre-restore``; a
    damaged one is kept as a byte copy ``*.damaged``), the backup is copied
    with the backup API to a temporary file beside the database, synced, and
    renamed over it. Returns the safety copy of the file that was replaced
    (None when there was no file). The restored file may be of an older schema:
    :func:`~tegdesk.core.store.open_store` upgrades it (after its own backup).
    """
    db_path = Path(db_path)
    backup_path = Path(backup_path)
    check_restorable(backup_path)
    with contextlib.suppress(FileNotFoundError):
        if backup_path.resolve() == db_path.resolve():
            raise DatabaseError(N_("{path} is the database itself, not a backup of it."), path=backup_path)
    db_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with _exclusive(db_path):
        return _replace(db_path, backup_path)


@contextlib.contextmanager
def _exclusive(db_path: Path) -> Iterator[None]:
    """Hold the database's lock (taking over one left by a crash here) while it is replaced.

    A lock this process already holds is the caller's (a restore at start,
    :func:`~tegdesk.core.store.recovery.restore_damaged`): it is kept as it is.
    """
    from tegdesk.core.store import lock as locking

    try:
        held = locking.acquire(db_path)
    except DatabaseLocked as exc:
        if exc.holder.on_this_host and exc.holder.pid == os.getpid():
            yield
            return
        if not locking.is_stale(exc.holder):
            if not exc.holder.host:
                raise
            raise DatabaseLocked(N_("The database {path} is in use by {user} on {host}; close it there before "
                                    "restoring a backup. Nothing has been changed."),
                                 holder=exc.holder, path=db_path, user=exc.holder.user,
                                 host=exc.holder.host) from exc
        held = locking.take_over(db_path, exc.holder)
    try:
        yield
    finally:
        held.release()


def _replace(db_path: Path, backup_path: Path) -> Path | None:
    safety: Path | None = None
    if db_path.exists() and db_path.stat().st_size > 0:
        if integrity_problems(db_path, quick=True):
            safety = _keep_damaged_copy(db_path)
        else:
            try:
                safety = make_backup(db_path, "pre-restore")
            except DatabaseError:  # unreadable through SQLite after all: keep its bytes
                safety = _keep_damaged_copy(db_path)
            _checkpoint(db_path)

    tmp = db_path.with_name(f".{db_path.name}.restoring")
    tmp.unlink(missing_ok=True)
    try:
        _copy_with_backup_api(backup_path, tmp)
        problems = integrity_problems(tmp)
        if problems:
            raise DatabaseError(N_("The copy of {path} failed its integrity check: {reason}. Nothing has been changed."),
                                path=backup_path, reason=problems[0])
        os.chmod(tmp, 0o600)
        # A write-ahead log left beside the old file would be replayed onto the restored one.
        for suffix in ("-wal", "-shm", "-journal"):
            db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
        os.replace(tmp, db_path)
    except (sqlite3.Error, OSError) as exc:
        raise DatabaseError(N_("The backup {path} could not be restored: {reason}. Nothing has been changed."),
                            path=backup_path, reason=exc) from exc
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_dir(db_path.parent)
    return safety
