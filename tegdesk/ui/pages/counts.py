"""Small counting queries behind the placeholder pages' overviews.

They belong to the interface only until each area's own service module lands
in ``tegdesk.core``; then the page should ask that service instead.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func
from sqlmodel import Session, SQLModel, select


def count(session: Session, model: type[SQLModel], *where: Any) -> int:
    """Rows of ``model`` matching ``where``; soft-deleted rows are left out."""
    query = select(func.count()).select_from(model)
    if hasattr(model, "deleted_at"):
        query = query.where(model.deleted_at.is_(None))  # type: ignore[attr-defined]
    for condition in where:
        query = query.where(condition)
    return int(session.exec(query).one())
