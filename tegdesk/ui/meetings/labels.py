"""Display names of a meeting's codes (mode, status, agenda item kind, document kind
and series, distribution channel). Codes stay in the data; these translate them
where they are shown."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError

from tegdesk.core.i18n import NC_, N_, Translator
from tegdesk.core.models import AgendaItemKind, DocumentKind, DocumentSeries, MeetingMode, MeetingStatus

MODE_NAMES = {MeetingMode.IN_PERSON: N_("In person"), MeetingMode.ONLINE: N_("Online"),
              MeetingMode.HYBRID: N_("Hybrid")}

STATUS_NAMES = {MeetingStatus.PLANNED: NC_("meeting status", "Planned"),
                MeetingStatus.NOTICE_ISSUED: N_("Notice issued"), MeetingStatus.HELD: N_("Held"),
                MeetingStatus.CANCELLED: N_("Cancelled")}

ITEM_KIND_NAMES = {AgendaItemKind.OPENING: N_("Opening"), AgendaItemKind.ELECTION: N_("Election of officers"),
                   AgendaItemKind.ADOPTION_OF_AGENDA: N_("Adoption of the agenda"),
                   AgendaItemKind.SUBSTANTIVE: N_("Substantive item"),
                   AgendaItemKind.OTHER_MATTERS: N_("Other matters"),
                   AgendaItemKind.ADOPTION_OF_REPORT: N_("Adoption of the report"),
                   AgendaItemKind.CLOSING: N_("Closing")}

DOCUMENT_KIND_NAMES = {DocumentKind.AGENDA: N_("Provisional agenda"),
                       DocumentKind.ANNOTATED_AGENDA: N_("Annotated provisional agenda"),
                       DocumentKind.PAPER: N_("Paper"), DocumentKind.PARTICIPANTS: N_("List of participants"),
                       DocumentKind.INFORMATION: N_("Information document"), DocumentKind.REPORT: N_("Report"),
                       DocumentKind.OTHER: N_("Other")}

SERIES_NAMES = {DocumentSeries.REGULAR: N_("Regular (general distribution)"),
                DocumentSeries.LIMITED: N_("L. (limited distribution)"),
                DocumentSeries.INFORMATION: N_("INF/ (information)"),
                DocumentSeries.CONFERENCE_ROOM: N_("CRP. (conference room paper)")}

#: The usual channels of distribution (the service's codes; any other text is accepted too).
CHANNEL_NAMES = {"email": N_("E-mail"), "post": N_("Post"), "hand": N_("By hand"), "portal": N_("Web portal")}

DISTRIBUTION_NAMES = {"general": N_("General"), "limited": N_("Limited")}

#: The languages a meeting or a document may use (ESCAP's four, then Arabic and Spanish).
MEETING_LANGUAGES = ("en", "zh", "fr", "ru", "ar", "es")


def _name(tr: Translator, names: dict, code: str | None) -> str:
    if code is None:
        return ""
    return tr.gettext(names[code]) if code in names else str(code)


def mode_name(tr: Translator, code: str) -> str:
    return _name(tr, MODE_NAMES, code)


def status_name(tr: Translator, code: str) -> str:
    return _name(tr, STATUS_NAMES, code)


def item_kind_name(tr: Translator, code: str) -> str:
    return _name(tr, ITEM_KIND_NAMES, code)


def document_kind_name(tr: Translator, code: str) -> str:
    return _name(tr, DOCUMENT_KIND_NAMES, code)


def channel_name(tr: Translator, code: str) -> str:
    return _name(tr, CHANNEL_NAMES, code)


def language_name(tr: Translator, code: str) -> str:
    """``Chinese``, ``中文``: the language alone (not ``English (United Kingdom)``)."""
    try:
        return Locale.parse(code).get_display_name(tr.locale) or code
    except (ValueError, UnknownLocaleError):
        return code


def languages_text(tr: Translator, codes: list[str]) -> str:
    """``English, Chinese`` in the interface's language."""
    return tr.gettext(", ").join(language_name(tr, c) for c in codes)


def place_text(tr: Translator, mode: str, venue: str | None) -> str:
    """Where a meeting is held: ``Bangkok``, ``Online``, ``Bangkok and online``."""
    venue = (venue or "").strip()
    if mode == MeetingMode.ONLINE or not venue:
        return mode_name(tr, mode)
    if mode == MeetingMode.HYBRID:
        return tr.gettext("{venue} and online", venue=venue)
    return venue
