"""The demonstration's meetings through the meeting service: Chinese texts, references,
the list of participants, distribution (R8), and the warnings the rules give."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tegdesk.core.demo import populate_demo
from tegdesk.core.models import DocumentKind
from tegdesk.core.services.meetings import MeetingService, flatten
from tegdesk.core.store import open_store

TODAY = dt.date(2026, 11, 21)
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def svc(tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("demo") / "demo.sqlite3")
    populate_demo(store, today=TODAY)
    yield MeetingService(store)
    store.close()


def test_meetings_carry_chinese_titles_venues_and_references(svc):
    teg1, teg2 = svc.find("TEG:1"), svc.find("TEG:2")
    assert teg1.translations["zh"] == {"title": "环境与发展技术专家组第一次会议", "venue": "曼谷联合国会议中心",
                                       "contact": "亚太经社会环境与发展司技术专家组秘书（teg-secretariat@un.example）"}
    assert teg2.translations["zh"]["title"] == "环境与发展技术专家组第二次会议"
    assert teg1.reference == "ED/TEG/1/2023" and teg2.reference == f"ED/TEG/2/{teg2.start_date.year}"
    assert "zh" in teg1.languages and "zh" in teg2.languages


@pytest.mark.parametrize("number", [1, 2])
def test_every_agenda_item_and_document_has_its_chinese(svc, number):
    meeting = svc.find(f"TEG:{number}")
    for node in flatten(svc.agenda(meeting.id)):
        zh = node.translations["zh"]
        assert HAN.search(zh["title"]), node.title
        if node.annotation:
            assert HAN.search(zh["annotation"]) and zh["annotation"].endswith("。"), node.title
        # symbols cited in the English annotation are cited in the Chinese too
        assert re.findall(r"ESCAP/\S+\d", node.annotation) == re.findall(r"ESCAP/[A-Z/.\d]+\d", zh.get("annotation", ""))
    for doc in svc.documents(meeting.id):
        assert HAN.search(doc.titles["zh"]) and "zh" in doc.languages


def test_first_meeting_has_its_list_of_participants_sent_to_all(svc):
    teg1 = svc.find("TEG:1")
    docs = {d.kind: d for d in svc.documents(teg1.id)}
    participants = docs[DocumentKind.PARTICIPANTS]
    assert participants.symbol == "ESCAP/CED/TEG/2023/INF/1" and participants.titles["zh"] == "与会者名单"
    assert all(d.fully_distributed and d.members_total == 62 for d in docs.values())  # R8
    assert svc.distribution(participants.id).sent[0].sent_on == teg1.end_date
    assert svc.agenda_document(teg1.id).symbol == "ESCAP/CED/TEG/2023/L.1"
    rows = svc.participants(teg1.id)
    assert {r.role for r in rows} == {"expert", "thematic_representative", "observer", "secretariat"}
    assert all(r.name for r in rows)
    requested, approved = svc.funding_totals(teg1.id)["USD"]
    assert 0 < approved <= requested


def test_warnings_on_the_demonstration(svc):
    rows = {r.label: r for r in svc.meetings()}
    assert rows["TEG 1"].warnings == []  # nominations three weeks ahead, election on the agenda
    # TEG 2 is years after TEG 1 (R7); its agenda holds the election that falls due (no R5).
    assert [w.rule for w in rows["TEG 2"].warnings] == ["R7"]


def test_the_demo_meetings_pass_their_own_checks(svc):
    """Every demo meeting saves unchanged: no refusal hides in the demonstration data."""
    from tegdesk.core.services.meetings import MeetingData

    for row in svc.meetings():
        outcome = svc.save_meeting(MeetingData.from_meeting(svc.get(row.id)), meeting_id=row.id, save=False)
        assert outcome.errors == [], (row.label, outcome.errors)
