"""Arabic DOCX right to left throughout (issue 7): every paragraph, run and the section; complex-script twins.

Word reads a right-to-left paragraph's alignment, indents and tabs from its start (the right), so the writer
keeps the English values and marks the direction; these tests read the XML back.
"""

from __future__ import annotations

import io

import docx
import pytest
from docx.oxml.ns import qn

from tegdesk.core.documents.docx_export import ARABIC_FACE
from tegdesk.core.documents.meeting_export import build_meeting_docx
from tests.core.test_meeting_docs_data import make_meeting
from tests.core.test_meeting_docs_docx import ISSUED


@pytest.fixture
def meeting(store):
    return make_meeting(store)


def load(store, meeting, what, lang, **kw):
    return docx.Document(io.BytesIO(build_meeting_docx(store, meeting, what, lang=lang, issued=ISSUED, **kw)))


def runs_of(document):
    return [r for p in document.paragraphs for r in p.runs]


@pytest.mark.parametrize("what", ["agenda", "notice", "participants"])
def test_arabic_document_is_right_to_left_everywhere(store, meeting, what):
    document = load(store, meeting, what, "ar", **({"annotated": True} if what == "agenda" else {}))
    paragraphs = document.paragraphs
    assert len(paragraphs) > 10
    assert all(p._p.pPr is not None and p._p.pPr.find(qn("w:bidi")) is not None for p in paragraphs)
    runs = runs_of(document)
    assert runs and all(r._r.rPr.find(qn("w:rtl")) is not None for r in runs)
    for r in runs:
        fonts = r._r.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:cs")) == ARABIC_FACE and fonts.get(qn("w:ascii")) == "Times New Roman"
        for plain, twin in (("w:sz", "w:szCs"), ("w:b", "w:bCs"), ("w:i", "w:iCs")):
            if r._r.rPr.find(qn(plain)) is not None:
                assert r._r.rPr.find(qn(twin)).get(qn("w:val")) == r._r.rPr.find(qn(plain)).get(qn("w:val"))
    assert any(r._r.rPr.find(qn("w:szCs")) is not None for r in runs)  # the masthead's sizes at least
    # the defaults (paragraphs a user adds) and the section too
    styles = document.styles.element
    assert styles.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:bidi')}") is not None
    assert document.sections[0]._sectPr.find(qn("w:bidi")) is not None
    heading = document.styles["Heading 1"].element.rPr
    assert heading.find(qn("w:szCs")).get(qn("w:val")) == heading.find(qn("w:sz")).get(qn("w:val"))
    assert heading.find(qn("w:bCs")) is not None
    # alignment is left to Word's start/end reading: no paragraph is pushed to a physical side
    assert not {p._p.pPr.find(qn("w:jc")).get(qn("w:val")) for p in paragraphs
                if p._p.pPr.find(qn("w:jc")) is not None} & {"left", "right"}


def test_english_document_has_no_right_to_left_marks(store, meeting):
    document = load(store, meeting, "agenda", "en", annotated=True)
    body = document.element
    for tag in ("w:bidi", "w:rtl"):
        assert not [e for e in body.iter(qn(tag))], tag
    assert document.styles.element.find(f".//{qn('w:pPrDefault')}//{qn('w:bidi')}") is None
    runs = runs_of(document)
    assert all(r._r.rPr.find(qn("w:rFonts")).get(qn("w:cs")) == "Times New Roman" for r in runs)
    # the complex-script twins are there in every language (an Arabic name in an English list)
    sized = [r for r in runs if r._r.rPr.find(qn("w:sz")) is not None]
    assert sized and all(r._r.rPr.find(qn("w:szCs")) is not None for r in sized)


def test_run_properties_stay_in_schema_order(store, meeting):
    """Word refuses a document whose properties are out of order: szCs after sz, rtl before lang."""
    from tegdesk.core.documents.docx_export import _RPR_ORDER

    document = load(store, meeting, "agenda", "ar", annotated=True)
    order = {qn(t): i for i, t in enumerate(_RPR_ORDER)}
    for root in (document.element, document.styles.element):
        for rpr in root.iter(qn("w:rPr")):
            seen = [order[c.tag] for c in rpr if c.tag in order]
            assert seen == sorted(seen), [c.tag for c in rpr]
