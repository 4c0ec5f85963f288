"""The two meetings: the first (held, with its agenda, documents and participants) and the
second (planned a few months after ``today``, with the election of officers when due)."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date

from tegdesk.core.demo.base import _BuilderBase
from tegdesk.core.demo.constants import (
    CONTACT,
    NOMINATIONS_CALLED,
    ONE_DAY,
    SECRETARIAT,
    TEG1_END,
    TEG1_START,
    VENUE,
)
from tegdesk.core.demo.members import _FUNDED
from tegdesk.core.models import (
    AgendaItem,
    AgendaItemDocument,
    AgendaItemKind,
    Document,
    DocumentDistribution,
    DocumentKind,
    DocumentSeries,
    Meeting,
    MeetingMode,
    MeetingStatus,
    Participant,
    ParticipantRole,
)
from tegdesk.core.rules import office_last_day


class _MeetingsBuilder(_BuilderBase):
    def first_meeting(self) -> Meeting:
        meeting = Meeting(body_id=self.teg.id, number=1, title="First meeting of the Technical Expert Group on "
                          "Environment and Development", start_date=TEG1_START, end_date=TEG1_END, venue=VENUE,
                          mode=MeetingMode.HYBRID, languages=["en"], status=MeetingStatus.HELD,
                          nominations_called_on=NOMINATIONS_CALLED, nomination_deadline=dt.date(2023, 3, 7),
                          registration_deadline=dt.date(2023, 3, 7), contact=CONTACT,
                          notes="Held in hybrid format; the Chair and the Vice-Chair were elected under item 1 (b).")
        self._add(meeting)
        return meeting

    def add_agenda(self, meeting: Meeting, items: list[tuple[str, str, str, list[tuple[str, str, str]]]]
                   ) -> dict[str, AgendaItem]:
        """Add items (kind, title, annotation, sub-items); returns them by title."""
        by_title: dict[str, AgendaItem] = {}
        for position, (kind, title, annotation, subs) in enumerate(items, start=1):
            item = AgendaItem(meeting_id=meeting.id, position=position, kind=kind, title=title, annotation=annotation)
            self._add(item)
            by_title[title] = item
            for sub_position, (sub_kind, sub_title, sub_annotation) in enumerate(subs, start=1):
                sub = AgendaItem(meeting_id=meeting.id, parent_id=item.id, position=sub_position, kind=sub_kind,
                                 title=sub_title, annotation=sub_annotation)
                self._add(sub)
                by_title[sub_title] = sub
        return by_title

    def reserve_number(self, year: int, series: str) -> tuple[int, str]:
        """The next number of a series in a year, and its symbol (the body's symbol scheme)."""
        number = self.doc_numbers.get((year, series), 0) + 1
        self.doc_numbers[(year, series)] = number
        symbol = self.teg.symbol_pattern.format(prefix=self.teg.symbol_prefix, year=year, series=series,
                                                number=number)
        return number, symbol

    def add_document(self, meeting: Meeting, series: str, number: int, title: str, issued: dt.date | None,
                     items: list[AgendaItem], kind: str = DocumentKind.PAPER) -> Document:
        year = meeting.start_date.year
        symbol = self.teg.symbol_pattern.format(prefix=self.teg.symbol_prefix, year=year, series=series,
                                                number=number)
        doc = Document(body_id=self.teg.id, meeting_id=meeting.id, symbol=symbol, series=series, number=number,
                       year=year, title=title, languages=["en"], original_language="en",
                       distribution="limited" if series == DocumentSeries.LIMITED else "general", issued_on=issued,
                       kind=kind)
        self._add(doc)
        for item in items:
            self._add(AgendaItemDocument(agenda_item_id=item.id, document_id=doc.id))
        return doc

    def teg1_agenda_and_participants(self) -> None:
        meeting = self.teg1
        items = self.add_agenda(meeting, [
            (AgendaItemKind.OPENING, "Opening of the meeting", "", [
                (AgendaItemKind.OPENING, "Opening statements",
                 "The meeting will be opened by a representative of the secretariat."),
                (AgendaItemKind.ELECTION, "Election of officers",
                 "In accordance with paragraph 7 of its terms of reference, the Expert Group will elect a Chair and "
                 "a Vice-Chair from among its members, for a term of three years."),
            ]),
            (AgendaItemKind.ADOPTION_OF_AGENDA, "Adoption of the agenda",
             "The Expert Group may wish to adopt the provisional agenda.", []),
            (AgendaItemKind.SUBSTANTIVE, "Terms of reference and working arrangements of the Expert Group",
             "The Expert Group may wish to take note of its terms of reference and to agree on its working "
             "arrangements, including the frequency of its meetings.", []),
            (AgendaItemKind.SUBSTANTIVE, "Priority areas for technology support and capacity-building under the Bali "
             "Strategic Plan",
             "The Expert Group may wish to identify priority thematic areas for its work.", []),
            (AgendaItemKind.OTHER_MATTERS, "Other matters",
             "The Expert Group may wish to consider other matters brought to its attention.", []),
            (AgendaItemKind.ADOPTION_OF_REPORT, "Adoption of the report",
             "The Expert Group may wish to adopt the report of its first meeting.", []),
        ])
        issued = NOMINATIONS_CALLED
        year = meeting.start_date.year
        agenda_doc = self.add_document(meeting, DocumentSeries.LIMITED,
                                       self.reserve_number(year, DocumentSeries.LIMITED)[0], "Provisional agenda",
                                       issued, [items["Adoption of the agenda"]], kind=DocumentKind.AGENDA)
        tor_doc = self.add_document(meeting, DocumentSeries.REGULAR,
                                    self.reserve_number(year, DocumentSeries.REGULAR)[0],
                                    "Terms of reference of the Technical Expert Group on Environment and Development",
                                    issued, [items["Terms of reference and working arrangements of the Expert Group"]])
        # R8: the documents went to every member and associate member.
        for doc in (agenda_doc, tor_doc):
            for member in self.members.values():
                self._add(DocumentDistribution(document_id=doc.id, member_id=member.id, sent_on=issued))

        rng = self.rng
        serving = self.serving_on(TEG1_START)
        officer_ids = {h.expert_id for h in self.officers}
        attending = [t for t in serving if t.expert_id in officer_ids or rng.random() < 0.75]
        experts = {e.id: e for e in self.experts}
        for term in attending:
            member = self.expert_member[term.expert_id]
            funded = member.iso2 in _FUNDED
            requested = rng.randrange(1800_00, 3200_00, 100) if funded else None
            approved = (requested if rng.random() < 0.7 else requested - rng.randrange(200_00, 600_00, 100)) \
                if requested else None
            self._add(Participant(meeting_id=meeting.id, role=ParticipantRole.EXPERT, expert_id=term.expert_id,
                                  member_id=member.id, registered_on=self._date_between(dt.date(2023, 2, 24),
                                                                                         dt.date(2023, 3, 7)),
                                  attended=True, funding_requested=requested, funding_approved=approved,
                                  currency="USD" if funded else None,
                                  affiliation=experts[term.expert_id].organization))
        korea = self.members["KR"]
        self._add(
            Participant(meeting_id=meeting.id, role=ParticipantRole.THEMATIC_REPRESENTATIVE, member_id=korea.id,
                        honorific="Ms.", family_name="Han", given_names="Seo-yeon",
                        affiliation="National Institute of Environmental Research, Republic of Korea",
                        email="seoyeon.han@nier.kr.example", topic="Air quality monitoring networks",
                        registered_on=dt.date(2023, 3, 2), attended=True),
            Participant(meeting_id=meeting.id, role=ParticipantRole.OBSERVER, organisation_id=self.orgs["UNEP"].id,
                        honorific="Mr.", family_name="Okafor", given_names="Daniel",
                        affiliation="UNEP Regional Office for Asia and the Pacific", email="daniel.okafor@unep.example",
                        registered_on=dt.date(2023, 3, 1), attended=True),
            Participant(meeting_id=meeting.id, role=ParticipantRole.OBSERVER, organisation_id=self.orgs["APRSCP"].id,
                        honorific="Ms.", family_name="Fernandes", given_names="Rita",
                        affiliation="Asia Pacific Roundtable for Sustainable Consumption and Production",
                        email="rita.fernandes@aprscp.example", registered_on=dt.date(2023, 3, 3), attended=False),
        )
        for honorific, family, given, post in (("Ms.", "Lindqvist", "Anna", "Environmental Affairs Officer"),
                                               ("Mr.", "Rahimi", "Kaveh", "Sustainable Development Officer"),
                                               ("Ms.", "Pongsiri", "Nattaya", "Programme Management Assistant")):
            self._add(Participant(meeting_id=meeting.id, role=ParticipantRole.SECRETARIAT, honorific=honorific,
                                  family_name=family, given_names=given, affiliation=f"{post}, {SECRETARIAT}",
                                  email=f"{given.lower()}.{family.lower()}@un.example", attended=True))

    def second_meeting(self) -> Meeting:
        # A few months ahead, on a Tuesday and Wednesday.
        start = self.today + dt.timedelta(days=100)
        start += dt.timedelta(days=(1 - start.weekday()) % 7)
        end = start + ONE_DAY
        year = start.year
        meeting = Meeting(body_id=self.teg.id, number=2, title="Second meeting of the Technical Expert Group on "
                          "Environment and Development", start_date=start, end_date=end, venue=VENUE,
                          mode=MeetingMode.HYBRID, languages=["en"], status=MeetingStatus.PLANNED,
                          registration_deadline=start - dt.timedelta(days=21), contact=CONTACT)
        self._add(meeting)
        agenda_number, agenda_symbol = self.reserve_number(year, DocumentSeries.LIMITED)
        paper_number, paper_symbol = self.reserve_number(year, DocumentSeries.REGULAR)
        offices_end = max(office_last_day(h) for h in self.officers)
        election_due = offices_end < end
        opening: list[tuple[str, str, str]] = [
            (AgendaItemKind.OPENING, "Opening statements",
             "The meeting will be opened by a representative of the secretariat."),
        ]
        if election_due:
            opening.append((AgendaItemKind.ELECTION, "Election of officers",
                            f"The terms of office of the Chair and the Vice-Chair elected at the first meeting ended "
                            f"on {format_date(offices_end, 'd MMMM y', locale='en_GB')}. In accordance with paragraph 7 of its terms "
                            "of reference, the Expert Group may wish to elect a Chair and a Vice-Chair from among its "
                            "members, for a term of three years."))
        substantive_bsp = ("Capacity-building activities and requests for technical assistance under the Bali "
                           "Strategic Plan")
        items = self.add_agenda(meeting, [
            (AgendaItemKind.OPENING, "Opening of the meeting", "", opening),
            (AgendaItemKind.ADOPTION_OF_AGENDA, "Adoption of the agenda",
             f"The Expert Group may wish to adopt its agenda, as contained in document {agenda_symbol}.", []),
            (AgendaItemKind.SUBSTANTIVE, "Review of the work of the Expert Group since its first meeting",
             "The Expert Group may wish to review the progress made since its first meeting and to provide guidance "
             "to the secretariat.", []),
            (AgendaItemKind.SUBSTANTIVE, substantive_bsp,
             f"The Expert Group will have before it document {paper_symbol}, which presents the activities recorded "
             "in the capacity-building database and the requests received and handled by the secretariat. The "
             "Expert Group may wish to comment on gaps and to recommend priorities.", []),
            (AgendaItemKind.SUBSTANTIVE, f"Work plan of the Expert Group for {year}–{year + 1}",
             "The Expert Group may wish to set priority outputs and activities for each thematic area, with clear "
             "results and timelines, and to adopt a work plan.", []),
            (AgendaItemKind.OTHER_MATTERS, "Other matters",
             "The Expert Group may wish to consider other matters brought to its attention.", []),
            (AgendaItemKind.ADOPTION_OF_REPORT, "Adoption of the report",
             "The Expert Group may wish to adopt the report of its second meeting.", []),
        ])
        self.add_document(meeting, DocumentSeries.LIMITED, agenda_number, "Provisional agenda", None,
                          [items["Adoption of the agenda"]], kind=DocumentKind.AGENDA)
        self.add_document(meeting, DocumentSeries.REGULAR, paper_number,
                          f"Capacity-building under the Bali Strategic Plan: activities and requests for technical "
                          f"assistance, {min(2019, year - 1)}–{year - 1}", None, [items[substantive_bsp]])
        return meeting
