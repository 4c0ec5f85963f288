"""The command line.

``tegdesk`` with no command opens the graphical interface on the database named
by ``--db``, ``TEGDESK_DB`` or the platform default (:func:`tegdesk.paths.resolve_db_path`).
The subcommands work without a display::

    tegdesk demo                 fill an empty database with the demonstration
    tegdesk db check             integrity, foreign keys and invariants; exit 1 when damaged
    tegdesk db backup [OUT]      a checked copy of the database
    tegdesk db backups           the backups beside the database, newest first
    tegdesk db restore FILE      replace the database with a backup (after backing it up)

Exit codes: 0 success; 1 the command failed (a :class:`~tegdesk.core.errors.UserError`,
a missing file, a damaged database); 2 the command line itself is wrong; 130 interrupted.
A user's mistake is reported as one line on stderr (``tegdesk: error: ...``), never
as a traceback; any other exception is a bug and shows its traceback.

Adding a command
----------------
Write a handler taking the parsed arguments and a :class:`Context`, returning the
exit code, and register it with :func:`command`; the words are the command's path,
so one or two words make ``tegdesk demo`` or ``tegdesk export roster`` (the group
``export`` is created on first use; describe it in :data:`GROUPS`)::

    def _roster_arguments(parser: argparse.ArgumentParser, tr: Translator) -> None:
        parser.add_argument("out", type=Path, help=tr.gettext("the file to write"))
        parser.add_argument("--with-contacts", action="store_true", help=...)

    @command("export", "roster", help=N_("Write the roster to a file."), arguments=_roster_arguments)
    def _export_roster(args: argparse.Namespace, ctx: Context) -> int:
        with ctx.store() as store:
            ...
        ctx.say(ctx.tr.gettext("Roster written to {path}.", path=args.out))
        return 0

``--db`` is accepted before the command and after it. ``--lang`` (the language of
the interface and of these messages) only before it, so that a command may have
its own ``--lang`` for the language of a document it writes (give that option
``dest="doc_lang"``).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from tegdesk import APP_NAME, __version__
from tegdesk.core.errors import UserError
from tegdesk.core.i18n import LANGUAGES, N_, Translator, normalize_language, translator
from tegdesk.paths import resolve_db_path

if TYPE_CHECKING:
    from tegdesk.core.store import Store

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class UsageError(Exception):
    """The command line is wrong (unknown command, bad or missing argument)."""

    def __init__(self, message: str, prog: str = APP_NAME):
        super().__init__(message)
        self.prog = prog


class _Parser(argparse.ArgumentParser):
    """An argument parser that raises instead of printing usage and exiting."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message, self.prog)


# -- the context a handler runs in ---------------------------------------------------

@dataclass
class Context:
    """What every handler gets besides its arguments."""

    tr: Translator
    db_arg: str | None = None
    lang: str | None = None
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)

    @property
    def db_path(self) -> Path:
        return resolve_db_path(self.db_arg)

    def say(self, line: str) -> None:
        print(line, file=self.stdout)

    def require_db(self) -> Path:
        """The database path, which must name an existing file."""
        path = self.db_path
        if not path.is_file():
            raise UserError(self.tr.gettext("There is no database at {path}.", path=path))
        return path

    @contextlib.contextmanager
    def store(self, *, read_only: bool = False) -> Iterator[Store]:
        """The opened (created, migrated) database, closed (and its lock released) at the end
        of the block. A database open in the interface or another command is refused with
        "in use by …" (a :class:`~tegdesk.core.errors.DatabaseLocked`), but a lock left on this
        computer by a tegdesk that has ended (a crash, a killed window) is taken over at once, as
        the window does, and the file is checked first; ``read_only`` takes no lock and refuses
        writes."""
        from tegdesk.core.errors import DatabaseLocked
        from tegdesk.core.store import lock, open_store

        try:
            store = open_store(self.db_path, read_only=read_only)
        except DatabaseLocked as exc:
            if not lock.is_stale(exc.holder):
                raise
            store = open_store(self.db_path, read_only=read_only, take_over=exc.holder)
        try:
            yield store
        finally:
            store.close()


