"""The append-only audit log: who changed what, when."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from tegdesk.core.models.base import utcnow


class AuditEntry(SQLModel, table=True):
    """One change to one record. Written by the store on every flush; never
    updated or deleted (the store refuses to)."""

    __tablename__ = "audit_log"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    at: dt.datetime = Field(default_factory=utcnow, index=True)
    user: str  # the operating-system user
    host: str = ""
    table_name: str = Field(index=True)
    record_id: str = Field(index=True)
    action: str  # insert, update, delete (soft), purge (hard)
    changes: dict = Field(default_factory=dict, sa_type=JSON)  # field: [old, new]
