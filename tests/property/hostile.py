"""Hostile text for the property tests (no tests here).

``hostile()`` draws arbitrary Unicode mixed with what breaks naive code:
ReportLab markup and entities, format placeholders, spreadsheet formulas,
right-to-left text and bidi controls, combining marks, emoji sequences,
control characters, and strings of 10,000 characters. ``marker()`` draws a
short ASCII token full of markup characters that must print literally; it
starts and ends with a letter, so that the bidi algorithm keeps its
brackets as typed whatever surrounds it.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from hypothesis import strategies as st

MARKUP = ["<b>", "</b>", "<i>x", "<para>", "</para>", "<br/>", "<font name='x' size=99>", "<img src='/etc/passwd'/>",
          "&amp;", "&lt;", "&#0;", "&#x41;", "&bogus;", "&", "]]>", "<![CDATA[", "<!--", "{name}", "{0}", "{}", "%s",
          "%(x)s", "\\", '"', "'", "=cmd|' /C calc'!A0", "@SUM(1)", "+1", "-1", "=1+1"]
RTL = ["مرحبا بالعالم", "שלום", "\u200f", "\u200e", "\u061c", "\u2067", "\u2069", "\u202b", "\u202c", "\u202e",
       "\u202d"]
COMBINING = ["e\u0301", "a\u0308\u0301\u0323", "\u0301", "Z\u0351\u0352\u0357\u035b\u0361"]
EMOJI = ["😀", "👩\u200d👩\u200d👧", "🏳️\u200d🌈", "\U0001F1F9\U0001F1ED", "\u2764\ufe0f"]
CONTROL = ["\x00", "\x07", "\x1b[31m", "\x7f", "\x85", "\u2028", "\r\n", "\r", "\t", "\ufeff", "\ufffe", "\x0c"]
OTHER = ["环境与发展", "Иванов", "Nguyễn", "ẞ", "İı", "\u00a0", "\u3000", "ﬀ"]
PIECES = MARKUP + RTL + COMBINING + EMOJI + CONTROL + OTHER

#: any character but lone surrogates (which no file and no database can hold)
_ANY = st.characters(blacklist_categories=("Cs",))


def hostile(*, long: bool = True, surrogates: bool = False) -> st.SearchStrategy[str]:
    """Arbitrary hostile text, sometimes 10,000 characters long."""
    chars = st.characters() if surrogates else _ANY
    piece = st.one_of(st.sampled_from(PIECES), st.text(alphabet=chars, max_size=12))
    short = st.lists(piece, max_size=8).map("".join)
    if not long:
        return short
    ten_thousand = short.map(lambda s: ((s or "x") * (10_000 // max(len(s), 1) + 1))[:10_000])
    return st.one_of(short, short, short, ten_thousand)


def marker() -> st.SearchStrategy[str]:
    """``Q…Z`` around markup characters: must appear in the document exactly as typed."""
    return st.text(alphabet="<>&;#/=\"'{}%![]abkx019", min_size=1, max_size=10).map(lambda s: f"Q{s}Z")


def pdf_text(path: Path | bytes) -> str:
    """The text ``pdftotext`` reads from a PDF, with all white space removed (cells wrap)."""
    if isinstance(path, bytes):
        done = subprocess.run(["pdftotext", "-", "-"], input=path, capture_output=True, check=True)
    else:
        done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return re.sub(r"\s+", "", done.stdout.decode("utf-8"))
