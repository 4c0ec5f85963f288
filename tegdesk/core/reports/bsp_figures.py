"""The annual figures of the Bali Strategic Plan (B5): requests and how they were handled,
activities by area, country and level, funding, training, results and the Governments'
assessments (B6), for one calendar year.

:func:`bsp_figures` reads the database once and returns plain numbers and lists
(:class:`BspFigures`), with no layout and no language: the PDF report, its charts and
the Reports page all show these, so they always agree. Codes stay codes (``TA02``,
``CN``, ``national``); :mod:`tegdesk.core.reports.labels` names them in a language.

Readings the plan leaves open, decided here:

- **Requests received** in the year: received on a day of the year.
- **Answered, declined, withdrawn** in the year: requests whose status at the end of the year
  is that closed status, reached by an event dated in the year (whenever they were received;
  a request reopened and closed again counts by its last closing). Their **processing time**
  is :func:`~tegdesk.core.request_rules.processing_days` from receipt to that closing; the
  median is over those requests.
- **Open at the end of the year**: received by 31 December and open on that day.
  So open at the start + received = closed in the year + open at the end.
  A request's status on a day comes from its dated history; one with no history (imported
  bare) is taken as received on its date and closed on ``closed_on``.
- **Gaps**: requests received in the year, not withdrawn, with no activity linked, counted
  under each of their BSP codes.
- **Activities of the year**: those whose actual start, else planned start, falls in the year
  (the activity list's year), not removed and not cancelled (IATI status 5; the cancelled are
  counted apart). An activity counts once under each of its BSP codes, each recipient
  country (whatever its percentage) and each subregion it reaches; one naming only regions
  counts under those regions, and as "no country named" among the subregions.
- **Funding**: budgets and costs are summed per currency, never converted. An activity with
  several funding organisations counts in full under each of them; funders are listed by
  currency (the most used first), then by budget.
- **Trained**: the sums of the participants trained, by gender; the women's share is of all
  those whose gender is recorded (women, men and others).
"""

from __future__ import annotations

import datetime as dt
import statistics
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func
from sqlmodel import select

from tegdesk.core.models import (
    Activity,
    ActivityBspCode,
    ActivityOrganisation,
    ActivityRecipient,
    AssistanceRequest,
    BspCode,
    Level,
    MemberState,
    Organisation,
    RequestActivity,
    RequestBspCode,
    RequestEvent,
    RequestStatus,
)
from tegdesk.core.reports.labels import NO_COUNTRY
from tegdesk.core.request_rules import CLOSED_STATUSES, processing_days

__all__ = ["ActivityRef", "AssessmentQuote", "BspFigures", "Count", "FunderTotal", "MoneyTotal", "RequestLine",
           "bsp_figures", "default_report_year", "report_years"]

#: IATI activity status "Cancelled": planned, never held
CANCELLED = "5"
#: IATI organisation role "Funding"
FUNDING_ROLE = "1"
#: The levels in the order reports list them (B2, section IV A-C)
LEVELS: tuple[str, ...] = tuple(str(level) for level in (Level.NATIONAL, Level.SUBREGIONAL, Level.REGIONAL,
                                                          Level.GLOBAL))
#: How many Governments' assessments the report quotes (the most recent)
QUOTED_ASSESSMENTS = 5
#: Rows per ``IN (...)`` query (SQLite's limit on bound parameters is far above)
_CHUNK = 900


@dataclass(frozen=True)
class Count:
    """One bar of a chart: a code (``TA02``, ``CN``, ``national``, a subregion) and how many."""

    key: str
    count: int
    #: the English name, for codes a language may not name (a country's ESCAP short name)
    name: str = ""


@dataclass(frozen=True)
class ActivityRef:
    """An activity named in a list: identifier and title (English, and in other languages)."""

    identifier: str
    title: str
    titles: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    def title_in(self, lang: str) -> str:
        other = (self.titles.get(lang) or "").strip() if lang != "en" else ""
        return other or self.title


@dataclass(frozen=True)
class RequestLine:
    """A request as the report's table lists it, as it stood at the end of the year."""

    reference: str
    country: str  # ISO alpha-2
    country_name: str  # ESCAP's English short name
    received_on: dt.date
    subject: str
    status: str  # at the end of the year
    closed_on: dt.date | None  # when closed in the year (or before)
    days: int | None  # processing time, when closed
    codes: tuple[str, ...]
    activities: tuple[ActivityRef, ...]


