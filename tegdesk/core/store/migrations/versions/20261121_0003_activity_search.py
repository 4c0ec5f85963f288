"""activity search: a full-text index (FTS5, trigram) and a list index of the live activities

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 23:10:00

Tables all derived from the activities and kept current by SQL triggers (so that
every way of writing — the forms, the importers, a bulk insert, the sqlite3 shell —
keeps them right, and none of them is audited: they hold nothing a user wrote):

- ``activity_search_doc``: one row per live (not soft-deleted) activity, with a stable
  integer ``doc`` and what the list sorts and counts by (start, identifier, status,
  level, year). It is narrow so that facet counts over 100,000 activities scan little.
- ``activity_search_text``: the searchable text of each doc (English title and
  description, those in other languages, the identifier, the names and acronyms of the
  participating organisations), one field a line. The 1-2 character fallback (LIKE)
  scans it.
- ``activity_search``: an FTS5 external-content table over ``activity_search_text``
  with ``tokenize='trigram'`` (finds any substring of 3 or more characters, Chinese
  too, case-insensitively). External content: the text is stored once; the triggers on
  ``activity_search_text`` give FTS5 the old text on update and delete, as its
  documentation prescribes.
- ``activity_search_vocab``: FTS5's list of the index's trigrams (fts5vocab, no data of
  its own).
- ``activity_search_state``: one row whose ``version`` every change to the docs, their
  text, the recipients, the BSP codes or the members' codes and subregions increases,
  so that a reader can keep counts in memory and know when they are stale.

The docs are keyed by their own INTEGER PRIMARY KEY, never by the activity table's
implicit rowid, which VACUUM and batch migrations may renumber.

A later migration that rebuilds ``activity``, ``activity_organisation``,
``organisation``, ``activity_recipient``, ``activity_bsp_code`` or ``member_state`` in
batch mode drops their triggers with them (and SQLite refuses to
rename a table while a trigger names a dropped one): it must call
``drop_triggers()`` first and create the triggers again from its own copy of
``TRIGGERS`` (then ``rebuild`` if the text changed).
"""
from typing import Sequence, Union

from alembic import op


