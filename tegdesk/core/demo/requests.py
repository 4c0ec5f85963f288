"""Requests for technical assistance: received from members, each with its dated history of
statuses, BSP codes, and the activity or expert that answered it."""

from __future__ import annotations

import datetime as dt

from tegdesk.core.demo.base import _BuilderBase
from tegdesk.core.demo.constants import SECRETARIAT
from tegdesk.core.demo.members import _MEMBERS, _NOT_RECIPIENTS
from tegdesk.core.demo.names import _with_article
from tegdesk.core.models import (
    AssistanceRequest,
    RequestActivity,
    RequestBspCode,
    RequestEvent,
    RequestExpert,
    RequestStatus,
)

_REQUEST_SUBJECTS: list[tuple[str, list[str]]] = [
    ("Technical support for the first biennial transparency report under the Paris Agreement", ["TA02", "CC04"]),
    ("Assistance in updating the national greenhouse gas inventory", ["TA02", "CC08"]),
    ("Advice on a national air quality monitoring network", ["TA09", "CC08"]),
    ("Training on e-waste collection and recycling", ["TA08"]),
    ("Review of the draft law on environmental impact assessment", ["CC02"]),
    ("Support for the national mercury inventory", ["TA07", "CC04"]),
    ("Capacity-building on integrated water resources management", ["TA04"]),
    ("Expert advice on coastal erosion and marine spatial planning", ["TA06"]),
    ("Support to establish an environmental statistics unit", ["CC08", "CC01"]),
    ("Training of customs officers on trade in ozone-depleting substances", ["TA11", "CC04"]),
    ("Assistance with the national biodiversity strategy and action plan", ["TA01", "CC04"]),
    ("Technical assistance for a feasibility study of solar mini-grids", ["TA12", "CC10"]),
    ("Advice on gender mainstreaming in the climate change policy", ["CC13", "TA02"]),
    ("Support for a national plastics roadmap", ["TA09", "TA08", "CC12"]),
    ("Training on environmental emergency preparedness for industrial accidents", ["TA14"]),
]
#: Channel codes of tegdesk.core.request_rules.CHANNELS ("meeting": made at a meeting of the Expert Group).
_CHANNELS = ["note verbale", "note verbale", "letter", "email", "meeting"]
_SUBREGIONAL_OFFICES = {
    "East and North-East Asia": "ESCAP Subregional Office for East and North-East Asia",
    "South-East Asia": "ESCAP Subregional Office for South-East Asia",
    "South and South-West Asia": "ESCAP Subregional Office for South and South-West Asia",
    "North and Central Asia": "ESCAP Subregional Office for North and Central Asia",
    "Pacific": "ESCAP Subregional Office for the Pacific",
}
#: How many requests end (or, for open ones, stand) in each status: every status appears.
_REQUEST_STATUSES = ([RequestStatus.RECEIVED] * 4 + [RequestStatus.ASSIGNED] * 4 + [RequestStatus.IN_PROGRESS] * 6
                     + [RequestStatus.ANSWERED] * 10 + [RequestStatus.DECLINED] * 3 + [RequestStatus.WITHDRAWN] * 3)
_CLOSED = {RequestStatus.ANSWERED, RequestStatus.DECLINED, RequestStatus.WITHDRAWN}


