"""The activity list's reading side: count, pages of rows, ids and facet counts for an
:class:`~tegdesk.core.activity_types.ActivityFilter`, fast at 100,000 activities.

The list's order is the start date (actual, else planned) newest first, then the
identifier; activities with no date come last. Soft-deleted activities are never listed,
counted or found.

How it stays fast: the search migration keeps a list index (``activity_search_doc``, one
narrow row per live activity, kept by triggers) and a version number that every change to
what the list shows increases. :class:`ActivityQuery` reads the list index once into
memory as bitmaps, one bit per activity in list order (a Python ``int`` per facet value:
12.5 KB for 100,000 activities; with the ids and doc numbers in arrays, about 5 MB in
all). When the version has moved, it reads only the activities changed since (migration
0004 logs them) and moves their bits into place; it reads everything again (about a
second at 100,000) only when it has no log to ask or many changed (an import). A
filter is then a few ANDs and ORs of bitmaps; a count is a popcount; a page is the
``offset``-th to ``offset + limit``-th set bits, whose rows are read by id in one query;
the text is matched once per (version, text) by :mod:`tegdesk.core.store.search` and its
bitmap kept for the next calls (the list asks for the count, a page and the facets of the
same text at each keystroke).

The first page comes before the count (:meth:`ActivityQuery.first_rows`): matching a text
against all 100,000 activities takes 10-200 ms (a letter alone is in nearly every text),
but the first page needs only the first 100 matches in list order. They are found by
checking the texts of the candidates in list order, a batch at a time, until the page is
full: the candidates are every activity the other filters select, or, as the user types,
only those the previous text matched (a text whose every term contains a term of an
earlier text can only match fewer activities). When the matches are too sparse among the
candidates for that to be quick, the full search answers. The count (and the facets) then
run the full search, whose answer is the last word: the list compares its first page with
it (:meth:`ActivityQuery.ids`), see :func:`tegdesk.core.store.search.row_check`.

Facets are counted the usual way of faceted search: each facet's counts apply the text
and every *other* facet's ticked values but not its own, so that each count says how many
activities ticking that value (too) would show. A ticked value is listed even when its
count is 0, so that it can be unticked.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
import uuid
import weakref
from array import array
from collections import OrderedDict
from operator import itemgetter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from tegdesk.core.activity_types import ActivityFilter, ActivityRow
from tegdesk.core.store import search
from tegdesk.core.store.database import Store

#: The facets, in the order a list shows them.
FACETS = ("countries", "subregions", "bsp_codes", "statuses", "levels", "years")
_TEXTS_KEPT = 8  # bitmaps of recent search texts
_BLOCK = 1024  # bytes of bitmap skipped at once while looking for the offset-th row
#: Candidates whose text the first page checks in its first batch (then twice as many each
#: time), and at most in all: when the matches found so far say a page needs more, the full
#: search answers instead.
FIRST_BATCH = 256
MAX_CHECKED = 1024
#: Changed activities the index takes in place (a few milliseconds each); more, and it is
#: read again in full.
MAX_CHANGES = 64


@dataclass(frozen=True)
class Facet:
    """One value of a facet and how many activities the list would show with it."""

    value: str | int
    count: int


def _set_bits(mask: int, size: int, offset: int, limit: int | None) -> list[int]:
    """The positions of the set bits of ``mask`` from the ``offset``-th, at most ``limit``."""
    data = mask.to_bytes((size + 7) // 8, "little")
    out: list[int] = []
    skip = offset
    for start in range(0, len(data), _BLOCK):
        chunk = data[start:start + _BLOCK]
        if skip:
            ones = int.from_bytes(chunk, "little").bit_count()
            if ones <= skip:
                skip -= ones
                continue
        for j, byte in enumerate(chunk):
            while byte:
                low = byte & -byte
                if skip:
                    skip -= 1
                else:
                    out.append((start + j) * 8 + low.bit_length() - 1)
                    if limit is not None and len(out) >= limit:
                        return out
                byte ^= low
    return out


class _Descending(str):
    """A string that sorts the other way round (for the start date, newest first)."""

    def __lt__(self, other: str) -> bool:  # type: ignore[override]
        return str.__gt__(self, other)

    def __gt__(self, other: str) -> bool:  # type: ignore[override]
        return str.__lt__(self, other)


def _order_key(row: tuple) -> tuple:
    """The list's order of a doc row (doc, activity_id, status, level, year, start,
    identifier): start newest first ('' last), identifier, doc."""
    return (_Descending(row[5]), row[6], row[0])


def _positions(docs: array) -> array:
    """Doc number -> position (-1: no such doc among ``docs``), 8 bytes a doc."""
    position = array("q", [-1]) * (max(docs, default=0) + 1)
    for i, doc in enumerate(docs):
        position[doc] = i
    return position


class _ListIndex:
    """The live activities in list order, and one bitmap per facet value."""

    def __init__(self, conn: Connection, version: int):
        self.version = version
        raw = conn.connection.dbapi_connection  # plain tuples: 100,000 rows without Row objects
        # The order: read in table order and sorted here, twice as fast as walking the
        # order's index with a lookup per row. Two stable sorts give start DESC, identifier,
        # then doc. Only the keys are held meanwhile (a row's other columns come after).
        keys = raw.execute(f"SELECT doc, start, identifier FROM {search.DOC_TABLE} ORDER BY doc").fetchall()
        keys.sort(key=itemgetter(2))
        keys.sort(key=itemgetter(1), reverse=True)
        self.docs = array("q", [k[0] for k in keys])  # position -> doc
        del keys
        self.size = len(self.docs)
        self.all = (1 << self.size) - 1
        self.position = _positions(self.docs)
        self._ids = bytearray(16 * self.size)  # position -> activity id, 16 bytes each
        position, ids = self.position, self._ids
        # one bytearray per facet value, a bit per position, made ints at the end
        bits: dict[str, dict[Any, bytearray]] = {facet: {} for facet in FACETS}
        size = (self.size + 7) // 8

        def bitmap_of(facet: str, value: Any) -> bytearray:
            found = bits[facet].get(value)
            if found is None:
                found = bits[facet][value] = bytearray(size)
            return found

        at: dict[str, int] = {}
        statuses, levels, years = bits["statuses"], bits["levels"], bits["years"]
        for doc, activity_id, status, level, year in raw.execute(
                f"SELECT doc, activity_id, status, level, year FROM {search.DOC_TABLE}"):
            i = position[doc]
            at[activity_id] = i
            ids[16 * i:16 * i + 16] = bytes.fromhex(activity_id)
            byte, bit = i >> 3, 1 << (i & 7)
            (statuses.get(status) or bitmap_of("statuses", status))[byte] |= bit
            (levels.get(level) or bitmap_of("levels", level))[byte] |= bit
            if year is not None:
                (years.get(year) or bitmap_of("years", year))[byte] |= bit
        # A bit set twice is still one activity: no DISTINCT needed, and members are few.
        # 200,000 rows each: the bitmaps of a member (its country and subregion) found once
        members = {m: (iso2, subregion) for m, iso2, subregion in raw.execute(
            "SELECT id, iso2, subregion FROM member_state")}
        places: dict[Any, tuple[bytearray, bytearray]] = {}
        for activity_id, member_id in raw.execute(
                "SELECT activity_id, member_id FROM activity_recipient WHERE member_id IS NOT NULL"):
            i = at.get(activity_id)
            if i is None:  # a soft-deleted activity
                continue
            pair = places.get(member_id)
            if pair is None:
                member = members.get(member_id)
                if member is None:
                    continue
                pair = places[member_id] = (bitmap_of("countries", member[0]), bitmap_of("subregions", member[1]))
            byte, bit = i >> 3, 1 << (i & 7)
            pair[0][byte] |= bit
            pair[1][byte] |= bit
        codes = bits["bsp_codes"]
        for activity_id, code in raw.execute("SELECT activity_id, code FROM activity_bsp_code"):
            i = at.get(activity_id)
            if i is not None:
                (codes.get(code) or bitmap_of("bsp_codes", code))[i >> 3] |= 1 << (i & 7)
        del at
        self.masks: dict[str, dict[Any, int]] = {
            facet: {value: int.from_bytes(b, "little") for value, b in values.items()}
            for facet, values in bits.items()}
        self.texts: OrderedDict[str, int] = OrderedDict()

    def activity_id(self, p: int) -> str:
        """The id (hex) of the activity at position ``p``."""
        return self._ids[16 * p:16 * p + 16].hex()

    def uuid(self, p: int) -> uuid.UUID:
        return uuid.UUID(bytes=bytes(self._ids[16 * p:16 * p + 16]))

    def _position_of(self, activity_id: str) -> int | None:
        wanted = bytes.fromhex(activity_id)
        at = self._ids.find(wanted)
        while at >= 0 and at % 16:  # found across two ids: look further
            at = self._ids.find(wanted, at + 1)
        return None if at < 0 else at // 16

    # -- kept up to date in place ----------------------------------------------------
    def changed_since(self, raw: sqlite3.Connection) -> list[str] | None:
        """The activities whose list row, recipients or BSP codes changed after this index's
        version (migration 0004's log), or None when reading everything again is better:
        too many, a member's code or subregion changed (``*``), or no log to ask."""
        try:
            rows = raw.execute(f"SELECT activity_id FROM {search.CHANGE_TABLE} WHERE version > ? LIMIT ?",
                               (self.version, MAX_CHANGES + 1)).fetchall()
        except sqlite3.Error:  # a database before migration 0004 (a read-only copy)
            return None
        changed = [r[0] for r in rows]
        return None if len(changed) > MAX_CHANGES or "*" in changed else changed

    def update(self, raw: sqlite3.Connection, version: int, changed: list[str]) -> None:
        """Bring the index to ``version`` by reading again only the ``changed`` activities:
        their old positions go, their rows as they are now are placed where the list's
        order puts them (found by a binary search that reads the keys of a few rows), and
        every bitmap is shifted to match. The texts matched before are forgotten."""
        self.texts.clear()
        gone = sorted((p for p in map(self._position_of, changed) if p is not None), reverse=True)
        for p in gone:
            del self._ids[16 * p:16 * p + 16], self.docs[p]
            for values in self.masks.values():
                for value, mask in values.items():
                    values[value] = (mask & ((1 << p) - 1)) | ((mask >> (p + 1)) << p)
        self.size -= len(gone)
        if changed:
            marks = ", ".join("?" * len(changed))
            rows = raw.execute(f"SELECT doc, activity_id, status, level, year, start, identifier "
                               f"FROM {search.DOC_TABLE} WHERE activity_id IN ({marks})", changed).fetchall()
            values_of: dict[str, list[tuple[str, Any]]] = {r[1]: [] for r in rows}
            for activity_id, iso2, subregion in raw.execute(
                    f"SELECT r.activity_id, m.iso2, m.subregion FROM activity_recipient r "
                    f"JOIN member_state m ON m.id = r.member_id WHERE r.activity_id IN ({marks})", changed):
                if activity_id in values_of:
                    values_of[activity_id] += [("countries", iso2), ("subregions", subregion)]
            for activity_id, code in raw.execute(
                    f"SELECT activity_id, code FROM activity_bsp_code WHERE activity_id IN ({marks})", changed):
                if activity_id in values_of:
                    values_of[activity_id].append(("bsp_codes", code))
            for doc, activity_id, status, level, year, start, identifier in sorted(rows, key=_order_key):
                p = self._place(raw, (doc, activity_id, status, level, year, start, identifier))
                self._ids[16 * p:16 * p] = bytes.fromhex(activity_id)
                self.docs.insert(p, doc)
                wanted = {("statuses", status), ("levels", level), *values_of[activity_id]}
                if year is not None:
                    wanted.add(("years", year))
                low = (1 << p) - 1
                for facet, values in self.masks.items():
                    for value, mask in values.items():
                        values[value] = (mask & low) | ((mask >> p) << (p + 1)) | \
                            (((facet, value) in wanted) << p)
                for facet, value in wanted:
                    self.masks[facet].setdefault(value, 1 << p)
                self.size += 1
        for values in self.masks.values():  # a value no activity has any more is no facet value
            for value in [v for v, mask in values.items() if not mask]:
                del values[value]
        self.all = (1 << self.size) - 1
        self.position = _positions(self.docs)
        self.version = version

    def _place(self, raw: sqlite3.Connection, row: tuple) -> int:
        """Where ``row`` goes in the list (the other rows' keys read from the database)."""
        key = _order_key(row)
        lo, hi = 0, self.size
        while lo < hi:
            mid = (lo + hi) // 2
            doc = self.docs[mid]
            start, identifier = raw.execute(f"SELECT start, identifier FROM {search.DOC_TABLE} WHERE doc = ?",
                                            (doc,)).fetchone()
            if _order_key((doc, None, None, None, None, start, identifier)) < key:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def known_mask(self, key: str) -> int | None:
        """The bitmap of a text already matched (``key``: its terms joined), or None."""
        if not key:
            return self.all
        mask = self.texts.get(key)
        if mask is not None:
            self.texts.move_to_end(key)
        return mask

    def narrowest(self, key: str) -> int:
        """The fewest activities known to include every match of ``key``: those of an
        earlier text each of whose terms is part of a term of ``key`` (all without one)."""
        wanted = key.split(" ")
        best, best_count = self.all, self.size
        for known, mask in self.texts.items():
            if all(any(term in t for t in wanted) for term in known.split(" ")):
                count = mask.bit_count()
                if count < best_count:
                    best, best_count = mask, count
        return best

    def first_positions(self, raw: sqlite3.Connection, key: str, others: int, limit: int) -> list[int] | None:
        """The positions of the first ``limit`` activities of ``others`` (the other filters'
        bitmap) whose text has every term of ``key``, found by checking the candidates'
        texts in list order; None when they are too sparse for that to be quick."""
        check = search.row_check(key)
        assert check is not None
        sql = f"SELECT t.doc{', t.body' if check.lowered else ''} FROM {search.TEXT_TABLE} t WHERE t.doc IN ({{}}) " \
              f"AND {check.sql}"
        candidates = self.narrowest(key) & others
        found: list[int] = []
        checked, batch = 0, FIRST_BATCH
        while len(found) < limit:
            positions = _set_bits(candidates, self.size, checked, batch)
            if not positions:
                break
            checked += len(positions)
            docs = self.docs
            listed = ",".join(str(docs[p]) for p in positions)  # integers: no SQL can hide in them
            rows = raw.execute(sql.format(listed), check.params)
            hits = {r[0] for r in rows if check.matches(r[1])} if check.lowered else {r[0] for r in rows}
            found.extend(p for p in positions if docs[p] in hits)
            # the candidates still to check for a full page, at the rate found so far
            wanted = (limit - len(found)) * checked / max(len(found), 1)
            if len(found) < limit and checked + wanted > MAX_CHECKED:
                return None
            batch = min(2 * batch, MAX_CHECKED - checked)
        return found[:limit]

    def text_mask(self, conn: Connection, user_text: str) -> int:
        key = " ".join(search.terms(user_text))
        known = self.known_mask(key)
        if known is not None:
            return known
        docs = search.doc_numbers(conn.connection.dbapi_connection, key) or []
        position, known = self.position, len(self.position)
        bits = bytearray((self.size + 7) // 8)
        for d in docs:  # up to 100,000 of them: one pass
            if d < known:
                p = position[d]
                if p >= 0:
                    bits[p >> 3] |= 1 << (p & 7)
        mask = int.from_bytes(bits, "little")
        self.texts[key] = mask
        if len(self.texts) > _TEXTS_KEPT:
            self.texts.popitem(last=False)
        return mask

    def restriction(self, facet: str, ticked: frozenset) -> int:
        """The activities having any of the ticked values of ``facet`` (all when none is)."""
        if not ticked:
            return self.all
        mask = 0
        for value in ticked:
            mask |= self.masks[facet].get(value, 0)
        return mask


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _translations(value: str | None) -> dict[str, str]:
    if not value or value == "{}":
        return {}
    try:
        loaded = json.loads(value) if value else {}
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in loaded.items()} if isinstance(loaded, dict) else {}


_ROWS_SQL = """
    SELECT a.id, a.iati_identifier, a.title, a.titles, a.level, a.status,
           coalesce(a.actual_start, a.planned_start), coalesce(a.actual_end, a.planned_end), a.currency, a.budget
    FROM activity a WHERE a.id IN ({ids}) AND +a.deleted_at IS NULL"""  # "+": found by id, not by deleted_at
_RECIPIENTS_SQL = """
    SELECT r.activity_id, m.iso2, r.region_code, r.percentage
    FROM activity_recipient r LEFT JOIN member_state m ON m.id = r.member_id WHERE r.activity_id IN ({ids})"""


def _by_share(places: list[tuple[float, str]]) -> tuple[str, ...]:
    """Codes by share, largest first, then by code."""
    return tuple(code for _share, code in sorted(places, key=lambda p: (-p[0], p[1])))


def _read_rows(conn: Connection, chosen: list[str]) -> list[ActivityRow]:
    """The rows of the activities ``chosen`` (ids in hex), in that order: two queries on
    the plain SQLite connection (SQLAlchemy's text() with 100 named parameters, or a
    correlated subquery per row for the recipients, cost more than the rows)."""
    if not chosen:
        return []
    raw = conn.connection.dbapi_connection
    marks = ", ".join("?" * len(chosen))
    found = {r[0]: r for r in raw.execute(_ROWS_SQL.format(ids=marks), chosen)}
    countries: dict[str, list[tuple[float, str]]] = {}
    regions: dict[str, list[tuple[float, str]]] = {}
    for activity_id, iso2, region, share in raw.execute(_RECIPIENTS_SQL.format(ids=marks), chosen):
        share = share if share is not None else 0.0
        if iso2 is not None:
            countries.setdefault(activity_id, []).append((share, iso2))
        if region is not None:
            regions.setdefault(activity_id, []).append((share, region))
    return [ActivityRow(
        id=uuid.UUID(hex=r[0]), iati_identifier=r[1], title=r[2], titles=_translations(r[3]), level=r[4],
        status=r[5], start=_date(r[6]), end=_date(r[7]), countries=_by_share(countries.get(r[0], [])),
        currency=r[8], budget=r[9], regions=_by_share(regions.get(r[0], [])))
        for r in (found.get(i) for i in chosen) if r is not None]


class _Shared:
    """The in-memory list index of one store, shared by all its :class:`ActivityQuery`."""

    def __init__(self) -> None:
        self.index: _ListIndex | None = None
        self.lock = threading.Lock()


_SHARED: weakref.WeakKeyDictionary[Store, _Shared] = weakref.WeakKeyDictionary()
_SHARED_LOCK = threading.Lock()


class ActivityQuery:
    """Reads the activity list of one store. Safe to call from several threads; results
    are plain values. Every ActivityQuery of a store shares one in-memory index (the list,
    the exports and the catalogue each make their own without reading it again)."""

    def __init__(self, store: Store):
        self.store = store
        with _SHARED_LOCK:
            self._shared = _SHARED.setdefault(store, _Shared())

    def _read(self, f: ActivityFilter, work, *, match: bool = True):  # noqa: ANN001, ANN202
        """Run ``work(conn, index, text_mask)`` with an up-to-date index, in one read
        (``work(conn, index)`` without ``match``: the text is not matched beforehand)."""
        shared = self._shared
        with shared.lock, self.store.engine.connect() as conn:
            version = conn.exec_driver_sql("SELECT version FROM activity_search_state").scalar_one()
            if shared.index is None or version < shared.index.version:
                shared.index = _ListIndex(conn, version)
            elif shared.index.version != version:
                raw = conn.connection.dbapi_connection
                changed = shared.index.changed_since(raw)
                if changed is None:
                    shared.index = _ListIndex(conn, version)
                else:
                    shared.index.update(raw, version, changed)
            index = shared.index
            if not match:
                return work(conn, index)
            return work(conn, index, index.text_mask(conn, f.text))

    @staticmethod
    def _mask(index: _ListIndex, f: ActivityFilter, text_mask: int, without: str | None = None) -> int:
        mask = text_mask
        for facet in FACETS:
            if facet != without:
                mask &= index.restriction(facet, getattr(f, facet))
        return mask

    def count(self, f: ActivityFilter) -> int:
        return self._read(f, lambda _c, index, tm: self._mask(index, f, tm).bit_count())

    def ids(self, f: ActivityFilter, offset: int = 0, limit: int | None = None) -> list[uuid.UUID]:
        """The matching activities' ids in the list's order: every one, or ``limit`` from ``offset``."""
        def work(_conn: Connection, index: _ListIndex, tm: int) -> list[uuid.UUID]:
            if limit is not None and limit <= 0:
                return []
            positions = _set_bits(self._mask(index, f, tm), index.size, max(0, offset), limit)
            return [index.uuid(p) for p in positions]
        return self._read(f, work)

    def rows(self, f: ActivityFilter, offset: int = 0, limit: int = 100) -> list[ActivityRow]:
        """The rows ``offset`` to ``offset + limit`` of the list, read in one query."""
        def work(conn: Connection, index: _ListIndex, tm: int) -> list[ActivityRow]:
            if limit <= 0:
                return []
            positions = _set_bits(self._mask(index, f, tm), index.size, max(0, offset), limit)
            return _read_rows(conn, [index.activity_id(p) for p in positions])
        return self._read(f, work)

    def first_rows(self, f: ActivityFilter, limit: int = 100) -> list[ActivityRow]:
        """The first ``limit`` rows of the list (what ``rows(f, 0, limit)`` gives), found
        without matching the text against every activity (see the module's docstring):
        the list shows them at once and asks for the :meth:`count` after."""
        def work(conn: Connection, index: _ListIndex) -> list[ActivityRow]:
            if limit <= 0:
                return []
            key = " ".join(search.terms(f.text))
            others = self._mask(index, f, index.all)
            known = index.known_mask(key)
            positions = None
            if known is None:
                positions = index.first_positions(conn.connection.dbapi_connection, key, others, limit)
                if positions is None:  # too sparse: the full search, kept for the count
                    known = index.text_mask(conn, f.text)
            if positions is None:
                positions = _set_bits(known & others, index.size, 0, limit)
            return _read_rows(conn, [index.activity_id(p) for p in positions])
        return self._read(f, work, match=False)

    def facets(self, f: ActivityFilter) -> dict[str, list[Facet]]:
        """For each facet, its values with their counts (see the module's docstring).
        Years are listed newest first, the other values in their own order."""
        def work(_conn: Connection, index: _ListIndex, tm: int) -> dict[str, list[Facet]]:
            out: dict[str, list[Facet]] = {}
            for facet in FACETS:
                base = self._mask(index, f, tm, without=facet)
                counts = {value: (mask & base).bit_count() for value, mask in index.masks[facet].items()}
                counts = {value: n for value, n in counts.items() if n}
                for ticked in getattr(f, facet):
                    counts.setdefault(ticked, 0)
                out[facet] = [Facet(v, n) for v, n in sorted(counts.items(), reverse=facet == "years")]
            return out
        return self._read(f, work)
