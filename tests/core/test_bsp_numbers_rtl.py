"""The BSP report's paragraph numbers open their lines: at the left in English, at the right in Arabic
(issue 7); read back with poppler's word boxes."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_bsp_paragraph_numbers_at_the_start_of_their_lines(store, tmp_path, lang):
    """A report paragraph's number opens its first line: at the left in English, at the right in Arabic."""
    import re
    import shutil

    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is not installed")
    from tests.core.test_arabic_pdf import lines, words
    from tests.core.test_bsp_figures import build
    from tests.core.test_bsp_report import write as write_report

    build(store)
    pdf = write_report(store, tmp_path, lang)
    numbered = 0
    for row in lines(words(pdf, 1)) + lines(words(pdf, 2)):
        marks = [w for w in row if re.fullmatch(r"\.?\d{1,2}\.?", w.drawn) and "." in w.drawn]
        if not marks or len(row) < 4:
            continue
        mark = marks[0]
        if lang == "ar":  # drawn ".3": the number read from the right, at the right of the line's words
            assert mark.drawn.startswith(".") and mark.x0 >= max(w.x0 for w in row) - 0.1, row
        else:
            assert mark.drawn.endswith(".") and mark.x0 <= min(w.x0 for w in row) + 0.1, row
        numbered += 1
    assert numbered >= 3
