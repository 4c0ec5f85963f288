"""Everything a meeting document shows, gathered from the store in **one language**.

The agenda, the annotated agenda, the notices and the list of participants all
read a :class:`MeetingData`: the body, the meeting, its dates and place, the
numbered agenda items with their documents, the deadlines and the contact, each
text already in the document's language.

The fallback rule, for every text a user typed in English and may have
translated (meeting title and venue, item titles and annotations, document
titles, the contact):

1. the translation recorded for the language (``Meeting.translations[lang]``,
   ``AgendaItem.translations[lang]``, ``Document.titles[lang]``) if present;
2. else, when the English text is one of the standard wordings
   (:data:`STANDARD_TEXTS`: "Opening of the meeting", "Adoption of the agenda",
   "Provisional agenda", a meeting title such as "Second meeting of the
   Technical Expert Group on ...") its translation from the catalogs;
3. else the English text, and the fall-back is recorded in
   :attr:`MeetingData.fallbacks`, so that the interface can warn ("Item 3 has
   no title in Chinese") before the document goes out.

Numbering: top-level items 1, 2, 3 ...; sub-items (a), (b) ... in the order of
``position`` among their siblings; soft-deleted items and documents are left
out. A meeting is named on the command line as ``BODY:NUMBER`` (``TEG:2``,
:func:`find_meeting`).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, select

from tegdesk.core.errors import UserError
from tegdesk.core.i18n import N_, Translator, translator

__all__ = ["STANDARD_TEXTS", "DocRef", "Fallback", "ItemData", "MeetingData", "find_meeting", "gather_meeting",
           "item_letter", "language_name", "meeting_label", "ordinal_meeting", "standard_text"]

#: The UN languages by name, for "Original: English" and the warnings.
LANGUAGE_NAMES = {"en": N_("English"), "zh": N_("Chinese"), "fr": N_("French"), "ru": N_("Russian"),
                  "es": N_("Spanish"), "ar": N_("Arabic")}

#: Standard wordings of agenda items, their annotations and document titles: a text equal to one of these (in
#: English) is shown in the catalog's translation when no translation is recorded.
STANDARD_TEXTS = (
    N_("Opening of the meeting"),
    N_("Opening of the session"),
    N_("Opening statements"),
    N_("Election of officers"),
    N_("Adoption of the agenda"),
    N_("Other matters"),
    N_("Adoption of the report"),
    N_("Adoption of the report of the meeting"),
    N_("Closing of the meeting"),
    N_("Closing of the session"),
    N_("The meeting will be opened by a representative of the secretariat."),
    N_("The Expert Group may wish to adopt the provisional agenda."),
    N_("The Expert Group may wish to consider other matters brought to its attention."),
    N_("Provisional agenda"),
    N_("Annotated provisional agenda"),
    N_("List of participants"),
    # the secretariat and organ of the bodies refdata seeds
    N_("Environment and Development Division"),
    N_("Economic and Social Commission for Asia and the Pacific"),
)
_STANDARD = {" ".join(t.split()).casefold(): t for t in STANDARD_TEXTS}

#: "First meeting" ... by number; a body whose meetings are sessions has its own list.
_MEETINGS = (N_("First meeting"), N_("Second meeting"), N_("Third meeting"), N_("Fourth meeting"),
             N_("Fifth meeting"), N_("Sixth meeting"), N_("Seventh meeting"), N_("Eighth meeting"),
             N_("Ninth meeting"), N_("Tenth meeting"), N_("Eleventh meeting"), N_("Twelfth meeting"))
_SESSIONS = (N_("First session"), N_("Second session"), N_("Third session"), N_("Fourth session"),
             N_("Fifth session"), N_("Sixth session"), N_("Seventh session"), N_("Eighth session"),
             N_("Ninth session"), N_("Tenth session"), N_("Eleventh session"), N_("Twelfth session"))
MEETING_N = N_("Meeting {number}")
SESSION_N = N_("Session {number}")
#: "Second meeting of the Technical Expert Group ..." (Chinese: "环境与发展技术专家组第二次会议")
MEETING_OF_BODY = N_("{meeting} of the {body}")
ONLINE = N_("Online")
PLACE_AND_ONLINE = N_("{place} and online")
#: the place and dates under the body's name: "Bangkok, 12–13 March 2024" ("2024年3月12日至13日，曼谷")
PLACE_DATES = N_("{place}, {dates}")
#: the venue as the notices say it, with its preposition: "at {venue}" ("在{venue}")
AT_VENUE = N_("at {venue}")
AT_VENUE_AND_ONLINE = N_("at {venue} and online")
ONLINE_PHRASE = N_("online")

_FALLBACK_MESSAGES = {
    "meeting_title": N_("The meeting has no title in {language}; the English title is shown."),
    "venue": N_("The venue has no name in {language}; the English name is shown."),
    "contact": N_("The contact has no text in {language}; the English text is shown."),
    "body": N_("The body has no name in {language}; the English name is shown."),
    "organ": N_("The organ has no name in {language}; the English name is shown."),
    "secretariat": N_("The secretariat has no name in {language}; the English name is shown."),
    "item_title": N_("Item {item} has no title in {language}; the English title is shown."),
    "item_annotation": N_("Item {item} has no annotation in {language}; the English annotation is shown."),
    "document_title": N_("Document {symbol} has no title in {language}; the English title is shown."),
    "template": N_("The notice has no wording in {language}; the English wording is used."),
    "omitted": N_("The notice leaves out the paragraph with {placeholder}: the meeting has no value for it."),
    "reference": N_("The meeting has no reference number: the notice goes out without one."),
    "participants_symbol": N_("The meeting has no list of participants among its documents; the next free "
                              "symbol, {symbol}, is shown."),
    "agenda_symbol": N_("The meeting has no provisional agenda among its documents: the agenda has no symbol."),
}


def language_name(tr: Translator, lang: str) -> str:
    """``English``, ``英文``: a UN language named in ``tr``'s language."""
    return tr.gettext(LANGUAGE_NAMES[lang]) if lang in LANGUAGE_NAMES else lang


