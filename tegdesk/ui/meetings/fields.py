"""Small widgets the meeting tabs and dialogs share: a button bound to a method and
the check boxes of a meeting's or a document's languages. (Dialogs open through
:func:`tegdesk.ui.dialogs.open_dialog`.)"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QPushButton, QWidget

from tegdesk.core.i18n import Translator
from tegdesk.ui.meetings.labels import MEETING_LANGUAGES, language_name


def action_button(name: str, slot: Callable[[], Any]) -> QPushButton:
    """A push button named ``name`` (tests and style sheets find it) that runs ``slot()``."""
    button = QPushButton()
    button.setObjectName(name)
    button.setAutoDefault(False)
    button.clicked.connect(lambda _checked=False: slot())
    return button


class LanguageBoxes(QWidget):
    """One check box per language (English, Chinese, French, Russian, Arabic, Spanish)."""

    changed = Signal()

    def __init__(self, tr: Translator, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("languages")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for lang in MEETING_LANGUAGES:
            box = QCheckBox(language_name(tr, lang))
            box.setObjectName(f"language_{lang}")
            box.toggled.connect(lambda _on: self.changed.emit())
            self.boxes[lang] = box
            row.addWidget(box)
        row.addStretch(1)

    def set_languages(self, languages: list[str]) -> None:
        for lang, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(lang in languages)
            box.blockSignals(False)

    def languages(self) -> list[str]:
        return [lang for lang, box in self.boxes.items() if box.isChecked()]
