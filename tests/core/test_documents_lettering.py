"""Sub-item letters and the masthead's language line as each language's UN documents write them (issue 7)."""

from __future__ import annotations

import datetime as dt
import io
import re

import docx
import pytest

from tegdesk.core.documents.meeting_data import ABJAD, gather_meeting, item_letter, language_name
from tegdesk.core.documents.meeting_export import build_meeting_docx
from tegdesk.core.documents.un import Masthead, masthead_right
from tegdesk.core.i18n import translator
from tests.core.test_meeting_docs_data import make_meeting


def test_letters_per_language():
    assert [item_letter(i) for i in (0, 1, 25, 26)] == ["(a)", "(b)", "(z)", "(aa)"]
    assert [item_letter(i, "zh") for i in (0, 1)] == ["(a)", "(b)"]
    for lang in ("fr", "es", "ru"):
        assert [item_letter(i, lang) for i in (0, 1, 26)] == ["a)", "b)", "aa)"]
    assert [item_letter(i, "ar") for i in range(5)] == ["(أ)", "(ب)", "(ج)", "(د)", "(هـ)"]
    assert item_letter(9, "ar") == "(ي)" and len(ABJAD) == len(set(ABJAD)) == 28
    assert item_letter(28, "ar") == "(ac)"  # past the abjad: the Latin letters, not a gap or a repeat


@pytest.mark.parametrize(("lang", "first", "second"), [("ar", "(أ)", "(ب)"), ("ru", "a)", "b)"),
                                                       ("fr", "a)", "b)"), ("zh", "(a)", "(b)")])
def test_sub_items_lettered_in_the_document_and_its_references(store, lang, first, second):
    meeting = make_meeting(store)
    data = gather_meeting(store, meeting, lang)
    subs = [sub for item in data.items for sub in item.children]
    assert [s.label for s in subs[:2]] == [first, second]
    assert subs[0].number.endswith(" " + first)  # "1 (أ)": how the notice and annotations refer to it
    # the warnings (shown in the interface) keep naming the item as in English
    items = [f.item for f in data.fallbacks if f.item]
    assert items and all(re.fullmatch(r"\d+( \([a-z]+\))?", item) for item in items), items
    document = docx.Document(io.BytesIO(build_meeting_docx(store, meeting, "agenda", lang=lang,
                                                           issued=dt.date(2024, 2, 1))))
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"{first}\t" in text and f"{second}\t" in text


def test_masthead_distribution_block_as_each_language_prints_it():
    """French and Spanish translate the block, the language line capitalised; Chinese, Russian and Arabic keep
    it in English, naming the version's language in English."""
    head = Masthead(symbol="ESCAP/CED/2024/1", date=dt.date(2024, 3, 12))
    lines = {lang: masthead_right(translator(lang), head, language_name) for lang in ("fr", "es", "ru", "zh", "ar", "en")}
    assert lines["es"][2:] == ["Español", "", "Original: inglés"]
    assert lines["fr"][2:] == ["Français", "", "Original\u00a0: anglais"]  # no break before the colon
    assert lines["es"][:2] == ["Distr. general", "12 de marzo de 2024"]
    assert lines["ru"] == ["Distr.: General", "12 March 2024", "Russian", "", "Original: English"]
    assert lines["zh"] == ["Distr.: General", "12 March 2024", "Chinese", "", "Original: English"]
    assert lines["ar"] == ["Distr.: General", "12 March 2024", "Arabic", "", "Original: English"]
    assert lines["en"] == ["Distr.: General", "12 March 2024", "", "Original: English"]  # no language line
