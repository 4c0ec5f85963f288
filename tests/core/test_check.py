"""check_database: integrity, foreign keys and invariants, never changing the file."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlmodel import Session, select

from tegdesk.core.check import INVARIANTS, CheckReport, Finding, check_database, invariant
from tegdesk.core.i18n import translator
from tegdesk.core.models import (
    Body,
    Document,
    Expert,
    Meeting,
    MeetingStatus,
    MemberState,
    OfficeHolding,
    Term,
    TermStatus,
)
from tegdesk.core.store import open_store

D = dt.date


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def corrupt(path: Path) -> None:
    """Overwrite page 2 (a b-tree page) and a stretch in the middle of the file with garbage."""
    size = path.stat().st_size
    page = 4096
    with path.open("r+b") as fh:
        fh.seek(page)  # page 2, the first table's root: its header
        fh.write(b"\xff" * 64)
        fh.seek((size // 2) // page * page)
        fh.write(bytes(range(256)) * 16)


def _teg_and_member(session: Session, iso2: str = "TH") -> tuple[Body, MemberState]:
    teg = session.exec(select(Body).where(Body.code == "TEG")).one()
    member = session.exec(select(MemberState).where(MemberState.iso2 == iso2)).one()
    return teg, member


def _term(session: Session, teg: Body, member: MemberState, name: str, start: D, **kw) -> Term:
    expert = Expert(family_name=name, given_names="Test")
    session.add(expert)
    session.flush()
    end = kw.pop("end", start.replace(year=start.year + 3) - dt.timedelta(days=1))
    term = Term(expert_id=expert.id, body_id=teg.id, member_id=member.id, start_date=start, end_date=end, **kw)
    session.add(term)
    session.flush()
    return term


def test_a_new_database_is_sound(store):
    store.close()
    report = check_database(store.path)
    assert isinstance(report, CheckReport)
    assert report.ok and report.findings == []
    assert report.checks[:2] == ["integrity", "foreign_keys"]
    assert set(INVARIANTS) <= set(report.checks)
    assert {"R1", "R5", "dates", "meetings", "documents"} <= set(INVARIANTS)


def test_missing_file_raises(tmp_path):
    with pytest.raises(FileNotFoundError):
        check_database(tmp_path / "absent.sqlite3")
    assert not (tmp_path / "absent.sqlite3").exists()


def test_a_damaged_file_is_reported_and_left_alone(store):
    with store.session() as s:
        teg, member = _teg_and_member(s)
        for i in range(40):  # enough rows for several pages
            _term(s, teg, member if i % 2 else _teg_and_member(s, "FJ")[1], f"Expert {i:03d}" * 20,
                  D(2023, 1, 1) + dt.timedelta(days=1200 * (i // 4)))
    store.close()
    corrupt(store.path)
    before = _digest(store.path)
    report = check_database(store.path)
    assert not report.ok
    assert report.findings and all(f.check == "integrity" for f in report.findings)
    assert report.checks == ["integrity"]  # nothing else was tried on a damaged file
    assert _digest(store.path) == before


def test_a_file_that_is_not_a_database(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_text("minutes of the meeting\n" * 500, encoding="utf-8")
    before = _digest(path)
    report = check_database(path)
    assert not report.ok and report.findings[0].check == "integrity"
    assert _digest(path) == before


def test_an_sqlite_file_of_another_application(tmp_path):
    path = tmp_path / "other.sqlite3"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    report = check_database(path)
    assert [f.check for f in report.findings] == ["schema"]


def test_foreign_key_violation(store):
    store.close()
    con = sqlite3.connect(store.path)
    con.execute("PRAGMA foreign_keys=OFF")
    con.execute("INSERT INTO agenda_item (id, created_at, updated_at, meeting_id, position, kind, title, annotation) "
                "VALUES ('00000000000000000000000000000001', '2024-01-01', '2024-01-01', "
                "'000000000000000000000000000000ff', 1, 'opening', 'Opening', '')")
    con.commit()
    con.close()
    report = check_database(store.path)
    assert [f.check for f in report.findings] == ["foreign_keys"]
    text = report.findings[0].text(translator("en"))
    assert text == ("[foreign_keys] Row 00000000000000000000000000000001 of table agenda_item: meeting_id refers "
                    "to a missing row of meeting.")


def test_r1_more_than_two_experts_serving(store):
    with store.session() as s:
        teg, member = _teg_and_member(s)
        _term(s, teg, member, "One", D(2023, 3, 14))
        _term(s, teg, member, "Two", D(2023, 6, 1))
        _term(s, teg, member, "Three", D(2024, 1, 15))
    store.close()
    report = check_database(store.path)
    assert [f.check for f in report.findings] == ["R1"]
    text = report.findings[0].text(translator("en"))
    assert text.startswith("[R1] Thailand has 3 experts serving on TEG on 15 January 2024")
    assert "at most 2" in text and "Test One" in text


def test_r1_counts_ended_on_and_soft_deletion(store):
    with store.session() as s:
        teg, member = _teg_and_member(s)
        _term(s, teg, member, "One", D(2023, 3, 14))
        # withdrawn and replaced: the place is free the day after the last day served
        gone = _term(s, teg, member, "Two", D(2023, 3, 14), status=TermStatus.REPLACED, ended_on=D(2024, 1, 14))
        _term(s, teg, member, "Three", D(2024, 1, 15), replaces_term_id=gone.id)
        # a deleted term does not count
        _term(s, teg, member, "Four", D(2024, 2, 1), deleted_at=dt.datetime(2024, 2, 2, tzinfo=dt.timezone.utc))
    store.close()
    assert check_database(store.path).ok


def test_r5_officer_must_serve_and_hold_one_office(store):
    with store.session() as s:
        teg, member = _teg_and_member(s)
        serving = _term(s, teg, member, "Serving", D(2023, 3, 14))
        outsider = Expert(family_name="Outsider", given_names="Test")
        s.add(outsider)
        s.flush()
        end = D(2026, 3, 13)
        s.add_all([
            OfficeHolding(body_id=teg.id, office="chair", expert_id=serving.expert_id, start_date=D(2023, 3, 14),
                          end_date=end),
            OfficeHolding(body_id=teg.id, office="vice_chair", expert_id=serving.expert_id,
                          start_date=D(2023, 3, 14), end_date=end),
            OfficeHolding(body_id=teg.id, office="chair", expert_id=outsider.id, start_date=D(2024, 3, 14),
                          end_date=end),
        ])
    store.close()
    report = check_database(store.path)
    texts = [f.text(translator("en")) for f in report.findings]
    assert {f.check for f in report.findings} == {"R5"}
    assert any("Test Outsider holds the office of Chair" in t and "not a serving expert" in t for t in texts)
    assert any("holds two offices" in t and "Chair and Vice-Chair" in t for t in texts)
    assert any("has two holders" in t for t in texts)


def test_custom_invariants_and_database_errors(store):
    store.close()

    def broken(session):
        session.exec(select(Expert)).all()
        raise sqlite3.OperationalError("no such column: expert.nickname")

    def complaining(session):
        yield Finding("X1", "Something is off with {what}.", {"what": "the agenda"})

    report = check_database(store.path, invariants={"broken": broken, "X1": complaining})
    assert report.checks == ["integrity", "foreign_keys", "broken", "X1"]
    assert [f.check for f in report.findings] == ["broken", "X1"]
    assert "no such column" in report.findings[0].text(translator("en"))
    assert report.findings[1].text(translator("en")) == "[X1] Something is off with the agenda."


def test_a_bug_in_an_invariant_is_not_hidden(store):
    store.close()

    def buggy(session):
        raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        check_database(store.path, invariants={"buggy": buggy})


def test_invariant_registration_refuses_duplicates():
    with pytest.raises(ValueError):
        invariant("R1")(lambda session: [])


def test_the_check_does_not_write(store):
    store.close()
    before = _digest(store.path)
    assert check_database(store.path).ok
    assert _digest(store.path) == before
    again = open_store(store.path)  # still a good database
    again.close()


def test_dates_terms_and_offices_that_end_before_they_start(store):
    with store.session() as s:
        teg, member = _teg_and_member(s)
        term = _term(s, teg, member, "Backwards", D(2024, 3, 1), end=D(2024, 2, 1))
        s.add(OfficeHolding(body_id=teg.id, office="chair", expert_id=term.expert_id, start_date=D(2024, 3, 1),
                            end_date=D(2023, 3, 1)))
    store.close()
    texts = [f.text(translator("en")) for f in check_database(store.path).findings if f.check == "dates"]
    assert texts == [
        "[dates] The term of Test Backwards for Thailand on TEG ends (1 February 2024) before it starts "
        "(1 March 2024).",
        "[dates] The office of Chair of TEG held by Test Backwards ends (1 March 2023) before it starts "
        "(1 March 2024).",
    ]


def _meeting(session, teg, number, start, end, **kw):
    meeting = Meeting(body_id=teg.id, number=number, title=f"Meeting {number}", start_date=start, end_date=end, **kw)
    session.add(meeting)
    session.flush()
    return meeting


def test_meetings_dates_deadlines_and_order(store):
    with store.session() as s:
        teg, _member = _teg_and_member(s)
        _meeting(s, teg, 1, D(2024, 3, 12), D(2024, 3, 13), nominations_called_on=D(2024, 2, 1),
                 nomination_deadline=D(2024, 2, 20), registration_deadline=D(2024, 3, 1))  # sound
        _meeting(s, teg, 2, D(2024, 6, 5), D(2024, 6, 4))  # ends before it starts
        _meeting(s, teg, 3, D(2024, 9, 10), D(2024, 9, 11), nominations_called_on=D(2024, 9, 1),
                 nomination_deadline=D(2024, 8, 1), registration_deadline=D(2024, 9, 10))
        _meeting(s, teg, 4, D(2024, 9, 11), D(2024, 9, 12))  # overlaps TEG 3
        _meeting(s, teg, 5, D(2024, 9, 1), D(2024, 9, 30), status=MeetingStatus.CANCELLED)  # cancelled: ignored
        _meeting(s, teg, 6, D(2024, 12, 1), D(2024, 12, 1), deleted_at=dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc),
                 registration_deadline=D(2025, 1, 1))  # deleted: ignored
    store.close()
    texts = [f.text(translator("en")) for f in check_database(store.path).findings]
    assert texts == [
        "[meetings] Meeting TEG 2 ends (4 June 2024) before it starts (5 June 2024).",
        "[meetings] The deadline for registration for meeting TEG 3 (10 September 2024) is not before it starts "
        "(10 September 2024).",
        "[meetings] The deadline for nominations for meeting TEG 3 (1 August 2024) falls before nominations are "
        "solicited (1 September 2024).",
        "[meetings] Meeting TEG 4 starts (11 September 2024) before meeting TEG 3 ends (11 September 2024).",
    ]


def test_document_symbols_unique_ignoring_case_and_spaces(store):
    with store.session() as s:
        teg, _member = _teg_and_member(s)
        s.add_all([
            Document(body_id=teg.id, symbol="ESCAP/CED/TEG/2024/L.1", number=1, year=2024, title="Provisional agenda"),
            Document(body_id=teg.id, symbol="escap/ced/teg/2024/ L.1", number=1, year=2024, title="Copy"),
            Document(body_id=teg.id, symbol="ESCAP/CED/TEG/2024/1", number=1, year=2024, title="Fine"),
            Document(body_id=teg.id, symbol="ESCAP/CED/TEG/2024/1 ", number=1, year=2024, title="Deleted",
                     deleted_at=dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)),
        ])
    store.close()
    findings = check_database(store.path).findings
    assert [f.text(translator("en")) for f in findings] == [
        "[documents] 2 documents carry the symbol ESCAP/CED/TEG/2024/L.1: ESCAP/CED/TEG/2024/L.1 “Provisional "
        "agenda”; escap/ced/teg/2024/ L.1 “Copy”."]


def test_findings_in_chinese(store):
    with store.session() as s:
        teg, _member = _teg_and_member(s)
        _meeting(s, teg, 2, D(2024, 6, 5), D(2024, 6, 4))
    store.close()
    text = check_database(store.path).findings[0].text(translator("zh"))
    assert text.startswith("[meetings] ") and "2024年6月4日" in text and "TEG 2" in text


def test_the_demonstration_is_sound(store):
    from tegdesk.core.demo import populate_demo

    populate_demo(store, today=D(2025, 6, 1))
    store.close()
    report = check_database(store.path)
    assert report.findings == []
