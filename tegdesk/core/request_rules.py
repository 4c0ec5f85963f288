"""Requests for technical assistance (B4) as pure functions: statuses, dates, channels,
references and processing time.

Nothing here reads or writes the database: the request service
(:mod:`tegdesk.core.services.requests`) gathers what the rules read and calls them, so that
a form, the board and any importer refuse the same things with the same messages. Every
message is a :class:`~tegdesk.core.rules.Violation` (``rule="B4"``, paragraph of the Bali
Strategic Plan) whose ``field`` names the form field it concerns.

Readings the BSP leaves open, decided here:

- **Statuses.** A request moves forward one step at a time: received → assigned → in
  progress → answered. It may be declined or withdrawn from any open status (received,
  assigned, in progress). Answered, declined and withdrawn are *closed*.
- **Reopening.** A closed request may be reopened, back to *in progress* only (a follow-up
  to an answer; a declined or withdrawn request reconsidered), and only with a note saying
  why. Reopening clears the closing date; the processing time then runs to the next close.
- **Dates.** Each event is dated: not before the request was received, not before the
  previous event (the same day is fine), and not in the future. The received date cannot
  move after the first later event.
- **Processing time** is the number of days from receipt to closing
  (:func:`processing_days`); an answer on the day of receipt took 0 days.
- **Answers.** An answered request should name the activities or experts that answered it
  (a warning, not a refusal: the link may be recorded later).
- **References** read ``PREFIX/YEAR/NUMBER`` ("TA/2026/007"); the proposed one is
  :data:`REFERENCE_PREFIX`, the year received and the next number of that year. A reference
  is unique among all requests, removed ones included. A year in the reference different
  from the year received is only warned about (a request received on 31 December may be
  registered in January).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from tegdesk.core.i18n import N_
from tegdesk.core.models import RequestStatus
from tegdesk.core.i18n import Translator
from tegdesk.core.rules import Violation

#: The Bali Strategic Plan's paragraph on requests: received, tracked and dispatched (B4).
PARAGRAPH = "31(b)"

OPEN_STATUSES: tuple[str, ...] = (RequestStatus.RECEIVED, RequestStatus.ASSIGNED, RequestStatus.IN_PROGRESS)
CLOSED_STATUSES: tuple[str, ...] = (RequestStatus.ANSWERED, RequestStatus.DECLINED, RequestStatus.WITHDRAWN)
#: Every status, in the order of the board's columns.
STATUSES: tuple[str, ...] = OPEN_STATUSES + CLOSED_STATUSES

STATUS_NAMES: dict[str, str] = {
    RequestStatus.RECEIVED: N_("Received"),
    RequestStatus.ASSIGNED: N_("Assigned"),
    RequestStatus.IN_PROGRESS: N_("In progress"),
    RequestStatus.ANSWERED: N_("Answered"),
    RequestStatus.DECLINED: N_("Declined"),
    RequestStatus.WITHDRAWN: N_("Withdrawn"),
}

#: The next step forward from each open status.
_FORWARD = {RequestStatus.RECEIVED: RequestStatus.ASSIGNED, RequestStatus.ASSIGNED: RequestStatus.IN_PROGRESS,
            RequestStatus.IN_PROGRESS: RequestStatus.ANSWERED}
#: Where a closed request goes when it is reopened.
REOPENED_STATUS = RequestStatus.IN_PROGRESS

#: How a request reached the secretariat (stored code -> label).
CHANNELS: dict[str, str] = {
    "note verbale": N_("Note verbale"),
    "letter": N_("Letter"),
    "email": N_("E-mail"),
    "meeting": N_("Meeting of the Expert Group"),
    "other": N_("Other"),
}
DEFAULT_CHANNEL = "note verbale"

REFERENCE_PREFIX = "TA"
_REFERENCE = re.compile(r"^(?P<prefix>[A-Z][A-Z0-9-]*(?:/[A-Z][A-Z0-9-]*)*)/(?P<year>\d{4})/(?P<number>\d{1,6})$")


class StatusName(str):
    """A status code in a message parameter, shown by its translated name."""


@dataclass(frozen=True)
class RequestViolation(Violation):
    """A :class:`~tegdesk.core.rules.Violation` of the Bali Strategic Plan rather than of the ToR:
    its reference names the plan, and statuses in its parameters are shown by name."""

    def text(self, tr: Translator) -> str:
        params = {k: _status_text(tr, v) for k, v in self.params.items()}
        sentence = Violation("", "", self.message, params).text(tr)
        if not self.rule:
            return sentence
        ref = tr.gettext("(rule {rule}, Bali Strategic Plan, paragraph {paragraph})",
                         rule=self.rule, paragraph=self.paragraph)
        return tr.gettext("{sentence} {reference}", sentence=sentence, reference=ref)


def _b4(message: str, params: dict | None = None, *, field: str, severity: str = "error") -> RequestViolation:
    """A rule of the plan (B4, para 31(b)) broken or worth a look."""
    return RequestViolation("B4", PARAGRAPH, message, params or {}, severity=severity, field=field)


def _form(message: str, params: dict | None = None, *, field: str, severity: str = "error") -> RequestViolation:
    """An error in the input itself (a missing subject)."""
    return RequestViolation("", "", message, params or {}, severity=severity, field=field)


def _status_text(tr: Translator, value: object) -> object:
    if isinstance(value, StatusName):
        return status_name(tr, value)
    if isinstance(value, list) and value and all(isinstance(v, StatusName) for v in value):
        return tr.gettext(", ").join(status_name(tr, v) for v in value)
    return value


def status_name(tr: Translator, status: str) -> str:
    """A request status in ``tr``'s language."""
    return tr.gettext(STATUS_NAMES.get(str(status), str(status)))


