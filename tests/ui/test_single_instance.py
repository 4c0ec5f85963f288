"""A second start on the same database brings the running window forward and exits."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from tegdesk.ui.single_instance import InstanceServer, activate_running, server_name


def _second_start(tmp_path: Path, *args: str, seconds: float = 60) -> tuple[int, str, str]:
    """Run ``tegdesk ARGS`` in another process while this one's event loop serves it;
    its exit code, stdout and stderr."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out, err = tmp_path / "stdout.txt", tmp_path / "stderr.txt"
    with out.open("w") as stdout, err.open("w") as stderr:
        proc = subprocess.Popen([sys.executable, "-m", "tegdesk", *args], env=env, stdout=stdout, stderr=stderr)
        deadline = time.monotonic() + seconds
        while proc.poll() is None and time.monotonic() < deadline:
            QApplication.processEvents()
            time.sleep(0.01)
        if proc.poll() is None:
            proc.kill()
        code = proc.wait()
    return code, out.read_text(), err.read_text()


def test_the_name_depends_on_the_database_only(tmp_path):
    a, b = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    assert server_name(a) == server_name(tmp_path / "." / "a.sqlite3")
    assert server_name(a) != server_name(b)


def test_nobody_listening_means_no_activation(tmp_path, qapp):
    assert activate_running(tmp_path / "nobody.sqlite3", timeout_ms=200) is False


def test_a_second_start_sends_activate_and_exits_0(tmp_path, qapp):
    db = tmp_path / "running.sqlite3"
    server = InstanceServer()
    received: list[str] = []
    server.activate_requested.connect(lambda: received.append("activate"))
    assert server.listen(db)
    try:
        code, out, err = _second_start(tmp_path, "--db", str(db))
        assert code == 0, err
        assert received == ["activate"]
        assert str(db) in out
        assert not db.exists()  # the second start never opened the database
    finally:
        server.close()


def test_listening_again_follows_the_open_database(tmp_path, qapp):
    first, second = tmp_path / "first.sqlite3", tmp_path / "second.sqlite3"
    server = InstanceServer()
    received: list[str] = []
    server.activate_requested.connect(lambda: received.append("activate"))
    assert server.listen(first)
    assert server.listen(second)
    try:
        code, _out, err = _second_start(tmp_path, "--db", str(second))
        assert code == 0, err
        assert received == ["activate"]
        assert activate_running(first, timeout_ms=200) is False
    finally:
        server.close()


def test_a_socket_left_by_a_crash_is_replaced(tmp_path, qapp):
    if sys.platform == "win32":
        return  # named pipes leave nothing behind
    db = tmp_path / "crashed.sqlite3"
    crashed = InstanceServer()
    assert crashed.listen(db)
    socket_file = Path(crashed.server.fullServerName())
    # a crash leaves the socket file but nobody accepting on it
    os.rename(socket_file, socket_file.with_name(socket_file.name + ".keep"))
    crashed.close()
    os.rename(socket_file.with_name(socket_file.name + ".keep"), socket_file)
    assert socket_file.exists()
    server = InstanceServer()
    try:
        assert server.listen(db)
    finally:
        server.close()


def test_the_running_window_comes_forward(window, qtbot, monkeypatch):
    from tegdesk.ui import app

    server = app.listen_for_second_starts(window)
    raised: list[bool] = []
    monkeypatch.setattr(window, "raise_", lambda: raised.append(True))
    window.showMinimized()
    try:
        server.activate_requested.emit()
        assert raised == [True]
        assert not window.isMinimized()
    finally:
        server.close()