@dataclass(frozen=True)
class MoneyTotal:
    """The budgets and costs of the year's activities in one currency (hundredths of its unit)."""

    currency: str
    budget: int
    cost: int
    activities: int  # activities in this currency
    with_budget: int
    with_cost: int


@dataclass(frozen=True)
class FunderTotal:
    """A funding organisation: how many of the year's activities it funds, and their budget."""

    name: str  # acronym, else name
    full_name: str
    currency: str
    activities: int
    budget: int


@dataclass(frozen=True)
class AssessmentQuote:
    """A recipient Government's assessment of an activity's results (B6), quoted."""

    activity: ActivityRef
    country: str  # ISO alpha-2 of the first recipient country, "" when none
    country_name: str
    on: dt.date | None
    text: str


@dataclass
class BspFigures:
    """The figures of one year (see the module's docstring for what each counts)."""

    year: int
    #: the day the year's figures stand at: 31 December, or today for the current year
    as_of: dt.date = dt.date.min
    #: the BSP indicative list: code -> (English title, Chinese title), for the labels
    areas: dict[str, tuple[str, str]] = field(default_factory=dict)
    # requests (B4)
    received: int = 0
    answered: int = 0
    declined: int = 0
    withdrawn: int = 0
    open_at_start: int = 0
    open_at_end: int = 0
    median_days: float | None = None
    processing_days: list[int] = field(default_factory=list)
    requests_by_area: list[Count] = field(default_factory=list)
    gaps_by_area: list[Count] = field(default_factory=list)
    gap_requests: list[RequestLine] = field(default_factory=list)
    requests: list[RequestLine] = field(default_factory=list)  # received or closed in the year
    open_requests: list[RequestLine] = field(default_factory=list)  # open at the end of the year, oldest first
    answered_requests: list[RequestLine] = field(default_factory=list)
    # activities (B1, B2)
    activities: int = 0
    cancelled: int = 0
    by_thematic: list[Count] = field(default_factory=list)
    by_cross_cutting: list[Count] = field(default_factory=list)
    thematic_without_activity: list[str] = field(default_factory=list)
    by_country: list[Count] = field(default_factory=list)
    by_region: list[Count] = field(default_factory=list)
    by_subregion: list[Count] = field(default_factory=list)
    by_level: list[Count] = field(default_factory=list)
    south_south: int = 0
    # funding (B5, B7)
    money: list[MoneyTotal] = field(default_factory=list)
    by_funder: list[FunderTotal] = field(default_factory=list)
    # training and results (B6, B7)
    trained_women: int = 0
    trained_men: int = 0
    trained_other: int = 0
    with_training: int = 0
    with_results: int = 0
    with_assessment: int = 0
    assessments: list[AssessmentQuote] = field(default_factory=list)

    @property
    def closed(self) -> int:
        return self.answered + self.declined + self.withdrawn

    @property
    def trained(self) -> int:
        return self.trained_women + self.trained_men + self.trained_other

    @property
    def women_share(self) -> float | None:
        """Women among those trained, 0-1; None when nobody was trained."""
        return self.trained_women / self.trained if self.trained else None

    @property
    def gaps(self) -> int:
        return len(self.gap_requests)

    @property
    def is_empty(self) -> bool:
        return not (self.received or self.closed or self.open_at_end or self.activities or self.cancelled)


# -- years --------------------------------------------------------------------------------------

def report_years(store: Any) -> list[int]:
    """The years with an activity, or a request received or closed, in ascending order."""
    start = func.coalesce(Activity.actual_start, Activity.planned_start)
    with store.reader() as s:
        days = list(s.exec(select(start).where(Activity.deleted_at.is_(None), start.is_not(None)).distinct()))
        days += list(s.exec(select(AssistanceRequest.received_on).where(AssistanceRequest.deleted_at.is_(None))
                            .distinct()))
        days += list(s.exec(select(AssistanceRequest.closed_on).where(AssistanceRequest.deleted_at.is_(None),
                                                                       AssistanceRequest.closed_on.is_not(None))
                            .distinct()))
    return sorted({_as_date(d).year for d in days if d is not None})


def default_report_year(years: Sequence[int], today: dt.date | None = None) -> int:
    """The year a report is usually made for: the last full year (or the latest year with data
    before it); the current year when only it, or later ones, have data; last year when none do."""
    last_full = (today or dt.date.today()).year - 1
    past = [y for y in years if y <= last_full]
    if past:
        return max(past)
    return min(years) if years else last_full


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


