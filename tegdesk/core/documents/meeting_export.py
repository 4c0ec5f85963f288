"""One entry point for the documents of a meeting: the agenda, the notice, the list of participants.

:func:`export_meeting_document` writes one to a file, PDF or DOCX by the
file's extension; :func:`build_meeting_pdf` gives the PDF's bytes (the
interface's preview); :func:`meeting_document` gives the neutral document and
what it shows otherwise than expected (texts in English for want of a
translation, paragraphs left out, symbols missing: ``fallbacks``), so that the
interface can warn before anything goes out.

The document's language is its own (``lang``), independent of the interface's.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tegdesk.core.documents.meeting_data import Fallback, MeetingData, gather_meeting
from tegdesk.core.errors import UserError
from tegdesk.core.i18n import N_
from tegdesk.core.interchange.tables import write_bytes_atomically as _write_atomically
from tegdesk.core.models import NoticeAudience
from tegdesk.core.progress import Progress

__all__ = ["FORMATS", "WHAT", "ExportedDocument", "build_meeting_docx", "build_meeting_pdf",
           "export_meeting_document", "meeting_document"]

#: the documents of a meeting
WHAT = ("agenda", "notice", "participants")
FORMATS = (".pdf", ".docx")

BAD_FORMAT = N_("A meeting document is written as PDF or DOCX: choose a file name ending in .pdf or .docx "
                "(not “{name}”).")
BAD_WHAT = N_("“{what}” is not a meeting document; choose agenda, notice or participants.")


@dataclass
class ExportedDocument:
    """A document written: where, and what it shows otherwise than expected (see :class:`Fallback`)."""

    path: Path
    fallbacks: list[Fallback]


def meeting_document(store: Any, meeting_id: uuid.UUID, what: str, *, lang: str, annotated: bool = False,
                     audience: str = NoticeAudience.GOVERNMENTS, issued: dt.date | None = None) -> tuple[Any, MeetingData]:
    """The :class:`~tegdesk.core.documents.un.UNDocument` of ``what`` in ``lang``, and the meeting data it
    was made from (whose ``fallbacks`` list what the document shows in English or leaves out)."""
    if what not in WHAT:
        raise UserError(BAD_WHAT, what=what)
    data = gather_meeting(store, meeting_id, lang)
    if what == "agenda":
        from tegdesk.core.documents.agenda_pdf import agenda_document

        return agenda_document(data, annotated=annotated, issued=issued), data
    if what == "notice":
        from tegdesk.core.documents.notice_pdf import notice_document
        from tegdesk.core.documents.notice_templates import template_for

        template = template_for(store, data.body_id, audience, data.lang)
        return notice_document(data, audience, template=template, issued=issued), data
    from tegdesk.core.documents.participants_pdf import participant_lines, participants_document, participants_symbol

    symbol, original, issued_on = participants_symbol(store, data)
    return participants_document(data, participant_lines(store, data), symbol=symbol, original_language=original,
                                 issued=issued_on or issued), data


def build_meeting_pdf(store: Any, meeting_id: uuid.UUID, what: str, **kwargs: Any) -> bytes:
    """The document as PDF bytes (arguments of :func:`meeting_document`)."""
    from tegdesk.core.documents.un import render_pdf

    return render_pdf(meeting_document(store, meeting_id, what, **kwargs)[0])


def build_meeting_docx(store: Any, meeting_id: uuid.UUID, what: str, **kwargs: Any) -> bytes:
    """The document as DOCX bytes (arguments of :func:`meeting_document`)."""
    from tegdesk.core.documents.docx_export import render_docx

    return render_docx(meeting_document(store, meeting_id, what, **kwargs)[0])


def export_meeting_document(store: Any, meeting_id: uuid.UUID, what: str, out_path: str | Path, *, lang: str,
                            annotated: bool = False, audience: str = NoticeAudience.GOVERNMENTS,
                            issued: dt.date | None = None, progress: Progress | None = None) -> ExportedDocument:
    """Write ``what`` (agenda, notice or participants) in ``lang`` to ``out_path``, PDF or DOCX by its extension.

    The file is written whole or not at all (a temporary file beside it, then
    renamed): an existing file is never left half overwritten. ``progress`` is told of
    each step and stops the export (:class:`~tegdesk.core.progress.Cancelled`) before
    anything is written.
    """
    progress = progress or Progress()
    out = Path(out_path)
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise UserError(BAD_FORMAT, name=out.name)
    progress(0, 2)
    doc, data = meeting_document(store, meeting_id, what, lang=lang, annotated=annotated, audience=audience,
                                 issued=issued)
    progress(1, 2)
    if suffix == ".pdf":
        from tegdesk.core.documents.un import render_pdf

        content = render_pdf(doc)
    else:
        from tegdesk.core.documents.docx_export import render_docx

        content = render_docx(doc)
    progress.check()
    _write_atomically(out, content)
    return ExportedDocument(out, data.fallbacks)
