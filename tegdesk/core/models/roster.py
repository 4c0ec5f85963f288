"""Experts, their nominations and terms, and the Bureau."""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum

from sqlalchemy import JSON
from sqlmodel import Field

from tegdesk.core.models.base import SoftDeletable


class Expert(SoftDeletable, table=True):
    """A person. Their service is recorded as :class:`Term` rows."""

    __tablename__ = "expert"

    family_name: str = Field(index=True)
    given_names: str = ""
    honorific: str | None = None  # Mr., Ms., Dr. ...
    title: str | None = None  # job title
    organization: str | None = None
    email: str | None = None
    phone: str | None = None
    gender: str | None = None  # "female", "male", "other", or unknown
    areas: list[str] = Field(default_factory=list, sa_type=JSON)  # BSP codes
    notes: str = ""

    @property
    def display_name(self) -> str:
        return f"{self.given_names} {self.family_name}".strip()


class TermStatus(StrEnum):
    SERVING = "serving"  # within its dates (or will be)
    ENDED = "ended"  # ran to its end date
    WITHDRAWN = "withdrawn"  # ended early by the nominating member
    REPLACED = "replaced"  # withdrawn and replaced in one action


class Term(SoftDeletable, table=True):
    """A nomination by a member of an expert to a body, for one term (R1, R3)."""

    __tablename__ = "term"

    expert_id: uuid.UUID = Field(foreign_key="expert.id", index=True)
    body_id: uuid.UUID = Field(foreign_key="body.id", index=True)
    member_id: uuid.UUID = Field(foreign_key="member_state.id", index=True)
    tor_version_id: uuid.UUID | None = Field(default=None, foreign_key="tor_version.id")
    start_date: dt.date
    end_date: dt.date
    term_number: int = 1  # within a run of consecutive terms
    status: str = Field(default=TermStatus.SERVING)  # TermStatus
    ended_on: dt.date | None = None  # set on withdrawal or replacement
    nomination_ref: str | None = None  # the nominating letter's reference
    nomination_date: dt.date | None = None
    replaces_term_id: uuid.UUID | None = Field(default=None, foreign_key="term.id")
    extends_term_id: uuid.UUID | None = Field(default=None, foreign_key="term.id")


class OfficeHolding(SoftDeletable, table=True):
    """A Bureau office (chair, vice_chair, co_chair ...) held by an expert (R5)."""

    __tablename__ = "office_holding"

    body_id: uuid.UUID = Field(foreign_key="body.id", index=True)
    office: str  # one of the ToR version's bureau_offices
    expert_id: uuid.UUID = Field(foreign_key="expert.id", index=True)
    elected_at_meeting_id: uuid.UUID | None = Field(default=None, foreign_key="meeting.id")
    tor_version_id: uuid.UUID | None = Field(default=None, foreign_key="tor_version.id")
    start_date: dt.date
    end_date: dt.date
    ended_on: dt.date | None = None  # left office early
