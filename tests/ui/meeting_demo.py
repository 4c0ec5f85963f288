"""The demonstration database for the meeting tabs' tests: populated once per
session (about two seconds), copied for each test so that tests may change it."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

#: The demo's "today": TEG 1 was held in March 2023, TEG 2 is planned after this date.
TODAY = dt.date(2026, 11, 21)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    from tegdesk.core.demo import populate_demo
    from tegdesk.core.store import open_store

    path = tmp_path_factory.mktemp("demo-template") / "demo.sqlite3"
    store = open_store(path)
    populate_demo(store, today=TODAY)
    store.close()
    return path


@pytest.fixture
def demo_store(demo_template, tmp_path):
    """A fresh copy of the demo database, open."""
    from tegdesk.core.store import open_store

    path = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_template, path)
    s = open_store(path)
    yield s
    s.close()


def pdf_pages(path: Path) -> int:
    """The page count poppler reads from a PDF file."""
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
