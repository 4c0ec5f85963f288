"""Full-text search of activities: the store's one SQLite-specific place for it.

The index (migration 0003) is an FTS5 table with the trigram tokenizer over each live
activity's text (titles and descriptions in every language, the identifier, the names and
acronyms of its organisations), kept current by triggers. Trigrams find any substring of
three or more characters, so Chinese, which has no spaces between words, is found too,
and letters are compared without case (Latin, Cyrillic, Greek ...).

User text never reaches FTS5 as syntax: it is split on white space and every term is
quoted (a double quote doubled), so ``"``, ``*``, ``AND``, ``NEAR(`` or ``-`` are searched
as the characters they are. Terms are ANDed. A term of one or two characters is no
trigram, yet Chinese words of two characters (环境) are common: such a term is found
through the trigrams it begins (every text ends with two line ends, so each of its
characters begins one), listed by FTS5's vocabulary table and ORed. When it begins too
many (a Latin letter alone), it is looked for with ``LIKE`` in the stored text instead
(``%``, ``_`` and ``\\`` escaped), once for each way of writing its letters in upper and
lower case, since SQLite's own LIKE ignores case for ASCII letters only.

:func:`doc_numbers` (with :func:`matching_docs`, the SQL) finds the docs (``activity_search_doc.doc``)
whose text has every term; :mod:`tegdesk.core.activity_query` combines them with the
list's other filters. :func:`row_check` checks a few given docs instead, for the list's
first page, which needs only the first matches in list order. :func:`bulk_inserts` lets an import index thousands of new
activities at once.
"""

from __future__ import annotations

import contextlib
import itertools
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import Connection

#: The tables derived from the activities for searching and listing (migration 0003).
DOC_TABLE = "activity_search_doc"  # one row per live activity: doc, activity_id, sort and facet keys
TEXT_TABLE = "activity_search_text"  # doc, body: the searchable text
FTS_TABLE = "activity_search"  # FTS5 (trigram) over TEXT_TABLE.body, rowid = doc; its trigrams: _vocab
CHANGE_TABLE = "activity_search_change"  # activity_id, version of its last change to the list (migration 0004)

#: The triggers that index one activity per inserted row (migration 0003); :func:`bulk_inserts`
#: sets them aside.
ROW_INSERT_TRIGGERS = ("activity_search_activity_ai", "activity_search_ao_ai")

#: Shortest term the trigram index can find.
MIN_TRIGRAM = 3
_LIKE_ESCAPE = "\\"


def is_search_table(name: str) -> bool:
    """Whether ``name`` is one of the derived search tables, or a shadow table FTS5 keeps
    for them (``activity_search_data``, ``_idx``, ``_docsize``, ``_config``).

    They are rebuilt from the activities by triggers, hold nothing a user wrote, and are
    not models: schema comparison, row counts and audit trails leave them out."""
    return name == FTS_TABLE or name.startswith(FTS_TABLE + "_")


def include_name(name: str | None, type_: str, _parent_names: object = None) -> bool:
    """Alembic's ``include_name`` hook: autogenerate ignores the search tables."""
    return not (type_ == "table" and name is not None and is_search_table(name))


def terms(text: str) -> list[str]:
    """The distinct terms of user text, in order: split on any white space (including the
    ideographic space), NUL characters dropped."""
    seen: dict[str, None] = {}
    for term in text.replace("\x00", "").split():
        seen.setdefault(term, None)
    return list(seen)


def quote(term: str) -> str:
    """``term`` as an FTS5 string: in double quotes, a double quote doubled. Nothing in a
    string is FTS5 syntax."""
    return '"' + term.replace('"', '""') + '"'


def match_expression(long_terms: list[str]) -> str:
    """An FTS5 MATCH expression that finds docs containing every term (each of 3 or more
    characters) as a substring."""
    return " AND ".join(quote(t) for t in long_terms)


def _case_variants(term: str) -> list[str]:
    """Every spelling of ``term`` in upper and lower case that LIKE would not match by
    itself (LIKE already ignores the case of ASCII letters)."""
    options = []
    for ch in term:
        if ch.isascii():
            options.append([ch])
            continue
        spellings = [ch]
        for other in (ch.lower(), ch.upper()):
            if len(other) == 1 and other not in spellings:
                spellings.append(other)
        options.append(spellings)
    return ["".join(p) for p in itertools.product(*options)]


def like_pattern(term: str) -> str:
    """``%term%`` with LIKE's wildcards and the escape character escaped."""
    escaped = term.replace(_LIKE_ESCAPE, _LIKE_ESCAPE * 2).replace("%", _LIKE_ESCAPE + "%")
    return "%" + escaped.replace("_", _LIKE_ESCAPE + "_") + "%"


@dataclass
class DocQuery:
    """A SQL query selecting doc numbers, with its bound parameters."""

    sql: str
    params: dict[str, object] = field(default_factory=dict)


def _like(term: str, name: str, params: dict[str, object]) -> str:
    alternatives = []
    for j, variant in enumerate(_case_variants(term)):
        params[f"{name}_{j}"] = like_pattern(variant)
        alternatives.append(f"t.body LIKE :{name}_{j} ESCAPE '{_LIKE_ESCAPE}'")
    return "(" + " OR ".join(alternatives) + ")"