Handler = Callable[[argparse.Namespace, Context], int]
Configure = Callable[[argparse.ArgumentParser, Translator], None]


@dataclass(frozen=True)
class Command:
    words: tuple[str, ...]
    help: str  # N_-marked; translated when the parser is built
    handler: Handler
    arguments: Configure | None = None


#: Registered commands, in the order they are listed in ``--help``.
COMMANDS: dict[tuple[str, ...], Command] = {}

#: Help of the command groups (first words shared by several commands).
GROUPS: dict[str, str] = {
    "db": N_("Check, back up or restore the database."),
    "import": N_("Read data from a file into the database."),
    "export": N_("Write data from the database to a file."),
}


def command(*words: str, help: str, arguments: Configure | None = None) -> Callable[[Handler], Handler]:
    """Register ``handler`` as ``tegdesk <words...>`` (one or two words)."""
    if not 1 <= len(words) <= 2:
        raise ValueError(f"a command has one or two words, not {words!r}")

    def register(handler: Handler) -> Handler:
        if words in COMMANDS:
            raise ValueError(f"command {' '.join(words)!r} registered twice")
        COMMANDS[words] = Command(words, help, handler, arguments)
        return handler

    return register


# -- the parser ---------------------------------------------------------------------

def _language(value: str) -> str:
    try:
        return normalize_language(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"unsupported language {value!r}; choose one of {', '.join(LANGUAGES)}") from None


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _count(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = -1
    if not 0 <= n <= 1_000_000:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number from 0 to 1,000,000")
    return n


def build_parser(tr: Translator) -> argparse.ArgumentParser:
    parser = _Parser(
        prog=APP_NAME,
        description=tr.gettext("Secretariat tools for the Technical Expert Group on Environment and Development. "
                               "Without a command, the graphical interface opens."),
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}",
                        help=tr.gettext("show the version and exit"))
    parser.add_argument("--db", metavar="PATH",
                        help=tr.gettext("the database file (default: $TEGDESK_DB, else the user data folder)"))
    parser.add_argument("--lang", metavar="LANG", type=_language,
                        help=tr.gettext("language of the interface and messages: {choices}",
                                        choices=", ".join(LANGUAGES)))
    parser.set_defaults(_handler=_open_gui)

    # --db may also follow the command; SUPPRESS keeps a value given before it.
    common = _Parser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=argparse.SUPPRESS)

    top = parser.add_subparsers(title=tr.gettext("commands"), metavar="COMMAND", dest="_command")
    groups: dict[str, argparse._SubParsersAction] = {}
    for cmd in COMMANDS.values():
        if len(cmd.words) == 1:
            target = top
        else:
            group = cmd.words[0]
            if group not in groups:
                gp = top.add_parser(group, help=tr.gettext(GROUPS.get(group, "")), parents=[common],
                                    description=tr.gettext(GROUPS.get(group, "")))
                gp.set_defaults(_handler=_group_handler(group))
                groups[group] = gp.add_subparsers(title=tr.gettext("commands"), metavar="COMMAND",
                                                  dest=f"_command_{group}")
            target = groups[group]
        sub = target.add_parser(cmd.words[-1], help=tr.gettext(cmd.help), description=tr.gettext(cmd.help),
                                parents=[common])
        if cmd.arguments is not None:
            cmd.arguments(sub, tr)
        sub.set_defaults(_handler=cmd.handler)
    return parser


def _group_handler(group: str) -> Handler:
    def handler(_args: argparse.Namespace, ctx: Context) -> int:
        names = ", ".join(words[1] for words in COMMANDS if words[0] == group)
        raise UsageError(ctx.tr.gettext("“{group}” needs a command: {names}.", group=group, names=names),
                         f"{APP_NAME} {group}")
    return handler


def _peek_language(argv: Sequence[str]) -> str | None:
    """The interface's ``--lang`` value, read before parsing so that help and errors are translated.

    Only options before the command count: after it, ``--lang`` is a command's own
    option (the language of the document it writes), not the interface's.
    """
    args = list(argv)
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--" or not arg.startswith("-"):
            break  # the command: what follows is its own
        value = None
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value is not None:
            try:
                return normalize_language(value)
            except ValueError:
                return None
        i += 2 if arg in ("--db", "--lang") else 1
    return None


