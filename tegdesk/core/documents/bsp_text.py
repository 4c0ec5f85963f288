"""The sentences and tables of the annual BSP report, each stating computed figures.

:class:`ReportText` turns a year's :class:`~tegdesk.core.reports.BspFigures` into the
report's wording in one language: every message is marked for the catalogs, counts go
through ``ngettext`` where the sentence depends on them, numbers, dates and amounts are in
the language's format. It writes nothing the figures do not say. Lists of counts are
written "label (count)" joined by the language's separator, so that any number reads
correctly in any language.
"""

from __future__ import annotations

import datetime as dt

from tegdesk.core.i18n import N_, Translator
from tegdesk.core.reports.bsp_figures import BspFigures, Count, RequestLine
from tegdesk.core.reports.labels import (
    area_label,
    country_name,
    days_text,
    level_name,
    region_name,
    status_name,
    subregion_name,
)

__all__ = ["ReportText"]

TITLE = N_("Annual report on the Bali Strategic Plan for Technology Support and Capacity-building, {year}")
NOTE_BY_SECRETARIAT = N_("Note by the secretariat")
SUMMARY = N_("Summary")
SUBJECT = N_("Requests for technical assistance, capacity-building activities, funding and results in {year}")
HEADINGS = {
    "introduction": N_("Introduction"),
    "requests": N_("Requests for technical assistance received and how they were handled"),
    "activities": N_("Activities by thematic area, country and level"),
    "funding": N_("Funding"),
    "results": N_("Results and the Governments' assessments"),
    "gaps": N_("Gaps, successes, shortfalls and lessons"),
}
#: "label (count)", in lists of counts
LABEL_COUNT = N_("{label} ({count})")
#: how many items a sentence lists ("most often ...")
TOP = 3


