"""Meetings: sessions of the Expert Group with their provisional agendas,
notices, documents and participants (the page lives in :mod:`tegdesk.ui.meetings`)."""

from __future__ import annotations

from tegdesk.ui.meetings.page import MeetingsPage

__all__ = ["MeetingsPage"]