# -- the entry point ----------------------------------------------------------------

def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    tr = translator(_peek_language(argv))
    ctx = Context(tr=tr)
    try:
        parser = build_parser(tr)
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # --help and --version print, then exit
            return exc.code if isinstance(exc.code, int) else EXIT_OK
        ctx.db_arg = args.db
        ctx.lang = args.lang
        if args.lang and args.lang != tr.lang:
            ctx.tr = translator(args.lang)
        return args._handler(args, ctx)
    except UsageError as exc:
        hint = ctx.tr.gettext("see “{prog} --help”", prog=exc.prog)
        error = ctx.tr.gettext("error")
        print(_one_line(f"{exc.prog}: {error}: {exc} ({hint})"), file=sys.stderr)
        return EXIT_USAGE
    except UserError as exc:
        _fail(ctx, exc.text(ctx.tr))
        return EXIT_FAILURE
    except OSError as exc:  # a missing or unreadable file, a full disk
        reason = exc.strerror or str(exc)
        _fail(ctx, f"{reason}: {exc.filename}" if exc.filename else reason)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return EXIT_INTERRUPTED


def _fail(ctx: Context, message: object) -> None:
    error = ctx.tr.gettext("error")
    print(_one_line(f"{APP_NAME}: {error}: {message}"), file=sys.stderr)


# -- the interface ------------------------------------------------------------------

def _open_gui(args: argparse.Namespace, ctx: Context) -> int:
    try:
        from tegdesk.ui.app import run  # Qt is loaded only here, and only through tegdesk.ui
    except ImportError as exc:
        raise UserError(ctx.tr.gettext(
            "The graphical interface cannot start ({reason}); the commands still work (see “tegdesk --help”).",
            reason=exc)) from exc
    return run(ctx.db_path, args.lang)


# -- tegdesk demo ---------------------------------------------------------------------

def _demo_arguments(parser: argparse.ArgumentParser, tr: Translator) -> None:
    from tegdesk.core.demo import DEMO_SEED

    parser.add_argument("--seed", type=int, default=DEMO_SEED,
                        help=tr.gettext("seed of the random choices (default {seed})", seed=DEMO_SEED))
    parser.add_argument("--today", type=_date, metavar="DATE", default=None,
                        help=tr.gettext("the date the demonstration is built around (default: today)"))
    parser.add_argument("--activities", type=_count, metavar="N", default=0,
                        help=tr.gettext("also generate N more activities, to try the list at scale"))
    parser.add_argument("--experts", type=_count, metavar="N", default=0,
                        help=tr.gettext("also generate N more serving experts, to try the roster at scale"))
    parser.add_argument("--meetings", type=_count, metavar="N", default=0,
                        help=tr.gettext("also generate N more meetings, to try the list at scale"))


@command("demo", help=N_("Fill an empty database with a demonstration roster, meetings, activities and requests."),
         arguments=_demo_arguments)
def _demo(args: argparse.Namespace, ctx: Context) -> int:
    from tegdesk.core.demo import EARLIEST_TODAY, existing_content, populate_demo

    tr = ctx.tr
    if args.today is not None and args.today < EARLIEST_TODAY:
        raise UsageError(tr.gettext("--today must be {earliest} or later: the demonstration starts with the "
                                    "first meeting of March 2023.", earliest=EARLIEST_TODAY.isoformat()),
                         f"{APP_NAME} demo")
    with ctx.store() as store:
        held = existing_content(store)
        if held:
            what = tr.gettext(", ").join(_held_part(tr, name, n) for name, n in held.items())
            raise UserError(tr.gettext(
                "The database {path} already holds data ({what}); the demonstration is loaded only into an "
                "empty database. Name a new file with --db.", path=store.path, what=what))
        summary = populate_demo(store, seed=args.seed, today=args.today)
        ctx.say(tr.gettext(
            "Demonstration loaded into {path}: {experts} experts ({serving} serving), {meetings} meetings, "
            "{activities} activities, {requests} requests.",
            path=store.path, experts=summary.experts, serving=summary.serving_experts,
            meetings=summary.meetings, activities=summary.activities, requests=summary.requests))
        if args.experts:
            from tegdesk.core.demo.bulk import generate_roster

            generate_roster(store, args.experts, seed=args.seed, today=args.today)
            ctx.say(tr.ngettext("{n} generated expert added.", "{n} generated experts added.", args.experts))
        if args.meetings:
            from tegdesk.core.demo.bulk import generate_meetings

            generate_meetings(store, args.meetings, seed=args.seed, today=args.today)
            ctx.say(tr.ngettext("{n} generated meeting added.", "{n} generated meetings added.", args.meetings))
        if args.activities:
            from tegdesk.core.demo.bulk import generate_activities

            generate_activities(store, args.activities, seed=args.seed)
            ctx.say(tr.ngettext("{n} generated activity added.", "{n} generated activities added.",
                                args.activities))
    return EXIT_OK


