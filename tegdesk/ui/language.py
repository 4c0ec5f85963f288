"""Applying an interface language to Qt itself, without a restart.

Our own strings come from a :class:`~tegdesk.core.i18n.Translator`; Qt's
standard dialogs and buttons (file dialogs, "OK", "Cancel") come from Qt's
``qtbase_<x>.qm``, which :func:`apply_language` installs alongside. It also sets
the default ``QLocale`` (numbers and dates in Qt widgets) and the layout
direction (right to left for Arabic).
"""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtWidgets import QApplication

from tegdesk.core.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    QT_CATALOG,
    Translator,
    available_ui_languages,
    normalize_language,
)
from tegdesk.ui import settings

_qt_translator: QTranslator | None = None


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
    global _qt_translator
    app = QApplication.instance()
    if _qt_translator is not None:
        if app is not None:
            QApplication.removeTranslator(_qt_translator)
        _qt_translator = None
    qt_name = QT_CATALOG.get(tr.lang)
    if qt_name and app is not None:
        candidate = QTranslator()
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if candidate.load(f"qtbase_{qt_name}", folder):
            QApplication.installTranslator(candidate)
            _qt_translator = candidate
    QLocale.setDefault(QLocale(str(tr.locale)))
    if app is not None:
        direction = Qt.LayoutDirection.RightToLeft if tr.rtl else Qt.LayoutDirection.LeftToRight
        QApplication.setLayoutDirection(direction)


def qt_translator_loaded() -> str | None:
    """The file of Qt's own catalog now installed, if any (for tests and diagnostics)."""
    return _qt_translator.filePath() if _qt_translator is not None else None
