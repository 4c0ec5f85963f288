"""Schema migrations (Alembic, shipped inside the package in ``migrations/``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert len(heads) == 1, f"migration history must have one head, has {heads}"
    return heads[0]


def known_revisions() -> set[str]:
    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _run(engine: Engine, step: Callable[[Config, str], None], target: str) -> None:
    """Run ``step`` in one transaction with foreign keys off, as SQLite asks for schema changes.

    Batch mode rebuilds a table (copy, drop, rename); with foreign keys on, dropping a
    table other rows point to fails on a populated database. So, following SQLite's
    procedure for altering tables, foreign keys are off while the migration runs and
    ``foreign_key_check`` must come back empty before it commits.
    """
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        raw.execute("PRAGMA foreign_keys=OFF")  # outside any transaction, or SQLite ignores it
        try:
            with conn.begin():
                step(alembic_config(conn), target)
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
                if broken:
                    table, rowid, parent, _fk = broken[0]
                    raise RuntimeError(f"migration to {target} breaks {len(broken)} foreign key(s), e.g. "
                                       f"{table} row {rowid} -> {parent}")
        finally:
            raw.execute("PRAGMA foreign_keys=ON")


def upgrade(engine: Engine, target: str = "head") -> None:
    _run(engine, command.upgrade, target)


def downgrade(engine: Engine, target: str) -> None:
    _run(engine, command.downgrade, target)
