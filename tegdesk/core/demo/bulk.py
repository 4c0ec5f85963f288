"""Many generated activities, for benchmarks and for trying the list at scale.

:func:`generate_activities` adds ``n`` plausible activities (English titles, a Chinese or
Russian title and description for a share of them, one to six recipient members, BSP
codes, three participating organisations, dates from 2000 to 2027) in one transaction:
100,000 take about 30 s of CPU. The rows are prepared as plain values and written with
one executemany per table, inside :func:`tegdesk.core.store.search.bulk_inserts` (the
search index is built once at the end, not row by row). They are not audited row by
row; one audit entry records the generation.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import socket
import uuid

from sqlalchemy import func, insert, select

from tegdesk.core.demo.activities import _KINDS, _ORGANISATIONS, _SUBREGIONS_ZH, _TOPICS
from tegdesk.core.demo.constants import ESCAP_IATI_REF
from tegdesk.core.demo.members import _NOT_RECIPIENTS
from tegdesk.core.models import (
    Activity,
    AuditEntry,
    BspCode,
    Level,
    MemberState,
    Organisation,
    utcnow,
)
from tegdesk.core.store.audit import current_user
from tegdesk.core.store import search
from tegdesk.core.store.database import Store

#: Identifiers of generated activities: the reporting organisation's prefix, then this.
BULK_MARK = "GEN"
_CYRILLIC = [("Национальный семинар по вопросам {topic}", "национальный семинар"),
             ("Региональный учебный курс: {topic}", "региональный курс")]
_TOPICS_RU = ["изменения климата", "управления отходами", "качества воздуха", "биоразнообразия",
              "водных ресурсов", "химической безопасности"]
_MORE_ORGS = [("WMO", "World Meteorological Organization"), ("FAO", "Food and Agriculture Organization"),
              ("UNIDO", "United Nations Industrial Development Organization"),
              ("KEI", "Korea Environment Institute"), ("TERI", "The Energy and Resources Institute"),
              ("CAEP", "中国环境规划院"), ("REC-CA", "Региональный экологический центр Центральной Азии")]


def _organisations(session) -> list[uuid.UUID]:  # noqa: ANN001
    """The ids of the organisations to draw from, creating the usual ones when missing."""
    known = {acronym for (acronym,) in session.execute(select(Organisation.acronym))}
    wanted = [(a, name) for a, name, *_ in _ORGANISATIONS] + _MORE_ORGS
    missing = [{"id": uuid.uuid4(), "name": name, "acronym": a, "created_at": utcnow(), "updated_at": utcnow()}
               for a, name in wanted if a not in known]
    if missing:
        session.execute(insert(Organisation.__table__), missing)
    return [oid for (oid,) in session.execute(select(Organisation.id).where(Organisation.deleted_at.is_(None)))]


_COLUMNS = {
    "activity": ("id", "created_at", "updated_at", "iati_identifier", "title", "titles", "description",
                 "descriptions", "level", "south_south", "status", "planned_start", "planned_end", "actual_start",
                 "actual_end", "currency", "budget", "results", "assessment", "agreements"),
    "activity_organisation": ("id", "created_at", "updated_at", "activity_id", "organisation_id", "role"),
    "activity_recipient": ("id", "created_at", "updated_at", "activity_id", "member_id", "percentage"),
    "activity_bsp_code": ("id", "created_at", "updated_at", "activity_id", "code"),
}
_CACHE_KIB = 256 * 1024
#: Written in this order.
_ORDER = ("activity", "activity_organisation", "activity_recipient", "activity_bsp_code")


def generate_activities(store: Store, n: int, *, seed: int = 1, first_year: int = 2000,
                        last_year: int = 2027) -> int:
    """Add ``n`` generated activities to ``store`` in one transaction; return how many."""
    rng = random.Random(seed)
    now = utcnow()
    stamp = now.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")  # SQLite's DATETIME text
    with store.session() as session:
        conn = session.connection()
        cache = conn.exec_driver_sql("PRAGMA cache_size").scalar()
        conn.exec_driver_sql(f"PRAGMA cache_size = {-_CACHE_KIB}")  # random UUID keys: keep the indexes in memory
        members = [(m.id.hex, m.name_en, m.subregion) for m in session.execute(select(MemberState)).scalars()
                   if m.iso2 not in _NOT_RECIPIENTS]
        by_subregion: dict[str, list] = {}
        for m in members:
            by_subregion.setdefault(m[2], []).append(m)
        codes = [c for (c,) in session.execute(select(BspCode.code))]
        orgs = [o.hex for o in _organisations(session)]
        prefix = f"{ESCAP_IATI_REF}-{BULK_MARK}-"
        number = session.execute(select(func.count()).select_from(Activity)
                                 .where(Activity.iati_identifier.like(prefix + "%"))).scalar_one()
        kinds = [k for k in _KINDS for _ in range(k[6])]
        span = (dt.date(last_year, 12, 31) - dt.date(first_year, 1, 1)).days
        staged: dict[str, list[tuple]] = {table: [] for table in _ORDER}

        def new_id() -> str:
            return uuid.UUID(int=rng.getrandbits(128), version=4).hex

        for _ in range(n):
            number += 1
            aid = new_id()
            _kind, en, zh, level, _dur, _training, _w = rng.choice(kinds)
            code, topic, topic_zh, agreements = rng.choice(_TOPICS)
            subregion = rng.choice(sorted(by_subregion))
            pool = by_subregion[subregion] if level == Level.SUBREGIONAL else members
            chosen = rng.sample(pool, 1 if level == Level.NATIONAL else min(len(pool), rng.randint(2, 6)))
            names = [m[1] for m in chosen]
            title = en.format(topic=topic, country=names[0], subregion=subregion, countries=" and ".join(names[:2]))
            titles, descriptions = {}, {}
            roll = rng.random()
            if roll < 0.4:
                titles["zh"] = zh.format(topic=topic_zh, country="", subregion=_SUBREGIONS_ZH[subregion], countries="")
                descriptions["zh"] = f"在巴厘技术支助和能力建设战略计划下组织，加强{topic_zh}方面的能力。"
            elif roll < 0.5:
                pattern, _ = rng.choice(_CYRILLIC)
                titles["ru"] = pattern.format(topic=rng.choice(_TOPICS_RU))
            start = dt.date(first_year, 1, 1) + dt.timedelta(days=rng.randrange(span))
            end = start + dt.timedelta(days=rng.randint(1, 700))
            status = rng.choice("1222334444456")
            actual_start = start + dt.timedelta(days=rng.choice([0, 0, 3, 14])) if status in "2346" else None
            staged["activity"].append((
                aid, stamp, stamp, f"{prefix}{number:06d}", title, json.dumps(titles), f"{title}. Capacity-building "
                f"on {topic}.", json.dumps(descriptions), str(level), int(rng.random() < 0.08), status,
                start.isoformat(), end.isoformat(), actual_start and actual_start.isoformat(),
                end.isoformat() if status in "34" else None, "USD", rng.randrange(10_000, 3_000_000) * 100, "", "",
                json.dumps(list(agreements))))
            for m, share in zip(chosen, _shares(rng, len(chosen)), strict=True):
                staged["activity_recipient"].append((new_id(), stamp, stamp, aid, m[0], float(share)))
            for c in sorted({code} | set(rng.sample(codes, rng.choice([0, 1, 1, 2])))):
                staged["activity_bsp_code"].append((new_id(), stamp, stamp, aid, c))
            for org, role in zip(rng.sample(orgs, 3), ("1", "2", "4"), strict=True):
                staged["activity_organisation"].append((new_id(), stamp, stamp, aid, org, role))
        with search.bulk_inserts(conn):
            for table in _ORDER:
                columns = ", ".join(_COLUMNS[table])
                conn.exec_driver_sql(f"INSERT INTO {table} ({columns}) VALUES "
                                     f"({', '.join('?' * len(_COLUMNS[table]))})", staged.pop(table))
        session.execute(insert(AuditEntry.__table__), [{
            "id": uuid.uuid4(), "at": now, "user": current_user(), "host": socket.gethostname(),
            "table_name": "activity", "record_id": str(uuid.uuid4()), "action": "insert",
            "changes": {"generated": n, "seed": seed, "last": f"{prefix}{number:06d}"}}])
    with store.engine.connect() as conn:  # the pooled connection's usual cache again
        conn.exec_driver_sql(f"PRAGMA cache_size = {cache}")
    return n


def _shares(rng: random.Random, n: int) -> list[int]:
    """``n`` whole percentages summing to 100."""
    if n == 1:
        return [100]
    cuts = sorted(rng.sample(range(1, 100), n - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
