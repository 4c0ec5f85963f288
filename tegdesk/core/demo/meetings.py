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


#: Chinese of the fixed texts, as a United Nations Chinese translator would write them.
ZH = {
    "Opening of the meeting": "会议开幕",
    "Opening statements": "开幕致辞",
    "The meeting will be opened by a representative of the secretariat.": "会议将由秘书处一名代表宣布开幕。",
    "Election of officers": "选举主席团成员",
    "In accordance with paragraph 7 of its terms of reference, the Expert Group will elect a Chair and a "
    "Vice-Chair from among its members, for a term of three years.":
        "根据其职权范围第7段，专家组将从其成员中选出一名主席和一名副主席，任期三年。",
    "Adoption of the agenda": "通过议程",
    "The Expert Group may wish to adopt the provisional agenda.": "专家组不妨通过临时议程。",
    "Terms of reference and working arrangements of the Expert Group": "专家组的职权范围和工作安排",
    "The Expert Group may wish to take note of its terms of reference and to agree on its working arrangements, "
    "including the frequency of its meetings.": "专家组不妨注意到其职权范围，并商定其工作安排，包括会议频率。",
    "Priority areas for technology support and capacity-building under the Bali Strategic Plan":
        "《巴厘技术支持和能力建设战略计划》下技术支持和能力建设的优先领域",
    "The Expert Group may wish to identify priority thematic areas for its work.": "专家组不妨确定其工作的优先专题领域。",
    "Other matters": "其他事项",
    "The Expert Group may wish to consider other matters brought to its attention.": "专家组不妨审议提请其注意的其他事项。",
    "Adoption of the report": "通过报告",
    "The Expert Group may wish to adopt the report of its first meeting.": "专家组不妨通过其第一次会议的报告。",
    "The Expert Group may wish to adopt the report of its second meeting.": "专家组不妨通过其第二次会议的报告。",
    "Review of the work of the Expert Group since its first meeting": "审查专家组第一次会议以来的工作",
    "The Expert Group may wish to review the progress made since its first meeting and to provide guidance to the "
    "secretariat.": "专家组不妨审查第一次会议以来取得的进展，并向秘书处提供指导。",
    "Capacity-building activities and requests for technical assistance under the Bali Strategic Plan":
        "《巴厘技术支持和能力建设战略计划》下的能力建设活动和技术援助请求",
    "The Expert Group may wish to set priority outputs and activities for each thematic area, with clear results "
    "and timelines, and to adopt a work plan.":
        "专家组不妨为每个专题领域确定优先产出和活动，明确成果和时间表，并通过一项工作计划。",
    "Provisional agenda": "临时议程",
    "Terms of reference of the Technical Expert Group on Environment and Development": "环境与发展技术专家组的职权范围",
    "List of participants": "与会者名单",
    "First meeting of the Technical Expert Group on Environment and Development": "环境与发展技术专家组第一次会议",
    "Second meeting of the Technical Expert Group on Environment and Development": "环境与发展技术专家组第二次会议",
    VENUE: "曼谷联合国会议中心",
    CONTACT: "亚太经社会环境与发展司技术专家组秘书（teg-secretariat@un.example）",
}


def _zh_date(day: dt.date) -> str:
    return format_date(day, "y年M月d日", locale="zh_Hans_CN")


