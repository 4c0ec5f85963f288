"""One window per database on this computer: a second start brings the first forward.

Double-clicking tegdesk again while it is open (a common habit when the window
is hidden behind others) must not end in a "database in use" dialog about
oneself. The running window listens on a local socket (a named pipe on
Windows) whose name is derived from the user and the database's full path; a
second start on the same database first tries to reach it, sends
``activate``, waits for ``ok`` and exits. If nobody answers within a moment
(no window, or a window that hangs), the second start goes on and meets the
database's lock as usual.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from tegdesk.core.store.audit import current_user

ACTIVATE = b"activate"
REPLY = b"ok"
#: How long a second start waits for the running window (ms) before opening on its own.
TIMEOUT_MS = 1500


def server_name(db_path: Path) -> str:
    """The local socket's name for ``db_path``: the same for every start of this user on this file."""
    try:
        resolved = Path(db_path).resolve()
    except OSError:
        resolved = Path(db_path).absolute()
    digest = hashlib.sha256(f"{current_user()}\0{resolved}".encode()).hexdigest()[:24]
    return f"tegdesk-{digest}"


def activate_running(db_path: Path, timeout_ms: int = TIMEOUT_MS) -> bool:
    """Ask a window already open on ``db_path`` to come forward; True when it said it did."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(db_path))
    if not socket.waitForConnected(timeout_ms):
        return False
    try:
        socket.write(ACTIVATE + b"\n")
        if not socket.waitForBytesWritten(timeout_ms):
            return False
        answer = b""
        while b"\n" not in answer and socket.waitForReadyRead(timeout_ms):
            answer += bytes(socket.readAll().data())
        return answer.strip() == REPLY
    finally:
        socket.abort()


class InstanceServer(QObject):
    """Listens for second starts on the open database; emits :attr:`activate_requested`."""

    activate_requested = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)
        self.db_path: Path | None = None

    def listen(self, db_path: Path) -> bool:
        """Listen for ``db_path`` (instead of the database listened for before)."""
        self.close()
        name = server_name(db_path)
        self.db_path = Path(db_path)
        if self.server.listen(name):
            return True
        # A socket file left by a crash (Unix): remove it, unless someone answers on it.
        probe = QLocalSocket()
        probe.connectToServer(name)
        alive = probe.waitForConnected(200)
        probe.abort()
        if alive:
            return False
        QLocalServer.removeServer(name)
        return self.server.listen(name)

    def close(self) -> None:
        if self.server.isListening():
            self.server.close()

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            buffer = bytearray()
            socket.readyRead.connect(lambda s=socket, b=buffer: self._read(s, b))
            socket.disconnected.connect(socket.deleteLater)
            self._read(socket, buffer)

    def _read(self, socket: QLocalSocket, buffer: bytearray) -> None:
        buffer += bytes(socket.readAll().data())
        if b"\n" not in buffer:
            if len(buffer) > 64:  # not one of ours
                socket.abort()
            return
        if bytes(buffer).strip() == ACTIVATE:
            socket.write(REPLY + b"\n")
            socket.flush()
            self.activate_requested.emit()
        socket.disconnectFromServer()
