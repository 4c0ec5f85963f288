"""The pages of the main window, in navigation order.

Each area lives in its own module and exposes one :class:`~tegdesk.ui.pages.base.Page`
subclass. An issue that builds an area replaces that module's class (keeping
its name, ``key`` and ``title``), or adds a module and lists it here.

:data:`PAGE_TYPES` names each page's class without importing its module: the module
is imported when the page is first made (:meth:`PageType.__call__`), so starting on
the roster does not import the meetings, activities, requests and reports pages and
what they build on (about half a second of a start).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from tegdesk.core.i18n import N_
from tegdesk.ui.pages.base import Page, PlaceholderPage


@dataclass(frozen=True)
class PageType:
    """A page of the navigation: its key and title (as its class has them) and where its class is."""

    key: str
    title: str
    module: str
    name: str

    def load(self) -> type[Page]:
        """The page's class (its module imported now, if it was not)."""
        return getattr(importlib.import_module(self.module), self.name)

    def __call__(self, *args: object, **kwargs: object) -> Page:
        return self.load()(*args, **kwargs)


#: The navigation, top to bottom.
PAGE_TYPES: tuple[PageType, ...] = (
    PageType("roster", N_("Roster"), "tegdesk.ui.pages.roster", "RosterPage"),
    PageType("meetings", N_("Meetings"), "tegdesk.ui.meetings.page", "MeetingsPage"),
    PageType("activities", N_("Activities"), "tegdesk.ui.pages.activities", "ActivitiesPage"),
    PageType("requests", N_("Requests"), "tegdesk.ui.pages.requests", "RequestsPage"),
    PageType("reports", N_("Reports"), "tegdesk.ui.reports.page", "ReportsPage"),
)

__all__ = ["PAGE_TYPES", "Page", "PageType", "PlaceholderPage"]
