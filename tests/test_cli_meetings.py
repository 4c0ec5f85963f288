"""tegdesk meetings and tegdesk export agenda|notice|participants: headless, by file extension, one-line errors."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from tegdesk.core.store import open_store
from tests.core.test_meeting_docs_data import AGENDA_SYMBOL, TRICKY, make_meeting
from tests.test_cli import call, one_line_error

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "m.sqlite3"
    store = open_store(path)
    try:
        make_meeting(store)
    finally:
        store.close()
    return path


def text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    return " ".join(out.split())


def test_meetings_lists_reference_dates_place_status_title(db, capsys):
    code, out, err = call(capsys, "--db", str(db), "meetings")
    assert code == 0 and err == ""
    assert out.splitlines() == ["TEG:2\t12–13 March 2024\tBangkok\tPlanned\tSecond meeting of the Technical Expert "
                                "Group on Environment and Development"]
    code, out, _ = call(capsys, "--lang", "zh", "--db", str(db), "meetings")
    assert code == 0 and out.split("\t")[1:] == ["2024年3月12日至13日", "曼谷联合国会议中心", "已计划",
                                                 "环境与发展技术专家组第二次会议\n"]


def test_export_agenda_in_english_and_chinese(db, tmp_path, capsys):
    pdf = tmp_path / "agenda.pdf"
    code, out, err = call(capsys, "--db", str(db), "export", "agenda", str(pdf), "--meeting", "TEG:2",
                          "--date", "2024-02-01")
    assert code == 0 and err == "" and "Agenda written to" in out
    flat = text(pdf)
    assert f"United Nations {AGENDA_SYMBOL}" in flat and "Provisional agenda" in flat and f"3. {TRICKY}" in flat
    zh = tmp_path / "agenda-zh.pdf"
    code, out, err = call(capsys, "--db", str(db), "export", "agenda", str(zh), "--meeting", "TEG:2", "--lang", "zh",
                          "--annotated")
    assert code == 0
    flat = text(zh)
    assert "附加说明的临时议程" in flat and "2024年3月12日至13日" in flat and "会议开幕" in flat
    # what the Chinese document shows in English is a warning, not a failure, told in the
    # interface's language (English here: the command's --lang is the document's)
    assert "Item 4 has no title in Chinese; the English title is shown." in err


def test_export_notice_to_governments_and_experts(db, tmp_path, capsys):
    note = tmp_path / "note.pdf"
    assert call(capsys, "--db", str(db), "export", "notice", str(note), "--meeting", "TEG:2")[0] == 0
    assert "presents its compliments" in text(note) and "Yours sincerely" not in text(note)
    letter = tmp_path / "letter.docx"
    code, out, _ = call(capsys, "--db", str(db), "export", "notice", str(letter), "--meeting", "teg:2", "--to",
                        "experts", "--lang", "zh")
    assert code == 0 and letter.is_file()
    paragraphs = [p.text for p in docx.Document(str(letter)).paragraphs]
    assert "尊敬的先生/女士：" in paragraphs


def test_export_participants(db, tmp_path, capsys):
    out = tmp_path / "participants.pdf"
    code, _, err = call(capsys, "--db", str(db), "export", "participants", str(out), "--meeting", "TEG:2")
    assert code == 0 and "INF/1" in err  # no list of participants registered: the symbol shown is said
    assert "List of participants" in text(out) and "Ms. Malee Srisuk" in text(out)


def test_errors_are_one_line(db, tmp_path, capsys):
    result = call(capsys, "--db", str(db), "export", "agenda", str(tmp_path / "a.odt"), "--meeting", "TEG:2")
    assert result[0] == 1 and "a.odt" in one_line_error(result)
    result = call(capsys, "--db", str(db), "export", "agenda", str(tmp_path / "a.pdf"), "--meeting", "TEG:9")
    assert result[0] == 1 and "TEG:9" in one_line_error(result)
    result = call(capsys, "--db", str(db), "export", "agenda", str(tmp_path / "a.pdf"), "--meeting", "XYZ:1")
    assert result[0] == 1 and "XYZ" in one_line_error(result)
    result = call(capsys, "--db", str(tmp_path / "none.sqlite3"), "export", "notice", str(tmp_path / "n.pdf"),
                  "--meeting", "TEG:2")
    assert result[0] == 1 and "There is no database" in one_line_error(result)
    assert not (tmp_path / "none.sqlite3").exists()
    assert call(capsys, "--db", str(db), "export", "agenda", str(tmp_path / "a.pdf"))[0] == 2  # no --meeting
    assert call(capsys, "--db", str(db), "export", "notice", str(tmp_path / "a.pdf"), "--meeting", "TEG:2",
                "--to", "press")[0] == 2
    assert not list(tmp_path.glob("a.*"))


def test_meetings_of_a_body_without_meetings(db, capsys):
    code, out, _ = call(capsys, "--db", str(db), "meetings", "--body", "CED")
    assert code == 0 and "has no meeting yet" in out
