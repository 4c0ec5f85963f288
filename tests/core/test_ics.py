"""iCalendar export: RFC 5545 structure, escaping, folding at 75 octets (UTF-8 safe), CRLF,
all-day dates with an exclusive end, and a round trip through a tiny parser."""

from __future__ import annotations

import datetime as dt
import io
import re
import uuid

from hypothesis import given
from hypothesis import strategies as st

from tegdesk.core.interchange.ics import escape_text, fold, ics_bytes, write_ics
from tegdesk.core.models import Body, Meeting, MeetingMode, MeetingStatus

STAMP = dt.datetime(2024, 12, 1, 9, 30, tzinfo=dt.timezone.utc)
BODY = Body(code="TEG", name_en="Technical Expert Group on Environment and Development",
            names={"zh": "环境与发展技术专家组"}, symbol_prefix="ESCAP/CED/TEG")


def meeting(**changes) -> Meeting:
    values = dict(id=uuid.UUID("12345678-1234-5678-1234-567812345678"), body_id=uuid.uuid4(), number=2,
                  title="Second meeting of the Technical Expert Group on Environment and Development",
                  start_date=dt.date(2024, 6, 4), end_date=dt.date(2024, 6, 5),
                  venue="United Nations Conference Centre, Bangkok", mode=MeetingMode.HYBRID,
                  status=MeetingStatus.NOTICE_ISSUED, reference="ED/TEG/2/2024",
                  registration_deadline=dt.date(2024, 5, 14), contact="Secretary; teg@un.example",
                  translations={"zh": {"title": "环境与发展技术专家组第二次会议", "venue": "曼谷联合国会议中心"}})
    values.update(changes)
    return Meeting(**values)


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)


def parse(data: bytes) -> list[tuple[str, dict[str, str], str]]:
    """A tiny RFC 5545 reader: unfold, split name;params:value, unescape."""
    assert data.endswith(b"\r\n")
    text = data.decode("utf-8")
    assert "\n" not in text.replace("\r\n", "")  # CRLF only
    unfolded = re.sub(r"\r\n[ \t]", "", text)
    out = []
    for line in unfolded.split("\r\n")[:-1]:
        head, _, value = line.partition(":")
        name, *params = head.split(";")
        out.append((name, dict(p.split("=", 1) for p in params), unescape(value)))
    return out


def props(data: bytes) -> dict[str, str]:
    return {name: value for name, _params, value in parse(data)}


def test_event_round_trips():
    data = ics_bytes(meeting(), BODY, stamp=STAMP)
    lines = parse(data)
    assert [l[0] for l in lines][:6] == ["BEGIN", "VERSION", "PRODID", "CALSCALE", "METHOD", "BEGIN"]
    assert [l[2] for l in lines if l[0] in ("BEGIN", "END")] == ["VCALENDAR", "VEVENT", "VEVENT", "VCALENDAR"]
    p = props(data)
    assert p["UID"] == "12345678-1234-5678-1234-567812345678@tegdesk"
    assert p["DTSTAMP"] == "20241201T093000Z"
    assert p["DTSTART"] == "20240604" and p["DTEND"] == "20240606"  # exclusive end: the day after
    assert [params for name, params, _v in lines if name in ("DTSTART", "DTEND")] == [{"VALUE": "DATE"}] * 2
    assert p["SUMMARY"] == "TEG 2: Second meeting of the Technical Expert Group on Environment and Development"
    assert p["LOCATION"] == "United Nations Conference Centre, Bangkok and online"
    assert p["STATUS"] == "CONFIRMED"
    assert p["DESCRIPTION"].splitlines() == [
        "Technical Expert Group on Environment and Development",
        "Second meeting of the Technical Expert Group on Environment and Development",
        "4–5 June 2024", "Hybrid (in person and online)", "Reference: ED/TEG/2/2024",
        "Deadline for registration: 14 May 2024", "Contact: Secretary; teg@un.example"]


def test_escaping_and_folding_on_the_wire():
    data = ics_bytes(meeting(), BODY, stamp=STAMP)
    raw = data.decode("utf-8")
    assert "LOCATION:United Nations Conference Centre\\, Bangkok and online\r\n" in raw
    assert "Secretary\\; teg@un.example" in raw.replace("\r\n ", "")
    assert "\\n4–5 June 2024\\n" in raw.replace("\r\n ", "")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    assert any(line.startswith(b" ") for line in data.split(b"\r\n"))  # something was folded


def test_chinese_text_folds_without_splitting_characters():
    data = ics_bytes(meeting(title="技" * 60), BODY, lang="zh", stamp=STAMP)
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # every physical line is valid UTF-8 on its own
    p = props(data)
    assert p["SUMMARY"] == "TEG 2: 环境与发展技术专家组第二次会议"  # the meeting's Chinese title
    assert p["LOCATION"].startswith("曼谷联合国会议中心")
    assert p["DESCRIPTION"].splitlines()[0] == "环境与发展技术专家组"
    english = props(ics_bytes(meeting(title="技" * 60, translations={}), BODY, lang="zh", stamp=STAMP))
    assert english["SUMMARY"] == "TEG 2: " + "技" * 60


def test_online_cancelled_and_one_day():
    p = props(ics_bytes(meeting(mode=MeetingMode.ONLINE, venue=None, status=MeetingStatus.CANCELLED,
                                end_date=dt.date(2024, 6, 4)), BODY, stamp=STAMP))
    assert p["LOCATION"] == "Online" and p["STATUS"] == "CANCELLED" and p["DTEND"] == "20240605"
    planned = props(ics_bytes(meeting(status=MeetingStatus.PLANNED, mode=MeetingMode.IN_PERSON), BODY, stamp=STAMP))
    assert planned["STATUS"] == "TENTATIVE" and planned["LOCATION"] == "United Nations Conference Centre, Bangkok"


def test_write_to_path_and_stream(tmp_path):
    path = tmp_path / "teg2.ics"
    write_ics(meeting(), BODY, path, stamp=STAMP)
    stream = io.BytesIO()
    write_ics(meeting(), BODY, stream, stamp=STAMP)
    assert path.read_bytes() == stream.getvalue() == ics_bytes(meeting(), BODY, stamp=STAMP)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"), max_size=300))
def test_any_text_survives_escaping_and_folding(text):
    line = "DESCRIPTION:" + escape_text(text)
    data = fold(line)
    assert all(len(physical) <= 75 for physical in data.split(b"\r\n"))
    [(name, _params, value)] = parse(data)
    assert name == "DESCRIPTION" and value == text.replace("\r", "")
