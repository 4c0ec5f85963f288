"""Activities: the Bali Strategic Plan's capacity-building database (B1-B3, B7).
A placeholder until the activities issue lands."""

from __future__ import annotations

from sqlmodel import Session

from tegdesk.core.i18n import N_
from tegdesk.core.models import Activity, BspCode, Organisation
from tegdesk.ui.pages.base import PlaceholderPage
from tegdesk.ui.pages.counts import count


class ActivitiesPage(PlaceholderPage):
    key = "activities"
    title = N_("Activities")
    description = N_(
        "The database of technology support and capacity-building activities under the Bali "
        "Strategic Plan, by cross-cutting issue and thematic area, level, organisation and "
        "recipient country, with costs and results."
    )

    def overview(self, session: Session) -> list[tuple[str, int]]:
        return [
            (N_("Activities"), count(session, Activity)),
            (N_("Organisations"), count(session, Organisation)),
            (N_("Entries of the indicative list"), count(session, BspCode)),
        ]
