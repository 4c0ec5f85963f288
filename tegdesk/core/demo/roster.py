"""The roster, simulated seat by seat from the first meeting to ``today``: experts, their
terms (renewed, withdrawn, replaced) and the Chair and Vice-Chair elected at the first meeting."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tegdesk.core.demo.activities import _CROSS_CUTTING
from tegdesk.core.demo.base import _BuilderBase
from tegdesk.core.demo.constants import NOMINATIONS_CALLED, ONE_DAY, TEG1_START
from tegdesk.core.demo.members import _MEMBERS
from tegdesk.core.demo.names import (
    _ACADEMIC_TITLES,
    _CULTURES,
    _MINISTRY_TITLES,
    _initials,
    _slug,
    invented_name,
)
from tegdesk.core.models import Expert, MemberState, OfficeHolding, Term, TermStatus
from tegdesk.core.rules import term_end_for


@dataclass
class _Seat:
    member: MemberState
    first_start: dt.date
    keep: bool = False  # an officer's seat: renewed, never withdrawn


class _RosterBuilder(_BuilderBase):
    def new_expert(self, member: MemberState) -> Expert:
        culture_key, _seats, ministry, institute, phone_code = _MEMBERS[member.iso2]
        culture = _CULTURES[culture_key]
        rng = self.rng
        for _attempt in range(50):
            female, family, family_native, given, given_native = invented_name(culture, rng)
            if (family, given) not in self.used_names:
                break
        self.used_names.add((family, given))
        notes = ""
        if culture.get("label") and family_native and given_native:
            order = culture["order"]
            native = {"fg": family_native + given_native, "g f": f"{given_native} {family_native}",
                      "f g": f"{family_native} {given_native}"}[order]
            notes = f"Name in {culture['label']}: {native}"
        academic = institute is not None and rng.random() < 0.25
        organization = institute if academic else ministry
        honorific = "Dr." if (academic and rng.random() < 0.8) or rng.random() < 0.15 else ("Ms." if female else "Mr.")
        title = rng.choice(_ACADEMIC_TITLES if academic else _MINISTRY_TITLES)
        local = ".".join(_slug(part) for part in (given, family) if part)
        email = f"{local}@{_initials(organization)}.{member.iso2.lower()}.example"
        phone = f"+{phone_code} {rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
        areas = sorted(set(rng.sample(self.thematic, rng.randint(1, 2))
                           + ([rng.choice(_CROSS_CUTTING)] if rng.random() < 0.5 else [])))
        expert = Expert(family_name=family, given_names=given, honorific=honorific, title=title,
                        organization=organization, email=email, phone=phone,
                        gender="female" if female else "male", areas=areas, notes=notes)
        self.experts.append(expert)
        self.expert_member[expert.id] = member
        self._add(expert)
        return expert

    def new_term(self, expert: Expert, member: MemberState, start: dt.date, number: int, *,
                 extends: Term | None = None, replaces: Term | None = None) -> Term:
        nominated = max(NOMINATIONS_CALLED, start - dt.timedelta(days=self.rng.randint(14, 45)))
        if start == TEG1_START:
            nominated = self._date_between(NOMINATIONS_CALLED, TEG1_START - dt.timedelta(days=7))
        seq = sum(1 for t in self.terms if t.member_id == member.id) + 1
        term = Term(expert_id=expert.id, body_id=self.teg.id, member_id=member.id, tor_version_id=self.tor.id,
                    start_date=start, end_date=term_end_for(start, self.tor.term_years), term_number=number,
                    status=TermStatus.SERVING, nomination_ref=f"{member.iso3}/NV/{nominated.year}/{seq:03d}",
                    nomination_date=nominated, extends_term_id=extends.id if extends else None,
                    replaces_term_id=replaces.id if replaces else None)
        self.terms.append(term)
        self._add(term)
        return term

    def roster(self) -> None:
        rng = self.rng
        seats: list[_Seat] = []
        late = [dt.date(2023, 6, 1), dt.date(2023, 9, 15), dt.date(2024, 1, 15), dt.date(2024, 5, 1),
                dt.date(2024, 10, 1), dt.date(2025, 2, 1), dt.date(2025, 7, 1)]
        for iso2, (_culture, count, *_rest) in _MEMBERS.items():
            for n in range(count):
                # Most seats were filled for the first meeting; some second seats and some members later.
                first = TEG1_START if (n == 0 and rng.random() < 0.85) or (n == 1 and rng.random() < 0.5) \
                    else rng.choice(late)
                seats.append(_Seat(self.members[iso2], first))
        # Chair and Vice-Chair (R5): experts of two different members, serving at the first meeting.
        at_first = [s for s in seats if s.first_start == TEG1_START]
        chair_seat = rng.choice([s for s in at_first if s.member.iso2 in {"TH", "FJ", "IN", "ID", "MN", "PH"}])
        vice_seat = rng.choice([s for s in at_first if s.member.iso2 != chair_seat.member.iso2])
        chair_seat.keep = vice_seat.keep = True
        self.officer_seats = (chair_seat, vice_seat)
        self.seat_first_expert: dict[int, Expert] = {}
        for seat in seats:
            self.seat_first_expert[id(seat)] = self.fill_seat(seat)
        assert max(t.term_number for t in self.terms) <= self.tor.max_consecutive_terms

    def fill_seat(self, seat: _Seat) -> Expert:
        """The terms of one seat, from its first nomination to today; returns its first expert."""
        rng, today, member = self.rng, self.today, seat.member
        start = seat.first_start
        first = expert = self.new_expert(member)
        number, previous, replaced = 1, None, None
        while start <= today:
            if expert is None:  # the member nominates someone new
                expert = self.new_expert(member)
            term = self.new_term(expert, member, start, number,
                                 extends=previous if number > 1 else None, replaces=replaced)
            replaced = None
            # Withdrawn during the term: mostly replaced at once, sometimes the seat stays empty for a while.
            if not seat.keep and rng.random() < 0.08:
                last = start + dt.timedelta(days=rng.randint(150, 900))
                if last < min(today, term.end_date):
                    term.ended_on = last
                    if rng.random() < 0.75:
                        term.status = TermStatus.REPLACED
                        start, replaced = last + ONE_DAY, term
                    else:
                        term.status = TermStatus.WITHDRAWN
                        start = last + dt.timedelta(days=rng.randint(60, 200))
                    expert, number, previous = None, 1, None
                    continue
            if term.end_date >= today:
                break  # serving
            term.status = TermStatus.ENDED
            roll = rng.random()
            if number < self.tor.max_consecutive_terms and (seat.keep or roll < 0.7):
                start, number, previous = term.end_date + ONE_DAY, number + 1, term  # a consecutive term
            elif roll < 0.96:
                start = term.end_date + dt.timedelta(days=1 if rng.random() < 0.6 else rng.randint(20, 90))
                expert, number, previous = None, 1, None
            else:
                break  # the member has not nominated anyone since
        return first

    def bureau(self) -> None:
        start = TEG1_START
        end = term_end_for(start, self.tor.office_term_years)
        self.officers: list[OfficeHolding] = []
        for office, seat in zip(("chair", "vice_chair"), self.officer_seats, strict=True):
            holding = OfficeHolding(body_id=self.teg.id, office=office, expert_id=self.seat_first_expert[id(seat)].id,
                                    elected_at_meeting_id=self.teg1.id, tor_version_id=self.tor.id,
                                    start_date=start, end_date=end)
            self.officers.append(holding)
            self._add(holding)
