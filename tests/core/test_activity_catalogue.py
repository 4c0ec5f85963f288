"""The printed catalogue of activities (B1), read back with poppler: what the filter selects and nothing
else, the filter line, titles in the document's language with the English fallbacks reported, user text
printed literally, "Page x of y", metadata and embedded fonts; the entries' line breaking and page breaks."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from tegdesk.core.activity_types import ActivityDraft, ActivityFilter, ExternalLink, OrganisationRole, RecipientShare
from tegdesk.core.documents.activity_catalogue import build_catalogue, catalogue_pdf, filter_line
from tegdesk.core.documents.entries import break_lines
from tegdesk.core.documents.fonts import CJK, SERIF, ensure_fonts, text_width
from tegdesk.core.errors import UserError
from tegdesk.core.i18n import translator
from tegdesk.core.services.activities import ActivityService
from tests.core.test_roster_pdf import pdffonts, pdfinfo, pdftext, squash

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")

PREFIX = "XM-DAC-41106-BSP-"
MARKUP = "<b>x & y</b> air workshop"
AIR_TH = ActivityFilter(text="air", countries=frozenset({"TH"}), statuses=frozenset({"2"}))
TODAY = dt.date(2026, 11, 21)


def draft(number: int, title: str, *, country: str = "TH", status: str = "2", zh: str | None = None,
          results: str = "", code: str = "TA09") -> ActivityDraft:
    start = dt.date(2025, 3, 1)
    return ActivityDraft(
        iati_identifier=f"{PREFIX}{number:04d}", title=title, titles={"zh": zh} if zh else {}, level="national",
        status=status, planned_start=start, planned_end=start + dt.timedelta(days=3),
        actual_start=start if status != "1" else None,
        actual_end=start + dt.timedelta(days=3) if status == "4" else None, currency="USD",
        budget=5_000_000, cost=1_234_567 if status != "1" else None, trained_women=12, trained_men=9,
        results=results or "Guidelines drafted.", agreements=["Minamata Convention"],
        organisations=[OrganisationRole("Economic and Social Commission for Asia and the Pacific", "2",
                                        "XM-DAC-41106", "40", "ESCAP"),
                       OrganisationRole("Global Environment Facility", "1", "XM-DAC-47044", "40", "GEF")],
        recipients=[RecipientShare(country=country, percentage=Decimal(100))], bsp_codes=[code, "CC08"],
        links=[ExternalLink("GEF", "https://www.thegef.org/projects-operations/projects/10234", "GEF-10234")])


@pytest.fixture
def activities(store):
    service = ActivityService(store)
    drafts = [
        draft(1, "Air quality monitoring in Thailand", zh="泰国空气质量监测"),
        draft(2, "Air pollution and health in Viet Nam", country="VN"),  # another country
        draft(3, MARKUP),  # no Chinese title
        draft(4, "Air quality monitoring network in Thailand, closed", status="4"),  # another status
        draft(5, "Wetland inventories in Thailand", code="TA05"),  # no "air"
    ]
    outcome = service.save_many(drafts)
    assert outcome.ok, outcome.violations
    return drafts


def write(tmp_path: Path, pdf: bytes, name: str = "catalogue.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(pdf)
    return path


def test_lists_what_the_filter_selects_and_nothing_else(store, activities, tmp_path):
    path = write(tmp_path, build_catalogue(store, AIR_TH, "en", generated=TODAY))
    text = squash(pdftext(path, layout=False))
    assert "Search: ‘air’; Country: Thailand; Status: Implementation" in text
    assert "2 activities, as at 21 November 2026." in text
    for number, title in ((1, "Air quality monitoring in Thailand"), (3, MARKUP)):
        assert f"{PREFIX}{number:04d}" in text
        assert title in text
    for number in (2, 4, 5):
        assert f"{PREFIX}{number:04d}" not in text
    assert "Viet Nam" not in text and "Wetland" not in text
    # the entry's fields
    for part in ("TA09 Pollution", "CC08", "US$50,000.00", "US$12,345.67", "21 (women: 12; men: 9)",
                 "Funding: GEF", "Accountable: ESCAP", "Minamata Convention", "GEF: GEF-10234",
                 "Guidelines drafted.", "Planned: 1–4 March 2025"):
        assert part in text, part
    assert "GEF Global Environment Facility" in text  # the abbreviations, spelled out


def test_markup_in_user_text_prints_literally(store, activities, tmp_path):
    text = pdftext(write(tmp_path, build_catalogue(store, AIR_TH, "en")), layout=False)
    assert "<b>x & y</b> air workshop" in text
    assert "&amp;" not in text


def test_chinese_titles_and_the_fallback_reported(store, activities, tmp_path):
    catalogue = catalogue_pdf(store, AIR_TH, "zh", generated=TODAY)
    text = squash(pdftext(write(tmp_path, catalogue.pdf), layout=False)).replace(" ", "")
    assert "泰国空气质量监测" in text
    assert "AirqualitymonitoringinThailand" not in text  # shown in Chinese, not English
    assert MARKUP.replace(" ", "") in text  # no Chinese title: the English one
    assert "泰国" in text  # the country in Chinese
    assert "2026年11月21日" in text
    [note] = catalogue.notes
    assert note.what == "titles" and note.identifiers == (f"{PREFIX}0003",)
    message = note.text(translator("en"))
    assert "1 activity has no title in Chinese" in message and f"{PREFIX}0003" in message
    assert catalogue_pdf(store, AIR_TH, "en").notes == []


def test_french_notes_the_bsp_titles_in_english(store, activities):
    notes = catalogue_pdf(store, AIR_TH, "fr").notes
    assert {n.what for n in notes} == {"titles", "bsp"}
    assert "English titles" in [n for n in notes if n.what == "bsp"][0].text(translator("en"))


def test_page_x_of_y_on_every_page(store, tmp_path):
    long = " ".join(["The results of the workshop were recorded in detail."] * 40)
    drafts = [draft(n, f"Air quality monitoring, phase {n}", results=long) for n in range(1, 31)]
    assert ActivityService(store).save_many(drafts).ok
    path = write(tmp_path, build_catalogue(store, ActivityFilter(), "en"))
    pages = int(pdfinfo(path)["Pages"])
    assert pages > 3
    for page in range(1, pages + 1):
        assert f"Page {page} of {pages}" in pdftext(path, first=page, last=page)
    text = squash(pdftext(path, layout=False))
    for n in range(1, 31):
        assert f"Air quality monitoring, phase {n}" in text


def test_a_very_long_entry_splits_with_a_continued_line(store, tmp_path):
    results = " ".join(f"Result {n} was reached and documented." for n in range(1, 400))
    assert ActivityService(store).save(draft(1, "A very long activity", results=results)).ok
    path = write(tmp_path, build_catalogue(store, ActivityFilter(), "en"))
    assert int(pdfinfo(path)["Pages"]) >= 2
    text = squash(pdftext(path, layout=False))
    assert f"{PREFIX}0001 (continued)" in text
    assert "Result 1 was reached" in text and "Result 399 was reached and documented." in text


def test_metadata_and_embedded_fonts(store, activities, tmp_path):
    for lang in ("en", "zh"):
        path = write(tmp_path, build_catalogue(store, AIR_TH, lang), f"{lang}.pdf")
        info = pdfinfo(path)
        assert info["Author"] == translator(lang).gettext("ESCAP secretariat")
        assert info["Title"] == translator(lang).gettext("Catalogue of capacity-building activities")
        fonts = pdffonts(path)
        assert fonts and all(row[-5] == "yes" and row[-4] == "yes" for row in fonts)  # embedded, subset
        assert not any("Helvetica" in row[0] or "Times" in row[0] for row in fonts)


def test_nothing_selected_says_so(store, activities, tmp_path):
    f = ActivityFilter(text="no such words anywhere")
    text = squash(pdftext(write(tmp_path, build_catalogue(store, f, "en")), layout=False))
    assert "No activity matches this selection." in text and "0 activities" in text


def test_more_than_the_limit_is_refused(store, activities):
    with pytest.raises(UserError) as refused:
        catalogue_pdf(store, ActivityFilter(), "en", limit=3)
    assert "5 activities, more than 3" in str(refused.value)


def test_filter_line_in_english_and_chinese():
    en, zh = translator("en"), translator("zh")
    assert filter_line(ActivityFilter(), en) == "All activities in the database."
    f = ActivityFilter(countries=frozenset({"TH", "VN"}), levels=frozenset({"national"}), years=frozenset({2025, 2024}),
                       bsp_codes=frozenset({"TA09"}), subregions=frozenset({"South-East Asia"}))
    assert filter_line(f, en) == ("Countries: Thailand, Vietnam; Subregion: South-East Asia; BSP area: TA09; "
                                  "Level: National; Years: 2024, 2025")
    assert "泰国" in filter_line(f, zh)


def test_break_lines_fits_the_width_and_keeps_chinese_marks_with_their_character():
    ensure_fonts()
    text = "Strengthening national capacity for transboundary river basin management in the Solomon Islands"
    lines = break_lines(text, SERIF, 10, 150)
    assert lines is not None and len(lines) > 1
    assert " ".join(lines) == text
    assert all(text_width(line, SERIF, 10) <= 150 for line in lines)
    zh = "国家生物多样性战略和行动计划，区域专家组会议。" * 3
    lines = break_lines(zh, CJK, 10, 100)
    assert lines is not None and "".join(lines) == zh
    assert all(text_width(line, CJK, 10) <= 100 + 10 for line in lines)  # a closing mark may hang
    assert not any(line.startswith(("，", "。")) for line in lines)
    assert break_lines("https://example.org/" + "x" * 200, SERIF, 10, 150) is None  # a Paragraph must cut it


def test_a_note_names_five_activities_then_counts_the_others():
    from tegdesk.core.documents.activity_catalogue import CatalogueNote

    note = CatalogueNote("titles", "zh", tuple(f"{PREFIX}{n:04d}" for n in range(1, 8)))
    text = note.text(translator("en"))
    assert text.startswith("7 activities have no title in Chinese; their English titles are shown: ")
    assert text.endswith(f"{PREFIX}0005 and 2 others.") and f"{PREFIX}0006" not in text


def test_mixed_scripts_are_set_in_their_faces(store, tmp_path):
    title = "Workshop on 空气质量 and تلوث الهواء in Thailand"
    results = "Results: " + "空气质量监测网络已建立。" * 30  # long, wrapped by ReportLab in two faces
    assert ActivityService(store).save(draft(1, title, results=results)).ok
    path = write(tmp_path, build_catalogue(store, ActivityFilter(), "en"))
    names = " ".join(row[0] for row in pdffonts(path))
    assert "LiberationSerif" in names and "WenQuanYi" in names and "NotoNaskhArabic" in names
    text = squash(pdftext(path, layout=False)).replace(" ", "")
    assert "空气质量" in text and text.count("空气质量监测网络已建立") == 30


def test_break_lines_hangs_the_lines_after_the_first():
    ensure_fonts()
    text = "CC05 Formulating, integrating and delivering environmental commitments in national sustainable plans"
    lines = break_lines(text, SERIF, 10, 200, 150)
    assert lines is not None and text_width(lines[0], SERIF, 10) > 150
    assert all(text_width(line, SERIF, 10) <= 150 for line in lines[1:])
