"""Applying an interface language to Qt itself, without a restart.

Our own strings come from a :class:`~tegdesk.core.i18n.Translator`; Qt's
standard dialogs and buttons (file dialogs, "OK", "Cancel") come from Qt's
``qtbase_<x>.qm``, which :func:`apply_language` installs alongside (with our
``resources/qt/tegdesk_qt_<x>.qm`` for the few labels Qt's catalogs miss). It also sets
the default ``QLocale`` (numbers and dates in Qt widgets) and the layout
direction (right to left for Arabic).
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QItemSelectionModel, QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import Qt as QtGui
from PySide6.QtWidgets import QAbstractItemView, QApplication

from tegdesk.core.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    QT_CATALOG,
    Translator,
    available_ui_languages,
    normalize_language,
)
from tegdesk.paths import resources_dir
from tegdesk.ui import settings

_qt_translators: list[QTranslator] = []

#: Qt's locale where its default for the language differs from Babel's: Qt's "ar" is Egyptian
#: Arabic, with Arabic-Indic digits (٢٠٢٦); Babel's "ar", the UN's Arabic documents and the rest
#: of the interface write 2026, as Qt's "ar_001" (Modern Standard Arabic) does.
_QT_LOCALE = {"ar": "ar_001"}


def ui_languages() -> list[tuple[str, str]]:
    """``(code, name in its own language)`` for each language the interface can show."""
    return [(lang, LANGUAGES[lang]) for lang in available_ui_languages()]


def initial_language(explicit: str | None = None) -> str:
    """The language to start in: ``explicit``, else the saved choice, else the system's."""
    available = available_ui_languages()
    candidates = [explicit, settings.get(settings.LANGUAGE), QLocale.system().name()]
    for candidate in candidates:
        if not candidate or not isinstance(candidate, str):
            continue
        try:
            lang = normalize_language(candidate)
        except ValueError:
            continue
        if lang in available:
            return lang
    return DEFAULT_LANGUAGE


def apply_language(tr: Translator) -> None:
    """Install Qt's own catalog, the default locale and the layout direction for ``tr``."""
    app = QApplication.instance()
    for installed in _qt_translators:
        if app is not None:
            QApplication.removeTranslator(installed)
    _qt_translators.clear()
    qt_name = QT_CATALOG.get(tr.lang)
    if qt_name and app is not None:
        # Qt's catalog, then ours for the few labels it translates under an old text
        # (resources/qt/README.md); a translator installed later is asked first.
        for name, folder in ((f"qtbase_{qt_name}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
                             (f"tegdesk_qt_{qt_name}", str(resources_dir() / "qt"))):
            candidate = QTranslator()
            if candidate.load(name, folder):
                QApplication.installTranslator(candidate)
                _qt_translators.append(candidate)
    QLocale.setDefault(QLocale(_QT_LOCALE.get(tr.lang, str(tr.locale))))
    if app is not None:
        direction = Qt.LayoutDirection.RightToLeft if tr.rtl else Qt.LayoutDirection.LeftToRight
        QApplication.setLayoutDirection(direction)


def qt_translator_loaded() -> str | None:
    """The file of Qt's own catalog now installed, if any (for tests and diagnostics)."""
    return _qt_translators[0].filePath() if _qt_translators else None


def flush_with_layout(text: str) -> str:
    """``text`` for a label of the interface: in a right-to-left interface, a line that starts left to
    right (an English title, an address, an e-mail) is isolated in a right-to-left line (RLM, FSI ... PDI),
    so that it stands flush right like the Arabic around it and keeps its own order (Qt aligns a label
    by its text's direction: it stood at the far left). Otherwise, and for rich text, ``text`` itself."""
    app = QApplication.instance()
    if not text or app is None or QApplication.layoutDirection() != Qt.LayoutDirection.RightToLeft \
            or QtGui.mightBeRichText(text):
        return text
    return "\n".join(_isolated(line) for line in text.split("\n"))


def _isolated(line: str) -> str:
    for ch in line:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return "\u200f\u2068" + line + "\u2069"
        if kind in ("R", "AL", "FSI", "LRI", "RLI"):
            return line
    # only numbers and signs ("—", "+61 3 1184 3146"): flush right, in their own order
    return "\u200f\u2066" + line + "\u2069" if line else line


def select_row(view: QAbstractItemView, row: int) -> None:
    """Select ``row`` of a table, as ``QTableView.selectRow`` does: Qt 6's own selects nothing in a
    right-to-left layout (Arabic), so a right-click acted on the row selected before, and a row just
    added or found was not selected."""
    model = view.model()
    if model is None or not 0 <= row < model.rowCount(view.rootIndex()):
        return
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    view.selectionModel().setCurrentIndex(model.index(row, 0, view.rootIndex()), flags)
