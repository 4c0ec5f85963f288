"""The builder's shared state and helpers: reference data, the rows waiting to be written
(written table by table, parents first) and the counts for the summary."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Callable
from typing import Any

from babel import Locale
from sqlmodel import Session, select

from tegdesk.core.errors import UserError
from tegdesk.core.models import (
    Activity,
    ActivityBspCode,
    ActivityOrganisation,
    ActivityRecipient,
    AgendaItem,
    AgendaItemDocument,
    AssistanceRequest,
    Body,
    BspCode,
    Document,
    DocumentDistribution,
    Expert,
    Meeting,
    MemberState,
    OfficeHolding,
    Organisation,
    Participant,
    RequestActivity,
    RequestBspCode,
    RequestEvent,
    RequestExpert,
    Term,
    TorVersion,
)
from tegdesk.core.refdata import TEG_CODE
from tegdesk.core.rules import last_day

_INSERT_ORDER: list[type] = [
    Organisation, Expert, Meeting, Term, OfficeHolding, AgendaItem, Document, AgendaItemDocument,
    DocumentDistribution, Participant, Activity, ActivityRecipient, ActivityBspCode, ActivityOrganisation,
    AssistanceRequest, RequestEvent, RequestBspCode, RequestActivity, RequestExpert,
]


class _BuilderBase:
    # Set by one part of the builder and read by another (see populate._Builder.build for the order).
    orgs: dict[str, Organisation]
    teg1: Meeting
    officers: list[OfficeHolding]
    activity_list: list[tuple[Activity, list[MemberState], list[str]]]

    def __init__(self, session: Session, rng: random.Random, today: dt.date):
        self.s = session
        self.rng = rng
        self.today = today
        self.teg = session.exec(select(Body).where(Body.code == TEG_CODE)).one()
        self.tor = session.exec(select(TorVersion).where(TorVersion.body_id == self.teg.id)
                                .order_by(TorVersion.version)).first()
        if self.tor is None:
            raise UserError("The database has no terms of reference for the TEG; reference data is missing.")
        self.members = {m.iso2: m for m in session.exec(select(MemberState).order_by(MemberState.iso2))}
        self.codes = [c.code for c in session.exec(select(BspCode).order_by(BspCode.code))]
        self.thematic = [c for c in self.codes if c.startswith("TA")]
        self.zh = Locale.parse("zh_Hans_CN")
        self.experts: list[Expert] = []
        self.expert_member: dict[uuid.UUID, MemberState] = {}
        self.terms: list[Term] = []
        self.used_names: set[tuple[str, str]] = set()
        self.objects: dict[str, int] = {}
        self.pending: dict[type, list[Any]] = {}
        self.doc_numbers: dict[tuple[int, str], int] = {}

    # -- helpers ----------------------------------------------------------------------
    def _date_between(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(0, max(0, (end - start).days)))

    def _add(self, *objs: Any) -> None:
        for obj in objs:
            self.pending.setdefault(type(obj), []).append(obj)

    def write(self, report: Callable[[int, int], object] | None = None) -> None:
        """Insert table by table, parents first: the unit of work does not order rows by
        foreign keys where no relationship is declared, and SQLite checks them at once.
        ``report(done, total)`` is told of each table (a progress bar's)."""
        assert set(self.pending) <= set(_INSERT_ORDER), set(self.pending) - set(_INSERT_ORDER)
        for i, cls in enumerate(_INSERT_ORDER):
            if report is not None:
                report(i, len(_INSERT_ORDER))
            rows = self.pending.get(cls, [])
            if rows:
                self.s.add_all(rows)
                self.s.flush()
            self.objects[cls.__name__] = len(rows)

    def counts(self) -> dict[str, int]:
        serving = {t.expert_id for t in self.terms if t.start_date <= self.today <= last_day(t)}
        members = {t.member_id for t in self.terms if t.start_date <= self.today <= last_day(t)}
        o = self.objects
        return {
            "experts": o.get("Expert", 0), "serving_experts": len(serving), "members_with_experts": len(members),
            "terms": o.get("Term", 0), "office_holdings": o.get("OfficeHolding", 0), "meetings": o.get("Meeting", 0),
            "agenda_items": o.get("AgendaItem", 0), "documents": o.get("Document", 0),
            "participants": o.get("Participant", 0), "organisations": o.get("Organisation", 0),
            "activities": o.get("Activity", 0), "requests": o.get("AssistanceRequest", 0),
            "request_events": o.get("RequestEvent", 0),
        }

    def country_zh(self, member: MemberState) -> str:
        special = {"HK": "中国香港", "MO": "中国澳门"}
        return special.get(member.iso2) or self.zh.territories.get(member.iso2, member.name_en)

    def serving_on(self, day: dt.date) -> list[Term]:
        return [t for t in self.terms if t.start_date <= day <= last_day(t)]
