"""Meeting documents as DOCX: real headings, the language set on styles and runs, literal user text (R6)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
import pytest
from docx.oxml.ns import qn

from tegdesk.core.documents.meeting_export import build_meeting_docx, export_meeting_document
from tests.core.test_meeting_docs_data import AGENDA_SYMBOL, PAPER_SYMBOL, TRICKY, TRICKY_ZH, make_meeting

ISSUED = dt.date(2024, 2, 1)


@pytest.fixture
def meeting(store):
    return make_meeting(store)


def load(store, meeting, what, lang, **kw):
    content = build_meeting_docx(store, meeting, what, lang=lang, issued=ISSUED, **kw)
    return docx.Document(io.BytesIO(content)), content


def headings(document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]


def test_annotated_agenda_has_real_headings(store, meeting):
    document, _ = load(store, meeting, "agenda", "en", annotated=True)
    found = headings(document)
    assert found[0] == ("Heading 1", "Annotated provisional agenda")
    assert ("Heading 2", "Annotations") in found
    assert ("Heading 3", f"3.\t{TRICKY}") in found  # markup characters literal
    assert ("Heading 3", "(a)\tOpening statements") in found
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"United Nations\t{AGENDA_SYMBOL}/Add.1" in text and "Distr.: Limited" in text
    assert "Original: English" in text and "Bangkok, 12–13 March 2024" in text
    assert f"Air & water: a <review> ({PAPER_SYMBOL})" in text and "Removed item" not in text
    props = document.core_properties
    assert props.title == f"Annotated provisional agenda — {AGENDA_SYMBOL}/Add.1"
    assert props.author == "ESCAP secretariat" and props.language == "en-GB"


def test_chinese_agenda_language_on_styles_and_runs(store, meeting):
    document, content = load(store, meeting, "agenda", "zh")
    assert headings(document)[0] == ("Heading 1", "临时议程")
    text = "\n".join(p.text for p in document.paragraphs)
    for part in ("联合国", "Distr.: Limited", "15 January 2024", "Original: English", "第二次会议", "2024年3月12日至13日，曼谷联合国会议中心",
                 f"3.\t{TRICKY_ZH}", "1.\t会议开幕"):
        assert part in text
    assert document.core_properties.language == "zh-CN"
    # the language on the defaults, every style and every run
    styles = document.styles.element
    langs = styles.findall(".//" + qn("w:lang"))
    assert langs and all(lang.get(qn("w:eastAsia")) == "zh-CN" and lang.get(qn("w:val")) == "zh-CN"
                         for lang in langs)
    assert document.styles["Heading 1"].element.rPr.find(qn("w:lang")) is not None
    runs = [r for p in document.paragraphs for r in p.runs if r.text]
    assert runs and all(r._r.rPr.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN" for r in runs)
    fonts = runs[0]._r.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "SimSun" and fonts.get(qn("w:ascii")) == "Times New Roman"
    assert zipfile.ZipFile(io.BytesIO(content)).testzip() is None


def test_notice_and_participants_as_docx(store, meeting, tmp_path):
    out = export_meeting_document(store, meeting, "notice", tmp_path / "notice.DOCX", lang="en", issued=ISSUED,
                                  audience="experts").path
    document = docx.Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Dear Sir or Madam," in text and "Yours sincerely," in text and "Ms. A & B <teg@un.example>" in text
    assert "Bangkok, 1 February 2024" in text
    document, _ = load(store, meeting, "participants", "en")
    assert ("Heading 1", "List of participants") in headings(document)
    assert ("Heading 2", "Observers") in headings(document) and ("Heading 3", "Thailand") in headings(document)


def test_arabic_paragraphs_are_right_to_left(store, meeting):
    document, _ = load(store, meeting, "agenda", "ar")
    para = document.paragraphs[-1]
    assert para._p.pPr.find(qn("w:bidi")) is not None
    lang = para.runs[0]._r.rPr.find(qn("w:lang"))
    assert lang.get(qn("w:bidi")) == "ar-SA" and para.runs[0]._r.rPr.find(qn("w:rtl")) is not None
