"""What every table shares, so that records can merge across laptops and move
to PostgreSQL: a UUID primary key (never an autoincrement integer), created and
updated timestamps in UTC, and soft deletion where users can delete."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlmodel import Field, SQLModel


# Named constraints, so that batch migrations on SQLite (and PostgreSQL) can
# address them later.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    """Every timestamp is an aware datetime in UTC."""
    return dt.datetime.now(dt.timezone.utc)


class Entity(SQLModel):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    created_at: dt.datetime = Field(default_factory=utcnow, nullable=False)
    updated_at: dt.datetime = Field(default_factory=utcnow, nullable=False)


class SoftDeletable(Entity):
    """Users can delete these; deleting sets ``deleted_at`` and keeps the row."""

    deleted_at: dt.datetime | None = Field(default=None, index=True)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None
