"""Meetings, agendas, documents and their distribution, participants."""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field

from tegdesk.core.models.base import Entity, SoftDeletable


class MeetingMode(StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    HYBRID = "hybrid"


class MeetingStatus(StrEnum):
    PLANNED = "planned"
    NOTICE_ISSUED = "notice_issued"
    HELD = "held"
    CANCELLED = "cancelled"


class Meeting(SoftDeletable, table=True):
    __tablename__ = "meeting"
    __table_args__ = (UniqueConstraint("body_id", "number"),)

    body_id: uuid.UUID = Field(foreign_key="body.id", index=True)
    number: int  # TEG 1, TEG 2 ...
    title: str = ""
    start_date: dt.date
    end_date: dt.date
    venue: str | None = None
    mode: str = Field(default=MeetingMode.IN_PERSON)  # MeetingMode
    languages: list[str] = Field(default_factory=lambda: ["en"], sa_type=JSON)
    status: str = Field(default=MeetingStatus.PLANNED)  # MeetingStatus
    nominations_called_on: dt.date | None = None  # R11
    nomination_deadline: dt.date | None = None
    registration_deadline: dt.date | None = None
    contact: str | None = None
    notes: str = ""
    # the reference number of the notes verbales and letters about this meeting
    reference: str | None = None
    # text in other languages than English: {"zh": {"title": ..., "venue": ..., "contact": ...}}
    translations: dict[str, dict[str, str]] = Field(default_factory=dict, sa_type=JSON)


class AgendaItemKind(StrEnum):
    OPENING = "opening"
    ELECTION = "election"
    ADOPTION_OF_AGENDA = "adoption_of_agenda"
    SUBSTANTIVE = "substantive"
    OTHER_MATTERS = "other_matters"
    ADOPTION_OF_REPORT = "adoption_of_report"
    CLOSING = "closing"


class AgendaItem(SoftDeletable, table=True):
    """An item of a provisional agenda; sub-items point to their parent. Numbers
    and letters are derived from ``position``, never stored."""

    __tablename__ = "agenda_item"

    meeting_id: uuid.UUID = Field(foreign_key="meeting.id", index=True)
    parent_id: uuid.UUID | None = Field(default=None, foreign_key="agenda_item.id")
    position: int
    kind: str = Field(default=AgendaItemKind.SUBSTANTIVE)
    title: str
    annotation: str = ""
    # text in other languages than English: {"zh": {"title": ..., "annotation": ...}}
    translations: dict[str, dict[str, str]] = Field(default_factory=dict, sa_type=JSON)


class DocumentSeries(StrEnum):
    REGULAR = ""
    LIMITED = "L."
    INFORMATION = "INF/"
    CONFERENCE_ROOM = "CRP."


class DocumentKind(StrEnum):
    """What a document is, so that the agenda and the list of participants can be found."""

    AGENDA = "agenda"  # the provisional agenda (usually an L. symbol)
    ANNOTATED_AGENDA = "annotated_agenda"
    PAPER = "paper"  # a working or background paper before the meeting
    PARTICIPANTS = "participants"  # the list of participants (INF series)
    INFORMATION = "information"  # another information document (INF series)
    REPORT = "report"  # the report of the meeting
    OTHER = "other"


class Document(SoftDeletable, table=True):
    """A document with its symbol, e.g. ESCAP/CED/TEG/2024/L.1 or .../INF/1/Rev.1."""

    __tablename__ = "document"

    body_id: uuid.UUID = Field(foreign_key="body.id", index=True)
    meeting_id: uuid.UUID | None = Field(default=None, foreign_key="meeting.id", index=True)
    symbol: str = Field(unique=True)
    series: str = DocumentSeries.REGULAR  # DocumentSeries
    number: int
    year: int
    revision_kind: str | None = None  # "Add", "Rev", "Corr"
    revision_number: int | None = None
    base_document_id: uuid.UUID | None = Field(default=None, foreign_key="document.id")
    title: str
    languages: list[str] = Field(default_factory=lambda: ["en"], sa_type=JSON)
    original_language: str = "en"
    distribution: str = "general"  # "general" or "limited"
    issued_on: dt.date | None = None
    kind: str = Field(default=DocumentKind.PAPER)  # DocumentKind
    # titles in other languages than English: {"zh": ...}
    titles: dict[str, str] = Field(default_factory=dict, sa_type=JSON)


class AgendaItemDocument(Entity, table=True):
    """A document before the meeting under an agenda item."""

    __tablename__ = "agenda_item_document"
    __table_args__ = (UniqueConstraint("agenda_item_id", "document_id"),)

    agenda_item_id: uuid.UUID = Field(foreign_key="agenda_item.id", index=True)
    document_id: uuid.UUID = Field(foreign_key="document.id", index=True)


class DocumentDistribution(Entity, table=True):
    """A document sent to a member or associate member (R8: to all of them)."""

    __tablename__ = "document_distribution"
    __table_args__ = (UniqueConstraint("document_id", "member_id"),)

    document_id: uuid.UUID = Field(foreign_key="document.id", index=True)
    member_id: uuid.UUID = Field(foreign_key="member_state.id", index=True)
    sent_on: dt.date
    channel: str = "email"


class ParticipantRole(StrEnum):
    EXPERT = "expert"  # nominated expert (R1)
    THEMATIC_REPRESENTATIVE = "thematic_representative"  # R2, per meeting and topic
    OBSERVER = "observer"  # major groups and other stakeholders (R12)
    SECRETARIAT = "secretariat"


class Participant(SoftDeletable, table=True):
    __tablename__ = "participant"

    meeting_id: uuid.UUID = Field(foreign_key="meeting.id", index=True)
    role: str  # ParticipantRole
    expert_id: uuid.UUID | None = Field(default=None, foreign_key="expert.id", index=True)
    member_id: uuid.UUID | None = Field(default=None, foreign_key="member_state.id")
    organisation_id: uuid.UUID | None = Field(default=None, foreign_key="organisation.id")
    # for people who are not on the roster (representatives, observers, secretariat)
    family_name: str | None = None
    given_names: str | None = None
    honorific: str | None = None
    affiliation: str | None = None
    email: str | None = None
    topic: str | None = None  # R2: the specific issue a representative is designated for
    registered_on: dt.date | None = None
    attended: bool | None = None
    # R4: funding of participation, in minor units (cents) of ``currency``
    funding_requested: int | None = None
    funding_approved: int | None = None
    currency: str | None = Field(default=None, max_length=3)


class NoticeAudience(StrEnum):
    GOVERNMENTS = "governments"  # a note verbale to permanent missions / Seats of Government
    EXPERTS = "experts"  # a letter to the nominated experts (and observers)


class NoticeTemplate(SoftDeletable, table=True):
    """The wording of a meeting notice, kept in the database so that the secretariat
    can adjust it without code. ``text`` holds paragraphs separated by blank lines,
    with {placeholders} filled from the meeting (see core.documents.notice)."""

    __tablename__ = "notice_template"
    __table_args__ = (UniqueConstraint("body_id", "audience", "language"),)

    body_id: uuid.UUID = Field(foreign_key="body.id", index=True)
    audience: str  # NoticeAudience
    language: str  # "en", "zh", ...
    text: str