class _RequestsBuilder(_BuilderBase):
    def requests(self) -> None:
        rng, today = self.rng, self.today
        pool = [m for m in self.members.values() if m.iso2 not in _NOT_RECIPIENTS]
        statuses = list(_REQUEST_STATUSES)
        rng.shuffle(statuses)
        drafts = []
        for final in statuses:
            events = self.request_history(final)
            total = events[-1][1]
            if final in _CLOSED:
                latest = today - dt.timedelta(days=10 + total)
                received = self._date_between(min(latest, dt.date(2023, 1, 16)), latest)
            else:
                received = today - dt.timedelta(days=total + rng.randint(1, 45))
            drafts.append((received, final, events))
        drafts.sort(key=lambda d: d[0])
        per_year: dict[int, int] = {}
        national = [(a, ms, codes) for a, ms, codes in self.activity_list if len(ms) == 1]
        for received, final, events in drafts:
            member = rng.choice(pool)
            subject, codes = rng.choice(_REQUEST_SUBJECTS)
            per_year[received.year] = per_year.get(received.year, 0) + 1
            ministry = _MEMBERS[member.iso2][2] if member.iso2 in _MEMBERS else "Ministry of Environment"
            focal = SECRETARIAT if rng.random() < 0.4 else _SUBREGIONAL_OFFICES.get(member.subregion, SECRETARIAT)
            last_event = received + dt.timedelta(days=events[-1][1])
            request = AssistanceRequest(
                reference=f"TA/{received.year}/{per_year[received.year]:03d}", member_id=member.id,
                requesting_body=ministry, received_on=received, channel=rng.choice(_CHANNELS), subject=subject,
                focal_point=focal, status=final, closed_on=last_event if final in _CLOSED else None)
            self._add(request)
            for status, offset, note in events:
                note = note.format(focal=focal, member=_with_article(member.name_en))
                self._add(RequestEvent(request_id=request.id, status=status,
                                       on=received + dt.timedelta(days=offset), note=note))
            for code in codes:
                self._add(RequestBspCode(request_id=request.id, code=code))
            reached = {status for status, _o, _n in events}
            linked = False
            if RequestStatus.IN_PROGRESS in reached and final != RequestStatus.WITHDRAWN:
                candidates = [a for a, ms, _c in national if ms[0].id == member.id and a.planned_start
                              and a.planned_start >= received]
                if candidates:
                    self._add(RequestActivity(request_id=request.id, activity_id=candidates[0].id))
                    linked = True
            serving = {t.expert_id for t in self.serving_on(received)}
            experts = [e for e in self.experts if e.id in serving and set(e.areas) & set(codes)] or \
                [e for e in self.experts if e.id in serving]
            if RequestStatus.ASSIGNED in reached and rng.random() < 0.6:
                if experts:
                    self._add(RequestExpert(request_id=request.id, expert_id=rng.choice(experts).id))
                    linked = True
            if final == RequestStatus.ANSWERED and not linked and experts:
                # an answered request names what answered it (tegdesk.core.request_rules.check_answer_links)
                first = min(experts, key=lambda e: (e.family_name, e.given_names))
                self._add(RequestExpert(request_id=request.id, expert_id=first.id))

    def request_history(self, final: str) -> list[tuple[str, int, str]]:
        """The dated events (status, days after receipt, note) leading to ``final``."""
        rng = self.rng
        events = [(RequestStatus.RECEIVED, 0, "Request received from {member}.")]
        day = 0

        def step(status: str, lo: int, hi: int, note: str) -> None:
            nonlocal day
            day += rng.randint(lo, hi)
            events.append((status, day, note))

        if final == RequestStatus.RECEIVED:
            return events
        if final == RequestStatus.DECLINED:
            if rng.random() < 0.5:
                step(RequestStatus.ASSIGNED, 3, 15, "Assigned to the {focal}.")
            step(RequestStatus.DECLINED, 10, 40, rng.choice([
                "Declined: outside the scope of the Bali Strategic Plan; the Government was referred to UNEP.",
                "Declined: no resources available in the current biennium; to be reconsidered next year."]))
            return events
        if final == RequestStatus.WITHDRAWN:
            reach = rng.choice([0, 1, 2])
            if reach >= 1:
                step(RequestStatus.ASSIGNED, 3, 15, "Assigned to the {focal}.")
            if reach >= 2:
                step(RequestStatus.IN_PROGRESS, 7, 40, "Scoping mission agreed with the requesting ministry.")
            step(RequestStatus.WITHDRAWN, 10, 60,
                 "Withdrawn by the requesting Government: the need is met by a bilateral project.")
            return events
        step(RequestStatus.ASSIGNED, 3, 15, "Assigned to the {focal}.")
        if final == RequestStatus.ASSIGNED:
            return events
        step(RequestStatus.IN_PROGRESS, 7, 40, "Work started; an expert mission is being prepared.")
        if final == RequestStatus.IN_PROGRESS:
            return events
        step(RequestStatus.ANSWERED, 30, 160, "Assistance delivered; final report sent to the requesting ministry.")
        return events
