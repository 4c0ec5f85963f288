"""Starting the interface: the application object, fonts, language, the store, the window."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from tegdesk import APP_NAME, __version__
from tegdesk.core.i18n import translator
from tegdesk.core.store import Store
from tegdesk.ui import startup
from tegdesk.ui.fonts import apply_cjk_fallback, register_bundled_fonts
from tegdesk.ui.language import apply_language, initial_language
from tegdesk.ui.main_window import MainWindow
from tegdesk.ui.single_instance import InstanceServer, activate_running

ORGANISATION = "United Nations ESCAP"
#: Hidden, for the packaged app's smoke test (packaging/smoke_test.py): once the main window
#: is shown, print what it shows and quit after this many milliseconds.
QUIT_AFTER_ENV = "TEGDESK_QUIT_AFTER_MS"
#: Hidden, for the startup benchmark (bench/startup.py): once the main window has been painted
#: and the event loop is idle again, print ``tegdesk ready <epoch seconds> cpu <process seconds>``
#: and quit.
BENCH_READY_ENV = "TEGDESK_BENCH_READY"


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
    app.setWindowIcon(app_icon())
    return app


def app_icon() -> QIcon:
    """The tegdesk emblem at every size shipped (resources/icons/hicolor/<n>x<n>/apps/tegdesk.png)."""
    from tegdesk.paths import resources_dir

    icon = QIcon()
    for png in sorted((resources_dir() / "icons" / "hicolor").glob("*/apps/tegdesk.png")):
        icon.addFile(str(png))
    return icon


def build_window(store: Store, lang: str | None = None) -> MainWindow:
    """The main window for ``store`` in ``lang`` (or the saved/system language), not shown."""
    application()
    tr = translator(initial_language(lang))
    apply_language(tr)
    return MainWindow(store, tr)


def listen_for_second_starts(window: MainWindow) -> InstanceServer:
    """Bring ``window`` forward when tegdesk is started again on its database (on this computer),
    following File › Open to the next database."""
    server = InstanceServer(window)
    server.activate_requested.connect(window.activate)
    window.database_changed.connect(lambda store: server.listen(store.path))
    server.listen(window.store.path)
    return server


def run(db_path: Path, lang: str | None = None) -> int:
    """Open the database at ``db_path`` and run the interface until it is closed.

    When a tegdesk window is already open on that database on this computer, it
    is brought forward instead, and 0 returned at once.
    """
    app = application()
    tr = translator(initial_language(lang))
    apply_language(tr)
    if activate_running(Path(db_path)):
        print(tr.gettext("tegdesk is already open on {path}; its window was brought forward.", path=db_path))
        return 0
    store = startup.open_database(Path(db_path), tr, None, at_start=True, defer_check=True)
    if store is None:
        return 1
    window = MainWindow(store, tr)
    server = listen_for_second_starts(window)
    window.show()
    _quit_after_showing(app, window)
    _report_when_ready(app, window)
    after_first_paint(window, lambda: startup.check_in_background(window))
    try:
        return app.exec()
    finally:
        server.close()
        window.store.close()
        # Closing the last window also posted a Quit that exec() returned before reading:
        # left queued, it would end the next event loop of this process at once.
        QCoreApplication.removePostedEvents(app, QEvent.Type.Quit)


def _quit_after_showing(app: QApplication, window: MainWindow) -> None:
    delay = os.environ.get(QUIT_AFTER_ENV, "")
    if not delay.isdigit():
        return

    def report_and_quit() -> None:
        from tegdesk.ui.language import qt_translator_loaded

        for page in window.pages:  # every page shown once: what it loads must be in the bundle
            window.show_page(page.key)
            app.processEvents()
        print(f"main window shown: visible={window.isVisible()} title={window.windowTitle()!r} "
              f"icon={not app.windowIcon().isNull()} pages={','.join(p.key for p in window.pages)} "
              f"qt_catalog={qt_translator_loaded()}", flush=True)
        app.quit()

    QTimer.singleShot(int(delay), report_and_quit)


def after_first_paint(window: MainWindow, then) -> None:  # noqa: ANN001
    """Call ``then`` once the event loop is idle after ``window``'s first paint: work the
    user does not need to see the window (checks, warnings) waits until it is shown."""
    _FirstPaint(window, then)


class _FirstPaint(QObject):
    """Calls ``then`` once, when the event loop is idle after the window's first paint."""

    def __init__(self, window: MainWindow, then) -> None:  # noqa: ANN001
        super().__init__(window)
        self.window, self.then = window, then
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.window and event.type() == QEvent.Type.Paint:
            self.window.removeEventFilter(self)
            QTimer.singleShot(0, self.then)  # runs once the paint and what was queued before it are done
        return False


def _report_when_ready(app: QApplication, window: MainWindow) -> None:
    if not os.environ.get(BENCH_READY_ENV):
        return

    def ready() -> None:
        print(f"tegdesk ready {time.time():.6f} cpu {time.process_time():.6f}", flush=True)
        app.quit()

    _FirstPaint(window, ready)
