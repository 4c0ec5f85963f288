"""Bodies and their terms of reference.

The ToR's numbers (two experts per member, three-year terms ...) are data of a
ToR *version*, never constants in code: a decision is checked against the
version in force on its date (R10), and an amendment adds a version.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field

from tegdesk.core.models.base import SoftDeletable


# None means "no limit" for these parameters: it must be stored as NULL, so the
# column carries no SQL-side default that would replace an explicit None.
_NO_SQL_DEFAULT = {"default": None}


class Body(SoftDeletable, table=True):
    """An intergovernmental body: the TEG, its parent Committee, an EMG issue management group."""

    __tablename__ = "body"

    code: str = Field(unique=True)  # "TEG"
    name_en: str
    names: dict[str, str] = Field(default_factory=dict, sa_type=JSON)  # other languages
    parent_id: uuid.UUID | None = Field(default=None, foreign_key="body.id")
    secretariat: str | None = None  # "Environment and Development Division, ESCAP"
    organ: str | None = None  # "Economic and Social Commission for Asia and the Pacific"
    # Document symbols, e.g. prefix "ESCAP/CED/TEG" and pattern "{prefix}/{year}/{series}{number}"
    symbol_prefix: str = ""
    symbol_pattern: str = "{prefix}/{year}/{series}{number}"
    meeting_noun: str = "meeting"  # TEG "meeting", a Committee "session"


class TorVersion(SoftDeletable, table=True):
    """One version of a body's terms of reference, in force from ``effective_date``."""

    __tablename__ = "tor_version"
    __table_args__ = (UniqueConstraint("body_id", "version"),)

    body_id: uuid.UUID = Field(foreign_key="body.id", index=True)
    version: int
    effective_date: dt.date
    adopted_by: str | None = None  # the decision or document that adopted it
    # R1: experts a member may have serving at once (None: no limit)
    experts_per_member: int | None = Field(default=2, sa_column_kwargs=_NO_SQL_DEFAULT)
    # R3: term length, consecutive terms, and the gap (in days) that breaks a run
    term_years: int = 3
    max_consecutive_terms: int | None = Field(default=2, sa_column_kwargs=_NO_SQL_DEFAULT)
    # a gap between two terms shorter than this many days still counts as consecutive
    consecutive_gap_days: int = 1095
    # R5: offices, how long an office is held, whether the first meeting elects
    bureau_offices: list[str] = Field(default_factory=lambda: ["chair", "vice_chair"], sa_type=JSON)
    office_term_years: int = 3
    # R7: meetings every so many months at most (quarterly: 3), a warning only
    meeting_interval_months: int | None = Field(default=3, sa_column_kwargs=_NO_SQL_DEFAULT)
    # R11: nominations solicited this many days before the first meeting
    nomination_lead_days: int | None = Field(default=21, sa_column_kwargs=_NO_SQL_DEFAULT)
    text: str = ""  # the ToR itself
