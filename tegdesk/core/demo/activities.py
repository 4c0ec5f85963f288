"""The BSP capacity-building database: the organisations, and activities drawn from kinds
and topics, with recipients, BSP codes, participating organisations and results."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from tegdesk.core.demo.base import _BuilderBase
from tegdesk.core.demo.constants import ACTIVITY_COUNT, ESCAP_IATI_REF
from tegdesk.core.demo.members import _NOT_RECIPIENTS
from tegdesk.core.demo.names import _with_article
from tegdesk.core.models import (
    Activity,
    ActivityBspCode,
    ActivityOrganisation,
    ActivityRecipient,
    Level,
    MemberState,
    Organisation,
)

# code, English topic, Chinese topic, related agreements
_TOPICS: list[tuple[str, str, str, list[str]]] = [
    ("TA02", "greenhouse gas inventories", "温室气体清单", ["UNFCCC", "Paris Agreement"]),
    ("TA02", "national adaptation plans", "国家适应计划", ["UNFCCC"]),
    ("TA02", "the enhanced transparency framework of the Paris Agreement", "《巴黎协定》强化透明度框架",
     ["Paris Agreement"]),
    ("TA12", "rooftop solar and mini-grids", "屋顶太阳能和微电网", []),
    ("TA12", "energy efficiency standards for appliances", "电器能效标准", []),
    ("TA08", "municipal solid waste management", "城市固体废物管理", []),
    ("TA08", "electronic waste management", "电子废物管理", ["Basel Convention"]),
    ("TA09", "air quality monitoring", "空气质量监测", []),
    ("TA09", "marine plastic pollution", "海洋塑料污染", []),
    ("TA07", "mercury inventories and phase-down", "汞清单和逐步减少", ["Minamata Convention"]),
    ("TA07", "the sound management of chemicals", "化学品无害管理", ["Stockholm Convention", "Rotterdam Convention"]),
    ("TA01", "national biodiversity strategies and action plans", "国家生物多样性战略和行动计划", ["CBD"]),
    ("TA01", "access and benefit-sharing", "获取和惠益分享", ["Nagoya Protocol"]),
    ("TA16", "forest monitoring for REDD+", "面向REDD+的森林监测", ["UNFCCC"]),
    ("TA04", "integrated water resources management", "水资源综合管理", []),
    ("TA05", "wetland inventories", "湿地清单", ["Ramsar Convention"]),
    ("TA06", "coastal and marine spatial planning", "沿海和海洋空间规划", []),
    ("TA03", "sustainable land management", "可持续土地管理", ["UNCCD"]),
    ("TA10", "air pollution and health", "空气污染与健康", []),
    ("TA11", "trade in environmental goods", "环境产品贸易", []),
    ("TA13", "transboundary river basin management", "跨界河流流域管理", []),
    ("TA14", "environmental emergency preparedness", "环境紧急情况防备", []),
    ("TA15", "taxonomic capacity", "分类学能力", ["CBD"]),
    ("TA17", "post-disaster environmental assessment", "灾后环境评估", []),
    ("TA18", "decentralized wastewater treatment", "分散式污水处理", []),
    ("TA19", "climate-smart agriculture", "气候智能型农业", []),
    ("CC02", "environmental law and its enforcement", "环境法及其执行", []),
    ("CC08", "environmental statistics and data collection", "环境统计和数据收集", []),
    ("CC12", "sustainable consumption and production", "可持续消费和生产", []),
    ("CC13", "gender mainstreaming in environmental policies", "环境政策中的性别主流化", []),
    ("CC04", "reporting under multilateral environmental agreements", "多边环境协定下的报告", ["CBD", "UNFCCC"]),
    ("CC11", "environmental education", "环境教育", []),
]
_CROSS_CUTTING = ["CC01", "CC03", "CC04", "CC05", "CC06", "CC07", "CC08", "CC09", "CC10", "CC11", "CC12", "CC13"]

# kind: English pattern, Chinese pattern, level, duration (days) range, training?, weight
_KINDS: list[tuple[str, str, str, str, tuple[int, int], bool, int]] = [
    ("national_workshop", "National workshop on {topic} in {country}", "{country}{topic}国家讲习班",
     Level.NATIONAL, (1, 4), True, 26),
    ("tot", "Training of trainers on {topic} in {country}", "{country}{topic}培训员培训",
     Level.NATIONAL, (3, 9), True, 10),
    ("mission", "Policy advisory mission on {topic} to {country}", "赴{country}{topic}政策咨询团",
     Level.NATIONAL, (3, 10), False, 10),
    ("project", "Strengthening national capacity for {topic} in {country}", "{country}{topic}能力建设项目",
     Level.NATIONAL, (300, 1000), True, 18),
    ("subregional", "Subregional workshop on {topic} for {subregion}", "{subregion}{topic}次区域讲习班",
     Level.SUBREGIONAL, (2, 4), True, 12),
    ("south_south", "South–South exchange on {topic} between {countries}", "{countries}{topic}南南交流",
     Level.SUBREGIONAL, (3, 8), True, 6),
    ("regional_egm", "Regional expert group meeting on {topic}", "{topic}区域专家组会议",
     Level.REGIONAL, (2, 3), False, 8),
    ("regional_course", "Regional training course on {topic}", "{topic}区域培训班",
     Level.REGIONAL, (5, 12), True, 7),
    ("elearning", "Global e-learning course on {topic}", "{topic}全球在线学习课程",
     Level.GLOBAL, (40, 120), True, 3),
]
_SUBREGIONS_ZH = {"East and North-East Asia": "东亚和东北亚", "South-East Asia": "东南亚",
                  "South and South-West Asia": "南亚和西南亚", "North and Central Asia": "北亚和中亚",
                  "Pacific": "太平洋"}
#: IATI Region codes for regional recipients.
_REGION_ASIA = "798"  # Asia, regional
_REGION_OCEANIA = "889"  # Oceania, regional
_REGION_DEVELOPING = "998"  # Developing countries, unspecified

# acronym: name, IATI ref, IATI organisation type, country
_ORGANISATIONS: list[tuple[str, str, str | None, str, str | None]] = [
    ("ESCAP", "Economic and Social Commission for Asia and the Pacific", ESCAP_IATI_REF, "40", None),
    ("UNEP", "United Nations Environment Programme", "XM-DAC-41116", "40", None),
    ("UNDP", "United Nations Development Programme", "XM-DAC-41114", "40", None),
    ("GEF", "Global Environment Facility", "XM-DAC-47044", "40", None),
    ("UNFCCC", "United Nations Framework Convention on Climate Change secretariat", "XM-DAC-41316", "40", None),
    ("ADB", "Asian Development Bank", "XM-DAC-46004", "40", None),
    ("JICA", "Japan International Cooperation Agency", "XM-DAC-701-8", "10", "JP"),
    ("AIT", "Asian Institute of Technology", None, "80", "TH"),
    ("USP", "University of the South Pacific", None, "80", "FJ"),
    ("IGES", "Institute for Global Environmental Strategies", None, "80", "JP"),
    ("APRSCP", "Asia Pacific Roundtable for Sustainable Consumption and Production", None, "21", "TH"),
]
_FUNDERS = ["GEF", "JICA", "UNDP", "ADB", "UNEP", "ESCAP"]
_IMPLEMENTERS = ["ESCAP", "UNEP", "UNDP", "AIT", "USP", "IGES", "APRSCP"]

_RESULTS = [
    "{trained} officials trained ({women} women); a national action plan drafted and submitted for approval.",
    "{trained} participants trained ({women} women); guidelines adopted by the national authority.",
    "{trained} technical staff trained ({women} women); monitoring protocol in use in two provinces.",
    "{trained} participants trained ({women} women); recommendations presented to the Committee.",
]
_ASSESSMENTS = [
    "The Government of {country} assessed the assistance as highly relevant and timely, and asked for follow-up "
    "support on implementation.",
    "The Government of {country} found the assistance useful; it noted that the training materials should be "
    "translated into the national language.",
    "The Government of {country} rated the assistance as satisfactory and suggested a longer duration for hands-on "
    "sessions.",
]


def _shares(rng: random.Random, n: int) -> list[int]:
    """``n`` whole percentages of at least 5 summing to 100."""
    if n == 1:
        return [100]
    cuts = sorted(rng.sample(range(1, 20), n - 1))
    parts = [b - a for a, b in zip([0, *cuts], [*cuts, 20], strict=True)]
    return [p * 5 for p in parts]



class _ActivitiesBuilder(_BuilderBase):
    def organisations(self) -> None:
        self.orgs: dict[str, Organisation] = {}
        for acronym, name, ref, kind, country in _ORGANISATIONS:
            org = Organisation(name=name, acronym=acronym, iati_ref=ref, iati_type=kind, country_iso2=country)
            self.orgs[acronym] = org
            self._add(org)

    def activities(self) -> None:
        rng, today = self.rng, self.today
        recipients_pool = [m for m in self.members.values() if m.iso2 not in _NOT_RECIPIENTS]
        by_subregion: dict[str, list[MemberState]] = {}
        for m in recipients_pool:
            by_subregion.setdefault(m.subregion, []).append(m)
        kinds = [k for k in _KINDS for _ in range(k[6])]
        drafts: list[dict[str, Any]] = []
        for _ in range(ACTIVITY_COUNT):
            kind, en, zh, level, (dmin, dmax), training, _w = rng.choice(kinds)
            code, topic, topic_zh, agreements = rng.choice(_TOPICS)
            members: list[MemberState] = []
            region: str | None = None
            subregion = None
            if level == Level.NATIONAL:
                members = [rng.choice(recipients_pool)]
            elif level == Level.SUBREGIONAL:
                subregion = rng.choice(sorted(by_subregion))
                pool = by_subregion[subregion]
                members = rng.sample(pool, 2 if kind == "south_south" else min(len(pool), rng.randint(2, 5)))
            elif level == Level.REGIONAL:
                if rng.random() < 0.5:
                    region = _REGION_ASIA if rng.random() < 0.8 else _REGION_OCEANIA
                else:
                    members = rng.sample(recipients_pool, rng.randint(3, 6))
            else:
                region = _REGION_DEVELOPING
            names = [_with_article(m.name_en) for m in members]
            title = en.format(topic=topic, country=names[0] if names else "",
                              subregion=_with_article(subregion or "") if subregion != "Pacific" else "the Pacific",
                              countries=" and ".join(names[:2]))
            start = self._date_between(dt.date(2019, 1, 7), max(dt.date(2026, 12, 15), today + dt.timedelta(days=200)))
            drafts.append({"kind": kind, "title": title, "zh": zh, "level": level, "dur": (dmin, dmax),
                           "training": training, "code": code, "topic": topic, "topic_zh": topic_zh,
                           "agreements": agreements, "members": members, "region": region,
                           "subregion": subregion, "start": start})
        drafts.sort(key=lambda d: d["start"])
        self.activity_list: list[tuple[Activity, list[MemberState], list[str]]] = []
        for n, d in enumerate(drafts, start=1):
            self.activity_list.append(self.add_activity(n, d))

    def add_activity(self, n: int, d: dict[str, Any]) -> tuple[Activity, list[MemberState], list[str]]:
        rng, today = self.rng, self.today
        members: list[MemberState] = d["members"]
        start: dt.date = d["start"]
        dmin, dmax = d["dur"]
        duration = rng.randint(dmin, dmax)
        planned_end = start + dt.timedelta(days=duration - 1)
        long = dmax > 100
        budget = round(rng.uniform(150_000, 2_500_000) if long else rng.uniform(15_000, 120_000), -2) * 100
        budget = int(budget)
        status, actual_start, actual_end, cost = "1", None, None, None
        roll = rng.random()
        if roll < 0.03:
            status = "5"  # cancelled
        elif start <= today:
            actual_start = min(today, start + dt.timedelta(days=rng.choice([0, 0, 0, 1, 7, 14])))
            finish = actual_start + dt.timedelta(days=duration - 1)
            if long and roll > 0.97:
                status = "6"  # suspended
                cost = int(budget * rng.uniform(0.2, 0.5))
            elif finish < today - dt.timedelta(days=90):
                status, actual_end, cost = "4", finish, int(budget * rng.uniform(0.82, 1.03))
            elif finish < today:
                status, actual_end, cost = "3", finish, int(budget * rng.uniform(0.8, 1.0))
            else:
                status = "2"
                elapsed = (today - actual_start).days / max(1, duration)
                cost = int(budget * elapsed * rng.uniform(0.8, 1.05))
        trained_women = trained_men = None
        results = assessment = ""
        assessment_date = None
        if d["training"] and status in {"2", "3", "4"}:
            total = rng.randint(40, 320) if long or d["kind"] == "elearning" else rng.randint(15, 60)
            if status == "2":
                total = max(5, int(total * rng.uniform(0.2, 0.7)))
            trained_women = round(total * rng.uniform(0.3, 0.62))
            trained_men = total - trained_women
        if status == "4":
            if trained_women is not None:
                results = rng.choice(_RESULTS).format(trained=trained_women + trained_men, women=trained_women)
            else:
                results = "Recommendations and a summary of the discussions issued to participating Governments."
            if d["level"] == Level.NATIONAL and rng.random() < 0.5:
                day = actual_end + dt.timedelta(days=rng.randint(30, 120))
                if day <= today:
                    assessment = rng.choice(_ASSESSMENTS).format(country=_with_article(members[0].name_en))
                    assessment_date = day
        titles: dict[str, str] = {}
        zh_wanted = any(m.iso2 in {"CN", "MN", "KH", "LA", "MM"} for m in members) or not members
        if zh_wanted and rng.random() < 0.6 or rng.random() < 0.1:
            countries_zh = [self.country_zh(m) for m in members]
            titles["zh"] = d["zh"].format(topic=d["topic_zh"], country=countries_zh[0] if countries_zh else "",
                                          subregion=_SUBREGIONS_ZH.get(d["subregion"] or "", ""),
                                          countries="和".join(countries_zh[:2]))
        codes = [d["code"]]
        for extra in rng.sample(_CROSS_CUTTING, rng.choice([0, 1, 1, 2])):
            if extra not in codes:
                codes.append(extra)
        if d["code"].startswith("CC"):
            codes.append(rng.choice(self.thematic))
        description = (f"{d['title']}. Organized under the Bali Strategic Plan for Technology Support and "
                       f"Capacity-building to strengthen capacity on {d['topic']}.")
        activity = Activity(
            iati_identifier=f"{ESCAP_IATI_REF}-BSP-{n:04d}", reporting_org_id=self.orgs["ESCAP"].id,
            title=d["title"], titles=titles, description=description, level=d["level"],
            south_south=d["kind"] == "south_south", status=status, planned_start=start, planned_end=planned_end,
            actual_start=actual_start, actual_end=actual_end, currency="USD", budget=budget, cost=cost,
            trained_women=trained_women, trained_men=trained_men, results=results, assessment=assessment,
            assessment_date=assessment_date, agreements=list(d["agreements"]))
        self._add(activity)
        if members:
            for member, share in zip(members, _shares(rng, len(members)), strict=True):
                self._add(ActivityRecipient(activity_id=activity.id, member_id=member.id, percentage=float(share)))
        else:
            self._add(ActivityRecipient(activity_id=activity.id, region_code=d["region"], percentage=100.0))
        for code in codes:
            self._add(ActivityBspCode(activity_id=activity.id, code=code))
        roles: set[tuple[str, str]] = {("ESCAP", "2")}
        for funder in rng.sample(_FUNDERS, rng.choice([1, 1, 2])):
            roles.add((funder, "1"))
        implementers = [o for o in _IMPLEMENTERS if o != "USP" or any(m.subregion == "Pacific" for m in members)]
        for implementer in rng.sample(implementers, rng.choice([1, 1, 2])):
            roles.add((implementer, "4"))
        for acronym, role in sorted(roles):
            self._add(ActivityOrganisation(activity_id=activity.id, organisation_id=self.orgs[acronym].id, role=role))
        return activity, members, codes
