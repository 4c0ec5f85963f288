"""Personal data: contacts stay out of exports unless asked, documents name no person in
their metadata, and the database, its journal, backups and lock file are the user's alone."""

from __future__ import annotations

import csv
import datetime as dt
import getpass
import os
import re
import stat
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from tegdesk.core.documents.meeting_export import export_meeting_document
from tegdesk.core.interchange.roster_export import export_roster
from tegdesk.core.models import Body, Expert, Meeting, MemberState, Participant
from tegdesk.core.services.roster import ExpertData, RosterService
from tegdesk.core.store import open_store
from tegdesk.core.store.backup import make_backup

EMAIL, PHONE = "malee.srisuk@pcd.example.org", "+66 2 298 2000"
P_EMAIL = "okafor.daniel@unep.example.org"
PEOPLE = ("Srisuk", "Malee", "Okafor", "Daniel", "Lindqvist")
AS_OF = dt.date(2025, 6, 1)


@pytest.fixture
def people(store):
    """A serving expert with contacts, and a meeting with participants who gave theirs."""
    service = RosterService(store)
    with store.session() as s:
        thailand = s.exec(select(MemberState).where(MemberState.iso3 == "THA")).one()
    outcome = service.nominate(member_id=thailand.id, start_date=dt.date(2025, 1, 1), expert=ExpertData(
        family_name="Srisuk", given_names="Malee", honorific="Ms.", email=EMAIL, phone=PHONE,
        organization="Pollution Control Department"))
    assert outcome.saved
    with store.session() as s:
        teg = s.exec(select(Body).where(Body.code == "TEG")).one()
        meeting = Meeting(body_id=teg.id, number=3, title="Third meeting", start_date=dt.date(2025, 3, 12),
                          end_date=dt.date(2025, 3, 13), venue="Bangkok", registration_deadline=dt.date(2025, 2, 27))
        s.add(meeting)
        s.flush()
        s.add_all([
            Participant(meeting_id=meeting.id, role="expert", expert_id=outcome.record.expert_id,
                        member_id=thailand.id),
            Participant(meeting_id=meeting.id, role="observer", family_name="Okafor", given_names="Daniel",
                        affiliation="UNEP", email=P_EMAIL),
            Participant(meeting_id=meeting.id, role="secretariat", family_name="Lindqvist", given_names="Anna",
                        email="lindqvist@un.example.org"),
        ])
        return meeting.id


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def file_text(path: Path) -> str:
    """Everything a reader of the file sees, as text."""
    if path.suffix == ".pdf":
        return pdf_text(path)
    if path.suffix == ".xlsx":
        wb = load_workbook(path)
        text = "\n".join(str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row
                         if c is not None)
        wb.close()
        return text
    return path.read_text(encoding="utf-8-sig")


# -- contacts only when asked -----------------------------------------------------------------

@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".pdf"])
def test_roster_exports_leave_contacts_out_unless_asked(store, people, tmp_path, suffix):
    without = export_roster(store, tmp_path / f"roster{suffix}", as_of=AS_OF)
    text = file_text(without)
    assert "Srisuk" in text
    assert EMAIL not in text and "298 2000" not in text
    if suffix != ".pdf":
        header = next(csv.reader([text.splitlines()[0]])) if suffix == ".csv" else None
        assert header is None or ("email" not in header and "phone" not in header)
    asked = file_text(export_roster(store, tmp_path / f"contacts{suffix}", as_of=AS_OF, with_contacts=True))
    assert EMAIL in asked.replace("\n", "") or EMAIL.split("@")[0] in asked
    assert "298" in asked


@pytest.mark.parametrize("suffix", [".pdf", ".docx"])
def test_the_list_of_participants_prints_no_contacts(store, people, tmp_path, suffix):
    out = export_meeting_document(store, people, "participants", tmp_path / f"participants{suffix}", lang="en").path
    if suffix == ".pdf":
        text = pdf_text(out)
    else:
        from docx import Document

        text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "Okafor" in text
    for contact in (P_EMAIL, EMAIL, "lindqvist@un.example.org", "298 2000"):
        assert contact not in text


# -- metadata -----------------------------------------------------------------------------------

def metadata(path: Path) -> dict[str, str]:
    """The document information dictionary as pdfinfo reads it, plus the raw XMP packet if any."""
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    fields = {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in info.splitlines())}
    raw = path.read_bytes()
    xmp = re.search(rb"<x:xmpmeta.*?</x:xmpmeta>", raw, re.S)
    fields["XMP"] = xmp.group(0).decode("utf-8", "replace") if xmp else ""
    return fields


def pdfs(store, meeting_id, folder: Path) -> list[Path]:
    """A PDF from every builder."""
    made = [export_roster(store, folder / "roster.pdf", as_of=AS_OF, with_contacts=True)]
    for what in ("agenda", "notice", "participants"):
        made.append(export_meeting_document(store, meeting_id, what, folder / f"{what}.pdf", lang="en").path)
    made.append(export_roster(store, folder / "roster-zh.pdf", lang="zh", as_of=AS_OF))
    return made


def test_pdf_metadata_names_no_person(store, people, tmp_path):
    user = getpass.getuser()
    for path in pdfs(store, people, tmp_path):
        meta = metadata(path)
        assert meta["Author"] in ("ESCAP secretariat", "亚太经社会秘书处") or "secretariat" in meta["Author"]
        assert meta["Creator"] == "tegdesk", path.name
        assert meta["Producer"].startswith("ReportLab"), path.name
        for key in ("Author", "Creator", "Producer", "Subject", "Title", "Keywords", "XMP"):
            value = meta.get(key, "")
            for name in (*PEOPLE, EMAIL, P_EMAIL):
                assert name not in value, (path.name, key, value)
            if len(user) >= 3:  # the computer's user is nobody's business
                assert not re.search(rf"\b{re.escape(user)}\b", value), (path.name, key, value)


# -- private files ----------------------------------------------------------------------------

def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_database_journal_backups_and_lock_are_private(tmp_path):
    old = os.umask(0o022)  # a usual, permissive umask: files would be 0644
    try:
        db = tmp_path / "data" / "tegdesk.sqlite3"
        store = open_store(db)
        try:
            with store.session() as s:  # a write: the WAL and its index exist now
                s.add(Expert(family_name="Private"))
            with store.engine.connect() as conn:
                conn.exec_driver_sql("SELECT count(*) FROM expert").all()
                found = {p.name: mode(p) for p in db.parent.iterdir() if p.is_file()}
            assert found["tegdesk.sqlite3"] == 0o600
            for journal in ("tegdesk.sqlite3-wal", "tegdesk.sqlite3-shm"):
                assert found.get(journal, 0o600) == 0o600, journal
            lock = db.with_name(db.name + ".lock")  # one writer per database
            assert lock.exists() and mode(lock) == 0o600
            assert mode(db.parent) == 0o700
            backup = make_backup(db, "manual")
            assert mode(backup) == 0o600 and mode(backup.parent) == 0o700
        finally:
            store.close()
        store = open_store(db)  # reopened: still private
        store.close()
        assert mode(db) == 0o600
    finally:
        os.umask(old)