class ReportText:
    """The wording of one year's report in ``tr``'s language; ``numbers`` and ``tables`` map the keys of the
    charts and of the tables (requests, answered, funders) to their numbers in the document."""

    def __init__(self, tr: Translator, figures: BspFigures, numbers: dict[str, str], tables: dict[str, str],
                 issued: dt.date):
        self.tr = tr
        self.f = figures
        self.numbers = numbers
        self.tables = tables
        self.issued = issued
        self.year = str(figures.year)  # a year is never grouped ("2,025")

    # -- helpers ----------------------------------------------------------------------------------
    def _(self, message: str, **params: object) -> str:
        return self.tr.gettext(message, **params)

    def n(self, value: float) -> str:
        return self.tr.number(value)

    def join(self, items: list[str]) -> str:
        return self._(", ").join(items)

    def counted(self, pairs: list[tuple[str, int]]) -> str:
        return self.join([self._(LABEL_COUNT, label=label, count=self.n(count)) for label, count in pairs])

    def areas(self, counts: list[Count], top: int | None = TOP) -> str:
        chosen = counts if top is None else counts[:top]
        return self.counted([(area_label(c.key, self.f.areas, self.tr), c.count) for c in chosen])

    def figure(self, key: str) -> str:
        return self.numbers.get(key, "")

    def days(self, value: float) -> str:
        return days_text(value, self.tr)

    def country(self, line: RequestLine) -> str:
        return country_name(line.country, line.country_name, self.tr)

    def date(self, day: dt.date | None) -> str:
        return self.tr.date(day, "medium") if day else ""

    # -- front ------------------------------------------------------------------------------------
    def title(self) -> str:
        return self._(TITLE, year=self.year)

    def subject(self) -> str:
        return self._(SUBJECT, year=self.year)

    def note_by_secretariat(self) -> str:
        return self._(NOTE_BY_SECRETARIAT)

    def summary_heading(self) -> str:
        return self._(SUMMARY)

    def heading(self, key: str) -> str:
        return self._(HEADINGS[key])

    def summary(self) -> str:
        f = self.f
        parts = [
            self.tr.ngettext("In {year}, the secretariat received {n} request for technology support or "
                             "capacity-building and closed {closed}; {open} remained open at the end of the year.",
                             "In {year}, the secretariat received {n} requests for technology support or "
                             "capacity-building and closed {closed}; {open} remained open at the end of the year.",
                             f.received, year=self.year, closed=self.n(f.closed), open=self.n(f.open_at_end)),
            self.tr.ngettext("{n} capacity-building activity took place, in {countries} recipient countries.",
                             "{n} capacity-building activities took place, in {countries} recipient countries.",
                             f.activities, countries=self.n(len(f.by_country))),
        ]
        if f.trained:
            parts.append(self._("{trained} participants were trained, {share} of them women.",
                                trained=self.n(f.trained), share=self.share()))
        if f.received and not f.gaps:
            parts.append(self._("Every request received in {year} has an activity linked to answer it, or was "
                                "withdrawn.", year=self.year))
        elif f.received:
            parts.append(self.tr.ngettext("{n} request received in the year has no activity linked to answer it.",
                                          "{n} requests received in the year have no activity linked to answer "
                                          "them.", f.gaps))
        return self.sentences(parts)

    def sentences(self, parts: list[str]) -> str:
        return ("" if self.tr.lang == "zh" else " ").join(p for p in parts if p)

    def share(self) -> str:
        from babel.numbers import format_percent

        return format_percent(self.f.women_share or 0, locale=self.tr.locale)

    # -- I. introduction ----------------------------------------------------------------------------
    def introduction(self) -> str:
        return self._("This report gives the figures of the capacity-building database of the Bali Strategic "
                      "Plan for Technology Support and Capacity-building for {year}: the requests for technology "
                      "support and capacity-building received and how they were handled, the activities by "
                      "thematic area, country and level, their funding, their results and the recipient "
                      "Governments' assessments, and the gaps that remain (Bali Strategic Plan, paragraphs 24 (b), "
                      "29 (c), 31 (h) and 32).", year=self.year)

    def reading(self) -> str:
        return self._("The figures are those recorded in the database on {date}. An activity counts in the year "
                      "it started, or was planned to start if it has not started; cancelled activities are not "
                      "counted. A request counts as handled in the year it was answered, declined or withdrawn.",
                      date=self.tr.date(self.issued))

    # -- II. requests ---------------------------------------------------------------------------------
    def requests(self) -> list[str]:
        f = self.f
        out = [self.tr.ngettext("In {year}, the secretariat received {n} request for technology support or "
                                "capacity-building.",
                                "In {year}, the secretariat received {n} requests for technology support or "
                                "capacity-building.", f.received, year=self.year)]
        if f.open_at_start:
            out.append(self.tr.ngettext("{n} request was still open from earlier years.",
                                        "{n} requests were still open from earlier years.", f.open_at_start))
        if f.received or f.closed or f.open_at_end:
            out.append(self._("Requests answered during the year: {answered}; declined: {declined}; withdrawn: "
                              "{withdrawn}; open at the end of the year: {open} (figure {figure}).",
                              answered=self.n(f.answered), declined=self.n(f.declined),
                              withdrawn=self.n(f.withdrawn), open=self.n(f.open_at_end),
                              figure=self.figure("requests")))
        return out

    def processing(self) -> str:
        f = self.f
        if not f.processing_days or f.median_days is None:
            return self._("No request was closed in the year.")
        return self.tr.ngettext(
            "The median processing time, from receipt to closing, of the {n} request closed in the year was "
            "{median} (the shortest {shortest}, the longest {longest}).",
            "The median processing time, from receipt to closing, of the {n} requests closed in the year was "
            "{median} (the shortest {shortest}, the longest {longest}).",
            len(f.processing_days), median=self.days(f.median_days), shortest=self.days(min(f.processing_days)),
            longest=self.days(max(f.processing_days)))

    def listed(self) -> str:
        if "requests" not in self.tables:
            return ""
        return self._("Table {table} lists the requests received or closed in the year.",
                      table=self.tables["requests"])

    def request_areas(self) -> str:
        if not self.f.requests_by_area:
            return ""
        return self._("The requests received concerned most often: {areas} (figure {figure}).",
                      areas=self.areas(self.f.requests_by_area), figure=self.figure("request_areas"))

    def requests_table(self) -> tuple[str, list[str], list[list[str]], list[float]]:
        _ = self._
        header = [_("Reference"), _("Requesting country"), self.tr.pgettext("date column", "Received"), _("Subject"),
                  _("Status at the end of the year"), _("Days to close")]
        rows = [[r.reference, self.country(r), self.date(r.received_on), r.subject, status_name(self.tr, r.status),
                 self.n(r.days) if r.days is not None else "–"] for r in self.f.requests]
        return (_("Requests received or closed in {year}", year=self.year), header, rows,
                [0, 1.2, 0, 2.6, 1.1, 0])

    def answered(self) -> str:
        f = self.f
        if not f.answered_requests:
            return self._("No request was answered in the year.")
        linked = sum(1 for r in f.answered_requests if r.activities)
        return self.tr.ngettext("Of the {n} request answered in the year, {linked} names the activities that "
                                "answered it (table {table}).",
                                "Of the {n} requests answered in the year, {linked} name the activities that "
                                "answered them (table {table}).", len(f.answered_requests),
                                linked=self.n(linked), table=self.tables.get("answered", ""))

    def answered_table(self) -> tuple[str, list[str], list[list[str]], list[float]]:
        _ = self._
        header = [_("Reference"), _("Requesting country"), _("Subject"), _("Activities that answered it")]
        rows = []
        for r in self.f.answered_requests:
            activities = "\n".join(f"{a.identifier} {a.title_in(self.tr.lang)}" for a in r.activities) or "–"
            rows.append([r.reference, self.country(r), r.subject, activities])
        return (_("Requests answered in {year} and the activities that answered them", year=self.year), header,
                rows, [0, 1.1, 2.1, 3.2])

    # -- III. activities --------------------------------------------------------------------------------
    def activities(self) -> list[str]:
        f = self.f
        out = [self.tr.ngettext("{n} capacity-building activity took place in {year}.",
                                "{n} capacity-building activities took place in {year}.", f.activities,
                                year=self.year)]
        if f.cancelled:
            out.append(self.tr.ngettext("{n} activity planned for the year was cancelled and is not counted.",
                                        "{n} activities planned for the year were cancelled and are not counted.",
                                        f.cancelled))
        if f.activities and not f.south_south:
            out.append(self._("None of them was South–South cooperation (Bali Strategic Plan, section IV E)."))
        elif f.activities:
            out.append(self.tr.ngettext("{n} of them was South–South cooperation (Bali Strategic Plan, section IV E).",
                                        "{n} of them were South–South cooperation (Bali Strategic Plan, section "
                                        "IV E).", f.south_south))
        return out

    def levels(self) -> str:
        if not self.f.activities:
            return ""
        return self._("By level: {levels} (figure {figure}).", figure=self.figure("levels"),
                      levels=self.counted([(level_name(c.key, self.tr), c.count) for c in self.f.by_level]))

    def thematic(self) -> str:
        if not self.f.by_thematic:
            return ""
        return self._("The thematic areas most addressed: {areas} (figure {figure}).",
                      areas=self.areas(self.f.by_thematic), figure=self.figure("thematic"))

    def cross_cutting(self) -> str:
        if not self.f.by_cross_cutting:
            return ""
        return self._("The cross-cutting issues most addressed: {areas} (figure {figure}).",
                      areas=self.areas(self.f.by_cross_cutting), figure=self.figure("cross_cutting"))

    def countries(self) -> list[str]:
        f = self.f
        out: list[str] = []
        if f.by_country:
            top = [(country_name(c.key, c.name, self.tr), c.count) for c in f.by_country[:TOP]]
            out.append(self.tr.ngettext("The activities reached {n} recipient country; most often: {countries} "
                                        "(figure {figure}).",
                                        "The activities reached {n} recipient countries; most often: {countries} "
                                        "(figure {figure}).", len(f.by_country), countries=self.counted(top),
                                        figure=self.figure("countries")))
        if f.by_region:
            out.append(self._("Activities naming a region rather than countries: {regions}.",
                              regions=self.counted([(region_name(c.key, self.tr), c.count) for c in f.by_region])))
        return out

    def subregions(self) -> str:
        if not self.f.by_subregion:
            return ""
        return self._("By subregion: {subregions} (figure {figure}).", figure=self.figure("subregions"),
                      subregions=self.counted([(subregion_name(c.key, self.tr), c.count) for c in self.f.by_subregion]))

    # -- IV. funding --------------------------------------------------------------------------------------
    def funding(self) -> list[str]:
        f = self.f
        if not f.money:
            return [self._("No activity took place in {year}, and no funding is recorded for it.", year=self.year)]
        return [self._("Activities budgeted in {currency}: {activities}; their budgets total {budget} ({with_budget} "
                       "activities give one) and their costs recorded to date {cost} ({with_cost} activities).",
                       currency=m.currency, activities=self.n(m.activities), budget=self.tr.money(m.budget, m.currency),
                       with_budget=self.n(m.with_budget), cost=self.tr.money(m.cost, m.currency),
                       with_cost=self.n(m.with_cost)) for m in f.money]

    def funders(self) -> str:
        f = self.f
        if not f.by_funder:
            return ""
        top = f.by_funder[:TOP]
        return self._("The funding organisations of the largest budgets: {funders} (figure {figure}).",
                      funders=self.join([self._(LABEL_COUNT, label=x.name, count=self.tr.money(x.budget, x.currency))
                                         for x in top]), figure=self.figure("funders"))

    def funders_table(self) -> tuple[str, list[str], list[list[str]], list[float]]:
        _ = self._
        header = [_("Funding organisation"), _("Activities"), _("Budget of those activities")]
        rows = [[f"{x.full_name} ({x.name})" if x.full_name != x.name else x.name, self.n(x.activities),
                 self.tr.money(x.budget, x.currency)] for x in self.f.by_funder]
        return (_("Funding organisations of the activities of {year}", year=self.year), header, rows, [4, 1, 2])

    # -- V. results and assessments ---------------------------------------------------------------------
    def results(self) -> str:
        f = self.f
        if not f.activities:
            return ""
        return self._("Activities with their results recorded: {with_results} of {activities}.",
                      with_results=self.n(f.with_results), activities=self.n(f.activities))

    def trained(self) -> str:
        f = self.f
        if not f.trained:
            return self._("No participant trained is recorded for the year.")
        params = dict(trained=self.n(f.trained), women=self.n(f.trained_women), share=self.share(),
                      men=self.n(f.trained_men), other=self.n(f.trained_other), figure=self.figure("trained"))
        if not f.trained_other:
            return self._("Participants trained: {trained}, of whom {women} women ({share}) and {men} men "
                          "(figure {figure}).", **params)
        return self._("Participants trained: {trained}, of whom {women} women ({share}), {men} men and {other} "
                      "others (figure {figure}).", **params)

    def assessed(self) -> str:
        f = self.f
        text = self.tr.ngettext("The recipient Governments assessed the results of {n} activity of the year "
                                "(Bali Strategic Plan, paragraphs 24 (a) and 25).",
                                "The recipient Governments assessed the results of {n} activities of the year "
                                "(Bali Strategic Plan, paragraphs 24 (a) and 25).", f.with_assessment)
        if f.assessments:
            text = self.sentences([text, self.tr.ngettext("The most recent assessment:",
                                                          "The {n} most recent assessments:", len(f.assessments))])
        return text

    def quotes(self) -> list[str]:
        out = []
        for q in self.f.assessments:
            country = country_name(q.country, q.country_name, self.tr) if q.country else ""
            source = self.join([x for x in (country, f"{q.activity.identifier} {q.activity.title_in(self.tr.lang)}",
                                            self.date(q.on)) if x])
            out.append(self._("“{text}” ({source})", text=q.text, source=source))
        return out

    # -- VI. gaps, successes, shortfalls ------------------------------------------------------------------
    def gaps(self) -> list[str]:
        f = self.f
        if not f.received:
            return [self._("No request was received in {year}.", year=self.year)]
        if not f.gaps:
            return [self._("Every request received in {year} has an activity linked to answer it, or was withdrawn.",
                           year=self.year)]
        out = [self.tr.ngettext("{n} of the requests received in {year} has no activity linked to answer it "
                                "(withdrawn requests aside).",
                                "{n} of the requests received in {year} have no activity linked to answer them "
                                "(withdrawn requests aside).", f.gaps, year=self.year)]
        if f.gaps_by_area:
            out.append(self._("By area of the Bali Strategic Plan: {areas} (figure {figure}).",
                              areas=self.areas(f.gaps_by_area, top=None), figure=self.figure("request_areas")))
        return out

    def uncovered(self) -> str:
        missing = self.f.thematic_without_activity
        if not missing:
            return ""
        return self._("No activity of the year addressed these thematic areas: {areas}.",
                      areas=self.join([area_label(code, self.f.areas, self.tr) for code in missing]))

    def successes(self) -> str:
        f = self.f
        if not (f.answered or f.with_results or f.with_assessment):
            return ""
        return self._("Requests answered in the year: {answered}; activities with results recorded: {results}; "
                      "activities whose results the recipient Government assessed: {assessed}.",
                      answered=self.n(f.answered), results=self.n(f.with_results), assessed=self.n(f.with_assessment))

    def shortfalls(self) -> str:
        f = self.f
        if not (f.declined or f.withdrawn or f.open_requests):
            return ""
        oldest = f.open_requests[0].received_on if f.open_requests else None
        text = self._("Requests declined in the year: {declined}; withdrawn: {withdrawn}; open at the end of the "
                      "year: {open}.", declined=self.n(f.declined), withdrawn=self.n(f.withdrawn),
                      open=self.n(f.open_at_end))
        if oldest is not None:
            text = self.sentences([text, self._("The oldest open request was received on {date}.",
                                                date=self.tr.date(oldest))])
        return text
