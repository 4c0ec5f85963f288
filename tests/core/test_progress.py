"""Progress and cancellation in core work (tegdesk.core.progress), without Qt."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from tegdesk.core.interchange.roster_import import import_roster
from tegdesk.core.models import AuditEntry, Expert, Term
from tegdesk.core.progress import Cancelled, Progress


def test_reports_are_thinned_but_the_first_and_last_always_pass():
    seen = []
    progress = Progress(lambda done, total, message, params: seen.append((done, message, params)), interval=60)
    for i in range(10_001):
        progress(i, 10_000, "Row {row}", row=i)
    assert seen == [(0, "Row {row}", {"row": 0}), (10_000, "Row {row}", {"row": 10_000})]


def test_cancel_raises_at_the_next_report_or_check():
    progress = Progress()
    progress(1, 2)
    progress.check()
    progress.cancel()
    assert progress.cancelled
    with pytest.raises(Cancelled):
        progress(2, 2)
    with pytest.raises(Cancelled):
        progress.check()


def _counts(store):
    with store.reader() as s:
        return tuple(s.exec(select(func.count()).select_from(m)).one() for m in (Expert, Term, AuditEntry))


@pytest.mark.parametrize("stop_at", ["Checking row {row} of {rows}…", "Writing {count} terms…"])
def test_a_cancelled_roster_import_writes_nothing(store, tmp_path, stop_at):
    """Cancelled while checking, or once the rows are written but before the commit: rolled back."""
    path = tmp_path / "r.csv"
    path.write_text("member,family_name,given_names,term_start\n"
                    "CN,Wang,Ming,2024-01-01\nRU,Ivanov,Pyotr,2024-01-01\nJP,Sato,Yui,2024-01-01\n", encoding="utf-8")
    before = _counts(store)

    def report(done, total, message, params):
        if message == stop_at:
            progress.cancel()

    progress = Progress(report, interval=0)
    with pytest.raises(Cancelled):
        import_roster(store, path, progress=progress)
    assert _counts(store) == before
    assert import_roster(store, path).terms_added == 3  # and the same file imports when not cancelled
