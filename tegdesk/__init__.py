"""tegdesk: an offline secretariat for UN intergovernmental bodies.

Layout (see docs/architecture.md):

- ``tegdesk.core``: models, store, rules, services, documents. Never imports Qt.
- ``tegdesk.ui``: the PySide6 interface, a thin layer over the core.
- ``tegdesk.cli``: the command line; it opens the GUI only through ``tegdesk.ui``.
"""

from importlib.metadata import PackageNotFoundError, version as _version

try:
    __version__ = _version("tegdesk")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"

APP_NAME = "tegdesk"