def _held_part(tr: Translator, name: str, n: int) -> str:
    if name == "experts":
        return tr.ngettext("{n} expert", "{n} experts", n)
    if name == "activities":
        return tr.ngettext("{n} activity", "{n} activities", n)
    if name == "meetings":
        return tr.ngettext("{n} meeting", "{n} meetings", n)
    if name == "requests":
        return tr.ngettext("{n} request", "{n} requests", n)
    return f"{n} {name}"


# -- tegdesk db check / backup --------------------------------------------------------

@command("db", "check", help=N_("Check the database (integrity, foreign keys, rules of the terms of reference) "
                                 "without changing it. Exit code 1 when it is damaged."))
def _db_check(_args: argparse.Namespace, ctx: Context) -> int:
    from tegdesk.core.check import check_database

    tr = ctx.tr
    path = ctx.require_db()
    report = check_database(path)
    for finding in report.findings:
        ctx.say(finding.text(tr))
    if report.ok:
        # The verdict words stay in English so that scripts can test them.
        ctx.say("OK: " + tr.gettext("{path} is sound ({checks} checks passed).",
                                    path=path, checks=len(report.checks)))
        return EXIT_OK
    ctx.say("DAMAGED: " + tr.ngettext("{path}: {n} problem found.", "{path}: {n} problems found.",
                                      len(report.findings), path=path))
    return EXIT_FAILURE


def _backup_arguments(parser: argparse.ArgumentParser, tr: Translator) -> None:
    parser.add_argument("out", nargs="?", type=Path, default=None, metavar="OUT",
                        help=tr.gettext("a folder, or the name of a new file (default: the backups folder "
                                        "beside the database)"))


@command("db", "backup", help=N_("Copy the database to a backup, checked before it is kept."),
         arguments=_backup_arguments)
def _db_backup(args: argparse.Namespace, ctx: Context) -> int:
    from tegdesk.core.store.backup import make_backup

    tr = ctx.tr
    path = ctx.require_db()
    out: Path | None = args.out
    if out is None:
        written = make_backup(path, "manual")
    elif out.is_dir() or str(args.out).endswith(("/", os.sep)):
        written = make_backup(path, "manual", out)
    else:
        if out.exists():
            raise UserError(tr.gettext("{path} already exists; it has not been overwritten.", path=out))
        copy = make_backup(path, "manual", out.parent if str(out.parent) else Path("."))
        os.replace(copy, out)
        written = out
    ctx.say(tr.gettext("Backup written to {path}.", path=written.resolve()))
    return EXIT_OK


def _restore_arguments(parser: argparse.ArgumentParser, tr: Translator) -> None:
    parser.add_argument("file", type=Path, metavar="FILE",
                        help=tr.gettext("the backup to restore (“tegdesk db backups” lists them)"))


@command("db", "restore", help=N_("Replace the database with a backup. The current file is backed up first; a "
                                   "damaged backup, or one from a newer tegdesk, is refused and nothing changes."),
         arguments=_restore_arguments)
