"""Meeting documents, the data: one language at a time, the fallback rule, numbering, notice templates.

The fixture ``meeting`` (a meeting of the TEG with an agenda, documents, participants, Chinese texts for some
of them and user text full of markup characters) is shared with the other test_meeting_docs_* modules.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlmodel import select

from tegdesk.core.documents import notice_templates as nt
from tegdesk.core.documents.meeting_data import find_meeting, gather_meeting, item_letter, ordinal_meeting
from tegdesk.core.errors import UserError
from tegdesk.core.i18n import LANGUAGES, translator
from tegdesk.core.models import (
    AgendaItem,
    AgendaItemDocument,
    Body,
    Document,
    DocumentKind,
    Expert,
    Meeting,
    MemberState,
    NoticeTemplate,
    Organisation,
    Participant,
)
from tegdesk.core.models.base import utcnow

D = dt.date
TRICKY = 'Water & "air" <b>quality</b> in O\'Brien\'s <region>'
TRICKY_ZH = "水与“空气”<质量> & 区域"
AGENDA_SYMBOL = "ESCAP/CED/TEG/2024/L.1"
PAPER_SYMBOL = "ESCAP/CED/TEG/2024/1"


def make_meeting(store, *, mode: str = "in_person") -> uuid.UUID:
    """TEG 2 on 12–13 March 2024 in Bangkok, with a full agenda, two documents and four participants."""
    with store.session() as s:
        teg = s.exec(select(Body).where(Body.code == "TEG")).one()
        meeting = Meeting(body_id=teg.id, number=2, title="Second meeting of the Technical Expert Group on "
                          "Environment and Development", start_date=D(2024, 3, 12), end_date=D(2024, 3, 13),
                          venue="United Nations Conference Centre, Bangkok", mode=mode, reference="TEG/2024/N.1",
                          nomination_deadline=D(2024, 2, 20), registration_deadline=D(2024, 2, 27),
                          contact="Ms. A & B <teg@un.example>",
                          translations={"zh": {"venue": "曼谷联合国会议中心", "contact": "秘书处（teg@un.example）"}})
        s.add(meeting)
        s.flush()
        agenda = Document(body_id=teg.id, meeting_id=meeting.id, symbol=AGENDA_SYMBOL, series="L.", number=1,
                          year=2024, title="Provisional agenda", distribution="limited", issued_on=D(2024, 1, 15),
                          kind=DocumentKind.AGENDA)
        paper = Document(body_id=teg.id, meeting_id=meeting.id, symbol=PAPER_SYMBOL, series="", number=1,
                         year=2024, title="Air & water: a <review>", titles={"zh": "空气与水：审查"}, issued_on=None)
        gone = Document(body_id=teg.id, meeting_id=meeting.id, symbol="ESCAP/CED/TEG/2024/2", series="", number=2,
                        year=2024, title="Withdrawn paper", deleted_at=utcnow())
        s.add_all([agenda, paper, gone])
        s.flush()

        def item(position: int, kind: str, title: str, annotation: str = "", parent: AgendaItem | None = None,
                 **kw) -> AgendaItem:
            row = AgendaItem(meeting_id=meeting.id, parent_id=parent.id if parent else None, position=position,
                             kind=kind, title=title, annotation=annotation, **kw)
            s.add(row)
            s.flush()  # a sub-item's parent is written first (no relationship orders them)
            return row

        opening = item(1, "opening", "Opening of the meeting")
        item(2, "election", "Election of officers", parent=opening)  # positions decide, not insertion order
        item(1, "opening", "Opening statements", "The meeting will be opened by a representative of the "
             "secretariat.", parent=opening)
        adoption = item(2, "adoption_of_agenda", "Adoption of the agenda",
                        "The Expert Group may wish to adopt the provisional agenda.")
        water = item(3, "substantive", TRICKY, "First paragraph & <more>.\n\nSecond paragraph.",
                     translations={"zh": {"title": TRICKY_ZH, "annotation": "专家组不妨审议本项目。"}})
        item(4, "substantive", "Work plan for 2024–2025", "The Expert Group may wish to adopt a work plan.")
        item(5, "substantive", "Removed item", deleted_at=utcnow())
        item(6, "other_matters", "Other matters")
        item(7, "adoption_of_report", "Adoption of the report")
        s.add_all([AgendaItemDocument(agenda_item_id=adoption.id, document_id=agenda.id),
                   AgendaItemDocument(agenda_item_id=water.id, document_id=paper.id),
                   AgendaItemDocument(agenda_item_id=water.id, document_id=gone.id)])

        thailand = s.exec(select(MemberState).where(MemberState.iso2 == "TH")).one()
        korea = s.exec(select(MemberState).where(MemberState.iso2 == "KR")).one()
        expert = Expert(family_name="Srisuk", given_names="Malee", honorific="Ms.", title="Director",
                        organization="Ministry of Natural Resources & Environment")
        unep = Organisation(name="United Nations Environment Programme")
        s.add_all([expert, unep])
        s.flush()
        s.add_all([
            Participant(meeting_id=meeting.id, role="expert", expert_id=expert.id, member_id=thailand.id),
            Participant(meeting_id=meeting.id, role="thematic_representative", member_id=korea.id, honorific="Ms.",
                        family_name="Han", given_names="Seo-yeon", affiliation="NIER", topic="Air quality"),
            Participant(meeting_id=meeting.id, role="observer", organisation_id=unep.id, honorific="Mr.",
                        family_name="Okafor", given_names="Daniel", affiliation="UNEP Regional Office"),
            Participant(meeting_id=meeting.id, role="secretariat", honorific="Ms.", family_name="Lindqvist",
                        given_names="Anna", affiliation="Environment and Development Division, ESCAP"),
            Participant(meeting_id=meeting.id, role="observer", family_name="Removed", given_names="Person",
                        deleted_at=utcnow()),
        ])
        return meeting.id


@pytest.fixture
def meeting(store) -> uuid.UUID:
    return make_meeting(store)


# -- one language at a time -------------------------------------------------------------------

def test_english_data_numbering_and_documents(store, meeting):
    data = gather_meeting(store, meeting, "en")
    assert [(i.number, i.title) for i in data.all_items()] == [
        ("1", "Opening of the meeting"), ("1 (a)", "Opening statements"), ("1 (b)", "Election of officers"),
        ("2", "Adoption of the agenda"), ("3", TRICKY), ("4", "Work plan for 2024–2025"), ("5", "Other matters"),
        ("6", "Adoption of the report")]
    assert [i.label for i in data.items[0].children] == ["(a)", "(b)"]
    water = data.items[2]
    assert [d.symbol for d in water.documents] == [PAPER_SYMBOL]  # the removed document is left out
    assert data.dates == "12–13 March 2024" and data.place_dates == "Bangkok, 12–13 March 2024"
    assert data.session == "Second meeting" and data.body_name == "Technical Expert Group on Environment and Development"
    assert data.running_title.startswith("second meeting of the Technical Expert Group")
    assert data.venue_phrase == "at United Nations Conference Centre, Bangkok"
    assert data.fallbacks == []


def test_chinese_data_fallback_rule(store, meeting):
    data = gather_meeting(store, meeting, "zh")
    titles = [i.title for i in data.all_items()]
    # 1. a recorded translation; 2. the standard wording's translation; 3. English, recorded
    assert TRICKY_ZH in titles
    assert titles[:4] == ["会议开幕", "开幕致辞", "选举主席团成员", "通过议程"]
    assert "Work plan for 2024–2025" in titles
    assert data.title == "环境与发展技术专家组第二次会议" and data.session == "第二次会议"
    assert data.dates == "2024年3月12日至13日" and data.place_dates == "2024年3月12日至13日，曼谷联合国会议中心"
    assert data.items[0].children[0].annotation == "会议将由秘书处代表宣布开幕。"
    assert data.document(DocumentKind.PAPER).title == "空气与水：审查"
    warnings = [f.text(translator("en")) for f in data.fallbacks]
    assert "Item 4 has no title in Chinese; the English title is shown." in warnings
    assert "Item 4 has no annotation in Chinese; the English annotation is shown." in warnings
    assert not any("Item 3 " in w or "Item 1 " in w for w in warnings)
    # the warnings in the interface's language, naming the document's
    assert "项目4没有中文标题；显示的是英文标题。" in [f.text(translator("zh")) for f in data.fallbacks]


def test_online_and_hybrid_places(store):
    data = gather_meeting(store, make_meeting(store, mode="hybrid"), "en")
    assert data.place_dates == "Bangkok and online, 12–13 March 2024"
    assert data.venue_phrase == "at United Nations Conference Centre, Bangkok and online"
    with store.session() as s:
        m = s.exec(select(Meeting)).one()
        m.mode = "online"
        s.add(m)
    data = gather_meeting(store, m.id, "zh")
    assert data.place_dates == "2024年3月12日至13日，线上" and data.venue_phrase == "以线上方式"


def test_find_meeting_and_labels(store, meeting):
    assert find_meeting(store, "TEG:2") == meeting == find_meeting(store, "teg:2")
    for bad in ("TEG:9", "NOPE:2", "two"):
        with pytest.raises(UserError):
            find_meeting(store, bad)
    assert item_letter(0) == "(a)" and item_letter(25) == "(z)" and item_letter(26) == "(aa)"
    tr = translator("zh")
    assert ordinal_meeting(tr, 3) == "第三次会议" and ordinal_meeting(tr, 7, "session") == "第七届会议"
    assert ordinal_meeting(translator("en"), 40) == "Meeting 40" and ordinal_meeting(tr, 40) == "第40次会议"


# -- notice templates -------------------------------------------------------------------------

@pytest.mark.parametrize("text, named", [
    ("Held {venu} on {dates}.", "{venu}"),
    ("Dear {body.name}", "{body.name}"),
    ("Item {0}", "{0}"),
    ("On {dates!r}", "{dates!r}"),
    ("On {dates:>20}", "{dates:>20}"),
    ("Attributes {body[0]}", "{body[0]}"),
])
def test_bad_placeholders_are_named_in_a_translated_error(text, named):
    with pytest.raises(UserError) as caught:
        nt.render_template(text, {"dates": "x", "body": "y"})
    assert named in caught.value.text(translator("en"))
    assert named in caught.value.text(translator("zh")) and "占位符" in caught.value.text(translator("zh"))


@pytest.mark.parametrize("text", ["Held { on {dates}", "A } alone", "{dates} {", ""])
def test_malformed_or_empty_templates_are_user_errors(text):
    with pytest.raises(UserError) as caught:
        nt.check_template(text)
    assert caught.value.text(translator("zh"))


def test_render_fills_leaves_out_paragraphs_without_value_and_keeps_braces():
    rendered = nt.render_template("Meeting {meeting} on {dates}.\n\nNominate by {nomination_deadline}.\n\n"
                                  "Literal {{braces}} and {contact}", {
                                      "meeting": "M {dates}", "dates": "1 May", "nomination_deadline": None,
                                      "contact": "<a&b>"})
    assert rendered.paragraphs == ["Meeting M {dates} on 1 May.", "Literal {braces} and <a&b>"]
    assert rendered.omitted == ["nomination_deadline"]


def test_default_templates_are_valid_and_written_as_un_correspondence():
    for audience in nt.AUDIENCES:
        for lang in nt.DEFAULT_LANGUAGES:
            assert set(nt.check_template(nt.default_template(audience, lang))) <= set(nt.PLACEHOLDERS)
    verbale = nt.default_template("governments", "en")
    assert "presents its compliments" in verbale and "assurances of its highest consideration" in verbale
    zh = nt.default_template("governments", "zh")
    assert "秘书处向" in zh and "致意，并谨" in zh and "借此机会再次向" in zh and zh.endswith("致以最崇高的敬意。")
    assert nt.default_template("experts", "en").startswith("Dear ")
    assert nt.has_default("fr") and "présente ses compliments" in nt.default_template("governments", "fr")
    assert all(nt.has_default(lang) for lang in LANGUAGES)  # every language of the interface has its own
    with pytest.raises(UserError):
        nt.default_template("press", "en")


def test_templates_seeded_saved_checked_and_reset(store):
    with store.session() as s:
        teg = s.exec(select(Body).where(Body.code == "TEG")).one()
        rows = s.exec(select(NoticeTemplate).where(NoticeTemplate.body_id == teg.id)).all()
        assert {(r.audience, r.language) for r in rows} == {(a.value, lang) for a in nt.AUDIENCES
                                                           for lang in nt.DEFAULT_LANGUAGES}
    assert nt.template_for(store, teg.id, "experts", "zh") == nt.default_template("experts", "zh")
    nt.save_template(store, teg.id, "experts", "en", "Dear colleague,\n\nSee you on {dates}.\n\nBest,")
    assert nt.template_for(store, teg.id, "experts", "en").startswith("Dear colleague")
    with pytest.raises(UserError):
        nt.save_template(store, teg.id, "experts", "en", "Broken {venu}")
    assert nt.template_for(store, teg.id, "experts", "en").startswith("Dear colleague")  # nothing lost
    nt.save_template(store, teg.id, "governments", "fr", "Le secrétariat … {dates}")
    assert nt.template_for(store, teg.id, "governments", "fr") == "Le secrétariat … {dates}"
    assert nt.reset_template(store, teg.id, "experts", "en") == nt.default_template("experts", "en")
    assert nt.template_for(store, teg.id, "experts", "en") == nt.default_template("experts", "en")
    # seeding again adds nothing and keeps the user's wording
    from tegdesk.core.refdata import ensure_reference_data

    with store.session() as s:
        ensure_reference_data(s)
    with store.session() as s:
        assert len(s.exec(select(NoticeTemplate).where(NoticeTemplate.body_id == teg.id)).all()) == 12
    assert nt.template_for(store, teg.id, "governments", "fr") == "Le secrétariat … {dates}"
