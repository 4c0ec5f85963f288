"""Commands about meetings: ``tegdesk meetings`` and the meeting documents under ``tegdesk export``.

Registered on :mod:`tegdesk.cli`'s command table when that module is imported::

    tegdesk meetings [--body TEG]                 the meetings, one a line: TEG:2, dates, place, status, title
    tegdesk export agenda OUT --meeting TEG:2 [--annotated] [--lang LANG] [--date DATE]
    tegdesk export notice OUT --meeting TEG:2 [--to governments|experts] [--lang LANG] [--date DATE]
    tegdesk export participants OUT --meeting TEG:2 [--lang LANG] [--date DATE]

OUT's extension chooses the format (.pdf or .docx). ``--lang`` is the
document's language (default English), independent of the messages' language
(``tegdesk --lang zh export ...``). What the document shows in English for want
of a translation, or leaves out for want of a value, is reported on stderr as a
warning; the document is still written (exit code 0).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tegdesk.cli import EXIT_OK, Context, _date, _language, command
from tegdesk.core.i18n import NC_, N_, Translator

#: A meeting's status, as the list says it (the same words as the interface)
STATUS_NAMES = {"planned": NC_("meeting status", "Planned"), "notice_issued": N_("Notice issued"), "held": N_("Held"),
                "cancelled": N_("Cancelled")}


def _meetings_arguments(parser: argparse.ArgumentParser, tr: Translator) -> None:
    parser.add_argument("--body", default="TEG", help=tr.gettext("the code of the body (default: TEG)"))


@command("meetings", help=N_("List the meetings of a body: reference (e.g. TEG:2), dates, place, status, title."),
         arguments=_meetings_arguments)
def _meetings(args: argparse.Namespace, ctx: Context) -> int:
    from tegdesk.core.documents.meeting_data import gather_meeting, meeting_label
    from tegdesk.core.models import Body
    from tegdesk.core.services.meetings import MeetingService

    tr = ctx.tr
    ctx.require_db()
    with ctx.store() as store:
        service = MeetingService(store, args.body)
        rows = service.meetings()
        if not rows:
            with store.session() as s:
                body = s.get(Body, service.body_id)
                name = (body.names or {}).get(tr.lang) or body.name_en
            ctx.say(tr.gettext("The {body} has no meeting yet.", body=name))
            return EXIT_OK
        for row in rows:
            data = gather_meeting(store, row.id, tr.lang)
            status = tr.gettext(STATUS_NAMES[row.status]) if row.status in STATUS_NAMES else row.status
            ctx.say("\t".join([meeting_label(service.body_code, row.number), data.dates, data.place,
                               status, data.title]))
    return EXIT_OK


def _document_arguments(parser: argparse.ArgumentParser, tr: Translator) -> None:
    parser.add_argument("out", type=Path, help=tr.gettext("the file to write: .pdf or .docx"))
    parser.add_argument("--meeting", required=True, metavar="BODY:NUMBER",
                        help=tr.gettext("the meeting, e.g. TEG:2 (see “tegdesk meetings”)"))
    parser.add_argument("--lang", dest="doc_lang", type=_language, default="en",
                        help=tr.gettext("the language of the document (default: en)"))
    parser.add_argument("--date", dest="issued", type=_date, default=None, metavar="DATE",
                        help=tr.gettext("the date of the document, YYYY-MM-DD (default: its recorded date, "
                                        "else today)"))


def _agenda_arguments(parser: argparse.ArgumentParser, tr: Translator) -> None:
    _document_arguments(parser, tr)
    parser.add_argument("--annotated", action="store_true",
                        help=tr.gettext("the annotated provisional agenda: each item's annotation and documents"))


def _notice_arguments(parser: argparse.ArgumentParser, tr: Translator) -> None:
    _document_arguments(parser, tr)
    parser.add_argument("--to", dest="audience", choices=("governments", "experts"), default="governments",
                        help=tr.gettext("governments: a note verbale; experts: a letter (default: governments)"))


def _export(args: argparse.Namespace, ctx: Context, what: str, written: str, **options: object) -> int:
    from tegdesk.core.documents.meeting_data import find_meeting
    from tegdesk.core.documents.meeting_export import export_meeting_document

    tr = ctx.tr
    ctx.require_db()
    with ctx.store() as store:
        meeting_id = find_meeting(store, args.meeting)
        result = export_meeting_document(store, meeting_id, what, args.out, lang=args.doc_lang, issued=args.issued,
                                         **options)  # type: ignore[arg-type]
    warning = tr.gettext("warning")
    for fallback in result.fallbacks:
        print(f"{warning}: {fallback.text(tr)}", file=ctx.stderr)
    ctx.say(tr.gettext(written, path=result.path))
    return EXIT_OK


@command("export", "agenda", help=N_("Write the provisional agenda of a meeting (or the annotated one) to a PDF or "
                                     "DOCX file."), arguments=_agenda_arguments)
def _export_agenda(args: argparse.Namespace, ctx: Context) -> int:
    return _export(args, ctx, "agenda", N_("Agenda written to {path}."), annotated=args.annotated)


@command("export", "notice", help=N_("Write the notice of a meeting (a note verbale to Governments or a letter to "
                                     "experts) to a PDF or DOCX file."), arguments=_notice_arguments)
def _export_notice(args: argparse.Namespace, ctx: Context) -> int:
    return _export(args, ctx, "notice", N_("Notice written to {path}."), audience=args.audience)


@command("export", "participants", help=N_("Write the list of participants of a meeting to a PDF or DOCX file."),
         arguments=_document_arguments)
def _export_participants(args: argparse.Namespace, ctx: Context) -> int:
    return _export(args, ctx, "participants", N_("List of participants written to {path}."))
