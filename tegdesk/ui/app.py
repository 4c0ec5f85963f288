"""Starting the interface: the application object, fonts, language, the store, the window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from tegdesk import APP_NAME, __version__
from tegdesk.core.errors import UserError
from tegdesk.core.i18n import translator
from tegdesk.core.store import Store, open_store
from tegdesk.ui import messages
from tegdesk.ui.fonts import apply_cjk_fallback, register_bundled_fonts
from tegdesk.ui.language import apply_language, initial_language
from tegdesk.ui.main_window import MainWindow

ORGANISATION = "United Nations ESCAP"


def application(argv: list[str] | None = None) -> QApplication:
    """The application object (created once), named, with the bundled fonts registered."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(list(argv if argv is not None else sys.argv[:1]))
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(ORGANISATION)
    register_bundled_fonts()
    apply_cjk_fallback(app)
    return app


def build_window(store: Store, lang: str | None = None) -> MainWindow:
    """The main window for ``store`` in ``lang`` (or the saved/system language), not shown."""
    application()
    tr = translator(initial_language(lang))
    apply_language(tr)
    return MainWindow(store, tr)


def run(db_path: Path, lang: str | None = None) -> int:
    """Open the database at ``db_path`` and run the interface until it is closed."""
    app = application()
    tr = translator(initial_language(lang))
    apply_language(tr)
    try:
        store = open_store(Path(db_path))
    except UserError as exc:
        messages.fail(None, APP_NAME, tr.gettext("The database could not be opened."), str(exc))
        return 1
    window = MainWindow(store, tr)
    window.show()
    try:
        return app.exec()
    finally:
        window.store.close()
