"""The provisional agenda of a meeting, and its annotated version, as UN documents.

The provisional agenda (DOMAIN.md, "Documents the secretariat produces"): the
masthead with the agenda's symbol (an ``L.`` document, hence "Distr.: Limited"),
the body, the meeting, its place and dates, the title "Provisional agenda" and
the numbered items, sub-items lettered (a), (b) and indented one step further.

The annotated provisional agenda repeats the list, then under "Annotations"
each item with its annotation and a "Documentation" list: the title and symbol
of each document before the meeting under that item. Its symbol is that of a
document of kind ``annotated_agenda`` when the meeting has one, else the
agenda's symbol with ``/Add.1`` (the UN issues it as an addendum).
"""

from __future__ import annotations

import datetime as dt

from tegdesk.core.documents.meeting_data import Fallback, ItemData, MeetingData
from tegdesk.core.documents.notice_templates import paragraphs
from tegdesk.core.documents.un import Block, Masthead, UNDocument, render_pdf
from tegdesk.core.i18n import N_
from tegdesk.core.models import DocumentKind

__all__ = ["agenda_document", "agenda_symbol", "build_agenda_pdf", "masthead_for"]

PROVISIONAL_AGENDA = N_("Provisional agenda")
ANNOTATED_AGENDA = N_("Annotated provisional agenda")
ANNOTATIONS = N_("Annotations")
DOCUMENTATION = N_("Documentation")
#: a document in a documentation list: "Provisional agenda (ESCAP/CED/2022/L.1)"
DOCUMENT_ENTRY = N_("{title} ({symbol})")
NO_ITEMS = N_("No item is on the agenda yet.")


def agenda_symbol(data: MeetingData, *, annotated: bool = False) -> tuple[str, str, str, dt.date | None]:
    """(symbol, distribution, original language, issue date) of the agenda or its annotated version."""
    agenda = data.document(DocumentKind.AGENDA)
    if annotated:
        own = data.document(DocumentKind.ANNOTATED_AGENDA)
        if own is not None:
            return own.symbol, own.distribution, own.original_language, own.issued_on
        if agenda is not None:
            return f"{agenda.symbol}/Add.1", agenda.distribution, agenda.original_language, None
    if agenda is not None:
        return agenda.symbol, agenda.distribution, agenda.original_language, agenda.issued_on
    data.fallbacks.append(Fallback("agenda_symbol", data.lang))
    return "", "general", "en", None


def masthead_for(data: MeetingData, symbol: str, distribution: str, original: str, date: dt.date) -> Masthead:
    """The masthead of a meeting document: the body (bold), the meeting, its place and dates."""
    return Masthead(symbol=symbol, date=date, distribution=distribution, original_language=original,
                    organ=data.organ, lines=[data.body_name, data.session, data.place_dates])


def _item_blocks(item: ItemData, *, bold: bool = False, outline: bool = False) -> list[Block]:
    label = f"{item.label}." if item.depth == 0 else item.label
    return [Block("item", item.title, label=label, level=item.depth, bold=bold,
                  outline=f"{item.number}. {item.title}" if outline else None)]


def agenda_document(data: MeetingData, *, annotated: bool = False, issued: dt.date | None = None) -> UNDocument:
    """The provisional agenda (or the annotated one) of the meeting ``data`` describes, in its language."""
    tr = data.tr
    symbol, distribution, original, issued_on = agenda_symbol(data, annotated=annotated)
    date = issued_on or issued or dt.date.today()
    title = tr.gettext(ANNOTATED_AGENDA if annotated else PROVISIONAL_AGENDA)
    blocks: list[Block] = [Block("title", title, outline=title)]
    if not data.items:
        blocks.append(Block("para", tr.gettext(NO_ITEMS)))
    if annotated and data.items:
        blocks.append(Block("heading", tr.gettext(PROVISIONAL_AGENDA), level=2))
    for item in data.items:
        blocks += _item_blocks(item)
        for sub in item.children:
            blocks += _item_blocks(sub)
    if annotated and data.items:
        blocks.append(Block("heading", tr.gettext(ANNOTATIONS), level=2, outline=tr.gettext(ANNOTATIONS)))
        for item in data.items:
            blocks += _annotation(data, item)
            for sub in item.children:
                blocks += _annotation(data, sub)
    return UNDocument(tr=tr, title=title, blocks=blocks, masthead=masthead_for(data, symbol, distribution,
                                                                               original, date),
                      subject=data.title, running=symbol)


def _annotation(data: MeetingData, item: ItemData) -> list[Block]:
    tr = data.tr
    blocks = _item_blocks(item, bold=True, outline=True)
    blocks += [Block("para", text) for text in paragraphs(item.annotation)]
    if item.documents:
        blocks.append(Block("caption", tr.gettext(DOCUMENTATION)))
        blocks += [Block("entry", tr.gettext(DOCUMENT_ENTRY, title=d.title, symbol=d.symbol), level=1)
                   for d in item.documents]
    return blocks


def build_agenda_pdf(data: MeetingData, *, annotated: bool = False, issued: dt.date | None = None) -> bytes:
    """The agenda as PDF bytes."""
    return render_pdf(agenda_document(data, annotated=annotated, issued=issued))
