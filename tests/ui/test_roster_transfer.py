"""Import and export from the roster page: a refused import lists every row error
and writes nothing; a good one says what it added and where the backup is."""

from __future__ import annotations

import datetime as dt
import sys
import types
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog
from sqlmodel import select
from test_roster_support import TODAY, nominate

from tegdesk.core.models import Expert, Term
from tegdesk.ui.tasks import running_tasks


@pytest.fixture
def page(window):
    return window.page("roster")


def choose_file(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))


def trigger_import(page, qtbot) -> None:
    """Import roster…, then wait for the import, which runs off the interface's thread."""
    page.import_action.trigger()
    qtbot.waitUntil(lambda: not running_tasks(), timeout=20_000)


def count(store, model) -> int:
    with store.reader() as s:
        return len(s.exec(select(model)).all())


START = (TODAY - dt.timedelta(days=10)).isoformat()


def test_a_bad_file_shows_every_row_error_and_writes_nothing(page, store, tmp_path, monkeypatch, shown, qtbot):
    bad = tmp_path / "roster.csv"
    bad.write_text(
        "member,family_name,given_names,email,term_start\n"
        f"THA,Srisuk,Malee,malee@pcd.go.th,{START}\n"  # fine
        f"XXX,Nobody,,,{START}\n"  # unknown member
        f"JPN,,Yui,,{START}\n"  # no family name
        "FJI,Naivalu,Jone,not-an-address,2024-13-01\n"  # two problems
        f"THA,Tanaka,Ken,,{START}\n"
        f"THA,Chaiyo,Somchai,,{START}\n",  # Thailand's third expert (R1)
        encoding="utf-8")
    choose_file(monkeypatch, bad)
    trigger_import(page, qtbot)
    dialog = page.dialog
    assert dialog is not None and dialog.objectName() == "import_errors" and dialog.isVisible()
    lines = dialog.lines()
    assert len(lines) == 5, lines
    assert lines[0].startswith("Row 3, column member: XXX is not a member or associate member of ESCAP")
    assert lines[1] == "Row 4, column family_name: The family name is required."
    assert any(line.startswith("Row 5, column term_start:") for line in lines)
    assert any(line.startswith("Row 5, column email: not-an-address is not an e-mail address") for line in lines)
    assert any(line.startswith("Row 7, column member: Thailand may have at most 2 experts") for line in lines)
    assert "5 problems" in dialog.summary.text() and "roster.csv" in dialog.summary.text()
    assert shown == []
    assert count(store, Term) == 0 and count(store, Expert) == 0
    assert page.count_label.text() == "0 of 0 terms"


def test_a_good_file_is_imported_with_counts_and_the_backup(page, store, tmp_path, monkeypatch, shown, qtbot):
    good = tmp_path / "roster.csv"
    good.write_text("member,family_name,given_names,term_start\n"
                    f"THA,Srisuk,Malee,{START}\n"
                    f"JPN,Sato,Yui,{START}\n", encoding="utf-8")
    choose_file(monkeypatch, good)
    trigger_import(page, qtbot)
    assert len(shown) == 1
    kind, title, text, detail = shown[0]
    assert (kind, title) == ("inform", "Roster imported")
    assert text == "2 terms imported from roster.csv, with 2 new experts."
    assert detail.startswith("A copy of the database as it was before the import: ")
    assert Path(detail.split(": ", 1)[1]).is_file()
    assert page.count_label.text() == "2 of 2 terms"


def test_an_unreadable_file_is_a_message(page, tmp_path, monkeypatch, shown, qtbot):
    odd = tmp_path / "roster.txt"
    odd.write_text("hello", encoding="utf-8")
    choose_file(monkeypatch, odd)
    trigger_import(page, qtbot)
    assert [(k, t) for k, t, _text, _d in shown] == [("fail", "Roster not imported")]
    assert "roster.txt" in shown[0][2]


def test_cancelling_the_file_dialog_does_nothing(page, monkeypatch, shown):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    page.import_action.trigger()
    assert shown == []


@pytest.fixture
def exporter(monkeypatch):
    """A stand-in for tegdesk.core.interchange.roster_export that records its calls."""
    calls: list[tuple[str, tuple, dict]] = []
    module = types.ModuleType("tegdesk.core.interchange.roster_export")

    def export_roster(store, out_path, progress=None, **options):
        calls.append(("export_roster", (store, Path(out_path)), options))
        Path(out_path).write_text("roster", encoding="utf-8")
        return Path(out_path)

    def write_template(path, **options):
        calls.append(("write_template", (Path(path),), options))
        Path(path).write_text("template", encoding="utf-8")
        return Path(path)

    module.export_roster = export_roster
    module.write_template = write_template
    monkeypatch.setitem(sys.modules, "tegdesk.core.interchange.roster_export", module)
    import tegdesk.core.interchange as package

    monkeypatch.setattr(package, "roster_export", module, raising=False)
    return calls


def test_export_passes_the_chosen_options(page, store, tmp_path, exporter, shown, qtbot):
    nominate(store, "THA", "Srisuk", "Malee")
    page.reload()
    dialog = page.export_roster()
    assert dialog.objectName() == "export_dialog"
    assert [dialog.language.itemData(i) for i in range(dialog.language.count())][:2] == ["en", "zh"]
    assert dialog.language.itemText(1) == "简体中文"
    assert not dialog.with_contacts.isChecked()  # contacts only when asked for
    out = tmp_path / "out" / "roster.xlsx"
    out.parent.mkdir()
    dialog.path.setText(str(out))
    dialog.language.setCurrentIndex(1)
    dialog.include_past.setChecked(True)
    dialog.try_accept()
    qtbot.waitUntil(lambda: not running_tasks(), timeout=20_000)
    assert exporter == [("export_roster", (store, out),
                         {"lang": "zh", "as_of": page.as_of, "with_contacts": False, "include_past": True})]
    assert shown == [("inform", "Roster exported", f"The roster was written to {out}.", None)]


def test_export_refuses_an_unknown_format_inline(page, tmp_path, exporter):
    dialog = page.export_roster()
    dialog.path.setText(str(tmp_path / "roster.docx"))
    dialog.try_accept()
    assert dialog.isVisible() and "ending in .pdf, .csv or .xlsx" in dialog.problem.text()
    assert exporter == []


def test_blank_template(page, tmp_path, monkeypatch, exporter, shown):
    target = tmp_path / "template"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "CSV file (*.csv)"))
    assert page.export_template() == target.with_suffix(".csv")
    assert exporter == [("write_template", (target.with_suffix(".csv"),), {"lang": "en"})]
    assert shown[0][:2] == ("inform", "Template written")


def test_real_export_and_template_round_trip(page, store, tmp_path, monkeypatch, shown, qtbot):
    """With the real exporter: the CSV written from the page imports back into a new database."""
    from tegdesk.core.interchange.roster_import import read_table

    nominate(store, "THA", "Srisuk", "Malee", email="malee@pcd.go.th")
    nominate(store, "JPN", "Sato", "Yui")
    page.reload()
    dialog = page.export_roster()
    out = tmp_path / "roster.csv"
    dialog.path.setText(str(out))
    dialog.try_accept()
    qtbot.waitUntil(lambda: not running_tasks(), timeout=20_000)
    assert shown[-1][:2] == ("inform", "Roster exported"), shown
    header, rows = read_table(out)
    assert {"member", "family_name", "term_start"} <= set(header)
    assert "email" not in header  # contacts only when asked for
    assert sorted(r["family_name"] for r in rows) == ["Sato", "Srisuk"]

    target = tmp_path / "template.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert page.export_template() == target and target.is_file()
