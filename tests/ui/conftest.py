"""Fixtures for the interface tests (offscreen; see tests/conftest.py)."""

from __future__ import annotations

import os

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


@pytest.fixture(autouse=True)
def _english_afterwards(qapp):
    """Language, locale and layout direction are process-wide in Qt: reset them."""
    yield
    from tegdesk.core.i18n import translator
    from tegdesk.ui.language import apply_language

    apply_language(translator("en"))
