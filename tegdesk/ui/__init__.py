"""The PySide6 interface: a thin layer over :mod:`tegdesk.core`.

This package is the only place in tegdesk that imports Qt. Entry points:

- :func:`tegdesk.ui.app.run` opens a database and runs the interface;
- :func:`tegdesk.ui.app.build_window` builds the main window without running
  the event loop (tests, embedding).

Conventions: every widget that shows text has ``retranslate(tr)`` taking a
:class:`tegdesk.core.i18n.Translator`; interface strings go through
``tr.gettext("...")`` with named ``{placeholders}``, never Qt's ``tr()``.
"""

from tegdesk.ui.singletons import guard_singletons

guard_singletons()  # before any Qt call: see tegdesk.ui.singletons (PySide6 6.12.0 loses references)