@dataclass(frozen=True)
class Fallback:
    """Something a document shows otherwise than the user may expect: a text in English for want of a
    translation, a paragraph left out for want of a value, a symbol missing."""

    what: str  # a key of _FALLBACK_MESSAGES
    lang: str  # the document's language
    item: str = ""  # "3", "1 (b)"
    symbol: str = ""
    placeholder: str = ""  # "nomination_deadline"

    def text(self, tr: Translator) -> str:
        """The warning in ``tr``'s language (the interface's), naming the document's language."""
        return tr.gettext(_FALLBACK_MESSAGES[self.what], language=language_name(tr, self.lang), item=self.item,
                          symbol=self.symbol, placeholder="{" + self.placeholder + "}")


@dataclass(frozen=True)
class DocRef:
    """A document of the meeting, its title in the document's language."""

    id: uuid.UUID
    symbol: str
    title: str
    kind: str
    series: str
    distribution: str
    original_language: str
    issued_on: dt.date | None


@dataclass(frozen=True)
class ItemData:
    """An agenda item: ``label`` is ``1`` or ``(a)``, ``number`` the full ``1`` or ``1 (a)``."""

    id: uuid.UUID
    label: str
    number: str
    depth: int
    kind: str
    title: str
    annotation: str
    documents: tuple[DocRef, ...] = ()
    children: tuple[ItemData, ...] = ()