def channel_name(tr: Translator, channel: str) -> str:
    """A channel in ``tr``'s language (an unknown one as it was stored)."""
    return tr.gettext(CHANNELS[channel]) if channel in CHANNELS else channel


def is_open(status: str) -> bool:
    return status in OPEN_STATUSES


def is_closed(status: str) -> bool:
    return status in CLOSED_STATUSES


# -- statuses ---------------------------------------------------------------------------------

def next_statuses(current: str) -> list[str]:
    """The statuses a request in ``current`` may move to, in board order."""
    if current in _FORWARD:
        return [_FORWARD[current], RequestStatus.DECLINED, RequestStatus.WITHDRAWN]
    if current in CLOSED_STATUSES:
        return [REOPENED_STATUS]
    return []


def is_reopening(current: str, new: str) -> bool:
    return current in CLOSED_STATUSES and new in OPEN_STATUSES


def check_transition(current: str, new: str, note: str = "") -> list[Violation]:
    """Whether a request in ``current`` may move to ``new`` (with ``note``)."""
    if new not in STATUSES:
        return [_form(N_("Unknown status of a request: {status}."), {"status": new}, field="status")]
    if new == current:
        return [_b4(N_("The request is already at {status}."), {"status": StatusName(new)}, field="status")]
    if new not in next_statuses(current):
        allowed = [StatusName(s) for s in next_statuses(current)]
        return [_b4(N_("A request cannot go from {current} to {new}; it can go to: {allowed}."),
                    {"current": StatusName(current), "new": StatusName(new), "allowed": allowed}, field="status")]
    if is_reopening(current, new) and not note.strip():
        return [_b4(N_("Say in the note why the request is reopened."), field="note")]
    return []


# -- dates ------------------------------------------------------------------------------------

def check_event_date(on: dt.date | None, received_on: dt.date, previous: dt.date | None,
                     today: dt.date) -> list[Violation]:
    """An event dated ``on`` after the request received on ``received_on`` whose latest event
    was on ``previous``: not before either, not after ``today``."""
    if on is None:
        return [_form(N_("Enter the date of the change."), field="on")]
    if on < received_on:
        return [_b4(N_("The date ({on}) cannot fall before the request was received ({received})."),
                    {"on": on, "received": received_on}, field="on")]
    if previous is not None and on < previous:
        return [_b4(N_("The date ({on}) cannot fall before the request's previous change ({previous})."),
                    {"on": on, "previous": previous}, field="on")]
    if on > today:
        return [_form(N_("The date ({on}) is in the future; record a change once it has happened."),
                      {"on": on}, field="on")]
    return []


def check_received_on(received_on: dt.date | None, first_later_event: dt.date | None,
                      today: dt.date) -> list[Violation]:
    """The date a request was received: given, not in the future, not after its first later event."""
    if received_on is None:
        return [_form(N_("Enter the date the request was received."), field="received_on")]
    if received_on > today:
        return [_form(N_("The request cannot be received in the future ({received})."),
                      {"received": received_on}, field="received_on")]
    if first_later_event is not None and received_on > first_later_event:
        return [_b4(N_("The request cannot be received ({received}) after the first change of its status "
                       "({first})."),
                    {"received": received_on, "first": first_later_event}, field="received_on")]
    return []


