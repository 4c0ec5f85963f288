"""Errors for people.

A :class:`UserError` is something the user can act on: its message is a full
sentence, already translated, and the command line prints it as one line. Any
other exception is a bug and shows details.
"""


class UserError(Exception):
    """A problem the user can fix (bad input, missing file, damaged database)."""


class DatabaseError(UserError):
    """A known database problem: locked, read-only, damaged, too new, disk full."""


class DatabaseTooNew(DatabaseError):
    """The file was written by a newer tegdesk; it is never altered."""


class DatabaseDamaged(DatabaseError):
    """quick_check or integrity_check failed."""
