"""User text made safe for documents, with no dependency on ReportLab.

:func:`clean` removes what must never reach a document or a spreadsheet
(control characters, lone surrogates) and normalises line breaks;
:func:`escape` makes cleaned text literal inside ReportLab's Paragraph markup;
:func:`needs_bidi` tells which texts need right-to-left handling (issue 7);
:func:`latin_runs` sets the Latin letters and digits of Chinese markup in a face of their own.
"""

from __future__ import annotations

import re

# C0/C1 controls (tab and newline are handled apart), lone surrogates, non-characters, and the
# bidirectional overrides LRO/RLO: an override prints the characters after it in reverse
# ("Trojan Source"), so a name would not print as it was typed. Embeddings, isolates and
# marks stay: right-to-left text uses them (fonts.py orders the lines).
_JUNK = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202d\u202e]")
_NEWLINES = re.compile(r"\r\n?|[\n\u2028\u2029\x85]")
# Hebrew, Arabic, Syriac, Thaana, NKo ... and the Arabic presentation forms; and the right-to-left mark,
# embedding and isolate (Babel puts a mark in Arabic amounts: "‏90,800.00 US$"), which only ordering removes.
_RTL = re.compile("[\u200f\u202b\u2067\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]|[\U00010800-\U00010fff]|[\U0001e800-\U0001efff]")


def clean(text: object) -> str:
    """User text without control characters or bidi overrides; line breaks as ``\\n``; ``None`` as ``""``."""
    if text is None:
        return ""
    value = _JUNK.sub("", _NEWLINES.sub("\n", str(text))).replace("\t", " ")
    return value


def escape(text: str) -> str:
    """Escape for Paragraph markup: ``&``, ``<``, ``>`` and both quotes."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#39;"))


def needs_bidi(text: str) -> bool:
    """Whether ``text`` holds right-to-left script (shaping and per-line reordering, issue 7)."""
    return bool(_RTL.search(text))


#: the right-to-left mark: put before each line of text, it makes the line's base direction right to left
#: (UAX #9, P2) whatever its first strong character, so "ESCAP/CED/2027/1 ..." in an Arabic line starts at the right
RLM = "\u200f"


def right_to_left(text: str) -> str:
    """Cleaned ``text`` with each line's base direction right to left (see :data:`RLM`)."""
    return RLM + text.replace("\n", "\n" + RLM)


def one_line(text: object) -> str:
    """Cleaned user text for a table cell: line breaks and runs of spaces become single spaces."""
    value = clean(text)
    return " ".join(value.split()) if "\n" in value or "  " in value else value.strip()


# Markup is split at its tags; in the text between them an entity (escape() writes only these) is one unit,
# never cut, and counts as part of a Latin run ("O&#39;Brien", "A &amp; B").
_TAG = re.compile(r"(<[^>]*>)")
_ENTITY = r"&(?:amp|lt|gt|quot|#39);"
_LATIN_RUN = re.compile(rf"(?:[A-Za-z0-9\u00c0-\u024f(]|{_ENTITY})(?:[A-Za-z0-9\u00c0-\u024f .,:;/\-\u2013()%+\u2019]|{_ENTITY})*")


def latin_runs(markup: str, font: str) -> str:
    """Paragraph ``markup`` with each run of Latin letters and digits (with the spaces and punctuation between
    them) in ``font``: in Chinese documents, Latin set in the Song face's typewriter-like Latin is not what
    UN Chinese documents show (they set it in Times New Roman). Tags are left whole, entities never cut."""
    out: list[str] = []
    for i, part in enumerate(_TAG.split(markup)):
        if i % 2 or not part:  # a tag
            out.append(part)
            continue
        pos = 0
        for match in _LATIN_RUN.finditer(part):
            run = match.group().rstrip(" ")
            if not run:
                continue
            out.append(part[pos:match.start()])
            out.append(f'<font name="{font}">{run}</font>')
            pos = match.start() + len(run)
        out.append(part[pos:])
    return "".join(out)
