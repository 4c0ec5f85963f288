"""Commands about reports: the annual BSP report under ``tegdesk export``.

Registered on :mod:`tegdesk.cli`'s command table when that module is imported::

    tegdesk export bsp-report OUT [--year YYYY] [--lang LANG] [--symbol SYMBOL] [--date DATE]

OUT must end in .pdf. ``--year`` defaults to the last full year with data; ``--lang``
is the document's language (default English), independent of the messages' language
(``tegdesk --lang zh export ...``); ``--symbol`` is the document symbol the
report is issued under (none by default); ``--date`` its date (default today).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tegdesk.cli import EXIT_OK, Context, _date, _language, command
from tegdesk.core.i18n import N_, Translator


def _year(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a year (YYYY)") from None


def _bsp_report_arguments(parser: argparse.ArgumentParser, tr: Translator) -> None:
    parser.add_argument("out", type=Path, help=tr.gettext("the file to write: .pdf"))
    parser.add_argument("--year", type=_year, default=None, metavar="YYYY",
                        help=tr.gettext("the year reported on (default: the last full year with data)"))
    parser.add_argument("--lang", dest="doc_lang", type=_language, default="en",
                        help=tr.gettext("the language of the document (default: en)"))
    parser.add_argument("--symbol", default="", metavar="SYMBOL",
                        help=tr.gettext("the document symbol the report is issued under, e.g. ESCAP/CED/2025/INF/1 "
                                        "(default: none)"))
    parser.add_argument("--date", dest="issued", type=_date, default=None, metavar="DATE",
                        help=tr.gettext("the date of the document, YYYY-MM-DD (default: today)"))


@command("export", "bsp-report", help=N_("Write the annual report on the Bali Strategic Plan for a year (requests, "
                                         "activities, funding, results, gaps; with figures) to a PDF file."),
         arguments=_bsp_report_arguments)
def _export_bsp_report(args: argparse.Namespace, ctx: Context) -> int:
    from tegdesk.core.documents.bsp_report import export_bsp_report
    from tegdesk.core.reports import default_report_year, report_years

    ctx.require_db()
    with ctx.store() as store:
        year = args.year if args.year is not None else default_report_year(report_years(store))
        path = export_bsp_report(store, year, args.out, lang=args.doc_lang, symbol=args.symbol.strip(),
                                 issued=args.issued)
    ctx.say(ctx.tr.gettext("BSP report for {year} written to {path}.", year=str(year), path=path))
    return EXIT_OK
