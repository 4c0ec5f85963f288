"""Crash safety: an import killed at any moment leaves all of it or none of it.

The full proof is ``bench/crash_harness.py`` (200 kills during a 10,000-row
import, its figures in ``docs/data-safety.md``); this runs the same harness
with ten kills of a 1,000-row import, so that every test run proves it again.
Each kill is a real SIGKILL of a separate process writing the database.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

HARNESS = Path(__file__).resolve().parents[2] / "bench" / "crash_harness.py"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


@pytest.fixture(scope="module")
def harness():
    if not HARNESS.is_file():
        pytest.skip("bench/crash_harness.py is not shipped in this tree")
    spec = importlib.util.spec_from_file_location("crash_harness", HARNESS)
    module = importlib.util.module_from_spec(spec)
    sys.modules["crash_harness"] = module  # dataclasses look their module up
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop("crash_harness", None)


def test_an_import_killed_at_random_moments_leaves_all_or_nothing(harness, tmp_path):
    figures = harness.campaign(tmp_path, runs=10, rows=1000, seed=20261121)
    report = "\n".join(figures.lines())
    assert not figures.failures, report + "\n" + "\n".join(
        f"kill at {r.delay:.2f} s: {r.problems}" for r in figures.failures)
    assert {r.outcome for r in figures.runs} <= {"all", "none"}
    # processes were really killed (where each kill lands varies with the machine's load:
    # the 200-kill harness counts the kills inside the write transaction)
    assert any(r.killed for r in figures.runs), report


def test_the_harness_sees_a_partial_import(harness, tmp_path):
    """The check can fail: a database holding part of an import is reported."""
    prepared, _source = harness.prepare(tmp_path / "prepared", 10)
    baseline = harness.counts(prepared)
    import sqlite3
    import uuid

    con = sqlite3.connect(prepared)
    con.execute("INSERT INTO expert (id, created_at, updated_at, family_name, given_names, areas, notes) "
                "VALUES (?, '2026-01-01', '2026-01-01', 'Half', '', '[]', '')", (uuid.uuid4().hex,))
    con.commit()
    con.close()
    run = harness.Run(delay=0.0)
    problems = harness.check(prepared, rows=10, baseline=baseline, committed=False, run=run)
    assert run.outcome == "partial"
    assert any(p.startswith("partial import") for p in problems)
