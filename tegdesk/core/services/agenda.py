"""The provisional agenda of a meeting: its items, sub-items and documents.

Numbers and letters are *derived* from the order, never stored: top-level
items are numbered 1, 2, 3 ...; sub-items are lettered (a), (b) ... under their
item. The database keeps only ``position`` (1, 2, 3 ... among siblings) and
``parent_id``; every change renumbers the siblings it touched. An agenda has two
levels: a sub-item cannot have sub-items.

Readings the issue leaves open:

- :meth:`AgendaMixin.add_item` with no ``after_id`` puts a *substantive* item
  after the last substantive item (before "Other matters", "Adoption of the
  report" and "Closing"), any other kind of item at the end, and a sub-item at
  the end of its item.
- :meth:`AgendaMixin.outdent` works as in an outline (or a word processor): the
  item becomes the top-level item that follows its parent, and the sub-items
  that came after it become its own sub-items, so the reading order never
  changes. :meth:`AgendaMixin.indent` makes an item the last sub-item of the
  item above it.
- Removing an item (a soft delete) removes its sub-items; its document links
  stay in the database but are no longer shown.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from babel.lists import format_list
from sqlmodel import Session, select

from tegdesk.core import meeting_rules
from tegdesk.core.i18n import N_, translator
from tegdesk.core.models import (
    AgendaItem,
    AgendaItemDocument,
    AgendaItemKind,
    Body,
    Document,
    DocumentKind,
    Meeting,
    OfficeHolding,
    TorVersion,
    utcnow,
)
from tegdesk.core.rules import OFFICE_NAMES, Violation
from tegdesk.core.services.meeting_base import (
    ITEM_GONE,
    MEETING_GONE,
    MeetingServiceBase,
    clean,
    clean_translations,
    document_sort_key,
    refusal,
)
from tegdesk.core.services.roster import Outcome

#: The kinds that close an agenda: a new substantive item goes before them.
CLOSING_KINDS = (AgendaItemKind.OTHER_MATTERS, AgendaItemKind.ADOPTION_OF_REPORT, AgendaItemKind.CLOSING)

TITLE_REQUIRED = N_("Enter the title of the agenda item.")
NO_THIRD_LEVEL = N_("An agenda has two levels: a sub-item cannot have sub-items of its own.")

# The usual items (English source text, translated into the meeting's other languages where the catalog can).
OPENING = N_("Opening of the meeting")
OPENING_STATEMENTS = N_("Opening statements")
OPENING_NOTE = N_("The meeting will be opened by a representative of the secretariat.")
ELECTION = N_("Election of officers")
ELECTION_NOTE = N_("In accordance with its terms of reference, the {body} will elect its {offices} from among its "
                   "members, for a term of {years} years.")
ADOPTION = N_("Adoption of the agenda")
ADOPTION_NOTE = N_("The {body} may wish to adopt its provisional agenda.")
ADOPTION_NOTE_SYMBOL = N_("The {body} may wish to adopt its provisional agenda, as contained in document {symbol}.")
OTHER_MATTERS = N_("Other matters")
OTHER_MATTERS_NOTE = N_("The {body} may wish to consider other matters brought to its attention.")
REPORT = N_("Adoption of the report")
REPORT_NOTE = N_("The {body} may wish to adopt the report of the meeting.")


def letters(n: int) -> str:
    """1 → a, 26 → z, 27 → aa (spreadsheet style)."""
    out = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


@dataclass
class DocumentRef:
    """A document before the meeting under an agenda item."""

    id: uuid.UUID
    symbol: str
    title: str
    titles: dict[str, str] = field(default_factory=dict)


@dataclass
class AgendaNode:
    """An agenda item as shown: its derived label ("1", "(a)") and its place in the tree."""

    id: uuid.UUID
    parent_id: uuid.UUID | None
    label: str  # "3" for an item, "(b)" for a sub-item
    number: int  # the top-level number, for sub-items too
    kind: str
    title: str
    annotation: str
    translations: dict[str, dict[str, str]]
    documents: list[DocumentRef] = field(default_factory=list)
    children: list[AgendaNode] = field(default_factory=list)
    row: int = 0  # 0-based place among its siblings

    @property
    def full_label(self) -> str:
        """"3" or "1 (b)": how the item is cited ("item 1 (b) of the provisional agenda")."""
        return self.label if self.parent_id is None else f"{self.number} {self.label}"

    def text(self, lang: str, name: str) -> str:
        """``title`` or ``annotation`` in ``lang``, falling back on English."""
        return self.translations.get(lang, {}).get(name) or getattr(self, name)


def flatten(nodes: list[AgendaNode]) -> list[AgendaNode]:
    """Items and sub-items in reading order."""
    out = []
    for node in nodes:
        out.append(node)
        out.extend(node.children)
    return out


class _Outline:
    """The live items of one meeting as an ordered two-level tree, edited in memory and written back."""

    def __init__(self, items: list[AgendaItem]):
        self.by_id = {i.id: i for i in items}
        self.children: dict[uuid.UUID | None, list[AgendaItem]] = defaultdict(list)
        for item in sorted(items, key=lambda i: (i.position, i.created_at)):
            parent = item.parent_id if item.parent_id in self.by_id else None
            if parent is not None and self.by_id[parent].parent_id is not None:
                parent = None  # never shown deeper than two levels
            self.children[parent].append(item)

    def parent(self, item: AgendaItem) -> uuid.UUID | None:
        return next(p for p, kids in self.children.items() if item in kids)

    def siblings(self, item: AgendaItem) -> list[AgendaItem]:
        return self.children[self.parent(item)]

    def take(self, item: AgendaItem) -> None:
        self.siblings(item).remove(item)

    def put(self, item: AgendaItem, parent_id: uuid.UUID | None, row: int) -> None:
        kids = self.children[parent_id]
        kids.insert(max(0, min(row, len(kids))), item)

    def label(self, item: AgendaItem) -> str:
        parent = self.parent(item)
        row = self.children[parent].index(item) + 1
        return str(row) if parent is None else f"{self.children[None].index(self.by_id[parent]) + 1} ({letters(row)})"

    def write(self, s: Session) -> None:
        """Store positions 1, 2, 3 ... and parents; only rows that changed are written."""
        for parent, kids in self.children.items():
            for position, item in enumerate(kids, start=1):
                if item.position != position or item.parent_id != parent:
                    item.position, item.parent_id = position, parent
                    s.add(item)


class AgendaMixin(MeetingServiceBase):
    """The agenda part of the meeting service."""

    # -- reading -----------------------------------------------------------------------
    def agenda(self, meeting_id: uuid.UUID) -> list[AgendaNode]:
        """The meeting's agenda as a tree, in order, with labels and documents."""
        with self.store.session() as s:
            outline = _Outline(self._live_items(s, meeting_id))
            docs = self._item_documents(s, list(outline.by_id))
        nodes = []
        for number, item in enumerate(outline.children[None], start=1):
            node = self._node(item, str(number), number, docs, number - 1)
            for row, sub in enumerate(outline.children.get(item.id, []), start=1):
                node.children.append(self._node(sub, f"({letters(row)})", number, docs, row - 1))
            nodes.append(node)
        return nodes

    @staticmethod
    def _node(item: AgendaItem, label: str, number: int, docs: dict[uuid.UUID, list[DocumentRef]],
              row: int) -> AgendaNode:
        return AgendaNode(item.id, item.parent_id, label, number, item.kind, item.title, item.annotation,
                          dict(item.translations or {}), list(docs.get(item.id, [])), row=row)

    @staticmethod
    def _live_items(s: Session, meeting_id: uuid.UUID) -> list[AgendaItem]:
        return list(s.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id,
                                                    AgendaItem.deleted_at.is_(None))).all())

    @staticmethod
    def _item_documents(s: Session, item_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[DocumentRef]]:
        out: dict[uuid.UUID, list[tuple]] = defaultdict(list)
        if not item_ids:
            return {}
        rows = s.exec(select(AgendaItemDocument.agenda_item_id, Document)
                      .join(Document, Document.id == AgendaItemDocument.document_id)
                      .where(AgendaItemDocument.agenda_item_id.in_(item_ids), Document.deleted_at.is_(None))).all()
        for item_id, doc in rows:
            out[item_id].append((document_sort_key(doc), DocumentRef(doc.id, doc.symbol, doc.title,
                                                                     dict(doc.titles or {}))))
        return {k: [ref for _key, ref in sorted(v, key=lambda p: p[0])] for k, v in out.items()}

    # -- the usual items -----------------------------------------------------------------
    def start_agenda(self, meeting_id: uuid.UUID) -> Outcome:
        """Fill an empty agenda with the usual items: opening (with the election of officers when due),
        adoption of the agenda, other matters, adoption of the report. Substantive items are added after."""
        with self.store.session() as s:
            meeting = self._meeting(s, meeting_id)
            if meeting is None:
                return refusal(MEETING_GONE)
            if self._live_items(s, meeting.id):
                return refusal(N_("The agenda of meeting {number} already has items; the usual items are added "
                                  "only to an empty agenda."), {"number": meeting.number}, field="agenda")
            body = s.get(Body, self.body_id)
            due, tor = self._election_due(s, meeting)
            agenda_doc = s.exec(select(Document).where(Document.meeting_id == meeting.id,
                                                       Document.kind == DocumentKind.AGENDA,
                                                       Document.base_document_id.is_(None),
                                                       Document.deleted_at.is_(None))).first()
            texts = _UsualTexts(body, meeting, tor, agenda_doc.symbol if agenda_doc else None)
            plan: list[tuple[str, str, str, list[tuple[str, str, str]]]] = [
                (AgendaItemKind.OPENING, OPENING, "",
                 [(AgendaItemKind.OPENING, OPENING_STATEMENTS, OPENING_NOTE)]
                 + ([(AgendaItemKind.ELECTION, ELECTION, ELECTION_NOTE)] if due else [])),
                (AgendaItemKind.ADOPTION_OF_AGENDA, ADOPTION, ADOPTION_NOTE_SYMBOL if agenda_doc else ADOPTION_NOTE,
                 []),
                (AgendaItemKind.OTHER_MATTERS, OTHER_MATTERS, OTHER_MATTERS_NOTE, []),
                (AgendaItemKind.ADOPTION_OF_REPORT, REPORT, REPORT_NOTE, []),
            ]
            created = []
            for position, (kind, title, note, subs) in enumerate(plan, start=1):
                item = texts.item(kind, title, note, position=position)
                created.append(item)
                for sub_position, (sub_kind, sub_title, sub_note) in enumerate(subs, start=1):
                    created.append(texts.item(sub_kind, sub_title, sub_note, position=sub_position,
                                              parent_id=item.id))
            for item in created:
                s.add(item)
            s.flush()
            if agenda_doc is not None:
                adoption = next(i for i in created if i.kind == AgendaItemKind.ADOPTION_OF_AGENDA)
                s.add(AgendaItemDocument(agenda_item_id=adoption.id, document_id=agenda_doc.id))
            return Outcome(saved=True, record=created)

    def _election_due(self, s: Session, meeting: Meeting) -> tuple[bool, TorVersion | None]:
        meetings = self._meeting_facts(s)
        tors = s.exec(select(TorVersion).where(TorVersion.body_id == self.body_id)).all()
        offices = s.exec(select(OfficeHolding).where(OfficeHolding.body_id == self.body_id,
                                                     OfficeHolding.deleted_at.is_(None))).all()
        tor = meeting_rules.tor_on(tors, meeting.start_date)
        facts = meeting_rules.MeetingFacts(meeting.number, meeting.start_date, meeting.end_date, meeting.status)
        first = meeting_rules.first_meeting([m for m in meetings if m.number != meeting.number] + [facts])
        is_first = first is not None and first.number == meeting.number
        return meeting_rules.election_due(facts, is_first=is_first, offices=offices, tor=tor, first=first), tor

    def _meeting_facts(self, s: Session) -> list[meeting_rules.MeetingFacts]:
        rows = s.exec(select(Meeting).where(Meeting.body_id == self.body_id, Meeting.deleted_at.is_(None))).all()
        return [meeting_rules.MeetingFacts(m.number, m.start_date, m.end_date, m.status, m.nominations_called_on)
                for m in rows]

    # -- adding and editing ----------------------------------------------------------------
    def add_item(self, meeting_id: uuid.UUID, title: str, *, parent_id: uuid.UUID | None = None,
                 after_id: uuid.UUID | None = None, kind: str = AgendaItemKind.SUBSTANTIVE,
                 annotation: str = "", translations: dict[str, dict[str, str]] | None = None,
                 save: bool = True) -> Outcome:
        """Add an item (or, with ``parent_id``, a sub-item); ``after_id`` places it after a sibling.
        The outcome's record is the new item."""
        title = clean(title)
        with self.store.session() as s:
            meeting = self._meeting(s, meeting_id)
            if meeting is None:
                return refusal(MEETING_GONE)
            outline = _Outline(self._live_items(s, meeting.id))
            found: list[Violation] = []
            if not title:
                found.append(Violation("", "", TITLE_REQUIRED, field="title"))
            if kind not in set(AgendaItemKind):
                found.append(Violation("", "", N_("Unknown kind of agenda item: {kind}."), {"kind": kind},
                                       field="kind"))
            texts = clean_translations(translations, ("title", "annotation"), found)
            after = outline.by_id.get(after_id) if after_id is not None else None
            if after_id is not None and after is None:
                return refusal(ITEM_GONE, field="after")
            if parent_id is None and after is not None:
                parent_id = outline.parent(after)
            parent = outline.by_id.get(parent_id) if parent_id is not None else None
            if parent_id is not None and parent is None:
                return refusal(ITEM_GONE, field="parent")
            if parent is not None and outline.parent(parent) is not None:
                found.append(Violation("", "", NO_THIRD_LEVEL, field="parent"))
            if after is not None and outline.parent(after) != parent_id:
                found.append(Violation("", "", N_("The item to add after is not under the same item."),
                                       field="after"))
            item = AgendaItem(meeting_id=meeting.id, parent_id=parent_id, position=0, kind=kind, title=title,
                              annotation=clean(annotation), translations=texts)
            outcome = Outcome(violations=found, record=item)
            if not outcome.ok or not save:
                return outcome
            kids = outline.children[parent_id]
            if after is not None:
                row = kids.index(after) + 1
            elif parent_id is None and kind == AgendaItemKind.SUBSTANTIVE:
                closing = [i for i, k in enumerate(kids) if k.kind in CLOSING_KINDS]
                row = closing[0] if closing else len(kids)
            else:
                row = len(kids)
            s.add(item)
            outline.by_id[item.id] = item
            outline.put(item, parent_id, row)
            outline.write(s)
            outcome.saved = True
            return outcome

    def update_item(self, item_id: uuid.UUID, *, title: str | None = None, annotation: str | None = None,
                    translations: dict[str, dict[str, str]] | None = None, kind: str | None = None,
                    save: bool = True) -> Outcome:
        """Change an item's texts or kind; what is None stays as it is (``translations`` replaces them all)."""
        with self.store.session() as s:
            item = self._item(s, item_id)
            if item is None:
                return refusal(ITEM_GONE)
            found: list[Violation] = []
            if title is not None and not clean(title):
                found.append(Violation("", "", TITLE_REQUIRED, field="title"))
            if kind is not None and kind not in set(AgendaItemKind):
                found.append(Violation("", "", N_("Unknown kind of agenda item: {kind}."), {"kind": kind},
                                       field="kind"))
            texts = clean_translations(translations, ("title", "annotation"), found) \
                if translations is not None else None
            outcome = Outcome(violations=found, record=item)
            if outcome.ok and save:
                if title is not None:
                    item.title = clean(title)
                if annotation is not None:
                    item.annotation = clean(annotation)
                if texts is not None:
                    item.translations = texts
                if kind is not None:
                    item.kind = kind
                s.add(item)
                outcome.saved = True
            return outcome

    def _reshape(self, item_id: uuid.UUID, change: Callable[[Session, _Outline, AgendaItem], Outcome | None]
                 ) -> Outcome:
        """One structural edit in one unit of work: load the item's outline, apply ``change`` (which returns a
        refusal, or None once it has edited the outline), renumber and write."""
        with self.store.session() as s:
            item = self._item(s, item_id)
            if item is None:
                return refusal(ITEM_GONE)
            outline = _Outline(self._live_items(s, item.meeting_id))
            problem = change(s, outline, item)
            if problem is not None:
                return problem
            outline.write(s)
            return Outcome(saved=True, record=item)

    def remove_item(self, item_id: uuid.UUID) -> Outcome:
        """Remove an item and its sub-items (a soft delete); the items after it move up."""
        def change(s: Session, outline: _Outline, item: AgendaItem) -> None:
            now = utcnow()
            for gone in [item] + outline.children.get(item.id, []):
                gone.deleted_at = now
                s.add(gone)
            outline.take(item)
            outline.children.pop(item.id, None)
        return self._reshape(item_id, change)

    # -- moving --------------------------------------------------------------------------
    def move_item(self, item_id: uuid.UUID, *, parent_id: uuid.UUID | None, row: int) -> Outcome:
        """Put an item under ``parent_id`` (None: the top level) at ``row`` (0-based among its new
        siblings, the item itself not counted; clamped). Used by drag and drop."""
        def change(_s: Session, outline: _Outline, item: AgendaItem) -> Outcome | None:
            problem = self._check_move(outline, item, parent_id)
            if problem is None:
                outline.take(item)
                outline.put(item, parent_id, row)
            return problem
        return self._reshape(item_id, change)

    @staticmethod
    def _check_move(outline: _Outline, item: AgendaItem, parent_id: uuid.UUID | None) -> Outcome | None:
        if parent_id is None:
            return None
        if parent_id == item.id:
            return refusal(N_("An item cannot be moved under itself."), field="parent")
        parent = outline.by_id.get(parent_id)
        if parent is None:
            return refusal(ITEM_GONE, field="parent")
        if outline.parent(parent) is not None:
            return refusal(NO_THIRD_LEVEL, field="parent")
        if outline.children.get(item.id):
            return refusal(N_("Item {label} has sub-items, so it cannot become a sub-item itself; move its "
                              "sub-items first."), {"label": outline.label(item)}, field="parent")
        return None

    def move_up(self, item_id: uuid.UUID) -> Outcome:
        return self._step(item_id, -1)

    def move_down(self, item_id: uuid.UUID) -> Outcome:
        return self._step(item_id, +1)

    def _step(self, item_id: uuid.UUID, step: int) -> Outcome:
        def change(_s: Session, outline: _Outline, item: AgendaItem) -> Outcome | None:
            kids = outline.siblings(item)
            row = kids.index(item) + step
            if not 0 <= row < len(kids):
                message = N_("Item {label} is already the first at its level.") if step < 0 else \
                    N_("Item {label} is already the last at its level.")
                return refusal(message, {"label": outline.label(item)})
            kids.remove(item)
            kids.insert(row, item)
            return None
        return self._reshape(item_id, change)

    def indent(self, item_id: uuid.UUID) -> Outcome:
        """Make an item the last sub-item of the item above it."""
        def change(_s: Session, outline: _Outline, item: AgendaItem) -> Outcome | None:
            if outline.parent(item) is not None:
                return refusal(NO_THIRD_LEVEL)
            kids = outline.children[None]
            row = kids.index(item)
            if row == 0:
                return refusal(N_("The first item has no item above it to become a sub-item of."))
            above = kids[row - 1]
            problem = self._check_move(outline, item, above.id)
            if problem is None:
                outline.take(item)
                outline.put(item, above.id, len(outline.children[above.id]))
            return problem
        return self._reshape(item_id, change)

    def outdent(self, item_id: uuid.UUID) -> Outcome:
        """Make a sub-item the item after its parent; the sub-items below it become its sub-items."""
        def change(_s: Session, outline: _Outline, item: AgendaItem) -> Outcome | None:
            parent_id = outline.parent(item)
            if parent_id is None:
                return refusal(N_("Item {label} is already at the top level."), {"label": outline.label(item)})
            kids = outline.children[parent_id]
            row = kids.index(item)
            below = kids[row + 1:]
            del kids[row:]
            outline.children[item.id] = below
            top = outline.children[None]
            top.insert(top.index(outline.by_id[parent_id]) + 1, item)
            return None
        return self._reshape(item_id, change)

    # -- documents under an item --------------------------------------------------------------
    def attach_document(self, item_id: uuid.UUID, document_id: uuid.UUID) -> Outcome:
        """List a document of the body under an agenda item (the documents before the meeting)."""
        with self.store.session() as s:
            item = self._item(s, item_id)
            doc = self._document(s, document_id)
            if item is None:
                return refusal(ITEM_GONE)
            if doc is None:
                return refusal(N_("That document no longer exists."), field="document")
            if self._link(s, item.id, doc.id) is not None:
                return refusal(N_("Document {symbol} is already listed under this item."), {"symbol": doc.symbol},
                               field="document")
            link = AgendaItemDocument(agenda_item_id=item.id, document_id=doc.id)
            s.add(link)
            return Outcome(saved=True, record=link)

    def detach_document(self, item_id: uuid.UUID, document_id: uuid.UUID) -> Outcome:
        with self.store.session() as s:
            link = self._link(s, item_id, document_id)
            if link is None:
                return refusal(N_("That document is not listed under this item."), field="document")
            s.delete(link)
            return Outcome(saved=True, record=link)

    @staticmethod
    def _link(s: Session, item_id: uuid.UUID, document_id: uuid.UUID) -> AgendaItemDocument | None:
        return s.exec(select(AgendaItemDocument).where(AgendaItemDocument.agenda_item_id == item_id,
                                                       AgendaItemDocument.document_id == document_id)).first()