def matching_docs(text: str, starts: Callable[[str], list[str] | None] | None = None,
                  prefix: str = "q") -> DocQuery | None:
    """A query of the docs (``activity_search_doc.doc``) whose text has every term of
    ``text``; None when ``text`` has no term. Parameter names start with ``prefix``.

    Terms of three or more characters are matched by the trigram index. A shorter term is
    matched by the trigrams it begins, which ``starts(term)`` lists (None: too many, or
    none can be told); without them, by LIKE in the stored text."""
    found = terms(text)
    if not found:
        return None
    params: dict[str, object] = {}
    groups: list[str] = []
    likes: list[str] = []
    for i, term in enumerate(found):
        if len(term) >= MIN_TRIGRAM:
            groups.append(quote(term))
            continue
        trigrams = starts(term) if starts is not None else None
        if trigrams is None:
            likes.append(_like(term, f"{prefix}_like_{i}", params))
        elif not trigrams:
            return DocQuery("SELECT NULL WHERE 0", {})  # begins no trigram: in no text
        else:
            groups.append("(" + " OR ".join(quote(t) for t in trigrams) + ")")
    fts = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :{prefix}_match"
    if groups:
        params[f"{prefix}_match"] = " AND ".join(groups)
        if not likes:
            return DocQuery(fts, params)
        likes.insert(0, f"t.doc IN ({fts})")
    return DocQuery(f"SELECT t.doc FROM {TEXT_TABLE} t WHERE {' AND '.join(likes)}", params)


@dataclass
class RowCheck:
    """How to tell whether a doc's text has every term, a few docs at a time: ``sql``, a
    condition on ``t.body`` (``t`` being ``activity_search_text``) with its ``params``, and
    ``lowered``, terms to find in the text put in lower case by Python."""

    sql: str
    params: dict[str, object]
    lowered: list[str]

    def matches(self, body: str) -> bool:
        """Whether ``body`` (which met ``sql``) has the ``lowered`` terms too."""
        text = body.lower()
        return all(term in text for term in self.lowered)


def row_check(text: str, prefix: str = "r") -> RowCheck | None:
    """How to check a few docs at a time (by ``t.doc IN (...)``) for every term of
    ``text`` without the trigram index; None when ``text`` has no term.

    It finds what the LIKE fallback of :func:`matching_docs` finds: every letter in upper or
    lower case. That is what the trigram index finds too for every script whose letters have
    one spelling in each case (Latin, Cyrillic, Chinese ...); a few rarer letters fold
    differently there (the Greek final sigma, the Kelvin sign), which is why
    :mod:`tegdesk.core.activity_query` takes the full search's answer as the last word.
    A term in ASCII is one LIKE (which ignores ASCII case); one without cased letters
    (Chinese) a plain ``instr``; a term with other cased letters (Cyrillic) is looked for
    in the text in lower case, in Python: faster than SQLite's GLOB with a class per letter,
    and LIKE would need a pattern per spelling."""
    found = terms(text)
    if not found:
        return None
    params: dict[str, object] = {}
    checks, lowered = [], []
    for i, term in enumerate(found):
        name = f"{prefix}_{i}"
        if term.isascii():
            params[name] = like_pattern(term)
            checks.append(f"t.body LIKE :{name} ESCAPE '{_LIKE_ESCAPE}'")
        elif len(_case_variants(term)) == 1:  # no letter with a case (Chinese): a plain substring
            params[name] = term
            checks.append(f"instr(t.body, :{name}) > 0")
        else:
            lowered.append(term.lower())
    return RowCheck(" AND ".join(checks) or "1", params, lowered)


#: A short term begins at most this many distinct trigrams to be looked up by them
#: (a Latin letter alone begins hundreds: LIKE is faster then).
MAX_TRIGRAMS = 64


def doc_numbers(raw: sqlite3.Connection, text: str) -> list[int] | None:
    """The docs whose text has every term of ``text`` (None when it has no term), read
    on the SQLite connection ``raw``."""

    def starts(term: str) -> list[str] | None:
        folded = term.lower()  # the index holds trigrams folded to lower case
        if len(folded) != len(term):
            return None
        rows = raw.execute(f"SELECT term FROM {FTS_TABLE}_vocab WHERE term >= ? AND term < ? LIMIT ?",
                           (folded, folded + chr(0x10FFFF), MAX_TRIGRAMS + 1)).fetchall()
        return None if len(rows) > MAX_TRIGRAMS else [r[0] for r in rows]

    query = matching_docs(text, starts)
    if query is None:
        return None
    return [doc for (doc,) in raw.execute(query.sql, query.params)]


@contextlib.contextmanager
def bulk_inserts(conn: Connection) -> Iterator[None]:
    """Insert many new activities (with their organisations) in the block, then index them
    in one statement.

    SQLite runs a trigger's statements once per inserted row, and each separate INSERT
    pays for a statement journal and an FTS5 flush: indexing row by row costs about
    0.3 ms an activity, several times the insert itself. Here the per-row insert triggers
    are dropped inside the caller's transaction (DDL is transactional in SQLite: a
    rollback restores them), and on leaving the block they are created again from their
    own stored SQL and every live activity without a doc is indexed by one UPDATE that
    fires the update trigger row by row within a single statement. Updates and deletes in
    the block are still indexed by their triggers as usual.
    """
    saved = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (%s)"
        % ", ".join("?" * len(ROW_INSERT_TRIGGERS)), ROW_INSERT_TRIGGERS).all()
    for name, _sql in saved:
        conn.exec_driver_sql(f"DROP TRIGGER {name}")
    try:
        yield
    finally:
        for _name, sql in saved:
            conn.exec_driver_sql(sql.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS", 1))
    conn.exec_driver_sql(f"UPDATE activity SET status = status WHERE deleted_at IS NULL "
                         f"AND id NOT IN (SELECT activity_id FROM {DOC_TABLE})")
