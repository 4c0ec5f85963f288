"""Fixtures for the interface tests (offscreen; see tests/conftest.py)."""

from __future__ import annotations

import os
import time

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def window(qtbot, store):
    """The main window on a fresh database, in English, shown offscreen."""
    from tegdesk.ui.app import build_window

    win = build_window(store, "en")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def shown(monkeypatch):
    """Messages the interface shows, as (kind, title, text, detail), instead of modal boxes."""
    from tegdesk.ui import messages

    seen: list[tuple[str, str, str, str | None]] = []
    for kind in ("inform", "warn", "fail"):
        monkeypatch.setattr(messages, kind, lambda parent, title, text, detail=None, kind=kind:
                            seen.append((kind, title, text, detail)))
    return seen


@pytest.fixture(autouse=True)
def _english_afterwards(qapp):
    """Language, locale and layout direction are process-wide in Qt: reset them."""
    yield
    from tegdesk.core.i18n import translator
    from tegdesk.ui.language import apply_language

    apply_language(translator("en"))


def _settle(dialog) -> None:
    """Wait for a dialog's debounced check after typing. Events are processed by
    hand: a test that quits the application leaves qtbot.wait returning at once."""
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + 3
    while dialog.timer.isActive() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)
    assert not dialog.timer.isActive(), "the check never ran"


@pytest.fixture
def settle():
    """``settle(dialog)``: wait until the dialog has re-checked what was typed."""
    return _settle
