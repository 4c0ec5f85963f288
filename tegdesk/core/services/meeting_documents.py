"""The document register of a body's meetings: symbols, titles, languages, and the
record of distribution to every member and associate member (R8).

Part of :class:`~tegdesk.core.services.meetings.MeetingService`::

    documents(meeting_id) -> list[DocumentRow]
    propose_symbol(meeting_id, *, series, revision_of=None, revision_kind=None) -> str
    add_document(meeting_id, data: DocumentData, *, save=True) -> Outcome      # record: the Document
    update_document(document_id, data: DocumentData, *, save=True) -> Outcome
    remove_document(document_id) -> Outcome
    record_distribution(document_id, *, sent_on, channel="email", member_ids=None, save=True) -> Outcome
    distribution(document_id) -> DistributionState
    agenda_document(meeting_id) -> Document | None
    symbol_scheme() -> SymbolScheme

Readings the issue leaves open:

- Symbols follow the body's scheme (``Body.symbol_prefix`` and
  ``symbol_pattern``, e.g. ``ESCAP/CED/TEG/2024/L.1``). Numbers run per body,
  per year of the meeting and per series (regular, ``L.``, ``INF/``, ``CRP.``).
  A revision, addendum or corrigendum adds ``/Rev.1``, ``/Add.1``, ``/Corr.1``
  to its original's symbol, numbered per kind and original; a revision of a
  revision is numbered on the original. A symbol once used is never reused, even
  when its document is removed.
- A symbol given by hand must follow the scheme (so that its series, year and
  number are known); it may change only while the document has not been sent.
- ``L.`` documents have limited distribution; others general unless said. Under
  R8 every document, limited ones too, goes to all members and associate
  members, whether or not they take part.
- :meth:`DocumentsMixin.agenda_document` is the meeting's provisional agenda, or
  its latest revision (a revision replaces the original).
"""

from __future__ import annotations

import datetime as dt
import re
import string
import uuid
from dataclasses import dataclass, field

from sqlmodel import Session, func, select

from tegdesk.core.errors import UserError
from tegdesk.core.i18n import LANGUAGES, N_
from tegdesk.core.models import (
    AgendaItemDocument,
    Body,
    Document,
    DocumentDistribution,
    DocumentKind,
    DocumentSeries,
    Meeting,
    MemberState,
    utcnow,
)
from tegdesk.core.rules import Violation
from tegdesk.core.services.agenda import AgendaMixin, _Outline
from tegdesk.core.services.meeting_base import (
    DOCUMENT_GONE,
    MEETING_GONE,
    clean,
    document_sort_key,
    refusal,
)
from tegdesk.core.services.roster import Outcome

#: Revision kinds and their names (the symbol suffix is the code: /Rev.1).
REVISION_KINDS = {"Rev": N_("Revision"), "Add": N_("Addendum"), "Corr": N_("Corrigendum")}
DISTRIBUTIONS = ("general", "limited")
#: Usual channels of distribution (any other text is accepted too).
CHANNELS = ("email", "post", "hand", "portal")


@dataclass
class DocumentData:
    """What a document form edits. ``symbol=None`` generates the next symbol;
    ``distribution=None`` is limited for the L. series and general otherwise."""

    title: str = ""
    series: str = DocumentSeries.REGULAR
    kind: str = DocumentKind.PAPER
    symbol: str | None = None
    revision_of: uuid.UUID | None = None
    revision_kind: str | None = None  # "Rev", "Add", "Corr"
    languages: list[str] = field(default_factory=lambda: ["en"])
    original_language: str = "en"
    distribution: str | None = None
    issued_on: dt.date | None = None
    titles: dict[str, str] = field(default_factory=dict)  # {"zh": ...}

    @classmethod
    def from_document(cls, doc: Document) -> DocumentData:
        return cls(title=doc.title, series=doc.series, kind=doc.kind, symbol=doc.symbol,
                   revision_of=doc.base_document_id, revision_kind=doc.revision_kind,
                   languages=list(doc.languages or []), original_language=doc.original_language,
                   distribution=doc.distribution, issued_on=doc.issued_on, titles=dict(doc.titles or {}))