class _UsualTexts:
    """The usual items' texts in English and, where the catalog has them, the meeting's other languages."""

    def __init__(self, body: Body, meeting: Meeting, tor: TorVersion | None, agenda_symbol: str | None):
        self.body, self.meeting, self.tor, self.symbol = body, meeting, tor, agenda_symbol

    def _render(self, lang: str, template: str) -> str | None:
        tr = translator(lang)
        if not template:
            return ""
        if lang != "en" and tr.gettext(template) == template:
            return None  # not translated yet: keep English only
        offices = self.tor.bureau_offices if self.tor else ["chair", "vice_chair"]
        names = [tr.gettext(OFFICE_NAMES.get(o, o)) for o in offices]
        body_name = self.body.name_en if lang == "en" else (self.body.names or {}).get(lang) or self.body.name_en
        return tr.gettext(template, body=body_name, offices=format_list(names, locale=tr.locale),
                          years=tr.number(self.tor.office_term_years if self.tor else 3), symbol=self.symbol or "")

    def item(self, kind: str, title: str, note: str, *, position: int,
             parent_id: uuid.UUID | None = None) -> AgendaItem:
        translations = {}
        for lang in self.meeting.languages or []:
            if lang == "en":
                continue
            texts = {"title": self._render(lang, title), "annotation": self._render(lang, note)}
            texts = {k: v for k, v in texts.items() if v}
            if texts:
                translations[lang] = texts
        return AgendaItem(meeting_id=self.meeting.id, parent_id=parent_id, position=position, kind=kind,
                          title=self._render("en", title), annotation=self._render("en", note),
                          translations=translations)
