"""The audit trail: every flush writes one :class:`AuditEntry` per changed record.

Inserts record every field; updates record ``[old, new]`` for each changed
field; setting ``deleted_at`` is recorded as a delete. Audit entries themselves
can be added, never changed or removed.
"""

from __future__ import annotations

import datetime as dt
import getpass
import socket
import uuid
from enum import Enum
from typing import Any

from sqlalchemy import Table, event, insert, inspect
from sqlalchemy.orm import Session

from tegdesk.core.models import AuditEntry, Entity, utcnow

_IGNORED = {"created_at", "updated_at"}


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (some containers): still say something
        return "unknown"


_USER = current_user()
_HOST = socket.gethostname()


class AuditLogIsAppendOnly(RuntimeError):
    pass


_AS_IS = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    if type(value) in _AS_IS:  # most values: asked first, by exact type (an import calls this 200,000 times)
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _entry(obj: Entity, action: str, changes: dict[str, Any]) -> AuditEntry:
    return AuditEntry(
        user=_USER, host=_HOST, table_name=obj.__tablename__, record_id=str(obj.id),
        action=action, changes=changes,
    )


def _before_flush(session: Session, _ctx: object, _instances: object) -> None:
    now = utcnow()
    entries: list[AuditEntry] = []
    for obj in session.new:
        if isinstance(obj, AuditEntry) or not isinstance(obj, Entity):
            continue
        state = inspect(obj)
        values = {a.key: _plain(a.value) for a in state.attrs if a.key not in _IGNORED and a.value is not None}
        entries.append(_entry(obj, "insert", values))
    for obj in session.dirty:
        if isinstance(obj, AuditEntry):
            raise AuditLogIsAppendOnly("audit entries cannot be changed")
        if not isinstance(obj, Entity) or not session.is_modified(obj, include_collections=False):
            continue
        changes: dict[str, Any] = {}
        for attr in inspect(obj).attrs:
            if attr.key in _IGNORED:
                continue
            hist = attr.load_history()
            if hist.has_changes():
                old = hist.deleted[0] if hist.deleted else None
                new = hist.added[0] if hist.added else None
                changes[attr.key] = [_plain(old), _plain(new)]
        if not changes:
            continue
        obj.updated_at = now
        deleted = changes.get("deleted_at")
        action = "delete" if deleted and deleted[0] is None and deleted[1] is not None else "update"
        entries.append(_entry(obj, action, changes))
    for obj in session.deleted:
        if isinstance(obj, AuditEntry):
            raise AuditLogIsAppendOnly("audit entries cannot be deleted")
        if isinstance(obj, Entity):
            entries.append(_entry(obj, "purge", {}))
    session.add_all(entries)


def install(session_class: type[Session]) -> None:
    if not event.contains(session_class, "before_flush", _before_flush):
        event.listen(session_class, "before_flush", _before_flush)


def bulk_insert(session: Session, model: type[Entity], rows: list[dict[str, Any]]) -> None:
    """Insert many records at once (imports), each with its audit entry.

    Faster than adding objects one by one (no per-object ORM bookkeeping), and
    audited the same way: one ``insert`` entry per record, in the same
    transaction. Records and entries are written column by column
    (:func:`insert_columns`); a column a record leaves out gets its default, as
    Core would give it. For a 10,000-row roster import this takes half the
    processor time of a Core executemany of the same rows.
    """
    if not rows:
        return
    now = utcnow()
    for row in rows:
        if "id" not in row:  # (not setdefault: that would draw a UUID for every row that has one)
            row["id"] = uuid.uuid4()
        row.setdefault("created_at", now)
        row.setdefault("updated_at", now)
    table = model.__table__
    columns = {key: [row.get(key) for row in rows] for key in dict.fromkeys(k for row in rows for k in row)}
    n = len(rows)
    for column in table.c:
        default = column.default
        if column.key in columns or default is None:
            continue  # given, or NULL (or the table's own default) when left out, as Core leaves it out
        if default.is_scalar:
            columns[column.key] = [default.arg] * n
        elif default.is_callable:
            columns[column.key] = [default.arg(None) for _ in range(n)]  # Core's wrapper of uuid4, list, ...
        else:  # a SQL expression: Core knows how
            session.execute(insert(table), rows)
            break
    else:
        insert_columns(session, table, columns)
    insert_columns(session, AuditEntry.__table__, {
        "id": [uuid.uuid4() for _ in range(n)], "at": [now] * n, "user": [_USER] * n, "host": [_HOST] * n,
        "table_name": [model.__tablename__] * n, "record_id": [str(row["id"]) for row in rows],
        "action": ["insert"] * n,
        "changes": [{k: _plain(v) for k, v in row.items() if v is not None and k not in _IGNORED} for row in rows],
    })


def insert_columns(session: Session, table: Table, columns: dict[str, list[Any]]) -> None:
    """One executemany of rows given column by column (column key -> values).

    Each value goes through its column's own bind processor (as Core would store it: a UUID
    as hex, a datetime as SQLite's text, a dict as JSON), but a column at a time, which
    skips Core's per-row parameter building (half the cost of a Core executemany here)."""
    session.flush()  # objects added before are written first, as Core's execute would autoflush them
    connection = session.connection()
    dialect = connection.dialect
    prepared = []
    for name, values in columns.items():
        process = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        prepared.append(values if process is None else list(map(process, values)))
    quote = dialect.identifier_preparer.quote
    sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(table.c[key].name) for key in columns)}) "
           f"VALUES ({', '.join('?' for _ in columns)})")
    connection.exec_driver_sql(sql, list(zip(*prepared)))
