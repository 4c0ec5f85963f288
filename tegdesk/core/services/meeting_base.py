"""What the parts of :class:`~tegdesk.core.services.meetings.MeetingService` share:
the store, the body, and the look-ups that turn an id into a live record of the
body or a translated refusal."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlmodel import Session

from tegdesk.core.i18n import LANGUAGES, N_
from tegdesk.core.models import AgendaItem, Body, Document, Meeting, MeetingStatus, Participant
from tegdesk.core.rules import Violation
from tegdesk.core.services.roster import Outcome, RosterService
from tegdesk.core.store import Store

MEETING_GONE = N_("That meeting no longer exists.")
ITEM_GONE = N_("That agenda item no longer exists.")
DOCUMENT_GONE = N_("That document no longer exists.")
PARTICIPANT_GONE = N_("That participant no longer exists.")


#: The order of documents in lists: regular, L., INF/, CRP.; an original before its revisions.
SERIES_ORDER = {"": 0, "L.": 1, "INF/": 2, "CRP.": 3}
REVISION_ORDER = {None: 0, "Rev": 1, "Add": 2, "Corr": 3}


def document_sort_key(doc: Document) -> tuple:
    return (doc.year, SERIES_ORDER.get(doc.series, len(SERIES_ORDER)), doc.number,
            REVISION_ORDER.get(doc.revision_kind, len(REVISION_ORDER)), doc.revision_number or 0, doc.symbol)


def today() -> dt.date:
    """Today's date; read through this module (``meeting_base.today()``) so that tests can fix it."""
    return dt.date.today()


def refusal(message: str, params: dict[str, Any] | None = None, *, field: str | None = None,
            rule: str = "", paragraph: str = "") -> Outcome:
    """An outcome refused for one reason."""
    return Outcome(violations=[Violation(rule, paragraph, message, params or {}, field=field)])


def clean(text: str | None) -> str:
    """Text from a form: surrounding blanks dropped, inner runs of blanks kept."""
    return (text or "").strip()


def clean_translations(translations: dict[str, dict[str, str]] | None, fields: tuple[str, ...],
                       found: list[Violation], *, field: str = "translations") -> dict[str, dict[str, str]]:
    """``{lang: {field: text}}`` with empty texts and languages dropped; unknown ones refused."""
    out: dict[str, dict[str, str]] = {}
    for lang, texts in (translations or {}).items():
        if lang not in LANGUAGES or lang == "en":
            found.append(Violation("", "", N_("{language} is not one of the languages of the United Nations "
                                              "other than English."), {"language": lang}, field=field))
            continue
        unknown = sorted(set(texts) - set(fields))
        if unknown:
            found.append(Violation("", "", N_("Unknown texts: {names}."), {"names": unknown}, field=field))
        kept = {k: clean(v) for k, v in texts.items() if k in fields and clean(v)}
        if kept:
            out[lang] = kept
    return out


class MeetingServiceBase:
    """The store, the body and the look-ups every part of the meeting service uses."""

    def __init__(self, store: Store, body_code: str = "TEG"):
        self.store = store
        self.roster = RosterService(store, body_code)  # finds the body (UserError if none); the roster's rules
        self.body_id: uuid.UUID = self.roster.body_id
        self.body_code: str = self.roster.body_code

    def body(self) -> Body:
        with self.store.session() as s:
            return s.get(Body, self.body_id)

    # -- look-ups inside a unit of work (None when gone or of another body) -----------
    def _meeting(self, s: Session, meeting_id: uuid.UUID | None) -> Meeting | None:
        meeting = s.get(Meeting, meeting_id) if meeting_id is not None else None
        if meeting is None or meeting.deleted_at is not None or meeting.body_id != self.body_id:
            return None
        return meeting

    def _item(self, s: Session, item_id: uuid.UUID | None) -> AgendaItem | None:
        item = s.get(AgendaItem, item_id) if item_id is not None else None
        if item is None or item.deleted_at is not None or self._meeting(s, item.meeting_id) is None:
            return None
        return item

    def _document(self, s: Session, document_id: uuid.UUID | None) -> Document | None:
        doc = s.get(Document, document_id) if document_id is not None else None
        if doc is None or doc.deleted_at is not None or doc.body_id != self.body_id:
            return None
        return doc

    def _participant(self, s: Session, participant_id: uuid.UUID | None) -> Participant | None:
        p = s.get(Participant, participant_id) if participant_id is not None else None
        if p is None or p.deleted_at is not None or self._meeting(s, p.meeting_id) is None:
            return None
        return p

    @staticmethod
    def _cancelled(meeting: Meeting) -> bool:
        return meeting.status == MeetingStatus.CANCELLED
