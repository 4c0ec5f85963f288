"""A meeting as an iCalendar file (RFC 5545), written by hand: no dependency.

``write_ics(meeting, body, path_or_stream)`` writes one VCALENDAR holding one
all-day VEVENT: UID from the meeting's id (stable, so that calendars update
the event when it is exported again), DTSTAMP, DTSTART/DTEND as dates (DTEND is
exclusive: the day after the last day), SUMMARY "TEG 2: <title>", LOCATION (the
venue, "Online", or the venue and online), DESCRIPTION (body, dates, format,
reference, deadlines, contact), STATUS (TENTATIVE while planned, CONFIRMED
once the notice is issued or the meeting held, CANCELLED).

Text values are escaped (``\\ ; ,`` and newlines), lines end with CRLF and are
folded at 75 octets without splitting a UTF-8 character (RFC 5545 section 3.1).
``lang`` chooses the language of the texts (the meeting's translations and the
catalog's labels, English where there is none).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import BinaryIO

from tegdesk.core.i18n import N_, translator
from tegdesk.core.models import Body, Meeting, MeetingMode, MeetingStatus

PRODID = "-//United Nations ESCAP//tegdesk//EN"
MAX_OCTETS = 75

_STATUS = {MeetingStatus.PLANNED: "TENTATIVE", MeetingStatus.NOTICE_ISSUED: "CONFIRMED",
           MeetingStatus.HELD: "CONFIRMED", MeetingStatus.CANCELLED: "CANCELLED"}
_MODES = {MeetingMode.IN_PERSON: N_("In person"), MeetingMode.ONLINE: N_("Online"),
          MeetingMode.HYBRID: N_("Hybrid (in person and online)")}


def escape_text(value: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and newlines escaped."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def fold(line: str) -> bytes:
    """One content line as UTF-8, folded at 75 octets (continuations start with a space), CRLF-terminated."""
    out = bytearray()
    width = MAX_OCTETS
    current = bytearray()
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > width:
            out += current + b"\r\n "
            current = bytearray()
            width = MAX_OCTETS - 1  # the leading space counts
        current += encoded
    out += current + b"\r\n"
    return bytes(out)


def _date(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def meeting_lines(meeting: Meeting, body: Body, *, lang: str = "en", stamp: dt.datetime | None = None) -> list[str]:
    """The calendar's content lines (unfolded, unterminated)."""
    tr = translator(lang)
    texts = (meeting.translations or {}).get(tr.lang, {}) if tr.lang != "en" else {}
    title = texts.get("title") or meeting.title
    venue = texts.get("venue") or meeting.venue
    body_name = (body.names or {}).get(tr.lang) if tr.lang != "en" else None
    body_name = body_name or body.name_en
    if meeting.mode == MeetingMode.ONLINE or not venue:
        location = tr.gettext(N_("Online")) if meeting.mode != MeetingMode.IN_PERSON else ""
    elif meeting.mode == MeetingMode.HYBRID:
        location = tr.gettext(N_("{venue} and online"), venue=venue)
    else:
        location = venue
    details = [body_name, title, tr.date_range(meeting.start_date, meeting.end_date),
               tr.gettext(_MODES.get(meeting.mode, meeting.mode))]
    if meeting.reference:
        details.append(tr.gettext(N_("Reference: {reference}"), reference=meeting.reference))
    if meeting.nomination_deadline:
        details.append(tr.gettext(N_("Deadline for nominations: {date}"), date=tr.date(meeting.nomination_deadline)))
    if meeting.registration_deadline:
        details.append(tr.gettext(N_("Deadline for registration: {date}"),
                                  date=tr.date(meeting.registration_deadline)))
    if meeting.contact:
        details.append(tr.gettext(N_("Contact: {contact}"), contact=meeting.contact))
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{meeting.id}@tegdesk",
        f"DTSTAMP:{_stamp(stamp or dt.datetime.now(dt.timezone.utc))}",
        f"DTSTART;VALUE=DATE:{_date(meeting.start_date)}",
        f"DTEND;VALUE=DATE:{_date(meeting.end_date + dt.timedelta(days=1))}",
        "SUMMARY:" + escape_text(f"{body.code} {meeting.number}: {title}" if title else f"{body.code} {meeting.number}"),
    ]
    if location:
        lines.append("LOCATION:" + escape_text(location))
    lines.append("DESCRIPTION:" + escape_text("\n".join(d for d in details if d)))
    lines.append(f"STATUS:{_STATUS.get(meeting.status, 'TENTATIVE')}")
    lines.append("TRANSP:OPAQUE")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return lines


def ics_bytes(meeting: Meeting, body: Body, *, lang: str = "en", stamp: dt.datetime | None = None) -> bytes:
    return b"".join(fold(line) for line in meeting_lines(meeting, body, lang=lang, stamp=stamp))


def write_ics(meeting: Meeting, body: Body, path_or_stream: str | Path | BinaryIO, *, lang: str = "en",
              stamp: dt.datetime | None = None) -> None:
    """Write the meeting's calendar to a file path or a binary stream."""
    data = ics_bytes(meeting, body, lang=lang, stamp=stamp)
    if isinstance(path_or_stream, (str, Path)):
        Path(path_or_stream).write_bytes(data)
    elif isinstance(path_or_stream, io.TextIOBase):
        raise TypeError("write_ics needs a binary stream (CRLF and UTF-8 octets matter)")
    else:
        path_or_stream.write(data)
