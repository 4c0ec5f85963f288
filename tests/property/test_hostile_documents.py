"""Every PDF builder takes hostile text without crashing, and prints it literally.

The roster PDF gets rows straight from the strategy; the meeting documents
(agenda, notice, list of participants) read a meeting whose texts are
rewritten with hostile text before each example, straight into the
database (as an old file or another tool might hold them), so the builders
see text no form has cleaned. A marker of markup characters must come out of
``pdftotext`` exactly as typed.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from hostile import hostile, marker, pdf_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from tegdesk.core.documents.meeting_export import build_meeting_pdf
from tegdesk.core.documents.roster_pdf import build_roster_pdf
from tegdesk.core.documents.text import clean, needs_bidi
from tegdesk.core.i18n import translator
from tegdesk.core.models import AgendaItem, Body, Expert, Meeting, MemberState, Participant
from tegdesk.core.services.roster import RosterRow
from tegdesk.core.store import open_store

EN = translator("en")
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                    derandomize=True)
LONG = ("Water & <b>air</b> 环境 Иванов مرحبا 😀 e\u0301 \x00 " * 400)[:10_000]


def roster_row(**fields) -> RosterRow:
    values = dict(term_id=uuid.uuid4(), expert_id=uuid.uuid4(), member_id=uuid.uuid4(), member="Thailand",
                  member_iso3="THA", associate=False, subregion="South-East Asia", honorific="Dr.",
                  family_name="Srisuk", given_names="Malee", organization="PCD", title="Director",
                  email="malee@example.org", phone="+66 2 123 4567", start_date=dt.date(2025, 1, 1),
                  end_date=dt.date(2027, 12, 31), term_number=1, status="serving", offices=[], tor_version=1)
    values.update(fields)
    return RosterRow(**values)


def beside(token: str, junk: str) -> str:
    """``token`` followed by ``junk``, unless the junk holds right-to-left text (whose
    bidi reordering may legitimately mirror the token's brackets)."""
    return token if needs_bidi(clean(junk)) else f"{token} {junk}"


@SETTINGS
@given(token=marker(), junk=hostile(surrogates=True), other=hostile(long=False, surrogates=True),
       contacts=st.booleans())
def test_roster_pdf(tmp_path_factory, token, junk, other, contacts):
    out = tmp_path_factory.mktemp("roster") / "roster.pdf"
    rows = [roster_row(family_name=junk, given_names=other, honorific=other, organization=beside(token, other),
                       title=junk, email=junk, phone=other, member=other),
            roster_row(family_name=token, given_names="", organization=junk, subregion=other)]
    build_roster_pdf(rows, out, tr=EN, as_of=dt.date(2026, 1, 1), tor_version=1, body_name=other,
                     with_contacts=contacts)
    text = pdf_text(out)
    assert text.count(token) >= 2


# -- meeting documents -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def meeting_store(tmp_path_factory):
    """A store with TEG 2: two agenda items, an expert, an observer and a secretariat officer."""
    store = open_store(tmp_path_factory.mktemp("meeting") / "tegdesk.sqlite3")
    with store.session() as s:
        teg = s.exec(select(Body).where(Body.code == "TEG")).one()
        thailand = s.exec(select(MemberState).where(MemberState.iso2 == "TH")).one()
        meeting = Meeting(body_id=teg.id, number=2, title="Second meeting", start_date=dt.date(2024, 3, 12),
                          end_date=dt.date(2024, 3, 13), venue="Bangkok", reference="TEG/2024/N.1",
                          registration_deadline=dt.date(2024, 2, 27), contact="teg@un.example")
        expert = Expert(family_name="Srisuk", given_names="Malee")
        s.add_all([meeting, expert])
        s.flush()
        s.add_all([AgendaItem(meeting_id=meeting.id, position=1, kind="opening", title="Opening"),
                   AgendaItem(meeting_id=meeting.id, position=2, kind="substantive", title="Water",
                              annotation="Water quality."),
                   Participant(meeting_id=meeting.id, role="expert", expert_id=expert.id, member_id=thailand.id),
                   Participant(meeting_id=meeting.id, role="observer", family_name="Okafor", given_names="Daniel",
                               affiliation="UNEP"),
                   Participant(meeting_id=meeting.id, role="secretariat", family_name="Lindqvist",
                               given_names="Anna")])
        meeting_id = meeting.id
    yield store, meeting_id
    store.close()


def rewrite(store, meeting_id, token: str, junk: str, other: str) -> None:
    """Put hostile text in every text the meeting documents print."""
    with store.session() as s:
        meeting = s.get(Meeting, meeting_id)
        meeting.title, meeting.venue, meeting.contact = junk, beside(token, other), other
        items = s.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id)
                       .order_by(AgendaItem.position)).all()
        items[0].title, items[0].annotation = other, junk
        items[1].title, items[1].annotation = beside(token, other), junk
        for p in s.exec(select(Participant).where(Participant.meeting_id == meeting_id)).all():
            if p.role == "expert":
                expert = s.get(Expert, p.expert_id)
                expert.family_name, expert.given_names, expert.organization = junk, other, junk
            elif p.role == "observer":
                p.family_name, p.given_names, p.affiliation = beside(token, other), other, junk
            else:
                p.family_name, p.affiliation = other or "x", junk


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(token=marker(), junk=hostile(long=False), other=hostile(long=False))
def test_meeting_documents(meeting_store, token, junk, other):
    """(Long texts cost seconds per document: they are tried once, below.)"""
    store, meeting_id = meeting_store
    rewrite(store, meeting_id, token, junk, other)
    agenda = pdf_text(build_meeting_pdf(store, meeting_id, "agenda", lang="en", annotated=True))
    assert token in agenda
    notice = pdf_text(build_meeting_pdf(store, meeting_id, "notice", lang="en"))
    assert token in notice  # the venue
    participants = pdf_text(build_meeting_pdf(store, meeting_id, "participants", lang="en"))
    assert token in participants  # the observer
    build_meeting_pdf(store, meeting_id, "agenda", lang="zh")  # another language, other fonts


