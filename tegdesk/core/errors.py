"""Errors for people.

A :class:`UserError` is something the user can act on. It carries an English
message template with ``{named}`` placeholders (marked with ``N_`` for
extraction) and its parameters, so that the interface and the command line can
show it in the user's language with :meth:`UserError.text`; ``str(error)`` is
the English sentence. Any other exception is a bug and shows details.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tegdesk.core.i18n import Translator


class UserError(Exception):
    """A problem the user can fix (bad input, missing file, damaged database)."""

    def __init__(self, message: str, /, **params: Any):
        self.message = message
        self.params = params
        super().__init__(message.format(**params) if params else message)

    def text(self, tr: Translator) -> str:
        """The message in ``tr``'s language."""
        return tr.gettext(self.message, **{k: str(v) for k, v in self.params.items()})


class DatabaseError(UserError):
    """A known database problem: locked, read-only, damaged, too new, disk full."""


class DatabaseTooNew(DatabaseError):
    """The file was written by a newer tegdesk; it is never altered."""


class DatabaseDamaged(DatabaseError):
    """quick_check or integrity_check failed."""


class DatabaseLocked(DatabaseError):
    """Another tegdesk (here or on another computer) holds the database's lock.

    ``holder`` is the :class:`~tegdesk.core.store.lock.LockHolder` read from
    the lock file: who, where, since when, which process.
    """

    def __init__(self, message: str, /, *, holder: Any, **params: Any):
        self.holder = holder
        super().__init__(message, **params)


class DatabaseReadOnly(DatabaseError):
    """A write was attempted on a database opened read-only; nothing was changed."""
