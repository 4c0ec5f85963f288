"""Backups made with SQLite's online backup API.

A backup is written to a temporary name, checked with ``integrity_check`` and
only then renamed into place, so a half-written backup never looks like a good
one. Backups live beside the database, in ``<folder>/backups/``, and are
readable by the user only.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

from tegdesk.core.errors import DatabaseError
from tegdesk.core.i18n import N_


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


def make_backup(db_path: Path, reason: str, dest_dir: Path | None = None) -> Path:
    """Copy ``db_path`` to ``<dest>/<stem>-<UTC time>-<reason>.sqlite3`` and return the copy."""
    dest_dir = dest_dir or backups_dir(db_path)
    dest_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    final = dest_dir / f"{db_path.stem}-{stamp}-{reason}.sqlite3"
    tmp = final.with_name(final.name + ".part")
    src = sqlite3.connect(f"file:{db_path.as_posix()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            # the copy inherits WAL mode; a backup is a single self-contained file
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise DatabaseError(N_("The backup of {path} could not be written: {reason}"), path=db_path, reason=exc) from exc
    finally:
        src.close()
    problems = integrity_problems(tmp)
    if problems:
        tmp.unlink(missing_ok=True)
        raise DatabaseError(N_("The backup of {path} failed its integrity check: {reason}"), path=db_path,
                            reason=problems[0])
    os.chmod(tmp, 0o600)
    os.replace(tmp, final)
    return final
