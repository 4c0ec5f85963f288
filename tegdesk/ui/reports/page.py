"""Reports: the annual report on the Bali Strategic Plan (B5) for a chosen year.

The year chooser lists the years with data (an activity, or a request received or
closed) and starts on the last full year. Below it, the year's figures as numbers
(:class:`~tegdesk.ui.reports.summary.FiguresSummary`) and the report's figures
themselves: the same ReportLab drawings the PDF prints (``charts.bsp_charts``),
shown as SVG (:class:`~tegdesk.ui.reports.chart_view.ChartView`), numbered and
captioned as in the report, in the interface's language. "Preview report…" opens
the PDF in the preview, where its language is chosen, and it is printed or saved;
the PDF is built off the interface's thread, with progress and Cancel.

Figures are computed in the interface's thread: for a year of a few thousand
activities it takes a fraction of a second.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from tegdesk.core.documents.charts import Chart, bsp_charts
from tegdesk.core.i18n import LANGUAGES, N_, Translator
from tegdesk.core.progress import Progress
from tegdesk.core.reports import BspFigures, bsp_figures, default_report_year, report_years
from tegdesk.core.store import Store
from tegdesk.ui.pages.base import Page, heading_label
from tegdesk.ui.preview import PreviewDialog
from tegdesk.ui.reports.chart_view import ChartView
from tegdesk.ui.reports.summary import FiguresSummary

__all__ = ["ReportsPage"]

REPORT_NAME = N_("Annual report on the Bali Strategic Plan")


class ReportsPage(Page):
    key = "reports"
    title = N_("Reports")

    def __init__(self, store: Store, tr: Translator, parent: QWidget | None = None):
        super().__init__(store, tr, parent)
        self.figures: BspFigures | None = None
        self.charts: list[Chart] = []
        self.chart_views: list[ChartView] = []
        self.dialog: PreviewDialog | None = None  # the preview opened last (kept for tests)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(8)
        self.heading = heading_label()
        layout.addWidget(self.heading)
        self.description = QLabel()
        self.description.setWordWrap(True)
        layout.addWidget(self.description)

        bar = QHBoxLayout()
        self.year_label = QLabel()
        self.year_combo = QComboBox()
        self.year_combo.setObjectName("report_year")
        self.year_combo.setMinimumContentsLength(6)
        self.year_label.setBuddy(self.year_combo)
        self.preview_button = QPushButton()
        self.preview_button.setObjectName("preview_report")
        self.preview_button.clicked.connect(lambda _checked=False: self.open_preview())
        bar.addWidget(self.year_label)
        bar.addWidget(self.year_combo)
        bar.addSpacing(12)
        bar.addWidget(self.preview_button)
        bar.addStretch(1)
        layout.addLayout(bar)

        self.scroll = QScrollArea()
        self.scroll.setObjectName("report_figures")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget()
        self.content_layout = QVBoxLayout(content)
        self.content_layout.setContentsMargins(0, 4, 8, 8)
        self.content_layout.setSpacing(10)
        self.summary = FiguresSummary()
        self.content_layout.addWidget(self.summary)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("no_figures")
        self.empty_label.setWordWrap(True)
        self.content_layout.addWidget(self.empty_label)
        self.charts_layout = QVBoxLayout()
        self.charts_layout.setSpacing(4)
        self.content_layout.addLayout(self.charts_layout)
        self.content_layout.addStretch(1)
        self.scroll.setWidget(content)
        layout.addWidget(self.scroll, 1)

        self.year_combo.currentIndexChanged.connect(lambda _i: self.show_year(self.year()))
        self.retranslate(tr)
        self.reload()

    # -- Page contract -------------------------------------------------------------------
    def retranslate(self, tr: Translator) -> None:
        super().retranslate(tr)
        _ = tr.gettext
        self.heading.setText(_(self.title))
        self.description.setText(_("The annual report on the Bali Strategic Plan for Technology Support and "
                                   "Capacity-building: requests received and how they were handled, activities by "
                                   "thematic area, country and level, funding, results and gaps, with its figures."))
        self.year_label.setText(_("&Year:"))
        self.year_combo.setToolTip(_("The years with activities or requests"))
        self.preview_button.setText(_("Preview report…"))
        self.preview_button.setToolTip(_("The report as a PDF document, in the language you choose: print or save it"))
        if self.figures is not None:
            self._show(self.figures)  # the charts are drawn again in the new language

    def set_store(self, store: Store) -> None:
        super().set_store(store)
        self.figures = None
        self.reload(keep=False)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self.reload()  # activities or requests may have changed since

    # -- data ----------------------------------------------------------------------------
    def year(self) -> int:
        value = self.year_combo.currentData()
        return int(value) if value is not None else default_report_year([])

    def set_year(self, year: int) -> None:
        """Show ``year`` (added to the chooser when it has no data)."""
        index = self.year_combo.findData(year)
        if index < 0:
            self._fill_years(sorted({*self._years(), year}), year)
            index = self.year_combo.findData(year)
        if index == self.year_combo.currentIndex():
            self.show_year(year)
        else:
            self.year_combo.setCurrentIndex(index)

    def _years(self) -> list[int]:
        return [int(self.year_combo.itemData(i)) for i in range(self.year_combo.count())]

    def _fill_years(self, years: list[int], chosen: int) -> None:
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for y in sorted(set(years), reverse=True):  # the latest first
            self.year_combo.addItem(str(y), y)
        self.year_combo.setCurrentIndex(max(self.year_combo.findData(chosen), 0))
        self.year_combo.blockSignals(False)

    def reload(self, keep: bool = True) -> None:
        """Read the years with data again and show the chosen year (kept), else the default one."""
        years = report_years(self.store)
        default = default_report_year(years)
        current = self.year_combo.currentData() if keep else None
        chosen = int(current) if current is not None else default
        self._fill_years([*years, default, chosen], chosen)
        self.show_year(chosen)

    def show_year(self, year: int) -> None:
        self._show(bsp_figures(self.store, year))

    def _show(self, figures: BspFigures) -> None:
        tr = self.translator
        self.figures = figures
        self.summary.show_figures(figures, tr)
        self.charts = bsp_charts(figures, tr)
        self.empty_label.setText(tr.gettext("No request and no activity are recorded for {year}.",
                                            year=str(figures.year)))
        self.empty_label.setVisible(not self.charts)
        self._show_charts(tr)

    def _show_charts(self, tr: Translator) -> None:
        from tegdesk.core.documents.bsp_report import figure_number

        while len(self.chart_views) > len(self.charts):
            view = self.chart_views.pop()
            self.charts_layout.removeWidget(view)
            view.deleteLater()
        while len(self.chart_views) < len(self.charts):
            view = ChartView()
            self.chart_views.append(view)
            self.charts_layout.addWidget(view)
        for i, (view, chart) in enumerate(zip(self.chart_views, self.charts, strict=True), start=1):
            view.setObjectName(f"chart_{chart.key}")
            view.set_chart(tr, figure_number(i, tr.lang), chart)

    # -- the PDF -------------------------------------------------------------------------
    def open_preview(self) -> PreviewDialog:
        """Preview the report of the chosen year (language chosen in the preview; print, save). It is
        built off the interface's thread, with progress and Cancel; the dialog opens when it is ready."""
        from tegdesk.core.documents.bsp_report import build_bsp_report
        from tegdesk.ui.meetings.outputs import documents_folder, remember_folder

        tr = self.translator
        _ = tr.gettext
        year = self.year()
        store = self.store
        issued = dt.date.today()

        def build(lang: str, _options: dict[str, Any], progress: Progress) -> bytes:
            progress(0, 1)
            pdf = build_bsp_report(store, year, lang, issued=issued)
            progress.check()
            return pdf

        def title(lang: str, _options: dict[str, Any]) -> str:
            return _("{report}, {year}", report=_(REPORT_NAME), year=str(year))

        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None
        # Save as writes the pages shown (the same build): no second build
        dialog = PreviewDialog(tr, title=title, build=build, languages=list(LANGUAGES),
                               lang=tr.lang if tr.lang in LANGUAGES else "en", formats=(".pdf",),
                               file_name=lambda lang, _o: f"bsp-report-{year}-{lang}.pdf",
                               folder=documents_folder(), parent=self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        dialog.saved.connect(remember_folder)
        self.dialog = dialog
        dialog.open_when_built()
        return dialog
