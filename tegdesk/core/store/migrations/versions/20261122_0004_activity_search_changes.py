"""activity search: which activities changed, for updating the list index in place

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 01:00:00

The list's in-memory index (``tegdesk.core.activity_query``) was read again in full,
about a second at 100,000 activities, whenever ``activity_search_state.version`` moved,
since nothing said what had changed. ``activity_search_change`` now says it: one row per
activity whose doc (list row), recipients or BSP codes changed, with the version of its
last change. A reader that knows version *v* reads the activities changed after *v* and
updates only their rows. A change to the members' codes or subregions touches every
activity: it is logged as the activity ``*``, which means "read everything again".

The triggers of 0003 that increase the version for those tables now log too (each after
its increase, so the row carries the new version); the others are unchanged. One row per
activity at most (an upsert), so the table never holds more rows than there are
activities; it is derived data like the other search tables, never audited.
"""
from typing import Sequence, Union

from alembic import op


revision: str = '0004'
down_revision: Union[str, Sequence[str], None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_BUMP = "UPDATE activity_search_state SET version = version + 1;"


def _log(activity: str) -> str:
    """SQL that records ``activity`` (an expression) as changed at the current version."""
    return (f"INSERT INTO activity_search_change (activity_id, version) "
            f"SELECT {activity}, version FROM activity_search_state WHERE 1 "
            f"ON CONFLICT (activity_id) DO UPDATE SET version = excluded.version;")


# 0003's bodies (its own copy, as 0003 asks of a later migration), for the downgrade
_OLD: dict[str, str] = {
    "activity_search_doc_ai": f"AFTER INSERT ON activity_search_doc BEGIN {_BUMP} END",
    "activity_search_doc_au": f"AFTER UPDATE ON activity_search_doc BEGIN {_BUMP} END",
    "activity_search_doc_ad": f"""AFTER DELETE ON activity_search_doc BEGIN {_BUMP}
        DELETE FROM activity_search_text WHERE doc = OLD.doc; END""",
    **{f"activity_search_{short}_{suffix}": f"AFTER {event} ON {table} BEGIN {_BUMP} END"
       for short, table in (("recipient", "activity_recipient"), ("bsp", "activity_bsp_code"))
       for event, suffix in (("INSERT", "ai"), ("UPDATE", "au"), ("DELETE", "ad"))},
    "activity_search_member_au": f"AFTER UPDATE OF iso2, subregion ON member_state BEGIN {_BUMP} END",
}

TRIGGERS: dict[str, str] = {
    "activity_search_doc_ai": f"AFTER INSERT ON activity_search_doc BEGIN {_BUMP} {_log('NEW.activity_id')} END",
    "activity_search_doc_au": f"AFTER UPDATE ON activity_search_doc BEGIN {_BUMP} {_log('NEW.activity_id')} END",
    "activity_search_doc_ad": f"""AFTER DELETE ON activity_search_doc BEGIN {_BUMP} {_log('OLD.activity_id')}
        DELETE FROM activity_search_text WHERE doc = OLD.doc; END""",
    **{f"activity_search_{short}_{suffix}": f"AFTER {event} ON {table} BEGIN {_BUMP} {logs} END"
       for short, table in (("recipient", "activity_recipient"), ("bsp", "activity_bsp_code"))
       for event, suffix, logs in (("INSERT", "ai", _log("NEW.activity_id")),
                                   ("UPDATE", "au", _log("OLD.activity_id") + " " + _log("NEW.activity_id")),
                                   ("DELETE", "ad", _log("OLD.activity_id")))},
    "activity_search_member_au": f"AFTER UPDATE OF iso2, subregion ON member_state BEGIN {_BUMP} {_log(repr('*'))} END",
}


def _replace(triggers: dict[str, str]) -> None:
    for name, body in triggers.items():
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute(f"CREATE TRIGGER {name} {body}")


def upgrade() -> None:
    op.execute("CREATE TABLE activity_search_change (activity_id CHAR(32) PRIMARY KEY, version INTEGER NOT NULL)")
    op.execute("CREATE INDEX ix_activity_search_change_version ON activity_search_change (version)")
    _replace(TRIGGERS)


def downgrade() -> None:
    _replace(_OLD)
    op.execute("DROP TABLE activity_search_change")
