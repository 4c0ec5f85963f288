"""Commands about the BSP activity database: ``tegdesk import activities`` and ``tegdesk export activities``.

Registered on :mod:`tegdesk.cli`'s command table when that module is imported::

    tegdesk import activities FILE        .csv, .xlsx or IATI .xml: every activity or none
    tegdesk export activities OUT [--search TEXT] [--country TH] [--subregion NAME] [--bsp TA02]
                                  [--status 2] [--level national] [--year 2026] [--lang LANG]

The export's OUT extension chooses the format: ``.csv``, ``.xlsx``, ``.xml`` (IATI 2.03) or
``.pdf`` (the printed catalogue, in ``--lang``). The filter options are those of the activity
list (repeat one for several values: ``--country TH --country VN``); the file holds exactly
what the list shows with them, in its order.

An import that finds a problem prints every problem with its row (or line) and column (or
element), exits 1 and writes nothing. Warnings (an activity left out of an IATI file, a sector
vocabulary that is not BSP's) go to stderr; the command still succeeds.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tegdesk.cli import EXIT_FAILURE, EXIT_OK, Context, _fail, _language, command
from tegdesk.core.activity_types import ActivityFilter
from tegdesk.core.i18n import N_, Translator

#: Warnings printed before "… and N more."
WARNINGS_SHOWN = 20
STATUSES = ("1", "2", "3", "4", "5", "6")
LEVELS = ("national", "subregional", "regional", "global")


def _warn(ctx: Context, lines: list[str]) -> None:
    warning = ctx.tr.gettext("warning")
    for line in lines[:WARNINGS_SHOWN]:
        print(f"{warning}: {line}", file=ctx.stderr)
    if len(lines) > WARNINGS_SHOWN:
        print(f"{warning}: " + ctx.tr.gettext("… and {count} more.", count=len(lines) - WARNINGS_SHOWN),
              file=ctx.stderr)


def _import_arguments(parser: argparse.ArgumentParser, tr: Translator) -> None:
    parser.add_argument("file", type=Path, help=tr.gettext("a .csv or .xlsx file in the activity layout, or an "
                                                           "IATI activity file (.xml)"))


@command("import", "activities", help=N_("Import activities from CSV, XLSX or IATI XML: all of them or none."),
         arguments=_import_arguments)
def _import_activities(args: argparse.Namespace, ctx: Context) -> int:
    from tegdesk.core.interchange.activities import import_activities
    from tegdesk.core.interchange.tables import ImportFailed

    tr = ctx.tr
    with ctx.store() as store:
        try:
            summary = import_activities(store, args.file)
        except ImportFailed as failed:
            _fail(ctx, failed.text(tr))
            for line in failed.report(tr):
                print(f"  {line}", file=ctx.stderr)
            return EXIT_FAILURE
    _warn(ctx, [w.text(tr) for w in summary.warnings])
    ctx.say(tr.ngettext("Imported {n} activity from {name}; backup before the import: {backup}.",
                        "Imported {n} activities from {name}; backup before the import: {backup}.",
                        summary.count, name=args.file.name, backup=summary.backup))
    return EXIT_OK


def _year(value: str) -> int:
    if not value.isdigit() or not 1900 <= int(value) <= 2200:
        raise argparse.ArgumentTypeError(f"{value!r} is not a year")
    return int(value)


def _export_arguments(parser: argparse.ArgumentParser, tr: Translator) -> None:
    parser.add_argument("out", type=Path, help=tr.gettext("the file to write: .csv, .xlsx, .xml (IATI) or .pdf "
                                                          "(the printed catalogue)"))
    parser.add_argument("--search", default="", metavar="TEXT",
                        help=tr.gettext("only activities whose titles, descriptions or organisations contain TEXT"))
    parser.add_argument("--country", action="append", default=[], type=str.upper, metavar="ISO",
                        help=tr.gettext("a recipient country, ISO alpha-2 (repeat for several)"))
    parser.add_argument("--subregion", action="append", default=[], metavar="NAME",
                        help=tr.gettext("an ESCAP subregion, e.g. “South-East Asia” (repeat for several)"))
    parser.add_argument("--bsp", action="append", default=[], type=str.upper, metavar="CODE",
                        help=tr.gettext("a BSP code, e.g. TA02 (repeat for several)"))
    parser.add_argument("--status", action="append", default=[], choices=STATUSES,
                        help=tr.gettext("an IATI activity status, 1 to 6 (repeat for several)"))
    parser.add_argument("--level", action="append", default=[], choices=LEVELS,
                        help=tr.gettext("national, subregional, regional or global (repeat for several)"))
    parser.add_argument("--year", action="append", default=[], type=_year,
                        help=tr.gettext("the year an activity starts (repeat for several)"))
    parser.add_argument("--lang", dest="doc_lang", type=_language, default="en", metavar="LANG",
                        help=tr.gettext("the language of the catalogue (default: en)"))


def activity_filter(args: argparse.Namespace) -> ActivityFilter:
    """The list's filter the options describe."""
    return ActivityFilter(text=args.search, countries=frozenset(args.country), subregions=frozenset(args.subregion),
                          bsp_codes=frozenset(args.bsp), statuses=frozenset(args.status),
                          levels=frozenset(args.level), years=frozenset(args.year))


@command("export", "activities", help=N_("Write the activities (all, or those the filters select) to CSV, XLSX, "
                                         "IATI XML or a PDF catalogue, chosen by the file name."),
         arguments=_export_arguments)
def _export_activities(args: argparse.Namespace, ctx: Context) -> int:
    from tegdesk.core.interchange.activities import export_activities

    tr = ctx.tr
    ctx.require_db()
    with ctx.store(read_only=True) as store:
        result = export_activities(store, args.out, activity_filter(args), lang=args.doc_lang)
    _warn(ctx, [tr.gettext(message, **params) for message, params in result.left_out])
    ctx.say(tr.ngettext("{n} activity written to {path}.", "{n} activities written to {path}.", result.count,
                        path=result.path))
    return EXIT_OK