class _MeetingsBuilder(_BuilderBase):
    def first_meeting(self) -> Meeting:
        title = "First meeting of the Technical Expert Group on Environment and Development"
        meeting = Meeting(body_id=self.teg.id, number=1, title=title, start_date=TEG1_START, end_date=TEG1_END,
                          venue=VENUE, mode=MeetingMode.HYBRID, languages=["en", "zh"], status=MeetingStatus.HELD,
                          reference=f"ED/TEG/1/{TEG1_START.year}",
                          translations={"zh": {"title": ZH[title], "venue": ZH[VENUE], "contact": ZH[CONTACT]}},
                          nominations_called_on=NOMINATIONS_CALLED, nomination_deadline=dt.date(2023, 3, 7),
                          registration_deadline=dt.date(2023, 3, 7), contact=CONTACT,
                          notes="Held in hybrid format; the Chair and the Vice-Chair were elected under item 1 (b).")
        self._add(meeting)
        return meeting

    def add_agenda(self, meeting: Meeting, items: list[tuple[str, str, str, list[tuple[str, str, str]]]],
                   zh: dict[str, str] | None = None) -> dict[str, AgendaItem]:
        """Add items (kind, title, annotation, sub-items) with their Chinese (:data:`ZH` and ``zh``);
        returns them by title."""
        chinese = {**ZH, **(zh or {})}

        def translations(title: str, annotation: str) -> dict[str, dict[str, str]]:
            texts = {"title": chinese.get(title), "annotation": chinese.get(annotation)}
            return {"zh": {k: v for k, v in texts.items() if v}}

        by_title: dict[str, AgendaItem] = {}
        for position, (kind, title, annotation, subs) in enumerate(items, start=1):
            item = AgendaItem(meeting_id=meeting.id, position=position, kind=kind, title=title, annotation=annotation,
                              translations=translations(title, annotation))
            self._add(item)
            by_title[title] = item
            for sub_position, (sub_kind, sub_title, sub_annotation) in enumerate(subs, start=1):
                sub = AgendaItem(meeting_id=meeting.id, parent_id=item.id, position=sub_position, kind=sub_kind,
                                 title=sub_title, annotation=sub_annotation,
                                 translations=translations(sub_title, sub_annotation))
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
                     items: list[AgendaItem], kind: str = DocumentKind.PAPER, title_zh: str | None = None
                     ) -> Document:
        year = meeting.start_date.year
        symbol = self.teg.symbol_pattern.format(prefix=self.teg.symbol_prefix, year=year, series=series,
                                                number=number)
        doc = Document(body_id=self.teg.id, meeting_id=meeting.id, symbol=symbol, series=series, number=number,
                       year=year, title=title, original_language="en",
                       distribution="limited" if series == DocumentSeries.LIMITED else "general", issued_on=issued,
                       kind=kind)
        title_zh = title_zh or ZH.get(title)
        doc.languages = ["en", "zh"] if title_zh else ["en"]
        doc.titles = {"zh": title_zh} if title_zh else {}
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
        # The list of participants, issued on the first day and sent after the meeting.
        participants_doc = self.add_document(meeting, DocumentSeries.INFORMATION,
                                             self.reserve_number(year, DocumentSeries.INFORMATION)[0],
                                             "List of participants", meeting.start_date, [],
                                             kind=DocumentKind.PARTICIPANTS)
        # R8: the documents went to every member and associate member.
        for doc, sent_on in ((agenda_doc, issued), (tor_doc, issued), (participants_doc, meeting.end_date)):
            for member in self.members.values():
                self._add(DocumentDistribution(document_id=doc.id, member_id=member.id, sent_on=sent_on))

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
        title = "Second meeting of the Technical Expert Group on Environment and Development"
        meeting = Meeting(body_id=self.teg.id, number=2, title=title, start_date=start, end_date=end, venue=VENUE,
                          mode=MeetingMode.HYBRID, languages=["en", "zh"], status=MeetingStatus.PLANNED,
                          registration_deadline=start - dt.timedelta(days=21), contact=CONTACT,
                          reference=f"ED/TEG/2/{year}", translations={"zh": {"title": ZH[title], "venue": ZH[VENUE], "contact": ZH[CONTACT]}})
        self._add(meeting)
        agenda_number, agenda_symbol = self.reserve_number(year, DocumentSeries.LIMITED)
        paper_number, paper_symbol = self.reserve_number(year, DocumentSeries.REGULAR)
        offices_end = max(office_last_day(h) for h in self.officers)
        election_due = offices_end < end
        opening: list[tuple[str, str, str]] = [
            (AgendaItemKind.OPENING, "Opening statements",
             "The meeting will be opened by a representative of the secretariat."),
        ]
        election_note = (f"The terms of office of the Chair and the Vice-Chair elected at the first meeting ended "
                         f"on {format_date(offices_end, 'd MMMM y', locale='en_GB')}. In accordance with paragraph 7 "
                         "of its terms of reference, the Expert Group may wish to elect a Chair and a Vice-Chair from "
                         "among its members, for a term of three years.")
        adoption_note = f"The Expert Group may wish to adopt its agenda, as contained in document {agenda_symbol}."
        bsp_note = (f"The Expert Group will have before it document {paper_symbol}, which presents the activities "
                    "recorded in the capacity-building database and the requests received and handled by the "
                    "secretariat. The Expert Group may wish to comment on gaps and to recommend priorities.")
        work_plan = f"Work plan of the Expert Group for {year}–{year + 1}"
        paper_title = (f"Capacity-building under the Bali Strategic Plan: activities and requests for technical "
                       f"assistance, {min(2019, year - 1)}–{year - 1}")
        zh = {
            election_note: f"第一次会议选出的主席和副主席的任期已于{_zh_date(offices_end)}届满。根据其职权范围第7段，"
                           "专家组不妨从其成员中选出一名主席和一名副主席，任期三年。",
            adoption_note: f"专家组不妨通过载于{agenda_symbol}号文件的议程。",
            bsp_note: f"专家组将收到{paper_symbol}号文件，其中介绍了能力建设数据库所记录的活动以及秘书处收到和处理的"
                      "请求。专家组不妨就差距发表意见并建议优先事项。",
            work_plan: f"专家组{year}-{year + 1}年工作计划",
        }
        if election_due:
            opening.append((AgendaItemKind.ELECTION, "Election of officers", election_note))
        substantive_bsp = ("Capacity-building activities and requests for technical assistance under the Bali "
                           "Strategic Plan")
        items = self.add_agenda(meeting, [
            (AgendaItemKind.OPENING, "Opening of the meeting", "", opening),
            (AgendaItemKind.ADOPTION_OF_AGENDA, "Adoption of the agenda", adoption_note, []),
            (AgendaItemKind.SUBSTANTIVE, "Review of the work of the Expert Group since its first meeting",
             "The Expert Group may wish to review the progress made since its first meeting and to provide guidance "
             "to the secretariat.", []),
            (AgendaItemKind.SUBSTANTIVE, substantive_bsp, bsp_note, []),
            (AgendaItemKind.SUBSTANTIVE, work_plan,
             "The Expert Group may wish to set priority outputs and activities for each thematic area, with clear "
             "results and timelines, and to adopt a work plan.", []),
            (AgendaItemKind.OTHER_MATTERS, "Other matters",
             "The Expert Group may wish to consider other matters brought to its attention.", []),
            (AgendaItemKind.ADOPTION_OF_REPORT, "Adoption of the report",
             "The Expert Group may wish to adopt the report of its second meeting.", []),
        ], zh)
        self.add_document(meeting, DocumentSeries.LIMITED, agenda_number, "Provisional agenda", None,
                          [items["Adoption of the agenda"]], kind=DocumentKind.AGENDA)
        self.add_document(meeting, DocumentSeries.REGULAR, paper_number, paper_title, None, [items[substantive_bsp]],
                          title_zh=f"《巴厘战略计划》下的能力建设：{min(2019, year - 1)}-{year - 1}年的活动和技术援助请求")
        return meeting
