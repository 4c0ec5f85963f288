"""Migrations and models agree, and every migration goes up and down, on an empty database and on the
demonstration, keeping every row."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlmodel import SQLModel

import tegdesk.core.models  # noqa: F401
from tegdesk.core.store import migrate, open_store, search
from tegdesk.core.store.engine import make_engine


def test_empty_database_upgrades_to_head_and_matches_models(tmp_path):
    engine = make_engine(tmp_path / "m.sqlite3")
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True,
                                                     "include_name": search.include_name})
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


# -- every migration up and down on a populated database, rows kept ----------------------------

def _revisions() -> list[str]:
    """Every revision from the first to the head."""
    script = ScriptDirectory.from_config(migrate.alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


EARLIER = _revisions()[:-1]


@pytest.fixture(scope="module")
def demo_at_head(tmp_path_factory) -> Path:
    """The demonstration at the head revision, built once for the module (tests work on copies)."""
    from tegdesk.core.demo import populate_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    store = open_store(path)
    populate_demo(store, today=dt.date(2025, 6, 1))
    store.close()
    return path


def _copy(src: Path, tmp_path: Path, name: str = "copy.sqlite3") -> Path:
    dst = tmp_path / name
    shutil.copyfile(src, dst)
    return dst


def _counts(path: Path) -> dict[str, int]:
    """Rows per table; the search tables are left out: derived from the activities, they are
    rebuilt by the migration that adds them (test_activity_search checks them)."""
    con = sqlite3.connect(path)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                            "AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'")
                  if not search.is_search_table(r[0])]
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        con.close()


def _columns(path: Path) -> dict[str, list[str]]:
    con = sqlite3.connect(path)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                            "AND name NOT LIKE 'sqlite_%'") if not search.is_search_table(r[0])]
        return {t: [r[1] for r in con.execute(f'PRAGMA table_info("{t}")')] for t in tables}
    finally:
        con.close()


def _shape(path: Path) -> dict[str, object]:
    """Tables with their columns (name, type, not null, default, key), indexes and foreign keys."""
    con = sqlite3.connect(path)
    try:
        shape: dict[str, object] = {}
        for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"):
            cols = sorted(tuple(r[1:]) for r in con.execute(f'PRAGMA table_info("{t}")'))
            indexes = sorted((r[1], r[2]) for r in con.execute(f'PRAGMA index_list("{t}")')
                             if not r[1].startswith("sqlite_autoindex"))
            fks = sorted(tuple(r[2:5]) for r in con.execute(f'PRAGMA foreign_key_list("{t}")'))
            shape[t] = (cols, indexes, fks)
        return shape
    finally:
        con.close()


def _rows(path: Path, columns: dict[str, list[str]]) -> dict[str, list[tuple]]:
    """The rows of the given tables, reading only the given columns."""
    con = sqlite3.connect(path)
    try:
        return {t: sorted(con.execute(f'SELECT {", ".join(chr(34) + c + chr(34) for c in cols)} FROM "{t}"'),
                          key=repr) for t, cols in columns.items()}
    finally:
        con.close()


def _migrate(path: Path, target: str, *, down: bool) -> None:
    engine = make_engine(path)
    try:
        (migrate.downgrade if down else migrate.upgrade)(engine, target)
    finally:
        engine.dispose()


def test_there_are_earlier_revisions_to_test():
    assert EARLIER and EARLIER[0] == "0001"


@pytest.mark.parametrize("revision", EARLIER)
def test_demo_goes_down_to_each_revision_and_back_keeping_its_rows(demo_at_head, tmp_path, revision):
    db = _copy(demo_at_head, tmp_path)
    counts = _counts(db)
    assert counts["term"] > 40 and counts["activity"] == 200 and counts["document"] > 0

    _migrate(db, revision, down=True)
    # the downgraded file has the shape of one built at that revision
    built = tmp_path / "built.sqlite3"
    _migrate(built, revision, down=False)
    assert _shape(db) == _shape(built)
    kept_columns = {t: cols for t, cols in _columns(db).items() if t != "alembic_version"}
    down_counts = _counts(db)
    assert down_counts == {t: n for t, n in counts.items() if t in down_counts}  # no row lost on the way down
    assert not list(tmp_path.glob("*_alembic_tmp_*"))
    down_rows = _rows(db, kept_columns)

    _migrate(db, "head", down=False)
    up_counts = _counts(db)
    assert set(up_counts) == set(counts)
    for table, n in counts.items():
        # tables created after the revision come back empty; the others keep every row
        assert up_counts[table] == (n if table in down_counts else 0), table
    assert _rows(db, kept_columns) == down_rows  # and every value of the columns the revision has
    assert _shape(db) == _shape(demo_at_head)

    # reopened, the reference data in the newer tables is loaded again: every count as before
    store = open_store(db)
    store.close()
    reopened = _counts(db)
    assert {t: n for t, n in reopened.items() if t != "audit_log"} == \
        {t: n for t, n in counts.items() if t != "audit_log"}
    assert reopened["audit_log"] >= counts["audit_log"]


def test_a_database_at_the_first_revision_upgrades_keeping_rows_and_filling_new_columns(demo_at_head, tmp_path):
    first = _revisions()[0]
    scratch = _copy(demo_at_head, tmp_path, "scratch.sqlite3")
    _migrate(scratch, first, down=True)
    old = tmp_path / "old.sqlite3"  # demo-like rows in a file with the first schema
    con = sqlite3.connect(scratch)
    con.execute("VACUUM INTO ?", (str(old),))
    con.close()
    before_counts = _counts(old)
    before_rows = _rows(old, {t: c for t, c in _columns(old).items() if t != "alembic_version"})

    store = open_store(old)  # the way a user meets it: backed up, then migrated
    assert store.schema_revision() == migrate.head_revision()
    store.close()
    after_counts = _counts(old)
    for table, n in before_counts.items():
        assert after_counts[table] >= n if table == "audit_log" else after_counts[table] == n, table
    assert _rows(old, {t: c for t, c in _columns(scratch).items() if t not in ("alembic_version", "audit_log")}) == \
        {t: r for t, r in before_rows.items() if t != "audit_log"}
    backups = list((tmp_path / "backups").glob("old-*-pre-migration.sqlite3"))
    assert len(backups) == 1 and _counts(backups[0]) == before_counts

    con = sqlite3.connect(old)
    try:
        kinds = dict(con.execute("SELECT symbol, kind FROM document WHERE series = 'L.' AND title = "
                                 "'Provisional agenda'").fetchall())
        defaults = con.execute("SELECT DISTINCT translations FROM meeting").fetchall()
    finally:
        con.close()
    assert kinds and set(kinds.values()) == {"agenda"}  # 0002's data migration ran on the old rows
    assert defaults == [("{}",)]


def test_the_head_revision_constant_is_alembics_head():
    """Opening reads the head from a constant, not from Alembic: it must be the scripts' head."""
    assert migrate.HEAD_REVISION == migrate.head_revision()


def test_the_current_revision_is_read_as_alembic_reads_it(tmp_path):
    engine = make_engine(tmp_path / "blank.sqlite3")
    try:
        assert migrate.current_revision(engine) is None  # no alembic_version table
        migrate.upgrade(engine)
        with engine.connect() as conn:
            assert migrate.current_revision(engine) == MigrationContext.configure(conn).get_current_revision() \
                == migrate.HEAD_REVISION
    finally:
        engine.dispose()


def test_opening_an_up_to_date_database_does_not_import_alembic(tmp_path):
    import os
    import subprocess
    import sys

    db = tmp_path / "current.sqlite3"
    open_store(db).close()  # made and migrated here
    program = (
        "import sys\n"
        "from pathlib import Path\n"
        "from tegdesk.core.store import open_store\n"
        "import tegdesk.ui.app\n"  # and nothing the window's start imports brings it in
        f"store = open_store(Path({str(db)!r}), defer_check=True)\n"
        "store.close()\n"
        "print('alembic' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
    # and the same program does import it for a database that needs migrating
    older = open_store(db)
    migrate.downgrade(older.engine, _revisions()[-2])
    older.close()
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.stdout.strip() == "True", result.stderr
