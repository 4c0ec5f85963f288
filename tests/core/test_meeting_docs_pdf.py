"""Meeting documents as PDF, read back with poppler: masthead, items, dates, notices, participants, fonts, metadata.

Each document is checked in English and Chinese: the text extracted (in reading order) holds the masthead,
the items and the dates in the document's language; user text with markup characters prints literally.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from sqlmodel import select

from tegdesk.core.documents.agenda_pdf import agenda_document
from tegdesk.core.documents.meeting_data import gather_meeting
from tegdesk.core.documents.meeting_export import build_meeting_pdf, export_meeting_document, meeting_document
from tegdesk.core.documents.un import Block, Masthead, UNDocument, render_pdf
from tegdesk.core.errors import UserError
from tegdesk.core.i18n import translator
from tegdesk.core.models import Meeting
from tests.core.test_meeting_docs_data import AGENDA_SYMBOL, PAPER_SYMBOL, TRICKY, TRICKY_ZH, make_meeting
from tests.core.test_roster_pdf import pdffonts, pdfinfo, pdftext, squash

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")

ISSUED = dt.date(2024, 2, 1)


@pytest.fixture
def meeting(store):
    return make_meeting(store)


def write(store, meeting, tmp_path, what, lang, name=None, **kw):
    out = tmp_path / (name or f"{what}-{lang}.pdf")
    result = export_meeting_document(store, meeting, what, out, lang=lang, issued=ISSUED, **kw)
    return result.path


def reading(path) -> str:
    """The text in the order it is drawn (the content stream's order: what a screen reader follows), squashed."""
    out = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True,
                         text=True).stdout
    return squash(out)


def in_order(text: str, *parts: str) -> None:
    at = 0
    for part in parts:
        found = text.find(part, at)
        assert found >= 0, f"{part!r} missing or out of order in {text[at:at + 400]!r}"
        at = found + len(part)


# -- the provisional agenda -----------------------------------------------------------------------

def test_english_agenda_masthead_and_items(store, meeting, tmp_path):
    pdf = write(store, meeting, tmp_path, "agenda", "en")
    layout = pdftext(pdf)
    first = layout.strip().splitlines()[0]
    assert re.match(r"^United Nations\s+" + re.escape(AGENDA_SYMBOL) + "$", first.strip())  # one line
    flat = reading(pdf)  # reading order
    in_order(flat, "United Nations", AGENDA_SYMBOL, "Economic and Social Commission for Asia and the Pacific",
             "Distr.: Limited", "15 January 2024", "Original: English",
             "Technical Expert Group on Environment and Development", "Second meeting", "Bangkok, 12–13 March 2024",
             "Provisional agenda", "1. Opening of the meeting", "(a) Opening statements", "(b) Election of officers",
             "2. Adoption of the agenda", f"3. {TRICKY}", "4. Work plan for 2024–2025", "5. Other matters",
             "6. Adoption of the report")
    assert "Removed item" not in flat and "Chinese" not in flat  # the original has no language line
    assert int(pdfinfo(pdf)["Pages"]) == 1


def test_chinese_agenda_is_in_chinese(store, meeting, tmp_path):
    pdf = write(store, meeting, tmp_path, "agenda", "zh")
    flat = reading(pdf)
    in_order(flat, "联合国", AGENDA_SYMBOL, "亚洲及太平洋经济社会委员会", "Distr.: Limited", "15 January 2024", "Chinese",
             "Original: English", "环境与发展技术专家组", "第二次会议", "2024年3月12日至13日，曼谷联合国会议中心", "临时议程",
             "1. 会议开幕", "(a) 开幕致辞", "(b) 选举主席团成员", "2. 通过议程", f"3. {TRICKY_ZH}",
             "4. Work plan for 2024–2025", "5. 其他事项", "6. 通过报告")
    # the distribution block stays English, as in UN Chinese documents; nothing else does
    for english in ("United Nations", "Provisional agenda", "March", "Second meeting"):
        assert english not in flat


def test_annotated_agenda_with_documentation(store, meeting, tmp_path):
    pdf = write(store, meeting, tmp_path, "agenda", "en", annotated=True)
    flat = reading(pdf)
    in_order(flat, AGENDA_SYMBOL + "/Add.1", "Annotated provisional agenda", "Provisional agenda",
             "1. Opening of the meeting", "6. Adoption of the report", "Annotations", "1. Opening of the meeting",
             "(a) Opening statements", "The meeting will be opened by a representative of the secretariat.",
             "2. Adoption of the agenda", "Documentation", f"Provisional agenda ({AGENDA_SYMBOL})",
             f"3. {TRICKY}", "First paragraph & <more>.", "Second paragraph.", "Documentation",
             f"Air & water: a <review> ({PAPER_SYMBOL})", "4. Work plan")
    assert "Withdrawn paper" not in flat
    raw = pdf.read_bytes()
    assert b"/Title (Annotations)" in raw and b"/PageMode /UseOutlines" in raw  # bookmarks
    zh = reading(write(store, meeting, tmp_path, "agenda", "zh", annotated=True))
    in_order(zh, "附加说明的临时议程", "说明", "专家组不妨审议本项目。", "文件", f"空气与水：审查（{PAPER_SYMBOL}）")


