"""Reports: the Expert Group's report to the Committee and the annual report on
activities and requests (R9, B5). A placeholder until the reports issue lands."""

from __future__ import annotations

from sqlmodel import Session

from tegdesk.core.i18n import N_
from tegdesk.core.models import Body, TorVersion
from tegdesk.ui.pages.base import PlaceholderPage
from tegdesk.ui.pages.counts import count


class ReportsPage(PlaceholderPage):
    key = "reports"
    title = N_("Reports")
    description = N_(
        "Reports of the secretariat: the Expert Group's report to the Committee, and the annual "
        "report on activities and requests, with figures by country, thematic area and status."
    )

    def overview(self, session: Session) -> list[tuple[str, int]]:
        return [
            (N_("Bodies"), count(session, Body)),
            (N_("Versions of terms of reference"), count(session, TorVersion)),
        ]
