"""Reference data loaded into every new database.

- the 53 members and 9 associate members of ESCAP with their subregions;
- the Bali Strategic Plan's indicative list (13 cross-cutting issues, 19 thematic areas);
- the Committee on Environment and Development and its Technical Expert Group,
  with version 1 of the TEG's terms of reference (seed 000);
- the default wording of their meeting notices (note verbale, letter to experts).

Loading is idempotent: rows already present (by code) are left alone, so a
user's corrections survive and a later release can add what is missing.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator

from sqlmodel import Session, select

from tegdesk.core.models import Body, BspCode, MembershipStatus, MemberState, TorVersion
from tegdesk.paths import resource

TEG_CODE = "TEG"
CED_CODE = "CED"
#: The Committee considered the ToR at its seventh session (29 November 2022).
TEG_TOR_V1_DATE = dt.date(2022, 11, 29)


def _rows(name: str) -> Iterator[dict[str, str]]:
    with resource("data", name).open(encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def member_rows() -> list[dict[str, str]]:
    return list(_rows("escap_members.csv"))


def bsp_rows() -> list[dict[str, str]]:
    return list(_rows("bsp_indicative_list.csv"))


#: the bodies' names in the other official languages
BODY_NAMES = {
    CED_CODE: {"zh": "环境与发展委员会", "fr": "Comité de l'environnement et du développement",
               "ru": "Комитет по окружающей среде и развитию", "es": "Comité de Medio Ambiente y Desarrollo",
               "ar": "لجنة البيئة والتنمية"},
    TEG_CODE: {"zh": "环境与发展技术专家组", "fr": "Groupe d'experts techniques sur l'environnement et le développement",
               "ru": "Группа технических экспертов по окружающей среде и развитию",
               "es": "Grupo de Expertos Técnicos sobre Medio Ambiente y Desarrollo",
               "ar": "فريق الخبراء التقنيين المعني بالبيئة والتنمية"},
}


def ensure_reference_data(session: Session) -> None:
    have = set(session.exec(select(MemberState.iso2)).all())
    for row in member_rows():
        if row["iso2"] not in have:
            status = MembershipStatus.ASSOCIATE if row["status"].startswith("associate") else MembershipStatus.MEMBER
            session.add(MemberState(name_en=row["name"], iso2=row["iso2"], iso3=row["iso3"],
                                    status=status, subregion=row["subregion"]))

    have = set(session.exec(select(BspCode.code)).all())
    for row in bsp_rows():
        if row["code"] not in have:
            session.add(BspCode(code=row["code"], kind=row["kind"], title_en=row["en"], title_zh=row["zh"]))

    ced = session.exec(select(Body).where(Body.code == CED_CODE)).first()
    if ced is None:
        ced = Body(
            code=CED_CODE, name_en="Committee on Environment and Development",
            names=dict(BODY_NAMES[CED_CODE]),
            organ="Economic and Social Commission for Asia and the Pacific",
            secretariat="Environment and Development Division", symbol_prefix="ESCAP/CED",
            meeting_noun="session",
        )
        session.add(ced)
    teg = session.exec(select(Body).where(Body.code == TEG_CODE)).first()
    if teg is None:
        teg = Body(
            code=TEG_CODE, name_en="Technical Expert Group on Environment and Development",
            names=dict(BODY_NAMES[TEG_CODE]),
            parent_id=ced.id, organ="Economic and Social Commission for Asia and the Pacific",
            secretariat="Environment and Development Division", symbol_prefix="ESCAP/CED/TEG",
        )
        session.add(teg)
        session.add(TorVersion(
            body_id=teg.id, version=1, effective_date=TEG_TOR_V1_DATE,
            adopted_by="Committee on Environment and Development, seventh session (ESCAP/CED/2022/3, annex)",
            experts_per_member=2, term_years=3, max_consecutive_terms=2, consecutive_gap_days=1095,
            bureau_offices=["chair", "vice_chair"], office_term_years=3,
            meeting_interval_months=3, nomination_lead_days=21,
            text=resource("data", "teg_tor_v1_en.txt").read_text(encoding="utf-8"),
        ))
    for body in (ced, teg):  # a database made before a language's name was known gets it (none is changed)
        missing = {lang: name for lang, name in BODY_NAMES[body.code].items() if lang not in (body.names or {})}
        if missing:
            body.names = {**(body.names or {}), **missing}
            session.add(body)
    # the default wording of the meeting notices (kept in the database, the secretariat adjusts it)
    from tegdesk.core.documents.notice_templates import ensure_default_templates

    for body in (ced, teg):
        ensure_default_templates(session, body)
