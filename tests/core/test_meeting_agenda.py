"""The provisional agenda: the usual items, numbering derived from the order after every
change (add, remove, reorder, indent, outdent, drag and drop), refusals, documents per item."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from tegdesk.core.i18n import translator
from tegdesk.core.models import AgendaItem, AgendaItemKind, Document
from tegdesk.core.services.meetings import MeetingData, MeetingService, flatten

D = dt.date


@pytest.fixture
def svc(store):
    return MeetingService(store)


@pytest.fixture
def meeting(svc):
    outcome = svc.save_meeting(MeetingData(title="First meeting", start_date=D(2024, 3, 12), end_date=D(2024, 3, 13),
                                           venue="Bangkok", nominations_called_on=D(2024, 2, 1)))
    assert outcome.saved, outcome.violations
    return outcome.record


def outline(svc, meeting) -> list[tuple[str, str]]:
    """(full label, title) in reading order."""
    return [(n.full_label, n.title) for n in flatten(svc.agenda(meeting.id))]


def ids(svc, meeting) -> dict[str, object]:
    return {n.title: n.id for n in flatten(svc.agenda(meeting.id))}


def texts(outcome) -> str:
    tr = translator("en")
    return " | ".join(v.text(tr) for v in outcome.violations)


def test_start_agenda_gives_the_usual_items_with_the_election_at_a_first_meeting(svc, meeting):
    outcome = svc.start_agenda(meeting.id)
    assert outcome.saved
    assert outline(svc, meeting) == [
        ("1", "Opening of the meeting"), ("1 (a)", "Opening statements"), ("1 (b)", "Election of officers"),
        ("2", "Adoption of the agenda"), ("3", "Other matters"), ("4", "Adoption of the report")]
    nodes = svc.agenda(meeting.id)
    election = nodes[0].children[1]
    assert election.kind == AgendaItemKind.ELECTION and election.label == "(b)" and election.number == 1
    assert "Chair and Vice-Chair" in election.annotation and "3 years" in election.annotation
    assert "may wish to adopt its provisional agenda" in nodes[1].annotation
    # Only an empty agenda is started.
    again = svc.start_agenda(meeting.id)
    assert not again.ok and "already has items" in texts(again)
    assert len(flatten(svc.agenda(meeting.id))) == 6


def test_start_agenda_names_the_agenda_document_and_lists_it(svc, meeting):
    from tegdesk.core.models import DocumentKind, DocumentSeries
    with svc.store.session() as s:
        s.add(Document(body_id=svc.body_id, meeting_id=meeting.id, symbol="ESCAP/CED/TEG/2024/L.1",
                       series=DocumentSeries.LIMITED, number=1, year=2024, title="Provisional agenda",
                       kind=DocumentKind.AGENDA))
    svc.start_agenda(meeting.id)
    adoption = svc.agenda(meeting.id)[1]
    assert adoption.annotation.endswith("as contained in document ESCAP/CED/TEG/2024/L.1.")
    assert [d.symbol for d in adoption.documents] == ["ESCAP/CED/TEG/2024/L.1"]


def test_no_election_at_a_later_meeting_while_the_bureau_serves(svc, meeting, store):
    from tegdesk.core.models import OfficeHolding
    from tegdesk.core.services.roster import ExpertData, RosterService
    roster = RosterService(store)
    members = roster.members()
    experts = []
    for member, name in zip(members[:2], ("Alpha", "Beta")):
        nominated = roster.nominate(member_id=member.id, start_date=D(2024, 1, 1), expert=ExpertData(family_name=name))
        experts.append(nominated.record.expert_id)
    for office, expert in zip(("chair", "vice_chair"), experts):
        assert roster.elect(office=office, expert_id=expert, meeting_id=meeting.id).saved
    second = svc.save_meeting(MeetingData(title="Second", start_date=D(2024, 6, 4), venue="Bangkok")).record
    svc.start_agenda(second.id)
    assert "Election of officers" not in [t for _l, t in outline(svc, second)]
    # The offices end on 11 March 2027: a meeting ending that day elects (ending on or before its last day).
    with store.session() as s:
        last = s.exec(select(OfficeHolding)).first().end_date
    assert last == D(2027, 3, 11)
    third = svc.save_meeting(MeetingData(title="Third", start_date=last - dt.timedelta(days=1), end_date=last,
                                         venue="Bangkok")).record
    svc.start_agenda(third.id)
    assert ("1 (b)", "Election of officers") in outline(svc, third)


def test_substantive_items_go_before_other_matters_and_numbers_follow(svc, meeting):
    svc.start_agenda(meeting.id)
    a = svc.add_item(meeting.id, "Review of work", annotation="The Expert Group may wish to review.")
    b = svc.add_item(meeting.id, "Work plan")
    assert a.saved and b.saved and a.record.title == "Review of work"
    assert [t for _l, t in outline(svc, meeting) if "(" not in _l] == [
        "Opening of the meeting", "Adoption of the agenda", "Review of work", "Work plan", "Other matters",
        "Adoption of the report"]
    assert outline(svc, meeting)[4] == ("3", "Review of work") and outline(svc, meeting)[5] == ("4", "Work plan")
    # after_id and sub-items
    c = svc.add_item(meeting.id, "Budget", after_id=a.record.id)
    sub = svc.add_item(meeting.id, "Air quality", parent_id=c.record.id)
    sub2 = svc.add_item(meeting.id, "Water", parent_id=c.record.id)
    first = svc.add_item(meeting.id, "Waste", after_id=None, parent_id=c.record.id)
    assert c.saved and sub.saved and sub2.saved and first.saved
    assert outline(svc, meeting)[4:10] == [("3", "Review of work"), ("4", "Budget"), ("4 (a)", "Air quality"),
                                           ("4 (b)", "Water"), ("4 (c)", "Waste"), ("5", "Work plan")]
    third_level = svc.add_item(meeting.id, "Too deep", parent_id=sub.record.id)
    assert not third_level.ok and "two levels" in texts(third_level)
    blank = svc.add_item(meeting.id, "   ")
    assert not blank.ok and blank.errors[0].field == "title"
    checked = svc.add_item(meeting.id, "Only checked", save=False)
    assert checked.ok and not checked.saved
    assert "Only checked" not in ids(svc, meeting)


def test_reorder_indent_outdent_remove_renumber(svc, meeting):
    for title in ("A", "B", "C", "D"):
        svc.add_item(meeting.id, title)
    i = ids(svc, meeting)
    assert svc.move_down(i["A"]).saved
    assert outline(svc, meeting) == [("1", "B"), ("2", "A"), ("3", "C"), ("4", "D")]
    assert svc.move_up(i["D"]).saved
    assert outline(svc, meeting) == [("1", "B"), ("2", "A"), ("3", "D"), ("4", "C")]
    refused = svc.move_up(i["B"])
    assert not refused.ok and "already the first" in texts(refused)
    assert not svc.move_down(i["C"]).ok
    # indent: C under D, then A under B
    assert svc.indent(i["C"]).saved and svc.indent(i["A"]).saved
    assert outline(svc, meeting) == [("1", "B"), ("1 (a)", "A"), ("2", "D"), ("2 (a)", "C")]
    assert "first item" in texts(svc.indent(i["B"]))
    assert "two levels" in texts(svc.indent(i["A"]))
    # move sub-items within their item and across items
    svc.add_item(meeting.id, "E", parent_id=i["D"])
    i = ids(svc, meeting)
    assert svc.move_up(i["E"]).saved
    assert outline(svc, meeting)[2:] == [("2", "D"), ("2 (a)", "E"), ("2 (b)", "C")]
    # outdent keeps the reading order: the sub-items after E become E's own
    assert svc.outdent(i["E"]).saved
    assert outline(svc, meeting) == [("1", "B"), ("1 (a)", "A"), ("2", "D"), ("3", "E"), ("3 (a)", "C")]
    assert "already at the top level" in texts(svc.outdent(i["E"]))
    # an item with sub-items cannot be indented (no third level)
    assert not svc.indent(i["E"]).ok
    # remove takes the sub-items and renumbers
    assert svc.remove_item(i["B"]).saved
    assert outline(svc, meeting) == [("1", "D"), ("2", "E"), ("2 (a)", "C")]
    with svc.store.session() as s:
        gone = s.get(AgendaItem, i["A"])
        assert gone.deleted_at is not None  # soft delete
        live = s.exec(select(AgendaItem).where(AgendaItem.deleted_at.is_(None))).all()
        assert sorted(x.position for x in live if x.parent_id is None) == [1, 2]
    assert "no longer exists" in texts(svc.remove_item(i["B"]))


def test_move_item_for_drag_and_drop(svc, meeting):
    for title in ("A", "B", "C"):
        svc.add_item(meeting.id, title)
    svc.add_item(meeting.id, "B1", parent_id=ids(svc, meeting)["B"])
    i = ids(svc, meeting)
    assert svc.move_item(i["C"], parent_id=None, row=0).saved
    assert outline(svc, meeting) == [("1", "C"), ("2", "A"), ("3", "B"), ("3 (a)", "B1")]
    assert svc.move_item(i["A"], parent_id=i["B"], row=0).saved
    assert outline(svc, meeting) == [("1", "C"), ("2", "B"), ("2 (a)", "A"), ("2 (b)", "B1")]
    assert svc.move_item(i["B1"], parent_id=None, row=99).saved  # clamped to the end
    assert outline(svc, meeting)[-1] == ("3", "B1")
    # refusals
    assert "under itself" in texts(svc.move_item(i["B"], parent_id=i["B"], row=0))
    assert "two levels" in texts(svc.move_item(i["C"], parent_id=i["A"], row=0))
    assert "has sub-items" in texts(svc.move_item(i["B"], parent_id=i["C"], row=0))
    assert outline(svc, meeting) == [("1", "C"), ("2", "B"), ("2 (a)", "A"), ("3", "B1")]


def test_update_item_and_translations(svc, meeting):
    item = svc.add_item(meeting.id, "Work plan").record
    outcome = svc.update_item(item.id, title="Work plan 2025", annotation=" Adopt it. ",
                              translations={"zh": {"title": "2025年工作计划", "annotation": ""}},
                              kind=AgendaItemKind.SUBSTANTIVE)
    assert outcome.saved
    [node] = svc.agenda(meeting.id)
    assert (node.title, node.annotation, node.translations) == ("Work plan 2025", "Adopt it.",
                                                                {"zh": {"title": "2025年工作计划"}})
    assert node.text("zh", "title") == "2025年工作计划" and node.text("zh", "annotation") == "Adopt it."
    assert not svc.update_item(item.id, title="").ok
    assert not svc.update_item(item.id, kind="banquet").ok
    bad = svc.update_item(item.id, translations={"de": {"title": "Arbeitsplan"}})
    assert not bad.ok and "de" in texts(bad)
    assert svc.agenda(meeting.id)[0].title == "Work plan 2025"


def test_documents_under_an_item(svc, meeting):
    item = svc.add_item(meeting.id, "Work plan").record
    with svc.store.session() as s:
        doc = Document(body_id=svc.body_id, meeting_id=meeting.id, symbol="ESCAP/CED/TEG/2024/1", number=1,
                       year=2024, title="Draft work plan")
        s.add(doc)
    assert svc.attach_document(item.id, doc.id).saved
    assert "already listed" in texts(svc.attach_document(item.id, doc.id))
    assert [(d.symbol, d.title) for d in svc.agenda(meeting.id)[0].documents] == [("ESCAP/CED/TEG/2024/1",
                                                                                   "Draft work plan")]
    assert svc.detach_document(item.id, doc.id).saved
    assert svc.agenda(meeting.id)[0].documents == []
    assert not svc.detach_document(item.id, doc.id).ok
