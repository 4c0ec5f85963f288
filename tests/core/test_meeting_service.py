"""Meetings through the service: create, update, refuse bad input, find, status, list, warnings."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import func, select

from tegdesk.core.errors import UserError
from tegdesk.core.i18n import translator
from tegdesk.core.models import Meeting, MeetingMode, MeetingStatus
from tegdesk.core.services import meeting_base
from tegdesk.core.services.meetings import MeetingData, MeetingService

D = dt.date


@pytest.fixture
def svc(store, monkeypatch):
    monkeypatch.setattr(meeting_base, "today", lambda: D(2024, 12, 1))
    return MeetingService(store)


def data(**changes) -> MeetingData:
    values = dict(title="First meeting of the TEG", start_date=D(2024, 3, 12), end_date=D(2024, 3, 13),
                  venue="United Nations Conference Centre, Bangkok", nominations_called_on=D(2024, 2, 20))
    values.update(changes)
    return MeetingData(**values)


def fields_of(outcome) -> set[str]:
    return {v.field for v in outcome.errors}


def count(store) -> int:
    with store.reader() as s:
        return s.exec(select(func.count()).select_from(Meeting)).one()


def test_create_find_get_and_list(svc, store):
    assert svc.next_number() == 1
    first = svc.save_meeting(data(translations={"zh": {"title": "技术专家组第一次会议", "venue": " "}},
                                  reference=" ED/TEG/1 ", languages=["en", "zh", "en"]))
    assert first.saved and first.record.number == 1
    assert first.record.translations == {"zh": {"title": "技术专家组第一次会议"}}
    assert first.record.reference == "ED/TEG/1" and first.record.languages == ["en", "zh"]
    second = svc.save_meeting(data(title="Second", start_date=D(2024, 6, 4), end_date=None, mode=MeetingMode.ONLINE,
                                   venue=None, nominations_called_on=None))
    assert second.saved and second.record.number == 2 and second.record.end_date == D(2024, 6, 4)
    for ref in ("TEG:2", "teg 2", "TEG2", "2", " 2 "):
        assert svc.find(ref).id == second.record.id
    for ref in ("TEG:3", "CED:2", "two", ""):
        with pytest.raises(UserError) as info:
            svc.find(ref)
        assert "There is no meeting" in info.value.text(translator("en"))
    assert svc.get(first.record.id).title == "First meeting of the TEG"
    rows = svc.meetings()
    assert [(r.label, r.n_items, r.mode) for r in rows] == [("TEG 1", 0, "in_person"), ("TEG 2", 0, "online")]
    # The first meeting has no election on its empty agenda (R5); the second is within three months.
    assert [v.rule for v in rows[0].warnings] == ["R5"] and rows[1].warnings == []
    assert svc.suggested_title(2) == ("Second meeting of the Technical Expert Group on Environment and "
                                      "Development")


def test_refusals_write_nothing(svc, store):
    cases = [
        (data(start_date=None), "start_date"),
        (data(end_date=D(2024, 3, 11)), "end_date"),
        (data(title="  "), "title"),
        (data(number=0), "number"),
        (data(venue=""), "venue"),
        (data(mode=MeetingMode.HYBRID, venue=None), "venue"),
        (data(mode="on the moon"), "mode"),
        (data(languages=[]), "languages"),
        (data(languages=["en", "de"]), "languages"),
        (data(status="postponed"), "status"),
        (data(registration_deadline=D(2024, 3, 12)), "registration_deadline"),
        (data(nomination_deadline=D(2024, 3, 20)), "nomination_deadline"),
        (data(nominations_called_on=D(2024, 3, 12)), "nominations_called_on"),
        (data(nomination_deadline=D(2024, 2, 19)), "nomination_deadline"),
        (data(translations={"xx": {"title": "?"}}), "translations"),
        (data(status=MeetingStatus.HELD, start_date=D(2025, 1, 1), end_date=None), "status"),
    ]
    for bad, field in cases:
        outcome = svc.save_meeting(bad)
        assert not outcome.ok and not outcome.saved and field in fields_of(outcome), (field, outcome.violations)
        assert all(v.text(translator("zh")) for v in outcome.violations)
    assert count(store) == 0
    # Deadlines the day before are fine; an online meeting needs no venue.
    ok = svc.save_meeting(data(registration_deadline=D(2024, 3, 11), nomination_deadline=D(2024, 3, 11),
                               mode=MeetingMode.ONLINE, venue=None), save=False)
    assert ok.ok and not ok.saved and count(store) == 0


def test_numbers_unique_and_meetings_in_number_order(svc, store):
    svc.save_meeting(data())
    duplicate = svc.save_meeting(data(number=1, start_date=D(2024, 5, 1), end_date=None))
    assert "number" in fields_of(duplicate) and "TEG 1 already exists" in duplicate.errors[0].text(translator("en"))
    overlapping = svc.save_meeting(data(start_date=D(2024, 3, 13), end_date=D(2024, 3, 14)))
    assert "start_date" in fields_of(overlapping)
    before = svc.save_meeting(data(number=5, start_date=D(2024, 1, 10), end_date=None))
    assert "start_date" in fields_of(before)
    later = svc.save_meeting(data(number=3, start_date=D(2024, 5, 1), end_date=None)).record
    earlier = svc.save_meeting(data(number=2, start_date=D(2024, 5, 1), end_date=None))
    assert "end_date" in fields_of(earlier)
    assert svc.next_number() == 4 and later.number == 3


def test_update_status_and_cancelled_never_held(svc, store):
    meeting = svc.save_meeting(data()).record
    changed = MeetingData.from_meeting(meeting)
    changed.title = "Renamed"
    checked = svc.save_meeting(changed, meeting_id=meeting.id, save=False)
    assert checked.ok and not checked.saved and svc.get(meeting.id).title == "First meeting of the TEG"
    assert svc.save_meeting(changed, meeting_id=meeting.id).saved and svc.get(meeting.id).title == "Renamed"
    assert svc.set_status(meeting.id, MeetingStatus.NOTICE_ISSUED).saved
    assert svc.set_status(meeting.id, MeetingStatus.CANCELLED).saved
    refused = svc.set_status(meeting.id, MeetingStatus.HELD)
    assert not refused.ok and "cannot become held" in refused.errors[0].text(translator("en"))
    assert svc.get(meeting.id).status == MeetingStatus.CANCELLED
    assert svc.set_status(meeting.id, MeetingStatus.PLANNED).saved  # reinstated, then held
    assert svc.set_status(meeting.id, MeetingStatus.HELD).saved
    assert not svc.set_status(meeting.id, "adjourned").ok
    with pytest.raises(UserError):
        svc.get(meeting.id.__class__(int=0))


def test_save_reports_warnings_but_saves(svc):
    first = svc.save_meeting(data(nominations_called_on=D(2024, 2, 22)))  # 19 days before: R11
    assert first.saved and sorted(v.rule for v in first.warnings) == ["R11", "R5"]
    svc.start_agenda(first.record.id)
    assert [v.rule for v in svc.warnings(first.record.id)] == ["R11"]
    second = svc.save_meeting(data(title="Second", start_date=D(2024, 6, 14), end_date=None))  # 13 June + 1
    assert second.saved and [v.rule for v in second.warnings] == ["R7"]
    assert [v.rule for v in svc.warnings(second.record.id)] == ["R7"]


def test_unknown_body_is_a_user_error(store):
    with pytest.raises(UserError) as info:
        MeetingService(store, "XYZ")
    assert "no body with the code XYZ" in info.value.text(translator("en"))