@dataclass
class MeetingData:
    """What the meeting documents of one meeting show, in :attr:`lang`."""

    tr: Translator
    meeting_id: uuid.UUID
    body_id: uuid.UUID
    body_code: str
    number: int
    body_name: str
    organ: str
    secretariat: str
    session: str  # "Second meeting"
    title: str  # "Second meeting of the Technical Expert Group on Environment and Development"
    start: dt.date
    end: dt.date
    dates: str  # "3–4 March 2026"
    mode: str
    venue: str  # "United Nations Conference Centre, Bangkok" ("" when online only)
    venue_phrase: str  # "at United Nations Conference Centre, Bangkok and online"
    place: str  # "Bangkok and online" ("" when the venue is not known yet)
    place_dates: str  # "Bangkok and online, 3–4 March 2026"
    reference: str | None
    contact: str | None
    nomination_deadline: dt.date | None
    registration_deadline: dt.date | None
    symbol_prefix: str
    symbol_pattern: str
    items: tuple[ItemData, ...] = ()
    documents: tuple[DocRef, ...] = ()
    fallbacks: list[Fallback] = field(default_factory=list)

    @property
    def lang(self) -> str:
        return self.tr.lang

    @property
    def running_title(self) -> str:
        """The meeting's name inside a sentence: "second meeting of the ..." (the first letter lowered, unless
        the first word is an acronym: "ASEAN workshop" stays)."""
        title = self.title
        if title[:1].isupper() and not title[1:2].isupper():
            return title[:1].lower() + title[1:]
        return title

    def document(self, kind: str) -> DocRef | None:
        """The meeting's first document of ``kind`` (a :class:`~tegdesk.core.models.DocumentKind`)."""
        return next((d for d in self.documents if d.kind == kind), None)

    def all_items(self) -> Iterable[ItemData]:
        """Items and sub-items in agenda order."""
        for item in self.items:
            yield item
            yield from item.children

    def date(self, day: dt.date | None) -> str | None:
        return self.tr.date(day) if day is not None else None


# -- finding a meeting ------------------------------------------------------------------

_CODE = re.compile(r"^\s*([A-Za-z][\w.-]*?)\s*[:\s]\s*\d+\s*$")


def meeting_label(body_code: str, number: int) -> str:
    """``TEG:2``: how a meeting is named on the command line."""
    return f"{body_code}:{number}"


def find_meeting(store: Any, label: str, *, body_code: str = "TEG") -> uuid.UUID:
    """The id of the meeting named ``BODY:NUMBER`` (``TEG:2``; ``2`` alone is a meeting of ``body_code``).

    A :class:`UserError` when the body or the meeting does not exist.
    """
    from tegdesk.core.services.meetings import MeetingService

    match = _CODE.match(label or "")
    return MeetingService(store, match.group(1).upper() if match else body_code).find(label).id


# -- texts in one language ----------------------------------------------------------------

def standard_text(tr: Translator, english: str) -> str | None:
    """The catalog's translation of a standard wording, or ``None`` if ``english`` is not one."""
    key = _STANDARD.get(" ".join(english.split()).casefold())
    if key is None:
        return None
    text = tr.gettext(key)
    return text if tr.lang == "en" or text != key else None


def ordinal_meeting(tr: Translator, number: int, noun: str = "meeting") -> str:
    """``Second meeting``, ``第二次会议``; ``Second session`` for a body that holds sessions."""
    words, generic = (_SESSIONS, SESSION_N) if noun == "session" else (_MEETINGS, MEETING_N)
    if 1 <= number <= len(words):
        return tr.gettext(words[number - 1])
    return tr.gettext(generic, number=tr.number(number))


#: the Arabic letters in their abjad order, as Arabic UN documents letter sub-items: (أ), (ب), (ج), (د) ...
ABJAD = ("أ", "ب", "ج", "د", "هـ", "و", "ز", "ح", "ط", "ي", "ك", "ل", "م", "ن", "س", "ع", "ف", "ص", "ق", "ر",
         "ش", "ت", "ث", "خ", "ذ", "ض", "ظ", "غ")


