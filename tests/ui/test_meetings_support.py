"""Helpers for the meetings page tests (no tests here): the demonstration database,
built once per test session and copied for each test, and small readers of the page."""

from __future__ import annotations

import shutil
from pathlib import Path

import meeting_demo
import pytest
from PySide6.QtCore import Qt

demo_template = meeting_demo.demo_template  # the demonstration database, populated once per session
DEMO_TODAY = meeting_demo.TODAY


@pytest.fixture
def db_path(tmp_path: Path, demo_template: Path) -> Path:
    """Each test's own copy of the demonstration database (overrides tests/conftest.py)."""
    path = tmp_path / "tegdesk.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{demo_template}{suffix}")
        if source.exists():
            shutil.copy(source, f"{path}{suffix}")
    return path


@pytest.fixture
def page(window):
    """The meetings page of the main window, shown."""
    window.show_page("meetings")
    return window.page("meetings")


def list_column(page, column: int) -> list[str]:
    model = page.model
    return [model.index(r, column).data() for r in range(model.rowCount())]


def select_meeting(page, label: str) -> None:
    from tegdesk.ui.meetings import model as cols

    row = list_column(page, cols.MEETING).index(label)
    page.table.selectRow(row)
    assert page.selected_row().label == label


def tooltip(page, row: int, column: int) -> str:
    return page.model.index(row, column).data(Qt.ItemDataRole.ToolTipRole) or ""
