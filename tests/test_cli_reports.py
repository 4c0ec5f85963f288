"""tegdesk export bsp-report: headless, PDF only, one-line errors."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tegdesk.core.documents.bsp_text import TITLE
from tegdesk.core.i18n import translator
from tegdesk.core.store import open_store
from tests.core.test_bsp_figures import build
from tests.test_cli import call, one_line_error

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "r.sqlite3"
    store = open_store(path)
    try:
        build(store)
    finally:
        store.close()
    return path


def text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    return " ".join(out.split())


def test_export_in_english_and_chinese(db, tmp_path, capsys):
    pdf = tmp_path / "bsp.pdf"
    code, out, err = call(capsys, "--db", str(db), "export", "bsp-report", str(pdf), "--year", "2024",
                          "--symbol", "ESCAP/CED/2025/INF/1", "--date", "2025-02-03")
    assert code == 0 and err == ""
    assert out.strip() == f"BSP report for 2024 written to {pdf}."
    flat = text(pdf)
    assert "ESCAP/CED/2025/INF/1" in flat and "3 February 2025" in flat
    assert "Annual report on the Bali Strategic Plan for Technology Support and Capacity-building, 2024" in flat
    zh = tmp_path / "bsp-zh.pdf"
    code, _out, _err = call(capsys, "--db", str(db), "export", "bsp-report", str(zh), "--year", "2024", "--lang", "zh")
    assert code == 0
    flat = text(zh)
    assert "联合国" in flat and translator("zh").gettext(TITLE, year="2024") in flat


def test_the_year_defaults_to_the_last_full_year_with_data(db, tmp_path, capsys):
    pdf = tmp_path / "bsp.pdf"
    code, out, _err = call(capsys, "--db", str(db), "export", "bsp-report", str(pdf))
    assert code == 0 and "2024" in out  # the data end in 2024, before the last full year
    assert "Capacity-building, 2024" in text(pdf)


def test_bad_input_is_one_line_and_writes_nothing(db, tmp_path, capsys):
    docx = tmp_path / "bsp.docx"
    result = call(capsys, "--db", str(db), "export", "bsp-report", str(docx), "--year", "2024")
    assert result[0] == 1 and "PDF" in one_line_error(result)
    result = call(capsys, "--db", str(db), "export", "bsp-report", str(tmp_path / "x.pdf"), "--year", "99999")
    assert result[0] == 1 and "99999" in one_line_error(result)
    result = call(capsys, "--db", str(db), "export", "bsp-report", str(tmp_path / "x.pdf"), "--year", "soon")
    assert result[0] == 2 and "soon" in one_line_error(result)
    result = call(capsys, "--db", str(db), "export", "bsp-report", str(tmp_path / "no" / "x.pdf"))
    assert result[0] == 1 and "does not exist" in one_line_error(result)
    result = call(capsys, "--db", str(tmp_path / "none.sqlite3"), "export", "bsp-report", str(tmp_path / "x.pdf"))
    assert result[0] == 1 and "There is no database" in one_line_error(result)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.sqlite3"]