@dataclass
class DocumentRow:
    """One document as the register shows it."""

    id: uuid.UUID
    symbol: str
    kind: str
    series: str
    title: str
    titles: dict[str, str]
    languages: list[str]
    original_language: str
    distribution: str
    issued_on: dt.date | None
    items: list[str]  # the agenda items it is listed under ("2", "1 (b)")
    sent_to: int  # members and associate members it was sent to (R8)
    members_total: int
    base_symbol: str | None
    revision_kind: str | None
    revision_number: int | None
    number: int
    year: int
    meeting_id: uuid.UUID | None

    @property
    def fully_distributed(self) -> bool:
        return self.sent_to >= self.members_total


@dataclass(frozen=True)
class MemberRef:
    id: uuid.UUID
    name: str  # ESCAP's short name in English
    iso2: str
    associate: bool


@dataclass(frozen=True)
class SentTo:
    member: MemberRef
    sent_on: dt.date
    channel: str


@dataclass
class DistributionState:
    """To whom a document went (R8), and to whom not yet."""

    document_id: uuid.UUID
    symbol: str
    sent: list[SentTo]
    pending: list[MemberRef]

    @property
    def members_total(self) -> int:
        return len(self.sent) + len(self.pending)

    @property
    def complete(self) -> bool:
        return not self.pending


@dataclass(frozen=True)
class ParsedSymbol:
    year: int
    series: str
    number: int
    revision_kind: str | None = None
    revision_number: int | None = None

    @property
    def is_revision(self) -> bool:
        return self.revision_kind is not None


class SymbolScheme:
    """A body's document symbols: formats them and reads them back."""

    def __init__(self, prefix: str, pattern: str):
        self.prefix, self.pattern = prefix, pattern
        regex = ""
        groups = {"prefix": re.escape(prefix), "year": r"(?P<year>\d{4})",
                  "series": "(?P<series>" + "|".join(re.escape(s) for s in DocumentSeries if s) + ")?",
                  "number": r"(?P<number>\d+)"}
        for literal, name, _spec, _conv in string.Formatter().parse(pattern):
            regex += re.escape(literal)
            if name is not None:
                regex += groups.get(name, re.escape("{" + name + "}"))
        kinds = "|".join(REVISION_KINDS)
        self._regex = re.compile(rf"^{regex}(?:/(?P<kind>{kinds})\.(?P<rev>\d+))?$")

    @classmethod
    def of(cls, body: Body) -> SymbolScheme:
        return cls(body.symbol_prefix, body.symbol_pattern)

    def format(self, year: int, series: str, number: int) -> str:
        return self.pattern.format(prefix=self.prefix, year=year, series=series, number=number)

    @staticmethod
    def revision(base_symbol: str, kind: str, number: int) -> str:
        return f"{base_symbol}/{kind}.{number}"

    def parse(self, symbol: str) -> ParsedSymbol | None:
        match = self._regex.match(symbol.strip())
        if match is None:
            return None
        return ParsedSymbol(int(match["year"]), match["series"] or "", int(match["number"]), match["kind"],
                            int(match["rev"]) if match["rev"] else None)

    def example(self, year: int = 2024) -> str:
        return self.format(year, DocumentSeries.REGULAR, 1)