# -- figures ------------------------------------------------------------------------------------

def bsp_figures(store: Any, year: int) -> BspFigures:
    """The figures of ``year``; a year with no data gives zeros and empty lists."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    figures = BspFigures(year=year, as_of=min(last, dt.date.today()))
    with store.reader() as s:
        members = {m.id: m for m in s.exec(select(MemberState))}
        codes = {c.code: c for c in s.exec(select(BspCode).order_by(BspCode.code))}
        figures.areas = {c.code: (c.title_en, c.title_zh) for c in codes.values()}
        activities = _year_activities(s, first, last)
        _requests(s, figures, members, first, last)
        _activities(s, figures, activities, members, codes)
    return figures


def _chunks(ids: Sequence[uuid.UUID]) -> Iterable[Sequence[uuid.UUID]]:
    for at in range(0, len(ids), _CHUNK):
        yield ids[at:at + _CHUNK]


def _rows(s: Any, model: Any, column: Any, ids: Sequence[uuid.UUID]) -> list[Any]:
    out: list[Any] = []
    for part in _chunks(list(ids)):
        out += s.exec(select(model).where(column.in_(part))).all()
    return out


def _ordered(counter: Counter[str], names: dict[str, str] | None = None) -> list[Count]:
    """Most first; equal counts by (English) name, else by code."""
    names = names or {}
    return [Count(key, n, names.get(key, "")) for key, n in
            sorted(counter.items(), key=lambda kv: (-kv[1], names.get(kv[0], kv[0]).casefold(), kv[0])) if n > 0]


# -- requests -----------------------------------------------------------------------------------

@dataclass
class _Timeline:
    """A request's dated statuses, oldest first."""

    events: list[tuple[dt.date, str]]

    def status_on(self, day: dt.date) -> str | None:
        """The status on ``day`` (None before the request was received)."""
        status = None
        for on, value in self.events:
            if on > day:
                break
            status = value
        return status

    def closing(self, day: dt.date) -> dt.date | None:
        """The date the request reached the closed status it has on ``day``; None if it is open then."""
        since = previous = None
        for on, value in self.events:
            if on > day:
                break
            if value not in CLOSED_STATUSES:
                since = None
            elif value != previous:
                since = on
            previous = value
        return since


def _timelines(s: Any, requests: list[AssistanceRequest]) -> dict[uuid.UUID, _Timeline]:
    by_request: dict[uuid.UUID, list[RequestEvent]] = defaultdict(list)
    for event in _rows(s, RequestEvent, RequestEvent.request_id, [r.id for r in requests]):
        by_request[event.request_id].append(event)
    out: dict[uuid.UUID, _Timeline] = {}
    for r in requests:
        events = sorted(by_request.get(r.id, []), key=lambda e: (e.on, e.created_at))
        dated = [(_as_date(r.received_on), str(RequestStatus.RECEIVED))]
        dated += [(_as_date(e.on), str(e.status)) for e in events if _as_date(e.on) >= _as_date(r.received_on)]
        if not events and r.status != RequestStatus.RECEIVED:  # no history: its status from its dates
            on = _as_date(r.closed_on) if r.closed_on and r.status in CLOSED_STATUSES else _as_date(r.received_on)
            dated.append((on, str(r.status)))
        out[r.id] = _Timeline(dated)
    return out


