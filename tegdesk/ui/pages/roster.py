"""Roster: experts nominated by members and associate members, their terms and
the Bureau (ToR paras 3-7). A placeholder with counts until the roster issue lands."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from tegdesk.core.i18n import N_
from tegdesk.core.models import Expert, MembershipStatus, MemberState, OfficeHolding, Term, TermStatus
from tegdesk.ui.pages.base import PlaceholderPage
from tegdesk.ui.pages.counts import count


class RosterPage(PlaceholderPage):
    key = "roster"
    title = N_("Roster")
    description = N_(
        "Experts nominated by members and associate members, their terms and the Bureau: "
        "who serves for whom, when each term ends, and who is Chair and Vice-Chair."
    )

    def overview(self, session: Session) -> list[tuple[str, int]]:
        today = dt.date.today()
        return [
            (N_("Members"), count(session, MemberState, MemberState.status == MembershipStatus.MEMBER)),
            (N_("Associate members"),
             count(session, MemberState, MemberState.status == MembershipStatus.ASSOCIATE)),
            (N_("Experts"), count(session, Expert)),
            (N_("Terms serving today"),
             count(session, Term, Term.status == TermStatus.SERVING,
                   Term.start_date <= today, Term.end_date >= today)),
            (N_("Bureau offices held today"),
             count(session, OfficeHolding, OfficeHolding.ended_on.is_(None),
                   OfficeHolding.start_date <= today, OfficeHolding.end_date >= today)),
        ]
