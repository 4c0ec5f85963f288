"""The main window: areas, navigation, menus, status bar, language switching."""

from __future__ import annotations

import json

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication

from tegdesk.core.i18n import translator
from tegdesk.ui import settings
from tegdesk.ui.app import build_window
from tegdesk.ui.language import qt_translator_loaded

AREAS_EN = ["Roster", "Meetings", "Activities", "Requests", "Reports"]
AREAS_ZH = ["名册", "会议", "活动", "请求", "报告"]


def nav_texts(win) -> list[str]:
    return [win.nav.item(i).text() for i in range(win.nav.count())]


def menu_titles(win) -> list[str]:
    return [a.text() for a in win.menuBar().actions()]


def file_menu_texts(win) -> list[str]:
    return [a.text() for a in win.file_menu.actions() if not a.isSeparator()]


def test_opens_with_the_five_areas(window, store):
    assert nav_texts(window) == AREAS_EN
    assert window.stack.count() == 5
    assert [p.key for p in window.pages] == ["roster", "meetings", "activities", "requests", "reports"]
    assert window.windowTitle() == f"tegdesk — {store.path.name}"
    assert window.status_label.text() == f"Database: {store.path}"
    assert menu_titles(window) == ["&File", "&Settings", "&Help"]
    assert file_menu_texts(window) == ["&New database…", "&Open database…", "&Backup now", "&Restore…",
                                       "Audit &trail…", "&Quit"]
    assert window.width() >= 1000 and window.height() >= 700


def test_roster_page_on_a_new_database(window):
    page = window.page("roster")
    assert page.heading.text() == "Roster"
    assert len(page.members) == 62  # the 53 members and 9 associate members of ESCAP
    assert page.count_label.text() == "0 of 0 terms"


def test_clicking_each_area_shows_its_page(window, qtbot):
    for row in reversed(range(window.nav.count())):
        rect = window.nav.visualItemRect(window.nav.item(row))
        qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        page = window.stack.currentWidget()
        assert page is window.pages[row]
        assert page.key == window.nav.item(row).data(Qt.ItemDataRole.UserRole)
        assert page.heading.text() == AREAS_EN[row]


def test_switching_to_chinese_and_back_without_restart(window, store):
    window.show_page("activities")
    window.language_actions["zh"].trigger()

    assert nav_texts(window) == AREAS_ZH
    assert menu_titles(window) == ["文件(&F)", "设置(&S)", "帮助(&H)"]
    assert file_menu_texts(window) == ["新建数据库(&N)…", "打开数据库(&O)…", "立即备份(&B)",
                                       translator("zh").gettext("&Restore…"),
                                       translator("zh").gettext("Audit &trail…"), "退出(&Q)"]
    assert window.language_menu.title() == "语言(&L)"
    assert window.status_label.text() == f"数据库：{store.path}"
    assert window.stack.currentWidget().heading.text() == "活动"
    assert window.page("reports").preview_button.text() == translator("zh").gettext("Preview report…")
    assert window.language_actions["zh"].isChecked()
    assert (qt_translator_loaded() or "").endswith("qtbase_zh_CN.qm")
    assert QLocale().language() == QLocale.Language.Chinese

    window.language_actions["en"].trigger()
    assert nav_texts(window) == AREAS_EN
    assert menu_titles(window) == ["&File", "&Settings", "&Help"]
    assert window.status_label.text() == f"Database: {store.path}"
    assert qt_translator_loaded() is None
    assert QLocale().language() == QLocale.Language.English


def test_language_menu_lists_english_and_chinese_in_their_own_names(window):
    names = [a.text() for a in window.language_menu.actions()]
    assert names[:2] == ["English", "简体中文"]
    assert window.language_actions["en"].isChecked()


def test_language_choice_is_remembered(window, qtbot, store):
    window.set_language("zh")
    saved = json.loads(settings.settings_file().read_text(encoding="utf-8"))
    assert saved["language"] == "zh"

    again = build_window(store)  # no language given: the saved one
    qtbot.addWidget(again)
    assert again.translator.lang == "zh"
    assert nav_texts(again) == AREAS_ZH


def test_arabic_lays_out_right_to_left(window):
    from tegdesk.core.i18n import Translator
    from tegdesk.ui.language import apply_language

    apply_language(Translator("ar"))
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    apply_language(Translator("en"))
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_read_only_store_says_so(qtbot, store):
    from tegdesk.core.store import open_store

    path = store.path
    store.close()
    ro = open_store(path, read_only=True)
    win = build_window(ro, "en")
    qtbot.addWidget(win)
    assert win.status_label.text() == f"Database: {path} (read-only)"
    win.set_language("zh")
    assert win.status_label.text() == f"数据库：{path}（只读）"


def test_reports_are_read_again_when_the_page_is_shown_again(window, store):
    import datetime as dt

    from tegdesk.core.models import Activity

    page = window.page("reports")
    window.show_page("reports")
    assert page.year_combo.findData(2031) < 0
    window.show_page("roster")
    with store.session() as session:
        session.add(Activity(iati_identifier="XM-TEST-1", title="Workshop", planned_start=dt.date(2031, 5, 1)))
    window.show_page("reports")
    assert page.year_combo.findData(2031) >= 0
