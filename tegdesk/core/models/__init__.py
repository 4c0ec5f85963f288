"""All tables. Importing this package registers them on ``SQLModel.metadata``."""

from tegdesk.core.models.activities import (
    ACTIVITY_STATUS,
    ORGANISATION_ROLE,
    Activity,
    ActivityBspCode,
    ActivityLink,
    ActivityOrganisation,
    ActivityRecipient,
    AssistanceRequest,
    Level,
    RequestActivity,
    RequestBspCode,
    RequestEvent,
    RequestExpert,
    RequestStatus,
)
from tegdesk.core.models.audit import AuditEntry
from tegdesk.core.models.base import Entity, SoftDeletable, utcnow
from tegdesk.core.models.body import Body, TorVersion
from tegdesk.core.models.meetings import (
    AgendaItem,
    AgendaItemDocument,
    AgendaItemKind,
    Document,
    DocumentDistribution,
    DocumentKind,
    DocumentSeries,
    Meeting,
    MeetingMode,
    MeetingStatus,
    NoticeAudience,
    NoticeTemplate,
    Participant,
    ParticipantRole,
)
from tegdesk.core.models.reference import BspCode, BspKind, MembershipStatus, MemberState, Organisation
from tegdesk.core.models.roster import Expert, OfficeHolding, Term, TermStatus

__all__ = [
    "ACTIVITY_STATUS", "ORGANISATION_ROLE", "Activity", "ActivityBspCode", "ActivityLink",
    "ActivityOrganisation", "ActivityRecipient", "AgendaItem", "AgendaItemDocument",
    "AgendaItemKind", "AssistanceRequest", "AuditEntry", "Body", "BspCode", "BspKind", "Document",
    "DocumentDistribution", "DocumentKind", "DocumentSeries", "Entity", "Expert", "Level",
    "Meeting", "MeetingMode", "MeetingStatus", "MemberState", "MembershipStatus", "NoticeAudience",
    "NoticeTemplate", "OfficeHolding",
    "Organisation", "Participant", "ParticipantRole", "RequestActivity", "RequestBspCode",
    "RequestEvent", "RequestExpert", "RequestStatus", "SoftDeletable", "Term", "TermStatus",
    "TorVersion", "utcnow",
]