class DocumentsMixin(AgendaMixin):
    """The document register part of the meeting service."""

    # -- reading ---------------------------------------------------------------------------
    def symbol_scheme(self) -> SymbolScheme:
        with self.store.session() as s:
            return SymbolScheme.of(s.get(Body, self.body_id))

    def documents(self, meeting_id: uuid.UUID) -> list[DocumentRow]:
        """The meeting's documents in symbol order, with the agenda items they are listed under."""
        with self.store.session() as s:
            docs = list(s.exec(select(Document).where(Document.meeting_id == meeting_id,
                                                      Document.body_id == self.body_id,
                                                      Document.deleted_at.is_(None))).all())
            ids = [d.id for d in docs]
            outline = _Outline(self._live_items(s, meeting_id))
            items: dict[uuid.UUID, list[str]] = {i: [] for i in ids}
            for item_id, doc_id in s.exec(select(AgendaItemDocument.agenda_item_id, AgendaItemDocument.document_id)
                                          .where(AgendaItemDocument.document_id.in_(ids))).all():
                if item_id in outline.by_id:
                    items[doc_id].append(outline.label(outline.by_id[item_id]))
            sent = dict(s.exec(select(DocumentDistribution.document_id, func.count())
                               .where(DocumentDistribution.document_id.in_(ids))
                               .group_by(DocumentDistribution.document_id)).all())
            total = s.exec(select(func.count()).select_from(MemberState)).one()
            symbols = {d.id: d.symbol for d in s.exec(select(Document).where(
                Document.id.in_([d.base_document_id for d in docs if d.base_document_id])))}
        rows = []
        for d in sorted(docs, key=document_sort_key):
            rows.append(DocumentRow(
                d.id, d.symbol, d.kind, d.series, d.title, dict(d.titles or {}), list(d.languages or []),
                d.original_language, d.distribution, d.issued_on, sorted(items[d.id], key=_label_key),
                sent.get(d.id, 0), total, symbols.get(d.base_document_id), d.revision_kind, d.revision_number,
                d.number, d.year, d.meeting_id))
        return rows

    def agenda_document(self, meeting_id: uuid.UUID) -> Document | None:
        """The meeting's provisional agenda, or its latest revision."""
        with self.store.session() as s:
            found = s.exec(select(Document).where(Document.meeting_id == meeting_id, Document.body_id == self.body_id,
                                                  Document.kind == DocumentKind.AGENDA,
                                                  Document.deleted_at.is_(None))).all()
        originals = sorted((d for d in found if d.revision_kind is None), key=document_sort_key)
        if not originals:
            return None
        revisions = [d for d in found if d.revision_kind == "Rev" and d.base_document_id == originals[0].id]
        return max(revisions, key=lambda d: d.revision_number or 0) if revisions else originals[0]

    # -- symbols ----------------------------------------------------------------------------
    def propose_symbol(self, meeting_id: uuid.UUID, *, series: str = DocumentSeries.REGULAR,
                       revision_of: uuid.UUID | None = None, revision_kind: str | None = None) -> str:
        """The next free symbol for a document of the meeting (or a revision of ``revision_of``)."""
        with self.store.session() as s:
            meeting = self._meeting(s, meeting_id)
            if meeting is None:
                raise UserError(MEETING_GONE)
            if series not in set(DocumentSeries):
                raise UserError(N_("Unknown document series: {series}."), series=series)
            if revision_of is not None:
                base = self._base(s, revision_of)
                if base is None:
                    raise UserError(DOCUMENT_GONE)
                if revision_kind not in REVISION_KINDS:
                    raise UserError(N_("Choose Rev., Add. or Corr. for a revision, an addendum or a corrigendum."))
                return self._next_revision(s, base, revision_kind)[1]
            scheme = SymbolScheme.of(s.get(Body, self.body_id))
            return self._next_document_number(s, scheme, meeting.start_date.year, series)[1]

    def _base(self, s: Session, document_id: uuid.UUID) -> Document | None:
        doc = self._document(s, document_id)
        if doc is not None and doc.base_document_id is not None:
            return self._document(s, doc.base_document_id)
        return doc

    def _next_document_number(self, s: Session, scheme: SymbolScheme, year: int, series: str) -> tuple[int, str]:
        highest = s.exec(select(func.max(Document.number)).where(
            Document.body_id == self.body_id, Document.year == year, Document.series == series)).one() or 0
        number = highest + 1
        while self._symbol_taken(s, scheme.format(year, series, number)):
            number += 1
        return number, scheme.format(year, series, number)

    def _next_revision(self, s: Session, base: Document, kind: str) -> tuple[int, str]:
        highest = s.exec(select(func.max(Document.revision_number)).where(
            Document.base_document_id == base.id, Document.revision_kind == kind)).one() or 0
        number = highest + 1
        while self._symbol_taken(s, SymbolScheme.revision(base.symbol, kind, number)):
            number += 1
        return number, SymbolScheme.revision(base.symbol, kind, number)

    @staticmethod
    def _symbol_taken(s: Session, symbol: str, but: uuid.UUID | None = None) -> bool:
        query = select(Document.id).where(Document.symbol == symbol)
        if but is not None:
            query = query.where(Document.id != but)
        return s.exec(query).first() is not None

    # -- writing ------------------------------------------------------------------------------
    def add_document(self, meeting_id: uuid.UUID, data: DocumentData, *, save: bool = True) -> Outcome:
        """Add a document to the meeting's register; its symbol is generated unless given."""
        with self.store.session() as s:
            meeting = self._meeting(s, meeting_id)
            if meeting is None:
                return refusal(MEETING_GONE)
            doc = Document(body_id=self.body_id, meeting_id=meeting.id, symbol="", number=0,
                           year=meeting.start_date.year, title="")
            found = self._fill(s, doc, data, meeting, new=True)
            if not any(v.is_error for v in found) and data.kind == DocumentKind.AGENDA and doc.revision_kind is None:
                current = self.agenda_document(meeting.id)
                if current is not None:
                    found.append(Violation("", "", N_("Meeting {number} already has a provisional agenda ({symbol}); "
                                                      "a change is usually issued as a revision of it."),
                                           {"number": meeting.number, "symbol": current.symbol},
                                           severity="warning", field="kind"))
            outcome = Outcome(violations=found, record=doc)
            if save and outcome.ok:
                s.add(doc)
                outcome.saved = True
            return outcome

    def update_document(self, document_id: uuid.UUID, data: DocumentData, *, save: bool = True) -> Outcome:
        """Change a document's title, titles, languages, kind, distribution, date; its symbol only while it
        has not been sent to anyone. Series and revision follow the symbol."""
        with self.store.session() as s:
            doc = self._document(s, document_id)
            if doc is None:
                return refusal(DOCUMENT_GONE)
            meeting = s.get(Meeting, doc.meeting_id) if doc.meeting_id else None
            draft = Document.model_validate(doc.model_dump())
            found = self._fill(s, draft, data, meeting, new=False, current=doc)
            outcome = Outcome(violations=found, record=draft)
            if save and outcome.ok:
                for name in ("symbol", "series", "number", "year", "revision_kind", "revision_number",
                             "base_document_id", "title", "titles", "languages", "original_language",
                             "distribution", "issued_on", "kind"):
                    if getattr(doc, name) != getattr(draft, name):
                        setattr(doc, name, getattr(draft, name))
                s.add(doc)
                outcome.record, outcome.saved = doc, True
            return outcome

    def _fill(self, s: Session, doc: Document, data: DocumentData, meeting: Meeting | None, *, new: bool,
              current: Document | None = None) -> list[Violation]:
        """Check ``data`` and copy it onto ``doc`` (not yet added to the session)."""
        found: list[Violation] = []
        scheme = SymbolScheme.of(s.get(Body, self.body_id))
        title = clean(data.title)
        if not title:
            found.append(Violation("", "", N_("Enter the title of the document."), field="title"))
        if data.kind not in set(DocumentKind):
            found.append(Violation("", "", N_("Unknown kind of document: {kind}."), {"kind": data.kind}, field="kind"))
        languages = list(dict.fromkeys(data.languages or []))
        if not languages or any(lang not in LANGUAGES for lang in languages):
            found.append(Violation("", "", N_("Choose the document's languages among {languages}."),
                                   {"languages": list(LANGUAGES)}, field="languages"))
        elif data.original_language not in languages:
            found.append(Violation("", "", N_("The original language must be one of the document's languages."),
                                   field="original_language"))
        titles = {}
        for lang, text in (data.titles or {}).items():
            if lang not in LANGUAGES or lang == "en":
                found.append(Violation("", "", N_("{language} is not one of the languages of the United Nations "
                                                  "other than English."), {"language": lang}, field="titles"))
            elif clean(text):
                titles[lang] = clean(text)
        found += self._symbol(s, doc, data, scheme, meeting, new=new, current=current)
        distribution = data.distribution or ("limited" if doc.series == DocumentSeries.LIMITED else "general")
        if distribution not in DISTRIBUTIONS:
            found.append(Violation("", "", N_("Distribution is general or limited, not {distribution}."),
                                   {"distribution": distribution}, field="distribution"))
        elif doc.series == DocumentSeries.LIMITED and distribution != "limited":
            found.append(Violation("", "", N_("A document of the L. series has limited distribution."),
                                   field="distribution"))
        doc.title, doc.titles, doc.languages = title, titles, languages
        doc.original_language, doc.distribution, doc.issued_on = data.original_language, distribution, data.issued_on
        doc.kind = data.kind
        return found

    def _symbol(self, s: Session, doc: Document, data: DocumentData, scheme: SymbolScheme, meeting: Meeting | None,
                *, new: bool, current: Document | None) -> list[Violation]:
        """Set the symbol, series, number, year and revision of ``doc``; refusals if they cannot be."""
        given = clean(data.symbol)
        if not new and given == current.symbol:
            return []
        if not new and not given:
            return []  # an update without a symbol keeps it
        if not new and s.exec(select(DocumentDistribution.id).where(
                DocumentDistribution.document_id == current.id)).first() is not None:
            return [Violation("", "", N_("Document {symbol} has already been sent to members; its symbol cannot "
                                         "change. Issue a revision or a corrigendum instead."),
                              {"symbol": current.symbol}, field="symbol")]
        if data.series not in set(DocumentSeries):
            return [Violation("", "", N_("Unknown document series: {series}."), {"series": data.series},
                              field="series")]
        if given:
            parsed = scheme.parse(given)
            if parsed is None:
                return [Violation("", "", N_("The symbol {symbol} does not follow the scheme of this body, "
                                             "e.g. {example}."), {"symbol": given, "example": scheme.example()},
                                  field="symbol")]
            if self._symbol_taken(s, given, but=current.id if current else None):
                return [Violation("", "", N_("The symbol {symbol} is already used; a symbol names one document "
                                             "only, even after it is removed."), {"symbol": given}, field="symbol")]
            base = None
            if parsed.is_revision:
                base_symbol = given.rsplit("/", 1)[0]
                base = s.exec(select(Document).where(Document.symbol == base_symbol, Document.body_id == self.body_id,
                                                     Document.deleted_at.is_(None))).first()
                if base is None:
                    return [Violation("", "", N_("There is no document {symbol} for {revision} to revise."),
                                      {"symbol": base_symbol, "revision": given}, field="symbol")]
            doc.symbol, doc.series, doc.number, doc.year = given, parsed.series, parsed.number, parsed.year
            doc.revision_kind, doc.revision_number = parsed.revision_kind, parsed.revision_number
            doc.base_document_id = base.id if base is not None else None
            return []
        if data.revision_of is not None or data.revision_kind is not None:
            base = self._base(s, data.revision_of) if data.revision_of is not None else None
            if base is None:
                return [Violation("", "", N_("Choose the document this one revises, adds to or corrects."),
                                  field="revision_of")]
            if data.revision_kind not in REVISION_KINDS:
                return [Violation("", "", N_("Choose Rev., Add. or Corr. for a revision, an addendum or a "
                                             "corrigendum."), field="revision_kind")]
            number, symbol = self._next_revision(s, base, data.revision_kind)
            doc.symbol, doc.series, doc.number, doc.year = symbol, base.series, base.number, base.year
            doc.revision_kind, doc.revision_number, doc.base_document_id = data.revision_kind, number, base.id
            return []
        year = meeting.start_date.year if meeting is not None else doc.year
        number, symbol = self._next_document_number(s, scheme, year, data.series)
        doc.symbol, doc.series, doc.number, doc.year = symbol, data.series, number, year
        doc.revision_kind = doc.revision_number = doc.base_document_id = None
        return []

    def remove_document(self, document_id: uuid.UUID) -> Outcome:
        """Remove a document (a soft delete; its symbol stays used) and take it off the agenda items."""
        with self.store.session() as s:
            doc = self._document(s, document_id)
            if doc is None:
                return refusal(DOCUMENT_GONE)
            revisions = s.exec(select(Document.symbol).where(Document.base_document_id == doc.id,
                                                             Document.deleted_at.is_(None))).all()
            if revisions:
                return refusal(N_("Document {symbol} has revisions, addenda or corrigenda ({others}); remove them "
                                  "first."), {"symbol": doc.symbol, "others": sorted(revisions)})
            doc.deleted_at = utcnow()
            s.add(doc)
            for link in s.exec(select(AgendaItemDocument).where(AgendaItemDocument.document_id == doc.id)).all():
                s.delete(link)
            return Outcome(saved=True, record=doc)

    # -- R8: distribution ----------------------------------------------------------------------
    def record_distribution(self, document_id: uuid.UUID, *, sent_on: dt.date | None, channel: str = "email",
                            member_ids: list[uuid.UUID] | None = None, save: bool = True) -> Outcome:
        """Record that a document was sent (R8); ``member_ids=None`` means every member and associate member.
        Members already recorded are skipped, so recording twice adds nothing. The record is the list of
        new distribution rows."""
        with self.store.session() as s:
            doc = self._document(s, document_id)
            if doc is None:
                return refusal(DOCUMENT_GONE)
            found: list[Violation] = []
            if sent_on is None:
                found.append(Violation("", "", N_("Enter the date on which the document was sent."), field="sent_on"))
            elif doc.issued_on is not None and sent_on < doc.issued_on:
                found.append(Violation("", "", N_("Document {symbol} was issued on {issued}; it cannot be sent "
                                                  "before."), {"symbol": doc.symbol, "issued": doc.issued_on},
                                       field="sent_on"))
            channel = clean(channel)
            if not channel:
                found.append(Violation("", "", N_("Say how the document was sent (e-mail, post ...)."),
                                       field="channel"))
            members = {m.id: m for m in s.exec(select(MemberState)).all()}
            wanted = list(members) if member_ids is None else list(dict.fromkeys(member_ids))
            if any(m not in members for m in wanted):
                found.append(Violation("", "", N_("Choose members and associate members of the Commission."),
                                       field="members"))
            done = set(s.exec(select(DocumentDistribution.member_id).where(
                DocumentDistribution.document_id == doc.id)).all())
            rows = [DocumentDistribution(document_id=doc.id, member_id=m, sent_on=sent_on, channel=channel)
                    for m in wanted if m in members and m not in done]
            outcome = Outcome(violations=found, record=rows)
            if save and outcome.ok:
                s.add_all(rows)
                outcome.saved = True
            return outcome

    def distribution(self, document_id: uuid.UUID) -> DistributionState:
        """Who has been sent the document, and who not yet (R8), by name."""
        with self.store.session() as s:
            doc = self._document(s, document_id)
            if doc is None:
                raise UserError(DOCUMENT_GONE)
            members = {m.id: MemberRef(m.id, m.name_en, m.iso2, m.is_associate)
                       for m in s.exec(select(MemberState)).all()}
            sent_rows = s.exec(select(DocumentDistribution).where(DocumentDistribution.document_id == doc.id)).all()
        sent = sorted((SentTo(members[r.member_id], r.sent_on, r.channel) for r in sent_rows if r.member_id in members),
                      key=lambda x: x.member.name.casefold())
        done = {r.member_id for r in sent_rows}
        pending = sorted((m for i, m in members.items() if i not in done), key=lambda m: m.name.casefold())
        return DistributionState(doc.id, doc.symbol, sent, pending)


def _label_key(label: str) -> tuple[int, str]:
    number, _, rest = label.partition(" ")
    return int(number), rest