def _requests(s: Any, figures: BspFigures, members: dict[uuid.UUID, MemberState], first: dt.date,
              last: dt.date) -> None:
    # Every request received by the year's end; whether it concerns the year is read from its history.
    requests = list(s.exec(select(AssistanceRequest).where(AssistanceRequest.deleted_at.is_(None),
                                                           AssistanceRequest.received_on <= last)))
    timelines = _timelines(s, requests)
    eve = first - dt.timedelta(days=1)
    concerned: list[tuple[AssistanceRequest, str, dt.date | None]] = []
    for r in requests:
        line = timelines[r.id]
        status_end = line.status_on(last) or str(RequestStatus.RECEIVED)
        status_eve = line.status_on(eve)
        received = first <= _as_date(r.received_on) <= last
        closed_on = line.closing(last)
        closed_in_year = closed_on is not None and closed_on >= first
        if status_eve is not None and status_eve not in CLOSED_STATUSES:
            figures.open_at_start += 1
        if status_end not in CLOSED_STATUSES:
            figures.open_at_end += 1
        if received or closed_in_year or status_end not in CLOSED_STATUSES:
            concerned.append((r, status_end, closed_on))
        if received:
            figures.received += 1
        if closed_in_year:
            if status_end == RequestStatus.ANSWERED:
                figures.answered += 1
            elif status_end == RequestStatus.DECLINED:
                figures.declined += 1
            else:
                figures.withdrawn += 1
            days = processing_days(_as_date(r.received_on), closed_on)
            if days is not None:
                figures.processing_days.append(days)
    if figures.processing_days:
        figures.median_days = float(statistics.median(figures.processing_days))

    ids = [r.id for r, _s, _c in concerned]
    codes: dict[uuid.UUID, list[str]] = defaultdict(list)
    for row in _rows(s, RequestBspCode, RequestBspCode.request_id, ids):
        codes[row.request_id].append(row.code)
    links = _rows(s, RequestActivity, RequestActivity.request_id, ids)
    linked = {a.id: a for a in _rows(s, Activity, Activity.id, list({link.activity_id for link in links}))
              if a.deleted_at is None}
    answers: dict[uuid.UUID, list[ActivityRef]] = defaultdict(list)
    for link in links:
        activity = linked.get(link.activity_id)
        if activity is not None:
            answers[link.request_id].append(_ref(activity))

    by_area: Counter[str] = Counter()
    gaps: Counter[str] = Counter()
    for r, status_end, closed_on in sorted(concerned, key=lambda x: (_as_date(x[0].received_on), x[0].reference)):
        member = members.get(r.member_id)
        request_codes = tuple(sorted(set(codes.get(r.id, []))))
        activities = tuple(sorted(answers.get(r.id, []), key=lambda a: a.identifier))
        line = RequestLine(reference=r.reference, country=member.iso2 if member else "",
                           country_name=member.name_en if member else "", received_on=_as_date(r.received_on),
                           subject=r.subject, status=status_end, closed_on=closed_on,
                           days=processing_days(_as_date(r.received_on), closed_on), codes=request_codes,
                           activities=activities)
        received = first <= line.received_on <= last
        closed_in_year = closed_on is not None and closed_on >= first
        if received or closed_in_year:
            figures.requests.append(line)
        if status_end not in CLOSED_STATUSES:
            figures.open_requests.append(line)
        if received:
            by_area.update(request_codes)
            if not activities and status_end != RequestStatus.WITHDRAWN:
                figures.gap_requests.append(line)
                gaps.update(request_codes)
        if closed_in_year and status_end == RequestStatus.ANSWERED:
            figures.answered_requests.append(line)
    figures.requests_by_area = _ordered(by_area)
    figures.gaps_by_area = _ordered(gaps)


def _ref(activity: Activity) -> ActivityRef:
    return ActivityRef(activity.iati_identifier, activity.title, dict(activity.titles or {}))


# -- activities ---------------------------------------------------------------------------------

def _year_activities(s: Any, first: dt.date, last: dt.date) -> list[Activity]:
    start = func.coalesce(Activity.actual_start, Activity.planned_start)
    return list(s.exec(select(Activity).where(Activity.deleted_at.is_(None), start >= first, start <= last)
                       .order_by(Activity.iati_identifier)))


