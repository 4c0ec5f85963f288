"""Known storage failures: a write the disk refused, told to people.

SQLite rolls a transaction back when the disk is full or fails to write, so
the database is unchanged and intact; what is left is to say so in a sentence
the user can act on, in their language. :func:`storage_failure` is the one
place that recognises these errors (the store's unit of work raises what it
returns); anything it does not recognise stays a bug and shows its details.
"""

from __future__ import annotations

import errno
from pathlib import Path

from tegdesk.core.errors import DatabaseError, UserError
from tegdesk.core.i18n import N_

#: SQLite result codes (the primary code, the low byte of an extended one) of a
#: write the disk refused: the transaction was rolled back and the file is intact.
_SQLITE_IOERR, _SQLITE_FULL = 10, 13


def storage_failure(exc: BaseException, path: Path) -> DatabaseError | None:
    """The known problem behind a failed write (disk full, I/O error), or None for a bug.

    The one place that turns SQLite's "database or disk is full" and "disk I/O
    error" (and the operating system's "no space left") into a message for
    people; SQLite has rolled the transaction back, so nothing was saved and
    nothing was lost.
    """
    if isinstance(exc, UserError):  # already told
        return None
    orig = getattr(exc, "orig", None) or exc
    code = getattr(orig, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(orig).lower()
    folder = path.parent
    if primary == _SQLITE_FULL or "database or disk is full" in text or getattr(orig, "errno", None) == errno.ENOSPC:
        return DatabaseError(N_("The disk is full: nothing was saved, and the database is unchanged. "
                                "Free some space in {folder}, then save again."), folder=folder)
    if primary == _SQLITE_IOERR or "disk i/o error" in text:
        return DatabaseError(N_("The disk could not be written (input/output error): nothing was saved, and the "
                                "database is unchanged. Check the disk that holds {folder}, then save again."),
                             folder=folder)
    return None
