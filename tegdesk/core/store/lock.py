"""One writer per database: a lock file beside it.

SQLite lets two programs write the same file one transaction at a time, but
two people editing the roster from two laptops (a shared folder) or two
windows would overwrite each other's work. So whoever opens a database for
writing first leaves ``<database>.lock`` beside it: a small JSON file saying
who holds it (host, user, process id, since when, which tegdesk). The file is
created atomically (``O_CREAT | O_EXCL``: exactly one opener wins), readable
by its owner only, and removed when the store closes.

A crash or a power cut leaves the file behind. Such a lock is *stale* when it
was made on this computer and its process is no longer running (or the
computer has been restarted since); it can then be taken over safely. A lock
made on another computer cannot be judged from here: the interface takes it
over only after the user confirms that tegdesk is no longer running there.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import socket
import sys
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

from tegdesk import __version__
from tegdesk.core.errors import DatabaseError, DatabaseLocked
from tegdesk.core.i18n import N_
from tegdesk.core.store.audit import current_user

#: A lock file that cannot be read (a crash between its creation and its first
#: write) is taken for stale once it is this old; writing it takes microseconds.
GARBLED_GRACE_SECONDS = 5.0


def lock_path(db_path: Path) -> Path:
    """``<folder>/<name>.lock`` for the database ``<folder>/<name>``."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".lock")


def _boot_id() -> str:
    """Changes when the computer restarts: every process from before is gone."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    if os.name == "nt":
        with contextlib.suppress(Exception):
            import ctypes

            uptime_ms = ctypes.windll.kernel32.GetTickCount64()  # type: ignore[attr-defined]
            booted = time.time() - uptime_ms / 1000
            return str(int(booted // 60))  # minutes: stable between calls
    return ""


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` runs on this computer (never signals it)."""
    if pid <= 0:
        return False
    if os.name == "nt":  # os.kill(pid, 0) would terminate the process on Windows
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        try:
            code = ctypes.c_ulong()
            kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    return True


@dataclass(frozen=True)
class LockHolder:
    """Who holds a database: what the lock file says."""

    host: str
    user: str
    pid: int
    since: dt.datetime  # aware, UTC
    app_version: str = ""
    boot_id: str = ""
    token: str = ""  # tells this lock from a later one by the same process

    @classmethod
    def here(cls) -> LockHolder:
        return cls(host=socket.gethostname(), user=current_user(), pid=os.getpid(),
                   since=dt.datetime.now(dt.timezone.utc).replace(microsecond=0), app_version=__version__,
                   boot_id=_boot_id(), token=uuid.uuid4().hex)

    @property
    def on_this_host(self) -> bool:
        return self.host == socket.gethostname()

    def to_json(self) -> str:
        data = asdict(self)
        data["since"] = self.since.isoformat()
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> LockHolder:
        data = json.loads(text)
        since = dt.datetime.fromisoformat(str(data["since"]))
        if since.tzinfo is None:
            since = since.replace(tzinfo=dt.timezone.utc)
        return cls(host=str(data["host"]), user=str(data["user"]), pid=int(data["pid"]), since=since,
                   app_version=str(data.get("app_version", "")), boot_id=str(data.get("boot_id", "")),
                   token=str(data.get("token", "")))


#: What a lock file that cannot be read is shown as (its time is the file's).
def _unreadable_holder(path: Path) -> LockHolder:
    try:
        since = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.timezone.utc).replace(microsecond=0)
    except OSError:
        since = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    return LockHolder(host="", user="", pid=0, since=since)


def read_holder(db_path: Path) -> LockHolder | None:
    """Who holds ``db_path`` now; None when nobody does.

    A lock file being written by another opener at this instant is read again
    after a moment; one that stays unreadable is returned with empty fields.
    """
    path = lock_path(db_path)
    for attempt in range(3):
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except OSError:
            text = ""
        try:
            return LockHolder.from_json(text)
        except (ValueError, KeyError, TypeError):
            if attempt < 2:
                time.sleep(0.05)
    return _unreadable_holder(path)


def is_stale(holder: LockHolder, *, now: dt.datetime | None = None) -> bool:
    """True when the lock can be taken over without asking: it was made on this
    computer and its process has ended (or the computer restarted since), or
    the file was left unreadable by a crash."""
    if not holder.host:  # unreadable file
        now = now or dt.datetime.now(dt.timezone.utc)
        return (now - holder.since).total_seconds() >= GARBLED_GRACE_SECONDS
    if not holder.on_this_host:
        return False
    if holder.boot_id and holder.boot_id != _boot_id():
        return True
    return not pid_alive(holder.pid)