def _activities(s: Any, figures: BspFigures, activities: list[Activity], members: dict[uuid.UUID, MemberState],
                codes: dict[str, BspCode]) -> None:
    figures.cancelled = sum(1 for a in activities if a.status == CANCELLED)
    held = [a for a in activities if a.status != CANCELLED]
    figures.activities = len(held)
    ids = [a.id for a in held]

    # BSP areas (B2)
    thematic: Counter[str] = Counter()
    cross: Counter[str] = Counter()
    for row in _rows(s, ActivityBspCode, ActivityBspCode.activity_id, ids):
        kind = codes[row.code].kind if row.code in codes else ""
        (cross if kind == "cross-cutting" else thematic)[row.code] += 1
    figures.by_thematic = _ordered(thematic)
    figures.by_cross_cutting = _ordered(cross)
    figures.thematic_without_activity = [c for c, row in codes.items() if row.kind == "thematic" and not thematic[c]]

    # recipients: countries, regions, subregions
    countries: Counter[str] = Counter()
    regions: Counter[str] = Counter()
    subregions: Counter[str] = Counter()
    reached: dict[uuid.UUID, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    first_country: dict[uuid.UUID, MemberState] = {}
    recipients = sorted(_rows(s, ActivityRecipient, ActivityRecipient.activity_id, ids),
                        key=lambda r: (-(r.percentage or 0), str(r.id)))
    for row in recipients:
        member = members.get(row.member_id) if row.member_id else None
        iso, subs = reached[row.activity_id]
        if member is not None:
            iso.add(member.iso2)
            subs.add(member.subregion)
            first_country.setdefault(row.activity_id, member)
        elif row.region_code:
            regions[row.region_code] += 1
    for a in held:
        iso, subs = reached.get(a.id, (set(), set()))
        countries.update(iso)
        subregions.update(subs or {NO_COUNTRY})
    names = {m.iso2: m.name_en for m in members.values()}
    figures.by_country = _ordered(countries, names)
    figures.by_region = _ordered(regions)
    figures.by_subregion = _ordered(subregions)

    # levels, South-South cooperation
    levels = Counter(a.level for a in held)
    figures.by_level = [Count(str(level), levels.get(level, 0)) for level in LEVELS]
    figures.by_level += [Count(level, n) for level, n in sorted(levels.items()) if level not in LEVELS]
    figures.south_south = sum(1 for a in held if a.south_south)

    # funding (B7)
    figures.money = _money(held)
    figures.by_funder = _funders(s, held, ids)

    # training, results, assessments (B6, B7)
    for a in held:
        trained = [a.trained_women, a.trained_men, a.trained_other]
        if any(n is not None for n in trained):
            figures.with_training += 1
        figures.trained_women += a.trained_women or 0
        figures.trained_men += a.trained_men or 0
        figures.trained_other += a.trained_other or 0
        figures.with_results += bool((a.results or "").strip())
    assessed = [a for a in held if (a.assessment or "").strip()]
    figures.with_assessment = len(assessed)
    assessed.sort(key=lambda a: (a.assessment_date or dt.date.min, a.iati_identifier), reverse=True)
    for a in assessed[:QUOTED_ASSESSMENTS]:
        member = first_country.get(a.id)
        figures.assessments.append(AssessmentQuote(
            activity=_ref(a), country=member.iso2 if member else "", country_name=member.name_en if member else "",
            on=_as_date(a.assessment_date) if a.assessment_date else None, text=a.assessment.strip()))


def _money(held: list[Activity]) -> list[MoneyTotal]:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for a in held:
        t = totals[a.currency or ""]
        t[0] += a.budget or 0
        t[1] += a.cost or 0
        t[2] += 1
        t[3] += a.budget is not None
        t[4] += a.cost is not None
    return [MoneyTotal(cur, *t) for cur, t in sorted(totals.items(), key=lambda kv: (-kv[1][2], kv[0]))]


def _funders(s: Any, held: list[Activity], ids: list[uuid.UUID]) -> list[FunderTotal]:
    by_id = {a.id: a for a in held}
    roles = [r for r in _rows(s, ActivityOrganisation, ActivityOrganisation.activity_id, ids)
             if r.role == FUNDING_ROLE]
    orgs = {o.id: o for o in _rows(s, Organisation, Organisation.id, list({r.organisation_id for r in roles}))}
    totals: dict[tuple[uuid.UUID, str], list[int]] = defaultdict(lambda: [0, 0])
    seen: set[tuple[uuid.UUID, uuid.UUID]] = set()
    for r in roles:
        if (r.organisation_id, r.activity_id) in seen:
            continue
        seen.add((r.organisation_id, r.activity_id))
        a = by_id[r.activity_id]
        t = totals[(r.organisation_id, a.currency or "")]
        t[0] += 1
        t[1] += a.budget or 0
    out: list[FunderTotal] = []
    for (org_id, currency), (count, budget) in totals.items():
        org = orgs.get(org_id)
        name = (org.acronym or org.name) if org else "?"
        out.append(FunderTotal(name=name, full_name=org.name if org else "?", currency=currency, activities=count,
                               budget=budget))
    rank = {m.currency: i for i, m in enumerate(_money(held))}  # the most used currency first
    return sorted(out, key=lambda f: (rank.get(f.currency, len(rank)), -f.budget, -f.activities, f.name.casefold()))
