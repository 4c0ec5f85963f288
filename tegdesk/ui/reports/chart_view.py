"""A figure of the annual report on screen: the very ReportLab drawing the PDF prints,
rendered to SVG (``reportlab.graphics.renderSVG``) and shown with QtSvg.

The drawing names ReportLab's registered faces (``TegSerif``, ``WQY`` ...); the SVG
names Qt's families of the same bundled files instead (:data:`SVG_FONTS`), so the
screen draws the letters the paper prints.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget
from reportlab.graphics import renderSVG
from reportlab.graphics.shapes import Drawing

from tegdesk.core.documents import fonts
from tegdesk.core.documents.charts import Chart
from tegdesk.core.i18n import Translator
from tegdesk.ui.fonts import CJK_FAMILY

__all__ = ["SCREEN_SCALE", "SVG_FONTS", "ChartView", "drawing_svg"]

#: points to pixels on a 96 dpi screen
SCREEN_SCALE = 96 / 72
#: ReportLab face -> the SVG font attributes of the same face in Qt
SVG_FONTS = {
    fonts.SERIF: {"family": "Liberation Serif"},
    fonts.SERIF_BOLD: {"family": "Liberation Serif", "weight": "bold"},
    fonts.SERIF_ITALIC: {"family": "Liberation Serif", "style": "italic"},
    fonts.SERIF_BOLD_ITALIC: {"family": "Liberation Serif", "weight": "bold", "style": "italic"},
    fonts.CJK: {"family": CJK_FAMILY},
    fonts.SONG: {"family": CJK_FAMILY},  # the interface does not load the Song face (see tegdesk.ui.fonts)
    fonts.ARABIC: {"family": "Noto Naskh Arabic"},
    fonts.ARABIC_BOLD: {"family": "Noto Naskh Arabic", "weight": "bold"},
}


def drawing_svg(drawing: Drawing) -> bytes:
    """The drawing as SVG (UTF-8), in Qt's names of the bundled faces."""
    hacks = {face: dict(attributes) for face, attributes in SVG_FONTS.items()}
    # useClip: the clip as a property; QtSvg would fill the rectangle of a <clipPath> in black
    svg = renderSVG.drawToString(drawing, fontHacks=hacks, useClip=True)
    # Arabic strings of a chart are already in visual order, shaped (fonts.visual_line, as the PDF
    # draws them): left-to-right override (LRO ... PDF) so that QtSvg does not reorder them again.
    return _ARABIC_TEXT.sub(lambda m: f"{m[1]}\u202d{m[2]}\u202c{m[3]}", svg).encode("utf-8")


_ARABIC_TEXT = re.compile("(<text[^>]*>)([^<]*[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff][^<]*)(</text>)")


class ChartView(QWidget):
    """"Figure I", the caption in bold, the unit line, the chart, and its note."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.chart: Chart | None = None
        self.svg_bytes = b""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 12)
        layout.setSpacing(2)
        self.number_label = QLabel()
        self.number_label.setObjectName("figure_number")
        self.title_label = QLabel()
        self.title_label.setObjectName("figure_title")
        self.title_label.setWordWrap(True)
        font = self.title_label.font()
        font.setBold(True)
        self.title_label.setFont(font)
        self.unit_label = QLabel()
        self.unit_label.setObjectName("figure_unit")
        self.unit_label.setStyleSheet("QLabel#figure_unit { font-style: italic; }")
        self.svg = QSvgWidget()
        self.svg.setObjectName("figure_chart")
        self.svg.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.svg.setAutoFillBackground(True)  # the chart is drawn on paper white, as printed
        palette = self.svg.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor("white"))
        self.svg.setPalette(palette)
        self.note_label = QLabel()
        self.note_label.setObjectName("figure_note")
        self.note_label.setWordWrap(True)
        for widget in (self.number_label, self.title_label, self.unit_label):
            layout.addWidget(widget)
        layout.addSpacing(4)
        layout.addWidget(self.svg, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.note_label)

    def set_chart(self, tr: Translator, number: str, chart: Chart) -> None:
        from tegdesk.core.documents.bsp_report import FIGURE

        self.chart = chart
        self.number_label.setText(tr.gettext(FIGURE, number=number))
        self.title_label.setText(chart.title)
        self.unit_label.setText(chart.unit)
        self.unit_label.setVisible(bool(chart.unit))
        self.note_label.setText(chart.note)
        self.note_label.setVisible(bool(chart.note))
        self.svg_bytes = drawing_svg(chart.drawing)
        self.svg.load(QByteArray(self.svg_bytes))
        self.svg.renderer().setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        self.svg.setFixedSize(QSize(round(chart.drawing.width * SCREEN_SCALE),
                                    round(chart.drawing.height * SCREEN_SCALE)))
        self.setAccessibleName(f"{self.number_label.text()} {chart.title}")
