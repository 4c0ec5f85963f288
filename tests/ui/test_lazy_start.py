"""Starting quickly on a large database: pages made when first shown, nothing read twice.

(No timing here: bench/startup.py measures the start; these prove the behaviour it relies on.)
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from tegdesk.core.demo.bulk import generate_roster
from tegdesk.core.i18n import translator
from tegdesk.ui.pages import PAGE_TYPES


def made(window) -> list[str]:
    return [p.key for p in window._made_pages()]


def test_only_the_page_shown_is_made_at_start(window):
    assert made(window) == ["roster"]
    assert window.stack.count() == len(PAGE_TYPES)
    assert window.stack.currentWidget() is window.page("roster")


def test_a_page_is_made_when_its_area_is_chosen(window, qtbot):
    rect = window.nav.visualItemRect(window.nav.item(2))
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert made(window) == ["roster", "activities"]
    assert window.stack.currentWidget() is window.page("activities")
    assert window.stack.currentIndex() == 2
    window.show_page("roster")  # made once: the same page again
    assert made(window) == ["roster", "activities"]
    assert window.stack.currentIndex() == 0


def test_a_page_made_later_is_in_the_language_and_mode_of_the_window(window):
    window.set_language("zh", remember=False)
    meetings = window.page("meetings")
    assert meetings.translator.lang == "zh"
    assert meetings.heading.text() == "会议"
    assert window.nav.item(4).text() == "报告"  # the navigation of pages not made is translated too
    assert [p.key for p in window.pages] == [t.key for t in PAGE_TYPES]  # all made when asked for


def test_the_roster_is_read_once_at_start(store, qtbot):
    """The window's first retranslate (same language, same names) does not rebuild 10,000 rows."""
    from tegdesk.ui.app import build_window

    generate_roster(store, 124, today=dt.date.today())
    window = build_window(store, "en")
    qtbot.addWidget(window)
    model = window.page("roster").model
    assert model.rowCount() >= 124
    revision = model.revision
    window.retranslate(translator("en"))
    assert model.revision == revision
    window.retranslate(translator("fr"))  # another language: every row again
    assert model.revision == revision + 1
    assert model.headerData(0, Qt.Orientation.Horizontal) == translator("fr").gettext("Member")


def test_the_start_benchmark_hook_reports_once_the_window_is_painted(tmp_path):
    """TEGDESK_BENCH_READY (bench/startup.py): the ready line, then the app quits by itself."""
    import os
    import subprocess
    import sys
    import time

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TEGDESK_BENCH_READY": "1",
           "TEGDESK_CONFIG_DIR": str(tmp_path / "config"), "XDG_CONFIG_HOME": str(tmp_path / "xdg"),
           "XDG_DATA_HOME": str(tmp_path / "data")}
    started = time.time()
    done = subprocess.run([sys.executable, "-m", "tegdesk", "--db", str(tmp_path / "start.sqlite3")],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    ready = [line.split() for line in done.stdout.splitlines() if line.startswith("tegdesk ready ")]
    assert len(ready) == 1 and ready[0][3] == "cpu"
    assert started < float(ready[0][2]) < time.time() and float(ready[0][4]) > 0


def test_each_page_type_names_its_class_with_the_same_key_and_title():
    for page_type in PAGE_TYPES:
        cls = page_type.load()
        assert (cls.key, cls.title, cls.__name__) == (page_type.key, page_type.title, page_type.name)


def test_starting_imports_no_page_module_but_the_roster(tmp_path):
    """Which modules a start imports (in a fresh interpreter): not the other four pages'."""
    import subprocess
    import sys

    code = ("import sys; from tegdesk.ui.app import build_window; from tegdesk.core.store import open_store; "
            f"w = build_window(open_store({str(tmp_path / 'x.sqlite3')!r}), 'en'); "
            "print(sorted(m for m in sys.modules if m.startswith(('tegdesk.ui.pages.', 'tegdesk.ui.meetings.page', "
            "'tegdesk.ui.reports.page'))))")
    env = {"QT_QPA_PLATFORM": "offscreen", "TEGDESK_CONFIG_DIR": str(tmp_path / "config"),
           "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "'tegdesk.ui.pages.roster'" in done.stdout
    for other in ("tegdesk.ui.pages.activities", "tegdesk.ui.meetings.page", "tegdesk.ui.pages.requests",
                  "tegdesk.ui.reports.page"):
        assert other not in done.stdout
