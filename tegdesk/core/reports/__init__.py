"""Reports on the Bali Strategic Plan database (B5): the annual figures, computed once and
shown the same way in the PDF report (:mod:`tegdesk.core.documents.bsp_report`) and on the
interface's Reports page."""

from tegdesk.core.reports.bsp_figures import (
    ActivityRef,
    AssessmentQuote,
    BspFigures,
    Count,
    FunderTotal,
    MoneyTotal,
    RequestLine,
    bsp_figures,
    default_report_year,
    report_years,
)

__all__ = ["ActivityRef", "AssessmentQuote", "BspFigures", "Count", "FunderTotal", "MoneyTotal", "RequestLine",
           "bsp_figures", "default_report_year", "report_years"]
