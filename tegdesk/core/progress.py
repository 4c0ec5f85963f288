"""Progress and cancellation for long work, without Qt.

A core service that may take long (an import, an export, a report, a backup)
takes an optional ``progress`` argument and calls it now and then::

    def import_things(store, path, *, progress: Progress | None = None):
        progress = progress or Progress()
        for i, row in enumerate(rows):
            progress(i, len(rows), N_("Checking row {row}"), row=i + 2)   # raises Cancelled if asked to stop
        ...
        with store.session() as s:
            write(s)
            progress.check()      # last chance: Cancelled rolls the transaction back

Calling it reports and checks for cancellation at once; ``progress.check()`` only
checks. Messages are English templates marked with ``N_`` and their named
parameters: the interface translates them (``tegdesk.ui.tasks.run_task``), the
command line ignores them. Reports are thinned to one every ``interval``
seconds (plus the first and the last), so that calling it for each of 10,000
rows costs nothing and does not flood the interface.

``Progress`` is safe to share between the thread doing the work and the one
that cancels it: cancelling only sets a :class:`threading.Event`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

#: ``report(done, total, message, params)``: where a :class:`Progress` sends its reports.
Report = Callable[[int, int, str, dict[str, Any]], None]


class Cancelled(Exception):
    """The user asked to stop; the work stopped and wrote nothing (all or nothing)."""


class Progress:
    """How far long work has got, and whether it should stop."""

    def __init__(self, report: Report | None = None, *, interval: float = 0.05):
        self._report = report
        self._interval = interval
        self._last = float("-inf")
        self._cancel = threading.Event()

    # -- the side doing the work -----------------------------------------------------
    def __call__(self, done: int, total: int, message: str = "", /, **params: Any) -> None:
        """Report ``done`` of ``total`` (total 0: unknown), then raise :class:`Cancelled`
        if cancellation was asked for."""
        self.check()
        if self._report is None:
            return
        now = time.monotonic()
        if done == 0 or done >= total or now - self._last >= self._interval:
            self._last = now
            self._report(done, total, message, params)

    def check(self) -> None:
        """Raise :class:`Cancelled` if cancellation was asked for."""
        if self._cancel.is_set():
            raise Cancelled()

    # -- the side watching it --------------------------------------------------------
    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        """Ask the work to stop at its next report or check (from any thread)."""
        self._cancel.set()
