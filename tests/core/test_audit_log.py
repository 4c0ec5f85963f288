"""Reading the audit trail: readable changes, filters, pages that never skip or repeat, export."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from tegdesk.core.i18n import translator
from tegdesk.core.models import AuditEntry, Expert
from tegdesk.core.services.audit_log import PAGE_SIZE, AuditFilter, AuditLog, change_lines
from tegdesk.core.store.audit import AuditLogIsAppendOnly

EN = translator("en")


def add_expert(store, family: str, given: str = "", **fields) -> Expert:
    with store.session() as s:
        expert = Expert(family_name=family, given_names=given, **fields)
        s.add(expert)
    return expert


def rename(store, expert: Expert, **fields) -> None:
    with store.session() as s:
        record = s.get(Expert, expert.id)
        for name, value in fields.items():
            setattr(record, name, value)


def test_a_change_reads_field_old_new_and_names_the_record(store):
    expert = add_expert(store, "Srisuk", "Malee", organization="Pollution Control Department")
    rename(store, expert, organization="Ministry of Natural Resources", title="Director")
    newest, added = AuditLog(store).page(AuditFilter(table="expert"), limit=2)
    assert newest.action == "update" and newest.record == "Malee Srisuk"
    assert sorted(newest.change_lines()) == [
        "organization: Pollution Control Department → Ministry of Natural Resources", "title: — → Director"]
    assert added.action == "insert"
    assert "family_name: Srisuk" in added.change_lines()
    assert not any(line.startswith("id:") for line in added.change_lines())


def test_values_print_on_one_line():
    lines = change_lines("update", {"notes": ["line one\nline two\x00", None], "areas": [[], ["CC01", "TA05"]]})
    assert lines == ["notes: line one line two → —", "areas: — → CC01; TA05"]


def test_filters_table_user_dates_and_text(store):
    add_expert(store, "王", "小明")
    add_expert(store, "Иванов", "Пётр")
    add_expert(store, "Fifita", "Sione", organization="100% Pacific_Community")
    add_expert(store, "Tanaka", organization="PacificxCommunity")
    log = AuditLog(store)
    everything = log.count()
    assert log.count(AuditFilter(table="expert")) == 4
    assert log.count(AuditFilter(table="expert", user="nobody-else")) == 0
    user = log.page(AuditFilter(table="expert"))[0].user
    assert user in log.users() and log.count(AuditFilter(table="expert", user=user)) == 4
    today = dt.datetime.now(dt.timezone.utc).date()
    assert log.count(AuditFilter(since=today, until=today)) == everything
    assert log.count(AuditFilter(until=today - dt.timedelta(days=1))) == 0
    assert log.count(AuditFilter(since=today + dt.timedelta(days=1))) == 0
    assert [r.record for r in log.page(AuditFilter(text="小明"))] == ["小明 王"]  # stored \u-escaped in JSON
    assert [r.record for r in log.page(AuditFilter(text="Иванов"))] == ["Пётр Иванов"]
    assert [r.record for r in log.page(AuditFilter(text="fifita"))] == ["Sione Fifita"]  # any case
    assert log.count(AuditFilter(text="100% Pacific_")) == 1
    assert log.count(AuditFilter(table="expert", text="%")) == 1  # a wildcard is a literal character
    assert log.count(AuditFilter(table="expert", text="Pacific_Community")) == 1
    assert "expert" in log.tables() and "member_state" in log.tables()


def test_pages_neither_skip_nor_repeat_while_the_log_grows(store):
    with store.session() as s:
        s.add_all(Expert(family_name=f"Expert{i:03d}") for i in range(PAGE_SIZE + 50))
    log = AuditLog(store)
    flt = AuditFilter(table="expert")
    first = log.page(flt)
    assert len(first) == PAGE_SIZE
    add_expert(store, "Newcomer")  # written between two pages: belongs above, not in the next page
    second = log.page(flt, after=first[-1].key)
    assert len(second) == 50
    seen = [r.id for r in first + second]
    assert len(set(seen)) == PAGE_SIZE + 50
    assert [r.at for r in first + second] == sorted((r.at for r in first + second), reverse=True)
    assert log.page(flt)[0].record == "Newcomer"
    assert len(list(log.rows(flt))) == PAGE_SIZE + 51


def test_a_removed_record_keeps_its_name_from_the_entry_that_added_it(store):
    expert = add_expert(store, "Gone", "Soon")
    with store.session() as s:
        s.delete(s.get(Expert, expert.id))
    purge, added = AuditLog(store).page(AuditFilter(table="expert"), limit=2)
    assert purge.action == "purge" and added.record == "Soon Gone"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_writes_every_entry_the_filter_lets_through(store, tmp_path, suffix):
    expert = add_expert(store, "=HYPERLINK(\"http://x\")", "Evil")
    rename(store, expert, organization="ESCAP")
    out = tmp_path / f"audit{suffix}"
    log = AuditLog(store)
    assert log.export(out, EN, AuditFilter(table="expert")) == 2
    if suffix == ".csv":
        with out.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
    else:
        wb = load_workbook(out)
        rows = [[c if c is not None else "" for c in r] for r in wb.active.iter_rows(values_only=True)]
        wb.close()
    assert rows[0] == ["When (UTC)", "User", "Computer", "Table", "Record", "Record ID", "Action", "Changes"]
    assert len(rows) == 3
    assert rows[1][6] == "Changed" and rows[1][7] == "organization: — → ESCAP"
    assert rows[2][6] == "Added" and rows[2][3] == "Experts"
    assert rows[1][4].lstrip("'").startswith("Evil =HYPERLINK")  # text, never a formula
    assert log.export(tmp_path / "all.csv", EN) == log.count()


def test_export_refuses_other_formats(store, tmp_path):
    from tegdesk.core.errors import UserError

    with pytest.raises(UserError):
        AuditLog(store).export(tmp_path / "audit.pdf", EN)


def test_the_trail_cannot_be_edited(store):
    add_expert(store, "Srisuk")
    with pytest.raises(AuditLogIsAppendOnly), store.session() as s:
        entry = s.exec(select(AuditEntry)).first()
        entry.user = "someone else"
    with pytest.raises(AuditLogIsAppendOnly), store.session() as s:
        s.delete(s.exec(select(AuditEntry)).first())


def test_every_table_has_a_name_for_people():
    """The trail never shows a raw table name (request_expert): each audited table is named."""
    from sqlmodel import SQLModel

    from tegdesk.core.i18n import translator
    from tegdesk.core.services.audit_log import table_name

    en, zh = translator("en"), translator("zh")
    for table in SQLModel.metadata.tables:
        if table == "audit_log":
            continue
        assert table_name(en, table) != table and "_" not in table_name(en, table), table
        assert table_name(zh, table) != table_name(en, table), table  # translated
