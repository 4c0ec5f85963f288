"""Hostile text through the roster import and every form's checks: no crash, a clear answer.

An import either imports the rows as written (trimmed) or refuses them all
with reasons (:class:`ImportFailed`, a :class:`UserError`); a form's check
(the services with ``save=False``) always answers with an Outcome whose
messages render in English and Chinese. Nothing else may escape, and a check
never writes.
"""

from __future__ import annotations

import csv
import datetime as dt
import uuid

import pytest
from hostile import hostile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from sqlmodel import func, select

from tegdesk.core.errors import UserError
from tegdesk.core.i18n import translator
from tegdesk.core.interchange.roster_import import ROSTER_COLUMNS, ImportFailed, import_roster
from tegdesk.core.models import AuditEntry, Body, Expert, Meeting, MemberState, Term, TorVersion
from tegdesk.core.services.meetings import MeetingData, MeetingService
from tegdesk.core.services.participants import ParticipantService
from tegdesk.core.services.roster import ExpertData, RosterService, validate_expert
from tegdesk.core.store import open_store

EN, ZH = translator("en"), translator("zh")
FEW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A store with a body without limits (every row may pass the rules), the TEG and a meeting."""
    store = open_store(tmp_path_factory.mktemp("hostile") / "tegdesk.sqlite3")
    with store.session() as s:
        body = Body(code="NET", name_en="Expert network")
        s.add(body)
        s.add(TorVersion(body_id=body.id, version=1, effective_date=dt.date(2020, 1, 1), experts_per_member=None,
                         max_consecutive_terms=None))
        teg = s.exec(select(Body).where(Body.code == "TEG")).one()
        meeting = Meeting(body_id=teg.id, number=9, title="Ninth meeting", start_date=dt.date(2030, 3, 12),
                          end_date=dt.date(2030, 3, 13))
        s.add(meeting)
        thailand = s.exec(select(MemberState).where(MemberState.iso2 == "TH")).one()
        ids = {"meeting": meeting.id, "thailand": thailand.id}
    yield store, ids
    store.close()


def counts(store) -> tuple[int, int, int]:
    with store.reader() as s:
        return tuple(s.exec(select(func.count()).select_from(m)).one() for m in (Expert, Term, AuditEntry))


def person_row(family: str, given: str, other: str) -> dict[str, str]:
    return {"member": "TH", "family_name": family, "given_names": given, "honorific": other[:20],
            "title": other, "organization": given, "email": "", "phone": other[:40], "gender": "",
            "term_start": "2025-01-01", "areas": ""}


def expect_all_or_nothing(store, path, rows: list[dict[str, str]]) -> None:
    before = counts(store)
    try:
        summary = import_roster(store, path, body_code="NET", backup=False)
    except ImportFailed as failed:  # refused: every reason renders, nothing written
        assert failed.errors
        for line in failed.report(EN) + failed.report(ZH):
            assert isinstance(line, str) and line
        assert counts(store) == before
        return
    except UserError as refused:  # the whole file (empty, unreadable ...)
        assert refused.text(EN) and refused.text(ZH)
        assert counts(store) == before
        return
    assert summary.terms_added == len(rows)
    with store.reader() as s:
        stored = {e.family_name for e in s.exec(select(Expert)).all()}
    assert {r["family_name"].strip() for r in rows} <= stored


@FEW
@given(family=hostile(), given_name=hostile(long=False), other=hostile(long=False))
def test_csv_import(world, tmp_path_factory, family, given_name, other):
    store, _ids = world
    family = f"{family} {uuid.uuid4().hex[:6]}"  # a new person each time (no history to order)
    rows = [person_row(family, given_name, other)]
    path = tmp_path_factory.mktemp("csv") / "roster.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=ROSTER_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    expect_all_or_nothing(store, path, rows)


def _xlsx_safe(text: str) -> str:
    """What a spreadsheet (XML) can hold: no control characters or non-characters, no leading ``=`` (a formula)."""
    return ILLEGAL_CHARACTERS_RE.sub("", text).replace("\ufffe", "").replace("\uffff", "").lstrip("=")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(family=hostile(), given_name=hostile(long=False), other=hostile(long=False))
def test_xlsx_import(world, tmp_path_factory, family, given_name, other):
    store, _ids = world
    family = f"{_xlsx_safe(family)} {uuid.uuid4().hex[:6]}"
    rows = [person_row(family, _xlsx_safe(given_name), _xlsx_safe(other))]
    path = tmp_path_factory.mktemp("xlsx") / "roster.xlsx"
    wb = Workbook()
    wb.active.append(ROSTER_COLUMNS)
    wb.active.append([rows[0].get(c, "") for c in ROSTER_COLUMNS])
    for cell in wb.active[2]:
        cell.data_type = "s"  # text as typed, never a formula
    wb.save(path)
    expect_all_or_nothing(store, path, rows)


@FEW
@given(cells=st.lists(hostile(long=False), min_size=1, max_size=14))
def test_any_csv_file_is_imported_or_refused_never_a_crash(world, tmp_path_factory, cells):
    """Hostile headers, dates, members and codes: a reason, never a crash."""
    store, _ids = world
    path = tmp_path_factory.mktemp("any") / "roster.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["member", "family_name", "term_start", *cells[:3]])
        writer.writerow(cells)
    before = counts(store)
    try:
        import_roster(store, path, body_code="NET", backup=False)
    except UserError as refused:
        assert refused.text(EN)
        assert counts(store) == before


# -- forms: the services with save=False -------------------------------------------------------

def renders(outcome) -> None:
    for violation in outcome.violations:
        assert violation.text(EN) and violation.text(ZH)


@FEW
@given(a=hostile(surrogates=True), b=hostile(long=False, surrogates=True), c=hostile(long=False, surrogates=True))
def test_every_form_check_answers(world, a, b, c):
    """Text as a form could hand it over (even lone surrogates from a Qt string)."""
    store, ids = world
    before = counts(store)
    roster = RosterService(store)
    expert = ExpertData(family_name=a, given_names=b, honorific=c, title=a, organization=b, email=c, phone=c,
                        gender=c, areas=[b, c])
    for violation in validate_expert(expert, {"CC01"}):
        assert violation.text(EN)
    renders(roster.nominate(member_id=ids["thailand"], start_date=dt.date(2031, 1, 1), expert=expert,
                            nomination_ref=b, save=False))
    renders(roster.amend_tor(effective_date=dt.date(2031, 1, 1), adopted_by=a, save=False))
    participants = ParticipantService(store)
    renders(participants.designate_representative(ids["meeting"], ids["thailand"], topic=a, family_name=b,
                                                  given_names=c, honorific=c, affiliation=a, email=c, save=False))
    renders(participants.add_observer(ids["meeting"], organisation_name=a, family_name=b, given_names=c,
                                      affiliation=a, email=c, save=False))
    meetings = MeetingService(store)
    renders(meetings.save_meeting(MeetingData(title=a, start_date=dt.date(2031, 5, 1), venue=b, contact=c, notes=a,
                                              reference=c, translations={"zh": {"title": b, c: a}}), save=False))
    renders(meetings.add_item(ids["meeting"], a, annotation=b, translations={"zh": {"title": c}}, save=False))
    renders(meetings.add_secretariat(ids["meeting"], family_name=a, given_names=b, affiliation=c, email=c,
                                     save=False))
    assert counts(store) == before  # checking never writes
