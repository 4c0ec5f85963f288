"""Roster import: all or nothing, row-level errors, the same rules as the forms."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlmodel import func, select

from tegdesk.core.i18n import translator
from tegdesk.core.interchange.roster_import import ROSTER_COLUMNS, ImportFailed, import_roster
from tegdesk.core.models import AuditEntry, Expert, Term
from tegdesk.core.services.roster import RosterService

EN = translator("en")


def _write_csv(path: Path, rows: list[dict], columns=ROSTER_COLUMNS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=columns)
        w.writeheader()
        for r in rows:
            w.writerow(r)
    return path


def _write_xlsx(path: Path, rows: list[dict]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(ROSTER_COLUMNS)
    for r in rows:
        ws.append([r.get(c) for c in ROSTER_COLUMNS])
    wb.save(path)
    return path


def _counts(store):
    with store.session() as s:
        return (s.exec(select(func.count()).select_from(Expert)).one(),
                s.exec(select(func.count()).select_from(Term)).one(),
                s.exec(select(func.count()).select_from(AuditEntry)).one())


GOOD = [
    {"member": "CN", "family_name": "王", "given_names": "小明", "honorific": "Mr.", "organization": "生态环境部",
     "email": "wang@example.cn", "gender": "male", "term_start": "2023-03-01", "areas": "TA02;CC07"},
    {"member": "CN", "family_name": "王", "given_names": "小明", "term_start": "2026-03-01"},  # his second term
    {"member": "RUS", "family_name": "Иванов", "given_names": "Пётр", "term_start": "2024-01-15"},
    {"member": "Türkiye", "family_name": "O'Brien <&>", "given_names": "Ayşe", "term_start": "2024-02-01",
     "term_end": "2026-12-31"},
]


def test_csv_import_writes_terms_history_and_audit(store, tmp_path):
    before = _counts(store)
    summary = import_roster(store, _write_csv(tmp_path / "r.csv", GOOD))
    assert (summary.experts_added, summary.terms_added) == (3, 4)
    assert summary.backup is not None and summary.backup.exists()
    experts, terms, audit = _counts(store)
    assert (experts - before[0], terms - before[1]) == (3, 4)
    assert audit - before[2] == 7  # every record written is audited
    rows = RosterService(store).rows(dt.date(2026, 6, 1))
    wang = sorted((r for r in rows if r.family_name == "王"), key=lambda r: r.start_date)
    assert [(r.term_number, r.end_date) for r in wang] == [(1, dt.date(2026, 2, 28)), (2, dt.date(2029, 2, 28))]
    assert {r.expert_id for r in wang} == {wang[0].expert_id}  # one person, two terms
    obrien = next(r for r in rows if r.given_names == "Ayşe")
    assert obrien.member == "Türkiye" and obrien.end_date == dt.date(2026, 12, 31)


def test_xlsx_import_with_real_dates(store, tmp_path):
    rows = [dict(GOOD[2], term_start=dt.date(2024, 1, 15))]
    summary = import_roster(store, _write_xlsx(tmp_path / "r.xlsx", rows))
    assert summary.terms_added == 1


def test_one_bad_row_aborts_everything_with_row_and_column(store, tmp_path):
    before = _counts(store)
    rows = GOOD + [
        {"member": "XX", "family_name": "Nobody", "term_start": "2024-01-01"},
        {"member": "JP", "family_name": "", "term_start": "2024-13-01", "email": "not-an-email", "areas": "TA99"},
    ]
    with pytest.raises(ImportFailed) as info:
        import_roster(store, _write_csv(tmp_path / "bad.csv", rows))
    found = {(e.row, e.column) for e in info.value.errors}
    assert {(6, "member"), (7, "family_name"), (7, "term_start"), (7, "email"), (7, "areas")} <= found
    assert "Row 6, column member: XX is not a member" in "\n".join(info.value.report(EN))
    assert _counts(store) == before


def test_rule_violations_abort_the_import(store, tmp_path):
    before = _counts(store)
    rows = [
        {"member": "FJ", "family_name": "A", "term_start": "2024-01-01"},
        {"member": "FJ", "family_name": "B", "term_start": "2024-01-01"},
        {"member": "FJ", "family_name": "C", "term_start": "2025-01-01"},  # a third serving: R1
        {"member": "WS", "family_name": "D", "term_start": "2023-01-01"},
        {"member": "WS", "family_name": "D", "term_start": "2026-01-01"},
        {"member": "WS", "family_name": "D", "term_start": "2029-01-01"},  # a third consecutive term: R3
    ]
    with pytest.raises(ImportFailed) as info:
        import_roster(store, _write_csv(tmp_path / "rules.csv", rows))
    assert [(e.row, e.violation.rule) for e in info.value.errors] == [(4, "R1"), (7, "R3")]
    assert _counts(store) == before


def test_import_sees_the_database(store, tmp_path):
    import_roster(store, _write_csv(tmp_path / "a.csv", GOOD[2:3]))
    again = [{"member": "RU", "family_name": "Petrova", "term_start": "2024-01-01"},
             {"member": "RU", "family_name": "Sidorov", "term_start": "2024-06-01"}]
    with pytest.raises(ImportFailed) as info:
        import_roster(store, _write_csv(tmp_path / "b.csv", again))
    assert [e.violation.rule for e in info.value.errors] == ["R1"]


def test_history_must_be_oldest_first(store, tmp_path):
    rows = [GOOD[1], GOOD[0]]
    with pytest.raises(ImportFailed) as info:
        import_roster(store, _write_csv(tmp_path / "order.csv", rows))
    assert info.value.errors[0].row == 3 and "oldest first" in info.value.errors[0].text(EN)


def test_missing_and_unknown_columns(store, tmp_path):
    with pytest.raises(ImportFailed) as info:
        import_roster(store, _write_csv(tmp_path / "cols.csv", [{"member": "CN", "nickname": "x"}],
                                        columns=["member", "nickname"]))
    columns = {e.column for e in info.value.errors}
    assert {"family_name", "term_start"} <= columns


def test_ten_thousand_rows_import_fully_or_not_at_all(store, tmp_path):
    """A body with no member limit, 10,000 experts: all imported; one bad row: none."""
    from tegdesk.core.models import Body, TorVersion
    with store.session() as s:
        body = Body(code="NET", name_en="Expert network", symbol_prefix="NET")
        s.add(body)
        s.add(TorVersion(body_id=body.id, version=1, effective_date=dt.date(2020, 1, 1), experts_per_member=None))
    codes = ["CN", "IN", "RU", "JP", "TH", "FJ", "KZ", "IR"]
    rows = [{"member": codes[i % len(codes)], "family_name": f"Expert{i}", "given_names": "Ann",
             "term_start": f"202{i % 4}-0{1 + i % 9}-1{i % 10}"} for i in range(10_000)]
    bad = rows[:9_999] + [{"member": "CN", "family_name": "Late", "term_start": "someday"}]
    before = _counts(store)
    with pytest.raises(ImportFailed) as info:
        import_roster(store, _write_csv(tmp_path / "bad.csv", bad), body_code="NET")
    assert [e.row for e in info.value.errors] == [10_001]
    assert _counts(store) == before
    summary = import_roster(store, _write_csv(tmp_path / "big.csv", rows), body_code="NET")
    assert summary.terms_added == 10_000
    assert _counts(store)[1] - before[1] == 10_000


def test_not_a_roster_file(store, tmp_path):
    from tegdesk.core.errors import UserError
    (tmp_path / "x.txt").write_text("hello")
    with pytest.raises(UserError, match="must be .csv or .xlsx"):
        import_roster(store, tmp_path / "x.txt")
    (tmp_path / "latin1.csv").write_bytes("member,family_name,term_start\nTR,G\xfcl,2024-01-01\n".encode("latin-1"))
    with pytest.raises(UserError, match="not UTF-8"):
        import_roster(store, tmp_path / "latin1.csv")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_export_with_its_informative_columns_imports_again(store, tmp_path, suffix):
    from tegdesk.core.interchange.roster_export import export_roster
    from tegdesk.core.store import open_store

    import_roster(store, _write_csv(tmp_path / "r.csv", GOOD))
    out = tmp_path / f"roster{suffix}"
    export_roster(store, out, lang="en", as_of=dt.date(2026, 6, 1), include_past=True, with_contacts=True)
    other = open_store(tmp_path / "other.sqlite3")
    summary = import_roster(other, out)
    assert (summary.experts_added, summary.terms_added) == (3, 4)
    before = {(r.family_name, r.start_date, r.end_date, r.term_number, r.email)
              for r in RosterService(store).rows(dt.date(2026, 6, 1))}
    after = {(r.family_name, r.start_date, r.end_date, r.term_number, r.email)
             for r in RosterService(other).rows(dt.date(2026, 6, 1))}
    assert after == before
    other.close()
