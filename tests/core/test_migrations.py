"""Migrations and models agree, and every migration goes up and down."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import tegdesk.core.models  # noqa: F401
from tegdesk.core.store import migrate
from tegdesk.core.store.engine import make_engine


def test_empty_database_upgrades_to_head_and_matches_models(tmp_path):
    engine = make_engine(tmp_path / "m.sqlite3")
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True})
        diff = compare_metadata(ctx, SQLModel.metadata)
    engine.dispose()
    assert diff == []


def test_downgrade_to_base_and_back(tmp_path):
    engine = make_engine(tmp_path / "m.sqlite3")
    migrate.upgrade(engine)
    migrate.downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(engine)
    assert set(SQLModel.metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_one_head_and_scripts_ship_in_the_package():
    assert migrate.head_revision()
    assert (migrate.MIGRATIONS_DIR / "env.py").is_file()
    assert any(migrate.MIGRATIONS_DIR.joinpath("versions").glob("*.py"))
