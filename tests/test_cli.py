"""The command line: headless commands, exit codes, one-line errors, never a traceback."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import types
from pathlib import Path

import pytest

import tegdesk
from tegdesk import cli
from tegdesk.core.i18n import translator
from tegdesk.core.store.backup import integrity_problems


def run(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m tegdesk ARGS`` in a sandbox: no real data or config folder is reachable."""
    sandbox = {
        "TEGDESK_DB": str(tmp_path / "env-default.sqlite3"),
        "TEGDESK_CONFIG_DIR": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
        "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
        "XDG_CACHE_HOME": str(tmp_path / "xdg-cache"),
        "HOME": str(tmp_path / "home"),
        "PYTHONIOENCODING": "utf-8",
    }
    return subprocess.run([sys.executable, "-m", "tegdesk", *args], capture_output=True, text=True,
                          encoding="utf-8", env={**os.environ, **sandbox, **(env or {})}, timeout=120)


def one_line_error(result: subprocess.CompletedProcess[str] | tuple[int, str, str], error: str = "error") -> str:
    stderr = result.stderr if hasattr(result, "stderr") else result[2]
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("tegdesk") and f": {error}: " in lines[0]
    return lines[0]


def call(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``main(args)`` in this process (fast); returns (exit code, stdout, stderr)."""
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _count(path: Path, table: str) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


# -- through a real process ----------------------------------------------------------------

def test_demo_then_check(tmp_path):
    db = tmp_path / "demo.sqlite3"
    made = run(tmp_path, "--db", str(db), "demo")
    assert made.returncode == 0, made.stderr
    assert "Demonstration loaded" in made.stdout and "200 activities" in made.stdout
    checked = run(tmp_path, "--db", str(db), "db", "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.splitlines()[-1].startswith("OK: ")
    assert checked.stderr == ""
    assert not (tmp_path / "env-default.sqlite3").exists()  # --db wins over TEGDESK_DB


def test_check_of_a_damaged_copy(tmp_path):
    from tests.core.test_check import corrupt

    db = tmp_path / "demo.sqlite3"
    assert run(tmp_path, "--db", str(db), "demo").returncode == 0
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(db.read_bytes())
    corrupt(damaged)
    before = _digest(damaged)
    result = run(tmp_path, "--db", str(damaged), "db", "check")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[-1].startswith("DAMAGED: ") and len(lines) >= 2
    assert all(line.startswith("[integrity]") for line in lines[:-1])
    assert "Traceback" not in result.stderr
    assert _digest(damaged) == before  # not a byte changed


def test_version(tmp_path):
    result = run(tmp_path, "--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"tegdesk {tegdesk.__version__}"


def test_unknown_command_is_one_line(tmp_path):
    result = run(tmp_path, "frobnicate")
    assert result.returncode == 2
    line = one_line_error(result)
    assert "frobnicate" in line


def test_missing_database_is_one_line(tmp_path):
    absent = tmp_path / "nowhere" / "absent.sqlite3"
    result = run(tmp_path, "--db", str(absent), "db", "check")
    assert result.returncode == 1
    assert str(absent) in one_line_error(result)
    assert not absent.exists() and not absent.parent.exists()  # nothing was created


# -- in this process -------------------------------------------------------------------------

def test_demo_refuses_a_database_with_data(tmp_path, capsys):
    db = tmp_path / "demo.sqlite3"
    assert call(capsys, "--db", str(db), "demo", "--today", "2026-11-21")[0] == 0
    before = _count(db, "expert")
    result = call(capsys, "--db", str(db), "demo")
    assert result[0] == 1
    line = one_line_error(result)
    assert "already holds data" in line and f"{before} experts" in line
    assert _count(db, "expert") == before and _count(db, "activity") == 200


def test_db_option_after_the_command_and_env_default(tmp_path, capsys, monkeypatch):
    after = tmp_path / "after.sqlite3"
    assert call(capsys, "demo", "--db", str(after), "--seed", "3")[0] == 0
    assert _count(after, "activity") == 200
    env_db = tmp_path / "from-env.sqlite3"
    monkeypatch.setenv("TEGDESK_DB", str(env_db))
    code, out, _err = call(capsys, "db", "check")
    assert code == 1 and not env_db.exists()  # check never creates a database
    assert call(capsys, "demo")[0] == 0 and env_db.exists()
    code, out, _err = call(capsys, "db", "check")
    assert code == 0 and out.startswith(f"OK: {env_db}")


def test_bad_arguments(tmp_path, capsys):
    for args in (["db"], ["db", "vacuum"], ["demo", "--today", "2020-01-01"], ["--lang", "xx", "db", "check"], ["demo", "--today", "someday"],
                 ["demo", "--seed", "many"], ["--db"], ["db", "check", "extra"]):
        code, out, err = call(capsys, *args)
        assert code == 2, args
        one_line_error((code, out, err))
    code, _out, err = call(capsys, "db")
    assert "check" in err and "backup" in err


def test_help_lists_the_commands(capsys):
    code, out, _err = call(capsys, "--help")
    assert code == 0
    for word in ("demo", "db", "--db", "--lang", "--version"):
        assert word in out
    code, out, _err = call(capsys, "db", "--help")
    assert code == 0 and "check" in out and "backup" in out


def test_messages_follow_lang(tmp_path, capsys):
    absent = tmp_path / "absent.sqlite3"
    code, _out, err = call(capsys, "--lang", "zh", "--db", str(absent), "db", "check")
    assert code == 1
    one_line_error((code, _out, err), error="错误")
    english = "There is no database at {path}."
    chinese = translator("zh").gettext(english)
    if chinese != english:  # once the catalog has it
        assert chinese.format(path=absent) in err


def test_backup(tmp_path, capsys):
    db = tmp_path / "demo.sqlite3"
    assert call(capsys, "--db", str(db), "demo")[0] == 0
    code, out, _err = call(capsys, "--db", str(db), "db", "backup")
    assert code == 0
    written = Path(out.strip().removeprefix("Backup written to ").removesuffix("."))
    assert written.parent == tmp_path / "backups" and integrity_problems(written) == []
    named = tmp_path / "copies" / "before-meeting.sqlite3"
    named.parent.mkdir()
    assert call(capsys, "--db", str(db), "db", "backup", str(named))[0] == 0
    assert _count(named, "activity") == 200 and integrity_problems(named) == []
    assert not list(named.parent.glob("*manual.sqlite3"))  # renamed, not copied beside
    code, out, err = call(capsys, "--db", str(db), "db", "backup", str(named))
    assert code == 1 and "already exists" in one_line_error((code, out, err))
    folder = tmp_path / "folder"
    folder.mkdir()
    assert call(capsys, "--db", str(db), "db", "backup", str(folder))[0] == 0
    assert len(list(folder.glob("demo-*-manual.sqlite3"))) == 1


def test_no_command_opens_the_interface(tmp_path, capsys, monkeypatch):
    seen = {}

    def fake_run(db_path, lang):
        seen.update(db_path=db_path, lang=lang)
        return 0

    monkeypatch.setitem(sys.modules, "tegdesk.ui.app", types.SimpleNamespace(run=fake_run))
    assert call(capsys, "--db", str(tmp_path / "x.sqlite3"), "--lang", "zh_CN")[0] == 0
    assert seen == {"db_path": (tmp_path / "x.sqlite3").resolve(), "lang": "zh"}
    monkeypatch.setenv("TEGDESK_DB", str(tmp_path / "env.sqlite3"))
    assert call(capsys)[0] == 0
    assert seen == {"db_path": (tmp_path / "env.sqlite3").resolve(), "lang": None}


def test_interface_that_cannot_start_is_one_line(capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "tegdesk.ui.app", None)  # import raises ImportError
    code, out, err = call(capsys)
    assert code == 1 and "graphical interface cannot start" in one_line_error((code, out, err))


def test_registering_commands():
    with pytest.raises(ValueError):
        cli.command("demo", help="again")(lambda args, ctx: 0)
    with pytest.raises(ValueError):
        cli.command("a", "b", "c", help="too deep")


def test_cli_never_imports_qt_itself():
    source = Path(cli.__file__).read_text(encoding="utf-8")
    assert "import PySide6" not in source and "from PySide6" not in source


def test_a_commands_own_lang_is_not_the_interfaces():
    from tegdesk.cli import _peek_language

    assert _peek_language(["--lang", "zh", "export", "roster", "x.pdf"]) == "zh"
    assert _peek_language(["--db", "x.sqlite3", "--lang=zh", "demo"]) == "zh"
    # after the command, --lang is the document's language
    assert _peek_language(["--db", "x.sqlite3", "export", "roster", "x.pdf", "--lang", "zh"]) is None
    # a database file named like an option value does not end the options early
    assert _peek_language(["--db", "--lang", "--lang", "zh"]) == "zh"