def _db_restore(args: argparse.Namespace, ctx: Context) -> int:
    from tegdesk.core.store.backup import restore_backup

    tr = ctx.tr
    path = ctx.db_path
    safety = restore_backup(path, args.file)
    ctx.say(tr.gettext("{path} restored from {backup}.", path=path, backup=args.file.resolve()))
    if safety is not None:
        ctx.say(tr.gettext("The file it replaced was kept as {path}.", path=safety))
    return EXIT_OK


@command("db", "backups", help=N_("List the backups of the database, newest first."))
def _db_backups(_args: argparse.Namespace, ctx: Context) -> int:
    from tegdesk.core.store.backup import list_backups, size_text, taken_at_text

    tr = ctx.tr
    backups = list_backups(ctx.db_path)
    if not backups:
        ctx.say(tr.gettext("There are no backups of {path} yet.", path=ctx.db_path))
        return EXIT_OK
    for backup in backups:
        ctx.say(f"{taken_at_text(tr, backup.taken_at)}  {size_text(tr, backup.size_bytes)}  "
                f"{tr.gettext(backup.reason_label)}  {backup.path}")
    return EXIT_OK


# -- the roster ---------------------------------------------------------------------

def _import_roster_arguments(parser: argparse.ArgumentParser, tr: Translator) -> None:
    parser.add_argument("file", type=Path, help=tr.gettext("a .csv or .xlsx file in the roster import format"))
    parser.add_argument("--body", default="TEG", help=tr.gettext("the code of the body (default: TEG)"))


@command("import", "roster", help=N_("Import experts and their terms from CSV or XLSX: all rows or none."),
         arguments=_import_roster_arguments)
def _import_roster(args: argparse.Namespace, ctx: Context) -> int:
    from tegdesk.core.interchange.roster_import import ImportFailed, import_roster

    tr = ctx.tr
    with ctx.store() as store:
        try:
            summary = import_roster(store, args.file, body_code=args.body)
        except ImportFailed as failed:
            _fail(ctx, failed.text(tr))
            for line in failed.report(tr):
                print(f"  {line}", file=ctx.stderr)
            return EXIT_FAILURE
    ctx.say(tr.gettext("Imported {terms} terms of {experts} new experts from {name}; backup before the import: {backup}.",
                       terms=summary.terms_added, experts=summary.experts_added, name=args.file.name,
                       backup=summary.backup))
    return EXIT_OK


def _export_roster_arguments(parser: argparse.ArgumentParser, tr: Translator) -> None:
    parser.add_argument("out", type=Path, help=tr.gettext("the file to write: .pdf, .csv or .xlsx"))
    parser.add_argument("--lang", dest="doc_lang", type=_language, default="en",
                        help=tr.gettext("the language of the document (default: en)"))
    parser.add_argument("--with-contacts", action="store_true",
                        help=tr.gettext("include e-mail addresses and telephone numbers"))
    parser.add_argument("--as-of", type=_date, default=None,
                        help=tr.gettext("the date the roster describes, YYYY-MM-DD (default: today)"))
    parser.add_argument("--include-past", action="store_true",
                        help=tr.gettext("list past and upcoming terms too"))
    parser.add_argument("--body", default="TEG", help=tr.gettext("the code of the body (default: TEG)"))


@command("export", "roster", help=N_("Write the roster to a PDF, CSV or XLSX file (chosen by the file name)."),
         arguments=_export_roster_arguments)
def _export_roster(args: argparse.Namespace, ctx: Context) -> int:
    from tegdesk.core.interchange.roster_export import export_roster

    ctx.require_db()
    with ctx.store() as store:
        export_roster(store, args.out, lang=args.doc_lang, as_of=args.as_of or dt.date.today(),
                      with_contacts=args.with_contacts, include_past=args.include_past, body_code=args.body)
    ctx.say(ctx.tr.gettext("Roster written to {path}.", path=args.out))
    return EXIT_OK


# Commands kept in their own modules register themselves on import.
from tegdesk import cli_meetings  # noqa: E402,F401  (import for its side effect)
from tegdesk import cli_reports  # noqa: E402,F401  (import for its side effect)
from tegdesk import cli_activities  # noqa: E402,F401  (import for its side effect)
