"""The Bali Strategic Plan's capacity-building database (B1-B7), IATI-compatible,
and requests for technical assistance (B4)."""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field

from tegdesk.core.models.base import Entity, SoftDeletable


class Level(StrEnum):
    NATIONAL = "national"
    SUBREGIONAL = "subregional"
    REGIONAL = "regional"
    GLOBAL = "global"


#: IATI ActivityStatus codelist.
ACTIVITY_STATUS = {
    "1": "Pipeline/identification",
    "2": "Implementation",
    "3": "Finalisation",
    "4": "Closed",
    "5": "Cancelled",
    "6": "Suspended",
}

#: IATI OrganisationRole codelist (B3).
ORGANISATION_ROLE = {"1": "Funding", "2": "Accountable", "3": "Extending", "4": "Implementing"}


class Activity(SoftDeletable, table=True):
    __tablename__ = "activity"

    iati_identifier: str = Field(unique=True)  # reporting org prefix + local id
    reporting_org_id: uuid.UUID | None = Field(default=None, foreign_key="organisation.id")
    title: str = Field(index=True)
    titles: dict[str, str] = Field(default_factory=dict, sa_type=JSON)  # other languages
    description: str = ""
    descriptions: dict[str, str] = Field(default_factory=dict, sa_type=JSON)
    level: str = Field(default=Level.NATIONAL, index=True)  # Level
    south_south: bool = False
    status: str = Field(default="2", index=True)  # ACTIVITY_STATUS code
    planned_start: dt.date | None = None
    planned_end: dt.date | None = None
    actual_start: dt.date | None = None
    actual_end: dt.date | None = None
    currency: str = Field(default="USD", max_length=3)
    budget: int | None = None  # minor units (B7)
    cost: int | None = None  # minor units (B7)
    trained_women: int | None = None
    trained_men: int | None = None
    trained_other: int | None = None
    results: str = ""
    assessment: str = ""  # the recipient Government's assessment (B6)
    assessment_date: dt.date | None = None
    agreements: list[str] = Field(default_factory=list, sa_type=JSON)  # related MEAs


class ActivityOrganisation(Entity, table=True):
    __tablename__ = "activity_organisation"
    __table_args__ = (UniqueConstraint("activity_id", "organisation_id", "role"),)

    activity_id: uuid.UUID = Field(foreign_key="activity.id", index=True)
    organisation_id: uuid.UUID = Field(foreign_key="organisation.id", index=True)
    role: str  # ORGANISATION_ROLE code


class ActivityRecipient(Entity, table=True):
    """A recipient country (a member) or region, with its share; shares sum to 100."""

    __tablename__ = "activity_recipient"

    activity_id: uuid.UUID = Field(foreign_key="activity.id", index=True)
    member_id: uuid.UUID | None = Field(default=None, foreign_key="member_state.id", index=True)
    region_code: str | None = None  # IATI Region code, e.g. "798" Asia, regional
    percentage: float = 100.0


class ActivityBspCode(Entity, table=True):
    __tablename__ = "activity_bsp_code"
    __table_args__ = (UniqueConstraint("activity_id", "code"),)

    activity_id: uuid.UUID = Field(foreign_key="activity.id", index=True)
    code: str = Field(foreign_key="bsp_code.code", index=True)


class ActivityLink(Entity, table=True):
    """The same activity in another agency's database (B1)."""

    __tablename__ = "activity_link"

    activity_id: uuid.UUID = Field(foreign_key="activity.id", index=True)
    system: str  # "UNEP", "GEF", "CBD CHM" ...
    url: str | None = None
    external_id: str | None = None


class RequestStatus(StrEnum):
    RECEIVED = "received"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    ANSWERED = "answered"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class AssistanceRequest(SoftDeletable, table=True):
    """A request for technology support or capacity-building (B4)."""

    __tablename__ = "assistance_request"

    reference: str = Field(unique=True)
    member_id: uuid.UUID = Field(foreign_key="member_state.id", index=True)
    requesting_body: str = ""  # the ministry or agency
    received_on: dt.date
    channel: str = "note verbale"
    subject: str
    focal_point: str = ""  # a division or regional office
    status: str = Field(default=RequestStatus.RECEIVED, index=True)
    closed_on: dt.date | None = None  # answered, declined or withdrawn


class RequestEvent(Entity, table=True):
    """The dated history of a request's status."""

    __tablename__ = "request_event"

    request_id: uuid.UUID = Field(foreign_key="assistance_request.id", index=True)
    status: str
    on: dt.date
    note: str = ""


class RequestBspCode(Entity, table=True):
    __tablename__ = "request_bsp_code"
    __table_args__ = (UniqueConstraint("request_id", "code"),)

    request_id: uuid.UUID = Field(foreign_key="assistance_request.id", index=True)
    code: str = Field(foreign_key="bsp_code.code", index=True)


class RequestActivity(Entity, table=True):
    __tablename__ = "request_activity"
    __table_args__ = (UniqueConstraint("request_id", "activity_id"),)

    request_id: uuid.UUID = Field(foreign_key="assistance_request.id", index=True)
    activity_id: uuid.UUID = Field(foreign_key="activity.id", index=True)


class RequestExpert(Entity, table=True):
    __tablename__ = "request_expert"
    __table_args__ = (UniqueConstraint("request_id", "expert_id"),)

    request_id: uuid.UUID = Field(foreign_key="assistance_request.id", index=True)
    expert_id: uuid.UUID = Field(foreign_key="expert.id", index=True)
