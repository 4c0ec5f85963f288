"""The meeting notice: a note verbale to Governments, a letter to experts (R6; DOMAIN.md, Notices).

Both are correspondence, not UN documents: a letterhead (United Nations, the
organ, the secretariat) instead of a masthead, and the wording of the body's
template (:mod:`~tegdesk.core.documents.notice_templates`) filled from the
meeting in the notice's language.

- **Note verbale** (UN Correspondence Manual): the reference number at the top
  left; the paragraphs of the template, in the third person, from the
  compliments formula to the closing formula; then the place and date; no
  signature.
- **Letter** to experts: the reference and the date at the top; the template's
  paragraphs ("Dear ...", the body, and as its last paragraph the complimentary
  close, "Yours sincerely,"); then the secretariat's signature block.

What the notice leaves out for want of a value (a deadline not set yet) and
what it shows in English for want of a translation is recorded in the
meeting data's ``fallbacks``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tegdesk.core.documents.meeting_data import PLACE_DATES, Fallback, MeetingData
from tegdesk.core.documents.notice_templates import default_template, has_default, render_template
from tegdesk.core.documents.text import needs_bidi
from tegdesk.core.documents.un import UNITED_NATIONS, Block, UNDocument, render_pdf
from tegdesk.core.i18n import N_
from tegdesk.core.models import DocumentKind, NoticeAudience

__all__ = ["build_notice_pdf", "notice_document", "notice_values"]

NOTE_VERBALE = N_("Note verbale")
LETTER_TO_EXPERTS = N_("Letter to experts")
REFERENCE = N_("Reference: {reference}")
#: the seat of the ESCAP secretariat, where its notes are dated
SEAT = N_("Bangkok")
SIGNATURE = N_("Secretariat of the {body}")
#: R4 (ToR annex, para 6): the secretariat may fund attendance under UN rules; members usually support their own
FUNDING = N_("Subject to the availability of funds, the secretariat may cover the cost of participation of "
             "eligible participants, in accordance with the applicable rules of the United Nations. Members and "
             "associate members are encouraged to support the participation of their own representatives.")


def notice_values(data: MeetingData) -> dict[str, str | None]:
    """The value of every placeholder for this meeting, in the data's language (``None`` when it has none)."""
    tr = data.tr
    agenda = data.document(DocumentKind.AGENDA)
    values = {
        "body": data.body_name,
        "meeting": data.running_title,
        "dates": _unbroken(data.dates),
        "venue": data.venue_phrase or None,
        "agenda_symbol": agenda.symbol if agenda else None,
        "nomination_deadline": _unbroken(data.date(data.nomination_deadline)),
        "registration_deadline": _unbroken(data.date(data.registration_deadline)),
        "funding": tr.gettext(FUNDING),
        "contact": data.contact,
        "reference": data.reference,
        "organ": data.organ,
        "secretariat": data.secretariat,
    }
    return {k: _isolated(v) for k, v in values.items()} if tr.rtl else values


def _isolated(value: str | None) -> str | None:
    """In a right-to-left notice, a value in Latin script (a symbol, an e-mail address, a name left in English)
    as a bidi isolate (FSI ... PDI): its own order kept whole, its closing bracket or stop not thrown to the
    other end of the Arabic sentence (UAX #9, X5c)."""
    if not value or needs_bidi(value) or not any(ch.isalpha() for ch in value):
        return value
    return f"\u2068{value}\u2069"


def _unbroken(date: str | None) -> str | None:
    """A date that a line never breaks ("12–13 March 2024" whole): its spaces no-break spaces."""
    return date.replace(" ", "\u00a0") if date else date


def notice_document(data: MeetingData, audience: str = NoticeAudience.GOVERNMENTS, *, template: str | None = None,
                    issued: dt.date | None = None, place: str | None = None) -> UNDocument:
    """The notice to ``audience`` in the data's language, from ``template`` (the default wording if ``None``).

    ``issued`` is the notice's date (today by default), ``place`` where it is
    dated (the secretariat's seat, Bangkok, by default).
    """
    tr = data.tr
    audience = NoticeAudience(audience)
    if template is None:
        template = default_template(audience, data.lang)
    if not has_default(data.lang) and template == default_template(audience, "en"):
        data.fallbacks.append(Fallback("template", data.lang))
    rendered = render_template(template, notice_values(data))
    data.fallbacks += [Fallback("omitted", data.lang, placeholder=name) for name in rendered.omitted]
    date = tr.date(issued or dt.date.today())
    dated = tr.gettext(PLACE_DATES, place=place or tr.gettext(SEAT), dates=date)
    letterhead = [tr.gettext(UNITED_NATIONS), data.organ, data.secretariat]
    blocks: list[Block] = []
    if data.reference:
        blocks.append(Block("line", tr.gettext(REFERENCE, reference=data.reference)))
    else:
        data.fallbacks.append(Fallback("reference", data.lang))
    if audience == NoticeAudience.GOVERNMENTS:
        title = tr.gettext(NOTE_VERBALE)
        blocks.append(Block("space", level=12))
        blocks += [Block("verbale", text) for text in rendered.paragraphs]
        blocks += [Block("space", level=12), Block("closing", dated)]
    else:
        title = tr.gettext(LETTER_TO_EXPERTS)
        blocks += [Block("closing", dated), Block("space", level=18)]
        body, close = rendered.paragraphs[:-1], rendered.paragraphs[-1:]
        blocks += [Block("letter", text) for text in body]
        blocks += [Block("closing", text) for text in close]
        blocks += [Block("space", level=36)]  # room to sign
        blocks += [Block("closing", line) for line in _signature(data)]
    return UNDocument(tr=tr, title=title, blocks=blocks, letterhead=letterhead, subject=data.title,
                      running=data.reference or "")


def _signature(data: MeetingData) -> list[str]:
    lines = [data.tr.gettext(SIGNATURE, body=data.body_name)]
    lines += [line for line in (data.secretariat, data.organ) if line]
    return lines


def build_notice_pdf(data: MeetingData, audience: str = NoticeAudience.GOVERNMENTS, **kwargs: Any) -> bytes:
    """The notice as PDF bytes (see :func:`notice_document` for the arguments)."""
    return render_pdf(notice_document(data, audience, **kwargs))
