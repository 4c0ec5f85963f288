"""Qt's own dialogs speak the interface's language: message-box buttons, button boxes, file dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QLabel, QMessageBox

from tegdesk.core.i18n import Translator
from tegdesk.ui.language import apply_language, qt_translator_loaded

Button = QMessageBox.StandardButton

#: Save, Discard, Cancel as Qt's catalogs word them (Yes and No carry an accelerator).
EXPECTED = {
    "zh": ("保存", "丢弃", "取消", "是(&Y)"),
    "fr": ("Enregistrer", "Ne pas tenir compte", "Annuler", "&Oui"),
    "ru": ("Сохранить", "Отклонить", "Отмена", "&Да"),
    "es": ("Guardar", "Descartar", "Cancelar", "&Sí"),
    "ar": ("احفظ", "ارفض", "ألغِ", "&نعم"),
}
#: The file dialog's "Look in:" and "Files of type:" (Qt's catalogs miss them: resources/qt/)
FILE_DIALOG = {
    "zh": ("查找范围(&L)：", "文件类型(&T)："),
    "fr": ("&Voir dans\u00a0:", "Fichiers de &type\u00a0:"),
    "ru": ("&Перейти к:", "&Типы файлов:"),
    "es": ("&Ver en:", "Ficheros de &tipo:"),
    "ar": ("ا&عثر في:", "الملفّات من ال&نّوع:"),
}


@pytest.mark.parametrize("lang", list(EXPECTED))
def test_a_message_box_shows_qts_buttons_in_the_language(qtbot, lang):
    apply_language(Translator(lang))
    assert (qt_translator_loaded() or "").endswith(".qm")
    box = QMessageBox(QMessageBox.Icon.Question, "", "", Button.Save | Button.Discard | Button.Cancel)
    qtbot.addWidget(box)
    save, discard, cancel, yes = EXPECTED[lang]
    assert [box.button(b).text() for b in (Button.Save, Button.Discard, Button.Cancel)] == [save, discard, cancel]
    box.setStandardButtons(Button.Yes | Button.No)
    assert box.button(Button.Yes).text() == yes
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(buttons)
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == cancel
    expected_direction = Qt.LayoutDirection.RightToLeft if lang == "ar" else Qt.LayoutDirection.LeftToRight
    assert QApplication.layoutDirection() == expected_direction
    assert box.layoutDirection() == expected_direction


@pytest.mark.parametrize("lang", list(FILE_DIALOG))
def test_qts_file_dialog_has_no_english_label_left(qtbot, lang):
    apply_language(Translator(lang))
    dialog = QFileDialog()
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    labels = {label.text() for label in dialog.findChildren(QLabel) if label.text()}
    assert set(FILE_DIALOG[lang]) <= labels
    assert not labels & {"&Look in:", "Files of &type:", "File &name:"}


def test_english_needs_no_qt_catalog_and_reads_left_to_right(qtbot):
    apply_language(Translator("ar"))
    apply_language(Translator("en"))
    assert qt_translator_loaded() is None
    box = QMessageBox(QMessageBox.Icon.Question, "", "", Button.Save | Button.Discard)
    qtbot.addWidget(box)
    assert box.button(Button.Discard).text() == "Discard"
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_arabic_widgets_write_the_digits_the_documents_and_the_lists_write(qtbot):
    from PySide6.QtCore import QDate, QLocale
    from PySide6.QtWidgets import QDateEdit

    apply_language(Translator("ar"))
    assert QLocale().toString(1310) == Translator("ar").number(1310) == "1,310"
    edit = QDateEdit(QDate(2026, 11, 22))
    qtbot.addWidget(edit)
    edit.setDisplayFormat("yyyy-MM-dd")
    assert "2026" in edit.text() and set(edit.text()) <= set("0123456789-")  # not ٢٠٢٦


def test_an_english_value_stands_flush_right_in_arabic(qtbot):
    from tegdesk.ui.language import flush_with_layout
    from tegdesk.ui.roster.widgets import InfoLabel

    apply_language(Translator("ar"))
    label = InfoLabel("United Nations Conference Centre, Bangkok")
    qtbot.addWidget(label)
    # isolated in a right-to-left line: its own order kept, aligned as the Arabic around it
    assert label.text() == "\u200f\u2068United Nations Conference Centre, Bangkok\u2069"
    assert flush_with_layout("—") == "\u200f\u2066—\u2069"
    assert flush_with_layout("+61 3 1184 3146") == "\u200f\u2066+61 3 1184 3146\u2069"  # not "3146 1184 3 61+"
    assert flush_with_layout("الاجتماع الثاني") == "الاجتماع الثاني"
    assert flush_with_layout("<b>TEG 2</b>") == "<b>TEG 2</b>"
    apply_language(Translator("en"))
    label.setText("United Nations Conference Centre, Bangkok")
    assert label.text() == "United Nations Conference Centre, Bangkok"


def test_arabic_chart_labels_on_screen_are_not_reordered_twice():
    from reportlab.graphics.shapes import Drawing, String

    from tegdesk.core.documents import fonts
    from tegdesk.ui.reports.chart_view import drawing_svg

    drawing = Drawing(200, 40)
    label = fonts.visual_line("الطلبات الواردة")  # shaped, in the order the PDF draws it
    drawing.add(String(10, 10, label, fontName=fonts.SERIF))
    drawing.add(String(10, 25, "Received", fontName=fonts.SERIF))
    svg = drawing_svg(drawing).decode("utf-8")
    assert f"\u202d{label}\u202c" in svg  # drawn left to right as it is: QtSvg would reverse it again
    assert "\u202dReceived" not in svg


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_row_is_selected_in_either_direction(qtbot, lang):
    from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

    from tegdesk.ui.language import select_row

    apply_language(Translator(lang))
    table = QTableWidget(4, 3)
    qtbot.addWidget(table)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    for r in range(4):
        for c in range(3):
            table.setItem(r, c, QTableWidgetItem(f"{r}.{c}"))
    select_row(table, 2)
    assert [i.row() for i in table.selectionModel().selectedRows()] == [2]
    assert table.currentRow() == 2
    select_row(table, 9)  # out of range: nothing changes
    assert [i.row() for i in table.selectionModel().selectedRows()] == [2]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_request_card_is_mirrored_in_arabic(qtbot, lang):
    import datetime as dt
    import uuid

    from PySide6.QtCore import QRect
    from PySide6.QtGui import QColor, QImage, QPainter, QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QStyleOptionViewItem

    from tegdesk.core.services.requests import RequestRow
    from tegdesk.ui.requests.board import CARD_ROLE, CardDelegate
    from tegdesk.ui.requests.labels import STATUS_COLOURS
    from tegdesk.ui.requests.model import ROW_ROLE

    apply_language(Translator(lang))
    row = RequestRow(uuid.uuid4(), "TA/2026/011", "answered", "KG", "Kyrgyzstan", dt.date(2026, 1, 5), None,
                     "Support for a national plastics roadmap", "", "letter", "", 41, 0, 0)
    item = QStandardItem()
    item.setData(row, ROW_ROLE)
    item.setData(("TA/2026/011", "قيرغيزستان" if lang == "ar" else "Kyrgyzstan", row.subject, "41"), CARD_ROLE)
    model = QStandardItemModel()
    model.appendRow(item)
    option = QStyleOptionViewItem()
    option.rect = QRect(0, 0, 160, 110)
    option.direction = QApplication.layoutDirection()
    image = QImage(160, 110, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setLayoutDirection(option.direction)
    CardDelegate().paint(painter, option, model.index(0, 0))
    painter.end()
    bar = STATUS_COLOURS["answered"].rgb()
    # the status bar stands on the card's reading side: left in English, right in Arabic
    left, right = image.pixel(5, 55), image.pixel(154, 55)
    assert (left, right != bar) == (bar, True) if lang == "en" else (right, left != bar) == (bar, True)
