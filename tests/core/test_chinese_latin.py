"""Latin letters and digits in Chinese documents set in Liberation Serif (Times New Roman's metrics), as UN
Chinese documents set them, not in the Song face's typewriter-like Latin (issue 7)."""

from __future__ import annotations

import shutil

import pytest
from reportlab.platypus import Paragraph, Table

from tegdesk.core.documents.fonts import FAMILIES, SERIF, SONG, fonts_for
from tegdesk.core.documents.meeting_export import build_meeting_pdf, meeting_document
from tegdesk.core.documents.text import escape, latin_runs
from tegdesk.core.documents.un import _PdfWriter
from tests.core.test_meeting_docs_data import make_meeting
from tests.core.test_roster_pdf import pdffonts

SERIF_REGULAR, SERIF_BOLD = FAMILIES[SERIF][:2]


def paragraphs(flowables) -> list[Paragraph]:
    """The Paragraphs among ``flowables``, those in tables' cells included."""
    out: list[Paragraph] = []
    stack = list(flowables)
    while stack:
        f = stack.pop()
        if isinstance(f, Paragraph):
            out.append(f)
        elif isinstance(f, Table):
            stack.extend(c for row in f._cellvalues for cell in row
                         for c in (cell if isinstance(cell, (list, tuple)) else [cell]))
    return out


def runs(para: Paragraph) -> list[tuple[str, str]]:
    para.wrap(400, 1000)
    return [(f.fontName, f.text) for f in para.frags if f.text]


def test_latin_runs_keep_the_markup_whole():
    marked = latin_runs(escape("联合国 ESCAP/CED/2027/L.1 号文件，O'Brien & <b> 先生"), "F")
    assert marked == ('联合国 <font name="F">ESCAP/CED/2027/L.1</font> 号文件，'
                      '<font name="F">O&#39;Brien &amp; &lt;b&gt;</font> 先生')
    assert latin_runs("2027年3月2日", "F") == ('<font name="F">2027</font>年<font name="F">3</font>月'
                                             '<font name="F">2</font>日')
    # tags and their attributes untouched, a run never wraps a tag or cuts an entity
    assert latin_runs('<font name="WQY">αβ</font><br/>x &amp; y', "F") == \
        '<font name="WQY">αβ</font><br/><font name="F">x &amp; y</font>'
    assert latin_runs("纯中文", "F") == "纯中文"


def test_a_chinese_paragraph_sets_latin_in_the_serif_face():
    fonts = fonts_for("zh")
    body = fonts.style("body")
    assert runs(fonts.paragraph("会议于2027年在 Bangkok 举行", body)) == [
        (FAMILIES[SONG][0], "会议于"), (SERIF_REGULAR, "2027"), (FAMILIES[SONG][0], "年在 "),
        (SERIF_REGULAR, "Bangkok"), (FAMILIES[SONG][0], " 举行")]
    bold = fonts.style("bold", bold=True)
    assert (SERIF_BOLD, "ESCAP") in runs(fonts.paragraph("亚太经社会ESCAP", bold))
    # in other languages nothing changes; a Latin cell of a Chinese table is not a plain (one-face) string
    assert runs(fonts_for("en").paragraph("Bangkok 2027", fonts_for("en").style("b"))) == [
        (SERIF_REGULAR, "Bangkok 2027")]
    assert not fonts.plain("Bangkok", body.fontName, 10, 500) and fonts.plain("曼谷", body.fontName, 10, 500)


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils is not installed")
@pytest.mark.parametrize("what", ["agenda", "notice", "participants"])
def test_chinese_meeting_documents_embed_both_faces(store, tmp_path, what):
    meeting = make_meeting(store)
    document, _ = meeting_document(store, meeting, what, lang="zh")
    writer = _PdfWriter(document)
    flowables = writer.story()
    symbol_runs = [(font, text) for f in paragraphs(flowables) for font, text in runs(f)
                   if "ESCAP" in text or "TEG" in text]
    assert symbol_runs and all(font in (SERIF_REGULAR, SERIF_BOLD) for font, _ in symbol_runs)
    pdf = tmp_path / f"{what}.pdf"
    pdf.write_bytes(build_meeting_pdf(store, meeting, what, lang="zh"))
    faces = {row[0].partition("+")[2]: row for row in pdffonts(pdf)}
    assert "LiberationSerif" in faces and "UMingCN-0" in faces
    assert all(faces[name][3:5] == ["yes", "yes"] for name in ("LiberationSerif", "UMingCN-0"))  # subsets