def test_item_footnote_with_the_agenda_symbol(store, meeting):
    """Documents other than the agenda carry "Item N of the provisional agenda*" and the symbol as a footnote."""
    for lang, line, note in (("en", "Item 3 of the provisional agenda*", f"* {AGENDA_SYMBOL}."),
                             ("zh", "临时议程*项目3", f"* {AGENDA_SYMBOL}。")):
        data = gather_meeting(store, meeting, lang)
        head = Masthead(symbol=PAPER_SYMBOL, date=ISSUED, organ=data.organ, lines=[data.body_name, data.session],
                        item="3", agenda_symbol=AGENDA_SYMBOL)
        doc = UNDocument(tr=data.tr, title="x", masthead=head, blocks=[Block("title", "Title"), Block(
            "numbered", "Text of the first paragraph.", label="1.")])
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "doc.pdf"
            path.write_bytes(render_pdf(doc))
            flat = reading(path)
            layout = pdftext(path).rstrip().splitlines()
        in_order(flat, line, "Title", "1.")
        assert squash(layout[-1]) == note  # at the foot of the page


# -- the notices ------------------------------------------------------------------------------------

def test_note_verbale_in_english(store, meeting, tmp_path):
    pdf = write(store, meeting, tmp_path, "notice", "en")
    flat = reading(pdf)
    in_order(flat, "United Nations", "Economic and Social Commission for Asia and the Pacific",
             "Environment and Development Division", "Reference: TEG/2024/N.1",
             "The secretariat of the Economic and Social Commission for Asia and the Pacific (ESCAP) presents its "
             "compliments to the Ministers for Foreign Affairs",
             "the second meeting of the Technical Expert Group on Environment and Development will be held at "
             "United Nations Conference Centre, Bangkok on 12–13 March 2024.",
             f"({AGENDA_SYMBOL})", "by 20 February 2024", "by 27 February 2024", "Subject to the availability of funds",
             "Ms. A & B <teg@un.example>", "avails itself of this opportunity to renew", "highest consideration.",
             "Bangkok, 1 February 2024")
    assert "Yours sincerely" not in flat and "Dear" not in flat  # unsigned, third person


def test_note_verbale_in_chinese(store, meeting, tmp_path):
    flat = reading(write(store, meeting, tmp_path, "notice", "zh")).replace(" ", "")
    in_order(flat, "联合国", "亚洲及太平洋经济社会委员会", "环境与发展司", "编号：TEG/2024/N.1",
             "亚洲及太平洋经济社会委员会（亚太经社会）秘书处向亚太经社会各成员和准成员外交部长致意，并谨通知：",
             "环境与发展技术专家组第二次会议定于2024年3月12日至13日在曼谷联合国会议中心举行。",
             f"（{AGENDA_SYMBOL}）", "于2024年2月20日前提名", "于2024年2月27日前", "秘书处（teg@un.example）",
             "借此机会再次向亚太经社会各成员和准成员外交部长致以最崇高的敬意。", "2024年2月1日，曼谷")
    assert "Secretariat" not in flat and "March" not in flat


def test_letter_to_experts(store, meeting, tmp_path):
    flat = reading(write(store, meeting, tmp_path, "notice", "en", audience="experts"))
    in_order(flat, "Reference: TEG/2024/N.1", "Bangkok, 1 February 2024", "Dear Sir or Madam,",
             "inviting you to the second meeting", "Yours sincerely,",
             "Secretariat of the Technical Expert Group on Environment and Development",
             "Environment and Development Division", "Economic and Social Commission for Asia and the Pacific")
    assert "nominate" not in flat  # the letter's wording has no nominations paragraph
    zh = reading(write(store, meeting, tmp_path, "notice", "zh", audience="experts"))
    in_order(zh.replace(" ", ""), "尊敬的先生/女士：", "邀请您出席定于2024年3月12日至13日在曼谷联合国会议中心举行的"
             "环境与发展技术专家组第二次会议", "此致", "敬礼", "环境与发展技术专家组秘书处", "环境与发展司")


def test_notice_leaves_out_a_paragraph_without_value_and_says_so(store, meeting, tmp_path):
    with store.session() as s:
        m = s.get(Meeting, meeting)
        m.nomination_deadline = None
        m.reference = None
        s.add(m)
    doc, data = meeting_document(store, meeting, "notice", lang="en", issued=ISSUED)
    text = " ".join(b.text for b in doc.blocks)
    assert "nominate" not in text and "Reference" not in text
    assert "27\u00a0February\u00a02024" in text  # a date never broken over two lines
    assert ["The notice leaves out the paragraph with {nomination_deadline}: the meeting has no value for it."] == [
        f.text(translator("en")) for f in data.fallbacks if f.what == "omitted"]
    assert "reference" in [f.what for f in data.fallbacks]