def item_letter(index: int, lang: str = "en") -> str:
    """A sub-item's letter as the document's language writes it: ``(a)`` ... ``(z)``, ``(aa)`` in English and
    Chinese; ``a)`` in French, Spanish and Russian (UN style: Latin letters, a closing parenthesis only);
    ``(أ)``, ``(ب)`` ... in Arabic (the abjad order; past its 28 letters, the Latin ones)."""
    from tegdesk.core.services.agenda import letters

    if lang == "ar" and index < len(ABJAD):
        return f"({ABJAD[index]})"
    if lang in ("fr", "es", "ru"):
        return f"{letters(index + 1)})"
    return f"({letters(index + 1)})"


class _Texts:
    """Picks each text in the document's language and records what fell back to English."""

    def __init__(self, tr: Translator):
        self.tr = tr
        self.fallbacks: list[Fallback] = []

    def pick(self, english: str | None, translated: str | None, what: str, **where: str) -> str:
        english = (english or "").strip()
        if self.tr.lang == "en":
            return english
        if translated and translated.strip():
            return translated.strip()
        if not english:
            return ""
        standard = standard_text(self.tr, english)
        if standard is not None:
            return standard
        self.fallbacks.append(Fallback(what, self.tr.lang, **where))
        return english


def _city(venue: str) -> str:
    """The city of a venue, as UN mastheads show it: the last comma-separated part ("..., Bangkok")."""
    return venue.rsplit(",", 1)[-1].strip() if venue else ""


def gather_meeting(store: Any, meeting_id: uuid.UUID, lang: str) -> MeetingData:
    """Read the meeting, its body, agenda and documents, in ``lang`` (see the module's fallback rule)."""
    with store.session() as s:
        return _gather(s, meeting_id, translator(lang))


