"""The list of participants of a meeting, an information document (INF series).

Grouped as UN lists are: members, then associate members (each by name, its
nominated experts and its representatives designated for a topic, R2), then
observers by organisation (R12), then the secretariat. Each participant on one
line (honorific and name) followed by their post or organization. For a meeting
already held, those recorded as absent are left out.

The symbol is that of the meeting's document of kind ``participants``; when the
meeting has none, the next free ``INF/`` number of the body in the meeting's
year is shown and a warning recorded (``fallbacks``), so that the secretariat
registers the document.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from sqlmodel import select

from tegdesk.core.documents.meeting_data import Fallback, MeetingData
from tegdesk.core.documents.roster_labels import person_name
from tegdesk.core.documents.text import one_line
from tegdesk.core.documents.agenda_pdf import masthead_for
from tegdesk.core.documents.un import Block, UNDocument, render_pdf
from tegdesk.core.i18n import N_, Translator
from tegdesk.core.models import (
    Document,
    DocumentKind,
    DocumentSeries,
    Expert,
    MeetingStatus,
    MembershipStatus,
    MemberState,
    Organisation,
    Participant,
    ParticipantRole,
)

__all__ = ["ParticipantLine", "build_participants_pdf", "participant_lines", "participants_document"]

LIST_OF_PARTICIPANTS = N_("List of participants")
MEMBERS = N_("Members")
ASSOCIATE_MEMBERS = N_("Associate members")
OBSERVERS = N_("Observers")
SECRETARIAT = N_("Secretariat")
REPRESENTATIVE_FOR = N_("Representative designated for: {topic}")
NO_PARTICIPANTS = N_("No participant is registered yet.")
OTHER_ORGANIZATION = N_("Other organizations")


@dataclass(frozen=True)
class ParticipantLine:
    """One participant as the list shows them, grouped by ``group`` (a member's or organisation's name)."""

    section: str  # "members", "associates", "observers", "secretariat"
    group: str
    name: str
    details: str  # post, organization, topic (may hold line breaks)
    #: the group's place in the list: members by their English short names in every language (the order of
    #: the original, which the language versions keep)
    order: str = ""


_SECTIONS = {"members": MEMBERS, "associates": ASSOCIATE_MEMBERS, "observers": OBSERVERS,
             "secretariat": SECRETARIAT}


def participant_lines(store: Any, data: MeetingData) -> list[ParticipantLine]:
    """The meeting's participants in list order, with member names in the data's language."""
    tr = data.tr
    with store.session() as s:
        meeting_held = _held(s, data.meeting_id)
        people = s.exec(select(Participant).where(Participant.meeting_id == data.meeting_id,
                                                  Participant.deleted_at.is_(None))).all()  # type: ignore[union-attr]
        experts = _by_id(s, Expert, {p.expert_id for p in people if p.expert_id})
        members = _by_id(s, MemberState, {p.member_id for p in people if p.member_id})
        orgs = _by_id(s, Organisation, {p.organisation_id for p in people if p.organisation_id})
        out: list[ParticipantLine] = []
        for p in people:
            if meeting_held and p.attended is False:
                continue
            out.append(_line(tr, p, experts.get(p.expert_id), members.get(p.member_id), orgs.get(p.organisation_id)))
    rank = {key: i for i, key in enumerate(_SECTIONS)}
    return sorted(out, key=lambda x: (rank[x.section], (x.order or x.group).casefold(), x.group,
                                      x.name.casefold() if x.section != "secretariat" else ""))


def _held(s: Any, meeting_id: uuid.UUID) -> bool:
    from tegdesk.core.models import Meeting

    meeting = s.get(Meeting, meeting_id)
    return meeting is not None and meeting.status == MeetingStatus.HELD


def _by_id(s: Any, model: Any, ids: set[uuid.UUID]) -> dict[uuid.UUID, Any]:
    if not ids:
        return {}
    return {row.id: row for row in s.exec(select(model).where(model.id.in_(ids))).all()}


def _line(tr: Translator, p: Participant, expert: Expert | None, member: MemberState | None,
          org: Organisation | None) -> ParticipantLine:
    person = expert if expert is not None else p
    name = person_name(SimpleNamespace(family_name=person.family_name or "", given_names=person.given_names or "",
                                       honorific=person.honorific or ""))
    organization = one_line(p.affiliation) or (one_line(expert.organization) if expert else "")
    first = ", ".join(x for x in ((one_line(expert.title) if expert else ""), organization) if x)
    details = [first] if first else []
    if p.role == ParticipantRole.THEMATIC_REPRESENTATIVE and p.topic:
        details.append(tr.gettext(REPRESENTATIVE_FOR, topic=one_line(p.topic)))
    detail_text = "\n".join(details)
    if p.role == ParticipantRole.SECRETARIAT:
        return ParticipantLine("secretariat", "", name, detail_text)
    if p.role == ParticipantRole.OBSERVER:
        group = one_line(org.name) if org is not None else tr.gettext(OTHER_ORGANIZATION)
        return ParticipantLine("observers", group, name, detail_text)
    if member is None:
        return ParticipantLine("observers", tr.gettext(OTHER_ORGANIZATION), name, detail_text)
    group = member.name_en if tr.lang == "en" else tr.territory(member.iso2)
    section = "associates" if member.status == MembershipStatus.ASSOCIATE else "members"
    return ParticipantLine(section, group, name, detail_text, order=member.name_en)


def participants_symbol(store: Any, data: MeetingData) -> tuple[str, str, dt.date | None]:
    """(symbol, original language, issue date) of the list; the next free INF number (recorded) when none."""
    doc = data.document(DocumentKind.PARTICIPANTS)
    if doc is not None:
        return doc.symbol, doc.original_language, doc.issued_on
    year = data.start.year
    with store.session() as s:
        used = s.exec(select(Document.number).where(Document.body_id == data.body_id, Document.year == year,
                                                    Document.series == DocumentSeries.INFORMATION)).all()
    symbol = data.symbol_pattern.format(prefix=data.symbol_prefix, year=year, series=DocumentSeries.INFORMATION.value,
                                        number=max(used, default=0) + 1)
    data.fallbacks.append(Fallback("participants_symbol", data.lang, symbol=symbol))
    return symbol, "en", None


def participants_document(data: MeetingData, lines: Iterable[ParticipantLine], *, symbol: str,
                          original_language: str = "en", issued: dt.date | None = None) -> UNDocument:
    """The list of participants in the data's language."""
    tr = data.tr
    title = tr.gettext(LIST_OF_PARTICIPANTS)
    head = masthead_for(data, symbol, "general", original_language, issued or dt.date.today())
    blocks: list[Block] = [Block("title", title, outline=title)]
    section = group = None
    lines = list(lines)
    if not lines:
        blocks.append(Block("para", tr.gettext(NO_PARTICIPANTS)))
    for line in lines:
        if line.section != section:
            section, group = line.section, None
            label = tr.gettext(_SECTIONS[section])
            blocks.append(Block("heading", label, level=2, outline=label))
        if line.group and line.group != group:
            group = line.group
            blocks.append(Block("heading", group, level=3, outline=group))
        text = f"{line.name}\n{line.details}" if line.details else line.name
        blocks.append(Block("entry", text))
    return UNDocument(tr=tr, title=title, blocks=blocks, masthead=head, subject=data.title, running=symbol)


def build_participants_pdf(store: Any, data: MeetingData, *, issued: dt.date | None = None) -> bytes:
    """The list of participants as PDF bytes."""
    symbol, original, issued_on = participants_symbol(store, data)
    return render_pdf(participants_document(data, participant_lines(store, data), symbol=symbol,
                                            original_language=original, issued=issued_on or issued))
