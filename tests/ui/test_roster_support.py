"""Helpers for the roster page tests (no tests here): roster data built through the service, as a user would."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlmodel import select

from tegdesk.core.models import Meeting, MemberState
from tegdesk.core.services.roster import ExpertData, RosterService

TODAY = dt.date.today()


def member(store, iso3: str) -> MemberState:
    with store.reader() as s:
        return s.exec(select(MemberState).where(MemberState.iso3 == iso3)).one()


def nominate(store, iso3: str, family: str, given: str = "", *, start: dt.date | None = None,
             organization: str | None = None, email: str | None = None):
    svc = RosterService(store)
    outcome = svc.nominate(member_id=member(store, iso3).id, start_date=start or TODAY - dt.timedelta(days=30),
                           expert=ExpertData(family_name=family, given_names=given, organization=organization,
                                             email=email, honorific="Dr."))
    assert outcome.saved, [v.message for v in outcome.violations]
    return outcome.record


def add_meeting(store, number: int, day: dt.date) -> uuid.UUID:
    svc = RosterService(store)
    with store.session() as s:
        meeting = Meeting(body_id=svc.body_id, number=number, title=f"Meeting {number}", start_date=day,
                          end_date=day + dt.timedelta(days=1))
        s.add(meeting)
        return meeting.id


def table_column(page, column: int) -> list[str]:
    proxy = page.proxy
    return [proxy.index(r, column).data() for r in range(proxy.rowCount())]


def select_expert(page, family: str, *, term_number: int | None = None) -> None:
    """Select the (first matching) row of ``family`` in the roster table."""
    proxy = page.proxy
    for r in range(proxy.rowCount()):
        row = page.proxy.row_at(r)
        if row.family_name == family and (term_number is None or row.term_number == term_number):
            page.table.selectRow(r)
            assert page.selected_row() is not None
            return
    raise AssertionError(f"{family} is not in the table")
