"""Alembic environment for tegdesk.

At run time tegdesk passes its own connection in ``config.attributes``; for
writing a new migration, point ``sqlalchemy.url`` at a scratch database (see
docs/architecture.md, "Migrations").
"""

from alembic import context
from sqlalchemy import engine_from_config, pool
from sqlmodel import SQLModel

import tegdesk.core.models  # noqa: F401  (registers every table)
from tegdesk.core.store.search import include_name

config = context.config
target_metadata = SQLModel.metadata


def _configure_and_run(connection) -> None:  # noqa: ANN001
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things: copy-and-move
        compare_type=True,
        include_name=include_name,  # the search tables are kept by hand-written SQL, not models
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
        compare_type=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure_and_run(connection)
        return
    section = config.get_section(config.config_ini_section, {})
    scratch = context.get_x_argument(as_dictionary=True).get("db")
    if scratch:
        section["sqlalchemy.url"] = f"sqlite:///{scratch}"
    engine = engine_from_config(section, prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as conn:
        _configure_and_run(conn)


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
