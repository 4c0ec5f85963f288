"""The pages of the main window, in navigation order.

Each area lives in its own module and exposes one :class:`~tegdesk.ui.pages.base.Page`
subclass. An issue that builds an area replaces that module's class (keeping
its name, ``key`` and ``title``), or adds a module and lists its class here.
"""

from __future__ import annotations

from tegdesk.ui.pages.activities import ActivitiesPage
from tegdesk.ui.pages.base import Page, PlaceholderPage
from tegdesk.ui.pages.meetings import MeetingsPage
from tegdesk.ui.pages.reports import ReportsPage
from tegdesk.ui.pages.requests import RequestsPage
from tegdesk.ui.pages.roster import RosterPage

#: The navigation, top to bottom.
PAGE_TYPES: tuple[type[Page], ...] = (RosterPage, MeetingsPage, ActivitiesPage, RequestsPage, ReportsPage)

__all__ = ["PAGE_TYPES", "Page", "PlaceholderPage"]
