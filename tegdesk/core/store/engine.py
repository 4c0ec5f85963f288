"""Engine construction: every connection gets the same pragmas.

- ``foreign_keys=ON``: SQLite ignores foreign keys otherwise.
- ``journal_mode=WAL`` on local disks (WAL needs shared memory, which network
  file systems do not give; there the rollback journal is kept).
- ``synchronous=FULL``: a committed transaction survives a power cut.
- ``busy_timeout``: wait for another connection's write instead of failing.

Python's sqlite3 driver (before 3.12) issues its own BEGIN at odd times and
breaks SAVEPOINT; SQLAlchemy's documented workaround is applied: the driver is
put in autocommit mode and SQLAlchemy emits BEGIN itself.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event

BUSY_TIMEOUT_MS = 10_000
_NETWORK_FS = {"nfs", "nfs4", "cifs", "smbfs", "smb3", "fuse.sshfs", "9p", "afs", "ceph", "glusterfs"}


def _mount_fs_type(path: Path) -> str | None:
    """The file-system type under ``path`` (Linux); None where it cannot be told."""
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return None
    target = str(path.resolve())
    best, best_type = "", None
    for line in mounts:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount_point = parts[1].replace("\\040", " ")
        inside = target == mount_point or target.startswith(mount_point.rstrip("/") + "/")
        if inside and len(mount_point) > len(best):
            best, best_type = mount_point, parts[2]
    return best_type


def on_network_filesystem(path: Path) -> bool:
    if os.name == "nt":
        return str(path).startswith("\\\\")
    return (_mount_fs_type(path.parent) or "") in _NETWORK_FS


def make_engine(path: Path, *, read_only: bool = False) -> Engine:
    wal = not read_only and not on_network_filesystem(path)
    if read_only:
        url = f"sqlite:///file:{path.as_posix()}?mode=ro&uri=true"
    else:
        url = f"sqlite:///{path.as_posix()}"
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN (see module doc)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if not read_only:
            cur.execute(f"PRAGMA journal_mode={'WAL' if wal else 'DELETE'}")
        cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # noqa: ANN001
        conn.exec_driver_sql("BEGIN")

    return engine
