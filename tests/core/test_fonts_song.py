"""Chinese documents: body text in the Song face (AR PL UMing), headings and bold in the Hei face (WQY).

UN Chinese documents are set in SimSun with Hei headings; UMing is the freely
licensed TrueType Song face. Read back with poppler (pdffonts, pdftotext) and at
the level of ReportLab's paragraph fragments.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from reportlab.platypus import Paragraph

from tegdesk.core.documents.fonts import CJK, SERIF, SONG, fonts_for
from tegdesk.paths import resource
from tests.core.test_meeting_docs_data import make_meeting
from tests.core.test_meeting_docs_pdf import write
from tests.core.test_roster_pdf import pdffonts, pdftext, squash


@pytest.fixture
def meeting(store):
    return make_meeting(store)


def faces(pdf) -> dict[str, list[str]]:
    """pdffonts rows by face name without the subset tag (``AAAAAA+UMingCN-0`` -> ``UMingCN-0``)."""
    return {row[0].partition("+")[2] or row[0]: row for row in pdffonts(pdf)}


@pytest.mark.parametrize("what, kw", [("agenda", {}), ("agenda", {"annotated": True}), ("notice", {}),
                                      ("participants", {})])
def test_chinese_documents_embed_the_song_face_for_body_and_the_hei_face_for_headings(store, meeting, tmp_path,
                                                                                    what, kw):
    pdf = write(store, meeting, tmp_path, what, "zh", name=f"{what}-{len(kw)}.pdf", **kw)
    found = faces(pdf)
    assert any(name.startswith("UMingCN") for name in found), found
    assert any(name.startswith("WenQuanYiMicroHei") for name in found), found
    for row in found.values():
        assert row[-5:-3] == ["yes", "yes"], row  # embedded, subset
        assert "+" in row[0], row
    assert not any(name.startswith(("Helvetica", "Times", "Courier", "Symbol", "ZapfDingbats")) for name in found)
    text = squash(pdftext(pdf))
    assert "联合国" in text and "亚洲及太平洋经济社会委员会" in text  # still extracts as Chinese


def test_english_documents_do_not_carry_the_song_face(store, meeting, tmp_path):
    pdf = write(store, meeting, tmp_path, "agenda", "en", name="agenda-en.pdf")
    assert not any(name.startswith("UMingCN") for name in faces(pdf))


def test_chinese_body_is_song_and_bold_is_hei_never_a_missing_face():
    zh = fonts_for("zh")
    assert zh.base == SONG and zh.cjk
    assert zh.regular == SONG and zh.bold == CJK  # UMing has no bold: headings in the Hei face
    body, heading = zh.style("body"), zh.style("heading", bold=True)
    assert body.fontName == SONG and heading.fontName == CJK
    assert body.wordWrap == "CJK"
    para = Paragraph("正文<b>加粗</b>正文", body)
    assert [(f.text, f.fontName) for f in para.frags] == [("正文", SONG), ("加粗", CJK), ("正文", SONG)]
    # a <font name="WQY"> switch (a fallback run) inside body text stays regular: no bold of WQY is looked up
    para = Paragraph(f'正文<font name="{CJK}">x</font><b>加粗<i>斜</i></b>', body)
    assert [f.fontName for f in para.frags] == [SONG, CJK, CJK, CJK]
    # a heading in WQY with an inline <b>: still WQY (the Hei face is its own bold)
    assert {f.fontName for f in Paragraph("<b>标题</b>", heading).frags} == {CJK}


def test_characters_the_song_face_lacks_fall_back_to_a_real_face():
    zh = fonts_for("zh")
    assert zh.markup("会议 Meeting 2027") == "会议 Meeting 2027"  # UMing has Latin
    assert zh.markup("ѣ") == f'<font name="{CJK}">ѣ</font>'  # old Cyrillic: WQY has it, UMing not
    assert zh.missing("会议 ѣ محمد Иванов") == ""
    # an ideograph of CJK Extension A: UMing has it, WQY (the bold) not; never a missing glyph in bold text
    assert zh.markup("\u3401") == f'<font name="{SONG}">\u3401</font>'
    heading = zh.style("heading", bold=True)
    frags = Paragraph(zh.markup("标题\u3401"), heading).frags
    assert [(f.text, f.fontName) for f in frags] == [("标题", CJK), ("\u3401", SONG)]
    assert zh.covers("标题") and not zh.covers("\u3401") and zh.missing("\u3401") == ""
    en = fonts_for("en")
    assert en.base == SERIF and SONG not in en.fallbacks and en.markup("王") == f'<font name="{CJK}">王</font>'


def test_the_song_collection_is_registered_only_when_a_chinese_document_needs_it():
    code = (
        "from reportlab.pdfbase import pdfmetrics\n"
        "from tegdesk.core.documents.fonts import fonts_for\n"
        "fonts_for('en').markup('王')\n"
        "assert 'TegSong' not in pdfmetrics.getRegisteredFontNames()\n"
        "fonts_for('fr'); fonts_for('ar')\n"
        "assert 'TegSong' not in pdfmetrics.getRegisteredFontNames()\n"
        "fonts_for('zh')\n"
        "assert 'TegSong' in pdfmetrics.getRegisteredFontNames()\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_song_face_ships_with_its_licence_and_is_not_loaded_by_the_interface():
    entries = json.loads(resource("fonts", "fonts.json").read_text(encoding="utf-8"))["fonts"]
    [uming] = [e for e in entries if e["family"] == "AR PL UMing"]
    assert uming["files"] == ["uming.ttc"] and resource("fonts", "uming.ttc").is_file()
    assert uming["interface"] is False
    licence = resource("fonts", uming["license_file"]).read_text(encoding="utf-8")
    assert "ARPHIC PUBLIC LICENSE" in licence and uming["license"] == "Arphic Public License"