revision: str = '0003'
down_revision: Union[str, Sequence[str], None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# The searchable text of activity ``a``: one field a line; translations from the JSON
# columns decoded (they are stored with \u escapes, which LIKE could not find). Two line
# ends close it, so that every one or two characters of the text begin some trigram: a
# short term is then found through the trigrams it begins (activity_search_vocab).
_TEXT = """
    a.iati_identifier || char(10) || a.title || char(10) || a.description
    || coalesce(char(10) || CASE WHEN json_valid(a.titles) THEN
         (SELECT group_concat(value, char(10)) FROM json_each(a.titles)) END, '')
    || coalesce(char(10) || CASE WHEN json_valid(a.descriptions) THEN
         (SELECT group_concat(value, char(10)) FROM json_each(a.descriptions)) END, '')
    || coalesce(char(10) || (SELECT group_concat(t, char(10)) FROM (
         SELECT DISTINCT o.name || coalesce(' ' || o.acronym, '') AS t
         FROM activity_organisation ao JOIN organisation o ON o.id = ao.organisation_id
         WHERE ao.activity_id = a.id)), '')
    || char(10) || char(10)
"""

_START = "coalesce(a.actual_start, a.planned_start, '')"
_YEAR = "CASE WHEN coalesce(a.actual_start, a.planned_start) IS NOT NULL THEN " \
        "CAST(substr(coalesce(a.actual_start, a.planned_start), 1, 4) AS INTEGER) END"


def _refresh(activities: str) -> str:
    """SQL statements that bring the docs of the activities whose id is ``activities``
    (``= NEW.id``, ``IN (SELECT ...)``) up to date: removed when soft-deleted or gone,
    added or updated otherwise; the text rewritten only when it changed."""
    return f"""
    DELETE FROM activity_search_doc WHERE activity_id {activities}
        AND activity_id NOT IN (SELECT id FROM activity WHERE id {activities} AND deleted_at IS NULL);
    INSERT INTO activity_search_doc (activity_id, start, identifier, status, level, year)
        SELECT a.id, {_START}, a.iati_identifier, a.status, a.level, {_YEAR}
        FROM activity a WHERE a.id {activities} AND a.deleted_at IS NULL
        ON CONFLICT (activity_id) DO UPDATE SET start = excluded.start, identifier = excluded.identifier,
            status = excluded.status, level = excluded.level, year = excluded.year
        WHERE (start, identifier, status, level, year) IS NOT
              (excluded.start, excluded.identifier, excluded.status, excluded.level, excluded.year);
    INSERT INTO activity_search_text (doc, body)
        SELECT d.doc, {_TEXT} FROM activity_search_doc d JOIN activity a ON a.id = d.activity_id
        WHERE d.activity_id {activities}
        ON CONFLICT (doc) DO UPDATE SET body = excluded.body WHERE body IS NOT excluded.body;
"""


_BUMP = "UPDATE activity_search_state SET version = version + 1;"

TRIGGERS: dict[str, str] = {
    # the FTS5 index follows its external content (the documented pattern)
    "activity_search_text_ai": f"""AFTER INSERT ON activity_search_text BEGIN {_BUMP}
        INSERT INTO activity_search (rowid, body) VALUES (NEW.doc, NEW.body); END""",
    "activity_search_text_ad": f"""AFTER DELETE ON activity_search_text BEGIN {_BUMP}
        INSERT INTO activity_search (activity_search, rowid, body) VALUES ('delete', OLD.doc, OLD.body); END""",
    "activity_search_text_au": f"""AFTER UPDATE ON activity_search_text BEGIN {_BUMP}
        INSERT INTO activity_search (activity_search, rowid, body) VALUES ('delete', OLD.doc, OLD.body);
        INSERT INTO activity_search (rowid, body) VALUES (NEW.doc, NEW.body); END""",
    "activity_search_doc_ai": f"AFTER INSERT ON activity_search_doc BEGIN {_BUMP} END",
    "activity_search_doc_au": f"AFTER UPDATE ON activity_search_doc BEGIN {_BUMP} END",
    "activity_search_doc_ad": f"""AFTER DELETE ON activity_search_doc BEGIN {_BUMP}
        DELETE FROM activity_search_text WHERE doc = OLD.doc; END""",
    # what the facets count by, outside the docs
    **{f"activity_search_{short}_{suffix}": f"AFTER {event} ON {table} BEGIN {_BUMP} END"
       for short, table in (("recipient", "activity_recipient"), ("bsp", "activity_bsp_code"))
       for event, suffix in (("INSERT", "ai"), ("UPDATE", "au"), ("DELETE", "ad"))},
    "activity_search_member_au": f"AFTER UPDATE OF iso2, subregion ON member_state BEGIN {_BUMP} END",
    # the docs follow the activities, their organisations and the organisations' names
    "activity_search_activity_ai": f"AFTER INSERT ON activity BEGIN {_refresh('= NEW.id')} END",
    "activity_search_activity_au": f"AFTER UPDATE ON activity BEGIN {_refresh('= NEW.id')} END",
    "activity_search_activity_ad": "AFTER DELETE ON activity BEGIN "
                                   "DELETE FROM activity_search_doc WHERE activity_id = OLD.id; END",
    "activity_search_ao_ai": f"AFTER INSERT ON activity_organisation BEGIN {_refresh('= NEW.activity_id')} END",
    "activity_search_ao_ad": f"AFTER DELETE ON activity_organisation BEGIN {_refresh('= OLD.activity_id')} END",
    "activity_search_ao_au": f"""AFTER UPDATE ON activity_organisation BEGIN
        {_refresh('IN (OLD.activity_id, NEW.activity_id)')} END""",
    "activity_search_org_au": f"""AFTER UPDATE OF name, acronym ON organisation BEGIN
        {_refresh('IN (SELECT activity_id FROM activity_organisation WHERE organisation_id = NEW.id)')} END""",
}


def create_triggers() -> None:
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")


def drop_triggers() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")


def upgrade() -> None:
    op.execute("""CREATE TABLE activity_search_doc (
        doc INTEGER PRIMARY KEY,
        activity_id CHAR(32) NOT NULL UNIQUE,
        start VARCHAR NOT NULL,  -- actual start, else planned, else '' (sorts last, newest first)
        identifier VARCHAR NOT NULL,
        status VARCHAR NOT NULL,
        level VARCHAR NOT NULL,
        year INTEGER)""")
    op.execute("CREATE INDEX ix_activity_search_doc_order ON activity_search_doc (start DESC, identifier)")
    op.execute("CREATE TABLE activity_search_state (id INTEGER PRIMARY KEY CHECK (id = 1), "
               "version INTEGER NOT NULL)")
    op.execute("INSERT INTO activity_search_state (id, version) VALUES (1, 0)")
    op.execute("CREATE TABLE activity_search_text (doc INTEGER PRIMARY KEY, body VARCHAR NOT NULL)")
    op.execute("CREATE VIRTUAL TABLE activity_search USING fts5(body, content='activity_search_text', "
               "content_rowid='doc', tokenize='trigram')")
    # the index's trigrams, for finding terms of one or two characters by the trigrams they begin
    op.execute("CREATE VIRTUAL TABLE activity_search_vocab USING fts5vocab(activity_search, 'row')")
    create_triggers()
    # the activities already there
    op.execute(f"""INSERT INTO activity_search_doc (activity_id, start, identifier, status, level, year)
        SELECT a.id, {_START}, a.iati_identifier, a.status, a.level, {_YEAR}
        FROM activity a WHERE a.deleted_at IS NULL ORDER BY a.rowid""")
    op.execute(f"""INSERT INTO activity_search_text (doc, body)
        SELECT d.doc, {_TEXT} FROM activity_search_doc d JOIN activity a ON a.id = d.activity_id
        ORDER BY d.doc""")  # FTS5 takes rows in rowid order far faster


def downgrade() -> None:
    drop_triggers()
    op.execute("DROP TABLE activity_search_vocab")
    op.execute("DROP TABLE activity_search")
    op.execute("DROP TABLE activity_search_text")
    op.execute("DROP TABLE activity_search_doc")
    op.execute("DROP TABLE activity_search_state")
