"""The document register: symbols from the body's scheme (with Add./Rev./Corr.), uniqueness,
validation, agenda labels, and distribution to all 62 members and associate members (R8)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import func, select

from tegdesk.core.errors import UserError
from tegdesk.core.i18n import translator
from tegdesk.core.models import Document, DocumentDistribution, DocumentKind, DocumentSeries, MemberState
from tegdesk.core.services.meetings import DocumentData, MeetingData, MeetingService, SymbolScheme

D = dt.date
L, INF = DocumentSeries.LIMITED, DocumentSeries.INFORMATION


@pytest.fixture
def svc(store):
    return MeetingService(store)


@pytest.fixture
def meeting(svc):
    return svc.save_meeting(MeetingData(title="First meeting", start_date=D(2024, 3, 12), venue="Bangkok",
                                        nominations_called_on=D(2024, 2, 1))).record


def add(svc, meeting, title="Paper", **changes):
    outcome = svc.add_document(meeting.id, DocumentData(title=title, **changes))
    assert outcome.saved, outcome.violations
    return outcome.record


def texts(outcome) -> str:
    tr = translator("en")
    return " | ".join(v.text(tr) for v in outcome.violations)


def test_symbol_scheme_formats_and_parses():
    scheme = SymbolScheme("ESCAP/CED/TEG", "{prefix}/{year}/{series}{number}")
    assert scheme.format(2024, "INF/", 2) == "ESCAP/CED/TEG/2024/INF/2"
    parsed = scheme.parse("ESCAP/CED/TEG/2024/L.1/Rev.2")
    assert (parsed.year, parsed.series, parsed.number, parsed.revision_kind, parsed.revision_number) == \
        (2024, "L.", 1, "Rev", 2)
    assert scheme.parse("ESCAP/CED/TEG/2024/7").series == ""
    for bad in ("ESCAP/CED/2024/1", "ESCAP/CED/TEG/24/1", "ESCAP/CED/TEG/2024/X.1", "ESCAP/CED/TEG/2024/1/Rev"):
        assert scheme.parse(bad) is None
    session = SymbolScheme("UNEP/IGE/IGSP", "{prefix}/{number}/{series}{year}")  # another body's scheme
    assert session.parse("UNEP/IGE/IGSP/1/L.2024").number == 1


def test_symbols_per_series_and_revisions(svc, meeting):
    assert svc.propose_symbol(meeting.id, series="") == "ESCAP/CED/TEG/2024/1"
    agenda = add(svc, meeting, "Provisional agenda", series=L, kind=DocumentKind.AGENDA)
    paper = add(svc, meeting)
    paper2 = add(svc, meeting, "Second paper")
    info = add(svc, meeting, "List of participants", series=INF, kind=DocumentKind.PARTICIPANTS)
    assert [d.symbol for d in (agenda, paper, paper2, info)] == [
        "ESCAP/CED/TEG/2024/L.1", "ESCAP/CED/TEG/2024/1", "ESCAP/CED/TEG/2024/2", "ESCAP/CED/TEG/2024/INF/1"]
    assert agenda.distribution == "limited" and paper.distribution == "general"
    assert svc.propose_symbol(meeting.id, series=L) == "ESCAP/CED/TEG/2024/L.2"
    assert svc.propose_symbol(meeting.id, revision_of=paper.id, revision_kind="Add") == "ESCAP/CED/TEG/2024/1/Add.1"
    add1 = add(svc, meeting, "Paper: addendum", revision_of=paper.id, revision_kind="Add")
    add2 = add(svc, meeting, "Paper: second addendum", revision_of=paper.id, revision_kind="Add")
    rev = add(svc, meeting, "Paper", revision_of=paper.id, revision_kind="Rev")
    corr = add(svc, meeting, "Corrigendum", revision_of=add1.id, revision_kind="Corr")  # numbered on the original
    assert [d.symbol for d in (add1, add2, rev, corr)] == [
        "ESCAP/CED/TEG/2024/1/Add.1", "ESCAP/CED/TEG/2024/1/Add.2", "ESCAP/CED/TEG/2024/1/Rev.1",
        "ESCAP/CED/TEG/2024/1/Corr.1"]
    assert (rev.series, rev.number, rev.revision_number, rev.base_document_id) == ("", 1, 1, paper.id)
    agenda_rev = add(svc, meeting, "Provisional agenda", series=L, kind=DocumentKind.AGENDA, revision_of=agenda.id,
                     revision_kind="Rev")
    assert agenda_rev.symbol == "ESCAP/CED/TEG/2024/L.1/Rev.1" and agenda_rev.distribution == "limited"
    assert svc.agenda_document(meeting.id).symbol == "ESCAP/CED/TEG/2024/L.1/Rev.1"
    rows = svc.documents(meeting.id)
    assert [r.symbol for r in rows] == [
        "ESCAP/CED/TEG/2024/1", "ESCAP/CED/TEG/2024/1/Rev.1", "ESCAP/CED/TEG/2024/1/Add.1",
        "ESCAP/CED/TEG/2024/1/Add.2", "ESCAP/CED/TEG/2024/1/Corr.1", "ESCAP/CED/TEG/2024/2",
        "ESCAP/CED/TEG/2024/L.1", "ESCAP/CED/TEG/2024/L.1/Rev.1", "ESCAP/CED/TEG/2024/INF/1"]
    assert rows[1].base_symbol == "ESCAP/CED/TEG/2024/1" and rows[1].revision_kind == "Rev"
    # Another year numbers from 1 again; the next meeting of 2024 continues the 2024 series.
    later = svc.save_meeting(MeetingData(title="Second", start_date=D(2024, 6, 4), venue="Bangkok")).record
    assert svc.propose_symbol(later.id) == "ESCAP/CED/TEG/2024/3"
    next_year = svc.save_meeting(MeetingData(title="Third", start_date=D(2025, 2, 4), venue="Bangkok")).record
    assert svc.propose_symbol(next_year.id) == "ESCAP/CED/TEG/2025/1"
    with pytest.raises(UserError):
        svc.propose_symbol(meeting.id, series="Z.")
    with pytest.raises(UserError):
        svc.propose_symbol(meeting.id, revision_of=paper.id, revision_kind="Amend")


def test_symbols_unique_and_never_reused(svc, meeting):
    first = add(svc, meeting)
    assert svc.remove_document(first.id).saved
    assert svc.documents(meeting.id) == []
    # The removed document keeps its symbol: the next is 2, and 1 cannot be given by hand.
    assert add(svc, meeting).symbol == "ESCAP/CED/TEG/2024/2"
    taken = svc.add_document(meeting.id, DocumentData(title="Again", symbol="ESCAP/CED/TEG/2024/1"))
    assert not taken.ok and "already used" in texts(taken)
    by_hand = add(svc, meeting, "Chosen", symbol="ESCAP/CED/TEG/2024/INF/5")
    assert (by_hand.series, by_hand.number, by_hand.year) == ("INF/", 5, 2024)
    assert svc.propose_symbol(meeting.id, series=INF) == "ESCAP/CED/TEG/2024/INF/6"
    revision_by_hand = add(svc, meeting, "Chosen", symbol="ESCAP/CED/TEG/2024/INF/5/Corr.1")
    assert revision_by_hand.base_document_id == by_hand.id and revision_by_hand.revision_kind == "Corr"
    orphan = svc.add_document(meeting.id, DocumentData(title="x", symbol="ESCAP/CED/TEG/2024/9/Rev.1"))
    assert not orphan.ok and "no document ESCAP/CED/TEG/2024/9" in texts(orphan)
    wrong = svc.add_document(meeting.id, DocumentData(title="x", symbol="A/79/1"))
    assert not wrong.ok and "ESCAP/CED/TEG/2024/1" in texts(wrong)
    # An original with live revisions cannot be removed.
    assert "remove them first" in texts(svc.remove_document(by_hand.id))


def test_document_validation(svc, meeting, store):
    cases = [
        (DocumentData(title=" "), "title"),
        (DocumentData(title="x", languages=[]), "languages"),
        (DocumentData(title="x", languages=["en", "de"]), "languages"),
        (DocumentData(title="x", languages=["zh"], original_language="en"), "original_language"),
        (DocumentData(title="x", kind="memo"), "kind"),
        (DocumentData(title="x", series="Z."), "series"),
        (DocumentData(title="x", series=L, distribution="general"), "distribution"),
        (DocumentData(title="x", distribution="secret"), "distribution"),
        (DocumentData(title="x", revision_kind="Rev"), "revision_of"),
        (DocumentData(title="x", titles={"xx": "?"}), "titles"),
    ]
    for data, field in cases:
        outcome = svc.add_document(meeting.id, data)
        assert not outcome.saved and field in {v.field for v in outcome.errors}, (field, outcome.violations)
    with store.reader() as s:
        assert s.exec(select(func.count()).select_from(Document)).one() == 0
    paper = add(svc, meeting, "Paper", languages=["en", "zh"], titles={"zh": " 文件 ", "fr": ""})
    assert paper.titles == {"zh": "文件"}
    # a second provisional agenda is allowed with a warning
    add(svc, meeting, "Provisional agenda", series=L, kind=DocumentKind.AGENDA)
    second = svc.add_document(meeting.id, DocumentData(title="Agenda again", series=L, kind=DocumentKind.AGENDA))
    assert second.saved and "already has a provisional agenda" in texts(second)


def test_update_document_and_symbol_change_only_before_sending(svc, meeting):
    paper = add(svc, meeting)
    data = DocumentData.from_document(paper)
    data.title, data.titles, data.symbol = "Renamed", {"zh": "改名"}, "ESCAP/CED/TEG/2024/4"
    outcome = svc.update_document(paper.id, data)
    assert outcome.saved and outcome.record.symbol == "ESCAP/CED/TEG/2024/4" and outcome.record.number == 4
    assert svc.documents(meeting.id)[0].title == "Renamed"
    svc.record_distribution(paper.id, sent_on=D(2024, 2, 1))
    data = DocumentData.from_document(outcome.record)
    data.symbol = "ESCAP/CED/TEG/2024/5"
    refused = svc.update_document(paper.id, data)
    assert not refused.ok and "cannot change" in texts(refused)
    data.symbol, data.title = None, "Kept symbol"
    assert svc.update_document(paper.id, data).record.symbol == "ESCAP/CED/TEG/2024/4"


def test_distribution_to_all_62_members_is_idempotent(svc, meeting, store):
    paper = add(svc, meeting, issued_on=D(2024, 2, 10))
    with store.reader() as s:
        members = s.exec(select(MemberState).order_by(MemberState.name_en)).all()
    assert len(members) == 62 and sum(m.is_associate for m in members) == 9
    early = svc.record_distribution(paper.id, sent_on=D(2024, 2, 9))
    assert not early.ok and "issued on 10 February 2024" in texts(early)
    some = svc.record_distribution(paper.id, sent_on=D(2024, 2, 12), member_ids=[members[0].id, members[1].id],
                                   channel="post")
    assert some.saved and len(some.record) == 2
    state = svc.distribution(paper.id)
    assert (len(state.sent), len(state.pending), state.complete) == (2, 60, False)
    everyone = svc.record_distribution(paper.id, sent_on=D(2024, 2, 13))
    assert everyone.saved and len(everyone.record) == 60  # the two already sent are skipped
    again = svc.record_distribution(paper.id, sent_on=D(2024, 2, 14))
    assert again.ok and again.record == []
    state = svc.distribution(paper.id)
    assert state.complete and state.members_total == 62
    assert {s.channel for s in state.sent} == {"post", "email"}
    assert next(s for s in state.sent if s.member.id == members[0].id).sent_on == D(2024, 2, 12)
    with store.reader() as s:
        assert s.exec(select(func.count()).select_from(DocumentDistribution)).one() == 62
    [row] = svc.documents(meeting.id)
    assert (row.sent_to, row.members_total, row.fully_distributed) == (62, 62, True)
    assert not svc.record_distribution(paper.id, sent_on=None).ok
    assert not svc.record_distribution(paper.id, sent_on=D(2024, 3, 1), channel=" ").ok
    assert not svc.record_distribution(paper.id, sent_on=D(2024, 3, 1), member_ids=[paper.id]).ok


def test_documents_show_their_agenda_items(svc, meeting):
    svc.start_agenda(meeting.id)
    paper = add(svc, meeting)
    nodes = svc.agenda(meeting.id)
    svc.attach_document(nodes[0].children[1].id, paper.id)
    svc.attach_document(nodes[1].id, paper.id)
    assert svc.documents(meeting.id)[0].items == ["1 (b)", "2"]
    assert svc.meetings()[0].n_documents == 1
    svc.remove_document(paper.id)
    assert svc.agenda(meeting.id)[1].documents == []