def test_ten_thousand_characters_in_every_document(meeting_store, tmp_path):
    store, meeting_id = meeting_store
    rewrite(store, meeting_id, "Q<b>Z", LONG, LONG[:300])
    for what in ("agenda", "notice", "participants"):
        printed = pdf_text(build_meeting_pdf(store, meeting_id, what, lang="en", annotated=True))
        assert "Q<b>Z" in printed, what
    out = tmp_path / "roster.pdf"
    build_roster_pdf([roster_row(family_name=LONG, organization=LONG, title=LONG[:2000])], out, tr=EN,
                     as_of=dt.date(2026, 1, 1), tor_version=1, body_name=LONG[:500])
    assert "Water&<b>air</b>" in pdf_text(out)


@pytest.mark.parametrize("text", [
    "<b>bold</b> & <i>x &amp; &#0;", "O'Brien \"quoted\" {name} %s", "Zoë e\u0301 Nguyễn",
    "\x00\x07nul\x1bbell", "left\u202eright", "环境 Иванов", "😀👩\u200d👩\u200d👧"])
def test_known_hostile_names_print_as_typed(tmp_path, text):
    """The printable part of each classic troublemaker comes out as typed."""
    out = tmp_path / "roster.pdf"
    build_roster_pdf([roster_row(organization=text)], out, tr=EN, as_of=dt.date(2026, 1, 1), tor_version=1,
                     body_name="TEG")
    printed = pdf_text(out)
    expected = {"<b>bold</b> & <i>x &amp; &#0;": "<b>bold</b>&<i>x&amp;&#0;",
                "O'Brien \"quoted\" {name} %s": "O'Brien\"quoted\"{name}%s",
                "\x00\x07nul\x1bbell": "nulbell", "left\u202eright": "leftright",
                "环境 Иванов": "环境Иванов"}
    if text in expected:
        assert expected[text] in printed
    elif text.startswith("Zo"):
        assert "Zoë" in printed and "Nguy" in printed