def test_notice_uses_the_body_template_from_the_database(store, meeting, tmp_path):
    from tegdesk.core.documents.notice_templates import save_template

    data = gather_meeting(store, meeting, "en")
    save_template(store, data.body_id, "experts", "en", "Dear <colleague> & friend,\n\nSee you on {dates}.\n\n"
                                                        "Kind regards,")
    flat = reading(write(store, meeting, tmp_path, "notice", "en", audience="experts"))
    in_order(flat, "Dear <colleague> & friend,", "See you on 12–13 March 2024.", "Kind regards,", "Secretariat of the")


# -- the list of participants -------------------------------------------------------------------------

def test_list_of_participants(store, meeting, tmp_path):
    doc, data = meeting_document(store, meeting, "participants", lang="en", issued=ISSUED)
    assert [f.what for f in data.fallbacks] == ["participants_symbol"]  # no INF document recorded: warned
    pdf = write(store, meeting, tmp_path, "participants", "en")
    flat = reading(pdf)
    in_order(flat, "ESCAP/CED/TEG/2024/INF/1", "Distr.: General", "1 February 2024", "List of participants",
             "Members", "Republic of Korea", "Ms. Seo-yeon Han", "NIER", "Representative designated for: Air quality",
             "Thailand", "Ms. Malee Srisuk", "Director, Ministry of Natural Resources & Environment", "Observers",
             "United Nations Environment Programme", "Mr. Daniel Okafor", "Secretariat", "Ms. Anna Lindqvist")
    assert "Removed" not in flat
    zh = reading(write(store, meeting, tmp_path, "participants", "zh"))
    in_order(zh, "与会者名单", "成员", "韩国", "指定代表，议题：Air quality", "泰国", "观察员", "秘书处")


# -- every document: fonts, metadata, languages ---------------------------------------------------------

@pytest.mark.parametrize("what, kw", [("agenda", {}), ("agenda", {"annotated": True}), ("notice", {}),
                                      ("notice", {"audience": "experts"}), ("participants", {})])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_fonts_embedded_as_subsets_and_metadata(store, meeting, tmp_path, what, kw, lang):
    pdf = write(store, meeting, tmp_path, what, lang, name=f"{what}-{lang}-{len(kw)}.pdf", **kw)
    fonts = pdffonts(pdf)
    assert fonts
    for row in fonts:
        assert row[-5:-3] == ["yes", "yes"], row  # embedded, subset
    assert not any(re.search(r"Helvetica|Times-|Courier|Symbol|ZapfDingbats", row[0]) for row in fonts)
    info = pdfinfo(pdf)
    assert info["Author"] == ("ESCAP secretariat" if lang == "en" else "亚太经社会秘书处")
    assert info["Title"]
    assert (b"/Lang (en-GB)" if lang == "en" else b"/Lang (zh-Hans-CN)") in pdf.read_bytes()


def test_titles_in_metadata(store, meeting, tmp_path):
    assert pdfinfo(write(store, meeting, tmp_path, "agenda", "en"))["Title"] == f"Provisional agenda — {AGENDA_SYMBOL}"
    assert pdfinfo(write(store, meeting, tmp_path, "agenda", "zh"))["Title"] == f"临时议程 — {AGENDA_SYMBOL}"
    assert pdfinfo(write(store, meeting, tmp_path, "notice", "en"))["Title"] == "Note verbale"


@pytest.mark.parametrize("lang, dates", [("fr", "12–13 mars 2024"), ("ru", "12–13 марта 2024 г."),
                                         ("es", "12–13 de marzo de 2024"), ("ar", "2024")])
def test_other_un_languages_build(store, meeting, lang, dates, tmp_path):
    for what in ("agenda", "notice", "participants"):
        pdf = tmp_path / f"{what}-{lang}.pdf"
        pdf.write_bytes(build_meeting_pdf(store, meeting, what, lang=lang, issued=ISSUED))
        assert dates in reading(pdf)


def test_bad_format_and_what_are_user_errors(store, meeting, tmp_path):
    with pytest.raises(UserError) as caught:
        export_meeting_document(store, meeting, "agenda", tmp_path / "agenda.odt", lang="en")
    assert "agenda.odt" in caught.value.text(translator("zh"))
    with pytest.raises(UserError):
        meeting_document(store, meeting, "minutes", lang="en")
    assert not [p for p in tmp_path.iterdir() if "agenda" in p.name]  # nothing written, no temporary file left


def test_a_long_agenda_runs_over_pages_with_the_symbol_on_top(store, meeting, tmp_path):
    data = gather_meeting(store, meeting, "en")
    data.items = data.items * 12
    doc = agenda_document(data, annotated=True, issued=ISSUED)
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(render_pdf(doc))
    pages = int(pdfinfo(pdf)["Pages"])
    assert pages >= 3
    for page in range(2, pages + 1):
        top = pdftext(pdf, first=page, last=page).strip().splitlines()[0].strip()
        assert top == f"{AGENDA_SYMBOL}/Add.1"


def test_meeting_with_no_agenda_document_warns(store, meeting):
    from tegdesk.core.models import Document, utcnow

    with store.session() as s:
        for doc in s.exec(select(Document)).all():
            doc.deleted_at = utcnow()
            s.add(doc)
    _, data = meeting_document(store, meeting, "agenda", lang="en")
    assert "agenda_symbol" in [f.what for f in data.fallbacks]
