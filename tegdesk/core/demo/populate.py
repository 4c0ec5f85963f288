"""Filling a database with the demonstration: the builder's parts put together, in order."""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass

from sqlmodel import func, select

from tegdesk.core.demo.activities import _ActivitiesBuilder
from tegdesk.core.demo.constants import DEMO_SEED, EARLIEST_TODAY
from tegdesk.core.demo.meetings import _MeetingsBuilder
from tegdesk.core.demo.requests import _RequestsBuilder
from tegdesk.core.demo.roster import _RosterBuilder
from tegdesk.core.errors import UserError
from tegdesk.core.models import Activity, AssistanceRequest, Expert, Meeting
from tegdesk.core.progress import Progress
from tegdesk.core.store.database import Store


@dataclass(frozen=True)
class DemoSummary:
    today: dt.date
    seed: int
    experts: int
    serving_experts: int
    members_with_experts: int
    terms: int
    office_holdings: int
    meetings: int
    agenda_items: int
    documents: int
    participants: int
    organisations: int
    activities: int
    requests: int
    request_events: int
    seconds: float


def existing_content(store: Store) -> dict[str, int]:
    """Counts of the user data a demonstration must not be mixed with (empty when none)."""
    with store.reader() as session:
        counts = {
            "experts": session.exec(select(func.count()).select_from(Expert)).one(),
            "activities": session.exec(select(func.count()).select_from(Activity)).one(),
            "meetings": session.exec(select(func.count()).select_from(Meeting)).one(),
            "requests": session.exec(select(func.count()).select_from(AssistanceRequest)).one(),
        }
    return {name: n for name, n in counts.items() if n}


def populate_demo(store: Store, *, seed: int = DEMO_SEED, today: dt.date | None = None,
                  progress: Progress | None = None) -> DemoSummary:
    """Fill an empty database with the demonstration; refuses a database holding data.

    One transaction: ``progress`` is told of each part, and stopping it
    (:class:`~tegdesk.core.progress.Cancelled`) leaves the database as it was."""
    progress = progress or Progress()
    today = today or dt.date.today()
    if today < EARLIEST_TODAY:
        raise ValueError(f"the demonstration needs a date after {EARLIEST_TODAY}, not {today}")
    held = existing_content(store)
    if held:
        raise UserError(
            f"The database {store.path} already holds data ({', '.join(f'{n} {k}' for k, n in held.items())}); "
            "the demonstration is loaded only into an empty database.")
    started = time.perf_counter()
    with store.session() as session:
        builder = _Builder(session, random.Random(seed), today)
        builder.build(progress)
        counts = builder.counts()
        progress.check()  # the last chance to stop: the transaction is rolled back
    return DemoSummary(today=today, seed=seed, seconds=round(time.perf_counter() - started, 2), **counts)


class _Builder(_RosterBuilder, _MeetingsBuilder, _ActivitiesBuilder, _RequestsBuilder):
    """The whole demonstration; each part (roster, meetings, activities, requests) lives in its own module."""

    def build(self, progress: Progress | None = None) -> None:
        progress = progress or Progress()
        progress(0, 100)  # in hundredths: writing the rows takes half the time
        self.organisations()
        self.teg1 = self.first_meeting()
        progress(2, 100)
        self.roster()
        progress(4, 100)
        self.bureau()
        self.teg1_agenda_and_participants()
        progress(6, 100)
        self.teg2 = self.second_meeting()
        progress(8, 100)
        self.activities()
        progress(20, 100)
        self.requests()
        progress(25, 100)
        self.write(lambda done, total: progress(25 + 75 * done // total, 100))