def _gather(s: Session, meeting_id: uuid.UUID, tr: Translator) -> MeetingData:
    from tegdesk.core.models import (
        AgendaItem,
        AgendaItemDocument,
        Body,
        Document,
        Meeting,
        MeetingMode,
    )

    meeting = s.get(Meeting, meeting_id)
    if meeting is None or meeting.deleted_at is not None:
        raise UserError(N_("This meeting no longer exists."))
    body = s.get(Body, meeting.body_id)
    assert body is not None
    texts = _Texts(tr)
    lang = tr.lang
    own = (meeting.translations or {}).get(lang) or {}

    body_name = texts.pick(body.name_en, (body.names or {}).get(lang), "body")
    organ = texts.pick(body.organ or "Economic and Social Commission for Asia and the Pacific", None, "organ")
    secretariat = texts.pick(body.secretariat, None, "secretariat")
    noun = body.meeting_noun or "meeting"
    session = ordinal_meeting(tr, meeting.number, noun)
    standard_title = f"{ordinal_meeting(translator('en'), meeting.number, noun)} of the {body.name_en}"
    if lang != "en" and own.get("title", "").strip():
        title = own["title"].strip()
    elif not meeting.title.strip() or " ".join(meeting.title.split()).casefold() == standard_title.casefold():
        title = tr.gettext(MEETING_OF_BODY, meeting=session, body=body_name)
    else:
        title = texts.pick(meeting.title, own.get("title"), "meeting_title")

    venue = texts.pick(meeting.venue, own.get("venue"), "venue") if meeting.mode != MeetingMode.ONLINE else ""
    if meeting.mode == MeetingMode.ONLINE:
        place, phrase = tr.gettext(ONLINE), tr.gettext(ONLINE_PHRASE)
    elif not venue:  # not decided yet: the dates alone under the body's name
        place, phrase = "", ""
    elif meeting.mode == MeetingMode.HYBRID:
        place = tr.gettext(PLACE_AND_ONLINE, place=_city(venue))
        phrase = tr.gettext(AT_VENUE_AND_ONLINE, venue=venue)
    else:
        place, phrase = _city(venue), tr.gettext(AT_VENUE, venue=venue)
    dates = tr.date_range(meeting.start_date, meeting.end_date)
    contact = texts.pick(meeting.contact, own.get("contact"), "contact") or None

    # documents
    docs = s.exec(select(Document).where(Document.meeting_id == meeting.id,
                                         Document.deleted_at.is_(None))).all()  # type: ignore[union-attr]
    refs: dict[uuid.UUID, DocRef] = {}
    for doc in sorted(docs, key=_document_order):
        refs[doc.id] = DocRef(doc.id, doc.symbol, texts.pick(doc.title, (doc.titles or {}).get(lang),
                                                              "document_title", symbol=doc.symbol),
                              doc.kind, doc.series, doc.distribution, doc.original_language, doc.issued_on)

    # agenda
    rows = s.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id,
                                           AgendaItem.deleted_at.is_(None))).all()  # type: ignore[union-attr]
    ids = {r.id for r in rows}
    links: dict[uuid.UUID, list[uuid.UUID]] = {}
    if ids:
        for link in s.exec(select(AgendaItemDocument).where(AgendaItemDocument.agenda_item_id.in_(ids))).all():  # type: ignore[attr-defined]
            if link.document_id in refs:
                links.setdefault(link.agenda_item_id, []).append(link.document_id)
    order = list(refs)

    def item_docs(item_id: uuid.UUID) -> tuple[DocRef, ...]:
        return tuple(refs[d] for d in sorted(links.get(item_id, []), key=order.index))

    def texts_of(row: Any, number: str) -> tuple[str, str]:
        mine = (row.translations or {}).get(lang) or {}
        title = texts.pick(row.title, mine.get("title"), "item_title", item=number)
        annotation = texts.pick(row.annotation, mine.get("annotation"), "item_annotation", item=number)
        return title, annotation

    children: dict[uuid.UUID | None, list[Any]] = {}
    for row in rows:
        parent = row.parent_id if row.parent_id in ids else None
        children.setdefault(parent, []).append(row)
    items: list[ItemData] = []
    for i, row in enumerate(sorted(children.get(None, []), key=_position), start=1):
        number = str(i)
        item_title, annotation = texts_of(row, number)
        subs: list[ItemData] = []
        for j, sub in enumerate(sorted(children.get(row.id, []), key=_position)):
            letter = item_letter(j, lang)
            sub_number = f"{number} {letter}"
            sub_title, sub_annotation = texts_of(sub, f"{number} {item_letter(j)}")  # warnings: as in English
            subs.append(ItemData(sub.id, letter, sub_number, 1, sub.kind, sub_title, sub_annotation,
                                 item_docs(sub.id)))
        items.append(ItemData(row.id, number, number, 0, row.kind, item_title, annotation, item_docs(row.id),
                              tuple(subs)))

    return MeetingData(
        tr=tr, meeting_id=meeting.id, body_id=body.id, body_code=body.code, number=meeting.number,
        body_name=body_name, organ=organ, secretariat=secretariat, session=session, title=title,
        start=meeting.start_date, end=meeting.end_date, dates=dates, mode=meeting.mode, venue=venue,
        venue_phrase=phrase, place=place, place_dates=tr.gettext(PLACE_DATES, place=place, dates=dates) if place else dates,
        reference=(meeting.reference or "").strip() or None, contact=contact,
        nomination_deadline=meeting.nomination_deadline, registration_deadline=meeting.registration_deadline,
        symbol_prefix=body.symbol_prefix, symbol_pattern=body.symbol_pattern,
        items=tuple(items), documents=tuple(refs.values()), fallbacks=texts.fallbacks,
    )


def _position(row: Any) -> tuple[int, str]:
    return (row.position, str(row.id))


_SERIES_ORDER = {"": 0, "L.": 1, "CRP.": 2, "INF/": 3}


def _document_order(doc: Any) -> tuple:
    return (_SERIES_ORDER.get(doc.series, 9), doc.year, doc.number, doc.revision_kind or "",
            doc.revision_number or 0, doc.symbol)
