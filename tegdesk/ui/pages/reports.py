"""Reports: the annual report on the Bali Strategic Plan (B5) with its figures (the page
lives in :mod:`tegdesk.ui.reports`)."""

from __future__ import annotations

from tegdesk.ui.reports.page import ReportsPage

__all__ = ["ReportsPage"]