def locked_error(db_path: Path, holder: LockHolder) -> DatabaseLocked:
    if not holder.host:
        return DatabaseLocked(
            N_("The database {path} is in use: its lock file {lock} cannot be read. If tegdesk is not running "
               "anywhere else, it may be taken over."), holder=holder, path=db_path, lock=lock_path(db_path))
    return DatabaseLocked(
        N_("The database {path} is in use by {user} on {host} (process {pid}) since {since}. It can be opened "
           "read-only until it is closed there."),
        holder=holder, path=db_path, user=holder.user, host=holder.host, pid=holder.pid,
        since=holder.since.astimezone().strftime("%Y-%m-%d %H:%M"))


class Lock:
    """The lock this process holds on one database; :meth:`release` removes it."""

    def __init__(self, db_path: Path, holder: LockHolder):
        self.db_path = Path(db_path)
        self.path = lock_path(self.db_path)
        self.holder = holder
        self.released = False

    def __repr__(self) -> str:
        return f"Lock({str(self.path)!r}, pid={self.holder.pid})"

    def __enter__(self) -> Lock:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()

    def held(self) -> bool:
        """Whether the lock file is still this lock (nobody took it over)."""
        current = read_holder(self.db_path)
        return not self.released and current is not None and current.token == self.holder.token

    def verify(self) -> None:
        """Raise :class:`DatabaseLocked` if another tegdesk has taken the database over.

        A lock file that has vanished (removed by hand, a sync tool) is made again.
        """
        if self.released:
            raise DatabaseError(N_("The database {path} has been closed."), path=self.db_path)
        current = read_holder(self.db_path)
        if current is None:
            with contextlib.suppress(FileExistsError):
                _create(self.db_path, self.holder)
                return
            current = read_holder(self.db_path)
        if current is not None and current.token != self.holder.token:
            raise locked_error(self.db_path, current)

    def release(self) -> None:
        """Remove the lock file, if it is still ours; calling again does nothing."""
        if self.released:
            return
        self.released = True
        current = read_holder(self.db_path)
        if current is not None and current.token == self.holder.token:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()


def _create(db_path: Path, holder: LockHolder) -> None:
    """Write the lock file; FileExistsError when there is one already."""
    path = lock_path(db_path)
    flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, 0o600)
    try:
        os.write(fd, holder.to_json().encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


def acquire(db_path: Path) -> Lock:
    """Take the lock on ``db_path`` or raise :class:`DatabaseLocked` naming its holder."""
    db_path = Path(db_path)
    holder = LockHolder.here()
    for _attempt in range(3):
        try:
            _create(db_path, holder)
            return Lock(db_path, holder)
        except FileExistsError:
            current = read_holder(db_path)
            if current is None:  # released between our attempt and the read: try again
                continue
            raise locked_error(db_path, current) from None
        except OSError as exc:
            raise DatabaseError(
                N_("The database {path} cannot be opened for changes: its lock file cannot be written in "
                   "{folder} ({reason}). It can still be opened read-only."),
                path=db_path, folder=db_path.parent, reason=exc.strerror or exc) from exc
    current = read_holder(db_path) or LockHolder.here()
    raise locked_error(db_path, current)


def take_over(db_path: Path, expected: LockHolder | None = None) -> Lock:
    """Replace the lock on ``db_path`` (left by a crash) with one held by this process.

    ``expected`` is the holder the user was shown: if the lock file has changed
    since (its holder released it, or a third tegdesk took it), nothing is
    taken and :class:`DatabaseLocked` names the current holder. The old lock
    file is moved aside for a moment so that exactly one of two simultaneous
    takers wins.
    """
    db_path = Path(db_path)
    path = lock_path(db_path)
    aside = path.with_name(f"{path.name}.{uuid.uuid4().hex}.old")
    try:
        os.rename(path, aside)
    except FileNotFoundError:
        return acquire(db_path)  # released meanwhile: an ordinary acquire
    try:
        old_text = aside.read_text(encoding="utf-8")
    except OSError:
        old_text = ""
    if expected is not None:
        try:
            moved = LockHolder.from_json(old_text)
        except (ValueError, KeyError, TypeError):
            moved = None
        if moved is not None and moved != expected:  # not the lock the user agreed to take over: put it back
            with contextlib.suppress(OSError):
                os.link(aside, path)
            aside.unlink(missing_ok=True)
            raise locked_error(db_path, moved)
    aside.unlink(missing_ok=True)
    return acquire(db_path)
