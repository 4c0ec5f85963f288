"""Schema migrations (Alembic, shipped inside the package in ``migrations/``).

Alembic is imported only to migrate or to look a revision up: importing it and
reading the scripts costs about 0.15 s of CPU, which every start paid to learn
that the database is already current. :data:`HEAD_REVISION` names the newest
migration (a test checks it against Alembic's head, so it cannot drift), and
:func:`current_revision` reads ``alembic_version`` with plain SQL.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
#: The newest migration's revision; update it with every new migration
#: (``tests/core/test_migrations.py::test_the_head_revision_constant_is_alembics_head``).
HEAD_REVISION = "0004"


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """The head as Alembic reads it from the scripts (imports Alembic)."""
    from alembic.script import ScriptDirectory

    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert len(heads) == 1, f"migration history must have one head, has {heads}"
    return heads[0]


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    """The database's revision (``alembic_version``), None when it has none; plain SQL."""
    with engine.connect() as conn:
        has_table = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'").first()
        if has_table is None:
            return None
        rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    if len(rows) > 1:
        raise RuntimeError(f"the database has {len(rows)} schema revisions, expected one")
    return rows[0][0] if rows else None


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
    from alembic import command

    _run(engine, command.upgrade, target)


def downgrade(engine: Engine, target: str) -> None:
    from alembic import command

    _run(engine, command.downgrade, target)
