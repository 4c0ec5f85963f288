"""Activities for the interchange tests: a handful that use every field (languages, lists with
semicolons and bars, regions, yen, links, an assessment), and the demonstration's 200."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlmodel import func, select

from tegdesk.core.activity_rules import normalize
from tegdesk.core.activity_types import ActivityDraft, ExternalLink, OrganisationRole, RecipientShare
from tegdesk.core.models import Activity
from tegdesk.core.services.activities import ActivityService
from tegdesk.core.store import open_store

PREFIX = "XM-DAC-41106-BSP-"
TODAY = dt.date(2026, 11, 21)
UNEP = OrganisationRole(name="United Nations Environment Programme", role="4", ref="XM-DAC-41116", type="40",
                        acronym="UNEP")
GEF = OrganisationRole(name="Global Environment Facility", role="1", ref="XM-DAC-47044", type="40", acronym="GEF")


def rich_drafts() -> list[ActivityDraft]:
    """Three activities that between them use every field of a draft."""
    return [
        ActivityDraft(
            iati_identifier=f"{PREFIX}0001", title="=HYPERLINK(\"http://x\") air quality; monitoring | Bangkok",
            titles={"zh": "空气质量监测讲习班", "fr": "Atelier sur la qualité de l'air", "ru": "Семинар"},
            description="Line one.\nLine two, with “quotes”.", descriptions={"zh": "说明。", "ar": "وصف"},
            level="subregional", south_south=True, status="2",
            planned_start=dt.date(2025, 3, 1), planned_end=dt.date(2025, 9, 30), actual_start=dt.date(2025, 3, 3),
            currency="USD", budget=12_345_650, cost=333_333, trained_women=12, trained_men=9, trained_other=1,
            results="Guidelines drafted; adopted.", agreements=["Minamata Convention", "Basel; Rotterdam"],
            organisations=[UNEP, GEF, OrganisationRole(name="Ministry of Environment (Thailand); Pollution | Control",
                                                       role="2")],
            recipients=[RecipientShare(country="TH", percentage=Decimal("33.33")),
                        RecipientShare(country="VN", percentage=Decimal("33.33")),
                        RecipientShare(country="LA", percentage=Decimal("33.34"))],
            bsp_codes=["CC04", "TA09"],
            links=[ExternalLink(system="GEF", url="https://www.thegef.org/projects/10234?a=1;b=2", external_id="10234"),
                   ExternalLink(system="UNEP | Open data", url="https://open.unep.org/project/77"),
                   ExternalLink(system="CBD Clearing-House", external_id="CHM-2025-09")]),
        ActivityDraft(
            iati_identifier=f"{PREFIX}0002", title="Regional course on mercury inventories", level="regional",
            status="4", planned_start=dt.date(2024, 1, 8), planned_end=dt.date(2024, 1, 19),
            actual_start=dt.date(2024, 1, 8), actual_end=dt.date(2024, 1, 19), currency="JPY", budget=500_000_000,
            cost=480_000_000, trained_women=20, trained_men=15, results="35 officials trained.",
            assessment="Highly relevant, said the Government.", assessment_date=dt.date(2024, 5, 2),
            organisations=[UNEP, OrganisationRole(name="Japan International Cooperation Agency", role="1",
                                                  ref="XM-DAC-701-8", type="10", acronym="JICA")],
            recipients=[RecipientShare(region="798", percentage=Decimal("60")),
                        RecipientShare(country="MN", percentage=Decimal("40"))],
            bsp_codes=["TA07"], agreements=["Minamata Convention"]),
        ActivityDraft(
            iati_identifier=f"{PREFIX}0003", title="", titles={"zh": "只有中文标题的活动"}, level="national",
            status="1", planned_start=dt.date(2027, 2, 1), currency="EUR",
            organisations=[OrganisationRole(name="Asian Institute of Technology", role="4", type="80",
                                            acronym="AIT")],
            recipients=[RecipientShare(country="KH", percentage=Decimal("100"))], bsp_codes=[]),
    ]


def all_drafts(store) -> list[ActivityDraft]:
    """Every activity of ``store``, by identifier."""
    with store.reader() as s:
        ids = list(s.exec(select(Activity.id).where(Activity.deleted_at.is_(None))
                          .order_by(Activity.iati_identifier)).all())
    return ActivityService(store).drafts(ids)


def canonical(drafts: list[ActivityDraft]) -> list[ActivityDraft]:
    return sorted((normalize(d) for d in drafts), key=lambda d: d.iati_identifier)


def save_all(store, drafts: list[ActivityDraft]) -> None:
    outcome = ActivityService(store).save_many(drafts)
    assert outcome.ok, [(v.params.get("row"), v.field, v.message) for v in outcome.errors]


def count(store) -> int:
    """How many activities ``store`` holds, deleted ones too."""
    with store.reader() as s:
        return s.exec(select(func.count()).select_from(Activity)).one()


def demo_store(folder):
    """The demonstration in ``folder``, closed after use (for a module-scoped fixture)."""
    from tegdesk.core.demo import populate_demo

    store = open_store(folder / "demo.sqlite3")
    populate_demo(store)
    yield store
    store.close()


def empty_store(folder):
    store = open_store(folder / "empty.sqlite3")
    yield store
    store.close()