def processing_days(received_on: dt.date | None, closed_on: dt.date | None) -> int | None:
    """Days from receipt to closing (answered, declined or withdrawn); ``None`` while the request
    is open (no ``closed_on``) or when the dates are missing or out of order.

    A request answered on the day it arrived took 0 days. For the time an open request has
    waited so far, pass today's date as ``closed_on``."""
    if received_on is None or closed_on is None or closed_on < received_on:
        return None
    return (closed_on - received_on).days


def days_so_far(received_on: dt.date, status: str, closed_on: dt.date | None, today: dt.date) -> int | None:
    """Processing days of a closed request, or the days an open one has waited until ``today``."""
    return processing_days(received_on, closed_on if is_closed(status) else today)


# -- answers ----------------------------------------------------------------------------------

def check_answer_links(status: str, activities: int, experts: int) -> list[Violation]:
    """An answered request names the activities or experts that answered it (a warning)."""
    if status == RequestStatus.ANSWERED and not activities and not experts:
        return [_b4(N_("The request is answered but no activity or expert that answered it is linked."),
                    severity="warning", field="links")]
    return []


# -- the request's own fields -------------------------------------------------------------------

def normalise_reference(reference: str) -> str:
    return re.sub(r"\s+", "", reference or "").upper()


def reference_parts(reference: str) -> tuple[str, int, int] | None:
    """``("TA", 2026, 7)`` for "TA/2026/007"; None for a reference in another form."""
    match = _REFERENCE.match(normalise_reference(reference))
    if match is None:
        return None
    return match["prefix"], int(match["year"]), int(match["number"])


def propose_reference(year: int, used: Iterable[str], prefix: str = REFERENCE_PREFIX) -> str:
    """``PREFIX/YEAR/NNN`` with the next number after the highest used that year."""
    highest = 0
    for ref in used:
        parts = reference_parts(ref)
        if parts is not None and parts[0] == prefix and parts[1] == year:
            highest = max(highest, parts[2])
    return f"{prefix}/{year}/{highest + 1:03d}"


def check_reference(reference: str, received_on: dt.date | None, used: Iterable[str]) -> list[Violation]:
    """Given, in the form PREFIX/YEAR/NUMBER, unused; a year other than the year received warns."""
    ref = normalise_reference(reference)
    if not ref:
        return [_form(N_("Enter the request's reference, e.g. {example}."),
                      {"example": f"{REFERENCE_PREFIX}/2026/007"}, field="reference")]
    parts = reference_parts(ref)
    if parts is None:
        return [_form(N_("{reference} is not a reference of the form {example} (letters, the year, a number)."),
                      {"reference": ref, "example": f"{REFERENCE_PREFIX}/2026/007"}, field="reference")]
    if ref in {normalise_reference(u) for u in used}:
        return [_form(N_("The reference {reference} is already used by another request."),
                      {"reference": ref}, field="reference")]
    if received_on is not None and parts[1] != received_on.year:
        return [_form(N_("The reference {reference} names the year {year}, but the request was received in "
                         "{received_year}."),
                      {"reference": ref, "year": str(parts[1]), "received_year": str(received_on.year)},
                      severity="warning", field="reference")]
    return []


def check_fields(*, member_known: bool, member: str, channel: str, subject: str,
                 unknown_codes: list[str]) -> list[Violation]:
    """The requesting member, the channel, the subject and the BSP codes."""
    found = []
    if not member.strip():
        found.append(_form(N_("Choose the requesting member or associate member."), field="member"))
    elif not member_known:
        found.append(_form(N_("{member} is not a member or associate member of ESCAP."),
                           {"member": member}, field="member"))
    if channel not in CHANNELS:
        found.append(_form(N_("Unknown channel: {channel}."), {"channel": channel}, field="channel"))
    if not subject.strip():
        found.append(_form(N_("Enter the subject of the request."), field="subject"))
    if unknown_codes:
        found.append(_form(N_("Unknown BSP codes: {codes}."), {"codes": unknown_codes}, field="bsp_codes"))
    return found
