"""Shared test set-up.

Every test runs offscreen and in its own temporary directories: the user's
real data, config and cache folders are never touched (they are redirected for
the whole session before anything can read them).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_SANDBOX = Path(tempfile.mkdtemp(prefix="tegdesk-tests-"))
for _var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[_var] = str(_SANDBOX / _var.lower())
os.environ["TEGDESK_DB"] = str(_SANDBOX / "default.sqlite3")
os.environ["TEGDESK_CONFIG_DIR"] = str(_SANDBOX / "config")


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Per test: the default database and settings live in this test's tmp_path."""
    monkeypatch.setenv("TEGDESK_DB", str(tmp_path / "default.sqlite3"))
    monkeypatch.setenv("TEGDESK_CONFIG_DIR", str(tmp_path / "config"))
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "tegdesk.sqlite3"


@pytest.fixture
def store(db_path: Path):
    from tegdesk.core.store import open_store

    s = open_store(db_path)
    yield s
    s.close()
