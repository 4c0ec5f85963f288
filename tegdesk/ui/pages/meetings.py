"""Meetings: sessions of the Expert Group with their provisional agendas,
notices, documents and participants. A placeholder until the meetings issue lands."""

from __future__ import annotations

from sqlmodel import Session

from tegdesk.core.i18n import N_
from tegdesk.core.models import Document, Meeting, MeetingStatus, Participant
from tegdesk.ui.pages.base import PlaceholderPage
from tegdesk.ui.pages.counts import count


class MeetingsPage(PlaceholderPage):
    key = "meetings"
    title = N_("Meetings")
    description = N_(
        "Meetings of the Expert Group: provisional agendas, meeting notices to members and "
        "associate members, documents with their symbols, participants and their funding."
    )

    def overview(self, session: Session) -> list[tuple[str, int]]:
        return [
            (N_("Meetings"), count(session, Meeting)),
            (N_("Meetings planned"),
             count(session, Meeting, Meeting.status.in_([MeetingStatus.PLANNED, MeetingStatus.NOTICE_ISSUED]))),
            (N_("Documents"), count(session, Document)),
            (N_("Participants"), count(session, Participant)),
        ]
