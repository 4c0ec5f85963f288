"""Help › About: the version, what tegdesk is, and the bundled fonts with their licences."""

from __future__ import annotations

from html import escape

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

import tegdesk
from tegdesk.core.i18n import Translator
from tegdesk.paths import resource
from tegdesk.ui.fonts import bundled_fonts


def fonts_html(tr: Translator) -> str:
    """The bundled fonts as an HTML table: family, purpose, licence, source, licence file."""
    rows = []
    for font in bundled_fonts():
        try:
            licence_path = resource("fonts", font.license_file).as_uri() if font.license_file else ""
        except FileNotFoundError:
            licence_path = ""
        licence = escape(font.license)
        if licence_path:
            licence = f'<a href="{licence_path}">{licence}</a>'
        rows.append(
            f"<tr><td><b>{escape(font.family)}</b><br><small>{escape(font.purpose)}</small></td>"
            f"<td>{licence}<br><small>{escape(font.source)}</small></td></tr>"
        )
    font_heading = escape(tr.gettext("Font"))
    licence_heading = escape(tr.gettext("Licence"))
    header = f"<tr><th align='left'>{font_heading}</th><th align='left'>{licence_heading}</th></tr>"
    return f"<table cellspacing='0' cellpadding='6' width='100%'>{header}{''.join(rows)}</table>"


class AboutDialog(QDialog):
    def __init__(self, tr: Translator, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("about")
        self.setMinimumSize(560, 420)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 16)
        layout.setSpacing(12)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setOpenExternalLinks(False)
        layout.addWidget(self.summary)
        self.fonts_heading = QLabel()
        layout.addWidget(self.fonts_heading)
        self.fonts = QTextBrowser()
        self.fonts.setOpenExternalLinks(True)
        layout.addWidget(self.fonts, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.retranslate(tr)

    def retranslate(self, tr: Translator) -> None:
        self.setWindowTitle(tr.gettext("About tegdesk"))
        lines = [
            f"<h2>tegdesk {escape(tegdesk.__version__)}</h2>",
            escape(tr.gettext(
                "An offline secretariat for the Technical Expert Group on Environment and "
                "Development of ESCAP: roster, meetings, capacity-building activities, requests "
                "and reports."
            )),
            "<br><small>" + escape(tr.gettext(
                "Version {version}, with Qt {qt} and PySide6 {pyside}.",
                version=tegdesk.__version__, qt=qVersion(), pyside=PySide6.__version__,
            )) + "</small>",
        ]
        self.summary.setText("".join(lines))
        self.fonts_heading.setText(tr.gettext("Bundled fonts and their licences:"))
        self.fonts.setHtml(fonts_html(tr))
