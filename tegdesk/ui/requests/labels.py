"""How the requests page names things: members, days, dates, experts, activities.

Statuses and channels are named by :mod:`tegdesk.core.request_rules` (``status_name``,
``channel_name``: one source for the screens and the reports); these add what only the screens show.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QColor

from tegdesk.core.i18n import Translator
from tegdesk.core.rules import MemberName
from tegdesk.core.services.requests import LinkedActivity, LinkedExpert
from tegdesk.ui.roster.names import person_name

#: A colour per status: the board's column stripes and the register's status text.
STATUS_COLOURS = {
    "received": QColor("#5b6b7f"),
    "assigned": QColor("#1f5fa8"),
    "in_progress": QColor("#8a5a00"),
    "answered": QColor("#2e7d32"),
    "declined": QColor("#b3261e"),
    "withdrawn": QColor("#6b6b6b"),
}


def member_name(tr: Translator, iso2: str, name_en: str) -> str:
    """ESCAP's short name in English, CLDR's in other languages."""
    return MemberName(iso2, name_en).in_language(tr)


def days_text(tr: Translator, days: int | None) -> str:
    return tr.ngettext("{n} day", "{n} days", days) if days is not None else ""


def day_text(tr: Translator, day: dt.date | None) -> str:
    return tr.date(day, "medium") if day else ""


def activity_text(tr: Translator, activity: LinkedActivity) -> str:
    title = activity.titles.get(tr.lang) or activity.title
    return f"{activity.identifier} — {title}"


def expert_text(expert: LinkedExpert) -> str:
    name = person_name(expert.family_name, expert.given_names, expert.honorific)
    return f"{name} — {expert.organization}" if expert.organization else name
