"""Many generated experts, meetings and activities, for benchmarks and for trying the
interface at scale (``tegdesk demo --experts N --meetings N --activities N``).

:func:`generate_roster` adds ``n`` experts to the TEG's roster, each serving one term. So
many cannot serve under the TEG's terms of reference (two experts a member), so it first
adopts an amendment of them (a new version, marked as generated) that allows as many as
the generation needs, in force from the first generated term: every term stays valid
(R1, R3, R10), as :func:`tegdesk.core.rules.check_term` checks them.
:func:`generate_meetings` adds ``n`` meetings of the TEG after its last one, each a
meeting interval (R7) after the one before, with a standard provisional agenda.

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

from tegdesk.core.demo.activities import _CROSS_CUTTING, _KINDS, _ORGANISATIONS, _SUBREGIONS_ZH, _TOPICS
from tegdesk.core.demo.constants import ESCAP_IATI_REF, VENUE
from tegdesk.core.demo.members import _MEMBERS, _NOT_RECIPIENTS
from tegdesk.core.demo.names import _ACADEMIC_TITLES, _CULTURES, _MINISTRY_TITLES, _initials, _slug, invented_name
from tegdesk.core.models import (
    Activity,
    AgendaItem,
    AgendaItemKind,
    AuditEntry,
    Body,
    BspCode,
    Expert,
    Level,
    Meeting,
    MeetingMode,
    MeetingStatus,
    MemberState,
    Organisation,
    Term,
    TermStatus,
    TorVersion,
    utcnow,
)
from tegdesk.core.refdata import TEG_CODE
from tegdesk.core.meeting_rules import add_months
from tegdesk.core.rules import last_day, term_end_for
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


# -- experts and meetings -------------------------------------------------------------------

#: ``adopted_by`` of the amendment :func:`generate_roster` adopts: generated, not a decision.
GENERATED_TOR = "Generated to try tegdesk at scale (tegdesk demo --experts); not a decision of the Committee"
#: Generated terms start within this many days before ``today`` (a term lasts three years): all serve today.
_TERM_WINDOW_DAYS = 1000
#: The provisional agenda of a generated meeting.
_AGENDA = [(AgendaItemKind.OPENING, "Opening of the meeting"), (AgendaItemKind.ADOPTION_OF_AGENDA,
           "Adoption of the agenda"), (AgendaItemKind.SUBSTANTIVE, "Review of the work of the Expert Group"),
           (AgendaItemKind.SUBSTANTIVE, "Capacity-building activities under the Bali Strategic Plan"),
           (AgendaItemKind.OTHER_MATTERS, "Other matters"), (AgendaItemKind.ADOPTION_OF_REPORT,
           "Adoption of the report")]


def _audit_generation(session, table: str, changes: dict) -> None:  # noqa: ANN001
    """One audit entry for a whole generation (its rows are not audited one by one)."""
    session.execute(insert(AuditEntry.__table__), [{
        "id": uuid.uuid4(), "at": utcnow(), "user": current_user(), "host": socket.gethostname(),
        "table_name": table, "record_id": str(uuid.uuid4()), "action": "insert", "changes": changes}])


def _teg(session) -> tuple[Body, TorVersion | None]:  # noqa: ANN001
    """The TEG and the latest version of its terms of reference."""
    teg = session.execute(select(Body).where(Body.code == TEG_CODE)).scalar_one()
    latest = session.execute(select(TorVersion).where(TorVersion.body_id == teg.id, TorVersion.deleted_at.is_(None))
                             .order_by(TorVersion.effective_date.desc())).scalars().first()
    return teg, latest


def _person(rng: random.Random, member: MemberState, number: int) -> dict:
    """An invented expert of ``member``: a name of its culture, its ministry or institute."""
    culture_key, _seats, ministry, institute, phone_code = _MEMBERS.get(
        member.iso2, ("en_au", 1, "Ministry of Environment", None, "1"))
    culture = _CULTURES[culture_key]
    female, family, family_native, given, given_native = invented_name(culture, rng)
    notes = ""
    if culture.get("label") and family_native and given_native:
        native = {"fg": family_native + given_native, "g f": f"{given_native} {family_native}",
                  "f g": f"{family_native} {given_native}"}[culture["order"]]
        notes = f"Name in {culture['label']}: {native}"
    academic = institute is not None and rng.random() < 0.25
    organization = institute if academic else ministry
    local = ".".join(_slug(part) for part in (given, family) if part)
    return {"family_name": family, "given_names": given,
            "honorific": "Dr." if academic else ("Ms." if female else "Mr."),
            "title": rng.choice(_ACADEMIC_TITLES if academic else _MINISTRY_TITLES), "organization": organization,
            "email": f"{local}.{number}@{_initials(organization)}.{member.iso2.lower()}.example",
            "phone": f"+{phone_code} {rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
            "gender": "female" if female else "male", "notes": notes,
            "areas": sorted({rng.choice(_TOPICS)[0], rng.choice(_CROSS_CUTTING)})}


def generate_roster(store: Store, n: int, *, seed: int = 1, today: dt.date | None = None) -> int:
    """Add ``n`` generated experts to the TEG's roster, each with one serving term, spread over
    the 62 members (at most one more for some than for others); return how many.

    The terms start within the 1,000 days before ``today`` (or after the latest version of the
    terms of reference, if later), under an amendment adopted for them that allows each member
    as many experts as it then has serving (R1)."""
    if n <= 0:
        return 0
    rng = random.Random(seed)
    today = today or dt.date.today()
    now = utcnow()
    with store.session() as session:
        teg, latest = _teg(session)
        assert latest is not None, "reference data without the TEG's terms of reference"
        effective = max(latest.effective_date + dt.timedelta(days=1), today - dt.timedelta(days=_TERM_WINDOW_DAYS))
        members = list(session.execute(select(MemberState).order_by(MemberState.iso2)).scalars())
        rng.shuffle(members)
        share = [n // len(members) + (i < n % len(members)) for i in range(len(members))]
        # R1 counts the member's experts serving at once: its earlier terms that reach into the window too
        already: dict[uuid.UUID, int] = {}
        for term in session.execute(select(Term).where(Term.body_id == teg.id, Term.deleted_at.is_(None))).scalars():
            if last_day(term) >= effective:
                already[term.member_id] = already.get(term.member_id, 0) + 1
        limit = max([latest.experts_per_member or 0] + [k + already.get(m.id, 0)
                                                        for m, k in zip(members, share, strict=True)])
        tor = TorVersion(body_id=teg.id, version=latest.version + 1, effective_date=effective,
                         adopted_by=GENERATED_TOR, experts_per_member=limit, term_years=latest.term_years,
                         max_consecutive_terms=latest.max_consecutive_terms,
                         consecutive_gap_days=latest.consecutive_gap_days, bureau_offices=list(latest.bureau_offices),
                         office_term_years=latest.office_term_years,
                         meeting_interval_months=latest.meeting_interval_months,
                         nomination_lead_days=latest.nomination_lead_days, text=latest.text)
        session.add(tor)
        session.flush()  # audited, as any amendment
        span = max(0, (today - effective).days)
        experts, terms = [], []
        number = 0
        for member, count in zip(members, share, strict=True):
            for seq in range(1, count + 1):
                number += 1
                eid = uuid.UUID(int=rng.getrandbits(128), version=4)
                experts.append({"id": eid, "created_at": now, "updated_at": now, "deleted_at": None,
                                **_person(rng, member, number)})
                start = effective + dt.timedelta(days=rng.randint(0, span))
                nominated = start - dt.timedelta(days=rng.randint(14, 45))
                terms.append({
                    "id": uuid.UUID(int=rng.getrandbits(128), version=4), "created_at": now, "updated_at": now,
                    "deleted_at": None, "expert_id": eid, "body_id": teg.id, "member_id": member.id,
                    "tor_version_id": tor.id, "start_date": start, "end_date": term_end_for(start, tor.term_years),
                    "term_number": 1, "status": TermStatus.SERVING.value, "ended_on": None,
                    "nomination_ref": f"{member.iso3}/NV/{nominated.year}/G{seq:04d}", "nomination_date": nominated,
                    "replaces_term_id": None, "extends_term_id": None})
        session.execute(insert(Expert.__table__), experts)
        session.execute(insert(Term.__table__), terms)
        _audit_generation(session, "term", {"generated": n, "seed": seed, "tor_version": tor.version})
    return n


def generate_meetings(store: Store, n: int, *, seed: int = 1, today: dt.date | None = None) -> int:
    """Add ``n`` meetings of the TEG after its last one (or from ``today``), each one meeting
    interval (R7) or a few days less after the one before, three days long, with a six-item provisional agenda;
    those already over are held. Return how many."""
    if n <= 0:
        return 0
    rng = random.Random(seed)
    today = today or dt.date.today()
    now = utcnow()
    with store.session() as session:
        teg, tor = _teg(session)
        months = (tor.meeting_interval_months if tor else None) or 3
        last = session.execute(select(Meeting.number, Meeting.end_date).where(Meeting.body_id == teg.id)
                               .order_by(Meeting.number.desc())).first()
        number, day = (last[0], last[1]) if last else (0, today - dt.timedelta(days=n * 31 * months // 2))
        meetings, items = [], []
        for _ in range(n):
            number += 1
            day = add_months(day, months) - dt.timedelta(days=rng.randint(0, 20))  # R7: never longer apart
            start, end = day, day + dt.timedelta(days=2)
            mid = uuid.UUID(int=rng.getrandbits(128), version=4)
            meetings.append({
                "id": mid, "created_at": now, "updated_at": now, "deleted_at": None, "body_id": teg.id,
                "number": number, "title": f"Meeting {number} of the Technical Expert Group on Environment and "
                "Development", "start_date": start, "end_date": end, "venue": VENUE,
                "mode": rng.choice(list(MeetingMode)).value, "languages": ["en"],
                "status": (MeetingStatus.HELD if end < today else MeetingStatus.PLANNED).value,
                "nominations_called_on": None, "nomination_deadline": None, "registration_deadline": None,
                "contact": None, "notes": "", "reference": f"TEG/GEN/{number:04d}", "translations": {}})
            for position, (kind, title) in enumerate(_AGENDA, start=1):
                items.append({"id": uuid.UUID(int=rng.getrandbits(128), version=4), "created_at": now,
                              "updated_at": now, "deleted_at": None, "meeting_id": mid, "parent_id": None,
                              "position": position, "kind": kind.value, "title": title, "annotation": "",
                              "translations": {}})
            day = end
        session.execute(insert(Meeting.__table__), meetings)
        session.execute(insert(AgendaItem.__table__), items)
        _audit_generation(session, "meeting", {"generated": n, "seed": seed, "last": number})
    return n

