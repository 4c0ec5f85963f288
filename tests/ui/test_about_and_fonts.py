"""Help › About, and the bundled fonts (the CJK face as a fallback)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox

import tegdesk
from tegdesk.ui.about import AboutDialog
from tegdesk.ui.fonts import CJK_FAMILY, bundled_fonts, register_bundled_fonts


def test_about_lists_version_fonts_and_licences(window, qtbot):
    dialog = window.about_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert tegdesk.__version__ in dialog.summary.text()
    text = dialog.fonts.toPlainText()
    for font in bundled_fonts():
        assert font.family in text
        assert font.license in text
    assert "WenQuanYi Micro Hei" in text and "SIL Open Font License 1.1" in text
    assert dialog.windowTitle() == "About tegdesk"


def test_about_menu_opens_the_dialog(window, monkeypatch):
    opened: list[AboutDialog] = []

    def fake_exec(self):
        opened.append(self)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(AboutDialog, "exec", fake_exec)
    window.about_action.trigger()
    assert len(opened) == 1


def test_about_in_chinese_with_qt_buttons_translated_by_qt(window, qtbot):
    window.set_language("zh")
    dialog = window.about_dialog()
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "关于 tegdesk"
    assert "许可证" in dialog.fonts.toPlainText()
    close = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    assert close.text() == "关闭"  # from Qt's own qtbase_zh_CN.qm


def test_bundled_fonts_are_registered_and_cjk_is_a_fallback(window):
    families = register_bundled_fonts()
    assert CJK_FAMILY in families and "Liberation Serif" in families
    assert CJK_FAMILY in QFontDatabase.families()
    assert QApplication.font().families()[-1] == CJK_FAMILY
    assert QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(CJK_FAMILY)


def test_latin_text_is_drawn_with_the_systems_face_not_the_cjk_fallback(window):
    from PySide6.QtGui import QFont, QFontInfo

    system = QFontInfo(QFont(QApplication.font().families()[0])).family()
    if system == CJK_FAMILY:
        pytest.skip("this machine has no face of its own for Latin text")
    assert QFontInfo(QApplication.font()).family() == system  # French "d’experts" keeps a narrow apostrophe
