"""Requests: requests for technology support and capacity-building, tracked and
dispatched (B4). A placeholder until the requests issue lands."""

from __future__ import annotations

from sqlmodel import Session

from tegdesk.core.i18n import N_
from tegdesk.core.models import AssistanceRequest, RequestStatus
from tegdesk.ui.pages.base import PlaceholderPage
from tegdesk.ui.pages.counts import count

_OPEN = (RequestStatus.RECEIVED, RequestStatus.ASSIGNED, RequestStatus.IN_PROGRESS)


class RequestsPage(PlaceholderPage):
    key = "requests"
    title = N_("Requests")
    description = N_(
        "Requests from members and associate members for technology support and "
        "capacity-building, tracked from receipt to answer, with the focal point of each."
    )

    def overview(self, session: Session) -> list[tuple[str, int]]:
        return [
            (N_("Requests"), count(session, AssistanceRequest)),
            (N_("Requests open"), count(session, AssistanceRequest, AssistanceRequest.status.in_(_OPEN))),
        ]
